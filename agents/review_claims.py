"""Claims, uncertainties and controls of a report, checked against the numbers it cites.

Deterministic, no model: a sentence with a comparative or qualitative word ("better", "worse",
"higher", "lower", "outperforms", "beats", "significant", "at every size") is a claim; its
operands are the cited numbers around the word (or a threshold such as "chance"). A claim
`holds`, is `contradicted` by its own numbers, is `not established` (a difference within the
uncertainty, or an anomaly result no better than its no-signal control) or `unsupported`
(nothing to check it with). Findings are scientific gaps: numbers without uncertainties, "± 0",
an anomaly result without its no-signal control.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import unquote

from agents.provenance_refs import NUMBER, resolve
from agents.referee.alternation import named_alternation
from agents.referee.reading import sentences
from agents.reviewer_checks import KEEP_ASKED, TOKEN_BIAS, kept_reason, token_bias_grade

MAX_CLAIMS = 2000  # a flooded report is checked up to here (each claim costs O(numbers in its line))
# metrics where lower is better (the leaf of the cited pointer contains one of these)
LOWER_BETTER = ("loss", "w1", "wasserstein", "kl", "mse", "mae", "error", "bias", "resolution", "width", "perplexity",
                "fpr", "distance", "chi2", "nll", "fake", "mistag")
UNC_LEAF = re.compile(r"(?:^|_)(?:std|sem|stderr|err|error_of_mean|unc|uncertainty|sigma|ci_lo|ci_hi|ci)$")
SIZE_KEYS = ("n_train", "n_labels", "size", "n_jets", "signal_fraction", "fraction", "n_signal", "codebook_size",
             "epochs", "n")
FRACTION_KEYS = ("signal_fraction", "fraction", "s_over_b", "n_signal", "n_injected", "injected", "signal_injected")
ANOMALY = re.compile(r"cwola|\bsic\b|anomal|signal[ _]fraction|signal injection|injected signal|weak supervision", re.I)
INJECTED = re.compile(r"cwola|weak(?:ly)? supervis|inject|signal[ _]fraction|S/\(S\+B\)|\bs/b\b", re.I)
ANOMALY_METRIC = re.compile(r"auc|sic|rejection|significance", re.I)
CONTROL_WORDS = re.compile(r"control|no[- ]signal|zero[- ]injection|without (?:any )?(?:injected )?signal|"
                           r"signal[ _]fraction (?:of |= ?)?0(?:\.0+)?(?![.\d])|\bnull\b", re.I)
UNC_WORDS = re.compile(r"±|\+/-|\bstd\b|\bstderr\b|standard (?:error|deviation)|\bsem\b|\binterval\b|\bCI\b|"
                       r"uncertaint|\bσ\b", re.I)
P_VALUE = re.compile(r"\bp\s*=\s*(\d(?:\.\d+)?(?:[eE][-+]?\d+)?)(?![\d.])")
PLUS_MINUS_ZERO = re.compile(r"(?:±|\+/-)\s*0(?:\.0*)?(?![\d.])")
ONE_SEED = re.compile(r"\b(?:one|single|1) seed\b|no uncertainty", re.I)

_KW = [
    ("good", r"\b(?:better|outperform\w*|beats?|beating|superior|improves? (?:on|over|upon))\b"),
    ("bad", r"\b(?:worse|underperform\w*|inferior|loses to|trails?)\b"),
    ("up", r"\b(?:higher|larger|greater|exceeds?|exceeding|bigger|more than)\b|(?<!shown )(?<!see )(?<!as )\babove\b(?!\s*[:.,;]|$)"),
    ("down", r"\b(?:lower|smaller|less than|fewer)\b|(?<!shown )(?<!see )(?<!as )\bbelow\b(?!\s*[:.,;]|$)"),
    ("signif", r"\b(?:insignificant|significant(?:ly)?)\b"),
]
KEYWORD = named_alternation(_KW, re.I)
# the comparatives that are verbs too ("may lower it", "to better the record"): after a modal or 'to', before an object
CHANGE_VERB = re.compile(r"\b(?:may|might|could|would|will|can|should|must|to|helps?|helped)\s+(?:(?:\w+ly|further|also|not)\s+)?$", re.I)
VERB_OBJECT = re.compile(r"\s+(?:it|them|its|their|this|that|these|those|the|our|your|a|an)\b", re.I)
UNIVERSAL = re.compile(r"\b(?:at|for|in|across) (?:every|each|all)\b|\bconsistently\b|\balways\b", re.I)
NEGATION = re.compile(r"(?:\b(?:not|no|never|neither|nor)\b|n't)\s+(?:\w+\s+)?$", re.I)
THRESHOLD = re.compile(rf"^\s*(?:than|of|over|on|upon|to)?\s*(?:the\s+)?(?:(?P<num>{NUMBER})(?![\d.eE])(?!\s*%?\s*\[)|(?P<chance>chance|random(?: guessing)?))", re.I)
AFTER_VALUE_UNC = re.compile(rf"^\s*(?:±|\+/-|\+-)\s*(?P<u>{NUMBER})|^\s*\(\s*(?:std|stderr|sem|s\.e\.|σ|sigma|standard error)"
                             rf"\s*[:=]?\s*(?P<u2>{NUMBER})|^\s*\(?\s*(?P<cl>95\s*%\s*)?(?:CI|interval|confidence interval)?"
                             rf"\s*[:=]?\s*\[\s*(?P<lo>{NUMBER})\s*,\s*(?P<hi>{NUMBER})\s*\]", re.I)


@dataclass
class Measure:
    """One cited number of the report (filled by `review`; `sigma` by this module)."""

    value: float
    shown: str
    artifact: str  # as cited
    pointer: str
    line: int
    start: int  # span of `VALUE [..](..)` in its line
    end: int
    path: str | None = None  # workspace-relative, once the citation is trusted
    row: dict[str, Any] | None = None  # the object holding the cited field (a table row)
    verified: bool = False
    sigma: float | None = None
    is_uncertainty: bool = False

    @property
    def leaf(self) -> str:
        return unquote(self.pointer.rsplit("/", 1)[-1]).replace("~1", "/").replace("~0", "~").lower()

    @property
    def lower_better(self) -> bool:
        """From the whole pointer: `/comparison/mean_width/binned` is a width (lower is better)."""
        tokens = re.split(r"[^a-z0-9]+", unquote(self.pointer).lower())
        return any(t.startswith(w) for t in tokens for w in LOWER_BETTER)

    def fraction(self) -> float | None:
        for k in FRACTION_KEYS:
            v = (self.row or {}).get(k)
            if isinstance(v, int | float) and not isinstance(v, bool):
                return float(v)
        return None


@dataclass
class Claim:
    line: int
    text: str  # the sentence, citations shortened
    kind: str  # comparison | significance | universal | anomaly-vs-control | qualitative
    verdict: str  # holds | contradicted | not established | unsupported
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def collect_numbers(doc: Any, cap: int = 200_000) -> set[float]:
    """Every finite number in a JSON document (what the session recorded)."""
    out: set[float] = set()
    stack = [doc]
    while stack and len(out) < cap:
        x = stack.pop()
        if isinstance(x, bool) or x is None:
            continue
        if isinstance(x, int | float):
            if math.isfinite(x):
                out.add(float(x))
        elif isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return out


def _short(sentence: str) -> str:
    s = re.sub(r"\s*\[[^\]]*\]\([^)]*\)", "", sentence).strip()
    return s if len(s) <= 160 else s[:157] + "..."


def _sentences(line: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a line (`agents.referee.reading.sentences`: nothing splits inside
    parentheses or link targets, so "(binned 0.05 [..](a); conditional 0.07 [..](b))" stays whole)."""
    return sentences(line)


