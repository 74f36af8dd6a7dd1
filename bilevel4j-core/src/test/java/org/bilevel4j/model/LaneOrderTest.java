package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bilevel4j.data.DenseMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The SIMD kernels' dot products in the order they promise on every JVM: lane k of the accumulator runs the FMAs of the
 * features j ≡ k (mod L) in order, the lanes are then summed in lane order from 0, ((0 + a_0) + a_1) + … + a_{L−1}, and the
 * features past the last full vector and the bias are added in double. The kernels' results must equal this emulation
 * bit for bit. JDK 17's {@code reduceLanes(ADD)} sums in that order too, but JDK 25's C2 does not, so a kernel using it
 * gave other bits once compiled (README, "Which Java"); the second check keeps it out of the core.
 */
class LaneOrderTest {
    @ParameterizedTest
    @CsvSource({"10,64,false,4", "10,45,true,4", "7,37,true,4", "3,16,false,4", "1,21,false,4", "10,64,false,3", "7,37,true,1"})
    void floatDotsAreTheLaneOrderSums(int m, int d, boolean bias, int count) {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        int L = DenseRowsFloatSimd.L, stride = d + (bias ? 1 : 0);
        DenseMatrix x = matrix(9, d, 1);
        double[] w = weights(m * stride, 2);
        RowKernel kernel = SimdSupport.dense(x, Precision.FLOAT);
        assertTrue(kernel.describe().contains("float32"), kernel.describe());
        int[] rows = {7, 2, 5, 0};
        double[] z = dots(kernel, m, stride, bias, w, rows, count);
        int up = d / L * L;
        for (int r = 0; r < count; r++)
            for (int c = 0; c < m; c++) {
                float[] lanes = new float[L];
                for (int j = 0; j < up; j++) lanes[j % L] = Math.fma(x.get(rows[r], j), (float) w[c * stride + j], lanes[j % L]);
                float s = 0f;
                for (float a : lanes) s += a;
                double t = bias ? w[c * stride + d] : 0;
                for (int j = up; j < d; j++) t += x.get(rows[r], j) * w[c * stride + j];
                double expected = up < d || bias ? (double) s + t : s;
                assertEquals(expected, z[r * m + c], 0.0, "row " + r + ", output " + c);
            }
    }

    @ParameterizedTest
    @CsvSource({"10,64,false,4", "10,45,true,4", "7,37,true,4", "4,16,false,4", "1,21,false,4", "10,64,false,3", "7,37,true,2"})
    void doubleDotsAreTheLaneOrderSums(int m, int d, boolean bias, int count) {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        DenseMatrix x = matrix(9, d, 3);
        RowKernel kernel = SimdSupport.dense(x, Precision.DOUBLE);
        assumeTrue(kernel instanceof DenseRowsSimd, "no double SIMD kernel here: " + kernel.describe());
        int L = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length(), stride = d + (bias ? 1 : 0);
        double[] w = weights(m * stride, 4);
        int[] rows = {1, 8, 3, 6};
        double[] z = dots(kernel, m, stride, bias, w, rows, count);
        int up = d / L * L;
        for (int r = 0; r < count; r++)
            for (int c = 0; c < m; c++) {
                // a full tile: one accumulator; a partial tile's rows: two, over alternate vectors, added lane by lane
                double[] a = new double[L], b = new double[L];
                int j = 0;
                if (count < 4)
                    for (; j + L < up; j += 2 * L)
                        for (int k = 0; k < L; k++) {
                            a[k] = Math.fma(x.get(rows[r], j + k), w[c * stride + j + k], a[k]);
                            b[k] = Math.fma(x.get(rows[r], j + L + k), w[c * stride + j + L + k], b[k]);
                        }
                for (; j < up; j += L)
                    for (int k = 0; k < L; k++) a[k] = Math.fma(x.get(rows[r], j + k), w[c * stride + j + k], a[k]);
                double s = 0;
                for (int k = 0; k < L; k++) s += count < 4 ? a[k] + b[k] : a[k];
                double t = bias && count == 4 ? w[c * stride + d] : 0;
                for (j = up; j < d; j++) t += (double) x.get(rows[r], j) * w[c * stride + j];
                double expected = count == 4 ? s + t : s + t + (bias ? w[c * stride + d] : 0);
                assertEquals(expected, z[r * m + c], 0.0, "row " + r + ", output " + c);
            }
    }

    /** No core class calls reduceLanes (its UTF-8 constant is absent; reduceLanesToLong, exact for XOR, is another name). */
    @Test void noCoreClassCallsReduceLanes() throws IOException, URISyntaxException {
        Path root = CoreClassFiles.root();
        List<String> found = new ArrayList<>();
        for (Path f : CoreClassFiles.all()) if (callsReduceLanes(Files.readAllBytes(f))) found.add(root.relativize(f).toString());
        assertTrue(found.isEmpty(), "classes that sum lanes with reduceLanes: " + found);
    }

    @Test void theCheckSeesAReduceLanesCall() throws IOException {
        try (InputStream in = Helper.class.getResourceAsStream("LaneOrderTest$Helper.class")) {
            assertTrue(callsReduceLanes(in.readAllBytes()));
        }
        try (InputStream in = LogisticModel.class.getResourceAsStream("DenseRowsByteSimd.class")) {
            byte[] b = in.readAllBytes();
            assertTrue(new String(b, StandardCharsets.ISO_8859_1).contains("reduceLanesToLong"), "the byte kernel's XOR of lanes");
            assertFalse(callsReduceLanes(b), "reduceLanesToLong is another name");
        }
    }

    /** Whether the class file's constant pool has the UTF-8 entry "reduceLanes" (tag 1, length 11, the bytes). */
    private static boolean callsReduceLanes(byte[] b) {
        // built at run time: a literal would put the constant into this class's own file
        byte[] name = String.join("", "reduce", "Lanes").getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + 3 + name.length <= b.length; i++) {
            if (b[i] != 1 || b[i + 1] != 0 || b[i + 2] != name.length) continue;
            for (int k = 0; k < name.length; k++) if (b[i + 3 + k] != name[k]) continue outer;
            return true;
        }
        return false;
    }

    /** What the check must catch (test code: not walked). */
    static final class Helper {
        static float sum(jdk.incubator.vector.FloatVector v) { return v.reduceLanes(jdk.incubator.vector.VectorOperators.ADD); }
    }

    private static double[] dots(RowKernel kernel, int m, int stride, boolean bias, double[] w, int[] rows, int count) {
        RowKernel.Tiles t = kernel.tiles(m, stride, bias, new double[m * stride]);
        t.load(rows, count);
        double[] z = new double[count * m];
        t.dots(w, z);
        t.finish();
        return z;
    }

    /** Features of mixed signs and scales, so that another summation order changes the bits. */
    private static DenseMatrix matrix(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-3, 4)));
        return new DenseMatrix(n, d, v);
    }

    private static double[] weights(int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[len];
        for (int i = 0; i < len; i++) w[i] = r.nextGaussian();
        return w;
    }
}
