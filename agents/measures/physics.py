"""Readers of the tokenizer, generation and likelihood metrics."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from agents.measures.base import (
    _TQ_KEY,
    CLASS_NAMES,
    SPEC_CLASS,
    TOKENIZERS,
    WORDS,
    Ctx,
    Measured,
    Unavailable,
    call_args,
    seeds_estimate,
    with_stat_error,
)
from agents.reviewer_checks import FALLING_REL, OVERFIT_REL, overfits, read_inside
from agents.spec import Quantity
from agents.state import ToolCallRecord
from agents.stats import auc_stderr, median_stderr, width_stderr


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
        used, size, jets = cb.get("n_used"), cb.get("size"), doc.get("n_jets")
        count = (f"{used} of {size} codes used" + (f" on {jets} jets" if isinstance(jets, int) else "") + "; "
                 if isinstance(used, int) and isinstance(size, int) else "")  # "how many codes": the count itself
        rows.append(Measured(f"{what}, {name}", value, None, count + "one tokenizer training: no uncertainty over seeds",
                             unit, path, {"codebook_size": size, "n_jets": jets}))
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
            if stat == "bias":
                rows.append(Measured(f"{words} bias (median), {name}, {cls}", float(s["median"]),
                                     median_stderr(float(s["std"]), n), f"statistical, {n} entries", "",
                                     path, {"n": n}))
            else:  # half the 16-84% width
                w = float(s["width"])
                rows.append(Measured(f"{words} resolution (half the 16–84% width), {name}, {cls}", w,
                                     width_stderr(w, n), f"statistical, {n} entries", "", path,
                                     {"n": n, "bias": float(s["median"])}))
    if not rows:
        raise Unavailable(f"the token-quality metrics hold no {obs} for the class(es) asked")
    return rows


def read_bias(ctx: Ctx, q: Quantity) -> list[Measured]:
    return _resolution_rows(ctx, q, "bias")


def read_resolution(ctx: Ctx, q: Quantity) -> list[Measured]:
    return _resolution_rows(ctx, q, "resolution")


# -- generation (evaluate_generation) and likelihood (jet_likelihood): one call per GPT ----------
Run = tuple[ToolCallRecord, dict[str, Any], str]


def tokenizer_names(trained: list[ToolCallRecord]) -> dict[str, str]:
    """Tokenizer checkpoint -> its name ("conditional tokenizer, 512 codes"), from the
    train_tokenizer calls."""
    return {f"{call_args(c).get('out', '')}/best.pt":
            f"{call_args(c).get('kind', 'conditional')} tokenizer, {call_args(c).get('codebook_size', '?')} codes"
            for c in trained}


def _gpts(ctx: Ctx, tool: str, missing: str) -> list[tuple[str, list[Run]]]:
    """(call, metrics, path) of every GPT's call of the latest attempt, grouped by the tokenizer
    the GPT learned (a study comparing tokenizers trains one GPT per tokenizer, each with its
    seeds): [("", runs)] when there is one tokenizer, else [("<tokenizer name>", runs), ...]."""
    calls = ctx.calls(tool)
    if not calls:
        raise Unavailable(missing)
    made_by = {str(call_args(c).get("out", "")): str(call_args(c).get("tokenizer", "")) for c in ctx.calls("generate_jets")}
    groups: dict[str, list[Run]] = {}
    for c in calls:
        path = str(c.output.get("metrics_path", "")) if isinstance(c.output, dict) else ""
        a = call_args(c)
        tok = str(a.get("tokenizer") or "") if tool == "jet_likelihood" else made_by.get(str(a.get("generated", "")), "")
        groups.setdefault(tok, []).append((c, read_inside(ctx.workspace, path), path))
    if len(groups) == 1:
        return [("", next(iter(groups.values())))]
    names = tokenizer_names(ctx.calls("train_tokenizer"))
    return [(names.get(tok, tok.rsplit("/", 1)[0] or "?"), runs) for tok, runs in groups.items()]


def _of(name: str) -> str:
    """The label suffix of one tokenizer's GPT ("" when there is one)."""
    return f", GPT on the {name}" if name else ""


def _generations(ctx: Ctx) -> list[tuple[str, list[Run]]]:
    return _gpts(ctx, "evaluate_generation", "no generated jets were evaluated")


def _over_seeds(values: list[float], stat: list[float], one: str) -> tuple[float, float | None, str]:
    """One GPT: its value, the test set's error and `one` (how that error was obtained); several
    GPT seeds: the mean, the seeds' standard error and the test set's error in quadrature."""
    if len(values) == 1:
        return values[0], stat[0] if stat else None, one
    return with_stat_error(*seeds_estimate(values), stat)


