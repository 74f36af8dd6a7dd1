package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reduction of row blocks' accumulators ({@link RowBlocks#addBlocks}): for every j the blocks are added in block order,
 * so the sum has the bits of one serial loop whether the vector is split into parallel parts or not. The terms span twelve
 * orders of magnitude and both signs, so another order, a lost part or a part added twice changes bits.
 */
class RowBlocksTest {
    @ParameterizedTest
    @CsvSource({"1000,5", "65536,2", "200003,8", "131072,1"})
    void blocksAreAddedInOrderInEveryPart(int length, int blocks) {
        SplittableRandom r = new SplittableRandom(length + blocks);
        double[][] acc = new double[blocks][length];
        for (double[] a : acc) for (int j = 0; j < length; j++) a[j] = (r.nextBoolean() ? 1 : -1) * Math.pow(10, 12 * r.nextDouble() - 6);
        double[] expected = acc[0].clone();
        for (int b = 1; b < blocks; b++) for (int j = 0; j < length; j++) expected[j] += acc[b][j];
        double[] out = acc[0].clone();
        double[][] sums = acc.clone();
        sums[0] = out;
        RowBlocks.addBlocks(out, sums);
        for (int j = 0; j < length; j++)
            assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(out[j]), "entry " + j + " of " + length);
        if (blocks > 2) {
            double[] reversed = acc[0].clone();
            for (int b = blocks - 1; b >= 1; b--) for (int j = 0; j < length; j++) reversed[j] += acc[b][j];
            assertFalse(java.util.Arrays.equals(reversed, out), "the terms are such that the order shows");
        }
    }
}
