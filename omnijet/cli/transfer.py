"""CLI commands of the transfer area: fine-tuning scans and anomaly detection (no LLM).

    omnijet-agent finetune --gpt runs/gpt/best.pt --tokenizer runs/tok/best.pt \
        --train top.root qcd.root --sizes 100 1000 10000 \
        --strategies scratch finetune frozen-backbone --seeds 3 --out runs/ft
    omnijet-agent anomaly --data lhco_qcd.h5 lhco_sig.h5 --tokenizer runs/tok/best.pt \
        --signal-fraction 0.01 --fractions 0 0.003 0.01 0.03 --out runs/ad

List options take several values after one flag (`--sizes 100 1000`) or repeated flags.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from omnijet.errors import ConfigError

MULTI = ("--train", "--sizes", "--strategies", "--data", "--fractions", "--cwola-features")


class _MultiValueCommand(TyperCommand):
    """Rewrites `--opt a b c` into `--opt a --opt b --opt c` for the list options above."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        out: list[str] = []
        current: str | None = None
        for a in args:
            if a.startswith("--"):
                current = a if a in MULTI else None
                if current is None:
                    out.append(a)
                continue
            if current is not None:
                out += [current, a]
            else:
                out.append(a)
        return super().parse_args(ctx, out)


def _printer(prefix: str):
    def progress(e: dict[str, Any]) -> None:
        kind = e.get("event")
        if kind == "epoch":
            msg = (f"  {e.get('desc', '')} epoch {e['epoch'] + 1}: train {e['train_loss']:.4f} "
                   f"val {e['val_loss']:.4f}" + (f" acc {e['val_acc']:.3f}" if "val_acc" in e else ""))
        elif kind == "point":
            rej = e.get("rejection_50")
            msg = (f"[{e['index']}/{e['todo']}] {e['key']}: accuracy {e['accuracy']:.4f} "
                   f"AUC {e['auc']:.4f}" + (f" R50 {rej:.1f}" if rej is not None else "")
                   + f" ({e['epochs_run']} epochs, {e['train_seconds']:.0f} s)")
        elif kind == "scan":
            msg = f"{e['total']} points, {e['done']} already finished"
        elif kind == "stage":
            msg = " ".join(f"{k}={v}" for k, v in e.items() if k != "event")
        else:
            return
        print(f"[{prefix}] {msg}", file=sys.stderr, flush=True)

    return progress


def finetune(
    train: Annotated[list[Path], typer.Option(help="labelled jet files (.root/.h5, tokenized here) or token files (.pt)")],
    out: Annotated[Path, typer.Option(help="results folder (rerun to resume)")],
    gpt: Annotated[Path | None, typer.Option(help="pretrained GPT checkpoint (needed unless only scratch)")] = None,
    tokenizer: Annotated[Path | None, typer.Option(help="tokenizer checkpoint (for jet files)")] = None,
    sizes: Annotated[list[int] | None, typer.Option(help="training-set sizes")] = None,
    strategies: Annotated[list[str] | None, typer.Option(help="scratch finetune frozen-backbone")] = None,
    seeds: Annotated[int, typer.Option(help="seeds per point")] = 3,
    n_val: Annotated[int, typer.Option(help="fixed validation jets (early stopping)")] = 2000,
    n_test: Annotated[int, typer.Option(help="fixed test jets")] = 5000,
    max_jets: Annotated[int | None, typer.Option(help="read at most this many jets per file")] = None,
    head: Annotated[str, typer.Option(help="sum | class_attention")] = "sum",
    epochs: int = 30,
    batch_size: int = 128,
    lr: Annotated[float, typer.Option(help="AdamW lr for finetune/frozen-backbone")] = 1e-4,
    scratch_lr: Annotated[float, typer.Option(help="AdamW lr for scratch")] = 1e-4,
    patience: int = 5,
    min_epoch_jets: Annotated[int, typer.Option(help="cycle small sets to >= this many jets per epoch")] = 1024,
    max_steps_per_epoch: Annotated[int | None, typer.Option(help="cap steps per epoch")] = None,
    scratch_preset: Annotated[str, typer.Option(help="backbone size when no --gpt is given")] = "small",
    keep_checkpoints: bool = False,
    device: Annotated[str, typer.Option(help="auto | cpu | cuda")] = "auto",
) -> None:
    """Fine-tuning scan: sizes x strategies x seeds -> table, metrics JSON, learning curve."""
    from omnijet.transfer.classifier import HEADS, STRATEGIES
    from omnijet.transfer.finetune import FinetuneConfig
    from omnijet.transfer.finetune_scan import ScanConfig
    from omnijet.transfer.from_files import run_finetune_scan

    strategies = strategies or ["scratch", "finetune", "frozen-backbone"]
    if bad := [s for s in strategies if s not in STRATEGIES]:
        raise ConfigError(f"--strategies: unknown {bad}; choose from {STRATEGIES}")
    if head not in HEADS:
        raise ConfigError(f"--head must be one of {HEADS}, got {head!r}")
    ft = FinetuneConfig(head=head, lr=lr, scratch_lr=scratch_lr, epochs=epochs,  # type: ignore[arg-type]
                        batch_size=batch_size, patience=patience, min_epoch_jets=min_epoch_jets,
                        max_steps_per_epoch=max_steps_per_epoch, device=device)
    cfg = ScanConfig(sizes=tuple(sizes or (100, 1000, 10_000)), strategies=tuple(strategies),  # type: ignore[arg-type]
                     seeds=seeds, n_val=n_val, n_test=n_test, finetune=ft,
                     keep_checkpoints=keep_checkpoints)
    res = run_finetune_scan(train, out, cfg, gpt=gpt, tokenizer=tokenizer, max_jets=max_jets,
                            scratch_preset=scratch_preset, progress=_printer("finetune"))
    typer.echo((out / "results.md").read_text())
    typer.echo(f"{len(res['points'])} points -> {out}/ (metrics.json, results.csv, "
               "learning_curve.png, summary.md)")


