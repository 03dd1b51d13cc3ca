"""inconsistent_numbers: numbers of one report that cannot all be right. The same quantity of the same
thing under the same conditions given two values; a p-value and a significance that are not one number
in two scales; a stated change that does not follow from its two ends; a rejection that is not
1/mistag or a SIC that is not ε_S/√ε_B at one working point; a global significance above the local one.
"""

from __future__ import annotations

import bisect
import csv
import functools
import json
import math
import re
from collections.abc import Callable, Iterator

from scipy import stats as st

from agents.referee.claims import BORROWED, Claim, Value, stem
from agents.referee.comparisons import list_against, side_words
from agents.referee.findings import (
    LOG_TAG,
    SEVERE,
    Finding,
    Report,
    fmt,
    last_digit,
    same_at_precision,
)
from agents.referee.layout import at_prompt, framed_title, is_command, record_prefix
from agents.referee.numbers import CALL_ARGUMENT, to_float
from agents.referee.universal import _numeric as cell_number
from agents.referee.universal import tables
from agents.referee.vocabulary import (
    BOUNDED,
    NUM,
    QUANTITY_RE,
    UNC_BEFORE,
    WORKING_POINT,
    data_splits,
)

# words that say which number of a thing, not which thing (a label of these alone names no subject)
# ("When the 2.9 sigma came up" / "when it became 1.9 sigma": a clause's conjunction and copula name no thing)
_GENERIC = {"model", "result", "value", "mean", "tagger", "classifier", "network", "score", "final", "best", "test",
            "set", "jets", "jet", "tagging", "performance", "metric", "using", "trained", "training", "mass", "pt",
            "eta", "phi", "constituent", "multiplicity", "relative", "energy", "reconstructed", "overall", "average",
            "median", "total", "signal", "background", "rate", "working", "point", "loose", "tight", "medium",
            "higher", "lower", "better", "worse", "than", "achieve", "reache", "reach", "has", "max", "min", "maximum",
            "minimum", "maximal", "minimal", "peak", "val", "valid", "validation", "eval", "evaluation", "from", "headline",
            "summary", "results", "metrics", "scores", "global", "local", "label", "labels", "labeled", "labelled",
            "msg", "message", "output", "stdout", "stderr", "info", "debug", "log",  # a log's message field names no thing
            "gev", "tev", "mev", "kev",
            "each", "when", "whenever", "became", "become", "becomes"}  # "(200k jets each)": a count shared out over the samples names none of them  # nor does a unit ("core width [GeV]" and "IQR/1.349 [GeV]": two estimators)
_GENERIC_STEMS = frozenset(stem(w) for w in _GENERIC)


# the observables a label may name: generic as the thing a number is of, but two of them are two numbers
# ("tau32", "τ21": an n-subjettiness ratio is an observable of its own, as the jet mass is)
_OBSERVABLE = re.compile(r"(?<![\w-])(mass|pt|p_t|eta|phi|multiplicity|energy|n_?const\w*|(?:tau|τ)_?\d{2})(?![\w-])", re.I)


def _other_observables(a: str, b: str) -> bool:
    """Both labels name an observable, not the same ones ("eta abs" and "phi abs")."""
    x = {m.lower().replace("_", "") for m in _OBSERVABLE.findall(a)}
    y = {m.lower().replace("_", "") for m in _OBSERVABLE.findall(b)}
    return bool(x and y and x != y)


# "2.8% in relative pT", "0.011 in eta": the observable a number is of, named right after it
OBSERVABLE_AFTER = re.compile(r"\s*(?:in|for|on|of)\s+(?:the\s+)?(?:relative\s+|absolute\s+|constituent\s+|jet\s+)?"
                              r"(mass|pt|p_t|eta|phi|multiplicity|energy)(?![\w-])", re.I)
OBSERVABLE_IN_LABEL = re.compile(r"(?:(?<=-)|(?<![\w-]))(mass|pt|p_t|eta|phi|multiplicity|energy)(?![\w-])", re.I)


def _observed_in_other(c: Claim, v: Value, d: Claim, w: Value) -> bool:
    """The two numbers are of two observables, one of them named right after its number ("2.8% in relative pT") and the
    other in its label ("the jet-mass residual width is 6.1%")."""
    def of(claim: Claim, val: Value) -> set[str]:
        after = OBSERVABLE_AFTER.match(claim.text, val.start + len(val.shown)) if val.start < BORROWED else None
        found = {after[1]} if after else set(OBSERVABLE_IN_LABEL.findall(val.label))
        return {x.lower().replace("_", "") for x in found}
    x, y = of(c, v), of(d, w)
    return bool(x and y and x != y)


@functools.lru_cache(maxsize=16384)  # (a label is read once per value and once per pair compared)
def _key_words(label: str) -> frozenset[str]:
    return frozenset(stem(w) for w in re.findall(r"(?<![\w.])\d+(?:\.\d+)?pct\b|[a-z][\w-]{2,}|[^\W\d_a-z]_?\d+|\b[a-z]\d{1,3}\b|"
                                            r"(?<![\w'’])[a-z]['’](?![\w'’])", label.lower())) - _GENERIC_STEMS \
        | {f"<{x}>" for x in re.findall(r"(?<![\w'’.-])([A-HJ-Z])(?![\w'’.-])", label)}
    # "gnn v5" and "gnn v4": a version names the thing; "... A" and "... B": a one-letter name too
    # "injection=0.3pct" and "injection=0.6pct": a percentage written into a run's tag names the run (its injected signal)
    # "τ21" and "τ32" name two observables (a Greek letter with its index), not one


# "[epoch 10] val_acc=0.8123": a log's step is a condition of the numbers on its line
STEP = re.compile(r"\b(epoch|step|iter(?:ation)?|it|round|checkpoint|ckpt|fold|trial|generation|update|seed|replica|split)s?\s*[=:#\[]?\s*(\d+)\b",
                  re.I)  # ("Epoch[2] Validation-accuracy=0.81": MXNet's epoch, in brackets)


# "[200]\tvalid_0's auc: 0.924": a boosting library's round, in brackets at the start of its evaluation line
BRACKETED_ITERATION = re.compile(r"^\s*\[\s*(\d+)\s*\](?=\t|\s+[\w-]+'s\s)")


# "on JetClass", "for quark/gluon", "in the W sample": the data a prose number is measured on
DATASET = re.compile(r"\b(?i:on|in|for|with|using)\s+(?i:the\s+|a\s+)?((?:[\w/+-]+\s+){0,3}?)(?i:data(?:set)?|sample|task|benchmark)\b"
                     r"|\b(?i:on|for)\s+(?i:the\s+)?((?:[A-Za-z][\w/+-]*\s+){1,2}?)(?i:jets|events)\b"  # "accuracy on original jets"
                     r"|\b(?i:on|for)\s+(?i:the\s+)?([A-Z][\w/+-]*(?:\s+(?:top|QCD|vs\.?|[A-Z][\w/+-]*))*|[a-z]+/[a-z]+)")
_NOT_DATA = {"test", "validation", "val", "held-out", "training", "train", "full", "same", "whole", "summary", "table",
             "abstract", "report", "section", "figure", "this", "our", "signal", "background", "evaluation", "jets", "events"}


def _datasets(text: str) -> list[str]:
    out = []
    for m in DATASET.finditer(text):
        words = {w.lower() for w in re.findall(r"[A-Za-z][\w+-]*", m.group(1) or m.group(2) or m.group(3) or "")} - _NOT_DATA - STOPS
        words -= {w for w in words if QUANTITY_WORD.fullmatch(w)}
        out += [f"data={w}" for w in words]
    return out


STOPS = {"the", "a", "an", "and", "of", "vs", "versus", "model", "tagger", "fine-tuned", "scratch", "pretrained"}
QUANTITY_WORD = re.compile(r"auc|accuracy|efficiency|rejection|sic|perplexity|resolution|loss|mistag|rate|one", re.I)


def _conditions(c: Claim) -> frozenset[str]:
    return frozenset([v.shown.rstrip("%") for v in c.values if v.role in ("size", "setting", "threshold")
                      or v.quantity == "signal_fraction"]
                     + [f"{m[1].lower()}={m[2]}" for m in STEP.finditer(c.text)]
                     + [f"iteration={m[1]}" for m in BRACKETED_ITERATION.finditer(c.text)]
                     + (_datasets(c.text) if c.kind == "prose" else [])
                     + [f"wp={w.lower()}" for w in re.findall(r"\b(loose|medium|tight)\b", c.text, re.I)]
                     + [f"scope={w.lower()}" for w in re.findall(r"\b(local|global)\b", f"{c.context} {c.text}"[-200:], re.I)][:1]
                     + (_data_conditions(c) if c.kind == "row" else [])
                     + [f"wp={v.shown}" for v in c.values if c.kind == "row" and v.role == "result" and _round_efficiency(v)
                        and any(w.quantity not in ("efficiency", "") for w in c.results())])
    # ("GN2X-small | 0.60 | 0.00131 | 763": a round signal efficiency in a row of other quantities is the row's working point)


# "at 10% of the training set", "trained on 5% of the labels", "with 1% labels": the share of the training data a run had
TRAINING_SHARE = re.compile(r"\b(?:at|on|with|using|from)\s+(\d+(?:\.\d+)?)\s*%\s+(?:of\s+(?:the\s+)?)?(?:training\s+"
                            r"(?:set|data|sample|jets)|(?:training\s+)?labels?|labell?ed)\b", re.I)


def _training_share(c: Claim) -> frozenset[str]:
    """The shares of the training data a claim says its run was trained on (none: the full set)."""
    return frozenset(TRAINING_SHARE.findall(c.text))


def _data_conditions(c: Claim) -> list[str]:
    """The conditions a data answer writes into its keys: "rejection_30_mean" (the working point) and a path through
    {"cwola": {"0.05": {...}}} (the signal fraction)."""
    key = next((part.split(":")[0] for part in c.text.split(" | ") if not part.startswith("(")), "")  # its own key
    own = [f"key={n}" for n in re.findall(r"(?<=[A-Za-z])[_ ](\d+(?:[p.]\d+)?)(?=[_ ]|$)", key.strip())]
    own += [f"key={n}" for n in re.findall(r"(?i)(?<![A-Za-z])rej(\d{2})(?![\d.])", key)]  # "d_rej30", "rej50": the working point
    return own + [f"path={seg}" for seg in re.split(r"\.(?=[^\d])|\[", c.context) if re.fullmatch(r"\d+(?:\.\d+)?\]?", seg)
                  and not seg.endswith("]")]


BLOCK_TITLE = re.compile(r"\s*(?:[-*]\s+)?[A-Za-z][\w .()/-]{0,40}:\s*|\s*#{1,6}\s.*")


def _posed(rep: Report, c: Claim) -> bool:
    """`c` states the case a question asks about: it is a question itself, or the next sentence on its line is one
    with no number of its own ("A tagger gives AUC 0.71. Meaning?"): a card's or an exercise's premise, not a result."""
    if c.kind != "prose":
        return False
    if c.text.rstrip().endswith("?"):
        return True
    line = rep.lines[c.line - 1] if 0 < c.line <= len(rep.lines) else ""
    at = line.find(c.text.rstrip())
    rest = ESCAPED_BREAKS.sub(" ", line[at + len(c.text.rstrip()):]) if at >= 0 else ""
    # ("...: 0.4712\n\nDoes this ranking make sense before I put it in my thesis chapter?": in a JSON string the next
    # paragraph follows on the same line, its breaks escaped)
    return at >= 0 and (bool(re.match(r"\s*[^\d.!?\t]{1,60}\?", rest)) or bool(NEXT_PARAGRAPH_ASKS.match(rest))
                        or bool(TASK_ON_THE_CASE.match(rest)))


ESCAPED_BREAKS = re.compile(r"(?:\\[nrt])+")  # "\n\n" written in a JSON string: a line break
# "Does this ranking make sense before I put it in my thesis chapter?": the next paragraph opens on a question about what
# was just listed, with no number of its own (a request to judge the case)
NEXT_PARAGRAPH_ASKS = re.compile(r"\s*(?:Does|Do|Is|Are|Can|Could|Would|Should|Why|What|How)\b[^\d.!?\t]{1,100}\?")


# "Give two possible reasons", "Explain what could cause this", "Say what they should check": a task set on the case just
# stated (an exercise's premise), which the reader is to diagnose
TASK_ON_THE_CASE = re.compile(r"\s*(?:Give|Explain|Suggest|List|Name|Discuss|Say|Describe|Identify|Propose|Find)\s+"
                              r"(?:\w+\s+){0,3}(?:reasons?|causes?|explanations?|why|what|how|which)\b")


def _new_block_between(rep: Report, a: int, b: int) -> bool:
    """Two sentences' 'key: value' lines under different block titles ("pfn:" ... "multiplicity:"): the title, not
    the line, names whose number it is, so the same key there is another object's quantity, not a second value."""
    lo, hi = sorted((a, b))
    indent = len(rep.lines[hi - 1]) - len(rep.lines[hi - 1].lstrip()) if hi - 1 < len(rep.lines) else 0
    if indent == 0 and hi - 1 < len(rep.lines):  # "On Test Data:" ... "On Control Data (...):", each title after a blank
        # line over its own unindented record lines: two titled sections, each one's records its own
        t_lo, t_hi = _title_over(rep, lo), _title_over(rep, hi)
        return t_lo is not None and t_hi is not None and t_lo != t_hi
    return indent > 0 and any((BLOCK_TITLE.fullmatch(line) or framed_title(rep.lines, i)) and len(line) - len(line.lstrip()) < indent
                              for i, line in enumerate(rep.lines[lo:hi - 1], start=lo))  # (or a title framed by rules)


def _title_over(rep: Report, n: int) -> int | None:
    """The block title line `n`'s unbroken run of lines hangs under (a title after a blank line or the top), if any."""
    tops = rep.per_line.get(_title_over)  # each line's run's first line
    if tops is None:
        tops = [1, 1]
        for m in range(2, len(rep.lines) + 1):
            tops.append(m if not rep.lines[m - 2].strip() or BLOCK_TITLE.fullmatch(rep.lines[m - 2]) else tops[m - 1])
        rep.per_line[_title_over] = tops
    m = tops[n] if 1 < n < len(tops) else n
    return m - 1 if m > 1 and BLOCK_TITLE.fullmatch(rep.lines[m - 2]) and (m == 2 or not rep.lines[m - 3].strip()) else None


# "tmartin@gpu07:~/hunt$ python scan.py --input b.h5", "$ make eval", ">>> run(...)": a new command; what follows is its output
PROMPT = re.compile(r"\s*(?:\(\S+\)\s*)?(?:[\w.-]+@[\w.-]+(?::\S*)?\s*[$#%]|[$%#]|>>>|In \[\d+\]:)\s+[\w./~-]")


# "*** MLP 3x64" ... "*** ResNet-18 on jet images": a third-level heading names a variant, the object of what follows
SUBHEADING = re.compile(r"(?:\*{3,}|#{3,})\s+(?!\d+\.\s+row\s+\*)\S")  # (not "****** 1. row ******": a SQL
# client's record printed vertically, no variant)


# "# top-tag landscape re-evaluation, 2024-06-18" (a Markdown file printed by `cat`): a '#' then three words or more and
# nothing of a command (no option, path, file name, assignment, pipe or redirection) is a title, no root prompt's command
HASH_TITLE = re.compile(r"\s*#\s+(?![^\n]*(?:\s--?[A-Za-z]|[/=|<>$`\x22']|\.[A-Za-z]\w{0,4}\b))(?:[^\s]+\s+){2,}[^\s]+\s*")


def _comment_continued(rep: Report, n: int) -> bool:
    """Line `n` ('#   200k + 200k test jets. PCT-S has ...') is an indented '#' comment under a '#' comment line: the
    comment goes on, no root prompt's command."""
    return n >= 2 and bool(re.match(r"\s*#\s{2,}\S", rep.lines[n - 1])) and rep.lines[n - 2].lstrip().startswith("#")


def _new_command_between(rep: Report, a: int, b: int) -> bool:
    """Two values printed by two commands of a terminal session, or under two sub-headings: each run's output (the
    run with inject0.h5 and the run with inject600.h5) and each variant's numbers are their own object, not one
    quantity given twice."""
    lo, hi = sorted((a, b))
    return rep.any_between(lo, hi, _opens_a_run) or _other_ini_section(rep, lo, hi)


def _opens_a_run(rep: Report, n: int) -> bool:
    """Line `n` starts another command's output, another variant's section, another job or another message."""
    line = rep.lines[n - 1]
    return bool(PROMPT.match(line) and not _comment_continued(rep, n) and not HASH_TITLE.fullmatch(line) or SUBHEADING.match(line) or is_command(line)
                or at_prompt(line) and not STORED_ROWS_QUERY.match(line) or TOOL_CALL.search(line)
                or NUMBERED_CHECK_OPENS.match(line) or LOG_STAGE_BANNER.search(line) or SWEEP_JOB_OPENS.search(line)
                or PATH_PROMPT_INSIDE_LOG_LINE.search(line) or COMMIT_CHECKED_OUT.match(line) or MESSAGE_OPENS.match(line))


# "[metrics.previous]" ... "[metrics.new]": an INI / config file's section header on a line of its own; the section, not
# the key, names whose number a "key = value" line gives
INI_SECTION = re.compile(r"\s*\[[A-Za-z_][\w .:-]{0,60}\]\s*(?:[;#].*)?")
INI_KEY_LINE = re.compile(r"\s*[A-Za-z_][\w.-]{0,60}\s*[=:]\s*\S")


def _other_ini_section(rep: Report, lo: int, hi: int) -> bool:
    """Two 'key = value' lines of a config file under two section headers ("[metrics.previous]" / "[metrics.new]"):
    the same key in two sections is two objects' quantity (a release and the one before), not one value given twice."""
    keyed = all(0 < n <= len(rep.lines) and INI_KEY_LINE.match(rep.lines[n - 1]) for n in (lo, hi))
    return keyed and rep.any_between(lo, hi, _ini_section)


def _ini_section(rep: Report, n: int) -> bool:
    return bool(INI_SECTION.fullmatch(rep.lines[n - 1]))


# "From zabbix@mon.example.org Fri May 17 03:13:02 2024" (a mailbox's separator), "Date: Fri, 17 May 2024 03:13:02 +0200":
# a new e-mail of a thread or a mailbox; what it reports is the state at its own time (an alarm, then its resolution)
MESSAGE_OPENS = re.compile(r"From\s+\S+@\S+\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+[A-Z][a-z]{2}\s+\d{1,2}\s+\d\d:\d\d|"
                           r"Date:\s+(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s+)?\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}\s+\d\d:\d\d")


# "[5d0e7b91c2a4...] model: add dropout" under "Bisecting: 5 revisions left", "HEAD is now at 7f3a9c0 data: cache": git
# checking out another commit; what the test prints after it is that commit's number, not the one before's again
COMMIT_CHECKED_OUT = re.compile(r"\s*(?:\[(?=[a-f]*\d)(?=\d*[a-f])[0-9a-f]{7,40}\]\s+\S|HEAD is now at [0-9a-f]{7,40}\b|"
                                r"Bisecting:\s+\d+\s+revisions?\s+left)")


# "mysql> SELECT * FROM v_best ...", "sqlite> SHOW ...": a query reads rows already stored, it runs nothing new; what it
# prints is the same record as any other query's print of those rows
STORED_ROWS_QUERY = re.compile(r"\s*[A-Za-z_][\w-]{0,40}>\s+(?:SELECT|SHOW|WITH|DESCRIBE|EXPLAIN|TABLE)\b|"
                               r"\s*[A-Za-z_][\w-]{0,40}>\s+--", re.I)  # (or a comment typed at its prompt)


# "INFO [job train] /tmp/r71mz$ python train.py --init kmeans": a workflow log echoing a command at its working
# directory's prompt, after the log's own prefix; the lines under it are that command's output
PATH_PROMPT_INSIDE_LOG_LINE = re.compile(r"(?:^|\s)(?:~|/[\w.~-]{1,60}+/)[\w./~-]{0,120}+\$[ \t]+[A-Za-z_./]")


# "[INFO|trainer.py:3812] ... >> ***** Running Prediction *****  test_herwig: 40,000": a log line whose banner (words
# between runs of asterisks or equals signs) opens a stage of its own; the records under it are that stage's
LOG_STAGE_BANNER = re.compile(r"(?:\*{3,}|={3,})[ \t]*[A-Za-z][\w .-]{2,48}?[ \t]*(?:\*{3,}|={3,})")


# "[HYDRA] \t#1 : signal.s_over_b=0.003 seed=11", "Running trial #4: lr=0.001 units=64": a sweep launching its next job
# with that job's settings; the lines under it are that job's output, another run than the one before
SWEEP_JOB_OPENS = re.compile(r"(?:^|\s)(?:(?i:job|trial|run)\s*)?#\d{1,4}\s*:\s+(?:[A-Za-z_][\w.\[\]/-]*=\S+\s*)+$")


# "[controls] C2 shuffled labels on the test set", "  (3) real vs real split", "Check 4: mass sculpting": a line that
# opens the next numbered item of a list of checks; the numbers under it are that item's, not the one before's
NUMBERED_CHECK_OPENS = re.compile(r"\s*(?:\[[\w.-]{1,20}\]\s*)?(?:[A-Z]{1,2}\d{1,2}|\(\d{1,2}\)|\[\d{1,2}\]|"
                                  r"(?i:check|test|control|step|case)\s+#?\d{1,2})[:.)]?\s+[A-Za-z]")


# "Calling jet_tools-evaluate_tagger function with args: {...}", "Invoking tool eval with input {...}": an agent's tool
# call with its arguments starts a run of its own (another test file, another model)
TOOL_CALL = re.compile(r"\b(?:[Cc]alling|[Ii]nvoking|[Tt]ool[ _]call|Action|ACTION)\b[^{(\n]{0,80}?\b(?:with )?(?:args|arguments|input|"
                       r"parameters|params|ARGS|ARGUMENTS|INPUT|PARAMETERS|PARAMS)\b\s*[:=]?\s*[{(]"  # (an agent console's
                       # own capitals: "NEXT ACTION:  COMMAND = execute_shell  ARGUMENTS = {...}")
                       r"|\b(?:[Ff]unction|[Tt]ool)[ _]?[Cc]all\b\s*[:=]?\s*[A-Za-z_][\w.-]*\("  # "function_call: run_c2st(ckpt=...)"
                       r"|\b[A-Za-z_][\w.-]*_span\s+[A-Za-z_][\w.-]*\s+(?:input|args|arguments)\s*=\s*[{(]"
                       # "The output from the command `python train.py --inject 0` was:": an assistant's tool relaying
                       # one run's printout, each such line opening another run
                       r"|\b[Oo]utput (?:from|of) (?:the |this )?(?:command|tool(?: call)?|run)\s+`[^`\n]{2,300}`")  # a trace's
# span of one function with its input ("function_span  run_eval  input={...}")


# "  test_inv_eps_b_at_eps_s_0.5   46.9", "scratch:   {acc: 0.501, ...}": a line that is one field of a record, its key
# an identifier (a field name, exact) or the name of the mapping printed after it
RECORD_KEY = re.compile(r"\s*(?:-\s+)?(?P<id>[A-Za-z][\w.-]*_[\w.-]*)(?:\s*[:=]\s*|\s{2,})[-+.\d]"
                        r"|\s*(?:-\s+)?(?P<map>[A-Za-z][\w.-]*)\s*:\s*\{")
MAX_UP = 80  # lines looked up for the list item a line belongs to


# "- pnlite, 5 seeds: AUC 0.8361" / "- efn, 5 seeds: AUC 0.8351", "with PID    AUC 0.842" / "without PID AUC 0.841": a line
# led by a short name, set off by ':', two spaces or ', <number>', states the numbers of that name ("- ParticleNet (ref):
# mistag 0.0265": a one-word note in brackets between the name and its ':' leaves the name the lead; a longer bracket,
# "Build P (no vertex inputs):", says what the thing is and names it with the words before)
LEAD = re.compile(r"(?:[-*•+]\s+|\d{1,2}[.)]\s+)?(?P<lead>[A-Za-z][\w.+/-]{0,30}(?: (?:[A-Za-z]|\d+ [A-Za-z])[\w.+/-]{0,30}){0,2})"
                  r"(?:(?:\s*\([A-Za-z][\w.-]{0,12}\))?\s*:(?!\S)|\s{2,}(?=\S)|,\s*(?=\d)|"
                  r",\s*(?=(?:seed|run|fold|split|trial)\s*#?\d+\s*:))")  # "- fine-tuned, seed 0: AUC 0.9112": the name, then which seed
BEFORE_QUANTITY = re.compile(r"(?:[-*•]\s+)?(?P<lead>[A-Za-z][\w.+/-]{0,30}(?: [A-Za-z][\w.+/-]{0,30})?) (?=(?:AUC|acc(?:uracy)?|"
                             r"rejection|eff(?:iciency)?|purity)\b\s*[:=]?\s*\d)", re.I)  # "without PID AUC 0.841"
