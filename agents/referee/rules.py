"""The referee's rules: each a name, the physics or statistics reason it stands on, the topics it
speaks to (for `--question`) and a function from the report's claims to findings.

The rules read only what the report itself states (its claims, `agents.referee.claims`): its
numbers against each other, against what its sample sizes allow, and against what a quantity
can be. A finding names the line, the rule and what is wrong, in a referee's words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from scipy import stats as st

from agents.referee.claims import (
    BORROWED,
    BOUNDED,
    HIGHER_BETTER,
    QUOTE,
    Claim,
    Comparison,
    Value,
    stem,
)
from agents.referee.comparisons import FROM_END_TO_END, side_words
from agents.referee.consistency import (
    _ends_at_the_named_setting,
    _posed,
    _scope,
    correction_sets,
    cv_columns,
    inconsistent,
)
from agents.referee.findings import (
    MAJOR,
    MINOR,
    SEVERE,
    Finding,
    Report,
    allowed_sigma,
    fmt,
    last_digit,
    least_sigma,
    same_at_precision,
    sigma,
)
from agents.referee.numbers import COUNTERFACTUAL_BEFORE, counted_fraction_size, to_float
from agents.referee.universal import UNIVERSAL, contradicting_column_of_both, contradicting_row
from agents.referee.vocabulary import (
    BACKGROUND_PASSED_COMPARED,
    CLASSIFIER_TEST,
    CONTROL,
    COSTS_NOTHING,
    DEFINITION,
    NEGATION,
    NUM,
    PAIRED,
    QUALIFIER_RE,
    QUANTITY_RE,
    RELATION_RE,
    SCORE_HIGH_FOR_BACKGROUND,
    SEEDS_RE,
    only_called_clear,
)

__all__ = ["MAJOR", "MINOR", "RULES", "SEVERE", "Finding", "Report", "Rule", "allowed_sigma", "sigma"]

@dataclass(frozen=True)
class Rule:
    name: str
    reason: str
    topics: frozenset[str]
    check: Callable[[Report], Iterator[Finding]]


def _higher_better(c: Claim, v: Value) -> bool | None:
    if v.quantity == "perplexity":
        return True if re.search(r"codebook|token|usage|code", c.text, re.I) and not re.search(
            r"\bGPT|language model|next[- ]token|backbone", c.text, re.I) else None
    return HIGHER_BETTER.get(v.quantity)


def operands(c: Claim) -> tuple[Value, float, Value | None] | None:
    comp = c.comparison
    if comp is None or comp.left is None:
        return None
    a = c.values[comp.left]
    if comp.right is not None:
        return a, c.values[comp.right].value, c.values[comp.right]
    if comp.reference is not None:
        return a, comp.reference, None
    return None


SETTING_COMPARATIVE = re.compile(r"\b(?:with|using|at|for) (?:a |an )?(?:higher|lower|larger|smaller|more|fewer)\b", re.I)


def _is_the_compared_word(c: Claim, end: int) -> bool:
    """Does the comparative that ends at `end` stand at or before the claim's own comparative word (not a second one after
    the numbers it compares)?"""
    assert c.comparison is not None
    at = c.text.lower().find(c.comparison.word.lower(), max(len(c.comparison.subject) - 2, 0)) if c.comparison.word else -1
    return at < 0 or end <= at + len(c.comparison.word)


def direction_holds(c: Claim) -> bool | None:
    """Does the comparison of `c` agree with its own numbers? None: nothing to check."""
    ops = operands(c)
    if ops is None or c.comparison is None or c.comparison.relation == "similar":
        return None
    if any(_is_the_compared_word(c, m.end()) for m in SETTING_COMPARATIVE.finditer(c.text)):
        return None  # "with a lower learning rate": a setting, not the result, is compared (not "reaches a lower loss
        # than call 6 (0.2126 vs 0.2089) and trains with a larger k": a second comparative after the one its numbers judge)
    if _setting_after(c):
        return None  # "plateaus above 4096 codes: 0.902 vs 0.904": the word is about the setting, not the results
    a, b, bv = ops
    if bv is not None and _tags_name_the_sides_swapped(c, a, bv):
        a, b, bv = bv, a.value, a  # "ft3 beats the from-scratch one: R30 went from 250 (scratch) to 400 (ft3)"
    if bv is not None and (a.unit == "sigma") != (bv.unit == "sigma"):
        return None  # "the gap is 0.18 ± 0.09, i.e. ~2σ, and still above the floor": a value and a significance
    rel = c.comparison.relation
    if _withheld_in_quotes(c):
        return None  # 'I would NOT write "ParT outperforms ParticleNet"': a wording refused, which says neither way
    if rel in ("higher", "lower") and (_inverse_named(c.comparison.object, a.quantity) or a.quantity == "rejection" and
                                       BACKGROUND_PASSED_COMPARED.search(c.text, max(0, c.text.find(c.comparison.word) - 60))):
        rel = "lower" if rel == "higher" else "higher"  # "the lower mistag rate (1/ε_B = 633 vs 888)": rejections
    if rel in ("better", "worse"):
        if a.role == "classifier_test":  # a generated-vs-real test is better the nearer it is to 0.5
            x, y = -abs(a.value - 0.5), -abs(b - 0.5)
        else:
            hb = _higher_better(c, a)
            if hb is None and not a.quantity and (bv is None or not bv.quantity) and a.unit == "%" \
                    and BACKGROUND_PASSED_COMPARED.search(c.text, max(0, c.text.find(c.comparison.word) - 60)):
                hb = False  # "lets through fewer QCD jets than B (3.1% vs 2.7%)": the shares of background passed, the
                # lower the better
            if hb is None:
                return None
            x, y = (a.value, b) if hb else (-a.value, -b)
        ok = x > y if rel == "better" else x < y
    else:
        x, y = (abs(a.value), abs(b)) if a.quantity == "bias" or (a.value < 0 and b < 0) else (a.value, b)
        ok = x > y if rel == "higher" else x < y  # "the bias shrinks from -0.8% to -0.3%": in size
    return not ok if c.comparison.negated else ok


# 'I would NOT write "A outperforms B"', "don't claim 'better'": a verb of saying under a negation, then a quotation
WITHHELD_BEFORE_QUOTE = re.compile(r"\b(?:not|never|n['’]t)\s+(?:\w+\s+)?(?:write|say|claim|call\s+it|state|put|conclude)\s*[:,]?\s*[\"“'‘]\s*$",
                                   re.I)


def _withheld_in_quotes(c: Claim) -> bool:
    """The comparative stands inside a quotation that the sentence says it would not write or claim: a wording refused,
    not a comparison the report makes."""
    comp = c.comparison
    if comp is None or not comp.word:
        return False
    at = c.text.find(comp.word, max(len(comp.subject) - 2, 0))
    if at < 0:
        return False
    opened = max(c.text.rfind(q, 0, at) for q in ('"', "“", "'", "‘"))
    return opened >= 0 and bool(WITHHELD_BEFORE_QUOTE.search(c.text[max(0, opened - 60):opened + 1]))


# "250 (scratch)", "0.912 (ft3)": a number with the name of its side in brackets right after it
SIDE_TAG_AFTER = re.compile(r"\s*%?\s*\(\s*(?P<tag>[A-Za-z][^()\d]{0,29}|[A-Za-z][\w.-]{0,20})\s*\)")


def _tags_name_the_sides_swapped(c: Claim, a: Value, b: Value) -> bool:
    """The comparison's two numbers each carry the name of a side in brackets, the first the name its object has and the
    second the name its subject has ("part_ft3 beats the from-scratch one: R30 went from 250 (scratch) to 400 (ft3)"):
    the subject's number is the second."""
    if c.comparison is None or a.start >= BORROWED or b.start >= BORROWED:
        return False
    ta, tb = (SIDE_TAG_AFTER.match(c.text, v.start + len(v.shown)) for v in (a, b))
    if ta is None or tb is None:
        return False
    subj = side_words(c.comparison.subject)
    obj = side_words(re.split(r"[:;(]|\d", c.comparison.object, maxsplit=1)[0])
    wa, wb = side_words(ta["tag"]), side_words(tb["tag"])
    return bool(wa & obj and wb & subj and not wa & subj and not wb & obj)


INVERSE = {"fake_rate": "rejection", "rejection": "fake_rate"}  # a mistag rate ε_B and its rejection 1/ε_B


def _inverse_named(obj: str, quantity: str) -> bool:
    """Does the comparative name (right after it) the inverse of the quantity its numbers are of?"""
    m = QUANTITY_RE.match(obj.strip())
    at = re.match(r"\s*(?:(?:the|its|their|our|a|an)\s+)?", obj).end()
    for _ in range(2):  # "lowers the c-jet mistag rate (c rejection 10.4 -> 8.9)": the article and a word or two (the
        # class) before the name
        if m or not (word := re.match(r"[A-Za-z][\w-]*\s+", obj[at:])):
            break
        at += word.end()
        m = QUANTITY_RE.match(obj, at)
    return bool(m) and INVERSE.get(quantity) == m.lastgroup


def _setting_after(c: Claim) -> bool:
    """Is the first number after the comparative word a setting or a size (its object), not a result?"""
    assert c.comparison is not None
    at = c.text.lower().find(c.comparison.word.lower(), max(len(c.comparison.subject) - 2, 0))
    if at < 0 or not c.comparison.word:
        return False
    at += len(c.comparison.word)
    after = sorted((v for v in c.values if at <= v.start < BORROWED), key=lambda v: v.start)
    return bool(after) and after[0].role in ("setting", "size", "seeds", "threshold") and after[0].start - at < 4


# "..., i.e. it rejects more QCD": a second comparative of the same subject, restating the first in other words
RESTATED = re.compile(r"(?:\bi\.\s?e\.|\bthat is|\bwhich means|\bmeaning)\s*,?\s*(?:it|this|that)\s+(?:\w+\s+){0,1}$", re.I)


# "... lies above the ParticleNet one (1.9e-3 vs 1.4e-3), so LundNet is the stronger tagger": the verdict drawn from the
# comparison, of its own subject (by a pronoun or by a word of its subject's name)
CONCLUDED = re.compile(r"(?:^|[,;)]\s*|\s)(?:so|hence|thus|therefore)\s*,?\s*(?:the\s+|our\s+)?(?P<who>[\w-]+)\s+(?:is|are|was|were|comes out as)\s+"
                       r"(?:(?:the|a|an|clearly|much|far|by far)\s+){0,2}$", re.I)


def _concluded_of_subject(comp: Comparison, before: str) -> bool:
    m = CONCLUDED.search(before)
    if m is None:
        return False
    who = m["who"].lower()
    return who in ("it", "this", "that") or who in re.findall(r"[\w-]+", comp.subject.lower())


def _restated(c: Claim) -> Claim | None:
    """The claim `c` with its second comparative, where it restates the first about the same two numbers."""
    comp = c.comparison
    if comp is None or comp.left is None or comp.right is None or direction_holds(c) is not True:
        return None
    for k in RELATION_RE.finditer(comp.object):
        if k.lastgroup in ("better", "worse") and (RESTATED.search(comp.object[:k.start()])
                                                   or _concluded_of_subject(comp, comp.object[:k.start()])):
            new = comp.model_copy(update={"relation": k.lastgroup, "word": k.group(0), "subject": c.text[:0],
                                          "negated": bool(NEGATION.search(comp.object[:k.start()]))})
            return c.model_copy(update={"comparison": new})
    return None


# ---- the rules ---------------------------------------------------------------------------------
# a table set out with spaces: a header of column names over rows "label   79.6   7.6   9.5 %", cells two spaces apart
SPACED_CELL_SPLIT = re.compile(r"\s{2,}|\t")
SPACED_NUMBER_CELL = re.compile(r"[-+]?\d+(?:[.,]\d+)?\s*%?")
WIDTH_COLUMN = re.compile(r"\bwidth|\bsigma\b|σ|\bresolution|\brms\b|\bspread", re.I)
WIDTH_COMPARATIVE = re.compile(r"\b(?P<w>narrower|sharper|wider|broader)\b(?P<rest>[^.;:!?]{0,80}?)\bthan\s+(?P<obj>[^,.;:!?()]{1,60})", re.I)
SIDE_STOP_WORDS = frozenset({"the", "a", "an", "its", "their", "our", "my", "mass", "peak", "one", "of", "jet", "jets"})


def _spaced_table_over(rep: Report, line: int) -> tuple[list[str], list[tuple[str, list[float]]]] | None:
    """The table set out with spaces that ends in the lines just above `line` (at most 8 up, no blank line between):
    its column names and its rows (label, numbers), where every row has one number per column name."""
    rows: list[tuple[str, list[float]]] = []
    j = line - 2
    while j >= 0 and line - 2 - j < 8 and rep.lines[j].strip() and not SPACED_CELL_SPLIT.search(rep.lines[j].strip()):
        j -= 1  # the prose lines of the sentence itself
    while j >= 0 and rep.lines[j].strip() and len(rows) < 40:  # a table of at most 40 rows is read
        cells = [x for x in SPACED_CELL_SPLIT.split(rep.lines[j].strip()[:400]) if x]
        if len(cells) >= 3 and re.search(r"[A-Za-z]", cells[0]) and all(SPACED_NUMBER_CELL.fullmatch(x) for x in cells[1:]):
            rows.insert(0, (cells[0], [float(x.rstrip("% ").replace(",", ".")) for x in cells[1:]]))
            j -= 1
            continue
        break
    if len(rows) < 2 or j < 0 or len({len(r[1]) for r in rows}) != 1:
        return None
    head = [x for x in SPACED_CELL_SPLIT.split(rep.lines[j].strip()[:400]) if x]
    if len(head) != len(rows[0][1]) or any(SPACED_NUMBER_CELL.fullmatch(x) for x in head):
        return None
    return head, rows


def _side_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][\w-]*", text.lower()) if w not in SIDE_STOP_WORDS}


def _width_against_spaced_table(rep: Report) -> Iterator[Finding]:
    """"The transformer ... gives a narrower mass peak than the standard soft-drop mass" under a table set out with
    spaces whose column 'width (sigma)' has a row for each: the width comparative is checked against that column."""
    seen: set[int] = set()
    for c in rep.claims:
        if c.kind != "prose" or c.line in seen or not (m := WIDTH_COMPARATIVE.search(c.text[:2000])):
            continue
        if NEGATION.search(c.text[:m.start()][-60:]) or (table := _spaced_table_over(rep, c.line)) is None:
            continue
        head, rows = table
        cols = [i for i, h in enumerate(head) if WIDTH_COLUMN.search(h) and "/" not in h]
        obj = [r for r in rows if _side_words(r[0]) & _side_words(m["obj"])]
        subj = [r for r in rows if r not in obj and _side_words(r[0]) & _side_words(c.text[:m.start()])]
        if len(cols) != 1 or len(obj) != 1 or len(subj) != 1:
            continue
        x, y = subj[0][1][cols[0]], obj[0][1][cols[0]]
        narrower = m["w"].lower() in ("narrower", "sharper")
        if x == y or (x < y) == narrower:
            continue
        seen.add(c.line)
        line = c.line_at(m.start())
        yield Finding("comparison_direction", line, SEVERE,
                      f"the text says '{m['w'].lower()}' but its own table says otherwise: {subj[0][0]} {fmt(x)} vs "
                      f"{obj[0][0]} {fmt(y)} in the column '{head[cols[0]]}'",
                      f"the table contradicts '{m['w'].lower()}' ({fmt(x)} vs {fmt(y)})")


# "on both FPD (4.1 vs 3.1) and W1(m) (0.64 vs 0.55)": a verdict's pairs, each in its own bracket after the metric it is of
BRACKETED_VS_PAIR_GAP = re.compile(r"\s*%?\s*(?:vs\.?|versus|against)\s*")


def _bracketed_pair_against_verdict(c: Claim) -> tuple[Value, Value] | None:
    """'Trial 14 beats trial 9 on both FPD (4.1 vs 3.1) and W1(m) (0.64 vs 0.55)': a verdict of better or worse over two
    or more metrics, each with its own bracketed pair (the subject's number first); the first pair of a metric whose
    better direction is known and that goes the other way, when the sentence's own operands showed none."""
    comp = c.comparison
    if comp is None or comp.relation not in ("better", "worse") or comp.negated or c.kind != "prose":
        return None
    vals = [v for v in c.values if v.start < BORROWED]
    pairs = [(a, b) for a, b in zip(vals, vals[1:], strict=False) if a.role == b.role == "result"
             and BRACKETED_VS_PAIR_GAP.fullmatch(c.text, a.start + len(a.shown), b.start)
             and re.search(r"\(\s*$", c.text[max(0, a.start - 3):a.start]) and re.match(r"\s*\)", c.text[b.start + len(b.shown):])]
    if len(pairs) < 2 or any(a.start < c.text.find(comp.word) for a, _ in pairs):
        return None
    for a, b in pairs:
        hb = HIGHER_BETTER.get(a.quantity) if a.quantity and a.quantity == b.quantity else None
        if hb is None or a.value == b.value:
            continue
        if (a.value > b.value) != (hb == (comp.relation == "better")):
            return a, b
    return None


# "the higher rejection at both working points: R30 = 1580 vs 1540 and R50 = 405 vs 421": a comparative said of every
# pair that follows it (both, all, each), the subject's number first in each pair
EVERY_PAIR_AFTER = re.compile(r"\b(?P<rel>higher|lower|larger|smaller|greater|better|worse)\s+(?P<what>(?:[\w()/-]+\s+){0,3}?)"
                              r"(?:at|on|in|for|across)\s+(?:both|all|each|every)\b(?:\s+(?:of\s+)?(?:the\s+)?[\w-]+){0,3}\s*[:(]", re.I)


def _pair_against_every_word(c: Claim) -> tuple[re.Match[str], Value, Value] | None:
    """The first 'a vs b' pair after a comparative said of both/all/each (colon or bracket, then the pairs) that goes the
    other way: the word, and the pair."""
    if c.kind != "prose" or (m := EVERY_PAIR_AFTER.search(c.text[:2000])) is None or NEGATION.search(c.text[max(0, m.start() - 30):m.start()]):
        return None
    end = re.search(r"[.;](?:\s|$)", c.text[m.end():])
    stop = m.end() + (end.start() if end else len(c.text))
    vals = [v for v in c.values if m.end() <= v.start < stop and v.role == "result"]
    pairs = [(a, b) for a, b in zip(vals, vals[1:], strict=False) if a.quantity and a.quantity == b.quantity
             and BRACKETED_VS_PAIR_GAP.fullmatch(c.text, a.start + len(a.shown), b.start)]
    if len(pairs) < 2:
        return None
    rel = m["rel"].lower()
    for a, b in pairs:
        hb = HIGHER_BETTER.get(a.quantity)
        up = {"higher": True, "larger": True, "greater": True, "lower": False, "smaller": False}.get(rel)
        if up is None:
            if hb is None:
                continue
            up = hb == (rel == "better")
        if a.value != b.value and (a.value > b.value) != up:
            return m, a, b
    return None


# a yes/no question by its word order: "does A ...", "input: at 30% efficiency, is A ..."
INVERTED_QUESTION = re.compile(r"(?:^|[:,]\s*)(?:does|do|did|is|are|was|were|can|could|will|would|has|have|should)\s+\w", re.I)


def _rank_column_against_its_means(rep: Report) -> Iterator[Finding]:
    """"mean_test_score, rank_test_score": a rank column orders the rows by their mean score, the highest first; a row
    ranked above another with a lower mean goes the other way."""
    for name, rows in cv_columns(rep):
        ranked = sorted((r for r in rows if r[3] is not None), key=lambda r: r[3])  # type: ignore[arg-type, return-value]
        for a, b in zip(ranked, ranked[1:], strict=False):
            tol = max(0.5 * 10.0 ** -min(a[4], b[4], 6), 1e-9)
            if a[3] < b[3] and a[1] < b[1] - tol:  # type: ignore[operator]
                yield Finding("comparison_direction", a[0], SEVERE,
                              f"rank_{name} puts this row ({a[1]:.6g}) at {a[3]}, above the row of line {b[0]} at {b[3]}, "
                              f"whose mean_{name} is higher ({b[1]:.6g})", f"ranked {a[3]} with {a[1]:.6g} vs {b[3]} with {b[1]:.6g}")


def _line_of_word_with_its_number(c: Claim, word: str, a: Value) -> int:
    """"At the 60% working point, which the analysis uses for the" / "signal region, GN-2b again has the lower mistag
    rate, 2.6% against 2.1%": a wrapped sentence whose comparative and its own first number stand together on a later
    line says its comparison there; its first line otherwise."""
    w = c.text.lower().find(word.lower()) if word else -1
    if w < 0 or a.start >= BORROWED or a.start < w or c.line_at(w) != c.line_at(a.start):
        return c.line
    return c.line_at(w)


def direction(rep: Report) -> Iterator[Finding]:
    for c in rep.claims:
        c = _restated(c) or c
        if (every := _pair_against_every_word(c)) is not None:
            m, a, b = every
            line = c.line_at(a.start)
            yield Finding("comparison_direction", line, SEVERE,
                          f"the text says '{m['rel'].lower()}' of every pair after it, but one goes the other way: "
                          f"{a.quantity.replace('_', ' ')} {a.shown} vs {b.shown}",
                          f"its own numbers contradict '{m['rel'].lower()}' ({a.shown} vs {b.shown})")
        if direction_holds(c) is None and (pair := _bracketed_pair_against_verdict(c)):
            a, b = pair
            word = c.comparison.word.lower() if c.comparison else ""
            yield Finding("comparison_direction", c.line, SEVERE,
                          f"the text says '{word}' but its own numbers say otherwise: {a.quantity} {a.shown} vs {b.shown} "
                          f"({'higher' if HIGHER_BETTER.get(a.quantity) else 'lower'} is better for {a.quantity.replace('_', ' ')})",
                          f"its own numbers contradict '{word}' ({a.shown} vs {b.shown})")
            continue
        if direction_holds(c) is False:
            a, b, bv = operands(c)  # type: ignore[misc]
            if c.kind == "prose" and c.text.rstrip().endswith("?") and INVERTED_QUESTION.search(c.text) \
                    and a.start >= BORROWED and (bv is None or bv.start >= BORROWED):
                continue  # "does A reject QCD better than B?" with both numbers from around it: a question asks, it says
                # nothing ("so A still has the lower mistag??" is a statement with a doubt, and is judged)
            if bv is None and b == 0.5 and a.quantity in ("auc", "classifier_auc") and a.role == "result" and a.value < 0.5 \
                    and c.comparison is not None and c.comparison.relation == "better" and not c.comparison.negated:
                continue  # "separates them better than random (AUC 0.47)": an AUC below 0.5 read as a gain, auc_below_half's
            comp = c.comparison
            assert comp is not None
            word = ("not " if comp.negated else "") + comp.word.lower()
            other = bv.shown if bv else f"{fmt(b)} ({'chance' if b == 0.5 else 'the reference'})"
            hb = _higher_better(c, a)
            sense = " (a rejection is 1/mistag rate: the two move in opposite directions)" if comp.relation in (
                "higher", "lower") and _inverse_named(comp.object, a.quantity) else "" if comp.relation in ("higher", "lower") else (
                " (nearer 0.5 is better for a generated-vs-real test)" if a.role == "classifier_test"
                else f" ({'higher' if hb else 'lower'} is better for {a.quantity.replace('_', ' ')})" if a.quantity
                else " (the share of background let through: lower is better)")
            yield Finding("comparison_direction", _line_of_word_with_its_number(c, comp.word, a), SEVERE,
                          f"the text says '{word}' but its own numbers say otherwise: {a.quantity or 'value'} "
                          f"{a.shown} vs {other}{sense}",
                          f"its own numbers contradict '{word}' ({a.shown} vs {other})")
    yield from _width_against_spaced_table(rep)
    yield from _rank_column_against_its_means(rep)
    yield from _correction_against_every_bin(rep)
    yield from _comparison_at_both_points(rep)
    yield from _comparison_in_both_of_before(rep)


# "A reaches W1^M = 0.61 and W1^EFP = 1.9, compared with 0.48 and 2.4 for B": the subject's numbers, then the other side's
# in the same order
SIDES_SPLIT = re.compile(r"\b(?:compared (?:with|to)|as against|against|versus|vs\.?|relative to)\s", re.I)
IN_BOTH = re.compile(r"\b(?:in|on|for) (?:both|all|each|every)\b|\bboth\b", re.I)


def _comparison_in_both_of_before(rep: Report) -> Iterator[Finding]:
    """'A thus improves on B in both the mass and the EFP distance', with no number of its own, after a sentence that
    gives A's numbers of those quantities and then, 'compared with', B's in the same order: every pair must lie the way
    the verdict says (lower is better for a distance)."""
    prose = [c for c in rep.claims if c.kind == "prose"]
    for prev, c in zip(prose, prose[1:], strict=False):
        comp = c.comparison
        if comp is None or comp.relation not in ("better", "worse") or comp.negated or any(v.start < BORROWED for v in c.results()) \
                or not IN_BOTH.search(comp.object) or not 0 <= c.line - prev.line <= 3 or not (m := SIDES_SPLIT.search(prev.text)):
            continue
        res = [v for v in prev.results() if v.start < BORROWED]
        ours, theirs = [v for v in res if v.start < m.start()], [v for v in res if v.start >= m.end()]
        subject, other = side_words(comp.subject), side_words(comp.object[:IN_BOTH.search(comp.object).start()])  # type: ignore[union-attr]
        if len(ours) < 2 or len(ours) != len(theirs) or not subject & side_words(prev.text[:m.start()]) \
                or not other & side_words(prev.text[m.end():]) or subject & side_words(prev.text[m.end():]):
            continue
        for a, b in zip(ours, theirs, strict=True):
            hb = _higher_better(prev, a)
            if hb is None or a.quantity != b.quantity or a.value == b.value:
                continue
            if (a.value > b.value) != (hb == (comp.relation == "better")):
                yield Finding("comparison_direction", c.line, SEVERE,
                              f"the text says '{comp.word.lower()}' in every quantity, but line {prev.line} gives "
                              f"{a.quantity.replace('_', ' ')} {a.shown} against {b.shown} "
                              f"({'higher' if hb else 'lower'} is better for {a.quantity.replace('_', ' ')})",
                              f"its own numbers contradict '{comp.word.lower()}' ({a.shown} vs {b.shown})")
                break


def _comparison_at_both_points(rep: Report) -> Iterator[Finding]:
    """'the candidate improves on production at both working points' over a table of the two sides: a column where the
    subject's row lies the other way contradicts the comparison."""
    for c in rep.claims:
        if c.kind != "prose" or c.comparison is None or c.comparison.relation not in ("better", "worse"):
            continue
        last = max([c.line] + [ln for _, ln in c.breaks])
        if (hit := contradicting_column_of_both(rep.lines, c.line, c.text, last)) is not None:
            yield Finding("comparison_direction", c.line, SEVERE, f"a comparison said to hold at both points, but line "
                          f"{hit[1]} says otherwise: {hit[2]}", f"a comparison at both points contradicted at line {hit[1]}")


def _correction_out_of_bounds(rep: Report) -> Iterator[Finding]:
    """A correctionlib correction whose output is a rate (an efficiency, "passing / all"; a mistag rate): each value of
    its bins lies in [0, 1]."""
    for corr in correction_sets(rep):
        if corr["quantity"] not in BOUNDED:
            continue
        for line, values in corr["lists"]:
            for x in values:
                if not 0 <= x <= 1:
                    yield Finding("impossible_value", line, SEVERE,
                                  f"impossible value: {corr['name']} gives {corr['quantity'].replace('_', ' ')} {x:g} in one "
                                  "of its bins, outside [0, 1]", f"{corr['quantity'].replace('_', ' ')} {x:g} outside [0, 1]")
                    break


# "v2 mistag is lower than the v1 (DeepVq_v1_qcd_mistag) value in every pT bin": a relation said of every bin
IN_EVERY_BIN = re.compile(r"\b(?P<rel>lower|higher|smaller|larger|below|above|better|worse)\b(?P<mid>[^.;]{0,120}?)\b(?:in|for|across|at)\s+"
                          r"(?:every|each|all(?:\s+the)?)\s+(?:[\w-]+\s+){0,2}?bins?\b", re.I)


def _correction_against_every_bin(rep: Report) -> Iterator[Finding]:
    """A correction's description says its values are lower (higher) than another correction's, named in it, in every
    bin: each bin's pair must go that way."""
    corrs = correction_sets(rep)
    for corr in corrs:
        m = IN_EVERY_BIN.search(corr["description"])
        if m is None or not corr["line"] or len(corr["lists"]) != 1:
            continue
        others = [o for o in corrs if o is not corr and o["name"] and o["name"] in m["mid"] and len(o["lists"]) == 1]
        if len(others) != 1 or len(others[0]["lists"][0][1]) != len(corr["lists"][0][1]):
            continue
        rel = m["rel"].lower()
        hb = HIGHER_BETTER.get(corr["quantity"])
        up = rel in ("higher", "larger", "above") or (rel in ("better", "worse") and hb is not None and hb == (rel == "better"))
        if rel in ("better", "worse") and hb is None:
            continue
        for k, (a, b) in enumerate(zip(corr["lists"][0][1], others[0]["lists"][0][1], strict=True)):
            if a != b and (a > b) != up:
                yield Finding("comparison_direction", corr["line"], SEVERE,
                              f"the text says '{rel}' than {others[0]['name']} in every bin, but bin {k + 1} goes the other "
                              f"way: {a:g} vs {b:g}", f"bin {k + 1}: {a:g} vs {b:g} contradicts '{rel}'")
                break


# "all 538 codes are used at least once", "538 distinct codes were active": a count of the codebook's entries in use
CODES_IN_USE_COUNT = re.compile(r"(?<![\d.,])(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{1,7})\s+(?:distinct\s+|different\s+)?(?:codes|code\s+vectors|"
                                r"codebook\s+entries)\s+(?:are\s+|were\s+|is\s+|get\s+|got\s+)?(?:used|in\s+use|active|alive|occupied|populated)\b",
                                re.I)


def _codes_in_use_over_size(rep: Report, sizes: list[tuple[Claim, Value]]) -> Iterator[Finding]:
    """More codes in use than the codebook has ("K = 512" ... "all 538 codes are used"): the one codebook size the report
    names up to that line bounds any count of its codes."""
    for c in rep.claims:
        if c.kind != "prose":
            continue
        for m in CODES_IN_USE_COUNT.finditer(c.text[:2000]):
            before = {s.value for d, s in sizes if d.line <= c.line and not (d is c and s.start > m.start())}
            n = int(m["n"].replace(",", ""))
            if len(before) == 1 and n > (k := before.pop()):
                yield Finding("impossible_value", c.line_at(m.start("n")), SEVERE,
                              f"impossible value: {m['n']} codes in use exceed the codebook size of {k:g}: a codebook of "
                              f"{k:g} entries has at most {k:g} codes to use", f"{m['n']} codes used of a {k:g}-entry codebook")
                break


# "a Jensen-Shannon divergence of 1.42", "JSD = 0.9 (nats)": the number right after the divergence's name (not "1/JSD", its
# inverse, which a decorrelation study quotes and which exceeds 1)
JS_DIVERGENCE_BEFORE = re.compile(r"(?<!/)(?<!/ )(?<!inverse )(?:\bJensen[-‐–\s]+Shannon\s+(?:divergence|distance)|\bJSD)"
                                  r"(?:\s*\([^()\d]{0,20}\))?\s*(?:of|=|:|is|was|reached|at|≈|~)?\s*(?:about\s+|roughly\s+|~\s*)?$", re.I)
NATURAL_LOG = re.compile(r"\bnats?\b|\bnatural[- ]log|\bbase[- ]?e\b|\bln\b", re.I)


def _js_divergence_above_its_bound(rep: Report) -> Iterator[Finding]:
    """The Jensen-Shannon divergence of two distributions is at most log 2: 1 in bits (base-2 log), ln 2 = 0.693 in nats;
    its square root, the JS distance, is at most 1 in bits too. A value above 1, or above ln 2 where the text says
    nats, cannot be one."""
    for c in rep.claims:
        for v in c.values:
            if v.start >= BORROWED or v.bound or v.unit or not JS_DIVERGENCE_BEFORE.search(c.text[max(0, v.start - 60):v.start]):
                continue
            nats = bool(NATURAL_LOG.search(c.text[v.start:v.start + 40]))
            bound, unit = (math.log(2), "ln 2 = 0.693 in nats") if nats else (1.0, "1 in bits (log base 2)")
            if v.value > bound * 1.0001:
                yield Finding("impossible_value", c.line_at(v.start), SEVERE,
                              f"impossible value: a Jensen-Shannon divergence of {v.shown} exceeds its bound of {unit}: the "
                              "divergence of two distributions is at most log 2", f"JS divergence {v.shown} above its bound")


# "the 1,850 events with score > 0.9 (...): 1,920 traced to hot towers, the remainder ...": after the whole, a count said to
# be some of it (the rest named after it, or "of them", "of these", "of which" right after it)
PART_THEN_THE_REST = re.compile(r"(?<![\w.,%/-])(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{2,9})(?![\d.,%/-])(?:\s+(?:of\s+(?:them|these|those|which)\b)"
                                r"|[^.;:\d]{0,60}?[,;]\s+(?:and\s+)?(?:the\s+)?(?:remainder|remaining|rest|others)\b)", re.I)


def _part_larger_than_its_count(rep: Report) -> Iterator[Finding]:
    """A count of events (or jets) in a sentence, then a count said to be part of it ("1,920 traced to hot towers, the
    remainder ...", "2,100 of them pass") that is larger: a part of a set cannot hold more members than the set."""
    for c in rep.claims:
        if c.kind != "prose":
            continue
        wholes = list(COUNT_OF_EVENTS.finditer(c.text[:2000]))
        for m in PART_THEN_THE_REST.finditer(c.text[:2000]):
            before = [w for w in wholes if w.end() <= m.start()]
            if not before:
                continue
            n, k = int(before[-1]["n"].replace(",", "")), int(m["n"].replace(",", ""))
            if k > n:
                yield Finding("impossible_value", c.line_at(m.start("n")), SEVERE,
                              f"impossible value: {m['n']} of the {before[-1]['n']} events counted: a part of a set cannot "
                              f"hold more than the set", f"{m['n']} is more than the {before[-1]['n']} it is part of")
                break


