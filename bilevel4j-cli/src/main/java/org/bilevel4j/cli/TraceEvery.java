package org.bilevel4j.cli;

import org.bilevel4j.solver.StopRule;
import picocli.CommandLine;

/**
 * The value of {@code --trace-every}: a number of iterations (at least 1), or {@code auto} for log-spaced rows, every
 * iteration up to 100 and then about 90 a decade ({@link StopRule#LOG_SPACED}), so that a long run of cheap stochastic
 * steps does not spend its time on trace rows.
 */
final class TraceEvery implements CommandLine.ITypeConverter<Integer> {
    @Override public Integer convert(String value) {
        if (value.strip().equalsIgnoreCase("auto")) return StopRule.LOG_SPACED;
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("give a number of iterations >= 1, or auto (log-spaced rows), not '" + value + "'");
        }
        if (n < 1) throw new CommandLine.TypeConversionException("give a number of iterations >= 1, or auto (log-spaced rows), not " + n);
        return n;
    }
}
