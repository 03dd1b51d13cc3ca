"""Sharded fine-tuning scan on a real single-node Slurm cluster, against the same scan unsplit.

    flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/slurm.py [--shards 3] [--keep DIR]

Needs Debian's slurm-wlm and munge (slurmctld, slurmd, munged, sbatch on PATH), run as root
(slurmd launches the jobs). Not part of CI. The steps:

1. a throwaway cluster under a temporary folder: its own munge key and socket, a minimal
   slurm.conf (one node with this host's CPUs, partition `debug`, free ports, state, spool and
   logs in the folder), munged, `slurmctld -D` and `slurmd -D` started here with SLURM_CONF
   pointing at it; ready once `sinfo` shows the node idle. Nothing system-wide is touched and
   every daemon is stopped at exit, also on errors.
2. toy labelled tokens (two classes, 16 codes, as in tests/transfer) and a tiny backbone
   pretrained for a few seconds with `omnijet-agent pretrain --preset tiny`.
3. `omnijet-agent slurm --shards N --script ft.sbatch --cpus-per-task 1 --setup "source
   .venv/bin/activate" ... -- finetune ... --out runs/ft`, then `bash ft.sbatch` (the array plus
   a merge job with --dependency=afterok), waiting until both have left the queue; then the
   same `finetune` command unsplit, locally, into runs/ft-local; then the two tables compared.

Writes benchmarks/results/slurm.json: Slurm and munge versions, the slurm.conf used, job ids,
per-task state / exit code / elapsed / start / end (`scontrol show job`; the cluster keeps no
accounting database, so no sacct), how many array tasks ran at once, whether the merged and the
unsplit tables are equal, and wall times. Every job gets OMP_NUM_THREADS=1 and
OMP_WAIT_POLICY=PASSIVE (exported by --setup and inherited from the submitting environment).
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import _common  # noqa: F401  (first: OpenMP threads, plots to files, the repository on sys.path)
from _common import HERE, parser

from omnijet.utils import provenance, write_json

RESULTS = HERE / "results" / "slurm.json"
BIN = Path(sys.executable).parent
AGENT = str(BIN / "omnijet-agent") if (BIN / "omnijet-agent").exists() else "omnijet-agent"
JOB_ENV = {"OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE", "MPLBACKEND": "Agg"}
TIMING = ("seconds", "wall", "created", "time")  # keys left out when comparing points


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, n: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-n:]) if path.exists() else ""


class Cluster:
    """munged + slurmctld + slurmd under one folder, as the current user; `with` stops them."""

    def __init__(self, root: Path, cpus: int):
        self.root, self.cpus = root, cpus
        self.host = socket.gethostname().split(".")[0]
        self.user = pwd.getpwuid(os.getuid()).pw_name
        self.procs: dict[str, subprocess.Popen] = {}
        self.conf = root / "slurm.conf"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("SLURM_", "SBATCH_", "SALLOC_"))}
        self.env.update(SLURM_CONF=str(self.conf), **JOB_ENV)

    def write_config(self) -> str:
        r = self.root
        r.mkdir(parents=True, exist_ok=True)
        for d in (r, *r.parents):  # munged needs the socket folder and those above reachable by all
            if d.stat().st_mode & 0o011 != 0o011 and d.stat().st_uid == os.getuid():
                os.chmod(d, d.stat().st_mode | 0o011)
            if d == Path(tempfile.gettempdir()):
                break
        for d, mode in (("munge", 0o700), ("run", 0o755), ("state", 0o755), ("spool", 0o755), ("log", 0o755)):
            (r / d).mkdir(mode=mode, exist_ok=True)
            os.chmod(r / d, mode)  # munged checks: key folder private, socket folder reachable
        key = r / "munge" / "munge.key"
        key.write_bytes(os.urandom(1024))
        os.chmod(key, 0o400)
        self.socket = r / "run" / "munge.sock"
        text = f"""\
