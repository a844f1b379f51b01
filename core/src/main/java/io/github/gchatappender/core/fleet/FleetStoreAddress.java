package io.github.gchatappender.core.fleet;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The {@code fleetStore} setting: a URL such as {@code redis://:password@redis.internal:6379/0}. Its
 * user information (the password) is a secret: {@link #toString()} and {@link #masked()} show
 * {@code ****} in its place, and only {@link #uri()} gives it, to the code that connects.
 */
public final class FleetStoreAddress {

    private final URI uri;
    private final String masked;

    private FleetStoreAddress(URI uri) {
        this.uri = uri;
        this.masked = mask(uri);
    }

    /**
     * Parses the setting's value.
     *
     * @throws IllegalArgumentException when it is no absolute URL with a host; the message shows the
     *     value masked
     */
    public static FleetStoreAddress parse(String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL such as redis://host:6379 (" + maskUserInfo(value) + ")");
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("is not a URL such as redis://host:6379 (" + mask(uri) + ")");
        }
        return new FleetStoreAddress(uri);
    }

    /** The URL's scheme, in lower case: {@code redis}, {@code rediss}. */
    public String scheme() {
        return uri.getScheme().toLowerCase(Locale.ROOT);
    }

    /** The URL as given, with its password: a secret, never to be printed. */
    public URI uri() {
        return uri;
    }

    /** The URL with its user information replaced by {@code ****}: safe to print. */
    public String masked() {
        return masked;
    }

    @Override
    public String toString() {
        return masked;
    }

    private static String mask(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.getScheme() + "://****@"
                + uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** For a value that is no URL: everything between "//" and the last "@" goes. */
    private static String maskUserInfo(String value) {
        int at = value.lastIndexOf('@');
        int start = value.indexOf("//");
        return at > start && start >= 0 ? value.substring(0, start + 2) + "****" + value.substring(at) : value;
    }
}
