package org.bilevel4j.solver.hessfree;

import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.problem.Request;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * BVFIM (Liu et al. 2021), ALGORITHMS.md §1.6, one outer iteration per step, first-order oracles only:
 * <pre>
 *   (μ1, μ2, θ, σ) ← c_k (μ1⁰, μ2⁰, θ⁰, σ⁰)                                         §1.7
 *   z ← T_z steps  z − s_l (∇_y G(x,z) + μ1 z)                       (warm-started)  (18)
 *   f̂ ← G(x,z) + μ1/2 ‖z‖² + μ2
 *   y ← z (reset, BOAT) or the previous y (warm start, BVFSM; reset when not interior)
 *   y ← T_y steps  y − s_u (∇_y F + γ ∇_y G + θ y),  γ = σ/(f̂ − G(x,y))             (19), (17)
 *   d ← ∇_x F(x,y) + γ (∇_x G(x,y) − ∇_x G(x,z))                                     (20)–(21)
 *   x ← Proj_X(Adam or SGD step along d)
 * </pre>
 * Interior safeguard (UNVERIFIED as paper content, §1.6 notes): a y-step that would leave the barrier's domain
 * f̂ − G(x,y) > 0 is halved until it stays inside; the log and the division are never applied to a
 * non-positive slack. Option {@code yLineSearch=armijo} (our addition, the default) also halves until the
 * barrier objective decreases enough: near its minimum the barrier's curvature grows like σ/slack², far beyond
 * 1/s_u, and a fixed step then stops at a random slack (a random γ); with the plain interior safeguard the
 * toy's direction (20) is mostly noise. Option {@code codeGamma}: the official code's γ = σ/(f̂ + shift) held fixed (§1.8).
 */
public final class Bvfim implements Solver<BvfimState> {
    /** The method's constants (names as in §1.6). */
    public record Settings(int zSteps, int ySteps, double zStep, double yStep, double mu1, double mu2, double theta,
                           double sigma, Decay decay, UpdateRule outerRule, boolean resetY, boolean codeGamma,
                           double codeGammaShift, int maxHalvings, boolean armijo) {
        public Settings {
            if (zSteps < 0 || ySteps < 0) throw new IllegalArgumentException("BVFIM needs zSteps, ySteps >= 0");
            if (!(zStep > 0 && yStep > 0)) throw new IllegalArgumentException("BVFIM step sizes must be > 0");
            if (!(mu1 >= 0 && theta >= 0 && sigma >= 0)) throw new IllegalArgumentException("BVFIM needs mu1, theta, sigma >= 0");
            if (!(mu2 > 0) && !codeGamma)
                throw new IllegalArgumentException("BVFIM's exact barrier needs mu2 > 0 (the slack of the value-function constraint)");
        }
    }

    /**
     * What one barrier y-loop did: the final slack f̂ − G(x,y) > 0, halvings of the step, steps blocked; and ∇_x G, ∇_x F at
     * the final y when its last step's fused pass computed them (else null: the direction asks for them).
     */
    public record BarrierRun(double slack, long halvings, long blocked, Vec innerGradX, Vec outerGradX) {}

    private final Settings st;

    /** Fused requests: G's (or F's) value; its value and ∇_y in one pass. */
    private static final Request VALUE = new Request(true, false, false), VALUE_GRAD_Y = new Request(true, false, true),
            VALUE_GRAD_X = new Request(true, true, false);

    public Bvfim(Settings settings) { this.st = settings; }

    public Settings settings() { return st; }

    @Override public String name() { return "bvfim"; }

    @Override public BvfimState init(BilevelProblem problem, Vec x0, Vec y0) {
        BvfimState s = new BvfimState(problem, x0.copy(), y0.copy(), y0.copy());
        Box box = problem.bounds();
        if (box != null) box.project(s.x);
        s.outerUpdater = st.outerRule().init(s.x);
        return s;
    }

