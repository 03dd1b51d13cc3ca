"""Anomaly-detection workflow on LHC Olympics-like events: both methods, one signal-fraction scan.

    1. split: background and signal each test_frac : rest. The held-out events are the test set
       (where truth is used only to measure). The "data" are the other background events plus
       injected signal at S / (S + B) = fraction (nested: a lower fraction injects a subset).
    2. unsupervised: a GPT trained on the data's jets (background-dominated) unless one is given;
       score = per-event NLL (sum over the two leading jets).
    3. weakly supervised: CWoLa on the data's SR vs sidebands with k folds, on the high-level
       features (optionally + PCA of the backbone's mean jet embeddings); the test events are
       scored by the average of the k fold models, none of which saw them.
    4. metrics on the test events in the signal region: ROC AUC, max SIC (counted only at cuts
       that keep >= min_bkg background events), SIC curves; max SIC and AUC vs fraction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import torch
from sklearn.decomposition import PCA

from omnijet.backbone.checkpoint import check_vocab, load_gpt_state
from omnijet.backbone.model import GPT, GPTConfig, Preset
from omnijet.checkpoint_io import load_checkpoint
from omnijet.config import AnomalyScanConfig, PretrainConfig
from omnijet.data.batch import JetBatch
from omnijet.errors import ConfigError, DataError
from omnijet.evaluate.metrics import max_sic, roc, sic_curve, tpr_at_max_sic
from omnijet.search.cwola import feature_matrix, kfold_scores
from omnijet.tokenizer.base import Tokenizer
from omnijet.tokenizer.tokens import TokenDataset
from omnijet.train.loop import ProgressFn, TrainConfig
from omnijet.transfer.anomaly_scores import (
    CwolaModel,
    Reduce,
    cwola_scores,
    injection_split,
    jet_embeddings,
    jet_nll_parts,
    n_injected,
    regions,
)
from omnijet.transfer.shards import Shard, append_line, read_lines, scan_lock
from omnijet.utils import atomic_path, pick_device, provenance, read_json, sha256_file, write_json

# jet masses over mjj: the raw masses grow with mjj and sculpt the no-signal control (measured
# in benchmarks/search.py's control study; omnijet.search.cwola explains)
CWOLA_FEATURES = ("mj1/mjj", "mj2/mjj", "tau21_j1", "tau21_j2")
_Backbone = tuple[GPT, tuple[TokenDataset, TokenDataset]]  # the GPT and both jets' tokens
PRETRAIN = PretrainConfig.model_fields  # the background GPT's lr and patience are pretraining's


class Events(Protocol):  # omnijet.data.lhco.LHCOEvents
    j1: JetBatch
    j2: JetBatch
    features: pd.DataFrame


def _default(name: str) -> Any:
    """The default of a scan setting: declared once, in omnijet.config.AnomalyScanConfig."""
    default = AnomalyScanConfig.model_fields[name].default
    return tuple(default) if isinstance(default, list) else default


@dataclass(frozen=True)
class AnomalyConfig:
    """The settings of one scan: a typed block of AnomalyScanConfig without its files (`of`
    takes them from it), with the signal region as one (low, high) pair. Defaults are the
    operation config's; the GPT trained here learns at pretraining's rate and patience."""

    signal_region: tuple[float, float] = (_default("sr_low"), _default("sr_high"))  # mjj [GeV]
    sideband: float = _default("sideband")  # width of each sideband next to the SR [GeV]
    signal_fraction: float = _default("signal_fraction")  # injected S / (S + B) of the main result
    scan_fractions: tuple[float, ...] = _default("fractions")
    test_frac: float = _default("test_frac")
    folds: int = _default("folds")
    cwola_model: CwolaModel = _default("cwola_model")
    cwola_features: tuple[str, ...] = CWOLA_FEATURES
    embeddings: int = _default("embeddings")  # PCA components of the backbone embedding per jet added to CWoLa
    nll_reduce: Reduce = _default("nll_reduce")
    min_bkg: int = _default("min_bkg")
    gpt_preset: Preset = _default("gpt_preset")
    gpt_epochs: int = _default("gpt_epochs")
    gpt_batch_size: int = _default("gpt_batch_size")
    gpt_lr: float = PRETRAIN["lr"].default
    gpt_max_steps_per_epoch: int | None = _default("gpt_max_steps_per_epoch")
    seed: int = _default("seed")
    device: str = _default("device")

    @classmethod
    def of(cls, cfg: AnomalyScanConfig) -> AnomalyConfig:
        same = {f.name: getattr(cfg, f.name) for f in fields(cls) if f.name in AnomalyScanConfig.model_fields}
        return cls(**same, signal_region=(cfg.sr_low, cfg.sr_high), scan_fractions=tuple(cfg.fractions))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _label(events: Events) -> np.ndarray:
    if "label" not in events.features:
        raise DataError("LHCO features have no 'label' column: truth is needed to measure")
    return events.features["label"].to_numpy().astype(int)


def _check_events(events: Events, cfg: AnomalyConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The truth labels and the (signal region, sidebands) masks of events fit for the scan."""
    need = {"mjj", *(c for f in cfg.cwola_features for c in f.split("/"))}
    missing = sorted(need - set(events.features.columns))
    if missing:
        raise DataError(f"LHCO features lack columns {missing} (have {list(events.features.columns)})")
    label = _label(events)
    if not np.isin(label, (0, 1)).all():
        raise DataError(f"LHCO labels must be 0 (background) / 1 (signal), got {np.unique(label)}")
    lo, hi = cfg.signal_region
    if not lo < hi or cfg.sideband <= 0:
        raise DataError(f"signal region {cfg.signal_region} / sideband {cfg.sideband} is empty")
    in_sr, in_sb = regions(events.features["mjj"].to_numpy(), cfg.signal_region, cfg.sideband)
    if not in_sr.any():
        mjj = events.features["mjj"]
        raise DataError(
            f"signal region {lo} < mjj < {hi} is empty (mjj spans {mjj.min():.4g} .. "
            f"{mjj.max():.4g}; the signal region is in the units of the file's mjj)"
        )
    return label, in_sr, in_sb


