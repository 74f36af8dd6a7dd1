package org.bilevel4j.data;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * Numeric CSV files (plain or gzip): fields separated by commas, or by runs of blanks when the first data line
 * has no comma; blank lines skipped; an optional first line (header) skipped. Every other field must be a
 * plain decimal number, and every line must have the same number of fields; errors name the file and line.
 */
public final class Csv {
    private Csv() {}

    /** The parsed numbers, row-major, with the file line of each row for error messages. */
    public record Table(Path file, int rows, int cols, double[] values, int[] lines) {
        public double get(int i, int j) { return values[i * cols + j]; }

        /** One column; negative indices count from the end (−1 is the last). */
        public double[] column(int col) {
            int c = index(col);
            double[] out = new double[rows];
            for (int i = 0; i < rows; i++) out[i] = values[i * cols + c];
            return out;
        }

        /** All columns, as floats. */
        public DenseMatrix matrix() { return select(-1); }

        /** All columns but the target (negative counts from the end), as floats. */
        public DenseMatrix features(int targetColumn) { return select(index(targetColumn)); }

        private DenseMatrix select(int t) {
            int k = t < 0 ? cols : cols - 1;
            float[] v = new float[rows * k];
            for (int i = 0, p = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) if (j != t) v[p++] = (float) values[i * cols + j];
            return new DenseMatrix(rows, k, v);
        }

        /** A column as class labels 0..K−1: each value must be a non-negative integer. */
        public int[] labels(int col) throws IOException {
            int c = index(col);
            int[] out = new int[rows];
            for (int i = 0; i < rows; i++) {
                double v = values[i * cols + c];
                if (v < 0 || v != Math.rint(v) || v > 1_000_000)
                    throw new CorruptDataException(file, "line " + lines[i], "class label " + v + " in column " + (c + 1) + " is not an integer in 0..1000000");
                out[i] = (int) v;
            }
            return out;
        }

        int index(int col) {
            int c = col < 0 ? cols + col : col;
            if (c < 0 || c >= cols) throw new IllegalArgumentException("column " + col + " outside a table of " + cols + " columns (" + file + ")");
            return c;
        }
    }

    /** Reads the file; header: skip the first non-blank line. */
    public static Table read(Path file, boolean header) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int lineNo = 0, cols = -1, firstLine = 0;
        Boolean comma = null;
        boolean skip = header;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Inputs.open(file), StandardCharsets.ISO_8859_1), 1 << 16)) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                if (skip) { skip = false; continue; }
                if (comma == null) comma = line.indexOf(',') >= 0;
                String[] f = comma ? line.split(",", -1) : line.strip().split("[ \t]+");
                if (cols < 0) { cols = f.length; firstLine = lineNo; }
                if (f.length != cols)
                    throw new CorruptDataException(file, "line " + lineNo, f.length + " fields, but line " + firstLine + " has " + cols);
                double[] row = new double[cols];
                for (int j = 0; j < cols; j++) {
                    String s = f[j].strip();
                    Double v = Numbers.parse(s);
                    if (v == null) throw new CorruptDataException(file, "line " + lineNo, "field " + (j + 1) + " '" + shorten(s) + "' is not a finite decimal number");
                    row[j] = v;
                }
                rows.add(row);
                lines.add(lineNo);
            }
        } catch (ZipException | EOFException e) {
            throw new CorruptDataException(file, "line " + (lineNo + 1), "broken gzip data (" + e.getMessage() + ")", e);
        }
        if (rows.isEmpty()) throw new CorruptDataException(file, "line " + lineNo, "no data rows");
        double[] v = new double[rows.size() * cols];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, v, i * cols, cols);
        return new Table(file, rows.size(), cols, v, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Classification data: the target column (negative counts from the end) holds class labels 0..K−1, K = max + 1. */
    public static LabeledData classification(Path file, boolean header, int targetColumn) throws IOException {
        Table t = read(file, header);
        int[] y = t.labels(targetColumn);
        int k = 0;
        for (int l : y) k = Math.max(k, l + 1);
        return LabeledData.classification(t.features(targetColumn), y, k);
    }

    /** Regression data: the target column (negative counts from the end) holds real targets. */
    public static LabeledData regression(Path file, boolean header, int targetColumn) throws IOException {
        Table t = read(file, header);
        return LabeledData.regression(t.features(targetColumn), t.column(targetColumn));
    }

    static String shorten(String s) {
        String p = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder sb = new StringBuilder();
        for (char c : p.toCharArray()) sb.append(c < 32 || c > 126 ? String.format("\\x%02x", (int) c & 0xff) : c);
        return sb.toString();
    }
}
