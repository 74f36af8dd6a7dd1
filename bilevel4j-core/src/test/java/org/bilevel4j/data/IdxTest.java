package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir Path dir;

    /** An IDX file of unsigned bytes with the given sizes (the spec's layout, written independently of the reader). */
    static byte[] idx(byte[] data, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        b.put(data);
        return b.array();
    }

    static byte[] pixels(int n, long seed) {
        byte[] p = new byte[n];
        new Random(seed).nextBytes(p);
        return p;
    }

    @Test void readsImagesScaledToUnitIntervalAndLabels() throws IOException {
        byte[] px = pixels(5 * 3 * 4, 1);
        px[0] = (byte) 255;
        px[1] = 0;
        for (boolean gz : new boolean[]{false, true}) {
            byte[] img = idx(px, 5, 3, 4), lab = idx(new byte[]{0, 9, 3, 3, 7}, 5);
            DenseMatrix x = Idx.images(Fuzz.write(dir, "img" + gz, gz ? Fuzz.gzip(img) : img));
            assertEquals(5, x.rows());
            assertEquals(12, x.cols());
            assertEquals(1f, x.get(0, 0));
            assertEquals(0f, x.get(0, 1));
            for (int i = 0; i < px.length; i++) assertEquals((px[i] & 0xff) / 255f, x.values()[i]);
            assertArrayEquals(new int[]{0, 9, 3, 3, 7}, Idx.labels(Fuzz.write(dir, "lab" + gz, gz ? Fuzz.gzip(lab) : lab)));
        }
    }

    @Test void mnistLikeFolderPairsImagesAndLabels() throws IOException {
        Fuzz.write(dir, "train-images-idx3-ubyte", idx(pixels(3 * 4, 2), 3, 2, 2));
        Fuzz.write(dir, "train-labels-idx1-ubyte", idx(new byte[]{1, 2, 9}, 3));
        Fuzz.write(dir, "t10k-images-idx3-ubyte.gz", Fuzz.gzip(idx(pixels(2 * 4, 3), 2, 2, 2)));
        Fuzz.write(dir, "t10k-labels-idx1-ubyte.gz", Fuzz.gzip(idx(new byte[]{0, 5}, 2)));
        MnistLike.TrainTest tt = MnistLike.load(dir);
        assertEquals(3, tt.train().size());
        assertEquals(2, tt.test().size());
        assertEquals(10, tt.train().numClasses());
        assertArrayEquals(new int[]{0, 5}, tt.test().labels());
        Fuzz.write(dir, "t10k-labels-idx1-ubyte.gz", Fuzz.gzip(idx(new byte[]{0, 10}, 2)));
        IOException e = assertThrows(IOException.class, () -> MnistLike.load(dir));
        assertTrue(e.getMessage().contains("byte 9") && e.getMessage().contains("label 10"), e.getMessage());
        Fuzz.write(dir, "t10k-labels-idx1-ubyte.gz", Fuzz.gzip(idx(new byte[]{0, 1, 2}, 3)));
        e = assertThrows(IOException.class, () -> MnistLike.load(dir));
        assertTrue(e.getMessage().contains("2 images") && e.getMessage().contains("3 labels"), e.getMessage());
    }

    @Test void headerErrorsNameFileAndByte() {
        byte[] ok = idx(pixels(8, 4), 2, 2, 2);
        byte[] badMagic = ok.clone();
        badMagic[1] = 1;
        byte[] badType = ok.clone();
        badType[2] = 0x0D;
        byte[] trailing = Arrays.copyOf(ok, ok.length + 3);
        byte[] truncated = Arrays.copyOf(ok, ok.length - 1);
        String[][] cases = {{"byte 0", "magic"}, {"byte 2", "element type"}, {"byte " + ok.length, "3 bytes after"}, {"byte " + (ok.length - 1), "truncated"}};
        byte[][] files = {badMagic, badType, trailing, truncated};
        for (int c = 0; c < files.length; c++) {
            Path f = dir.resolve("case" + c);
            byte[] b = files[c];
            IOException e = assertThrows(IOException.class, () -> Idx.images(Fuzz.write(dir, f.getFileName().toString(), b)));
            assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains(cases[c][0]) && e.getMessage().contains(cases[c][1]), e.getMessage());
        }
        assertThrows(IOException.class, () -> Idx.labels(Fuzz.write(dir, "rank", idx(new byte[4], 2, 2))));
    }

    /** Mutated files either load exactly what they encode, or fail naming file and position. */
    @Test void fuzzedFilesLoadCorrectlyOrFailClearly() throws IOException {
        Random rng = new Random(7);
        byte[] px = pixels(4 * 3 * 3, 5);
        byte[] img = idx(px, 4, 3, 3), lab = idx(new byte[]{1, 2, 3, 4}, 4);
        byte[] imgGz = Fuzz.gzip(img), labGz = Fuzz.gzip(lab);
        byte[] alphabet = {0, 1, 3, 8, (byte) 0xff, 0x1f, (byte) 0x8b};
        int loaded = 0, failed = 0;
        for (int t = 0; t < 1000; t++) {
            boolean gz = t % 2 == 1, labels = t % 4 >= 2;
            byte[] orig = labels ? (gz ? labGz : lab) : (gz ? imgGz : img);
            byte[] m = Fuzz.mutate(orig, rng, alphabet);
            Path f = Fuzz.write(dir, "fuzz.idx", m);
            try {
                if (labels) {
                    int[] l = Idx.labels(f);
                    byte[] expect = gz ? lab : m; // a gzip stream that passes its CRC decodes to the original
                    assertArrayEquals(expect, idx(toBytes(l), l.length), "labels must re-encode to the file");
                } else {
                    DenseMatrix x = Idx.images(f);
                    byte[] raw = gz ? img : m;
                    int rank = raw[3];
                    int[] dims = new int[rank];
                    for (int i = 0; i < rank; i++) dims[i] = ByteBuffer.wrap(raw, 4 + 4 * i, 4).getInt();
                    byte[] data = new byte[x.values().length];
                    for (int i = 0; i < data.length; i++) data[i] = (byte) Math.round(x.values()[i] * 255);
                    assertArrayEquals(raw, idx(data, dims), "images must re-encode to the file");
                }
                loaded++;
            } catch (Throwable e) {
                if (e instanceof AssertionError a) throw a;
                Fuzz.assertClearError(e, f);
                failed++;
            }
        }
        System.out.println("IDX fuzz: " + loaded + " loaded, " + failed + " clear errors");
        assertTrue(loaded > 50 && failed > 50);
    }

    static byte[] toBytes(int[] l) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int v : l) b.write(v);
        return b.toByteArray();
    }
}