ClusterName=omnijet-bench
SlurmctldHost={self.host}(127.0.0.1)
SlurmctldPort={_free_port()}
SlurmdPort={_free_port()}
SlurmUser={self.user}
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={self.socket}
StateSaveLocation={r / "state"}
SlurmdSpoolDir={r / "spool"}
SlurmctldPidFile={r / "run" / "slurmctld.pid"}
SlurmdPidFile={r / "run" / "slurmd.pid"}
SlurmctldLogFile={r / "log" / "slurmctld.log"}
SlurmdLogFile={r / "log" / "slurmd.log"}
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
SwitchType=switch/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc={r / "log" / "jobcomp.txt"}
ReturnToService=2
MinJobAge=3600
NodeName={self.host} CPUs={self.cpus} State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
"""
        self.conf.write_text(text)
        return text

    def _start(self, name: str, cmd: list[str]) -> None:
        log = open(self.root / "log" / f"{name}.out", "w")  # noqa: SIM115 (closed with the process)
        self.procs[name] = subprocess.Popen(cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()

    def _wait(self, what: str, ok, timeout: float) -> None:
        t0 = time.time()
        while time.time() - t0 < timeout:
            for name, p in self.procs.items():
                if p.poll() is not None:
                    raise RuntimeError(f"{name} exited ({p.returncode}) while waiting for {what}:\n"
                                       + _tail(self.root / "log" / f"{name}.out")
                                       + "\n" + _tail(self.root / "log" / f"{name}.log"))
            if ok():
                return
            time.sleep(0.5)
        raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")

    def start(self) -> float:
        t0 = time.time()
        r = self.root
        self._start("munged", ["munged", "-F", f"--key-file={r / 'munge' / 'munge.key'}",
                               f"--socket={self.socket}", f"--pid-file={r / 'run' / 'munged.pid'}",
                               f"--log-file={r / 'log' / 'munged.log'}", f"--seed-file={r / 'munge' / 'seed'}"])
        self._wait("the munge socket", self.socket.exists, 30)
        self._start("slurmctld", ["slurmctld", "-D", "-i"])
        self._wait("slurmctld", lambda: self.run(["scontrol", "ping"], check=False).returncode == 0, 60)
        self._start("slurmd", ["slurmd", "-D"])
        self._wait(f"node {self.host} idle",
                   lambda: self.run(["sinfo", "-h", "-N", "-o", "%T"], check=False).stdout.strip() == "idle", 90)
        return time.time() - t0

    def run(self, cmd: list[str], check: bool = True, **kw) -> subprocess.CompletedProcess:
        res = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=120, **kw)
        if check and res.returncode:
            raise RuntimeError(f"{shlex.join(cmd)} failed ({res.returncode}): {res.stderr.strip()}")
        return res

    def stop(self) -> dict[str, Any]:
        """Cancel what is left, stop the daemons (slurmd, slurmctld, munged); say what exited how."""
        if "slurmctld" in self.procs and self.procs["slurmctld"].poll() is None:
            self.run(["scancel", f"--user={self.user}"], check=False)
            t0 = time.time()
            while time.time() - t0 < 30 and self.run(["squeue", "-h"], check=False).stdout.strip():
                time.sleep(0.5)
        out = {}
        for name in ("slurmd", "slurmctld", "munged"):
            p = self.procs.get(name)
            if p is None:
                continue
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(20)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(10)
            out[name] = p.returncode
        return out

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.stopped = self.stop()


def make_inputs(work: Path, env: dict[str, str], n: int, pretrain_epochs: int) -> dict[str, Any]:
    """Toy labelled tokens (top-like label 8, QCD-like label 0; tests/transfer/conftest.py's)
    and a tiny GPT pretrained on a separate unlabelled-use set with `omnijet-agent pretrain`."""
    from tests.transfer.conftest import make_tokens

    t0 = time.time()
    (work / "data").mkdir(parents=True)
    make_tokens(n, seed=1, labels=(8,)).save(work / "data" / "top.pt")
    make_tokens(n, seed=2, labels=(0,)).save(work / "data" / "qcd.pt")
    make_tokens(1000, seed=3, labels=(0, 8)).save(work / "data" / "pretrain.pt")
    cmd = [AGENT, "pretrain", "--tokens", "data/pretrain.pt", "--preset", "tiny", "--epochs",
           str(pretrain_epochs), "--batch-size", "64", "--device", "cpu", "--out", "runs/gpt"]
    res = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=600)
    if res.returncode:
        raise RuntimeError(f"pretrain failed:\n{res.stderr[-3000:]}")
    return {"jets_per_class": n, "pretrain_jets": 1000, "pretrain_command": shlex.join(cmd),
            "wall_s": round(time.time() - t0, 1)}


def _job_records(cluster: Cluster, job: str) -> list[dict[str, str]]:
    res = cluster.run(["scontrol", "-o", "show", "job", job], check=False)
    recs = []
    for line in res.stdout.splitlines():
        rec = dict(m.groups() for m in re.finditer(r"(\w[\w/:]*)=(\S*)", line))
        recs.append({k: rec.get(k, "") for k in ("JobId", "ArrayJobId", "ArrayTaskId", "JobName", "JobState",
                                                   "ExitCode", "RunTime", "SubmitTime", "StartTime", "EndTime",
                                                   "NodeList", "NumCPUs", "Dependency", "StdOut")})
    return sorted(recs, key=lambda r: int(r["ArrayTaskId"]) if r["ArrayTaskId"].isdigit() else -1)


def _max_overlap(recs: list[dict[str, str]]) -> int:
    """Most array tasks running at the same second (from StartTime / EndTime)."""
    ev = []
    for r in recs:
        try:
            ev += [(datetime.fromisoformat(r["StartTime"]), 1), (datetime.fromisoformat(r["EndTime"]), -1)]
        except ValueError:
            continue
    now = best = 0
    for _, d in sorted(ev, key=lambda e: (e[0], e[1])):  # an end before a start at the same second
        now += d
        best = max(best, now)
    return best


def _drop_timing(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _drop_timing(v) for k, v in x.items() if not any(t in k for t in TIMING) and not k.endswith("_s")}
    if isinstance(x, list):
        return [_drop_timing(v) for v in x]
    return x


def compare(split: Path, whole: Path) -> dict[str, Any]:
    import pandas as pd

    a, b = pd.read_csv(split / "results.csv"), pd.read_csv(whole / "results.csv")
    try:
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        csv_equal, csv_diff = True, None
    except AssertionError as e:
        csv_equal, csv_diff = False, str(e)[:2000]
    ma, mb = (json.loads((p / "metrics.json").read_text()) for p in (split, whole))
    pa = {p["key"] if "key" in p else f"{p['strategy']}_n{p['n_train']}_s{p['seed']}": p for p in ma["points"]}
    pb = {p["key"] if "key" in p else f"{p['strategy']}_n{p['n_train']}_s{p['seed']}": p for p in mb["points"]}
    points_differ = sorted(k for k in pa.keys() | pb.keys()
                           if json.dumps(_drop_timing(pa.get(k)), sort_keys=True)
                           != json.dumps(_drop_timing(pb.get(k)), sort_keys=True))
    return {
        "results_csv_equal": csv_equal, "results_csv_diff": csv_diff,
        "results_md_equal": (split / "results.md").read_text() == (whole / "results.md").read_text(),
        "metrics_table_equal": ma["table"] == mb["table"],
        "metrics_config_equal": ma["config"] == mb["config"],
        "points": len(pa), "points_differing_apart_from_timings": points_differ,
        "compared": "results.csv (exact), results.md (text), metrics.json table and config (exact), "
                    "metrics.json points without timing keys",
        "table": ma["table"],
    }


def run_scan(a, cluster: Cluster, work: Path) -> dict[str, Any]:
    scan = ["finetune", "--gpt", "runs/gpt/best.pt", "--train", "data/top.pt", "data/qcd.pt",
            "--sizes", *map(str, a.sizes), "--strategies", "scratch", "finetune", "--seeds", str(a.seeds),
            "--n-val", "40", "--n-test", "60", "--epochs", str(a.epochs), "--min-epoch-jets", "32",
            "--device", "cpu"]
    setup = []
    if (BIN / "activate").exists():
        setup += ["--setup", f"source {BIN / 'activate'}"]
    setup += ["--setup", "export " + " ".join(f"{k}={v}" for k, v in JOB_ENV.items())]
    write = [AGENT, "slurm", "--shards", str(a.shards), "--script", "ft.sbatch", "--cpus-per-task", "1",
             "--time", "00:30:00", *setup, "--", *scan, "--out", "runs/ft"]
    cluster.run(write, cwd=work)
    script = (work / "ft.sbatch").read_text()

    t0 = time.time()
    sub = cluster.run(["bash", "ft.sbatch"], cwd=work)
    m = re.search(r"submitted array (\d+) .* merge (\d+)", sub.stdout)
    if not m:
        raise RuntimeError(f"unexpected output of bash ft.sbatch: {sub.stdout!r} {sub.stderr!r}")
    array_id, merge_id = m.groups()
    seen_running = 0
    while time.time() - t0 < a.timeout:
        q = cluster.run(["squeue", "-h", "-r", "-o", "%i %T"], check=False).stdout.split("\n")
        q = [x for x in q if x.strip()]
        seen_running = max(seen_running, sum(x.endswith("RUNNING") and not x.startswith(merge_id) for x in q))
        if not q:
            break
        time.sleep(1)
    slurm_wall = time.time() - t0
    tasks, merge = _job_records(cluster, array_id), _job_records(cluster, merge_id)
    logs = {Path(r["StdOut"]).name: _tail(Path(r["StdOut"]), 6) for r in [*tasks, *merge] if r["StdOut"]}
    out = {
        "scan_command": shlex.join(scan + ["--out", "runs/ft"]),
        "write_script_command": shlex.join(["omnijet-agent", *write[1:]]),
        "sbatch_script": script.splitlines(),
        "submit_output": sub.stdout.strip(),
        "array_job_id": array_id, "merge_job_id": merge_id,
        "tasks": tasks, "merge": merge,
        "max_tasks_running_at_once": max(_max_overlap(tasks), seen_running),
        "all_completed": bool(tasks) and all(r["JobState"] == "COMPLETED" and r["ExitCode"] == "0:0"
                                             for r in [*tasks, *merge]) and len(merge) == 1,
        "logs_tail": logs,
        "wall_s": {"submit_to_merged": round(slurm_wall, 1)},
    }
    if not out["all_completed"]:
        out["slurmd_log_tail"] = _tail(cluster.root / "log" / "slurmd.log", 30)
        return out

    t1 = time.time()
    local = subprocess.run([AGENT, *scan, "--out", "runs/ft-local"], cwd=work, env=cluster.env,
                           capture_output=True, text=True, timeout=a.timeout)
    out["wall_s"]["unsplit_local"] = round(time.time() - t1, 1)
    if local.returncode:
        out["unsplit_error"] = local.stderr[-3000:]
        return out
    out["comparison"] = compare(work / "runs" / "ft", work / "runs" / "ft-local")
    c = out["comparison"]
    out["tables_equal"] = (c["results_csv_equal"] and c["results_md_equal"] and c["metrics_table_equal"]
                           and not c["points_differing_apart_from_timings"])
    return out


def main() -> int:
    ap = parser(__doc__, brief=True)
    ap.add_argument("--shards", type=int, default=3)
    ap.add_argument("--sizes", type=int, nargs="+", default=[20, 80])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--jets", type=int, default=150, help="labelled toy jets per class")
    ap.add_argument("--pretrain-epochs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=1200, help="seconds to wait for the jobs")
    ap.add_argument("--keep", type=Path, help="work in this (new) folder and keep it, logs included")
    ap.add_argument("--out", type=Path, default=RESULTS)
    a = ap.parse_args()
    for exe in ("munged", "slurmctld", "slurmd", "sbatch", "sinfo", "scontrol", "squeue"):
        if not shutil.which(exe):
            print(f"{exe} not found: install Debian's slurm-wlm and munge", file=sys.stderr)
            return 2
    if os.geteuid() != 0:
        print("run as root: slurmd starts the jobs", file=sys.stderr)
        return 2

    t0, load_start = time.time(), os.getloadavg()
    root = a.keep.resolve() if a.keep else Path(tempfile.mkdtemp(prefix="omnijet-slurm-"))
    root.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"note": "toy tokens and a tiny backbone: the numbers in the table are no physics "
                                      "result; the point is that the merged table of the Slurm array equals the "
                                      "unsplit one"}
    try:
        with Cluster(root / "cluster", os.cpu_count() or 1) as cluster:
            result["cluster"] = {"slurm_conf": cluster.write_config().splitlines()}
            result["cluster"]["start_s"] = round(cluster.start(), 1)
            result["versions"] = {
                "slurm": cluster.run(["sinfo", "--version"]).stdout.strip(),
                "munge": cluster.run(["munged", "--version"]).stdout.strip()
                or cluster.run(["munged", "--version"]).stderr.strip(),
            }
            result["cluster"]["sinfo"] = cluster.run(["sinfo", "-N", "-l"]).stdout.strip().splitlines()[1:]
            work = root / "work"
            result["inputs"] = make_inputs(work, cluster.env, a.jets, a.pretrain_epochs)
            result["scan"] = run_scan(a, cluster, work)
        result["cluster"]["daemons_exit"] = cluster.stopped
    finally:
        if not a.keep:
            shutil.rmtree(root, ignore_errors=True)
    scan = result["scan"]
    result["ok"] = bool(scan.get("all_completed") and scan.get("tables_equal"))
    result["wall_s"] = round(time.time() - t0, 1)
    result["provenance"] = provenance(
        command="flock /tmp/omnijet-heavy.lock .venv/bin/python benchmarks/slurm.py "
                + shlex.join(sys.argv[1:]),
        cpus=os.cpu_count(), loadavg={"start": load_start, "end": os.getloadavg()})
    write_json(a.out, result)
    print(f"-> {a.out}: ok={result['ok']}, array {scan.get('array_job_id')} + merge {scan.get('merge_job_id')}, "
          f"tables equal: {scan.get('tables_equal')}, {result['wall_s']} s")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
