package org.bilevel4j.spark;

/**
 * The data-free part R(x, y) of an inner objective G = (data term) + R, evaluated on the driver (no pass).
 * Methods add into {@code out} where they say so.
 */
interface Penalty {
    double value(double[] x, double[] w);

    void addGradW(double[] x, double[] w, double[] g);

    /** out += ∇_x R. */
    void addGradX(double[] x, double[] w, double[] out);

    /** out += ∇²_ww R · v. */
    void addHvp(double[] x, double[] w, double[] v, double[] out);

    /** out += ∇²_xw R · v (x-space). */
    void addCrossXY(double[] x, double[] w, double[] v, double[] out);

    /** out += ∇²_wx R · u (y-space). */
    void addCrossYX(double[] x, double[] w, double[] u, double[] out);
}
