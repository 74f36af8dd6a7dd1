package org.bilevel4j.torch.tasks;

import org.bilevel4j.data.LabeledData;
import org.bilevel4j.torch.TorchSetup;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * One labeled data part as network inputs: rows of features (n × d) or, for a convolutional network, one-channel
 * square images (n × 1 × s × s, s² = d: MNIST's 784 pixels as 28 × 28).
 */
public record NetData(Tensor inputs, Tensor labels, int[] labelArray, int n) {
    public static NetData of(LabeledData d, TorchSetup setup, boolean image) {
        int cols = d.x().cols();
        double[] v = LogisticTorch.dense(d.x());
        Tensor in = image ? setup.tensor(v, d.size(), 1, side(cols), side(cols)) : setup.tensor(v, d.size(), cols);
        return new NetData(in, TorchSetup.longs(d.labels()), d.labels().clone(), d.size());
    }

    /** The side of square images of {@code pixels} pixels; an {@link IllegalArgumentException} when they are not square. */
    public static int side(int pixels) {
        int s = (int) Math.round(Math.sqrt(pixels));
        if (s * s != pixels) throw new IllegalArgumentException("model=cnn needs square one-channel images (mnist, fashion-mnist); these samples have "
                + pixels + " features");
        return s;
    }

    /** Fraction of rows whose largest output is the label, and the per-class recall averaged over the classes present. */
    static double[] accuracies(Tensor logits, int[] labels) {
        Tensor pred = logits.argmax(new org.bytedeco.pytorch.LongOptional(1), false).to(torch.ScalarType.Double);
        double[] p = TorchSetup.read(pred, labels.length);
        int k = 0;
        for (int l : labels) k = Math.max(k, l + 1);
        int[] right = new int[k], total = new int[k];
        int all = 0;
        for (int i = 0; i < labels.length; i++) {
            total[labels[i]]++;
            if ((int) p[i] == labels[i]) { right[labels[i]]++; all++; }
        }
        double bal = 0;
        int present = 0;
        for (int c = 0; c < k; c++) if (total[c] > 0) { bal += (double) right[c] / total[c]; present++; }
        return new double[] {(double) all / labels.length, bal / present};
    }
}
