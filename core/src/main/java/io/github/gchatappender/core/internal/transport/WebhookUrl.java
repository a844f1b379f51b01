package io.github.gchatappender.core.internal.transport;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A validated Google Chat webhook URL. The URL is a credential: its {@code key} and {@code token}
 * query parameters never leave this class except in the request itself. {@link #toString()} and
 * {@link #mask(String)} replace them with {@value #MASK}.
 *
 * <p>Only {@code https} is accepted, except {@code http} to a loopback host (a local stand-in or a
 * test server), so that the token is never sent in clear over a network.
 */
public final class WebhookUrl {

    public static final String MASK = "***";
    static final String REPLY_OPTION = "messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
    private static final String[] SECRET_PARAMETERS = {"key", "token"};
    static final int MIN_SECRET_CHARS = 4;

    private final URI threadedUri;
    private final String masked;
    private final List<String> secrets;
    private final String space;

    private WebhookUrl(URI threadedUri, String masked, List<String> secrets, String space) {
        this.threadedUri = threadedUri;
        this.masked = masked;
        this.secrets = secrets;
        this.space = space;
    }

    /**
     * Parses and validates {@code url}.
     *
     * @throws IllegalArgumentException whose message says what is wrong (to follow the setting's name) when the URL is missing, malformed,
     *                                 not http(s), or plain http to a host that is not loopback. The
     *                                 exception's message never contains the URL's secrets.
     */
    public static WebhookUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(
                    "is missing; set it, or GOOGLE_CHAT_WEBHOOK_URL (an environment variable, a system"
                            + " property or a Logback context property), to the URL of the space's incoming webhook"
                            + " (https://chat.googleapis.com/v1/spaces/.../messages?key=...&token=...)");
        }
        String trimmed = url.trim();
        if (trimmed.contains("${")) {
            throw new IllegalArgumentException("contains an unresolved variable; check that the environment"
                    + " variable or property it names is set");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            // e.getMessage() quotes the input, which holds the secrets: report only the position.
            throw new IllegalArgumentException("is not a valid URL (error at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException("must be an absolute https URL with a host");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("uses plain http to a host that is not loopback;"
                    + " use https so that the webhook's token is not sent in clear");
        }
        List<String> secrets = secretsOf(uri.getRawQuery());
        String rawQuery = uri.getRawQuery();
        String threadedQuery = rawQuery == null || rawQuery.isEmpty()
                ? REPLY_OPTION
                : hasParameter(rawQuery, "messageReplyOption") ? rawQuery : rawQuery + '&' + REPLY_OPTION;
        URI threaded = URI.create(uri.getScheme() + "://" + uri.getRawAuthority()
                + (uri.getRawPath() == null ? "" : uri.getRawPath()) + '?' + threadedQuery);
        String masked = maskQuery(uri);
        return new WebhookUrl(threaded, masked, secrets, spaceOf(uri.getRawPath()));
    }

    /** The URL to POST to: the user's URL with {@code messageReplyOption} added to its query. */
    public URI threadedUri() {
        return threadedUri;
    }

    /**
     * What Google's quota counts per: the host and port with the space ({@code spaces/{id}}), or the
     * path when it names no space. One space has one key however its URL is spelled: the host in
     * lower case without a trailing dot, the scheme's default port written or not, trailing slashes,
     * percent-encoded characters of the space id, and the query (never part of the key, so neither its
     * order nor its {@code key} and {@code token} matter). Holds no secret.
     */
    public String quotaKey() {
        String host = threadedUri.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        int port = threadedUri.getPort() >= 0
                ? threadedUri.getPort()
                : "https".equalsIgnoreCase(threadedUri.getScheme()) ? 443 : 80;
        String where;
        if (space.isEmpty()) {
            where = threadedUri.getRawPath() == null ? "" : threadedUri.getRawPath();
            while (where.endsWith("/")) {
                where = where.substring(0, where.length() - 1);
            }
        } else {
            // Decoded: %41AAA and AAAA are one space. Cut at a raw '/', so a decoded one cannot shift it.
            where = "/spaces/" + decoded(space.substring("spaces/".length()));
        }
        return host + ':' + port + where;
    }

    private static String decoded(String rawSegment) {
        try {
            // URLDecoder reads '+' as a space; in a path it is a plus.
            return URLDecoder.decode(rawSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return rawSegment;
        }
    }

    /** The {@code spaces/{id}} part of the path, or an empty string when the path has none. */
    public String space() {
        return space;
    }

    /** Replaces every occurrence of the URL's secrets in {@code text} with {@value #MASK}. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    /** The URL with {@code key} and {@code token} masked. */
    @Override
    public String toString() {
        return masked;
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Literal addresses only: resolving a name here would do DNS on the configuring thread.
        if (!h.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static List<String> secretsOf(String rawQuery) {
        List<String> secrets = new ArrayList<>();
        if (rawQuery == null) {
            return secrets;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (eq < 0 || !isSecretParameter(name)) {
                continue;
            }
            String raw = pair.substring(eq + 1);
            addSecret(secrets, raw);
            try {
                addSecret(secrets, URLDecoder.decode(raw, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformedEscape) {
                // The raw form is already masked; a value that does not decode has no other form.
            }
        }
        // Longest first, so that a secret containing another is masked whole.
        secrets.sort((a, b) -> b.length() - a.length());
        return List.copyOf(secrets);
    }

    private static void addSecret(List<String> secrets, String value) {
        // Shorter values are no real key or token, and masking them would garble every status line.
        if (value.length() >= MIN_SECRET_CHARS && !secrets.contains(value)) {
            secrets.add(value);
        }
    }

    private static boolean isSecretParameter(String name) {
        for (String secret : SECRET_PARAMETERS) {
            if (secret.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasParameter(String rawQuery, String name) {
        for (String pair : rawQuery.split("&")) {
            if (pair.equals(name) || pair.startsWith(name + '=')) {
                return true;
            }
        }
        return false;
    }

    private static String maskQuery(URI uri) {
        StringBuilder out =
                new StringBuilder().append(uri.getScheme()).append("://").append(uri.getHost());
        if (uri.getPort() >= 0) {
            out.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            out.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            char separator = '?';
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                out.append(separator).append(eq >= 0 && isSecretParameter(name) ? name + '=' + MASK : pair);
                separator = '&';
            }
        }
        return out.toString();
    }

    private static String spaceOf(String rawPath) {
        if (rawPath != null) {
            int at = rawPath.indexOf("/spaces/");
            if (at >= 0) {
                int end = rawPath.indexOf('/', at + "/spaces/".length());
                return rawPath.substring(at + 1, end < 0 ? rawPath.length() : end);
            }
        }
        return "";
    }
}
