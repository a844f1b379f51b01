package io.github.gchatappender.core.fleet;

/**
 * A store that the replicas of a fleet share: the space's quota, and who announces an incident and
 * who resolves it. One per sender, called by its dispatcher thread only, never by a thread that logs.
 *
 * <p><b>Under failure</b> every call answers within the store's timeout (about half a second) or throws
 * {@link FleetStoreException}; it never hangs. The dispatcher then goes on without the store, on the
 * schedule of a sender without one, and asks the store again a few seconds later.
 *
 * <p>A space is named by its id ({@code spaces/AAAA}), which is no secret; a Chat thread by its thread
 * key. Implementations keep no secret in what they store, print or throw: {@code toString} names the
 * store by its masked address ({@link FleetStoreAddress#masked}), for status lines.
 */
public interface FleetStore extends AutoCloseable {

    /**
     * Takes the fleet's permit to post one message to {@code space} now: at most one message per
     * {@code intervalNanos} across every replica that shares the store.
     *
     * @return 0 when the permit was taken; otherwise how many nanoseconds until one may be
     * @throws FleetStoreException when the store did not answer in time
     */
    long tryTakePermit(String space, long intervalNanos);

    /**
     * An event of {@code threadKey} was logged in this replica: the thread's incident is open across
     * the fleet until no replica has logged one for {@code quietMillis}. Opens the incident if none is
     * open.
     *
     * @return true if this call opened the incident: this replica posts its first message, the one
     *     with the stack trace and the mention; the others post updates into its thread
     * @throws FleetStoreException when the store did not answer in time
     */
    boolean touchIncident(String space, String threadKey, long quietMillis);

    /**
     * This replica has been quiet on {@code threadKey} for {@code quietMillis}: whether it posts the
     * thread's resolved note. The note goes once per incident, from one replica, once the whole fleet
     * has been quiet that long.
     *
     * @return 0: this replica posts it; more than 0: the fleet is not quiet yet (another replica logged
     *     the thread's errors since, or this one's last {@link #touchIncident} came later than its last
     *     event), ask again in that many milliseconds; less than 0: another replica posts it
     * @throws FleetStoreException when the store did not answer in time
     */
    long claimResolvedNote(String space, String threadKey, long quietMillis);

    /** Releases the store's connections; calls after this throw {@link FleetStoreException}. */
    @Override
    void close();
}