def tokenize_events(tokenizer: Tokenizer, events: Events, max_constituents: int) -> tuple[TokenDataset, TokenDataset]:
    """Token sets of the leading and subleading jets (at most max_constituents each)."""
    out = []
    label = torch.as_tensor(_label(events))
    for jets in (events.j1, events.j2):
        tokens, mask = tokenizer.encode(jets.truncate(max_constituents))
        out.append(TokenDataset(tokens.cpu(), mask.cpu(), label, tokenizer.codebook_size))
    return out[0], out[1]


def train_background_gpt(
    j1: TokenDataset, j2: TokenDataset, out_dir: Path, cfg: AnomalyConfig,
    progress: ProgressFn | None = None,
) -> GPT:
    """Pretrain a GPT on both jets of the (background-dominated) data; 10% held out."""
    from omnijet.train.pretrain import pretrain
    from omnijet.transfer.labelled_tokens import concat

    jets = concat([j1, j2])
    val, train = jets.split([0.1, 0.9], seed=cfg.seed)
    gcfg = GPTConfig.preset(cfg.gpt_preset, jets.codebook_size)
    tcfg = TrainConfig(epochs=cfg.gpt_epochs, batch_size=cfg.gpt_batch_size, lr=cfg.gpt_lr,
                       patience=PRETRAIN["patience"].default, seed=cfg.seed, device=cfg.device, progress_bar=False,
                       max_steps_per_epoch=cfg.gpt_max_steps_per_epoch)
    res = pretrain(train, val, out_dir, gcfg, tcfg, progress=progress)
    model = GPT(gcfg)
    model.load_state_dict(load_checkpoint(res.best_path, kind="gpt")["model"])
    return model.eval()


def _score_name(reduce: str) -> str:
    if reduce == "sum":
        return "per-event NLL: sum over both jets' tokens + STOP"
    return "per-event NLL per token: both jets' summed NLL / their tokens + STOPs"


