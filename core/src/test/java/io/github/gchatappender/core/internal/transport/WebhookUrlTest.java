package io.github.gchatappender.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.gchatappender.core.InvalidSettingException;
import io.github.gchatappender.core.SenderSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlTest {

    private static final String KEY = "FAKE-KEY-0123456789abcdefghij";
    private static final String TOKEN = "FAKE-TOKEN-zyxwvutsrq9876543210";
    private static final String URL =
            "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=" + KEY + "&token=" + TOKEN;
    private static final String REPLY = "messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";

    // ---------------------------------------------------------------- rejected

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t\n"})
    void missingUrlIsRejected(String url) {
        // The builder looks a missing URL up first, then names the setting: see SenderSettingsTest.
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> WebhookUrl.parse(url));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("missing");
    }

    /** {@code url} rejected by the parser, and by the settings' builder as the {@code webhookUrl} setting. */
    private static InvalidSettingException rejected(String url) {
        IllegalArgumentException parsed =
                catchThrowableOfType(IllegalArgumentException.class, () -> WebhookUrl.parse(url));
        assertThat(parsed).as("parse rejects %s", url).isNotNull();
        assertThat(parsed.getMessage()).doesNotContain("KEYVALUE").doesNotContain("TOKEN");
        InvalidSettingException e = catchThrowableOfType(
                InvalidSettingException.class,
                () -> SenderSettings.builder().webhookUrl(url).build());
        assertThat(e).as("the builder rejects %s", url).isNotNull();
        assertThat(e.problem()).isEqualTo(parsed.getMessage());
        return e;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not a url",
                "garbage",
                "://nohost",
                "ftp://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t",
                "file:///etc/passwd",
                "mailto:someone@example.com",
                "/v1/spaces/AAAA/messages?key=k&token=t",
                "v1/spaces/AAAA/messages",
                "chat.googleapis.com/v1/spaces/AAAA/messages",
                "https:///v1/spaces/AAAA/messages",
                "https:relative/path",
                "http://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t",
                "http://10.0.0.1/webhook",
                "http://localhost.evil.example/webhook",
                "http://127.0.0.1.nip.io/webhook",
                "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=${GCHAT_KEY}&token=t",
            })
    void invalidUrlsAreRejectedNamingTheSetting(String url) {
        InvalidSettingException e = rejected(url);

        assertThat(e).as("rejects %s", url).isNotNull();
        assertThat(e.setting()).isEqualTo("webhookUrl");
        assertThat(e.getMessage()).startsWith("webhookUrl ");
    }

    @Test
    void plainHttpToRemoteHostIsRejectedWithAReason() {
        assertThat(rejected("http://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("plain http")
                .hasMessageNotContaining("token=t");
    }

    // ---------------------------------------------------------------- accepted

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://localhost:8080/v1/spaces/AAAA/messages?key=k&token=t",
                "http://LOCALHOST/v1/spaces/AAAA/messages",
                "http://127.0.0.1:9999/v1/spaces/AAAA/messages?key=k&token=t",
                "http://127.0.0.2/hook",
                "http://[::1]:8080/v1/spaces/AAAA/messages?key=k&token=t",
                "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t",
                "HTTPS://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t",
                "  https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t  ",
                "https://example.com",
            })
    void acceptedUrls(String url) {
        WebhookUrl parsed = WebhookUrl.parse(url);

        assertThat(parsed.threadedUri().getQuery()).contains(REPLY);
        assertThat(parsed.threadedUri().isAbsolute()).isTrue();
    }

    // ---------------------------------------------------------------- threaded URI

    @Test
    void threadedUriKeepsEveryParameterAndAddsTheReplyOption() {
        WebhookUrl url = WebhookUrl.parse(URL);

        assertThat(url.threadedUri().toString()).isEqualTo(URL + "&" + REPLY);
        assertThat(url.threadedUri().getHost()).isEqualTo("chat.googleapis.com");
        assertThat(url.threadedUri().getPath()).isEqualTo("/v1/spaces/AAAA/messages");
    }

    @Test
    void threadedUriKeepsPercentEncodedValuesExactly() {
        String raw = "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k%2Fx&token=a%2Bb%3D&extra=1%202&flag";

        WebhookUrl url = WebhookUrl.parse(raw);

        assertThat(url.threadedUri().toString()).isEqualTo(raw + "&" + REPLY);
        assertThat(url.threadedUri().getRawQuery())
                .contains("token=a%2Bb%3D")
                .contains("key=k%2Fx")
                .contains("extra=1%202")
                .contains("&flag&");
    }

    @Test
    void replyOptionIsNotAddedTwice() {
        String raw = URL + "&" + REPLY;

        WebhookUrl url = WebhookUrl.parse(raw);

        assertThat(url.threadedUri().toString()).isEqualTo(raw);
        assertThat(countOf(url.threadedUri().toString(), "messageReplyOption")).isEqualTo(1);
    }

    @Test
    void userChosenReplyOptionIsKept() {
        String raw =
                "https://chat.googleapis.com/v1/spaces/AAAA/messages?messageReplyOption=REPLY_MESSAGE_OR_FAIL&key=k&token=t";

        assertThat(WebhookUrl.parse(raw).threadedUri().toString()).isEqualTo(raw);
    }

    @Test
    void urlWithoutQueryGetsOnlyTheReplyOption() {
        assertThat(WebhookUrl.parse("https://example.com/hook").threadedUri().toString())
                .isEqualTo("https://example.com/hook?" + REPLY);
        assertThat(WebhookUrl.parse("https://example.com/hook?").threadedUri().toString())
                .isEqualTo("https://example.com/hook?" + REPLY);
    }

    @Test
    void fragmentIsNotSent() {
        WebhookUrl url = WebhookUrl.parse(URL + "#frag");

        assertThat(url.threadedUri().getFragment()).isNull();
        assertThat(url.threadedUri().toString()).isEqualTo(URL + "&" + REPLY);
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void toStringMasksKeyAndToken() {
        String shown = WebhookUrl.parse(URL + "&other=visible").toString();

        assertThat(shown).doesNotContain(KEY).doesNotContain(TOKEN);
        assertThat(shown)
                .isEqualTo("https://chat.googleapis.com/v1/spaces/AAAA/messages?key=***&token=***&other=visible");
    }

    @Test
    void toStringMasksSecretParametersWhateverTheirCase() {
        String shown = WebhookUrl.parse("https://h/v1/spaces/S/messages?KEY=" + KEY + "&Token=" + TOKEN)
                .toString();

        assertThat(shown)
                .doesNotContain(KEY)
                .doesNotContain(TOKEN)
                .contains("KEY=***")
                .contains("Token=***");
    }

    @Test
    void toStringDropsUserInfo() {
        String shown = WebhookUrl.parse("https://user:" + TOKEN + "@example.com:8443/hook")
                .toString();

        assertThat(shown).doesNotContain(TOKEN).isEqualTo("https://example.com:8443/hook");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=KEYVALUE&token=TOKEN VALUE",
                "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=KEYVALUE&token=TOKENVALUE${x}",
                "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=KEYVALUE&token=TOKENVALUE%zz",
                "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=KEYVALUE&token=TOKEN\"VALUE",
                "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=KEYVALUE&token=TOKEN<VALUE>",
                "ftp://chat.googleapis.com/v1/spaces/AAAA/messages?key=KEYVALUE&token=TOKENVALUE",
                "http://chat.googleapis.com/v1/spaces/AAAA/messages?key=KEYVALUE&token=TOKENVALUE",
                "chat.googleapis.com/v1/spaces/AAAA/messages?key=KEYVALUE&token=TOKENVALUE",
                "https://chat.googleapis.com:notaport/v1/spaces/AAAA/messages?key=KEYVALUE&token=TOKENVALUE",
            })
    void exceptionMessagesNeverContainSecrets(String url) {
        InvalidSettingException e = rejected(url);

        assertThat(e).as("rejects %s", url).isNotNull();
        assertThat(e.getMessage()).doesNotContain("KEYVALUE").doesNotContain("TOKEN");
        assertThat(e.problem()).doesNotContain("KEYVALUE").doesNotContain("TOKEN");
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage()))
                    .doesNotContain("KEYVALUE")
                    .doesNotContain("TOKEN");
        }
    }

    @Test
    void maskReplacesRawAndDecodedForms() {
        WebhookUrl url =
                WebhookUrl.parse("https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k3y%2Fv&token=a%2Bb%3D");

        assertThat(url.mask("sent token=a%2Bb%3D to server")).isEqualTo("sent token=*** to server");
        assertThat(url.mask("server said: bad token a+b= here")).isEqualTo("server said: bad token *** here");
        assertThat(url.mask("k3y%2Fv and k3y/v")).isEqualTo("*** and ***");
        assertThat(url.mask("nothing secret")).isEqualTo("nothing secret");
        assertThat(url.mask(null)).isNull();
    }

    @Test
    void maskReplacesEveryOccurrenceOfLongSecrets() {
        WebhookUrl url = WebhookUrl.parse(URL);

        String masked = url.mask("POST " + URL + " failed; token " + TOKEN + " key " + KEY);

        assertThat(masked).doesNotContain(TOKEN).doesNotContain(KEY);
        assertThat(countOf(masked, WebhookUrl.MASK)).isEqualTo(4);
    }

    @Test
    void maskHandlesASecretContainingTheOther() {
        WebhookUrl url = WebhookUrl.parse("https://h/v1/spaces/S/messages?key=abcd&token=xxabcdxx");

        assertThat(url.mask("t=xxabcdxx k=abcd")).isEqualTo("t=*** k=***");
    }

    @Test
    void valuesTooShortToBeRealSecretsAreNotMaskedSoTextStaysReadable() {
        WebhookUrl url = WebhookUrl.parse("https://h/v1/spaces/S/messages?key=k&token=t");

        assertThat(url.mask("the token is wrong")).isEqualTo("the token is wrong");
    }

    @Test
    void spaceIsTakenFromThePath() {
        assertThat(WebhookUrl.parse(URL).space()).isEqualTo("spaces/AAAA");
        assertThat(WebhookUrl.parse("https://chat.googleapis.com/v1/spaces/AAAA")
                        .space())
                .isEqualTo("spaces/AAAA");
        assertThat(WebhookUrl.parse("https://example.com/hook").space()).isEmpty();
        assertThat(WebhookUrl.parse("https://example.com").space()).isEmpty();
    }

    // ---------------------------------------------------------------- quota key

    /** Google counts per space: every spelling of one space's webhook must share one quota in the JVM. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://chat.googleapis.com:443/v1/spaces/AAAA/messages?key=" + KEY + "&token=" + TOKEN,
                "https://CHAT.GoogleAPIs.com/v1/spaces/AAAA/messages?key=" + KEY + "&token=" + TOKEN,
                "HTTPS://chat.googleapis.com./v1/spaces/AAAA/messages?key=" + KEY + "&token=" + TOKEN,
                "https://chat.googleapis.com/v1/spaces/AAAA/messages/?key=" + KEY + "&token=" + TOKEN,
                "https://chat.googleapis.com/v1/spaces/AAAA/messages//?key=" + KEY + "&token=" + TOKEN,
                "https://chat.googleapis.com/v1/spaces/%41AAA/messages?key=" + KEY + "&token=" + TOKEN,
                "https://chat.googleapis.com/v1/spaces/AAAA/messages?token=" + TOKEN + "&key=" + KEY,
                "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=other-key-1234&token=other-token-5678",
                "https://user:pw@chat.googleapis.com/v1/spaces/AAAA/messages?key=" + KEY + "&token=" + TOKEN,
            })
    void everySpellingOfOneSpaceHasOneQuotaKey(String spelling) {
        assertThat(WebhookUrl.parse(spelling).quotaKey())
                .isEqualTo(WebhookUrl.parse(URL).quotaKey());
    }

    @Test
    void aPathWithoutASpaceIsKeyedWithoutItsTrailingSlashesOrDefaultPort() {
        assertThat(WebhookUrl.parse("https://Example.com:443/hook/").quotaKey())
                .isEqualTo(WebhookUrl.parse("https://example.com/hook").quotaKey());
        assertThat(WebhookUrl.parse("http://localhost:80/hook").quotaKey())
                .isEqualTo(WebhookUrl.parse("http://LOCALHOST/hook//").quotaKey());
    }

    @Test
    void otherSpacesPortsAndHostsKeepQuotasOfTheirOwn() {
        String key = WebhookUrl.parse(URL).quotaKey();

        assertThat(WebhookUrl.parse("https://chat.googleapis.com/v1/spaces/AAAB/messages")
                        .quotaKey())
                .isNotEqualTo(key);
        assertThat(WebhookUrl.parse("https://chat.googleapis.com/v1/spaces/aaaa/messages")
                        .quotaKey())
                .as("space ids are case-sensitive")
                .isNotEqualTo(key);
        assertThat(WebhookUrl.parse("https://chat.googleapis.com:8443/v1/spaces/AAAA/messages")
                        .quotaKey())
                .isNotEqualTo(key);
        assertThat(WebhookUrl.parse("http://127.0.0.1:8080/v1/spaces/AAAA/messages")
                        .quotaKey())
                .isNotEqualTo(WebhookUrl.parse("http://127.0.0.1:8081/v1/spaces/AAAA/messages")
                        .quotaKey());
    }

    @Test
    void theQuotaKeyHoldsNoSecret() {
        String key = WebhookUrl.parse("https://user:" + TOKEN + "@chat.googleapis.com/v1/spaces/AAAA/messages?key="
                        + KEY + "&token=" + TOKEN)
                .quotaKey();
        String pathOnly = WebhookUrl.parse("https://example.com/hook?key=" + KEY + "&token=" + TOKEN)
                .quotaKey();

        assertThat(key).doesNotContain(KEY).doesNotContain(TOKEN);
        assertThat(pathOnly).doesNotContain(KEY).doesNotContain(TOKEN);
    }

    private static int countOf(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }
}
