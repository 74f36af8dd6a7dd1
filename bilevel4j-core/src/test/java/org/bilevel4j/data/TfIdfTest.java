package org.bilevel4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TfIdfTest {
    @Test void tokenizerLowerCasesRunsOfLettersAndDigits() {
        assertEquals(List.of("hello", "world", "x2y", "émigré", "a", "42", "straße"), TfIdf.tokens("Hello, WORLD!x2y  ÉMIGRÉ -- a_42 Straße."));
        assertEquals(List.of(), TfIdf.tokens(" ,.;\n"));
    }

    /** Hand-computed smooth-idf, raw-count, l2-normalized values (the scikit-learn TfidfVectorizer formulas). */
    @Test void valuesMatchClosedForm() {
        List<String> docs = List.of("a b b", "B c", "c c d");
        TfIdf m = TfIdf.fit(docs, 1);
        assertEquals(4, m.vocabularySize());
        assertEquals("a", m.term(0));
        assertEquals(3, m.column("d"));
        double n = 3, idfA = Math.log((1 + n) / 2) + 1, idfB = Math.log((1 + n) / 3) + 1, idfC = idfB, idfD = idfA;
        assertEquals(idfA, m.idf(0), 1e-12);
        assertEquals(idfB, m.idf(1), 1e-12);
        CsrMatrix x = m.transform(docs);
        double n0 = Math.hypot(idfA, 2 * idfB), n2 = Math.hypot(2 * idfC, idfD);
        assertArrayEquals(new int[]{0, 2, 4, 6}, x.rowPtr());
        assertArrayEquals(new int[]{0, 1, 1, 2, 2, 3}, x.colIdx());
        float[] expect = {(float) (idfA / n0), (float) (2 * idfB / n0), (float) Math.sqrt(0.5), (float) Math.sqrt(0.5), (float) (2 * idfC / n2), (float) (idfD / n2)};
        assertArrayEquals(expect, x.values(), 1e-6f);
    }

    @Test void minDfFiltersAndUnknownTermsDrop() {
        TfIdf m = TfIdf.fit(List.of("a b", "a c", "a b"), 2);
        assertEquals(List.of("a", "b"), List.of(m.term(0), m.term(1)));
        CsrMatrix x = m.transform(List.of("c c zzz", "b"));
        assertArrayEquals(new int[]{0, 0, 1}, x.rowPtr());
        assertEquals(1f, x.values()[0], 1e-7f);
        assertThrows(IllegalArgumentException.class, () -> TfIdf.fit(List.of("a"), 0));
    }

    /** Any bytes make a text; the rows are always unit-norm or empty, with sorted, in-range columns. */
    @Test void fuzzedTextsGiveUnitOrEmptyRows() {
        Random rng = new Random(17);
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] b = new byte[rng.nextInt(200)];
            for (int k = 0; k < b.length; k++) b[k] = (byte) (rng.nextInt(4) == 0 ? rng.nextInt(256) : "ab cd\nE9é".charAt(rng.nextInt(9)));
            docs.add(new String(b, StandardCharsets.UTF_8));
        }
        CsrMatrix x = TfIdf.fit(docs.subList(0, 200), 2).transform(docs);
        for (int i = 0; i < x.rows(); i++) {
            double s = 0;
            for (int p = x.rowPtr()[i]; p < x.rowPtr()[i + 1]; p++) {
                assertTrue(Float.isFinite(x.values()[p]) && x.values()[p] > 0);
                assertTrue(x.colIdx()[p] >= 0 && x.colIdx()[p] < x.cols());
                if (p > x.rowPtr()[i]) assertTrue(x.colIdx()[p] > x.colIdx()[p - 1]);
                s += x.values()[p] * x.values()[p];
            }
            if (x.rowPtr()[i + 1] > x.rowPtr()[i]) assertEquals(1.0, s, 1e-5);
        }
    }
}
