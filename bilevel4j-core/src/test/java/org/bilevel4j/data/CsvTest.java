package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    @TempDir Path dir;

    static final String SMALL = "a,b,c,class\n1.5,-2,3e2,1\n\n 0.25 , 7 ,-1E-1,0\n4,5,6,2\n";

    Path file(String name, String text) throws IOException { return Fuzz.write(dir, name, text.getBytes(StandardCharsets.ISO_8859_1)); }

    @Test void readsHeaderBlankLinesAndSpacesAroundFields() throws IOException {
        Csv.Table t = Csv.read(file("s.csv", SMALL), true);
        assertEquals(3, t.rows());
        assertEquals(4, t.cols());
        assertArrayEquals(new int[]{2, 4, 5}, t.lines());
        assertEquals(300.0, t.get(0, 2));
        assertEquals(-0.1, t.get(1, 2));
        assertArrayEquals(new double[]{1, 0, 2}, t.column(-1));
    }

    @Test void targetColumnChoiceForClassificationAndRegression() throws IOException {
        Path f = file("s.csv", SMALL);
        LabeledData c = Csv.classification(f, true, -1);
        assertEquals(3, c.numClasses());
        assertArrayEquals(new int[]{1, 0, 2}, c.labels());
        DenseMatrix x = (DenseMatrix) c.x();
        assertEquals(3, x.cols());
        assertArrayEquals(new float[]{1.5f, -2f, 300f}, java.util.Arrays.copyOf(x.values(), 3));
        LabeledData r = Csv.regression(f, true, 0);
        assertArrayEquals(new double[]{1.5, 0.25, 4}, r.targets());
        assertArrayEquals(new float[]{-2f, 300f, 1f}, java.util.Arrays.copyOf(((DenseMatrix) r.x()).values(), 3));
        assertThrows(IllegalArgumentException.class, () -> Csv.regression(f, true, 4));
    }

    @Test void whitespaceSeparatedAndGzipWithoutHeader() throws IOException {
        String text = "59 2 32.1\n48\t1  21.6\n";
        Path f = Fuzz.write(dir, "w.csv.gz", Fuzz.gzip(text.getBytes(StandardCharsets.US_ASCII)));
        Csv.Table t = Csv.read(f, false);
        assertEquals(2, t.rows());
        assertEquals(3, t.cols());
        assertEquals(21.6, t.get(1, 2));
    }

    @Test void errorsNameFileLineAndField() throws IOException {
        IOException e = assertThrows(IOException.class, () -> Csv.read(file("f.csv", "1,2\n3,4,5\n"), false));
        assertTrue(e.getMessage().contains("f.csv: line 2: 3 fields, but line 1 has 2"), e.getMessage());
        e = assertThrows(IOException.class, () -> Csv.read(file("g.csv", "h\n1,2\n3,x4\n"), true));
        assertTrue(e.getMessage().contains("g.csv: line 3: field 2 'x4' is not"), e.getMessage());
        for (String bad : new String[]{"NaN", "1d", "0x10", "Infinity", "1e999", "", "1.2.3", "--1", "."}) {
            e = assertThrows(IOException.class, () -> Csv.read(file("n.csv", "1," + bad + "\n"), false), bad);
            assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        }
        e = assertThrows(IOException.class, () -> Csv.classification(file("l.csv", "1,0\n2,1.5\n"), false, 1));
        assertTrue(e.getMessage().contains("l.csv: line 2: class label 1.5"), e.getMessage());
        e = assertThrows(IOException.class, () -> Csv.read(file("e.csv", "head\n\n"), true));
        assertTrue(e.getMessage().contains("no data rows"), e.getMessage());
    }

    /** Mutated files either load rows that equal their lines' numbers, or fail naming file and line. */
    @Test void fuzzedFilesLoadCorrectlyOrFailClearly() throws IOException {
        StringBuilder sb = new StringBuilder("x1,x2,x3,y\n");
        Random gen = new Random(3);
        for (int i = 0; i < 12; i++) sb.append(gen.nextInt(100) / 4.0).append(',').append(-gen.nextInt(9)).append(",1e").append(gen.nextInt(3)).append(',').append(gen.nextInt(3)).append('\n');
        byte[] plain = sb.toString().getBytes(StandardCharsets.US_ASCII), gz = Fuzz.gzip(plain);
        byte[] alphabet = ",.\n\r -e9x\0".getBytes(StandardCharsets.ISO_8859_1);
        Random rng = new Random(11);
        int loaded = 0, failed = 0;
        for (int t = 0; t < 1500; t++) {
            boolean isGz = t % 3 == 2;
            byte[] m = Fuzz.mutate(isGz ? gz : plain, rng, alphabet);
            Path f = Fuzz.write(dir, "fuzz.csv", m);
            try {
                Csv.Table tab = Csv.read(f, true);
                String[] lines = new String(isGz ? plain : m, StandardCharsets.ISO_8859_1).split("\r\n|\r|\n", -1);
                for (int i = 0; i < tab.rows(); i++) {
                    String[] fields = lines[tab.lines()[i] - 1].split(",", -1);
                    assertEquals(tab.cols(), fields.length);
                    for (int j = 0; j < tab.cols(); j++) assertEquals(Double.parseDouble(fields[j].strip()), tab.get(i, j), 0.0);
                }
                loaded++;
            } catch (Throwable e) {
                if (e instanceof AssertionError a) throw a;
                Fuzz.assertClearError(e, f);
                failed++;
            }
        }
        System.out.println("CSV fuzz: " + loaded + " loaded, " + failed + " clear errors");
        assertTrue(loaded > 100 && failed > 100);
    }
}
