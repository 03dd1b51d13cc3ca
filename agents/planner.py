"""From the analysis spec to a plan that honours it, and the check that it does.

`resolve` fills what the request left open from the preset and derives what the request
implies (enough jets per class for the labels plus the fixed validation and test sets);
every departure from a stated value is written into `Plan.changes`. `compile_plan` picks the
steps of the tasks asked for. `check_fidelity` then holds the plan's first tool calls against
the spec before anything runs: a stated value that no tool call carries, and that no change
explains, is a planner bug and stops the run with a message (never a silent change).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from agents.llm.base import NeedsLLM
from agents.llm.offline_parse import pt_point
from agents.spec import (
    BACKBONE_WORDS,
    GPT_INPUT_NAMES,
    LABEL_SCAN,
    OBJECTIVE_NAMES,
    AnalysisSpec,
    Preset,
)
from agents.state import Plan, PlannedCall, PlanStep, Remedy
from agents.steps import (
    PT_WINDOW,
    RECIPES,
    gpt_per_tokenizer,
    mix_path,
    mixed_jets,
    needs_backbone,
    test_classes,
    tokenizer_runs,
)
from omnijet.errors import OmniJetError
from omnijet.presets import sizes


def preset_params(preset: Preset) -> dict[str, Any]:
    """The request scale of `preset` (omnijet/presets.py) as plan parameters; the codebook an
    agent request trains is the preset tokenizer's, so a request and the CLI build one model."""
    row = sizes(preset)
    p = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(row.request).items()}
    p["codebooks"] = [row.tokenizer.codebook_size]
    return p


# a codebook size changed without a number ('a bigger codebook', 'does the codebook size matter')
# 'doubling the codebook', 'halve the number of codes': the preset's codebook against that factor of it
_CODEBOOK_FACTOR = re.compile(r"\b(doubl|halv|tripl|quadrupl)\w*\s+(?:the\s+|its\s+)?(?:size\s+of\s+the\s+|number\s+of\s+)?"
                              r"(?:codebook|codes|vocabulary)\b")
_CODEBOOK_CHANGE = re.compile(r"\b(bigger|larger|more|finer|smaller|fewer|coarser|other|different)\s+(?:codebooks?|codes|"
                              r"vocabular(?:y|ies))\b|\bcodebook sizes?\b(?!\s*(?:of|=|:|,)?\s*\d)(?=[^.;?]*\b(matter|affect|"
                              r"change|depend|influence|impact|help|hurt)\w*)|"
                              # 'how does the resolution depend on the codebook size?': the verb before it
                              r"\b(?:depend\w*|vary|varies|scal\w*|chang\w*)\s+(?:on|with)\s+(?:the\s+)?codebook sizes?\b(?!\s*(?:of|=|:|,)?\s*\d)")
# one codebook size said as a change from the one in use: 'gets better with 2048 codes', 'are 4096 codes worse?'
_CODEBOOK_AGAINST_NOW = re.compile(r"\b(better|worse|improv\w*|chang\w*|differ\w*|degrad\w*)\s+(?:\w+\s+){0,2}(?:with|at|using|"
                                   r"for|by going to|if (?:i|we) use)\s+(?:a\s+)?(?:codebook\s+of\s+)?\d+\s*(?:-?codes?|entries)\b|"
                                   r"\b\d+\s*(?:-?codes?|entries)\b[^.;?]{0,25}\b(better|worse)\b")
MIN_EVAL = 20  # the smallest validation / test set per class worth a number
CONTROL = 0.0  # the no-signal control of every anomaly scan


class PlanBug(OmniJetError):
    """The compiled plan does not carry a value the request stated (and says nothing about it)."""


# which steps each task needs, in pipeline order
_STEPS = {"generate": ["generate", "plot"], "tokenizer": ["generate", "tokenizer"],
          "pretrain": ["generate", "tokenizer", "pretrain", "generation"],
          "finetune": ["generate", "tokenizer", "pretrain", "finetune"], "anomaly": ["anomaly"], "review": ["review"]}
_ORDER = ["generate", "plot", "tokenizer", "pretrain", "generation", "likelihood", "finetune", "anomaly", "search",
          "review"]


def _per_class(n: int, k: int) -> int:
    return math.ceil(n / k)


