package org.bilevel4j.solver.spnbo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.Bilevel;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.vec.Vec;

/**
 * Test-scope main (not a test): spnbo on the orthogonal sparse regression as {@code ./bilevel solve --problem
 * sparse-regression --set design=orthogonal --set penalty=P --solver spnbo --seed S} runs it (problem and solver seed S,
 * 1000 iterations). Arguments: option sets "k=v,k=v" (one table each; "" = defaults). -Dprobe.seeds=0,1,2
 * -Dprobe.penalties=lp,oscar -Dprobe.iterations=1000.
 */
public final class SpnboSparseProbe {
    public static void main(String[] args) {
        String[] sets = args.length == 0 ? new String[] {""} : args;
        long iters = Long.getLong("probe.iterations", 1000);
        for (String set : sets) {
            for (String pen : System.getProperty("probe.penalties", "lp,oscar").split(",")) {
                for (String sd : System.getProperty("probe.seeds", "0,1,2").split(",")) for (String ss : System.getProperty("probe.solverSeeds", sd).split(",")) {
                    Map<String, String> o = new LinkedHashMap<>(Map.of("design", "orthogonal", "penalty", pen));
                    for (String kv : set.split(",")) if (kv.contains("=")) o.put(kv.split("=")[0], kv.split("=")[1]);
                    long seed = Long.parseLong(sd);
                    long t0 = System.nanoTime();
                    long solverSeed = Long.parseLong(ss.equals("same") ? sd : ss);
                    org.bilevel4j.problem.BilevelProblem prob = org.bilevel4j.Catalog.problem("sparse-regression", new org.bilevel4j.solver.Options(o), seed);
                    org.bilevel4j.problem.CountingProblem counted = new org.bilevel4j.problem.CountingProblem(prob);
                    org.bilevel4j.solver.scale.Scales sc = new org.bilevel4j.solver.scale.Scales(counted, prob.initialX(), prob.initialY());
                    Bilevel.Setup s = new Bilevel.Setup("sparse-regression", "spnbo", seed, counted,
                            org.bilevel4j.Catalog.solver("spnbo", prob, new org.bilevel4j.solver.Options(o), solverSeed, sc), prob.initialX(), prob.initialY(), null, sc);
                    long scaleCalls = s.problem().counts().total();
                    int every = Integer.getInteger("probe.traceEvery", 0);
                    StringBuilder trace = new StringBuilder();
                    RunResult r = s.run(StopRule.iterations(iters).withTraceEvery((int) iters), java.util.List.of(new org.bilevel4j.solver.RunListener() {
                        @Override public void onIteration(org.bilevel4j.solver.SolverState st, org.bilevel4j.solver.Trace t, org.bilevel4j.problem.OracleCounts c, double sec) {
                            if (every > 0 && (st.iteration) % every == 0) trace.append(String.format(" %d:%.3f/%.0e/%.1e", st.iteration, Vec.array(st.x)[0],
                                    ((Spnbo.State) st).mu, st.problem.innerGradY(st.x, st.y).norm()));
                        }
                    }));
                    Vec xs = s.problem().solutionX();
                    if (trace.length() > 0) System.out.println("  trace (iteration:x/mu/|c|):" + trace);
                    var ex = r.finalRow().extras();
                    System.out.printf("PROBE [%s] %-5s seed %s/" + ss + ": x %.4f x* %s dist %s  iters %d calls %d (scales %d) mu %.2e stages %.0f mult %.0f beta %.3g  %.1fs%n",
                            set, pen, sd, Vec.array(r.x())[0], xs == null ? "none" : String.format("%.4f", Vec.array(xs)[0]),
                            xs == null ? "n/a" : String.format("%.2e", s.problem().distanceToSolution(r.x())), r.iterations(), r.oracles().total(), scaleCalls,
                            ex.getOrDefault("mu", Double.NaN), ex.getOrDefault("stages", Double.NaN), ex.getOrDefault("multiplierUpdates", Double.NaN),
                            ex.getOrDefault("beta", Double.NaN), (System.nanoTime() - t0) * 1e-9);
                }
            }
        }
    }
}
