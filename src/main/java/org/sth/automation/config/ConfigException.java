package org.sth.automation.config;

import org.sth.automation.AutomationException;

/** A configuration problem, naming the file, the key and the fix. */
public class ConfigException extends AutomationException {

    private final String file;
    private final String key;
    private final String problem;
    private final String fix;

    public ConfigException(String file, String key, String problem, String fix) {
        this(format(file, key, problem, fix), file, key, problem, fix);
    }

    /** For subclasses that compose their own message (e.g. a list of problems). */
    protected ConfigException(String message, String file, String key, String problem, String fix) {
        super(message);
        this.file = file;
        this.key = key;
        this.problem = problem;
        this.fix = fix;
    }

    private static String format(String file, String key, String problem, String fix) {
        return file + ": " + key + ": " + problem + (fix == null || fix.isBlank() ? "" : " (fix: " + fix + ")");
    }

    public String file() {
        return file;
    }

    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }

    public String fix() {
        return fix;
    }
}
