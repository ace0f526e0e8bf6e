"""Reference values for Keel's normal quantile, sample quantiles and demand classification.

    python3 scripts/reference/inventory/normal-and-classes.py > test/fixtures/inventory/scipy-reference.json

Normal quantiles from scipy.stats.norm.ppf; sample quantiles from numpy.quantile (method "linear", which is
Hyndman & Fan type 7, R's default); ADI and CV^2 (Syntetos, Boylan & Croston 2005) of the retail-21730 series
computed with numpy: ADI = mean interval between demands (the first counted from the start), CV^2 = sample
variance / mean^2 of the non-zero demands.
"""
import json

import numpy as np
from scipy.stats import norm

probabilities = [1e-10, 0.001, 0.025, 0.1, 0.3, 0.5, 0.75, 0.9, 0.975, 0.999, 1 - 1e-12]
series = next(s for s in json.load(open("test/fixtures/inventory/retail-series.json")) if s["name"] == "retail-21730")
y = np.array(series["values"], dtype=float)
positions = np.flatnonzero(y > 0) + 1
sizes = y[y > 0]
sample = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0]
print(json.dumps({
    "source": f"scipy {__import__('scipy').__version__}, numpy {np.__version__}",
    "normal": [{"p": p, "q": float(norm.ppf(p))} for p in probabilities],
    "quantiles": {"sample": sample, "p": [0, 0.1, 0.25, 0.5, 0.9, 1],
                  "values": [float(np.quantile(sample, p, method="linear")) for p in [0, 0.1, 0.25, 0.5, 0.9, 1]]},
    "classification": {"series": "retail-21730", "adi": float(np.mean(np.diff(np.concatenate([[0], positions])))),
                       "cv2": float(np.var(sizes, ddof=1) / np.mean(sizes) ** 2)},
}))
