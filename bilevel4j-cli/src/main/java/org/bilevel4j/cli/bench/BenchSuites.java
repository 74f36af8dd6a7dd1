package org.bilevel4j.cli.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every bench suite by name. */
public final class BenchSuites {
    private BenchSuites() {}

    private static final Map<String, BenchSuite> SUITES = new LinkedHashMap<>();

    static {
        add(QuadraticCompare.suite()); // comparisons of solvers on tasks (ComparisonSuite presets)
        add(NonsmoothCompare.suite());
        add(HypercleanMnist.suite());
        add(new HypercleanBvfimTable());
        add(WeightDecaySuite.suite());
        add(new BenchoptSuite());
        add(LayerDecaySuite.suite());
        // suites register here, one line each
        add(new FewShotTable());
        add(DeepNonsmooth.suite());
        add(new ToyFigure1Suite());
        add(new MinimaxExampleSuite());
        add(new AidCgSpeed());
        add(new TimeToAccuracy());
        add(new TorchSpeed());
        add(new SparkScaling());
    }

    static void add(BenchSuite s) {
        if (SUITES.put(s.name(), s) != null) throw new IllegalStateException("duplicate bench suite " + s.name());
    }

    public static Map<String, BenchSuite> all() { return Collections.unmodifiableMap(SUITES); }

    public static BenchSuite get(String name) {
        BenchSuite s = SUITES.get(name);
        if (s == null) throw new IllegalArgumentException("unknown bench suite '" + name + "'; known: " + String.join(", ", SUITES.keySet()));
        return s;
    }
}
