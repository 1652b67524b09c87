package io.timebank.schemas;

import org.apache.kafka.common.errors.SerializationException;

/** Bytes that are not a record we can read; the message is the reason a dead-letter record carries. */
public class UndecodableRecordException extends SerializationException {

    public UndecodableRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }

    public UndecodableRecordException(String reason) {
        super(reason);
    }
}
