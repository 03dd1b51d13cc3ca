"""A report, whatever its style, as units that can state a result: prose sentences, table rows
and JSON fields, each with the line of the file it stands on (1-based).

Markdown (headings, lists, pipe tables), plain text and JSON answers (`{"answer": "...",
"results": {"auc": 0.78}}`, pretty-printed or on one line) are read; the report is text written
by someone else, so nothing in it is run and a malformed table or JSON falls back to prose.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

import yaml

from agents.referee.layout import (
    aliases,
    box_tables,
    html_tables,
    ical_unfold,
    inline_data,
    is_code,
    is_command,
    is_title,
    key_field_lines,
    log_tags,
    mime_parts,
    quoted_fields,
    record_prefix,
    repl_comment,
    root_scan_tables,
    speaker_prefix,
    speakers,
    spreadsheet_rows,
    tag_prefix,
    texinfo_markup,
    toml_doc,
)
from agents.referee.vocabulary import CLASSIFIER_TEST, ERROR_METHOD_SUFFIX, QUANTITY_RE

Format = Literal["markdown", "text", "json", "yaml", "toml"]
MAX_UNITS = 5000  # a flooded report is read up to here
MAX_CHARS = 2000  # of one unit
MAX_DEPTH = 12  # of a JSON answer
# JSON keys (table columns) that give a test-set size: n, n_test, n_test_jets, test_size, num_events
SIZE_KEY = re.compile(r"^(?:n|num|number)(?:[ _]?of)?(?:[ _]?(?:test|eval|evaluation|heldout|held[ _]out))?"
                      r"(?:[ _]?(?:jets|events|samples))?$|^(?:test|eval|evaluation)[ _]?(?:set[ _]?)?"
                      # ("test_num_jets": the split first, then the count's own name)
                      r"(?:(?:n|num|number)[ _]?(?:of[ _]?)?)?(?:size|jets|events|samples)$", re.I)
# JSON keys that qualify a sibling number rather than state a result: auc_std, n_test, seeds
ATTACHED = re.compile(rf"^(?!.*signif)(?!(?:local|global|obs|observed|expected|exp)[ _-]?sigma$)(?:(?:.*[ _-])?(?:s\.e\.m\.?|s\.e\.|s\.d\.|std|sd|stdev|stddev|stderr|sem|se|err|error|unc|uncertainty|sigma)(?:[ _-](?:over|across|between|of|from)[ _-]\w+|{ERROR_METHOD_SUFFIX})?|(?:n[ _]?)?seeds?|n[ _]?(?:signal|"
                      rf"background)(?:[ _](?:jets|events))?)$|{SIZE_KEY.pattern}", re.I)


# JSON objects that hold results without naming what they are of
CONTAINER = re.compile(r"results?|metrics?|summary|headline|scores?|evaluation|eval|performance|final|output|data|values?|"
                       r"stats|statistics|report|answer", re.I)
# keys whose strings name what the numbers beside them are of
NOTATION_KEY = re.compile(r"(?:[a-z]+[ _-])?(?:units?|scale|scale[ _-]?factor|multiplier|version|ver|format|dtype)", re.I)
# {"timeUnixNano": "1710238443000000000"}, {"timestamp_ms": ...}: when a record was written, a clock reading, no result
# nor a name of what the record's number is of
CLOCK_KEY = re.compile(r"(?:start|end|observed)?[ _]?time[ _]?unix[ _]?(?:nano|milli|micro)?s?|(?:[a-z]+[ _])?timestamp(?:[ _]?(?:ns|us|ms|s))?|"
                       r"time[ _]?(?:ns|us|ms)|(?:unix|epoch)[ _]?(?:time|ns|us|ms|s)", re.I)
NAME_KEY = re.compile(r"name|model|method|run|label|id\b|tagger|score|approach|setup|config|strategy|variant", re.I)
# keys whose strings are statements, not names of what the numbers beside them are of
PROSE_KEY = re.compile(r"answer|summary|conclusion|verdict|comment|note|description|interpretation|text|message|thought|"
                       r"claim|finding|unit|remark|explanation|reason(?:ing)?|rationale", re.I)


@dataclass(frozen=True)
class Unit:
    line: int
    text: str  # the sentence, or the row's cells joined by " | ", or "path: value"
    kind: Literal["prose", "row"]
    header: tuple[str, ...] = ()  # column names of a table row (JSON keys of an object)
    cells: tuple[str, ...] = ()
    context: str = ""  # the heading (JSON path) it stands under
    breaks: tuple[tuple[int, int], ...] = ()  # of a wrapped sentence: (offset in `text`, line) where each line starts


def guess_format(text: str, name: str = "") -> Format:
    if name.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
        try:
            json.loads(text)
            return "json"
        except (ValueError, RecursionError):
            pass
    if name.lower().endswith((".yaml", ".yml")) and yaml_doc(text) is not None:
        return "yaml"
    if (name.lower().endswith(".toml") or re.match(r"\s*\[[\w.-]+\]\s*\n", text)) and toml_doc(text) is not None:
        return "toml"
    if name.lower().endswith((".md", ".markdown")):
        return "markdown"
    if yaml_doc(text) is not None:  # before the heading test: "# metrics dump" atop a YAML file is a comment
        return "yaml"
    return "markdown" if re.search(r"^(?:#{1,6} |\|.*\|\s*$)", text, re.M) else "text"


def yaml_doc(text: str) -> Any:
    """A YAML answer ("results:\\n  auc: 0.91\\n  auc_std: 0.01") as data, else None. Anchors, aliases and tags
    are refused (an alias bomb would expand without bound), and so is anything that is not a mapping or list
    of two or more entries holding a number."""
    if len(text) > 200_000 or len(re.findall(r"^\s*(?:- )?[A-Za-z_][\w .-]*:(?:\s|$)", text, re.M)) < 2 \
            or re.search(r"(?:^|\s)[&*!][\w-]", text):
        return None
    try:
        doc = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    if not isinstance(doc, dict | list) or len(doc) < 2 or not _has_number(doc):
        return None  # "Accuracy: 0.850 ± 0.002" is a line of text, not a number in a tree
    return json.loads(json.dumps(doc, default=str))  # plain JSON types (dates as text)


def sentences(line: str) -> list[tuple[int, int]]:
    """Spans of the sentences (and `;` clauses) of a line; nothing splits inside parentheses or
    brackets, or at a decimal point, "e.g." or "vs."."""
    spans, start, depth = [], 0, 0
    for i, ch in enumerate(line):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(depth - 1, 0)
        elif ch in ".!?;" and depth == 0 and (i + 1 == len(line) or line[i + 1].isspace()):
            if ch == ";" and re.match(r"\s+(?:in|for|and in|and for)\s+(?:the\s+)?[A-Za-z]", line[i + 1:i + 30]):
                continue  # "...: 0.03 in accuracy; in AUC 0.025": one statement in two parts
            if ch == "." and re.search(r"(?:\be\.g|\bi\.e|\bs\.e|\bs\.d|\bvs|\bcf|\bFig|\bEq|\bet al|\bapprox)$", line[start:i], re.I):
                continue
            if ch == "." and re.search(r"\b(?:eff|sig|signif)$", line[start:i], re.I) and re.match(r"\s+[^A-Z\s]", line[i + 1:]):
                continue  # "rejection at 30% eff. 180 -> 240", "sig. better": 'eff.' shortens efficiency, 'sig.' significantly
                # (or signal), and the sentence goes on
            spans.append((start, i + 1))
            start = i + 1
    if start < len(line):
        spans.append((start, len(line)))
    return [(s, e) for s, e in spans if line[s:e].strip()]


LATEX = [(r"``([^`'\n]{1,80})''", r'"\1"'),  # LaTeX's ``quoted words'': a quotation, as '"' writes it
         (r"(?<![\d.])(\d{1,3})(?:\\,|\\;|~|\{,\}|[\u2009\u202f\u00a0])(\d{3})(?![\d.])", r"\1\2"),  # "10\,000", "10 000"
         (r"\\num\{([^{}]*)\}", r"\1"), (r"\\SI\{([^{}]*)\}\{\\percent\}", r"\1%"), (r"\\SI\{([^{}]*)\}\{([^{}]*)\}", r"\1 \2"),
         (r"\\([_\[\]*#])", r"\1"), (r"\\pm", "±"), (r"\\sigma(?:\b|(?=_))", "σ"), (r"(?<=\d)~(?=[A-Za-z\\])", " "), (r"\\%", "%"), (r"\\(?:text|mathrm|rm|textrm|mathit)\{([^{}]*)\}", r"\1"),
         (r"\\[,;!]", " "), (r"\\approx", "≈"), (r"\\sim", "~"), (r"\\(?:leq|le)\b", "≤"), (r"\\(?:geq|ge)\b", "≥"),
         (r"\\epsilon|\\varepsilon", "ε"), (r"\\times", "×"), (r"\$", ""), (r"\*\*|__|`", ""),
         (r"!?\[([^\]]*)\]\([^)]*\)", r"\1"), (r"↗", ""),
         (r"\\[sS]([^\\\s\"]{1,12})\\N", r"\1"), (r"\\f\{[^{}]{0,20}\}", ""),  # Grace's "R\s30\N", "\f{Symbol}e": sub/superscript, font
         (r"(?<!\w)[A-Za-z0-9]\w*_\w*", lambda m: _identifier_words(m.group(0), m.string[m.end():m.end() + 10])), (r"\bw/o\b", "without"), (r"\bw/(?=\s)", "with"),
         (r"\(\s*([-+−]?\d+(?:\.\d+)?)\s*(?:±|\\pm)\s*(\d+(?:\.\d+)?)\s*\)\s*%", r"\1% ± \2%")]  # "code_perplexity: 2210": key names are words
LATEX = [(re.compile(rx), to) for rx, to in LATEX]


# "test_ae_auc_above_half", "check_loss_lower_than_ref", "flow_match": a comparative inside a name of two or more words names
# what a test or a flag checks, or a method, it states no comparison; the name is kept whole ("code_perplexity" stays two words: a key names a quantity)
CHECK_WORD = re.compile(r"above|below|under|over|better|worse|higher|lower|greater|larger|smaller|less|more|exceeds?|beats?|"
                        r"than|outperforms?|improves?|within|match(?:es)?|consistent|compatible|indistinguishable", re.I)


# "best_config.yaml", "top_model.pt": a file's name, not words (its "best" ranks nothing)
FILE_EXTENSION = re.compile(r"\.(?:ya?ml|json|py|txt|csv|tsv|h5|hdf5|root|pt|pth|ckpt|log|toml|cfg|ini|sh|parquet|npz|npy|pkl|onnx)\b", re.I)
RANK_WORD = re.compile(r"best|worst|top|optimal|lowest|highest|greatest|largest|smallest", re.I)


def _identifier_words(name: str, after: str = "") -> str:
    parts = name.split("_")
    if len([p for p in parts if p]) >= 2 and any(CHECK_WORD.fullmatch(p) for p in parts) or FILE_EXTENSION.match(after) and any(
            RANK_WORD.fullmatch(p) or CHECK_WORD.fullmatch(p) for p in parts):
        return name  # (a file's other names still read as words: "inject_eval.txt" names an evaluation)
    return re.sub(r"(?<=[A-Za-z])_(?=[A-Za-z])", " ", name)


COMMAND_IN_BACKTICKS = re.compile(r"`[^`]*(?:\s--?[A-Za-z]|\.py\b|\.venv|/[\w.-]+/)[^`]*`")


def plain(line: str) -> str:
    """Markdown emphasis, links and inline LaTeX as plain text: "$\\text{AUC} = 0.91 \\pm 0.02$" ->
    "AUC = 0.91 ± 0.02". A command in backticks (`python x.py --n 900`) states nothing."""
    line = COMMAND_IN_BACKTICKS.sub(" ", line)
    for rx, to in LATEX:
        line = rx.sub(to, line)
    return line


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    return [plain(c).strip() for c in re.split(r"(?<!\\)\|", body)]


def _stacked_header(lines: list[str], i: int) -> list[str] | None:
    """A grid table's header written over several lines ('|   Sig.   |' over '|   (2-    |' over '|  tailed) |', as PSPP
    and SPSS print it): each column of the last line read with the pieces above it that lie between the same two
    borders ('Sig. (2-tailed)'); a heading that spans several columns, or a rule under a heading, ends the column."""
    line = lines[i].rstrip()
    cuts = [j for j, ch in enumerate(line) if ch in "|+"]
    if len(cuts) < 3 or not lines[i - 1 if i else 0].lstrip().startswith("|") or not i:
        return None
    cells, stacked = [], False
    for a, b in zip(cuts, cuts[1:], strict=False):
        parts = [line[a + 1:b].strip()]
        k = i - 1
        while k >= 0 and lines[k].lstrip()[:1] in ("|", "+") and not _is_rule(lines[k]):
            up = lines[k]
            if len(up) <= b or up[a] not in "|+" or up[b] not in "|+" or re.search(r"[|+]", up[a + 1:b]) \
                    or re.fullmatch(r"\s*-+\s*", up[a + 1:b]):
                break
            parts.insert(0, up[a + 1:b].strip())
            k -= 1
        cell = ""
        for piece in (p for p in parts if p):
            cell = cell + piece if cell.endswith("-") or not cell else f"{cell} {piece}"
        stacked = stacked or cell != parts[-1]
        cells.append(plain(cell).strip())
    return cells if stacked and len(cells) == len(_cells(line)) else None


def _area_under_a_titled_curve(lines: list[str], i: int, header: tuple[str, ...]) -> tuple[str, ...]:
    """'Area Under the Curve (score)' over a grid whose column is 'Area' (SPSS's and PSPP's ROC output): that column is
    the AUC the title names."""
    if not any(re.fullmatch(r"area", h, re.I) for h in header):
        return header
    k = i
    while k > 0 and lines[k - 1].lstrip()[:1] in ("|", "+"):
        k -= 1
    title = next((lines[j].strip() for j in range(k - 1, max(k - 3, -1), -1) if lines[j].strip()), "")
    if not re.fullmatch(r"area under (?:the )?(?:ROC )?curve\b[^|]{0,40}", title, re.I):
        return header
    return tuple("AUC" if re.fullmatch(r"area", h, re.I) else h for h in header)


def _is_rule(line: str) -> bool:
    return bool(re.fullmatch(r"\s*[|+]?\s*:?-{2,}:?\s*(?:[|+]\s*:?-{2,}:?\s*)*[|+]?\s*", line))  # org-mode: |---+---|,
    # the MySQL client's border: +------+-----+


# '  2. "auc_null"' alone on its line: the numbered, quoted name of the column a statistics printout's section is about
COLUMN_SECTION = re.compile(r'\s*\d{1,3}\.\s+"(?P<name>[A-Za-z][\w .-]{0,40})"\s*')


def _csv_fields(line: str) -> list[str] | None:
    """The fields of a comma-separated line (at least 3, no sentence: no ', ' between words)."""
    if quoted := quoted_fields(line):
        return quoted  # "control","0.0","0.589","no signal injected; consistent with random"
    if quoted := _inner_quoted_fields(line):
        return quoted
    if tight := _tight_comma_fields(line):
        return tight
    sep = max(",;\t", key=line.count)  # "epoch;codebook_size;perplexity", tab-separated too
    fields = [f.strip() for f in line.split(sep)]
    head = fields[:-1] if len(fields) >= 4 else fields  # "...,1.6M,82k,pretrained on JetClass then FT": a notes column
    sentence = r"(?<!\b[A-Z])[.!?] +[A-Z]" if sep == "\t" else r"[.!?]\s+[A-Z]"  # (a tab ends a field, not a sentence:
    # "No.<tab>Runner"; nor does a name's initial: "A. Mistry")
    if len(fields) < (2 if sep == "\t" else 3) or re.search(sentence, sep.join(head)) or any(
            len(f.split()) > (6 if sep == "\t" else 3) for f in head):
        return None  # a sentence with commas is no record; a tab is a field's end ("Rejection @ 30% eff.")
    return fields


def _inner_quoted_fields(line: str) -> list[str] | None:
    """The fields of a comma-separated line whose later fields are quoted (`ParT,"pretrained, JetClass",0.986`), the
    last one perhaps opening a cell that goes on over the next lines (a spreadsheet's notes column): a quoted field
    may hold commas and words, a bare one no more than three words."""
    if '"' not in line or line.count(",") < 2 or not re.match(r'[^",]*,', line):
        return None
    closed = line + '"' if line.count('"') % 2 else line
    try:
        row = [f.strip() for f in next(csv.reader([closed]))]
    except (csv.Error, StopIteration):
        return None
    bare = [f for f in re.split(r'"(?:[^"]|"")*"', closed) if f]  # what stands outside the quotes
    if len(row) < 3 or any(len(f.split()) > 3 for b in bare for f in b.split(",")):
        return None
    return row


def _tight_comma_fields(line: str) -> list[str] | None:
    """The fields of a spreadsheet's export whose cells are free text (a form's questions as its names, "How was the error
    obtained?"; its answers, a method in words): five or more fields whose commas outside quotes are none of them followed
    by a space, as a program writes a record and no one writes a sentence; the last quoted field may open a cell that goes
    on over the next lines."""
    closed = line + '"' if line.count('"') % 2 else line
    bare = re.sub(r'"(?:[^"]|"")*"', '""', closed)  # what stands outside the quotes
    if bare.count(",") < 4 or re.search(r",\s", bare):
        return None
    try:
        row = [f.strip() for f in next(csv.reader([closed]))]
    except (csv.Error, StopIteration):
        return None
    return row if len(row) >= 5 else None


# a logged metric's tag and the split after it ("perplexity/val", "auc/test", "loss/recon_val"): the slash only separates
SPLIT_TAG = re.compile(r"/(?=(?:val|valid|validation|train|training|test|eval|evaluation|holdout)(?:[_ ]\w+)?$)", re.I)


def _csv_header(lines: list[str], i: int) -> tuple[str, ...] | None:
    """`lines[i]` as the header of a CSV block: names only, and the next line has as many fields, some numbers."""
    head, nxt = _csv_fields(lines[i].strip()), _csv_fields(lines[i + 1].strip()) if i + 1 < len(lines) else None
    if head and nxt and len(head) + 1 == len(nxt) and lines[i].startswith(("\t", ",", ";")):
        head = ["", *head]  # "\tAUC\tacc" over "ParT\t0.986\t0.942": the first column names the rows
    if not head or not nxt or len(head) != len(nxt) or any(re.fullmatch(r"[-+.\d%eE]+", h) for h in head):
        return None
    numbers = sum(bool(re.fullmatch(r"[-+]?[\d.]+(?:[eE][-+]?\d+)?%?(?:\s*(?:±|\+/-|\+-)\s*[\d.]+%?)?", f)) for f in nxt)
    wide = len(head) >= 5 and _tight_comma_fields(lines[i].strip()) is not None and any(
        re.fullmatch(r"[-+]?[\d.]+%?\s*(?:±|\+/-|\+-)\s*[\d.]+%?", f) for f in nxt)  # a spreadsheet's export, its cells mostly
    # words (a form's answers: a name, an e-mail, a method), one of them a measured number with its error
    return tuple(head) if numbers >= min(1 if wide else 2, len(nxt) - 1) else None  # "ParT<tab>0.986": one name, one number


NUMERIC = re.compile(r"[-+−]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?%?")
RULE_UNDER_HEADER = re.compile(r"\s*[=+-]{3,}[=+\s-]*")  # "-----", "=====  ====": a rule between a table's names and its rows


def _aligned_header(lines: list[str], i: int) -> tuple[str, ...] | None:
    """`lines[i]` as the header of a whitespace-aligned table (a printed data frame): names in columns two or
    more spaces apart, and the next line as many numbers (after an optional row name)."""
    line = lines[i].strip()
    if "  " not in line or i + 1 >= len(lines):
        return None
    j = i + 1
    while j < len(lines) and RULE_UNDER_HEADER.fullmatch(lines[j]):
        j += 1  # over a reStructuredText rule
    index = ""  # a data frame printed after set_index: the index's name stands alone on the line below the header
    if j + 1 < len(lines) and re.fullmatch(r"\s*[A-Za-z_][\w]*\s*", lines[j]) and len(line.split()) >= 3:
        index, j = lines[j].strip(), j + 1
    if j >= len(lines):
        return None
    head, nxt = ([index] if index else []) + line.split(), lines[j].split()
    wide_head, wide_row = re.split(r"\s{2,}", line), _error_cells_joined(re.split(r"\s{2,}", lines[j].strip()[:2000]))
    if not index and len(wide_head) >= 3 and len(wide_head) != len(head) and (
            _measured_cells(wide_row, len(wide_head)) or _named_row_of_plain_numbers(wide_row, len(wide_head))
            or _name_then_counted_cells(wide_row, len(wide_head)) or _row_name_left_of_headed_columns(wide_head, wide_row)
            or _count_then_measured_cells(wide_row, len(wide_head)) or _measured_then_status(wide_head, wide_row)
            or _two_names_then_numbers(wide_row, len(wide_head))
            or len(wide_row) == len(wide_head) and all(NUMERIC.fullmatch(f) for f in wide_row)) and all(
            re.fullmatch(r"(?:\d{2}(?:\.\d)?\s?%\s|1/)?[A-Za-z_(@%][\w@%/().~=,+*\[\]^| -]{0,60}", h) for h in wide_head):
        head, nxt = wide_head, wide_row  # "Sample   Probe jets   Efficiency (data)" over "soft-e   900   0.418 +- 0.001": names
        # ("frac   base   new   comb. err" over four numbers: a name of two words over a column of plain numbers)
        # of several words, as far apart as the measured cells of the row below ("1/eps_B @ eps_S=0.3", "max|dscore|",
        # "eps_B^-1": a name may hold a rate's inverse, a power, an absolute value's bars)
    if len(head) < 2 or any(NUMERIC.fullmatch(h) or not re.fullmatch(r"(?:1/)?[A-Za-z_(@%][\w@%/().~-]*", h) for h in head):
        # "discriminant   AUC   gluon rejection 1/eps_g at eps_q=0.5": names of several words, two spaces or more apart
        head = ([index] if index else []) + re.split(r"\s{2,}", line)
        wide = _error_cells_joined(re.split(r"\s{2,}", lines[j].strip()[:2000]))  # its rows' cells are as far apart
        if _setting_then_measured_columns(head, _error_cells_joined(re.split(r"\s{2,}", lines[j].strip()[:2000]))):
            return tuple(h.replace("_", " ") for h in head)  # "injected s/b    SR-vs-SB AUC (mean +/- spread)" over
            # "0    0.561 +/- 0.007": two columns, a setting and the quantity measured at it with its error
        if len(head) < 3 or any(NUMERIC.fullmatch(h) or not re.fullmatch(r"(?:1/|\d{2}(?:\.\d)?\s?%\s)?[A-Za-z_(@%][\w@%/().~=,+*\[\]^| -]{0,60}", h)
                                for h in head) or not (1 <= len(nxt) - len(head) + 1 <= 4 or _measured_cells(wide, len(head))):
            return None
        nxt = wide
    if nxt and len(nxt) % len(head) == 0 and len(nxt) > len(head) and i + 2 < len(lines) and all(
            re.fullmatch(r"[A-Za-z_][\w%]*", t) for t in nxt):  # a data frame's two header levels: "auc" over "mean std"
        k = len(nxt) // len(head)
        head, nxt = [f"{t} {s}" for j, t in enumerate(head) for s in nxt[j * k:(j + 1) * k]], lines[i + 2].split()
        if len(nxt) in (len(head), len(head) + 1) and sum(bool(NUMERIC.fullmatch(f)) for f in nxt) >= 2:
            return tuple(h.replace("_", " ") for h in head)
        return None
    if len(head) < 3:
        return None
    ok = len(nxt) in (len(head), len(head) + 1) and (sum(bool(NUMERIC.fullmatch(f)) for f in nxt) >= max(2, len(nxt) - 1)
                                                    or 0 <= _names_first(nxt) <= len(nxt) - 2 or _measured_cells(nxt, len(head))
                                                    or _measured_then_status(list(head), nxt)
                                                    or (len(nxt) == len(head) + 1 and lines[i][:1].isspace()
                                                        and _measured_cells(nxt, len(nxt))))
    # ("            W1M         W1PT" over "TopFlow     0.52±0.04   0.71±0.06": the header's first cell, over the rows' names,
    # left blank, each row a name and then one value with its error per column)
    if not ok and "  " in lines[j].strip():  # "b efficiency (data)      0.765 +- 0.004  0.773 +- 0.004": a named row whose
        # cells, an error beside each value, stand two spaces or more apart
        wide = _error_cells_joined(re.split(r"\s{2,}", lines[j].strip()[:2000]))
        ok = _measured_cells(_name_touching_its_first_cell(wide, len(head)), len(head)) or _count_then_measured_cells(wide, len(head)) \
            or _name_then_unit_cells(wide, len(head))
    return tuple(h.replace("_", " ") for h in head) if ok else None


def _setting_then_measured_columns(head: list[str], row: list[str]) -> bool:
    """Two columns: a setting named in words, and a quantity named with its error ("+/-", "±", "spread") over a row of
    a bare number and one measurement with its error."""
    return len(head) == len(row) == 2 and bool(QUANTITY_RE.search(head[1])) and bool(re.search(r"±|\+/?-|\bspread\b|\berr", head[1], re.I)) \
        and re.fullmatch(r"[A-Za-z][\w/ -]{0,30}", head[0]) is not None \
        and NUMERIC.fullmatch(row[0].rstrip("%")) is not None and re.fullmatch(
            r"[-+]?\d*\.\d+\s*(?:±|\+/-|\+-)\s*\d*\.?\d+", row[1]) is not None


# a cell of an aligned row that is one measurement: "0.742 +/- 0.002", "2.1 h", "31 %", "2.4 % ± 0.03 %"
MEASURED_CELL = re.compile(r"[-+−]?(?:\d{1,3}(?:,\d{3}){1,7}|\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s?%?(?:\s?(?:±|\+/-|\+-)\s?(?:\d+(?:\.\d*)?|\.\d+)\s?%?)?"
                           r"(?:\s?[A-Za-z]{1,3})?(?:\s+\([^()]{1,30}\))?")  # (and a note in brackets: "+0.058 +- 0.004  (14 sigma)")


# "(x1e3)", "(×10^-3)", "[GeV]", "(%)": the scale or unit a row's name is written in, when spaces set it apart from the name
SCALE_OF_A_ROW_NAME = re.compile(r"[(\[]\s*(?:[x×*]\s*(?:1(?:\.0)?\s*[eE]\s*[-−+]?\d{1,2}|10\s*\^?\s*\{?[-−+]?\d{1,2}\}?)|"
                                 r"%|[GMT]eV|ms(?:\s*/\s*jet)?|s)\s*[)\]]")


def _error_cells_joined(cells: list[str]) -> list[str]:
    """Cells split at two spaces or more, with an error padded away from its value ("1.08  +- 0.07") joined back to it."""
    out: list[str] = []
    for cell in cells:
        if out and SCALE_OF_A_ROW_NAME.fullmatch(cell) and re.search(r"[A-Za-z]", out[-1]) and not NUMERIC.fullmatch(out[-1]):
            out[-1] = f"{out[-1]} {cell}"  # "W1^M   (x1e3)   0.54 +- 0.06": the scale (or unit) of the row's name, set apart
        elif out and (re.match(r"(?:±|\+/-|\+-)\s?(?:\d|\.\d)", cell) or re.fullmatch(r"\([^()]{1,30}\)", cell)
                      and MEASURED_CELL.fullmatch(out[-1])):  # "+0.058 +- 0.004  (14 sigma)": the note of the cell before
            out[-1] = f"{out[-1]} {cell}"
        else:
            out.append(cell)
    return out


def _name_touching_its_first_cell(cells: list[str], columns: int) -> list[str]:
    """'finetuned (jetfm-base) 0.846 +- 0.016    0.912 +- 0.013' under 'variant    eval_acc    eval_AUC': a row name as wide as
    its column, one space from the first value: that value split off the name, when the row is one cell short."""
    m = re.fullmatch(rf"(.*[A-Za-z)\]])\s({MEASURED_CELL.pattern})", cells[0]) if len(cells) == columns - 1 else None
    return [m[1], m[2], *cells[1:]] if m else cells


def _measured_cells(cells: list[str], columns: int) -> bool:
    """'conv autoencoder  0.742 +/- 0.002  0.071  2.1 h' under 'model  AUC (top vs QCD)  eps_B  train time': a row of
    several-word cells two spaces or more apart, one name and then measurements (with an error or a unit), one per column."""
    return len(cells) == columns and not MEASURED_CELL.fullmatch(cells[0]) and all(MEASURED_CELL.fullmatch(c) for c in cells[1:]) \
        and any(re.search(r"±|\+/?-", c) for c in cells[1:])


def _named_row_of_plain_numbers(cells: list[str], columns: int) -> bool:
    """'cut on tau32    0.80    0.50    0.070    14' under 'Classifier    AUC    signal eff.    mistag (QCD)': a row name of
    several words, then one bare number per column (no error bar), the cells as far apart as the header's names."""
    return columns >= 3 and len(cells) == columns and not NUMERIC.fullmatch(cells[0]) \
        and bool(re.fullmatch(r"[A-Za-z][\w().+/-]*(?: [\w().+/-]+){0,5}", cells[0])) and all(NUMERIC.fullmatch(c) for c in cells[1:])


def _two_names_then_numbers(cells: list[str], columns: int) -> bool:
    """'mpm_ft_1pct    mpm_jetclass_base    1%    0.9214    41.7' under 'run    init    labels    test AUC    eps_B^-1':
    a row named in two columns (the run and what it started from), then one number per column, at least two of them."""
    return columns >= 4 and len(cells) == columns and all(
        not NUMERIC.fullmatch(c) and re.fullmatch(r"[A-Za-z][\w().+/-]*(?: [\w().+/-]+){0,3}", c) for c in cells[:2]) \
        and all(MEASURED_CELL.fullmatch(c) for c in cells[2:])


def _name_then_counted_cells(cells: list[str], columns: int) -> bool:
    """'EPiC-FM v12   25,000   0.581   0.0025': cells two spaces or more apart, a name first (of a space at most, as a
    model and its version) and then one number (a count, a value, an error) per column."""
    return len(cells) == columns >= 3 and re.fullmatch(r"[A-Za-z][\w.()+/-]*(?: [\w.()+/-]+)?", cells[0]) is not None \
        and all(MEASURED_CELL.fullmatch(c) for c in cells[1:])


def _name_then_unit_cells(cells: list[str], columns: int) -> bool:
    """'cb512-r3   512   503   612   5.2 %   1.9 %' under 'run   K   used   perplexity   sigma_m/m   sigma_pT/pT': a row
    name, then one number per column, some with their unit set apart by a space (which splits no cell at two spaces)."""
    return _name_then_counted_cells(cells, columns) and any(re.search(r"\d\s[%A-Za-z]", c) for c in cells[1:])


def _count_then_measured_cells(cells: list[str], columns: int) -> bool:
    """'1000    0.912 +- 0.0021    0.909 +- 0.0022' under 'labels   fine-tuned AUC   from-scratch AUC': a row keyed by a
    count in its first column (labels, jets, codes), or a fraction of them in percent ('0.5%   5000   0.8941 +- 0.0004'),
    then measurements with their errors, one per column."""
    return len(cells) == columns >= 3 and re.fullmatch(r"\d[\d,]*|\d+(?:\.\d+)?\s?%", cells[0]) is not None \
        and all(MEASURED_CELL.fullmatch(c) for c in cells[1:]) and any(re.search(r"±|\+/?-", c) for c in cells[1:])


# the last column of a printed table that holds each row's verdict in words: "status", "verdict", "comment"
STATUS_COLUMN = re.compile(r"status|verdict|comments?|notes?|flag|remarks?|outcome|result|check|decision", re.I)


def _measured_then_status(head: list[str], cells: list[str]) -> bool:
    """'0.000   0   0.541 +- 0.006   1.12   CONTROL PASS (consistent with 0.5)' under 's_over_b   n_sig_inj   AUC   max SIC
    status': a row of measured cells, two spaces or more apart, whose last column (a status, a verdict) says in words what
    the program made of them."""
    named = len(cells) >= 4 and re.fullmatch(r"[A-Za-z][\w.+/-]*", cells[0]) is not None  # "epicfm_g3   0.5620   0.0026
    # INDISTINGUISHABLE" under "MODEL   CLS_AUC   CLS_AUC_SE   VERDICT" (a database's select): the row's name, then its cells
    return len(cells) == len(head) >= 3 and bool(STATUS_COLUMN.fullmatch(head[-1].strip())) \
        and all(MEASURED_CELL.fullmatch(c) for c in cells[named:-1]) and re.search(r"[A-Za-z]{2}", cells[-1]) is not None


def _row_name_left_of_headed_columns(head: list[str], cells: list[str]) -> bool:
    """'control_auc   10   .50120   .002947' under '   N   Mean   Std. Deviation': a statistics package's table, whose row
    name stands left of the columns and heads none of them; each column (several words, two spaces or more apart) holds
    one bare number."""
    return len(cells) == len(head) + 1 and _named_row_of_plain_numbers(cells, len(cells))


def _names_first(fields: list[str]) -> int:
    """How many names lead a row whose other fields are all numbers ("metrics/tagging.json  auc  0.9795  0.9812"); -1
    when a name stands after a number."""
    k = next((i for i, f in enumerate(fields) if NUMERIC.fullmatch(f)), len(fields))
    return k if all(NUMERIC.fullmatch(f) for f in fields[k:]) else -1


def _aligned_row(line: str, header: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    f = line.split()
    wide_cells = _error_cells_joined(re.split(r"\s{2,}", line.strip()[:2000]))
    if any(" " in h for h in header) and _name_then_counted_cells(wide_cells, len(header)):
        f = wide_cells  # "EPiC-FM v12    25,000    0.581" under "model   n_test   AUC_err (Hanley)": the header's names of
        # several words are two spaces or more apart, and so are this row's cells (its name of two words is one)
    if len(f) not in (len(header), len(header) + 1):  # "Les Houches angularity        0.802     0.84": a name of
        f = _error_cells_joined(re.split(r"\s{2,}", line.strip()[:2000]))  # several words, its cells two spaces or more apart
        f = _name_touching_its_first_cell(f, len(header)) if header[0] else f
    if len(f) == len(header) + 1:  # the row's name, or a data frame's index ("0", "1", ...), heads no column
        header, f = ("", *header), f
    if len(f) != len(header) and _measured_then_status(list(header), wide_cells):
        f = wide_cells  # "0.000   0   0.541 +- 0.006   1.12   CONTROL PASS (consistent with 0.5)" under "... status"
    if len(f) != len(header) or (sum(not NUMERIC.fullmatch(x) for x in f) > 1 and not 0 <= _names_first(f) < len(f)
                                 and not _measured_cells(list(f), len(header)) and not _count_then_measured_cells(list(f), len(header))
                                 and not _measured_then_status(list(header), list(f)) and not _name_then_unit_cells(list(f), len(header))):
        return None
    return header, tuple(f)


def _percentile_column_names(line: str) -> bool:
    """'Mean  MCSE  StdDev  5%  50%  95%  N_Eff  R_hat': a row of column names, two spaces or more apart, where whole
    percents (the quantiles a column holds) stand between names; no number in it is a value."""
    cells = re.split(r"\s{2,}", line.strip()[:400])
    pct = [k for k, c in enumerate(cells) if re.fullmatch(r"\d{1,2}(?:\.\d)?\s?%", c)]
    names = [k for k, c in enumerate(cells) if re.fullmatch(r"[A-Za-z_][\w/.()-]{0,20}(?: [A-Za-z_][\w/.()-]{0,20})?", c)]
    return len(cells) >= 4 and len(pct) + len(names) == len(cells) and bool(pct) and len(names) >= 2 \
        and names[0] < pct[0] and names[-1] > pct[-1]


# a database shell's row of column types under the names (DuckDB's "varchar | int32 | double", Polars' "str | f64")
COLUMN_TYPE = re.compile(r"(?:var)?char(?:\(\d+\))?|text|string|str|utf8|u?int(?:8|16|32|64|eger)?|bigint|smallint|tinyint|hugeint|"
                         r"double|float(?:32|64)?|real|decimal(?:\(\d+,\s*\d+\))?|numeric|bool(?:ean)?|date|time(?:stamp)?|"
                         r"[iuf](?:8|16|32|64)|object|category|list\[\w+\]|\w+\[\]", re.I)


def _column_types(cells: list[str]) -> bool:
    """Every cell of the row is a column's type: the row under a table's names, no header of its own."""
    return bool(cells) and all(COLUMN_TYPE.fullmatch(c.strip()) for c in cells)


# "Table 1: test AUC (mean over 3 fine-tuning seeds).": a plain-text table's title, its first sentence naming what the
# table's cells are
TABLE_TITLE = re.compile(r"Table\s+\d+[.:]\s+(.+)", re.I)


@dataclass
class _Tables:
    """The table a line may belong to: markdown pipes, CSV, a printed data frame, a LaTeX tabular."""

    header: tuple[str, ...] = ()  # of a pipe table
    csv: tuple[str, ...] = ()
    aligned: tuple[str, ...] = ()
    tex: tuple[str, ...] = ()  # a LaTeX tabular's (rules such as \\midrule stand between it and the rows)
    sub_header: int = -1  # the second header level of a data frame, read with the first
    under_header: int = -1  # the line right below an aligned header (a rule there leads to the rows, it ends nothing)
    caption: str = ""  # the one quantity a LaTeX table's caption names, above its tabular ("test AUC versus labels")
    open_cell: bool = False  # a CSV row's last quoted cell goes on over the next lines (its notes)
    titled: tuple[int, str] = (-9, "")  # the line of a plain-text table's title ("Table 1: test AUC (mean over 3 seeds).")
    # and the one quantity it names

    def read(self, lines: list[str], i: int, line: str, heading: str) -> tuple[bool, Unit | list[Unit] | None]:
        """(whether `line` belongs to a table, its row if it is one, or the sentences of a cell that goes on)."""
        if self.open_cell:  # "...,Kwame Asante,\"First line of the notes." / "Second line.\"": the cell's lines are prose
            self.open_cell = line.count('"') % 2 == 0
            text = plain(line.replace('""', '"').strip().strip('"'))
            return True, [Unit(i + 1, text[s:e].strip(), "prose", context=heading) for s, e in sentences(text)]
        if i == self.sub_header or re.fullmatch(r"[=+]{3,}[=+\s-]*|-{3,}(?:\s+-{3,})+", line) or (
                i == self.under_header and RULE_UNDER_HEADER.fullmatch(line)):
            return True, None  # the rules of a reStructuredText table, a journal table's rule under its names: rows below
        if not line or _is_rule(line):
            self.csv = self.aligned = ()
            return True, None
        if self.aligned and (row := _aligned_row(line, self.aligned)):  # "cb1024   1024  1.000  1001.6  -0.0081"
            return True, Unit(i + 1, " | ".join(row[1]), "row", row[0], row[1], heading)
        self.aligned = ()
        if not line.startswith("|") and _percentile_column_names(line):
            return True, None  # "Mean  StdDev  5%  50%  95%  N_Eff": a header whose percents name quantile columns
        if m := TABLE_TITLE.match(line):
            named = {q.lastgroup: q.group(0) for q in QUANTITY_RE.finditer(m.group(1).split(".")[0])}
            self.titled = (i, named.popitem()[1] if len(named) == 1 else "")
        if not line.startswith("|") and (h2 := _aligned_header(lines, i)):
            self.aligned = h2
            if 0 < i - self.titled[0] <= 6 and self.titled[1]:  # "Table 1: test AUC ..." a few lines above "labelled jets
                self.caption = self.titled[1]  # pre-trained  from scratch": the columns that name nothing are of the
                self.aligned = self._captioned(h2)  # title's quantity
                self.caption, self.titled = "", (-9, "")
            self.sub_header = i + 1 if len(h2) > len(line.split()) else -1  # fewer: names of several words
            self.under_header = i + 1
            return True, None
        fields = _csv_fields(line) if self.csv or re.search(r"[,;\t]", line) else None
        if self.csv and fields and len(fields) == len(self.csv):  # a row of "model,auc,auc_err\nGAN,0.81,0.003"
            cells = tuple(plain(f) for f in fields)
            self.open_cell = line.count('"') % 2 == 1
            return True, Unit(i + 1, " | ".join(cells), "row", self.csv, cells, heading)
        self.csv = ()
        if fields and (h := _csv_header(lines, i)):
            self.csv = tuple(SPLIT_TAG.sub(" ", plain(f)).replace("_", " ") for f in h)  # ("perplexity/val": a logged
            # metric's tag with the split it was computed on, no ratio of the metric to a 'val')
            return True, None
        return self._tex_or_pipes(lines, i, line, heading)

    def _captioned(self, cells: tuple[str, ...]) -> tuple[str, ...]:
        """'labels used & from scratch & pre-trained & gain' under the caption 'Test AUC versus the number of labels':
        the columns after the first that name no quantity, count nothing and are no name are of the caption's quantity."""
        if not self.caption or any(QUANTITY_RE.search(c) for c in cells):
            return cells
        return cells[:1] + tuple(c if not c or re.search(r"\b(?:jets|events|samples|labels|epochs|count|size|steps|model|method|"
                                                         r"name|notes?)\b|^n[ _]|\bid$", c, re.I) else f"{c} ({self.caption})"
                                 for c in cells[1:])

    def _tex_or_pipes(self, lines: list[str], i: int, line: str, heading: str) -> tuple[bool, Unit | None]:
        if m := re.match(r"\\caption\*?\{(.*)\}\s*$", line):  # "\caption{Test AUC versus the number of labels.}"
            named = {q.lastgroup: q.group(0) for q in QUANTITY_RE.finditer(m.group(1))}
            self.caption = named.popitem()[1] if len(named) == 1 else ""  # as the caption writes it
        if re.match(r"\\(?:begin|end)\{table", line):
            self.caption = ""
        if line.count("&") >= 1 and re.search(r"\\\\\s*(?:\\hline)?\s*$", line):  # a LaTeX tabular row "a & b \\"
            cells = tuple(re.sub(r"^\{(.*)\}$", r"\1", plain(c).strip())  # siunitx "{AUC}" column heads
                          for c in re.sub(r"\\\\\s*(?:\\hline)?\s*$", "", line).split("&"))
            if not any(re.fullmatch(r"[-+−]?\d[\d.,]*(?:\(\d+\))?(?:\s*±\s*[\d.]+)?\s*%?", c) for c in cells):
                self.tex = self._captioned(cells)  # names only: the header
                return True, None
            return True, Unit(i + 1, " | ".join(cells), "row", self.tex, cells, heading)
        if re.match(r"\\end\{tabular", line):
            self.tex = ()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if (line.startswith("|") and line.count("|") >= 2) or (  # a psql grid: "model | auc" over "------+-----"
                "|" in line and ((self.header and len(_cells(line)) == len(self.header)) or "+" in nxt and _is_rule(nxt))):
            prev = lines[i - 1].strip() if i else ""
            closing = self.header and len(_cells(line)) == len(self.header) and (prev.startswith("|") and not _is_rule(prev) or (
                _is_rule(prev) and i >= 2 and lines[i - 2].strip().startswith("|")))  # "| 19 | gnn_a | ... |" over "+----+":
            # the last row (or the only one, under the header's border), closed by the border
            if (heads := _wiki_header_cells(line) or _asciidoc_header_cells(lines, i)) is not None:
                self.header = heads
                return True, None
            if _is_rule(nxt) and not closing:
                above = _cells(lines[i - 1]) if i and lines[i - 1].strip().startswith("|") else []
                cells = _cells(line)  # "double | int32" under "auc | n_test": the types of the columns, named above
                self.header = _area_under_a_titled_curve(lines, i, tuple(
                    above if _column_types(cells) and len(above) == len(cells) else _stacked_header(lines, i) or cells))
                return True, None
            cells = tuple(_cells(line))
            if (lead := _first_cell_above(lines, i, cells, self.header)) is not None:
                cells = (lead, *cells[1:])
            return True, Unit(i + 1, " | ".join(cells), "row", self.header, cells, heading)
        if "|" in line and (h := _bare_pipe_header(lines, i)):
            self.header = h  # "tagger | AUC (Pythia) | AUC (Herwig)" over "pn_qg | 0.8241 ± 0.0030 | 0.382 ± 0.004"
            return True, None
        self.header = ()
        return False, None


def _first_cell_above(lines: list[str], i: int, cells: tuple[str, ...], header: tuple[str, ...]) -> str | None:
    """"|jet_qg_tok |1|none|0|acc |↑|0.7640|" over "|           | |none|0|acc_norm|↑|0.7615|": a row whose first cell is
    blank under a named one (lm-evaluation-harness's results table, a pandas MultiIndex printed sparse) is another metric
    of the same task, its name left out as a ditto; without it the sub-rows of all tasks read as one name's values."""
    if not (header and header[0] and len(cells) == len(header) and not cells[0] and any(
            c and not NUMERIC.fullmatch(c) for c in cells[1:])):
        return None
    for j in range(i - 1, max(i - 12, -1), -1):
        if not lines[j].strip().startswith("|") or _is_rule(lines[j]):
            return None
        if len(above := _cells(lines[j])) == len(cells) and above[0]:
            return above[0] if not NUMERIC.fullmatch(above[0]) else None
    return None


def _wiki_header_cells(line: str) -> tuple[str, ...] | None:
    """The names of a wiki table's header row, which no rule underlines: XWiki marks each header cell with '=' ("|=Model
    |=AUC|=R30 (1/ε,,B,, at ε,,S,, = 0.3)", its ',,B,,' a subscript) and Confluence's and Jira's wiki doubles the pipes
    ("||Model||AUC||"); None for any other line. The rows under it are read by these names, as under a markdown header."""
    body = line.strip()
    if body.startswith("||") and body.count("||") >= 3:
        cells = [c.strip() for c in body.strip("|").split("||")]
    elif body.startswith("|=") and body.count("|=") >= 2:
        cells = [c.strip() for c in body.rstrip("|").split("|=")[1:]]
        if any("|" in c for c in cells):
            return None  # a row that sets header cells beside data cells ("|=Loose|0.80|"): its first cell names the row
    elif re.match(r"\|_\.\s", body) and len(re.findall(r"\|_\.\s", body)) >= 2:
        # Textile (Redmine, Trac's textile pages) marks each header cell with '_.' ("|_. Model |_. W1M (×10^-3^) |")
        cells = [c.strip() for c in re.split(r"\|_\.\s", body.rstrip().rstrip("|"))[1:]]
        if any("|" in c for c in cells):
            return None
        cells = [re.sub(r"\^([^^|\s]{1,8})\^", r"^\1", c) for c in cells]  # its superscript "10^-3^"
    else:
        return None
    return tuple(plain(re.sub(r",,([^,|]{1,12}),,", r"_\1", re.sub(r"\^\^([^^|]{1,12})\^\^", r"^\1", c))).strip() for c in cells)


# "[cols="3,2,2",options="header"]", "[%header,cols=...]": an AsciiDoc table's attributes that make its first row the names
ASCIIDOC_HEADER_OPTION = re.compile(r"^\[[^\]]*(?:options\s*=\s*\"?[^\"\]]*\bheader\b|%header\b)[^\]]*\]\s*$")


def _asciidoc_header_cells(lines: list[str], i: int) -> tuple[str, ...] | None:
    """The names of an AsciiDoc table ('|===' opens it, one '|' before each cell): its first row is the header where the
    attributes above the table say so (options="header", %header) or, as Asciidoctor reads it, where a blank line follows
    that row; a row of names, none of its cells a bare number. None for any other line. (Without it the names read as a
    first row, and the rows under it as numbers of no quantity.)"""
    if i < 1 or lines[i - 1].strip() != "|===" or (cells := _cells(lines[i])) and any(NUMERIC.fullmatch(c) for c in cells):
        return None
    said = i >= 2 and ASCIIDOC_HEADER_OPTION.match(lines[i - 2].strip())
    if not said and not (i + 1 < len(lines) and not lines[i + 1].strip()):
        return None
    return tuple(cells) if len(cells) >= 2 else None


def _bare_pipe_header(lines: list[str], i: int) -> tuple[str, ...] | None:
    """'tagger | AUC (Pythia) | AUC (Herwig)' over 'pn_qg | 0.8241 ± 0.0030 | 0.382 ± 0.004' and more rows of as many
    cells: a pipe table typed without its outer pipes and with no rule under its names (pasted into a chat prompt); the
    names, when they name a quantity and no cell of theirs is a bare number, and the next two lines are rows of numbers."""
    if lines[i].strip().startswith("|") or len(cells := _cells(lines[i])) < 3 or not all(cells) or not any(
            QUANTITY_RE.search(c) for c in cells) or any(re.fullmatch(r"[-+−]?\d[\d.,]*%?", c) for c in cells):
        return None
    rows = [_cells(lines[j]) for j in (i + 1, i + 2) if j < len(lines) and "|" in lines[j]]
    if len(rows) < 2 or any(len(r) != len(cells) or not any(re.match(r"[-+−]?\.?\d", c) for c in r[1:]) for r in rows):
        return None
    return tuple(cells)


def _indented_record_continuations(lines: list[str], records: set[int]) -> set[int]:
    """The log records whose message, after its prefix, is indented under a record just above ("... Report Writer 3:17 :
    light rejection 80," over "... Report Writer 3:17 :   i.e. a rejection measured ..."): the message of the record above
    goes on there, so the sentence may wrap into it."""
    return {i for i in records if i - 1 in records and re.match(r"[ \t]{2,}\S", lines[i]) and lines[i - 1].strip()}


def _sibling_fields(lines: list[str], keyed: set[int], i: int) -> bool:
    """A field under a field at the same indentation (an object's printed attributes, "    model:  vqjet-v3 ..." over
    "    summary:  K=1024 is ..."): each opens with its own key, a record of its own, not the message above going on."""
    return i in keyed and i - 1 in keyed and \
        len(lines[i]) - len(lines[i].lstrip()) == len(lines[i - 1]) - len(lines[i - 1].lstrip())


def _message_indented_after_its_tag(line: str, tags: set[str]) -> bool:
    """Is a line's message indented, when a logger's tag opens it ("      +eval-gen | [run_all]     on real jets 0.702"
    under "... [run_all] top-tag efficiency at fixed mistag:")? The spaces before the tag only align the tags' column.
    A line with no tag: its own indentation."""
    if not (n := tag_prefix(line, tags)):
        return True
    tag = line[:n]
    return len(tag) - len(tag.rstrip()) >= 2


HASH_COMMENT_LINE = re.compile(r"^\s*#(?=\s|$)")  # "# Seq 7 is better ...", a bare "#": a shell or script comment's line
MIN_HASH_COMMENT_RUN = 3
# "#   (a 0.011 gain; ...)" under "# GBM: AUC 0.841 vs ...": a comment line indented past its '#', the sentence above wrapped
# onto it (a title is not indented after its '#')
HASH_COMMENT_CONTINUED = re.compile(r"^\s*#[ \t]{2,}\S")


# "# decision: take K=1024 for the paper -- best mass" over "# resolution of the scan (9.4% vs 8.7%) and ...": a long
# comment line that stops on a word, under which the next opens in lower case, is a sentence wrapped at a fixed width
# (a stack of titles or one-line notes stops each on its own, and opens each anew; and a run with no full stop anywhere
# is one of notes: "# tuned val_loss is 10.1 % lower" over "# gluon mistag ... drops by 24 %")
HASH_COMMENT_WRAPPED_ABOVE = re.compile(r"^\s*#[ \t]+\S.{45,}[A-Za-z]$")
HASH_COMMENT_LOWER_START = re.compile(r"^\s*#[ \t]+[a-z][a-z-]+\s+[a-z]")


def _hash_comment_block_as_prose(lines: list[str]) -> tuple[list[str], set[int]]:
    """A run of lines each opened by a single '#' (a summary pasted as a shell or script comment), which a bare '#' line
    between its paragraphs (or a line indented past its '#', a sentence wrapped onto it) shows is no stack of titles or
    one-line notes: the text after the '#', so that its sentences
    wrap over the lines as any paragraph's ('#' blanked, the columns kept); and the index of the line after each such run."""
    out, ends, i = list(lines), set(), 0
    while i < len(lines):
        j = i
        while j < len(lines) and HASH_COMMENT_LINE.match(lines[j]):
            j += 1
        run = lines[i:j]
        if len(run) >= MIN_HASH_COMMENT_RUN and (any(not r.strip("# \t") for r in run) or any(
                HASH_COMMENT_CONTINUED.match(r) for r in run[1:]) or any(
                HASH_COMMENT_WRAPPED_ABOVE.search(a) and HASH_COMMENT_LOWER_START.match(b) for a, b in zip(run, run[1:], strict=False))
                and any(r.rstrip().endswith((".", "!", "?")) for r in run)):
            out[i:j] = [r.replace("#", " ", 1) for r in run]
            ends.add(j)
        i = max(j, i + 1)
    return out, ends


# "3. The null control. [1] states ...": a numbered item that opens with a title of a few words and no verb ("1. The
# reconstruction is exact." is a statement; "1. Codebook size: 4096" a field)
RUN_IN_TITLE = re.compile(r"\d{1,2}[.)]\s+(?P<title>(?!(?:[\w'’\"“”-]+ )*(?:is|are|was|were|be|been|has|have|had|does|do|did|can|"
                          r"will|would|should|may|might|must)\b)[A-Z][A-Za-z'’\"“”-]*(?: [A-Za-z'’\"“”-]+){0,5})\.\s+(?=[A-Z\[(])")


SQL_COMMENT = re.compile(r"^\s*--(?=\s|$)[ \t]?")  # the comment marker of SQL (and Lua, Haskell) at a line's start


CAPTURED_OUTPUT = re.compile(r"<(?P<end>/)?system-(?:out|err)>", re.I)


def _captured_output_lines(lines: list[str]) -> set[int]:
    """The lines inside a test report's <system-out> or <system-err> element (JUnit XML): the output a test printed,
    each line a record of its own ("... carries 2.0e-06" over "perplexity check (...): 1351.2 > 465.5"), never a
    sentence wrapped onto the next."""
    out: set[int] = set()
    inside = False
    for i, line in enumerate(lines[:200_000]):
        tags = list(CAPTURED_OUTPUT.finditer(line))
        if inside or any(not t["end"] for t in tags):
            out.add(i)
        for t in tags:
            inside = not t["end"]
    return out


HUNK_HEADER = re.compile(r"^@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@")


def _added_lines_of_a_patch(lines: list[str]) -> list[str]:
    """"@@ -41,3 +41,17 @@" over "+| 3.5-3.7 | 183 | 140 +- 8 | 3.0 | 2.3e-4 |": a unified diff (a patch quoted in a
    review) adds each '+' line to its file; after a hunk's header the '+' is the diff's mark, not a sign, so the line is
    read as the page it adds (its table a table, "+9-window" a 9-window scan)."""
    first = next((i for i, line in enumerate(lines) if HUNK_HEADER.match(line)), None)
    if first is None:
        return lines
    return lines[:first + 1] + [line[1:] if line.startswith("+") and not line.startswith("+++") else line
                                for line in lines[first + 1:]]


# "/classifier/high_level (Group) 'input: layer energies'", "/roc (Table(200,)) 'ROC curve'": a node of an HDF5 file as
# PyTables' ptdump prints it, its path, its kind and its title; the attributes dumped under it are that node's
HDF5_NODE = re.compile(r"(?P<path>/[\w/.-]*)\s+\((?:RootGroup|Group|(?:Table|Array|EArray|CArray|VLArray)\([^()]*\))\)\s*(?:'(?P<title>[^'\n]*)')?\s*")


def markdown_units(text: str) -> Iterator[Unit]:
    raw_lines = text.removeprefix("\ufeff").splitlines()  # a spreadsheet's export opens with a byte-order mark
    records = {i for i, raw in enumerate(raw_lines) if record_prefix(raw)}  # a log's or chat's lines stand alone
    lines = [raw[record_prefix(raw):] if i in records else raw for i, raw in enumerate(raw_lines)]  # "when, who": no claim
    tags = log_tags(lines)  # "[reco]   accuracy on original jets 0.9351": a logger's line, a record of its own (its tag
    records |= {i for i, line in enumerate(lines) if tag_prefix(line, tags)}  # stays: it names the process logging)
    records |= key_field_lines(lines)  # "features: ...", "selection: ...", "control verdict: ...": a printout of fields
    records |= _captured_output_lines(lines)  # a JUnit report's <system-out>: what a test printed, line by line
    who = speakers(lines)
    lines = [line[speaker_prefix(line, who):] if who else line for line in lines]
    lines = [re.sub(r"^\s*(?:>(?=\s|$)\s?)+", "", repl_comment(line)) for line in lines]  # an e-mail's quoted lines wrap as
    # the others; a comment typed at a prompt is prose
    lines = _added_lines_of_a_patch(lines)
    if sum(bool(SQL_COMMENT.match(line)) for line in lines[:20000]) >= 3:  # "-- LorentzNet has the highest ..." over "--
        lines = [SQL_COMMENT.sub("", line, count=1) for line in lines]  # ParticleNet (...)": a script's comment block, prose
    lines, after_comments = _hash_comment_block_as_prose(lines)
    records |= after_comments  # a comment's sentence ends with its block: the line after it starts anew
    keyed = key_field_lines(lines)
    records -= {i for i in _indented_record_continuations(lines, records) if _message_indented_after_its_tag(lines[i], tags)
                and not _sibling_fields(lines, keyed, i)}
    heading, tables = "", _Tables()
    nodes: dict[str, str] = {}  # the titles of an HDF5 dump's groups so far, by path
    # "[bench] metric   main   cand   delta" over "[bench] AUC   0.9858   0.9849   -0.0019": a logger's bracketed tag before
    # every line of a printed table says who printed it; the table is read under the tag, as if printed bare
    tabled = [line[n:] if (n := tag_prefix(line, tags)) and line.lstrip().startswith("[") else line for line in lines]
    outer: str | None = None  # the heading around a numbered item whose run-in title heads it now
    para: list[tuple[int, str]] = []  # the lines of a wrapped sentence so far
    fence = -1  # a fenced JSON block (an agent's tool output) is read as JSON
    lead = ""  # the last line of prose (the tool call whose output a JSON block is)
    for i, raw in enumerate(lines):
        lineno, line = i + 1, raw.strip()
        if i < fence:
            continue
        if outer is not None and not para and (not line or re.match(r"(?:[-*+]|\d{1,2}[.)])\s", line)):
            heading, outer = outer, None  # the item a run-in title headed ends with a blank line or the next item
        if re.fullmatch(r"```\s*(?:ya?ml|toml|ini|cfg|conf|config|bash|sh|shell|zsh|dockerfile|makefile|env)\s*", line) and not para:
            fence = next((j + 1 for j in range(i + 1, min(len(lines), i + 2000)) if lines[j].strip().startswith("```")), i)
            continue  # a configuration or a command: settings, not results
        if line.startswith("```") and not para and (block := _fenced_json(lines, i)):
            fence, _ = block
            yield from _data_units("\n".join(lines[i + 1:fence - 1]), i + 1, lead, "")
            continue
        if not para and ("{" in line or line == "[") and (data := inline_data(lines, i)):  # "Observation: {...}", "Out[3]: {'auc': ...}"
            fence, said, body = data
            yield from _data_units(body, i, lead, said, heading)
            continue
        if line and not line.startswith("```"):
            lead = f"{lead} {line}" if lead.count("(") > lead.count(")") else line  # a call wrapped over lines is one lead
        if is_command(line):
            continue  # "python -m jettok.ctest --gen out/gen/top_48k.h5 --n-test 24000": an echoed command states nothing
        if para:  # this line goes on with the sentence of the lines before it
            para.append((lineno, plain(line)))
            if not _wraps(line, _next_statement(lines, i, records)):
                yield from _paragraph(para, heading)
                para = []
            continue
        if node := HDF5_NODE.fullmatch(line):  # "/classifier/high_level (Group) 'input: ...'": a node of an HDF5 dump
            nodes[node["path"]] = node["title"] or ""  # its attributes below are of it, under its parents' titles
            heading = " / ".join(t for path, t in nodes.items() if t and (node["path"] + "/").startswith(path.rstrip("/") + "/"))
            if node["title"]:
                yield Unit(lineno, node["title"], "prose", context=heading)
            continue
        table, row = tables.read(tabled, i, tabled[i].strip(), heading)
        if table:
            yield from row if isinstance(row, list) else [row] if row else []
            continue
        if m := COLUMN_SECTION.fullmatch(line):  # '  2. "auc_null"': a column-statistics tool's section of one column
            heading = m["name"].replace("_", " ")  # (csvstat): the lines below are that column's numbers
            continue
        if is_title(lines, i):  # "No-signal control" over the indented lines of its section
            heading = line
            yield Unit(lineno, line, "prose", context=heading)
            continue
        if m := QUESTION_LINE.fullmatch(line[:300]):  # "Q7. Truth-vs-truth control for the two-sample test?" over "A: ..."
            heading = m["q"].strip()
            yield Unit(lineno, heading, "prose", context=heading)
            continue
        if m := BANNER.fullmatch(line[:300]):  # "TASK [no-signal control] *****", "==== Results ====": a title in a banner
            title = m["title"].strip()  # ("---- end of dump (control rows too) ----" closes a section: no heading after it)
            heading = "" if re.match(r"(?:end|eof)\b", title, re.I) else title
            yield Unit(lineno, title, "prose", context=heading)
            continue
        if m := re.match(r"(#{1,6})\s+(.*)", line):
            title = m.group(2).strip()
            heading = title if len(m.group(1)) > 1 else ""  # a section names what its lines are; a title does not
            yield Unit(lineno, title, "prose", context=heading)
            continue
        if m := RUN_IN_TITLE.match(line):  # "3. The null control. We trained ...": the item's title heads its sentences
            outer = heading if outer is None else outer
            heading, line = m["title"], line[m.end():]
        line = plain(re.sub(r"^(?:(?:[-*+>]|\d{1,2}[.)])\s+|\\item\b\s*)", "", line))  # list markers (LaTeX's \item too), quotes
        if (n := tag_prefix(line, tags)) and (item := re.match(r"\s*\d{1,2}[.)]\s+(?=[A-Za-z_])", line[n:])):
            line = line[:n] + line[n + item.end():]  # "[select : rank]   2. model_b   AUC 0.842": a ranked list's place
            # after the logger's tag, an enumerator (no number of the item, no sentence of its own)
        if _wraps(line, _next_statement(lines, i, records)):
            para = [(lineno, line)]  # a hard-wrapped sentence goes on on the next line
            continue
        if re.fullmatch(r"\s*[\"“][^\"“”]*[\"”]\s*[.,;:…]*\s*", line):
            continue  # a sentence quoted whole is an example, not the report's statement
        for s, e in sentences(line):
            yield Unit(lineno, line[s:e].strip(), "prose", context=heading)
    if para:
        yield from _paragraph(para, heading)


def _next_statement(lines: list[str], i: int, records: set[int]) -> str:
    """The line after `lines[i]` that a sentence may wrap into: none where it is a log's record or opens a printed
    table (its column names over rows of numbers), which begin anew whatever the line above ends on."""
    if i + 1 >= len(lines) or i + 1 in records or _aligned_header(lines, i + 1):
        return ""
    return lines[i + 1]


def _data_units(body: str, offset: int, lead: str, said: str, heading: str = "") -> Iterator[Unit]:
    """The units of an object printed in a report (its lines counted from `offset`); a classifier test named by the
    call that printed it (`c2st(...)`, "two-sample test:") is the context of its numbers, and a log's message object
    ({"msg": ...}, which names no thing) stands in the section it is printed under."""
    tag = "classifier-test " if CLASSIFIER_TEST.search(f"{lead} {said}") else ""
    for u in json_units(body):
        where = f"{heading}: " if heading and LOG_MESSAGE_KEY.fullmatch(re.split(r"[.\[]", u.context, maxsplit=1)[0]) else ""
        yield replace(u, line=u.line + offset, context=f"{tag}{where}{u.context}")


LOG_MESSAGE_KEY = re.compile(r"msg|message|messages|output|stdout|stderr|log|result", re.I)


# "Q7. Truth-vs-truth control for the two-sample test?", "Question 3: Were the jets validated?": a numbered question
# names what the answer under it is about (its context), and asks, claims nothing
QUESTION_LINE = re.compile(r"(?:Q|Question)\s?\d{1,3}\s*[.:)]\s*(?P<q>[^?]{3,250}\?)")


# "TASK [train on sideband data] ********", "==== Results (run 3) ====", "---- notes appended by hand ----": a line of words
# closed by a rule of three or more '*', '=', '-', '#' or '~' (opened by one too, or not) is a section's title
# (after a logger's tag: "[regress] -------- lgt_v4 (this commit) --------")
BANNER = re.compile(r"(?:\[[\w .:-]{1,30}\][ \t]+(?=[*=#~-]{2,}))?(?:[*=#~-]{2,}[ \t]+)?(?P<title>[A-Za-z(\[][^*#~\n]{0,200}?)[ \t]+[*=#~-]{3,}")


# an INI / key = value line, its value then a comment or nothing: "finetuned_vs_pfn = +0.0056 +/- 0.0012  ; 4.7 sigma"
ASSIGNMENT = re.compile(r"\s*(?=[A-Za-z]\w*?[_.])[A-Za-z][\w.]*+\s*=\s*[-+]?[\d.]+(?:[eE][-+]?\d+)?%?\s*"
                        r"(?:(?:±|\+/-|\+-)\s*[\d.]+%?\s*)?(?:[;#]|$)")


# a key padded to a column before its ':' ("best rejection @ 30%  : lorentznet (2195 vs 1615)"): a field of a record
PADDED_KEY = re.compile(r"\s*(?:[A-Za-z][\w-]{0,20}:\s+)?[^\s:][^:]{0,60}?\S {2,}:\s")  # ("check: 1 - raw AUC   : 0.688")
# a line whose first ':' gives a number ("check: 1 - raw AUC      : 0.688", "train-set AUC (120k jets): 0.694"): beside a
# padded key, another field of the same record
FIELD_START = re.compile(r"\s*[^\s:][^:]{0,80}?:\s*[-+]?\d")
# a line that ends on a field's value: "degrees of freedom    (FIT_NDF)   : 37", "mu = 0.973 +/- 0.0021 (0.2158%)"
FIELD_LINE = re.compile(r"\S\s*[:=]\s*[-+]?\d[\d.,]*(?:[eE][-+]?\d+)?\s*%?(?:\s*(?:\+/-|±|\+-)\s*[\d.]+(?:[eE][-+]?\d+)?)?"
                        r"(?:\s*\([^()]{0,20}\))?\s*$")
ALIGNED = re.compile(r"(?:[^\s.!?:;]|(?<=\beff)\.)\s{3,}(?:[A-Za-z(]{1,8}(?:\s*[=:])?\s+)?[-+]?\d")  # a gap of three spaces or
# more, then a number (after a word or an abbreviation's dot: "rejection at 30% eff.   180 -> 240"; after its name and '=':
# "gen vs truth      AUC = 0.612")


# three or more short names without a digit, two spaces or more apart: a printed table's header
COLUMN_NAMES_LINE = re.compile(r"[^\d\s](?:[^\d\s]| (?! )){0,29}(?: {2,}[^\d\s](?:[^\d\s]| (?! )){0,29}){2,}")


# "tagger trained on old-tokenizer jets: accuracy 0.909": a line that is a name, a colon, a quantity and its one number
LABELLED_RESULT_LINE = re.compile(r"[A-Za-z][^:\n]{2,80}:\s*(?:[A-Za-z][\w()/-]*\s+){1,3}(?:=\s*)?[-+−]?\d[\d,]*(?:\.\d+)?\s*%?")


# "peak yield: 4213 +- 96 vs 4188 +- 101" over "mass scale: 80.63 - 79.88 = 0.75": a short lower-case key, a colon and
# (after at most two words) a number; two such lines one over the other are two fields of a printout, not a wrapped
# sentence, and such a line ending on a number or its unit ("width: sigma 7.95 +- 0.30 vs 8.40 +- 0.28 GeV") ends there
ENDS_ON_NUMBER_OR_UNIT = re.compile(r"\d[\d.,]*(?:[eE][-+]?\d+)?[ \t]*%?(?:[ \t]*[A-Za-z]{1,4})?[ \t]*$")
KEYED_NUMBER_LINE = re.compile(r"\s*[a-z][\w-]{0,20}(?: [\w-]{1,20}){0,2}:[ \t]+(?:[A-Za-z][\w.-]{0,20}[ \t]+){0,2}[-+−]?\d")


# a line that may go on: it ends on a letter or digit of any script ("... well below the 3σ", "the rate in μ"), a comma,
# a closing bracket or a percent sign
LINE_GOES_ON_AFTER = re.compile(r"(?:[^\W_]|[,)$%])$")


# a row a program prints: two or more "name number" fields, each closed by a gap of two spaces or more, then another name
NAMED_NUMBER_FIELDS_ROW = re.compile(r"[ \t]*+(?:[A-Za-z][\w./-]{0,30}+(?: [A-Za-z][\w./-]{0,30}+){0,2}[ \t]++[-+]?\d[\d.,/]*+"
                                     r"(?:[eE][-+]?\d++)?%?[ \t]{2,}+){2,}+[A-Za-z]")




# a line a program prints as a name of a few words, '=' and its number ("delta AUC = +0.0049", "run 7 test AUC = 0.93")
NAMED_EQUALS_LINE = re.compile(r"\s*(?!(?:at|of|for|in|on|with|by|from|to|and|or|but|the|a|an|where|when|if|is|are|was|were|so|"
                               r"i\.e|e\.g|than|which|that|as|giving|gives|yielding|while)\b)[A-Za-z][\w./-]*(?: [\w./()-]+){0,4}\s*=\s*[-+−]?\.?\d", re.I)
# "signal efficiency (R50 = 41 against 57 ...)" under "... at 50%": the '=' inside a bracket the line opens is an aside of
# a sentence going on, not a printed "name = value" (but "no-signal control (s/b = 0): 0.574" is a record's key)
BRACKETED_EQUALS = re.compile(r"[^=(\n]*\([^)=\n]*=")
# "  (+0.041, i.e. +4.8% relative)": an indented line that is one bracket holding a signed number, and nothing else
BRACKETED_ASIDE_LINE = re.compile(r"[ \t]+\((?=[^()\n]*[-+−]\d)[^()\n]{1,120}\)[.;,]?[ \t]*")
# a verdict a program prints in capitals before its message ("GATE PASSED:", "CHECK FAILED:", "WARNING:")
VERDICT_BANNER = re.compile(r"\s*(?:[A-Z][A-Z0-9_-]+ )?(?:PASS(?:ED)?|FAIL(?:ED|URE)?|OK|SUCCESS|SUCCEEDED|ERROR|WARN(?:ING)?|REJECTED|ACCEPTED)(?: [A-Z][A-Z0-9_-]+)?:\s")


# "2024/11/05 14:02:19 - mmengine - INFO - ...", "2024-03-15T10:04:11 INFO ...": a line led by a date and a clock time is a
# log record of its own (a logger stamps each message it writes), never the wrapped rest of the line above
# (so is a logfmt record, "ts=2025-03-04T02:11:03Z level=info msg=...": its stamp given as a key's value)
STAMPED_LOG_LINE = re.compile(r"\s*(?:(?:ts|time|timestamp|t)=\"?)?\[?(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])[ T]\d{1,2}:\d\d")


def _wraps(line: str, nxt: str) -> bool:
    """Does the prose `line` go on on the next line (a paragraph wrapped at a fixed width)?"""
    if STAMPED_LOG_LINE.match(nxt):
        return False
    if re.search(r"\d\s*(?:±|\+/-|\+-)$", line.rstrip()) and re.match(r"\s*\.?\d", nxt):
        return True  # "reaches AUC = 0.587 ±" over "0.004, so ...": a number's error bar cut off by the wrap goes on below
    if VERDICT_BANNER.match(line):
        return False  # "CHECK PASSED: the candidate beats production": a program's verdict, printed whole on its line
    if NAMED_EQUALS_LINE.match(nxt) and re.search(r"[\d)\]%]\s*$", line) and not (
            BRACKETED_EQUALS.match(nxt) and re.search(r"[\d%]\s*$", line) and not re.search(r"\)\s*[:=]", nxt)):
        return False  # "... working point)" over "model 7 test AUC = 0.93 +/- 0.01": a printed "name = value" starts anew
        # under a line that ends on a number or a bracket (not on a word a sentence may go on from)
    if ASSIGNMENT.match(line) or ASSIGNMENT.match(nxt):
        return False  # "key = 0.0021 +/- 0.0013  ; 1.6 sigma -> not significant": a setting's line is its own statement
    if re.match(r"\s*[A-Za-z][\w.-]*[/_.][\w./-]*\s*:\s", nxt):
        return False  # "results/no-signal-control: AUC 0.571", "val_auc: 0.91": a field of a record, named by its key
    if re.match(r"\s*[A-Za-z]\w*(?:/[A-Za-z]\w*)?\s*=\s*[\w.+-]+\s*:(?:\s|$)", nxt):
        return False  # "size=1000: fine_tuned 0.849 vs ...", "s/b=0.01: AUC ...": a line led by its condition is a statement
        # of its own
    if PADDED_KEY.match(line) and (PADDED_KEY.match(nxt) or FIELD_START.match(nxt) or re.match(r"\s*[A-Za-z][\w-]{0,20}:\s", nxt)) or PADDED_KEY.match(nxt) and FIELD_START.match(line):
        return False  # "  best AUC        : lorentznet (0.9868)" over "  mistag @ 0.5   : particlenet has ...": a record's fields
    if FIELD_LINE.search(line[-80:]) and FIELD_LINE.search(nxt[-80:]):
        return False  # "final sum of squares of residuals : 41.37" over "degrees of freedom (FIT_NDF) : 37": two fields
    if LABELLED_RESULT_LINE.fullmatch(line.strip()[:200]):
        return False  # "tagger trained on old-tokenizer jets: accuracy 0.909" over "tagger trained on new ...: accuracy 0.914":
        # a name, a colon and the number it measured, ending the line: a record of its own, however the next line begins
    if NAMED_NUMBER_FIELDS_ROW.match(line) or NAMED_NUMBER_FIELDS_ROW.match(nxt):
        return False  # "epoch 30  recon_mse 0.0447  commit 0.0094  codebook_used 471/512": a printed row of fields
    if _listed_row(line) and _listed_row(nxt):
        return False  # "cb512-r3   codes used 503 / 512   perplexity 612" over "cb1024-r1  codes used 911 / 1024  perplexity
        # 688": rows of a printed listing, each led by its own name, are statements of their own
    if COLUMN_NAMES_LINE.fullmatch(nxt.strip()):
        return False  # "labels   fine-tuned AUC   from-scratch AUC": the names of a printed table's columns begin anew
    if ALIGNED.search(line.strip()) or ALIGNED.search(nxt.strip()):
        return False  # "t + q/g model, all jets        AUC 0.61": a name aligned with its number, a row of its own
    if is_code(line) or is_code(nxt):
        return False  # "fprintf('AUC = %.3f', a)" over its printed output, a log line over the command it ran: lines of their own
    if _quantity_lead_in_then_named_numbers(line, nxt):
        return True
    if BRACKETED_ASIDE_LINE.fullmatch(nxt[:300]) and len(line) >= 30 and re.search(r"\d%?$", line):
        return True  # "... lifts the AUC from 0.861 to 0.902" over "  (+0.041, i.e. +4.8% relative)": the change of the
        # sentence above, set on an indented line of its own in brackets, is its aside, not a statement
    if not line[:1].isspace() and re.search(r",[^,.;:!?]*\b(?:and|or|but|while|whereas)\s+(?:the|a|an|our|my|its|their)\s+[a-z][\w-]*$", line) \
            and len(line) >= 40 and re.match(r"[ \t]{2,}[A-Z][\w-]*[ \t]+\w+[ \t]+[a-z]", nxt):
        return True  # "...: W1 is 0.55e-3 for my model, and the baseline" over "  EPiC-GAN I retrained gives ...": a clause
        # opened after a comma that stops on its subject's noun goes on under a hanging indent, whatever word opens it
    if re.search(r"\b(?:of|the|a|an|to|in|on|at|with|for|and|or|by|from|is|are|was|were|than|that|whose|which|gives?|reach(?:es)?|yields?|gets|achieves|obtains|scores)$", line) \
            and len(line) >= 30 and re.match(r"\s*[A-Z$\\]", nxt) and not re.match(
            r"\s*(?:#|\||```|[-*+>]\s|\d{1,2}[.)]\s|\\item\b)", nxt):
        return True  # "... the gluon rejection of" / "ParticleNet reaches 31.2": a sentence cannot end on "of" or "gives"
    if re.search(r"[\w%)],$", line.rstrip()) and len(line) >= 20 and re.match(r"\s*[A-Z][\w+-]*\s+[-+−]?\.?\d", nxt) \
            and not re.match(r"\s*(?:#|\||```|[-*+>]\s|\d{1,2}[.)]\s|\\item\b|[A-Z][\w ]{0,20}:)", nxt):
        return True  # "... no surprises. ParticleNet 0.904," over "PFN 0.896, and the BDT 0.842 in AUC.": a comma ends no
        # sentence; the list goes on with the next name
    return (len(line) >= 30 and bool(LINE_GOES_ON_AFTER.search(line)) and bool(nxt.strip()) and line.count("`") % 2 == 0
            and not re.match(r"\s*(?:#|\||```|[-*+>]\s|\d{1,2}[.)]\s|\\item\b|[A-Z][\w ]{0,20}:|\w[\w -]{0,30}\s:\s)", nxt)
            and not ((k := re.match(r"\s*(?!(?:the|a|an|and|or|of|to|in|on|at|for|with|by|as|from|than)\b)[a-z][\w-]*(?: [\w-]+){1,2}:\s+(?=(\d)?)", nxt))
                     and (QUANTITY_RE.search(k.group(0)) or k[1]) and not re.search(r"\b(?:not|no|is|are|was|were|be|been|of|the|a|an|to|"
                                                                           r"and|or|its|their)$|\d$", line, re.I))
            # ("train loss: ...", "time to train: 282.1 s": a line opened by a key of two or three words and a colon, which
            # names a quantity or holds a number, is a field of its own, unless the line before stops where no sentence ends: "is NOT" over "fully lossless: ...")
            and not (KEYED_NUMBER_LINE.match(line) and (KEYED_NUMBER_LINE.match(nxt) or ENDS_ON_NUMBER_OR_UNIT.search(line[-40:])))
            and bool(re.match(r"\s*[a-z0-9($\\(±+−-]", nxt) or _acronym_goes_on(line, nxt) or _process_goes_on(line, nxt)) and (len(re.findall(r"\b[a-z]{3,}\b", nxt)) >= 2
                                                                    or nxt.rstrip().endswith(".")))


def _listed_row(line: str) -> bool:
    """'cb512-r3   codes used 503 / 512   perplexity 612': a row of a listing, one name (no space in it) and then fields
    that hold numbers, all set apart by two spaces or more."""
    cells = re.split(r"\s{2,}", line.strip()[:400])
    return len(cells) >= 3 and re.fullmatch(r"[A-Za-z][\w.+/-]*", cells[0]) is not None \
        and all(re.search(r"\d", c) for c in cells[1:])


# "VQ-VAE 0.031, baseline 0.024.": a line that opens with a name and its number, then another name and number
NAMED_NUMBERS_LINE_START = re.compile(r"\s*[A-Za-z][\w+-]*(?: [\w+-]+){0,2}\s+[-+−]?(?:\d+(?:\.\d+)?|\.\d+)\s*%?\s*"
                                      r"(?:\([^()]{0,30}\)\s*)?[,;]\s*(?:and\s+)?[A-Za-z][\w+-]*(?: [\w+-]+){0,2}\s+[-+−]?\.?\d")


def _quantity_lead_in_then_named_numbers(line: str, nxt: str) -> bool:
    """'... on 40,000 test jets. Reconstruction MSE of constituent momenta:' over 'VQ-VAE 0.031, baseline 0.024. ...': a
    sentence of prose that names a quantity and ends on a colon goes on with the named numbers of that quantity below."""
    if not line.rstrip().endswith(":") or re.match(r"\s*(?:#|\||```|[-*+>]\s|\d{1,2}[.)]\s)", nxt):
        return False
    tail = re.split(r"[.!?;]\s", line.rstrip()[:-1])[-1]
    if len(line.strip()) >= 30 and len(re.findall(r"\b[a-z]{2,}\b", tail)) >= 4 and (m := QUANTITY_PAIR_LINE_START.match(nxt)) \
            and QUANTITY_RE.search(m["name"]):
        return True  # "A is a real step up from B alone:" over "AUC 0.884 vs 0.882 (both ± 0.005)": a verdict in prose
        # whose colon leads to the pair of numbers it rests on, the quantity named on the line below
    return len(line.strip()) >= 30 and bool(QUANTITY_RE.search(tail)) and bool(NAMED_NUMBERS_LINE_START.match(nxt))


# "AUC 0.8843 vs 0.8821 in Table 4": a line that opens with a quantity's name and two of its numbers set against each other
QUANTITY_PAIR_LINE_START = re.compile(r"\s*(?P<name>[A-Za-z][\w()/-]*(?: [\w()/-]+){0,2}?)\s*[=:]?\s*[-+−]?\.?\d[\d.,]*\s*%?\s*"
                                      r"(?:vs\.?|versus|against)\s+[-+−]?\.?\d")


# "X->qq", "H → bb", "W'(3 TeV) -> WZ": a process written with an arrow, which a line may go on with
PROCESS_AT_LINE_START = re.compile(r"\s*[A-Za-z]{1,3}['′]?(?:\([^()\n]{0,12}\))?\s*(?:->|→)\s*\w")


def _process_goes_on(line: str, nxt: str) -> bool:
    """'... reaches AUC 0.734 on the dedicated' over 'X->qq sample (400 signal ...)': a line that ends on a lower-case
    word goes on with a process written with an arrow (its capital opens no sentence)."""
    return bool(re.search(r"[a-z]$", line) and PROCESS_AT_LINE_START.match(nxt))


def _acronym_goes_on(line: str, nxt: str) -> bool:
    """'... which is the better number: lower' over 'AUC means fewer background jets pass': a line may go on with a
    quantity's acronym (capitals, then lower-case words), where the line before ends on a word that needs what follows."""
    return bool(re.search(r"\b(?:[a-z]+er|more|less|the|a|an|of|its|their|our|and|or|same|whose|higher|lower)$", line)
                and re.match(r"\s*[A-Z]{2,6}s?\b(?![:=])\s+[a-z]", nxt))


def _paragraph(para: list[tuple[int, str]], heading: str) -> Iterator[Unit]:
    """The sentences of lines that wrap into each other, each on the line of its first number (else of its start)."""
    text, starts = "", []
    for lineno, part in para:
        starts.append((len(text), lineno))
        text += part + " "
    text = text.rstrip()

    def line_at(pos: int) -> int:
        return max((ln for at, ln in starts if at <= pos), default=para[0][0])

    for s, e in sentences(text):  # a sentence stands where its first measured number does ("0.92", "30%")
        digit = re.search(r"(?<![\^/\w])\d+\.\d+|(?<![\^/\w])\d+\s*%", text[s:e]) or re.search(r"(?<![\w^/.])(?<!\w-)(?!(?:19|20)\d\d\b)\d", text[s:e])
        # a digit of a name ("JetNet-30", "run_t30") or a year is no number: with no other, the sentence stands where it starts
        lead = len(text[s:e]) - len(text[s:e].lstrip())
        breaks = ((0, line_at(s)), *((at - s - lead, ln) for at, ln in starts if s + lead < at < e))
        yield Unit(line_at(s + digit.start() if digit else s), text[s:e].strip(), "prose", context=heading,
                   breaks=breaks if len(breaks) > 1 else ())


def _owner(path: str) -> tuple[str, str]:
    """The nearest keys above a JSON number that name a thing (not a container such as "results") and a quantity
    ({"w_vs_qcd": {"AUC": {"value": 0.91}}}: "w vs qcd", "AUC")."""
    thing = metric = ""
    for seg in reversed(re.split(r"\.|\[\d+\]", path)):
        word = seg.replace("_", " ")
        if not re.fullmatch(r"[A-Za-z][\w -]*", seg) or CONTAINER.fullmatch(seg):
            continue
        if QUANTITY_RE.fullmatch(word):
            metric = metric or (word if not thing else metric)
        elif not thing:
            thing = word
        if thing:
            break
    return thing, metric


def _fenced_json(lines: list[str], i: int) -> tuple[int, int] | None:
    """(the index after the closing fence, the first line) of a ```json block at `i` that parses, else None."""
    if not re.fullmatch(r"```\s*(?:json)?\s*", lines[i].strip()) or i + 1 >= len(lines) or not (
            lines[i].strip().endswith("json") or lines[i + 1].lstrip().startswith(("{", "["))):
        return None
    end = next((j for j in range(i + 1, min(len(lines), i + 2000)) if lines[j].strip().startswith("```")), None)
    if end is None:
        return None
    try:
        json.loads("\n".join(lines[i + 1:end]))
    except (ValueError, RecursionError):
        return None
    return end + 1, i + 1


def _belongs(key: str, to: str, keys: Any = ()) -> bool:
    """`auc_std` qualifies `auc` (and a bare `std` or `n_test` any number of its object), not `w1`; and the one key of
    its object that its base opens ("auc_sr_vs_sb": 0.541, "auc_stderr": 0.004: the error of the only AUC there is)."""
    if not ATTACHED.match(key):
        return False
    # ("auc_fold_std": the spread of the AUC over its folds, as "auc_std_over_folds")
    base = re.sub(r"(?:[ _-]*(?:fold|seed|run|split|trial|replica)s?)?"
                  r"(?:[ _-]*(?:stat\.?|statistical|syst\.?|systematic|bootstrap|boot|total|tot))?[ _-]*(?:s\.e\.m\.?|s\.e\.|s\.d\.|std|sd|stdev|stddev|stderr|"
                  r"sem|se|err|error|unc|uncertainty|sigma)(?:[ _-](?:over|across|between|of|from)[ _-]\w+|" + ERROR_METHOD_SUFFIX + r")?$",
                  "", key, flags=re.I)
    return base == key or not base or base == re.sub(r"[ _-]*(?:mean|avg|average|median|value|val)$", "", to, flags=re.I) \
        or bool(base) and [str(q) for q in keys if re.match(rf"{re.escape(base)}[ _-]", str(q), re.I)
                           and not ATTACHED.match(str(q))] == [to]


def _setting(key: str) -> bool:
    """A number of no named quantity beside a result (labels, signal_fraction, epochs): its condition."""
    key = _last_dotted_field(key)
    return not QUANTITY_RE.search(key.replace("_", " ")) or bool(re.search(r"fraction|labels|epochs|size", key, re.I))


def _last_dotted_field(key: str) -> str:
    """A flattened key's own field ("shuffled_labels.auc" -> "auc"): its prefixes name the object, not the quantity
    (a numeric last field, "auc_at_labels.1000", keeps the key whole)."""
    last = key.rsplit(".", 1)[-1]
    return key if not re.search(r"[A-Za-z]", last) else last


def json_units(text: str, doc: Any = None) -> Iterator[Unit]:
    """The units of a JSON answer (or of `doc`, the same tree read from YAML, whose keys are not quoted)."""
    quoted = doc is None
    doc = json.loads(text) if doc is None else doc
    raw = text.splitlines()

    def find_key(k: Any, start: int) -> int:
        if quoted:  # the key as a key ('"id": {'), not the same name listed as a value before it ('"children": ["id"]')
            return find_first(_key_tokens(k), start)
        key = re.compile(rf"^\s*(?:-\s*)?[\"']?{re.escape(str(k))}[\"']?\s*[:=]")  # YAML "k:", TOML "k ="
        return next((j + 1 for j in range(start, len(raw)) if key.match(raw[j])), min(start + 1, len(raw)))

    def find(token: str, start: int) -> int:
        """The first line at or after `start` (0-based) holding `token` (1-based; `start` + 1 if none)."""
        return find_first((token,), start)

    def find_first(tokens: tuple[str | re.Pattern[str], ...], start: int) -> int:
        """The first line at or after `start` holding one of `tokens`, tried in turn (`start` + 1 if none)."""
        for token in tokens:
            for j in range(start, len(raw)):
                if (token.search(raw[j]) if isinstance(token, re.Pattern) else token in raw[j]):
                    return j + 1
        return min(start + 1, len(raw))

    def walk(x: Any, path: str, depth: int, start: int, up: dict[str, Any] | None = None) -> Iterator[Unit]:
        """Units of `x`, whose text begins at line `start` (0-based); `up`: what the objects above it say it is
        ({"run": "cb512", "codebook_size": 512, "metrics": [{"name": "perplexity", "value": 498.7}]})."""
        if depth > MAX_DEPTH:
            return
        up = up or {}
        if isinstance(x, dict):
            orig, x = x, _prometheus_sample(_with_attribute_pairs(_typed_literals(x)))
            short, numeric, below = _object_parts(x, up)
            cursor = start
            zipped = _column_table(x)
            if zipped is not None:  # {"rows": [[1, "run-a", 0.56, ...]], "columns": ["rowid", "run_id", "auc", ...]}
                rows_key, head, skip = zipped
                for j, row in enumerate(x[rows_key][skip:MAX_UNITS], start=skip):
                    first = next((json.dumps(c, ensure_ascii=a) for c in row if isinstance(c, str) and c for a in (False, True)),
                                 json.dumps(row[0]))
                    if not quoted:  # YAML: "- [w14, 3.60, ...]", the cell unquoted
                        cell = first.strip('"') if first.startswith('"') else first
                        first = re.compile(rf"^\s*-\s*\[\s*[\"']?{re.escape(cell)}[\"']?\s*[,\]]")
                    line = find_first((first,), cursor)
                    cursor = max(cursor, line - 1)
                    cells = tuple("" if c is None else str(c) for c in row)
                    yield Unit(line, " | ".join(cells), "row", head, cells, f"{path}.{rows_key}[{j}]" if path else f"{rows_key}[{j}]")
                cursor = start
            for k, v in x.items():
                if zipped is not None and k in (zipped[0], "columns"):
                    continue
                sub = f"{path}.{k}" if path else str(k)
                line = find_key(k, cursor)
                if quoted and isinstance(o := orig.get(k), dict) and not isinstance(v, dict | list) and (
                        inner := next((q for q in ("value", "$", "@value", *FIRESTORE_SCALAR) if q in o), None)):
                    line = find_first((re.compile(re.escape(json.dumps(inner)) + r"\s*:"),), line - 1)  # a typed literal
                    # written over lines ('"auc_mean": {' over '"doubleValue": 0.538'): its value's line, where the number is
                cursor = max(cursor, line - 1)
                if k in numeric and not ATTACHED.match(str(k)):
                    yield _number_row(k, v, short, path, up, line, metric)
                elif isinstance(v, str) and (k not in short or not numeric or PROSE_KEY.search(str(k))):
                    yield from _json_prose(v, line, sub, raw)  # a verdict beside the numbers stands on its own line too
                elif isinstance(v, dict) and SIZE_KEY.match(str(k)) and v and len(v) <= 4 and all(
                        isinstance(w, int) and not isinstance(w, bool) for w in v.values()):
                    # "test_jets": {"quark": 1000, "gluon": 1000}: the classes of the test set
                    yield Unit(line, f"{k}: {sum(v.values())}", "row", ("n_test",), (str(sum(v.values())),), path)
                elif isinstance(v, dict | list):
                    yield from walk(v, sub, depth + 1, line - 1, below)
        elif isinstance(x, list):
            cursor = start
            for j, v in enumerate(x[:MAX_UNITS]):
                if isinstance(v, str):
                    line = find_first(_string_tokens(v), cursor) if quoted else find(v[:40], cursor)
                    cursor = line
                    yield from _json_prose(v, line, f"{path}[{j}]", raw)
                else:
                    items = list(walk(v, f"{path}[{j}]", depth + 1, cursor, up))
                    yield from items
                    cursor = max([cursor, *(u.line for u in items)])

    metric = _declared_metric(doc)
    yield from walk(doc, "", 0, 0)


def _prometheus_sample(x: dict[Any, Any]) -> dict[Any, Any]:
    """A Prometheus query's sample ({"metric": {"__name__": "jetsim_c2st_auc", "model": ...}, "value": [1718101234.5,
    "0.5730"]}): its number is the metric's, named by "__name__", the other labels what it is of; the time stamp no value."""
    m, v = x.get("metric"), x.get("value")
    if not (isinstance(m, dict) and isinstance(m.get("__name__"), str) and isinstance(v, list) and len(v) == 2
            and isinstance(v[1], str) and re.fullmatch(r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?", v[1].strip())):
        return x
    out = {k: w for k, w in x.items() if k not in ("metric", "value")}
    out.update({k: w for k, w in m.items() if k != "__name__"})
    out["metric_name"] = m["__name__"]
    out["value"] = float(v[1]) if "." in v[1] or "e" in v[1].lower() else int(v[1])
    return out


# the keys of a typed literal besides its value: its datatype or language
LITERAL_TYPE_KEYS = {"type", "@type", "datatype", "@language", "lang"}


def _typed_literals(x: dict[Any, Any]) -> dict[Any, Any]:
    """A field whose number is written as a typed literal (PROV-JSON's "dj:localZ": {"$": "4.6", "type": "xsd:double"},
    JSON-LD's {"@value": "0.61", "@type": "xsd:float"}) as the number itself: the field's key names it, as for any plain
    number (the datatype says how it is stored, nothing of what it is)."""
    out = x
    for k, v in x.items():
        if isinstance(v, dict) and (term := _sparql_term(v)) is not None:
            out = {**out, k: term} if out is not x else {**x, k: term}
            continue
        if not (isinstance(v, dict) and len(v) <= 3 and (val := v.get("$", v.get("@value"))) is not None
                and set(v) - {"$", "@value"} <= LITERAL_TYPE_KEYS):
            continue
        if isinstance(val, str) and re.fullmatch(r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?", val.strip()):
            val = float(val) if re.search(r"[.eE]", val) else int(val)
        if isinstance(val, int | float) and not isinstance(val, bool):
            out = {**out, k: val} if out is not x else {**x, k: val}
    return out


FIRESTORE_SCALAR = {"doubleValue", "integerValue", "stringValue", "booleanValue", "timestampValue"}


def _sparql_term(v: dict[Any, Any]) -> Any:
    """A SPARQL result's bound term ({"type": "literal", "datatype": "...XMLSchema#decimal", "value": "0.573"}, {"type":
    "uri", "value": "https://kg.example.org/model/epic-fm-g"}) as what it binds: a literal's number or text, a URI's last
    segment (the thing's name); a Firestore field's typed value as that value; None for any other object."""
    if len(v) == 1 and (k := next(iter(v))) in FIRESTORE_SCALAR:  # Firestore's {"doubleValue": 0.538}, {"integerValue":
        val = v[k]  # "121480"}, {"stringValue": "..."}: the value's type as its key
        return int(val) if k == "integerValue" and isinstance(val, str) and re.fullmatch(r"[-+]?\d{1,30}", val) else val
        # (a bounded count of digits: int() of thousands is refused, and no count has them)
    if not (v.get("type") in ("literal", "typed-literal", "uri", "bnode") and isinstance(val := v.get("value"), str)
            and set(v) <= {"type", "value", "datatype", "xml:lang"}):
        return None
    if v["type"] == "uri":
        return re.split(r"[/#]", val.rstrip("/#"))[-1] or val
    if re.fullmatch(r"[-+]?\d{0,30}\.?\d{1,30}(?:[eE][-+]?\d{1,4})?", val.strip()):
        return float(val) if re.search(r"[.eE]", val) else int(val)
    return val


def _with_attribute_pairs(x: dict[Any, Any]) -> dict[Any, Any]:
    """A record whose attributes are listed as key/value pairs (OpenTelemetry's "attributes": [{"key": "model.version",
    "value": {"stringValue": "v2"}}]) with those attributes as fields of its own: they name what its number is of."""
    out = x
    for k, v in x.items():
        if not (isinstance(v, list) and v and all(isinstance(p, dict) and set(p) == {"key", "value"} and isinstance(p["key"], str)
                                                  for p in v)):
            continue
        pairs: dict[str, Any] = {}
        for p in v:
            val = p["value"]
            if isinstance(val, dict) and len(val) == 1:  # {"stringValue": "v2"}, {"intValue": "1024"}: the typed value
                val = next(iter(val.values()))
            if not (isinstance(val, int | float) and not isinstance(val, bool) or isinstance(val, str) and len(val) <= 40
                    and len(val.split()) <= 4) or p["key"] in x:
                break  # a pair holding prose (a message's content) is read where it stands, the list as it is
            pairs[p["key"]] = val
        else:
            out = {**{q: w for q, w in out.items() if q != k}, **pairs}
    return out


def _column_table(x: dict[Any, Any]) -> tuple[str, tuple[str, ...], int] | None:
    """A table sent as its column names and its rows apart (Datasette's {"columns": [...], "rows": [[...]]}, pandas'
    split orientation {"columns": [...], "data": [[...]]}): (the rows' key, the names, 0), where every row is a list of
    as many cells as there are names; or one whose first row is its header (a Frictionless resource's inline
    "data": [[window, p_local, z_local], [w14, 1.3e-5, 4.2], ...]): (the rows' key, that header, 1)."""
    cols = x.get("columns")
    if not isinstance(cols, list) or len(cols) < 2:
        return _header_first_rows(x)
    names = [c.get("name") if isinstance(c, dict) else c for c in cols]
    if not all(isinstance(n, str) and n for n in names):
        return None
    for key in ("rows", "data", "values", "records"):
        rows = x.get(key)
        if isinstance(rows, list) and rows and all(isinstance(r, list) and len(r) == len(names) for r in rows):
            return key, tuple(n.replace("_", " ") for n in names), 0
    return None


def _header_first_rows(x: dict[Any, Any]) -> tuple[str, tuple[str, ...], int] | None:
    """Rows listed under their header: the first a list of two or more names (words, no numbers), each one after it a
    list as long holding a number."""
    for key in ("rows", "data", "values", "records"):
        rows = x.get(key)
        if not (isinstance(rows, list) and len(rows) >= 2 and isinstance(rows[0], list) and len(rows[0]) >= 2):
            continue
        names = rows[0]
        if not all(isinstance(n, str) and re.fullmatch(r"[A-Za-z][\w .()/-]{0,40}", n) for n in names):
            continue
        if all(isinstance(r, list) and len(r) == len(names) and any(
                isinstance(c, int | float) and not isinstance(c, bool) for c in r) for r in rows[1:]):
            return key, tuple(n.replace("_", " ") for n in names), 1
    return None


def _declared_metric(doc: Any) -> str:
    """The one quantity an answer declares its bare numbers to be ({"setup": {"metric": "accuracy"}, "results":
    {"fine_tuned": {"mean": 0.94}}}), "" when it declares none or several."""
    found: set[str] = set()
    todo, seen = [doc], 0
    while todo and seen < 2000:
        x, seen = todo.pop(), seen + 1
        if isinstance(x, dict):
            found |= {v for k, v in x.items() if isinstance(v, str) and re.fullmatch(r"(?:metric|quantity|measure|observable|"
                      r"metric[ _]name|score[ _]name)", str(k), re.I) and QUANTITY_RE.fullmatch(v.replace("_", " ").strip())}
            todo += list(x.values())
        elif isinstance(x, list):
            todo += x[:1000]
    return found.pop() if len(found) == 1 else ""


# a JSON string that is a measurement ("0.9841 +/- 0.0004", "93.8% ± 0.1%"), read as the number it states
MEASURED = re.compile(r"\s*[<>~≈]?\s*[-+]?\d[\d.,]*(?:[eE][-+]?\d+)?\s*%?\s*(?:(?:±|\+/-|\+-)\s*\d[\d.]*(?:[eE][-+]?\d+)?\s*%?)?\s*")


# {"start": 1718611202114, "stop": 1718611209877}, {"createdAt": 1718611202}: a step's start or end as a Unix clock
# reading (seconds, or milli-, micro- or nanoseconds since 1970: a whole number of 10, 13, 16 or 19 digits)
EVENT_TIME_KEY = re.compile(r"(?:start|stop|end|begin|started|stopped|finished|ended|created|updated|modified)(?:[ _]?(?:at|time|ts))?",
                            re.I)


def _clock_reading(k: Any, v: Any) -> bool:
    return EVENT_TIME_KEY.fullmatch(str(k)) is not None and isinstance(v, int) and not isinstance(v, bool) and any(
        lo <= v < 2.2 * lo for lo in (1e9, 1e12, 1e15, 1e18))


# {"sort": "r50:desc", "rows": [...]}: the order a list is sent in names a quantity, not what the rows are of
SORT_KEY = re.compile(r"(?:sort|order)(?:[ _-]?by)?|sorting|ordering", re.I)


def _object_parts(x: dict[Any, Any], up: dict[str, Any]) -> tuple[dict[Any, Any], dict[Any, Any], dict[str, Any]]:
    """(its short scalars, its numbers, what it passes down to the objects below it: names and settings)."""
    scalars = {k: v for k, v in x.items() if (isinstance(v, int | float | str | bool) or v is None) and not CLOCK_KEY.fullmatch(str(k))
               and not _clock_reading(k, v)}
    scalars |= {k: f"[{v[0]}, {v[1]}]" for k, v in x.items() if isinstance(v, list) and len(v) == 2 and all(
        isinstance(w, int | float) and not isinstance(w, bool) for w in v)}  # "ci95": [0.982, 1.0003]
    numeric = {k: v for k, v in scalars.items() if (isinstance(v, int | float) and not isinstance(v, bool) or MEASURED.fullmatch(str(v)))
               and not NOTATION_KEY.fullmatch(str(k))}  # {"unit": "1e-3"}: how the numbers are written, no result
    short = {k: v for k, v in scalars.items() if not isinstance(v, str) or len(v) <= 60}
    names = {k: v for k, v in short.items() if isinstance(v, str) and len(v) <= 40 and len(v.split()) <= 4 and k not in numeric
             and not re.search(r"[.!?;]\s|[.!?]$", v) and not PROSE_KEY.search(str(k)) and not SORT_KEY.fullmatch(str(k))}
    below = {**up, **names, **{k: v for k, v in numeric.items() if _setting(str(k)) and not ATTACHED.match(str(k))
                               or SIZE_KEY.match(str(k)) or re.fullmatch(r"n[ _]?(?:signal|background|bkg|sig)\w*", str(k), re.I)}}
    # {"n_test": 5000, "models": [...]}: their test set; {"n_background": 5000, "auc": {...}}: the rows' condition
    return short, numeric, dict(list(below.items())[-6:])


def _described(w: Any) -> bool:
    """A string field that describes a method with numbers of its own ("CWoLa BDT, 5-fold, cut at 0.1% bkg efficiency"):
    the record's other numbers are not of the quantity its words name (a field's own key names its number)."""
    return isinstance(w, str) and len(w.split()) >= 5 and bool(re.search(r"\d", w))


def _number_row(k: Any, v: Any, short: dict[Any, Any], path: str, up: dict[str, Any], line: int, declared: str = "") -> Unit:
    """One number of a JSON object as a row on its own line; the object's other scalars (names, uncertainties,
    sizes), the keys above it that name a thing or a quantity, and what its parents say are its columns."""
    cols = {k: v, **{q: w for q, w in short.items() if q != k and not PROSE_KEY.search(str(q)) and not _described(w) and (
        not isinstance(w, int | float) and not MEASURED.fullmatch(str(w)) or _belongs(str(q), str(k), short) or _setting(str(q)))}}
    owner, metric = _owner(path)  # {"scratch": {"auc": ...}}, {"w_vs_qcd": {"AUC": {"value": ...}}}
    if not metric and re.fullmatch(r"mean|avg|average|median|value|val|score|result|estimate|central", str(k), re.I):
        metric = declared  # {"metric": "accuracy"} above: its bare "mean" is an accuracy
    if metric and not QUANTITY_RE.search(str(k).replace("_", " ")):
        cols = {"(metric)": metric, **cols}
    if owner and not any(isinstance(w, str) and NAME_KEY.search(str(q)) for q, w in cols.items()):
        cols = {"(object)": owner, **cols}
    cols = {**{f"({q})": w for q, w in up.items() if q not in cols}, **cols}
    return Unit(line, " | ".join(f"{q}: {w}" for q, w in cols.items()), "row",
                tuple(str(q) for q in cols), tuple(str(w) for w in cols.values()), path)


def _key_tokens(k: Any) -> tuple[str | re.Pattern[str], ...]:
    """How a key may be printed in a JSON file: as a key (followed by ':'), its non-ASCII letters as they are or escaped;
    else anywhere."""
    shown = dict.fromkeys((json.dumps(k, ensure_ascii=False), json.dumps(k)))
    return (*(re.compile(re.escape(t) + r"\s*:") for t in shown), *shown)


def _string_tokens(v: str) -> tuple[str, ...]:
    """The opening of a JSON string as a file may print it: its non-ASCII letters as they are ("4.1σ", a file written
    with ensure_ascii off), or escaped ("4.1\\u03c3")."""
    return tuple(dict.fromkeys(json.dumps(v, ensure_ascii=a)[:40].rstrip('"') for a in (False, True)))


def powers_of_ten(text: str) -> str:
    """'1.9 × 10⁻⁶' written with superscript digits as '1.9 × 10^-6', the form a number is read in; and a symbol's
    subscript digits ('p₀', 'W₁') as the underscore a plain-text symbol is written with ('p_0', 'W_1')."""
    text = re.sub(r"(?<=[A-Za-zα-ωΑ-Ω])([₀₁₂₃₄₅₆₇₈₉]+)", lambda m: "_" + m.group(1).translate(SUBSCRIPT), text)
    return re.sub(r"10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)", lambda m: "10^" + m.group(1).translate(SUPERSCRIPT), text)


def _embedded_json(value: str) -> Any:
    """A JSON string that itself holds a JSON object (a tool's output in a chat log: '"content": "{\\"auc\\": ...}"'),
    parsed; None for any other string."""
    s = value.strip()
    if len(s) < 2 or s[0] + s[-1] not in ("{}", "[]") or len(s) > 200_000:
        return None
    try:
        doc = json.loads(s)
    except (ValueError, RecursionError):  # ("[[[[...]]]]" nested past the parser's depth: no answer to read, as for the file)
        return None
    return doc if isinstance(doc, dict | list) and doc else None


def _json_prose(value: str, line: int, path: str, raw: list[str] | None = None) -> Iterator[Unit]:
    """The sentences of a string value; each line of a multi-line one (a TOML triple-quoted or YAML '|' block under its key)
    on the line of the file it is written on, not all on the key's line. A string that itself holds JSON is read as a
    JSON answer's fields, all on the string's line."""
    if (doc := _embedded_json(value)) is not None:
        for u in json_units(json.dumps(doc), doc):
            yield replace(u, line=line, context=f"{path}.{u.context}" if u.context else path)
        return
    at = line
    parts = value.splitlines()
    for part in parts:
        if raw and len(parts) > 1 and part.strip():
            at = next((j + 1 for j in range(at - 1, min(len(raw), at - 1 + 3)) if part.strip() in raw[j]), at)
        folded = raw and len(parts) == 1 and 0 < line <= len(raw) and FOLDED_BLOCK_KEY.search(raw[line - 1])
        part = DEVIATION_CHECK.sub(_deviation_operand_named, powers_of_ten(part))
        for s, e in sentences(part):
            breaks: tuple[tuple[int, int], ...] = ()
            if folded:  # a YAML '>' block folds its lines into one string: each sentence on the line it begins on
                at = _folded_sentence_line(part[s:e], raw, line, at)
                breaks = _folded_sentence_breaks(part[s:e].strip(), raw, at)
            yield Unit(at, part[s:e].strip(), "prose", context=path, breaks=breaks)


# "description: >", "summary: >-": a YAML folded block scalar; its lines are joined by spaces in the value
FOLDED_BLOCK_KEY = re.compile(r":\s*>[-+]?\d?\s*(?:#.*)?$")


def _folded_sentence_line(sentence: str, raw: list[str], key_line: int, at: int) -> int:
    """The line of the file a sentence of a folded block begins on: where its first words stand, at or after the line
    the sentence before began on (`at`), within the block under the key on `key_line`."""
    words = re.findall(r"\S+", sentence)[:4]
    if not words:
        return at
    lo = max(at, key_line + 1)
    block = raw[lo - 1:lo - 1 + 200]
    m = re.search(r"\s+".join(re.escape(w) for w in words), "\n".join(block))
    return lo + "\n".join(block)[:m.start()].count("\n") if m else at


def _folded_sentence_breaks(sentence: str, raw: list[str], at: int) -> tuple[tuple[int, int], ...]:
    """Where a sentence of a folded block, begun on line `at`, goes on to the next lines of the file ("reaches AUC =
    0.561 +- 0.004, i.e. the generated" / "jets are statistically indistinguishable"): (offset in the sentence, line) of
    each, as for a wrapped sentence of prose, so that a word is named on the line it stands on. None where the folded
    lines, joined by spaces, do not give the sentence back word for word."""
    text, starts = "", []
    for j in range(at - 1, min(len(raw), at - 1 + 60)):
        starts.append((len(text), j + 1))
        text += raw[j].strip() + " "
        if len(text) > len(sentence) + len(raw[at - 1]) + 1:
            break
    s0 = text.find(sentence)
    if not sentence or s0 < 0:
        return ()
    breaks = ((0, at), *((off - s0, ln) for off, ln in starts if s0 < off < s0 + len(sentence)))
    return breaks if len(breaks) > 1 else ()


def units(text: str, fmt: Format) -> list[Unit]:
    """The report's units in reading order, at most MAX_UNITS, each at most MAX_CHARS long (a
    sentence longer than that is no sentence; reading it whole would cost time quadratic in it)."""
    return [u if len(u.text) <= MAX_CHARS else replace(u, text=u.text[:MAX_CHARS]) for u in _log_messages(_units(text, fmt))]


def _log_messages(found: list[Unit]) -> list[Unit]:
    """A headerless row whose cell is a sentence ("2024-03-15 | INFO | comparison: frozen generalizes better ...") is a
    log line: its message is read as prose too, not only as cells."""
    out: list[Unit] = []
    for u in found:
        out.append(u)
        if u.kind == "row":
            for i, cell in enumerate(u.cells):  # a headerless row's cells, or a "comment"/"note" column's
                if u.header and not (i < len(u.header) and PROSE_KEY.fullmatch(u.header[i].strip().lower())):
                    continue
                if len(cell.split()) > 6 and (re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{3,}\s+[A-Za-z]{3,}", cell) or len(re.findall(
                        r"\b[a-z]{3,}\b", cell)) >= 4) or not u.header and (  # (or words of prose between short ones: "the
                        # model is exact; it drops no jet at K=64")
                        len(cell.split()) >= 4 and re.search(r"\d", cell) and len(re.findall(r"\b[A-Za-z]{3,}\b", cell)) >= 2
                        and i == len(u.cells) - 1):  # "INFO | Task run 'x' - A: AUC 0.9431 +- 0.0012": a log's message
                    out += [Unit(u.line, cell[a:b].strip(), "prose", context=u.context) for a, b in sentences(cell)]
    return out[:MAX_UNITS]


# the inverse normal of one minus a number ("Φ⁻¹(1 − 1.3 × 10^-3)", "Phi^-1(1 - 0.0013)"): a p-value turned into sigma
# (not a code call such as norm.isf(0.003), which a comment may name as an example)
INVERSE_NORMAL = re.compile(r"(?P<f>(?:Φ|\\Phi|\bPhi)\s*(?:⁻¹|\^\s*\{?\s*[-−]\s*1\s*\}?)\s*\(\s*1\s*[-−])\s*(?P<p>\d*\.?\d+(?:\s*(?:[eE][-−]?\d+|[×x*]\s*10\^[-−]?\d+))?)\s*\)")


SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
SUBSCRIPT = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


# digits grouped by thin or plain spaces (SI style: "10 000", "1 000 per class"), never a decimal's or a list's, nor a working
# point written after "@" and the number that follows it ("rej@50 412": 412 at 50%)
THOUSANDS = re.compile(r"(?<![\d.,\w@])[1-9]\d{0,2}(?:[ \u2009\u202f]\d{3})+(?![\d.,]|[ \u2009\u202f]\d)")
# a quantity's working point written as its argument: "R_g(\epsilon_q=0.5)", "rej(eps_S = 30%)"
WORKING_POINT_ARG = re.compile(r"\(\s*((?:\\epsilon|\\varepsilon|ε|eps(?:ilon)?|eff|TPR|FPR)_?\{?\w{0,4}\}?)\s*=\s*(\d*\.?\d+\s*\\?%?)\s*\)")
# a numbered section at a line's start ("3.4  Backbone fixed beats ...", "2.1 Results"): its number is no result
SECTION_NUMBER = re.compile(r"^[ \t]*[1-9]\d?(?:\.\d{1,2}){1,3}\.?(?=[ \t]+[A-Z][A-Za-z])", re.M)


def _goes_on_from_line_above(m: re.Match[str]) -> bool:
    """The line above the number is a sentence cut where a measured number goes on ("... 9.8 GeV for the transformer
    and"): the number goes on with it, no section's label. (After 'at' it is a place, "a resonance at / 3.5 TeV", which
    states no result and is left blanked.)"""
    above = m.string[max(0, m.start() - 200):m.start()].rstrip("\n").rsplit("\n", 1)[-1].rstrip()
    return bool(re.search(r"(?:\b(?:and|or|of|to|is|are|was|were|with|by|from|than|vs\.?|the|a|an)|,)$", above))

# Graphite's plaintext protocol ("servers.gpu07.eval.auc 0.8228 1718071200"): a dotted metric path, its value, the Unix time
CARBON_LINE = re.compile(r"(?m)^(?P<path>[A-Za-z_][\w-]*(?:\.[\w-]+){2,})[ \t]+(?P<value>[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?)[ \t]+\d{9,10}[ \t]*$")


def carbon_plaintext(text: str) -> str:
    """Lines of Graphite's plaintext protocol (three or more) as "path: value" records, each its own line: the time
    stamp is no number of the metric, and a run of such lines is no sentence."""
    if len(CARBON_LINE.findall(text[:200_000])) < 3:
        return text
    return CARBON_LINE.sub(lambda m: f"{m['path']}: {m['value']}", text)


SQL_CREATE = re.compile(r"^[ \t]*CREATE TABLE (?:IF NOT EXISTS )?[\"`]?(?P<name>\w+)[\"`]?\s*\((?P<rest>.*)$", re.I)
SQL_INSERT = re.compile(r"^[ \t]*INSERT INTO [\"`]?(?P<name>\w+)[\"`]?\s*(?:\([^)]*\)\s*)?VALUES\s*\((?P<vals>.*)\)\s*;\s*$", re.I)
SQL_LITERAL = re.compile(r"'(?:[^']|'')*'|[^,]+")
SQL_CONSTRAINT = re.compile(r"(?:PRIMARY|FOREIGN|UNIQUE|CHECK|CONSTRAINT)\b", re.I)


def _sql_cell(lit: str) -> str:
    """A literal of an INSERT as a table cell: a string unquoted, NULL empty, a REAL printed with all its binary digits
    ("0.53800000000000003375") by the shortest decimal that is the same double (0.538)."""
    lit = lit.strip()
    if lit.startswith("'"):
        return lit[1:-1].replace("''", "'").replace("|", "/")
    if lit.upper() == "NULL":
        return ""
    try:
        return repr(float(lit)) if re.fullmatch(r"[-+]?\d*\.\d{12,}(?:[eE][-+]?\d+)?", lit) else lit
    except ValueError:
        return lit


def sql_dump_tables(text: str) -> str:
    """A database dump (sqlite3 .dump, pg_dump --inserts): each "CREATE TABLE t(col TYPE, -- comment ...);" with the
    "INSERT INTO t VALUES(...);" lines right under it is a table: its column names the header (written on the two lines
    just above the first row, the rest of the definition blanked) and each INSERT a row of cells, line for line."""
    if "INSERT INTO" not in text.upper() or "CREATE TABLE" not in text.upper():
        return text
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = SQL_CREATE.match(lines[i])
        if not m:
            i += 1
            continue
        cols: list[str] = []
        j, body = i, m["rest"]
        while True:
            for part in re.sub(r"--.*", "", body).split(","):
                w = part.strip().strip("\"`")
                if w and not w.startswith(")") and not SQL_CONSTRAINT.match(w) and (n := re.match(r"[\"`]?(\w+)", w)):
                    cols.append(n[1])
            if re.search(r"\)\s*;", re.sub(r"--.*", "", body)) or j + 1 >= len(lines) or j - i > 200:
                break
            j += 1
            body = lines[j]
        k = j + 1
        rows: list[list[str]] = []
        while k < len(lines) and (ins := SQL_INSERT.match(lines[k])) and ins["name"] == m["name"]:
            cells = [_sql_cell(x) for x in SQL_LITERAL.findall(ins["vals"])]
            if len(cells) != len(cols):
                break
            rows.append(cells)
            k += 1
        if rows and len(cols) >= 2 and j - i >= 1:
            for n in range(i, j + 1):
                lines[n] = ""
            lines[j - 1] = "| " + " | ".join(cols) + " |"
            lines[j] = "|" + "---|" * len(cols)
            for n, cells in enumerate(rows, start=j + 1):
                lines[n] = "| " + " | ".join(cells) + " |"
        i = k
    return "\n".join(lines)


# a psql session's input line ("jetgen_eval=> SELECT ...", "db-> FROM t"): the query is code, its "-- comment" is prose
SQL_PROMPT = re.compile(r"^[ \t]*[A-Za-z_][\w-]{0,40}[=\-(][>#](?:[ \t]|$)(?:[ \t]*--[ \t]*(?P<comment>.*)|.*)$", re.M)
# (a space or the line's end after it: "X->qq sample ..." is a process, no prompt)
# an interpreter's prompt that counts its inputs ("root [7] t->Draw(...)", "root [17] // for the slides: ..."): the input
# is code, its "//" or "#" comment prose
COUNTED_PROMPT = re.compile(r"^[ \t]*(?P<name>[a-z][\w-]{0,20}) \[(?P<k>\d{1,5})\](?:[ \t]|$)(?:[ \t]*(?://|#)[ \t]*(?P<comment>.*)|.*)$",
                            re.M)


def _counted_prompt_inputs(text: str) -> str:
    """The inputs typed at a counted prompt blanked, their comments kept; a prompt only where one name opens two or more
    lines with different counts ("root [3]", "root [4]"), so a wrapped line that starts "in [12] ..." is no prompt."""
    counts: dict[str, set[str]] = {}
    for m in COUNTED_PROMPT.finditer(text[:200_000]):
        counts.setdefault(m["name"], set()).add(m["k"])
    names = {n for n, ks in counts.items() if len(ks) >= 2}
    if not names:
        return text
    return COUNTED_PROMPT.sub(lambda m: (m["comment"] or "") if m["name"] in names else m.group(0), text)


# a Prometheus sample line: metric{label="value",...} number
PROMETHEUS = re.compile(r"^(?P<name>[a-zA-Z_:][\w:]*)\{(?P<labels>[^{}\n]*)\}[ \t]+(?P<value>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)[ \t]*$",
                        re.M)


PROMETHEUS_ERROR_SUFFIX = re.compile(r"_(?:err|error|std|stderr|std_?err|sem|se|sigma|unc|uncertainty)$")
# the labels of an info metric that state something (its verdict, a detail), not name what it is of
PROMETHEUS_STATEMENT_LABEL = re.compile(r"verdict|detail|details|status|result|message|msg|summary|note|comment|description|"
                                        r"conclusion|reason", re.I)


def _samples(text: str) -> str:
    """Prometheus sample lines as sentences: 'cwola_val_auc{run="nosig_ctrl",window="3.3-3.7TeV"} 0.612' is 'cwola val
    auc of nosig_ctrl: 0.612 ± 0.0056.', the error taken from the sample of the same labels whose metric is the name
    plus _err (or _std, _sigma, _unc), which states no value of its own; a label value that holds a measured number
    (a window) names no object."""
    found = list(PROMETHEUS.finditer(text))
    if not found:
        return text
    errors = {(m["name"][:k.start()], m["labels"]): m["value"] for m in found
              if (k := PROMETHEUS_ERROR_SUFFIX.search(m["name"]))}

    def line(m: re.Match[str]) -> str:
        if (k := PROMETHEUS_ERROR_SUFFIX.search(m["name"])) and (m["name"][:k.start()], m["labels"]) in {
                (x["name"], x["labels"]) for x in found}:
            return ""
        pairs = re.findall(r'(\w+)\s*=\s*"([^"]*)"', m["labels"])
        said = [v for k, v in pairs if PROMETHEUS_STATEMENT_LABEL.fullmatch(k)] if m["name"].endswith("_info") else []
        # an info metric ('..._info{model="a",verdict="indistinguishable",detail="AUC 0.58; ..."} 1'): its labels say it
        names = [v for k, v in pairs if v not in said and not re.search(r"\d\.\d|\d\s*(?:TeV|GeV|%)", v)]
        err = errors.get((m["name"], m["labels"]))
        of = f" of {' '.join(names)}" if names else ""  # 'auc of epic_fm_v3 top': the model and the jets, one name
        if said:  # one sentence, so that the detail's numbers stay the named thing's
            return f"{m['name'].replace('_', ' ')}{of}: " + ", ".join(  # its numbers the named thing's ("the
                f"{' '.join(names)} {v}" if names and re.search(r"\d", v) else v for v in said).replace(";", ",") + "."  # AUC")
        return f"{m['name'].replace('_', ' ')}{of}: {m['value']}{' ± ' + err if err else ''}."
    return PROMETHEUS.sub(line, text)


# "a 4x speed-up", "3.5x\nlower": a number and an 'x' that makes it a factor (never "8x A100", "x1e-3", "4x4")
FACTOR_X = re.compile(r"(?<![\w.])(\d{1,4}(?:\.\d{1,3})?)x(?![A-Za-z0-9])(?=[ \t]*\n?[ \t]*-?[a-z])")
_DIGIT_WORDS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                "seven": "7", "eight": "8", "nine": "9"}
_DW = "|".join(_DIGIT_WORDS)
# a decimal read out digit by digit in a transcript: "zero point five eight" is 0.58 (a spoken word alone stays a word)
SPOKEN_DECIMAL = re.compile(rf"\b(?P<int>{_DW})\s+point(?P<frac>(?:\s+(?:{_DW})\b){{1,8}})", re.I)


# "0.47 times ten to the minus three", "2 times ten to the power of minus 4": a power of ten spoken after a number
SPOKEN_POWER = re.compile(r"(?<=\d)[ \t]+times[ \t\n]+ten[ \t\n]+to[ \t\n]+the[ \t\n]+(?:power[ \t\n]+(?:of[ \t\n]+)?)?"
                          r"(?P<sign>minus[ \t\n]+|negative[ \t\n]+|plus[ \t\n]+)?(?P<exp>one|two|three|four|five|six|seven|eight|nine|ten|"
                          r"eleven|twelve|\d{1,2})\b", re.I)


# "0.83e-3 for mine, 0.79 for the GAN": a spoken list that says the power of ten once, for its first number; the next
# bare decimal, of the next thing named after 'for', is in the same units
POWER_CARRIED = re.compile(r"(?P<head>(?<![\w.])\d*\.\d+e(?P<exp>-?\d{1,2})[ \t]+for[ \t]+[^,.;:\n\d]{1,30},[ \t]+(?:and[ \t]+)?)"
                           r"(?P<b>\d*\.\d+)(?![\d.eE%])(?=[ \t]+for\b)")


def _spoken_power(m: re.Match[str]) -> str:
    exp = m["exp"].lower()
    n = int(exp) if exp.isdigit() else ("one two three four five six seven eight nine ten eleven twelve".split().index(exp) + 1)
    return f"e{'-' if m['sign'] and m['sign'].strip().lower() in ('minus', 'negative') else ''}{n}" + "\n" * m.group(0).count("\n")


_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9}
# "1 in 410", "about 1.6 in ten thousand", "two in a thousand": a proportion said as a count out of a total
ONE_IN = re.compile(r"(?<![\w.,/])(?P<n>\d{1,2}(?:\.\d{1,3})?|one|two|three|four|five|six|seven|eight|nine|ten)\s+in\s+"
                    r"(?:(?P<m>\d{1,3}(?:,\d{3}){1,3}|\d{1,9})(?![\d.,]\d|\s*(?:%|GeV|TeV|MeV|ms|s\b|epochs?|steps?|bins?|runs?))"
                    r"(?:\s+(?P<ms>hundred|thousand|million|billion)\b)?|"
                    r"(?:(?P<k>a hundred|one hundred|a few|a|one|ten|hundred)\s+)?(?P<s>hundred|thousand|million|billion)\b)", re.I)
# (the longer multiplier first: "7 in a hundred thousand" is 7 in 100,000, never "7 in a hundred" and a word "thousand")
# ("3 in 10 million": the number and its multiplier word, 3 in 10,000,000)


# "rejects background at 1 in 85 - down from the older tagger's 1 in 140": a second '1 in N' of the sentence whose
# first is a rejection is the other side's rejection, not a percentage
REJECTION_ONE_IN_EARLIER_IN_SENTENCE = re.compile(r"\breject\w*\b[^.;:!?]{0,50}?(?<![\w.,/])(?:\d{1,2}|one|a)\s+in\s+\d[\d,]{0,12}\b"
                                                  r"(?:[^.;!?]|\.(?=\d)){0,160}$", re.I)


# a test framework's assertion printed with its expansion (Catch2: "CHECK( eps_sig >= 0.90 )", "with expansion:", then
# "1.037 >= 0.9"): the expanded line holds the values of the assertion's operands, in their order
ASSERTION_EXPANDED = re.compile(r"(?P<check>^[ \t]*(?:REQUIRE|CHECK)(?:_[A-Z]+)?\([ \t]*(?P<name>[A-Za-z_][\w.]*)[ \t]*"
                                r"(?P<op>==|!=|>=|<=|>|<)[^\n]*\n)(?P<said>[ \t]*with expansion:[ \t]*\n)"
                                r"(?P<indent>[ \t]*)(?P<value>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?P<rest>[ \t]*(?P=op))", re.M)


def _expanded_operand_named(m: re.Match[str]) -> str:
    """'1.037 >= 0.9' under 'CHECK( eps_sig >= 0.90 )': the first value is the named operand's, written as its value
    ('eps_sig = 1.037 >= 0.9'), so that it is read as that quantity."""
    return f"{m['check']}{m['said']}{m['indent']}{m['name']} = {m['value']}{m['rest']}"


# "the mistag is 1/530 for A vs 1/392 for B": a background rate written as one over a count, read as its share; only after
# the rate's name earlier in the sentence (not "1/4 of the runs", a date, a path, or the formula "1/eps_B")
ONE_OVER_A_RATE = re.compile(r"(?<![\w./-])1\s?/\s?(?P<m>\d{2,6})(?![\w./%-])")
RATE_NAMED_BEFORE = re.compile(r"\b(?:mistag|fake[- ]rate|false[- ]positive|background efficiency|bkg\.? eff|QCD efficiency|"
                               r"eps_?B|ε_?B)\w*\b[^.;:!?\n]{0,80}$", re.I)


def _one_over(m: re.Match[str]) -> str:
    before = m.string[max(0, m.start() - 100):m.start()]
    if not RATE_NAMED_BEFORE.search(before) or re.search(r"\breject\w*[^.;:!?\n]{0,40}$", before, re.I):
        return m.group(0)
    return f"{100 / int(m['m']):.3g}%"


CITATION_AFTER_PERIOD = re.compile(r"(?<=[a-z]{4})\.\d{1,2}(?:[,–-]\d{1,2}){0,4}(?=[ \t]+[A-Z]|[ \t]*$)", re.M)


def _one_in(m: re.Match[str]) -> str:
    n = float(_SMALL.get(m["n"].lower(), 0) or m["n"])
    if m["m"]:
        total = float(m["m"].replace(",", "")) * (_SCALE[m["ms"].lower()] if m["ms"] else 1)
    else:
        k = (m["k"] or "a").lower()
        total = {"a": 1, "one": 1, "ten": 10, "a few": 0, "a hundred": 100, "one hundred": 100, "hundred": 100}[k] * _SCALE[m["s"].lower()]
    if not 0 < n < total or (m["m"] and re.fullmatch(r"(?:19|20)\d\d", m["m"])):
        return m.group(0)  # "3 in 2024": a year; "a few thousand": no total
    breaks = "\n" * m.group(0).count("\n")  # the report's lines keep their count
    if re.search(r"\breject\w*\b[^.;:!?]{0,50}$", m.string[max(0, m.start() - 60):m.start()], re.I) \
            or REJECTION_ONE_IN_EARLIER_IN_SENTENCE.search(m.string[max(0, m.start() - 300):m.start()]):
        return f"{total / n:.4g}" + breaks  # "rejects background at a rate of 1 in 410": a rejection factor of 410
    return f"{100 * n / total:.3g}%" + breaks


# "doubling the rejection", "halved its mistag rate": a factor said in a verb, of the quantity its object names
FACTOR_SAID_AS_VERB = re.compile(r"\b(?P<verb>doubl|tripl|halv)(?:ing|ed|es|e)\s+(?P<obj>(?:the|its|our|their|his|her)\s+"
                                 r"(?:[\w-]+[ \t]+){0,2}?[\w-]+)\b", re.I)


def _factor_said_as_verb(m: re.Match[str]) -> str:
    """'... from 120 to 190, doubling the rejection': the factor the verb states, written as a number ('a factor of 2
    in the rejection') so it is checked against the two ends; a verb whose object names no quantity ('doubling the
    training set') is left as it stands."""
    if not QUANTITY_RE.search(m["obj"]):
        return m.group(0)
    factor = {"doubl": "2", "tripl": "3", "halv": "2"}[m["verb"].lower()]
    return f"a factor of {factor} in {m['obj']}"


def _spoken(m: re.Match[str]) -> str:
    number = _DIGIT_WORDS[m["int"].lower()] + "." + "".join(_DIGIT_WORDS[w.lower()] for w in m["frac"].split())
    return number + "\n" * m.group(0).count("\n")  # a number read over a line break: the report's lines keep their count


def _has_number(x: Any, depth: int = 0) -> bool:
    if isinstance(x, bool) or depth > MAX_DEPTH:
        return False
    if isinstance(x, int | float):
        return True
    items = x.values() if isinstance(x, dict) else x if isinstance(x, list) else []
    return any(_has_number(v, depth + 1) for v in list(items)[:1000])


# "10<sup>-3</sup>", "10<sup>&minus;8</sup>" (after unescaping): a power of ten whose exponent an HTML page sets as a superscript
HTML_POWER_OF_TEN = re.compile(r"(?<![\w.])10\s*<sup>\s*(?P<sign>[-−+]?)\s*(?P<exp>\d{1,3})\s*</sup>", re.I)

# "2 times 10 to the -3", "five times ten to the minus four": a power of ten said aloud (captions, transcripts)
SPOKEN_POWER_OF_TEN = re.compile(r"(?<![\w.])(?P<num>\d+(?:\.\d+)?)\s+times\s+(?:10|ten)\s+to\s+the\s+(?:power\s+(?:of\s+)?)?"
                                 r"(?P<sign>-|−|minus\s+|negative\s+)(?P<exp>\d{1,2})(?:th|rd|nd|st)?\b", re.I)
HTML_SUBSCRIPT = re.compile(r"(?<=[^\W_])<sub>\s*(?P<sub>[A-Za-z0-9]{1,12})\s*</sub>", re.I)


GIFT_TITLE = re.compile(r"^::(?P<title>[^:\n]{1,120})::", re.M)  # "::Q3 binomial error::": a GIFT question's title
GIFT_BLOCK = re.compile(r"(?<!\\)\{(?P<body>(?:\\.|[^{}\\]){0,5000})(?<!\\)\}")  # its answers, "{ ... }"
GIFT_OPTION = re.compile(r"(?<!\\)(?P<mark>[~=])(?:%-?\d+(?:\.\d+)?%)?(?P<text>(?:\\.|[^~=#\\])*)")
GIFT_FALSE = re.compile(r"\s*(?:FALSE|F)\s*(?:#|$)")


def _blank(s: str) -> str:
    return re.sub(r"[^\n]", " ", s)


def gift_quiz(text: str) -> str:
    """A Moodle GIFT quiz ("::Q1 inverted score::A tagger gives AUC 0.27. Which is correct? {" over "=Flipping the score
    gives 0.73.#Right." and "~Lower AUC is better.#No: ..."; "::Q6::The gain is significant. {FALSE#...}"): a wrong
    answer (~) and a statement keyed false are posed to be rejected, no statement of the author's; they are blanked. A
    right answer (=) and every feedback (after '#') are the author's words; GIFT's escapes (\\=, \\~, \\#) are read as the
    signs. Every line and offset is kept."""
    if len(GIFT_TITLE.findall(text[:20000])) < 2 or not GIFT_BLOCK.search(text):
        return text
    out = list(text)

    def put(start: int, s: str) -> None:
        out[start:start + len(s)] = s

    for m in GIFT_TITLE.finditer(text):
        put(m.start(), "  ")
        put(m.end() - 2, ". ")
    for b in GIFT_BLOCK.finditer(text):
        body, at = b["body"], b.start("body")
        put(b.start(), " ")
        put(b.end() - 1, " ")
        if GIFT_FALSE.match(body):  # a true/false statement keyed false: the stem's last sentence (the premises before
            # it, "the efficiency is 0.412 ± 0.0004 on 2,000 jets.", are the question's given facts)
            title = [t for t in GIFT_TITLE.finditer(text, 0, b.start()) if "\n\n" not in text[t.end():b.start()]]
            stem = title[-1].end() if title else text.rfind("\n", 0, b.start()) + 1
            said = text[stem:b.start()].rstrip()
            breaks = [x.end() for x in re.finditer(r"(?<=[.!?:])\s+(?=\S)", said)]
            put(stem + (breaks[-1] if breaks else 0), _blank(text[stem + (breaks[-1] if breaks else 0):b.start()]))
        for o in GIFT_OPTION.finditer(body if not GIFT_FALSE.match(body) else ""):
            if body[:o.start()].strip(" \t\n") and not re.search(r"[#~=\s]$", body[:o.start()]):
                continue  # a sign inside the words, not an option's mark
            put(at + o.start(), " ")
            if o["mark"] == "~":
                put(at + o.start("text"), _blank(o["text"]))
        for h in re.finditer(r"(?<!\\)#", body):
            put(at + h.start(), " ")
    return re.sub(r"\\([=~#{}:])", r" \1", "".join(out))


# a subtitle cue's timing line (SubRip "00:00:28,200 --> 00:00:34,900", WebVTT "00:28.200 --> 00:34.900 align:start")
CUE_TIMING = re.compile(r"^[ \t]*(?:\d{1,2}:)?\d{2}:\d{2}[,.]\d{3}[ \t]+-->[ \t]+(?:\d{1,2}:)?\d{2}:\d{2}[,.]\d{3}[^\n]*$", re.M)


def subtitle_cues(text: str) -> str:
    """A subtitle file (SubRip .srt, WebVTT): each cue's number and its timing line are blanked (lines kept); the
    spoken words under them are what it says."""
    if len(CUE_TIMING.findall(text[:20000])) < 2:
        return text
    text = re.sub(r"(?m)^[ \t]*\d{1,6}[ \t]*(?=\n" + CUE_TIMING.pattern.lstrip("^") + ")", lambda m: " " * len(m.group(0)), text)
    return CUE_TIMING.sub(lambda m: " " * len(m.group(0)), text)  # (the cue's number, on the line above its times)


def _header_comment(text: str) -> list[Unit]:
    """The sentences of the comment block a YAML or TOML file opens with ("# AUC = mean of 5 seeds; ...", "# 1% labels:
    pre-trained minus scratch = 0.0014 +- 0.0012 (1.2 sigma)"): what its author says of the numbers below, read as prose
    on its own lines; a commented-out setting ("# lr: 0.001") says nothing."""
    body = []
    for line in text.splitlines()[:200]:
        if not (m := re.match(r"\s*#(?![!#])\s?(.*)", line)):
            break
        body.append("" if re.fullmatch(r"\s*[\w.-]+\s*[:=]\s*\S*\s*", m.group(1)) else m.group(1))
    return _units("\n".join(body), "text") if any(re.search(r"\d", b) for b in body) else []


WIKI_TABLE = re.compile(r"^[ \t]*\{\|[^\n]*\n(?:(?![ \t]*\|\})[^\n]*\n){1,2000}?[ \t]*\|\}[ \t]*$", re.M)


def wiki_tables(text: str) -> str:
    """A MediaWiki table ("{| class=wikitable", "! Tagger !! AUC", "|-", "| GNN || 0.91", "|}") as a pipe table, line for
    line: its header's names are the columns of the rows under it (a row's "||" parts its cells, no empty ones)."""
    def table(m: re.Match[str]) -> str:
        out, header, cells = [], False, []
        for line in m.group(0).split("\n"):
            body = line.strip()
            if body.startswith("!"):
                cells = [c.strip() for c in body[1:].split("!!")]
                out.append("| " + " | ".join(cells) + " |")
                header = True
            elif body.startswith("|-"):
                out.append(("|" + "---|" * max(1, len(cells))) if header else "")
                header = False
            elif body.startswith("|") and not body.startswith(("|}", "|+")):
                out.append("| " + " | ".join(c.strip() for c in body[1:].split("||")) + " |")
            else:
                out.append("")  # "{| ...", "|}", a caption "|+": no cells
        return "\n".join(out)
    return WIKI_TABLE.sub(table, text) if "{|" in text else text


SPELLED_WHOLE = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                                            "fifteen sixteen seventeen eighteen nineteen twenty".split())}
SPELLED_WHOLE |= {"thirty": 30, "forty": 40, "fifty": 50}
SPELLED_PERCENT = re.compile(r"(?<![\w-])(" + "|".join(SPELLED_WHOLE) + r")[ \t]*\n?[ \t]*per[ \t]?cent\b", re.I)
# the width it is: "with a resolution of about", "to within", "a spread of roughly" (not "needs ten percent of the labels")
WIDTH_BEFORE_SPELLED = re.compile(r"\b(?:resolutions?|widths?|spreads?|RMS|precision|within)\b[^.;:,\d\n]{0,25}$", re.I)


