package org.bilevel4j.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bilevel4j.data.DenseMatrix;

/**
 * Classes in lanes over the nonzero bytes ({@link ClassLanes}) against today's 8-bit gradient pass
 * ({@code LogisticModel.valueGrad}, float precision, 8-bit features: lanes over rows with zero skipping), on 20000
 * shuffled training rows of MNIST or Fashion-MNIST (the data cache), multinomial, 10 classes, no bias. One thread: CPU
 * ms by the thread's clock, min of 15 runs per round, the variants alternating; the gradient pass of each variant
 * (value and gradient with the folded offsets), the logits + softmax alone (against today's value pass), and each
 * variant's largest relative difference from today's pass and from the double kernel. Two threads: wall ms, min of 15,
 * today's sweep with {@code bilevel4j.threads=2} against the layout in two phases (rows split in halves for the logits,
 * features split at half the nonzeros for the gradient). Also the products alone, from the compact copies, from 32-bit
 * offsets and float values, and the same with the vectors 64-byte aligned (copies into 16 MB arrays, which G1 places
 * at the start of a region, 12 floats in). Not a JMH benchmark:
 * <pre>java --add-modules jdk.incubator.vector -Dbilevel4j.threads=1 -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.ClassLanesBreakdown [mnist|fashion-mnist|shape] [rounds]</pre>
 * {@code -Dclasslanes.convert=true}: the bytes converted to float instead of read from a 256-entry table;
 * {@code -Dclasslanes.wideBlock=N}: rows per CSC block of the copy with 32-bit offsets (default 256).
 */
public final class ClassLanesBreakdown {
    private ClassLanesBreakdown() {}

    private static double sink;

    /** One variant's pass: value and gradient g, with the scratch it reuses across passes. */
    private static final class Pass {
        final ClassLanes cl;
        final int kind; // 0 CSC blocks, 1 fused CSR scatter, 2 one-block CSC, 3 logits + softmax only
        final float[] R, gf;
        final double[] gd;
        final double[] g;

        Pass(ClassLanes cl, int kind) {
            this.cl = cl;
            this.kind = kind;
            R = new float[cl.n * ClassLanes.L];
            gf = new float[cl.d * ClassLanes.L];
            gd = new double[cl.d * ClassLanes.L];
            g = new double[cl.k * cl.d];
        }

        double run(double[] w) {
            float[] wf = cl.fold(w), off = cl.offsets(w);
            ClassLanes.RowsOut out = new ClassLanes.RowsOut();
            Arrays.fill(gd, 0);
            cl.rows(wf, off, 0, cl.n, R, out, kind == 1 ? gf : null, gd);
            if (kind == 0) cl.gradBlocks(R, 0, cl.d, gf, gd);
            if (kind == 2) cl.gradColumns(R, 0, cl.d, gd);
            if (kind != 3) cl.gradient(gd, out.rsum, g);
            return out.loss / cl.n;
        }

        /** The same pass on two threads: rows halved, then features split at half the nonzeros (jSplit). */
        double run2(double[] w, ExecutorService pool, int jSplit) throws Exception {
            float[] wf = cl.fold(w), off = cl.offsets(w);
            ClassLanes.RowsOut o1 = new ClassLanes.RowsOut(), o2 = new ClassLanes.RowsOut();
            Arrays.fill(gd, 0);
            int h = cl.n / 2;
            Future<?> f = pool.submit(() -> cl.rows(wf, off, h, cl.n, R, o2, null, null));
            cl.rows(wf, off, 0, h, R, o1, null, null);
            f.get();
            float[] gf2 = gf2();
            Future<?> f2 = pool.submit(() -> cl.gradBlocks(R, jSplit, cl.d, gf2, gd));
            cl.gradBlocks(R, 0, jSplit, gf, gd);
            f2.get();
            for (int c = 0; c < ClassLanes.L; c++) o1.rsum[c] += o2.rsum[c];
            cl.gradient(gd, o1.rsum, g);
            return (o1.loss + o2.loss) / cl.n;
        }

        private float[] gf2;

