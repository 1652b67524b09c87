package io.timebank.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

final class SchemaFingerprint {

    private SchemaFingerprint() {
    }

    static long of(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }
}
