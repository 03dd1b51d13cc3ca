"""The answer to the question asked, computed from the results: one function per task.

Each returns sentences in which every number cites the artifact it came from
(`VALUE [↗](PATH#/POINTER)`); numbers derived here (means over seeds, standard errors, paired
differences, intervals, excess over a control) are written to `report/analysis.json` and cited
from there, so `review` can re-check them like any other. Statistics come from `agents.stats`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agents.measures.base import CLASS_NAMES, CLASS_WORDS, WORDS, of_generated_jets, with_stat_error
from agents.measures.data import auc_over_seeds
from agents.measures.physics import classifier_test_error, closeness_verdict, tokenizer_names
from agents.measures.tagging import backbone_of, scan_doc, test_set_error
from agents.provenance_refs import pointer
from agents.reviewer_checks import (
    FALLING_REL,
    KEEP_ASKED,
    TOKEN_BIAS,
    kept_reason,
    loss_against_uniform,
    read_inside,
    token_bias_grade,
)
from agents.spec import BACKBONE_WORDS, LABEL_SCAN, LESS_LIKELY, MORE_LIKELY, AnalysisSpec
from agents.state import AgentState, ToolCallRecord
from agents.stats import (
    auc_stderr,
    compare_to_control,
    control_against_null,
    estimate,
    median_stderr,
    paired_difference,
    width_stderr,
    wilson,
)

PAPER = {"classifier_auc": 0.54}


def fmt(value: float, digits: int = 3) -> str:
    if isinstance(value, int) or (float(value).is_integer() and abs(value) < 1e9):
        return str(int(value))
    return f"{value:.{digits}g}"


@dataclass
class Answer:
    sentences: list[str] = field(default_factory=list)
    derived: dict[str, Any] = field(default_factory=dict)  # -> report/analysis.json[task]
    figures: list[str] = field(default_factory=list)  # workspace paths of the key figures
    caveats: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)  # markdown blocks for the appendix
    verdicts: list[str] = field(default_factory=list)  # the yes or no of a yes/no question: the answer opens with it


class Cite:
    """Citations into one JSON document: `cite(value, *path)` -> 'value [↗](artifact#ptr)'."""

    def __init__(self, artifact: str) -> None:
        self.artifact = artifact

    def __call__(self, value: float, *parts: str | int, digits: int = 3) -> str:
        return f"{fmt(value, digits)} [↗]({self.artifact}#{pointer(list(parts))})"


class Derived(Cite):
    """Numbers computed here: stored under `analysis.json#/<task>/...` and cited from there."""

    def __init__(self, task: str, store: dict[str, Any]) -> None:
        super().__init__("analysis.json")
        self.task, self.store = task, store.setdefault(task, {})

    def put(self, key: str, value: Any) -> Any:
        self.store[key] = value
        return value

    def __call__(self, value: float, *parts: str | int, digits: int = 3) -> str:
        return super().__call__(value, self.task, *parts, digits=digits)


def _calls(state: AgentState, tool: str) -> list[ToolCallRecord]:
    steps = sorted({c.step for c in state.calls})
    return [c for s in steps for c in state.result_calls(s) if c.tool == tool]


def _out(c: ToolCallRecord, key: str = "out") -> str:
    return str(c.args.get(key, "")) if isinstance(c.args, dict) else ""


# -- fine-tuning ------------------------------------------------------------------------------
def answer_finetune(state: AgentState, workspace: Path) -> Answer:
    a = Answer()
    scans = _calls(state, "finetune_scan")
    if not scans:
        return a
    scan = scans[-1]
    m, source = scan_doc(workspace, scans)  # two backbones compared: their scans as one
    points = m.get("points") or []
    if not points:
        return a
    d = Derived("finetune", a.derived)
    n_test = int(m.get("n_test", 0))
    d.put("source", f"{source}/metrics.json")
    d.put("n_test", n_test)
    strategies = list(dict.fromkeys(p["strategy"] for p in points))
    sizes = sorted({int(p["n_train"]) for p in points})
    est: list[dict[str, Any]] = d.put("estimates", [])
    diffs: list[dict[str, Any]] = d.put("differences", [])
    backbones = [s for s in strategies if " [" in s]  # two backbones compared: 'finetune [tokens]', ...
    for n in sizes:
        est += _seed_estimates(points, strategies, n, n_test)
        if len(backbones) == 2:  # the second backbone against the first, seed by seed (then each against scratch)
            diffs += _paired_differences(points, backbones[::-1], n)
        if len(backbones) != 2 or "scratch" in strategies:
            diffs += _paired_differences(points, strategies, n)
    n_seeds = max(int(r["n"]) for r in est)
    for n in sizes[:3]:
        a.sentences.append(_accuracy_sentence(n, strategies, est, diffs, d))
    if len(backbones) == 2:
        a.sentences.append(_pair_verdict([r for r in diffs if r["a"] == backbones[1] and r["b"] == backbones[0]]))
    elif len(strategies) > 1:  # one strategy asked: nothing to compare
        a.sentences.append(_transfer_verdict(diffs) if "scratch" in strategies or len(strategies) != 2
                           else _pair_verdict(diffs))
    if n_seeds < 2:
        a.caveats.append("One seed per point: the numbers carry no uncertainty over seeds; only the test-set "
                         "binomial intervals (appendix) bound them.")
    if n_test:
        a.caveats.append(f"The test set has {n_test} jets: a test accuracy is known to about "
                         f"±{50 / math.sqrt(n_test):.0f} percentage points (binomial, 68%).")
    shown = [c for c in scans if backbone_of(_out(c))] if len(backbones) == 2 else [scan]
    files = [str(f) for c in shown if isinstance(c.output, dict) for f in c.output.get("files", [])]
    pngs = [f for f in files if f.endswith(".png")]
    # two backbones: each one's rejection curve; one scan: its learning curve and rejection
    a.figures = [f for f in pngs if f.endswith("rejection.png")][:2] if len(shown) > 1 else pngs[:2]
    a.tables.append(_estimate_table(est, d))
    if len(backbones) == 2:
        a.caveats.append("The two backbones were pretrained once each (one GPT seed): the seeds vary the fine-tuning "
                         "only, so the errors do not hold the pretraining's own spread.")
    elif len(scans) > 1:
        a.caveats.append(f"{len(scans)} fine-tuning scans were run (revisions); the answer uses the last, "
                         f"`{_out(scan)}`; the others are in the appendix.")
    return a


def _seed_estimates(points: list[dict[str, Any]], strategies: list[str], n: int,
                    n_test: int) -> list[dict[str, Any]]:
    """Mean and error over seeds of each strategy's accuracy and AUC at `n` labels (the accuracy
    with its test-set binomial interval)."""
    rows = []
    for s in strategies:
        for metric in ("accuracy", "auc"):
            vals = [float(p[metric]) for p in sorted(points, key=lambda p: p["seed"])
                    if p["strategy"] == s and int(p["n_train"]) == n]
            if not vals:
                continue
            e = estimate(vals)
            row = {"strategy": s, "n_train": n, "metric": metric, **e.as_dict()}
            if n_test:  # every seed is scored on the same test jets: their sampling error adds to the seeds'
                test = [test_set_error(metric, v, n_test) or 0.0 for v in vals]  # as the asked quantities' readers
                row["err_with_test"] = with_stat_error(e.mean, e.stderr, "", test)[1]
            if metric == "accuracy" and n_test:
                lo, hi = wilson(e.mean * n_test, n_test)
                row["test_interval_68"] = [lo, hi]
            rows.append(row)
    return rows


def _paired_differences(points: list[dict[str, Any]], strategies: list[str], n: int) -> list[dict[str, Any]]:
    """Each strategy minus the baseline (scratch, else the second of two) at `n` labels, paired
    over the seeds both ran."""
    base = "scratch" if "scratch" in strategies else strategies[-1] if len(strategies) == 2 else None
    rows = []
    for s in strategies:
        if base is None or s == base:
            continue
        for metric in ("accuracy", "auc"):
            a_vals = {p["seed"]: float(p[metric]) for p in points if p["strategy"] == s and int(p["n_train"]) == n}
            b_vals = {p["seed"]: float(p[metric]) for p in points if p["strategy"] == base and int(p["n_train"]) == n}
            seeds = sorted(set(a_vals) & set(b_vals))
            if seeds:
                diff = paired_difference([a_vals[k] for k in seeds], [b_vals[k] for k in seeds])
                rows.append({"a": s, "b": base, "n_train": n, "metric": metric, **diff.as_dict()})
    return rows


def _find(rows: list[dict[str, Any]], **kw: Any) -> tuple[int, dict[str, Any]] | None:
    return next(((i, r) for i, r in enumerate(rows) if all(r.get(k) == v for k, v in kw.items())), None)


def _accuracy_sentence(n: int, strategies: list[str], est: list[dict[str, Any]],
                       diffs: list[dict[str, Any]], d: Derived) -> str:
    """'With n labelled jets the test accuracy is ...', each strategy's number and error (never
    '± 0'; at chance said), then each paired difference in accuracy and AUC with its verdict."""
    parts = []
    for s in strategies:
        hit = _find(est, strategy=s, n_train=n, metric="accuracy")
        if hit:
            i, r = hit
            text = d(r["mean"], "estimates", i, "mean")
            err = r.get("err_with_test")
            if err:  # the seeds' spread and the test set's error, as the asked quantities give it
                why = "seeds ⊕ test set" if r["stderr"] else "the test set's; one seed" if r["stderr"] is None \
                    else f"the test set's; identical at all {r['n']} seeds"
                text += f" ± {d(err, 'estimates', i, 'err_with_test', digits=2)} ({why})"
            else:
                text += f" ± {d(r['stderr'], 'estimates', i, 'stderr', digits=2)}" if r["stderr"] else \
                    " (one seed: no uncertainty)" if r["stderr"] is None else f" (identical at all {r['n']} seeds)"
            if (err or r["stderr"]) is not None and abs(r["mean"] - 0.5) < max(2 * (err or r["stderr"]), 0.02):
                text += " — at chance"
            parts.append(f"{s} {text}")
    sentence = f"With {n} labelled jets the test accuracy is {'; '.join(parts)}"
    for j, r in enumerate(diffs):
        if r["n_train"] == n and r["metric"] == "accuracy":
            delta = d(r["mean"], "differences", j, "mean")
            if r["stderr"]:
                delta += f" ± {d(r['stderr'], 'differences', j, 'stderr', digits=2)}"
            auc = _find(diffs, a=r["a"], b=r["b"], n_train=n, metric="auc")
            auc_txt = ""
            if auc:
                k, ra = auc
                auc_txt = f"; in AUC {d(ra['mean'], 'differences', k, 'mean')}" + \
                    (f" ± {d(ra['stderr'], 'differences', k, 'stderr', digits=2)}" if ra["stderr"] else "") + \
                    f" ({ra['verdict']})"
            sentence += f". {r['a']} − {r['b']}: {delta} in accuracy ({r['verdict']}){auc_txt}"
    return sentence + "."


def _transfer_verdict(diffs: list[dict[str, Any]]) -> str:
    """One plain sentence: does pretraining help, at which sizes, in which metric, how sure are we.
    A size counts as better (worse) when a metric differs significantly (p < 0.05) in that
    direction and no metric significantly in the other."""
    rows = [r for r in diffs if r["a"] == "finetune"]
    if not rows:
        return "The pretrained and the from-scratch tagger were not both run, so the gain from pretraining is not measured."
    if any(r["p_value"] is None for r in rows):
        return "Verdict: with one seed no difference between the strategies can be called significant."
    n_seeds = rows[0]["n"]
    better: dict[int, list[str]] = {}
    worse: dict[int, list[str]] = {}
    for size in dict.fromkeys(r["n_train"] for r in rows):
        sig = [r for r in rows if r["n_train"] == size and r["p_value"] < 0.05]
        up, down = [r["metric"] for r in sig if r["mean"] > 0], [r["metric"] for r in sig if r["mean"] < 0]
        if up and not down:
            better[size] = up
        elif down and not up:
            worse[size] = down

    def where(d: dict[int, list[str]]) -> str:
        return ", ".join(f"{n} labelled jets (in {' and '.join(x.replace('auc', 'AUC') for x in m)})" for n, m in d.items())

    caution = f" (p-values from {n_seeds} seeds: the errors themselves are rough)" if n_seeds < 5 else ""
    rest = [n for n in dict.fromkeys(r["n_train"] for r in rows) if n not in better]
    if better and not worse:
        return (f"Verdict: the pretrained backbone beats training from scratch at {where(better)}"
                f"{caution}" + (f"; at {', '.join(map(str, rest))} the difference is not significant." if rest else "."))
    if worse and not better:
        return (f"Verdict: fine-tuning is significantly worse than training from scratch at {where(worse)}"
                f"{caution}: this backbone has not learned features that transfer.")
    if not better and not worse:
        return (f"Verdict: no significant difference between fine-tuning and training from scratch at {n_seeds} "
                "seeds; the paper's large gain at few labels comes from a backbone pretrained on millions of jets.")
    return f"Verdict: mixed: better at {where(better)}, worse at {where(worse)}{caution}."


def _pair_verdict(diffs: list[dict[str, Any]]) -> str:
    """Two strategies neither of which is scratch ('does frozen match fine-tuned'): per size,
    the paired accuracy difference's verdict; the gain over scratch was not asked."""
    rows = [r for r in diffs if r["metric"] == "accuracy"]
    if not rows:
        return "The two strategies share no seed, so they cannot be compared pairwise."
    parts = [f"{r['n_train']} labelled jets: {r['verdict']}" for r in rows]
    return f"Verdict ({rows[0]['a']} against {rows[0]['b']}, accuracy): " + "; ".join(parts) + "."


