package org.bilevel4j.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reader of IDX files (the MNIST format), plain or gzip: a 4-byte magic 00 00 TYPE NDIMS, NDIMS big-endian
 * 32-bit sizes, then the values. Only unsigned-byte data (TYPE 0x08) is read, which is what MNIST-like sets use.
 * The declared sizes must match the file length exactly; otherwise the error names the file and byte offset.
 */
public final class Idx {
    private Idx() {}

    /** Images (NDIMS ≥ 2): one row per image, its pixels flattened, scaled from 0..255 to [0, 1]. */
    public static DenseMatrix images(Path file) throws IOException {
        byte[] b = Inputs.readAll(file);
        long[] dims = header(file, b, 2, 4);
        long cols = 1;
        for (int i = 1; i < dims.length; i++) cols *= dims[i];
        int rows = (int) dims[0];
        int start = 4 + 4 * dims.length;
        float[] v = new float[(int) (rows * cols)];
        for (int i = 0; i < v.length; i++) v[i] = (b[start + i] & 0xff) / 255f;
        return new DenseMatrix(rows, (int) cols, v);
    }

    /** Labels (NDIMS = 1), each 0..255. */
    public static int[] labels(Path file) throws IOException {
        byte[] b = Inputs.readAll(file);
        long[] dims = header(file, b, 1, 1);
        int[] l = new int[(int) dims[0]];
        for (int i = 0; i < l.length; i++) l[i] = b[8 + i] & 0xff;
        return l;
    }

    /** Checks magic, type, rank and length; returns the sizes. */
    private static long[] header(Path file, byte[] b, int minDims, int maxDims) throws IOException {
        String where = Inputs.isGzip(file) ? " (of the decompressed data)" : "";
        if (b.length < 4) throw new CorruptDataException(file, "byte " + b.length + where, "file ends inside the 4-byte IDX magic");
        if (b[0] != 0 || b[1] != 0)
            throw new CorruptDataException(file, "byte 0" + where, String.format("not an IDX file: magic starts %02x %02x, expected 00 00", b[0] & 0xff, b[1] & 0xff));
        if (b[2] != 0x08)
            throw new CorruptDataException(file, "byte 2" + where, String.format("element type 0x%02x; only unsigned bytes (0x08) are supported", b[2] & 0xff));
        int nd = b[3] & 0xff;
        if (nd < minDims || nd > maxDims)
            throw new CorruptDataException(file, "byte 3" + where, nd + " dimensions; expected " + (minDims == maxDims ? "" + minDims : minDims + " to " + maxDims));
        int start = 4 + 4 * nd;
        if (b.length < start) throw new CorruptDataException(file, "byte " + b.length + where, "file ends inside the header of " + start + " bytes");
        long[] dims = new long[nd];
        long total = 1;
        for (int i = 0; i < nd; i++) {
            int p = 4 + 4 * i;
            dims[i] = ((b[p] & 0xffL) << 24) | ((b[p + 1] & 0xffL) << 16) | ((b[p + 2] & 0xffL) << 8) | (b[p + 3] & 0xffL);
            if (dims[i] > Integer.MAX_VALUE) throw new CorruptDataException(file, "byte " + p + where, "size " + dims[i] + " too large");
            total *= dims[i];
            if (total > Integer.MAX_VALUE - 64) throw new CorruptDataException(file, "byte " + p + where, "declared sizes multiply past 2^31 values");
        }
        long end = start + total;
        if (b.length < end)
            throw new CorruptDataException(file, "byte " + b.length + where, "truncated: the header declares " + total + " values ending at byte " + end);
        if (b.length > end)
            throw new CorruptDataException(file, "byte " + end + where, (b.length - end) + " bytes after the " + total + " declared values");
        return dims;
    }
}
