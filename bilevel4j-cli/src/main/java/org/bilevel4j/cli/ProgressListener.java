package org.bilevel4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;

/**
 * Shows a run's progress on stderr: a progress bar on a terminal, otherwise a few plain lines (one per
 * fifth of the iterations, or of the time limit when that comes first) so that logs stay readable. A run limited by
 * solver time alone (no iteration limit, as the bench suites' 60 s runs) is drawn as a bar of seconds. Without a bar,
 * a run that prints nothing for {@link #heartbeatMillis} (a network's first HOAG or FHG iteration can take minutes) gets
 * a line saying which iteration is still running, again after each such silence, until the run ends (and, once the run
 * is past its time limit, that the limit is checked between iterations: FHG's first iteration on hyper-cleaning with
 * 1500 training samples, 1500 HVPs per inner step, runs for minutes past a 10 s limit). Ten seconds
 * into a run with an iteration limit, a line projects the time to that limit at the rate so far ({@link #projection})
 * when that is a minute or more: FHG on a problem with many hyper-parameters takes 45 s an iteration, and 1000 of them
 * would otherwise go unannounced until the first fifth was done.
 */
public final class ProgressListener implements RunListener {
    private static final int LINES = 5;

    private final String label;
    private final PrintWriter err;
    private final boolean bar;
    private ProgressBar pb;
    private long every = 1, next = 1;
    private boolean byTime;
    private double secondsEvery, nextSeconds;
    /** Silence (no line) after which a line says the run is still in an iteration; tests shorten it. */
    static long heartbeatMillis = 30_000;
    private java.util.concurrent.ScheduledExecutorService heartbeat;
    private volatile long lastLine, done; // nanoTime of the last line; iterations completed
    private StopRule stop;
    private long startNanos;
    private boolean projected;
    /** Wall time into a run after which the projection is made; tests shorten it. */
    static long projectAfterMillis = 10_000;

    /** {@code bar}: draw a progress bar on the real stderr (only sensible when it is a terminal). */
    public ProgressListener(String label, PrintWriter err, boolean bar) {
        this.label = label;
        this.err = err;
        this.bar = bar;
    }

    /** True when a progress bar can be drawn: the JVM has a console. */
    public static boolean terminal() { return System.console() != null; }

    @Override public void onStart(SolverState state, StopRule stop) {
        this.stop = stop;
        startNanos = System.nanoTime();
        long max = stop.maxIterations();
        boolean timed = Double.isFinite(stop.maxSeconds());
        byTime = max == Long.MAX_VALUE && timed;
        if (bar) {
            pb = new ProgressBarBuilder().setTaskName(label).setInitialMax(byTime ? (long) Math.ceil(stop.maxSeconds()) : max).setUpdateIntervalMillis(200)
                    .setUnit(byTime ? " s" : "", 1).setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        } else {
            every = Math.max(1, max / LINES);
            next = every;
            secondsEvery = nextSeconds = stop.maxSeconds() / LINES;
            double m = stop.maxSeconds();
            String seconds = (m == Math.rint(m) && m < 1e15 ? Long.toString((long) m) : String.format(Locale.ROOT, "%.3g", m)) + " s of solver time";
            err.println(label + ": " + (byTime ? seconds : max + " iterations" + (timed ? " or " + seconds : "")));
            err.flush();
            startHeartbeat(state == null ? 0 : state.iteration);
        }
    }

    private void startHeartbeat(long iteration) {
        done = iteration;
        lastLine = System.nanoTime();
        heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress heartbeat " + label);
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(1, heartbeatMillis / 4);
        heartbeat.scheduleWithFixedDelay(() -> {
            long quiet = System.nanoTime() - lastLine;
            if (quiet < heartbeatMillis * 1_000_000) return;
            double limit = stop == null ? Double.POSITIVE_INFINITY : stop.maxSeconds(), running = (System.nanoTime() - startNanos) * 1e-9;
            String past = running > limit ? String.format(Locale.ROOT, "; past the %s time limit, which a run checks between iterations",
                    duration(limit)) : "";
            err.println(String.format(Locale.ROOT, "%s: iteration %d still running (%.0f s since the last line%s)", label, done + 1, quiet * 1e-9, past));
            err.flush();
            lastLine = System.nanoTime();
        }, tick, tick, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override public void onIteration(SolverState state, org.bilevel4j.solver.Trace trace, org.bilevel4j.problem.OracleCounts counts,
                                      double solverSeconds) {
        done = state.iteration;
        if (pb == null && !projected && !byTime && System.nanoTime() - startNanos >= projectAfterMillis * 1_000_000) {
            projected = true;
            String line = projection(state.iteration, solverSeconds, stop);
            if (line != null) {
                err.println(label + ": " + line);
                err.flush();
                lastLine = System.nanoTime();
            }
        }
    }

    /**
     * The time to the run's iteration limit at the rate so far ({@code done} iterations in {@code seconds} of solver time),
     * or where its time limit stops it first; null when what is left is under a minute.
     */
    static String projection(long done, double seconds, StopRule stop) {
        long max = stop.maxIterations();
        if (done <= 0 || max == Long.MAX_VALUE || done >= max) return null;
        double rate = seconds / done, total = rate * max;
        double limit = stop.maxSeconds();
        if (Math.min(total, limit) - seconds < 60) return null;
        String head = String.format(Locale.ROOT, "%d iteration%s in %s of solver time; ", done, done == 1 ? "" : "s", duration(seconds));
        if (total > limit)
            return head + String.format(Locale.ROOT, "at this rate the time limit (%s) stops the run near iteration %d of the %d asked",
                    duration(limit), (long) (limit / rate), max);
        return head + String.format(Locale.ROOT, "at this rate the %d iterations asked take about %s", max, duration(total))
                + (Double.isFinite(limit) ? "" : " (--time-limit SEC bounds a run)");
    }

    /** Seconds in words: 45.8 s, 12.5 min, 12.7 h. */
    static String duration(double s) {
        if (s < 120) return String.format(Locale.ROOT, "%.1f s", s);
        if (s < 7200) return String.format(Locale.ROOT, "%.1f min", s / 60);
        return String.format(Locale.ROOT, "%.1f h", s / 3600);
    }

    @Override public void onRow(TraceRow row, SolverState state) {
        if (pb != null) {
            pb.stepTo(byTime ? (long) row.seconds() : row.iteration());
            pb.setExtraMessage((byTime ? " it " + row.iteration() : "") + " F=" + Table.num(row.outerValue()));
        } else if (row.iteration() >= next || row.seconds() >= nextSeconds) { // a fifth of the iterations or of the time, whichever comes first
            err.println(String.format(Locale.ROOT, "%s: iteration %d  outer value %s  inner grad norm %s%s  (%.2f s)", label,
                    row.iteration(), Table.num(row.outerValue()), Table.num(row.innerGradNorm()),
                    Double.isNaN(row.distanceToSolution()) ? "" : "  distance " + Table.num(row.distanceToSolution()), row.seconds()));
            err.flush();
            lastLine = System.nanoTime();
            next = (row.iteration() / every + 1) * every;
            nextSeconds = (Math.floor(row.seconds() / secondsEvery) + 1) * secondsEvery;
        }
    }

    @Override public void onEnd(RunResult result) {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            heartbeat = null;
        }
        if (pb != null) {
            pb.close();
            pb = null;
        }
    }
}