def read_w1(ctx: Ctx, q: Quantity) -> list[Measured]:
    """W1 of the observable asked (every observable the metrics hold when none was named),
    against the floor between two halves of the real jets (over seeds: the mean of both)."""
    rows, per_gpt = [], {}
    for name, runs in _generations(ctx):
        keys = [q.observable] if q.observable else [k for k in WORDS if k in (runs[-1][1].get("w1") or {})]
        for obs in keys:
            try:
                w1 = [float(m["w1"][obs]) for _, m, _ in runs]
                floor = sum(float(m["w1_reference_halves"][obs]) for _, m, _ in runs) / len(runs)
            except (KeyError, TypeError, ValueError):
                raise Unavailable(f"the generation metrics hold no Wasserstein distance of {obs}") from None
            if len(w1) == 1:  # one GPT: the floor stands as the scale of the distance's noise
                mean, err, note = w1[0], floor, "uncertainty: the statistical floor, the distance between two halves of the real jets"
            else:
                mean, err, note = seeds_estimate(w1)
                note += f" (one GPT per seed); the floor between two halves of the real jets is {floor:.3g}"
            rows.append(Measured(f"Wasserstein-1 distance of the generated to the real {WORDS[obs][0]}{_of(name)}", mean,
                                 err, note, WORDS[obs][1], runs[-1][2],
                                 {"floor": floor, "ratio": mean / floor if floor > 0 else float("nan"), "n": len(w1),
                                  "observable": obs}))
            per_gpt.setdefault(obs, []).append((name, rows[-1]))
    if not rows:
        raise Unavailable("the generation metrics hold no Wasserstein distances")
    return rows + [_w1_difference(obs, gpts[0], other) for obs, gpts in per_gpt.items() if len(gpts) > 1
                   for other in gpts[1:]]


def closeness_verdict(z: float, later: str) -> str:
    """Whether the jets of the GPT on tokenizer `later` are farther from or closer to the real
    ones than the first GPT's, from z = (later - first) / error of a figure that grows with the
    distance (a W1, a classifier-test AUC); within 2 sigma: no measurable difference."""
    if abs(z) < 2:
        return f"no measurable difference at this size ({z:+.1f} sigma)"
    return f"the jets of the GPT on the {later} are {'farther from' if z > 0 else 'closer to'} the real ones ({z:+.1f} sigma)"


def _w1_difference(obs: str, first: tuple[str, Measured], other: tuple[str, Measured]) -> Measured:
    """'Is the generated tau21 closer to the real one with 8192 codes than with 512?': the W1 of
    a later tokenizer's GPT less the first's, their uncertainties in quadrature, and which is
    closer (within 2 sigma: no measurable difference)."""
    (a, ra), (b, rb) = first, other
    diff = rb.value - ra.value
    err = math.hypot(ra.err or 0.0, rb.err or 0.0)
    z = diff / err if err > 0 else float("nan")
    verdict = closeness_verdict(z, b) if err > 0 else "no uncertainty to hold it against"
    return Measured(f"difference of the {WORDS[obs][0]} Wasserstein-1 distance, {b} − {a}", diff, err if err > 0 else None,
                    f"uncertainties in quadrature: {verdict}", WORDS[obs][1], rb.source, {"z": z})


def read_ks(ctx: Ctx, q: Quantity) -> list[Measured]:
    """The two-sample Kolmogorov-Smirnov p-value of the observable asked (every jet-level one the
    metrics hold when none was named), with its distance D; one row per GPT (p-values of
    separate samples are not averaged)."""
    rows = []
    for name, runs in _generations(ctx):
        keys = [q.observable] if q.observable else [k for k in WORDS if k in (runs[-1][1].get("ks") or {})]
        for obs in keys:
            for i, (c, m, path) in enumerate(runs):
                try:
                    d, p = float(m["ks"][obs]["statistic"]), float(m["ks"][obs]["p_value"])
                except (KeyError, TypeError, ValueError):
                    why = ("a per-constituent observable has none: its constituents are not independent"
                           if obs.startswith("part_") else "an older session's metrics: rerun evaluate_generation")
                    raise Unavailable(f"the generation metrics hold no KS test of {obs} ({why})") from None
                n = int(c.output.get("n_jets", 0))
                seed = f", GPT seed {i}" if len(runs) > 1 else ""
                real = "real jets (tokenized)" if m.get("reference_kind") == "reconstructed" else "real jets"
                verdict = "p < 0.05, the two distributions differ" if p < 0.05 else "no difference detected at the 5% level"
                rows.append(Measured(f"KS test p-value, generated vs real {WORDS[obs][0]}{_of(name)}{seed}", p, None,
                                     f"D = {d:.3g} between the empirical distributions of {n} generated and {n} {real}; "
                                     f"{verdict}; one sample, so no error bar"
                                     + ("; conservative for the integer multiplicity" if obs == "n" else ""),
                                     "", path, {"statistic": d, "n": n}))
    if not rows:
        raise Unavailable("the generation metrics hold no KS tests (older sessions: rerun evaluate_generation)")
    return rows


