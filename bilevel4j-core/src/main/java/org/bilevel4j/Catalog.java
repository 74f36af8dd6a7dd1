package org.bilevel4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problems.TestProblems;
import org.bilevel4j.problems.sparse.SparseProblems;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.solver.hessfree.HessianFreeSolvers;
import org.bilevel4j.solver.hypergrad.AidSolvers;
import org.bilevel4j.solver.hypergrad.ItdSolvers;
import org.bilevel4j.solver.scale.Scales;
import org.bilevel4j.solver.scale.WithScales;
import org.bilevel4j.solver.penalty.PenaltySolvers;
import org.bilevel4j.solver.spnbo.SpnboSolvers;
import org.bilevel4j.solver.stochastic.StochasticSolvers;
import org.bilevel4j.tasks.TaskProblems;
import org.bilevel4j.tasks.nonsmooth.NonsmoothTasks;

/**
 * Every problem and solver by its command-line name. Factories read their options from {@link Options}
 * (declaring each), so {@code --set} reaches every option and unknown keys are reported.
 */
public final class Catalog {
    private Catalog() {}

    @FunctionalInterface
    public interface ProblemFactory { BilevelProblem create(Options o, long seed); }

    @FunctionalInterface
    public interface SolverFactory { Solver<?> create(BilevelProblem p, Options o, long seed); }

    public record ProblemEntry(String name, String description, ProblemFactory factory) {}

    public record SolverEntry(String name, String description, SolverFactory factory) {}

    private static final Map<String, ProblemEntry> PROBLEMS = new LinkedHashMap<>();
    private static final Map<String, SolverEntry> SOLVERS = new LinkedHashMap<>();

    static {
        TestProblems.register(PROBLEMS);
        TaskProblems.register(PROBLEMS);
        AidSolvers.register(SOLVERS);
        ItdSolvers.register(SOLVERS);
        PenaltySolvers.register(SOLVERS);
        SpnboSolvers.register(SOLVERS);
        SparseProblems.register(PROBLEMS);
        HessianFreeSolvers.register(SOLVERS);
        StochasticSolvers.register(SOLVERS);
        NonsmoothTasks.register(PROBLEMS, SOLVERS);
        for (CatalogPlugin plugin : java.util.ServiceLoader.load(CatalogPlugin.class)) plugin.register(PROBLEMS, SOLVERS); // other modules, last
    }

    public static void add(Map<String, ProblemEntry> m, String name, String description, ProblemFactory f) {
        if (m.put(name, new ProblemEntry(name, description, f)) != null) throw new IllegalStateException("duplicate problem " + name);
    }

    public static void add(Map<String, SolverEntry> m, String name, String description, SolverFactory f) {
        if (m.put(name, new SolverEntry(name, description, f)) != null) throw new IllegalStateException("duplicate solver " + name);
    }

    public static Map<String, ProblemEntry> problems() { return Collections.unmodifiableMap(PROBLEMS); }

    public static Map<String, SolverEntry> solvers() { return Collections.unmodifiableMap(SOLVERS); }

    public static BilevelProblem problem(String name, Options o, long seed) {
        ProblemEntry e = PROBLEMS.get(name);
        if (e == null) throw new IllegalArgumentException("unknown problem '" + name + "'; known: " + String.join(", ", PROBLEMS.keySet()));
        return e.factory().create(o, seed);
    }

    /** A solver whose step defaults come from the problem's scales at its own start ({@link Scales}). */
    public static Solver<?> solver(String name, BilevelProblem p, Options o, long seed) {
        return solver(name, p, o, seed, p instanceof WithScales w ? w.scales() : new Scales(p, p.initialX(), p.initialY()));
    }

    /**
     * A solver whose step defaults come from {@code scales} (estimated on first use where the problem does not know
     * them; build the scales on the run's {@code CountingProblem} and start so that their oracle calls are counted).
     */
    public static Solver<?> solver(String name, BilevelProblem p, Options o, long seed, Scales scales) {
        SolverEntry e = SOLVERS.get(name);
        if (e == null) throw new IllegalArgumentException("unknown solver '" + name + "'; known: " + String.join(", ", SOLVERS.keySet()));
        return e.factory().create(p instanceof WithScales w && w.scales() == scales ? p : new WithScales(p, scales), o, seed);
    }
}
