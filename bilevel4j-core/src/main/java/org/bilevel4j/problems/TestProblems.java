package org.bilevel4j.problems;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.vec.Heap;

/** Catalog entries of the exact test problems. */
public final class TestProblems {
    private TestProblems() {}

    public static void register(Map<String, Catalog.ProblemEntry> m) {
        Catalog.add(m, "quadratic", "strongly convex quadratic finite sums with closed-form y*(x), hypergradient and x*", (o, seed) -> {
            // preset is a solver option too (penalty's preset=paper, ...), and both read one option map: quadratic reads
            // (declares) it only for its own values, so that a value no solver reads either is reported as unknown
            String preset = o.given().getOrDefault("preset", "default");
            boolean bench = false;
            if (preset.equals("default") || preset.equals("benchopt"))
                bench = o.getString("preset", "default", "benchopt: benchopt's quadratic task (its generator: rank-one per-sample "
                        + "Hessians, dimY 100, dimX 10, 32768 inner / 1024 outer samples, inner spectrum [1e-2, 1]; metric |grad h|^2); our "
                        + "generator otherwise (other values are solvers' presets)").equals("benchopt");
            else o.hint("preset", "quadratic knows preset=default|benchopt, and the solver has no preset of that name (or none at all)");
            // the same switch under a name no solver reads (in a bench, a task's options reach its solvers too)
            bench = o.choice("generator", bench ? "benchopt" : "default", "the data generator: default, or benchopt's (as preset=benchopt)",
                    "default", "benchopt").equals("benchopt");
            if (bench) {
                for (String key : new String[] {"outerCondition", "noise"})
                    if (o.has(key)) throw new IllegalArgumentException("option " + key + " applies to preset=default only (benchopt's generator has none)");
                BenchoptQuadratic.Spec b = BenchoptQuadratic.Spec.benchopt(seed);
                return new BenchoptQuadratic(new BenchoptQuadratic.Spec(
                        o.getInt("dimX", b.dimX(), 2, "outer dimension"),
                        o.getInt("dimY", b.dimY(), 1, "inner dimension"),
                        o.getInt("innerSamples", b.innerSamples(), 1, "samples in the inner finite sum"),
                        o.getInt("outerSamples", b.outerSamples(), 1, "samples in the outer finite sum"),
                        b.lipschitz() / o.getDouble("condition", b.lipschitz() / b.mu(), "condition number of the inner Hessian "
                                + "(benchopt: L / mu_inner, 100 or 10000)"),
                        b.lipschitz(), b.crossLipschitz(), seed));
            }
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
        Catalog.add(m, "toy-nonconvex", "BVFIM's toy (eq. 30): (x-a)^2 + |y-a-c|^2 s.t. y in argmin sum sin(x+y_i-c); many branches", (o, seed) ->
                new ToyNonconvex(
                        toyDim(o.getInt("n", 1, 1, "dimension of y")),
                        o.getDouble("a", 2, "constant a of the outer objective"),
                        o.getDouble("c", 2, "shift c of the inner objective"),
                        o.getDouble("start", 2, "default start x0 = y0_i")));
        Catalog.add(m, "minimax-example", "MinimaxOPT's 1-D least squares stand-in (§2.6) with box on x and closed-form x*_alpha", (o, seed) ->
                new MinimaxExample(
                        o.getDouble("a", 2, "inner slope a: y*(x) = a x"),
                        o.getDouble("b", 3, "outer target b of y"),
                        o.getDouble("c", 0.5, "outer weight c of x^2 (>= 0)"),
                        o.getDouble("lower", -1, "lower bound l of x"),
                        o.getDouble("upper", 2, "upper bound u of x")));
    }

    /** n of toy-nonconvex, when a dozen vectors of n doubles (iterates, gradients, solver buffers) fit the heap. */
    private static int toyDim(int n) {
        Heap.require("toy-nonconvex with n=" + n, 8.0 * 12 * n);
        return n;
    }
}
