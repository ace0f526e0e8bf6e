#!/usr/bin/python3
"""Reference values for the experiment statistics engine (app/experiments/model/).

Run once with Debian's python3-scipy 1.10 / python3-statsmodels 0.13 / python3-numpy 1.24:
  /usr/bin/python3 scripts/reference/experiments/statistics.py > test/fixtures/experiments/statistics.json

Every value comes from a library routine or from an independent computation (numerical derivatives,
numerical integration, root finding), never from the TypeScript under test. Raw per-visitor data are
simulated with fixed seeds; the fixture carries the sums the engine takes plus the reference results.
"""
import json
import math

import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import integrate, optimize, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW, _tconfint_generic
from statsmodels.tools.numdiff import approx_fprime

ALTERNATIVES = {"two-sided": "two-sided", "greater": "larger", "less": "smaller"}


def sums(values):
    values = np.asarray(values, dtype=float)
    return {"visitors": int(values.size), "sum": float(values.sum()), "sumSquares": float((values**2).sum())}


def revenue_sample(rng, n, conversion, mean_order):
    """Per-visitor revenue: most visitors buy nothing, buyers spend a log-normal amount."""
    buys = rng.random(n) < conversion
    return np.where(buys, rng.lognormal(math.log(mean_order) - 0.5, 1.0, n), 0.0)


def welch_cases():
    """Welch's t-test on raw revenue data: statsmodels CompareMeans (usevar='unequal') and scipy."""
    cases = []
    for seed, (n_c, n_v, lift) in enumerate([(3407, 3461, 0.08), (250, 180, 0.0), (20000, 20100, 0.03), (40, 55, 0.5)]):
        rng = np.random.default_rng(7000 + seed)
        control = revenue_sample(rng, n_c, 0.09, 45.0)
        variant = revenue_sample(rng, n_v, 0.09 * (1 + lift), 45.0)
        case = {"control": sums(control), "variant": sums(variant), "results": {}}
        compare = CompareMeans(DescrStatsW(variant), DescrStatsW(control))
        for ours, theirs in ALTERNATIVES.items():
            statistic, p_value, dof = compare.ttest_ind(alternative=theirs, usevar="unequal")
            scipy_result = stats.ttest_ind(variant, control, equal_var=False, alternative=ours)
            low, high = compare.tconfint_diff(alpha=0.05, alternative=theirs, usevar="unequal")
            case["results"][ours] = {
                "statistic": float(statistic),
                "pValue": float(p_value),
                "scipyPValue": float(scipy_result.pvalue),
                "degreesOfFreedom": float(dof),
                "ci": [float(low), float(high) if np.isfinite(high) else None],
            }
            if not np.isfinite(low):
                case["results"][ours]["ci"][0] = None
        # Relative lift: delta method with numerical derivatives of g(m_c, m_v) = m_v/m_c - 1.
        means = np.array([control.mean(), variant.mean()])
        cov = np.diag([control.var(ddof=1) / n_c, variant.var(ddof=1) / n_v])
        gradient = approx_fprime(means, lambda p: np.array([p[1] / p[0] - 1.0]), centered=True).reshape(-1)
        se = float(np.sqrt(gradient @ cov @ gradient))
        lift_estimate = float(means[1] / means[0] - 1)
        dof = case["results"]["two-sided"]["degreesOfFreedom"]
        low, high = _tconfint_generic(lift_estimate, se, dof, 0.05, "two-sided")
        case["relative"] = {
            "estimate": lift_estimate,
            "standardError": se,
            "ci": [float(low), float(high)],
            "pValue": float(2 * stats.t.sf(abs(lift_estimate / se), dof)),
        }
        cases.append(case)
    return cases


def proportion_cases():
    """Conversion rates: scipy ttest_ind_from_stats with std = sqrt(p(1-p)) (the binomial variance) and
    statsmodels' Wald interval for the standard error."""
    cases = []
    for n_c, x_c, n_v, x_v in [(3407, 310, 3461, 352), (10000, 512, 10000, 571), (120, 3, 130, 9)]:
        p_c, p_v = x_c / n_c, x_v / n_v
        result = stats.ttest_ind_from_stats(
            p_v, math.sqrt(p_v * (1 - p_v)), n_v, p_c, math.sqrt(p_c * (1 - p_c)), n_c, equal_var=False
        )
        low, high = confint_proportions_2indep(x_v, n_v, x_c, n_c, method="wald", compare="diff", alpha=0.05)
        cases.append(
            {
                "control": {"visitors": n_c, "conversions": x_c},
                "variant": {"visitors": n_v, "conversions": x_v},
                "statistic": float(result.statistic),
                "pValue": float(result.pvalue),
                "waldStandardError": float((high - low) / (2 * stats.norm.isf(0.025))),
            }
        )
    return cases


