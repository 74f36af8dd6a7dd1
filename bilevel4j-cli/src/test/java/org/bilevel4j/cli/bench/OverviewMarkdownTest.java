package org.bilevel4j.cli.bench;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mean ± std cells of the overview and the routing of a task's SOLVER.KEY options. */
class OverviewMarkdownTest {
    static RunRecord run(String status, double outer, double accuracy) {
        ObjectNode j = new ObjectMapper().createObjectNode().put("status", status).put("wallSeconds", 1.0);
        j.putObject("final").put("outerValue", outer);
        if (!Double.isNaN(accuracy)) j.putObject("metrics").put("testAccuracy", accuracy);
        return new RunRecord("t", "s", 0, Path.of("."), j);
    }

    @Test void meanAndSampleStandardDeviationLeavingOutDivergedAndFailedRuns() {
        List<RunRecord> rs = List.of(run("max-iterations", 1, 0.5), run("time-budget", 2, 0.7), run("max-iterations", 6, 0.9),
                run("diverged", 1e9, Double.NaN), run("failed", 0, Double.NaN));
        // mean 3, sample variance ((-2)^2 + (-1)^2 + 3^2) / 2 = 7
        assertEquals("3.000 ± " + org.bilevel4j.cli.Table.num(Math.sqrt(7)) + " (1 diverged) (1 failed)",
                OverviewMarkdown.cell(rs, r -> r.finalValue("outerValue")));
        assertEquals("testAccuracy", OverviewMarkdown.headline(rs));
        assertEquals("diverged", OverviewMarkdown.cell(List.of(run("diverged", 1, 1)), r -> r.finalValue("outerValue")));
        assertEquals("outerValue", OverviewMarkdown.headline(List.of(run("max-iterations", 1, Double.NaN))));
    }

    @Test void aTasksSolverPrefixedOptionReachesOnlyThatSolver() {
        NamedSpec task = NamedSpec.parse("poison:reg=0.01:spnbo.beta1=1000:penalty.rho0=5");
        assertEquals(Map.of("reg", "0.01", "beta1", "1000", "wStep", "0.1"),
                Comparison.options(Map.of(), task, NamedSpec.parse("spnbo:beta1=10:wStep=0.1")), "the task's spnbo.beta1 wins over the solver's");
        assertEquals(Map.of("reg", "0.01"), Comparison.options(Map.of(), task, NamedSpec.parse("hoag")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Comparison.Config(List.of(NamedSpec.parse("poison:spnb.beta1=1")),
                List.of(NamedSpec.parse("spnbo")), List.of(0L), org.bilevel4j.solver.StopRule.iterations(1), Map.of(), Path.of(".")));
        assertTrue(e.getMessage().contains("'spnb' is not a solver"), e.getMessage());
    }
}
