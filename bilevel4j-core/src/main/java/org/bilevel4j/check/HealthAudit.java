package org.bilevel4j.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.hypergrad.HypergradientDescent;
import org.bilevel4j.vec.Vec;

/**
 * {@code solve --audit N}: every N outer iterations, the {@link HealthCheck} audit at the point where the step's
 * hypergradient was computed (the x before the step and the step's y), added to that iteration's trace row as
 * "audit.*" extras and kept for check.json. It leaves the run as it is: it reads copies of the state, calls the
 * uncounted problem (or {@code twin}, a second instance, so that the run's model caches stay), draws from its own
 * random stream, and runs outside the solver's timed step.
 */
public final class HealthAudit implements RunListener {
    private final int every;
    private final BilevelProblem twin;
    private final Options options;
    private final long seed;
    private final List<HealthCheck.Audit> audits = new ArrayList<>();

    public HealthAudit(int every, BilevelProblem twin, Options options, long seed) {
        if (every < 1) throw new IllegalArgumentException("--audit must be >= 1 (iterations between audits), got " + every);
        this.every = every;
        this.twin = twin;
        this.options = options;
        this.seed = seed;
    }

    @Override public Map<String, Double> afterStep(SolverState s, Vec xBeforeStep, BilevelProblem raw) {
        if (s.iteration % every != 0) return Map.of();
        Vec v = null;
        if (s instanceof HypergradientDescent.State h) v = h.memory.containsKey("v") ? h.memory.get("v") : h.memory.get("q");
        HealthCheck.Audit a = HealthCheck.audit(twin != null ? twin : raw, xBeforeStep, s.y, s.hypergradient, v, options,
                seed + 1_000_003L * s.iteration, s.iteration);
        audits.add(a);
        Map<String, Double> out = new LinkedHashMap<>();
        a.numbers().forEach((k, d) -> out.put("audit." + k, d));
        return out;
    }

    /** The audits so far. */
    public List<HealthCheck.Audit> audits() { return List.copyOf(audits); }

    public HealthCheck.Report report(String problem, String solver) { return HealthCheck.Report.of(problem, solver, audits); }
}
