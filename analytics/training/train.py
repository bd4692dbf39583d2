#!/usr/bin/python3
"""Trains the Edge vitals autoencoder and writes the ONNX model plus its golden input/output.

Reproducible from Debian packages only (python3-numpy, python3-onnx; run with /usr/bin/python3):

    /usr/bin/python3 analytics/training/train.py [--out analytics/models] [--seed 20260105]

Writes <out>/vitals-ae-v1.onnx (IR 8, opset 17, contract in metadata_props) and <out>/vitals-ae-v1.golden.json.
Single-threaded BLAS and a fixed seed make a rebuild on the same numpy bit-identical; a different CPU may differ
in the last bits of the weights, which is why the C# rebuild test compares contract, data hash and behaviour, not bytes.
"""
import os

# Before numpy loads: one BLAS thread, so sums run in a fixed order (reproducible) and CI's 2 cores are not oversubscribed.
for _k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_k] = "1"

import argparse
import hashlib
import json
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import synth

WINDOW = 32
V = 6
HIDDEN = (64, 16, 64)
CONTRACT = "edge.vitals-ae/1"
MODEL_VERSION = "1.0.0"
NAME = "vitals-ae-v1"


def init(rng, fan_in, fan_out):
    return (rng.normal(0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))).astype(np.float32)


def forward(p, x, m):
    inp = np.concatenate([x * m, m], axis=2).reshape(len(x), -1)
    a1 = inp @ p["W1"] + p["b1"]; h1 = np.maximum(a1, 0)
    a2 = h1 @ p["W2"] + p["b2"]; h2 = np.maximum(a2, 0)
    a3 = h2 @ p["W3"] + p["b3"]; h3 = np.maximum(a3, 0)
    out = h3 @ p["W4"] + p["b4"]
    return inp, (a1, h1, a2, h2, a3, h3), out


def train(x, m, seed, epochs, batch=128, lr=1e-3):
    rng = np.random.default_rng(seed)
    d_in, d_out = 2 * WINDOW * V, WINDOW * V
    sizes = [d_in, *HIDDEN, d_out]
    p = {}
    for i in range(4):
        p[f"W{i + 1}"] = init(rng, sizes[i], sizes[i + 1])
        p[f"b{i + 1}"] = np.zeros(sizes[i + 1], np.float32)
    mom = {k: np.zeros_like(v) for k, v in p.items()}
    vel = {k: np.zeros_like(v) for k, v in p.items()}
    b1, b2, eps, step = 0.9, 0.999, 1e-8, 0
    n = len(x)
    xf, mf = x.reshape(n, -1), m.reshape(n, -1)
    for epoch in range(epochs):
        order = rng.permutation(n)
        total = 0.0
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            xb, mb = x[idx], m[idx]
            inp, (a1, h1, a2, h2, a3, h3), out = forward(p, xb, mb)
            tgt, w = xf[idx], mf[idx]
            cnt = max(w.sum(), 1.0)
            diff = (out - tgt) * w
            total += float((diff * diff).sum())
            g_out = (2.0 / cnt) * diff
            grads = {"W4": h3.T @ g_out, "b4": g_out.sum(0)}
            g = (g_out @ p["W4"].T) * (a3 > 0)
            grads["W3"], grads["b3"] = h2.T @ g, g.sum(0)
            g = (g @ p["W3"].T) * (a2 > 0)
            grads["W2"], grads["b2"] = h1.T @ g, g.sum(0)
            g = (g @ p["W2"].T) * (a1 > 0)
            grads["W1"], grads["b1"] = inp.T @ g, g.sum(0)
            step += 1
            for k in p:
                gk = grads[k].astype(np.float32)
                mom[k] = b1 * mom[k] + (1 - b1) * gk
                vel[k] = b2 * vel[k] + (1 - b2) * gk * gk
                mh = mom[k] / (1 - b1 ** step)
                vh = vel[k] / (1 - b2 ** step)
                p[k] = (p[k] - lr * mh / (np.sqrt(vh) + eps)).astype(np.float32)
        print(f"epoch {epoch + 1:2d}/{epochs}  masked mse {total / max(mf.sum(), 1):.4f}", flush=True)
    return p


def scores(p, x, m):
    """The graph's outputs, computed in float32 exactly as the ONNX graph orders them."""
    x = x.astype(np.float32); m = m.astype(np.float32)
    _, _, out = forward(p, x, m)
    recon = out.reshape(len(x), WINDOW, V)
    d = recon - x
    d2m = d * d * m
    se = d2m.sum(axis=1)
    cnt = np.maximum(m.sum(axis=1), np.float32(1))
    per_vital = (se / cnt).astype(np.float32)
    score = per_vital.mean(axis=1).astype(np.float32)
    last = d2m[:, WINDOW - 1, :].astype(np.float32)
    return per_vital, score, last