def _estimate_table(est: list[dict[str, Any]], d: Derived) -> str:
    rows = ["| strategy | labelled jets | metric | mean | error (seeds ⊕ test set) | seeds | test-set 68% interval |",
            "|---|---|---|---|---|---|---|"]
    for i, r in enumerate(est):  # the seeds' standard error alone understates it: every seed shares the test jets
        ci = r.get("test_interval_68")
        err = (d(r["err_with_test"], "estimates", i, "err_with_test", digits=2) if r.get("err_with_test") else
               d(r["stderr"], "estimates", i, "stderr", digits=2) + " (seeds)" if r["stderr"] else
               "one seed" if r["stderr"] is None else "identical over seeds")
        rows.append(f"| {r['strategy']} | {r['n_train']} | {r['metric']} | {d(r['mean'], 'estimates', i, 'mean')} | {err} | "
                    f"{r['n']} | " + (f"{ci[0]:.2f}–{ci[1]:.2f}" if ci else "") + " |")
    return "\n".join(rows)


# -- anomaly detection ------------------------------------------------------------------------
def answer_search(state: AgentState) -> Answer:
    """A search of given events (resonance_search): verdict, p_value, m_res, signal_percentage
    (the agent benchmark's answer, arXiv:2509.08535), the best window and the no-signal control."""
    a = Answer()
    calls = [c for c in _calls(state, "resonance_search") if c.ok and isinstance(c.output, dict)]
    if not calls:
        return a
    c = calls[-1]
    o, ptr = c.output, Cite("tool_calls.json")
    ans, best = o["answer"], o["best"]
    lo, hi = best["sr"]
    head = (f"Excess of anomalous events, global p-value {ptr(ans['p_value'], c.id, 'output', 'answer', 'p_value')}: "
            f"a resonance at m_res = {ptr(ans['m_res'], c.id, 'output', 'answer', 'm_res', digits=4)} GeV making up "
            f"{ptr(ans['signal_percentage'], c.id, 'output', 'answer', 'signal_percentage', digits=2)}% of the events"
            if o["found"] else
            f"No evidence of new physics: global p-value {ptr(ans['p_value'], c.id, 'output', 'answer', 'p_value')} "
            f"after {ptr(o['trials'], c.id, 'output', 'trials')} tests (m_res = -1, signal_percentage = 0)")
    a.sentences.append(
        head + f". Most significant window: SR {lo:.0f}-{hi:.0f} GeV, {best['method']} keeping the top "
        f"{100 * best['efficiency']:g}% of events, {ptr(best['n_selected_sr'], c.id, 'output', 'best', 'n_selected_sr')} "
        f"selected on a fitted background of {ptr(best['background_sr'], c.id, 'output', 'best', 'background_sr')} ± "
        f"{ptr(best['background_sr_err'], c.id, 'output', 'best', 'background_sr_err', digits=2)}, local p "
        f"{ptr(best['p_local'], c.id, 'output', 'best', 'p_local', digits=2)}; its CWoLa classifier tells SR from "
        f"sidebands with held-out AUC {ptr(best['sr_vs_sb_auc'], c.id, 'output', 'best', 'sr_vs_sb_auc')} (0.5 = "
        "nothing learned). Global p-value: Sidak over the effective number of tests that background-only "
        "pseudo-experiments of this spectrum show (windows and cuts overlap).")
    ctl = o.get("control")
    if isinstance(ctl, dict) and "answer" in ctl:
        a.sentences.append(
            f"No-signal control (the same search with mjj shuffled against the features): global p-value "
            f"{ptr(ctl['answer']['p_value'], c.id, 'output', 'control', 'answer', 'p_value')}, SR-vs-sideband AUC "
            f"{ptr(ctl['sr_vs_sb_auc_mean'], c.id, 'output', 'control', 'sr_vs_sb_auc_mean')} ± "
            f"{ptr(ctl['sr_vs_sb_auc_std'], c.id, 'output', 'control', 'sr_vs_sb_auc_std', digits=2)} over the windows"
            + (": the control claims nothing, as it must." if not ctl.get("found") else
               ": the control itself claims an excess, so the method is miscalibrated on these data and the "
               "search result above cannot be trusted."))
        if ctl.get("found"):
            a.caveats.append("The mjj-shuffled control reports an excess: do not trust the search's p-value.")
    a.caveats.append("Without labels there is no signal-vs-background AUC or max SIC for a black box; the "
                     "SR-vs-sideband AUC is the data's own measure of what CWoLa learned.")
    a.figures = [f for f in o.get("files", []) if str(f).endswith(".png")][:2]
    return a


def answer_anomaly(state: AgentState, workspace: Path, spec: AnalysisSpec | None) -> Answer:
    if _calls(state, "resonance_search"):
        return answer_search(state)
    a = Answer()
    scans = _calls(state, "anomaly_scan")
    if not scans:
        return a
    last_attempt = max(c.attempt for c in scans)
    scans = [c for c in scans if c.attempt == last_attempt]
    docs = [(c, read_inside(workspace, f"{_out(c)}/metrics.json")) for c in scans]
    docs = [(c, m) for c, m in docs if m.get("cwola")]
    if not docs:
        return a
    d = Derived("anomaly", a.derived)
    methods = (spec.anomaly_methods if spec and spec.anomaly_methods else ["cwola", "likelihood"])
    fractions = sorted({float(f) for _, m in docs for f in m["cwola"]})
    main = float(docs[0][1].get("signal_fraction", max(fractions)))
    d.put("sources", [f"{_out(c)}/metrics.json" for c, _ in docs])
    per_fraction = d.put("cwola", _cwola_per_fraction(docs, fractions))
    if "cwola" in methods:
        _cwola_sentence(a, d, docs, per_fraction, main)
    if "likelihood" in methods and (text := _likelihood_sentence(d, docs)):
        a.sentences.append(text)
    asked = [f for f in (spec.signal_fractions if spec else []) if f > 0]
    if "cwola" in methods and len(asked) > 1:  # a scan asked: every fraction's AUC, the control's first
        parts = [f"{'no signal' if r['fraction'] == 0 else fmt(r['fraction'])}: {d(r['auc_mean'], 'cwola', i, 'auc_mean')}"
                 + (f" ± {d(r['auc_err'], 'cwola', i, 'auc_err', digits=2)}" if r.get("auc_err") is not None else "")
                 for i, r in enumerate(per_fraction) if r.get("auc_mean") is not None]
        a.sentences.append(f"CWoLa AUC by injected signal fraction S/(S+B) over {len(docs)} seed(s): {'; '.join(parts)}.")
    elif len(fractions) > 1:
        a.sentences.append(f"{len(fractions)} injected fractions were scanned ({', '.join(fmt(f) for f in fractions)}), "
                           f"{len(docs)} seed(s) each; only the fraction asked for is quoted above.")
    for c, _ in docs[:1]:
        files = [str(f) for f in c.output.get("files", [])] if isinstance(c.output, dict) else []
        a.figures = [f for f in files if f.endswith(".png")][:2]
    return a


