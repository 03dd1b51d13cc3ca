"""Scans split across processes (Slurm job arrays): shards, locked point files, sbatch scripts.

A scan is a fixed, ordered list of points (fine-tuning: strategy x size x seed; anomaly: the
likelihood method and CWoLa per injected fraction). Shard i of n takes points i, i+n, i+2n, ...
of that list, so the split does not depend on what is already finished. Every process that
shares one results folder appends its finished points to `points.jsonl` under an exclusive
`fcntl` lock on `.scan.lock` in that folder (one whole line per point, fsynced), and reads it
under the same lock; `merge` then builds the tables from the points once every shard is done.

`--shard` defaults from Slurm's SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT when both are
set (the task id counted from SLURM_ARRAY_TASK_MIN), so an array task needs no extra option.
`sbatch_script` writes one file that is both the array job (`sbatch FILE`) and, run as
`bash FILE` on a login node, submits that array plus a merge job that waits for all of it.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shlex
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from omnijet.errors import ConfigError
from omnijet.utils import json_default

T = TypeVar("T")
LOCK_NAME = ".scan.lock"


@dataclass(frozen=True)
class Shard:
    index: int
    count: int

    def __post_init__(self) -> None:
        if self.count < 1 or not 0 <= self.index < self.count:
            raise ConfigError(f"shard {self.index}/{self.count}: need 0 <= i < n (i/n, i from 0)")

    def take(self, items: Sequence[T]) -> list[T]:
        """This shard's items: every count-th one, starting at index."""
        return list(items[self.index :: self.count])

    @property
    def whole(self) -> bool:
        return self.count == 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    """'i/n' (i counted from 0) -> Shard."""
    try:
        i, n = (int(x) for x in text.strip().split("/"))
    except ValueError:
        raise ConfigError(f"--shard takes i/n with integers, i from 0 (e.g. 0/3), got {text!r}") from None
    return Shard(i, n)


def shard_from_env(env: dict[str, str] | None = None) -> Shard | None:
    """The Slurm array task as a shard, or None outside a job array."""
    env = dict(os.environ if env is None else env)
    if "SLURM_ARRAY_TASK_ID" not in env or "SLURM_ARRAY_TASK_COUNT" not in env:
        return None
    try:
        task = int(env["SLURM_ARRAY_TASK_ID"]) - int(env.get("SLURM_ARRAY_TASK_MIN", "0"))
        count = int(env["SLURM_ARRAY_TASK_COUNT"])
    except ValueError:
        raise ConfigError("SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT are not integers") from None
    return Shard(task, count)


def resolve_shard(text: str | None, env: dict[str, str] | None = None) -> Shard | None:
    """--shard if given, else the Slurm array task, else None (the whole scan)."""
    return parse_shard(text) if text else shard_from_env(env)


@contextmanager
def scan_lock(out: str | os.PathLike) -> Iterator[None]:
    """Exclusive lock of a results folder, shared by every process (and node, on file systems
    with POSIX locks such as NFSv4 or Lustre with flock) that writes into it."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK_NAME, "a") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def append_line(path: Path, record: dict[str, Any]) -> None:
    """Append one JSON line (call under scan_lock). A torn last line left by a killed process
    is closed first, so the new record always starts on its own line."""
    with open(path, "ab+") as f:
        if f.seek(0, os.SEEK_END) > 0:
            f.seek(-1, os.SEEK_END)
            if f.read(1) != b"\n":
                f.write(b"\n")
        f.write((json.dumps(record, allow_nan=True, default=json_default) + "\n").encode())
        f.flush()
        os.fsync(f.fileno())


def read_lines(path: Path) -> list[dict[str, Any]]:
    """Every complete JSON line of a points file; torn or foreign lines are skipped."""
    out: list[dict[str, Any]] = []
    if path.exists():
        for line in path.read_text().splitlines():
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(rec, dict):
                out.append(rec)
    return out


def agent_command() -> str:
    """How the scan command is started in the script: the omnijet-agent next to this Python."""
    exe = Path(sys.executable).parent / "omnijet-agent"
    return str(exe) if exe.exists() else "omnijet-agent"


def slurm_log_dir(out: str | os.PathLike, workdir: str | os.PathLike | None = None) -> Path:
    """Where the array's logs go (OUT/slurm, absolute); must exist before the job starts."""
    workdir = Path(workdir or os.getcwd()).resolve()
    return (Path(out) if Path(out).is_absolute() else workdir / out) / "slurm"


# Slurm's own grammar of each value (sbatch(1)); anything else is refused, so no value can
# end an #SBATCH line, start a new script line or reach the shell unquoted.
SLURM_GRAMMAR = {
    "job_name": (r"[A-Za-z0-9][A-Za-z0-9._+-]{0,127}", "letters, digits and . _ + -"),
    "time": (r"(\d+-)?\d+(:\d{1,2}){0,2}", "minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS"),
    "merge_time": (r"(\d+-)?\d+(:\d{1,2}){0,2}", "minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS"),
    "mem": (r"\d+[KMGT]?", "a number with an optional K, M, G or T, e.g. 32G"),
    "partition": (r"[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*", "names of letters, digits and _ . -, comma-separated"),
    "account": (r"[A-Za-z0-9_.-]+", "letters, digits and _ . -"),
}


def check_slurm_values(**values: str | None) -> None:
    """ConfigError naming the first value outside its Slurm grammar (None: not given)."""
    for name, value in values.items():
        pattern, what = SLURM_GRAMMAR[name]
        if value is not None and not re.fullmatch(pattern, value):
            raise ConfigError(f"--{name.replace('_', '-')} {value!r}: not a Slurm value ({what})")


