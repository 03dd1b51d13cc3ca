"""Processes that train together: torchrun's environment, and a local launcher with a deadline.

Under `torchrun` every process sees WORLD_SIZE, RANK and LOCAL_RANK (and MASTER_ADDR/PORT).
`init_from_env` joins that process group (nccl on CUDA, gloo on CPU); `omnijet.train.loop.fit`
then shards each epoch and wraps the model in DDP. Commands that are not data-parallel call
`refuse_under_torchrun` so that N copies do not silently run the same job into one `--out`.

`run_ranks` starts `world` local gloo processes on the CPU and waits for them with a deadline:
a rank that hangs in a collective is killed and reported instead of blocking forever (tests,
and quick multi-process checks without torchrun).
"""

from __future__ import annotations

import datetime
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from omnijet.errors import ConfigError


def env_world_size() -> int:
    """WORLD_SIZE as torchrun (or Slurm's srun with torchrun) sets it; 1 when unset."""
    try:
        return int(os.environ.get("WORLD_SIZE", "1"))
    except ValueError:
        raise ConfigError(f"WORLD_SIZE must be an integer, got {os.environ['WORLD_SIZE']!r}") from None


def is_main_process() -> bool:
    return not (dist.is_available() and dist.is_initialized()) or dist.get_rank() == 0


def refuse_under_torchrun(command: str, hint: str = "") -> None:
    """One clear error when a single-process command is started as several processes."""
    if env_world_size() > 1:
        raise ConfigError(
            f"`{command}` runs as one process, but WORLD_SIZE={env_world_size()} (torchrun): "
            "only `pretrain` and `tokenizer train` are data-parallel; start this one without "
            "torchrun" + (f" ({hint})" if hint else "")
        )


def init_from_env(timeout_s: float | None = None) -> bool:
    """Join the torchrun process group when WORLD_SIZE > 1; True if this call started it."""
    if env_world_size() <= 1 or dist.is_initialized():
        return False
    kw: dict[str, Any] = {}
    if timeout_s is not None:
        kw["timeout"] = datetime.timedelta(seconds=timeout_s)
    if torch.cuda.is_available():
        torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
        dist.init_process_group("nccl", **kw)
    else:
        dist.init_process_group("gloo", **kw)
    return True


@contextmanager
def torchrun_group(command: str) -> Iterator[bool]:
    """For data-parallel CLI commands: join torchrun's process group if WORLD_SIZE > 1 (and
    leave it at the end); yields whether this process prints the results (rank 0)."""
    try:
        started = init_from_env()
    except (RuntimeError, ValueError) as e:  # no MASTER_ADDR/RANK: WORLD_SIZE set by hand
        raise ConfigError(f"`{command}`: WORLD_SIZE={env_world_size()} but the process group "
                          f"cannot start ({str(e).splitlines()[0]}); start it with torchrun") from None
    try:
        yield is_main_process()
    finally:
        if started:
            dist.destroy_process_group()


def _rank_main(rank: int, world: int, store: str, timeout_s: float, fn: Callable, args: tuple) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"file://{store}", rank=rank, world_size=world,
                            timeout=datetime.timedelta(seconds=timeout_s))
    try:
        fn(rank, world, *args)
    finally:
        dist.destroy_process_group()


def run_ranks(
    fn: Callable[..., None], world: int, args: tuple = (), timeout_s: float = 60.0,
    start_method: str = "spawn",
) -> None:
    """Run `fn(rank, world, *args)` in `world` CPU processes joined by gloo; wait <= timeout_s.

    With "spawn", `fn` must be importable (module level); "fork" starts in milliseconds instead
    of re-importing torch in every rank (what the tests use). Raises TimeoutError naming the
    ranks still running at the deadline (they are killed), RuntimeError if a rank failed.
    """
    ctx = mp.get_context(start_method)
    with tempfile.TemporaryDirectory(prefix="omnijet-ranks-") as tmp:
        store = str(Path(tmp) / "store")
        procs = [ctx.Process(target=_rank_main, args=(r, world, store, timeout_s, fn, args))
                 for r in range(world)]
        for p in procs:
            p.start()
        deadline = time.monotonic() + timeout_s
        for p in procs:
            p.join(max(0.0, deadline - time.monotonic()))
        hung = [r for r, p in enumerate(procs) if p.is_alive()]
        for p in procs:
            if p.is_alive():
                p.kill()
                p.join(5)
        if hung:
            raise TimeoutError(f"ranks {hung} of {world} still running after {timeout_s:.0f} s (hang)")
        failed = {r: p.exitcode for r, p in enumerate(procs) if p.exitcode != 0}
        if failed:
            raise RuntimeError(f"ranks failed with exit codes {failed}")