    @Override public void step(BvfimState s) {
        BilevelProblem p = s.problem;
        Vec x = s.x;
        double c = st.decay().at(s.iteration);
        s.decay = c;
        s.mu1 = c * st.mu1();
        s.mu2 = c * st.mu2();
        s.theta = c * st.theta();
        s.sigma = c * st.sigma();

        valueFunctionLoop(p, x, s.z, st.zSteps(), st.zStep(), s.mu1);
        // G(x,z) for f̂, and G(x,y) at the warm-started y, in one pass over the rows (fused oracle). The same pass gives the
        // barrier loop's first ∇_y G: at y := z when that is expected (no warm start, or the warm y was not interior two
        // steps back, BvfimState#warmYKeptBefore), else at the warm y; a wrong guess leaves it unused and the loop asks for
        // it. Where the problem fuses, the pass also gives ∇_x G(x,z) for the direction (20) (z does not move after (18)),
        // and the barrier loop's last pass ∇_x G and ∇_x F at the final y: the direction then reads no row again
        boolean warm = !st.codeGamma() && !st.resetY(), fused = p.fusesPasses() && s.sigma != 0;
        boolean firstAtZ = !st.codeGamma() && st.ySteps() > 0 && !(warm && s.warmYKeptBefore);
        Request atZ = new Request(true, fused, firstAtZ);
        Answer[] gv = warm ? p.innerAt(x, s.z, atZ, s.y, st.ySteps() > 0 && !firstAtZ ? VALUE_GRAD_Y : VALUE)
                : new Answer[] {p.innerAt(x, s.z, atZ)};
        double gz = gv[0].value();
        Vec gxAtZ = gv[0].gradX(), gxAtY = null, fxAtY = null;
        double fHat = NonFiniteException.check("value estimate f̂", gz + 0.5 * s.mu1 * s.z.normSquared() + s.mu2);
        s.valueEstimate = fHat;

        double slack;
        if (st.codeGamma()) {
            if (st.resetY()) s.y.assign(s.z);
            double arg = fHat + st.codeGammaShift();
            if (!(arg > 0))
                throw new NonFiniteException("code-style barrier argument f̂ + shift = " + arg + " (must be > 0; raise codeGammaShift)");
            s.gamma = s.sigma / arg;
            fixedGammaLoop(p, x, s.y, st.ySteps(), st.yStep(), s.gamma, s.theta);
            slack = fHat - p.innerValue(x, s.y);
        } else {
            slack = warm ? fHat - gv[1].value() : Double.NaN;
            if (warm) {
                s.warmYKeptBefore = s.warmYKept;
                s.warmYKept = slack > 0;
            }
            Vec gy0 = warm ? gv[1].gradY() : null;
            if (!(slack > 0)) { // y := z is interior with slack μ1/2‖z‖² + μ2
                gy0 = gv[0].gradY();
                s.y.assign(s.z);
                slack = fHat - gz; // G(x,y) = G(x,z), computed above
                if (!(slack > 0))
                    throw new NonFiniteException("the barrier's domain (slack f̂ − G(x,z) = " + slack + " <= 0: mu2 is below the"
                            + " precision of G; choose a slower decay)");
            }
            BarrierRun r = barrierLoop(p, x, s.y, gy0, fHat, slack, st.ySteps(), st.yStep(), s.sigma, s.theta, st.maxHalvings(), st.armijo(), fused);
            slack = r.slack();
            gxAtY = r.innerGradX();
            fxAtY = r.outerGradX();
            s.backtracks += r.halvings();
            s.blockedSteps += r.blocked();
            s.gamma = s.sigma / slack; // (21)
        }
        Vec d = NonFiniteException.check("BVFIM direction", direction(p, x, s.y, s.z, s.gamma, fxAtY, gxAtY, gxAtZ));
        s.hypergradient = d;
        s.outerUpdater.descend(x, d);
        Box box = p.bounds();
        if (box != null) box.project(x);

        s.extras.put("gamma", s.gamma);
        s.extras.put("mu1", s.mu1);
        s.extras.put("theta", s.theta);
        s.extras.put("sigma", s.sigma);
        s.extras.put("slack", slack);
        s.extras.put("valueEstimate", fHat);
        s.extras.put("backtracks", (double) s.backtracks);
        if (warm) s.extras.put("warmYKept", s.warmYKept ? 1.0 : 0.0);
    }

