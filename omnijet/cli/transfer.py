"""CLI commands of the transfer area: fine-tuning scans and anomaly detection (no LLM).

    omnijet-agent finetune --gpt runs/gpt/best.pt --tokenizer runs/tok/best.pt \
        --train top.root qcd.root --sizes 100 1000 10000 \
        --strategies scratch finetune frozen-backbone --seeds 3 --out runs/ft
    omnijet-agent anomaly --data lhco_qcd.h5 lhco_sig.h5 --tokenizer runs/tok/best.pt \
        --signal-fraction 0.01 --fractions 0 0.003 0.01 0.03 --out runs/ad

List options take several values after one flag (`--sizes 100 1000`) or repeated flags.

On a cluster, split a scan into shards that share one --out, then merge:

    omnijet-agent finetune ... --out runs/ft --shard 0/3     # and 1/3, 2/3 (any order, any node)
    omnijet-agent merge --out runs/ft                        # tables once every shard finished
    omnijet-agent slurm --shards 3 --script ft.sbatch -- finetune ... --out runs/ft
    bash ft.sbatch                                           # job array + dependent merge job

Inside a Slurm job array --shard defaults to SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT.
Scans are not data-parallel: under torchrun (WORLD_SIZE > 1) they refuse with one line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from omnijet.errors import ConfigError
from omnijet.presets import check_preset

SHARD_HELP = ("i/n: run points i, i+n, ... of the scan only (default: the Slurm array task); "
              "then `merge`")
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
    shard: Annotated[str | None, typer.Option(help=SHARD_HELP)] = None,
) -> None:
    """Fine-tuning scan: sizes x strategies x seeds -> table, metrics JSON, learning curve."""
    from omnijet.train.distributed import refuse_under_torchrun
    from omnijet.transfer.classifier import HEADS, STRATEGIES
    from omnijet.transfer.finetune import FinetuneConfig
    from omnijet.transfer.finetune_scan import ScanConfig
    from omnijet.transfer.from_files import run_finetune_scan
    from omnijet.transfer.shards import resolve_shard

    refuse_under_torchrun("finetune", SCAN_HINT)
    part = resolve_shard(shard)

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
                            scratch_preset=scratch_preset, progress=_printer("finetune"), shard=part)
    if "shard" in res:
        _shard_done(res, out)
        return
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
    shard: Annotated[str | None, typer.Option(help=SHARD_HELP)] = None,
) -> None:
    """Anomaly detection: GPT likelihood (unsupervised) and CWoLa (weakly supervised)."""
    from omnijet.train.distributed import refuse_under_torchrun
    from omnijet.transfer.anomaly_scan import AnomalyConfig
    from omnijet.transfer.from_files import run_anomaly
    from omnijet.transfer.shards import resolve_shard

    refuse_under_torchrun("anomaly", SCAN_HINT)
    part = resolve_shard(shard)

    if cwola_model not in ("hgb", "mlp") or nll_reduce not in ("sum", "mean"):
        raise ConfigError(f"--cwola-model hgb|mlp and --nll-reduce sum|mean, got {cwola_model!r}, {nll_reduce!r}")
    check_preset(gpt_preset, "--gpt-preset")
    cfg = AnomalyConfig(
        signal_region=(sr_low, sr_high), sideband=sideband, signal_fraction=signal_fraction,
        scan_fractions=tuple(fractions if fractions is not None else (0.0, 0.003, 0.01, 0.03)),
        test_frac=test_frac, folds=folds, cwola_model=cwola_model, embeddings=embeddings,  # type: ignore[arg-type]
        nll_reduce=nll_reduce, min_bkg=min_bkg, gpt_preset=gpt_preset, gpt_epochs=gpt_epochs,  # type: ignore[arg-type]
        gpt_batch_size=gpt_batch_size, gpt_max_steps_per_epoch=gpt_max_steps_per_epoch,
        seed=seed, device=device,
    )
    res = run_anomaly(data, tokenizer, out, cfg, gpt=gpt, max_events=max_events,
                      progress=_printer("anomaly"), shard=part)
    if "shard" in res:
        _shard_done(res, out)
        return
    h = res["headline"]
    typer.echo(f"at S/(S+B) = {signal_fraction}: unsupervised AUC {h['unsupervised_auc']:.3f} "
               f"max SIC {h['unsupervised_max_sic']:.2f}; CWoLa AUC {h['cwola_auc']:.3f} "
               f"max SIC {h['cwola_max_sic']:.2f} -> {out}/summary.md")


SCAN_HINT = "split a scan across processes or nodes with --shard i/n (e.g. a Slurm job array)"


def _shard_done(res: dict[str, Any], out: Path) -> None:
    typer.echo(f"shard {res['shard']}: {len(res['points'])} points in {out}/points.jsonl; "
               f"{res['scan_done']} of {res['scan_total']} points of the scan finished")
    if res["scan_done"] == res["scan_total"]:
        typer.echo(f"all points finished: omnijet-agent merge --out {out}")


def merge(
    out: Annotated[Path, typer.Option(help="results folder shared by the shards of a scan")],
) -> None:
    """Build a sharded scan's tables, metrics.json, plots and summary from its points."""
    from omnijet.train.distributed import refuse_under_torchrun
    from omnijet.transfer.from_files import merge_scan

    refuse_under_torchrun("merge")
    kind, res = merge_scan(out)
    if kind == "finetune":
        typer.echo((out / "results.md").read_text())
        typer.echo(f"{len(res['points'])} points merged -> {out}/ (metrics.json, results.csv, "
                   "learning_curve.png, summary.md)")
    else:
        h = res["headline"]
        typer.echo(f"merged: unsupervised AUC {h['unsupervised_auc']:.3f}, CWoLa AUC "
                   f"{h['cwola_auc']:.3f} at S/(S+B) = {res['signal_fraction']} -> {out}/summary.md")


