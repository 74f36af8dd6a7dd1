package org.bilevel4j.torch.tasks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.GlyphSplit;
import org.bilevel4j.data.Glyphs;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.torch.Torch;
import org.bilevel4j.torch.TorchSetup;

/**
 * Not a test: seconds per outer iteration of fewshot-table's rhg, aid-cg and bvfim (their options there) on 5-way 1-shot
 * and 5-shot at the suite's scale, wall and process CPU, from runs of 1 and 1 + n iterations (the difference, so the
 * first trace row and the set-up drop out). Arguments: n (default 3), solvers (default rhg,aid-cg,bvfim).
 */
public final class FewShotIterationCostMain {
    private FewShotIterationCostMain() {}

    static final Map<String, Map<String, String>> SOLVERS = Map.of(
            "rhg", Map.of("innerSteps", "10", "outerRule", "adam", "outerStep", "0.001"),
            "aid-cg", Map.of("innerSteps", "20", "linearSteps", "10", "outerRule", "adam", "outerStep", "0.001"),
            "bvfim", Map.of("zSteps", "20", "ySteps", "10", "outerStep", "0.001"));

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<String> solvers = List.of((args.length > 1 ? args[1] : "rhg,aid-cg,bvfim").split(","));
        Torch.load();
        Glyphs g = Glyphs.ensure(0, System.err);
        FewShotSettings.Data data = new FewShotSettings.Data("glyphs-0", Glyphs.SIDE, Glyphs.SAMPLES, g.classes(GlyphSplit.BACKGROUND),
                g.classes(GlyphSplit.EVALUATION), g::images);
        for (int shots : new int[] {1, 5})
            for (String name : solvers) {
                // evaluation on 2 episodes only (its cost is measured by FewShotCostMain)
                FewShotSettings s = new FewShotSettings(5, shots, 5, 8, 32, 0.1, 1, 1_000_000, 2, 15, 300, false, 3, 1000, 0);
                double[] w = new double[2], c = new double[2];
                int[] iters = {1, 1 + n};
                for (int k = 0; k < 2; k++) {
                    FewShotProblem p = new FewShotProblem(s, data, TorchSetup.floats(), 0);
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    Solver<?> solver = (Solver) Catalog.solver(name, p, new Options(SOLVERS.get(name)), 0);
                    long c0 = FewShotCostMain.cpu(), w0 = System.nanoTime();
                    runIt(solver, p, iters[k]);
                    w[k] = (System.nanoTime() - w0) / 1e9;
                    c[k] = (FewShotCostMain.cpu() - c0) / 1e9;
                }
                System.out.printf(Locale.ROOT, "5-way %d-shot %-7s per iteration: %.2f s wall, %.2f s cpu%n", shots, name, (w[1] - w[0]) / n, (c[1] - c[0]) / n);
            }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void runIt(Solver s, FewShotProblem p, int iterations) {
        Runner.run(s, p, p.initialX(), p.initialY(), StopRule.iterations(iterations), List.of());
    }
}