_DISCOURSE = {"summary", "conclusion", "conclusions", "abstract", "note", "notes", "update", "result", "results", "verdict",
              "takeaway", "tl;dr", "tldr", "finally", "overall", "bottom", "line", "headline", "answer", "claim", "status"}


# "[eval-zp] GN2: light rejection 61.3": a pipeline step's tag in brackets leads the line; the name comes after it
STEP_TAG = re.compile(r"^\[[\w.:-]{1,30}\]\s+(?:\|\s+)?")


OPENING_TAGS = re.compile(r"^(?:<(?:li|div|p|span|b|strong|i|em|td|th|dd|dt)(?:\s[^<>]{0,80})?>\s*)+", re.I)


def _lead(rep: Report, c: Claim) -> str:
    """The short name a prose claim's own line starts with ('pnlite', 'without PID'), if the claim starts the line."""
    raw = rep.lines[c.line - 1] if 0 < c.line <= len(rep.lines) else ""
    body = STEP_TAG.sub("", raw[record_prefix(raw):].strip() if raw else "")
    body = OPENING_TAGS.sub("", body)  # "<li><div>EPiC-FM: ...": an HTML item's opening tags are markup, not its name
    text = STEP_TAG.sub("", OPENING_TAGS.sub("", c.text.strip()))
    m = LEAD.match(body) or BEFORE_QUANTITY.match(body)
    mark = re.compile(r"^(?:[-*•+]\s+|\d{1,2}[.)]\s+)?[\"'“]?")
    if not m or not text or not mark.sub("", body).startswith(mark.sub("", text)[:12]):
        return ""
    lead = m["lead"]
    if QUANTITY_RE.search(lead) or {w.lower() for w in lead.split()} <= _DISCOURSE or not _key_words(lead):
        return ""
    return lead.lower()


# "[rvq-L1 | uid 1c9e...] ... token_tagger_auc 0.9741" and "[rvq-L4 | uid e7f4...] ... 0.9812": a log line's leading tag in
# brackets names the run it comes from; tags of one stem with another index (rvq-L1, rvq-L2; eval-gn2, eval-gn3) are
# the runs of a sweep, and a tag that names a reference ("[reference | raw constituents]") another object again
LINE_TAG = re.compile(r"\s*\[\s*(?P<tag>[A-Za-z][\w.-]{0,40}?)\s*(?:\|[^\]\n]{0,80})?\]")
VARIANT = re.compile(r"(?P<stem>[A-Za-z][\w.-]*?)[-_]?(?P<v>[A-Za-z]{0,3}\d+)")
MAX_TAGGED = 20_000  # lines whose tags are read


def _run_tags(rep: Report) -> dict[int, str]:
    """line -> the run its leading tag names, where the tag is one of a sweep's (two or more of one stem) or a reference's."""
    tags = {i + 1: m for i, line in enumerate(rep.lines[:MAX_TAGGED]) if (m := LINE_TAG.match(line))}
    stems: dict[str, set[str]] = {}
    for m in tags.values():
        if v := VARIANT.fullmatch(m["tag"]):
            stems.setdefault(v["stem"].lower(), set()).add(m["tag"].lower())
    out = {}
    for line, m in tags.items():
        if (v := VARIANT.fullmatch(m["tag"])) and len(stems[v["stem"].lower()]) >= 2:
            out[line] = m["tag"].lower()
        elif REFERENCE.search(m.group(0)):
            out[line] = "reference"
    return out


# "| step 2 | QCD.jet.mass.width | 0.0902 |" and "| step 2 | QCD.jet.pt.width | 0.06705 |", "table[finetune, n_train=100]
# .accuracy_mean" and "table[finetune, n_train=1000].accuracy_mean": a table cell that holds a field's path (two dots, or a
# bracketed index and a dot) names its object whole; two paths are two objects, whatever words they share
_SEGMENT = r"[A-Za-z_]\w{0,40}(?:\[[^\]\n|]{1,80}\])?"
FIELD_PATH = re.compile(rf"(?<![\w.]){_SEGMENT}(?:\.{_SEGMENT}){{1,8}}(?![\w.\[])")


def _field_path(text: str) -> str | None:
    return next((p for m in FIELD_PATH.finditer(text) if "[" in (p := m.group(0).lower()) or p.count(".") >= 2), None)


def _object(rep: Report, c: Claim, runs: dict[int, str] | None = None) -> dict[str, str]:
    """Which object a claim's numbers describe, as far as the layout says: a table row's first cell (the model, the
    label budget, the seed of that row), a record line's own key, and the list item ("- n_labels: 1000") it is
    indented under. Empty where the layout says nothing (prose): then the words and conditions decide."""
    if c.kind == "row":
        first = c.text.split(" | ")[0].strip()
        if ":" in first:
            return {}  # "auc: 0.91 | ...": a JSON field, named by its path
        path = _field_path(c.text)
        if c.values and c.values[0].shown == first and c.values[0].role == "setting" and re.search(r"\bid$", c.values[0].label):
            return {"path": path} if path else {}  # "1041 | vq_nll | top | ..." under "run_id": a run's number names nothing
            # another table (a query's view of the same rows, keyed by its signal model) can name; the words decide
        return {"row": first.lower(), **({"path": path} if path else {})}
    raw = rep.lines[c.line - 1] if 0 < c.line <= len(rep.lines) else ""
    out = {"key": m["id"] or m["map"]} if (m := RECORD_KEY.match(raw)) else {}
    indent = len(raw) - len(raw.lstrip())
    for j in range(c.line - 2, max(-1, c.line - 2 - MAX_UP), -1):
        up = rep.lines[j]
        if up.strip() and len(up) - len(up.lstrip()) < indent:
            if re.match(r"\s*-\s+\S", up):
                out["item"] = str(j)
                break
            indent = len(up) - len(up.lstrip())
    out = out if out.get("key") or c.kind == "prose" and "item" in out and RECORD_KEY.match(raw) else {}
    if c.kind == "prose" and (lead := _lead(rep, c)):
        out["lead"] = lead
    if c.kind == "prose" and runs and c.line in runs:
        out["run"] = runs[c.line]
    if c.kind == "prose" and (case := _case_of_line(rep, c.line)):
        out["case " + case["key"].lower()] = case["val"].lower()
    if c.kind == "prose" and (entry := _entry_of_line(rep, c.line)):
        out["entry"] = entry
    if c.kind == "prose" and (source := _file_read_from(rep, c)):
        out["source"] = source
    return out


# "From `logs/shuffled_labels_seed3.txt`:" ... "From `logs/nominal_seed3.txt` (same test jets):": the file an assistant's
# answer quotes its numbers from; two answers quoting two files give two runs' numbers, not one number stated twice (in
# a JSON string, after an escaped line break "\n")
READ_FROM_FILE = re.compile(r"(?:\b|(?<=\\n))From\s+`?(?P<file>[\w./-]+\.(?:txt|log|json|csv|ya?ml|out|md|h5|root))`?\s*"
                            r"(?:\([^()\n]{0,60}\)\s*)?:")
MAX_FILE_UP = 8  # lines looked up for the file a quoted block is read from


def _file_read_from(rep: Report, c: Claim) -> str:
    """The file named by the nearest "From <file>:" before the claim, on its own line (a chat message stored on one line)
    or a few lines above it."""
    raw = rep.lines[c.line - 1] if 0 < c.line <= len(rep.lines) else ""
    at = raw.find(c.text.strip()[:15]) if c.text.strip() else -1
    if at > 0 and (ms := list(READ_FROM_FILE.finditer(raw[:at]))):
        return ms[-1]["file"].lower()
    for j in range(c.line - 2, max(-1, c.line - 2 - MAX_FILE_UP), -1):
        if j < len(rep.lines) and (ms := list(READ_FROM_FILE.finditer(rep.lines[j]))):
            return ms[-1]["file"].lower()
    return ""


ENTRY_OPEN = re.compile(r"@\w+\s*\{\s*([^,\s{}]+)\s*,")  # "@article{Kansal:2021cqp,": a BibTeX-style entry and its key


def _entry_of_line(rep: Report, line: int) -> str:
    """The key of the BibTeX-style entry a line stands in ("@misc{ours2024," ... "}"): each entry of a reading list is
    its own work, so two entries' numbers of one quantity are two papers' results, not one number stated twice."""
    for j in range(line - 1, max(-1, line - 1 - 300), -1):
        up = rep.lines[j] if j < len(rep.lines) else ""
        if m := ENTRY_OPEN.match(up):
            return m[1].lower()
        if j < line - 1 and up.rstrip() == "}":
            return ""
    return ""


def _case_of_line(rep: Report, line: int) -> re.Match[str] | None:
    """The case field a log line opens with, or the one of the nearest line above that opens with it under the same tag
    ("[eval] ckpt=runs/a/best.ckpt ..." over "[eval] rms displacement: 0.0061": the checkpoint those lines are of)."""
    raw = rep.lines[line - 1] if 0 < line <= len(rep.lines) else ""
    if case := LEADING_CASE_FIELD.match(raw):
        return case
    if not (tag := LINE_TAG.match(raw)):
        return None
    for j in range(line - 2, max(-1, line - 2 - MAX_CASE_UP), -1):
        up = rep.lines[j]
        if not (t := LINE_TAG.match(up)) or t.group(0).strip() != tag.group(0).strip():
            return None
        if case := LEADING_CASE_FIELD.match(up):
            return case
    return None


MAX_CASE_UP = 30  # lines of one tag searched upward for the case they belong to


# "[task] case=null  ... AUC = 0.5031" beside "[task] case=shuffled  ... AUC = 0.4968": a log line that opens (after its
# tag) with a field naming its case by a word ("ckpt=runs/a/best.ckpt") names the object its numbers are of, and those of
# the lines of its tag under it; two such names are two objects
LEADING_CASE_FIELD = re.compile(r"[ \t]*(?:\[[^\]\n]{1,40}\][ \t]*)?(?P<key>[A-Za-z][\w.-]{0,20})=(?P<val>[A-Za-z][\w./-]{0,80})(?=[ \t,;])")


# "[cwola] reference main@a41f7d2: AUC = 0.724" beside "[cwola] AUC = 0.731": a number of the reference (the baseline, an
# earlier run or a legacy model, another commit) is another object's, however many words the two labels share
REFERENCE = re.compile(r"(?<![A-Za-z])(?:reference|ref|baseline|previous|prev|legacy)(?![A-Za-z])|"
                       r"(?<![0-9A-Za-z])(?=[a-f]*\d)(?=\d*[a-f])[0-9a-f]{7,40}(?![0-9A-Za-z])", re.I)  # "dl1_legacy" too


# "eff_data" and "eff_mc", "SF_b data" and "SF_b sim": the measurement in data and the simulated one
DATA_OR_SIMULATION_WORD = re.compile(r"(?<![A-Za-z0-9])(?:(?P<data>data)|(?P<sim>mc|sim|simulation|simulated))(?![A-Za-z0-9])", re.I)


def _data_against_simulation(a: str, b: str) -> bool:
    """One label names data and not simulation, the other simulation and not data."""
    def sides(label: str) -> set[str]:
        return {m.lastgroup or "" for m in DATA_OR_SIMULATION_WORD.finditer(label)}
    sa, sb = sides(a), sides(b)
    return len(sa) == len(sb) == 1 and sa != sb


# "(b) Validation on 400k simulated jets ... AUC 0.951" and "(d) Validation on 2.4 fb^-1 of collision data ... AUC 0.47":
# the list item a number stands in says whether it was measured on simulation or on recorded data
ITEM_OPENING_MARK = re.compile(r"\s*(?:\(\w{1,3}\)|\w{1,2}\)|[-*•+]|\d{1,2}[.)])\s+\S")
ITEM_SAYS_RECORDED_DATA = re.compile(r"\b(?:collision|recorded|real|detector|open)\s+data\b|\bdata[- ]driven\b|\b(?:on|in)\s+data\b|"
                                     r"\bfb\s*\^?\s*-1\b|\bfb⁻¹|/fb\b", re.I)
ITEM_SAYS_SIMULATION = re.compile(r"\bsimulat(?:ed|ion)\b|\bMonte[- ]Carlo\b|(?<![\w-])MC(?![\w-])", re.I)
MAX_ITEM_LINES_UP = 8


def _item_sample_side(rep: Report, line: int) -> str:
    """'data' or 'simulation' where the list item holding `line` names one sample kind and not the other; '' otherwise
    (no item mark within a few lines above, without a blank line between, or both kinds named)."""
    for j in range(line - 1, max(-1, line - 1 - MAX_ITEM_LINES_UP), -1):
        if j >= len(rep.lines) or not rep.lines[j].strip():
            return ""
        if ITEM_OPENING_MARK.match(rep.lines[j]):
            body = " ".join(rep.lines[j:line])
            data, sim = bool(ITEM_SAYS_RECORDED_DATA.search(body)), bool(ITEM_SAYS_SIMULATION.search(body))
            return "data" if data and not sim else "simulation" if sim and not data else ""
    return ""


# a numbered citation closing a statement ("... 6.4% <sup>[1]</sup>", "... of 2.9% [2, 3]"): the source it is taken from
CITATION_MARK = re.compile(r"(?:<sup>\s*|(?<=\s))\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\](?:\s*</sup>)?")


def _cites_other_sources(a: str, b: str) -> bool:
    """Two sentences of a literature summary (a research assistant's answer), each closed by its own numbered citations
    and none in common: each number is one paper's measurement, a survey of results, not one result stated twice."""
    def cited(t: str) -> set[str]:
        return {n for m in CITATION_MARK.finditer(t) for n in re.findall(r"\d+", m[1])}
    ca, cb = cited(a), cited(b)
    return bool(ca and cb and not ca & cb)


def _references(label: str) -> frozenset[str]:
    return frozenset(m.lower() for m in REFERENCE.findall(label))


# "[physics] reference (v0.9 release notes): pnet eps_B = 0.00409": a line led, up to its first colon, by what it gives
LINE_LEAD = re.compile(r"\s*(?:\[[A-Za-z][\w .:/@-]{0,30}\]\s*)?(?P<lead>[^:\n]{1,60}?):\s")


def _lead_reference(c: Claim, v: Value) -> frozenset[str]:
    """'[physics] reference (v0.9 release notes): pnet_onnx_fp32 eps_B = 0.00409, tolerance 10%' beside '[physics]
    pnet_onnx_fp32 eps_B = 0.00412': a line whose lead (the words before its first colon, ahead of the number) names a
    reference (a baseline, an earlier release) gives that reference's number, which the report's own is checked against,
    not a second reading of it."""
    m = LINE_LEAD.match(c.text) if c.kind == "prose" else None
    return _references(m["lead"]) if m and m.end() <= v.start < BORROWED else frozenset()


# a log line's own tag ("[eval]"), the whitespace after it kept: how far the message is indented under the tag
TAG_ONLY = re.compile(r"\s*\[[A-Za-z][\w .:/@-]{0,30}\] ?")
HEAD_UP = 15  # lines looked up for the head a line is indented under


def _head_reference(rep: Report, c: Claim) -> frozenset[str]:
    """'[eval] reference dnn_v5 (same test split, same working point):' over '[eval]   eps_B (QCD) = 0.0110': a line indented
    (after its log tag) under a head that ends on ':' and names a reference (a baseline, an earlier version) gives that
    reference's numbers, whatever words its own label shares with the report's own."""
    if c.kind != "prose" or not 1 < c.line <= len(rep.lines):
        return frozenset()

    def indent(line: str) -> int:
        body = line[m.end():] if (m := TAG_ONLY.match(line)) else line
        return len(body) - len(body.lstrip())
    own = indent(rep.lines[c.line - 1])
    for j in range(c.line - 2, max(-1, c.line - 2 - HEAD_UP), -1):
        up = rep.lines[j]
        if not up.strip():
            break
        if indent(up) < own:
            return _references(up) if up.rstrip().endswith(":") else frozenset()
    return frozenset()


def _title_words(title: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][\w-]*|\d+", title)}


def _sibling_titles(c: Claim, d: Claim) -> bool:
    """Two sentences under two section titles that name two of one kind ("Loose WP" and "Tight WP", "Model A" and
    "Model B"): the titles share a word, and each has one the other lacks, so their lines are two variants' numbers, not
    one number stated twice (unlike "Results" and "Summary", which name no variant)."""
    if c.kind != "prose" or d.kind != "prose" or not c.context or not d.context or c.context == d.context:
        return False
    ct, dt = (re.sub(r"\s+\([^()]{0,40}\)\s*$", "", t) for t in (c.context, d.context))  # "lgt_v3 (reference, same jets)":
    # a title's closing remark in brackets is no part of its name
    if any(re.search(r"[\[\]{}().:/=|<>]", t) for t in (ct, dt)):
        return False  # (a data path, "messages[3].content", or a logger's tag is no title)
    a, b = _title_words(ct.replace("_", " ")), _title_words(dt.replace("_", " "))  # ("lgt_v4", "lgt_v3": two of one kind)
    return bool(a & b) and bool(a - b) and bool(b - a) and len(a) <= 6 and len(b) <= 6


def _same_object(a: dict[str, str], b: dict[str, str]) -> bool:
    """Two values of one quantity conflict only when they may describe the same object: no field of the layout
    (row, key, list item) names two different ones."""
    return all(a[k] == b[k] for k in a.keys() & b.keys())


MAX_SEEN = 400  # values of one quantity compared pairwise (a flooded report is checked up to here)


def _round_efficiency(v: Value) -> bool:
    """A signal efficiency of one significant digit ("eps_s: 0.5", "at 30%"): a working point chosen, so two of them
    for one thing are two working points, never one measurement given twice."""
    return v.quantity == "efficiency" and bool(re.fullmatch(r"0?\.[1-9]0*|[1-9]0?(?:\.0*)?\s*%", v.shown.strip()))

def _rows_at_other_working_points(c: Claim, d: Claim) -> bool:
    """Two table rows whose signal-efficiency cells are working points chosen ("GN2X  0.50  0.00066" and "GN2X  0.60
    0.00131"): the same tagger at two working points, so its other numbers there are two measurements, not one twice."""
    if c.kind != "row" or d.kind != "row":
        return False
    a = {round(v.value, 6) for v in c.values if _round_efficiency(v)}
    b = {round(v.value, 6) for v in d.values if _round_efficiency(v)}
    return bool(a) and bool(b) and a != b


# a line led by the seed, fold or run it is of ("[seed 11]", "fold 3:", "run=2"): each of its numbers is that one's
ONE_SEED_LEAD = re.compile(r"^\W{0,3}(?:seed|fold|run|replica|trial)\s*[=:#]?\s*\d{1,6}\b", re.I)
MEAN_WORD = re.compile(r"\b(?:mean|average|avg|averaged)\b|_mean\b|\bmean_", re.I)


def _one_seed_line(c: Claim, v: Value) -> bool:
    return v.start < BORROWED and bool(ONE_SEED_LEAD.match(c.text))


def _named_mean(c: Claim, v: Value) -> bool:
    """The value is named a mean ("mean AUC 0.8983", a record's key "auc_scratch_mean")."""
    near = c.text[:200] if c.kind == "row" else c.text[max(0, v.start - 60):v.start] if v.start < BORROWED else ""
    return bool(MEAN_WORD.search(f"{v.label} {near}"))


def _one_part(c: Claim, v: Value) -> bool:
    """The value is named one part's of a repeated measurement ("fold AUCs: 0.533 0.541 ...", "seed 3: 0.91"), not a mean."""
    return bool(ONE_FOLD_OR_SEED.search(v.label)) and not _named_mean(c, v)


ONE_FOLD_OR_SEED = re.compile(r"\b(?:folds?|seeds?|replicas?|bootstraps?|per[- ](?:fold|seed|run))\b", re.I)  # a part of a repeated measurement


# what names a value just before it: "tau21 only = 0.874", "tau21+mass = 0.869", "the BDT alone reaches 0.81"
NAME_SAYS_ALONE = re.compile(r"\b(?:only|alone|by itself|on its own)\b[^.;:\d]{0,25}$", re.I)
NAME_SAYS_COMBINED = re.compile(r"[A-Za-z0-9)]\s*\+\s*[A-Za-z(][^.;:\d]{0,25}$|\b(?:combined with|together with|plus)\s+[A-Za-z]"
                                r"[^.;:\d]{0,25}$", re.I)


# "Compared with DL1r (light rejection 1/0.0148 = 68)": the name a bracketed number is given as the thing compared against
COMPARED_AGAINST_BRACKET = re.compile(r"(?i:compared\s+(?:with|to)|relative\s+to|against|versus|vs\.?)\s+(?:the\s+)?"
                                      r"(?P<name>[A-Za-z][\w.+-]{0,20})\s*\([^()]{0,60}$")


def _compared_against_other(c: Claim, v: Value, d: Claim, w: Value) -> bool:
    """One of the two numbers stands in a bracket after the name of the thing compared against, a name the other's label
    does not carry: two objects."""
    def against(claim: Claim, val: Value) -> str:
        m = COMPARED_AGAINST_BRACKET.search(claim.text[max(0, val.start - 90):val.start]) if val.start < len(claim.text) else None
        return m["name"].lower() if m else ""
    return any((name := against(*one)) and name not in other[1].label.lower().split()
               for one, other in (((c, v), (d, w)), ((d, w), (c, v))))


# "Variant A (no interaction matrix)" beside "Variant B (full interaction matrix)": a label that names a part as absent
LABEL_SAYS_ABSENT = re.compile(r"(?<![\w-])(?:no|without|w/o|minus)\s+[a-z]", re.I)


def _other_data_splits(v: Value, w: Value) -> bool:
    """'Epoch[0] Train-accuracy=0.7748' beside 'Epoch[0] Validation-accuracy=0.7934': the same metric on the training
    set and on the held-out set are two numbers (the network fits the jets it was trained on better), not one given
    twice."""
    a, b = data_splits(v.label), data_splits(w.label)
    return bool(a and b and a != b)


def _label_without_against_label_with(v: Value, w: Value) -> bool:
    """Two labels that differ, one naming something as absent ("no interaction matrix", "without PID") and the other
    not: the variant without it and the one with it are two objects, whatever words they share."""
    if v.label.lower().split() == w.label.lower().split():
        return False
    return bool(LABEL_SAYS_ABSENT.search(v.label)) != bool(LABEL_SAYS_ABSENT.search(w.label)) or \
        bool(LABEL_SAYS_RAW.search(v.label)) != bool(LABEL_SAYS_RAW.search(w.label))  # "auc_raw" beside "auc": the score
    # as written and the one after its correction (flipped, calibrated) are two numbers


LABEL_SAYS_RAW = re.compile(r"(?<![\w-])(?:raw|uncalibrated|uncorrected|unflipped)(?![\w-])", re.I)


def _one_alone_other_combined(c: Claim, v: Value, d: Claim, w: Value) -> bool:
    """Two labels that differ, where one is said to stand alone and the other names a combination ("X+Y", "X combined
    with Y"): two objects, not one given twice."""
    if v.label.lower().split() == w.label.lower().split():
        return False
    def named(claim: Claim, val: Value) -> str:
        return claim.text[max(0, val.start - 60):val.start] if val.start < len(claim.text) else ""
    return any(NAME_SAYS_ALONE.search(named(*one)) and NAME_SAYS_COMBINED.search(named(*other))
               for one, other in (((c, v), (d, w)), ((d, w), (c, v))))


# a parton shower other than the default one a test set is generated with: its jets are another sample
OTHER_SHOWER = re.compile(r"\b(herwig|sherpa|vincia|dire)\b", re.I)


def _showers(c: Claim, v: Value) -> frozenset[str]:
    """The other shower generators named for the number `v` (before it in its sentence, or in its label or heading)."""
    before = c.text[:v.start] if v.start < BORROWED else ""
    after = c.text[v.start + len(v.shown):v.start + len(v.shown) + 30] if v.start < BORROWED else ""
    on = re.match(r"\s*(?:on|with|for|in)\s+(?:the\s+)?(?:\w+\s+)?(?=(?:herwig|sherpa|vincia|dire)\b)", after, re.I)  # "0.46 on Herwig"
    return frozenset(m.lower() for m in OTHER_SHOWER.findall(f"{c.context} {before} {v.label} {after[on.end():][:10] if on else ''}"))


# "ParticleNet drops to 0.871": the thing's number after a change the sentence says it went through
# ("has shrunk to 1.2 sigma", "has fallen to": the participle after 'has' names the change too)
MOVED_TO = re.compile(r"\b(?:drop(?:s|ped)?|fall(?:s)?|fell|go(?:es)?|went|rise(?:s)?|rose|climb(?:s|ed)?|slip(?:s|ped)?|"
                      r"decrease(?:s|d)?|increase(?:s|d)?|come(?:s)? down|came down|shrink(?:s)?|shrank|shrunk|grow(?:s)?|grew|grown|fallen|risen|gone)\s+"
                      r"to\s+(?:about\s+|only\s+|just\s+|roughly\s+|~\s*)?$", re.I)


# "With the sideband selection corrected and all classifiers retrained, the same control gives AUC = 0.502": a sentence
# opened by a fix of the analysis; its numbers are the redone analysis's, not a second reading of the ones before the fix
AFTER_A_FIX = re.compile(r"\s*(?:with|after|once)\b[^.;:]{0,80}?\b(?:corrected|fixed|repaired|retrained|re-?run|redone)\b", re.I)


