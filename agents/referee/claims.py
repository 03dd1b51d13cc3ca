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

import re
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from agents.referee.reading import SIZE_KEY, Format, Unit, guess_format, units

BORROWED = 10_000  # `Value.start` of a number a comparison took from a claim nearby (checked where it stands)
Role = Literal["result", "control", "classifier_test", "threshold", "difference", "size", "seeds", "setting"]
Relation = Literal["better", "worse", "higher", "lower", "similar"]


class Value(BaseModel):
    """One number of a claim. Percentages of bounded quantities are stored as fractions."""

    quantity: str = ""  # canonical name (QUANTITIES), "" when the text does not say
    value: float
    shown: str  # as printed: "83.2%"
    uncertainty: float | None = None  # one standard error, same scale as `value`
    interval: tuple[float, float] | None = None
    bound: Literal["<", ">", ""] = ""  # "p < 0.001"
    unit: str = ""
    label: str = ""  # the words that say what it is of ("fine-tuned tagger")
    role: Role = "result"
    start: int = 0  # offset in the claim's text (orders the numbers)


class Comparison(BaseModel):
    relation: Relation
    left: int | None = None  # index into `Claim.values` (None: the sides are named, not numbered here)
    right: int | None = None  # the other side, or None with `reference`
    reference: float | None = None  # a threshold such as chance (0.5)
    negated: bool = False
    word: str = ""
    subject: str = ""  # words before the comparative ("fine-tuning is")
    object: str = ""  # words after it ("than training from scratch")
    superlative: bool = False  # "X gives the best AUC": X against every other of its kind nearby


class Claim(BaseModel):
    line: int
    text: str
    values: list[Value] = Field(default_factory=list)
    comparison: Comparison | None = None
    qualifiers: list[str] = Field(default_factory=list)  # QUALIFIERS keys, "not_" when negated
    sample_size: int | None = None  # test events / jets stated for the result
    n_signal: int | None = None
    n_background: int | None = None
    seeds: int | None = None
    kind: Literal["prose", "row"] = "prose"
    context: str = ""  # heading or JSON path
    source: Literal["rules", "model"] = "rules"

    def results(self, *quantities: str) -> list[Value]:
        return [v for v in self.values if v.role in ("result", "control", "classifier_test")
                and (not quantities or v.quantity in quantities)]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def quantity(self) -> str:
        r = self.results()
        return r[0].quantity if r else ""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def value(self) -> float | None:
        r = self.results()
        return r[0].value if r else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def uncertainty(self) -> float | None:
        r = self.results()
        return r[0].uncertainty if r else None


# ---- vocabulary --------------------------------------------------------------------------------
# canonical quantity -> pattern; the longest match nearest a number names it
QUANTITIES: dict[str, str] = {
    "classifier_auc": r"classifier[- ]test AUC|two[- ]sample (?:classifier )?AUC",
    "p_value": r"\bp[- ]?values?\b|\bp\s*(?=[=<≤≈~]\s*[\d.])|\bp_(?:value|0|local|global)\b",
    "sic": r"\bSIC\b|significance improvement",
    "auc": r"\bROC[- ]?AUCs?\b|\bAUCs?\b|area under (?:the )?(?:ROC )?curve",
    "significance": r"\bsignificances?\b|\bZ\s*(?==)|\blocal significance|\bglobal significance",
    "accuracy": r"\baccurac(?:y|ies)\b|\bacc\.?(?=\W)",
    "fake_rate": r"\bmistag(?:ging)?(?: rate)?|\bfake[- ]rate|\bFPR\b|false[- ]positive rate|background efficienc(?:y|ies)"
                 r"|\b(?:ε|eps(?:ilon)?)[_ ]?[bB]\b",
    "rejection": r"\b(?:background )?rejection|1\s*/\s*(?:ε|eps(?:ilon)?)[_ ]?[bB]?",
    "efficiency": r"\befficienc(?:y|ies)\b|\bTPR\b|true[- ]positive rate|\brecall\b|\b(?:ε|eps(?:ilon)?)[_ ]?[sS]\b",
    "purity": r"\bpurity\b|\bprecision\b",
    "f1": r"\bF1\b",
    "perplexity": r"\bperplexit(?:y|ies)\b",
    "codebook_usage": r"\bcodebook (?:usage|utili[sz]ation|occupancy)|\bcode(?:book)? usage|\bcodes? in use|\busage\b",
    "codebook_size": r"\bcodebook size\b|\bcodebook of\b|\bcodebook with\b|\bK\s*=",
    "resolution": r"\bresolutions?\b|\bwidths?\b|\bRMS\b|\bIQR\b",
    "bias": r"\bbias(?:es)?\b|\bresponse\b|\bscale shift\b",
    "loss": r"\blosse?s?\b|\bcross[- ]entropy\b|\bNLL\b|negative log[- ]likelihood",
    "wasserstein": r"\bWasserstein\b|\bW_?1\b|\bEMD\b",
    "kl": r"\bKL\b|Kullback",
    "chi2": r"χ²|\bchi2\b|chi\^2|chi[- ]squared?",
    "signal_fraction": r"\bsignal fraction\b|\bsignal[- ]injection\b|\binjected signal\b|\bS\s*/\s*B\b",
    "multiplicity": r"\bmultiplicit(?:y|ies)\b|\bconstituents?\b",
}
QUANTITY_RE = re.compile("|".join(f"(?P<{k}>{p})" for k, p in QUANTITIES.items()), re.I)
BOUNDED = {"auc", "classifier_auc", "accuracy", "efficiency", "fake_rate", "purity", "f1", "p_value", "codebook_usage",
           "signal_fraction"}
