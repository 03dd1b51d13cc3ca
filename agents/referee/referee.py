"""Referee a report: its claims through the declared rules, the worst problems first, and an
answer to a question about it ("does the anomaly claim hold up?").

A report from elsewhere has no session record: its numbers are checked for consistency with each
other and with physics, not traced to artifacts (`agents.review` says so in one sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from scipy import stats as st

from agents.llm.base import LLMError
from agents.referee.claims import BORROWED, HIGHER_BETTER, Claim, Value, extract
from agents.referee.comparisons import side_words
from agents.referee.findings import allowed_sigma, last_digit
from agents.referee.model_claims import Structured, merge, model_claims
from agents.referee.reading import Format, guess_format
from agents.referee.rules import (
    ANOMALY,
    BACKGROUND,
    CLAUSE_BREAK,
    GENERATION,
    MAJOR,
    RULES,
    SEVERE,
    STATS,
    TAGGING,
    TOKENS,
    Finding,
    Report,
)
from agents.referee.vocabulary import CONTROL, QUALIFIER_RE, QUANTITY_RE, RELATION_RE
from agents.stats import auc_stderr

NOT_TRACED = "not recorded by a session here: numbers checked for consistency, not traced"
MAX_FINDINGS = 200
TOPICS = {
    ANOMALY: r"anomal|cwola|weak(?:ly)? supervis|signal|discover|excess|resonance|bump|new physics|inject|control|"
             r"\bsic\b|look[- ]elsewhere",
    GENERATION: r"generat|realistic|fidelity|classifier[- ]test|synthetic|sampl",
    TOKENS: r"token|codebook|lossless|vq|perplexity|resolution|reconstruct|encod",
    TAGGING: r"tagg|fine[- ]?tun|scratch|pretrain|accuracy|outperform|better|\bauc\b|rejection|efficien",
    STATS: r"significan|uncertaint|error|seeds?|robust|statistic|noise",
}


@dataclass
class Referee:
    fmt: Format
    claims: list[Claim]
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the claims were read (the model's reading)

    @property
    def ok(self) -> bool:
        return not self.findings

    def lines(self) -> list[str]:
        """The verdict, worst first: "line 4 [control_vs_null]: the no-signal control ..."."""
        return [f"line {f.line} [{f.rule}]: {f.message}" for f in self.findings]

    def as_dict(self) -> dict[str, Any]:
        return {"format": self.fmt, "claims": len(self.claims), "notes": self.notes,
                "findings": [{"rule": f.rule, "line": f.line, "severity": f.severity, "message": f.message}
                             for f in self.findings]}


def referee(text: str, name: str = "", fmt: Format | None = None, claims: list[Claim] | None = None,
            backend: Structured | None = None) -> Referee:
    """Run every rule on the report's claims: read by rules unless `claims` are given, and with a
    model `backend` also by the model (both readings kept where they differ)."""
    fmt = fmt or guess_format(text, name)
    claims = extract(text, fmt) if claims is None else claims
    notes = []
    if backend is not None:
        try:
            claims, differ = merge(claims, model_claims(backend, text))
            notes.append(f"claims read by rules and by the model; {differ} of the model's readings differ and "
                         "were checked too")
        except LLMError as e:
            notes.append(f"the model's reading failed ({e}); claims read by rules only")
    rep = Report(text, claims)
    found: dict[tuple[str, int], Finding] = {}
    for rule in RULES:
        try:
            for f in rule.check(rep):
                found.setdefault((f.rule, f.line), f)
        except (ValueError, ArithmeticError, IndexError, KeyError, TypeError) as e:  # a report written to break it
            notes.append(f"rule {rule.name} could not read this report ({type(e).__name__}: {e}); its other rules ran")
    for (rule, line), f in list(found.items()):  # "a rejection of 0.95 is below 1" and "0.95 is not 1/0.1052": one wrong
        # number, named by the rule that says it cannot be at all, not again as disagreeing with its neighbour
        if rule == "inconsistent_numbers" and (g := found.get(("impossible_value", line))) is not None and \
                (m := re.search(r"(?<![\d.])\d+\.\d+", f.message)) and _number_in(g.message, m.group(0)):
            del found[(rule, line)]
    for f in list(found.values()):
        here, line_text = rep.by_line.get(f.line, []), rep.lines[f.line - 1] if 0 < f.line <= len(rep.lines) else ""
        for g, alone in _at_the_word(f, here, line_text):
            found.setdefault((g.rule, g.line), g)
            if alone or _about_the_word_alone(f, here, line_text):
                found.pop((f.rule, f.line), None)  # the word (or number) stands only there, the sentence's first line holds
                # nothing it is about; or a discovery word on its line, not on the sentence's first number's
    order = {r.name: i for i, r in enumerate(RULES)}
    findings = sorted(found.values(), key=lambda f: (-f.severity, order[f.rule], f.line))
    return Referee(fmt, claims, findings[:MAX_FINDINGS], notes)


# the words a finding of these rules is about: in a sentence wrapped over lines, the line they stand on is named too
WORDS = {"absolute_words": QUALIFIER_RE["lossless"].pattern + "|" + QUALIFIER_RE["perfect"].pattern + "|" +
         QUALIFIER_RE["clearly"].pattern + "|" + QUALIFIER_RE["unbiased"].pattern + "|" + QUALIFIER_RE["identical"].pattern,
         "classifier_test_vs_null": r"indistinguishable|realistic|cannot (?:be )?(?:tell|told|distinguish)|identical|faithful",
         "discovery_without_evidence": QUALIFIER_RE["discovery"].pattern,
         "significance_unsupported": QUALIFIER_RE["significant"].pattern,
         "comparison_direction": RELATION_RE.pattern,
         "control_vs_null": r"consistent with|compatible with|random|chance|no (?:signal|separation|sculpting)"}


def _number_in(message: str, shown: str) -> re.Match[str] | None:
    """Where `message` names the number `shown` as a whole number (not "0.95" inside "10.952")."""
    return re.search(rf"(?<![\d.]){re.escape(shown)}(?!\d)", message)


def _named_at(message: str, c: Claim) -> int:
    """Where a finding's message first names one of the claim's numbers (its length where it names none)."""
    at = [m.start() for v in c.values if v.shown for m in [_number_in(message, v.shown)] if m]
    return min(at, default=len(message))


def _word_of(c: Claim, rx: str) -> re.Match[str] | None:
    """The first of the rule's words in the claim; the word its comparison is made with first, where it is one ("with no
    signal injected, the classifier gives 0.563, so the control is consistent with random": the setting's 'no signal'
    is not what is wrong)."""
    word = c.comparison.word if c.comparison else ""
    if word and re.fullmatch(rx, word, re.I) and (m := re.search(rf"\b{re.escape(word)}\b", c.text, re.I)):
        return m
    return re.search(rx, c.text, re.I)


def _about_the_word_alone(f: Finding, claims: list[Claim], line: str) -> bool:
    """A finding of a word ('observation' claimed with no trials factor) on the line of its wrapped sentence's first number
    ("... we report the observation of a new dijet" / "resonance near 3.65 TeV ..."), where neither the sentence starts nor
    the word stands, and that names none of the sentence's numbers: it is about the word alone, named where that stands."""
    wrapped = [c for c in claims if c.breaks][:1]
    word = re.match(r"'([^'\n]{2,40})'", f.message)
    return f.rule == "discovery_without_evidence" and bool(wrapped) and word is not None \
        and wrapped[0].breaks[0][1] != f.line and word[1].lower() not in line.lower() and all(
            not v.shown or _number_in(f.message, v.shown) is None for v in wrapped[0].values)


def _at_the_word(f: Finding, claims: list[Claim], line_text: str = "") -> list[tuple[Finding, bool]]:
    """The finding again on the line of the word or the number it is about, where a wrapped sentence carries it to
    another line ("... are indistinguishable from the real ones: a classifier separates them with an" / "AUC of only 0.71");
    with whether that is the only place it can be about: the sentence opens late on the finding's line, after another
    sentence ends there ("... a press release. A 3.5 sigma" / "excess is a new particle"), says the rule's word once (or
    the number named) on a later line, and no other sentence on the finding's line says it (then the finding is named
    there alone; a sentence that opens its line is named on that line too)."""
    rx = WORDS.get(f.rule)
    out: list[tuple[Finding, bool]] = []
    for c in [c for c in claims if c.breaks][:1]:
        m = _word_of(c, rx) if rx else None
        # the number the finding is about ("p = 2.1×10^{-3} is 2.9σ ..., not the 4.1σ"): the line it stands on
        v = next((v for v in c.values if v.start < len(c.text) and v.shown and _number_in(f.message, v.shown)), None) if not m else None
        # (as a whole number: the S/B of "3×10^{-3}" is not named inside the p-value "1.3×10^{-3}")
        if v is not None and min([_named_at(f.message, d) for d in claims if d is not c], default=len(f.message)) \
                < _named_at(f.message, c):
            continue  # "gives AUC 0.472 on the test set; since it is within 0.03 of 0.5 ...": the finding names the
            # number of the line's other sentence first (0.472), the wrapped one only holds the 0.5 it is set against
        at = m.start() if m else v.start if v else None
        line = c.line_at(at) if at is not None else c.line
        if line != f.line:
            others = [d for d in claims if d is not c]
            sides = {c.comparison.left, c.comparison.right} if c.comparison is not None and f.rule != "discovery_without_evidence" \
                else set()  # (a discovery is judged by its word and its significance, not by what the sentence compares:
            # "the data exceed the fitted background with ... 2.4σ" / "... constitutes evidence" is named where 'evidence' is)
            opens = [b for b in CLAUSE_BREAK.finditer(c.text, 0, m.start()) if c.line_at(b.start()) < line == c.line_at(b.end())] \
                if m is not None and f.rule == "comparison_direction" else []
            # ("... significant (0.9711 vs 0.9703)," / "and there it also improves the rejection (352 vs 389)": the clause
            # that compares opens the word's line; the first line holds another clause only)
            if m is not None and rx:
                alone = len(re.findall(rx, c.text[opens[-1].end():] if opens else c.text, re.I)) == 1 and not any(re.search(rx, d.text, re.I) for d in others) \
                    and (c.comparison is None or f.rule != "comparison_direction" or m.group(0).lower() in c.comparison.word.lower()) \
                    and not any((w.shown and _number_in(f.message, w.shown) or i in sides)
                                and w.start < len(c.text) and c.line_at(w.start) == f.line for i, w in enumerate(c.values))
                # (the numbers it judges, on the first line, keep it there too: "n=5000: A 0.861 vs B 0.858" / "A is
                # significantly better")
            else:
                lead = re.search(r"[-+−]?\d[\d.,]*(?:\s*%)?", f.message)  # the number the finding is about comes first
                alone = v is not None and lead is not None and any(w.shown and lead.group(0).strip() in (w.shown, w.shown.replace(" ", ""))
                                                                     for w in c.values) \
                    and not any(w.shown in f.message for d in others for w in d.values if w.shown) \
                    and not any(w is not v and w.shown and w.shown in f.message and w.start < len(c.text) and
                                c.line_at(w.start) == f.line for w in c.values)
            first = c.text[:min([off for off, _ in c.breaks if off > 0] + [10])].strip()  # its words on the first line
            line_text = re.sub(r"\\[,;:]", " ", line_text)  # "With 1\\,\\% of": LaTeX's thin spaces, read as spaces in the claim
            line_text = re.sub(r"[\\{}]", "", line_text)  # "At 1\\% of": a markup's escapes, not the words
            head = line_text.find(first) if first else -1
            if line < f.line or not opens and (head <= 0 or not re.search(r"[.!?](?:[\"”')\]]|\*\*|__|[*_])?\s+$", line_text[:head])):
                alone = False  # the sentence opens its line (or the word stands before it): that line is its own too
                # (a sentence before it may close in emphasis: "1. **Tokeniser -- done.** After switching ...")
            borrowed = c.comparison is not None and f.rule == "comparison_direction" and None not in sides and all(
                c.values[k].start >= BORROWED for k in sides if k is not None and k < len(c.values))
            if borrowed and m is not None and line > f.line and len(re.findall(rx or "", c.text, re.I)) == 1:
                alone = True  # "... for this metric the fp16 path" / "actually rejects more QCD", of two numbers given in
                # a sentence before: the first line holds the subject's words only, the word and its numbers are elsewhere
            said = c.text.lower().find(c.comparison.word.lower()) if c.comparison is not None and c.comparison.word else -1
            if said >= 0 and c.line_at(said) == f.line and f.rule != "discovery_without_evidence":
                alone = False  # the comparison's own word ("the best") stands on the first line
            out.append((replace(f, line=line, message=f"{f.message} (the sentence of line {f.line})"), alone))
    return out


REALISTIC_QUESTION = re.compile(r"\b(?:are|is)\b[\w -]{0,40}?generated\b[\w -]*?\b(?:realistic|real|faithful|indistinguishable)",
                                re.I)  # "are the JetFlow-generated jets indistinguishable ...?"
