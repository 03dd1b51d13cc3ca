"""Claims as typed records, and the rule-based extractor that reads them from a report.

Every unit of a report (sentence, table row, JSON object; `reading`) that states a number or a
qualitative verdict becomes a `Claim`: the numbers it states (`Value`: quantity, value,
uncertainty, what it is of, its role), the comparison it makes, its qualifiers ("significant",
"clearly", "consistent with", "lossless", "discovery", ...), and the sample size and seeds it
states. The extractor knows the vocabulary of jet-physics results (AUC, accuracy, efficiency,
rejection, SIC, perplexity, resolution, significance, p-values ...), not any report's phrasing.
`agents.referee.model_claims` fills the same records through a model's structured output.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from agents.referee.comparisons import (
    SUPERLATIVE_BRACKET_AGAINST_NAMED,
    comparison_in,
    resolve_comparisons,
    side_words,
    superlative_in,
    than_every_other,
)
from agents.referee.numbers import (
    LOOKS_REAL,
    adopt,
    counted_fraction_size,
    generated_vs_real,
    qualifiers_of,
    read_numbers,
    sizes_of,
    to_float,
)
from agents.referee.reading import PROSE_KEY, SIZE_KEY, Format, Unit, guess_format, units
from agents.referee.types import BORROWED, Claim, Comparison, Relation, Role, Value
from agents.referee.vocabulary import (
    BOUNDED,
    CLASSIFIER_TEST,
    CONTROL,
    HIGHER_BETTER,
    INJECTION_COLUMN,
    NUM,
    NUMBER_RE,
    PAIRED,
    QUANTITIES,
    QUANTITY_RE,
    RELATION_RE,
    STOP,
    SUPERLATIVE,
    UNC_KEY,
    WORKING_POINT_NAME,
    only_called_clear,
    stem,
)

__all__ = ["BORROWED", "BOUNDED", "HIGHER_BETTER", "QUANTITIES", "Claim", "Comparison", "Relation", "Role", "Value",
           "extract", "stem"]


# "..., each with an error of about 0.0012", "both with an uncertainty of 0.004": the error of every result before it
EACH_WITH_ERROR_BEFORE = re.compile(r"\b(?:each|both)\s+(?:with|having|carrying)\s+an?\s+(?:statistical\s+)?(?:error|uncertainty)"
                                    r"\s+of\s+(?:about\s+|roughly\s+|around\s+|~\s*|≈\s*)?$", re.I)


def _shared_error(text: str, values: list[Value]) -> list[Value]:
    """'AUC 0.9846 -> 0.9861 on the 400k test set (± 0.0002 each)': a parenthesis holding only an error is the error
    of the results before it that state none, not a change between them; so is 'each with an error of about 0.0012'
    after them."""
    out = []
    for v in values:
        if v.role in ("difference", "result") and not v.shown.endswith("%") and EACH_WITH_ERROR_BEFORE.search(text[max(0, v.start - 80):v.start]):
            for r in values:
                if r.role in ("result", "control") and r.start < v.start and r.uncertainty is None and 0 < v.value < abs(r.value):
                    r.uncertainty = v.value
            continue
        if v.role == "difference" and not v.shown.endswith("%") and re.search(r"\(\s*(?:±|\+/-|\+-)\s*$", text[:v.start]) and re.match(
                r"\s*%?\s*(?:each|both|on each|for each|for both)?\s*\)", text[v.start + len(v.shown):]):
            for r in values:
                if r.role in ("result", "control") and r.start < v.start and r.uncertainty is None and r.quantity:
                    r.uncertainty = v.value
            continue
        out.append(v)
    return out


# "codes used 3702/4096", "used codes=3702/4096", "3702/4096 codes active": the denominator is the codebook's size
USED_OF = re.compile(r"\b(?:(?:codes?|entries|tokens)\s+(?:used|in use|active|alive)|(?:used|active|alive|live)\s+(?:codes?|entries|tokens))"
                     r"\s*[:=]?\s*\d[\d,]*\s*/\s*(?P<k>\d[\d,]*)\b|"
                     r"\b\d[\d,]*\s*/\s*(?P<k2>\d[\d,]*)\s+(?:codes?|entries)\s+(?:used|in use|active|alive)\b", re.I)


def _codebook_of_usage(text: str, values: list[Value]) -> None:
    """Add the codebook size a usage count states as its denominator (the reader skips a fraction's denominator)."""
    for m in USED_OF.finditer(text):
        k = m["k"] or m["k2"]
        if not any(v.quantity == "codebook_size" and v.shown == k for v in values):
            values.append(Value(quantity="codebook_size", value=to_float(k), shown=k, role="setting",
                                start=m.start(m.lastgroup or "k")))
    values.sort(key=lambda v: v.start)


# "True or false: ...", "T/F - ...": a statement put to a reader to judge (a quiz, an exam), which the text does not assert
STATEMENT_POSED_TO_JUDGE = re.compile(r"\b(?:true\s+or\s+false|true/false|T/F|fact\s+or\s+fiction)\s*[:?\-–]", re.I)


# a yes/no question's clause opens with its auxiliary before the subject ("is it", "does the model", "can we")
YES_NO_CLAUSE = re.compile(r"\s*(?:so\s+|and\s+|but\s+)?(?:is|are|was|were|does|do|did|can|could|would|will|should|has|have)\s+"
                           r"(?:it|this|that|they|these|those|we|i|you|the\s+\w+|my\s+\w+|our\s+\w+)\b", re.I)


def _asked(text: str, at: int) -> bool:
    """The comparative at `at` stands in a yes/no question ("..., is it better than random?"): its clause opens with
    an auxiliary before the subject and ends with a question mark, no sentence ending between."""
    end = text.find("?", at)
    if end < 0 or re.search(r"[.!;]\s", text[at:end]):
        return False
    start = max(text.rfind(ch, 0, at) for ch in ",;:.!?(") + 1
    return YES_NO_CLAUSE.match(text, start) is not None


# a question in double quotes, with what else the quoted text says: a prompt given to a program, or someone's question
QUOTED_QUESTION = re.compile(r"[\"“][^\"“”\n]{0,400}?\?(?:\s[^\"“”\n]{0,200}?)?[\"”]")


SQL_UPDATE_WHERE = re.compile(r"\s*UPDATE\b[^;]{0,200}?\bSET\b[^;]{0,300}?\bWHERE\b(?P<where>[^;]{0,300})", re.I)


def _prose_claim(u: Unit) -> Claim | None:
    values = _shared_error(u.text, read_numbers(u.text))
    _codebook_of_usage(u.text, values)
    if (upd := SQL_UPDATE_WHERE.match(u.text)) and (names := re.findall(r"=\s*'([^'\n]{1,40})'", upd["where"])):
        for v in values:  # "UPDATE t SET auc = 0.98 WHERE model = 'lorentznet'": the row the WHERE names holds the values
            v.label = f"{' '.join(n.strip().replace(' ', '_') for n in names)} {v.label}".strip()
    quals = [] if u.text.rstrip().endswith("?") or STATEMENT_POSED_TO_JUDGE.search(u.text) else qualifiers_of(
        QUOTED_QUESTION.sub(" ", u.text))
    # ('agent.chat("Are the generated jets indistinguishable from real ones? Use the latest run.")': a question typed
    # in quotes, the input a program is given, asks and states nothing)
    # "Are the generated jets realistic?" asks; "True or false: a 3σ excess is a discovery." puts a statement to be judged
    comp = than_every_other(u.text) or comparison_in(u.text, values) or superlative_in(u.text)
    if comp is not None and _asked(u.text, len(comp.subject)):
        comp = None  # "our tagger reaches 0.41, is that worse than chance?": a comparison asked about, not stated
    n, n_sig, n_bkg, seeds = sizes_of(u.text)
    if n is None and n_sig is None and n_bkg is None:  # "126 of 400 = 0.315": the rate's own count of jets
        n = next((k for v in values if v.role == "result" and v.quantity in ("efficiency", "fake_rate", "accuracy", "purity")
                  and (k := counted_fraction_size(u.text, v.start, v.value))), None)
    if not values and not quals and comp is None and n is None and n_sig is None and seeds is None:
        return None  # a sentence that states only the test set (or the seeds) still sizes the report's results
    for v in values:  # "AUC 0.906 ..., against 0.853 with no signal injected": the control is of the sentence's AUC
        heads = [w.quantity for w in values if w.role == "result" and w.quantity and w.start < v.start]
        if v.role == "control" and not v.quantity and heads and heads[0] in ("auc", "accuracy") and 0 < v.value < 1:
            v.quantity = heads[0]
    label = re.match(r"\s*([^:.;]{3,60}):\s", u.text)  # "mass sculpting check: classifier ... AUC 0.56" ("Control (no injection),
    # AUC: 0.56": the control's own 'no injection' is no injected signal)
    if (u.context and CONTROL.search(u.context)) or (label and CONTROL.search(label.group(1))
                                                     and not re.search(r"inject|with signal", CONTROL.sub(" ", u.text), re.I)):
        for v in values:
            if v.role == "result" and v.quantity in ("auc", "accuracy", "sic"):
                v.role = "control"
    if u.context and CLASSIFIER_TEST.search(u.context) and not CONTROL.search(u.text):
        for v in values:  # "## Classifier test" over "- EPiC-FM vs JetNet jets, DNN, 50k + 50k held-out: AUC 0.514": its numbers
            if v.role == "result" and v.quantity in ("auc", "accuracy"):
                v.role = "classifier_test"
    return Claim(line=u.line, text=u.text, values=values, comparison=comp, qualifiers=quals, sample_size=n,
                 n_signal=n_sig, n_background=n_bkg, seeds=seeds, kind="prose", context=u.context, breaks=list(u.breaks))


@dataclass
class _Row:
    """What the cells of one table row (JSON object) say so far."""

    values: list[Value] = field(default_factory=list)
    by_key: dict[str, Value] = field(default_factory=dict)  # column -> its first value (errors attach to it)
    n: int | None = None
    seeds: int | None = None
    n_signal: int | None = None
    n_background: int | None = None
    n_bare: int | None = None  # a column headed only "number" or "n": a count, or the row's own ordinal


# "| n_sig | n_bkg |", "n_signal  n_background", "n_test_sig": a column of each class's count in the row's test set
CLASS_COUNT_COLUMN = re.compile(r"n[ _-]?(?:(?:test|eval)[ _-]?)?(?:(?P<sig>sig|signal|s)|(?P<bkg>bkg|background|b))(?:[ _-]?(?:jets|events|test))?|"
                                r"n[ _-]?(?:(?:test|eval)[ _-])?(?:(?P<sig2>quarks?|tops?)|(?P<bkg2>gluons?|qcd))(?:[ _-]?(?:jets|events))?", re.I)
# ("n_test_quark: 2000", "n_test_gluon: 2000", "n_top", "n_qcd": the test set's classes by name, the quark (top) jets the
# tagged class; not "n_qcd_pass", the jets a cut kept)


def _first(cell: str) -> float:
    """The first number of a cell, "400k" and "1.2M" as counts; ValueError when there is none."""
    m = re.search(rf"({NUM})\s*([kKM])?(?![\w.])", cell)
    if m is None:
        raise ValueError(f"no number in {cell[:40]!r}")
    return to_float(m.group(1)) * {"k": 1e3, "K": 1e3, "M": 1e6}.get(m.group(2) or "", 1.0)


def _side_cell(row: _Row, h: str, key: str, cell: str, offset: int) -> bool:
    """A cell that qualifies the row's values rather than stating one: an interval, an error, the test set's size,
    a step, the seeds. True when `cell` was one of those."""
    if re.fullmatch(r"\[\s*[-\d.eE]+\s*,\s*[-\d.eE]+\s*\]", cell.strip()) and row.by_key and re.search(
            r"\bci|interval|range|band|conf", key, re.I):  # "ci95: [0.982, 1.0003]": the interval of the row's value
        lo, hi = (to_float(x) for x in cell.strip()[1:-1].split(","))
        next(iter(row.by_key.values())).interval = (lo, hi)
    elif not re.match(rf"^\s*[<>≤≥]?\s*{NUM}", cell):
        pass  # a name
    elif um := UNC_KEY.match(_spread_header_spelled_out(h) or h):  # an error of another number is never a value itself
        # ("Std. Error" is the spelled-out 'sem' of the row's value, not the error of a column named "Std.")
        base = {re.sub(r"[ _-]*(?:mean|avg|average|median|value)$", "", k, flags=re.I): k for k in row.by_key}
        opened = [k for k, v in row.by_key.items() if um["base"] and v.role != "setting"
                  and re.match(rf"{re.escape(um['base'])}[ _-]", k, re.I)]
        if len(opened) == 1 and um["base"] not in row.by_key and um["base"] not in base:
            base[um["base"]] = opened[0]  # "auc_sr_vs_sb: 0.541 | auc_stderr: 0.004": the error of the one AUC its base
            # opens (the AUC of the signal region against the sidebands, its qualifier after the quantity's name)
        if um["base"] in row.by_key or um["base"] in base or (not um["base"] and row.by_key):
            measured = [k for k, v in row.by_key.items() if v.role != "setting"]  # an error is never a run id's
            at = row.by_key.get(um["base"]) and um["base"] or base.get(um["base"]) or (measured or list(row.by_key))[0]
            row.by_key[at].uncertainty = abs(_first(cell))
        elif re.fullmatch(r"comb(?:ined|\.)?", um["base"].strip(" _-"), re.I) and (
                diffs := [k for k, v in row.by_key.items() if v.role == "difference"]):
            row.by_key[diffs[-1]].uncertainty = abs(_first(cell))  # "gain | comb. err": the two sides' errors combined
            # are the error of the row's difference
    elif re.fullmatch(r"n|num|number", h.strip("() "), re.I):
        row.n_bare = int(_first(cell))  # "number": the test set's size, unless the row counts its classes (an experiment
        # tracker's export numbers its trials in a column of that name)
    elif SIZE_KEY.match(h.strip("() ")) or re.search(r"\b(?:test|probe) (?:jets|events|size)\b", key, re.I):  # the probes of a tag-and-probe are its test set
        row.n = int(_first(cell))
    elif (cls := CLASS_COUNT_COLUMN.fullmatch(h.strip("() "))) and re.fullmatch(r"\s*\d[\d,]*\s*[kKM]?\s*", cell):
        if cls["sig"] or cls["sig2"]:
            row.n_signal = int(_first(cell))  # "| lgatr | 2000 | 2000 | 0.9801 |": the row's classes were counted so
        else:
            row.n_background = int(_first(cell))
    elif re.fullmatch(r"(?:epoch|step|iter(?:ation)?|round|fold|checkpoint|trial)s?|[nk][- ]?shots?|num fewshot", key, re.I):
        row.values.append(Value(value=_first(cell), shown=f"{key}={cell.strip()}", role="setting",
                                start=offset))  # "| epoch | ... |": the row's step, a condition; "| n-shot | 0 |" (an LLM
        # evaluation harness's column): how many solved examples the prompt held, a condition of the run, no score
    elif re.fullmatch(r"(?:n[ _])?seeds?|n[ _]?seeds", h.strip(), re.I):
        row.seeds = int(_first(cell))
    elif re.search(r"\binterval\b|\bCI\b|\brange\b|\bconfidence\b", key, re.I):
        pass  # "| test-set 68% interval | 0.80–0.86 |": the error of the row's value, not another value
    else:
        return False
    return True


# "Std. Deviation", "Std. Error Mean", "Std. Error of the Mean", Minitab's "SE Mean": a statistics package's spread or
# error column, spelled out
SPREAD_COLUMN_SPELLED_OUT = re.compile(r"\s*(?:std\.?\s*(?:(?P<sd>deviation|dev\.?)|(?P<se>error))|se(?=\s+mean))"
                                       r"(?:\s+(?:of\s+(?:the\s+)?)?mean)?\s*", re.I)


def _spread_header_spelled_out(h: str) -> str:
    """The short name ("std", "sem") of a spread or error column written out in words; "" for any other column."""
    m = SPREAD_COLUMN_SPELLED_OUT.fullmatch(h)
    return "" if m is None else "std" if m["sd"] else "sem"


# "R50_VS_PNET", "auc rel. to baseline": a quantity's name, then the other whose value it is divided by
RATIO_TO_ANOTHER = re.compile(r"[ _]*(?:vs\.?|versus|rel(?:ative)?\.?[ _]to)[ _]+(?!(?:p_?t|eta|epochs?|steps?|iter\w*|lr|mass|size)\b)[A-Za-z]",
                              re.I)


def _ratio_to_another(key: str) -> bool:
    """A column of one quantity's value over another's ("r50_vs_pnet": 1.254): a ratio, no value of that quantity (a
    column over a binning variable, "auc_vs_pt", is not one)."""
    qm = QUANTITY_RE.search(key)
    return bool(qm and RATIO_TO_ANOTHER.match(key[qm.end():]))


def _column_quantity(key: str, row_q: str) -> str:
    """The quantity of a column: named by its header, else the row's ("| AUC | 0.91 | 0.88 |")."""
    qm = QUANTITY_RE.search(key)
    q = (qm.lastgroup or "") if qm else "" if key.startswith("(") else row_q  # an inherited "(n_obs)" is a setting
    if re.fullmatch(r"z(?:[ _]?(?:loc(?:al)?|glob(?:al)?|obs|exp))?|z[ _]?score|n[ _]?sigma|nsigma|sigma[ _]local|sigma[ _]global|(?:local|global)[ _]?(?:z|sigma)|"
                    r"(?:local|global|loc|glob)[ _]?sig|(?:z|pull)[ _](?:vs|over|wrt|to|from)[ _][\w ]+", key, re.I):
        q = "significance"  # {"local_significance": {"z": 3.5, "p_value": 0.0062}}, "z_vs_floor": 3.7
    if qm and re.match(r"[ _]*(?:over|/|divided by)[ _]*[A-Za-z]", key[qm.end():], re.I):
        q = ""  # "perplexity_over_K": a ratio, not that quantity
    if _ratio_to_another(key):
        q = ""
    if not qm and re.fullmatch(r"\s*(?:line ?(?:no|num(?:ber)?)|lineno|idx|index)\s*", key, re.I):
        q = ""  # "lineno: 18" of a test report's record: where the test is written, beside a test named for its AUC
    if not qm and re.search(r"\b(?:jets|events|samples|labels|epochs|count|size|steps)\b|^n[ _]|\bid$", key, re.I):
        q = ""  # "| labelled jets | 200 |", "| n_sig_test |", "| run_id |": a count or a name beside the row's metric, not a
        # value of it
    if not qm and re.search(r"(?:^|[\s_])(?:tokens|time|latency|duration)(?:[\s_]|$)", key, re.I):
        q = ""  # "usage": {"prompt_tokens": 412, "completion_time": 1.41}: a chat API's token counts and seconds under its
        # "usage" record, no value of the codebook usage (a fraction of codes) the row's word would name
    if re.fullmatch(r"K|codebook(?: size)?|(?:n |num )?codes|vocab(?:ulary)?(?: size)?|codebook entries|"
                    r"(?:codebook|vocab(?:ulary)?)(?:[ _]size)?[ _]*\(?K\)?|K[ _]*\((?:codebook|vocab(?:ulary)?)(?: size)?\)", key, re.I):
        q = "codebook_size"  # "codebook K", "codebook size (K)", "K (codebook)": the size, named with its symbol
    if TEST_OUTPUT_COLUMN.fullmatch(key):
        q = ""  # "t  df  Sig. (2-tailed)" of a test on the row's AUCs: the test's own numbers, no AUC
    return q


# the columns of a test's printed output: its statistic, degrees of freedom, significance level, an interval's bounds
TEST_OUTPUT_COLUMN = re.compile(r"\s*(?:t|F|chi2|chi\^2|χ²|df|d\.?o\.?f\.?|ndf|Sig\.?(?:\s*\((?:1|2|one|two)[- ]tailed\))?|"
                                r"(?:lower|upper)(?:\s+(?:bound|limit))?)\s*", re.I)


def _n_counts_averaged_cases(header: tuple[str, ...]) -> bool:
    """'N  Mean  Std. Deviation  Std. Error Mean': beside a mean and its spread, N is how many cases (runs, seeds) the
    mean is over, not the test set's size."""
    return any(h.strip().lower() == "mean" for h in header) and any(
        UNC_KEY.match(h.strip()) or _spread_header_spelled_out(h) for h in header if h.strip())

# a row or column named as a change: "d eps_S", "dAUC", "delta AUC", "mistag change", "ΔAUC"
ROW_NAMES_A_CHANGE = re.compile(r"(?:^|[\s|(])d[ _]?(?:AUC|eps\w*|ε\w*|acc\w*|rej\w*|mistag)\b|\bdelta\b|\bchanges?\b|Δ", re.I)


# a column named as one other column minus another: "v2 − v1", "new - old", "FT – scratch"
COLUMN_OF_A_DIFFERENCE = re.compile(r"\w*[A-Za-z]\w*\s+[−–-]\s+\w*[A-Za-z]\w*")


# a key naming the bound a check allows ("min_value", "max value", "lower_bound", "upper limit", "threshold")
BOUND_KEY = re.compile(r"(?:(?:min|max|minimum|maximum|lower|upper)(?: (?:value|bound|limit|allowed))?|threshold|(?:lower|upper) "
                       r"(?:bound|limit)|bound|limit)", re.I)


# "p(s=0) (Z)", "p0 (Z)", "p-value (σ)": a discovery column that gives each p-value with its significance in brackets
# (HistFitter's upper-limit table); its cells read "0.016 (2.95)"
P_WITH_ITS_Z_HEAD = re.compile(r"\s*(?:p[ _-]?values?|p[ _]?0|p\s*\(\s*s\s*=\s*0\s*\))\s*\(\s*(?:Z|σ|sigma|n[ _]?sigma|"
                               r"significance)\s*\)\s*", re.I)
P_WITH_ITS_Z_CELL = re.compile(rf"\s*(?P<p>{NUM})\s*~?\s*\(\s*(?P<z>{NUM})\s*\)\s*")


def _p_with_its_z(key: str, cell: str, label: str) -> list[Value]:
    """A cell of a 'p (Z)' column: its p-value and, in brackets, the same p-value in sigma, as the two quantities
    they are (a p-value and its significance are one number in two scales)."""
    if not P_WITH_ITS_Z_HEAD.fullmatch(key) or (m := P_WITH_ITS_Z_CELL.fullmatch(cell)) is None:
        return []
    return [Value(quantity="p_value", value=to_float(m["p"]), shown=m["p"], label=label, start=m.start("p")),
            Value(quantity="significance", value=to_float(m["z"]), shown=m["z"], label=label, start=m.start("z"))]


def _cell_values(u: Unit, h: str, key: str, cell: str, q: str, label: str, null_row: bool, note: str = "",
                 signal_row: bool = False) -> list[Value]:
    """The values a cell states, named by its column and labelled by the row's names (its note cell read as context)."""
    if paired := _p_with_its_z(key, cell, label):
        return paired
    # "mistag_rate_finetuned": the key's words that are not the quantity's name say what it is of
    bare = re.sub(rf"(?:@|\bat)\s*{NUM}\s*%?\s*(?:signal |background )?[\w.]*", " ", key)  # "@ 50% eff"
    own = " ".join(w for w in re.findall(r"[A-Za-z][\w-]+", QUANTITY_RE.sub(" ", bare))
                   if w.lower() not in STOP and not re.fullmatch(r"rate|value|mean|avg|at|std|%", w, re.I))
    pct = bool(re.search(r"[(\[]\s*%\s*[)\]]|\bin %|(?<![\d\s])\s*%\s*$|\b(?:pct|percent|percentage)\b", h)) \
        and "%" not in cell
    vals = read_numbers(cell + ("%" if pct else ""), quantity_hint=q) if q else read_numbers(
        cell if _ratio_to_another(key) else f"{key} {cell}")
    ctx = f"{label} {note} {key} {u.context}".replace("_", " ")
    for v in vals:
        if v.role == "result" and re.search(r"\b(?:diff(?:erence)?|delta|gain|improvement|change|increase|decrease|"
                                            r"reduction|ratio|excess)\b", key, re.I):
            v.role = "difference"  # "auc_difference: 0.0004": a change of the quantity, not a value of it
        if v.role == "result" and COLUMN_OF_A_DIFFERENCE.fullmatch(key.strip()):
            v.role = "difference"  # "| metric | v2 | v1 | v2 − v1 |": one column minus another, a change, not a value
        if v.role == "result" and v.shown[:1] in "+-−" and ROW_NAMES_A_CHANGE.search(f"{label} {key}"):
            v.role = "difference"  # "| gate | d eps_S | < 0.010 : PASS (-0.007) |": a signed number in a change's row
        if v.role == "result" and BOUND_KEY.fullmatch(key):
            v.role = "threshold"  # "min_value: -1.0" of a data check: the bound the check allows, not a measured value
        if not q and v.role == "result" and not v.quantity:
            v.role = "setting"  # a number in a column of no named quantity (a size, a fraction)
        v.label = f"{label} {own}".strip()
        if v.quantity in ("auc", "accuracy", "classifier_auc") and (CLASSIFIER_TEST.search(ctx)
                                                                      or v.quantity == "classifier_auc"):
            v.role = "classifier_test"
        elif v.role == "result" and (CONTROL.search(ctx) and not (signal_row or _signal_injected_first(label))
                                     or (null_row and v.quantity in ("auc", "accuracy"))):
            v.role = "control"
    return vals


# "s/b = 1.0% in SR", "injected S/B: 0.6%", "signal fraction 0.01": an amount of injected signal stated in a row's cells
INJECTED_AMOUNT = re.compile(rf"\b(?:S\s*/\s*B|signal\s+fraction|injection|injected(?:\s+signal)?)\s*(?:=|:|of)?\s*(?P<num>{NUM})", re.I)


def _signal_injected_first(label: str) -> bool:
    """The first amount of injected signal a row's cells state is not zero ("CATHODE - s/b = 1.0%" before a note "ladder so
    far: 0.571 (s/b = 0), ..."): the row is a run with signal; the no-signal run its notes recall is another row."""
    m = INJECTED_AMOUNT.search(label)
    return m is not None and to_float(m["num"]) != 0


# "1.2 mistag rate at the 50% WP", "2.3.1 (stretch) beat the baseline": a row's first cell that numbers its item as an
# outline does (whole numbers joined by dots, no leading zero) before a name of two words or more
NUMBERED_NAME_CELL = re.compile(r"\s*[1-9]\d?(?:\.\d{1,2}){1,3}\.?\s+(?:\(?[A-Za-z][\w/-]*\)?\s+){2,}")
# "1/eps_B @ eps_S=0.5", "1/ε_B": a row named by an inverse, a name that starts with a digit
INVERSE_NAME_CELL = re.compile(r"\s*1\s*/\s*(?:[A-Za-zεσ\\]|\()")

# "rejection at ε_S = 0.9", "mistag rate @ 50% eff": the working point a row's name ends with
WORKING_POINT_TAIL_OF_LABEL = re.compile(r"\s+(?:at|@)\s+[^|\n]{1,30}$", re.I)
# "1/ε_B at ε_S = 0.3", "mistag @ eps_sig=0.5": the signal efficiency a column's values are taken at
# a rejection column named by the signal efficiency it is taken at, in percent: "R30", "R_{50}", "rej50" (not "R2")
REJECTION_AT_PERCENT_COLUMN = re.compile(r"\s*(?:R|rej)[_ ]?\{?(?P<num>[1-9]0)\}?\s*(?:\([^()]{0,30}\))?\s*", re.I)
SIGNAL_POINT_OF_COLUMN = re.compile(rf"(?:@|\bat)\s*(?:ε|eps(?:ilon)?)[_ ]?\{{?(?:s|sig)\}}?\s*=\s*(?P<num>{NUM})\s*(?P<pct>%)?\s*$", re.I)


# a column that holds each row's verdict, and a verdict cell that is the word discovery itself ("DISCOVERY", "discovery!")
STATUS_HEAD = re.compile(r"(?:scan |search |result |final )?(?:status|verdict|decision|conclusion|outcome|classification|"
                         r"result|flag|label)", re.I)
DISCOVERY_CELL = re.compile(r"\s*[\W_]*(?:discovery|discovered|observed|observation)[\W_]*\s*", re.I)


# the head of a column that numbers the things a table compares by a word and an index ("trial", "candidate"; as
# INDEXED_NAME joins "trial 12" into one name): its number names the row ("run_id" numbers records, it names no thing)
RUN_NUMBER_HEAD = re.compile(r"seq|trial|candidate|replica|shard", re.I)


# the namespace an experiment tracker's export puts before a column's own name: Optuna's trials_dataframe
# ("params_lr", "user_attrs_test_auc", "system_attrs_grid_id"), MLflow's search_runs ("metrics.auc", "params.lr")
TRACKER_NAMESPACE = re.compile(r"^\s*(?:(?:user|system)[ _]attrs[ _]|params[ _]|(?:metrics|params|tags)\.)(?=\w)")

# "dj:localP0", "(prov:value)": a PROV-JSON or JSON-LD key, a vocabulary's short prefix then a camelCase name ("local p0")
COMPACT_IRI_KEY = re.compile(r"\s*(?P<open>\(?)[a-z][a-z0-9]{0,9}:(?!//)(?P<name>[a-z][A-Za-z0-9]{0,40})(?P<close>\)?)\s*")


def _named_head(cell: str) -> str:
    """What a cell names before its explanation: "codebook perplexity (exp of code-usage entropy)", "jet mass response,
    mean m_reco/m_true" name a perplexity and a response; the words in brackets or after the comma say how it is taken."""
    head = re.split(r"\s*[(,;]", cell, maxsplit=1)[0].strip()
    return head if len(head.split()) >= 2 and head != cell.strip() else cell


# "test - please ignore", "Test response from the organisers": a row its own cells mark as a trial entry, to be dropped
ROW_TO_IGNORE = re.compile(r"\bplease\s+ignore\b|\b(?:test|dummy)\s+(?:row|entry|response|record)\b", re.I)



def _row_claim(u: Unit) -> Claim | None:
    header = u.header if len(u.header) == len(u.cells) else ("",) * len(u.cells)
    if any(ROW_TO_IGNORE.search(c) for c in u.cells):
        return None  # a form's test submission, a placeholder: its numbers ("0.5 ± 0") are no one's result
    numbered = u.cells[0] if u.cells and NUMBERED_NAME_CELL.match(u.cells[0]) else None
    label_cells = [c for c in u.cells if c and not NUMBER_RE.fullmatch(c.strip()) and (not re.match(rf"^\s*{NUM}", c)
                                                                                        or INVERSE_NAME_CELL.match(c) or c is numbered)]
    paths = [c for c in label_cells if re.fullmatch(r"[A-Za-z_][\w#-]*(?:\[[^\]]*\])?(?:\.[\w-]+(?:\[[^\]]*\])?)+", c.strip())]
    if paths and (UNC_KEY.match(last := paths[0].rsplit(".", 1)[-1]) or SIZE_KEY.match(last) or re.fullmatch(
            r"n(?:_\w+)?|count|seeds?|epochs?", last, re.I)):
        return None  # "| table[scratch].auc_std | 0.0001 |": a field holding an error or a count, not a result
    if header[0] and RUN_NUMBER_HEAD.fullmatch(header[0].strip()) and re.fullmatch(r"\d{1,4}", u.cells[0].strip()):
        label_cells = [f"{header[0].strip()} {u.cells[0].strip()}", *label_cells]  # "07" under "trial": trial 07's row
    label = " ".join(label_cells)
    notes = {cell for h, cell in zip(header, u.cells, strict=True) if PROSE_KEY.fullmatch(h.strip().rstrip("s"))}  # ("| note |":
    # "VQ-VAE token NLL, K=512" under it says what the row is, it heads none of the row's numbers)
    row_q = next(((m.lastgroup or "") for c in map(_named_head, [x for x in label_cells if x is not numbered]) if c not in notes
                  # (a numbered item, "1.2 mistag rate at the 50% WP", is a goal's name over columns of other kinds: its
                  # target, its start, its score)
                  and len(WORKING_POINT_TAIL_OF_LABEL.sub("", c).split()) <= 4  # a notes cell names no column's quantity;
                  # "rejection at ε_S = 0.9" is a name and its working point
                  and (m := QUANTITY_RE.search(c.replace("_", " ")))), "")
    null_row = any(INJECTION_COLUMN.match(h.replace("_", " ").strip()) and re.fullmatch(r"\s*0(?:\.0+)?\s*%?\s*", c)
                   for h, c in zip(header, u.cells, strict=True))  # "| 0% | 0.71 |" under "injection": the control
    signal_row = any(INJECTION_COLUMN.match(h.replace("_", " ").strip()) and re.fullmatch(rf"\s*{NUM}\s*%?\s*", c)
                     and to_float(re.sub(r"[\s%]", "", c)) > 0 for h, c in zip(header, u.cells, strict=True))
    # ("| inj0.005_s1 | 300 | SR/SB | 0.5612 |" under "signal", in a section of "control runs": the run with signal put in,
    # set beside the controls, is no control itself)
    row, offset = _Row(), 0
    for h, cell in zip(header, u.cells, strict=True):
        h = TRACKER_NAMESPACE.sub("", h)  # "user_attrs_test_auc": the test_auc a tracker stored among the user's attributes
        if m := COMPACT_IRI_KEY.fullmatch(h):  # "dj:localP0", "(dj:globalZ)": a linked-data key, its vocabulary's prefix
            h = f"{m['open']}{re.sub(r'(?<=[a-z])(?=[A-Z0-9])', '_', m['name'])}{m['close']}"  # then camelCase words
        key = h.replace("_", " ").strip()
        cond = re.fullmatch(rf"\s*(?P<name>[^=:]{{1,30}}?)\s*[=:]\s*(?P<num>{NUM})\s*", key) or re.fullmatch(  # "| metric | K = 512 |",
            rf"(?P<head>[^()=:]{{1,40}})\(\s*(?P<name>[^=:()]{{1,30}}?)\s*[=:]\s*(?P<num>{NUM})\s*\)\s*", key)  # "| this MR (K = 1024) |"
        if cond and "head" in cond.groupdict() and QUANTITY_RE.search(cond["head"]):
            cond = None  # "1/eB (at eS=0.3)": a quantity taken at a working point, the column's own
        if cell is numbered:
            pass  # "1.2 mistag rate at the 50% WP": the row's name, numbered as an item of a list; no value
        elif not _side_cell(row, h, key, cell, offset):
            vals = _cell_values(u, h, key, cell, row_q if cond and row_q else _column_quantity(key, row_q),
                                " ".join(c for c in label_cells if c not in notes), null_row, " ".join(notes), signal_row)
            if cond and row_q and vals and (qm := ([None, *QUANTITY_RE.finditer(cond["name"])][-1] or QUANTITY_RE.search(key))):
                # the column's condition, a setting of its values, of the name just before its '=' ("eps_B@eps_S=0.5": eps_S)
                row.values.append(Value(quantity=qm.lastgroup or "", value=to_float(cond["num"]), shown=cond["num"],
                                        role="setting", start=offset))
            elif vals and (wp := SIGNAL_POINT_OF_COLUMN.search(key)):  # the working point its column is taken at, as
                row.values.append(Value(quantity="efficiency", value=to_float(wp["num"]) / (100 if wp["pct"] else 1),  # prose
                                        shown=wp.group(0).split("=")[-1].strip(), role="setting", start=offset - 1))  # puts it
            elif vals and vals[0].quantity == "rejection" and (wp := REJECTION_AT_PERCENT_COLUMN.fullmatch(key)):
                row.values.append(Value(quantity="efficiency", value=int(wp["num"]) / 100, shown=f"{wp['num']}%",
                                        role="setting", start=offset - 1))  # "R30", "R_{50}": the rejection at 30% or 50%
            for v in vals:
                v.start += offset
            row.values += vals
            if vals:
                row.by_key[h] = vals[0]
        offset += len(cell) + 3
    if row.n is None and row.n_bare is not None and not (row.n_signal and row.n_background):
        row.n = row.n_bare
    if row.n is not None and _n_counts_averaged_cases(header):
        row.seeds, row.n = row.seeds or row.n, None  # the runs (seeds) its mean and spread are over
    head = label_cells[0].strip() if label_cells else ""
    if row.n is None and head == u.cells[0].strip() and (SIZE_KEY.match(head) or re.fullmatch(
            r"(?:n[ _]?)?(?:test|held[- ]?out|evaluation)[ _](?:jets|events|set|size|samples)", head, re.I)):
        try:  # "| test jets | 40,000 (20k quark / 20k gluon) |": a transposed table's row that states the test set
            row.n = int(_first(next(c for c in u.cells if c not in label_cells)))
            row.values = [v for v in row.values if v.role != "setting"]
        except (ValueError, StopIteration):
            pass
    if not row.values and row.n is None:
        return None
    quals = qualifiers_of(label)
    if "discovery" not in quals and any(STATUS_HEAD.fullmatch(h.replace("_", " ").strip()) and DISCOVERY_CELL.fullmatch(cell)
                                        for h, cell in zip(header, u.cells, strict=True)):
        quals.append("discovery")  # "| status | DISCOVERY |": the row's verdict is a discovery, in a word
    if any(VERDICT_OF_TELLING_APART.fullmatch(cell) for cell in u.cells):
        for v in row.values:  # "| epic_fm_t3 | 0.563 ± 0.004 | indistinguishable |": a judge's verdict whether generated
            if v.role == "result" and v.quantity in ("auc", "accuracy"):  # and real can be told apart, beside the AUC
                v.role = "classifier_test"  # it rests on: that AUC is the classifier test's (0.5 where they cannot)
    n = row.n if row.n is not None or not (row.n_signal and row.n_background) else row.n_signal + row.n_background
    return Claim(line=u.line, text=u.text, values=row.values, qualifiers=quals, sample_size=n, n_signal=row.n_signal,
                 n_background=row.n_background, seeds=row.seeds, kind="row", context=u.context)


# a row's verdict cell that says whether two samples can be told apart ("indistinguishable", "distinguishable")
VERDICT_OF_TELLING_APART = re.compile(r"\s*(?:in|not[ _-])?distinguishable\s*", re.I)


# "3,000 H->bb jets (label 1) and 3,000 g->bb jets (label 0)": a sample's two classes, one labelled the positive class,
# after "on the gluon-splitting control sample:" (a control region of a process): a test set with signal in it, read
# against its labels, not a no-signal control
SIGNAL_CLASS_LABELLED = re.compile(r"\(\s*label\s*[=:]?\s*1\s*\)[^.;]{0,60}\(\s*label\s*[=:]?\s*0\s*\)", re.I)


# "null_control(run_id=...)", "[tool] null_control -> {...}": a tool of that name called, or its output passed on
CALLED_OR_PASSED_ON = re.compile(r"\(|\s*(?:->|→|=>)")


def _control_named_not_called(text: str) -> bool:
    """The line names a control as such, not only as the name of a tool an agent calls ("tool_calls: downstream_auc(...);
    null_control(run_id=...)") or whose output it passes on ("[tool] null_control -> {...}"): those declare no block of
    the control's own."""
    return any(not CALLED_OR_PASSED_ON.match(text, m.end()) for m in CONTROL.finditer(text))


def _control_declared_len_ok(text: str) -> bool:
    """Short enough to be a declaration ("Injected S/B: 0"), or a heading of any length up to a long line that ends in
    a colon and so introduces the lines after it ("background-only control (zero injected signal, same folds and
    seeds):")."""
    return len(text) < 60 or (len(text) < 160 and text.rstrip().endswith(":"))


# "┌ Info: ...", "┌ Warning: ...": the first line of a boxed log record (Julia's logging), which opens a record of its own
NEW_LOG_RECORD = re.compile(r"\s*┌\s*\w+:")


def _note_cells_read_as_prose(u: Unit) -> list[Claim]:
    """The sentence a row's note column holds ("significant gain over scratch (0.9127 vs 0.9086 test AUC)" under
    "user_attrs_note"), read as prose of the row's line: it states and compares numbers of its own, which the row's
    cells, read as the row's values, never compare."""
    out = []
    for h, cell in zip(u.header, u.cells, strict=False):
        words = h.replace("_", " ").split()
        if words and PROSE_KEY.fullmatch(words[-1].rstrip("s")) and \
                len(re.findall(r"[A-Za-z]{2,}", cell)) >= 4 and len(re.findall(rf"(?<![\w.]){NUM}", cell)) >= 2:
            if (c := _prose_claim(Unit(u.line, cell.strip(), "prose", context=u.context))) is not None and c.values:
                out.append(c)
    return out


def extract(text: str, fmt: Format | None = None, name: str = "") -> list[Claim]:
    """Every claim of a report (markdown, plain text or a JSON answer), in reading order."""
    fmt = fmt or guess_format(text, name)
    out: list[Claim] = []
    declared, last = False, -1  # "- Injected S/B: 0" then "- Classifier AUC: 0.71": the block is the control's
    control_heading = False  # the declaration is a long heading ("... control (same folds and seeds):")
    prose: list[tuple[int, str]] = []  # the sentences in order (what "It" refers to)
    tested: set[str] = set()  # the JSON records whose own words name a classifier test (a "remark": "classifier test passed")
    for u in units(text, fmt):
        if u.kind == "prose":
            prose.append((u.line, u.text))
            if u.context and (r := RECORD.match(u.context)) and CLASSIFIER_TEST.search(u.text):
                tested.add(r.group(0))
            if CLASSIFIER_TEST.search(u.text):
                tested.add("")  # the report sets up such a test in words (a spec's "a real-vs-generated classifier test")
        try:
            c = _row_claim(u) if u.kind == "row" else _prose_claim(u)
        except (ValueError, OverflowError):  # "1e999", "1,0,0": a number no result is stated in
            continue
        declared = declared and u.line <= last + 1 and u.kind == "prose" and fmt != "json" and not (
            c is not None and any(v.quantity == "signal_fraction" and v.value != 0 for v in c.values)) and not (
            NEW_LOG_RECORD.match(u.text) or generated_vs_real(u.text) or SIGNAL_CLASS_LABELLED.search(u.text))
        # ("injected signal: 366 events (s/b = 0.003)" under the control's lines: the next run, with signal, begins;
        # "┌ Info: real-vs-generated classifier ..." under a reference's boxed record: a record of another test opens)
        if declared and c is not None and not re.search(r"inject|signal|S\s*/\s*B", u.text, re.I):  # states its own
            for v in c.values:
                if v.role == "result" and v.quantity in ("auc", "accuracy"):
                    v.role = "control"
            if control_heading and c.results("auc", "accuracy"):
                declared = control_heading = False  # a long heading's control is the result line right under it
        if u.kind == "prose" and fmt != "json" and _control_declared_len_ok(u.text) and _control_named_not_called(u.text) and re.search(r"[:=]", u.text) \
                and not (c and any(v.value != 0 for v in c.values)):
            declared = True  # a declaration ("Injected S/B: 0", "signal fraction = 0.0 (no-signal control)"), no result of its own
            control_heading = len(u.text) >= 60
        last = u.line
        if c is not None and (first := _first_clause(u, c)) is not None:
            out.append(first)
        if c is not None:
            out.append(c)
        if c is not None and (later := _later_superlative(u, c)) is not None:
            out.append(later)
        if c is not None and (later := _later_comparison(u, c)) is not None:
            out.append(later)
        if c is not None and (earlier := _earlier_superlative_with_its_pair(u, c)) is not None:
            out.append(earlier)
        if u.kind == "row" and c is not None:
            out += _note_cells_read_as_prose(u)
    out = _error_key_lines(out)
    _error_fields_in_a_record(out)
    _carry(out, prose)
    _side_named_above(out, prose)
    _quantity_of_a_header_over_its_indented_lines(out, text)
    _quantity_of_a_lead_in_over_its_spaced_table(out, text)
    _quantity_of_a_lead_in_over_its_name_number_lines(out, text)
    _carry_from_a_range_of_others(out)
    _bare_value_of_the_next_clause(out)
    _answer_to_question(out, prose)
    _disowned(out, prose)
    _inside_a_quoted_question(out, text)
    _significant_of_before(out)
    _verdict_on_the_pair_before(out)
    _conclusion_on_the_sides_before(out)
    _significant_pair(out)
    _yes_to(out, prose)
    # the lists before the echoes: "QCD mistag rate:" over "* v1: 1.84%", then "(2.11% vs 1.84%)": the list's numbers again
    listed = _listed(out)
    _echo(out, listed)  # before the control's readings: "It reaches 0.581" is the table's AUC 0.581 again
    _generated_vs_real(out, prose)
    _control_before(out, prose)
    _control_verdict_after(out, prose)
    _control_of_its_record(out)
    _test_of_its_record(out, tested)
    _number_for_each_listed(out)
    _test_setup(out)
    _status_verdict(out)
    _verdict_after_a_pair(out)
    resolve_comparisons(out, prose)
    _significant_of_comparison(out)
    return out


# a regression check's status cell after a row's two values, old then new: "0.042   0.047   ✅ improved"
STATUS_VERDICT = re.compile(r"\s{2,}(?:[^\w\s]{1,3}\s*)?(?P<w>improved|regressed|better|worse|degraded)\s*[.!]?\s*$", re.I)
VERDICT_RELATION = {"improved": "better", "better": "better", "regressed": "worse", "worse": "worse", "degraded": "worse"}


def _status_verdict(claims: list[Claim]) -> None:
    """'sigma(pT_rec/pT_true - 1)   0.042   0.047   ✅ improved': a row of a name, the reference value and the new one (two
    spaces or more apart), and a status that judges the new one against the reference: a comparison of the second
    number (new) against the first, of the quantity the row names."""
    for c in claims:
        m = STATUS_VERDICT.search(c.text)
        if c.comparison is not None or m is None:
            continue
        res = [i for i, v in enumerate(c.values) if v.role == "result" and v.start < m.start()]
        if len(res) != 2 or not c.values[res[0]].quantity or c.values[res[1]].quantity not in ("", c.values[res[0]].quantity) \
                or not re.fullmatch(r"\s{2,}", c.text[c.values[res[0]].start + len(c.values[res[0]].shown):c.values[res[1]].start]) \
                or not re.fullmatch(r"", c.text[c.values[res[1]].start + len(c.values[res[1]].shown):m.start()]):
            continue
        c.values[res[1]].quantity = c.values[res[0]].quantity
        c.comparison = Comparison(relation=VERDICT_RELATION[m["w"].lower()], left=res[1], right=res[0],  # type: ignore[arg-type]
                                  word=m["w"], subject=c.text[:m.start("w")], object="")


# "385 vs ref 417 -> improved", "0.912 versus 0.925 => worse": a program's verdict on the pair before its arrow
VERDICT_AFTER_A_PAIR = re.compile(r"\s*(?:->|→|=>|⇒)\s*(?P<w>improved|improvement|better|regressed|regression|worse|degraded|"
                                  r"degradation)\b", re.I)
VERDICT_AFTER_A_PAIR_RELATION = {**VERDICT_RELATION, "improvement": "better", "regression": "worse", "degradation": "worse"}
# what stands between the two sides of the pair: the first side's error, "vs", and the second side's name ("vs ref")
PAIR_BETWEEN = re.compile(rf"(?:\s*(?:±|\+/-|\+-)\s*{NUM})?\s*(?:vs\.?|versus)\s+(?:[A-Za-z][\w().-]*\s+){{0,2}}", re.I)
SIDE_ERROR = re.compile(rf"(?:\s*(?:±|\+/-|\+-)\s*{NUM})?\s*")
# the side the other is judged against: "ref 417 vs new 385", "baseline 0.93 vs 0.91"
REFERENCE_SIDE = re.compile(r"\b(?:ref\w*|baseline|old|previous|nominal|before)\b[^\d]{0,12}$", re.I)


def _verdict_after_a_pair(claims: list[Claim]) -> None:
    """'background rejection: 385 vs ref 417 -> improved': two values of one quantity set against each other, and after
    the arrow the program's verdict on the first against the second (against the first where the first is named the
    reference): a comparison, judged as the sentence's own comparative would be."""
    for c in claims:
        m = VERDICT_AFTER_A_PAIR.search(c.text)
        if c.comparison is not None or m is None:
            continue
        res = [i for i, v in enumerate(c.values) if v.role == "result" and v.start < m.start() and v.start < BORROWED]
        if len(res) < 2:
            continue
        i, j = res[-2:]
        a, b = c.values[i], c.values[j]
        if not a.quantity or b.quantity not in ("", a.quantity) or not PAIR_BETWEEN.fullmatch(c.text, a.start + len(a.shown), b.start) \
                or not SIDE_ERROR.fullmatch(c.text, b.start + len(b.shown), m.start()):
            continue
        b.quantity = a.quantity
        new, ref = (j, i) if REFERENCE_SIDE.search(c.text[:a.start]) else (i, j)
        c.comparison = Comparison(relation=VERDICT_AFTER_A_PAIR_RELATION[m["w"].lower()], left=new, right=ref,  # type: ignore[arg-type]
                                  word=m["w"], subject=c.text[:m.start("w")], object="")


# where one clause of a sentence ends and another, with a comparison of its own, begins
CLAUSE_JOIN = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")


def _first_clause(u: Unit, c: Claim) -> Claim | None:
    """'the new model has a narrower mass resolution than the baseline, and its AUC is significantly better (0.912 vs
    0.909)': a sentence of two comparisons, each in its own clause, where the sentence's claim took the second; the first,
    without numbers of its own, is a claim too (its sides are looked up by name, as any sentence's)."""
    if u.kind != "prose" or c.comparison is None or c.comparison.superlative:
        return None
    at = len(c.comparison.subject)  # where the comparison's word stands
    joins = [j for j in CLAUSE_JOIN.finditer(u.text, 0, at) if j.end() <= at]
    if not joins:
        return None
    clause = u.text[:joins[0].start()]
    if not (k := RELATION_RE.search(clause)) or not re.search(r"\bthan\b", clause[k.end():]) or re.search(r"\d", clause):
        return None
    breaks = tuple((off, ln) for off, ln in u.breaks if off < len(clause))
    first = _prose_claim(Unit(breaks[0][1] if breaks else u.line, clause.strip(), "prose", context=u.context,
                              breaks=breaks if len(breaks) > 1 else ()))
    return first if first is not None and first.comparison is not None and not first.values else None


def _later_superlative(u: Unit, c: Claim) -> Claim | None:
    """'X (highest AUC; also the lowest mistag at 50% efficiency)': a sentence whose claim took its first superlative,
    and a second one, of another quantity, after a ';' or an 'also': the second is a claim of the same subject too."""
    comp = c.comparison
    if u.kind != "prose" or comp is None or not comp.superlative:
        return None
    at = len(comp.subject) + len(comp.word)
    m = next((k for k in SUPERLATIVE.finditer(u.text, at) if re.search(r";|\balso\b", u.text[at:k.start()])), None)
    if m is None:
        return None
    clause = comp.subject + u.text[m.start():]
    later = _prose_claim(Unit(u.line, clause.strip(), "prose", context=u.context))
    if later is None or later.comparison is None or not later.comparison.superlative:
        return None
    return later


# "X has the higher AUC and rejects more QCD background": a second comparative, its verb right after the 'and'
LATER_COMPARATIVE_JOIN = re.compile(r"\s+and\s+(?:also\s+)?(?=[a-z]+\b)", re.I)
SUBJECT_VERB_END = re.compile(r"\b(?:has|have|had|is|are|was|were|gives?|gave|shows?|showed|achieves?|achieved|reaches|reached)"
                              r"\s+(?:the\s+|a\s+|an\s+)?$", re.I)


def _later_comparison(u: Unit, c: Claim) -> Claim | None:
    """'WTagNet-2 has the higher AUC and rejects more QCD background at the 50% working point': a sentence whose claim took
    its first comparative, and a second one of another verb right after an 'and', sharing the
    subject: the second is a claim of that subject too (its sides looked up by name, as any sentence's)."""
    comp = c.comparison
    if u.kind != "prose" or comp is None or comp.superlative:
        return None
    at = len(comp.subject) + len(comp.word)
    j = LATER_COMPARATIVE_JOIN.search(u.text, at)
    if j is None or re.search(r"[\d,;:()]", u.text[at:j.start()]) or not (s := SUBJECT_VERB_END.search(comp.subject)):
        return None
    k = RELATION_RE.match(u.text, j.end())
    if k is None or not k.lastgroup or k.lastgroup in ("similar", comp.relation):
        return None
    clause = comp.subject[:s.start()] + u.text[j.end():]
    later = _prose_claim(Unit(u.line, clause, "prose", context=u.context))
    if later is None or later.comparison is None or later.comparison.superlative or later.comparison.left is not None:
        return None
    later.values = [v for v in later.values if v.start >= s.start()]  # "WTagNet-2 has ...": the subject's name, no number
    return later if not later.results() else None


def _earlier_superlative_with_its_pair(u: Unit, c: Claim) -> Claim | None:
    """'take K=1024 -- best mass resolution of the scan (9.4% vs 8.7% for K=512) and higher perplexity': a sentence
    whose claim took its last comparative ("higher perplexity"), after a superlative that brackets its own pair of
    numbers: the clause of the superlative, up to that pair's bracket, is a claim of the same subject too."""
    comp = c.comparison
    if u.kind != "prose" or comp is None or comp.superlative:
        return None
    k = next((k for k in SUPERLATIVE.finditer(u.text, 0, len(comp.subject))), None)
    m = SUPERLATIVE_BRACKET_AGAINST_NAMED.match(u.text, k.end()) if k else None
    if m is None or m.end() > len(comp.subject):
        return None
    breaks = tuple((off, ln) for off, ln in u.breaks if off < m.end())
    first = _prose_claim(Unit(u.line, u.text[:m.end()], "prose", context=u.context, breaks=breaks))
    return first if first is not None and first.comparison is not None and first.comparison.superlative else None


def _significant_of_comparison(claims: list[Claim]) -> None:
    """"so the plain flow one beats the token one by 0.7" / "yes, plain CATHODE is significantly better than the token
    variant": a verdict without numbers that repeats the comparison just before it (same sense, a side named alike)
    judges that comparison's two numbers."""
    for prev, c in zip(claims, claims[1:], strict=False):
        comp, base = c.comparison, prev.comparison
        if c.kind != "prose" or prev.kind != "prose" or "significant" not in c.qualifiers or c.results() or comp is None \
                or comp.left is not None or base is None or base.left is None or base.right is None \
                or not 0 < c.line - prev.line <= 2 or comp.relation != base.relation or comp.relation not in ("better", "worse"):
            continue
        if not side_words(comp.subject + " " + comp.object) & side_words(base.subject + " " + base.object):
            continue
        a, b = prev.values[base.left], prev.values[base.right]
        if not a.quantity or a.quantity != b.quantity:
            continue
        c.values += [a.model_copy(update={"start": BORROWED}), b.model_copy(update={"start": BORROWED + 1})]
        comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
        c.sample_size, c.seeds = c.sample_size or prev.sample_size, c.seeds or prev.seeds


# "(0.81 vs 0.62)", "0.91 against 0.88": two numbers weighed against each other are one quantity twice
WEIGHED = re.compile(r"\s*(?:(?:±|\+/-|\+-)\s*[\d.]+\s*%?\s*)?(?:vs\.?|versus|against|compared (?:to|with))\s*", re.I)


def _weighed(text: str, values: list[Value]) -> bool:
    """Is any neighbouring pair of `values` set against each other (not two quantities listed)?"""
    return any(WEIGHED.fullmatch(re.sub(r"^\s*(?:%|[kMGT]?eV\b)", "", text[v.start + len(v.shown):w.start], flags=re.I))
               for v, w in zip(values, values[1:], strict=False))


# "nconst_match_frac=0.979": a field written after its own key; the key names it, whatever quantity the line above names
KEYED_FIELD_BEFORE_VALUE = re.compile(r"(?<![\w.])[A-Za-z][\w.-]{0,40}\s?=\s?$")


# "domain_classifier_drift_score  : 0.2286" under "domain_classifier_auc : 0.6143": a field whose key ends in a measure of
# its own (a score, a distance, a statistic), written before a colon
KEYED_MEASURE_BEFORE_VALUE = re.compile(r"^\s*[A-Za-z][\w .-]{0,40}?\b(?:score|distance|importance|statistic|divergence|index)"
                                        r"\s*:\s*$", re.I)


# "Set('yPos', [0.12])", "set('xPos', 0.08)": a call that sets a quoted key (a plot widget's property) to the number
KEYED_CALL_BEFORE_VALUE = re.compile(r"^\s*[A-Za-z_][\w.]{0,30}\(\s*(['\"])[A-Za-z][\w/. -]{0,40}\1\s*,\s*\[?\s*$")


def _keyed_field_value(text: str, v: Value) -> bool:
    """The number stands right after its own 'key=' in a record line ("nconst mismatch frac=0.021"), or after a key that
    names a measure of its own and a colon ("drift score : 0.2286"): named by that key."""
    return v.start < len(text) and bool(KEYED_FIELD_BEFORE_VALUE.search(text, max(0, v.start - 45), v.start)
                                        or KEYED_MEASURE_BEFORE_VALUE.match(text[:v.start])
                                        or KEYED_LIST_BEFORE_VALUE.match(text[:v.start])
                                        or KEYED_CALL_BEFORE_VALUE.match(text[:v.start]))


# "mass res   = [0.068, 0.049, 0.036]": a column of a data frame (a vector) given under its own name, each entry named by it
# (also quoted, a dict of columns: '"sigma_m_rel": [0.061, 0.042],' under '"perplexity": [212, 397],' is no perplexity)
KEYED_LIST_BEFORE_VALUE = re.compile(r"\s*([\"']?)[A-Za-z][\w .]{0,30}?\1\s*[=:]\s*\[(?:\s*[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?\s*,)*\s*$")


# "[regression] constituent MSE (std. units) 0.0263        0.0189        <= 0.03   PASS": numbers set apart in columns
COLUMNS_OF_A_PRINTED_ROW = re.compile(r"\d[ \t]{3,}+(?:[<>]=?[ \t]*+)?[-+]?\.?\d")


KEY_VALUE_LINE = re.compile(rf"\s*(?P<key>[A-Za-z][\w .-]{{0,60}}?)\s*(?::=|[:=])\s*(?P<num>{NUM})\s*,?\s*")
# ("auc := 0.563," over "auc_err := 0.004,": PyTables' dump of a node's attributes, one a line, comma-separated)
ERROR_KEY = re.compile(r"(?P<base>.+?)[ ._-](?:err|error|unc|uncertainty|std|stderr|sigma)", re.I)


def _error_key_lines(claims: list[Claim]) -> list[Claim]:
    """"mistag: 0.0210" then "mistag.err: 0.0004" (or "_err", " error"), a key per line (a properties file, flat YAML,
    INI): the second line is the first one's error, not a value of its own."""
    out: list[Claim] = []
    for c in claims:
        m = KEY_VALUE_LINE.fullmatch(c.text) if c.kind == "prose" and len(c.values) == 1 else None
        em = ERROR_KEY.fullmatch(m["key"].strip()) if m else None
        if em:
            base = em["base"].strip(" ._-").lower()
            prev = next((d for d in reversed(out[-3:]) if d.kind == "prose" and 0 < c.line - d.line <= 2 and len(d.values) == 1
                         and (dm := KEY_VALUE_LINE.fullmatch(d.text)) and dm["key"].strip(" ._-").lower() == base), None)
            if prev is not None and prev.values[0].uncertainty is None and c.values[0].value >= 0:
                prev.values[0].uncertainty = c.values[0].value
                continue
        out.append(c)
    return out


# "toptag/auc: 0.9836  toptag/auc err: 0.0004": a logged field, then its own key with 'err' appended: one record's
# value and its standard error, side by side (the error is no second value of the quantity, nor a change of it)
# (a logger's "key: value" fields only: a span's "x.auc = 0.9858  x.auc_err = 0.0003" is left as it was read)
FIELD_THEN_ITS_ERROR = re.compile(rf"(?<![\w/.-])(?P<key>[A-Za-z][\w/.-]{{0,40}}?):\s*(?P<num>{NUM})[ \t,;|]+"
                                  rf"(?P=key)[ ._-]?(?:err|error|unc|stderr|sigma):\s*(?P<err>{NUM})(?![\w.])", re.I)


def _error_fields_in_a_record(claims: list[Claim]) -> None:
    """'auc: 0.9836  auc_err: 0.0004' in one log record: the second field is the first one's error."""
    for c in claims:
        for m in FIELD_THEN_ITS_ERROR.finditer(c.text):
            v = next((w for w in c.values if w.start == m.start("num")), None)
            e = next((w for w in c.values if w.start == m.start("err")), None)
            if v is not None and e is not None and v.uncertainty is None and e.value >= 0:
                v.uncertainty = e.value
                c.values.remove(e)


# "the AUCs are in the legend", "the AUCs are as follows", "the accuracies:": a sentence that announces the values of one
# quantity (named in the plural), with no number of its own, before the sentence that lists them
LISTED_QUANTITY_BEFORE = re.compile(r"\b(?:the|our|their|its)\s+(?P<q>AUCs|AUC values|ROC AUCs|accuracies|efficiencies)\s+"
                                    r"(?:are|were|read|come out|is)\b[^.;]{0,40}[.:]?\s*$|\b(?P<q2>AUCs)\s*:\s*$", re.I)


def _carry(claims: list[Claim], prose: list[tuple[int, str]]) -> None:
    """A number whose sentence names no quantity, right after a sentence about one quantity, is of that quantity:
    "The EFP baseline reaches an AUC of 0.9655 ± 0.0013. The transformer reaches 0.9702 ± 0.0001." and "Figure 7
    shows the SIC ... It peaks at a value of 8.0"."""
    for prev, c in zip(claims, claims[1:], strict=False):
        if c.kind != "prose" or prev.kind != "prose" or not 0 <= c.line - prev.line <= 1 or c.context != prev.context:
            continue
        loose = [v for v in c.results() if not v.quantity and v.role in ("result", "control") and not _keyed_field_value(c.text, v)]
        named = [v for v in c.results() if v.quantity and v.quantity != "signal_fraction"]
        if not loose or named and not re.match(r"\s*(?:It|Its|This)\b", c.text):
            continue
        if re.match(r"\s*[A-Za-z][^\d\n]{0,60}?\S {3,}[-+]?\.?\d", c.text) or COLUMNS_OF_A_PRINTED_ROW.search(c.text):
            continue  # "mass-sculpting JSD (QCD)     0.0112     0.0108" under a rejection's row: a row names its own thing
        named_prev = [v for v in prev.results() if v.quantity and v.quantity != "signal_fraction"]
        if len(loose) == len(named_prev) >= 2 and not named and not _weighed(c.text, loose) and all(  # "A reaches AUC 0.9861 ± 0.0002 and accuracy
                (v.uncertainty is None) == (w.uncertainty is None) for v, w in zip(loose, named_prev, strict=True)):
            for v, w in zip(loose, named_prev, strict=True):  # 0.9431 ± 0.0004; B 0.9849 ± 0.0002 and 0.9402 ± 0.0004."
                adopt(v, w.quantity)
            continue
        qs = {v.quantity for v in named_prev}
        if len(qs) == 1 and not re.match(r"\s*(?:It|Its|This)\b", c.text):
            q = qs.pop()  # a parallel sentence: its number is of the same quantity and scale
            has_err = any(v.uncertainty is not None for v in prev.results(q))  # "(0.9391 ± 0.0006 vs 0.9387 ± 0.0007)"
            if q in BOUNDED and len(loose) in (1, 2) and all(0 < v.value < 1 and v.unit != "%" and (
                    v.uncertainty is not None) == has_err for v in loose) and (len(loose) == 1 or PAIRED.fullmatch(
                    re.sub(r"^\s*(?:±|\+/-)\s*[\d.]+", "", c.text[loose[0].start + len(loose[0].shown):loose[1].start]))):
                for v in loose:
                    adopt(v, q)
    order = {p: i for i, p in enumerate(prose)}
    for c in claims:  # "Figure 7 shows the SIC ... It peaks at a value of 8.0": what the sentence before is about
        loose = [v for v in c.results() if not v.quantity and v.role == "result"]
        at = order.get((c.line, c.text), 0)
        before = prose[at - 1][1] if at > 0 and c.line - prose[at - 1][0] <= 1 else ""
        if c.kind == "prose" and loose and before and re.match(r"\s*(?:It|Its|This(?: value)?)\b", c.text) and (
                m := QUANTITY_RE.search(before)) and loose[0].start < min(
                [v.start for v in c.values if v.quantity] or [10 ** 9]):
            adopt(loose[0], m.lastgroup or "")
        elif c.kind == "prose" and len(loose) >= 2 and before and not re.search(r"\d", before) and not any(
                v.quantity for v in c.values) and all(0 < v.value < 1 and v.unit != "%" and "." in v.shown for v in loose) and (
                m := LISTED_QUANTITY_BEFORE.search(before)) and (q := QUANTITY_RE.search(m["q"] or m["q2"])) and q.lastgroup in BOUNDED:
            for v in loose:  # "... and the AUCs are in the legend. BDT 0.83, image DNN 0.87, and the graph network 0.174."
                adopt(v, q.lastgroup or "")


# "ParticleNet drops to", "PFN goes to", "the BDT gets": a side's verb for its number, at the end of the words before it
SIDE_MOVES_TO = re.compile(r"\b(?:drops?|dropped|falls?|fell|goes|went|rises?|rose|climbs?|climbed|slips?|slipped|comes? (?:down|in)|"
                           r"gets|got|reaches|reached|scores|scored|manages|managed)\s+(?:to\s+|at\s+)?(?:about\s+|only\s+|just\s+|"
                           r"roughly\s+|~\s*)?$", re.I)


def _side_named_above(claims: list[Claim], prose: list[tuple[int, str]]) -> None:
    """"ParticleNet 0.904, PFN 0.896 ... in AUC." then "On Herwig, ParticleNet drops to 0.871." and "And the BDT? 0.46 on
    Herwig.": a number that names no quantity, on the scale of a probability, in a sentence that names (or right after a
    question that names) one side whose value of one bounded quantity the lines just above give, is that side's value of
    that quantity again (on another sample, after a change)."""
    order = {p: i for i, p in enumerate(prose)}
    for i, c in enumerate(claims):
        loose = [v for v in c.results() if not v.quantity and v.role == "result" and v.start < BORROWED]
        if c.kind != "prose" or len(loose) != 1 or [v for v in c.values if v.quantity] or not 0 < loose[0].value < 1 \
                or loose[0].unit == "%" or "." not in loose[0].shown:
            continue
        v = loose[0]
        said = c.text[:v.start]
        at = order.get((c.line, c.text), 0)
        if not re.search(r"[A-Za-z]{2}", said) and at > 0 and prose[at - 1][1].rstrip().endswith("?") \
                and 0 <= c.line - prose[at - 1][0] <= 1:
            said = prose[at - 1][1]  # "And the BDT on the jet shapes? 0.46 on Herwig.": the question names the side
        elif not SIDE_MOVES_TO.search(said):
            continue  # the side's own verb for its new number ("drops to", "gets"), not a field's key ("Anchor: 0.912")
        names = side_words(said)
        above = [(d, w) for d in claims[max(0, i - 12):i] if 0 <= c.line - d.line <= 12 and len(
                 {x.label for x in d.results() if x.quantity in BOUNDED}) >= 2  # a line that sets sides side by side
                 for w in d.results() if w.quantity in BOUNDED and w.start < BORROWED and side_words(w.label)]
        sides = [(d, w) for d, w in above if side_words(w.label) & names]
        if not sides or len({w.quantity for _, w in sides}) != 1 or len({" ".join(sorted(side_words(w.label))) for _, w in sides}) != 1 \
                or any(side_words(x.label) & names for _, x in above if not any(x is y for _, y in sides)):
            continue
        w = sides[-1][1]
        adopt(v, w.quantity)
        v.label = v.label if side_words(v.label) & side_words(w.label) else w.label


def _message_indented_under(header: str, line: str) -> str | None:
    """The message of `line` when it is indented deeper than `header`, past whatever both open with (a log's tag, a
    list's indent); None when it is not."""
    k = 0
    while k < min(len(header), len(line), 200) and header[k] == line[k]:
        k += 1
    if line[k:k + 1] in (" ", "\t") and header[k:k + 1] not in ("", " ", "\t"):
        return line[k:].strip()
    return None


# "   on real jets   0.702", "   for the v9 jets 1.07": an indented line that gives the header's measurement on another sample
SAMPLE_OF_THE_HEADERS_MEASUREMENT = re.compile(r"(?:on|for|in|with|using|from)\s+[A-Za-z]", re.I)


def _quantity_of_a_header_over_its_indented_lines(claims: list[Claim], text: str) -> None:
    """'top-tag efficiency at a fixed mistag of 0.02:' over indented lines that each give one unnamed number on a sample
    ('on real jets   0.702 +- 0.0015', 'on generated jets 1.07'): each is that efficiency, measured on that sample.
    (Lines led by a name, 'PFN 0.21', 'PFN + mult 0.19', are other things, each of its own; a keyed line, 'sigma = 0.104',
    is named by its key.)"""
    raw = text.splitlines()
    for i, head in enumerate(claims):
        if head.kind != "prose" or not head.text.rstrip().endswith(":") or not 0 < head.line <= len(raw) \
                or (q := QUANTITY_RE.search(head.text)) is None or not q.lastgroup:
            continue
        at = head.line
        for c in claims[i + 1:i + 30]:
            loose = [v for v in c.values if v.start < BORROWED]
            said = _message_indented_under(raw[head.line - 1], raw[c.line - 1]) if c.kind == "prose" and 0 < c.line <= len(raw) else None
            if c.line != at + 1 or said is None or not SAMPLE_OF_THE_HEADERS_MEASUREMENT.match(said) or re.search(r"[:=]", said) \
                    or len(loose) != 1 or loose[0].quantity or loose[0].role != "result":
                break
            adopt(loose[0], q.lastgroup)
            at = c.line


def _quantity_of_a_lead_in_over_its_spaced_table(claims: list[Claim], text: str) -> None:
    """'Efficiencies on the held-out set:' right over a table set out with spaces ('size  model A  model B' over
    '10k  0.61  0.66 +- 0.01'), whose header names no quantity: each unnamed number of its rows is of the quantity the
    sentence leading it in names (the first column, a count of labels or a size, is read as such elsewhere)."""
    raw = text.splitlines()
    i = 0
    while i < len(claims):
        c = claims[i]
        if c.kind != "prose" or not c.context or QUANTITY_RE.search(c.context):
            i += 1
            continue
        rows = [c]
        for d in claims[i + 1:i + 40]:
            if d.kind != "prose" or d.context != c.context or d.line - rows[-1].line > 2:
                break
            rows.append(d)
        i += len(rows)
        head = c.line - 1  # the header's line (1-based), right over the first row
        if len(rows) < 2 or not 1 < head <= len(raw) or " ".join(raw[head - 1].split()) != " ".join(c.context.split()):
            continue
        above = [k for k in range(head - 1, max(0, head - 4), -1) if raw[k - 1].strip()][:1]
        lead = raw[above[0] - 1].strip() if above else ""
        named = {q.lastgroup for q in QUANTITY_RE.finditer(lead)} - {None}
        if not lead.endswith(":") or len(named) != 1 or any(r"|" in raw[k - 1] for k in range(above[0], head)):
            continue
        q = named.pop()
        for d in rows:
            for v in d.values:
                if v.role == "result" and not v.quantity and v.start < BORROWED and (q not in BOUNDED or v.unit == "%" or 0 <= v.value <= 1):
                    adopt(v, q)


# "  ParticleNet (paper)          0.985": an indented line that is a name, two spaces or more, then one number
NAME_THEN_NUMBER_LINE = re.compile(rf"[ \t]+(?P<name>[A-Za-z][^\n:=]*?[^\s:=])(?P<gap>[ \t]+)(?P<num>{NUM})[ \t]*")
# (not "  MC-JES : sigma = 0.104": a keyed line is named by its key)


def _quantity_of_a_lead_in_over_its_name_number_lines(claims: list[Claim], text: str) -> None:
    """'Results on the test set (AUC; ...):' over indented lines that each set one number after a name, two spaces or more
    apart ('  BDT (mass + tau32)    0.912', '  mine (40k par.)    0.028'): the lead-in names the one quantity of that
    two-column list, so each unnamed number is of it (one blank line may stand between the two)."""
    raw = text.splitlines()[:20_000]
    by_line: dict[int, list[Claim]] = {}
    for c in claims:
        by_line.setdefault(c.line, []).append(c)
    for i, lead in enumerate(raw):
        if not lead.rstrip().endswith(":") or lead[:1] in (" ", "\t") or len(
                named := {m.lastgroup for m in QUANTITY_RE.finditer(lead)} - {None}) != 1:
            continue
        j = i + 1 + (i + 1 < len(raw) and not raw[i + 1].strip())
        rows, cells = [], []
        while j < len(raw) and (m := NAME_THEN_NUMBER_LINE.fullmatch(raw[j])) and len(rows) < 60:
            rows.append(j + 1)
            cells.append(m)
            j += 1
        if len(rows) < 2 or (j < len(raw) and raw[j].strip() and raw[j][:1] in (" ", "\t")):
            continue  # not a list of its own (a deeper block goes on under it)
        if not (all(len(m["gap"]) >= 2 for m in cells) or len({m.start("num") for m in cells}) == 1
                or len({m.end("num") for m in cells}) == 1):
            continue  # the numbers stand in a column: set two spaces apart from the name, or aligned (a long name may
            # leave one space: "ContrastJet (mine, 40k par.) 0.028" under "ParticleNet (paper)          0.985")
        q = named.pop()
        loose = [[v for d in by_line.get(n, []) for v in d.values if v.start < BORROWED] for n in rows]
        if any(len(vs) != 1 or vs[0].quantity or vs[0].role != "result" for vs in loose):
            continue
        if q in BOUNDED and any(not 0 <= vs[0].value <= 1 for vs in loose):
            continue
        for vs in loose:
            adopt(vs[0], q)


def _carry_from_a_range_of_others(claims: list[Claim]) -> None:
    """'Most teams scored an AUC between 0.61 and 0.74. Ours came in at 0.43': a sentence that gives the spread of a
    bounded quantity over others, then one that gives its own unnamed number on the same scale: that number is of the
    quantity (a range's ends are settings, so the parallel-sentence reading of _carry does not see them)."""
    for prev, c in zip(claims, claims[1:], strict=False):
        if c.kind != "prose" or prev.kind != "prose" or not 0 <= c.line - prev.line <= 1 or c.context != prev.context:
            continue
        loose = [v for v in c.results() if not v.quantity and v.role == "result" and v.start < BORROWED]
        if len(loose) != 1 or [v for v in c.values if v.quantity] or not 0 < loose[0].value < 1 or loose[0].unit == "%":
            continue
        ends = [v for v in prev.values if v.role == "setting" and v.quantity in BOUNDED]
        if len(ends) == 2 and ends[0].quantity == ends[1].quantity and not prev.results() \
                and RANGE_OF_OTHERS.search(prev.text[:ends[0].start]) and "." in loose[0].shown:
            adopt(loose[0], ends[0].quantity)


# where a sentence's second clause, about another side, begins: ", while the reference reached", "; the old one"
NEXT_CLAUSE_OF_ANOTHER_SIDE = re.compile(r",\s*(?:while|whereas|but|and)\s|;\s|\bwhile\s|\bwhereas\s", re.I)
# the verb of a side's own score right before its number: "... reached 0.908", "... scored only 0.871"
SIDE_SCORED_VERB_BEFORE = re.compile(r"\b(?:reach(?:es|ed)?|scor(?:es|ed)|gets|got|gave|gives|has|had|achiev(?:es|ed)|obtain(?:s|ed)|"
                                     r"manag(?:es|ed)|(?:came|comes) in at|(?:sits|sat|stood|stands) at)\s+"
                                     r"(?:only\s+|just\s+|about\s+|around\s+|roughly\s+|~\s*)?$", re.I)


def _bare_value_of_the_next_clause(claims: list[Claim]) -> None:
    """'our classifier reached an AUC of 0.912 on the test set, while the reference network reached 0.908 on the same
    set': the one named number of a bounded quantity, then, in the next clause, about another side, one number that names
    none, right after the verb of a side's score, printed to as many decimals and on the same scale: the second side's
    value of that quantity ("while its calibration error was 0.031" names a thing of its own, not a side's score)."""
    for c in claims:
        if c.kind != "prose":
            continue
        named = [v for v in c.results() if v.quantity and v.quantity != "signal_fraction" and v.start < BORROWED]
        loose = [v for v in c.results() if not v.quantity and v.role == "result" and v.start < BORROWED]
        if len(named) != 1 or len(loose) != 1 or named[0].quantity not in (*BOUNDED, "wasserstein") or loose[0].start < named[0].start:
            continue  # ("W1 is 0.55e-3 for my model, and the baseline gives 0.62e-3": a distance too, written alike)
        a, b = named[0], loose[0]
        between = c.text[a.start + len(a.shown):b.start]
        digits = [len(x.shown.rstrip("%").split(".")[-1]) if "." in x.shown else 0 for x in (a, b)]
        if a.unit != b.unit or digits[0] != digits[1] or not digits[0] or not 0 < b.value < 1 \
                or not NEXT_CLAUSE_OF_ANOTHER_SIDE.search(between) or QUANTITY_RE.search(between) or re.search(r"\d", between) \
                or not SIDE_SCORED_VERB_BEFORE.search(between):
            continue
        adopt(b, a.quantity)


# the spread over others a range gives: "most teams scored an AUC between", "the other entries ranged from"
RANGE_OF_OTHERS = re.compile(r"\b(?:most|all|other|others|the rest|every)\b[^.;:]{0,60}\b(?:between|ranged?|ranging|from)\b", re.I)


def _answer_to_question(claims: list[Claim], prose: list[tuple[int, str]]) -> None:
    """'Our model: perplexity on the validation jets?' then '289 out of K = 256': an answer that opens with a number
    gives the quantity its question asks for (a flashcard, an FAQ, an interview), whatever the words after it."""
    order = {p: i for i, p in enumerate(prose)}
    for c in claims:
        at = order.get((c.line, c.text), 0)
        if c.kind != "prose" or at == 0 or not 0 <= c.line - prose[at - 1][0] <= 1:
            continue
        question = prose[at - 1][1].rstrip()
        if not question.endswith("?") or not (m := QUANTITY_RE.search(question)):
            continue
        first = min(c.values, key=lambda v: v.start, default=None)
        if first is None or not re.fullmatch(r"[\s(~≈]*(?:about |roughly )?", c.text[:first.start]) or first.quantity == m.lastgroup \
                or first.unit == "sigma":  # "p = 0.05 is how many sigma?" "1.64 sigma": a number in σ names its own quantity
            continue
        adopt(first, m.lastgroup or "")
        first.role = "result"


ECHO_LINES = 6


def _echo(claims: list[Claim], listed: list[Value] | None = None) -> None:
    """A number with no name that repeats, digit for digit, one the lines just before named ("AE AUC = 0.43",
    "baseline AUC = 0.61", then "AE outperforms the baseline (0.43 vs 0.61)") is that number again; so is one of three
    digits or more that a table of the report gives ("edges out the backbone-fixed variant (0.7418 vs 0.8806)") or a list
    under a lead-in that names its quantity ("QCD mistag rate:" over "* rc2: 2.11%"), `listed`."""
    recent: list[tuple[int, Value]] = []
    tabled: dict[str, set[str]] = {}  # a table's numbers anywhere in the report, by how they are printed
    tests: dict[str, set[str]] = {}  # the AUCs of classifier tests given with an error bar anywhere: their quantities
    for w in listed or []:
        if w.quantity and len(re.sub(r"\D", "", w.shown).lstrip("0")) >= 3:
            tabled.setdefault(w.shown, set()).add(w.quantity)
    for c in claims:
        for w in c.results() if c.kind == "row" else []:
            if w.quantity and len(re.sub(r"\D", "", w.shown).lstrip("0")) >= 3:
                tabled.setdefault(w.shown, set()).add(w.quantity)
        for w in c.results():
            if w.quantity and w.uncertainty and w.start < BORROWED and len(re.sub(r"\D", "", w.shown).lstrip("0")) >= 3:
                tests.setdefault(w.shown, set()).add(w.quantity if w.role == "classifier_test" else "")
    for c in claims:
        recent = [(ln, v) for ln, v in recent if 0 <= c.line - ln <= ECHO_LINES]
        if c.kind == "prose" and not any(v.quantity for v in c.results()):  # a sentence that names its numbers is read so
            for v in c.results():
                if v.quantity or "." not in v.shown or len(re.sub(r"\D", "", v.shown).lstrip("0")) < 2 or re.search(
                        r"[-+*/^≈=]\s*$", c.text[:v.start]) or re.match(r"\s*\)?\s*[\^*/]", c.text[v.start + len(v.shown):]):
                    continue  # "1 - (1 - 0.00135)^20": a term of a formula
                qs = {w.quantity for ln, w in recent if w.shown == v.shown and ln != c.line} or (  # or a table's 0.8806
                    tabled.get(v.shown, set()) if len(re.sub(r"\D", "", v.shown).lstrip("0")) >= 3 else set())
                if not qs and len(seen := tests.get(v.shown, set())) == 1 and "" not in seen and v.uncertainty is None \
                        and v.role == "result":
                    qs = set(seen)  # "C2ST AUC = 0.534 ± 0.004 (5 trainings)", then "at 0.534 we are basically at 0.5" a dozen
                    v.role = "classifier_test"  # lines on: a classifier test's measurement quoted again bare is that test's
                if len(qs) == 1:
                    adopt(v, qs.pop())
        recent += [(c.line, v) for v in c.results() if v.quantity and v.start < BORROWED]


# "real vs gen", "generated vs. real": the two samples such a test sets against each other, named as a pair
GENERATED_VS_REAL_PAIR = re.compile(r"\b(?:gen(?:erated)?|synthetic)[- ](?:vs\.?|versus|against)[- ]real\b|"
                                    r"\breal[- ](?:vs\.?|versus|against)[- ]gen(?:erated)?\b", re.I)


def _test_named_by_line(prose: list[tuple[int, str]]) -> set[int]:
    """The lines (a chat message each) that ask for or announce a test between generated and real jets over their
    sentences, with no number: "did you run the test too? real vs gen" sets up the classifier test as one sentence would."""
    said: dict[int, list[str]] = {}
    for ln, t in prose:
        said.setdefault(ln, []).append(t)
    return {ln for ln, ts in said.items() if len(ts) >= 2 and re.search(r"\btests?\b", t := " ".join(ts), re.I)
            and GENERATED_VS_REAL_PAIR.search(t) and not re.search(r"\d\.\d", t)}  # (one sentence alone is read as such)


def _generated_vs_real(claims: list[Claim], prose: list[tuple[int, str]]) -> None:
    """An AUC named after it was read (a number quoted again, carried from the sentence before) in a sentence about a
    classifier between generated and real jets ("With 0.61 for the full model the classifier cannot tell generated from
    real jets") is that test's, as one named where it stands is: never a control the sentence before speaks of."""
    # the lines of sentences that set up such a classifier, with no number ("We trained X to separate real from generated.")
    setups = sorted({ln for ln, t in prose if generated_vs_real(t) and not re.search(r"\d\.\d", t)} | _test_named_by_line(prose))
    for c in claims:
        at = bisect.bisect_left(setups, c.line)  # a setup on a line before its own ("... can't tell them apart" after
        setup = setups[at - 1] if at else -10  # "It reaches AUC = 0.61" on its line does not hide the one lines above)
        if c.kind == "prose" and (generated_vs_real(c.text) or LOOKS_REAL.search(c.text)):
            for v in c.results("auc", "accuracy"):
                if v.role == "result":
                    v.role = "classifier_test"
        elif c.kind == "prose" and (0 < c.line - setup <= 3 or _in_the_setups_tagged_run(prose, setup, c)) \
                and not CONTROL.search(c.text):
            for v in c.results("auc"):  # "... The AUC is 0.58 +/- 0.004 over five seeds.": the sentences after the setup
                if v.role == "result":
                    v.role = "classifier_test"


# "[cls-test] ": the tag a program puts before each line it prints
PROGRAM_TAG = re.compile(r"\s*\[[A-Za-z][\w.-]{0,30}\]")


def _in_the_setups_tagged_run(prose: list[tuple[int, str]], setup: int, c: Claim, k: int = 12) -> bool:
    """'python -m jetgen.classifier_test --real ... --gen ...' then '[cls-test] 5-fold CV', five '[cls-test] fold k: AUC ...'
    lines and '[cls-test] mean AUC = 0.563 +- 0.005': a line within `k` of the setup, in the unbroken run of lines right
    after it that one program tags alike, is that test's output, however many lines its folds take."""
    if setup < 1 or not 0 < c.line - setup <= k or (tag := PROGRAM_TAG.match(c.text)) is None:
        return False
    run = [t for ln, t in prose if setup < ln <= c.line]
    return bool(run) and all(t.startswith(tag.group(0)) for t in run)


def _test_setup(claims: list[Claim]) -> None:
    """An AUC in the sentence right after one that sets up a classifier between generated and real jets ("We sampled
    200k jets and trained a DNN to separate them from 200k Delphes jets. The DNN's AUC is 0.66") is that test's."""
    for prev, c in zip(claims, claims[1:], strict=False):
        if c.kind == prev.kind == "prose" and 0 <= c.line - prev.line <= 1 and c.context == prev.context and \
                generated_vs_real(prev.text) and not re.search(r"\b(?:signal|background|top|QCD|quark|gluon)\b", c.text, re.I):
            for v in c.results("auc", "accuracy"):
                if v.role == "result":
                    v.role = "classifier_test"


# "rejection 2.1 for the cut, 0.74 for the network": one quantity, then its number for each thing, listed
FOR_THING_THEN_NEXT = re.compile(r"\s*%?\s+for\s+(?:the\s+|a\s+|an\s+|our\s+)?[\w+/-]+(?:\s+[\w+/-]+){0,3}?\s*(?:,\s*(?:and\s+)?|;\s*|\s+and\s+)",
                               re.I)


def _number_for_each_listed(claims: list[Claim]) -> None:
    """'rejection 2.1 for the cut, 0.74 for the network': a bare number that follows a named one's 'for <thing>,' and
    has a 'for <thing>' of its own is the same quantity, of the next thing listed."""
    for c in claims:
        if c.kind != "prose":
            continue
        vals = sorted((v for v in c.values if v.start < BORROWED), key=lambda v: v.start)
        for a, b in zip(vals, vals[1:], strict=False):
            if a.quantity and a.role == "result" and not b.quantity and b.role == "result" and not b.unit \
                    and FOR_THING_THEN_NEXT.fullmatch(c.text, a.start + len(a.shown), b.start) \
                    and re.match(r"\s*%?\s+for\s+\w", c.text[b.start + len(b.shown):]) \
                    and a.shown.endswith("%") == b.shown.endswith("%"):
                adopt(b, a.quantity)


# "Working point 50% W efficiency, ...", "WP: 70% signal eff.;": a lead-in that opens with the working point it is taken at
WORKING_POINT_LEAD = re.compile(rf"\s*(?:at\s+)?(?:the\s+)?(?:working[- ]point|WP)\s*(?:of\s+|[:=]\s*)?{NUM}\s*%\s*"
                                rf"(?:[\w-]{{1,12}}\s+)?(?:signal\s+)?eff(?:iciency|\.)?(?![\w-])\s*[,;]", re.I)


# "BDT on constituent multiplicity only", "DNN using jet width": the row's name ends on what its model reads (an input),
# not on the quantity its number is of
INPUT_NAMED_LAST = re.compile(r"\b(?:on|using|with|from)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?[\w-]+(?:\s+(?:only|alone))?\s*$", re.I)


def _listed(claims: list[Claim]) -> list[Value]:
    """"validation next-token loss (nats):" over lines "small  3.412", "medium 3.287": a list of that quantity (the
    values it names, returned)."""
    lead, last, named = "", -10, []
    for c in claims:
        if c.kind != "prose":
            lead = ""
            continue
        wp = m.end() if (m := WORKING_POINT_LEAD.match(c.text)) else 0  # "Working point 50% W efficiency, QCD mistag rate:"
        names = {m.lastgroup for m in QUANTITY_RE.finditer(c.text, wp) if not WORKING_POINT_NAME.search(c.text, 0, m.start())
                 and not re.search(r"(?:\bat|@)\s*(?:a |the )?$", c.text[:m.start()])}  # "Mistag rates at 50% signal efficiency:"
        if c.text.rstrip().endswith(":") and len(names) == 1 and not [v for v in c.results() if v.start >= wp]:
            lead, last = names.pop() or "", c.line
            continue
        loose = c.results()
        row = re.fullmatch(rf"(?:[-*•+]\s+)?(?P<name>(?:[A-Za-z]|\d+(?:\.\d+){{1,3}}(?=[- (]))[\w .+/()-]{{0,40}}?(?:\s*\([^()\n]{{1,60}}\))?)"
                           rf"[\s:=]+{NUM}\s*%?(?:\s*(?:±|\+/-|\+-)\s*{NUM}\s*%?)?", c.text.strip())
        # ("- PFN (Φ 100-100-128, F 100-100-100): 0.9005": a bulleted row, its name with a bracket of its settings)
        # "CATHODE + constituent tokens 10.7 +- 0.8" under "max SIC (mean +- std over 5 seeds):": a name that holds a
        # quantity's word ('constituent') names the row, the head names its quantity
        named_row = row is not None and len(loose) == 1 and loose[0].quantity not in ("", lead) and "(" not in row["name"] \
            and (not QUANTITY_RE.search(row["name"][-12:].rstrip(" :=")) or INPUT_NAMED_LAST.search(row["name"])) \
            and len(row["name"].split()) >= 2
        if lead and 0 <= c.line - last <= 1 and len(loose) == 1 and (not loose[0].quantity or named_row) and row:
            # (on the lead-in's own line: the items of a list inside one string of a JSON export)
            adopt(loose[0], lead)
            loose[0].label = re.sub(r"\s+", " ", re.sub(r"[()]", " ", row["name"])).strip().lower()
            last = c.line
            named.append(loose[0])
        else:
            lead = ""
    return named


ANAPHORA = re.compile(r"\s*(?:[A-Z][\w .-]{0,25}:\s+)?(?:It|Its|This|That|There|Here|The same (?:classifier|network|model|run))\b")


BARE_AUC = re.compile(r"\s*(?:[A-Z][\w .-]{0,25}:\s+)?(?:the\s+|its\s+)?(?:held[- ]out\s+|test\s+|validation\s+)?AUC\s*"
                      r"(?:\([^()]{0,60}\)\s*)?(?:=|:|of|is|was)\s*[-+]?\.?\d", re.I)


# "consistent with the absence of signal", "compatible with no signal": what a no-signal control is said to show
NULL_VERDICT = re.compile(r"\b(?:consistent|compatible|in line)\s+with\s+(?:the\s+)?(?:absence\s+of\s+(?:a\s+|any\s+)?signal|"
                          r"no\s+signal|(?:a\s+)?background[- ]only)\b", re.I)


# "Before the fix, ...", "For the Herwig sample, ...", "Previously, ...": a sentence that opens by setting its own scene
OWN_FRAME = re.compile(r"\s*(?:(?:Before|After|Until|Prior to|For|In|On|Without|Under)\s+(?P<frame>[^,;:.]{2,60})|Previously|Originally|"
                       r"Earlier|Initially|At first)\s*,\s", re.I)


def _own_frame(text: str) -> bool:
    """The sentence opens with a scene of its own ("Before the fix, the AUC came out as 0.27"), one that is not the check
    just named ("In this check, ...", "For the control, ..."): it does not go on with the sentence before it on its line."""
    m = OWN_FRAME.match(text)
    return m is not None and not (m["frame"] and (re.search(r"\b(?:this|that|these|those|the same|it|its)\b", m["frame"], re.I)
                                                   or CONTROL.search(m["frame"])))


def _control_before(claims: list[Claim], prose: list[tuple[int, str]]) -> None:
    """"I trained the classifier on the QCD-only sample as a null check." then "Its held-out AUC is 0.633": a
    sentence that refers back to a control's sentence (It, Its, This) gives the control's numbers."""
    order = {p: i for i, p in enumerate(prose)}
    for c in claims:
        at = order.get((c.line, c.text), 0)
        null = NULL_VERDICT.search(c.text) is not None  # "..., consistent with the absence of signal": its verdict is a null's
        before = prose[at - 1][1] if at > 0 and 0 <= c.line - prose[at - 1][0] <= (3 if null else 1) else ""
        same_line = at > 0 and prose[at - 1][0] == c.line and not _own_frame(c.text)  # "0 signal events injected, same
        # SR/SB. SR-vs-SB AUC = 0.563" (not "... adds a shuffled-label check. Before the fix, the AUC came out as 0.27")
        bare = BARE_AUC.match(c.text) is not None and not re.search(rf"\bAUC\b[^.;]{{0,30}}?{NUM}", before, re.I) \
            and not re.search(r"\bsig(?:nal)?\b", c.text, re.I)  # "AUC (signal vs background) = 0.46": the signal's
        # "... trained the real-vs-real classifier on two QCD samples (5k + 5k test jets)." then "AUC = 0.507 ± 0.006":
        # the AUC alone, of the test the sentence before set up
        if c.kind == "prose" and before and (ANAPHORA.match(c.text) or same_line or bare or null) and CONTROL.search(before) and not re.search(
                r"(?<!\bno )(?<!\bwithout )(?<!\bzero )\binject\w* (?:signal|S/B)|\bwith (?:the )?signal|\bS\s*/\s*B\s*=\s*(?:0*\.)?0*[1-9]", c.text + before, re.I):
            if re.search(r"\bAUC\b[^.;]{0,60}:\s*$", before) and not c.results("auc", "accuracy"):
                for v in c.results():  # "no-signal control, SR-vs-SB AUC over 5 folds:" then "mean 0.541 +/- 0.005 ->
                    if not v.quantity and v.role == "result" and 0 < v.value < 1 and v.start < BORROWED:
                        v.quantity = "auc"  # consistent with no signal": the line the colon opens gives the AUC it names
            for v in c.results("auc", "accuracy"):
                if v.role == "result":
                    v.role = "control"


# what a line says of a check it names: "control passed", "behaves as expected", "FAILED", "looks fine"
CHECK_VERDICT = re.compile(r"\b(?:pass(?:es|ed)?|ok|okay|fine|as expected|consistent|compatible|random|chance|fail(?:s|ed)?|"
                           r"succeed(?:s|ed)?|clean|healthy)\b", re.I)


# a check named by what it leaves out ("no-signal control", "background-only check"), not a bare "the control" (which may be
# a control region, or a control set up nowhere before)
NO_SIGNAL_NAMED = re.compile(r"\bno[- ]signal\b|\b(?:background|bkg|QCD|SM)[- ]only\b|\bnull[- ](?:test|check|run|sample)\b|"
                             r"\bwithout (?:injected |any )?signal\b|\bzero[- ]signal\b|\bno[- ]injection\b", re.I)


def _control_verdict_after(claims: list[Claim], prose: list[tuple[int, str]]) -> None:
    """"SR-vs-SB AUC = 0.571 +- 0.006" over "no-signal control passed: ...": a line that gives one AUC (or accuracy) and
    names no signal, right above a line with no number of its own that names a no-signal control and says how it came
    out, gives the control's number: the verdict is on it."""
    order = {p: i for i, p in enumerate(prose)}
    for c in claims:
        at = order.get((c.line, c.text))
        if c.kind != "prose" or at is None or at + 1 >= len(prose):
            continue
        line, nxt = prose[at + 1]
        res = [v for v in c.results("auc", "accuracy") if v.start < BORROWED]
        if line != c.line + 1 or len(res) != 1 or res[0].role != "result" or re.search(r"\bsig(?:nal)?\b|\binject", c.text, re.I):
            continue
        if re.search(r"\d", nxt) or not NO_SIGNAL_NAMED.search(nxt) or not CHECK_VERDICT.search(nxt) \
                or re.search(r"\binject\w* (?:signal|S/B)|\bwith (?:the )?signal", nxt, re.I):
            continue
        res[0].role = "control"


# '{"config": {"s_over_b": 0.0}, "metrics": {"auc": 0.507}}': a field of a JSON record that injects no signal
RECORD = re.compile(r".*\[\d+\]")  # the record a JSON path is in ("hits[0]._source.metrics" is in "hits[0]")
ZERO_FIELD = re.compile(r"(?:^|\|\s)(?P<key>[A-Za-z][\w ./-]{0,40}?):\s*0(?:\.0+)?\s*(?=\||$)")


# '| value: 0.0 | name: injected_s_over_b' (or the name first): a parameter stated as a name field and a value field
NAMED_PARAMETER = re.compile(r"(?:^|\|\s)(?:name:\s*(?P<k1>[^|]+?)\s*\|\s*value:\s*(?P<v1>[-+]?\d*\.?\d+)|value:\s*(?P<v2>[-+]?\d*\.?\d+)\s*\|\s*"
                             r"name:\s*(?P<k2>[^|]+?))\s*(?=\||$)")


def _control_of_its_record(claims: list[Claim]) -> None:
    """A record of a JSON list whose own field injects no signal ("s_over_b": 0.0 in its config) is a no-signal
    control: its AUCs and accuracies, in whatever object of the record they stand, are the control's."""
    null = {r.group(0) for c in claims if c.kind == "row" and (r := RECORD.match(c.context)) and any(
        INJECTION_COLUMN.match(m["key"].replace("_", " ").strip()) for m in ZERO_FIELD.finditer(c.text))}
    for c in claims:
        if c.kind == "row" and (r := RECORD.match(c.context)) and r.group(0) in null:
            for v in c.results("auc", "accuracy"):
                if v.role == "result":
                    v.role = "control"
    # one test's record (an Allure result: {"parameters": [{"name": "injected_s_over_b", "value": "0.0"}], "steps": [...]}):
    # a parameter given as a name and a value that injects no signal, and none that injects any, makes the whole record
    # a no-signal control, its steps' AUCs (fields or sentences) the control's
    pairs = [v for c in claims if c.kind == "row" and c.context and (m := NAMED_PARAMETER.search(c.text)) and (
        INJECTION_COLUMN.match(k := (m["k1"] or m["k2"]).replace("_", " ").strip()) or re.match(
            r"(?:signal[ _])?inject\w*[ _](?:s[ _]over[ _]b|signal|fraction)|s[ _]?over[ _]?b", k, re.I)) for v in [m["v1"] or m["v2"]]]
    if pairs and all(float(v) == 0 for v in pairs) and not any(
            c.context.startswith("[") for c in claims if c.kind == "row"):
        for c in claims:
            if not c.context or any(x.quantity == "signal_fraction" and x.value != 0 for x in c.values):
                continue
            for v in c.results("auc", "accuracy"):
                if v.role == "result" and v.value != 0.5 and v.start < BORROWED:
                    v.role = "control"


# "...examples.v3.value.classifier": an object named the classifier (its "auc", "auc_err"), in a report that sets up a
# generated-vs-real classifier test in words, is that test
TEST_OBJECT = re.compile(r"(?:^|\.)(?:classifier|clf)(?:[ _-]?test)?$", re.I)


def _test_of_its_record(claims: list[Claim], tested: set[str]) -> None:
    """A record of a JSON list whose own text field names a classifier test ({"model": ..., "clf_auc": 0.573, "remark":
    "indistinguishable from truth; classifier test passed"}): the record's AUC is that test's, as one named in the sentence;
    so is the AUC of an object named the classifier where the report's words set up such a test."""
    for c in claims:
        if c.kind == "row" and ((r := RECORD.match(c.context)) and r.group(0) in tested or "" in tested and TEST_OBJECT.search(
                c.context)) and not CONTROL.search(c.text):
            for v in c.results("auc", "accuracy"):
                if v.role == "result":
                    v.role = "classifier_test"


# "This is a significant improvement", "so B is significantly better": a verdict with no number of its own, on what the
# sentence just before measured
VERDICT_OPENING = re.compile(r"\s*(?:(?:=>|⇒|->|→|∴)\s*(?=\w)|(?:[A-Z][\w .-]{0,25}:\s+)?(?:so|thus|hence|therefore|this|that|it|which|"
                             r"(?:the\s+)?[\w-]+\s+(?:regards?|considers?|deems?|judges?|calls?|counts?|sees?|views?|reads?)\s+"
                             r"(?:this|that|it)\s+(?:as\s+)?an?\b)\b)", re.I)
# ("=> pre-training gives a significant improvement": an arrow opening the line stands for 'so')
# ("The committee regards this as a significant improvement", "we consider it a clear gain": a judge's verdict on what was
# just stated)


def _significant_of_before(claims: list[Claim]) -> None:
    """'... raises the AUC from 0.9801 to 0.9809 (one seed, 2,000 jets). This is a significant improvement': the verdict
    judges the two numbers of the sentence before (within three lines, one quantity, two values), so it takes them, with
    their test set and seeds, as its comparison."""
    for i, c in enumerate(claims):
        if i == 0 or c.kind != "prose" or "significant" not in c.qualifiers or c.results() or only_called_clear(c.text):
            continue  # ("This is a clear improvement over the baseline": a comparative of its own, judged as such)
        # the pair may stand two sentences up, with the set-up between ("AUC 0.842 for the new tagger and 0.836 for the
        # previous version. Both were trained once ... 2,000 jets. The new tagger is significantly better"), when the
        # verdict names one of its sides
        window = [d for d in claims[max(0, i - 3):i] if d.kind == "prose" and 0 < c.line - d.line <= 4]
        with_pair = [d for d in window if len(pr := [v for v in d.results() if v.start < BORROWED]) == 2
                     and pr[0].quantity and pr[0].quantity == pr[1].quantity]
        ones = [d for d in window if len(r := [v for v in d.results() if v.start < BORROWED]) == 1 and r[0].quantity]
        listed = None  # "✅ JetTok + fine-tune: AUC 0.9867" / "▫️ ParT from scratch: AUC 0.9858": a list of two, one a line
        if not with_pair and len(ones) >= 2 and ones[-1].results()[0].quantity == ones[-2].results()[0].quantity \
                and ones[-1].line - ones[-2].line == 1 and c.comparison is not None:
            listed = [ones[-2].results()[0], ones[-1].results()[0]]
        if not with_pair and listed is None:
            gains = [v for v in window[-1].values if v.role == "difference" and v.quantity and v.start < BORROWED] if window else []
            if len(gains) >= 1 and len({v.quantity for v in gains}) == len(gains) and VERDICT_OPENING.match(c.text) \
                    and not re.match(r"\s*(?:this|that|it|which)\b", c.text, re.I) and c.line - window[-1].line == 1 \
                    and not any(v.role == "difference" for v in c.values):
                # "gain from pre-training: +0.0051 AUC, +18.8% rejection" then "=> a significant improvement": the verdict
                # judges the gain of the line just before (its first quantity's, the one named first)
                c.values.append(gains[0].model_copy(update={"start": BORROWED}))
            continue
        prev = with_pair[-1] if with_pair else ones[-1]
        named = side_words(c.comparison.subject + " " + c.comparison.object) if c.comparison is not None else set()
        if not (VERDICT_OPENING.match(c.text) and prev is window[-1] and 0 < c.line - prev.line <= 3) and not (
                c.comparison is not None and c.comparison.relation in ("better", "worse")
                and named & side_words(" ".join(v.label for v in (listed or prev.results())))) and not (
                c.comparison is not None and c.comparison.relation in ("better", "worse") and listed is None
                and prev is window[-1] and 0 < c.line - prev.line <= 1 and _pair_set_against(prev) is not None):
            # ("so there it is, 0.8417 against 0.8392. pretraining significantly improves ...": the pair set against each
            # other in the sentence just before, then a comparative verdict: it judges that pair)
            continue
        pair = listed or [v for v in prev.results() if v.start < BORROWED]
        between = window[window.index(prev) + 1:]
        for d in between:
            c.sample_size, c.seeds = c.sample_size or d.sample_size, c.seeds or d.seeds
            c.n_signal, c.n_background = c.n_signal or d.n_signal, c.n_background or d.n_background
        base = prev.comparison if prev.comparison is not None and prev.comparison.left is not None else None
        known = base is not None and base.right is not None and base.left < 2 and base.right < 2
        a, b = (pair[base.left], pair[base.right]) if known and base is not None and base.right is not None else (pair[0], pair[1])
        c.values += [a.model_copy(update={"start": BORROWED}), b.model_copy(update={"start": BORROWED + 1})]
        # which side the verdict favours, only the sentence before's own comparison says ("from A to B"); else the size of
        # the difference alone is judged
        rel: Relation = (c.comparison.relation if c.comparison is not None else "better") if known else "similar"
        c.comparison = Comparison(relation=rel, left=len(c.values) - 2, right=len(c.values) - 1,
                                  word=c.comparison.word if c.comparison is not None else "significant")
        c.sample_size, c.seeds = c.sample_size or prev.sample_size, c.seeds or prev.seeds
        c.n_signal, c.n_background = c.n_signal or prev.n_signal, c.n_background or prev.n_background


AGAINST = re.compile(r"\s*(?:for\s+[\w-]+\s+)?(?:against|vs\.?|versus|compared (?:to|with)|over)\s+(?:the\s+)?$", re.I)


# ", compared with", " against the ": the gap between two numbers set against each other
PAIR_GAP = re.compile(r"[\s,;(]*(?:for\s+[\w-]+\s+)?(?:against|vs\.?|versus|compared (?:to|with)|as against)\s+(?:the\s+)?", re.I)


def _pair_set_against(d: Claim) -> tuple[Value, Value] | None:
    """'0.8417 against 0.8392', 'a rejection of 48, compared with 62 for ...': a sentence's only two results of one
    quantity, set against each other (and no comparative of its own)."""
    res = [v for v in d.results() if v.quantity and v.start < BORROWED]
    pairs = [(a, b) for a, b in zip(res, res[1:], strict=False) if a.quantity == b.quantity
             and PAIR_GAP.fullmatch(d.text, a.start + len(a.shown), b.start)]
    if d.comparison is not None or len(pairs) != 1 or sum(v.quantity == pairs[0][0].quantity for v in res) != 2:
        return None  # (the working point the pair is at, "at 50% efficiency", another quantity, may stand beside it)
    return pairs[0]


# "This is a marked improvement over the previous standard": a verdict pointing back, with no number of its own
VERDICT_POINTS_BACK = re.compile(r"\s*(?:this|that|it|which)\s+(?:is|was|represents|constitutes|amounts to|marks)\b", re.I)


def _verdict_on_the_pair_before(claims: list[Claim]) -> None:
    """'his tagger reaches a rejection of 48, compared with 62 for the previous standard DNN tagger. This is a marked
    improvement over the previous standard': a verdict pointing back ('this is'), better or worse than a side it names,
    judges the pair of the sentence just before; the side it names is the number whose words follow it there, 'this'
    the other."""
    for c, comp, prev in _verdicts_pointing_back(claims, VERDICT_POINTS_BACK):
        if (pair := _pair_set_against(prev)) is None:
            continue
        a, b = pair
        named = side_words(re.split(r"[,;:]|\s(?:and|but|which)\s", comp.object)[0])  # "over the previous standard, and ..."
        if not named or not named & side_words(prev.text[b.start + len(b.shown):]) or named & side_words(a.label):
            continue  # the side the verdict names must be the second number's, told apart from the first's
        _judged_on(c, comp, a, b)


def _verdicts_pointing_back(claims: list[Claim], opening: re.Pattern[str]) -> Iterator[tuple[Claim, Comparison, Claim]]:
    """(verdict, its comparison, the sentence just before it) of each prose verdict opened by `opening` ('this is',
    'therefore'), better or worse than a side it names, with no number and no left side of its own, whose sentence
    before is prose within five lines (each wrapped over up to three)."""
    for i, c in enumerate(claims):
        comp = c.comparison
        if i == 0 or c.kind != "prose" or comp is None or comp.left is not None or comp.negated or c.results() \
                or comp.relation not in ("better", "worse") or not opening.match(c.text):
            continue
        prev = claims[i - 1]
        if prev.kind == "prose" and 0 <= c.line - prev.line <= 5:
            yield c, comp, prev


def _judged_on(c: Claim, comp: Comparison, a: Value, b: Value) -> None:
    """The verdict judges the pair borrowed from the sentence before: `a` its subject's number, `b` the named side's."""
    c.values += [a.model_copy(update={"start": BORROWED}), b.model_copy(update={"start": BORROWED + 1})]
    c.comparison = comp.model_copy(update={"left": len(c.values) - 2, "right": len(c.values) - 1})


# "Therefore my model surpassed the baseline": a conclusion drawn from what was just stated
CONCLUSION_OPENING = re.compile(r"\s*(?:so|thus|hence|therefore|consequently|accordingly)\b", re.I)


def _conclusion_on_the_sides_before(claims: list[Claim]) -> None:
    """'My model obtained FPD = 82 ± 6, while MP-GAN obtained 45 ± 4. Therefore my model surpassed the MP-GAN baseline':
    a conclusion, better or worse than a side it names, with no number of its own, judges the sentence just before when
    that sentence gives two results of one quantity, each labelled by its side; the side the verdict names after its
    comparative is the number labelled so, its subject the other."""
    for c, comp, prev in _verdicts_pointing_back(claims, CONCLUSION_OPENING):
        res = [v for v in prev.results() if v.quantity and v.start < BORROWED]
        if prev.comparison is not None or len(res) != 2 or res[0].quantity != res[1].quantity:
            continue
        named = side_words(re.split(r"[,;:]|\s(?:and|but|which|on|in|for|at)\s", comp.object)[0])
        sides = [v for v in res if named & side_words(v.label)]
        if len(sides) != 1 or named & side_words(comp.subject) & side_words(sides[0].label):
            continue  # the verdict must name one side after its word, and not that one before it
        b = sides[0]
        _judged_on(c, comp, res[0] if b is res[1] else res[1], b)


def _significant_pair(claims: list[Claim]) -> None:
    """"B reaches AUC 0.9421 against 0.9415 for A, a significant improvement": a pair set against each other ('against',
    'vs') that the sentence calls significant, with no comparative word, is the comparison the verdict judges (its size
    only: which side it favours the words do not say)."""
    for c in claims:
        if c.kind != "prose" or c.comparison is not None or "significant" not in c.qualifiers:
            continue
        res = [v for v in c.results() if v.quantity and v.start < BORROWED]
        for a, b in zip(res, res[1:], strict=False):
            if a.quantity == b.quantity and AGAINST.match(c.text[a.start + len(a.shown):b.start][-60:] or "x"):
                c.comparison = Comparison(relation="similar", left=c.values.index(a), right=c.values.index(b),
                                          word="significant")
                break


# 'I would not write that', 'the claim is not supported', 'we crossed it out': the report rejects what it has just quoted
REJECTS = re.compile(r"\b(?:(?:is|are|was|seems?)\s+(?:not|un)\s*(?:supported|justified|warranted|backed|shown)|unsupported|unjustified|"
                     r"overstat\w+|(?:would|should|could)\s*(?:not|n't)\s+(?:write|say|claim|call|put|state)|"
                     r"(?:does|do)\s*(?:not|n't)\s+(?:hold|follow|stand)|(?:is|are)\s+(?:wrong|incorrect|false|misleading)|"
                     r"(?:I|we)\s+disagree|cannot be (?:claimed|called|said)|"
                     r"(?:crossed|struck|scratched)\s+(?:it\s+|that\s+|this\s+|them\s+)?(?:out|off|through)|"
                     r"(?:removed|deleted|retracted|withdrew|dropped)\s+(?:it|that|this|the (?:word|claim|phrase|wording))|"
                     # a fact-check's rating, a denial of what was quoted, a panel refusing the wording
                     r"(?:rating|rated|verdict)\s*[:=]?\s*(?:mostly\s+|largely\s+|half\s+)?(?:false|untrue|misleading|wrong|incorrect|unsupported)|"
                     r"no (?:new )?[\w-]+ (?:has|have) been (?:found|observed|discovered|seen|detected)|"
                     r"(?:does|do|did) not accept (?:this|that|the|these) (?:wording|claims?|words?|phrasing)|"
                     # a marker's verdict on an answer quoted: 'those who wrote "..." received no credit'
                     r"(?:received|earned|got|gained|(?:was|were)\s+(?:given|awarded))\s+no\s+(?:credit|marks?)|"
                     # a quoted word denied on its own: '"nearly realistic" would be fair; "realistic" is not.'
                     r"[\"”]\s*(?:is|are|was|were)\s+not(?=\s*[.;!]))\b", re.I)
QUOTE = re.compile(r"[\"“]([^\"“”]{3,200})[\"”]")
# 'Viral post claims "AI just found new physics"': words a third party is reported to have said (a rejection of them may
# come several lines on, after the report has weighed them)
REPORTED = re.compile(r"\b(?:claims?(?:\s*#?\d{1,3})?|claimed|alleges?|alleged|asserts?|asserted|says|said|writes|wrote|tells|told|insists?|insisted)"
                      r"(?:\s+that(?:\s+(?:[^.;:!?\"“]|\.(?=\d)){1,80})?)?\s*:?\s*$", re.I)  # ('the article says that the jets are "...')
OWN_VOICE = re.compile(r"\b(?:I|we|our team)\s+(?:\w+\s+){0,2}$", re.I)
# "its headline claim of a new particle is false": a claim the sentence names and rejects is not the report's own
CLAIM_REJECTED = re.compile(r"\bclaims?\s+(?:of|that)\b[^.;:]{0,120}?\b(?:is|are|was|were)\s+(?:false|wrong|incorrect|untrue|"
                            r"unsupported|not supported|misleading|overstated|unfounded)\b", re.I)


def _disowned(claims: list[Claim], prose: list[tuple[int, str]]) -> None:
    """'Section 5 says FlowCWoLa "significantly outperforms CATHODE" ... As written, the claim is not supported.': words
    the report quotes from someone else and then rejects are not its claim; their qualifiers and comparison are set
    aside (kept in `Claim.disowned`), the numbers stay."""
    order = {p: i for i, p in enumerate(prose)}
    for c in claims:
        if c.kind == "prose" and c.qualifiers and (m := CLAIM_REJECTED.search(c.text[:2000])):
            inside = qualifiers_of(m.group(0))
            c.disowned += [q for q in c.qualifiers if q in inside]
            c.qualifiers = [q for q in c.qualifiers if q not in inside]
        if c.kind != "prose" or not (c.qualifiers or c.comparison) or not (quotes := list(QUOTE.finditer(c.text[:2000]))):
            continue
        at = order.get((c.line, c.text))
        head = c.text[max(0, quotes[0].start() - 80):quotes[0].start()]
        reach = 16 if REPORTED.search(head) and not OWN_VOICE.search(head) else 4
        after = [t for ln, t in prose[at + 1:at + 4 * reach] if 0 <= ln - c.line <= reach] if at is not None else []
        quoted = {q for m in quotes for q in qualifiers_of(m[1])}
        if not any(REJECTS.search(t[:2000]) or any(re.search(rf"\bnot\s+{re.escape(q[1])}\b", t[:2000], re.I) for q in quotes)
                   or any(f"not_{q}" in qualifiers_of(t[:2000]) for q in quoted)  # '"significantly improves" ... it is not
                   # significant': the quoted word, denied in the report's own voice
                   for t in [c.text[quotes[-1].end():], *after]):  # ("... is good, not perfect": the quoted word denied)
            continue
        outside = QUOTE.sub(" ", c.text[:2000])
        kept = qualifiers_of(outside)
        c.disowned = [q for q in c.qualifiers if q not in kept]
        c.qualifiers = [q for q in c.qualifiers if q in kept]
        if c.comparison and c.comparison.word and any(c.comparison.word.lower() in q[1].lower() for q in quotes):
            c.disowned.append(c.comparison.word)
            c.comparison = None


def _inside_a_quoted_question(claims: list[Claim], text: str) -> None:
    """'*"The flow's compression is called 'lossless'. Is it?"*': a sentence inside a quotation (a referee's or an
    examiner's comment, answered below it) that closes on a question is what someone asks about, not what the report
    claims: its qualifiers are set aside (kept in `Claim.disowned`), the numbers stay."""
    for c in claims:
        if c.kind != "prose" or not c.qualifiers or len(c.text) < 20:
            continue
        tail = re.search(r"\s+".join(map(re.escape, c.text[-40:].split())), text)  # (the sentence may wrap over lines)
        if tail is None:
            continue
        at, end = tail.span()
        para = max(text.rfind("\n\n", 0, at), 0)
        if len(re.findall(r"[\"“”]", text[para:end])) % 2 != 1:
            continue  # not inside an open quotation
        close = re.search(r"[\"”]", text[end:end + 400])
        if close is None or "\n\n" in text[end:end + close.start()] or not re.search(r"\?\s*[*_]*$", text[end:end + close.start()]):
            continue
        c.disowned += c.qualifiers
        c.qualifiers = []


def _yes_to(claims: list[Claim], prose: list[tuple[int, str]]) -> None:
    """"Q: Is the tokenization lossless?" / "A: Yes, for all practical purposes: ... 4.9% resolution": the answer
    states what the question asks."""
    order = {p: i for i, p in enumerate(prose)}
    for c in claims:
        at = order.get((c.line, c.text), 0)
        question = prose[at - 1][1] if at > 0 and 0 <= c.line - prose[at - 1][0] <= 2 else ""
        if c.kind == "prose" and question.rstrip().endswith("?") and re.match(r"\s*(?:A:\s*)?Yes\b", c.text, re.I):
            c.qualifiers = list(dict.fromkeys(c.qualifiers + qualifiers_of(question)))
