package org.bilevel4j.tasks.fewshot;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.bilevel4j.opt.Snapshot;
import org.junit.jupiter.api.Test;

class EpisodeSamplerTest {
    static final int[] POOL = IntStream.range(0, 40).map(i -> 100 + 3 * i).toArray(); // class ids need not be 0..n−1

    static void assertSame(Episode a, Episode b) {
        assertArrayEquals(a.classes(), b.classes());
        assertArrayEquals(a.support(), b.support());
        assertArrayEquals(a.query(), b.query());
    }

    @Test void episodesHaveDistinctClassesFromThePoolAndDistinctSamples() {
        EpisodeSampler s = new EpisodeSampler(POOL, 20, 5, 5, 15, 7);
        Set<Integer> pool = new HashSet<>();
        for (int c : POOL) pool.add(c);
        for (Episode e : s.next(200)) {
            assertEquals(5, e.ways());
            assertEquals(5, e.shots());
            assertEquals(15, e.queries());
            assertEquals(5, IntStream.of(e.classes()).distinct().count());
            for (int n = 0; n < 5; n++) {
                assertTrue(pool.contains(e.classes()[n]));
                assertEquals(5, e.support()[n].length);
                assertEquals(15, e.query()[n].length);
                Set<Integer> samples = new HashSet<>();
                for (int i : e.support()[n]) samples.add(i);
                for (int i : e.query()[n]) samples.add(i);
                assertEquals(20, samples.size()); // support and query disjoint, all 20 samples used
                for (int i : samples) assertTrue(i >= 0 && i < 20);
            }
        }
        assertEquals(200, s.drawn());
    }

    /** Each class is drawn with probability ways/pool and each sample is a support sample with probability shots/20. */
    @Test void drawsAreUniform() {
        int episodes = 20000;
        EpisodeSampler s = new EpisodeSampler(POOL, 20, 5, 1, 4, 11);
        int[] classCount = new int[400], supportCount = new int[20];
        for (int k = 0; k < episodes; k++) {
            Episode e = s.next();
            for (int n = 0; n < 5; n++) {
                classCount[e.classes()[n]]++;
                supportCount[e.support()[n][0]]++;
            }
        }
        double expectClass = episodes * 5.0 / POOL.length; // 2500, sd ≈ 48
        for (int c : POOL) assertEquals(expectClass, classCount[c], 5 * Math.sqrt(expectClass), "class " + c);
        double expectSample = episodes * 5.0 / 20; // 5000, sd ≈ 69
        for (int i = 0; i < 20; i++) assertEquals(expectSample, supportCount[i], 5 * Math.sqrt(expectSample), "sample " + i);
        // label positions are random too: class POOL[0] is label 0 about 1/5 of the times it is drawn
        EpisodeSampler t = new EpisodeSampler(new int[]{0, 1, 2, 3, 4}, 20, 5, 1, 1, 3);
        int first = 0;
        for (int k = 0; k < 5000; k++) if (t.next().classes()[0] == 0) first++;
        assertEquals(1000, first, 5 * Math.sqrt(800));
    }

    @Test void sameSeedSameEpisodesOtherSeedOthers() {
        List<Episode> a = new EpisodeSampler(POOL, 20, 5, 1, 15, 42).next(50), b = new EpisodeSampler(POOL, 20, 5, 1, 15, 42).next(50);
        for (int i = 0; i < 50; i++) assertSame(a.get(i), b.get(i));
        List<Episode> c = new EpisodeSampler(POOL, 20, 5, 1, 15, 43).next(50);
        int differ = 0;
        for (int i = 0; i < 50; i++) if (!java.util.Arrays.equals(a.get(i).classes(), c.get(i).classes())) differ++;
        assertTrue(differ > 40, differ + " of 50 episodes differ");
    }

    @Test void savedStateContinuesExactly() {
        EpisodeSampler run = new EpisodeSampler(POOL, 20, 20, 1, 5, 5);
        run.next(37);
        Snapshot snap = new Snapshot();
        snap.putLong("iteration", 37);
        run.save(snap, "episodes");
        List<Episode> uninterrupted = run.next(30);
        // a resumed run: a sampler built with another seed, restored from the snapshot (copied as a checkpoint would be)
        Snapshot read = new Snapshot();
        snap.integers().forEach(read::putLong);
        EpisodeSampler resumed = new EpisodeSampler(POOL, 20, 20, 1, 5, 999);
        resumed.restore(read, "episodes");
        assertEquals(37, resumed.drawn());
        List<Episode> after = resumed.next(30);
        for (int i = 0; i < 30; i++) assertSame(uninterrupted.get(i), after.get(i));
        assertEquals(run.drawn(), resumed.drawn());
    }

    @Test void restoringAnotherShapeIsRefusedWithTheFix() {
        Snapshot snap = new Snapshot();
        new EpisodeSampler(POOL, 20, 5, 1, 15, 1).save(snap, "s");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EpisodeSampler(POOL, 20, 5, 5, 15, 1).restore(snap, "s"));
        assertTrue(e.getMessage().contains("5-way 1-shot") && e.getMessage().contains("5-way 5-shot") && e.getMessage().contains("start afresh"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new EpisodeSampler(POOL, 20, 5, 1, 15, 1).restore(new Snapshot(), "s"));
        assertTrue(e.getMessage().contains("s.ways"), e.getMessage());
    }

    @Test void evaluationEpisodesAreFixedAndPaired() {
        List<Episode> a = EpisodeSampler.evaluation(POOL, 20, 5, 5, 15), b = EpisodeSampler.evaluation(POOL.clone(), 20, 5, 5, 15);
        assertEquals(EpisodeSampler.EVALUATION_EPISODES, a.size());
        for (int i = 0; i < a.size(); i++) assertSame(a.get(i), b.get(i));
        // the training stream of any seed does not reproduce them
        assertFalse(java.util.Arrays.equals(a.get(0).classes(), new EpisodeSampler(POOL, 20, 5, 5, 15, 0).next().classes()));
        assertThrows(UnsupportedOperationException.class, () -> a.add(a.get(0)));
    }

    @Test void badShapesGiveOneLineErrorsNamingTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EpisodeSampler(POOL, 20, 41, 1, 1, 0));
        assertTrue(e.getMessage().contains("pool has 40") && e.getMessage().contains("lower ways"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new EpisodeSampler(POOL, 20, 5, 6, 15, 0));
        assertTrue(e.getMessage().contains("exceeds the 20 samples"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EpisodeSampler(POOL, 20, 5, 0, 15, 0));
        assertThrows(IllegalArgumentException.class, () -> new EpisodeSampler(POOL, 20, 5, 1, 15, 0).next(0));
        for (IllegalArgumentException x : List.of(e)) assertFalse(x.getMessage().contains("\n"));
    }
}
