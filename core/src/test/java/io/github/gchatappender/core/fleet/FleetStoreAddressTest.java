package io.github.gchatappender.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The fleet store's password shows nowhere: not in the masked form, not in the complaint about a bad value. */
class FleetStoreAddressTest {

    private static final String SECRET = "FAKE-fleet-secret-0123";

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "redis://user:FAKE-fleet-secret-0123@redis.internal:6379/0 | redis://****@redis.internal:6379/0",
                "redis://:FAKE-fleet-secret-0123@redis.internal:6379 | redis://****@redis.internal:6379",
                "rediss://:FAKE-fleet-secret-0123@10.0.0.7:6380/2 | rediss://****@10.0.0.7:6380/2",
                "redis://:FAKE%40fleet-secret-0123@redis.internal | redis://****@redis.internal",
                "'  redis://:FAKE-fleet-secret-0123@redis.internal:6379  ' | redis://****@redis.internal:6379",
                "redis://redis.internal:6379/0?password=FAKE-fleet-secret-0123 | redis://redis.internal:6379/0?****",
                "redis://:FAKE-fleet-secret-0123@redis.internal#FAKE-fleet-secret-0123 | redis://****@redis.internal#****"
            })
    void theUserInformationIsMasked(String value, String masked) {
        FleetStoreAddress address = FleetStoreAddress.parse(value);

        assertThat(address.masked()).isEqualTo(masked).doesNotContain("FAKE");
        assertThat(address.toString()).isEqualTo(masked);
        assertThat(address.uri().toString())
                .as("the password is there for the code that connects")
                .isEqualTo(value.trim());
    }

    @Test
    void anAddressWithoutUserInformationShowsWhole() {
        FleetStoreAddress address = FleetStoreAddress.parse("redis://redis.internal:6379/0");

        assertThat(address.masked()).isEqualTo("redis://redis.internal:6379/0");
        assertThat(address.scheme()).isEqualTo("redis");
        assertThat(FleetStoreAddress.parse("REDISS://redis.internal").scheme()).isEqualTo("rediss");
    }

    /**
     * Values that are no URL, or that {@link java.net.URI} reads without a host (an underscore in the name,
     * a port that is no number, an unescaped {@code @}) and so without user information: the complaint
     * shows them masked all the same.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "redis://:FAKE-fleet-secret-0123@my_redis:6379",
                "redis://user:FAKE-fleet-secret-0123@redis.internal:port",
                "redis://:FAKE-fleet@secret-0123@redis.internal:6379",
                "redis://:FAKE fleet-secret-0123@redis.internal:6379",
                "redis::FAKE-fleet-secret-0123@redis.internal",
                "redis:FAKE-fleet-secret-0123@redis.internal",
                "FAKE-fleet-secret-0123@redis.internal:6379",
                ":FAKE-fleet-secret-0123@redis.internal:6379",
                "redis://redis.internal:6379/0?password=FAKE fleet-secret-0123"
            })
    void anUnparseableValueIsNamedMasked(String value) {
        IllegalArgumentException e =
                catchThrowableOfType(IllegalArgumentException.class, () -> FleetStoreAddress.parse(value));

        assertThat(e).as(value).isNotNull();
        assertThat(e.getMessage())
                .startsWith("is not a URL such as redis://host:6379 (")
                .contains("****")
                .doesNotContain("FAKE")
                .doesNotContain("secret");
    }

    @Test
    void theMaskedFormOfAnUnparseableValueKeepsWhatIsNoSecret() {
        IllegalArgumentException e = catchThrowableOfType(
                IllegalArgumentException.class,
                () -> FleetStoreAddress.parse("redis://:" + SECRET + "@my_redis:6379/0"));

        assertThat(e.getMessage()).endsWith("(redis://****@my_redis:6379/0)");
    }

    @Test
    void addressesThatDifferOnlyInThePasswordAreNotEqual() {
        FleetStoreAddress one = FleetStoreAddress.parse("redis://:first@redis.internal:6379");
        FleetStoreAddress other = FleetStoreAddress.parse("redis://:second@redis.internal:6379");

        assertThat(one.masked()).isEqualTo(other.masked());
        assertThat(one).isNotEqualTo(other);
        assertThat(one)
                .isEqualTo(FleetStoreAddress.parse("redis://:first@redis.internal:6379"))
                .hasSameHashCodeAs(FleetStoreAddress.parse("redis://:first@redis.internal:6379"));
    }
}