def classifier_test_error(c: ToolCallRecord) -> float:
    """Hanley-McNeil error of a classifier-test AUC on its held-out jets (half generated, half
    real); a record without their count (older sessions) takes the 60/20/20 split's 20% of the
    2 x n_jets compared."""
    n = int(c.output.get("n_jets", 0))
    per_class = int(c.output.get("classifier_n_test") or 0) // 2 or round(0.2 * n)
    return auc_stderr(float(c.output.get("classifier_auc", float("nan"))), per_class or 1, per_class or 1)


def read_generation_auc(ctx: Ctx, q: Quantity) -> list[Measured]:
    rows = []
    for name, runs in _generations(ctx):
        aucs = [float(c.output.get("classifier_auc", float("nan"))) for c, _, _ in runs]
        stat = [classifier_test_error(c) for c, _, _ in runs]
        auc, err, note = _over_seeds(aucs, stat, "Hanley-McNeil")
        if err is not None and abs(auc - 0.5) < 2 * err:
            note += "; at chance: generated and real jets are indistinguishable"
        rows.append(Measured(f"generated-vs-real classifier AUC (0.5 = indistinguishable){_of(name)}", auc, err, note, "",
                             runs[-1][2], {"n": int(runs[-1][0].output.get("n_jets", 0)), "seeds": len(runs)}))
    return rows


def read_generated_mean(ctx: Ctx, q: Quantity) -> list[Measured]:
    """The mean of an observable over the generated and the real jets, and the generated one's
    shift from the real one with the errors in quadrature ('is the generated mass shifted?')."""
    obs = q.observable or "mass"
    rows = []
    for name, runs in _generations(ctx):
        try:
            means = [m["means"][obs] for _, m, _ in runs]
        except (KeyError, TypeError):
            raise Unavailable(f"the generation metrics hold no mean of {obs}") from None
        est: dict[str, tuple[float, float | None]] = {}
        for k in means[-1]:
            if len(runs) > 1:
                mean, err, note = seeds_estimate([float(m[k]) for m in means])
            else:  # one sample: the standard error of its mean, where the metrics keep the spread (jet-level observables)
                c, m, _ = runs[0]
                spread = m.get("stds")
                std = spread[obs].get(k) if isinstance(spread, dict) and isinstance(spread.get(obs), dict) else None
                n = int(c.output.get("n_jets", 0))
                mean, err, note = (float(means[0][k]), float(std) / math.sqrt(n), f"std / sqrt(n) of {n} jets") \
                    if isinstance(std, int | float) and n > 1 else (float(means[0][k]), None, "one sample: no uncertainty over seeds")
            est[k] = (mean, err)
            rows.append(Measured(f"mean {WORDS[obs][0]}, {k} jets{_of(name)}", mean, err, note, WORDS[obs][1], runs[-1][2]))
        keys = sorted(est, key=lambda k: k != "generated")
        if len(keys) == 2 and keys[0] == "generated" and all(e for _, e in est.values()):
            (a, ea), (b, eb) = est[keys[0]], est[keys[1]]
            err = math.hypot(ea, eb)  # type: ignore[arg-type]
            rows.append(Measured(f"mean {WORDS[obs][0]} shift, generated − {keys[1]} jets{_of(name)}", a - b, err,
                                 f"{abs(a - b) / err:.1f}σ from zero, the two errors in quadrature", WORDS[obs][1],
                                 runs[-1][2]))
    return rows


