package org.sth.automation.host.topology;

import java.util.ArrayList;
import java.util.List;

/** hwloc's bitmap text ({@code 0x000000ff,0xffffffff}: 32-bit hex words, most significant first) as a {@link CpuSet}. */
final class HwlocBitmap {

    private HwlocBitmap() {
    }

    /**
     * The set bits of a bitmap; an infinite prefix ({@code 0xf...f,}) stands for "every higher CPU" and is dropped,
     * since only CPUs the topology lists exist. Blank gives the empty set.
     */
    static CpuSet parse(String text) {
        if (text == null || text.isBlank()) {
            return CpuSet.parse("");
        }
        String[] words = text.strip().split(",");
        List<Integer> cpus = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            String word = words[i].strip();
            if (word.isEmpty() || word.startsWith("0xf...f")) {
                continue;
            }
            String hex = word.startsWith("0x") || word.startsWith("0X") ? word.substring(2) : word;
            if (hex.isEmpty()) {
                continue;
            }
            // the last word holds CPUs 0-31; hwloc may print one long word for small sets
            int shift = 32 * (words.length - 1 - i);
            long value;
            try {
                value = Long.parseUnsignedLong(hex.length() > 16 ? hex.substring(hex.length() - 16) : hex, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not an hwloc bitmap word: '" + word + "' in '" + text + "'");
            }
            for (int bit = 0; bit < 64; bit++) {
                if ((value >>> bit & 1L) != 0) {
                    cpus.add(shift + bit);
                }
            }
        }
        return CpuSet.of(cpus);
    }
}
