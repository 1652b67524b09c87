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

        LedgerCommand.Transfer first = order.occurrence(PAYER);
        LedgerCommand.Transfer second = order.after(true).occurrence(PAYER);

        assertThat(first.id()).isEqualTo(CommandId.of("rent::1"));
        assertThat(second.id()).isEqualTo(CommandId.of("rent::2"));
        assertThat(first.acceptedAt()).isEqualTo(FIRST);
        assertThat(second.acceptedAt()).isEqualTo(FIRST.plus(Duration.ofDays(7)));
        assertThat(second.amount()).isEqualTo(Amount.parse("25"));
        assertThat(order.after(true).after(true).after(true).nextDue()).isNull();
    }

    @Property(tries = 500)
    void anOrderCancelsItselfExactlyAfterItsConsecutiveFailures(@ForAll @Size(max = 40) List<Boolean> paid,
                                                                @ForAll @IntRange(min = 1, max = 5) int failuresMax) {
        StandingOrder order = weekly(0, failuresMax);
        int inARow = 0;
        for (boolean each : paid) {
            if (order.exhausted()) {
                break;
            }
            order = order.after(each);
            inARow = each ? 0 : inARow + 1;
            assertThat(order.failures()).isEqualTo(inARow);
            assertThat(order.exhausted()).isEqualTo(inARow >= failuresMax);
        }
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
