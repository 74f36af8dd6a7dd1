package org.bilevel4j.solver.penalty;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.vec.Vec;

/** x := Proj_X(x) when the problem has a box on x (no-op otherwise). */
final class ProjectX {
    private ProjectX() {}

    static Vec apply(BilevelProblem p, Vec x) {
        Box box = p.bounds();
        if (box != null) box.project(x);
        return x;
    }
}