def _attach_uncertainties(line: str, ms: list[Measure]) -> None:
    """`0.83 [..](a) ± 0.01 [..](b)`, `0.83 [..](a) (std 0.01)`, `0.83 [..](a) [0.80, 0.86]`."""
    for i, m in enumerate(ms):
        if m.is_uncertainty:
            continue
        u = AFTER_VALUE_UNC.match(line[m.end:])
        if u and (u["u"] or u["u2"]):
            m.sigma = abs(float(u["u"] or u["u2"]))
            nxt = ms[i + 1] if i + 1 < len(ms) else None
            if nxt and nxt.start <= m.end + u.end():  # the uncertainty is itself cited
                nxt.is_uncertainty = True
        elif u and u["lo"]:
            half = abs(float(u["hi"]) - float(u["lo"])) / 2
            m.sigma = half / 1.96 if u["cl"] else half
        elif i + 1 < len(ms) and UNC_LEAF.search(ms[i + 1].leaf) and ms[i + 1].start - m.end < 40:
            ms[i + 1].is_uncertainty = True
            m.sigma = abs(ms[i + 1].value)


def _good(m: Measure, v: float) -> float:
    return -v if m.lower_better else v


def _compare(kind: str, negated: bool, left: Measure, rv: float, right: Measure | None) -> tuple[bool, str]:
    lv = left.value
    if kind in ("good", "bad"):
        ok = _good(left, lv) > _good(left, rv) if kind == "good" else _good(left, lv) < _good(left, rv)
        word = "better" if kind == "good" else "worse"
    else:
        ok = lv > rv if kind == "up" else lv < rv
        word = "higher" if kind == "up" else "lower"
    if negated:
        ok, word = not ok, "not " + word
    rs = right.shown if right else f"{rv:g}"
    return ok, f"{left.shown} vs {rs} ({left.leaf}{', lower is better' if left.lower_better and kind in ('good', 'bad') else ''}): claimed {word}"


def _sigma(*ms: Measure | None) -> float | None:
    sig = [m.sigma for m in ms if m is not None]
    if not sig or any(s is None for s in sig):
        return None
    return math.sqrt(sum(s * s for s in sig))  # type: ignore[operator]


def _table_pairs(doc: Any, left: Measure, right: Measure) -> list[tuple[Any, float, float]] | None:
    """Both cited values from rows of one table: the metric of each side at every common size."""
    lp, rp = left.pointer.rsplit("/", 2), right.pointer.rsplit("/", 2)
    if len(lp) != 3 or len(rp) != 3 or lp[0] != rp[0] or lp[2] != rp[2] or left.path != right.path:
        return None
    try:
        rows = resolve(doc, lp[0]) if lp[0] else doc
    except KeyError:
        return None
    if not isinstance(rows, list) or not (lp[1].isdigit() and rp[1].isdigit()):
        return None
    rl, rr = rows[int(lp[1])], rows[int(rp[1])]
    if not isinstance(rl, dict) or not isinstance(rr, dict):
        return None
    ids = [k for k, v in rl.items() if isinstance(v, str) and rr.get(k) != v]
    size = next((k for k in SIZE_KEYS if isinstance(rl.get(k), int | float) and k in rr), None)
    if not ids or size is None:
        return None
    field = unquote(lp[2])

    def side(ref: dict[str, Any]) -> dict[Any, float]:
        return {r[size]: r[field] for r in rows if isinstance(r, dict) and all(r.get(k) == ref[k] for k in ids)
                and isinstance(r.get(field), int | float) and size in r}

    ls, rs = side(rl), side(rr)
    common = sorted(set(ls) & set(rs))
    return [(f"{size}={s}", ls[s], rs[s]) for s in common] if len(common) >= 2 else None


_LABEL_STOP = set("the and with for from than that this are was were has have its their reaches reach gives "
                  "give at in on of to is be by as vs versus against test".split())


def _label_words(line: str, values: list[Measure]) -> list[set[str]]:
    """The words that name each number: "binned 32 codes 0.05 [..](..)" -> {"binned", "codes"}."""
    out, prev = [], 0
    line = re.sub(r"\[[^\]]*\]\([^)]*\)", lambda x: " " * len(x.group(0)), line)  # link targets name no one
    for m in values:
        chunk = re.split(r"[(;,:]", line[prev:m.start])[-1]
        out.append({w.lower() for w in re.findall(r"[A-Za-z][\w-]{2,}", chunk)} - _LABEL_STOP)
        prev = m.end
    return out


def _named(text: str, labels: list[set[str]]) -> list[int]:
    """Indices of the numbers whose own label words (not shared with another label) occur in `text`."""
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w-]{2,}", text)}
    hits = []
    for i, lab in enumerate(labels):
        own = lab - set().union(*(labels[:i] + labels[i + 1:]))
        if own & words:
            hits.append(i)
    return hits


def _pairs_by_name(sent: str, k: re.Match[str], line: str, values: list[Measure]) -> list[tuple[Measure, Measure | None, float]]:
    """A claim sentence without numbers of its own ("fine-tuning is better than scratch"): its
    subject and object are the numbers of the line whose labels it names."""
    labels = _label_words(line, values)
    subject, obj = _named(sent[:k.start()], labels), _named(sent[k.end():], labels)
    if len(subject) != 1:
        return []
    left = values[subject[0]]
    rights = [values[i] for i in obj if i != subject[0]]
    if not rights and len(values) == 2:
        rights = [values[1 - subject[0]]]
    if not rights and UNIVERSAL.search(sent):  # "better at every size": any other row of the same table
        rights = [v for v in values if v is not left and v.path == left.path][:1]
    return [(left, r, r.value) for r in rights]


Pair = tuple[Measure, Measure | None, float]  # (left, right if cited, the value left is compared with)
Verdict = tuple[str, str, str]  # a Claim's (kind, verdict, reason)


