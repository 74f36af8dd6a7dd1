package org.bilevel4j.spark;

import org.bilevel4j.model.FeatureDecay;

/** R(x, w) = ½ Σ_j e^{x_j} ‖w_j‖², per-feature weight decay (ALGORITHMS.md §2.7), by the core {@link FeatureDecay}. */
record DecayPenalty(FeatureDecay decay) implements Penalty {
    @Override public double value(double[] x, double[] w) { return decay.value(x, w); }

    @Override public void addGradW(double[] x, double[] w, double[] g) { decay.addGradW(x, w, g); }

    @Override public void addGradX(double[] x, double[] w, double[] out) { add(out, decay.gradX(x, w)); }

    @Override public void addHvp(double[] x, double[] w, double[] v, double[] out) { decay.addHvp(x, v, out); }

    @Override public void addCrossXY(double[] x, double[] w, double[] v, double[] out) { add(out, decay.crossXY(x, w, v)); }

    @Override public void addCrossYX(double[] x, double[] w, double[] u, double[] out) { decay.addCrossYX(x, w, u, out); }

    private static void add(double[] out, double[] a) { for (int j = 0; j < out.length; j++) out[j] += a[j]; }
}
