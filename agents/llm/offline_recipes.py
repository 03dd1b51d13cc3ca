"""Fixed plans for the offline backend: per request family, its steps and the tool calls of each.

A step's calls are a function of the plan parameters (preset defaults + numbers from the
request) and of `Scale` (what the reviewer asked for: more epochs, more events). Tool names
and arguments follow the registered tools (`tools.registry`); paths are workspace-relative.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agents.state import Budget, ReviewOut, ToolCallRecord

Call = tuple[str, dict[str, Any]]

# Sizes per preset. `small` is the README's main job: it must finish on 2 CPU cores in ~15 min.
PRESETS: dict[str, dict[str, Any]] = {
    "tiny": {"n_jets": 200, "n_val": 50, "n_test": 100, "workers": 1, "tok_epochs": 2, "gpt_epochs": 2, "ft_epochs": 6, "labels": [200],
             "seeds": 1, "n_generate": 200, "codebook": 64, "processes": ["top", "qcd"], "signal_fraction": 0.1,
             "n_events": 400, "strategies": ["scratch", "finetune"], "epochs": None},
    "small": {"n_jets": 2000, "n_val": 300, "n_test": 1000, "workers": 2, "tok_epochs": 4, "gpt_epochs": 4, "ft_epochs": 8,
              "labels": [100, 1000], "seeds": 1, "n_generate": 2000, "codebook": 512, "processes": ["top", "qcd"], "signal_fraction": 0.05,
              "n_events": 4000, "strategies": ["scratch", "finetune"], "epochs": None},
    "paper": {"n_jets": 100000, "n_val": 20000, "n_test": 50000, "workers": 8, "tok_epochs": 30, "gpt_epochs": 30, "ft_epochs": 100,
              "labels": [100, 1000, 10000], "seeds": 5, "n_generate": 48000, "codebook": 8192,
              "processes": ["top", "qcd"], "signal_fraction": 0.01, "n_events": 100000,
              "strategies": ["scratch", "finetune", "frozen-backbone"], "epochs": None},
}


@dataclass
class Scale:
    epochs: int = 1
    events: int = 1


@dataclass
class Recipe:
    goal: str
    tools: list[str]
    acceptance: list[str]
    calls: Callable[[dict[str, Any], Scale, Path], list[Call]]
    wall_s: Callable[[dict[str, Any]], float] = lambda p: 600.0
    expensive: bool = False
    title: str = ""
    review: Callable[[dict[str, Any], list[ToolCallRecord], Path], ReviewOut | None] | None = None
    summary_fn: Callable[[dict[str, Any], Scale, list[ToolCallRecord], Path], str] | None = None
    notes: list[str] = field(default_factory=list)

    def budget(self, p: dict[str, Any]) -> Budget:
        # the estimates are for an idle 2-core CPU; the budget leaves room for a busy machine
        return Budget(wall_s=round(3 * self.wall_s(p)), gpu_s=0.0)

    def summary(self, p: dict[str, Any], scale: Scale, done: list[ToolCallRecord], workspace: Path) -> str:
        if self.summary_fn:
            return self.summary_fn(p, scale, done, workspace)
        ok = [c for c in done if c.ok]
        bad = [c for c in done if not c.ok]
        text = f"Ran {len(ok)} tool call(s): {', '.join(c.tool for c in ok) or 'none'}"
        if scale.epochs > 1 or scale.events > 1:
            text += f" (revised: epochs x{scale.epochs}, events x{scale.events})"
        if bad:
            text += "; failed: " + "; ".join(f"{c.tool}: {c.error}" for c in bad)
        return text + "."


def _out(base: str, s: Scale) -> str:
    """A revision of a final analysis step writes next to the first attempt, not over it."""
    return base if (s.epochs, s.events) == (1, 1) else f"{base}_e{s.epochs}x_n{s.events}x"


def _epochs(p: dict[str, Any], key: str, s: Scale) -> int:
    return int((p.get("epochs") or p[key]) * s.epochs)


def _data_paths(p: dict[str, Any]) -> list[str]:
    return [f"data/{proc}_train.root" for proc in p["processes"]]


# -- steps shared by several families ---------------------------------------------------------
def generate_calls(p: dict[str, Any], s: Scale, ws: Path) -> list[Call]:
    calls = []
    for i, proc in enumerate(p["processes"]):
        calls.append(("generate_data", {"process": proc, "n": int(p["n_jets"] * s.events),
                                        "out": f"data/{proc}_train.root", "seed": 100 + i, "workers": p["workers"]}))
    return calls


def plot_calls(p: dict[str, Any], s: Scale, ws: Path) -> list[Call]:
    return [("plot_distributions", {"paths": _data_paths(p), "labels": p["processes"], "out": "plots/distributions.png"})]


def tokenizer_calls(p: dict[str, Any], s: Scale, ws: Path) -> list[Call]:
    return [("train_tokenizer", {"data": _data_paths(p), "out": "tokenizer", "preset": p["preset"],
                                 "codebook_size": p["codebook"], "epochs": _epochs(p, "tok_epochs", s), "seed": 0})]


def token_quality_calls(p: dict[str, Any], s: Scale, ws: Path) -> list[Call]:
    return [("token_quality", {"tokenizer": "tokenizer/best.pt", "data": _data_paths(p), "out": "token_quality"})]


def pretrain_calls(p: dict[str, Any], s: Scale, ws: Path) -> list[Call]:
    return [("tokenize", {"tokenizer": "tokenizer/best.pt", "data": _data_paths(p), "out": "tokens/train.pt"}),
            ("pretrain", {"tokens": "tokens/train.pt", "out": "backbone", "preset": p["preset"],
                          "epochs": _epochs(p, "gpt_epochs", s), "tokenizer": "tokenizer/best.pt", "seed": 0})]


def generation_calls(p: dict[str, Any], s: Scale, ws: Path) -> list[Call]:
    return [("generate_jets", {"gpt": "backbone/best.pt", "tokenizer": "tokenizer/best.pt", "n_jets": p["n_generate"],
                               "out": "generated/jets.root", "seed": 0}),
            ("evaluate_generation", {"generated": "generated/jets.root", "reference": _data_paths(p)[0],
                                     "tokenizer": "tokenizer/best.pt", "out": _out("generation_quality", s)})]


def finetune_calls(p: dict[str, Any], s: Scale, ws: Path) -> list[Call]:
    return [("finetune_scan", {"train": _data_paths(p), "gpt": "backbone/best.pt", "tokenizer": "tokenizer/best.pt",
                               "sizes": [int(n * s.events) for n in p["labels"]], "strategies": p["strategies"],
                               "seeds": int(p["seeds"]), "epochs": _epochs(p, "ft_epochs", s), "n_val": p["n_val"],
                               "n_test": p["n_test"], "out": _out("finetune", s)})]


def lhco_calls(p: dict[str, Any], s: Scale, ws: Path) -> list[Call]:
    n = int(p["n_events"] * s.events)
    n_sig = max(int(n * 3 * p["signal_fraction"]), 50)  # enough to inject at the fraction after the mjj window
    return [("generate_data", {"process": "lhco_qcd", "n": n, "out": "data/lhco_qcd.h5", "seed": 300, "workers": p["workers"]}),
            ("generate_data", {"process": "lhco_signal", "n": n_sig, "out": "data/lhco_signal.h5", "seed": 301,
                               "workers": p["workers"]})]


def ad_tokenizer_calls(p: dict[str, Any], s: Scale, ws: Path) -> list[Call]:
    return [("train_tokenizer", {"data": ["data/lhco_qcd.h5"], "out": "tokenizer", "preset": p["preset"],
                                 "codebook_size": p["codebook"], "epochs": _epochs(p, "tok_epochs", s), "seed": 0})]


def anomaly_calls(p: dict[str, Any], s: Scale, ws: Path) -> list[Call]:
    return [("anomaly_scan", {"data": ["data/lhco_qcd.h5", "data/lhco_signal.h5"], "tokenizer": "tokenizer/best.pt",
                              "signal_fraction": p["signal_fraction"], "gpt_preset": p["preset"],
                              "gpt_epochs": _epochs(p, "gpt_epochs", s), "out": _out("anomaly", s)})]


def _review_summary(p: dict[str, Any], s: Scale, done: list[ToolCallRecord], ws: Path) -> str:
    from agents.review import format_result, review_report

    return format_result(review_report(p["report"]))


def _review_verdict(p: dict[str, Any], calls: list[ToolCallRecord], ws: Path) -> ReviewOut:
    from agents.review import review_report

    res = review_report(p["report"])
    return ReviewOut(verdict="accept", critique=f"report {'passes' if res.ok else 'fails'} review with "
                                               f"{len(res.failures)} problem(s)")


_GEN = Recipe("generate {n_jets} training jets per process ({processes}) with Pythia 8 + FastJet",
              ["generate_data"], ["files exist with the requested number of jets"], generate_calls,
              wall_s=lambda p: 0.05 * p["n_jets"] * len(p["processes"]) + 60)
_TOK = Recipe("train a VQ-VAE tokenizer with {codebook} codes", ["train_tokenizer"],
              ["validation loss no longer falling", "codebook usage reported"], tokenizer_calls,
              wall_s=lambda p: 0.02 * p["n_jets"] * p["tok_epochs"] + 60)
_PRE = Recipe("tokenize the jets and pretrain the GPT backbone (next-token prediction)", ["tokenize", "pretrain"],
              ["validation loss no longer falling"], pretrain_calls, expensive=True,
              wall_s=lambda p: 0.03 * p["n_jets"] * p["gpt_epochs"] + 60)

RECIPES: dict[str, list[Recipe]] = {
    "generate": [
        Recipe(_GEN.goal, _GEN.tools, _GEN.acceptance, _GEN.calls, _GEN.wall_s, title="Jet generation: {processes}"),
        Recipe("plot the jet and constituent distributions", ["plot_distributions"], ["plots of the distributions exist"], plot_calls),
    ],
    "tokenizer": [
        Recipe(_GEN.goal, _GEN.tools, _GEN.acceptance, _GEN.calls, _GEN.wall_s, title="Tokenizer study ({codebook} codes)"),
        _TOK,
        Recipe("measure the token quality (resolution of jet observables, classifier gap)", ["token_quality"],
               ["resolutions reported", "plots of the resolutions exist"], token_quality_calls),
    ],
    "pretrain": [
        Recipe(_GEN.goal, _GEN.tools, _GEN.acceptance, _GEN.calls, _GEN.wall_s, title="Pretraining and generation"),
        _TOK, _PRE,
        Recipe("generate {n_generate} jets and measure the generation quality", ["generate_jets", "evaluate_generation"],
               ["classifier-test AUC reported", "multiplicity close to the reference", "plots exist"], generation_calls),
    ],
    "finetune": [
        Recipe(_GEN.goal, _GEN.tools, _GEN.acceptance, _GEN.calls, _GEN.wall_s,
               title="Transfer: fine-tuned backbone vs from scratch ({processes})"),
        _TOK, _PRE,
        Recipe("fine-tuning scan over {labels} labelled jets, strategies {strategies}, {seeds} seed(s)", ["finetune_scan"],
               ["accuracy above chance for every strategy", "learning-curve plot exists"], finetune_calls, expensive=True,
               wall_s=lambda p: 0.05 * sum(p["labels"]) * p["seeds"] * len(p["strategies"]) + 120),
    ],
    "anomaly": [
        Recipe("generate LHC Olympics-like background and signal events", ["generate_data"], ["files exist"], lhco_calls,
               title="Anomaly detection at signal fraction {signal_fraction}"),
        Recipe("train a VQ-VAE tokenizer on the background-dominated events", ["train_tokenizer"],
               ["validation loss no longer falling"], ad_tokenizer_calls),
        Recipe("anomaly scan: backbone likelihood (unsupervised) and CWoLa (weakly supervised)", ["anomaly_scan"],
               ["AUC and max SIC reported", "enough background behind each SIC point", "SIC plot exists"], anomaly_calls,
               expensive=True),
    ],
    "review": [
        Recipe("check the report {report} against its artifacts", [], ["every number matches its artifact"],
               lambda p, s, ws: [], wall_s=lambda p: 30.0, title="Review of {report}",
               review=_review_verdict, summary_fn=_review_summary),
    ],
}
