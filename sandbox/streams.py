"""Parent-side readers for a job's pipes: size-capped output capture and the event channel.

Both drain their stream to the end (a job blocked on a full pipe would never finish) but keep
only what fits: `limit` bytes of output, `max_events` events (plus the result line). The event
channel is also bounded in bytes: past `max_bytes` the reader calls `on_overflow` (the sandbox
stops the job) and keeps nothing more, so a flood of events costs the parent at most that.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from typing import IO, Any

EventFn = Callable[[dict[str, Any]], None]
_MAX_LINE = 4 << 20  # an event line longer than this is dropped (a result may carry a PNG)


def join_after_exit(readers: Sequence[threading.Thread], grace_s: float = 2.0) -> bool:
    """Wait for the readers of a process's pipes once it has exited, at most `grace_s` in all;
    True when a pipe is still held open then (a detached child of the process inherited it,
    e.g. a `setsid` daemon): the caller stops waiting and kills what is left, instead of
    waiting for that child to end (it held `run_python` to its full timeout, issue 21)."""
    deadline = time.monotonic() + grace_s
    for r in readers:
        r.join(timeout=max(deadline - time.monotonic(), 0.0))
    return any(r.is_alive() for r in readers)


class CappedReader(threading.Thread):
    """Reads a byte stream to EOF, keeping the first `limit` bytes."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        super().__init__(daemon=True)
        self.stream, self.limit = stream, limit
        self.kept = bytearray()
        self.total = 0
        self.start()

    def run(self) -> None:
        with self.stream:
            while chunk := self.stream.read1(65536):
                self.total += len(chunk)
                room = self.limit - len(self.kept)
                if room > 0:
                    self.kept += chunk[:room]

    @property
    def truncated(self) -> bool:
        return self.total > self.limit

    def text(self) -> str:
        out = self.kept.decode("utf-8", errors="replace")
        if self.truncated:
            out += f"\n[... output truncated: {self.total} bytes, {self.limit} kept]"
        return out


class EventReader(threading.Thread):
    """Reads JSON lines; `{"result": x}` sets `.result`, anything else is a progress event."""

    def __init__(self, stream: IO[bytes], on_event: EventFn | None, max_events: int,
                 max_bytes: int = 32 << 20, on_overflow: Callable[[str], None] | None = None,
                 ) -> None:
        super().__init__(daemon=True)
        self.stream, self.on_event, self.max_events = stream, on_event, max_events
        self.max_bytes, self.on_overflow = max_bytes, on_overflow
        self.total = 0  # bytes read from the channel
        self.overflow = ""  # why the job was stopped, when it sent too much
        self.events: list[dict[str, Any]] = []
        self.dropped = 0
        self.result: Any = None
        self.error: BaseException | None = None  # raised by the caller's on_event: re-raised later
        self.start()

    def handle(self, line: bytes) -> None:
        try:
            msg = json.loads(line)
        except ValueError:
            self.dropped += 1
            return
        if isinstance(msg, dict) and set(msg) == {"result"}:
            self.result = msg["result"]
            return
        if not isinstance(msg, dict) or len(self.events) >= self.max_events:
            self.dropped += 1
            return
        self.events.append(msg)
        if self.on_event is not None and self.error is None:
            try:
                self.on_event(msg)
            except Exception as e:  # keep draining, or the job blocks on a full pipe
                self.error = e

    def _count(self, n: int) -> bool:
        """Add `n` bytes read; False (and the job stopped, once) past the byte limit."""
        self.total += n
        if self.total <= self.max_bytes:
            return True
        if not self.overflow:
            self.overflow = (f"stopped: the job sent more than {self.max_bytes} bytes of events "
                             f"(limit {self.max_bytes >> 20} MiB per job)")
            if self.on_overflow is not None:
                self.on_overflow(self.overflow)
        return False

    def run(self) -> None:
        with self.stream:
            while line := self.stream.readline(_MAX_LINE + 1):
                if not self._count(len(line)):
                    while self.stream.read1(1 << 16):  # drain, keep nothing, until it is dead
                        pass
                    break
                if len(line) > _MAX_LINE:  # skip the rest of an oversized line
                    while line and not line.endswith(b"\n"):
                        line = self.stream.readline(_MAX_LINE)
                        self._count(len(line))
                    self.dropped += 1
                    continue
                if line.strip():
                    self.handle(line)