    /** (18): z ← z − s_l (∇_y G(x,z) + μ1 z), {@code steps} times, in place. */
    public static Vec valueFunctionLoop(BilevelProblem p, Vec x, Vec z, int steps, double stepSize, double mu1) {
        for (int t = 0; t < steps; t++) {
            Vec g = p.innerGradY(x, z).axpy(mu1, z);
            z.axpy(-stepSize, g);
        }
        return NonFiniteException.check("value-function iterate z", z);
    }

    /** f̂*_μ(x) ≈ G(x,z) + μ1/2 ‖z‖² + μ2 (§1.2, (18)). */
    public static double valueEstimate(BilevelProblem p, Vec x, Vec z, double mu1, double mu2) {
        return NonFiniteException.check("value estimate f̂", p.innerValue(x, z) + 0.5 * mu1 * z.normSquared() + mu2);
    }

    /**
     * (19) with the exact barrier γ_t = σ/(f̂ − G(x,y_t)) (17), in place on an interior y whose slack is given.
     * A trial step y − s g is halved while it leaves the domain f̂ − G > 0 (the interior safeguard) and, with
     * {@code armijo}, also while it fails sufficient decrease of the barrier objective
     * B(y) = F(x,y) − σ ln(f̂ − G(x,y)) + θ/2 ‖y‖²:  B(y − s g) ≤ B(y) − 10⁻⁴ s ‖g‖². Each step starts from
     * min(s_u, 4 × the last accepted step). When no halving is accepted, y stays (a blocked step).
     */
    public static BarrierRun barrierLoop(BilevelProblem p, Vec x, Vec y, double fHat, double slack, int steps, double stepSize,
                                         double sigma, double theta, int maxHalvings, boolean armijo) {
        return barrierLoop(p, x, y, null, fHat, slack, steps, stepSize, sigma, theta, maxHalvings, armijo, false);
    }