        private float[] gf2() {
            if (gf2 == null) gf2 = new float[cl.d * ClassLanes.L];
            return gf2;
        }
    }

    public static void main(String[] args) throws Exception {
        String data = args.length > 0 ? args[0] : "mnist";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int n = 20000, k = 10, reps = 15;
        SplittableRandom rng = new SplittableRandom(1);
        BreakdownRows rowsOf = BreakdownRows.of(data, n, k, rng);
        DenseMatrix raw = rowsOf.raw();
        int[] labels = rowsOf.labels();
        int d = raw.cols();
        ByteFeatures bf = rowsOf.bytes();
        LogisticModel dbl = rowsOf.doubleModel(k);
        LogisticModel today = dbl.withPrecision(Precision.FLOAT).withBytes(bf);
        ClassLanes cl = new ClassLanes(bf, labels, k);
        long nnz = cl.nonzeros();
        System.out.printf("%s, %d x %d: %d nonzero bytes (%.1f%%), %.1f per row; CSR %.1f MB, CSC blocks of %d rows %.1f MB + %.0f KB pointers; table %s%n",
                data, n, d, nnz, 100.0 * nnz / ((long) n * d), (double) nnz / n, 3.0 * nnz / 1e6, ClassLanes.BLOCK, 2.0 * nnz / 1e6,
                4.0 * cl.colPtr.length / 1e3, Boolean.getBoolean("classlanes.convert") ? "off (conversion)" : "on");

        double[] w = new double[dbl.dim()], g = new double[dbl.dim()];
        for (int j = 0; j < w.length; j++) w[j] = 0.01 * rng.nextGaussian();
        String[] names = {"today (lanes over rows)", "CSC blocks of 256 rows", "CSR scatter, fused", "CSC one block, 16-bit"};
        Pass[] passes = {null, new Pass(cl, 0), new Pass(cl, 1), new Pass(cl, 2)};
        Pass logitsOnly = new Pass(cl, 3);
        Runnable[] grad = new Runnable[names.length];
        grad[0] = () -> sink += today.valueGrad(w, null, null, g);
        for (int q = 1; q < names.length; q++) {
            Pass p = passes[q];
            grad[q] = () -> sink += p.run(w);
        }
        Runnable[] value = {() -> sink += today.value(w, null, null), () -> sink += logitsOnly.run(w)};
        for (int r = 0; r < 40; r++) {
            for (Runnable p : grad) p.run();
            for (Runnable p : value) p.run();
        }
        System.out.printf("today's kernel %s, sweep threads %d%n", today.kernel(), RowBlocks.threads());

        double[] gt = new double[dbl.dim()], gdbl = new double[dbl.dim()];
        double vt = today.valueGrad(w, null, null, gt), vd = dbl.valueGrad(w, null, null, gdbl);
        System.out.printf("today: value %.10f (rel. to double %.1e), gradient rel. to double %.1e%n", vt, Math.abs(vt - vd) / Math.abs(vd), BreakdownRows.relDiff(gt, gdbl));
        for (int q = 1; q < names.length; q++) {
            double v = passes[q].run(w);
            System.out.printf("%-26s value rel. to today %.1e, to double %.1e; gradient rel. to today %.1e, to double %.1e%n", names[q],
                    Math.abs(v - vt) / Math.abs(vt), Math.abs(v - vd) / Math.abs(vd), BreakdownRows.relDiff(passes[q].g, gt), BreakdownRows.relDiff(passes[q].g, gdbl));
        }

        for (int round = 1; round <= rounds; round++) {
            double[] ms = new double[names.length];
            for (int q = 0; q < names.length; q++) ms[q] = CpuClock.minMs(reps, grad[q]);
            StringBuilder sb = new StringBuilder();
            for (int q = 0; q < names.length; q++) sb.append(String.format("  %s %.2f (%.2f)", names[q], ms[q], ms[q] / ms[0]));
            double v0 = CpuClock.minMs(reps, value[0]), v1 = CpuClock.minMs(reps, value[1]);
            float[] wf = cl.fold(w);
            double lg = CpuClock.minMs(reps, () -> sink += cl.logits(wf, 0, n));
            float[] R = passes[1].R, gf = passes[1].gf;
            double[] gd = passes[1].gd;
            double gb = CpuClock.minMs(reps, () -> cl.gradBlocks(R, 0, d, gf, gd));
            double lw = CpuClock.minMs(reps, () -> sink += cl.logitsWide(wf, cl.rowOff, 0, n));
            double gw = CpuClock.minMs(reps, () -> cl.gradBlocksWide(R, cl.colOff, 0, d, gf, gd));
            // 64-byte aligned vectors: humongous arrays (G1) start 16 bytes after a region's start, so 12 floats in
            float[] wfA = new float[1 << 22], RA = new float[1 << 22];
            System.arraycopy(wf, 0, wfA, 12, wf.length);
            System.arraycopy(R, 0, RA, 12, R.length);
            int[] rowOffA = cl.rowOff.clone(), colOffA = cl.colOff.clone();
            for (int t = 0; t < rowOffA.length; t++) {
                rowOffA[t] += 12;
                colOffA[t] += 12;
            }
            double la = CpuClock.minMs(reps, () -> sink += cl.logitsWide(wfA, rowOffA, 0, n));
            double ga = CpuClock.minMs(reps, () -> cl.gradBlocksWide(RA, colOffA, 0, d, gf, gd));
            System.out.printf("  32-bit offsets and float values, vectors 64-byte aligned: logits' product %.2f, gradient's product %.2f%n", la, ga);
            System.out.printf("%d gradient pass, one thread, CPU ms, min of %d:%s%n  value pass today %.2f, logits + softmax (+ residuals) %.2f (%.2f); logits' product alone %.2f, gradient's product alone (CSC blocks) %.2f; the same from 32-bit offsets and float values %.2f, %.2f%n",
                    round, reps, sb, v0, v1, v1 / v0, lg, gb, lw, gw);
        }

        int jSplit = 0;
        for (long acc = 0; jSplit < d && 2 * acc < nnz; jSplit++) acc += cl.colPtr16[jSplit + 1] - cl.colPtr16[jSplit];
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Pass p2 = passes[1];
        double v2 = p2.run2(w, pool, jSplit);
        System.out.printf("two threads: value rel. to today %.1e, gradient rel. to today %.1e (features split at %d)%n", Math.abs(v2 - vt) / Math.abs(vt),
                BreakdownRows.relDiff(p2.g, gt), jSplit);
        System.setProperty("bilevel4j.threads", "2");
        for (int r = 0; r < 40; r++) {
            sink += today.valueGrad(w, null, null, g);
            sink += p2.run2(w, pool, jSplit);
        }
        for (int round = 1; round <= rounds; round++) {
            double a = Double.MAX_VALUE, b = Double.MAX_VALUE;
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                sink += today.valueGrad(w, null, null, g);
                long t1 = System.nanoTime();
                sink += p2.run2(w, pool, jSplit);
                long t2 = System.nanoTime();
                a = Math.min(a, (t1 - t0) / 1e6);
                b = Math.min(b, (t2 - t1) / 1e6);
            }
            System.out.printf("%d gradient pass, two threads, wall ms, min of %d: today %.2f, CSC blocks %.2f (%.2f)%n", round, reps, a, b, b / a);
        }
        System.clearProperty("bilevel4j.threads");
        pool.shutdown();
        for (int r = 0; r < 5; r++) sink += FmaPeak.chains(1_000_000);
        long fmaRounds = 4_000_000;
        double peak = 2.0 * 16 * 10 * fmaRounds / (CpuClock.minMs(5, () -> sink += FmaPeak.chains(fmaRounds)) * 1e6);
        double flops = 4.0 * n * d * k;
        System.out.printf("FMA peak, one thread %.0f GFLOP/s: the pass's %.2f dense GFLOP take %.2f ms; 16-lane FMAs done by the layout: %d (%.2f ms at peak)%n",
                peak, flops / 1e9, flops / peak / 1e6, 2 * nnz, 2 * nnz * 32.0 / peak / 1e6);
        if (sink == 42) System.out.print("");
    }
}
