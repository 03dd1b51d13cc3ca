"""Is a model's reading of a request grounded in the request's words?

A model filling the analysis spec may invent what the request never said: a task ("a tagger
scan" for a data question), classes, label counts, strategies, or a quantity. Each value of
the spec must be traceable to the request: every number appears in it (after the parser's
normalisation: '2k' is 2000, '30%' is 0.3), every class and task is named by its words (the
offline parser's vocabulary), and every quantity's `evidence` is a passage of the request.
`problems` lists what is not; the backend then refuses the reading and tells the user what it
could not read, and nothing runs.
"""

from __future__ import annotations

import math
import re

from agents.llm.base import LLMError
from agents.spec import AnalysisSpec

_TASK_NAMES = {"generate": "data generation", "tokenizer": "a tokenizer study", "pretrain": "GPT pretraining",
               "finetune": "a tagger", "anomaly": "an anomaly search", "review": "a report review"}


def _norm(text: str) -> str:
    from agents.llm.offline_parse import _normalised

    return _normalised(text).strip()  # the parser's reading: numbers as digits, misspellings mended


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)]


def _stated(value: float, numbers: list[float]) -> bool:
    """The value, or its percentage / fraction / reciprocal (1% background = rejection 100), is in the request."""
    cands = {value, value * 100, value / 100}
    if value > 0:
        cands |= {1 / value, 100 / value}
    return any(math.isclose(c, n, rel_tol=1e-6, abs_tol=1e-9) for c in cands for n in numbers)


def _spec_numbers(spec: AnalysisSpec) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for name in ("n_jets", "seeds", "n_generate", "n_events", "epochs"):
        if (v := getattr(spec, name)) is not None:
            out.append((name, float(v)))
    for name in ("pt_min", "pt_max"):  # GeV; a request may say TeV
        if (v := getattr(spec, name)) is not None:
            out.append((name, float(v)))
    for name in ("labels", "codebooks", "signal_fractions"):
        out += [(name, float(v)) for v in getattr(spec, name)]
    for i, q in enumerate(spec.quantities):
        for name in ("efficiency", "rejection", "low", "high", "quantile", "target"):
            if (v := getattr(q, name)) is not None:
                out.append((f"quantities[{i}].{name}", float(v)))
    return out


def problems(request: str, spec: AnalysisSpec) -> list[str]:
    """What in the spec the request does not say (empty: every value is grounded)."""
    from agents.llm.offline_parse import (
        _backbone_choices,
        _classes,
        _head,
        _jet_injection,
        _pt_point,
        _tasks,
    )
    from agents.llm.quantity_parse import read_quantities

    text = _norm(request)
    numbers = _numbers(text)
    point = _pt_point(text)  # 'QCD jets at 500 GeV': the window 450-550 the offline reading makes of it
    out = [f"{name} = {v:g}" for name, v in _spec_numbers(spec)
           if not _stated(v, numbers) and not (name.startswith("pt_") and (_stated(v / 1000, numbers)  # pT in TeV
                                                                            or point.get(name) == v))]
    named = set(_classes(text))
    # a top tagger, one observable as a tagger or a cut on it: top against QCD, the background of every tagger here
    implied = {"qcd"} if len(named) == 1 and ("finetune" in spec.tasks or any("qcd" in q.compare for q in spec.quantities)) \
        else set()
    out += [f"class {c}" for c in spec.classes if c not in named | implied]
    found_tasks = set(_tasks(text)) | set(read_quantities(text, _tasks(text), sorted(named))[2])
    if _jet_injection(text):  # jets injected into QCD: a GPT learns the mixture
        found_tasks.add("pretrain")
    generated_on_the_way = {"generate"} if found_tasks & {"tokenizer", "pretrain", "finetune"} else set()
    out += [f"task {_TASK_NAMES.get(t, t)}" for t in spec.tasks if t not in found_tasks | generated_on_the_way]
    if spec.head is not None and _head(text) != spec.head:
        out.append(f"head {spec.head}")
    named = _backbone_choices(text)
    out += [f"{field} {getattr(spec, field)}" for field in ("gpt_inputs", "objective")
            if getattr(spec, field) is not None and named.get(field) != getattr(spec, field)]
    for i, q in enumerate(spec.quantities):
        ev = _norm(q.evidence or "")
        if not ev or ev not in text:
            out.append(f"quantities[{i}] {q.metric} (its evidence {q.evidence!r} is not in the request)")
    return out


class Ungrounded(LLMError):
    """The model's reading of the request says what the request does not: nothing is run."""


def check(request: str, spec: AnalysisSpec) -> None:
    """Raise `Ungrounded`, naming what could not be read from the request, when the spec holds it."""
    if bad := problems(request, spec):
        raise Ungrounded("could not read the request: the model's reading adds " + "; ".join(bad)
                         + ", which the request does not say; nothing was run (rephrase the request, "
                         "naming what to do and with what)")