def read_generated_std(ctx: Ctx, q: Quantity) -> list[Measured]:
    """'Is the generated multiplicity distribution too narrow?': the standard deviation of an observable over the
    generated and the real jets (one sample: its Gaussian error std / sqrt(2 (n - 1)), which heavier tails make
    larger; several GPTs: their mean and standard error), and the generated one's ratio to the real one."""
    obs = q.observable or "mass"
    rows = []
    for name, runs in _generations(ctx):
        try:
            stds = [m["stds"][obs] for _, m, _ in runs]
        except (KeyError, TypeError):
            raise Unavailable(f"the generation metrics hold no standard deviation of {obs}") from None
        est: dict[str, tuple[float, float | None]] = {}
        for k in stds[-1]:
            if len(runs) > 1:
                value, err, note = seeds_estimate([float(s[k]) for s in stds])
            else:
                n = int(runs[0][0].output.get("n_jets", 0))
                value = float(stds[0][k])
                err, note = (value / math.sqrt(2 * (n - 1)), f"Gaussian: std / sqrt(2 (n - 1)) of {n} jets; heavier "
                             "tails make it larger") if n > 1 else (None, "one sample: no uncertainty over seeds")
            est[k] = (value, err)
            rows.append(Measured(f"standard deviation of the {WORDS[obs][0]}, {k} jets{_of(name)}", value, err, note,
                                 WORDS[obs][1], runs[-1][2]))
        keys = sorted(est, key=lambda k: k != "generated")
        if len(keys) == 2 and keys[0] == "generated" and all(e for _, e in est.values()) and est[keys[1]][0] > 0:
            (a, ea), (b, eb) = est[keys[0]], est[keys[1]]
            ratio = a / b
            err = ratio * math.hypot(ea / a, eb / b)  # type: ignore[operator]
            pull = (ratio - 1) / err
            said = ("the generated distribution is wider" if pull > 2 else "the generated distribution is narrower"
                    if pull < -2 else "within twice its error of 1: no difference in width")
            rows.append(Measured(f"ratio of the standard deviations of the {WORDS[obs][0]}, generated / {keys[1]} jets"
                                 f"{_of(name)}", ratio, err, f"the two errors in quadrature, relative; {said}", "",
                                 runs[-1][2], {"verdict": said}))
    return rows


def _likelihood(ctx: Ctx) -> list[tuple[str, list[Run]]]:
    groups = _gpts(ctx, "jet_likelihood", "no GPT trained on one class scored the test jets (the jet_likelihood step "
                                          "did not run)")
    if not all(doc.get("per_class") for _, runs in groups for _, doc, _ in runs):
        raise Unavailable("the likelihood metrics hold no class")
    return groups


def _mixed_in(ctx: Ctx) -> str:
    """' (with 6 top jets mixed into its 606 training jets, 1%)': what a GPT trained on a mixture learned
    from (agents.steps.mix_path), as the generate_data records say; "" for a GPT trained on one class."""
    made = {str(call_args(c).get("out", "")): c.output for c in ctx.calls("generate_data") if isinstance(c.output, dict)}
    mixed = [(k, v) for k, v in made.items() if k.endswith("_mix.root")]
    train = [v for k, v in made.items() if k.endswith("_train.root")]
    if not (mixed and train):
        return ""
    n, proc, total = int(mixed[0][1].get("n", 0)), mixed[0][1].get("process", "?"), sum(int(v.get("n", 0)) for v in train)
    return f" (with {n} {proc} jets mixed into its {n + total} training jets, {n / max(1, n + total):.2%})"


def read_likelihood_nll(ctx: Ctx, q: Quantity) -> list[Measured]:
    rows = []
    for name, runs in _likelihood(ctx):
        doc, path = runs[-1][1], runs[-1][2]
        trained = (doc.get("classes") or ["?"])[0]
        for cls, v in doc["per_class"].items():
            per = [d["per_class"][cls] for _, d, _ in runs]
            mean, err, note = _over_seeds([float(x["nll_mean"]) for x in per], [float(x["nll_stderr"]) for x in per],
                                          f"standard error of the mean, {v['n_jets']} jets")
            tok, tok_err, _ = _over_seeds([float(x["nll_per_token_mean"]) for x in per],
                                          [float(x.get("nll_per_token_stderr", math.nan)) for x in per], "")
            rows.append(Measured(f"mean per-jet NLL of {cls} test jets under the GPT trained on {trained} jets{_mixed_in(ctx)}{_of(name)}",
                                 mean, err, note, "nats", path,
                                 {"per_token": tok, "n": int(v["n_jets"]), "cls": SPEC_CLASS.get(cls, str(cls)),
                                  "trained": SPEC_CLASS.get(trained, str(trained))}
                                 | ({"per_token_err": tok_err} if tok_err is not None and math.isfinite(tok_err) else {})))
    return rows


