package org.bilevel4j.opt;

import org.bilevel4j.vec.Vec;

/**
 * PyTorch-style momentum: m ← β m + g; heavy ball v ← v − η_k m; Nesterov v ← v − η_k (g + β m).
 */
public record Momentum(Schedule schedule, double beta, boolean nesterov) implements UpdateRule {
    public Momentum {
        if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + beta);
    }

    @Override public Updater init(Vec like) {
        Vec m = like.zerosLike();
        return new Updater() {
            long k;

            @Override public void descend(Vec v, Vec g) {
                double eta = schedule.at(k++);
                m.axpby(beta, 1, g);
                if (nesterov) {
                    v.axpy(-eta, g);
                    v.axpy(-eta * beta, m);
                } else {
                    v.axpy(-eta, m);
                }
            }

            @Override public long steps() { return k; }

            @Override public void save(Snapshot out, String key) { out.putLong(key + ".steps", k).put(key + ".m", m); }

            @Override public void restore(Snapshot in, String key) {
                k = in.integer(key + ".steps");
                in.into(key + ".m", m);
            }
        };
    }

    @Override public UpdateRule withSchedule(Schedule s) { return new Momentum(s, beta, nesterov); }
}