def _cwola_per_fraction(docs: list[tuple[Any, dict[str, Any]]], fractions: list[float]) -> list[dict[str, Any]]:
    """CWoLa's AUC at each injected fraction over the seeds (`auc_over_seeds`: the seeds' error ⊕
    Hanley-McNeil, as the asked quantities give it), with the event counts it rests on."""
    per_fraction: list[dict[str, Any]] = []
    for f in fractions:
        rows = [m["cwola"].get(_key(m["cwola"], f)) for _, m in docs]
        rows = [r for r in rows if r]
        mean, err, how = auc_over_seeds(rows)
        per_fraction.append({"fraction": f, "auc_mean": mean, "auc_err": err, "n_seeds": len(rows), "err_from": how,
                             "n_injected": int(rows[0].get("n_injected", 0)), "n_signal_test": int(rows[0].get("n_signal", 0)),
                             "n_background_test": int(rows[0].get("n_background", 0))})
    return per_fraction


def _cwola_sentence(a: Answer, d: Derived, docs: list[tuple[Any, dict[str, Any]]],
                    per_fraction: list[dict[str, Any]], main: float) -> None:
    """The asked fraction's CWoLa AUC, max SIC (with its cutoff rule) and excess over the
    no-signal control, with the caveats they call for."""
    ctrl = next((i for i, r in enumerate(per_fraction) if r["fraction"] == 0.0), None)
    main_i = next((i for i, r in enumerate(per_fraction) if math.isclose(r["fraction"], main)), len(per_fraction) - 1)
    r = per_fraction[main_i]
    text = (f"CWoLa at S/(S+B) = {fmt(main)} ({r['n_injected']} signal events injected): AUC "
            f"{d(r['auc_mean'], 'cwola', main_i, 'auc_mean')} ± {d(r['auc_err'], 'cwola', main_i, 'auc_err', digits=2)}")
    sics = [float(m["cwola"][_key(m["cwola"], main)]["max_sic"]) for _, m in docs
            if "max_sic" in m["cwola"].get(_key(m["cwola"], main), {})]
    if sics:
        s_est = estimate(sics)
        d.put("cwola_max_sic", {"mean": s_est.mean, "err": s_est.stderr, "n_seeds": s_est.n,
                                "rule": docs[0][1].get("sic_rule", "")})
        text += (f", max SIC {d(s_est.mean, 'cwola_max_sic', 'mean', digits=3)}"
                 + (f" ± {d(s_est.stderr, 'cwola_max_sic', 'err', digits=2)}" if s_est.stderr is not None else
                    " (one seed)") + f" ({docs[0][1].get('sic_rule', 'cutoff rule not recorded')})")
    if ctrl is not None and ctrl != main_i:
        c = per_fraction[ctrl]
        excess, err, verdict = compare_to_control(r["auc_mean"], r["auc_err"], c["auc_mean"], c["auc_err"])
        cmp = d.put("cwola_vs_control", {"excess": excess, "err": err, "verdict": verdict})
        text += (f", against {d(c['auc_mean'], 'cwola', ctrl, 'auc_mean')} ± "
                 f"{d(c['auc_err'], 'cwola', ctrl, 'auc_err', digits=2)} with no signal injected: excess "
                 f"{d(cmp['excess'], 'cwola_vs_control', 'excess', digits=2)} ± "
                 f"{d(cmp['err'], 'cwola_vs_control', 'err', digits=2)}, {verdict}")
    elif ctrl == main_i:  # the control asked alone ('on background only'): against 0.5
        diff, err, verdict = control_against_null(r["auc_mean"], r["auc_err"])
        d.put("cwola_vs_null", {"auc_minus_half": diff, "err": err, "verdict": verdict})
        text += f", {verdict.split(':')[0]}"  # the reason is the asked quantity's (agents.measures.data)
    if ctrl is not None and per_fraction[ctrl]["auc_mean"] > 0.6:
        a.caveats.append("The no-signal control separates signal from background well above 0.5: the "
                         "CWoLa features (jet masses) correlate with mjj, so the SR-vs-sideband classifier "
                         "learns 'signal-like' masses without any signal. Only the excess over the control "
                         "is evidence of the signal.")
    a.sentences.append(text + ".")
    if 0 < r["n_injected"] < 20:
        a.caveats.append(f"Only {r['n_injected']} signal events were injected at the main fraction: the CWoLa "
                         "result is dominated by statistical fluctuations.")


def _likelihood_sentence(d: Derived, docs: list[tuple[Any, dict[str, Any]]]) -> str | None:
    """The background-trained GPT's likelihood as an anomaly score: its AUC and what it says."""
    aucs = [float(m["headline"]["unsupervised_auc"]) for _, m in docs if "unsupervised_auc" in m.get("headline", {})]
    if not aucs:
        return None
    e = estimate(aucs)
    sr = docs[0][1].get("unsupervised", {}).get("event_sr", {})
    err = e.stderr if e.stderr else auc_stderr(e.mean, int(sr.get("n_signal", 0)), int(sr.get("n_background", 0)))
    d.put("likelihood", {"auc_mean": e.mean, "auc_err": err, "n_seeds": e.n})
    text = (f"The backbone likelihood as an anomaly score: AUC {d(e.mean, 'likelihood', 'auc_mean')} ± "
            f"{d(err, 'likelihood', 'auc_err', digits=2)}")
    if e.mean + 2 * err < 0.5:
        text += (": significantly below 0.5, so no: signal events are more likely than background under "
                 "the background-trained GPT (the signal jets have fewer constituents, and shorter token "
                 "sequences have higher likelihood); the likelihood is not a good anomaly score for this signal")
    elif e.mean - 2 * err > 0.5:
        text += ": above 0.5, so the likelihood does flag the signal as less likely than background"
    else:
        text += ": consistent with 0.5, so no separation at this sample size"
    return text + "."


def _key(table: dict[str, Any], f: float) -> str:
    return next((k for k in table if math.isclose(float(k), f)), str(f))


# -- tokenizer ---------------------------------------------------------------------------------
def answer_tokenizer(state: AgentState, workspace: Path) -> Answer:
    """Bias and resolution after tokenization of the jet observable asked (the mass when none),
    per tokenizer and class, and with several tokenizers which one keeps it better."""
    a = Answer()
    tq = _calls(state, "token_quality")
    if not tq:
        return a
    last = max(c.attempt for c in tq)
    tq = [c for c in tq if c.attempt == last and c.step == max(x.step for x in tq)]
    key, words, _ = next((o for o in observables_asked(state) if o[0] in TOKEN_BIAS), ("mass", "jet mass", ""))
    d = Derived("tokenizer", a.derived)
    rows, relative = _token_rows(state, workspace, tq, key)
    d.put(key, rows)
    for c in tq:
        a.figures += _key_plot(c, state.spec)
    if state.spec and KEEP_ASKED.search(state.spec.question or ""):
        a.verdicts += _kept_verdict(state, workspace, tq, d)
    by_tok: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_tok.setdefault(r["tokenizer"], []).append(i)
    diff = "relative, reco − true over true" if relative else "reco − true"
    asked = {q.metric for q in (state.spec.quantities if state.spec else []) if q.observable == key}
    said = {"bias", "resolution"} <= asked  # the asked quantities opened the answer with the same figures
    for name, idx in ([] if said else by_tok.items()):
        parts = [f"{rows[i]['class']} bias {d(rows[i]['bias'], key, i, 'bias', digits=2)} ± "
                 f"{d(rows[i]['bias_err'], key, i, 'bias_err', digits=1)}, resolution "
                 f"{d(rows[i]['width'], key, i, 'width', digits=2)} ± {d(rows[i]['width_err'], key, i, 'width_err', digits=1)}"
                 for i in idx]
        a.sentences.append(f"{words[0].upper()}{words[1:]} after tokenization with the {name} tokenizer ({diff}; "
                           f"bias = median, resolution = half the 16–84% width): {'; '.join(parts)}.")
    if len(by_tok) > 1:
        a.sentences.append(_tokenizer_verdict(by_tok, rows, d, key, words, relative))
    if len(by_tok) == 2:
        a.sentences += _tokenizer_change(by_tok, rows, d, key, words)
    trained = {CLASS_NAMES.get(c, c) for c in (state.spec.pretrain_classes if state.spec else [])}
    for name, idx in by_tok.items() if trained else []:
        a.sentences += _unseen_classes(rows, idx, trained, words, d, f"unseen {name}")
    a.caveats.append("Tokenization loses information by construction (a finite codebook); the resolution above is "
                     "that loss, a property of the tokenizer and its training budget, not a failure.")
    a.figures = a.figures[:3]
    return a


def _token_rows(state: AgentState, workspace: Path, tq: list[ToolCallRecord], key: str) -> tuple[list[dict[str, Any]], bool]:
    """Per token-quality run and class, one observable's bias and resolution after tokenization with their
    statistical errors; and whether they are relative (reco - true over true)."""
    rows, relative = [], True
    tokenizer_args = {_out(c): c.args for c in _calls(state, "train_tokenizer") if isinstance(c.args, dict)}
    for c in tq:
        m = read_inside(workspace, f"{_out(c)}/metrics.json")
        definitions = m.get("definitions")
        relative = str(definitions.get(key, "relative") if isinstance(definitions, dict) else "relative").startswith("relative")
        targs = tokenizer_args.get(_out(c, "tokenizer").rsplit("/", 1)[0], {})
        name = f"{targs.get('kind', 'conditional')} {targs.get('codebook_size', '?')} codes"
        for cls, v in (m.get("per_class") or {}).items():
            obs = (v.get("jet") or {}).get(key) or {}
            if not isinstance(obs.get("median"), int | float):
                continue
            n = int(obs.get("n", v.get("n_jets", 0)) or 0)
            width = float(obs["width"])
            rows.append({"tokenizer": name, "class": cls, "bias": float(obs["median"]), "width": width,
                         "abs68": float(obs.get("abs68", abs(float(obs["median"])) + width)),
                         "bias_err": median_stderr(float(obs.get("std", width)), n),
                         "width_err": width_stderr(width, n), "n": n,
                         "usage": float((m.get("codebook") or {}).get("usage", float("nan")))})
    return rows, relative


