package io.timebank.stream;

import static io.timebank.stream.LedgerDriver.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.timebank.ledger.Account;
import io.timebank.ledger.AccountId;
import io.timebank.ledger.Amount;
import io.timebank.ledger.Asset;
import io.timebank.ledger.CommandId;
import io.timebank.ledger.HashChain;
import io.timebank.ledger.InputLimits;
import io.timebank.ledger.Ledger;
import io.timebank.ledger.LedgerCommand;
import io.timebank.ledger.LedgerEvent;
import io.timebank.ledger.Measure;
import io.timebank.ledger.PlatformId;
import io.timebank.schemas.LedgerCommandCodec;
import io.timebank.schemas.LedgerEventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever arrives on the input topics, drawn from the edges of every field: each input is booked,
 * refused with a reason, or dead-lettered with a reason — nothing ever needs setting aside (which
 * is what an exception would have done) — and after every step no balance is below its limit or
 * above its maximum, every debit is its amount plus the scheduled fee, and folding the ledger topic
 * gives the stored accounts bit for bit.
 */
class LedgerFuzzTest {

    private int maximumScores;

    /** Small limits, so that the edges are reached within a few inputs. */
    static final InputLimits LIMITS = new InputLimits(Duration.ofMinutes(5), Duration.ofDays(7), Measure.of(1_000),
        Amount.ofUnits(400), Amount.ofUnits(500), Amount.ofUnits(1_000), 256, 32, 256);
    static final Amount MICRO = new Amount(1);
    static final List<String> ACCOUNTS = List.of("alice", "bob", "carol", "bank-fees", "bank-reserve",
        "a".repeat(128), "x.y_z:-1");

    sealed interface Input {
    }

    record ActivityInput(String eventId, String platform, String account, Instant at, String interaction,
                         String originality, String engagement) implements Input {
    }

    record CommandInput(LedgerCommand command) implements Input {
    }

    record RawInput(boolean toCommands, byte[] bytes) implements Input {
    }

    record Settle() implements Input {
    }

    /** Maximum-score activities on one account, one after the other: the way to a balance's maximum. */
    record MaximumScores(String account, int count) implements Input {
    }

    @Provide
    Arbitrary<List<Input>> inputs() {
        return Arbitraries.frequencyOf(
            Tuple.of(5, activities()), Tuple.of(5, commands()), Tuple.of(1, raw()), Tuple.of(1, Arbitraries.just(new Settle())),
            Tuple.of(2, Combinators.combine(accounts(), Arbitraries.integers().between(1, 4)).as(MaximumScores::new)))
            .list().ofMinSize(1).ofMaxSize(40);
    }

    Arbitrary<Input> activities() {
        Arbitrary<String> measures = Arbitraries.of("0", "0.000001", "1", "7.5", "400", "1000", "1000.000001", "-1",
            "1e308", "\"NaN\"", "1000000000000000000000000");
        return Combinators.combine(ids(), Arbitraries.of("forum", "guild", "bank"), accounts(), times(), measures, measures,
            measures).as((id, platform, account, at, i, o, e) -> new ActivityInput(id, platform, account, at, i, o, e));
    }

    Arbitrary<Input> commands() {
        Arbitrary<Amount> amounts = Arbitraries.of(MICRO, Amount.parse("0.5"), Amount.parse("10"), Amount.parse("399.999999"),
            LIMITS.amountMax(), LIMITS.amountMax().plus(MICRO), LIMITS.balanceMax(), new Amount(Long.MAX_VALUE),
            Amount.ZERO, new Amount(-1), new Amount(Long.MIN_VALUE));
        Arbitrary<LedgerCommand> transfers = Combinators.combine(ids(), accounts(), accounts(), amounts, times(),
            Arbitraries.of(Asset.values())).as((id, from, to, amount, at, asset) -> new LedgerCommand.Transfer(
            CommandId.of(id), AccountId.of(from), AccountId.of(to), asset, amount, "memo", at));
        Arbitrary<LedgerCommand> exchanges = Combinators.combine(ids(), accounts(), amounts, times())
            .as((id, account, amount, at) -> new LedgerCommand.Exchange(CommandId.of(id), AccountId.of(account), amount, at));
        Arbitrary<LedgerCommand> openings = Combinators.combine(ids(), accounts(), amounts, times())
            .as((id, account, limit, at) -> new LedgerCommand.OpenAccount(CommandId.of(id), AccountId.of(account),
                PlatformId.of("forum"), limit, at));
        return Arbitraries.frequencyOf(Tuple.of(6, transfers), Tuple.of(2, exchanges), Tuple.of(2, openings))
            .map(CommandInput::new);
    }

