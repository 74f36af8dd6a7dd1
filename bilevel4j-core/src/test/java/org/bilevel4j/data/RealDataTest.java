package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks on the real data sets, each run only when that set has been fetched into the cache (skipped, with a
 * message saying how to fetch it, otherwise). A fetched set is verified against its checksums first.
 */
class RealDataTest {
    static Path fetched(String name) throws IOException {
        String msg = name + " not fetched: run ./bilevel data fetch " + name;
        boolean ok = Datasets.isFetched(name);
        if (!ok) System.out.println(msg);
        Assumptions.assumeTrue(ok, msg);
        Datasets.verify(name);
        return Datasets.dir(name);
    }

    static int[] counts(int[] labels, int k) {
        int[] c = new int[k];
        for (int l : labels) c[l]++;
        return c;
    }

    static void assertPixels(DenseMatrix x) {
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float v : x.values()) { min = Math.min(min, v); max = Math.max(max, v); }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test void mnist() throws IOException {
        MnistLike.TrainTest d = MnistLike.load(fetched("mnist"));
        assertEquals(60000, d.train().size());
        assertEquals(10000, d.test().size());
        assertEquals(784, d.train().x().cols());
        assertArrayEquals(new int[]{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, java.util.Arrays.copyOf(d.train().labels(), 10));
        assertArrayEquals(new int[]{5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, counts(d.train().labels(), 10));
        assertArrayEquals(new int[]{980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, counts(d.test().labels(), 10));
        assertPixels((DenseMatrix) d.train().x());
        // the hyper-cleaning setup of ALGORITHMS.md §1.10: balanced 5000/5000, half of the training labels corrupted
        int[][] parts = Splits.balancedSplit(d.train().labels(), 1, 5000, 5000);
        LabeledData train = d.train().subset(parts[0]);
        assertArrayEquals(new int[]{500, 500, 500, 500, 500, 500, 500, 500, 500, 500}, counts(train.labels(), 10));
        LabelNoise.Corrupted c = LabelNoise.corrupt(train.labels(), 0.5, 10, 2, LabelNoise.Mode.DIFFERENT);
        assertEquals(2500, c.count());
    }

    @Test void fashionMnist() throws IOException {
        MnistLike.TrainTest d = MnistLike.load(fetched("fashion-mnist"));
        assertEquals(60000, d.train().size());
        assertEquals(10000, d.test().size());
        for (int c : counts(d.train().labels(), 10)) assertEquals(6000, c);
        for (int c : counts(d.test().labels(), 10)) assertEquals(1000, c);
        assertPixels((DenseMatrix) d.test().x());
    }

    @Test void sklearn() throws IOException {
        Path dir = fetched("sklearn");
        LabeledData digits = Sklearn.load(dir, "digits");
        assertEquals(1797, digits.size());
        assertEquals(64, digits.x().cols());
        assertEquals(10, digits.numClasses());
        LabeledData bc = Sklearn.load(dir, "breast_cancer");
        assertEquals(30, bc.x().cols());
        assertArrayEquals(new int[]{212, 357}, counts(bc.labels(), 2));
        LabeledData iris = Sklearn.load(dir, "iris");
        assertArrayEquals(new int[]{50, 50, 50}, counts(iris.labels(), 3));
        assertEquals(4, iris.x().cols());
        LabeledData wine = Sklearn.load(dir, "wine");
        assertArrayEquals(new int[]{59, 71, 48}, counts(wine.labels(), 3));
        assertEquals(13, wine.x().cols());
        LabeledData diabetes = Sklearn.load(dir, "diabetes");
        assertEquals(442, diabetes.size());
        assertEquals(10, diabetes.x().cols());
        assertNull(diabetes.labels());
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (double t : diabetes.targets()) { min = Math.min(min, t); max = Math.max(max, t); }
        assertEquals(25, min);
        assertEquals(346, max);
    }

    /** 6046 e-mails; tf-idf with a nearest-centroid rule separates ham from spam well, so texts and labels line up. */
    @Test void spam() throws IOException {
        Spam.Texts all = Spam.load(fetched("spam"));
        assertEquals(6046, all.size());
        assertArrayEquals(new int[]{4150, 1896}, counts(all.labels(), 2));
        int[][] parts = Splits.balancedSplit(all.labels(), 3, 800, 400);
        Spam.Texts tr = all.subset(parts[0]), te = all.subset(parts[1]);
        List<LabeledData> xs = Spam.tfIdf(tr, 3, tr, te);
        CsrMatrix xtr = (CsrMatrix) xs.get(0).x(), xte = (CsrMatrix) xs.get(1).x();
        double[][] centroid = new double[2][xtr.cols()];
        for (int i = 0; i < xtr.rows(); i++)
            for (int p = xtr.rowPtr()[i]; p < xtr.rowPtr()[i + 1]; p++) centroid[tr.labels()[i]][xtr.colIdx()[p]] += xtr.values()[p];
        int right = 0;
        for (int i = 0; i < xte.rows(); i++) {
            double[] s = new double[2];
            for (int c = 0; c < 2; c++) {
                double n = 0;
                for (double v : centroid[c]) n += v * v;
                for (int p = xte.rowPtr()[i]; p < xte.rowPtr()[i + 1]; p++) s[c] += centroid[c][xte.colIdx()[p]] * xte.values()[p];
                s[c] /= Math.sqrt(n);
            }
            if ((s[1] > s[0] ? 1 : 0) == te.labels()[i]) right++;
        }
        double acc = right / (double) xte.rows();
        System.out.println("spam nearest-centroid tf-idf accuracy " + acc + ", vocabulary " + xtr.cols());
        assertTrue(acc > 0.85, "accuracy " + acc);
    }
}
