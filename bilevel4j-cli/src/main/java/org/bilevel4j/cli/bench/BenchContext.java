package org.bilevel4j.cli.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.StopRule;

/**
 * What a suite gets from the command line: the output folder, the seeds, the {@code --set} options, a
 * stream for progress lines, {@code quick} (a CI-sized run for tests), and the stop-rule overrides
 * {@code --iterations}, {@code --time-limit}, {@code --trace-every}, {@code --refit-every} (null where not given).
 */
public record BenchContext(Path out, List<Long> seeds, Options options, PrintStream log, boolean quick,
                           Long iterations, Double timeLimit, Integer traceEvery, Integer refitEvery) {
    /** Without stop-rule overrides. */
    public BenchContext(Path out, List<Long> seeds, Options options, PrintStream log, boolean quick) {
        this(out, seeds, options, log, quick, null, null, null, null);
    }

    /** The {@code --set} options as given. */
    public Map<String, String> sets() { return options.given(); }

    /** The suite's stop rule with the command line's overrides applied. */
    public StopRule stop(StopRule suiteDefault) { return withOverrides(suiteDefault, iterations, timeLimit, traceEvery, refitEvery); }

    /** {@code s} with each override that is not null. */
    public static StopRule withOverrides(StopRule s, Long iterations, Double timeLimit, Integer traceEvery, Integer refitEvery) {
        if (iterations != null) s = new StopRule(iterations, s.maxSeconds(), s.maxOracleCalls(), s.tolerance(), s.traceEvery(), s.divergenceGrowth(), s.refitEvery());
        if (timeLimit != null) s = s.withMaxSeconds(timeLimit);
        if (traceEvery != null) s = s.withTraceEvery(traceEvery);
        if (refitEvery != null) s = s.withRefitEvery(refitEvery);
        return s;
    }
}
