"""The step library: the steps the planner can compile a spec into, and the tool calls of each.

It sits beside the planner (agents.planner compiles plans from it) and serves every backend:
the offline coder runs a compiled step's calls as they are, a model backend gets the plan.

A step's calls are a function of the resolved plan parameters (`agents.planner.resolve`) and of
the `Remedy` the reviewer asked for (more epochs / jets / events / seeds). Tool names and
arguments follow the registered tools (`tools.registry`); paths are workspace-relative. A
revision writes its results next to the first attempt's, never over them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.state import Budget, PlannedCall, Remedy, ReviewOut, ToolCallRecord
from omnijet.presets import sizes
from tools.backbone import (
    EvaluateGenerationInput,
    GenerateJetsInput,
    JetLikelihoodInput,
    PretrainInput,
)
from tools.data import DatasetInfoInput, GenerateDataInput, PlotDistributionsInput
from tools.tokenizer import TokenizeInput, TokenQualityInput, TrainTokenizerInput
from tools.transfer import AnomalyScanInput, FinetuneScanInput, ResonanceSearchInput

Call = PlannedCall
Params = dict[str, Any]
# the jet pT window (GeV) generate_data uses when a request states none
PT_WINDOW = (GenerateDataInput.model_fields["pt_min"].default, GenerateDataInput.model_fields["pt_max"].default)


@dataclass(frozen=True)
class Recipe:
    key: str
    goal: str
    tools: list[str]
    acceptance: list[str]
    calls: Callable[[Params, Remedy, Path], list[Call]]
    wall_s: Callable[[Params], float] = lambda p: 600.0
    expensive: bool = False
    review: Callable[[Params, list[ToolCallRecord], Path], ReviewOut | None] | None = None
    summary_fn: Callable[[Params, Remedy, list[ToolCallRecord], Path], str] | None = None

    def budget(self, p: Params) -> Budget:
        # the estimates are for an idle 2-core CPU; the budget leaves room for a busy machine
        return Budget(wall_s=round(3 * self.wall_s(p)), gpu_s=0.0)

    def summary(self, p: Params, remedy: Remedy, done: list[ToolCallRecord], workspace: Path) -> str:
        if self.summary_fn:
            return self.summary_fn(p, remedy, done, workspace)
        ok = [c for c in done if c.ok]
        bad = [c for c in done if not c.ok]
        text = f"Ran {len(ok)} tool call(s): {', '.join(c.tool for c in ok) or 'none'}"
        if not remedy.is_noop():
            text += f" (revision: {remedy.describe()})"
        if bad:
            text += "; failed: " + "; ".join(f"{c.tool}: {c.error}" for c in bad)
        return text + "."


def out_dir(base: str, r: Remedy) -> str:
    """A revision writes next to the first attempt, not over it."""
    return base if r.is_noop() else f"{base}_{r.tag()}"


def epochs(p: Params, key: str, r: Remedy) -> int:
    return max(1, round(p[key] * r.epochs))


def data_paths(p: Params, classes_key: str = "train_classes") -> list[str]:
    """The training files of the classes under `classes_key` when the plan sets it, else of every class:
    `train_classes`, the one a likelihood GPT is trained on; `pretrain_classes`, what the tokenizer and the
    GPT learn from ('pretrain on top and QCD, then tag W'); `tagger_classes`, a tagger's signal and background
    when more classes were generated (for pretraining)."""
    return [f"data/{proc}_train.root" for proc in p.get(classes_key) or p.get("train_classes") or p["classes"]]


def mixed_jets(p: Params, n: int) -> int:
    """Jets of the mixed-in class beside n of the GPT's class, so that they are the asked fraction of all."""
    f = p["mix"]["fraction"]
    return max(1, round(n * f / (1 - f)))


def mix_path(p: Params) -> str:
    return f"data/{p['mix']['process']}_mix.root"


def pretrain_paths(p: Params) -> list[str]:
    """What the tokenizer and the GPT learn from; with another class mixed in (a jet-level injection), its file too."""
    return data_paths(p, "pretrain_classes") + ([mix_path(p)] if p.get("mix") else [])


def tagger_paths(p: Params) -> list[str]:
    return data_paths(p, "tagger_classes")


def tokenizer_runs(p: Params) -> list[tuple[str, int, str]]:
    """(kind, codebook, folder) of every tokenizer asked for; the first one feeds the GPT."""
    pairs = [(k, c) for k in p["tokenizers"] for c in p["codebooks"]]
    if len(pairs) == 1:
        return [(pairs[0][0], pairs[0][1], "tokenizer")]
    return [(k, c, f"tokenizer_{k}_{c}") for k, c in pairs]


