"""Deterministic physics and ML checks on one step's tool outputs.

The checks read the tool outputs and the JSON files they point to (metrics, histories) and
look for the quantities by name, so they work for any tool that reports them:
loss curves (`val_loss`/`train_loss` lists), accuracies, AUCs, SIC background counts,
generated vs reference multiplicity, spreads over seeds, and plots that should exist.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.state import Check, Remedy, ToolCallRecord
from tools.workspace import read_json_inside

FALLING_REL = 0.005  # last epoch improved the val loss by > 0.5 % of its value: not converged
OVERFIT_REL = 0.10  # val loss ends 10 % above its minimum while train loss kept falling
CHANCE_MARGIN = 0.02
MIN_SIC_BKG = 10  # background events left at the max-SIC working point
MULT_REL = 0.25  # generated mean multiplicity within 25 % of the reference
SEED_SPREAD = 0.05  # std over seeds of an accuracy / AUC
# |median relative bias| (reco - truth) / truth of each jet observable the token-quality step
# measures (per_class.<class>.jet.<observable>.median), above which the tokens misdescribe the
# jets so much that every later step inherits it (a defect), and why. Medians of the generated
# jets (500 < pT < 1000 GeV): top mass 175 GeV, tau21 0.48 (QCD 0.64), tau32 0.47 (QCD 0.82).
TOKEN_BIAS: dict[str, tuple[float, str]] = {
    "mass": (0.20, "a jet-mass peak (top 175, Z 91, W 80 GeV) moves by more than a fifth, past the next one "
                   "or into the QCD bulk, so mass windows select other jets"),
    "pt": (0.10, "jets move across the 500-1000 GeV generation window and every pT cut"),
    "tau21": (0.33, "a shift as large as the gap between the top and QCD medians (33%): the tokens no longer "
                    "tell the classes apart by tau21"),
    "tau32": (0.75, "a shift as large as the gap between the top and QCD medians (75%), and tau32 is what "
                    "separates three-prong top jets from QCD"),
}
# above this |bias| the substructure is blurred though still usable: a limitation to state
TOKEN_BIAS_NOTE = 0.05
# 'does the tokenizer keep the n-subjettiness?', 'do the tokens preserve the mass?': a yes or no per observable
# (asked: 'keep 1000 jets for testing' is an instruction)
KEEP_ASKED = re.compile(r"\b(?:does|do|did|is|are|was|were|can|will|how well)\b[^.;?]{0,60}?\b(?:keeps?|kept|preserv\w*|"
                        r"retain\w*|conserv\w*|los(?:e|es|t|ing)|destroy\w*|wash\w* out|surviv\w*)\b", re.I)
TOKEN_REMEDY = ("train the tokenizer longer (more epochs or jets); if its loss has flattened, a larger "
                "codebook or preset")
MIN_USAGE = 0.10  # fraction of the codebook in use: below it, the codebook has collapsed
MIN_SR_EVENTS = 100  # test events in the signal region behind an anomaly AUC
LONGER = Remedy(epochs=2)


def _walk(obj: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted key, value) of every non-dict node; lists are yielded whole and their dict items
    are walked too (`table[0].accuracy_mean`)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _walk(v, f"{prefix}.{k}" if prefix else str(k))
        return
    yield prefix, obj
    if isinstance(obj, list) and len(obj) <= 1000:
        for i, v in enumerate(obj):
            if isinstance(v, dict):
                yield from _walk(v, f"{prefix}[{i}]")


def strings(obj: Any) -> Iterator[str]:
    """Every string in nested dicts and lists (paths of files a tool wrote)."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings(v)


def gather(calls: list[ToolCallRecord], workspace: Path) -> dict[str, Any]:
    """Outputs of the step's successful calls plus the JSON files they name, as one dict."""
    found: dict[str, Any] = {}
    for c in calls:
        if not c.ok:
            continue
        found[f"{c.tool}#{c.id}"] = c.output
        for v in strings(c.output):
            if v.endswith(".json") and (doc := read_inside(workspace, v)):
                found[v] = doc
    return found