    /**
     * The same, given ∇_y G(x,y) at the start when a fused pass has computed it (null: the loop asks for it); with
     * {@code gradXAtEnd} the last step's trials also ask ∇_x G and ∇_x F in their passes (one read of the rows each on a
     * problem that fuses), returned when a trial of the last step is taken.
     */
    static BarrierRun barrierLoop(BilevelProblem p, Vec x, Vec y, Vec gyAtStart, double fHat, double slack, int steps, double stepSize,
                                  double sigma, double theta, int maxHalvings, boolean armijo, boolean gradXAtEnd) {
        if (!(slack > 0)) throw new IllegalArgumentException("the barrier loop needs an interior start, slack " + slack);
        long halvings = 0, blocked = 0;
        double last = stepSize;
        Vec fy = null, gy = gyAtStart; // ∇_y F and ∇_y G at y, when a pass (the accepted trial's, or the start's) computed them
        Vec gx = null, fx = null; // ∇_x G and ∇_x F at y, when the last step's accepted trial computed them
        double value = 0;
        if (armijo) { // F's value at the start and, when a step follows, its y-gradient in the same pass
            Answer f0 = p.outerAt(x, y, steps > 0 ? VALUE_GRAD_Y : VALUE);
            value = barrierObjective(f0.value(), slack, y, sigma, theta);
            fy = f0.gradY();
        }
        for (int t = 0; t < steps; t++) {
            double gamma = sigma / slack;
            if (fy == null) fy = p.outerGradY(x, y);
            if (gy == null) gy = p.innerGradY(x, y);
            Vec g = fy.axpy(gamma, gy).axpy(theta, y);
            fy = null;
            gy = null;
            NonFiniteException.check("barrier gradient in y", g);
            double gg = g.normSquared();
            if (gg == 0) break;
            double s = Math.min(stepSize, 4 * last);
            boolean moved = false;
            for (int h = 0; h <= maxHalvings; h++, s *= 0.5, halvings++) {
                Vec trial = y.copy().axpy(-s, g);
                // G's value and ∇_y G at the trial in one pass: the gradient is the next step's when the trial is taken
                // the last step's ∇_y would not be used; its ∇_x are the direction's when asked for
                Request ask = t + 1 < steps ? VALUE_GRAD_Y : gradXAtEnd ? VALUE_GRAD_X : VALUE;
                Answer gt = p.innerAt(x, trial, ask);
                double trialSlack = fHat - gt.value();
                if (!(trialSlack > 0)) continue; // outside the barrier's domain: never take its log
                double trialValue = 0;
                Answer ft = null;
                if (armijo) {
                    ft = p.outerAt(x, trial, ask);
                    trialValue = barrierObjective(ft.value(), trialSlack, trial, sigma, theta);
                    if (!(trialValue <= value - 1e-4 * s * gg)) continue;
                }
                gy = gt.gradY();
                fy = ft == null ? null : ft.gradY();
                gx = gt.gradX();
                fx = ft == null ? null : ft.gradX();
                y.assign(trial);
                slack = trialSlack;
                value = trialValue;
                last = s;
                moved = true;
                break;
            }
            if (!moved) {
                blocked++;
                gx = null; // y stayed: no pass of this step was at y
                fx = null;
            }
        }
        return new BarrierRun(slack, halvings, blocked, gx, fx);
    }

    /** B(y) = F − σ ln(slack) + θ/2 ‖y‖², for a positive slack. */
    static double barrierObjective(double outer, double slack, Vec y, double sigma, double theta) {
        return outer - sigma * Math.log(slack) + 0.5 * theta * y.normSquared();
    }

    /** (19) with the code-style constant γ (§1.8): y ← y − s_u (∇_y F + γ ∇_y G + θ y). */
    public static Vec fixedGammaLoop(BilevelProblem p, Vec x, Vec y, int steps, double stepSize, double gamma, double theta) {
        for (int t = 0; t < steps; t++) {
            Vec g = p.outerGradY(x, y).axpy(gamma, p.innerGradY(x, y)).axpy(theta, y);
            y.axpy(-stepSize, g);
        }
        return NonFiniteException.check("barrier iterate y", y);
    }

    /** (20)–(21) and (16): d = ∇_x F(x,y) + γ (∇_x G(x,y) − ∇_x G(x,z)). */
    public static Vec direction(BilevelProblem p, Vec x, Vec y, Vec z, double gamma) {
        return direction(p, x, y, z, gamma, null, null, null);
    }

    /** The same, from ∇_x F(x,y), ∇_x G(x,y) and ∇_x G(x,z) where earlier passes computed them (each null: asked for here). */
    static Vec direction(BilevelProblem p, Vec x, Vec y, Vec z, double gamma, Vec fxAtY, Vec gxAtY, Vec gxAtZ) {
        Vec d = fxAtY != null ? fxAtY.copy() : p.outerGradX(x, y);
        if (gamma != 0) {
            if (gxAtY == null && gxAtZ == null) { // ∇_x G at y and z in one pass
                Answer[] g = p.innerAt(x, y, Request.GRAD_X, z, Request.GRAD_X);
                gxAtY = g[0].gradX();
                gxAtZ = g[1].gradX();
            }
            d.axpy(gamma, gxAtY != null ? gxAtY : p.innerAt(x, y, Request.GRAD_X).gradX())
                    .axpy(-gamma, gxAtZ != null ? gxAtZ : p.innerAt(x, z, Request.GRAD_X).gradX());
        }
        return d;
    }
}