# the bounded quantities that are probabilities (not "codes_used: 941", a count of codes the usage is also written as)
PROBABILITIES = BOUNDED - {"codebook_usage", "signal_fraction"}
# "background_efficiency: 2450.0", "auc = 97.3": a field whose own key names the quantity, right before its number
KEY_RIGHT_BEFORE = re.compile(r"(?:^|[|{,;\s])[\"']?(?P<key>[A-Za-z][\w.-]{0,40})[\"']?\s*[:=]\s*$")


def _field_named_as(c: Claim, v: Value, q: str) -> bool:
    """The number is a field's value whose key names `q` (a record's 'background_efficiency: 2450'): what it is of is
    written, not read off words nearby, so a number a fraction cannot be is out of bounds, not another quantity's."""
    if c.kind == "row":  # a record's cells, "key: value | key: value": the cell that holds this number
        key = re.search(rf"(?:^|\|\s)(?P<key>[A-Za-z][\w.-]{{0,40}}):\s*{re.escape(v.shown)}(?:\s*\||\s*$)", c.text)
    else:
        key = KEY_RIGHT_BEFORE.search(c.text, max(0, v.start - 50), v.start) if v.start < BORROWED else None
    name = QUANTITY_RE.fullmatch(key["key"].replace("_", " ")) if key else None
    return name is not None and name.lastgroup == q


def impossible(rep: Report) -> Iterator[Finding]:
    yield from _correction_out_of_bounds(rep)
    yield from _part_larger_than_its_count(rep)
    yield from _js_divergence_above_its_bound(rep)
    yield from _codes_in_use_over_size(rep, [(c, v) for c in rep.claims for v in c.values
                                             if v.quantity == "codebook_size" and v.value >= 16
                                             and re.search(r"codebook|\bK\s*=|\bcodes?\b", c.text, re.I)])
    # (a size its own line names as a codebook's: not the "11" of "read 7/11 exact", taken for one)
    sizes = [(c, v) for c in rep.claims for v in c.values if v.quantity == "codebook_size" and v.value >= 1]
    said: dict[tuple[str, float], int] = {}  # each impossible number, by the line where it was first named
    for c, v in rep.values(roles=("result", "control", "classifier_test", "setting")):
        q, x = v.quantity, v.value
        why = ""
        if x < 0 and "." not in v.shown and v.unit != "%":
            pass  # "m_res = -1 when nothing is found": a sentinel code, not a measurement
        elif q in BOUNDED and v.interval and (v.interval[1] > 1.0 + 1e-9 or v.interval[0] < -1e-9) and 0 <= x <= 1:
            lo, hi = v.interval
            why = (f"the interval [{lo:g}, {hi:g}] of {q.replace('_', ' ')} {v.shown} reaches outside [0, 1], where "
                   "no value can lie: an interval from a normal approximation near the boundary is not valid there")
        elif q in BOUNDED and x < 0 and _signed_change_restated(c, v):
            pass  # "Recall  -9.83%  ... the Recall is 9.83% lower than the global Recall": a signed deviation, no recall
        elif q in BOUNDED and (x < 0 or (x > 1 and (v.unit == "%" and x <= 2 or "." in v.shown and x <= 2))):
            why = f"{q.replace('_', ' ')} {v.shown} lies outside [0, 1]" + (
                "" if q != "auc" else ": an AUC is a probability (that a signal jet outranks a background jet)")
        elif q in PROBABILITIES and x > 100 and v.unit != "%" and _field_named_as(c, v, q):
            why = f"{q.replace('_', ' ')} {v.shown} lies outside [0, 1], and beyond 100 it is no percentage either" + (
                ": a background efficiency above 1 is likely the rejection 1/ε_B" if q == "fake_rate" else "")
        elif q in ("resolution", "wasserstein", "kl", "chi2", "sic") and x < 0 and not (
                q == "resolution" and MEAN_OF_A_RESPONSE_BEFORE.search(c.text[max(0, v.start - 25):v.start])):
            # ("mass resolution (reco/true - 1): mean -0.004, width 0.018": the mean of the response is its shift, which
            # may be negative; the width beside it is the resolution)
            why = f"a {q} of {v.shown} is negative, which a {q} cannot be"
        elif q == "rejection" and 0 <= x < 1 and "." in v.shown and v.role != "setting" and not _rejection_column_of_fractions(rep, c):
            # ("1/eps_B @0.3": its working point)
            why = f"a background rejection (1/ε_B) of {v.shown} is below 1, which it cannot be"
        elif q == "perplexity" and x < 1:
            why = f"a perplexity of {v.shown} is below 1, which exp(entropy) cannot be"
        elif q == "perplexity" and sizes:
            own = [s.value for d in rep.by_line.get(c.line, [c]) if d.kind == c.kind  # its line's, as a sweep's row
                   for s in d.values if s.quantity == "codebook_size" and s.value >= 1]
            block = [(cc, s) for cc, s in sizes if 0 < c.line - cc.line <= 6 and cc.kind == c.kind == "prose"
                     and all(line.strip() for line in rep.lines[cc.line - 1:c.line - 1])]
            # "codebook size : 512" two fields above "codebook perplexity : 618": its own record's size, not the largest
            # model the report names elsewhere ("Shipped models: K = 512 and K = 1024")
            before = {s.value for cc, s in sizes if cc.line <= c.line}  # "JetVQ-512 ... K=512" above its perplexity, "K=1024
            # would raise ..." below it: the one size named up to it is of its codebook, the later one of another configuration
            k = max(own) if own else block[-1][1].value if block else before.pop() if len(before) == 1 else max(
                s.value for _, s in sizes)
            if (frac := re.match(r"[^\s/]*\s*(?:/|out of\b|of\b)\s*(?:the\s+)?(\d[\d,]*)(?![\d.])", c.text[v.start:v.start + 40])) \
                    and int(frac.group(1).replace(",", "")) > 1:
                k = int(frac.group(1).replace(",", ""))
                own = [k]  # "4120/8192", "311 out of the 512": a perplexity written as
                # a fraction of its own codebook is measured on that codebook, not on another one the line names
            if x > k * 1.0001:
                at = c.line if own else block[-1][0].line if block else next(cc.line for cc, s in sizes if s.value == k)
                why = (f"a codebook perplexity of {v.shown} exceeds the codebook size of {k:g} (line {at}): "
                       f"perplexity = exp(entropy) of the code usage is at most the number of codes")
        if why and (q, x) in said and said[(q, x)] < c.line and c.kind == "row":
            continue  # "wrote summary: {'perplexity': 1187.4, ...}": a record restating a number already named above
        if why:  # on the line its number stands on, where a wrapped sentence carries it past the quantity's name
            said.setdefault((q, x), c.line)
            line = c.line_at(v.start) if v.start < BORROWED else c.line
            yield Finding("impossible_value", line, SEVERE, f"impossible value: {why}", f"{why.split(':')[0]}")


# "1/eps_B", "1/ε_B", "R = 1/εB", "the inverse mistag rate": rejection defined as the inverse of the background efficiency
REJECTION_AS_INVERSE = re.compile(r"1\s*/\s*\(?\s*(?:(?:ε|eps(?:ilon)?|e|ϵ|\\epsilon|\\varepsilon)\s*[_^]?\s*\{?\s*(?:B|b|bkg|bg|QCD|qcd|background)|"
                                  r"mistag|fake|background\s+eff)|"
                                  r"\binverse\s+(?:of\s+the\s+)?(?:background\s+|bkg\s+|QCD\s+)?(?:mistag|fake|efficiency|eff\b)", re.I)


def _rejection_column_of_fractions(rep: Report, c: Claim) -> bool:
    """'qq rejection @ 90% BB eff' over the rows 0.714, 0.438, 0.081, 0.719: "rejection" is also said of the fraction of the
    background a cut throws away (1 - ε_B, the B-factories' usage), which lies in [0, 1]. A table whose rejections are
    all fractions (three rows or more), in a report that nowhere defines rejection as 1/ε_B, uses that meaning: none of
    its entries is an impossible 1/ε_B. (One row below 1 among rejections above it, or 1/ε_B named anywhere, is.)"""
    if c.kind != "row" or REJECTION_AS_INVERSE.search(rep.text[:200_000]):
        return False
    column = [v for d in rep.block(c, 12) if d.kind == "row" for v in d.results("rejection")
              if v.role != "setting" and v.start < BORROWED]
    return len(column) >= 3 and all(0 <= v.value < 1 and "." in v.shown for v in column)


# "9.83% lower than the global recall", "2.1 points below the inclusive one": a number said as a change against another
CHANGE_AGAINST = re.compile(r"\s*(?:%|pp|percentage points?|points?)?\s*(?:lower|higher|less|more|smaller|larger|below|above|"
                            r"worse|better)\s+(?:than|the)\b", re.I)


def _signed_change_restated(c: Claim, v: Value) -> bool:
    """A negative value of a bounded quantity whose size its own line says again as a change against another value
    ("-9.83% ... 9.83% lower than the global recall"): the signed number is that change, a difference that may be
    negative, not the quantity itself (which could not be)."""
    return any(w is not v and w.quantity == v.quantity and abs(w.value + v.value) < 1e-12 and w.start < BORROWED
               and CHANGE_AGAINST.match(c.text, w.start + len(w.shown) - (1 if w.shown.endswith("%") else 0))
               for w in c.values)


# "mean -0.004", "bias: -0.01": the words that make a number of a response (reco/true - 1) its mean shift, not its width
MEAN_OF_A_RESPONSE_BEFORE = re.compile(r"\b(?:mean|median|average|bias|shift|offset)\s*[:=]?\s*[-−+]?$", re.I)


NULLISH = re.compile(r"(?<![\w-])(?<!\bnot )(?:consistent|compatible|in (?:good )?agreement|agrees?|in line) with (?:a |the |pure )?(?:random|chance|"
                     r"0?\.5\b|one half|null|noise|zero|nothing|no (?:signal|separation)|(?:the )?background(?:[- ]only)?\b"
                     r"(?! control| region)|(?:the )?absence of (?:any )?(?:[\w-]+ )?signal)|\bdo(?:es)?(?:n't| not) sculpt|\bno (?:sign of )?sculpting\b|\bnot sculpt(?:ing|ed)\b|"
                     r"\b(?:is|are)(?:n't| not) (?:learning|picking up|finding) anything\b|\blearns? nothing\b", re.I)
# ("so the classifier is not learning anything spurious": the control read as finding nothing)
# "gives 0.541 ± 0.008, close to the 0.5 expected with no signal": a number set beside 0.5 as if it were one, whatever its
# error says (read so in the sentence that states the number with its error)
CLOSE_TO_HALF = re.compile(r"(?<!\bnot )(?<!n't )(?<!\bnowhere )\b(?:close|near|next) to (?:the )?0?\.50?(?![\d.])"
                           r"(?!\s*(?:±|\+-|\+/-))", re.I)


def _called_random(c: Claim) -> bool:
    """The claim reads a number as chance ("consistent with random", "at chance level"), not merely as agreeing
    with something else ("the excess is consistent with the no-signal control")."""
    return "random" in c.qualifiers or bool(NULLISH.search(c.text))


def _called_back(rep: Report) -> Iterator[tuple[Claim, Value, Claim]]:
    """(claim, AUC, the sentence) where a sentence with no AUC of its own calls what it refers to random ("that's
    close enough to 0.5 to call it consistent with no signal"): the one AUC its block states before it is what it
    speaks of, read as a control."""
    for d in rep.claims:
        if d.kind != "prose" or not _called_random(d) or not REFERS_BACK.search(d.text) or SCALE_EXPLAINED.search(d.text) or any(
                v.value != 0.5 for v in d.results("auc", "accuracy")):
            continue
        before = [(c, v) for c in rep.block_before(d) if c.kind == "prose" for v in c.results("auc")
                  if v.role == "result" and v.start < BORROWED]
        if before and _control_stated_between(rep, before[-1][0], d):
            continue  # "control AUC = 0.562 ... which is consistent with random": it speaks of the control, checked as such
        quoted = [w for w in d.results() if 0 < w.value < 1 and w.value != 0.5 and not w.quantity]
        if len({v.value for _, v in before}) > 1 and quoted:
            # "fold AUCs: 0.556 0.563 ..." then "mean AUC = 0.561 +- 0.004", then "ok 0.56, that's basically 0.5": the
            # sentence speaks of the one it quotes, the one given with its error
            before = [(c, v) for c, v in before if v.uncertainty and any(same_at_precision(v, w) for w in quoted)][-1:]
        if len({v.value for _, v in before}) == 1 and (re.search(r"\b(?:it|this|that|which)\b", d.text, re.I) or CONTROLISH.search(
                " ".join(rep.lines[max(0, before[-1][0].line - 4):before[-1][0].line])[-1500:])):
            # named 'the control', the AUC is the control's where a control is set up just before it
            yield before[-1][0], before[-1][1], d


def _control_stated_between(rep: Report, c: Claim, d: Claim) -> bool:
    """A control's AUC is stated after the result of `c` and before the sentence `d` that calls something random: that
    sentence refers back to the control, the nearer one, not to the result before it."""
    lo, hi = rep.order[id(c)], rep.order[id(d)]
    return any(lo < rep.order[id(e)] < hi and any(v.role == "control" for v in e.results("auc", "accuracy"))
               for e in rep.block(d))


# "that's close enough to 0.5", "so the control is consistent with random": what was just measured, or the control by name;
# a sentence that opens on a conclusion ("So, with no signal in the sample, nothing is sculpted") draws it from what was just said
# "AUC is the chance that a random signal jet scores higher ..., so 0.5 is guessing and 1 would be perfect": a sentence
# that explains what the scale's values mean says what chance is, not that a result is at chance
SCALE_EXPLAINED = re.compile(r"\b(?:auc|area under[\w ]{0,20}) (?:is|means|measures|gives) the (?:chance|probability|odds)\b|"
                             r"(?<![\d.])0?\.5 (?:is|means|would be|would mean|corresponds to) (?:just |pure |random )?(?:guessing|chance|random|"
                             r"a coin[- ]?(?:toss|flip))\b[^.;]{0,40}\b1(?:\.0)? (?:is|means|would be|would mean) (?:perfect|ideal)", re.I)
REFERS_BACK = re.compile(r"\b(?:it|this|that|which)\b|^\W*(?:so|thus|hence|therefore)\b|\bthe (?:control|null(?: test| run| check)?|no[- ]signal (?:control|test|run|sample)|"
                         r"background[- ]only (?:control|test|run|sample))\b", re.I)


def _unnamed_control(rep: Report) -> Iterator[tuple[Claim, Value, None]]:
    """"they applied the detector to two samples of ordinary background ... In that test the algorithm scored 0.56, with
    an uncertainty of 0.01 - consistent with random guessing": a number with an error bar and no name, read as chance in
    a null test, is the score the report named an AUC a few lines before."""
    for c in rep.claims:
        if c.kind != "prose" or not (_called_random(c) or CLOSE_TO_HALF.search(c.text)):
            continue
        own = [v for v in c.results() if not v.quantity and v.uncertainty and 0 < v.value < 1 and v.start < BORROWED]
        if len(own) != 1 or (c.results("auc", "accuracy") and own[0].role != "control"):
            continue  # "background-only control: 0.541 +- 0.004 (seed 1: 0.539), consistent with random": declared a control
        before = [d for d in rep.near(c.line, 10) if d.line <= c.line and d is not c]
        lines = " ".join(rep.lines[max(0, c.line - 4):c.line])[-1500:]  # the null test may be set up in words alone
        if CONTROLISH.search(lines + " " + c.text[:1500]) and (any(d.results("auc") for d in before) or _restated_under_auc(rep, c, own[0])):
            yield c, own[0].model_copy(update={"quantity": "auc", "role": "control"}), None


def _restated_under_auc(rep: Report, c: Claim, v: Value) -> bool:
    """'the null run is fine, 0.547 +- 0.006 with nothing injected' beside the table 'AUC mean +- std over folds:' over
    's/b = 0   0.547 +- 0.006' (a chat export, newest message first: the table below): the same number with the same error,
    stated within ten lines under a line that names it an AUC."""
    return any(d is not c and d.line != c.line and any(w.shown == v.shown and w.uncertainty == v.uncertainty for w in d.values)
               and re.search(r"\bAUC\b", " ".join(rep.lines[max(0, d.line - 3):d.line])[-3000:])
               for d in rep.near(c.line, 10))


def _calls_its_own_score_random(d: Claim, v: Value) -> bool:
    """"C2 shuffled labels: 0.503 +- 0.007, compatible with 0.5": a sentence that states a score of its own, another
    than the control's `v`, calls that score random, not `v`."""
    return any(0 < w.value < 1 and abs(w.value - v.value) > 1e-9 and w.start < BORROWED and w.value != 0.5
               and abs(w.value - abs(v.value - 0.5)) > last_digit(w.shown) / 2 + 1e-12  # "|AUC - 0.5| = 0.0274": its distance
               and not TOLERANCE_BEFORE.search(d.text, max(0, w.start - 20), w.start)  # "< tol 0.030": the bar it is held to
               for w in d.values if w.role in ("result", "control", "classifier_test"))


TOLERANCE_BEFORE = re.compile(r"(?:\b(?:tol(?:erance)?|threshold|limit|max(?:imum)?)|<|≤)\s*[=:]?\s*$", re.I)

# what says a control has failed: "inconsistent with random", "not compatible with 0.5", "points to leakage", "FAILED"
CONTROL_FAILS = re.compile(r"\b(?:in|not\s+)(?:consistent|compatible)\s+with\b|\bfar from (?:0?\.5|random|chance)\b|\bleak(?:age|s|ed|ing)?\b|"
                           r"\bfail(?:s|ed|ure)?\b(?!\s+to\b)|\bnot random\b|"
                           # "lies about ten standard errors above the value of 0.5 expected": the report counts the control's
                           # distance from chance in its errors, many of them (a distance of one or two is no failure)
                           r"\b(?:[3-9]|\d{2,}|three|four|five|six|seven|eight|nine|ten|\w+teen|twenty)\s+(?:standard (?:errors|deviations)|"
                           r"sigma|σ)\s+(?:above|below|away from|off|from)\s+(?:the value of\s+)?(?:0?\.5|chance|random)", re.I)


def _failure_owned(rep: Report, v: Value) -> bool:
    """The report itself says the control stating `v` has failed: a line that states the number (itself or a line or two
    on) says it is inconsistent with chance, or points to leakage, and none of those lines calls it random; its finding
    is the report's own, not one it overlooks."""
    for c in rep.claims:
        if not any(w.value == v.value and w.shown == v.shown for w in c.values):
            continue
        around = [d for d in rep.claims if 0 <= d.line - c.line <= 2]
        if any(CONTROL_FAILS.search(d.text) for d in around) and not any(_called_random(d) for d in around):
            return True
    return False


def control_null(rep: Report) -> Iterator[Finding]:
    controls = [(c, v, None) for c, v in rep.values("auc", "accuracy", roles=("control",))]
    found: list[tuple[list[Finding], bool, Value]] = []
    for c, v, call in controls + list(_called_back(rep)) + list(_unnamed_control(rep)):
        s, how = sigma(rep, c, v)
        scale = 100.0 if 1 < v.value <= 100 and v.unit != "%" else 1.0  # "accuracy  50.30" in a table of percentages (no
        # '%' printed): 50.30% of the jets, a value near the 50 of chance, not one far above 0.5
        d = v.value / scale - 0.5
        s = s / scale if s else s
        far = abs(d) > max(3 * s, 0.03) if s else abs(d) > 0.05
        near = bool(s) and not far and abs(d) > max(3.5 * s, 0.01)  # 0.527 +- 0.004: seven errors from 0.5, a gap under
        # 0.03; 0.512 +- 0.003: four errors, a gap of a hundredth
        if not (far or near) or (call is None and _failure_owned(rep, v)):
            continue
        fs, said = _control_far(rep, c, v, call, s, how)
        if near and not said:
            continue  # a control that far off in errors, though close in AUC, is misread where the report calls it random
            # ("PASS: no difference between the regions"); where it says what the control learned, it reads it right
        found.append((fs, said, v))
    named = [v for _, said, v in found if said]
    # "no-signal AUC 0.545 ... compatible with 0.5": where the report calls a control random, that control (its number
    # wherever stated) is what it misreads; a variant it never calls random ("with wider sidebands 0.548, so not much
    # depends on the width") repeats the check, not the misreading
    for fs, said, v in found:
        if said or not named or any(same_at_precision(v, w) for w in named):
            yield from fs
    yield from _null_fit_finds_signal(rep)


# "fitted s = 212.6 +- 66.9", "fitted signal yield: 41 ± 9", "S_fit = 180 ± 40": the signal a fit returns, with its error
FITTED_SIGNAL_BEFORE = re.compile(r"(?:\bfit(?:ted)?\s+(?:signal(?:\s+(?:yield|strength|events?|count))?|s|N_?s(?:ig)?|yield|μ|mu)|"
                                  r"\bsignal\s+(?:yield|strength|events?|count)\s+(?:from\s+the\s+)?fit(?:ted)?|\bS_?fit)\s*[=:]?\s*(?:~|≈)?\s*$",
                                  re.I)
# "inj1  1500 signal events injected", "s/b = 0.6%": a line that puts signal in, whatever control word stands near it
SIGNAL_PUT_IN = re.compile(r"\b\d[\d,.]*\s+(?:[\w'-]+\s+){0,4}(?:signal\s+)?events?\s+injected|\binjected\s+(?:with\s+)?\d|"
                           r"\bs\s*/\s*b\s*=\s*0*(?:[1-9]|\.\d*[1-9])", re.I)
# "the null run behaves as it should", "the background-only fit is fine", "closure passes": a no-signal run said to give
# what it should (nothing), in words other than "consistent with zero" (NULLISH reads those)
NULL_RUN_FINE = re.compile(r"\b(?:behaves?|behaved|works?|worked)\s+as\s+(?:it|they|one|we)?\s*(?:should|would\s+expect|expected|intended)\b|"
                           r"\b(?:is|are|looks?|was|were)\s+(?:(?:perfectly|totally|completely)\s+)?(?:fine|ok(?:ay)?|clean|healthy)\b|"
                           r"\bpass(?:es|ed)?\b(?!\s+(?:through|over|on|the\s+cut))", re.I)


def _null_fit_finds_signal(rep: Report) -> Iterator[Finding]:
    """'inj0  no signal injected' over 'fitted s = 212.6 +- 66.9', then 'inj0 is the null run and behaves as it should':
    a signal yield fitted in a run with no signal put in should be zero within its error; one more than 3σ away is a
    signal the method makes on its own (a sculpted background, a biased background estimate), and a verdict further down
    that the no-signal run is fine misreads the control, as an AUC far from 0.5 called random does."""
    for c in rep.claims:
        for v in c.values:
            if v.start >= BORROWED or not v.uncertainty or v.uncertainty <= 0 or abs(v.value) <= 3 * v.uncertainty \
                    or not FITTED_SIGNAL_BEFORE.search(c.text[max(0, v.start - 40):v.start]):
                continue
            at = c.line_at(v.start)
            own = rep.lines[at - 1] if 0 < at <= len(rep.lines) else c.text
            run = " ".join(rep.lines[max(0, at - 3):at])  # the fit's line and the two above it, which name its run
            if not CONTROLISH.search(run) or SIGNAL_PUT_IN.search(own):
                continue
            verdict = _null_run_called_fine(rep, at)
            if verdict is None:
                continue
            z = abs(v.value) / v.uncertainty
            yield Finding("control_vs_null", verdict, SEVERE,
                          f"the no-signal run fits a signal of {v.shown} ± {fmt(v.uncertainty)} (line {at}), {z:.1f}σ from the "
                          "zero it should give, yet it is said to behave: the method makes a signal where none was put in "
                          "(a sculpted background, a biased background estimate)", f"the no-signal fit at {v.shown} is not zero")
            return


def _null_run_called_fine(rep: Report, at: int) -> int | None:
    """The line, within 15 below line `at`, that names the no-signal run and calls it fine (or consistent with nothing),
    unless that line or the next says it has failed."""
    for n in range(at, min(len(rep.lines), at + 15) + 1):
        text = rep.lines[n - 1]
        m = NULL_RUN_FINE.search(text) or NULLISH.search(text)
        if m is None or not CONTROLISH.search(text) or NEGATION.search(text[max(0, m.start() - 30):m.start()]) \
                or CONTROL_FAILS.search(" ".join(rep.lines[n - 1:n + 1])):
            continue
        return n
    return None


def _control_far(rep: Report, c: Claim, v: Value, call: Claim | None, s: float | None, how: str) -> tuple[list[Finding], bool]:
    """The findings of a control `v` far from 0.5 (where it stands, and the sentence that reads it as random), and whether
    the report calls it random."""
    around = rep.near(c.line, 8)
    if c.kind == "row" and c.context:  # the verdict of the control's own JSON object, however many of its fields stand
        # between (a Firestore document's "note" a dozen lines under its "auc_mean")
        around += [d for d in rep.claims if d.kind == "prose" and d.context.startswith(c.context + ".") and d not in around]
    calls = ([call] if call.line != c.line else []) if call is not None else [
        d for d in around if d.line != c.line and _called_random(d) and not _calls_its_own_score_random(d, v) and (
            CONTROLISH.search(d.text) or CONTROL.search(d.text)  # or the verdict of the control's own JSON object
            or (c.kind == "row" and d.kind == "prose" and c.context and d.context.startswith(c.context + ".")))]
    said = " yet the report calls it consistent with random" if _called_random(c) or calls or call else ""
    err = f" ± {fmt(s)} ({how})" if s else ""
    out = [Finding("control_vs_null", c.line, SEVERE,
                   f"the no-signal control gives {v.quantity.upper() if v.quantity == 'auc' else v.quantity} "
                   f"{v.shown}{err}, far from the 0.5 of a classifier that finds nothing{';' + said if said else ''}: the method "
                   "picks up a difference other than the signal (sculpting, a mismatch between the regions), "
                   "so the signal result cannot be credited to the signal",
                   f"the control at {'AUC ' if v.quantity == 'auc' else ''}{v.shown} is far from random")]
    out += [Finding("control_vs_null", _line_of_word(d, NULLISH), SEVERE,  # the sentence that reads the control as random,
                    # on the line of its verdict ("The no-signal AUC is compatible with no signal, so ..." / "... of 12 SR
                    # windows": a count on the next line is not where the misreading is said)
                    f"the control is called random, but it gives {v.shown} (line {c.line}), far from 0.5",
                    f"the control at {v.shown} is not random") for d in calls[:1]]
    return out, bool(said)


STRONG = re.compile(r"realistic|faithful|indistinguishable|(?:cannot|can['’]t|can not) (?:be )?(?:tell|told|distinguish|separat\w*)|identical|"
                    r"statistically (?:compatible|consistent|equivalent)|"
                    r"\bperfect|as good as real|like (?:the )?real", re.I)
POSITIVE = re.compile(r"realistic|faithful|indistinguishable|reproduc|good agreement|excellent|high[- ]fidelity|"
                      r"well[- ]modell?ed|like (?:the )?real|close to real|(?:cannot|can['’]t|can not) (?:be )?(?:tell|told|distinguish|separat\w*)|"
                      r"consistent with|matches|mimic", re.I)


CONTROLISH = re.compile(r"control|no[- ]signal|background[- ]only|null|shuffl|sanity|without (?:injected )?signal", re.I)
GENERATED = re.compile(r"generat|synthetic|sampled|fake jets|GPT jets", re.I)


def _own_words(c: Claim) -> str:
    """The text of `c` less the quoted words it disowns (another's wording it quotes and rejects)."""
    return QUOTE.sub(" ", c.text) if c.disowned else c.text


def _strong(text: str, words: re.Pattern[str] = STRONG) -> bool:
    """`words` said of the jets, outside a negation's scope ('neither is indistinguishable from Geant4') and outside a
    condition contrary to fact ('if they were indistinguishable, ...')."""
    text = DEFINITION.sub(" ", text)
    return any(not re.search(r"\b(?:not|no|never|hardly|nor|neither)\b(?:\s+\w+){0,3}\s*$", text[:m.start()], re.I)
               and not COUNTERFACTUAL_BEFORE.search(text[max(0, m.start() - 120):m.start()])
               and not re.search(r"\bwhether\b[^.;:!?]*$", text[max(0, m.start() - 120):m.start()], re.I)  # an open question
               and not NEGATION.search(text[max(0, m.start() - 200):m.start()])  # "not claim ..., nor that the jets are"
               and not ATTRIBUTIVE.match(text, m.end()) for m in words.finditer(text))


# "made realistic generation faster": the adjective names a kind of task, it says nothing of the jets
ATTRIBUTIVE = re.compile(r"\s+(?:generation|simulation|settings?|conditions|scenarios?|benchmarks?|use[- ]cases?|workloads?|"
                         r"detector|pile-?up)\b", re.I)


# "EPiC-FM jets are indistinguishable from the real thing": what is set against the real jets is the generated
FROM_REAL = re.compile(r"\bfrom (?:the )?(?:(?-i:[A-Z][\w-]*)(?: [\w-]+){0,2} (?=(?:truth|real|reference|simulation)\b))?"
                       r"(?:real|full(?: \w+)? sim\w*|Geant4|truth|original|reference|target|simulation)\b", re.I)
# ("the JetFlow jets are indistinguishable from full Geant4 simulation": the reference a generator is set against;
# "indistinguishable from JetNet-30 gluon truth", "from the JetNet-150 simulation": a data set's name before the truth it gives)


# a number looked back on: "v2 was 0.671", "it used to be 0.70", "previously 0.66"
PAST_VALUE = re.compile(r"\b(?:was|were|used to be|had been|previously|formerly)\s*(?:at |about |~|≈)?\s*[-+]?\.?\d", re.I)


# "v3 had given 0.647 on the same test": a value of an earlier version, in the past perfect, not the test as it stands
PAST_PERFECT_GAVE = re.compile(r"\bhad\s+(?:given|reached|scored|shown|yielded|achieved|gotten|got|produced|returned)\s+"
                               r"(?:an?\s+|the\s+)?(?:AUC\s+(?:of\s+)?)?(?:about |~|≈)?\s*[-+]?\.?\d", re.I)


# "AUC 0.583, down from 0.612 for v2": the number a change started from is the earlier state, not the test as it stands
CHANGED_FROM_VALUE = re.compile(r"\b(?:down|up|dropp?(?:ed|s|ing)?|fell|falls?|rose|rises?|decreas\w*|increas\w*|improv\w*|"
                                r"reduc\w*|lowered|raised)\s+from\s+(?:about\s+|~\s*|≈\s*)?$", re.I)
# "auc_previous_model_v2": 0.612 beside "auc_real_vs_generated": 0.583: a test AUC whose own name says it is an earlier
# (or a reference) model's is not the test of the jets as they stand, whatever the report concludes of those
EARLIER_MODEL_LABEL = re.compile(r"(?<![A-Za-z])(?:previous|prev|older|old|legacy|earlier|former|baseline)(?![A-Za-z])", re.I)


# a model's name as reports write it: with a hyphen or a digit in it ("EPiC-FM", "JetFlow2", "MP-GAN v3")
MODEL_NAME_TOKEN = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z0-9+]*(?:-[A-Za-z0-9+]+)+(?![\w-])|(?<![\w-])[A-Za-z]+\d[\w+]*(?![\w-])")


def _model_names(text: str) -> set[str]:
    return {m.group(0).lower() for m in MODEL_NAME_TOKEN.finditer(text)}


# "SnowDrift", "JetFlow": a model's name in camel case (a capital inside the word), as a generator is often called
CAMEL_NAME = re.compile(r"(?<![\w-])[A-Z]?[a-z]+[A-Z][A-Za-z]*(?![\w-])")
# "It gets an AUC of 0.64": a test's sentence naming its classifier by a pronoun, the classifier set up just before
PRONOUN_TEST = re.compile(r"\s*(?:it|this|that|the (?:classifier|network|discriminator))\s+(?:gets|gives|reaches|achieves|"
                          r"scores|yields|returns|ends up)\b", re.I)
TELL_APART = re.compile(r"\b(?:tell|distinguish|separate|discriminate)\b[^.;]*\bfrom\b", re.I)


def _names_set_up_for(rep: Report, c: Claim) -> set[str]:
    """'I trained a small network to tell real jets from SnowDrift jets ... It gets an AUC of 0.64': a test sentence that
    names no model and opens with a pronoun for its classifier is of the models the sentence setting it up names (camel
    case included)."""
    if _model_names(c.text) or not PRONOUN_TEST.match(c.text) or not 0 < c.line <= len(rep.lines):
        return set()
    line = rep.lines[c.line - 1]
    at = line.find(c.text[:20])
    above = (rep.lines[c.line - 2] if c.line >= 2 else "") + " " + (line[:at] if at > 0 else "")  # the sentence before it
    setup = [s for s in re.split(r"(?<=[.!?])\s+", above.strip()) if s][-1:]
    if not setup or not TELL_APART.search(setup[0]):
        return set()
    return _model_names(setup[0]) | _camel_names(setup[0])


def _camel_names(text: str) -> set[str]:
    return {m.group(0).lower() for m in CAMEL_NAME.finditer(text)}


def _names_of_tested_models(rep: Report) -> set[str]:
    """The model names the sentences of the generated-vs-real classifier tests give ("AUC 0.581 +- 0.0025 for EPiC-FM"),
    or the sentence setting up a test that names its classifier by a pronoun."""
    return {n for c, _ in rep.values(roles=("classifier_test",)) if c.kind == "prose"
            for n in _model_names(c.text) | _names_set_up_for(rep, c)}


def _model_of_value(c: Claim, v: Value) -> str:
    """The model name that stands nearest a test's number in its sentence ("0.566 for JetFlow-B", "the 0.612 of MP-GAN"),
    or that a table row is labelled by ("| Gen-B | 0.5702 ± 0.0014 |")."""
    if c.kind == "row":
        return min(_model_names(v.label), default="") if len(_model_names(v.label)) == 1 else ""
    if c.kind != "prose" or v.start >= len(c.text):
        return ""
    near = sorted(MODEL_NAME_TOKEN.finditer(c.text), key=lambda m: min(abs(m.start() - v.start), abs(m.end() - v.start)))
    return near[0].group(0).lower() if near else ""


# "the diffusion model passes the classifier test, whereas MP-GAN clearly does not": a model set against the verdict in
# a clause that denies it the verdict
_DENIED_IN_CONTRAST = r"\b(?:whereas|while|but|unlike)\s+(?:the\s+)?{}\b[^.;:]{{0,30}}?(?:\bdoes(?:n['’]t|\s+not)\b|\bfails\b|\bis(?:n['’]t|\s+not)\b)"