# "from five percent to one and a quarter percent": a change between two percentages spoken in words
_SPOKEN_PART = {"half": 0.5, "quarter": 0.25, "three quarters": 0.75}
_SPOKEN_PCT = r"(" + "|".join(SPELLED_WHOLE) + r")(?:\s+and\s+a\s+(half|quarter))?\s+per[ \t]?cent"
SPELLED_PERCENT_CHANGE = re.compile(rf"(?<![\w-])from\s+{_SPOKEN_PCT}\s+to\s+{_SPOKEN_PCT}\b", re.I)
# "a fivefold reduction", "a three-fold gain": a factor spoken in words
SPELLED_FOLD = re.compile(r"(?<![\w-])(two|three|four|five|six|seven|eight|nine|ten|twenty)-?fold\b", re.I)


def _spoken_percent_change(m: re.Match[str]) -> str:
    """"from five percent to one and a quarter percent" -> "from 5% to 1.25%" (the line breaks inside it kept)."""
    def pct(whole: str, part: str | None) -> str:
        return f"{SPELLED_WHOLE[whole.lower()] + (_SPOKEN_PART[part.lower()] if part else 0):g}%"
    return f"from {pct(m[1], m[2])} to {pct(m[3], m[4])}" + "\n" * m.group(0).count("\n")


