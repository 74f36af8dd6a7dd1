package org.bilevel4j.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bilevel4j.cli.CheckpointEvery;
import org.bilevel4j.cli.SolveRun;

/**
 * A bench's {@code parallel=N} (a named suite's or an ad hoc one's): the runs of a comparison not finished yet, N at a time on their own threads in this JVM.
 * Each run keeps its own folder, checkpoints and resumes as in a sequential call, and a failed one is recorded and tried
 * again by the sequential pass that follows ({@link Comparison#run}, which then loads every run and writes the report).
 * N runs share the machine, so each should use one core: {@link #take} sets {@code bilevel4j.threads=1} (the dense
 * kernels' row blocks) unless the JVM was given a value, and suites on libtorch pass {@code threads=1} to their runs.
 */
public final class RunsAtOnce {
    private RunsAtOnce() {}

    /** Removes {@code parallel} from a suite's options and returns it (1 when absent); with N > 1 pins the kernels to one thread. */
    public static int take(Map<String, String> sets, String suite, PrintWriter log) {
        String par = sets.remove("parallel");
        int n = par == null ? 1 : par.trim().matches("\\d{1,3}") ? Integer.parseInt(par.trim()) : 0;
        if (n < 1) throw new IllegalArgumentException(suite + ": parallel=" + par + " must be a whole number >= 1 (runs at once)");
        if (n > 1 && System.getProperty("bilevel4j.threads") == null) {
            System.setProperty("bilevel4j.threads", "1");
            log.println(suite + ": parallel=" + n + ": each run's dense kernels use one thread (-Dbilevel4j.threads=1)");
        }
        return n;
    }

    /** Runs, {@code parallel} at a time, every (task, solver, seed) of {@code c} that has no finished result yet. */
    public static void run(Comparison.Config c, int parallel, PrintWriter log, CheckpointEvery every) throws Exception {
        List<Callable<Void>> jobs = new ArrayList<>();
        int total = c.tasks().size() * c.solvers().size() * c.seeds().size(), k = 0;
        for (NamedSpec task : c.tasks())
            for (NamedSpec solver : c.solvers())
                for (long seed : c.seeds()) {
                    String label = String.format(Locale.ROOT, "[%d/%d, %d at once] %s  %s  seed %d", ++k, total, parallel, task.label(), solver.label(), seed);
                    Path dir = Comparison.runDir(c, task, solver, seed);
                    SolveRun.Setup s = new SolveRun.Setup(task.name(), solver.name(), seed, Comparison.options(c.sets(), task, solver), c.stop());
                    if (Comparison.finished(dir.resolve("result.json"), s) != null) continue;
                    jobs.add(() -> {
                        Comparison.runOne(s, dir, label, log, every);
                        log.println(label + ": done");
                        return null;
                    });
                }
        if (jobs.isEmpty()) return;
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, jobs.size()));
        try {
            for (Future<Void> f : pool.invokeAll(jobs)) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception x) throw x;
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
