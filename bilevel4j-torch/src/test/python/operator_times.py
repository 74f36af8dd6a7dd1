# Python side of OperatorTimes (bilevel4j-torch tests): each operator of conv-4 w64's inner gradient on 25 images 28x28
# timed alone at the shapes it sees there, forward and backward (one retained graph, backward repeated), median ms;
# then the whole loss, as bench torch-speed's script writes it. Same operators, order and table as OperatorTimes.
# Usage: /usr/bin/python3 bilevel4j-torch/src/test/python/operator_times.py THREADS REPS on|off   (oneDNN on or off)
import os, statistics, sys, time
import torch
import torch.nn.functional as fn

threads, reps, onednn = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "on"
# conv-4 itself comes from the bench's script (its part above the timed runs, as gradient_phases.py loads it)
bench = os.path.join(os.path.dirname(__file__), "../../../../bilevel4j-cli/src/main/resources/bench/torch_speed.py")
defs = {}
sys.argv = [bench, str(threads), "full"]
exec(open(bench).read().split("reps = 2 if quick")[0], defs)
torch.set_num_threads(threads)
torch.backends.mkldnn.enabled = onednn
print("# python torch %s, %d threads, oneDNN %s, load %.2f" % (torch.__version__, threads, onednn, os.getloadavg()[0]))
torch.manual_seed(7)
leaf = lambda grad, *shape: torch.randn(*shape).requires_grad_(grad)
n, w = 25, 64
labels = torch.arange(n) % 5
cases = []
for i, s in enumerate((28, 14, 7, 3)):
    cin = 1 if i == 0 else w
    cases.append(("conv%d" % i, [leaf(i > 0, n, cin, s, s), leaf(True, w, cin, 3, 3), leaf(True, w)],
                  lambda a, k, b: fn.conv2d(a, k, b, padding=1)))
    cases.append(("bn%d" % i, [leaf(True, n, w, s, s), leaf(True, w), leaf(True, w)],
                  lambda a, g, b: fn.batch_norm(a, None, None, g, b, training=True)))
    cases.append(("relu%d" % i, [leaf(True, n, w, s, s)], fn.relu))
    cases.append(("pool%d" % i, [leaf(True, n, w, s, s)], lambda a: fn.max_pool2d(a, 2)))
cases.append(("linear", [leaf(True, n, w), leaf(True, 5, w), leaf(True, 5)], fn.linear))
cases.append(("ce+weight", [leaf(True, n, 5), leaf(True, n)],
              lambda z, x: (torch.sigmoid(x) * fn.cross_entropy(z, labels, reduction="none")).mean()))
images = leaf(False, n, 1, 28, 28)
shapes, forward = defs["conv4"](w, 5)
params = [leaf(True, *shape) for shape in shapes] + [leaf(True, n)]


def net(*p):
    return (torch.sigmoid(p[-1]) * fn.cross_entropy(forward(p[:-1], images), labels, reduction="none")).mean()


cases.append(("net (raw chain)", params, net))


def timed(op, inputs):
    """Median ms of forward and backward alone: wall, then the calling thread's CPU."""
    f, b, fc, bc = [], [], [], []
    for i in range(reps + 20):
        t0, c0 = time.perf_counter(), time.thread_time()
        op(*inputs)
        if i >= 20:
            f.append(1e3 * (time.perf_counter() - t0)); fc.append(1e3 * (time.thread_time() - c0))
    out = op(*inputs)
    g = torch.randn(out.shape)
    wrt = [t for t in inputs if t.requires_grad]
    for i in range(reps + 20):
        t0, c0 = time.perf_counter(), time.thread_time()
        torch.autograd.grad(out, wrt, g, retain_graph=True, allow_unused=True)
        if i >= 20:
            b.append(1e3 * (time.perf_counter() - t0)); bc.append(1e3 * (time.thread_time() - c0))
    m = statistics.median
    return [m(f), m(b), m(fc), m(bc)]


row = lambda name, t: print("%-22s %8.3f %8.3f %8.3f %8.3f" % (name, *t))
total = [0.0] * 4
print("%-22s %8s %8s %8s %8s" % ("# op", "fwd", "bwd", "fwd cpu", "bwd cpu"))
for name, inputs, op in cases:
    t = timed(op, inputs)
    if not name.startswith("net"):
        total = [a + b for a, b in zip(total, t)]
    else:
        row("sum of ops", total)
    row(name, t)
