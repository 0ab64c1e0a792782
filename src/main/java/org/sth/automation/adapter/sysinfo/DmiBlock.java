package org.sth.automation.adapter.sysinfo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One {@code Handle …} block of dmidecode output: handle, DMI type, title line and its {@code key: value} fields. */
public record DmiBlock(String handle, Integer dmiType, String title, Map<String, String> fields) {

    public DmiBlock {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The raw field value, or null. */
    public String field(String key) {
        return fields.get(key);
    }
}
