package org.bilevel4j.solver;

/**
 * A run stopped because an iterate or a quantity became NaN or infinite, or grew by orders of magnitude. Carries the result up to the last
 * good iterate (its trace, x and y) so nothing is lost.
 */
public final class DivergedException extends RuntimeException {
    private final long iteration;
    private final String quantity;
    private final RunResult partial;

    public DivergedException(long iteration, String quantity, RunResult partial) {
        this(iteration, quantity, "became NaN or infinite", partial);
    }

    /** {@code what} says what happened to the quantity ("became NaN or infinite", "grew from ... to ..."). */
    public DivergedException(long iteration, String quantity, String what, RunResult partial) {
        super("diverged at iteration " + iteration + ": " + quantity + " " + what + "; the last good iterate"
                + " (iteration " + partial.iterations() + ") and the trace up to it are kept. Try smaller step sizes.");
        this.iteration = iteration;
        this.quantity = quantity;
        this.partial = partial;
    }

    public long iteration() { return iteration; }

    /** The quantity that stopped the run ("x (outer variable)", "outer value", ...). */
    public String quantity() { return quantity; }

    public RunResult partial() { return partial; }
}
