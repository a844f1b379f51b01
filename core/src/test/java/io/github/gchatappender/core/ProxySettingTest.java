package io.github.gchatappender.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code proxy} setting: what users copy from HTTPS_PROXY works, and anything else stops the appender. */
class ProxySettingTest {

    static final String URL = "http://127.0.0.1:1/v1/spaces/P/messages?key=proxy-key-123&token=proxy-token-456";
    static final String PASSWORD = "s3cret-Pa55word";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "proxy.corp:3128              | proxy.corp | 3128",
                "http://proxy.corp:3128       | proxy.corp | 3128",
                "http://proxy.corp:3128/      | proxy.corp | 3128",
                "HTTP://Proxy.Corp:3128       | Proxy.Corp | 3128",
                "'  http://proxy.corp:3128  ' | proxy.corp | 3128",
                "10.0.0.1:8080                | 10.0.0.1   | 8080",
                "proxy-1.corp.example:65535   | proxy-1.corp.example | 65535",
            })
    void hostPortAndHttpUrlsAreUnderstood(String value, String host, int port) {
        InetSocketAddress proxy = build(value).transport().proxy();

        assertThat(proxy.getHostString()).isEqualTo(host);
        assertThat(proxy.getPort()).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::1]:3128", "http://[::1]:3128", "http://[0:0:0:0:0:0:0:1]:3128/"})
    void ipv6LiteralsAreUnderstood(String value) {
        InetSocketAddress proxy = build(value).transport().proxy();

        assertThat(proxy.getAddress()).as("a literal needs no lookup").isNotNull();
        assertThat(proxy.getAddress().isLoopbackAddress()).isTrue();
        assertThat(proxy.getPort()).isEqualTo(3128);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "no-port",
                "proxy.corp:",
                ":3128",
                "host :3128",
                "proxy.corp:31 28",
                "proxy.corp:0",
                "proxy.corp:65536",
                "proxy.corp:-1",
                "proxy.corp:http",
                "http://proxy.corp",
                "http://proxy.corp/",
                "http://:3128",
                "http://proxy.corp:3128/path",
                "http://proxy.corp:3128?x=1",
                "http://proxy.corp:3128#x",
                "http:/proxy.corp:3128",
                "https://proxy.corp:3128",
                "socks5://proxy.corp:1080",
                "ftp://proxy.corp:21",
                "::1:3128",
                "[::1]",
                "[::1:3128",
                "[proxy.corp]:3128",
                "proxy.corp:3128:3128",
                "proxy.corp:3128/",
                "http://proxy.corp:3128//",
            })
    void anythingElseStopsTheAppenderNamingTheSetting(String value) {
        InvalidSettingException e = rejected(value);

        assertThat(e).as("rejects '%s'", value).isNotNull();
        assertThat(e.setting()).isEqualTo("proxy");
        assertThat(e.getMessage()).startsWith("proxy ").contains("host:port").contains("'" + value.trim() + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://proxy.corp:3128", "HTTPS://proxy.corp:3128/"})
    void anHttpsProxyUrlIsRejectedSayingWhy(String value) {
        assertThat(rejected(value).problem()).contains("https://").contains("http://");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "user:" + PASSWORD + "@proxy.corp:3128",
                "http://user:" + PASSWORD + "@proxy.corp:3128",
                "http://user:" + PASSWORD + "@proxy.corp:3128/",
                "http://user:" + PASSWORD + "@proxy.corp",
                "https://user:" + PASSWORD + "@proxy.corp:3128",
                "host :3128@" + PASSWORD,
                "http://" + PASSWORD + "@[::1]:3128",
            })
    void credentialsAreRejectedClearlyAndNeverPrinted(String value) {
        InvalidSettingException e = rejected(value);

        assertThat(e.setting()).isEqualTo("proxy");
        assertThat(e.problem()).contains("authentication is not supported");
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain(PASSWORD);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankMeansTheJvmsProxySettings(String value) {
        assertThat(build(value).transport().proxy()).isNull();
    }

    private static SenderSettings build(String proxy) {
        return SenderSettings.builder().webhookUrl(URL).proxy(proxy).build();
    }

    private static InvalidSettingException rejected(String proxy) {
        return catchThrowableOfType(InvalidSettingException.class, () -> build(proxy));
    }
}
