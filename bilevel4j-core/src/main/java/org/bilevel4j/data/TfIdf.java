package org.bilevel4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Bag-of-words tf-idf, as scikit-learn's TfidfVectorizer with smooth_idf and norm='l2': tokens are maximal
 * runs of letters or digits, lower-cased; the vocabulary holds the terms found in at least minDf documents of
 * the fitting set, sorted; entry (d, t) = count(t in d) · idf(t), idf(t) = ln((1 + n) / (1 + df(t))) + 1;
 * each row is scaled to unit Euclidean norm (rows with no known term stay empty). Unlike scikit-learn's default
 * pattern, one-character tokens are kept.
 */
public final class TfIdf {
    private final String[] terms;
    private final Map<String, Integer> index;
    private final double[] idf;

    private TfIdf(String[] terms, double[] idf) {
        this.terms = terms;
        this.idf = idf;
        this.index = new HashMap<>(terms.length * 2);
        for (int j = 0; j < terms.length; j++) index.put(terms[j], j);
    }

    /** Learns vocabulary and idf from the documents. */
    public static TfIdf fit(List<String> docs, int minDf) {
        if (minDf < 1) throw new IllegalArgumentException("minDf must be ≥ 1, got " + minDf);
        Map<String, int[]> df = new HashMap<>(); // term → {document frequency, last document seen}
        for (int i = 0; i < docs.size(); i++) {
            int doc = i;
            forEachToken(docs.get(i), t -> {
                int[] e = df.computeIfAbsent(t, k -> new int[]{0, -1});
                if (e[1] != doc) { e[0]++; e[1] = doc; }
            });
        }
        String[] kept = df.entrySet().stream().filter(e -> e.getValue()[0] >= minDf).map(Map.Entry::getKey).sorted().toArray(String[]::new);
        double[] w = new double[kept.length];
        int n = docs.size();
        for (int j = 0; j < kept.length; j++) w[j] = Math.log((1.0 + n) / (1.0 + df.get(kept[j])[0])) + 1.0; // smooth idf
        return new TfIdf(kept, w);
    }

    /** The documents as l2-normalized tf-idf rows over the fitted vocabulary; unknown terms are dropped. */
    public CsrMatrix transform(List<String> docs) {
        int[] ptr = new int[docs.size() + 1];
        List<int[]> rowCols = new ArrayList<>(docs.size());
        List<float[]> rowVals = new ArrayList<>(docs.size());
        int[][] buf = {new int[256]};
        for (int i = 0; i < docs.size(); i++) {
            int[] len = {0};
            forEachToken(docs.get(i), t -> {
                Integer j = index.get(t);
                if (j == null) return;
                if (len[0] == buf[0].length) buf[0] = Arrays.copyOf(buf[0], 2 * len[0]);
                buf[0][len[0]++] = j;
            });
            int[] ids = buf[0];
            Arrays.sort(ids, 0, len[0]);
            int distinct = 0;
            for (int q = 0; q < len[0]; q++) if (q == 0 || ids[q] != ids[q - 1]) distinct++;
            int[] c = new int[distinct];
            double[] v = new double[distinct];
            int k = 0;
            double norm = 0;
            for (int q = 0; q < len[0]; ) {
                int r = q;
                while (r < len[0] && ids[r] == ids[q]) r++;
                c[k] = ids[q];
                v[k] = (r - q) * idf[ids[q]]; // raw count · idf
                norm += v[k] * v[k];
                k++;
                q = r;
            }
            norm = Math.sqrt(norm);
            float[] f = new float[k];
            for (int q = 0; q < k; q++) f[q] = (float) (v[q] / norm);
            rowCols.add(c);
            rowVals.add(f);
            ptr[i + 1] = ptr[i] + k;
        }
        int[] cols = new int[ptr[docs.size()]];
        float[] vals = new float[cols.length];
        for (int i = 0; i < docs.size(); i++) {
            System.arraycopy(rowCols.get(i), 0, cols, ptr[i], rowCols.get(i).length);
            System.arraycopy(rowVals.get(i), 0, vals, ptr[i], rowVals.get(i).length);
        }
        return new CsrMatrix(docs.size(), terms.length, ptr, cols, vals);
    }

    /** Lower-cased maximal runs of letters or digits (Unicode code points), in order. */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        forEachToken(text, out::add);
        return out;
    }

    /** Calls sink with each token of tokens(text), in order; ASCII text takes a fast path. */
    static void forEachToken(String text, Consumer<String> sink) {
        int n = text.length(), start = -1;
        boolean plain = true; // the current token is ASCII lower-case/digits only, so it needs no toLowerCase
        for (int i = 0; i <= n; ) {
            int cp = i < n ? text.codePointAt(i) : ' ';
            boolean word = i < n && (cp < 128 ? ASCII_WORD[cp] : Character.isLetterOrDigit(cp));
            if (word) {
                if (start < 0) { start = i; plain = true; }
                if (cp >= 128 || (cp >= 'A' && cp <= 'Z')) plain = false;
            } else if (start >= 0) {
                String t = text.substring(start, i);
                sink.accept(plain ? t : t.toLowerCase(Locale.ROOT));
                start = -1;
            }
            i += i < n ? Character.charCount(cp) : 1;
        }
    }

    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) ASCII_WORD[c] = Character.isLetterOrDigit(c);
    }

    public int vocabularySize() { return terms.length; }

    public String term(int j) { return terms[j]; }

    /** The column of a term, or −1. */
    public int column(String term) { return index.getOrDefault(term, -1); }

    public double idf(int j) { return idf[j]; }

    public double[] idf() { return Arrays.copyOf(idf, idf.length); }
}
