package org.bilevel4j.cli.bench;

import org.bilevel4j.cli.AtomicFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bilevel4j.Catalog;
import org.bilevel4j.problems.MinimaxExample;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import org.bilevel4j.solver.hessfree.MinimaxOpt;
import org.bilevel4j.solver.hessfree.MinimaxOptState;
import org.bilevel4j.vec.Vec;

/**
 * MinimaxOPT Example 1 stand-in (ALGORITHMS.md §2.6): Algorithm 1 on f = ½(y−b)² + (c/2)x², g = ½(y−ax)², x ∈ [l,u]
 * (a = 2, b = 3, c = 0.5, α_0 = 1, τ = 2). Writes stages.md / stages.csv (per stage: α, x at the stage end, the
 * closed-form x*_α, their gap, the gap to x*) and x.svg / x.png (x over the iterations against x*_α, x* as a level).
 */
public final class MinimaxExampleSuite implements BenchSuite {
    @Override public String name() { return "minimax-example"; }

    @Override public String description() { return "MinimaxOPT on the 1-D least-squares example: x tracks x*_alpha stage by stage and approaches x*"; }

    /** The --set options this suite reads. */
    record Settings(int stages, long stageLength) {}

    @Override public void validate(BenchContext ctx) { settings(new Options(ctx.sets()), ctx.quick()); }

    /** Reads every option; an unknown key or a bad value throws. */
    static Settings settings(Options o, boolean quick) {
        int stages = o.getInt("stages", quick ? 4 : 10, 1, "number of stages K");
        long stageLength = o.getLong("stageLength", quick ? 200 : 1000, "GDA iterations T per stage");
        if (stageLength < 1) throw new IllegalArgumentException("option stageLength=" + stageLength + " must be >= 1");
        o.requireAllUsed("bench minimax-example");
        return new Settings(stages, stageLength);
    }

    @Override public void run(BenchContext ctx) throws Exception {
        Settings s = settings(ctx.options(), ctx.quick());
        int stages = s.stages();
        long stageLength = s.stageLength();
        Files.createDirectories(ctx.out());
        MinimaxExample p = (MinimaxExample) Catalog.problem("minimax-example", Options.empty(), 1);
        MinimaxOpt solver = (MinimaxOpt) Catalog.solver("minimaxopt", p, new Options(java.util.Map.of("preset", "paper", "stageLength", Long.toString(stageLength))), 1);
        int every = (int) Math.max(1, stageLength / 50);
        List<double[]> curve = new ArrayList<>();          // iteration, x, x*_α
        List<double[]> stageEnds = new ArrayList<>();      // stage, α, x, y
        RunListener rec = new RunListener() {
            @Override public void onRow(TraceRow row, SolverState st) {
                if (row.iteration() == 0) return;
                MinimaxOptState s = (MinimaxOptState) st;
                double x = Vec.array(s.x)[0];
                curve.add(new double[] {row.iteration(), x, p.minimaxSolutionX(s.alpha)});
                if (s.stageStep == stageLength) stageEnds.add(new double[] {s.stage, s.alpha, x, Vec.array(s.y)[0]});
            }
        };
        Runner.run(solver, p, p.initialX(), p.initialY(), StopRule.iterations(stages * stageLength).withTraceEvery(every), List.of(rec));

        double xs = Vec.array(p.solutionX())[0];
        StringBuilder csv = new StringBuilder("stage,alpha,x,xAlpha,gapToXAlpha,gapToXStar,y,yAlpha\n");
        StringBuilder md = new StringBuilder("# MinimaxOPT on the 1-D example (§2.6)\n\n")
                .append(String.format(Locale.ROOT, "a = 2, b = 3, c = 0.5, x ∈ [−1, 2], α₀ = 1, τ = 2, T = %d, x* = %.6f. ", stageLength, xs))
                .append("x*_α = α a b / (α a² + (1+α) c) is the minimax solution of (6) for the stage's α; y*_α = (b + α a x)/(1 + α).\n\n")
                .append("| stage | α | x at stage end | x*_α | \\|x − x*_α\\| | \\|x − x*\\| | y | y*_α(x) |\n|---|---|---|---|---|---|---|---|\n");
        for (double[] e : stageEnds) {
            double xa = p.minimaxSolutionX(e[1]), ya = p.minimaxSolutionY(e[1], e[2]);
            csv.append(String.format(Locale.ROOT, "%d,%s,%.10f,%.10f,%.3e,%.3e,%.10f,%.10f%n", (long) e[0], e[1], e[2], xa, Math.abs(e[2] - xa),
                    Math.abs(e[2] - xs), e[3], ya));
            md.append(String.format(Locale.ROOT, "| %d | %s | %.6f | %.6f | %.1e | %.1e | %.6f | %.6f |%n", (long) e[0], ToyFigure1Suite.fmt(e[1]), e[2], xa,
                    Math.abs(e[2] - xa), Math.abs(e[2] - xs), e[3], ya));
        }
        AtomicFile.writeString(ctx.out().resolve("stages.csv"), csv.toString());
        AtomicFile.writeString(ctx.out().resolve("stages.md"), md.toString());

        double[] it = new double[curve.size()], x = new double[curve.size()], xa = new double[curve.size()];
        for (int i = 0; i < it.length; i++) {
            it[i] = curve.get(i)[0];
            x[i] = curve.get(i)[1];
            xa[i] = curve.get(i)[2];
        }
        Plots.line(ctx.out().resolve("x.png"), "MinimaxOPT on the 1-D example: x against x*_alpha", "GDA iteration", "x", false,
                List.of(new Plots.Series("x", it, x), new Plots.Series("x*_alpha (stage's alpha)", it, xa)),
                List.of(new org.bilevel4j.cli.plot.Chart.Level(String.format(Locale.ROOT, "x* = %.4f (bilevel)", xs), xs)));
        ctx.log().printf(Locale.ROOT, "minimax-example: %d stages, final x = %.6f, x* = %.6f%n", stageEnds.size(), x[x.length - 1], xs);
    }
}
