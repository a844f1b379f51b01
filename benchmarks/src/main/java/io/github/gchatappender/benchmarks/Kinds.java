package io.github.gchatappender.benchmarks;

import java.util.Locale;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What a benchmark thread's ERROR calls vary, one per thread so that no counter is shared: the
 * call's number (the argument, as an order id would be, and the storm's round-robin) and a cursor
 * into {@value #POOL_SIZE} distinct message templates. A kind is the logger, the exception's class
 * and the template; a template from the pool is new to an appender's small table of known kinds:
 * with every thread at the same pace, it comes back only after {@value #POOL_SIZE} calls in all.
 */
@State(Scope.Thread)
public class Kinds {

    /** The template of a repeated ERROR, the one {@code errorWithException} logs too. */
    static final String TEMPLATE = "Order {} could not be reserved";
    /** A storm's repeated kinds, one logger each. */
    static final String[] STORM_LOGGERS = {
        "com.acme.OrderService",
        "com.acme.PaymentService",
        "com.acme.StockService",
        "com.acme.ShippingService",
        "com.acme.MailService"
    };
    /**
     * The loggers of {@code errorManyKinds}, each logging both of a thread's failures: 40 kinds, as a
     * service whose dependency fails fails in many places at once.
     */
    static final String[] SPREAD_LOGGERS = spreadLoggers(20);
    /** One call in this many of a storm is of a new kind. */
    static final int STORM_NEW_EVERY = 100;

    private static final int POOL_SIZE = 65_536;
    /** Built once, when the first thread's state is created; read-only, so shared. */
    private static final String[] POOL = pool();

    private int call;
    private int next;

    private static String[] spreadLoggers(int count) {
        String[] loggers = new String[count];
        for (int i = 0; i < count; i++) {
            loggers[i] = String.format(Locale.ROOT, "com.acme.checkout.Step%02d", i);
        }
        return loggers;
    }

    private static String[] pool() {
        String[] pool = new String[POOL_SIZE];
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = String.format(Locale.ROOT, "Order {} could not be reserved (variant %05d)", i);
        }
        return pool;
    }

    @Setup
    public void setUp(ThreadParams thread) {
        // A pool's share apart: at the same pace, no thread logs a template another logged shortly before.
        next = thread.getThreadIndex() * (POOL_SIZE / thread.getThreadCount());
    }

    /** This thread's next call number, never negative (boxed by the call: 16 B/op in every column). */
    int call() {
        return call++ & Integer.MAX_VALUE;
    }

    /** The template of a kind not seen in the last {@value #POOL_SIZE} calls. */
    String fresh() {
        String template = POOL[next];
        next = next + 1 == POOL_SIZE ? 0 : next + 1;
        return template;
    }
}
