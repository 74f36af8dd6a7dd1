package org.bilevel4j.solver.hypergrad;

import java.util.HashMap;
import java.util.Map;
import org.bilevel4j.opt.Rng;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.vec.Vec;

/**
 * The outer loop of every hypergradient method (ALGORITHMS.md §4.2 line 5, §5):
 * <pre>  ĝ ← estimator(x_k, y warm-started);   x_{k+1} ← Proj_X(x_k − step(ĝ))</pre>
 * The estimator decides the inner dynamics and how the hypergradient is computed; the outer step decides
 * how x moves. Nothing else differs between AID, ITD, stocBiO, HOAG and BDA.
 */
public final class HypergradientDescent implements Solver<HypergradientDescent.State> {
    /** The state: x, y, the outer update rule's buffers, warm-start memory and a random stream. */
    public static final class State extends SolverState {
        /** Vectors kept between outer iterations by the estimator (e.g. "v", the linear-system solution). */
        public final Map<String, Vec> memory = new HashMap<>();
        public UpdateRule.Updater outerUpdater;
        public final Rng rng;
        /** The inner mini-batch sampler when the estimator's inner steps read mini-batches ({@code innerBatch=B}), else null. */
        public InnerBatches innerBatches;

        public State(BilevelProblem problem, Vec x, Vec y, long seed) {
            super(problem, x, y);
            this.rng = new Rng(seed);
        }

        @Override public void save(Snapshot out) {
            super.save(out);
            for (Map.Entry<String, Vec> e : memory.entrySet()) out.put("memory." + e.getKey(), e.getValue());
            if (outerUpdater != null) outerUpdater.save(out, "outer");
            out.putLong("rng", rng.state());
            if (innerBatches != null) innerBatches.save(out);
        }

        @Override public void restore(Snapshot in) {
            super.restore(in);
            memory.clear();
            for (String k : in.vectors().keySet()) if (k.startsWith("memory.")) memory.put(k.substring("memory.".length()), in.vec(k));
            if (outerUpdater != null) outerUpdater.restore(in, "outer");
            rng.setState(in.integer("rng"));
            if (innerBatches != null) innerBatches.restore(in);
        }

        /**
         * Also forgets the warm-started y-space linear-system solutions (AID's v, HOAG's q) and the adaptive inner step:
         * they were for other episodes.
         */
        @Override public void resetInner(Vec y0) {
            super.resetInner(y0);
            memory.remove("v");
            memory.remove("q");
            memory.remove(AdaptiveInnerSteps.KEY);
        }
    }

    private final String name;
    private final HypergradientEstimator estimator;
    private final OuterStep outerStep;
    private final long seed;

    public HypergradientDescent(String name, HypergradientEstimator estimator, OuterStep outerStep, long seed) {
        this.name = name;
        this.estimator = estimator;
        this.outerStep = outerStep;
        this.seed = seed;
    }

    public HypergradientDescent(String name, HypergradientEstimator estimator, UpdateRule outerRule, long seed) {
        this(name, estimator, OuterStep.of(outerRule), seed);
    }

    @Override public String name() { return name; }

    /** How this solver estimates the hypergradient. */
    public HypergradientEstimator estimator() { return estimator; }

    @Override public State init(BilevelProblem problem, Vec x0, Vec y0) {
        State s = new State(problem, x0.copy(), y0.copy(), seed);
        if (problem.bounds() != null) problem.bounds().project(s.x);
        estimator.init(s);
        outerStep.init(s);
        return s;
    }

    @Override public void step(State s) {
        Vec g = NonFiniteException.check("hypergradient", estimator.estimate(s));
        s.hypergradient = g;
        outerStep.apply(s, g);
    }
}