def _spelled_width(m: re.Match[str]) -> str:
    """"the mass comes back with a resolution of about six percent": a width spoken in words is read as its percentage."""
    if not WIDTH_BEFORE_SPELLED.search(m.string, max(0, m.start() - 40), m.start()):
        return m.group(0)
    return f"{SPELLED_WHOLE[m[1].lower()]}%" + "\n" * m.group(0).count("\n")  # (a line broken between the two: kept)


# "assert |mean AUC - 0.5| < 0.07: mean = 0.562 +- 0.002": a check that a quantity lies within a tolerance of a reference,
# then the value it found, named by one word of the checked quantity's name
DEVIATION_CHECK = re.compile(r"\|[ \t]*(?P<q>[A-Za-z][\w.]*(?:[ \t]+[A-Za-z][\w.]*){1,3})[ \t]*[-−][ \t]*\d*\.?\d+[ \t]*\|[ \t]*(?:<=?|≤)[ \t]*"
                             r"\d*\.?\d+[ \t]*[:,;][ \t]*(?P<w>[A-Za-z_]+)(?=[ \t]*[=:][ \t]*\d|[ \t]*\.\d)")


def _deviation_operand_named(m: re.Match[str]) -> str:
    if m["w"].lower() not in m["q"].lower().split():
        return m.group(0)
    return m.group(0)[:m.start("w") - m.start()] + m["q"]


