"""What the referee's rules share: a finding, the report as the rules read it (its claims, indexed by
line), and the standard error of a stated number (stated, or what its test set allows)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from agents.referee.claims import BORROWED, Claim, Value
from agents.referee.numbers import A_PART, TESTED_WORDS, stated_counts
from agents.stats import auc_stderr

SEVERE, MAJOR, MINOR = 3, 2, 1
# a size stated elsewhere in the report sizes every result only when it is said to be what was tested on
# "we measured the background acceptance on an independent control sample of 1,500 jets": the set a measurement was made on
MEASURED_ON_A_SAMPLE_OF = (r"\b(?:measured|determined|estimated|checked|re-?measured)\b[^.;]{0,80}?\b(?:on|with|using)\s+(?:an?\s+|the\s+)?"
                           r"(?:[\w-]+\s+){0,3}(?:sample|set|subset)\s+of\s+\d")
# a log line's bracketed tag ('[validate]', '[head]'), which names no quantity
LOG_TAG = re.compile(r"\[[^\]\n]{0,30}\]")
# "main test set: 1,000 jets", "the nominal evaluation sample": the one set a report's results are measured on, by name
MAIN_TEST_SET = re.compile(r"\b(?:main|nominal|default|primary|principal)\s+(?:test(?:ing)?|evaluation|eval)\s+(?:set|sample|split)\b",
                           re.I)
# "label budgets are 1% (12,000 jets)", "the unlabelled pool has 1.2M jets", "pre-trained on 2M jets": a count of what a model
# learns from, not of the set its results are measured on
TRAINING_SET = re.compile(r"\b(?:label(?:l?ed)?s?|unlabell?ed|budgets?|train(?:ed|ing)?|pre-?train(?:ed|ing)?|pool|"
                          r"fine-?tun(?:ed|ing))\b", re.I)
TESTED = re.compile(rf"{TESTED_WORDS}|\bon \d|{MEASURED_ON_A_SAMPLE_OF}|"  # a claim's own size: also "on 2000 jets"
                    r"\bhold-?outs?(?:\b|(?=_))", re.I)  # "holdout_2024B: n_top = 2500, n_qcd = 2500": a held-out set is tested on


@dataclass(frozen=True)
class Finding:
    rule: str
    line: int
    severity: int
    message: str  # what is wrong, in a referee's words (the line and rule are added when shown)
    short: str = ""  # a clause for an answer: "the control at AUC 0.78 is far from random"


BLOCK_LINES = 8  # how far a claim's block reaches either side
# "\begin{table}[h]" ... "\end{table}": the edges of a LaTeX table float, which holds the tabular and its caption
FLOAT_EDGE = re.compile(r"\\(?:(?P<begin>begin)|end)\{table\*?\}")
FLOAT_LINES = 60  # how far from a row its float's edges are looked for


# "== T(1400) -> tZ/bW/tH, 5000 MC events ==": a banner line heads the lines under it, as a line ending in ':' does; the
# events it counts are the sample their fractions (an acceptance, an efficiency) were measured on
BANNER_HEADING_WITH_COUNT = re.compile(r"\s*(?P<rule>={2,}|-{3,}|\*{3,}|#{2,})[ \t]*\S[^\n]{0,200}?[ \t]*(?P=rule)\s*")


@dataclass
class Report:
    """What the rules read: the claims and the text (report-wide facts: a background estimate)."""

    text: str
    claims: list[Claim]
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines = self.text.splitlines()
        self.by_line: dict[int, list[Claim]] = {}
        self.per_line: dict[Callable[..., object], list[int]] = {}  # a table over the lines, once per report, by its reader
        self.order = {id(c): i for i, c in enumerate(self.claims)}
        for c in self.claims:
            self.by_line.setdefault(c.line, []).append(c)
        self.errors: dict[tuple[str, float], list[tuple[Claim, Value]]] = {}  # stated errors by (quantity, value)
        for c in self.claims:
            for v in c.values:
                if v.uncertainty and v.quantity and v.start < BORROWED:
                    self.errors.setdefault((v.quantity, v.value), []).append((c, v))
        sizes = {c.sample_size for c in self.claims if c.sample_size}
        tested = {c.sample_size for c in self.claims if c.sample_size and (c.kind == "row" or TESTED.search(c.text))}
        self._test_size = sizes.pop() if len(sizes) == 1 and tested else None  # one size, said to be tested on
        main = {c.sample_size for c in self.claims if c.sample_size and MAIN_TEST_SET.search(c.text)}
        if self._test_size is None and len(sizes) > 1 and len(main) == 1:
            self._test_size = main.pop()  # "main test set: 1,000 jets", beside "a bigger test set in the appendix (100k
            # jets)": the results are the main set's where they do not say which
        trained = {c.sample_size for c in self.claims if c.sample_size and c.kind == "prose" and TRAINING_SET.search(c.text)
                   and not TESTED.search(c.text)}  # ("baseline ... from scratch, same 1,000 jets": the count of a training
        # set named before, said again)
        if self._test_size is None and len(sizes) > 1 and len(tested) == 1 and all(
                c.kind == "prose" and (TRAINING_SET.search(c.text) or c.sample_size in trained) and not TESTED.search(c.text)
                for c in self.claims if c.sample_size and c.sample_size not in tested):
            self._test_size = next(iter(tested))  # "The unlabelled pool has 1.2M jets. Label budgets are 0.5% (6,000
            # jets) ... Every model is scored on the same fixed test set of 1,000 top and 1,000 QCD jets": the other
            # counts are what the models learn from; the one set said to be tested on is the one every result is measured on
        # what was measured beside it, where its sentences measure something ("a generated-vs-real classifier (10k + 10k
        # test) reaches AUC 0.505": that classifier's set, not the one every other number of the report was measured on)
        self._test_size_of = {v.role for c in self.claims if c.sample_size and c.sample_size == self._test_size
                              for v in c.values if v.quantity and v.role in ("result", "control", "classifier_test")}
        self._class_sizes: dict[str, int | None] = {}  # "signal (top) test jets : 20,000": one count of a class, said tested
        for what in ("n_signal", "n_background"):
            counts = {getattr(c, what) for c in self.claims if getattr(c, what) and TESTED.search(c.text)}
            if not counts:  # "n_bkg = 2000" then "err_eff_b = sqrt(eff_b*(1-eff_b)/n_bkg)": the count its own error uses
                counts = {getattr(c, what) for c in self.claims if getattr(c, what) and _count_divides_an_error(self, c)}
            self._class_sizes[what] = counts.pop() if len(counts) == 1 else None

    def any_between(self, lo: int, hi: int, opens: Callable[[Report, int], bool]) -> bool:
        """Whether `opens(self, n)` holds for a line n strictly between lines `lo` and `hi` (1-based). Counted once per
        report and predicate, so a check asked of every pair of claims stays linear in the lines between them (a report
        of 3000 near-identical lines would otherwise rescan them for each of its million pairs)."""
        counts = self.per_line.get(opens)
        if counts is None:
            counts = [0]
            for n in range(1, len(self.lines) + 1):
                counts.append(counts[-1] + bool(opens(self, n)))
            self.per_line[opens] = counts
        a = min(max(lo, 0), len(self.lines))
        return counts[min(max(hi - 1, a), len(self.lines))] > counts[a]

    def block(self, c: Claim, k: int = BLOCK_LINES) -> list[Claim]:
        """The claims of the block `c` stands in (its paragraph, list, table or log record: the lines around it up to
        a blank line, at most `k` either side), in reading order: where the partners of a claim (the values its
        qualifier speaks of, their test set) are looked for when its own sentence does not give them."""
        lo = hi = c.line
        while lo > max(1, c.line - k) and lo - 2 < len(self.lines) and self.lines[lo - 2].strip():
            lo -= 1
        while hi < min(len(self.lines), c.line + k) and self.lines[hi].strip():
            hi += 1
        return [d for n in range(lo, hi + 1) for d in self.by_line.get(n, [])]

    def lead(self, line: int, stop: str = r"\d") -> str:
        """What `line` opens with, up to the first match of `stop` (a digit), its log tags taken out, in lower case: the
        name a printed line gives its numbers ('[head]   raw energy : mean ...' -> '    raw energy ')."""
        return re.split(stop, LOG_TAG.sub(" ", self.lines[line - 1]), maxsplit=1)[0].lower()

    def block_before(self, c: Claim) -> list[Claim]:
        """The claims of `c`'s block read before it (its own line's earlier sentences too)."""
        return [d for d in self.block(c) if d is not c and self.order[id(d)] < self.order[id(c)]]

    def near(self, line: int, k: int) -> list[Claim]:
        """The claims within `k` lines of `line` (rules look around a claim without an O(n²) scan)."""
        return [c for n in range(line - k, line + k + 1) for c in self.by_line.get(n, [])]

    def just_before(self, c: Claim, quantity: str, k: int = 2) -> list[Value]:
        """The distinct results of `quantity` stated in the `k` lines before `c` (its own line's earlier sentences
        too): where the two ends of a change stated in `c` ("better by 4.6 points") stand."""
        out: list[Value] = []
        for d in self.near(c.line, k):
            if d is c or d.line > c.line or d.kind != "prose" or (d.line == c.line and self.claims.index(d) > self.claims.index(c)):
                continue
            for v in d.results(quantity):
                if v.role == "result" and v.start < BORROWED and not any(abs(v.value - w.value) < 1e-9 for w in out):
                    out.append(v)
        return out

    def values(self, *quantities: str, roles: tuple[str, ...] = ("result", "control", "classifier_test")
               ) -> Iterator[tuple[Claim, Value]]:
        for c in self.claims:
            for v in c.values:
                if v.role in roles and (not quantities or v.quantity in quantities) and v.start < BORROWED:
                    yield c, v

    def size_before(self, c: Claim, what: str = "sample_size") -> int | None:
        """The test set stated in the sentences just before `c` in its paragraph ("Quark/gluon (Pythia 8, 200k test
        jets). The PFN reaches AUC 0.8391 ± 0.00001"), when one size is."""
        if c.kind != "prose":
            return self._caption_size(c, what)
        heads = [d for d in self.block_before(c) if d.kind == "prose" and d.context == c.context
                 and getattr(d, what) and (TESTED.search(d.text) and c.line - d.line <= 2 or d.text.rstrip().endswith(":")
                                           or BANNER_HEADING_WITH_COUNT.fullmatch(d.text))]
        # a sentence that ends in ':' heads the lines of its block below it ("1,500 jets (750 top, 750 QCD), ParT seed 11
        # applied without retraining:" over "AUC = 0.978 +- 0.006"): its sample is theirs
        sizes = {getattr(d, what) for d in heads}
        if len(sizes) > 1 and heads[-1] is self.block_before(c)[-1] and re.match(r"\s*(?:its|their|the same|this|that)\b",
                                                                                 c.text, re.I):
            return getattr(heads[-1], what)  # "... on a reduced set of 2,000 jets; its AUC of ...": the sentence just
            # before, which the pronoun points back to, names the set, whatever larger set a sentence above names
        return sizes.pop() if len(sizes) == 1 else None

    def _title_size(self, c: Claim, what: str) -> int | None:
        """"Table 1: test AUC (mean over 3 seeds). The uncertainty combines the Hanley-McNeil error for the 400+400 test
        jets ..." over a plain-text table: the test set its title's paragraph states is that of the rows under it (the
        table, a blank line, then the title, going up), when one size is."""
        j = c.line - 2
        while j >= 0 and c.line - j <= 14 and self.lines[j].strip() and not PLAIN_TABLE_TITLE.match(self.lines[j]):
            j -= 1  # the table's rows and header
        while j >= 0 and not self.lines[j].strip():
            j -= 1  # the blank line under the title's paragraph
        lo = j
        while lo >= 0 and c.line - lo <= 14 and self.lines[lo].strip() and not PLAIN_TABLE_TITLE.match(self.lines[lo]):
            lo -= 1
        if lo < 0 or not PLAIN_TABLE_TITLE.match(self.lines[lo]):
            return None
        sizes = {getattr(d, what) for n in range(lo + 1, j + 2) for d in self.by_line.get(n, [])
                 if d.kind == "prose" and getattr(d, what) and TESTED.search(d.text)}
        return sizes.pop() if len(sizes) == 1 else None

    def _caption_size(self, c: Claim, what: str) -> int | None:
        """The test set a LaTeX table's caption states for its rows ("\\caption{Our reproduction, 2000 + 2000 test jets.}"),
        above or below the tabular, within the table float the row stands in: one size, else None."""
        if c.kind != "row" or not 0 < c.line <= len(self.lines):
            return None
        if (titled := self._title_size(c, what)) is not None:
            return titled
        up = next((j for j in range(c.line - 1, max(-1, c.line - 1 - FLOAT_LINES), -1)
                   if FLOAT_EDGE.search(self.lines[j])), None)
        down = next((j for j in range(c.line - 1, min(len(self.lines), c.line - 1 + FLOAT_LINES))
                     if FLOAT_EDGE.search(self.lines[j])), None)
        if up is None or down is None or not FLOAT_EDGE.search(self.lines[up])["begin"] or FLOAT_EDGE.search(self.lines[down])["begin"]:
            return None
        sizes = {getattr(d, what) for n in range(up + 1, down + 2) for d in self.by_line.get(n, [])
                 if d.kind == "prose" and getattr(d, what) and "\\caption" in self.lines[n - 1]}
        return sizes.pop() if len(sizes) == 1 else None

    def seeds(self, c: Claim) -> int | None:
        """The seeds of `c`: its own, else the one count the report states for all its numbers ("All numbers are a
        single seed per side"), when it states exactly one."""
        counts = {d.seeds for d in self.claims if d.seeds and d.kind == "prose"}
        return c.seeds or (counts.pop() if len(counts) == 1 and re.search(
            r"\b(?:all|every|each of the)\s+(?:\w+\s+){0,2}(?:numbers?|results?|values?|runs?)\b[^.]{0,40}\b(?:single|one|1)\s+seed",
            self.text, re.I) else None)

    def counts(self) -> list[tuple[int, str, int, bool, bool]]:
        """Every count of jets or events the report states, wherever it stands: (count, class, line, tested, part)
        (`agents.referee.numbers.stated_counts`), with the test sizes its table rows read from a column ("n_test")."""
        if not hasattr(self, "_counts"):
            found = stated_counts(self.text)
            for c in self.claims:
                if c.kind == "row":  # a table's column of test sizes ("n_test"): a tested count of its own
                    part = bool(A_PART.search(f"{c.context} {c.text}"))  # "small_slice_check.n_jets: 2000"
                    found += [(k, "", c.line, True, part) for k in (c.sample_size, (c.n_signal or 0) + (c.n_background or 0))
                              if k and k > 1]
            self._counts = found
        return self._counts

    def measured_beside(self, line: int) -> set[str]:
        """The kinds (result, control, classifier_test) of the measurements stated on `line`: a count standing there
        is the set those were measured on."""
        return {v.role for d in self.by_line.get(line, []) for v in d.values
                if v.quantity and v.role in ("result", "control", "classifier_test")}

    def largest_count(self, quantity: str, label: str = "", role: str = "result", context: str = "") -> tuple[int, int] | None:
        """(count, line) of the largest count the report states anywhere that a rate of `quantity` could have been
        measured on: a signal efficiency is not counted on the background jets nor a mistag rate on the signal jets
        (unless the value's `label` names that class). No test set of the report is larger, so what this
        count allows is the least error any of its rates can have, whichever set it was measured on."""
        other = "background" if quantity == "efficiency" else "signal" if quantity == "fake_rate" else ""
        if other and re.search(r"\b(?:background|bkg|qcd|mistag|fake|light)\b" if other == "background" else r"\bsignal\b", label, re.I):
            other = ""  # "QCD eff. = 0.01": a rate of the other class under its own name
        counts = [(k, line, tested, part) for k, cls, line, tested, part in self.counts() if (not other or cls != other)
                  and not self._elsewhere(line, context)
                  and not (quantity in ("auc", "classifier_auc") and role != "control" and cls and not self._line_names_both_classes(line))]
        # (a control's AUC may be of one class against itself, "two halves of the background sample": its class count is its set)
        # ("5,000 background jets" as the report's one class count bounds no AUC by splitting it in two halves: an AUC's set
        # holds both classes, and with the other class unstated, its error is bounded by the one class alone, far less)
        if not any(tested for *_, tested, _ in counts):
            return None  # it never says what it tested on: its counts may all be of something else (a bin, a yield)
        k, line, _, part = max(counts)
        if role not in (self.measured_beside(line) or {role}):
            return None  # "a generated-vs-real classifier (10k + 10k test) reaches AUC 0.505": the largest count is the
            # set of a measurement of another kind, its own; this one's set, unstated, may be larger
        return None if part else (k, line)  # "a 1000-jet subset": the set it is part of is larger, and unstated

    def _line_names_both_classes(self, line: int) -> bool:
        """The line of a count names signal and background both ("200000 top (signal) + 200000 QCD (background)"), or
        joins two classes' counts."""
        text = self.lines[line - 1][:2000] if 0 < line <= len(self.lines) else ""
        return bool(re.search(r"\bsignal\b", text, re.I)) and bool(re.search(r"\b(?:background|bkg|qcd)\b", text, re.I)) or bool(
            re.search(r"\d[\d,]*\s*[kKM]?\s+(?:[A-Za-z][\w-]{0,15}\s+){1,2}(?:\([^()]{0,20}\)\s+)?(?:\+|and|vs\.?)\s+\d", text))
        # ("on 20,000 top and 20,000 QCD jets": two classes' counts joined)

    def _elsewhere(self, line: int, context: str) -> bool:
        """A count on `line` stated beside a measurement under another heading than `context` ("## Paper B": "AUC 0.43 (5k
        signal, 5k background)"): that section's own set, which says nothing of the sets of another section's results."""
        return bool(context) and any(d.context and d.context != context and any(
            (v.quantity or "." in v.shown) and v.role in ("result", "control", "classifier_test") for v in d.values)
            for d in self.by_line.get(line, []))

    def class_size(self, what: str) -> int | None:
        """The one test count of a class ("n_signal", "n_background") the report states, if it states one."""
        return self._class_sizes.get(what)

    def test_size(self, v: Value | None = None, c: Claim | None = None) -> int | None:
        """The one test-set size the report states (None when it states none or several, or when its sentences state
        it for measurements of another kind than `v`, or only beside the results of other sections than that of `c`)."""
        if v is not None and self._test_size_of and v.role not in self._test_size_of:
            return None
        if c is not None and c.context and self._test_size is not None and all(
                self._elsewhere(d.line, c.context) for d in self.claims if d.sample_size == self._test_size):
            return None
        return self._test_size


