package io.github.gchatappender.redis;

/**
 * The Lua scripts behind {@link RedisFleetStore#touchIncident} and {@link
 * RedisFleetStore#claimResolvedNote}. Each runs atomically in Redis: no other replica's command falls
 * between its check and its write. {@code KEYS[1]} is the thread's incident key, {@code KEYS[2]} its
 * resolved key (both in the space's hash slot, see {@link FleetKeys}); {@code ARGV[1]} the quiet period
 * in milliseconds. Each returns an integer, as its own Javadoc says.
 *
 * <p>They are sent with EVAL, not EVALSHA: they are a few hundred bytes, and EVAL has no NOSCRIPT to
 * handle after Redis restarts or fails over to a replica whose script cache is empty.
 *
 * <p><b>Two incidents in a row.</b> The resolved key lives for twelve quiet periods (an hour at the default
 * five minutes), so that the replicas whose notes fall due later than the claimer's (held for their pacing,
 * or behind other notes) find it; the claimer posts the note once. A new incident of the same
 * thread deletes it when it opens: the next resolved note is then claimable once that incident goes
 * quiet, whatever quiet periods the replicas were configured with. Without the delete it would still
 * hold when every replica uses one quiet period (the new incident opens after the claim, so its quiet
 * period ends after the resolved key expired), but not across replicas configured differently.
 */
final class IncidentScripts {

    /**
     * Opens the incident if none is open (and returns 1), else extends it by the quiet period (and
     * returns 0).
     */
    static final String TOUCH_INCIDENT = String.join(
            "\n",
            "if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then",
            "  redis.call('DEL', KEYS[2])",
            "  return 1",
            "end",
            "redis.call('PEXPIRE', KEYS[1], ARGV[1])",
            "return 0");

    /**
     * Claims the resolved note (and returns 0) when the incident has expired, that is no replica touched
     * it for the quiet period, and no replica claimed the note yet; while the incident lives, returns the
     * milliseconds it has left (at least 1); once another replica claimed the note, returns -1.
     */
    static final String CLAIM_RESOLVED_NOTE = String.join(
            "\n",
            "local left = redis.call('PTTL', KEYS[1])",
            "if left ~= -2 then",
            "  return math.max(1, left)",
            "end",
            "if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1] * 12) then",
            "  return 0",
            "end",
            "return -1");

    private IncidentScripts() {}
}
