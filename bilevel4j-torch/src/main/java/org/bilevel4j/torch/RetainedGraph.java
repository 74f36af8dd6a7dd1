package org.bilevel4j.torch;

import java.util.Arrays;
import org.bilevel4j.vec.Vec;
import org.bytedeco.pytorch.Tensor;

/**
 * The graph of ∇_y L (built with create_graph) at one point (x, y) of one loss and one sample view, kept between
 * oracle calls: Hessian-vector products at that point along new directions v (AID-CG's iterations) are then one
 * backward of ⟨∇_y L, v⟩ each, with no new forward. One per problem, shared by its views, so at most one graph is
 * alive; it is freed when a graph at another point is built or when any oracle is called at another (x, y), so a
 * retained graph never sits beside a new call's graph. The point is compared by value (solvers update vectors in place).
 */
final class RetainedGraph {
    private double[] x, y;     // the point, in arrays reused from graph to graph
    private boolean alive;     // a graph is kept
    private boolean outer;
    private int[] view;       // sample indices of the view (null: all samples)
    private Tensor xt, yt, gy; // the leaves and ∇_y L with its graph, owned here past the scope that built them
    private boolean linear;    // ∇_y L has no graph: L is linear in y, its second derivatives are zero
    private boolean reused;    // a product was already taken from this graph

    /** True when the kept graph is that of this loss and view at (x, y). */
    boolean holds(boolean outer, int[] view, Vec x, Vec y) {
        return alive && this.outer == outer && Arrays.equals(this.view, view) && Arrays.equals(this.x, Vec.array(x))
                && Arrays.equals(this.y, Vec.array(y));
    }

    /** Frees the kept graph unless it is at (x, y) (any loss, any view). */
    void releaseUnlessAt(Vec x, Vec y) {
        if (alive && !(Arrays.equals(this.x, Vec.array(x)) && Arrays.equals(this.y, Vec.array(y)))) release();
    }

    /**
     * Keeps the graph of {@code gy} = ∇_y L built from leaves xt, yt at (x, y). Kept as owned handles (the arguments
     * may be references into vectors that the building call's pointer scope frees) with one extra reference each, so
     * that the scope does not free them; {@link #release} does. The leaves are the problem's {@link Leaves}: nothing
     * writes them at another point while this graph is kept.
     */
    void keep(boolean outer, int[] view, Vec x, Vec y, Tensor xt, Tensor yt, Tensor gy) {
        release();
        this.linear = gy == null || !gy.defined() || !gy.requires_grad();
        this.xt = new Tensor(xt).retainReference();
        this.yt = new Tensor(yt).retainReference();
        this.gy = linear ? null : new Tensor(gy).retainReference();
        this.outer = outer;
        this.view = view == null ? null : view.clone();
        this.x = KeptCopy.of(this.x, x);
        this.y = KeptCopy.of(this.y, y);
        this.reused = false;
        this.alive = true;
    }

    /** ∇_y L with its graph, or null when L is linear in y. */
    Tensor gradY() { return gy; }

    Tensor xLeaf() { return xt; }

    Tensor yLeaf() { return yt; }

    /** True from the second product taken from this graph on (marks the current one as taken). */
    boolean reuse() {
        boolean r = reused;
        reused = true;
        return r;
    }

    /** True while a graph is kept. */
    boolean alive() { return alive; }

    /** Frees the kept tensors (and with them the graph). */
    void release() {
        if (!alive) return;
        if (gy != null) gy.releaseReference();
        yt.releaseReference();
        xt.releaseReference();
        xt = yt = gy = null;
        alive = false;
        view = null;
    }
}
