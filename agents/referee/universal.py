"""A universal claim over the rows of a table or list, checked against every row it speaks of.

"higher rejection than ParticleNet at every working point", "always gives the narrower resolution", "below the 1.0
GeV tolerance at every pT bin", "within 2 sigma at every mass point": one row that says otherwise contradicts the
claim, wherever the rows stand (before or after the sentence). The rows are read from the report's own lines, as
printed: an aligned table (cells apart by two spaces or more) or a pipe table, under a head whose cells name the
columns. What the universal says is one of two things:
- a comparison of two sides, per row: the two columns the sentence names (or the one it sets 'than' against and
  the only other side column), in the sense of its comparative word;
- a bound per row: 'below/under/within/above N' on the one column whose head names the sentence's quantity (a
  'within N sigma' bound on a column of pulls).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.referee.vocabulary import HIGHER_BETTER, NEGATION, QUANTITY_RE

SPAN = 30  # lines either side of the claim searched for its rows

UNIVERSAL = re.compile(r"\b(?:at|for|in|across|on) (?:every|each|all)\b|\balways\b|\bconsistently\b", re.I)
NUM = re.compile(r"[-+−]?\d+(?:[.,]\d+)*(?:e[-+]?\d+)?", re.I)
TOKEN = re.compile(r"[a-z][a-z0-9]*|\d+[a-z][a-z0-9]*", re.I)
PREFIX = re.compile(r"^\s*(?:\[[^\]\n]{1,40}\]\s*)+|^\s*(?:#+|//|>+|\|\s)?\s*")
SPLIT = re.compile(r"\s*\|\s*|\s{2,}|\t+")
HIGHER = re.compile(r"\b(?:higher|larger|greater|more|bigger|wider|broader)\b", re.I)
LOWER = re.compile(r"\b(?:lower|smaller|less|fewer|narrower|sharper|tighter)\b", re.I)
BETTER = re.compile(r"\b(?:better|improves? (?:on|over|upon)|beats?|outperforms?|superior to)\b", re.I)
WORSE = re.compile(r"\b(?:worse|inferior to|underperforms?)\b", re.I)
THAN = re.compile(r"\b(?:than|improves? (?:on|over|upon)|beats?|outperforms?|over|against|vs\.?|compared (?:with|to))\s+"
                  r"(?:the\s+)?([A-Za-z][\w.+-]{0,40})", re.I)
BOUND = re.compile(r"\b(?P<rel>below|under|less than|lower than|smaller than|within|above|over|more than|greater than|"
                   r"at most|at least|exceeds?|under the|below the)\s+(?:the\s+|a\s+|its\s+)?(?:[±]\s*)?"
                   r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|σ|sigma\b|standard deviations?\b|standard errors?\b|s\.d\.)?", re.I)
# "the statistical errors on the rates are", "uncertainties stay": the errors as what a bound is said of (not "the pull,
# the difference over its error," where the bound is of a pull)
ERRORS_BOUNDED = re.compile(r"\b(?:the|its|their|all|our)\s+(?:(?:statistical|systematic|binomial|bootstrap|quoted)\s+)?"
                            r"(?:errors?|uncertaint(?:y|ies)|error bars?|standard errors?)\b(?![^.;]*\bpulls?\b)[^.;]{0,60}$", re.I)
# "within one standard error", "two sigma": an error count in words, read as its digit
ERROR_COUNT_IN_WORDS = re.compile(r"\b(one|two|three|four|five)(?=\s+(?:standard\s+(?:errors?|deviations?)|sigma\b|σ))", re.I)
ERROR_COUNT_DIGIT = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}
PULL_HEAD = re.compile(r"\bpulls?\b|\bz\b|\bσ\b|\bsigma\b|\bsignif|\bdeviation", re.I)
COUNT_HEAD = re.compile(r"^(?:n|n_\w+|#\w*|count|events?|jets?|entries|data)$|\bn_\w+|\bcounts?\b", re.I)
VERDICT_CELL = re.compile(r"\s*(?:yes|no|ok|fail(?:ed)?|pass(?:ed)?|[✓✔✗✘❌✅])\s*[.!]?\s*", re.I)
# "compatible with unity at every working point", "consistent with zero in all bins": each row's value within its error
COMPATIBLE = re.compile(r"\b(?:compatible|consistent|in agreement)\s+with\s+(?P<what>unity|one|zero|1(?:\.0+)?|0(?:\.0+)?)(?![\w.])",
                        re.I)
WITH_ERROR = re.compile(r"\s*\(?\s*(?P<v>[-+−]?\d+(?:\.\d+)?)\s*(?:±|\+/-|\+-)\s*(?P<e>\d+(?:\.\d+)?)\s*\)?\s*")
GENERIC = {"the", "a", "an", "of", "in", "at", "for", "and", "or", "to", "gev", "tev", "mev", "bin", "bins", "value",
           "values", "err", "error", "stat", "each", "every", "all", "is", "are"}


@dataclass
class Table:
    head: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, cells)


def _cells(line: str) -> list[str]:
    body = PREFIX.sub("", line[:400], count=1).strip().strip("|").strip()
    return [c for c in SPLIT.split(body) if c.strip()]


def _numeric(cell: str) -> float | None:
    m = NUM.match(cell.strip().lstrip("(").replace("−", "-"))
    if not m:
        return None
    rest = cell.strip()[m.end():].strip()
    if re.match(r"[-–]\s*\d", rest):
        return None  # "550-600", "30 - 60": a range names the row
    if re.match(r"/\s*[A-Za-zεσ]", rest):
        return None  # "1/eps_B@0.3": a quantity's name (a rejection), no number
    try:
        return float(m.group().replace(",", ""))
    except ValueError:
        return None


def _is_head(cells: list[str]) -> bool:
    return len(cells) >= 2 and all(_numeric(c) is None for c in cells) and any(TOKEN.search(c) for c in cells)


def _blank_corner_kept(lines: list[str], i: int, head: list[str]) -> list[str]:
    """"| | BDT | GNN |" over "| AUC | 0.905 | 0.928 |": a pipe head whose first (corner) cell is blank heads the rows'
    names; kept as an empty name, so the head has as many cells as its rows."""
    if not head or not re.match(r"\s*\|\s*\|", lines[i - 1]):
        return head
    j = i + 1
    if j <= len(lines) and re.fullmatch(r"[\s|:+=\-]*", lines[j - 1]) and set(lines[j - 1].strip()) - {"|", " "}:
        j += 1  # the markdown rule under the head
    return [""] + head if j <= len(lines) and len(_cells(lines[j - 1])) == len(head) + 1 else head


def tables(lines: list[str], lo: int, hi: int) -> list[Table]:
    """Aligned or pipe tables between lines lo..hi (1-based): a head of names, then rows of as many cells, numbers in
    every cell but the first."""
    out: list[Table] = []
    i = lo
    while i <= hi:
        head = _cells(lines[i - 1]) if 0 < i <= len(lines) else []
        head = _blank_corner_kept(lines, i, head)
        if not _is_head(head):
            i += 1
            continue
        rows: list[tuple[int, list[str]]] = []
        j = i + 1
        while j <= len(lines):
            raw = lines[j - 1]
            if re.fullmatch(r"[\s|:+=\-]*", raw) and set(raw.strip()) - {"|", " "} and j == i + 1:
                j += 1  # a markdown rule under the head
                continue
            cells = _cells(raw)
            if len(cells) != len(head) or any(_numeric(c) is None and not VERDICT_CELL.fullmatch(c) for c in cells[1:]) \
                    or all(_numeric(c) is None for c in cells[1:]):
                break  # numbers in every cell but the first, or a verdict ("| 30% | 0.91 +- 0.02 | no |")
            rows.append((j, cells))
            j += 1
        if len(rows) >= 2:
            out.append(Table(head, rows))
            i = j
        else:
            i += 1
    return out


def _tokens(text: str) -> set[str]:
    return {t.lower() for t in TOKEN.findall(text)} - GENERIC


def _span(c_line: int, text: str, breaks: list[tuple[int, int]]) -> tuple[int, int]:
    return c_line, max([c_line] + [ln for _, ln in breaks])


def _direction(text: str, quantity_text: str) -> str | None:
    """'higher' or 'lower': which way the subject's column must lie for the claim to hold."""
    words = [(m.start(), "higher") for m in HIGHER.finditer(text)] + [(m.start(), "lower") for m in LOWER.finditer(text)]
    for m in BETTER.finditer(text):
        words.append((m.start(), "better"))
    for m in WORSE.finditer(text):
        words.append((m.start(), "worse"))
    if not words:
        return None
    rel = min(words)[1]
    if rel in ("better", "worse"):
        q = QUANTITY_RE.search(quantity_text)
        hb = HIGHER_BETTER.get(q.lastgroup or "") if q else None
        if hb is None:
            return None
        up = hb == (rel == "better")
        return "higher" if up else "lower"
    return rel


