"""Deterministic physics and ML checks on one step's tool outputs.

The checks read the tool outputs and the JSON files they point to (metrics, histories) and
look for the quantities by name, so they work for any tool that reports them:
loss curves (`val_loss`/`train_loss` lists), accuracies, AUCs, SIC background counts,
generated vs reference multiplicity, spreads over seeds, and plots that should exist.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from agents.state import Check, ToolCallRecord

FALLING_REL = 0.005  # last epoch improved the val loss by > 0.5 % of its value: not converged
OVERFIT_REL = 0.10  # val loss ends 10 % above its minimum while train loss kept falling
CHANCE_MARGIN = 0.02
MIN_SIC_BKG = 10  # background events left at the max-SIC working point
MULT_REL = 0.25  # generated mean multiplicity within 25 % of the reference
SEED_SPREAD = 0.05  # std over seeds of an accuracy / AUC


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
            if v.endswith(".json"):
                p = workspace / v if not Path(v).is_absolute() else Path(v)
                if p.is_file() and p.stat().st_size < 5_000_000:
                    try:
                        found[v] = json.loads(p.read_text())
                    except (json.JSONDecodeError, UnicodeDecodeError):
                        pass
    return found


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


def check_convergence(data: dict[str, Any]) -> list[Check]:
    checks = []
    for key, val in _curves(data, "val_loss"):
        falling = val[-1] < min(val[:-1]) * (1 - FALLING_REL)
        checks.append(Check(
            name="train_longer", passed=not falling, severity="warning",
            message=f"{key}: validation loss still falling at the last epoch ({val[-2]:.4g} -> {val[-1]:.4g})"
            if falling else f"{key}: validation loss flattened ({val[-1]:.4g}, best {min(val):.4g})",
            request="validation loss still falling at the last epoch: train longer (double the epochs)"
            if falling else "",
        ))
        # the train curve stored next to this val curve (same key with train_ in place of val_)
        trains = [t for k, t in _curves(data, "train_loss") if k.replace("train_loss", "val_loss") == key]
        if trains and len(trains[0]) == len(val):
            train, best = trains[0], int(min(range(len(val)), key=val.__getitem__))
            over = val[-1] > val[best] * (1 + OVERFIT_REL) and train[-1] < train[best]
            checks.append(Check(
                name="overfitting", passed=not over, severity="warning",
                message=f"{key}: val loss {val[-1]:.4g} is {val[-1] / val[best] - 1:.0%} above its best {val[best]:.4g} at epoch {best + 1} while train loss keeps falling"
                if over else f"{key}: no over-fitting",
                request="over-fitting: use early stopping on the validation loss or more training data" if over else "",
            ))
    return checks


def check_classifier(data: dict[str, Any], n_classes: int = 2) -> list[Check]:
    checks = []
    chance = 1.0 / n_classes
    for key, acc in _scalars(data, "accuracy", "acc", "test_accuracy", "accuracy_mean"):
        if "generat" in key or "classifier_test" in key:
            continue  # a generated-vs-real classifier at chance is the goal, not a failure
        bad = acc <= chance + CHANCE_MARGIN
        checks.append(Check(name="accuracy_above_chance", passed=not bad,
                            message=f"{key} = {acc:.3f} (chance {chance:.2f})",
                            request=f"{key} is at chance level ({acc:.3f}): check labels and inputs, train longer" if bad else ""))
    for key, auc in _scalars(data, "auc", "roc_auc", "test_auc", "auc_mean"):
        if "generat" in key or "classifier_test" in key:
            continue
        bad = auc < 0.5
        checks.append(Check(name="auc_above_half", passed=not bad, message=f"{key} = {auc:.3f}",
                            request=f"{key} = {auc:.3f} < 0.5: the score is inverted or broken; check the label convention" if bad else ""))
    return checks


def check_sic(data: dict[str, Any]) -> list[Check]:
    checks = []
    for key, n in _scalars(data, "n_bkg", "n_bkg_at_max_sic", "bkg_events", "max_sic_n_bkg", "n_background"):
        bad = n < MIN_SIC_BKG
        checks.append(Check(name="sic_background", passed=not bad, severity="warning",
                            message=f"{key} = {n:.0f} background events at the SIC working point (need >= {MIN_SIC_BKG})",
                            request="too few background events behind the max-SIC point: use more background events or a stricter min_bkg" if bad else ""))
    return checks


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
    return [Check(name="multiplicity", passed=not bad, severity="warning",
                  message=f"generated mean multiplicity {g:.1f} ({kg}) vs reference {r:.1f} ({kr})",
                  request="generated constituent multiplicity is far from the reference: pretrain the backbone longer (an earlier step)" if bad else "")]


def check_seed_spread(data: dict[str, Any]) -> list[Check]:
    checks = []
    for key, s in _scalars(data, "accuracy_std", "acc_std", "auc_std"):
        bad = s > SEED_SPREAD
        checks.append(Check(name="seed_spread", passed=not bad, severity="warning", message=f"{key} = {s:.3f} over seeds",
                            request="large spread over seeds: add seeds or train longer" if bad else ""))
    return checks


def check_plots(calls: list[ToolCallRecord], workspace: Path, expect_plots: bool) -> list[Check]:
    plots = list(dict.fromkeys(v for c in calls if c.ok for v in strings(c.output)
                               if v.lower().endswith((".png", ".pdf", ".svg"))))
    missing = [p for p in plots if not (workspace / p).is_file() and not Path(p).is_file()]
    if missing:
        return [Check(name="plots_exist", passed=False, message=f"plot files missing: {', '.join(missing)}",
                      request=f"make the missing plots: {', '.join(missing)}")]
    if expect_plots and not plots:
        return [Check(name="plots_exist", passed=False, message="the step promised plots and made none",
                      request="make the plots named in the acceptance criteria")]
    return [Check(name="plots_exist", passed=True, message=f"{len(plots)} plot(s) present")] if plots else []


def run_checks(calls: list[ToolCallRecord], workspace: Path, acceptance: list[str]) -> list[Check]:
    """All deterministic checks for one attempt at a step."""
    checks: list[Check] = []
    for i, c in enumerate(calls):
        if c.ok:
            continue
        later = [d for d in calls[i + 1:] if d.ok]
        unknown = (c.error or "").startswith(("unknown tool", "unknown_tool"))
        if any(d.tool == c.tool for d in later) or (unknown and later):
            continue  # the coder fixed its call (or dropped a tool that does not exist)
        checks.append(Check(name="tool_failed", passed=False, message=f"{c.tool} failed: {c.error}",
                            request=f"fix the call to {c.tool}: {c.error}"))
    data = gather(calls, workspace)
    checks += check_convergence(data) + check_classifier(data) + check_sic(data)
    checks += check_multiplicity(data) + check_seed_spread(data)
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
