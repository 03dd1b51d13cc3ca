"""The figures physicists read first, drawn the way they expect them.

Conventions (the issue-13 checklist):
- mplhep's ROOT style (experiment-neutral) and a "Simulation (Pythia 8)" label above each panel;
- histograms normalised to unit area with Poisson (Garwood, 68.3%) error bars;
- a ratio panel only when the caller names a `reference` that the other samples are the same
  kind of thing as (generated vs reference, reconstructed vs original); never top / QCD;
- integer-valued observables (multiplicity) in bins whose edges sit at half-integers;
- taggers: background rejection 1/eps_B (log y) vs signal efficiency eps_S;
- bands (mean +- std) only where there are several seeds; one seed says so;
- constrained layout and labels placed above the axes, so text never overlaps (see
  `text_overlaps`, which the tests use).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import mplhep  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from scipy.stats import chi2  # noqa: E402

from omnijet.utils import atomic_path  # noqa: E402

SIM_LABEL = "Simulation (Pythia 8)"
# ROOT style, with a font size that suits figures of several panels (the style's 26 pt is
# meant for one 10 x 10 inch panel)
_STYLE = [mplhep.style.ROOT, {"font.size": 13, "legend.fontsize": 10, "xtick.labelsize": 11,
                              "ytick.labelsize": 11, "axes.labelsize": 13}]
_MAX_INTEGER_RANGE = 1000  # integer-valued data spanning more than this is binned as continuous


@contextmanager
def hep_style() -> Iterator[None]:
    """Matplotlib settings of the figures in this module (mplhep ROOT style)."""
    with plt.style.context(_STYLE):
        yield


def sim_label(ax, rlabel: str | None = None, text: str = SIM_LABEL) -> None:
    """`text` (italic) above the axes' top-left corner; `rlabel` above its top-right corner."""
    # (mplhep.label.exp_label cannot draw into subfigures, so the label is drawn here)
    kw = dict(xycoords="axes fraction", textcoords="offset points", va="bottom")
    ax.annotate(text, (0, 1), xytext=(0, 3), ha="left", fontstyle="italic", **kw)
    if rlabel:
        ax.annotate(rlabel, (1, 1), xytext=(0, 3), ha="right", fontsize="small", **kw)


def save(fig, path: str | Path, dpi: int = 110) -> Path:
    """Write `fig` atomically (never a half-written file) and close it."""
    path = Path(path)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=dpi, format=path.suffix.lstrip(".") or "png")
    plt.close(fig)
    return path


def _finish(fig, path: str | Path | None):
    """Save and close `fig` (returns the path), or with path=None return the open figure
    (for callers that inspect or compose it, and for the tests)."""
    return fig if path is None else save(fig, path)


def poisson_interval(n: np.ndarray, cl: float = 0.682689) -> tuple[np.ndarray, np.ndarray]:
    """Garwood (exact, central) Poisson interval on counts n: (lower, upper) bounds.

    For n = 0 the lower bound is 0 and the upper 1.84 (68.3%); for large n it tends to n +- sqrt(n).
    """
    n = np.asarray(n, dtype=float)
    a = 1.0 - cl
    lo = np.where(n > 0, chi2.ppf(a / 2, 2 * n) / 2, 0.0)
    hi = chi2.ppf(1 - a / 2, 2 * (n + 1)) / 2
    return lo, hi


def _finite(arrays: Sequence[np.ndarray]) -> np.ndarray:
    parts = [np.asarray(a, dtype=float).ravel() for a in arrays if len(a)]
    values = np.concatenate(parts) if parts else np.zeros(0)
    return values[np.isfinite(values)]


def is_integer_valued(arrays: Sequence[np.ndarray]) -> bool:
    """True when every finite value is a whole number within a span of <= 1000 (a count)."""
    v = _finite(arrays)
    return bool(v.size and np.all(v == np.round(v)) and v.max() - v.min() <= _MAX_INTEGER_RANGE)