def _side_columns(t: Table, said: set[str]) -> list[int]:
    """Value columns named in the claim by a token of their head no other head shares ('sigma(DeepJER)')."""
    heads = [_tokens(h) for h in t.head]
    out = []
    for k in range(1, len(t.head)):
        own = heads[k] - set().union(*(heads[m] for m in range(len(heads)) if m != k))
        if own & said:
            out.append(k)
    return out


def _comparison(t: Table, text: str) -> tuple[int, str] | None:
    said = _tokens(text)
    sides = _side_columns(t, said)
    values = [k for k in range(1, len(t.head)) if not COUNT_HEAD.search(t.head[k]) and
              not re.search(r"\berr(?:or)?s?\b|\bunc|\bstd\b|±|\+-", t.head[k], re.I)]
    heads = [_tokens(h) for h in t.head]
    if len(sides) == 1 and len(values) == 2 and sides[0] in values:  # "higher ... than ParticleNet": ParT is the other
        named = sides[0]
        m = THAN.search(text)
        if not (m and _tokens(m.group(1)) & heads[named]):
            return None
        sides = [next(k for k in values if k != named), named]
    elif len(sides) == 2 and _column_quantities(t)[sides[0]] != _column_quantities(t)[sides[1]]:
        return None  # "AUC 0.9801 vs 0.9797, ... slower at inference": an AUC column and a timing column are two
        # measures of each row, not the claim's two sides
    elif len(sides) == 2:
        pos = []
        for k in sides:
            first = min((m.start() for w in heads[k] & said for m in re.finditer(rf"\b{re.escape(w)}\b", text, re.I)),
                        default=len(text))
            pos.append(first)
        sides = [s for _, s in sorted(zip(pos, sides, strict=True))]  # the subject is named first
        m = THAN.search(text)
        if m and _tokens(m.group(1)) & heads[sides[0]]:
            sides.reverse()  # "improves on L2L3": the side after it is the object
    else:
        return None
    rel = _direction(text, text + " " + " ".join(t.head))
    if rel is None:
        return None
    return sides[0] * 100 + sides[1], rel


