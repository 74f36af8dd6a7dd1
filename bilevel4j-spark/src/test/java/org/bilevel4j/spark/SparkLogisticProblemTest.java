package org.bilevel4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.Request;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * The Spark problem against the in-process one on small synthetic data in local mode with several partitions:
 * every oracle and fused request (full data and a mini-batch view with repeated indices) to 1e-12, one Spark job per
 * fused request, whole solver runs to 1e-9 with the same oracle and pass counts, and a run whose first task attempt of one partition fails is retried to the same result.
 */
class SparkLogisticProblemTest {
    static final JavaSparkContext SC = SparkContexts.get("local[2,2]"); // 2 attempts per task: the fault test needs one retry

    static BilevelProblem local(String name) {
        Map<String, String> m = name.equals("hyperclean")
                ? Map.of("precision", "double", "trainSize", "90", "valSize", "60", "testSize", "40", "features", "6", "classes", "3",
                        "referenceIterations", "20")
                : Map.of("precision", "double", "samples", "160", "features", "12", "testSize", "40");
        return Catalog.problem(name, new Options(m), 7);
    }

    static double rel(Vec a, Vec b) { return Vec.distance(a, b) / (1e-300 + b.norm()); }

    static double rel(double a, double b) { return Math.abs(a - b) / Math.abs(b); }

    static Vec rand(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextDouble(-1, 1);
        return Vec.of(v);
    }

    static void sameOracles(BilevelProblem a, BilevelProblem b, long seed) {
        Vec x = rand(a.dimX(), seed), y = rand(a.dimY(), seed + 1), v = rand(a.dimY(), seed + 2), u = rand(a.dimX(), seed + 3);
        double tol = 1e-12;
        assertEquals(0, rel(a.innerValue(x, y), b.innerValue(x, y)), tol, "innerValue");
        assertEquals(0, rel(a.outerValue(x, y), b.outerValue(x, y)), tol, "outerValue");
        assertEquals(0, rel(a.innerGradY(x, y), b.innerGradY(x, y)), tol, "innerGradY");
        assertEquals(0, rel(a.innerGradX(x, y), b.innerGradX(x, y)), tol, "innerGradX");
        assertEquals(0, rel(a.outerGradY(x, y), b.outerGradY(x, y)), tol, "outerGradY");
        assertEquals(0, Vec.distance(a.outerGradX(x, y), b.outerGradX(x, y)), tol, "outerGradX");
        assertEquals(0, rel(a.innerHvpYY(x, y, v), b.innerHvpYY(x, y, v)), tol, "innerHvpYY");
        assertEquals(0, rel(a.outerHvpYY(x, y, v), b.outerHvpYY(x, y, v)), tol, "outerHvpYY");
        assertEquals(0, rel(a.innerCrossXY(x, y, v), b.innerCrossXY(x, y, v)), tol, "innerCrossXY");
        assertEquals(0, rel(a.innerCrossYX(x, y, u), b.innerCrossYX(x, y, u)), tol, "innerCrossYX");
    }

    static void sameAnswer(Answer a, Answer b, String what) {
        if (Double.isNaN(a.value())) assertTrue(Double.isNaN(b.value()), what + " value not asked");
        else assertEquals(0, rel(a.value(), b.value()), 1e-12, what + " value");
        if (a.gradX() == null) assertNull(b.gradX(), what + " gradX not asked");
        else assertEquals(0, Vec.distance(a.gradX(), b.gradX()) / (1e-300 + a.gradX().norm()), 1e-12, what + " gradX");
        if (a.gradY() == null) assertNull(b.gradY(), what + " gradY not asked");
        else assertEquals(0, rel(b.gradY(), a.gradY()), 1e-12, what + " gradY");
    }

