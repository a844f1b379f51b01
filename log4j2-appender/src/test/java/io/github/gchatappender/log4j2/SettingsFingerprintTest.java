package io.github.gchatappender.log4j2;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.testkit.FakeFleetStoreProvider;
import org.junit.jupiter.api.Test;

/**
 * The manager's name tells settings apart, the webhook's token and the fleet store's password included, and
 * never shows either.
 */
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

    /** Two stores that differ only in the password: the masked form shows them alike, the fingerprints differ. */
    @Test
    void settingsThatDifferOnlyInTheFleetStoresPasswordHaveDifferentFingerprints() throws Exception {
        SenderSettings one = FakeFleetStoreProvider.visibleDuring(() -> withFleetStore("first-password-0123"));
        SenderSettings other = FakeFleetStoreProvider.visibleDuring(() -> withFleetStore("second-password-4567"));
        SenderSettings none = withToken("first-token-0123");
        assertThat(one.toString()).as("the masked form cannot tell them apart").isEqualTo(other.toString());

        assertThat(SettingsFingerprint.of(one))
                .isNotEqualTo(SettingsFingerprint.of(other))
                .isNotEqualTo(SettingsFingerprint.of(none))
                .doesNotContain("first-password-0123");
        assertThat(SettingsFingerprint.of(one))
                .isEqualTo(SettingsFingerprint.of(
                        FakeFleetStoreProvider.visibleDuring(() -> withFleetStore("first-password-0123"))));
    }

    private static SenderSettings withFleetStore(String password) {
        return SenderSettings.builder()
                .name("GoogleChat")
                .webhookUrl(URL + "first-token-0123")
                .fleetStore("redis://:" + password + "@redis.internal:6379/0")
                .build();
    }

    @Test
    void theFingerprintRevealsNeitherTokenNorKey() {
        String fingerprint = SettingsFingerprint.of(withToken("first-token-0123"));

        assertThat(fingerprint).doesNotContain("first-token-0123").doesNotContain("the-key");
    }
}