def build_graph(p, metadata):
    n = helper.make_node
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", WINDOW, V])
    mask = helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["N", WINDOW, V])
    outs = [
        helper.make_tensor_value_info("score_per_vital", TensorProto.FLOAT, ["N", V]),
        helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N"]),
        helper.make_tensor_value_info("last_per_vital", TensorProto.FLOAT, ["N", V]),
    ]
    inits = [numpy_helper.from_array(v, k) for k, v in sorted(p.items())]
    inits += [
        numpy_helper.from_array(np.array([-1, WINDOW, V], np.int64), "shape_out"),
        numpy_helper.from_array(np.array([1], np.int64), "axis1"),
        numpy_helper.from_array(np.array([1.0], np.float32), "one"),
        numpy_helper.from_array(np.array([WINDOW - 1], np.int64), "last_start"),
        numpy_helper.from_array(np.array([WINDOW], np.int64), "last_end"),
    ]
    nodes = [
        # Values under mask 0 are zeroed before the encoder, so garbage there cannot change any output.
        n("Mul", ["x", "mask"], ["xm"]),
        n("Concat", ["xm", "mask"], ["cat"], axis=2),
        n("Flatten", ["cat"], ["flat"], axis=1),
        n("MatMul", ["flat", "W1"], ["m1"]), n("Add", ["m1", "b1"], ["a1"]), n("Relu", ["a1"], ["h1"]),
        n("MatMul", ["h1", "W2"], ["m2"]), n("Add", ["m2", "b2"], ["a2"]), n("Relu", ["a2"], ["h2"]),
        n("MatMul", ["h2", "W3"], ["m3"]), n("Add", ["m3", "b3"], ["a3"]), n("Relu", ["a3"], ["h3"]),
        n("MatMul", ["h3", "W4"], ["m4"]), n("Add", ["m4", "b4"], ["out"]),
        n("Reshape", ["out", "shape_out"], ["recon"]),
        n("Sub", ["recon", "x"], ["d"]), n("Mul", ["d", "d"], ["d2"]), n("Mul", ["d2", "mask"], ["d2m"]),
        n("ReduceSum", ["d2m", "axis1"], ["se"], keepdims=0),
        n("ReduceSum", ["mask", "axis1"], ["cnt"], keepdims=0),
        # All-missing rows: divide by max(count, 1) so the score is 0, never NaN.
        n("Max", ["cnt", "one"], ["cnt1"]),
        n("Div", ["se", "cnt1"], ["score_per_vital"]),
        n("ReduceMean", ["score_per_vital"], ["score"], axes=[1], keepdims=0),
        n("Slice", ["d2m", "last_start", "last_end", "axis1"], ["last3"]),
        n("Squeeze", ["last3", "axis1"], ["last_per_vital"]),
    ]
    graph = helper.make_graph(nodes, NAME, [x, mask], outs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="edge-analytics-training")
    model.ir_version = 8
    model.doc_string = "Edge vitals autoencoder; the input contract is in metadata_props (contract=" + CONTRACT + ")."
    helper.set_model_props(model, metadata)
    onnx.checker.check_model(model, full_check=True)
    return model


def pct(a, q):
    return float(np.percentile(a, q))


