#!/usr/bin/env python3
"""Prints the known answers DriftStatisticsTests.swift keeps as constants.

Run once with scipy (1.17.1 made the figures in the tests); CI does not need scipy.
PSI has no scipy function: it is written here with numpy the way docs/CLI.md defines it
(numpy's default quantiles as cut points, a value on a cut point in the bin below, empty
bins counted as 1e-4).
"""
import numpy as np
from scipy import special, stats


def sample(seed, n, shift=0.0, scale=1.0, rounding=None):
    rng = np.random.default_rng(seed)
    x = rng.normal(shift, scale, n)
    return np.round(x, rounding) if rounding is not None else x


def psi(expected, actual, bins=10):
    edges = np.unique(np.quantile(expected, np.arange(1, bins) / bins))
    e = np.bincount(np.searchsorted(edges, expected, side="left"), minlength=len(edges) + 1) / len(expected)
    a = np.bincount(np.searchsorted(edges, actual, side="left"), minlength=len(edges) + 1) / len(actual)
    e = np.maximum(e, 1e-4)
    a = np.maximum(a, 1e-4)
    return float(np.sum((a - e) * np.log(a / e)))


def show(name, values):
    print(f"{name}: [" + ", ".join(repr(float(v)) for v in values) + "]")


# Small samples written out in the test; large ones regenerated there from these integers.
small_a = [0.1, 0.5, 0.5, 1.2, 2.0, 2.0, 2.0, 3.5]
small_b = [0.4, 0.5, 1.9, 2.0, 2.5, 2.5, 4.0, 4.5, 5.0]
r = stats.ks_2samp(small_a, small_b, method="asymp")
print("small ks", repr(float(r.statistic)), "asymp p", repr(float(r.pvalue)))
d = r.statistic
en = len(small_a) * len(small_b) / (len(small_a) + len(small_b))
print("small kstwobign p", repr(float(stats.kstwobign.sf(np.sqrt(en) * d))))
print("small psi(3 bins)", repr(psi(np.array(small_a), np.array(small_b), 3)))

# Integers i*7 % 101 and (i*13 % 97) + 5: ties, uneven sizes.
ia = np.array([(i * 7) % 101 for i in range(3000)], dtype=float)
ib = np.array([(i * 13) % 97 + 5 for i in range(2500)], dtype=float)
r = stats.ks_2samp(ia, ib, method="asymp")
en = len(ia) * len(ib) / (len(ia) + len(ib))
print("ties ks", repr(float(r.statistic)), "asymp p", repr(float(r.pvalue)),
      "kstwobign p", repr(float(stats.kstwobign.sf(np.sqrt(en) * r.statistic))))
print("ties psi", repr(psi(ia, ib)))

# Sines: sin(i) and sin(i*1.1)+0.05, 20000 and 30000 values.
sa = np.sin(np.arange(20000))
sb = np.sin(np.arange(30000) * 1.1) + 0.05
r = stats.ks_2samp(sa, sb, method="asymp")
en = len(sa) * len(sb) / (len(sa) + len(sb))
print("large ks", repr(float(r.statistic)), "asymp p", repr(float(r.pvalue)),
      "kstwobign p", repr(float(stats.kstwobign.sf(np.sqrt(en) * r.statistic))))
print("large psi", repr(psi(sa, sb)))

for x in [0.3, 0.5, 0.8, 1.0, 1.36, 2.0, 3.0]:
    print("kolmogorov", x, repr(float(stats.kstwobign.sf(x))))

for table in [[[10, 20, 30], [15, 25, 20]], [[12, 8], [5, 15]], [[100, 200, 300, 5], [120, 180, 310, 40]]]:
    chi2, p, dof, _ = stats.chi2_contingency(table)
    print("chi2", table, repr(float(chi2)), dof, repr(float(p)))

for a, x in [(0.5, 0.1), (1.0, 2.0), (2.5, 1.0), (3.0, 10.0), (10.0, 3.0), (50.0, 60.0), (1.5, 40.0)]:
    print("gammainc", a, x, repr(float(special.gammainc(a, x))), repr(float(special.gammaincc(a, x))))