def read_inside(workspace: Path, rel: str) -> dict[str, Any]:
    """A JSON file a tool named, read only if it lies inside the workspace as a plain file (a
    sandboxed job may plant absolute paths, `..` or symlinks in its outputs): the agents' one
    safe-read path, tools.workspace.read_json_inside ({} when it cannot be trusted)."""
    return read_json_inside(workspace, rel)


def _leaf(key: str) -> str:
    return key.rsplit(".", 1)[-1].lower()


def _curves(data: dict[str, Any], name: str) -> list[tuple[str, list[float]]]:
    """Loss curves: lists of numbers under a key, or lists of per-epoch dicts holding the key."""
    out = []
    for key, v in _walk(data):
        if isinstance(v, list) and len(v) >= 2:
            if _leaf(key) == name and all(isinstance(x, int | float) for x in v):
                out.append((key, [float(x) for x in v]))
            elif all(isinstance(x, dict) and isinstance(x.get(name), int | float) for x in v):
                out.append((f"{key}[].{name}", [float(x[name]) for x in v]))
    return out


def _scalars(data: dict[str, Any], *names: str) -> list[tuple[str, float]]:
    return [
        (k, float(v)) for k, v in _walk(data)
        if _leaf(k) in names and "history" not in k.lower() and isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
    ]


def overfits(val: list[float], train: list[float], best: int) -> bool:
    """The validation loss ends OVERFIT_REL above its best epoch's while the training loss kept falling."""
    return val[-1] > val[best] * (1 + OVERFIT_REL) and train[-1] < train[best]


def check_convergence(data: dict[str, Any]) -> list[Check]:
    checks = []
    for key, val in _curves(data, "val_loss"):
        falling = val[-1] < min(val[:-1]) * (1 - FALLING_REL)
        checks.append(Check(
            name="train_longer", passed=not falling, kind="limitation", remedy=LONGER if falling else None,
            message=f"{key}: validation loss still falling at the last epoch ({val[-2]:.4g} -> {val[-1]:.4g})"
            if falling else f"{key}: validation loss flattened ({val[-1]:.4g}, best {min(val):.4g})",
        ))
        # the train curve stored next to this val curve (same key with train_ in place of val_)
        trains = [t for k, t in _curves(data, "train_loss") if k.replace("train_loss", "val_loss") == key]
        if trains and len(trains[0]) == len(val):
            train, best = trains[0], int(min(range(len(val)), key=val.__getitem__))
            over = overfits(val, train, best)
            checks.append(Check(
                name="overfitting", passed=not over, kind="limitation",
                message=f"{key}: val loss {val[-1]:.4g} is {val[-1] / val[best] - 1:.0%} above its best {val[best]:.4g} at epoch {best + 1} while train loss keeps falling; the best epoch is used"
                if over else f"{key}: no over-fitting",
            ))
    return checks


def check_classifier(data: dict[str, Any], n_classes: int = 2) -> list[Check]:
    """A tagger at chance or below is a result to interpret, not a bug to send back."""
    checks = []
    chance = 1.0 / n_classes
    for key, acc in _scalars(data, "accuracy", "acc", "test_accuracy", "accuracy_mean"):
        if "generat" in key or "classifier_test" in key:
            continue  # a generated-vs-real classifier at chance is the goal, not a failure
        at_chance = acc <= chance + CHANCE_MARGIN
        checks.append(Check(name="accuracy_above_chance", passed=not at_chance, kind="finding",
                            message=f"{key} = {acc:.3f} (chance {chance:.2f})",
                            interpretation="the classifier does not separate the classes with this input and "
                            "training set: either the classes are alike in what it sees (e.g. W vs Z jets of similar "
                            "mass after tokenization) or the training set is too small to learn the difference"
                            if at_chance else ""))
    for key, auc in _scalars(data, "auc", "roc_auc", "test_auc", "auc_mean"):
        if "generat" in key or "classifier_test" in key or "cwola" in key.lower() or "unsupervised" in key.lower():
            continue  # anomaly scores are judged against their control (check_anomaly)
        below = auc < 0.5
        checks.append(Check(name="auc_above_half", passed=not below, kind="finding", message=f"{key} = {auc:.3f}",
                            interpretation="an AUC below 0.5 means the score ranks background above signal: the "
                            "inverse score separates them" if below else ""))
    return checks


