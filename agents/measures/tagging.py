"""Readers of the tagging metrics: the fine-tuning scan's points and per-jet test scores."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from agents.measures.base import (
    CHANCE,
    CLASS_LABELS,
    CLASS_WORDS,
    STRATEGIES,
    Ctx,
    Measured,
    Unavailable,
    binomial,
    call_args,
    load_npz,
    seeds_estimate,
    with_stat_error,
)
from agents.reviewer_checks import read_inside
from agents.spec import Quantity
from agents.stats import auc_stderr, paired_difference
from agents.steps import BACKBONE_SUFFIX
from tools import metrics as M


# -- tagging (finetune_scan) -------------------------------------------------------------------
def backbone_of(out: str) -> str | None:
    """The backbone a scan fine-tuned, where two were compared: finetune/inputs_features -> 'features'."""
    m = BACKBONE_SUFFIX.search(out)
    return m.group(0).split("_", 1)[1] if m else None


def scan_doc(workspace: Any, scans: list[Any]) -> tuple[dict[str, Any], str]:
    """The metrics.json of the result's fine-tuning scan, and its folder. Scans of two backbones compared
    (agents.steps.finetune_calls) are merged into one: each pretrained strategy named after its backbone
    ('finetune [features]'), every point keeping its own folder ('_out') and file name ('_file')."""
    outs = [str(call_args(c).get("out", "")) for c in scans]
    named = [o for o in outs if backbone_of(o)]
    if len(named) < 2:
        return read_inside(workspace, f"{outs[-1]}/metrics.json"), outs[-1]
    merged: dict[str, Any] = {}
    points: list[dict[str, Any]] = []
    for out in named:
        doc = read_inside(workspace, f"{out}/metrics.json")
        merged = merged or dict(doc)
        for p in doc.get("points") or []:
            s = str(p.get("strategy"))
            points.append({**p, "_out": out, "_file": s,
                           "strategy": s if s == "scratch" else f"{s} [{backbone_of(out)}]"})
    return {**merged, "points": points}, named[0]


def _scan(ctx: Ctx) -> tuple[dict[str, Any], str]:
    scans = ctx.calls("finetune_scan")
    if not scans:
        raise Unavailable("no fine-tuning scan ran")
    doc, out = scan_doc(ctx.workspace, scans)
    if not doc.get("points"):
        raise Unavailable("the fine-tuning scan wrote no points")
    return doc, out


def _signal_index(ctx: Ctx, doc: dict[str, Any]) -> tuple[int, str, str]:
    """Index of the signal class among the scan's (remapped) classes, and the two names."""
    classes = [int(c) for c in doc.get("classes", [])]
    sig = ctx.spec.signal or (ctx.spec.classes[0] if ctx.spec.classes else "top")
    label = CLASS_LABELS.get(sig)
    if label not in classes or len(classes) != 2:
        raise Unavailable(f"the scan's classes {classes} do not hold the signal {sig} of a binary tagger")
    i = classes.index(label)
    other = next(k for k, v in CLASS_LABELS.items() if v == classes[1 - i])
    return i, sig, other


def _strategies(q: Quantity, points: list[dict[str, Any]]) -> list[str]:
    run = list(dict.fromkeys(p["strategy"] for p in points))
    want = [s for s in (q.compare or ([q.subject] if q.subject else [])) if s in STRATEGIES]
    base = {r.split(" [")[0] for r in run}  # 'finetune [features]': fine-tuned, of one backbone compared
    if want and not set(want) <= base:
        raise Unavailable(f"strategy {', '.join(sorted(set(want) - base))} was not run (run: {', '.join(run)})")
    return [r for w in want for r in run if r.split(" [")[0] == w] if want else run


Point = Callable[[dict[str, Any], str], tuple[float, float | None]]  # (value, test-set error) of one point


def _per_seed(ctx: Ctx, q: Quantity, fn: Point) -> dict[tuple[str, int], dict[int, tuple[float, float | None]]]:
    doc, out = _scan(ctx)
    table: dict[tuple[str, int], dict[int, tuple[float, float | None]]] = {}
    for p in doc["points"]:
        if p["strategy"] in _strategies(q, doc["points"]):
            table.setdefault((p["strategy"], int(p["n_train"])), {})[int(p["seed"])] = fn(p, out)
    return table


