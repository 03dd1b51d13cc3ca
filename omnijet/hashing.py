"""The sha256 of a file: the one hash every layer records (artifacts, manifests, reports).

Part of the small shared kernel (with `omnijet.errors`, `omnijet.presets`, `omnijet.config`)
that any layer may import: the sandbox hashes a workspace's files with it, the model layer
the inputs and outputs it records. Standard library only.
"""

from __future__ import annotations

import hashlib
import os


def sha256_file(path: str | os.PathLike) -> str:
    """Hex sha256 of the file's bytes (read in chunks: a file of any size)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()
