package org.bilevel4j.opt;

import org.bilevel4j.vec.Vec;

/** Plain gradient step: v ← v − η_k g. */
public record Sgd(Schedule schedule) implements UpdateRule {
    @Override public Updater init(Vec like) {
        return new Updater() {
            long k;

            @Override public void descend(Vec v, Vec g) { v.axpy(-schedule.at(k++), g); }

            @Override public long steps() { return k; }

            @Override public void save(Snapshot out, String key) { out.putLong(key + ".steps", k); }

            @Override public void restore(Snapshot in, String key) { k = in.integer(key + ".steps"); }
        };
    }

    @Override public UpdateRule withSchedule(Schedule s) { return new Sgd(s); }
}
