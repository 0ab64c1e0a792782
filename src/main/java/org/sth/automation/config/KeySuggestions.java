package org.sth.automation.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finds the known key an unknown one was most likely meant to be (edit distance). */
final class KeySuggestions {

    private KeySuggestions() {
    }

    static Optional<String> nearest(String unknown, Collection<String> known) {
        String lower = unknown.toLowerCase(java.util.Locale.ROOT);
        return known.stream()
                .min(Comparator.comparingInt((String k) -> distance(lower, k)).thenComparing(k -> k))
                .filter(k -> distance(lower, k) <= Math.max(2, k.length() / 3));
    }

    static String list(Collection<String> known) {
        return known.stream().sorted().collect(Collectors.joining(", "));
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
