package org.bilevel4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Metric;
import org.bilevel4j.solver.scale.Scales;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import org.bilevel4j.vec.Vec;

/**
 * {@code result.json}: what was run (problem, solver, seed, options as given, stop rule), how it ended
 * (status, message, iterations, solver seconds), oracle calls by kind, the final trace row and metrics, and
 * what each quantity means ({@code meanings}: better higher / lower, kind), the final x and y when their dimension is at most {@value #MAX_VECTOR}. Unknown numbers (NaN) are null.
 */
public final class ResultJson {
    private ResultJson() {}

    static final int MAX_VECTOR = 1000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The fields that say what was run; a bench resumes a run only when they are unchanged. */
    static final List<String> CONFIG = List.of("problem", "solver", "seed", "options", "stop");

    static void write(Path file, RunResult r, SolveRun.Setup s, BilevelProblem p, String message) throws IOException {
        write(file, r, s, p, message, null);
    }

    /** As above, with the scales the defaults used ({@code scales}: value and source, "problem" or "estimated"), when given. */
    static void write(Path file, RunResult r, SolveRun.Setup s, BilevelProblem p, String message, Scales scales) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("problem", s.problem());
        root.put("solver", s.solver());
        root.put("status", r.status());
        if (message != null) root.put("message", message);
        else if (r.message() != null && !r.message().isEmpty()) root.put("message", r.message());
        root.put("iterations", r.iterations());
        root.put("wallSeconds", r.wallSeconds());
        setup(root, s);
        root.put("dimX", p.dimX());
        root.put("dimY", p.dimY());

        ObjectNode oracles = root.putObject("oracles");
        r.oracles().asMap().forEach(oracles::put);
        root.put("gradientCalls", r.oracles().gradientCalls());
        root.put("oracleCalls", r.oracles().total());
        root.put("passes", r.oracles().passes()); // reads of the data, mini-batch calls by their share (OracleCounts#passes)

        TraceRow f = r.finalRow();
        ObjectNode fin = root.putObject("final");
        ObjectNode metrics = root.putObject("metrics");
        ObjectNode extras = root.putObject("extras");
        if (f != null) {
            fin.put("iteration", f.iteration());
            num(fin, "outerValue", f.outerValue());
            num(fin, "innerGradNorm", f.innerGradNorm());
            num(fin, "distanceToSolution", f.distanceToSolution());
            num(fin, "hypergradError", f.hypergradError());
            num(fin, "hypergradErrorAbs", f.hypergradErrorAbs());
            for (Map.Entry<String, Double> e : f.metrics().entrySet()) num(metrics, e.getKey(), e.getValue());
            for (Map.Entry<String, Double> e : f.extras().entrySet()) num(extras, e.getKey(), e.getValue());
            fin.set("metrics", metrics.deepCopy()); // the metrics of the final iterate, also under final as the task spec reads them
            ObjectNode meanings = root.putObject("meanings");
            for (String q : List.of("outerValue", "innerGradNorm", "distanceToSolution", "hypergradError")) meaning(meanings, p.metric(q));
            for (String k : f.metrics().keySet()) meaning(meanings, p.metric(k));
        }
        if (scales != null && !scales.values().isEmpty()) {
            ObjectNode sc = root.putObject("scales");
            for (Map.Entry<String, Double> e : scales.values().entrySet()) {
                ObjectNode one = sc.putObject(e.getKey());
                num(one, "value", e.getValue());
                one.put("source", scales.sources().get(e.getKey()));
            }
        }
        vector(root, "x", r.x());
        vector(root, "y", r.y());
        largeVectors(file, root, r);
        atomically(file, root);
    }

    /** A run that threw before it could finish: what was run, status "failed" and the error message. */
    public static void writeFailed(Path file, SolveRun.Setup s, String message) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("problem", s.problem());
        root.put("solver", s.solver());
        root.put("status", "failed");
        root.put("message", message);
        setup(root, s);
        atomically(file, root);
    }

    /** True when {@code stored} (a result.json) records the same problem, solver, seed, options and stop rule as {@code s}. */
    public static boolean sameSetup(JsonNode stored, SolveRun.Setup s) throws IOException {
        JsonNode now = MAPPER.readTree(MAPPER.writeValueAsString(setup(MAPPER.createObjectNode(), s))); // as it reads back
        for (String k : CONFIG) if (!now.get(k).equals(stored.get(k))) return false;
        return true;
    }

    static ObjectNode setup(ObjectNode root, SolveRun.Setup s) {
        root.put("problem", s.problem());
        root.put("solver", s.solver());
        root.put("seed", s.seed());
        ObjectNode opts = root.putObject("options");
        s.given().forEach(opts::put);
        stop(root.putObject("stop"), s.stop());
        return root;
    }

    /** Written to a temporary file and moved into place: an interrupted write never leaves a half result.json. */
    private static void atomically(Path file, ObjectNode root) throws IOException { atomically(file, root, true); }

    static void atomically(Path file, ObjectNode root, boolean pretty) throws IOException {
        AtomicFile.write(file, out -> (pretty ? MAPPER.writerWithDefaultPrettyPrinter() : MAPPER.writer()).writeValue(out, root));
    }

    private static void stop(ObjectNode n, StopRule st) {
        n.put("maxIterations", st.maxIterations());
        num(n, "timeLimitSeconds", Double.isInfinite(st.maxSeconds()) ? Double.NaN : st.maxSeconds());
        if (st.maxOracleCalls() == Long.MAX_VALUE) n.putNull("maxOracleCalls");
        else n.put("maxOracleCalls", st.maxOracleCalls());
        n.put("tolerance", st.tolerance());
        n.put("traceEvery", st.traceEvery());
        n.put("refitEvery", st.refitEvery());
    }

    /** What a quantity means (Metric): which way is better, its kind, and for a reference the metric it is a level of. */
    private static void meaning(ObjectNode meanings, Metric m) {
        ObjectNode n = meanings.putObject(m.name());
        n.put("better", m.betterWord());
        n.put("kind", m.kindWord());
        n.put("label", m.label());
        if (m.referenceOf() != null) n.put("referenceOf", m.referenceOf());
    }

    /** Beside result.json: x and y in {@link org.bilevel4j.vec.VectorFile}'s binary format when either is too long for the JSON. */
    static final String VECTORS_FILE = "vectors.bin";

    private static void largeVectors(Path file, ObjectNode root, RunResult r) throws IOException {
        if (r.x() == null || r.y() == null || (r.x().dim() <= MAX_VECTOR && r.y().dim() <= MAX_VECTOR)) return;
        java.util.Map<String, double[]> m = new java.util.LinkedHashMap<>();
        m.put("x", r.x().toArray());
        m.put("y", r.y().toArray());
        org.bilevel4j.vec.VectorFile.write(file.resolveSibling(VECTORS_FILE), m);
        root.put("vectorsFile", VECTORS_FILE);
    }

    private static void vector(ObjectNode root, String key, Vec v) {
        if (v == null || v.dim() > MAX_VECTOR) return;
        ArrayNode a = root.putArray(key);
        for (double d : v.toArray()) {
            if (Double.isFinite(d)) a.add(d);
            else a.addNull();
        }
    }

    private static void num(ObjectNode n, String key, double d) {
        if (Double.isFinite(d)) n.put(key, d);
        else n.putNull(key);
    }
}
