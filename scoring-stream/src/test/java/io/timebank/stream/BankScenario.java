package io.timebank.stream;

import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.LedgerCommand;
import io.timebank.schemas.ActivityCodec;
import io.timebank.schemas.ActivityJson;
import io.timebank.schemas.LedgerCommandCodec;
import io.timebank.schemas.avro.ActivityEvent;
import io.timebank.schemas.avro.RawMeasures;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Random activities and transfers for a bank of members, with what the balances must be worked out
 * independently of the ledger code: each entry decayed from its own time, in doubles, the fee from
 * its formula. Transfers are sized so that none fails for funds once the deposits are in, except
 * the ones meant to (absurd amounts); some go to accounts that do not exist and must be refunded.
 */
final class BankScenario {

    record Entry(double amount, Instant at) {
    }

    record Transfer(String commandId, String from, String to, Amount amount, Instant acceptedAt, boolean absurd) {
    }

    final LedgerSettings settings;
    final int members;
    final List<ProducerRecord<byte[], byte[]>> activityRecords = new ArrayList<>();
    final List<Transfer> transfers = new ArrayList<>();
    final Map<String, List<Entry>> entries = new HashMap<>();
    final List<Entry> fees = new ArrayList<>();
    private final Random random;
    private final String prefix;

    BankScenario(LedgerSettings settings, long seed, String prefix, int members) {
        this.settings = settings;
        this.random = new Random(seed);
        this.prefix = prefix;
        this.members = members;
    }

    String member(int index) {
        return prefix + "member-" + index;
    }

    /** Activities in the last hour, measures 1–5 (identity scoring: S = I·O·E); every third one as JSON. */
    void activities(int count, Instant now) {
        ActivityCodec codec = new ActivityCodec();
        for (int i = 0; i < count; i++) {
            String account = member(random.nextInt(members));
            Instant at = now.minusMillis(random.nextInt(3_000_000));
            int interaction = 1 + random.nextInt(5);
            int originality = 1 + random.nextInt(5);
            int engagement = 1 + random.nextInt(5);
            String eventId = prefix + "a-" + i;
            byte[] value = i % 3 == 0
                ? ActivityCodec.encodeJson(new ActivityJson(eventId, "forum", account, at.toString(),
                    new ActivityJson.MeasuresJson((double) interaction, (double) originality, (double) engagement), null, null))
                : codec.encode(new ActivityEvent(eventId, "forum", account, at,
                    new RawMeasures((double) interaction, (double) originality, (double) engagement), null, Map.of()));
            activityRecords.add(new ProducerRecord<>(settings.topics().activities(), account.getBytes(StandardCharsets.UTF_8), value));
            entries.computeIfAbsent(account, key -> new ArrayList<>())
                .add(new Entry(interaction * originality * engagement, at));
        }
    }

    /**
     * Transfers of 0.01–5.00, all accepted at {@code start}; 3 % to unknown accounts, 2 % absurd.
     * One time for all: the model below books each debit at its command's time, which is what the
     * ledger does unless the sender already has a later entry (debits are never booked in the
     * past). With distinct times a credit from a later transfer, applied first on another
     * partition, moves a debit later and the model is off by amount × Δt / τ (seen once: 3.5 µ).
     */
    void transfers(int count, Instant start) {
        for (int i = 0; i < count; i++) {
            int from = random.nextInt(members);
            int to = (from + 1 + random.nextInt(members - 1)) % members;
            int kind = random.nextInt(100);
            String receiver = kind < 3 ? prefix + "ghost-" + i : member(to);
            boolean absurd = kind >= 3 && kind < 5;
            Amount amount = absurd ? Amount.parse("1000000000") : new Amount((1 + random.nextInt(500)) * 10_000L);
            transfers.add(new Transfer(prefix + "t-" + i, member(from), receiver, amount, start, absurd));
        }
        for (Transfer transfer : transfers) {
            if (transfer.absurd()) {
                continue;
            }
            double amount = transfer.amount().toDecimal().doubleValue();
            double fee = fee(transfer.amount());
            entries.get(transfer.from()).add(new Entry(-(amount + fee), transfer.acceptedAt()));
            fees.add(new Entry(fee, transfer.acceptedAt()));
            String credited = entries.containsKey(transfer.to()) ? transfer.to() : transfer.from(); // else refunded
            entries.get(credited).add(new Entry(amount, transfer.acceptedAt()));
        }
    }

    List<ProducerRecord<byte[], byte[]>> transferRecords() {
        LedgerCommandCodec codec = new LedgerCommandCodec();
        return transfers.stream().map(transfer -> new ProducerRecord<>(settings.topics().commands(),
            transfer.from().getBytes(StandardCharsets.UTF_8), codec.encode(new LedgerCommand.Transfer(
                CommandId.of(transfer.commandId()), AccountId.of(transfer.from()), AccountId.of(transfer.to()),
                Asset.ATTENTION, transfer.amount(), "", transfer.acceptedAt())))).toList();
    }

    /** The fee by its formula: rate × amount rounded half-even to the micro-unit, at least the minimum. */
    double fee(Amount amount) {
        BigDecimal proportional = amount.toDecimal().multiply(settings.fees().rate()).setScale(6, RoundingMode.HALF_EVEN);
        return proportional.max(settings.fees().minimum().toDecimal()).doubleValue();
    }

    static double decayedSum(List<Entry> entries, Instant at, Duration tau) {
        double sum = 0;
        for (Entry entry : entries) {
            sum += entry.amount() * Math.exp(-(at.toEpochMilli() - entry.at().toEpochMilli()) / (double) tau.toMillis());
        }
        return sum;
    }

    long transfersThatMove() {
        return transfers.stream().filter(transfer -> !transfer.absurd()).count();
    }
}