def _thin(curve: Any) -> Any:
    """About 200 points of a curve, enough to plot it."""
    return curve[:: max(1, len(curve) // 200)]


def _method_metrics(y: np.ndarray, s: np.ndarray, min_bkg: int) -> dict[str, Any]:
    r, c = roc(y, s), sic_curve(y, s, min_bkg)
    return {
        "auc": r["auc"], "max_sic": max_sic(y, s, min_bkg),
        "tpr_at_max_sic": tpr_at_max_sic(y, s, min_bkg), "n_signal": int(y.sum()),
        "n_background": int(len(y) - y.sum()),
        "sic_curve": {"tpr": _thin(c["tpr"]), "sic": _thin(c["sic"])},
        "roc": {"fpr": _thin(r["fpr"]), "tpr": _thin(r["tpr"])},
    }


def _fractions(cfg: AnomalyConfig) -> list[float]:
    """Every injected signal fraction of the scan, the main one included, ascending."""
    return sorted({cfg.signal_fraction, *cfg.scan_fractions})


def point_keys(cfg: AnomalyConfig) -> list[str]:
    """The points a sharded run splits: the likelihood method, then CWoLa per fraction."""
    return ["likelihood", *(f"cwola_{f}" for f in _fractions(cfg))]


def _read_points(out: Path) -> dict[str, dict[str, Any]]:
    """The finished points in out/points.jsonl by key (call under scan_lock)."""
    return {p["key"]: p for p in read_lines(out / "points.jsonl") if "key" in p}


def _fingerprint(events: Events, cfg: AnomalyConfig, gpt_path: str | Path | None) -> dict[str, Any]:
    feats = pd.util.hash_pandas_object(events.features, index=True).to_numpy()
    h = hashlib.sha256(feats.tobytes())
    for jets in (events.j1, events.j2):
        h.update(jets.part.cpu().numpy().tobytes())
        h.update(jets.mask.cpu().numpy().tobytes())
    return {"config": json.loads(json.dumps(cfg.to_dict())), "data": h.hexdigest()[:16],
            "gpt_sha256": sha256_file(gpt_path) if gpt_path else None}


@dataclass(frozen=True)
class _Scan:
    """One scan's inputs and how its events split: held-out test events, the data's background,
    and the signal pool that each fraction injects a prefix of."""

    events: Events
    cfg: AnomalyConfig
    out: Path
    progress: ProgressFn | None
    label: np.ndarray
    in_sr: np.ndarray
    in_sb: np.ndarray
    bkg_data: np.ndarray
    sig_pool: np.ndarray
    test: np.ndarray
    n_inj: dict[float, int]

    def say(self, event: dict[str, Any]) -> None:
        if self.progress:
            self.progress(event)

    def data(self, fraction: float) -> np.ndarray:
        """The "data" at one fraction: the data's background plus that fraction's injected signal."""
        return np.concatenate([self.bkg_data, self.sig_pool[: self.n_inj[fraction]]])

    @property
    def test_sr(self) -> np.ndarray:
        """The test events in the signal region, where the metrics are measured."""
        return self.test[self.in_sr[self.test]]

    @property
    def y_test(self) -> np.ndarray:
        return self.label[self.test_sr]

    @property
    def layout(self) -> dict[str, int]:
        return {"n_events": len(self.label), "n_test": len(self.test), "n_test_sr": len(self.test_sr),
                "n_data_background": len(self.bkg_data), "n_signal_pool": len(self.sig_pool)}


def anomaly_scan(
    events: Events,
    tokenizer: Tokenizer,
    out_dir: str | Path,
    cfg: AnomalyConfig,
    *,
    gpt_path: str | Path | None = None,
    progress: ProgressFn | None = None,
    shard: Shard | None = None,
) -> dict[str, Any]:
    """Run both methods at cfg.signal_fraction and CWoLa over cfg.scan_fractions; write results.

    With a shard of n > 1 only its points (`point_keys`: the likelihood method, CWoLa per
    fraction) run; each is appended to out/points.jsonl under the folder's lock, scan.json
    records the settings, and `merge_anomaly_scan` writes metrics.json and the report once
    every point is there. Returns {"shard", "points", "scan_total", "scan_done"} then.
    """
    out = Path(out_dir)
    scan = _prepare_scan(events, cfg, out, progress)
    keys = point_keys(cfg)
    shard = None if shard is None or shard.whole else shard
    todo = keys
    done: dict[str, dict[str, Any]] = {}  # finished points by key
    if shard is not None:
        todo, done = _join_sharded_scan(scan, shard, keys, gpt_path)
    pretrained = _load_gpt(gpt_path, tokenizer)
    for point in _score_points(scan, tokenizer, pretrained, todo):
        if shard is not None:
            with scan_lock(out):
                append_line(out / "points.jsonl", point)
        done[point["key"]] = point
    if shard is not None:
        return _shard_summary(out, shard, keys, done)
    return _write_result(out, cfg, done, scan.layout, str(gpt_path) if gpt_path else None)


def _prepare_scan(events: Events, cfg: AnomalyConfig, out: Path, progress: ProgressFn | None) -> _Scan:
    """Check the events and split them, failing before anything is trained or written."""
    label, in_sr, in_sb = _check_events(events, cfg)
    bkg_data, sig_pool, test = injection_split(label, cfg.signal_fraction, cfg.test_frac, cfg.seed)
    n_inj = {f: n_injected(len(bkg_data), f, len(sig_pool)) for f in _fractions(cfg)}
    scan = _Scan(events, cfg, out, progress, label, in_sr, in_sb, bkg_data, sig_pool, test, n_inj)
    _check_event_counts(scan)
    return scan


def _check_event_counts(scan: _Scan) -> None:
    """Signal and background to measure on among the test events; SR and sideband data for CWoLa's folds."""
    cfg, y_test = scan.cfg, scan.y_test
    if y_test.sum() == 0 or (len(y_test) - y_test.sum()) < cfg.min_bkg:
        raise DataError(
            f"the held-out signal region has {int(y_test.sum())} signal and "
            f"{int(len(y_test) - y_test.sum())} background events: need >= 1 and >= min_bkg={cfg.min_bkg}"
        )
    for f in _fractions(cfg):
        data = scan.data(f)
        if scan.in_sr[data].sum() < cfg.folds or scan.in_sb[data].sum() < cfg.folds:
            raise DataError(
                f"fraction {f}: signal region holds {int(scan.in_sr[data].sum())} and sidebands "
                f"{int(scan.in_sb[data].sum())} data events; CWoLa needs >= {cfg.folds} in each"
            )


def _join_sharded_scan(
    scan: _Scan, shard: Shard, keys: list[str], gpt_path: str | Path | None,
) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """This shard's points still to do, and every finished point of the folder.

    scan.json must match this run's fingerprint (data, settings, GPT); it is (re)written
    under the folder's lock, so every shard resumes the same scan.
    """
    cfg, out = scan.cfg, scan.out
    mine = shard.take(keys)
    if cfg.embeddings and gpt_path is None and any(k != "likelihood" for k in mine):
        raise ConfigError(
            "CWoLa with --embeddings in a sharded scan needs --gpt: otherwise each shard would "
            "train its own GPT on the background (train one with `pretrain`, or run unsharded)"
        )
    fingerprint = _fingerprint(scan.events, cfg, gpt_path)
    with scan_lock(out):
        scan_file = out / "scan.json"
        if scan_file.exists() and read_json(scan_file)["fingerprint"] != fingerprint:
            raise ConfigError(f"{out} holds a scan made with other data, GPT or settings: "
                              "use a new --out folder (or delete it) to start over")
        write_json(scan_file, {"kind": "anomaly", "fingerprint": fingerprint,
                               "config": cfg.to_dict(), "layout": scan.layout,
                               "gpt": str(gpt_path) if gpt_path else None,
                               "provenance": provenance()})
        done = _read_points(out)
    todo = [k for k in mine if k not in done]
    scan.say({"event": "stage", "stage": "shard", "shard": str(shard), "points": todo})
    return todo, done


def _load_gpt(gpt_path: str | Path | None, tokenizer: Tokenizer) -> GPT | None:
    """The given GPT, checked against the tokenizer's vocabulary; None without one."""
    if gpt_path is None:
        return None
    gpt, _ = load_gpt_state(gpt_path)
    check_vocab(gpt.cfg, tokenizer)
    return gpt


def _score_points(
    scan: _Scan, tokenizer: Tokenizer, pretrained: GPT | None, todo: list[str],
) -> Iterator[dict[str, Any]]:
    """Each point of todo, yielded as soon as it is finished (so it is recorded before the next)."""
    cwola_todo = [f for f in _fractions(scan.cfg) if f"cwola_{f}" in todo]
    backbone: _Backbone | None = None
    if "likelihood" in todo or (scan.cfg.embeddings and cwola_todo):
        backbone = _background_gpt(scan, tokenizer, pretrained)
        if "likelihood" in todo:
            yield _likelihood_point(scan, backbone)
    if cwola_todo:
        x = _cwola_features(scan, backbone if scan.cfg.embeddings else None)
        for f in cwola_todo:
            yield _cwola_point(scan, x, f)


def _background_gpt(scan: _Scan, tokenizer: Tokenizer, pretrained: GPT | None) -> _Backbone:
    """The GPT on its device (the given one, or one trained on the main fraction's data) and
    both jets' tokens."""
    cfg = scan.cfg
    scan.say({"event": "stage", "stage": "tokenize", "events": len(scan.label)})
    max_n = (pretrained.cfg.max_len if pretrained else GPTConfig.max_len) - 2
    j1, j2 = tokenize_events(tokenizer, scan.events, max_n)
    if pretrained is None:
        main_data = scan.data(cfg.signal_fraction)
        scan.say({"event": "stage", "stage": "train_gpt", "jets": 2 * len(main_data)})
        pretrained = train_background_gpt(j1[main_data], j2[main_data], scan.out / "gpt", cfg, scan.progress)
    return pretrained.to(pick_device(cfg.device)), (j1, j2)


def _likelihood_point(scan: _Scan, backbone: _Backbone) -> dict[str, Any]:
    """The unsupervised method's metrics; the test events' NLL parts go to test_scores.npz."""
    cfg, test, y_test = scan.cfg, scan.test, scan.y_test
    gpt, jets = backbone
    scan.say({"event": "stage", "stage": "nll"})
    (t1, n1), (t2, n2) = (jet_nll_parts(gpt, j.tokens[test], j.mask[test]) for j in jets)
    sr_of_test = scan.in_sr[test]
    summed, per_token = t1 + t2, (t1 + t2) / (n1 + n2)
    event, other = (summed, per_token) if cfg.nll_reduce == "sum" else (per_token, summed)
    j1 = t1 if cfg.nll_reduce == "sum" else t1 / n1
    unsup = {  # per-event scores of the test events; the first is the headline
        "event_sr": _method_metrics(y_test, event[sr_of_test], cfg.min_bkg),
        "event_sr_other_reduce": _method_metrics(y_test, other[sr_of_test], cfg.min_bkg),
        "j1_sr": _method_metrics(y_test, j1[sr_of_test], cfg.min_bkg),
        "event_all": _method_metrics(scan.label[test], event, cfg.min_bkg),
    }
    with atomic_path(scan.out / "test_scores.npz") as tmp, open(tmp, "wb") as f:
        np.savez_compressed(f, event_index=test, label=scan.label[test], in_sr=sr_of_test,
                            nll_sum_j1=t1, nll_sum_j2=t2, targets_j1=n1, targets_j2=n2)
    return {"key": "likelihood", "unsupervised": unsup}


def _cwola_features(scan: _Scan, backbone: _Backbone | None) -> np.ndarray:
    """Every event's CWoLa inputs: the high-level features, then (given the backbone) the
    cfg.embeddings PCA components of each jet's mean embedding, fitted on the main fraction's data."""
    cfg = scan.cfg
    x = feature_matrix(scan.events.features, tuple(cfg.cwola_features))
    if backbone is not None:
        scan.say({"event": "stage", "stage": "embeddings"})
        gpt, jets = backbone
        main_data = scan.data(cfg.signal_fraction)
        emb = []
        for j in jets:
            e = jet_embeddings(gpt, j.tokens, j.mask)
            pca = PCA(cfg.embeddings, random_state=cfg.seed).fit(e[main_data])
            emb.append(pca.transform(e))
        x = np.concatenate([x, *emb], axis=1)
    if not np.isfinite(x).all():
        raise DataError(f"CWoLa features {list(cfg.cwola_features)} contain NaN or inf")
    return x


def _cwola_point(scan: _Scan, x: np.ndarray, fraction: float) -> dict[str, Any]:
    """CWoLa trained on the SR vs sideband data at one fraction, measured on the test events in the SR."""
    cfg, n_inj = scan.cfg, scan.n_inj[fraction]
    scan.say({"event": "stage", "stage": "cwola", "fraction": fraction, "injected": n_inj})
    data = scan.data(fraction)
    data = data[scan.in_sr[data] | scan.in_sb[data]]
    if cfg.cwola_model == "hgb":  # balanced sidebands, best-iteration rollback (omnijet.search.cwola)
        mjj = scan.events.features["mjj"].to_numpy()[data]
        side = np.where(scan.in_sr[data], 0, np.where(mjj < cfg.signal_region[0], -1, 1))
        s_test = kfold_scores(x[data], scan.in_sr[data], x[scan.test_sr], cfg.folds, 2, cfg.seed, side).others
    else:
        _, s_test = cwola_scores(x[data], scan.in_sr[data], x[scan.test_sr], cfg.folds, cfg.cwola_model, cfg.seed)
    return {"key": f"cwola_{fraction}", "fraction": fraction, "cwola": {
        "n_injected": n_inj, "n_data_sr": int(scan.in_sr[data].sum()),
        "n_data_sb": int(scan.in_sb[data].sum()), **_method_metrics(scan.y_test, s_test, cfg.min_bkg)}}


def _shard_summary(
    out: Path, shard: Shard, keys: list[str], done: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """What a shard returns: its points, and how many of the whole scan's are finished by now."""
    with scan_lock(out):
        finished = _read_points(out)
    return {"shard": str(shard), "points": [done[k] for k in shard.take(keys)],
            "scan_total": len(keys), "scan_done": sum(k in finished for k in keys)}


def _assemble(cfg: AnomalyConfig, done: dict[str, dict[str, Any]], layout: dict[str, Any],
              gpt_name: str) -> dict[str, Any]:
    """The result dict (metrics.json) from the finished points."""
    unsup = done["likelihood"]["unsupervised"]
    cwola = {str(p["fraction"]): p["cwola"] for k, p in done.items() if k.startswith("cwola_")}
    cwola = {str(f): cwola[str(f)] for f in _fractions(cfg)}
    main = str(cfg.signal_fraction)
    return {
        "signal_fraction": cfg.signal_fraction,
        "unsupervised": {**unsup, "score": _score_name(cfg.nll_reduce),
                         "other_reduce": _score_name("mean" if cfg.nll_reduce == "sum" else "sum"),
                         "gpt": gpt_name},
        "cwola": cwola,
        "headline": {
            "unsupervised_auc": unsup["event_sr"]["auc"], "unsupervised_max_sic": unsup["event_sr"]["max_sic"],
            "cwola_auc": cwola[main]["auc"], "cwola_max_sic": cwola[main]["max_sic"],
        },
        "sic_rule": f"max SIC = max TPR/sqrt(FPR) over cuts with FPR >= {cfg.min_bkg}/N_background "
                    f"(>= {cfg.min_bkg} test background events in the SR pass)",
        **layout,
        "config": cfg.to_dict(), "provenance": provenance(),
    }


def _write_result(
    out: Path, cfg: AnomalyConfig, done: dict[str, dict[str, Any]], layout: dict[str, Any], gpt: str | None,
) -> dict[str, Any]:
    """metrics.json and the report from the finished points; gpt None: the one trained in out/gpt."""
    from omnijet.transfer.anomaly_report import write_report

    result = _assemble(cfg, done, layout, gpt or str(out / "gpt" / "best.pt"))
    write_json(out / "metrics.json", result)
    write_report(out, result)
    return result


def merge_anomaly_scan(out_dir: str | Path) -> dict[str, Any]:
    """metrics.json and the report of a sharded anomaly scan once every point is finished."""
    out = Path(out_dir)
    if not (out / "scan.json").is_file():
        raise ConfigError(f"{out} holds no scan (no scan.json): give the --out of a scan")
    with scan_lock(out):
        meta = read_json(out / "scan.json")
        done = _read_points(out)
    if meta.get("kind") != "anomaly":
        raise ConfigError(f"{out}/scan.json is not an anomaly scan")
    c = dict(meta["config"])
    for k in ("signal_region", "scan_fractions", "cwola_features"):
        c[k] = tuple(c[k])
    cfg = AnomalyConfig(**c)
    keys = point_keys(cfg)
    missing = [k for k in keys if k not in done]
    if missing:
        raise ConfigError(
            f"{out}: {len(missing)} of {len(keys)} points are not finished (e.g. "
            f"{', '.join(missing[:3])}): run the missing shards again (they resume), then merge"
        )
    return _write_result(out, cfg, done, meta["layout"], meta["gpt"])
