#!/usr/bin/env python3
"""Independent reference values for Keel's RFM scores, monthly cohorts and small-shop heuristic.

RFM: on the CDNOW sample at the calibration end (1997-09-30), quintile scores from the mid-rank
(scipy.stats.rankdata, method="average"): score = min(5, 1 + floor(5 * (rank - 0.5) / n)), recency scored on
negated days since the last purchase, frequency on purchase days, monetary on total spend; groups from the
grid in docs/customers.md.  Cohorts: every CDNOW sample transaction grouped by first-purchase month.
Writes test/fixtures/customers/rfm-cohorts-reference.json.

Run from the repository root:  python3 scripts/reference/customers/rfm_cohorts_reference.py
"""
import json
import math
from collections import defaultdict
from datetime import date

import numpy as np
from scipy.stats import rankdata

CAL_END = date(1997, 9, 30)
GRID = {
    5: ["New", "Potential loyalist", "Potential loyalist", "Champions", "Champions"],
    4: ["Promising", "Potential loyalist", "Potential loyalist", "Loyal", "Champions"],
    3: ["About to sleep", "About to sleep", "Needs attention", "Loyal", "Loyal"],
    2: ["Hibernating", "Hibernating", "At risk", "At risk", "Cannot lose them"],
    1: ["Lost", "Lost", "Hibernating", "At risk", "Cannot lose them"],
}


def scores(values):
    n = len(values)
    ranks = rankdata(values, method="average")
    return [min(5, 1 + math.floor(5 * (rk - 0.5) / n)) for rk in ranks]


def main():
    tx = []
    with open("data/cdnow/CDNOW_sample.txt") as f:
        for line in f:
            p = line.split()
            if len(p) == 5:
                tx.append((p[1], date(int(p[2][:4]), int(p[2][4:6]), int(p[2][6:])), float(p[4])))
    cal = defaultdict(list)
    for cid, d, v in tx:
        if d <= CAL_END:
            cal[cid].append((d, v))
    ids = list(dict.fromkeys(cid for cid, d, _ in tx if d <= CAL_END))
    since = [-(CAL_END - max(d for d, _ in cal[c])).days for c in ids]
    purchases = [len({d for d, _ in cal[c]}) for c in ids]
    spend = [sum(v for _, v in cal[c]) for c in ids]
    r, fq, m = scores(since), scores(purchases), scores(spend)
    groups = [GRID[r[i]][min(5, max(1, math.floor((fq[i] + m[i]) / 2 + 0.5))) - 1] for i in range(len(ids))]
    counts = defaultdict(int)
    for g in groups:
        counts[g] += 1
    out = {
        "source": "scripts/reference/customers/rfm_cohorts_reference.py (python3, scipy.stats.rankdata)",
        "rfm": {
            "customers": len(ids),
            "groupCounts": dict(sorted(counts.items())),
            "first": [{"id": ids[i], "r": r[i], "f": fq[i], "m": m[i], "group": groups[i]} for i in range(25)],
        },
    }
    # Monthly acquisition cohorts over every transaction of the sample.
    first = {}
    for cid, d, _ in tx:
        mo = d.year * 12 + d.month - 1
        first[cid] = min(first.get(cid, mo), mo)
    last_month = max(d.year * 12 + d.month - 1 for _, d, _ in tx)
    active = defaultdict(set)
    revenue = defaultdict(float)
    for cid, d, v in tx:
        k = (first[cid], d.year * 12 + d.month - 1 - first[cid])
        active[k].add(cid)
        revenue[k] += v
    cohorts = []
    for c in sorted(set(first.values())):
        size = sum(1 for v in first.values() if v == c)
        cohorts.append({
            "cohort": "%d-%02d" % (c // 12, c % 12 + 1),
            "customers": size,
            "active": [len(active[(c, k)]) for k in range(last_month - c + 1)],
            "revenue": [round(revenue[(c, k)], 6) for k in range(last_month - c + 1)],
        })
    out["cohorts"] = cohorts
    # Small-shop heuristic (docs/customers.md) for a few hand-made customers of a shop with pooled rate
    # rho = 0.05 purchases/week and pooled spend 40, 26-week horizon, 6 steps of 26/6 weeks, 10 % a year.
    rho, s = 0.05, 40.0
    heur = []
    for (x, t_x, T, mbar) in [(0, 0.0, 10.0, 0.0), (3, 20.0, 30.0, 55.0), (1, 2.0, 40.0, 25.0)]:
        lam = (x + 1) / (T + 1 / rho)
        alive = math.exp(-lam * (T - t_x))
        disc = sum(alive * lam * (26 / 6) * 1.1 ** (-(26 * k / 6) * 7 / 365.25) for k in range(1, 7))
        heur.append({"frequency": x, "recency": t_x, "T": T, "monetary": mbar, "probabilityAlive": alive,
                     "expectedPurchases": alive * lam * 26, "expectedSpend": (x * mbar + s) / (x + 1),
                     "discountedPurchases": disc})
    out["heuristic"] = {"pooledRate": rho, "pooledSpend": s, "horizonWeeks": 26, "annualRate": 0.1, "customers": heur}
    with open("test/fixtures/customers/rfm-cohorts-reference.json", "w") as f:
        json.dump(out, f, indent=2)
    print(json.dumps(out["rfm"]["groupCounts"]), len(cohorts))


if __name__ == "__main__":
    main()
