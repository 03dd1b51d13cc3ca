"""Readers of the tokenizer, generation and likelihood metrics."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from agents.measures.base import (
    _TQ_KEY,
    CLASS_NAMES,
    TOKENIZERS,
    WORDS,
    Ctx,
    Measured,
    Unavailable,
    call_args,
)
from agents.reviewer_checks import read_inside
from agents.spec import Quantity
from agents.state import ToolCallRecord
from agents.stats import auc_stderr


# -- tokenizer (token_quality) -----------------------------------------------------------------
def _token_docs(ctx: Ctx, q: Quantity) -> list[tuple[str, dict[str, Any], str]]:
    """(tokenizer name, token-quality metrics, path) of each tokenizer asked (all when none)."""
    calls = ctx.calls("token_quality")
    if not calls:
        raise Unavailable("no token-quality evaluation ran")
    kinds = {str(call_args(c).get("out", "")): call_args(c) for c in ctx.calls("train_tokenizer")}
    out = []
    for c in calls:
        tok = str(call_args(c).get("tokenizer", "")).rsplit("/", 1)[0]
        a = kinds.get(tok, {})
        kind = str(a.get("kind", "conditional"))
        want = [s for s in (q.compare or ([q.subject] if q.subject else [])) if s in TOKENIZERS]
        if want and kind not in want:
            continue
        path = f"{call_args(c).get('out', '')}/metrics.json"
        doc = read_inside(ctx.workspace, path)
        if doc:
            out.append((f"{kind} tokenizer, {a.get('codebook_size', '?')} codes", doc, path))
    if not out:
        raise Unavailable("no token-quality result for the tokenizer(s) asked")
    return out


def _codebook(ctx: Ctx, q: Quantity, key: str, what: str, unit: str,
              fn: Callable[[dict[str, Any]], float] | None = None) -> list[Measured]:
    rows = []
    for name, doc, path in _token_docs(ctx, q):
        cb = doc.get("codebook") or {}
        if fn is None and key not in cb:
            raise Unavailable(f"the token-quality metrics hold no codebook {key}")
        value = fn(cb) if fn else float(cb[key])
        rows.append(Measured(f"{what}, {name}", value, None, "one tokenizer training: no uncertainty over seeds",
                             unit, path, {"codebook_size": cb.get("size"), "n_jets": doc.get("n_jets")}))
    return rows


def read_usage(ctx: Ctx, q: Quantity) -> list[Measured]:
    return _codebook(ctx, q, "usage", "fraction of the codebook in use", "")


def read_dead(ctx: Ctx, q: Quantity) -> list[Measured]:
    return _codebook(ctx, q, "n_used", "dead codes (never used on the evaluation jets)", "codes",
                     lambda cb: float(int(cb["size"]) - int(cb["n_used"])))


def read_perplexity(ctx: Ctx, q: Quantity) -> list[Measured]:
    return _codebook(ctx, q, "perplexity", "codebook perplexity", "codes")


def _resolution_rows(ctx: Ctx, q: Quantity, stat: str) -> list[Measured]:
    obs = q.observable or "mass"
    tq_key = _TQ_KEY.get(obs, obs)
    if obs == "n":
        raise Unavailable("the multiplicity is kept exactly by tokenization (one token per constituent): "
                          "it has no bias or resolution")
    rows = []
    for name, doc, path in _token_docs(ctx, q):
        for cls, v in (doc.get("per_class") or {}).items():
            if q.subject in CLASS_NAMES and CLASS_NAMES[q.subject] != cls:
                continue
            s = ((v.get("constituents") if obs.startswith("part_") else v.get("jet")) or {}).get(tq_key)
            if not isinstance(s, dict) or not isinstance(s.get("median"), int | float):
                continue
            n = max(int(s.get("n", 0)), 2)
            how = (doc.get("definitions") or {}).get(tq_key, "")
            words = f"{WORDS[obs][0]} ({how or 'reco - truth'})"
            if stat == "bias":  # the median; its standard error ~ 1.2533 sigma / sqrt(n)
                rows.append(Measured(f"{words} bias (median), {name}, {cls}", float(s["median"]),
                                     1.2533 * float(s["std"]) / math.sqrt(n), f"statistical, {n} entries", "",
                                     path, {"n": n}))
            else:  # half the 16-84% width; its standard error ~ width / sqrt(2 (n - 1))
                w = float(s["width"])
                rows.append(Measured(f"{words} resolution (half the 16–84% width), {name}, {cls}", w,
                                     w / math.sqrt(2 * (n - 1)), f"statistical, {n} entries", "", path,
                                     {"n": n, "bias": float(s["median"])}))
    if not rows:
        raise Unavailable(f"the token-quality metrics hold no {obs} for the class(es) asked")
    return rows


def read_bias(ctx: Ctx, q: Quantity) -> list[Measured]:
    return _resolution_rows(ctx, q, "bias")


def read_resolution(ctx: Ctx, q: Quantity) -> list[Measured]:
    return _resolution_rows(ctx, q, "resolution")


# -- generation (evaluate_generation) ---------------------------------------------------------
def _generation(ctx: Ctx) -> tuple[ToolCallRecord, dict[str, Any], str]:
    ev = ctx.calls("evaluate_generation")
    if not ev:
        raise Unavailable("no generated jets were evaluated")
    path = str(ev[-1].output.get("metrics_path", "")) if isinstance(ev[-1].output, dict) else ""
    return ev[-1], read_inside(ctx.workspace, path), path


def read_w1(ctx: Ctx, q: Quantity) -> list[Measured]:
    """W1 of the observable asked (every observable the metrics hold when none was named)."""
    _, m, path = _generation(ctx)
    keys = [q.observable] if q.observable else [k for k in WORDS if k in (m.get("w1") or {})]
    rows = []
    for obs in keys:
        try:
            w1, floor = float(m["w1"][obs]), float(m["w1_reference_halves"][obs])
        except (KeyError, TypeError, ValueError):
            raise Unavailable(f"the generation metrics hold no Wasserstein distance of {obs}") from None
        rows.append(Measured(f"Wasserstein-1 distance of the generated to the real {WORDS[obs][0]}", w1, floor,
                             "the distance between two halves of the real jets (the statistical floor)",
                             WORDS[obs][1], path, {"floor": floor, "ratio": w1 / floor if floor > 0 else float("nan")}))
    if not rows:
        raise Unavailable("the generation metrics hold no Wasserstein distances")
    return rows


def read_generation_auc(ctx: Ctx, q: Quantity) -> list[Measured]:
    c, _, path = _generation(ctx)
    auc, n = float(c.output.get("classifier_auc", float("nan"))), int(c.output.get("n_jets", 0))
    err = auc_stderr(auc, n // 2 or 1, n // 2 or 1)
    note = "Hanley-McNeil" + ("; at chance: generated and real jets are indistinguishable" if abs(auc - 0.5) < 2 * err else "")
    return [Measured("generated-vs-real classifier AUC (0.5 = indistinguishable)", auc, err, note, "", path, {"n": n})]


def read_generated_mean(ctx: Ctx, q: Quantity) -> list[Measured]:
    _, m, path = _generation(ctx)
    obs = q.observable or "mass"
    try:
        means = m["means"][obs]
    except (KeyError, TypeError):
        raise Unavailable(f"the generation metrics hold no mean of {obs}") from None
    return [Measured(f"mean {WORDS[obs][0]}, {k} jets", float(v), None, "one sample: no uncertainty over seeds",
                     WORDS[obs][1], path) for k, v in means.items()]


# -- class separation by likelihood (jet_likelihood) ---------------------------------------------
def _likelihood(ctx: Ctx) -> tuple[dict[str, Any], str]:
    calls = ctx.calls("jet_likelihood")
    if not calls:
        raise Unavailable("no GPT trained on one class scored the test jets (the jet_likelihood step did not run)")
    path = str(calls[-1].output.get("metrics_path", "")) if isinstance(calls[-1].output, dict) else ""
    doc = read_inside(ctx.workspace, path)
    if not doc.get("per_class"):
        raise Unavailable("the likelihood metrics hold no class")
    return doc, path


def read_likelihood_nll(ctx: Ctx, q: Quantity) -> list[Measured]:
    doc, path = _likelihood(ctx)
    trained = (doc.get("classes") or ["?"])[0]
    return [Measured(f"mean per-jet NLL of {cls} test jets under the GPT trained on {trained} jets", float(v["nll_mean"]),
                     float(v["nll_stderr"]), f"standard error of the mean, {v['n_jets']} jets", "nats", path,
                     {"per_token": float(v["nll_per_token_mean"]), "n": int(v["n_jets"])})
            for cls, v in doc["per_class"].items()]


def read_likelihood_auc(ctx: Ctx, q: Quantity) -> list[Measured]:
    doc, path = _likelihood(ctx)
    rows = []
    for pair in (doc.get("separation") or {}).values():
        for score, words in (("summed", "per-jet NLL"), ("per_token", "NLL per token")):
            s = pair[score]
            auc, err = float(s["auc"]), float(s["auc_err"])
            note = "Hanley-McNeil" + ("; at chance: the likelihood does not separate the classes"
                                      if abs(auc - 0.5) < 2 * err else
                                      "; below 0.5: the trained class's jets are the less likely ones (a summed NLL "
                                      "grows with the number of constituents; the inverse score separates them)"
                                      if auc < 0.5 else "")
            rows.append(Measured(f"AUC of -({words}) of the GPT trained on {pair['positive']} jets, {pair['positive']} "
                                 f"vs {pair['negative']} test jets", auc, err, note, "", path))
    if not rows:
        raise Unavailable("only one class was scored: no separation to measure")
    return rows