def check_sic(data: dict[str, Any]) -> list[Check]:
    checks = []
    for key, n in _scalars(data, "n_bkg", "n_bkg_at_max_sic", "bkg_events", "max_sic_n_bkg", "n_background"):
        bad = n < MIN_SIC_BKG
        checks.append(Check(name="sic_background", passed=not bad, kind="defect", remedy=Remedy(events=2) if bad else None,
                            message=f"{key} = {n:.0f} background events at the SIC working point (need >= {MIN_SIC_BKG})"))
    return checks


def check_anomaly(data: dict[str, Any]) -> list[Check]:
    """Enough events for the precision claimed, the control present, and the likelihood's
    direction interpreted."""
    checks: list[Check] = []
    for key, n in _scalars(data, "n_test_sr"):
        few = n < MIN_SR_EVENTS
        checks.append(Check(name="anomaly_statistics", passed=not few, kind="defect",
                            remedy=Remedy(events=2) if few else None,
                            message=f"{key} = {n:.0f} test events in the signal region (need >= {MIN_SR_EVENTS} "
                            "for an AUC known to better than about +-0.1)"))
    for key, v in _walk(data):
        if key.endswith("cwola") and isinstance(v, dict) and v:
            has_control = any(_is_zero(f) for f in v)
            checks.append(Check(name="no_signal_control", passed=has_control, kind="defect",
                                remedy=None, message=f"{key}: no-signal control {'present' if has_control else 'missing'}"))
    for key, auc in _scalars(data, "unsupervised_auc"):
        if auc < 0.5:
            checks.append(Check(name="likelihood_direction", passed=False, kind="finding",
                                message=f"{key} = {auc:.3f}: signal events are MORE likely under the background-trained GPT",
                                interpretation="the W' -> XY signal jets have fewer constituents than QCD jets of the "
                                "same mass, and a shorter token sequence has a higher likelihood; the likelihood as "
                                "trained is not an anomaly score for this signal (its inverse is, by accident)"))
    return checks


def _is_zero(key: str) -> bool:
    try:
        return float(key) == 0.0
    except ValueError:
        return False


@dataclass(frozen=True)
class LossBound:
    """A GPT's validation loss that a uniform guess bounds, that bound (nats), the guess in words,
    what the loss is, and its path in the pretrain tool's output."""
    loss: float
    uniform: float
    guess: str
    what: str
    path: tuple[str | int, ...]


def loss_against_uniform(output: dict[str, Any], config: dict[str, Any]) -> LossBound | None:
    """The pretraining loss a uniform guess bounds: the validation loss of a next-token GPT
    (against ln(K + 1): the codes and stop), the next-token term of a joint one at its best epoch
    (its total adds the masked-particle term, so it exceeds ln(K + 1) while learning), the loss of
    a masked one (against ln K: a masked particle is one of the codes). None when unreadable."""
    k, objective, loss = config.get("codebook_size"), config.get("objective", "next-token"), output.get("best_val_loss")
    if not isinstance(k, int) or k < 2 or not isinstance(loss, int | float):
        return None
    if objective == "joint":
        rows = [(j, r) for j, r in enumerate(output.get("history") or [])
                if isinstance(r, dict) and all(isinstance(r.get(x), int | float) for x in ("val_loss", "val_ntp_loss"))]
        if not rows:
            return None
        j, best = min(rows, key=lambda jr: jr[1]["val_loss"])  # the best epoch's
        return LossBound(float(best["val_ntp_loss"]), math.log(k + 1), f"{k} codes + stop",
                         "next-token validation loss (one term of its joint loss)", ("history", j, "val_ntp_loss"))
    if objective == "masked":
        return LossBound(float(loss), math.log(k), f"{k} codes (a masked particle's code)", "validation loss",
                         ("best_val_loss",))
    return LossBound(float(loss), math.log(k + 1), f"{k} codes + stop", "validation loss", ("best_val_loss",))


