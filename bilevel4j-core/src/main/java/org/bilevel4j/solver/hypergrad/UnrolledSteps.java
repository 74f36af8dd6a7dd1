package org.bilevel4j.solver.hypergrad;

/**
 * The step weights of unrolled inner dynamics (ALGORITHMS.md §5, RHG and BDA rows), step j = 0..T−1:
 * <pre>  y_{j+1} = y_j − u_j ∇_y F(x, y_j) − l_j ∇_y G(x, y_j)</pre>
 * Plain inner gradient descent (§4.2 line 3) has u_j = 0, l_j = s. BDA aggregates both levels with a
 * decaying upper weight. Reverse mode differentiates through whatever weights are given here.
 */
public interface UnrolledSteps {
    /** u_j, the weight of ∇_y F at step j (0-based). */
    double upperWeight(int j);

    /** l_j, the weight of ∇_y G at step j (0-based). */
    double lowerWeight(int j);

    /** Plain gradient descent on G: u_j = 0, l_j = s. */
    static UnrolledSteps gradientDescent(double s) {
        return new UnrolledSteps() {
            @Override public double upperWeight(int j) { return 0; }
            @Override public double lowerWeight(int j) { return s; }
        };
    }

    /**
     * BDA as in BOAT (§5): u_j = α_j s_u, l_j = (1 − α_j) s_l with α_0 = alpha0, α_{j+1} = decay·α_j.
     * The BDA paper's own α_t formula is UNVERIFIED; this schedule is BOAT's.
     */
    static UnrolledSteps bdaBoat(double su, double sl, double alpha0, double decay) {
        return new UnrolledSteps() {
            @Override public double upperWeight(int j) { return alpha0 * Math.pow(decay, j) * su; }
            @Override public double lowerWeight(int j) { return (1 - alpha0 * Math.pow(decay, j)) * sl; }
        };
    }

    /**
     * BDA as in the original BDA code (§5, boml/lower_iter/aggr.py): l_j = (1 − α) s_l with constant α, and
     * only the upper weight decays, u_j = α γ decay^j s_u (the code's 0.9^{t−1} with t = j + 1).
     */
    static UnrolledSteps bdaCode(double su, double sl, double alpha, double gamma, double decay) {
        return new UnrolledSteps() {
            @Override public double upperWeight(int j) { return alpha * gamma * Math.pow(decay, j) * su; }
            @Override public double lowerWeight(int j) { return (1 - alpha) * sl; }
        };
    }
}