def anomaly(
    data: Annotated[list[Path], typer.Option(help="LHCO-layout HDF5 file(s): background and signal")],
    tokenizer: Annotated[Path, typer.Option(help="tokenizer checkpoint")],
    out: Annotated[Path, typer.Option(help="results folder")],
    gpt: Annotated[Path | None, typer.Option(help="GPT trained on background-dominated data; default: train one here")] = None,
    signal_fraction: Annotated[float, typer.Option(help="injected S/(S+B) of the main result")] = 0.01,
    fractions: Annotated[list[float] | None, typer.Option(help="CWoLa scan over injected fractions")] = None,
    sr_low: Annotated[float, typer.Option(help="signal region lower mjj edge [GeV]")] = 3300.0,
    sr_high: Annotated[float, typer.Option(help="signal region upper mjj edge [GeV]")] = 3700.0,
    sideband: Annotated[float, typer.Option(help="width of each sideband [GeV]")] = 300.0,
    folds: int = 5,
    cwola_model: Annotated[str, typer.Option(help="hgb | mlp")] = "hgb",
    embeddings: Annotated[int, typer.Option(help="PCA dims of backbone embeddings per jet added to CWoLa (0 = none)")] = 0,
    nll_reduce: Annotated[str, typer.Option(help="per-jet NLL: sum | mean over tokens")] = "sum",
    min_bkg: Annotated[int, typer.Option(help="max SIC only where >= this many background events pass")] = 20,
    test_frac: float = 0.5,
    max_events: Annotated[int | None, typer.Option(help="read at most this many events per file")] = None,
    gpt_preset: str = "small",
    gpt_epochs: int = 10,
    gpt_batch_size: int = 256,
    gpt_max_steps_per_epoch: int | None = None,
    seed: int = 0,
    device: str = "auto",
) -> None:
    """Anomaly detection: GPT likelihood (unsupervised) and CWoLa (weakly supervised)."""
    from omnijet.transfer.anomaly_scan import AnomalyConfig
    from omnijet.transfer.from_files import run_anomaly

    if cwola_model not in ("hgb", "mlp") or nll_reduce not in ("sum", "mean"):
        raise ConfigError(f"--cwola-model hgb|mlp and --nll-reduce sum|mean, got {cwola_model!r}, {nll_reduce!r}")
    if gpt_preset not in ("tiny", "small", "paper"):
        raise ConfigError(f"--gpt-preset must be tiny, small or paper, got {gpt_preset!r}")
    cfg = AnomalyConfig(
        signal_region=(sr_low, sr_high), sideband=sideband, signal_fraction=signal_fraction,
        scan_fractions=tuple(fractions if fractions is not None else (0.0, 0.003, 0.01, 0.03)),
        test_frac=test_frac, folds=folds, cwola_model=cwola_model, embeddings=embeddings,  # type: ignore[arg-type]
        nll_reduce=nll_reduce, min_bkg=min_bkg, gpt_preset=gpt_preset, gpt_epochs=gpt_epochs,  # type: ignore[arg-type]
        gpt_batch_size=gpt_batch_size, gpt_max_steps_per_epoch=gpt_max_steps_per_epoch,
        seed=seed, device=device,
    )
    res = run_anomaly(data, tokenizer, out, cfg, gpt=gpt, max_events=max_events,
                      progress=_printer("anomaly"))
    h = res["headline"]
    typer.echo(f"at S/(S+B) = {signal_fraction}: unsupervised AUC {h['unsupervised_auc']:.3f} "
               f"max SIC {h['unsupervised_max_sic']:.2f}; CWoLa AUC {h['cwola_auc']:.3f} "
               f"max SIC {h['cwola_max_sic']:.2f} -> {out}/summary.md")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the root app."""
    app.command(cls=_MultiValueCommand)(finetune)
    app.command(cls=_MultiValueCommand)(anomaly)