def read_likelihood_auc(ctx: Ctx, q: Quantity) -> list[Measured]:
    rows = []
    for name, runs in _likelihood(ctx):
        for key, pair in (runs[-1][1].get("separation") or {}).items():
            for score, words in (("summed", "per-jet NLL"), ("per_token", "NLL per token")):
                try:
                    s = [d["separation"][key][score] for _, d, _ in runs]
                except (KeyError, TypeError):
                    raise Unavailable(f"a GPT seed's likelihood metrics hold no {key} separation") from None
                auc, err, note = _over_seeds([float(x["auc"]) for x in s], [float(x["auc_err"]) for x in s], "Hanley-McNeil")
                note += ("; at chance: the likelihood does not separate the classes" if abs(auc - 0.5) < 2 * (err or 0) else
                         "; below 0.5: the trained class's jets are the less likely ones (a summed NLL grows with the "
                         "number of constituents; the inverse score separates them)" if auc < 0.5 else "")
                rows.append(Measured(f"AUC of -({words}) of the GPT trained on {pair['positive']} jets{_mixed_in(ctx)}{_of(name)}, "
                                     f"{pair['positive']} vs {pair['negative']} test jets", auc, err, note, "", runs[-1][2],
                                     {"seeds": len(runs)}))
    if not rows:
        raise Unavailable("only one class was scored: no separation to measure")
    return rows


# -- training (the GPT's loss curves) ------------------------------------------------------------
def _losses(c: ToolCallRecord) -> tuple[list[int], list[float], list[float]]:
    """(epochs, training losses, validation losses) of a pretrain call's history: the rows that
    hold both as finite numbers (a planted or truncated row is skipped, never trusted)."""
    rows = c.output.get("history") if isinstance(c.output, dict) else None
    out: tuple[list[int], list[float], list[float]] = ([], [], [])
    for r in rows if isinstance(rows, list) else []:
        vals = [r.get(k) for k in ("epoch", "train_loss", "val_loss")] if isinstance(r, dict) else []
        if len(vals) == 3 and all(isinstance(v, int | float) and math.isfinite(v) for v in vals):
            for lst, v in zip(out, vals, strict=True):
                lst.append(v)
    return out


def read_overfitting(ctx: Ctx, q: Quantity) -> list[Measured]:
    """Is the GPT overfitting? Per pretraining run: the validation minus the training loss at the
    best epoch, and how far the validation loss rose after it, with the verdict the curves give
    (a validation loss that rises while the training loss falls is overfitting; one still
    falling at the last epoch is none)."""
    calls = [c for c in ctx.calls("pretrain") if isinstance(c.output, dict)]
    if not calls:
        raise Unavailable("no GPT was pretrained")
    rows = []
    for c in calls:
        epochs, train, val = _losses(c)
        if len(epochs) < 2:
            raise Unavailable("the pretraining history holds fewer than two epochs with both losses")
        of = f" ({call_args(c).get('out', '?')})" if len(calls) > 1 else ""
        best = c.output.get("best_epoch")
        b = epochs.index(best) if best in epochs else min(range(len(val)), key=val.__getitem__)
        last = len(val) - 1
        rise, fell = val[last] - val[b], train[b] - train[last]
        if b == last:  # still falling by the reviewer's threshold, or flattened at its lowest
            trend = ("still falling at the last epoch" if val[last] < val[last - 1] * (1 - FALLING_REL) else
                     "lowest at the last epoch, where it had flattened")
            verdict = f"no sign of overfitting: the validation loss was {trend} ({val[last - 1]:.4g} -> {val[last]:.4g})"
        elif fell > 0:  # overfitting by the reviewer's own rule (its check stands in the same report), else a slight rise
            kind = "overfitting" if overfits(val, train, b) else f"slight overfitting, within the reviewer's {OVERFIT_REL:.0%}"
            verdict = (f"{kind}: after epoch {epochs[b] + 1} the validation loss rose by {rise:.3g} ({rise / val[b]:.1%}) while the "
                       f"training loss fell by {fell:.3g}; best.pt keeps epoch {epochs[b] + 1}"
                       + (" (training stopped early)" if c.output.get("stopped_early") else ""))
        else:
            verdict = (f"not overfitting: after epoch {epochs[b] + 1} the training loss stopped falling too (a plateau, "
                       f"or a learning rate too large)")
        how = ("one training run: no uncertainty; the training loss is the mean over the epoch's batches, taken while "
               "the weights change")
        rows.append(Measured(f"GPT validation loss after its best epoch, last − best{of}", rise, None,
                             f"{verdict}; one training run: no uncertainty", "nats per token",
                             str(c.output.get("best_path", "")), {"verdict": verdict.split(":")[0]}))
        rows.append(Measured(f"GPT validation − training loss at its best epoch (epoch {epochs[b] + 1} of {epochs[last] + 1}){of}",
                             val[b] - train[b], None, how, "nats per token", str(c.output.get("best_path", "")),
                             {"epoch": epochs[b] + 1, "epochs": epochs[last] + 1}))
    return rows