HOLDS_QUESTION = re.compile(r"\bhold(?:s)?(?: up)?\b|\bstand(?:s)? up\b|\b(?:right|correct|valid|sound|supported|"
                            r"trustworthy|credible|justified)\b|\bagree[sd]?\s+that\b", re.I)  # ("do they agree that ...":
# whether a verdict the report states holds, not what the verdict is about)
LOSSLESS_QUESTION = re.compile(r"\blossless|\bloses? (?:no )?information|\bwithout loss|\bperfect(?:ly)? reconstruct|"
                               r"\bbit[- ]for[- ]bit\b|\bbit[- ](?:identical|exact)", re.I)  # ("reproduce the scores bit for bit?")
# "is the quoted ±0.0001 error consistent with the size of the test set?", "is the uncertainty compatible with the
# number of jets?": a question of an error bar against the binomial (or Hanley-McNeil) error its sample allows
ERROR_VS_SIZE_QUESTION = re.compile(r"\b(?:errors?|uncertaint(?:y|ies)|error bars?)\b[^?]{0,80}?\b(?:consistent|compatible|in line)\s+"
                                    r"with\s+(?:the\s+)?(?:size|number of (?:[\w-]+\s+){0,2}?(?:jets|events)|statistics)\b", re.I)
# ("... compatible with the number of background jets evaluated?": the jets of one class, named)
# "is this a discovery?", "is there evidence for a new resonance?", "has a new resonance been observed?"
DISCOVERY_QUESTION = re.compile(r"\b(?:is|was|are) (?:this|it|that|there) (?:a )?(?:discover|observ|new (?:particle|physics))|"
                                r"\bdiscovery\b|\bevidence\b|\bbeen (?:observed|discovered|found)\b|\bobservation of\b", re.I)
# "can the classifier distinguish the generated jets from full-simulation jets?", "can model-x's jets be told apart from
# the real ones?" (a name in the possessive): the report's own classifier test answers; "can a classifier tell the
# diffusion model's generated top jets apart from the real ones?" (a long name of the jets between "tell" and "apart")
DISTINGUISH_QUESTION = re.compile(r"\b(?:can|could|does|do|is)\b(?:[\w '’-]|\.(?=\d)){0,60}?\b(?:distinguish|(?:tell|told)\b"
                                  r"(?:[\w '’-]|\.(?=\d)){0,60}?\bapart|"  # (a version's dots: "can the 2.1.3 jets be told apart")
                                  r"(?:tell|told)\b[\w -]{0,40}?\bfrom|separate|able to (?:distinguish|separate))", re.I)
# "is the tagger worse than random guessing?", "does it perform below chance?"
WORSE_QUESTION = re.compile(r"\b(?:worse|poorer|weaker|broken|useless)\b", re.I)
# "after flipping the sign of its score", "once the output is inverted", "with 1 - score": the question is of the flipped score
FLIPPED_QUESTION = re.compile(r"\b(?:after|once|when|if|with)\s+(?:[\w']+\s+){0,4}?(?:flipp\w*|invert\w*|revers\w*|negat\w*|swapp\w*)\b"
                              r"|\b(?:flipped|inverted|reversed|negated)\s+(?:score|output|sign|labels?)\b|\b1\s*-\s*(?:score|output|the score)\b", re.I)
# ("than a coin toss would", "than a coin flip": chance by another name)
_CHANCE = r"(?:random|chance|(?:an?\s+)?(?:fair\s+)?coin[- ]?(?:toss|flip)s?)"
# "is the AUC a sign that the network separates the classes better on B?", "does it discriminate more strongly?"
SEPARATES_BETTER_QUESTION = re.compile(r"\b(?:separat\w*|discriminat\w*|distinguish\w*|tag\w*|works?|performs?)\b[^?]{0,60}?"
                                       r"\b(?:better|more\s+(?:strongly|cleanly|clearly|sharply))\b", re.I)
BETTER_THAN_RANDOM_QUESTION = re.compile(rf"\b(?:better|more|above)(?:\s+(?:often|frequently))?[- ]than[- ]{_CHANCE}|\babove {_CHANCE}\b", re.I)
RANDOM_QUESTION = re.compile(rf"\b(?:worse|lower|poorer)[- ]than[- ]{_CHANCE}|\bbelow {_CHANCE}", re.I)
# "the difference (0.005) is smaller than the error on it", "so we cannot say the new one is better": the report's own
# verdict that a difference is not established, in words other than 'not significant'
DIFFERENCE_WITHIN_ITS_ERROR = re.compile(
    # ("the difference, 0.04, is well under one combined error": a decimal point ends no sentence, two words may name the error)
    r"\b(?:difference|gap|gain|improvement)\b(?:[^.;]|(?<=\d)\.(?=\d)){0,60}?\b(?:is|was|lies|stays)\s+(?:well\s+)?"
    r"(?:smaller|less|lower|below|within|under)\s+"
    r"(?:than\s+)?(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}(?:errors?|uncertaint(?:y|ies)|wobble|noise|spread|scatter|error bars?)\b|"
    r"\b(?:cannot|can't|can not|could not|couldn't)\s+(?:honestly\s+|really\s+|yet\s+)?(?:say|claim|conclude)\s+(?:that\s+)?"
    r"[^.;]{0,40}?\b(?:is|was|performs?|does)\s+(?:\w+\s+)?better\b", re.I)
# "the 95% CrI [-0.0015, 0.0037] contains zero": the interval of the difference holds no difference at all
INTERVAL_HOLDS_ZERO = re.compile(r"\b(?:CI|CrI|C\.I\.|(?:credible|confidence)\s+interval)\b(?:[^.;]|(?<=\d)\.(?=\d)){0,40}?\b"
                                 r"(?:contains|includes|covers|spans|straddles)\s+(?:zero|0(?![.\d]))", re.I)
# "is v2 significantly better than v1?"; "is v2 really better?", "does it genuinely beat v1?": beyond the noise, asked plainly
SIGNIFICANCE_QUESTION = re.compile(r"\bsignificant(?:ly)?\b|\b(?:really|truly|genuinely|actually|reliably)\s+"
                                   r"(?:better|worse|higher|lower|ahead|behind|beats?|outperforms?|improves?)\b|"
                                   # "a real AUC improvement", "a genuine gain": a change beyond the noise, as the claims' word
                                   r"\b(?:real|genuine)\s+(?:[\w-]+\s+)?(?:gain|improvement|advantage)\b|"
                                   r"\b(?:larger|greater|bigger|more)\s+than\s+(?:twice|two\s+times|three\s+times|\d+(?:\.\d+)?\s*(?:times|x|×))\s+"
                                   r"(?:its|the|their)\s+(?:own\s+)?(?:combined\s+)?(?:statistical\s+)?(?:uncertaint(?:y|ies)|errors?)\b", re.I)
# ("is the difference larger than twice its statistical uncertainty?": beyond the noise, as a multiple of its error)
_FOUND_SOMETHING = (r"(?:see|sees|saw|seen|find|finds|found|detects?|detected|picks?\s+up|picked\s+up|learns?|learned|flags?|flagged)"
                    r"\s+(?:anything|something|a\s+signal|an?\s+(?:excess|difference|separation))")
# a run with no signal injected ("background-only", "s/b = 0", "s/b = 0.0"; "s/b = 0.3% in SR" is an injected run,
# not the control: its zero goes on with more digits)
_NO_SIGNAL = (r"(?:no[- ](?:injected[- ])?signal|without\s+(?:any\s+|a\s+)?(?:injected\s+)?signal|background[- ]only|"
              r"no\s+injection|nothing\s+(?:was\s+)?injected|s\s*/\s*b\s*=\s*0(?:\.0+)?(?![.,]?\d))")
# a multiple a question sets its bar at ("within two of its errors", "exceed twice its uncertainty")
_MULTIPLE = {"once": 1.0, "one": 1.0, "twice": 2.0, "two": 2.0, "three": 3.0, "thrice": 3.0, "four": 4.0, "five": 5.0}
# "does the control pass its null check?", "is its AUC within 2 sigma of 0.5?", "consistent with random?": whether the
# control holds (yes when it is near its null), with the bar in σ where the question names one
NULL_HELD_QUESTION = re.compile(r"\bpass(?:es)?\b[^?]{0,40}?\b(?:null|closure|sanity)[- ]?(?:checks?|tests?)\b|"
                                r"\bwithin\s+(?P<k>\d(?:\.\d)?|one|two|three)[\s-]*(?:σ|sigma|standard deviations?)\s+of\s+(?:0?\.5|random|chance)\b|"
                                r"\b(?:consistent|compatible)\s+with\s+(?:an?\s+)?(?:AUC\s+of\s+)?(?:0?\.5\b|random|chance|the null\b)", re.I)
# "does the background-only control show a spurious separation?": asks whether a problem is there (yes when the control
# is far from its null), the opposite sense of "does the control hold up?"
SPURIOUS_QUESTION = re.compile(r"\bcontrol\b[\w ,-]{0,60}?\b(?:shows?|gives?|finds?|produces?|has|have|see|detects?|picks? up)\b"
                               r"[\w -]{0,30}?\b(?:spurious|fake|artificial|false|differences?\b(?=[\w -]{0,12}\bbetween))|"
                               # "did the method see anything when no signal was injected?": the same, asked of the run itself
                               rf"\b{_FOUND_SOMETHING}\b[^?]{{0,60}}?\b{_NO_SIGNAL}|\b{_NO_SIGNAL}[^?]{{0,60}}?\b{_FOUND_SOMETHING}", re.I)
# ("in the no-signal control, does the classifier find a difference between the regions?": what no signal should leave)