HIGHER_BETTER = {"auc": True, "accuracy": True, "efficiency": True, "purity": True, "f1": True, "rejection": True,
                 "sic": True, "significance": True, "codebook_usage": True, "fake_rate": False, "resolution": False,
                 "loss": False, "wasserstein": False, "kl": False, "chi2": False, "p_value": False}

CONTROL = re.compile(r"no[- ]signal|random(?:ly assigned|i[sz]ed)? labels|permuted labels|zero signal|null (?:test|sample|hypothesis|run)|\bcontrol\b|background[- ]only|zero[- ]injection|"
                     r"without (?:any )?(?:injected )?signal|shuffled(?:[- ]label)?|label[- ]shuffl|\bsignal[- ]free|"
                     r"signal fraction (?:of |= ?)?0(?:\.0+)?%?(?![.\d])|\b0\s*% signal|no injected|sanity check", re.I)
CLASSIFIER_TEST = re.compile(r"classifier[- ]test|two[- ]sample|generated[- ](?:vs\.?|versus|against)[- ]real|"
                             r"real[- ](?:vs\.?|versus|against)[- ]generated|(?:separat|distinguish|discriminat|tell)\w*"
                             r" (?:the )?generated (?:jets )?from (?:the )?real|(?:generated|synthetic) (?:and|from) real"
                             r" (?:jets )?(?:apart|classifier)|fidelity classifier|real/generated", re.I)
QUALIFIERS: dict[str, str] = {
    "significant": r"\bstatistically significant(?:ly)?\b|\bsignificant(?:ly)?\b(?! (?:figures?|digits?))",
    "clearly": r"\bclear(?:ly)?\b|\bsubstantial(?:ly)?\b|\bdramatic(?:ally)?\b|\bvast(?:ly)?\b|\bdecisive(?:ly)?\b|"
               r"\bby a (?:wide|large) margin\b|\bmarked(?:ly)?\b|\bstrong(?:ly)? (?:better|outperform)|\bfar (?:better|superior)",
    "consistent_with": r"\bconsistent with\b|\bcompatible with\b|\bin (?:good )?agreement with\b|\bagrees? (?:well )?with\b|"
                       r"\bindistinguishable from\b|\bin line with\b|\bmatch(?:es|ing)?\b|\bon par with\b|\bequivalent to\b",
    "random": r"\brandom(?: guessing| chance| classifier)?\b|\bchance(?: level)?\b|\bcoin[- ]?(?:flip|toss)\b",
    "lossless": r"\bloss[- ]?(?:less|free)(?:ly)?\b|\bpreserves? all (?:the )?information\b|"
                r"\bwithout (?:any )?(?:degradation|information loss)\b|\bno information loss\b|\bwithout (?:any )?(?:information )?loss\b|\bno (?:information )?(?:is )?lost\b|"
                r"\bloses? (?:no|nothing)\b|\bno loss of (?:information|resolution)\b",
    "perfect": r"\bperfect(?:ly)?\b|\b(?:is|are|was|were|be) exact\b|\bexact (?:reconstruction|recovery|reproduction)\b|\b100\s*% (?:accura|correct|efficien|pur)\w*|\bwithout (?:any )?error\b|\bflawless(?:ly)?\b|\bexact(?:ly)? (?:reproduc|recover|reconstruct)\w*|\bidentical\b",
    "indistinguishable": r"\bindistinguishable\b|\bcannot be (?:told apart|distinguished)\b|\bas realistic as\b",
    "discovery": r"\bdiscover(?:y|ed|s|ies)?\b|\bnew particle\b|\bconfirm(?:s|ed)? the existence\b|"
                 r"\bunambiguous(?:ly)? (?:detect|observ|see)\w*|\bobservation of\b|\bwe observe (?:a|the) (?:new|signal|resonance|excess)\b|"
                 r"\bnew physics (?:signal )?(?:is )?(?:found|seen|observed)\b|\bevidence (?:for|of) (?:a |new )\b|"
                 r"\b(?:found|find|detected?) (?:a|the) (?:new )?(?:signal|resonance|excess|anomaly)\b",
    "better_than_real": r"\bbetter than (?:the )?real\b|\bmore realistic than\b|\bsuperior to (?:the )?real\b|"
                        r"\boutperforms? (?:the )?real\b|\bmore real than\b",
    "inverted": r"\binvert(?:ed|s)?\b|\bflipp?(?:ed)?\b|\b1\s*[-−]\s*AUC\b|\bworse than random\b|\bbelow random\b|"
                r"\banti[- ]?correlat|\breversed?\b|\bwrong sign\b|\bopposite\b",
    "universal": r"\b(?:at|for|in|across) (?:every|each|all)\b|\bconsistently\b|\balways\b",
}
QUALIFIER_RE = {k: re.compile(p, re.I) for k, p in QUALIFIERS.items()}
NEGATION = re.compile(r"(?:\b(?:not|no|never|neither|nor|without|cannot|isn't|aren't|wasn't|weren't)\b|n't)"
                      r"(?:\s+\w+){0,2}\s*$", re.I)

