"""CLI commands of the backbone area: pretrain, generate, evaluate-generation.

    omnijet-agent pretrain --tokens train.pt --val-tokens val.pt --preset small --out runs/gpt
    omnijet-agent generate --gpt runs/gpt/best.pt --tokenizer runs/tok/best.pt --jets 1000 \
        --out gen.root --seed 0
    omnijet-agent evaluate-generation --generated gen.root --reference real.root \
        --tokenizer runs/tok/best.pt --out runs/genq

Multi-GPU / multi-node pretraining: `torchrun --nproc_per_node N $(which omnijet-agent) pretrain ...`
or `torchrun ... -m omnijet.train.pretrain` (same options); --batch-size is per process.
`generate` and `evaluate-generation` refuse to run under torchrun (WORLD_SIZE > 1).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from omnijet.errors import ConfigError
from omnijet.presets import check_preset


def _preset(value: str) -> str:
    return check_preset(value, "--preset")


def pretrain(
    tokens: Annotated[Path, typer.Option(help="training token file (.pt)")],
    out: Annotated[Path, typer.Option(help="run directory (best.pt, last.pt, history.json)")],
    val_tokens: Annotated[Path | None, typer.Option(help="validation tokens; default 10% of train")] = None,
    preset: Annotated[str, typer.Option(help="tiny | small | paper")] = "small",
    epochs: int = 10,
    batch_size: int = 256,
    lr: float = 1e-3,
    patience: Annotated[int, typer.Option(help="early stopping patience in epochs")] = 5,
    seed: int = 0,
    device: Annotated[str, typer.Option(help="auto | cpu | cuda | cuda:N")] = "auto",
    tokenizer: Annotated[Path | None, typer.Option(help="tokenizer the tokens came from")] = None,
) -> None:
    """Pretrain the GPT backbone on token files (next-token prediction); resumes if interrupted."""
    from omnijet.train.distributed import torchrun_group
    from omnijet.train.pretrain import run_pretrain

    with torchrun_group("pretrain") as main_rank:  # under torchrun: data-parallel, one --out
        res = run_pretrain(tokens, out, val_tokens, _preset(preset), epochs, batch_size, lr,  # type: ignore[arg-type]
                           patience, seed, device, tokenizer)
    if main_rank:
        typer.echo(f"best val loss {res.best_val_loss:.4f} at epoch {res.best_epoch + 1}/"
                   f"{res.epochs_run}{' (stopped early)' if res.stopped_early else ''}: {res.best_path}")


def generate(
    gpt: Annotated[Path, typer.Option(help="GPT checkpoint (best.pt of a pretrain run)")],
    out: Annotated[Path, typer.Option(help="output JetClass ROOT file")],
    tokenizer: Annotated[Path | None, typer.Option(help="tokenizer checkpoint; default: the one the GPT records")] = None,
    jets: Annotated[int, typer.Option(help="number of jets")] = 1000,
    seed: int = 0,
    temperature: Annotated[float, typer.Option(help="softmax temperature; 0 = greedy")] = 1.0,
    top_k: Annotated[int | None, typer.Option(help="sample among the k most likely tokens")] = None,
    batch_size: int = 256,
    device: str = "auto",
    label: Annotated[int | None, typer.Option(help="JetClass index written as the jets' class")] = None,
    overwrite: Annotated[bool, typer.Option(help="replace an existing output file")] = False,
) -> None:
    """Generate jets with a pretrained GPT and write them as a JetClass ROOT file."""
    from omnijet.backbone.generate import generate_file
    from omnijet.data.io import check_output
    from omnijet.train.distributed import refuse_under_torchrun

    refuse_under_torchrun("generate", "give each process its own --seed and --out instead")
    if jets < 1:
        raise ConfigError(f"--jets must be >= 1, got {jets}")
    check_output(out, overwrite)  # before loading the model and sampling, not after

    path = generate_file(gpt, tokenizer, jets, out, batch_size=batch_size, temperature=temperature,
                         top_k=top_k, seed=seed, device=device, label=label)
    typer.echo(f"{jets} jets -> {path}")


def evaluate_generation(
    generated: Annotated[Path, typer.Option(help="generated jets (.root)")],
    reference: Annotated[Path, typer.Option(help="real jets (.root or .h5)")],
    out: Annotated[Path, typer.Option(help="directory for metrics.json and plots")],
    tokenizer: Annotated[Path | None, typer.Option(help="reconstruct the real jets with this tokenizer first")] = None,
    max_jets: int | None = None,
    seed: int = 0,
) -> None:
    """Classifier test (DeepSets AUC), Wasserstein-1 distances and histograms: generated vs real."""
    from omnijet.evaluate.generation import evaluate_generation as run
    from omnijet.train.distributed import refuse_under_torchrun

    refuse_under_torchrun("evaluate-generation")

    m = run(generated, reference, out, tokenizer_path=tokenizer, max_jets=max_jets, seed=seed)
    summary = {"n_jets": m["n_jets"], "classifier_auc": round(m["classifier_auc"], 4),
               "w1": {k: round(v, 4) for k, v in m["w1"].items()}}
    typer.echo(json.dumps(summary))
    typer.echo(f"metrics and plots: {out}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the root app."""
    app.command("pretrain")(pretrain)
    app.command("generate")(generate)
    app.command("evaluate-generation")(evaluate_generation)
