"""Figures of a resonance search (mplhep style): the fitted mjj spectrum with its residual panel,
the local p-value across the windows, SIC curves, and max SIC against the injected fraction."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import mplhep  # noqa: E402
import numpy as np  # noqa: E402

from omnijet.plotting import hep_style, save, sim_label  # noqa: E402
from omnijet.search import stats  # noqa: E402


def plot_spectrum(result: dict[str, Any], out: Path, title: str = "") -> Path:
    """Inclusive mjj spectrum with the dijet fit (best window blinded) and the pulls below."""
    edges = np.asarray(result["fit"]["edges"])
    counts = np.asarray(result["fit"]["counts"])
    best = result["best"]
    h = stats.mjj_hist(np.empty(0), edges)
    h.view()[:] = counts
    fit = stats.fit_dijet(h, blind=tuple(best["sr"]))
    mu = fit.expected
    with hep_style():
        fig, (a, b) = plt.subplots(2, 1, figsize=(7.5, 6.5), sharex=True, layout="constrained",
                                   gridspec_kw={"height_ratios": [3, 1]})
        mplhep.histplot(counts, edges, yerr=np.sqrt(counts), histtype="errorbar", ax=a,
                        color="k", label="events", markersize=3)
        a.stairs(mu, edges, color="C0", lw=1.5, label="dijet fit (best SR blinded)")
        lo, hi = best["sr"]
        for ax in (a, b):
            ax.axvspan(lo, hi, color="C1", alpha=0.15, lw=0)
        a.plot([], [], color="C1", alpha=0.4, lw=6, label=f"best SR ({best['method']})")
        a.set_yscale("log")
        a.set_ylabel("events / bin")
        a.legend(frameon=False, fontsize=9)
        chi2, ndf = fit.chi2_ndf
        sim_label(a, rlabel=f"{title}  $\\chi^2$/ndf = {chi2:.0f}/{ndf}")
        with np.errstate(divide="ignore", invalid="ignore"):
            pull = np.where(mu > 0, (counts - mu) / np.sqrt(mu), 0.0)
        b.stairs(pull, edges, fill=True, color="grey", alpha=0.6)
        b.axhline(0, color="k", lw=0.8)
        b.set_ylabel(r"(data $-$ fit) / $\sigma$")
        b.set_xlabel(r"$m_{jj}$ [GeV]")
        b.set_ylim(-4, 4)
        return save(fig, out)


def plot_scan(results: Mapping[str, dict[str, Any]], out: Path) -> Path:
    """Smallest local p-value per window centre (over cuts and methods), one line per box."""
    with hep_style():
        fig, ax = plt.subplots(figsize=(7.5, 4.8), layout="constrained")
        for i, (name, r) in enumerate(results.items()):
            per: dict[float, float] = {}
            for t in r["tests"]:
                per[t["center"]] = min(per.get(t["center"], 1.0), t["p_local"])
            c = sorted(per)
            ax.plot(c, [per[k] for k in c], marker="o", ms=3, color=f"C{i}", label=name)
        for z in (1, 2, 3, 4, 5):
            ax.axhline(stats.norm.sf(z), color="grey", ls=":", lw=0.8)
            ax.annotate(f"{z}$\\sigma$", (1.0, stats.norm.sf(z)), xycoords=("axes fraction", "data"),
                        fontsize=8, color="grey", va="bottom", ha="right")
        ax.set_yscale("log")
        p_min = min(t["p_local"] for r in results.values() for t in r["tests"])
        ax.set_ylim(bottom=max(1e-30, 0.3 * min(p_min, 1e-4)), top=1.5)
        ax.set_xlabel(r"window centre $m_{jj}$ [GeV]")
        ax.set_ylabel("local p-value (smallest over cuts)")
        ax.legend(frameon=False, fontsize=9)
        sim_label(ax)
        return save(fig, out)


def plot_sic(curves: Mapping[str, dict[str, Any]], out: Path, rlabel: str = "") -> Path:
    """SIC vs signal efficiency per method (each with its AUC and max SIC in the legend)."""
    with hep_style():
        fig, ax = plt.subplots(figsize=(7.0, 4.8), layout="constrained")
        for name, m in curves.items():
            ax.plot(m["sic_curve"]["tpr"], m["sic_curve"]["sic"],
                    label=f"{name}: AUC {m['auc']:.3f}, max SIC {m['max_sic']:.1f}")
        ax.axhline(1.0, color="grey", ls=":", lw=1)
        ax.set_xlabel(r"signal efficiency $\epsilon_S$")
        ax.set_ylabel(r"SIC = $\epsilon_S / \sqrt{\epsilon_B}$  ($\epsilon_B \geq 5/N_B$)")
        ax.legend(frameon=False, fontsize=9)
        sim_label(ax, rlabel=rlabel)
        return save(fig, out)


def plot_sic_vs_fraction(rows: list[dict[str, Any]], methods: list[str], out: Path,
                         control: dict[str, float] | None = None) -> Path:
    """max SIC (and AUC) against the injected S/(S+B); the no-signal control as a band."""
    f = [r["fraction"] for r in rows]
    with hep_style():
        fig, axes = plt.subplots(1, 2, figsize=(11, 4.6), layout="constrained")
        for ax, key, what in ((axes[0], "max_sic", "max SIC"), (axes[1], "auc", "AUC")):
            for i, m in enumerate(methods):
                ax.plot(f, [r[m][key] for r in rows], marker="o", color=f"C{i}", label=m)
            if control is not None and key in control:
                c, e = control[key], control.get(f"{key}_err", 0.0)
                ax.axhspan(c - e, c + e, color="grey", alpha=0.3, lw=0,
                           label="CWoLa, no signal (mean $\\pm$ std)")
            ax.set_xscale("log")
            ax.set_xlabel("injected S / (S + B)")
            ax.set_ylabel(what)
            ax.legend(frameon=False, fontsize=9)
            sim_label(ax)
        return save(fig, out)