def _after_a_fix(c: Claim, v: Value) -> bool:
    return c.kind == "prose" and v.start < BORROWED and bool(AFTER_A_FIX.match(c.text[:v.start]))


def _moved_to(c: Claim, v: Value) -> bool:
    """The number is where the thing went ("ParticleNet drops to 0.871"): its value after a change, not a second reading
    of the one before it."""
    return v.start < BORROWED and bool(MOVED_TO.search(c.text[max(0, v.start - 40):v.start]))


def _step_above(rep: Report, c: Claim) -> frozenset[str]:
    """'Epoch 3/30' on a line of its own over a progress line of losses and accuracies: the step that line's numbers are
    of (a console that prints the step above its record, not in it)."""
    above = rep.lines[c.line - 2].strip() if 2 <= c.line <= len(rep.lines) + 1 else ""
    m = re.fullmatch(rf"{STEP.pattern}(?:\s*/\s*\d+)?:?", above, re.I)  # "Epoch 3/30", "Step 200:"
    if m is None:
        m = _test_pass_header_above(rep, c)
    return frozenset([f"{m[1].lower()}={m[2]}"]) if m else frozenset()


# "I0503 09:19:02.884512 21844 solver.cpp:330] ": the prefix of a glog line (severity, date, time, thread, source:line)
GLOG_PREFIX = re.compile(r"[IWEF]\d{4}\s+\d\d:\d\d:\d\d(?:\.\d+)?\s+\d+\s+[\w./-]+:\d+\]\s*")
# "Iteration 4000, Testing net (#0)": a solver's line that opens the test pass at a step; its outputs follow, one a line
TEST_PASS_HEADER = re.compile(rf"{STEP.pattern},?\s+(?:Testing|Validating|Evaluating)\b[^\d=]{{0,30}}(?:\(#\d+\))?", re.I)


def _test_pass_header_above(rep: Report, c: Claim) -> re.Match[str] | None:
    """'Iteration 4000, Testing net (#0)' over 'Test net output #0: accuracy = 0.886' and '... #1: loss = 0.287': the
    step of a solver's test pass, printed above its outputs (Caffe), so that each pass's accuracy is its own step's (a
    rise from 0.5 at iteration 0 to 0.886 at 4000 is training, not one number given twice)."""
    for k in range(c.line - 2, max(-1, c.line - 6), -1):
        if not 0 <= k < len(rep.lines):
            return None
        msg = GLOG_PREFIX.sub("", rep.lines[k].strip()[:300], count=1)
        if m := TEST_PASS_HEADER.fullmatch(msg):
            return m
        if not re.match(r"(?:Test|Train|Val\w*)\s+net\s+output\s+#\d+:", msg, re.I):
            return None  # only the pass's other outputs stand between its header and this one
    return None


# "[scan] window 06 [3.00, 3.10] TeV  n_obs = 355", "mass point 3: m = 2.5 TeV": a log line opening the record of one
# numbered window, bin or region of a scan
RECORD_HEADER = re.compile(r"^\s*(?:\[[\w .:-]{1,30}\]\s*)?(window|bin|region|slice|mass point)\s*#?\s*(\d+)\b", re.I)


def _record_header_above(rep: Report, c: Claim) -> frozenset[str]:
    """The numbered window (bin, region) whose record `c`'s printed line belongs to: the nearest header line above it
    within a few lines ("[scan] window 06 ..." over "Significance (in units of sigma) = 2.75"), each window its own object."""
    if c.kind != "prose":
        return frozenset()
    for n in range(c.line, max(0, c.line - 6), -1):
        if n <= len(rep.lines) and (m := RECORD_HEADER.match(rep.lines[n - 1])):
            return frozenset([f"{m[1].lower()}={int(m[2])}"])
    return frozenset()


def _signal_declared_above(rep: Report, c: Claim) -> frozenset[str]:
    """'injected s/b = 0.0025, seed 11' on a log line of its own over 'AUC(SR vs SB) = 0.541': the injected signal of the
    run whose record follows (the nearest such declaration above, in the same block of lines, with no result of its own)."""
    if c.kind != "prose" or any(v.quantity == "signal_fraction" for v in c.values):
        return frozenset()
    for n in range(c.line - 1, max(0, c.line - 6), -1):
        if not rep.lines[n - 1].strip() or is_command(rep.lines[n - 1]):
            break
        here = rep.by_line.get(n, [])
        if any(d.results() and all(v.quantity == "signal_fraction" for v in d.results()) for d in here):
            return frozenset(v.shown.rstrip("%") for d in here for v in d.values if v.quantity == "signal_fraction")
        if any(d.results(*(v.quantity for v in c.results() if v.quantity)) for d in here if c.results()):
            break  # a result of the same kind stands between: that record is another run's
    return frozenset()


def _records_of_two_names(rep: Report, c: Claim, v: Value, d: Claim, w: Value) -> bool:
    """Two printed lines, each opening with a name that labels its first result ("KNN ROC:0.8694, precision @ rank n:0.315",
    "IForest ROC:0.8237, ..."), the names differing: a later field of each line is that line's name's, two objects."""
    def name(x: Claim, y: Value) -> str:
        first = next((u for u in x.values if u.role in ("result", "control", "classifier_test") and u.start < BORROWED), None)
        words = rep.lines[x.line - 1].split() if 0 < x.line <= len(rep.lines) else []
        head = re.sub(r"[^\w-]", "", words[0]).lower() if words else ""
        if first is None or first is y or not head or not first.label.lower().split()[:1] == [head] \
                or head in y.label.lower().split():
            return ""
        return head
    a, b = name(c, v), name(d, w)
    return c.kind == d.kind == "prose" and bool(a and b) and a != b


def _passed_to_a_call(c: Claim, v: Value) -> bool:
    """`v` is an argument a line passes to a function or a tool ("hanley_mcneil(auc = 0.823, n_pos = 1000)")."""
    return v.start < BORROWED and CALL_ARGUMENT.search(c.text[max(0, v.start - 200):v.start]) is not None


def _conflicts(rep: Report) -> Iterator[Finding]:
    """The same quantity of the same thing under the same conditions, given two values."""
    seen: dict[tuple[str, str], list[tuple[Claim, Value, frozenset[str], frozenset[str]]]] = {}
    values = [(c, v) for c, v in rep.values("auc", "accuracy", "efficiency", "rejection", "sic", "perplexity", "resolution",
                                            "significance", "p_value", "codebook_usage", "fake_rate", "purity")
              if _key_words(v.label) and not v.bound]
    sweeps: dict[tuple[str, frozenset[str]], set[frozenset[str]]] = {}  # one thing's numbers under several conditions
    on_line: dict[int, frozenset[str]] = {}  # "Full test set (404,000 jets): ParT 0.9402; ParticleNet 0.9398": one head
    for c in rep.claims:
        if c.kind == "prose" and c.line not in on_line:
            on_line[c.line] = _conditions(c)
    def conditions(c: Claim) -> frozenset[str]:
        own = _conditions(c) or (on_line.get(c.line, frozenset()) if c.kind == "prose" else frozenset())
        own |= _signal_declared_above(rep, c) | _record_header_above(rep, c)
        return own | _step_above(rep, c) if not STEP.search(c.text) else own
    for c, v in values:
        sweeps.setdefault((v.quantity, _key_words(v.label)), set()).add(conditions(c))
    row_names: dict[str, set[frozenset[str]]] = {}  # the names of a quantity's table rows
    for c, v in values:
        if c.kind == "row":
            row_names.setdefault(v.quantity, set()).add(_key_words(v.label))

    def only_row(words: frozenset[str], ws: frozenset[str], q: str) -> bool:
        """"ParticleNet reaches 112" beside the one row "ParticleNet (mass-decorrelated) | 95": a sentence's shorter name is
        of that row where no other row of the quantity has the name's words (under the same conditions: "for the high-pT
        slice, 0.113 for pfn_e40" is not the row of the full test set)."""
        return words < ws and [r for r in row_names.get(q, ()) if words <= r] == [ws]
    runs = _run_tags(rep)
    head_refs: dict[int, frozenset[str]] = {}

    def heads(c: Claim) -> frozenset[str]:
        if id(c) not in head_refs:
            head_refs[id(c)] = _head_reference(rep, c)
        return head_refs[id(c)]
    objects = {id(c): _object(rep, c, runs) for c, _ in values}  # once per claim, not once per pair compared
    sides: dict[int, str] = {}  # line -> the sample kind its list item names (data, simulation), read once
    for c, v in values:
        words = _key_words(v.label)
        kind = seen.setdefault((v.quantity, v.role), [])
        cond = conditions(c)
        swept = len(sweeps[(v.quantity, words)] - {frozenset()}) >= 2  # a bare value there is one of the sweep's
        cands = [(d, w) for d, w, ws, dc in kind if d.line != c.line
                 and (ws == words or (d.kind != c.kind and ((d.kind == "row" and ws <= words) or (c.kind == "row" and words <= ws)
                                                            or (d.kind == "row" and only_row(words, ws, v.quantity) and cond == dc)))
                      or (c.kind == d.kind == "prose" and min(ws, words, key=len) - {"ours"} and (ws <= words or words <= ws)))
                 and (cond == dc or (cond <= dc or dc <= cond) and not (swept and d.kind == c.kind == "row"))]
        if len(kind) < MAX_SEEN:
            kind.append((c, v, words, cond))
        if all(same_at_precision(v, w) for _, w in cands):
            continue  # every value it could conflict with agrees with it: the filters below only drop some (a flood of
            # one line's "precision @ rank n:0.3" is not compared pair by pair)
        quoted = any(same_at_precision(v, w) for d, w in cands if "prose" in (c.kind, d.kind)
                     and _same_object(objects[id(c)], objects[id(d)]))  # "Pythia test: ParticleNet has the highest AUC (0.902)"
        # quotes the first of two tool calls' records (0.902, then 0.873 on another test file): a quote, not a contradiction
        cands = [(d, w) for d, w in cands if not (c.kind == d.kind == "prose" and _new_block_between(rep, d.line, c.line))
                 and not _new_command_between(rep, d.line, c.line) and _same_object(objects[id(c)], objects[id(d)])]
        if quoted:
            cands = []
        cands = [(d, w) for d, w in cands if not any(u is not v and same_at_precision(u, w) for u in c.results(v.quantity))]
        # "comparable (94.5% vs 96.5%)" after "usage fraction: 0.965": the two sides of a comparison are two objects, and
        # the one given elsewhere is the other side
        cands = [(d, w) for d, w in cands if not (_round_efficiency(v) and _round_efficiency(w))]
        cands = [(d, w) for d, w in cands if not _rows_at_other_working_points(c, d)]
        cands = [(d, w) for d, w in cands if not (c.kind == d.kind == "row" and None not in (c.seeds, d.seeds) and c.seeds != d.seeds)]
        # "epic_gan  0  0.58 ... 0.566" over "epic_gan  1  0.66 ... 0.561" under "model  seed  ...": rows of one model that
        # differ in their seed cell (or in how many seeds they average) are two runs, each with its own numbers
        cands = [(d, w) for d, w in cands if not (_posed(rep, c) and _posed(rep, d))]  # two exercises' cases, not one result
        cands = [(d, w) for d, w in cands if not _compared_against_other(c, v, d, w)]  # "Compared with DL1r (light
        # rejection 68)" beside "light rejection 80": the thing compared against is another object than the report's own
        cands = [(d, w) for d, w in cands if not _one_alone_other_combined(c, v, d, w)]  # "tau21 only = 0.874" beside
        # "tau21+mass = 0.869": the observable alone and its combination with another are two objects
        cands = [(d, w) for d, w in cands if not _other_data_splits(v, w)]  # "Train-accuracy" beside
        # "Validation-accuracy": the metric on two splits of the data
        cands = [(d, w) for d, w in cands if not _label_without_against_label_with(v, w)]  # "no interaction matrix"
        # beside "full interaction matrix": the variant without a part and the one with it are two objects
        cands = [(d, w) for d, w in cands if _references(w.label) | heads(d) | _lead_reference(d, w)
                 == _references(v.label) | heads(c) | _lead_reference(c, v)]
        cands = [(d, w) for d, w in cands if not (c.kind == d.kind == "prose" and _cites_other_sources(c.text, d.text))]
        # "... jet-mass resolution 6.4% [1]" beside "... a narrower jet-mass resolution of 2.9% [2]": two papers' numbers
        cands = [(d, w) for d, w in cands if not _other_observables(v.label, w.label)]  # "eta resolution (abs.)" beside
        # "phi resolution (abs.)": widths of two observables, each its own number
        cands = [(d, w) for d, w in cands if not _sibling_titles(c, d)]  # "**Loose WP**" ... "**Tight WP**": each
        # title's lines are one variant's numbers
        cands = [(d, w) for d, w in cands if not (_moved_to(c, v) or _moved_to(d, w) or _after_a_fix(c, v) or _after_a_fix(d, w))]  # "ParticleNet drops to 0.871"
        # after "ParticleNet 0.904": the value after a change the report states, not a conflict with the one before
        cands = [(d, w) for d, w in cands if _showers(c, v) == _showers(d, w)]  # "Herwig 7 test: ParT-ft AUC 0.8871"
        # beside "ParT-ft AUC 0.9148" on the nominal test: the same tagger on jets of another shower generator
        cands = [(d, w) for d, w in cands if not _observed_in_other(c, v, d, w)]  # "widths are 2.8% in relative pT, ...;
        # the jet-mass residual width is 6.1%": the observable named after a number is what it is of
        cands = [(d, w) for d, w in cands if not _data_against_simulation(w.label, v.label)]  # "eff_data = 0.620" beside
        # "eff_mc = 0.605": the efficiency measured in data and the simulated one are two objects (their ratio the SF)
        if cands and c.kind == "prose":  # "(b) ... simulated jets: AUC 0.951" beside "(d) ... collision data: AUC 0.47"
            side = sides.setdefault(c.line, _item_sample_side(rep, c.line))
            cands = [(d, w) for d, w in cands if not (side and d.kind == "prose" and
                                                      sides.setdefault(d.line, _item_sample_side(rep, d.line)) not in ("", side))]
        cands = [(d, w) for d, w in cands if bool(ONE_FOLD_OR_SEED.search(w.label)) == bool(ONE_FOLD_OR_SEED.search(v.label))]
        # "SR4 fold AUCs 0.37 0.39 ..." beside "SR4 gives AUC 0.38": one fold's value is not the region's combined one
        cands = [(d, w) for d, w in cands if not (_one_seed_line(c, v) and _named_mean(d, w) or _one_seed_line(d, w) and _named_mean(c, v))]
        # "[seed 11] ... scratch test AUC 0.9044" beside "auc_scratch_mean: 0.8983": one seed's value is not the mean's
        cands = [(d, w) for d, w in cands if not (_one_part(c, v) and _named_mean(d, w) or _one_part(d, w) and _named_mean(c, v))]
        # "per-seed AUCs: 0.712 0.705 ..." beside "AUC (mean over 4 seeds): 0.709": a part's value is not the mean over parts
        cands = [(d, w) for d, w in cands if not _records_of_two_names(rep, c, v, d, w)]  # "KNN ROC:0.87, precision @ rank
        # n:0.315" over "IForest ROC:0.82, precision @ rank n:0.245": each printed record's later fields are its own name's
        cands = [(d, w) for d, w in cands if w.label.startswith("1 - ") == v.label.startswith("1 - ")]  # "1 - raw AUC: 0.688"
        # beside "the raw AUC of 0.312": a complement is another number than the thing's own
        cands = [(d, w) for d, w in cands if not (c.kind == d.kind == "prose" and _training_share(c) != _training_share(d))]
        # ("At 10% of the training set, the GNN's R30 (790)" beside "GNN R30 = 1440": a model trained on a share of the
        # data is another run than the full one)
        cands = [(d, w) for d, w in cands if not (_passed_to_a_call(c, v) and _passed_to_a_call(d, w))]  # "f(auc = 0.823)"
        # beside "f(auc = 0.8291)": two calls of one tool, each with its own input, not one number given twice
        cands = [(d, w) for d, w in cands if w.value * v.value > 0 and 1 / 3 <= w.value / v.value <= 3]  # a misprint or a
        # second reading of one number, not another kind of number read as this one ("the gap to the PFN (0.0039)")
        if cands and not any(same_at_precision(v, w) for _, w in cands):
            d, w = cands[0]
            if c.kind == "row" and d.kind == "prose":  # the table is the record: the prose is wrong
                c, v, d, w = d, w, c, v
            yield Finding("inconsistent_numbers", c.line, SEVERE,
                          f"{v.quantity.replace('_', ' ')} of '{v.label}' is {v.shown} here but {w.shown} on line "
                          f"{d.line}: one of the two is wrong", f"{v.shown} here, {w.shown} on line {d.line}")
            if c.kind == d.kind == "prose":  # which of two sentences is wrong, the report does not say
                yield Finding("inconsistent_numbers", d.line, SEVERE,
                              f"{w.quantity.replace('_', ' ')} of '{w.label}' is {w.shown} here but {v.shown} on line "
                              f"{c.line}: one of the two is wrong", f"{w.shown} here, {v.shown} on line {c.line}")


SCOPE_WORD = re.compile(r"\b(?:local|global|observed|expected)\b", re.I)  # which of a search's significances a p-value is


# "we quote this as", "which is", "this corresponds to": a sentence that opens by restating the one before
RESTATES = re.compile(r"\s*(?:(?:we|they|i)\s+(?:quote|call|report|take|read|count|interpret|state)\w*\s+(?:this|that|it)|"
                            r"(?:this|that|which|it)\s+(?:is|corresponds to|amounts to|means|translates to|equals))\b", re.I)


def _quoted_next(rep: Report, c: Claim) -> list[Value]:
    """The one significance of the sentence right after `c` in its paragraph, when that sentence speaks of `c`'s result
    ('we quote this as', 'which is', 'that is') and states no p-value of its own."""
    after = [d for d in rep.block(c, 2) if rep.order[id(d)] == rep.order[id(c)] + 1 and d.kind == "prose"]
    if not after or not RESTATES.match(after[0].text) or after[0].results("p_value"):
        return []
    zs = [v for v in after[0].values if v.quantity == "significance" and v.role == "result" and not v.bound and v.value > 0]
    return zs if len(zs) == 1 else []


def _own_p_and_z(c: Claim) -> bool:
    return any(v.quantity == "p_value" and v.role == "result" for v in c.values) \
        and any(v.quantity == "significance" and v.role in ("result", "setting") for v in c.values)


def _p0_named_with_its_sigma(c: Claim) -> list[Value]:
    """'p0 = 2.9e-03 (3.4 sigma)', 'p0 = 1.7e-05, i.e. 4.15 sigma': a number named p0 (the null's p-value) with a
    significance set right after it as its conversion, read as the p-value it is (a bare 'p0' is also a fit parameter's
    name, so only with its sigma beside it)."""
    return [v for v in c.values if not v.quantity and v.role == "result" and not v.bound and 0 < v.value < 1
            and v.start < BORROWED and re.search(r"\bp_?0\s*[=≈~]\s*$", c.text[max(0, v.start - 12):v.start])
            and re.match(r"\s*(?:,\s*i\.e\.,?\s*|\(\s*)[\d.]+\s*(?:σ|sigma\b)", c.text[v.start + len(v.shown):])][:1]


SIMPLE_S_OVER_ROOT_B = re.compile(r"\bs\s*/\s*(?:√|sqrt)\s*\(?\s*b\b[^\d]{0,20}$", re.I)


def _p_vs_sigma(rep: Report) -> Iterator[Finding]:
    for c in rep.claims:
        # the same claim, or one object of a JSON answer ({"significance_sigma": 3.2, "p_value": 0.2})
        group = [c] + [d for d in rep.near(c.line, 2) if c.kind == d.kind == "row" and d.context == c.context
                       and d is not c and c.context and not _own_p_and_z(c)]
        # (a table row with a p-value and a significance of its own: "| W7 | ... | 1.4e-5 | 4.7 |" pairs its own two, not
        # those of the windows in the rows around it)
        if c.kind == "row" and c.values and c.values[0].quantity not in ("p_value", "significance") and any(
                d.kind == "row" and d is not c and d.context == c.context and d.values and d.values[0].quantity in (
                    "p_value", "significance") for d in rep.near(c.line, 12)):
            continue  # one object's fields, each a row of its own: said where the p-value or the significance stands
        ps = [v for v in c.results("p_value") if 0 < v.value < 1 and not v.bound] or _p0_named_with_its_sigma(c)
        zs = list({v.shown: v for d in group for v in d.values if v.quantity == "significance" and v.role in (
            "result", "setting") and not v.bound and v.value > 0 and not (v.start < BORROWED and SIMPLE_S_OVER_ROOT_B.search(
                d.text, max(0, v.start - 40), v.start))}.values())  # "3.2 sigma after the trials factor"
        # (not "naive s/sqrt(b) gives 2.96": a rough estimate beside the p-value, no restatement of it)
        said = c.text
        if len(ps) == 1 and not zs and c.kind == "prose":
            zs = _quoted_next(rep, c)  # "(p = 0.027); we quote this as a 3.1 sigma tension"
            said = " ".join([c.text] + [d.text for d in rep.block(c, 2) if rep.order[id(d)] == rep.order[id(c)] + 1][:1]) \
                if zs else said  # the sidedness the quoting sentence names ("that is 3.9 sigma (two-sided)")
        if len(ps) == 1 < len(zs) and (scope := SCOPE_WORD.search(ps[0].label)) and len(
                same := [z for z in zs if re.search(rf"\b{scope[0]}\b", z.label, re.I)]) == 1:
            zs = same  # "a local excess of 3.0 standard deviations, local p-value 0.013, and a global 2.1 sigma": by scope
        by_scope = _p_and_z_paired_by_scope(ps, zs)
        if by_scope:
            ps, zs = by_scope
        if len(ps) == len(zs) and (len(ps) == 1 or by_scope or all(z.start > p.start for p, z in zip(ps, zs, strict=True))):
            for pv, zv in zip(ps, zs, strict=True):  # "local p = 1.35e-3 (3.0 sigma), global p = 0.020 (3.2 sigma)"
                if (ps_ := re.search(r"\b(local|global)\b", pv.label, re.I)) and _scope(c, zv) not in ("", ps_[1].lower()):
                    continue  # "a local p of 1.3e-5 and 60 windows ... i.e. 3.2 sigma global": two scopes, two numbers
                if _converts_another_number(c, pv, zv):
                    continue
                one, two = float(st.norm.isf(pv.value)), float(st.norm.isf(pv.value / 2))
                if _off(one, two, zv.value, said) and not _rounded_to_whole(zv, said, one, two):  # 4.2σ is no p of 1.3e-4
                    line = c.line_at(pv.start)  # where p stands
                    yield Finding("inconsistent_numbers", line, SEVERE,
                                  f"p = {pv.shown} is {one:.1f}σ one-sided ({two:.1f}σ two-sided), not the "
                                  f"{zv.shown} stated beside it", f"p = {pv.shown} is not {zv.shown}")


# "p_glob = 1-(1-0.0179)^8 = 0.134 -> 1.1 sigma", "0.134, i.e. 1.1 sigma": a significance set right after a number as
# its conversion
CONVERTED_TO = re.compile(r"\s*(?:->|→|=>|⇒|,?\s*i\.\s?e\.,?|\(|≈|~)\s*")


def _converts_another_number(c: Claim, pv: Value, zv: Value) -> bool:
    """The significance is the conversion of another probability that stands right before it (the trials-corrected p
    worked out of the local one), not of this p-value: the two are not set beside each other."""
    if zv.start >= BORROWED:
        return False
    before = [w for w in c.values if w.start < zv.start and w is not zv]
    w = max(before, key=lambda w: w.start, default=None)
    return w is not None and w is not pv and w.shown != pv.shown and 0 < w.value < 1 \
        and CONVERTED_TO.fullmatch(c.text[w.start + len(w.shown):zv.start]) is not None


def _p_and_z_paired_by_scope(ps: list[Value], zs: list[Value]) -> tuple[list[Value], list[Value]] | None:
    """'local_Z: 4.1, local_p: 2.07e-05, global_p: 0.0103, global_Z: 2.32': several p-values and as many significances,
    each p-value's scope word (local, global) naming exactly one significance of that scope: each p with its own, whatever
    order the fields are printed in. None when the scopes do not pair them one to one."""
    if len(ps) < 2 or len(ps) != len(zs):
        return None
    paired: list[Value] = []
    for p in ps:
        scope = SCOPE_WORD.search(p.label)
        mine = [z for z in zs if scope and re.search(rf"\b{scope[0]}\b", z.label, re.I)
                and len(set(m.lower() for m in SCOPE_WORD.findall(z.label))) == 1]
        if scope is None or len(set(m.lower() for m in SCOPE_WORD.findall(p.label))) != 1 or len(mine) != 1 or mine[0] in paired:
            return None
        paired.append(mine[0])
    return ps, paired