def _claims_in_sentence(sent: str, offset: int, ms: list[Measure], line: str, line_ms: list[Measure], lineno: int,
                        docs: dict[str, Any], in_claim_region: bool) -> list[Claim]:
    out: list[Claim] = []
    values = [m for m in ms if not m.is_uncertainty]
    from_line = not values  # "... 0.83 [a] vs 0.80 [b]. Fine-tuning is better at every size.": the line's numbers
    if from_line:
        values = [m for m in line_ms if not m.is_uncertainty]
    text = _short(sent)
    signif_used = set()
    for k in KEYWORD.finditer(sent):
        kind = k.lastgroup or ""
        negated = bool(NEGATION.search(sent[:k.start()])) or k.group(0).lower() == "insignificant"
        if kind == "signif":
            nxt = KEYWORD.search(sent, k.end())
            if nxt and nxt.lastgroup != "signif" and nxt.start() - k.end() <= 3:
                signif_used.add(nxt.start())
                continue  # "significantly better": one claim, made at "better"
        if k.group(0).lower() in ("lower", "better") and CHANGE_VERB.search(sent[:k.start()]) and VERB_OBJECT.match(sent[k.end():]):
            continue  # "more epochs may lower it", "to lower the mistag further": a verb of a change to come, no comparison
        signif = k.start() in signif_used or kind == "signif"
        if signif and negated:
            kind = "signif"  # "not significantly better": a claim that the difference is not significant
        pairs = (_pairs_by_name(sent, k, line, values) if from_line
                 else _pairs_around(sent, k, kind, offset, values))
        if not pairs and kind == "signif" and negated and (ps := [float(x) for x in P_VALUE.findall(line)]) \
                and min(ps) >= 0.05:  # "Verdict: no significant difference" after the differences and their p-values
            out.append(Claim(lineno, text, "significance", "holds",
                             f"every p-value on the line is at least 0.05 (smallest {min(ps):g})"))
            continue
        if not pairs and (typed := _verdict_on_differences(sent, k.start(), kind, negated, docs)):
            out.append(Claim(lineno, text, *typed))
            continue
        if not pairs:
            if in_claim_region and kind in ("good", "bad", "signif"):
                out.append(Claim(lineno, text, "qualitative", "unsupported",
                                 f"'{k.group(0)}' with {len(values)} cited number(s) to compare"))
            continue
        if UNIVERSAL.search(sent) and kind != "signif":
            out.append(Claim(lineno, text, *_universal_verdict(kind, negated, pairs, docs)))
            continue
        out += [Claim(lineno, text, *_pair_verdict(kind, negated, signif, k.group(0), *p)) for p in pairs]
    return out


def _pairs_around(sent: str, k: re.Match[str], kind: str, offset: int, values: list[Measure]) -> list[Pair]:
    """What keyword `k` of the sentence compares, from the sentence's own cited `values` (their
    positions are in the line; the sentence starts at `offset`): the numbers on either side of
    it, else the numbers two by two, else one number against a threshold or zero."""
    kpos, kend = offset + k.start(), offset + k.end()
    before = [m for m in values if m.end <= kpos]
    after = [m for m in values if m.start >= kend]
    pairs: list[Pair] = []
    if kind == "signif" and before and before[-1].sigma and "differ" in before[-1].pointer:
        # "A − B: 0.04 ± 0.015 in accuracy (not significant); in AUC 0.046 ± 0.002 (significant)":
        # each verdict is about the difference just before it, against zero
        pairs = [(before[-1], None, 0.0)]
    elif before and after:
        pairs = [(before[-1], after[0], after[0].value)]
    elif len(values) >= 2:
        pairs = [(values[i], values[i + 1], values[i + 1].value) for i in range(0, len(values) - 1, 2)]
    if before and not after and kind != "signif":
        t = THRESHOLD.match(sent[k.end():])
        if t and t["num"]:
            pairs = [(before[-1], None, float(t["num"]))]
        elif t and t["chance"] and re.search(r"auc|acc", before[-1].leaf):
            pairs = [(before[-1], None, 0.5)]
    if not pairs and kind == "signif" and len(values) == 1 and values[0].sigma:
        pairs = [(values[0], None, 0.0)]  # "difference 0.03 ± 0.01 (significant ...)": the difference vs 0
    return pairs


def _universal_verdict(kind: str, negated: bool, pairs: list[Pair], docs: dict[str, Any]) -> Verdict:
    """A claim over every case ("better at every size"): each row of the cited table, or each
    cited pair, must agree."""
    left, right, _ = pairs[0]
    table = _table_pairs(docs.get(left.path or ""), left, right) if right else None
    if table is None and len(pairs) < 2:
        return "universal", "unsupported", "a claim over every case that cites one comparison only"
    rows = table or [(f"pair {i + 1}", lm.value, rv) for i, (lm, _, rv) in enumerate(pairs)]
    bad = [(s, a, b) for s, a, b in rows if not _compare(kind, negated, _with(left, a), b, None)[0]]
    if bad:
        s, a, b = bad[0]
        return ("universal", "contradicted",
                f"not at {s}: {a:.4g} vs {b:.4g} ({left.leaf}); {len(bad)} of {len(rows)} case(s) contradict")
    return ("universal", "holds", f"{len(rows)} case(s) of {left.leaf} checked"
            + (" in the cited table" if table else ""))


def _pair_verdict(kind: str, negated: bool, signif: bool, word: str, left: Measure, right: Measure | None,
                  rv: float) -> Verdict:
    """One comparison of `left` with `rv` (the value of `right` when cited), by the keyword `word`
    of `kind`; `signif`: the keyword said "significantly"."""
    sig = _sigma(left, right)
    diff = abs(left.value - rv)
    if kind == "signif":
        if sig is None or sig == 0:
            return ("significance", "unsupported",
                    f"'{word}' but {left.shown} vs {right.shown if right else rv} carry no uncertainty")
        z = diff / sig
        if negated:  # "not significant" is the cautious claim: a t-test at few seeds may say so up to z ~ 4-12
            return "significance", "holds", f"difference {diff:.3g} is {z:.1f}σ"
        return "significance", "holds" if z >= 2 else "contradicted", f"difference {diff:.3g} is {z:.1f}σ"
    ok, why = _compare(kind, negated, left, rv, right)
    if not ok:
        return "comparison", "contradicted", why
    if signif:
        if sig is None or sig == 0:
            return "significance", "unsupported", why + "; 'significantly' without uncertainties"
        z = diff / sig
        return ("significance", "holds" if z >= 2 else "contradicted",
                why + f"; difference {diff:.3g} is {z:.1f}σ")
    if sig is None:
        return "comparison", "holds", why + "; no uncertainty given"
    z = diff / sig if sig else math.inf
    return "comparison", "holds" if z >= 1 else "not established", why + f"; difference {diff:.3g} is {z:.1f}σ"


def _with(m: Measure, value: float) -> Measure:
    return Measure(**{**asdict(m), "value": value, "shown": f"{value:.4g}"})


