package org.bilevel4j.problems.sparse;

import java.util.Map;
import java.util.function.Function;
import org.bilevel4j.Catalog;
import org.bilevel4j.smoothing.GroupLasso;
import org.bilevel4j.smoothing.L1;
import org.bilevel4j.smoothing.Lp;
import org.bilevel4j.smoothing.Oscar;
import org.bilevel4j.smoothing.Regularizer;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Heap;

/** Catalog entries of the non-smooth sparse-regression problems (ALGORITHMS.md §3). */
public final class SparseProblems {
    private SparseProblems() {}

    public static void register(Map<String, Catalog.ProblemEntry> m) {
        Catalog.add(m, "sparse-regression", "least squares with a non-smooth regularizer (l_p^p, group lasso, OSCAR) on its log-weight;"
                + " orthogonal design: exact inner solution and optimal hyper-parameter", SparseProblems::create);
    }

    static SparseRegression create(Options o, long seed) {
        o.choice("design", "orthogonal", "synthetic design (dataset=orthogonal): orthogonal, with closed-form inner solution", "orthogonal");
        String dataset = o.choice("dataset", "orthogonal", "data: synthetic orthogonal design (exact x*, distanceToSolution);"
                + " sklearn diabetes or breast-cancer (standardized least squares, 40/40/20 split by the seed; metrics testMse, nonZeros);"
                + " libsvm: your own LIBSVM file with real-valued labels as targets (file=PATH)",
                "orthogonal", "diabetes", "breast-cancer", "libsvm");
        String penalty = o.choice("penalty", "lp", "regularizer", "lp", "group-lasso", "oscar", "l1");
        String file = o.getString("file", "", "libsvm: the training file (LIBSVM / svmlight text, may be gzip; its labels are the targets), "
                + "split 40/40/20 train / validation / test by the seed unless valFile or testFile give those parts");
        String valFile = o.getString("valFile", "", "libsvm: the validation file (default: a part of file)");
        String testFile = o.getString("testFile", "", "libsvm: the test file for testMse (default: a part of file when valFile is not given, else none)");
        int libsvmFeatures = o.getInt("libsvmFeatures", 0, 0, "libsvm: number of features (0: the training file's largest index)");
        if (!dataset.equals("libsvm"))
            for (String key : new String[] {"file", "valFile", "testFile", "libsvmFeatures"})
                if (o.has(key)) throw new IllegalArgumentException("option " + key + " applies to dataset=libsvm only, not " + dataset);
        if (dataset.equals("libsvm") && file.isEmpty()) throw new IllegalArgumentException("dataset=libsvm needs --set file=PATH (a LIBSVM file)");
        RealData real = dataset.equals("orthogonal") ? null : dataset.equals("libsvm")
                ? RealData.libsvm(java.nio.file.Path.of(file), valFile.isEmpty() ? null : java.nio.file.Path.of(valFile),
                        testFile.isEmpty() ? null : java.nio.file.Path.of(testFile), libsvmFeatures, seed)
                : RealData.load(dataset, seed);
        int dim = real != null ? real.problem().dimY() : o.getInt("dim", 12, 1, "number of features (inner dimension, orthogonal design)");
        int groupSize = o.getInt("groupSize", 3, 1, "size of the consecutive groups (group lasso, and the true weights' structure)");
        int trainRows = real != null ? 0 : o.getInt("trainSamples", (int) Math.min(2L * dim, Integer.MAX_VALUE), 1, "training rows (>= dim)");
        int valRows = real != null ? 0 : o.getInt("valSamples", 200, 1, "validation rows");
        if (real == null) {
            String what = "sparse-regression with dim=" + dim + ", trainSamples=" + trainRows + ", valSamples=" + valRows;
            Heap.entries(what, trainRows, dim);
            Heap.entries(what, valRows, dim);
            Heap.require(what, 8.0 * 3 * ((double) trainRows + valRows) * dim + 8.0 * 3 * dim * dim);
        }
        double noise = real != null ? 0 : o.getDouble("noise", 0.5, "standard deviation of the target noise (and of the coefficient noise on the true support)");
        double offNoise = real != null ? 0 : o.getDouble("offSupportNoise", 0.1, "standard deviation of the least-squares coefficients off the true support");
        double mu = o.getPositive("mu", 1e-3, "smoothing parameter of the inner regularizer: fixed for penalty, hoag, rhg ... (ALGORITHMS.md §3.8: 1e-3); spnbo starts from its mu1 and halves it");
        double x0 = o.getDouble("x0", -3, "initial log-weight of each regularizer term");
        double p = penalty.equals("lp") ? o.getDouble("p", 0.6, "exponent of the l_p^p regularizer, 0 < p <= 1") : Double.NaN;
        boolean halve = penalty.equals("oscar") && o.getBool("oscarHalve", true, "exact max(a,b) = (a+b+|a-b|)/2; false = the decoded variant without 1/2");
        String weights = penalty.equals("oscar") ? o.choice("oscarWeights", "tied", "one hyper-parameter for both terms (tied, ratio oscarRatio) or one each (free)",
                "tied", "free") : "";
        double ratio = weights.equals("tied") ? o.getDouble("oscarRatio", 0.1, "weight of the pairwise-max term relative to the l1 term (tied)") : Double.NaN;
        double lo = o.getDouble("searchLo", -8, "lower end of the 1-D search for the optimal log-weight");
        double hi = o.getDouble("searchHi", 3, "upper end of the 1-D search for the optimal log-weight");
        if (real != null) {
            Regularizer reg = regularizer(penalty, dim, groupSize, p, halve, weights, ratio, null).reg();
            return new SparseRegression(real.problem(), reg, mu, x0s(reg, x0), null, null, lo, hi, real.xTest(), real.yTest());
        }
        boolean redraw = o.getBool("redraw", true, "orthogonal design with one hyper-parameter: when the seed's design has no interior optimal"
                + " log-weight in [searchLo, searchHi] (Phi still falls at the bound), draw it again from seed + k*" + REDRAW_SHIFT
                + " (k = 1, 2, ...) until it has one, so that x* exists; false: keep the seed's design (then no x*)");
        SparseRegression first = null;
        for (int k = 0; k <= MAX_REDRAWS; k++) {
            long designSeed = seed + k * REDRAW_SHIFT;
            LeastSquares ls = new OrthogonalDesign(dim, trainRows, valRows, groupSize, noise, offNoise, designSeed).build();
            double[] z = SparseRegression.leastSquaresSolution(ls);
            Penalty pen = regularizer(penalty, dim, groupSize, p, halve, weights, ratio, z);
            SparseRegression sr = new SparseRegression(ls, pen.reg(), mu, x0s(pen.reg(), x0), pen.exact(), z, lo, hi).withDesignSeed(designSeed);
            if (first == null) first = sr;
            if (!redraw || sr.dimX() != 1 || sr.solutionX() != null) return sr;
        }
        return first; // no interior optimum in MAX_REDRAWS draws (a search window that never contains one): the seed's design, without x*
    }

