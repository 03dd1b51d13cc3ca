"""Small shared helpers: devices, seeds, provenance, atomic files, JSON."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import json
import os
import pickle
import platform
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from omnijet import __version__
from omnijet.hashing import sha256_file  # noqa: F401 - the kernel's, re-exported for the model layer

if TYPE_CHECKING:  # torch is imported where it is used: commands that need no model start fast
    import torch


def pick_device(device: str | None = None) -> torch.device:
    """`None`/"auto" -> CUDA when available, else CPU; otherwise the named device."""
    import torch

    if device in (None, "auto"):
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


def seed_everything(seed: int) -> torch.Generator:
    """Seed python, numpy and torch; return a torch generator seeded the same way."""
    import torch

    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)


def autocast(device: torch.device, enabled: bool = True) -> contextlib.AbstractContextManager:
    """bf16 autocast on CUDA (where it helps); a no-op on CPU, where it only slows things."""
    if enabled and device.type == "cuda":
        import torch

        if torch.cuda.is_bf16_supported():
            return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


_M_MMAP_THRESHOLD = -3  # glibc mallopt parameter


def fixed_mmap_threshold(nbytes: int = 1 << 20) -> bool:
    """Have glibc serve every allocation of at least `nbytes` with its own mapping, returned to
    the system when freed. By default glibc raises that threshold each time a large block is
    freed (up to 32 MiB); the encoder's transient blocks then come from the heap, which the
    tokens kept between chunks fragment, so resident memory grows with the number of chunks
    streamed (benchmarks/streaming.py). Process-wide; False where there is no glibc mallopt."""
    import ctypes

    try:
        return bool(ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, nbytes))
    except (OSError, AttributeError):
        return False


def code_version() -> str:
    """Package version plus git commit (and '+dirty') when run from a checkout."""
    if (git := os.environ.get("OMNIJET_CODE_VERSION_GIT")) is not None:  # set by the sandbox:
        return f"{__version__}+{git}" if git else __version__  # jobs cannot see the .git
    root = Path(__file__).resolve().parent.parent
    try:
        sha = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True, text=True, timeout=5,
        ).stdout.strip()
        return f"{__version__}+g{sha}{'.dirty' if dirty else ''}"
    except (OSError, subprocess.SubprocessError):
        return __version__


_RUN_TIME: contextvars.ContextVar[str | None] = contextvars.ContextVar("run_time", default=None)


def created_time() -> str:
    """Now (UTC, ISO 8601), or the time pinned by SOURCE_DATE_EPOCH: a rerun sets it to the
    original run's time, so artifacts that record when they were made come out byte-identical.
    Inside `one_creation_time` (an operation's run) it is the run's start, for every artifact."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "")
    if pinned.isdigit():
        return _dt.datetime.fromtimestamp(int(pinned), _dt.UTC).isoformat(timespec="seconds")
    return _RUN_TIME.get() or _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


@contextlib.contextmanager
def one_creation_time() -> Iterator[str]:
    """One creation time for everything a run writes, its record included (the record is written
    last, and a rerun pins the record's time): without it a save and the record a second apart
    made a rerun's artifact differ from the original's."""
    start = created_time()
    token = _RUN_TIME.set(start)
    try:
        yield start
    finally:
        _RUN_TIME.reset(token)


def provenance(**extra: Any) -> dict[str, Any]:
    """What every artifact records about where it came from."""
    import torch

    return {
        "code_version": code_version(),
        "created": created_time(),
        "python": platform.python_version(),
        "torch": str(torch.__version__),  # a plain str: TorchVersion is a class to unpickle
        "host": platform.node(),
        **extra,
    }


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary sibling path; move it onto `path` only if the block succeeds.

    An interrupted writer therefore never leaves a file that looks complete, and never
    clobbers an earlier good file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def save_torch_file(obj: Any, path: str | os.PathLike) -> Path:
    """torch.save, atomically, through a file object: the archive inside is then named
    "archive" instead of after the temporary file (whose name holds the pid), so the same
    content gives the same bytes in any process, a sandbox job's pid 2 included."""
    import torch

    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        torch.save(obj, f)
    return Path(path)


def load_torch_file(path: str | os.PathLike, error: type[Exception], what: str) -> Any:
    """torch.load onto the CPU, weights only: tensors and plain Python data, never a pickled
    object (a `.pt` file from a run folder or a download may carry a payload that a full
    unpickle would run). `error` names the file when it is missing, corrupt or not plain."""
    path = Path(path)
    if not path.is_file():
        raise error(f"{what} not found: {path}")
    import torch
    from torch.torch_version import TorchVersion

    try:  # TorchVersion (a str) sits in the provenance of checkpoints written before 0.1.1
        with torch.serialization.safe_globals([TorchVersion]):
            return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as e:
        # a refused object names its GLOBAL (a class or function to rebuild); bytes that are
        # no pickle at all ("Unsupported operand") are a corrupt file
        why = next((ln.strip() for ln in str(e).splitlines() if "GLOBAL" in ln), "")
        if not why:
            raise error(f"corrupt {what} {path}: not a torch file of tensors and plain data") from None
        why = why.split(" was not")[0].split(" whose module")[0].removeprefix("WeightsUnpickler error: ")
        raise error(f"{what} {path} holds more than weights and plain data, refused "
                    f"(never unpickled here): {why[:200]}") from None
    except Exception as e:  # torch raises many types for a corrupt file
        raise error(f"corrupt {what} {path}: {type(e).__name__}: {e}") from None


def json_default(obj: Any) -> Any:
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, Path):
        return str(obj)
    torch = sys.modules.get("torch")  # a tensor exists only once torch is imported
    if torch is not None and isinstance(obj, torch.Tensor):
        return obj.tolist()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def write_json(path: str | os.PathLike, obj: Any) -> Path:
    """Atomically write pretty JSON (numpy/torch scalars and paths allowed)."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(obj, indent=2, default=json_default, allow_nan=True) + "\n")
    return path


def read_json(path: str | os.PathLike) -> Any:
    return json.loads(Path(path).read_text())