def analyse_claims(text: str, measures: list[Measure], docs: dict[str, Any], meta: Any,
                   region: set[int]) -> tuple[list[Claim], list[str], dict[str, Any]]:
    """Claims with verdicts, findings, and the anomaly controls present or missing.

    `region`: numbers of the lines where the report makes its claims (opening, Summary...)."""
    by_line: dict[int, list[Measure]] = {}
    for m in measures:
        by_line.setdefault(m.line, []).append(m)
    lines = text.splitlines()
    claims: list[Claim] = []
    findings: list[str] = []
    in_code = False
    for lineno, line in enumerate(lines, 1):
        if line.strip().startswith("```"):
            in_code = not in_code
        ms = sorted(by_line.get(lineno, []), key=lambda m: m.start)
        _attach_uncertainties(line, ms)
        if in_code or line.lstrip().startswith(("|", "#", "![", "**Request:**")):
            continue
        if len(claims) >= MAX_CLAIMS:
            findings.append(f"more than {MAX_CLAIMS} claims: the rest were not checked")
            break
        for s, e in _sentences(line):
            sent_ms = [m for m in ms if m.start >= s and m.end <= e + 1]
            claims += _claims_in_sentence(line[s:e], s, sent_ms, line, ms, lineno, docs, lineno in region)
    # uncertainties
    head = [m for m in measures if m.line in region and not m.is_uncertainty]
    region_text = "\n".join(lines[n - 1] for n in sorted(region) if n - 1 < len(lines))
    if PLUS_MINUS_ZERO.search(text):
        findings.append("'± 0' is printed: with one seed there is no uncertainty; say so and run more seeds")
    compared = [c for c in claims if c.kind in ("comparison", "universal", "significance") and c.verdict != "unsupported"]
    if head and not any(m.sigma for m in head) and not UNC_WORDS.search(region_text.replace("± 0", "")):
        note = " (the report says one seed)" if ONE_SEED.search(text) else ""
        findings.append(f"no uncertainties next to the headline numbers ({len(head)} cited){note}: "
                        "a comparison needs mean ± standard error over seeds or an interval")
    for c in compared:
        if "no uncertainty given" in c.reason:
            findings.append(f"line {c.line}: comparison presented without uncertainties: {c.reason}")
    controls = _controls(text, measures, docs, meta, region, lines, claims, findings)
    return claims, findings, controls


def _controls(text: str, measures: list[Measure], docs: dict[str, Any], meta: Any, region: set[int],
              lines: list[str], claims: list[Claim], findings: list[str]) -> dict[str, Any]:
    if not _is_anomaly_report(text, meta):
        return {"anomaly": False, "present": [], "missing": [], "summary": "not an anomaly-detection report"}
    metric = [m for m in measures if not m.is_uncertainty and ANOMALY_METRIC.search(m.leaf)]
    cited_controls = [m for m in metric if _is_control(m, lines)]
    results = [m for m in metric if not _is_control(m, lines) and _is_injected(m, lines)]
    heads = [m for m in results if m.line in region] or results
    if not heads and not cited_controls and not INJECTED.search(text):
        return {"anomaly": True, "present": [], "missing": [],
                "summary": "no injected-signal result (a likelihood score needs no injection control)"}
    present, missing = [], []
    for m in cited_controls:
        present.append(f"cited no-signal control {m.leaf} = {m.shown} (line {m.line})")
    for h in heads:
        ctrl = next((c for c in cited_controls if c.leaf == h.leaf), None)
        cval, csig, where = (ctrl.value, ctrl.sigma, f"cited on line {ctrl.line}") if ctrl else (None, None, "")
        if ctrl is None and h.path in docs:
            cval = _artifact_control(docs[h.path], h.leaf)
            if cval is not None:
                where = f"in {h.artifact} but not in the report"
                findings.append(f"line {h.line}: {h.artifact} holds a no-signal control ({h.leaf} = {cval:.4g}) "
                                "that the report does not show")
                present.append(f"control {h.leaf} = {cval:.4g} {where}")
        text_h = f"{h.leaf} = {h.shown}" + (f" at signal fraction {h.fraction():g}" if h.fraction() is not None else "")
        if cval is None:
            missing.append(f"no-signal control for {h.leaf}")
            claims.append(Claim(h.line, text_h, "anomaly-vs-control", "unsupported",
                                "no no-signal control (signal fraction 0) to compare with"))
            continue
        ok, why = _above_control(h, cval, csig, where, cited=ctrl is not None)
        claims.append(Claim(h.line, text_h, "anomaly-vs-control", "holds" if ok else "not established", why))
        if not ok:
            findings.append(f"line {h.line}: anomaly result {text_h} is not above its no-signal control: {why}")
    if not cited_controls and not any("control" in p for p in present):
        findings.append("anomaly result without a no-signal control (signal fraction 0): the injected result "
                        "cannot be told from a background-only fluctuation")
    summary = "; ".join([*(f"present: {p}" for p in present), *(f"missing: {x}" for x in dict.fromkeys(missing))]) \
        or ("missing: no-signal control" if not cited_controls else "present")
    return {"anomaly": True, "present": present, "missing": list(dict.fromkeys(missing)), "summary": summary}


def _is_anomaly_report(text: str, meta: Any) -> bool:
    family = meta.get("plan", {}).get("family") if isinstance(meta, dict) and isinstance(meta.get("plan"), dict) else None
    # a session's report says what it ran; the words decide only for a report without a plan (a
    # tagging report whose spec notes "signal_fractions" is not an anomaly report)
    return "anomaly" in str(family).split("+") if family else bool(ANOMALY.search(text))


def _sentence_of(m: Measure, lines: list[str]) -> str:
    return next((lines[m.line - 1][s:e] for s, e in _sentences(lines[m.line - 1]) if s <= m.start < e + 1), "")


def _is_control(m: Measure, lines: list[str]) -> bool:
    f = m.fraction()
    if f is not None:
        return f == 0
    return bool(CONTROL_WORDS.search(_sentence_of(m, lines)) or CONTROL_WORDS.search(m.pointer))


def _is_injected(m: Measure, lines: list[str]) -> bool:
    """A weakly supervised result on injected signal (not a likelihood score)."""
    f = m.fraction()
    return f > 0 if f is not None else bool(INJECTED.search(_sentence_of(m, lines)) or INJECTED.search(m.pointer))


def _above_control(h: Measure, cval: float, csig: float | None, where: str, cited: bool) -> tuple[bool, str]:
    """Whether headline `h` stands above its no-signal control `cval` (± `csig` when `cited` in
    the report; found `where`), and why."""
    d = h.value - cval
    if cited:
        sig = math.hypot(h.sigma, csig) if h.sigma is not None and csig is not None else None
    else:  # a control read from the artifact: the headline's own uncertainty only
        sig = h.sigma
    if sig:
        return d > 2 * sig, f"{d:+.3g} over the control ({cval:.4g}, {where}) is {d / sig:.1f}σ"
    tol = 0.02 if 0 <= cval <= 1 and 0 <= h.value <= 1 else 0.05 * abs(cval)
    return d > tol, f"{d:+.3g} over the control ({cval:.4g}, {where}), no uncertainty"


def _artifact_control(doc: Any, leaf: str, depth: int = 4) -> float | None:
    """A row of the artifact with signal fraction 0 that has the field `leaf`."""
    if depth < 0:
        return None
    if isinstance(doc, dict):
        f = next((doc[k] for k in FRACTION_KEYS if isinstance(doc.get(k), int | float)), None)
        if f == 0 and isinstance(doc.get(leaf), int | float):
            return float(doc[leaf])
        items = list(doc.values())
    elif isinstance(doc, list):
        items = doc[:1000]
    else:
        return None
    for x in items:
        v = _artifact_control(x, leaf, depth - 1)
        if v is not None:
            return v
    return None


