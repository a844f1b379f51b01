package io.github.gchatappender.core.internal.render;

import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.event.SafeCut;
import java.util.List;

/**
 * Renders a throwable chain as Java prints it, trimmed to a character budget. Every
 * {@code Caused by} header is kept and the root cause is always shown; frames give way first,
 * shortest-lived last: the top throwable and the root cause keep the most frames, intermediate
 * causes fewer, suppressed throwables a summary. Each cut is marked ({@code ... 31 frames omitted}).
 */
final class StackTraceText {

    /** Frames kept for the top throwable and the root cause, tried from generous to none. */
    private static final int[] FRAME_LIMITS = {16, 10, 6, 3, 1, 0};

    private static final int MAX_HEADER_CHARS = 300;
    private static final int SHORT_HEADER_CHARS = 120;

    private StackTraceText() {}

    /** The trace in at most {@code budget} characters, not yet neutralised for Chat. */
    static String render(ThrowableSnapshot top, int budget) {
        return render(top, budget, List.of());
    }

    /**
     * @param appPackages package prefixes of the application: after each throwable's first frame,
     *                    its frames are preferred, and runs of other frames are collapsed
     */
    static String render(ThrowableSnapshot top, int budget, List<String> appPackages) {
        for (int limit : FRAME_LIMITS) {
            String text = render(top, limit, MAX_HEADER_CHARS, appPackages);
            if (text.length() <= budget) {
                return text;
            }
        }
        // Headers alone are too long: keep the top and the root cause, shortened.
        ThrowableSnapshot root = top.rootCause();
        StringBuilder out = new StringBuilder();
        header(out, "", top, SHORT_HEADER_CHARS);
        if (root != top) {
            out.append("... causes omitted\n");
            header(out, "Caused by: ", root, SHORT_HEADER_CHARS);
        }
        return SafeCut.head(out.toString(), budget);
    }

    private static String render(ThrowableSnapshot top, int frameLimit, int headerChars, List<String> appPackages) {
        StringBuilder out = new StringBuilder(1024);
        ThrowableSnapshot root = top.rootCause();
        int depth = 0;
        for (ThrowableSnapshot t = top; t != null; t = t.cause(), depth++) {
            header(out, depth == 0 ? "" : "Caused by: ", t, headerChars);
            boolean endOfChain = t == top || t == root;
            frames(out, "\t", t, endOfChain ? frameLimit : Math.min(frameLimit, 2), appPackages);
            for (ThrowableSnapshot s : t.suppressed()) {
                header(out, "\tSuppressed: ", s, headerChars);
                frames(out, "\t\t", s, Math.min(frameLimit, 1), appPackages);
            }
            if (t.omittedSuppressed() > 0) {
                out.append("\t... ").append(t.omittedSuppressed()).append(" more suppressed\n");
            }
            if (t.omittedCauses() > 0) {
                out.append("... ").append(t.omittedCauses()).append(" causes omitted\n");
            }
        }
        return out.toString();
    }

    private static void header(StringBuilder out, String prefix, ThrowableSnapshot t, int maxChars) {
        String line = t.message() == null ? t.className() : t.className() + ": " + t.message();
        out.append(prefix)
                .append(line.length() > maxChars ? SafeCut.head(line, maxChars) + "..." : line)
                .append('\n');
    }

    private static void frames(
            StringBuilder out, String indent, ThrowableSnapshot t, int limit, List<String> appPackages) {
        List<StackTraceElement> frames = t.frames();
        boolean[] shown = chooseFrames(frames, limit, appPackages);
        int skipped = 0;
        for (int i = 0; i < frames.size(); i++) {
            if (!shown[i]) {
                skipped++;
                continue;
            }
            omitted(out, indent, skipped);
            skipped = 0;
            out.append(indent).append("at ").append(frames.get(i)).append('\n');
        }
        omitted(out, indent, skipped + t.omittedFrames());
        if (t.framesInCommonWithEnclosing() > 0) {
            out.append(indent)
                    .append("... ")
                    .append(t.framesInCommonWithEnclosing())
                    .append(" more\n");
        }
    }

    /** The first frame (where it was thrown), then application frames; if there are none, the next frames in order. */
    private static boolean[] chooseFrames(List<StackTraceElement> frames, int limit, List<String> appPackages) {
        boolean[] shown = new boolean[frames.size()];
        int chosen = 0;
        if (!appPackages.isEmpty() && limit > 0 && !frames.isEmpty()) {
            shown[0] = true;
            chosen = 1;
            for (int i = 1; i < frames.size() && chosen < limit; i++) {
                if (isApplicationFrame(frames.get(i), appPackages)) {
                    shown[i] = true;
                    chosen++;
                }
            }
        }
        boolean applicationFramesFound = chosen > 1;
        // Without application frames (or without appPackages), the frames nearest the throw are the best guess.
        for (int i = 0; i < frames.size() && chosen < limit && !applicationFramesFound; i++) {
            if (!shown[i]) {
                shown[i] = true;
                chosen++;
            }
        }
        return shown;
    }

    private static boolean isApplicationFrame(StackTraceElement frame, List<String> appPackages) {
        for (String prefix : appPackages) {
            if (frame.getClassName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static void omitted(StringBuilder out, String indent, int count) {
        if (count > 0) {
            out.append(indent)
                    .append("... ")
                    .append(count)
                    .append(count == 1 ? " frame" : " frames")
                    .append(" omitted\n");
        }
    }
}
