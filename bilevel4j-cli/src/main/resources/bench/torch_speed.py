# The networks of `bilevel bench torch-speed`, timed in Python (Debian's python3-torch) at the same thread count:
# ms per inner value, gradient and HVP + cross product of G(x, y) = mean sigmoid(x_i) CE(net_y(a_i), b_i).
# Usage: torch_speed.py THREADS quick|full ; prints one JSON line last.
import json, statistics, sys, time
import torch
import torch.nn.functional as fn

threads, quick = int(sys.argv[1]), sys.argv[2] == "quick"
torch.set_num_threads(threads)
torch.manual_seed(0)


def conv4(width, classes):
    shapes, c = [], 1
    for i in range(4):
        shapes += [(width, c, 3, 3), (width,), (width,), (width,)]
        c = width
    shapes += [(classes, width), (classes,)]  # 28 -> 1 after four pools
    def forward(p, a):
        h = a
        for i in range(4):
            w, b, g, s = p[4 * i:4 * i + 4]
            h = fn.conv2d(h, w, b, padding=1)
            h = fn.relu(fn.batch_norm(h, None, None, g, s, training=True))
            h = fn.max_pool2d(h, 2)
        return fn.linear(h.flatten(1), p[16], p[17])
    return shapes, forward


def resnet(widths, blocks, classes):
    shapes = [(widths[0], 3, 3, 3), (widths[0],), (widths[0],)]
    plan, c = [], widths[0]
    for s, (w, n) in enumerate(zip(widths, blocks)):
        for b in range(n):
            stride = 2 if s > 0 and b == 0 else 1
            sc = c != w or stride != 1
            plan.append((stride, sc))
            shapes += [(w, c, 3, 3), (w,), (w,), (w, w, 3, 3), (w,), (w,)]
            if sc:
                shapes += [(w, c, 1, 1), (w,), (w,)]
            c = w
    shapes += [(classes, c), (classes,)]
    def forward(p, a):
        it = iter(p)
        bn = lambda h: fn.batch_norm(h, None, None, next(it), next(it), training=True)
        h = fn.relu(bn(fn.conv2d(a, next(it), padding=1)))
        for stride, sc in plan:
            o = fn.relu(bn(fn.conv2d(h, next(it), stride=stride, padding=1)))
            o = bn(fn.conv2d(o, next(it), padding=1))
            if sc:
                h = bn(fn.conv2d(h, next(it), stride=stride))
            h = fn.relu(o + h)
        h = fn.adaptive_avg_pool2d(h, 1).flatten(1)
        return fn.linear(h, next(it), next(it))
    return shapes, forward


def timed(model, shapes, forward, batch, channels, size, classes, reps):
    params = [(torch.randn(s) * 0.1).requires_grad_() for s in shapes]
    x = torch.zeros(batch, requires_grad=True)
    a = torch.randn(batch, channels, size, size)
    b = torch.arange(batch) % classes
    loss = lambda: (torch.sigmoid(x) * fn.cross_entropy(forward(params, a), b, reduction="none")).mean()
    v = [torch.randn(s) for s in shapes]
    value, grad, hvp = [], [], []
    for i in range(reps + 1):
        t0 = time.perf_counter()
        with torch.no_grad():
            loss()
        t1 = time.perf_counter()
        torch.autograd.grad(loss(), params)
        t2 = time.perf_counter()
        g = torch.autograd.grad(loss(), params, create_graph=True)
        s = sum((gi * vi).sum() for gi, vi in zip(g, v))
        torch.autograd.grad(s, params + [x], allow_unused=True)
        t3 = time.perf_counter()
        if i > 0:
            value.append(1e3 * (t1 - t0)); grad.append(1e3 * (t2 - t1)); hvp.append(1e3 * (t3 - t2))
    return {"model": model, "valueMs": statistics.median(value), "gradientMs": statistics.median(grad), "hvpCrossMs": statistics.median(hvp)}


reps = 2 if quick else 5
width = 16 if quick else 64
rows = [timed("conv-4 w%d 5-way 5-shot" % width, *conv4(width, 5), 25, 1, 28, 5, reps)]
if quick:
    rows.append(timed("ResNet-8 w8 batch 16", *resnet([8, 16, 32], [1, 1, 1], 10), 16, 3, 32, 10, 1))
else:
    rows.append(timed("ResNet-18 batch 128", *resnet([64, 128, 256, 512], [2, 2, 2, 2], 10), 128, 3, 32, 10, 2))
print(json.dumps({"torch": torch.__version__, "threads": threads, "rows": rows}))