def _bound_column(t: Table, text: str, pull: bool) -> int | None:
    said = _tokens(text)
    best: list[tuple[int, int]] = []
    for k in range(1, len(t.head)):
        h = t.head[k]
        if COUNT_HEAD.search(h):
            continue
        if pull:
            score = 1 if PULL_HEAD.search(h) else 0
        else:
            score = len(_tokens(h) & said)
        if score:
            best.append((score, k))
    best.sort(reverse=True)
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        return None
    return best[0][1]


def _error_column(t: Table, text: str) -> int | None:
    """The one column of values with their errors ("0.91 +- 0.02"), or the one of them the claim names."""
    cols = [k for k in range(1, len(t.head)) if all(WITH_ERROR.fullmatch(cells[k]) for _, cells in t.rows)]
    named = [k for k in cols if _tokens(t.head[k]) & _tokens(text)]
    return cols[0] if len(cols) == 1 else named[0] if len(named) == 1 else None


def _first(cell: str) -> float:
    v = _numeric(cell)
    return v if v is not None else float("nan")


# "| 1/eps_B @0.3 | @0.5 | @0.7 |": a head that names only a working point is of the quantity the head before it names
WORKING_POINT_ONLY_HEAD = re.compile(r"\s*(?:@|at)\s*(?:[A-Za-zε_]{1,8}\s*=\s*)?\d+(?:\.\d+)?\s*%?\s*", re.I)


def _column_quantities(t: Table) -> list[str]:
    """The quantity each column's head names ('' for none), a working point alone taking the one before it."""
    out: list[str] = []
    for k, h in enumerate(t.head):
        q = QUANTITY_RE.search(h)
        out.append(q.lastgroup or "" if q else out[k - 1] if k and WORKING_POINT_ONLY_HEAD.fullmatch(h) else "")
    return out


def _singular(words: set[str]) -> set[str]:
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words}


