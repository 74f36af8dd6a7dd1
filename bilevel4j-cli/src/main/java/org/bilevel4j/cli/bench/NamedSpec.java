package org.bilevel4j.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task or solver of a comparison as written on the command line: {@code name[:key=value[:key=value...]]},
 * for instance {@code quadratic:condition=1000} or {@code aid-cg:linearSteps=5}. The options apply to that
 * entry only. A value that holds ':' or ',' (a file path) is quoted, {@code weightdecay:file='C:/data/a,b.txt'} or with
 * double quotes; the quotes are not part of the value. The whole text is its label in tables and plots; {@link #dirName} is the label made safe
 * for a folder name.
 */
public record NamedSpec(String label, String name, Map<String, String> options) {
    public NamedSpec {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static NamedSpec parse(String text) {
        String t = text.strip();
        String[] parts = split(t, ':', text);
        if (parts[0].isEmpty()) throw new IllegalArgumentException("'" + text + "' has no name; expected name[:key=value[:key=value]]");
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("'" + text + "': '" + parts[i] + "' is not key=value; expected name[:key=value[:key=value]]");
            opts.put(parts[i].substring(0, eq).strip(), unquote(parts[i].substring(eq + 1).strip()));
        }
        return new NamedSpec(t, parts[0].strip(), opts);
    }

    /** text split at {@code sep} outside '...' and "..." (quotes kept); an unclosed quote is an error. */
    static String[] split(String text, char sep, String whole) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
            } else if (c == sep) {
                out.add(cur.toString());
                cur.setLength(0);
            } else cur.append(c);
        }
        if (quote != 0) throw new IllegalArgumentException("'" + whole + "' has an unclosed " + quote + " quote");
        out.add(cur.toString());
        return out.toArray(String[]::new);
    }

    /** The value without one pair of surrounding quotes. */
    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '\'' || v.charAt(0) == '"') && v.charAt(v.length() - 1) == v.charAt(0)) return v.substring(1, v.length() - 1);
        return v;
    }

    /** Splits a comma-separated list of specs at the commas outside quotes (each spec's own ':' split is {@link #parse}'s). */
    public static List<String> splitList(List<String> items) {
        List<String> out = new ArrayList<>();
        for (String item : items) for (String s : split(item, ',', item)) if (!s.isBlank()) out.add(s);
        return out;
    }

    /** Parses each text; checks the names against {@code known} and that no two labels share a folder. */
    public static List<NamedSpec> parseAll(List<String> texts, String kind, Set<String> known) {
        if (texts.isEmpty()) throw new IllegalArgumentException("no " + kind + "s given");
        List<NamedSpec> out = new ArrayList<>();
        Map<String, String> dirs = new HashMap<>();
        for (String text : texts) {
            NamedSpec s = parse(text);
            if (!known.contains(s.name()))
                throw new IllegalArgumentException("unknown " + kind + " '" + s.name() + "'; known: " + String.join(", ", known));
            String before = dirs.put(s.dirName(), s.label());
            if (before != null)
                throw new IllegalArgumentException(kind + "s '" + before + "' and '" + s.label() + "' are the same or differ only in "
                        + "characters a folder name cannot hold; give them distinct names");
            out.add(s);
        }
        return out;
    }

    /** The label with every character other than letters, digits and {@code . _ = + -} replaced by '_'. */
    public String dirName() { return label.replaceAll("[^A-Za-z0-9._=+-]", "_"); }
}
