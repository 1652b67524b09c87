package io.timebank.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

class InputDecoderTest {

    /**
     * A record keyed by its account goes where a producer's default partitioner (and Kafka Streams'
     * repartition) puts that key: only then may it skip the repartition.
     */
    @Property(tries = 500)
    void anAccountsPartitionIsTheDefaultPartitionersForItsKey(@ForAll @StringLength(min = 1, max = 128) String account,
                                                               @ForAll @IntRange(min = 1, max = 64) int partitions) {
        assertThat(InputDecoder.partitionOf(account, partitions))
            .isEqualTo(BuiltInPartitioner.partitionForKey(account.getBytes(StandardCharsets.UTF_8), partitions));
    }
}
