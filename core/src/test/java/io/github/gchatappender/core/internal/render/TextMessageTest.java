package io.github.gchatappender.core.internal.render;

import static io.github.gchatappender.core.internal.render.GoldenRenderingTest.T0;
import static io.github.gchatappender.core.internal.render.GoldenRenderingTest.frame;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.gchatappender.core.event.AlertEvent;
import io.github.gchatappender.core.event.ThrowableSnapshot;
import io.github.gchatappender.core.internal.event.AlertBatch;
import java.io.IOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TEXT format: mentions, follow-ups, the link line, time zones, MDC details, application frames. */
class TextMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FENCE = "```";
    private static final String LINK =
            "https://grafana.example.com/explore?traceId={mdc:traceId}&app={applicationName}";

    // ---------------------------------------------------------------- mentions

    @Test
    void mentionsAreOnTheFirstLineOfTheFirstMessageOnly() throws IOException {
        MessageRenderer renderer = TestOptions.renderer(options().withMentions(List.of("users/all", "users/42")));
        AlertBatch batch = GoldenRenderingTest.oneError(Map.of());

        String first = renderer.text(batch);

        assertThat(first).startsWith("<users/all> <users/42> *ERROR* IllegalStateException in OrderService");
        assertThat(countOf(first, "<users/")).isEqualTo(2);
        assertThat(first.substring(first.indexOf('\n')))
                .doesNotContain("<users/")
                .doesNotContain("<");
        assertThat(JSON.readTree(renderer.render(batch)).get("text").asText()).isEqualTo(first);

        renderer.delivered(batch);
        String again = renderer.text(GoldenRenderingTest.oneError(Map.of()));

        assertThat(again)
                .startsWith("*ERROR* IllegalStateException in OrderService")
                .doesNotContain("users/");
    }

    @Test
    void mentionsComeBackForAnotherGroup() {
        MessageRenderer renderer = TestOptions.renderer(options().withMentions(List.of("users/all")));
        AlertBatch batch = GoldenRenderingTest.oneError(Map.of());
        renderer.delivered(batch);

        assertThat(renderer.text(GoldenRenderingTest.noException(Map.of())))
                .startsWith("<users/all> *ERROR* in ExportJob");
    }

    // ---------------------------------------------------------------- follow-up

    @Test
    void followUpIsCompactAndListsOnlyNewPatterns() {
        MessageRenderer renderer = TestOptions.renderer(options().withLinkTemplate(LINK));
        AlertBatch first = GoldenRenderingTest.storm(Map.of("traceId", "abc"));
        String full = renderer.text(first);
        renderer.delivered(first);

        String followUp = renderer.text(GoldenRenderingTest.stormContinued(Map.of("traceId", "abc")));
        List<String> lines = Arrays.asList(followUp.split("\n"));

        assertThat(full).contains(FENCE).contains("logger ");
        assertThat(lines.get(0))
                .isEqualTo("*ERROR* TimeoutException in PaymentClient \u00B7 checkout \u00B7 prod \u00B7 again");
        assertThat(lines.get(1)).isEqualTo("\u00D715 more in 11 s (first 10:03:21Z, last 10:03:32Z)");
        assertThat(followUp)
                .doesNotContain(FENCE)
                .doesNotContain("java.util.concurrent")
                .doesNotContain("logger ")
                .doesNotContain("Payment 100")
                .doesNotContain("Inventory service");
        assertThat(lines)
                .filteredOn(line -> line.startsWith("\u2022 "))
                .containsExactly(
                        "\u2022 new: Payment provider returned HTTP 502 Bad Gateway \u00D72 in 3 s (first 10:03:27Z, last 10:03:30Z)",
                        "\u2022 and 13 more like those already in this thread");
        assertThat(lines.get(lines.size() - 1))
                .isEqualTo("<https://grafana.example.com/explore?traceId=abc&app=checkout|Open logs>");
    }

    @Test
    void followUpBeforeDeliveryIsStillFull() {
        MessageRenderer renderer = TestOptions.renderer(options());
        AlertBatch first = GoldenRenderingTest.oneError(Map.of());
        String full = renderer.text(first);

        // Rendered but not delivered (a failed send): the next message must again be the full one.
        assertThat(renderer.text(GoldenRenderingTest.oneError(Map.of()))).isEqualTo(full);
    }

    // ---------------------------------------------------------------- link

    @Test
    void linkLineCarriesUrlEncodedValues() {
        MessageRenderer renderer = TestOptions.renderer(options().withLinkTemplate(LINK));

        String text = renderer.text(GoldenRenderingTest.oneError(Map.of("traceId", "a b&c=<d>|e")));

        String last = text.substring(text.lastIndexOf('\n') + 1);
        assertThat(last)
                .isEqualTo(
                        "<https://grafana.example.com/explore?traceId=a%20b%26c%3D%3Cd%3E%7Ce&app=checkout|Open logs>");
        assertThat(countOf(text, "<"))
                .as("only the link opens an angle bracket")
                .isEqualTo(1);
    }

    @Test
    void withoutLinkTemplateThereIsNoLinkLine() {
        String text = TestOptions.renderer(options()).text(GoldenRenderingTest.oneError(Map.of("traceId", "abc")));

        assertThat(text).doesNotContain("Open logs").doesNotContain("<");
    }

    // ---------------------------------------------------------------- time zone

    @Test
    void timeZoneShowsLocalTimesWithTheirOffset() {
        MessageRenderer renderer = TestOptions.renderer(options().withTimeZone(ZoneId.of("Europe/Berlin")));

        String text = renderer.text(GoldenRenderingTest.storm(Map.of()));

        assertThat(text).contains("\u00D737 in 54 s (first 11:02:11+01:00, last 11:03:05+01:00)\n");
        assertThat(text)
                .contains("\u2022 Inventory service returned HTTP 503 \u00D73 in 36 s (first 11:02:16+01:00, "
                        + "last 11:02:52+01:00)\n");
        assertThat(text).endsWith(" \u00B7 time 2026-11-29T11:02:11.123+01:00");
        assertThat(text).doesNotContain("10:02:11");
    }

    @Test
    void defaultTimeZoneIsUtc() {
        String text = TestOptions.renderer(options()).text(GoldenRenderingTest.storm(Map.of()));

        assertThat(text).contains("(first 10:02:11Z, last 10:03:05Z)").endsWith("time 2026-11-29T10:02:11.123Z");
    }

    // ---------------------------------------------------------------- MDC keys

    @Test
    void mdcKeysAreShownInTheFooterAndUnsetKeysAreLeftOut() {
        MessageRenderer renderer = TestOptions.renderer(options().withMdcKeys(List.of("traceId", "tenant")));

        String text = renderer.text(GoldenRenderingTest.oneError(Map.of("traceId", "abc", "userId", "u-7")));

        String footer = text.substring(text.lastIndexOf('\n') + 1);
        assertThat(footer)
                .startsWith("logger com.acme.checkout.OrderService \u00B7 ")
                .endsWith(" \u00B7 traceId abc");
        assertThat(text).doesNotContain("tenant").doesNotContain("userId").doesNotContain("u-7");
    }

    @Test
    void mdcValuesAreNeutralisedInTheFooter() {
        MessageRenderer renderer = TestOptions.renderer(options().withMdcKeys(List.of("traceId")));

        String text = renderer.text(GoldenRenderingTest.oneError(Map.of("traceId", "<users/all>\n```")));

        assertThat(text)
                .endsWith(" \u00B7 traceId \u2039users/all> \u02CB\u02CB\u02CB")
                .doesNotContain("<");
    }

    // ---------------------------------------------------------------- appPackages

    @Test
    void appPackagesShowApplicationFramesDeepUnderFrameworkFrames() {
        MessageRenderer renderer = TestOptions.renderer(options().withAppPackages(List.of("com.acme")));

        String trace = traceOf(renderer.text(deepTrace()));

        assertThat(trace)
                .isEqualTo("org.hibernate.exception.LockAcquisitionException: could not execute statement\n"
                        + "\tat org.hibernate.engine.jdbc.spi.SqlExceptionHelper.convert(SqlExceptionHelper.java:64)\n"
                        + "\t... 30 frames omitted\n"
                        + "\tat com.acme.checkout.OrderService.placeOrder(OrderService.java:42)\n"
                        + "\t... 30 frames omitted\n"
                        + "\tat com.acme.checkout.OrderController.create(OrderController.java:31)\n"
                        + "\t... 20 frames omitted\n");
    }

    @Test
    void withoutAppPackagesTheFramesNearestTheThrowAreShown() {
        String trace = traceOf(TestOptions.renderer(options()).text(deepTrace()));

        assertThat(trace)
                .doesNotContain("com.acme")
                .contains("\tat org.springframework.aop.framework.Proxy14.proceed")
                .endsWith("\t... " + (83 - 16) + " frames omitted\n");
    }

    @Test
    void appPackagesWithoutMatchingFramesFallBackToTheNearestFrames() {
        MessageRenderer withOther = TestOptions.renderer(options().withAppPackages(List.of("org.example")));

        assertThat(traceOf(withOther.text(deepTrace())))
                .isEqualTo(traceOf(TestOptions.renderer(options()).text(deepTrace())));
    }

    // ---------------------------------------------------------------- helpers

    private static TestOptions options() {
        return TestOptions.defaults("checkout", "prod", "web-1");
    }

    /**
     * Thrown in Hibernate; the application's two frames sit under 30 Spring frames each, the request
     * thread's 20 Tomcat frames below them: 83 frames.
     */
    private static AlertBatch deepTrace() {
        List<StackTraceElement> frames = new ArrayList<>();
        frames.add(frame("org.hibernate.engine.jdbc.spi.SqlExceptionHelper", "convert", "SqlExceptionHelper.java", 64));
        for (int i = 0; i < 30; i++) {
            frames.add(frame("org.springframework.aop.framework.Proxy" + i, "proceed", "Proxy.java", 100 + i));
        }
        frames.add(frame("com.acme.checkout.OrderService", "placeOrder", "OrderService.java", 42));
        for (int i = 0; i < 30; i++) {
            frames.add(frame("org.springframework.web.filter.Filter" + i, "doFilter", "Filter.java", 200 + i));
        }
        frames.add(frame("com.acme.checkout.OrderController", "create", "OrderController.java", 31));
        for (int i = 0; i < 20; i++) {
            frames.add(frame("org.apache.catalina.core.Valve" + i, "invoke", "Valve.java", 300 + i));
        }
        ThrowableSnapshot thrown = new ThrowableSnapshot(
                "org.hibernate.exception.LockAcquisitionException",
                "could not execute statement",
                frames,
                0,
                null,
                null);
        AlertEvent event = GoldenRenderingTest.event(
                T0,
                "com.acme.checkout.OrderService",
                "http-nio-8080-exec-1",
                "Order 42 could not be saved",
                null,
                Map.of(),
                thrown);
        return new AlertBatch("OrderService.LockAcquisitionException-0123456789ab", event, 0);
    }

    /** The text inside the code block. */
    private static String traceOf(String text) {
        int open = text.indexOf(FENCE + "\n");
        int close = text.indexOf(FENCE, open + FENCE.length());
        assertThat(open).as("a code block in%n%s", text).isNotNegative();
        assertThat(countOf(text, FENCE)).isEqualTo(2);
        return text.substring(open + FENCE.length() + 1, close);
    }

    private static int countOf(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }
}
