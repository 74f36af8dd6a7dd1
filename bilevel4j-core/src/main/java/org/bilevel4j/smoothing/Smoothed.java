package org.bilevel4j.smoothing;

/**
 * A problem whose inner objective contains a smoothing function ψ̃(·, μ) (ALGORITHMS.md §3.3): the smoothing
 * parameter μ can be read and set (SPNBO halves it at every successful stage). Mini-batch views share μ.
 */
public interface Smoothed {
    double mu();

    void setMu(double mu);

    /**
     * Whether the smoothed inner objective is convex in the inner variable for every μ > 0 and every outer x: then its
     * minimizer is the one stationary point and tends to the exact inner solution as μ ↓ 0, so a method may decrease μ
     * along the run (spnbo's {@code muSchedule=auto}). False unless the problem says so: with a non-convex inner
     * problem a warm-started iterate follows one local branch, and at a small μ the branch can be far from the global
     * solution (l_p^p, p < 1: README "Your own problem").
     */
    default boolean convexInner() { return false; }
}
