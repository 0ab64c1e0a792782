package org.sth.automation.config;

import org.sth.automation.AutomationException;

/** A configuration problem, naming the file, the key and the fix. */
public class ConfigException extends AutomationException {

    private final String file;
    private final String key;
    private final String fix;

    public ConfigException(String file, String key, String problem, String fix) {
        super(file + ": " + key + ": " + problem + (fix == null || fix.isBlank() ? "" : " (fix: " + fix + ")"));
        this.file = file;
        this.key = key;
        this.fix = fix;
    }

    public String file() {
        return file;
    }

    public String key() {
        return key;
    }

    public String fix() {
        return fix;
    }
}
