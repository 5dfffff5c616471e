package org.carechain.bench.pki;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * {@code clients} concurrent clients, each sending its next request as soon as the previous one
 * is answered (a closed loop), for a warm-up and then a measured window. Only requests that both
 * start and finish inside the window count; their latencies (send to full response) are kept.
 */
final class ClosedLoop {

    /** What one request came to: an outcome name ("ok" counts as success). */
    interface Operation {
        CompletableFuture<String> send(int client, long sequence);
    }

    record Result(long ok, double seconds, long[] latenciesNanos, Map<String, Long> outcomes, long inFlightAtEnd) {
        double perSecond() {
            return ok / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(index, latenciesNanos.length - 1))] / 1e6;
        }

        double meanMillis() {
            return Arrays.stream(latenciesNanos).average().orElse(Double.NaN) / 1e6;
        }
    }

    private ClosedLoop() {}

    static Result run(int clients, double warmupSeconds, double measureSeconds, Operation operation,
            IntFunction<Boolean> mayContinue) throws InterruptedException {
        long start = System.nanoTime();
        long windowStart = start + (long) (warmupSeconds * 1e9);
        long windowEnd = windowStart + (long) (measureSeconds * 1e9);
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        AtomicLong inFlight = new AtomicLong();
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            latencies[c] = new long[1024];
            int client = c;
            new Object() {
                long sequence;

                void next() {
                    long now = System.nanoTime();
                    if (now >= windowEnd || !mayContinue.apply(client)) {
                        done.countDown();
                        return;
                    }
                    long sent = now;
                    inFlight.incrementAndGet();
                    CompletableFuture<String> answer;
                    try {
                        answer = operation.send(client, sequence++);
                    } catch (RuntimeException e) {
                        answer = CompletableFuture.failedFuture(e);
                    }
                    answer.whenComplete((outcome, failure) -> {
                        long received = System.nanoTime();
                        inFlight.decrementAndGet();
                        String name = failure != null ? "exception:" + rootName(failure) : outcome;
                        if (sent >= windowStart && received <= windowEnd) {
                            outcomes.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
                            if ("ok".equals(name)) {
                                if (counts[client] == latencies[client].length) {
                                    latencies[client] = Arrays.copyOf(latencies[client], counts[client] * 2);
                                }
                                latencies[client][counts[client]++] = received - sent;
                            }
                        }
                        next();
                    });
                }
            }.next();
        }
        long wait = windowEnd - System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        done.await(wait, TimeUnit.NANOSECONDS);
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        Map<String, Long> outcomeCounts = new TreeMap<>();
        outcomes.forEach((name, count) -> outcomeCounts.put(name, count.get()));
        return new Result(total, measureSeconds, all, outcomeCounts, inFlight.get());
    }

    private static String rootName(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }
}
