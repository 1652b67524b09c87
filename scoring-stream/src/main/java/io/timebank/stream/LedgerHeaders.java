package io.timebank.stream;

import io.timebank.ledger.CommandKey;
import io.timebank.ledger.LedgerEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers on the ledger topic's records that answer a command, so that a consumer without Avro can
 * follow a command's outcome by its id (kcat's {@code %h}): the event's type, the command, and a
 * refusal's reason. The record's value stays the one source of truth; deposits, the bulk of the
 * ledger, carry none of these (their records stay as small as they were).
 */
public final class LedgerHeaders {

    /** What the bank's own headers start with; an input's headers that do are dropped. */
    static final String PREFIX = "timebank.";

    public static final String TYPE = "timebank.type";
    public static final String COMMAND = "timebank.command";
    public static final String REASON = "timebank.reason";

    private LedgerHeaders() {
    }

    /**
     * {@code inherited} (the input's headers) without any that claim to be the bank's, with the event's own
     * when it answers a command: a producer cannot make a record say what the bank did not.
     */
    static Headers of(LedgerEvent event, Headers inherited) {
        Optional<CommandKey> key = CommandKey.of(event);
        boolean forged = false;
        for (Header header : inherited) {
            forged |= header.key().startsWith(PREFIX);
        }
        if (key.isEmpty() && !forged) {
            return inherited;
        }
        Headers headers = new RecordHeaders();
        for (Header header : inherited) {
            if (!header.key().startsWith(PREFIX)) {
                headers.add(header);
            }
        }
        if (key.isPresent()) {
            headers.add(TYPE, event.getClass().getSimpleName().getBytes(StandardCharsets.UTF_8));
            headers.add(COMMAND, key.get().id().value().getBytes(StandardCharsets.UTF_8));
            if (event instanceof LedgerEvent.CommandRejected rejected) {
                headers.add(REASON, rejected.reason().name().getBytes(StandardCharsets.UTF_8));
            }
        }
        return headers;
    }
}