def _kept_verdict(state: AgentState, workspace: Path, tq: list[ToolCallRecord], d: Derived) -> list[str]:
    """Whether the tokens keep each observable asked, by the reviewer's own grades of its median bias: kept within
    5%, blurred up to the limit past which the tokens misdescribe the jets, lost beyond it (TOKEN_BIAS)."""
    kept, parts, grades = d.put("kept", []), [], []
    for key, words, _ in observables_asked(state):
        if key not in TOKEN_BIAS:
            continue
        for r in _token_rows(state, workspace, tq, key)[0]:
            grades.append((token_bias_grade(key, r["bias"]), key))
            j = len(kept)
            kept.append({"observable": key, "class": r["class"], "tokenizer": r["tokenizer"], "bias": r["bias"],
                         "bias_err": r["bias_err"], "width": r["width"]})
            parts.append(f"{words} {d(r['bias'], 'kept', j, 'bias', digits=2)} ± {d(r['bias_err'], 'kept', j, 'bias_err', digits=1)} "
                         f"(resolution {d(r['width'], 'kept', j, 'width', digits=2)}) on {r['class']} jets with the "
                         f"{r['tokenizer']} tokenizer")
    if not parts:
        return []
    worst = max(g for g, _ in grades)
    return [f"{('Yes', 'Not fully', 'No')[worst]}: median relative bias of {'; '.join(parts)}: {kept_reason(grades)}."]


def _unseen_classes(rows: list[dict[str, Any]], idx: list[int], trained: set[str], words: str, d: Derived,
                    key: str) -> list[str]:
    """'Does the tokenizer work on W jets it has never seen?': the resolution on each class it was not trained on
    against the mean over those it was (independent jets: errors in quadrature)."""
    seen, new = [rows[i] for i in idx if rows[i]["class"] in trained], [rows[i] for i in idx if rows[i]["class"] not in trained]
    if not seen or not new:
        return []
    ref = sum(r["width"] for r in seen) / len(seen)
    ref_err = math.sqrt(sum(r["width_err"] ** 2 for r in seen)) / len(seen)
    out = []
    for r in new:
        err = math.hypot(r["width_err"], ref_err)
        z = (r["width"] - ref) / err if err > 0 else float("nan")
        k = f"{key} {r['class']}"
        v = d.put(k, {"width": r["width"], "width_err": r["width_err"], "trained_width": ref, "trained_width_err": ref_err,
                      "ratio": r["width"] / ref, "sigma": z})
        c = {f: d(x, k, f, digits=1 if f.endswith("err") else 2) for f, x in v.items()}
        how = f"{c['ratio']} times as wide, {c['sigma']} sigma" if abs(z) > 2 else f"within the errors ({c['sigma']} sigma)"
        out.append(f"On the {r['class']} jets the tokenizer never saw, the {words} resolution is {c['width']} ± {c['width_err']}, "
                   f"against {c['trained_width']} ± {c['trained_width_err']} on the {' and '.join(s['class'] for s in seen)} "
                   f"jets it was trained on: {how}.")
    return out


def _tokenizer_change(by_tok: dict[str, list[int]], rows: list[dict[str, Any]], d: Derived, key: str, words: str) -> list[str]:
    """'Does a bigger codebook make the mass more accurate?': per class, how the resolution and the bias move from the
    first tokenizer to the second, with the error of the change and its significance. Both are measured on the same
    held-out jets, so the errors in quadrature overstate the change's error (the verdict errs on 'not shown')."""
    (a_name, a_idx), (b_name, b_idx) = by_tok.items()
    other = {rows[i]["class"]: rows[i] for i in b_idx}
    out = []
    for r in (rows[i] for i in a_idx if rows[i]["class"] in other):
        s, k = other[r["class"]], f"change {r['class']}"
        v: dict[str, Any] = {"from": a_name, "to": b_name, "class": r["class"], "observable": key, "words": words}
        for what, err in (("width", "width_err"), ("bias", "bias_err")):
            e = math.hypot(r[err], s[err])
            v[f"{what}_from"], v[f"{what}_to"] = r[what], s[what]
            v[f"{what}_change"], v[f"{what}_change_err"] = s[what] - r[what], e
            v[f"{what}_sigma"] = (s[what] - r[what]) / e if e > 0 else float("nan")
        d.put(k, v)
        out.append(f"From the {a_name} to the {b_name} tokenizer, on {r['class']} jets the {words} resolution "
                   f"{_change_said(d, v, k, 'width', 'wider', 'narrower')} and its bias "
                   f"{_change_said(d, v, k, 'bias', 'higher', 'lower')} (errors in quadrature; both on the same "
                   f"held-out jets, so the significance is if anything understated).")
    return out


def _change_said(d: Derived, v: dict[str, Any], k: str, what: str, up: str, down: str) -> str:
    z = v[f"{what}_sigma"]
    how = (up if z > 0 else down) if abs(z) >= 2 else "within the errors"
    return (f"changes by {d(v[f'{what}_change'], k, f'{what}_change', digits=2)} ± "
            f"{d(v[f'{what}_change_err'], k, f'{what}_change_err', digits=1)} ({d(z, k, f'{what}_sigma', digits=2)} sigma: {how})")


def _key_plot(c: ToolCallRecord, spec: AnalysisSpec | None) -> list[str]:
    """The token-quality plot to show first: the observables of the class the question names
    first (QCD only when it is asked first), not whichever class the tool wrote first."""
    raw = c.output.get("plots") if isinstance(c.output, dict) else None
    plots = [str(p) for p in raw] if isinstance(raw, list) else []
    qcd_first = bool(spec and spec.classes and spec.classes[0] == "qcd")
    return sorted(plots, key=lambda p: ("observables" not in p, ("QCD" in p) != qcd_first))[:1]


def _tokenizer_verdict(by_tok: dict[str, list[int]], rows: list[dict[str, Any]], d: Derived, key: str = "mass",
                       words: str = "jet mass", relative: bool = True) -> str:
    """The better tokenizer for an observable rests on bias and resolution together (abs68: the
    68% quantile of |reco - truth|); a tokenizer whose median bias exceeds the reviewer's limit
    for it has collapsed and is named as such, never as the winner."""
    limit = TOKEN_BIAS[key][0]
    score = {n: sum(rows[i]["abs68"] for i in idx) / len(idx) for n, idx in by_tok.items()}
    collapsed = [n for n, idx in by_tok.items() if any(abs(rows[i]["bias"]) > limit for i in idx)]
    cmp = d.put("comparison", {"observable": key, "mean_abs68": score, "collapsed": collapsed,
                               "best": min((n for n in score if n not in collapsed), key=score.__getitem__, default=None)})
    figures = "; ".join(f"{n} {d(w, 'comparison', 'mean_abs68', n, digits=2)}" for n, w in score.items())
    short = words.removeprefix("jet ")
    classes = sorted({rows[i]["class"] for idx in by_tok.values() for i in idx})
    over = f"On the {classes[0]} jets" if len(classes) == 1 else "Averaged over classes"
    text = (f"{over}, the 68% quantile of |reco − true|{' / true' if relative else ''} of the {words} "
            f"(bias and spread together) is {figures}")
    if collapsed:
        text += (f"; the {' and '.join(collapsed)} tokenizer{'s' if len(collapsed) > 1 else ''} "
                 f"reconstruct{'' if len(collapsed) > 1 else 's'} the {short} with a median bias beyond "
                 f"{limit:.0%}: collapsed, a defect, not a candidate")
    if cmp["best"] is None:
        return text + f"; no tokenizer reconstructs the {short} usably at this training budget."
    # the 68% quantile's statistical error as a width's (an order statistic of |reco - true|), averaged over classes
    err = {n: math.sqrt(sum(width_stderr(rows[i]["abs68"], rows[i]["n"]) ** 2 for i in idx)) / len(idx)
           for n, idx in by_tok.items() if all(rows[i].get("n", 0) > 1 for i in idx)}
    cmp["abs68_err"] = err
    rest = sorted((n for n in score if n not in collapsed and n != cmp["best"]), key=score.__getitem__)
    if rest and {cmp["best"], rest[0]} <= set(err) and \
            score[rest[0]] - score[cmp["best"]] <= 2 * math.hypot(err[cmp["best"]], err[rest[0]]):
        cmp["significant"] = False
        return text + (f"; the {cmp['best']} tokenizer is ahead for the {short}, but by less than twice the errors "
                       f"combined (about {d(err[cmp['best']], 'comparison', 'abs68_err', cmp['best'], digits=1)} each): "
                       "no significant difference at this training budget.")
    cmp["significant"] = bool(rest)
    return text + f"; the {cmp['best']} tokenizer is the better one for the {short} at this training budget."


# -- pretraining and generation ------------------------------------------------------------------
def answer_pretrain(state: AgentState, workspace: Path) -> Answer:
    """The GPT's loss against a uniform guess and its generated jets against the real ones; one
    GPT per seed, when seeds were asked, each named (the asked quantities give their mean)."""
    a = Answer()
    d = Derived("pretrain", a.derived)
    pre, ev = _calls(state, "pretrain"), _calls(state, "evaluate_generation")
    gpts = _gpt_names(state, pre)
    losses = [_loss_sentence(c, workspace, d, f"The {who or 'GPT'}", tag) for c, (tag, who) in zip(pre, gpts, strict=False)]
    asked, tests = [], []
    for c, (tag, who) in zip(ev, gpts, strict=False):
        m = read_inside(workspace, str(c.output.get("metrics_path", "")))
        asked += _generated_observables(state, m, d, tag, f" ({who})" if who else "")
        tests.append(_classifier_sentence(c, d, tag, f"{who}: " if who else "", m))
        a.figures = a.figures or [str(p) for p in c.output.get("plots", [])][:2]
    if state.spec and any(q.metric == "overfitting" for q in state.spec.quantities):  # the loss curves asked about
        a.figures = [str(c.output["plot"]) for c in pre if isinstance(c.output, dict) and c.output.get("plot")][:2] + a.figures[:1]
    by_tokenizer = [x for x in _tokenizer_comparison(pre, ev, gpts, d) if x]
    a.sentences = [*by_tokenizer, *tests, *asked, *(x for x in losses if x)]  # what was asked (the generated jets) first
    return a


