package io.timebank.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger rules driven in one process, the way the topology drives them across partitions:
 * decide on the command's account, apply, accrue fees, receive the credit on the other side.
 * Keeps the ledger log so that tests can replay it.
 */
final class SimulatedBank {

    static final AccountId FEES = AccountId.of("bank-fees");
    static final PlatformId PLATFORM = PlatformId.of("forum");

    final Ledger ledger;
    final ExchangeRate rate = ExchangeRate.parse("0.25");
    final Map<AccountId, Account> accounts = new LinkedHashMap<>();
    final List<LedgerEvent> log = new ArrayList<>();
    FeeAccrual fees = FeeAccrual.EMPTY;
    Instant clock;
    int settlements;

    SimulatedBank(Ledger ledger, Instant start) {
        this.ledger = ledger;
        this.clock = start;
    }

    void deposit(AccountId account, Amount amount, Instant at, String activityId) {
        Activity activity = new Activity(ActivityId.of(activityId), PLATFORM, account, at, Measures.of(1, 1, 1), null, null);
        Score score = new Score(Measure.of(1), Measure.of(1), Measure.of(1), amount);
        decideAndApply(new LedgerCommand.Deposit(activity, score));
    }

    void transfer(String id, AccountId from, AccountId to, Asset asset, Amount amount) {
        decideAndApply(new LedgerCommand.Transfer(CommandId.of(id), from, to, asset, amount, "", clock));
    }

    void exchange(String id, AccountId account, Amount amount) {
        decideAndApply(new LedgerCommand.Exchange(CommandId.of(id), account, amount, clock));
    }

    void settleFees() {
        Instant at = clock;
        Instant lastFee = fees.attention().lastEntryAt();
        if (lastFee != null && lastFee.isAfter(at)) {
            at = lastFee;
        }
        FeeAccrual.Settlement settlement = fees.settle("fees:0:" + (++settlements), FEES, at, ledger.decay());
        settlement.events().forEach(this::record);
        fees = settlement.remaining();
    }

    private void decideAndApply(LedgerCommand command) {
        for (LedgerEvent event : ledger.decide(command, accounts.get(command.account()), rate)) {
            record(event);
            if (event instanceof LedgerEvent.TransferDebited debited) {
                fees = fees.accrue(debited, ledger.decay());
                ledger.receive(debited, accounts.get(debited.to())).forEach(this::record);
            }
        }
    }

    private void record(LedgerEvent event) {
        log.add(event);
        Account next = ledger.apply(accounts.get(event.account()), event);
        if (next != null) {
            accounts.put(event.account(), next);
        }
    }

    /** Every account rebuilt from the log alone. */
    Map<AccountId, Account> replay() {
        Map<AccountId, Account> rebuilt = new LinkedHashMap<>();
        for (LedgerEvent event : log) {
            Account next = ledger.apply(rebuilt.get(event.account()), event);
            if (next != null) {
                rebuilt.put(event.account(), next);
            }
        }
        return rebuilt;
    }

    /** The latest entry time anywhere: a common instant every balance can be read at. */
    Instant latestEntry() {
        Instant latest = clock;
        for (LedgerEvent event : log) {
            if (event.at().isAfter(latest)) {
                latest = event.at();
            }
        }
        return latest;
    }

    /** Attention created (deposits) minus attention exchanged away, each decayed from its own time to {@code at}. */
    BigDecimal attentionIssuedMicros(Instant at) {
        double total = 0;
        for (LedgerEvent event : log) {
            long micros = switch (event) {
                case LedgerEvent.Deposited deposited -> deposited.score().value().micros();
                case LedgerEvent.Exchanged exchanged -> -exchanged.attention().micros();
                default -> 0;
            };
            total += micros * Math.exp(-(at.toEpochMilli() - event.at().toEpochMilli())
                / (double) ledger.decay().meanLifetime().toMillis());
        }
        return new BigDecimal(total);
    }
}
