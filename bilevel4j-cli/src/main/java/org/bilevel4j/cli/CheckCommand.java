package org.bilevel4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bilevel4j.Bilevel;
import org.bilevel4j.Catalog;
import org.bilevel4j.check.HealthCheck;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bilevel check}: the health check of a problem at its start, or of a solver after a few steps
 * ({@link HealthCheck}); prints the numbers and warnings and writes DIR/check.json.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Health check: inner gradient, extreme eigenvalues of the inner Hessian (Lanczos), a tightly converged implicit "
                + "hypergradient against the solver's and against finite differences of Phi, the linear-system residual, and warnings "
                + "(non-unique inner minimizer, inconsistent options). Writes DIR/check.json."})
final class CheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--problem", required = true, paramLabel = "NAME", description = "Problem name (see 'bilevel list').")
    String problem;

    @Option(names = "--solver", paramLabel = "NAME", description = "Solver to check (its hypergradient, linear system and options); "
            + "without it, the problem alone at its start.")
    String solver;

    @Option(names = "--steps", defaultValue = "1", paramLabel = "N", description = "Outer iterations of the solver before the audit (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Problem or solver option, as for solve.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/check-<problem>[-<solver>]-<timestamp>).")
    Path out;

    @Override public Integer call() throws Exception {
        if (steps < 1) throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
        PrintWriter o = spec.commandLine().getOut();
        Map<String, String> given = SolveRun.given(sets);
        HealthCheck.Report report;
        if (solver != null) {
            Bilevel.Setup s = Bilevel.setup(problem, solver, given, seed);
            BilevelProblem twin = Bilevel.setup(problem, solver, given, seed).problem(); // the audit's own instance
            report = Bilevel.check(s, steps, twin);
        } else {
            if (!Catalog.problems().containsKey(problem))
                throw new IllegalArgumentException("unknown problem '" + problem + "'; known: " + String.join(", ", Catalog.problems().keySet()));
            Options opts = new Options(given);
            BilevelProblem p = Catalog.problem(problem, opts, seed);
            Vec x0 = Bilevel.start(opts, "x0", "dimX", p.dimX(), p.initialX(), problem);
            Vec y0 = Bilevel.start(opts, "y0", "dimY", p.dimY(), p.initialY(), problem);
            opts.requireAllUsed("problem " + problem);
            report = HealthCheck.check(null, p, null, x0, y0, 0, opts, seed);
        }
        Path dir = out != null ? out : SolveRun.defaultDir("check-" + problem + (solver != null ? "-" + solver : ""));
        Files.createDirectories(dir);
        CheckJson.write(dir.resolve("check.json"), report, given, seed);
        print(report, o);
        o.println("wrote " + dir.resolve("check.json"));
        o.flush();
        return 0;
    }

    static void print(HealthCheck.Report r, PrintWriter o) {
        HealthCheck.Audit last = r.audits().get(r.audits().size() - 1);
        Table t = new Table("quantity (iteration " + last.iteration() + ")", "value");
        last.numbers().forEach(t::row);
        t.print(o);
        if (r.warnings().isEmpty()) o.println("no warnings");
        for (String w : r.warnings()) o.println((w.startsWith("note: ") ? "" : "warning: ") + w);
    }
}