def hist_edges(arrays: Sequence[np.ndarray], bins: int = 40,
               quantiles: tuple[float, float] = (0.001, 0.999), core: float | None = None) -> np.ndarray:
    """Bin edges spanning the central quantiles of all samples.

    Integer-valued data get bins of a whole number of units with edges at half-integers
    (n - 0.5, n + 0.5, ...), so each bin holds the same number of possible values (no comb).
    core: for residuals with long tails, the span is further limited to the median +- `core`
    half-widths of the 16-84% interval, so a tail at 1e7 does not squeeze the peak into one bin.
    """
    values = _finite(arrays)
    if values.size == 0:
        return np.linspace(0, 1, bins + 1)
    lo, hi = np.quantile(values, quantiles)
    if core is not None:
        q16, q50, q84 = np.quantile(values, [0.16, 0.5, 0.84])
        half = 0.5 * (q84 - q16)
        if half > 0:
            lo, hi = max(lo, q50 - core * half), min(hi, q50 + core * half)
    if is_integer_valued(arrays):
        lo, hi = math.floor(lo), math.ceil(hi)
        width = max(1, math.ceil((hi - lo + 1) / bins))
        n_bins = math.ceil((hi - lo + 1) / width)
        return lo - 0.5 + width * np.arange(n_bins + 1)
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    return np.linspace(lo, hi, bins + 1)


def normalised_hist(values: np.ndarray, edges: np.ndarray) -> dict[str, np.ndarray]:
    """Counts in `edges`, scaled to unit area, with Garwood errors scaled the same way.

    Returns counts (raw), density, err_lo and err_hi (distances below/above density).
    """
    counts, _ = np.histogram(values, bins=edges)
    scale = 1.0 / max(counts.sum(), 1) / np.diff(edges)
    lo, hi = poisson_interval(counts)
    density = counts * scale
    return {"counts": counts, "density": density,
            "err_lo": density - lo * scale, "err_hi": hi * scale - density}


def _draw_sample(ax, edges: np.ndarray, h: dict[str, np.ndarray], label: str, color) -> None:
    centres = 0.5 * (edges[1:] + edges[:-1])
    ax.stairs(h["density"], edges, color=color, label=label, lw=1.5)
    ax.errorbar(centres, h["density"], yerr=(h["err_lo"], h["err_hi"]), fmt="none",
                ecolor=color, elinewidth=1.0, capsize=0)