_RELATIONS = [
    ("better", r"\bimproves\b(?! (?:with|as|when|for|at)\b)|\bbetter\b|\boutperform\w*|\bbeats?\b|\bbeating\b|\bsuperior\b|\bimprov\w* (?:on|over|upon)\b|\bwins?\b"),
    ("worse", r"\bworse\b|\bunderperform\w*|\binferior\b|\bloses to\b|\btrails?\b|\bfalls? short\b"),
    ("higher", r"\braises\b|\bincreases\b|\bboosts\b|\bhigher\b|\blarger\b|\bgreater\b|\bexceeds?\b|\bexceeding\b|\bbigger\b|\bmore than\b|\babove\b(?!\s*[:.,;]|$)"),
    ("lower", r"\blowers\b|\breduces\b|\bdecreases\b|\bcuts\b|\blower\b|\bsmaller\b|\bless than\b|\bfewer\b|\bbelow\b(?!\s*[:.,;]|$)"),
    ("similar", r"\bconsistent with\b|\bcompatible with\b|\bagrees? (?:well )?with\b|\bin agreement with\b|\bon par with\b|"
                r"\bsame as\b|\bcomparable (?:to|with)\b|\bindistinguishable from\b|\bclose to\b|\bmatch(?:es)?\b"),
]
RELATION_RE = re.compile("|".join(f"(?P<{k}>{p})" for k, p in _RELATIONS), re.I)

NUM = r"[-+−]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|\.\d+)(?:[eE][-+−]?\d+)?"
NUMBER_RE = re.compile(rf"(?<![\w.^/'’])(?P<num>{NUM})(?:\s*(?:×|x|\*)\s*10\^?\{{?(?P<exp>[-+−]?\d+)\}}?)?"
                       r"(?P<pct>\s*%)?(?!(?!σ)[\w'’]|\.\d)(?:\s*(?P<unit>σ|sigma\b|standard deviations?|s\.d\.|TeV\b|GeV\b|MeV\b))?",
                       re.I)
UNC_AFTER = re.compile(rf"^\s*(?:\(\s*)?(?:±|\+/-|\+-|\\pm)\s*(?P<u>{NUM})(?P<pct>\s*%)?|"
                       rf"^\s*\(\s*(?:std|stderr|sem|s\.e\.(?:m\.)?|s\.d\.|σ|sigma|standard (?:error|deviation)|unc\.?|"
                       rf"uncertainty|error)\s*[:=]?\s*(?P<u2>{NUM})(?P<pct2>\s*%)?|"
                       rf"^\s*\(?\s*(?P<cl>\d\d(?:\.\d)?\s*%\s*)?(?:CI|C\.L\.|CL|interval|confidence interval)?\s*[:=]?\s*"
                       rf"\[\s*(?P<lo>{NUM})\s*[,–-]\s*(?P<hi>{NUM})\s*\]", re.I)
SIZE_RE = re.compile(rf"(?P<n>{NUM})(?P<mult>\s*[kKM]\b)?[\s-]*(?P<what>(?:(?:test|held[- ]out|validation|evaluation|"
                     r"independent|labell?ed|training|signal|background|generated|real|QCD|top|jets?|events?)[\s-]+){0,3}"
                     r"(?:jets|events|samples|examples|labels|split|(?:test|training) (?:jets|events))\b)|\b(?:N|n|n_test|n_jets|n_events)\s*=\s*(?P<n2>\d[\d,]*)|"
                     r"\btest(?:ing)? (?:set|sample) of (?P<n3>\d[\d,]*)", re.I)
SEEDS_RE = re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|single|a single)\s+(?:random |independent |"
                      r"training |different )?(?P<w>seeds?|runs|trainings|initiali[sz]ations|repetitions)\b", re.I)
