"""Backbone tools: pretrain the GPT, generate jets with it, evaluate generated jets, score jets
by their likelihood.

Their inputs are the operation configs' fields (omnijet/config.py), run by omnijet.operations.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from omnijet.config import (
    GenerateJetsConfig,
    GenerationEvalConfig,
    JetLikelihoodConfig,
    PretrainConfig,
)
from tools.base import Tool, ToolContext, ToolInput, compact, tool_input

PretrainInput = tool_input(PretrainConfig, "PretrainInput")
# the agents own their workspace: a revision re-generates in place (overwrite)
GenerateJetsInput = tool_input(GenerateJetsConfig, "GenerateJetsInput", exclude=("overwrite",))
EvaluateGenerationInput = tool_input(GenerationEvalConfig, "EvaluateGenerationInput")
JetLikelihoodInput = tool_input(JetLikelihoodConfig, "JetLikelihoodInput")


class PretrainOutput(BaseModel):
    best_path: str
    best_val_loss: float
    best_epoch: int
    epochs_run: int
    stopped_early: bool
    history: list[dict[str, Any]]  # per epoch: train/val loss (last 20 epochs)
    wall_s: float
    plot: str | None = None  # the training and validation loss per epoch (loss.png)


def pretrain(inp: ToolInput, ctx: ToolContext) -> PretrainOutput:
    from omnijet.operations import run

    res = run(ctx.config(PretrainConfig, inp), ctx.progress)
    return PretrainOutput(best_path=ctx.rel(res.best_path),
                          best_val_loss=round(float(res.best_val_loss), 6),
                          best_epoch=res.best_epoch, epochs_run=res.epochs_run,
                          stopped_early=res.stopped_early, history=compact(res.history[-20:]),
                          wall_s=round(res.wall_s, 2), plot=ctx.rel_if_made(res.best_path.parent / "loss.png"))


class GenerateJetsOutput(BaseModel):
    path: str
    n_jets: int


def generate_jets(inp: ToolInput, ctx: ToolContext) -> GenerateJetsOutput:
    from omnijet.operations import run

    cfg = ctx.config(GenerateJetsConfig, inp, overwrite=True)
    return GenerateJetsOutput(path=ctx.rel(run(cfg, ctx.progress)), n_jets=cfg.n_generate)


class EvaluateGenerationOutput(BaseModel):
    metrics_path: str
    n_jets: int
    classifier_auc: float  # DeepSets generated-vs-reference AUC; 0.5 = indistinguishable
    classifier_n_test: int = 0  # held-out jets behind that AUC, both classes together (balanced)
    w1: dict[str, float]  # Wasserstein-1 distance per observable
    plots: list[str]


def evaluate_generation(inp: ToolInput, ctx: ToolContext) -> EvaluateGenerationOutput:
    from omnijet.operations import run

    cfg = ctx.config(GenerationEvalConfig, inp)
    m = run(cfg, ctx.progress)
    return EvaluateGenerationOutput(
        metrics_path=ctx.rel(cfg.out / "metrics.json"), n_jets=int(m["n_jets"]),
        classifier_auc=round(float(m["classifier_auc"]), 5), classifier_n_test=int(m["classifier"]["n_test"]),
        w1={k: round(float(v), 6) for k, v in m["w1"].items()},
        plots=[ctx.rel(p) for p in m.get("plots", [])])


class JetLikelihoodOutput(BaseModel):
    metrics_path: str
    per_class: dict[str, dict[str, Any]]  # class -> n_jets, mean NLL and its standard error (summed, per token)
    separation: dict[str, Any]  # "<first>_vs_<other>" -> AUC of -NLL (summed, per token) with errors
    files: list[str]


def jet_likelihood(inp: ToolInput, ctx: ToolContext) -> JetLikelihoodOutput:
    from omnijet.operations import run

    cfg = ctx.config(JetLikelihoodConfig, inp)
    m = run(cfg, ctx.progress)
    return JetLikelihoodOutput(
        metrics_path=ctx.rel(cfg.out / "metrics.json"),
        per_class={k: {f: v[f] for f in ("n_jets", "nll_mean", "nll_stderr", "nll_per_token_mean",
                                         "nll_per_token_stderr")} for k, v in m["per_class"].items()},
        separation=m["separation"], files=sorted(ctx.rel(p) for p in cfg.out.iterdir() if p.is_file()))


TOOLS = [
    Tool("pretrain", "Pretrain the GPT backbone on token files: next-token prediction (the "
         "paper), masked-particle or joint objective, token or continuous inputs (the hybrid "
         "model of arXiv:2512.04149); resumes if interrupted.", PretrainInput, PretrainOutput, pretrain, timeout_s=12 * 3600,
         uses_gpu=True),
    Tool("generate_jets", "Generate jets with a pretrained GPT and decode them with its "
         "tokenizer (JetClass ROOT file).", GenerateJetsInput, GenerateJetsOutput, generate_jets,
         timeout_s=6 * 3600, uses_gpu=True),
    Tool("evaluate_generation", "Compare generated with real jets: DeepSets classifier-test AUC "
         "(paper: 0.54), Wasserstein-1 distances of observables, histograms.",
         EvaluateGenerationInput, EvaluateGenerationOutput, evaluate_generation,
         timeout_s=3600, uses_gpu=True),
    Tool("jet_likelihood", "Score the jets of several files (one class each) with one GPT: per-jet "
         "negative log-likelihood per class, and the AUC of -NLL between the first class and each "
         "other (a GPT trained on one class used as a classifier).", JetLikelihoodInput,
         JetLikelihoodOutput, jet_likelihood, timeout_s=3600, uses_gpu=True),
]