def main_tokenizer(p: Params) -> str:
    """The first tokenizer's latest checkpoint (set by the coder after a revision)."""
    return p.get("_tokenizer", f"{tokenizer_runs(p)[0][2]}/best.pt")


# -- calls per step -----------------------------------------------------------------------
def generate_calls(p: Params, r: Remedy, ws: Path) -> list[Call]:
    window = dict(zip(("pt_min", "pt_max"), p["pt_window"], strict=True)) if "pt_window" in p else {}
    calls = [PlannedCall.of(GenerateDataInput(process=proc, n=round(p["n_jets"] * r.jets), out=f"data/{proc}_train.root",
                                              seed=100 + i, workers=p["workers"], **window))
             for i, proc in enumerate(p.get("train_classes") or p["classes"])]
    calls += [PlannedCall.of(GenerateDataInput(process=proc, n=p["n_test"], out=f"data/{proc}_test.root",
                                               seed=200 + i, workers=p["workers"], **window))
              for i, proc in enumerate(test_classes(p))]
    if p.get("mix"):
        calls.append(PlannedCall.of(GenerateDataInput(process=p["mix"]["process"], n=mixed_jets(p, round(p["n_jets"] * r.jets)),
                                                      out=mix_path(p), seed=150, workers=p["workers"], **window)))
    return calls


def test_classes(p: Params) -> list[str]:
    """The classes that get test jets no model was trained on, one file each: every class of a
    likelihood study (the GPT scores them) or of a tokenizer study (its token quality is measured
    on them, not on the jets it was trained on)."""
    if p.get("likelihood_classes"):
        return list(p["likelihood_classes"])
    return list(p["classes"]) if "tokenizer" in p["tasks"] else []


def likelihood_calls(p: Params, r: Remedy, ws: Path) -> list[Call]:
    """The test jets of every class scored by each GPT trained on one (that class's file first)."""
    return [PlannedCall.of(JetLikelihoodInput(gpt=backbone_path(p, g.suffix), tokenizer=g.tokenizer,
                                              data=[f"data/{c}_test.root" for c in p["likelihood_classes"]],
                                              out=out_dir("likelihood", r) + g.suffix))
            for g in gpt_runs(p)]


def plot_calls(p: Params, r: Remedy, ws: Path) -> list[Call]:
    return [PlannedCall.of(DatasetInfoInput(paths=data_paths(p))),
            PlannedCall.of(PlotDistributionsInput(paths=data_paths(p), labels=p["classes"], out="plots/distributions.png"))]


def tokenizer_calls(p: Params, r: Remedy, ws: Path) -> list[Call]:
    return [PlannedCall.of(TrainTokenizerInput(
                data=pretrain_paths(p), out=out_dir(folder, r), kind=kind, preset=p["preset"], codebook_size=k,
                epochs=epochs(p, "tok_epochs", r), batch_size=p["tok_batch"], lr=p["tok_lr"], seed=0))
            for kind, k, folder in tokenizer_runs(p)]


def token_quality_calls(p: Params, r: Remedy, ws: Path) -> list[Call]:
    """Reconstruction quality of every tokenizer (the original-vs-reconstructed classifier only
    when the tokenizer itself is under study: it is the slow part)."""
    study = "tokenizer" in p["tasks"]
    data = [f"data/{c}_test.root" for c in test_classes(p)] if study else data_paths(p)
    return [PlannedCall.of(TokenQualityInput(
                tokenizer=f"{out_dir(folder, r)}/best.pt", data=data,
                out=out_dir(folder.replace("tokenizer", "token_quality"), r), classifier=study))
            for _, _, folder in tokenizer_runs(p)]


def tokenizer_step_calls(p: Params, r: Remedy, ws: Path) -> list[Call]:
    return tokenizer_calls(p, r, ws) + token_quality_calls(p, r, ws)


@dataclass(frozen=True)
class GptRun:
    """One GPT a pretraining study trains: its seed, the tokenizer whose tokens it learns, the
    token file, the suffix of its folders ("" for the one GPT of a plain study), and what it reads
    and learns (gpt_inputs, objective) where two backbones are compared."""
    seed: int
    tokenizer: str
    tokens: str
    suffix: str
    inputs: str | None = None
    objective: str | None = None