def check_gpt_loss(calls: list[ToolCallRecord], workspace: Path) -> list[Check]:
    """A GPT is useful only if it predicts better than a uniform guess (`loss_against_uniform`)."""
    checks = []
    for c in calls:
        if not c.ok or c.tool != "pretrain" or not isinstance(c.args, dict):
            continue
        cfg = read_inside(workspace, f"{c.args.get('out', '')}/metrics.json").get("config", {})
        b = loss_against_uniform(c.output, cfg if isinstance(cfg, dict) else {})
        if b is None:
            continue
        bad = b.loss >= b.uniform * 0.98
        checks.append(Check(name="gpt_beats_uniform", passed=not bad, kind="defect", remedy=LONGER if bad else None,
                            message=f"GPT {b.what} {b.loss:.3f} vs {b.uniform:.3f} for a uniform guess over "
                            f"{b.guess} ({'no better' if bad else f'{1 - b.loss / b.uniform:.0%} better'})"))
    return checks


def check_token_quality(data: dict[str, Any]) -> list[Check]:
    """The tokens keep every jet observable the token-quality step measures (a large bias makes
    every later step wrong) and the tokenizer uses its codebook; the resolution itself is a
    finding about information lost in tokenization."""
    checks = [check_token_bias(key[: -len(".median")], bias, dict(_scalars(data, "width")))
              for key, bias in _scalars(data, "median")
              if _jet_observable(key) in TOKEN_BIAS]
    for key, usage in _scalars(data, "usage"):
        if "codebook" not in key:
            continue
        bad = usage < MIN_USAGE
        checks.append(Check(name="codebook_usage", passed=not bad, kind="defect", remedy=LONGER if bad else None,
                            message=f"{key} = {usage:.1%} of the codes in use" + (" (collapsed)" if bad else "")))
    return checks


def _jet_observable(key: str) -> str:
    """'mass' for '<...>.jet.mass.median' (a token-quality summary), '' for any other key."""
    parts = key.rsplit(".", 3)
    return parts[-2] if len(parts) == 4 and parts[-3] == "jet" else ""


def token_bias_grade(obs: str, bias: float) -> int:
    """What tokenization did to a jet observable, by its median relative bias: 0 kept (within TOKEN_BIAS_NOTE),
    1 blurred (a limitation), 2 lost (past TOKEN_BIAS[obs], a defect)."""
    return 2 if abs(bias) > TOKEN_BIAS[obs][0] else 1 if abs(bias) > TOKEN_BIAS_NOTE else 0


def kept_reason(grades: list[tuple[int, str]]) -> str:
    """Why (grade, observable) pairs of `token_bias_grade` say the tokens keep, blur or lose what was asked."""
    worst = max(g for g, _ in grades)
    if worst == 0:
        return f"each within {TOKEN_BIAS_NOTE:.0%} of the truth, kept"
    if worst == 1:
        limits = ", ".join(f"{TOKEN_BIAS[k][0]:.0%} for {k}" for k in dict.fromkeys(k for g, k in grades if g))
        return (f"more than {TOKEN_BIAS_NOTE:.0%} off, blurred, though short of the limits past which the tokens "
                f"misdescribe the jets ({limits})")
    lost = next(k for g, k in grades if g == 2)
    return f"past the {TOKEN_BIAS[lost][0]:.0%} limit for {lost}: {TOKEN_BIAS[lost][1]}"


def check_token_bias(key: str, bias: float, widths: dict[str, float]) -> Check:
    """One observable's median relative bias after tokenization (key: <...>.jet.<observable>)."""
    obs = key.rsplit(".", 1)[-1]
    limit, why = TOKEN_BIAS[obs]
    width = widths.get(key + ".width", float("nan"))
    text = f"{key}: median relative {obs} bias {bias:+.1%} after tokenization, resolution {width:.1%}"
    grade = token_bias_grade(obs, bias)
    if grade == 2:
        return Check(name=f"token_{obs}_bias", passed=False, kind="defect", remedy=LONGER,
                     message=f"{text} (above {limit:.0%}: {why}); remedy: {TOKEN_REMEDY}")
    if grade == 1:
        return Check(name=f"token_{obs}_bias", passed=False, kind="limitation",
                     message=f"{text}: the tokens blur it (above {TOKEN_BIAS_NOTE:.0%}, below the "
                     f"{limit:.0%} that would make it unusable); remedy: {TOKEN_REMEDY}")
    return Check(name=f"token_{obs}_bias", passed=True, kind="defect", message=text)


