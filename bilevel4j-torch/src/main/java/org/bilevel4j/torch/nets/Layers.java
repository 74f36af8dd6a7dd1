package org.bilevel4j.torch.nets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.torch.ParamShapes;

/**
 * A network's layers, in two senses used by the tasks:
 * <ul>
 * <li>the <em>weighted layers</em> ({@link #of}): a convolution or linear map, its weight tensor {@code NAME.w}
 *     (batch-norm scales and shifts and biases belong to none: per-layer weight decay leaves them undecayed, as is
 *     usual), in the order of the parameter vector, named {@code stem}, {@code s0b0.c1}, ..., {@code fc};</li>
 * <li>the <em>layer groups</em> ({@link #groups}, {@link org.bilevel4j.problem.BilevelProblem#parameterGroups}): every
 *     tensor whose name has the same part before the first dot, with a letter prefix before a layer number dropped,
 *     so that conv-4's convolution {@code c2} and its batch norm {@code bn2} are one layer "2", an MLP's {@code l0.w}
 *     and {@code l0.b} layer "0", the head {@code fc} its own layer, and a ResNet block {@code s1b0} one layer.</li>
 * </ul>
 */
public record Layers(List<ParamShapes.Entry> weights) {
    public Layers {
        weights = List.copyOf(weights);
    }

    /** The weighted layers of a parameter layout. */
    public static Layers of(ParamShapes shapes) {
        List<ParamShapes.Entry> w = new ArrayList<>();
        for (ParamShapes.Entry e : shapes.entries()) if (e.name().endsWith(".w")) w.add(e);
        if (w.isEmpty()) throw new IllegalArgumentException("the network has no weight tensors (NAME.w)");
        return new Layers(w);
    }

    public int size() { return weights.size(); }

    /** Weighted layer l's name (its weight tensor's name without ".w"). */
    public String name(int l) {
        String n = weights.get(l).name();
        return n.substring(0, n.length() - 2);
    }

    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (int l = 0; l < size(); l++) out.add(name(l));
        return out;
    }

    /** The layer group of a parameter name. */
    public static String groupOf(String name) {
        int dot = name.indexOf('.');
        String head = dot < 0 ? name : name.substring(0, dot);
        return head.matches("[a-z]+[0-9]+") ? head.replaceAll("^[a-z]+", "") : head;
    }

    /** Layer group name → indices into the flat vector, in the order of the vector. */
    public static Map<String, int[]> byName(ParamShapes shapes) {
        Map<String, List<ParamShapes.Entry>> by = new LinkedHashMap<>();
        for (ParamShapes.Entry e : shapes.entries()) by.computeIfAbsent(groupOf(e.name()), k -> new ArrayList<>()).add(e);
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<ParamShapes.Entry>> l : by.entrySet()) {
            int n = 0;
            for (ParamShapes.Entry e : l.getValue()) n += e.size();
            int[] idx = new int[n];
            int k = 0;
            for (ParamShapes.Entry e : l.getValue()) for (int i = 0; i < e.size(); i++) idx[k++] = e.offset() + i;
            out.put(l.getKey(), idx);
        }
        return out;
    }

    /** The layer groups' index sets, in the order of the vector. */
    public static int[][] groups(ParamShapes shapes) { return byName(shapes).values().toArray(new int[0][]); }
}
