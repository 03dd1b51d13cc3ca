"""Workspace paths and the manifest."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from sandbox import CallRecord, FileRef, PathError, Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path / "run")


@pytest.mark.parametrize("bad", ["../../etc/passwd", "/etc/passwd", "a/../../x", "", ".omnijet/x",
                                 "link/shadow"])
def test_paths_outside_are_refused(ws: Workspace, bad: str) -> None:
    os.symlink("/etc", ws.root / "link")
    with pytest.raises(PathError) as e:
        ws.resolve(bad, field="data")
    assert e.value.field == "data" and e.value.path == bad


def test_paths_inside_resolve(ws: Workspace) -> None:
    assert ws.resolve("data/x.root") == ws.root / "data" / "x.root"
    assert ws.resolve(str(ws.root / "a" / ".." / "b")) == ws.root / "b"
    with pytest.raises(PathError, match="no such file"):
        ws.resolve("missing.root", must_exist=True)


def test_record_and_changed_files(ws: Workspace) -> None:
    (ws.root / "in.txt").write_text("input")
    before = ws.snapshot()
    (ws.root / "out").mkdir()
    (ws.root / "out" / "a.json").write_text("{}")
    (ws.root / "out" / ".a.json.1.partial").write_text("")
    assert ws.changed(before) == ["out/a.json"]
    call = CallRecord(call_id=ws.new_call_id("t"), tool="t", args={"x": 1}, started="s",
                      ended="e", status="ok", inputs=[ws.file_ref("in.txt")])
    (art,) = ws.record(call, ws.changed(before))
    assert art.sha256 == hashlib.sha256(b"{}").hexdigest() and art.inputs == [
        FileRef(path="in.txt", sha256=hashlib.sha256(b"input").hexdigest())]
    again = Workspace(ws.root)  # reopening keeps the manifest
    assert again.artifact("out/a.json") == art and again.calls()[0].outputs == ["out/a.json"]
