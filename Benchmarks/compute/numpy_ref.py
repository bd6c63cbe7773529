"""Reference figures for the compute-core benchmark, measured with numpy in a child process so
that OPENBLAS_NUM_THREADS takes effect before numpy loads. Prints one JSON object.

    python3 numpy_ref.py sgemm M N K      (threads from OPENBLAS_NUM_THREADS)
    python3 numpy_ref.py mlp SAMPLES
"""
import json
import sys
import time

import numpy as np


def sgemm(m: int, n: int, k: int) -> dict:
    rng = np.random.default_rng(1)
    a = rng.random((m, k), dtype=np.float32) - 0.5
    b = rng.random((k, n), dtype=np.float32) - 0.5
    a @ b
    flop = 2.0 * m * n * k
    reps = max(3, int(2e10 / flop))
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(reps):
            a @ b
        best = min(best, (time.perf_counter() - t) / reps)
    return {"gflops": flop / best / 1e9}


def mlp(samples: int) -> dict:
    """One epoch of a 784-256-128-10 ReLU MLP, softmax cross-entropy, Adam, batch 128."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((samples, 784), dtype=np.float32)
    y = rng.integers(0, 10, samples)
    sizes = [784, 256, 128, 10]
    params = []
    for i in range(3):
        bound = np.sqrt(6.0 / sizes[i])
        params.append((rng.random((sizes[i], sizes[i + 1]), dtype=np.float32) * 2 - 1) * np.float32(bound))
        params.append(np.zeros(sizes[i + 1], dtype=np.float32))
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps = np.float32(1e-3), np.float32(0.9), np.float32(0.999), np.float32(1e-8)
    order = rng.permutation(samples)
    start = time.perf_counter()
    step = 0
    for s in range(0, samples, 128):
        idx = order[s:s + 128]
        xb, yb = x[idx], y[idx]
        w1, c1, w2, c2, w3, c3 = params
        z1 = xb @ w1 + c1
        h1 = np.maximum(z1, 0)
        z2 = h1 @ w2 + c2
        h2 = np.maximum(z2, 0)
        logits = h2 @ w3 + c3
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        d3 = p
        d3[np.arange(len(yb)), yb] -= 1
        d3 /= np.float32(len(yb))
        g_w3 = h2.T @ d3
        g_c3 = d3.sum(axis=0)
        d2 = (d3 @ w3.T) * (z2 > 0)
        g_w2 = h1.T @ d2
        g_c2 = d2.sum(axis=0)
        d1 = (d2 @ w2.T) * (z1 > 0)
        g_w1 = xb.T @ d1
        g_c1 = d1.sum(axis=0)
        grads = [g_w1, g_c1, g_w2, g_c2, g_w3, g_c3]
        step += 1
        bc1 = 1 - b1 ** step
        bc2 = 1 - b2 ** step
        for i, g in enumerate(grads):
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            params[i] -= lr * (m[i] / bc1) / (np.sqrt(v[i] / bc2) + eps)
    elapsed = time.perf_counter() - start
    return {"samples_per_s": samples / elapsed, "seconds": elapsed}


if __name__ == "__main__":
    if sys.argv[1] == "sgemm":
        print(json.dumps(sgemm(*map(int, sys.argv[2:5]))))
    else:
        print(json.dumps(mlp(int(sys.argv[2]))))
