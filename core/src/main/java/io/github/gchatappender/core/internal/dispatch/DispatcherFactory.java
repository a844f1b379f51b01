package io.github.gchatappender.core.internal.dispatch;

import io.github.gchatappender.core.DeliverySettings;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.fleet.FleetStore;
import io.github.gchatappender.core.internal.Ticker;
import io.github.gchatappender.core.internal.render.MessageRenderer;
import io.github.gchatappender.core.internal.render.RenderOptions;
import io.github.gchatappender.core.internal.stats.DeliveryCounters;
import io.github.gchatappender.core.internal.stats.HealthTracker;
import io.github.gchatappender.core.internal.status.StatusThrottle;
import io.github.gchatappender.core.internal.transport.WebhookTransport;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

/**
 * Wires a {@link Dispatcher}: builds its helpers (thread keys, renderer, thread pacing, open batches,
 * intake, outcome policy, stop plan, status wording) from what the sender shares with it and the engine's parts, and
 * hands them to it. The one place the dispatcher is put together, for the sender and for the engine's
 * own tests alike, so that a test's dispatcher is wired as the real one is.
 *
 * <p>Building does no I/O and starts no thread; a setting that cannot work was rejected when the
 * settings were built, so nothing here fails under normal use.
 */
public final class DispatcherFactory {

    final DispatchSettings settings;
    final EventQueue<AlertEvent> queue;
    final DeliveryCounters counters;
    final Ticker ticker;
    final Runnable onExit;
    final SpaceQuota quota;
    final WebhookTransport transport;
    final StatusWording wording;
    final Reports reports;
    final OpenBatches batches;
    final HealthTracker health = new HealthTracker();
    final Intake intake;
    final OutcomePolicy policy;
    final StopPlan stop;
    final LoopPacing pacing;
    final NextMessage nextMessage;
    final FleetLink fleet;

    /**
     * Builds the helpers of a dispatcher for the sender's queue and counts; see {@link #create()}.
     *
     * @param repeats  the repeats the callers count for the kinds this dispatcher holds
     * @param status   where status lines go, each masked of the webhook's secrets
     * @param hostName the host to show in alerts; read at each render, so it may be filled in later
     * @param onExit   run first when the loop ends, to make the sender refuse new events
     * @param quota    the space's quota; shared by every appender of this JVM posting to the same space
     * @param jitter   the backoff's jitter (see {@link Backoff}); seeded in simulations, so that a run repeats
     * @param fleetStore the store the fleet's replicas share, or null for none; its {@code toString} is masked
     */
    public DispatcherFactory(
            DispatchSettings settings,
            EventQueue<AlertEvent> queue,
            RepeatCounters repeats,
            DeliveryCounters counters,
            StatusThrottle status,
            Supplier<String> hostName,
            Runnable onExit,
            Ticker ticker,
            WebhookTransport transport,
            SpaceQuota quota,
            LongUnaryOperator jitter,
            FleetStore fleetStore) {
        this.settings = settings;
        this.queue = queue;
        this.counters = counters;
        this.ticker = ticker;
        this.onExit = onExit;
        this.quota = quota;
        this.transport = transport;
        this.wording = new StatusWording(settings);
        this.reports = Reports.masked(status, wording);
        this.fleet = fleetStore == null
                ? null
                : new FleetLink(
                        fleetStore,
                        settings.webhookUrl().quotaKey(),
                        incidentQuietMillis(settings),
                        String.valueOf(fleetStore),
                        reports);
        ThreadKeys threadKeys = new ThreadKeys(settings.applicationName(), settings.environment());
        MessageRenderer renderer = new MessageRenderer(RenderOptions.of(settings.rendering(), hostName));
        ThreadPacing threads = new ThreadPacing(
                settings.updateInterval().toNanos(),
                settings.resolvedAfter().toNanos(),
                threadKeys.digestKey(),
                threadKey -> {
                    renderer.forget(threadKey);
                    if (fleet != null) {
                        fleet.forget(threadKey);
                    }
                });
        this.batches = new OpenBatches(repeats, settings.batchWindow().toNanos(), threads, fleet);
        this.intake = new Intake(queue, repeats, counters, batches, threadKeys, reports, wording, ticker.nanoTime());
        Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), jitter);
        this.policy = new OutcomePolicy(settings, counters, health, backoff, reports, wording);
        this.stop = new StopPlan(settings.requestTimeout(), ticker);
        this.pacing = new LoopPacing(settings.batchWindow().toNanos(), queue.capacity(), stop);
        this.nextMessage = new NextMessage(
                batches,
                threads,
                renderer,
                policy,
                quota,
                stop,
                threadKeys.digestKey(),
                settings.resolvedAfter().toMillis(),
                fleet);
    }

    /**
     * How long the fleet must be quiet on a thread before its incident is over: {@code resolvedAfter}, or
     * without notes the longest gap between updates, so that a storm stays one incident.
     */
    private static long incidentQuietMillis(DispatchSettings settings) {
        long resolvedAfter = settings.resolvedAfter().toMillis();
        return resolvedAfter > 0
                ? resolvedAfter
                : Math.max(settings.updateInterval().toMillis(), DeliverySettings.DEFAULT_RESOLVED_AFTER_MILLIS);
    }

    /**
     * A dispatcher wired from these parts, not yet running: run it on a thread of its own. Call it once:
     * a second dispatcher would share the first one's batches and counts.
     */
    public Dispatcher create() {
        return new Dispatcher(this);
    }
}
