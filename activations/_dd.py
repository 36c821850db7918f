"""Error-free transformations (double-double arithmetic in float64) for the few elements that need them.

exp(t) turns an absolute error in t into a relative error of the same size:
near t = -700 one rounding of t costs up to 8e-14. The cure is to carry t as an
unevaluated sum hi + lo of two doubles (Dekker's two_prod, Knuth's two_sum) and
take e^hi · (1 + lo). Results below the normal range are formed at a scale of
2^SHIFT and brought down with one ldexp, so a subnormal result is rounded once
instead of losing bits in every product after it.

Everything here is plain float64: the same digits on every platform, unlike
C long double (no wider than a double on arm64 macOS and on Windows). The helpers are
meant for the masked tails of an array, not for whole arrays: the fast paths in
the family modules stay in ordinary double precision.
"""
from __future__ import annotations

import numpy as np

_SPLITTER = 134217729.0  # 2^27 + 1
_SPLIT_LIMIT = 2.0**996  # beyond it the splitter's product would overflow

SHIFT = 128  # results are formed at 2^128 times their size, then scaled down once
# 128 ln 2 as hi + lo (60-digit value; added to t with two_sum, so nothing is lost).
_SHIFT_LN_HI = 88.722839111673
_SHIFT_LN_LO = 2.9683799217232634e-15


def two_sum(a, b):
    """(s, e) with s = fl(a + b) and a + b = s + e exactly."""
    s = a + b
    bb = s - a
    e = (a - (s - bb)) + (b - bb)
    return s, e


def fast_two_sum(a, b):
    """two_sum for |a| >= |b| (or a = 0)."""
    s = a + b
    return s, b - (s - a)


