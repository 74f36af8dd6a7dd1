package org.bilevel4j.tasks.fewshot;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.bilevel4j.data.DenseMatrix;
import org.junit.jupiter.api.Test;

class PixelNearestNeighbourTest {
    /** Class c's sample i is the 2-pixel point (c, i/100): nearest neighbours always share the class. */
    static DenseMatrix points(int c) {
        float[] v = new float[2 * 4];
        for (int i = 0; i < 4; i++) { v[2 * i] = c; v[2 * i + 1] = i / 100f; }
        return new DenseMatrix(4, 2, v);
    }

    @Test void separatedClassesScoreOneAndSwappedLabelsScoreZero() {
        Episode e = new Episode(new int[]{3, 7}, new int[][]{{0}, {1}}, new int[][]{{2, 3}, {0, 2}});
        assertEquals(1.0, PixelNearestNeighbour.accuracy(e, PixelNearestNeighbourTest::points));
        // every query drawn where the other class's support sample is: all wrong
        DenseMatrix m3 = new DenseMatrix(4, 2, new float[]{3, 0, 0, 0, 7, 0, 7, 0}), m7 = new DenseMatrix(4, 2, new float[]{3, 0, 7, 0, 3, 0, 0, 0});
        assertEquals(0.0, PixelNearestNeighbour.accuracy(e, c -> c == 3 ? m3 : m7), 0.0);
        // one class's queries right, the other's wrong: class 7 renders like class 3 except its support sample
        Episode f = new Episode(new int[]{3, 7}, new int[][]{{0}, {0}}, new int[][]{{1}, {1}});
        DenseMatrix near = new DenseMatrix(4, 2, new float[]{7, 0, 3, 0.01f, 3, 0.02f, 3, 0.03f});
        assertEquals(0.5, PixelNearestNeighbour.accuracy(f, c -> c == 3 ? points(3) : near));
    }

    @Test void summaryIsMeanAndNormalHalfWidth() {
        PixelNearestNeighbour.Score s = PixelNearestNeighbour.summary(new double[]{0.5, 1.0, 0.0, 0.5});
        assertEquals(0.5, s.mean(), 1e-15);
        assertEquals(1.96 * Math.sqrt(0.5 / 3) / 2, s.ci95(), 1e-15); // sample variance (0 + .25 + .25 + 0)/3
        assertEquals(1.0, PixelNearestNeighbour.score(List.of(new Episode(new int[]{1, 2}, new int[][]{{0}, {0}}, new int[][]{{1}, {1}})),
                PixelNearestNeighbourTest::points).mean());
    }
}
