package org.bilevel4j.torch.tasks;

import org.bytedeco.pytorch.global.torch;

/**
 * libtorch's oneDNN (MKL-DNN) kernels switched off for the duration of a fewshot oracle call, and restored after. With
 * them, float32 conv-4 gradients on this machine's CPU came back NaN in about 1 call in 300 at ordinary points (1-3 of
 * 600 in a stress test, never in float64, none of 600 with oneDNN off); libtorch's own CPU convolution then runs instead.
 * Other torch problems in the same process keep the setting they had.
 */
final class OneDnnOff implements AutoCloseable {
    private final boolean was;

    private OneDnnOff() {
        was = torch.globalContext().userEnabledMkldnn();
        if (was) torch.globalContext().setUserEnabledMkldnn(false);
    }

    static OneDnnOff now() { return new OneDnnOff(); }

    @Override public void close() {
        if (was) torch.globalContext().setUserEnabledMkldnn(true);
    }
}