def _units(text: str, fmt: Format) -> list[Unit]:
    if fmt == "yaml" and (doc := yaml_doc(text)) is not None:
        return [*_header_comment(text), *json_units(text, doc)][:MAX_UNITS]
    if fmt == "toml" and (doc := toml_doc(text)) is not None:
        return [*_header_comment(text), *json_units(text, doc)][:MAX_UNITS]
    if fmt != "json":
        text = mime_parts(text)  # "costs us nothing, wh=" / "ich ...", "0.9712 =C2=B1 0.0004": a MIME part's
        # soft line breaks and escaped bytes, read as the words and signs they are
        text = spreadsheet_rows(text)  # an Excel 2003 XML workbook's <Row> of <Data> cells: a row of a table
        text = texinfo_markup(text)  # "@math{5.0\\sigma}", "@item ref-dnn @tab 0.0100": a Texinfo manual's text and rows
        text = powers_of_ten(text)  # "3×10⁻⁷"
        text = aliases(text)
        if re.search(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#[xX][0-9a-fA-F]{2,5});", text):  # (or hex: "&#x00B1;")
            text = html.unescape(text)  # "0.83 &plusmn; 0.02 %": one sign, not a sentence that ends at ';'
        text = HTML_POWER_OF_TEN.sub(lambda m: "10^" + ("-" if m["sign"] in ("-", "−") else m["sign"]) + m["exp"], text)
        # ("4.6&times;10<sup>&minus;3</sup>": an HTML page writes the exponent as a superscript)
        text = SPOKEN_POWER_OF_TEN.sub(lambda m: f"{m['num']} x 10^-{m['exp']}", text)  # "2 times 10 to the -3", said
        text = HTML_SUBSCRIPT.sub(r"_\g<sub>", text)  # "p<sub>local</sub>", "Z<sub>global</sub>": a symbol's subscript, p_local
        text = THOUSANDS.sub(lambda m: re.sub(r"[ \u2009\u202f]", "", m.group(0)), text)  # "N_train = 10 000" is one number
        text = re.sub(r"(?<=[^\s.]) ?\.{4,} ?(?=[ \t]*[^\s.])", lambda m: " " * max(3, len(m.group(0))), text)  # "test jets
        # ........ 20,000": a dot leader aligns a name with its value (a row of its own), it ends no sentence
        text = re.sub(r"(?<=\d) percent\b", "%", text)  # "a 45 percent improvement", spoken: a percentage
        text = SPELLED_PERCENT.sub(_spelled_width, text)  # "a resolution of about six percent", spoken: a width in words
        text = SPELLED_PERCENT_CHANGE.sub(_spoken_percent_change, text)  # "from five percent to one and a quarter percent"
        text = SPELLED_FOLD.sub(lambda m: f"{SPELLED_WHOLE[m[1].lower()]} times", text)  # "a fivefold reduction": a factor of 5
        text = FACTOR_X.sub(r"\1 times", text)  # "a 4x speed-up", "3.5x lower": a factor, its number read
        text = FACTOR_SAID_AS_VERB.sub(_factor_said_as_verb, text)  # "doubling the rejection": a factor of 2 in it
        text = SPOKEN_DECIMAL.sub(_spoken, text)  # "zero point five eight, plus or minus zero point zero zero four"
        text = SPOKEN_POWER.sub(_spoken_power, text)  # "0.47 times ten to the minus three": 0.47e-3
        text = POWER_CARRIED.sub(r"\g<head>\g<b>e\g<exp>", text)  # "0.83e-3 for mine, 0.79 for the GAN": said once, of both
        text = re.sub(r"\bplus(?:[ \t]+or[ \t]+|[ \t]*[-/][ \t]*)minus\b", "±", text, flags=re.I)  # "0.563 plus-minus 0.008",
        # "plus/minus": the spoken sign written out, hyphenated or slashed
        text = re.sub(r"(?<=\d)(?:[ \t]*,)?[ \t]+give[ \t]+or[ \t]+take[ \t]+(?=\d|\.\d)", " ± ", text, flags=re.I)  # "an AUC of
        # 0.50, give or take 0.01": the spoken error bar
        text = CITATION_AFTER_PERIOD.sub(".", text)  # "calibration-sized samples.3 From 10% ...": a source's number set after
        # a sentence's full stop (a research assistant's export) ends the sentence, it is no number of it
        text = INVERSE_NORMAL.sub(lambda m: f"Φ⁻¹(1 − p) with p = {m['p']}", text)  # "Z = Φ⁻¹(1 − 1.3e-3) ≈ 3.5σ": the
        # number the inverse normal is taken of is a p-value, its significance the number it equals
        text = ONE_IN.sub(_one_in, text)  # "rejects 1 in 410", "a p-value of 1.6 in ten thousand": proportions
        text = ONE_OVER_A_RATE.sub(_one_over, text)  # "the mistag is 1/530 vs 1/392": a rate written as a fraction
        text = gift_quiz(text)  # "~Lower AUC is better#No: ...": a quiz's wrong answer, posed to be rejected
        text = subtitle_cues(text)  # "12" over "00:01:04,100 --> 00:01:09,800": a cue's number and times, no statement
        text = ical_unfold(text)  # "so not s" / " ignificant": a word cut at a 75-octet fold, whole again
        if "BEGIN:VCALENDAR" in text[:2000] or "BEGIN:VEVENT" in text[:5000]:  # iCalendar text escapes: "\," "\;" "\n"
            text = re.sub(r"\\([,;])", r"\1", text).replace("\\n", " ")  # (a line's count is kept)
        text = WORKING_POINT_ARG.sub(r"(at \2 \1)", text)  # "R_g(\epsilon_q=0.5)": the working point, not a result
        text = SECTION_NUMBER.sub(lambda m: m.group(0) if _goes_on_from_line_above(m) else " " * len(m.group(0)), text)
        # "3.4  Backbone fixed beats ...": a label (not "... for the transformer and\n8.6 GeV for the other": a number
        # a sentence wrapped onto its line)
        text = _samples(text)  # 'cwola_val_auc{run="nosig_ctrl"} 0.612': a named sample
        text = carbon_plaintext(text)  # "jets.qgl.auc 0.8228 1718071200": a metric path, its value, a Unix time
        text = sql_dump_tables(text)  # "CREATE TABLE runs(...);" then "INSERT INTO runs VALUES(...);": a table and its rows
        text = SQL_PROMPT.sub(lambda m: m["comment"] or "", text)  # "db=> SELECT round(auc,3) AS auc": a query, no result
        text = _counted_prompt_inputs(text)  # "root [8] printf(...)": an input, no result
        text = DEVIATION_CHECK.sub(_deviation_operand_named, text)  # "|mean AUC - 0.5| < 0.07: mean = 0.562": the AUC's mean
        text = ASSERTION_EXPANDED.sub(_expanded_operand_named, text)  # "CHECK( eff >= 0.9 )" / "with expansion:" / "1.04 >= 0.9"
        if text.count("\n") < 20_000:
            text = box_tables(html_tables(wiki_tables(root_scan_tables(text))))
    if fmt == "json":
        try:
            out = list(json_units(text))
        except (ValueError, RecursionError):
            out = list(markdown_units(text))
    else:
        out = list(markdown_units(text))
    return out[:MAX_UNITS]