    /** Fused requests answer what the in-process problem answers, each in one Spark job (none when no part reads data). */
    static void sameFusedAnswersInOneJobEach(BilevelProblem a, SparkLogisticProblem s, BilevelProblem b, long seed) {
        Vec x = rand(a.dimX(), seed), y = rand(a.dimY(), seed + 1), z = rand(a.dimY(), seed + 2);
        Request all = new Request(true, true, true);
        long j0 = s.sparkJobs();
        Answer[] p = a.innerAt(x, y, all, z, Request.GRADS), q = b.innerAt(x, y, all, z, Request.GRADS);
        sameAnswer(p[0], q[0], "innerAt y");
        sameAnswer(p[1], q[1], "innerAt z");
        assertEquals(j0 + 1, s.sparkJobs(), "two-point innerAt: one pass");
        sameAnswer(a.innerAt(x, z, Request.GRAD_Y), b.innerAt(x, z, Request.GRAD_Y), "innerAt GRAD_Y");
        sameAnswer(a.outerAt(x, y, all), b.outerAt(x, y, all), "outerAt");
        assertEquals(j0 + 3, s.sparkJobs(), "one pass per fused call");
        Answer[] gx = a.innerAt(x, y, Request.GRAD_X, z, Request.GRAD_X), hx = b.innerAt(x, y, Request.GRAD_X, z, Request.GRAD_X);
        sameAnswer(gx[0], hx[0], "innerAt GRAD_X y");
        sameAnswer(gx[1], hx[1], "innerAt GRAD_X z");
        // ∇_x G reads the rows in hyper-cleaning (σ'(x_i) ℓ_i) and not in weight decay (the decay term alone)
        assertEquals(j0 + (a.name().equals("hyperclean") ? 4 : 3), s.sparkJobs(), "GRAD_X at two points");
    }

    @Test void everyOracleEqualsTheInProcessOneOnFullDataAndOnMiniBatches() {
        for (String name : new String[] {"hyperclean", "weightdecay"}) {
            BilevelProblem p = local(name);
            SparkLogisticProblem s = SparkPlugin.distribute(p, SC, 5);
            assertEquals(p.innerSamples(), s.innerSamples());
            assertEquals(p.outerSamples(), s.outerSamples());
            sameOracles(p, s, 1);
            sameFusedAnswersInOneJobEach(p, s, s, 4);
            int[] outer = {3, 0, 3, p.outerSamples() - 1, 17}, inner = {5, 5, p.innerSamples() - 1, 40, 2, 41, 77}; // repeats, unsorted
            sameOracles(p.batch(outer, inner), s.batch(outer, inner), 2);
            sameFusedAnswersInOneJobEach(p.batch(outer, inner), s, s.batch(outer, inner), 5);
            s.unpersist();
        }
    }

    /** A mini-batch pass launches tasks only on the partitions that hold its rows, with the same answers (zeros elsewhere in ∇_x). */
    @Test void aMiniBatchPassRunsOnlyOnThePartitionsThatHoldItsRows() {
        BilevelProblem p = local("hyperclean");
        SparkLogisticProblem s = SparkPlugin.distribute(p, SC, 4);
        int[] st = SparkLogisticProblem.starts(p.innerSamples(), 4), sv = SparkLogisticProblem.starts(p.outerSamples(), 4);
        int[] outer = {sv[3], sv[4] - 1}, inner = {st[1], st[3] + 1, st[1] + 2, st[2] - 1}; // blocks 3; 1 and 3
        Vec x = rand(p.dimX(), 31), y = rand(p.dimY(), 32);
        BilevelProblem a = p.batch(outer, inner), b = s.batch(outer, inner);
        long t0 = s.sparkTasks();
        assertEquals(0, rel(a.innerGradY(x, y), b.innerGradY(x, y)), 1e-12, "innerGradY");
        assertEquals(t0 + 2, s.sparkTasks(), "blocks 1 and 3");
        assertEquals(0, rel(a.innerGradX(x, y), b.innerGradX(x, y)), 1e-12, "innerGradX");
        assertEquals(t0 + 4, s.sparkTasks(), "blocks 1 and 3");
        assertEquals(0, rel(a.outerValue(x, y), b.outerValue(x, y)), 1e-12, "outerValue");
        assertEquals(t0 + 5, s.sparkTasks(), "validation block 3");
        s.innerGradY(x, y);
        assertEquals(t0 + 9, s.sparkTasks(), "the full data: every partition");
        s.unpersist();
    }

