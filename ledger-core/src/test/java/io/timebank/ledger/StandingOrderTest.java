package io.timebank.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class StandingOrderTest {

    static final Instant FIRST = Instant.parse("2026-12-01T08:00:00Z");
    static final AccountId PAYER = AccountId.of("alice");

    static StandingOrder weekly(long count, int failuresMax) {
        return StandingOrder.of(CommandId.of("rent"), AccountId.of("bob"), Asset.ATTENTION, Amount.parse("25"), "rent",
            new Schedule(FIRST, Duration.ofDays(7), count, null), failuresMax);
    }

    @Test
    void eachOccurrenceIsATransferWithItsOwnIdAcceptedAtItsDueTime() {
        StandingOrder order = weekly(3, 2);

        LedgerCommand.Transfer first = (LedgerCommand.Transfer) order.occurrence(PAYER);
        LedgerCommand.Transfer second = (LedgerCommand.Transfer) order.debited().occurrence(PAYER);

        assertThat(first.id()).isEqualTo(CommandId.of("rent::1"));
        assertThat(second.id()).isEqualTo(CommandId.of("rent::2"));
        assertThat(first.acceptedAt()).isEqualTo(FIRST);
        assertThat(second.acceptedAt()).isEqualTo(FIRST.plus(Duration.ofDays(7)));
        assertThat(second.amount()).isEqualTo(Amount.parse("25"));
        assertThat(order.debited().debited().debited().nextDue()).isNull();
        assertThat(order.debited().debited().debited().finished()).isTrue();
    }

    /** What became of one occurrence. */
    enum Fate { PAID, REFUSED, REFUNDED }

    @Property(tries = 1000)
    void failuresCountTheOccurrencesThatFailedInARowWhetherRefusedOrRefunded(
        @ForAll @Size(max = 40) List<Fate> fates, @ForAll @IntRange(min = 1, max = 5) int failuresMax) {
        StandingOrder order = weekly(0, failuresMax);
        int inARow = 0;
        for (Fate fate : fates) {
            if (order.exhausted()) {
                break;
            }
            order = switch (fate) {
                case PAID -> order.debited();
                case REFUSED -> order.refused();
                case REFUNDED -> order.debited().refunded(order.next());
            };
            inARow = fate == Fate.PAID ? 0 : inARow + 1;
            // A debited occurrence counts as paid (its failures no longer count) until a refund says otherwise.
            assertThat(order.awaiting() ? 0 : order.failures()).isEqualTo(inARow);
            assertThat(order.exhausted()).isEqualTo(inARow >= failuresMax);
        }
    }

    @Test
    void everyRefundCountsWhicheverOccurrenceItIsForAsRefundsComeBackLate() {
        // After downtime four occurrences are debited before the first refund is back.
        StandingOrder caughtUp = weekly(0, 3).debited().debited().debited().debited();
        assertThat(caughtUp.failures()).isZero();

        StandingOrder refunded = caughtUp.refunded(1).refunded(2);

        assertThat(refunded.failures()).isEqualTo(2);
        assertThat(refunded.awaiting()).as("the last occurrence's refund may still come").isTrue();
        assertThat(refunded.refunded(3).exhausted()).isTrue();
        assertThat(refunded.refunded(4).awaiting()).isFalse();
    }

    @Test
    void theBanksCommandIdsNameTheirOrderAndOccurrence() {
        assertThat(StandingOrder.occurrenceOf(CommandId.of("rent::12"))).isEqualTo(12);
        assertThat(StandingOrder.orderOf(CommandId.of("rent::12"))).isEqualTo(CommandId.of("rent"));
        assertThat(StandingOrder.cancellationId(CommandId.of("rent"))).isEqualTo(CommandId.of("rent::cancel"));
        assertThat(StandingOrder.occurrenceOf(CommandId.of("rent::cancel"))).isZero();
        assertThat(StandingOrder.orderOf(CommandId.of("rent::cancel"))).isEqualTo(CommandId.of("rent"));
        assertThat(StandingOrder.occurrenceOf(CommandId.of("rent"))).isZero();
        assertThat(StandingOrder.orderOf(CommandId.of("rent"))).isNull();
        assertThat(StandingOrder.occurrenceOf(CommandId.of("rent::99999999999999999999"))).isZero();
    }

    @Test
    void anOrderIdLeavesRoomForItsOccurrencesAndCannotForgeOne() {
        assertThatThrownBy(() -> StandingOrder.of(CommandId.of("a::1"), AccountId.of("bob"), Asset.ATTENTION,
            Amount.parse("1"), "", new Schedule(FIRST, Duration.ofDays(1), 0, null), 3)).hasMessageContaining("::");
        assertThatThrownBy(() -> StandingOrder.of(CommandId.of("r".repeat(101)), AccountId.of("bob"), Asset.ATTENTION,
            Amount.parse("1"), "", new Schedule(FIRST, Duration.ofDays(1), 0, null), 3)).hasMessageContaining("100");
        StandingOrder longest = StandingOrder.of(CommandId.of("r".repeat(100)), AccountId.of("bob"), Asset.ATTENTION,
            Amount.parse("1"), "", new Schedule(FIRST, Duration.ofDays(1), 0, null), 3);
        assertThat(longest.occurrenceId(Schedule.COUNT_MAX * 1_000_000).value()).hasSizeLessThanOrEqualTo(128);
    }
}
