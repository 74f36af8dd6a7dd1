package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibSvmTest {
    @TempDir Path dir;

    static final String SMALL = "+1 1:0.5 3:-2 # comment\n\n-1 2:1e1\n# only a comment\n+1\n-1 1:1 2:2 3:3 7:0.25\n";

    Path file(String name, String text) throws IOException { return Fuzz.write(dir, name, text.getBytes(StandardCharsets.ISO_8859_1)); }

    @Test void readsSparseRowsLabelsAndComments() throws IOException {
        LibSvm.Data d = LibSvm.read(file("s.svm", SMALL), 0);
        CsrMatrix x = d.x();
        assertEquals(4, x.rows());
        assertEquals(7, x.cols());
        assertArrayEquals(new int[]{0, 2, 3, 3, 7}, x.rowPtr());
        assertArrayEquals(new int[]{0, 2, 1, 0, 1, 2, 6}, x.colIdx());
        assertArrayEquals(new float[]{0.5f, -2f, 10f, 1f, 2f, 3f, 0.25f}, x.values());
        assertArrayEquals(new double[]{1, -1, 1, -1}, d.y());
        LabeledData c = LibSvm.classification(d);
        assertEquals(2, c.numClasses());
        assertArrayEquals(new int[]{1, 0, 1, 0}, c.labels());
        assertEquals(10, LibSvm.read(file("s.svm", SMALL), 10).x().cols());
        LibSvm.Data g = LibSvm.read(Fuzz.write(dir, "s.svm.gz", Fuzz.gzip(SMALL.getBytes(StandardCharsets.US_ASCII))), 0);
        assertArrayEquals(x.values(), g.x().values());
    }

    @Test void errorsNameFileLineAndToken() {
        String[][] cases = {
                {"1 2:1 2:3\n", "line 1, token 3: index 2 after index 2"},
                {"1 3:1 2:3\n", "line 1, token 3: index 2 after index 3"},
                {"1 0:1\n", "line 1, token 2: index '0'"},
                {"1 1:1\nx 1:2\n", "line 2: label 'x'"},
                {"1 1:1\n1 1=2\n", "line 2, token 2: '1=2' is not index:value"},
                {"1 1:nan\n", "line 1, token 2: value 'nan'"},
                {"1 11:1\n", "line 1, token 2: index 11 > 10 features"},
                {"1 qid:3 1:1\n", "line 1, token 2: index 'qid'"}};
        for (String[] c : cases) {
            IOException e = assertThrows(IOException.class, () -> LibSvm.read(file("e.svm", c[0]), 10), c[0]);
            assertTrue(e.getMessage().contains("e.svm: " + c[1]), e.getMessage());
        }
    }

    /** Mutated files either load a consistent matrix whose entries match their lines, or fail naming file and line. */
    @Test void fuzzedFilesLoadCorrectlyOrFailClearly() throws IOException {
        StringBuilder sb = new StringBuilder();
        Random gen = new Random(5);
        for (int i = 0; i < 15; i++) {
            sb.append(gen.nextBoolean() ? "+1" : "-1");
            for (int j = 1; j <= 9; j++) if (gen.nextInt(3) == 0) sb.append(' ').append(j).append(':').append(gen.nextInt(50) / 8.0);
            sb.append('\n');
        }
        byte[] plain = sb.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] alphabet = ":. \n#-1e0a\0".getBytes(StandardCharsets.ISO_8859_1);
        Random rng = new Random(13);
        int loaded = 0, failed = 0;
        for (int t = 0; t < 1500; t++) {
            byte[] m = Fuzz.mutate(plain, rng, alphabet);
            Path f = Fuzz.write(dir, "fuzz.svm", m);
            try {
                LibSvm.Data d = LibSvm.read(f, 0);
                CsrMatrix x = d.x();
                // an independent re-parse of the non-empty lines must give the same rows
                String[] lines = new String(m, StandardCharsets.ISO_8859_1).split("\r\n|\r|\n");
                int row = 0;
                for (String line : lines) {
                    String body = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
                    if (body.isBlank()) continue;
                    String[] tok = body.strip().split("[ \t]+");
                    assertEquals(Double.parseDouble(tok[0]), d.y()[row], 0.0);
                    assertEquals(tok.length - 1, x.rowPtr()[row + 1] - x.rowPtr()[row]);
                    for (int k = 1; k < tok.length; k++) {
                        int p = x.rowPtr()[row] + k - 1;
                        assertEquals(Integer.parseInt(tok[k].split(":")[0]) - 1, x.colIdx()[p]);
                        assertEquals((float) Double.parseDouble(tok[k].split(":")[1]), x.values()[p], 0f);
                        assertTrue(x.colIdx()[p] < x.cols());
                    }
                    row++;
                }
                assertEquals(row, x.rows());
                loaded++;
            } catch (Throwable e) {
                if (e instanceof AssertionError a) throw a;
                Fuzz.assertClearError(e, f);
                failed++;
            }
        }
        System.out.println("LIBSVM fuzz: " + loaded + " loaded, " + failed + " clear errors");
        assertTrue(loaded > 100 && failed > 100);
    }
}
