package io.github.gchatappender.core.fleet;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code fleetStore} setting: a URL such as {@code redis://:password@redis.internal:6379/0}. Its
 * user information (the password) is a secret: {@link #toString()} and {@link #masked()} show
 * {@code ****} in its place, and only {@link #uri()} gives it, to the code that connects.
 *
 * <p>The masked form is made from the text, not from what {@link URI} understood of it: a URI whose
 * authority it cannot read as host and port ({@code my_host}, a port that is no number, an unescaped
 * {@code @} in the password) reports no user information at all, and would print the password whole.
 * Everything between {@code //} and the last {@code @} goes, and so do the query's and the fragment's
 * text, which a store module may read options from: a password among them, say.
 */
public final class FleetStoreAddress {

    private static final String HIDDEN = "****";

    private final URI uri;
    private final String masked;

    private FleetStoreAddress(URI uri, String masked) {
        this.uri = uri;
        this.masked = masked;
    }

    /**
     * Parses the setting's value.
     *
     * @throws IllegalArgumentException when it is no absolute URL with a host; the message shows the
     *     value masked
     */
    public static FleetStoreAddress parse(String value) {
        String text = Objects.requireNonNull(value, "value").trim();
        String masked = mask(text);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL such as redis://host:6379 (" + masked + ")");
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("is not a URL such as redis://host:6379 (" + masked + ")");
        }
        return new FleetStoreAddress(uri, masked);
    }

    /** The URL's scheme, in lower case: {@code redis}, {@code rediss}. */
    public String scheme() {
        return uri.getScheme().toLowerCase(Locale.ROOT);
    }

    /** The URL as given, with its password: a secret, never to be printed. */
    public URI uri() {
        return uri;
    }

    /**
     * The URL with its user information replaced by {@code ****}, and its query and fragment too if it
     * has them: safe to print. {@code redis://:pw@host:6379/0} shows as {@code redis://****@host:6379/0}.
     */
    public String masked() {
        return masked;
    }

    /** The same URL, password included: two addresses that differ only in their passwords differ. */
    @Override
    public boolean equals(Object other) {
        return other instanceof FleetStoreAddress && uri.equals(((FleetStoreAddress) other).uri);
    }

    @Override
    public int hashCode() {
        return uri.hashCode();
    }

    @Override
    public String toString() {
        return masked;
    }

    /**
     * The text with everything between the authority's start (after the scheme's {@code :} and the
     * {@code //} if there is one) and the last {@code @} replaced, everything before that {@code @} in
     * text without a scheme, and then the query and fragment:
     * whether or not the text is a URL that {@link URI} reads as the user meant.
     */
    static String mask(String text) {
        int start = text.indexOf(':') + 1;
        if (text.startsWith("//", start)) {
            start += 2;
        }
        String shown = text;
        int at = shown.lastIndexOf('@');
        if (at >= 0) {
            // Before the authority's start only in text that is no URL ("pw@host:6379"): then all of it goes.
            int from = at >= start ? start : 0;
            shown = shown.substring(0, from) + HIDDEN + shown.substring(at);
            start = from + HIDDEN.length();
        }
        for (int i = start; i < shown.length(); i++) {
            if (shown.charAt(i) == '?' || shown.charAt(i) == '#') {
                return shown.substring(0, i + 1) + HIDDEN;
            }
        }
        return shown;
    }
}