def _verdict_names_this_model(d: Claim, c: Claim, v: Value, one_test: bool) -> bool:
    """A verdict read as about the tests only because it names a tested model is about that model's test only."""
    mine = _model_of_value(c, v)
    if mine and not one_test and re.search(_DENIED_IN_CONTRAST.format(re.escape(mine)), d.text, re.I):
        return False  # the verdict denies it of this test's model
    if GENERATED.search(d.text) or one_test:
        return True
    return not mine or mine in _model_names(d.text)


# "previous run 1747 (step 300000): ...": a line led by the earlier run (model, checkpoint) it reports on, then a colon
EARLIER_RUN_LEAD = re.compile(r"\s*(?:\[[^\[\]]{0,40}\]\s*)?(?:the\s+)?(?:previous|prev|older|old|earlier|former)\s+(?:run|checkpoint|model|version|training)\b"
                              r"[^:;.]{0,60}:", re.I)


def _of_an_earlier_run(c: Claim, v: Value) -> bool:
    """The value stands on a line led by the earlier run it is of ("previous run 17 (step 300000): AUC 0.78 ...")."""
    lead = EARLIER_RUN_LEAD.match(c.text)
    return lead is not None and lead.end() <= v.start < BORROWED


def _line_of_word(c: Claim, words: re.Pattern[str]) -> int:
    """The line a wrapped sentence carries the first of `words` on ("..., so I'd say that, as far as we can tell, its" /
    "jets are indistinguishable from the real ones"): where the verdict is said; its first line where none is."""
    m = words.search(c.text)
    return c.line_at(m.start()) if m else c.line


# "They're indistinguishable.", "These are indistinguishable from the real thing": a verdict whose subject is a pronoun
PRONOUN_VERDICT = re.compile(r"\s*(?:they|these|those|both)(?:['’]re|\s+are)\s+(?:\w+\s+){0,2}indistinguishable\b", re.I)


def _pronoun_verdict_after_test(rep: Report, d: Claim) -> bool:
    """"It reaches AUC = 0.61 ± 0.01. ... They're indistinguishable.": a verdict of a pronoun, a line or two after a
    generated-vs-real classifier test's number, is of the jets that test compared."""
    return d.kind == "prose" and not d.values and PRONOUN_VERDICT.match(d.text) is not None and any(
        0 <= d.line - c.line <= 2 for c, _ in rep.values(roles=("classifier_test",)))


# "the same classifier does separate B's jets from real ones (AUC 0.538 +- 0.005)", "the jets become distinguishable":
# a test whose own sentence says the classifier tells the two apart
# ("trained a classifier on a separate split": the adjective before a set or a run, nothing told apart)
SAYS_TOLD_APART = re.compile(r"\b(?:separates|separate(?!\s+(?:[\w-]+\s+)?(?:splits?|sets?|samples?|files?|runs?|datasets?|subsets?|"
                             r"partitions?|folds?|models?|networks?|classifiers?|trainings?|tests?|jobs?|seeds?)\b)|separated|distinguish(?:es|ed)?|tells?\b[^.;]{0,40}?\bapart|(?<!in)distinguishable)\b", re.I)
DENIED_BEFORE = re.compile(r"\b(?:not|cannot|can't|doesn't|don't|didn't|never|no longer|fails? to|unable to|hardly)\b[^.;]{0,30}$|"
                           r"\b(?:less|barely|hardly|almost|nearly|scarcely)\s+$", re.I)  # ("now less distinguishable": a degree)


def _says_told_apart(c: Claim) -> bool:
    """The test's own sentence says, not denied, that its classifier tells generated from real jets apart, and calls
    them nothing like indistinguishable itself ("separates the two with AUC 0.69, so ... compatible" is judged):
    whatever another sentence of its line calls indistinguishable, this test is not said to be."""
    return c.kind == "prose" and not _strong(_own_words(c)) and any(not DENIED_BEFORE.search(c.text[:m.start()]) and not UNSAID_BEFORE.search(c.text[:m.start()])
                                     for m in SAYS_TOLD_APART.finditer(c.text))


# "a network trained to separate the two samples", "one that would distinguish them": what it is for, or would do
UNSAID_BEFORE = re.compile(r"\b(?:to|would|could|should|might|may|must)\s+(?:be\s+)?$", re.I)


# "The classifier result is consistent with 0.5, so the model passes": a verdict that the one test's classifier sits at
# the null of a classifier that cannot tell the two samples apart, i.e. that the generated jets are indistinguishable
CLASSIFIER_AT_NULL = re.compile(r"\bclassifier(?:['’]s)?\s+(?:test\s+)?(?:result|AUC|score|value)?\s*(?:is|are|was|were|remains?|"
                                r"sits?|lies?)\s+(?:(?:fully|entirely|perfectly|well|statistically|still)\s+)?(?:consistent|compatible)"
                                r"\s+with\s+(?:an?\s+AUC\s+of\s+)?(?:0?\.50?|one half|chance|random)\b", re.I)


# "[clf] fold 3/5  val AUC 0.5938": one fold's number of a test run over several folds, a part of that one test
ONE_FOLD_OF_N = re.compile(r"\b(?:fold|split)\s*#?\s*\d{1,2}\s*(?:(?:/|of)\s*\d{1,2}\b|:)", re.I)  # ("fold 2: AUC 0.5584":
# a line labelled with its fold)


def _verdict_under_a_test_heading(d: Claim) -> bool:
    """"/classifier/high_level (Group) 'input: layer energies'" under "/classifier (Group) 'Geant4 vs generated classifier
    tests'", then "verdict := 'classifier cannot tell the showers from Geant4'": a verdict in the section of a generated-vs-
    real classifier test, that the jets (showers) cannot be told from the reference, is that test's verdict."""
    return bool(d.context) and CLASSIFIER_TEST.search(d.context) is not None and FROM_REAL.search(d.text) is not None \
        and _strong(_own_words(d))


def _of_the_test_under_its_heading(d: Claim, c: Claim, tests: list[tuple[Claim, Value]]) -> bool:
    """A verdict under a classifier test's own heading, that holds a test of its own, is about that test, not another
    section's ("/classifier/low_level" beside "/classifier/high_level")."""
    return not d.context or c.context == d.context or not CLASSIFIER_TEST.search(d.context) \
        or not any(e.context == d.context and e is not d and w.value != 0.5 for e, w in tests)  # (its own "close to 0.5"
    # is the null it is set against, no test of that section)


# "statistically indistinguishable", "statistically compatible with the truth": a verdict of the test's statistics, which
# holds only within its errors (no allowance for an AUC excess small in practice)
STATISTICAL_VERDICT = re.compile(r"\bstatistically\s+(?:indistinguishable|compatible|consistent|equivalent)\b", re.I)


def _error_of_the_models_test(rep: Report, c: Claim, v: Value) -> tuple[float | None, str]:
    """'EPiC-FM sits at 0.52: ... indistinguishable' under a table row 'EPiC-FM | 0.5216 ± 0.0019': a test's number
    restated, rounded, of the model whose test gives it with its error elsewhere (the same at the restated precision):
    that error."""
    names = _model_names(c.text[:BORROWED])
    for d, w in rep.values(roles=("classifier_test",)):
        if d is not c and w.uncertainty and same_at_precision(v, w) and names & _model_names(f"{w.label} {d.text}"):
            return w.uncertainty, f"stated on line {d.line}"
    return None, ""


def classifier_null(rep: Report) -> Iterator[Finding]:
    one_test = len({v.value for c, v in rep.values(roles=("classifier_test",)) if v.value != 0.5
                    and not ONE_FOLD_OF_N.search(c.text)}) == 1  # then "X ... from the
    # real" is of it ("an AUC of 0.5 would mean it cannot tell them apart": the null the test is set against, no second test)
    tested = _names_of_tested_models(rep)  # or of the test whose sentence names the same model ("AUC 0.581 for EPiC-FM")
    claimed = [d for d in rep.claims if (GENERATED.search(d.text) or (one_test or tested & (_model_names(d.text) | _camel_names(d.text)) and not any(
        w.role == "classifier_test" for w in d.values)) and FROM_REAL.search(d.text)) and (_strong(_own_words(d)) or (
        {"perfect", "indistinguishable"} & set(d.qualifiers))) or _pronoun_verdict_after_test(rep, d)
        or _verdict_under_a_test_heading(d)
        or (one_test and CLASSIFIER_AT_NULL.search(d.text) is not None)]  # (a verdict
    # stating its own test's AUC is judged there)
    tests = list(rep.values(roles=("classifier_test",)))
    now = [c for c, _ in tests if not PAST_VALUE.search(c.text) and not PAST_PERFECT_GAVE.search(c.text)]
    named: list[Value] = []  # the test AUCs already named (a later line restating one is not another finding)
    for c, v in tests:
        s, how = sigma(rep, c, v)
        if s is None:
            s, how = _error_of_the_models_test(rep, c, v)
        d = v.value - 0.5
        if d <= 0:
            continue  # below 0.5: auc_below_half
        if _says_told_apart(c):
            continue
        if ONE_FOLD_OF_N.search(c.text) and any(not ONE_FOLD_OF_N.search(e.text) for e, _ in tests):
            continue  # one fold's AUC, where the report gives the test's combined one: that one is judged
        if v.uncertainty is None and len(c.results()) + len([w for w in c.values if not w.quantity]) >= 3 and any(
                0 < e.line - c.line <= 2 and w.uncertainty and same_at_precision(v, w) for e, w in tests):
            continue  # "fold AUCs: 0.681 0.675 0.686" over "AUC: 0.681 +- 0.004": one fold of a list, summed up with its
            # error just below; that line is the test's result
        same_line = " ".join(_own_words(x) for x in rep.by_line.get(c.line, []))
        about = [d for d in claimed if (not (own := [w for w in d.values if w.role == "classifier_test" and w.value != 0.5])
                 or any(same_at_precision(v, w) for w in own)) and _verdict_names_this_model(d, c, v, one_test)
                 and _of_the_test_under_its_heading(d, c, tests)]  # "with a C2ST AUC of 0.571 the jets are indistinguishable":
        # a claim that states its own test's AUC speaks of that test, not of the baseline's test elsewhere in the report
        # (the 0.5 of "AUC close to 0.5" is the null it is set against, no test's own); "AUC = 0.618 ... v2 was 0.671 ...
        # indistinguishable now": a claim elsewhere is of the test as it stands, not of an earlier version's
        earlier = bool(EARLIER_MODEL_LABEL.search(v.label)) or bool(
            v.start < BORROWED and CHANGED_FROM_VALUE.search(c.text, max(0, v.start - 40), v.start)) or _of_an_earlier_run(c, v)
        strong = _strong(same_line) or bool(about) and not (now and (c not in now or earlier))
        if not (strong or _strong(same_line, POSITIVE)):  # a positive word under a negation says the opposite
            continue
        if not _strong(same_line) and any(same_at_precision(v, w) for w in named):
            continue  # "the AUC drops from 0.642 to 0.571": the number again, after its record line was named
        named.append(v)
        # "indistinguishable" must hold within the errors; "close to real" allows a small AUC excess
        far = (d > max(3 * s, 0.01 if STATISTICAL_VERDICT.search(same_line) else 0.03) if s else d > 0.05) if strong else d > 0.1
        # ("statistically indistinguishable": within the test's own errors, not within a practical allowance of 0.03)
        if far:
            yield Finding("classifier_test_vs_null", c.line, SEVERE,
                          f"the generated-vs-real classifier reaches AUC {v.shown}; jets it cannot tell apart "
                          f"give 0.5{f' (± {fmt(s)}, {how})' if s else ''}, so the generated jets are "
                          "distinguishable, not realistic as claimed",
                          f"the classifier test at AUC {v.shown} tells generated from real jets")
            for d in sorted([d for d in about if d.line != c.line], key=lambda d: abs(d.line - c.line))[:1]:  # the verdict
                # nearest the test speaks of it (not a reviewer's comment quoted lines before it), on the line of its word
                yield Finding("classifier_test_vs_null", _line_of_word(d, STRONG), SEVERE,
                              f"generated jets are called indistinguishable from real ones, but the classifier test "
                              f"gives AUC {v.shown} (line {c.line}), well above 0.5",
                              f"the classifier test at AUC {v.shown} tells generated from real jets")


# "per-fold AUC spread: min 0.4127 max 0.5712": the extremes of a list of results, named as such
EXTREME_LABEL = re.compile(r"(?:min|max|minimum|maximum|lowest|highest|smallest|largest)", re.I)


def _extreme_of_those_above(rep: Report, c: Claim, v: Value) -> bool:
    """The smallest (or largest) of results printed on the lines above, restated under that name with the same digits:
    no measurement of its own; the line that gave it is where it stands."""
    return bool(EXTREME_LABEL.fullmatch(v.label.strip())) and any(
        w.shown == v.shown and w.start < BORROWED for d in rep.near(c.line, 20) if d.line < c.line for w in d.results(v.quantity))


def below_half(rep: Report) -> Iterator[Finding]:
    explaining = [d for d in rep.claims if _explains(d)]
    complemented = _complemented_anywhere(rep)
    for c, v in rep.values("auc", "classifier_auc", roles=("result", "classifier_test")):
        s, _ = sigma(rep, c, v)
        said = any(_explains(d) for d in rep.by_line.get(c.line, [])) or any(  # explained here or nearby
            _explains(d) and re.search(r"below 0?\.5|under 0?\.5", d.text) for d in rep.near(c.line, 8)) or any(
            re.search(rf"(?<![\d.]){re.escape(v.shown)}(?!\d)", d.text)
            for d in explaining) or _flipped_nearby(rep, c, v) or _inversion_explained_next(rep, c) \
            or _restates_an_explained_one(rep, c, v) or _complemented(c, v) or _complemented_elsewhere(v, complemented)  # the same number
        # explained anywhere ("1 - 0.187 = 0.813"), or the sentences right after it say why it is inverted
        if v.value >= 0.5 - max(2 * (s or 0), 0.02) or said or v.value < 0.1 and not _in_a_column_of_aucs(rep, c, v) or _posed(rep, c) \
                or _extreme_of_those_above(rep, c, v):
            continue  # (an exercise's premise, "A tagger gives AUC 0.38. Give two reasons", is the case to diagnose) below 0.1 a number read as an AUC is a change or an error far likelier than an AUC
        if v.role == "classifier_test":
            msg = (f"a classifier-test AUC of {v.shown} is below 0.5: the real-vs-generated classifier is "
                   "inverted or overfit (it ranks the classes the wrong way on held-out jets); it cannot mean "
                   "that generated jets are better than real ones")
        else:
            msg = (f"an AUC of {v.shown} is below 0.5: the score ranks background above signal, so its sign or "
                   "labels are inverted (or it is overfit); it is not a working tagger as it stands")
        first = any(w.start < BORROWED and w.value < 0.5 and c.line_at(w.start) == c.line
                    for w in c.results("auc", "classifier_auc"))
        at = c.line_at(v.start) if not first and v.start < min(len(c.text), BORROWED) else c.line
        # ("An AUC under 0.5 just means ... so with" / "0.914 on Pythia and 0.437 on Herwig ... is your best model": a
        # wrapped sentence stands at its first number, here the 0.5 of its premise; the AUC judged is on its own line;
        # where its first line holds an AUC below 0.5 already, "fold AUCs 0.37 0.39" / "0.38 ...", that line is its place)
        yield Finding("auc_below_half", at, SEVERE, msg, f"AUC {v.shown} below 0.5 means an inverted or overfit score")
        for d in [d for d in rep.near(c.line, 3) if d.line != c.line and (
                "better_than_real" in d.qualifiers or BELOW_READ.search(d.text))][:1]:  # "below 0.5 means ... more realistic"
            yield Finding("auc_below_half", d.line, SEVERE, f"the AUC of {v.shown} (line {c.line}) is read as a gain, but "
                          "below 0.5 the score is inverted or overfit", f"AUC {v.shown} below 0.5 read as better")


def _column_of(line: str, shown: str) -> tuple[int, int] | None:
    """Where the number `shown` stands in a printed line (its last occurrence): (start, end) columns."""
    at = [m.span() for m in re.finditer(rf"(?<![\w.]){re.escape(shown)}(?![\w.])", line)]
    return at[-1] if at else None


def _in_a_column_of_aucs(rep: Report, c: Claim, v: Value) -> bool:
    """A small number set in a printed column of AUCs ('ParticleNet   0.985' over 'mine   0.028', the numbers aligned):
    the column says it is an AUC, however far below 0.5, not a change or an error."""
    if c.kind != "prose" or v.start >= BORROWED or not 0 < c.line <= len(rep.lines) or (
            col := _column_of(rep.lines[c.line - 1], v.shown)) is None:
        return False
    aligned = 0
    for step in (-1, 1):
        n = c.line + step
        while 0 < n <= len(rep.lines) and rep.lines[n - 1].strip() and abs(n - c.line) <= 6:
            others = [w for d in rep.by_line.get(n, []) for w in d.results("auc") if w.start < BORROWED]
            if len(others) != 1 or (at := _column_of(rep.lines[n - 1], others[0].shown)) is None or \
                    (at[0] != col[0] and at[1] != col[1]):
                break
            aligned += others[0].value >= 0.5
            n += step
    return aligned >= 2


# what explains an AUC below 0.5 (its labels or sign inverted), where 'only a little worse than random' describes it
INVERSION = re.compile(r"invert|(?<!matrix )inversion|flip|swap|revers|\b1\s*[-−]\s*(?:AUC|0?\.\d)|wrong sign|sign[- ]flip|\binverse\b|anti[- ]?correlat|"
                       r"opposite|ranks? (?:the )?background (?:above|over|before|higher)|wrong class first|minus the|"
                       r"ranks? (?:the )?signal (?:below|under|lower than|as (?:more|less) [\w-]+ than) (?:the )?background|"
                       r"\bbackwards?\b|wrong way a?round|" + SCORE_HIGH_FOR_BACKGROUND, re.I)


def _complemented(c: Claim, v: Value) -> bool:
    """The AUC is written as the operand of its complement ("1 - 0.19", "1 − AUC(0.19)"): the report flips the score
    itself there, so the inversion is known and read, not a defect it overlooks."""
    return v.start < BORROWED and re.search(r"(?<![\d.])1\s*[-−]\s*(?:AUC\s*\(?\s*)?$", c.text[:v.start], re.I) is not None


def _complemented_elsewhere(v: Value, complemented: set[str]) -> bool:
    """The same AUC, to its printed digits, is written elsewhere in the report as the operand of its complement (a notebook's
    output cell "AUC: 0.2731" and, in the prose after it, "the AUC is 1 - 0.2731"): the report flips it itself, the
    inversion is known wherever the number is printed. `complemented`: the report's `_complemented_anywhere`."""
    return "." in v.shown and len(v.shown.split(".")[-1]) >= 2 and v.shown in complemented


def _complemented_anywhere(rep: Report) -> set[str]:
    """Every number the report writes as the operand of its complement ("1 - 0.2731"), as printed."""
    return {w.shown for d in rep.claims for w in d.values if _complemented(d, w)}


def _explains(d: Claim) -> bool:
    """`d` says the score is inverted (labels swapped, sign flipped), not only that it is worse than random."""
    return "inverted" in d.qualifiers and bool(INVERSION.search(TITLE_CASE_NAME.sub(" ", d.text)))


# "Reverse Gear", "Flip Side": words of a name in title case (a runner's, a model's), not a score said to be inverted
TITLE_CASE_NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b|^[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b(?=\s+(?:is|was|has|had|posted|gets|got)\b|\s*\|)")


def _inversion_explained_next(rep: Report, c: Claim, k: int = 2) -> bool:
    """One of the next `k` sentences of `c`'s paragraph says its score is inverted ("AUC 0.38 ... This is no good result:
    ..., so the score's direction is inverted for this signal"): the report knows and says why, it overlooks nothing."""
    after = [d for d in rep.block(c) if rep.order[id(d)] > rep.order[id(c)]]
    return any(_explains(d) for d in sorted(after, key=lambda d: rep.order[id(d)])[:k])


def _restates_an_explained_one(rep: Report, c: Claim, v: Value) -> bool:
    """The AUC given again later in its paragraph ("... 0.44 in one fold; a sign slip in that fold flipped it. We did not
    quote 0.44 anywhere."), after the sentence that first gave it was explained as inverted: the same number, known."""
    return any(same_at_precision(v, w) and _inversion_explained_next(rep, d) for d in rep.block_before(c)
               for w in d.results("auc", "classifier_auc"))


def _flipped_nearby(rep: Report, c: Claim, v: Value) -> bool:
    """An AUC stated beside its complement ("auc_raw: 0.264", "auc: 0.736"): the report has flipped the
    score's sign itself, so the inversion is known and read, not a defect it overlooked."""
    def digits(x: Value) -> int:
        return len(x.shown.split(".")[-1].rstrip("%")) if "." in x.shown else 0
    n = digits(v)

    def flipped(d: Claim, w: Value) -> bool:  # ("reversing the score gives 0.62": what the flipped score reaches)
        return w.start < BORROWED and INVERSION.search(d.text, max(0, w.start - 50), w.start) is not None
    return n >= 2 and (any(digits(w) == n and abs(w.value + v.value - 1) <= 0.51 * 10 ** -n
                           for d in rep.near(c.line, 3) for w in d.results("auc", "") if w is not v and not _other_row(c, v, d, w)
                           and (w.quantity or flipped(d, w))) or any(
        digits(w) == n and abs(w.value + v.value - 1) <= 0.51 * 10 ** -n and flipped(d, w)
        for d in rep.block(c) if d.line > c.line + 3 for w in d.results("auc", "")))
    # (or further on in its paragraph: "... got an AUC of 0.31. ... I had swapped the labels. Flip the score and it's 0.69")


FLIP_MARK = re.compile(r"^[\s_-]*(?:flip(?:ped)?|inv(?:erted)?|reversed?|negated|1\s*-)[\s_-]*$", re.I)


def _flip_of(name: str, other: str) -> bool:
    """`other` is `name` with a flip marker added ("tau32" -> "tau32_flip", "score inverted"): the flipped score."""
    name, other = name.strip().lower(), other.strip().lower()
    return bool(name) and other != name and (other.startswith(name) and bool(FLIP_MARK.match(other[len(name):])) or
                                             other.endswith(name) and bool(FLIP_MARK.match(other[:-len(name)])))


def _other_row(c: Claim, v: Value, d: Claim, w: Value) -> bool:
    """`w` is in another table row of another name: another model ("tau21 only 0.5630" is no complement of "EFN-small
    0.4370" two rows above), where a data answer's fields "auc_raw: 0.2642", "auc: 0.7358" are one object's."""
    if _flip_of(v.label, w.label) or _flip_of(w.label, v.label):
        return False  # "bdt_tau32" above "bdt_tau32_flip": the same score, its sign flipped in a row of its own
    a, b = v.label.split()[:1], w.label.split()[:1]
    mine, theirs = set(v.label.split()), set(w.label.split())
    return "row" in (c.kind, d.kind) and (c.context != d.context or bool(a and b and a != b) or (
        " | " in c.text and " | " in d.text and bool(mine - theirs and theirs - mine)))  # "ae mse | top | 0.660" two rows
    # above "ae mse | wprime_4q | 0.340": one method on another signal, each row naming something the other does not


BELOW_READ = re.compile(r"\b(?:below|under|less than) (?:0?\.5|one half|random|chance)\b[^.;]{0,40}\b(?:better|more realistic|"
                        r"superior|outperform\w*|even (?:more|better))", re.I)
BACKGROUND = re.compile(r"background (?:estimate|expectation|prediction|model|fit|yield|only fit|only hypothesis)|"
                        r"(?:expected|estimated|predicted|fitted) background|sideband|data[- ]driven|\bB\s*=\s*\d|"
                        r"null hypothesis|background[- ]only|(?:prediction|estimate|model|expectation) of the (?:\w+ )?background|"
                        r"\bB[_ ]?(?:fit|fitted|exp|expected|pred|est|bkg)\s*[=:]\s*\d|\bSB[- ]fit\b", re.I)
# ("N_obs = 1346, B_fit = 1201.3 (SB fit)": the fitted background count, in a program's names)
# ("the AI's prediction of the ordinary background": the background estimate, in words)
TRIALS = re.compile(r"trials? factor|look[- ]elsewhere|global (?:significance|p)|\bLEE\b|\b[pZ]_glob(?:al)?\b", re.I)  # or a column
SCAN = re.compile(r"\bscan|bump[- ]hunt|sliding window|several (?:signal )?regions|mass (?:range|points)|many bins", re.I)
# "12 signal-region windows", "in one of several windows", "the best of 20 mass bins": the places looked, counted; the
# trials they bring are what a local significance that passes the bar still owes (one short of it fails already)
COUNTED_PLACES = re.compile(r"\b(?:[2-9]|[1-9]\d{1,3}|several|multiple|many)\s+(?:[\w-]+\s+){0,2}?(?:windows|signal[- ]regions|"
                            r"mass bins|mass hypotheses)\b|\bbest (?:of (?:the )?(?:\d+ )?)?(?:windows?|signal[- ]regions?|mass bins?)\b", re.I)
# a correction the report says it has not made: "look-elsewhere correction: not applied", "global p not computed", "I haven't
# done the look-elsewhere correction yet", "without a trials factor", "the preprint does not quote a global significance",
# "the look-elsewhere effect over the 40 scanned windows has not been evaluated yet" (what it is over may stand between)
UNDONE_BEFORE = re.compile(r"\b(?:no|without|haven't|hasn't|have not|has not|did not|didn't|does not|doesn't|do not|don't|not yet|skipp\w*|ignor\w*|neglect\w*)"
                           r"\s+(?:[\w-]+\s+){0,3}$", re.I)
UNDONE_AFTER = re.compile(r"[^.;\n]{0,60}?\b(?:not|never)\s+(?:yet\s+)?(?:been\s+)?(?:applied|done|computed|performed|made|included|"
                          r"run|evaluated|estimated|corrected|taken into account|accounted for)\b", re.I)


def _trials_corrected(text: str) -> bool:
    """The report corrects for the places it looked: it names a trials factor, a look-elsewhere correction or a global
    significance that it does not say is missing."""
    return any(not UNDONE_BEFORE.search(JSON_ESCAPED_BREAK.sub(" ", text[max(0, m.start() - 60):m.start()]))
               and not UNDONE_AFTER.match(text, m.end()) for m in TRIALS.finditer(text))


# '...p_local > 0.05\nno look-elsewhere correction applied yet"': a line break written as an escape inside a JSON string
# (a prompt pasted into a request) parts the words as a break does
JSON_ESCAPED_BREAK = re.compile(r"\\[nrt](?=[A-Za-z])")


def discovery(rep: Report) -> Iterator[Finding]:
    claims = [c for c in rep.claims if "discovery" in c.qualifiers]
    if not claims:
        return
    rows = [c for c in claims if c.kind == "row"]
    claims = [c for c in claims if not (c in rows[1:] and not c.results("significance", "p_value"))]  # a later row that
    # gives the verdict again with no significance of its own (the status read back by another query) claims nothing new
    sig = [v for _, v in rep.values("significance") if v.bound != "<"]
    ps = [v for _, v in rep.values("p_value")]
    missing = []
    if not sig and not ps:
        missing.append("no p-value or significance")
    flat = " ".join(rep.text.split())  # "over a fitted\n  background of 340": the words, wherever the lines break
    if not BACKGROUND.search(flat):
        missing.append("no background estimate")
    if SCAN.search(flat) and not _trials_corrected(flat) and not missing:
        missing.append("no trials factor for the scan (look-elsewhere effect)")
    places = not missing and COUNTED_PLACES.search(flat) is not None and not _trials_corrected(flat)
    z = max([v.value for v in sig] + [float(st.norm.isf(v.value)) for v in ps if 0 < v.value < 1], default=None)
    glob = [d for d in rep.claims if re.search(r"(?<![^\W_])glob(?:al)?(?![^\W_])|look[- ]elsewhere|trials", d.text, re.I)]
    # "11 toys with max local Z >= 4.1σ, p_global = 0.011 (2.3σ)": a number the line itself calls local is not the global one
    zg = [v.value for d in glob for v in d.results("significance") if v.bound != "<" and _scope(d, v) != "local"] + \
        [float(st.norm.isf(v.value)) for d in glob for v in d.results("p_value") if 0 < v.value < 1 and _scope(d, v) != "local"]
    z = max(zg) if zg and re.search(r"(?<![^\W_])glob(?:al)?(?![^\W_])|\bafter (?:the |a )?(?:look[- ]elsewhere|trials)",
                                    " ".join(d.text for d in glob), re.I) else z  # the corrected one counts ("Z_glob = 4.2",
    # "after the look-elsewhere effect: ... 4.2")
    quoted = [c for c in claims[1:] if 0 < c.line <= len(rep.lines) and rep.lines[c.line - 1].lstrip().startswith(">")]
    quoted += [c for c in claims[1:] if _restated_claim(rep, c)]
    for c in [c for c in claims if not any(c is q for q in quoted)][:6]:  # each sentence that claims it (a headline, then the quote of
        # a speaker that repeats it) is a claim of its own; a reply's '>' line quotes one already read (by identity: a
        # table's note cell read twice as prose gives two equal claims, and the copy quoted leaves the first one standing)
        word = re.search(r"discover\w*|observ\w*|evidence|found|detect\w*", c.text, re.I)
        need = 3.0 if word and word.group(0).lower() == "evidence" else 5.0
        if missing:
            yield Finding("discovery_without_evidence", c.line, SEVERE,
                          f"'{word.group(0) if word else 'discovery'}' is claimed with {', '.join(missing)}: a discovery "
                          "is a p-value under a stated background-only hypothesis, corrected for the places looked",
                          " and ".join(missing).replace("no p-value or significance", "no p-value is given"))
        elif places and (z is None or z >= need):
            yield Finding("discovery_without_evidence", c.line, SEVERE,
                          f"'{word.group(0) if word else 'discovery'}' is claimed at a local {z or 0:.1f}σ with no trials factor "
                          "for the places looked (look-elsewhere effect): corrected for them it is smaller",
                          "no trials factor for the places looked")
        elif z is not None and z < need:
            yield Finding("discovery_without_evidence", c.line, SEVERE,
                          f"'{word.group(0) if word else 'discovery'}' is claimed at {z:.1f}σ; the convention is "
                          f"{need:.0f}σ ({'3σ evidence, 5σ discovery'})", f"{z:.1f}σ is short of {need:.0f}σ")


def _restated_claim(rep: Report, c: Claim) -> bool:
    """'... this is a discovery. We have found a new resonance at 3.6 TeV.': a sentence that claims the discovery again
    right after the sentence of its paragraph that claimed it (the next statement, a line on at most) says it twice; it
    is one claim, named where it is first made."""
    before = rep.block_before(c)
    return bool(before) and "discovery" in before[-1].qualifiers and before[-1].kind == c.kind == "prose" \
        and 0 <= c.line - before[-1].line <= 1


FLOORED = ", not the smaller error stated"


def _sigma_at_least_the_test_sets(rep: Report, c: Claim, v: Value) -> tuple[float | None, str]:
    """`sigma` of a side, but never below what its test set allows: a stated error under half of that (the table's
    "0.0213 ± 0.0004" on 3000 QCD jets, itself a finding) judges no difference; the test set's binomial or Hanley-McNeil
    error does."""
    s, how = sigma(rep, c, v)
    if s is None or not how.startswith("stated"):
        return s, how
    if v.start < BORROWED and v.uncertainty:
        where = [(c, v)]
    else:  # a side taken from a table, or quoted bare: judged where its error is printed, by that line's test set
        where = [(d, w) for d, w in rep.errors.get((v.quantity, v.value), []) if w.start < BORROWED
                 and (w.uncertainty == v.uncertainty if v.uncertainty else d.line != c.line)][:1]
    for d, w in where:
        if (low := error_below_test_set(rep, d, w)) is not None:
            return low[0], f"{low[1]}{FLOORED}"
    return s, how


def _difference_sigma(rep: Report, c: Claim) -> tuple[float, float | None, str] | None:
    """(|a - b|, its standard error, how) for the comparison of `c`."""
    ops = operands(c)
    if ops is None:
        return None
    a, b, bv = ops
    sa, how = _sigma_at_least_the_test_sets(rep, c, a)
    if bv is None:
        return abs(a.value - b), sa, how
    sb, how_b = _sigma_at_least_the_test_sets(rep, c, bv)
    if sa is None or sb is None:
        return abs(a.value - b), None, ""
    return abs(a.value - b), math.hypot(sa, sb), how if how == how_b else f"{how}; {how_b}"


# where a sentence's clause ends and another, with its own verb, begins: ", and there", "; while", ", but"
CLAUSE_BREAK = re.compile(r"(?:,\s*|;\s*|\s)(?:and|but|while|whereas)\s+(?:there\s+|here\s+|also\s+|then\s+)?|;\s+", re.I)


def _clause_of_significant(c: Claim) -> list[Value] | None:
    """'At 1 % labels the gain is smaller but significant (0.9711 vs 0.9703), and there pre-training also improves the
    rejection (352 vs 389)': a 'significant' said in a clause of its own, before the clause that makes the sentence's
    comparison: the two results of that clause alone (none given with an error, a p-value or a significance) are what the
    word is said of."""
    comp, word = c.comparison, QUALIFIER_RE["significant"].search(c.text)
    if comp is None or word is None or c.kind != "prose" or not comp.word:
        return None
    at = c.text.find(comp.word, max(len(comp.subject) - 2, 0))
    cut = next((m.start() for m in CLAUSE_BREAK.finditer(c.text, word.end(), at)), -1) if at > word.end() else -1
    own = [v for v in c.values if v.start < cut]
    pair = [v for v in own if v.role == "result"]
    if cut < 0 or len(pair) != 2 or any(v.uncertainty or v.quantity in ("p_value", "significance") for v in own) \
            or pair[0].quantity != pair[1].quantity or _judged_by_said(c.text[:cut]):
        return None
    return pair


def _significance_of_own_clause(rep: Report, c: Claim, pair: list[Value]) -> Finding | None:
    a, b = pair
    sa, how = sigma(rep, c, a)
    sb, _ = sigma(rep, c, b)
    diff = abs(a.value - b.value)
    if sa is None or sb is None:
        return Finding("significance_unsupported", c.line, MAJOR,
                       f"'significant' for a difference of {fmt(diff)} ({a.shown} vs {b.shown}) with no uncertainty or "
                       "p-value from which one could judge it", "'significant' without any uncertainty")
    s = math.hypot(sa, sb)
    if diff < 2 * s:
        return Finding("significance_unsupported", c.line, MAJOR,
                       f"'significant' for a difference of {fmt(diff)} ({a.shown} vs {b.shown}) that is {diff / s:.1f}σ "
                       f"(σ = {fmt(s)}, {how}): within the noise", f"the difference is only {diff / s:.1f}σ")
    return None


def significance(rep: Report) -> Iterator[Finding]:
    for c in rep.claims:
        if "significant" not in c.qualifiers:
            if "clearly" in c.qualifiers and (clear := _clear_gain_of_the_pair_before(rep, c)
                                              or _clear_change_with_errors_elsewhere(rep, c)):
                yield clear
            continue
        if direction_holds(c) is False:  # the comparison is wrong, named by its own rule; a 'significant' in a clause
            # before it, with a pair of its own, is judged on that pair
            if (pair := _clause_of_significant(c)) is not None and (own := _significance_of_own_clause(rep, c, pair)):
                yield own
            continue
        if (tested := _gain_tested_by_the_report(rep, c)) is not None:
            yield tested
            continue
        found = list(_significance_of(rep, c))
        if not found and (excess := _significant_excess(rep, c)) is not None:
            found = [excess]
        if not found and (counted := _significant_between_counted_rates(rep, c)) is not None:
            found = [counted]
        if not found and (earlier := _significant_gain_stated_before(rep, c)) is not None:
            found = [earlier]
        if only_called_clear(c.text):  # "a clear gain": judged where an error shows the gap inside the noise; with no error
            # at hand the word may rest on one the report prints elsewhere under another name, so nothing is said
            found = [f for f in found if f.short not in NO_ERROR_SHORTS]
            if not found and (clear := _clear_gain_of_the_pair_before(rep, c)):
                found = [clear]  # (no number of its own: the pair the sentence just before gives, with their errors)
            yield from found
            continue
        yield from found
        if not found and not _test_set_judges(rep, c) and (one := _one_training_unsupported(rep, c)):
            yield one


# "Difference  0.001540", "mean diff = 0.0015", "Δ = +0.0015": the difference a statistics package's two-group test prints
TESTED_DIFFERENCE_LABEL = re.compile(r"\bdiff(?:erence)?\b|\bdelta\b|Δ", re.I)


def _gain_tested_by_the_report(rep: Report, c: Claim) -> Finding | None:
    """'a clear, reliable gain in AUC of 0.0015 (0.98412 -> 0.98566)' below a statistics package's t test of the two groups
    ('Difference 0.001540 ... Prob > |t| 0.2454'): the report's own test of that very difference (the gain the claim states,
    at its printed precision, and a p-value within three lines of it) judges the word; at p >= 0.05 it is within what
    chance gives. (At p < 0.05 the other readings still judge it: a test can be run on too few jets or seeds.)"""
    gains = [(abs(g.value), last_digit(g.shown.lstrip("+-−").rstrip("%")) / 2) for g in c.values
             if g.role == "difference" and g.start < BORROWED and g.value and not g.shown.endswith("%")]
    ends = [v for v in c.results() if v.role == "result" and v.start < BORROWED and v.quantity not in ("p_value", "significance")]
    if len(ends) == 2:
        gains.append((abs(ends[0].value - ends[1].value), max(last_digit(v.shown) for v in ends)))
    if not gains or c.kind != "prose" or any(v.quantity in ("p_value", "significance") for v in c.values):
        return None
    for d in rep.claims:
        if d.line >= c.line:
            break
        for w in d.values:
            if w.role != "difference" or w.start >= BORROWED or not TESTED_DIFFERENCE_LABEL.search(w.label) \
                    or not any(abs(abs(w.value) - g) <= step + 1e-12 for g, step in gains):
                continue
            ps = [(e, p) for e in rep.near(d.line, 3) if d.line <= e.line <= d.line + 3
                  for p in e.results("p_value") if not p.bound and 0 < p.value < 1 and p.start < BORROWED]
            if not ps:
                continue
            e, p = min(ps, key=lambda ep: ep[0].line)
            if p.value < 0.05:
                return None
            return Finding("significance_unsupported", c.line, MAJOR,
                           f"a gain called beyond the noise, {w.shown}, which the report's own test of that difference "
                           f"(line {e.line}) gives p = {p.shown}: within what chance gives (p >= 0.05)",
                           f"the report's own test gives p = {p.shown}")
    return None


# "a clear gain in sensitivity", "This is a clear improvement": a gain said to be plain to see, i.e. no fluctuation
# (vocabulary.CLEAR_GAIN, "a clear gain" in a noun phrase, makes a sentence a claim of significance; this also reads
# "clearly an improvement" and "a clear performance gain" where the gain has no number of its own)
GAIN_CALLED_CLEAR = re.compile(r"\bclear(?:ly)?\s+(?:[\w-]+\s+)?(?:gain|improvement|advantage|step forward)s?\b", re.I)


def _pair_just_before(rep: Report, c: Claim) -> list[tuple[Claim, Value]]:
    """The results of a named quantity that the sentences just before `c` give (its own paragraph, within three lines),
    walking back until two are found."""
    found: list[tuple[Claim, Value]] = []
    for d in reversed(rep.claims[:rep.order[id(c)]]):
        if d.kind != "prose" or d.context != c.context or not 0 <= c.line - d.line <= 3 or len(found) >= 2:
            break
        found = [(d, v) for v in d.results() if v.role == "result" and v.quantity and v.start < BORROWED] + found
    return found


def _clear_gain_of_the_pair_before(rep: Report, c: Claim) -> Finding | None:
    """'0.861 ± 0.009 for flow matching and 0.853 ± 0.010 for the normalising flow. The new estimator therefore gives a
    clear gain', 'That is clearly better than the state of the art': a gain called clear with no number of its own, of the
    two results of one quantity the sentences just before give, says the difference stands out of the noise: with their
    errors (stated, or at least what their test set allows) it must be 2σ or more; with none, and one training per side,
    it is unsupported."""
    m, cmp = GAIN_CALLED_CLEAR.search(c.text), c.comparison
    pointed = "clearly" in c.qualifiers and cmp is not None and not cmp.negated and cmp.relation in ("better", "higher") \
        and POINTS_BACK.match(c.text) is not None  # 'That is a clear improvement', 'This is clearly better'
    if c.kind != "prose" or not (pointed or m and not NEGATION.search(c.text[max(0, m.start() - 40):m.start()])) \
            or any(v.start < BORROWED and (v.quantity or v.role == "difference") for v in c.results() + c.values):
        return None
    pair = _pair_just_before(rep, c)
    if len(pair) != 2 or pair[0][1].quantity != pair[1][1].quantity or pair[0][1].value == pair[1][1].value:
        return None
    (d, a), (e, b) = pair
    sa, how = _sigma_at_least_the_test_sets(rep, d, a)
    sb, _ = _sigma_at_least_the_test_sets(rep, e, b)
    if not (sa and sb):
        return replace(one, line=c.line) if pointed and d is e and (one := _one_training_unsupported(rep, d)) else None
    if abs(a.value - b.value) >= 2 * (se := math.hypot(sa, sb)):
        return None
    z = abs(a.value - b.value) / se
    word = m.group(0) if m else cmp.word
    return Finding("significance_unsupported", c.line_at(m.start()) if m else c.line, MAJOR,
                   f"'{word}' for {a.shown} against {b.shown} (line {d.line}): {z:.1f}σ (σ = {fmt(se)}, {how}), within "
                   "the noise", f"the gain is only {z:.1f}σ")


# "clearly outperforms", "clearly better", "clearly beats": a gain said to be plain to see, in the verb that makes it
CLEARLY_AHEAD = re.compile(r"\bclear(?:ly)?\s+(?:outperform\w*|better|beat\w*|superior|wins?|ahead|improv\w*)", re.I)


def _error_stated_elsewhere(rep: Report, c: Claim, v: Value) -> tuple[Claim, Value] | None:
    """The same number, to its printed digits, given with an error on another line of the report."""
    return next(((d, w) for d in rep.claims if d.line != c.line for w in d.values
                 if w.start < BORROWED and w.uncertainty and w.shown == v.shown), None)


def _clear_change_with_errors_elsewhere(rep: Report, c: Claim) -> Finding | None:
    """'ALICES clearly outperforms SALLY: the interval narrowed from 0.801 to 0.778' where the report gives 0.778 ± 0.028
    (the spread over its ensemble) on a line above: a gain called clear, of a change its sentence states without errors,
    is said to stand out of the noise, and the errors the report itself gives those two numbers elsewhere judge it (one
    side's error alone bounds the difference's from below)."""
    m = CLEARLY_AHEAD.search(c.text)
    if c.kind != "prose" or m is None or NEGATION.search(c.text[max(0, m.start() - 40):m.start()]):
        return None
    res = [v for v in c.results() if v.role == "result" and v.start < BORROWED and v.start > m.end() and not v.uncertainty]
    pair = next(((a, b) for a, b in zip(res, res[1:], strict=False) if a.quantity == b.quantity
                 and FROM_END_TO_END.fullmatch(c.text, a.start + len(a.shown), b.start)
                 and (re.search(r"\bfrom\s+$", c.text[max(0, a.start - 8):a.start]) or ARROW_BETWEEN.search(c.text, a.start, b.start))), None)
    if pair is None:
        return None
    stated = [(v, e) for v in pair if (e := _error_stated_elsewhere(rep, c, v)) is not None]
    if not stated:
        return None
    se = math.hypot(*(w.uncertainty or 0 for _, (_, w) in stated))
    a, b = pair
    diff = abs(a.value - b.value)
    if diff >= 2 * se:
        return None
    said = ", ".join(f"{v.shown} ± {fmt(w.uncertainty or 0)} on line {d.line}" for v, (d, w) in stated)
    return Finding("significance_unsupported", c.line_at(m.start()), MAJOR,
                   f"'{m.group(0)}' for {a.shown} -> {b.shown}, a difference of {fmt(diff)}: the report's own errors ({said}) "
                   f"make it {diff / se:.1f}σ at most, within the noise", f"the gain is only {diff / se:.1f}σ")


NO_ERROR_SHORTS = ("'significant' without any uncertainty", "'significant' from one seed")


# "SI noted that the gain was significant": the gain (improvement, difference) the text spoke of before, named back
THE_GAIN_BEFORE_SIGNIFICANT = re.compile(r"\bthe\s+(?:[\w-]+\s+)?(?:gain|improvement|difference)\s+(?:\w+\s+){0,3}?significant\b", re.I)


def _significant_gain_stated_before(rep: Report, c: Claim) -> Finding | None:
    """'SI noted that the gain was significant' a few lines under 'the pre-training gain at 1% labels is +0.0060 in AUC',
    itself under the two lines that give that setting's two results ('from scratch, 1% labels: AUC 0.9081', 'pre-trained,
    1%: AUC 0.9121'): a sentence with no number of its own that calls 'the gain' significant speaks of the one gain of a
    named quantity stated last before it in its section; its two ends, each with the error its test set allows, judge it."""
    if c.kind != "prose" or any(v.role in ("result", "difference", "control") for v in c.values) \
            or not THE_GAIN_BEFORE_SIGNIFICANT.search(c.text):
        return None
    before = [e for e in rep.claims if e.kind == "prose" and 0 < c.line - e.line <= 15 and e.context == c.context
              and any(v.role == "difference" for v in e.values)]
    if not before:
        return None
    e = max(before, key=lambda d: d.line)
    gains = [v for v in e.values if v.role == "difference" and v.quantity and v.uncertainty is None and v.start < BORROWED]
    if len(gains) != 1 or len(ends := _ends_at_the_named_setting(rep, e, gains[0])) != 2:
        return None
    (x, sx), (y, sy) = ((v, sigma(rep, e, v)[0]) for v in ends)
    if not sx or not sy:
        return None
    se = math.hypot(sx, sy)
    if abs(x.value - y.value) >= 2 * se:
        return None
    return Finding("significance_unsupported", c.line, MAJOR,
                   f"'significant' for the gain stated on line {e.line}, {x.shown} against {y.shown}: "
                   f"{abs(x.value - y.value) / se:.1f}σ (σ = {fmt(se)}, from the errors its test set allows), within the noise",
                   f"the gain is only {abs(x.value - y.value) / se:.1f}σ")


# "42 / 2000 = 2.1 %", "30/2000 = 0.015": a rate printed with the counts it is the ratio of
COUNTED_RATE = re.compile(r"(?<![\w.])(?P<k>\d[\d,]*)\s*/\s*(?P<n>\d[\d,]*)\s*=\s*(?P<r>\d*\.?\d+)\s*(?P<pc>%)?")


def _significant_between_counted_rates(rep: Report, c: Claim) -> Finding | None:
    """'v2 cuts the mistag by 0.6 points, a significant 29% reduction' under 'v1: 42 / 2000 = 2.1 %' and 'v2: 30 / 2000
    = 1.5 %': two rates printed with their counts on the lines just before (exactly two, each its ratio), and a difference
    in the claim that is theirs (in points, or relative to the first): the two-proportion z test of those counts judges
    its 'significant'. Not where the claim gives its own p-value, significance or error."""
    if c.kind != "prose" or any(v.uncertainty or v.quantity in ("p_value", "significance") for v in c.values) \
            or _judged_by_said(c.text):
        return None
    rates = []
    for n in range(max(1, c.line - 4), c.line):
        for m in COUNTED_RATE.finditer(rep.lines[n - 1] if n <= len(rep.lines) else ""):
            k, tot = float(m["k"].replace(",", "")), float(m["n"].replace(",", ""))
            r = float(m["r"]) / (100 if m["pc"] else 1)
            if 0 < tot and k <= tot and abs(k / tot - r) <= 0.51 * 10 ** -len(m["r"].split(".")[-1]) / (100 if m["pc"] else 1) + 1e-12:
                rates.append((k, tot))
    if len(rates) != 2:
        return None
    (k1, n1), (k2, n2) = rates
    p1, p2 = k1 / n1, k2 / n2
    diffs = [v for v in c.values if v.role == "difference"]
    said = any(abs(v.value / (100 if v.shown.rstrip().endswith("%") else 1) - rel) <= 0.011
               or abs(v.value - 100 * abs(p1 - p2)) <= 0.051 for v in diffs for rel in (abs(p1 - p2) / max(p1, p2, 1e-12),))
    pool = (k1 + k2) / (n1 + n2)
    if not said or not 0 < pool < 1:
        return None
    z = abs(p1 - p2) / math.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2))
    if z >= 2:
        return None
    return Finding("significance_unsupported", c.line, MAJOR,
                   f"'significant' for the difference between {int(k1)}/{int(n1)} and {int(k2)}/{int(n2)} (the lines just "
                   f"before): the two-proportion test gives z = {z:.1f}, within the noise (p > 0.05)",
                   f"the difference is only {z:.1f}σ")


