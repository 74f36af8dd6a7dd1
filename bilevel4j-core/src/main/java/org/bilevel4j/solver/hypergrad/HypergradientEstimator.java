package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.vec.Vec;

/**
 * One way to estimate the hypergradient ∇Φ(x) (AID with CG / Neumann / fixed point, ITD reverse /
 * truncated / forward, first-order ITD, one-step, stocBiO, BDA). It runs its own inner dynamics from the
 * warm-started inner iterate {@code s.y}, leaves the final inner iterate in {@code s.y}, and keeps whatever
 * it warm-starts (the linear-system solution v) in {@code s.memory}. It plugs into
 * {@link HypergradientDescent}, the one outer loop of this family.
 */
public interface HypergradientEstimator {
    Vec estimate(HypergradientDescent.State s);

    /** Called once by the solver's init, before anything draws from the state's stream (e.g. to create its inner sampler). */
    default void init(HypergradientDescent.State s) {}
}