STOP = set("does do did the a an is are was were result results hold holds up what how why which of in on to for "
           "and or it this that report claim claims true really right correct valid".split())


_GAIN = r"help|better|beat|improv|worth|gain|outperform|pay|benefit|advantage|win"
PRETRAIN_QUESTION = re.compile(rf"\b(?:pre-?train|fine-?tun|foundation|backbone)\w*\b.{{0,80}}?\b(?:{_GAIN})\w*|"
                               rf"\b(?:{_GAIN})\w*\b.{{0,80}}?\b(?:pre-?train|fine-?tun)", re.I)


def _recorded_differences(docs: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    """The fine-tuned minus from-scratch differences that our tagging artifacts record, as (metric, row, the
    pointer a report cites the row's mean by), rows with finite n_train, mean, stderr and p_value only."""
    out = []
    for path, doc in docs.items():
        ft = doc.get("finetune") if isinstance(doc, dict) else None
        rows = ft.get("differences") if isinstance(ft, dict) else None
        for i, d in enumerate(rows[:100] if isinstance(rows, list) else []):
            if isinstance(d, dict) and d.get("a") == "finetune" and d.get("b") == "scratch" \
                    and all(isinstance(d.get(k), int | float) and math.isfinite(d[k])
                            for k in ("n_train", "mean", "stderr", "p_value")):
                out.append((str(d.get("metric", "")), d, f"{path.rsplit('/', 1)[-1]}#/finetune/differences/{i}/mean"))
    return out


# "beats training from scratch at 1000 labelled jets (in AUC)", "at 100, 1000 the difference is not significant": the
# label counts and metrics a verdict of our tagging reports names, without numbers of its own
VERDICT_SIZES = re.compile(r"\bat\s+(\d{1,9}(?:\s*(?:,|and)\s*\d{1,9}){0,11})\b(?!\s*(?:%|seeds?|epochs?|GeV))", re.I)


def _verdict_on_differences(sent: str, at: int, kind: str, negated: bool, docs: dict[str, Any]) -> Verdict | None:
    """A verdict sentence of our tagging report ("the pretrained backbone beats training from scratch at 1000 labelled
    jets (in AUC)"; "at 100 the difference is not significant") checked against the recorded differences at the label
    counts it names: better (worse) needs a significant (p < 0.05) gain (loss) in a metric it names, or any, and none in
    the other direction; "not significant" needs every p at those counts to be at least 0.05. None when the sentence
    names no recorded count or is not about pretraining against scratch; `at`: where the verdict's word starts (a
    sentence whose subject is the from-scratch tagger claims the other direction)."""
    if kind not in ("good", "bad", "signif") or (kind != "signif" and negated):
        return None
    if kind != "signif" and not re.search(r"scratch|pre-?train|fine-?tun", sent, re.I):
        return None
    sizes = {int(n) for m in VERDICT_SIZES.finditer(sent) for n in re.findall(r"\d+", m.group(1))}
    rows = [(metric, d) for metric, d, _ in _recorded_differences(docs) if int(d["n_train"]) in sizes]
    if not rows:
        return None
    named = {metric for metric, _ in rows if re.search(rf"\b{re.escape(metric)}\b", sent, re.I)}
    rows = [(metric, d) for metric, d in rows if not named or metric in named]
    said = "; ".join(f"{d['n_train']}: {metric} {float(d['mean']):+.3g} (p = {float(d['p_value']):.2g})" for metric, d in rows)
    if kind == "signif":
        if not negated:
            return None
        bad = [d for _, d in rows if float(d["p_value"]) < 0.05]
        return ("significance", "contradicted" if bad else "holds",
                f"recorded fine-tuned − scratch differences {said}" + (": one is significant" if bad else ": none significant"))
    sign = 1 if kind == "good" else -1
    if re.search(r"scratch", sent[:at], re.I) and not re.search(r"pre-?train|fine-?tun", sent[:at], re.I):
        sign = -sign  # "training from scratch beats the pretrained backbone"
    for size in sorted({int(d["n_train"]) for _, d in rows}):
        at = [d for _, d in rows if int(d["n_train"]) == size]
        if not any(sign * float(d["mean"]) > 0 and float(d["p_value"]) < 0.05 for d in at) or \
                any(sign * float(d["mean"]) < 0 and float(d["p_value"]) < 0.05 for d in at):
            return "comparison", "contradicted", f"not at {size} labelled jets: recorded differences {said}"
    return "comparison", "holds", f"recorded fine-tuned − scratch differences {said}"


def _pretraining_answer(question: str, docs: dict[str, Any], text: str) -> str | None:
    """"Does pretraining help (at 100 labels)?" on one of our tagging reports: the recorded fine-tuned
    minus from-scratch differences (verified artifact) at the label counts the question names (all
    when it names none), each with its error, p-value and the report line that cites it; None when
    the question is not that or the report records no such difference."""
    if not PRETRAIN_QUESTION.search(question):
        return None
    asked = {int(n) for n in re.findall(r"(?<![\w.])\d{1,9}(?![\w.%])", question.replace(",", ""))}
    lines = text.splitlines()
    found = [(metric, d, next((n for n, t in enumerate(lines, 1) if ptr in t), 0))
             for metric, d, ptr in _recorded_differences(docs) if not asked or int(d["n_train"]) in asked]
    if not found:
        return None
    named = [m for m in dict.fromkeys(f[0] for f in found) if re.search(rf"\b{re.escape(m)}\b", question, re.I)]
    by_size: dict[int, list[tuple[str, dict[str, Any], int]]] = {}
    for f in found:  # every metric the report gives, unless the question names one
        if not named or f[0] in named:
            by_size.setdefault(int(f[1]["n_train"]), []).append(f)
    parts, signs = [], []
    for size, rows in by_size.items():
        said, lines_ = [], sorted({line for _, _, line in rows if line})
        gain = loss = False
        for metric, d, _ in rows:
            mean, err, p, n = float(d["mean"]), float(d["stderr"]), float(d["p_value"]), d.get("n")
            gain, loss = gain or (mean > 0 and p < 0.05), loss or (mean < 0 and p < 0.05)
            seeds = f" at {n} seeds" if isinstance(n, int) else ""
            verdict = "a significant gain" if mean > 0 and p < 0.05 else "significantly worse" if p < 0.05 else \
                "not significant"
            said.append(f"{mean:+.3g} ± {err:.2g} in {metric.replace('auc', 'AUC')} (p = {p:.2g}{seeds}): {verdict}")
        signs.append("yes" if gain and not loss else "no" if loss or all(float(d["mean"]) <= 0 for _, d, _ in rows)
                     else "open")
        at = f" (line {', '.join(map(str, lines_))})" if lines_ else ""
        parts.append(f"with {size} labelled jets fine-tuned − scratch = " + "; ".join(said) + at)
    word = "Yes" if set(signs) == {"yes"} else "No" if set(signs) == {"no"} else \
        "Partly" if "yes" in signs else "Not established"
    return f"{word}: " + "; ".join(parts) + "."


# 'is the W peak at the W mass?': a measured peak against the generator's pole mass the report records beside it
AT_POLE_MASS = re.compile(r"\b(?:at|near|on|match\w*|consistent with|agrees? with|equal to|sits? at|where)\b[^.;?]{0,30}?"
                          r"\b(?:w|z|top|pole|nominal|true|generated|input|resonance)(?: boson| quark)? mass\b", re.I)
# 'are the W and Z peaks different?', 'do W and QCD jets have the same tau21 distribution?'
SAME_ASKED = re.compile(r"\b(?:same|identical|compatible|consistent|similar|agree)\b", re.I)
DIFFERENT_ASKED = re.compile(r"\bdiffer\w*|\bsignificant\w*|\bdistinguishab\w*|\bseparat\w*", re.I)
_OBSERVABLE_IN_QUESTION = {"mass": r"\bmass|\bpeak|heav|light", "tau21": r"tau_?21|τ21", "tau32": r"tau_?32|τ32",
                           "n": r"multiplicit|constituents|particles", "pt": r"\bp_?t\b|momentum"}


def _recorded_quantities(docs: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any], str]]:
    """The measured values of the quantities our reports answer (analysis.json's quantities/asked), as (quantity,
    value row, the pointer a report cites the value by); rows with a finite value only."""
    out = []
    for path, doc in docs.items():
        block = doc.get("quantities") if isinstance(doc, dict) else None
        asked = block.get("asked") if isinstance(block, dict) else None
        for i, r in enumerate(asked[:50] if isinstance(asked, list) else []):
            if not (isinstance(r, dict) and r.get("status") == "answered" and isinstance(r.get("quantity"), dict)):
                continue
            for j, v in enumerate((r.get("values") or [])[:50] if isinstance(r.get("values"), list) else []):
                if isinstance(v, dict) and isinstance(v.get("value"), int | float) and math.isfinite(v["value"]):
                    out.append((r["quantity"], v, f"{path.rsplit('/', 1)[-1]}#/quantities/asked/{i}/values/{j}/value"))
    return out