def check_script_path(what: str, path: str) -> None:
    """A path written into #SBATCH lines and comments: no control character (a newline would
    start a new script line) and no quote or backslash (sbatch reads #SBATCH values itself)."""
    if bad := sorted({c for c in path if ord(c) < 32 or c in "\"'\\\x7f"}):
        raise ConfigError(f"{what} {path!r}: characters {bad} cannot go into an sbatch script")


def _check_scan(scan_args: Sequence[str]) -> None:
    if not scan_args or scan_args[0] not in ("finetune", "anomaly"):
        raise ConfigError("the scan command after -- must start with finetune or anomaly")
    if any(a == "--shard" or a.startswith("--shard=") for a in scan_args):
        raise ConfigError("leave --shard out of the scan command: each array task sets its own")


def _optional(**values: Any) -> list[str]:
    """`#SBATCH --name=value` lines of the options given (0 / None: left to the cluster)."""
    return [f"#SBATCH --{k.replace('_', '-')}={v}" for k, v in values.items() if v]


def _submit_part(shards: int, job_name: str, merge_time: str, partition: str | None,
                 account: str | None, workdir: Path, logs: Path, setup: Sequence[str], merge: str) -> str:
    """The script's part that runs when it is started by hand (`bash FILE`): it submits the array
    and, after every task succeeded, the merge job (from stdin, as bash)."""
    q = shlex.quote
    out_abs = logs.parent
    extra = [q(a) for a in (f"--partition={partition}" if partition else "",
                            f"--account={account}" if account else "") if a]
    nl = "\n"
    return f"""
# Written by `omnijet-agent slurm`. One scan split into {shards} shards that share one results
# folder ({out_abs}); each finished point is appended to points.jsonl under a file lock.
#
#   bash {{this file}}     submits the array and a merge job that runs after every task succeeded
#   sbatch {{this file}}   submits only the array; then run: {merge}
#
# A task that fails or times out can be resubmitted alone (sbatch --array=K {{this file}}):
# finished points are skipped, so it resumes.
set -euo pipefail
mkdir -p {q(str(logs))}
if [ -z "${{SLURM_ARRAY_TASK_ID:-}}" ]; then  # run by hand (also inside an allocation): submit
    jid=$(sbatch --parsable "$0")
    jid=${{jid%%;*}}
    # the merge job's script comes on stdin, as bash: `sbatch --wrap` would run it under
    # /bin/sh, which is dash on Debian/Ubuntu and has no `source` for --setup lines
    mid=$(sbatch --parsable --dependency=afterok:"$jid" --job-name={q(job_name + "-merge")} \\
        --time={merge_time} --ntasks=1 --cpus-per-task=1 {" ".join(extra)} --chdir={q(str(workdir))} \\
        --output={q(str(logs))}/%x-%j.out <<'OMNIJET_MERGE_JOB'
#!/bin/bash
set -euo pipefail
{nl.join([*setup, merge])}
OMNIJET_MERGE_JOB
)
    echo "submitted array $jid ({shards} tasks) and merge $mid (afterok:$jid)"
    exit 0
fi
""".rstrip() + "\n"


def sbatch_script(
    scan_args: Sequence[str], out: str | os.PathLike, shards: int, *,
    job_name: str = "omnijet-scan", time: str = "04:00:00", cpus_per_task: int = 4,
    gpus_per_task: int = 0, mem: str | None = None, partition: str | None = None,
    account: str | None = None, setup: Sequence[str] = (), workdir: str | os.PathLike | None = None,
    merge_time: str = "00:30:00",
) -> str:
    """Text of a job-array script running `omnijet-agent <scan_args> --shard $TASK/shards`.

    `sbatch FILE` runs only the array; `bash FILE` submits the array and then
    `omnijet-agent merge --out OUT` with --dependency=afterok on the whole array. Slurm does
    not create the log folder OUT/slurm: the caller makes it (`slurm_log_dir`).
    """
    if shards < 1:
        raise ConfigError(f"--shards must be >= 1, got {shards}")
    check_slurm_values(job_name=job_name, time=time, merge_time=merge_time, mem=mem,
                       partition=partition, account=account)
    _check_scan(scan_args)
    workdir = Path(workdir or os.getcwd()).resolve()
    logs = slurm_log_dir(out, workdir)
    out_abs = logs.parent
    agent = agent_command()
    for what, path in (("--out", out_abs), ("the working folder", workdir), ("omnijet-agent", agent)):
        check_script_path(what, str(path))
    q = shlex.quote
    head = [
        "#!/bin/bash", f"#SBATCH --job-name={job_name}", f"#SBATCH --array=0-{shards - 1}",
        f"#SBATCH --time={time}", "#SBATCH --ntasks=1", f"#SBATCH --cpus-per-task={cpus_per_task}",
        *_optional(gpus_per_task=gpus_per_task, mem=mem, partition=partition, account=account),
        f'#SBATCH --chdir="{workdir}"',  # sbatch reads the quotes; paths hold no " or \\
        f'#SBATCH --output="{logs}/%x-%A_%a.out"',
    ]
    merge = f"{agent} merge --out {q(str(out_abs))}"
    body = _submit_part(shards, job_name, merge_time, partition, account, workdir, logs, setup, merge)
    threads = 'export OMP_NUM_THREADS="${OMP_NUM_THREADS:-${SLURM_CPUS_PER_TASK:-1}}"  # torch: the task\'s CPUs'
    run = [*setup, threads, " ".join([q(agent), *map(q, scan_args),
                             "--shard", '"${SLURM_ARRAY_TASK_ID}/' + str(shards) + '"'])]
    return "\n".join(head) + "\n" + body + "\n".join(run) + "\n"
