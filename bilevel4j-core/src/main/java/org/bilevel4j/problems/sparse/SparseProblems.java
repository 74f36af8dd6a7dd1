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
                + " sklearn diabetes or breast-cancer (standardized least squares, 40/40/20 split by the seed; metrics testMse, nonZeros)",
                "orthogonal", "diabetes", "breast-cancer");
        String penalty = o.choice("penalty", "lp", "regularizer", "lp", "group-lasso", "oscar", "l1");
        RealData real = dataset.equals("orthogonal") ? null : RealData.load(dataset, seed);
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
        OrthogonalDesign design = real != null ? null : new OrthogonalDesign(dim, trainRows, valRows,
                groupSize,
                o.getDouble("noise", 0.5, "standard deviation of the target noise (and of the coefficient noise on the true support)"),
                o.getDouble("offSupportNoise", 0.1, "standard deviation of the least-squares coefficients off the true support"),
                seed);
        double mu = o.getPositive("mu", 1e-3, "smoothing parameter of the inner regularizer: fixed for penalty, hoag, rhg ... (ALGORITHMS.md §3.8: 1e-3); spnbo starts from its mu1 and halves it");
        double x0 = o.getDouble("x0", -3, "initial log-weight of each regularizer term");
        LeastSquares ls = real != null ? real.problem() : design.build();
        double[] z = real != null ? null : SparseRegression.leastSquaresSolution(ls);
        Regularizer reg;
        Function<double[], double[]> exact;
        switch (penalty) {
            case "lp" -> {
                double p = o.getDouble("p", 0.6, "exponent of the l_p^p regularizer, 0 < p <= 1");
                reg = new Lp(p);
                exact = c -> Shrinkage.lp(z, c[0], p);
            }
            case "group-lasso" -> {
                GroupLasso g = GroupLasso.consecutive(dim, groupSize);
                reg = g;
                exact = c -> Shrinkage.groupLasso(z, c[0], g.groups());
            }
            case "oscar" -> {
                boolean halve = o.getBool("oscarHalve", true, "exact max(a,b) = (a+b+|a-b|)/2; false = the decoded variant without 1/2");
                String weights = o.choice("oscarWeights", "tied", "one hyper-parameter for both terms (tied, ratio oscarRatio) or one each (free)",
                        "tied", "free");
                double f = halve ? 1 : 2; // ψ₂ is f Σ max
                Oscar osc = new Oscar(halve);
                if (weights.equals("tied")) {
                    double r = o.getDouble("oscarRatio", 0.1, "weight of the pairwise-max term relative to the l1 term (tied)");
                    reg = Regularizer.tied(osc, 1, r);
                    exact = c -> Shrinkage.oscar(z, c[0], c[0] * r * f);
                } else {
                    reg = osc;
                    exact = c -> Shrinkage.oscar(z, c[0], c[1] * f);
                }
            }
            default -> {
                reg = new L1();
                exact = c -> Shrinkage.l1(z, c[0]);
            }
        }
        double[] x0s = new double[reg.terms()];
        java.util.Arrays.fill(x0s, x0);
        double lo = o.getDouble("searchLo", -8, "lower end of the 1-D search for the optimal log-weight");
        double hi = o.getDouble("searchHi", 3, "upper end of the 1-D search for the optimal log-weight");
        if (real != null) return new SparseRegression(ls, reg, mu, x0s, null, null, lo, hi, real.xTest(), real.yTest());
        return new SparseRegression(ls, reg, mu, x0s, exact, z, lo, hi);
    }
}
