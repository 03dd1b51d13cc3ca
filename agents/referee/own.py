"""The referee's content checks on a report this project's sessions wrote (`omnijet-agent review`
of our own report): its numbers are already traced to hashed artifacts by `agents.review`; here
they are also read as a referee reads them (a no-signal control far from 0.5, a comparison its own
numbers contradict, 'significant' within the noise ...). The findings are added to the review's
findings; the provenance checks and the verdict on them are unchanged.

The machine-written sections of our reports (the index of every number with its pointer, the
tool calls, the budget, the asked -> run table) list fields, not claims: one field per row with
per-seed points, errors and counts side by side. They are blanked, keeping line numbers.
"""

from __future__ import annotations

import re

from agents.referee.referee import answer, referee
from agents.referee.rules import Finding

# headings of the sections our report writer fills with field listings rather than statements
LISTINGS = re.compile(r"^#{2,6}\s+(?:all numbers|all figures|tool calls|budget|asked\s*(?:→|->)\s*run)\s*$", re.I)


def statements(text: str) -> str:
    """The report with its listing sections blanked (each line kept, emptied)."""
    out, skip, level = [], False, 0
    for line in text.splitlines():
        if m := re.match(r"^(#{1,6})\s", line):
            if skip and len(m.group(1)) <= level:
                skip = False
            if LISTINGS.match(line):
                skip, level = True, len(m.group(1))
                out.append("")
                continue
        out.append("" if skip else line)
    return "\n".join(out) + "\n"


def referee_own(text: str, name: str = "report.md") -> list[Finding]:
    """The referee's findings on one of our own reports (rules only: its numbers are traced, not re-read
    by a model)."""
    return referee(statements(text), name, fmt="markdown").findings


def answer_own(question: str, text: str, name: str = "report.md") -> str:
    """The referee's answer to `question` on one of our own reports (its statements, as `referee_own` reads them)."""
    body = statements(text)
    return answer(question, referee(body, name, fmt="markdown"), body)
