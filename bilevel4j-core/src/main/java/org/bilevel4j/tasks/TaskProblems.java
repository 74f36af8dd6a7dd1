package org.bilevel4j.tasks;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.solver.Options;

/** Catalog entries of the machine-learning tasks. */
public final class TaskProblems {
    private TaskProblems() {}

    public static void register(Map<String, Catalog.ProblemEntry> m) {
        Catalog.add(m, "hyperclean", "data hyper-cleaning: per-sample weights sigma(x_i) on a multinomial logistic model (BVFIM, stocBiO, benchopt)",
                TaskProblems::hyperclean);
        Catalog.add(m, "weightdecay", "logistic regression with one weight-decay hyper-parameter per feature (hypertorch, MinimaxOPT)",
                TaskProblems::weightdecay);
    }

    static HyperCleaning hyperclean(Options o, long seed) {
        o.choice("dataset", "synthetic", "data set (real data sets are plugged in by the CLI)", "synthetic");
        HyperCleaning.Setting setting = HyperCleaning.Setting.valueOf(o.choice("setting", "benchopt",
                "benchopt: no bias, reg 0.2; stocbio: bias, reg 0.001; bvfim: bias, no reg", "benchopt", "stocbio", "bvfim"));
        double p = o.getDouble("p", setting == HyperCleaning.Setting.stocbio ? 0.4 : 0.5, "fraction of corrupted training labels");
        double reg = o.getDouble("reg", setting.reg, "coefficient of ||W||^2 in the inner loss (default from the setting)");
        boolean bias = o.getBool("bias", setting.bias, "linear model with a bias (default from the setting)");
        int nTrain = o.getInt("trainSize", 1000, 2, "synthetic: training samples");
        int nVal = o.getInt("valSize", 1000, 1, "synthetic: validation samples");
        int nTest = o.getInt("testSize", 2000, 1, "synthetic: test samples");
        int d = o.getInt("features", 100, 1, "synthetic: features");
        int k = o.getInt("classes", 10, 2, "synthetic: classes");
        double sep = o.getPositive("separation", 4, "synthetic: scale of the distance between class means");
        int refIters = o.getInt("referenceIterations", 2000, 1, "accelerated-gradient iterations of the two reference models");
        LabeledData all = Synthetic.gaussianMixture(nTrain + nVal + nTest, d, k, sep, seed);
        LabeledData train = Synthetic.rows(all, 0, nTrain);
        LabelNoise noise = LabelNoise.corrupt(train.labels(), k, p, seed + 1);
        train = LabeledData.classification(train.x(), noise.labels(), k);
        return new HyperCleaning(train, noise.corrupted(), Synthetic.rows(all, nTrain, nTrain + nVal),
                Synthetic.rows(all, nTrain + nVal, nTrain + nVal + nTest), bias, reg, refIters);
    }

    static WeightDecay weightdecay(Options o, long seed) {
        o.choice("dataset", "synthetic", "data set (real data sets are plugged in by the CLI)", "synthetic");
        int n = o.getInt("samples", 1000, 2, "synthetic: samples, split half train / half validation");
        int d = o.getInt("features", 20, 1, "synthetic: features (the second half irrelevant)");
        int nTest = o.getInt("testSize", 1000, 1, "synthetic: test samples");
        double noise = o.getDouble("labelNoise", 1, "synthetic: standard deviation of the logit noise");
        boolean bias = o.getBool("bias", false, "linear model with a bias");
        double x0 = o.getDouble("initialLogDecay", 0, "initial x_j (log of the decay of every feature)");
        double lo = o.getDouble("minLogDecay", -20, "lower bound of x");
        double hi = o.getDouble("maxLogDecay", 2, "upper bound of x (sets the inner Lipschitz bound)");
        LabeledData all = Synthetic.sparseLogistic(n + nTest, d, noise, seed);
        LabeledData[] halves = WeightDecay.halves(Synthetic.rows(all, 0, n), seed + 1);
        return new WeightDecay(halves[0], halves[1], Synthetic.rows(all, n, n + nTest), bias, x0, lo, hi);
    }
}