def _split(a):
    c = _SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def two_prod(a, b):
    """(p, e) with p = fl(a b) and a b = p + e exactly (no FMA needed; |a|, |b| < 2^996)."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def dd_mul(ah, al, bh, bl):
    """(ah + al)(bh + bl) as a normalised double-double (relative error ~1e-32)."""
    p, e = two_prod(ah, bh)
    e = e + (ah * bl + al * bh)
    return fast_two_sum(p, e)


def dd_add(ah, al, bh, bl):
    """(ah + al) + (bh + bl) as a normalised double-double."""
    s, e = two_sum(ah, bh)
    e = e + (al + bl)
    return fast_two_sum(s, e)


def const(text: str) -> tuple[float, float]:
    """A decimal constant as hi + lo, exact to ~1e-32 (from the decimal module, not from float arithmetic)."""
    from decimal import Decimal, localcontext
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(text)
        hi = float(exact)
        lo = float(exact - Decimal(hi))
    return hi, lo


def exp_times(t_hi, t_lo, factor):
    """factor · e^(t_hi + t_lo) to a few ulps, for any t_hi (the tails' exponents).

    Where t_hi < 0 the product is formed at 2^SHIFT and scaled down with one rounding,
    so a result in the subnormal range is as close as that range allows. `factor` is
    any finite double (its sign and size carry through); overflow gives inf.
    """
    t_hi = np.asarray(t_hi, dtype=np.float64)
    low = t_hi < 0.0
    s, e = two_sum(t_hi, np.where(low, _SHIFT_LN_HI, 0.0))
    e = e + (t_lo + np.where(low, _SHIFT_LN_LO, 0.0))
    with np.errstate(under="ignore", over="ignore", invalid="ignore"):
        y = np.exp(s) * (1.0 + e) * factor  # 1 + e rounds e (< 1e-13) by 1e-16 relatively: harmless
        return np.ldexp(y, np.where(low, -SHIFT, 0))


def times_dd(c_hi: float, c_lo: float, x):
    """(c_hi + c_lo) · x as hi + lo, for a double-double constant and moderate doubles x."""
    p, e = two_prod(c_hi, x)
    return fast_two_sum(p, e + c_lo * x)


def horner(coeffs, d):
    """Σ coeffs[k] d^k, Horner's scheme."""
    out = np.zeros_like(d) + coeffs[-1]
    for c in reversed(coeffs[:-1]):
        out = out * d + c
    return out


class RootSeries:
    """A function near a simple irrational root t0: Σ taylor[k] d^(k+1) with d = t - t0.

    Near such a root a textbook formula subtracts two nearly equal terms and keeps only
    their rounding errors (GELU' = Φ(x) + x φ(x) at x = -0.75). There the function is its
    Taylor series in d = (t_hi - root_hi) + (t_lo - root_lo), both differences exact
    (Sterbenz), with the root and coefficients computed once at 60 digits (mpmath) and
    stored as doubles (`mp.findroot` on the derivative, then `mp.taylor(f', root, 13)[1:]`).
    Within `radius` the series' first omitted term is below 1e-20.
    """

    def __init__(self, root_hi: float, root_lo: float, taylor: tuple[float, ...], radius: float = 0.05):
        self.root, self.taylor, self.radius = (root_hi, root_lo), taylor, radius

    def near(self, t) -> np.ndarray:
        """Mask of the elements of t (its double value) that the series should take."""
        mask = np.greater(t, self.root[0] - self.radius)  # two comparisons: no float temporary
        mask &= np.less(t, self.root[0] + self.radius)
        return mask

    def __call__(self, t_hi, t_lo=0.0):
        d = (t_hi - self.root[0]) + (t_lo - self.root[1])
        return d * horner(self.taylor, d)

    def patch(self, out: np.ndarray, t: np.ndarray, beta: float = 1.0, x: np.ndarray | None = None) -> np.ndarray:
        """Overwrite out where t is near the root; t = beta * x is re-formed exactly there when beta != 1."""
        mask = self.near(t)
        if mask.any():
            if beta == 1.0:
                out[mask] = self(t[mask])
            else:
                out[mask] = self(*two_prod(beta, x[mask]))
        return out


def _exp_tables():
    from decimal import Decimal, localcontext
    with localcontext() as ctx:
        ctx.prec = 60
        ln2_64 = Decimal(2).ln() / 64
        # hi with 36 significant bits: k * hi is exact for |k| < 2^17 (|x| < 745 * 1.0x).
        hi = float(ln2_64)
        hi = float(np.ldexp(np.round(np.ldexp(hi, 42)), -42))
        lo = float(ln2_64 - Decimal(hi))
        table = []
        for j in range(64):
            v = Decimal(2) ** (Decimal(j) / 64)
            vh = float(v)
            table.append((vh, float(v - Decimal(vh))))
        inv_fact = []
        f = Decimal(1)
        for n in range(12):
            f = f * n if n else Decimal(1)
            c = 1 / f
            ch = float(c)
            inv_fact.append((ch, float(c - Decimal(ch))))
    return hi, lo, float(64 / Decimal(2).ln()), np.array(table), inv_fact


_LN2_64_HI, _LN2_64_LO, _INV_LN2_64, _POW2_64, _INV_FACT = _exp_tables()


def exp_dd(x):
    """e^x as hi + lo with a relative error near 1e-25, for |x| < 700 (x a float64 array).

    e^x = 2^(k // 64) · 2^((k % 64)/64) · e^r with k = round(64 x / ln 2): the table holds
    2^(j/64) in double-double (from the decimal module), r = x - k ln2/64 is formed exactly
    (|r| < 0.0055), and e^r is its Taylor series to r^9/9! in double-double arithmetic.
    For the few elements whose e^x feeds a second exponential (loglog's e^{x - e^x}).
    """
    x = np.asarray(x, dtype=np.float64)
    k = np.round(x * _INV_LN2_64)
    r_hi = x - k * _LN2_64_HI  # exact: k * hi is exact and close to x
    p, e = two_prod(k, _LN2_64_LO)
    r_hi, r_lo = two_sum(r_hi, -p)
    r_lo = r_lo - e
    acc_h, acc_l = _INV_FACT[9]
    acc_h, acc_l = np.full_like(x, acc_h), np.full_like(x, acc_l)
    for n in range(8, -1, -1):
        acc_h, acc_l = dd_mul(acc_h, acc_l, r_hi, r_lo)
        acc_h, acc_l = dd_add(acc_h, acc_l, *_INV_FACT[n])
    ki = k.astype(np.int64)
    j = ki % 64
    t = _POW2_64[j]
    hi, lo = dd_mul(t[..., 0], t[..., 1], acc_h, acc_l)
    q = (ki - j) // 64
    return np.ldexp(hi, q), np.ldexp(lo, q)
