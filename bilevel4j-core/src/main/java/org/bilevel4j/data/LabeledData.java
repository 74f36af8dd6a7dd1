package org.bilevel4j.data;

/**
 * Samples with features and either class labels (0..numClasses−1) or real targets (regression; labels
 * null and numClasses 0).
 */
public record LabeledData(Features x, int[] labels, int numClasses, double[] targets) {
    public LabeledData {
        int n = x.rows();
        if (labels != null && labels.length != n) throw new IllegalArgumentException(n + " rows but " + labels.length + " labels");
        if (targets != null && targets.length != n) throw new IllegalArgumentException(n + " rows but " + targets.length + " targets");
        if (labels != null) for (int l : labels) if (l < 0 || l >= numClasses)
            throw new IllegalArgumentException("label " + l + " outside 0.." + (numClasses - 1));
    }

    public static LabeledData classification(Features x, int[] labels, int numClasses) { return new LabeledData(x, labels, numClasses, null); }

    public static LabeledData regression(Features x, double[] targets) { return new LabeledData(x, null, 0, targets); }

    public int size() { return x.rows(); }

    /** The same samples with dense features (this when they are dense already). */
    public LabeledData dense() { return x instanceof CsrMatrix m ? new LabeledData(m.toDense(), labels, numClasses, targets) : this; }

    public LabeledData subset(int[] idx) {
        int[] l = null;
        double[] t = null;
        if (labels != null) { l = new int[idx.length]; for (int i = 0; i < idx.length; i++) l[i] = labels[idx[i]]; }
        if (targets != null) { t = new double[idx.length]; for (int i = 0; i < idx.length; i++) t[i] = targets[idx[i]]; }
        return new LabeledData(x.selectRows(idx), l, numClasses, t);
    }
}
