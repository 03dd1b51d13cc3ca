"""Histogram comparisons with ratio panels: the plots physicists read first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from omnijet.utils import atomic_path  # noqa: E402


def _edges(arrays: Sequence[np.ndarray], bins: int, quantiles=(0.001, 0.999)) -> np.ndarray:
    values = np.concatenate([a[np.isfinite(a)] for a in arrays if len(a)])
    if values.size == 0:
        return np.linspace(0, 1, bins + 1)
    lo, hi = np.quantile(values, quantiles)
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    return np.linspace(lo, hi, bins + 1)


def compare_histograms(
    panels: Mapping[str, Mapping[str, np.ndarray]],
    path: str | Path,
    reference: str | None = None,
    bins: int = 40,
    title: str | None = None,
    ncols: int = 3,
) -> Path:
    """One column per observable: normalised histograms on top, ratio to `reference` below.

    panels: {observable label: {sample label: values}}. reference: the sample label that
    ratios are taken to (default: the first sample of each panel).
    """
    n = len(panels)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    fig = plt.figure(figsize=(4.2 * ncols, 4.2 * nrows))
    grid = fig.add_gridspec(2 * nrows, ncols, height_ratios=[3, 1] * nrows, hspace=0.08, wspace=0.3)
    for i, (obs, samples) in enumerate(panels.items()):
        r, c = divmod(i, ncols)
        top = fig.add_subplot(grid[2 * r, c])
        bot = fig.add_subplot(grid[2 * r + 1, c], sharex=top)
        edges = _edges(list(samples.values()), bins)
        centres = 0.5 * (edges[1:] + edges[:-1])
        ref_name = reference if reference in samples else next(iter(samples))
        ref_h, _ = np.histogram(samples[ref_name], bins=edges, density=True)
        for name, vals in samples.items():
            h, _ = np.histogram(vals, bins=edges, density=True)
            top.step(centres, h, where="mid", label=f"{name} (n={len(vals)})")
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(ref_h > 0, h / ref_h, np.nan)
            bot.step(centres, ratio, where="mid")
        top.set_ylabel("density")
        top.set_title(obs, fontsize=10)
        top.legend(fontsize=7)
        plt.setp(top.get_xticklabels(), visible=False)
        bot.axhline(1.0, color="grey", lw=0.8, ls="--")
        bot.set_ylim(0.5, 1.5)
        bot.set_ylabel(f"/ {ref_name}", fontsize=8)
        bot.set_xlabel(obs)
    if title:
        fig.suptitle(title)
    path = Path(path)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=110, bbox_inches="tight", format=path.suffix.lstrip(".") or "png")
    plt.close(fig)
    return path
