package org.bilevel4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A small reader of gzip-compressed tar archives (ustar, with GNU long names and pax path records), enough for
 * the tarballs `npm pack` writes. Only the regular files the caller names are written, so no entry can land
 * outside the places the caller chose.
 */
final class TarGz {
    private TarGz() {}

    /**
     * Writes each regular-file entry for which dest gives a path (null skips it); returns how many were written.
     * A broken archive gives a CorruptDataException naming the tar offset.
     */
    static int extract(Path tgz, Function<String, Path> dest) throws IOException {
        long[] offset = {0};
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
            return entries(tgz, in, dest, offset);
        } catch (ZipException | EOFException e) {
            throw new CorruptDataException(tgz, "tar offset " + offset[0], "broken gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static int entries(Path tgz, InputStream in, Function<String, Path> dest, long[] offset) throws IOException {
        byte[] h = new byte[512];
        String longName = null;
        int written = 0;
        while (true) {
            long at = offset[0];
            if (!fill(in, h, offset)) throw new CorruptDataException(tgz, "tar offset " + at, "archive ends inside a header");
            if (allZero(h)) return written;
            long sum = octal(tgz, h, 148, 8, at);
            long actual = 0;
            for (int i = 0; i < 512; i++) actual += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
            if (sum != actual) throw new CorruptDataException(tgz, "tar offset " + at, "header checksum " + sum + " but the header sums to " + actual);
            long size = octal(tgz, h, 124, 12, at);
            char type = (char) h[156];
            String name = longName != null ? longName : join(text(h, 345, 155), text(h, 0, 100));
            longName = null;
            if (type == 'L' || type == 'x') {
                byte[] meta = bytes(tgz, in, size, offset);
                skipPadding(tgz, in, size, offset);
                longName = type == 'L' ? new String(meta, StandardCharsets.UTF_8).replace("\0", "") : paxPath(meta);
                continue;
            }
            Path target = (type == '0' || type == '\0' || type == '7') ? dest.apply(name) : null;
            if (target != null) {
                Files.createDirectories(target.toAbsolutePath().getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    copy(tgz, in, out, size, offset);
                }
                written++;
            } else {
                copy(tgz, in, OutputStream.nullOutputStream(), size, offset);
            }
            skipPadding(tgz, in, size, offset);
        }
    }

    private static String paxPath(byte[] meta) {
        // records "LEN key=value\n"
        for (String rec : new String(meta, StandardCharsets.UTF_8).split("\n")) {
            int sp = rec.indexOf(' ');
            if (sp > 0 && rec.startsWith("path=", sp + 1)) return rec.substring(sp + 6);
        }
        return null;
    }

    private static String join(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "/" + name; }

    private static String text(byte[] h, int from, int len) {
        int end = from;
        while (end < from + len && h[end] != 0) end++;
        return new String(h, from, end - from, StandardCharsets.UTF_8);
    }

    private static long octal(Path tgz, byte[] h, int from, int len, long at) throws IOException {
        if ((h[from] & 0x80) != 0) { // base-256 (GNU) for large sizes
            long v = h[from] & 0x7f;
            for (int i = from + 1; i < from + len; i++) v = (v << 8) | (h[i] & 0xff);
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = from; i < from + len; i++) {
            int c = h[i];
            if (c == 0 || (c == ' ' && digits)) break;
            if (c == ' ') continue;
            if (c < '0' || c > '7') throw new CorruptDataException(tgz, "tar offset " + (at + i), "not an octal digit in a header field");
            v = v * 8 + (c - '0');
            digits = true;
            if (v > (1L << 40)) throw new CorruptDataException(tgz, "tar offset " + (at + i), "header field too large");
        }
        return v;
    }

    private static boolean allZero(byte[] h) {
        for (byte b : h) if (b != 0) return false;
        return true;
    }

    private static boolean fill(InputStream in, byte[] b, long[] offset) throws IOException {
        int n = in.readNBytes(b, 0, b.length);
        offset[0] += n;
        return n == b.length;
    }

    private static byte[] bytes(Path tgz, InputStream in, long size, long[] offset) throws IOException {
        if (size > (1 << 20)) throw new CorruptDataException(tgz, "tar offset " + offset[0], "metadata entry of " + size + " bytes");
        byte[] b = new byte[(int) size];
        if (!fill(in, b, offset)) throw new CorruptDataException(tgz, "tar offset " + offset[0], "archive ends inside an entry");
        return b;
    }

    private static void copy(Path tgz, InputStream in, OutputStream out, long size, long[] offset) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int k = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (k < 0) throw new CorruptDataException(tgz, "tar offset " + offset[0], "archive ends inside an entry");
            out.write(buf, 0, k);
            left -= k;
            offset[0] += k;
        }
    }

    private static void skipPadding(Path tgz, InputStream in, long size, long[] offset) throws IOException {
        int pad = (int) ((512 - size % 512) % 512);
        if (pad > 0 && !fill(in, new byte[pad], offset)) throw new CorruptDataException(tgz, "tar offset " + offset[0], "archive ends inside padding");
    }
}