# "Table 1: test AUC (mean over 3 fine-tuning seeds).": a plain-text table's title, opening its line
PLAIN_TABLE_TITLE = re.compile(r"\s*Table\s+\d+[.:]\s", re.I)


# "n_sig = 2000", "n_bkg: 2000": a count printed under its variable's name
COUNT_UNDER_VARIABLE_NAME = re.compile(r"\s*(?:>+\s*)?(?P<key>[A-Za-z_][\w.]{0,40}?)\s*[:=]\s*\d[\d,]*\s*$")


def _count_divides_an_error(rep: Report, c: Claim) -> bool:
    """A count printed under a variable's name ("n_bkg = 2000") that the report's own code puts in an error
    formula ("sqrt(eff_b*(1-eff_b)/n_bkg)", "hanley_mcneil(auc, n_sig, n_bkg)"): the jets its rates and AUCs were
    measured on, whatever words of testing the report leaves out."""
    m = COUNT_UNDER_VARIABLE_NAME.fullmatch(rep.lines[c.line - 1][:200]) if 0 < c.line <= len(rep.lines) else None
    if m is None or len(m["key"]) < 2:
        return False
    key = re.escape(m["key"])
    return bool(re.search(rf"\bsqrt\s*\([^()\n]{{0,120}}(?:\([^()\n]{{0,40}}\)[^()\n]{{0,60}})?/\s*{key}\b|"
                          rf"\b\w{{0,30}}?(?:hanley|mcneil|binom|wilson|clopper|stderr|std_?err|sem|err|unc)\w{{0,30}}\s*\([^()\n]{{0,120}}\b{key}\b",
                          rep.text[:200_000], re.I))


