package io.github.gchatappender.core.internal.event;

/** Shortens strings without splitting a surrogate pair, so a cut never makes invalid UTF-16. */
public final class SafeCut {

    private SafeCut() {}

    /** The first {@code maxChars} UTF-16 units of {@code s}, one fewer if that would split a pair. */
    public static String head(String s, int maxChars) {
        if (s == null || s.length() <= maxChars) {
            return s;
        }
        int end = Math.max(0, maxChars);
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
