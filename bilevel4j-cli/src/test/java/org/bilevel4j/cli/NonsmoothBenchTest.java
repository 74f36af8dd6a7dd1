package org.bilevel4j.cli;

import static org.bilevel4j.cli.CliTest.json;
import static org.bilevel4j.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bilevel4j.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bilevel bench nonsmooth --quick}: every task and solver, the mean ± std overview and the per-task tables. */
class NonsmoothBenchTest {
    static final List<String> SOLVERS = List.of("spnbo:preset=sparse-regression", "penalty:preset=paper", "hoag:innerStep=0.01",
            "rhg:innerSteps=50:innerStep=0.001:outerStep=0.01", "random-search");
    static final String REAL = "sparse-regression:dataset=diabetes";

    @Test void quickNonsmoothSuiteWritesTheOverviewAndATablePerTask(@TempDir Path tmp) throws IOException {
        CliTest.Run r = run("bench", "nonsmooth", "--quick", "--seeds", "0,1", "--out", tmp.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        boolean sklearn = Datasets.isFetched("sklearn");
        List<String> tasks = new ArrayList<>(List.of("sparse-regression:dim=6"));
        if (sklearn) tasks.add(REAL);
        else assertTrue(r.out().contains("skipping " + REAL + ": sklearn not fetched: run ./bilevel data fetch sklearn"), r.out());
        tasks.add("reweight:trainSize=200:valSize=100:testSize=100:features=5:classes=3");
        String poison = "poison:dataset=synthetic:trainSize=60:valSize=60:testSize=60:features=4:poisonPoints=3:spnbo.beta1=1000:spnbo.betaMax=10000";
        tasks.add(poison);

        JsonNode all = json(tmp.resolve("results.json"));
        assertEquals(tasks.size() * SOLVERS.size() * 2, all.size());
        for (JsonNode e : all) {
            assertNotEquals("failed", e.get("status").asText(), e.toString());
            boolean spnboOnPoison = e.get("task").asText().equals(poison) && e.get("solver").asText().startsWith("spnbo");
            // the task's spnbo.KEY options reach spnbo's runs on poison only
            assertEquals(spnboOnPoison ? "1000" : null, e.get("options").has("beta1") ? e.get("options").get("beta1").asText() : null, e.toString());
        }

        String md = Files.readString(tmp.resolve("summary.md"));
        String header = "| task ";
        assertTrue(md.contains("## Overview (mean ± std over seeds)"), md);
        for (String s : SOLVERS) assertTrue(md.lines().anyMatch(l -> l.startsWith(header) && l.contains("| " + s)), s + " column in\n" + md);
        String[] metric = {"distanceToSolution", "testMse", "testAccuracy", "testAccuracy"};
        for (int i = 0, m = 0; i < tasks.size(); i++, m++) {
            if (!sklearn && m == 1) m++;
            String task = tasks.get(i), kind = metric[m];
            assertTrue(md.contains("## " + task + "\n"), task + " section in\n" + md);
            // overview rows: the headline metric, the outer value and the seconds, a "mean ± std" cell per solver
            for (String row : List.of(kind, "outerValue", "seconds")) {
                List<String> rows = md.lines().filter(l -> l.matches("\\| " + java.util.regex.Pattern.quote(task) + " +\\| " + row + " .*")).toList();
                assertEquals(1, rows.size(), task + " / " + row + " in\n" + md);
                assertEquals(SOLVERS.size(), rows.get(0).split("±", -1).length - 1, rows.get(0));
            }
            for (String s : SOLVERS) assertTrue(md.contains("| " + s + " "), s);
        }
        assertTrue(Files.exists(tmp.resolve("plots/reweight_trainSize=200_valSize=100_testSize=100_features=5_classes=3")));
    }
}
