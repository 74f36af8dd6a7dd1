package org.bilevel4j.cli.bench;

import java.util.List;
import org.bilevel4j.solver.StopRule;

/**
 * {@code deep-nonsmooth}: SPNBO against penalty, HOAG, RHG and random search on the network versions of reweight and
 * poison (SPNBO Tables 3–4; issue 10 task 4): conv-4 (SPNBO's 6-layer network does not fit 28×28 inputs) on MNIST and
 * Fashion-MNIST (the CIFAR-10 / SVHN stand-ins), poison with l_0.6. SPNBO samples one layer per doubly stochastic
 * gradient ({@code constraintBatch=1} counts layers on network problems) and reweight's group lasso has one group per
 * layer. Summary table (mean ± std over seeds) and plots of accuracy against solver time and against gradient calls.
 * The table has each method's metrics at its own y beside the refit (testAccuracyRefit, ...: conv-4 trained from its
 * initial y on the training data with the final x, at the end of each run, outside solver seconds), the one measure
 * that compares spnbo and penalty, whose y also descends on the outer loss, with the others; and the references
 * without hyper-parameter learning (reweight: uniform weights; poison: the clean training set).
 * CPU scale: the tasks' network defaults (300 / 200 reweight / poison training images, conv-4 width 8); the paper's
 * sizes are options ({@code --set trainSize=... width=64}).
 */
final class DeepNonsmooth {
    private DeepNonsmooth() {}

    /**
     * One layer per SPNBO gradient, as the paper, and T = 5 w-steps per λ-step (a conv-4 Hessian-vector product costs
     * about 3 gradients here, so T = 20 leaves a handful of λ-steps in the time limit); RHG unrolls 10 steps at 0.01 (as
     * the linear suite's 1e-3 it is stable); random search 20 draws of 10 inner steps; HOAG at most 100 inner and 50 CG steps
 * an iteration (its default cap, 10000, is hours on a network whose inner tolerance is never met).
     */
    static final List<String> SOLVERS = List.of("spnbo:constraintBatch=1:wSteps=5", "penalty:preset=paper", "hoag:innerStep=0.01:maxInnerSteps=100:maxLinearSteps=50",
            "rhg:innerSteps=10:innerStep=0.01", "random-search:draws=20:innerSteps=10");

    static BenchSuite suite() {
        // reweight pins L_Phi = 1/n, the default when the README's table was run (the task's default is now 1)
        List<String> tasks = List.of("reweight:model=cnn:dataset=mnist:hypergradLipschitz=1/n", "reweight:model=cnn:dataset=fashion-mnist:hypergradLipschitz=1/n",
                "poison:model=cnn:dataset=mnist", "poison:model=cnn:dataset=fashion-mnist");
        // --quick: 16×16 synthetic "images" (no download), width 2, a few iterations
        String tiny = ":dataset=synthetic:features=256:classes=3:width=2:trainSize=40:valSize=20:testSize=20";
        List<String> quick = List.of("reweight:model=cnn" + tiny + ":hypergradLipschitz=1/n", "poison:model=cnn" + tiny + ":poisonPoints=2");
        return new ComparisonSuite("deep-nonsmooth",
                "SPNBO vs penalty, HOAG, RHG, random search on reweight and poison with conv-4 on MNIST and Fashion-MNIST (SPNBO Tables 3-4 with a network); "
                        + "at most 300 iterations or 120 s a run (about 40 min a seed on 2 cores, plus a refit at each run's end); own y and refit; "
                        + "a checkpoint a minute inside each run",
                tasks, SOLVERS, new StopRule(300, 120, Long.MAX_VALUE, 0, 1),
                quick, new StopRule(3, Double.POSITIVE_INFINITY, Long.MAX_VALUE, 0, 1), new org.bilevel4j.cli.CheckpointEvery(0, 60));
    }
}