# two backbones compared ('token embeddings against the constituents' own features'): each GPT's folder
# is backbone/<field>_<value>, and so is its fine-tuning scan's (agents.planner._resolve_backbone)
BACKBONE_SUFFIX = re.compile(r"/(?:inputs|objective)_[\w-]+$")


def gpt_per_tokenizer(p: Params) -> bool:
    """Tokenizers compared in a study of the GPT itself (its loss, generation or likelihood): each
    tokenizer gets its own GPT, since a GPT learns one tokenizer's codes. A tagger or an anomaly
    scan uses the first tokenizer's backbone."""
    return len(tokenizer_runs(p)) > 1 and "pretrain" in p["tasks"] and not {"finetune", "anomaly"} & set(p["tasks"])


def tokenizer_paths(p: Params) -> list[str]:
    """The checkpoint of every tokenizer, in `tokenizer_runs` order: the latest attempt's (set by
    the coder after a revision) or the first attempt's folders."""
    first = [f"{folder}/best.pt" for _, _, folder in tokenizer_runs(p)]
    latest = p.get("_tokenizers") or []
    return latest if len(latest) == len(first) else first


def gpt_runs(p: Params) -> list[GptRun]:
    """Every GPT a pretraining study trains: one, or one per seed asked and, when tokenizers are
    compared (`gpt_per_tokenizer`), one per tokenizer too; one per backbone compared."""
    if backbones := p.get("backbones"):
        return [GptRun(0, main_tokenizer(p), "tokens/train.pt", f"/{b['field']}_{b['name']}", b["gpt_inputs"],
                       b["objective"]) for b in backbones]
    n = p.get("gpt_seeds", 1)
    toks = [(main_tokenizer(p), "")]
    if gpt_per_tokenizer(p):
        toks = [(path, f"{kind}_{k}") for (kind, k, _), path in zip(tokenizer_runs(p), tokenizer_paths(p), strict=True)]
    runs = []
    for tok, name in toks:
        for s in range(n):
            parts = [x for x in (name, f"seed{s}" if n > 1 else "") if x]  # backbone/conditional_512_seed1
            runs.append(GptRun(s, tok, f"tokens/train{'_' + name if name else ''}.pt", "/" + "_".join(parts) if parts else ""))
    return runs


def pretrain_calls(p: Params, r: Remedy, ws: Path) -> list[Call]:
    base = out_dir("backbone", r)
    runs = gpt_runs(p)
    preset = sizes(p["preset"]).pretraining  # what the pretrain tool takes when given nothing

    def backbone(g: GptRun) -> dict[str, str]:
        inputs = g.inputs or p.get("gpt_inputs") or preset.input_mode
        objective = g.objective or p.get("objective") or preset.objective
        return {k: v for k, v in (("input_mode", inputs), ("objective", objective)) if v != getattr(preset, k)}

    reads = {backbone(g).get("input_mode", preset.input_mode) for g in runs}
    features = {"features": True} if "features" in reads else {}  # what such a GPT reads: in its token file
    tokenized = [PlannedCall.of(TokenizeInput(tokenizer=tok, data=pretrain_paths(p), out=out, **features))
                 for tok, out in dict.fromkeys((g.tokenizer, g.tokens) for g in runs)]
    return tokenized + [
        PlannedCall.of(PretrainInput(tokens=g.tokens, out=base + g.suffix, preset=p["preset"],
                                     epochs=epochs(p, "gpt_epochs", r), batch_size=p["gpt_batch"],
                                     tokenizer=g.tokenizer, seed=g.seed, **backbone(g),
                                     **({"lr": p["gpt_lr"]} if "gpt_lr" in p else {})))
        for g in runs]


def backbone_path(p: Params, suffix: str = "") -> str:
    """The pretraining step's latest output (set by the coder: a revision writes a new folder),
    of one GPT (`suffix` from `gpt_runs`)."""
    return f"{p.get('_backbone_dir', 'backbone')}{suffix}/best.pt"


