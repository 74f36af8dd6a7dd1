package org.bilevel4j.problem;

/** The oracle kinds a solver may call; each call is counted by kind. Names are those of result.json. */
public enum Oracle {
    outerValue, innerValue, outerGradX, outerGradY, innerGradX, innerGradY,
    /** ∇²_yy G · v */
    innerHvp,
    /** ∇²_xy G · v or its transpose ∇²_yx G · u */
    innerCross,
    /** ∇²_yy F · v (only methods that differentiate through the outer gradient, such as BDA) */
    outerHvp,
    /** ∇²_xy F · v */
    outerCross
}
