package io.timebank.schemas;

import com.fasterxml.jackson.core.JacksonException;
import io.timebank.ledger.ExchangeRequest;
import io.timebank.ledger.FieldError;
import io.timebank.ledger.InputLimits;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.Metadata;
import io.timebank.ledger.TransferRequest;
import io.timebank.ledger.Validated;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JSON form of a command on the commands topic, for clients that cannot speak Avro (kcat, a
 * script): the fields of the HTTP API's bodies, with {@code type} saying which command it is. The bank
 * accepts it when it reads it, as the API does when a request arrives; everything else is checked
 * as over HTTP, and a bad field is named in the dead letter.
 *
 * <pre>
 * {"type": "transfer", "commandId": "t-1", "from": "alice", "to": "bob", "amount": "10", "memo": "lunch"}
 * {"type": "transfer", "commandId": "t-2", "from": "alice", "legs": [{"to": "bob", "amount": "1"}, …]}
 * {"type": "exchange", "commandId": "x-1", "account": "alice", "amount": "5"}
 * </pre>
 */
public record CommandJson(String type, String commandId, String from, String to, String asset, String amount,
                          String memo, List<LegJson> legs, Map<String, MetadataJson> metadata, String account) {

    /** The command types the topic takes as JSON (the others: over HTTP, or in Avro). */
    public static final List<String> TYPES = List.of("transfer", "exchange");

    public record LegJson(String to, String amount, String memo) {
    }

    public record MetadataJson(String type, String value) {
    }

    /** @throws UndecodableRecordException for bytes that are not a JSON object of these fields */
    public static CommandJson read(byte[] bytes) {
        try {
            return ActivityCodec.JSON.readValue(bytes, CommandJson.class);
        } catch (JacksonException notACommand) {
            throw new UndecodableRecordException("not a JSON command: " + notACommand.getOriginalMessage(), notACommand);
        } catch (IOException unreadable) {
            throw new UndecodableRecordException("not a JSON command: " + unreadable.getMessage(), unreadable);
        }
    }

    /** The command accepted at {@code acceptedAt}, or every bad field. */
    public Validated<? extends LedgerCommand> validate(Instant acceptedAt, InputLimits limits) {
        if (type == null || !TYPES.contains(type)) {
            return new Validated.Invalid<>(List.of(new FieldError("type", "must be one of " + TYPES
                + (type == null ? "" : ", was " + ActivityJson.abbreviate(type)))));
        }
        return switch (type) {
            case "exchange" -> new ExchangeRequest(commandId, account, amount).validate(acceptedAt, limits);
            default -> new TransferRequest(commandId, from, to, asset, amount, memo,
                legs == null ? null : legs.stream().map(leg -> leg == null ? null
                    : new TransferRequest.LegRequest(leg.to(), leg.amount(), leg.memo())).toList(),
                metadata == null ? null : metadata.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    field -> field.getValue() == null ? new Metadata.FieldRequest(null, null)
                        : new Metadata.FieldRequest(field.getValue().type(), field.getValue().value()))))
                .validate(acceptedAt, limits);
        };
    }
}
