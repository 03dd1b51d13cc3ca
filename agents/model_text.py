"""Model-written text on its way to a report or a terminal: the one filter for both.

What a model writes (step summaries, reviewer remarks, the answer paragraph, plan titles and
goals, spec notes, change notes) and what a job writes (tool errors carrying a script's output,
file names, progress events) is attacker-written. On its way out:
- `for_report(text, given)`: one line of markdown prose. Escape sequences and control
  characters go; links, images, reference definitions, autolinks, bare URLs, e-mail addresses,
  HTML and code spans lose their power (a link keeps its text, never its target); a citation
  `VALUE [↗](PATH#/POINTER)` survives only when it is one the report writer itself gave the model
  (`given`); every other number is re-cited from `given` or becomes '[?]' (counted).
- `plain(text)`: the same without the number rule, for text whose numbers are settings, not
  results (the request, a plan's goal checked against the plan, a file name).
- `for_terminal(text)`: escape sequences (ANSI colours, OSC 8 hyperlinks, title changes) and
  control characters stripped, rich markup escaped; `terminal_tree` does it to every string of
  an event.
"""

from __future__ import annotations

import re
from typing import Any

from rich.markup import escape

from agents.provenance_refs import REF

# ESC [ ... final byte (CSI), ESC ] ... BEL or ESC \ (OSC: hyperlinks, titles), ESC P/X/^/_ ...
# ESC \ (DCS and friends), any other two-byte ESC sequence; then the C1 forms of the same
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_].*?(?:\x07|\x1b\\|$)|\x1b[@-Z\\-~]?"
                      r"|\x9b[0-?]*[ -/]*[@-~]|[\x9d\x90\x98\x9e\x9f].*?(?:\x07|\x9c|$)", re.S)
# C0/C1 controls (tab and newline kept for the terminal), bidi overrides and isolates (text that
# reads differently than it is), zero-width characters, and the private-use range (our placeholders)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"
                       "\ue000-\uf8ff]")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)?")
_LINK = re.compile(r"\[([^\]]*)\]\s*(?:\([^)]*\)?|\[[^\]]*\])")
_REF_DEF = re.compile(r"\[[^\]]*\]:\s*\S+")
_URL = re.compile(r"(?i)\b(?:[a-z][\w+.-]{1,20}:/{1,3}|www\.)[^\s<>]*|\b(?:javascript|data|file|mailto):\S*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_ACTIVE = re.compile(r"([\\`|])")  # a backslash (ours must stay ours), a code span, a table cell
_LINK_START = re.compile(r"\](?=[(\[])|!(?=\[)")  # `](`, `][`, `![`: escaped, no link or image can form
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?%?")
_PUA = 0xE000


def _strip(text: str) -> str:
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def for_terminal(text: Any, markup: bool = True) -> str:
    """`text` safe to print on a terminal: no escape sequence or control character (tab and
    newline kept); rich markup escaped unless `markup` is False (then escape it where it is
    printed: `escape(str(...))` of a value that holds such strings)."""
    out = _CONTROLS.sub(lambda m: m.group(0) if m.group(0) in "\n\t" else "", _ESCAPES.sub("", str(text)))
    return escape(out) if markup else out


def terminal_tree(obj: Any, markup: bool = True) -> Any:
    """Every string of a JSON-like value through `for_terminal` (keys too)."""
    if isinstance(obj, str):
        return for_terminal(obj, markup)
    if isinstance(obj, dict):
        return {terminal_tree(k, markup): terminal_tree(v, markup) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [terminal_tree(v, markup) for v in obj]
    return obj


def _defang(text: str) -> str:
    """Markdown with no link, image, HTML or code span left: their visible text only."""
    text = _IMAGE.sub(lambda m: m[1] or "image", text)
    for _ in range(3):  # nested brackets unwrap from the inside out
        text = _LINK.sub(lambda m: m[1], text)
    text = _REF_DEF.sub("(link removed)", text)
    text = _EMAIL.sub("(address removed)", _URL.sub("(link removed)", text))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LINK_START.sub(lambda m: "\\" + m.group(0), _ACTIVE.sub(r"\\\1", text))


def plain(text: Any, limit: int = 2000) -> str:
    """One line of inert markdown (see the module doc); at most `limit` characters kept."""
    out = _defang(" ".join(_strip(str(text)).split()))
    return out if len(out) <= limit else out[:limit].rstrip("\\&") + " …"


def for_report(text: str, given: list[str], limit: int = 4000) -> tuple[str, int]:
    """Model prose for the report: inert (`plain`), citations only the writer's own, numbers
    re-cited from `given` or '[?]'. Returns the text and how many numbers were removed."""
    text = " ".join(_strip(text).split())[:limit]
    allowed = {m.group(0) for line in given for m in REF.finditer(line)}
    kept: list[str] = []

    def cite(m: re.Match[str]) -> str:
        if m.group(0) not in allowed:  # a link the model made: its number is re-cited below
            return m["value"] + m["pct"]
        kept.append(m.group(0))
        return chr(_PUA + len(kept) - 1)

    text = _defang(REF.sub(cite, text))
    text, dropped = cite_numbers(text, given)
    return re.sub("[\ue000-\uf8ff]", lambda m: kept[ord(m.group(0)) - _PUA], text), dropped


def cite_numbers(text: str, given: list[str]) -> tuple[str, int]:
    """Model-written text keeps only numbers that cite an artifact: a number it copied from the
    cited lines it was given gets that citation; one it copied from their own wording (not a
    result: "Pythia 8", "500 < pT < 1000 GeV") stays as it is; any other becomes '[?]' (and is
    counted). Citations already in `text` are left alone (`for_report` keeps only the writer's)."""
    sources: dict[str, str] = {}
    for line in given:
        for m in REF.finditer(line):
            sources.setdefault(m["value"] + m["pct"], m.group(0))
        sources.update({n: n for n in _NUMBER.findall(REF.sub(" ", line)) if n not in sources})
    cited = [m.span() for m in REF.finditer(text)]
    out, dropped, last = [], 0, 0
    for m in _NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b in cited):
            continue
        src = sources.get(m.group(0))
        dropped += src is None
        out.append(text[last:m.start()] + (src or "[?]"))
        last = m.end()
    return "".join(out) + text[last:], dropped


# ---- what `review` looks for: anything active that the report writer does not make ------------
_ESCAPED = re.compile(r"\\.")
_ACTIVE_MARKDOWN = re.compile(
    r"!?\[[^\]]*\][(\[]"  # a link or image (inline or by reference) left after the writer's own
    r"|^\s*\[[^\]]+\]:"  # a reference definition
    r"|<[A-Za-z!/?]"  # HTML, a comment, an autolink
    r"|(?i:\b(?:https?|ftp|file|javascript|data|mailto|vbscript):|\bwww\.)"  # bare URLs (autolinked)
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # escapes, bidi overrides


def active_markdown(line: str) -> list[str]:
    """Snippets of `line` that would link, embed, run or hide something; call it on a line from
    which the writer's own citations and figures were taken out (`review` checks those)."""
    text = _ESCAPED.sub("  ", line)
    return [repr(text[max(m.start() - 10, 0):m.end() + 30])[1:-1] for m in _ACTIVE_MARKDOWN.finditer(text)]