# "... gives p = 1.35e-3" and then "that's a 3.5 sigma tension": a sentence that opens on what the one before it stated
BACK_REFERENCE = re.compile(r"\s*(?:so\s+|and\s+)?(?:that(?:'s|’s|\s+is|\s+means|\s+corresponds\s+to|\s+amounts\s+to|\s+makes\s+it)|"
                            r"this(?:'s|’s|\s+is|\s+means|\s+corresponds\s+to)|which\s+(?:is|means|corresponds\s+to)|i\.e\.,?|"
                            r"(?:or|equivalently)\b,?)\s", re.I)


def _rounded_to_whole(z: Value, text: str, one: float, two: float) -> bool:
    """'significant at the ~2σ level (p ≈ 0.012)': a whole number of sigma said to be approximate is the p-value's
    one- or two-sided reading rounded to the nearest whole sigma."""
    return "." not in z.shown and bool(re.search(rf"(?:~|≈|\babout|\baround|\broughly|\bapprox\w*)\s*{re.escape(z.shown)}",
                                                 text, re.I)) and min(abs(one - z.value), abs(two - z.value)) < 0.5


def _off(one: float, two: float, z: float, text: str) -> bool:
    """A significance `z` that is neither the one-sided (`one`) nor the two-sided (`two`) reading of its p-value; only the
    reading the sentence names where it names one ("3.5 sigma (one-sided)")."""
    sided = re.findall(r"\b(one|two|single|double)[- ]sided\b", text, re.I)
    kinds = {"one" if k.lower() in ("one", "single") else "two" for k in sided}
    if kinds == {"two"}:
        return abs(two - z) > max(0.3, 0.06 * z)
    if kinds == {"one"}:
        return abs(one - z) > max(0.3, 0.06 * z)
    # unnamed: the one-sided reading (the convention of a search) within a loose rounding; the two-sided one only where it
    # is the conversion itself ("p = 0.0027, 3 sigma"), not a second chance for a number off the one-sided reading
    return abs(one - z) > max(0.3, 0.06 * z) and abs(two - z) > TWO_SIDED_READING_SLACK_OF_SIGMA


# how far an unnamed significance may stand from its p-value's two-sided reading: the rounding of both numbers, no more
TWO_SIDED_READING_SLACK_OF_SIGMA = 0.12


# "local p-value : 4.94e-04" over "local signif. : 3.92 sigma": a printout's field, its key then a colon and the number
FIELD_LINE = re.compile(r"\s*[A-Za-z][\w .-]{0,30}?\s*:\s*[-+]?\d")


def _p_field_then_sigma_field(rep: Report) -> Iterator[Finding]:
    """A summary printed as fields, a p-value on one line and a significance of the same scope (local, global, or
    neither named) on the line right under it, each the field's one number: the second is the first in sigma, and the two
    must agree, one-sided or two-sided."""
    by_line = {c.line: c for c in rep.claims if c.kind == "prose"}
    for c in rep.claims:
        d = by_line.get(c.line + 1)
        if c.kind != "prose" or d is None or len(c.values) != 1 or len(d.values) != 1 or c.line + 1 > len(rep.lines):
            continue
        pv, zv = c.values[0], d.values[0]
        if pv.quantity != "p_value" or zv.quantity != "significance" or pv.bound or zv.bound or not 0 < pv.value < 1 \
                or zv.value <= 0 or not (FIELD_LINE.match(rep.lines[c.line - 1]) and FIELD_LINE.match(rep.lines[d.line - 1])):
            continue
        if {m.lower() for m in SCOPE_WORD.findall(pv.label)} != {m.lower() for m in SCOPE_WORD.findall(zv.label)}:
            continue  # "local p-value" over "global significance": two numbers of two scopes
        one, two = float(st.norm.isf(pv.value)), float(st.norm.isf(pv.value / 2))
        said = f"{c.text} {d.text}"
        if _off(one, two, zv.value, said) and not _rounded_to_whole(zv, said, one, two):
            yield Finding("inconsistent_numbers", d.line, SEVERE,
                          f"{zv.shown} is given as the significance of p = {pv.shown} (line {c.line}), but that p-value is "
                          f"{one:.1f}σ one-sided ({two:.1f}σ two-sided)", f"p = {pv.shown} is not {zv.shown}")


# "a 3 sigma bump, which means that the chance of ordinary jets making a bump this big by pure luck is about 1 in 100,000":
# a chance said in words, of luck alone making what was seen: the p-value of the significance it explains
CHANCE_BY_LUCK = re.compile(r"\b(?:chance|probability|odds|likelihood)\b[^.;:!?\d]{0,120}?\b(?:by|from|through|of)\s+(?:pure\s+|sheer\s+|blind\s+)?"
                            r"(?:luck|chance|accident|a\s+fluke|fluctuation)\b[^.;:!?\d]{0,25}$", re.I)
# "... somewhere in the 25 windows", "after the look-elsewhere effect": a chance taken over the places looked, a global one
CHANCE_OVER_PLACES = re.compile(r"\b(?:global\w*|somewhere|anywhere|any\s+(?:of\s+the\s+)?(?:window|bin|place)s?|all\s+(?:\d+\s+|the\s+)?(?:window|bin|place)s|"
                                r"look[- ]elsewhere|trials?\s+factor|windows\b|places\b)", re.I)


def _sigma_then_chance_by_luck(rep: Report) -> Iterator[Finding]:
    """A sentence that gives one significance and then the chance, in percent, that luck alone made it: that chance is
    the significance's p-value, one-sided (or two-sided), and must agree with it."""
    for c in rep.claims:
        zs = [v for v in c.values if v.quantity == "significance" and v.role == "result" and not v.bound and v.value > 0
              and v.start < BORROWED]
        if c.kind != "prose" or len(zs) != 1 or c.results("p_value"):
            continue
        z = zs[0]
        chances = [v for v in c.values if z.start < v.start < BORROWED and v.shown.endswith("%") and not v.quantity
                   and not v.bound and 0 < v.value < 5 and CHANCE_BY_LUCK.search(c.text[z.start:v.start])]
        if len(chances) != 1 or CHANCE_OVER_PLACES.search(c.text[z.start:chances[0].start]):
            continue
        pv = chances[0]
        one, two = float(st.norm.isf(pv.value / 100)), float(st.norm.isf(pv.value / 200))
        if _off(one, two, z.value, c.text) and not _rounded_to_whole(z, c.text, one, two):
            yield Finding("inconsistent_numbers", c.line_at(pv.start), SEVERE,
                          f"a chance of {pv.shown} that luck made it is {one:.1f}σ one-sided ({two:.1f}σ two-sided), not the "
                          f"{z.shown} it is said to mean", f"a {pv.shown} chance is not {z.shown}")


def _p_then_sigma(rep: Report) -> Iterator[Finding]:
    """A p-value stated alone, and the next sentence (a line or a chat turn later) that opens by calling it a number of
    sigma: the two must agree, one-sided or two-sided."""
    prev: Claim | None = None
    for c in rep.claims:
        if prev is not None and 0 < c.line - prev.line <= 4 and BACK_REFERENCE.match(c.text):
            ps = [v for v in prev.results("p_value") if 0 < v.value < 1 and not v.bound]
            zs = [v for v in c.values if v.quantity == "significance" and v.role in ("result", "setting") and not v.bound
                  and v.value > 0]
            if len(ps) == 1 and len(zs) == 1 and not c.results("p_value") and not any(
                    v.quantity == "significance" for v in prev.values):
                pv, zv = ps[0], zs[0]
                one, two = float(st.norm.isf(pv.value)), float(st.norm.isf(pv.value / 2))
                if _off(one, two, zv.value, f"{prev.text} {c.text}"):
                    yield Finding("inconsistent_numbers", c.line, SEVERE,
                                  f"{zv.shown} is said of p = {pv.shown} (line {prev.line}), but that p-value is "
                                  f"{one:.1f}σ one-sided ({two:.1f}σ two-sided)", f"p = {pv.shown} is not {zv.shown}")
        prev = c


# "Mean of column A   3.12": a statistics package's mean of one group, by the group's name
MEAN_OF_GROUP = re.compile(rf"^\s*mean\s+of\s+(?:the\s+)?(?:column\s+|group\s+|sample\s+)?(?P<name>[\w.-]{{1,30}})\s*[:=\t ]\s*(?P<v>{NUM})\s*$",
                           re.I)
# "Difference between means (B - A) ± SEM   -0.84 ± 0.1060": the difference of two of those means, in the order named
DIFFERENCE_OF_MEANS = re.compile(rf"^\s*difference\s+(?:between|of)\s+(?:the\s+)?means\s*\(\s*(?P<a>[\w.-]{{1,30}})\s*[-−]\s*"
                                 rf"(?P<b>[\w.-]{{1,30}})\s*\)[^\d\n+−-]{{0,20}}?(?P<d>{NUM})", re.I)


def _difference_between_named_means(rep: Report) -> Iterator[Finding]:
    """'Mean of column A 3.12' and 'Mean of column B 2.46' over 'Difference between means (B - A) -0.84' (GraphPad
    Prism's t test, a statistics package's group summary): the difference is the two means subtracted in the order it
    names, up to their rounding."""
    means: dict[str, tuple[int, str]] = {}
    for i, line in enumerate(rep.lines[:5000], start=1):
        if m := MEAN_OF_GROUP.match(line[:300]):
            means[m["name"].lower()] = (i, m["v"])
        elif (m := DIFFERENCE_OF_MEANS.match(line[:300])) and m["a"].lower() in means and m["b"].lower() in means:
            (la, a), (lb, b) = means[m["a"].lower()], means[m["b"].lower()]
            if not (0 < i - la <= 12 and 0 < i - lb <= 12):
                continue
            want = float(a.replace("−", "-")) - float(b.replace("−", "-"))
            d = float(m["d"].replace("−", "-"))
            if abs(d - want) > last_digit(a) / 2 + last_digit(b) / 2 + last_digit(m["d"]) / 2 + 1e-9 and abs(d - want) > 0.01 * abs(want):
                yield Finding("inconsistent_numbers", i, SEVERE,
                              f"the difference between means ({m['a']} - {m['b']}) is given as {m['d']}, but the means "
                              f"stated above ({a}, line {la}; {b}, line {lb}) give {fmt(want)}",
                              f"difference of means {m['d']} is not {a} - {b} = {fmt(want)}")


ERROR_LABEL = re.compile(r"\b(?:sem|std|sd|stderr|err\w*|unc\w*|sigma|spread)\b", re.I)  # "sem=0.0009": an error, no change
# "the largest difference is 6.1e-4", "max abs diff 2.7e-3", "rms deviation 7e-5": a statistic of many per-item differences
# (scores compared jet by jet), no change between two of its sentence's numbers
SUMMARY_OF_DIFFERENCES = re.compile(r"\b(?:largest|biggest|max(?:imum|imal)?|mean|average|median|rms|typical)\s+"
                                    r"(?:abs(?:olute)?\s+)?(?:difference|deviation|diff|shift)s?\b", re.I)


def _stated_difference(rep: Report) -> Iterator[Finding]:
    for c in rep.claims:
        diffs = [v for v in c.values if v.role == "difference" and v.unit != "sigma" and not SUMMARY_OF_DIFFERENCES.search(v.label)
                 and (not ERROR_LABEL.search(v.label) or (
            v.start < BORROWED and DIRECTION_WORD_THEN_NAME_AFTER_CHANGE.match(c.text, v.start + len(v.shown))))]
        # ("the spread shrank - a 40% better resolution": a change said as such, whatever word of an error stands before it)
        multiples = [(d, _times_the(c, d)) for d in diffs]
        for d, ends in multiples:  # "14.5, 6.7 times the 2.17 between two halves": a multiple of the number it names
            if ends:
                yield from _check_multiple(c, d, *ends)
        diffs = [d for d, ends in multiples if ends is None]
        res = [v for v in c.results() if v.quantity and v.quantity not in ("significance", "p_value")] or [
            v for v in c.results() if v.shown.endswith("%")]  # "gains 12.6 points (74.1 % → 89.9 %)": unnamed, in percent
        if diffs and all(_arrow_ends(c, d, named=True) for d in diffs):  # "mistag 0.010 -> 0.008 (-20%), rejection 100 ->
            for d in diffs:  # 125 (+25%)": each change right after the arrow that joins its own two ends, of their quantity
                ends = _arrow_ends(c, d, named=True)
                yield from _check_change(c, d.model_copy(update={"quantity": ends[0].quantity}), ends)
            continue
        if len(diffs) >= 2 and all(len(e := _own_ends(c, d)) == 2 and all(v.start < nxt for v in e)
                                   for d, nxt in zip(diffs, [w.start for w in diffs[1:]] + [BORROWED], strict=True)):
            for d in diffs:  # "R30 is 42% higher (1211 vs 930), and R50 is 28% higher (253 vs 197)": each change with the
                yield from _check_change(c, d, _own_ends(c, d))  # two ends in its own bracket, before the next change
            continue
        if len(diffs) >= 2 and c.comparison is not None:  # "accuracy rises by 0.064 and the rejection from 14.6 to 19.2,
            own = [(d, r) for d in diffs if d.quantity  # a 24% gain": each its own
                   and len(r := [v for v in res if v.quantity == d.quantity]) == 2]
            if len(own) >= 2 and len({d.quantity for d, _ in own}) == len(own):  # "rejection from 48 to 60, i.e. by 25%,
                for d, r in own:  # and the mistag rate reduced by 25%, from 0.0210 to 0.0168": each change of its own
                    yield from _check_change(c, d, r)
                continue
            diffs, res = ([own[0][0]], own[0][1]) if len(own) == 1 else (diffs, res)
        if len(diffs) >= 2 and (own_from_to := [(d, e) for d in diffs if (e := _from_to_then_percent(c, d))]):
            for d, e in own_from_to:  # "falls from 3.1% to 2.4%, i.e. 23% fewer ..., and the rejection goes up by 9": a
                yield from _check_change(c, d, e)  # percent change right after its own 'from ... to' is of those two ends,
            continue  # whatever other change the sentence goes on to state (that one's ends are not said here)
        if len(diffs) == 1 and len(res) == 1 and c.comparison is not None:  # "BDT: 88.7%, so the transformer is better by 4.6"
            other = [v for v in rep.just_before(c, res[0].quantity) if abs(v.value - res[0].value) > 1e-9]
            res = res + other if len(other) == 1 else res
        res = _own_ends(c, diffs[0]) or res if len(diffs) == 1 else res
        if len(diffs) == 1 and not _own_ends(c, diffs[0]) and (ends := _from_to_then_percent(c, diffs[0])):
            res = ends  # "the regression from 0.97 to 1.42 is +34%, ... spread of W1 (0.05)": the change's own two ends,
            # whatever other named number the sentence gives after it
        if len(diffs) == 1 and len(res) == 1:
            res += _unnamed_end_it_is_measured_against(c, res[0])  # "38.2, a drop of 15% relative to the old 42.5"
        named = {m.lastgroup or "" for m in QUANTITY_RE.finditer(c.text)}
        if len(diffs) == 1 and not res and (diffs[0].quantity or len(named) == 1) and diffs[0].shown.endswith("%") and re.match(
                r"\s*(?:relative\s+)?(?:improvement|gain|increase|reduction|decrease|drop)\b", c.text[diffs[0].start + len(diffs[0].shown):]):
            res = _ends_before(rep, c, diffs[0].quantity or named.pop())  # "a 45% improvement in SIC"
        if len(diffs) == 1 and not res and len(named) == 1 and diffs[0].shown.endswith("%") and not diffs[0].quantity \
                and DIRECTION_WORD_THEN_NAME_AFTER_CHANGE.match(c.text, diffs[0].start + len(diffs[0].shown)):
            res = _ends_over_two_sentences_before(rep, c, next(iter(named)))  # "12% ... With the network it's 9%. So
            # that's a 40% better resolution": each end in a sentence of its own, then the change
        if len(diffs) == 1 and not res and (cmp := c.comparison) is not None and cmp.left is not None and cmp.right \
                is not None and " from " in f" {cmp.word}" and not any(
                    max(c.values[cmp.left].start, c.values[cmp.right].start) < v.start < diffs[0].start for v in c.values):
            res = [c.values[cmp.right], c.values[cmp.left]]  # "the MSE drops from 0.0214 to 0.0167, i.e. 35% lower": the two
            # ends of 'from ... to' just before the change are its ends, whatever quantity they are of (one the report
            # does not name); not when other numbers stand between ("raising beta from 0.25 to 0.50 ... (MSE 0.0419 ->
            # 0.0412, a 1.7% reduction)")
        if len(diffs) == 1 and not res:
            res = _ends_on_keyed_line_above(rep, c, diffs[0])  # "recon_mse  random 0.0412  kmeans 0.0366" above "kmeans
            # gives 18% lower reconstruction MSE"
        if len(diffs) == 1 and not res:
            res = _ends_on_the_named_line_above(rep, c, diffs[0])  # "top mistag   A 0.071   B 0.041" above "top mistag
            # reduced by 43%"
        if len(diffs) == 1 and not res:
            res = _ends_in_the_named_row_above(rep, c, diffs[0])  # "| W1 jet mass | 0.79 | 0.52 |" above "the jet-mass
            # distance dropped by 48% compared with MP-GAN"
        if len(diffs) == 1 and not res:
            res = _ends_at_the_named_setting(rep, c, diffs[0])  # "from scratch, 1% labels: AUC 0.9081" and "pre-trained,
            # 1%: AUC 0.9121" above "the gain at 1% labels is +0.0060 in AUC"
        if len(diffs) == 1 and not res:
            res = _arrow_ends(c, diffs[0])  # "FPD: v2 0.68 -> v3 0.41, down by a factor of 2"
        if len(diffs) == 1 and not res:
            res = _from_to_ends(c, diffs[0])  # "cuts the wall time from 42 h to 14 h, a 4x speed-up"
        if len(diffs) == 1 and diffs[0].quantity and c.comparison is not None and len(
                [v for v in res if v.quantity == diffs[0].quantity]) < 2 and (named_ends := _named_ends(rep, c, diffs[0].quantity)):
            res = named_ends
        if len(diffs) == 1 and diffs[0].quantity and len([v for v in res if v.quantity == diffs[0].quantity]) < 2 and (
                own_clause := _ends_of_its_clause(rep, c, diffs[0])):
            res = own_clause
        if len(diffs) == 1 and not diffs[0].quantity and diffs[0].start < BORROWED and len(res) > 2 and (
                named_after := _quantity_named_after_change(c.text, diffs[0])):
            diffs = [diffs[0].model_copy(update={"quantity": named_after})]  # "a 26% relative reduction in gluon mistag":
            # the change names its quantity after it
        if len(diffs) == 1 and len(res) > 2 and len(ends := _two_ends_of_the_changed_quantity(diffs[0], res)) == 2:
            cmp = c.comparison
            if cmp is not None and cmp.left is not None and c.values[cmp.left].quantity != diffs[0].quantity:
                c = c.model_copy(update={"comparison": None})  # the sentence's comparative is of another quantity than the
                # change: it says nothing of which end is the old one ("a lower mistag rate ..., a rejection of 80 vs 48,
                # a 66% improvement")
            yield from _check_change(c, diffs[0], ends)
            continue
        if len(diffs) != 1 or len(res) != 2 or res[0].quantity != res[1].quantity:
            continue
        yield from _check_change(c, diffs[0], res)


def _name_parts_said(key: str, name: str) -> bool:
    """Every part of a printed key ('recon_mse') is a word of the name said ('reconstruction MSE'), in full or as its
    abbreviation (three letters or more)."""
    parts = [p.lower() for p in re.split(r"[_\W]+", key) if p]
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", name)]
    return bool(parts) and all(any(w == p or len(p) >= 3 and w.startswith(p) for w in words) for p in parts)


def _ends_on_keyed_line_above(rep: Report, c: Claim, d: Value) -> list[Value]:
    """'kmeans init gives 18% lower reconstruction MSE' under 'recon_mse   random 0.0412   kmeans 0.0366' a few lines
    above in its block: a change in percent, said with its direction and the quantity's name and no number of its own
    to start from, has its two ends on the line whose key is that name, two results there, one of them named by the
    sentence's subject: [the subject's, the other]."""
    comp = c.comparison
    said = DIRECTION_WORD_THEN_NAME_AFTER_CHANGE.match(c.text, d.start + len(d.shown)) if d.start < BORROWED else None
    if said is None or not d.shown.endswith("%"):
        return []
    subj = side_words(comp.subject if comp is not None else c.text[:d.start])
    for e in reversed(rep.block_before(c)):
        if c.line - e.line > 6 or e.line > len(rep.lines):
            break
        key = re.match(r"\s*(?:\[[^\]\n]{1,30}\]\s*)?([A-Za-z][\w.-]{1,40})\s", rep.lines[e.line - 1])
        ends = [v for v in e.results() if v.start < BORROWED]
        if key is None or len(ends) != 2 or not _name_parts_said(key.group(1), said.group(0)):
            continue
        keyed = side_words(key.group(1).replace("_", " "))
        mine = [v for v in ends if (side_words(v.label) - keyed) & subj]
        if len(mine) != 1:
            return []
        other = next(v for v in ends if v is not mine[0])
        return [mine[0], other]
    return []


# "multijet mistag reduced by", "the resolution was improved by": the name of what changed, its verb, then the amount
NAME_THEN_CHANGED_BY = re.compile(r"(?P<name>[A-Za-z][\w -]{2,60}?)\s+(?:(?:is|was|are|were|has been|have been|gets|got)\s+)?"
                                  r"(?:reduced|decreased|lowered|cut|improved|increased|raised|dropped|fell|rose|grew|shrank|"
                                  r"went (?:up|down))\s+by\s*(?:about\s+|roughly\s+|~\s*)?$", re.I)


def _ends_at_the_named_setting(rep: Report, c: Claim, d: Value) -> list[Value]:
    """'the pre-training gain at 1% labels is +0.0060 in AUC' a few lines under 'from scratch, 1% labels: AUC 0.9081' and
    'pre-trained + fine-tuned, 1%: AUC 0.9121': a gain of a named quantity, said at a setting in percent, with no number of
    its own to start from, has its two ends on the two lines above in its block that give that setting and one result of
    the quantity each (not the '100%' line). None unless exactly two such lines stand there."""
    if not d.quantity or d.start >= BORROWED or not GAIN_WORD.search(c.text[max(0, d.start - 80):d.start]):
        return []
    settings = {v.shown for v in c.values if v is not d and v.shown.endswith("%") and v.start < d.start}
    if len(settings) != 1:
        return []
    found = []
    for e in rep.block_before(c):
        if c.line - e.line > 6 or e.kind != "prose" or e.line == c.line:
            continue
        ends = [v for v in e.results(d.quantity) if v.start < BORROWED]
        if len(ends) == 1 and any(v.shown in settings and v is not ends[0] for v in e.values):
            found.append(ends[0].model_copy(update={"start": BORROWED + len(found)}))
    return found if len(found) == 2 else []


GAIN_WORD = re.compile(r"\b(?:gains?|improvements?|differences?|increases?)\b", re.I)


def _ends_on_the_named_line_above(rep: Report, c: Claim, d: Value) -> list[Value]:
    """'multijet mistag reduced by 27%' under 'multijet mistag   old-model 0.0150   new-model 0.0118' a few lines above in
    its block: a change in percent said of a thing by its name, with no number of its own to start from, has its two
    ends on the one line above that opens with that name and gives two results of the change's quantity, in print order."""
    m = NAME_THEN_CHANGED_BY.search(c.text[max(0, d.start - 80):d.start]) if d.start < BORROWED else None
    if m is None or not d.shown.endswith("%"):
        return []
    name = {w.lower() for w in re.findall(r"[A-Za-z][\w-]{2,}", LOG_TAG.sub(" ", m["name"]))} - {"the", "and"}
    found: list[list[Value]] = []
    for e in rep.block_before(c):
        if c.line - e.line > 8 or not 0 < e.line <= len(rep.lines) or e.kind != "prose":
            continue
        ends = [v for v in e.results() if v.start < BORROWED and v.quantity and (v.quantity == d.quantity or not d.quantity)]
        if len(ends) == 2 and ends[0].quantity == ends[1].quantity and name and \
                name <= set(re.findall(r"[a-z][\w-]{2,}", rep.lead(e.line))):
            found.append(ends)
    return found[0] if len(found) == 1 else []


# "The jet-mass distance is the one we watch, and it dropped by 30%": the name a sentence opens on, before its verb
SUBJECT_NAME = re.compile(r"\s*(?:(?:the|our|my|its|their)\s+)?(?P<name>[A-Za-z][\w -]{2,40}?)\s+(?:is|was|are|were|has|had)\b",
                          re.I)
# words that say what kind of number a row holds, not which row ("the jet-mass distance" of the row "W1 jet mass")
KIND_WORDS = {"the", "and", "distance", "metric", "score", "value", "number", "figure", "one", "it", "this", "that"}
# "..., compared with MP-GAN": the other side of a change, named after it
COMPARED_WITH = re.compile(r"\s*(?:relative\s+to|compared\s+(?:with|to)|with\s+respect\s+to|over|against|versus|vs\.?)\s+"
                           r"(?:the\s+)?(?P<other>[A-Za-z][\w+.-]*)", re.I)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z0-9]*", text.lower())}


