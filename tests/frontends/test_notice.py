"""The sandbox's isolation notice reaches a terminal user as one clean line, once per process."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from tests.agents.test_end_to_end import ENV, ROOT


def _missing_protection() -> bool:
    from sandbox import make_sandbox

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return any(v.startswith("off") for v in make_sandbox("auto").protections().values())


def test_isolation_notice_is_one_line_once_per_process(tmp_path: Path) -> None:
    if not _missing_protection():
        pytest.skip("every sandbox protection is active on this host: there is no notice to show")
    code = ("from agents.main import main\nimport sys\n"
            "from sandbox import make_sandbox\nmake_sandbox('auto'); make_sandbox('auto')\n"
            f"sys.exit(main(['tools', 'call', 'list_artifacts', '{{}}', '--workspace', '{tmp_path / 'ws'}']))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    notes = [line for line in proc.stderr.splitlines() if "less isolation" in line]
    assert len(notes) == 1 and notes[0].startswith("note: local sandbox runs with less isolation: ")
    assert "SandboxWarning" not in proc.stderr and ".py:" not in proc.stderr
