package io.github.gchatappender.redis;

import io.github.gchatappender.core.fleet.FleetStoreAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The secrets of a store's address, the user information and the password in it, as given and as
 * decoded: a third party's text (Lettuce's, Netty's, Redis's) that names one gets {@code ****} in its
 * place before this module shows it. Over-masking is harmless: a one-letter password masks that letter
 * everywhere.
 */
final class Secrets {

    private final List<String> secrets;

    Secrets(FleetStoreAddress address) {
        URI uri = address.uri();
        Set<String> found = new LinkedHashSet<>();
        addWithPassword(found, uri.getRawUserInfo());
        addWithPassword(found, uri.getUserInfo());
        addWithPassword(found, decode(uri.getRawUserInfo()));
        found.removeIf(String::isEmpty);
        List<String> longestFirst = new ArrayList<>(found);
        // "user:pass" before "pass", so that the whole goes at once.
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(longestFirst);
    }

    /** {@code text} with every secret replaced by {@code ****}. */
    String mask(String text) {
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, "****");
        }
        return masked;
    }

    private static void addWithPassword(Set<String> found, String userInfo) {
        if (userInfo == null) {
            return;
        }
        found.add(userInfo);
        int colon = userInfo.indexOf(':');
        if (colon >= 0) {
            found.add(userInfo.substring(colon + 1));
        }
    }

    private static String decode(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            // URLDecoder turns '+' into a space, which URI does not: both forms go.
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
