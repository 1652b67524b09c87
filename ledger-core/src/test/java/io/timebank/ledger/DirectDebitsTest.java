package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Collections from several payers into one account under the payers' mandates: every leg or none. */
class DirectDebitsTest {

    static final java.time.Instant T0 = LedgerTest.T0;
    static final AccountId CLUB = AccountId.of("club");
    static final AccountId FEES = AccountId.of("bank-fees");

    final Ledger ledger = new Ledger(LedgerTest.DECAY, LedgerTest.ONE_PERCENT_MIN_CENT, Ledger.BANK,
        MultiLegTransferTest.LIMITS, Set.of(FEES));
    final DirectDebits debits = new DirectDebits(ledger);
    final Map<AccountId, Account> accounts = new HashMap<>();

    Account open(AccountId id, long units) {
        Account account = ledger.apply(null, new LedgerEvent.AccountOpened(id, LedgerTest.FORUM, Amount.ZERO, T0));
        if (units > 0) {
            account = ledger.apply(account, new LedgerEvent.Deposited(id, LedgerTest.FORUM, ActivityId.of("seed-" + id), T0,
                Measures.of(1, 1, 1), new Score(Measure.of(1), Measure.of(1), Measure.of(1), Amount.ofUnits(units))));
        }
        accounts.put(id, account);
        return account;
    }

    void book(List<LedgerEvent> events) {
        for (LedgerEvent event : events) {
            accounts.put(event.account(), ledger.apply(accounts.get(event.account()), event));
        }
    }

    void mandate(AccountId payer, String max) {
        book(debits.grant(new LedgerCommand.GrantMandate(CommandId.of("m-" + payer), payer, CLUB, Amount.parse(max), T0),
            accounts.get(payer)));
    }

    Amount balance(AccountId id) {
        return accounts.get(id).balance(Asset.ATTENTION, T0, LedgerTest.DECAY);
    }

    static LedgerCommand.Collection collection(String id, Contribution... legs) {
        return new LedgerCommand.Collection(CommandId.of(id), CLUB, Asset.ATTENTION, List.of(legs), T0);
    }

    static Contribution leg(String from, String amount) {
        return new Contribution(AccountId.of(from), Amount.parse(amount), "dues");
    }

    /** Runs a collection through every partition's step, the payers answering in {@code order}; returns its last events. */
    List<LedgerEvent> run(LedgerCommand.Collection command, List<Integer> order) {
        List<LedgerEvent> opened = debits.open(command, accounts.get(CLUB));
        book(opened);
        if (!(opened.getFirst() instanceof LedgerEvent.CollectionOpened open)) {
            return opened;
        }
        List<LedgerEvent> answers = new ArrayList<>();
        for (Contribution leg : open.legs()) {
            List<LedgerEvent> answer = debits.contribute(open, leg.from(), accounts.get(leg.from()));
            book(answer);
            answers.add(answer.getFirst());
        }
        List<LedgerEvent> last = List.of();
        for (int i : order) {
            last = debits.answer(answers.get(i), accounts.get(CLUB));
            book(last);
        }
        if (last.getLast() instanceof LedgerEvent.CollectionRefunded refunded) {
            for (Contribution back : refunded.debited()) {
                book(debits.returned(refunded, back.from()));
            }
        }
        return last;
    }

    @Test
    void aCollectionDebitsEveryPayerUnderItsMandateAndCreditsTheWhole() {
        open(CLUB, 0);
        open(AccountId.of("ann"), 100);
        open(AccountId.of("ben"), 100);
        mandate(AccountId.of("ann"), "50");
        mandate(AccountId.of("ben"), "50");

        LedgerEvent.CollectionOpened opened = (LedgerEvent.CollectionOpened) debits.open(
            collection("dues", leg("ann", "10"), leg("ben", "20")), accounts.get(CLUB)).getFirst();
        assertThat(ledger.apply(accounts.get(CLUB), opened).held(Asset.ATTENTION)).as("held until every payer answers")
            .isEqualTo(Amount.parse("30"));
        List<LedgerEvent> last = run(collection("dues", leg("ann", "10"), leg("ben", "20")), List.of(1, 0));

        // The collector pays the fees (1 % a leg) out of the whole; each payer pays its leg and no more.
        assertThat(last.getLast()).isEqualTo(new LedgerEvent.CollectionSettled(CommandId.of("dues"), CLUB, Asset.ATTENTION,
            Amount.parse("30"), Amount.parse("0.3"), T0));
        assertThat(balance(CLUB)).isEqualTo(Amount.parse("29.7"));
        assertThat(accounts.get(CLUB).holds()).isEmpty();
        assertThat(accounts.get(CLUB).pendingLegs()).isEmpty();
        assertThat(balance(AccountId.of("ann"))).isEqualTo(Amount.parse("90"));
        assertThat(balance(AccountId.of("ben"))).isEqualTo(Amount.parse("80"));
    }