# ---- shared statistics -------------------------------------------------------------------------
def sigma(rep: Report, c: Claim, v: Value) -> tuple[float | None, str]:
    """The standard error of `v`: stated, or what its sample size allows (binomial for
    accuracies and efficiencies, Hanley-McNeil for AUCs); with how it was obtained."""
    if v.uncertainty is not None and v.uncertainty > 0:
        return v.uncertainty, "stated"
    same = [(d, w) for d, w in rep.errors.get((v.quantity, v.value), []) if d.line != c.line]
    if v.quantity and same:  # "(AUC 0.9781 vs 0.9712)" quoting a table that gives 0.9781 ± 0.0004
        return same[0][1].uncertainty, f"stated on line {same[0][0].line}"
    return allowed_sigma(rep, c, v)


def own_count(c: Claim) -> int | None:
    """The one count of jets its own sentence says a number was measured on, in any of the ways counts are written
    ("On a 5,000-jet audit subsample the efficiency is ...", "2 000-jet test split", "640 probe W jets"), where the
    sentence's size reading found none: a count of no class, said to be tested on, the only one the sentence states."""
    if c.sample_size or c.n_signal or c.n_background or c.kind != "prose" or re.search(r"\blabel|\btrain|\bfine-?tun", c.text, re.I):
        return None  # "with 1,000 labels the tagger reaches ...": a training count, not the set it was measured on
    counts = {k for k, cls, _, tested, _ in stated_counts(c.text[:2000]) if tested and not cls}
    return counts.pop() if len(counts) == 1 else None