WORDS = {"one": 1, "single": 1, "a single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10}
ORDINAL_BEFORE = re.compile(r"(?:\b(?:step|steps|attempt|figure|fig\.?|table|tab\.?|section|sec\.?|eq\.?|equation|line|issue|"
                            r"round|stage|item|seed|run|epoch|layer|version|v|chapter|appendix|ref\.?|page|pp\.?|#)\s*|"
                            r"\b(?:tau|τ)_?)$", re.I)
THRESHOLD_BEFORE = re.compile(r"(?:[<>≤≥]=?|\b(?:above|below|over|under|exceeds?|at least|at most|cut(?: at| of)?|"
                              r"window|threshold(?: of)?|requir\w+|p_?T|pT|\|η\||η|eta|mjj|m_jj|R\s*=)\s*)$", re.I)
DIFF_BEFORE = re.compile(r"(?:\bby\b|\bgain of\b|\bimprovement of\b|\bdifference of\b|\bdrop of\b|\bincrease of\b|"
                         r"\bdecrease of\b|\bdelta\b|Δ\s*(?:\w+\s*)?=?|\bmargin of\b|\bexcess of\b)\s*(?:about |roughly |~|≈)?$",
                         re.I)
# "at 50% signal efficiency": a working point (a setting), and the name after it names that number
WORKING_POINT = re.compile(r"^\s*%?\s*(?:signal |background |tagging |sig\. |bkg\. )?(?:efficiency|eff\b|mistag|"
                           r"TPR|FPR|ε|eps|false[- ]positive|true[- ]positive|working point)", re.I)
WORKING_POINT_NAME = re.compile(rf"(?:\b(?:at|@|for)\s*{NUM}\s*%?\s*(?:signal |background |tagging )?)$", re.I)
CHANGE_AFTER = re.compile(r"^\s*%?\s*(?:relative |absolute )?(?:reduction|increase|improvement|gain|drop|decrease|"
                          r"rise|loss in|degradation|better|worse|higher|lower|smaller|larger)\b", re.I)
PAIRED = re.compile(r"\s*(?:[,)]\s*|[,)]?\s*(?:vs\.?|versus|against|compared (?:to|with)|and|or|to|→|->|/)\s*)"
                    r"(?:[(\w-]+\s+){0,4}(?:of|at|is|was|reaches|gives|with|:|=)?\s*", re.I)
PRECISION_BEFORE = re.compile(r"(?:\bknown to|\bto within|\bprecision of|\bresolved to|\bdetermined to)\s*(?:about |roughly |~|±)?$",
                              re.I)
OWNER_AFTER = re.compile(r".*?\b(?:for|of|by) (?:the |our |a )?(?P<who>[\w-]+)(?= (?:model|tagger|network|classifier|"
                         r"backbone|training|run|method|approach)\b)", re.I)
FACTOR_AFTER = re.compile(r"^\s*(?:×|x\b|times\b|-fold\b|fold\b)", re.I)
_STOP = set("the a an and with for from than that this are was were has have had its their reaches reach gives give at in on "
            "of to is be by as vs versus against we while which whereas whilst it achieves achieved obtains obtained "
            "reached gets got yields yielded shows showed about around roughly only".split())


def _float(s: str) -> float:
    return float(s.replace(",", "").replace("−", "-"))


def _quantity_near(text: str, start: int, end: int) -> str:
    """The quantity a number at text[start:end] is of: the nearest name before it in its clause
    ("AUC of 0.91", "AUC = 0.91"), or right after it ("0.91 AUC", "83% accuracy")."""
    def names(lo: int) -> list[re.Match[str]]:  # lookaheads ("p = 0.02") see past `start`
        return [m for m in QUANTITY_RE.finditer(text, lo, start + 12) if m.end() <= start
                and not WORKING_POINT_NAME.search(text, 0, m.start())]

    clause_start = max(text.rfind(c, 0, start) for c in ";:,(|") + 1
    before = names(clause_start)
    if not before:  # "AUC: 0.91", "(AUC 0.84 vs 0.87)": the clause's separator is not a boundary
        before = [m for m in names(max(text.rfind(c, 0, start) for c in ";.") + 1) if start - m.end() <= 40]
    while len(before) >= 2 and re.fullmatch(r"\s+(?:of|for|in)\s+(?:the\s+)?(?:[\w-]+\s+)?", text[before[-2].end():before[-1].start()]):
        before.pop()  # "perplexity of the code usage: 4731": the head noun names the number
    after = QUANTITY_RE.match(text, end, min(len(text), end + 25)) or QUANTITY_RE.search(text, end, min(len(text), end + 14))
    if after and (not before or after.start() - end < start - before[-1].end()) and not re.search(r"[,;]", text[end:after.start()]):
        return after.lastgroup or ""
    return before[-1].lastgroup or "" if before else ""


def _label(text: str, start: int, prev_end: int) -> str:
    parts = re.split(r"([;,:(|])|\bvs\.?|\bversus\b|\bwhile\b|\bwhereas\b", text[prev_end:start])
    # parts: text, separator, text, ...; "Transformer backbone: AUC 0.94", "the teacher (93.0%)": the
    # name stands before a ':' or '(' when nothing names the number after it
    for i in range(len(parts) - 1, -1, -2):
        words = [w.lower() for w in re.findall(r"[A-Za-z][\w-]{1,}", QUANTITY_RE.sub(" ", parts[i] or ""))
                 if w.lower() not in _STOP]
        if words or i < 2 or parts[i - 1] not in (":", "(") or (
                parts[i - 1] == "(" and RELATION_RE.search(parts[i - 2] or "")):  # "A beats B (0.9 vs 0.8)"
            return " ".join(words[-4:])
    return ""


def _uncertainty(rest: str, value: Value) -> int:
    """Attach `± u`, `(std u)` or `[lo, hi]` right after a number; returns the characters used."""
    u = UNC_AFTER.match(rest)
    if not u:
        return 0
    scale = 100.0 if value.shown.endswith("%") and value.quantity in BOUNDED | {"resolution", "bias"} else 1.0
    if u["u"] or u["u2"]:
        s = _float(u["u"] or u["u2"])
        pct = bool(u["pct"] or u["pct2"])
        value.uncertainty = round(abs(s) / (100.0 if pct and value.quantity in BOUNDED else scale), 12)
        if pct and value.quantity not in BOUNDED and not value.shown.endswith("%"):
            value.uncertainty = abs(s) / 100 * abs(value.value)  # "12 ± 5%": a relative error
    else:
        lo, hi = _float(u["lo"]) / scale, _float(u["hi"]) / scale
        value.interval = (lo, hi)
        z = 1.96 if u["cl"] and "95" in u["cl"] else 1.0
        value.uncertainty = abs(hi - lo) / 2 / z
    return u.end()


def _numbers(text: str, quantity_hint: str = "") -> list[Value]:
    out: list[Value] = []
    ends: dict[int, int] = {}  # id(value) -> end of its text (number and uncertainty)
    skip_until, prev_end = -1, 0
    for m in NUMBER_RE.finditer(text):
        if m.start() < skip_until:
            continue
        before = text[:m.start()]
        if ORDINAL_BEFORE.search(before) or re.search(r"[A-Za-z]$", before):
            continue
        shown = m.group(0).strip()
        v = _float(m["num"]) * (10 ** _float(m["exp"]) if m["exp"] else 1.0)
        unit = (m["unit"] or "").lower()
        q = quantity_hint or _quantity_near(text, m.start(), m.end())
        last = next((v for v in reversed(out) if v.quantity and v.role in ("result", "control", "classifier_test")), None)
        if not q and last is not None:
            seg = re.sub(rf"\b(?:at|@)\s*{NUM}\s*%?\s*(?:signal |background )?[\w-]+", " ", text[ends[id(last)]:m.start()])
            if PAIRED.fullmatch(seg):  # "0.84 vs 0.87", "112 ± 9 against 104 ± 8", "0.8% at 30% eff., against 1.1%"
                q = last.quantity
        if unit in ("σ", "sigma", "standard deviation", "standard deviations", "s.d."):
            q, unit = "significance", "sigma"
        elif unit in ("tev", "gev", "mev"):
            q = "mass" if q not in ("resolution", "bias") else q
        if re.match(r"[\s-]*(?:codes|codebook (?:entries|vectors)|entries|code vectors|(?:entry|code|token|word)s?[\s-]+"
                    r"(?:codebook|vocabulary))\b", text[m.end():], re.I) \
                or q == "codebook_size":
            q = "codebook_size"
        pct = bool(m["pct"])
        if pct and q in BOUNDED | {"resolution", "bias"}:
            v = round(v / 100, 12)
        val = Value(quantity=q, value=v, shown=shown, unit="%" if pct else unit, start=m.start(),
                    label=_label(text, m.start(), prev_end))
        if owner := OWNER_AFTER.match(re.split(r"[;,.](?:\s|$)", text[m.end():])[0]):
            val.label = f"{val.label} {owner['who']}".strip()  # "0.45 at ... for the fine-tuned model"
        bound = re.search(r"([<>≤≥])\s*=?\s*$", before)
        if bound:
            val.bound = "<" if bound.group(1) in "<≤" else ">"
        role = _role(text, m, before, val)
        if role == "threshold" and val.quantity and UNC_AFTER.match(text[m.end():]):
            role = "control" if CONTROL.search(_chunk(text, m.start())) else "result"  # a cut has no error bar
        val.role = role
        used = 0
        if role in ("result", "control", "classifier_test", "difference"):
            gap = re.match(r"\s*(?:[A-Za-z][\w-]*\s*){1,2}(?=\(\s*(?:±|\+/-))", text[m.end():])
            used = _uncertainty(text[m.end():], val)
            if not used and gap:
                used = gap.end() + _uncertainty(text[m.end() + gap.end():], val)
        skip_until = m.end() + used
        prev_end = skip_until
        ends[id(val)] = skip_until
        out.append(val)
    return out


def _role(text: str, m: re.Match[str], before: str, val: Value) -> Role:
    after = text[m.end():m.end() + 40]
    if SIZE_RE.match(text, m.start()) and not val.quantity.endswith("size"):
        size = SIZE_RE.match(text, m.start())
        if size and size["n"]:
            return "size"
    if SEEDS_RE.match(text, m.start()):
        return "seeds"
    if val.quantity == "codebook_size":
        return "setting"
    if val.bound and val.quantity in ("p_value", "significance"):
        return "result"
    if re.search(r"\bcodes?\b|\bentries\b|\btokens\b|\bepochs?\b|\blayers?\b|\bheads?\b|\bparameters\b", after[:12], re.I):
        return "setting"
    if val.unit in ("tev", "gev", "mev") or val.quantity == "mass":
        return "setting"
    if re.search(r"(?:\bat|@|\bfor)\s*$", before, re.I) and WORKING_POINT.match(after):
        return "setting"
    if PRECISION_BEFORE.search(before):
        return "difference"
    if DIFF_BEFORE.search(before) or FACTOR_AFTER.match(after) or CHANGE_AFTER.match(after) or re.match(r"\s*(?:points?|pp|percentage points)\b", after):
        return "difference"
    if THRESHOLD_BEFORE.search(before) and val.quantity not in ("p_value",):
        return "threshold"
    if val.quantity in ("", "multiplicity") and not val.shown.endswith("%") and "." not in val.shown:
        return "setting"  # a bare integer of no named quantity: a setting or a count
    ctx = text[max(0, m.start() - 80):m.end() + 40]
    if val.quantity in ("auc", "classifier_auc", "accuracy") and (CLASSIFIER_TEST.search(ctx) or val.quantity == "classifier_auc"
                                                                  or _generated_vs_real(text)):
        return "classifier_test"
    if CONTROL.search(_chunk(text, m.start())):
        return "control"
    return "result"


def _generated_vs_real(text: str) -> bool:
    """A sentence about a classifier between generated and real jets ("a classifier trained to tell
    generated and real jets apart reaches AUC 0.64")."""
    return bool(re.search(r"generat|synthetic|sampled", text, re.I) and re.search(r"\breal\b|\bdata\b|\btruth\b", text, re.I)
                and re.search(r"classif|discriminat|tell\b|distinguish|separat", text, re.I))


def _chunk(text: str, pos: int) -> str:
    """The words that name the number at `pos`: back to the previous number or clause boundary."""
    start = max(text.rfind(c, 0, pos) for c in ";,(") + 1
    prev = [m.end() for m in NUMBER_RE.finditer(text, 0, pos) if m.end() < pos]
    start = max([start, *prev[-1:]])
    chunk = re.split(r"\bvs\.?|\bversus\b|\bwhile\b|\bwhereas\b|\bagainst\b|\bthan\b", text[start:pos])[-1]
    return chunk


def _qualifiers(text: str) -> list[str]:
    out = []
    for name, rx in QUALIFIER_RE.items():
        for m in rx.finditer(text):
            neg = bool(NEGATION.search(text[:m.start()])) or m.group(0).lower().startswith("insignificant")
            out.append(("not_" if neg else "") + name)
    if re.search(r"\binsignificant\b|\bnot (?:statistically )?significant", text, re.I):
        out = [q for q in out if q != "significant"] + ["not_significant"]
    return list(dict.fromkeys(out))


def _sizes(text: str) -> tuple[int | None, int | None, int | None, int | None]:
    n = n_sig = n_bkg = None
    for m in SIZE_RE.finditer(text):
        raw = m["n"] or m["n2"] or m["n3"]
        try:
            k = int(_float(raw) * {"k": 1e3, "m": 1e6}.get((m["mult"] or "").strip().lower(), 1))
        except ValueError:
            continue
        what = (m["what"] or "").lower()
        if re.search(r"train|labell?ed|\blabels\b|generated", what) or re.search(r"\btrain\w*\s+(?:on|with)\s*$",
                                                                                    text[:m.start()], re.I):
            continue  # a training set says nothing about the test statistics
        if "signal" in what:
            n_sig = k
        elif "background" in what or "qcd" in what:
            n_bkg = k
        elif n is None:
            n = k
    if n is None and n_sig and n_bkg:
        n = n_sig + n_bkg
    seeds = None
    if s := SEEDS_RE.search(text):
        seeds = WORDS.get(s["n"].lower()) or (int(s["n"]) if s["n"].isdigit() else None)
    return n, n_sig, n_bkg, seeds


# ---- comparisons -------------------------------------------------------------------------------
_SIDE_GENERIC = {"than", "better", "worse", "model", "tagger", "classifier", "network", "result", "method", "approach",
                 "one", "jet", "sample", "score", "version", "variant", "run", "also", "clearly", "significantly"}


def stem(word: str) -> str:
    """"Fine-tuning", "finetuned", "fine-tuned" -> "finetun"; "ours", "our method" -> "ours"."""
    w = word.lower().replace("-", "").replace("_", "")
    if w in ("our", "ours", "proposed"):
        return "ours"
    return re.sub(r"(?:ing|ed|es|s)$", "", w) if len(w) > 4 else w


def _words(s: str) -> set[str]:
    words = {w.lower() for w in re.findall(r"[A-Za-z][\w-]{2,}", s)}
    words |= {p for w in words if "-" in w for p in w.split("-") if len(p) > 2}  # "frozen-backbone": both parts too
    return {stem(w) for w in words - _STOP - _SIDE_GENERIC} - {stem(w) for w in _SIDE_GENERIC}


def adopt(v: Value, quantity: str) -> None:
    """Name the quantity of a number that did not say it ("0.84 vs 0.87": the second is an AUC too)."""
    v.quantity = quantity
    if v.unit == "%" and quantity in BOUNDED | {"resolution", "bias"} and v.uncertainty is None:
        v.value = round(float(v.shown.rstrip("% ").replace(",", "")) / 100, 12)


FROM_TO = re.compile(rf"\b(?P<verb>increas|rise|rose|risen|grow|grew|climb|improv|decreas|drop|fall|fell|reduc|declin|"
                     rf"degrad|worsen|rais|lower)\w*\s+(?:[\w-]+\s+){{0,5}}?from\s+(?P<a>{NUM})\s*%?\s+to\s+(?P<b>{NUM})", re.I)
UP, DOWN, GOOD, BAD = ("increas", "rise", "rose", "risen", "grow", "grew", "climb", "rais"), \
    ("decreas", "drop", "fall", "fell", "reduc", "declin", "lower"), ("improv",), ("degrad", "worsen")


def _from_to(text: str, values: list[Value]) -> Comparison | None:
    """"the loss decreased from 3.02 to 3.41": the second number against the first."""
    for m in FROM_TO.finditer(text):
        a = next((i for i, v in enumerate(values) if v.start == m.start("a")), None)
        b = next((i for i, v in enumerate(values) if v.start == m.start("b")), None)
        verb = m["verb"].lower()
        rel = "higher" if verb in UP else "lower" if verb in DOWN else "better" if verb in GOOD else "worse"
        if a is not None and b is not None and values[b].role in ("result", "control", "classifier_test"):
            if not values[a].quantity:
                adopt(values[a], values[b].quantity)
            return Comparison(relation=rel, left=b, right=a, word=f"{m['verb']}... from {values[a].shown} to "  # type: ignore[arg-type]
                              f"{values[b].shown}", negated=bool(NEGATION.search(text[:m.start()])))
    return None


def _comparison(text: str, values: list[Value]) -> Comparison | None:
    if ft := _from_to(text, values):
        return ft
    res = [i for i, v in enumerate(values) if v.role in ("result", "control", "classifier_test")]
    for k in RELATION_RE.finditer(text):
        rel = k.lastgroup or "similar"
        negated = bool(NEGATION.search(text[:k.start()]))
        before = [i for i in res if values[i].start < k.start()]
        after = [i for i in res if values[i].start >= k.end()]
        c = Comparison(relation=rel, negated=negated, word=k.group(0),  # type: ignore[arg-type]
                       subject=text[:k.start()], object=text[k.end():])
        ref = _reference(text[k.end():], values, k.end())
        if before and after:
            c.left, c.right = before[-1], after[0]
        elif len(after) >= 2:
            c.left, c.right = after[0], after[1]
        elif len(before) >= 2 and len({values[i].quantity for i in before}) > 1:
            q = values[before[-1]].quantity  # "(S/B = 1%): AUC 0.61, above ...": the last number's quantity
            same = [i for i in before if values[i].quantity in (q, "")]
            if len(same) >= 2:
                c.left, c.right = same[-2], same[-1]
            elif ref is not None:
                c.left, c.reference = before[-1], ref
        elif len(before) >= 2:
            last = max(values[i].start for i in before)
            subj = _words(re.sub(r"[^,;]*[,;]", "", text[last:k.start()], count=0) or text[last:k.start()])
            hit = [i for i in before if subj & _words(values[i].label)]
            c.left = hit[0] if len(hit) == 1 else before[0]
            c.right = next(i for i in before if i != c.left)
        elif (before or after) and ref is not None:
            c.left, c.reference = (before or after)[0], ref
        elif rel == "similar" and not before and not after and ref is None:
            continue  # "matches the expectation": nothing to compare
        if c.left is not None:
            a = values[c.left]
            named = [m for m in QUANTITY_RE.finditer(text, a.start, k.start()) if m.start() > a.start]
            if named and a.quantity and named[-1].lastgroup != a.quantity and c.right is None:
                continue  # "4.2% resolution and a bias below 1%": the bias, not the resolution, is compared
        if c.left is not None and c.right is not None:
            a, b = values[c.left], values[c.right]
            if a.quantity and b.quantity and a.quantity != b.quantity:
                continue  # "AUC 0.9 with higher efficiency 0.4": not one comparison
            if not b.quantity:
                adopt(b, a.quantity)
            head = re.split(NUM, c.object)[0][:60] if b.start >= k.end() else ""
            if b.role == "result" and CONTROL.search(head):  # "above the control (0.50 ± 0.01)"
                b.role = "control"
        return c
    return None


def _reference(rest: str, values: list[Value], offset: int) -> float | None:
    """The threshold a comparison is made against: "than random", "than 0.5"."""
    if re.match(r"^\s*(?:than |to |with |of |from )?(?:a |the )?(?:random|chance|coin)", rest, re.I):
        return 0.5
    for v in values:
        if v.role == "threshold" and offset <= v.start <= offset + 20:
            return v.value
    return None


SUPERLATIVE = re.compile(r"\b(?:the )?(?P<w>best|highest|lowest|worst|largest|smallest|strongest|weakest)\b"
                         r"(?! (?:case|practice|fit|possible|known|of luck)\b)", re.I)
SUPER_RELATION: dict[str, Relation] = {"best": "better", "strongest": "better", "worst": "worse", "weakest": "worse",
                                       "highest": "higher", "largest": "higher", "lowest": "lower", "smallest": "lower"}


def _superlative(text: str) -> Comparison | None:
    m = SUPERLATIVE.search(text)
    if m is None or NEGATION.search(text[:m.start()]):
        return None
    return Comparison(relation=SUPER_RELATION[m["w"].lower()], word=m.group(0), subject=text[:m.start()],
                      object=text[m.end():], superlative=True)


def _resolve_superlative(c: Claim, near: list[Claim]) -> None:
    """"The transformer gives the best performance of the three": its number against the best
    of the others (of the same quantity, named by their own labels) in the lines before."""
    comp = c.comparison
    assert comp is not None
    subj = _words(re.split(r"[,;:]", comp.subject)[-1])
    for q in dict.fromkeys(v.quantity for d in near for v in d.results() if v.quantity):
        pool = [v for d in near for v in d.results(q) if v.role == "result" and _words(v.label)]
        mine = [v for v in pool if subj & _words(v.label)]
        others = [v for v in pool if not subj & _words(v.label)]
        if len(mine) != 1 or not others:
            continue
        hb = HIGHER_BETTER.get(q)
        up = comp.relation == "higher" or (comp.relation in ("better", "worse") and hb is not None
                                           and (hb == (comp.relation == "better")))
        if comp.relation in ("better", "worse") and hb is None:
            return
        rival = max(others, key=lambda v: v.value) if up else min(others, key=lambda v: v.value)
        c.values += [mine[0].model_copy(update={"start": BORROWED}), rival.model_copy(update={"start": BORROWED + 1})]
        comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
        return


# ---- claims ------------------------------------------------------------------------------------
def _prose_claim(u: Unit) -> Claim | None:
    values = _numbers(u.text)
    quals = _qualifiers(u.text)
    comp = _comparison(u.text, values) or _superlative(u.text)
    if not values and not quals and comp is None:
        return None
    n, n_sig, n_bkg, seeds = _sizes(u.text)
    if u.context and CONTROL.search(u.context):  # a sentence under "## No-signal control"
        for v in values:
            if v.role == "result" and v.quantity in ("auc", "accuracy", "sic"):
                v.role = "control"
    return Claim(line=u.line, text=u.text, values=values, comparison=comp, qualifiers=quals, sample_size=n,
                 n_signal=n_sig, n_background=n_bkg, seeds=seeds, kind="prose", context=u.context)


UNC_KEY = re.compile(r"^(?P<base>.*?)[ _-]*(?:std|stderr|sem|err|error|unc|uncertainty|sigma)(?:[ _-]*(?:of[ _]mean)?)?$", re.I)


def _row_claim(u: Unit) -> Claim | None:
    header = u.header if len(u.header) == len(u.cells) else ("",) * len(u.cells)
    label_cells = [c for c in u.cells if c and not NUMBER_RE.fullmatch(c.strip()) and not re.match(rf"^\s*{NUM}", c)]
    label = " ".join(label_cells)
    row_q = ""
    for c in label_cells:
        if m := QUANTITY_RE.search(c):
            row_q = m.lastgroup or ""
            break
    values: list[Value] = []
    n = n_sig = n_bkg = seeds = None
    by_key: dict[str, Value] = {}
    offset = 0
    for h, cell in zip(header, u.cells, strict=True):
        key = h.replace("_", " ").strip()
        if not re.match(rf"^\s*[<>≤≥]?\s*{NUM}", cell):
            offset += len(cell) + 3
            continue
        if (um := UNC_KEY.match(h)) and (um["base"] in by_key or (not um["base"] and by_key)):
            by_key[um["base"] or next(iter(by_key))].uncertainty = abs(_float(NUMBER_RE.search(cell)["num"]))  # type: ignore[index]
            continue
        if SIZE_KEY.match(h.strip()) or re.search(r"\btest (?:jets|events|size)\b", key, re.I):
            n = int(_float(NUMBER_RE.search(cell)["num"]))  # type: ignore[index]
            continue
        if re.fullmatch(r"(?:n[ _])?seeds?|n[ _]?seeds", h.strip(), re.I):
            seeds = int(_float(NUMBER_RE.search(cell)["num"]))  # type: ignore[index]
            continue
        qm = QUANTITY_RE.search(key)
        q = (qm.lastgroup or "") if qm else row_q
        if re.fullmatch(r"K|codebook(?: size)?|(?:n |num )?codes|vocab(?:ulary)?(?: size)?|codebook entries", key, re.I):
            q = "codebook_size"
        # "mistag_rate_finetuned": the key's words that are not the quantity's name what it is of
        bare = re.sub(rf"(?:@|\bat)\s*{NUM}\s*%?\s*(?:signal |background )?[\w.]*", " ", key)  # "@ 50% eff"
        own = " ".join(w for w in re.findall(r"[A-Za-z][\w-]+", QUANTITY_RE.sub(" ", bare))
                       if w.lower() not in _STOP and not re.fullmatch(r"rate|value|mean|avg|at|std|%", w, re.I))
        pct = bool(re.search(r"[(\[]\s*%\s*[)\]]|\bin %|(?<![\d\s])\s*%\s*$", h)) and "%" not in cell
        vals = _numbers(cell + ("%" if pct else ""), quantity_hint=q) if q else _numbers(f"{key} {cell}")
        for v in vals:
            if not q and v.role == "result" and not v.quantity:
                v.role = "setting"  # a number in a column of no named quantity (a size, a fraction)
            v.start += offset
            v.label = f"{label} {own}".strip()
            ctx = f"{label} {key} {u.context}".replace("_", " ")
            if v.quantity in ("auc", "accuracy", "classifier_auc") and (CLASSIFIER_TEST.search(ctx)
                                                                          or v.quantity == "classifier_auc"):
                v.role = "classifier_test"
            elif v.role == "result" and CONTROL.search(ctx):
                v.role = "control"
        values += vals
        if vals:
            by_key[h] = vals[0]
        offset += len(cell) + 3
    if not values:
        return None
    return Claim(line=u.line, text=u.text, values=values, qualifiers=_qualifiers(label), sample_size=n,
                 n_signal=n_sig, n_background=n_bkg, seeds=seeds, kind="row", context=u.context)


def _resolve_comparisons(claims: list[Claim]) -> None:
    """A comparison without its numbers ("fine-tuning is clearly better than scratch") takes
    them from the claims just before it (within 6 lines) whose labels name its two sides."""
    for i, c in enumerate(claims):
        comp = c.comparison
        if comp is None or comp.left is not None or comp.relation == "similar":
            continue
        if comp.superlative:
            _resolve_superlative(c, [c] + [d for d in claims[max(0, i - 12):i] if 0 <= c.line - d.line <= 4])
            continue
        subj, obj = _words(re.split(r"[,;:]", comp.subject)[-1]), _words(comp.object)
        if not subj:
            continue
        near = [c] + [d for d in claims[max(0, i - 12):i + 4] if d is not c and abs(d.line - c.line) <= 6]
        for q in dict.fromkeys(v.quantity for d in near for v in d.results() if v.quantity):
            def of(d: Claim, q: str = q, c: Claim = c) -> list[Value]:  # its own unnamed numbers are of q too
                return [v for v in d.results() if v.quantity == q or (d is c and not v.quantity)]
            pool = [(d, v) for d in near for v in of(d)]
            labels = [_words(v.label) for _, v in pool]
            shared = set.intersection(*labels) if len(labels) > 1 else set()  # "backbone" in every label
            own = [lab - shared for lab in labels]
            left = [v for (_, v), w in zip(pool, own, strict=True) if subj & w and not obj & w]
            right = [v for (d, v), w in zip(pool, own, strict=True) if w and not subj & w
                     and (obj & w or (d is c and not obj))]
            if len(left) == 1 and len(right) == 1:
                sides = [left[0].model_copy(update={"start": BORROWED}), right[0].model_copy(update={"start": BORROWED + 1})]
                for v in sides:
                    if not v.quantity:
                        adopt(v, q)
                c.values += sides
                comp.left, comp.right = len(c.values) - 2, len(c.values) - 1
                break


def extract(text: str, fmt: Format | None = None, name: str = "") -> list[Claim]:
    """Every claim of a report (markdown, plain text or a JSON answer), in reading order."""
    fmt = fmt or guess_format(text, name)
    out: list[Claim] = []
    for u in units(text, fmt):
        c = _row_claim(u) if u.kind == "row" else _prose_claim(u)
        if c is not None:
            out.append(c)
    _resolve_comparisons(out)
    return out
