package org.bilevel4j.torch.tasks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import org.bilevel4j.data.GlyphSplit;
import org.bilevel4j.data.Glyphs;
import org.bilevel4j.torch.Torch;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.vec.Vec;

/**
 * Not a test: where a few-shot outer iteration's time goes, 5-way 1-shot against 5-way 5-shot at the fewshot-table's
 * scale (meta-batch 8, 5 queries per class, conv-4 width 32, 28×28 glyphs), per oracle, wall and process CPU time, at
 * libtorch's current thread count ({@code -Dbilevel4j.torch.threads=1}). Arguments: repetitions (default 5).
 */
public final class FewShotCostMain {
    private FewShotCostMain() {}

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String only = args.length > 1 ? args[1] : "1,5";
        Torch.load();
        Glyphs g = Glyphs.ensure(0, System.err);
        FewShotSettings.Data data = new FewShotSettings.Data("glyphs-0", Glyphs.SIDE, Glyphs.SAMPLES, g.classes(GlyphSplit.BACKGROUND),
                g.classes(GlyphSplit.EVALUATION), g::images);
        for (String sh : only.split(",")) {
            int shots = Integer.parseInt(sh);
            FewShotSettings s = new FewShotSettings(5, shots, 5, 8, 32, 0.1, 1, 10, 600, 15, 300, false, 3, 1000, 180);
            FewShotProblem p = new FewShotProblem(s, data, TorchSetup.floats(), 0);
            p.advance();
            Vec x0 = p.initialX(), y = FewShotProblemTest.random(p.dimY(), 1, 0.1), v = FewShotProblemTest.random(p.dimY(), 2, 1);
            Vec u = FewShotProblemTest.random(p.dimX(), 3, 1);
            int[] k = {0};
            java.util.function.Supplier<Vec> nx = () -> FewShotProblemTest.plus(x0, 1e-4 * ++k[0], u);
            System.out.printf(Locale.ROOT, "== 5-way %d-shot: images per meta-batch %d, dim x %d, dim y %d, oneDNN %s%n", shots,
                    8 * 5 * (shots + 5), p.dimX(), p.dimY(), Torch.oneDnnEnabled());
            if (Boolean.parseBoolean(System.getProperty("oracles", "true"))) {
            time("features (conv-4 forward, new x)", reps, () -> p.features(nx.get()));
            time("innerGradY (kept features)", reps, () -> p.innerGradY(x0, y));
            time("innerHvpYY (kept features)", reps, () -> p.innerHvpYY(x0, y, v));
            time("outerGradX (new x)", reps, () -> p.outerGradX(nx.get(), y));
            time("innerCrossXY (new x)", reps, () -> p.innerCrossXY(nx.get(), y, v));
            time("outerGradX (same x)", reps, () -> p.outerGradX(x0, y));
            time("innerCrossXY (same x)", reps, () -> p.innerCrossXY(x0, y, v));
            time("innerCrossYX (new x)", reps, () -> p.innerCrossYX(nx.get(), y, u));
            }
            FewShotEvaluation ev = p.evaluation();
            int n = Integer.getInteger("evalEpisodes", 48);
            long c0 = cpu(), w0 = System.nanoTime();
            ev.scoreOf(x0.toArray(), ev.episodes().subList(0, n)); // the first time: renders the episodes' classes
            System.out.printf(Locale.ROOT, "  first evaluation of %d episodes (rendering the classes): %.2f s wall, %.2f s cpu%n", n,
                    (System.nanoTime() - w0) / 1e9, (cpu() - c0) / 1e9);
            c0 = cpu();
            w0 = System.nanoTime();
            FewShotEvaluation.Score sc = ev.scoreOf(x0.toArray(), ev.episodes().subList(0, n));
            double wall = (System.nanoTime() - w0) / 1e9, cpuS = (cpu() - c0) / 1e9;
            System.out.printf(Locale.ROOT, "  evaluation of %d episodes: %.2f s wall, %.2f s cpu (acc %.3f) -> 600 episodes: %.1f s wall, %.1f s cpu%n",
                    n, wall, cpuS, sc.mean(), wall * 600 / n, cpuS * 600 / n);
        }
    }

    static void time(String what, int reps, Runnable r) {
        r.run(); // warm-up
        double[] wall = new double[reps];
        long c0 = cpu();
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            r.run();
            wall[i] = (System.nanoTime() - t) / 1e6;
        }
        double cpuMs = (cpu() - c0) / 1e6 / reps;
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "  %-36s median %8.1f ms  min %8.1f  cpu/call %8.1f ms%n", what, wall[reps / 2], wall[0], cpuMs);
    }

    static long cpu() { return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(); }
}
