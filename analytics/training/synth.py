"""Seeded synthetic vitals for training the Edge anomaly model (normal days only).

The design follows shared reference analytics.md section 4.2: per-patient baselines, AR(1) noise per minute, a
circadian cosine (trough ~04:00, peak ~16:00), SpO2 capped at 100, per-sample dropouts, sparse temperature (every
5 min) and blood pressure (every 15 min). The C# generator in analytics/Evaluation is the one that adds labelled
episodes for evaluation; this copy only has to produce *normal* physiology for the autoencoder to learn.

Everything is driven by numpy.random.default_rng(seed): the same seed gives the same arrays on the same numpy.
"""
import numpy as np

CHANNELS = ["heart_rate", "spo2", "respiratory_rate", "body_temperature", "systolic_bp", "diastolic_bp"]
UNITS = ["/min", "%", "/min", "Cel", "mm[Hg]", "mm[Hg]"]
# Robust-z floors (same order as CHANNELS): a quantised, quiet signal has MAD ~ 0, so the scale never goes below these.
FLOORS = np.array([2.5, 1.0, 1.0, 0.1, 4.0, 3.0], dtype=np.float64)
# Cadence in minutes and how long a value is carried forward (minutes) before it is missing.
CADENCE = np.array([1, 1, 1, 5, 15, 15])
STALE_AFTER = np.array([1, 1, 1, 10, 30, 30])
Z_CLIP = 8.0
MINUTES_PER_DAY = 1440
TOD_BINS = 6  # 4-hour time-of-day bins


def patient(rng):
    """Draws one patient's baseline (mean per channel) and circadian amplitudes."""
    hr = rng.normal(72, 8)
    spo2 = min(99.0, rng.normal(97, 1))
    rr = rng.normal(15, 2)
    temp = rng.normal(36.7, 0.2)
    sbp = rng.normal(125, 12)
    dbp = rng.normal(78, 7)
    mean = np.array([hr, spo2, rr, temp, sbp, dbp])
    amp = np.array([5.0, 0.0, 1.0, 0.3, 6.0, 4.0]) * rng.uniform(0.6, 1.4)
    # Which devices this patient has: not every home has a cuff or a thermometer patch.
    has = np.array([True, True, rng.random() > 0.15, rng.random() > 0.2, rng.random() > 0.25, True])
    has[5] = has[4]
    drop = rng.uniform(0.02, 0.45)  # per-sample dropout rate: RAPID saw 37-50 % data loss
    return mean, amp, has, drop


PHI = np.array([0.9, 0.8, 0.8, 0.98, 0.9, 0.9])
SIGMA = np.array([2.0, 0.5, 0.8, 0.02, 3.0, 2.0])


def days(rng, mean, amp, has, drop, n_days, start_minute=0):
    """Minute series [T, V] of raw values (NaN where nothing was measured) for n_days."""
    t_len = n_days * MINUTES_PER_DAY
    minute = (start_minute + np.arange(t_len)) % MINUTES_PER_DAY
    hours = minute / 60.0
    # Peak ~16:30, trough ~04:30.
    circ = np.cos(2 * np.pi * (hours - 16.5) / 24.0)
    noise = np.zeros((t_len, 6))
    eps = rng.normal(0, 1, size=(t_len, 6)) * SIGMA
    state = eps[0] / np.sqrt(1 - PHI ** 2)
    for i in range(t_len):
        state = PHI * state + eps[i]
        noise[i] = state
    x = mean + amp * circ[:, None] + noise
    x[:, 1] = np.minimum(np.round(x[:, 1]), 100.0)          # oximeters report whole percent
    x[:, 0] = np.round(x[:, 0])
    x[:, 2] = np.round(x[:, 2])
    x[:, 3] = np.round(x[:, 3], 1)
    x[:, 4:] = np.round(x[:, 4:])
    measured = np.zeros((t_len, 6), dtype=bool)
    for v in range(6):
        if has[v]:
            measured[:, v] = (minute % CADENCE[v]) == 0
    measured &= rng.random((t_len, 6)) >= drop
    x[~measured] = np.nan
    return x, minute


def carry_forward(x):
    """Carries each sparse value forward up to STALE_AFTER minutes; returns values and the mask (1 = usable)."""
    t_len, v_len = x.shape
    out = np.zeros_like(x)
    mask = np.zeros_like(x)
    for v in range(v_len):
        last, age = np.nan, 10 ** 9
        for i in range(t_len):
            if not np.isnan(x[i, v]):
                last, age = x[i, v], 0
            else:
                age += 1
            if age < STALE_AFTER[v] and not np.isnan(last):
                out[i, v] = last
                mask[i, v] = 1.0
    return out, mask


def tod_bin(minute):
    return (minute * TOD_BINS) // MINUTES_PER_DAY


def baseline(values, mask, minute):
    """Robust per-bin median/scale from a baseline period, as the C# RobustBaseline builds it."""
    med = np.zeros((TOD_BINS, 6))
    scale = np.zeros((TOD_BINS, 6))
    bins = tod_bin(minute)
    for v in range(6):
        ok = mask[:, v] > 0
        allv = values[ok, v]
        all_med = np.median(allv) if allv.size else 0.0
        all_mad = np.median(np.abs(allv - all_med)) if allv.size else 0.0
        for b in range(TOD_BINS):
            sel = ok & (bins == b)
            if sel.sum() >= 30:
                m = np.median(values[sel, v])
                mad = np.median(np.abs(values[sel, v] - m))
            else:
                m, mad = all_med, all_mad
            med[b, v] = m
            scale[b, v] = max(1.4826 * mad, FLOORS[v])
    return med, scale


def normalise(values, mask, minute, med, scale):
    b = tod_bin(minute)
    z = (values - med[b]) / scale[b]
    z = np.clip(z, -Z_CLIP, Z_CLIP) * mask
    return z.astype(np.float32), mask.astype(np.float32)


def cohort(seed, n_patients, n_days, window, stride):
    """Windows [N, W, V] of z-scores and masks: day 1 builds each patient's baseline, every day is windowed."""
    rng = np.random.default_rng(seed)
    xs, ms = [], []
    for _ in range(n_patients):
        mean, amp, has, drop = patient(rng)
        raw, minute = days(rng, mean, amp, has, drop, n_days)
        values, mask = carry_forward(raw)
        med, scale = baseline(values[:MINUTES_PER_DAY], mask[:MINUTES_PER_DAY], minute[:MINUTES_PER_DAY])
        z, m = normalise(values, mask, minute, med, scale)
        for s in range(0, len(z) - window + 1, stride):
            xs.append(z[s:s + window])
            ms.append(m[s:s + window])
    return np.stack(xs), np.stack(ms)
