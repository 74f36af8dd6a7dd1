package org.bilevel4j.smoothing;

/**
 * A problem whose inner objective contains a smoothing function ψ̃(·, μ) (ALGORITHMS.md §3.3): the smoothing
 * parameter μ can be read and set (SPNBO halves it at every successful stage). Mini-batch views share μ.
 */
public interface Smoothed {
    double mu();

    void setMu(double mu);
}
