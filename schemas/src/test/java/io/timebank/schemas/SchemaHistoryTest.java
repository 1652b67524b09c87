package io.timebank.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.schemas.avro.AccountEntryRecord;
import io.timebank.schemas.avro.AccountStateRecord;
import io.timebank.schemas.avro.ActivityEvent;
import io.timebank.schemas.avro.CommandOutcomeRecord;
import io.timebank.schemas.avro.FeeAccrualRecord;
import io.timebank.schemas.avro.LedgerCommandRecord;
import io.timebank.schemas.avro.LedgerEventRecord;
import io.timebank.schemas.avro.PartitionSupplyRecord;
import io.timebank.schemas.avro.RateBookRecord;
import io.timebank.schemas.avro.RateChangedRecord;
import io.timebank.schemas.avro.StandingOrderRecord;
import io.timebank.schemas.avro.SupplyReadingRecord;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ledger topic is kept forever and the stores' changelogs outlive a release, so every schema the
 * product has written with is kept under {@code avro-history/}, the newest being the current one, and
 * the current schema must read each of them. An incompatible change fails the build here, by Avro's
 * own checker.
 */
class SchemaHistoryTest {

    /** Every type written to a topic or a store. */
    static Stream<Class<?>> writtenTypes() {
        return Stream.of(ActivityEvent.class, LedgerCommandRecord.class, LedgerEventRecord.class,
            AccountStateRecord.class, CommandOutcomeRecord.class, FeeAccrualRecord.class,
            RateChangedRecord.class, SupplyReadingRecord.class, RateBookRecord.class, PartitionSupplyRecord.class,
            StandingOrderRecord.class, AccountEntryRecord.class);
    }

    @ParameterizedTest
    @MethodSource("writtenTypes")
    void currentSchemaReadsEveryReleasedVersion(Class<?> type) {
        Schema current = SpecificData.get().getSchema(type);
        List<Schema> released = AvroSerde.history(type);

        assertThat(released).as("released versions of %s under avro-history/", type.getSimpleName()).isNotEmpty();
        for (int version = 1; version <= released.size(); version++) {
            SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released.get(version - 1));
            assertThat(compatibility.getType())
                .as("%s v%d read by the current schema: %s", type.getSimpleName(), version, compatibility.getResult())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        }
    }

    /**
     * A change to a schema ships with its own history file: the newest released version is the
     * current schema, so whatever the product writes from now on stays readable after the next change.
     */
    @ParameterizedTest
    @MethodSource("writtenTypes")
    void theCurrentSchemaIsTheNewestReleasedVersion(Class<?> type) {
        Schema current = SpecificData.get().getSchema(type);
        List<Schema> released = AvroSerde.history(type);

        assertThat(released.getLast())
            .as("%s changed: copy its current schema to avro-history/%s-v%d.avsc", type.getSimpleName(),
                type.getSimpleName(), released.size() + 1)
            .isEqualTo(current);
    }

    @Test
    void anIncompatibleChangeIsCaught() {
        Schema released = AvroSerde.history(LedgerCommandRecord.class).getFirst();
        // A new required field without a default cannot be read from records written before it.
        Schema changed = new Schema.Parser().parse(SpecificData.get().getSchema(LedgerCommandRecord.class).toString()
            .replaceFirst("\"fields\":\\[", "\"fields\":[{\"name\":\"added\",\"type\":\"long\"},"));

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(changed, released).getType())
            .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE);
    }
}