def _tokenizer_comparison(pre: list[ToolCallRecord], ev: list[ToolCallRecord], gpts: list[tuple[str, str]],
                          d: Derived) -> list[str]:
    """GPTs of one seed on different tokenizers: each later one's classifier-test AUC against the
    first's (independent test sets: errors in quadrature), the answer to 'does a bigger codebook
    make generation worse?'."""
    toks = [str(c.args.get("tokenizer", "")) if isinstance(c.args, dict) else "" for c in pre]
    if len(ev) < 2 or len(ev) != len(pre) or len(set(toks)) != len(toks):
        return []
    aucs = [float(c.output.get("classifier_auc", float("nan"))) for c in ev]
    errs = [classifier_test_error(c) for c in ev]
    name = [who.removeprefix("GPT on the ") for _, who in gpts]
    out = []
    for i in range(1, len(ev)):
        diff, err = aucs[i] - aucs[0], math.hypot(errs[i], errs[0])
        if not (math.isfinite(diff) and err > 0):
            continue
        key = f"classifier_auc_diff{gpts[i][0]}"
        d.put(key, diff), d.put(f"{key}_err", err)
        verdict = closeness_verdict(diff / err, name[i])
        ptr = Cite("tool_calls.json")
        out.append(f"Generation with the {name[i]} against the {name[0]}: classifier-test AUC "
                   f"{ptr(aucs[i], ev[i].id, 'output', 'classifier_auc')} against {ptr(aucs[0], ev[0].id, 'output', 'classifier_auc')} "
                   f"(0.5 = indistinguishable from the real jets), a difference of "
                   f"{d(diff, key, digits=2)} ± {d(err, f'{key}_err', digits=2)}: {verdict}.")
    return out


def _gpt_names(state: AgentState, pre: list[ToolCallRecord]) -> list[tuple[str, str]]:
    """(suffix of the derived values, name) of each pretrained GPT: one GPT is "the GPT"; several
    are named by seed, or by the tokenizer they learned (and seed) when tokenizers were compared."""
    if len(pre) < 2:
        return [("", "")]
    names = tokenizer_names(_calls(state, "train_tokenizer"))
    toks = [str(c.args.get("tokenizer", "")) if isinstance(c.args, dict) else "" for c in pre]
    seeds = [c.args.get("seed", i) if isinstance(c.args, dict) else i for i, c in enumerate(pre)]
    out = []
    for i, (tok, seed) in enumerate(zip(toks, seeds, strict=True)):
        parts = [f"on the {names.get(tok, tok)}"] if len(set(toks)) > 1 else []
        parts += [f"of seed {seed}"] if len(set(seeds)) > 1 else []
        parts += [f"of the {name} backbone"] if (name := backbone_of(_out(pre[i]))) else []
        folder = _out(pre[i]).rstrip("/").rsplit("/", 1)[-1].replace("-", "_")  # backbone/seed1, backbone/conditional_512
        out.append((f"_{folder}" if re.fullmatch(r"\w+", folder) else f"_gpt{i}", "GPT " + ", ".join(parts or [f"number {i + 1}"])))
    return out


def _loss_sentence(c: ToolCallRecord, workspace: Path, d: Derived, who: str, tag: str = "") -> str | None:
    m = read_inside(workspace, f"{_out(c)}/metrics.json")
    cfg = m.get("config") if isinstance(m.get("config"), dict) else {}
    b = loss_against_uniform(c.output, cfg)
    if b is None:
        return None
    inputs, objective = str(cfg.get("input_mode", "tokens")), str(cfg.get("objective", "next-token"))
    ptr = Cite("tool_calls.json")
    uniform = d.put(f"uniform_loss{tag}", b.uniform)  # per GPT: tokenizers compared differ in k
    n_params = (m.get("n_params") or {}).get("total")
    about = [f"{d(d.put(f'n_params{tag}', n_params), f'n_params{tag}')} parameters"] if isinstance(n_params, int) else []
    if (inputs, objective) != ("tokens", "next-token") and {inputs, objective} <= set(BACKBONE_WORDS):
        about.append(f"reading {BACKBONE_WORDS[inputs]}, trained on {BACKBONE_WORDS[objective]}")  # not the paper's GPT
    size = f" ({'; '.join(about)})" if about else ""
    return (f"{who}{size} reaches a {b.what} of {ptr(b.loss, c.id, 'output', *b.path, digits=4)} "
            f"nats per token against {d(uniform, f'uniform_loss{tag}', digits=4)} for a uniform guess over "
            f"{b.guess}: it has {'learned structure' if b.loss < uniform * 0.98 else 'learned nothing beyond a uniform guess'}"
            f"{_loss_trend(c, 'joint validation loss' if objective == 'joint' else 'validation loss')}.")


def _loss_trend(c: ToolCallRecord, loss: str = "validation loss") -> str:
    """Whether the validation loss (`loss`: what the history records, a joint model's sum of both terms)
    was still falling at the last epoch (more epochs may help) or had stopped (its best epoch earlier)."""
    hist = c.output.get("history") if isinstance(c.output, dict) else None
    if not isinstance(hist, list) or len(hist) < 2:
        return ""
    try:
        last, before = float(hist[-1]["val_loss"]), float(hist[-2]["val_loss"])
        best = int(c.output["best_epoch"])
    except (KeyError, TypeError, ValueError):
        return ""
    ptr = Cite("tool_calls.json")
    n = len(hist)
    steps = (f"({ptr(before, c.id, 'output', 'history', n - 2, 'val_loss', digits=4)} "
             f"-> {ptr(last, c.id, 'output', 'history', n - 1, 'val_loss', digits=4)})")
    if last < before * (1 - FALLING_REL):  # the reviewer's threshold (train_longer)
        return f"; its {loss} was still falling at the last of {n} epochs {steps}: more epochs may help"
    if last < before:
        return f"; its {loss} had flattened by the last of {n} epochs {steps}"
    return f"; its {loss} had stopped falling (best at epoch {best + 1} of {n})"


def _w1_over_floor(m: dict[str, Any], key: str) -> tuple[float, float, float]:
    """(W1, floor, W1 / floor) of one observable from the generation metrics: the distance of the
    generated to the real jets against the one between two halves of the real jets (nan when the
    floor is 0). Raises KeyError / TypeError / ValueError when the metrics lack them."""
    w1, floor = float(m["w1"][key]), float(m["w1_reference_halves"][key])
    return w1, floor, w1 / floor if floor > 0 else float("nan")


def _far_observables(m: dict[str, Any] | None, d: Derived, tag: str) -> list[tuple[str, str]]:
    """(words, cited ratio) of each jet observable whose W1 distance to the real jets is at least
    five times the floor between two halves of the real jets, the farthest first."""
    far = []
    for key, (words, _) in _OBSERVABLE_WORDS.items():
        try:
            ratio = _w1_over_floor(m, key)[2]  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError):
            continue
        if ratio >= 5:
            far.append((ratio, words, d(d.put(f"{key}{tag}_w1_over_floor", ratio), f"{key}{tag}_w1_over_floor", digits=2)))
    return [(words, cited) for _, words, cited in sorted(far, reverse=True)]


def _classifier_sentence(c: ToolCallRecord, d: Derived, tag: str, lead: str, m: dict[str, Any] | None = None) -> str:
    auc = float(c.output.get("classifier_auc", float("nan")))
    n = int(c.output.get("n_jets", 0))
    err = d.put(f"classifier_auc_err{tag}", classifier_test_error(c))
    ptr = Cite("tool_calls.json")
    at_chance = abs(auc - 0.5) < 2 * err
    # a classifier on a few held-out jets can miss what the observables show: then 'indistinguishable'
    # cannot be defended, and the observables that differ are named beside the test
    far = _far_observables(m, d, tag) if at_chance else []
    verdict = ("not told apart by the classifier test from" if far else "indistinguishable from" if at_chance else
               "close to" if auc < 0.6 else "clearly separable from")
    but = ("; but the test is weak at this size, and the observables differ: the Wasserstein-1 distance "
           + ", ".join(f"of {w} is {r} times" if i == 0 else f"of {w} {r} times" for i, (w, r) in enumerate(far))
           + " the floor between two halves of the real jets") if far else ""
    real = "the tokenized real jets" if (m or {}).get("reference_kind", "reconstructed") == "reconstructed" else "the real jets"
    # n: the jets compared from each side (the smaller of the generated and the real sample)
    return (f"{lead}{'the' if lead else 'The'} generated jets are {verdict} {real} ({ptr(n, c.id, 'output', 'n_jets')} of each compared): classifier-test AUC "
            f"{ptr(auc, c.id, 'output', 'classifier_auc')} ± {d(err, f'classifier_auc_err{tag}', digits=2)} "
            f"(one half = indistinguishable; the paper reaches "
            f"{d(d.put('paper_classifier_auc', PAPER['classifier_auc']), 'paper_classifier_auc', digits=2)} "
            f"at full scale){but}.")


# observable -> (words, unit) in the answer
_OBSERVABLE_WORDS = {"mass": ("jet mass", " GeV"), "pt": ("jet pT", " GeV"), "n": ("constituent multiplicity", ""),
                     "tau21": ("tau21", ""), "tau32": ("tau32", "")}


def observables_asked(state: AgentState) -> list[tuple[str, str, str]]:
    """(metrics key, words, unit) of each observable the spec names; the jet mass when none."""
    keys = state.plan.params.get("observables") or ["mass"] if state.plan else ["mass"]
    return [(k, *_OBSERVABLE_WORDS[k]) for k in keys]


