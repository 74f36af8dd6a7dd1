package org.bilevel4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;

/**
 * {@code DIR/checkpoint.json}: what was run (the {@link ResultJson#CONFIG} fields), the checkpoint cadence, and
 * where the run stands: iteration, solver seconds, oracle calls and samples by kind, the trace rows so far and
 * the solver state ({@link Snapshot}: vectors, numbers, integers). Numbers are written so that they read back
 * bit for bit (Jackson writes the shortest decimal that parses to the same double); NaN and ±infinity as the
 * strings "NaN", "Infinity", "-Infinity". Written atomically (temporary file, then a move).
 * <p>
 * Version 2 adds {@code "checksum"}: the SHA-256 of the file's other content (compact JSON, fields in order), so that
 * an edit or a damaged disk block is caught; every field is also validated ({@link CheckpointValidation}). A version 1
 * file (written before the checksum existed) is still resumed after the same validation, with a note that its
 * content could not be checked bit for bit.
 */
public final class Checkpoint {
    private Checkpoint() {}

    static final String FILE = "checkpoint.json";
    static final String FORMAT = "bilevel4j-checkpoint";
    static final int VERSION = 2;
    /** Checkpoints of this version carry no checksum; they are resumed after validation alone. */
    static final int VERSION_WITHOUT_CHECKSUM = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What a checkpoint holds: the setup to rebuild the run, the cadence it was taken with, and where the run stands. */
    public record Loaded(SolveRun.Setup setup, CheckpointEvery every, Runner.Resume resume, boolean checksummed) {
        public Loaded(SolveRun.Setup setup, CheckpointEvery every, Runner.Resume resume) { this(setup, every, resume, true); }
    }

