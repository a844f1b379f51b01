package io.github.gchatappender.redis;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/**
 * A space's quota as a Bucket4j token bucket in Redis, shared by every replica: capacity 1, refilled
 * greedily with 1 token per interval. Greedy refill with a capacity of 1 spaces permits at least an
 * interval apart: the token grows back continuously and is whole only a full interval after it was
 * taken. (Intervally refill would add the token at fixed boundaries counted from the bucket's creation,
 * so a permit taken just before a boundary could be followed by another just after it.) A capacity of 1
 * means no burst after an idle spell: one message, then one per interval.
 *
 * <p>Bucket4j keeps the bucket's state under one key and updates it by compare-and-swap (a GET, then a
 * Lua script that writes only if the value is still the one read), retrying when another replica wrote
 * in between; the whole take, retries included, is bounded by {@link RedisFleetStore#COMMAND_TIMEOUT_MILLIS}.
 * Time is each replica's clock: replicas whose clocks differ by a few milliseconds may see a permit that
 * much early or late.
 *
 * <p><b>An interval that changes</b> (a replica slowed down by Google's 429 answers, or replicas
 * configured differently) is the configuration's version: a replica asking with a longer interval
 * replaces the stored configuration, one asking with a shorter one gets the stored, slower one. The
 * slowest running replica wins, as the senders of one JVM do. The key expires
 * {@value #KEEP_AFTER_REFILL_MILLIS} ms after the bucket would be full again: a full bucket is what a
 * missing key stands for, so an idle space leaves nothing behind and its next message goes at once. The
 * second of margin covers replicas whose clocks run behind.
 */
final class FleetQuota {

    static final long KEEP_AFTER_REFILL_MILLIS = 1_000;

    private final Duration requestTimeout;
    private StatefulRedisConnection<String, byte[]> boundTo;
    private LettuceBasedProxyManager<String> buckets;

    FleetQuota(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    /**
     * Takes a permit for {@code space} through {@code connection}.
     *
     * @return 0 when taken, else the nanoseconds until the token is back (at least 1)
     */
    long tryTake(StatefulRedisConnection<String, byte[]> connection, String space, long intervalNanos) {
        ConsumptionProbe probe = buckets(connection)
                .builder()
                .withImplicitConfigurationReplacement(intervalNanos, TokensInheritanceStrategy.AS_IS)
                .build(FleetKeys.quota(space), () -> configuration(intervalNanos))
                .tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    static BucketConfiguration configuration(long intervalNanos) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, Duration.ofNanos(intervalNanos)))
                .build();
    }

    /** Bucket4j's proxy manager is bound to one connection: a new one for each new connection. */
    private synchronized LettuceBasedProxyManager<String> buckets(StatefulRedisConnection<String, byte[]> connection) {
        if (connection != boundTo) {
            buckets = Bucket4jLettuce.casBasedBuilder(connection)
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                            Duration.ofMillis(KEEP_AFTER_REFILL_MILLIS)))
                    .requestTimeout(requestTimeout)
                    .build();
            boundTo = connection;
        }
        return buckets;
    }
}