# "is the tau21 shift bigger than its spread?", "is the mass bias smaller than the resolution?": a tokenizer's median
# offset against its width, of the same observable and tokenizer
BIAS_AGAINST_WIDTH_ASKED = re.compile(r"\b(?:shift|bias|offset)\w*\b[^?]{0,60}?\b(?P<cmp>bigger|larger|greater|more|smaller|less|"
                                      r"lower|higher|wider|narrower)\b[^?]{0,12}?\bthan\s+(?:the\s+|its\s+|their\s+)?"
                                      r"(?:spread|resolution|width|smearing|scatter)\b", re.I)


def _bias_and_width(rows: list[tuple[dict[str, Any], dict[str, Any], str]]) -> list[tuple[tuple[dict[str, Any], str],
                                                                                          tuple[dict[str, Any], str], str]]:
    """Each recorded bias with the resolution of the same observable, tokenizer and class (the part of their labels
    after the metric's own words), and that shared part."""
    def setting(q: dict[str, Any], v: dict[str, Any]) -> str:
        return f"{q.get('observable')}, {str(v.get('label', '')).rsplit('), ', 1)[-1]}"
    widths = {setting(q, v): (v, ptr) for q, v, ptr in rows if q.get("metric") == "resolution"}
    return [((v, ptr), widths[setting(q, v)], setting(q, v)) for q, v, ptr in rows
            if q.get("metric") == "bias" and setting(q, v) in widths][:6]


CODEBOOK_ASKED = re.compile(r"\bcodes?\b|\bcodebook|\btokeni[sz]er|\btokens\b", re.I)
WORSE_ASKED = re.compile(r"\b(?:worse|wider|broader|larger|bigger|greater|increase\w*|grow\w*|degrade\w*|less (?:accurate|precise))\b"
                         r"(?!\s+(?:codebook|codes?|tokens?|number|vocabular))", re.I)  # (not "a bigger codebook": the change asked of)


def _tokenizer_change_answer(question: str, docs: dict[str, Any], line_of: Callable[[str], str]) -> str | None:
    """'Does a bigger codebook make the reconstructed mass more accurate?', 'does it reduce the mass bias?': from the
    recorded change between our report's two tokenizers (analysis.json's tokenizer 'change <class>'), the resolution's
    change (the bias's when the question names a bias, its size then), with its error and significance, and the line
    citing it; Yes only for a change beyond two errors in the asked direction (narrower or smaller unless the question
    asks for worse)."""
    if not CODEBOOK_ASKED.search(question):
        return None
    named = [o for o, pat in _OBSERVABLE_IN_QUESTION.items() if re.search(pat, question, re.I)]
    bias = bool(re.search(r"\b(?:bias|shift|offset)", question, re.I))
    what = "bias" if bias else "width"
    worse = bool(WORSE_ASKED.search(question))
    said, yes = [], []
    for path, doc in docs.items():
        tok = doc.get("tokenizer") if isinstance(doc, dict) else None
        for k, v in (tok.items() if isinstance(tok, dict) else ()):
            if not (k.startswith("change ") and isinstance(v, dict) and (not named or v.get("observable") in named)):
                continue
            try:
                a, b, err = float(v[f"{what}_from"]), float(v[f"{what}_to"]), float(v[f"{what}_change_err"])
            except (KeyError, TypeError, ValueError):
                continue
            moved = abs(b) - abs(a) if bias else b - a  # a bias is reduced when its size shrinks
            z = moved / err if err > 0 else float("nan")
            yes.append(abs(z) >= 2 and (moved > 0) == worse)
            ptr = f"{path.rsplit('/', 1)[-1]}#/tokenizer/{k.replace(' ', '%20')}/{what}_change"
            name = f"{v.get('words', v.get('observable'))} {'bias' if bias else 'resolution'}"
            how = "" if yes[-1] else ", within two errors" if abs(z) < 2 else ", the other way"
            said.append(f"from the {v.get('from')} to the {v.get('to')} tokenizer, on {v.get('class')} jets the {name} goes "
                        f"from {a:.3g} to {b:.3g}, {'its size ' if bias else ''}{'up' if moved > 0 else 'down'} by "
                        f"{abs(moved):.2g} ± {err:.2g} ({abs(z):.1f} sigma{how}){line_of(ptr)}")
    if not said:
        return None
    return f"{'Yes' if all(yes) else 'No' if not any(yes) else 'Partly'}: " + "; ".join(said) + "."


