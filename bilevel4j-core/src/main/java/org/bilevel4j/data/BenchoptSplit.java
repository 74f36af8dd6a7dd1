package org.bilevel4j.data;

/**
 * benchopt's MNIST hyper-cleaning data (benchmark_bilevel, datasets/mnist.py), rebuilt draw for draw from one
 * {@link NumpyRandomState} of seed {@code random_state} (32 there):
 * <ol>
 * <li>scikit-learn's {@code train_test_split(test_size=nVal, train_size=nTrain)} on the training images: one
 * permutation of all of them; validation = its first nVal entries, train = the next nTrain;</li>
 * <li>{@code corrupted = rng.rand(nTrain) < ratio}: each training label independently with probability ratio;</li>
 * <li>{@code y_train[corrupted] = rng.randint(0, K, count)}: redrawn from all K classes, in index order.</li>
 * </ol>
 * {@code labels} are the train part's labels after corruption; {@code corrupted} marks the redrawn ones (about 1/K
 * of which keep their value).
 */
public record BenchoptSplit(int[] train, int[] val, int[] labels, boolean[] corrupted) {

    public static BenchoptSplit of(int[] allLabels, int nTrain, int nVal, double ratio, int classes, long randomState) {
        int n = allLabels.length;
        if (nTrain < 1 || nVal < 1 || (long) nTrain + nVal > n)
            throw new IllegalArgumentException("benchopt split: train " + nTrain + " + validation " + nVal + " must fit in " + n + " samples");
        if (!(ratio >= 0 && ratio <= 1)) throw new IllegalArgumentException("corruption ratio " + ratio + " outside [0, 1]");
        NumpyRandomState rng = new NumpyRandomState(randomState);
        int[] perm = rng.permutation(n);
        int[] val = java.util.Arrays.copyOfRange(perm, 0, nVal);
        int[] train = java.util.Arrays.copyOfRange(perm, nVal, nVal + nTrain);
        boolean[] corrupted = new boolean[nTrain];
        for (int i = 0; i < nTrain; i++) corrupted[i] = rng.rand() < ratio;
        int[] labels = new int[nTrain];
        for (int i = 0; i < nTrain; i++) labels[i] = allLabels[train[i]];
        for (int i = 0; i < nTrain; i++) if (corrupted[i]) labels[i] = (int) rng.randint(0, classes);
        return new BenchoptSplit(train, val, labels, corrupted);
    }
}
