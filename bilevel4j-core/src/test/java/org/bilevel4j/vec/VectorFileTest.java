package org.bilevel4j.vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binary vector format reads back bit for bit, has the documented layout, and rejects what is not one. */
class VectorFileTest {
    @Test
    void roundTripIsBitExactAndTheLayoutIsTheDocumentedOne(@TempDir Path tmp) throws IOException {
        double[] big = new double[10_000];
        for (int i = 0; i < big.length; i++) big[i] = Math.sin(i) * 1e-300 * (i % 7);
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("x", new double[] {Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE, 1.0 / 3});
        m.put("y", big);
        m.put("empty", new double[0]);
        Path f = tmp.resolve("v.bin");
        VectorFile.write(f, m);
        Map<String, double[]> r = VectorFile.read(f);
        assertEquals(m.keySet(), r.keySet());
        for (String k : m.keySet()) {
            long[] a = java.util.Arrays.stream(m.get(k)).mapToLong(Double::doubleToRawLongBits).toArray();
            long[] b = java.util.Arrays.stream(r.get(k)).mapToLong(Double::doubleToRawLongBits).toArray();
            assertArrayEquals(a, b, k);
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(4 + 4 + 4 + (4 + 1 + 8 + 5 * 8) + (4 + 1 + 8 + 10_000 * 8) + (4 + 5 + 8), b.capacity());
        assertEquals('B', b.get(0));
        assertEquals(1, b.getInt(4));
        assertEquals(3, b.getInt(8));
        assertEquals(1, b.getInt(12));
        assertEquals('x', b.get(16));
        assertEquals(5, b.getLong(17));
        assertEquals(1.0 / 3, b.getDouble(25 + 4 * 8));
    }

    @Test
    void aFileThatIsNotOneOrIsTruncatedIsRejected(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("bad.bin");
        Files.writeString(f, "hello world");
        assertThrows(IllegalArgumentException.class, () -> VectorFile.read(f));
        VectorFile.write(f, Map.of("y", new double[100]));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 8));
        assertThrows(IllegalArgumentException.class, () -> VectorFile.read(f));
    }
}
