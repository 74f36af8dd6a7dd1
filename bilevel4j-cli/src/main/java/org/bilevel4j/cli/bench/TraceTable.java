package org.bilevel4j.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's trace.csv read back as numeric columns (empty cells are NaN). Besides the file's own columns,
 * {@code gradientCalls} is the sum of the four first-order gradient counts, as in {@code OracleCounts}.
 */
public record TraceTable(Map<String, double[]> columns) {
    static final List<String> GRADIENTS = List.of("outerGradXCalls", "outerGradYCalls", "innerGradXCalls", "innerGradYCalls");

    public static TraceTable read(Path csv) throws IOException {
        if (!Files.exists(csv)) return new TraceTable(Map.of());
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) return new TraceTable(Map.of());
        String[] header = lines.get(0).split(",", -1);
        int n = lines.size() - 1;
        double[][] cols = new double[header.length][n];
        for (int r = 0; r < n; r++) {
            String[] cells = lines.get(r + 1).split(",", -1);
            for (int c = 0; c < header.length; c++)
                cols[c][r] = c < cells.length && !cells[c].isEmpty() ? parse(cells[c], csv, r + 2) : Double.NaN;
        }
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int c = 0; c < header.length; c++) m.put(header[c], cols[c]);
        double[] g = new double[n];
        for (String k : GRADIENTS) {
            double[] col = m.get(k);
            if (col != null) for (int r = 0; r < n; r++) g[r] += col[r];
        }
        m.put("gradientCalls", g);
        return new TraceTable(m);
    }

    /** The column, or null when the trace has none or it holds no number. */
    public double[] column(String name) {
        double[] c = columns.get(name);
        if (c == null) return null;
        for (double v : c) if (!Double.isNaN(v)) return c;
        return null;
    }

    private static double parse(String cell, Path csv, int line) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(csv + " line " + line + ": '" + cell + "' is not a number");
        }
    }
}