def _rows_as_sides(t: Table, text: str) -> tuple[str, int, str] | None:
    """"The CNN beats the MLP at every working point" over a table with one row per model ('cnn_resnet18', 'mlp_hl17')
    and one column per working point: in every column of a quantity whose better direction is known, the subject's row
    must lie that way of the other's."""
    said = _tokens(text)
    named = [(min((m.start() for w in _tokens(cells[0]) & said for m in re.finditer(rf"\b{re.escape(w)}\b", text, re.I)),
                  default=-1), n, cells) for n, cells in t.rows]
    named = [x for x in named if x[0] >= 0]
    if not named and len(t.rows) == 2:  # "the token model" for the row 'tokens 8192': a name in the singular
        named = [(min((m.start() for w in _singular(_tokens(cells[0])) & _singular(said)
                       for m in re.finditer(rf"\b{re.escape(w)}s?\b", text, re.I)), default=-1), n, cells) for n, cells in t.rows]
        named = [x for x in named if x[0] >= 0]
    if len(named) < 2 and len(t.rows) == 2:  # "the candidate improves on production" for rows 'v6 (cand)', 'v5 (prod)': each
        # row named by a word of the sentence its own name shortens
        short = [(min((m.start() for w in _tokens(cells[0]) if w.isalpha() and len(w) >= 3
                       for m in re.finditer(rf"\b{re.escape(w)}[a-z]{{2,}}\b", text, re.I)), default=-1), n, cells) for n, cells in t.rows]
        short = [x for x in short if x[0] >= 0]
        named = short if len(short) == 2 and short[0][0] != short[1][0] else named
    if len(named) == 1 and len(t.rows) == 2:
        other = next((n, cells) for n, cells in t.rows if n != named[0][1])
        named.append((len(text), *other))  # "use the token-input tagger: ... higher rejection at every working point"
        # over a table of two rows: the row it names against the only other one
    if len(named) != 2 or _tokens(named[0][2][0]) & _tokens(named[1][2][0]) & said:
        return None
    (_, n_a, a), (_, n_b, b) = sorted(named, key=lambda x: x[0])  # the subject is named first
    m = THAN.search(text)
    if m and (_tokens(m.group(1)) & _tokens(a[0]) or any(
            w.isalpha() and len(w) >= 3 and m.group(1).lower().startswith(w) for w in _tokens(a[0]))):
        (n_a, a), (n_b, b) = (n_b, b), (n_a, a)  # "improves on X": the side after it is the object
    rel_word = min([(k.start(), "higher") for k in HIGHER.finditer(text)] + [(k.start(), "lower") for k in LOWER.finditer(text)]
                   + [(k.start(), "better") for k in BETTER.finditer(text)] + [(k.start(), "worse") for k in WORSE.finditer(text)],
                   default=(0, ""))[1]
    named_q = ""
    if rel_word in ("higher", "lower"):  # "higher background rejection at every working point": the columns of that
        # quantity, in the sense of the word itself
        word = (HIGHER if rel_word == "higher" else LOWER).search(text)
        after = QUANTITY_RE.search(text, word.end(), word.end() + 30) if word else None
        named_q = after.lastgroup or "" if after and not re.search(r"[,;.(]", text[word.end():after.start()]) else ""  # type: ignore[union-attr]
    if rel_word not in ("better", "worse") and not named_q:
        return None  # "higher" alone names no column; a metric's better way is what 'beats' speaks of
    quantities = _column_quantities(t)
    for k in range(1, len(t.head)):
        hb = HIGHER_BETTER.get(quantities[k]) if quantities[k] else None
        if named_q:
            hb = (quantities[k] == named_q) or None  # the named quantity's columns, 'higher' meaning higher
        if hb is None or COUNT_HEAD.search(t.head[k]) or re.search(r"\berr(?:or)?s?\b|\bunc|\bstd\b|±|\+-", t.head[k], re.I):
            continue
        x, y = _first(a[k]), _first(b[k])
        if x != x or y != y or x == y:
            continue
        up = hb == (rel_word in ("better", "higher"))
        if (up and x < y) or (not up and x > y):
            return ("comparison", n_a,
                    f"column '{t.head[k]}': '{a[0]}' {a[k]} against '{b[0]}' {b[k]}, {'lower' if up else 'higher'}, not {rel_word}")
    return None

def _unit_as_written(unit: str | None) -> str:
    """'%' and 'σ' stand close to their number, a unit in words after a space ('1 standard error')."""
    return "" if not unit else f" {unit}" if unit[:1].isalpha() else unit


