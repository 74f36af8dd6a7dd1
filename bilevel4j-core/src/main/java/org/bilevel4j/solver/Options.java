package org.bilevel4j.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Named options given as text ({@code --set key=value}), read by problem and solver factories. Every read
 * declares the key with its default and a one-line description, so that unknown keys are reported with
 * the list of accepted ones and {@code bilevel list} can show every option.
 */
public final class Options {
    /** A declared option: its default (as text) and what it does. */
    public record Declared(String key, String defaultValue, String description) {}

    private final Map<String, String> given;
    private final Map<String, Declared> declared = new LinkedHashMap<>();
    private final Map<String, String> hints = new LinkedHashMap<>();

    public Options(Map<String, String> given) { this.given = new LinkedHashMap<>(given); }

    public static Options empty() { return new Options(Map.of()); }

    /** Parses "key=value" strings. */
    public static Options parse(List<String> assignments) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String s : assignments) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--set expects key=value, got '" + s + "'");
            m.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return new Options(m);
    }

    public boolean has(String key) { return given.containsKey(key); }

    /** The options as given (key to text), in order; a copy. */
    public Map<String, String> given() { return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(given)); }

    /** Sets a value unless the user gave one (for task-specific defaults of solver options). */
    public Options withDefault(String key, String value) {
        given.putIfAbsent(key, value);
        return this;
    }

    private String raw(String key, String def, String doc) {
        declared.putIfAbsent(key, new Declared(key, def, doc));
        return given.getOrDefault(key, def);
    }

    public String getString(String key, String def, String doc) { return raw(key, def, doc); }

    public String choice(String key, String def, String doc, String... allowed) {
        String v = raw(key, def, doc + " (" + String.join("|", allowed) + ")");
        if (!Arrays.asList(allowed).contains(v))
            throw new IllegalArgumentException("option " + key + "=" + v + " is not one of " + String.join(", ", allowed));
        return v;
    }

    /** A finite number: NaN, ±Infinity and values that overflow a double (1e400) are rejected. */
    public double getDouble(String key, double def, String doc) {
        String v = raw(key, fmt(def), doc);
        double d = number(key, v);
        if (!Double.isFinite(d)) throw new IllegalArgumentException("option " + key + "=" + v + " must be a finite number (it overflows a double or is infinite)");
        return d;
    }

    /** A positive finite number. */
    public double getPositive(String key, double def, String doc) {
        double d = getDouble(key, def, doc);
        if (!(d > 0)) throw new IllegalArgumentException("option " + key + "=" + d + " must be > 0");
        return d;
    }

    /** A positive number or Infinity (for caps that can be switched off); NaN and values <= 0 are rejected. */
    public double getPositiveOrInfinity(String key, double def, String doc) {
        String v = raw(key, fmt(def), doc);
        double d = number(key, v);
        if (!(d > 0)) throw new IllegalArgumentException("option " + key + "=" + v + " must be > 0 (or Infinity)");
        return d;
    }

    private static double number(String key, String v) {
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "=" + v + " is not a number");
        }
    }

    /**
     * A positive number whose default is derived from the problem (a step 1/L from its {@code Scales}): computed only
     * when the option is not given, and listed with where it came from, {@code from} (e.g. "1/L, innerLipschitz 100 (problem)").
     */
    public double getDerived(String key, java.util.function.DoubleSupplier def, java.util.function.Supplier<String> from, String doc) {
        if (given.containsKey(key)) {
            declared.putIfAbsent(key, new Declared(key, "from problem", doc));
            return getPositive(key, Double.NaN, doc);
        }
        double d = def.getAsDouble();
        declared.putIfAbsent(key, new Declared(key, fmt(d), doc + " [default from problem: " + from.get() + "]"));
        return d;
    }

    public int getInt(String key, int def, String doc) {
        String v = raw(key, Integer.toString(def), doc);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "=" + v + " is not an integer");
        }
    }

    /** An integer >= min. */
    public int getInt(String key, int def, int min, String doc) {
        int i = getInt(key, def, doc);
        if (i < min) throw new IllegalArgumentException("option " + key + "=" + i + " must be >= " + min);
        return i;
    }

    public long getLong(String key, long def, String doc) {
        String v = raw(key, Long.toString(def), doc);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + "=" + v + " is not an integer");
        }
    }

    public boolean getBool(String key, boolean def, String doc) {
        String v = raw(key, Boolean.toString(def), doc);
        return switch (v.toLowerCase()) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException("option " + key + "=" + v + " is not true or false");
        };
    }

    /**
     * Explains, should {@code key} end up read by no factory, what the factories that looked at it accept (for a key
     * that a problem reads only for some values and leaves the others to the solver).
     */
    public void hint(String key, String explanation) { hints.put(key, explanation); }

    /** The value of a declared option as text (given, or its default); null when no factory declared it. */
    public String value(String key) {
        Declared d = declared.get(key);
        return d == null ? null : given.getOrDefault(key, d.defaultValue());
    }

    /** The options declared so far, in the order they were read. */
    public List<Declared> declared() { return new ArrayList<>(declared.values()); }

    /** Throws naming the unknown keys and the accepted ones when a given key was never read. */
    public void requireAllUsed(String context) {
        List<String> unknown = new ArrayList<>();
        for (String k : given.keySet()) if (!declared.containsKey(k)) unknown.add(k);
        if (unknown.isEmpty()) return;
        StringBuilder why = new StringBuilder();
        for (String k : unknown)
            if (hints.containsKey(k)) why.append("; ").append(k).append('=').append(given.get(k)).append(": ").append(hints.get(k));
        throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                + " for " + context + why + "; accepted: " + String.join(", ", new TreeSet<>(declared.keySet())));
    }

    private static String fmt(double d) {
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
