package org.bilevel4j.vec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named double vectors in one binary file, for vectors too large for JSON (network parameters beside result.json,
 * large checkpoint state). Layout, all little-endian:
 * <pre>
 *   "B4JV"  (4 ASCII bytes)         int32 version = 1        int32 count
 *   count × [ int32 name length, name (UTF-8), int64 n, n × float64 ]
 * </pre>
 * Doubles are written bit for bit, so a vector reads back exactly. Written atomically (temporary file, then a move).
 */
public final class VectorFile {
    private VectorFile() {}

    static final byte[] MAGIC = {'B', '4', 'J', 'V'};
    static final int VERSION = 1;

    public static void write(Path file, Map<String, double[]> vectors) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            out.write(MAGIC);
            out.write(le(8).putInt(VERSION).putInt(vectors.size()).array());
            for (Map.Entry<String, double[]> e : vectors.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.write(le(4).putInt(name.length).array());
                out.write(name);
                double[] a = e.getValue();
                out.write(le(8).putLong(a.length).array());
                ByteBuffer b = le(8 * 4096);
                for (int i = 0; i < a.length; i += 4096) {
                    b.clear();
                    int m = Math.min(4096, a.length - i);
                    for (int j = 0; j < m; j++) b.putDouble(a[i + j]);
                    out.write(b.array(), 0, 8 * m);
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The vectors of a file, in order; IllegalArgumentException naming the file when it is not one. */
    public static Map<String, double[]> read(Path file) throws IOException {
        Map<String, double[]> out = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            byte[] magic = in.readNBytes(4);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw new IllegalArgumentException(file + " is not a bilevel4j vector file (no B4JV header)");
            ByteBuffer h = le(8).put(readExactly(in, 8)).flip();
            int version = h.getInt(), count = h.getInt();
            if (version != VERSION) throw new IllegalArgumentException(file + ": vector file version " + version + ", this build reads " + VERSION);
            for (int k = 0; k < count; k++) {
                int len = le(4).put(readExactly(in, 4)).flip().getInt();
                if (len < 0 || len > 1 << 16) throw new IllegalArgumentException(file + ": corrupt vector name length " + len);
                String name = new String(readExactly(in, len), StandardCharsets.UTF_8);
                long n = le(8).put(readExactly(in, 8)).flip().getLong();
                if (n < 0 || n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(file + ": corrupt length " + n + " of vector " + name);
                double[] a = new double[(int) n];
                ByteBuffer b = le(8 * 4096);
                for (int i = 0; i < a.length; i += 4096) {
                    int m = Math.min(4096, a.length - i);
                    b.clear();
                    b.put(readExactly(in, 8 * m)).flip();
                    for (int j = 0; j < m; j++) a[i + j] = b.getDouble();
                }
                out.put(name, a);
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + " is truncated");
        }
        return out;
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) throw new EOFException();
        return b;
    }

    private static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }
}
