package org.bilevel4j.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.smoothing.Smoothed;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.scale.Scales;
import org.bilevel4j.solver.scale.WithScales;
import org.bilevel4j.torch.nets.Conv4;
import org.bilevel4j.torch.nets.Layers;
import org.bilevel4j.torch.nets.Mlp;
import org.bilevel4j.torch.nets.Network;
import org.bilevel4j.torch.tasks.NetCleaning;
import org.bilevel4j.torch.tasks.NetData;
import org.bilevel4j.torch.tasks.NetPoison;
import org.bilevel4j.torch.tasks.NetRefit;
import org.bilevel4j.torch.tasks.NetReweight;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** The network versions of hyperclean, reweight and poison (issue 10, tasks 2 and 4). */
class DeepTasksTest {
    /** n random samples of side × side pixels in [0, 1] with labels in [0, k). */
    static LabeledData images(int n, int side, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * side * side];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
        int[] l = new int[n];
        for (int i = 0; i < n; i++) l[i] = i % k;
        return LabeledData.classification(new DenseMatrix(n, side * side, v), l, k);
    }

    static NetData part(LabeledData d, boolean image) { return NetData.of(d, TorchSetup.doubles(), image); }

    // ---- oracles against finite differences, float64 -----------------------------------------------------------------------

    @Test void cleaningWithTheTwoLayerLinearNetworkMatchesFiniteDifferences() {
        Network net = Mlp.twoLayerLinear(16, 4, 3);
        boolean[] bad = {true, false, true, false, false, true, false, false, true, false};
        check(NetCleaning.problem("t", net, part(images(10, 4, 3, 1), false), bad, part(images(7, 4, 3, 2), false), part(images(5, 4, 3, 3), false),
                0.01, TorchSetup.doubles(), 4, new NetRefit(5, 0)), 0.5);
    }

    @Test void reweightWithConv4MatchesFiniteDifferences() {
        BilevelProblem p = NetReweight.problem("t", new Conv4(1, 16, 2, 3), part(images(8, 16, 3, 1), true), part(images(6, 16, 3, 2), true),
                part(images(5, 16, 3, 3), true), 0.3, -1, 1.0 / 8, TorchSetup.doubles(), 5, new NetRefit(5, 0));
        check(p, 0.5);
    }

    @Test void poisonWithConv4MatchesFiniteDifferences() {
        double[] start = new double[2 * 256];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < start.length; i++) start[i] = 0.2 + 0.6 * r.nextDouble();
        NetPoison p = NetPoison.problem("t", new Conv4(1, 16, 2, 3), part(images(8, 16, 3, 1), true), part(images(6, 16, 3, 2), true),
                part(images(5, 16, 3, 3), true), start, new int[] {1, 2}, 0.6, 0.01, 0.5, true, TorchSetup.doubles(), 6, new NetRefit(5, 0));
        check(p, 0.01); // x stays inside [0, 1] under the small perturbation
        assertEquals("lower", p.metric("testAccuracy").betterWord(), "lower test accuracy is the attack's goal");
    }

    /** Every oracle against central differences of the oracle one order below (as {@link FiniteDifferenceTest}). */
    static void check(BilevelProblem p, double scaleX) {
        SplittableRandom r = new SplittableRandom(11);
        Vec x = p.initialX(), y = p.initialY();
        Vec dx = FiniteDifferenceTest.random(r, p.dimX()).scale(scaleX), dy = FiniteDifferenceTest.random(r, p.dimY());
        double e = FiniteDifferenceTest.EPS;
        FiniteDifferenceTest.close("outer grad y", p.outerGradY(x, y).dot(dy),
                (p.outerValue(x, plus(y, dy, e)) - p.outerValue(x, plus(y, dy, -e))) / (2 * e));
        FiniteDifferenceTest.close("inner grad x", p.innerGradX(x, y).dot(dx),
                (p.innerValue(plus(x, dx, e), y) - p.innerValue(plus(x, dx, -e), y)) / (2 * e));
        FiniteDifferenceTest.close("inner grad y", p.innerGradY(x, y).dot(dy),
                (p.innerValue(x, plus(y, dy, e)) - p.innerValue(x, plus(y, dy, -e))) / (2 * e));
        FiniteDifferenceTest.close("inner Hvp yy", p.innerHvpYY(x, y, dy), FiniteDifferenceTest.diff(p::innerGradY, x, y, null, dy));
        FiniteDifferenceTest.close("inner cross xy", p.innerCrossXY(x, y, dy), FiniteDifferenceTest.diff(p::innerGradX, x, y, null, dy));
        FiniteDifferenceTest.close("inner cross yx", p.innerCrossYX(x, y, dx), FiniteDifferenceTest.diff(p::innerGradY, x, y, dx, null));
        FiniteDifferenceTest.close("outer Hvp yy", p.outerHvpYY(x, y, dy), FiniteDifferenceTest.diff(p::outerGradY, x, y, null, dy));
        assertEquals(0, p.outerGradX(x, y).norm(), 0, "F does not depend on x");
    }

    static Vec plus(Vec a, Vec d, double e) { return a.copy().axpy(e, d); }

    // ---- parameter groups --------------------------------------------------------------------------------------------------

    @Test void groupsAreTheLayers() {
        Conv4 c = new Conv4(1, 16, 3, 10); // 16 → 8 → 4 → 2 → 1: 3 features
        Map<String, int[]> layers = Layers.byName(c.shapes());
        assertEquals(List.of("0", "1", "2", "3", "fc"), new ArrayList<>(layers.keySet()));
        int[] sizes = layers.values().stream().mapToInt(g -> g.length).toArray();
        assertArrayEquals(new int[] {3 * 9 + 3 * 3, 3 * 3 * 9 + 3 * 3, 3 * 3 * 9 + 3 * 3, 3 * 3 * 9 + 3 * 3, 10 * 3 + 10}, sizes);
        int k = 0; // a partition of 0..dim-1, in order
        for (int[] g : Layers.groups(c.shapes())) for (int i : g) assertEquals(k++, i);
        assertEquals(c.shapes().size(), k);
        assertArrayEquals(new int[] {16 * 4 + 4, 4 * 3 + 3}, java.util.Arrays.stream(Layers.groups(Mlp.twoLayerLinear(16, 4, 3).shapes())).mapToInt(g -> g.length).toArray());
    }

    @Test void catalogNetworkTasksExposeTheirLayersThroughTheSolversWrappers() {
        for (String task : List.of("hyperclean", "reweight", "poison")) {
            BilevelProblem p = Catalog.problem(task, new Options(small(task, "cnn")), 0);
            int[][] g = p.parameterGroups();
            assertNotNull(g, task);
            assertEquals(5, g.length, task + ": conv-4's 4 blocks and the head");
            BilevelProblem seen = new CountingProblem(new WithScales(p, new Scales(p, p.initialX(), p.initialY())));
            assertArrayEquals(g, seen.parameterGroups(), task);
            assertArrayEquals(g, p.batch(new int[] {0, 1}, new int[] {0, 1}).parameterGroups(), task + " batch view");
        }
        assertEquals(null, Catalog.problem("reweight", new Options(Map.of("trainSize", "20", "valSize", "10", "testSize", "10")), 0).parameterGroups());
    }

    // ---- short runs of each solver on each network task --------------------------------------------------------------------

    static Map<String, String> small(String task, String model) {
        Map<String, String> m = new HashMap<>(Map.of("model", model, "dataset", "synthetic", "precision", "double", "trainSize", "16", "valSize", "8",
                "testSize", "8", "features", "256", "classes", "3", "width", "2", "hidden", "4"));
        m.put("refitIterations", "20"); // the refit and the references (network tasks)
        if (task.equals("hyperclean")) m.put("referenceIterations", "5");
        if (task.equals("poison")) m.put("poisonPoints", "2");
        if (task.equals("hyperclean")) m.put("setting", "bvfim");
        return m;
    }

    /** Short runs: few inner, linear-system and sampling steps (keys a solver does not read are ignored here). */
    static final Map<String, String> SHORT = Map.ofEntries(Map.entry("innerSteps", "3"), Map.entry("linearSteps", "3"), Map.entry("neumannSteps", "3"),
            Map.entry("zSteps", "3"), Map.entry("ySteps", "3"), Map.entry("wSteps", "3"), Map.entry("outerBatch", "4"), Map.entry("innerBatch", "4"),
            Map.entry("hessianBatch", "4"), Map.entry("batchSize", "4"), Map.entry("constraintBatch", "1"), Map.entry("draws", "2"),
            Map.entry("maxInnerSteps", "20"), Map.entry("maxLinearSteps", "20"));

    @Test void everyTableSolverRunsOnEveryNetworkTask() {
        List<String> failures = new ArrayList<>();
        Map<String, List<String>> solvers = Map.of(
                "hyperclean", List.of("rhg", "trhg", "aid-cg", "aid-neumann", "bda", "bvfim", "minimaxopt", "f2sa", "stocbio"),
                "reweight", List.of("spnbo", "penalty", "hoag", "rhg", "random-search"),
                "poison", List.of("spnbo", "penalty", "hoag", "rhg", "random-search"));
        for (String task : List.of("hyperclean", "reweight", "poison"))
            for (String model : task.equals("hyperclean") ? List.of("linear2", "mlp", "cnn") : List.of("mlp", "cnn")) {
                BilevelProblem p = Catalog.problem(task, new Options(small(task, model)), 0);
                Scales scales = new Scales(p, p.initialX(), p.initialY()); // estimated once per task, not once per solver
                for (String s : solvers.get(task)) {
                    try {
                        RunResult r = Runner.run(Catalog.solver(s, p, new Options(SHORT), 3, scales), p, p.initialX(), p.initialY(), StopRule.iterations(2));
                        if (!Double.isFinite(p.outerValue(r.x(), r.y())) || !Double.isFinite(p.metrics(r.x(), r.y()).getOrDefault("testAccuracy", Double.NaN)))
                            failures.add(task + "/" + model + "/" + s + ": not finite");
                    } catch (RuntimeException e) {
                        failures.add(task + "/" + model + "/" + s + ": " + e);
                    }
                }
            }
        assertTrue(failures.isEmpty(), "failed: " + failures);
    }

    @Test void spnboHalvesTheNetworkPoisonSmoothing() {
        BilevelProblem p = Catalog.problem("poison", new Options(small("poison", "cnn")), 0);
        assertInstanceOf(Smoothed.class, p);
        ((Smoothed) p).setMu(0.25);
        assertEquals(0.25, ((Smoothed) p.batch(new int[] {0}, new int[] {0})).mu(), 0, "views share mu");
    }

    // ---- errors --------------------------------------------------------------------------------------------------------------

    @Test void badModelsAndIncompatibleOptionsAreUserErrors() {
        Map<String, String> m = small("hyperclean", "resnet");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalog.problem("hyperclean", new Options(m), 0));
        assertTrue(e.getMessage().contains("model=resnet"), e.getMessage());
        Map<String, String> b = small("hyperclean", "linear2");
        b.put("backend", "analytic");
        e = assertThrows(IllegalArgumentException.class, () -> Catalog.problem("hyperclean", new Options(b), 0));
        assertTrue(e.getMessage().contains("backend=analytic"), e.getMessage());
        Map<String, String> lin2 = small("reweight", "linear2"); // the 2-layer linear network is hyperclean's only
        assertThrows(IllegalArgumentException.class, () -> Catalog.problem("reweight", new Options(lin2), 0));
        Map<String, String> flat = small("reweight", "cnn");
        flat.put("features", "20");
        e = assertThrows(IllegalArgumentException.class, () -> Catalog.problem("reweight", new Options(flat), 0));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
        Map<String, String> tiny = small("poison", "cnn");
        tiny.put("features", "64");
        e = assertThrows(IllegalArgumentException.class, () -> Catalog.problem("poison", new Options(tiny), 0));
        assertTrue(e.getMessage().contains("16x16"), e.getMessage());
    }
}
