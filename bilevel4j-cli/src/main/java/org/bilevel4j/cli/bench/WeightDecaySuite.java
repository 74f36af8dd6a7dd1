package org.bilevel4j.cli.bench;

import java.util.List;
import org.bilevel4j.solver.StopRule;

/**
 * {@code weightdecay}: one weight decay per feature (ALGORITHMS.md §4.3), on synthetic data and on spam tf-idf.
 * Per-feature log-decays have gradients of very different scales across features, so on spam every
 * solver with a choice of outer rule uses Adam with step 1 ({@code SpamDecay}'s recommendation); the
 * synthetic task keeps the solvers' defaults (outer steps from the problem's constants).
 */
final class WeightDecaySuite {
    private WeightDecaySuite() {}

    static final String SPAM = "weightdecay:dataset=spam";

    static BenchSuite suite() {
        return new ComparisonSuite("weightdecay",
                "per-feature weight decay on synthetic data and spam tf-idf: " + SOLVERS.size() + " solvers, <= 300 iterations or 180 s per run",
                List.of("weightdecay", SPAM), SOLVERS, StopRule.iterations(300).withMaxSeconds(180).withTraceEvery(10),
                List.of("weightdecay:samples=200:features=10", SPAM), StopRule.iterations(3));
    }

    static final List<String> SOLVERS = List.of(
            "aid-cg:outerRule=adam:outerStep=1", "aid-fp:outerRule=adam:outerStep=1",
            // ITD with a modest unroll instead of 600 steps
            "rhg:innerSteps=50:outerRule=adam:outerStep=1", "trhg:innerSteps=50:truncation=25:outerRule=adam:outerStep=1",
            "minimaxopt:stageLength=50",
            "bvfim:outerStep=0.1",
            "f2sa:fullBatch=true",
            "hoag:maxInnerSteps=500:maxLinearSteps=500");
}
