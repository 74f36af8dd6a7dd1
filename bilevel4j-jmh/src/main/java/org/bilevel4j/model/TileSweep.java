package org.bilevel4j.model;

/** Every tile of consecutive rows (in the kernel's {@link RowKernel#order}) through load and then the chosen products of a kernel, as a full pass calls them. */
final class TileSweep {
    private TileSweep() {}

    /** Keeps the products' results alive. */
    static double sink;

    /** @param bias whether the model has a bias column (stride cols + 1) */
    static Runnable of(RowKernel k, int n, int m, boolean bias, boolean dots, boolean axpy, double[] w, double[] a) {
        return () -> {
            int stride = k.cols() + (bias ? 1 : 0);
            int[] order = k.order(); // decided before the tiles are made, as a full pass does
            RowKernel.Tiles t = k.tiles(m, stride, bias, new double[m * stride]);
            int wide = t.consecutiveTile();
            int[] idx = new int[wide];
            double[] z = new double[wide * m];
            for (int i = 0; i + wide <= n; i += wide) {
                for (int q = 0; q < wide; q++) idx[q] = order == null ? i + q : order[i + q];
                t.load(idx, wide);
                if (dots) t.dots(w, z);
                if (axpy) t.axpy(a);
            }
            t.finish();
            sink += z[0];
        };
    }
}
