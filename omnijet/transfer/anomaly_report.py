"""Plots and the Markdown summary of an anomaly-detection run (reads only its result dict)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from omnijet.utils import atomic_path  # noqa: E402


def _save(fig, path: Path) -> None:
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=120, bbox_inches="tight", format="png")
    plt.close(fig)


def _curves(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    main = str(result["signal_fraction"])
    return {
        "unsupervised (GPT NLL)": result["unsupervised"]["event_sr"],
        "CWoLa": result["cwola"][main],
    }


def plot_roc_sic(result: dict[str, Any], out: Path) -> None:
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    for name, m in _curves(result).items():
        tpr, fpr = np.asarray(m["roc"]["tpr"]), np.asarray(m["roc"]["fpr"])
        a.plot(tpr, fpr, label=f"{name}, AUC {m['auc']:.3f}")
        b.plot(m["sic_curve"]["tpr"], m["sic_curve"]["sic"], label=f"{name}, max {m['max_sic']:.2f}")
    g = np.logspace(-4, 0, 50)
    a.plot(g, g, color="grey", ls="--", lw=0.8, label="random")
    a.set_yscale("log")
    a.set_xlabel("signal efficiency (TPR)")
    a.set_ylabel("background efficiency (FPR)")
    a.set_title("ROC, test events in the signal region", fontsize=10)
    b.axhline(1.0, color="grey", ls="--", lw=0.8)
    b.set_xlabel("signal efficiency (TPR)")
    b.set_ylabel("SIC = TPR / sqrt(FPR)")
    b.set_title(result["sic_rule"], fontsize=8)
    for ax in (a, b):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"injected signal fraction {result['signal_fraction']}", fontsize=10)
    _save(fig, out / "roc_sic.png")


def plot_fraction_scan(result: dict[str, Any], out: Path) -> None:
    fr = sorted(result["cwola"], key=float)
    x = [max(float(f), 1e-4) for f in fr]  # fraction 0 drawn at 1e-4 on the log axis
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    a.plot(x, [result["cwola"][f]["max_sic"] for f in fr], marker="o", label="CWoLa")
    b.plot(x, [result["cwola"][f]["auc"] for f in fr], marker="o", label="CWoLa")
    u = result["unsupervised"]["event_sr"]
    s = max(float(result["signal_fraction"]), 1e-4)
    a.plot([s], [u["max_sic"]], marker="*", ms=12, ls="", label="unsupervised (GPT trained here)")
    b.plot([s], [u["auc"]], marker="*", ms=12, ls="", label="unsupervised (GPT trained here)")
    for ax, what in ((a, "max SIC"), (b, "AUC")):
        ax.set_xscale("log")
        ax.set_xlabel("injected S / (S + B)  (0 drawn at 1e-4)")
        ax.set_ylabel(what)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
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
