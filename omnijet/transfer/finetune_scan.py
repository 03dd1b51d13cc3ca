"""Fine-tuning scan: labelled-set sizes x strategies x seeds, resumable, with a learning curve.

Layout of the results folder:
    scan.json         what the scan was run with (config, data and checkpoint fingerprints)
    points.jsonl      one line per finished (strategy, size, seed), appended as each finishes;
                      a rerun skips these, and refuses if scan.json's fingerprint differs
    results.csv/.md   mean and spread over seeds per (strategy, size)
    metrics.json      every point + the aggregated table + provenance
    learning_curve.png  accuracy vs training jets (log x), one line per strategy, mean +- std
                      band where a point has several seeds
    scores/<key>.npz  each point's test labels and class probabilities
    rejection.png     1/eps_B vs eps_S per (strategy, size), from scores/ (binary tasks)
    summary.md        the short human-readable account

On a cluster the points are split: `shard=Shard(i, n)` runs points i, i+n, ... only and writes
no tables; several such processes may share one folder (points.jsonl and scan.json are written
under a file lock, see omnijet.transfer.shards), and `merge_finetune_scan` builds the tables
once every point is there. Without a shard (or with n = 1) the scan runs every point and
merges itself, as before.

The val and test sets are fixed (balanced, drawn once with `split_seed`); each training set is
a balanced subset of the remaining pool drawn with the point's seed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from omnijet.backbone.checkpoint import check_vocab, load_gpt_state
from omnijet.backbone.model import GPT, GPTConfig
from omnijet.config import BACKBONE_LABEL, FinetuneScanConfig
from omnijet.errors import ConfigError
from omnijet.tokenizer.tokens import MappedTokenDataset, TokenDataset
from omnijet.train.loop import ProgressFn
from omnijet.transfer.classifier import STRATEGIES, Strategy
from omnijet.transfer.finetune import FinetuneConfig, finetune
from omnijet.transfer.labelled_tokens import balanced_subset, remap_labels, split_fixed
from omnijet.transfer.shards import Shard, append_line, read_lines, scan_lock
from omnijet.utils import atomic_path, provenance, read_json, sha256_file, write_json

METRICS = ("accuracy", "auc", "rejection_30", "rejection_50")


def _default(name: str) -> Any:
    """The default of a scan setting: declared once, in omnijet.config.FinetuneScanConfig."""
    default = FinetuneScanConfig.model_fields[name].default
    return tuple(default) if isinstance(default, list) else default


@dataclass(frozen=True)
class ScanConfig:
    """The points of a fine-tuning scan and their training block (a typed view of
    FinetuneScanConfig; `of` takes it from it). Defaults are the operation config's."""

    sizes: tuple[int, ...] = _default("sizes")
    strategies: tuple[Strategy, ...] = _default("strategies")
    seeds: int = _default("seeds")
    n_val: int = _default("n_val")
    n_test: int = _default("n_test")
    split_seed: int = 0
    finetune: FinetuneConfig = field(default_factory=FinetuneConfig)
    keep_checkpoints: bool = _default("keep_checkpoints")

    @classmethod
    def of(cls, cfg: FinetuneScanConfig) -> ScanConfig:
        return cls(sizes=tuple(cfg.sizes), strategies=tuple(cfg.strategies), seeds=cfg.seeds, n_val=cfg.n_val,
                   n_test=cfg.n_test, finetune=FinetuneConfig.of(cfg), keep_checkpoints=cfg.keep_checkpoints)

    def points(self) -> list[tuple[str, int, int]]:
        return [(s, n, seed) for n in self.sizes for seed in range(self.seeds) for s in self.strategies]


def point_key(strategy: str, size: int, seed: int) -> str:
    return f"{strategy}_n{size}_s{seed}"


def _data_digest(ds: TokenDataset | MappedTokenDataset) -> str:
    return ds.digest()  # chunk by chunk for a mapped set


def read_points(path: Path) -> dict[str, dict[str, Any]]:
    """Finished points by key; a torn last line (interrupted write) is ignored."""
    return {point_key(p["strategy"], p["n_train"], p["seed"]): p for p in read_lines(path)}


def point_keys(config: dict[str, Any]) -> list[str]:
    """Keys of a scan's points in configured order, from the config recorded in scan.json."""
    return [point_key(s, n, seed) for n in config["sizes"] for seed in range(config["seeds"])
            for s in config["strategies"]]