# "reproduces it exactly", "the csim AUCs equal the floating-point ones", "identical to": the two sides are the same number
EXACT_EQUALITY_WORDS = re.compile(r"\b(?:exactly|identical(?:ly)?|equal(?:s|led)?|bit[- ]exact|the same as)\b", re.I)


def _unequal_named_columns(t: Table, text: str) -> tuple[str, int, str] | None:
    """'reproduces the float model exactly at every class' over a table whose two columns of one quantity the sentence
    names ('AUC(float)', 'AUC(fixed)'): a row where the two differ, as printed, contradicts it."""
    if not (eq := EXACT_EQUALITY_WORDS.search(text)) or NEGATION.search(text[:eq.start()][-30:]):
        return None
    sides = _side_columns(t, _tokens(text))
    if len(sides) != 2 or _column_quantities(t)[sides[0]] != _column_quantities(t)[sides[1]]:
        return None
    a, b = sides
    for n, cells in t.rows:
        x, y = _first(cells[a]), _first(cells[b])
        if x == x and y == y and x != y:
            return ("equal", n, f"row '{cells[0]}': {t.head[a]} {cells[a]} against {t.head[b]} {cells[b]}, not equal")
    return None


# "is exactly 0.70 at every pT bin", "equals 1.00 in each bin": one number said to be every row's value, as printed
EXACT_VALUE_OF_EVERY_ROW = re.compile(r"\b(?:exactly|precisely|identically)\s+(?:equal\s+to\s+|=\s*)?(?P<num>[-+]?\d+(?:\.\d+)?)(?![\d.])",
                                      re.I)
# a column's short name and the words a sentence says it with: simulation is "mc", the efficiency "eff"
SIMULATION_WORDS = {"mc", "sim", "simulated", "simulation", "monte"}


def _head_words_said(head: str, said: set[str]) -> int:
    """How many words of a column's head the sentence says, in full, as the head's abbreviation ('eff' of 'efficiency',
    three letters or more) or, for simulation, as any of its names ('mc' for 'simulated')."""
    score = 0
    for w in _tokens(head):
        if w in said or len(w) >= 3 and any(s.startswith(w) for s in said) or w in SIMULATION_WORDS and said & SIMULATION_WORDS:
            score += 1
    return score


def _column_off_the_exact_value(t: Table, text: str) -> tuple[str, int, str] | None:
    """'the simulated efficiency is exactly 0.70 at every pT bin' over a table with a column of it ('mc_eff'): the
    column whose head the sentence names best (a tie names none); a row whose value, as printed, is not that number
    contradicts it."""
    if not (m := EXACT_VALUE_OF_EVERY_ROW.search(text)) or NEGATION.search(text[:m.start()][-30:]):
        return None
    said = _tokens(text)
    scored = sorted(((_head_words_said(t.head[k], said), k) for k in range(1, len(t.head)) if not COUNT_HEAD.search(t.head[k])),
                    reverse=True)
    if not scored or scored[0][0] == 0 or len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    k, target = scored[0][1], float(m["num"])
    step = 10.0 ** -len(m["num"].split(".")[1]) if "." in m["num"] else 1.0
    for n, cells in t.rows:
        x = _first(cells[k])
        if x == x and abs(x - target) > step / 2 + 1e-12:
            return ("equal", n, f"row '{cells[0]}': {t.head[k]} {cells[k]}, not {m['num']}")
    return None


# "improves on the baseline at both working points", "better in both columns": a comparison said of each of two rows'
# columns, no universal word
BOTH = re.compile(r"\b(?:at|for|in|across|on) both\b", re.I)


def contradicting_column_of_both(lines: list[str], line: int, text: str, last: int) -> tuple[str, int, str] | None:
    """A comparison of two sides said to hold 'at both' of the table's points, over a table of one row per side: the
    column where the subject's row lies the other way (kind, row line, what it says)."""
    if not BOTH.search(text) or NEGATION.search(text[:BOTH.search(text).start()][-40:]):  # type: ignore[union-attr]
        return None
    lo, hi = max(1, line - SPAN), min(len(lines), last + SPAN)
    found = [t for t in tables(lines, lo, hi) if not any(line <= n <= last for n, _ in t.rows) and len(t.rows) == 2]
    found.sort(key=lambda t: min(abs(n - line) for n, _ in t.rows))
    return _rows_as_sides(found[0], text) if found else None