def _generated_observables(state: AgentState, m: dict[str, Any] | None, d: Derived, tag: str = "",
                           whose: str = "") -> list[str]:
    """Per observable asked (jet mass when none): generated vs real means and the W1 distance
    against the floor between two halves of the real jets (`tag`, `whose`: of one GPT seed)."""
    if not isinstance(m, dict):
        return []
    out = []
    for key, words, unit in observables_asked(state):
        try:
            gen = float(m["means"][key]["generated"])
            real = float(m["means"][key][m.get("reference_kind", "reconstructed")])
            tokenized = " (tokenized)" if m.get("reference_kind", "reconstructed") == "reconstructed" else ""
            w1, floor, ratio = _w1_over_floor(m, key)
        except (KeyError, TypeError, ValueError):
            continue
        key_t = key + tag
        d.put(f"{key_t}_w1_over_floor", ratio)
        for name, v in ((f"{key_t}_mean_generated", gen), (f"{key_t}_mean_real", real), (f"{key_t}_w1", w1),
                        (f"{key_t}_w1_floor", floor)):
            d.put(name, v)
        verdict = ("matches the real one within the statistical floor" if ratio < 2 else
                   "is near the real one but beyond the statistical floor" if ratio < 5 else "does not match the real one")
        out.append(f"The generated {words} distribution{whose} {verdict}: mean {d(gen, f'{key_t}_mean_generated')}{unit} "
                   f"against {d(real, f'{key_t}_mean_real')}{unit} for the real jets{tokenized}, Wasserstein-1 "
                   f"distance {d(w1, f'{key_t}_w1')}{unit}, {d(ratio, f'{key_t}_w1_over_floor', digits=2)} times the "
                   f"{d(floor, f'{key_t}_w1_floor')}{unit} between two halves of the real jets.")
    return out


# -- data generation ----------------------------------------------------------------------------
def _pt_window(state: AgentState) -> str:
    """', 800 < pT < 1200 GeV' (cited) when every jet file was generated in one window, else ''."""
    gen = [c for c in _calls(state, "generate_data") if isinstance(c.output, dict)
           and isinstance(c.output.get("pt_min"), int | float) and isinstance(c.output.get("pt_max"), int | float)]
    if not gen or len({(c.output["pt_min"], c.output["pt_max"]) for c in gen}) != 1:
        return ""
    ptr = Cite("tool_calls.json")
    return (f", {ptr(float(gen[0].output['pt_min']), gen[0].id, 'output', 'pt_min')} < pT < "
            f"{ptr(float(gen[0].output['pt_max']), gen[0].id, 'output', 'pt_max')} GeV")


def answer_generate(state: AgentState, workspace: Path) -> Answer:
    a = Answer()
    info = [c for c in _calls(state, "dataset_info") if not of_generated_jets(c)]  # the Pythia jets', not the GPT's
    if not info:
        return a
    c = info[-1]
    ptr = Cite("tool_calls.json")
    d = Derived("generate", a.derived)
    parts = []
    for i, f in enumerate(c.output.get("files", [])):
        n = int(f.get("jets_read", 0))
        means = []
        for key, words, unit in observables_asked(state):
            obs = f.get("observables", {}).get(key, {})
            if "mean" in obs and "q50" in obs:
                at = (c.id, "output", "files", i, "observables", key)
                # the standard error of the mean, as the catalogue's mean gives it (metrics.mean_with_error, the sample's
                # std): the summary's std is the population's (ddof 0), so / sqrt(n - 1)
                err = f"file{i}_{key}_mean_stderr"
                pm = f" ± {d(d.put(err, obs['std'] / math.sqrt(n - 1)), err, digits=2)}" if "std" in obs and n > 1 else ""
                means.append(f"mean {words} {ptr(obs['mean'], *at, 'mean')}{pm}{unit} "
                             f"(median {ptr(obs['q50'], *at, 'q50')}{unit})")
        if means and n:
            cls = ", ".join(f.get("classes", {}))
            parts.append(f"{cls}: {ptr(n, c.id, 'output', 'files', i, 'jets_read')} jets, " + ", ".join(means))
    if parts:
        a.sentences.append(f"Generated with Pythia 8 + FastJet (anti-kT R = 0.8{_pt_window(state)}): " + "; ".join(parts) + ".")
    plots = _calls(state, "plot_distributions")
    if plots:
        a.figures = [str(plots[-1].output.get("path"))]
    return a


def answer(state: AgentState, workspace: Path) -> Answer:
    """The answers of every task asked, the primary one first."""
    spec = state.spec
    tasks = list(spec.tasks) if spec else []
    if not tasks and state.plan:
        tasks = [s.recipe for s in state.plan.steps if s.recipe in ("generate", "tokenizer", "pretrain", "finetune", "anomaly")]
    order = sorted(set(tasks), key=lambda t: ["finetune", "anomaly", "pretrain", "tokenizer", "generate", "review"].index(t)
                   if t in ("finetune", "anomaly", "pretrain", "tokenizer", "generate", "review") else 9)
    out = answer_quantities(state, workspace)  # the quantities asked come first
    families = {"finetune": lambda: answer_finetune(state, workspace),
                "anomaly": lambda: answer_anomaly(state, workspace, spec),
                "pretrain": lambda: answer_pretrain(state, workspace),
                "tokenizer": lambda: answer_tokenizer(state, workspace),
                "generate": lambda: answer_generate(state, workspace)}
    for t in (t for t in order if t in families):
        try:
            part = families[t]()
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
            # a job's metrics file is written in the sandbox: a malformed one is reported, never a crash
            why = f"its result files do not hold what the tool writes ({type(e).__name__}: {str(e)[:120]})"
            out.derived.setdefault("not_read", []).append({"family": t, "reason": why})
            out.sentences.insert(0, f"Not answered: the {t} result, because {why}.")
            continue
        out.sentences += part.sentences
        out.derived |= part.derived
        out.figures += [f for f in part.figures if f not in out.figures]
        out.caveats += part.caveats
        out.tables += part.tables
        out.verdicts += part.verdicts
    out.sentences[:0] = out.verdicts
    return out


# -- the quantities asked (agents/measures.py) -----------------------------------------------------
NOT_ANSWERED_EXIT = 3  # `omnijet-agent run` exit code: finished, but an asked quantity is not answered
# a head-to-head question that asks for the gap itself ("give the accuracy difference", "by how much")
DIFFERENCE_ASKED = re.compile(r"\b(difference|differ\w* by|gap|gain|improve\w*|by how much|how much (better|worse|"
                              r"higher|lower|more|less))\b")


def _value_text(d: Derived, v: Any, i: int, j: int) -> str:
    """'VALUE ± ERR unit (note)', every number cited; never '± 0' (the note says why there is none)."""
    unit = f" {v.unit}" if v.unit and v.unit != "observable's" else ""
    text = d(v.value, "asked", i, "values", j, "value")
    if v.err is not None and math.isfinite(v.err) and v.err > 0:
        text += f" ± {d(v.err, 'asked', i, 'values', j, 'err', digits=2)}"
    return text + unit + (f" ({v.note})" if v.note else "")


def answer_quantities(state: AgentState, workspace: Path) -> Answer:
    """The asked quantities first, each with its number and uncertainty; what could not be
    computed opens the answer ('Not answered: X, because Y.'). Defaults are measured too (the
    fidelity record) but the family's own answer words them."""
    from agents.measures import Ctx, Unavailable, asked, describe, measure
    from omnijet.errors import DataError

    a = Answer()
    spec = state.spec
    if spec is None or not spec.tasks or "review" in spec.tasks:
        return a
    d = Derived("quantities", a.derived)
    rows: list[dict[str, Any]] = d.put("asked", [])
    ctx = Ctx(state, workspace, spec)
    missing, said = [], []
    for i, q in enumerate(asked(spec)):
        row: dict[str, Any] = {"quantity": q.model_dump(exclude={"evidence"}), "described": describe(q),
                               "default": q.default, "evidence": q.evidence}
        rows.append(row)
        try:
            values = measure(q, ctx)
        except (Unavailable, DataError, ValueError, KeyError, TypeError) as e:
            row |= {"status": "not answered", "reason": str(e)}
            if not q.default:
                missing.append(f"{describe(q)}, because {e}")
            continue
        row |= {"status": "answered", "values": [
            {"label": v.label, "value": v.value, "err": v.err if v.err is not None and v.err > 0 else None,
             "note": v.note, "unit": v.unit, "source": v.source, **{k: x for k, x in v.extra.items()
                                                                    if isinstance(x, int | float | str)}}
            for v in values]}
        if not q.default or q.compare:  # an asked difference leads its sentence; the two sides follow
            lead = q.compare and DIFFERENCE_ASKED.search(state.request.lower())
            order = sorted(range(len(values)), key=lambda j: not (lead and "−" in values[j].label))
            text = "; ".join(f"{values[j].label}: {_value_text(d, values[j], i, j)}" for j in order)
            said.append(text[:1].upper() + text[1:] + "." + (_comparison_verdict(q, values) or _signals_verdict(q, values)
                                                             or _which_verdict(q, values, state.request)))
    if missing:
        a.sentences.append("Not answered: " + "; ".join(missing) + ".")
    a.verdicts += _likelihood_verdict(rows, d, state.request)
    a.sentences += said + _best_observable(rows, d) + _farthest_observable(rows, d) + _label_trend(rows, d, state.request) + \
        _tagger_against_observable(rows, d)
    defaults = [r["described"] for r in rows if r["default"]]
    if defaults:
        a.caveats.append(f"No specific quantity was named: the answer gives the {spec.primary()} family's default "
                         f"({', '.join(defaults)}).")
    return a


def _best_observable(rows: list[dict[str, Any]], d: Derived) -> list[str]:
    """'Which observable separates top from QCD best?': with two or more observables' AUCs measured, the
    best one and whether it beats the next beyond twice their errors combined (conservative: both were
    measured on the same jets, whose shared fluctuations partly cancel in the difference)."""
    aucs = [(i, r["quantity"]["observable"], v) for i, r in enumerate(rows) if r["quantity"]["metric"] == "observable_auc"
            and r.get("status") == "answered" for v in r["values"][:1] if v.get("err")]
    if len(aucs) < 2:
        return []
    (i, best, b), (j, second, s2) = sorted(aucs, key=lambda x: -x[2]["value"])[:2]
    gap, err = b["value"] - s2["value"], math.hypot(b["err"], s2["err"])
    name = {k: w for k, (w, _) in _OBSERVABLE_WORDS.items()}
    first = (f"the {name.get(best, best)} (AUC {d(b['value'], 'asked', i, 'values', 0, 'value')} ± "
             f"{d(b['err'], 'asked', i, 'values', 0, 'err', digits=2)})")
    other = (f"the {name.get(second, second)} ({d(s2['value'], 'asked', j, 'values', 0, 'value')} ± "
             f"{d(s2['err'], 'asked', j, 'values', 0, 'err', digits=2)})")
    return [f"Verdict: {first} alone separates the classes best of the {len(aucs)} observables, "
            + (f"ahead of {other} by more than twice the errors combined." if gap > 2 * err else
               f"but {other} is within twice the errors combined: not a significant difference.")]


