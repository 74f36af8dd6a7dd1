package org.bilevel4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import org.junit.jupiter.api.Test;

/** The plain-line progress of a log: a line per fifth of the iterations, or of the solver time when that comes first. */
class ProgressListenerTest {
    private static String lines(StopRule stop, long[] iterations, double[] seconds) {
        StringWriter out = new StringWriter();
        ProgressListener p = new ProgressListener("run", new PrintWriter(out), false);
        p.onStart(null, stop);
        for (int i = 0; i < iterations.length; i++)
            p.onRow(new TraceRow(iterations[i], seconds[i], Map.of(), 1.0, 0.5, Double.NaN, Double.NaN, Map.of(), Map.of()), null);
        return out.toString();
    }

    @Test void aTimeLimitedRunIsFollowedInSeconds() {
        long[] it = new long[60];
        double[] sec = new double[60];
        for (int i = 0; i < 60; i++) {
            it[i] = 1000L * (i + 1);
            sec[i] = i + 1;
        }
        String s = lines(StopRule.iterations(Long.MAX_VALUE).withMaxSeconds(60), it, sec);
        assertTrue(s.startsWith("run: 60 s of solver time\n"), s);
        assertFalse(s.contains("9223372036854775807"), s);
        assertEquals(6, s.lines().count(), s); // the header, then one line at 12, 24, 36, 48 and 60 s
        assertTrue(s.contains("iteration 12000 ") && s.contains("iteration 60000 "), s);
        String t = lines(StopRule.iterations(1_000_000_000).withMaxSeconds(60), it, sec); // the time limit comes first
        assertTrue(t.startsWith("run: 1000000000 iterations or 60 s of solver time\n"), t);
        assertEquals(6, t.lines().count(), t);
    }

    @Test void anIterationLimitedRunIsFollowedInIterations() {
        long[] it = new long[100];
        double[] sec = new double[100];
        for (int i = 0; i < 100; i++) {
            it[i] = i + 1;
            sec[i] = 0.01 * (i + 1);
        }
        String s = lines(StopRule.iterations(100).withMaxSeconds(1000), it, sec);
        assertTrue(s.startsWith("run: 100 iterations or 1000 s of solver time\n"), s);
        assertEquals(6, s.lines().count(), s);
        assertTrue(s.contains("iteration 20 ") && s.contains("iteration 100 "), s);
    }

    /**
     * What a listener with 40 ms heartbeats prints in 400 ms of one running iteration; after onEnd it must print nothing
     * more (a beat already under way may still finish within 50 ms).
     */
    private static String heartbeats(String label, StopRule stop) throws InterruptedException {
        long saved = ProgressListener.heartbeatMillis;
        ProgressListener.heartbeatMillis = 40;
        try {
            StringWriter out = new StringWriter();
            ProgressListener p = new ProgressListener(label, new PrintWriter(out), false);
            p.onStart(null, stop);
            Thread.sleep(400);
            String during = out.toString();
            p.onEnd(null);
            Thread.sleep(50);
            int atEnd = out.toString().length();
            Thread.sleep(300);
            assertEquals(atEnd, out.toString().length(), "no line after the run ended: " + out);
            return during;
        } finally {
            ProgressListener.heartbeatMillis = saved;
        }
    }

    @Test void aLongIterationIsSaidToBeRunningUntilTheRunEnds() throws InterruptedException {
        String during = heartbeats("net/hoag", StopRule.iterations(20));
        assertTrue(during.contains("net/hoag: iteration 1 still running ("), during);
        assertFalse(during.contains("time limit"), "no time limit was set: " + during);
        long beats = during.lines().filter(l -> l.contains("still running")).count();
        assertTrue(beats >= 2 && beats <= 12, during); // one per silence of 40 ms, not one per tick
    }

    /** A heartbeat past the time limit says that the limit waits for the iteration to end. */
    @Test void aHeartbeatPastTheTimeLimitSaysSo() throws InterruptedException {
        String s = heartbeats("hyperclean/fhg", StopRule.iterations(1000).withMaxSeconds(0.1));
        assertTrue(s.contains("hyperclean/fhg: iteration 1 still running (") && s.contains("; past the 0.1 s time limit, which a run checks between iterations)"), s);
    }

    /** Ten seconds into a long run, one line says when it will end (FHG on reweight: 45.8 s an iteration, 1000 asked). */
    @Test void aSlowRunIsProjectedToItsLimitOnce() {
        assertEquals("1 iteration in 45.8 s of solver time; at this rate the 1000 iterations asked take about 12.7 h"
                + " (--time-limit SEC bounds a run)", ProgressListener.projection(1, 45.8, StopRule.iterations(1000)));
        assertEquals("2 iterations in 91.6 s of solver time; at this rate the time limit (60.0 min) stops the run near iteration 78 of the 1000 asked",
                ProgressListener.projection(2, 91.6, StopRule.iterations(1000).withMaxSeconds(3600)));
        assertEquals("40 iterations in 10.0 s of solver time; at this rate the 1000 iterations asked take about 4.2 min",
                ProgressListener.projection(40, 10, StopRule.iterations(1000).withMaxSeconds(3600)));
        assertNull(ProgressListener.projection(400, 10, StopRule.iterations(1000)), "under a minute left: no line");
        assertNull(ProgressListener.projection(1, 45.8, StopRule.iterations(1000).withMaxSeconds(60)), "the time limit is under a minute away");
        assertNull(ProgressListener.projection(1, 45.8, StopRule.iterations(Long.MAX_VALUE).withMaxSeconds(3600)), "no iteration limit");

        long saved = ProgressListener.projectAfterMillis;
        ProgressListener.projectAfterMillis = 0;
        try {
            StringWriter out = new StringWriter();
            ProgressListener p = new ProgressListener("reweight/fhg", new PrintWriter(out), false);
            p.onStart(null, StopRule.iterations(1000));
            org.bilevel4j.solver.SolverState st = new org.bilevel4j.solver.SolverState(null, null, null);
            for (int k = 1; k <= 3; k++) {
                st.iteration = k;
                p.onIteration(st, null, null, 45.8 * k);
            }
            p.onEnd(null);
            assertEquals(1, out.toString().lines().filter(l -> l.contains("at this rate")).count(), out.toString());
            assertTrue(out.toString().contains("reweight/fhg: 1 iteration in 45.8 s of solver time; at this rate the 1000 iterations asked take about 12.7 h"),
                    out.toString());
        } finally {
            ProgressListener.projectAfterMillis = saved;
        }
    }
}