def _check_scan(cfg: ScanConfig, gpt_path: Path | None) -> None:
    if not cfg.sizes or min(cfg.sizes) < 2:
        raise ConfigError(f"sizes must be training-set sizes >= 2, got {cfg.sizes}")
    if cfg.seeds < 1:
        raise ConfigError(f"seeds must be >= 1, got {cfg.seeds}")
    bad = [s for s in cfg.strategies if s not in STRATEGIES]
    if bad or not cfg.strategies:
        raise ConfigError(f"unknown strategies {bad or cfg.strategies}; choose from {STRATEGIES}")
    if gpt_path is None and any(s != "scratch" for s in cfg.strategies):
        raise ConfigError("strategies finetune/frozen-backbone need a pretrained GPT (--gpt)")


def _check_fingerprint(scan_file: Path, fingerprint: dict[str, Any]) -> None:
    if scan_file.exists() and read_json(scan_file)["fingerprint"] != fingerprint:
        raise ConfigError(
            f"{scan_file.parent} holds a scan made with other data, checkpoint or settings: "
            "use a new --out folder (or delete it) to start over"
        )


def _open_scan(out: Path, cfg: ScanConfig, fingerprint: dict[str, Any], layout: dict[str, Any],
               gpt_path: Path | None, source: Any, backbone_label: str | None) -> dict[str, dict[str, Any]]:
    """Check the folder holds this scan (or none), write scan.json, and return the finished
    points (points.jsonl rewritten without a torn last line, so appends start on a fresh line)."""
    scan_file, points_file = out / "scan.json", out / "points.jsonl"
    _check_fingerprint(scan_file, fingerprint)  # before the folder is made
    config = json.loads(json.dumps({**asdict(cfg), "finetune": cfg.finetune.to_dict()}))
    with scan_lock(out):  # shards sharing the folder check and write scan.json one at a time
        _check_fingerprint(scan_file, fingerprint)
        write_json(scan_file, {
            "kind": "finetune", "fingerprint": fingerprint, "gpt": gpt_path, "config": config,
            "layout": layout, "data_source": source, "provenance": provenance(),
            **({"backbone_label": backbone_label} if backbone_label else {}),  # for a later merge
        })
        done = read_points(points_file)
        if points_file.exists():
            with atomic_path(points_file) as tmp:
                tmp.write_text("".join(json.dumps(p, allow_nan=True) + "\n" for p in done.values()))
    return done


def _run_point(out: Path, key: str, train: Any, val: Any, test: Any, strategy: str, seed: int,
               cfg: ScanConfig, pretrained: GPT | None, gpt_cfg: GPTConfig,
               progress: ProgressFn | None) -> dict[str, Any]:
    """Train and test one point; append its result to points.jsonl (test scores kept, small,
    for the rejection plot; the checkpoint only with keep_checkpoints)."""
    point_dir = out / "points" / key
    res = finetune(train, val, test, strategy, point_dir, pretrained=pretrained,
                   gpt_cfg=gpt_cfg, cfg=cfg.finetune, seed=seed, progress=progress)
    scores = point_dir / "test_scores.npz"
    if scores.is_file():
        (out / "scores").mkdir(exist_ok=True)
        os.replace(scores, out / "scores" / f"{key}.npz")
    with scan_lock(out):
        append_line(out / "points.jsonl", res)
    if not cfg.keep_checkpoints:
        shutil.rmtree(point_dir, ignore_errors=True)
    return res


