package org.bilevel4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SolveRun#runOrResume} (benches that checkpoint mid-run): a run interrupted after iteration 3 continues from its
 * checkpoint, runs only the iterations left, and ends bit for bit where a straight run ends (here trhg with mini-batch
 * inner steps, whose sampler position is part of the checkpoint); a checkpoint of another setup is ignored.
 */
class MidRunResumeTest {
    static final Map<String, String> OPTIONS = Map.of("innerBatch", "10", "innerSteps", "7", "truncation", "3", "innerStep", "0.01", "outerStep", "0.05");

    static SolveRun.Setup setup(int iterations) {
        return new SolveRun.Setup("quadratic", "trhg", 2, OPTIONS, StopRule.iterations(iterations).withTraceEvery(1));
    }

    /** Counts the iterations it sees; throws at iteration {@code stopAt} (an interruption), before that iteration is checkpointed. */
    static final class Interrupt implements RunListener {
        final long stopAt;
        int seen;

        Interrupt(long stopAt) { this.stopAt = stopAt; }

        @Override public void onIteration(SolverState s, Trace trace, OracleCounts counts, double seconds) {
            seen++;
            if (s.iteration == stopAt) throw new IllegalStateException("interrupted");
        }
    }

    @Test void interruptedRunContinuesFromItsCheckpointBitForBit(@TempDir Path dir) throws Exception {
        SolveRun.Outcome straight = SolveRun.run(setup(8), dir.resolve("straight"), List.of());
        Path run = dir.resolve("run");
        CheckpointEvery every = new CheckpointEvery(1, 0);
        assertThrows(IllegalStateException.class, () -> SolveRun.runOrResume(setup(8), run, List.of(new Interrupt(4)), every, null));
        assertTrue(Files.exists(run.resolve("checkpoint.json")));
        Interrupt counter = new Interrupt(-1);
        SolveRun.Outcome resumed = SolveRun.runOrResume(setup(8), run, List.of(counter), every, null);
        assertEquals(5, counter.seen, "iterations 4..8 run again, 1..3 come from the checkpoint");
        assertArrayEquals(straight.result().x().toArray(), resumed.result().x().toArray(), 0.0);
        assertArrayEquals(straight.result().y().toArray(), resumed.result().y().toArray(), 0.0);
        assertEquals(straight.result().oracles().asMap(), resumed.result().oracles().asMap());

        // another setup (other stop rule): the checkpoint is not used, the run starts over
        Interrupt fresh = new Interrupt(-1);
        SolveRun.runOrResume(setup(9), run, List.of(fresh), every, null);
        assertEquals(9, fresh.seen);
    }
}
