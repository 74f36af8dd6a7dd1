package org.bilevel4j.torch;

import java.util.Map;

/** Task metrics at (x, y) (test accuracy, ...), computed without gradients; batch norm sees evaluation batches. */
@FunctionalInterface
public interface Evaluation {
    Map<String, Double> metrics(Params x, Params y);
}