    @Test
    void oneLegRefusedReturnsEveryLegDebitedAndCreditsNothing() {
        open(CLUB, 0);
        open(AccountId.of("ann"), 100);
        open(AccountId.of("ben"), 100);
        mandate(AccountId.of("ann"), "50");
        mandate(AccountId.of("ben"), "5");

        List<LedgerEvent> last = run(collection("dues", leg("ann", "10"), leg("ben", "20")), List.of(0, 1));

        LedgerEvent.CollectionRefunded refunded = (LedgerEvent.CollectionRefunded) last.getLast();
        assertThat(refunded.refusal()).isEqualTo(new Leg.Answer(AccountId.of("ben"), RejectionReason.UNKNOWN_MANDATE));
        assertThat(refunded.debited()).containsExactly(leg("ann", "10"));
        assertThat(balance(CLUB)).isEqualTo(Amount.ZERO);
        assertThat(accounts.get(CLUB).holds()).isEmpty();
        assertThat(balance(AccountId.of("ann"))).as("the leg back whole: a failed collection costs a payer nothing")
            .isEqualTo(Amount.parse("100"));
        assertThat(balance(AccountId.of("ben"))).isEqualTo(Amount.parse("100"));
    }

    @Test
    void aPayerRefusesWithoutAMandateWithTooLittleOrWhenItDoesNotExist() {
        open(CLUB, 0);
        open(AccountId.of("ann"), 5);
        open(AccountId.of("ben"), 100);
        mandate(AccountId.of("ann"), "50");
        LedgerEvent.CollectionOpened opened = (LedgerEvent.CollectionOpened) debits.open(collection("dues",
            leg("ann", "10"), leg("ben", "20"), leg("cat", "1")), accounts.get(CLUB)).getFirst();

        assertThat(refusal(debits.contribute(opened, AccountId.of("ann"), accounts.get(AccountId.of("ann")))))
            .isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
        assertThat(refusal(debits.contribute(opened, AccountId.of("ben"), accounts.get(AccountId.of("ben")))))
            .isEqualTo(RejectionReason.UNKNOWN_MANDATE);
        assertThat(refusal(debits.contribute(opened, AccountId.of("cat"), null))).isEqualTo(RejectionReason.UNKNOWN_ACCOUNT);
        mandate(AccountId.of("ben"), "20");
        assertThat(debits.contribute(opened, AccountId.of("ben"), accounts.get(AccountId.of("ben")))).singleElement()
            .isInstanceOf(LedgerEvent.CollectionLegDebited.class);
        book(debits.revoke(new LedgerCommand.RevokeMandate(CommandId.of("r-1"), AccountId.of("ben"), CLUB, T0),
            accounts.get(AccountId.of("ben"))));
        assertThat(refusal(debits.contribute(opened, AccountId.of("ben"), accounts.get(AccountId.of("ben")))))
            .as("revoked").isEqualTo(RejectionReason.UNKNOWN_MANDATE);
        assertThat(reason(debits.revoke(new LedgerCommand.RevokeMandate(CommandId.of("r-2"), AccountId.of("ben"), CLUB,
            T0), accounts.get(AccountId.of("ben"))))).isEqualTo(RejectionReason.UNKNOWN_MANDATE);
    }

