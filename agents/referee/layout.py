"""The layout of reports that are not documents: log and chat lines (each a record of its own, led by a
timestamp and a speaker or logger), section titles of plain text and e-mail, and data printed inline
(an agent's `Observation: {...}`, a notebook's `Out[12]: {'auc': 0.91, ...}`), tables drawn with box
characters or HTML, TOML answers, quoted CSV, the speakers of a conversation and the symbols a paper defines.

Everything here reads text; nothing is evaluated (a Python repr is turned into JSON by rewriting its
literals, never by `eval`), and the size of what is read is bounded."""

from __future__ import annotations

import csv
import json
import re
import tomllib
from typing import Any

from agents.referee.vocabulary import QUANTITY_RE

_TIME = r"\d{1,2}:\d\d(?::\d\d(?:[.,]\d+)?)?(?:\s*[AaPp][Mm])?"
_DATE = r"(?:\d{4}-\d\d-\d\d|\d{1,2}-[A-Z][a-z]{2}-\d{4})"  # "2025-03-15", "15-Mar-2025"
# "2025-06-17 09:14:02,931 : INFO  : KNIME-Worker-4 : Report Writer 3:17 : ": a level, then up to two fields (thread, node),
# each closed by " : " (one space of the message's indent taken, the rest kept: an indented line goes on the record above)
LEVEL_THEN_COLON_FIELDS = (r"(?::\s+(?:INFO|WARN(?:ING)?|ERROR|DEBUG|CRITICAL|NOTICE|TRACE)\s+:\s(?:\s*(?:(?!\s:\s)[^\n]){1,40}\s:\s?){0,2})?")
# Python logging's default layout, "2026-11-22 10:41:07,112 - distributed.worker - INFO - ": a logger name and a level,
# each closed by " - " (the name optional); both say who wrote the record, not what its numbers are of
DASHED_LOGGER_AND_LEVEL = (r"(?:-\s+(?:[A-Za-z_][\w.:-]{0,40}\s+-\s+)?(?:INFO|WARN(?:ING)?|ERROR|DEBUG|CRITICAL|NOTICE|TRACE)"
                           r"\s+-\s)?")
# "2026-11-30 14:02:11 INFO  [ad-eval] ", "[09:12] maya: ", "lena  10:03  ", "12/04/2026, 10:03 - maya: ",
# "build<TAB>15-Mar-2025 02:13:52<TAB>" (a CI log's kind of line, then its date and time)
# a TAP test line ("ok 10 - AUC below the ceiling", "    not ok 3 - W1 < 1e-3"): its number counts the tests, and the line
# is a record of its own, never a sentence wrapped over the next test's
TAP_TEST_POINT = r"(?:not\s+)?ok\s+\d{1,6}(?:\s+-)?(?=\s)"
RECORD = re.compile(rf"^\s*(?:\*\*)?(?:{TAP_TEST_POINT}|\[?{_DATE}(?:[T ]{_TIME})?(?:Z|\s*UTC|[+-]\d\d:?\d\d)?\]?|\[{_TIME}\]|"
                    rf"\d{{1,2}}/\d{{1,2}}/\d{{2,4}},?\s+{_TIME}(?:\s+-)?|{_TIME}(?=\s)|"
                    rf"[A-Za-z][\w.@-]{{0,23}}(?:\t|\s{{2,}})(?:{_DATE}\s+)?{_TIME}(?=\s)|[A-Za-z][\w.@-]{{0,23}}\s+\[{_TIME}\])(?:\*\*)?\s*"
                    r"(?:\|\s*(?!(?:INFO|WARN(?:ING)?|ERROR|DEBUG|CRITICAL|NOTICE|TRACE)\b)[\w.@:-]{1,40}\s*\|\s?)?"  # "2026-12-05 03:15:12.33 | gpu-node | ":
                    + LEVEL_THEN_COLON_FIELDS + DASHED_LOGGER_AND_LEVEL +
                    # a CI job's host column (a log level between bars, "| INFO |", is read as before)
                    r"(?:(?:INFO|WARN(?:ING)?|ERROR|DEBUG|CRITICAL|NOTICE|TRACE)\b:?\s*)?(?:\[[\w .:/@-]{1,30}(?: \([\w .:/@-]{1,20}\))?\]\s*)?")
SPEAKER = re.compile(r"^(?:<)?[A-Za-z@][\w.@-]{0,23}(?:>)?:\s")  # one word: "maya: ", not "shuffled-label control: "


# "    calib_test.go:103: ", "model_test.py:57: ": a test's log line led by the source file and line that wrote it
# (Go's t.Logf, a compiler's or linter's diagnostics): where it was printed from, not what its numbers are of
SOURCE_POSITION_LEAD = re.compile(r"\s*[\w./-]{1,80}\.(?:go|py|rs|c|cc|cpp|cxx|h|hh|hpp|java|kt|scala|js|ts|rb|jl|cs|swift|f90|"
                                  r"m|r|R|sh):\d{1,6}:(?:\d{1,4}:)? ")