def ratio_cases():
    """Average order value = revenue / orders per visitor: delta method with numerical derivatives."""
    cases = []
    for seed, n in enumerate([5000, 800]):
        rng = np.random.default_rng(8100 + seed)
        orders = rng.poisson(0.12, n).astype(float)
        revenue = np.array([rng.lognormal(3.4, 0.9, int(k)).sum() for k in orders])
        data = np.vstack([revenue, orders])
        cov = np.cov(data, ddof=1) / n
        means = data.mean(axis=1)
        gradient = approx_fprime(means, lambda p: np.array([p[0] / p[1]]), centered=True).reshape(-1)
        cases.append(
            {
                "visitors": n,
                "sums": {
                    "numeratorSum": float(revenue.sum()),
                    "numeratorSumSquares": float((revenue**2).sum()),
                    "denominatorSum": float(orders.sum()),
                    "denominatorSumSquares": float((orders**2).sum()),
                    "crossProducts": float((revenue * orders).sum()),
                },
                "ratio": float(revenue.sum() / orders.sum()),
                "standardError": float(np.sqrt(gradient @ cov @ gradient)),
            }
        )
    return cases


def rho_squared(alpha, tau):
    # drconfseq::best_rho2_approx(t_opt = tau, alpha_opt = alpha) (Waudby-Smith et al.), in SD units.
    return (2 * math.log(1 / alpha) + math.log(1 + 2 * math.log(1 / alpha))) / tau


def sequential_cases():
    """Asymptotic CS in the paper's parametrisation: rho_paper^2 = r^2 / sigma^2, mean of t pseudo-outcomes
    with variance sigma^2 = t * SE^2. The p-value is found by root finding on alpha (the smallest alpha
    whose CS excludes 0), not by the closed form the engine uses."""
    cases = []
    for estimate, se, t, alpha, tau in [
        (0.42, 0.15, 6868, 0.05, 5000),
        (-0.031, 0.012, 40000, 0.05, 5000),
        (0.002, 0.02, 300, 0.05, 5000),
        (1.5, 0.5, 10000, 0.01, 20000),
        (0.08, 0.025, 2000, 0.1, 1000),
    ]:
        sigma2 = t * se * se
        rho2_paper = rho_squared(alpha, tau) / sigma2

        def half_width(a):
            g = t * sigma2 * rho2_paper + 1
            return math.sqrt(2 * g / (t * t * rho2_paper) * math.log(math.sqrt(g) / a))

        width = half_width(alpha)
        if abs(estimate) <= half_width(1.0):
            p_value = 1.0
        else:
            p_value = optimize.brentq(lambda a: half_width(a) - abs(estimate), 1e-300, 1.0, xtol=1e-300, rtol=1e-15)
        cases.append(
            {
                "estimate": estimate,
                "standardError": se,
                "sampleSize": t,
                "alpha": alpha,
                "tau": tau,
                "ci": [estimate - width, estimate + width],
                "pValue": p_value,
            }
        )
    return cases


def bayesian_cases():
    """Posterior by numerical integration of prior x likelihood; risks by integrating the posterior."""
    cases = []
    for estimate, se, prior in [(0.04, 0.02, None), (-0.01, 0.03, None), (0.05, 0.02, (0.0, 0.03)), (0.2, 0.1, (0.05, 0.1))]:
        if prior is None:
            mean, sd = estimate, se
        else:
            def density(x):
                return stats.norm.pdf(x, prior[0], prior[1]) * stats.norm.pdf(estimate, x, se)

            lo, hi = estimate - 12 * se, estimate + 12 * se
            mass = integrate.quad(density, lo, hi, epsabs=0, epsrel=1e-13, limit=200)[0]
            mean = integrate.quad(lambda x: x * density(x), lo, hi, epsabs=0, epsrel=1e-13, limit=200)[0] / mass
            var = integrate.quad(lambda x: (x - mean) ** 2 * density(x), lo, hi, epsabs=0, epsrel=1e-13, limit=200)[0] / mass
            sd = math.sqrt(var)
        risk_control = integrate.quad(lambda x: x * stats.norm.pdf(x, mean, sd), 0, np.inf, epsabs=1e-15, epsrel=1e-12)[0]
        risk_variant = integrate.quad(lambda x: -x * stats.norm.pdf(x, mean, sd), -np.inf, 0, epsabs=1e-15, epsrel=1e-12)[0]
        cases.append(
            {
                "estimate": estimate,
                "standardError": se,
                "prior": None if prior is None else {"mean": prior[0], "standardDeviation": prior[1]},
                "chanceToWin": float(stats.norm.sf(0, mean, sd)),
                "risk": [risk_control, risk_variant],
                "ci": [float(stats.norm.ppf(0.025, mean, sd)), float(stats.norm.ppf(0.975, mean, sd))],
                "posteriorMean": mean,
                "posteriorStandardDeviation": sd,
            }
        )
    return cases