# 'how much does the AUC drop if I use 50 instead of 500 labels?': one label count against another, a change asked
_SIZES_SWAPPED = re.compile(r"\b(?:instead of|rather than|in place of)\s+\d|\b(?:drop|fall|los[et]|degrad)\w*\b[^.;?]{0,60}"
                            r"\b\d+\s+(?:labell?ed\s+)?(?:labels|jets)\b")


def _label_trend(rows: list[dict[str, Any]], d: Derived, request: str) -> list[str]:
    """'How does the accuracy change with the number of labels?': per strategy, the change from the smallest to the
    largest labelled set, its error the two sizes' errors in quadrature (conservative: both are scored on the same
    test jets, whose shared sampling error partly cancels in the change), and whether it is beyond twice that."""
    if not (LABEL_SCAN.search(request.lower()) or _SIZES_SWAPPED.search(request.lower())):
        return []
    out = []
    for i, r in enumerate(rows):
        by_strategy: dict[str, list[tuple[int, int, dict[str, Any]]]] = {}
        for j, v in enumerate(r["values"] if r.get("status") == "answered" else []):
            if "strategy" in v and "size" in v and v.get("err"):
                by_strategy.setdefault(v["strategy"], []).append((v["size"], j, v))
        for s, points in by_strategy.items():
            if len(points) < 2:
                continue
            (n0, _, v0), (n1, j, v1) = min(points, key=lambda p: p[0]), max(points, key=lambda p: p[0])
            v1["change"], v1["change_err"] = v1["value"] - v0["value"], math.hypot(v0["err"], v1["err"])
            beyond = abs(v1["change"]) > 2 * v1["change_err"]
            sign = "+" if v1["change"] > 0 else ""
            out.append(f"{r['described'].split(' (')[0]}, {s}: {sign}{d(v1['change'], 'asked', i, 'values', j, 'change')} ± "
                       f"{d(v1['change_err'], 'asked', i, 'values', j, 'change_err', digits=2)} from {n0} to {n1} "
                       "labelled jets, " + ("beyond twice its error" if beyond else "within twice its error: no significant change"))
    return [f"Verdict on the number of labels: {'; '.join(out)}."] if out else []


def _tagger_against_observable(rows: list[dict[str, Any]], d: Derived) -> list[str]:
    """'Is the top tagger better than a cut on tau32?': the trained tagger's AUC (its best strategy at the largest
    labelled set) against the observable's alone, beyond or within twice the two errors in quadrature (the observable's
    is measured on all jets of the two samples, the tagger's on its held-out test jets: few in common)."""
    tagger = [(i, j, v) for i, r in enumerate(rows) if r["quantity"]["metric"] == "auc" and r.get("status") == "answered"
              for j, v in enumerate(r["values"]) if "size" in v and v.get("err")]
    if not tagger:
        return []
    top = max(v["size"] for _, _, v in tagger)
    i, j, t = max((x for x in tagger if x[2]["size"] == top), key=lambda x: x[2]["value"])
    out = []
    for k, r in enumerate(rows):
        if r["quantity"]["metric"] != "observable_auc" or r.get("status") != "answered" or not r["values"][0].get("err"):
            continue
        o = r["values"][0]
        gap, err = t["value"] - o["value"], math.hypot(t["err"], o["err"])
        side = "above" if gap > 0 else "below"
        name = WORDS.get(r["quantity"]["observable"], (r["quantity"]["observable"],))[0]
        out.append(f"Verdict: the tagger ({t['strategy']}, {top} labelled jets: AUC {d(t['value'], 'asked', i, 'values', j, 'value')}) "
                   f"is {side} the {name} alone ({d(o['value'], 'asked', k, 'values', 0, 'value')}), "
                   + ("by more than twice the errors combined." if abs(gap) > 2 * err else
                      "but within twice the errors combined: not a significant difference."))
    return out


def _farthest_observable(rows: list[dict[str, Any]], d: Derived) -> list[str]:
    """'Which observable is most different between generated and real jets?': the W1 distances of one GPT's
    jets carry units of their own, so they are ranked in units of their floors (the distance between two
    halves of the real jets, which is also each distance's error). The floors are estimates from a few hundred
    jets themselves, so two ratios are told apart only when more than twice sqrt(2) apart and a factor 1.5."""
    ratios = [(i, k, v) for i, r in enumerate(rows) if r["quantity"]["metric"] == "w1" and r.get("status") == "answered"
              for k, v in enumerate(r["values"]) if v.get("n") == 1 and math.isfinite(v.get("ratio", math.nan))]
    if len(ratios) < 2:
        return []
    (i, k, a), (j, m, b) = sorted(ratios, key=lambda x: -x[2]["ratio"])[:2]
    first = f"the {WORDS[a['observable']][0]} ({d(a['ratio'], 'asked', i, 'values', k, 'ratio', digits=2)} times its floor)"
    other = f"the {WORDS[b['observable']][0]} ({d(b['ratio'], 'asked', j, 'values', m, 'ratio', digits=2)} times)"
    close = a["ratio"] - b["ratio"] <= 2 * math.sqrt(2) or a["ratio"] < 1.5 * b["ratio"]
    return [f"Verdict: in units of the statistical floor, {first} is the farthest from the real jets of the {len(ratios)} "
            f"observables, " + (f"but {other} is not told apart from it (within a factor 1.5, and the floors are "
                                "estimates themselves)." if close else f"ahead of {other}.")]


def _comparison_verdict(q: Any, values: list[Any]) -> str:
    """' Verdict: A and B agree / differ in METRIC at N labelled jets (p = ..)' for a head-to-head
    question, from the paired differences' own verdicts (words only: the numbers are cited above)."""
    diffs = [v for v in values if isinstance(v.extra.get("verdict"), str) and "−" in v.label]
    if not q.compare or not diffs:
        return ""
    a, b = q.compare
    parts = []
    for v in diffs:
        p = v.extra.get("p_value")
        size = v.extra.get("at", v.label.rsplit(", ", 1)[-1])
        same = p is None or p >= 0.05
        parts.append((f"{size}: " if size else "") +
                     f"{a} {'is consistent with' if same else ('above' if v.value > 0 else 'below')} {b}"
                     + ("" if p is not None else " (one seed: no test possible)"))
    test = diffs[0].extra.get("test", "paired over seeds")
    return f" Verdict on {q.metric}: " + "; ".join(parts) + f" ({test}, 5% level)."


def _signals_verdict(q: Any, values: list[Any]) -> str:
    """' Verdict: W jets are the easier to tag against QCD than top jets ...' for two signal classes each against QCD
    (their AUCs from one multi-class tagger, agents.measures.tagging): the gap counts where it is beyond twice the
    two errors in quadrature (conservative: both share the QCD test jets)."""
    groups: dict[tuple[Any, Any], list[Any]] = {}
    for v in values if q.metric == "auc" else []:
        if v.extra.get("cls") in CLASS_WORDS and v.err:
            groups.setdefault((v.extra.get("strategy"), v.extra.get("size")), []).append(v)
    said = []
    for (strategy, size), pair in groups.items():
        if len(pair) != 2:
            continue
        a, b = sorted(pair, key=lambda v: -v.value)
        x, y = (CLASS_WORDS[v.extra["cls"]] for v in (a, b))
        at = f" ({strategy}, {size} labelled jets)" if len(groups) > 1 else ""
        said.append(f"{x} jets are the easier to tag against QCD than {y} jets{at}: the AUC gap is beyond twice the "
                    "errors combined" if a.value - b.value > 2 * math.hypot(a.err, b.err) else
                    f"{x} jets have the higher AUC against QCD than {y} jets{at}, but the gap is within twice the errors "
                    "combined: not a significant difference")
    return " Verdict: " + "; ".join(said) + "." if said else ""


# how one value of a metric beats another: nearer zero, lower or higher (metrics without a better side are absent)
_BETTER = {"bias": "abs", "resolution": "low", "w1": "low", "dead_codes": "low", "accuracy": "high", "auc": "high",
           "rejection_at_efficiency": "high", "max_sic": "high", "sic_at_efficiency": "high", "codebook_usage": "high",
           "anomaly_auc": "high", "anomaly_max_sic": "high", "anomaly_sic_at_efficiency": "high",
           "calibration": "low"}
WHICH_ASKED = re.compile(r"\b(?:which|smaller|larger|lower|higher|better|worse|best|worst|wider|narrower)\b")
# a size word asks for a side even where the metric has no better one ('which has the wider mass peak?')
_SIDE_WORDS = {"smaller": "low", "lower": "low", "narrower": "low", "larger": "high", "higher": "high", "wider": "high"}