def _significance_verdict_may_be_the_asked_one(question: str, not_significant: str, significant: str) -> bool:
    """'is ParT significantly better than LorentzNet?' of a report that finds ParT vs LorentzNet not significant and
    then calls another gain ("This gain is significant", of ParT over a BDT) significant: when the not-significant
    verdict names both things the question compares, a significant one that names neither is about something else."""
    sides = {w for w in re.findall(r"\b[A-Za-z][\w+-]*[A-Z0-9][\w+-]*\b|\b[A-Z][a-z]+[A-Z][\w+-]*\b", question)
             if not QUANTITY_RE.fullmatch(w)}  # names of models: ParT, LorentzNet, v2, GN2 (not AUC)
    named = {w for w in sides if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", not_significant)}
    asked = _quantities(question) - {"p_value", "significance"}  # "is the mistag difference significant?": its quantity
    if asked and asked & _quantities(not_significant) and not asked & _quantities(significant):
        return False  # the verdict that names the asked quantity answers it, not one of another quantity
    return len(named) < 2 or any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", significant) for w in sides)


def _quantities(text: str) -> set[str]:
    return {m.lastgroup or "" for m in QUANTITY_RE.finditer(text)}


# "does the claim that fine-tuning beats scratch hold up?": a question about one comparison of the report
COMPARE_QUESTION = re.compile(r"\b(?:beats?|better|outperform\w*|superior|worse|improv\w*|wins?|ahead of)\b", re.I)
_NOT_A_SIDE = re.compile(r"^(?:does|hold|stand|claim|that|this|than|beat|bett|outp|supe|wors|impr|trai|mode|repo|"
                         r"really|over|with|from|what|when|which|their|there|those|these)")


def _sides(text: str) -> set[str]:
    """The words that name a side of a comparison, cut to five letters ('fine-tuned' and 'fine-tuning' alike)."""
    return {w[:5] for w in re.findall(r"[a-z][a-z-]{3,}", text.lower().replace("-", "")) if not _NOT_A_SIDE.match(w)}


# "does part_b have a lower QCD mistag rate than part_a?": one named thing against another, on a quantity, by a comparative
ROWS_QUESTION = re.compile(r"\b(?:does|do|did|is|was)\s+(?P<x>[\w.-]+)\s+(?:have|give|get|reach|achieve|show)\s+(?:an?\s+|the\s+)?"
                           r"(?P<rel>lower|higher|smaller|larger|better|worse)\s+(?P<q>[^?]{2,60}?)\s+than\s+(?:the\s+)?(?P<y>[\w.-]+)",
                           re.I)


def _row_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _asked_rows_compared(question: str, claims: list[Claim]) -> str | None:
    """Yes / No to a question that names two things by the names their table rows are led by, a quantity and a
    comparative: the one value of that quantity in each thing's row, compared as the question asks; None when the
    question is of no such form or a side has no single row value."""
    m = ROWS_QUESTION.search(question)
    q = QUANTITY_RE.search(m["q"]) if m else None
    if m is None or q is None or not q.lastgroup:
        return None
    quantity = q.lastgroup
    sides: list[tuple[Claim, Value]] = []
    for name in (_row_name(m["x"]), _row_name(m["y"])):
        found = [(c, v) for c in claims if c.kind == "row" for v in c.results(quantity)
                 if v.start < BORROWED and _row_name(v.label) == name]
        if len(found) != 1 or len(name) < 3:
            return None
        sides.append(found[0])
    (cx, x), (cy, y) = sides
    rel = m["rel"].lower()
    if rel in ("better", "worse"):
        hb = HIGHER_BETTER.get(quantity)
        if hb is None:
            return None
        rel = ("higher" if hb else "lower") if rel == "better" else ("lower" if hb else "higher")
    holds = x.value < y.value if rel in ("lower", "smaller") else x.value > y.value
    return (f"{'Yes' if holds else 'No'}: the report's own numbers give {quantity.replace('_', ' ')} {x.shown} for {m['x']} "
            f"(line {cx.line}) against {y.shown} for {m['y']} (line {cy.line}).")


def _asked_comparison(question: str, claims: list[Claim]) -> tuple[Claim, set[int]] | None:
    """The report's comparison a question names both sides of, and the lines of its sides' numbers
    (rows led by a side's name); None when the question names no comparison."""
    if not COMPARE_QUESTION.search(question):
        return None
    asked = _sides(question)
    for c in claims:
        cmp = c.comparison
        if cmp and not cmp.negated and _sides(cmp.subject) & asked and _sides(cmp.object) & asked:
            named = (_sides(cmp.subject) | _sides(cmp.object)) & asked
            return c, {c.line} | {d.line for d in claims if d.kind == "row" and _sides(d.text[:40]) & named}
    return None


# "does the generated multiplicity match the real one?": a question whether two things agree
MATCH_QUESTION = re.compile(r"^\W*(?:does|do|did|is|are|was|were)\s+(?P<what>[^?]{3,80}?)\s+(?:(?:really|still)\s+)?"
                            r"(?P<verb>match(?:es)?|agrees?(?: with)?|(?:be\s+)?(?:consistent|compatible|in agreement) with|"
                            r"(?:the )?same as|reproduces?)\b", re.I)


VERDICT_WORDS = (("match", ("does not match", "matches")), ("agree", ("does not agree with", "agrees with")),
                 ("reprod", ("does not reproduce", "reproduces")))


def _own_verdict(question: str, ref: Referee) -> tuple[Claim, str] | None:
    """The report's own verdict on whether the two things a match question names agree ("The generated multiplicity
    does not match the real one: mean 65.1 against 76.9 ..."), with the evidence it gives; None when it states none,
    or when a finding of the rules stands on that line (its numbers contradict it)."""
    q = MATCH_QUESTION.search(question)
    if q is None:
        return None
    asked, other = _words(q["what"]), _words(question[q.end():])
    for c in ref.claims:
        cmp = c.comparison
        if cmp is None or cmp.relation != "similar" or not asked or not asked <= _words(cmp.subject) or \
                other and not other & _words(cmp.object):
            continue  # the claim must name all the question asks about, and what it is compared with
        if any(f.line == c.line and f.severity >= MAJOR for f in ref.findings):
            return None
        verb = q["verb"].lower()
        no, yes = next((f for k, f in VERDICT_WORDS if verb.startswith(k)), ("is not consistent with", "is consistent with"))
        said = no if cmp.negated else yes
        what = " ".join(q["what"].split())
        rest = " ".join(question[q.end():].strip(" ?").split())
        head = c.text.split(":", 1)[1] if ":" in c.text else ""
        evidence = " ".join(re.split(r"(?<=[a-z)])\.\s", head.strip())[0].split())[:160].rstrip(".")
        evidence = re.sub(r"\s+(?=[,;)])", "", evidence)  # "14.5 , 6.7": where a citation was cut out
        return c, f"the report says {what} {said}{' ' + rest if rest else ''} (line {c.line})" + (f": {evidence}" if evidence else "")
    return None


# "does A mistag fewer QCD jets than B?", "is A's rejection higher than B's?": which side's number is the larger
DIRECTION_QUESTION = re.compile(r"(?:^\W*|,\s*)(?:does|do|did|is|are|was|were|has|have)\s+(?P<subj>[^?]{2,80}?)\s+(?P<rel>fewer|less|lower|"
                                r"smaller|more|higher|larger|greater)\b(?P<what>[^?]{0,60}?)\bthan\s+(?P<obj>[^?]{2,60}?)(?:'s)?"
                                r"\s*(?:,|\bat\b|\bon\b|\?|$)", re.I)


def _side_match(label: str, words: set[str]) -> int:
    """How well a result's label names a side the question names: 2 a word alike, 1 a word that begins the other."""
    own = {w for w in re.findall(r"[a-z][a-z0-9]+", label.lower().replace("-", "")) if len(w) >= 3}
    if own & words:
        return 2
    return 1 if any(a.startswith(b) or b.startswith(a) for a in own for b in words if min(len(a), len(b)) >= 4) else 0


def _asked_direction(question: str, claims: list[Claim], text: str = "") -> str | None:
    """'Yes' or 'No' to a question whether one side has more or less of a quantity than another, from the one line that
    states that quantity for both sides (at the working point the question names, where it names one)."""
    q = DIRECTION_QUESTION.search(question)
    if q is None:
        return None
    named = _quantities(q["subj"] + " " + q["what"]) - {""}
    verb = re.search(r"\b(?:accept|let|pass|keep|admit|retain|mis-?\w+|fake)\w*\s*(?:through\s*)?$", q["subj"], re.I)
    if not named and verb and re.search(r"\b(?:background|QCD|light|bkg|gluons?)\b", q["what"], re.I):
        named = {"fake_rate"}  # "accepts fewer background jets": the share of them it keeps, its mistag rate (of gluon
        # jets in a quark tagger)
    if len(named) != 1:
        return None
    point = re.search(r"\b(\d{1,2})\s*%\s*(?:signal[- ])?(?:efficiency|eff\b|working point|WP)", question, re.I)
    subj, obj = _words(q["subj"]), _words(q["obj"])
    rows = []
    for c in claims:
        pair = [v for v in c.results(*named) if v.role == "result" and v.start < BORROWED]
        if len(pair) != 2 or (point and not any(v.role == "setting" and abs(v.value - int(point[1]) / 100) < 1e-9
                                                 for v in c.values)):
            continue
        score = [(_side_match(v.label, obj), -_side_match(v.label, subj)) for v in pair]
        if max(score)[0] == 0 or score[0] == score[1]:
            continue
        b, a = (pair[0], pair[1]) if score[0] > score[1] else (pair[1], pair[0])
        if _side_match(a.label, subj) == 0:
            continue
        rows.append((c, a, b))
    if not rows:
        rows = _sides_on_lines_of_their_own(claims, named, subj, obj, point)
    if not rows and not point:
        rows = _sides_apart(claims, named, q["subj"][:verb.start()] if verb else q["subj"], q["obj"], verb, text)
    if len(rows) != 1 or rows[0][1].value == rows[0][2].value:
        return None
    c, a, b = rows[0]
    more = q["rel"].lower() in ("more", "higher", "larger", "greater")
    holds = (a.value > b.value) == more
    return (f"{'Yes' if holds else 'No'}: by the report's own numbers (line {c.line}), {a.label} has {a.shown} against "
            f"{b.shown} for {b.label}.")


def _sides_on_lines_of_their_own(claims: list[Claim], named: set[str], subj: set[str], obj: set[str],
                                 point: re.Match[str] | None) -> list[tuple[Claim, Value, Value]]:
    """"- A: QCD mistag 3.1 %" / "- B: QCD mistag 2.6 %": the two sides a direction question names, each the one number of
    the quantity on a line of its own, the lines next to each other (under the working point the question names, set on
    one of the three lines above, where it names one)."""
    one = [(c, vs[0]) for c in claims if len(vs := [v for v in c.results(*named) if v.role == "result" and v.start < BORROWED]) == 1]
    a = [(c, v) for c, v in one if _side_match(v.label, subj) and not _side_match(v.label, obj)]
    b = [(c, v) for c, v in one if _side_match(v.label, obj) and not _side_match(v.label, subj)]
    if len(a) != 1 or len(b) != 1 or abs(a[0][0].line - b[0][0].line) > 2:
        return []
    top = min(a[0][0].line, b[0][0].line)
    if point and not any(v.role == "setting" and (abs(v.value - int(point[1]) / 100) < 1e-9 or v.unit == "%" and not v.quantity
                                                  and abs(v.value - int(point[1])) < 1e-9)  # ("At the 70% working point:")
                         for c in claims if 0 <= top - c.line <= 3 or c in (a[0][0], b[0][0]) for v in c.values):
        return []
    return [(a[0][0], a[0][1], b[0][1])]


def _names_a_test_of(question: str, text: str, line: int) -> bool:
    """Whether the line of a classifier test names a model the question names by a name of its own ("epic-fm", "gen_v2"),
    read on the report's own line (its '_' and '-' alike)."""
    lines = text.splitlines()
    said = re.sub(r"[_-]", " ", lines[line - 1].lower()) if 0 < line <= len(lines) else ""
    return any(re.search(rf"(?<![\w.]){re.escape(re.sub(r'[_-]', ' ', n.lower()))}(?![\w.])", said)
               for n in re.findall(r"[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)+|[A-Za-z]+\d[\w]*", question))


def _names(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z0-9]*", text.lower()) if w not in ANSWER_STOP}


def _sides_apart(claims: list[Claim], named: set[str], subj: str, obj: str, verb: re.Match[str] | None,
                 text: str) -> list[tuple[Claim, Value, Value]]:
    """The two sides of a direction question where the report gives them apart: in two columns of a row that names the
    quantity (or the question's own verb, "ordinary jets let through  3.1 %  3.9 %") under a header naming the sides
    ("old tagger (BDT)   new tagger (graph network)"); or one side's number of the quantity on its line and the other's,
    just below, with no quantity of its own ("A's mistag is 0.162 ... B scored 0.149 on the same jets"). Each side is
    known by the words that name it and not the other ("qg-part-ft" against "qg-part-base": "ft", "base")."""
    a_w, b_w = _names(subj) - _names(obj), _names(obj) - _names(subj)
    if not a_w or not b_w:
        return []
    side = re.compile(r"^\s*(?:the|its|their)\s+", re.I)
    def named_as(c: Claim, a: Value, b: Value) -> tuple[Claim, Value, Value]:  # each number under the question's name for it
        return c, a.model_copy(update={"label": side.sub("", subj).strip()}), b.model_copy(update={"label": side.sub("", obj).strip()})
    lines = text.splitlines()
    def says(c: Claim) -> set[str]:
        return _names(c.text)
    rows = []
    for c in claims:  # the two-column row under a header naming both sides
        vals = [v for v in c.values if v.role == "result" and v.start < BORROWED]
        label = vals[0].label if vals else ""
        if len(vals) != 2 or vals[0].unit != vals[1].unit or not (
                named & _quantities(label) or verb and re.search(rf"\b{re.escape(verb[0].strip())}\b", label, re.I)):
            continue
        for head in lines[max(0, c.line - 5):c.line - 1][::-1]:  # each cell of the header is the side most of its words name
            cells = [(len(w & a_w) > len(w & b_w)) - (len(w & b_w) > len(w & a_w))
                     for cell in re.split(r"\s{2,}|\t|[|│┆]", head) if (w := _names(cell))]
            cells = [x for x in cells if x]
            if sorted(cells) == [-1, 1]:
                rows.append(named_as(c, vals[0], vals[1]) if cells[0] == 1 else named_as(c, vals[1], vals[0]))
                break
    if rows:
        return rows if len(rows) == 1 else []
    one = [(c, vs[0]) for c in claims if len(vs := [v for v in c.results(*named) if v.role == "result" and v.start < BORROWED]) == 1
           and says(c) & a_w and not says(c) & b_w]
    if len(one) != 1:
        return []
    c, a = one[0]
    near = [(d, vs[0]) for d in claims if 0 < d.line - c.line <= 5 and says(d) & b_w and not says(d) & a_w
            and len(vs := [v for v in d.values if v.role == "result" and v.start < BORROWED]) == 1 and vs[0].quantity in ("", *named)
            and vs[0].unit == a.unit and (vs[0].value < 1) == (a.value < 1)]
    return [named_as(c, a, near[0][1])] if len(near) == 1 else []


# "does ptflow reproduce the jet mass more closely than ddpm?", "is model_b better than model_a?": one named thing
# said to be better than another, by a comparative of quality (no quantity of its own)
BETTER_THAN_QUESTION = re.compile(r"\b(?:does|do|did|is|are|was)\s+(?:the\s+)?(?P<x>[\w.-]{3,})\s+(?:[^?]{0,80}?\s)?"
                                  r"(?:more\s+(?:closely|accurately|faithfully)|better|closer)\b[^?]{0,40}?\bthan\s+(?:the\s+)?"
                                  r"(?P<y>[\w.-]{3,})", re.I)


# the words of a direction question's side that name no thing: "the int8 model have" -> "int8"
SIDE_FILLER = re.compile(r"the|a|an|its|their|model|models|tagger|taggers|network|version|variant|one|have|has|had|give|gives|"
                         r"get|gets|reach|reaches|achieve|achieves|show|shows", re.I)


def _named_side(text: str, other: str) -> str | None:
    """The one word that names a side of a direction question ("the int8 model have" against "the fp32 model"): its
    words that are no filler and not the other side's; None unless exactly one."""
    theirs = {w.lower() for w in re.findall(r"[\w.-]+", other)}
    own = [w for w in re.findall(r"[\w.-]{3,}", text) if not SIDE_FILLER.fullmatch(w) and w.lower() not in theirs]
    return own[0] if len(own) == 1 else None


def _better_asked(question: str) -> tuple[str, str] | None:
    """(X, Y) of a question that asks whether X is the better of two: 'is X better than Y?', or 'does Y have a lower
    background rejection than X?' (lower of a quantity where higher is better: Y the worse, X the better)."""
    if q := BETTER_THAN_QUESTION.search(question):
        return q["x"], q["y"]
    if (d := DIRECTION_QUESTION.search(question)) is None or (named := QUANTITY_RE.search(d["what"])) is None:
        return None  # (the quantity the comparative is of stands right after it: "lower background rejection at 50% ...")
    hb = HIGHER_BETTER.get(named.lastgroup or "")
    more = d["rel"].lower() in ("more", "higher", "larger", "greater")
    y, x = _named_side(d["subj"], d["obj"]), _named_side(d["obj"], d["subj"])
    if hb is None or more == hb or x is None or y is None:
        return None  # (a question whether the subject is the better one is `_asked_direction`'s, by its own numbers)
    return x, y


def _reverse_of_a_contradicted_claim(question: str, ref: Referee) -> str | None:
    """Yes to a question whether X is better than Y (or Y worse than X) where the report says the reverse (Y better than
    X) and its own numbers contradict that: by them X is the better; None where the question or the report is of no such
    form."""
    asked = _better_asked(question)
    if asked is None:
        return None
    x, y = _row_name(asked[0]), _row_name(asked[1])
    lines = {f.line for f in ref.findings if f.rule == "comparison_direction"}
    hits = [c for c in ref.claims if c.line in lines and c.comparison is not None and not c.comparison.negated
            and c.comparison.relation == "better" and y in _row_name(c.comparison.subject) and x not in _row_name(c.comparison.subject)]
    if not hits or x == y:
        return None
    c = hits[0]
    return (f"Yes: the report says the reverse ('{c.comparison.word}', line {c.line}), but its own numbers there favour "
            f"{asked[0]} over {asked[1]}.")


ANSWER_STOP = {"the", "a", "an", "of", "its", "their", "our", "this", "that", "these", "those", "one", "ones", "with", "to"}


def _words(text: str) -> set[str]:
    """The words that name what is compared, cut to five letters ("generated" and "generation" alike)."""
    return {w[:5] for w in re.findall(r"[a-z][a-z0-9]*", text.lower().replace("-", "")) if w not in ANSWER_STOP}


def topics_of(question: str) -> set[str]:
    return {t for t, rx in TOPICS.items() if re.search(rx, question, re.I)}


# the places a scan looked in, corrected or accounted for: "correcting for the scanned windows", "the 28 windows are accounted for"
SCANNED_PLACES = r"(?:all\s+)?(?:the\s+)?(?:\d+\s+)?(?:(?:scanned|searched|tested|sliding|signal|mass)\s+){0,2}(?:windows|regions|bins|mass points|hypotheses)"
SCANNED_PLACES_CORRECTED = (rf"\b(?:correct\w*|account\w*|adjust\w*)\s+for\s+{SCANNED_PLACES}\b|"
                            rf"\b{SCANNED_PLACES}(?:\s+(?:scanned|searched|tested))?\s+(?:are|is|were|have been|has been|being)\s+"
                            # "once the 24 scanned windows are counted", "are taken into account"
                            r"(?:accounted\s+for|counted|taken\s+into\s+account|included)\b")
# a question about the significance that survives the scan: "after the look-elsewhere correction", "globally", "with the trials factor"
GLOBAL_SIGNIFICANCE_QUESTION = re.compile(r"\b(?:significan\w*|evidence|excess)\b[^?]{0,80}?\b(?:look[- ]elsewhere|glob(?:al|ally)?|"
                                          r"trials?(?: factor)?|LEE)\b|"
                                          # "after the look-elsewhere correction from the toys, does the bump ... keep a
                                          # significance of ...": the correction named first, the bump and its place between
                                          # ("the trials correction over the 20 windows, does any excess remain at the 3-sigma")
                                          r"\b(?:look[- ]elsewhere|global(?:ly)?|trials? (?:factor|correction))\b[^?]{0,120}?"
                                          r"(?:\bsignifican\w*|\b(?:excess|evidence)\b[^?]{0,40}?\d(?:\.\d)?[\s-]*(?:σ|sigma\b))|"
                                          # "after correcting for the scanned windows", "once the 28 windows searched are accounted for"
                                          rf"(?:{SCANNED_PLACES_CORRECTED})[^?]{{0,80}}?\b(?:significan\w*|sigma|σ)|"
                                          rf"\b(?:significan\w*|evidence|excess)\b[^?]{{0,80}}?(?:{SCANNED_PLACES_CORRECTED})", re.I)
# "about 2.1 sigma global", "1.8σ (global)": the word after the significance
# "shrinks to 1.8 sigma after the look-elsewhere correction": the correction named after it
GLOBAL_WORD_AFTER_NUMBER = re.compile(r"[\d.]+\s*(?:σ|sigma\b)\s*(?:\(?\s*global(?:ly)?\b(?!\s*(?:p\b|p-value))|"
                                      r"(?:after|once|with)\s+(?:the\s+)?(?:look[- ]elsewhere|trials[- ]factor|LEE)\b)", re.I)
# "shrinks to 1.8 sigma", "drops to 2.1σ": the number a change comes to, no bar
CHANGED_TO = re.compile(r"\b(?:shrink|drop|fall|fell|reduc|decreas|diminish|dwindl|go(?:es)? down|come(?:s)? down)\w*\s+to\s+$", re.I)
# "anywhere near 3σ global", "short of 3 sigma global": a bar the words before set, no significance found
BAR_WORD_BEFORE = re.compile(r"\b(?:near|reach\w*|above|below|under|over|than|exceed\w*|approach\w*|beyond|short of|to|"
                             r"need\w*|requir\w*)\s+(?:the\s+|a\s+)?$", re.I)
GLOBAL_WORD_BEFORE_NUMBER = re.compile(r"(?:\b|(?<=_))glob(?:al)?\b[^.;,()]{0,25}$|\bafter\s+(?:the\s+)?(?:look[- ]elsewhere|trials)[^.;]{0,40}$", re.I)


def _global_significance_below_evidence(question: str, ref: Referee) -> tuple[Claim, float] | None:
    """The report's own global significance (a 'global Z', or a global p-value turned into one-sided σ) when the question
    asks about the excess after the look-elsewhere correction and every global number it gives is below 3σ."""
    if not GLOBAL_SIGNIFICANCE_QUESTION.search(question):
        return None
    found = _global_significances(ref)
    if CORRECTED_ANALYSIS_ASKED.search(question):
        found = [(c, z) for c, z in found if not SUPERSEDED_CLAIM.search(c.text)]
    if not found or max(z for _, z in found) >= 3:
        return None
    return min(found, key=lambda cz: cz[0].line)


# "After the corrected analysis ..., does any excess remain?": the question asks of the redone analysis, and "The original
# article claimed ... a global significance of 4.0σ" (a retraction notice, an erratum) states the result it replaces, not
# the one asked of
CORRECTED_ANALYSIS_ASKED = re.compile(r"\b(?:after|with|in|once)\s+(?:the\s+)?(?:corrected|fixed|redone|revised|repaired)\b", re.I)
SUPERSEDED_CLAIM = re.compile(r"\b(?:original|earlier|previous|old|retracted|withdrawn)\s+(?:article|paper|version|analysis|result|note|"
                              r"publication)s?\b[^.;]{0,20}\b(?:claimed|reported|stated|quoted|gave)\b", re.I)


# "is the global significance below 2 sigma?", "does it exceed 3σ globally?": a bar the question names, and its side
ASKED_BAR = re.compile(r"\b(?:(?P<below>below|under|less than|lower than|smaller than)|(?P<above>above|over|exceeds?|"
                       r"more than|higher than|greater than|at least|reach(?:es)?|get to|attains?|"
                       # "significant at the 2-sigma level": significant means at or above that bar
                       r"significant(?:ly)?\s+at(?:\s+the|\s+a)?))\s+(?P<z>\d(?:\.\d)?)[\s-]*(?:σ|sigma|standard deviations?)",
                       re.I)

# "still at 2 sigma or more?", "3σ or above?": the bar first, its side after it
ASKED_BAR_THEN_SIDE = re.compile(r"\b(?P<z>\d(?:\.\d)?)[\s-]*(?:σ|sigma|standard deviations?)\s+or\s+(?:(?P<above>more|above|higher|"
                                 r"greater|larger)|(?P<below>less|below|lower|smaller))\b", re.I)


# "is the global p-value of the excess below 0.01?": a bar on the global p-value, asked in its own scale
ASKED_GLOBAL_P_BAR = re.compile(r"\b(?:global(?:ly)?\b[^?]{0,30}?\bp[- ]?values?|p[- ]?values?\b[^?]{0,30}?\bglobal(?:ly)?)\b[^?]{0,60}?"
                                r"\b(?:(?P<below>below|under|less than|lower than|smaller than)|(?P<above>above|over|exceeds?|"
                                r"more than|higher than|greater than|at least))\s+(?P<p>0?\.\d+)(?![\d.])", re.I)


def _global_significance_against_asked_bar(question: str, ref: Referee) -> str | None:
    """Yes / No to a question on the report's own global significance against a bar it names ("below 2 sigma?"), or on
    its global p-value against a p it names ("below 0.01?": the same bar as a one-sided significance)."""
    if (pbar := ASKED_GLOBAL_P_BAR.search(question)) and 0 < float(pbar["p"]) < 1 and (found := _global_significances(ref)):
        c, z = max(found, key=lambda cz: cz[1])
        p = float(st.norm.sf(z))
        below = p < float(pbar["p"])
        return (f"{'Yes' if below == bool(pbar['below']) else 'No'}: the report's own global significance is {z:.2g}σ "
                f"(line {c.line}), a global p-value of {p:.2g}, {'below' if below else 'not below'} the {pbar['p']} asked about.")
    bar = ASKED_BAR.search(question) or ASKED_BAR_THEN_SIDE.search(question)
    if not GLOBAL_SIGNIFICANCE_QUESTION.search(question) or bar is None or not (found := _global_significances(ref)):
        return None
    c, z = max(found, key=lambda cz: cz[1])
    below = z < float(bar["z"])
    return (f"{'Yes' if below == bool(bar['below']) else 'No'}: the report's own global significance is {z:.2g}σ "
            f"(line {c.line}), {'below' if below else 'not below'} the {bar['z']}σ asked about.")


def _global_significances(ref: Referee) -> list[tuple[Claim, float]]:
    """Each global significance the report gives (a 'global Z', or a global p-value as one-sided σ), with its claim."""
    found: list[tuple[Claim, float]] = []
    for c in ref.claims:
        for v in c.results("significance", "p_value"):
            if v.bound or v.start >= BORROWED or not (GLOBAL_WORD_BEFORE_NUMBER.search(c.text[max(0, v.start - 60):v.start])
                                                       or v.quantity == "significance" and GLOBAL_WORD_AFTER_NUMBER.match(c.text, v.start)
                                                       and (not BAR_WORD_BEFORE.search(c.text[max(0, v.start - 40):v.start])
                                                            or CHANGED_TO.search(c.text[max(0, v.start - 40):v.start]))
                                                       or c.kind == "row" and re.match(r"\s*global\b", v.label, re.I)):
                # ("| global p-value (2000 bkg-only toys) | 0.021 ± 0.003 → 2.0σ |": the row its first cell names global)
                continue
            z = v.value if v.quantity == "significance" else float(st.norm.isf(v.value)) if 0 < v.value < 1 else None
            if z is not None:
                found.append((c, z))
    return found


def answer(question: str, ref: Referee, text: str = "") -> str:
    """Yes / Partly / No from the findings of the rules on the question's topic, with the reasons."""
    topics = topics_of(question)
    rules = {r.name: r for r in RULES}
    single = topics_of(text) - {STATS} <= topics  # the report is about the question's topic only

    def relevant(f: Finding) -> bool:
        if not topics:
            return True
        if not rules[f.rule].topics & topics:
            return False
        where = " ".join(f"{c.text} {c.context}" for c in ref.claims if f.line == c.line or f.line in (ln for _, ln in c.breaks))
        # (the claims on its line, or wrapped onto it: a finding stands where its number does)
        return single or len(rules[f.rule].topics) == 1 or bool(topics_of(where) & topics) or \
            STATS in topics & rules[f.rule].topics  # a question on statistics is about every number

    lines = text.splitlines()
    asked_words = side_words(question)

    def echoed(f: Finding) -> bool:  # the question restates the line's words ("are the W1 values really within a factor
        # of 2 of the floor?" of "the W1 values are within a factor of 2 of the floor"): its finding answers it first
        return 0 < f.line <= len(lines) and len(asked_words & side_words(lines[f.line - 1])) >= 4
    rel = sorted((f for f in ref.findings if relevant(f)), key=lambda f: (not echoed(f), len(rules[f.rule].topics), -f.severity))
    if ERROR_VS_SIZE_QUESTION.search(question):  # "is the quoted error consistent with the size of the test set?": the
        # errors checked against what their sample sizes allow, whatever else the question's words ('signal') touch
        small = [f for f in ref.findings if f.rule == "uncertainty_vs_sample_size"]
        if small:
            return "No: " + _join(_clauses(small[:2])) + "."
        return "Yes: the quoted errors are no smaller than what the sample sizes the report states allow."
    if (ratio := _quoted_ratio_against_its_counts(question, text)) is not None:
        return ratio  # "does the quoted efficiency (0.31408) follow from the event count and the number passing?"
    if (near := _auc_against_half_at_asked_errors(question, ref, text)) is not None:
        return near  # "is the s/b = 0 AUC within two of its quoted spreads of 0.5?": its own number and error, at that bar
    if (near := _value_against_asked_reference(question, ref)) is not None:
        return near  # "is the JMR compatible with 1 within two of its standard deviations?": its own number and error
    if (gain := _auc_gain_against_asked_multiple(question, ref, text)) is not None:
        return gain  # "on its 1000 + 1000 test jets, does the +0.004 AUC gain exceed twice its statistical uncertainty?"
    if (gain := _stated_gain_against_asked_multiple(question, ref)) is not None:
        return gain  # "is the fine-tuning gain at 1000 labels larger than twice its uncertainty?": its differences as stated
    if DISTINGUISH_QUESTION.search(question) and (tests := [(v, given, c.line) for c in ref.claims for v in c.results("auc", "classifier_auc")
                                                           if v.role == "classifier_test" and (given := (v.uncertainty, c.line)
                                                           if v.uncertainty else _error_given_elsewhere(ref, c, v))]):
        asked = [t for t in tests if _names_a_test_of(question, text, t[2])]
        v, (err, line), _ = (asked or tests)[0]  # the question asks the opposite of "indistinguishable?": yes when the test
        # tells them apart (the test of the model the question names, where it names one: "tell epic-fm's jets apart")
        pull = abs(v.value - 0.5) / err  # (its error where the same number is given with one: "AUC = 0.61 +/- 0.004" above
        # a verdict quoting "an AUC of only 0.61"; cited there)
        if pull < 3:
            return (f"No: the report's own classifier test does not tell them apart at its test size (AUC {v.shown} ± "
                    f"{err:g}, {pull:.1f}σ from 0.5, line {line}).")
        return f"Yes: the report's own classifier test tells them apart (AUC {v.shown} ± {err:g}, {pull:.0f}σ from 0.5, line {line})."
    if DISTINGUISH_QUESTION.search(question) and (apart := [f for f in ref.findings if f.rule == "classifier_test_vs_null"]):
        # its test with no error of its own, far from 0.5 for the jets it was tested on ("AUC 0.61 on 6000 + 6000 held-out
        # jets ... indistinguishable"): the rule found that the test tells them apart, which is the question's yes
        return "Yes: " + _clause(apart[0]) + "."
    if (held := NULL_HELD_QUESTION.search(question)) and re.search(rf"\bcontrol\b|\bnull\b|{_NO_SIGNAL}", question, re.I) and (
            nulls := [(c, v) for c in ref.claims for v in c.results("auc") if v.role == "control" and v.uncertainty]):
        # "does the s/b = 0 run pass its null check, i.e. is its AUC within 2 sigma of 0.5?": the control as measured,
        # with its error, against the bar asked (2σ where none is named); yes only where it holds
        c, v = nulls[0]
        said = (held["k"] or "two").lower()
        return _pull_from_half("the control gives AUC", c, v, _MULTIPLE.get(said) or float(said))
    if SPURIOUS_QUESTION.search(question) and (nulls := [(c, v) for c in ref.claims for v in c.results("auc")
                                                          if v.role == "control"]):
        far = [f for f in ref.findings if f.rule == "control_vs_null"]
        if far:
            return "Yes: " + _join(_clauses(far[:2])) + "."
        off = [(c, v) for c, v in nulls if abs(v.value - 0.5) > max(3 * (v.uncertainty or 0), 0.02)]
        if off:  # far from 0.5 by its own error, whatever the report calls it
            c, v = off[0]
            return f"Yes: the control gives AUC {v.shown} (line {c.line}), away from the 0.5 of a classifier that finds nothing."
        c, v = min(nulls, key=lambda cv: cv[1].uncertainty is None)  # the control as measured, with its error (not
        # the 0.5 a printout of it is set against: 'print("control: AUC = %.4f, %.1f sigma from 0.5" % ...)')
        err = f" ± {v.uncertainty:g}" if v.uncertainty else ""
        return (f"No: the control gives AUC {v.shown}{err} (line {c.line}), consistent with the 0.5 of a classifier that "
                "finds nothing.")
    literal = not HOLDS_QUESTION.search(question)  # "is there evidence?", not "does the no-evidence claim hold up?"
    below = [(c, v) for c in ref.claims for v in c.results("auc") if v.role == "result" and 0 <= v.value < 0.5]
    inverted = [c for c in ref.claims if "inverted" in c.qualifiers and "not_inverted" not in c.qualifiers]
    if literal and BETTER_THAN_RANDOM_QUESTION.search(question) and (low := _asked_auc_below_half(question, below)):
        c, v = low
        if FLIPPED_QUESTION.search(question):  # "once its score is inverted, does it beat random?": of 1 - AUC
            why = f" (the report traces the inversion to its labels, line {inverted[0].line})" if inverted else ""
            return (f"Yes: flipped, the score's AUC is 1 - {v.shown} = {1 - v.value:.4g} (line {c.line}), above the 0.5 of "
                    f"random guessing{why}.")
        # "does the raw AUC of 0.312 mean a better-than-random detector?": below 0.5 it ranks the classes the
        # wrong way round as it stands, whatever the flipped score would give (asked before any comparison of the report,
        # whose own 'worse than guessing' is no 'yes' to a question of better)
        why = f"; the report traces it to inverted labels (line {inverted[0].line})" if inverted else ""
        return (f"No: an AUC of {v.shown} (line {c.line}) is below the 0.5 of random guessing, so as it stands the score "
                f"ranks background above signal; only flipped (1 - AUC = {1 - v.value:.4g}) does it separate them{why}.")
    if literal and SEPARATES_BETTER_QUESTION.search(question) and not FLIPPED_QUESTION.search(question) and re.search(
            r"(?<![\w.])0?\.\d{2,5}(?!\d|\.\d)", question) and (low := _asked_auc_below_half(question, below)):
        c, v = low  # "is the AUC of 0.17 a sign that it separates better on sample B?": below 0.5 the score ranks the classes
        # the wrong way round; its separation is 1 - AUC, no better than the report's best AUC above 0.5 (else left below)
        best = max((w.value for d in ref.claims for w in d.results("auc") if w.role == "result" and 0.5 <= w.value < 1), default=None)
        if best is None or 1 - v.value <= best:
            than = f", no higher than the {best:g} it gives elsewhere" if best is not None else ""
            why = f" (the report traces it to an inverted score, line {inverted[0].line})" if inverted else ""
            return (f"No: an AUC of {v.shown} (line {c.line}) is below 0.5, the classes ranked the wrong way round; the "
                    f"separation it stands for is 1 - AUC = {1 - v.value:.4g}{than}{why}.")
    if literal and SIGNIFICANCE_QUESTION.search(question) and (held := _difference_at_test_set_errors(question, ref, text)):
        return held  # "is the gain significant?" of two numbers whose quoted errors are below what their test set allows
    if literal and (rows := _asked_rows_compared(question, ref.claims)) is not None:
        return rows  # "does model_b have a lower mistag rate than model_a?": the two rows the question names, as printed
    asked = _asked_comparison(question, ref.claims)
    if asked and SIGNIFICANCE_QUESTION.search(question) and "significant" not in asked[0].qualifiers:
        asked = None  # "is A significantly better?" of a comparison that does not say so: the report's own verdict, below
    if asked:  # the findings on that comparison and its sides' numbers
        c, lines = asked
        here = [f for f in rel if f.line in lines]
        others = [f for f in ref.findings if f.line not in lines][:1]
        elsewhere = f" (elsewhere: {_clause(others[0])})" if others else ""
        if any(f.severity >= SEVERE for f in here) or len([f for f in here if f.severity >= MAJOR]) >= 2:
            return f"No: the comparison of line {c.line} fails: " + _join(_clauses(here[:3])) + f"{elsewhere}."
        if here:
            return (f"Partly: the comparison of line {c.line} goes the way its numbers do, but "
                    + _join(_clauses(here[:3])) + f"{elsewhere}.")
        return f"Yes: the comparison of line {c.line} agrees with its own numbers and errors{elsewhere}."
    if not asked and not SIGNIFICANCE_QUESTION.search(question) and (direct := _asked_direction(question, ref.claims, text)):
        return direct  # "does A keep fewer background jets than B?": what its own two numbers say, whatever it claims
    if literal and (rev := _reverse_of_a_contradicted_claim(question, ref)) is not None:
        return rev  # "does B reproduce the mass more closely than A?" of "A reproduces it more closely", its numbers against it
    if (own := _own_verdict(question, ref)) is not None:  # its own verdict on exactly what is asked, not contradicted
        c, said = own
        return f"{'No' if c.comparison is not None and c.comparison.negated else 'Yes'}: {said}."
    about = [c for c in ref.claims if not topics or any(re.search(TOPICS[t], f"{c.text} {c.context}".replace("_", " "), re.I)
                                                         for t in topics)]
    unsupported = [f for f in rel if f.rule == "significance_unsupported"]
    quoted = bool(re.search(r"[\"“'‘]significant(?:ly)?[\"”'’]", question))  # "does its \"significant\" gain hold up?": the
    # report's own word asked after, the same as asking whether the gain is significant
    if (literal or quoted) and SIGNIFICANCE_QUESTION.search(question) and unsupported and not any(
            "significant" in c.qualifiers and c.line not in {f.line for f in unsupported} for c in ref.claims):
        # "is the gain significant?" of a report whose every 'significant' its own numbers do not bear out: the answer
        # to the question as asked is no, not a 'partly' on the report as a whole
        return "No: " + _join(_clauses(unsupported[:2])) + "."
    worst = [f for f in rel if f.severity >= SEVERE]
    if worst or len([f for f in rel if f.severity >= MAJOR]) >= 2:
        shown = (worst + [f for f in rel if f not in worst])[:3]
        return "No: " + _join(_clauses(shown)) + "."
    if rel:
        return "Partly: its main statements stand, but " + _join(_clauses(rel[:3])) + "."
    if LOSSLESS_QUESTION.search(question) and not any({"lossless", "perfect"} & set(c.qualifiers) for c in ref.claims):
        lost = [(c, v) for c in ref.claims for v in c.results("resolution", "bias", "wasserstein") if v.value]
        if lost:  # "is the tokenizer lossless?" of a report that never says so: its own widths answer
            c, v = lost[0]
            return f"No: the report itself gives a {v.quantity} of {v.shown} (line {c.line}): information is lost."
    if LOSSLESS_QUESTION.search(question) and (denied := [c for c in ref.claims if "not_lossless" in c.qualifiers]) and not any(
            "lossless" in c.qualifiers for c in ref.claims):  # "the FP16 engine is not lossless: only 12.9% of the scores are
        # bit-identical", no width given: the report's own denial, its numbers (no finding against it) bearing it out
        return f"No: the report itself finds it not lossless (line {denied[0].line})."
    if REALISTIC_QUESTION.search(question):  # "are the generated jets realistic?": the report's own classifier test
        tests = [(c, v) for c in ref.claims for v in c.results("auc", "classifier_auc") if v.role == "classifier_test"]
        far = [(c, v) for c, v in tests if abs(v.value - 0.5) > (max(5 * v.uncertainty, 0.03) if v.uncertainty else 0.05)]
        # with an error bar, a clear distance: 0.541 ± 0.0026 (16σ) tells them apart, 0.53 ± 0.01 (3σ) is left to the rule
        if far:
            c, v = far[0]
            return f"No: the report's own classifier test tells generated from real jets (AUC {v.shown}, line {c.line})."
    if literal and DISCOVERY_QUESTION.search(question):  # "is this a discovery?": only what the report itself claims can be
        claimed = [c for c in ref.claims if "discovery" in c.qualifiers]
        z = max((v.value for c in ref.claims for v in c.results("significance") if v.bound != "<"), default=None)
        at = f" (its largest significance is {z:g}σ)" if z is not None else ""
        if not claimed:
            return f"No: the report does not claim evidence or a discovery{at}."
    if literal and (asked := _global_significance_against_asked_bar(question, ref)) is not None:
        return asked
    if literal and (glob := _global_significance_below_evidence(question, ref)) is not None:
        c, z = glob  # "is the excess significant after the look-elsewhere correction?": the report's own global number
        return (f"No: after the look-elsewhere correction the report's own global significance is {z:.2g}σ (line {c.line}), "
                "below the 3σ of evidence.")
    if literal and SIGNIFICANCE_QUESTION.search(question) and (tested := _asked_test_p_values(question, ref, text)):
        ps, alpha = tested  # "significant at the 5% level?": the p-values of the test the question names, against that level
        said = ", ".join(f"p = {v.shown} (line {c.line})" for c, v in ps)
        if all(v.value < alpha for _, v in ps):
            return f"Yes: the report's own test gives {said}, below {alpha:g}."
        if all(v.value >= alpha for _, v in ps):
            return f"No: the report's own test gives {said}, not below {alpha:g}."
    if literal and SIGNIFICANCE_QUESTION.search(question):  # the report's own verdict, when it finds no significant difference
        said = [c for c in ref.claims if "not_significant" in c.qualifiers or DIFFERENCE_WITHIN_ITS_ERROR.search(c.text)] or [
            c for c in ref.claims if INTERVAL_HOLDS_ZERO.search(c.text)]  # (its interval said to hold zero, where it says no more)
        if said and not any("significant" in c.qualifiers and _significance_verdict_may_be_the_asked_one(question, said[0].text, c.text)
                            for c in ref.claims):
            return f"No: the report itself finds the difference not significant (line {said[0].line}), and its numbers agree."
    if literal and WORSE_QUESTION.search(question) and below and inverted and not any(
            f.rule == "auc_below_half" for f in ref.findings):  # "is the run at AUC 0.16 a worse tagger?": the report
        c, v = below[0]  # explains the AUC below 0.5 as an inverted score, the same separation ranked the other way
        return (f"No: the AUC {v.shown} (line {c.line}) is below 0.5 because the score is inverted, as the report says "
                f"(line {inverted[0].line}): 1 - AUC = {1 - v.value:.4g} is the separation it has.")
    if literal and RANDOM_QUESTION.search(question):  # "is the tagger worse than random guessing?"
        said = [c for c in ref.claims if "not_inverted" in c.qualifiers]
        aucs = [v for c in ref.claims for v in c.results("auc") if v.role == "result"]
        if said:
            return (f"No: the report itself finds it not worse than random (line {said[0].line}): an AUC below 0.5 is the "
                    "same separation with the classes ranked the other way round.")
        if aucs and all(v.value >= 0.5 for v in aucs):
            return f"No: every AUC the report gives is at or above 0.5 (the lowest is {min(aucs, key=lambda v: v.value).shown})."
    if literal and (denied := _property_the_report_denies(question, text)) is not None:
        line, said = denied  # "is the v7 checkpoint a usable tagger?" of a report that says "it is NOT a usable tagger"
        return f"No: the report itself says it is {said} (line {line})."
    if not about:
        return f"Cannot tell: the report states no result about {' or '.join(sorted(topics)) or 'it'}."
    if ANOMALY in topics and not any(v.role == "control" for c in ref.claims for v in c.values) \
            and not BACKGROUND.search(text):  # a fitted background is the control of a bump hunt
        return "Not established: the report gives no no-signal control, so its signal result cannot be told from " \
               "a background fluctuation."
    others = f" (elsewhere: {ref.findings[0].short or ref.findings[0].message}, line {ref.findings[0].line})" \
        if ref.findings else ""
    hedge = "" if HOLDS_QUESTION.search(question) else ", as far as its own numbers go"
    return f"Yes{hedge}: its {len(about)} statement(s) on this agree with its own numbers and with physics{others}."


_K = r"(?:once|twice|thrice|one|two|three|four|five|\d(?:\.\d+)?)"
_ERROR_WORD = (r"(?:(?:quoted|stated|own|statistical|combined|reported|fold[- ]to[- ]fold|seed[- ]to[- ]seed|(?:fold|seed|run)s?|standard|"
               r"one[- ]sigma|1[- ]?σ)\s+){0,3}(?:errors?|uncertaint(?:y|ies)|spreads?|std|standard (?:errors?|deviations?)|"
               r"error bars?|sigmas?|σ)")
# "is its AUC within two of its quoted spreads of 0.5?", "within 2 quoted errors of 0.5", "consistent with 0.5 within its
# quoted error?": a bar set in the report's own error on that AUC (once where the question names no multiple)
AUC_NEAR_HALF_QUESTION = re.compile(
    rf"\bwithin\s+(?:(?P<k>{_K})\s+(?:times\s+)?(?:of\s+)?)?(?:its|the|their)\s+{_ERROR_WORD}\s+of\s+(?:an?\s+AUC\s+of\s+)?0?\.50?\b|"
    rf"\bwithin\s+(?P<k2>{_K})\s+{_ERROR_WORD}\s+of\s+0?\.50?\b|"
    rf"\b(?:consistent|compatible)\s+with\s+(?:an?\s+AUC\s+of\s+)?0?\.50?\b[^?]{{0,20}}?\bwithin\s+(?:(?P<k3>{_K})\s+(?:times\s+)?(?:of\s+)?)?"
    rf"(?:its|the|their)\s+{_ERROR_WORD}", re.I)
INJECTED_ON_ITS_LINE = re.compile(r"\binject(?:ed|ion)\b|\bs\s*/\s*b\s*=\s*0*(?:[1-9]|\.\d*[1-9])", re.I)
_REAL_VS_GENERATED = r"real[- ](?:vs\.?|versus)[- ]generated|generated[- ](?:vs\.?|versus)[- ]real|two[- ]sample|classifier test"


def _auc_against_half_at_asked_errors(question: str, ref: Referee, text: str) -> str | None:
    """Yes / No to whether an AUC lies within a multiple of its own quoted error of 0.5, the question naming that multiple
    in the report's errors ("within two of its quoted fold-to-fold spreads of 0.5?"): the AUC the question names by its
    value, or by its run (no signal injected: the control; real vs generated: the classifier test), or the report's only
    AUC with an error; None where it is not clear which AUC is asked about."""
    m = AUC_NEAR_HALF_QUESTION.search(question)
    if m is None or not re.search(r"\bAUC\b|\bclassifier\b|\bROC[- ]area\b|\barea under\b", question, re.I):
        return None  # ("the ROC area": SPSS's and PSPP's name of the AUC)
    said = (m["k"] or m["k2"] or m["k3"] or "one").lower()
    k = _MULTIPLE.get(said) or float(said)
    lines = text.splitlines()

    def about_auc(c: Claim, v: Value) -> bool:  # an AUC by its quantity, or a bare number under a line that names the AUC
        return v.quantity in ("auc", "classifier_auc") or not v.quantity and v.role in ("result", "control", "classifier_test") \
            and any(re.search(r"\bAUC\b", lines[n][:2000], re.I) for n in range(max(0, c.line - 2), min(len(lines), c.line)))
    found = [(c, v) for c in ref.claims for v in c.values if v.uncertainty and 0 < v.value < 1 and v.start < BORROWED
             and about_auc(c, v)]
    named = [float(x) for x in re.findall(r"(?<![\w.])0?\.\d{2,5}(?!\d|\.\d)", question) if abs(float(x) - 0.5) > 1e-9]
    asked: list[tuple[Claim, Value]] = []
    if named:
        asked = [(c, v) for c, v in found if any(abs(v.value - x) < 5e-6 for x in named)]
    elif re.search(_NO_SIGNAL + r"|\bcontrol\b|\bnull\b", question, re.I):
        asked = [(c, v) for c, v in found if (v.role == "control" or re.search(  # (the run named on its line or the two above,
            _NO_SIGNAL, " ".join(line[:2000] for line in lines[max(0, c.line - 3):c.line]), re.I)) and not (
            0 < c.line <= len(lines) and INJECTED_ON_ITS_LINE.search(lines[c.line - 1][:2000])  # not a line that injects
            and not re.search(_NO_SIGNAL, lines[c.line - 1][:2000], re.I))]  # some: "Injected run (s/b = 1%): AUC 0.65")
        if not asked and re.search(r"\bcontrol\b", question, re.I):
            asked = [(c, v) for c, v in found if c.kind == "row" and CONTROL.search(_line_under_its_table(lines, c.line))]
    elif re.search(_REAL_VS_GENERATED, question, re.I):
        asked = [(c, v) for c, v in found if v.role == "classifier_test"]
    else:
        asked = found
    if len({(v.value, v.uncertainty) for _, v in asked}) > 1:  # several: the one whose line shares the most words with
        words = _words(question)  # the question ("the real-vs-generated classifier" of two classifier tests), if one does
        shared = [len(words & _words(lines[c.line - 1][:2000])) if 0 < c.line <= len(lines) else 0 for c, _ in asked]
        asked = [cv for cv, n in zip(asked, shared, strict=True) if n == max(shared)]
    if len({(v.value, v.uncertainty) for _, v in asked}) != 1:
        return None
    c, v = asked[0]
    return _pull_from_half("the AUC is", c, v, k)


# "is the JMR compatible with 1 within two of its standard deviations?", "consistent with unity within 2 sigma?": a named
# result against a reference number the question sets, at a multiple of the result's own error
VALUE_NEAR_REFERENCE_QUESTION = re.compile(
    rf"\b(?:compatible|consistent)\s+with\s+(?P<ref>[-+]?\d*\.?\d+|unity|one|zero)\s+within\s+(?:(?P<k>{_K})\s+(?:times\s+)?"
    rf"(?:of\s+)?)?(?:(?:its|the|their)\s+)?{_ERROR_WORD}", re.I)


def _value_against_asked_reference(question: str, ref: Referee) -> str | None:
    """Yes / No to whether a result the question names ("the jet-mass resolution ratio (JMR)") lies within a multiple of
    its own quoted error of the number the question sets ("compatible with 1 within two of its standard deviations?"):
    the results with an error whose name the question says, when all of them give the same verdict; None otherwise."""
    m = VALUE_NEAR_REFERENCE_QUESTION.search(question)
    if m is None or re.search(r"\bAUC\b|\bclassifier\b|\bROC\b", question, re.I):
        return None  # an AUC against 0.5: which run is asked is read by _auc_against_half_at_asked_errors
    target = {"unity": 1.0, "one": 1.0, "zero": 0.0}.get(m["ref"].lower())
    target = float(m["ref"]) if target is None else target
    said = (m["k"] or "one").lower()
    k = _MULTIPLE.get(said) or float(said)
    asked = {w.lower() for w in re.findall(r"[A-Za-z][\w-]+", question[:m.start()])} - ANSWER_STOP
    found = [(c, v) for c in ref.claims for v in c.results() if v.uncertainty and v.start < BORROWED and v.label
             and (names := set(re.findall(r"[a-z][\w-]+", v.label.lower()))) and names <= asked]
    verdicts = {abs(v.value - target) / (v.uncertainty or 1) <= k for _, v in found}
    if len(verdicts) != 1:
        return None
    c, v = found[0]
    pull = abs(v.value - target) / (v.uncertainty or 1)
    return (f"{'Yes' if pull <= k else 'No'}: {v.label} = {v.shown} ± {v.uncertainty:g} (line {c.line}) is {pull:.1f} of its "
            f"errors from {target:g}, {'within' if pull <= k else 'beyond'} the {k:g} asked about.")


def _line_under_its_table(lines: list[str], line: int) -> str:
    """The first line of text under the table that holds `line` (past its borders and a blank line, within four lines):
    its caption, where a tool's output says what the table was ("control: trained on shuffled labels ...")."""
    for k in range(line, min(len(lines), line + 4)):
        s = lines[k].strip()
        if s and not (s[:1] in "|+" or re.fullmatch(r"[-=+|:\s]+", s)):
            return s[:2000]
    return ""


def _pull_from_half(what: str, c: Claim, v: Value, k: float) -> str:
    """Yes / No to whether the AUC `v` lies within `k` of its own errors of 0.5, the 0.5 of a classifier that finds
    nothing ("the control gives AUC 0.541 ± 0.004 (line 31), 10.3 of its errors from ...")."""
    pull = abs(v.value - 0.5) / (v.uncertainty or 1)
    return (f"{'Yes' if pull <= k else 'No'}: {what} {v.shown} ± {v.uncertainty:g} (line {c.line}), {pull:.1f} of its "
            f"errors from the 0.5 of a classifier that finds nothing, {'within' if pull <= k else 'beyond'} the {k:g} asked about.")


# "does the +0.0051 AUC gain exceed twice its statistical uncertainty?", "is the gain larger than 2x its error?"
GAIN_MULTIPLE_QUESTION = re.compile(rf"\b(?:exceeds?|larger than|greater than|bigger than|more than|above)\s+(?P<k>twice|thrice|"
                                    rf"(?:two|three|four|five|\d(?:\.\d+)?)\s*(?:times|x|×)?)\s+(?:(?:its|the|their)\s+)?{_ERROR_WORD}", re.I)
# ("larger than two combined errors": the multiple with no 'times', of the errors the report itself combines)
# "is the gain significant at the 2-sigma level?", "significant at 3σ?": the multiple of its error the question sets
# ("is A's AUC significantly higher than B's at the 2-sigma level?": the comparison asked, then the bar)
SIGNIFICANT_AT_LEVEL_QUESTION = re.compile(r"\bsignificant(?:ly)?\s+(?:(?:higher|larger|greater|better|above)\s+(?:than\s+)?[^?]{0,60}?\s+)?"
                                           r"at\s+(?:the\s+)?(?P<k>\d(?:\.\d+)?|two|three|four|five)\s*[- ]?\s*"
                                           r"(?:σ|sigma|standard[- ]deviations?|s\.d\.)(?:\s+level)?\b", re.I)
# the two sides of a question on an AUC gain: "A's AUC ... than B's", "A's ... AUC gain over B" (each a name of a few words)
ASKED_GAIN_SIDES = re.compile(r"(?P<a>(?:[\w.+-]+\s+)?[\w.+-]+)['’]s\s+(?:[\w%.-]+\s+){0,3}?AUC\b[^?]*?\b(?:than|over|against|"
                              r"compared\s+(?:to|with))\s+(?:the\s+)?(?P<b>[\w.+-]+(?:\s+(?!at\b|on\b|in\b)[\w.+-]+){0,2})", re.I)
_SIDE_GENERIC = {"is", "are", "was", "were", "does", "do", "did", "has", "the", "a", "an", "model", "models", "tagger", "network", "training", "trained", "from", "one", "auc", "s"}
# "2000 top + 2000 QCD", "1,500 + 1,500", "10k signal and 10k background": the two classes of a test set a question names
ASKED_CLASSES = re.compile(r"(?P<a>\d[\d,]*)\s*(?P<ka>k)?\s+(?:[A-Za-z][\w-]{0,15}\s+)?(?:\+|and)\s+(?P<b>\d[\d,]*)\s*(?P<kb>k)?\b", re.I)


def _auc_gain_against_asked_multiple(question: str, ref: Referee, text: str) -> str | None:
    """Yes / No to whether an AUC gain exceeds a multiple of its statistical uncertainty: the two AUCs (named in the
    question, or the pair in the report whose difference is the gain it names), each with the error its test set allows
    (Hanley-McNeil for the classes the question or the report names) or its quoted one where that is larger, the gain
    against the multiple of their combined error. None where the AUCs or the test set are not found."""
    m = GAIN_MULTIPLE_QUESTION.search(question) or SIGNIFICANT_AT_LEVEL_QUESTION.search(question)
    if m is None or not re.search(r"\bAUC\b", question, re.I):
        return None
    said = re.match(r"\d(?:\.\d+)?|[a-z]+", m["k"].lower())[0]  # "twice", "three times", "2x"
    k = _MULTIPLE.get(said) or float(said)
    named = [x for x in re.findall(r"(?<![\w.])[+]?0?\.\d{2,6}(?!\d|\.\d)", question)]
    aucs = [float(x) for x in named if not x.startswith("+") and 0.5 < float(x) < 1]
    gains = [float(x) for x in named if x.startswith("+") or float(x) < 0.2]
    pair: tuple[float, float] | None = None
    if len(aucs) == 2:
        pair = (aucs[0], aucs[1])
    elif len(gains) == 1 and not aucs:
        g = gains[0]
        step = 10.0 ** -len(next(x for x in named if float(x) == g).split(".")[1])
        numbers = [(n, float(x)) for n, line in enumerate(text.splitlines()[:5000])
                   for x in re.findall(r"(?<![\w.])0?\.\d{2,6}(?!\d|\.\d|%)", line[:2000]) if 0.5 < float(x) < 1]
        close = sorted((abs(na - nb), (a, b)) for na, a in numbers for nb, b in numbers
                       if abs(abs(a - b) - g) <= step / 2 + 1e-9 and a != b and abs(na - nb) <= 10)
        if close and len({frozenset(ab) for d, ab in close if d == close[0][0]}) == 1:
            pair = close[0][1]
    if pair is None and not named:  # "is the 1%-label AUC gain significant?": the one table row at the percentage asked
        asked = set(re.findall(r"(?<![\w.])(\d+(?:\.\d+)?)\s*%", question))
        rows = [res for c in ref.claims if c.kind == "row" and any(
            v.role == "setting" and v.shown.endswith("%") and v.shown.rstrip("% ") in asked for v in c.values)
            and len(res := [v for v in c.results("auc") if v.role == "result" and v.start < BORROWED]) == 2]
        rows = rows or [res for c in ref.claims if _led_by_asked_percentage(c, asked) and len(
            res := [v for v in c.values if v.uncertainty and 0.5 < v.value < 1 and v.start < BORROWED]) == 2]
        if len(rows) == 1:
            pair = (rows[0][0].value, rows[0][1].value)
    signed = False
    if pair is None and (sides := _asked_gain_sides(question, ref)) is not None:
        pair, signed = sides, True  # "is A's AUC significantly higher than B's": B's, then A's, the gain A over B
    if pair is None:
        return None
    quoted = {v.value: v.uncertainty for c in ref.claims for v in c.results("auc") if v.uncertainty}
    if (cl := ASKED_CLASSES.search(question)) is not None:
        pos, neg = (int(cl[x].replace(",", "")) * (1000 if cl["k" + x] else 1) for x in ("a", "b"))
    else:
        n = Report(text, ref.claims).test_size()
        if not n and (named_set := _asked_test_set(question, ref)) is not None:
            n = named_set.sample_size
        given = {v.value: v.uncertainty for c in ref.claims for v in c.results("auc", "") if v.uncertainty}  # (of no
        # named quantity too: the two numbers of the row read as the AUCs asked about)
        if not n and all(given.get(a) for a in pair):
            return _gain_at_quoted_errors(pair, [given[a] or 0.0 for a in pair], signed, k)
        if not n:
            return None
        pos, neg = n // 2, n - n // 2
    if pos < 10 or neg < 10:
        return None
    errors = [max(auc_stderr(a, pos, neg), quoted.get(a) or 0.0) for a in pair]
    err = (errors[0] ** 2 + errors[1] ** 2) ** 0.5
    gain = pair[1] - pair[0] if signed else abs(pair[0] - pair[1])
    if gain <= 0:
        return (f"No: the AUC asked to be higher, {pair[1]:g}, is not above the other's {pair[0]:g}; on {pos} + {neg} test jets "
                f"their difference has an error of about {err:.2g} (Hanley-McNeil).")
    return (f"{'Yes' if gain > k * err else 'No'}: the gain {min(pair):g} -> {max(pair):g} is {gain:.2g}; on {pos} + {neg} "
            f"test jets each AUC has an error of about {max(errors):.2g} (Hanley-McNeil), {err:.2g} on the difference, so the "
            f"gain is {gain / err:.1f} times its uncertainty, {'above' if gain > k * err else 'not above'} the {k:g} asked about.")


# "does the quoted efficiency (0.31408) follow from the event count and the number of events passing?": a number asked to
# be the ratio of counts
FOLLOWS_FROM_COUNTS_QUESTION = re.compile(r"\b(?:follow|come|derive[sd]?|result)s?\s+from\b[^?]{0,120}?\b(?:counts?|numbers?\s+of|"
                                          r"events|jets|entries|passing|passed|selected)\b", re.I)
# "1 950 000", "612,457", "2106483": a count as printed, thousands set apart by a space or a comma, or none
COUNT_PRINTED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ ,\u202f]\d{3})+(?![\d.])|(?<![\d.,])\d{2,}(?![\d.,])")


