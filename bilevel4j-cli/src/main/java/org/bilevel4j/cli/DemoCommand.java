package org.bilevel4j.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bilevel demo}: the quadratic test problem solved by several solvers, compared in one table. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Solve the quadratic test problem with several solvers and compare them (writes under runs/demo/).")
final class DemoCommand implements Callable<Integer> {
    /** The problem of the demo. */
    static final String PROBLEM = "quadratic";
    /** The solvers compared, in table order: add new ones here. */
    static final List<String> SOLVERS = List.of("aid-cg", "aid-neumann", "aid-fp");

    @Spec CommandSpec spec;

    @Option(names = "--iterations", defaultValue = "500", paramLabel = "N", description = "Outer iterations per solver (default ${DEFAULT-VALUE}).")
    long iterations;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Override public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (iterations < 0) throw new IllegalArgumentException("--iterations must be >= 0, got " + iterations);
        Table t = new Table("solver", "status", "iterations", "seconds", "gradient calls", "HVPs", "JVPs", "outer value", "distance to solution");
        for (String solver : SOLVERS) {
            err.println("demo: " + PROBLEM + " with " + solver + " ...");
            err.flush();
            SolveRun.Setup s = new SolveRun.Setup(PROBLEM, solver, seed, Map.of(), StopRule.iterations(iterations));
            RunResult r = SolveRun.run(s, out.resolve(solver), List.of()).result();
            OracleCounts c = r.oracles();
            TraceRow f = r.finalRow();
            t.row(solver, r.status(), r.iterations(), r.wallSeconds(), c.gradientCalls(), c.get(Oracle.innerHvp) + c.get(Oracle.outerHvp),
                    c.get(Oracle.innerCross) + c.get(Oracle.outerCross), f == null ? Double.NaN : f.outerValue(),
                    f == null ? Double.NaN : f.distanceToSolution());
        }
        o.println("Problem " + PROBLEM + " (seed " + seed + "), " + iterations + " outer iterations each:");
        o.println();
        t.print(o);
        Files.writeString(out.resolve("summary.md"), "# Demo: " + PROBLEM + ", " + iterations + " outer iterations, seed " + seed + "\n\n"
                + t.markdown(), StandardCharsets.UTF_8);
        o.println();
        o.println("wrote " + out.resolve("summary.md") + " and one folder per solver under " + out);
        o.flush();
        return 0;
    }
}
