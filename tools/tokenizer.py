"""Tokenizer tools: train a VQ-VAE (or the binned baseline), tokenize files, token quality.

Their inputs are the operation configs' fields (omnijet/config.py), run by omnijet.operations.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from omnijet.config import TokenizeConfig, TokenizerTrainConfig, TokenQualityConfig
from tools.base import Tool, ToolContext, ToolInput, compact, tool_input

TrainTokenizerInput = tool_input(TokenizerTrainConfig, "TrainTokenizerInput")
# the agents own their workspace: a revision re-tokenizes in place (overwrite)
TokenizeInput = tool_input(TokenizeConfig, "TokenizeInput", exclude=("overwrite",))
TokenQualityInput = tool_input(TokenQualityConfig, "TokenQualityInput")


class TrainTokenizerOutput(BaseModel):
    best_path: str
    metrics_path: str
    val: dict[str, Any]  # mse, codebook usage, perplexity, ...
    plot: str | None = None  # the training and validation loss per epoch (loss.png)


def train_tokenizer(inp: ToolInput, ctx: ToolContext) -> TrainTokenizerOutput:
    from omnijet.operations import run

    cfg = ctx.config(TokenizerTrainConfig, inp)
    res = run(cfg, ctx.progress)
    return TrainTokenizerOutput(best_path=ctx.rel(res.best_path),
                                metrics_path=ctx.rel(cfg.out / "metrics.json"),
                                val=compact(res.metrics.get("val", {})),
                                plot=ctx.rel_if_made(cfg.out / "loss.png"))


class TokenizeOutput(BaseModel):
    path: str
    n_jets: int
    n_tokens: int
    codebook_size: int


def tokenize(inp: ToolInput, ctx: ToolContext) -> TokenizeOutput:
    from omnijet.operations import run
    from omnijet.tokenizer.tokens import TokenDataset

    path = run(ctx.config(TokenizeConfig, inp, overwrite=True), ctx.progress)
    ds = TokenDataset.load(path)
    return TokenizeOutput(path=ctx.rel(path), n_jets=len(ds), n_tokens=int(ds.mask.sum()),
                          codebook_size=ds.codebook_size)


class TokenQualityOutput(BaseModel):
    metrics_path: str
    plots: list[str]
    summary: dict[str, Any]  # resolution widths per class, codebook use, classifier gap


def token_quality(inp: ToolInput, ctx: ToolContext) -> TokenQualityOutput:
    from omnijet.operations import run

    cfg = ctx.config(TokenQualityConfig, inp)
    m = run(cfg, ctx.progress)
    plots = [ctx.rel(p) for p in m.get("plots", [])]
    summary = {k: v for k, v in m.items() if k not in ("plots", "provenance", "data")}
    return TokenQualityOutput(metrics_path=ctx.rel(cfg.out / "metrics.json"), plots=plots,
                              summary=compact(summary, max_list=10, depth=4))


TOOLS = [
    Tool("train_tokenizer", "Train a jet-constituent tokenizer (VQ-VAE, conditional or "
         "unconditional, or the binned baseline) on jet files; resumes if interrupted.",
         TrainTokenizerInput, TrainTokenizerOutput, train_tokenizer, timeout_s=6 * 3600,
         uses_gpu=True),
    Tool("tokenize", "Encode jet files into a token file (.pt) with a trained tokenizer.",
         TokenizeInput, TokenizeOutput, tokenize, timeout_s=3600, uses_gpu=True),
    Tool("token_quality", "Evaluate a tokenizer: reconstruction resolution of jet observables "
         "per class, codebook use, classifier gap between original and reconstructed jets, plots.",
         TokenQualityInput, TokenQualityOutput, token_quality, timeout_s=3600, uses_gpu=True),
]