def slurm(
    ctx: typer.Context,
    shards: Annotated[int, typer.Option(help="array tasks (shards of the scan)")],
    script: Annotated[Path, typer.Option(help="sbatch script to write")],
    time: Annotated[str, typer.Option(help="time limit per array task (Slurm format)")] = "04:00:00",
    cpus_per_task: int = 4,
    gpus_per_task: Annotated[int, typer.Option(help="GPUs per array task (0: CPU only)")] = 0,
    mem: Annotated[str | None, typer.Option(help="memory per task, e.g. 32G")] = None,
    partition: str | None = None,
    account: str | None = None,
    job_name: str = "omnijet-scan",
    setup: Annotated[list[str] | None, typer.Option(help="shell line run before the scan (repeatable), "
                                                     "e.g. 'source .venv/bin/activate'")] = None,
    overwrite: bool = False,
) -> None:
    """Write the sbatch script of a job array running a scan in shards, plus its merge job.

    Give the scan command after `--`: omnijet-agent slurm --shards 3 --script ft.sbatch --
    finetune --gpt ... --out runs/ft. Then `bash ft.sbatch` submits the array and a merge job
    that starts when every task has succeeded (`sbatch ft.sbatch` submits only the array).
    """
    from omnijet.transfer.shards import sbatch_script, slurm_log_dir

    args = list(ctx.args)
    outs = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--out"]
    outs += [a.split("=", 1)[1] for a in args if a.startswith("--out=")]
    if len(outs) != 1:
        raise ConfigError("give the scan command after --, with one --out (the folder shared by the shards)")
    if script.exists() and not overwrite:
        raise ConfigError(f"{script} exists: pass --overwrite to replace it")
    text = sbatch_script(args, outs[0], shards, job_name=job_name, time=time,
                         cpus_per_task=cpus_per_task, gpus_per_task=gpus_per_task, mem=mem,
                         partition=partition, account=account, setup=setup or ())
    script.parent.mkdir(parents=True, exist_ok=True)
    slurm_log_dir(outs[0]).mkdir(parents=True, exist_ok=True)  # sbatch does not make it
    script.write_text(text)
    script.chmod(0o755)
    typer.echo(f"wrote {script}: bash {script} submits {shards} array tasks and the merge job")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the root app."""
    app.command(cls=_MultiValueCommand)(finetune)
    app.command(cls=_MultiValueCommand)(anomaly)
    app.command()(merge)
    app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(slurm)