def _quoted_ratio_against_its_counts(question: str, text: str) -> str | None:
    """Yes / No to whether a quoted fraction the question names follows from counts: the line that prints it with two
    counts (the total and the number passing, "| Z' | 1 950 000 | 612 457 | 0.31408 +- 0.00033 |") and their ratio at
    the printed precision. None where the question names no such number or no line gives it with two counts."""
    if not FOLLOWS_FROM_COUNTS_QUESTION.search(question):
        return None
    named = re.findall(r"(?<![\w.])0?\.\d{2,8}(?![\d.])", question)
    if len(named) != 1:
        return None
    shown = named[0]
    x, half = float(shown), last_digit(shown) / 2
    for n, line in enumerate(text.splitlines()[:5000], 1):
        if not re.search(rf"(?<![\d.])0?{re.escape(shown.lstrip('0'))}(?!\d)", line[:2000]):
            continue
        counts = [int(re.sub(r"\D", "", m.group(0))) for m in COUNT_PRINTED.finditer(line[:2000])]
        pairs = [(k, tot) for tot in counts for k in counts if 0 < k < tot]
        if not pairs:
            continue
        k, tot = min(pairs, key=lambda p: abs(p[0] / p[1] - x))
        if abs(k / tot - x) <= half + 1e-12:
            return f"Yes: {k} / {tot} = {k / tot:.{len(shown.split('.')[1])}f}, the quoted {shown} (line {n})."
        if len(pairs) == 1:
            return (f"No: the counts on line {n} give {k} / {tot} = {k / tot:.{len(shown.split('.')[1]) + 1}f}, "
                    f"not the quoted {shown}.")
    return None