def resolve(spec: AnalysisSpec, default_preset: Preset) -> tuple[dict[str, Any], list[str]]:
    """Plan parameters: the preset's sizes overridden by every stated value, plus what follows."""
    preset = spec.preset or default_preset
    p: dict[str, Any] = {**preset_params(preset), "preset": preset, "tasks": list(spec.tasks)}
    changes: list[str] = []
    p["observables"] = list(spec.observables) or ["mass"]  # the answer compares these (jet mass when none is named)
    for name in ("n_jets", "seeds", "n_generate", "n_events", "report", "question", "head"):
        if getattr(spec, name) is not None:
            p[name] = getattr(spec, name)
    k = p["codebooks"][0]
    for name in ("strategies", "tokenizers", "codebooks", "signal_fractions", "anomaly_methods"):
        if getattr(spec, name):
            p[name] = list(getattr(spec, name))
    if spec.codebooks and spec.codebooks != [k] and len(spec.codebooks) == 1 \
            and (m := _CODEBOOK_AGAINST_NOW.search((spec.question or "").lower())):
        # 'does the mass resolution get better with 2048 codes?': better than the preset's codebook
        p["codebooks"] = sorted({k, spec.codebooks[0]})
        changes.append(f"one codebook size stated as a change ('{m[0]}'): the preset's {k} codes against it")
    if not spec.codebooks and (m := _CODEBOOK_FACTOR.search((spec.question or "").lower())):
        # 'does doubling the codebook help the mass resolution?': the preset's codebook against that factor of it
        other = k // 2 if m[1] == "halv" else k * {"doubl": 2, "tripl": 3, "quadrupl": 4}[m[1]]
        p["codebooks"] = sorted({k, other})
        changes.append(f"codebook sizes compared ('{m[0]}'): the preset's {k} codes against {other}")
    elif not spec.codebooks and (m := _CODEBOOK_CHANGE.search((spec.question or "").lower())):
        # 'does a bigger codebook make generation worse?': the preset's codebook against one 4x larger (smaller)
        p["codebooks"] = [k // 4, k] if m[1] in ("smaller", "fewer", "coarser") else [k, 4 * k]
        other = p["codebooks"][0] if p["codebooks"][1] == k else p["codebooks"][1]
        changes.append(f"codebook sizes compared, none stated: the preset's {k} codes against {other} "
                       f"(4x {'fewer' if other < k else 'more'})")
    if spec.classes:
        p["classes"] = list(spec.classes)
    if "finetune" in spec.tasks and p["classes"] == ["qcd"]:  # 'how often does the tagger get QCD jets wrong?'
        p["classes"] = ["top", "qcd"]
        changes.append("the tagger's signal not stated (QCD alone named): top jets against QCD, the background of every "
                       "tagger here")
    if spec.signal and spec.background:  # signal first: label 0/1 order of the files
        p["classes"] = [spec.signal, spec.background] + [c for c in p["classes"] if c not in (spec.signal, spec.background)]
        if "finetune" in spec.tasks and len(p["classes"]) > 2:  # other classes are there to pretrain on: a binary tagger
            p["tagger_classes"] = [spec.signal, spec.background]
    if spec.pretrain_classes and set(spec.pretrain_classes) != set(p["classes"]):
        p["classes"] += [c for c in spec.pretrain_classes if c not in p["classes"]]
        p["pretrain_classes"] = list(spec.pretrain_classes)
        new = [c for c in p.get("tagger_classes") or p["classes"] if c not in p["pretrain_classes"]]
        if "finetune" in spec.tasks and new:
            changes.append(f"pretrained on {', '.join(p['pretrain_classes'])} only: the tagger's {', '.join(new)} jets are "
                           "new to the tokenizer and the GPT")
        elif "tokenizer" in spec.tasks and new:
            changes.append(f"the tokenizer trained on {', '.join(p['pretrain_classes'])} jets only: its quality on "
                           f"{', '.join(new)} jets is that on jets it has never seen")
    primary = spec.primary()
    if spec.epochs is not None:
        key = {"finetune": "ft_epochs", "tokenizer": "tok_epochs"}.get(primary or "", "gpt_epochs")
        p[key] = spec.epochs
        p["epochs_key"] = key
    if spec.learning_rate is not None:  # the tagger's when it fine-tunes (scratch too: one comparison), else the GPT's or tokenizer's
        key = {"finetune": "ft_lr", "tokenizer": "tok_lr"}.get(spec.learning_rate_of or primary or "", "gpt_lr")
        p[key] = spec.learning_rate
        p["lr_key"] = key
    if "finetune" in spec.tasks:
        _resolve_labels(spec, p, changes)
    if "anomaly" in spec.tasks:
        p["fractions"] = sorted({CONTROL, *p["signal_fractions"]})
    if spec.data:  # given events to search: nothing is generated or injected
        p["data"] = list(spec.data)
    _resolve_likelihood(spec, p, changes)
    # seeds asked of a GPT study (pretraining, generation, likelihood) train one GPT per seed; a
    # fine-tuning or anomaly scan takes its seeds itself over one pretrained backbone
    p["gpt_seeds"] = spec.seeds if spec.seeds and not {"finetune", "anomaly"} & set(spec.tasks) else 1
    p["generated_data"] = any(q.subject == "generated" for q in spec.quantities)
    _resolve_pt_window(spec, p, changes)
    asked_as = re.search(r"\b(gluon|light[- ]quark|quark)[- ]?(?:initiated )?jets?\b", (spec.question or "").lower())
    if asked_as and "qcd" in p["classes"] and not re.search(r"\bqcd\b|quark/gluon|q/g", (spec.question or "").lower()):
        changes.append(f"{asked_as[1]} jets -> QCD jets: the QCD sample is Pythia's HardQCD:all dijets, a mixture of quark- "
                       f"and gluon-initiated jets; no pure {asked_as[1]} sample is generated")
    p["tokenizer_list"] = ", ".join(f"{k} {c} codes" for k, c, _ in tokenizer_runs(p))
    per_tok = gpt_per_tokenizer(p)
    runs = tokenizer_runs(p)
    if len(runs) > 1 and {"finetune", "anomaly"} & set(p["tasks"]):
        changes.append(f"tokenizers compared ({p['tokenizer_list']}) by their token quality; the "
                       f"{'tagger' if 'finetune' in p['tasks'] else 'anomaly scan'} uses the first one's "
                       f"({runs[0][0]} {runs[0][1]} codes) only: one backbone per tokenizer is not in the catalogue")
    p["gpt_note"] = f", one per tokenizer ({p['tokenizer_list']})" if per_tok else ""
    _resolve_backbone(spec, p, changes)
    p["reference_note"] = " (as they are: one reference for every tokenizer)" if per_tok else ""
    p["quality_jets"] = f"{p['n_test']} held-out jets per class" if "tokenizer" in p["tasks"] else "the training jets"
    held_out = test_classes(p)
    p["test_jets"] = f" and {p['n_test']} held-out test jets of {', '.join(held_out)}" if held_out else ""
    p["methods"] = " and ".join(p["anomaly_methods"])
    return p, changes


_COMPARED = re.compile(r"\b(compar\w*|versus|vs\.?|against|better|worse|than|beats?|outperform\w*|which)\b")


def _resolve_backbone(spec: AnalysisSpec, p: dict[str, Any], changes: list[str]) -> None:
    """What the GPT reads and its objective: as asked, else the preset's (omnijet/presets.py).
    Two of them compared name two backbones: a tagger study pretrains and fine-tunes both
    (`backbones`); any other study pretrains one, said."""
    preset = sizes(p["preset"]).pretraining
    p["gpt_inputs"] = spec.gpt_inputs or preset.input_mode
    p["objective"] = spec.objective or preset.objective
    question = (spec.question or "").lower()
    for field, names in (("gpt_inputs", GPT_INPUT_NAMES), ("objective", OBJECTIVE_NAMES)):
        other = [v for v, pattern in names if v != p[field] and re.search(pattern, question)]
        if not (getattr(spec, field) and other and _COMPARED.search(question)):
            continue
        if "finetune" in p["tasks"] and not p.get("backbones") and any(s != "scratch" for s in p["strategies"]):
            short = "inputs" if field == "gpt_inputs" else "objective"
            p["backbones"] = [{"field": short, "name": v, "gpt_inputs": p["gpt_inputs"], "objective": p["objective"],
                               field: v} for v in (p[field], other[0])]
            changes.append(f"{BACKBONE_WORDS[p[field]]} against {BACKBONE_WORDS[other[0]]}: one GPT each on the "
                           "same tokens, each fine-tuned over the same seeds and test jets (from scratch once)")
        else:
            changes.append(f"{BACKBONE_WORDS[p[field]]} against {BACKBONE_WORDS[other[0]]} asked: one request "
                           f"pretrains one GPT, so this one is the first named; the other needs a request of its own")


def _backbone_note(p: dict[str, Any]) -> str:
    """The pretraining step's words for the GPT: its objective, and its inputs unless tokens; of each
    backbone compared, in turn."""
    def words(b: dict[str, Any]) -> str:
        inputs = "" if b["gpt_inputs"] == "tokens" else f", reading {BACKBONE_WORDS[b['gpt_inputs']]}"
        return BACKBONE_WORDS[b["objective"]] + inputs
    return "; ".join(words(b) for b in p.get("backbones") or [p])


def _resolve_pt_window(spec: AnalysisSpec, p: dict[str, Any], changes: list[str]) -> None:
    """The jet pT window the jets are generated in: the generator's default unless stated; an
    edge left unstated that would close the window keeps the default's ratio of 2, said so."""
    lo, hi = PT_WINDOW
    lo, hi = spec.pt_min or lo, spec.pt_max or hi
    if lo >= hi:
        if spec.pt_min is None:
            lo = hi / 2
        else:
            hi = lo * 2
        changes.append(f"jet pT window {lo:g}-{hi:g} GeV: only the {'upper' if spec.pt_min is None else 'lower'} edge "
                       f"was stated, the other keeps the default window's ratio of 2")
    p["pt_window"] = [lo, hi]  # a list: the plan travels as JSON


def _resolve_likelihood(spec: AnalysisSpec, p: dict[str, Any], changes: list[str]) -> None:
    """A GPT trained on one class as a classifier (a likelihood quantity): the tokenizer and the
    GPT see that class's training jets only; every class gets unseen test jets, the trained one first."""
    q = next((q for q in spec.quantities if q.metric.startswith("likelihood")), None)
    if q is None:
        return
    trained = q.subject if q.subject in ("top", "qcd", "wqq", "zqq") else p["classes"][0]
    others = [c for c in p["classes"] if c != trained] or (["qcd"] if trained != "qcd" else ["top"])
    if q.subject is None:
        changes.append(f"the GPT is trained on {trained} jets, the first class named (the request does not say which)")
    if trained not in p["classes"] or len(others) + 1 > len(p["classes"]):
        changes.append(f"classes {', '.join(p['classes'])} -> {', '.join([trained, *others])}: the GPT's class and "
                       "one to tell it from")
    p["classes"] = [trained, *others]
    p["train_classes"], p["likelihood_classes"] = [trained], [trained, *others]
    p["train_list"], p["likelihood_list"] = f"{trained} jets only", ", ".join(p["likelihood_classes"])
    if (fractions := spec.signal_fractions) and "anomaly" not in spec.tasks:
        # 'inject 1% top jets into QCD': the GPT learns the mixture, as an unsupervised search would
        f = max(fractions)
        p["mix"] = {"process": others[0], "fraction": f}
        n = mixed_jets(p, p["n_jets"])
        p["train_list"] = f"{trained} jets with {others[0]} jets mixed in ({n} of {p['n_jets'] + n}, a fraction {f:g})"
        changes.append(f"{others[0]} jets mixed into the GPT's {trained} training jets at a fraction {f:g} ({n} of "
                       f"{p['n_jets'] + n}); the tokenizer and the GPT learn the mixture, and held-out jets of both "
                       "classes are scored by its likelihood")
        if len(fractions) > 1:
            changes.append(f"fractions {', '.join(f'{x:g}' for x in fractions)}: one GPT per plan, trained at the largest")


def _resolve_labels(spec: AnalysisSpec, p: dict[str, Any], changes: list[str]) -> None:
    """Training sizes in the scan's unit (total jets, balanced over classes) and enough jets per
    class for the largest size plus the fixed validation and test sets."""
    k = len(p.get("tagger_classes") or p["classes"])
    labels = list(spec.labels) or list(p["labels"])
    needed = any(q.metric.startswith("labels_to_") for q in spec.quantities)  # read off a scan, one size cannot give it
    if not spec.labels and len(labels) == 1 and (needed or LABEL_SCAN.search((spec.question or "").lower())):
        labels = [max(10, labels[0] // 4), labels[0]]
        why = "the labels a target needs are read off a scan" if needed else "a change with the number of labels needs two sizes"
        changes.append(f"labelled jets scanned, none stated: {labels[0]} and {labels[1]} (the preset's {labels[1]} and a "
                       f"quarter of it): {why}")
    if spec.labels_per_class:
        p["sizes"] = [n * k for n in labels]
        changes.append(f"{', '.join(map(str, labels))} labelled jets per class -> training set(s) of "
                       f"{', '.join(map(str, p['sizes']))} jets ({k} classes, balanced)")
    else:
        p["sizes"] = labels
    need = _per_class(max(p["sizes"]), k) + _per_class(p["n_val"], k) + _per_class(p["n_test"], k)
    if need > p["n_jets"]:
        if spec.n_jets is not None:  # the user fixed the sample: shrink validation and test first
            room = spec.n_jets - _per_class(max(p["sizes"]), k)
            if room >= 2 * MIN_EVAL:
                n_eval = room // 3 * k, (room - room // 3) * k
                changes.append(f"validation / test sets reduced from {p['n_val']} / {p['n_test']} to "
                               f"{n_eval[0]} / {n_eval[1]} jets to fit the {spec.n_jets} jets per class asked for")
                p["n_val"], p["n_test"] = n_eval
                return
            changes.append(f"jets per class raised from the {spec.n_jets} asked for to {need}: the largest training "
                           f"set ({max(p['sizes'])}) plus {MIN_EVAL}+ validation and test jets per class need them")
        p["n_jets"] = need


def compile_plan(spec: AnalysisSpec, default_preset: Preset) -> Plan:
    p, changes = resolve(spec, default_preset)
    keys = [k for k in _ORDER if any(k in _STEPS[t] for t in spec.tasks)]
    if spec.data and "anomaly" in keys:  # "is there new physics in this file?": search it
        keys[keys.index("anomaly")] = "search"
    generation_asked = spec.n_generate is not None or any(q.metric in ("w1", "generation_auc", "generated_mean")
                                                          or q.subject == "generated" for q in spec.quantities)
    if "generation" in keys and "finetune" in spec.tasks and not generation_asked:
        keys.remove("generation")  # "pretrain, then fine-tune": the backbone is the means, not the question
    if "pretrain" in keys and "pretrain" not in spec.tasks and not needs_backbone(p):
        keys.remove("pretrain")  # a tagger trained from scratch only: no GPT to pretrain
    if p.get("likelihood_classes"):  # the GPT is scored on real test jets; generation only when also asked
        keys.insert(keys.index("pretrain") + 1, "likelihood")
        if not generation_asked:
            keys.remove("generation")
    masked = [b for b in [p, *p.get("backbones", [])] if b["objective"] == "masked"]
    if masked and "generation" in keys:  # a GPT of masked particles alone cannot generate
        for b in masked:
            b["objective"] = "joint"
            if b.get("field") == "objective":
                b["name"] = "joint"
        changes.append("objective masked -> joint: a GPT trained on masked particles alone cannot generate jets")
        if len({(b["gpt_inputs"], b["objective"]) for b in p.get("backbones", [])}) == 1:
            del p["backbones"]  # 'masked against joint' became one backbone: pretrained once
    p["backbone_note"] = _backbone_note(p)
    p["scan_note"] = " of each backbone" if p.get("backbones") else ""
    if p.get("backbones"):
        p["gpt_note"] = ", one per backbone compared"
    text = {k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in p.items()}
    steps = [PlanStep(goal=RECIPES[k].goal.format(**text), recipe=k, tools=RECIPES[k].tools,
                      calls=RECIPES[k].calls(p, Remedy(), Path(".")), budget=RECIPES[k].budget(p),
                      acceptance=RECIPES[k].acceptance, expensive=RECIPES[k].expensive)
             for k in keys]
    title = _title(spec, p)
    return Plan(title=title, family="+".join(spec.tasks), steps=steps, params=p, changes=changes)


def compile_checked(spec: AnalysisSpec, default_preset: Preset, available: set[str]) -> Plan:
    """`compile_plan`, refused (NeedsLLM) when a step needs a tool that is not registered."""
    plan = compile_plan(spec, default_preset)
    missing = sorted({t for s in plan.steps for t in s.tools} - available)
    if missing:
        raise NeedsLLM(f"the plan needs tool(s) {', '.join(missing)}, which are not registered")
    return plan


def _title(spec: AnalysisSpec, p: dict[str, Any]) -> str:
    primary = spec.primary()
    if primary == "finetune":
        sig, bkg = p["classes"][0], p["classes"][1] if len(p["classes"]) > 1 else "?"
        tagging = f"{sig} vs {bkg} tagging"
        if len(tagged := p.get("tagger_classes") or p["classes"]) > 2:  # every class in one softmax
            tagging = f"{' vs '.join(tagged)} tagging (one {len(tagged)}-class tagger)"
        compared = " vs ".join(f"{b['name']} backbone" for b in p.get("backbones") or [])
        return (f"{tagging}: {compared + ', ' if compared else ''}{' vs '.join(p['strategies'])} at "
                f"{', '.join(map(str, p['sizes']))} labelled jets")
    if primary == "anomaly" and spec.data:
        return f"Resonance search in {', '.join(spec.data)}"
    if primary == "anomaly":
        return f"Anomaly detection ({p['methods']}) at S/(S+B) = {', '.join(f'{f:g}' for f in p['signal_fractions'])}"
    if primary == "pretrain" and p.get("likelihood_classes"):  # a GPT trained on one class scores the others
        return f"Likelihood of a GPT trained on {p['train_list']}: {p['likelihood_list']} jets scored"
    if primary == "pretrain":
        return f"GPT pretraining on {', '.join(p['classes'])} jets and generation of {p['n_generate']} jets"
    if primary == "tokenizer":
        return f"Token quality: {p['tokenizer_list']}"
    if primary == "review":
        return f"Review of {p.get('report')}"
    return f"Jet generation: {p['n_jets']} {', '.join(p['classes'])} jets per class"


# -- fidelity ---------------------------------------------------------------------------------
def first_calls(plan: Plan) -> list[PlannedCall]:
    """The typed tool calls of the plan's first attempts, in order."""
    return [c for s in plan.steps for c in s.calls]


class _Carried:
    """The values the plan's calls give each (tool, field): what a stated value must reach."""

    def __init__(self, calls: list[PlannedCall]) -> None:
        self.calls = calls

    def values(self, tool: str, field: str, where: Callable[[Any], bool] = lambda inp: True) -> list[Any]:
        out: list[Any] = []
        for c in self.calls:
            if c.tool == tool and where(c.inputs):
                v = getattr(c.inputs, field)
                out += v if isinstance(v, list) else [v]
        return out

    def has(self, tool: str, field: str, want: Any, where: Callable[[Any], bool] = lambda inp: True) -> bool:
        return want in self.values(tool, field, where)


def _jets(inp: Any) -> bool:
    return not inp.process.startswith("lhco")


def check_fidelity(spec: AnalysisSpec, plan: Plan) -> list[str]:
    """Problems: stated values that no tool call of the plan carries and no change explains.
    Each spec quantity is held against the one tool field that carries it (typed inputs)."""
    c = _Carried(first_calls(plan))
    problems = []
    said = " ".join(plan.changes)
    for proc in spec.classes:
        if not c.has("generate_data", "process", proc):
            problems.append(f"class {proc} is generated by no tool call")
    if spec.n_jets is not None and not c.has("generate_data", "n", spec.n_jets, _jets) and "jets per class" not in said:
        problems.append(f"{spec.n_jets} jets per class reach no generate_data call")
    totals = [n * max(len(plan.params["classes"]), 1) for n in spec.labels] if spec.labels_per_class else spec.labels
    for n in totals:
        if not c.has("finetune_scan", "sizes", n):
            problems.append(f"training size {n} reaches no finetune_scan call")
    if spec.seeds is not None and not c.has("finetune_scan", "seeds", spec.seeds) \
            and spec.seeds not in (len(c.values("anomaly_scan", "seed")), len(set(c.values("pretrain", "seed")))):
        problems.append(f"{spec.seeds} seeds reach no tool call")
    if spec.head is not None and not c.has("finetune_scan", "head", spec.head):
        problems.append(f"head {spec.head} reaches no finetune_scan call")
    preset = sizes(plan.params["preset"]).pretraining
    for field, arg in (("gpt_inputs", "input_mode"), ("objective", "objective")):
        asked = getattr(spec, field)
        used = {getattr(preset, arg) if v is None else v for v in c.values("pretrain", arg)}
        changed = any(x.startswith(f"{arg} {asked} ->") for x in plan.changes)  # said in the plan
        compared = plan.params.get("backbones") and asked in used  # two backbones, the one asked among them
        if asked is not None and used and used != {asked} and not changed and not compared:
            problems.append(f"{field.replace('_', ' ')} {asked} reaches no pretrain call")
    for s in spec.strategies:
        if not c.has("finetune_scan", "strategies", s):
            problems.append(f"strategy {s} reaches no finetune_scan call")
    for kind in spec.tokenizers:
        if not c.has("train_tokenizer", "kind", kind):
            problems.append(f"tokenizer {kind} is trained by no tool call")
    for k in spec.codebooks:
        if not c.has("train_tokenizer", "codebook_size", k):
            problems.append(f"codebook size {k} reaches no train_tokenizer call")
    if gpt_per_tokenizer(plan.params):  # tokenizers compared in a GPT study: each one's GPT
        for tok in c.values("train_tokenizer", "out"):
            if not c.has("pretrain", "tokenizer", f"{tok}/best.pt"):
                problems.append(f"tokenizer {tok} is learned by no GPT (pretrain call)")
    if spec.n_generate is not None and not c.has("generate_jets", "n_generate", spec.n_generate):
        problems.append(f"{spec.n_generate} generated jets reach no generate_jets call")
    for f in spec.signal_fractions if "anomaly" in spec.tasks else ():
        if not (c.has("anomaly_scan", "fractions", f) or c.has("anomaly_scan", "signal_fraction", f)):
            problems.append(f"signal fraction {f} reaches no anomaly_scan call")
    if spec.signal_fractions and "anomaly" not in spec.tasks:  # a class mixed into a GPT's training jets
        p = plan.params
        mix = p.get("mix") or {}
        if mix.get("fraction") != max(spec.signal_fractions) or \
                not c.has("generate_data", "n", mixed_jets(p, p["n_jets"]), lambda inp: inp.out == mix_path(p)) or \
                not all(mix_path(p) in c.values(tool, "data") for tool in ("train_tokenizer", "tokenize")):
            problems.append(f"jets mixed in at a fraction {max(spec.signal_fractions):g} reach not the tokenizer and the GPT")
    for f in spec.data:
        if not c.has("resonance_search", "data", f):
            problems.append(f"event file {f} reaches no resonance_search call")
    if spec.n_events is not None and not c.has("generate_data", "n", spec.n_events, lambda inp: inp.process == "lhco_qcd"):
        problems.append(f"{spec.n_events} events reach no generate_data call")
    for edge in ("pt_min", "pt_max"):
        if getattr(spec, edge) is not None and any(v != getattr(spec, edge) for v in c.values("generate_data", edge, _jets)):
            problems.append(f"{edge.replace('_', ' ')} {getattr(spec, edge):g} GeV reaches not every generate_data call")
    if spec.epochs is not None and not any(c.has(t, f, spec.epochs) for t, f in _EPOCHS):
        problems.append(f"{spec.epochs} epochs reach no training call")
    if spec.learning_rate is not None and not any(c.has(t, "lr", spec.learning_rate) for t in _LR):
        problems.append(f"learning rate {spec.learning_rate:g} reaches no training call")
    if spec.preset is not None and not any(c.has(t, f, spec.preset) for t, f in _PRESETS) \
            and any(t in spec.tasks for t in ("tokenizer", "pretrain", "finetune", "anomaly")):
        problems.append(f"preset {spec.preset} reaches no tool call")
    return problems


# the tool fields that carry a request's epochs and preset
_EPOCHS = [("train_tokenizer", "epochs"), ("pretrain", "epochs"), ("finetune_scan", "epochs"),
           ("anomaly_scan", "gpt_epochs")]
_PRESETS = [("train_tokenizer", "preset"), ("pretrain", "preset"), ("anomaly_scan", "gpt_preset")]
_LR = ("train_tokenizer", "pretrain", "finetune_scan")


def asked_vs_run(spec: AnalysisSpec, plan: Plan) -> list[tuple[str, str, str]]:
    """(quantity, asked, run) rows for the report's opening table."""
    p = plan.params
    rows = [("tasks", ", ".join(spec.tasks), ", ".join(s.recipe or "?" for s in plan.steps))]
    stated = spec.stated()

    def row(name: str, run: Any, label: str | None = None) -> None:
        asked = stated.get(name)
        fmt = lambda v: ", ".join(map(str, v)) if isinstance(v, list) else str(v)  # noqa: E731
        rows.append((label or name, fmt(asked) if asked is not None else "(not stated)", fmt(run)))

    row("preset", p["preset"])
    if spec.quantities or set(spec.tasks) - {"review"}:
        from agents.measures import asked, describe

        rows.append(("quantities", "; ".join(describe(q) for q in spec.quantities) or "(not stated)",
                     "; ".join(describe(q) + (" (the family's default)" if q.default else "") for q in asked(spec))))
    if set(spec.tasks) - {"anomaly", "review"}:
        row("classes", p["classes"])
        if p.get("pretrain_classes") or p.get("tagger_classes"):
            row("pretrain_classes", p.get("pretrain_classes") or p["classes"],
                "pretrained on" if {"pretrain", "finetune"} & set(spec.tasks) else "tokenizer trained on")
        row("n_jets", p["n_jets"], "jets per class")
        lo, hi = spec.pt_min, spec.pt_max
        asked_pt = f"{lo:g}-{hi:g}" if lo and hi else f"above {lo:g}" if lo else f"below {hi:g}" if hi else "(not stated)"
        if lo and hi and pt_point(spec.question or "") == (lo, hi):
            asked_pt = f"around {(lo + hi) / 2:g} (taken as ±10%)"
        rows.append(("jet pT window (GeV)", asked_pt, "-".join(f"{v:g}" for v in p.get("pt_window", PT_WINDOW))))
    if mix := p.get("mix"):
        n = mixed_jets(p, p["n_jets"])
        row("signal_fractions", f"{mix['fraction']:g} ({n} {mix['process']} jets among {p['n_jets'] + n})",
            f"{mix['process']} jets mixed into the GPT's training jets (fraction)")
    if "finetune" in spec.tasks:
        row("labels", p["sizes"], "labelled training jets" + (" (per class asked)" if spec.labels_per_class else ""))
        row("strategies", p["strategies"])
        if p.get("backbones"):
            rows.append(("backbones compared", "two", "; ".join(f"{b['name']}: {BACKBONE_WORDS[b['gpt_inputs']]}, "
                                                              f"{BACKBONE_WORDS[b['objective']]}" for b in p["backbones"])))
        row("head", p.get("head") or "sum", "classification head")
        row("seeds", p["seeds"])
        rows.append(("validation / test jets", "(not stated)", f"{p['n_val']} / {p['n_test']}"))
    if "tokenizer" in spec.tasks:
        row("tokenizers", p["tokenizers"])
        row("codebooks", p["codebooks"], "codebook sizes")
    if any(s.recipe == "generation" for s in plan.steps):
        row("n_generate", p["n_generate"], "generated jets")
    if any(s.recipe in ("generation", "plot") for s in plan.steps):  # the answers that compare them
        row("observables", p["observables"], "observables compared")
    if "anomaly" in spec.tasks and spec.data:
        row("data", p["data"], "event files searched")
        rows.append(("no-signal control", "(always run)", "mjj shuffled against the features"))
    elif "anomaly" in spec.tasks:
        row("signal_fractions", p["signal_fractions"], "signal fraction(s)")
        rows.append(("no-signal control", "(always run)", "0"))
        row("n_events", p["n_events"], "background events")
        row("anomaly_methods", p["anomaly_methods"], "methods")
        row("seeds", p["seeds"])
    if spec.epochs is not None:
        row("epochs", p[p["epochs_key"]])
    if spec.learning_rate is not None:
        row("learning_rate", p[p["lr_key"]], {"ft_lr": "learning rate (the taggers')", "tok_lr": "learning rate (the tokenizer's)",
                                              "gpt_lr": "learning rate (the GPT's)"}[p["lr_key"]])
    return rows
