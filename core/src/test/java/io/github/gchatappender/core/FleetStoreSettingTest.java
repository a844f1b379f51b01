package io.github.gchatappender.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.gchatappender.core.fleet.FleetStore;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The setting {@code fleetStore}: unset by default, looked up as the webhook URL is, checked at build, and
 * its password shown nowhere. This module's class path has no fleet store module, so a set store fails
 * the build as it does for a user who did not add one; {@link FakeFleetStoreProvider} stands in for the
 * module where a test needs one.
 */
class FleetStoreSettingTest {

    private static final String KEY = "FAKE-KEY-fleet-0123456789";
    private static final String TOKEN = "FAKE-TOKEN-fleet-abcdefghij";
    private static final String URL =
            "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=" + KEY + "&token=" + TOKEN;
    private static final String PASSWORD = "FAKE-fleet-password-42";
    private static final String STORE = "redis://:" + PASSWORD + "@redis.internal:6379/0";

    /** Without the machine's environment: a GOOGLE_CHAT_FLEET_STORE there would change the outcome. */
    private static SenderSettings.Builder valid() {
        return SenderSettings.builder().webhookUrl(URL).environmentVariables(name -> null);
    }

    private static InvalidSettingException rejected(UnaryOperator<SenderSettings.Builder> change) {
        InvalidSettingException e = catchThrowableOfType(
                InvalidSettingException.class, () -> change.apply(valid()).build());

        assertThat(e).as("fleetStore rejected").isNotNull();
        assertThat(e.setting()).isEqualTo("fleetStore");
        assertThat(e.getMessage())
                .startsWith("fleetStore ")
                .doesNotContain(PASSWORD)
                .doesNotContain("FAKE")
                .doesNotContain(KEY)
                .doesNotContain(TOKEN);
        return e;
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void unsetOrBlankMeansNoStore(String value) {
        SenderSettings settings = valid().fleetStore(value).build();

        assertThat(settings.transport().fleetStore()).isNull();
        assertThat(settings.toString()).contains("fleetStore=null");
        assertThat(GoogleChatSender.openFleetStore(settings)).isNull();
    }

    /** The class path has no module for redis://: the build says which one to add, and shows no password. */
    @Test
    void aStoreWithoutItsModuleIsRefusedNamingTheModuleToAdd() {
        InvalidSettingException e = rejected(b -> b.fleetStore(STORE));

        assertThat(e.getMessage())
                .isEqualTo("fleetStore is set to redis://****@redis.internal:6379/0 but no fleet store module is on"
                        + " the class path: add io.github.gchatappender:gchat-appender-redis, or leave fleetStore"
                        + " unset");
    }

    @Test
    void aStoreFromTheEnvironmentWithoutItsModuleIsRefusedToo() {
        InvalidSettingException e =
                rejected(b -> b.environmentVariables(name -> name.equals("GOOGLE_CHAT_FLEET_STORE") ? STORE : null));

        assertThat(e.getMessage()).contains("redis://****@redis.internal:6379/0", "gchat-appender-redis");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://:FAKE-fleet-password-42@redis.internal:6379",
                "memcached://user:FAKE-fleet-password-42@cache.internal:11211",
                "REDISX://:FAKE-fleet-password-42@redis.internal"
            })
    void aStoreThatIsNoRedisUrlIsRefused(String value) {
        InvalidSettingException e = rejected(b -> b.fleetStore(value));

        assertThat(e.getMessage()).contains("://****@").endsWith("use redis:// or rediss://");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "redis.internal:6379",
                "redis://:FAKE-fleet-password-42@my_redis:6379",
                "redis://:FAKE fleet-password-42@redis.internal:6379",
                "FAKE-fleet-password-42@redis.internal"
            })
    void aStoreThatIsNoUrlIsRefused(String value) {
        InvalidSettingException e = rejected(b -> b.fleetStore(value));

        assertThat(e.getMessage()).startsWith("fleetStore is not a URL such as redis://host:6379 (");
    }

    /** Checked after the settings before it, as each setting is: the first bad one in order is named. */
    @Test
    void anEarlierBadSettingIsNamedFirst() {
        InvalidSettingException e = catchThrowableOfType(
                InvalidSettingException.class,
                () -> valid().proxy("nowhere").fleetStore(STORE).build());

        assertThat(e.setting()).isEqualTo("proxy");
    }

    @Test
    void withItsModuleTheStoreIsKeptAndShownMasked() throws Exception {
        SenderSettings settings = FakeFleetStoreProvider.visibleDuring(
                () -> valid().fleetStore(" " + STORE + " ").build());

        assertThat(settings.transport().fleetStore().uri()).hasToString(STORE);
        assertThat(settings.transport().fleetStore().masked()).isEqualTo("redis://****@redis.internal:6379/0");
        assertThat(settings.toString())
                .contains("fleetStore=redis://****@redis.internal:6379/0")
                .doesNotContain(PASSWORD);
        assertThat(settings.transport().toString()).doesNotContain(PASSWORD);
    }

    /** The sender opens the store through the module that serves it, handing it the password. */
    @Test
    void theSenderOpensTheStoreThroughItsModule() throws Exception {
        FleetStore store = FakeFleetStoreProvider.visibleDuring(
                () -> GoogleChatSender.openFleetStore(valid().fleetStore(STORE).build()));

        assertThat(store).isInstanceOf(FakeFleetStoreProvider.Store.class);
        assertThat(((FakeFleetStoreProvider.Store) store).address.uri()).hasToString(STORE);
    }

    /** Built where the module was visible, opened where it is not: the same complaint, not a failure of another kind. */
    @Test
    void aModuleGoneByTheTimeTheStoreOpensIsNamedAsAtBuild() throws Exception {
        SenderSettings settings = FakeFleetStoreProvider.visibleDuring(
                () -> valid().fleetStore(STORE).build());

        InvalidSettingException e =
                catchThrowableOfType(InvalidSettingException.class, () -> GoogleChatSender.openFleetStore(settings));

        assertThat(e.setting()).isEqualTo("fleetStore");
        assertThat(e.getMessage()).contains("gchat-appender-redis").doesNotContain(PASSWORD);
    }

    /** A provider named in a services file that cannot be loaded is passed over, and the complaint says so. */
    @Test
    void aProviderThatCannotBeLoadedIsPassedOverAndMentioned() throws Exception {
        InvalidSettingException broken = FakeFleetStoreProvider.visibleDuring(
                "com.example.MissingProvider",
                () -> catchThrowableOfType(
                        InvalidSettingException.class,
                        () -> valid().fleetStore(STORE).build()));
        assertThat(broken.getMessage())
                .contains("no fleet store module is on the class path", "com.example.MissingProvider")
                .doesNotContain(PASSWORD);

        SenderSettings settings = FakeFleetStoreProvider.visibleDuring(
                "com.example.MissingProvider\n" + FakeFleetStoreProvider.class.getName(),
                () -> valid().fleetStore(STORE).build());
        assertThat(settings.transport().fleetStore()).isNotNull();
    }

    @Test
    void unsetTheStoreIsLookedUpAsTheWebhookUrlIs() throws Exception {
        String fromContext = STORE.replace("redis.internal", "context.internal");
        String fromProperty = STORE.replace("redis.internal", "property.internal");
        String fromEnvironment = STORE.replace("redis.internal", "env.internal");
        SenderSettings.Builder builder = valid().environmentVariables(
                        name -> name.equals(SenderSettings.FLEET_STORE_VARIABLE) ? fromEnvironment : null);

        System.setProperty("GOOGLE_CHAT_FLEET_STORE", fromProperty);
        try {
            FakeFleetStoreProvider.visibleDuring(() -> {
                assertThat(host(builder.frameworkProperties(
                                name -> name.equals("GOOGLE_CHAT_FLEET_STORE") ? fromContext : null)))
                        .as("the framework's property first")
                        .isEqualTo("context.internal");
                assertThat(host(builder.frameworkProperties(name -> " ")))
                        .as("a blank framework property counts as unset")
                        .isEqualTo("property.internal");
                assertThat(host(builder.fleetStore(STORE)))
                        .as("the setting wins")
                        .isEqualTo("redis.internal");
                return null;
            });
        } finally {
            System.clearProperty("GOOGLE_CHAT_FLEET_STORE");
        }
        FakeFleetStoreProvider.visibleDuring(() -> assertThat(host(builder.fleetStore(null)))
                .as("the environment last")
                .isEqualTo("env.internal"));
    }

    private static String host(SenderSettings.Builder builder) {
        return builder.build().transport().fleetStore().uri().getHost();
    }
}