    @Test
    void aLegDatedAtTheCollectionIsBookedAfterThePayersLaterEntriesWorthItsDecayedValue() {
        open(CLUB, 0);
        AccountId ann = AccountId.of("ann");
        open(ann, 100);
        mandate(ann, "50");
        LedgerEvent.CollectionOpened opened = (LedgerEvent.CollectionOpened) debits.open(collection("dues",
            leg("ann", "10")), accounts.get(CLUB)).getFirst();
        java.time.Instant later = T0.plus(java.time.Duration.ofHours(10));
        book(List.of(new LedgerEvent.Deposited(ann, LedgerTest.FORUM, ActivityId.of("later"), later, Measures.of(1, 1, 1),
            new Score(Measure.of(1), Measure.of(1), Measure.of(1), Amount.ofUnits(1)))));
        java.math.BigDecimal before = accounts.get(ann).exactBalance(Asset.ATTENTION, later, LedgerTest.DECAY);

        List<LedgerEvent> debited = debits.contribute(opened, ann, accounts.get(ann));
        book(debited);

        // 10 paid at T0 is worth 10 × e^(−10/100) ten hours later: that leaves the balance then.
        java.math.BigDecimal after = accounts.get(ann).exactBalance(Asset.ATTENTION, later, LedgerTest.DECAY);
        assertThat(debited.getFirst().at()).isEqualTo(T0);
        assertThat(before.subtract(after).doubleValue()).isCloseTo(10 * Math.exp(-0.1),
            org.assertj.core.data.Offset.offset(0.000002));
    }

    @Test
    void anAnswerDeliveredTwiceCountsOnce() {
        open(CLUB, 0);
        open(AccountId.of("ann"), 100);
        open(AccountId.of("ben"), 100);
        mandate(AccountId.of("ann"), "50");
        mandate(AccountId.of("ben"), "50");
        List<LedgerEvent> opened = debits.open(collection("dues", leg("ann", "10"), leg("ben", "20")), accounts.get(CLUB));
        book(opened);
        LedgerEvent.CollectionOpened open = (LedgerEvent.CollectionOpened) opened.getFirst();
        LedgerEvent fromAnn = debits.contribute(open, AccountId.of("ann"), accounts.get(AccountId.of("ann"))).getFirst();
        LedgerEvent fromBen = debits.contribute(open, AccountId.of("ben"), accounts.get(AccountId.of("ben"))).getFirst();

        book(debits.answer(fromAnn, accounts.get(CLUB)));
        assertThat(debits.answer(fromAnn, accounts.get(CLUB))).as("again: nothing").isEmpty();
        List<LedgerEvent> last = debits.answer(fromBen, accounts.get(CLUB));

        assertThat(last.getLast()).isInstanceOf(LedgerEvent.CollectionSettled.class);
    }

    @Test
    void aCollectionsHoldAndAMultiLegTransfersOfTheSameIdOnOneAccountStayApart() {
        open(CLUB, 0);
        AccountId ann = AccountId.of("ann");
        open(ann, 100);
        book(List.of(new LedgerEvent.CollectionOpened(CommandId.of("x"), CLUB, Asset.ATTENTION, List.of(leg("ann", "10")),
            T0), new LedgerEvent.LegHeld(CommandId.of("x"), CLUB, ann, Asset.ATTENTION, Amount.parse("5"), T0)));

        book(List.of(new LedgerEvent.CollectionRefunded(CommandId.of("x"), CLUB, Asset.ATTENTION,
            new Leg.Answer(ann, RejectionReason.INSUFFICIENT_FUNDS), List.of(), T0)));

        // ann's own multi-leg transfer "x" still holds its leg for the club, and settles its 5.
        assertThat(accounts.get(CLUB).hold(CommandId.of("x"), ann).amount()).isEqualTo(Amount.parse("5"));
        assertThat(new MultiLegTransfers(ledger).settle(new LedgerEvent.LegsSettled(CommandId.of("x"), ann, Asset.ATTENTION,
            List.of(new Leg.Priced(CLUB, Amount.parse("5"), Amount.parse("0.05"), "")), T0), CLUB, accounts.get(CLUB)))
            .singleElement().extracting(event -> ((LedgerEvent.TransferCredited) event).amount())
            .isEqualTo(Amount.parse("5"));
    }

