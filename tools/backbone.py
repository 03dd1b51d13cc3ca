"""Backbone tools: pretrain the GPT, generate jets with it, evaluate generated jets."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from tools.base import Preset, Tool, ToolContext, ToolInput, WorkspaceFile, WorkspacePath, compact


class PretrainInput(ToolInput):
    tokens: WorkspaceFile = Field(description="training token file (.pt, from tokenize)")
    val_tokens: WorkspaceFile | None = Field(None, description="validation tokens; default 10% of train")
    out: WorkspacePath = Field("runs/gpt", description="run folder (best.pt, history.json)")
    preset: Preset = Field("tiny", description="backbone size: tiny (CPU seconds), small, paper (3 blocks, 256 dim)")
    epochs: int = Field(10, ge=1, le=1000)
    batch_size: int = Field(256, ge=1, le=8192)
    lr: float = Field(1e-3, gt=0, le=1.0)
    patience: int = Field(5, ge=1)
    max_steps_per_epoch: int | None = Field(None, ge=1, description="cap steps per epoch (quick runs)")
    seed: int = Field(0, ge=0)
    tokenizer: WorkspaceFile | None = Field(None, description="tokenizer the tokens came from (recorded, vocab checked)")


class PretrainOutput(BaseModel):
    best_path: str
    best_val_loss: float
    best_epoch: int
    epochs_run: int
    stopped_early: bool
    history: list[dict[str, Any]]  # per epoch: train/val loss (last 20 epochs)
    wall_s: float


def pretrain(inp: PretrainInput, ctx: ToolContext) -> PretrainOutput:
    from omnijet.train.pretrain import run_pretrain

    opt = lambda p, f: ctx.path(p, f, True) if p else None  # noqa: E731
    res = run_pretrain(ctx.path(inp.tokens, "tokens", True), ctx.path(inp.out, "out"),
                       opt(inp.val_tokens, "val_tokens"), inp.preset, inp.epochs, inp.batch_size,
                       inp.lr, inp.patience, inp.seed, ctx.device, opt(inp.tokenizer, "tokenizer"),
                       progress=ctx.progress, progress_bar=False,
                       max_steps_per_epoch=inp.max_steps_per_epoch)
    return PretrainOutput(best_path=ctx.rel(res.best_path),
                          best_val_loss=round(float(res.best_val_loss), 6),
                          best_epoch=res.best_epoch, epochs_run=res.epochs_run,
                          stopped_early=res.stopped_early, history=compact(res.history[-20:]),
                          wall_s=round(res.wall_s, 2))


class GenerateJetsInput(ToolInput):
    gpt: WorkspaceFile = Field(description="GPT checkpoint (best.pt of pretrain)")
    tokenizer: WorkspaceFile = Field(description="tokenizer checkpoint the GPT was trained with")
    n_jets: int = Field(1000, ge=1, le=1_000_000)
    out: WorkspacePath = Field("data/generated.root", description="JetClass ROOT file to write")
    seed: int = Field(0, ge=0)
    temperature: float = Field(1.0, ge=0, le=10, description="softmax temperature; 0 = greedy")
    top_k: int | None = Field(None, ge=1, description="sample among the k most likely tokens")
    batch_size: int = Field(256, ge=1, le=8192)
    label: int | None = Field(None, ge=0, le=9, description="JetClass index written as the jets' class")


class GenerateJetsOutput(BaseModel):
    path: str
    n_jets: int


def generate_jets(inp: GenerateJetsInput, ctx: ToolContext) -> GenerateJetsOutput:
    from omnijet.backbone.generate import generate_file

    path = generate_file(ctx.path(inp.gpt, "gpt", True), ctx.path(inp.tokenizer, "tokenizer", True),
                         inp.n_jets, ctx.path(inp.out, "out"), batch_size=inp.batch_size,
                         temperature=inp.temperature, top_k=inp.top_k, seed=inp.seed,
                         device=ctx.device, label=inp.label, progress=ctx.progress)
    return GenerateJetsOutput(path=ctx.rel(path), n_jets=inp.n_jets)


class EvaluateGenerationInput(ToolInput):
    generated: WorkspaceFile = Field(description="generated jets (.root)")
    reference: list[WorkspaceFile] = Field(min_length=1, max_length=10, description=(
        "real jets (.root or .h5): the files the GPT was trained on (several classes are mixed)"))
    out: WorkspacePath = Field("runs/generation_eval", description="folder for metrics.json and plots")
    tokenizer: WorkspaceFile | None = Field(None, description="reconstruct the real jets with this tokenizer first (paper's comparison)")
    max_jets: int | None = Field(None, ge=20)
    seed: int = Field(0, ge=0)


class EvaluateGenerationOutput(BaseModel):
    metrics_path: str
    n_jets: int
    classifier_auc: float  # DeepSets generated-vs-reference AUC; 0.5 = indistinguishable
    w1: dict[str, float]  # Wasserstein-1 distance per observable
    plots: list[str]


def evaluate_generation(inp: EvaluateGenerationInput, ctx: ToolContext) -> EvaluateGenerationOutput:
    from omnijet.evaluate.generation import evaluate_generation as run

    out = ctx.path(inp.out, "out")
    m = run(ctx.path(inp.generated, "generated", True), [ctx.path(p, "reference", True) for p in inp.reference],
            out, tokenizer_path=ctx.path(inp.tokenizer, "tokenizer", True) if inp.tokenizer else None,
            max_jets=inp.max_jets, seed=inp.seed, progress=ctx.progress)
    return EvaluateGenerationOutput(
        metrics_path=ctx.rel(out / "metrics.json"), n_jets=int(m["n_jets"]),
        classifier_auc=round(float(m["classifier_auc"]), 5),
        w1={k: round(float(v), 6) for k, v in m["w1"].items()},
        plots=[ctx.rel(p) for p in m.get("plots", [])])


TOOLS = [
    Tool("pretrain", "Pretrain the GPT backbone on token files (next-token prediction); resumes "
         "if interrupted.", PretrainInput, PretrainOutput, pretrain, timeout_s=12 * 3600,
         uses_gpu=True),
    Tool("generate_jets", "Generate jets with a pretrained GPT and decode them with its "
         "tokenizer (JetClass ROOT file).", GenerateJetsInput, GenerateJetsOutput, generate_jets,
         timeout_s=6 * 3600, uses_gpu=True),
    Tool("evaluate_generation", "Compare generated with real jets: DeepSets classifier-test AUC "
         "(paper: 0.54), Wasserstein-1 distances of observables, histograms.",
         EvaluateGenerationInput, EvaluateGenerationOutput, evaluate_generation,
         timeout_s=3600, uses_gpu=True),
]
