package io.github.gchatappender.core;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code proxy} setting: {@code host:port}, or the URL users copy from {@code HTTPS_PROXY},
 * {@code http://host:port} with or without a trailing slash; an IPv6 literal in brackets in either
 * ({@code [::1]:3128}). Anything else is an {@link InvalidSettingException} naming {@code proxy}, so
 * that the appender stays stopped and says why, rather than starting and dropping every alert on a
 * proxy address that cannot work. Used by {@link SenderSettings.Builder}.
 *
 * <p>Rejected on purpose, each with its own reason: credentials ({@code user:password@}), because
 * the JDK's HTTP client authenticates to a proxy only through an {@code Authenticator}, so they would
 * be silently ignored; the value is then never quoted, since it holds a password. And
 * {@code https://}, a TLS connection to the proxy itself, which the JDK's HTTP client cannot make.
 */
final class ProxySetting {

    private static final String SETTING = "proxy";
    private static final String FORMS = "must be host:port or http://host:port of an HTTP proxy ([::1]:3128 for IPv6)";
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(.*)", Pattern.DOTALL);
    private static final Pattern NAME_AND_PORT =
            Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?):(\\d{1,5})");
    private static final Pattern IPV6_AND_PORT = Pattern.compile("\\[([0-9A-Fa-f:.]+)\\]:(\\d{1,5})");

    private ProxySetting() {}

    /**
     * The proxy's address, a name left unresolved (looked up when connecting, on the HTTP client's
     * threads, never on the configuring thread), or null when {@code value} is null or blank.
     *
     * @throws InvalidSettingException naming {@code proxy}; its message never holds a password
     */
    static InetSocketAddress parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.indexOf('@') >= 0) {
            // Not quoted: what precedes the '@' is a user name and, most likely, a password.
            throw new InvalidSettingException(
                    SETTING,
                    "holds a user name or password (user:password@), but proxy authentication is not supported"
                            + " (the JDK's HTTP client would need an Authenticator): remove them, and use a proxy"
                            + " that needs none, as host:port or http://host:port");
        }
        String hostAndPort = text;
        Matcher url = SCHEME.matcher(text);
        if (url.matches()) {
            String scheme = url.group(1).toLowerCase(Locale.ROOT);
            if (scheme.equals("https")) {
                throw new InvalidSettingException(
                        SETTING,
                        "is an https:// URL, a TLS connection to the proxy, which the JDK's HTTP client cannot make;"
                                + " write http://host:port (the webhook's requests still go through it encrypted),"
                                + " was '" + text + "'");
            }
            if (!scheme.equals("http")) {
                throw invalid(text);
            }
            hostAndPort = url.group(2).endsWith("/")
                    ? url.group(2).substring(0, url.group(2).length() - 1)
                    : url.group(2);
        }
        Matcher name = NAME_AND_PORT.matcher(hostAndPort);
        if (name.matches()) {
            return InetSocketAddress.createUnresolved(name.group(1), port(name.group(2), text));
        }
        Matcher ipv6 = IPV6_AND_PORT.matcher(hostAndPort);
        if (ipv6.matches()) {
            return new InetSocketAddress(ipv6Literal(ipv6.group(1), text), port(ipv6.group(2), text));
        }
        throw invalid(text);
    }

    private static int port(String digits, String text) {
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65535) {
            throw invalid(text);
        }
        return port;
    }

    private static InetAddress ipv6Literal(String address, String text) {
        if (address.indexOf(':') < 0) {
            throw invalid(text);
        }
        try {
            // Holds a ':', so the JDK parses it as an IPv6 literal and never asks DNS.
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw invalid(text);
        }
    }

    private static InvalidSettingException invalid(String text) {
        return new InvalidSettingException(SETTING, FORMS + ", was '" + text + "'");
    }
}