def _kept_answer(question: str, docs: dict[str, Any], line_of: Callable[[str], str]) -> str | None:
    """'Does the tokenizer keep tau32?': from our report's recorded biases after tokenization (analysis.json's
    tokenizer 'kept') of the observables the question names, graded as the reviewer grades them, with the line."""
    if not KEEP_ASKED.search(question):
        return None
    named = [o for o, pat in _OBSERVABLE_IN_QUESTION.items() if re.search(pat, question, re.I)]
    said, grades = [], []
    for path, doc in docs.items():
        tok = doc.get("tokenizer") if isinstance(doc, dict) else None
        rows = tok.get("kept") if isinstance(tok, dict) else None
        for j, r in enumerate(rows[:50] if isinstance(rows, list) else []):
            if not (isinstance(r, dict) and r.get("observable") in TOKEN_BIAS and isinstance(r.get("bias"), int | float)
                    and (not named or r["observable"] in named)):
                continue
            grades.append((token_bias_grade(r["observable"], r["bias"]), r["observable"]))
            err = f" ± {r['bias_err']:.2g}" if isinstance(r.get("bias_err"), int | float) else ""
            said.append(f"{r['observable']} median relative bias {r['bias']:.2g}{err} on {r.get('class')} jets"
                        f"{line_of(f'{path.rsplit(chr(47), 1)[-1]}#/tokenizer/kept/{j}/bias')}")
    if not said:
        return None
    return f"{('Yes', 'Not fully', 'No')[max(g for g, _ in grades)]}: " + "; ".join(said) + f": {kept_reason(grades)}."


# 'how often does it mistake a QCD jet for a top jet?', 'what is the median tau21?': a value asked, not a yes or no
VALUE_ASKED = re.compile(r"^\s*(?:what(?:'s|\s+(?:is|are|was|were|fraction|share|percentage))?|how\s+(?:many|much|often|large|"
                         r"big|wide|narrow|high|low|far|heavy|light|well))\b", re.I)


def _value_answer(question: str, rows: list[tuple[dict[str, Any], dict[str, Any], str]],
                  line_of: Callable[[str], str]) -> str | None:
    """The recorded values of the quantity a value question asks (read as a request is: its metric, observable and
    operating point), each with its error and the report line citing it; None when the question asks no value or
    the report measured none of it."""
    if not VALUE_ASKED.search(question):
        return None
    from agents.llm.offline_parse import parse_spec  # (the request reader, on the question)

    keys = ("metric", "observable", "efficiency", "rejection", "low", "high")
    spec = parse_spec(question)
    asked = [{k: getattr(q, k) for k in keys} for q in spec.quantities]
    hits = [(v, ptr) for q, v, ptr in rows if any(all(a[k] is None or q.get(k) == a[k] for k in keys) for a in asked)]
    # 'of W jets': the named class's rows, where the report has them apart
    hits = [h for h in hits if any(f", {c} jets" in str(h[0].get("label")) for c in spec.classes)] or hits
    if not hits:
        return None
    return "The report measures " + "; ".join(
        f"{v.get('label')}: {v['value']:.3g}" + (f" ± {v['err']:.2g}" if isinstance(v.get("err"), int | float) else "")
        + (f" ({v['note']})" if isinstance(v.get("note"), str) and 0 < len(v["note"]) < 120 else "")
        + line_of(ptr) for v, ptr in hits[:6]) + "."


# 'is top easier to tag than W?', 'are top jets less likely than QCD jets?': one side against another, by a comparative
COMPARED_ASKED = re.compile(r"\b(?:is|are|does|do|did|was|were|has|have)\b[^?]{0,80}?\b(?P<word>better|worse|easier|harder|"
                            r"higher|lower|larger|smaller|bigger|greater|more|less|wider|narrower)\b[^?]{0,40}?\bthan\b", re.I)
# the words a question names a recorded value's side by: its class, its strategy
_SIDE_NAMES = {"top": r"\btop\b|\btbqq\b", "qcd": r"\bqcd\b", "wqq": r"\bw\b|\bwqq\b", "zqq": r"\bz\b|\bzqq\b",
               "finetune": r"fine-?tun|\bpre-?trained\b", "scratch": r"\bscratch\b|\brandom", "frozen-backbone": r"\bfrozen\b"}


def _comparison_answer(question: str, rows: list[tuple[dict[str, Any], dict[str, Any], str]],
                       line_of: Callable[[str], str]) -> str | None:
    """'Is top easier to tag than W?' of a report that records both AUCs: the two recorded values of one quantity
    whose sides (class or strategy) the question names before and after 'than', the gap against twice their errors
    in quadrature, in the question's sense ('better', 'easier': the metric's own; 'higher', 'more': the value; a
    likelihood's 'less likely' is a higher NLL). None when the question compares no two recorded values."""
    from agents.answers import _BETTER
    from agents.spec import LESS_LIKELY, MORE_LIKELY

    m = COMPARED_ASKED.search(question)
    if not m:
        return None
    first, second = question[:m.end()].lower(), question[m.end():].lower()

    def side(v: dict[str, Any]) -> str | None:
        s = v.get("cls") if isinstance(v.get("cls"), str) else v.get("strategy")
        return s if isinstance(s, str) else None

    groups: dict[tuple[Any, ...], dict[str, tuple[dict[str, Any], str]]] = {}
    for q, v, ptr in rows:
        if (s := side(v)) in _SIDE_NAMES and isinstance(v.get("err"), int | float) and v["err"] > 0 and "−" not in str(v.get("label")):
            groups.setdefault((q.get("metric"), q.get("observable"), v.get("size")), {}).setdefault(s, (v, ptr))
    word = m["word"].lower()
    said = []
    for (metric, _, _), sides in groups.items():
        a = [s for s in sides if re.search(_SIDE_NAMES[s], first) and not re.search(_SIDE_NAMES[s], second)]
        b = [s for s in sides if re.search(_SIDE_NAMES[s], second) and not re.search(_SIDE_NAMES[s], first)]
        if len(a) != 1 or len(b) != 1:
            continue
        (va, pa), (vb, pb) = sides[a[0]], sides[b[0]]
        if metric == "likelihood_nll" and (LESS_LIKELY.search(question.lower()) or MORE_LIKELY.search(question.lower())):
            up = bool(LESS_LIKELY.search(question.lower()))  # less likely: the higher NLL
        elif word in ("better", "easier", "worse", "harder"):
            if metric not in _BETTER or _BETTER[metric] == "abs":
                continue
            up = (_BETTER[metric] == "high") == (word in ("better", "easier"))
        else:
            up = word not in ("lower", "smaller", "less", "narrower")
        gap, err = va["value"] - vb["value"], math.hypot(va["err"], vb["err"])
        verdict = ("Not significantly" if abs(gap) <= 2 * err else "Yes" if (gap > 0) == up else "No")
        said.append((verdict, f"{va.get('label')}: {va['value']:.3g} ± {va['err']:.2g}{line_of(pa)}; {vb.get('label')}: "
                              f"{vb['value']:.3g} ± {vb['err']:.2g}{line_of(pb)}; the gap {abs(gap):.3g} is "
                              f"{abs(gap) / err:.1f} times its error"))
    if not said:
        return None
    verdicts = {v for v, _ in said}
    head = verdicts.pop() if len(verdicts) == 1 else "Partly"
    return f"{head}: " + "; ".join(t for _, t in said) + "."