def finetune_scan(
    labelled: TokenDataset | MappedTokenDataset,
    out_dir: str | Path,
    cfg: ScanConfig = ScanConfig(),
    *,
    gpt_path: str | Path | None = None,
    gpt_cfg: GPTConfig | None = None,
    progress: ProgressFn | None = None,
    shard: Shard | None = None,
    backbone_label: str | None = None,
) -> dict[str, Any]:
    """Run (or resume) the scan; return the aggregated metrics (also written to out_dir).
    `backbone_label` names the pretrained backbone in the plots (two backbones compared).

    With a shard of n > 1, run only its points and return {"shard", "points", "scan_total",
    "scan_done"}; the tables come from `merge_finetune_scan` once every shard has finished.
    """
    out = Path(out_dir)
    gpt_path = Path(gpt_path) if gpt_path is not None else None
    _check_scan(cfg, gpt_path)
    pretrained: GPT | None = None
    if gpt_path is not None:
        pretrained, _ = load_gpt_state(gpt_path)
        gpt_cfg = pretrained.cfg
    if gpt_cfg is None:
        raise ConfigError("give a pretrained GPT checkpoint or a GPTConfig for the scratch backbone")
    check_vocab(gpt_cfg, labelled, "the labelled tokens")
    data, classes = remap_labels(labelled)
    pool, val, test = split_fixed(data, cfg.n_val, cfg.n_test, max(cfg.sizes), cfg.split_seed)

    fingerprint = {
        "finetune": cfg.finetune.to_dict(), "n_val": cfg.n_val, "n_test": cfg.n_test,
        "split_seed": cfg.split_seed, "classes": classes, "data": _data_digest(labelled),
        "gpt_sha256": sha256_file(gpt_path) if gpt_path else None, "gpt_config": gpt_cfg.to_dict(),
    }
    layout = {"classes": classes, "n_val": len(val), "n_test": len(test), "n_pool": len(pool)}
    done = _open_scan(out, cfg, fingerprint, layout, gpt_path, labelled.meta.get("source"), backbone_label)
    points_file = out / "points.jsonl"
    mine = cfg.points() if shard is None else shard.take(cfg.points())
    todo = [p for p in mine if point_key(*p) not in done]
    if progress:
        progress({"event": "scan", "total": len(mine), "done": len(mine) - len(todo),
                  **({"shard": str(shard), "scan_total": len(cfg.points())} if shard else {})})
    for i, (strategy, size, seed) in enumerate(todo):
        key = point_key(strategy, size, seed)
        res = _run_point(out, key, balanced_subset(pool, size, seed), val, test, strategy, seed, cfg,
                         pretrained, gpt_cfg, progress)
        done[key] = res
        if progress:
            progress({"event": "point", "key": key, "index": i + 1, "todo": len(todo), **res})

    if shard is not None and not shard.whole:
        with scan_lock(out):
            finished = read_points(points_file)
        keys = [point_key(*p) for p in cfg.points()]
        return {"shard": str(shard), "points": [done[point_key(*p)] for p in mine],
                "scan_total": len(keys), "scan_done": sum(k in finished for k in keys)}
    return merge_finetune_scan(out, backbone_label)


def merge_finetune_scan(out_dir: str | Path, backbone_label: str | None = None) -> dict[str, Any]:
    """Tables, metrics.json, plots and summary from scan.json and points.jsonl (every point of
    the recorded config must be finished; the shards' order of finishing does not matter).
    Without `backbone_label`, the one the shards recorded in scan.json names the backbone."""
    out = Path(out_dir)
    if not (out / "scan.json").is_file():
        raise ConfigError(f"{out} holds no scan (no scan.json): give the --out of a scan")
    with scan_lock(out):
        meta = read_json(out / "scan.json")
        done = read_points(out / "points.jsonl")
    if meta.get("kind", "finetune") != "finetune" or "config" not in meta:
        raise ConfigError(f"{out}/scan.json is not a fine-tuning scan that can be merged")
    keys = point_keys(meta["config"])
    missing = [k for k in keys if k not in done]
    if missing:
        raise ConfigError(
            f"{out}: {len(missing)} of {len(keys)} points are not finished (e.g. "
            f"{', '.join(missing[:3])}): run the missing shards again (they resume), then merge"
        )
    backbone_label = backbone_label or _recorded_label(out, meta)
    points = [done[k] for k in keys]
    table = aggregate(points)
    summary = {
        **meta["layout"], "table": table.to_dict(orient="records"), "points": points,
        "config": meta["config"], "gpt": str(meta["gpt"]) if meta["gpt"] else None,
        "provenance": provenance(data=meta.get("data_source"), fingerprint=meta["fingerprint"]),
        **({"backbone_label": backbone_label} if backbone_label else {}),
    }
    write_results(out, table, summary)
    return summary


def _recorded_label(out: Path, meta: dict[str, Any]) -> str | None:
    """The backbone label scan.json records, if it is a plain one (the file may be edited by anyone)."""
    label = meta.get("backbone_label")
    if label is not None and not (isinstance(label, str) and re.fullmatch(BACKBONE_LABEL, label)):
        raise ConfigError(f"{out}/scan.json: backbone_label is not a plain label of at most 40 letters, "
                          "digits and ' _.,+()-'")
    return label


def aggregate(points: list[dict[str, Any]]) -> pd.DataFrame:
    """Mean and std over seeds per (strategy, n_train)."""
    df = pd.DataFrame(points)
    cols = [m for m in METRICS if m in df]
    g = df.groupby(["strategy", "n_train"], sort=False)[cols]
    table = g.mean().add_suffix("_mean").join(g.std(ddof=1).fillna(0.0).add_suffix("_std"))
    table["n_seeds"] = g.size()
    table = table.reset_index()
    order = {s: i for i, s in enumerate(dict.fromkeys(df["strategy"]))}  # as configured
    return table.sort_values(["strategy", "n_train"], key=lambda c: c.map(order) if c.name == "strategy" else c,
                             kind="stable").reset_index(drop=True)


