package org.carechain.service.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Every log record the service under test writes from installation on, with its formatted message and cause. */
public final class CapturedLogs extends Handler {

    private static final CapturedLogs INSTANCE = new CapturedLogs();
    private static boolean installed;

    private final List<String> lines = new ArrayList<>();

    public static synchronized CapturedLogs install() {
        if (!installed) {
            Logger.getLogger("").addHandler(INSTANCE);
            installed = true;
        }
        return INSTANCE;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        String message = record.getMessage();
        Object[] parameters = record.getParameters();
        StringBuilder line = new StringBuilder(record.getLoggerName() + " " + message);
        if (parameters != null) {
            for (Object parameter : parameters) {
                line.append(' ').append(parameter);
            }
        }
        for (Throwable cause = record.getThrown(); cause != null; cause = cause.getCause()) {
            line.append(' ').append(cause);
        }
        lines.add(line.toString());
    }

    public synchronized String text() {
        return String.join("\n", lines);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