def generation_calls(p: Params, r: Remedy, ws: Path) -> list[Call]:
    """Jets sampled from every GPT, each compared with the real jets: reconstructed through its
    own tokenizer (the paper's comparison), or as they are when tokenizers are compared (one
    reference for all, so the tokenizers' own losses count)."""
    out = out_dir("generation_quality", r)
    reference_tok = not gpt_per_tokenizer(p)
    files = [f"generated/{out}{g.suffix.replace('/', '_')}.root" for g in gpt_runs(p)]
    calls = [c for g, gen in zip(gpt_runs(p), files, strict=True) for c in (
        PlannedCall.of(GenerateJetsInput(gpt=backbone_path(p, g.suffix), tokenizer=g.tokenizer, n_generate=p["n_generate"],
                                         out=gen, seed=g.seed)),
        PlannedCall.of(EvaluateGenerationInput(generated=gen, reference=pretrain_paths(p),
                                               tokenizer=g.tokenizer if reference_tok else None, out=out + g.suffix)))]
    if p.get("generated_data"):  # a data quantity of the generated jets: their per-jet observables
        calls.append(PlannedCall.of(DatasetInfoInput(paths=files)))
    return calls


def needs_backbone(p: Params) -> bool:
    """A fine-tuning scan needs a pretrained GPT unless every strategy trains from scratch."""
    return any(s != "scratch" for s in p["strategies"])


def finetune_calls(p: Params, r: Remedy, ws: Path) -> list[Call]:
    """One scan; with two backbones compared one per backbone over the same seeds and test jets, training
    from scratch in the first only (it does not depend on the backbone)."""
    suffixes = [g.suffix for g in gpt_runs(p)] if p.get("backbones") else [""]
    return [PlannedCall.of(FinetuneScanInput(
        train=tagger_paths(p), gpt=backbone_path(p, suffix) if needs_backbone(p) else None, scratch_preset=p["preset"],
        tokenizer=main_tokenizer(p), sizes=p["sizes"],
        strategies=[s for s in p["strategies"] if i == 0 or s != "scratch"], seeds=p["seeds"] + r.seeds,
        epochs=epochs(p, "ft_epochs", r), batch_size=p["ft_batch"], n_val=p["n_val"], n_test=p["n_test"],
        out=out_dir("finetune", r) + suffix, **({"head": p["head"]} if p.get("head") else {}),
        **({"lr": p["ft_lr"], "scratch_lr": p["ft_lr"]} if "ft_lr" in p else {}),
        **({"backbone_label": suffix.strip("/").replace("_", " ")} if suffix else {})))
        for i, suffix in enumerate(suffixes) if i == 0 or set(p["strategies"]) - {"scratch"}]


def anomaly_calls(p: Params, r: Remedy, ws: Path) -> list[Call]:
    """Data, tokenizer and scan in one step, so that a revision with more events re-runs all."""
    n = round(p["n_events"] * r.events)
    bkg, sig, tok = (out_dir(x, Remedy(events=r.events)) for x in ("data/lhco_qcd", "data/lhco_signal", "tokenizer_lhco"))
    seeds = p["seeds"] + r.seeds
    base = out_dir("anomaly", r)
    calls = [
        PlannedCall.of(GenerateDataInput(process="lhco_qcd", n=n, out=f"{bkg}.h5", seed=300, workers=p["workers"])),
        PlannedCall.of(GenerateDataInput(process="lhco_signal", n=signal_events(n, p), out=f"{sig}.h5", seed=301,
                                         workers=p["workers"])),
        PlannedCall.of(TrainTokenizerInput(data=[f"{bkg}.h5"], out=tok, preset=p["preset"], codebook_size=p["codebooks"][0],
                                           epochs=epochs(p, "tok_epochs", Remedy(epochs=r.epochs)),
                                           batch_size=p["tok_batch"], lr=p["tok_lr"], seed=0))]
    calls += [PlannedCall.of(AnomalyScanInput(
                data=[f"{bkg}.h5", f"{sig}.h5"], tokenizer=f"{tok}/best.pt", signal_fraction=max(p["signal_fractions"]),
                fractions=p["fractions"], gpt_preset=p["preset"], gpt_epochs=epochs(p, "gpt_epochs", r), seed=s,
                out=base if seeds == 1 else f"{base}/seed{s}"))
              for s in range(seeds)]
    return calls


def search_calls(p: Params, r: Remedy, ws: Path) -> list[Call]:
    """The search of the given event files (nothing generated, nothing injected); a revision
    with more seeds runs more classifiers per fold."""
    return [PlannedCall.of(ResonanceSearchInput(data=list(p["data"]), out=out_dir("search", r),
                                                ensemble=2 + r.seeds, seed=0))]


def signal_events(n_background: int, p: Params) -> int:
    """Enough signal to inject the largest fraction into the data half after the mjj window."""
    return max(round(n_background * 3 * max(p["signal_fractions"])), 50)


def _review_summary(p: Params, r: Remedy, done: list[ToolCallRecord], ws: Path) -> str:
    from agents.review import format_result, review_report

    return format_result(review_report(p["report"]))


