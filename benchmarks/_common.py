"""What every benchmark does before anything else, written once (issue 22).

    import _common  # first, before torch or omnijet
    from _common import HERE, ROOT, parser, save

    p = parser(__doc__)                       # the docstring as --help, as written
    ...
    save(a.out, results, threads=torch.get_num_threads(), wall_s=time.time() - t0)

Importing it
- sets OMP_WAIT_POLICY=PASSIVE (the machine is shared: idle OpenMP threads must not spin) and
  MPLBACKEND=Agg (plots go to files) unless they are set;
- puts the repository first on sys.path and this folder last: a benchmark named like a package
  (requests.py, sandbox.py, agents.py) must not shadow it (with this folder first, agents.py's
  import of langchain found benchmarks/requests.py instead of the requests library), while the
  shared helpers here (common.py, search_calib.py, search_run.py) stay importable.

A benchmark run as a script finds this module because its own folder is sys.path[0]; one loaded
by path from a test (tests/agents/test_request_benchmark.py loads requests.py) keeps its own
lines.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("MPLBACKEND", "Agg")
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() not in (HERE, ROOT)), str(HERE)]


def parser(doc: str | None, brief: bool = False) -> argparse.ArgumentParser:
    """A benchmark's argument parser: its docstring as the help text, as written (or, `brief`,
    its first line only)."""
    if brief:
        return argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    return argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)


def training_args(p: argparse.ArgumentParser, work: Path, out: Path) -> argparse.Namespace:
    """A training benchmark's arguments with its --device, --work (cache) and --out (results)
    added; on a machine without CUDA torch keeps to 2 threads (this machine's cores)."""
    import torch

    p.add_argument("--device", default="auto")
    p.add_argument("--work", type=Path, default=work)
    p.add_argument("--out", type=Path, default=out)
    a = p.parse_args()
    if a.device in ("auto", "cpu") and not torch.cuda.is_available():
        torch.set_num_threads(min(torch.get_num_threads(), 2))
    return a


def save(path: str | os.PathLike, result: dict[str, Any], **provenance: Any) -> None:
    """Write a result file (JSON) with its provenance last: code version, time, python, torch,
    host (omnijet.utils.provenance), plus `provenance` (threads, wall seconds, ...)."""
    from omnijet.utils import provenance as stamp
    from omnijet.utils import write_json

    result["provenance"] = stamp(**provenance)
    write_json(Path(path), result)