def record_prefix(line: str) -> int:
    """Characters of `line` that only say when and who (a log's timestamp and logger, a chat's time and
    speaker; a test log's source position), 0 when it is not such a record. Their numbers (09:12, 2026-11-30) are
    no results."""
    if src := SOURCE_POSITION_LEAD.match(line):
        return src.end()
    m = RECORD.match(line)
    if m is None or not m.group(0).strip():
        return 0
    end = m.end()
    named = re.match(r"\s*[A-Za-z]", line)  # "lena  10:03": the record names its speaker already
    if not named and (s := SPEAKER.match(line[end:])) and not QUANTITY_RE.search(s.group(0)):  # "maya: ", not "AUC: "
        end += s.end()
    return end


# a shell command echoed in a log ("python -m jettok.ctest --gen out/gen/top_48k.h5 --n-test 24000", "srun -n 4 train.sh"):
# a program, then options or paths; it states no result, and each one starts a new run (a task runner echoes each
# session's command after its own name: "nox > python scripts/train.py --seed 3")
# (after a shell's "$ " prompt any program: "$ head -3 results/gen_metrics.csv", "$ mlr --icsv --opprint cat runs.csv"; but
# a commit's message is prose: '$ git commit -m "..."')
COMMAND = re.compile(r"^\s*(?:\$\s+|(?:nox|tox|invoke|hatch|pdm|poe)\s>\s+)?(?:python[\d.]*|python[\d.]* -m|pip|make|bash|srun|sbatch|torchrun|accelerate|mpirun|julia|"
                     r"Rscript|cargo|npm|docker|kubectl|mkdir|conda|pytest|snakemake|nohup|\./[\w.-]+|(?<=\$ )(?!.*\s(?:-m|--message)[\s=]+[\x22'])[a-z][\w.+-]*)\s+"
                     r"(?=.*(?:\s--?[A-Za-z][\w-]*(?:[\s=]|$)|\S/\S|\.(?:py|sh|yaml|yml|json|h5|ckpt|pt|cfg|toml)\b))(?!.*[.!?]\s+[A-Z][a-z])")
# a line of code typed at a prompt or in a script ("In [16]: q0 = 2 * (...)", "    ...: print(...)", "fprintf('AUC = %.3f', a)",
# "H = T(T.pt_rank <= 1000, :);"): its own line, never a sentence wrapped over the prose after it
REPL_PROMPT = r"^\s*(?:In \[\d+\]:|\s*\.\.\.:|>>>|julia>|ghci>|Prelude>|λ>|\w+>\s|>>\s*%)"
CODE = re.compile(REPL_PROMPT + r"|"
                  r"^\s*(?:>>\s+)?[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s*\(.*\)\s*;?\s*(?:[#%].*)?$|"
                  r"^\s*(?:>>\s+)?[A-Za-z_][\w.]*(?:\[[^\]]*\])?\s*(?:,\s*[A-Za-z_]\w*\s*)*=\s*[^=\s].*(?:\w\s*\(|;\s*$|\]\s*;?$)")  # '\w\s*\(', not an identifier: linear on a long line


# "In [24]: # Summary for the PR: ...", "   ...: # at 50% signal efficiency ...", ">> % boosted check": a comment typed at a
# prompt is prose (the lines of one comment wrap into each other), not code
REPL_COMMENT = re.compile(r"^(?P<lead>\s*(?:(?:In \[\d+\]:|\.\.\.:|>>>|\.\.\.|julia>)\s*(?:#+|//)|>>\s*(?:%+|#+)))\s?")


def repl_comment(line: str) -> str:
    """A comment typed at a REPL prompt as its text (the prompt and the comment sign blanked), else the line."""
    m = REPL_COMMENT.match(line)
    return " " * m.end() + line[m.end():] if m else line


def is_command(line: str) -> bool:
    """A shell command echoed in a log: a program, its options and paths (no sentence)."""
    return bool(COMMAND.match(line))


def at_prompt(line: str) -> bool:
    """A line typed at an interpreter's prompt ("julia> c2st(a, b)", "ipdb> p auc", "> summary(fit)"): a new command."""
    return bool(re.match(REPL_PROMPT + r"|^\s*>\s+[A-Za-z_][\w.$]*\s*(?:\(|<-|$)", line))


def is_code(line: str) -> bool:
    """A line of code: typed at a REPL prompt, a call, or an assignment whose value calls something or ends in ';'."""
    return is_command(line) or bool(CODE.match(line))


# "[vqvae] epoch 120/120 ...", "[reco]   accuracy on ...": a logger's tag opening the line (no timestamp), "[1] Smith et al." is not
LOG_TAG = re.compile(r"^\s*\[[A-Za-z][\w .:/@-]{0,30}\]\s+(?=\S)|^\s*[a-z][\w.-]{1,20}:\s+(?=\S)"  # or "eval: ..." repeated
                     # "    wp_test.go:61: ...": a source file's line logging (go test, a compiler), counted as one tag
                     r"|^\s*[A-Za-z_][\w.-]{0,40}\.[A-Za-z]{1,4}:\d{1,6}:\s+(?=\S)"
                     # "wf-7x2-eval-551: [eval] ...": a pod's (container's) name of dashed parts, then the step's own tag
                     r"|^\s*[a-z][a-z0-9]*(?:[.-][a-z0-9]+){2,10}:\s+(?:\[[A-Za-z][\w .:/@-]{0,30}\]\s+)?(?=\S)"
                     r"|^\s*\([A-Za-z][\w.:/@=-]{0,40}\)\s+(?=\S)"  # or "(post_fit.py) ...": a process's name in brackets
                     # "      +eval-gen | [run_all] ...", "api-1  | ...": a build target's or a service's column before a bar
                     r"|^\s*(?:\+[A-Za-z][\w.-]{0,30}|[A-Za-z][\w.-]{0,30}[-_]\d{1,3})\s*\|\s+(?:\[[A-Za-z][\w .:/@-]{0,30}\]\s+)?(?=\S)")