EXCESS_EVENTS = re.compile(r"\b(?:excess|surplus) of\s+(?:about\s+|roughly\s+|~\s*)?(?P<n>\d[\d,]*)\s+(?:events?|candidates|jets)\b", re.I)
EXPECTED_LABEL = re.compile(r"expect|predict|background|template|fit|estimat|\bbkg\b|\bSM\b", re.I)
OBSERVED_LABEL = re.compile(r"observ|\bobs\b|\bdata\b|seen|\bcount", re.I)


def _significant_excess(rep: Report, c: Claim) -> Finding | None:
    """'a significant excess of 28 events above the background estimate' with the table's row 'expected 290 ± 11,
    observed 318': the one place the report gives an expected count (with its error) and an observed one whose
    difference is the excess; its significance is the excess over the Poisson error of the expected count and that
    count's own error, in quadrature."""
    m = EXCESS_EVENTS.search(c.text)
    if m is None or any(v.quantity in ("significance", "p_value") for v in c.values):
        return None
    n = float(m["n"].replace(",", ""))
    pairs = [(d, e, o) for d in rep.claims for e in d.values if e.uncertainty and e.start < BORROWED and EXPECTED_LABEL.search(e.label)
             for o in d.values if o is not e and o.uncertainty is None and o.start < BORROWED and OBSERVED_LABEL.search(o.label)
             and abs(o.value - e.value - n) <= max(0.5, 0.02 * n)]  # counts: their difference, exactly
    if len(pairs) != 1 or n <= 0:
        return None
    d, e, o = pairs[0]
    z = n / math.hypot(e.uncertainty or 0.0, math.sqrt(max(e.value, 1.0)))
    if z >= 2:
        return None
    return Finding("significance_unsupported", c.line, MAJOR,
                   f"'significant' for an excess of {m['n']} events: {o.shown} observed against {e.shown} ± "
                   f"{fmt(e.uncertainty or 0)} expected (line {d.line}) is {z:.1f}σ with the Poisson error of the expected "
                   "count and its own error, within the noise", f"the excess is only {z:.1f}σ")


def _test_set_judges(rep: Report, c: Claim) -> bool:
    """The claim's two sides have standard errors (stated, or from the test set): its 'significant' is judged by them."""
    d = _difference_sigma(rep, c) or _stated_pair(rep, c)
    return d is not None and d[1] is not None


# what a paragraph gives to judge a 'significant' by: an error bar, a p-value or a significance in sigma
JUDGED_BY = re.compile(r"±|\+/-|\+-|\\pm|\bsigma\b|σ|\bp[- ]?values?\b|\bp\s*[<=≈~]|\bstd\b|\bstandard (?:error|deviation)|"
                       r"\buncertaint|\berror\b|\bconfidence\b|\bC\.?L\.?\b", re.I)


# "with no uncertainty quoted", "without an error bar", "not a p-value": what the text says is missing judges nothing
JUDGED_BY_DENIED = re.compile(r"\b(?:no|nobody|without|not|nor|never|lacks?|lacking|missing)\s+(?:an?\s+|any\s+|the\s+)?(?:[\w-]+\s+){0,2}"
                              r"(?:an?\s+|any\s+|the\s+)?$", re.I)  # ("no one quoted an error": the article after the verb)


def _judged_by_said(text: str) -> bool:
    """The text gives something to judge a 'significant' by (an error bar, a p-value, a significance), not only says
    that it is missing ("both evaluated on 5,000 jets with no uncertainty quoted")."""
    return any(not JUDGED_BY_DENIED.search(text, max(0, m.start() - 40), m.start()) for m in JUDGED_BY.finditer(text))


def _one_training_unsupported(rep: Report, c: Claim) -> Finding | None:
    """A 'significant' whose own paragraph says each side is one training ("one training each", "trained once",
    "seed 7 for both", wherever in the paragraph that stands) and gives no error bar, p-value or significance anywhere
    in it: one run per side cannot tell a difference from seed-to-seed noise, whatever the numbers."""
    around = [d for d in rep.block(c, 4) if d.kind == "prose" and -3 <= d.line - c.line <= 1]
    seeds = {d.seeds for d in around if d.seeds} | ({c.seeds} if c.seeds else set())
    if seeds != {1} or any(_judged_by_said(d.text) or any(v.uncertainty or v.quantity in ("p_value", "significance")
                                                          for v in d.values) for d in around):
        return None
    return Finding("significance_unsupported", c.line, MAJOR,
                   "'significant' for a difference between sides trained once each (its paragraph says so), with no "
                   "uncertainty, p-value or spread over seeds: one run per side cannot tell it from seed-to-seed noise",
                   "'significant' from one training per side")


def _significance_of(rep: Report, c: Claim) -> Iterator[Finding]:
    """What the claim's own numbers, their errors and its test set say of its 'significant'."""
    ps = c.results("p_value")
    ends = _significances_compared(c)
    zs = [v for v in c.results("significance") if v.bound != "<" and not any(v is e for e in ends)]
    if len(ends) == 2 and not ps and not zs:
        a, b = ends
        if abs(a.value - b.value) >= 2 * math.sqrt(2):
            return  # "from 1.1 to 5.6 sigma": beyond what the two significances' own scatter gives
        yield Finding("significance_unsupported", c.line, MAJOR,
                      f"'significant' for a change of the significance itself, {b.shown} against {a.shown}, given with no "
                      f"uncertainty: a significance scatters by about ±1 from one data set to the next, so a change of "
                      f"{fmt(abs(a.value - b.value))} is within its noise", "'significant' for a small change of a significance")
        return
    if ps or zs:
        bad = [f"p = {v.shown}" for v in ps if v.value >= 0.05 and v.bound != "<"]
        bad += [f"{v.shown}" for v in zs if v.value < 2]
        if bad:
            yield Finding("significance_unsupported", c.line, MAJOR,
                          f"'significant' at {bad[0]}: that is within what chance gives (p >= 0.05, under 2σ)",
                          f"'significant' at {bad[0]}")
        return
    d = _difference_sigma(rep, c) or _stated_pair(rep, c)
    each = [v for v in c.values if v.role == "difference" and v.uncertainty is None and _error_of_each_side(c.text, v)]
    gain = [v for v in c.values if v.role == "difference" and v.uncertainty is None and not any(v is e for e in each)]
    if d is None and rep.seeds(c) == 1 and len(gain) == 1 and not any(v.uncertainty for v in c.values):
        yield Finding("significance_unsupported", c.line, MAJOR,  # "the gain of 0.004 is significant (one seed)"
                      f"'significant' for a difference of {gain[0].shown} from a single seed, with no uncertainty "
                      "or p-value: one run cannot tell it from seed-to-seed noise", "'significant' from one seed")
        return
    for find, said in ((lambda g: _ends_stated_elsewhere(rep, g), "as the report states them"),
                       (lambda g: _ends_just_before(rep, c, g), "on the lines just before"),
                       (lambda g: _ends_in_the_row_of_its_gain(rep, c, g), "in the table row that prints that gain"),
                       (lambda g: _ends_bare_earlier(rep, c, g), "as stated earlier"),
                       (lambda g: _ends_in_points_just_before(rep, c, g), "on the lines just before")):
        if d is None and len(gain) == 1 and (ends := find(gain[0])) is not None:
            (x, sx), (y, sy), how = ends  # the gain's two ends, with the errors the report or its test set gives them
            se = math.hypot(sx, sy)
            if abs(x.value - y.value) < 2 * se:
                yield Finding("significance_unsupported", c.line, MAJOR,
                              f"'significant' for a difference of {gain[0].shown}, which is {x.shown} against {y.shown} "
                              f"{said}: {abs(x.value - y.value) / se:.1f}σ (σ = {fmt(se)}, {how}), within the noise",
                              f"the difference is only {abs(x.value - y.value) / se:.1f}σ")
            return
    if d is None and len(gain) == 1 and len(each) == 1 and abs(gain[0].value) < 2 * math.sqrt(2) * each[0].value:
        se = math.sqrt(2) * each[0].value  # "with errors of about 0.004 on each AUC, the +0.0045 gain is significant"
        yield Finding("significance_unsupported", c.line, MAJOR,
                      f"'significant' for a difference of {gain[0].shown} whose two sides each carry an error of "
                      f"{each[0].shown}: {abs(gain[0].value) / se:.1f}σ (σ = {fmt(se)} on the difference), within the noise",
                      f"the difference is only {abs(gain[0].value) / se:.1f}σ")
        return
    if d is None and (never := _named_quantity_never_with_error(rep, c)) is not None:
        yield never
        return
    if d is None:
        one = [v for v in c.results() if v.role == "result" and v.uncertainty]
        if len(one) == 1 and abs(one[0].value) / one[0].uncertainty < 2:  # type: ignore[operator]  # ("a bias of -0.6% +-
            # 0.1%, significant": a negative shift is as far from zero as a positive one)
            v = one[0]
            yield Finding("significance_unsupported", c.line, MAJOR,
                          f"'significant' for {v.shown} ± {fmt(v.uncertainty or 0)}, "
                          f"{abs(v.value) / (v.uncertainty or 1):.1f}σ from zero", "a significance under 2σ")
        return
    diff, s, how = d
    slack = 0.0
    if s is not None and FLOORED in how and (ops := operands(c)) is not None:
        slack = sum(last_digit(re.sub(r"^[+\-−]", "", v.shown).rstrip("% ")) / (200 if v.shown.rstrip().endswith("%")
                                                                             and v.quantity in BOUNDED else 2)
                    for v in (ops[0], ops[2]) if v is not None and re.fullmatch(r"[+\-−]?\d*\.?\d+", v.shown.rstrip("% ")))
        # an error the referee puts in for the one stated gives the printed numbers the benefit of their rounding
    if s is None:
        seeds = " from one seed" if c.seeds == 1 else ""
        yield Finding("significance_unsupported", c.line, MAJOR,
                      f"'significant' for a difference of {fmt(diff)}{seeds} with no uncertainty, p-value or "
                      "test-set size from which one could judge it", "'significant' without any uncertainty")
    elif diff + slack < 2 * s:
        yield Finding("significance_unsupported", c.line, MAJOR,
                      f"'significant' for a difference of {fmt(diff)} that is {diff / s:.1f}σ "
                      f"(σ = {fmt(s)}, {how}): within the noise", f"the difference is only {diff / s:.1f}σ")


# "standard errors of about 0.004 on each AUC", "an uncertainty of 0.01 for both": one error stated for each of two sides
EACH_SIDE_ERROR_BEFORE = re.compile(r"\b(?:(?:standard|statistical|stat\.?)\s+)?(?:errors?|uncertaint(?:y|ies))\s+(?:of\s+)?"
                                    r"(?:about\s+|roughly\s+|around\s+|~\s*|≈\s*|±\s*)?$", re.I)
EACH_SIDE_AFTER = re.compile(r"\s*(?:on|for|in)\s+(?:each|both)\b", re.I)


def _error_of_each_side(text: str, v: Value) -> bool:
    """`v` is the one error the sentence gives each of the two sides ("errors of about 0.004 on each AUC"), not a gain."""
    return v.start < BORROWED and bool(EACH_SIDE_ERROR_BEFORE.search(text[max(0, v.start - 60):v.start])) \
        and bool(EACH_SIDE_AFTER.match(text, v.start + len(v.shown)))


def _named_quantity_never_with_error(rep: Report, c: Claim) -> Finding | None:
    """'So A is significantly closer to the real jets than B on all three W1 metrics': a verdict with no number of its
    own that names the one quantity it speaks of, in a report that states that quantity two times or more and never with
    an error bar, a p-value or a significance, nor on a set whose size gives its error: nothing the report gives can
    judge its 'significant'."""
    if c.kind != "prose" or c.results() or any(v.role == "difference" for v in c.values) or _judged_by_said(c.text):
        return None
    named = {m.lastgroup for m in QUANTITY_RE.finditer(c.text)} - {None, ""}
    if len(named) != 1:
        return None
    q = named.pop()
    vals = [(d, v) for d, v in rep.values(q, roles=("result",))]
    if len(vals) < 2 or any(v.uncertainty is not None or sigma(rep, d, v)[0] for d, v in vals) \
            or any(_judged_by_said(d.text) for d, _ in vals):
        return None
    if any(v.quantity in ("p_value", "significance") for d in rep.block(c) for v in d.values):
        return None
    return Finding("significance_unsupported", c.line, MAJOR,
                   f"'significant' for a difference in {'Wasserstein distance' if q == 'wasserstein' else q.replace('_', ' ')}, which the report states (line {vals[0][0].line}) "
                   "with no uncertainty, p-value or test-set size anywhere: nothing it gives can tell the difference from noise",
                   "'significant' without any uncertainty")


SPREAD_BEFORE_ERROR = re.compile(r"\b(?:std|stdev|std\.?\s*dev\.?|sd|s\.d\.|standard deviation|spread|rms)\b[\s:=]*$", re.I)


def _ends_stated_elsewhere(rep: Report, g: Value) -> tuple[tuple[Value, float], tuple[Value, float], str] | None:
    """A difference stated with no ends of its own ("a significant gain (+0.0038 mean over 5 seeds)") whose two ends the
    report states elsewhere with errors ("mean AUC 0.9021, std 0.0059 (5 seeds)" and "mean AUC 0.8983, std 0.0068 (5
    seeds)"): the one pair of that quantity's values with errors whose difference is it, each with its standard error
    (a spread over n seeds is std/sqrt(n) for the mean)."""
    if g.value == 0 or not g.quantity and g.shown.endswith("%"):
        return None
    step = last_digit(re.sub(r"^[+\-−]", "", g.shown.rstrip("%"))) / (100 if g.shown.endswith("%") and g.quantity in BOUNDED else 1)
    vals = {(v.quantity, v.value, v.uncertainty): (c, v) for c, v in rep.values(*([g.quantity] if g.quantity else []), roles=("result",))
            if v.uncertainty and (g.quantity or v.quantity)}
    pairs = [(a, b) for i, a in enumerate(vals.values()) for b in list(vals.values())[i + 1:]
             if abs(abs(a[1].value - b[1].value) - abs(g.value)) <= step / 2 + 1e-12 and a[1].quantity == b[1].quantity
             and (g.quantity or a[0] is b[0] and a[0].kind == "row")]  # a gain of no name: the two ends of one table row
    if len(pairs) != 1:
        return None
    out, hows = [], set()
    for c, v in pairs[0]:
        err = v.uncertainty or 0.0
        gap = c.text[v.start + len(v.shown):v.start + len(v.shown) + 40] if v.start < BORROWED else ""
        said = re.search(rf"^(.*?){re.escape(fmt(err))}", gap) if gap else None
        if said and SPREAD_BEFORE_ERROR.search(said[1]) and (c.seeds or 0) > 1:
            err, how = err / math.sqrt(c.seeds or 1), f"the spread over {c.seeds} seeds / sqrt({c.seeds}) for each mean"
        else:
            how = "the stated errors"
        out.append((v, err))
        hows.add(how)
    return out[0], out[1], "; ".join(sorted(hows))


def _ends_just_before(rep: Report, c: Claim, g: Value) -> tuple[tuple[Value, float], tuple[Value, float], str] | None:
    """A named difference stated bare ("delta AUC = +0.006 -> a significant improvement") right under the two results of
    its quantity it is the difference of ("AUC = 0.842" / "AUC = 0.836" on the lines before), stated with no errors: each
    end with the error its test set allows (Hanley-McNeil, binomial). None unless exactly one such pair stands there and
    the test set gives both errors."""
    if not g.quantity or g.value == 0:
        return None
    step = last_digit(re.sub(r"^[+\-−]", "", g.shown.rstrip("%"))) / (100 if g.shown.endswith("%") and g.quantity in BOUNDED else 1)
    ends = [(d, v) for d in rep.near(c.line, 3) if d.kind in ("prose", "row") and d.line < c.line
            for v in d.results(g.quantity) if v.role == "result" and v.start < BORROWED and v.uncertainty is None]
    # two sentences' results, or the two sides of one table row ("| 1% | 0.8987 | 0.9012 | +0.0025 |") just above
    pairs = [(a, b) for i, a in enumerate(ends) for b in ends[i + 1:]
             if (a[0] is not b[0] and a[0].kind == b[0].kind == "prose" or a[0] is b[0] and a[0].kind == "row"
                 or a[0].kind == b[0].kind == "row" and a[0].line != b[0].line and len(ends) == 2)  # (or the only two rows
             # above it, one run a row: "mpm_ft  ...  0.9214" / "scratch  ...  0.9163" then "gain: +0.0051 AUC")
             and abs(abs(a[1].value - b[1].value) - abs(g.value)) <= step / 2 + 1e-12]
    if len(pairs) != 1:
        return None
    out, hows = [], []
    for d, v in pairs[0]:
        err, how = sigma(rep, d, v)
        if not err and d.kind == "row":  # a summary table restating a result printed above ("test AUC 0.8987" under its
            # run's "eval set: 1000 top + 1000 QCD jets"): the error the set it was measured on allows
            for e, w in rep.values(v.quantity, roles=("result",)):
                if e.kind == "prose" and e.line < d.line and w.shown == v.shown and (err := sigma(rep, e, w)[0]):
                    how = f"{sigma(rep, e, w)[1]}, where line {e.line} measured it"
                    break
        if not err:
            return None
        out.append((v, err))
        hows.append(how)
    return out[0], out[1], "; ".join(dict.fromkeys(hows))


def _ends_bare_earlier(rep: Report, c: Claim, g: Value) -> tuple[tuple[Value, float], tuple[Value, float], str] | None:
    """A named gain stated bare in a conclusion ("pretraining gives a clear, real gain (+0.0041 AUC)") whose two ends the
    report's notes gave further up, each on a line of its own and with no error ("scratch ...: AUC 0.9071" / "fine-tuned,
    seed 0: AUC 0.9112"): each end with the error its test set allows. None unless exactly one pair of distinct values of
    that quantity before it differs by the gain, and the test set gives both errors."""
    if not g.quantity or g.value == 0 or c.kind != "prose":
        return None
    step = last_digit(re.sub(r"^[+\-−]", "", g.shown.rstrip("%"))) / (100 if g.shown.endswith("%") and g.quantity in BOUNDED else 1)
    ends = list({v.value: (d, v) for d in rep.claims if d.kind == "prose" and d.line < c.line
                 for v in d.results(g.quantity) if v.role == "result" and v.start < BORROWED and v.uncertainty is None}.values())
    pairs = [(a, b) for i, a in enumerate(ends) for b in ends[i + 1:]
             if (a[0].line != b[0].line or _two_named_sides(a[1], b[1]))
             and abs(abs(a[1].value - b[1].value) - abs(g.value)) <= step / 2 + 1e-12]
    if len(pairs) != 1:
        return None
    return _with_errors(rep, pairs[0])


def _two_named_sides(a: Value, b: Value) -> bool:
    """'AUC: DNN_v5 0.9412, GNN_v2 0.9431': one line that gives a quantity for two named things, each value with its own
    name, is the two ends of a comparison as much as two lines are (not two numbers of one thing, "0.9412 to 0.9431")."""
    return bool(a.label and b.label) and a.label != b.label and a.start < BORROWED and b.start < BORROWED


# "+0.8 pts", "1.2 percentage points", "0.5 pp": a gain counted in points of a percentage
POINTS_AFTER = re.compile(r"\s*(?:pts?\b|points?\b|pp\b|percentage[- ]points?\b)", re.I)