def _review_verdict(p: Params, calls: list[ToolCallRecord], ws: Path) -> ReviewOut:
    from agents.review import review_report

    res = review_report(p["report"])
    return ReviewOut(verdict="accept", critique=f"report {'passes' if res.ok else 'fails'} review with "
                                               f"{len(res.failures)} problem(s)")


def _n_cls(p: Params) -> int:
    return max(len(p["classes"]), 1)


RECIPES: dict[str, Recipe] = {r.key: r for r in [
    Recipe("generate", "generate {n_jets} jets per class ({classes}){test_jets} with Pythia 8 + FastJet", ["generate_data"],
           ["files exist with the requested number of jets"], generate_calls,
           wall_s=lambda p: 0.02 * (p["n_jets"] * _n_cls(p) + p["n_test"] * len(test_classes(p))) / p["workers"] + 30),
    Recipe("plot", "summarise and plot the jet and constituent distributions", ["dataset_info", "plot_distributions"],
           ["plots of the distributions exist"], plot_calls, wall_s=lambda p: 30.0),
    Recipe("tokenizer", "train the tokenizer(s) ({tokenizer_list}) and measure their token quality on {quality_jets}",
           ["train_tokenizer", "token_quality"],
           ["validation loss no longer falling", "codebook used", "jet mass reconstructed without a large bias"],
           tokenizer_step_calls,
           wall_s=lambda p: (0.004 * p["n_jets"] * _n_cls(p) * p["tok_epochs"] + 40) * len(tokenizer_runs(p))),
    Recipe("pretrain", "tokenize the jets and pretrain the GPT backbone{gpt_note} ({backbone_note})",
           ["tokenize", "pretrain"], ["validation loss below the uniform guess and no longer falling"], pretrain_calls,
           wall_s=lambda p: (0.003 * p["n_jets"] * _n_cls(p) * p["gpt_epochs"] + 30) * len(gpt_runs(p))),
    Recipe("generation", "generate {n_generate} jets with the GPT{gpt_note} and compare them with real jets{reference_note}",
           ["generate_jets", "evaluate_generation", "dataset_info"],
           ["classifier-test AUC reported", "multiplicity close to the reference", "plots exist"], generation_calls,
           wall_s=lambda p: (0.02 * p["n_generate"] + 60) * len(gpt_runs(p))),
    Recipe("likelihood", "score {n_test} unseen test jets of each class ({likelihood_list}) with the GPT trained on "
           "{train_list}: per-jet NLL and its AUC as a classifier", ["jet_likelihood"],
           ["NLL per class and the AUC reported"], likelihood_calls,
           wall_s=lambda p: (0.005 * p["n_test"] * len(p["likelihood_classes"]) + 30) * len(gpt_runs(p))),
    Recipe("finetune", "fine-tuning scan{scan_note}: {sizes} labelled jets, strategies {strategies}, {seeds} seed(s)",
           ["finetune_scan"], ["accuracy above chance for every strategy", "learning-curve plot exists"],
           finetune_calls, expensive=True,
           wall_s=lambda p: 0.01 * sum(p["sizes"]) * p["seeds"] * len(p["strategies"]) * p["ft_epochs"] + 60),
    Recipe("anomaly", "generate LHC Olympics-like events ({n_events} background), train a tokenizer on them and "
           "scan anomaly scores ({methods}) at injected signal fractions {fractions}, the no-signal control included",
           ["generate_data", "train_tokenizer", "anomaly_scan"],
           ["AUC and max SIC reported", "no-signal control present", "enough events behind each SIC point"],
           anomaly_calls, expensive=True,
           wall_s=lambda p: 0.03 * p["n_events"] / p["workers"] + (0.01 * p["n_events"] * p["gpt_epochs"] + 60) * p["seeds"]),
    Recipe("search", "search {data} for new physics: sliding-window CWoLa bump hunt in mjj, dijet background fit, "
           "local and global p-values, the no-signal control (mjj shuffled)", ["resonance_search"],
           ["global p-value, m_res and signal percentage reported", "the no-signal control claims nothing"],
           search_calls, expensive=True, wall_s=lambda p: 600.0 * len(p["data"])),
    Recipe("review", "check the report {report} against its artifacts", [], ["every number matches its artifact"],
           lambda p, r, ws: [], wall_s=lambda p: 30.0, review=_review_verdict, summary_fn=_review_summary),
]}
