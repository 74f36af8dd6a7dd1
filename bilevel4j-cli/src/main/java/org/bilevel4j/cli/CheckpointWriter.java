package org.bilevel4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.Trace;

/**
 * Writes DIR/checkpoint.json after an iteration when the cadence says so, always between two iterations (the
 * state is then consistent) and only after a good one (a diverged or failed run keeps its last good
 * checkpoint). On Ctrl-C (a JVM shutdown hook) it asks the run for one more checkpoint at the end of the
 * current iteration and waits for it up to {@value #HOOK_WAIT_SECONDS} s; an iteration that takes longer is
 * not waited for, and the last periodic checkpoint stays. {@link #close} removes the hook.
 */
final class CheckpointWriter implements RunListener, AutoCloseable {
    static final int HOOK_WAIT_SECONDS = 20;

    private final Path dir;
    private final SolveRun.Setup setup;
    private final CheckpointEvery every;
    private final PrintWriter err;
    private final CountDownLatch finalWrite = new CountDownLatch(1);
    private volatile boolean running, stopRequested, frozen;
    private volatile long lastWritten = -1;
    private long lastWriteNanos;
    private boolean warned;
    private Thread hook;
    private Runnable beforeWrite = () -> {};

    CheckpointWriter(Path dir, SolveRun.Setup setup, CheckpointEvery every, PrintWriter err) {
        this.dir = dir;
        this.setup = setup;
        this.every = every;
        this.err = err;
    }

    /** Runs {@code r} before each checkpoint is written (the trace file makes its rows durable first). */
    CheckpointWriter beforeEachWrite(Runnable r) {
        beforeWrite = r;
        return this;
    }

    /** Installs the Ctrl-C hook (once). */
    CheckpointWriter withShutdownHook() {
        hook = new Thread(this::onShutdown, "bilevel-checkpoint");
        Runtime.getRuntime().addShutdownHook(hook);
        return this;
    }

    @Override public void onStart(SolverState state, StopRule stop) {
        lastWriteNanos = System.nanoTime();
        running = true;
    }

    @Override public void onIteration(SolverState s, Trace trace, OracleCounts counts, double seconds) {
        if (frozen) return;
        boolean due = stopRequested
                || (every.iterations() > 0 && s.iteration % every.iterations() == 0)
                || (every.seconds() > 0 && (System.nanoTime() - lastWriteNanos) * 1e-9 >= every.seconds());
        if (!due) return;
        write(s, trace, counts, seconds);
        if (stopRequested) { // the JVM is shutting down: this was the last one
            frozen = true;
            finalWrite.countDown();
        }
    }

    @Override public void onEnd(RunResult result) {
        running = false;
        finalWrite.countDown();
    }

    private void write(SolverState s, Trace trace, OracleCounts counts, double seconds) {
        beforeWrite.run();
        Snapshot snap = new Snapshot();
        s.save(snap);
        try {
            Checkpoint.write(dir, setup, every, snap, trace.rows(), counts, seconds);
            lastWritten = s.iteration;
        } catch (IOException | RuntimeException e) { // a failed checkpoint must not end the run it protects
            if (!warned) err.println("warning: could not write " + dir.resolve(Checkpoint.FILE) + " (" + Main.oneLine(e.toString()) + "); the run goes on");
            err.flush();
            warned = true;
        }
        lastWriteNanos = System.nanoTime();
    }

    private void onShutdown() {
        if (!running) return;
        stopRequested = true;
        boolean written = false;
        try {
            written = finalWrite.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path file = dir.resolve(Checkpoint.FILE);
        if (written && frozen) err.println("interrupted: wrote " + file + " at iteration " + lastWritten + "; continue with: bilevel solve --resume " + dir);
        else if (lastWritten >= 0) err.println("interrupted: the current iteration did not end within " + HOOK_WAIT_SECONDS + " s; " + file
                + " keeps iteration " + lastWritten + "; continue with: bilevel solve --resume " + dir);
        else err.println("interrupted before the first checkpoint; nothing to resume");
        err.flush();
    }

    @Override public void close() {
        running = false;
        if (hook == null) return;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running or has run
        }
    }
}