def log_tags(lines: list[str]) -> set[str]:
    """The tags that open two or more lines of a log ("[vqvae]", "[ctest]"): each such line is a record of its own."""
    counts: dict[str, int] = {}
    for line in lines[:20000]:
        if m := LOG_TAG.match(line):
            tag = _tag_key(m.group(0))
            counts[tag] = counts.get(tag, 0) + 1
    return {t for t, k in counts.items() if k >= (2 if t.startswith("[") else 3)} | _tags_of_a_repeated_target_column(counts)


# "selection: top 1% of score ...", "control verdict: consistent ...": a line opened by a lower-case key of one or two words
KEY_FIELD = re.compile(r"\s*[a-z][\w-]{0,20}(?: [a-z][\w-]{0,20})?:[ \t]+\S")


def key_field_lines(lines: list[str]) -> set[int]:
    """The lines of a printout laid out as fields, each opened by its own key ("features: ...", "selection: ...",
    "control: ...", "next: ..."): four or more different keys make each such line a record of its own, never the end of a sentence wrapped from the line above (a single "lossless: jets decoded ..." in prose is)."""
    keyed = {i: m.group(0).split(":")[0].strip() for i, line in enumerate(lines[:20000]) if (m := KEY_FIELD.match(line))}
    return set(keyed) if len(set(keyed.values())) >= 4 else set()


def _tags_of_a_repeated_target_column(counts: dict[str, int]) -> set[str]:
    """The tags led by a build target's or a service's column ("+eval-gen | [run_all]", "+eval-gen | [summary]") whose
    column opens two or more lines in all: one process logging, whatever its inner tag."""
    columns: dict[str, int] = {}
    for t, k in counts.items():
        if "|" in t:
            col = t.split("|", 1)[0].strip()
            columns[col] = columns.get(col, 0) + k
    return {t for t in counts if "|" in t and columns[t.split("|", 1)[0].strip()] >= 2}


def _tag_key(tag: str) -> str:
    """A tag as counted: "wp_test.go:44:" and "wp_test.go:61:" are one source file's tag, whatever its line."""
    return re.sub(r"(\.[A-Za-z]{1,4}:)\d{1,6}:$", r"\1#:", tag.strip())


def tag_prefix(line: str, tags: set[str]) -> int:
    m = LOG_TAG.match(line)
    return m.end() if m and _tag_key(m.group(0)) in tags else 0


RULE_LINE = re.compile(r"\s*(?:-{3,}|={3,}|~{3,})\s*")  # a line drawn across, of dashes or equals signs


def framed_title(lines: list[str], i: int) -> bool:
    """'TEAM 1  "Quark Soup"  (4 members, ...)' between two rules of dashes: the heading of the block below, whatever its
    length (no measured number in it)."""
    line = lines[i].strip()
    return bool(line) and len(line) <= 120 and 0 < i < len(lines) - 1 and bool(RULE_LINE.fullmatch(lines[i - 1])) \
        and bool(RULE_LINE.fullmatch(lines[i + 1])) and not re.search(r"\d\.\d|[:=]\s*[-+]?\d", line)


def is_title(lines: list[str], i: int) -> bool:
    """A section title of plain text or an e-mail: a short line of words on its own (a blank line or the
    start before it), the section's lines indented, listed or underlined below it ("No-signal control",
    "Results on data")."""
    line = lines[i].strip()
    if framed_title(lines, i):
        return True
    if bold := re.fullmatch(r"(\*\*|__)([^*_\n]+)\1", line):  # "**Tight WP**" over its list: a title set in bold
        line = bold.group(2).strip()
    if not line or len(line) > 50 or re.search(r"[.,;!?:=|{}\[\]<>]$|\d\.\d|^[-*+>#]", line) or len(line.split()) > 6:
        return False
    if re.search(r"\S:(?:\s{2,}|\t)\S", line):
        return False  # "Type of data:          Number": a key and its value aligned in a column, no title
    if i > 0 and lines[i - 1].strip():
        return False
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return bool(re.match(r"(?:\s{2,}|\t)\S|\s*[-*+]\s|\s*[=~-]{3,}\s*$", nxt))


_PY = [(r"\b(?:np\.|numpy\.)?(?:float|int)(?:16|32|64)?\(\s*([-+\deE.]+)\s*\)", r"\1"),  # np.float64(0.91)
       (r"\b(?:np\.|numpy\.)?array\(\s*(\[[^()]*\])\s*(?:,\s*dtype=[\w.]+\s*)?\)", r"\1"),  # array([0.9, 0.8])
       (r"\bTrue\b", "true"), (r"\bFalse\b", "false"), (r"\bNone\b", "null"), (r"\bnan\b", "null"),
       (r",(\s*[}\]])", r"\1")]  # a trailing comma
