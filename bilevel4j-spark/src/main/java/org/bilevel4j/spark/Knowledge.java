package org.bilevel4j.spark;

import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Box;
import org.bilevel4j.vec.Vec;

/**
 * What a {@link SparkLogisticProblem} knows without reading its data: its name, box, start and constants, and its
 * metrics. From the in-process twin when the data came from the driver ({@link #of}), or fixed when the data were
 * made inside the partitions ({@link FixedKnowledge}).
 */
interface Knowledge {
    String name();

    Box bounds();

    Vec initialX();

    Vec initialY();

    double innerLipschitz();

    double hypergradLipschitz();

    Map<String, Double> metrics(Vec x, Vec y);

    /** The twin's knowledge (it does no pass: the twin computes its constants on its own copy of the data). */
    static Knowledge of(BilevelProblem twin) {
        return new Knowledge() {
            @Override public String name() { return twin.name(); }
            @Override public Box bounds() { return twin.bounds(); }
            @Override public Vec initialX() { return twin.initialX(); }
            @Override public Vec initialY() { return twin.initialY(); }
            @Override public double innerLipschitz() { return twin.innerLipschitz(); }
            @Override public double hypergradLipschitz() { return twin.hypergradLipschitz(); }
            @Override public Map<String, Double> metrics(Vec x, Vec y) { return twin.metrics(x, y); }
        };
    }
}
