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

import inspect
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from omnijet.cli.options import register_op
from omnijet.config import AnomalyScanConfig, FinetuneScanConfig, ResonanceSearchConfig
from omnijet.errors import ConfigError

SHARD = inspect.Parameter("shard", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[
    str | None, typer.Option(help="i/n: run points i, i+n, ... of the scan only (default: the Slurm "
                             "array task); then `merge`")])
SCAN_HINT = "split a scan across processes or nodes with --shard i/n (e.g. a Slurm job array)"


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


def _scan(name: str, cfg: FinetuneScanConfig | AnomalyScanConfig, shard: str | None) -> dict[str, Any] | None:
    """Run a scan (or one shard of it, which says what is left and returns None)."""
    from omnijet.operations import run
    from omnijet.train.distributed import refuse_under_torchrun
    from omnijet.transfer.shards import resolve_shard

    refuse_under_torchrun(name, SCAN_HINT)
    res = run(cfg, _printer(name), shard=resolve_shard(shard))
    if "shard" in res:
        _shard_done(res, cfg.out)
        return None
    return res


def finetune(cfg: FinetuneScanConfig, shard: str | None = None) -> None:
    """Fine-tuning scan: sizes x strategies x seeds -> table, metrics JSON, learning curve."""
    if (res := _scan("finetune", cfg, shard)) is None:
        return
    typer.echo((cfg.out / "results.md").read_text())
    typer.echo(f"{len(res['points'])} points -> {cfg.out}/ (metrics.json, results.csv, "
               "learning_curve.png, summary.md)")


def anomaly(cfg: AnomalyScanConfig, shard: str | None = None) -> None:
    """Anomaly detection: GPT likelihood (unsupervised) and CWoLa (weakly supervised)."""
    if (res := _scan("anomaly", cfg, shard)) is None:
        return
    h = res["headline"]
    typer.echo(f"at S/(S+B) = {cfg.signal_fraction}: unsupervised AUC {h['unsupervised_auc']:.3f} "
               f"max SIC {h['unsupervised_max_sic']:.2f}; CWoLa AUC {h['cwola_auc']:.3f} "
               f"max SIC {h['cwola_max_sic']:.2f} -> {cfg.out}/summary.md")


def search(cfg: ResonanceSearchConfig) -> None:
    """Is there new physics in this file? Sliding-window CWoLa bump hunt in mjj: dijet fit,
    local p-values (pyhf), global p after the trials; p_value, m_res, signal_percentage."""
    from omnijet.operations import run

    res = run(cfg, _printer("search"))
    a = res["answer"]
    typer.echo(f"{res['verdict']}\np_value {a['p_value']:.3g}  m_res {a['m_res']}  "
               f"signal_percentage {a['signal_percentage']} -> {cfg.out}/summary.md")


def search_score(
    run: Annotated[Path, typer.Option(help="--out folder of a finished search")],
    truth: Annotated[Path, typer.Option(help="the black box's truth file (data black-box --truth)")],
) -> None:
    """Score a search of a black box against its truth: the answer beside the truth, AUC, max
    SIC (FPR >= 5/N_background) and TPR at max SIC in the reported signal region."""
    import json

    from omnijet.search.score import score_run

    typer.echo(json.dumps(score_run(run, truth), indent=1, default=float))


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
    register_op(app, "finetune", FinetuneScanConfig, finetune, [SHARD])
    register_op(app, "anomaly", AnomalyScanConfig, anomaly, [SHARD])
    app.command()(merge)
    register_op(app, "search", ResonanceSearchConfig, search)
    app.command("search-score")(search_score)
    app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(slurm)
