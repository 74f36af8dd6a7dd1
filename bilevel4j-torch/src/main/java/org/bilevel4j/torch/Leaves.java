package org.bilevel4j.torch;

import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * The tensors that one problem's oracles copy their vectors into, one per role (x, y, a direction in x- or in y-space), each made
 * once and written in place at every call ({@link TorchSetup#write}). A fresh tensor per call cost more than the copy
 * itself: libtorch hands large blocks back to the system, so each call paid a page fault on every page (ResNet-18's
 * 44 MB of float32: about 180 ms on the 2-core development machine). Shared by a problem's views; the caller holds the
 * problem's lock from the write until the call's graph is gone, and writes x and y only at the point of the retained
 * graph or after releasing it ({@link RetainedGraph}, which keeps these leaves).
 */
final class Leaves {
    enum Role { X, Y, X_DIRECTION, Y_DIRECTION }

    private final Tensor[] kept = new Tensor[Role.values().length];

    /**
     * The leaf of {@code role} holding {@code values} in the setup's type. With {@code requiresGrad} the kept leaf itself
     * (it records gradients; made so), else a detached view of it, freed with the caller's pointer scope. Values of
     * another length than the role's first (a caller's mistake, which the network reports) get a fresh tensor.
     */
    Tensor write(TorchSetup setup, Role role, double[] values, boolean requiresGrad) {
        Tensor t = kept[role.ordinal()];
        if (t != null && t.numel() != values.length) {
            Tensor f = setup.vector(values);
            return requiresGrad ? f.requires_grad_(true) : f;
        }
        if (t == null) {
            t = torch.empty(new long[] {values.length}, new TensorOptions(setup.dtype()), new MemoryFormatOptional());
            t.requires_grad_(role == Role.X || role == Role.Y);
            t.retainReference(); // outlives the pointer scope of the call that made it
            kept[role.ordinal()] = t;
        }
        setup.write(t, values);
        return requiresGrad ? t : t.detach();
    }
}