    /** The k-th redraw of an orthogonal design uses seed + k·REDRAW_SHIFT: distinct from every other run seed below 10^6. */
    static final long REDRAW_SHIFT = 1_000_000;
    static final int MAX_REDRAWS = 20;

    private record Penalty(Regularizer reg, Function<double[], double[]> exact) {}

    private static double[] x0s(Regularizer reg, double x0) {
        double[] a = new double[reg.terms()];
        java.util.Arrays.fill(a, x0);
        return a;
    }

    /** The regularizer and, given z = X_trᵀ y_tr of an orthogonal design, its exact inner solution (prox at z). */
    private static Penalty regularizer(String penalty, int dim, int groupSize, double p, boolean halve, String weights, double r, double[] z) {
        switch (penalty) {
            case "lp" -> {
                return new Penalty(new Lp(p), c -> Shrinkage.lp(z, c[0], p));
            }
            case "group-lasso" -> {
                GroupLasso g = GroupLasso.consecutive(dim, groupSize);
                return new Penalty(g, c -> Shrinkage.groupLasso(z, c[0], g.groups()));
            }
            case "oscar" -> {
                double f = halve ? 1 : 2; // ψ₂ is f Σ max
                Oscar osc = new Oscar(halve);
                if (weights.equals("tied")) return new Penalty(Regularizer.tied(osc, 1, r), c -> Shrinkage.oscar(z, c[0], c[0] * r * f));
                return new Penalty(osc, c -> Shrinkage.oscar(z, c[0], c[1] * f));
            }
            default -> {
                return new Penalty(new L1(), c -> Shrinkage.l1(z, c[0]));
            }
        }
    }
}