MAX_BLOCK = 200  # lines of one printed object
MAX_BLOCK_CHARS = 50_000


def _as_json(text: str) -> str | None:
    """`text` as JSON: as it is, or rewritten from a Python repr (quotes, True/None, numpy scalars)."""
    try:
        json.loads(text)
        return text
    except (ValueError, RecursionError):
        pass
    if '"' in text and "'" in text:
        return None  # mixed quoting: not rewritten
    out = text.replace("'", '"')
    for rx, to in _PY:
        out = re.sub(rx, to, out)
    try:
        json.loads(out)
    except (ValueError, RecursionError):
        return None
    return out


def inline_data(lines: list[str], i: int) -> tuple[int, str, str] | None:
    """(the index after it, the words before it, its JSON text) of an object printed at `lines[i]` after at most
    a short lead ("Observation: {...}", "Out[12]: {'mass_bias': -0.004,\\n 'mass_resolution': 0.051}"), on one
    line or closed within MAX_BLOCK lines; None when there is none or it does not parse."""
    m = re.match(r"^(?P<lead>(?:[^{\[\"]|\[[^\[\]{}\"\n]{1,40}\]){0,120}?)\s*(?P<open>\{|\[(?![^\[\]{}\"\n]{1,40}\]))", lines[i])  # a host or tag in
    # brackets may lead ("ok: [gpu-node-03] => {")
    if m is None or (m["open"] == "[" and not re.match(r"\s*\[\s*\{", lines[i][m.start("open"):]) and not (
            lines[i].strip() == "[" and i + 1 < len(lines) and lines[i + 1].lstrip().startswith(("[", "{", '"')))):
        return None  # a list of objects only ("[{...}]"), not "[09:12]" or "[0.91, 0.93]"; or a list printed over lines,
        # its "[" alone on the first ("jq '.history'" of a chat log: pairs of messages, each a string)
    if m["lead"].strip() and not re.search(r"[:=>]\s*$|\breturned\b|\boutput\b", m["lead"], re.I) \
            and not re.fullmatch(r"\s*\[[^\[\]{}\"\n]{1,40}\]\s*", m["lead"]) \
            and not (lines[i].endswith("}") and re.fullmatch(r"[^\s{}]+(?:\t[^\t{}]*)*\t\s*", lines[i][:m.start("open")])):
        # (a record its tab-separated fields lead, a message queue's timestamp and key: "CreateTime:17180328\tw07\t{...}")
        return None  # prose that happens to hold a brace (a tag in brackets alone leads an object: "[RESULT] {")
    depth, body = 0, []
    for j in range(i, min(len(lines), i + MAX_BLOCK)):
        part = lines[j][m.start("open"):] if j == i else lines[j]
        body.append(part)
        depth += part.count("{") + part.count("[") - part.count("}") - part.count("]")
        if depth <= 0 or sum(map(len, body)) > MAX_BLOCK_CHARS:
            break
    if depth != 0:
        return None
    joined = "\n".join(body)
    text = _as_json(joined[:joined.rfind("}" if m["open"] == "{" else "]") + 1])
    if text is None or not isinstance(json.loads(text), dict | list) or not re.search(r"\d", text):
        return None
    return i + len(body), m["lead"].strip(" :=>"), text


_STAR_RULE = re.compile(r"\s*\*{10,}\s*")
_STAR_ROW = re.compile(r"\s*\*(?:[^*\n]+\*){3,}\s*")


def root_scan_tables(text: str) -> str:
    """ROOT's TTree::Scan printout ('*    Row   *     K *    ppl *' between two rules of stars, then one row a line,
    '*   3 *   512 * 538.24 *', closed by a rule) as a markdown pipe table: its stars as '|', the rule under its header as
    '|---|', its other rules as blank lines; the lines keep their numbers. (A TTree::Print box, '*Br 0 :K : K/I *', has
    no header between two rules and stays as it is.)"""
    if "**********" not in text:
        return text
    lines = text.split("\n")
    i = 1
    while i < len(lines) - 1:
        head = lines[i]
        if not (_STAR_ROW.fullmatch(head) and _STAR_RULE.fullmatch(lines[i - 1]) and _STAR_RULE.fullmatch(lines[i + 1])
                and not re.search(r"\*\s*[-+]?\d[\d.eE+-]*\s*\*", head)):
            i += 1
            continue
        j = i + 2
        while j < len(lines) and _STAR_ROW.fullmatch(lines[j]):
            lines[j] = lines[j].replace("*", "|")
            j += 1
        if j == i + 2:
            i += 1
            continue
        cells = head.count("*") - 1
        lines[i - 1], lines[i], lines[i + 1] = "", head.replace("*", "|"), "|" + "---|" * cells
        if j < len(lines) and _STAR_RULE.fullmatch(lines[j]):
            lines[j] = ""
        i = j + 1
    return "\n".join(lines)


