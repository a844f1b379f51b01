package io.github.gchatappender.log4j2;

import io.github.gchatappender.core.SenderSettings;
import io.github.gchatappender.core.fleet.FleetStoreAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Sixteen hex digits that tell two settings apart, the webhook URL's key and token and the fleet store's
 * password included, without revealing them: for the {@link GoogleChatManager}'s name, which Log4j2 may
 * print, and which must differ when the settings do (a reconfiguration that changes only the token, or
 * only the store's password, needs a new sender).
 */
final class SettingsFingerprint {

    private SettingsFingerprint() {}

    static String of(SenderSettings settings) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        // toString() masks the URL's key and token; the URL itself tells settings apart that differ only there.
        sha.update(settings.toString().getBytes(StandardCharsets.UTF_8));
        sha.update(settings.transport().webhookUrl().getBytes(StandardCharsets.UTF_8));
        // So does the fleet store's whole URL, where the masked one leaves its password out.
        FleetStoreAddress fleetStore = settings.transport().fleetStore();
        sha.update((byte) 0);
        if (fleetStore != null) {
            sha.update(fleetStore.uri().toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] digest = sha.digest();
        StringBuilder hex = new StringBuilder(16);
        for (int i = 0; i < 8; i++) {
            hex.append(String.format("%02x", digest[i]));
        }
        return hex.toString();
    }
}
