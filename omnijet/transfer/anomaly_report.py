"""Plots and the Markdown summary of an anomaly-detection run (reads only its result dict)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from omnijet.evaluate.metrics import hanley_mcneil  # noqa: E402
from omnijet.plotting import hep_style, sim_label  # noqa: E402
from omnijet.utils import atomic_path  # noqa: E402


def _save(fig, path: Path) -> None:
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=120, format="png")
    plt.close(fig)


def _curves(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    main = str(result["signal_fraction"])
    return {
        "unsupervised (GPT NLL)": result["unsupervised"]["event_sr"],
        "CWoLa": result["cwola"][main],
    }


def plot_roc_sic(result: dict[str, Any], out: Path) -> None:
    with hep_style():
        fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.6), layout="constrained")
        for name, m in _curves(result).items():
            tpr, fpr = np.asarray(m["roc"]["tpr"]), np.asarray(m["roc"]["fpr"])
            with np.errstate(divide="ignore"):
                a.plot(tpr, np.where(fpr > 0, 1.0 / fpr, np.nan), label=f"{name}, AUC {m['auc']:.3f}")
            b.plot(m["sic_curve"]["tpr"], m["sic_curve"]["sic"], label=f"{name}, max {m['max_sic']:.2f}")
        g = np.linspace(1e-3, 1, 200)
        a.plot(g, 1.0 / g, color="grey", ls=":", lw=1, label="random")
        a.set_yscale("log")
        a.set_xlabel(r"signal efficiency $\epsilon_S$")
        a.set_ylabel(r"background rejection $1/\epsilon_B$")
        b.axhline(1.0, color="grey", ls=":", lw=1)
        b.set_xlabel(r"signal efficiency $\epsilon_S$")
        b.set_ylabel(r"SIC = $\epsilon_S / \sqrt{\epsilon_B}$")
        for ax in (a, b):
            ax.grid(alpha=0.3)
            ax.legend(fontsize=9, frameon=False)
            sim_label(ax, rlabel=f"S/(S+B) = {result['signal_fraction']:g}, SR events")
        _save(fig, out / "roc_sic.png")


def plot_fraction_scan(result: dict[str, Any], out: Path) -> None:
    """CWoLa against the injected fraction; the no-signal control as a dashed line (a zero
    fraction has no place on the log axis), the unsupervised score as a star. A scan of the
    control alone has no fraction axis: its one point stands against random, with the AUC's
    Hanley-McNeil error."""
    fr = sorted(result["cwola"], key=float)
    injected = [f for f in fr if float(f) > 0]
    control = next((result["cwola"][f] for f in fr if float(f) == 0), None)
    with hep_style():
        fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.6), layout="constrained")
        u = result["unsupervised"]["event_sr"]
        s = float(result["signal_fraction"])
        for ax, key, what in ((a, "max_sic", "max SIC"), (b, "auc", "AUC")):
            if injected:
                ax.plot([float(f) for f in injected], [result["cwola"][f][key] for f in injected],
                        marker="o", label="CWoLa")
                if control is not None:
                    ax.axhline(control[key], color="C0", ls="--", lw=1.2, label="CWoLa, no signal injected")
                ax.set_xscale("log")
                ax.set_xlabel("injected S / (S + B)")
            elif control is not None:
                err = (hanley_mcneil(control["auc"], control["n_signal"], control["n_background"])
                       if key == "auc" else None)
                ax.errorbar([0], [control[key]], yerr=err, marker="o", color="C0", capsize=3,
                            label="CWoLa, no signal injected")
                ax.set_xlim(-1, 1)
                ax.set_xticks([0], ["S / (S + B) = 0"])
                ax.set_xlabel("the no-signal control alone (no fraction scanned)")
            if s > 0:
                ax.plot([s], [u[key]], marker="*", ms=13, ls="", color="C1",
                        label="unsupervised (GPT likelihood)")
            if key == "auc":
                ax.axhline(0.5, color="grey", ls=":", lw=1, label="random")
                ax.set_ylim(0, 1)
            else:  # a random score: TPR = FPR, so TPR / sqrt(FPR) <= 1
                ax.axhline(1.0, color="grey", ls=":", lw=1, label="random (at most 1)")
            ax.set_ylabel(what)
            ax.grid(alpha=0.3, which="both")
            ax.legend(fontsize=9, frameon=False)
            sim_label(ax)
        _save(fig, out / "fraction_scan.png")


def write_report(out: Path, result: dict[str, Any]) -> Path:
    plot_roc_sic(result, out)
    plot_fraction_scan(result, out)
    h, cfg = result["headline"], result["config"]
    lo, hi = cfg["signal_region"]
    rows = [
        f"| {f} | {c['n_injected']} | {c['auc']:.3f} | {c['max_sic']:.2f} |"
        for f, c in sorted(result["cwola"].items(), key=lambda kv: float(kv[0]))
    ]
    u = result["unsupervised"]
    emb = f" + {cfg['embeddings']} PCA embedding dims per jet" if cfg["embeddings"] else ""
    lines = [
        "# Anomaly detection", "",
        f"Signal region {lo} < mjj < {hi}, sidebands {cfg['sideband']} wide on each side. "
        f"{result['n_test']} held-out test events ({result['n_test_sr']} in the signal region, "
        f"{u['event_sr']['n_signal']} of them signal); data: {result['n_data_background']} "
        f"background events plus injected signal. {result['sic_rule']}.", "",
        f"## At injected signal fraction {result['signal_fraction']}", "",
        "| method | AUC | max SIC |", "|---|---|---|",
        f"| unsupervised: {u['score']} | {h['unsupervised_auc']:.3f} | {h['unsupervised_max_sic']:.2f} |",
        f"| CWoLa ({cfg['cwola_model']}, {cfg['folds']} folds, features {', '.join(cfg['cwola_features'])}"
        f"{emb}) "
        f"| {h['cwola_auc']:.3f} | {h['cwola_max_sic']:.2f} |", "",
        f"Unsupervised with the other reduction ({u['other_reduce']}): AUC "
        f"{u['event_sr_other_reduce']['auc']:.3f}, max SIC {u['event_sr_other_reduce']['max_sic']:.2f}. "
        f"Unsupervised on the leading jet alone: AUC {u['j1_sr']['auc']:.3f}; on all test events "
        f"(no mjj window): AUC {u['event_all']['auc']:.3f}.", "",
        "## CWoLa vs injected signal fraction", "",
        "| S/(S+B) | injected events | AUC | max SIC |", "|---|---|---|---|", *rows, "",
        "![ROC and SIC](roc_sic.png)", "", "![fraction scan](fraction_scan.png)", "",
    ]
    path = out / "summary.md"
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines))
    return path
