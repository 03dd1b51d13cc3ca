"""Signed manifests: an HMAC-SHA256 key of this installation, kept outside every workspace.

A workspace manifest says which bytes each artifact had when it was recorded; `review` trusts a
report's numbers because of it. Hashes alone do not stop a consistent forgery (edit a number in
`tool_calls.json` and `report.md`, rewrite both hashes in `manifest.json`), so the host signs:
- every artifact record carries `mac` = HMAC(key, its path, sha256, size, call, tool, created),
  so a rewritten record names the file it vouches for;
- the whole manifest is signed into `.omnijet/manifest.sig` ({"alg", "key_id", "mac"}), so a
  record removed, added or reordered is seen too.

The key is 32 random bytes (hex) at `$OMNIJET_MANIFEST_KEY_FILE`, else
`$XDG_CONFIG_HOME/omnijet-agent/manifest.key`, else `~/.config/omnijet-agent/manifest.key`;
created 0600 (folder 0700) on first use, refused when it is a link, not ours, or readable by
others. Only the host reads it and passes it to `Workspace`: jobs never see it (their
environment is allow-listed, homes and the key's folder are hidden by the local sandbox, the
docker one mounts only the workspace).
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.errors import SandboxConfigError

KEY_ENV = "OMNIJET_MANIFEST_KEY_FILE"
ALG = "HMAC-SHA256"
SIGNATURE = "manifest.sig"  # beside manifest.json, in the workspace's parent-only folder
_RECORD_FIELDS = ("path", "sha256", "size", "call_id", "tool", "created")


def key_path() -> Path:
    """Where this installation's manifest key lives (see the module doc)."""
    if os.environ.get(KEY_ENV):
        return Path(os.environ[KEY_ENV]).absolute()
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base).absolute() / "omnijet-agent" / "manifest.key"


@dataclass(frozen=True)
class ManifestKey:
    secret: bytes
    path: Path

    def __repr__(self) -> str:  # never print the secret
        return f"ManifestKey({str(self.path)!r}, id={self.key_id})"

    @property
    def key_id(self) -> str:
        """Names the key without revealing it: tells "signed here" from "signed elsewhere"."""
        return self.mac(b"omnijet manifest key id")[:16]

    def mac(self, data: bytes) -> str:
        return hmac.new(self.secret, data, hashlib.sha256).hexdigest()

    def record_mac(self, record: dict[str, Any]) -> str:
        """The MAC of one artifact record (what it vouches for: path -> bytes, and who made it)."""
        fields = [record.get(k) for k in _RECORD_FIELDS]
        return self.mac(json.dumps(fields, separators=(",", ":"), default=str).encode())

    def signature(self, manifest: bytes, note: str = "") -> dict[str, str]:
        """`note`: why the manifest cannot be vouched for although this host signs it (it was
        edited before this write); covered by the MAC, so it cannot be dropped."""
        return {"alg": ALG, "key_id": self.key_id, "note": note,
                "mac": self.mac(manifest + b"\n" + note.encode())}

    @classmethod
    def load(cls, path: Path | None = None, create: bool = True) -> ManifestKey | None:
        """The key at `path` (default `key_path()`); created when missing and `create`, else
        None. `SandboxConfigError` (one line) when the file is unsafe or malformed."""
        path = path or key_path()
        try:
            return cls(_read_key(path), path)
        except FileNotFoundError:
            if not create:
                return None
        _create_key(path)
        return cls(_read_key(path), path)


def _read_key(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        if e.errno == errno.ENOENT:
            raise FileNotFoundError(path) from None
        why = "is a symlink (refused)" if e.errno == errno.ELOOP else f"unreadable ({e.strerror})"
        raise SandboxConfigError(f"manifest key {path} {why}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise SandboxConfigError(f"manifest key {path} is not a regular file")
        if st.st_uid != os.geteuid():
            raise SandboxConfigError(f"manifest key {path} belongs to uid {st.st_uid}, not to you")
        if st.st_mode & 0o077:
            raise SandboxConfigError(f"manifest key {path} is readable by others (mode "
                                     f"{stat.S_IMODE(st.st_mode):o}); run: chmod 600 {path}")
        text = os.read(fd, 256).decode("ascii", errors="replace").strip()
    finally:
        os.close(fd)
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) < 32:
        raise SandboxConfigError(f"manifest key {path} is malformed (want 64 hex digits); "
                                 "delete it to make a new one (reports signed with it will "
                                 "then read as 'not signed here')")
    return secret


def _create_key(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o600)
    except FileExistsError:
        return  # made by a concurrent first use; read it
    except OSError as e:
        raise SandboxConfigError(f"manifest key {path} cannot be created ({e.strerror})") from None
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(32) + "\n")


@dataclass
class SignatureCheck:
    """What `check` found: `state` is "intact", "edited" or "foreign"; `edited` names the
    artifact records whose MAC fails (or "manifest.json" when only the whole manifest does)."""

    state: str
    edited: list[str]


def check(manifest: bytes, sig: bytes | None, key: ManifestKey | None) -> SignatureCheck:
    """Verify a manifest's bytes against its signature file's bytes with this installation's key."""
    try:
        doc = json.loads(sig) if sig is not None else None
    except (ValueError, UnicodeDecodeError):
        doc = None
    if key is None or not isinstance(doc, dict) or doc.get("key_id") != key.key_id:
        return SignatureCheck("foreign", [])
    note = doc.get("note") if isinstance(doc.get("note"), str) else ""
    want = key.mac(manifest + b"\n" + note.encode())
    # "prev": the manifest this signature replaces (a crash between the two writes keeps it)
    whole_ok = any(isinstance(doc.get(k), str) and hmac.compare_digest(doc[k], want)
                   for k in ("mac", "prev"))
    edited: list[str] = [f"manifest.json ({note})"] if whole_ok and note else []
    try:
        data = json.loads(manifest)
        records = data.get("artifacts", []) if isinstance(data, dict) else []
    except (ValueError, UnicodeDecodeError, RecursionError):
        records = []
    latest = {r.get("path"): r for r in records if isinstance(r, dict)}
    for path, r in latest.items():
        mac = r.get("mac")
        if not mac:
            edited.append(f"{path} (an unsigned record)")
        elif not (isinstance(mac, str) and hmac.compare_digest(mac, key.record_mac(r))):
            edited.append(str(path))
    if whole_ok and not edited:
        return SignatureCheck("intact", [])
    return SignatureCheck("edited", edited or ["manifest.json"])
