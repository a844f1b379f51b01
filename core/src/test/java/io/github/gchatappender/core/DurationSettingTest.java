package io.github.gchatappender.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationSettingTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "10 seconds   | 10000",
                "500 ms       | 500",
                "2 minutes    | 120000",
                "1.5 s        | 1500",
                "PT10S        | 10000",
                "pt0.25s      | 250",
                "P1D          | 86400000",
                "250          | 250",
                "0            | 0",
                "10seconds    | 10000",
                "  3 SECONDS  | 3000",
                "1 second     | 1000",
                "5 sec        | 5000",
                "7 millis     | 7",
                "7 milliseconds | 7",
                "1 min        | 60000",
                "1 m          | 60000",
                "2 hours      | 7200000",
                "1 h          | 3600000",
                "1 day        | 86400000",
                "2 days       | 172800000",
                "0.5 ms       | 0",
            })
    void parses(String text, long expectedMillis) {
        assertThat(DurationSetting.parse("shutdownTimeout", text).toMillis()).isEqualTo(expectedMillis);
    }

    @Test
    void fractionsKeepSubMillisecondPrecision() {
        assertThat(DurationSetting.parse("x", "1.5 s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationSetting.parse("x", "0.5 ms")).isEqualTo(Duration.ofNanos(500_000));
        assertThat(DurationSetting.parse("x", "2.25 minutes")).isEqualTo(Duration.ofSeconds(135));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "ten",
                "10 parsecs",
                "   ",
                "-5 s",
                "s",
                "10 s s",
                "1,5 s",
                "1e3",
                "P",
                "PT",
                "PTxS",
                "10 seconds ago",
                ".5 s",
                "5. s",
                "ms 10",
                "NaN",
                "Infinity ms"
            })
    void rejectsWhatIsNotADurationNamingTheSetting(String text) {
        InvalidSettingException e =
                catchThrowableOfType(InvalidSettingException.class, () -> DurationSetting.parse("batchWindow", text));

        assertThat(e).as("rejects '%s'", text).isNotNull();
        assertThat(e.setting()).isEqualTo("batchWindow");
        assertThat(e.getMessage()).startsWith("batchWindow ").contains("not a duration");
        if (text != null && !text.isBlank()) {
            assertThat(e.getMessage()).contains(text);
        }
    }
}
