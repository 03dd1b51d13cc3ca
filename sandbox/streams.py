"""Parent-side readers for a job's pipes: size-capped output capture and the event channel.

Both drain their stream to the end (a job blocked on a full pipe would never finish) but keep
only what fits: `limit` bytes of output, `max_events` events (plus the result line).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import IO, Any

EventFn = Callable[[dict[str, Any]], None]
_MAX_LINE = 4 << 20  # an event line longer than this is dropped (a result may carry a PNG)


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

    def __init__(self, stream: IO[bytes], on_event: EventFn | None, max_events: int) -> None:
        super().__init__(daemon=True)
        self.stream, self.on_event, self.max_events = stream, on_event, max_events
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

    def run(self) -> None:
        with self.stream:
            while line := self.stream.readline(_MAX_LINE + 1):
                if len(line) > _MAX_LINE:  # skip the rest of an oversized line
                    while line and not line.endswith(b"\n"):
                        line = self.stream.readline(_MAX_LINE)
                    self.dropped += 1
                    continue
                if line.strip():
                    self.handle(line)
