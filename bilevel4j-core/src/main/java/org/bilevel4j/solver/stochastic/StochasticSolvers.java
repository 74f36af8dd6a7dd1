package org.bilevel4j.solver.stochastic;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.solver.Options;

/** Catalog entries of the stochastic methods of benchopt's bilevel benchmark (docs/STOCHASTIC.md). */
public final class StochasticSolvers {
    private StochasticSolvers() {}

    public static void register(Map<String, Catalog.SolverEntry> m) {
        Catalog.add(m, "soba", "SOBA: single loop, SGD on y, v and x along three joint directions (Dagréou et al. 2022)",
                (p, o, seed) -> new Soba(StochasticSettings.readTracked(p, o, false), seed));
        Catalog.add(m, "saba", "SABA: SOBA with SAGA variance reduction of each direction (Dagréou et al. 2022)",
                (p, o, seed) -> new Saba(StochasticSettings.readSaga(p, o),
                        o.choice("table", "logits", "SAGA memory: logits (per-sample logit derivatives on linear models, else rows) or rows (gradient rows per batch)",
                                "logits", "rows").equals("logits"), seed));
        Catalog.add(m, "ma-soba", "MA-SOBA: SOBA with a moving average of the x direction (Chen, Xu, Zhang 2023)", (p, o, seed) ->
                new MaSoba(StochasticSettings.readTracked(p, o, false),
                        o.getPositive("theta", 0.5, "theta: weight of the new estimate in the moving average h"),
                        o.getPositiveOrInfinity("radius", Double.POSITIVE_INFINITY, "R: radius of the ball z is projected on (Infinity: none)"), seed));
        Catalog.add(m, "srba", "SRBA: SARAH variance reduction of SOBA's directions with periodic full passes (Dagréou et al. 2024)", (p, o, seed) ->
                new Srba(StochasticSettings.readTracked(p, o, true),
                        o.getPositive("periodFrac", 0.5, "full pass every max(1, periodFrac (n+m) / batch) iterations"), seed));
        Catalog.add(m, "amigo", "AmIGO: warm-started SGD on y and on the linear system, then an outer step (Arbel and Mairal 2022)", (p, o, seed) ->
                new Amigo(StochasticSettings.readTracked(p, o, false),
                        o.getInt("innerSteps", 10, 0, "T: SGD steps on y per outer iteration"),
                        o.getInt("systemSteps", 10, 0, "M: SGD steps on the linear system per outer iteration"), seed));
        Catalog.add(m, "mrbo", "MRBO: recursive momentum on y and on a Neumann hypergradient (Yang, Ji, Liang 2021)", (p, o, seed) -> {
            StochasticSettings st = StochasticSettings.read(p, o, 1.0 / 3, 1.0 / 3);
            return new Mrbo(st, momentum(o), StochasticSettings.neumannTerms(p, o), neumannStep(o, st), seed);
        });
        Catalog.add(m, "vrbo", "VRBO: SPIDER variance reduction with periodic full passes and an inner loop (Yang, Ji, Liang 2021)", (p, o, seed) -> {
            StochasticSettings st = StochasticSettings.read(p, o, 0, 0);
            return new Vrbo(st, o.getInt("innerSteps", 10, 1, "m: recursion steps on y per outer iteration"),
                    StochasticSettings.neumannTerms(p, o), neumannStep(o, st),
                    o.getPositive("periodFrac", 0.5, "full pass every max(1, periodFrac (n+m) / (batch innerSteps)) outer iterations"), seed);
        });
        Catalog.add(m, "fsla", "FSLA: fully single loop, SGD on the linear system, recursive momentum on x (Li, Gu, Huang 2022)", (p, o, seed) ->
                new Fsla(StochasticSettings.readTracked(p, o, false),
                        o.getPositive("momentum", 0.5, "eta: weight of the fresh estimate in the recursive momentum"), seed));
        Catalog.add(m, "ttsa", "TTSA: two time scales, one inner SGD step, randomly truncated Neumann (Hong et al. 2023)", (p, o, seed) -> {
            StochasticSettings st = StochasticSettings.read(p, o, 0.4, 0.6, 100);
            return new Ttsa(st, StochasticSettings.neumannTerms(p, o), neumannStep(o, st), seed);
        });
        Catalog.add(m, "bsa", "BSA: inner SGD loop, randomly truncated Neumann hypergradient (Ghadimi and Wang 2018)", (p, o, seed) -> {
            StochasticSettings st = StochasticSettings.read(p, o, 0, 0.5, 100);
            return new Bsa(st, o.getInt("innerSteps", 10, 0, "T: SGD steps on y per outer iteration"),
                    StochasticSettings.neumannTerms(p, o), neumannStep(o, st), seed);
        });
        Catalog.add(m, "sustain", "SUSTAIN: recursive momentum with a randomly truncated Neumann hypergradient (Khanduri et al. 2021)", (p, o, seed) -> {
            StochasticSettings st = StochasticSettings.read(p, o, 1.0 / 3, 1.0 / 3);
            return new Sustain(st, momentum(o), StochasticSettings.neumannTerms(p, o), neumannStep(o, st), seed);
        });
    }

    private static double momentum(Options o) {
        double m = o.getPositive("momentum", 0.5, "eta: eta_t = eta (t+1)^-2/3 is the weight of the fresh estimate");
        if (m > 1) throw new IllegalArgumentException("option momentum=" + m + " must be <= 1");
        return m;
    }

    private static double neumannStep(Options o, StochasticSettings st) {
        return o.getPositive("neumannStep", st.innerStep(), "eta of the Neumann series (default innerStep)");
    }

}