def contradicting_row(lines: list[str], line: int, text: str, last: int) -> tuple[str, int, str] | None:
    """A row that contradicts the universal claim `text` (lines line..last): (kind, row line, what it says)."""
    text = ERROR_COUNT_IN_WORDS.sub(lambda m: ERROR_COUNT_DIGIT[m.group(1).lower()], text)
    if not UNIVERSAL.search(text) or NEGATION.search(text[:UNIVERSAL.search(text).start()][-40:]):  # type: ignore[union-attr]
        return None
    lo, hi = max(1, line - SPAN), min(len(lines), last + SPAN)
    found = [t for t in tables(lines, lo, hi) if not any(line <= n <= last for n, _ in t.rows)]
    found.sort(key=lambda t: min(abs(n - line) for n, _ in t.rows))
    if compat := COMPATIBLE.search(text):
        target = 0.0 if compat["what"].lower() in ("zero", "0") or compat["what"].startswith("0.") else 1.0
        for t in found:
            k = _error_column(t, text)
            if k is None:
                continue
            for n, cells in t.rows:
                if (m := WITH_ERROR.fullmatch(cells[k])) and float(m["e"]) > 0 and \
                        abs(float(m["v"].replace("−", "-")) - target) > 3 * float(m["e"]):
                    z = abs(float(m["v"].replace("−", "-")) - target) / float(m["e"])
                    return "compatible", n, f"{t.head[k]} {cells[k]} in row '{cells[0]}' is {z:.1f}σ from {target:g}"
            return None
    bound = BOUND.search(text)
    if bound and ERRORS_BOUNDED.search(text[:bound.start()]) and (bound.group("unit") or "").lower() not in ("σ", "sigma"):
        return None  # "the statistical errors on the mistag rates are at most 0.04% for all three": a bound on the errors,
        # which a column of the rates themselves (1.82%) does not break
    for t in found:
        if bound:
            unit = (bound.group("unit") or "").lower()
            pull = unit in ("σ", "sigma") or unit.startswith("standard") or unit == "s.d."
            k = _bound_column(t, text, pull)
            if k is None:
                continue
            limit = float(bound.group("num"))
            rel = bound.group("rel").lower()
            for n, cells in t.rows:
                v = _first(cells[k])
                if v != v:
                    continue
                if unit == "%" and "%" not in cells[k] and "%" not in t.head[k] and abs(v) <= 1:
                    v *= 100
                if rel == "within":
                    bad = abs(v) > limit if pull else None
                elif rel in ("above", "over", "more than", "greater than", "at least", "exceeds", "exceed"):
                    bad = v < limit
                else:
                    bad = v > limit
                if bad:
                    return "bound", n, f"{t.head[k]} {cells[k]} in row '{cells[0]}' is not {rel} {bound.group('num')}{_unit_as_written(bound.group('unit'))}"
            return None
        if hit := _unequal_named_columns(t, text):
            return hit
        if hit := _column_off_the_exact_value(t, text):
            return hit
        cmp_ = _comparison(t, text)
        if cmp_ is None and (hit := _rows_as_sides(t, text)):
            return hit
        if cmp_ is None:
            continue
        code, rel = cmp_
        a, b = divmod(code, 100)
        for n, cells in t.rows:
            x, y = _first(cells[a]), _first(cells[b])
            if x != x or y != y:
                continue
            if (rel == "higher" and x < y) or (rel == "lower" and x > y):
                return ("comparison", n, f"row '{cells[0]}': {t.head[a]} {cells[a]} against {t.head[b]} {cells[b]}, "
                        f"{'lower' if rel == 'higher' else 'higher'}, not {rel}")
        return None
    if bound:
        return _listed_bound(lines, lo, hi, line, last, text, bound) or _keyed_rows_bound(lines, lo, hi, line, last, text, bound)
    return None


# the last cell of a printed row: a key and its one number ("pT [1200,1300)  pull +3.1", "bin 4   pull: -0.2")
KEY_AND_NUMBER_CELL = re.compile(r"(?P<key>[A-Za-z][\w()/-]{0,20})\s*[:=]?\s*(?P<v>[-+−]?\d+(?:\.\d+)?)")