def _led_by_asked_percentage(c: Claim, asked: set[str]) -> bool:
    """'1%     | 0.9602 +- 0.0021 | 0.9631 +- 0.0019 | +0.0029' under a header that names no quantity (read as a line of
    prose): a line whose first number, at its very start, is the percentage the question asks about is that setting's row."""
    first = next((v for v in c.values), None)
    return first is not None and first.start == 0 and first.shown.endswith("%") and first.shown.rstrip("% ") in asked


def _gain_at_quoted_errors(pair: tuple[float, float], errors: list[float], signed: bool, k: float) -> str:
    """The answer for an AUC gain whose two ends the report gives with their errors (over seeds, say) and no test-set size:
    the gain against the multiple asked of those errors added in quadrature."""
    err = (errors[0] ** 2 + errors[1] ** 2) ** 0.5
    gain = pair[1] - pair[0] if signed else abs(pair[0] - pair[1])
    if gain <= 0:
        return f"No: the AUC asked to be higher, {pair[1]:g}, is not above the other's {pair[0]:g}."
    above = gain > k * err
    return (f"{'Yes' if above else 'No'}: the gain {min(pair):g} -> {max(pair):g} is {gain:.2g}; with the errors the report "
            f"quotes ({errors[0]:g} and {errors[1]:g}) it has an error of {err:.2g}, so it is {gain / err:.1f} times its "
            f"uncertainty, {'above' if above else 'not above'} the {k:g} asked about.")


