package org.bilevel4j.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reading data files that may be gzip-compressed (recognised by their magic bytes 1f 8b, not by their name). */
final class Inputs {
    private Inputs() {}

    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The file's bytes, decompressed when it is gzip; a broken gzip stream gives a CorruptDataException. */
    static byte[] readAll(Path file) throws IOException {
        if (!isGzip(file)) return Files.readAllBytes(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16, Files.size(file) * 4));
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            for (int k; (k = in.read(buf)) > 0; ) out.write(buf, 0, k);
        } catch (ZipException | EOFException e) {
            throw new CorruptDataException(file, "decompressed byte " + out.size(), "broken gzip data (" + e.getMessage() + ")", e);
        }
        return out.toByteArray();
    }

    /** A stream of the (decompressed) bytes; gzip errors surface as ZipException/EOFException while reading. */
    static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (!isGzip(file)) return raw;
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new CorruptDataException(file, "byte 0", "broken gzip header (" + e.getMessage() + ")", e);
        }
    }
}
