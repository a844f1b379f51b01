package io.github.gchatappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.core.SenderSettings;
import org.junit.jupiter.api.Test;

/** The manager's name tells settings apart, the webhook's token included, and never shows the token. */
class SettingsFingerprintTest {

    private static final String URL = "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=the-key&token=";

    private static SenderSettings withToken(String token) {
        return SenderSettings.builder()
                .name("GoogleChat")
                .webhookUrl(URL + token)
                .build();
    }

    @Test
    void settingsThatDifferOnlyInTheTokenHaveDifferentFingerprints() {
        SenderSettings one = withToken("first-token-0123");
        SenderSettings other = withToken("second-token-4567");
        assertThat(one.toString()).as("the masked form cannot tell them apart").isEqualTo(other.toString());

        assertThat(SettingsFingerprint.of(one)).isNotEqualTo(SettingsFingerprint.of(other));
    }

    @Test
    void theSameSettingsHaveTheSameFingerprint() {
        assertThat(SettingsFingerprint.of(withToken("first-token-0123")))
                .isEqualTo(SettingsFingerprint.of(withToken("first-token-0123")))
                .matches("[0-9a-f]{16}");
    }

    @Test
    void theFingerprintRevealsNeitherTokenNorKey() {
        String fingerprint = SettingsFingerprint.of(withToken("first-token-0123"));

        assertThat(fingerprint).doesNotContain("first-token-0123").doesNotContain("the-key");
    }
}
