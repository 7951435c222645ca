"""How far a panel agreed: the figures for one question (item) and for a whole lot.

Pure numpy, no Django, so every formula can be checked against independent implementations
(`krippendorff`, `pingouin`) in tests/test_statistics.py.

Two shapes of data are used, named as the literature names them:

- reliability matrix, raters x items, `np.nan` where a rater gave no score (Krippendorff's alpha,
  leniency);
- items x raters, complete, for ICC(2,1).

Floors. A figure on very little data says more about chance than about the panel, so:

- alpha needs at least MIN_ITEMS (5) pairable items (items scored by two or more raters), which
  also means at least two raters;
- ICC(2,1) needs at least MIN_ITEMS (5) items scored by every rater, and at least two raters.

Below the floor the figure is None and `band(None)` says so in words. Intervals are 95% percentile
bootstrap intervals from resampling items with replacement, seeded so the same scores always give
the same interval.
"""

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

import numpy as np

MIN_ITEMS = 5
RESAMPLES = 1000
SEED = 0
OUTLIER_POINTS = 2

NOT_ENOUGH = "Not enough scores yet to say how far the panel agreed"
BANDS = (
    (0.8, "The panel agreed strongly"),
    (0.667, "The panel mostly agreed"),
    (0.4, "The panel partly agreed"),
)
DISAGREED = "The panel often disagreed"


def band(value: float | None) -> str:
    """The figure in words a 16-year-old understands (Krippendorff's 0.8 and 0.667 marks)."""
    if value is None:
        return NOT_ENOUGH
    return next((words for floor, words in BANDS if value >= floor), DISAGREED)


@dataclass(frozen=True)
class Estimate:
    """One agreement figure, its 95% interval, and the figure in words."""

    value: float | None
    ci95: tuple[float, float] | None = None

    @property
    def band(self) -> str:
        return band(self.value)


# -- one item ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemStats:
    """The spread of the scores for one bid x criterion. All None (and n 0) when nobody scored."""

    n: int
    mean: float | None
    median: float | None
    min: int | None
    max: int | None
    range: int | None
    sd: float | None  # sample standard deviation; None below two scores
    divergent: bool  # the range reaches the round's threshold
    outliers: tuple[int, ...]  # indices into the scores given, flagged and never dropped

    @property
    def flagged(self) -> bool:
        """Goes to the top of the consensus agenda."""
        return self.divergent or bool(self.outliers)


