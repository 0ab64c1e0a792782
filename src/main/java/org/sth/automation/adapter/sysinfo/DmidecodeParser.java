package org.sth.automation.adapter.sysinfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits dmidecode output into {@link DmiBlock}s. Everything before the first {@code Handle} line is ignored:
 * under sudo with a PTY that preamble holds the echoed password, {@code *} masks and erase sequences.
 */
public final class DmidecodeParser {

    private static final Pattern HANDLE = Pattern.compile("^Handle (0x[0-9A-Fa-f]+)(?:, DMI type (\\d+))?.*$");

    private DmidecodeParser() {
    }

    /** All blocks in file order; CRLF, lone CR and trailing blanks are tolerated. */
    public static List<DmiBlock> blocks(String text) {
        List<DmiBlock> blocks = new ArrayList<>();
        if (text == null) {
            return blocks;
        }
        String handle = null;
        Integer type = null;
        String title = null;
        Map<String, String> fields = new LinkedHashMap<>();
        for (String raw : text.lines().toList()) {
            String line = raw.stripTrailing();
            Matcher matcher = HANDLE.matcher(line);
            if (matcher.matches()) {
                if (handle != null) {
                    blocks.add(new DmiBlock(handle, type, title, fields));
                }
                handle = matcher.group(1);
                type = matcher.group(2) == null ? null : Integer.valueOf(matcher.group(2));
                title = null;
                fields = new LinkedHashMap<>();
                continue;
            }
            String stripped = line.strip();
            if (handle == null || stripped.isEmpty()) {
                continue;
            }
            if (title == null) {
                title = stripped;
                continue;
            }
            int colon = stripped.indexOf(':');
            if (colon >= 0) {
                fields.put(stripped.substring(0, colon).strip(), stripped.substring(colon + 1).strip());
            }
        }
        if (handle != null) {
            blocks.add(new DmiBlock(handle, type, title, fields));
        }
        return blocks;
    }

    /** The fields of every block titled exactly {@code title}, e.g. "Memory Device" or "System Information". */
    public static List<Map<String, String>> sections(String text, String title) {
        return blocks(text).stream().filter(b -> title.equals(b.title())).map(DmiBlock::fields).toList();
    }
}
