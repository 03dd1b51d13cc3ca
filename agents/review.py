"""`omnijet-agent review REPORT.md`: check a report against what its session recorded.

Trust starts at the session's workspace manifest (`.omnijet/manifest.json`, written only by the
host-side parent, see `sandbox.workspace`). Everything else is treated as attacker-written:
1. provenance: a citation `VALUE [..](PATH#/POINTER)` must name a relative path that stays inside
   the workspace (no absolute path, no `..` escape, no symlink on the way), and an artifact the
   manifest records whose sha256 matches the bytes on disk; `report.json` and `tool_calls.json`
   beside the report must be recorded and unchanged too; figures must be recorded (in the
   manifest or in the verified report.json) and unchanged;
2. numbers and links: every cited value (integers included) equals its artifact's field at the
   precision shown; every other number in every section must be a cited value or a number the
   session recorded (report.json, tool_calls.json, request); no link, image or HTML but the
   writer's citations and figures (`agents.model_text.active_markdown`);
3. claims: comparative and qualitative statements are checked against the numbers they cite,
   uncertainties and anomaly controls are looked for (`agents.review_claims`);
4. the manifest's signature (`sandbox.signing`): signed here and intact, edited after signing,
   or not signed here.
A report over `MAX_REPORT` bytes, not UTF-8, or a symlink is refused with one line (exit 2).
Files are opened relative to a directory descriptor with O_NOFOLLOW and read with a size bound.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import os
import posixpath
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agents.model_text import active_markdown, for_terminal, plain
from agents.provenance_refs import NUMBER, REF, matches, resolve
from agents.referee.foreign import review_foreign
from agents.referee.own import answer_own, referee_own
from agents.referee.referee import GAIN_MULTIPLE_QUESTION, NOT_TRACED
from agents.review_claims import Claim, Measure, analyse_claims, answer_question, collect_numbers
from omnijet.errors import DataError
from tools.workspace import (
    META,
    SIGNATURE,
    Unreadable,
    check_signature,
    file_sha256,
    read_bytes_file,
)

MAX_REPORT = 2 * 1024 * 1024  # bytes of report.md
MAX_JSON = 32 * 1024 * 1024  # bytes of one cited JSON artifact, report.json or tool_calls.json
MAX_MANIFEST = 64 * 1024 * 1024  # a flooded workspace makes big manifests (issue 12, item 7)
MAX_FIGURE = 64 * 1024 * 1024
MAX_TOTAL = 256 * 1024 * 1024  # bytes of JSON one review reads in all
MAX_LINES = 500  # problems listed (a flooded report must not flood the terminal)

FIGURE = re.compile(r"!\[[^\]]*\]\((?P<path>[^)\s]+)\)")
TABLE_RULE = re.compile(r"^(?=.*\|)\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")  # |---|:--:| (a bare --- is a heading's)
IDENT_CODE = re.compile(r"`[\w.:/+-]*[A-Za-z_][\w.:/+-]*`")  # `20261204T1514-run_python-9fdd1e`: a name, not a number
PROSE_NUMBER = re.compile(rf"(?<![\w.`/#-])(?P<value>{NUMBER})(?P<pct>%?)(?![\w`/-]|\.\d)")
# an integer right after these words is an ordinal in the text, not a result
ORDINAL = re.compile(r"(?:step|steps|attempt|revision|figure|fig\.|table|section|line|issue|round|stage|item|#)\s*$", re.I)
# an integer followed by these counts the report's own bookkeeping ("2 review(s)", "step 2/4")
SELF_COUNT = re.compile(r"/\d|\s*(?:number|problem|claim|finding|review|tool call|revision|attempt)s?\b|\w*\(s\)", re.I)
THRESHOLD_BEFORE = re.compile(r"\b(?:below|above|than|exceeds?|under|over|consistent with|compatible with)\s+(?:the\s+)?$", re.I)
CLAIM_SECTIONS = re.compile(r"summary|answer|conclusions?|results?|headline|findings|verdict|key (?:results|figures)|discussion", re.I)


class ReviewInputError(DataError):
    """The report itself cannot be reviewed: missing, a symlink, too large or not UTF-8."""


@dataclass
class ReviewResult:
    report: Path
    checked: int = 0
    figures: int = 0
    workspace: Path | None = None
    failures: list[str] = field(default_factory=list)  # the report is wrong: exit 1
    findings: list[str] = field(default_factory=list)  # scientific gaps: no uncertainty, no control
    warnings: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    controls: dict[str, Any] = field(default_factory=dict)
    question: str | None = None
    answer: str | None = None
    signature: str = ""  # one sentence: signed here and intact, edited after signing, or not signed here
    referee: dict[str, Any] | None = None  # a report from elsewhere: the referee's findings (agents.referee)

    @property
    def ok(self) -> bool:
        return not self.failures


# ---- bounded reads that never follow a symlink -------------------------------------------------
class _Refused(Exception):
    """A workspace file that cannot be read safely; the message says why."""


def _read(root_fd: int, rel: str, limit: int) -> bytes:
    """The bytes of `rel` under the workspace opened once (`root_fd`), through the agents' one
    safe-read path (tools.workspace over sandbox.safeio: no link followed, regular files only)."""
    try:
        return read_bytes_file(root_fd, rel, limit)
    except Unreadable as e:
        raise _Refused(str(e)) from None


def _sha256_of(root_fd: int, rel: str, limit: int) -> str:
    try:
        return file_sha256(root_fd, rel, limit)
    except Unreadable as e:
        raise _Refused(str(e)) from None


def _digest_or_none(root_fd: int, rel: str, limit: int) -> str | None:
    try:
        return _sha256_of(root_fd, rel, limit)
    except _Refused:
        return None


def _inside(report_dir: str, cited: str) -> str:
    """A citation path (relative to the report's folder) -> normalised workspace-relative path.

    Refuses absolute paths, URLs, `~`, NUL/backslash tricks, `..` out of the workspace and the
    parent-only `.omnijet/` folder (`_Refused` names the reason)."""
    if not cited or "\x00" in cited or "\\" in cited:
        raise _Refused("invalid path")
    if cited.startswith(("/", "~")) or re.match(r"^[A-Za-z][\w+.-]*:", cited):
        raise _Refused("absolute path or URL: citations must be relative to the report")
    rel = posixpath.normpath(posixpath.join(report_dir, cited))
    if rel == ".." or rel.startswith("../") or rel == ".":
        raise _Refused("leaves the session's workspace")
    if rel.split("/")[0] == META:
        raise _Refused(f"inside the private {META}/ folder")
    return rel


@dataclass
class _Beside:
    cited: set[str]  # the files the report's links name
    found: bool  # one of them (or the session's side files) stands beside the report

    def __bool__(self) -> bool:
        return self.found


DETACHED = ("not recorded by a session here, and none of the files its links cite is beside it (a report copied out "
            "of its session folder?): its numbers are checked for consistency, not traced; review it in that folder to "
            "trace them. Cited")


def _cited_beside(root_fd: int, text: str) -> _Beside:
    """Whether a report without a workspace manifest has any of its cited files (or report.json / tool_calls.json)
    in its folder: where none is, every link would fail alike, and saying so once is the finding."""
    cited = {m["path"] for m in REF.finditer(text[:MAX_REPORT])}
    for name in sorted(cited) + ["report.json", "tool_calls.json"]:
        try:
            os.stat(_inside("", name), dir_fd=root_fd, follow_symlinks=False)
            return _Beside(cited, True)
        except (_Refused, OSError):
            continue
    return _Beside(cited, False)


# ---- the session's record ----------------------------------------------------------------------
def _has_manifest(d: Path) -> bool:
    try:
        return (stat.S_ISDIR(os.lstat(d / META).st_mode)
                and stat.S_ISREG(os.lstat(d / META / "manifest.json").st_mode))
    except OSError:
        return False


def _locate(report: Path, res: ReviewResult) -> Path | None:
    """The session workspace of `report` (absolute, not resolved): the OUTERMOST folder above it
    with a manifest. A job can write `x/.omnijet/manifest.json` anywhere inside its workspace, so
    the nearest manifest is not trusted; nested manifests are reported. No component between the
    workspace and the report may be a symlink (a job could plant `report -> elsewhere`)."""
    roots = [d for d in report.parents if _has_manifest(d)]
    if not roots:
        return None
    root = roots[-1]
    if len(roots) > 1:
        res.failures.append(f"nested workspace manifests: {roots[0]} inside {root} (a job may have planted the "
                            "inner one); the report is checked against the outer workspace's manifest")
    for d in report.relative_to(root).parents:
        if d != Path(".") and os.path.islink(root / d):
            raise ReviewInputError(f"report {report}: {d} is a symlink inside the workspace (not followed)")
    return root


@dataclass
class _Session:
    root_fd: int
    report_dir: str  # the report's folder relative to the workspace root ("" at the root)
    recorded: dict[str, str] | None  # manifest: path -> sha256 of its latest record; None: no manifest
    calls: dict[str, dict[str, Any]]
    docs: dict[str, Any] = field(default_factory=dict)  # verified JSON, by workspace-relative path
    budget: int = MAX_TOTAL  # bytes of JSON still allowed to be read (many big artifacts cannot exhaust memory)
    problems: dict[str, str] = field(default_factory=dict)  # path -> why it cannot be trusted
    changed: set[str] = field(default_factory=set)  # files whose bytes differ from their record
    raw: bytes = b""  # the manifest's bytes, as parsed (what its signature must cover)


def _load_manifest(root_fd: int, res: ReviewResult) -> tuple[dict[str, str] | None, dict[str, dict[str, Any]], bytes]:
    raw = b""
    try:
        data = json.loads(raw := _read(root_fd, f"{META}/manifest.json", MAX_MANIFEST))
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        recorded = {a["path"]: a["sha256"] for a in data["artifacts"]
                    if isinstance(a, dict) and isinstance(a.get("path"), str) and isinstance(a.get("sha256"), str)}
        calls = {c["call_id"]: c for c in data.get("calls", []) if isinstance(c, dict) and isinstance(c.get("call_id"), str)}
        return recorded, calls, raw
    except (_Refused, ValueError, KeyError, TypeError, RecursionError) as e:
        res.failures.append(f"{META}/manifest.json: unreadable ({e}); nothing in the report can be trusted")
        return None, {}, raw


def _check_signature(ses: _Session, res: ReviewResult) -> None:
    """One sentence on the manifest's signature (`sandbox.signing`): with this installation's key,
    "signed here: intact", "signed here but edited after signing: <files>" (a failure), or
    "not signed here" (a report from elsewhere: its hashes hold only if its manifest does)."""
    try:
        sig = _read(ses.root_fd, SIGNATURE, 1 << 16)
    except _Refused:
        sig = None
    found, no_key = check_signature(ses.raw, sig)
    if no_key:
        res.warnings.append(no_key)
    if found.state == "foreign":
        res.signature = ("not signed here: this installation did not sign the manifest (a report from "
                         "elsewhere, or its signature was removed), so its hashes could have been rewritten")
        return
    edited = list(dict.fromkeys([*found.edited, *sorted(ses.changed)]))
    if not edited:
        res.signature = "signed here: intact"
        return
    shown = ", ".join(edited[:20]) + (f" and {len(edited) - 20} more" if len(edited) > 20 else "")
    res.signature = f"signed here but edited after signing: {shown}"
    # rewritten records are a forgery; a file edited under an intact manifest (a report
    # annotated by hand) is said, and its numbers are checked like any other
    (res.failures if found.edited else res.warnings).append(res.signature)


def _verified(ses: _Session, rel: str, limit: int = MAX_JSON) -> Any:
    """The parsed JSON at workspace path `rel`, if the session recorded exactly these bytes.

    Hash and parse the same bytes, so a swap between the two cannot pass. Raises `_Refused`."""
    if rel in ses.problems:
        raise _Refused(ses.problems[rel])
    if rel in ses.docs:
        return ses.docs[rel]
    try:
        if ses.recorded is not None and rel not in ses.recorded:
            raise _Refused("not recorded by the session (no entry in the workspace manifest)")
        data = _read(ses.root_fd, rel, min(limit, ses.budget))
        ses.budget -= len(data)
        if ses.recorded is not None and hashlib.sha256(data).hexdigest() != ses.recorded[rel]:
            ses.changed.add(rel)
            raise _Refused("changed since the session recorded it (sha256 differs from the manifest)")
        try:
            doc = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            raise _Refused("not JSON") from None
        except RecursionError:
            raise _Refused("JSON nested too deeply to read") from None
    except _Refused as e:
        ses.problems[rel] = str(e)
        raise
    ses.docs[rel] = doc
    return doc


def _check_side_files(ses: _Session, report_name: str, res: ReviewResult) -> tuple[Any, Any]:
    """report.json and tool_calls.json beside the report: recorded and unchanged; tool calls known."""
    docs = []
    for name in ("report.json", "tool_calls.json"):
        rel = posixpath.join(ses.report_dir, name) if ses.report_dir else name
        try:
            docs.append(_verified(ses, rel))
        except _Refused as e:
            docs.append(None)
            if str(e) == "missing":
                res.warnings.append(f"{name}: none beside the report")
            else:
                res.failures.append(f"{name}: {e}")
    rel = posixpath.join(ses.report_dir, report_name) if ses.report_dir else report_name
    if ses.recorded is not None:
        if rel not in ses.recorded:
            res.warnings.append(f"{report_name}: not recorded in the manifest; every number in it is checked below")
        elif _digest_or_none(ses.root_fd, rel, MAX_REPORT) != ses.recorded[rel]:
            ses.changed.add(rel)
            res.warnings.append(f"{report_name}: edited since the session wrote it; every number in it is checked below")
    calls = docs[1]
    if isinstance(calls, dict) and ses.recorded is not None:
        for cid, c in calls.items():
            ref = (c.get("call_id") or c.get("ref")) if isinstance(c, dict) else None  # "ref": older reports
            if not ref:
                continue
            m = ses.calls.get(ref)
            if m is None:
                res.failures.append(f"tool_calls.json: call {cid} names manifest call {ref!r}, which the manifest does not have")
            elif m.get("tool") != c.get("tool"):
                res.failures.append(f"tool_calls.json: call {cid} says tool {c.get('tool')!r}, the manifest says {m.get('tool')!r}")
    return docs[0], docs[1]


# ---- the review --------------------------------------------------------------------------------
def _check_report_file(path: Path) -> None:
    try:
        st = os.lstat(path)
    except OSError:
        raise ReviewInputError(f"report not found: {path}") from None
    if stat.S_ISLNK(st.st_mode):
        raise ReviewInputError(f"report {path} is a symlink; review the file it points to, if you trust it")
    if not stat.S_ISREG(st.st_mode):
        raise ReviewInputError(f"report {path} is not a regular file")
    if st.st_size > MAX_REPORT:
        raise ReviewInputError(f"report {path} is {st.st_size / 2**20:.1f} MiB, over review's limit of "
                               f"{MAX_REPORT / 2**20:.0f} MiB")


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ReviewInputError(f"report {path} is not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})") from None
    if "\x00" in text:
        raise ReviewInputError(f"report {path} contains NUL bytes: not a text report")
    return text


def review_report(path: str | Path, question: str | None = None) -> ReviewResult:
    """Review `path` (report.md); `question`, e.g. "does the CWoLa result hold up?", gets an answer.

    `ReviewInputError` (one line) when the report itself cannot be read; problems of its content
    are in the result (`ok` False when any failure)."""
    path = Path(path)
    report = Path(os.path.abspath(path))
    _check_report_file(report)
    res = ReviewResult(report=path, question=question)
    found = _locate(report, res)
    root = res.workspace = found or report.parent
    rel = report.relative_to(root).as_posix()
    try:
        root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as e:
        raise ReviewInputError(f"workspace {root} cannot be opened ({e.strerror})") from None
    try:
        try:  # read through the directory descriptor: nothing swapped in since the checks is followed
            text = _decode(path, _read(root_fd, rel, MAX_REPORT))
        except _Refused as e:
            raise ReviewInputError(f"report {path}: {e}") from None
        if found is None and not REF.search(text):  # from elsewhere, in its own style: refereed on content
            return review_foreign(res, text, report.name, question)
        if found is None and not (beside := _cited_beside(root_fd, text)):  # copied out of its session folder: one
            cited = ", ".join(sorted(beside.cited)[:5]) + (" ..." if len(beside.cited) > 5 else "")  # sentence, then
            return review_foreign(res, text, report.name, question, cites=f"{DETACHED}: {cited}")  # its content
        recorded, calls, raw = _load_manifest(root_fd, res) if found else (None, {}, b"")
        ses = _Session(root_fd, posixpath.dirname(rel), recorded, calls, raw=raw)
        meta, tool_calls = _check_side_files(ses, report.name, res)
        measures = _check_citations(ses, text, res)
        _check_figures(ses, text, meta, res)
        backed = {m.value for m in measures if m.verified} | collect_numbers(meta) | collect_numbers(tool_calls)
        for m in measures:  # the row of a cited value names its setting: "at 5% signal", "100 labels"
            if m.verified and m.row:
                backed |= collect_numbers([v for v in m.row.values() if not isinstance(v, dict)])  # an interval too
        if isinstance(meta, dict) and isinstance(meta.get("request"), str):
            backed |= {float(v) for v in re.findall(r"\d+(?:\.\d+)?", meta["request"][:10_000])}
        _check_prose_numbers(text, backed, res, _session_sentences(meta))
        claims, findings, controls = analyse_claims(text, measures, ses.docs, meta,
                                                     {n for n, _ in claim_lines(text)})
        res.claims, res.controls = claims, controls
        res.findings += findings
        if found is not None:  # our own report: read as a referee reads it too (provenance checks unchanged)
            res.findings += [f"line {f.line} [{f.rule}]: {f.message}" for f in referee_own(text, report.name)]
        res.failures += [f"line {c.line}: claim contradicted by its numbers: {c.reason}" for c in claims
                         if c.verdict == "contradicted"]
        if recorded is not None:
            _check_signature(ses, res)
        if question:
            res.answer = answer_question(question, res.claims, res.controls, res.failures, res.findings,
                                         ses.docs, text)
            if found is not None and (res.answer.startswith("Cannot tell") or GAIN_MULTIPLE_QUESTION.search(question)):
                # no cited comparison, or a question of the ratio of a gain to its error ("larger than twice its
                # uncertainty?", which a verdict of significance does not answer): the referee's reading, where it has one
                own = answer_own(question, text, report.name)
                if res.answer.startswith("Cannot tell") or not own.startswith(("Yes, as far as", "Cannot tell")):
                    res.answer = own
        if found is None:  # from elsewhere but citing files as ours do: those were checked, now its content
            review_foreign(res, text, report.name, question, cites=NOT_TRACED)
    finally:
        os.close(root_fd)
    for name in ("failures", "findings", "warnings"):
        items = getattr(res, name)
        if len(items) > MAX_LINES:
            setattr(res, name, [*items[:MAX_LINES], f"... and {len(items) - MAX_LINES} more"])
    return res


def _check_citations(ses: _Session, text: str, res: ReviewResult) -> list[Measure]:
    out: list[Measure] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        for m in REF.finditer(line):
            res.checked += 1
            cited, ptr, shown = m["path"], m["pointer"], m["value"]
            where = f"line {lineno}: {shown}{m['pct']} -> {cited}#{ptr}"
            meas = Measure(value=float(shown) / (100 if m["pct"] else 1), shown=shown + m["pct"], artifact=cited,
                           pointer=ptr, line=lineno, start=m.start(), end=m.end())
            out.append(meas)
            rel = cited
            try:
                rel = _inside(ses.report_dir, cited)
                doc = _verified(ses, rel)
            except _Refused as e:
                why = f"artifact missing ({cited})" if str(e) == "missing" else f"{rel}: {e}"
                res.failures.append(f"{where}: {why}")
                continue
            meas.path = rel
            try:
                actual = resolve(doc, ptr)
            except KeyError as e:
                res.failures.append(f"{where}: field {e.args[0]!r} not in the artifact")
                continue
            meas.row = _row_of(doc, ptr)
            if m["pct"] and isinstance(actual, int | float) and not isinstance(actual, bool):
                actual = actual * 100  # "80%" cites a fraction of 0.8
            if not matches(shown, actual):
                res.failures.append(f"{where}: the artifact says {actual!r}")
            else:
                meas.verified = True
    return out


def _row_of(doc: Any, ptr: str) -> dict[str, Any] | None:
    """The JSON object that holds the cited field (a table row, for `/table/3/auc`)."""
    parent = ptr.rsplit("/", 1)[0]
    try:
        row = resolve(doc, parent) if parent else doc
    except KeyError:
        return None
    return row if isinstance(row, dict) else None


def _check_figures(ses: _Session, text: str, meta: Any, res: ReviewResult) -> None:
    from_meta: dict[str, str] = {}
    if isinstance(meta, dict) and isinstance(meta.get("figures"), list):
        for f in meta["figures"]:
            if isinstance(f, dict) and isinstance(f.get("path"), str) and isinstance(f.get("sha256"), str):
                try:
                    from_meta[_inside(ses.report_dir, f["path"])] = f["sha256"]
                except _Refused:
                    continue
    digests: dict[str, str] = {}  # a figure shown many times is hashed once
    for lineno, line in enumerate(text.splitlines(), 1):
        for m in FIGURE.finditer(line):
            res.figures += 1
            try:
                rel = _inside(ses.report_dir, m["path"])
                digest = digests.get(rel) or digests.setdefault(rel, _sha256_of(ses.root_fd, rel, MAX_FIGURE))
            except _Refused as e:
                res.failures.append(f"line {lineno}: figure missing: {m['path']}" if str(e) == "missing"
                                    else f"line {lineno}: figure {m['path']}: {e}")
                continue
            want = (ses.recorded or {}).get(rel) or from_meta.get(rel)
            if ses.recorded is None:
                continue
            if want is None:
                res.failures.append(f"line {lineno}: figure {m['path']}: not recorded by the session")
            elif digest != want:
                ses.changed.add(rel)
                res.failures.append(f"line {lineno}: figure {m['path']} changed since the session recorded it")


def claim_lines(text: str) -> list[tuple[int, str]]:
    """The lines where a report makes its claims: the opening (before the first `## `) and the
    Summary/Answer/Conclusion/Results sections; all lines when it has neither."""
    lines = list(enumerate(text.splitlines(), 1))
    out: list[tuple[int, str]] = []
    section: str | None = ""  # "" = the opening
    seen_section = False
    for lineno, line in lines:
        if line.startswith("## "):
            section = line[3:].strip()
            seen_section = True
            continue
        if section == "" or (section and CLAIM_SECTIONS.search(section)):
            out.append((lineno, line))
    has_claim_section = any(CLAIM_SECTIONS.search(ln[3:]) for _, ln in lines if ln.startswith("## "))
    return out if (has_claim_section or not seen_section) else lines


def _is_backed(value: str, pct: bool, backed: list[float]) -> bool:
    """Is `value` (as printed) some backed number at the precision shown? `backed` is sorted."""
    v = float(value) / (100 if pct else 1)
    if "." not in value and "e" not in value.lower():
        window = 0.5 / (100 if pct else 1)
    else:
        sig = max(len(re.sub(r"[eE].*", "", value).lstrip("+-").replace(".", "").lstrip("0")), 1)
        window = 10 ** (math.floor(math.log10(abs(v))) - sig + 1) if v else 1e-12
    if pct:
        window = max(window, 5e-3 * max(1, abs(v)))
    lo = bisect.bisect_left(backed, v - window)
    for b in backed[lo:bisect.bisect_right(backed, v + window)]:
        if (matches(value, b * 100) if pct else matches(value, b)) or (pct and abs(b - v) < 5e-3 * max(1, abs(v))):
            return True
    return False


def _session_sentences(meta: Any, cap: int = 5000) -> list[str]:
    """Sentences with numbers that the session itself wrote into the verified report.json (its
    answer and caveats: "excess 0.004 ± 0.03, consistent with the control (+0.1 sigma)"; and
    `written`, the sentences of the report that quote a model or a job, as filtered). Not the
    raw plan, spec or reviews: a model wrote those, and its numbers back nothing."""
    out: list[str] = []
    stack = [meta.get(k) for k in ("answer", "caveats", "written")] if isinstance(meta, dict) else []
    while stack and len(out) < cap:
        x = stack.pop()
        if isinstance(x, str):
            if 12 <= len(x) <= 20_000 and re.search(r"\d", x):
                out += dict.fromkeys([x.strip(), plain(x)])  # as written, and as the filter shows it
        elif isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return out


def _check_prose_numbers(text: str, backed: set[float], res: ReviewResult, written: list[str] | None = None) -> None:
    """Every number in every section (integers too) is a cited value or one the session recorded,
    or stands in a sentence that the verified report.json holds verbatim (derived numbers such as
    "+0.1 sigma", a model's filtered words); no line holds a link, image or HTML that is not one of
    the writer's citations or figures (both checked on their own)."""
    in_code, ordered, lines = False, sorted(backed), text.splitlines()
    heads = {i for i in range(1, len(lines)) if TABLE_RULE.match(lines[i])}  # 0-based: the line below is |---|
    for lineno, line in enumerate(lines, 1):
        if line.strip().startswith("```"):
            in_code = not in_code
        if in_code:
            continue
        rest = IDENT_CODE.sub(" ", FIGURE.sub(" ", REF.sub(" ", line)))
        res.failures += [f"line {lineno}: a link, image or HTML the report writer did not make: {s}"
                         for s in active_markdown(rest)]
        for sentence in written or []:
            if sentence in line:  # as the session wrote it: its numbers are the session's
                line = line.replace(sentence, " ")
        if line.lstrip().startswith("**Request:**") or lineno in heads:  # a table's head names its columns
            continue
        prose = re.sub(r"\([^)]*#/[^)]*\)", " ", IDENT_CODE.sub(" ", FIGURE.sub(" ", REF.sub(" ", line))))
        prose = re.sub(r"^\s*(?:\d+[.)]|[-*+])\s", " ", prose)  # list markers
        for m in PROSE_NUMBER.finditer(prose):
            value = m["value"]
            integer = "." not in value and "e" not in value.lower() and not m["pct"]
            if integer and (ORDINAL.search(prose[:m.start()]) or SELF_COUNT.match(prose[m.end():])):
                continue
            if THRESHOLD_BEFORE.search(prose[:m.start()]):
                continue  # "below 0.5": a reference the claim is measured against (the claim check reads it)
            if not _is_backed(value, bool(m["pct"]), ordered):
                res.failures.append(f"line {lineno}: number {value}{m['pct']} is not backed by any referenced artifact "
                                    "or recorded value")


def question_in(request: str) -> str | None:
    """The question a chat/run request asks about its report, for `review_report(question=...)`:
    "review runs/x/report/report.md: does the CWoLa result hold up?" -> "does the CWoLa result hold up?"."""
    text = re.sub(r"[\w./~-]+\.md\b", " ", request)
    asked = [" ".join(q.split()).strip(" ,:;-") for q in re.findall(r"[^.?!:;]*\?", text)]
    if asked:
        return " ".join(asked)
    rest = re.sub(r"^\s*(?:please\s+)?(?:review|check|audit|verify)\b(?:\s+(?:the|this|my))?(?:\s+report)?",
                  "", " ".join(text.split()), flags=re.I).strip(" ,:;-.")
    return rest or None


# ---- output ------------------------------------------------------------------------------------
def format_result(res: ReviewResult) -> str:
    verdict = ("FAILED" if not res.ok else "OK") + (" with findings" if res.findings else "")
    claims = res.referee["claims"] if res.referee else len(res.claims)
    head = (f"{res.report}: {verdict} — {res.checked} referenced numbers, "
            f"{res.figures} figures, {claims} claim(s), {len(res.failures)} problem(s), "
            f"{len(res.findings)} finding(s)")
    lines = [head, *([f"  provenance: {res.signature}"] if res.signature not in ("", *res.failures, *res.warnings) else []), *(f"  FAIL {f}" for f in res.failures), *(f"  FINDING {f}" for f in res.findings),
             *(f"  warn {w}" for w in res.warnings)]
    if res.claims:
        lines.append("  claims:")
        lines += [f"    [{c.verdict}] line {c.line}: {c.text}" + (f" — {c.reason}" if c.reason else "") for c in res.claims]
    if res.controls.get("anomaly"):
        lines.append(f"  controls: {res.controls['summary']}")
    if res.question:
        lines += [f"  question: {res.question}", f"  answer: {res.answer}"]
    return for_terminal("\n".join(lines), markup=False)  # it quotes the report: no escape sequence


def as_json(res: ReviewResult) -> str:
    return json.dumps({"report": str(res.report), "ok": res.ok, "workspace": str(res.workspace),
                       "checked": res.checked, "figures": res.figures, "failures": res.failures,
                       "findings": res.findings, "warnings": res.warnings,
                       "claims": [c.as_dict() for c in res.claims], "controls": res.controls,
                       "question": res.question, "answer": res.answer, "signature": res.signature,
                       "referee": res.referee}, indent=2)