def _median(ordered: Sequence[float]) -> float:
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def _median_without(ordered: Sequence[int], value: int) -> float:
    """The median of `ordered` (sorted) with one `value` taken out, without copying."""
    gap = bisect_left(ordered, value)
    m = len(ordered) - 1

    def at(j):
        return ordered[j] if j < gap else ordered[j + 1]

    if m % 2:
        return float(at(m // 2))
    return (at(m // 2 - 1) + at(m // 2)) / 2


def item_stats(
    scores: Sequence[int],
    *,
    divergence_points: Decimal | float,
    outlier_points: float = OUTLIER_POINTS,
) -> ItemStats:
    """n, mean, median, min, max, range and sd of `scores`; whether the range reaches
    `divergence_points`; and which scores are `outlier_points` (2) or more from the median of the
    other scores (only with three or more scores, so the others have a median worth the name)."""
    scores = [int(s) for s in scores]
    n = len(scores)
    if n == 0:
        return ItemStats(0, None, None, None, None, None, None, False, ())
    mean = sum(scores) / n
    low, high = min(scores), max(scores)
    sd = math.sqrt(sum((s - mean) ** 2 for s in scores) / (n - 1)) if n >= 2 else None
    ordered = sorted(scores)
    outliers = ()
    if n >= 3:
        outliers = tuple(
            i
            for i, score in enumerate(scores)
            if abs(score - _median_without(ordered, score)) >= outlier_points
        )
    return ItemStats(
        n=n,
        mean=mean,
        median=_median(ordered),
        min=low,
        max=high,
        range=high - low,
        sd=sd,
        divergent=n >= 2 and (high - low) >= divergence_points,
        outliers=outliers,
    )


# -- bootstrap --------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _resample_counts(n: int, resamples: int, seed: int) -> np.ndarray:
    """resamples x n: how many times each item is drawn in each bootstrap resample. Kept (read
    only) for the next call: alpha and ICC of a complete lot resample the same n items."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n, size=(resamples, n))
    draws += (np.arange(resamples) * n)[:, None]
    counts = np.bincount(draws.ravel(), minlength=resamples * n).reshape(resamples, n)
    counts = counts.astype(float)
    counts.flags.writeable = False
    return counts


def _percentile_interval(values: np.ndarray) -> tuple[float, float] | None:
    values = values[np.isfinite(values)]
    if values.size == 0:
        return None
    low, high = np.percentile(values, [2.5, 97.5])
    return float(low), float(high)


# -- Krippendorff's alpha ---------------------------------------------------------------------

Level = Literal["interval", "ordinal"]


@dataclass(frozen=True)
class _Coincidences:
    per_item: np.ndarray  # pairable items x V x V
    domain: np.ndarray  # the V possible values, ascending

    @property
    def items(self) -> int:
        return self.per_item.shape[0]


def _coincidences(matrix, values=None) -> _Coincidences:
    """Each pairable item's contribution to Krippendorff's coincidence matrix:
    o_u[c, k] = (n_uc * n_uk - [c == k] * n_uc) / (m_u - 1)."""
    data = np.asarray(matrix, dtype=float)
    if data.ndim != 2:
        raise ValueError("The reliability matrix must be raters x items.")
    present = ~np.isnan(data)
    observed = np.unique(data[present])
    domain = observed if values is None else np.unique(np.asarray(list(values), dtype=float))
    if not np.isin(observed, domain).all():
        raise ValueError("A score lies outside the possible values given.")
    per_rater_item = data.shape[1]
    counts = np.zeros((per_rater_item, domain.size))
    rater_idx, item_idx = np.nonzero(present)
    np.add.at(counts, (item_idx, np.searchsorted(domain, data[rater_idx, item_idx])), 1)
    m = counts.sum(axis=1)
    counts = counts[m >= 2]
    m = m[m >= 2]
    outer = counts[:, :, None] * counts[:, None, :]
    outer[:, np.arange(domain.size), np.arange(domain.size)] -= counts
    return _Coincidences(outer / (m - 1)[:, None, None], domain)


def _distances(level: Level, domain: np.ndarray, n_v: np.ndarray) -> np.ndarray:
    """delta^2 for every pair of values; for ordinal, from the marginals n_v (shape ... x V)."""
    if level == "interval":
        return (domain[:, None] - domain[None, :]) ** 2
    if level != "ordinal":
        raise ValueError(f"Unknown level of measurement {level!r}.")
    # sum of n_g for g from c to k inclusive, less half of n_c and n_k (Krippendorff 2011).
    cumulative = np.cumsum(n_v, axis=-1)
    low = np.minimum.outer(np.arange(domain.size), np.arange(domain.size))
    high = np.maximum.outer(np.arange(domain.size), np.arange(domain.size))
    between = cumulative[..., high] - cumulative[..., low] + n_v[..., low]
    return (between - (n_v[..., low] + n_v[..., high]) / 2) ** 2


def _alpha_from(o: np.ndarray, level: Level, domain: np.ndarray) -> np.ndarray:
    """alpha = 1 - (n - 1) * sum(o * d) / sum(n_c * n_k * d), for o of shape ... x V x V;
    nan where the expected disagreement is 0."""
    n_v = o.sum(axis=-2)
    n = n_v.sum(axis=-1)
    d = _distances(level, domain, n_v)
    observed = (o * d).sum(axis=(-2, -1))
    expected = (n_v[..., :, None] * n_v[..., None, :] * d).sum(axis=(-2, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(expected > 0, 1 - (n - 1) * observed / expected, np.nan)


def krippendorff_alpha(
    matrix, level: Level = "interval", values=None, *, min_items: int = MIN_ITEMS
) -> float | None:
    """Krippendorff's alpha for a raters x items matrix (np.nan = no score).

    Items scored by fewer than two raters are not pairable and count for nothing. `values` are the
    possible scores (e.g. range(0, 6)); as in the `krippendorff` package's value_domain, a level
    nobody used has no weight in the ordinal metric, so the figure is the same with or without it,
    but a score outside `values` is refused. None below `min_items` pairable items or when every
    pairable score is the same (no expected disagreement).
    """
    coincidences = _coincidences(matrix, values)
    if coincidences.items < max(min_items, 1):
        return None
    value = _alpha_from(coincidences.per_item.sum(axis=0), level, coincidences.domain)
    return None if np.isnan(value) else float(value)


def alpha_estimates(
    matrix,
    values=None,
    *,
    levels: Sequence[Level] = ("interval", "ordinal"),
    min_items: int = MIN_ITEMS,
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> dict[str, Estimate]:
    """Alpha at each level with its 95% bootstrap interval (pairable items resampled with
    replacement; the same resamples for every level)."""
    coincidences = _coincidences(matrix, values)
    if coincidences.items < max(min_items, 1):
        return {level: Estimate(None) for level in levels}
    total = coincidences.per_item.sum(axis=0)
    flat = coincidences.per_item.reshape(coincidences.items, -1)
    size = coincidences.domain.size
    boot = (_resample_counts(coincidences.items, resamples, seed) @ flat).reshape(-1, size, size)
    estimates = {}
    for level in levels:
        value = _alpha_from(total, level, coincidences.domain)
        if np.isnan(value):
            estimates[level] = Estimate(None)
            continue
        spread = _percentile_interval(_alpha_from(boot, level, coincidences.domain))
        estimates[level] = Estimate(float(value), spread)
    return estimates


# -- ICC(2,1) ---------------------------------------------------------------------------------


def _complete(matrix) -> np.ndarray:
    data = np.asarray(matrix, dtype=float)
    if data.ndim != 2:
        raise ValueError("The matrix must be items x raters.")
    if np.isnan(data).any():
        raise ValueError("ICC(2,1) needs a score from every rater for every item.")
    return data


def _icc_from(weights: np.ndarray, data: np.ndarray) -> np.ndarray:
    """ICC(2,1) (Shrout & Fleiss 1979) of the items drawn `weights` times each (resamples x n):
    (MSR - MSE) / (MSR + (k - 1) MSE + k (MSC - MSE) / n); nan where the denominator is 0."""
    n = weights.sum(axis=-1)
    k = data.shape[1]
    row_sums = data.sum(axis=1)
    grand = weights @ row_sums / (n * k)
    ss_rows = (weights @ (row_sums**2)) / k - n * k * grand**2
    column_means = (weights @ data) / n[:, None]
    ss_columns = n * ((column_means - grand[:, None]) ** 2).sum(axis=1)
    ss_total = weights @ (data**2).sum(axis=1) - n * k * grand**2
    ss_error = ss_total - ss_rows - ss_columns
    msr = ss_rows / (n - 1)
    msc = ss_columns / (k - 1)
    mse = ss_error / ((n - 1) * (k - 1))
    denominator = msr + (k - 1) * mse + k * (msc - mse) / n
    with np.errstate(divide="ignore", invalid="ignore"):
        icc = (msr - mse) / denominator
    return np.where(np.abs(denominator) > 1e-12, icc, np.nan)


def icc_2_1(matrix, *, min_items: int = MIN_ITEMS) -> float | None:
    """ICC(2,1): two-way random effects, absolute agreement, a single rater, for a complete items x
    raters matrix. None below `min_items` items (at least 2), fewer than 2 raters, or when the
    denominator is 0 (every score the same)."""
    data = _complete(matrix)
    n, k = data.shape
    if n < max(min_items, 2) or k < 2:
        return None
    value = _icc_from(np.ones((1, n)), data)[0]
    return None if np.isnan(value) else float(value)


def icc_estimate(
    matrix, *, min_items: int = MIN_ITEMS, resamples: int = RESAMPLES, seed: int = SEED
) -> Estimate:
    """ICC(2,1) with its 95% bootstrap interval (items resampled with replacement)."""
    value = icc_2_1(matrix, min_items=min_items)
    if value is None:
        return Estimate(None)
    data = _complete(matrix)
    boot = _icc_from(_resample_counts(data.shape[0], resamples, seed), data)
    return Estimate(value, _percentile_interval(boot))


def complete_items(matrix) -> np.ndarray:
    """The columns of a raters x items matrix that every rater scored, as items x raters."""
    data = np.asarray(matrix, dtype=float)
    return data[:, ~np.isnan(data).any(axis=0)].T


# -- leniency ---------------------------------------------------------------------------------


def _nan_median(values: np.ndarray, axis: int) -> np.ndarray:
    """Median along `axis` ignoring nan (nan where nothing is left), without numpy's slow masked
    path: sort (nan sorts last) and read the middle of each column's count."""
    ordered = np.sort(values, axis=axis)
    count = (~np.isnan(values)).sum(axis=axis, keepdims=True)
    low = np.take_along_axis(ordered, np.maximum((count - 1) // 2, 0), axis=axis)
    high = np.take_along_axis(ordered, count // 2, axis=axis)
    return np.squeeze((low + high) / 2, axis=axis)


def leniency(matrix) -> list[float | None]:
    """For each rater (row of a raters x items matrix): the mean of (their score - the median of
    the others' scores) over the items they scored alongside at least two others. Positive means
    kinder than the rest of the panel. A diagnostic only; never used in any total. None for a
    rater with no such item."""
    data = np.asarray(matrix, dtype=float)
    raters = data.shape[0]
    if raters < 3:
        return [None] * raters
    # others[r] is the matrix without row r: raters x (raters - 1) x items.
    keep = ~np.eye(raters, dtype=bool)
    others = np.broadcast_to(data, (raters, *data.shape))[keep].reshape(raters, raters - 1, -1)
    usable = ~np.isnan(data) & ((~np.isnan(others)).sum(axis=1) >= 2)
    with np.errstate(invalid="ignore"):
        differences = np.where(usable, data - _nan_median(others, axis=1), 0.0)
    counts = usable.sum(axis=1)
    return [float(differences[r].sum() / counts[r]) if counts[r] else None for r in range(raters)]
