# Python side of GradientPhases (bilevel4j-torch tests): the inner gradient of `bench torch-speed`'s networks
# (conv-4 w64 on 25 images 28x28, or ResNet-18 at batch 128 of 32x32x3), the networks of the bench's own script
# (bilevel4j-cli/src/main/resources/bench/torch_speed.py), at 1 thread and at THREADS alternating call by call:
# median / min wall ms and median process CPU ms, and the 1-thread call's forward / backward (thread CPU).
# Usage, from the repository root: /usr/bin/python3 bilevel4j-torch/src/test/python/gradient_phases.py conv4|resnet18 THREADS REPS
import os, statistics, sys, time
import torch
import torch.nn.functional as fn

model, threads, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
bench = os.path.join(os.path.dirname(__file__), "../../../../bilevel4j-cli/src/main/resources/bench/torch_speed.py")
defs = {}
sys.argv = [bench, "1", "full"]  # the script's own arguments: its part above the timed runs defines conv4 and resnet
exec(open(bench).read().split("reps = 2 if quick")[0], defs)
torch.manual_seed(0)
if model == "conv4":
    shapes, forward = defs["conv4"](64, 5); batch, ch, size, classes = 25, 1, 28, 5
else:
    shapes, forward = defs["resnet"]([64, 128, 256, 512], [2, 2, 2, 2], 10); batch, ch, size, classes = 128, 3, 32, 10
params = [(torch.randn(s) * 0.1).requires_grad_() for s in shapes]
x = torch.zeros(batch, requires_grad=True)
a = torch.randn(batch, ch, size, size)
b = torch.arange(batch) % classes
loss = lambda: (torch.sigmoid(x) * fn.cross_entropy(forward(params, a), b, reduction="none")).mean()
wall, cpu, fwd, bwd = {1: [], threads: []}, {1: [], threads: []}, [], []
for i in range(reps + 1):
    for t in (1, threads):
        torch.set_num_threads(t)
        w0, c0, tc0 = time.perf_counter(), time.process_time(), time.thread_time()
        l = loss()
        tc1 = time.thread_time()
        torch.autograd.grad(l, params + [x])
        w2, c2, tc2 = time.perf_counter(), time.process_time(), time.thread_time()
        if i == 0:
            continue
        wall[t].append(1e3 * (w2 - w0)); cpu[t].append(1e3 * (c2 - c0))
        if t == 1:
            fwd.append(1e3 * (tc1 - tc0)); bwd.append(1e3 * (tc2 - tc1))
m = statistics.median
print("  python gradient: 1 thread wall %.1f (min %.1f) cpu %.1f | %d threads wall %.1f (min %.1f) cpu %.1f | wall %d/1 %.2f"
      % (m(wall[1]), min(wall[1]), m(cpu[1]), threads, m(wall[threads]), min(wall[threads]), m(cpu[threads]), threads,
         m(wall[threads]) / m(wall[1])))
print("  python 1-thread phases (thread CPU): forward %.1f backward %.1f" % (m(fwd), m(bwd)))
