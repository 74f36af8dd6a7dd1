package org.bilevel4j.spark;

/** R(w) = reg ‖w‖² (hyper-cleaning's inner regulariser, ALGORITHMS.md §1.10 eq. (31)); independent of x. */
record RidgePenalty(double reg) implements Penalty {
    @Override public double value(double[] x, double[] w) {
        double s = 0;
        for (double v : w) s += v * v;
        return reg * s;
    }

    @Override public void addGradW(double[] x, double[] w, double[] g) { for (int j = 0; j < g.length; j++) g[j] += 2 * reg * w[j]; }

    @Override public void addGradX(double[] x, double[] w, double[] out) {}

    @Override public void addHvp(double[] x, double[] w, double[] v, double[] out) { for (int j = 0; j < out.length; j++) out[j] += 2 * reg * v[j]; }

    @Override public void addCrossXY(double[] x, double[] w, double[] v, double[] out) {}

    @Override public void addCrossYX(double[] x, double[] w, double[] u, double[] out) {}
}
