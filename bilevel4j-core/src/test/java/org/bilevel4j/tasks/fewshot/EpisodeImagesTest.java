package org.bilevel4j.tasks.fewshot;

import static org.junit.jupiter.api.Assertions.*;

import org.bilevel4j.data.DenseMatrix;
import org.junit.jupiter.api.Test;

class EpisodeImagesTest {
    /** Class c's sample i is the row (c, i, c·i). */
    static DenseMatrix rows(int c) {
        float[] v = new float[20 * 3];
        for (int i = 0; i < 20; i++) { v[3 * i] = c; v[3 * i + 1] = i; v[3 * i + 2] = c * i; }
        return new DenseMatrix(20, 3, v);
    }

    @Test void rowsFollowTheEpisodeClassByClass() {
        Episode e = new Episode(new int[]{9, 4}, new int[][]{{3, 1}, {0, 7}}, new int[][]{{5}, {19}});
        EpisodeImages m = EpisodeImages.of(e, EpisodeImagesTest::rows);
        assertArrayEquals(new int[]{0, 0, 1, 1}, m.supportLabels());
        assertArrayEquals(new int[]{0, 1}, m.queryLabels());
        assertArrayEquals(new float[]{9, 3, 27, 9, 1, 9, 4, 0, 0, 4, 7, 28}, m.support().values());
        assertArrayEquals(new float[]{9, 5, 45, 4, 19, 76}, m.query().values());
        // the same rows through a sampler's episode
        Episode d = new EpisodeSampler(new int[]{1, 2, 3}, 20, 3, 2, 4, 0).next();
        EpisodeImages r = EpisodeImages.of(d, EpisodeImagesTest::rows);
        for (int row = 0; row < 6; row++) {
            int label = r.supportLabels()[row];
            assertEquals(d.classes()[label], r.support().get(row, 0));
            assertEquals(d.support()[label][row % 2], r.support().get(row, 1));
        }
        assertEquals(12, r.query().rows());
    }
}
