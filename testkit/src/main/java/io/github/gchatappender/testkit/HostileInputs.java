package io.github.gchatappender.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Log data that tries to break an alert: huge, deep, cyclic, failing, or written to mention and link. */
public final class HostileInputs {

    /** One hostile event: the logger it is logged on, its message, and its throwable (or null). */
    public static final class Input {
        public final String logger;
        public final String message;
        public final Throwable thrown;

        Input(String logger, String message, Throwable thrown) {
            this.logger = logger;
            this.message = message;
            this.thrown = thrown;
        }
    }

    private HostileInputs() {}

    /** Each input on a logger of its own, so that each becomes a message of its own. */
    public static Map<String, Input> all() {
        Map<String, Input> inputs = new LinkedHashMap<>();
        inputs.put("1 MB message", new Input("hostile.huge", "m".repeat(1 << 20), null));
        inputs.put(
                "200,000-character exception message",
                new Input("hostile.exmessage", "long exception", new IllegalStateException("e".repeat(200_000))));
        inputs.put("StackOverflowError", new Input("hostile.overflow", "overflow", stackOverflow()));
        inputs.put("cyclic cause chain", new Input("hostile.cycle", "cycle", cycle()));
        inputs.put("getMessage() throws", new Input("hostile.getmessage", "failing getMessage", new FailingMessage()));
        inputs.put("200 suppressed", new Input("hostile.suppressed", "suppressed", suppressed(200)));
        inputs.put(
                "control characters and emoji",
                new Input(
                        "hostile.control",
                        "nul\u0000 bell\u0007 esc\u001B[31m rtl\u202Eevil\u202C lone\uD800 \uD83D\uDD25 fire",
                        null));
        inputs.put(
                "<users/all>",
                new Input(
                        "hostile.mention",
                        "paging <users/all> and <users/123456789>",
                        new IllegalStateException("<users/all>")));
        inputs.put(
                "<https://evil.example|click>",
                new Input(
                        "hostile.link",
                        "see <https://evil.example|click>",
                        new IllegalStateException("<https://evil.example|click here>")));
        inputs.put("``` in data", new Input("hostile.fence", "```\nbreak out\n```", new IllegalStateException("```")));
        inputs.put("10,000-character logger name", new Input("hostile." + "l".repeat(10_000), "long logger", null));
        inputs.put("null message", new Input("hostile.null", null, null));
        return inputs;
    }

    private static StackOverflowError stackOverflow() {
        try {
            return recurse(0);
        } catch (StackOverflowError e) {
            return e;
        }
    }

    private static StackOverflowError recurse(int depth) {
        return recurse(depth + 1);
    }

    private static Throwable cycle() {
        CyclicException a = new CyclicException("a");
        CyclicException b = new CyclicException("b");
        a.cause = b;
        b.cause = a;
        return a;
    }

    private static Throwable suppressed(int count) {
        IllegalStateException top = new IllegalStateException("with suppressed");
        for (int i = 0; i < count; i++) {
            top.addSuppressed(new IllegalArgumentException("suppressed " + i));
        }
        return top;
    }

    /** Its cause is set after construction so that two of them can point at each other. */
    static final class CyclicException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        Throwable cause;

        CyclicException(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable getCause() {
            return cause;
        }
    }

    /** An exception whose getMessage() fails, as a buggy library's might. */
    static final class FailingMessage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            throw new IllegalStateException("getMessage() is broken");
        }
    }

    /** Every string value in a JSON document, to search them all. */
    public static List<String> strings(com.fasterxml.jackson.databind.JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(com.fasterxml.jackson.databind.JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.forEach(child -> collect(child, out));
    }
}