    Arbitrary<Input> raw() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
            .as(RawInput::new);
    }

    /** Few ids, so that retries and reused ids happen; and the longest ones. */
    Arbitrary<String> ids() {
        return Arbitraries.of("t-1", "t-2", "t-3", "e-1", "e-2", "i".repeat(128));
    }

    Arbitrary<String> accounts() {
        return Arbitraries.of(ACCOUNTS);
    }

    /** Around the skew and age limits, one millisecond either side. */
    Arbitrary<Instant> times() {
        Duration skew = LIMITS.clockSkewMax();
        Duration age = LIMITS.eventAgeMax();
        return Arbitraries.of(NOW, NOW.minusSeconds(3_600), NOW.plus(skew), NOW.plus(skew).plusMillis(1),
            NOW.minus(age), NOW.minus(age).minusMillis(1), NOW.minus(age).plusMillis(1), Instant.EPOCH);
    }

    @Property(tries = 60)
    void everyInputIsBookedRefusedOrDeadLetteredAndTheInvariantsHold(@ForAll("inputs") List<Input> inputs)
        throws IOException {
        Path state = Files.createTempDirectory("ledger-fuzz");
        LedgerSettings settings = LedgerSettings.defaults("fuzz.").withLimits(LIMITS)
            .withSystemAccounts(Set.of(AccountId.of("bank-reserve")));
        Ledger ledger = settings.ledger();
        LedgerCommandCodec commands = new LedgerCommandCodec();
        Map<String, Account> folded = new HashMap<>();
        HashChain.Verifier chains = new HashChain.Verifier();
        LedgerEventCodec codec = new LedgerEventCodec();
        int chained = 0;
        maximumScores = 0;
        try (LedgerDriver bank = new LedgerDriver(settings, state)) {
            for (Input input : inputs) {
                switch (input) {
                    case ActivityInput activity -> bank.activities.pipeInput(activity.account().getBytes(StandardCharsets.UTF_8),
                        json(activity), NOW);
                    case CommandInput command -> bank.commands.pipeInput(command.command().account().value()
                        .getBytes(StandardCharsets.UTF_8), commands.encode(command.command()), NOW);
                    case RawInput raw -> (raw.toCommands() ? bank.commands : bank.activities).pipeInput(null, raw.bytes(), NOW);
                    case Settle settle -> bank.settleFees();
                    case MaximumScores burst -> {
                        for (int k = 0; k < burst.count(); k++) {
                            bank.activities.pipeInput(burst.account().getBytes(StandardCharsets.UTF_8), json(
                                new ActivityInput("max-" + (++maximumScores), "forum", burst.account(), NOW, "400", "1",
                                    "1")), NOW);
                        }
                    }
                }
                List<LedgerEvent> booked = bank.bookedEvents();
                int deadLetters = bank.deadLetterRecords().size();

                assertThat(bank.setAside.count()).as("set aside after %s", input).isZero();
                if (!(input instanceof Settle)) {
                    assertThat(booked.size() + deadLetters).as("what became of %s", input).isPositive();
                }
                for (LedgerEvent event : booked) {
                    folded.compute(event.account().value(), (key, account) -> ledger.apply(account, event));
                    if (event instanceof LedgerEvent.TransferDebited debited) {
                        assertThat(debited.debit()).isEqualTo(debited.amount().plus(settings.fees().feeFor(debited.amount())));
                    }
                }
                List<byte[]> written = bank.bookedRecords();
                for (byte[] record : written.subList(chained, written.size())) {
                    assertThat(chains.accept(new HashChain.Link(codec.decode(record).account().value(),
                        codec.previous(record), record, "fuzz"))).as("every account's hash chain holds").isEmpty();
                }
                chained = written.size();
                for (String id : ACCOUNTS) {
                    Account stored = bank.account(id);
                    assertThat(stored == null ? null : stored.withChainHead("")).as("%s folded from the ledger topic", id)
                        .isEqualTo(folded.get(id));
                    if (stored != null) {
                        assertThat(stored.chainHead()).as("%s's head", id).isEqualTo(chains.head(id));
                    }
                    if (stored != null) {
                        for (Asset asset : Asset.values()) {
                            Instant at = stored.lastEntryAt(asset) == null ? NOW : stored.lastEntryAt(asset);
                            assertThat(stored.spendable(asset, at, settings.decay()).signum()).as("%s %s", id, asset)
                                .isNotNegative();
                            assertThat(stored.exactBalance(asset, at, settings.decay()))
                                .isLessThanOrEqualTo(LIMITS.balanceMax().toDecimal());
                        }
                    }
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static byte[] json(ActivityInput activity) {
        return ("{\"eventId\":\"" + activity.eventId() + "\",\"platform\":\"" + activity.platform() + "\",\"account\":\""
            + activity.account() + "\",\"occurredAt\":\"" + activity.at() + "\",\"measures\":{\"interaction\":"
            + activity.interaction() + ",\"originality\":" + activity.originality() + ",\"engagement\":"
            + activity.engagement() + "}}").getBytes(StandardCharsets.UTF_8);
    }
}
