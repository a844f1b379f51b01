package io.github.gchatappender.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.transport.JdkHttpTransport;
import io.github.gchatappender.core.internal.transport.WebhookUrl;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The host application's memory, objects and network settings are respected. */
class HostSafetyTest {

    static final String URL = "http://127.0.0.1:1/v1/spaces/HOST/messages?key=host-key-123&token=host-token-456";
    final RecordingStatus status = new RecordingStatus();
    GoogleChatSender sender;
    HttpServer proxy;

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.stop();
        }
        if (proxy != null) {
            proxy.stop(0);
        }
    }

    /** A sender whose dispatcher never starts: what is offered stays queued, as behind a slow webhook. */
    GoogleChatSender queueOnly(int queueSize) {
        SenderSettings settings = SenderSettings.builder()
                .name("host")
                .webhookUrl(URL)
                .queueSize(queueSize)
                .build();
        return new GoogleChatSender(
                settings,
                status,
                new EngineParts()
                        .transport(new JdkHttpTransport(
                                WebhookUrl.parse(settings.transport().webhookUrl()), Duration.ofSeconds(1))));
    }

    @Test
    void aQueuedEventHoldsNoneOfTheApplicationsObjects() {
        sender = queueOnly(10);
        Object argument = new Object();
        IllegalStateException thrown = new IllegalStateException("held?");
        Map<String, String> mdc = new HashMap<>(Map.of("user", "u-1"));
        WeakReference<Object> argumentRef = new WeakReference<>(argument);
        WeakReference<Throwable> thrownRef = new WeakReference<>(thrown);

        AlertEvent event = AlertEvent.builder()
                .level("ERROR")
                .loggerName("A")
                .message("value " + argument)
                .mdc(mdc)
                .throwable(ThrowableSnapshot.of(thrown))
                .build();
        sender.offer(event);
        mdc.put("user", "changed by the application afterwards");
        argument = null;
        thrown = null;

        await().until(() -> {
            System.gc();
            return argumentRef.get() == null && thrownRef.get() == null;
        });
        assertThat(event.mdc()).containsExactly(Map.entry("user", "u-1"));
        assertThat(event.throwable().message()).isEqualTo("held?");
    }

    @Test
    void aFullQueueOfHugeEventsStaysWithinItsBoundBecauseEventsAreCappedWhenTaken() {
        sender = queueOnly(1024);
        long before = retainedHeapAfterGc();

        for (int i = 0; i < 1024; i++) {
            // A fresh megabyte each time: an uncapped snapshot would keep 1 GB.
            String huge = String.valueOf((char) ('a' + i % 26)).repeat(1 << 20);
            RuntimeException thrown = new RuntimeException(huge);
            thrown.setStackTrace(frames(10_000));
            sender.offer(AlertEvent.builder()
                    .level("ERROR")
                    .loggerName("A")
                    .message(huge)
                    .throwable(ThrowableSnapshot.of(thrown))
                    .build());
        }
        long growth = retainedHeapAfterGc() - before;

        assertThat(sender.stats().getEventsAccepted()).isEqualTo(1024);
        assertThat(growth).as("retained by 1024 queued events").isLessThan(64L << 20);
    }

    /**
     * An explicit proxy carries the requests: as {@code host:port}, as users copy it from HTTPS_PROXY,
     * and as an IPv6 literal (the last two used to pass validation, then drop every alert).
     */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:%d", "http://127.0.0.1:%d", "http://127.0.0.1:%d/", "[::1]:%d"})
    void aProxyUrlOrAnIpv6LiteralCarriesTheRequests(String form) throws Exception {
        boolean ipv6 = form.startsWith("[");
        List<String> seen = startProxy(ipv6 ? InetAddress.getByName("::1") : InetAddress.getLoopbackAddress());
        sender = GoogleChatSender.start(
                SenderSettings.builder()
                        .name("proxied-url")
                        .webhookUrl(URL)
                        .proxy(String.format(form, proxy.getAddress().getPort()))
                        .batchWindow(Duration.ZERO)
                        .build(),
                status);

        sender.offer(AlertEvent.builder()
                .level("ERROR")
                .loggerName("A")
                .message("via the proxy")
                .build());
        await().until(() -> sender.stats().getEventsDelivered() == 1);

        assertThat(seen).singleElement().asString().startsWith("POST http://127.0.0.1:1/v1/spaces/HOST/messages?key=");
        assertThat(sender.stats().getEventsDropped()).isZero();
    }

    @Test
    void withoutTheSettingTheJvmsDefaultProxySelectorIsHonoured() throws Exception {
        List<String> seen = startProxy();
        ProxySelector previous = ProxySelector.getDefault();
        InetSocketAddress address = proxy.getAddress();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(new Proxy(Proxy.Type.HTTP, address));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
        });
        try {
            sender = GoogleChatSender.start(
                    SenderSettings.builder()
                            .name("default-proxy")
                            .webhookUrl(URL)
                            .batchWindow(Duration.ZERO)
                            .build(),
                    status);
            sender.offer(AlertEvent.builder()
                    .level("ERROR")
                    .loggerName("A")
                    .message("via the default selector")
                    .build());
            await().until(() -> sender.stats().getEventsDelivered() == 1);
        } finally {
            ProxySelector.setDefault(previous);
        }
        assertThat(seen).hasSize(1);
    }

    @Test
    void aBadProxySettingNamesTheSetting() {
        assertThatThrownBy(() -> SenderSettings.builder()
                        .webhookUrl(URL)
                        .proxy("no-port")
                        .build())
                .isInstanceOfSatisfying(
                        InvalidSettingException.class,
                        e -> assertThat(e.setting()).isEqualTo("proxy"));
    }

    @Test
    void theTransportRefusesABodyOverGooglesLimitBeforeTheNetwork() {
        JdkHttpTransport transport = new JdkHttpTransport(WebhookUrl.parse(URL), Duration.ofSeconds(1));
        try {
            assertThatThrownBy(() -> transport
                            .post(new byte[32_001], Duration.ofSeconds(1))
                            .get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class);
        } finally {
            transport.close();
        }
    }

    private List<String> startProxy() throws IOException {
        return startProxy(InetAddress.getLoopbackAddress());
    }

    private List<String> startProxy(InetAddress loopback) throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        proxy = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        proxy.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] ok = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        proxy.start();
        return seen;
    }

    private static StackTraceElement[] frames(int n) {
        StackTraceElement[] frames = new StackTraceElement[n];
        for (int i = 0; i < n; i++) {
            frames[i] = new StackTraceElement("com.acme.Deep" + i, "call", "Deep.java", i);
        }
        return frames;
    }

    private static long retainedHeapAfterGc() {
        System.gc();
        long retained = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                retained += pool.getCollectionUsage().getUsed();
            }
        }
        return retained;
    }

    @Test
    void anUntrustedCertificateIsRefusedNeverTrustedAnyway() {
        com.github.tomakehurst.wiremock.WireMockServer https = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig()
                        .dynamicPort()
                        .dynamicHttpsPort());
        https.start();
        try {
            https.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(
                            com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok()));
            // WireMock's certificate is self-signed: a client that skipped certificate checks would deliver.
            sender = GoogleChatSender.start(
                    SenderSettings.builder()
                            .name("tls")
                            .webhookUrl("https://localhost:" + https.httpsPort()
                                    + "/v1/spaces/TLS/messages?key=tls-key-1&token=tls-token-1")
                            .batchWindow(Duration.ZERO)
                            .maxRetries(0)
                            .build(),
                    status);

            sender.offer(AlertEvent.builder()
                    .level("ERROR")
                    .loggerName("A")
                    .message("over TLS")
                    .build());
            await().until(() -> sender.stats().getEventsDropped() == 1);

            assertThat(sender.stats().getEventsDelivered()).isZero();
            assertThat(https.getAllServeEvents()).isEmpty();
            assertThat(status.all())
                    .containsAnyOf("SSLHandshakeException", "SSLException")
                    .doesNotContain("tls-token-1");
        } finally {
            https.stop();
        }
    }
}