def check_multiplicity(data: dict[str, Any]) -> list[Check]:
    gen = dict(_scalars(data, "n_mean_generated", "mean_n_generated", "gen_n_mean"))
    ref = dict(_scalars(data, "n_mean_reference", "mean_n_reference", "ref_n_mean"))
    for k, v in _walk(data):  # {"means": {"n": {"generated": .., "reconstructed" | "reference": ..}}}
        if isinstance(v, int | float) and k.endswith(".n.generated"):
            gen.setdefault(k, float(v))
        elif isinstance(v, int | float) and k.endswith((".n.reconstructed", ".n.reference")):
            ref.setdefault(k, float(v))
    if not gen or not ref:
        return []
    (kg, g), (kr, r) = next(iter(gen.items())), next(iter(ref.items()))
    bad = abs(g - r) > MULT_REL * max(r, 1e-9)
    return [Check(name="multiplicity", passed=not bad, kind="limitation",
                  message=f"generated mean multiplicity {g:.1f} ({kg}) vs reference {r:.1f} ({kr})"
                  + (": the backbone has not learned when to stop; pretraining longer (an earlier step) would help" if bad else ""))]


def check_seed_spread(data: dict[str, Any]) -> list[Check]:
    checks = []
    for key, s in _scalars(data, "accuracy_std", "acc_std", "auc_std"):
        bad = s > SEED_SPREAD
        checks.append(Check(name="seed_spread", passed=not bad, kind="limitation", remedy=Remedy(seeds=2) if bad else None,
                            message=f"{key} = {s:.3f} over seeds"))
    for key, n in _scalars(data, "n_seeds"):
        if n < 2:
            checks.append(Check(name="one_seed", passed=False, kind="limitation", remedy=Remedy(seeds=1),
                                message=f"{key} = 1: one seed, no uncertainty over seeds"))
            break
    return checks


def check_plots(calls: list[ToolCallRecord], workspace: Path, expect_plots: bool) -> list[Check]:
    plots = list(dict.fromkeys(v for c in calls if c.ok for v in strings(c.output)
                               if v.lower().endswith((".png", ".pdf", ".svg"))))
    missing = [p for p in plots if not (workspace / p).is_file() and not Path(p).is_file()]
    if missing:
        return [Check(name="plots_exist", passed=False, message=f"plot files missing: {', '.join(missing)}")]
    if expect_plots and not plots:
        return [Check(name="plots_exist", passed=False, message="the step promised plots and made none")]
    return [Check(name="plots_exist", passed=True, message=f"{len(plots)} plot(s) present")] if plots else []


def run_checks(calls: list[ToolCallRecord], workspace: Path, acceptance: list[str]) -> list[Check]:
    """All deterministic checks for one attempt at a step."""
    checks: list[Check] = []
    for i, c in enumerate(calls):
        if c.ok:
            continue
        later = [d for d in calls[i + 1:] if d.ok]
        unknown = c.error is not None and c.error.kind == "unknown_tool"
        if any(d.tool == c.tool for d in later) or (unknown and later):
            continue  # the coder fixed its call (or dropped a tool that does not exist)
        checks.append(Check(name="tool_failed", passed=False, kind="defect", message=f"{c.tool} failed: {c.error}"))
    data = gather(calls, workspace)
    checks += check_convergence(data) + check_classifier(data) + check_sic(data) + check_anomaly(data)
    checks += check_multiplicity(data) + check_seed_spread(data) + check_token_quality(data)
    checks += check_gpt_loss(calls, workspace)
    if not checks or all(c.name != "tool_failed" for c in checks):  # a failed tool explains missing plots
        checks += check_plots(calls, workspace, any("plot" in a.lower() for a in acceptance))
    return merge_repeats(checks)


def merge_repeats(checks: list[Check]) -> list[Check]:
    """One failed check per name (the same number seen in a tool output and its metrics file,
    or in several rows, would otherwise repeat the same request)."""
    out: list[Check] = []
    failed: dict[str, tuple[Check, int]] = {}
    for c in checks:
        if c.passed:
            out.append(c)
        elif c.name in failed:
            first, n = failed[c.name]
            failed[c.name] = (first, n + 1)
        else:
            failed[c.name] = (c, 1)
    for first, n in failed.values():
        more = f" (and {n - 1} more)" if n > 1 else ""
        out.append(first.model_copy(update={"message": first.message + more}))
    return out