def _ends_in_points_just_before(rep: Report, c: Claim, g: Value) -> tuple[tuple[Value, float], tuple[Value, float], str] | None:
    """A gain of no named quantity counted in points ("SFT beats base by +0.8 pts -- a real gain") right under the two
    percentages it is the difference of ("| base | 64.2 % |" / "| SFT | 65.0 ± 0.1 % |"): those two ends, each with its
    stated error or the one its test set allows. None unless exactly one such pair stands there and both errors are known."""
    if g.quantity or g.value == 0 or g.start >= BORROWED or not POINTS_AFTER.match(c.text, g.start + len(g.shown)):
        return None
    step = last_digit(re.sub(r"^[+\-−]", "", g.shown)) / 100
    ends = [(d, v) for d in rep.near(c.line, 3) if d.kind in ("prose", "row") and d.line < c.line
            for v in d.results() if v.role == "result" and v.start < BORROWED and v.unit == "%" and v.quantity in BOUNDED]
    pairs = [(a, b) for i, a in enumerate(ends) for b in ends[i + 1:] if a[1].quantity == b[1].quantity
             and abs(abs(a[1].value - b[1].value) - abs(g.value) / 100) <= step / 2 + 1e-12]
    if len(pairs) != 1:
        return None
    return _with_errors(rep, pairs[0], least=True)


def _with_errors(rep: Report, pair: tuple[tuple[Claim, Value], tuple[Claim, Value]], least: bool = False
                 ) -> tuple[tuple[Value, float], tuple[Value, float], str] | None:
    """A gain's two ends, each with its stated error or the one its test set allows (with `least`, else the least error any
    test set of the report allows: the difference is at most that significant); None unless both are known."""
    out, hows = [], []
    for d, v in pair:
        err, how = sigma(rep, d, v)
        if not err and least:
            err, how = least_sigma(rep, d, v)
        if not err:
            return None
        out.append((v, err))
        hows.append(how)
    return out[0], out[1], "; ".join(dict.fromkeys(hows))


GAIN_ROW_REACH = 200  # lines above a restated gain its table row may stand