# "On the quick-eval test set used, is ...": the test set the question names by its own name
ASKED_TEST_SET = re.compile(r"\b(?:on|in|for|with)\s+the\s+(?P<name>[\w-]{3,30}(?:\s+[\w-]{3,30})?)\s+(?:test(?:[- ]set)?|split|"
                            r"evaluation(?:[- ]set)?|sample)\b", re.I)


def _asked_test_set(question: str, ref: Referee) -> Claim | None:
    """The one claim that states a test-set size beside the name the question gives the test set ("On the quick-eval
    test set used" over "Evaluation on the quick-eval split: 1,000 top + 1,000 QCD jets"), where the report states
    other sizes too (the 12k jets it fine-tuned on): the errors asked about are the ones of that set."""
    if (m := ASKED_TEST_SET.search(question)) is None:
        return None
    name = m["name"].lower()
    if name in ("same", "full", "whole", "test", "held-out", "this", "that", "given"):
        return None
    found = [c for c in ref.claims if c.sample_size and name in c.text.lower()]
    return found[0] if len({c.sample_size for c in found}) == 1 else None


def _asked_gain_sides(question: str, ref: Referee) -> tuple[float, float] | None:
    """(B's AUC, A's AUC) for a question that names the two sides of a gain ("part_v2's AUC ... than lgt_v1's", "the
    pre-trained model's 1%-label AUC gain over training from scratch"): the one AUC the report states on lines that
    hold each side's words (and the percentage the question names, "1%" not "100%"), one line per side. None unless
    each side is one number and the two differ."""
    m = ASKED_GAIN_SIDES.search(question)
    if m is None:
        return None
    pcts = re.findall(r"(?<![\w.])(\d+(?:\.\d+)?)\s*%", question)
    found = []
    for side in (m["b"], m["a"]):
        every = re.findall(r"[^\W_]+(?:[.+-][^\W_]+)*", side.lower())  # ("part_v2": a table row reads it "part v2")
        while every and every[0] in _SIDE_GENERIC:
            every = every[1:]
        words = [w for w in every if w not in _SIDE_GENERIC and len(w) > 1]
        if not words:
            return None
        values: set[float] = set()
        for ws in ([" ".join(every)], words):  # the whole name ("gnn a", not every "gnn"), else each of its own words
            values = {v.value for c in ref.claims for v in c.results("auc") if v.role == "result" and v.start < BORROWED
                      and 0.5 < v.value < 1 and len([u for u in c.results("auc") if u.start < BORROWED]) == 1
                      and all(re.search(rf"(?<![\w.-]){re.escape(w)}(?![\w-])", c.text.replace("_", " "), re.I) for w in ws)
                      and all(re.search(rf"(?<![\w.]){re.escape(x)}\s*%", c.text) for x in pcts)}
            if values:
                break
        if len(values) != 1:
            return None
        found.append(values.pop())
    return (found[0], found[1]) if found[0] != found[1] else None


