"""Statistics for reports: means with standard errors over seeds, paired differences, binomial
intervals, and plain-language verdicts. Small samples are the rule here (2-5 seeds), so
differences are judged with Student's t, and one seed is said to carry no uncertainty."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from scipy import stats as st


@dataclass(frozen=True)
class Estimate:
    mean: float
    stderr: float | None  # None: one sample, no uncertainty
    n: int

    def text(self, digits: int = 3) -> str:
        if self.stderr is None:
            return f"{self.mean:.{digits}f} (one seed: no uncertainty)"
        return f"{self.mean:.{digits}f} ± {self.stderr:.{digits}f}"

    def as_dict(self) -> dict[str, float | int | None]:
        return asdict(self)


def estimate(values: list[float]) -> Estimate:
    """Mean and standard error of the mean (sample std / sqrt(n))."""
    n = len(values)
    assert n > 0, "no values"
    mean = sum(values) / n
    if n < 2:
        return Estimate(mean, None, n)
    var = sum((v - mean) ** 2 for v in values) / (n - 1)
    return Estimate(mean, math.sqrt(var / n), n)


@dataclass(frozen=True)
class Difference:
    """a - b over paired seeds: mean, standard error, two-sided p (paired t), verdict."""

    mean: float
    stderr: float | None
    n: int
    p_value: float | None
    verdict: str

    def as_dict(self) -> dict[str, float | int | str | None]:
        return asdict(self)


def paired_difference(a: list[float], b: list[float], alpha: float = 0.05) -> Difference:
    """Differences seed by seed (same seed: same training subset and initialisation draw)."""
    assert len(a) == len(b) and a, "paired samples of equal, non-zero length"
    d = [x - y for x, y in zip(a, b, strict=True)]
    e = estimate(d)
    if e.stderr is None:
        return Difference(e.mean, None, e.n, None, "one seed: no significance can be stated")
    if e.stderr == 0:
        same = e.mean == 0
        return Difference(e.mean, 0.0, e.n, 1.0 if same else 0.0,
                          "identical at every seed" if same else f"the same difference at all {e.n} seeds")
    t = e.mean / e.stderr
    p = float(2 * st.t.sf(abs(t), df=e.n - 1))
    verdict = (f"significant at {e.n} seeds (p = {p:.2g})" if p < alpha
               else f"not significant at {e.n} seeds (p = {p:.2g})")
    return Difference(e.mean, e.stderr, e.n, p, verdict)


def independent_difference(a: float, a_err: float | None, b: float, b_err: float | None,
                           alpha: float = 0.05) -> Difference:
    """a - b of two independent samples (two classes' jets): errors in quadrature, two-sided z-test."""
    err = math.hypot(a_err, b_err) if a_err is not None and b_err is not None else math.nan
    if not math.isfinite(err) or err == 0:
        return Difference(a - b, None, 2, None, "no uncertainty available")
    z = (a - b) / err
    p = float(2 * st.norm.sf(abs(z)))
    said = f"p = {p:.2g}" if p >= 1e-6 else "p < 1e-6"  # the normal tail is not trusted further out
    verdict = f"{'significant' if p < alpha else 'not significant'} at {abs(z):.1f} sigma, {said}"
    return Difference(a - b, err, 2, p, verdict)


def wilson(successes: float, n: int, z: float = 1.0) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion (z = 1: a 68% interval)."""
    if n <= 0:
        return (0.0, 1.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def median_stderr(std: float, n: int) -> float:
    """Standard error of a median of n entries of spread std (1.2533 = sqrt(pi / 2), Gaussian)."""
    return 1.2533 * std / math.sqrt(max(n, 1))


def width_stderr(width: float, n: int) -> float:
    """Standard error of a width (half the 16-84% range) from n entries, as a standard deviation's."""
    return width / math.sqrt(2 * max(n - 1, 1))


def auc_stderr(auc: float, n_pos: int, n_neg: int) -> float:
    """Hanley & McNeil (1982) standard error of an AUC from the class counts (nan without both
    classes): the model layer's `hanley_mcneil`, through tools.metrics (imported when first
    asked for: it loads scikit-learn, which the commands that need no AUC should not wait for)."""
    from tools.metrics import hanley_mcneil

    return hanley_mcneil(auc, n_pos, n_neg)


def control_against_null(auc: float, err: float) -> tuple[float, float, str]:
    """A no-signal control's AUC against 0.5, what a method that learns only the signal gives: its
    distance from 0.5, the error, verdict."""
    diff = auc - 0.5
    if not math.isfinite(err) or err == 0:
        return diff, err, "no uncertainty available"
    z = diff / err
    if abs(z) <= 2:
        return diff, err, f"consistent with 0.5 ({z:+.1f} sigma): with nothing injected the method finds nothing"
    return diff, err, (f"{z:+.1f} sigma from 0.5: with nothing injected the method already ranks signal events "
                       f"{'first' if z > 0 else 'last'}, from a difference between the signal region and the sidebands "
                       "that is no signal (features correlated with mjj); an injected signal is to be read against this "
                       "control, not against 0.5")


def compare_to_control(value: float, value_err: float, control: float, control_err: float) -> tuple[float, float, str]:
    """An injected-signal result against the no-signal control: excess, its error, verdict."""
    excess = value - control
    err = math.hypot(value_err, control_err)
    if not math.isfinite(err) or err == 0:
        return excess, err, "no uncertainty available"
    z = excess / err
    if z > 2:
        verdict = f"above the no-signal control by {z:.1f} sigma"
    elif z > -2:
        verdict = f"consistent with the no-signal control ({z:+.1f} sigma): no evidence that the method finds the signal"
    else:
        verdict = f"below the no-signal control ({z:+.1f} sigma)"
    return excess, err, verdict
