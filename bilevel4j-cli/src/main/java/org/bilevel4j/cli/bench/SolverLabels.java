package org.bilevel4j.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Short legend labels for solver specs: the solver's name, and where two specs share a name, the options that tell
 * them apart (or "#2", "#3" when those are long). The full spec goes in the plot's caption.
 */
final class SolverLabels {
    private SolverLabels() {}

    static final int MAX = 28;

    /** spec label → short label, in the given order. */
    static Map<String, String> of(List<String> specs) {
        Map<String, List<NamedSpec>> byName = new LinkedHashMap<>();
        for (String s : specs) byName.computeIfAbsent(NamedSpec.parse(s).name(), k -> new ArrayList<>()).add(NamedSpec.parse(s));
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : specs) {
            NamedSpec n = NamedSpec.parse(s);
            List<NamedSpec> same = byName.get(n.name());
            if (same.size() == 1) {
                out.put(s, n.name());
                continue;
            }
            List<String> own = new ArrayList<>(); // the options not shared by every spec of this name
            n.options().forEach((k, v) -> {
                boolean shared = same.stream().allMatch(o -> v.equals(o.options().get(k)));
                if (!shared) own.add(k + "=" + v);
            });
            String label = n.name() + (own.isEmpty() ? " (defaults)" : " " + String.join(" ", own));
            out.put(s, label.length() <= MAX ? label : n.name() + " #" + (same.indexOf(n) + 1));
        }
        return out;
    }
}