def _draw_ratio(ax, edges: np.ndarray, h: dict[str, np.ndarray], ref: dict[str, np.ndarray],
                color) -> np.ndarray:
    """Sample / reference with the sample's Poisson errors; returns the ratio per bin."""
    centres = 0.5 * (edges[1:] + edges[:-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(ref["density"] > 0, h["density"] / ref["density"], np.nan)
        lo = np.where(ref["density"] > 0, h["err_lo"] / ref["density"], np.nan)
        hi = np.where(ref["density"] > 0, h["err_hi"] / ref["density"], np.nan)
    ax.errorbar(centres, r, yerr=(lo, hi), xerr=0.5 * np.diff(edges), fmt="o", ms=3,
                color=color, elinewidth=1.0, capsize=0)
    return r


def _ratio_limits(ratios: list[np.ndarray]) -> tuple[float, float]:
    r = np.concatenate(ratios) if ratios else np.zeros(0)
    r = r[np.isfinite(r)]
    if r.size == 0 or (np.quantile(r, 0.05) >= 0.5 and np.quantile(r, 0.95) <= 1.5):
        return 0.5, 1.5
    return 0.0, 2.0


def _scaled_hists(samples: Mapping[str, np.ndarray], bins: int,
                  core: float | None = None) -> tuple[np.ndarray, dict, int]:
    """Common edges, each sample's unit-area histogram, and the power of ten taken out of the
    densities (it goes into the axis label, so no offset text sits under the label)."""
    edges = hist_edges(list(samples.values()), bins, core=core)
    hists = {k: normalised_hist(v[np.isfinite(v)], edges) for k, v in samples.items()}
    peak = max((float(h["density"].max()) for h in hists.values() if h["density"].size), default=1.0)
    exp = math.floor(math.log10(peak)) if peak > 0 else 0
    exp = exp if exp < -1 or exp > 2 else 0
    for h in hists.values():
        for k in ("density", "err_lo", "err_hi"):
            h[k] = h[k] / 10.0**exp
    return edges, hists, exp


def _ratio_axis(bot, edges: np.ndarray, ref: dict, ratios: list[np.ndarray], reference: str, obs: str) -> None:
    """The ratio panel's frame: the reference's error band around 1, limits, labels."""
    with np.errstate(divide="ignore", invalid="ignore"):
        band_lo = np.where(ref["density"] > 0, 1 - ref["err_lo"] / ref["density"], np.nan)
        band_hi = np.where(ref["density"] > 0, 1 + ref["err_hi"] / ref["density"], np.nan)
    bot.stairs(band_hi, edges, baseline=band_lo, fill=True, color="grey", alpha=0.3, lw=0)
    bot.axhline(1.0, color="grey", lw=0.8, ls="--")
    lo, hi = _ratio_limits(ratios)
    bot.set_ylim(lo, hi)
    # no tick labels at the ends, where they would touch the x tick labels
    bot.set_yticks([lo + 0.25 * (hi - lo), 1.0, hi - 0.25 * (hi - lo)])
    bot.set_ylabel(f"/ {reference}", fontsize=10)
    bot.set_xlabel(obs)


def _sample_label(name: str, values: np.ndarray, edges: np.ndarray) -> str:
    """'name (N=n)', with the share outside the plotted range when it is 1% or more."""
    v = values[np.isfinite(values)]
    outside = float(np.mean((v < edges[0]) | (v > edges[-1]))) if v.size else 0.0
    return f"{name} (N={len(values)}" + (f", {outside:.0%} outside)" if outside >= 0.01 else ")")


def _panel(sub, obs: str, samples: Mapping[str, np.ndarray], reference: str | None, bins: int,
           label: str, core: float | None = None) -> None:
    """One observable: its samples' histograms, and the ratio to `reference` under them."""
    samples = {k: np.asarray(v, dtype=float) for k, v in samples.items()}
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    if reference is not None and reference in samples and len(samples) > 1:
        top, bot = sub.subplots(2, 1, sharex=True, height_ratios=[3, 1])
    else:
        top, bot = sub.subplots(1, 1), None
    edges, hists, exp = _scaled_hists(samples, bins, core)
    ratios = []
    for j, (name, h) in enumerate(hists.items()):
        color = colors[j % len(colors)]
        _draw_sample(top, edges, h, _sample_label(name, samples[name], edges), color)
        if bot is not None and name != reference:
            ratios.append(_draw_ratio(bot, edges, h, hists[reference], color))
    top.set_ylabel("normalised" + (rf" $\times 10^{{{exp}}}$" if exp else ""))
    top.ticklabel_format(axis="y", style="plain", useOffset=False)
    peak_err = max(float(np.max(h["density"] + h["err_hi"], initial=0)) for h in hists.values())
    top.set_ylim(0, 1.3 * peak_err if peak_err > 0 else 1)  # headroom for the legend
    top.legend(loc="best", frameon=False)
    sim_label(top, text=label)
    if bot is None:
        top.set_xlabel(obs)
    else:
        _ratio_axis(bot, edges, hists[reference], ratios, reference, obs)
        top.tick_params(labelbottom=False)
        sub.align_ylabels([top, bot])
    if edges.size < 60 and np.allclose(edges - np.floor(edges), 0.5):
        top.xaxis.get_major_locator().set_params(integer=True)


def compare_histograms(
    panels: Mapping[str, Mapping[str, np.ndarray]],
    path: str | Path | None,
    reference: str | None = None,
    bins: int = 40,
    title: str | None = None,
    ncols: int = 3,
    label: str = SIM_LABEL,
    core: float | None = None,
) -> Path | Figure:
    """One panel per observable: unit-area histograms with Poisson errors.

    panels: {observable axis label: {sample label: values}}. reference: the sample that
    the others are divided by in a ratio panel under each histogram; give it only when the
    samples are the same kind of jets (generated vs reference, reconstructed vs original).
    Without it (or with one sample) there is no ratio panel. Integer-valued observables get
    half-integer bin edges (see `hist_edges`); `core` limits each panel to its distribution's
    core (residuals with long tails, see `hist_edges`). A sample with 1% or more of its values
    outside the plotted range says so in its legend.
    """
    n = len(panels)
    ncols = max(1, min(ncols, n))
    nrows = math.ceil(n / ncols)
    with hep_style():
        fig = plt.figure(figsize=(4.6 * ncols, 4.6 * nrows), layout="constrained")
        subs = np.atleast_1d(fig.subfigures(nrows, ncols, squeeze=False).ravel())
        for i, (obs, samples) in enumerate(panels.items()):
            _panel(subs[i], obs, samples, reference, bins, label, core)
        for sub in subs[n:]:
            sub.set_visible(False)
        if title:
            fig.suptitle(title, wrap=True)  # a long title wraps inside the figure
        return _finish(fig, path)


def rejection_points(y: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(eps_S, 1/eps_B) at every cut with eps_B > 0 (label 1 = signal, high score = signal)."""
    from omnijet.evaluate.metrics import roc

    r = roc(y, s)
    keep = (r["fpr"] > 0) & (r["tpr"] > 0)
    return r["tpr"][keep], 1.0 / r["fpr"][keep]


def rejection_curves(
    curves: Mapping[str, Sequence[tuple[np.ndarray, np.ndarray]]],
    path: str | Path | None,
    title: str | None = None,
    rlabel: str | None = None,
    styles: Mapping[str, Mapping[str, Any]] | None = None,
    label: str = SIM_LABEL,
) -> Path | Figure:
    """Background rejection 1/eps_B (log) vs signal efficiency, one curve per tagger.

    curves: {tagger label: [(labels, scores), ...]}, one (labels, scores) pair per seed.
    With several seeds the line is the mean rejection over seeds on a common eps_S grid and
    the band its std; with one seed it is that seed's curve and there is no band.
    styles: optional matplotlib keyword arguments per tagger label (colour, line style).
    """
    grid = np.linspace(0.02, 1.0, 197)
    with hep_style():
        fig, ax = plt.subplots(figsize=(6.4, 5.6), layout="constrained")
        for name, runs in curves.items():
            kw = dict((styles or {}).get(name, {}))
            if len(runs) == 1:
                eff, rej = rejection_points(*runs[0])
                ax.step(eff, rej, where="post", label=name, **kw)
                continue
            rej = np.stack([np.interp(grid, *rejection_points(y, s), left=np.nan, right=np.nan)
                            for y, s in runs])
            with warnings.catch_warnings():  # grid points that only some seeds reach
                warnings.simplefilter("ignore", RuntimeWarning)
                m, sd = np.nanmean(rej, axis=0), np.nanstd(rej, axis=0, ddof=1)
            (line,) = ax.plot(grid, m, label=f"{name} (mean ± std, {len(runs)} seeds)", **kw)
            ax.fill_between(grid, np.clip(m - sd, 1.0, None), m + sd, color=line.get_color(), alpha=0.2)
        ax.plot(grid, 1.0 / grid, color="grey", ls=":", lw=1.0, label="random (1/$\\varepsilon_S$)")
        ax.set_yscale("log")
        ax.set_xlim(0, 1)
        ax.set_xlabel(r"signal efficiency $\varepsilon_S$")
        ax.set_ylabel(r"background rejection $1/\varepsilon_B$")
        ax.grid(alpha=0.3, which="both")
        ax.legend(loc="upper right", frameon=False, fontsize=9)
        sim_label(ax, rlabel=rlabel, text=label)
        if title:
            fig.suptitle(title, wrap=True)  # a long title wraps inside the figure
        return _finish(fig, path)


def scan_rejection_curves(
    runs: Mapping[tuple[str, int], Sequence[tuple[np.ndarray, np.ndarray]]],
    path: str | Path | None,
    rlabel: str | None = None,
) -> Path | Figure:
    """Rejection vs efficiency of a fine-tuning scan: one curve per (strategy, training jets),
    colour by strategy, line style by size; runs: {(strategy, n_train): [(labels, scores)]}."""
    strategies = list(dict.fromkeys(k[0] for k in runs))
    sizes = sorted({k[1] for k in runs})
    with hep_style():
        colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    dashes = ["-", "--", ":", "-."]
    curves, styles = {}, {}
    for (strategy, n), r in runs.items():
        name = f"{strategy}, {n} jets"
        curves[name] = r
        styles[name] = {"color": colors[strategies.index(strategy) % len(colors)],
                        "ls": dashes[sizes.index(n) % len(dashes)]}
    return rejection_curves(curves, path, rlabel=rlabel, styles=styles)


def learning_curve(table, path: str | Path | None, metric: str = "accuracy", title: str | None = None,
                   label: str = SIM_LABEL) -> Path | Figure:
    """Test `metric` vs labelled training jets (log x), one line per strategy.

    table: rows with strategy, n_train, {metric}_mean, {metric}_std, n_seeds (the fine-tuning
    scan's aggregated table). Points with several seeds get mean +- std error bars (and a band
    between sizes); points from one seed get none, and the legend says how many seeds each line
    has.
    """
    with hep_style():
        fig, ax = plt.subplots(figsize=(6.4, 5.2), layout="constrained")
        groups = list(table.groupby("strategy", sort=False))
        for i, (strategy, rows) in enumerate(groups):
            rows = rows.sort_values("n_train")
            # strategies side by side at each size (2% apart on the log axis), so bars do not overlap
            x = rows["n_train"].to_numpy(float) * 1.02 ** (i - (len(groups) - 1) / 2)
            m, s = rows[f"{metric}_mean"].to_numpy(float), rows[f"{metric}_std"].to_numpy(float)
            seeds = rows["n_seeds"].to_numpy(int) if "n_seeds" in rows else np.ones(len(rows), int)
            lo, hi = int(seeds.min()), int(seeds.max())
            what = (f"{lo} seed" if hi == 1 else
                    f"mean ± std, {lo} seeds" if lo == hi else f"mean ± std, {lo}-{hi} seeds")
            (line,) = ax.plot(x, m, marker="o", label=f"{strategy} ({what})")
            multi = seeds > 1
            if multi.any():
                ax.errorbar(x[multi], m[multi], yerr=s[multi], fmt="none", ecolor=line.get_color(),
                            capsize=4, lw=1.2)
                if len(x) > 1:
                    ax.fill_between(x, np.where(multi, m - s, m), np.where(multi, m + s, m),
                                    color=line.get_color(), alpha=0.25, lw=0)
        ax.set_xscale("log")
        sizes = sorted(set(table["n_train"].astype(float)))  # ticks at the scan's sizes, as plain numbers
        ax.set_xticks(sizes, [f"{n:g}" for n in sizes])
        ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        if len(sizes) == 1:  # one size: a decade around it, not the 2% between the strategies blown up
            ax.set_xlim(sizes[0] / 3, sizes[0] * 3)
        ax.set_xlabel("labelled training jets")
        ax.set_ylabel(f"test {metric}")
        ax.grid(alpha=0.3, which="both")
        ax.legend(loc="lower right", frameon=False)
        sim_label(ax, text=label)
        if title:
            fig.suptitle(title, wrap=True)  # a long title wraps inside the figure
        return _finish(fig, path)


def loss_curves(history: Sequence[Mapping[str, Any]], path: str | Path | None, best_epoch: int | None = None,
                title: str | None = None, unit: str = "nats per token", label: str = SIM_LABEL) -> Path | Figure:
    """Training and validation loss against the epoch (from 1), the kept (best) epoch marked.

    history: the training loop's rows (epoch from 0, train_loss, val_loss). The training loss is
    the mean over an epoch's batches while the weights change, the validation loss is taken at the
    epoch's end: the axis label says so, since a gap between them is read as overfitting.
    """
    rows = [r for r in history if all(isinstance(r.get(k), int | float) for k in ("epoch", "train_loss", "val_loss"))]
    epochs = np.array([r["epoch"] + 1 for r in rows], dtype=float)
    with hep_style():
        fig, ax = plt.subplots(figsize=(6.4, 5.0), layout="constrained")
        ax.plot(epochs, [r["train_loss"] for r in rows], marker="o", ms=4, label="training (mean over the epoch)")
        ax.plot(epochs, [r["val_loss"] for r in rows], marker="s", ms=4, label="validation (end of the epoch)")
        if best_epoch is not None and any(r["epoch"] == best_epoch for r in rows):
            ax.axvline(best_epoch + 1, color="grey", ls=":", lw=1.2, label=f"kept: epoch {best_epoch + 1}")
        if len(epochs) and epochs.max() <= 30:
            ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("epoch")
        ax.set_ylabel(f"loss [{unit}]" if unit else "loss")
        ax.grid(alpha=0.3)
        ax.legend(loc="best", frameon=False)
        sim_label(ax, text=label)
        if title:
            fig.suptitle(title, wrap=True)
        return _finish(fig, path)


def text_overlaps(fig, tol: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of visible texts (titles, axis and tick labels, labels, legends) whose boxes
    overlap by more than `tol` pixels, and (text, "figure edge") for a text cut off by the
    figure's edge; an empty list means the layout is clean."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    tick_labels, drawn = set(), []
    for ax in fig.get_axes():
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                tick_labels |= {id(tick.label1), id(tick.label2)}
            if not ax.get_visible():
                continue
            for tick in axis._update_ticks():  # the ticks matplotlib draws (inside the view)
                drawn += [lab for lab in (tick.label1, tick.label2) if lab.get_visible()]
    texts = [t for t in fig.findobj(matplotlib.text.Text) if id(t) not in tick_labels] + drawn
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts
             if t.get_text().strip() and _shown(t)]
    edge = fig.bbox
    pairs = [(text, "figure edge") for text, b in boxes
             if b.x0 < edge.x0 - tol or b.x1 > edge.x1 + tol or b.y0 < edge.y0 - tol or b.y1 > edge.y1 + tol]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i][1], boxes[j][1]
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if w > tol and h > tol:
                pairs.append((boxes[i][0], boxes[j][0]))
    return pairs


def _shown(t) -> bool:
    """Visible, and so are its axes and every (sub)figure holding it."""
    if not t.get_visible() or (t.axes is not None and not t.axes.get_visible()):
        return False
    fig = t.get_figure(root=False)
    while fig is not None:
        if not fig.get_visible():
            return False
        fig = getattr(fig, "_parent", None)  # a SubFigure's parent; a Figure has none
    return True