def _which_verdict(q: Any, values: list[Any], request: str) -> str:
    """' Verdict: bias smaller in magnitude with 1024 codes, ...' for a question that asks which of
    two to four measured values is smaller, larger or better, in words (the numbers are cited above): the side the
    request's own word names (bias: in magnitude), and whether the gap is beyond twice the two errors in quadrature
    (conservative where both were measured on the same jets). The sides are the label parts the request names ('256 or
    1024'); parts it does not name (the class of a tokenizer's jets) are groups, each compared on its own. Distances of
    different observables are no sides of one quantity (GeV against a ratio): `_farthest_observable` ranks those."""
    if q.metric == "likelihood_nll" and q.compare:
        return ""  # a likelihood's 'lower' is a higher NLL: `_likelihood_verdict` answers it in the question's sense
    req = request.lower()
    side_word = re.search(r"\b(smaller|lower|larger|higher|wider|narrower)\b", req)
    if not (2 <= len(values) and WHICH_ASKED.search(req)) or (q.metric not in _BETTER and not side_word) or \
            len({v.extra.get("observable") for v in values}) > 1 or \
            any(v.err is None or not math.isfinite(v.err) or v.err <= 0 or not math.isfinite(v.value) for v in values):
        return ""
    asked = set(re.findall(r"[a-z]{3,}|\d+|\b[wz]\b", req))
    alias = {"wqq": "w", "zqq": "z", "tbqq": "top"}  # the class named as the request names it ('W or Z')

    def named(x: str) -> bool:
        return bool({alias.get(w, w) for w in re.findall(r"[a-z]{3,}|\d+", x.lower())} & asked)

    parts = [v.label.split(", ") for v in values]
    own = [[x for x in p if not all(x in o for o in parts)] for p in parts]
    sides = [", ".join(x for x in o if named(x)) for o in own]
    groups: dict[str, list[int]] = {}
    for j, o in enumerate(own):
        groups.setdefault(", ".join(x for x in o if not named(x)), []).append(j)
    if any(not s for s in sides) or any(not 2 <= len(js) <= 4 or len({sides[j] for j in js}) < len(js) for js in groups.values()):
        return ""  # the sides must be the ones the request names ('256 or 1024'), not classes it never asked about
    sense = _BETTER.get(q.metric, "high")
    word = "better"
    if side_word:
        word = side_word.group(1)
        sense = ("abs" if sense == "abs" else "low") if _SIDE_WORDS[word] == "low" else "high"
    if sense == "abs" and word != "better":
        word += " in magnitude"
    key = {"abs": lambda v: abs(v.value), "low": lambda v: v.value, "high": lambda v: -v.value}[sense]
    said = []
    for group, js in groups.items():
        order = sorted(js, key=lambda j: key(values[j]))
        best, second = values[order[0]], values[order[1]]
        gap, err = abs(key(best) - key(second)), math.hypot(best.err, second.err)
        said.append(f"with {sides[order[0]]}" + (f" for {group}" if group else "")
                    + (f" than with any other of the {len(js)}" if len(js) > 2 else "")
                    + (", by more than twice the errors combined" if gap > 2 * err else
                       ", but the gap is within twice the errors combined: not a significant difference"))
    return f" Verdict: {q.metric.replace('_', ' ')} {word} " + "; ".join(said) + "."


def _likelihood_verdict(rows: list[dict[str, Any]], d: Derived, request: str) -> list[str]:
    """'Yes: top jets are less likely than QCD jets under the GPT trained on QCD jets ...' for a question that
    compares two classes' likelihoods: a lower likelihood is a higher NLL; the gap counts where it is beyond twice the
    two errors in quadrature (the classes' test jets are independent). The gap per token beside it says whether the
    difference outlives the number of constituents, which a summed NLL grows with. Yes or No only where the question
    asks a sense ('lower likelihood', 'less likely', 'a higher NLL'); otherwise it says which is the less likely."""
    req = request.lower()
    less, more = LESS_LIKELY.search(req), MORE_LIKELY.search(req)
    asked_less = bool(less) if bool(less) != bool(more) else None
    out = []
    for i, r in enumerate(rows):
        compare = r["quantity"].get("compare") or []
        values = r.get("values") or []
        if r["quantity"]["metric"] != "likelihood_nll" or len(compare) != 2 or r.get("status") != "answered":
            continue
        sides = [[(j, v) for j, v in enumerate(values) if v.get("cls") == c] for c in compare]
        if any(len(s) != 1 or not s[0][1].get("err") for s in sides):
            continue  # one value a class, with its error (several GPTs: each is cited above, no single verdict)
        (j, a), (_, b) = sides[0][0], sides[1][0]
        a["nll_gap"], a["nll_gap_err"] = a["value"] - b["value"], math.hypot(a["err"], b["err"])
        names = [CLASS_WORDS.get(v["cls"], v["cls"]) for v in (a, b)]
        first_less = a["nll_gap"] > 0
        lo, hi = (names[0], names[1]) if first_less else (names[1], names[0])
        beyond = abs(a["nll_gap"]) > 2 * a["nll_gap_err"]
        word = ("Not significantly" if not beyond else "" if asked_less is None else
                "Yes" if asked_less == first_less else "No")
        text = (f"{word}: " if word else "") + \
            (f"{lo} jets are less likely than {hi} jets under the GPT trained on {CLASS_WORDS.get(a['trained'], a['trained'])} "
             f"jets: their mean NLL is higher by " if beyond else
             f"the mean NLL of {names[0]} jets differs from that of {names[1]} jets by ") + \
            f"{d(abs(a['nll_gap']), 'asked', i, 'values', j, 'nll_gap')} ± " \
            f"{d(a['nll_gap_err'], 'asked', i, 'values', j, 'nll_gap_err', digits=2)} nats" + \
            ("" if beyond else ", within twice its error")
        if a.get("per_token_err") and b.get("per_token_err"):
            a["per_token_gap"] = a["per_token"] - b["per_token"]
            a["per_token_gap_err"] = math.hypot(a["per_token_err"], b["per_token_err"])
            gap_words = f"{d(abs(a['per_token_gap']), 'asked', i, 'values', j, 'per_token_gap')} ± " \
                f"{d(a['per_token_gap_err'], 'asked', i, 'values', j, 'per_token_gap_err', digits=2)} nats"
            tok_less = names[0] if a["per_token_gap"] > 0 else names[1]
            if abs(a["per_token_gap"]) <= 2 * a["per_token_gap_err"]:
                text += f"; per token the two agree ({gap_words})" + (
                    ": the gap is their numbers of constituents, which a summed NLL grows with" if beyond else "")
            elif not beyond:
                text += f"; but per token {tok_less} jets are the less likely (by {gap_words})"
            elif tok_less == lo:
                text += f"; per token they are the less likely too (by {gap_words}), so the gap is not only their " \
                        "numbers of constituents"
            else:
                text += f"; but per token they are the more likely (by {gap_words}): the summed gap comes from their " \
                        "larger number of constituents"
        out.append(text + ".")
    return out


def unanswered(analysis: dict[str, Any]) -> list[str]:
    """The asked (not default) quantities an analysis.json records as not answered, with why."""
    if not isinstance(analysis, dict):
        return []
    rows = (analysis.get("quantities") or {}).get("asked") or []
    families = analysis.get("not_read") or []
    return [f"{r.get('described')}: {r.get('reason')}" for r in rows
            if isinstance(r, dict) and r.get("status") != "answered" and not r.get("default")] + \
        [f"the {r.get('family')} result: {r.get('reason')}" for r in families if isinstance(r, dict)]


# -- a model's paragraph held to the asked quantities (agents.referee's typed claims) -----------
# catalogue metric -> the referee's quantity name of the same thing
_REFEREE_NAME = {"accuracy": "accuracy", "auc": "auc", "rejection_at_efficiency": "rejection",
                 "efficiency_at_rejection": "efficiency", "max_sic": "sic", "anomaly_max_sic": "sic",
                 "sic_at_efficiency": "sic", "anomaly_sic_at_efficiency": "sic",
                 "codebook_usage": "codebook_usage", "dead_codes": "codebook_usage", "perplexity": "perplexity",
                 "bias": "bias", "resolution": "resolution", "w1": "wasserstein", "generation_auc": "classifier_auc",
                 "likelihood_nll": "loss", "likelihood_auc": "auc", "anomaly_auc": "auc",
                 "anomaly_tpr_at_max_sic": "efficiency", "anomaly_efficiency_at_rejection": "efficiency",
                 "anomaly_rejection_at_efficiency": "rejection"}


def vet_model_words(words: str, given: list[str], derived: dict[str, Any]) -> tuple[str | None, str]:
    """(the paragraph, "") when each number it quotes stands for what the given lines say it is
    and it claims no asked quantity that was not answered; (None, why) otherwise."""
    from agents.referee.claims import extract

    def values(text: str) -> list[Any]:
        return [v for c in extract(text, "text") for v in c.values if v.quantity]

    known = values(" ".join(given))
    for v in values(words):
        same = [g for g in known if math.isclose(g.value, v.value, rel_tol=1e-3, abs_tol=1e-9)]
        if same and all(g.quantity != v.quantity for g in same):
            return None, (f"it quotes {v.shown} as {v.quantity.replace('_', ' ')}, which the results give as "
                          f"{same[0].quantity.replace('_', ' ')}")
    sizes = {g.value for g in known if g.quantity == "codebook_size"}
    for m in re.finditer(r"(\d+(?:\.\d+)?)\s+(?:of (?:the |its )?\d+ )?(?:codes?|tokens?|entries)\s+(?:are |were |is )?"
                         r"(?:actually )?(?:used|in use|active)\b|\buses? (?:all )?(\d+)\s+(?:codes?|tokens?)", words):
        n = float(m[1] or m[2])
        if n in sizes:  # the codebook size restated as the number of codes used
            return None, f"it gives the codebook size ({n:g}) as the number of codes in use"
    missing = [r for r in ((derived.get("quantities") or {}).get("asked") or [])
               if r.get("status") != "answered" and not r.get("default")]
    claimed = {v.quantity for v in values(words)}
    for r in missing:
        name = _REFEREE_NAME.get(str((r.get("quantity") or {}).get("metric")))
        if name and name in claimed:
            return None, f"it gives a value for {r.get('described')}, which was not computed ({r.get('reason')})"
        term = (r.get("quantity") or {}).get("unsupported")
        if term and _speaks_of_as_done(words, str(term)):
            return None, f"it speaks of {term} as computed, which it was not ({r.get('reason')})"
    return words, ""


_NEGATED = re.compile(r"\b(?:not|no|never|cannot|unable|without|unavailable|missing)\b|n't\b", re.I)


def _speaks_of_as_done(words: str, term: str) -> bool:
    """A sentence names the uncomputed quantity ('girth') and does not say it is missing: the
    1.5B model wrote 'The analysis report provides the mean jet girth of 300 top jets' when no
    girth was computed."""
    pattern = re.compile(rf"\b{re.escape(term)}\b", re.I)
    return any(pattern.search(s) and not _NEGATED.search(s) for s in re.split(r"(?<=[.!?])\s+", words))