def _ends_in_the_row_of_its_gain(rep: Report, c: Claim, g: Value) -> tuple[tuple[Value, float], tuple[Value, float], str] | None:
    """A gain stated bare in prose ("at 0.5% labels, pre-training gives a significant improvement of 0.0065 in AUC") that a
    table row above prints in its own gain column beside its two ends ("| 0.5% | 0.8870 | 0.8935 | +0.0065 |"), however
    far above: those two ends, each with the error its test set allows. None unless exactly one row prints that gain and
    the test set gives both errors."""
    if not g.quantity or g.value == 0 or g.start >= BORROWED:
        return None
    step = last_digit(re.sub(r"^[+\-−]", "", g.shown.rstrip("%"))) / (100 if g.shown.endswith("%") and g.quantity in BOUNDED else 1)
    rows = []
    for d in rep.near(c.line - GAIN_ROW_REACH // 2, GAIN_ROW_REACH // 2):  # (a table on the page above, not a whole flood)
        if d.kind != "row" or d.line >= c.line or not any(
                w.role == "difference" and abs(abs(w.value) - abs(g.value)) <= step / 2 + 1e-12 for w in d.values):
            continue
        ends = [v for v in d.results(g.quantity) if v.role == "result" and v.start < BORROWED and v.uncertainty is None]
        if len(ends) == 2 and abs(abs(ends[0].value - ends[1].value) - abs(g.value)) <= step / 2 + 1e-12:
            rows.append((d, ends))
    if len(rows) != 1:
        return None
    d, ends = rows[0]
    out, hows = [], []
    for v in ends:
        err, how = sigma(rep, d, v)
        if not err:
            return None
        out.append((v, err))
        hows.append(f"{how}, line {d.line}")
    return out[0], out[1], "; ".join(dict.fromkeys(hows))


def _significances_compared(c: Claim) -> list[Value]:
    """The two significances a claim compares as its sides ("the expected significance rose from 2.1 to 2.4σ"): the
    quantity that changed, not a test of the change."""
    comp = c.comparison
    if comp is None or comp.left is None or comp.right is None:
        return []
    sides = [c.values[comp.left], c.values[comp.right]]
    return sides if all(v.quantity == "significance" and v.uncertainty is None for v in sides) else []


def _last_pair_before_the_word(c: Claim, pair: list[Value]) -> list[Value]:
    """Of more than two results, the last two of one named quantity before 'significant' ("loss 0.48 instead of 0.49 and
    accuracy 81.2% to 81.5%, a significant gain"): the change the word is said of."""
    word = QUALIFIER_RE["significant"].search(c.text)
    before = [v for v in pair if word is not None and v.start < word.start()][-2:]
    if len(before) == 2 and not (before[0].quantity and before[1].quantity) and re.fullmatch(
            r"\s*(?:vs\.?|versus)\s*", c.text[before[0].start + len(before[0].shown):before[1].start]):
        return before  # "1% labels: 0.874 vs 0.861, a significant gain": the two joined by 'vs' (named in _stated_pair)
    return before if len(before) == 2 and before[0].quantity and before[0].quantity == before[1].quantity else pair


# "That is a significant gain.", "this is a significant improvement": a verdict in a noun of change, no number of its own
# ("I said this is a significant improvement", "we answered that it was a significant gain": the verdict reported as said)
SIGNIFICANT_CHANGE_NOUN = re.compile(r"^\W*(?:(?:I|we|he|she|they)\s+(?:said|answered|replied|argued|claimed|stated)\s+(?:that\s+)?)?"
                                     r"(?:this|that|it)\s+(?:is|was|represents|constitutes)\s+(?:a|an)\s+"
                                     r"(?:(?:statistically|clearly|highly|very)\s+)?significant\s+(?:improvement|gain|increase|"
                                     r"step|boost|jump|difference)\b", re.I)
# ", against ", ", versus ": after a clause with no number of a result (its test set's counts), the second number set against
SET_AGAINST_AFTER_A_CLAUSE = re.compile(r"[^.;:!?]{0,120},\s*(?:versus|vs\.?|against|compared (?:to|with))\s*", re.I)


def _stated_pair(rep: Report, c: Claim) -> tuple[float, float | None, str] | None:
    """(|a - b|, its standard error, how) for a claim that states its two numbers without a comparison word ("a
    significant boost: 0.812 vs 0.809", "got 0.9841 vs 0.9821"), or a change whose two ends stand on the lines just
    before ("a significant improvement of 0.0073 in accuracy" after "A: 0.8812 ± 0.0031. B: 0.8739 ± 0.0035."), or a
    comparison with no number of its own right after the sentence that gives its two numbers."""
    if (found := _pair_the_colon_introduces(rep, c)) is not None:
        return found
    pair = [v for v in c.results() if v.role == "result" and v.start < BORROWED]
    pair = _last_pair_before_the_word(c, pair) if len(pair) > 2 else pair
    said = c
    if not c.values and (c.comparison is not None or SIGNIFICANT_CHANGE_NOUN.search(c.text)) \
            and (prev := rep.block_before(c)[-1:]) and prev[0].kind == "prose" \
            and c.line - prev[0].line <= 2:  # "A got 0.861, versus 0.857 for B." then "So A was significantly better"
        said, pair = prev[0], [v for v in prev[0].results() if v.role == "result" and v.start < BORROWED]
        # (or "That is a significant gain.": a verdict in a noun, said of the two numbers just before it)
    between = said.text[pair[0].start + len(pair[0].shown):pair[1].start] if len(pair) == 2 else ""
    if len(pair) == 2 and pair[0].quantity and not pair[1].quantity and (re.fullmatch(r"\s*%?\s*(?:(?:±|\+/-|\+-)\s*\d*\.?\d+\s*%?\s*)?(?:for\s+)?(?:[\w-]+\s*)?,?\s*(?:versus|vs\.?|against|"
                                                                 r"compared (?:to|with))\s*", between) or (
            said is not c and SET_AGAINST_AFTER_A_CLAUSE.fullmatch(between))):
        pair[1] = pair[1].model_copy(update={"quantity": pair[0].quantity})  # "0.861 accuracy, versus 0.857"
        # ("AUC 0.712 on the 900 + 900 held-out jets, against 0.705 for the baseline": set against it after its test set;
        # "0.9731 ± 0.0004 for A against 0.9727 ± 0.0004": after the first number's error and the name it is of)
    elif len(pair) == 2 and not (pair[0].quantity and pair[1].quantity) and re.fullmatch(r"\s*(?:vs\.?|versus)\s*", between):
        # "0.874 vs 0.861, a gain of 0.013 AUC": the pair is of the quantity one of them, or the named gain that is their
        # difference, gives
        named = pair[0].quantity or pair[1].quantity or next(
            (g.quantity for g in said.values if g.role == "difference" and g.quantity and g.start < BORROWED
             and abs(abs(pair[0].value - pair[1].value) - abs(g.value)) <= 1e-9 + last_digit(g.shown.lstrip("+-−")) / 2), "")
        if named:
            pair = [v if v.quantity else v.model_copy(update={"quantity": named}) for v in pair]
    if len(pair) == 2 and pair[0].quantity == pair[1].quantity and (pair[0].quantity or PAIRED.fullmatch(
            re.sub(r"^\s*%?", "", between))):
        # (each side's error never below what its test set allows, as for a comparison: "0.9121 ± 0.0010 against
        # 0.9034 ± 0.0011" on 1k + 1k jets is judged by the Hanley-McNeil errors of that set)
        sa, how = _sigma_at_least_the_test_sets(rep, said, pair[0])
        sb, _ = _sigma_at_least_the_test_sets(rep, said, pair[1])
        return abs(pair[0].value - pair[1].value), (math.hypot(sa, sb) if sa and sb else None), how
    if not c.results() and not [v for v in c.values if v.role == "difference"] and (
            c.comparison is not None or "significant" in c.qualifiers) and (found := _verdict_partners(rep, c)):
        return found
    gain = [v for v in c.values if v.role == "difference" and v.uncertainty is None]
    if len(gain) == 1 and gain[0].quantity:
        ends = [v for v in rep.just_before(c, gain[0].quantity) if v.uncertainty]
        if len(ends) == 2 and abs(abs(ends[0].value - ends[1].value) - abs(gain[0].value)) <= 0.15 * abs(gain[0].value):
            return abs(gain[0].value), math.hypot(ends[0].uncertainty or 0, ends[1].uncertainty or 0), \
                f"the errors stated on the lines before for {ends[0].shown} and {ends[1].shown}"
    return None


def _pair_the_colon_introduces(rep: Report, c: Claim) -> tuple[float, float | None, str] | None:
    """(|a - b|, its standard error, how) for a verdict with no result of its own after the colon of the sentence that
    states the two numbers, each with its error ("The paper reports 0.915 ± 0.002 ..., while we obtain 0.907(7): our AUC
    is significantly below the published value"): the colon introduces what is said of those two."""
    if c.kind != "prose" or c.results():
        return None
    prev = rep.block_before(c)[-1:]
    if not prev or prev[0].kind != "prose" or not prev[0].text.rstrip().endswith(":") or not 0 <= c.line - prev[0].line <= 3:
        return None
    pair = [v for v in prev[0].results() if v.role == "result" and v.start < BORROWED and v.uncertainty]
    if len(pair) != 2 or len({v.quantity for v in pair} - {""}) > 1 or pair[0].unit != pair[1].unit:
        return None
    a, b = pair
    return abs(a.value - b.value), math.hypot(a.uncertainty or 0, b.uncertainty or 0), \
        f"the errors stated for {a.shown} and {b.shown} before the colon"


def _verdict_partners(rep: Report, c: Claim) -> tuple[float, float | None, str] | None:
    """(|a - b|, its standard error, how) for a verdict with no number of its own ("verdict: the new calibration is
    significantly better", "X significantly improves the rejection:"): the numbers it judges are those of its block
    next to it: the lines under a verdict that ends in ':', else the lines just before it: a change stated there (its
    two ends, with their errors, found in the block by their difference), or two lines of one number each."""
    block = [d for d in rep.block(c) if d.kind == "prose" and d is not c]
    after = [d for d in block if rep.order[id(d)] > rep.order[id(c)] and d.line - c.line <= 2]
    before = [d for d in block if rep.order[id(d)] < rep.order[id(c)] and c.line - d.line <= 3][::-1]  # nearest first
    def own(d: Claim) -> list[Value]:
        return [v for v in d.results() if v.role == "result" and v.start < BORROWED]
    if c.text.rstrip().endswith(":") and after and len(own(after[0])) == 2:
        a, b = own(after[0])
        if a.quantity == b.quantity:
            sa, how = sigma(rep, after[0], a)
            sb, _ = sigma(rep, after[0], b)
            return abs(a.value - b.value), (math.hypot(sa, sb) if sa and sb else None), how
    for d in before[:2]:  # "delta AUC (A - B) = +0.0006" on the line before: the change the verdict speaks of
        gain = [v for v in d.values if v.role == "difference" and v.uncertainty is None and v.quantity and v.start < BORROWED]
        if len(gain) != 1:
            continue
        g = gain[0]
        ends = [v for e in rep.block(d) if e.kind == "prose" and rep.order[id(e)] < rep.order[id(d)]
                for v in own(e) if v.quantity == g.quantity and v.uncertainty][-50:]  # (bounded: pairs of them are tried)
        pairs = [(x, y) for i, x in enumerate(ends) for y in ends[i + 1:]
                 if abs(abs(x.value - y.value) - abs(g.value)) <= 0.15 * abs(g.value)]
        if len(pairs) == 1:
            x, y = pairs[0]
            return abs(g.value), math.hypot(x.uncertainty or 0, y.uncertainty or 0), \
                f"the errors stated for {x.shown} and {y.shown}"
        if not pairs and (rows := _table_rows_of_the_change(rep, d, g)):
            return rows
    if len(before) >= 2 and before[0].line - before[1].line == 1 and len(own(before[0])) == len(own(before[1])) == 1:
        a, b = own(before[1])[0], own(before[0])[0]  # "MC-JES : 1.4% +- 0.5%" over "DNN : 0.8% +- 0.5%", then the verdict
        if a.quantity == b.quantity and a.unit == b.unit and a.uncertainty and b.uncertainty:
            return abs(a.value - b.value), math.hypot(a.uncertainty, b.uncertainty), "the errors stated on the lines before"
    return _change_of_the_named_quantity_just_before(rep, c, before[:1]) or _verdict_last_two_measured(rep, c) \
        or _pair_at_the_verdicts_working_point(rep, c) or _two_rows_just_above(rep, c)


def _two_rows_just_above(rep: Report, c: Claim, k: int = 4) -> tuple[float, float | None, str] | None:
    """(|a - b|, its standard error, how) for a verdict with no number of its own right under a table of two rows, one of
    which it names ("| BDT | 0.838 | ..." over "| GNN | 0.842 | ...", then "So the GNN clearly wins"): the two rows are what
    it weighs, by the table's first column that both give (its leading measure), each with its stated error or what
    its test set allows."""
    if c.comparison is None or c.results() or c.kind != "prose":
        return None
    above = [d for d in rep.near(c.line, k + 2) if d.kind == "row" and d.line < c.line]
    rows = [d for d in above if d.results()]
    if len(rows) != 2 or c.line - max(d.line for d in rows) > k or not any(
            side_words(d.text.split("|")[0]) & side_words(c.text) for d in rows):
        return None
    (x, y) = rows
    for a in x.results():
        b = next((w for w in y.results() if w.quantity == a.quantity and w.role == a.role), None)
        if not a.quantity or b is None:
            continue
        (sa, how), (sb, _) = sigma(rep, x, a), sigma(rep, y, b)
        if sa and sb:
            return abs(a.value - b.value), math.hypot(sa, sb), f"{how}, for {a.quantity} {a.shown} and {b.shown} (lines {x.line}, {y.line})"
        return None
    return None


def _table_rows_of_the_change(rep: Report, d: Claim, g: Value) -> tuple[float, float | None, str] | None:
    """(|a - b|, its standard error, how) for a change printed with no error ("delta AUC (new - old) = +0.0012") under a
    table whose two rows give that quantity with no error either, the two whose difference it is: their errors are what
    the test set stated over the table allows (Hanley-McNeil, binomial)."""
    rows = [e for e in rep.near(d.line, 12) if e.kind == "row" and e.line < d.line]
    ends = [(e, v) for e in rows for v in e.results(g.quantity) if v.role == "result" and v.uncertainty is None][-50:]
    step = last_digit(g.shown)
    pairs = [((e, x), (f, y)) for i, (e, x) in enumerate(ends) for f, y in ends[i + 1:]
             if e is not f and abs(abs(x.value - y.value) - abs(g.value)) <= step / 2 + 1e-12]
    if len(pairs) != 1:
        return None
    (e, x), (f, y) = pairs[0]
    first = min(e.line, f.line)
    heads = [h for h in rep.near(first, 3) if h.kind == "prose" and h.line < first and (h.sample_size or h.n_signal or h.n_background)]
    if not heads:
        return None
    h = heads[-1]
    counted = {"sample_size": h.sample_size, "n_signal": h.n_signal, "n_background": h.n_background}
    (sx, how), (sy, _) = allowed_sigma(rep, e.model_copy(update=counted), x), allowed_sigma(rep, f.model_copy(update=counted), y)
    if not sx or not sy:
        return None
    return abs(g.value), math.hypot(sx, sy), f"{how}, for {x.shown} and {y.shown} (line {e.line}, {f.line})"


def _pair_at_the_verdicts_working_point(rep: Report, c: Claim, k: int = 6) -> tuple[float, float | None, str] | None:
    """(|a - b|, its standard error, how) for a verdict that names a quantity and the working point it speaks of and
    no result of its own ("the improvement in 1/eps_B at eps_S = 0.7 is significant"), over lines that give that
    quantity for two sides at several working points: the pair stated at that point, each side's error stated on it, or
    given on a line of its block as the spread over seeds of that quantity, side by side ("seed scatter of the
    rejection: ±a for A, ±b for B")."""
    named = {m.lastgroup for m in QUANTITY_RE.finditer(c.text)}
    points = {v.value for v in c.values if v.role == "setting" and v.quantity == "efficiency"}
    if c.results() or len(points) != 1 or not named:
        return None
    before = [d for d in rep.block(c, k) if d.kind == "prose" and rep.order[id(d)] < rep.order[id(c)]]
    def at_point(d: Claim) -> bool:
        return {v.value for v in d.values if v.role == "setting" and v.quantity == "efficiency"} == points
    rows = [(d, pair) for d in before if at_point(d) and len(pair := [v for v in d.results() if v.role == "result"
                                                                     and v.start < BORROWED and v.quantity in named]) == 2]
    if len(rows) != 1:
        return None
    d, (a, b) = rows[0]
    if a.quantity != b.quantity or a.unit != b.unit:
        return None
    (sa, how), (sb, _) = sigma(rep, d, a), sigma(rep, d, b)
    if a.uncertainty is None and b.uncertainty is None:
        for e in before:
            spread = [v for v in e.values if v.role == "difference" and v.quantity == a.quantity and v.uncertainty is None]
            if e is d or len(spread) != 2 or not SEED_SPREAD.search(e.text) or not (at_point(e) or not any(
                    v.role == "setting" and v.quantity == "efficiency" for v in e.values)):
                continue
            if a.label and b.label and _side_words(spread[0].label) == _side_words(b.label) \
                    and _side_words(spread[1].label) == _side_words(a.label):
                spread = spread[::-1]  # "±380 for B, ±410 for A": each side's by its name
            sa, sb, how = spread[0].value, spread[1].value, f"the seed spreads stated on line {e.line}"
    if not sa or not sb:
        return None
    return abs(a.value - b.value), math.hypot(sa, sb), how


def _change_of_the_named_quantity_just_before(rep: Report, c: Claim, before: list[Claim]) -> tuple[float, float | None, str] | None:
    """(|a - b|, its standard error, how) for a verdict that names the quantity it judges ("so B's lower mistag rate is a
    significant gain") right under the line that gives that quantity's two ends ("mistag 0.0310 -> 0.0296"), and no
    number of its own: the change of that line is what it calls significant."""
    named = {m.lastgroup for m in QUANTITY_RE.finditer(c.text)}
    if c.values or not before or c.line - before[0].line > 1 or not named:
        return None
    d = before[0]
    pair = [v for v in d.results() if v.role == "result" and v.start < BORROWED and v.quantity in named]
    if len(pair) != 2 or pair[0].unit != pair[1].unit:
        return None
    sa, how = sigma(rep, d, pair[0])
    sb, _ = sigma(rep, d, pair[1])
    return abs(pair[0].value - pair[1].value), (math.hypot(sa, sb) if sa and sb else None), how


def _unnamed_twin(d: Claim, a: Value) -> list[Value]:
    """The results after `a` in its sentence that name no quantity, are written as `a` is (its unit, its decimals, the
    same side of 1) and follow another side's verb of scoring in a clause after a comma, each read as of `a`'s quantity."""
    def decimals(v: Value) -> int:
        return len(v.shown.split(".")[1]) if "." in v.shown else 0
    return [v.model_copy(update={"quantity": a.quantity}) for v in d.results() if v.role == "result" and v.start < BORROWED
            and not v.quantity and v.start > a.start and v.unit == a.unit and decimals(v) == decimals(a) >= 2
            and (v.value < 1) == (a.value < 1) and v.uncertainty is None and a.uncertainty is None
            and SIDE_SCORE_VERB_BEFORE.search(d.text[a.start + len(a.shown):v.start])]


# "..., the same network from scratch gets 0.9120": the other side's own verb for its score, right before the number
SIDE_SCORE_VERB_BEFORE = re.compile(r",[^.;:!?]*\b(?:gets|got|gives|gave|reaches|reached|scores|scored|achieves|achieved|"
                                    r"obtains|obtained|manages|managed)\s+(?:only\s+|just\s+|about\s+|roughly\s+)?$", re.I)


def _verdict_last_two_measured(rep: Report, c: Claim, k: int = 6) -> tuple[float, float | None, str] | None:
    """(|a - b|, its standard error, how) for a verdict with no number that follows, within `k` lines (its paragraph's or,
    in a chat, the messages just before), exactly two results of one quantity, each with an error stated or allowed by
    its test set ("baseline ... AUC 0.781 +- 0.009", a few messages on "new score ...: AUC 0.788 +- 0.009", then "so the
    new score is significantly better"): the two it judges, whatever stands between them that states no such result."""
    if c.comparison is None or c.results():
        return None
    before = [d for d in rep.near(c.line, k) if d.kind == "prose" and rep.order[id(d)] < rep.order[id(c)]]
    measured = [(d, v) for d in before for v in d.results() if v.role == "result" and v.start < BORROWED and v.quantity]
    if len(measured) == 1 and len(twin := _unnamed_twin(*measured[0])) == 1:
        measured.append((measured[0][0], twin[0]))  # "A gets AUC 0.9170, B gets 0.9120": the sentence's second number is
        # of the quantity its first names, written the same way
    elif len(measured) != 2 or measured[0][0] is measured[1][0]:
        return None
    (da, a), (db, b) = measured
    if a.quantity != b.quantity or a.unit != b.unit:
        return None
    (sa, how), (sb, _) = sigma(rep, da, a), sigma(rep, db, b)
    sizes = {d.sample_size for d in before if d.sample_size and rep.order[id(d)] > rep.order[id(da)]}
    if (not sa or not sb) and len(sizes) == 1:  # "test set 1,000 real jets" stated after the two results, before the verdict
        n = sizes.pop()
        (sa, how), (sb, _) = allowed_sigma(rep, da.model_copy(update={"sample_size": n}), a), \
            allowed_sigma(rep, db.model_copy(update={"sample_size": n}), b)
    if not sa or not sb:
        return None
    return abs(a.value - b.value), math.hypot(sa, sb), how if a.uncertainty else f"{how}, for {a.shown} and {b.shown} before it"


SEED_SPREAD = re.compile(r"\b(?:std|s\.d\.|standard deviation|spread|scatter|variation|rms|variance)s?\s+(?:over|across|"
                         r"between|among|of)\s+(?:the\s+)?(?:\w+\s+)?(?:random\s+|independent\s+|training\s+)?(?:seeds|runs|"
                         r"trainings|initiali[sz]ations|repetitions)\b|\bseed[- ](?:to[- ]seed\s+)?(?:spread|variation|std|scatter)\b",
                         re.I)


# "ParT seed 11 applied without retraining", "a single seed": one training, so no spread over seeds
ONE_SEED = re.compile(r"\bseed\s*[=#:]?\s*\d+\b(?!\s*(?:[,/–-]|to\b|and\b)\s*\d)|\b(?:one|single|1) (?:training )?seed\b", re.I)


# "seed spread or the statistical error of the test set, whichever is larger", "seeds' stderr + binomial in quadrature",
# a column "stat_err": the quoted error holds the test set's own error, so it is never smaller than the binomial one
WITH_STAT = re.compile(r"\b(?:whichever is (?:larger|bigger|greater)|(?:added )?in quadrature)\b[^.]{0,80}$|"
                       r"\b(?:stat(?:istical)?|binomial)[ _-]?(?:err(?:or)?s?|unc\w*)?\b[^.]{0,60}\b(?:whichever is (?:larger|bigger|greater)|"
                       r"(?:added )?in quadrature)\b|"
                       r"\b(?:errors?|uncertaint(?:y|ies))\b[^.]{0,50}\b(?:are|is)\s+(?:the\s+|their\s+|its\s+)?(?:purely\s+)?"
                       r"(?:statistical|binomial|Hanley)|"
                       r"\b(?:errors?|uncertaint(?:y|ies))\b[^.]{0,30}\b(?:combines?|includes?|contains?)\s+(?:both\s+)?(?:the\s+)?"
                       r"(?:statistical|binomial|Hanley)", re.I | re.M)  # "Errors on the accuracy are the statistical (binomial) error"
# ("The uncertainty combines the Hanley-McNeil error for the 400+400 test jets with the seed spread": an error that holds
# the test set's own, however many seeds are averaged, is at least what that set allows)


def _with_stat(rep: Report, c: Claim) -> bool:
    """The report says its errors include the test set's statistical error (or, for a row, has a stat-error column)."""
    return bool(WITH_STAT.search(rep.text)) or (c.kind == "row" and bool(re.search(r"\bstat(?:istical)?[ _-]?err", rep.text, re.I)))


def _one_seed(rep: Report, c: Claim) -> bool:
    """The block of the value names one seed and no spread: its error is the test set's, whatever the report says of
    the seed spreads of other results."""
    text = " ".join(d.text for d in rep.block(c))
    return bool(ONE_SEED.search(text)) and not SEED_SPREAD.search(text)


# "2.0% +- 0.01% measured on 5,000 QCD jets": the error written with the count of jets the number was measured on
ERROR_THEN_MEASURED_ON_COUNT = re.compile(r"\s*(?:±|\+/-|\+-)\s*[\d.]+\s*%?\s*(?:\([^()]{0,30}\)\s*)?,?\s*(?:(?:as\s+)?(?:measured|evaluated|"
                                          r"computed|counted|obtained|estimated)\s+)?(?:on|from|over|in)\s+(?:the\s+|a\s+|an\s+)?"
                                          r"(?:sample\s+of\s+)?\d[\d,.]*\s*[kKM]?\s+(?:[\w-]+\s+){0,2}?(?:jets|events|candidates)\b")
SEED_OR_RUN_WORDS_OF_SENTENCE = re.compile(r"\b(?:seeds?|runs|trainings|initiali[sz]ations|repetitions|replicas)\b", re.I)


# "On 10,000 generated jets the efficiency is ...": a sentence that opens on the count its numbers were measured on
OPENS_ON_MEASURED_COUNT = re.compile(r"^\W*(?:on|over|across)\s+(?:the\s+|a\s+|an\s+)?(?:sample\s+of\s+)?\d[\d,.]*\s*[kKM]?\s+"
                                     r"(?:[\w-]+\s+){0,2}?(?:jets|events|candidates)\b", re.I)


def _error_measured_on_own_count(c: Claim, v: Value) -> bool:
    """'the mistag rate is 2.0% +- 0.01% measured on 5,000 QCD jets': a sentence that gives the error with the count its
    number was measured on, and says nothing of seeds, quotes a measurement's error, whatever other results of the report
    quote as a spread over seeds."""
    return v.start < BORROWED and bool(ERROR_THEN_MEASURED_ON_COUNT.match(c.text, v.start + len(v.shown))) \
        and not SEED_OR_RUN_WORDS_OF_SENTENCE.search(c.text)


def _opens_on_own_count_beside_local_spreads(rep: Report, c: Claim, v: Value) -> bool:
    """'On 10,000 generated jets the efficiency is 0.503 ± 0.0005' in a report whose only words of a seed spread are said of
    other results, in their own sentences ('AUC = 0.541 ± 0.003, where the uncertainty is the spread over five
    trainings'): the error of a number measured on the count its sentence opens on is that measurement's. (A spread
    declared for the whole report, in a sentence of no result of its own, covers this one too.)"""
    if v.start >= BORROWED or v.uncertainty is None or SEED_OR_RUN_WORDS_OF_SENTENCE.search(c.text) \
            or not (m := OPENS_ON_MEASURED_COUNT.match(c.text)) or m.end() > v.start:
        return False
    said = [d for d in rep.claims if SEED_SPREAD.search(d.text)]
    return bool(said) and all(any(w.uncertainty for w in d.results() if w.start < BORROWED) for d in said) \
        and len(SEED_SPREAD.findall(rep.text)) <= sum(len(SEED_SPREAD.findall(d.text)) for d in said)


def uncertainty_size(rep: Report) -> Iterator[Finding]:
    for c, v in rep.values("auc", "classifier_auc", "accuracy", "efficiency", "purity", "fake_rate",
                           roles=("result", "control", "classifier_test")):
        if v.uncertainty == 0:
            yield Finding("uncertainty_vs_sample_size", c.line, MAJOR,
                          f"{v.shown} ± 0: a measurement on a finite test set (or one seed) has a non-zero "
                          "error; '± 0' hides that it was not estimated", "'± 0' is quoted")
            continue
        if (low := error_below_test_set(rep, c, v)) is not None:
            allowed, how = low
            first = c.line_at(v.start) if how.endswith(COUNTED_ON) and v.start < BORROWED else c.line  # (a rate judged by
            # the counts it was worked out of elsewhere is named where it stands, past a sentence wrapped over lines)
            for line in [first, *_error_line(rep, c, v)]:
                yield Finding("uncertainty_vs_sample_size", line, MAJOR,
                              f"the quoted uncertainty ± {fmt(v.uncertainty or 0)} on {v.quantity} {v.shown} is smaller than "
                              f"the test set alone allows: ± {fmt(allowed)} ({how})",
                              f"± {fmt(v.uncertainty or 0)} is below the ± {fmt(allowed)} its test set allows")
    yield from _precision_alone_vs_count(rep)
    yield from _rejection_on_its_background_count(rep)
    yield from _rejection_against_passing_count(rep)
    yield from _unnamed_rate_on_its_own_count(rep)
    yield from _fraction_of_its_own_counts(rep)
    yield from _fraction_of_the_count_a_sentence_opens_on(rep)


# "QCD jets passing", "n_bkg_pass", "passed": a column counting the background jets that pass the cut
PASSING_COUNT_LABEL = re.compile(r"pass", re.I)


def _rejection_against_passing_count(rep: Report) -> Iterator[Finding]:
    """'| 0.30 | 25 | 0.00250 | 400 ± 4 |' under 'eps_S | QCD jets passing | eps_B | 1/eps_B': a rejection 1/ε_B with an
    error, in a row that counts the background jets passing the cut (its ε_B the rejection's inverse): ε_B is n_pass / N,
    so the rejection's relative error is at least about 1 / sqrt(n_pass) (Poisson on the jets that pass), whatever N is."""
    for c in rep.claims:
        if c.kind != "row":
            continue
        for v in c.results("rejection"):
            counts = [w for w in c.values if w.role == "setting" and not w.quantity and PASSING_COUNT_LABEL.search(w.label)
                      and re.fullmatch(r"\d+", w.shown)]
            rates = [w for w in c.results("fake_rate") if w.value > 0 and abs(1 / w.value / v.value - 1) < 0.03]
            if not v.uncertainty or len(counts) != 1 or not rates or counts[0].value < 1:
                continue
            n = int(counts[0].value)
            allowed = v.value / math.sqrt(n)
            if v.uncertainty < 0.5 * allowed:
                yield Finding("uncertainty_vs_sample_size", c.line, MAJOR,
                              f"the quoted uncertainty ± {fmt(v.uncertainty)} on the rejection {v.shown} is far below what the "
                              f"{n} background jets that pass allow: ± {fmt(allowed)} (1/sqrt({n}) of it)",
                              f"± {fmt(v.uncertainty)} is below the ± {fmt(allowed)} that {n} passing jets allow")


# a count of events or jets as a sentence writes it: "the 1,200-event sample", "58 events pass", "of 400 QCD jets"
COUNT_OF_EVENTS = re.compile(r"(?<![\w.,%])(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{1,9})(?![\d.,%])(?:[- ](?:events?|jets?|candidates?)\b|"
                             r"\s+(?:[\w-]+\s+){0,2}?(?:events|jets|candidates)\b)", re.I)


# "14 of 400 QCD jets pass", "9 out of the 250 events": the part, a count of the same events as the whole after it
PART_OF_A_COUNT_OF_EVENTS = re.compile(r"(?<![\w.,%])(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{1,9})\s+(?:of|out\s+of)\s+(?:the\s+)?"
                                       r"(?:\d{1,3}(?:,\d{3}){1,7}|\d{1,9})\s+(?:[\w-]+\s+){0,2}?(?:events|jets|candidates)\b", re.I)


# "2.56 +- 0.01 %   (31 / 1210)": the counts a rate was worked out of, bracketed after it (passed / total)
BRACKETED_COUNTS = re.compile(r"\(\s*(?P<k>\d{1,3}(?:,\d{3}){1,7}|\d{1,9})\s*/\s*(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{1,9})\s*\)")
# "events fired by L1_SingleJet180 n=4100, AD also fired n=87": a count written as a program's key 'n' and its value
KEYED_COUNT = re.compile(r"(?<![\w.])[nN]\s*[=:]\s*(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{1,9})(?![\d.,]\d)")


def _fraction_of_its_own_counts(rep: Report) -> Iterator[Finding]:
    """'the cut on the 1,200-event sample: 58 events pass, a fraction of 4.8% ± 0.1%', '2.56 ± 0.01 % (31 / 1210)': a
    fraction with an error, in a sentence that states two counts of events whose ratio it is (to its printed digits): it was counted on the larger,
    and its error cannot be far below the binomial error of that count."""
    for c in rep.claims:
        if c.kind != "prose" or SEED_OR_RUN_WORDS_OF_SENTENCE.search(c.text):
            continue
        counts = [int(m["n"].replace(",", "")) for rx in (COUNT_OF_EVENTS, PART_OF_A_COUNT_OF_EVENTS) for m in rx.finditer(c.text)]
        counts += [int(m[g].replace(",", "")) for m in BRACKETED_COUNTS.finditer(c.text) for g in ("k", "n")]
        counts += [int(m["n"].replace(",", "")) for m in KEYED_COUNT.finditer(c.text)]
        for v in c.results():
            if not v.uncertainty or v.start >= BORROWED or v.quantity not in ("", *FRACTION_OF_JETS_QUANTITIES):
                continue
            scale = 100.0 if v.unit == "%" and v.quantity not in BOUNDED else 1.0
            p, err = v.value / scale, v.uncertainty / scale
            step = last_digit(v.shown.rstrip("% ")) / (100 if v.shown.rstrip().endswith("%") else 1)
            whole = [n for k in counts for n in counts if 0 < k < n and abs(k / n - p) <= step / 2 + 1e-12]
            if not 0 < p < 1 or len(set(whole)) != 1:
                continue
            n = whole[0]
            allowed = math.sqrt(p * (1 - p) / n)
            if err < 0.5 * allowed:
                shown = f"{allowed * 100:.2g}%" if v.shown.rstrip().endswith("%") else fmt(allowed)
                yield Finding("uncertainty_vs_sample_size", c.line_at(v.start), MAJOR,  # the line the fraction is on
                              f"the fraction {v.shown} ± {fmt(v.uncertainty)}{'%' if scale == 100 else ''} is the ratio of "
                              f"counts its sentence gives, out of {n}; a fraction of {n} has a binomial error of ± {shown}",
                              f"± {fmt(v.uncertainty)} is below the ± {shown} that {n} events allow")


# "Of the 600 injected signal events in the signal region, ...": a sentence that opens on the whole its fraction is of
OPENS_ON_A_COUNT = re.compile(r"^\W*(?:of|out\s+of)\s+(?:the|these|those|all|its|our)?\s*(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{1,9})\s+"
                              r"(?:[\w'-]+\s+){0,3}?(?:events|jets|candidates)\b[^,;:.]{0,60}[,:]", re.I)
# "the selection keeps a fraction 0.274", "a fraction of 0.31 passes", "keeps 0.27": the number is the share kept of that whole
FRACTION_KEPT_BEFORE = re.compile(r"(?:\bfraction(?:\s+of)?|\b(?:keeps?|kept|pass(?:es)?|passed|retains?|retained|selects?|selected))"
                                  r"\s*(?:=|:|of)?\s*(?:about\s+|roughly\s+|~\s*)?$", re.I)


def _fraction_of_the_count_a_sentence_opens_on(rep: Report) -> Iterator[Finding]:
    """'Of the 600 injected signal events in the signal region, the selection keeps a fraction 0.274 +/- 0.002': a
    fraction with an error, kept of the one count of events its sentence opens on, was counted on those events, so
    its error cannot be far below their binomial error (here sqrt(0.274 * 0.726 / 600) = 0.018)."""
    for c in rep.claims:
        m = OPENS_ON_A_COUNT.match(c.text) if c.kind == "prose" else None
        if m is None or SEED_OR_RUN_WORDS_OF_SENTENCE.search(c.text):
            continue
        n = int(m["n"].replace(",", ""))
        for v in c.results():
            if not v.uncertainty or v.start >= BORROWED or v.start < m.end() or v.unit or not 0 < v.value < 1 \
                    or v.quantity not in ("", *FRACTION_OF_JETS_QUANTITIES) \
                    or not FRACTION_KEPT_BEFORE.search(c.text[max(0, v.start - 40):v.start]):
                continue
            allowed = math.sqrt(v.value * (1 - v.value) / n)
            if n >= 2 and v.uncertainty < 0.5 * allowed:
                yield Finding("uncertainty_vs_sample_size", c.line_at(v.start), MAJOR,
                              f"the fraction {v.shown} ± {fmt(v.uncertainty)} is kept of the {n} events its sentence opens on; "
                              f"a fraction of {n} has a binomial error of ± {fmt(allowed)}",
                              f"± {fmt(v.uncertainty)} is below the ± {fmt(allowed)} that {n} events allow")


def _seed_spread_alone(rep: Report, c: Claim, v: Value) -> bool:
    """The error of `v` is a spread over seeds on one test set, which leaves out the test set's own error by construction
    (and the report does not say it holds it): no measure of what the test set allows."""
    spread = c.kind == "row" and (c.seeds or 0) > 1 and (re.search(  # {"auc_std": 0.013, "n_seeds": 3}: over the seeds
        rf"\b{re.escape(v.quantity)}\w*[ _](?:std|sd|stdev|spread)\b", c.text, re.I) or not c.sample_size)
    # ("AUC_cont  5  0.978980  0.000303  0.000136" under "N  Mean  StDev  SE Mean": the mean of five runs, and its error)
    stat = v.start < BORROWED and v.uncertainty is not None and re.match(
        rf"[^;,]{{0,30}}?±?\s*{re.escape(fmt(v.uncertainty))}[^;,]{{0,6}}?\(?stat(?:istical|\.)?\b",
        c.text[v.start + len(v.shown):].replace("+-", "±"))
    if not spread and v.start < BORROWED and (c.seeds or 0) > 1 and (m := SEEDS_RE.search(c.text, v.start, v.start + 60)) \
            and not m["one"] and not any(v.start < w.start < m.start() for w in c.values):
        spread = True  # "AUC 0.9431 +- 0.0004, five trainings": the error of five trainings on one test set
    return bool((SEED_SPREAD.search(rep.text) and not _one_seed(rep, c) and not _error_measured_on_own_count(c, v)
                 and not _opens_on_own_count_beside_local_spreads(rep, c, v) or spread)
                and (v.uncertainty or 0) > 0 and not stat and not _with_stat(rep, c) and not _named_statistical(rep, c))  # "± 0.001 (stat.)": the test set's own error



# "the statistical error on these rates is small; ... it is (2.29 +- 0.01) x 10^-3": the error named as the test set's own
STATISTICAL_ERROR_NAMED = re.compile(r"\b(?:statistical|binomial)\s+(?:errors?|uncertaint(?:y|ies))\b", re.I)


def _named_statistical(rep: Report, c: Claim) -> bool:
    """The error of a prose sentence that its own words, or those of the sentence just before it, call the statistical
    (binomial) error and that names no seeds or runs: the test set's own error, whatever spread over seeds another
    paragraph of the report speaks of."""
    if c.kind != "prose" or not 0 < c.line <= len(rep.lines):
        return False
    said = c.text + " " + (rep.lines[c.line - 2] if c.line > 1 else "")  # (a sentence with no number of its own, or the
    # first half of this one before a ';', is read from the line above)
    return bool(STATISTICAL_ERROR_NAMED.search(said)) and not SEED_OR_RUN_WORDS_OF_SENTENCE.search(said)


def error_below_test_set(rep: Report, c: Claim, v: Value) -> tuple[float, str] | None:
    """(the error the test set allows, how) when the error stated for `v` is below half of it; None when it is not, when
    none is stated, or when it is a spread over seeds (which leaves the test set's own error out)."""
    if not v.uncertainty or _seed_spread_alone(rep, c, v):
        return None
    allowed, how = allowed_sigma(rep, c, v)
    if not (allowed and v.uncertainty < 0.5 * allowed) and (k := _passing_count_of_its_sentence(c, v)):
        allowed = v.value * math.sqrt((1 - v.value) / k)  # sqrt(p(1-p)/N) with N = k/p: the count that passes sets it
        how = f"binomial: {k} jets pass, so the relative error is at least sqrt((1 - p)/{k})"
    if not (allowed and v.uncertainty < 0.5 * allowed) and v.start < BORROWED \
            and not SYST_AFTER.match(c.text, v.start + len(v.shown)):
        # the set it was measured on is stated where no reading of this line looks, or not at all: the largest count
        # stated anywhere bounds every test set of the report, so an error below what that count allows is wrong
        least, why = least_sigma(rep, c, v)
        if least and v.uncertainty < 0.5 * least:
            allowed, how = least, why
    if not allowed and v.quantity in FRACTION_OF_JETS_QUANTITIES and 0 < v.value < 1 and (n := _counted_where_worked_out(rep, c, v)):
        allowed, how = math.sqrt(v.value * (1 - v.value) / n), f"binomial for the {n} jets{COUNTED_ON}"
    return (allowed, how) if allowed and v.uncertainty < 0.5 * allowed else None


COUNTED_ON = " it was counted on"


# "158 QCD jets survive", "42 signal events pass the cut", "12 background jets are kept": the jets a cut lets through
PASSING_COUNT_OF_JETS = re.compile(r"(?<![\w.,%])(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{1,9})\s+(?P<what>(?:[\w-]+\s+){0,2}?)(?:jets|events)\s+"
                                   r"(?:that\s+|which\s+)?(?:pass(?:es|ed)?|surviv(?:e|es|ed)|(?:are|were)\s+(?:kept|retained|selected|accepted))\b", re.I)
SIGNAL_WORDS = re.compile(r"\b(?:signal|top|W|Z|H|Higgs|b|bb|sig)\b", re.I)
BACKGROUND_WORDS = re.compile(r"\b(?:background|bkg|QCD|light|gluon|fake|multijet)\b", re.I)


def _passing_count_of_its_sentence(c: Claim, v: Value) -> int | None:
    """'158 QCD jets survive, eps_B = 7.80e-4 ± 0.06e-4': a rate with an error in a sentence that counts the jets passing
    the cut it is the rate of. The rate is k/N, so its binomial error sqrt(p(1-p)/N) is p sqrt((1-p)/k): the passing count
    alone bounds it, whatever N is. The count's class must be the rate's own (background jets for a mistag rate)."""
    if c.kind != "prose" or v.quantity not in ("efficiency", "fake_rate") or not 0 < v.value < 1 or v.start >= BORROWED \
            or SEED_OR_RUN_WORDS_OF_SENTENCE.search(c.text):
        return None
    other = SIGNAL_WORDS if v.quantity == "fake_rate" else BACKGROUND_WORDS
    counts = {int(m["n"].replace(",", "")) for m in PASSING_COUNT_OF_JETS.finditer(c.text[:v.start])}
    found = [m for m in PASSING_COUNT_OF_JETS.finditer(c.text[:v.start]) if not other.search(m["what"])]
    return int(found[0]["n"].replace(",", "")) if len(counts) == 1 and len(found) == 1 else None


# "on the same 50,000 QCD test jets", "measured on 40,000 background jets"
BACKGROUND_COUNT_OF_SENTENCE = re.compile(r"\b(?:on|from|over|of)\s+(?:the\s+)?(?:same\s+)?(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{3,9})\s+"
                                          r"(?:QCD|background|bkg|light[- ]jet|gluon)\s+(?:test\s+)?(?:jets|events)\b"
                                          r"(?!\s+(?:that\s+)?(?:pass|passing|passed|surviv\w*|kept|selected|left)\b)", re.I)
# (not "from 813 background jets passing out of 404000": the jets a cut kept, the rejection's own count)


def _rejection_on_its_background_count(rep: Report) -> Iterator[Finding]:
    """'1/ε_B = 2,500 ± 20 ... on the same 50,000 QCD test jets': a background rejection is 1 / a mistag rate counted on
    the background test jets, so only n / R of them pass (here 20) and its relative error is at least that of the count,
    sqrt((1 - ε_B) / (n ε_B)) (here ± 560): a quoted error far below that is not what the test set allows."""
    for c in rep.claims:
        if c.kind != "prose" or SEED_OR_RUN_WORDS_OF_SENTENCE.search(c.text):
            continue
        own = BACKGROUND_COUNT_OF_SENTENCE.search(c.text)  # the sentence itself names the background jets it was counted on
        # (a rejection's error quoted beside no count may be a spread over trainings, stated elsewhere)
        n = int(own["n"].replace(",", "")) if own else 0
        if n < 100:
            continue
        for v in c.results("rejection"):
            if not v.uncertainty or v.value <= 1 or v.unit or v.start >= BORROWED or n / v.value < 1:
                continue
            eps = 1 / v.value
            allowed = v.value * math.sqrt((1 - eps) / (n * eps))
            if v.uncertainty < 0.5 * allowed:
                yield Finding("uncertainty_vs_sample_size", c.line_at(v.start), MAJOR,
                              f"the quoted uncertainty ± {fmt(v.uncertainty)} on the rejection {v.shown} is smaller than the "
                              f"{n} background test jets allow: only about {n / v.value:.0f} of them pass, so its binomial "
                              f"error is ± {fmt(allowed)}", f"± {fmt(v.uncertainty)} is below the ± {fmt(allowed)} that "
                              f"{n / v.value:.0f} passing background jets allow")
                break


def _counted_where_worked_out(rep: Report, c: Claim, v: Value) -> int | None:
    """The count a rate quoted with an error was worked out of, where the report writes the same rate, to the same
    digits, as the quotient of its counts ("mistag = 8 / 400 = 0.020" above "mistag = 0.020 ± 0.001"): one count, that
    rate's own set."""
    found = {n for d in rep.claims if d is not c for w in d.results(v.quantity) if w.start < BORROWED and w.shown == v.shown
             and (n := counted_fraction_size(d.text, w.start, w.value))}
    return found.pop() if len(found) == 1 else None


# "0.62 +/- 0.002 from those 400 jets": an error, then the count of jets the number was measured on (captured)
ERROR_THEN_OWN_COUNT_OF_JETS = re.compile(r"\s*(?:±|\+/-|\+-)\s*[\d.]+\s*(?:\([^()]{0,30}\)\s*)?,?\s*(?:(?:as\s+)?(?:measured|evaluated|"
                                          r"computed|counted|obtained|estimated)\s+)?(?:on|from|over|in)\s+(?:the\s+|a\s+|an\s+|those\s+|"
                                          r"these\s+|its\s+|our\s+)?(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{2,9})\s+(?:[\w-]+\s+){0,2}?(?:jets|events)\b")
# the fractions of jets a report may speak of: an unnamed number with a binomial error is one of these
FRACTION_OF_JETS_QUANTITIES = ("accuracy", "efficiency", "purity", "fake_rate")


def _unnamed_rate_on_its_own_count(rep: Report) -> Iterator[Finding]:
    """'Only the highest bin is fully documented: 0.62 +/- 0.002 from those 400 jets', in a report whose one fraction of
    jets is an efficiency (and no AUC is named): a number that names nothing, with an error and the count it was
    measured on, is that fraction, and its error cannot be far below the binomial error of that count."""
    names = {m.lastgroup for m in QUANTITY_RE.finditer(rep.text[:200_000])}
    kinds = names & {"auc", "classifier_auc", *FRACTION_OF_JETS_QUANTITIES}
    if len(kinds) != 1 or not kinds <= set(FRACTION_OF_JETS_QUANTITIES):
        return
    name = kinds.pop().replace("_", " ")
    for c in rep.claims:
        if c.kind != "prose" or SEED_OR_RUN_WORDS_OF_SENTENCE.search(c.text):
            continue
        for v in c.results():
            if v.quantity or v.role != "result" or not v.uncertainty or not 0 < v.value < 1 or v.unit or v.start >= BORROWED:
                continue
            m = ERROR_THEN_OWN_COUNT_OF_JETS.match(c.text, v.start + len(v.shown))
            n = int(m["n"].replace(",", "")) if m else 0
            if n < 2:
                continue
            allowed = math.sqrt(v.value * (1 - v.value) / n)
            if v.uncertainty < 0.5 * allowed:
                yield Finding("uncertainty_vs_sample_size", c.line, MAJOR,
                              f"the quoted uncertainty ± {fmt(v.uncertainty)} on the {name} {v.shown} is smaller than "
                              f"its own {n} jets allow: ± {fmt(allowed)} (binomial)",
                              f"± {fmt(v.uncertainty)} is below the ± {fmt(allowed)} that {n} jets allow")


# an error written alone, with no value beside it: "the accuracy is known to about ±0.1%", "a precision of 0.2% on it"
PRECISION_ALONE_BEFORE = re.compile(r"(?:\bknown to|\bto within|\bprecision of|\bdetermined to|\bmeasured to|\bgood to)\s*"
                                    r"(?:about |roughly |around |~|≈)?(?:±|\+/-|\+-)?\s*$", re.I)


def _precision_alone_vs_count(rep: Report) -> Iterator[Finding]:
    """'With 800 test jets the accuracy is known to about ±0.1%': an error stated alone for a fraction, in a sentence that
    gives the count it was measured on; the report's own values of that fraction (the table above) say how large the
    binomial error of that count is, and a quoted precision far below it is not what those jets allow."""
    for c in rep.claims:
        n = c.sample_size
        if c.kind != "prose" or not n or n < 2:
            continue
        for v in c.values:
            if v.role != "difference" or v.quantity not in ("accuracy", "efficiency", "purity", "fake_rate") or v.start >= BORROWED \
                    or not PRECISION_ALONE_BEFORE.search(c.text[max(0, v.start - 40):v.start]) or v.value <= 0:
                continue
            own = sorted(w.value for _, w in rep.values(v.quantity, roles=("result",)) if 0 < w.value < 1 and w.start < BORROWED)
            if not own:
                continue
            p = own[len(own) // 2]  # the middle of the report's own values of it
            allowed = math.sqrt(p * (1 - p) / n)
            if v.value < 0.5 * allowed:
                name = v.quantity.replace("_", " ")
                art = "an" if name[0] in "aeiou" else "a"
                shown = f"{allowed * 100:.2g}%" if v.shown.endswith("%") else fmt(allowed)
                yield Finding("uncertainty_vs_sample_size", c.line, MAJOR,
                              f"the {name} is said to be known to ± {v.shown}, but on {n} test jets {art} {name} near "
                              f"{fmt(p)} (the report's own values) has a binomial error of ± {shown}",
                              f"± {v.shown} is below the ± {shown} that {n} jets allow")


# "0.41 +- 0.002 (syst)": a systematic error alone is not the test set's statistical error
SYST_AFTER = re.compile(r"[^;,()]{0,24}?\(?\s*sys(?:t|tematic)\b", re.I)


def _error_line(rep: Report, c: Claim, v: Value) -> list[int]:
    """The line of a data answer where the error of `v` is a field of its own ("accuracy_stat_err: 0.0002" below
    "accuracy: 0.9210"), when that is not the value's line."""
    if c.kind != "row":
        return []
    err = re.compile(r"(?:err|std|unc|sigma|sd|sem)\w*[\"']?\s*[:=]\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?![\d.])", re.I)

    def same(line: str) -> bool:  # ("eps_b_err": 0.000005 is the 5e-06 read: the number, however it is written)
        return any(math.isclose(to_float(m.group(1)), v.uncertainty or 0, rel_tol=1e-9) for m in err.finditer(line))
    return [n for n in range(max(1, c.line - 4), c.line + 5) if n != c.line and n <= len(rep.lines)
            and same(rep.lines[n - 1])][:1]


NEAR_LINES = 2
# a ranking said to be turned round: "perfectly, just in reverse", "inverted", "the wrong way round"
REVERSED = re.compile(r"\b(?:in reverse|reversed|inverted|backwards?|upside[- ]down|(?:the )?wrong way(?: round| around)?|flipped)\b|"
                      r"\brank(?:s|ed|ing)?\s+(?:the\s+)?(?:QCD|background|bkg|gluon|light)[\w-]*(?:\s+jets)?\s+(?:above|over|ahead\s+of)\b",
                      re.I)  # ("the scores were ranking QCD above top almost perfectly": the background ranked first, a reversal)
HEDGED_PERFECT = re.compile(r"\b(?:almost|nearly|near|virtually|practically)[\s-]+perfect", re.I)


def _nearby(rep: Report, c: Claim, *quantities: str) -> list[tuple[Claim, Value]]:
    return _closest_first(c, [(d, v) for d in rep.near(c.line, NEAR_LINES) for v in d.results(*quantities) if v.start < BORROWED])


def _nearby_spanning(rep: Report, c: Claim, *quantities: str) -> list[tuple[Claim, Value]]:
    """As `_nearby`, with a sentence wrapped over several lines counted as near where any of its lines is: "My final model
    reached AUC 0.987 on the test set and ... (three lines) ... I achieved a perfect separation": the sentence just before."""
    lo = c.line - NEAR_LINES
    spanning = [d for n in range(lo - 8, lo) for d in rep.by_line.get(n, []) if d.breaks and max(ln for _, ln in d.breaks) >= lo]
    return _closest_first(c, [(d, v) for d in [*spanning, *rep.near(c.line, NEAR_LINES)] for v in d.results(*quantities)
                              if v.start < BORROWED])


def _admitted_losses(rep: Report, c: Claim) -> list[Value]:
    """The widths a sentence just before or after gives as the reason the encoding is *not* lossless (or not perfect)
    ("not lossless: ... a resolution of 4.6 GeV. What is exact is the round trip ..."): the report has stated that loss
    itself, so they do not contradict the exact thing it names beside them (the same number in a table neither)."""
    return [v for d in rep.near(c.line, NEAR_LINES) if d is not c and any(f"not_{w}" in d.qualifiers for w in ("lossless", "perfect"))
            for v in d.values if v.start < BORROWED]


# where the clause of a word ends: "lossless: ... (round trip 0.9958), and the multiplicity mismatch drops"
CLAUSE_END_AFTER_WORD = re.compile(r";|,\s+(?:and|but|while|whereas)\s|\.\s")


def _clause_of_the_word(text: str, word: str) -> str:
    """The text up to the end of the clause in which `word` (or its stem) first stands; all of it when absent."""
    at = re.search(rf"{word[:5]}", text, re.I)
    if at is None:
        return text
    end = CLAUSE_END_AFTER_WORD.search(text, at.end())
    return text[:end.start()] if end else text


def _lossless(rep: Report, c: Claim, q: set[str]) -> Finding | None:
    """'lossless' (or 'perfect' reconstruction) beside a width or distance of the same observable above zero."""
    if not ("lossless" in q or ("perfect" in q and re.search(r"reconstruct|recover|reproduc|encod|decod|round[- ]trip",
                                                             c.text, re.I))):
        return None
    word = "lossless" if "lossless" in q else "perfect"
    if word == "lossless" and (lost := _performance_lost(c)) is not None:
        return lost
    said = [m.group(0) for m in QUALIFIER_RE["lossless"].finditer(c.text)]
    if word == "lossless" and said and all(re.fullmatch(COSTS_NOTHING, w, re.I) for w in said):
        return None  # "decorrelation costs nothing in rejection": performance said to be kept, which no width speaks of
        # (the variant's own results judge it, `_performance_kept_yet_lost_above`)
    if word == "perfect" and _distance_floor(rep, c) is not None:
        return None  # a generated sample against the reference's own floor: how far above it, not above zero, is the question
    mine = _observables(_clause_of_the_word(c.text, word))  # "for the constituent multiplicity it is exact": not the mass
    # resolution beside it (an observable of a later clause, "..., and the multiplicity mismatch drops", scopes nothing)
    admitted = _admitted_losses(rep, c)
    near = [(d, v) for d, v in _nearby(rep, c, "resolution", "bias", "wasserstein", "kl", "loss")
            if abs(v.value) > 0 and not (mine and _observables(f"{v.label} {d.text}") and
                                         not mine & _observables(f"{v.label} {d.text}"))
            and not any(w.quantity == v.quantity and same_at_precision(v, w) for w in admitted)]  # (a width the line beside
    # admits as a loss, "not lossless: 3.4% pT resolution", says nothing of this one: the report's other widths do)
    if not near and "universal" in q:  # "reproduces the jet mass perfectly in every pT bin": the rows of its bins
        near = _closest_first(c, [(d, v) for d in rep.near(c.line, 12) if d.kind == "row"
                                  for v in d.results("resolution", "bias", "wasserstein", "kl") if abs(v.value) > 0 and v.start < BORROWED])
    if not near and re.search(rf"(?<![\d.,])0\s+(?:{MISMATCH_LABEL.pattern})", rep.lines[c.line - 1] if c.line <= len(rep.lines) else "",
                              re.I):
        return None  # "round trip is lossless ... 0 mismatches": its own check, on its line, counts no difference
    if not near and (row := _row_of_its_setting(rep, c)) is not None:
        near = row  # the row of the setting it names, alone: another setting's widths say nothing of this one
    else:
        near = near or [(d, v) for d, v in rep.values("resolution") if v.value > 0 and (
            not mine or v.start < BORROWED and mine & _observables(f"{v.label} {rep.lines[d.line - 1] if 0 < d.line <= len(rep.lines) else d.text}"))][:1]
        # ("lossless at the jet level (mass and pT reproduced)" below a table of per-observable widths further up: the
        # report's own resolution of an observable it names)
    near = near or _deviations_after_decoding(rep, c)
    near = [(d, v) for d, v in near if not any(w.quantity == v.quantity and same_at_precision(v, w) for w in admitted)]
    if not near:
        return None
    d, v = near[0]
    where, what = _line_if_other(d, c), v.quantity or "deviation"
    return Finding("absolute_words", c.line, SEVERE,
                   f"'{word}' next to a {what} of {v.shown}{where}: a lossless encoding would "
                   f"reconstruct with zero {what}; {v.shown} is information lost", f"'{word}' beside a {v.shown} {what}")


# "max |s_java - s_torch| = 3.1e-03": the largest difference between two runs' outputs, jet by jet
MAX_ABS_DIFFERENCE = re.compile(rf"\bmax(?:imum)?\s*\|[^|\n]{{1,40}}\s[-−]\s[^|\n]{{1,40}}\|\s*[=:]\s*(?P<num>{NUM})")
# "decisions changed at the cut: 17 / 40000", "labels flipped: 12 of 5000": a count of jets whose decision differs
DECISIONS_CHANGED = re.compile(r"\b(?:decisions?|labels?|predictions?|classifications?|tags?)\s+(?:changed|flipped|differ\w*)\b"
                               r"[^:\n]{0,50}:\s*(?P<n>\d[\d,]*)\s*(?:/|of|out of)\s*(?P<of>\d[\d,]*)", re.I)
# "differing tokens : 17322 (0.454 %)", "entries with |d| > 1e-6: 19873 / 20000": a program's count of the outputs that
# differ between the two runs, one by one
OUTPUTS_DIFFERING = re.compile(r"\b(?:differing|changed|mismatch(?:ed|ing)?)\s+(?:tokens?|entries|scores?|outputs?|predictions?|"
                               r"logits?|codes?)\s*[:=]\s*(?P<n>\d[\d,]*)|\b(?:entries|scores?|outputs?|jets?|tokens?)\s+with\s+"
                               r"\|[^|\n]{1,20}\|\s*>\s*[\d.eE+-]+\s*[:=]\s*(?P<n2>\d[\d,]*)", re.I)
# "|score_cpp - score_ref|: mean 4.1e-05, max 2.7e-03": the absolute differences' summary, the largest among them
MAX_AFTER_ABS_DIFFERENCE = re.compile(rf"\|[^|\n]{{1,40}}\s[-−]\s[^|\n]{{1,40}}\|\s*:[^\n]{{0,40}}?\bmax(?:imum)?\s*[=:]?\s*(?P<num>{NUM})", re.I)
# "java scores identical to the torch reference", "outputs are identical": the outputs themselves said to be the same
OUTPUTS_IDENTICAL = re.compile(r"\b(?:scores?|outputs?|predictions?|logits?)\s+(?:are\s+|were\s+)?(?:bit[- ]?wise\s+|bit-)?identical\b", re.I)
# ("the C++ scores are bit-identical to the reference")


def _lossless_yet_outputs_differ(rep: Report, c: Claim, q: set[str]) -> Finding | None:
    """'export is lossless, scores identical to the reference' under the report's own comparison of the two, jet by jet,
    that finds them apart: a largest absolute difference of 1e-4 or more (float rounding stays far below), or decisions at
    a cut that change on some jets."""
    said = QUALIFIER_RE["lossless"].search(c.text) or OUTPUTS_IDENTICAL.search(c.text)
    if c.kind != "prose" or not ("lossless" in q or OUTPUTS_IDENTICAL.search(c.text)) or NEGATION.search(c.text[:said.start()] if said else c.text):
        return None  # ("not lossless"; not "bit-identical to the reference, so the port introduces no change": a negation
        # after the word is of another thing)
    for ln in range(c.line, max(0, c.line - 30), -1):  # (a note under the program's printout, within 30 lines of it)
        text = rep.lines[ln - 1] if 0 < ln <= len(rep.lines) else ""
        if (m := DECISIONS_CHANGED.search(text)) and int(m["n"].replace(",", "")) > 0:
            what = f"decisions that change on {m['n']} of {m['of']} jets"
        elif (m := MAX_ABS_DIFFERENCE.search(text) or MAX_AFTER_ABS_DIFFERENCE.search(text)) and to_float(m["num"]) >= 1e-4:
            what = f"a largest output difference of {m['num']}"
        elif (m := OUTPUTS_DIFFERING.search(text)) and int((m["n"] or m["n2"]).replace(",", "")) > 0:
            what = f"{m['n'] or m['n2']} outputs that differ"
        else:
            continue
        return Finding("absolute_words", c.line, SEVERE,
                       f"'lossless' / 'identical' outputs, but line {ln} gives {what}: the two differ on some jets",
                       f"'lossless' beside {what}")
    return None


# "lossless in physics performance", "lossless in AUC": the word said of how well the thing tags, not of a reconstruction
LOSSLESS_IN_PERFORMANCE = re.compile(r"\blossless\s+(?:in|for|on|with respect to|w\.r\.t\.)\s+(?:(?:the|its|their|physics|tagging|"
                                     r"classification|model|downstream)\s+){0,2}(?:performance|AUC|rejection|accuracy|efficiency|physics|"
                                     r"tagging|classification)\b", re.I)  # ("lossless for downstream tagging": the tagging done on it)
# what stands between two AUCs set against each other: "0.9127 against 0.9312", "0.9312 -> 0.9127", "0.8840 on decoded
# jets against"
AUC_SET_AGAINST = re.compile(r"\s*(?:(?:on|for|with)\s+(?:[\w+/-]+\s+){0,3})?(?:vs\.?|versus|against|compared (?:to|with))\s*|"
                             r"\s*(?:->|→|to)\s*", re.I)
DELTA_AUC_LABEL = re.compile(r"(?:^|\s)(?:d|Δ|delta[ _]?)auc$", re.I)
DELTA_WORD = re.compile(r"(?:^|\s)(?:delta|Δ)(?:\s|$)", re.I)  # "delta AUC = -0.0065": the AUC's change, its name read apart


def _performance_lost(c: Claim) -> Finding | None:
    """'lossless in physics performance' in a sentence that gives the loss itself: a rejection that falls by more than a
    tenth between two numbers it names ("R30 1250 -> 890"), or an AUC change it names of 0.002 or more ("dAUC = -0.0049")."""
    if not LOSSLESS_IN_PERFORMANCE.search(c.text):
        return None
    rej = [v for v in c.results("rejection") if v.start < BORROWED and v.value > 0]
    for a, b in zip(rej, rej[1:], strict=False):
        if b.value < 0.9 * a.value and re.fullmatch(r"\s*(?:->|→|to|vs\.?)\s*", c.text[a.start + len(a.shown):b.start]):
            return Finding("absolute_words", c.line, SEVERE,
                           f"'lossless' in performance, yet the rejection falls from {a.shown} to {b.shown} "
                           f"({100 * (b.value / a.value - 1):.0f}%): performance is lost", f"'lossless' beside a rejection of {a.shown} -> {b.shown}")
    auc = [v for v in c.results("auc") if v.role == "result" and v.start < BORROWED]
    for a, b in zip(auc, auc[1:], strict=False):  # "reaches AUC 0.9127 against 0.9312 on the original": the tagger on the
        # decoded inputs and on the originals, 0.002 or more apart (the threshold of a performance lost, as below)
        if abs(a.value - b.value) >= 0.002 - 1e-9 and AUC_SET_AGAINST.fullmatch(c.text, a.start + len(a.shown), b.start):
            return Finding("absolute_words", c.line, SEVERE,
                           f"'lossless' in performance, yet the AUC is {a.shown} against {b.shown} (a difference of "
                           f"{fmt(abs(a.value - b.value))}): performance is lost", f"'lossless' beside an AUC of {a.shown} vs {b.shown}")
    for v in c.values:
        if v.start < BORROWED and v.role == "difference" and DELTA_AUC_LABEL.search(v.label) and abs(v.value) >= 0.002:
            return Finding("absolute_words", c.line, SEVERE, f"'lossless' in performance, yet the AUC changes by {v.shown}: "
                           "performance is lost", f"'lossless' beside an AUC change of {v.shown}")
    return None


# "with no degradation in top-tagging performance", "without any loss in AUC", "at no cost in tagging performance": the
# tagging said to be kept whole
NO_PERFORMANCE_LOSS = re.compile(r"\b(?:no|without(?:\s+any)?|zero)\s+(?:degradation|loss|drop|deterioration|cost|penalty)\s+(?:in|of|to)\s+"
                                 r"(?:the\s+|its\s+)?(?:[\w-]+\s+){0,2}?(?:performance|AUC|accuracy|rejection)\b|"
                                 # "the int8 model shows no degradation with respect to the float one": its performance kept
                                 r"\b(?:no|without(?:\s+any)?|zero)\s+(?:degradation|deterioration|performance\s+loss)\s+(?:with respect to|"
                                 r"relative to|compared (?:to|with)|w\.r\.t\.?|against)\s", re.I)
# "auc_original_constituents" / "auc_reconstructed_constituents": the one tagger on the inputs, then on their decoded copy
ORIGINAL_INPUT = re.compile(r"\b(?:original|input|raw|unquanti[sz]ed|uncompressed)\b", re.I)
DECODED_INPUT = re.compile(r"\b(?:reconstructed|decoded|tokeni[sz]ed|quanti[sz]ed|compressed|round[- ]?trip)\b", re.I)


def _no_degradation_yet_auc_drops(rep: Report, c: Claim) -> Finding | None:
    """'maps every constituent onto one of 8192 codes with no degradation in top-tagging performance' where the report
    gives the tagger's AUC on the original inputs and on their decoded copy, one field each, 0.002 or more apart: the
    performance is lost."""
    if c.kind != "prose" or not (m := NO_PERFORMANCE_LOSS.search(c.text)) or NEGATION.search(c.text[:m.start()]):
        return None
    def key(d: Claim, v: Value) -> str:  # the key of the file's line a field's number stands on ('"auc_original_constituents":
        k = re.match(r"\s*[\"']?([\w .-]{1,60})[\"']?\s*[:=]\s*" + re.escape(v.shown), rep.lines[d.line - 1] if 0 < d.line <= len(
            rep.lines) else "")  # 0.9846,')
        return k.group(1).replace("_", " ") if k else ""
    aucs = [(d, v, key(d, v)) for d, v in rep.values("auc", roles=("result",)) if d.kind == "row" and v.start < BORROWED]
    before = [(d, v) for d, v, k in aucs if ORIGINAL_INPUT.search(k) and not DECODED_INPUT.search(k)]
    after = [(d, v) for d, v, k in aucs if DECODED_INPUT.search(k) and not ORIGINAL_INPUT.search(k)]
    if len(before) != 1 or len(after) != 1 or before[0][1].value - after[0][1].value < 0.002:
        return None
    (d, a), (e, b) = before[0], after[0]
    return Finding("absolute_words", c.line, SEVERE,
                   f"'{m.group(0)}', yet the AUC falls from {a.shown} on the original inputs (line {d.line}) to {b.shown} on "
                   f"their reconstruction (line {e.line}): performance is lost", f"'{m.group(0)}' beside an AUC of {a.shown} -> {b.shown}")


# "R30 = 812", "R50=482.7", "R30 (=1/eps_B at eps_S = 30%) = 812": the name a number is printed under (its working point)
PRINTED_NAME_BEFORE = re.compile(r"([A-Za-z][\w^]*)\s*(?:\([^()]{0,40}\))?\s*[=:]?\s*$")
VARIANT_WORD = re.compile(r"[a-z][a-z0-9+-]*\d[a-z0-9+-]*|[a-z]{3,}")  # "int8", "fp16", "onnx": what names a variant


# "int8", "fp16", "bf16", "4-bit": a number format of fewer than 32 bits, which a model is quantised to
REDUCED_PRECISION = re.compile(r"\b(?:u?int|fp|float|bf|q)(?P<bits>\d{1,2})\b|\b(?P<n>\d{1,2})[- ]?bits?\b", re.I)


def _variant_words(text: str) -> set[str]:
    """The words that may name a variant, each cut to its first six letters: "pruning" in a verdict and "pruned" on the
    variant's line, "quantisation" and "quantised", are one word; a line in a format of fewer than 32 bits ("int8: AUC
    ...") is the quantised one, as a verdict on "the quantisation" names it."""
    words = {stem(w)[:6] for w in VARIANT_WORD.findall(text.lower())}
    if any(int(m["bits"] or m["n"]) < 32 for m in REDUCED_PRECISION.finditer(text)):
        words.add("quanti")
    return words


def _word_of_variant(text: str, cut: str) -> str:
    """The word of `text` that `_variant_words` cut to `cut`, as written."""
    return next((w for w in VARIANT_WORD.findall(text.lower()) if stem(w)[:6] == cut), cut)


def _printed_name(d: Claim, v: Value) -> str:
    m = PRINTED_NAME_BEFORE.search(d.text[max(0, v.start - 60):v.start])
    return m.group(1).lower() if m else ""


def _statement_above_its_fields(rep: Report, c: Claim, k: int = 15) -> list[Claim]:
    """The sentences of the nearest line above `c`, within `k` lines, that states results, where nothing but numbers of
    no result (a message's date, its ids) stands between: in a chat's export a reply's fields part it from the message
    it answers by more lines than text would, but no statement does."""
    for ln in range(c.line - 1, max(0, c.line - k) - 1, -1):
        here = rep.by_line.get(ln, [])
        if any(d.results() or d.qualifiers or d.comparison for d in here):
            return [d for d in here if d.results()]
    return []


def _performance_kept_yet_lost_above(rep: Report, c: Claim, q: set[str]) -> Finding | None:
    """'int8 is lossless too', 'quantization comes at no cost in tagging performance' said without numbers of its own,
    under the lines that give a reference's and a variant's AUC (and rejection): the variant the verdict names (a word of
    its line that the reference's lacks) has an AUC 0.002 or more below the reference's, or a rejection at the same
    working point more than a tenth below: tagging performance is lost (the threshold of `_performance_lost`)."""
    said = QUALIFIER_RE["lossless"].search(c.text) if "lossless" in q else NO_PERFORMANCE_LOSS.search(c.text)
    if c.kind != "prose" or said is None or NEGATION.search(c.text[:said.start()]) or c.results("auc", "rejection"):
        return None
    def aucs(d: Claim) -> list[Value]:
        return [v for v in d.results("auc") if v.role == "result" and v.start < BORROWED]
    above = rep.block_before(c) or [d for d in rep.near(c.line, 6) if d.kind == "row" and d.line < c.line]
    # (a table set off from the verdict by a blank line: the rows just above it are what it sums up)
    rows = [(d, a[0], d.results("rejection")[:1]) for d in above if c.line - d.line <= 6 and d.line < c.line and (a := aucs(d))]
    if len(rows) < 2:  # a form's claim above the field that holds its data ("no loss in tagging performance" over "float:
        # AUC 0.9614 ... 6-bit: AUC 0.9521"): the two lines just below it, where none stand above; the lower is the variant
        # (a loss is what is looked for), which the verdict must name as below
        below = [(d, a[0], d.results("rejection")[:1]) for d in rep.near(c.line, 6) if c.line < d.line and (a := aucs(d))]
        if len(below) == 2:
            rows = sorted(below, key=lambda r: -r[1].value)
        else:  # a reply in a chat's export, its message's fields (date, ids) between it and the message it answers
            rows = [(d, a[0], d.results("rejection")[:1]) for d in _statement_above_its_fields(rep, c) if (a := aucs(d))]
            if len(rows) < 2:
                return None
    var, va, vr = rows[-1]  # the variant: the results just above the verdict; the reference: the best AUC above them
    ref, ra, rr = max(rows[:-1], key=lambda r: r[1].value)
    named = _variant_words(c.text) & _variant_words(var.text) - _variant_words(ref.text)
    if not named:
        return None  # the verdict does not name the variant of the line above (its own words, the reference lacks)
    if ra.value - va.value >= 0.002 - 1e-9:
        what = f"the AUC falls from {ra.shown} (line {ref.line}) to {va.shown} (line {var.line})"
    elif vr and rr and _printed_name(var, vr[0]) == _printed_name(ref, rr[0]) and 0 < vr[0].value < 0.9 * rr[0].value:
        what = (f"the rejection falls from {rr[0].shown} (line {ref.line}) to {vr[0].shown} (line {var.line}), "
                f"{100 * (1 - vr[0].value / rr[0].value):.0f}% less")
    else:
        return None
    return Finding("absolute_words", c.line, SEVERE, f"'{said.group(0).strip()}' said of {_word_of_variant(c.text, sorted(named)[0])}, yet {what}: "
                   "tagging performance is lost", f"'{said.group(0).strip()}' beside {ra.shown} -> {va.shown}")


ARROW_BETWEEN = re.compile(r"->|→")
# the measures of a tagger's performance, each better when higher, whose fall is a loss of performance
PERFORMANCE_QUANTITIES = ("auc", "accuracy", "rejection", "sic")


def _fall_of_performance(rep: Report, c: Claim) -> tuple[Value, Value, str] | None:
    """'the AUC moves from 0.9864 to 0.9791': a measure of performance said to go from one value to another, lower, by more
    than twice the errors of the two (stated, or what the test set allows), or where no error is known by 0.002 (bounded)
    or 5% (a rejection): (from, to, how far)."""
    res = [v for v in c.results(*PERFORMANCE_QUANTITIES) if v.role == "result" and v.start < BORROWED]
    for a, b in zip(res, res[1:], strict=False):
        if a.quantity != b.quantity or not FROM_END_TO_END.fullmatch(c.text, a.start + len(a.shown), b.start) or b.value >= a.value \
                or not (re.search(r"\bfrom\s+$", c.text[max(0, a.start - 8):a.start]) or ARROW_BETWEEN.search(c.text, a.start, b.start)):
            continue  # ("AUC 0.9841 -> 0.9827": an arrow says 'from ... to' by itself; "0.98 to 0.99" without 'from' is a range)
        sa, sb = sigma(rep, c, a)[0], sigma(rep, c, b)[0]
        drop = a.value - b.value
        if sa and sb and drop > 2 * (se := math.hypot(sa, sb)):
            return a, b, f"{drop / se:.0f}σ"
        if not (sa and sb) and (drop >= 0.002 if a.quantity in BOUNDED else drop >= 0.05 * a.value):
            return a, b, f"{fmt(drop)}"
    return None


def _no_degradation_beside_a_fall(rep: Report) -> Iterator[Finding]:
    """'Under this pile-up the AUC moves from 0.9864 to 0.9791 ... The architecture is therefore robust, with no degradation
    of its tagging performance': 'no degradation' (loss, drop) of performance said right after the sentences that give a
    measure of that performance falling, by more than its errors: the performance is degraded, by their own numbers."""
    said = [*NO_PERFORMANCE_LOSS.finditer(rep.text[:200_000]), *LOSSLESS_IN_PERFORMANCE.finditer(rep.text[:200_000])]
    for m in sorted(said, key=lambda m: m.start()):  # ("lossless for the tagging performance": the same said in one word)
        line = rep.text.count("\n", 0, m.start()) + 1
        start = rep.text.rfind("\n", 0, m.start()) + 1
        if NEGATION.search(rep.text[max(start, m.start() - 40):m.start()]) or ASKED_AFTER.match(rep.text, m.end()):
            continue  # ("Is tokenization lossless for tagging?": asked, not said)
        for d in sorted((d for d in rep.claims if d.kind == "prose" and 0 <= d.line - line <= 2), key=lambda d: d.line):
            if (dv := _auc_change_beyond_noise(d)) is not None:  # "no degradation ..." over "delta AUC = -0.0065": the
                # check's own change, printed under it
                yield Finding("absolute_words", line, SEVERE,
                              f"'{' '.join(m.group(0).split())}', yet line {d.line} gives the AUC changing by {dv.shown}: the "
                              "performance is degraded", f"'{' '.join(m.group(0).split())}' beside an AUC change of {dv.shown}")
                break
        else:
            yield from _fall_before_no_degradation(rep, m, line)


# the rest of a question: the words up to its question mark, no sentence ending between
ASKED_AFTER = re.compile(r"[^.!?\n]{0,80}\?")


def _auc_change_beyond_noise(d: Claim) -> Value | None:
    """A fall of the AUC that `d` states as a change ("delta AUC = -0.0065"): 0.002 or more (the threshold of a performance
    lost, as `_performance_lost`), and beyond twice its own error where it gives one."""
    return next((v for v in d.values if v.start < BORROWED and v.role == "difference" and (
        DELTA_AUC_LABEL.search(v.label) or v.quantity == "auc" and DELTA_WORD.search(v.label)) and v.value <= -0.002 + 1e-9 and not (v.uncertainty and abs(v.value) < 2 * v.uncertainty)), None)


def _fall_before_no_degradation(rep: Report, m: re.Match[str], line: int) -> Iterator[Finding]:
    """The sentences just before the words (within three lines, nearest first) that give a measure of performance
    falling beyond its errors."""
    for d in sorted((d for d in rep.claims if d.kind == "prose" and 0 <= line - d.line <= 3), key=lambda d: -d.line):
        if (fall := _fall_of_performance(rep, d)) is not None:
            a, b, far = fall
            yield Finding("absolute_words", line, SEVERE,
                          f"'{' '.join(m.group(0).split())}', yet line {d.line} gives the {a.quantity} falling from {a.shown} to "
                          f"{b.shown} ({far}): the performance is degraded", f"'{' '.join(m.group(0).split())}' beside "
                          f"{a.quantity} {a.shown} -> {b.shown}")
            return


# "max. relative deviation after unpacking: 3e-3", "residual error after decoding 0.2%": what a round trip loses
DEVIATION_AFTER_DECODING = re.compile(r"\b(?:deviations?|errors?|differences?|residuals?|discrepanc(?:y|ies))\s+(?:after|from|on|in|of)\s+"
                                      r"(?:the\s+)?(?:un-?pack\w*|decod\w*|round[- ]?trip\w*|reconstruct\w*|decompress\w*|"
                                      r"de-?quantiz\w*|re-?load\w*)\W{0,3}$", re.I)


def _deviations_after_decoding(rep: Report, c: Claim) -> list[tuple[Claim, Value]]:
    """The numbers, on the claim's line or the next, that a sentence gives as the deviation left after decoding
    ("packing is lossless; max. relative deviation after unpacking: 3e-3"), above zero."""
    return [(d, v) for d in rep.near(c.line, 1) if d.line >= c.line for v in d.values[:1]
            if v.start < BORROWED and v.value > 0 and v.role in ("result", "setting") and v.quantity in ("", "resolution", "bias")
            and DEVIATION_AFTER_DECODING.search(d.text[max(0, v.start - 60):v.start])]


def _row_of_its_setting(rep: Report, c: Claim) -> list[tuple[Claim, Value]] | None:
    """"With K=4096 the encoding is lossless" of a table with a row per K: the widths and distances of the table row
    whose own setting is the one the sentence names (the same quantity and value), however far above it stands."""
    named = {(v.quantity, v.value) for v in c.values if v.role == "setting" and v.quantity and v.start < BORROWED}
    rows = [d for d in rep.claims if d.kind == "row" and any(
        (w.quantity, w.value) in named for w in d.values if w.role == "setting" and w.start < BORROWED)]
    if len(rows) != 1 or not rows[0].results("resolution", "bias", "wasserstein", "kl"):
        return None  # no one row of that setting, or one that gives no width or distance
    return [(rows[0], v) for v in rows[0].results("resolution", "bias", "wasserstein", "kl") if abs(v.value) > 0 and v.start < BORROWED]


def _closest_first(c: Claim, found: list[tuple[Claim, Value]]) -> list[tuple[Claim, Value]]:
    """(claim, value) pairs ordered by their line's distance from `c`, then by position in their line."""
    return sorted(found, key=lambda dv: (abs(dv[0].line - c.line), dv[1].start))


# "W1^M", "W_1^{m}", "W1^{pT}": a distance whose superscript names the observable it is of
DISTANCE_OF_OBSERVABLE = re.compile(r"\bW_?\{?1\}?\s*\^\s*\{?\s*(?:(?P<mass>m|M)(?![a-zA-Z])|(?P<pt>p_?T))", re.I)


def _distance_observables(text: str) -> set[str]:
    return _observables(text) | {m.lastgroup or "" for m in DISTANCE_OF_OBSERVABLE.finditer(text)}


def _distance_floor(rep: Report, c: Claim) -> tuple[Value, list[tuple[Claim, Value]]] | None:
    """The one floor (a distance, Wasserstein or KL, between two samples of the reference: its control) the report gives,
    within a few lines, for the observable the sentence names, with every distance of that observable beside it."""
    mine = _observables(c.text)
    if not mine:
        return None

    def same_observable(d: Claim) -> bool:
        return bool(mine & _distance_observables(rep.lines[d.line - 1] if 0 < d.line <= len(rep.lines) else d.text))
    near = [(d, v) for d in rep.near(c.line, 12) for v in d.values if v.quantity in ("wasserstein", "kl") and v.start < BORROWED
            and v.uncertainty and same_observable(d)]
    floors = [v for d, v in near if v.role == "control"]
    if len(floors) != 1:
        return None
    return floors[0], near


def _distance_above_its_floor(rep: Report, c: Claim) -> tuple[Claim, Value, Value] | None:
    """'The mass is reproduced perfectly' near 'truth vs truth: W1^M = 0.5 +- 0.1' and 'model: W1^M = 1.9 +- 0.3': the
    distance of the model the sentence names (else the nearest) that stands more than 3σ above the floor the report gives
    for that observable: a difference the comparison itself resolves."""
    if (found := _distance_floor(rep, c)) is None:
        return None
    floor, near = found
    def named(v: Value) -> bool:  # "by the flow-matching model" of the row "flow-matching model: W1^M = 1.9 +- 0.3"
        return any(len(w) > 3 and re.search(rf"\b{re.escape(w)}\b", c.text, re.I) for w in re.findall(r"[\w-]+", v.label)
                   if w.lower() not in ("model", "truth", "real", "data"))
    ordered = _closest_first(c, [(d, v) for d, v in near if v.role == "result"])
    ordered = [(d, v) for d, v in ordered if named(v)] or ordered  # the row of the model it names, where it names one
    above = [(d, v) for d, v in ordered if v.value - floor.value > 3 * math.hypot(v.uncertainty or 0, floor.uncertainty or 0)]
    if not above:
        return None
    d, v = above[0]
    return d, v, floor


def _line_if_other(d: Claim, c: Claim) -> str:
    """' (line N)' when the number `d` holds stands on another line than the words of `c`."""
    return "" if d.line == c.line else f" (line {d.line})"


# "always identifies top jets", "never misses one", "finds every signal jet": a signal efficiency of one, in words
FINDS_ALL = re.compile(r"\b(?:always|unfailingly|every time)\s+(?:\w+\s+)?(?:identif|find|catch|tag|select|detect|recogni[sz]|pick)\w*|"
                       r"\bnever\s+(?:\w+\s+)?(?:miss|lose|loses|fail)\w*|"
                       r"\b(?:identif(?:y|ies)|finds?|catch(?:es)?|tags?|selects?|detects?)\s+(?:each and )?(?:every|all)\b(?!\s+(?:other|second|few|\d))",
                       re.I)


def _never_misses(rep: Report, c: Claim) -> Finding | None:
    """'always identifies top jets', 'never misses one' where the report gives that tagger's signal efficiency below one
    (the nearest one stated, before the words or after): the words claim an efficiency of 1."""
    said = FINDS_ALL.search(c.text)
    if said is None or NEGATION.search(c.text[max(0, said.start() - 25):said.start()]) or "?" in c.text[said.end():said.end() + 60]:
        return None
    near = _closest_first(c, [(d, v) for d in rep.near(c.line, 12) for v in d.results("efficiency")
                              if v.role == "result" and 0 < v.value < 0.99 and v.start < BORROWED and not v.bound])
    if not near:
        return None
    d, v = near[0]
    where = _line_if_other(d, c)
    return Finding("absolute_words", c.line, SEVERE,
                   f"'{said.group(0).strip()}' claims every signal jet is found, but the efficiency is {v.shown}{where}: "
                   f"{fmt(100 * (1 - v.value))}% of them are missed", f"'{said.group(0).strip()}' at an efficiency of {v.shown}")


def _universal_rows(rep: Report, c: Claim, q: set[str], done: set[int]) -> Finding | None:
    """'higher rejection at every working point', 'below 1.0 GeV at every pT bin': every row the report gives for it
    (before or after the sentence) must hold, one that does not contradicts the universal word."""
    if "universal" not in q or c.kind != "prose" or c.line in done:
        return None
    last = max([c.line] + [ln for _, ln in c.breaks])
    hit = contradicting_row(rep.lines, c.line, c.text, last)
    if hit is None:
        return None
    done.add(c.line)
    kind, n, what = hit
    at = UNIVERSAL.search(c.text)
    line = c.line_at(at.start()) if at else c.line  # where the universal word stands
    claim = {"comparison": "a comparison at every row", "compatible": "compatibility at every row",
             "listed": "a bound on every entry", "equal": "an exact equality at every row"}.get(kind, "a bound at every row")
    return Finding("absolute_words", line, MAJOR, f"{claim}, but line {n} says otherwise: {what}",
                   f"a universal claim contradicted at line {n}")


# "a perfect classifier has AUC = 1", "for an ideal, perfect tagger the AUC would be 1": a generic subject, any perfect one
GENERIC_PERFECT_SUBJECT = re.compile(r"^\W*(?:[A-Z][a-z]{1,9}\s+\d{1,3}[.:)]?\s+)?(?:(?:for|while|whereas)\s+)?(?:an?|any)\s+(?:[\w-]+,?\s+)?"
                                     r"perfect(?:ly)?\b", re.I)
# ("Door 3   A perfect tagger has AUC 1.", "Step 2: a perfect ...": a list item's own label before the sentence opens)


def _perfect_scale_end_defined(c: Claim) -> bool:
    """'A perfect one has AUC = 1': the sentence says where the scale ends, of any perfect classifier (a generic subject),
    and gives the end itself; it claims nothing of a measured tagger, so no number near it can fall short of it."""
    return bool(GENERIC_PERFECT_SUBJECT.search(c.text)) and any(
        v.role == "result" and v.quantity in ("accuracy", "auc", "efficiency", "purity") and v.value >= 0.99 for v in c.values)


# "AUC = 1 -> perfect", "an accuracy of 100% means perfect", "perfect = AUC 1": the word glossing the scale's end it stands by
PERFECT_GLOSSES_SCALE_END = re.compile(
    r"(?<![\d.])(?:1(?:\.0+)?|100\s*%)\s*(?:->|→|=>|⇒|:|=|\bmeans\b|\bis\b|\bwould be\b|\bgives\b)\s*(?:an?\s+)?perfect(?:ly)?\b|"
    r"\bperfect(?:ly)?\b(?:\s+(?:separation|classifier|tagger|score|ranking))?\s*(?:->|→|=>|⇒|:|=|\bmeans\b|\bis\b|\bwould be\b|\()\s*"
    r"(?:an?\s+)?(?:(?:AUC|accuracy|efficiency|purity)\s*(?:of|=)?\s*)?(?:1(?:\.0+)?|100\s*%)(?![\d.])", re.I)


# "If the fakes were perfect, the classifier could do no better than guessing": perfection supposed, of no measured thing
PERFECT_SUPPOSED = re.compile(r"(?<!\bas )(?<!\beven )\b(?:if|suppose|supposing|imagine|assuming)\b[^.;:!?]{0,80}?\b(?:were|was|had been|"
                              r"would be|is|are)\s+(?:\w+\s+)?perfect(?:ly)?\b|^\W*(?:were|had)\s+[^.;:!?]{0,60}?\bperfect(?:ly)?\b", re.I)


def _perfect_supposed(c: Claim) -> bool:
    """'If the generated jets were perfect, the AUC would sit at 0.5': the word names a case supposed, to say what a
    number would be then; it calls nothing measured perfect, so no number beside it can fall short of it."""
    return bool(PERFECT_SUPPOSED.search(c.text))


# "scores 5000/5000", "0 of 120000 outputs differ": a count of all n cases right, or of none of n wrong
COUNT_OF_N = re.compile(r"(?<![\d.,])(?P<k>\d[\d,]*)\s*(?:/|\bof\b|\bout of\b)\s*(?P<n>\d[\d,]*)(?![\d.,])(?P<tail>[^.;:]{0,40})", re.I)
COUNTED_AS_WRONG = re.compile(r"\b(?:differ|fail|disagree|mismatch|wrong|misclassif|flip)\w*", re.I)


def _perfect_counted_in_full(c: Claim) -> bool:
    """'the leakage check scores 5000/5000: perfect', '0 of 120000 scores differ -> perfect agreement': the sentence's own
    count gives every case right (n of n) or none wrong (0 of n), which is what the word says; a rate beside it (an AUC
    of another test) is not what it calls perfect."""
    for m in COUNT_OF_N.finditer(c.text):
        k, n = (int(m[x].replace(",", "")) for x in ("k", "n"))
        if n > 0 and (k == n or k == 0 and COUNTED_AS_WRONG.search(m["tail"])):
            return True
    return False


def _perfect_glosses_scale_end(c: Claim) -> bool:
    """'AUC = 1 -> perfect': a line of definitions names the top of the scale perfect, beside its own 1; it says what
    the word means, and says it of no measured number (a lower one before it, 'AUC = 0.5 -> coin toss', is another gloss)."""
    return bool(PERFECT_GLOSSES_SCALE_END.search(c.text)) and not MEASURED_VERB_BESIDE_GLOSS.search(c.text) \
        or bool(PERFECT_WHERE_GLOSS.search(c.text))


# "lifting the AUC (the standard score, where 1 is perfect) from 0.979 to 0.981": a relative clause that says what the
# top of the scale means, set aside from the numbers measured on it; the word calls none of them perfect
PERFECT_WHERE_GLOSS = re.compile(r"\b(?:where|on which|in which)\s+(?:an?\s+(?:AUC|accuracy|score|value)\s+of\s+)?(?:1(?:\.0+)?|100\s*%)"
                                 r"\s+(?:is|means|would be|would mean)\s+(?:an?\s+)?perfect(?:ly)?\b", re.I)


# "the tagger reaches 100% -> perfect": a number some tagger got, not a gloss of the scale
MEASURED_VERB_BESIDE_GLOSS = re.compile(r"\b(?:reach|achiev|obtain|measur|scor|yield|attain)\w*|\b(?:got|gets|gave|gives us|hits?)\b", re.I)


# "agrees with the full simulation perfectly", "in perfect agreement", "matches it perfectly"
PERFECT_AGREEMENT_WORDS = re.compile(r"\b(?:agree\w*|match\w*|reproduc\w*|describ\w*)\b[^.;:]{0,60}?\bperfect(?:ly)?\b|"
                                     r"\bperfect(?:ly)?\s+(?:agreement|match|agree\w*|match\w*|reproduc\w*|describ\w*)", re.I)
# the words that make a percentage a departure from the reference: "the deviation reaches 7.5%", "differs by 4%"
DEVIATION_BEFORE_PERCENT = re.compile(r"\b(?:deviations?|differences?|discrepanc\w+|disagreements?|differs?|deviates?|off)\b"
                                      r"[^.;:()\d]{0,40}(?:\([^()]{0,30}\)[^.;:()\d]{0,40})?$", re.I)
# a departure of a few percent may be a histogram bin's own statistical wobble; beyond this it is no perfect agreement
PERFECT_AGREEMENT_LARGEST_DEVIATION = 0.03


def _perfect_agreement_own_deviation(c: Claim) -> Finding | None:
    """'agrees with the full simulation perfectly in every bin: ... in the tail the deviation reaches 7.5%': the sentence
    that calls an agreement perfect gives, itself, a departure from the reference well beyond a percent or two."""
    said = PERFECT_AGREEMENT_WORDS.search(c.text)
    if c.kind != "prose" or said is None or NEGATION.search(c.text[max(0, said.start() - 25):said.start()]) \
            or HEDGED_PERFECT.search(c.text):
        return None
    gaps = [v for v in c.values if v.unit == "%" and v.start < BORROWED and not v.bound and v.role != "setting"
            and DEVIATION_BEFORE_PERCENT.search(c.text, max(0, v.start - 120), v.start)]
    worst = max(gaps, key=lambda v: abs(v.value), default=None)
    if worst is None or abs(worst.value) / (1 if worst.quantity in BOUNDED else 100) <= PERFECT_AGREEMENT_LARGEST_DEVIATION:
        return None
    return Finding("absolute_words", c.line, MAJOR,
                   f"the agreement is called perfect, but the same sentence gives a deviation of {worst.shown} from the "
                   "reference: that is a visible mismatch, not perfect agreement", f"'perfect' agreement with a {worst.shown} deviation")


# "the background prediction is perfect", "models the background perfectly": a prediction called exact
PERFECT_PREDICTION = re.compile(r"\b(?:predict\w*|estimat\w*|model(?:l?ing|s|led)?|descri\w*|fit)\b[^.;:]{0,60}?\bperfect(?:ly)?\b|"
                                r"\bperfect(?:ly)?\s+(?:predict\w*|estimat\w*|model\w*|descri\w*|fit)", re.I)
# "agrees with the data to within 4%", "matches it within about 5 percent": how far a prediction is from what it predicts
AGREES_WITHIN_BEFORE = re.compile(r"\b(?:agree\w*|match\w*|consistent|compatible|describ\w*|predict\w*)\b[^.;:()\d]{0,50}?"
                                  r"\bwithin\s+(?:about\s+|roughly\s+|~\s*|±\s*)?$", re.I)


def _perfect_prediction_agrees_within(rep: Report, c: Claim) -> Finding | None:
    """'The prediction of the background is perfect.' then, in its paragraph, 'it agrees with the data to within 4%':
    a prediction called perfect whose own stated agreement is a tolerance of several percent."""
    said = PERFECT_PREDICTION.search(c.text)
    if c.kind != "prose" or said is None or NEGATION.search(c.text[max(0, said.start() - 25):said.start()]) \
            or HEDGED_PERFECT.search(c.text):
        return None
    after = [d for d in rep.block(c, 3) if d.kind == "prose" and rep.order[id(d)] >= rep.order[id(c)] and d.line - c.line <= 2]
    for d in after:
        for v in d.values:
            if v.unit == "%" and v.start < BORROWED and not v.bound and abs(v.value) / (1 if v.quantity in BOUNDED else 100) \
                    > PERFECT_AGREEMENT_LARGEST_DEVIATION and AGREES_WITHIN_BEFORE.search(d.text, max(0, v.start - 100), v.start):
                return Finding("absolute_words", c.line, MAJOR,
                               f"the prediction is called perfect, but the report itself says it agrees only to within "
                               f"{v.shown}" + (f" (line {d.line})" if d.line != c.line else "") + ": a tolerance, not a "
                               "perfect prediction", f"'perfect' prediction that agrees only within {v.shown}")
    return None


# "varies only between 1.8% and 2.9%", "ranges from 0.41 to 0.47": the spread of one quantity over bins or samples
VARIES_BETWEEN = re.compile(r"\b(?:varies|vary|varying|ranges?|ranging|fluctuates?|fluctuating|spans?|spanning)\s+"
                            r"(?:only\s+|just\s+|merely\s+)?(?:from|between)\s+(?=[-+−]?\.?\d)", re.I)


# "96.8% of jets reconstructed within 1%", "3.2% of the jets off by more than 1%": a share of the items that meet (or miss)
# the tolerance
SHARE_OF_ITEMS = re.compile(r"\s*of\s+(?:the\s+|all\s+)?(?:[\w-]+\s+)?(?:jets|events|constituents|particles|samples)\s+(?:\w+\s+){0,2}?"
                            r"(?:(?P<met>within|reconstructed|recovered|matched|correct\w*|pass\w*)|"
                            r"(?P<missed>off|outside|beyond|fail\w*|differ\w*|mis-?match\w*|wrong))\b", re.I)


# "picks out W bosons perfectly", "separates the two classes perfectly": a selection called perfect
PERFECT_PICKING = re.compile(r"\b(?:picks?\s+out|picking\s+out|selects?|separates?|identifies|tags?|singles?\s+out|tells?\s+apart)\b"
                             r"[^.;:!?]{0,40}?\bperfect(?:ly)?\b|\bperfect(?:ly)?\s+(?:separat|select|identif|tag|pick)\w*", re.I)
# "it lets through 1.2%", "let in about 4% of the ordinary jets": the share of background a selection passes
LET_THROUGH_BEFORE = re.compile(r"\b(?:lets?|letting)\s+(?:through|in|pass)\s+(?:only\s+)?(?:about\s+|roughly\s+|~)?$", re.I)


def _perfect_picking_yet_background_through(rep: Report, c: Claim) -> Finding | None:
    """'Keeping half of the W jets, it lets through 1.2%. Our network picks out W bosons perfectly': a selection called
    perfect where the statement just before (its paragraph, a line or two up) says it lets a share of the background
    through: a perfect one would let none through."""
    if c.kind != "prose" or HEDGED_PERFECT.search(c.text) or _perfect_supposed(c) or not PERFECT_PICKING.search(c.text):
        return None
    before = [d for d in rep.block_before(c) if d.kind == "prose" and 0 <= c.line - d.line <= 2][-1:]
    for d in before:
        for v in d.values:
            if v.start < BORROWED and v.role == "result" and v.value > 0 and v.shown.endswith("%") \
                    and LET_THROUGH_BEFORE.search(d.text[max(0, v.start - 40):v.start]):
                return Finding("absolute_words", c.line, MAJOR,
                               f"'perfect', yet the statement just before (line {d.line}) says it lets through {v.shown} of the "
                               "background: a perfect selection would let none through", f"'perfect' beside {v.shown} let through")
    return None


def _perfect_yet_a_share_misses(c: Claim) -> Finding | None:
    """'the round trip is perfect, with 96.8% of jets reconstructed within 1%': what is called perfect is said, in the same
    sentence, to meet its tolerance on fewer than all the jets (or to miss it on more than a few)."""
    if HEDGED_PERFECT.search(c.text) or _perfect_supposed(c) or c.kind != "prose":
        return None
    for v in c.values:
        m = SHARE_OF_ITEMS.match(c.text, v.start + len(v.shown)) if v.start < BORROWED and v.shown.endswith("%") else None
        share = v.value if v.quantity else v.value / 100
        if m and (m["met"] and share < 0.99 or m["missed"] and share > 0.01):
            return Finding("absolute_words", c.line, MAJOR,
                           f"'perfect', yet the same sentence gives '{v.shown}{m.group(0)}': a perfect one would hold for "
                           "every one of them", f"'perfect' beside {v.shown}{m.group(0)}")
    return None


# "... 50.8% of the jets are top jets, against a true share of exactly 50.0%": the share the truth gives, beside the one
# the method gives
TRUE_SHARE_BEFORE = re.compile(r"\b(?:true|truth|actual|real)\b[^.;:\d]{0,30}$", re.I)


def _perfect_share_off_the_truth(c: Claim) -> Finding | None:
    """'The calibration is perfect: on the 200,000-jet test set it predicts 50.8% top jets, against a true share of 50.0%':
    a predicted share called perfect sits, in its own sentence, further from the true share than the binomial error of
    the n items it counts allows (3σ)."""
    if c.kind != "prose" or HEDGED_PERFECT.search(c.text) or _perfect_supposed(c) or not c.sample_size or c.sample_size < 100:
        return None
    shares = [v for v in c.values if v.unit == "%" and v.start < BORROWED and not v.bound and v.role in ("result", "setting")
              and 0 < v.value / (1 if v.quantity in BOUNDED else 100) < 1]
    truth = [v for v in shares if TRUE_SHARE_BEFORE.search(c.text, max(0, v.start - 40), v.start)]
    if len(truth) != 1 or len(shares) != 2:
        return None
    t = truth[0]
    p = next(v for v in shares if v is not t)
    tv, pv = (v.value / (1 if v.quantity in BOUNDED else 100) for v in (t, p))
    s = math.sqrt(tv * (1 - tv) / c.sample_size)
    if abs(pv - tv) <= 3 * s:
        return None
    return Finding("absolute_words", c.line, MAJOR,
                   f"'perfect', yet the same sentence gives {p.shown} against a true {t.shown}: with {c.sample_size:,} items "
                   f"the binomial error is {fmt(s)}, so the gap is {abs(pv - tv) / s:.0f}σ, not perfect",
                   f"'perfect' at {p.shown} vs a true {t.shown}")


# a claim the report sets out only to test or reject: a question ("Did an AI ... with 100% accuracy?"), words in quotation
# marks, or a sentence that itself calls the claim false
ASKED = re.compile(r"\?[\"'”)\s]*(?:</?\w+>\s*)*$")
CLAIM_CALLED_FALSE = re.compile(r"\b(?:is|are|was|were)\s+(?:<[^>]*>\s*)*(?:false|untrue|wrong|incorrect|misleading|not\s+true)\b", re.I)


def _perfect_only_as_disputed(c: Claim) -> bool:
    """'Fact check: did an AI spot top quarks with "100% accuracy"?', 'The claim: "... 100% accuracy."', 'The claim that
    it is 100% accurate is false': the near-perfect number is one the report asks about, quotes or rejects, not one it
    states; no number elsewhere can fall short of what it never claims."""
    if ASKED.search(c.text) or CLAIM_CALLED_FALSE.search(c.text):
        return True
    tops = [v for v in c.values if v.start < BORROWED and v.role == "result" and v.value >= 0.99]
    return bool(tops) and all(_inside_quotation(c.text, v.start) for v in tops) \
        and not re.search(r"\bperfect(?:ly)?\b", c.text, re.I)


def _inside_quotation(text: str, at: int) -> bool:
    before = text[:at]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _perfect_yet_varies(c: Claim) -> Finding | None:
    """'The calibration is perfect: the efficiency varies only between 0.61 and 0.70 across the bins': what is called
    perfect (flat, decorrelated, stable) is said, in the same sentence, to change by more than a tenth of itself."""
    m = VARIES_BETWEEN.search(c.text)
    if m is None or HEDGED_PERFECT.search(c.text) or _perfect_supposed(c):
        return None
    ends = sorted((v for v in c.values if v.start >= m.end() and v.start < BORROWED), key=lambda v: v.start)[:2]
    if len(ends) != 2 or not re.fullmatch(r"\s*%?\s*(?:to|and|-|–)\s*", c.text[ends[0].start + len(ends[0].shown):ends[1].start]):
        return None
    lo, hi = sorted(abs(v.value) for v in ends)
    if hi <= 0 or (hi - lo) / hi <= 0.1:
        return None
    return Finding("absolute_words", c.line, MAJOR,
                   f"'perfect', yet the same sentence says the quantity varies between {ends[0].shown} and {ends[1].shown}, "
                   f"a change of {(hi - lo) / lo * 100 if lo else math.inf:.0f}%: a perfect (flat) one would not vary",
                   f"'perfect' beside a spread {ends[0].shown} to {ends[1].shown}")


def _bias_error_from_counts(rep: Report, c: Claim, bias: Value) -> float | None:
    """The error of a relative bias its own line works out from counts ("400 injected, 386 +- 71 recovered (bias -3.5%)"):
    the recovered count's error over the true count, where the two counts give the bias stated."""
    counts = [v for d in [c, *(d for d in rep.by_line.get(c.line, []) if d is not c)] for v in d.values
              if v is not bias and v.value > 0 and not v.quantity and v.start < BORROWED]
    for true in counts:
        for found in counts:
            if found is not true and found.uncertainty and abs((found.value - true.value) / true.value - bias.value) < 0.006:
                return found.uncertainty / true.value
    return None


def _bias_of_the_named_thing_above(rep: Report, c: Claim) -> list[tuple[Claim, Value]]:
    """'regressed mass is unbiased' a few lines under 'regressed mass : mean (m - m_true) = +4.9 GeV' in its block: the
    thing the word is said of, named by the words before 'is', has its bias on the one line above that opens with that
    name."""
    m = re.match(r"\s*(?:\[[^\]\n]{0,30}\]\s*)?(?:the\s+)?(?P<name>[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){0,3})\s+(?:is|was|are|were)\s+"
                 r"(?:\w+\s+)?unbiased\b", c.text, re.I)
    if m is None:
        return []
    name = {w.lower() for w in m["name"].split()}
    found = []
    for d in rep.block_before(c):
        if c.line - d.line > 8 or not 0 < d.line <= len(rep.lines):
            continue
        if name <= set(rep.lead(d.line, r"[\d:=]").split()):
            found += [(d, v) for v in d.results("bias") if v.start < BORROWED]
    return found if len({id(d) for d, _ in found}) == 1 else []


# "unbiased in jet mass and pT", "unbiased for the mass": the observables the word is said of, named after it
UNBIASED_IN = re.compile(r"\bunbiased\s+(?:in|for|on)\s+(?P<obs>[^;:.()]{1,80})", re.I)
OBSERVABLE_LIST_SPLIT = re.compile(r"\s*(?:,|\band\b|&|/)\s*", re.I)
MAX_LINES_UP_TO_OBSERVABLE = 40  # a summary restates the record it was written from, a screen or so above


def _bias_of_the_observables_named_after(rep: Report, c: Claim) -> list[tuple[Claim, Value]]:
    """'The reconstruction is unbiased in jet mass and pT' in a summary under a printed record whose lines are led by
    those observables ('jet mass : mean rel. shift +0.021 (+/- 0.0004)'): the bias of each observable on the nearest
    line above led by its name."""
    m = UNBIASED_IN.search(c.text)
    if m is None or NEGATION.search(c.text[max(0, m.start() - 25):m.start()]):
        return []
    found: list[tuple[Claim, Value]] = []
    for item in OBSERVABLE_LIST_SPLIT.split(m["obs"].strip()):
        words = {w.lower() for w in item.split() if w.lower() not in ("the", "its", "their")}
        if not words or len(words) > 3:
            break  # the list has ended, the clause goes on
        for line in range(c.line - 1, max(0, c.line - 1 - MAX_LINES_UP_TO_OBSERVABLE), -1):
            if line <= len(rep.lines) and words <= set(re.findall(r"[\w-]+", rep.lead(line, r"[\d:=]"))):
                found += [(d, v) for d in rep.by_line.get(line, []) for v in d.results("bias") if v.start < BORROWED]
                break
    return found

# "reconstructs jet mass without bias", "gives an unbiased jet mass": the observable the word is said of, named next to it
OBSERVABLE_WITHOUT_BIAS = re.compile(r"(?P<obs>(?:\bjet[- ])?\b[A-Za-z][\w-]{1,20})\s+(?:without (?:any )?bias|(?:is |are )?free of bias)\b|"
                                     r"\bunbiased\s+(?P<obs2>(?:jet[- ])?[A-Za-z][\w-]{1,20})", re.I)
NOT_AN_OBSERVABLE = re.compile(r"(?:jet[- ])?(?:is|are|was|were|be|it|that|which|and|or|the|a|an|scale|estimate|result|model|"
                               r"decoder|encoder|tagger|network|reconstruction|reconstructs?|measurements?|\w+ly)", re.I)
# a response or ratio (reco / true): its bias is its distance from one, not from zero
RESPONSE_NAMED = re.compile(r"\bresponse\b|\bratio\b|\w\s*/\s*\w*_?(?:true|truth|gen|ref)\b", re.I)


def _offset_of_bias(d: Claim, v: Value) -> float:
    """How far a bias lies from none: a response ('mean m_reco/m_true 0.962', 'mass response of 0.998') from one, an
    offset or shift from zero."""
    named = f"{v.label} {d.text[max(0, v.start - 60):v.start] if v.start < BORROWED else ''}"
    return v.value - 1 if 0.5 < v.value < 2 and v.unit != "%" and RESPONSE_NAMED.search(named) else v.value


def _bias_of_the_observable_said_unbiased(rep: Report, c: Claim) -> list[tuple[Claim, Value]]:
    """'The decoder reconstructs jet mass without bias' in a summary, a record of metrics elsewhere in the report with
    one 'jet mass response' row: that row's bias (the only record of that observable's bias the report gives)."""
    m = OBSERVABLE_WITHOUT_BIAS.search(c.text)
    obs = m and (m["obs"] or m["obs2"])
    if not obs or NOT_AN_OBSERVABLE.fullmatch(obs) or NEGATION.search(c.text[max(0, m.start() - 25):m.start()]):
        return []
    words = {w.lower() for w in re.findall(r"[A-Za-z]\w*", obs)}
    found = [(d, v) for d in rep.claims if d is not c for v in d.results("bias") if v.start < BORROWED
             and words <= {w.lower() for w in re.findall(r"[A-Za-z]\w*", f"{v.label} {d.text[:v.start]}")}]
    return found if len({id(d) for d, _ in found}) == 1 else []


# "data/template = 1.071", "unfolded / truth: 0.962": a number named as the quotient of two things is their ratio
QUOTIENT_NAMED_BEFORE = re.compile(r"(?<![\w/])[A-Za-z][\w-]{1,20}\s*/\s*[A-Za-z][\w-]{1,20}\s*(?:[=:]|\bis\b)\s*(?:about\s+|~\s*)?$", re.I)


def _closure_ratios(rep: Report, c: Claim) -> list[tuple[Claim, Value]]:
    """The ratios to one with their errors stated near `c` ('obs/pred = 1.038 +- 0.011', 'ratio 0.96 +- 0.01')."""
    return [(d, v) for d in rep.near(c.line, 12) for v in d.values if v.start < BORROWED and v.uncertainty
            and (re.search(r"\bratio\b", v.label, re.I) or QUOTIENT_NAMED_BEFORE.search(d.text[max(0, v.start - 40):v.start])
                 or v.quantity == "scale_factor")  # "the data-to-simulation scale factor is 0.94 ± 0.02": a ratio too
            and 0.5 < v.value < 2 and v.role in ("result", "difference")]


def _ratio_off_one(rep: Report, c: Claim) -> tuple[Claim, Value] | None:
    """'So OmniFold is unbiased' under a closure table of ratios unfolded / truth ('OmniFold | 0.962 +- 0.009 (bin 11)'):
    a ratio to the truth, with its error, more than 3σ and 1% from one is a bias; the rows of the method the sentence
    names, where it names one of them."""
    near = _closure_ratios(rep, c)
    named = [(d, v) for d, v in near if (w := re.match(r"[\w-]{3,}", v.label)) and re.search(rf"\b{re.escape(w.group(0))}\b", c.text)]
    off = [(d, v) for d, v in _closest_first(c, named or near)
           if abs(v.value - 1) > max(3 * (v.uncertainty or 0), 0.01)]
    return off[0] if off else None


# "the background estimate is unbiased", "the prediction is unbiased": the word said of an estimate of counts
ESTIMATE_SAID = re.compile(r"\b(?:estimate[sd]?|estimation|prediction|predicted|background model|template)\b", re.I)
PREDICTED_LEAD = re.compile(r"\b(?:predicted|prediction|expected|estimated?)\b[^\d\n]{0,30}$", re.I)
OBSERVED_LEAD = re.compile(r"\b(?:observed|measured|seen|data)\b[^\d\n]{0,15}$", re.I)


def _prediction_off_observed(rep: Report, c: Claim) -> tuple[tuple[Claim, Value, Value], float] | None:
    """'predicted from flow samples: 4,210' / 'observed: 4,530 (+- 65 stat)' just above '-> the background estimate is
    unbiased': counts predicted and observed, the observed one's error stated or sqrt(N); (the line of the observed
    count, the two counts) and their distance in σ where it is beyond 3σ and 2%, else None."""
    if not ESTIMATE_SAID.search(c.text) or _closure_ratios(rep, c):
        return None  # (a closure ratio stated with its error is what the word is checked against)
    above = [d for d in rep.near(c.line, 4) if 0 <= c.line - d.line <= 4]  # (the verdict may close the observed line)
    def counts(lead: re.Pattern[str]) -> list[tuple[Claim, Value]]:
        return [(d, v) for d in above for v in d.values if v.start < BORROWED and v.value >= 50 and float(v.value).is_integer()
                and v.role != "difference" and lead.search(d.text[max(0, v.start - 45):v.start])]
    pred, obs = counts(PREDICTED_LEAD), counts(OBSERVED_LEAD)
    if len(pred) != 1 or len(obs) != 1:
        return None
    (_, pv), (d, ov) = pred[0], obs[0]
    err = next((w.value for w in d.values if w.role == "difference" and w.start > ov.start
                and re.match(r"\s*\(?\s*(?:±|\+/-|\+-)\s*$", d.text[ov.start + len(ov.shown):w.start])), None) or math.sqrt(ov.value)
    z = abs(ov.value - pv.value) / err
    return ((d, pv, ov), z) if z > 3 and abs(ov.value - pv.value) > 0.02 * ov.value else None


# the two columns of a distribution's mean before a selection and after it: "all jets" | "passing 50% WP"
BEFORE_THE_CUT = re.compile(r"\b(?:all|inclusive|before|no cut|pre-?selection|uncut)\b", re.I)
AFTER_THE_CUT = re.compile(r"\b(?:pass(?:ing|ed|es)?|after|surviv\w*|selected|tagged|kept|post-?selection)\b", re.I)
CUT_NAMED = re.compile(r"\b(?:after|passing|surviving)\s+(?:the\s+)?(?:cut|selection|tag|working point|WP)\b|\bafter the cut\b", re.I)


def _shift_after_the_cut(rep: Report, c: Claim) -> tuple[Claim, Value, Value] | None:
    """'With B the background mass after the cut is unbiased' beside B's table row of the mean before the cut ('all
    jets') and after it ('passing'), each with its error: a shift of more than 3σ and 1% is the bias the cut brings. Only
    the row of the side the sentence names (by the row's first word)."""
    if not CUT_NAMED.search(c.text):
        return None
    for d in rep.near(c.line, 12):
        if d.kind != "row" or d.line >= c.line:
            continue
        lead = re.match(r"\s*([A-Za-z][\w-]{2,})", d.text.split("|", 1)[0])
        if lead is None or not re.search(rf"\b{re.escape(lead.group(1))}\b", c.text):
            continue
        errs = [v for v in d.values if v.uncertainty and v.start < BORROWED]
        if len(errs) != 2:
            continue
        a, b = errs
        if not (BEFORE_THE_CUT.search(a.label) and AFTER_THE_CUT.search(b.label) and not AFTER_THE_CUT.search(a.label)):
            continue
        err = math.hypot(a.uncertainty or 0, b.uncertainty or 0)
        if a.value > 0 and abs(b.value - a.value) > max(3 * err, 0.01 * abs(a.value)):
            return d, a, b
    return None


PAIR_WITH_ERRORS_GAP = re.compile(r"\s*(?:±|\+/-|\+-)\s*[\d.]+\s*%?\s*(?:vs\.?|versus|against)\s*", re.I)
# "Its jet-mass distance is lower, ...": a sentence that opens by pointing back at the one before goes on with its claim
POINTS_BACK = re.compile(r"\s*(?:its|it|their|they|this|that|here)\b", re.I)


def _evidence_in_next_sentence(rep: Report, c: Claim) -> tuple[float, float, str] | None:
    """A 'clearly' said with no numbers ("A clearly outperforms B."), then a sentence pointing back at it that gives its
    comparison with errors ("Its mass distance is lower, 0.71 +- 0.12 against 0.78 +- 0.15"): (difference, its error,
    how) of that comparison when it is within 2σ, else None."""
    after = [d for d in rep.claims if d.kind == "prose" and d.context == c.context and 0 <= d.line - c.line <= 2
             and d is not c and rep.claims.index(d) == rep.claims.index(c) + 1]
    if len(after) != 1 or not POINTS_BACK.match(after[0].text) or direction_holds(after[0]) is False:
        return None
    d = after[0]
    found = _difference_sigma(rep, d) if direction_holds(d) else None
    if found is None:  # "..., W1M = 0.52 +- 0.10 against 0.58 +- 0.12": the first pair set against each other, with errors
        res = [v for v in d.results() if v.start < BORROWED]
        pairs = [(a, b) for a, b in zip(res, res[1:], strict=False) if a.uncertainty and b.uncertainty
                 and (a.quantity == b.quantity or not b.quantity) and PAIR_WITH_ERRORS_GAP.fullmatch(d.text, a.start + len(a.shown), b.start)]
        if pairs:
            a, b = pairs[0]
            found = abs(a.value - b.value), math.hypot(a.uncertainty or 0, b.uncertainty or 0), "stated"
    if found is None or found[1] is None or not found[1] > 0 or found[0] >= 2 * found[1]:
        return None
    return found[0], found[1], found[2]


def _unnamed_pair_with_errors(c: Claim) -> bool:
    """The comparison of `c` is between two numbers of no named quantity, each with its error: which way is better cannot
    be told, but whether they differ clearly can."""
    ops = operands(c)
    return ops is not None and ops[2] is not None and not ops[0].quantity and not ops[2].quantity \
        and bool(ops[0].uncertainty) and bool(ops[2].uncertainty)


# "unbiased with respect to the choice of parton-shower generator", "unbiased across MC generators": the word said of the
# difference between two samples a tagger is applied to
UNBIASED_ACROSS_SAMPLES = re.compile(r"\bunbiased\s+(?:with\s+respect\s+to|w\.r\.t\.?|across|between|against)\s+(?:the\s+)?"
                                     r"(?:choice\s+of\s+(?:the\s+)?)?(?:[\w-]+\s+){0,2}?(?:generators?|showers?|shower\s+models?|"
                                     r"MC\s+generators?|event\s+generators?|hadroni[sz]ation\s+models?)\b", re.I)
GAP_WORD = re.compile(r"\b(?:difference|gap|spread|drop)\b", re.I)


def _unbiased_across_samples_yet_gap(rep: Report, c: Claim) -> Finding | None:
    """'the tagger is unbiased with respect to the choice of parton-shower generator' right after 'the Pythia-Herwig
    difference falls from 0.054 for ParticleNet to 0.037 for QGFormer': the word denies any difference between the
    generators, but the sentence just before gives it; even the smallest gap it states, above 0.01 and above twice the
    error of a difference of the results quoted a few lines above (their largest error), is a bias."""
    if not UNBIASED_ACROSS_SAMPLES.search(c.text):
        return None
    before = [d for d in rep.block_before(c) if d.kind == "prose" and c.line - d.line <= 2 and (g := GAP_WORD.search(d.text))
              and [v for v in d.results() if v.start > g.start() and v.start < BORROWED]]
    if len(before) != 1:
        return None
    d = before[0]
    g = GAP_WORD.search(d.text)
    gaps = [v for v in d.results() if v.start > g.start() and v.start < BORROWED and 0 < v.value < 1]  # type: ignore[union-attr]
    errs = [v.uncertainty for e in rep.near(c.line, 8) if e.line <= c.line for v in e.results() if v.uncertainty]
    if not gaps or not errs:
        return None
    v = min(gaps, key=lambda x: x.value)
    se = max(errs) * math.sqrt(2)
    if v.value <= max(2 * se, 0.01):
        return None
    return Finding("absolute_words", c.line, SEVERE,
                   f"'unbiased' with respect to the generator, but the difference between the generators it states is {v.shown} "
                   f"(line {d.line}): {v.value / se:.0f} times the error of a difference of its results (± {fmt(se)})",
                   f"'unbiased' beside a generator difference of {v.shown}")


def absolute_words(rep: Report) -> Iterator[Finding]:
    done: set[int] = set()
    for c in rep.claims:
        q = set(c.qualifiers)
        if f := _universal_rows(rep, c, q, done):
            yield f
            continue
        if f := _agreement(c):
            yield f
            continue
        if lost := _lossless(rep, c, q) or _lossless_yet_outputs_differ(rep, c, q) or _no_degradation_yet_auc_drops(rep, c) \
                or _performance_kept_yet_lost_above(rep, c, q):
            yield lost
            continue
        if exact := _exact_with_mismatch(rep, c):
            yield exact
            continue
        if missed := _never_misses(rep, c):
            yield missed
            continue
        if "unbiased" in q and (gap := _unbiased_across_samples_yet_gap(rep, c)):
            yield gap
            continue
        if "unbiased" in q:
            pool = _nearby(rep, c, "bias") or _bias_of_the_named_thing_above(rep, c) or _bias_of_the_observables_named_after(rep, c)
            if not pool and "universal" in q:  # "unbiased for every codebook size in the scan": every bias it gives
                pool = list(rep.values("bias", roles=("result",)))
            pool = [*pool, *(x for x in _bias_of_the_observable_said_unbiased(rep, c) if x not in pool)]
            biased = [(d, v) for d, v in pool if abs(_offset_of_bias(d, v)) > max(
                2 * (v.uncertainty or _bias_error_from_counts(rep, d, v) or 0), 0.01)]
            if not pool and (moved := _shift_after_the_cut(rep, c)):  # "with B the background mass after the cut is
                d, a, b = moved  # unbiased" beside B's row of the mean before the cut and after it, far apart
                yield Finding("absolute_words", c.line, SEVERE,
                              f"'unbiased' after the cut, but the mean moves from {a.shown} ± {fmt(a.uncertainty or 0)} before it "
                              f"to {b.shown} ± {fmt(b.uncertainty or 0)} after it (line {d.line}): "
                              f"{abs(b.value - a.value) / math.hypot(a.uncertainty or 0, b.uncertainty or 0):.0f} of its errors",
                              f"'unbiased' beside a shift {a.shown} -> {b.shown}")
                continue
            if not pool and (off := _ratio_off_one(rep, c)):  # "unbiased" beside closure ratios (unfolded / truth) off one
                d, v = off
                yield Finding("absolute_words", c.line, SEVERE,
                              f"'unbiased' beside a closure ratio (measured / predicted or truth) of {v.shown} ± {fmt(v.uncertainty or 0)}" +
                              (f" (line {d.line})" if d.line != c.line else "") +
                              f": {abs(v.value - 1) / (v.uncertainty or 1):.1f}σ and {fmt(100 * abs(v.value - 1))}% away from 1",
                              f"'unbiased' beside a ratio of {v.shown}")
                continue
            if not pool and (gap := _prediction_off_observed(rep, c)):  # "the background estimate is unbiased" under
                # "predicted: 4,000" and "observed: 4,400 (+- 66 stat)"
                (d, pv, ov), z = gap
                yield Finding("absolute_words", c.line, SEVERE,
                              f"'unbiased' for an estimate that predicts {pv.shown} where {ov.shown} are observed (line {d.line}): "
                              f"{fmt(100 * abs(ov.value - pv.value) / ov.value)}% and {z:.1f}σ off", f"'unbiased' at {z:.1f}σ off")
                continue
            if biased:
                d, v = biased[0]
                yield Finding("absolute_words", c.line, SEVERE,
                              f"'unbiased' beside a bias of {v.shown}" + (f" (line {d.line})" if d.line != c.line else "")
                              + ": beyond its error and above 1%", f"'unbiased' beside a {v.shown} bias")
                continue
        if "perfect" in q and (gap := _perfect_agreement_own_deviation(c) or _perfect_yet_varies(c) or _perfect_yet_a_share_misses(c)
                               or _perfect_share_off_the_truth(c) or _perfect_prediction_agrees_within(rep, c)
                               or _perfect_picking_yet_background_through(rep, c)):
            yield gap
            continue
        if "perfect" in q and not _perfect_scale_end_defined(c) and not _perfect_glosses_scale_end(c) \
                and not _perfect_supposed(c) and not _perfect_counted_in_full(c) \
                and not _perfect_only_as_disputed(c):
            # "ranks the classes perfectly, just in reverse": an AUC below one half is the flipped score's 1 - AUC;
            # "almost perfect", "nearly perfect": the end of the scale approached, not reached
            flip = REVERSED.search(c.text) is not None
            top = 0.9 if HEDGED_PERFECT.search(c.text) else 0.99
            near = [(d, v) for d, v in _nearby_spanning(rep, c, "accuracy", "auc", "efficiency", "purity")
                    if (1 - v.value if flip and v.quantity == "auc" and v.value < 0.5 else v.value) < top
                    and v.role == "result"]
            if not near and re.search(r"perfect(?:ly)?\s+(?:agreement|match|agree|matches|matching)", c.text, re.I):
                near = [(d, v) for d, v in _nearby(rep, c, "wasserstein", "kl") if d is c and v.value > 0 and v.role == "result"]
                # "in perfect agreement with the reference (W1 m_rel 3.40e-3)": a distance above zero
            if not near and PERFECT_AGREEMENT_WORDS.search(c.text) and (above := _distance_above_its_floor(rep, c)):
                d, v, floor = above
                yield Finding("absolute_words", c.line, SEVERE,
                              f"'perfect' for a distance of {v.shown} ± {fmt(v.uncertainty or 0)}" + _line_if_other(d, c) +
                              f", well above the {floor.shown} ± {fmt(floor.uncertainty or 0)} that two samples of the reference "
                              "itself give: the difference is visible, not perfect", f"'perfect' at a distance of {v.shown} "
                              f"against a floor of {floor.shown}")
                continue
            said = {v.quantity for v in c.results() if v.value >= 0.99 and v.quantity}  # "100% accuracy" here, 0.962 in the table
            if said and not near:
                near = [(d, v) for d, v in rep.values(*said, roles=("result",)) if v.value < 0.99][:1]
            if near:
                d, v = near[0]
                best = "0" if v.quantity in ("wasserstein", "kl") else "1"
                if flip and v.quantity == "auc" and v.value < 0.5:
                    yield Finding("absolute_words", c.line, SEVERE,
                                  f"'perfect' in reverse for an AUC of {v.shown}: flipped, the score reaches "
                                  f"{fmt(1 - v.value)}; a perfect reversed ranking would give 0", f"'perfect' in reverse at {v.shown}")
                    continue
                yield Finding("absolute_words", c.line, SEVERE,
                              f"'perfect' for a {v.quantity} of {v.shown}: perfect would be {best}", f"'perfect' at {v.shown}")
                continue
        if "identical" in q and "not_identical" not in q:
            pair = [v for v in c.results() if v.role == "result" and v.quantity]
            if len(pair) == 2 and pair[0].quantity == pair[1].quantity:  # "identical performance (AUC 0.9781 vs 0.9712)"
                sa, how = sigma(rep, c, pair[0])
                sb, _ = sigma(rep, c, pair[1])
                diff = abs(pair[0].value - pair[1].value)
                if sa and sb and diff > 3 * math.hypot(sa, sb):
                    z = diff / math.hypot(sa, sb)
                    yield Finding("absolute_words", c.line, MAJOR,
                                  f"'identical' for {pair[0].shown} and {pair[1].shown}: they differ by {fmt(diff)}, "
                                  f"{z:.0f}σ (σ = {fmt(math.hypot(sa, sb))}, {how})", f"'identical' for a {z:.0f}σ difference")
                    continue
        if "clearly" in q and not c.results() and (shown := _evidence_in_next_sentence(rep, c)) is not None:
            diff, s, how = shown
            yield Finding("absolute_words", c.line, MAJOR,
                          f"'clearly' for a difference that the next sentence gives as {fmt(diff)} ({diff / s:.1f}σ, "
                          f"σ = {fmt(s)} {how}): not a clear difference", f"'clearly' for a {diff / s:.1f}σ difference")
            continue
        if "clearly" in q and (direction_holds(c) or _unnamed_pair_with_errors(c)):
            d = _difference_sigma(rep, c)
            if d is None:
                continue
            diff, s, how = d
            if (s is not None and diff < 2 * s) or (s is None and diff < 0.01 and c.values[0].quantity in BOUNDED):
                z = f" ({diff / s:.1f}σ, σ = {fmt(s)} {how})" if s else " with no uncertainty given"
                yield Finding("absolute_words", c.line, MAJOR,
                              f"'clearly' for a difference of {fmt(diff)}{z}: not a clear difference",
                              f"'clearly' for a {fmt(diff)} difference")
    yield from _no_degradation_beside_a_fall(rep)


COUNTS = re.compile(r"(?P<a>\d[\d,]*)\s*(?:±|\+/-|\+-)\s*(?P<s>\d[\d,.]*)\s*(?:events?\s*)?(?:predicted|expected|fitted|from the fit)"
                    r"[^.;]{0,30}?(?P<b>\d[\d,]*)\s*(?:events?\s*)?observed|(?P<b2>\d[\d,]*)\s*(?:events?\s*)?observed[^.;]{0,30}?"
                    r"(?P<a2>\d[\d,]*)\s*(?:±|\+/-|\+-)\s*(?P<s2>\d[\d,.]*)\s*(?:events?\s*)?(?:predicted|expected|fitted)", re.I)


OBSERVABLE = re.compile(r"\b(?:(?P<mass>(?:jet[- ])?mass|m_?j)|(?P<pt>p_?T|transverse momentum)|(?P<eta>η|eta)|(?P<phi>φ|phi)|"
                        r"(?P<mult>multiplicit\w*|number of (?:constituents|particles)|n[_ ]?const(?![a-z]))|(?P<tau>τ_?\d+|tau_?\d+|n-subjettiness)|"
                        r"(?P<energy>energy))\b", re.I)


def _observables(text: str) -> set[str]:
    return {m.lastgroup or "" for m in OBSERVABLE.finditer(text)}


# "preserves the multiplicity exactly", "always equals the input count": an observable said to come through unchanged
EXACT_KEPT = re.compile(r"(?<!would )(?<!could )(?<!should )(?<!might )(?<!must )(?<!to )"
                        r"\b(?:preserv|reproduc|recover|retain|keep|kept)\w*\b[^.;:]{0,60}?\bexactly\b|"
                        r"\bexactly\s+(?:preserv|reproduc|recover|retain)\w*|\balways\s+(?:equals?|match(?:es)?|agrees?)\b", re.I)
MISMATCH_LABEL = re.compile(r"mis-?match|\bdiffer", re.I)
MATCH_LABEL = re.compile(r"(?<!mis)(?<!mis-)match|agree", re.I)


def _exact_with_mismatch(rep: Report, c: Claim) -> Finding | None:
    """An observable said to be kept exactly, while the report counts the jets where it is not: a mismatch fraction
    or count above zero, or a match fraction below one, of the same observable (by its label)."""
    m = EXACT_KEPT.search(c.text)
    if m is None or c.kind != "prose" or NEGATION.search(c.text[:m.start()][-40:]):
        return None
    mine = _observables(c.text)
    if not mine:
        return None
    for d in rep.claims:
        for v in d.values:
            if v.start >= BORROWED or not mine & _observables(v.label.replace("_", " ")):  # "n_const_match_frac"
                continue
            if MISMATCH_LABEL.search(v.label) and v.value > 0 and not v.bound:
                what = f"a mismatch of {v.shown}"
            elif MATCH_LABEL.search(v.label) and 0 < v.value < 1 and "." in v.shown:
                what = f"a match fraction of {v.shown}"
            else:
                continue
            obs = OBSERVABLE.search(c.text)
            return Finding("absolute_words", c.line, SEVERE,
                           f"the {obs.group(0) if obs else 'observable'} is said to come through exactly "
                           f"('{m.group(0).split()[-1]}'), but line {d.line} gives {what}: it differs on some jets",
                           f"kept exactly, but line {d.line} gives {what}")
    return None


def _agreement(c: Claim) -> Finding | None:
    """'perfect agreement (10412 ± 60 predicted, 11130 observed)': a count against its prediction, Poisson + the
    prediction's error."""
    m = COUNTS.search(c.text)
    if m is None or not re.search(r"\bperfect|\bexcellent agreement|\bexact(?:ly)? (?:agree|match)", c.text, re.I):
        return None
    a, s, b = (float((m[g] or m[g + "2"]).replace(",", "")) for g in ("a", "s", "b"))
    z = abs(b - a) / math.hypot(s, math.sqrt(max(b, 1.0)))
    if z <= 3:
        return None
    return Finding("absolute_words", c.line, SEVERE,
                   f"'perfect agreement' between {b:g} observed and {a:g} ± {s:g} predicted: they differ by {abs(b - a):g}, "
                   f"{z:.1f}σ with the Poisson error of the count", f"'perfect agreement' for a {z:.1f}σ difference")


STATS, ANOMALY, GENERATION, TOKENS, TAGGING = "statistics", "anomaly", "generation", "tokenizer", "tagging"
RULES: list[Rule] = [
    Rule("impossible_value", "an AUC, accuracy or efficiency is a probability in [0, 1]; a perplexity (exp of the "
         "code-usage entropy) lies between 1 and the codebook size; widths, distances and rejections have bounds",
         frozenset({TOKENS, TAGGING, ANOMALY, GENERATION}), impossible),
    Rule("comparison_direction", "a comparison must agree with the numbers it rests on, with the sense of the "
         "metric (lower is better for losses, widths, mistag rates)", frozenset({TAGGING, ANOMALY, GENERATION, TOKENS}),
         direction),
    Rule("inconsistent_numbers", "one quantity of one thing has one value in a report; a p-value and a significance "
         "are one number in two scales; a stated change follows from its two ends", frozenset({STATS, TAGGING, ANOMALY,
                                                                                              GENERATION, TOKENS}),
         inconsistent),
    Rule("control_vs_null", "a no-signal control has nothing to find: its AUC must be 0.5 within its error, else "
         "the method learns a difference other than the signal", frozenset({ANOMALY}), control_null),
    Rule("auc_below_half", "an AUC below 0.5 ranks the wrong class first: an inverted or overfit score, never a "
         "better one", frozenset({TAGGING, ANOMALY, GENERATION}), below_half),
    Rule("discovery_without_evidence", "a discovery is a small p-value (5σ) against a stated background estimate, "
         "corrected for the trials of a scan", frozenset({ANOMALY}), discovery),
    Rule("classifier_test_vs_null", "generated jets that match real ones give a real-vs-generated classifier AUC "
         "0.5; above it, they are distinguishable", frozenset({GENERATION}), classifier_null),
    Rule("significance_unsupported", "'significant' needs a difference of at least ~2σ of its standard error (or "
         "p < 0.05), which needs an uncertainty, a p-value or a sample size", frozenset({STATS, TAGGING, ANOMALY}),
         significance),
    Rule("uncertainty_vs_sample_size", "a rate measured on n test jets has at least the binomial error "
         "sqrt(p(1-p)/n); an AUC at least the Hanley-McNeil error", frozenset({STATS, TAGGING, ANOMALY, GENERATION}),
         uncertainty_size),
    Rule("absolute_words", "'lossless', 'perfect' and 'clearly' are statements about the numbers beside them",
         frozenset({TOKENS, TAGGING, GENERATION, STATS}), absolute_words),
]