_BOX_V = "│┃║╎┆┊╏"
_BOX_RULE = re.compile(r"\s*[━─═┏┓┗┛┌┐└┘╔╗╚╝┳┻┬┴╦╩┡┩╇┣┫╋├┤┼╞╡╪╠╣╬\s]+\s*$")


def box_tables(text: str) -> str:
    """A table drawn with box characters (rich, tabulate "fancy_grid") as a markdown pipe table: its verticals as
    '|', the rule under its header as '|---|', its other borders as blank lines; the lines keep their numbers."""
    if not re.search(f"[{_BOX_V}]", text):
        return text
    text = _wrapped_box_rows(text)
    out = []
    for line in text.split("\n"):
        if line.strip() and _BOX_RULE.fullmatch(line) and re.search(r"[━─═]", line):
            inner = re.search(r"[┡╇┩├┼┤╞╪╡╠╬╣┣╋┫]", line)
            out.append("|" + "---|" * (len(re.findall(r"[╇┼╪╬╋]", line)) + 1) if inner else "")
        elif m := _PANEL_LINE.fullmatch(line):
            out.append(" " * len(m["left"]) + m["body"])  # a panel's line: its text (a pipe table in it stays one)
        else:
            out.append(re.sub(f"[{_BOX_V}]", "|", line))
    return "\n".join(out)


_BOX_INNER_RULE = re.compile(r"\s*[├╞╠┣┡][━─═┼╪╬╋╇\s]+[┤╡╣┫┩]\s*")


def _wrapped_box_rows(text: str) -> str:
    """A box table whose rows are each closed by a rule ('├───┼───┤' after every row, as a grid of long text cells
    draws it) wraps a row's cells over several lines: each column's pieces are that cell's text, read whole on the
    row's first line (the lines under it left blank, so every line keeps its number). A table with a rule only under
    its header keeps one row a line."""
    lines = text.split("\n")
    groups: list[tuple[int, int]] = []  # [first, last) of the lines between two rules of one table
    start, rules, inner = None, 0, []
    for i, line in enumerate(lines):
        cells = line.strip()
        if cells[:1] in "┌┏╔╒" and _BOX_RULE.fullmatch(line):
            start, rules, inner = i + 1, 0, []
        elif start is not None and _BOX_INNER_RULE.fullmatch(line):
            groups.append((start, i))
            start, rules = i + 1, rules + 1
            inner.append(i)
        elif start is not None and cells[:1] in "└┗╚╘" and _BOX_RULE.fullmatch(line):
            groups.append((start, i))
            if rules >= 2:
                for lo, hi in groups[-(rules + 1):]:
                    _join_cells(lines, lo, hi)
                for k in inner[1:]:
                    lines[k] = ""  # the rules between rows close a row, no header's (the one under the header stays)
            start = None
        elif start is not None and not (cells[:1] in _BOX_V and cells[-1:] in _BOX_V):
            start = None  # not a drawn table after all
    return "\n".join(lines)


def _join_cells(lines: list[str], lo: int, hi: int) -> None:
    """The lines lo..hi-1 of one row of a box table, each column's pieces joined into its cell, on line lo: a row of
    sentences as the sentences of its cells, one after the other; a row of short cells as a table's row."""
    if hi - lo < 2:
        return
    rows = [re.split(f"[{_BOX_V}]", lines[i].strip())[1:-1] for i in range(lo, hi)]
    if len({len(r) for r in rows}) != 1:
        return
    cells = []
    for col in zip(*rows, strict=True):
        cell = ""
        for piece in (p.strip() for p in col):
            cell = cell + piece if cell.endswith("-") or not cell else f"{cell} {piece}" if piece else cell
        cells.append(cell)
    if any(len(cell.split()) > 6 for cell in cells):  # cells of sentences (an eval grid's input and output): read as prose
        lines[lo] = " ".join(cell if cell[-1:] in ".?!:;" else f"{cell}." for cell in cells if cell)
    else:  # short cells (a model's name wrapped, its numbers): the table's row
        lines[lo] = "│ " + " │ ".join(cells) + " │"
    for i in range(lo + 1, hi):
        lines[i] = ""


# "┃ Its classifier AUC of 0.618 ± 0.006 shows ...  ┃": a line of a panel (rich's Panel, an agent framework's boxed
# message), framed by one vertical on each side and none inside: its text, not a table's one cell
_PANEL_LINE = re.compile(f"(?P<left>\\s*[{_BOX_V}])(?P<body>[^{_BOX_V}]*?)\\s*[{_BOX_V}]\\s*")


def quoted_fields(line: str) -> list[str] | None:
    """The fields of a CSV line with quoted fields (`"control","0.0","0.589","no signal; consistent with random"`)."""
    if line.count('"') < 4 or not re.match(r'\s*"', line):
        return None
    try:
        row = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return None
    return [f.strip() for f in row] if len(row) >= 3 else None


def toml_doc(text: str) -> Any:
    """A TOML answer (`[classifier_test]` / `auc = 0.624`) as data, else None; dates become text."""
    if len(text) > 200_000 or not re.search(r"^\s*\[[\w.\" -]+\]\s*$", text, re.M) or not re.search(r"^\s*[\w\"-]+\s*=", text, re.M):
        return None
    try:
        doc = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return None
    return json.loads(json.dumps(doc, default=str)) if doc else None