def _keyed_rows_bound(lines: list[str], lo: int, hi: int, line: int, last: int, text: str,
                      bound: re.Match[str]) -> tuple[str, int, str] | None:
    """A bound said of every entry ('agrees within 2 sigma at every pT bin') against three or more consecutive lines
    that each print a row's name, then one key and its number, the key the same on every line ('pT [1200,1300)  pull
    +3.1'), under the line that names them ('jet mass pulls, 6 pT bins:'): the key must be a pull for a bound in sigma,
    and the key, the heading or the rows' names share a word with the claim; a pull's bound holds on its size."""
    unit = (bound.group("unit") or "").lower()
    pull = unit in ("σ", "sigma") or unit.startswith("standard") or unit == "s.d."
    limit, rel = float(bound.group("num")), bound.group("rel").lower()
    said = _stems(text)
    n = lo
    while n <= min(hi, len(lines)):
        run: list[tuple[int, str, str, str]] = []
        while n <= min(hi, len(lines)) and not line <= n <= last:
            cells = _cells(lines[n - 1])
            m = KEY_AND_NUMBER_CELL.fullmatch(cells[-1]) if len(cells) >= 2 else None
            if m is None or (run and m["key"].lower() != run[0][2].lower()):
                break
            body = PREFIX.sub("", lines[n - 1][:400], count=1).strip()
            run.append((n, body[:body.rfind(cells[-1])].strip() or cells[0], m["key"], m["v"]))
            n += 1
        if len(run) < 3:
            n += 1
            continue
        head = lines[run[0][0] - 2] if run[0][0] >= 2 else ""
        key = run[0][2]
        words = _stems(f"{key} {head} " + " ".join(name for _, name, _, _ in run))
        if not (PULL_HEAD.search(key) if pull else True) or not words & said:
            continue  # another list's rows
        for at, name, _, cell in run:
            v = float(cell.replace("−", "-"))
            size = abs(v) if pull else v
            bad = size < limit if rel in ("above", "over", "more than", "greater than", "at least", "exceeds", "exceed") \
                else size > limit
            if bad:
                return "listed", at, f"the {key} of '{name}' is {cell}, not {rel} {bound.group('num')}{_unit_as_written(bound.group('unit'))}"
        return None
    return None


LIST_VALUES = re.compile(r"\s*+(?:[-+−]?\d++(?:\.\d++)?%?(?:\s*+,\s*+|\s++|\s*+$)){3,40}")  # "+0.4 -0.7 +0.9 -1.6 ...", "1.2, 0.8, 0.3"


def _stems(text: str) -> set[str]:
    return {t[:-1] if t.endswith("s") and len(t) > 3 else t for t in _tokens(text)}


def _listed_bound(lines: list[str], lo: int, hi: int, line: int, last: int, text: str,
                  bound: re.Match[str]) -> tuple[str, int, str] | None:
    """A bound said of every entry ('the pull in every sideband bin is below 1 sigma') against a line that lists the
    entries under a name ('sideband pulls: +0.4 -0.7 +0.9 -1.6 ...'): the name must be of pulls for a bound in sigma, or
    share a word with the claim otherwise; a pull's bound holds on its size, whichever its sign."""
    unit = (bound.group("unit") or "").lower()
    pull = unit in ("σ", "sigma") or unit.startswith("standard") or unit == "s.d."
    limit, rel = float(bound.group("num")), bound.group("rel").lower()
    said = _stems(text)
    for n in sorted(range(lo, hi + 1), key=lambda n: abs(n - line)):
        if line <= n <= last or n > len(lines):
            continue
        raw = lines[n - 1][:400]
        colon = raw.rfind(":")
        if colon < 0 or not LIST_VALUES.fullmatch(raw[colon + 1:]):
            continue
        name = " ".join(re.findall(r"[A-Za-z][\w-]*", re.sub(r"\[[^\]\n]{0,60}\]", " ", raw[:colon]))[-3:])  # not a log's tag
        if not (PULL_HEAD.search(name) if pull else _stems(name) & said) or pull and not _stems(name) & said:
            continue
        for cell in re.findall(r"[-+−]?\d+(?:\.\d+)?", raw[colon + 1:]):
            v = float(cell.replace("−", "-"))
            size = abs(v) if pull else v
            if rel in ("above", "over", "more than", "greater than", "at least", "exceeds", "exceed"):
                bad = size < limit
            else:
                bad = size > limit
            if bad:
                unit_shown = f" {bound.group('unit')}" if bound.group("unit") and bound.group("unit")[0].isalpha() else bound.group("unit") or ""
                return "listed", n, f"the {name} include {cell}, not {rel} {bound.group('num')}{unit_shown}"
        return None
    return None