def _scores(ctx: Ctx, p: dict[str, Any], out: str) -> tuple[np.ndarray, np.ndarray]:
    doc, _ = _scan(ctx)
    i, _, _ = _signal_index(ctx, doc)
    z = _score_file(ctx, p, out)
    return (z["labels"] == i).astype(int), z["probs"][:, i].astype(np.float64)


def _score_file(ctx: Ctx, p: dict[str, Any], out: str) -> dict[str, np.ndarray]:
    """One scan point's per-jet test scores (labels, probs); a merged scan's point keeps its own folder and file."""
    out, name = p.get("_out", out), p.get("_file", p["strategy"])
    return load_npz(ctx, f"{out}/scores/{name}_n{int(p['n_train'])}_s{int(p['seed'])}.npz")


def _over_seeds(vals: dict[int, tuple[float, float | None]]) -> tuple[float, float | None, str]:
    """One (strategy, size) point over its seeds: the mean, its error (the seeds' ⊕ the test set's), how obtained."""
    return with_stat_error(*seeds_estimate([v for v, _ in vals.values()]),
                           [e for _, e in vals.values() if e is not None and math.isfinite(e)])


def _at_point(strategy: str, n: int) -> str:
    """How a row of `_tagging` ends: its (strategy, size) point, which notes added later find it by."""
    return f", {strategy}, {n} labelled jets"


def _tagging(ctx: Ctx, q: Quantity, what: str, unit: str, fn: Point, chance: float | None = None) -> list[Measured]:
    """One row per (strategy, size): the mean over seeds with its error (seeds and test set, in
    quadrature). A comparison adds the paired difference per size, its error the seeds' spread;
    both strategies are scored on the same test jets, whose sampling error of the difference
    (partly cancelled, how much depends on how often the two disagree) is bounded in the note."""
    table = _per_seed(ctx, q, fn)
    doc, out = _scan(ctx)
    rows: list[Measured] = []
    for n in sorted({n for _, n in table}):
        for (s, m), vals in table.items():
            if m != n:
                continue
            mean, err, note = _over_seeds(vals)
            if chance is not None and abs(mean - chance) < max(2 * (err or 0), 0.02):
                note += f"; at chance ({chance:g})"
            rows.append(Measured(f"{what}{_at_point(s, n)}", mean, err, note, unit, f"{out}/metrics.json",
                                 {"n": len(vals), "strategy": s, "size": n}))
        if q.compare and len(q.compare) == 2:
            a, b = (table.get((s, n), {}) for s in q.compare)
            seeds = sorted(set(a) & set(b))
            if seeds:
                d = paired_difference([a[k][0] for k in seeds], [b[k][0] for k in seeds])
                err, note = (d.stderr, f"paired over {d.n} seeds: {d.verdict}") if d.stderr else (None, d.verdict)
                stat = [e for side in (a, b) for k in seeds if (e := side[k][1]) is not None and math.isfinite(e)]
                if len(stat) == 2 * len(seeds):  # each side's mean test-set error, as if independent
                    bound = math.hypot(sum(stat[:len(seeds)]) / len(seeds), sum(stat[len(seeds):]) / len(seeds))
                    note += (f"; the seeds' spread only: the shared test set's sampling error of the difference "
                             f"is not in it (at most {bound:.2g}, were the two taggers' errors independent)")
                rows.append(Measured(f"{what} difference {q.compare[0]} − {q.compare[1]}, {n} labelled jets", d.mean,
                                     err, note, unit, f"{out}/metrics.json",
                                     {"p_value": d.p_value, "verdict": d.verdict, "n": d.n}))
    if not rows:
        raise Unavailable("the scan holds no point for the subjects asked")
    return rows