_TURN = re.compile(r"^\s*(?:\*\*)?\[?(?P<name>[A-Za-z][\w.@-]{0,20}(?: [A-Za-z][\w.@-]{0,20})?)\]?(?:\*\*)?:(?:\*\*)?\s+\S")
_NOT_SPEAKERS = re.compile(r"thought|action(?: input)?|observation|final answer|answer|question|notes?|results?|summary|setup|task|"
                           r"goal|conclusions?|status|assignee|priority|description|comment|from|to|cc|subject|date|step|"
                           r"model|data(?:set)?|run|metrics?|values?|verdict|caveats?|tl;?dr|update|edit|input|output|agenda|"
                           r"attendees|present|reviewer notes|next steps?|setting|config|text|"
                           r"v\d{1,3}(?:\.\d{1,3}){0,2}", re.I)  # ("v1: ...", "v2: ...": a version's lines, no one speaking)


_BARE_VALUE = re.compile(r"\s*[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?\s*%?\s*(?:#.*)?")


# "accuracy 0.9298, AUC 0.9771, BCE loss 0.2635", "MAE 10.02 GeV, r2 0.881": names and their numbers, listed
_LISTED_MEASUREMENTS = re.compile(r"(?:\s*+[A-Za-z][\w^/()-]*+(?:[ \t]++[A-Za-z][\w^/()-]*+){0,3}[ \t]*+[:=]?[ \t]*+[-+]?\d++(?:[.,]\d++)*+"
                                  r"(?:[eE][-+]?\d++)?+(?:[ \t]*+(?:%|GeV|TeV|MeV|ms|s))?+[ \t]*+(?:[,;]|$)){2,}\s*")


def speakers(lines: list[str]) -> set[str]:
    """The names that open a conversation's turns ("nora: AUC 0.80", "**Researcher agent:** ..."): two or more
    people, each speaking at least twice; a section key ("Observation:", "Summary:") or a quantity is no speaker."""
    counts: dict[str, int] = {}
    for line in lines[:5000]:
        if (m := _TURN.match(line)) and not _NOT_SPEAKERS.fullmatch(m["name"]) and not QUANTITY_RE.search(m["name"]) \
                and not _BARE_VALUE.fullmatch(line[m.end() - 1:]) \
                and not _LISTED_MEASUREMENTS.fullmatch(line[m.end() - 1:][:300]):  # "  eps_g_at_eps_q_0p5: 0.118" is a key's
            # value; "  concat:   accuracy 0.9298, AUC 0.9771, BCE loss 0.2635" a row of a model's numbers, no turn
            counts[m["name"]] = counts.get(m["name"], 0) + 1
    names = {n for n, k in counts.items() if k >= 2}
    return names if len(counts) >= 2 and names else set()


def speaker_prefix(line: str, names: set[str]) -> int:
    """Characters of `line` that name its speaker (one of `names`), else 0."""
    m = _TURN.match(line)
    return m.end() - 1 if m and m["name"] in names else 0


# "the background rejection $R_X = 1/\\epsilon_B$ ...: $R_{30} = 48 \\pm 2$": a symbol the report defines for a quantity
SYMBOL_DEF = re.compile(r"(?P<name>(?:background |signal |mistag |fake |code |codebook )?(?:rejection|efficiency|"
                        r"resolution|perplexity|accuracy|significance|purity|mistag rate|AUC))\s*\(?\s*\$\s*"
                        r"(?P<sym>[A-Za-z])_\{?[A-Za-z]+\}?\s*(?:=|\$|\))", re.I)


def aliases(text: str) -> str:
    """Each use `R_{30} = ...` of a symbol the report defined is written as the quantity's name."""
    for d in list(SYMBOL_DEF.finditer(text))[:10]:
        use = re.compile(rf"(?<![\\\w]){re.escape(d['sym'])}_\{{?(\w+)\}}?(?=\s*=)")
        text = use.sub(lambda m, n=d["name"]: f"{n} ({m.group(1)})" if m.group(1).isdigit() else n, text)
    return text


# an errata table's header: "Printed | Should read", "Original | Correction": the cells under the first are the text as it
# was wrongly printed, quoted to be replaced, not the page's own statement
SUPERSEDED_HEADER = re.compile(r"\s*(?:(?:as |text as )?printed|original(?: text)?|was|incorrect|erroneous|wrong|old(?: text)?|"
                               r"reads|currently reads|text)\s*", re.I)
CORRECTED_HEADER = re.compile(r"\s*(?:should read|should be|correct(?:ed|ion)?(?: text)?|now reads|read|replace(?: with)?|"
                              r"new(?: text)?|fix(?:ed)?)\s*", re.I)


def _paragraph_cell(cell: str) -> bool:
    """A cell that holds a paragraph broken over lines (a video script's narration, a review bot's notes), not a value:
    read as a row, its sentences would all stand on the row's first line, and what is said on its third line would be
    named two lines early."""
    lines = [ln for ln in re.sub(r"<[^>]+>", " ", cell).split("\n") if re.search(r"[A-Za-z]{2}", ln)]
    return len(lines) >= 2 and sum(len(ln.split()) for ln in lines) >= 10


