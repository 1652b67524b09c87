package io.timebank.stream;

import io.timebank.ledger.CommandKey;
import io.timebank.ledger.LedgerEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers on the ledger topic's records that answer a command, so that a consumer without Avro can
 * follow a command's outcome by its id (kcat's {@code %h}): the event's type, the command, and a
 * refusal's reason. The record's value stays the one source of truth; deposits, the bulk of the
 * ledger, carry none of these (their records stay as small as they were).
 */
public final class LedgerHeaders {

    public static final String TYPE = "timebank.type";
    public static final String COMMAND = "timebank.command";
    public static final String REASON = "timebank.reason";

    private LedgerHeaders() {
    }

    /** {@code inherited} (the input's headers, copied), with the event's own when it answers a command. */
    static Headers of(LedgerEvent event, Headers inherited) {
        Optional<CommandKey> key = CommandKey.of(event);
        if (key.isEmpty()) {
            return inherited;
        }
        Headers headers = new RecordHeaders(inherited.toArray());
        headers.add(TYPE, event.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
        headers.add(COMMAND, key.get().id().value().getBytes(StandardCharsets.UTF_8));
        if (event instanceof LedgerEvent.CommandRejected rejected) {
            headers.add(REASON, rejected.reason().name().getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }
}
