package io.timebank.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code clients} callers, each on its own virtual thread, each sending its next request as soon as
 * the last is answered, for a fixed time after a warm-up: throughput and the latency distribution
 * (HdrHistogram, microseconds, 3 significant digits) of what was answered in the measured part.
 */
final class ClosedLoop {

    /** One request: throws when it was not answered as expected (counted as a failure, not a latency). */
    @FunctionalInterface
    interface Call {
        void run(int client, long sequence) throws Exception;
    }

    /** What a run measured. */
    record Result(int clients, long answered, long failed, String firstFailure, double seconds, Histogram latencies) {

        double perSecond() {
            return answered / seconds;
        }

        double percentileMillis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1_000.0;
        }
    }

    private ClosedLoop() {
    }

    static Result run(int clients, Duration warmUp, Duration measured, Call call) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong sequence = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + measured.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int id = client;
                running.add(threads.submit(() -> {
                    long now = System.nanoTime();
                    while (now < end) {
                        long sent = now;
                        boolean ok;
                        try {
                            call.run(id, sequence.getAndIncrement());
                            ok = true;
                        } catch (Exception refused) {
                            firstFailure.compareAndSet(null, refused.toString());
                            ok = false;
                        }
                        now = System.nanoTime();
                        if (sent >= measureFrom && now <= end) {
                            if (ok) {
                                recorder.recordValue(Math.max(1, (now - sent) / 1_000));
                                answered.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        }
        return new Result(clients, answered.get(), failed.get(), firstFailure.get(), measured.toNanos() / 1e9,
            recorder.getIntervalHistogram());
    }
}
