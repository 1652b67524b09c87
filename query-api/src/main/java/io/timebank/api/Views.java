package io.timebank.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** What the API answers. Amounts are exact decimal strings with six places, never JSON numbers. */
final class Views {

    private Views() {
    }

    @Serdeable
    record Balance(String asset, String amount, Instant lastEntryAt, long entries) {
    }

    @Serdeable
    record AccountView(String account, String platform, Instant at, Instant openedAt, String creditLimit,
                       List<Balance> balances) {
    }

    @Serdeable
    record ItemProblem(int index, String eventId, List<Problem.FieldProblem> errors) {
    }

    @Serdeable
    record ActivityReceipt(int accepted, List<ItemProblem> rejected) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventView(String type, String account, Instant at, String amount, String fee, String counterparty,
                     String reason) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OutcomeView(String commandId, String status, String account, String reason, String detail,
                       List<EventView> events) {
    }

    @Serdeable
    record TransferBody(String commandId, String from, String to, String asset, String amount, String memo) {
    }

    @Serdeable
    record ExchangeBody(String commandId, String account, String amount) {
    }
}
