package org.bilevel4j.cli.bench;

import java.util.List;
import org.bilevel4j.solver.StopRule;

/**
 * {@code hyperclean-mnist}: every solver that applies to data hyper-cleaning on MNIST, benchopt setting
 * (ALGORITHMS.md §1.10, §4.3: 20000 / 5000 / 10000, no bias, reg 0.2), p = 0.5. Each run stops after 300 outer
 * iterations or 180 s of solver time. Hypergradient solvers keep their default outer step, n_train from the task's
 * hypergradient Lipschitz estimate; the overrides below make the others sensible on this task (why, per line).
 */
final class HypercleanMnist {
    private HypercleanMnist() {}

    static final String TASK = "hyperclean:dataset=mnist:setting=benchopt:p=0.5";
    /** 1000 training, 500 validation, 1000 test images; references with fewer iterations. */
    static final String QUICK_TASK = TASK + ":trainSize=1000:valSize=500:testSize=1000:referenceIterations=200";

    static final List<String> SOLVERS = List.of(
            "aid-cg", "aid-neumann:linearSteps=20", "aid-fp",
            // mini-batches of 5 % of the data instead of 16 samples (the stocBiO code's default batch is 1000);
            // Q = 10 Neumann terms as its hyper-cleaning runs use few; constant outer step
            "stocbio:innerBatch=1000:hessianBatch=1000:outerBatch=1000:neumannSteps=10:outerDecay=0",
            // inner and CG work per outer iteration capped so that an iteration stays a few seconds
            "hoag:maxInnerSteps=200:maxLinearSteps=200",
            // ITD with a modest unroll instead of 600 steps (memory and time: each step stores a 7840-vector)
            "rhg:innerSteps=50", "trhg:innerSteps=50:truncation=25",
            // the demo's BVFIM: 15 gradient steps per outer iteration (toy default 75), 1/(k+1) decay as BOAT (§1.11), Adam step 0.1
            "bvfim:zSteps=10:ySteps=5:decay=inverse:outerStep=0.1",
            "minimaxopt:preset=paper",
            "minimaxopt-sgd:preset=paper:stageLength=50:outerBatch=1000:innerBatch=1000:horizon=300",
            "f2sa:batchSize=1000:preset=benchmark",
            "bome:preset=benchmark", "fo-itd", "one-step");

    static BenchSuite suite() {
        return new ComparisonSuite("hyperclean-mnist",
                "hyper-cleaning on MNIST, benchopt setting, p = 0.5: " + SOLVERS.size() + " solvers, each <= 300 iterations or 180 s per run",
                List.of(TASK), SOLVERS, StopRule.iterations(300).withMaxSeconds(180).withTraceEvery(10),
                List.of(QUICK_TASK), StopRule.iterations(3));
    }
}
