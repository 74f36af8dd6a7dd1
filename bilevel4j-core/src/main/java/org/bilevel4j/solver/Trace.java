package org.bilevel4j.solver;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The rows of one run, in order; writes itself as CSV. */
public final class Trace {
    private final List<TraceRow> rows = new ArrayList<>();

    public void add(TraceRow row) { rows.add(row); }

    public List<TraceRow> rows() { return Collections.unmodifiableList(rows); }

    public TraceRow last() { return rows.isEmpty() ? null : rows.get(rows.size() - 1); }

    public int size() { return rows.size(); }

    /** CSV with a header: iteration, seconds, one call-count column per oracle kind (KIND + "Calls"), values, metrics, extras. */
    public void writeCsv(Path file) throws IOException {
        Columns cols = Columns.of(rows);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(cols.header());
            for (TraceRow r : rows) w.write(cols.line(r));
        }
    }

    /** The CSV columns of a set of rows: oracle kinds, metrics and extras in the order they first appear. */
    public record Columns(List<String> oracles, List<String> metrics, List<String> extras) {
        public static Columns of(List<TraceRow> rows) {
            Set<String> oracleCols = new LinkedHashSet<>(), metricCols = new LinkedHashSet<>(), extraCols = new LinkedHashSet<>();
            for (TraceRow r : rows) {
                oracleCols.addAll(r.oracles().keySet());
                metricCols.addAll(r.metrics().keySet());
                extraCols.addAll(r.extras().keySet());
            }
            return new Columns(List.copyOf(oracleCols), List.copyOf(metricCols), List.copyOf(extraCols));
        }

        /** Whether every column of row is one of these (so the row can be appended under this header). */
        public boolean covers(TraceRow row) {
            return oracles.containsAll(row.oracles().keySet()) && metrics.containsAll(row.metrics().keySet()) && extras.containsAll(row.extras().keySet());
        }

        /** The header line, with its newline. */
        public String header() {
            List<String> header = new ArrayList<>(List.of("iteration", "seconds"));
            for (String c : oracles) header.add(c + "Calls"); // counts, distinct from the value columns
            header.addAll(List.of("outerValue", "innerGradNorm", "distanceToSolution", "hypergradError", "hypergradErrorAbs"));
            header.addAll(metrics);
            header.addAll(extras);
            return String.join(",", header) + "\n";
        }

        /** One row's line, with its newline; unknown numbers are empty fields. */
        public String line(TraceRow r) {
            StringBuilder b = new StringBuilder();
            b.append(r.iteration()).append(',').append(r.seconds());
            for (String c : oracles) b.append(',').append(r.oracles().getOrDefault(c, 0L));
            b.append(',').append(num(r.outerValue())).append(',').append(num(r.innerGradNorm()))
                    .append(',').append(num(r.distanceToSolution())).append(',').append(num(r.hypergradError()))
                    .append(',').append(num(r.hypergradErrorAbs()));
            for (String c : metrics) b.append(',').append(num(r.metrics().getOrDefault(c, Double.NaN)));
            for (String c : extras) b.append(',').append(num(r.extras().getOrDefault(c, Double.NaN)));
            return b.append('\n').toString();
        }
    }

    private static String num(double d) { return Double.isNaN(d) ? "" : Double.toString(d); }

    static Map<String, Double> copy(Map<String, Double> m) { return Map.copyOf(m); }
}
