package io.github.gchatappender.core;

/**
 * A setting has a value the appender cannot start with. The message starts with the setting's
 * name, as users write it in {@code logback.xml} or {@code log4j2.xml}, and never contains the
 * webhook's secrets.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String problem;

    public InvalidSettingException(String setting, String problem) {
        super(setting + ' ' + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /** The name of the setting to fix, for example {@code webhookUrl}. */
    public String setting() {
        return setting;
    }

    /** What is wrong with it, without the setting's name: {@code is missing; set it to ...}. */
    public String problem() {
        return problem;
    }
}
