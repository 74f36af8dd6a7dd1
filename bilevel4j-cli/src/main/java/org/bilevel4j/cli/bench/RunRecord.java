package org.bilevel4j.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.problem.Metric;

/** One finished run of a comparison: its task and solver labels, seed, folder, and its result.json. */
public record RunRecord(String task, String solver, long seed, Path dir, JsonNode result) {
    public String status() { return result.path("status").asText("failed"); }

    public String message() { return result.path("message").asText(""); }

    /** True when the run has results to compare (every status but "failed"). */
    public boolean hasResults() { return !"failed".equals(status()); }

    public long iterations() { return result.path("iterations").asLong(0); }

    public double wallSeconds() { return number(result.path("wallSeconds")); }

    /** Solver seconds per outer iteration (NaN for a run without iterations). */
    public double secondsPerIteration() { return iterations() > 0 ? wallSeconds() / iterations() : Double.NaN; }

    public double gradientCalls() { return number(result.path("gradientCalls")); }

    /** Hessian-vector products of G and F in y. */
    public double hvps() { return oracle("innerHvp") + oracle("outerHvp"); }

    /** Cross (mixed second derivative) products of G and F. */
    public double jvps() { return oracle("innerCross") + oracle("outerCross"); }

    public double oracle(String kind) { return number(result.path("oracles").path(kind)); }

    /** A value of the final trace row: outerValue, innerGradNorm, distanceToSolution, hypergradError (NaN if unknown). */
    public double finalValue(String key) { return number(result.path("final").path(key)); }

    /** The task metrics of the final trace row (testAccuracy, f1, ...), NaN where unknown. */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = result.path("metrics").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), number(e.getValue()));
        }
        return m;
    }

    /** What {@code name} means for this run: as its result.json records it, else the shared registry's meaning. */
    public Metric meaning(String name) {
        JsonNode m = result.path("meanings").path(name);
        if (m.isMissingNode()) return Metric.of(name);
        return Metric.parse(name, m.path("better").asText(""), m.path("kind").asText(""), m.path("referenceOf").asText(""), m.path("label").asText(""));
    }

    public TraceTable trace() throws IOException { return TraceTable.read(dir.resolve("trace.csv")); }

    /** This run's entry in results.json; {@code root} is the bench folder (the run folder is given relative to it). */
    public ObjectNode toJson(Path root) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("task", task);
        n.put("solver", solver);
        n.put("seed", seed);
        n.put("status", status());
        if (!message().isEmpty()) n.put("message", message());
        n.put("dir", root.relativize(dir).toString().replace('\\', '/'));
        n.set("problem", result.path("problem"));
        n.set("options", result.path("options"));
        n.put("iterations", iterations());
        num(n, "wallSeconds", wallSeconds());
        num(n, "secondsPerIteration", secondsPerIteration());
        count(n, "gradientCalls", gradientCalls());
        count(n, "hvps", hvps());
        count(n, "jvps", jvps());
        n.set("oracles", result.path("oracles"));
        n.set("final", result.path("final"));
        n.set("metrics", result.path("metrics"));
        return n;
    }

    private static void num(ObjectNode n, String key, double d) {
        if (Double.isFinite(d)) n.put(key, d);
        else n.putNull(key);
    }

    private static void count(ObjectNode n, String key, double d) {
        if (Double.isFinite(d)) n.put(key, (long) d);
        else n.putNull(key);
    }

    private static double number(JsonNode n) { return n.isNumber() ? n.asDouble() : Double.NaN; }
}