def html_tables(text: str) -> str:
    """Each <tr> of a <table> as a tab-separated row on the line it stands on (read as a CSV block; the first row
    is the header); the table keeps its number of lines, so later line numbers stay right."""
    if "</table>" not in text.lower() or text.lower().count("<table") > 200:
        return text  # no table, or a flood of them: read as text

    def rows(m: re.Match[str]) -> str:
        block = m.group(0)
        if any(_paragraph_cell(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", block, re.I | re.S)):
            return re.sub(r"<[^>]+>", " ", block)  # a table laid out around prose: read as text, each line where it stands
        out = [""] * (block.count("\n") + 1)
        superseded: set[int] = set()  # the columns of an errata table that hold the text as it was printed
        for k, tr in enumerate(re.finditer(r"<tr[^>]*>(.*?)</tr>", block, re.I | re.S)):
            at = block.count("\n", 0, tr.start())
            if out[at]:
                return re.sub(r"<[^>]+>", " ", block)  # two rows on one line: read as text
            cells = [" ".join(re.sub(r"<[^>]+>", "", c).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr.group(1), re.I | re.S)]
            # (a cell's text broken over lines is one cell on the row's line: the table keeps its number of lines)
            if k == 0 and any(CORRECTED_HEADER.fullmatch(c) for c in cells):
                superseded = {i for i, c in enumerate(cells) if SUPERSEDED_HEADER.fullmatch(c)}
            elif superseded:
                cells = ["" if i in superseded else c for i, c in enumerate(cells)]
            out[at] = "\t".join(cells)
        filled = [i for i, row in enumerate(out) if row]
        if len(filled) >= 3 and filled[1] - filled[0] > 1 and all(b - a == 1 for a, b in zip(filled[1:], filled[2:], strict=False)):
            # "<thead><tr><th>...</tr></thead>" / "<tbody>" / its rows: the header moved down onto the line over its rows,
            # one block (a blank line between would part them)
            out[filled[1] - 1], out[filled[0]] = out[filled[0]], ""
        return "\n".join(out)
    # the innermost tables only: an e-mail or a page lays itself out in tables that hold the data table inside one of
    # their cells, and the outer table's first "</table>" is the inner one's (its "rows" would be the page's paragraphs)
    return re.sub(r"<table\b[^>]*>(?:(?!<table\b).)*?</table>", rows, text, flags=re.I | re.S)


QP_HEADER = re.compile(r"^Content-Transfer-Encoding:[ \t]*quoted-printable[ \t]*\r?$", re.I | re.M)
MULTIPART = re.compile(r"^Content-Type:[ \t]*multipart/[\s\S]{0,300}?\bboundary=\"?([^\";\s]+)", re.I | re.M)
PART_TYPE = re.compile(r"Content-Type:[ \t]*([\w.+-]+/[\w.+-]+)", re.I)
READ_PART = re.compile(r"text/(?:plain|html|markdown|x-markdown|enriched)|message/[\w.+-]+", re.I)  # what a person wrote
QP_OCTETS = re.compile(r"(?:=[0-9A-F]{2})+")


def _qp_octets(m: re.Match[str]) -> str:
    raw = bytes(int(m.group(0)[k + 1:k + 3], 16) for k in range(0, len(m.group(0)), 3))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def mime_parts(text: str) -> str:
    """A MIME message (an e-mail, a page saved as MHTML) as the text its parts say. A quoted-printable part breaks its
    lines at 76 characters with a soft break, '=' at the line's end, wherever the count falls ("costs us nothing, wh=" /
    "ich is ..."), and writes every byte past ASCII as '=XX' ("0.9712 =C2=B1 0.0004", "K =3D 512"): the piece of a word
    cut at the break is moved back onto its line (every line stays where it was, as `ical_unfold` does) and the bytes
    are read as the characters they are. A part that is no text a person wrote (a page's stylesheet, a script, an
    image) is blanked: "max-width: 42rem" is no width of anything measured."""
    bounds = tuple("--" + b for b in MULTIPART.findall(text[:20000]))
    if not QP_HEADER.search(text) and not bounds:
        return text
    lines = text.split("\n")
    body = encoded = False  # in a part's body (after its headers' blank line, up to the next boundary)
    kind = ""  # the part's Content-Type
    last = -1  # the line a soft break continues
    decoded: list[int] = []
    for i, line in enumerate(lines):
        bare = line.rstrip("\r")
        if bounds and bare.startswith(bounds):
            body = encoded = False
            kind, last = "", -1
            continue
        if not body:
            encoded = encoded or bool(QP_HEADER.match(bare))
            kind = kind or (m.group(1) if (m := PART_TYPE.match(bare)) else "")
            body = not bare.strip() and (encoded or bool(kind))
            continue
        if kind and not READ_PART.fullmatch(kind) and not kind.lower().startswith("multipart/"):
            lines[i] = ""
            continue
        if not encoded:
            continue
        decoded.append(i)
        if last >= 0:  # this line goes on with the word the line before broke off
            piece = re.match(r"\S*", bare).group(0)
            if piece == bare and piece.endswith("="):  # a piece that fills its line and breaks again: the word goes on
                lines[last], lines[i] = lines[last] + piece[:-1], ""
                continue
            lines[last], bare, last = lines[last] + piece, bare[len(piece):], -1
        if bare.endswith("="):
            bare, last = bare[:-1], i
        lines[i] = bare
    for i in decoded:
        lines[i] = QP_OCTETS.sub(_qp_octets, lines[i])
    return "\n".join(lines)


# "@math{p = 2.87 \\times 10^{-7}}", "@code{eval/}": Texinfo's inline markup around words (one level of braces inside)
TEXINFO_INLINE = re.compile(r"@(?:math|code|var|samp|file|command|env|option|emph|strong|dfn|cite|acronym|abbr|sc|w|t|r|i|b|"
                            r"kbd|key|verb|asis|url|uref|email)\{((?:[^{}\n]|\{[^{}\n]*\})*)\}")
# "@node Mistag rates", "@example", "@end example", "@noindent", "@c a comment": a line of Texinfo structure, no text
TEXINFO_COMMAND_LINE = re.compile(r"^@(?:c|comment|node|menu|end|example|smallexample|display|format|quotation|noindent|"
                                  r"multitable|setfilename|settitle|bye|cindex|findex|vskip|page|sp|top|need|iftex|ifinfo|"
                                  r"ifnottex|ifhtml)\b.*$|^\\input texinfo\b.*$", re.M)
# "@chapter Quoting numbers", "@section Mistag rates": a heading, read as a markdown one
TEXINFO_HEADING = re.compile(r"^@(?:chapter|section|subsection|subsubsection|unnumbered\w*|appendix\w*|heading|subheading)[ \t]+",
                             re.M)


def texinfo_markup(text: str) -> str:
    """A Texinfo manual (a GNU handbook's chapter) read as the text it typesets: "@math{5.0\\sigma}" is "5.0\\sigma" (the
    markup parted a sentence's numbers into pieces named 'math'), a "@section" line a heading, a "@multitable" row
    ("@item ref-dnn @tab 0.0100 @tab 100") a tab-separated row under its "@headitem" header, and the structure's own lines
    ("@node", "@example", "@end example") blank; every line stays where it was."""
    if not text.startswith("\\input texinfo") and not ("@node " in text[:20000] and re.search(r"^@bye\b", text, re.M)):
        return text
    text = TEXINFO_COMMAND_LINE.sub("", text)
    text = TEXINFO_HEADING.sub("## ", text)
    text = re.sub(r"^@(?:headitem|item)[ \t]+(.*)$", lambda m: re.sub(r"[ \t]*@tab[ \t]*", "\t", m[1]), text, flags=re.M)
    for _ in range(3):  # markup inside markup ("@emph{@math{x}}")
        text = TEXINFO_INLINE.sub(r"\1", text)
    return text.replace("@@", "@").replace("@{", "{").replace("@}", "}")


def ical_unfold(text: str) -> str:
    """An iCalendar file folds its long lines at 75 octets, a CRLF and one space before the rest, wherever the octet
    count falls ("so not s" / " ignificant", "0.839 +" / " - 0.0016"): the piece of a word cut off at the fold is moved
    back onto the line it belongs to, so the word is whole again; every line stays where it was."""
    if "BEGIN:VCALENDAR" not in text[:2000] and "BEGIN:VEVENT" not in text[:5000]:
        return text
    lines = text.split("\n")
    last = 0  # the line the fold continues (a line moved up whole continues the one before it)
    for i in range(1, len(lines)):
        line = lines[i]
        if line[:1] not in (" ", "\t"):
            last = i
            continue
        body = line[1:]
        prev = lines[last]
        cr = "\r" if prev.endswith("\r") else ""
        head = prev[:-1] if cr else prev
        if head and not head[-1].isspace() and body[:1] and not body[:1].isspace():
            piece = re.match(r"\S*", body.rstrip("\r")).group(0)
            lines[last] = head + piece + cr
            lines[i] = " " + body[len(piece):]
        if lines[i].strip():
            last = i
    return "\n".join(lines)


def spreadsheet_rows(text: str) -> str:
    """An Excel 2003 XML workbook (SpreadsheetML: <Row><Cell><Data ss:Type="Number">0.0241</Data></Cell>...</Row>):
    each row on one line is read as the tab-separated cells it holds (a header over its rows is a table, a row of one
    cell a line of text), a cell's reviewer comment left out; the markup around the rows stays, no line moves."""
    if "<Worksheet" not in text or "<Row" not in text or "urn:schemas-microsoft-com:office:spreadsheet" not in text[:5000]:
        return text

    def row(m: re.Match[str]) -> str:
        body = re.sub(r"<Comment\b.*?</Comment>", "", m.group(1), flags=re.S)
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<Data\b[^>]*>(.*?)</Data>", body, re.S)]
        return "\t".join(cells)

    text = re.sub(r"</?Table\b[^>]*>", "", text)  # a worksheet's <Table> of rows, no HTML table to read as one
    return re.sub(r"^[ \t]*<Row\b[^>\n]*>(.*)</Row>[ \t]*$", row, text, flags=re.M)
