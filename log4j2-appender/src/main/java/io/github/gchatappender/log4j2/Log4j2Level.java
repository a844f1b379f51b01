package io.github.gchatappender.log4j2;

import io.github.gchatappender.core.InvalidSettingException;
import java.util.Locale;
import org.apache.logging.log4j.Level;

/** The {@code level} attribute: an adapter setting, since its values are Log4j2's own levels. */
final class Log4j2Level {

    private Log4j2Level() {}

    /** @throws InvalidSettingException naming {@code level} when the value is no Log4j2 level */
    static Level parse(String value) {
        if (value == null || value.isBlank()) {
            return Level.ERROR;
        }
        Level parsed = Level.getLevel(value.trim().toUpperCase(Locale.ROOT));
        if (parsed == null) {
            throw new InvalidSettingException(
                    "level", "is not a Log4j2 level: '" + value + "' (use TRACE, DEBUG, INFO, WARN, ERROR or FATAL)");
        }
        return parsed;
    }
}
