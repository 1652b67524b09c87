package io.timebank.ledger;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * A term deposit as a client sent it; {@link #validate} names every bad field. The deposit's id is
 * its {@code commandId}; {@code term} is an ISO-8601 duration ({@code P30D}) the bank offers.
 */
public record TermDepositRequest(String commandId, String account, String amount, String term) {

    public Validated<LedgerCommand.OpenTermDeposit> validate(Instant acceptedAt, InputLimits limits, TermTable terms) {
        FieldChecks checks = new FieldChecks();
        CommandId id = checks.clientId("commandId", commandId, TermDeposits.ID_LENGTH_MAX);
        AccountId owner = checks.parse("account", account, AccountId::new);
        Amount parsedAmount = RequestAmount.parse(checks, "amount", amount, limits);
        Duration length = checks.parse("term", term, text -> {
            if (text == null) {
                throw new IllegalArgumentException("is required: one of " + terms.terms().keySet());
            }
            Duration parsed;
            try {
                parsed = Duration.parse(text.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (DateTimeException bad) {
                throw new IllegalArgumentException("is not an ISO-8601 duration such as P30D: " + text);
            }
            if (terms.meanLifetime(parsed) == null) {
                throw new IllegalArgumentException("the bank offers terms of " + terms.terms().keySet() + ", not " + text);
            }
            return parsed;
        });
        return checks.result(() -> new LedgerCommand.OpenTermDeposit(id, owner, parsedAmount, length, acceptedAt));
    }

    /** The early withdrawal of {@code account}'s deposit {@code deposit}, as named in a request's path. */
    public static Validated<LedgerCommand.WithdrawTermDeposit> withdrawal(String account, String deposit, Instant acceptedAt) {
        FieldChecks checks = new FieldChecks();
        AccountId owner = checks.parse("account", account, AccountId::new);
        CommandId id = checks.clientId("deposit", deposit, TermDeposits.ID_LENGTH_MAX);
        return checks.result(() -> new LedgerCommand.WithdrawTermDeposit(owner, id, acceptedAt));
    }
}
