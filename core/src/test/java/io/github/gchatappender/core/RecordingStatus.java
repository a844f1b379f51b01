package io.github.gchatappender.core;

import io.github.gchatappender.core.report.StatusReporter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Captures what the core reports, as "LEVEL message" lines. */
public final class RecordingStatus implements StatusReporter {

    public final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
        lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    @Override
    public void error(String message) {
        lines.add("ERROR " + message);
    }

    public String all() {
        return String.join("\n", lines);
    }
}