def _cell(mean: float, std: float, seeds: int) -> str:
    """Mean ± the seeds' spread; never '± 0': one seed has no spread, identical seeds say so."""
    if seeds < 2:
        return f"{mean:.4g} (1 seed)"
    return f"{mean:.4g} (seeds identical)" if std == 0 else f"{mean:.4g} ± {std:.2g}"


def _markdown(table: pd.DataFrame) -> str:
    metric_cols = [m for m in METRICS if f"{m}_mean" in table]
    head = "| strategy | training jets | " + " | ".join(metric_cols) + " | seeds |"
    lines = [head, "|" + "---|" * (len(metric_cols) + 3)]
    for _, r in table.iterrows():
        cells = [_cell(r[f"{m}_mean"], r[f"{m}_std"], int(r["n_seeds"])) for m in metric_cols]
        lines.append(f"| {r['strategy']} | {int(r['n_train'])} | " + " | ".join(cells) + f" | {int(r['n_seeds'])} |")
    return "\n".join(lines)


def plot_learning_curve(table: pd.DataFrame, path: Path, metric: str = "accuracy") -> Path:
    from omnijet.plotting import learning_curve

    return learning_curve(table, path, metric)


def class_name(label: int) -> str:
    """A JetClass index by its name (Tbqq, QCD, ...); other labels as "label N"."""
    from omnijet.data.batch import JetClass

    return JetClass(label).name if label in JetClass._value2member_map_ else f"label {label}"


def shown(strategy: str, backbone: str | None) -> str:
    """A strategy as the plots name it: with the backbone's name where two backbones are compared."""
    return f"{strategy} [{backbone}]" if backbone and strategy != "scratch" else strategy


def plot_rejection(out: Path, points: list[dict[str, Any]], classes: list[int], backbone: str | None = None) -> Path | None:
    """Rejection vs signal efficiency per (strategy, size) from scores/<key>.npz (binary only)."""
    import numpy as np

    from omnijet.plotting import scan_rejection_curves

    runs: dict[tuple[str, int], list] = {}
    for p in points:
        f = out / "scores" / f"{point_key(p['strategy'], p['n_train'], p['seed'])}.npz"
        if p.get("n_classes") == 2 and f.is_file():
            with np.load(f) as z:
                runs.setdefault((shown(p["strategy"], backbone), int(p["n_train"])), []).append(
                    (z["labels"], z["probs"][:, 1]))
    if not runs:
        return None
    return scan_rejection_curves(runs, out / "rejection.png", rlabel=(
        f"signal {class_name(classes[1])}, background {class_name(classes[0])}"))


def write_results(out: Path, table: pd.DataFrame, summary: dict[str, Any]) -> None:
    with atomic_path(out / "results.csv") as tmp:
        table.to_csv(tmp, index=False)
    md = _markdown(table)
    with atomic_path(out / "results.md") as tmp:
        tmp.write_text(md + "\n")
    write_json(out / "metrics.json", summary)
    backbone = summary.get("backbone_label")
    plot_learning_curve(table.assign(strategy=[shown(s, backbone) for s in table["strategy"]]), out / "learning_curve.png")
    rejection = plot_rejection(out, summary["points"], summary["classes"], backbone)
    lines = [
        "# Fine-tuning scan", "",
        f"Classes {summary['classes']} (remapped to 0..{len(summary['classes']) - 1}; class 1, "
        f"{class_name(summary['classes'][1])}, is the signal for the rejections). Fixed balanced test set of "
        f"{summary['n_test']} jets, validation set of {summary['n_val']} (early stopping).", "",
        md, "", _gain_sentence(table), "", "![learning curve](learning_curve.png)", "",
        *(["![rejection vs signal efficiency](rejection.png)", ""] if rejection else []),
    ]
    with atomic_path(out / "summary.md") as tmp:
        tmp.write_text("\n".join(lines))


def _gain_sentence(table: pd.DataFrame) -> str:
    acc = table.pivot(index="n_train", columns="strategy", values="accuracy_mean")
    if "scratch" not in acc or acc.shape[1] < 2:
        return ""
    parts = []
    for n, row in acc.iterrows():
        gains = [f"{s} {100 * (row[s] - row['scratch']):+.1f} pp" for s in acc.columns if s != "scratch"]
        parts.append(f"n={n}: " + ", ".join(gains))
    return "Accuracy relative to training from scratch: " + "; ".join(parts) + "."

