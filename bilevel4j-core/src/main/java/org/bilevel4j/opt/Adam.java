package org.bilevel4j.opt;

import org.bilevel4j.vec.Vec;

/**
 * Adam (Kingma and Ba): m ← β1 m + (1−β1) g; s ← β2 s + (1−β2) g²;
 * v ← v − η_k m̂ / (√ŝ + ε) with bias corrections m̂ = m/(1−β1^t), ŝ = s/(1−β2^t).
 */
public record Adam(Schedule schedule, double beta1, double beta2, double eps) implements UpdateRule {
    public Adam {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0))
            throw new IllegalArgumentException("Adam needs 0 <= beta1, beta2 < 1 and eps > 0");
    }

    @Override public Updater init(Vec like) {
        Vec m = like.zerosLike();
        Vec s = like.zerosLike();
        return new Updater() {
            long k;

            @Override public void descend(Vec v, Vec g) {
                double eta = schedule.at(k);
                k++;
                m.axpby(beta1, 1 - beta1, g);
                s.axpby(beta2, 1, g.copy().zip(g, (a, b) -> (1 - beta2) * a * b));
                double c1 = 1 - Math.pow(beta1, k), c2 = 1 - Math.pow(beta2, k);
                Vec step = m.copy().zip(s, (mi, si) -> (mi / c1) / (Math.sqrt(si / c2) + eps));
                v.axpy(-eta, step);
            }

            @Override public long steps() { return k; }

            @Override public void save(Snapshot out, String key) { out.putLong(key + ".steps", k).put(key + ".m", m).put(key + ".s", s); }

            @Override public void restore(Snapshot in, String key) {
                k = in.integer(key + ".steps");
                in.into(key + ".m", m);
                in.into(key + ".s", s);
            }
        };
    }

    @Override public UpdateRule withSchedule(Schedule sch) { return new Adam(sch, beta1, beta2, eps); }
}
