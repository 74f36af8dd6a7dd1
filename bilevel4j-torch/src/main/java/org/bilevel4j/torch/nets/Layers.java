package org.bilevel4j.torch.nets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.torch.ParamShapes;

/**
 * The layers of a network's flat parameter vector, as index groups ({@link org.bilevel4j.problem.BilevelProblem#parameterGroups}):
 * a layer is every tensor whose name has the same part before the first dot, with a letter prefix before a layer
 * number dropped, so that conv-4's convolution {@code c2} and its batch norm {@code bn2} are one layer "2", an MLP's
 * {@code l0.w} and {@code l0.b} layer "0", the head {@code fc} its own layer, and a ResNet block {@code s1b0} one layer.
 */
public final class Layers {
    private Layers() {}

    /** The layer of a parameter name. */
    public static String of(String name) {
        int dot = name.indexOf('.');
        String head = dot < 0 ? name : name.substring(0, dot);
        return head.matches("[a-z]+[0-9]+") ? head.replaceAll("^[a-z]+", "") : head;
    }

    /** Layer name → indices into the flat vector, in the order of the vector. */
    public static Map<String, int[]> byName(ParamShapes shapes) {
        Map<String, List<ParamShapes.Entry>> by = new LinkedHashMap<>();
        for (ParamShapes.Entry e : shapes.entries()) by.computeIfAbsent(of(e.name()), k -> new ArrayList<>()).add(e);
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

    /** The layers' index groups, in the order of the vector. */
    public static int[][] groups(ParamShapes shapes) { return byName(shapes).values().toArray(new int[0][]); }
}
