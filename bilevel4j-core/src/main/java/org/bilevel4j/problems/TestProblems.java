package org.bilevel4j.problems;

import java.util.Map;
import org.bilevel4j.Catalog;

/** Catalog entries of the exact test problems. */
public final class TestProblems {
    private TestProblems() {}

    public static void register(Map<String, Catalog.ProblemEntry> m) {
        Catalog.add(m, "quadratic", "strongly convex quadratic finite sums with closed-form y*(x), hypergradient and x*", (o, seed) -> {
            Quadratic.Spec d = Quadratic.Spec.defaults(seed);
            return new Quadratic(new Quadratic.Spec(
                    o.getInt("dimX", d.dimX(), 1, "outer dimension"),
                    o.getInt("dimY", d.dimY(), 1, "inner dimension"),
                    o.getInt("innerSamples", d.innerSamples(), 1, "samples in the inner finite sum"),
                    o.getInt("outerSamples", d.outerSamples(), 1, "samples in the outer finite sum"),
                    o.getDouble("condition", d.condition(), "condition number of the inner Hessian"),
                    o.getDouble("outerCondition", d.outerCondition(), "condition number of the Hessian of Phi(x) = F(x, y*(x))"),
                    o.getDouble("noise", d.noise(), "per-sample spread of the inner Hessian eigenvalues, in [0, 1)"),
                    seed));
        });
    }
}
