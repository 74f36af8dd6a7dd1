package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzTest {
    @TempDir Path dir;

    /** One ustar entry: 512-byte header (POSIX layout) and the data padded to 512. */
    static void entry(ByteArrayOutputStream out, String name, char type, byte[] data) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", data.length));
        put(h, 136, "00000000000");
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        int sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        out.writeBytes(h);
        out.writeBytes(data);
        out.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    static void put(byte[] h, int at, String s) { byte[] b = s.getBytes(StandardCharsets.US_ASCII); System.arraycopy(b, 0, h, at, b.length); }

    static byte[] archive() throws IOException {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        entry(t, "package/", '5', new byte[0]);
        entry(t, "package/data/a.txt", '0', "hello".getBytes(StandardCharsets.US_ASCII));
        entry(t, "package/readme.md", '0', new byte[700]);
        String longName = "package/data/" + "x".repeat(120) + ".txt";
        String rec = " path=" + longName + "\n";
        int len = rec.length() + 3; // the record length counts its own digits
        entry(t, "PaxHeader", 'x', (len + rec).getBytes(StandardCharsets.UTF_8));
        entry(t, "ignored-short-name", '0', "long".getBytes(StandardCharsets.US_ASCII));
        t.writeBytes(new byte[1024]);
        return Fuzz.gzip(t.toByteArray());
    }

    @Test void extractsChosenRegularFilesIncludingPaxLongNames() throws IOException {
        Path tgz = Fuzz.write(dir, "p.tgz", archive());
        Path out = dir.resolve("out");
        int n = TarGz.extract(tgz, name -> name.startsWith("package/data/") ? out.resolve(name.substring(13)) : null);
        assertEquals(2, n);
        assertEquals("hello", Files.readString(out.resolve("a.txt")));
        assertEquals("long", Files.readString(out.resolve("x".repeat(120) + ".txt")));
        assertFalse(Files.exists(out.resolve("readme.md")));
    }

    @Test void brokenArchivesFailNamingFileAndOffset() throws IOException {
        byte[] good = archive();
        Random rng = new Random(23);
        int loaded = 0, failed = 0;
        for (int t = 0; t < 300; t++) {
            Path tgz = Fuzz.write(dir, "f.tgz", Fuzz.mutate(good, rng, new byte[]{0, 1, (byte) 0xff}));
            Path out = dir.resolve("o" + t);
            try {
                TarGz.extract(tgz, name -> name.startsWith("package/data/") ? out.resolve(name.substring(13)) : null);
                assertEquals("hello", Files.readString(out.resolve("a.txt"))); // CRC passed: the original archive
                loaded++;
            } catch (IOException e) {
                Fuzz.assertClearError(e, tgz);
                failed++;
            }
        }
        System.out.println("tar.gz fuzz: " + loaded + " loaded, " + failed + " clear errors");
        assertTrue(failed > 100);
    }
}