def _stated_gain_against_asked_multiple(question: str, ref: Referee) -> str | None:
    """Yes / Partly / No to whether the differences the report states with an error ("finetune − scratch: 0.0205 ± 0.016
    in accuracy (p = 0.41); in AUC 0.0151 ± 0.0044 (p = 0.18)") exceed the multiple of it asked about: each metric's
    ratio, at the setting the question names by number ("at 1000 labels": the size stated last before them). A p-value
    stated beside them is quoted: over few seeds a ratio of k errors is no k-sigma (the error is itself uncertain).
    None where the report states no such difference, or differences at several settings the question does not tell apart,
    and where an error is not to be taken as stated: the question names the test set it is to come from ("on its 2,500 +
    2,500 jets"), or a rule finds it smaller than the test set allows."""
    m = GAIN_MULTIPLE_QUESTION.search(question)
    if m is None or ASKED_CLASSES.search(question):
        return None
    said = re.match(r"\d(?:\.\d+)?|[a-z]+", m["k"].lower())[0]
    k = _MULTIPLE.get(said) or float(said)
    asked = {float(x) for x in re.findall(r"(?<![\w.])\d+(?![\w.%]|\s*%)", question.replace(",", ""))}
    asked |= {round(float(x) / 100, 9) for x in re.findall(r"(?<![\w.])(\d+(?:\.\d+)?)\s*%", question)}  # "at the 1% label
    # fraction": the row whose setting cell is 0.01
    found: list[tuple[float | None, Claim, Value, list[Value]]] = []  # (setting, claim, difference, its p-values)
    setting: float | None = None
    for c in sorted(ref.claims, key=lambda c: c.line):
        if c.kind == "row" and c.values and c.values[0].role == "setting":
            setting = round(c.values[0].value, 9)  # a table's row is at the setting of its first cell
        for i, v in enumerate(c.values):
            if v.role == "size":
                setting = v.value
            elif v.role == "difference" and v.uncertainty and v.start < BORROWED:
                upto = next((w.start for w in c.values[i + 1:] if w.role == "difference"), len(c.text))
                found.append((setting, c, v, [w for w in c.values[i + 1:] if w.quantity == "p_value" and w.start < upto]))
    if asked & {s for s, *_ in found if s is not None}:
        found = [f for f in found if f[0] in asked]
    small = {f.line for f in ref.findings if f.rule == "uncertainty_vs_sample_size"}
    if not found or len({s for s, *_ in found}) > 1 or any(c.line in small for _, c, _, _ in found):
        return None
    parts, above, ps = [], [], []
    for _, c, v, p in found:
        after = re.match(r"[^;,()]{0,30}?\bin\s+(?P<q>[A-Za-z][\w-]*)", c.text[v.start + len(v.shown):])
        what = v.quantity or (after["q"] if after else "")
        what = "AUC" if what.lower() == "auc" else what
        ratio = abs(v.value) / v.uncertainty  # type: ignore[operator]
        above.append(v.value > 0 and ratio > k)  # a loss is no gain, however many errors it spans
        shown = f"{ratio:.2f}" if abs(ratio - k) < 0.05 else f"{ratio:.1f}"  # 1.95 is not "2.0", above 2 or not
        parts.append(f"{'in ' + what + ' ' if what else ''}{v.shown} ± {v.uncertainty:g} is {shown} times its error"
                     f"{' (a loss)' if v.value < 0 else ''} (line {c.line})")
        ps += [w.shown for w in p]
    lead = "Yes" if all(above) else "No" if not any(above) else "Partly"
    text = f"{lead}: against the {k:g} asked about, the stated gain {'; '.join(parts)}."
    if ps:
        text += (f" The report's own test gives p = {' and '.join(ps)}: over few seeds the error is itself uncertain, so a ratio "
                 "of errors is no number of sigma.")
    return text


