package io.github.gchatappender.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.gchatappender.core.fleet.FleetStoreAddress;
import org.junit.jupiter.api.Test;

/** A password is masked in a third party's text however the URL spells it. */
class SecretsTest {

    @Test
    void masksThePasswordAsGivenAndAsDecoded() {
        Secrets secrets = new Secrets(FleetStoreAddress.parse("redis://fleet:p%40ss%3Aw0rd+x@redis.internal:6379"));

        assertThat(secrets.mask("AUTH fleet:p%40ss%3Aw0rd+x")).isEqualTo("AUTH ****");
        assertThat(secrets.mask("AUTH fleet p@ss:w0rd+x")).isEqualTo("AUTH fleet ****");
        assertThat(secrets.mask("AUTH fleet p@ss:w0rd x")).isEqualTo("AUTH fleet ****");
        assertThat(secrets.mask("Unable to connect to redis.internal/<unresolved>:6379"))
                .isEqualTo("Unable to connect to redis.internal/<unresolved>:6379");
    }

    @Test
    void anAddressWithoutUserInformationHasNothingToMask() {
        Secrets secrets = new Secrets(FleetStoreAddress.parse("redis://redis.internal:6379"));

        assertThat(secrets.mask("redis://redis.internal:6379 : @")).isEqualTo("redis://redis.internal:6379 : @");
    }
}
