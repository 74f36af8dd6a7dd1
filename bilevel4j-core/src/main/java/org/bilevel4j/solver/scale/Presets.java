package org.bilevel4j.solver.scale;

import java.util.Map;
import java.util.TreeSet;
import org.bilevel4j.solver.Options;

/**
 * Named sets of option values ({@code --set preset=NAME}): tuned constants from a paper or a benchmark, kept out of
 * the defaults (which come from the problem's scales). Options given explicitly win over the preset's.
 */
public final class Presets {
    private Presets() {}

    public static void apply(Options o, Map<String, Map<String, String>> presets) {
        String name = o.getString("preset", "none", "named option set (" + String.join("|", new TreeSet<>(presets.keySet()))
                + "): tuned values from a paper or benchmark; options given explicitly win");
        if (name.equals("none")) return;
        Map<String, String> values = presets.get(name);
        if (values == null)
            throw new IllegalArgumentException("option preset=" + name + " is not one of none, " + String.join(", ", new TreeSet<>(presets.keySet())));
        for (Map.Entry<String, String> e : values.entrySet()) o.withDefault(e.getKey(), e.getValue());
    }
}
