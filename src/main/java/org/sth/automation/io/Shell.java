package org.sth.automation.io;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Commands the engine recommends, quoted for a POSIX shell so that each one works verbatim, whatever its paths hold. */
public final class Shell {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:,=@%+-]+");

    private Shell() {
    }

    /** One word: as it is when it has nothing a shell would read, else in single quotes ({@code '} written {@code '\''}). */
    public static String quote(String word) {
        if (word == null) {
            return "''";
        }
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** {@code program} (already a command, e.g. the launcher) followed by each argument, quoted. */
    public static String command(String program, String... args) {
        List<String> words = new ArrayList<>();
        words.add(program);
        for (String a : args) {
            words.add(quote(a));
        }
        return String.join(" ", words);
    }
}
