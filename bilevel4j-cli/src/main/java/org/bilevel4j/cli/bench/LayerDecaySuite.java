package org.bilevel4j.cli.bench;

import java.util.List;
import org.bilevel4j.cli.CheckpointEvery;
import org.bilevel4j.solver.StopRule;

/**
 * {@code layerdecay} (MinimaxOPT §4.2 at CPU scale): per-layer weight decay of a ResNet-8 (base width 8) on a
 * 1000-image Fashion-MNIST subset (900 train / 100 validation), test accuracy on 1000 test images. MinimaxOPT
 * (Algorithm 2: heavy-ball momentum 0.9 on every block, cosine step) against truncated reverse, one-step, Neumann and
 * CG, each with one inner epoch of mini-batch SGD (batches of 64, step 0.1) per outer iteration, and CG and one-step
 * with a bounded "converged" inner loop of 5 epochs (the paper's 50 do not fit here). The bilevel methods move x by Adam
 * (step 0.05), as the weightdecay suite does, since the hypergradient in the log decays is small and uneven across
 * layers. MinimaxOPT's blocks take c = 0.05 (eta_y = c/(1 + alpha), eta_z = c/alpha: SGD step 0.05 on G, with
 * momentum) and stepX = 5, alpha from 10 growing 1.5x every 15 iterations (one epoch) up to 1000; none of these were
 * tuned beyond a first guess (the README says so). Every run gets 150 solver seconds; runs checkpoint every 60 s,
 * so an interrupted suite continues inside the run it stopped in. {@code --quick}: synthetic images, a tiny net.
 */
final class LayerDecaySuite {
    private LayerDecaySuite() {}

    static final String TASK = "layerdecay:subset=1000:testSamples=1000:width=8:threads=1:innerBatch=64"
            + ":minimaxopt-sgd.outerBatch=100:minimaxopt-sgd.horizon=150";
    static final String QUICK = "layerdecay:dataset=synthetic:subset=40:testSamples=20:imageSize=8:width=2:precision=double:threads=1:innerBatch=8"
            + ":minimaxopt-sgd.outerBatch=4:minimaxopt-sgd.horizon=10";

    static BenchSuite suite() {
        return new ComparisonSuite("layerdecay",
                "per-layer weight decay of a ResNet-8 on 1000 Fashion-MNIST images: MinimaxOPT vs truncated reverse, one-step, Neumann, CG "
                        + "(1 inner epoch of mini-batch SGD; CG and one-step also 5 epochs), 150 solver seconds per run",
                List.of(TASK), SOLVERS, StopRule.iterations(100000).withMaxSeconds(150).withTraceEvery(3),
                List.of(QUICK), StopRule.iterations(3), new CheckpointEvery(0, 60));
    }

    private static final String BILEVEL = ":innerStep=0.1:outerRule=adam:outerStep=0.05";

    /** damping=0: the systems as the papers write them, as the README's table was run (a network now gets L_g / 10 by default). */
    static final List<String> SOLVERS = List.of(
            "minimaxopt-sgd:rule=heavy-ball:momentum=0.9:stepScale=0.05:stepX=5:alpha0=10:tau=1.5:stageLength=15:maxAlpha=1000"
                    + ":innerLipschitz=1:outerLipschitz=1:minStepRatio=0.01",
            "trhg:innerEpochs=1" + BILEVEL,
            "one-step:innerEpochs=1" + BILEVEL,
            "aid-neumann:innerEpochs=1:linearSteps=5:damping=0" + BILEVEL,
            "aid-cg:innerEpochs=1:linearSteps=5:damping=0" + BILEVEL,
            "one-step:innerEpochs=5" + BILEVEL,
            "aid-cg:innerEpochs=5:linearSteps=5:damping=0" + BILEVEL);
}
