"""CLI commands of the tokenizer area.

    omnijet-agent tokenizer train --data top.root qcd.root --out runs/tok --kind conditional \
        --preset small --codebook 512 --epochs 20
    omnijet-agent tokenizer eval --tokenizer runs/tok/best.pt --data test.root --out runs/tokq
    omnijet-agent tokenize --tokenizer runs/tok/best.pt --data top.root --out tokens.pt

`--data` takes one or more files (`--data a.root b.root` or `--data a.root --data b.root`).
"""

from __future__ import annotations

import json

import typer

from omnijet.cli.options import register_op
from omnijet.config import TokenizeConfig, TokenizerTrainConfig, TokenQualityConfig


def _echo_progress(event: dict) -> None:
    if event.get("event") == "epoch":
        typer.echo(
            f"epoch {event['epoch'] + 1}: train {event['train_loss']:.4f} "
            f"val {event['val_loss']:.4f} (mse {event.get('val_mse', float('nan')):.4f}, "
            f"usage {event.get('val_usage', float('nan')):.2f})", err=True,
        )


def train(cfg: TokenizerTrainConfig) -> None:
    """Train a VQ-VAE tokenizer (or fit the binned baseline); resumes if interrupted."""
    from omnijet.operations import run
    from omnijet.train.distributed import refuse_under_torchrun, torchrun_group

    if cfg.kind == "binned":  # a histogram fit, nothing to run in parallel
        refuse_under_torchrun("tokenizer train --kind binned")
    with torchrun_group("tokenizer train") as main_rank:  # under torchrun: data-parallel
        res = run(cfg, _echo_progress)
    if not main_rank:
        return
    v = res.metrics["val"]
    typer.echo(f"{res.best_path}: val mse {v['mse']:.4f}, codebook usage {v['codebook_usage']:.2%} "
               f"of {v['codebook_size']}, perplexity {v['perplexity']:.1f}")


def evaluate(cfg: TokenQualityConfig) -> None:
    """Token quality: resolutions per jet class, codebook use, classifier gap, plots."""
    from omnijet.operations import run
    from omnijet.train.distributed import refuse_under_torchrun

    refuse_under_torchrun("tokenizer eval")
    m = run(cfg)
    summary = {c: {k: round(v["abs68"], 4) for k, v in d["jet"].items()}
               for c, d in m["per_class"].items()}
    typer.echo(f"resolution (68% quantile of |reco - truth|) per class: {json.dumps(summary)}")
    if "accuracy_gap" in m.get("classifier", {}):
        typer.echo(f"classifier accuracy original {m['classifier']['original']['accuracy']:.3f}, "
                   f"reconstructed {m['classifier']['reconstructed']['accuracy']:.3f}")
    typer.echo(f"metrics: {cfg.out / 'metrics.json'}")


def tokenize(cfg: TokenizeConfig) -> None:
    """Tokenize jet files into one token file (TokenDataset .pt, with provenance)."""
    from omnijet.operations import run
    from omnijet.tokenizer.tokens import TokenDataset
    from omnijet.train.distributed import refuse_under_torchrun

    refuse_under_torchrun("tokenize", "split the input files across processes instead")
    path = run(cfg)
    ds = TokenDataset.load(path)
    typer.echo(f"{len(ds)} jets, {int(ds.mask.sum())} tokens (codebook {ds.codebook_size}) -> {path}")


def register(app: typer.Typer) -> None:
    """Add `tokenizer train|eval` and `tokenize` to the root app."""
    group = typer.Typer(help="Train and evaluate jet-constituent tokenizers.", no_args_is_help=True)
    register_op(group, "train", TokenizerTrainConfig, train)
    register_op(group, "eval", TokenQualityConfig, evaluate)
    app.add_typer(group, name="tokenizer")
    register_op(app, "tokenize", TokenizeConfig, tokenize)