def srm_cases():
    cases = []
    for visitors, weights in [
        ([3407, 3461], [0.5, 0.5]),
        ([5000, 5300], [1, 1]),
        ([1000, 1100, 2300], [0.25, 0.25, 0.5]),
        ([50123, 49877, 48000, 52000, 50000], [0.2] * 5),
        ([10, 0], [0.5, 0.5]),
        ([821, 179], [0.9, 0.1]),
    ]:
        total = sum(visitors)
        expected = np.array(weights, dtype=float) / sum(weights) * total
        result = stats.chisquare(visitors, f_exp=expected)
        cases.append({"visitors": visitors, "weights": weights, "chiSquare": float(result.statistic), "pValue": float(result.pvalue)})
    return cases


def cuped_cases():
    """OLS of Y on 1 + treatment + X: the treatment coefficient is the CUPED estimate with the pooled
    within-arm theta; the conventional OLS standard error is close to (not equal to) CUPED's."""
    cases = []
    for seed, (n_c, n_v, effect) in enumerate([(4000, 4100, 0.6), (900, 850, 0.0)]):
        rng = np.random.default_rng(9100 + seed)

        def arm(n, shift):
            pre = rng.poisson(1.2, n).astype(float)
            y = 0.8 * pre + rng.poisson(0.5, n) + shift * (rng.random(n) < 0.3)
            return y, pre

        y_c, x_c = arm(n_c, 0.0)
        y_v, x_v = arm(n_v, effect)
        y = np.concatenate([y_c, y_v])
        treatment = np.concatenate([np.zeros(n_c), np.ones(n_v)])
        x = np.concatenate([x_c, x_v])
        design = sm.add_constant(np.column_stack([treatment, x]))
        fit = sm.OLS(y, design).fit()
        theta = fit.params[2]
        # Variance reduction as Deng et al. define it, from the raw data with this theta.
        before = y_c.var(ddof=1) / n_c + y_v.var(ddof=1) / n_v
        after = (y_c - theta * x_c).var(ddof=1) / n_c + (y_v - theta * x_v).var(ddof=1) / n_v

        def arm_sums(values, pre):
            base = sums(values)
            base.update(
                {"preSum": float(pre.sum()), "preSumSquares": float((pre**2).sum()), "sumCrossProducts": float((values * pre).sum())}
            )
            return base

        cases.append(
            {
                "control": arm_sums(y_c, x_c),
                "variant": arm_sums(y_v, x_v),
                "estimate": float(fit.params[1]),
                "theta": float(theta),
                "olsStandardError": float(fit.bse[1]),
                "varianceReduction": float(1 - after / before),
                "adjustedStandardError": float(math.sqrt(after)),
            }
        )
    return cases


def multiple_testing_cases():
    cases = []
    for p_values in [
        [0.01, 0.04, 0.03],
        [0.001, 0.2, 0.0004, 0.049, 0.5, 0.012, 0.03, 0.9],
        [0.04, 0.04, 0.04, 0.04],
        [1e-9, 0.7, 0.0201, 0.02],
    ]:
        cases.append(
            {
                "pValues": p_values,
                "holm": [float(v) for v in multipletests(p_values, method="holm")[1]],
                "benjaminiHochberg": [float(v) for v in multipletests(p_values, method="fdr_bh")[1]],
            }
        )
    return cases


def outlier_cases():
    rng = np.random.default_rng(4242)
    values = np.round(revenue_sample(rng, 301, 0.3, 60.0), 2)
    return {
        "values": [float(v) for v in values],
        "percentiles": [{"q": q, "value": float(np.percentile(values, q * 100))} for q in [0.0, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0]],
    }


