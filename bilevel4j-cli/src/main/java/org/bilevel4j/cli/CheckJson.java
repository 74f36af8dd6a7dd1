package org.bilevel4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.bilevel4j.check.HealthCheck;

/**
 * {@code check.json}: the health check of a run or of {@code bilevel check}: problem, solver, the distinct warnings,
 * and every audit (iteration, numbers, warnings). Unknown numbers (NaN) are null.
 */
final class CheckJson {
    private CheckJson() {}

    static void write(Path file, HealthCheck.Report r, Map<String, String> options, long seed) throws IOException {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("problem", r.problem());
        if (r.solver() != null) root.put("solver", r.solver());
        else root.putNull("solver");
        root.put("seed", seed);
        ObjectNode o = root.putObject("options");
        options.forEach(o::put);
        ArrayNode w = root.putArray("warnings");
        r.warnings().forEach(w::add);
        ArrayNode audits = root.putArray("audits");
        for (HealthCheck.Audit a : r.audits()) {
            ObjectNode n = audits.addObject();
            n.put("iteration", a.iteration());
            ObjectNode num = n.putObject("numbers");
            a.numbers().forEach((k, v) -> {
                if (Double.isFinite(v)) num.put(k, v);
                else num.putNull(k);
            });
            ArrayNode aw = n.putArray("warnings");
            a.warnings().forEach(aw::add);
        }
        ResultJson.atomically(file, root, true);
    }
}
