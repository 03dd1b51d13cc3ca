"""CLI commands of the tokenizer area.

    omnijet-agent tokenizer train --data top.root qcd.root --out runs/tok --kind conditional \
        --preset small --codebook 512 --epochs 20
    omnijet-agent tokenizer eval --tokenizer runs/tok/best.pt --data test.root --out runs/tokq
    omnijet-agent tokenize --tokenizer runs/tok/best.pt --data top.root --out tokens.pt

`--data` takes one or more files (`--data a.root b.root` or `--data a.root --data b.root`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from omnijet.errors import ConfigError
from omnijet.presets import check_preset

MULTI = {"allow_extra_args": True, "ignore_unknown_options": False}


def _paths(data: list[Path], ctx: typer.Context) -> list[Path]:
    """--data values plus the further paths typed after it (typer options take one value)."""
    extra = list(ctx.args)
    bad = [a for a in extra if a.startswith("-")]
    if bad:
        raise ConfigError(f"unknown option(s) {bad}")
    return [*data, *map(Path, extra)]


def _echo_progress(event: dict) -> None:
    if event.get("event") == "epoch":
        typer.echo(
            f"epoch {event['epoch'] + 1}: train {event['train_loss']:.4f} "
            f"val {event['val_loss']:.4f} (mse {event.get('val_mse', float('nan')):.4f}, "
            f"usage {event.get('val_usage', float('nan')):.2f})", err=True,
        )


def train(
    ctx: typer.Context,
    data: Annotated[list[Path], typer.Option(help="jet files (.root JetClass or .h5 LHCO)")],
    out: Annotated[Path, typer.Option(help="run directory (best.pt, last.pt, history.json, metrics.json)")],
    kind: Annotated[str, typer.Option(help="conditional | unconditional | binned")] = "conditional",
    preset: Annotated[str, typer.Option(help="tiny | small | paper")] = "small",
    codebook: Annotated[int | None, typer.Option(help="codebook size (default: the preset's)")] = None,
    epochs: int = 20,
    batch_size: int = 512,
    lr: float = 1e-3,
    patience: Annotated[int, typer.Option(help="early stopping patience in epochs")] = 5,
    max_jets: Annotated[int | None, typer.Option(help="use at most this many jets")] = None,
    val_frac: Annotated[float, typer.Option(help="fraction of jets held out for validation")] = 0.2,
    seed: int = 0,
    device: Annotated[str, typer.Option(help="auto | cpu | cuda | cuda:N")] = "auto",
    resume: Annotated[bool, typer.Option(help="continue from out/last.pt if present")] = True,
) -> None:
    """Train a VQ-VAE tokenizer (or fit the binned baseline); resumes if interrupted."""
    from omnijet.train.distributed import refuse_under_torchrun, torchrun_group
    from omnijet.train.loop import TrainConfig
    from omnijet.train.tokenizer import train_tokenizer_files

    check_preset(preset, "--preset")
    if kind == "binned":  # a histogram fit, nothing to run in parallel
        refuse_under_torchrun("tokenizer train --kind binned")
    cfg = TrainConfig(epochs=epochs, batch_size=batch_size, lr=lr, patience=patience, seed=seed,
                      device=device)
    with torchrun_group("tokenizer train") as main_rank:  # under torchrun: data-parallel
        res = train_tokenizer_files(_paths(data, ctx), out, kind, preset, codebook, cfg,  # type: ignore[arg-type]
                                    max_jets, val_frac, _echo_progress, resume)
    if not main_rank:
        return
    v = res.metrics["val"]
    typer.echo(f"{res.best_path}: val mse {v['mse']:.4f}, codebook usage {v['codebook_usage']:.2%} "
               f"of {v['codebook_size']}, perplexity {v['perplexity']:.1f}")


def evaluate(
    ctx: typer.Context,
    tokenizer: Annotated[Path, typer.Option(help="tokenizer checkpoint (best.pt)")],
    data: Annotated[list[Path], typer.Option(help="jet files to reconstruct")],
    out: Annotated[Path, typer.Option(help="directory for metrics.json and plots")],
    max_jets: Annotated[int | None, typer.Option(help="use at most this many jets")] = None,
    classifier: Annotated[bool, typer.Option(help="DeepSets original-vs-reconstructed accuracy")] = True,
    device: str = "auto",
) -> None:
    """Token quality: resolutions per jet class, codebook use, classifier gap, plots."""
    from omnijet.evaluate.token_quality import evaluate_token_quality
    from omnijet.train.distributed import refuse_under_torchrun

    refuse_under_torchrun("tokenizer eval")

    m = evaluate_token_quality(tokenizer, _paths(data, ctx), out, max_jets, classifier,
                               device=device)
    summary = {c: {k: round(v["abs68"], 4) for k, v in d["jet"].items()}
               for c, d in m["per_class"].items()}
    typer.echo(f"resolution (68% quantile of |reco - truth|) per class: {json.dumps(summary)}")
    if "accuracy_gap" in m.get("classifier", {}):
        typer.echo(f"classifier accuracy original {m['classifier']['original']['accuracy']:.3f}, "
                   f"reconstructed {m['classifier']['reconstructed']['accuracy']:.3f}")
    typer.echo(f"metrics: {Path(out) / 'metrics.json'}")


def tokenize(
    ctx: typer.Context,
    tokenizer: Annotated[Path, typer.Option(help="tokenizer checkpoint (best.pt)")],
    data: Annotated[list[Path], typer.Option(help="jet files to tokenize")],
    out: Annotated[Path, typer.Option(help="token file to write (.pt)")],
    max_jets: Annotated[int | None, typer.Option(help="use at most this many jets")] = None,
    device: str = "auto",
    overwrite: Annotated[bool, typer.Option(help="replace an existing output file")] = False,
) -> None:
    """Tokenize jet files into one token file (TokenDataset .pt, with provenance)."""
    from omnijet.data.io import check_output
    from omnijet.tokenizer.api import tokenize_file
    from omnijet.tokenizer.tokens import TokenDataset
    from omnijet.train.distributed import refuse_under_torchrun

    refuse_under_torchrun("tokenize", "split the input files across processes instead")

    if max_jets is not None and max_jets < 1:
        raise ConfigError(f"--max-jets must be >= 1, got {max_jets}")
    check_output(out, overwrite)  # before loading the tokenizer and encoding, not after

    path = tokenize_file(tokenizer, _paths(data, ctx), out, max_jets, device)
    ds = TokenDataset.load(path)
    typer.echo(f"{len(ds)} jets, {int(ds.mask.sum())} tokens (codebook {ds.codebook_size}) -> {path}")


def register(app: typer.Typer) -> None:
    """Add `tokenizer train|eval` and `tokenize` to the root app."""
    group = typer.Typer(help="Train and evaluate jet-constituent tokenizers.", no_args_is_help=True)
    group.command("train", context_settings=MULTI)(train)
    group.command("eval", context_settings=MULTI)(evaluate)
    app.add_typer(group, name="tokenizer")
    app.command("tokenize", context_settings=MULTI)(tokenize)