def _difference_at_test_set_errors(question: str, ref: Referee, text: str) -> str | None:
    """Yes / No to whether the difference of two results is significant (at the bar the question names, else 2σ) where
    the report quotes errors on both smaller than its test set allows ("0.874 ± 0.0005" and "0.861 ± 0.0006" on 500 + 500
    jets): the difference held against the larger of the quoted and the allowed error of each. None unless the lines the
    understated errors were found on hold exactly two such results, of one quantity."""
    lines = {f.line for f in ref.findings if f.rule == "uncertainty_vs_sample_size"}
    pair = [(c, v) for c in ref.claims if c.line in lines for v in c.results()
            if v.role == "result" and v.quantity and v.uncertainty and v.start < BORROWED]
    if len(pair) != 2 or pair[0][1].quantity != pair[1][1].quantity or pair[0][1].value == pair[1][1].value:
        return None
    rep = Report(text, ref.claims)
    errors = []
    for c, v in pair:
        allowed, _ = allowed_sigma(rep, c, v)
        if not allowed:
            return None
        errors.append(max(allowed, v.uncertainty or 0.0))
    (_, a), (_, b) = pair
    z = abs(a.value - b.value) / (errors[0] ** 2 + errors[1] ** 2) ** 0.5
    bar = float(m["z"]) if (m := ASKED_BAR.search(question)) and not m["below"] else 2.0
    return (f"{'Yes' if z >= bar else 'No'}: with the errors its test set allows (± {errors[0]:.2g} on {a.shown}, ± "
            f"{errors[1]:.2g} on {b.shown}, line {pair[0][0].line}), the difference of {abs(a.value - b.value):.3g} is "
            f"{z:.1f}σ, {'at or above' if z >= bar else 'below'} the {bar:g}σ asked about; the quoted errors are too small.")


def _error_given_elsewhere(ref: Referee, c: Claim, v: Value) -> tuple[float, int] | None:
    """The error of `v` and its line, where the report gives the same number of the same quantity with one on another line
    (as the rules' `sigma` does: by value, so "AUC = 0.5480 +/- 0.0045" gives its error to "the AUC, 0.548")."""
    return next(((w.uncertainty, d.line) for d in ref.claims if d.line != c.line for w in d.results(v.quantity)
                 if w.uncertainty and (w.shown == v.shown or w.value == v.value)), None)


# "is the v7 checkpoint a usable top tagger?", "is the tokenizer lossless?": a yes/no question on one property of a thing
ASKED_PROPERTY_QUESTION = re.compile(r"^\W*(?:is|are|was|were)\s+[^?]{2,80}?\s+(?:an?\s+(?P<adj>[A-Za-z][\w-]{2,30})"
                                     r"(?:\s+[A-Za-z][\w-]{0,30}){0,2}|(?P<last>[A-Za-z][\w-]{2,30}))\s*\?\s*$", re.I)


def _property_the_report_denies(question: str, text: str) -> tuple[int, str] | None:
    """The report's own denial of the property a yes/no question asks about ("NOT lossless", "it is not a usable
    tagger"), with the words it uses; None when the question asks no property or the report denies none."""
    q = ASKED_PROPERTY_QUESTION.search(question)
    adj = q and (q["adj"] or q["last"])
    if not adj or adj.lower() in {"not", "the", "still", "really", "significant", "significantly", "better", "worse"}:
        return None
    said = re.compile(rf"\b(?:not|n['’]t)\s+(?P<said>(?:an?\s+)?{re.escape(adj)}\b(?:\s+[A-Za-z][\w-]{{0,30}}){{0,2}})", re.I)
    lines = [line[:2000] for line in text.splitlines()[:5000]]
    if sum(len(re.findall(rf"\b{re.escape(adj)}\b", line, re.I)) for line in lines) != sum(len(said.findall(line)) for line in lines):
        return None  # "the old tokenizer is not lossless; the new one is lossless": said of another thing too
    for n, line in enumerate(lines, 1):
        m = said.search(line)
        if m and not re.search(r"\b(?:if|unless|whether)\b[^.;]{0,60}$", line[max(0, m.start() - 60):m.start()], re.I):
            return n, "not " + " ".join(m["said"].split()).rstrip(".,;:\"'")
    return None


# "significant at the 5% level?", "at alpha = 0.01": the level a question sets for a test
ASKED_LEVEL = re.compile(r"\bat\s+(?:the\s+|a\s+)?(?P<pct>\d{1,2}(?:\.\d+)?)\s*%\s*(?:significance\s+)?level\b|"
                         r"\b(?:α|alpha)\s*=\s*(?P<a>0?\.\d+)", re.I)
MAX_TESTS = 200  # p-values grouped into tests (a flooded report is read up to here)


def _asked_test_p_values(question: str, ref: Referee, text: str) -> tuple[list[tuple[Claim, Value]], float] | None:
    """The p-values of the one test a question sets a level for ('is the difference in the nominal-pileup test
    significant at the 5% level?'), and that level: the report's p-values grouped into tests (lines at most 3 apart), the
    test whose lines since the one before share the most words with the question; None when no level is asked or no one
    test is named (by words no other test's lines have)."""
    m = ASKED_LEVEL.search(question)
    if m is None:
        return None
    alpha = float(m["pct"]) / 100 if m["pct"] else float(m["a"])
    ps = sorted(((c, v) for c in ref.claims for v in c.results("p_value") if not v.bound and 0 < v.value < 1),
                key=lambda x: x[0].line)[:MAX_TESTS]
    groups: list[list[tuple[Claim, Value]]] = []
    for c, v in ps:
        if groups and c.line - groups[-1][-1][0].line <= 3:
            groups[-1].append((c, v))
        else:
            groups.append([(c, v)])
    lines, start, said = text.splitlines(), 0, []
    for g in groups:
        said.append(_words(" ".join(lines[start:g[-1][0].line])))
        start = g[-1][0].line
    asked = _words(question)
    scores = [len(asked & w - set().union(*(o for o in said if o is not w))) for w in said]  # words only its lines say
    best = max(scores, default=0)
    return (groups[scores.index(best)], alpha) if best and scores.count(best) == 1 else None


def _asked_auc_below_half(question: str, below: list[tuple[Claim, Value]]) -> tuple[Claim, Value] | None:
    """The report's AUC below 0.5 that the question names by its value, or its only one when the question names none."""
    named = [float(x) for x in re.findall(r"(?<![\w.])0?\.\d{1,5}(?![\d.])", question)]
    if named:
        return next(((c, v) for c, v in below if any(abs(v.value - x) < 5e-6 for x in named)), None)
    if len({v.value for _, v in below}) == 1:
        return below[0]
    # "does the Pythia score ...?" of "pythia8.auc_raw 0.1772" and "herwig7.auc_raw 0.2069": the one whose line names a
    # sample the question names and the others' lines do not (a line that states two of them names neither's alone)
    own = [(c, v) for c, v in below if sum(w.value < 0.5 for w in c.results("auc") if w.role == "result") == 1]
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]{3,}", question)}
    names = {v.value: {w for w in words if re.search(rf"(?<![A-Za-z]){re.escape(w)}", f"{c.text} {c.context}", re.I)}
             for c, v in own}
    common = set.intersection(*names.values()) if names else set()
    hit = [(c, v) for c, v in own if names[v.value] - common]
    return hit[0] if len({v.value for _, v in hit}) == 1 else None


def _clause(f: Finding) -> str:
    return f"{re.sub(r' [(]line [0-9]+[)]', '', f.short or f.message)} (line {f.line})"


def _clauses(findings: list[Finding]) -> list[str]:
    """Each finding's clause, one for the lines of a sentence wrapped over several that say the same ("the difference is
    only 0.4σ (lines 6, 7)", not the clause twice)."""
    lines: dict[str, list[int]] = {}
    for f in findings:
        lines.setdefault(re.sub(r" [(]line [0-9]+[)]", "", f.short or f.message), []).append(f.line)
    return [f"{text} (line{'s' if len(set(n)) > 1 else ''} {', '.join(map(str, sorted(set(n))))})" for text, n in lines.items()]


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", and " + parts[-1]
