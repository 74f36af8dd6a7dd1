package org.bilevel4j.solver.scale;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * A long scale estimate says it is still running ({@link Scales#progress}, every {@link Scales#reportMillis}), naming the
 * scale, and stops saying so when it ends; a short one says nothing.
 */
class ScaleProgressTest {
    /** The quadratic problem without its own L_Φ (so it is estimated), each inner gradient taking sleepMs. */
    private static BilevelProblem slow(long sleepMs) {
        return new ForwardingProblem(new Quadratic(Quadratic.Spec.defaults(0))) {
            @Override public double hypergradLipschitz() { return Double.NaN; }

            @Override public Vec innerGradY(Vec x, Vec y) {
                try {
                    Thread.sleep(sleepMs);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return super.innerGradY(x, y);
            }

            @Override protected BilevelProblem rewrap(BilevelProblem view) { return view; }
        };
    }

    @Test void aLongEstimateReportsUntilItEnds() throws InterruptedException {
        var old = Scales.progress;
        long oldMillis = Scales.reportMillis;
        List<String> lines = new CopyOnWriteArrayList<>();
        Scales.progress = lines::add;
        try {
            Scales.reportMillis = 20;
            BilevelProblem p = slow(1);
            double l = new Scales(p, p.initialX(), p.initialY()).hypergradLipschitz();
            assertTrue(l > 0, "estimated L_Phi " + l);
            assertFalse(lines.isEmpty(), "no progress line");
            assertTrue(lines.get(0).startsWith("estimating hypergradLipschitz for the default steps: "), lines.get(0));
            int seen = lines.size();
            Thread.sleep(100);
            assertEquals(seen, lines.size(), "lines after the estimate ended: " + lines);

            lines.clear();
            Scales.reportMillis = 10_000;
            BilevelProblem q = slow(0);
            new Scales(q, q.initialX(), q.initialY()).hypergradLipschitz();
            assertTrue(lines.isEmpty(), "a short estimate said " + lines);
        } finally {
            Scales.progress = old;
            Scales.reportMillis = oldMillis;
        }
    }
}