def _recorded_quantity_answer(question: str, docs: dict[str, Any], text: str) -> str | None:
    """A question our report's measured quantities answer directly: a peak against the generator's pole mass
    ('is the W peak at the W mass?': within 2 sigma or not), or whether two samples differ (a class difference
    with its p-value, a two-sample KS test), each with the report line citing it; None otherwise."""
    rows = _recorded_quantities(docs)
    named = [o for o, pat in _OBSERVABLE_IN_QUESTION.items() if re.search(pat, question, re.I)]
    rows = [r for r in rows if not named or r[0].get("observable") in named]
    lines = text.splitlines()

    def line_of(ptr: str) -> str:
        n = next((k for k, t in enumerate(lines, 1) if ptr in t), 0)
        return f" (line {n})" if n else ""

    if AT_POLE_MASS.search(question):
        poles = [(v, ptr) for q, v, ptr in rows if isinstance(v.get("pole_mass"), int | float)
                 and isinstance(v.get("err"), int | float) and v["err"] > 0]
        classes = {"w": "wqq", "z": "zqq", "top": "top"}
        want = {c for w, c in classes.items() if re.search(rf"\b{w}\b", question, re.I)}
        poles = [(v, ptr) for v, ptr in poles if not want or any(f", {c} jets" in str(v.get("label")) for c in want)]
        if poles:
            said, near = [], []
            for v, ptr in poles:
                z = (v["value"] - v["pole_mass"]) / v["err"]
                near.append(abs(z) < 2)
                said.append(f"{v['label']} {v['value']:.4g} ± {v['err']:.2g} GeV, {v['value'] - v['pole_mass']:+.3g} GeV "
                            f"({abs(z):.1f} sigma) from the generator's pole mass {v['pole_mass']:g} GeV{line_of(ptr)}")
            word = "Yes" if all(near) else "No" if not any(near) else "Partly"
            return f"{word}: " + "; ".join(said) + ("" if all(near) else " (a jet collects more than the decay products: "
                                                    "underlying event and radiation into the cone)") + "."
    if (asked := BIAS_AGAINST_WIDTH_ASKED.search(question)) and (pairs := _bias_and_width(rows)):
        said, bigger = [], []
        for (b, bptr), (w, wptr), where in pairs:
            err = math.hypot(b.get("err") or 0.0, w.get("err") or 0.0)
            gap = abs(b["value"]) - w["value"]
            bigger.append(gap > 0)
            within = f", {abs(gap) / err:.1f} combined errors apart" if err else ""
            said.append(f"{where}: bias {b['value']:.3g}" + (f" ± {b['err']:.2g}" if b.get("err") else "") + f"{line_of(bptr)}, "
                        f"{'larger' if gap > 0 else 'smaller'} in size than the resolution {w['value']:.3g}"
                        + (f" ± {w['err']:.2g}" if w.get("err") else "") + f"{line_of(wptr)}{within}")
        if asked["cmp"].lower() in ("smaller", "less", "lower", "narrower"):
            bigger = [not x for x in bigger]
        word = "Yes" if all(bigger) else "No" if not any(bigger) else "Partly"
        return f"{word}: " + "; ".join(said) + "."
    if typed := _tokenizer_change_answer(question, docs, line_of) or _kept_answer(question, docs, line_of) or \
            _comparison_answer(question, _recorded_quantities(docs), line_of):
        return typed
    same, different = SAME_ASKED.search(question), DIFFERENT_ASKED.search(question)
    if not (same or different):
        return _value_answer(question, rows, line_of)
    tests: list[tuple[dict[str, Any], str, float]] = [(v, ptr, float(v["value"])) for q, v, ptr in rows
                                                      if q.get("metric") == "class_ks"]
    tests += [(v, ptr, float(v["p_value"])) for q, v, ptr in rows if "−" in str(v.get("label"))
              and isinstance(v.get("p_value"), int | float) and q.get("metric") in ("median", "mean", "std", "peak", "peak_width",
                                                                                  "central_width", "fraction", "quantile")]
    # the figure the question names: a distribution's shape is the KS test's, a median the medians' difference, ...
    metric_words = {"class_ks": r"distribution|shape|\bks\b|kolmogorov", "median": r"\bmedian", "mean": r"\bmean|average", "std": r"standard deviation|\bstd\b|\brms\b",
                    "peak": r"\bpeak(?!\s*width)", "peak_width": r"\bfwhm|peak width|wide|narrow",
                    "central_width": r"\bwidth|spread|broad", "fraction": r"fraction|share|percent"}
    kinds = {id(v): q.get("metric") for q, v, _ in rows}
    asked = {m for m, pat in metric_words.items() if re.search(pat, question, re.I)}
    tests = [t for t in tests if not asked or kinds.get(id(t[0])) in asked] or tests
    if not tests:
        return None  # (no test of two samples recorded: the claims answer it)
    differ = [p < 0.05 for _, _, p in tests]
    said = "; ".join(f"{v['label']}: {v['value']:.3g}" + (f" ± {v['err']:.2g}" if isinstance(v.get("err"), int | float) else "")
                     + ("" if kinds.get(id(v)) == "class_ks" else f" (p = {p:.2g})") + line_of(ptr) for v, ptr, p in tests)
    yes = any(differ) if different and not same else not any(differ)  # different in any figure is not the same
    return f"{'Yes' if yes else 'No'}: {said}."


def answer_question(question: str, claims: list[Claim], controls: dict[str, Any], failures: list[str],
                    findings: list[str], docs: dict[str, Any] | None = None, text: str = "") -> str:
    """A deterministic answer: the verdicts of the claims the question is about, with the controls.
    A question whether pretraining helps is answered from the recorded differences (`docs`)."""
    words = {w for w in re.findall(r"[a-z0-9_]+", question.lower()) if w not in STOP and len(w) > 1}
    about_anomaly = bool(ANOMALY.search(question)) or bool(words & {"anomaly", "cwola", "sic", "signal"})
    rel = [c for c in claims if words & set(re.findall(r"[a-z0-9_]+", c.text.lower()))
           or (about_anomaly and c.kind == "anomaly-vs-control")]
    rel = rel or claims
    counts = {v: sum(c.verdict == v for c in rel) for v in ("holds", "contradicted", "not established", "unsupported")}
    tally = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    number_fail = [f for f in failures if "claim contradicted" not in f]
    ctrl = f" Controls: {controls['summary']}." if controls.get("anomaly") else ""
    if not number_fail and (typed := _pretraining_answer(question, docs or {}, text)
                            or _recorded_quantity_answer(question, docs or {}, text)):
        return typed
    if number_fail:
        return (f"No: the report's numbers cannot be trusted ({len(number_fail)} problem(s), e.g. {number_fail[0]}); "
                f"claims: {tally or 'none'}.{ctrl}")
    if counts["contradicted"] or counts["not established"]:
        bad = next(c for c in rel if c.verdict in ("contradicted", "not established"))
        return f"No: {tally}; line {bad.line}: {bad.reason}.{ctrl}"
    if not rel:
        return f"Cannot tell: the report makes no checkable claim.{ctrl}"
    if counts["unsupported"] or (about_anomaly and controls.get("missing")) or (about_anomaly and not controls.get("present")):
        return f"Not established: {tally}.{ctrl}" + (f" {findings[0]}." if findings else "")
    unc = " Uncertainties are missing." if any("uncertainties" in f for f in findings) else ""
    return f"Yes: {tally} against the cited numbers.{ctrl}{unc}"
