package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.opt.UpdateRule;
import org.bilevel4j.problem.Box;
import org.bilevel4j.vec.Vec;

/** How the outer loop moves x along a hypergradient estimate (an update rule, or HOAG's adaptive step). */
public interface OuterStep {
    /** Called once by init. */
    default void init(HypergradientDescent.State s) {}

    /** x ← Proj(x − step(g)). */
    void apply(HypergradientDescent.State s, Vec g);

    /** The default: a first-order update rule (SGD, momentum, Adam) followed by projection onto the x box. */
    static OuterStep of(UpdateRule rule) {
        return new OuterStep() {
            @Override public void init(HypergradientDescent.State s) { s.outerUpdater = rule.init(s.x); }

            @Override public void apply(HypergradientDescent.State s, Vec g) {
                s.outerUpdater.descend(s.x, g);
                Box box = s.problem.bounds();
                if (box != null) box.project(s.x);
            }
        };
    }
}