    static int serializedBytes(Object o) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.size();
    }

    /**
     * Hyper-cleaning's x (one weight per training row) lives with its rows: the task of partition b carries rows
     * starts[b] .. starts[b+1] of x and of u and no row of data (the rows were placed once and are cached); the
     * whole x goes nowhere.
     */
    @Test void eachPartitionGetsItsOwnSliceOfXAndNoRows() throws Exception {
        BilevelProblem p = local("hyperclean");
        SparkLogisticProblem s = SparkPlugin.distribute(p, SC, 4);
        double[] x = rand(p.dimX(), 11).toArray(), u = rand(p.dimX(), 12).toArray();
        var zipped = s.withSlices(true, x, u);
        int[] starts = SparkLogisticProblem.starts(p.innerSamples(), 4);
        var pairs = zipped.collect();
        assertEquals(4, pairs.size());
        for (int b = 0; b < 4; b++) {
            RowBlock block = pairs.get(b)._1();
            XSlice slice = pairs.get(b)._2();
            assertEquals(starts[b], block.start, "block " + b);
            assertEquals(starts[b], slice.start(), "slice " + b);
            assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(x, starts[b], starts[b + 1]), slice.x()), "x slice " + b);
            assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(u, starts[b], starts[b + 1]), slice.u()), "u slice " + b);
            // what a task of this partition carries: its slices (2 × rows doubles) and indices, not the rows (≥ 6 floats a row) nor all of x
            int task = serializedBytes(zipped.rdd().partitions()[b]), slices = 2 * 8 * (starts[b + 1] - starts[b]);
            assertTrue(task < slices + 1500, "task payload of partition " + b + ": " + task + " bytes for " + slices + " bytes of slices");
        }
        assertTrue(serializedBytes(s.withSlices(false, null, null).rdd().partitions()[0]) < 1000, "an unweighted task carries no rows");
        s.unpersist();
    }

    /**
     * sampler=partition: with b = n every row is taken once (the full-data oracles); with b = 20 of 90 rows the
     * mean of the per-partition estimates of ∇_y G and hyper-cleaning's per-sample ∇_x G (one fused pass each) over
     * 80 views is the full-data gradient within its sampling error: unbiased.
     */
    @Test void thePerPartitionSamplerIsExactOnTheFullBatchAndUnbiased() {
        BilevelProblem p = local("hyperclean");
        SparkLogisticProblem s = SparkPlugin.distribute(p, SC, 4).sampledPerPartition();
        int[] allOuter = org.bilevel4j.problem.Batches.all(p.outerSamples()), allInner = org.bilevel4j.problem.Batches.all(p.innerSamples());
        sameOracles(p, s.batch(allOuter, allInner), 21);
        Vec x = rand(p.dimX(), 22), y = rand(p.dimY(), 23);
        Request grads = new Request(false, true, true);
        Answer full = p.innerAt(x, y, grads);
        SplittableRandom rng = new SplittableRandom(24);
        int views = 80;
        double[] gx = new double[p.dimX()], gy = new double[p.dimY()], sqx = new double[p.dimX()], sqy = new double[p.dimY()];
        long j0 = s.sparkJobs();
        for (int v = 0; v < views; v++) {
            Answer a = s.batch(allOuter, org.bilevel4j.problem.Batches.sample(rng, p.innerSamples(), 20)).innerAt(x, y, grads);
            accumulate(a.gradX().toArray(), gx, sqx);
            accumulate(a.gradY().toArray(), gy, sqy);
        }
        assertEquals(j0 + views, s.sparkJobs(), "one pass per fused call");
        unbiased(gx, sqx, full.gradX().toArray(), views, "per-sample ∇_x G");
        unbiased(gy, sqy, full.gradY().toArray(), views, "∇_y G");
        s.unpersist();
    }

    static void accumulate(double[] g, double[] sum, double[] sq) {
        for (int j = 0; j < g.length; j++) {
            sum[j] += g[j];
            sq[j] += g[j] * g[j];
        }
    }

    /** ‖mean − exact‖² against its expectation Σ_j var_j / N (sample variances): within 4× of it, and far below ‖exact‖². */
    static void unbiased(double[] sum, double[] sq, double[] exact, int n, String what) {
        double err = 0, noise = 0, norm = 0;
        for (int j = 0; j < sum.length; j++) {
            double m = sum[j] / n;
            err += (m - exact[j]) * (m - exact[j]);
            noise += (sq[j] / n - m * m) * n / (n - 1) / n;
            norm += exact[j] * exact[j];
        }
        System.out.printf("%s: ‖mean − exact‖² %.3e, expected %.3e, ‖exact‖² %.3e%n", what, err, noise, norm);
        assertTrue(err <= 4 * noise, what + ": ‖mean − exact‖² " + err + " against a sampling error of " + noise);
        assertTrue(noise < 0.05 * norm, what + ": the check must be sharp (noise " + noise + " vs ‖exact‖² " + norm + ")");
    }

    static RunResult run(String solver, BilevelProblem p, int iterations) {
        Options so = new Options(switch (solver) { // few inner steps: every oracle is a Spark job (a few ms in local mode)
            case "aid-cg" -> Map.of("innerSteps", "2", "linearSteps", "3");
            case "bvfim" -> Map.of("zSteps", "2", "ySteps", "2");
            default -> Map.of();
        });
        return Runner.run(Catalog.solver(solver, p, so, 3), p, p.initialX(), p.initialY(), StopRule.iterations(iterations).withTraceEvery(iterations));
    }

    static void sameRun(RunResult a, RunResult b) {
        assertTrue(rel(b.x(), a.x()) <= 1e-9, a.solver() + " on " + a.problem() + ": x differs by " + rel(b.x(), a.x()));
        assertTrue(rel(b.finalRow().outerValue(), a.finalRow().outerValue()) <= 1e-9,
                a.solver() + " on " + a.problem() + ": F " + a.finalRow().outerValue() + " vs " + b.finalRow().outerValue());
        for (Oracle o : Oracle.values()) assertEquals(a.oracles().get(o), b.oracles().get(o), "calls of " + o);
        // both answer fused requests (G's parts at y and z, F's value and gradient) in one pass: the same pass counts
        assertEquals(a.oracles().passes(), b.oracles().passes(), 1e-9, "passes");
    }

    @Test void thirtyIterationsOfMinimaxoptAidCgAndBvfimEqualTheInProcessRun() {
        for (String name : new String[] {"hyperclean", "weightdecay"}) {
            BilevelProblem p = local(name);
            SparkLogisticProblem s = SparkPlugin.distribute(p, SC, 3);
            for (String solver : new String[] {"minimaxopt", "aid-cg", "bvfim"}) {
                RunResult a = run(solver, p, 30), b = run(solver, s, 30);
                System.out.printf("%s on %s: %.1f passes, %.1f s in-process, %.1f s on Spark%n", solver, name, b.oracles().passes(), a.wallSeconds(),
                        b.wallSeconds());
                sameRun(a, b);
            }
            s.unpersist();
        }
    }

    @Test void aStochasticSolverSeesTheSameMiniBatches() {
        BilevelProblem p = local("weightdecay");
        SparkLogisticProblem s = SparkPlugin.distribute(p, SC, 3);
        sameRun(run("minimaxopt-sgd", p, 10), run("minimaxopt-sgd", s, 10));
        s.unpersist();
    }

    @Test void aTaskThatFailsOnceIsRetriedAndTheResultDoesNotChange() {
        BilevelProblem p = local("hyperclean");
        SparkLogisticProblem s = SparkPlugin.distribute(p, SC, 3).failingOnce(1);
        sameRun(run("aid-cg", p, 2), run("aid-cg", s, 2));
        s.unpersist();
    }

    @Test void theCatalogBuildsTheSparkEngineFromOptions() {
        Options o = new Options(Map.of("engine", "spark", "sparkMaster", "local[2,2]", "partitions", "3", "samples", "100", "precision", "double"));
        BilevelProblem p = Catalog.problem("weightdecay", o, 5);
        o.requireAllUsed("weightdecay");
        assertTrue(p instanceof SparkLogisticProblem, p.getClass().getName());
        BilevelProblem q = Catalog.problem("weightdecay", new Options(Map.of("samples", "100", "precision", "double")), 5);
        sameOracles(q, p, 9);
        ((SparkLogisticProblem) p).unpersist();
        Options po = new Options(Map.of("engine", "spark", "sparkMaster", "local[2,2]", "partitions", "3", "samples", "100", "precision", "double",
                "sampler", "partition"));
        BilevelProblem pp = Catalog.problem("weightdecay", po, 5);
        po.requireAllUsed("weightdecay");
        sameOracles(q, pp, 9); // full-data calls do not sample
        ((SparkLogisticProblem) pp).unpersist();
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Catalog.problem("weightdecay", new Options(Map.of("sampler", "partition", "samples", "100")), 5));
        assertTrue(e.getMessage().contains("engine=spark"), e.getMessage());
    }
}