    static void write(Path dir, SolveRun.Setup setup, CheckpointEvery every, Snapshot state, List<TraceRow> trace,
                      OracleCounts counts, double seconds) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ResultJson.setup(root, setup);
        root.put("checkpointEvery", every.toString());
        root.put("iteration", state.integers().getOrDefault("iteration", 0L));
        num(root, "solverSeconds", seconds);
        ObjectNode oracles = root.putObject("oracles");
        for (Oracle o : Oracle.values()) oracles.putObject(o.name()).put("calls", counts.get(o)).put("samples", counts.samples(o));
        root.putObject("fusedSharedSamples").put("outer", counts.sharedSamples(true)).put("inner", counts.sharedSamples(false));
        ArrayNode rows = root.putArray("trace");
        for (TraceRow r : trace) row(rows.addObject(), r);
        ObjectNode st = root.putObject("state");
        ObjectNode vectors = st.putObject("vectors"), numbers = st.putObject("numbers"), integers = st.putObject("integers");
        Map<String, double[]> large = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : state.vectors().entrySet()) {
            if (e.getValue().length > ResultJson.MAX_VECTOR) {
                large.put(e.getKey(), e.getValue());
                continue;
            }
            ArrayNode a = vectors.putArray(e.getKey());
            for (double d : e.getValue()) add(a, d);
        }
        // long vectors (networks) go to a binary file beside the JSON, named by the iteration so that the file the
        // last complete checkpoint.json names is never overwritten; older ones are removed once the JSON is in place
        String bin = large.isEmpty() ? null : "checkpoint-" + root.path("iteration").asLong() + ".bin";
        if (bin != null) {
            org.bilevel4j.vec.VectorFile.write(dir.resolve(bin), large);
            st.put("vectorsFile", bin);
        }
        state.numbers().forEach((k, v) -> num(numbers, k, v));
        state.integers().forEach(integers::put);
        root.put("checksum", checksum(root));
        ResultJson.atomically(dir.resolve(FILE), root, false);
        try (var old = Files.newDirectoryStream(dir, "checkpoint-*.bin")) {
            for (Path f : old) if (!f.getFileName().toString().equals(bin)) Files.deleteIfExists(f);
        }
    }

    /**
     * Reads and validates DIR/checkpoint.json; IllegalArgumentException (a user error) when it is missing, fails its
     * checksum, or a field is out of range ("checkpoint corrupt: ...").
     */
    static Loaded read(Path dir) {
        Path file = dir.resolve(FILE);
        Loaded l = parse(dir);
        try {
            CheckpointValidation.check(l, l.resume().state().integers().getOrDefault("iteration", -1L));
        } catch (IllegalArgumentException e) {
            throw corrupt(file, e.getMessage());
        }
        return l;
    }

    /** The SHA-256 (hex) of the compact JSON of root without its "checksum" field. */
    static String checksum(JsonNode root) {
        ObjectNode copy = ((ObjectNode) root).deepCopy();
        copy.remove("checksum");
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(MAPPER.writeValueAsBytes(copy)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads DIR/checkpoint.json and checks its format, version and checksum, not its values. */
    static Loaded parse(Path dir) {
        Path file = dir.resolve(FILE);
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file)); // bytes: Jackson reports malformed UTF-8 as a parse error
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no checkpoint to resume: " + file + " does not exist"
                    + (Files.isDirectory(dir) ? " (was the run started with --checkpoint-every?)" : " (no such folder)"));
        } catch (JsonProcessingException e) {
            throw corrupt(file, "not valid JSON (" + Main.oneLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        try {
            if (root == null || !FORMAT.equals(text(root, "format"))) throw corrupt(file, "not a bilevel4j checkpoint");
            int version = root.path("version").asInt();
            if (version != VERSION && version != VERSION_WITHOUT_CHECKSUM)
                throw corrupt(file, "checkpoint format version " + root.path("version").asText() + ", this build reads " + VERSION_WITHOUT_CHECKSUM
                        + " and " + VERSION);
            if (version == VERSION) {
                String stored = root.path("checksum").asText("");
                if (stored.isEmpty()) throw corrupt(file, "the checksum is missing");
                if (!stored.equals(checksum(root))) throw corrupt(file, "the checksum does not match the content (the file was edited or damaged)");
            }
            SolveRun.Setup setup = setup(root);
            CheckpointEvery every = CheckpointEvery.parse(text(root, "checkpointEvery"));
            OracleCounts counts = new OracleCounts();
            JsonNode oracles = object(root, "oracles");
            for (Oracle o : Oracle.values()) {
                JsonNode n = oracles.path(o.name());
                counts.set(o, n.path("calls").asLong(), n.path("samples").asLong());
            }
            JsonNode shared = root.path("fusedSharedSamples"); // absent in checkpoints written before fused oracles: 0
            counts.setSharedSamples(shared.path("outer").asLong(), shared.path("inner").asLong());
            List<TraceRow> trace = new ArrayList<>();
            for (JsonNode r : array(root, "trace")) trace.add(row(r));
            Snapshot state = new Snapshot();
            JsonNode st = object(root, "state");
            for (Iterator<Map.Entry<String, JsonNode>> it = object(st, "vectors").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                double[] a = new double[e.getValue().size()];
                for (int i = 0; i < a.length; i++) a[i] = dbl(e.getValue().get(i));
                state.putArray(e.getKey(), a);
            }
            if (st.hasNonNull("vectorsFile")) {
                Path bin = dir.resolve(st.get("vectorsFile").asText());
                try {
                    org.bilevel4j.vec.VectorFile.read(bin).forEach(state::putArray);
                } catch (IOException e) {
                    throw corrupt(file, "cannot read its vector file " + bin + " (" + e.getMessage() + ")");
                }
            }
            object(st, "numbers").fields().forEachRemaining(e -> state.put(e.getKey(), dbl(e.getValue())));
            object(st, "integers").fields().forEachRemaining(e -> state.putLong(e.getKey(), lng(e.getValue())));
            if (lng(root.path("iteration")) != state.integers().getOrDefault("iteration", -1L))
                throw new IllegalArgumentException("iteration " + root.path("iteration") + " but the solver state says " + state.integers().get("iteration"));
            return new Loaded(setup, every, new Runner.Resume(state, trace, counts, dbl(root.path("solverSeconds"))), version == VERSION);
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(CORRUPT)) throw e;
            throw corrupt(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static SolveRun.Setup setup(JsonNode root) {
        Map<String, String> given = new LinkedHashMap<>();
        object(root, "options").fields().forEachRemaining(e -> given.put(e.getKey(), e.getValue().asText()));
        JsonNode s = object(root, "stop");
        JsonNode limit = s.path("timeLimitSeconds"), calls = s.path("maxOracleCalls");
        StopRule stop = new StopRule(lng(s.path("maxIterations")), limit.isNull() || limit.isMissingNode() ? Double.POSITIVE_INFINITY : dbl(limit),
                calls.isNull() || calls.isMissingNode() ? Long.MAX_VALUE : lng(calls), dbl(s.path("tolerance")),
                Math.toIntExact(lng(s.path("traceEvery"))));
        if (s.has("refitEvery")) stop = stop.withRefitEvery(Math.toIntExact(lng(s.path("refitEvery")))); // older checkpoints: the last row only
        return new SolveRun.Setup(text(root, "problem"), text(root, "solver"), lng(root.path("seed")), given, stop);
    }

    private static void row(ObjectNode n, TraceRow r) {
        n.put("iteration", r.iteration());
        num(n, "seconds", r.seconds());
        ObjectNode o = n.putObject("oracles");
        r.oracles().forEach(o::put);
        num(n, "outerValue", r.outerValue());
        num(n, "innerGradNorm", r.innerGradNorm());
        num(n, "distanceToSolution", r.distanceToSolution());
        num(n, "hypergradError", r.hypergradError());
        num(n, "hypergradErrorAbs", r.hypergradErrorAbs());
        ObjectNode m = n.putObject("metrics");
        r.metrics().forEach((k, v) -> num(m, k, v));
        ObjectNode x = n.putObject("extras");
        r.extras().forEach((k, v) -> num(x, k, v));
    }

    private static TraceRow row(JsonNode n) {
        Map<String, Long> oracles = new LinkedHashMap<>();
        object(n, "oracles").fields().forEachRemaining(e -> oracles.put(e.getKey(), lng(e.getValue())));
        Map<String, Double> metrics = new LinkedHashMap<>(), extras = new LinkedHashMap<>();
        object(n, "metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), dbl(e.getValue())));
        object(n, "extras").fields().forEachRemaining(e -> extras.put(e.getKey(), dbl(e.getValue())));
        return new TraceRow(lng(n.path("iteration")), dbl(n.path("seconds")), oracles, dbl(n.path("outerValue")),
                dbl(n.path("innerGradNorm")), dbl(n.path("distanceToSolution")), dbl(n.path("hypergradError")),
                n.has("hypergradErrorAbs") ? dbl(n.path("hypergradErrorAbs")) : Double.NaN, metrics, extras);
    }

    private static void num(ObjectNode n, String key, double d) {
        if (Double.isFinite(d)) n.put(key, d);
        else n.put(key, Double.toString(d)); // "NaN", "Infinity", "-Infinity"
    }

    private static void add(ArrayNode a, double d) {
        if (Double.isFinite(d)) a.add(d);
        else a.add(Double.toString(d));
    }

    private static double dbl(JsonNode n) {
        if (n.isNumber()) return n.doubleValue();
        if (n.isTextual()) {
            switch (n.asText()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw new IllegalArgumentException("expected a number, found " + (n.isMissingNode() ? "nothing" : n.toString()));
    }

    private static long lng(JsonNode n) {
        if (n.isIntegralNumber() && n.canConvertToLong()) return n.longValue();
        throw new IllegalArgumentException("expected an integer, found " + (n.isMissingNode() ? "nothing" : n.toString()));
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.path(key);
        if (!v.isTextual()) throw new IllegalArgumentException("field '" + key + "' is missing or not text");
        return v.asText();
    }

    private static JsonNode object(JsonNode n, String key) {
        JsonNode v = n.path(key);
        if (!v.isObject()) throw new IllegalArgumentException("field '" + key + "' is missing or not an object");
        return v;
    }

    private static JsonNode array(JsonNode n, String key) {
        JsonNode v = n.path(key);
        if (!v.isArray()) throw new IllegalArgumentException("field '" + key + "' is missing or not an array");
        return v;
    }

    static final String CORRUPT = "checkpoint corrupt: ";

    private static IllegalArgumentException corrupt(Path file, String why) {
        return new IllegalArgumentException(CORRUPT + file + ": " + why + "; it cannot be resumed (start the run again)");
    }
}