def planning_cases():
    """statsmodels NormalIndPower: nobs1 for a target power, and the effect size for given traffic.
    solve_power's own root finder stops early (~1e-5), so the roots are found with scipy's brentq at full
    precision on NormalIndPower().power, the statsmodels power function."""
    base = NormalIndPower()

    class Power:
        @staticmethod
        def solve_power(effect_size, nobs1, alpha, power, ratio, alternative):
            if effect_size is None:
                return optimize.brentq(
                    lambda e: base.power(e, nobs1, alpha, ratio=ratio, alternative=alternative) - power,
                    1e-6, 10, xtol=1e-300, rtol=1e-15)
            return optimize.brentq(
                lambda n: base.power(effect_size, n, alpha, ratio=ratio, alternative=alternative) - power,
                1, 1e9, xtol=1e-300, rtol=1e-15)

    power = Power()
    mde = []
    for n_c, n_v, variance, alpha, target, sided in [
        (5000, 5000, 0.0827, 0.05, 0.8, "two-sided"),
        (12000, 3000, 1520.0, 0.05, 0.9, "two-sided"),
        (800, 800, 0.25, 0.1, 0.8, "one-sided"),
    ]:
        effect_size = power.solve_power(
            effect_size=None, nobs1=n_c, alpha=alpha, power=target, ratio=n_v / n_c,
            alternative="two-sided" if sided == "two-sided" else "larger",
        )
        mde.append({"visitors": [n_c, n_v], "variance": variance, "alpha": alpha, "power": target, "sided": sided,
                    "absolute": float(effect_size * math.sqrt(variance))})
    duration = []
    for daily, shares, variance, effect, alpha, target, sided in [
        (1200, [0.5, 0.5], 0.0827, 0.01, 0.05, 0.8, "two-sided"),
        (5000, [0.2, 0.2], 1520.0, 1.5, 0.05, 0.8, "two-sided"),
        (300, [0.7, 0.3], 0.25, 0.05, 0.05, 0.9, "one-sided"),
    ]:
        nobs1 = power.solve_power(
            effect_size=effect / math.sqrt(variance), nobs1=None, alpha=alpha, power=target, ratio=shares[1] / shares[0],
            alternative="two-sided" if sided == "two-sided" else "larger",
        )
        duration.append({"dailyVisitors": daily, "shares": shares, "variance": variance, "effect": effect, "alpha": alpha,
                         "power": target, "sided": sided, "controlVisitors": float(nobs1),
                         "exactDays": float(nobs1 / (shares[0] * daily))})
    return {"minimumDetectableEffect": mde, "daysNeeded": duration}


def example_experiment():
    """The experiment of test/fixtures/experiments/example-experiment.json, checked end to end."""
    example = json.load(open("test/fixtures/experiments/example-experiment.json"))
    control, variant = example["arms"][0], example["arms"][1]
    total = control["visitors"] + variant["visitors"]
    srm = stats.chisquare([control["visitors"], variant["visitors"]], f_exp=[total / 2, total / 2])

    def std(arm):
        s = arm["metrics"]["revenue"]
        n = arm["visitors"]
        return math.sqrt((s["sumSquares"] - s["sum"] ** 2 / n) / (n - 1))

    revenue = stats.ttest_ind_from_stats(
        variant["metrics"]["revenue"]["sum"] / variant["visitors"], std(variant), variant["visitors"],
        control["metrics"]["revenue"]["sum"] / control["visitors"], std(control), control["visitors"], equal_var=False,
    )
    p_c = control["metrics"]["orders"]["sum"] / control["visitors"]
    p_v = variant["metrics"]["orders"]["sum"] / variant["visitors"]
    orders = stats.ttest_ind_from_stats(
        p_v, math.sqrt(p_v * (1 - p_v)), variant["visitors"], p_c, math.sqrt(p_c * (1 - p_c)), control["visitors"], equal_var=False
    )
    return {
        "srmPValue": float(srm.pvalue),
        "revenue": {"estimate": variant["metrics"]["revenue"]["sum"] / variant["visitors"] - control["metrics"]["revenue"]["sum"] / control["visitors"],
                    "pValue": float(revenue.pvalue)},
        "orders": {"estimate": p_v - p_c, "pValue": float(orders.pvalue)},
    }


out = {
    "source": "scripts/reference/experiments/statistics.py with scipy %s, statsmodels %s, numpy %s (Debian)"
    % (scipy.__version__, statsmodels.__version__, np.__version__),
    "welch": welch_cases(),
    "proportion": proportion_cases(),
    "ratio": ratio_cases(),
    "sequential": sequential_cases(),
    "bayesian": bayesian_cases(),
    "srm": srm_cases(),
    "cuped": cuped_cases(),
    "multipleTesting": multiple_testing_cases(),
    "outliers": outlier_cases(),
    "planning": planning_cases(),
    "example": example_experiment(),
}
print(json.dumps(out, indent=1))
