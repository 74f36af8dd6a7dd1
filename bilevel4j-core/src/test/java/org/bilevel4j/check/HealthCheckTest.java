package org.bilevel4j.check;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bilevel4j.Bilevel;
import org.bilevel4j.Catalog;
import org.bilevel4j.linalg.Lanczos;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.Trace;
import org.bilevel4j.solver.TraceRow;
import org.bilevel4j.testing.UserRidge;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
    static UserRidge ridge() { return new UserRidge(6, 30, 1000, false, 3); }

    @Test void lanczosFindsTheExtremeEigenvalues() {
        double[] diag = new double[60];
        for (int i = 0; i < diag.length; i++) diag[i] = 0.5 + i * i;
        Vec d = Vec.of(diag);
        double[] full = Lanczos.extremeEigenvalues(v -> v.copy().zip(d, (a, b) -> a * b), Vec.constant(60, 1), 60);
        assertEquals(0.5, full[0], 1e-9);
        assertEquals(0.5 + 59 * 59, full[1], 1e-9);
        // a few steps: the largest converges first, Ritz values stay inside the spectrum
        double[] few = Lanczos.extremeEigenvalues(v -> v.copy().zip(d, (a, b) -> a * b), Vec.constant(60, 1), 15);
        assertEquals(0.5 + 59 * 59, few[1], 1e-3 * few[1]);
        assertTrue(few[0] >= 0.5 - 1e-12);
    }

    @Test void theReferenceMatchesTheExactHypergradientAndFiniteDifferences() {
        UserRidge p = ridge();
        Vec x = Vec.of(0.3, -0.2, 0.1, 0.5, -0.4, 0);
        Vec g = p.exactHypergradient(x).scale(1.1); // a solver 10% off
        HealthCheck.Audit a = HealthCheck.audit(p, x, Vec.zeros(6), g, null, null, 1, 0);
        Map<String, Double> n = a.numbers();
        assertTrue(n.get("referenceVsExact") < 1e-8, "reference vs exact " + n.get("referenceVsExact"));
        assertTrue(n.get("finiteDifferenceVsImplicit") < 1e-5, "finite differences " + n.get("finiteDifferenceVsImplicit"));
        assertEquals(0.1, n.get("hypergradError"), 1e-8);
        assertEquals(0.1 * p.exactHypergradient(x).norm(), n.get("hypergradErrorAbs"), 1e-8 * p.exactHypergradient(x).norm());
        assertTrue(n.get("finiteDifferenceVsSolver") > 1e-3, "the solver's error shows in the differences too");
        assertTrue(n.get("eigMin") > 0 && n.get("eigMax") > n.get("eigMin"));
        assertTrue(a.warnings().stream().noneMatch(w -> w.contains("non-unique") || w.contains("finite differences")), a.warnings().toString());
    }

    @Test void aWrongCrossDerivativeIsCaughtByFiniteDifferences() {
        UserRidge ridge = ridge();
        BilevelProblem broken = new ForwardingProblem(ridge) {
            @Override protected BilevelProblem rewrap(BilevelProblem view) { return view; }
            @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return super.innerCrossXY(x, y, v).scale(1.05); }
            @Override public Vec exactHypergradient(Vec x) { return null; }
            @Override public Vec innerSolution(Vec x) { return null; } // solved by Newton-CG here
        };
        HealthCheck.Audit a = HealthCheck.audit(broken, Vec.constant(6, 0.2), Vec.zeros(6), null, null, null, 1, 0);
        assertTrue(a.numbers().get("finiteDifferenceVsImplicit") > 1e-2, a.numbers().toString());
        assertTrue(a.warnings().stream().anyMatch(w -> w.contains("finite differences of Phi disagree")), a.warnings().toString());
    }

    @Test void aSingularInnerHessianWarnsThatTheMinimizerLooksNonUnique() {
        UserRidge singular = new UserRidge(6, 30, 1, true, 3);
        HealthCheck.Audit a = HealthCheck.audit(singular, Vec.zeros(6), Vec.zeros(6), null, null, null, 1, 0);
        assertTrue(Math.abs(a.numbers().get("eigMin")) < 1e-8 * a.numbers().get("eigMax"), a.numbers().toString());
        assertTrue(a.warnings().stream().anyMatch(w -> w.contains("non-unique") && w.contains("damping")), a.warnings().toString());
        HealthCheck.Audit fine = HealthCheck.audit(ridge(), Vec.zeros(6), Vec.zeros(6), null, null, null, 1, 0);
        assertTrue(fine.warnings().stream().noneMatch(w -> w.contains("non-unique")), fine.warnings().toString());
    }

    @Test void inconsistentOptionsAreNamed() {
        UserRidge p = new UserRidge(6, 30, 1, false, 3); // largest inner eigenvalue about 60
        Options neumann = new Options(Map.of("neumannStep", "0.5"));
        Catalog.solver("aid-neumann", p, neumann, 1);
        HealthCheck.Audit a = HealthCheck.audit(p, Vec.zeros(6), Vec.zeros(6), null, null, neumann, 1, 0);
        assertTrue(a.warnings().stream().anyMatch(w -> w.startsWith("option neumannStep=0.500 is above 1/L")), a.warnings().toString());
        Options trhg = new Options(Map.of("innerSteps", "10", "truncation", "20", "innerStep", "0.001"));
        Catalog.solver("trhg", p, trhg, 1);
        HealthCheck.Audit t = HealthCheck.audit(p, Vec.zeros(6), Vec.zeros(6), null, null, trhg, 1, 0);
        assertTrue(t.warnings().stream().anyMatch(w -> w.startsWith("option truncation=20 is longer than the unroll innerSteps=10")),
                t.warnings().toString());
        assertTrue(t.warnings().stream().noneMatch(w -> w.startsWith("option innerStep")), t.warnings().toString());
    }

    /** Counts every call that reaches the problem, counted or not. */
    static final class Spy extends ForwardingProblem {
        final AtomicLong calls;

        Spy(BilevelProblem p, AtomicLong calls) { super(p); this.calls = calls; }

        @Override protected BilevelProblem rewrap(BilevelProblem view) { return new Spy(view, calls); }
        @Override public Vec innerGradY(Vec x, Vec y) { calls.incrementAndGet(); return super.innerGradY(x, y); }
        @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { calls.incrementAndGet(); return super.innerHvpYY(x, y, v); }
        @Override public Vec outerGradY(Vec x, Vec y) { calls.incrementAndGet(); return super.outerGradY(x, y); }
    }

    @Test void theAuditDoesNotChangeTheRun() {
        for (String solver : List.of("aid-cg", "stocbio")) { // stocbio: mini-batches from the solver's random stream
            AtomicLong plainCalls = new AtomicLong(), auditedCalls = new AtomicLong();
            BilevelProblem plain = new Spy(ridge(), plainCalls), audited = new Spy(ridge(), auditedCalls);
            Options o = new Options(Map.of("innerStep", "1e-5", "outerStep", "1e-4"));
            StopRule stop = StopRule.iterations(12).withTraceEvery(3);
            RunResult a = Runner.run(Catalog.solver(solver, plain, o, 4), plain, plain.initialX(), plain.initialY(), stop);
            HealthAudit audit = new HealthAudit(3, ridge(), o, 4); // its own instance of the problem
            RunResult b = Runner.run(Catalog.solver(solver, audited, o, 4), audited, audited.initialX(), audited.initialY(), stop,
                    List.of(audit));
            assertArrayEquals(a.x().toArray(), b.x().toArray(), 0.0, solver + " x");
            assertArrayEquals(a.y().toArray(), b.y().toArray(), 0.0, solver + " y");
            assertEquals(a.oracles().asMap(), b.oracles().asMap(), solver + " oracle counts");
            assertEquals(plainCalls.get(), auditedCalls.get(), solver + ": the run's problem (and its caches) saw no audit call");
            assertEquals(4, audit.audits().size());
            for (int i = 0; i < a.trace().size(); i++) {
                TraceRow ra = a.trace().rows().get(i), rb = b.trace().rows().get(i);
                assertEquals(ra.outerValue(), rb.outerValue());
                assertEquals(ra.oracles(), rb.oracles());
                if (rb.iteration() > 0) assertTrue(rb.extras().containsKey("audit.hypergradError"), rb.extras().toString());
                assertEquals(ra.extras(), withoutAudit(rb.extras()));
            }
            assertTrue(b.wallSeconds() < a.wallSeconds() + 0.5, "the audit's time is not solver time");
        }
    }

    static Map<String, Double> withoutAudit(Map<String, Double> m) {
        Map<String, Double> out = new java.util.HashMap<>(m);
        out.keySet().removeIf(k -> k.startsWith("audit."));
        return out;
    }

    @Test void aResumedAuditedRunContinuesBitForBit() {
        Options o = new Options(Map.of("innerStep", "1e-5", "outerStep", "1e-4"));
        StopRule stop = StopRule.iterations(12).withTraceEvery(2);
        Snapshot[] saved = new Snapshot[1];
        List<TraceRow> rows = new ArrayList<>();
        OracleCounts[] counts = new OracleCounts[1];
        RunListener capture = new RunListener() {
            @Override public void onIteration(SolverState s, Trace trace, OracleCounts c, double seconds) {
                if (s.iteration != 6) return;
                saved[0] = new Snapshot();
                s.save(saved[0]);
                rows.addAll(trace.rows());
                counts[0] = c.snapshot();
            }
        };
        UserRidge p1 = ridge();
        RunResult straight = Runner.run(Catalog.solver("stocbio", p1, o, 2), p1, p1.initialX(), p1.initialY(), stop,
                List.of(new HealthAudit(4, null, o, 2), capture));
        UserRidge p2 = ridge();
        RunResult resumed = Runner.resume(Catalog.solver("stocbio", p2, o, 2), p2, p2.initialX(), p2.initialY(), stop,
                List.of(new HealthAudit(4, null, o, 2)), new Runner.Resume(saved[0], rows, counts[0], 0));
        assertArrayEquals(straight.x().toArray(), resumed.x().toArray(), 0.0);
        assertArrayEquals(straight.y().toArray(), resumed.y().toArray(), 0.0);
        assertEquals(straight.oracles().asMap(), resumed.oracles().asMap());
        assertEquals(straight.finalRow().extras(), resumed.finalRow().extras(), "same audit numbers at the same iterations");
    }

    @Test void checkFromJavaAuditsAStepOfTheSolver() {
        Bilevel.Setup s = Bilevel.setup("quadratic", "aid-cg", Map.of("linearSteps", "2"), 1);
        HealthCheck.Report r = Bilevel.check(s, 1, null);
        assertEquals(1, r.audits().size());
        Map<String, Double> n = r.audits().get(0).numbers();
        assertTrue(n.get("referenceVsExact") < 1e-8, n.toString());
        assertTrue(n.get("linearResidual") > 1e-3, "two CG steps leave a residual: " + n);
        assertTrue(n.get("hypergradError") > 1e-4, n.toString());
        // a setup without solver numbers: the problem alone at its start
        HealthCheck.Report alone = HealthCheck.check(null, s.problem(), null, s.x0(), s.y0(), 0, null, 1);
        assertFalse(alone.audits().get(0).numbers().containsKey("hypergradError"));
        assertTrue(alone.audits().get(0).numbers().get("finiteDifferenceVsImplicit") < 1e-5);
    }

    @Test void anAuditWithoutHessianProductsSaysWhatItSkipped() {
        BilevelProblem noHvp = new ForwardingProblem(ridge()) {
            @Override protected BilevelProblem rewrap(BilevelProblem view) { return view; }
            @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { throw new UnsupportedOperationException("no HVP"); }
        };
        HealthCheck.Audit a = HealthCheck.audit(noHvp, Vec.zeros(6), Vec.zeros(6), null, null, null, 1, 0);
        assertTrue(Double.isNaN(a.numbers().get("eigMin")));
        assertTrue(a.warnings().get(0).startsWith("note: user-ridge has no Hessian-vector product"), a.warnings().toString());
        Solver<?> unused = null;
        assertNull(unused);
    }
}
