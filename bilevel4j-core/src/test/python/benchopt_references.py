# Issue 13's check, independent of the Java port: benchopt's MNIST hyper-cleaning split drawn by numpy itself
# (RandomState(32): sklearn's train_test_split permutation, then rand < p, then randint(0, 10)), and the test error of
# benchopt's inner model (multinomial logistic, no bias, mean cross-entropy + reg*||W||^2, StandardScaler fitted on the
# training part) solved to a gradient norm of 1e-7 for three weightings: uniform on the corrupted labels, oracle (weight 1
# on the samples whose label is right, 0 elsewhere) and every training sample with its true label (no corruption).
# Usage: /usr/bin/python3 benchopt_references.py [P [REG]]   (MNIST's IDX files from ./bilevel data fetch mnist; 2-3 min)
import os
import numpy as np, sys
D = os.path.join(os.path.expanduser(os.environ.get("BILEVEL4J_DATA", "~/.cache/bilevel4j/data")), "mnist") + "/"
def idx(f, off, shape):
    return np.frombuffer(open(D + f, "rb").read(), np.uint8, offset=off).reshape(shape)
Xtr = idx("train-images-idx3-ubyte", 16, (-1, 784)); ytr = idx("train-labels-idx1-ubyte", 8, (-1,)).copy()
Xte = idx("t10k-images-idx3-ubyte", 16, (-1, 784)); yte = idx("t10k-labels-idx1-ubyte", 8, (-1,))
p = float(sys.argv[1]) if len(sys.argv) > 1 else 0.5
reg = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
rng = np.random.RandomState(32)
perm = rng.permutation(60000)          # sklearn ShuffleSplit: test = first n_test, train = next n_train
val, tr = perm[:5000], perm[5000:25000]
X, y_true = Xtr[tr].astype(np.float64), ytr[tr].copy()
y = y_true.copy()
corrupted = rng.rand(20000) < p
y[corrupted] = rng.randint(0, 10, np.sum(corrupted))
print("corrupted", corrupted.sum(), "changed", (y != y_true).sum(), "first val/train rows", val[0], tr[0])
m = X.mean(0); s = X.std(0); s[s == 0] = 1
X = (X - m) / s; T = (Xte.astype(np.float64) - m) / s
def fit(w, labels):
    Y = np.eye(10)[labels]; n = len(labels)
    W = np.zeros((784, 10)); V = W.copy(); t = 1
    L = 0.5 * np.linalg.norm(X, 2) ** 2 / n + 2 * reg   # softmax Hessian <= 1/2 I
    mu = 2 * reg; q = (np.sqrt(L) - np.sqrt(mu)) / (np.sqrt(L) + np.sqrt(mu))
    for it in range(3000):
        Z = X @ V; Z -= Z.max(1, keepdims=True); P = np.exp(Z); P /= P.sum(1, keepdims=True)
        G = X.T @ ((P - Y) * w[:, None]) / n + 2 * reg * V
        Wn = V - G / L
        V = Wn + q * (Wn - W); W = Wn
        if np.linalg.norm(G) < 1e-7: break
    return W, it
for name, w, labels in [("uniform", np.ones(20000), y), ("oracle", (y == y_true).astype(float), y),
                        ("true labels, all", np.ones(20000), y_true)]:
    W, it = fit(w, labels)
    err = np.mean(np.argmax(T @ W, 1) != yte)
    print(f"{name:18s} test error {100*err:.2f}%  ({it} iterations)")
