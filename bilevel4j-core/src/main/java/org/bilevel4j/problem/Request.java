package org.bilevel4j.problem;

import java.util.ArrayList;
import java.util.List;

/**
 * What a fused oracle call asks for at one point: the value and / or the x- and y-gradients of G (or F). A problem
 * may answer all of them in one pass over its samples ({@link BilevelProblem#innerAt}); each part asked is still
 * counted as one call of its kind.
 */
public record Request(boolean value, boolean gradX, boolean gradY) {
    /** ∇_x and ∇_y. */
    public static final Request GRADS = new Request(false, true, true);
    /** ∇_x only. */
    public static final Request GRAD_X = new Request(false, true, false);
    /** ∇_y only. */
    public static final Request GRAD_Y = new Request(false, false, true);

    public Request {
        if (!value && !gradX && !gradY) throw new IllegalArgumentException("a request must ask for the value or a gradient");
    }

    /** The oracle kinds asked, of the inner problem G (inner) or the outer F (!inner). */
    public List<Oracle> kinds(boolean inner) {
        List<Oracle> k = new ArrayList<>(3);
        if (value) k.add(inner ? Oracle.innerValue : Oracle.outerValue);
        if (gradX) k.add(inner ? Oracle.innerGradX : Oracle.outerGradX);
        if (gradY) k.add(inner ? Oracle.innerGradY : Oracle.outerGradY);
        return k;
    }
}