def golden_windows(seed, x_val, m_val):
    """64 windows: 50 normal ones, injected deviations, missing-data corner cases."""
    rng = np.random.default_rng(seed + 7)
    idx = rng.choice(len(x_val), 50, replace=False)
    gx, gm = x_val[idx].copy(), m_val[idx].copy()
    extra_x, extra_m = [], []
    for v in range(V):  # a sustained deviation of -6 z in one vital over the last 12 minutes
        xx, mm = x_val[idx[v]].copy(), np.ones((WINDOW, V), np.float32)
        xx[-12:, v] -= 6.0
        extra_x.append(xx * mm); extra_m.append(mm)
    xx = x_val[idx[0]].copy(); mm = m_val[idx[0]].copy(); xx[-10:, 0] += 5; xx[-10:, 1] -= 5; xx[-10:, 2] += 4
    extra_x.append(xx * mm); extra_m.append(mm)                     # joint desaturation pattern
    extra_x.append(np.zeros((WINDOW, V), np.float32)); extra_m.append(np.zeros((WINDOW, V), np.float32))  # all missing
    xx = rng.normal(0, 50, (WINDOW, V)).astype(np.float32); extra_x.append(xx); extra_m.append(np.zeros((WINDOW, V), np.float32))  # garbage, all masked (C# zeroes it: contract says 0 where missing)
    xx = np.full((WINDOW, V), 8.0, np.float32); extra_x.append(xx); extra_m.append(np.ones((WINDOW, V), np.float32))   # clip ceiling
    xx = np.full((WINDOW, V), -8.0, np.float32); extra_x.append(xx); extra_m.append(np.ones((WINDOW, V), np.float32))  # clip floor
    mm = m_val[idx[1]].copy(); mm[:, 3:] = 0; extra_x.append(x_val[idx[1]] * mm); extra_m.append(mm)  # no temp, no BP
    mm = np.zeros((WINDOW, V), np.float32); mm[-1, :] = 1; extra_x.append(rng.normal(0, 1, (WINDOW, V)).astype(np.float32) * mm); extra_m.append(mm)  # one minute only
    mm = np.ones((WINDOW, V), np.float32); extra_x.append(np.zeros((WINDOW, V), np.float32)); extra_m.append(mm)  # flat at baseline
    gx = np.concatenate([gx, np.stack(extra_x)]).astype(np.float32)
    gm = np.concatenate([gm, np.stack(extra_m)]).astype(np.float32)
    # The golden garbage row keeps its values under mask 0 in x: the graph must ignore them (mask invariance).
    return gx[:64], gm[:64]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models")))
    ap.add_argument("--seed", type=int, default=20260105)
    ap.add_argument("--patients", type=int, default=40)
    ap.add_argument("--days", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=12)
    args = ap.parse_args()
    t0 = time.monotonic()

    x, m = synth.cohort(args.seed, args.patients, args.days, WINDOW, stride=6)
    x_val, m_val = synth.cohort(args.seed + 1, 12, 2, WINDOW, stride=4)
    data_hash = hashlib.sha256(x.tobytes() + m.tobytes()).hexdigest()
    print(f"train windows {len(x)}, validation windows {len(x_val)}, data sha256 {data_hash[:16]}…  ({time.monotonic() - t0:.1f} s)", flush=True)

    p = train(x, m, args.seed, args.epochs)
    per_vital, score, last = scores(p, x_val, m_val)
    thr_window = [pct(per_vital[:, v][m_val[:, :, v].sum(1) > 0], 99.5) for v in range(V)]
    thr_last = [pct(last[:, v][m_val[:, -1, v] > 0], 99.9) for v in range(V)]
    thr_score = pct(score, 99.5)

    f = lambda a: ",".join(f"{float(v):.6g}" for v in a)
    metadata = {
        "contract": CONTRACT,
        "model_version": MODEL_VERSION,
        "window_minutes": str(WINDOW),
        "channels": ",".join(synth.CHANNELS),
        "units": ",".join(synth.UNITS),
        "normalisation": "robust z: (x - median_tod_bin) / max(1.4826*MAD, floor), clipped to +-z_clip, 0 where mask is 0",
        "floors": f(synth.FLOORS),
        "z_clip": f"{synth.Z_CLIP:g}",
        "tod_bins": str(synth.TOD_BINS),
        "stale_after_minutes": f(synth.STALE_AFTER),
        "inputs": "x float32 [N,W,V] robust z-scores; mask float32 [N,W,V] 1 = observed and passed the quality gate, 0 = missing/stale/rejected",
        "outputs": "score_per_vital [N,V] masked mean squared reconstruction error over the window; score [N] mean over vitals; last_per_vital [N,V] squared error of the newest minute (0 where masked)",
        "threshold_score": f"{thr_score:.6g}",
        "thresholds_window_per_vital": f(thr_window),
        "thresholds_last_per_vital": f(thr_last),
        "threshold_quantiles": "score and window: p99.5, last: p99.9 of validation windows (seed+1)",
        "training_seed": str(args.seed),
        "training_patients": str(args.patients),
        "training_days": str(args.days),
        "training_windows": str(len(x)),
        "training_epochs": str(args.epochs),
        "training_data_sha256": data_hash,
        "numpy_version": np.__version__,
        "onnx_version": onnx.__version__,
    }
    model = build_graph(p, metadata)
    os.makedirs(args.out, exist_ok=True)
    model_path = os.path.join(args.out, NAME + ".onnx")
    onnx.save(model, model_path)

    gx, gm = golden_windows(args.seed, x_val, m_val)
    g_per, g_score, g_last = scores(p, gx, gm)
    golden = {
        "model": NAME + ".onnx",
        "model_sha256": hashlib.sha256(open(model_path, "rb").read()).hexdigest(),
        "contract": CONTRACT,
        "shape": [len(gx), WINDOW, V],
        "tolerance": {"absolute": 1e-5, "relative": 1e-5},
        "x": [float(v) for v in gx.reshape(-1)],
        "mask": [float(v) for v in gm.reshape(-1)],
        "score_per_vital": [float(v) for v in g_per.reshape(-1)],
        "score": [float(v) for v in g_score.reshape(-1)],
        "last_per_vital": [float(v) for v in g_last.reshape(-1)],
    }
    with open(os.path.join(args.out, NAME + ".golden.json"), "w") as fh:
        json.dump(golden, fh, separators=(",", ":"))
    print(f"wrote {model_path} ({os.path.getsize(model_path)} bytes); thresholds score {thr_score:.4f} window {f(thr_window)} last {f(thr_last)}")
    print(f"model sha256 {golden['model_sha256']}  total {time.monotonic() - t0:.1f} s")


if __name__ == "__main__":
    main()
