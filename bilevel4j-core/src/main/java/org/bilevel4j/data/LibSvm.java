package org.bilevel4j.data;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.zip.ZipException;

/**
 * LIBSVM / svmlight text format (plain or gzip): one sample per line, "label index:value index:value ...",
 * indices 1-based and strictly increasing, '#' starts a comment, blank lines skipped. Errors name the file,
 * line and token.
 */
public final class LibSvm {
    private LibSvm() {}

    /** Sparse features and the raw label of each line. */
    public record Data(CsrMatrix x, double[] y) {}

    /** numFeatures: the column count, or 0 to use the largest index seen. */
    public static Data read(Path file, int numFeatures) throws IOException {
        IntList rowPtr = new IntList(), cols = new IntList();
        FloatList vals = new FloatList();
        DoubleList y = new DoubleList();
        rowPtr.add(0);
        int lineNo = 0, maxIndex = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Inputs.open(file), StandardCharsets.ISO_8859_1), 1 << 16)) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                int hash = line.indexOf('#');
                String body = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (body.isEmpty()) continue;
                String[] t = body.split("[ \t]+");
                Double label = Numbers.parse(t[0]);
                if (label == null) throw new CorruptDataException(file, "line " + lineNo, "label '" + Csv.shorten(t[0]) + "' is not a finite decimal number");
                int last = 0;
                for (int k = 1; k < t.length; k++) {
                    int colon = t[k].indexOf(':');
                    String pos = "line " + lineNo + ", token " + (k + 1);
                    if (colon <= 0) throw new CorruptDataException(file, pos, "'" + Csv.shorten(t[k]) + "' is not index:value");
                    int idx = index(t[k].substring(0, colon));
                    if (idx < 1) throw new CorruptDataException(file, pos, "index '" + Csv.shorten(t[k].substring(0, colon)) + "' is not an integer ≥ 1");
                    if (idx <= last) throw new CorruptDataException(file, pos, "index " + idx + " after index " + last + "; indices must increase");
                    if (numFeatures > 0 && idx > numFeatures) throw new CorruptDataException(file, pos, "index " + idx + " > " + numFeatures + " features");
                    Double v = Numbers.parse(t[k].substring(colon + 1));
                    if (v == null) throw new CorruptDataException(file, pos, "value '" + Csv.shorten(t[k].substring(colon + 1)) + "' is not a finite decimal number");
                    if (Math.abs(v) > Float.MAX_VALUE) throw new CorruptDataException(file, pos, "value " + v + " overflows a float");
                    last = idx;
                    cols.add(idx - 1);
                    vals.add((float) (double) v);
                }
                maxIndex = Math.max(maxIndex, last);
                rowPtr.add(cols.size());
                y.add(label);
            }
        } catch (ZipException | EOFException e) {
            throw new CorruptDataException(file, "line " + (lineNo + 1), "broken gzip data (" + e.getMessage() + ")", e);
        }
        int rows = y.size();
        if (rows == 0) throw new CorruptDataException(file, "line " + lineNo, "no data rows");
        CsrMatrix x = new CsrMatrix(rows, numFeatures > 0 ? numFeatures : maxIndex, rowPtr.toArray(), cols.toArray(), vals.toArray());
        return new Data(x, y.toArray());
    }

    /** Class labels: the distinct label values, sorted, map to 0..K−1 (so −1/+1 become 0/1). */
    public static LabeledData classification(Data d) {
        double[] distinct = new TreeSet<>(Arrays.stream(d.y()).boxed().toList()).stream().mapToDouble(Double::doubleValue).toArray();
        int[] l = new int[d.y().length];
        for (int i = 0; i < l.length; i++) l[i] = Arrays.binarySearch(distinct, d.y()[i]);
        return LabeledData.classification(d.x(), l, distinct.length);
    }

    public static LabeledData regression(Data d) { return LabeledData.regression(d.x(), d.y()); }

    /** The distinct label values of d, sorted: class c is the c-th of them (what {@link #classification(Data)} uses). */
    public static double[] classes(Data d) {
        return new TreeSet<>(Arrays.stream(d.y()).boxed().toList()).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Class labels by the given sorted label values (those of a training file, so that its validation and test files
     * number the classes the same way); a label not among them is an IllegalArgumentException naming the file and row.
     */
    public static LabeledData classification(Data d, double[] classes, Path file) {
        int[] l = new int[d.y().length];
        for (int i = 0; i < l.length; i++) {
            l[i] = Arrays.binarySearch(classes, d.y()[i]);
            if (l[i] < 0) throw new IllegalArgumentException(file + ": data row " + (i + 1) + " has label " + d.y()[i]
                    + ", not one of the training file's classes " + Arrays.toString(classes));
        }
        return LabeledData.classification(d.x(), l, classes.length);
    }

    /**
     * {@link #read} for a file the user names: a missing or unreadable file, or a line that does not parse, is an
     * IllegalArgumentException whose message names the file and (for a bad line) the line number, so that the
     * command line reports it as a user error (exit 2).
     */
    public static Data readUserFile(Path file, int numFeatures, String what) {
        if (!java.nio.file.Files.isRegularFile(file)) throw new IllegalArgumentException(what + " " + file + " does not exist or is not a file");
        if (!java.nio.file.Files.isReadable(file)) throw new IllegalArgumentException(what + " " + file + " is not readable");
        try {
            return read(file, numFeatures);
        } catch (CorruptDataException e) {
            throw new IllegalArgumentException(what + " is not in LIBSVM format: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** A positive decimal integer below 2^31, or −1. */
    private static int index(String s) {
        if (s.isEmpty() || s.length() > 10) return -1;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private static final class IntList {
        int[] a = new int[1024];
        int n;

        void add(int v) { if (n == a.length) a = Arrays.copyOf(a, 2 * n); a[n++] = v; }

        int size() { return n; }

        int[] toArray() { return Arrays.copyOf(a, n); }
    }

    private static final class FloatList {
        float[] a = new float[1024];
        int n;

        void add(float v) { if (n == a.length) a = Arrays.copyOf(a, 2 * n); a[n++] = v; }

        float[] toArray() { return Arrays.copyOf(a, n); }
    }

    private static final class DoubleList {
        double[] a = new double[1024];
        int n;

        void add(double v) { if (n == a.length) a = Arrays.copyOf(a, 2 * n); a[n++] = v; }

        int size() { return n; }

        double[] toArray() { return Arrays.copyOf(a, n); }
    }
}