def _ends_in_the_named_row_above(rep: Report, c: Claim, d: Value) -> list[Value]:
    """'The jet-mass distance ... dropped by 48% compared with MP-GAN' under a table whose row 'W1 jet mass | 0.79 | 0.52'
    has the columns MP-GAN and the new model: a change in percent said of a thing by its name (or by 'it', the name the
    sentence opens on), with no number of its own, has its two ends in the one table row just above named so, two
    results there: [the other's, the one set against] (the one named after 'compared with' last; print order otherwise)."""
    m = NAME_THEN_CHANGED_BY.search(c.text[max(0, d.start - 80):d.start]) if d.start < BORROWED else None
    if m is None or not d.shown.endswith("%"):
        return []
    name = _words(m["name"]) - KIND_WORDS
    if not name and (subj := SUBJECT_NAME.match(c.text)) is not None and subj.end() <= max(0, d.start - 80) + m.start():
        name = _words(subj["name"]) - KIND_WORDS  # "it dropped by": the thing the sentence is about
    if not name:
        return []
    rows = [e for e in rep.near(c.line - 6, 6) if e.kind == "row" and c.line - 12 <= e.line < c.line
            and name <= _words(e.text.split("|")[0])]
    ends = [v for v in rows[0].results() if v.start < BORROWED] if len(rows) == 1 else []
    if len(ends) != 2 or ends[0].quantity != ends[1].quantity or (d.quantity and ends[0].quantity != d.quantity):
        return []
    other = COMPARED_WITH.match(c.text, d.start + len(d.shown))
    if other is None:
        return ends
    against = [v for v in ends if other["other"].rstrip(".").lower() in v.label.lower()]
    return [next(v for v in ends if v is not against[0]), against[0]] if len(against) == 1 else []


CHANGE_IN_NAME_AFTER = re.compile(r"\s*(?:relative\s+)?(?:improvement|gain|increase|reduction|decrease|drop|rise|fall|cut)\s+"
                                  r"(?:in|of)\s+(?:the\s+)?(?P<name>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2})", re.I)


def _quantity_named_after_change(text: str, d: Value) -> str:
    """The quantity a change names right after it ("a 26% relative reduction in gluon mistag"), or ""."""
    m = CHANGE_IN_NAME_AFTER.match(text, d.start + len(d.shown))
    q = QUANTITY_RE.search(m["name"]) if m else None
    return q.lastgroup or "" if q else ""


def _two_ends_of_the_changed_quantity(d: Value, res: list[Value]) -> list[Value]:
    """"cut the mistag rate from 0.8 % to 0.5 % -- 60 % lower --, raising the rejection from 125 to 200": of a
    sentence's several results, the two of the quantity the change is of are its ends (the rest are another quantity's)."""
    same = [v for v in res if d.quantity and v.quantity == d.quantity]
    if len(same) != 2 or same[0].value * same[1].value <= 0 or not 0.1 <= same[0].value / same[1].value <= 10:
        return []  # none, or two numbers of scales too far apart to be one quantity's before and after (".824 | R50 44.1")
    return same


TIMES_THE = re.compile(r"\s*(?:×|x\b|times\b)\s*(?:(?:the|its|their|that|this)\s+(?:(?!(?:at|for|in|on|with|by|per|from|to|than|"
                       r"more|less|fewer|higher|lower|larger|smaller|better|worse)\b)[A-Za-z][\w-]*\s+){0,3}?)?", re.I)
# ("rejects 3.5 times more QCD at 50% efficiency": a multiple of something unnamed, at a working point)
# between the result and its factor: a comma or a bracket, at most "i.e." or "about" ("14.5 GeV, 6.7 times the 2.17 GeV")
BEFORE_MULTIPLE = re.compile(r"\s*(?:GeV|TeV|MeV)?\s*[,(]?\s*(?:(?:i\.e\.|that is|which is|or|about|roughly|some|~|≈),?\s*)?", re.I)


def _times_the(c: Claim, d: Value) -> list[Value] | None:
    """A factor that names the number it multiplies ("W1 14.5, 6.7 times the 2.17 between two halves", "6.7x the floor of
    2.17"): it states itself as the ratio of the result it qualifies to that number, and is no change between two other
    numbers of its sentence. None when it names no number; else [the result it qualifies, the number], or [] when it
    qualifies none that can be told."""
    if d.start >= BORROWED:
        return None
    after = [v for v in c.values if d.start < v.start < BORROWED]
    if not after or not TIMES_THE.fullmatch(c.text[d.start + len(d.shown):after[0].start]) or re.match(
            r"[^,;:()]{0,12}=", c.text[after[0].start + len(after[0].shown):]):
        return None  # "770 × 0.30 = 231": a product worked out, no factor of a result
    y = after[0]
    before = [v for v in c.values if v.start < d.start and v.role in ("result", "control", "classifier_test")]
    z = before[-1] if before and before[-1] is max((v for v in c.values if v.start < d.start), key=lambda v: v.start) else None
    if z is None or not BEFORE_MULTIPLE.fullmatch(c.text[z.start + len(z.shown):d.start]) or \
            (z.unit or y.unit) and z.unit != y.unit and not {z.unit, y.unit} <= {"", "gev", "tev", "mev"} or not y.value:
        return []
    return [z, y]


def _check_multiple(c: Claim, d: Value, z: Value, y: Value) -> Iterator[Finding]:
    """Is the stated factor `d` the ratio of `z`, the result it qualifies, to `y`, the number it multiplies?"""
    num = re.match(r"[-+−]?[\d,]*\.?\d+", d.shown)
    if num is None:
        return
    raw = num.group(0)
    stated = abs(float(raw.replace(",", "").replace("−", "-")))
    ratio = abs(z.value / y.value)
    step = last_digit(raw)
    if abs(stated - ratio) > max(stated * 0.15, step):
        line = c.line_at(d.start)
        yield Finding("inconsistent_numbers", line, SEVERE,
                      f"{z.shown} is {fmt(ratio)} times {y.shown}, not the {d.shown} times stated",
                      f"{z.shown} is not {d.shown} times {y.shown}")


SIDE_LEAD = re.compile(r"\b(?:with respect to|relative to|compared (?:to|with)|than|over|against|versus|vs\.?)\s+", re.I)


# "with respect to the printed value of ": the lead and only words up to the number (not "vs v13 <= ", "than run-398), x ")
SIDE_LEAD_THEN_WORDS = re.compile(SIDE_LEAD.pattern + r"(?:[A-Za-z][\w-]*\s+){0,5}$", re.I)


def _unnamed_end_it_is_measured_against(c: Claim, end: Value) -> list[Value]:
    """"The new rejection is 31.0, a drop of 12% with respect to the value of 35.2 printed before": the one result of no
    name that the sentence sets its named result against ('with respect to', 'relative to', 'compared with') is the
    other end of the change, of the same quantity and scale."""
    other = [v for v in c.results() if not v.quantity and v is not end and v.start < BORROWED and end.start < BORROWED
             and v.shown.endswith("%") == end.shown.endswith("%") and SIDE_LEAD_THEN_WORDS.search(c.text[max(0, v.start - 60):v.start])]
    return [other[0].model_copy(update={"quantity": end.quantity})] if len(other) == 1 else []


def _named_ends(rep: Report, c: Claim, quantity: str) -> list[Value]:
    """"the regression reduces the resolution by 30% with respect to the soft-drop baseline": a change whose two sides
    are named and whose sentence gives neither number: their values of its quantity in the rows or lines just above
    (the nearest of each side, within 15 lines), [the subject's, the other's]."""
    comp = c.comparison
    assert comp is not None
    lead = SIDE_LEAD.search(comp.object)
    if lead is None:
        return []
    subj = side_words(re.split(r"[,;:]", comp.subject)[-1])
    obj = side_words(re.split(r"[,;:(]", comp.object[lead.end():])[0])
    if not subj or not obj or subj & obj:
        return []
    found = _sides_above(rep, c, quantity, subj, obj)
    if set(found) == {"o"}:  # "mistag 0.0226 (baseline cut: 0.0310)": the line that names the other side states the
        # subject's number unnamed beside it, the one other result of the quantity there
        d = next(d for d in rep.claims if any(v is found["o"] for v in d.values))
        rest = [v for v in d.results(quantity) if v is not found["o"] and not side_words(v.label) & obj]
        if len(rest) == 1 and not side_words(rest[0].label):
            found["s"] = rest[0]
    return [found["s"], found["o"]] if len(found) == 2 else []


def _sides_above(rep: Report, c: Claim, quantity: str, subj: set[str], obj: set[str],
                 names: Callable[[str], set[str]] = side_words) -> dict[str, Value]:
    """The nearest value of `quantity` on the lines just above `c` (within 15) whose label `names` one side and not the
    other: {"s": the subject's, "o": the other's}, each where found."""
    found: dict[str, Value] = {}
    for d in sorted(rep.near(c.line - 8, 7), key=lambda d: -d.line):  # the lines above, nearest first
        for v in d.results(quantity) if d.line < c.line else ():
            words = names(v.label)
            for key, side, other in (("s", subj, obj), ("o", obj, subj)):
                if side & words and not other & words:
                    found.setdefault(key, v)
    return found


# "its gluon rejection is about 40% higher than the EFN's": a change in a clause of its own, said of the sentence's subject
# ("its", "their") against the thing named after "than"
OWN_CLAUSE_LEAD = re.compile(r"(?:^|[,;]\s*(?:and|while|but|whereas)?)\s*(?:its|their)\s+(?:[\w-]+\s+){1,5}$", re.I)
THAN_SIDE = re.compile(r"\s*(?:higher|lower|larger|smaller|better|worse|more|less|greater|above|below)\s+(?:than|that of)\s+"
                       r"(?:that of\s+|those of\s+)?(?:the\s+)?(?P<side>[A-Za-z][\w-]*(?:\s+[A-Z][\w-]*){0,3})", re.I)


def _ends_of_its_clause(rep: Report, c: Claim, d: Value) -> list[Value]:
    """'ParticleNet clearly beats the EFN here (0.8874 vs 0.881), and its gluon rejection is about 40% higher than the
    EFN's', under a table with a row of each: the change's two sides are the sentence's subject and the thing after
    'than', their values of its quantity in the rows just above (a side named by its initials, "EFN" for "Energy Flow
    Network", is that row), [the subject's, the other's]."""
    cmp = c.comparison
    if cmp is None or d.start >= BORROWED or not d.shown.endswith("%") or not OWN_CLAUSE_LEAD.search(c.text[:d.start]) or (
            m := THAN_SIDE.match(c.text, d.start + len(d.shown))) is None:
        return []
    subj, obj = side_words(cmp.subject), side_words(m["side"])
    if not subj or not obj or subj & obj:
        return []

    found = _sides_above(rep, c, d.quantity, subj, obj, _words_and_initials)
    return [found["s"], found["o"]] if len(found) == 2 else []