    @Test
    void aCollectionIsRefusedWholeWhenItsLegsOrItsCollectorCannotBeBooked() {
        open(CLUB, 9_990);
        assertThat(reason(debits.open(collection("c", leg("club", "1")), accounts.get(CLUB))))
            .isEqualTo(RejectionReason.SAME_ACCOUNT);
        assertThat(reason(debits.open(collection("c", leg("ann", "1"), leg("ann", "2")), accounts.get(CLUB))))
            .isEqualTo(RejectionReason.SAME_ACCOUNT);
        assertThat(reason(debits.open(collection("c", leg("bank-fees", "1")), accounts.get(CLUB))))
            .isEqualTo(RejectionReason.RESERVED_ACCOUNT);
        assertThat(reason(debits.open(collection("c", leg("ann", "0")), accounts.get(CLUB))))
            .isEqualTo(RejectionReason.INVALID_AMOUNT);
        assertThat(reason(debits.open(collection("c", leg("ann", "0.01")), accounts.get(CLUB))))
            .as("a leg no larger than its fee, which the collector pays out of it").isEqualTo(RejectionReason.INVALID_AMOUNT);
        assertThat(reason(debits.open(new LedgerCommand.Collection(CommandId.of("c"), CLUB, Asset.STABLE,
            List.of(leg("ann", "1")), T0), accounts.get(CLUB)))).isEqualTo(RejectionReason.INVALID_AMOUNT);
        assertThat(reason(debits.open(collection("c"), accounts.get(CLUB)))).isEqualTo(RejectionReason.INVALID_AMOUNT);
        assertThat(reason(debits.open(collection("c", leg("ann", "1")), null))).isEqualTo(RejectionReason.UNKNOWN_ACCOUNT);
        assertThat(reason(debits.open(collection("c", leg("ann", "11")), accounts.get(CLUB))))
            .as("the whole would carry the collector above its maximum").isEqualTo(RejectionReason.BALANCE_LIMIT);
        assertThat(reason(debits.grant(new LedgerCommand.GrantMandate(CommandId.of("m"), CLUB, CLUB, Amount.ofUnits(1), T0),
            accounts.get(CLUB)))).isEqualTo(RejectionReason.SAME_ACCOUNT);
    }

    @Property(tries = 300)
    void everyLegOrNoneAndNothingCreatedWhateverTheAnswersOrder(
        @ForAll @IntRange(min = 1, max = 8) int payers, @ForAll long seed,
        @ForAll @LongRange(min = 1, max = 60) long fundsUnits) {
        Random random = new Random(seed);
        open(CLUB, 0);
        List<Contribution> legs = new ArrayList<>();
        for (int i = 0; i < payers; i++) {
            AccountId payer = AccountId.of("p" + i);
            open(payer, random.nextInt(4) == 0 ? 0 : fundsUnits); // some cannot pay
            if (random.nextInt(5) != 0) { // some gave no mandate
                mandate(payer, "50");
            }
            legs.add(new Contribution(payer, Amount.ofUnits(1 + random.nextInt(40)), ""));
        }
        Map<AccountId, Amount> before = new HashMap<>();
        accounts.keySet().forEach(id -> before.put(id, balance(id)));
        List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, payers).boxed().toList());
        Collections.shuffle(order, random);

        LedgerEvent last = run(new LedgerCommand.Collection(CommandId.of("c"), CLUB, Asset.ATTENTION, legs, T0), order)
            .getLast();

        long collected = balance(CLUB).micros();
        long total = legs.stream().mapToLong(leg -> leg.amount().micros()).sum();
        long fees = legs.stream().mapToLong(leg -> ledger.fee(leg.amount(), null).micros()).sum();
        assertThat(collected).as("all (less the fees) or nothing").isIn(0L, total - fees);
        assertThat(last instanceof LedgerEvent.CollectionSettled).isEqualTo(collected != 0);
        long paidByPayers = 0;
        for (Contribution leg : legs) {
            long paid = before.get(leg.from()).micros() - balance(leg.from()).micros();
            assertThat(paid).as("a payer pays its leg, or nothing").isIn(0L, leg.amount().micros());
            paidByPayers += paid;
        }
        assertThat(paidByPayers).isIn(0L, total);
        assertThat(paidByPayers - collected).as("the collector's fees, no more").isEqualTo(collected == 0 ? 0L
            : legs.stream().mapToLong(leg -> ledger.fee(leg.amount(), null).micros()).sum());
        assertThat(accounts.get(CLUB).holds()).isEmpty();
    }

    static RejectionReason refusal(List<LedgerEvent> events) {
        return ((LedgerEvent.CollectionLegRefused) events.getFirst()).reason();
    }

    static RejectionReason reason(List<LedgerEvent> events) {
        return ((LedgerEvent.CommandRejected) events.getFirst()).reason();
    }
}
