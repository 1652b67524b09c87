package io.timebank.stream;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class AccountHistoryTest {

    @Property(tries = 1_000)
    void keysSortInBookingOrderAndGiveBackTheirSequence(@ForAll @LongRange(min = 0) long first,
                                                        @ForAll @LongRange(min = 0) long second) {
        String a = AccountHistory.key("alice", first);
        String b = AccountHistory.key("alice", second);
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Long.signum(Long.compare(first, second)));
        assertThat(AccountHistory.sequence(a)).isEqualTo(first);
        assertThat(a).hasSize("alice/".length() + 19).isLessThan(AccountHistory.end("alice"));
    }
}
