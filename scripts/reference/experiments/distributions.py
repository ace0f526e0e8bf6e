#!/usr/bin/python3
"""Reference values for app/experiments/model/distributions.ts.

Run with Debian's python3-scipy (1.10.1):
  /usr/bin/python3 scripts/reference/experiments/distributions.py > test/fixtures/experiments/distributions.json
scipy.stats.norm and chi2 (Cephes ndtr/ndtri/igamc) are relative-accurate to ~1e-15 in the tails. Cephes'
stdtri (scipy.stats.t.ppf) is only good to ~1e-9 and stdtr loses digits for huge df, so Student t values come
from mpmath (Debian python3-mpmath) at 40 significant digits: the CDF through the regularised incomplete
beta, the quantile by root finding on it.
"""
import mpmath as mp
import json
import scipy
from scipy import stats

normal_z = [-37.0, -30.0, -20.0, -10.0, -8.5, -6.0, -4.0, -3.0, -2.5, -2.4999, -1.959963984540054, -1.0, -0.3,
            0.0, 0.7, 1.5, 2.0, 3.2, 5.0, 9.0, 25.0]
normal_p = [1e-300, 1e-100, 1e-20, 1e-10, 1e-6, 0.001, 0.025, 0.05, 0.2, 0.5, 0.8, 0.975, 0.999, 0.9999999]
t_cases = [(t, df) for df in [1, 2, 3, 4.5, 10, 29.7, 100, 1234.5, 1e5, 3e6] for t in [-40.0, -7.0, -2.0, -0.5, 0.0, 0.1, 1.3, 2.6, 5.0, 12.0, 60.0]]
t_quantiles = [(p, df) for df in [1, 2, 3, 4.5, 10, 29.7, 100, 1234.5, 1e5, 3e6] for p in [1e-12, 1e-6, 0.001, 0.025, 0.05, 0.3, 0.5, 0.9, 0.975, 0.995]]
chi2_cases = [(x, df) for df in [1, 2, 3, 4, 9, 30, 200] for x in [0.001, 0.5, 1.0, 3.84, 10.0, 25.0, 60.0, 150.0, 400.0]]
chi2_quantiles = [(p, df) for df in [1, 2, 3, 4, 9, 30, 200] for p in [1e-8, 0.001, 0.05, 0.5, 0.95, 0.999]]
chi2_upper_quantiles = [(q, df) for df in [1, 2, 4, 9] for q in [1e-12, 1e-6, 0.001]]

mp.mp.dps = 40


def t_lower(t, df):
    t = mp.mpf(t)
    df = mp.mpf(df)
    if t == 0:
        return mp.mpf(1) / 2
    tail = mp.betainc(df / 2, mp.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2
    return tail if t < 0 else 1 - tail


def t_upper(t, df):
    return t_lower(-t, df)


def t_pdf(t, df):
    t = mp.mpf(t)
    df = mp.mpf(df)
    return mp.exp(-mp.log(df) / 2 - mp.log(mp.beta(df / 2, mp.mpf(1) / 2)) - (df + 1) / 2 * mp.log1p(t * t / df))


def t_quantile(p, df):
    p = mp.mpf(p)
    if p == mp.mpf(1) / 2:
        return mp.mpf(0)
    start = mp.mpf(stats.t.ppf(float(p), df))
    return mp.findroot(lambda x: (t_lower(x, df) - p) / p if p < 0.5 else (t_upper(x, df) - (1 - p)) / (1 - p), start)


def incomplete_beta_by_quadrature(x, a, b):
    """I_x(a, b) and 1 - I_x(a, b) by mpmath quadrature of the beta density, split around the mode: Cephes'
    incbet (scipy.special.betainc) loses up to 1e-9 for parameters near 1e5-1e6, mpmath.betainc's
    hypergeometric series does not converge there."""
    a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    log_beta = mp.log(mp.beta(a, b))

    def density(u):
        return mp.exp((a - 1) * mp.log(u) + (b - 1) * mp.log1p(-u) - log_beta)

    mean = a / (a + b)
    sd = mp.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    knots = [mean + k * sd / 2 for k in range(-120, 121)]
    # Integrate the smaller side; the other is 1 minus it at 30 digits.
    if x <= mean:
        lower = mp.quad(density, sorted(set([mp.mpf(0)] + [k for k in knots if 0 < k < x] + [x])))
        return float(lower), float(1 - lower)
    upper = mp.quad(density, sorted(set([x] + [k for k in knots if x < k < 1] + [mp.mpf(1)])))
    return float(1 - upper), float(upper)


beta_cases = [(0.3, 2, 3), (0.3, 2, 0.5), (0.3, 0.5, 0.5), (0.0010154012521807186, 961.3114163245851, 849534.0523535213),
              (0.9999896922686978, 323184.4407000008, 7.621855418142474), (0.9999916789922892, 659885.1726332844, 3),
              (0.000041104988407478766, 2.592206131503676, 137667.66093925864),
              (0.9999886420803391, 364627.9096603386, 0.6561448472743459), (0.4762793230912554, 215219.34166748155, 231293.82777302025)]

out = {
    "source": "scipy %s and mpmath %s (Debian), scripts/reference/experiments/distributions.py" % (scipy.__version__, mp.__version__),
    "normal": [{"z": z, "cdf": float(stats.norm.cdf(z)), "sf": float(stats.norm.sf(z)), "pdf": float(stats.norm.pdf(z))} for z in normal_z],
    "normalQuantile": [{"p": p, "quantile": float(stats.norm.ppf(p)), "upperQuantile": float(stats.norm.isf(p))} for p in normal_p],
    "studentT": [{"t": t, "df": df, "cdf": float(t_lower(t, df)), "sf": float(t_upper(t, df)), "pdf": float(t_pdf(t, df))} for t, df in t_cases],
    "studentTQuantile": [{"p": p, "df": df, "quantile": float(t_quantile(p, df)), "upperQuantile": float(-t_quantile(p, df))} for p, df in t_quantiles],
    "chiSquare": [{"x": x, "df": df, "cdf": float(stats.chi2.cdf(x, df)), "sf": float(stats.chi2.sf(x, df)), "pdf": float(stats.chi2.pdf(x, df))} for x, df in chi2_cases],
    "chiSquareQuantile": [{"p": p, "df": df, "quantile": float(stats.chi2.ppf(p, df))} for p, df in chi2_quantiles],
    "incompleteBeta": [dict(zip(["x", "a", "b", "lower", "upper"], [x, a, b, *incomplete_beta_by_quadrature(x, a, b)])) for x, a, b in beta_cases],
    "chiSquareUpperQuantile": [{"q": q, "df": df, "quantile": float(stats.chi2.isf(q, df))} for q, df in chi2_upper_quantiles],
}
print(json.dumps(out, indent=1))