# "Dataset TopTagH5 (test): 2000 jets (1000 top / 1000 QCD)" then "Epoch(test) [4/4]  toptag/auc: 0.9836": a logger
# tags each record with the split it ran on; the records tagged with one split measured the set its dataset line counts
SPLIT_TAG = re.compile(r"\((test|val|valid|validation|eval)\)", re.I)


def size_of_its_split(rep: Report, c: Claim, what: str = "sample_size") -> int | None:
    """The count of the one split a log record's tag names ("Epoch(test)"), stated once on a line that tags the same
    split and gives its count ("Dataset X (test): 2000 jets"); None when the record names no split or several sizes."""
    tags = {t.lower() for t in SPLIT_TAG.findall(c.text[:BORROWED])}
    if len(tags) != 1 or c.sample_size:
        return None
    tag = tags.pop()
    sizes = {getattr(d, what) for d in rep.claims if d is not c and d.kind == "prose" and getattr(d, what)
             and re.search(rf"\({tag}\)\s*:\s*\d", d.text[:BORROWED], re.I)}
    return sizes.pop() if len(sizes) == 1 else None


def allowed_sigma(rep: Report, c: Claim, v: Value) -> tuple[float | None, str]:
    own = c.sample_size or own_count(c)
    local = own or rep.size_before(c) or size_of_its_split(rep, c)  # the set its own sentence, the one heading it, or
    # the one its log tag names, holds
    n = local or rep.test_size(v, c)
    if v.quantity in ("auc", "classifier_auc") and 0 < v.value < 1:
        pos, neg = c.n_signal, c.n_background
        if not own and local and not pos and not neg:  # "a test set of 300 signal and 100,000 background events." then "It
            pos, neg = rep.size_before(c, "n_signal"), rep.size_before(c, "n_background")  # reaches AUC = ...": its classes
            named = pos and neg and pos + neg == local and any(
                d.n_signal == pos and d.n_background == neg and re.search(r"\bsignal\b", d.text, re.I)
                and re.search(r"\b(?:background|bkg|QCD)\b", d.text, re.I) for d in rep.block_before(c))
            pos, neg = (pos, neg) if named else (None, None)  # (each class by its name, not "500 / 50000 jets" that pass)
            if not (pos and neg) and local == size_of_its_split(rep, c):
                pos, neg = size_of_its_split(rep, c, "n_signal"), size_of_its_split(rep, c, "n_background")
        pos, neg = pos or (n // 2 if n else None), neg or (n - n // 2 if n else None)
        if pos and neg and pos > 1 and neg > 1:
            return auc_stderr(v.value, pos, neg), f"Hanley-McNeil for {pos} + {neg} test jets"
    elif v.quantity in ("accuracy", "efficiency", "purity", "fake_rate") and 0 < v.value < 1:
        signal = (c.n_signal or (None if own else rep.size_before(c, "n_signal")) or (None if local else rep.class_size(
            "n_signal"))) if v.quantity == "efficiency" else None
        background = (c.n_background or (None if own else rep.size_before(c, "n_background")) or (None if local else rep.class_size(
            "n_background"))) if v.quantity == "fake_rate" else None
        # ("eps_B = 0.0200 +- 0.0007 (dedicated 40000-jet QCD holdout)": the set its own sentence names, not the classes of
        # the evaluation set stated a line above)
        # ("passes 1240 of 2000 probe jets:" over "eff_data = 0.620 +- 0.002": the probe set heading it, not the report's
        # signal test set elsewhere)
        k = signal or background or n  # a signal efficiency is a fraction of the signal jets ("on 500 validation signal
        # jets:"), a mistag rate of the background jets
        if not k and v.quantity in ("efficiency", "fake_rate"):  # "we measured the background acceptance on a sample of
            k = rep.size_before(c, "n_background") or rep.size_before(c, "n_signal")  # 1,500 background jets. The
            # acceptance was ...": the one class of jets the sentence before measured it on
        if k and k > 1:
            return math.sqrt(v.value * (1 - v.value) / k), f"binomial for {k} test jets"
    return None, ""


def least_sigma(rep: Report, c: Claim, v: Value) -> tuple[float | None, str]:
    """The least standard error `v` can have on any test set the report states: binomial (Hanley-McNeil for an AUC,
    half signal, half background) for the largest count of jets or events it states anywhere (`Report.largest_count`).
    It does not depend on which set the report says the number was measured on, nor where it says so."""
    if not 0 < v.value < 1 or v.quantity not in ("auc", "classifier_auc", "accuracy", "efficiency", "purity", "fake_rate"):
        return None, ""
    found = rep.largest_count(v.quantity, v.label, v.role, c.context)
    if found is None:
        return None, ""
    n, line = found
    if (c.sample_size or rep.size_before(c) or 0) > n:
        return None, ""  # "(50000 / 50000)" on its own line: its set, larger than any one count the report states, bounds it
        # ("judge classifier on 50k+50k:" heading it: the set its block names, read where the counts of the text are not)
    if v.quantity in ("auc", "classifier_auc"):
        if n < 4:
            return None, ""
        return auc_stderr(v.value, n // 2, n - n // 2), f"Hanley-McNeil for {n} jets, the largest count the report states (line {line})"
    return math.sqrt(v.value * (1 - v.value) / n), f"binomial for {n} jets, the largest count the report states (line {line})"


def last_digit(raw: str) -> float:
    """The step of a printed number's last digit ("0.0455" -> 0.0001, "12" -> 1): how far rounding may have moved it."""
    return 10.0 ** -len(raw.split(".")[-1]) if "." in raw else 1.0


def same_at_precision(a: Value, b: Value) -> bool:
    def step(v: Value) -> float:
        s = v.shown.rstrip("%").strip()
        dec = len(s.split(".")[1]) if "." in s and "e" not in s.lower() else 0
        return 10.0 ** -dec / (100 if v.shown.endswith("%") and v.value < 1.5 else 1)
    return a.value == b.value or abs(a.value - b.value) <= max(step(a), step(b)) / 2 + 1e-12


def fmt(v: float) -> str:
    return f"{v:.3g}" if abs(v) >= 1e-3 or v == 0 else f"{v:.2g}"