def _words_and_initials(label: str) -> set[str]:
    """A row's name words, and the initials of a run of capitalised ones ("Energy Flow Network": "efn")."""
    return side_words(label) | {"".join(w[0] for w in run.split()).lower()
                                for run in re.findall(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+", label)}


# "the AUC error would shrink by a factor ~3 to ~0.0013": an error's own scaling (its factor, the value it goes to)
ERROR_GOES_TO = re.compile(r"\b(?:error|uncertainty|stat(?:istical)?\s+error)s?\s+(?:would|will|could|should|then)?\s*"
                           r"(?:shrinks?|falls?|drops?|grows?|goes|go|scales?|decreases?|increases?)\b[^.;:!?]{0,50}$", re.I)


# "of the planned", "of the targeted", "out of a goal of": what a change was meant to be, a target, before its amount
PLANNED_BEFORE = re.compile(r"\b(?:of|out\s+of)\s+(?:the|a|an|our|its)?\s*(?:planned|targeted|target(?:\s+of)?|intended|promised|"
                            r"committed|goal(?:\s+of)?|aimed(?:-for)?)\s*(?:about\s+|~\s*)?$", re.I)


# "eval_loss 35% lower than after epoch 1": the direction a change is said in, right after its amount
CHANGE_WORD_AFTER_AMOUNT = re.compile(r"[ \t]*(?:(?P<down>lower|smaller|less|fewer|down|decrease|reduction|drop|narrower)|"
                                      r"(?P<up>higher|larger|more|greater|up|increase|gain|wider))\b", re.I)


# "a factor 1.5 per doubling of the codebook", "x2 for each decade in pT": a change said for each step of a scan
PER_STEP_AFTER = re.compile(r"\s*(?:x|×|times|-fold)?\s*(?:per|for each|for every|with each|with every|each|every)\s+"
                            r"(?:doubling|halving|decade|step|order of magnitude|factor|octave|increase|increment)\b", re.I)


def _check_change(c: Claim, d: Value, res: list[Value]) -> Iterator[Finding]:
    """Does the stated change `d` follow from its two ends `res`?"""
    a, b = res
    if a.unit != b.unit and {a.unit, b.unit} & {"gev", "tev", "mev"} or (
            not a.quantity and a.shown.endswith("%") != b.shown.endswith("%")):
        return  # "100 GeV and 5.8%", unnamed "2.3% and 0.04": two kinds of number are no change's two ends (a named
        # bounded quantity is stored as a fraction, so its '%' and plain forms are one kind)
    if d.start < BORROWED and (re.search(r"(?:±|\+/-|\+-|\+)\s*$", c.text[:d.start]) or re.match(
            r"\s*(?:on|for|in) (?:each|both)\b", c.text[d.start + len(d.shown):])):
        return  # "(AUC 0.583 and 0.641, both far above 0.5 with +-0.004)": their error, not a change between them
    if d.start < BORROWED and UNC_BEFORE.search(re.sub(r"(?:√|sqrt)\s*\([^()]*\)\s*=\s*$", "", c.text[max(0, d.start - 160):d.start])):
        return  # "its binomial error is √(0.01 × 0.99 / 2×10⁵) = 0.022 percentage points": an error, worked out, no change
    if d.start < BORROWED and UNC_BEFORE.search(re.sub(r"(?:(?<![\w.])\d*\.?\d+(?:\s*[×x]\s*10\^?[-−]?\d+)?\s*%?\s*(?:,\s*(?:and\s+)?|and\s+|&\s*))+$", "",
                                                 c.text[max(0, d.start - 160):d.start]) or "-"):
        return  # "binomial errors 0.0013 and 0.0015": the next of a list of errors, each its rate's, no change between them
        # (also in powers of ten: "bootstrap errors of about 0.06 × 10^-3 and 0.2 × 10^-5")
    if d.start < BORROWED and PLANNED_BEFORE.search(c.text, max(0, d.start - 40), d.start):
        return  # "0.06 of the planned 0.10 points -> 0.6": the change aimed at, of which the number before is the part
        # achieved; no change between the two numbers it stands among
    if d.start < BORROWED and ERROR_GOES_TO.search(c.text[max(0, d.start - 120):d.start]):
        return  # "with ten times more jets the AUC error would shrink by a factor ~3 to ~0.0013": how an error scales
    if d.quantity and d.quantity != a.quantity:
        return  # "AUC 0.957 vs 0.981, which rejects 3.5 times more QCD": a change of another quantity
    if d.start < BORROWED and (re.search(r"\d\s*[-–]\s*$", c.text[:d.start]) or _factor_of_another(c.text[d.start + len(d.shown):])):
        return  # "4-5x slower": the end of a range of factors; "a lower mistag with 10x fewer parameters": a factor of another thing
    if d.start < BORROWED and PER_STEP_AFTER.match(c.text, d.start + len(d.shown)):
        return  # "(6.1% → 1.9%), roughly a factor 1.5 per doubling": a rate for each step, compounded over several steps
        # between the two ends, not the change from one end to the other
    if d.start < BORROWED and a.quantity and SPEED_FACTOR_AFTER.match(c.text, d.start + len(d.shown)):
        return  # "15 times faster than B, and its AUC of 0.68": a speed, of no AUC (nor of any named quantity)
    x, y = sorted((a, b), key=lambda v: v.start)
    if y.start < BORROWED and re.fullmatch(r"\s*[-–—]\s*|\s+to\s+", c.text[x.start + len(x.shown):y.start]) \
            and not FROM_BEFORE.search(c.text[max(0, x.start - 40):x.start]):
        return  # "a gain of 11 vs spreads of 2-3": a range's two bounds, not a change's two ends
    lo, hi = sorted((abs(a.value), abs(b.value)))
    scale = 100 if hi <= 1 or a.quantity else 1  # a named bounded quantity is stored as a fraction, "74.1 %" unnamed is not
    no_points = bool(a.quantity) and a.quantity not in BOUNDED and hi > 1  # a W1 distance of 1.42, a rejection of 142:
    # an unbounded quantity has no percentage points, a percent change of it is relative
    rel = c.comparison.relation if c.comparison is not None else ""
    if d.start < BORROWED and (w := re.search(r"\b(?:(?P<down>reduc|decreas|lower|drop|fell|falls?|cut|shrunk|shrink)|"
                                               r"(?P<up>increas|rais|rose|rises?|grow|grew|gain|improv))\w*\W+(?:\w+\W+){0,2}$",
                                               c.text[max(0, d.start - 60):d.start], re.I)):
        rel = "lower" if w["down"] else "higher"  # "increases from 48 to 60, and the mistag rate is reduced by 25%": its own verb
    elif not rel and d.start < BORROWED and not WHOLLY_QUOTED.fullmatch(c.text) and (n := re.match(r"\s*(?:relative\s+)?(?:(?P<down>reduction|decrease|drop)|(?P<up>increase|gain))\b",
                                                         c.text[d.start + len(d.shown):], re.I)):
        rel = "lower" if n["down"] else "higher"  # "a 26% relative reduction": of the old, larger value (a gain: of the smaller);
        # not in a sentence wholly quoted from another, whose own sense of the word the report goes on to weigh
    num = re.match(r"[-+−]?[\d,]*\.?\d+", d.shown)
    if num is None or d.unit == "sigma":
        return  # "above it by 5σ": a significance, not a change of the quantity
    raw = num.group(0)
    stated = abs(float(raw.replace(",", "").replace("−", "-")))  # as printed: "12%" -> 12
    points = d.start < BORROWED and re.match(r"\s*(?:percentage[- ])?(?:points?|pts?|pp|p\.p\.)(?!\w)", c.text[d.start + len(d.shown):])
    old_end = 0.0  # the old end, where the text says which one it is (the base of the relative change)
    if points:  # "a gain of 4.1 points" between 0.902 and 0.861 ("−0.3 pt" in a change column)
        cands = [(hi - lo) * scale]
    elif d.shown.endswith("%") and y.start < BORROWED and x.value and (ARROW.fullmatch(c.text[x.start + len(x.shown):y.start]) or (
            not WHOLLY_QUOTED.fullmatch(c.text) and FROM_BEFORE.search(c.text[max(0, x.start - 40):x.start]) and re.fullmatch(r"\s*%?\s*(?:\((?=[A-Za-z])[^()]{1,30}\)\s*)?to\s+",
                                                                                     c.text[x.start + len(x.shown):y.start]))):
        old_end = abs(x.value)
        cands = [(hi - lo) * scale] * (not no_points) + [abs(y.value - x.value) / abs(x.value) * 100]  # "180 -> 240, a 33% gain": the arrow says
        # which end is the old one, the base of a relative change (so does "from 180 to 240", or "from 180 (v1) to 240")
    elif d.shown.endswith("%"):  # percentage points, or a relative change in percent
        cands = [(hi - lo) * scale] * (not no_points) + ([x for x, base in (((hi - lo) / lo * 100, "lower"), ((hi - lo) / hi * 100, "higher"))
                                        if rel != base] if lo > 0 else [])  # "reduces by 60 %": of the old, larger one
    else:  # an absolute difference, or a factor
        cands = [hi - lo] + ([hi / lo] if lo > 0 else [])
    step = last_digit(raw)
    factor = d.start < BORROWED and not d.shown.endswith("%") and (
        re.search(r"\bfactor\s+(?:of\s+)?(?:about\s+|roughly\s+|~\s*|≈\s*)?$", c.text[max(0, d.start - 30):d.start], re.I)
        or re.match(r"\s*(?:x|×|times|-fold)(?!\w)", c.text[d.start + len(d.shown):]))
    tol = stated * 0.15 if factor and stated >= 2 else max(stated * 0.15, step)  # "a factor of 2" is no 1.66: a ratio
    # read to 15%, not to its last printed digit
    if not any(abs(stated - x) <= tol for x in cands):
        line = c.line_at(d.start) if d.start < BORROWED else c.line
        if factor:
            yield Finding("inconsistent_numbers", line, SEVERE,
                          f"the stated factor of {d.shown} does not follow from {a.shown} and {b.shown} (ratio "
                          f"{hi / lo if lo else math.inf:.2f})", f"the factor {d.shown} does not follow from {a.shown} vs {b.shown}")
            return
        said = CHANGE_WORD_AFTER_AMOUNT.match(c.text, d.start + len(d.shown)) if d.start < BORROWED else None
        down = rel == "lower" or bool(said and said["down"])  # "35% lower than after epoch 1": of the old, larger value
        yield Finding("inconsistent_numbers", line, SEVERE,  # where the change stands in a wrapped sentence
                      f"the stated change of {d.shown} does not follow from {a.shown} and {b.shown} "
                      f"(difference {fmt(hi - lo)}, {(hi - lo) / (old_end or (hi if down else lo)) * 100 if lo else math.inf:.0f}% "
                      f"relative)",
                      f"the stated change {d.shown} does not follow from {a.shown} vs {b.shown}")


# "from 0.82 to ...", "from 1/ε_B = 1010 to 1340": the old end of a change, after 'from' (and the symbol it is given as,
# its subscript set apart as prose reads it: "1/eps B =")
FROM_BEFORE = re.compile(r"\bfrom(?:\s*|\s+(?:1\s*/\s*)?[^\W\d][^\s=:]{0,15}(?:\s\w{1,4})?\s*[=:]\s*)$")


ARROW = re.compile(r"\s*%?\s*(?:→|->|⟶|=>)\s*(?:[A-Za-z][\w.-]{0,15}\s*[:=]?\s+)?")  # "0.68 -> v3 0.41": an old and a new value


# '"from 2% to 1.2%, a 60% reduction".': a sentence wholly in quotes, another's words the report goes on to weigh
WHOLLY_QUOTED = re.compile(r"\s*[\"“][^\"“”]*[\"”]\s*[.,;:…]*\s*")


def _arrow_ends(c: Claim, d: Value, named: bool = False) -> list[Value]:
    """The two unnamed numbers an arrow joins right before a change ("v2 0.68 -> v3 0.41, down by a factor of 2"): its
    ends, of the quantity the sentence does not name (or, `named`, of one quantity both are named as, the change in the
    bracket right after them: "rejection 100 -> 125 (+25%)"); no other number between them and the change."""
    before = [v for v in c.values if v.start < d.start and v.start < BORROWED]
    if d.start >= BORROWED or len(before) < 2:
        return []
    a, b = before[-2:]
    if named and not re.fullmatch(r"\s*%?\s*\(\s*", c.text[b.start + len(b.shown):d.start]):
        return []  # "drops from 250 to 164 (AUC 0.9852 -> 0.9814), a 34% loss in rejection": a change of another thing
    joined = ARROW.fullmatch(c.text[a.start + len(a.shown):b.start]) or named and not WHOLLY_QUOTED.fullmatch(c.text) and re.search(
        r"\bfrom\s+$", c.text[max(0, a.start - 8):a.start]) and re.fullmatch(r"\s*%?\s*to\s+", c.text[a.start + len(a.shown):b.start])
    # ("rejection goes from 610 to 745 (+22%)": the ends of a 'from ... to' read as an arrow's, the change in the bracket)
    if (a.quantity != b.quantity if named else a.quantity or b.quantity) or a.role != "result" or b.role != "result" or not joined \
            or re.search(r"\d", c.text[b.start + len(b.shown):d.start]) \
            or d.start - b.start > 60 or any(a.start < off <= d.start for off, _ in c.breaks):
        return []  # "0.0049 -> combined 0.0052" and, a line on, "difference 0.161": not one statement
    return [a, b]


SPEED_FACTOR_AFTER = re.compile(r"\s*(?:x|×|times|-fold)\s+(?:faster|slower|quicker|cheaper)\b", re.I)


def _factor_of_another(after: str) -> bool:
    """'10 times fewer parameters', '3x more memory': a factor of the thing named after it, where that is no quantity a
    result is given in."""
    m = re.match(r"\s*(?:x|×|times)\s+(?:fewer|more|less|larger|smaller|bigger|longer|shorter)\s+(?:of\s+)?(?:the\s+)?([A-Za-z][\w-]*)",
                 after, re.I)
    return m is not None and not QUANTITY_RE.match(m.group(1))


def _from_to_then_percent(c: Claim, d: Value) -> list[Value]:
    """'went from 0.82 to 1.31, +60%', 'the rise from 12.0 to 15.5 is 29%': a percent change right after the two numbers
    of a 'from ... to ...' (only a verb or a comma between, no other number) is the change between them; so it is after
    a scale in brackets and the name of what it is compared with ('from 1.42 to 0.97 (x10^-3) compared with v2, a 46%
    reduction')."""
    before = [v for v in c.values if v.start < d.start < BORROWED]
    if len(before) < 2 or not d.shown.endswith("%"):
        return []
    a, b = before[-2:]
    if a.unit != b.unit or a.shown.endswith("%") != b.shown.endswith("%") or a.quantity != b.quantity \
            or not re.search(r"\bfrom\s+$", c.text[max(0, a.start - 8):a.start], re.I) \
            or not re.fullmatch(r"\s+to\s+", c.text[a.start + len(a.shown):b.start]) \
            or not re.fullmatch(r"\s*(?:\((?:x|×)\s*10\^?[-−]?\d{1,2}\)\s*)?(?:(?:compared\s+(?:with|to)|relative\s+to|against)\s+"
                                r"(?:the\s+)?[A-Za-z_][\w.-]{0,30}(?:\s[A-Za-z_][\w.-]{0,30})?\s*)?"
                                r"(?:,|\(|:|—|–|;)?\s*(?:(?:is|was|are|were|i\.e\.|or|a|an|of|by)\s+){0,3}", gap := c.text[b.start + len(b.shown):d.start],
                                re.I) and not UNIT_THEN_CHANGE_OF.fullmatch(gap):
        return []
    return [a, b]


# "from 5,400 to 3,100 GPU-hours on the cluster, a saving of 43%": the ends' unit (and where they were counted), then the
# change named before its number
UNIT_THEN_CHANGE_OF = re.compile(r"\s*(?:[A-Za-z][\w-]{0,15}\s*)?(?:(?:on|at|in)\s+(?:the\s+)?[\w@.-]+(?:\s+[\w@.-]+){0,2}?\s*)?[,;:(—–]\s*(?:i\.e\.\s+)?(?:an?\s+)?(?:saving|reduction|drop|decrease|"
                                 r"increase|gain|rise|fall|speed-?up)\s+of\s+(?:about\s+|roughly\s+|~\s*)?", re.I)


def _from_to_ends(c: Claim, d: Value) -> list[Value]:
    """'from 42 h to 14 h, a 4x speed-up': the two numbers of a 'from ... to ...' right before a factor are its ends, of
    whatever they measure (hours, counts): no other number between them and the factor."""
    before = [v for v in c.values if v.start < d.start < BORROWED]
    if len(before) < 2 or not re.match(r"\s*(?:×|x\b|times\b|-fold\b)", c.text[d.start + len(d.shown):], re.I):
        return []
    a, b = before[-2:]
    if a.unit != b.unit or not re.search(r"\bfrom\s+(?:about\s+|~\s*)?$", c.text[max(0, a.start - 12):a.start], re.I) \
            or not re.fullmatch(r"\s*%?\s*(?:[A-Za-z]{1,7}\.?\s+)?to\s+(?:about\s+|~\s*)?", c.text[a.start + len(a.shown):b.start]) \
            or re.search(r"\d", c.text[b.start + len(b.shown):d.start]) or d.start - b.start > 50:
        return []
    return [a.model_copy(update={"quantity": ""}), b.model_copy(update={"quantity": ""})] if a.quantity != b.quantity else [a, b]


# "+0.041 AUC over training from scratch (0.9619 vs 0.9280)": between a change and the bracket of its two ends, a few words
# (its quantity), or what it is set against after 'over', 'than', 'compared with'
CHANGE_THEN_ITS_BRACKET = re.compile(r"[^()\d]{0,30}\(\s*|[^()\d;:.]{0,20}?\b(?:over|than|against|relative to|compared (?:to|with)|"
                                     r"versus|vs\.?)\s[^()\d;:.]{0,50}\(\s*", re.I)


def _own_ends(c: Claim, d: Value) -> list[Value]:
    """The two numbers a change gives in the parenthesis right after it ("is ~1.9x CWoLa (11.8 / 6.2)"): its own ends,
    whatever other results its sentence names before it."""
    after = [v for v in c.values if d.start < v.start < BORROWED and (v.role in ("result", "control", "classifier_test") or (
        v.role == "setting" and not v.quantity))]  # "up 23% (312 -> 355)": unnamed, they are of the change's quantity
    if len(after) >= 3 and CHANGE_THEN_ITS_BRACKET.fullmatch(c.text, d.start + len(d.shown), after[0].start) and (
            sides := list_against(c.text, c.values, [c.values.index(v) for v in after],
                                  c.comparison.relation if c.comparison is not None else "")):
        return [c.values[i] if c.values[i].quantity or not d.quantity else c.values[i].model_copy(update={"quantity": d.quantity})
                for i in sides]  # "by about 0.07 in AUC (0.836 / 0.842 vs 0.771)": the list against the number after 'vs'
    if len(after) >= 2 and CHANGE_THEN_ITS_BRACKET.fullmatch(c.text, d.start + len(d.shown), after[0].start) \
            and re.fullmatch(r"\s*(?:/|vs\.?|versus|to|→|->|and|,)\s*", c.text[after[0].start + len(after[0].shown):after[1].start]) \
            and not (len(after) >= 3 and re.match(r"[^()\d]{0,12}?\b(?:vs\.?|versus|against)\s",
                                                  c.text[after[1].start + len(after[1].shown):after[2].start])):
        # ("(11.8 and 14.2 us vs 3.1 us)": a list against a third number, no pair of ends)
        return [v if v.quantity or not d.quantity else v.model_copy(update={"quantity": d.quantity}) for v in after[:2]]
    return []


def _ends_before(rep: Report, c: Claim, quantity: str) -> list[Value]:
    """The two ends of a change stated in a sentence of its own ("... gets 11.2, and with flow-matching we get 14.8.
    So that's about a 45% improvement in SIC"): the two results of the sentence just before it in its block, named
    as the change's quantity or not named at all."""
    prev = rep.block_before(c)[-1:]
    ends = [v for d in prev for v in d.results() if v.start < BORROWED and v.quantity in ("", quantity)]
    return [v.model_copy(update={"quantity": quantity}) for v in ends] if len(ends) == 2 else []


# "a 40% better resolution", "a 25% smaller mistag rate": a change in percent, its direction, then the quantity's name
DIRECTION_WORD_THEN_NAME_AFTER_CHANGE = re.compile(r"\s*(?:better|worse|smaller|lower|narrower|sharper|finer|higher|larger|"
                                                   r"wider|broader)\s+(?:[\w-]+\s+)?(?:" + QUANTITY_RE.pattern + ")", re.I)


def _ends_over_two_sentences_before(rep: Report, c: Claim, quantity: str) -> list[Value]:
    """The two ends of a change stated in a sentence of its own, each end in one of the two sentences just before it
    ("the resolution is 12% with the old method." "With the network it's 9%." "That's a 40% better resolution"): one
    result each, of the change's quantity or unnamed, of one kind (both percentages or neither)."""
    prev = rep.block_before(c)[-2:]
    ends = [[v for v in d.results() if v.start < BORROWED and v.quantity in ("", quantity)] for d in prev]
    if len(prev) != 2 or any(len(e) != 1 for e in ends) or not any(e[0].quantity == quantity for e in ends) \
            or ends[0][0].shown.endswith("%") != ends[1][0].shown.endswith("%") or c.line - prev[0].line > 3:
        return []
    scaled = quantity in BOUNDED | {"resolution", "bias"}  # a named percentage of these is stored as a fraction
    return [e[0].model_copy(update={"quantity": quantity, "value": e[0].value / 100 if scaled and not e[0].quantity
                                    and e[0].shown.endswith("%") else e[0].value}) for e in ends]


def _point_of(c: Claim, v: Value) -> float | None:
    """The signal efficiency a result is taken at when its own clause names one just before it ("@ eps_S=0.3 = 1615")."""
    prev = max([w.start for w in c.values if w.start < v.start and w.role != "setting"], default=-1)
    at = [w.value for w in c.values if prev < w.start < v.start and w.role == "setting" and w.quantity == "efficiency"]
    return at[-1] if at else None


# "QCD mistag @ 60% H->bb eff = 0.0148": the working point after '@' is named an efficiency (of the signal) right after
# it, whatever rate the line names before; it is no mistag rate
EFFICIENCY_NAMED_AFTER = re.compile(r"\s*(?:[\w>-]+\s+)?(?:eff\b|effs?\.|efficienc(?:y|ies)\b|ε_?S\b|eps_?S\b)", re.I)


def _working_point(rep: Report) -> Iterator[Finding]:
    """One working point stated three ways: rejection = 1/ε_B, SIC = ε_S/sqrt(ε_B)."""
    for c in rep.claims:
        first = {q: next((v for v in c.values if v.quantity == q and v.start < BORROWED and (v.role == "result" or (
            v.role == "setting" and q in ("fake_rate", "efficiency") and not (q == "fake_rate" and EFFICIENCY_NAMED_AFTER.match(
                c.text, v.start + len(v.shown)))))), None)  # a working point is a setting
            for q in ("rejection", "fake_rate", "efficiency", "sic")}
        rej, fake, eff, sic = (first[q] for q in ("rejection", "fake_rate", "efficiency", "sic"))
        rejs, fakes = ([v for v in c.results(q) if v.start < BORROWED] for q in ("rejection", "fake_rate"))
        if rej and fake and len(rejs) == len(fakes) >= 2:  # "from 4.1e-3 to 2.9e-3, i.e. 1/eps_B from 244 to 417": in order
            rej, fake = next(((r, f) for r, f in zip(rejs, fakes, strict=True) if 0 < f.value < 1 and r.value > 0
                              and abs(r.value * f.value - 1) > 0.15), (rej, fake))
        if rej and fake and None not in (a := _point_of(c, rej), b := _point_of(c, fake)) and a != b:
            rej = None  # "1/eps_B @ eps_S=0.3 = 1615   mistag @ eps_S=0.5 = 0.0062": two working points, not one
        if rej and fake and 0 < fake.value < 1 and rej.value > 0 and abs(rej.value * fake.value - 1) > 0.15:
            yield Finding("inconsistent_numbers", c.line, SEVERE,
                          f"a background rejection of {rej.shown} is 1/ε_B = {1 / rej.value:.3g}, not the mistag rate "
                          f"{fake.shown} stated beside it (which gives {1 / fake.value:.3g})",
                          f"rejection {rej.shown} and mistag rate {fake.shown} disagree")
        elif sic and eff and fake and 0 < fake.value < 1 and 0 < eff.value <= 1:
            want = eff.value / math.sqrt(fake.value)
            if abs(sic.value - want) > 0.15 * want:
                yield Finding("inconsistent_numbers", c.line, SEVERE,
                              f"SIC = ε_S/sqrt(ε_B) = {want:.3g} for ε_S {eff.shown} and ε_B {fake.shown}, not the "
                              f"{sic.shown} stated", f"SIC {sic.shown} does not follow from its efficiencies")


def _key_point(c: Claim) -> str:
    """The working point a data answer's own key names ("rejection_at_eps_s_0.3: 1820" -> "eps_s_0.3"), "" if none."""
    key = c.text.split(" | ")[-1].split(":")[0].strip()
    m = re.search(r"(?:^|[_ ])(?:at|@)[_ ]?(\w[\w.]*)$", key)
    return m.group(1).lower() if m else ""


def _working_point_fields(rep: Report) -> Iterator[Finding]:
    """One object's fields 'rejection_at_eps_s_0.3: 1820' and 'mistag_at_eps_s_0.3: 0.00091' are one working point
    stated twice: the rejection is 1/mistag. The fields of one object stand within 4 lines of each other; only those
    are compared (a flood of such fields stays linear)."""
    rows = [(c, point) for c in rep.claims if c.kind == "row" and (point := _key_point(c))]
    fakes: dict[tuple[str, str], list[tuple[int, int, Claim, Value]]] = {}  # (context, point) -> (line, order, row, rate)
    for i, (d, point) in enumerate(rows):
        if (fake := next((v for v in d.results("fake_rate") if v.start < BORROWED), None)) is not None:
            fakes.setdefault((d.context, point), []).append((d.line, i, d, fake))
    for group in fakes.values():
        group.sort(key=lambda e: (e[0], e[1]))
    lines = {k: [e[0] for e in group] for k, group in fakes.items()}
    for c, point in rows:
        rej = next((v for v in c.results("rejection") if v.start < BORROWED), None)
        if rej is None or rej.value <= 0 or (c.context, point) not in fakes:
            continue
        at, group = lines[(c.context, point)], fakes[(c.context, point)]
        near = group[bisect.bisect_left(at, c.line - 4):bisect.bisect_right(at, c.line + 4)]
        for _, _, d, fake in sorted(near, key=lambda e: e[1]):  # in the report's order, as the findings always were
            if d is c:
                continue
            if 0 < fake.value < 1 and abs(rej.value * fake.value - 1) > 0.15:
                yield Finding("inconsistent_numbers", c.line, SEVERE,
                              f"a background rejection of {rej.shown} is 1/ε_B = {1 / rej.value:.3g}, not the mistag rate "
                              f"{fake.shown} of the same working point (line {d.line}, which gives {1 / fake.value:.3g})",
                              f"rejection {rej.shown} and mistag rate {fake.shown} disagree")


# "R50=402", "R_{30} = 1840": a rejection written as its symbol, whose subscript is the signal efficiency in percent
REJECTION_SYMBOL = re.compile(r"(?<![\w/])R_?\{?(?P<pct>[1-9]0)\}?\s*[=:]?\s*$")


def _claim_point(c: Claim) -> float | None:
    """The one signal efficiency a claim sets as its working point ("eps_B(eps_S=0.30) = 6.76e-4 -> 1/eps_B = 1479")."""
    points = {round(v.value, 6) for v in c.values if v.role == "setting" and v.quantity in ("efficiency", "fake_rate")
              and 0 < v.value < 1 and _round_efficiency(v.model_copy(update={"quantity": "efficiency"}))}
    return points.pop() if len(points) == 1 else None


def _rejection_symbol_vs_its_point(rep: Report) -> Iterator[Finding]:
    """'R30=1840' in a summary, where the line that works the same working point out gave 'eps_B(eps_S=0.30) = 6.76e-4
    -> 1/eps_B = 1479': the symbol names its working point (30% signal efficiency), so the two are one number given twice.
    Only where the report gives one value of each (one thing measured: several taggers' R30s are several numbers)."""
    symbols: dict[float, list[tuple[Claim, Value]]] = {}
    worked: dict[float, list[tuple[Claim, float, str]]] = {}
    for c in rep.claims:
        if c.kind != "prose":
            continue
        for v in c.results("rejection"):
            if v.start < BORROWED and (m := REJECTION_SYMBOL.search(c.text[max(0, v.start - 12):v.start])):
                symbols.setdefault(int(m["pct"]) / 100, []).append((c, v))
        if (point := _claim_point(c)) is None:
            continue
        rejs = [v for v in c.results("rejection") if v.start < BORROWED and not REJECTION_SYMBOL.search(c.text[max(0, v.start - 12):v.start])]
        fakes = [v for v in c.results("fake_rate") if v.start < BORROWED and 0 < v.value < 1]
        if not fakes:
            continue  # "rejections above ~500 ... at eps_S = 0.5": a bound said of a working point, nothing worked out
        if len(rejs) == 1 and not rejs[0].bound:
            worked.setdefault(point, []).append((c, rejs[0].value, rejs[0].shown))
        elif not rejs and len(fakes) == 1 and not fakes[0].bound:
            worked.setdefault(point, []).append((c, 1 / fakes[0].value, f"1/{fakes[0].shown}"))
    for point, given in symbols.items():
        there = worked.get(point, [])
        if len({round(v.value, 9) for _, v in given}) != 1 or not there:
            continue
        if max(x for _, x, _ in there) > 1.05 * min(x for _, x, _ in there):
            continue  # several values at that point: several things measured there
        c, v = given[0]
        d, x, shown = there[0]
        if d.line == c.line or abs(v.value - x) <= 0.05 * x:
            continue
        if any(abs(1 / f.value - v.value) <= 0.05 * v.value for f in c.results("fake_rate") if 0 < f.value < 1):
            continue  # "scratch baseline: mistag 0.0485 (194 of 4000), R50 20.6": its own line's mistag gives it, another
            # model's rejection than the one worked out above
        yield Finding("inconsistent_numbers", c.line, SEVERE,
                      f"the rejection at {point:.0%} signal efficiency is {v.shown} here but {shown} on line {d.line} "
                      f"(where that working point is worked out): one of the two is wrong",
                      f"R at {point:.0%} is {v.shown} here, {shown} on line {d.line}")


# "W1M = 0.43", "EPiC W1P 0.55e-3": a Wasserstein distance named by its JetNet symbol (which observable it is of)
W1_SYMBOL = re.compile(r"\bW_?1_?\{?(?P<obs>M|m|pT|PT|pt|P|p|EFP|efp)?\}?\s*(?:\((?:x|×)\s*1e(?P<pre>[-+]?\d+)\))?\s*(?:[=:]|,?\s*(?:is|was|of)\b)?\s*$")
# ("W1M = 0.61", "W1M, is 0.47e-3", "the W1M of 0.74e-3": the symbol, then the number it is, said or printed)
# "= 0.43 +- 0.04 (x1e-3)": the power of ten the printed number (and its error) is in units of
SCALE_AFTER = re.compile(rf"\s*(?:(?:±|\+-|\+/-)\s*{NUM}\s*)?\(\s*(?:x|×)\s*1e(?P<e>[-+]?\d+)\s*\)")
# "model=epic", "model: mpgan": the key naming which model a step's printed lines are of
# "jet-mass W1 of 0.92 x 10^-3", "the pT W1 =": the observable a bare W1 is of, named in words right before it
OBSERVABLE_WORD_BEFORE_W1 = re.compile(r"\b(?:jet[- ])?(?P<obs>mass|p_?T)\s+W_?1\s*(?:[=:]|,?\s*(?:is|was|of)\b)?\s*$", re.I)
# "0.61 x 10^-3": a number printed with its power of ten (its last digit's step is in units of that power)
POWER_OF_TEN_SHOWN = re.compile(r"(?P<mant>[-+]?\d*\.?\d+)\s*(?:x|×|\*)\s*10\s*\^\s*\{?(?P<e>[-+−]?\d+)\}?")
MODEL_KEY = re.compile(r"\bmodel\s*[=:]\s*(?P<name>[A-Za-z][\w.+-]*)", re.I)
MAX_W1 = 400


def _model_above(rep: Report, line: int) -> str:
    """The model a step's record names in its own lines above `line` ("model=epic"), up to a blank line."""
    for n in range(line - 1, max(0, line - 8), -1):
        text = rep.lines[n - 1] if n - 1 < len(rep.lines) else ""
        if not text.strip():
            return ""
        if m := MODEL_KEY.search(text):
            return m["name"]
    return ""


def _w1_scaled(c: Claim, v: Value) -> tuple[str, float, float] | None:
    """(observable, value, step of its last digit) of a Wasserstein distance named by its symbol, in the units its own
    line states ('0.43 (x1e-3)' is 4.3e-4, 'W1M (x1e3) = 0.61' 6.1e-4); None where the scale is not said plainly."""
    m = W1_SYMBOL.search(c.text[max(0, v.start - 24):v.start])
    if m is not None and not m["obs"] and (w := OBSERVABLE_WORD_BEFORE_W1.search(c.text[max(0, v.start - 40):v.start])):
        p = POWER_OF_TEN_SHOWN.fullmatch(v.shown)
        step = last_digit(p["mant"]) * 10.0 ** int(p["e"].replace("−", "-")) if p else last_digit(v.shown)
        return w["obs"].lower().replace("_", ""), v.value, step  # "(jet-mass W1 of 0.92 x 10^-3 against the real test set)"
    if m is None or not m["obs"]:
        return None  # a bare "W1" is of an observable named in words, which this reading does not pair
    after = SCALE_AFTER.match(c.text, v.start + len(v.shown))
    if m["pre"] is not None:
        scale = 10.0 ** -int(m["pre"])  # the name times 1e3 is printed: the distance is the number over 1e3
    elif after is not None:
        if int(after["e"]) > 0:
            return None  # "0.43 (x1e3)": which way the power goes, the line does not say
        scale = 10.0 ** int(after["e"])
    else:
        scale = 1.0
    obs = {"m": "mass", "pt": "pt", "p": "pt", "efp": "efp"}.get((m["obs"] or "").lower(), "")
    return obs, v.value * scale, last_digit(v.shown) * scale


# "the headline number, the W1M of ...", "our headline result": the report's own main number, named by no model
HEADLINE_BEFORE = re.compile(r"\bheadline\s+(?:number|result|figure|value|distance)\b[^.;:!?]{0,40}$", re.I)


def _restated_distances(rep: Report) -> Iterator[Finding]:
    """A summary that restates each model's W1 distances from the steps that computed them ("[w1] model=epic" over
    "W1M = 0.43 +- 0.04 (x1e-3)", then "EPiC W1M 0.34e-3"): one model's distance of one observable, given twice, must
    agree to the printed digits. Only where that model's distance of that observable is given exactly twice."""
    given: dict[tuple[str, str], list[tuple[Claim, Value, float, float]]] = {}
    count = 0
    for c in rep.claims:
        if c.kind != "prose":
            continue
        model = ""
        for v in c.results("wasserstein"):
            if v.start >= BORROWED or v.bound or count >= MAX_W1:
                continue
            name = " ".join(sorted(_key_words(v.label))) or model or _model_above(rep, c.line)
            model = name if v.label else model
            if (read := _w1_scaled(c, v)) is None:
                continue
            obs, value, step = read
            if OBSERVABLE_WORD_BEFORE_W1.search(c.text[max(0, v.start - 40):v.start]) and \
                    not _key_words(re.sub(r"\b(?:jet[- ])?mass\b", " ", v.label, flags=re.I)):
                named = {k[1] for k in given}  # "jet-mass W1 of 0.92 x 10^-3": the label is the observable, no model; where
                name = named.pop() if len(named) == 1 else ""  # the report gave distances of one model only, it is that one's
            if not name and HEADLINE_BEFORE.search(c.text[:v.start]) and (first := next((k for k in given if k[0] == obs), None)):
                name = first[1]  # "The headline number, the W1M of 0.74e-3" after "W1M is 0.47e-3 for FlowW-3, against ...
                # for the GAN": the headline distance is of the model whose distance the report gave first
            if not name:
                continue
            count += 1
            given.setdefault((obs, re.sub(r"[^a-z0-9]", "", name.lower())), []).append((c, v, value, step))
    for c in rep.claims:  # "| W1M (x1e-3) | 0.57 +- 0.05 |": a summary row named by the symbol alone, where the report's
        # steps computed the distances of one model only, restates that model's
        rows = [v for v in c.results("wasserstein") if c.kind == "row" and v.start < BORROWED and not v.bound]
        if len(rows) != 1 or (m := W1_SYMBOL.match(rows[0].label.strip())) is None or not m["obs"] or count >= MAX_W1:
            continue
        obs = {"m": "mass", "pt": "pt", "p": "pt", "efp": "efp"}.get(m["obs"].lower(), "")
        names = {k[1] for k in given if k[0] == obs}
        if len(names) == 1 and all(k[1] in names for k in given):
            scale = 10.0 ** -int(m["pre"]) if m["pre"] is not None else 1.0
            count += 1
            given[(obs, names.pop())].append((c, rows[0], rows[0].value * scale, last_digit(rows[0].shown) * scale))
    for pair in given.values():
        if len(pair) != 2 or pair[0][0].line == pair[1][0].line:
            continue
        (d, w, a, sa), (c, v, b, sb) = pair
        if a > 0 and b > 0 and 1 / 3 <= a / b <= 3 and abs(a - b) > 1.5 * max(sa, sb):
            yield Finding("inconsistent_numbers", c.line, SEVERE,
                          f"the W1 distance {v.shown} here is {fmt(b)}, but the step that computed it printed {w.shown} "
                          f"on line {d.line} ({fmt(a)}): one of the two is wrong",
                          f"W1 {fmt(b)} here, {fmt(a)} on line {d.line}")


# "With this autumn's extra data, the local excess has shrunk to 1.2 sigma": a local significance measured again on more
# data, later, is not the one a global significance stated beside it was corrected from
LATER_DATA = re.compile(r"\b(?:extra|more|new|additional|further|added)\s+(?:\w+\s+)?data\b|\b(?:has|have|had)\s+(?:since\s+)?"
                        r"(?:shrunk|shrank|dropped|fallen|faded|grown|risen|gone\s+(?:down|up))\s+to\b", re.I)


def _global_vs_local(rep: Report) -> Iterator[Finding]:
    """A look-elsewhere correction lowers a significance (raises a p-value): a global one above the local is wrong."""
    def of(kind: str, c: Claim) -> list[Value]:
        return [v for v in c.results("significance") if _scope(c, v) == kind and not v.bound]
    for c in rep.claims:
        for g in of("global", c):
            near = rep.near(c.line, 5)
            rows = [d for d in near if d.kind == "row" and of("local", d)]
            near += [d for r in rows for d in rep.block(r) if d.kind == "row" and d not in near]  # a table of local
            # excesses, part of it within reach ("largest four of 20", the first row six lines up): all its rows
            local = [v for d in near for v in of("local", d) if v is not g and "global" not in v.label
                     and not (d is not c and LATER_DATA.search(d.text))]
            if local and g.value > max(v.value for v in local) + 0.05:
                lo = max(local, key=lambda v: v.value)
                yield Finding("inconsistent_numbers", c.line, SEVERE,
                              f"a global significance of {g.shown} exceeds the local {lo.shown}: correcting for the places "
                              "looked (trials factor) can only lower a significance", f"global {g.shown} above local {lo.shown}")


def _scope(c: Claim, v: Value) -> str:
    """'local' or 'global' for a significance: the word right after it ("3.0 sigma local", "1.9σ (global)"), else
    the last one before it since the number before; "" for a convention ("the usual 3 sigma global convention")."""
    if v.start >= BORROWED or c.kind == "row":
        m = re.findall(r"\b(local|global)\b", f"{v.label} {c.context}", re.I)
        if not m and c.kind == "row" and (k := re.search(rf"(?:^|\|)\s*(?P<key>[\w.-]+)\s*[:=]\s*{re.escape(v.shown)}(?![\d.])", c.text)):
            m = re.findall(r"(?<![^\W_])(local|global)(?![^\W_])", k["key"], re.I)  # "max_p0_local: 1.2e-07": a record's
            # key says the scope where the quantity's name took the word out of the label
        return m[-1].lower() if m else ""
    end = v.start + len(v.shown)
    after = c.text[end:end + 40]
    if re.match(r"\s*(?:σ|sigma)?\s*(?:\w+\s+)?(?:convention|threshold|criterion|bar|requirement|rule)\b", after, re.I) or \
            re.search(r"\b(?:usual|conventional|standard|customary|required|canonical)\s+(?:\w+\s+)?$", c.text[:v.start], re.I):
        return ""
    if m := re.match(r"\s*(?:σ|sigma)?\s*[(\[]?\s*(local|global)\b", after, re.I):
        return m.group(1).lower()
    prev = max([0] + [w.start + len(w.shown) for w in c.values if w.start < v.start and w.start < BORROWED])
    between = c.text[prev:v.start]
    if prev and (own := re.match(r"\s*(?:σ|sigma)?\s*[(\[]?\s*(?:local|global)\b", between, re.I)):
        between = between[own.end():]  # "2.4 local is a 1.2 sigma fluctuation once 15 windows are counted": the word
        # right after the number before is that number's scope, not this one's (here the corrected, global, value)
    m = re.findall(r"\b(local|global)\b", between, re.I)
    return m[-1].lower() if m else ""


_N = r"(\d[\d,]*(?:\.\d+)?)"
OBSERVED = re.compile(rf"\bobserved?\s+(?:of\s+)?{_N}|{_N}\s+(?:events?\s+)?(?:are\s+|were\s+)?observed", re.I)
EXPECTED = re.compile(rf"\b(?:expected|predicted|fitted|estimated)\s+(?:background\s+)?(?:(?:is|of|=)\s+)?{_N}|"
                      rf"\bbackground (?:of|is|=)\s+{_N}", re.I)
EXCESS = re.compile(rf"\b(?:excess|surplus) of\s+{_N}|{_N}\s+(?:excess|signal[- ]like)\s+events", re.I)


# "an excess of 186 events (+15.0% over background)", ", 12% above the expected background": the excess as a share
EXCESS_SHARE_OF_BACKGROUND = re.compile(r"\s*(?:events?\s*)?[(,]\s*(?:i\.e\.\s*|or\s+)?\+?(?P<p>\d+(?:\.\d+)?)\s*%\s+(?:over|above|of)\s+"
                                        r"(?:the\s+)?(?:expected\s+|fitted\s+|predicted\s+|estimated\s+)?(?:background|bkg)\b", re.I)


def _excess(rep: Report) -> Iterator[Finding]:
    """'Observed 1208 events over an expected background of 1100 ± 33, an excess of 208': the excess is their difference."""
    for c in rep.claims:
        if c.kind != "prose" or not (o := OBSERVED.search(c.text)) or not (b := EXPECTED.search(c.text)) \
                or not (e := EXCESS.search(c.text)):
            continue
        n, bkg, exc = (float(next(g for g in m.groups() if g).replace(",", "")) for m in (o, b, e))
        if abs(n - bkg - exc) > max(1.0, 0.05 * abs(exc)):
            yield Finding("inconsistent_numbers", c.line, SEVERE,
                          f"the excess of {exc:g} events does not follow from {n:g} observed and {bkg:g} expected "
                          f"(their difference is {n - bkg:g})", f"an excess of {exc:g} is not {n:g} - {bkg:g}")
        elif (p := EXCESS_SHARE_OF_BACKGROUND.match(c.text, e.end())) and (share := _share_off(exc, bkg, p["p"], of_observed=False)):
            yield Finding("inconsistent_numbers", c.line, SEVERE,
                          f"an excess of {exc:g} events over a background of {bkg:g} is {share:.1f}% of the "
                          f"background, not the stated {p['p']}%", f"{p['p']}% is not {exc:g} / {bkg:g}")


def _share_off(exc: float, bkg: float, shown: str, of_observed: bool = True) -> float | None:
    """The excess's share of the background, 100 exc / bkg, when the percentage stated (`shown`) is not it to its
    precision (3%, 0.2 points at least); unless the text says 'over background', the share of what is observed,
    exc / (exc + bkg), is read too. None: it agrees."""
    if bkg <= 0:
        return None
    pct = float(shown)
    step = 10 ** -len(shown.split(".")[1]) if "." in shown else 1.0
    shares = [100 * exc / bkg, 100 * exc / (exc + bkg)] if of_observed else [100 * exc / bkg]
    if min(abs(pct - s) for s in shares) <= max(step / 2, 0.03 * pct, 0.2):
        return None
    return 100 * exc / bkg


# "an excess of 172 events over the background estimate of 1240 (+17 %)": the excess and the background it stands on, then
# the excess as a share of that background, which their ratio must give
EXCESS_OVER_SHARE = re.compile(rf"\b(?:excess|surplus) of\s+{_N}\s+(?:events?\s+)?(?:over|above|on top of)\s+(?:the\s+|an?\s+)?"
                               rf"(?:[A-Za-z-]+\s+){{0,3}}?(?:of\s+|=\s+|is\s+)?{_N}(?:\s*(?:±|\+/-|\+-)\s*{_N})?(?:\s+events?)?"
                               r"\s*[(,]\s*(?:i\.e\.\s*|or\s+)?\+?\s*(?P<p>\d+(?:\.\d+)?)\s*%", re.I)


def _excess_share(rep: Report) -> Iterator[Finding]:
    """'an excess of 172 over a background of 1240 (+17 %)': the share stated is the excess over the background."""
    for c in rep.claims:
        if c.kind != "prose":
            continue
        for m in EXCESS_OVER_SHARE.finditer(c.text):
            exc, bkg = (float(m.group(i).replace(",", "")) for i in (1, 2))
            if (share := _share_off(exc, bkg, m["p"])) is None:
                continue
            line = c.line_at(m.start("p"))
            yield Finding("inconsistent_numbers", line, SEVERE,
                          f"an excess of {exc:g} over a background of {bkg:g} is {share:.1f} % of it, not the "
                          f"{m['p']} % stated", f"{exc:g} over {bkg:g} is {share:.1f} %, not {m['p']} %")


# ("1187 of these 2500 signal events remain, a signal efficiency of 52.5 %": the share named as the fraction it is)
_SHARE_NAMED = (r"(?:i\.e\.\s*|that is\s+)?(?:an?\s+|the\s+)?(?:[A-Za-z-]+\s+){0,2}?(?:efficiency|fraction|share|acceptance|"
                r"survival rate|pass(?:ing)? rate)\s*(?:of\s+|=\s*|:\s*|≈\s*|~\s*)")
# "95% of the codebook is in use, 3,712 of the 4,096 codes", "3,712 of 4,096 codes (95%)": a share and the count it is of
_COUNT = r"\d{1,3}(?:,\d{3}){1,7}|\d{1,9}"
SHARE_THEN_COUNT = re.compile(rf"(?<![\d.,])(?P<p>\d{{1,3}}(?:\.\d+)?)\s*%[^%\d;.]{{0,40}}?[,(:]\s*(?:i\.e\.\s*|or\s+|that is\s+)?"
                              rf"(?P<n>{_COUNT})\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?(?P<m>{_COUNT})(?![\d.,%])")
# "skim efficiency 7.7% (84312 / 1160000)": the count over its total by a slash, in a bracket right after the share
SHARE_THEN_SLASHED_COUNT = re.compile(rf"(?<![\d.,])(?P<p>\d{{1,3}}(?:\.\d+)?)\s*%\s*\(\s*(?P<n>{_COUNT})\s*/\s*(?P<m>{_COUNT})\s*\)")
# ("codes used 474/512 (88.1%)": the count over its total by a slash, a log's way)
COUNT_THEN_SHARE = re.compile(rf"(?<![\d.,/])(?P<n>{_COUNT})(?:\s+(?:out\s+)?of\s+(?:the\s+|all\s+|these\s+|those\s+)?|/)(?P<m>{_COUNT})(?![\d.,%/])"
                              rf"[^%\d;.]{{0,25}}?[(,]\s*(?:i\.e\.\s*|or\s+|{_SHARE_NAMED})?(?P<p>\d{{1,3}}(?:\.\d+)?)\s*%")

# a share said of the part a count leaves out ("21.7 % of its entries dead (802 of 1024 used)"): the count's complement
OTHER_PART = re.compile(r"\b(?:dead|unused|idle|inactive|lost|rejected|removed|dropped|discarded|failed|empty)\b", re.I)
KEPT_PART = re.compile(r"\b(?:used|in use|alive|active|kept|accepted|retained|passed|passing|surviv\w*|filled|hit)\b", re.I)
# "top-1% cut", "5% efficiency cut", "the 10% quantile threshold": a percentage that is the name of a selection
SHARE_NAMES_A_CUT = re.compile(r"\s*%\s*(?:(?:signal\s+|score\s+)?(?:efficiency|quantile|percentile)\s+)?(?:cuts?|selections?|thresholds?)\b", re.I)
SHARE_IS_AN_ERROR_BAR = re.compile(r"(?:±|\+/-|\+-|\\pm)\s*$")  # the percent after "±" is an error, not the share itself


def _share_of_count(rep: Report) -> Iterator[Finding]:
    """A percentage stated beside the count it is a share of ("95% of the codebook is in use, 3,712 of the 4,096
    codes"): the two must agree (3,712 / 4,096 is 90.6%)."""
    for c in rep.claims:
        if c.kind == "row" and (f := _codes_used_of_the_rows_codebook(c)) is not None:
            yield f
        if c.kind != "prose":
            continue
        for m in [*SHARE_THEN_COUNT.finditer(c.text[:2000]), *COUNT_THEN_SHARE.finditer(c.text[:2000]),
                  *SHARE_THEN_SLASHED_COUNT.finditer(c.text[:2000])][:4]:
            n, total, pct = int(m["n"].replace(",", "")), int(m["m"].replace(",", "")), float(m["p"])
            if not 0 < n <= total or SHARE_IS_AN_ERROR_BAR.search(c.text[max(0, m.start("p") - 12):m.start("p")]):
                continue  # "keeps 31.0 +- 0.2 % of the signal (620 of 2000 jets)": the share is 31.0, the 0.2 its error
            if re.search(r"(?:\bat|@)\s*(?:the\s+)?$", c.text[max(0, m.start("p") - 8):m.start("p")], re.I) \
                    and WORKING_POINT.match(c.text[m.end("p"):m.end("p") + 40]):
                continue  # "mistag at 50% quark efficiency: 118 of the 1,000 gluon jets pass": the share is where the count
                # is taken, a working point, not the count's share (so is "At the 50% working point, ..." opening a sentence)
            if m.start("p") < m.start("n") and SHARE_NAMES_A_CUT.match(c.text, m.end("p")):
                continue  # "after the top-1% cut, 41 of the 619 kept events are signal": the share names the cut (of the
                # whole sample), the count after it is of what the cut kept
            share = 100 * n / total
            places = len(m["p"].split(".")[1]) if "." in m["p"] else 0
            first = m.start("p") < m.start("n")  # the share said first, or the count
            said, counted = ((c.text[m.start():m.start("n")], c.text[m.start("n"):m.end() + 20]) if first else
                             (c.text[m.end("p"):m.end("p") + 20], c.text[m.start():m.start("p")]))
            if OTHER_PART.search(said) and not KEPT_PART.search(said) and KEPT_PART.search(counted) and not OTHER_PART.search(counted):
                share = 100 - share  # "leaves 21.7 % of its entries dead (802 of 1024 used)": the share is of the rest
            if abs(share - pct) > max(1.0 if not places else 0.0, 0.5 * 10 ** -places, 0.03 * pct):  # "7.7%" of
                # 84312 / 1160000 (7.27%): a share printed to a decimal is read to that decimal (3% of itself), a whole
                # percent to a point
                yield Finding("inconsistent_numbers", c.line, SEVERE,
                              f"{m['p']}% does not follow from {m['n']} of {m['m']}, which is {share:.1f}%",
                              f"{m['p']}% is not {m['n']} of {m['m']} ({share:.1f}%)")
                break


def _codes_used_of_the_rows_codebook(c: Claim) -> Finding | None:
    """'| cb2048 | 2048 | 1310 (71.3%) |' under '| run | K | used codes |': a row that gives its codebook size, the count
    of codes in use and that count as a percentage; the percentage must be the count's share of the row's own codebook."""
    size = [v for v in c.values if v.quantity == "codebook_size" and v.value >= 2 and v.start < BORROWED]
    used = [v for v in c.values if v.quantity == "codebook_usage" and v.start < BORROWED]
    counts = [v for v in used if v.value >= 1 and "." not in v.shown and not v.shown.endswith("%")]
    shares = [v for v in used if v.shown.endswith("%") and 0 < v.value <= 1]
    if len(size) != 1 or len(counts) != 1 or len(shares) != 1 or not counts[0].value <= size[0].value:
        return None
    k, n, p = size[0], counts[0], shares[0]
    share = 100 * n.value / k.value
    pct = 100 * p.value
    places = len(p.shown.rstrip("% ").split(".")[1]) if "." in p.shown else 0
    if abs(share - pct) <= max(1.0, 0.5 * 10 ** -places, 0.03 * pct):
        return None
    return Finding("inconsistent_numbers", c.line, SEVERE,
                   f"{p.shown} codes in use does not follow from {n.shown} of the row's {k.shown}, which is {share:.1f}%",
                   f"{p.shown} is not {n.shown} of {k.shown} ({share:.1f}%)")


# "dR50 vs PFN (%)", "Δ AUC rel. to baseline": a column of each row's change of another column from one named row
CHANGE_FROM_ROW_COLUMN = re.compile(r"(?:d|Δ|delta)[ _]?(?P<base>[A-Za-z][\w/.-]{0,20})\s+(?:vs\.?|versus|rel(?:ative|\.)?\s+to|"
                                    r"w\.?r\.?t\.?|over)\s+(?P<ref>[^()]{1,30}?)\s*(?P<pct>\(\s*%\s*\))?(?:\s*\(\w\))*\s*", re.I)
MAX_TABLE_LINES = 20_000  # lines searched for tables (a flooded report is read up to here)


def _decimals(cell: str) -> int:
    m = re.search(r"\.(\d+)", cell)
    return len(m.group(1)) if m else 0


def _change_from_reference_row(rep: Report) -> Iterator[Finding]:
    """A table column of each row's change from one row the column names ('dR50 vs PFN (%)' over rows of models, PFN
    among them): each must be the row's value of the changed column less the named row's, relative in percent where the
    column says so, within the rounding of the printed numbers."""
    for t in tables(rep.lines, 1, min(len(rep.lines), MAX_TABLE_LINES)):
        for k, head in enumerate(t.head):
            m = CHANGE_FROM_ROW_COLUMN.fullmatch(head)
            base = [j for j, h in enumerate(t.head) if m and j != k and re.match(rf"{re.escape(m['base'])}(?![\w/])", h, re.I)]
            ref = [cells for _, cells in t.rows if m and cells[0].strip().lower() == m["ref"].strip().lower()]
            if not m or len(base) != 1 or len(ref) != 1:
                continue
            r = cell_number(ref[0][base[0]])
            for line, cells in t.rows:
                v, said = cell_number(cells[base[0]]), cell_number(cells[k])
                if v is None or r is None or said is None or (m["pct"] and r == 0):
                    continue
                half = 0.5 * 10 ** -_decimals(cells[base[0]])  # the rounding of each printed value
                if m["pct"]:
                    want = 100 * (v - r) / r
                    slack = 100 * half * (1 / abs(r) + abs(v) / r ** 2) + 0.5 * 10 ** -_decimals(cells[k])
                else:
                    want, slack = v - r, 2 * half + 0.5 * 10 ** -_decimals(cells[k])
                if abs(want - said) > slack * 1.01:
                    unit = "%" if m["pct"] else ""
                    yield Finding("inconsistent_numbers", line, SEVERE,
                                  f"the change of {m['base']} from {m['ref'].strip()} is given as {cells[k].strip()}{unit}, but "
                                  f"{cells[base[0]].strip()} against {ref[0][base[0]].strip()} is {want:+.{max(1, _decimals(cells[k]))}f}"
                                  f"{unit}", f"{cells[k].strip()}{unit} is not {want:+.1f}{unit}")


# "the W1 values are within a factor of 2 of the floor", "at most 3x the truth-vs-truth floor": a bound on the ratio of
# each row's value to the column the words name
WITHIN_FACTOR_OF = re.compile(r"\b(?:within\s+(?:a\s+factor\s+(?:of\s+)?(?P<k1>\d+(?:\.\d+)?)|(?P<k2>\d+(?:\.\d+)?)\s*(?:x|×|times))"
                              r"|at\s+most\s+(?P<k3>\d+(?:\.\d+)?)\s*(?:x|×|times))\s+(?:of\s+|from\s+)?(?:the\s+|its\s+|their\s+)?"
                              r"(?P<ref>[A-Za-z][\w-]*)", re.I)


def _factor_of_a_column(rep: Report) -> Iterator[Finding]:
    """'the W1 values are within a factor of 2 of the floor for every observable' under a table of two number columns,
    one headed by the floor: each row's value over its floor must be at most that factor (the printed numbers' rounding
    taken in the claim's favour); the rows the sentence names, or every row where it names none."""
    for c in rep.claims:
        if c.kind != "prose" or not (m := WITHIN_FACTOR_OF.search(c.text)):
            continue
        k, ref = float(m["k1"] or m["k2"] or m["k3"]), stem(m["ref"].lower())
        for t in tables(rep.lines, max(1, c.line - 30), c.line - 1):
            cols = [j for j in range(1, len(t.head)) if all(cell_number(cells[j]) is not None for _, cells in t.rows)]
            at = [j for j in cols if ref in {stem(w) for w in re.findall(r"[a-z]+", t.head[j].lower())}]
            if len(cols) != 2 or len(at) != 1 or len(t.rows) < 2:
                continue
            own = next(j for j in cols if j != at[0])
            named = [(ln, cells) for ln, cells in t.rows if side_words(cells[0]) and side_words(cells[0]) <= side_words(c.text)]
            over = []
            for _, cells in named or t.rows:
                a, r = cell_number(cells[own]), cell_number(cells[at[0]])
                if a is not None and r is not None and r > 0 and \
                        a - 0.5 * 10 ** -_decimals(cells[own]) > k * (r + 0.5 * 10 ** -_decimals(cells[at[0]])):
                    over.append(f"{cells[0].strip()}: {cells[own].strip()} against {cells[at[0]].strip()} ({a / r:.1f} times)")
            if over:
                yield Finding("inconsistent_numbers", c.line_at(m.start()), SEVERE,
                              f"'{m.group(0)}' does not hold for its own table: " + "; ".join(over[:3]),
                              f"not within a factor {k:g} of the {m['ref']} ({over[0]})")
            break


# "Going from 512 to 2048 codes improves the mass resolution by 27%": a change between two values of a setting
FROM_SETTING_TO = re.compile(r"\bfrom\s+(?P<a>\d[\d,]*(?:\.\d+)?)\s+(?:[A-Za-z-]+\s+)?to\s+(?P<b>\d[\d,]*(?:\.\d+)?)(?![\d.])", re.I)


def _change_between_setting_values(rep: Report) -> Iterator[Finding]:
    """'Going from 512 to 2048 codes improves the mass resolution by 37%', over records (table rows, JSON objects) that
    each give a codebook size and a mass resolution: the change runs from the record at the first setting to the record
    at the second, relative to the first (or in percentage points of a fraction). Where several records share a setting
    (two tokenizers of 2048 codes), the change must follow from one pair of them."""
    for c in rep.claims:
        diffs = [v for v in c.values if v.role == "difference" and v.quantity and v.start < BORROWED and v.unit != "sigma"]
        if c.kind != "prose" or len(diffs) != 1 or c.results(diffs[0].quantity) or not diffs[0].shown.endswith("%") or (
                m := FROM_SETTING_TO.search(c.text, 0, diffs[0].start)) is None:
            continue
        d = diffs[0]
        kinds = {v.quantity for v in c.values if v.role == "setting" and v.quantity and m.start() <= v.start < m.end()}
        if len(kinds) != 1:
            continue
        kind = kinds.pop()
        pairs = [(x, y) for x in _records_at(rep, kind, to_float(m["a"]), d.quantity)
                 for y in _records_at(rep, kind, to_float(m["b"]), d.quantity)][:8]
        if pairs and not any(_change_follows(d, x, y) for x, y in pairs):
            x, y = pairs[0]
            yield Finding("inconsistent_numbers", c.line_at(d.start), SEVERE,
                          f"the stated change of {d.shown} from {m['a']} to {m['b']} does not follow from the records at those "
                          f"settings: {x.shown} to {y.shown} is {abs(y.value - x.value) / abs(x.value) * 100:.0f}% relative",
                          f"the stated change {d.shown} does not follow from {x.shown} vs {y.shown}")


def _records_at(rep: Report, kind: str, x: float, quantity: str) -> list[Value]:
    """The values of `quantity` in the records (rows) whose setting `kind` is `x`."""
    return [v for e in rep.claims if e.kind == "row" and any(w.role == "setting" and w.quantity == kind and w.value == x
                                                             for w in e.values) for v in e.results(quantity)]


def _change_follows(d: Value, x: Value, y: Value) -> bool:
    """The change `d` in percent is `y` against `x` relative to `x` (or in percentage points of a fraction), to 15% or
    its last printed digit."""
    raw = re.sub(r"[^\d.,-]", "", d.shown)
    stated, tol = abs(to_float(raw)), max(0.15 * abs(to_float(raw)), last_digit(raw))
    cands = [abs(y.value - x.value) / abs(x.value) * 100] if x.value else []
    if d.quantity in BOUNDED and max(abs(x.value), abs(y.value)) <= 1:
        cands.append(abs(y.value - x.value) * 100)
    return any(abs(stated - w) <= tol for w in cands)


# "delta = herwig7 - pythia8" over a table with those columns: the definition of a difference column by two others
DIFFERENCE_DEFINED = re.compile(r"(?<![\w-])(?P<name>delta|Δ|diff(?:erence)?|shift|change|gain)\s*[:=]\s*(?P<a>[A-Za-z][\w.]*)"
                                r"\s*[-−–]\s*(?P<b>[A-Za-z][\w.]*)(?![\w.]*\s*[/*(])", re.I)


def _defined_difference_column(rep: Report) -> Iterator[Finding]:
    """A table column the report defines as the difference of two others ("pivot on sample, delta = herwig7 - pythia8"):
    in each row the three must agree within the rounding of the printed numbers."""
    for m in list(DIFFERENCE_DEFINED.finditer(rep.text[:200_000]))[:4]:
        cols = [x.lower().replace("_", " ") for x in (m["a"], m["b"], m["name"])]
        if len(set(cols)) < 3:
            continue
        for c in rep.claims:
            if c.kind != "row":
                continue
            got = [[v for v in c.values if v.start < BORROWED and v.label.lower().endswith(" " + col)] for col in cols]
            if any(len(g) != 1 for g in got) or len({g[0].unit for g in got}) != 1:
                continue
            a, b, d = (g[0] for g in got)
            slack = sum(0.5 * 10 ** -_decimals(v.shown) for v in (a, b, d)) * 1.01
            if abs(a.value - b.value - d.value) > slack:
                yield Finding("inconsistent_numbers", c.line, SEVERE,
                              f"{m['name']} is defined as {m['a']} - {m['b']}, but on this row {a.shown} - {b.shown} = "
                              f"{a.value - b.value:+.{max(_decimals(a.shown), _decimals(b.shown))}f}, not {d.shown}",
                              f"{a.shown} - {b.shown} is not {d.shown}")


# "2.1 GPU time" or "3. RESULTS" opening a line: a numbered section's heading; "the 48,000 GPU-hours requested in 2.1": an
# amount the text says a numbered section gives (a bare "in 1" names no section: "section 1", "§1" or "2.1" do)
SECTION_HEADING = re.compile(r"^[ \t]*(?P<id>[1-9]\d?(?:\.\d{1,2}){0,3})\.?[ \t]+[A-Z][A-Za-z]", re.M)
SECTION_AMOUNT = re.compile(r"(?<![\w.,])(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d+(?:\.\d+)?)\s+(?P<unit>[A-Za-z][\w-]{1,20})\s+"
                            r"(?:[a-z]+\s+){0,2}(?:in|of|from|under)\s+(?:(?:[Ss]ection\s+|§\s*)(?P<id>[1-9]\d?(?:\.\d{1,2}){0,3})|"
                            r"(?P<sub>[1-9]\d?(?:\.\d{1,2}){1,3}))"
                            r"(?![\d.]?\d|\s*%)")


def _amount_of_a_named_section(rep: Report) -> Iterator[Finding]:
    """An amount the text says a numbered section of its own gives ("the 48,000 GPU-hours requested in 2.1") must be one
    that section states in the same unit: a section that states 14,000, 28,000 and 40,000 GPU-hours gives no 48,000."""
    heads = [(m["id"], rep.text.count("\n", 0, m.start()) + 1) for m in SECTION_HEADING.finditer(rep.text[:200_000])]
    for c in rep.claims:
        if c.kind != "prose":
            continue
        for m in SECTION_AMOUNT.finditer(c.text[:2000]):
            sec = m["id"] or m["sub"]
            at = [i for i, (sid, _) in enumerate(heads) if sid == sec]
            if len(at) != 1:
                continue  # no such section, or a number the text does not head a section with
            first = heads[at[0]][1]
            last = heads[at[0] + 1][1] - 1 if at[0] + 1 < len(heads) else len(rep.lines)
            if first <= c.line <= last:
                continue  # the section's own sentence
            body = "\n".join(rep.lines[first - 1:last])
            unit = re.escape(m["unit"])
            there = [x for x in re.findall(rf"(?<![\w.,])(\d{{1,3}}(?:,\d{{3}}){{1,7}}|\d+(?:\.\d+)?)\s+{unit}\b", body)]
            said = float(m["n"].replace(",", ""))
            if there and all(float(x.replace(",", "")) != said for x in there):
                yield Finding("inconsistent_numbers", c.line, SEVERE,
                              f"{m['n']} {m['unit']} are said to be those of section {sec} (line {first}), which gives "
                              f"{', '.join(there)} {m['unit']}, not {m['n']}",
                              f"{m['n']} {m['unit']} is not what section {sec} gives ({there[-1]})")


# "speed-up 12.4/9.1 = 1.36x, i.e. per-batch latency -38%": a ratio worked out, then the relative change it amounts to
RATIO_THEN_CHANGE = re.compile(rf"(?<![\w.])(?P<a>{NUM})\s*/\s*(?P<b>{NUM})\s*=\s*{NUM}\s*[x×]?\s*,?\s*(?:i\.e\.|that is|so|or)"
                               rf"[^%\d\n]{{0,40}}?(?P<p>[-+−]\s*{NUM})\s*%")


def _ratio_then_change(rep: Report) -> Iterator[Finding]:
    """A ratio a/b stated with the change it amounts to: going from a to b is b/a - 1, from b to a is a/b - 1 (a 1.36x
    speed-up is 26% less time per batch, or 36% more batches per second); a percentage that is neither is wrong."""
    for line, text in enumerate(rep.lines, start=1):
        for m in RATIO_THEN_CHANGE.finditer(text):
            a, b, p = (float(m[k].replace("−", "-").replace(" ", "")) for k in ("a", "b", "p"))
            if a <= 0 or b <= 0:
                continue
            step = last_digit(m["p"])
            fits = [100 * (b / a - 1), 100 * (a / b - 1)]
            if all(abs(p - f) > max(1.5 * step, 0.05 * abs(f)) for f in fits):
                yield Finding("inconsistent_numbers", line, SEVERE,
                              f"{m['a']}/{m['b']} is a change of {fits[0]:+.1f}% (or {fits[1]:+.1f}% the other way), "
                              f"not the {m['p'].replace(' ', '')}% stated", f"{m['a']}/{m['b']} is not {m['p']}%")


# "SF = 0.961 +- 0.018 (stat+syst), a 3.0 sigma deviation from unity": a value with its error, then how many of its errors
# it lies from a reference it names (one, zero, or a number)
PULL_FROM_REFERENCE = re.compile(
    rf"(?<![\w.])(?P<v>{NUM})\s*(?:±|\+/-|\+-|\\pm)\s*(?P<e>\d+(?:\.\d+)?)(?![\d.%])[^;.:!?]{{0,50}}?(?<![\w.])(?P<z>\d+(?:\.\d+)?)\s*"
    r"(?:σ|sigma|standard deviations?|s\.d\.)\s*(?:deviation|tension|pull|discrepancy|shift|offset|away|off)?\s*"
    rf"(?:from|away from|off|with respect to|w\.r\.t\.|relative to)\s+(?:the\s+)?(?P<ref>unity|one|zero|{NUM}(?![\d.]))", re.I)


def _pull_from_reference(rep: Report) -> Iterator[Finding]:
    """A value with its error said to lie N sigma from a reference ("SF = 0.961 +- 0.018, a 3.0 sigma deviation from
    unity"): the distance in errors is |value - reference| / error, and the N stated must be it (to its rounding)."""
    for c in rep.claims:
        for m in PULL_FROM_REFERENCE.finditer(c.text):
            try:
                v, e, z = (float(m[k].replace("−", "-").replace(",", "")) for k in ("v", "e", "z"))
                ref = {"unity": 1.0, "one": 1.0, "zero": 0.0}.get(m["ref"].lower())
                ref = float(m["ref"].replace("−", "-").replace(",", "")) if ref is None else ref
            except ValueError:
                continue
            if e <= 0:
                continue
            pull = abs(v - ref) / e
            # how far the printed value and error may move the pull, and the stated N its own rounding
            slack = (last_digit(m["v"]) / 2 + pull * last_digit(m["e"]) / 2) / e + last_digit(m["z"]) / 2
            if abs(pull - z) <= max(slack, 0.15 * pull, 0.2):
                continue
            at = m.start("z")
            line = c.line_at(at)
            yield Finding("inconsistent_numbers", line, SEVERE,
                          f"{m['v']} ± {m['e']} lies |{m['v']} - {fmt(ref)}| / {m['e']} = {pull:.2f}σ from {m['ref']}, "
                          f"not the {m['z']}σ stated", f"{m['v']} ± {m['e']} is {pull:.1f}σ from {m['ref']}, not {m['z']}σ")


# a fit's or a sampler's summary table: a row of column names with the estimate ("Mean", "Estimate", "Value") and its spread
# ("StdDev", "sd", "Error") among them (CmdStan's stansummary, ArviZ's summary, a minimiser's parameter table)
SUMMARY_MEAN = re.compile(r"mean|estimate|value", re.I)
SUMMARY_SPREAD = re.compile(r"std\.?(?:dev|err(?:or)?)?|sd|stdev|stddev|error|err|sigma|hesse", re.I)
SUMMARY_MEDIAN = re.compile(r"50\s?%|median", re.I)
NUM_CELL = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
RULE_LINE = re.compile(r"\s*[-=+]{3,}[-=+\s]*")
SUMMARY_ROW = re.compile(rf"\s*(?P<name>[A-Za-z_][\w.\[\],]{{0,40}})((?:\s+(?:{NUM_CELL.pattern}|nan|inf))+)\s*", re.I)


def _fit_summary_rows(lines: list[str]) -> dict[str, tuple[int, float, float, float | None]]:
    """The rows of a fit's summary table, by parameter name: (line, estimate, spread, median or None)."""
    out: dict[str, tuple[int, float, float, float | None]] = {}
    i = 0
    while i < min(len(lines), MAX_TABLE_LINES):
        head = lines[i].split()
        mean = [k for k, h in enumerate(head) if SUMMARY_MEAN.fullmatch(h)]
        spread = [k for k, h in enumerate(head) if SUMMARY_SPREAD.fullmatch(h)]
        if len(head) < 3 or not mean or not spread or any(NUM_CELL.fullmatch(h) for h in head):
            i += 1
            continue
        median = next((k for k, h in enumerate(head) if SUMMARY_MEDIAN.fullmatch(h)), None)
        j = i + 1
        while j < len(lines) and j - i < 200:
            if not lines[j].strip() or RULE_LINE.fullmatch(lines[j]):
                j += 1
                continue
            row = SUMMARY_ROW.fullmatch(lines[j][:400])
            cells = row[2].split() if row else []
            if row is None or len(cells) not in (len(head), len(head) - 1) or (len(cells) < len(head) and 0 in (mean[0], spread[0])):
                break
            cells = cells if len(cells) == len(head) else ["", *cells]  # "param  Mean  StdDev ...": the names' column named too
            try:
                est, sd = float(cells[mean[0]]), float(cells[spread[0]])
                med = float(cells[median]) if median is not None else None
            except ValueError:
                break
            if math.isfinite(est) and math.isfinite(sd) and sd > 0:
                out.setdefault(row["name"], (j + 1, est, sd, med))
            j += 1
        i = j
    return out




def _fit_summary_restated(rep: Report) -> Iterator[Finding]:
    """'n_sig   145   0.62   37   84   145   206' in a fit's summary (Mean, MCSE, StdDev, quantiles) and later 'n_sig = 118 +- 37':
    a parameter quoted with the table's own spread is the table's estimate restated, and must be that estimate (or its
    median) to the precision shown."""
    rows = _fit_summary_rows(rep.lines)
    if not rows:
        return
    for n, line in enumerate(rep.lines[:MAX_TABLE_LINES], start=1):
        for name, (at, est, sd, med) in rows.items():
            if n == at or name not in line:
                continue
            for m in re.finditer(rf"(?<![\w.]){re.escape(name)}\s*(?:=|:)\s*(?P<x>{NUM_CELL.pattern})\s*(?:±|\+/-|\+-)\s*"
                                 rf"(?P<e>{NUM_CELL.pattern})(?![\d.])", line[:2000]):
                x, e = float(m["x"]), float(m["e"])
                step = last_digit(m["x"]) if "e" not in m["x"].lower() else 1.0
                if abs(e - sd) > max(0.05 * sd, last_digit(m["e"])):
                    continue  # another error than the table's spread (with systematics, another fit): not the row restated
                if min(abs(x - est), abs(x - med) if med is not None else math.inf) <= max(step, 0.25 * sd):
                    continue
                yield Finding("inconsistent_numbers", n, SEVERE,
                              f"{name} is {m['x']} ± {m['e']} here, but the fit summary on line {at} gives it {est:g} "
                              f"(spread {sd:g}): one of the two is wrong", f"{m['x']} here, {est:g} on line {at}")


# "a gain of 0.041, i.e. about 12% relative": a change said again, in percent of where it starts, right after its amount
RESTATED_AS_RELATIVE = re.compile(r"\s*,?\s*(?:\(\s*)?(?:i\.e\.,?|that is,?|or|which is|so)?\s*(?:an?\s+)?"
                                  r"(?:about|roughly|around|approximately|~|≈)?\s*$", re.I)


def _relative_restated(rep: Report) -> Iterator[Finding]:
    """'pre-training raises the AUC from 0.861 to 0.902, a gain of 0.041, i.e. about 12% relative': a change given as
    an amount, then at once in percent 'relative', between the two results of its quantity in the sentence (their
    difference is the amount): the percentage must be the amount over one of the two ends."""
    for c in rep.claims:
        for d, p in zip(c.values, c.values[1:], strict=False):
            if d.role != "difference" or not d.quantity or d.shown.endswith("%") or not p.shown.endswith("%") \
                    or p.start >= BORROWED or d.start >= BORROWED or p.quantity not in ("", d.quantity) \
                    or not re.match(r"\s*relative\b", c.text[p.start + len(p.shown):]) \
                    or not RESTATED_AS_RELATIVE.fullmatch(c.text[d.start + len(d.shown):p.start]):
                continue
            ends = [v for v in c.results() if v.quantity == d.quantity and v.start < d.start and v.role == "result"]
            if len(ends) != 2 or d.value <= 0:
                continue
            lo, hi = sorted(abs(v.value) for v in ends)
            if lo <= 0 or abs((hi - lo) - d.value) > last_digit(d.shown) + 1e-12:
                continue  # not the change between those two
            num = re.match(r"[\d,]*\.?\d+", p.shown.lstrip("+-−~≈ "))
            if num is None:
                continue
            stated = float(num.group(0).replace(",", ""))
            cands = [d.value / lo * 100, d.value / hi * 100]
            if not any(abs(stated - x) <= max(stated * 0.15, last_digit(num.group(0))) for x in cands):
                yield Finding("inconsistent_numbers", c.line_at(p.start), SEVERE,
                              f"the change of {d.shown} between {fmt(lo)} and {fmt(hi)} is {cands[0]:.1f}% relative, not "
                              f"the {p.shown} stated", f"{d.shown} on {fmt(lo)} is not {p.shown} relative")


# "the 8.6% mass resolution of the 512 codebook", "with the 1024-entry codebook", "at K = 512": the codebook size a sentence
# names for a number it states
SAID_AT_CODEBOOK_SIZE = re.compile(r"\b(?:of|for|with|at|from)\s+(?:the\s+)?(?:(?P<n>\d{2,6})[- ]?(?:entry\s+|code\s+|entries\s+)?"
                                   r"codebook\b|K\s*=\s*(?P<k>\d{2,6})\b)", re.I)


# "(9.4% vs 8.7% for K=512)": a pairing between a number and the codebook size named after the pair
SAID_AGAINST_BEFORE_THE_SIZE = re.compile(r"\b(?:vs\.?|versus|against|compared (?:to|with))\s", re.I)


def _restated_at_codebook_size(rep: Report) -> Iterator[Finding]:
    """'is the 8.6% mass resolution of the 512 codebook good enough?' under a table whose K = 512 row gives the relative
    mass resolution as 8.1 %: a number restated in prose for the codebook size it names, against the one table row at that
    size, where the two differ beyond their printed precision (and are within a factor of three: one kind of number)."""
    rows = [c for c in rep.claims if c.kind == "row" and any(v.quantity == "codebook_size" and v.role == "setting" for v in c.values)]
    if len(rows) < 2:
        return
    for c in rep.claims:
        if c.kind != "prose" or len(found := list(SAID_AT_CODEBOOK_SIZE.finditer(c.text))) != 1:
            continue
        size = float(found[0]["n"] or found[0]["k"])
        nearest = max((v.start for v in c.results() if v.start < found[0].start() and v.value != size), default=-1)
        for v in c.results("resolution", "perplexity", "codebook_usage", "loss"):
            if v.start >= BORROWED or v.start > found[0].start() or v.value == size:
                continue  # (the number is said before the size it is of: "the 8.6% resolution of the 512 codebook")
            if v.start != nearest and SAID_AGAINST_BEFORE_THE_SIZE.search(c.text, v.start, found[0].start()):
                continue  # "(9.4% vs 8.7% for K=512)": the size is of the number after 'vs', the one before is the other side's
            at = [w for r in rows if any(u.quantity == "codebook_size" and u.value == size for u in r.values)
                  for w in r.results(v.quantity) if w.start < BORROWED]
            if len(at) != 1 or same_at_precision(v, at[0]) or not (v.value * at[0].value > 0 and 1 / 3 <= v.value / at[0].value <= 3):
                continue
            r = next(r for r in rows if any(w is at[0] for w in r.values))
            yield Finding("inconsistent_numbers", c.line, SEVERE,
                          f"{v.quantity.replace('_', ' ')} at codebook size {size:g} is {v.shown} here but {at[0].shown} in the "
                          f"table (line {r.line}): one of the two is wrong", f"{v.shown} here, {at[0].shown} on line {r.line}")
            break


# "[ 500, 1000)", "500-1000 GeV :", "500 to 1000": what stands between the two edges of a bin that opens a line
BIN_EDGES_GAP = re.compile(r"\s*(?:GeV|TeV)?\s*(?:-|–|,|to)\s*")


def _rate_of_a_bin(c: Claim) -> tuple[tuple[float, float], Value, float, float] | None:
    """A line opened by a bin's two edges (its first two numbers, settings joined by '-', '–', ',' or 'to', lower first)
    and the first result after them, a fraction (a percentage read as one): the bin, that result, the fraction and the
    step of its printed last digit."""
    vs = [v for v in c.values if v.start < BORROWED]
    if len(vs) < 3 or vs[0].role != "setting" or vs[1].role != "setting" or not vs[0].value < vs[1].value \
            or c.text[:vs[0].start].strip(" [(") or not BIN_EDGES_GAP.fullmatch(c.text, vs[0].start + len(vs[0].shown), vs[1].start):
        return None
    v = next((w for w in vs[2:] if w.role == "result"), None)
    if v is None:
        return None
    scale = 100.0 if v.unit == "%" and v.quantity not in BOUNDED else 1.0
    step = last_digit(v.shown.rstrip("% ")) / (100 if v.shown.rstrip().endswith("%") else 1)
    return ((vs[0].value, vs[1].value), v, v.value / scale, step) if 0 < v.value / scale < 1 else None


def _restated_bin_rates(rep: Report) -> Iterator[Finding]:
    """A table of rates per bin (pT bins of a mistag rate: '[ 500, 1000)  412  9870  0.04174') restated bin by bin
    further down ('500-1000 GeV : 4.71 +- 0.21 %'): where every other bin restates its row to the printed digits and
    one does not, that one was copied wrong (one of the two numbers is not what was measured)."""
    runs: list[list[tuple[Claim, tuple[float, float], Value, float, float]]] = []
    for c in rep.claims:
        if (b := _rate_of_a_bin(c)) is None:
            continue
        if runs and runs[-1][-1][0].line == c.line - 1:
            runs[-1].append((c, *b))
        else:
            runs.append([(c, *b)])
    binned = [{r[1]: r for r in run} for run in runs if len(run) >= 3 and len({r[1] for r in run}) == len(run)]
    for i, later in enumerate(binned):
        for earlier in binned[:i]:
            common = [k for k in later if k in earlier]
            apart = [k for k in common if abs(later[k][3] - earlier[k][3]) > max(later[k][4], earlier[k][4]) / 2 + 1e-12]
            if len(common) < 3 or len(apart) != 1 or len(common) - len(apart) < 2:
                continue
            (c, (lo, hi), v, p, _), (d, _, w, q, _) = later[apart[0]], earlier[apart[0]]
            if not 1 / 3 <= p / q <= 3:
                continue
            yield Finding("inconsistent_numbers", c.line, SEVERE,
                          f"the {lo:g}-{hi:g} bin is restated as {v.shown}, but the table gives {w.shown} for it (line {d.line}), "
                          f"while every other bin restates its row: one of the two was copied wrong",
                          f"{v.shown} here, {w.shown} on line {d.line}")
            break


CORRECTION_CONTENT = re.compile(r'"content"\s*:\s*\[(?P<nums>\s*[-+]?[\d.eE+-]+(?:\s*,\s*[-+]?[\d.eE+-]+)*\s*)\]')


def correction_sets(rep: Report) -> list[dict]:
    """The corrections of a correctionlib JSON ("schema_version", "corrections": [{"name", "description", "output",
    "data"}]): each one's name, its description and the line it stands on, the quantity its output names, and the numeric
    "content" lists of its binning nodes, in text order, each with its line. Empty for any other text."""
    if '"corrections"' not in rep.text[:200_000] or '"content"' not in rep.text[:200_000]:
        return []
    try:
        doc = json.loads(rep.text)
    except ValueError:
        return []
    if not isinstance(doc, dict) or not isinstance(doc.get("corrections"), list):
        return []
    spans = [(rep.text.count("\n", 0, m.start("nums")) + 1, [float(x) for x in m["nums"].split(",")])
             for m in CORRECTION_CONTENT.finditer(rep.text)]

    def contents(node: object) -> Iterator[list[float]]:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "content" and isinstance(v, list) and v and all(isinstance(x, int | float) for x in v):
                    yield [float(x) for x in v]
                else:
                    yield from contents(v)
        elif isinstance(node, list):
            for v in node:
                yield from contents(v)
    out, k = [], 0
    for corr in doc["corrections"]:
        if not isinstance(corr, dict):
            continue
        lists = []
        for values in contents(corr.get("data")):
            if k < len(spans) and spans[k][1] == values:
                lists.append(spans[k])
            k += 1
        output = corr.get("output") if isinstance(corr.get("output"), dict) else {}
        said = f"{output.get('name', '')} {output.get('description', '')}".replace("_", " ")
        q = next((m.lastgroup for m in QUANTITY_RE.finditer(said) if m.lastgroup), "")
        name = str(corr.get("name", ""))
        desc = str(corr.get("description", ""))
        at = next((n for n, line in enumerate(rep.lines, start=1) if desc and desc[:60] in line), 0)
        out.append({"name": name, "description": desc, "line": at, "quantity": q, "lists": lists})
    return out


# a cross-validation table's per-split columns ("split3_test_score", "fold2_auc") and the mean and rank columns of the
# same score ("mean_test_score", "rank_test_score"), as scikit-learn's cv_results_ and its kin print them
SPLIT_COLUMN = re.compile(r"(?:split|fold|cv)[ _]?\d{1,2}[ _](?P<name>\w+)", re.I)


def cv_columns(rep: Report) -> Iterator[tuple[str, list[tuple[int, float, list[float], float | None, int]]]]:
    """Of each comma-separated table with per-split columns of a score and its mean column: (the score's name, its rows
    as (line, mean, the split values, the rank where a rank column is given, the mean's decimals))."""
    past = 0  # lines read as a table's rows are no header of another (a flood of header lines is read once)
    for i, head_line in enumerate(rep.lines[:5000]):
        if i < past or head_line.count(",") < 4 or not SPLIT_COLUMN.search(head_line):
            continue
        head = next(csv.reader([head_line]))
        names: dict[str, list[int]] = {}
        for k, h in enumerate(head):
            if m := SPLIT_COLUMN.fullmatch(h.strip()):
                names.setdefault(m["name"].lower(), []).append(k)
        low = [h.strip().lower() for h in head]
        for name, split_at in names.items():
            mean_at = next((low.index(x) for x in (f"mean_{name}", f"{name}_mean") if x in low), None)
            rank_at = next((low.index(x) for x in (f"rank_{name}", f"{name}_rank") if x in low), None)
            if mean_at is None or len(split_at) < 2:
                continue
            rows = []
            for n, line in enumerate(rep.lines[i + 1:i + 2001], start=i + 2):
                cells = next(csv.reader([line])) if line.strip() else []
                if len(cells) != len(head):
                    break
                past = max(past, n)  # (n: the 1-based line, the index of the line after it)
                try:
                    mean = float(cells[mean_at])
                    parts = [float(cells[k]) for k in split_at]
                    rank = int(cells[rank_at]) if rank_at is not None else None
                except ValueError:
                    continue
                digits = len(cells[mean_at].strip().split(".")[1]) if "." in cells[mean_at] else 0
                rows.append((n, mean, parts, rank, digits))
            if rows:
                yield name, rows


def _mean_of_split_columns(rep: Report) -> Iterator[Finding]:
    """"split0_test_score ... split4_test_score, mean_test_score": a row's mean column is the mean of its splits."""
    for name, rows in cv_columns(rep):
        for line, mean, parts, _, digits in rows:
            avg = sum(parts) / len(parts)
            if abs(mean - avg) > max(0.5 * 10.0 ** -min(digits, 6), 1e-6) + 1e-12:
                yield Finding("inconsistent_numbers", line, SEVERE,
                              f"mean_{name} is {mean:.6g}, but the row's {len(parts)} split values average {avg:.6g}: "
                              "one of them is wrong", f"mean {mean:.6g} vs the splits' {avg:.6g}")


def inconsistent(rep: Report) -> Iterator[Finding]:
    yield from _mean_of_split_columns(rep)
    yield from _fit_summary_restated(rep)
    yield from _pull_from_reference(rep)
    yield from _change_from_reference_row(rep)
    yield from _factor_of_a_column(rep)
    yield from _change_between_setting_values(rep)
    yield from _defined_difference_column(rep)
    yield from _ratio_then_change(rep)
    yield from _share_of_count(rep)
    yield from _amount_of_a_named_section(rep)
    yield from _excess(rep)
    yield from _excess_share(rep)
    yield from _global_vs_local(rep)
    yield from _conflicts(rep)
    yield from _restated_at_codebook_size(rep)
    yield from _restated_bin_rates(rep)
    yield from _p_vs_sigma(rep)
    yield from _p_then_sigma(rep)
    yield from _sigma_then_chance_by_luck(rep)
    yield from _p_field_then_sigma_field(rep)
    yield from _stated_difference(rep)
    yield from _difference_between_named_means(rep)
    yield from _relative_restated(rep)
    yield from _working_point(rep)
    yield from _working_point_fields(rep)
    yield from _rejection_symbol_vs_its_point(rep)
    yield from _restated_distances(rep)
