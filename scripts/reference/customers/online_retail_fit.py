#!/usr/bin/env python3
"""Independent BG/NBD fit (scipy) on Online Retail calibrated to 2011-09-30 in days, to check that Keel's
fit there (dropout parameter a at the boundary, ~0) is the likelihood's true maximum and not a failure.

  npx tsx scripts/reference/customers/to-orders-csv.ts online-retail data/online-retail/online-retail.csv.gz > /tmp/retail.csv
  python3 scripts/reference/customers/online_retail_fit.py /tmp/retail.csv
"""
import csv
import sys
from collections import defaultdict
from datetime import date

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln

AS_OF = date(2011, 9, 30)
orders = defaultdict(lambda: [None, 0.0])
with open(sys.argv[1]) as f:
    for row in csv.DictReader(f):
        d = date.fromisoformat(row["date"])
        key = (row["customer_id"], row["order_id"])
        o = orders[key]
        o[0] = d if o[0] is None else min(o[0], d)
        o[1] += float(row["amount"])
days = defaultdict(set)
for (cust, _), (d, amount) in orders.items():
    if amount >= 0 and d <= AS_OF:
        days[cust].add(d)
x, tx, T = [], [], []
for cust, ds in days.items():
    ds = sorted(ds)
    x.append(len(ds) - 1)
    tx.append((ds[-1] - ds[0]).days)
    T.append((AS_OF - ds[0]).days)
x, tx, T = map(np.array, (x, tx, T))
x = x.astype(float)


def nll(lp):
    r, alpha, a, b = np.exp(lp)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + np.maximum(tx, 0)), -np.inf)
    return -np.sum(a1 + a2 + np.logaddexp(a3, a4))


# Bounded (log-parameters within ±20): unbounded, Nelder-Mead walks to a, b ~ 1e-16 where a + b rounds and
# the log-gamma differences lose every digit, giving a meaningless positive "log-likelihood".
best = None
for start in ([0, 3, 0, 0], [0, 4, -2, 1], [-1, 2, 1, 2]):
    res = minimize(nll, start, method="L-BFGS-B", bounds=[(-20, 20)] * 4, options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 10000})
    if best is None or res.fun < best.fun:
        best = res
print("customers", len(x), "repeat", int((x > 0).sum()))
print("r alpha a b", np.exp(best.x), "LL", -best.fun)
for a in (1e-9, 1e-6, 1e-3, 1e-2, 0.1):
    # Profile: the best likelihood with a held fixed, to show it rises monotonically as a -> 0.
    prof = minimize(lambda v: nll([v[0], v[1], np.log(a), v[2]]), [best.x[0], best.x[1], best.x[3]], method="L-BFGS-B",
                    bounds=[(-20, 20)] * 3)
    print("profile a=%g LL %.4f" % (a, -prof.fun))