def test_set_error(metric: str, value: float, n_test: int) -> float | None:
    """The sampling error of one seed's accuracy (binomial) or AUC (Hanley-McNeil, balanced test
    set) on the scan's n_test jets; None without a test-set size."""
    if n_test < (1 if metric == "accuracy" else 2):  # an AUC needs a jet of each class
        return None
    return binomial(value, n_test) if metric == "accuracy" else auc_stderr(value, n_test // 2, n_test // 2)


def read_accuracy(ctx: Ctx, q: Quantity) -> list[Measured]:
    n_test = int(_scan(ctx)[0].get("n_test", 0))
    return _tagging(ctx, q, "test accuracy", "",
                    lambda p, out: (float(p["accuracy"]), test_set_error("accuracy", float(p["accuracy"]), n_test)),
                    chance=CHANCE)


def read_auc(ctx: Ctx, q: Quantity) -> list[Measured]:
    if any(c in CLASS_LABELS for c in q.compare):  # 'which is easier to tag against QCD, W or top?'
        return _auc_against_qcd(ctx, q)
    doc = _scan(ctx)[0]
    n_test, k = int(doc.get("n_test", 0)), len(doc.get("classes") or [])
    return _tagging(ctx, q, "test AUC" + (f" (one class against the rest, averaged over the {k} classes)" if k > 2 else ""),
                    "", lambda p, out: (float(p["auc"]), test_set_error("auc", float(p["auc"]), n_test)), chance=CHANCE)


def _auc_against_qcd(ctx: Ctx, q: Quantity) -> list[Measured]:
    """Per signal class named, its AUC against QCD from one multi-class tagger (all classes in one softmax): the
    score p_S / (p_S + p_QCD) on that class's and QCD's test jets, the likelihood ratio of the two that a binary
    tagger of the pair would learn. Error: Hanley-McNeil of those jets (several seeds: their spread in quadrature)."""
    doc, _ = _scan(ctx)
    labels = [int(c) for c in doc.get("classes", [])]
    asked = [c for c in q.compare if c != "qcd"]
    if CLASS_LABELS["qcd"] not in labels or len(labels) < 3 or any(CLASS_LABELS[c] not in labels for c in asked):
        names = ", ".join(k for k, v in CLASS_LABELS.items() if v in labels)
        raise Unavailable(f"the scan's tagger holds the classes {names}: not each of {', '.join(asked)} beside QCD in one "
                          "multi-class tagger")
    b = labels.index(CLASS_LABELS["qcd"])
    rows: list[Measured] = []
    for c in asked:
        i = labels.index(CLASS_LABELS[c])

        def one(p: dict[str, Any], out: str, i: int = i) -> tuple[float, float | None]:
            z = _score_file(ctx, p, out)
            keep = (z["labels"] == i) | (z["labels"] == b)
            y = (z["labels"][keep] == i).astype(int)
            ps, pb = z["probs"][keep, i].astype(np.float64), z["probs"][keep, b].astype(np.float64)
            auc = float(M.roc(y, ps / np.maximum(ps + pb, 1e-12))["auc"])
            return auc, auc_stderr(auc, int(y.sum()), int((1 - y).sum()))
        w = CLASS_WORDS[c]
        for r in _tagging(ctx, q.model_copy(update={"compare": []}), f"test AUC of {w} against QCD (score p_{w} / (p_{w} + "
                          f"p_QCD) of the {len(labels)}-class tagger)", "", one, chance=CHANCE):
            r.extra["cls"] = c
            rows.append(r)
    return rows


def _labels_to_reach(ctx: Ctx, q: Quantity, key: str, what: str) -> list[Measured]:
    """'How many labelled jets does the tagger need to reach 90% accuracy?': per strategy, the first scanned
    size whose mean over seeds reaches the target, log-linearly interpolated from the size below (the
    interpolation is an assumption between scan points); its error propagates the two sizes' errors by
    Monte Carlo. Two strategies compared give the ratio of their label counts (the data-efficiency gain)."""
    if q.target is None:
        raise Unavailable(f"the request gives no {what} to reach")
    doc, out = _scan(ctx)
    n_test = int(doc.get("n_test", 0))
    table = _per_seed(ctx, q, lambda p, out: (float(p[key]), test_set_error(key, float(p[key]), n_test)))
    rng = np.random.default_rng(0)
    rows: list[Measured] = []
    draws: dict[str, np.ndarray] = {}
    source = f"{out}/metrics.json"
    for s in dict.fromkeys(st for st, _ in table):
        pts = []
        for n in sorted(n for st, n in table if st == s):
            mean, err, _ = _over_seeds(table[(s, n)])
            pts.append((n, mean, err or 0.0))
        label = f"labelled jets for {what} {q.target:g}, {s}"
        i = next((i for i, (_, m, _) in enumerate(pts) if m >= q.target), None)
        if i is None:
            n, m, e = pts[-1]
            rows.append(Measured(f"{label}: more than the scan's largest size", n, None,
                                 f"not reached: {m:.3g} ± {e:.2g} at {n} labelled jets", "jets", source, {"reached": 0}))
            continue
        if i == 0:
            n, m, e = pts[0]
            rows.append(Measured(f"{label}: at most the scan's smallest size", n, None,
                                 f"already {m:.3g} ± {e:.2g} at {n} labelled jets", "jets", source, {"reached": 1}))
            continue
        (a, ma, ea), (b, mb, eb) = pts[i - 1], pts[i]
        sa, sb = rng.normal(ma, ea, 4000), rng.normal(mb, eb, 4000)
        frac = np.clip((q.target - sa) / np.where(sb - sa > 1e-9, sb - sa, np.nan), 0, 1)
        sample = a * (b / a) ** frac
        draws[s] = sample
        value = a * (b / a) ** ((q.target - ma) / (mb - ma))
        err = float(np.nanstd(sample))
        rows.append(Measured(label, value, err or None,
                             f"log-linear between {a} ({ma:.3g} ± {ea:.2g}) and {b} ({mb:.3g} ± {eb:.2g}) labelled jets; "
                             "error: those two sizes' errors, propagated by Monte Carlo", "jets", source, {"reached": 1}))
    if len(q.compare) == 2 and all(c in draws for c in q.compare):
        ratio = draws[q.compare[1]] / draws[q.compare[0]]
        value = float(np.nanmedian(ratio))
        lo, hi = np.nanpercentile(ratio, [16, 84])
        rows.append(Measured(f"ratio of the label counts {q.compare[1]} / {q.compare[0]} for {what} {q.target:g}", value,
                             float((hi - lo) / 2) or None, f"{q.compare[0]} needs {1 / value:.2g} times the labels of "
                             f"{q.compare[1]}; 68% interval {lo:.3g} to {hi:.3g}", "", source, {}))
    if not rows:
        raise Unavailable("the scan holds no point for the subjects asked")
    return rows


def read_labels_to_accuracy(ctx: Ctx, q: Quantity) -> list[Measured]:
    return _labels_to_reach(ctx, q, "accuracy", "test accuracy")


def read_labels_to_auc(ctx: Ctx, q: Quantity) -> list[Measured]:
    return _labels_to_reach(ctx, q, "auc", "test AUC")


def _rejection_counted(ctx: Ctx, p: dict[str, Any], out: str, eff: float,
                       passing: dict[tuple[str, int], list[tuple[int, int]]]) -> tuple[float, int]:
    """(1/eps_B at signal efficiency `eff`, n_B) of one scan point's test scores, inf when no
    background jet passes; the passing count is kept in `passing` for `_count_note`."""
    y, s = _scores(ctx, p, out)
    n_b = int((y == 0).sum())
    r = M.rejection_at(y, s, eff)
    k = round(n_b / r) if math.isfinite(r) else 0
    passing.setdefault((p["strategy"], int(p["n_train"])), []).append((k, n_b))
    return (r if k else math.inf), n_b


def read_rejection(ctx: Ctx, q: Quantity) -> list[Measured]:
    eff = q.efficiency or 0.5
    passing: dict[tuple[str, int], list[tuple[int, int]]] = {}  # (strategy, size) -> (passing, n_B) per seed

    def one(p: dict[str, Any], out: str) -> tuple[float, float | None]:
        r, n_b = _rejection_counted(ctx, p, out, eff, passing)
        if not math.isfinite(r):  # no background passes: 1/eps_B is only known to exceed n_B
            return float(n_b), None
        eps_b = 1.0 / r
        return r, r * binomial(eps_b, n_b) / eps_b  # relative error of eps_B = relative error of 1/eps_B

    def mistag(p: dict[str, Any], out: str) -> tuple[float, float | None]:
        y, s = _scores(ctx, p, out)
        n_b = int((y == 0).sum())
        r = M.rejection_at(y, s, eff)
        eps_b = 1.0 / r if math.isfinite(r) else 0.0
        return eps_b, binomial(eps_b, n_b)
    rows = [_count_note(r, passing) for r in
            _tagging(ctx, q, f"background rejection 1/eps_B at {eff:.0%} signal efficiency", "", one)]
    return rows + _tagging(ctx, q, f"background efficiency (mistag rate) eps_B at {eff:.0%} signal efficiency", "",
                           mistag)


def _count_note(row: Measured, passing: dict[tuple[str, int], list[tuple[int, int]]]) -> Measured:
    """A rejection rests on the few background jets that pass the cut: say how many, and that
    1/eps_B cannot be measured beyond the n_B test jets (none passing gives only a lower limit)."""
    for (s, n), counts in passing.items():
        if row.label.endswith(_at_point(s, n)):
            k = ", ".join(str(c) for c, _ in counts)
            n_b = max(b for _, b in counts)
            row.note += f"; background test jets passing the cut: {k} of {n_b} per seed (1/eps_B ≤ {n_b} measurable)"
            if any(c == 0 for c, _ in counts):
                row.note += "; none passing at a seed: there 1/eps_B > n_B, a lower limit counted as n_B"
    return row


def read_sic_at_efficiency(ctx: Ctx, q: Quantity) -> list[Measured]:
    """SIC eps_S / sqrt(eps_B) at a signal efficiency: its error is half the relative binomial one of eps_B."""
    eff = q.efficiency or 0.5
    passing: dict[tuple[str, int], list[tuple[int, int]]] = {}

    def one(p: dict[str, Any], out: str) -> tuple[float, float | None]:
        r, n_b = _rejection_counted(ctx, p, out, eff, passing)
        if not math.isfinite(r):  # no background passes: only a lower limit, eps_B < 1/n_B
            return eff * math.sqrt(n_b), None
        sic = eff * math.sqrt(r)
        return sic, 0.5 * sic * binomial(1.0 / r, n_b) * r
    return [_count_note(r, passing) for r in
            _tagging(ctx, q, f"SIC eps_S/sqrt(eps_B) at {eff:.0%} signal efficiency", "", one)]


def read_efficiency(ctx: Ctx, q: Quantity) -> list[Measured]:
    rej = q.rejection or 10.0

    def one(p: dict[str, Any], out: str) -> tuple[float, float | None]:
        y, s = _scores(ctx, p, out)
        e = M.efficiency_at(y, s, rej)
        return e, binomial(e, int(y.sum()))
    return _tagging(ctx, q, f"signal efficiency at a background rejection of {rej:g}", "", one)


def read_tagger_sic(ctx: Ctx, q: Quantity) -> list[Measured]:
    def one(p: dict[str, Any], out: str) -> tuple[float, float | None]:
        y, s = _scores(ctx, p, out)
        return M.max_sic(y, s, min_bkg=_min_bkg(y)), None
    return _tagging(ctx, q, "max SIC (eps_S / sqrt(eps_B), over cuts keeping >= 20 background jets or a fifth "
                    "of them)", "", one)


def _min_bkg(y: np.ndarray) -> int:
    return min(M.DEFAULT_MIN_BKG, int((y == 0).sum()) // 5 or 1)


def read_calibration(ctx: Ctx, q: Quantity) -> list[Measured]:
    """'Is the tagger calibrated?': the expected calibration error of its signal probability on the test jets
    (10 equal-width bins), against what a perfectly calibrated probability gives on the same jets (labels drawn
    from it: a finite test set never reaches 0); that draw's spread is the test set's error."""
    floors: dict[tuple[str, int], list[float]] = {}

    def one(p: dict[str, Any], out: str) -> tuple[float, float | None]:
        y, s = _scores(ctx, p, out)
        floor, spread = M.calibration_floor(s)
        floors.setdefault((p["strategy"], int(p["n_train"])), []).append(floor)
        return M.calibration_error(y, s), spread

    rows = _tagging(ctx, q, "expected calibration error of the signal probability (10 bins)", "", one)
    for row in rows:
        for (s, n), f in floors.items():
            if row.label.endswith(_at_point(s, n)):
                floor = sum(f) / len(f)
                row.note += (f"; a perfectly calibrated tagger gives {floor:.2g} on these test jets: "
                             + ("calibrated within the errors" if row.value - floor < 2 * (row.err or 0) else
                                "miscalibrated beyond twice the error"))
    return rows
