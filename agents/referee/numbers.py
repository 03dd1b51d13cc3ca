"""How a report states a number: its quantity (the nearest name), what it is of (its label), its
role (a result, a control, a cut, a size...), its uncertainty, and the sizes and seeds around it."""

from __future__ import annotations

import bisect
import functools
import math
import re

from agents.referee.layout import REPL_PROMPT
from agents.referee.types import Role, Value
from agents.referee.vocabulary import (
    BARE_SUM_ON,
    BOUNDED,
    BRACKET_PAIR,
    BRACKETED_SUM,
    CHANGE_AFTER,
    CLASS_COUNTS_VS,
    CLASS_LIST_PAIR,
    CLASS_PAIR,
    CLASS_SUM_SET,
    CLASSIFIER_TEST,
    CONTROL,
    DEFINITION,
    DIFF_BEFORE,
    FACTOR_AFTER,
    NEGATION,
    NUM,
    NUMBER_RE,
    ORDINAL_BEFORE,
    OWNER_AFTER,
    PAIRED,
    PRECISION_BEFORE,
    QUALIFIER_RE,
    QUANTITY_RE,
    RELATION_RE,
    SEEDS_RE,
    SIZE_RE,
    SLASH_PAIR,
    SPELLED_COUNT,
    STOP,
    SUM_PAIR,
    TEST_PAIR,
    TEST_SET_CLASS_LIST,
    THRESHOLD_BEFORE,
    UNC_AFTER,
    UNC_BEFORE,
    VS_PAIR,
    WORDS,
    WORKING_POINT,
    WORKING_POINT_NAME,
    index_joined_to_name,
)


def to_float(s: str) -> float:
    """A printed number; ValueError for one too large to be a measurement ("1e999")."""
    s = s.replace("−", "-")
    v = float(s.replace(",", ".") if re.fullmatch(r"[-+]?0,\d+", s) else s.replace(",", ""))  # "0,91" is 0.91
    if not math.isfinite(v):
        raise ValueError(f"not a finite number: {s}")
    return v


APPOSITIVE = re.compile(r",\s*(?:as\s+)?(?:measured|evaluated|obtained|computed|determined|estimated|taken|derived|averaged)\b"
                        r"[^;:()]{0,120}?,(?=\s*(?:is|was|are|were|comes to|reads|gives|amounts to)\s*$)")


NAMED_NUMBER_THEN_OWN_KEYS = re.compile(rf"[ \t]*[=:]?[ \t]*{NUM}[ \t]*%?(?:[ \t]*(?:±|\+/-|\+-)[ \t]*{NUM}[ \t]*%?)?"
                                        r"(?:[ \t]*\([^()=]{0,20}\))?"
                                        rf"(?:[,;]?[ \t]+[A-Za-z][\w@.-]{{0,15}}[ \t]?=[ \t]*{NUM}%?){{0,6}}[,;]?[ \t]+[A-Za-z][\w@.-]{{0,15}}[ \t]?=[ \t]*")


# "perplexity = exp(H) = e^7.9 = 2697", "rejection = 1/eps_B = 1/0.0042 = 238": a name set equal to formulas, then to a
# number; each link of the chain is worked out (a function, a power, a ratio), the number at its end is the name's value
_FORMULA = (r"(?:(?:[A-Za-z]{1,6}|√)[ \t]*\([ \t]*[^()=\n]{1,15}\)|\(?[A-Za-z\d._{}]{1,8}\)?[ \t]*[\^/*×][ \t]*\(?[A-Za-z\d._{}-]{1,8}\)?"
            r"|√[ \t]*[A-Za-z\d._]{1,8})")
WORKED_OUT_CHAIN = re.compile(rf"[ \t]*=[ \t]*(?:{_FORMULA}[ \t]*(?:=|≈)[ \t]*){{1,3}}(?:~|≈|approx\.?[ \t]*)?", re.I)


# "(AUC − 0.5)", "|eps_B - 0.01|": a name in brackets that is one term of an expression with a number; that number and a
# number said of the expression (the AUC's margin over chance) are not the quantity itself
EXPRESSION_OF_NAME = re.compile(rf"\s*[-−+*×/]\s*{NUM}\s*[)|\]]")


def _bracketed_expression(text: str, name: re.Match[str]) -> bool:
    return bool(re.search(r"[(|\[]\s*$", text[max(0, name.start() - 4):name.start()])) and bool(EXPRESSION_OF_NAME.match(text, name.end()))


# "AUC > control + 3 sigma: ": a name set against a bar of words in a condition, the number after the colon another's
NAME_IN_A_CONDITION_BEFORE_COLON = re.compile(r"\s*(?:[<>≤≥]=?|>=|<=)\s*[A-Za-z][^:\n]{0,40}:\s*")


# "s/b=0.003  auc_sr_vs_sb=0.5583": fields written KEY=VALUE; a key that opens with a name ("auc sr vs sb=", its
# underscores read as spaces) names its own value, not the value of the field before it
FIELD_BEFORE_NAME = re.compile(rf"[\w/)\]]=[ \t]*{NUM}[ \t]*%?[ \t]+$")
KEY_REST_THEN_EQUALS = re.compile(r"(?: [a-z][a-z0-9]{0,5}){1,4}=[ \t]*", re.I)


def _key_of_its_own_field(text: str, name: re.Match[str], start: int) -> bool:
    return bool(FIELD_BEFORE_NAME.search(text, 0, name.start()) and KEY_REST_THEN_EQUALS.fullmatch(text, name.end(), start))


def _quantity_near(text: str, start: int, end: int) -> str:
    """The quantity a number at text[start:end] is of: the nearest name before it in its clause
    ("AUC of 0.91", "AUC = 0.91"), or right after it ("0.91 AUC", "83% accuracy")."""
    # "Max SIC (max TPR/sqrt(FPR) over cuts ...): 2.03": a long parenthesis defines, it does not name the number
    # and "R_g(at 0.9 eps_q) = 0.87": a working point written as the name's argument names nothing after it
    text = re.sub(r"\((?:[^()]|\([^()]*\))*\)", lambda p: " " * len(p.group(0)) if len(p.group(0)) > 25
                  or p.group(0).startswith("(at ") else p.group(0), text[:start]) + text[start:]
    text = _defining_bracket(text, start)
    term = [n for n in QUANTITY_RE.finditer(text, max(0, start - 40), start) if re.fullmatch(r"\s*[-−+*×/]\s*", text[n.end():start])]
    if term and _bracketed_expression(text, term[-1]):
        return ""  # the 0.5 of "(AUC − 0.5)": a constant of an expression of the name, no value of it
    chain = [m for m in QUANTITY_RE.finditer(text, max(0, start - 80), start) if WORKED_OUT_CHAIN.fullmatch(text, m.end(), start)]
    if chain:
        return chain[-1].lastgroup or ""  # "perplexity = exp(H) = e^7.9 = 2697": the name the chain of formulas starts from

    def names(lo: int) -> list[re.Match[str]]:  # lookaheads ("p = 0.02") see past `start`
        return [m for m in QUANTITY_RE.finditer(text, lo, start + 12) if m.end() <= start
                and not WORKING_POINT_NAME.search(text, 0, m.start())
                and not (re.search(r"@\s*$", text[max(0, m.start() - 3):m.start()])  # "eff_sig@fpr1pct: 0.41": the working point
                         and not re.fullmatch(r"\s*[=:]\s*", text[m.end():start]))  # (its own number: "@ eps_S=0.5")
                and not (AT_NAME.search(text, 0, m.start()) and re.search(NUM, text[m.end():start]))
                and not AT_OPTIMUM.search(text, 0, m.start())
                and not _bracketed_expression(text, m)  # "(AUC − 0.5) went from 0.112": the expression's, and its 0.5 too
                and not (re.match(rf"\s*[=:]\s*{NUM}", text[m.end():start]) and not re.fullmatch(r"\s*[=:]\s*", text[m.end():start]))
                and not (m.group(0).rstrip().endswith(("=", ":")) and re.match(rf"\s*{NUM}", text[m.end():start]))
                # "codebook K=1024, dim=32": a name written with its '=' ("K=") names its own number, not the next field's
                and not NAMED_NUMBER_THEN_OWN_KEYS.fullmatch(text, m.end(), start)
                # "tok AUC 0.9801 R30=820 R50=140": after the name's own number, a field written 'KEY=' is that key's
                and not (re.search(rf"(?<![\w.]){NUM}\s*%?[\s-]*$", text[:m.start()])
                         and not re.match(r"\s*(?:[=:@(]|of\b|is\b)", text[m.end():])
                         and not _key_of_its_own_field(text, m, start)
                         and not (re.search(rf"{NUM}[ \t]{{2,}}$", text[:m.start()]) and re.fullmatch(r"[ \t]+", text[m.end():start])))]
    # ("accuracy 0.9298  loss 0.2635": a name set two spaces after a number and right before this one is this one's)
    # "cutting at the 1% efficiency threshold, ... the 3.4-3.6 TeV bins": a name right after a number is that number's

    # "The signal efficiency at the 2% working point, measured on a sample of 20,000 jets, is 0.312": the participle's
    # clause stands between the name and its number
    text = APPOSITIVE.sub(lambda p: " " * len(p.group(0)), text[:start]) + text[start:]
    clause_start = max(text.rfind(c, 0, start) for c in ";:,(|") + 1
    before = names(clause_start)
    if not before:  # "AUC: 0.91", "(AUC 0.84 vs 0.87)": the clause's separator is not a boundary
        before = [m for m in names(max([b.end() for b in SENTENCE_END.finditer(text, 0, start)] or [0]))
                  if len(_WORKING_POINT_AT.sub(" ", text[m.end():start])) <= 40 and not _measured_between(text[m.end():start])
                  and not NAME_IN_A_CONDITION_BEFORE_COLON.fullmatch(text, m.end(), start)]
        # ("lowest s/b with AUC > control + 3 sigma: 0.006": the AUC is the condition's, the number is what meets it)
        # no measured number between, none another name's ("1/ε_B = 633 vs 888"); a working point's "at eps_S = 0.3" is none,
        # nor does it count to the distance ("Mistag rate at the eps_S = 0.5 working point: A 0.081%, B 0.099%")
    if before and _respectively(text, before[-1], start, end):
        return ""  # "bias and resolution ... (-0.029 and 0.14)": which name is whose is for the reader to guess
    while len(before) >= 2 and re.fullmatch(r"\s+(?:of|for|in)\s+(?:the\s+)?(?:[\w-]+\s+)?", text[before[-2].end():before[-1].start()]):
        before.pop()  # "perplexity of the code usage: 4731": the head noun names the number
    of = re.match(r"\s*%?\s*(?:(?:percentage[- ])?points?|pp|p\.p\.)?\s*(?:of|in)\s+(?:the\s+)?", text[end:end + 40])
    if of and (named := QUANTITY_RE.match(text, end + of.end())):
        return named.lastgroup or ""  # "by 9.7 points of AUC", "+0.004 in AUC": the name the change is in
    after = QUANTITY_RE.match(text, end, min(len(text), end + 25)) or QUANTITY_RE.search(text, end, min(len(text), end + 14))
    if after and (whole := QUANTITY_RE.match(text, after.start(), min(len(text), after.start() + 40))) and whole.end() > after.end():
        after = whole  # "0.9861   1/eps_B = 1,290": the name cut at the window's edge ("1/eps") is read whole, with its subscript
    if after and re.match(r"\s*(?:\([^()]{0,20}\))?\s*(?:(?:@|at)\s*(?:[^=\s]{1,12}\s?){1,2}\s*=\s*[\d.]+\s*%?\s*|"
                          r"@[A-Za-z][\w.]*\d[\w.%]*\s*)?[=:]", text[after.end():after.end() + 60]):
        after = None  # "bias = -0.0042  resolution (std) = 0.0311", "mistag @ eps_S=0.5 = 0.0062": that name is the next number's
        # (and "ztag/mistag@eff0.5: 0.0250": its working point glued by '@')
    if after and re.fullmatch(r"[ \t]{2,}", text[end:after.start()]) and re.match(rf"[ \t]{{2,}}{NUM}", text[after.end():after.end() + 40]):
        after = None  # "Upper CL Dif     0.004384  Prob > |t|      0.2454": fields printed in columns, each key before its
        # value; a name set apart on both sides, between two numbers, is the key of the one after it
    if after and re.fullmatch(r"\s*\(\s*(?:i\.e\.,?\s*|=\s*|or\s+)?", text[end:after.start()]) \
            and re.match(rf"\s*(?:[=:]|of|is)?\s*(?:~|≈|about|approx\.?)?\s*{NUM}", text[after.end():after.end() + 30]):
        after = None  # "= 0.021 (rejection ~48)": a bracket that restates the number as another quantity names its own number
    if after and (sym := re.fullmatch(r"R_?\{?([1-9]0)\}?", after.group(0))) and re.fullmatch(r"\s*\(\s*", text[end:after.start()]) \
            and re.fullmatch(r"0?\.\d+", text[start:end]) and abs(float(text[start:end]) * 100 - int(sym[1])) < 1e-6:
        return "efficiency"  # "ε_S = 0.3 (R30) or 0.5 (R50)": the working point the rejection's symbol is taken at, no rejection
    if after and re.search(r"(?<![\w.])[^\W\d_][\w.]{0,15}\s*=\s*$", text[max(0, start - 20):start]):
        after = None  # "n_sig=0 AUC 0.55", "ε_S = 0.3 (R30)": a number written 'key=N' is the key's value, not of the name
        # after it (a Greek symbol's too)
    if after and (not before or after.start() - end < start - before[-1].end()) and not re.search(r"[,;:]|->|→|=>|\b(?:with|and|while|whereas|for|at)\b", text[end:after.start()]):
        return after.lastgroup or ""  # (not "= .024 -> R50 41.7": a name after an arrow is of what the number turns into)
    return before[-1].lastgroup or "" if before and not _ratio(text, before[-1]) else ""


def _defining_bracket(text: str, start: int) -> str:
    """'Mass resolution (half IQR / median): 11.2%': a bracket of words between a quantity's name and its ':' says how it
    is defined (its 'IQR / median' is no second quantity, nor a ratio the number is of); it is blanked."""
    def blank(p: re.Match[str]) -> str:
        named = QUANTITY_RE.search(text, max(0, p.start() - 30), p.start())
        return " " * len(p.group(0)) if named and not text[named.end():p.start()].strip() else p.group(0)
    return re.sub(r"\([^()\d]{1,40}\)(?=\s*[:=])", blank, text[:start]) + text[start:]


# "at eps_S = 0.3", "at the ε_S = 0.5 working point": where the numbers after a name are taken
_WORKING_POINT_AT = re.compile(r"(?:\bat|@)\s*(?:the\s+)?(?:[^\W\d][^=\s<>!]{0,11}\s?){1,2}(?<![<>!])=\s*[\d.]+\s*%?(?:\s*(?:working point|WP)\b)?", re.I)


# "+-410" with no number before it: an error bar of its own, written in ASCII (not "4370 +-410", not "-0.3 +- 0.1")
BARE_ASCII_ERROR_BAR = re.compile(r"(?:(?<=[:=(,;])|(?<=[:=(,;]\s)|(?<=\s\s)|(?<=^)|(?<=\n)|(?<=[A-Za-z]\s))\+-(?=\s?\d)")


def _measured_between(seg: str) -> bool:
    """A measured number between a name and the number it may name ("AUC 0.91 and 0.93"), or another name's own number
    ("1/ε_B = 633 vs 888"); a working point ("rejection at eps_S = 0.3 (1180 vs 1320)") is neither."""
    seg = _WORKING_POINT_AT.sub(" ", seg[:200])
    # "toptag/mistag@eff0.5: 0.0241": a working point glued to its name by '@' (its 0.5 the signal efficiency the rate
    # is taken at) is the name's label, no measured number between the name and its value
    seg = AT_WORKING_POINT.sub(" ", seg)
    return bool(re.search(r"\d+\.\d|(?<![\w.])\.\d", seg) or any(  # ".5012": no leading zero
        re.match(r"\s*[=:]\s*\d", seg[q.end():]) for q in QUANTITY_RE.finditer(seg)))


# "TPR at max SIC before the fix is 0.31": the optimum of a quantity is where the number is taken, not what it is
AT_OPTIMUM = re.compile(r"\b(?:at|@)\s+(?:the\s+)?(?:max(?:imum|imal)?|min(?:imum|imal)?|best|optimal|optimum|peak)\s+$", re.I)


def _ratio(text: str, name: re.Match[str]) -> bool:
    """The name is one side of a ratio ("perplexity_over_K: 0.844", "the ratio of selected events to the prediction at
    the 1% background-efficiency working point is 1.012"): the number is the ratio, not that quantity."""
    return bool(re.match(r"[ _]*(?:over|/|divided by)[ _]*[A-Za-z]", text[name.end():], re.I)
                or re.search(r"\bratio (?:of|between)\b[^.;]{0,100}$", text[:name.start()], re.I))


# "efficiency at a background rejection of 100, ...: 0.01": the name after 'at' is the working point's, not later numbers'
# (also "at 50%", "at the same 50%", "@ a fixed 30%": a working point's value follows)
AT_NAME = re.compile(r"\b(?:at|@)\s*(?:(?:a|an|the)\s+)?(?:(?:fixed|same|common|given|matched)\s+)?(?:(?:background|signal)\s+)?$", re.I)


def _respectively(text: str, name: re.Match[str], start: int, end: int) -> bool:
    """Two names joined ("bias and resolution") and the number one of a pair ("-0.029 and 0.14")."""
    if not (re.search(r"(?:\band|\bor|/)\s*$", text[:name.start()]) and QUANTITY_RE.search(text, max(0, name.start() - 30),
                                                                                       name.start())):
        return False
    return bool(re.search(rf"{NUM}\s*(?:±\s*{NUM}\s*)?(?:and|,|/)\s*$", text[max(0, start - 40):start])
                or re.match(rf"\s*(?:±\s*{NUM}\s*)?(?:and|,|/)\s*{NUM}", text[end:end + 40]))


def _bracket_after_compared_name(parts: list[str | None], i: int) -> bool:
    """Is `parts[i]` the inside of a bracket that follows a short name right after 'compared with', 'vs', 'against'
    (a separator `_label` splits on without keeping it)?"""
    if i < 2 or parts[i - 1] != "(":
        return False
    lead = r"" if i >= 3 and parts[i - 3] is None else r"(?i:compared\s+(?:with|to)|relative\s+to|against|versus|vs\.?)\s+"
    return re.fullmatch(rf"\s*{lead}(?:the\s+)?[A-Za-z][\w.+-]{{0,20}}(?:\s+[A-Za-z][\w.+-]{{0,20}})?\s*", parts[i - 2] or "") is not None


# "eff@mistag1pct", "rej@eps30": a working point joined to its name by '@', read as one word of the label (its digits kept,
# its quantity's name not read as the number's)
AT_WORKING_POINT = re.compile(r"@\s*([A-Za-z][\w.]*\d[\w.%]*)")


# "generated vs truth      AUC = 0.612", "truth split A vs truth split B   AUC = 0.502": a row opened by a pairing, set off
# from its number by a column gap, names the one test the row measures (two samples), not two sides
ROW_NAME_PAIRING = re.compile(r"^\s*([A-Za-z][\w-]*(?: [\w-]+){0,3}) (?:vs\.?|versus) ([\w-]+(?: [\w-]+){0,3})(?= {2,}|\t)")


# "rel_pt_res  (codebook_size, seed) float64 96B 0.0412 ...": an array's dimensions, element type and size in bytes (an
# xarray or netCDF listing) between its name and its values; they say how it is stored, not what it is of
ARRAY_STORAGE_BEFORE_VALUES = re.compile(r"\s*\([\w\s,]{1,80}\)\s*(?:u?int|float|complex|bool|object|datetime)(?:8|16|32|64|128)?"
                                         r"(?:\[\w]{1,4}\])?\s+\d+(?:\.\d+)?\s?(?:[kKMG]i?)?B\s+$")


# "`edgeconv_w`: QCD mistag 3.1 %", "prod (current): background rejection 38": an item's name before its ':' and the
# background class its rate is of right after it; the class says which rate it is, the name whose it is
NAME_THEN_BACKGROUND_RATE = re.compile(r"\s*(?P<name>[A-Za-z][\w.+-]*(?:[ \t]+[A-Za-z\d][\w.+-]*){0,3})[ \t]*(?:\([^()\n]{0,40}\))?"
                                       r"[ \t]*:[ \t]*(?:QCD|background|bkg)[ \t]+(?P<q>[A-Za-z][\w -]{1,30}?)[ \t]*[=:]?[ \t]*")


def _label(text: str, start: int, prev_end: int) -> str:
    if (store := ARRAY_STORAGE_BEFORE_VALUES.search(text, prev_end, start)) and store.end() == start:
        start = store.start()
    if prev_end == 0 and (item := NAME_THEN_BACKGROUND_RATE.fullmatch(text, 0, start)) \
            and QUANTITY_RE.fullmatch(item["q"]) and (own := [w.lower() for w in re.findall(r"[A-Za-z][\w-]{1,}", item["name"])
                                                           if w.lower() not in STOP]):
        return " ".join(own[-4:])
    seg = re.sub(r"\([^()]{0,80}\)", lambda p: re.sub(r"\s*\b(?:vs|versus)\b\.?\s*", "-vs-", p.group(0)),
                 index_joined_to_name(text[prev_end:start]))
    seg = AT_WORKING_POINT.sub(lambda p: " at_" + re.sub(r"\W", "_", p[1]), seg)
    if prev_end == 0:
        seg = ROW_NAME_PAIRING.sub(lambda p: "-vs-".join(re.sub(r"\s+", "-", x) for x in (p[1], p[2])), seg)
    # "AUC(signal vs QCD) = 0.874", "control AUC (QCD vs QCD)": a pairing in brackets names one test, no two sides
    parts = re.split(r"([;,:(|])|\bvs\b(?!-)\.?|\bversus\b|\bwhile\b|\bwhereas\b|\bagainst\b|\bcompared (?:to|with)\b", seg)
    # ("generated-vs-real AUC", "real-vs-real": a hyphened pairing names one test, no two sides)
    # parts: text, separator, text, ...; "Transformer backbone: AUC 0.94", "the teacher (93.0%)": the
    # name stands before a ':' or '(' when nothing names the number after it
    for i in range(len(parts) - 1, -1, -2):
        words = [w.lower() for w in re.findall(r"[A-Za-z][\w-]{1,}|(?<![\w'’])[A-Z]['’](?![\w'’])", QUANTITY_RE.sub(" ", parts[i] or ""))
                 if w.lower() not in STOP]  # "Z' c rejection": a primed letter (Z', W') names a sample or a particle
        if i >= 2 and parts[i - 1] == "(" and re.fullmatch(r"\s*[A-Za-z]{1,3}_?\{?\d{1,3}\}?\s*\)\s*[=:]?\s*", parts[i] or ""):
            return ""  # "1/eps_B at eps_S=0.5 (R50) = 311": the quantity's symbol in brackets names no thing
        if words and _bracket_after_compared_name(parts, i):
            words = [w.lower() for w in re.findall(r"[A-Za-z][\w-]{1,}", re.sub(r"(?i)^\s*(?:compared\s+(?:with|to)|relative\s+to)\s+",
                                                                              "", parts[i - 2] or "")) if w.lower() not in STOP] + words  # "Compared with DL1r (light
            # rejection 68)": the bracket's number is of the thing named before it, not of the report's own
        if words and (how := HOW_IN_BRACKET_AFTER_NAME.search(seg)) and (pre := _name_before_a_bracketed_pairing(how["pre"])):
            return " ".join(pre + [w for w in words if w not in pre])  # "eta resolution (abs.)  0.006" beside "phi resolution
            # (abs.)  0.007": the bracket says how the quantity is taken, the words before its name what it is of
        if words and i >= 2 and parts[i - 1] == "(" and not any("-vs-" in w for w in words) and re.fullmatch(r"[^()\d]{1,30}\)\s*", QUANTITY_RE.sub(" ", parts[i] or "")) \
                and (named := re.search(r"(?:^|\s)([A-Za-z][\w.+-]*[A-Z\d][\w.+-]*)\s*$", parts[i - 2] or "")):
            words = [named[1].lower(), *words]  # "ParT-ft (JetClass ckpt) AUC 0.9148": the bracket says which ParT-ft it is;
            # the model named before it is what the number is of
        if len(words) == 1 and "-vs-" in words[0] and i >= 2 and parts[i - 1] == "(":
            words = _name_before_a_bracketed_pairing(parts[i - 2] or "") + words  # "CATHODE AUC (sig vs bkg) = 0.912"
            # beside "supervised ref AUC (sig vs bkg) = 0.951": the pairing names the test, the words before it the model
        if i + 1 < len(parts) and parts[i + 1] == ":" and (one := re.search(r"(?<![\w'’.-])([A-HJ-Z])\s*$", parts[i] or "")):
            words.append(one[1])  # "Task run 'evaluate-0' - A: AUC 0.9431": a one-letter name (model A) before its ':'
        if words or i < 2 or parts[i - 1] not in (":", "(") or (
                parts[i - 1] == "(" and RELATION_RE.search(parts[i - 2] or "")):  # "A beats B (0.9 vs 0.8)"
            # "check: 1 - raw AUC : 0.688": the complement of a thing is not the thing
            return ("1 - " if words and (re.search(r"(?<![\w.])1\s*[-−]\s*[A-Za-z]", parts[i])
                                         or _complement_earlier_in_the_bracket(parts, i)) else "") + " ".join(words[-4:])
    return ""


# "eta resolution (abs.)  ", "pT resolution (rel., core fit) ": a row's name, its quantity, and a bracket of how it is taken
HOW_IN_BRACKET_AFTER_NAME = re.compile(rf"^\s*(?P<pre>[^()\d:;=]{{1,40}}?(?:{QUANTITY_RE.pattern}))\s*\([^()\d]{{1,30}}\)\s*[:=]?\s*$", re.I)


def _name_before_a_bracketed_pairing(before: str) -> list[str]:
    """The words right before a quantity whose bracket names a pairing ("CWoLa-hunting AUC (sig vs bkg)"): the thing
    whose number it is, up to three words."""
    return [w.lower() for w in re.findall(r"[A-Za-z][\w-]{1,}", QUANTITY_RE.sub(" ", before[-60:])) if w.lower() not in STOP][-3:]


def _complement_earlier_in_the_bracket(parts: list[str | None], i: int) -> bool:
    """Is `parts[i]` a later field of a bracket whose first field is a complement ("AUC(1 - raw score, label=top)"
    beside "AUC(raw score, label=top)"): the bracket names the score 1 - s, not s."""
    for j in range(i - 1, 0, -2):
        if parts[j] != ",":
            return parts[j] == "(" and j + 1 < i and bool(re.match(r"\s*1\s*[-−]\s*[A-Za-z]", parts[j + 1] or ""))
        if ")" in (parts[j - 1] or ""):
            return False
    return False


def _uncertainty(rest: str, value: Value) -> int:
    """Attach `± u`, `(std u)` or `[lo, hi]` right after a number; returns the characters used."""
    u = UNC_AFTER.match(rest)
    if not u:
        return 0
    scale = 100.0 if value.shown.endswith("%") and value.quantity in BOUNDED | {"resolution", "bias"} else 1.0
    if u["pd"]:
        places = len(value.shown.rstrip("% ").split(".")[1]) if "." in value.shown else 0
        value.uncertainty = round(int(u["pd"]) * 10.0 ** -places / scale, 12)
    elif u["u"] or u["u2"] or u["u3"]:
        s = to_float(u["u"] or u["u2"] or u["u3"])
        pct = bool(u["pct"] or u["pct2"] or u["pct3"])
        value.uncertainty = round(abs(s) / (100.0 if pct and value.quantity in BOUNDED else scale), 12)
        if pct and value.quantity not in BOUNDED and not value.shown.endswith("%"):
            value.uncertainty = abs(s) / 100 * abs(value.value)  # "12 ± 5%": a relative error
    else:
        lo, hi = to_float(u["lo"] or u["lo2"]) / scale, to_float(u["hi"] or u["hi2"]) / scale
        if value.quantity == "p_value" and not min(lo, hi) <= value.value <= max(lo, hi):
            return u.end()  # "t = 1.1, p = 0.29, 95% CI [-0.0003, 0.0009]": a test's printout, the interval of the
            # difference (passed over, not read as the p-value's nor as a number of its own)
        value.interval = (lo, hi)
        z = 1.96 if "95" in (u["cl"] or u["cl2"] or "") else 1.0
        value.uncertainty = abs(hi - lo) / 2 / z
    return u.end()


# "Z = sqrt(26.0) = 5.1": a function of a number with its value written after it; the operand is no value of the quantity
FUNCTION_OF_A_NUMBER = re.compile(rf"(?:\b(?:sqrt|log|ln|log10|exp|abs)\s*|√\s*)\(\s*{NUM}\s*\)(?=\s*=)", re.I)
# "the perplexity is 341, i.e. exp(5.83)", "Z = 5.1 (= sqrt(26.0))": a number restated as a function of another; the operand
# (an entropy, a test statistic) is no value of the quantity the sentence names
NUMBER_RESTATED_AS_FUNCTION = re.compile(rf"(?<=\d)(?P<glue>[ \t]*+%?[ \t]*+(?:,[ \t]*+)?(?:\([ \t]*+)?(?:i\.\s?e\.,?|that is,?|=|≈|~|or)"
                                         rf"[ \t]*+)"
                                         rf"(?P<call>(?:\b(?:sqrt|log|ln|log10|exp|abs)\s*|√\s*)\(\s*{NUM}\s*\))", re.I)

# "print(rej(scores, 0.3))", "cut(s, eff=0.5, 0.1": a function called by its name, glued to its bracket, whose arguments before
# this one include a bare identifier (a variable): the number is one of its arguments
CALL_ARGUMENTS_BEFORE = re.compile(r"\b[A-Za-z_][\w.]*\((?:\s*[\w.'\"]+\s*(?:=\s*[\w.'\"]+\s*)?,)*?\s*[A-Za-z_][\w.]*\s*,"
                                   r"(?:\s*[\w.'\"]+\s*(?:=\s*[\w.'\"]+\s*)?,)*\s*(?:[A-Za-z_]\w*\s*=\s*)?$")


# "+0.0015 ± 0.0026 (1σ, ...)": an error bar, then a bracket that opens with how many sigma the bar spans (its coverage,
# a convention chosen, no significance measured)
ERROR_BAR_THEN_BRACKET = re.compile(rf"(?:±|\+/-|\+-)\s*{NUM}\s*%?\s*\(\s*$")


def _not_a_measurement(text: str, m: re.Match[str], before: str) -> bool:
    """An ordinal ("step 3"), part of a word, a formula ("1/ε_B", "20/N", "1/0.0042 = 238"), an exponent or an index."""
    after = text[m.end():]
    return bool(ORDINAL_BEFORE.search(before) or re.search(r"[A-Za-z]$", before)
                or (CALL_ARGUMENTS_BEFORE.search(before[-80:]) and re.match(r"\s*[,)]", after))  # "rej(s, 0.3)": a code
                # call's argument after a named one, an input to a function, no value of the name it stands beside
                or re.match(r"\s*/\s*(?:[A-Za-zεσ√(]|\\)|\^", after[:4]) or re.search(r"\^\{?$", before)
                or (re.search(r"\w\[$", before) and after[:1] == "]") or re.match(rf"\s*/\s*{NUM}\s*(?:=|≈|≃|~)", after)
                or (re.search(r"(?:^|[\s(]|<sup>)\[\s*$", before) and re.match(r"\s*\]", after) and re.fullmatch(r"\d{1,4}", m["num"]))
                # "[4] IF/ELSE auc_gate", "as shown in [12]", "<sup>[1]</sup>": a step's or a reference's number in brackets
                or (re.search(r"\d\s*/\s*$", before) and re.match(r"\s*(?:=|≈|≃|~)", after))  # "1/0.062 ≈ 16": worked out
                or re.search(r"(?:^|\s)--?[A-Za-z][\w-]*[ =]$", before)  # "--timeout 900": a command's option
                or (re.search(r"(?:^|[\s(\"'])[A-Za-z]*[A-Z][A-Za-z]*[a-z][A-Za-z]*-$|(?:^|[\s(\"'])[a-z]{4,}-$", before)
                    and re.fullmatch(r"\d{1,2}", m["num"]) and re.match(r"(?:[\s),;:\"']|$)(?!\s*%)", after))
                # "EdgeNet-4 (AUC ...)", "tjflow-3 0.51": the number ending a model's name, no value
                or (re.search(r"(?:\bsqrt|√)\s*\(\s*$", before) and re.match(r"\s*[/×*]", after))  # "sqrt(0.25/80000)":
                # an operand of the formula worked out, not a value of the quantity named before it
                or (re.search(r"(?:\bsqrt|√)\s*\((?:[^()]|\([^()]*\))*$", before[-80:]) and "." in m["num"]
                    and re.match(r"\s*(?:[/×*+−-]|\))", after))  # "sqrt(0.027 × 0.973 / 2000)": each decimal inside is one
                or (re.search(r"\(\s*1\s*[-−]\s*$", before) and re.match(r"\s*\)\s*(?:\^|\*\*)", after)
                    and re.fullmatch(r"0?\.\d+", m.group(0)))  # "1 − (1 − 0.0019)^25": the local p inside the trials-factor
                # formula, raised to the windows' count, no value of the global p named before (a decimal: "2.3e-4" is
                # read with its exponent elsewhere)
                or (re.search(r"(?<![\w.])1\s*[-−]\s*$", before) and re.match(r"\s*[=≈]", after))  # "near 1 - 0.83 = 0.17": the
                # operand of a complement worked out, the value is what it equals
                or (re.search(r"\[\s*$", before) and re.match(rf"\s*,\s*{NUM}\s*\]", after))  # "[0,1]": an interval's ends
                or (re.search(rf"\[\s*{NUM}\s*,\s*$", before) and re.match(r"\s*\]", after))
                or SOURCE_POSITION.search(before) and "." not in m.group(0)
                or PARAMETER_COUNT.match(after)  # "ParT-lite, 0.9 M parameters": a model's size, not a result
                or (m["pct"] and COVERAGE_OF_AN_INTERVAL.match(after))  # "68% interval [0.9%, 4.6%]": the share the interval
                # holds, a coverage chosen, not a measurement
                or (ERROR_BAR_THEN_BRACKET.search(before[-40:]) and re.match(r"\s*(?:σ|sigma\b|std\b|s\.d\.|[,)])", after)
                    and re.search(r"(?:σ|sigma|std|s\.d\.)$", m.group(0) + re.match(r"\s*(?:σ|sigma|std|s\.d\.)?", after).group(0))
                    and m["num"] in ("1", "2", "3"))  # "± 0.0026 (1σ, quadrature of the two SEs)": the bar's coverage
                or (m["pct"] and CENTRAL_SHARE_BEFORE.search(before[-16:]))  # "half-width of the central 68% of (reco -
                # true)/true": how much of the distribution a width is taken over, a definition, not a measured width
                or (DEGREES_OF_FREEDOM_BRACKET.search(before[-12:]) and re.match(r"\s*(?:,\s*\d{1,7}\s*)?\)\s*=", after))  # "t(9) = 1.29"
                or re.fullmatch(r"0\d+", m["num"]) is not None  # "[event 03]", "run_007": a zero-padded index, never a measurement
                or (m["num"] in ("1", "2") and re.search(r"\b(?:Wasserstein|W)[-_‑]$", before[-14:], re.I))  # "Wasserstein-1": its order
                or (m["num"] in ("1", "1.0") and re.match(r"\s*[-−]\s*(?:[A-Za-z(]|0?\.\d)", after))  # "1 - AUC", "1 - 0.31"
                or (m["num"] in ("1", "1.0") and re.search(r"/\s*[A-Za-z][\w ]{0,12}?\s*[-−]\s*$", before[-30:]))  # "m_reco/m_true - 1"
                or (re.search(r"[\"“][^\"“”\n]{0,40}$", before[-45:]) and re.match(r"[^\"”\n]{0,40}[\"”]\s*(?:would|could|might)\b",
                                                                                 after[:60])))  # 'A quoted "0.250 +- 0.002"
    # would be ten times too small': an example of a wrong statement, not one the report makes


# "AUC 0.5012, t(9) = 1.29", "chi2/ndf = 1.1", "F(2, 27) = 3.4": a test statistic named before its value (with its degrees
# of freedom in brackets); neither the statistic nor the degrees of freedom is a value of the quantity named before
TEST_STATISTIC_NAMED_BEFORE = re.compile(r"(?:^|[\s,;:(])(?:t|F|U|H|chi2|chi\^2|χ²|chi2\s*/\s*n?dof|chi2\s*/\s*ndf)"
                                         r"\s*(?:\(\s*\d{1,7}(?:\.\d+)?\s*(?:,\s*\d{1,7}\s*)?\))?\s*=\s*$")
DEGREES_OF_FREEDOM_BRACKET = re.compile(r"(?:^|[\s,;:(])(?:t|F|chi2|χ²)\s*\(\s*(?:\d{1,7}\s*,\s*)?$")


COVERAGE_OF_AN_INTERVAL = re.compile(r"[ \t]*(?:central[ \t]+|containment[ \t]+|credible[ \t]+|confidence[ \t]+)?"
                                     r"(?:intervals?|bands?|quantile[ \t]+range|containment|coverage)\b", re.I)
CENTRAL_SHARE_BEFORE = re.compile(r"\b(?:central|innermost|inner|middle)[ \t]+$", re.I)
PARAMETER_COUNT = re.compile(r"\s*(?:[kKMB]|million|billion|thousand)?\s*(?:trainable\s+)?(?:parameters|params|weights)\b")


WIDTH_COMPARATIVE_BEFORE = re.compile(r"\b(?:narrower|wider|broader|sharper)\b", re.I)
# "differs from the true mass by a typical", "is off from the truth by about": the size of a reconstruction's miss
DIFFERS_FROM_TRUTH_BY = re.compile(r"\b(?:differs?|differing|deviates?|deviating|is off|are off|misses)\s+(?:from\s+(?:the\s+)?"
                                   r"(?:true|truth|original|generated|input|real|target)\b[^.;:,]{0,30}?\s+)?by\s+(?:an?\s+)?"
                                   r"(?:typical(?:ly)?\s+|average\s+|about\s+|around\s+|roughly\s+|~\s*|on average\s+)?$", re.I)
# a value rebuilt from an encoding, named before how far it misses: "the reconstructed jet mass", "the decoded pT"
REBUILT_VALUE_NAMED_BEFORE = re.compile(r"\b(?:reconstructed|decoded|rebuilt|round[- ]tripped)\s+(?:[\w-]+\s+){0,3}?"
                                        r"(?:differs?|differing|deviates?|deviating|is off|are off|misses)\b", re.I)
WIDTH_WORD = re.compile(r"\b(?:narrower|wider|broader|sharper|widths?|resolutions?|spreads?|RMS|FWHM|sigma of)\b", re.I)
# "0.9862 (v3) and 0.9859 (v2)", "0.91 (ParT) vs 0.89 (fine-tuned PN)": a short name in brackets right after a number
PAREN_OWNER = re.compile(r"\s*\((?P<who>[A-Za-z][\w+-]{0,24}(?: [A-Za-z][\w+-]{0,24})?)\)(?!\s*[=:])")
STAT_WORD = re.compile(r"(?:stat|syst|sys|stat\.?|tot|total|std|sd|se|sem|rms|iqr|mad|cl|binomial|hanley-mcneil|hm|mean|median|"
                       r"local|global|obs|observed|exp|expected|approx|est|estimated|stated|quoted|measured|toys?|"
                       r"[a-z]?ev|gev|tev|mev|ms|s|sigma|percent|relative|abs|absolute|avg|average|best|max|min|"
                       r"only|each|per[- ]\w+|all|total|one[- ]sided|two[- ]sided|\w+ seeds?|seeds?|up|down|i\.e|e\.g|"
                       r"ours|this work|ref|preliminary|nominal|blinded|unblinded|rounded|fit|fitted)", re.I)


# "c2st(real_test, gen_test, clf=bdt, seed=7)", "Random.seed!(1234)", "round(as.numeric(ci.auc(r)), 4)": a number inside a
# call's open parenthesis, by keyword or by place, after arguments that may be calls themselves (closed brackets nested
# two deep; the scan is bounded by the 200 characters before the number)
CLOSED_ARGUMENTS = r"(?:[^()]|\((?:[^()]|\([^()]*\))*\))*"
CALL_ARGUMENT = re.compile(rf"(?P<call>[A-Za-z_][\w.]*!?)\((?:{CLOSED_ARGUMENTS},)?\s*(?:(?P<key>[A-Za-z_]\w*)\s*=\s*)?$")
# "r50, r30 = rejection_at(y, s, (0.5, 0.3))", "eff = eff_at(scores, cut=0.8)": a line of code that assigns what a call
# returns, the number among the call's arguments (a tuple's members too): an input to the code, not what it gave
ASSIGNED_CALL_ARGUMENT = re.compile(rf"(?:^|[\s;])[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*(?:[A-Za-z_][\w.]*\s)?"
                                    rf"[A-Za-z_][\w.]*\((?:{CLOSED_ARGUMENTS},)?\s*(?:\(\s*(?:{NUM}\s*,\s*)*)?"
                                    r"(?:[A-Za-z_]\w*\s*=\s*)?$")
# ">> R30 = rej_at(...)" (MATLAB), ">>> ", "In [4]: ", "julia> ": a line typed at an interpreter's prompt, code that is run
TYPED_AT_PROMPT = re.compile(REPL_PROMPT + r"|^\s*>>\s+[A-Za-z_][\w.]*\s*(?:\(|=|\[)")
# "Approx(x).epsilon(0.01)", ".margin(1e-3)", "isclose(a, b, rtol=1e-3)", "approx(x, abs=0.002)": a comparison's
# tolerance, by the call that sets it or by its keyword
TOLERANCE_CALL = re.compile(r"epsilon|margin|tolerance|tol|within_?(?:rel|abs)|with_?tolerance", re.I)
TOLERANCE_KEY = re.compile(r"(?:r|a|abs_?|rel_?)?tol(?:erance)?|epsilon|eps_?tol|margin|rel|abs|delta|places", re.I)


# "File ~/eval/c2st.py:88, in c2st", "/home/a/c2st.py(88)c2st()", "----> 1 res = ...", "Cell In[21], line 1", "wp_test.go:44:":
# a place in source code (a file's line, a traceback's arrow), never a measured number
SOURCE_POSITION = re.compile(r"[\w-]\.[A-Za-z][A-Za-z0-9]{0,4}(?::|\()$|-{2,}>\s*$|\bIn\s?\[$|\bCell In\s?\[\d+\],\s+line\s+$")


# what a number counts when jets or events follow it: "12 million simulated jets", "400k events", "2M top jets"
JETS_COUNTED = re.compile(r"\s*(?:thousand|million|billion|[kKM]\b)?\s*(?:[A-Za-z][\w-]*\s+){0,2}(?:jets|events)\b", re.I)


# "at 50% top efficiency", "@ 70% W-jet eff.": one class's name, then its efficiency (the working point's quantity)
CLASS_EFFICIENCY = re.compile(r"\s*%?\s*(?!(?:background|bkg|qcd|light|fake|mistag|false|noise)\b)(?:[A-Za-z][\w-]{0,11})\s+(?P<efficiency>eff(?:iciency|\.)?|tagging efficiency)(?![\w])", re.I)

BARE_EFFICIENCY_AFTER = re.compile(r"\s*%?\s*eff(?:iciency|\.)?(?![\w-])", re.I)
SHARE_OF_THE_CODEBOOK = re.compile(r"\s*of\s+(?:the\s+)?(?:K\b|codebook(?:\s+size)?|vocabulary(?:\s+size)?|maximum|max\b|"
                                   r"(?:all\s+|available\s+)?codes\b|entries\b)", re.I)

SIDE_NAMED_BY_SETTING = re.compile(rf"(?<=,)\s*[A-Za-z][\w.-]{{0,15}}\s*=\s*{NUM}\s*(?=$|:)")  # ", K=2048 " before its value


# a number named as a model's other size ("code dim 16", "embedding dimension = 8", "4 heads"), no count of codes
# "dead_codes: 37", "active codes = 475", "codes used: 61": a count of codes named before it as alive or dead (a field or a
# label), the codebook's usage, not its size
CODES_IN_USE_NAMED_BEFORE = re.compile(r"(?:\b(?:alive|active|used|unused|dead|occupied|live|populated|distinct)[\s_-]+(?:codes|entries|"
                                       r"code[\s_-]vectors)|\bcodes[\s_-]+(?:alive|active|used|unused|dead|in[\s_-]use))"
                                       r"[\"']?\s*[:=]?\s*$", re.I)
SIZE_OF_ANOTHER_DIMENSION_BEFORE = re.compile(r"\b(?:dim|dims|dimension|dimensions|dimensionality|depth|heads?|layers?)\s*[=:]?\s*$", re.I)


# a quantity's name followed by its own number in words: "a perplexity of 1,150", "the AUC is 0.91", "the mass was ~172"
NAME_WITH_ITS_OWN_NUMBER = re.compile(r"\s*(?:of|is|was|were|reaches|reached)\s+(?:about |around |roughly |~|≈)?[-+−]?\.?\d", re.I)


# "for a typical 100 GeV jet", "at a 2 TeV resonance": an energy written as what kind of object a result is quoted for
OBJECT_ENERGY_OF_A_JET = re.compile(r"[\s-]*(?:[a-z][\w-]{1,15}\s+)?(?:jets?|quarks?|gluons?|partons?|photons?|electrons?|muons?|"
                                    r"particles?|resonances?|bosons?)\b", re.I)
ENERGY_FOR_AN_OBJECT_BEFORE = re.compile(r"\b(?:for|of|at|on)\s+(?:an?\s+|the\s+|each\s+)?(?:typical\s+|single\s+|given\s+|"
                                         r"hypothetical\s+)?$", re.I)


# "126 of 400 = 0.315", "126/400 = 31.5%": a rate written as the counts it is the quotient of, then its value
COUNT_FRACTION_BEFORE = re.compile(r"(?<![\w.])(?P<k>\d{1,3}(?:,\d{3}){1,7}|\d{1,9})\s*(?:of|/|out of)\s*(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{1,9})"
                                   r"(?:\s+(?:[A-Za-z][\w'-]*\s+){0,3}?(?:jets|events|tops?|probes?|candidates))?\s*(?:=|≈|~|->|→)\s*$")


def counted_fraction_size(text: str, at: int, value: float) -> int | None:
    """The whole count (n) of a rate written after its counts ("126 of 400 = 0.315"), when the counts give the value."""
    f = COUNT_FRACTION_BEFORE.search(text[max(0, at - 80):at])
    if f is None:
        return None
    k, n = (int(f[g].replace(",", "")) for g in ("k", "n"))
    return n if 0 < n and k <= n and abs(k / n - value) <= max(0.002, 0.01 * value) else None


def _name_of_a_count_fraction(text: str, m: re.Match[str], before: str) -> str:
    """The quantity the line's lead names ("eps_S at eps_B = 1% (...): 126 of 400 = 0.315"), for a number the counts in
    front of it give; a name written after 'at' is where it is taken, not what it is."""
    try:
        value = to_float(m["num"]) / (100 if m["pct"] else 1)
    except ValueError:
        return ""
    if counted_fraction_size(text, m.start(), value) is None:
        return ""
    head = before[max(before.rfind("\n"), 0):][:200]
    names = [n for n in QUANTITY_RE.finditer(head) if not re.search(r"\b(?:at|@)\s*$", head[:n.start()])
             and not WORKING_POINT_NAME.search(head, 0, n.start())]
    return names[0].lastgroup or "" if names and names[0].lastgroup in BOUNDED else ""


# "0.0029 (rejection 345)", "0.004 (1/eps_B = 250)": a bracket right after a number that names the rejection itself
REJECTION_IN_BRACKET_AFTER = re.compile(r"\s*\(\s*(?:i\.e\.\s*)?(?:(?:background|bkg|qcd|light)[- ])?(?:rejection|rej\.?|1\s*/\s*(?:eps|ε|\\epsilon)"
                                        r"[\w{}\\]{0,6})\s*(?:of|=|:|≈|~)?\s*\d", re.I)


# a training setting named by its key right before its value ("bs=512", "lr = 1e-4", "seed: 7", "epochs=40")
TRAINING_SETTING_KEY = re.compile(r"(?:^|[\s(,;{'\"])(?:bs|batch[ _-]?size|lr|learning[ _-]?rate|seed|(?:max[ _-]?)?epochs?|"
                                  r"n[ _-]?layers|layers|(?:n[ _-]?)?heads|d[ _-]?model|dropout|wd|weight[ _-]?decay|"
                                  r"warmup(?:[ _-]?steps)?|patience)['\"]?\s*[=:]\s*$", re.I)


# "at signal efficiency 0.3", "at eps_S = 0.3 and 0.5": a working point, the efficiency named before its number (a list too)
EFFICIENCY_NAMED_AT_BEFORE = re.compile(rf"\b(?:at|@)\s+(?:(?:the\s+)?(?:signal|sig\.?|top|W|Higgs)\s+)?(?:efficienc(?:y|ies)|eff\.?)\s*[=:]?\s*"
                                        rf"(?:{NUM}\s*%?\s*(?:,|and|or|,\s*and)\s*)?$", re.I)
# "in 290 of 10,000 cases", "37 out of 500 toys": how many tries of how many did something, two counts
TRIALS = r"(?:[\w-]+\s+){0,2}?(?:cases|toys|toy\s+(?:scans|experiments|data\s*sets)|trials|times|pseudo-?experiments|experiments|throws|draws|repetitions|replicas)\b"
COUNT_OF_TRIALS_AFTER = re.compile(rf"\s+(?:out\s+)?of\s+(?:the\s+)?{NUM}\s+{TRIALS}", re.I)
TRIALS_AFTER = re.compile(rf"\s+{TRIALS}", re.I)
COUNT_OF_BEFORE = re.compile(rf"(?<![\w.]){NUM}\s+(?:out\s+)?of\s+(?:the\s+)?$", re.I)


# "77% of top/QCD pairs", "60 % of all signal-background pairs": a share of pairs of items
SHARE_OF_PAIRS_AFTER = re.compile(r"\s*(?:%|percent)?\s*of\s+(?:the\s+|all\s+)?(?:(?:[\w/-]+\s+){0,2}?pairs?\b|time\b)", re.I)
# (also "ranks QCD jets above top jets 73% of the time": how often one side comes first, not a second AUC that "above"
# sets against the AUC of 0.27 before it)


def _counted_trials(text: str, m: re.Match[str], before: str) -> bool:
    """The number is one of the two counts of "K of N cases/toys/trials" (a frequency written as its counts)."""
    if m["pct"] or not re.fullmatch(r"\d[\d,]*", m["num"]):
        return False
    return bool(COUNT_OF_TRIALS_AFTER.match(text, m.end()) or (COUNT_OF_BEFORE.search(before[-40:])
                                                               and TRIALS_AFTER.match(text, m.end())))


# "4.1-4.5 TeV", "3.3 – 3.7 TeV": the rest of a range of energies after its first end
ENERGY_RANGE_AFTER_ITS_FIRST_END = re.compile(r"\s?[-–]\s?\d+(?:\.\d+)?\s*(?P<unit>TeV|GeV|MeV)(?![A-Za-z])", re.I)

# "1.9 % constituent pT and 4.3 % jet-mass resolution", "3 % mass, 5 % pT resolution": percentages, each with the
# observable it is of, then one name of a width for all of them
_OBSERVABLE_WORDS = (r"(?:(?!(?:better|worse|higher|lower|smaller|larger|narrower|wider|more|fewer|less|of|in|on|for|at|mean|median|"
                     r"shift|bias|offset|scale|response)\b)[A-Za-z][\w-]*\s+){0,2}")  # (not "-0.6% mean shift and 5.9% resolution")
WIDTH_NAMED_AFTER_LIST = re.compile(rf"\s*%?\s*(?:{_OBSERVABLE_WORDS}(?:,|and|,\s*and)\s+{NUM}\s*%\s*)*{_OBSERVABLE_WORDS}"
                                    r"(?:resolutions?|widths?)\b", re.I)

# 'time="3.118"', "duration: 12.4", "elapsed=0.8": a duration under its key (a test report's attribute, a timer's field)
DURATION_KEY_BEFORE = re.compile(r"(?<![\w-])(?:time|duration|elapsed|runtime|wall[_ ]?time)\s*[=:]\s*[\"']?$", re.I)

# "lets through 2.4% of the background jets", "keeps 0.8% of the QCD events": the share of the background a cut passes
KEEPS_BEFORE = re.compile(r"\b(?:lets?\s+through|let\s+pass|pass(?:es|ed)?|keeps?|kept|accepts?|accepted|retains?|retained|"
                          r"admits?|admitted)\s+(?:only\s+|just\s+|about\s+|roughly\s+|~\s*)?$", re.I)
KEPT_SHARE_OF_BACKGROUND = re.compile(r"\s*%?\s*of\s+(?:the\s+|all\s+)?(?:QCD|background|bkg|multijet|light[- ]jet|light|gluon)"
                                      r"(?:\s+(?:jets|events))?\b", re.I)


KEPT_SHARE_OF_BACKGROUND_BEFORE = re.compile(r"\b(?:lets?\s+through|let\s+pass|pass(?:es|ed)?|keeps?|kept|accepts?|accepted)\s+"
                                             r"(?:only\s+|just\s+|about\s+|roughly\s+|~\s*)?\d[\d.]*\s*%\s*of\s+(?:the\s+|all\s+)?"
                                             r"(?:QCD|background|bkg|multijet|light[- ]jet|light|gluon)\b", re.I)


# "R50 ratio = ", "rejection ratio: ": the quantity's name, then 'ratio' (of two of its values), just before the number
RATIO_OF_A_QUANTITY_BEFORE = re.compile(r"(?<![\w-])(?P<name>[A-Za-z][\w/.-]{0,20}?)[ _-]ratios?\s*(?:[=:]|is|of)?\s*$", re.I)


# "4.1% with 512 codes, 2.7% with 8,192", "0.91 for the top sample, 0.88 for ...": the first side's owner named after its number,
# up to the comma before the next side's number
OWNER_OF_THE_FIRST_SIDE = re.compile(r"^[ \t]*(?:with|for|using)[ \t]+[^;:()=\n]{1,30}?(?=,[ \t]*$)", re.I)
# a number of standard deviations by which a value sits off a reference, the deviations written as "std" or "sd"
STDS_AWAY_AFTER = re.compile(r"[ \t]*(?:fold[- ])?(?:std|stds|sd|std\.?[ \t]?devs?\.?)[ \t]+(?:above|below|from|away|off)\b", re.I)
# "differ by about 1.4 combined standard errors", "2.1 pooled sigma": a distance counted in the errors of two values put
# together, a word between the number and its unit
COMBINED_ERRORS_AFTER = re.compile(r"[ \t]*(?:combined|joint|pooled|summed)[ \t]+(?:standard[ \t]+(?:errors?|deviations?)|sigmas?\b|σ)", re.I)


# "the rejection at ", "mistag rates @ ": a rejection or mistag rate named, then the point it is taken at
RATE_NAMED_THEN_AT = re.compile(r"(?:(?<![\w/])(?:background\s+)?rejections?|\bmistag(?:ging)?(?:\s+(?:rates?|efficienc(?:y|ies)))?|"
                                r"\bfake[- ]rates?|(?:background|bkg|QCD)[- ]efficienc(?:y|ies))\s*(?:at|@)\s*$", re.I)


def _point_of_a_rate_named_before(text: str, m: re.Match[str], before: str) -> bool:
    """A percentage right after '<rejection or mistag rate> at', with no name of its own after it: the working point."""
    return bool(RATE_NAMED_THEN_AT.search(before[-40:])) and not QUANTITY_RE.match(text, m.end() + len(text[m.end():m.end() + 8])
                                                                                     - len(text[m.end():m.end() + 8].lstrip(" %")))


def _a_share(m: re.Match[str]) -> bool:
    """A percentage or a number below one ("0.024", "1.44×10^-3"): what a fraction of the jets is written as."""
    if m["pct"]:
        return True
    try:
        return 0 < to_float(m["num"]) * 10 ** to_float(m["exp"] or "0") < 1
    except (ValueError, OverflowError):
        return False


def _quantity_of(text: str, m: re.Match[str], before: str, hint: str, last: Value | None, last_end: int) -> tuple[str, str]:
    """(quantity, unit) of the number `m`: its name nearby, the unit it carries, or the number it is paired with."""
    unit = (m["unit"] or "").lower()
    if not unit and not m["pct"] and STDS_AWAY_AFTER.match(text, m.end()):
        unit = "sigma"  # "only 1.5 std above 0.5", "0.7 fold-std above 0.5": a distance counted in standard deviations
    if not unit and not m["pct"] and COMBINED_ERRORS_AFTER.match(text, m.end()):
        unit = "sigma"
    q = hint or _quantity_near(text, m.start(), m.end())
    if not hint and AT_NAME.search(before) and (wp := QUANTITY_RE.match(text, m.end() + len(text[m.end():m.end() + 8])
                                                                             - len(text[m.end():m.end() + 8].lstrip()))):
        q = wp.lastgroup or q  # "bkg efficiency at 60% signal eff = 0.021": a working point is of the name right after it
    elif not hint and AT_NAME.search(before) and (cls := CLASS_EFFICIENCY.match(text, m.end())):
        q = cls.lastgroup or q  # "QCD mistag rate at 50% top efficiency": a class's efficiency is the working point
    elif not hint and AT_NAME.search(before) and BARE_EFFICIENCY_AFTER.match(text, m.end()):
        q = "efficiency"  # "mistag at 50% eff: 0.0032": a bare 'eff' after a working point is the (signal) efficiency
    if not hint and m["pct"] and q in ("rejection", "fake_rate") and _point_of_a_rate_named_before(text, m, before):
        q = "efficiency"  # "rejections at 30% are 1893 and 1741", "the mistag rate at 50% is 0.002": the rate is taken at
        # the percentage after 'at', a signal efficiency (a rejection is no percentage; the rate's value comes after)
    if not hint and re.search(r"\b(?:at|@)\s+(?:the|a)\s*$", before, re.I) and re.match(r"\s*%?\s*(?:WP|working point)\b", text[m.end():], re.I):
        q = ""  # "lowers the mistag rate at the 70% WP": a working point by its own name, not the quantity named before it
    if not hint and (f := re.search(r"(?:^|[\s(,;:])([\w-]{2,12})\s*=\s*[^=\d\s,;:，：。][^=,;:，：。]{0,30}=\s*$", before)) \
            and (qm := QUANTITY_RE.fullmatch(f[1])):
        q = qm.lastgroup or q  # "SIC = eps_S/sqrt(eps_B) = 9.6": the number is what the formula's left side names
    if not hint and _a_share(m) and KEPT_SHARE_OF_BACKGROUND.match(text, m.end()) \
            and KEEPS_BEFORE.search(before[-40:]):
        q = "fake_rate"  # "my tagger let through 2.4% of the background jets": the share of background a cut keeps
    elif not hint and not q and m["pct"] and KEEPS_BEFORE.search(before[-40:]) and KEPT_SHARE_OF_BACKGROUND_BEFORE.search(
            before[-200:]) and not re.search(r"[.;:!?]\s", before[-200:][KEPT_SHARE_OF_BACKGROUND_BEFORE.search(before[-200:]).end():]):
        q = "fake_rate"  # "the BDT lets through 3.9% of QCD jets and the image DNN lets through 4.8%": the second side's
        # share, its background left unsaid, is of the same background as the first's in its sentence
    if not hint and not q and (lead := _name_of_a_count_fraction(text, m, before)):
        q = lead  # "eps_S at eps_B = 1%: 126 of 400 = 0.315": the fraction the counts give is of the line's name
    if not q and re.search(rf"\bfrom\s*$|\bfrom\s+{NUM}\s*%?\s+to\s*$", before, re.I):
        names = [n for n in QUANTITY_RE.finditer(text, 0, m.start()) if not WORKING_POINT_NAME.search(text, 0, n.start())
                 and not re.match(r"\s*[=:]?\s*\d", text[n.end():])  # "rejection ... from 400 to 600"
                 and not NAME_WITH_ITS_OWN_NUMBER.match(text, n.end())  # "a perplexity of 1,150, ... and a reconstruction
                 # error that fell from 0.084 to 0.061": the name has its number; the change is of the thing named after it
                 and not _ratio(text, n)  # "usage/K falls from 0.8 to 0.4": the change is of the ratio, not of its top
                 and (n.lastgroup != "codebook_size" or re.fullmatch(r"\d[\d,]*", m["num"]))  # "bias ... with codebook size"
                 and not re.search(r";|\band (?:it |then )?[a-z]+(?:s|ed)\b", text[n.end():m.start()])]  # a new clause:
        # "rejection (61 vs 85) and reduces the mass sculpting (JSD) from 0.42 to 0.03" changes its own thing
        q = names[-1].lastgroup or "" if names and not _bracketed_expression(text, names[-1]) else ""
        # ("the margin (AUC − 0.5) went from 0.131 to 0.052": the change is of the nearest name's expression, not of it)
    tail = re.sub(r"(?<=[A-Za-z])\d+(?:\.\d+)*", "", before[-160:])  # a version (v2.3.1, ParT2) is a name, no number
    if not q and (cmp := re.search(r"\b(?:better|worse|higher|lower|larger|smaller|than)\b[^()\d.;:]{0,60}\(\s*$", tail, re.I)):
        head = tail[:cmp.start()][-100:]  # "the light-jet mistag of v2.3.1 is better than in v2.2 (1.31% vs 1.12%)": a
        # comparison's numbers in brackets after it are of the quantity its subject names
        names = list(QUANTITY_RE.finditer(head))
        if names and not re.search(rf"{NUM}|[.;:]\s", head[names[-1].end():]):
            q = names[-1].lastgroup or ""
    if not q and last is not None:
        seg = re.sub(rf"\b(?:at|@)\s*{NUM}\s*%?\s*(?:signal |background )?[\w-]+", " ", text[last_end:m.start()])
        seg = re.sub(rf"\b(?:at|@)\s+(?:[\w\\{{}}$]+\s*){{1,3}}=\s*{NUM}\s*%?", " ", seg)  # "905 ± 25 at eps_S = 0.3, against 1180"
        seg = re.sub(r"^\s*\([^()]{0,40}\)", " ", seg)  # "0.902 ± 0.003 (5 seeds) versus 0.861"
        if last.quantity == "fake_rate":  # "2.4% of the background jets, compared with 1.9%": what the share is of
            seg = KEPT_SHARE_OF_BACKGROUND.sub(" ", seg, count=1) if KEPT_SHARE_OF_BACKGROUND.match(seg) else seg
        seg = SIDE_NAMED_BY_SETTING.sub(" ", seg)  # "K=512 0.9131 +- 0.0024, K=2048 0.9118": the next side, named by its setting
        seg = OWNER_OF_THE_FIRST_SIDE.sub(" ", seg)  # "4.1% with 512 codes, 2.7% with 8,192": each number's owner after it
        if PAIRED.fullmatch(seg) and not TEST_STATISTIC_NAMED_BEFORE.search(seg) and not (last.unit in ("gev", "tev", "mev") and m["pct"]):  # "0.84 vs 0.87", "112 ± 9 against
            # 104 ± 8", "0.8% at 30% eff., against 1.1%" (not "by 3.9 GeV, and about 8% of the particles": a share, no energy)
            q = last.quantity
    if not unit and (lst := re.match(rf"\s*(?:,|and|or)\s*{NUM}\s*(σ|sigma|standard deviations?)(?!\w)", text[m.end():m.end() + 40],
                                     re.I)) and not (lst.group(0).lstrip().startswith(",") and CHANGE_NAMED_BEFORE_SIGMA.search(before)):
        unit = lst.group(1).lower()  # "within about 1.1 and 0.9 sigma of 0.5": the unit after a list is each number's
    if not unit and (rng := ENERGY_RANGE_AFTER_ITS_FIRST_END.match(text, m.end(), m.end() + 40)):
        unit = rng["unit"].lower()  # "the 4.1-4.5 TeV excess": the first end of a range is in the unit of its second end,
        # not of the quantity named (or paired) before it
    if unit in ("σ", "sigma", "standard deviation", "standard deviations", "standard error", "standard errors", "s.d."):
        q, unit = "significance", "sigma"
    elif unit in ("tev", "gev", "mev") and OBJECT_ENERGY_OF_A_JET.match(text, m.end()) and ENERGY_FOR_AN_OBJECT_BEFORE.search(before):
        q = ""  # "the energy resolution for a typical 100 GeV jet is 12%": the energy of the jet it is quoted for, a setting
    elif unit in ("tev", "gev", "mev"):
        q = "mass" if q not in ("resolution", "bias", "wasserstein") else q  # "W1 = 2.9 GeV" is a distance in GeV
        if q == "mass" and (WIDTH_WORD.search(before[-80:]) or re.match(r"\s*(?:[\w-]+\s+){0,2}(?:resolutions?|widths?|spread|RMS)\b",
                                                                        text[m.end():m.end() + 50], re.I)):
            q = "resolution"  # "a narrower W mass peak (11.8 GeV vs 10.9 GeV)": the width of the peak, not where it is
    if q == "mass" and DIFFERS_FROM_TRUTH_BY.search(before[-120:]):
        q = "resolution"  # "the rebuilt mass differs from the true mass by a typical 3.9 GeV": a reconstruction's error, no mass
    if q == "bias" and not unit and (wc := WIDTH_COMPARATIVE_BEFORE.search(before[-120:])) \
            and not re.search(r"[;.]\s|,\s*(?:so|and|but|while|which)\b", before[-120:][wc.end():]):
        q = "resolution"  # "the GNN response is narrower than the standard JES (0.142 vs 0.131)": the width of the response
        # compared, not where it is centred
    if NAMED_AFTER.match(text[m.end():]):
        q = "resolution"
    if q == "resolution" and MEAN_OF_A_WIDTH_BEFORE.search(before[-120:]):
        q = "bias"  # "the residual has a width of 2.0% and a mean of -0.6%": the centre of the distribution whose width was
        # named, its bias, not a second width
    if m["pct"] and WIDTH_NAMED_AFTER_LIST.match(text, m.end()):
        q = "resolution"  # "1.9 % constituent pT and 4.3 % jet-mass resolution": the width named once, after the list, is
        # each percentage's, of the observable named right after it
    if (re.match(r"[\s-]*(?:(?!(?:active|alive|used|unused|dead|occupied|live|distinct)\b)[a-z][\w-]{2,15}\s+)?"  # "8192 conditional codes"
                 r"(?:codes|codebook (?:entries|vectors)|entries|code vectors|(?:entry|code|token|word)s?[\s-]+"
                 r"(?:codebook|vocabulary))\b|-(?:code|entry)\b", text[m.end():], re.I) or q == "codebook_size") \
            and not re.search(r"\b(?:uses?|using|used|active|alive|occupied|populated|fires?|hit|(?:collaps|shrink|drop|fall)\w{0,3}\s+to)"
                              r"\s*(?:only |about |~)?$",
                              before, re.I):
        q = "codebook_size"  # "a 1024-code VQ-VAE"; "uses 1022 codes" is its usage, not its size (so is "collapses to
        # ~600 codes": the codes still used after a collapse)
    if q == "codebook_size" and re.match(r"[\s-]*(?:codes|entries|code vectors)\s+(?:(?:were|are|was|is|still|actually|ever|"
                                         r"being|been)\s+){0,2}(?:alive|active|used|in use|unused|dead|occupied|"
                                         r"live|fired|populated|hit)\b", text[m.end():], re.I) and not WHOLE_AFTER_PART_OF.search(before[-30:]):
        q = ""  # "961 codes alive", "63 codes dead", "only 610 codes were in use": a count of the codes in use (or not), not
        # the codebook's size ("447 of the 512 codes are used": the whole the count is of is the size)
    if not hint and last is not None and last.quantity in ("perplexity", "codebook_usage") and re.fullmatch(r"\d[\d,]*", m["num"]) \
            and not m["pct"] and re.fullmatch(r"\s*(?:/|out of|of)\s*(?:the\s+|a\s+)?", text[last_end:m.start()]):
        q = "codebook_size"  # "perplexity 812.6 of 1024", "961 / 1024 codes used": the whole number it is a fraction of is the
        # codebook's size, not a second perplexity or usage
    if re.search(r"\b(?:codes?|entries|tokens)\s+(?:used|in use|active|alive)\s*(?:/|out of|of)\s*$", before, re.I) \
            and re.fullmatch(r"\d[\d,]*", m["num"]) and not m["pct"]:
        q = "codebook_size"  # "codes used / 512  482  498": a row named by its fraction, the whole it is of is the codebook
    if m["pct"] and SHARE_OF_PAIRS_AFTER.match(text, m.end()):
        q = ""  # "in 77% of signal/background pairs the background jet scores higher": how often, over pairs of jets, one
        # side comes first, a frequency, not the quantity named before it
    if _counted_trials(text, m, before):
        q = ""  # "toys exceed it in 290 of 10,000 cases": how often out of how many tries, counts, not the quantity named before
    if DURATION_KEY_BEFORE.search(before[-30:]):
        q = ""  # '<testcase name="test_roundtrip_resolution" time="204.551">': how long it ran, not the quantity its name says
    if re.match(r"\s*[*×]\s*[A-Za-z_]", text[m.end():m.end() + 8]) and not m["pct"]:
        q = ""  # "perplexity > 0.5 * active_codes": a factor of another term, not a value of the name before it
    if TRAINING_SETTING_KEY.search(before[-30:]):
        q = ""  # "bs=256 (val loss 3.87)", "(lr: 3e-4, ...)": a training setting's own value, not of the quantity named before it
    if not m["pct"] and re.match(r"\s*(?:s|secs?|seconds?|ms|msec|min|mins|minutes?|hrs?|hours?)\b", text[m.end():m.end() + 12]):
        q = ""  # "Passed 0.08 sec", "0.81 ms/jet": a duration, whatever quantity was named before it
    if q == "loss" and not m["pct"] and re.fullmatch(r"[1-9]\d{0,2}(?:,\d{3}){1,7}|[1-9]\d+", m["num"]) \
            and re.search(rf"\bfrom\s*$|\bfrom\s+{NUM}\s+to\s*$", before, re.I):
        q = ""  # "the MSE improvement from 512 to 1024": whole ends of tens and more are the setting swept; a loss (an MSE,
        # a cross-entropy) is measured in decimals
    if q == "codebook_size" and (not re.fullmatch(r"\d[\d,]*", m["num"]) or m["pct"]):  # "72% of the codebook size"
        q = ""  # "K = 256 (+3.1 ± 0.2%)": a size is a whole number; a signed or decimal one is of something else
    if q == "codebook_size" and CODES_IN_USE_NAMED_BEFORE.search(before[-40:]):
        q = ""  # '"dead_codes": 37' beside '"codebook_size": 512': how many codes are dead, not how many there are
    if q == "codebook_size" and SIZE_OF_ANOTHER_DIMENSION_BEFORE.search(before[-40:]):
        q = ""  # "codebook size K = 1024, code dim 16": the dimension of each code, not how many codes there are
    if q == "codebook_size" and JETS_COUNTED.match(text, m.end(), m.end() + 60):
        q = ""  # "a codebook of 8192 entries, trained on 12 million jets": a count of jets, not of codes
    if q == "rejection" and REJECTION_IN_BRACKET_AFTER.match(text, m.end(), m.end() + 40):
        q = "fake_rate" if re.fullmatch(r"0?\.\d+", m["num"]) and not m["pct"] else ""  # "compared with 0.0029 (rejection 345)":
        # the bracket gives the rejection; the number before it is the mistag rate it is the inverse of
    if q and (rt := RATIO_OF_A_QUANTITY_BEFORE.search(before[-40:])) and (qm := QUANTITY_RE.fullmatch(rt["name"])) \
            and qm.lastgroup == q:
        q = ""  # "R50 ratio = 1.07", "the rejection ratio: 1.3": one model's value over another's, not a value of the quantity
    if q == "perplexity" and m["pct"] and SHARE_OF_THE_CODEBOOK.match(text, m.end(), m.end() + 40):
        q = ""  # "(perplexity 702, 34 % of K)": the perplexity as a share of the codebook, a ratio, not a perplexity
    return q, unit


def _name(text: str, m: re.Match[str], val: Value, out: list[Value], ends: dict[int, int]) -> int:
    """Say what `val` is of (its label); returns where the next number's label may start."""
    prev = next((p for p in reversed(out) if p.role == "result" and p.quantity), None)
    if not val.label and val.quantity and prev is not None and prev.label and prev.quantity != val.quantity and re.fullmatch(
            r"[\s,|=:@%()/]*", re.sub(rf"{NUM}", "", QUANTITY_RE.sub("", text[ends[id(prev)]:m.start()]))):
        val.label = prev.label  # "scratch  AUC=0.942  rej@30%=410": another metric of the same thing
    owned = 0  # "0.87 for fine-tuning and 0.88 for scratch": 'fine-tuning' is the first number's, not the second's
    if (paren := PAREN_OWNER.match(text, m.end(), m.end() + 60)) and not STAT_WORD.fullmatch(paren["who"]) \
            and not QUANTITY_RE.fullmatch(paren["who"]):
        val.label = paren["who"].lower()  # "the AUCs are 0.9862 (v3) and 0.9859 (v2)": the name in brackets is the number's
        return paren.end()
    if owner := OWNER_AFTER.match(re.split(r"[;,.](?:\s|$)", text[m.end():m.end() + 300])[0]):  # a clause, bounded: linear
        val.label = f"{val.label} {owner['who'] or owner['who2']}".strip()  # "0.45 ... for the fine-tuned model"
        owned = m.end() + owner.end() if owner["who2"] else 0
    return owned


# a time of day (two-digit hour): "08:45", "14:40:05"; never "1:10" (a ratio) or "0.08:45"
# an ISO calendar date, with the time of day where a timestamp carries one: "2024-06-13", "2024-06-13T03:11:14.512Z"
CALENDAR_DATE = re.compile(r"(?<![\w.:/-])(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
                           r"(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w.]|:\d)")
CLOCK = re.compile(r"(?<![\w.:])(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?![\w.:])|"
                   r"(?<=\()\d{1,2}:[0-5]\d(?::[0-5]\d)?(?=\))")  # "(47:45)": a podcast's minute and second


# "W1 mass (x1e-3)", "FPD [×10^-3]", "(in units of 10^-4)": the scale the numbers after it are written in
SCALE_FACTOR = re.compile(r"[(\[]\s*(?:[x×*]|in units of|units of)\s*(?:1(?:\.0)?\s*[eE]\s*[-−+]?\d{1,2}|10\s*\^\s*\{?\s*[-−+]?\d{1,2}\s*\}?|"
                          r"10[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2})\s*[)\]]", re.I)


# ") × 10^-3", ")e-3": a power of ten written after a bracketed value and its error, "(1.020 ± 0.032) × 10⁻³"
POWER_AFTER_BRACKET = re.compile(r"\s*\)\s*(?:(?:×|x|\*|·)\s*10\s*\^?\s*\{?|[eE])(?P<exp>[-+−]?\d{1,2})\}?(?!\d|\.\d)")


# "0.71 vs 1.02", "0.71 → 0.48", "from 0.92 to 0.66": two numbers of one pair, nothing of their own between them
POWER_SHARED_WITH_BEFORE = re.compile(r"\s*(?:vs\.?|versus|→|->|⟶|to|against)\s*", re.I)


def _bracket_opener(out: list[Value], inner: Value, text: str) -> Value | None:
    """The named result right before the bracket that holds `inner` ("0.9% (rejection 111)": 0.9%), when it is of
    another quantity than `inner`; None otherwise."""
    opened = text.rfind("(", 0, inner.start)
    owner = next((w for w in reversed(out) if w.start < opened and w.quantity and w.role in ("result", "control", "classifier_test")), None)
    if opened < 0 or owner is None or owner.quantity == inner.quantity or not re.fullmatch(
            r"\s*%?\s*\(\s*(?:(?:an?|the|its)\s+)?[A-Za-z][\w/ -]{0,30}?\s*(?:[=:]|\bof)?\s*(?:about\s+|roughly\s+|~\s*|≈\s*)?",
            text[owner.start + len(owner.shown):inner.start]):  # ("(a background rejection of about 1,100)")
        return None
    return owner


# "at pileup 140", "PU = 200", "<mu> = 60": the mean number of collisions a sample is made at, a condition
PILEUP_BEFORE = re.compile(r"(?:\bpile-?up|\bPU|<\s*mu\s*>|⟨\s*μ\s*⟩|<\s*μ\s*>)\s*(?:[=:~≈]|of|at)?\s*$", re.I)


def read_numbers(text: str, quantity_hint: str = "") -> list[Value]:
    """The numbers of a line or sentence, each with its quantity, uncertainty and role (copies: a caller may change
    them). A report's repeated lines are read once (a log's or a flood's thousands of identical lines); a long text is
    read each time, so the cache holds at most CACHED_TEXT characters a key (a server reviewing hostile reports for days
    keeps no megabyte lines)."""
    if len(text) > CACHED_TEXT:
        return _read_numbers_uncached(text, quantity_hint)
    return [v.model_copy() for v in _read_numbers(text, quantity_hint)]


CACHED_TEXT = 4000


@functools.lru_cache(maxsize=2048)
def _read_numbers(text: str, quantity_hint: str = "") -> tuple[Value, ...]:
    return tuple(_read_numbers_uncached(text, quantity_hint))


def _read_numbers_uncached(text: str, quantity_hint: str = "") -> list[Value]:
    text = CLOCK.sub(lambda m: " " * len(m.group(0)), text)  # "**08:45** Codebook size ...": a time, no number
    text = CALENDAR_DATE.sub(lambda m: " " * len(m.group(0)), text)  # "retrained on 2024-06-13": a day, no number
    text = SCALE_FACTOR.sub(lambda m: " " * len(m.group(0)), text)  # "W1 mass (x1e-3): 1.85": the unit's scale, no number
    text = FUNCTION_OF_A_NUMBER.sub(lambda m: m.group(0) if re.search(r"[/*×·]\s*$", m.string[max(0, m.start() - 3):m.start()])
                                    else " " * len(m.group(0)), text)  # "sqrt(26.0) = 5.1": only the 5.1 is a value
    # (not in "0.31/sqrt(0.01) = 3.1", a formula, read whole)
    text = NUMBER_RESTATED_AS_FUNCTION.sub(lambda m: m["glue"] + " " * len(m["call"]), text)
    text = BARE_ASCII_ERROR_BAR.sub(" ±", text)  # "spread: +-410 for A": an ASCII '±' before an error bar printed on its own
    out: list[Value] = []
    ends: dict[int, int] = {}  # id(value) -> end of its text (number and uncertainty)
    skip_until, prev_end = -1, 0
    for m in NUMBER_RE.finditer(text):
        before = text[:m.start()]
        if m.start() < skip_until or _not_a_measurement(text, m, before):
            continue
        shown = m.group(0).strip()
        try:
            v = to_float(m["num"]) * (10 ** to_float(m["exp"]) if m["exp"] else 1.0)
        except (ValueError, OverflowError):
            continue  # "1e999": no measurement
        if not math.isfinite(v):
            continue
        last = next((v for v in reversed(out) if v.quantity and v.role in ("result", "control", "classifier_test")), None)
        q, unit = _quantity_of(text, m, before, quantity_hint, last, ends[id(last)] if last else 0)
        if last is not None and q and q == last.quantity and (opener := _bracket_opener(out, last, text)) is not None \
                and re.match(r"\s*\)", text[ends[id(last)]:m.start()]) and opener.shown.endswith("%") == bool(m["pct"]):
            q = opener.quantity  # "a mistag of 0.9% (rejection 111) and B has 1.2% (rejection 83)": the pair after a
            # bracket repeats the pair before it, each number of its own quantity, not of the bracket's
        elif last is not None and not q and (opener := _bracket_opener(out, last, text)) is not None \
                and re.match(r"\s*\)\s*,", text[ends[id(last)]:m.start()]) and opener.shown.endswith("%") == bool(m["pct"]) \
                and PAIRED.fullmatch(re.sub(r"^\s*\)", "", text[ends[id(last)]:m.start()])):
            q = opener.quantity  # "a mistag of 9.1e-4 (a rejection of about 1,100), against 7.7e-4 for B": the number
            # set against the one before the bracket is of its quantity
        if q in BOUNDED and "." not in m["num"] and not m["pct"] and re.match(
                rf"\s*(?:(?:±|\+/-|\+-)\s*{NUM}\s*)?(?:(?:[A-Za-z][\w-]*\s+)?(?:vs\.?|versus|and|\+|&|/)\s*\d[\d,]*(?:\s*k\b)?\s*)?(?:[A-Za-z][\w-]*\s+){{0,2}}"
                r"(?:events|jets|candidates|entries)\b", text[m.end():m.end() + 80]):
            q = ""  # "the fitted signal yield is 410 +- 120 events": a count of events, whatever quantity was named before;
            # "AUC 0.508 on 5000 vs 5000 held-out QCD jets": the first of two counts of jets is a count too, no AUC;
            # "an AUC of 0.71 on a test set of 800 top and 800 QCD jets": the first count named by its class, too
        if q in BOUNDED and PILEUP_BEFORE.search(before[-30:]):
            q = ""  # "400 QCD jets at pileup 140": the pileup the test is run at, a condition, no value of the AUC named before
        pct = bool(m["pct"]) or bool(re.search(r"[\[(]\s*(?:%|in %|percent)\s*[\])]\s*[:=]?\s*$", before)) \
            or bool(re.match(r"\s*(?:±|\+/-|\+-)\s*\d[\d.]*\s*%", text[m.end():])) \
            or bool(re.search(r"\(\s*$", before) and re.match(r"\s*(?:±|\+/-|\+-)\s*\d[\d.]*\s*\)\s*%", text[m.end():])) \
            or bool(re.match(r"\s*(?:->|→|=>)\s*\d[\d.]*\s*%", text[m.end():]))
        # ("mistag [%]: 1.2", "0.83 ± 0.02 %"; "(1.23 +/- 0.02)%": the sign after the bracket is of the value and its error;
        # "mass resolution 3.4 -> 2.1 %": the sign after a change's end is of its start too)
        shown = shown if m["pct"] or not pct else f"{shown}%"
        if pct and q == "rejection" and 0 <= v < 50 and re.search(r"\d\s*%?\s*\(\s*$", before[-20:]):
            q = "fake_rate"  # "rejects 1 in 455 (0.22%)": a rejection is a factor; a small percentage in brackets beside it
            # is the fraction that passes
        if pct and q in BOUNDED | {"resolution", "bias"}:
            v = round(v / 100, 12)
        val = Value(quantity=q, value=v, shown=shown, unit="%" if pct else unit, start=m.start(),
                    label=_label(text, m.start(), prev_end))
        if m["exp"] and out and q and (first := out[-1]).quantity == q and first.role in ("result", "control") \
                and not re.search(r"\d\s*(?:×|x|\*)\s*10|\d[eE][-+−]?\d", first.shown) \
                and POWER_SHARED_WITH_BEFORE.fullmatch(text, ends[id(first)], m.start()) \
                and to_float(m["num"]) and 0.1 <= abs(first.value / to_float(m["num"])) <= 10:
            first.value = first.value * 10 ** to_float(m["exp"])  # "(0.71 vs 1.02 × 10⁻³)": the power of ten
            # written once after a pair is both numbers' scale, not only the second's
        owned = _name(text, m, val, out, ends)
        if bound := re.search(r"(?<![-=–—])([<>≤≥])\s*=?\s*$", before):  # "34.8 -> 5.90 sigma": an arrow, no bound
            val.bound = "<" if bound.group(1) in "<≤" else ">"
        elif val.unit == "sigma" and re.search(r"\bwithin\s+(?:about\s+|roughly\s+|~\s*)?$", before, re.I):
            val.bound = "<"  # "all other windows are within 2 sigma of the fit": a bound on each, no significance found
        role = _role(text, m, before, val)
        if ERROR_OF_NAMED_BEFORE.search(before[-40:]):
            role, val.quantity = "setting", ""  # "d(eps_B) = 6.3e-05": an error bar printed on its own, no value of eps_B
        if out and _upper_end_of_a_bin(text, out[-1], ends[id(out[-1])], m.start()):
            role = "setting"  # "at 100-200 GeV": the bin's upper end is where it is measured, as its lower end is
        if role == "difference" and q == "resolution" and DIFFERS_FROM_TRUTH_BY.search(before[-120:]):
            role = "result"  # "deviates from the original mass by about 6.2 GeV": how far a rebuilt value misses, no change
        if role == "difference" and not q and DIFFERS_FROM_TRUTH_BY.search(before[-120:]) \
                and REBUILT_VALUE_NAMED_BEFORE.search(before[-160:]):
            adopt(val, "resolution")  # "the reconstructed jet mass differs from the original by 2.8%": how far a rebuilt
            role = "result"  # value misses its input, a width of the reconstruction, named or not
        if role == "threshold" and UNC_AFTER.match(text[m.end():]):
            role = "control" if CONTROL.search(_chunk(text, m.start())) else "result"  # a cut has no error bar
        if role == "result" and out and out[-1].role == "difference" and re.fullmatch(r"\s*(?:,|and|&)\s*",
                                                                                        text[ends[id(out[-1])]:m.start()]):
            role = "difference"  # "AUC gains 0.024 ± 0.0007 and 0.035": both are gains
        if role == "result" and q in BOUNDED and re.match(r"[-−+]", shown) and abs(v) < 0.5 and (
                re.search(r"(?:\b(?:cost|gain|change|delta|difference|drop|shift|loss|penalty|improvement)|Δ)\W{0,3}$", before[-30:], re.I)
                or QUANTITY_RE.match(text[m.end():m.end() + 40].lstrip())):
            role = "difference"  # "token cost: -0.0078 AUC": a signed small number of a probability is a change of it
        val.role = role
        used = 0
        if role in ("result", "control", "classifier_test", "difference"):
            gap = re.match(r"\s*(?:[A-Za-z][\w-]*\s*){1,2}(?=\(\s*(?:±|\+/-))", text[m.end():])
            used = _uncertainty(text[m.end():], val)
            if not used and gap:
                used = gap.end() + _uncertainty(text[m.end() + gap.end():], val)
            used += _power_of_a_bracketed_value(text, m, val, used)
        elif role == "setting" and re.match(r"\s*(?:±|\+/-|\+-)\s*\d", text[m.end():m.end() + 12]):
            used = _uncertainty(text[m.end():], val)  # "410 +- 120 events": a count's error bar is no number of its own
        if used and re.search(r"\(\s*$", before) and (power := POWER_AFTER_BRACKET.match(text, m.end() + used)):
            scale = 10 ** to_float(power["exp"])  # "(1.020 ± 0.032) × 10⁻³": the power after the bracket is the scale of
            val.value = round(val.value * scale, 15)  # the value and of its error alike
            val.uncertainty = round(val.uncertainty * scale, 15) if val.uncertainty is not None else None
            used = power.end() - m.end()
        skip_until = m.end() + used
        prev_end = max(skip_until, owned)
        ends[id(val)] = skip_until
        out.append(val)
    chained: set[int] = set()  # "A 0.904, B 0.896, and C 0.842 in AUC": the name after a list names each of its numbers
    for a, b in reversed(list(zip(out, out[1:], strict=False))):  # "0.8812 vs 0.8809 accuracy": the name after the pair names both
        if not a.quantity and b.quantity and a.role == "result" and b.role in ("result", "classifier_test") \
                and PAIRED.fullmatch(text[ends[id(a)]:b.start]) and (re.match(rf"\s*{NUM}(?![\d.])\s*%?\s*[A-Za-z]", text[b.start:])
                                                                    or id(b) in chained and a.value and 0.1 <= b.value / a.value <= 10) \
                and not QUANTITY_RE.search(text[ends[id(a)]:b.start]) \
                and not (b.unit == "sigma" and a.uncertainty is not None and b.uncertainty is None) \
                and not re.search(r"(?<![\w.])[A-Za-z][A-Za-z0-9]{0,5}\s*=\s*$|[\d)]\s*=\s*$", text[:a.start]) \
                and not _own_name_of_the_second_with_its_unit(text[ends[id(a)]:b.start], a, b):  # "q0 = 34.8 -> 5.90 sigma": a
            # symbol of its own (the test statistic) is converted, not the same quantity as the number after it; a name
            # between the two ("to 0.002, and the rejection improves from 352") is the second's own, not the first's
            # ("sqrt(2) x 0.0003 = 0.00042 -> 2.1 sigma": a calculation's result, an error, converted too)
            adopt(a, b.quantity)
            a.role = b.role
            chained.add(id(a))
    for a, b in zip(out, out[1:], strict=False):  # "the width is 9.8 GeV for the transformer and 8.6 GeV for the soft-drop
        # mass": the second of 'X for A and Y for B' is of X's quantity, whatever the name of B ends with
        if a.quantity and a.quantity != b.quantity and a.role == "result" and a.unit == b.unit and b.uncertainty is None \
                and EACH_FOR_ITS_SIDE.fullmatch(text[ends[id(a)]:b.start]) and re.match(r"\s*%?\s*(?:[GTMk]?eV\s+)?for\s", text[ends[id(b)]:]):
            adopt(b, a.quantity)
            b.role = a.role
    for a, b in zip(out, out[1:], strict=False):  # "at signal efficiency eps_S = 0.3 and 0.5": the number joined to a named
        # one by a bare 'and' (no name between, none right after it) is a second value of that name, not of a name the
        # first one passed over (the "R50 = 1/eps_B" before it)
        if a.quantity and b.quantity and a.quantity != b.quantity and a.role == b.role and a.unit == b.unit \
                and a.uncertainty is None and b.uncertainty is None and re.fullmatch(r"\s*(?:,\s*)?(?:and|or)\s+", text[ends[id(a)]:b.start]) \
                and not QUANTITY_RE.match(text, ends[id(b)] + len(text[ends[id(b)]:]) - len(text[ends[id(b)]:].lstrip())) \
                and not re.match(r"\s*[=:]", text[ends[id(b)]:]):
            adopt(b, a.quantity)
    for a, b in zip(out, out[1:], strict=False):  # "mistag 0.0226 +- 0.0003 (baseline cut: 0.0310 +- 0.0003)": a number
        # with the same kind of error bar, in brackets after a named one, is the same quantity of the object the brackets name
        if a.quantity and not b.quantity and a.role == b.role == "result" and (a.uncertainty is None) == (b.uncertainty is None) \
                and not b.unit and not a.unit and re.fullmatch(r"\s*\(\s*[A-Za-z][^()]{0,40}[:=]\s*", text[ends[id(a)]:b.start]) \
                and 1 / 3 <= b.value / a.value <= 3 if a.value else False:
            adopt(b, a.quantity)
    for a, b in zip(out, out[1:], strict=False):  # "ParT's rejection at 1,420, ahead of ParticleNet (1,177) and on par
        # with LorentzNet (1,397)": a bare number in brackets right after another thing's name, after a named one of the
        # same size, is that thing's value of the same quantity (the sentence ranks them)
        if a.quantity and a.role == "result" and not b.quantity and b.role in ("result", "setting") and b.uncertainty is None \
                and a.unit == b.unit and a.value and 1 / 3 <= b.value / a.value <= 3 \
                and OTHER_NAME_THEN_BRACKET.fullmatch(text, ends[id(a)], b.start) and re.match(r"\s*\)", text[ends[id(b)]:]) \
                and not QUANTITY_RE.search(text, ends[id(a)], b.start):
            adopt(b, a.quantity)
            b.role = a.role
    if (row := NAME_THEN_VALUE.fullmatch(text[:400])) and len(out) >= 2:
        for v in out[:-1]:
            if v.start < row.start("value") and "." not in v.shown and v.uncertainty is None:
                v.role = "setting"  # "exp -2 sigma    0.56", "pT 300-400 GeV    0.91": a number in the name of an aligned row
    return out



# "(7.80 ± 0.06) x 10^-4", "(2.1 +- 0.3) × 10^{-3}": the power of ten after a bracketed value and its error
POWER_AFTER_BRACKET = re.compile(r"\s*\)\s*(?:×|x|\*)\s*10\s*\^?\s*\{?\s*(?P<exp>[-+−]?\d{1,2})\s*\}?(?!\d|\.\d)")


def _power_of_a_bracketed_value(text: str, m: re.Match[str], val: Value, used: int) -> int:
    """'eps_B = (7.80 ± 0.06) x 10^-4': a value and its error in brackets, then one power of ten that scales both (the
    value is 7.80e-4 ± 0.06e-4, not 7.80 ± 0.06); returns the characters it used after the error."""
    p = POWER_AFTER_BRACKET.match(text, m.end() + used) if used and val.uncertainty and not m["exp"] and not m["pct"] else None
    if p is None or not re.search(r"\(\s*$", text[:m.start()]):
        return 0
    scale = 10 ** to_float(p["exp"])
    val.value, val.uncertainty = val.value * scale, val.uncertainty * scale if val.uncertainty else val.uncertainty
    val.shown = f"{val.shown}e{p['exp'].replace('−', '-')}"
    return p.end() - (m.end() + used)


# ") and on par with LorentzNet (", ", ahead of ParticleNet (": a joint, a few words, a name, then an opening bracket
OTHER_NAME_THEN_BRACKET = re.compile(r"\s*\)?\s*(?:,|;|\band\b|\bor\b|\bbut\b)\s*(?:[a-z][\w'-]*\s+){0,5}(?:the\s+)?[A-Z][\w.+-]*\s*\(\s*")


def _own_name_of_the_second_with_its_unit(between: str, a: Value, b: Value) -> bool:
    """'a scale of 0.99, and the resolution is 9.8 GeV': the name stands between the two numbers, before the second,
    which carries a unit the first lacks: it names the second alone, not a pair of one quantity."""
    return a.unit != b.unit and bool(QUANTITY_RE.search(between))


def _upper_end_of_a_bin(text: str, low: Value, low_end: int, start: int) -> bool:
    """'at 100-200 GeV', 'for 500–1000 GeV': the second end of a range whose first is a setting introduced by a
    preposition (a bin, a window)."""
    return low.role == "setting" and re.fullmatch(r"\s*[-–]\s*", text[low_end:start]) is not None \
        and re.search(r"\b(?:at|in|for|over|within)\s+(?:the\s+)?$", text[:low.start], re.I) is not None

# a row of an aligned record: its name, a gap of two spaces or more, then its one value ("exp +1 sigma  1.46")
NAME_THEN_VALUE = re.compile(r"\s*[A-Za-z][^\s]*(?: {1,2}[^\s]+){0,8}? {2,}(?P<value>[-+]?\d[\d.]*(?:[eE][-+]?\d+)?\s*%?)\s*")


NAMED_AFTER = re.compile(r"\s*\(\s*(?:RMS|IQR(?:/2)?|width|resolution|spread|std)\s*\)", re.I)


# a significance a convention sets: '"evidence" means 3 sigma and "observation" 5 sigma', 'a discovery requires 5σ'
CONVENTION_BEFORE = re.compile(r"(?:\b(?:means|meaning|requires?|required|needs?|needed|is defined as|is reserved for|"
                               r"threshold(?: is| of)?|convention(?:ally)? (?:is|of))|[\"”]\s*(?:at|is|=)?)\s*(?:at least\s+|an?\s+)?$|"
                               r"\b(?:means|requires?|is defined as)\s+(?:at least\s+)?\d+(?:\.\d+)?\s*(?:σ|sigma)\s+and\s+[\"“]?[\w ]{1,20}[\"”]?\s*$",
                               re.I)
CONVENTION_AFTER = re.compile(r"\s*(?:σ|sigma|standard deviations?)?\s*(?:threshold|convention|rule|criterion|standard|bar)\b", re.I)


# "whose target is 0.5", "the ideal value is 1", "with a goal of 0.5": the value aimed at, said in words
TARGET_IS_BEFORE = re.compile(r"\b(?:target|ideal(?:\s+value)?|goal)\s+(?:value\s+)?(?:is|of|would be)\s+(?:about\s+|exactly\s+)?$", re.I)


def _role(text: str, m: re.Match[str], before: str, val: Value) -> Role:
    """What a number is: a count, a setting, a change, a bar, or a result (of a control or a classifier test)."""
    if re.search(r"[\w)\]]\s*[*^]\s*$", before) or re.match(r"\s*[*^]\s*[\w(]", text[m.end():m.end() + 4]):
        return "setting"  # "R30^2*6.457e-4", "x * 0.5": a factor or power in an expression worked out, no result
    if CHANCE_NAMED_AFTER.match(text, m.end()):
        return "setting"  # "0.5 is random guessing", "0.5 means a coin flip": the chance level named, no result
    if (arg := CALL_ARGUMENT.search(before[-200:])) and (TOLERANCE_KEY.fullmatch(arg["key"] or "") or (
            not arg["key"] and TOLERANCE_CALL.fullmatch(arg["call"].rsplit(".", 1)[-1]))):
        return "setting"  # "Approx(ref).epsilon(0.01)", "isclose(a, b, rtol=1e-3)": how close a check lets two numbers be,
        # passed to the check's code, no value of the quantity the compared names are of
    if "." in val.shown and TYPED_AT_PROMPT.match(text) and (arg := CALL_ARGUMENT.search(before[-200:])) and not QUANTITY_RE.fullmatch(arg["key"] or arg["call"]):
        return "setting"  # ">> R30 = rej_at(y, s, 0.3)", ">>> c2st(a, b, test_size=0.25)": a number typed at a prompt as a call's
        # argument is an input to the code, not a value the code gave
    if ASSIGNED_CALL_ARGUMENT.search(before[-200:]):
        return "setting"  # "r50, r30 = rejection_at(y, s, (0.5, 0.3))" in a profiler's listing of the source: the working
        # points passed to the code, not the rejections it returned
    return _count_role(text, m, before, val) or _change_role(text, m, before, val) or _result_role(text, m, before, val)


# "0.5 is random guessing", "0.5 means no separation", "0.5 corresponds to a coin toss": a number defined as chance
CHANCE_NAMED_AFTER = re.compile(r"\s*(?:is|means|=|corresponds to|would be|is just|is pure)\s+(?:a\s+|an\s+|the\s+)?(?:purely\s+)?"
                                r"(?:random(?:\s+guess(?:ing|es)?|\s+chance|\s+classifier|ly)?|chance(?:[- ]level)?|coin[- ]?(?:flip|toss)|"
                                r"no (?:separation|discrimination))\b", re.I)


# "(difference 1.2, 5.4 sigma)": a change named before a number, then its significance after a comma; the sigma is the
# second number's, not the change's
CHANGE_NAMED_BEFORE_SIGMA = re.compile(r"\b(?:differences?|diff|deltas?|gains?|improvements?|shifts?|offsets?|reductions?|changes?)"
                                       r"\s*(?:of\s+|is\s+|[:=]\s*)?(?:about |roughly |~|≈)?$", re.I)


# "an AUC of 0.5 would mean ...", "a rejection of 1 would indicate ...": a value supposed to say what it would mean
VALUE_SUPPOSED_BY_CONDITIONAL_AFTER = re.compile(r"\s*%?\s*(?:would|might)\s+(?:then\s+)?(?:mean|indicate|imply|signal|signify|"
                                                 r"correspond\s+to|be\s+(?:expected|consistent|compatible))\b", re.I)


# "1500 of 2500 probe jets pass": the count after "N of" is the whole set, the jets passing the N before it
WHOLE_AFTER_PART_OF = re.compile(r"\d[\d,]*\s*[kKM]?\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?$", re.I)


# a count of repetitions after a whole number: "for 3 consecutive evaluations", "over 5 runs", "in 4 windows"
REPEATS_COUNTED = re.compile(r"\s+(?:consecutive\s+|independent\s+|separate\s+)?(?:evaluations|runs|trials|windows|checks|"
                             r"iterations|repeats|repetitions|rounds|steps)\b", re.I)


# "d(eps_S) = 0.0010", "err(AUC): 0.002", "sigma(eps_B) = 6.3e-05": the error of the thing the bracket names, not that thing
# ("the relative error on eps_B is 7.9%": the same, in words)
ERROR_OF_NAMED_BEFORE = re.compile(r"(?<![\w.])(?:d|err|error|sigma|σ|unc|std|sd)\s*\(\s*[^()\n]{1,24}\)\s*[:=]\s*$|"
                                   r"\b(?:relative|fractional|statistical|stat\.?)\s+(?:error|uncertainty)\s+(?:on|of)\s+(?:the\s+)?"
                                   r"[^\s,;:()]{1,12}(?:\s[^\s,;:()]{1,12})?\s+(?:is|was|=|:)\s*(?:about\s+|~\s*|≈\s*)?$", re.I)


# "call 6", "trial #12", "iteration No. 7", "candidate 3": a search's numbered call, named by the noun before its number
# ("exercise sheet 9", "slide 14", "chapter 3": the number of a sheet, a page or a part of a text, where a value was read)
INDEX_NOUN_BEFORE = re.compile(r"\b(?:call|trial|iteration|candidate|config(?:uration)?|sheet|exercise|problem|chapter|slide|page|"
                               r"lecture|appendix|fig(?:ure)?\.?|eq(?:uation)?\.?)\s*(?:No\.?\s*|#\s*)?$", re.I)


def _count_role(text: str, m: re.Match[str], before: str, val: Value) -> Role | None:
    after = text[m.end():m.end() + 40]
    if val.quantity == "resolution" and NAMED_AFTER.match(after):
        return "result"  # "differs from the input by 4% (RMS)": a width, not a change
    if SIZE_RE.match(text, m.start()) and not val.quantity.endswith("size"):
        size = SIZE_RE.match(text, m.start())
        if size and (size["n"] or size["n4"]) and PASSING.match(text, size.end()) and not WHOLE_AFTER_PART_OF.search(before[-30:]):
            return "setting"  # "i.e. 50 jets pass": the jets a cut keeps, a count of the outcome, not the set measured on
        if size and (size["n"] or size["n4"]):
            return "size"
    if SEEDS_RE.match(text, m.start()):
        return "seeds"
    if re.search(r"\btrials?[ _-]factors?\b(?:\s+(?:estimate|of|is|=|:|~|≈|about))*\s*$", before, re.I) and not val.unit:
        return "setting"  # "trials factor estimate=2400": how many places were looked, no significance
    if "." not in val.shown and not val.unit and re.match(r"\s*(?:[A-Za-z][\w-]{0,15}\s*)?\+\s*\d[\d,]*\s*[kM]?\s+(?:[\w-]+\s+){0,2}(?:jets|events)\b", after):
        return "size"  # "on 20000 + 20000 jets", "on 6000 SR + 12000 SB jets": the first of the two classes' counts, not a result
    if "." not in val.shown and not val.unit and any(p.start() <= m.start() < p.end() for rx in (BRACKET_PAIR, CLASS_LIST_PAIR)
                                                     for p in rx.finditer(text, max(0, m.start() - 40), m.end() + 40)):
        return "size"  # "test AUC (2500 q + 2500 g) = 0.46": the counts of the two classes, no AUCs
    if "." not in val.shown and not val.unit and any(p.start() <= m.start() < p.end() and p["a"] == p["b"]
                                                     for p in SLASH_PAIR.finditer(text, max(0, m.start() - 20), m.end() + 20)):
        return "size"  # "(SB data vs flow samples, 30000/30000)": two equal classes' counts, no result
    if "." not in val.shown and not val.unit and INDEX_NOUN_BEFORE.search(before[-30:]):
        return "setting"  # "call 7 reaches a lower loss than call 6", "trial 12": the number that names one call of a
        # search, not a value of the quantity beside it
    if "." not in val.shown and not val.unit and REPEATS_COUNTED.match(after):
        return "setting"  # "above the bar for 3 consecutive evaluations": how many times, no value of the quantity named
    if "." not in val.shown and not val.unit and re.match(r"-(?!fold\b)[A-Za-z]{3,}", after) and val.quantity != "codebook_size":
        return "setting"  # "the 4-parameter fit", "a 3-layer MLP": a whole number joined to a noun describes it, no result
    if "." not in val.shown and not val.unit and (arg := CALL_ARGUMENT.search(before[-200:])) \
            and not QUANTITY_RE.fullmatch(arg["key"] or arg["call"]):
        return "setting"  # "c2st(real, gen, seed=7)", "Random.seed!(1234)": a whole number passed to code is an argument
    if val.unit == "%" and re.search(r"\b(?:with|using|plus|adding)\s*$", before, re.I) \
            and re.match(r"\s*%?\s*(?:of\s+)?(?:[a-z][\w-]*\s+){0,2}(?:augmentation|mixture|admixture|dropout|noise|smearing|"
                         r"pile-?up|masking|masked|mixed|mixing|generated|synthetic|labels?|corruption)\b", after, re.I):
        return "setting"  # "AUC with 20% generated augmentation 0.9431": how much was mixed in, not the AUC
    if val.unit == "%" and re.search(r"\b(?:at|on|from|for|with|using)\s*$", before, re.I) \
            and re.match(r"\s*%?\s*(?:of\s+(?:the\s+)?)?(?:labels?|labell?ed\b|(?:training\s+)?labels\b|training\s+(?:set|data|sample|jets)\b)",
                         after, re.I):
        return "setting"  # "the AUC at 5% labels", "trained on 10% of the labels", "at 10% of the training set": the share
        # of (labelled) training data, a
        # setting of the run, not a value of the quantity named before it
    if val.unit == "sigma" and (CONVENTION_BEFORE.search(before[-60:]) or CONVENTION_AFTER.match(after)):
        return "setting"  # '"evidence" means 3 sigma', 'the 5σ threshold': what a word or a rule asks, not a result
    if re.search(r"(?:\be\.g\.|\bfor (?:example|instance)\b)[^;.]{0,30}$", before, re.I):
        return "setting"  # "expects e.g. a cited control of AUC 0.906 to pass": an example, not a result
    if VALUE_SUPPOSED_BY_CONDITIONAL_AFTER.match(after):
        return "setting"  # "(an AUC of 0.5 would mean the classifier cannot tell them apart)": a value supposed, not measured
    if re.search(r"\b(?:n|N)(?:[ _](?:test|jets|events|train))?\s*=\s*$", before):
        return "size"  # "n=200": a count
    if val.quantity == "codebook_size":
        return "setting"
    if val.unit == "sigma" and (re.match(r"\s*(?:above|below|from|away|off|over|higher|lower|beyond)\b", after, re.I)
                                or STDS_AWAY_AFTER.match(after)):
        return "difference"  # "17σ above the control", "3σ from 0.5": a distance in errors, not a significance claim
    if val.bound and val.quantity in ("p_value", "significance"):
        return "result"
    if re.search(r"\bcodes?\b|\bentries\b|\btokens\b|\bepochs?\b|\b(?:ODE |integration |sampling |solver |training )?steps\b|\blayers?\b|\bheads?\b|\bparameters\b|\bfolds?\b|\bwindows?\b|"
                 r"\bbins?\b|\bbatch(?:es)?\b|\bbootstraps?\b|\btoys?\b|\btrials?\b|\breplicas?\b|\bpseudo-?experiments?\b",
                 after[:12], re.I) and "." not in val.shown or re.match(  # "2,000 background-only pseudo-experiments"
            r"\s*(?:(?!(?:of|for|from|in|on|by)\b|\d)[\w-]+\s+){0,2}(?:toys?|trials?|pseudo-?experiments?|bootstraps?|replicas?)\b",
            after, re.I):  # (not "0.2187 of trial 2": the value of one trial, not a count of them; nor "2.5 sigma after 45
        # trials": the count is the number just before the noun)
        return "setting"
    if val.unit in ("tev", "gev", "mev") and re.search(r"(?:\b(?:at|@|for|above|below|in)\s*(?:p_?T\s*(?:=|of)?\s*)?|@)\s*$", before, re.I):
        return "setting"  # "resolution at 100 GeV: 5.8%": the energy where a width is taken, not the width
    if val.unit in ("tev", "gev", "mev") and val.quantity not in ("wasserstein", "resolution", "bias") or val.quantity == "mass":
        return "setting"  # a mass or an energy is where one looks; a distance, width or shift in GeV is a result
    if re.search(r"(?:\bat|@|\bfor)(?:\s+(?:the|a))?(?:\s+(?:same|fixed|common|given|matched))?\s*$", before, re.I) \
            and WORKING_POINT.match(after) or re.search(r"@\s*$", before):
        return "setting"  # "at 50% signal efficiency", "rej@30%", "at the 70% WP", "at the same 50% W efficiency": a working point
    if EFFICIENCY_NAMED_AT_BEFORE.search(before[-80:]):
        return "setting"  # "1/eps_B at signal efficiency 0.3 and 0.5": working points named by the efficiency before them
    if val.quantity == "rejection" and val.value < 1 and "%" not in val.shown and re.search(
            rf"\bat\s+(?:(?:[\w\\{{}}$/]+\s*){{1,3}}=\s*)?(?:{NUM}\s*(?:,|and|or|/)\s*)*$", before, re.I) and not re.search(
            r"\bat[\s_]+[A-Za-z]+[\s_]?\d+\s*[:=]\s*$", before, re.I):  # "rejection_at_eff50 = 0.74": the point is in the name
        return "setting"  # "1/eps_B at 0.5", "at eps_S = 0.3 and 0.5": a rejection's working point is an efficiency
    if val.quantity == "rejection" and val.shown.endswith("%") and re.search(r"\b(?:at|@)\s*$", before, re.I):
        return "setting"  # "its lower rejection at 50%": a rejection (1/ε_B) is no percentage; the 50% is where it is taken
    if val.quantity == "efficiency" and val.shown.endswith("%") and RATE_NAMED_THEN_AT.search(before[-40:]):
        return "setting"  # "the mistag rate at 50% is 0.002": the signal efficiency the rate is taken at
    return None


# an error's name over a list ("sigma(AUC): a 0.0024, b 0.0025", "err(1/eps_B) on 5000 QCD: a 3.7"), the clause up to the number
ERROR_HEAD = re.compile(r"(?:\b(?:sigma|std|sd|sem|stderr|err(?:or)?|unc(?:ertainty)?)|σ)\s*\(\s*[^()\n]{1,20}\)[^:;=()\n]{0,30}[:=]"
                        r"[^:;=()\n]{0,80}$", re.I)
# "HM error on ROC-integ (40000 per class): BDTG 0.0018, MLP 0.0019": an error named in words, of a quantity, over a list
ERROR_ON_HEAD = re.compile(r"\b(?:std|sd|sem|stderr|err(?:or)?s?(?! rate)|unc(?:ertaint(?:y|ies))?)\s+(?:on|of|in|for)\s+(?:the\s+)?"
                           r"(?P<of>[\w-]{2,20}(?:\s[\w-]{2,20})?)\s*(?:\([^()\n]{0,40}\)\s*)?[:=][^:;=()\n]{0,80}$", re.I)

# "the C2ST error shrinks by ~sqrt(10) to ~0.001", "its uncertainty would fall to 0.002": the number an error goes to
ERROR_SCALED_TO = re.compile(r"\b(?:err(?:or)?s?|uncertaint(?:y|ies)|std|spread)\s+(?:would\s+|will\s+)?(?:shrinks?|shrank|falls?|fell|"
                             r"drops?|dropped|decreases?|decreased|grows?|grew|goes down|comes down|scales?|reduces?)\b"
                             r"[^.;:=]{0,40}?\bto\s*(?:about |roughly |~|≈)?$", re.I)

# "the Hanley-McNeil error near 0.5 is sqrt((n1 + n2 + 1) / (12 n1 n2)) = ": an error, worked out by its formula
ERROR_IS_A_FORMULA = re.compile(r"\b(?:err(?:or)?s?|uncertaint(?:y|ies)|stderr|std)\b(?:[^.;:=\n]|\.(?=\d)){0,60}?\b(?:is|are|of)\s+"
                                r"(?:about\s+|roughly\s+|~\s*|≈\s*)?(?:sqrt|√)[^;:=\n]{0,80}[=≈]\s*$", re.I)

# the name of a change earlier on the line ("|d eps_S| < 0.010 : PASS (", "rel. mistag change < 10 % : PASS (", "dAUC: ")
SIGNED_UNDER_A_CHANGE_NAME = re.compile(r"(?:\|\s*d\s*[A-Za-zε]|\bd(?:AUC|eps\w*|acc\w*|rej\w*)\b|\bchange\b|\bdelta\b|Δ)"
                                        r"(?:[^\n;.]|\.(?=\d)){0,60}?(?:PASS|FAIL|OK|passed|failed)?\s*[:=(]\s*\(?\s*$", re.I)

# the working points named in brackets after the words: "every working point (eps_S = 0.3, 0.5, 0.7)", "WPs (ε = 0.5 and 0.7)"
WORKING_POINTS_LISTED = re.compile(rf"\b(?:working|operating)[ -]points?\b[^.;()]{{0,40}}\(\s*(?:[\w\\{{}}$]+\s*){{1,3}}=\s*"
                                   rf"(?:{NUM}\s*%?\s*(?:,|and|or|/)\s*)*$", re.I)


# "with a 0.5% W'(3 TeV) injection", "a 2% Z' injection": a percentage naming the injection it makes, the signal's share
PERCENT_NAMING_AN_INJECTION = re.compile(r"\s*+%?\s*+(?:[A-Za-z][\w'′-]{0,12}\s*+(?:\([^()]{0,20}\))?\s++){0,2}(?:signal\s+)?injections?\b",
                                         re.I)


# the two ends of a change, then the glue before its signed percentage: "0.0050 -> 0.0040 is ", "250 → 300 ("
# ("from 71 (old) to 96 (new), i.e. +35%": each end may carry its side's name in brackets, and "i.e." may follow a comma)
CHANGE_AFTER_ITS_ENDS = re.compile(rf"{NUM}\s*%?\s*(?:\([^()\d]{{1,30}}\)\s*)?(?:->|→|=>|\bto\b)\s*{NUM}\s*%?\s*(?:\([^()\d]{{1,30}}\)\s*)?"
                                   r"(?:\(|,|:|=|\bis\b|\bwas\b|\bi\.e\.|,\s*i\.e\.,?)\s*"
                                   r"(?:about\s+|roughly\s+|~|≈)?$", re.I)


# "at eps_S = ", "@ ε_B=": a working point's key, the number after it is where a result is taken
WORKING_POINT_KEY_BEFORE = re.compile(r"(?:@|\bat)\s*(?:the\s+)?(?:ε|eps(?:ilon)?|e(?=_?[sb]\s*=))[_ ]?\{?\w{1,4}\}?\s*=\s*$", re.I)


# "... 11 GeV around the true value", "4% about the generated mass": a width measured about the truth, a resolution's value
SPREAD_ABOUT_TRUTH_AFTER = re.compile(r"\s*%?\s*(?:around|about|from|relative to|with respect to)\s+(?:the\s+|its\s+)?"
                                      r"(?:true|truth|generated|generator[- ]level|real|actual|original)\b", re.I)


# "0.0031 (-0.0009)", "41.87s (+2.10s)": a signed number alone in a bracket right after a value is its change (against a
# previous run, a baseline), not a second value of the quantity
SIGNED_CHANGE_AFTER_A_VALUE = re.compile(rf"(?<![\w.]){NUM}[ \t]*(?:%|[A-Za-z]{{1,3}})?[ \t]*\([ \t]*$")


# "rejects background with a factor of 41", "a rejection factor of 41": the rejection named as the factor it is
REJECTION_AS_A_FACTOR_BEFORE = re.compile(r"\b(?:reject(?:s|ed|ing)?\b[^.;:\d]{0,40}?\bwith\s+a\s+factor|rejection\s+factor)\s+"
                                          r"(?:of\s+)?(?:about\s+|roughly\s+|~\s*|≈\s*)?$", re.I)
# "0.004 above 0.5", "0.02 below 0.50", "0.003 away from 0.5": a number set against chance by a word of place is its distance
# "the 0.5 of a random tagger", "0.5 for pure guessing": the score of chance, named as such
CHANCE_NAMED_AFTER = re.compile(r"\s*(?:of|for)\s+(?:an?\s+|the\s+)?(?:pure\s+|purely\s+)?(?:random|chance|coin[- ]?(?:flip|toss)|guess)", re.I)
CHANCE_OFFSET_AFTER = re.compile(r"\s*(?:above|below|over|under|away from|off|from)\s+(?:the\s+)?0?\.50*(?![\d.])", re.I)


def _change_role(text: str, m: re.Match[str], before: str, val: Value) -> Role | None:
    after = text[m.end():m.end() + 40]
    if m["num"][:1] in "+-−" and SIGNED_CHANGE_AFTER_A_VALUE.search(before[-30:]) and re.match(r"[ \t]*(?:%|[A-Za-z]{1,3})?[ \t]*\)", after):
        return "difference"
    if val.quantity in ("auc", "accuracy", "") and 0 < val.value < 0.5 and CHANCE_OFFSET_AFTER.match(after):
        return "difference"  # "the AUC is 0.004 above 0.5": how far a score sits from chance, not the score
    if val.value == 0.5 and CHANCE_NAMED_AFTER.match(after):
        return "threshold"  # "furthest from the 0.5 of a random tagger": chance, the bar scores are set against, no one's score
    if (re.search(r"\b(?:differences?|gains?|(?<!significance )improvements?|deltas?|drops?|another|a further|an additional|an extra)\s*(?:of\s+)?$",
                  before, re.I) or GAP.search(before)) \
            and val.quantity != "significance":
        return "difference"  # "AUC gains 0.024 ± 0.0007 and 0.035": changes
    if re.search(r"\b(?:differences|gaps|spreads)\b[^.;:\d]{0,50}\b(?:are|were)\s+(?:at the level of|of (?:the )?order(?: of)?|"
                 r"(?:only |just )?(?:about|around|roughly|below|under|within|~|≈))\s*$", before, re.I):
        return "difference"  # "The AUC differences among the three strongest models are at the level of 0.001": the size of
        # the gaps between models, no model's score
    if re.search(r"\b(?:differ|disagree)(?:s|ed|ing)?\s+by\s+(?:<=|≤|<|at most|up to|less than|about|only|~)?\s*$", before, re.I):
        return "difference"  # "acc and acc_norm differ by <= 0.0025": what two numbers differ by, a gap, no score of its own
    if re.search(r"(?:^|[.;,:]\s*)(?:so\s+)?(?:that's|that is|that makes|it's|it is|which is)\s+(?:a\s+)?(?:plus|minus)\s*$", before, re.I):
        return "difference"  # "So that's plus 0.005": what the two numbers just said differ by, said as a change
    if re.search(r"(?<!-)\b(?:difference|diff|delta|gain|(?<!significance )improvement|increase|decrease|drop|reduction|change)\b[^.;:\d]{0,15}"
                 r"(?:[:=]|\bis\b|\bof\b)\s*(?:about |roughly |~|≈|only |just |\+)?$", before, re.I) and not re.match(
                rf"\s*%?\s*(?:(?:±|\+/-)\s*{NUM}\s*%?\s*)?(?:\([^()]*\)\s*)?(?:vs\.?|versus|against|→|->|to)\s", after) \
            and not WORKING_POINT_KEY_BEFORE.search(before[-30:]):  # (not "the gain at eps_S = 0.3": where it is taken)
        return "difference"  # "auc_difference: 0.0004", "the AUC gain is 0.004": a change, not a value ("soft-drop:" a name;
        # "the significance improvement is 9.8": the SIC's own name, a value)
    if val.unit == "%" and re.search(r"\b(?:up|down|rises?|rose|falls?|fell|increases?|decreases?|drops?|grows?|grew|"
                                     r"improves?)(?:\s+by)?\s*(?:about\s+|~|≈)?$", before, re.I):
        return "difference"  # "rejection up 23% (312 -> 355)": a relative change
    if val.unit == "%" and re.match(r"\s*%?\s*(?:fewer|more|less)\s+(?:[\w-]+\s+){0,2}(?:jets|events|background|signal|QCD|"
                                    r"mistags?|fakes?|codes|tokens|gluons?|quarks?)\b", after, re.I):
        return "difference"  # "mistags 0.45% fewer QCD jets", "keeps 12% more signal": how much fewer or more, a change
        # (of gluons or quarks: a q/g tagger's jets named by their parton, "29% fewer gluons get through")
    if PRECISION_BEFORE.search(before) or re.search(r"(?:±|\+/-|\+-)\s*$", before) or \
            val.quantity not in ("p_value", "significance") and re.search(r"\b[\w-]+\s*(?:−|\bminus\b)\s*[\w-]+\s*:(?:[^:.!?]|\.(?=\d))*$", before):  # "finetune − scratch: 0.03"
        return "difference"  # "known to 0.004", "(about ±0.0004 on the AUC)": an error, not a value
    if val.quantity not in ("p_value", "significance") and not val.unit and re.search(
            r"\b(?:agree|agrees|agreed|agreeing|coincide|coincides|match|matches)\s+(?:to\s+)?within\s+(?:about\s+|~|≈)?$", before[-40:], re.I):
        return "difference"  # "pythia8 and sherpa2 agree within 0.018": how far apart two values are, no value itself
    if val.quantity not in ("p_value", "significance") and (
            mm := re.search(r"(?<![\w.])[A-Za-z][\w.]*\s+[-−]\s+(?P<right>[A-Za-z][\w.]*)\s*=\s*$", before[-60:])) \
            and not QUANTITY_RE.search(mm["right"].replace("_", " ")):
        return "difference"  # "W1M v7 - v6 = -0.08 +- 0.09": one name minus another, equal to their difference (not
        # "AUC WARNING - auc=0.912": a status, a dash, then the quantity's own name and its value)
    if ERROR_IS_A_FORMULA.search(before[-200:]):
        return "difference"  # "the error near 0.5 is sqrt((n1 + n2 + 1) / (12 n1 n2)) = 0.0041": an error worked out, not a value
    if ERROR_SCALED_TO.search(before[-120:]):
        return "difference"  # "the error shrinks by ~sqrt(10) to ~0.001": what an error becomes, not a value of the quantity
    if ERROR_HEAD.search(before[-160:]):
        return "difference"  # "sigma(AUC): model A 0.0024, model B 0.0024": the errors of the quantity, listed under its name
    if val.quantity != "significance" and (e := ERROR_ON_HEAD.search(before[-160:])) and QUANTITY_RE.search(e["of"]):
        return "difference"  # "bootstrap error on the AUC (n = 2e4): net A 0.0021, net B 0.0024": the same, named in words
    if val.quantity in ("resolution", "") and (SPREAD_ABOUT_TRUTH_AFTER.match(text, m.end()) and val.quantity or (
            re.fullmatch(r"[kmgt]?ev", (val.unit or "").lower()) and re.search(r"\bspread\s+of\s*$", before)
            and not re.match(r"[^.;]{0,30}\b(?:over|across|between|among)\s+(?:the\s+)?(?:\w+\s+)?(?:seeds|runs|trainings|folds)\b",
                             text[m.end():]))):
        return None  # "a spread of 11 GeV around the true value", "the estimate has a spread of 14 GeV": a mass's width in
        # GeV is the resolution itself, no error bar of a result
    if (u := UNC_BEFORE.search(before)) and (not QUANTITY_RE.search(before[u.start("tail"):] + m.group(0)) or re.match(
            r"\s*(?:on|of|in|for)\s", u["tail"])) and not UNC_AFTER.match(text[m.end():]):  # "stat error on the AUC is ~0.0004"
        return "difference"  # "AUC std: 0.003", "varies by only 0.002": the spread of a result (not "a fluctuation,
        # local p = 0.004": a quantity named, with the number it is read against, after the spread's word)
    if val.shown.startswith("+") and (val.quantity in BOUNDED or val.unit == "%" and val.quantity not in ("bias", "")
                                      or val.unit == "%" and re.search(rf"{NUM}\s*(?:->|→|to)\s*{NUM}\s*\(\s*$", before)):
        return "difference"  # "+0.0022 in AUC", "260 (v3: 210), +35%": a signed change
    if val.unit == "%" and val.shown[:1] in "+-−" and (CHANGE_AFTER_ITS_ENDS.search(before[-80:]) or re.match(r"\s*relative\b", after)):
        return "difference"  # "mistag 0.0050 -> 0.0040 is -20%", "the lower mistag: -12% relative": a signed percentage
        # after the two ends, or called relative, is a change
    if re.search(r"(?:@|\bat|\bworking point|\bWP)\s*(?:ε|eps(?:ilon)?|e(?=_?s\s*=))[_ ]?\{?\w{1,4}\}?\s*=\s*$", before, re.I) or \
            re.match(r"\s*%?\s*\)?\s*(?:working|operating) point", after, re.I):
        return "setting"  # "rejection @ eps_S=0.5", "mistag@eS=0.5", "at the ε_q = 0.5 working point": the working point
    if val.unit == "%" and re.search(r"\b(?:working\s+|operating\s+)?(?:point|WP)\s*\(\s*$", before, re.I) and \
            re.match(r"\s*%?\s*\)", after):
        return "setting"  # "At the tight point (40%) GN-2b reduces the mistag": the signal efficiency the point is named by
        # in brackets, where the result is taken, not a value of the quantity compared
    if WORKING_POINTS_LISTED.search(before[-120:]):
        return "setting"  # "at every working point we looked at (eps_S = 0.3, 0.5, 0.7)": the points, not results
    if re.search(r"\d\s*%?\s+at\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){1,2}of\s*$", before, re.I):
        return "setting"  # "(about 0.001 at an accuracy of 0.71)": where the number before it is taken, not a result
    if (re.match(r"\s*%?\s*(?:of\s+)?(?:injected\s+)?(?:signal|S/B)\b(?!\s*(?:efficienc|eff\b|jets|events|region|sample))", after, re.I)
            or PERCENT_NAMING_AN_INJECTION.match(text, m.end())) and val.unit == "%":
        if val.quantity not in BOUNDED | {"resolution", "bias"}:
            val.value = round(val.value / 100, 12)  # stored as a fraction, as every bounded quantity
        val.quantity = "signal_fraction"  # "trained on 0.5% signal": the injection, a setting
        return "setting"
    if val.shown[:1] in "+-−" and re.search(r"\b(?:delta|diff(?:erence)?)\b[^=:;.]{0,30}[=:]\s*$|Δ[^=:;.]{0,30}[=:]\s*$", before, re.I):
        return "difference"  # "delta 1/eps_B (A - B) = +6": a signed number under a delta's name is a change
    if val.shown[:1] in "+-−" and SIGNED_UNDER_A_CHANGE_NAME.search(before[-120:]):
        return "difference"  # "gate |d eps_S| < 0.010 : PASS (-0.007)": a signed number under a change's name is the change
    if re.search(r"\+$", before) and val.shown.startswith("-"):
        return "difference"  # "+-0.1": an error written ±
    if RANGE.search(before) or re.match(rf"\s*%?\s*(?:[-–]|to)\s*{NUM}", after) and RANGE_WORD.search(before[-40:]) \
            or re.search(r"\d\s*[-–]\s*$", before) and RANGE_WORD.search(before[-40:]) \
            or re.search(r"\d\.\d+[-–]$", before) and "." in val.shown \
            or re.match(r"[-–]\d*\.\d", after) and "." in val.shown:  # "0.71-0.79": a range
        return "setting"  # "ranges from 0.41 to 0.93", "between 0.91 and 0.93": the ends of a spread
    return None


# "the 5σ needed for an observation", "3σ required to claim evidence": a significance named as a bar
SIGMA_BAR_NEEDED_AFTER = re.compile(r"\s*(?:σ|sigma)?\s*(?:(?:that\s+)?(?:is|are)\s+)?(?:needed|required|necessary|demanded|"
                                    r"conventionally\s+(?:needed|required))\s+(?:for|to|before)\b"
                                    # "(5 sigma global required)": the bar, its scope named, closing its own bracket
                                    r"|\s*(?:σ|sigma)?\s*(?:global|local)?\s*(?:needed|required)\s*\)", re.I)


# "AUC(column ", "accuracy(fold ", "AUC(seed = ": a quantity written as a function of a named argument, up to the argument's number
QUANTITY_ARGUMENT_BEFORE = re.compile(r"(?<![\w.])(?:AUC|acc(?:uracy)?|eff(?:iciency)?|rej(?:ection)?|loss|mistag)\s*\(\s*"
                                      r"(?:column|col|index|idx|fold|seed|run|epoch|step|class|label|head|output|node|layer|bin|trial)"
                                      r"\s*[=:#]?\s*$", re.I)


# "[trial 0] num_codes=256 beta=0.18  -> cost 0.1042", "Incumbent cost: 0.0874": the cost a hyper-parameter search
# (SMAC, Optuna) minimises is a noun, the objective value a trial scored: no change "costing" something
OBJECTIVE_COST_BEFORE = re.compile(r"(?:->|→|=>|\b(?:the|incumbent|best|final|objective|trial|mean|median))\s+cost\s*[:=]?\s*$", re.I)


def _result_role(text: str, m: re.Match[str], before: str, val: Value) -> Role:
    after = text[m.end():m.end() + 40]
    if val.quantity == "significance" and (THRESHOLD_BEFORE.search(before) or re.search(
            r"\b(?:need|needs|needed|require[sd]?|would|threshold|convention|usual|standard|at least)\b[^.;:\d]{0,40}$", before, re.I)
            or re.search(r"\b(?:below|above|short of|under|beyond|reach(?:es|ed)?|exceeds?|than)\s+(?:the|a)\s+(?:usual\s+|conventional\s+)?$",
                         before, re.I) or SIGMA_BAR_NEEDED_AFTER.match(text, m.end())
            or re.search(r"\b(?:if|unless|once|until)\s+[^.;:\d]{0,60}\breach(?:es|ed)?\s+$", before, re.I)
            or re.search(r"\bat\s+(?:the|a)\s+$", before, re.I) and re.match(r"[\s-]*(?:σ|sigma)?[\s-]*(?:level|bar|threshold)\b", after, re.I)):
        # ("not significant at the 2σ level": the level a significance is judged at, a bar)
        # ("call it a discovery only if the global significance reaches 5σ": the bar a condition sets)
        # "3.5σ, well below the 5σ": the bar it is
        # held against; "nowhere near the 5σ needed for an observation": the bar, named by what it is needed for
        return "threshold"  # "would need a global significance above 5σ": a bar, not a result
    if val.quantity == "significance" and not re.search(r"\bby\s*(?:about |roughly |~|≈)?$", before):
        return "result"  # "a local significance of 4.1σ over the fitted background", "an excess of 3σ"
    if re.match(r"\s*(?:data[- ])?points?\b", after) and "." not in val.shown and not val.unit \
            and re.search(r"\b(?:for|over|with|across|in|on|using|of the|all)\s*$", before, re.I):
        return "setting"  # "for 120 points one expects 2.7 above 2σ": a count of data points, not a change in points
    if re.match(r"\s*(?:USD|EUR|GBP|CHF|dollars?|euros?)\b", after) or re.search(r"[$€£]\s*$", before):
        return "setting"  # "cost 0.0041 USD", "$12.40": money spent, no change of a result
    if QUANTITY_ARGUMENT_BEFORE.search(before[-60:]) and re.match(r"\s*\)", after):
        return "setting"  # "AUC(column 0) + AUC(column 1) = 1", "acc(fold 3)": the argument a quantity is taken at, no value of it
    if val.quantity == "rejection" and REJECTION_AS_A_FACTOR_BEFORE.search(before[-80:]):
        return "result"  # "rejects background with a factor of 41": a rejection is a factor, that factor its value
    if OBJECTIVE_COST_BEFORE.search(before[-40:]):
        return "result"  # "-> cost 0.1042", "Incumbent cost: 0.0874": an optimiser's cost, the objective a trial scored
    if DIFF_BEFORE.search(before) or FACTOR_AFTER.match(after) or CHANGE_AFTER.match(after) or re.match(r"\s*(?:points?|pp|percentage points)\b", after):
        return "difference"
    if re.search(r"\b(?:maximum|max\.?|minimum|upper bound|lower bound|limit|ceiling|at most|out of|up to|"
                 r"(?:out\s+)?of\s+(?:a|the)\s+(?:highest\s+)?possible)\s*(?:of|is)?\s*$", before, re.I):
        return "threshold"  # "close to the maximum of 1024", "402 of a possible 512": a bound, not a measurement
    if THRESHOLD_BEFORE.search(before) and val.quantity not in ("p_value",) or re.search(
            r"\b(?:min|max|minimum|maximum|target|threshold|required|requirement|cut|limit)(?:[ _][\w ]{0,25})?\s*[:=]\s*$", before, re.I) \
            or TARGET_IS_BEFORE.search(before[-40:]):
        return "threshold"  # "min_auc_for_release: 0.45": a bar set, not a result; "the AUC, whose target is 0.5": the
        # value aimed at (a reference), not one measured
    if val.quantity in ("", "multiplicity") and not val.shown.endswith("%") and "." not in val.shown:
        return "setting"  # a bare integer of no named quantity: a setting or a count
    ctx = text[max(0, m.start() - 80):m.end() + 40]
    if val.quantity in ("auc", "classifier_auc", "accuracy") and (CLASSIFIER_TEST.search(ctx) or val.quantity == "classifier_auc"
                                                                  or generated_vs_real(text) or LOOKS_REAL.search(text)):
        return "classifier_test"
    if CONTROL_SAMPLE_AS_SIGNAL_PROXY.search(text[:m.start()]):
        return "result"  # "the g->cc control selection as a proxy for signal: AUC 0.43": a control region that stands in
        # for the signal is the tagger's signal test, not a sample with no signal in it
    if CONTROL.search(_chunk(text, m.start())) or CONTROL_AFTER.match(text, m.end()) or _control_note(text, m.end()) \
            or _control_clause(text, m.start()) or (CONTROL_OPENING.match(text) and not re.search(r"\binject", CONTROL.sub(" ", text[:m.start()]), re.I)):
        return "control"
    return "result"


# "using the Z->bb control region as a proxy for signal", "a control sample standing in for the signal": the control there
# is where the signal is looked for, not a sample without it
CONTROL_SAMPLE_AS_SIGNAL_PROXY = re.compile(r"\bcontrol\b[^.;:]{0,60}?\b(?:as\s+(?:a|an|the)\s+)?(?:proxy|stand-in|surrogate|substitute)"
                                            r"\s+for\s+(?:the\s+)?signal\b|\bcontrol\b[^.;:]{0,60}?\bstanding\s+in\s+for\s+(?:the\s+)?signal\b",
                                            re.I)


# "...In the label-shuffled control, where SR and SB labels are permuted, the classifier reaches AUC = 0.561": a sentence
# that opens by naming a control as its setting is about the control
# (or "About the control: with no signal injected, the classifier gives 0.563": a topic line names it too)
CONTROL_OPENING = re.compile(r"\W*(?:(?:In|For|On|With|As)\s+(?:the|our|a|an|this)\s+(?:[\w-]+\s+){0,3}(?:control|null test|sanity check)"
                             # ("In the no-signal control (no injection, same windows), ...": how it was run, in brackets)
                             r"(?:\s+(?:run|sample|test))?\s*(?:\([^()\d]{0,80}\)\s*)?,|(?:About|Regarding|Concerning|As for|On)\s+(?:the|our|this)\s+(?:[\w-]+\s+){0,3}"
                             r"(?:control|null test|sanity check)(?:\s+(?:run|sample|test))?\s*[:—–-]|"
                             # ("The no-injection row is the closure check: ... AUC 0.55": the sentence's opening names the control it is about)
                             r"The\s+(?:no[- ]injection|no[- ]signal|signal[- ]free|null|control)\s+(?:row|run|sample|point|case)\s+"
                             r"(?:is|was|serves as)\s+(?:the|our|a)\s+(?:[\w-]+\s+){0,2}?(?:check|test|control)\s*[:—–-])", re.I)


# "the gap to the PFN (0.0039)": a change named by its noun and what it is against ("an improvement over ParT (0.9853)"
# quotes ParT's own value, so only nouns that are never a side's value count)
GAP = re.compile(r"\b(?:gap|margin|deficit|shortfall)\s+(?:to|over|between|from|"
                 r"with|against|on)\s+(?:the\s+)?[\w-]+(?:\s+(?:and|vs\.?)\s+(?:the\s+)?[\w-]+)?\s*[(,:=]?\s*(?:is\s+|of\s+)?"
                 r"(?:about |roughly |~|≈|only |just )?$", re.I)
RANGE_WORD = re.compile(r"\b(?:ranges?|ranging|varies|vary|varying|spans?|spanning|between|lies in|lie in|within)\b", re.I)
RANGE = re.compile(rf"\b(?:ranges?|ranging|varies|vary|varying|spans?|spanning)\s+(?:from|between)\s+(?:{NUM}\s*%?\s+(?:to|and)\s+)?$|"
                   rf"\bbetween\s+(?:{NUM}\s*%?\s+and\s+)?$", re.I)
def _control_clause(text: str, pos: int) -> bool:
    """'at S/B = 0 it is 0.61': the clause opens with the control, and only its zero stands between."""
    start = max([b.end() for b in re.finditer(r"[;]|[.](?=\s)", text[:pos])] or [0])
    hit = [c for c in CONTROL.finditer(text, start, pos)]
    if not hit or RELATION_RE.search(text, hit[-1].end(), pos):
        return False
    between = [n for n in NUMBER_RE.finditer(text, hit[-1].start(), pos) if n.end() <= pos]
    return all(to_float(n["num"]) == 0 for n in between) and bool(between) and pos - hit[-1].end() < 30


def _control_note(text: str, end: int) -> bool:
    """'AUC 0.45 for QCD vs QCD (a null test)': a parenthesis after the number, before the next one, calls it a control
    ('AUC 0.53 +- 0.01 (null run)': past the number's own error)."""
    if unc := re.match(rf"\s*%?\s*(?:±|\+/-|\+-)\s*{NUM}\s*%?", text[end:end + 40]):
        end += unc.end()
    nxt = NUMBER_RE.search(text, end)
    rest = text[end:nxt.start() if nxt else len(text)][:80]
    return any(CONTROL.search(p) and not RELATION_RE.search(p) for p in re.findall(r"\(([^()]*)\)", rest))


# "against 0.853 ± 0.01 with no signal injected": the words after a number that make it the control's
CONTROL_AFTER = re.compile(rf"\s*%?\s*(?:(?:±|\+/-|\+-)\s*{NUM}\s*%?\s*)?(?:\([^()]{{0,40}}\)\s*)?(?:with|for|in|on|from|at) (?:the |a )?"
                           r"(?:no[- ]signal|no (?:injected )?signal|zero signal|0\s*% signal|background[- ]only|"
                           r"(?:shuffled|permuted|random) labels|signal[- ]free|(?:no-signal |null )?control)\b", re.I)


# "a classifier AUC of 0.812, so its jets are indistinguishable from the JetNet jets": a test of jets against jets
LOOKS_REAL = re.compile(r"\b(?:classifier|DNN|discriminator|BDT)\b.*\b(?:jets|samples?|events|ones)\b.*\b(?:indistinguishable from|"
                        r"more realistic than|look (?:more )?(?:realistic|real|like (?:the )?real)|as realistic as|faithful(?:ly)? "
                        r"reproduc\w*|reproduc\w* the real|match(?:es)? the real)|"
                        r"\b(?:indistinguishable from|more realistic than)\b.*\bclassifier\b", re.I)


def generated_vs_real(text: str) -> bool:
    """A sentence about a classifier between generated and real jets ("a classifier trained to tell
    generated and real jets apart reaches AUC 0.64")."""
    return bool(re.search(r"generat|synthetic|sampled|surrogate|emulat", text, re.I) and re.search(r"\breal\b|\bdata\b|\btruth\b|\bDelphes\b|"
                                                                              r"\bGeant\w*|full(?:y)?[- ]sim\w*", text, re.I)
                and re.search(r"classif|discriminat|tell\b|distinguish|separat", text, re.I)) or bool(
        re.search(r"\bclassifier\b", text, re.I) and CLASSIFIER_TEST.search(text)) or bool(  # "cannot distinguish EPiC-FM jets from real ones"
        re.search(r"\b(?:classif\w*|discriminat\w*)\b[^.;]{0,40}\b(?:tell|separate|distinguish)\s+real\s+(?:jets\s+)?from\s+[\w-]+",
                  text, re.I)) or bool(  # "a classifier to tell real from EPiC-FM jets": the other side is the generated one
        re.search(r"\b(?:told|tell)\s+apart\s+from\s+(?:the\s+)?real\b|\bindistinguishable\s+from\s+(?:the\s+)?real\s+(?:ones|jets)\b",
                  text, re.I))  # "its jets cannot be told apart from the real ones (AUC 0.57)": that AUC is the test's


def _same_word_either_side(text: str, m: re.Match[str]) -> bool:
    """The word before a 'vs' is the word after it ("QCD vs QCD", "truth versus truth"): a null test's one name."""
    before, after = re.search(r"([A-Za-z][\w-]*)\W*$", text[:m.start()]), re.match(r"\W*([A-Za-z][\w-]*)", text[m.end():])
    return bool(before and after and before[1].lower() == after[1].lower())


def _chunk(text: str, pos: int) -> str:
    """The words that name the number at `pos`: back to the previous number or clause boundary."""
    # "No-signal control (background-only MC, 1.2M events): AUC = 0.71": a parenthesis is part of the name
    masked = re.sub(r"\([^()]*\)", lambda p: "(" + "_" * (len(p.group(0)) - 2) + ")", text[:pos])
    start = max(masked.rfind(c, 0, pos) for c in ";,") + 1  # "Null run (no injection): AUC 0.68": the whole name
    prev = [m.end() for m in NUMBER_RE.finditer(masked, 0, pos) if m.end() < pos]
    start = max([start, *prev[-1:]])
    # "the SR-vs-SB classifier gets AUC 0.541": a hyphenated vs joins one name, it does not set two sides apart
    # (split where the parentheses are masked: "control AUC (QCD vs QCD) = 0.571" is one name)
    seps = [m for m in re.finditer(r"(?<![-/])\bvs\.?(?![-/])|\bversus\b|\bwhile\b|\bwhereas\b|\bagainst\b|\bthan\b", masked[start:pos])
            if not _same_word_either_side(masked[start:pos], m)]  # "truth vs truth": one sample against itself, one name
    chunk = text[start + seps[-1].end():pos] if seps else text[start:pos]
    rel = list(RELATION_RE.finditer(chunk))
    if rel and "(" in chunk[rel[-1].end():]:  # "A is above the control (0.71 vs 0.50)": 0.71 is A's
        chunk = chunk[:rel[-1].start()]
    return chunk


# a reported question before the word: "SI asked if 'lossless' can go on the slide", "we wondered whether ..."
# or a quoted wording the report withdraws: 'we have replaced "evidence for a resonance" by "a mild excess"'
QUESTIONED = re.compile(r"\b(?:ask(?:s|ed|ing)?|wonder(?:s|ed|ing)?|question(?:s|ed|ing)?) (?:\w+ )?(?:if|whether)\b[^.;!?]*$|"
                        # "I wanted to call it lossless in my slides (it was crossed out)": a wording once meant, not used
                        r"\b(?:wanted|was tempted|were tempted|had hoped|was going|were going|had planned|planned|meant) to "
                        r"(?:call|write|name|label|describe|advertise|present|sell|bill)\b(?:\s+(?:it|this|that|them|(?:the|our|my|their|its) [\w-]+))?"
                        r"(?:\s+as)?\s*[\"“‘'*_]*$|"
                        r"\bwhether\b[^.;:!?]*$|"  # "judge whether the jets are faithful": an open question, nothing claimed
                        r"\b(?:replac|remov|dropp|withdr[ae]w|retract|delet|struck)\w*\s+(?:the (?:words?|phrases?|claims?|terms?) )?"
                        r"[\"“‘'][^\"”’']*$", re.I)


# "A lossless tokenizer would reproduce ...", "a perfect separation would be 1": what the word would mean, no claim
HYPOTHETICAL = re.compile(r"[\s*_]*+(?:[\w-]++[\s*_]++){0,2}(?:would|could|should|means|is defined as|is one that)\b", re.I)


# "Lossless would mean the output equals the input", "Perfect means ...": the word itself, opening its sentence, is what the
# sentence says the meaning of
WORD_DEFINED_AFTER = re.compile(r"[\s*_\"'”’]*(?:would mean|means|is defined as|would imply|implies|"
                                r"would be\s+(?:about\s+|~\s*|≈\s*)?[\d.]+\s*%?(?=\s*[).;,]|$))", re.I)
# ("NOT lossless (lossless would be 0%)": the value the word would stand for, in brackets of its own)


# "If the two samples were indistinguishable, ...", "even if the codebook had been lossless": a condition contrary to fact
# is supposed, not claimed
COUNTERFACTUAL_BEFORE = re.compile(r"\b(?:if|unless)\s+[^,.;:!?]{0,60}?\b(?:were|had been|would be|could be)\s+(?:\w+\s+){0,2}$", re.I)


# "Don't quote the 512-code row as 'lossless'", "never call this a discovery", "Submissions MUST NOT describe a tokenizer as
# lossless unless ...": a word the report tells not to use
WITHHELD = re.compile(r"(?:\b(?:do|must|should|shall|may|will|can)\s*not|\b(?:don't|mustn't|shouldn't|can't|cannot)|^\W*not|"
                      r"\bnever|\bavoid|\brefrain from)\s+(?:\w+ing\s+|\w+\s+)(?:[^.;:!?]{0,60}?\s)?(?:as|a|an|it|this|that)"
                      r"\s*[\"“‘'*_]*$", re.I)


# "better than random", "above chance": chance as the bar a score is measured against; "no better than chance" calls it chance
# ("still better than a coin flip": the bar named with its article; "no better than a coin toss" does call it random)
RANDOM_AS_A_BAR_BEFORE = re.compile(r"\b(?:better|more)\s+than\s*(?:(?:an?|the|pure)\s+)?$|\babove\s*$", re.I)
# "physicists only claim a discovery at five sigma": the field's bar for the word, stated, not a claim made
FIVE_SIGMA_BAR_AFTER = re.compile(r"\s*(?:only\s+)?(?:at|above|beyond|past|from|with)\s+(?:least\s+)?(?:five|5(?:\.0)?)\s*"
                                  r"(?:sigma\b|σ|standard deviations?\b)", re.I)
ONLY_BEFORE = re.compile(r"\bonly\b[^.;:!?]{0,30}$", re.I)
# "a top jet picked at random", "pairs drawn at random": how something is sampled, not a verdict that a score is random
SAMPLED_AT_RANDOM_BEFORE = re.compile(r"\b(?:pick(?:ed|s)?|chos(?:en|e)|choos(?:e|es|ing)|drawn|draws?|select(?:ed|s)?|sampled|taken|assigned|"
                                      r"split|shuffled)\s+at\s*$", re.I)
NO_BETTER_THAN_BEFORE = re.compile(r"(?:\b(?:no|not|hardly|barely|scarcely|little)|n't)\s+(?:much\s+|any\s+)?better\s+than\s*"
                                   r"(?:(?:an?|the|pure)\s+)?$", re.I)


# the object of a search or of a possibility: "look for a new particle", "could find new physics", "sensitive to a new resonance"
# (not past a perfect tense: "an AI never told what to look for has discovered a new particle" claims it)
SOUGHT = re.compile(r"\b(?:look(?:s|ed|ing)?|search(?:es|ed|ing)?|hunt(?:s|ed|ing)?|scan(?:s|ned|ning)?)\s+for\b(?:(?!\b(?:has|have|had)\s)[^.;:]){0,50}$|"
                    r"\b(?:could|might|would)\s+(?:\w+\s+){0,2}$|\bsensitiv\w+ to\b[^.;:]{0,40}$", re.I)


# "hid a simulated new particle", "an injected new resonance": a signal put in on purpose is no discovery
PLANTED_SIGNAL = re.compile(r"\b(?:simulated|injected|hidden|planted|fake|synthetic|artificial|mock|toy)\s+(?:[\w-]+\s+)?$", re.I)
# "1 means perfect separation", "where 1 would be perfect", "1 corresponds to a perfect tagger": a scale's definition
SCALE_POINT = re.compile(r"\b(?:means|meaning|denotes|stands for|corresponds to|would be|would mean|is called)\s+(?:an?\s+|the\s+)?$|"
                         # "the area is 1 for a perfect separation and one half for guessing": the scale's end, by its value
                         r"(?<![\w.,])(?:1(?:\.0+)?|one|100\s*%)\s+(?:for|at|with|=)\s+(?:an?\s+|the\s+)?$", re.I)


# "perfectly ordinary", "perfectly normal tagger": 'perfectly' as a degree word before a plain adjective, no claim of perfection
PERFECTLY_PLAIN_AFTER = re.compile(r"\s+(?:ordinary|normal|fine|reasonable|acceptable|adequate|typical|standard|usual|sensible|"
                                   r"respectable|decent|plausible|unremarkable|healthy|serviceable|routine|"
                                   # "perfectly consistent with no learning": how fully a test is passed, said of no
                                   # number's end of scale (the consistency itself is the consistent_with reading's to check)
                                   r"consistent|compatible|understandable|expected|natural)\b", re.I)
# "you have discovered the look-elsewhere effect", "discovered a bug": an effect, a bug, a lesson found, no new state
DISCOVERED_NO_SIGNAL_AFTER = re.compile(r"\s+(?:(?:the|a|an|our|my|their|this|that)\s+)?(?:[\w-]+\s+){0,2}?(?:effect|bug|typo|"
                                        r"mistake|error|problem|issue|trick|lesson|flaw|limitation|hard way)s?\b", re.I)


# what an idealized reference is given, not what it achieves: "perfect background template", "perfect bkg sim", "perfect labels"
IDEAL_INPUT = re.compile(r"\s+(?:(?!(?:of|in|on|and|or|between|for|with|to|from)\b)[\w-]+\s+){0,2}(?:templates?|samples?|sim|simulations?|labels?|"
                         r"knowledge|modell?ing|density estimat\w*|calibrations?)\b|"
                         # "an idealised classifier trained on perfectly modelled background": an input assumed ideal
                         r"\s+(?:modell?ed|simulated|known|calibrated|described)\s+(?:[\w-]+\s+)?(?:background|signal|data|"
                         r"detector|events|jets)\b", re.I)


# what a discovery would take: "we'd need to claim a discovery", "required for a discovery", "before one can announce an observation"
DISCOVERY_BAR_AFTER = re.compile(r"[ \t]+(?:bar|threshold|standard|criterion|convention|requirement|benchmark|mark)\b", re.I)
BAR_FOR_A_DISCOVERY_BEFORE = re.compile(
    r"\b(?:need|needs|needed|require[sd]?|necessary|enough|sufficient|before)\b[^.;:!?]{0,25}?\bto\s+(?:(?:claim|call|announce|declare)"
    r"\s+(?:an?\s+|the\s+)?)?$|\b(?:needed|required|necessary|demanded)\s+(?:for|before)\s+(?:claiming\s+)?(?:an?\s+|the\s+)?$|"
    r"\bbefore\s+(?:we\s+|one\s+|you\s+|anyone\s+)?(?:can\s+|could\s+|may\s+)?(?:(?:claim|call|announce|declare)(?:ing)?\s+(?:an?\s+|the\s+)?)?$|"
    # ('To say "we found a new particle" physicists want 5 sigma': the words a purpose clause opens on, what one would need)
    r"(?:^|[.;:!?]\s+|\bin\s+order\s+)[\s*_]*to\s+(?:be\s+able\s+to\s+)?(?:say|claim|announce|declare|write)\s*[\"“‘'][^\"“”’]{0,40}$", re.I)
# who said the quoted words, when it is not the writer: "several of you told me ... that", "critics called it", "they say"
OTHERS_SAID_BEFORE_QUOTE = re.compile(
    r"\b(?:(?:several|some|many|most|a few|one|two|three|all)\s+of\s+(?:you|them)|others|people|critics|colleagues|sceptics|skeptics|"
    r"they|you)\b[^.;:!?\"“]{0,50}?\b(?:told|tell|said|say|says|claimed|claim|called|call|insisted|argued|suggested|described|describes?|terms?|termed)\b"
    r"[^.;:!?\"“]{0,60}$", re.I)
# 'CLAIM: "An AI has found ...', 'The claim: “...': a fact-check's label, then the quotation it checks, still open
CHECKED_CLAIM_QUOTE_BEFORE = re.compile(r"\b(?:claim|claimed|post|tweet|headline)\s*[*_]*\s*:\s*[*_]*\s*[\"“][^\"“”]*$", re.I)
QUOTED = re.compile(r"[\"“]([^\"“”\n]{1,160})[\"”]")  # a phrase in quotation marks (bounded, no nesting: linear)
# '"realistic" is not.', '"lossless" it was not': the quoted word, then its denial, closing the sentence
DENIED_AFTER_QUOTE = re.compile(r"\s*(?:(?:is|are|was|were)\s+not|(?:it|they)\s+(?:is|are|was|were)\s+not)\s*(?:[.;!]|$)", re.I)
# 'is not a broken or "better than perfect" classifier': a phrase quoted as one of the things the report says it is not
NEGATED_QUOTE_OF_A_THING = re.compile(r"\b(?:not|never|isn't|aren't|wasn't|weren't)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:or|nor)\s+$", re.I)
TOPIC_BEFORE = re.compile(r"\b(?:about|regarding|concerning|re:?)\s*$", re.I)
# '"Significant" only means something with an error', '"lossless" would require zero error': the quoted word is defined
# (mentioned), not said of a result
# 'drop "significantly"', 'remove the word "lossless"': a quoted word a reader asks to take out or change is named, not said
WORD_TAKEN_OUT_BEFORE_QUOTE = re.compile(r"\b(?:drop|dropping|remove|removing|delete|deleting|strike|striking|avoid|avoiding|"
                                         r"replace|replacing|rephrase|soften|tone\s+down|cut|omit|omitting)\s+(?:the\s+)?"
                                         r"(?:(?:word|words|term|wording|phrase|adjective|adverb|claim)\s+)?$", re.I)
DEFINED_AFTER_QUOTE = re.compile(r"\s*(?:only\s+|just\s+|really\s+)?(?:means?|meant|requires?|needs?|demands?|implies|"
                                 r"refers?\s+to|would\s+(?:require|need|mean|demand|imply)|is\s+(?:reserved|defined)\b|"
                                 r"should\s+(?:only\s+)?be\s+(?:used|said|reserved))\b", re.I)


# "a residual of width 1.8% with a mean of", "RMS 4.1%, mean": the mean named right after a width, with no other name between
MEAN_OF_A_WIDTH_BEFORE = re.compile(r"\b(?:widths?|RMS|spread|sigma|σ)\b(?:[^.;()]|\.(?=\d)){0,40}?\b(?:and|with|,)\s+(?:a\s+|an\s+|the\s+|its\s+)?"
                                    r"(?:mean|average|centre|center)\s*(?:of|at|=|:|is)?\s*(?:about\s+|~|≈)?$", re.I)


def negated(before: str) -> bool:
    """Is a word whose sentence reads `before` up to it negated? Emphasis ("is *not* lossless") is no word."""
    bare = re.sub(r"(?<=\w)[*_]+(?=\s)|(?<=\s)[*_]+(?=\w)", "", before)
    return bool(NEGATION.search(bare) or WITHHELD.search(bare) or PROMISE_DENIED_BEFORE.search(bare)
                or NONE_CAN_BE_CALLED.search(bare))


# "Neither model can be called unbiased", "none of the fits may be described as": a word no one of the things may bear
# (the subject denied, the word held back by the verb of naming after it, however many words stand between)
NONE_CAN_BE_CALLED = re.compile(r"\b(?:neither|none|no)\b(?:\s+[\w-]+){0,4}?\s+(?:can|could|may|might|should)\s+(?:(?:really|fairly|yet|now)\s+)?"
                                r"be\s+(?:called|described\s+as|labell?ed(?:\s+as)?|termed|deemed|considered|said\s+to\s+be)\s*[\"“‘'*_]*$", re.I)


# "No warranty is given that any jet is exactly reconstructed", "we do not guarantee that ...": what follows is not promised
PROMISE_DENIED_BEFORE = re.compile(r"\b(?:no|not|never|nor|without)\s+(?:\w+\s+){0,2}?(?:warrant\w*|guarantee\w*|promise\w*|"
                                   r"assurances?|undertakings?|representations?)\b[^.;:!?]{0,80}$", re.I)


# "inconsistent with random guessing", "incompatible with a chance-level classifier": chance denied by the word's prefix
INCONSISTENT_WITH = re.compile(r"\bin(?:consistent|compatible)\s+with\s+(?:an?\s+|the\s+|pure\s+)?$", re.I)


def qualifiers_of(text: str) -> list[str]:
    text = DEFINITION.sub(" ", re.sub(r"\[\^[^\]]*\]", " ", text))  # "[^lossless]": a footnote's name, not a word of it
    out = []
    for name, rx in QUALIFIER_RE.items():
        for m in rx.finditer(text):
            if QUESTIONED.search(text[:m.start()]) or COUNTERFACTUAL_BEFORE.search(text[max(0, m.start() - 120):m.start()]) or (
                    HYPOTHETICAL.match(text, m.end())
                                                      and re.search(r"\b(?:an?|any)[\s*_]*$", text[:m.start()], re.I)) or (
                    WORD_DEFINED_AFTER.match(text, m.end()) and re.search(r"(?:^|[.!?:]\s|\()[\s*_\"'“‘]*$", text[:m.start()])):
                continue  # "SI asked if 'lossless' can go on the slide": a reported question, not a claim
            if any(q.start() < m.start() < q.end() and OTHERS_SAID_BEFORE_QUOTE.search(text[max(0, q.start() - 120):q.start()])
                   for q in QUOTED.finditer(text)):
                continue  # 'several of you told me that this was "basically lossless"': others' words, quoted, not the report's
            if any(q.start() < m.start() < q.end() and DEFINED_AFTER_QUOTE.match(text, q.end()) for q in QUOTED.finditer(text)):
                continue  # '"significant" means ...': the word is defined, not used
            if any(q.start() < m.start() < q.end() and WORD_TAKEN_OUT_BEFORE_QUOTE.search(text, max(0, q.start() - 40), q.start())
                   for q in QUOTED.finditer(text)):
                continue  # 'drop "significantly" from the abstract': a word named to be taken out, not used
            if CHECKED_CLAIM_QUOTE_BEFORE.search(text[max(0, m.start() - 300):m.start()]):
                continue  # 'CLAIM: "An AI has found a new particle ...': the claim a report checks, quoted, not its own
            if name == "discovery" and BAR_FOR_A_DISCOVERY_BEFORE.search(text[max(0, m.start() - 80):m.start()]):
                continue  # "the five standard deviations we'd need to claim a discovery": what one would take, not a claim made
            if name == "discovery" and SOUGHT.search(text[:m.start()]):
                continue  # "searches look for one kind of new particle at a time": what is looked for, not what is found
            if name == "discovery" and any(q.start() < m.start() < q.end() and (q[1].rstrip().endswith("?") or TOPIC_BEFORE.search(
                    text[max(0, q.start() - 20):q.start()])) for q in QUOTED.finditer(text)):
                continue  # 'captioned "new particle at 3.1 TeV?"', 'an enquiry about "a new particle"': a question or a
                # topic quoted, not the report's claim
            if name == "discovery" and m.group(0).rstrip().lower().endswith("discovery") and DISCOVERY_BAR_AFTER.match(text, m.end()):
                continue  # "five sigma is the discovery bar", "is the discovery threshold": the bar named, not a claim
            if name == "discovery" and PLANTED_SIGNAL.search(text[max(0, m.start() - 40):m.start()]):
                continue  # "the team hid a simulated new particle in the data": an injection test's signal, not a finding
            if name == "random" and RANDOM_AS_A_BAR_BEFORE.search(text[max(0, m.start() - 40):m.start()]) \
                    and not NO_BETTER_THAN_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
                continue  # 'not a "better than random in reverse" result': random as the bar something is set above, not
                # what it is called ("no better than random" does call it random)
            if name == "discovery" and FIVE_SIGMA_BAR_AFTER.match(text, m.end()) and (
                    ONLY_BEFORE.search(text[max(0, m.start() - 40):m.start()]) or "only" in FIVE_SIGMA_BAR_AFTER.match(text, m.end())[0].lower()):
                continue  # "physicists only claim a discovery at five sigma": the bar the word is held to, not a claim
            if name == "random" and SAMPLED_AT_RANDOM_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
                continue  # "a top jet picked at random": the sampling in an AUC's definition, not a score called random
            if name == "perfect" and m.group(0).lower() == "perfectly" and PERFECTLY_PLAIN_AFTER.match(text, m.end()):
                continue  # "which is a perfectly ordinary tagger": a degree word, nothing called perfect
            if name == "discovery" and re.fullmatch(r"discover(?:ed|s)", m.group(0), re.I) and DISCOVERED_NO_SIGNAL_AFTER.match(
                    text, m.end()):
                continue  # "you have discovered the look-elsewhere effect": an effect or a bug found, not a new state
            if name == "perfect" and IDEAL_INPUT.match(text, m.end(), m.end() + 60):
                continue  # "the idealized detector (perfect background template)": an input assumed ideal, not a result
            if SCALE_POINT.search(text[max(0, m.start() - 40):m.start()]):
                continue  # "0.5 means pure guessing and 1 means perfect separation": what a scale's end stands for
            verb = re.match(r"claim(?:s|ed|ing)?\s", m.group(0), re.I)  # "nobody ... claims a discovery": the verb the
            # word's own match begins with is read with what stands before it
            neg = negated(text[:m.start()] + (verb.group(0) if verb else "")) or m.group(0).lower().startswith("insignificant") \
                or (name == "random" and INCONSISTENT_WITH.search(text[max(0, m.start() - 40):m.start()]) is not None) or any(
                q.start() < m.start() < q.end() and (DENIED_AFTER_QUOTE.match(text, q.end()) or NEGATED_QUOTE_OF_A_THING.search(
                    text, max(0, q.start() - 40), q.start())) for q in QUOTED.finditer(text))
            out.append(("not_" if neg else "") + name)
    if re.search(r"\binsignificant\b|\bnot (?:statistically )?significant", text, re.I):
        out = [q for q in out if q != "significant"] + ["not_significant"]
    return list(dict.fromkeys(out))


# "the excess is 139 events over a fitted background", "observed 489 events": counts in a mass window, not a test set
COUNTED = re.compile(r"(?:\bexcess(?: is| of)?|\bobserved?|\bexpect\w*|\bpredict\w*|\bfitted|\bbackground (?:of|is)|"
                     r"\bsignal (?:of|is)|\byields?(?: of)?)\s*(?:about |~|≈)?$", re.I)
COUNTED_AFTER = re.compile(r"\s*(?:\w+\s+){0,2}(?:(?:over|above|on top of) (?:a |an |the )?(?:\w+ )?background|observed|expected|"
                           r"predicted|fitted|in the (?:signal|mass|search) (?:region|bin|window))\b", re.I)


# "the model overfitting 300 SR events", "trained on 40k jets": the events a model learned from, no set it was measured on
TRAINED_ON_BEFORE = re.compile(r"\b(?:over-?fit(?:s|ted|ting)?(?:\s+(?:to|on))?|(?:re-?)?train(?:ed|ing|s)?\s+on|fit(?:ted)?\s+(?:to|on)|"
                               r"(?:fine-?tun|(?:re-?)?train)(?:e|ed|es|ing|s)?\s+(?:(?!(?:test|evaluat|measur|validat|scor)\w*\s)[\w-]+\s+){1,5}?on)\s+"
                               r"(?:(?:the|its|only|just|about|~|≈)\s+)?\$?$", re.I)
# ("we fine-tune a pre-trained foundation model on $10^4$ labelled jets": the jets it learnt from, its object between)


# "wrongly flags 1 in 1,000 ordinary jets": the count is the denominator of a rate (a rejection), not a set it was measured on
ONE_IN_RATIO_BEFORE = re.compile(r"(?<![\w.,])(?:\d{1,3}|one|a single)\s+in\s+(?:every\s+)?$", re.I)


KEYED_COUNT_LINE = re.compile(r"\s*(?P<key>[^:=\n]{0,60}?\b(?:test|eval\w*|held[- ]out)\b[^:=\n]{0,30}?\b(?:jets|events)\b[^:=\n]{0,20}?)"
                              r"(?:\s*[:=]|\s{3,})\s*(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{2,9})\s*")
ERROR_THEN_COUNT = re.compile(rf"(?:±|\+/-|\+-)\s*{NUM}\s*%?\s*\(\s*(?P<n>\d{{1,3}}(?:,\d{{3}}){{1,7}}|\d{{3,9}})(?P<mult>\s*[kKM])?\s+"
                              r"(?:[A-Za-z][\w-]{0,20}\s+){0,2}(?:jets|events)\s*\)")
KEYED_CLASS_SIZE = re.compile(r"\b[nN][ _]?(?:(?P<sig>sig|signal|s)|bkg|back|background|b|qcd)(?:[ _](?:jets|events|test))?"
                              r"\s*[=:]\s*(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d+)(?![\d.])")


# "n_top = 2500", "n_W: 400", "n_Hbb=1000": a signal class's count keyed by the class's own name (beside a keyed background)
KEYED_NAMED_CLASS_SIZE = re.compile(r"\b[nN][ _](?P<cls>top|t|W|Z|H|Hbb|Hcc|X|Y|quarks?|tbqq)\s*[=:]\s*(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d+)(?![\d.])")


KEYED_REGION_PAIR = re.compile(r"\bn[ _]?SR\s*[=:]\s*(?P<a>\d{1,3}(?:,\d{3}){1,7}|\d+)(?![\d.])\s*[,;]?\s*(?:and\s+)?"
                               r"n[ _]?SB\s*[=:]\s*(?P<b>\d{1,3}(?:,\d{3}){1,7}|\d+)(?![\d.])")


_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}


def _spelled(m: re.Match[str]) -> str:
    """"five hundred" -> "500", "ten thousand" -> "10000": a count said in words, as its digits."""
    k = _UNITS[m["u"].lower()] * (100 if m["s"].lower() == "hundred" else 1000) * (1000 if m["s2"] else 1)
    return str(k)


# "50 jets pass", "158 QCD jets survive", "12 events are kept": the count is of the jets a cut keeps (a rate's numerator)
THAT_PASS = re.compile(r"\s*(?:that\s+|which\s+)?(?:pass(?:es|ed)?|surviv(?:e|es|ed)|(?:are|were)\s+(?:kept|retained|selected|accepted))\b", re.I)

# "v2 passed 1,105 QCD jets", "the cut lets through 462 background jets": likewise, the count after the verb
PASSED_BEFORE = re.compile(r"\b(?:pass(?:es|ed)?|lets?\s+through|kept|keeps)\s+(?:(?:only|just|about|~|≈)\s+)?$", re.I)


def sizes_of(text: str) -> tuple[int | None, int | None, int | None, int | None]:
    text = SPELLED_COUNT.sub(_spelled, text)  # "five hundred top, five hundred QCD": the counts of a test set said aloud
    n = n_sig = n_bkg = None
    for m in SIZE_RE.finditer(text):
        raw = m["n"] or m["n2"] or m["n3"] or m["n4"]
        try:
            mult = (m["mult"] or m["mult3"] or m["mult4"] or "").strip().lower()  # "a test set of 50k ...": thousands
            power = re.search(r"10\^?\{?(\d+)", mult)  # "4×10^5 independent jets"
            k = int(to_float(raw) * (10 ** min(int(power.group(1)), 12) if power else {"k": 1e3, "m": 1e6}.get(mult, 1)))
        except (ValueError, OverflowError):
            continue
        what = (m["what"] or "").lower()
        if re.search(r"(?:[<>≤≥]=?|\bat least|\bat most|\bminimum of|\bmaximum of)\s*$", text[:m.start()], re.I) or \
                re.match(r"\s*(?:were |are )?injected\b", text[m.end():], re.I) or COUNTED.search(text[max(0, m.start() - 40):m.start()]) \
                or COUNTED_AFTER.match(text, m.end()) or PASSED_BEFORE.search(text[max(0, m.start() - 40):m.start()]) \
                or (THAT_PASS.match(text, m.end())
                                                         and not WHOLE_AFTER_PART_OF.search(text[max(0, m.start() - 30):m.start()])):
            continue  # "(>= 20 test background events)", "8 signal events injected": a cut or the injection, not the test set
            # ("i.e. 50 jets pass", "158 QCD jets survive", "v2 passed 1,105 QCD jets": the jets a cut keeps, not those it
            # was measured on)
        if re.search(r"(?:±|\+/-|\+-)\s*$", text[max(0, m.start() - 6):m.start()]):
            continue  # "a fitted signal yield of 410 +- 120 events": the error bar of a count, not a test set
        if re.search(r"\b(?:labels|labell?ed(?:\s+(?:jets|data|set|sample))?)\s*[(\[]\s*$", text[max(0, m.start() - 40):m.start()], re.I):
            continue  # "at 0.1% of the labels (1,200 jets)": the labelled jets trained on, not the set it was tested on
        if re.search(r"train|labell?ed|\blabels\b|generated", what) or re.search(r"\btrain\w*\s+(?:(?!(?:test|evaluat|measur|scor|valid|appl)\w*\s)[\w-]+\s+){0,4}?(?:on|with)\s*$",
                                                                                    text[:m.start()], re.I) \
                or FOR_TRAINING.match(text, m.end()):
            continue  # a training set says nothing about the test statistics ("100k background jets for training")
            # ("pre-training the backbone on 100M jets": the words between the verb and its set name what was trained)
        if re.search(r"\b(?:mini-?)?batch(?:es)?\s+of\s*$", text[max(0, m.start() - 30):m.start()], re.I):
            continue  # "inference time per batch of 512 jets": how many jets one forward pass takes (a timing's unit), not
            # the set a result was measured on
        if "signal" in what:
            n_sig = k
        elif "background" in what or "qcd" in what:
            n_bkg = k
        elif n is None:
            n = k
    if n is None and n_sig is None and n_bkg is None and (own := ERROR_THEN_COUNT.search(text[:5000])):
        try:  # "light mistag rate = 0.020 +- 0.0002 (5,000 light jets)": the jets a rate was counted on, in brackets after it
            n = int(to_float(own["n"]) * {"k": 1e3, "m": 1e6}.get((own["mult"] or "").strip().lower(), 1))
        except (ValueError, OverflowError):
            pass
    if pair := _pair_of_counts(text):
        # ("bkg-only training; tested on 4000 SR vs 4000 SB": its own words say it is the tested set)
        if pair.re is SLASH_PAIR and (_fraction_of_its_count(text, pair) or _shares_of_a_split(text, pair)):
            pass  # "eps_B 0.0040 (10/2500)": the k of n jets a rate before it was counted from, not two classes of a test set
        elif pair.re is VS_PAIR or not _training_before(text[max(0, pair.start() - 30):min(pair.end(), pair.start() + 12)]):
            def scaled(g: str) -> int:
                return int(to_float(pair[g]) * (1e3 if (pair.groupdict().get(f"{g}k") or "").strip() else 1))
            n_sig, n_bkg = scaled("a"), scaled("b")
            if _background_counted_first(pair):
                n_sig, n_bkg = n_bkg, n_sig  # "50,000 QCD jets + 400 injected top jets": the classes' own words say which
            n = None  # "25k + 25k jets", "10000 quark and 10000 gluon jets": the test set is the sum, not one size read
    if (keyed := KEYED_COUNT_LINE.fullmatch(text[:300])) and not re.search(r"train|generat|label", keyed["key"], re.I):
        k = int(keyed["n"].replace(",", ""))  # "signal (top) test jets : 20,000": a record field that counts jets
        if re.search(r"\b(?:signal|sig)\b", keyed["key"], re.I):
            n_sig = k
        elif re.search(r"\b(?:background|bkg|qcd)\b", keyed["key"], re.I):
            n_bkg = k
        elif n is None:
            n = k
    for m in KEYED_CLASS_SIZE.finditer(text[:5000]):  # "n_sig=100000, n_bkg=100000": each class's count, by its key
        if re.match(r"\s*:\s", text[m.end():m.end() + 4]) and re.fullmatch(  # (after the line's log tags, if any)
                r"\s*(?:[\w.:/@-]{1,60}:\s+|\[[^\]\n]{0,30}\]\s*)*", text[:m.start()].rsplit("\n", 1)[-1]):
            continue  # "nsig=1000 : AUC 0.61" opening a row: a scan over injected signal labelled by its count, no test set
        k = int(m["n"].replace(",", ""))
        if m["sig"]:
            n_sig = k
        else:
            n_bkg = k
    if n_sig is None and n_bkg is None and (regions := KEYED_REGION_PAIR.search(text[:5000])):
        n_sig, n_bkg = int(regions["a"].replace(",", "")), int(regions["b"].replace(",", ""))  # "n_SR = 5000, n_SB = 10000":
        # the two classes a signal-region-vs-sideband classifier separates, by their keys (as "4000 SR vs 4000 SB")
    if n_sig is None and n_bkg is not None and (named := KEYED_NAMED_CLASS_SIZE.search(text[:5000])):
        n_sig = int(named["n"].replace(",", ""))  # "n_top = 2500, n_qcd = 2500": the other class, keyed by its own name
    if n is None and n_sig and n_bkg:
        n = n_sig + n_bkg
    seeds = None
    if s := SEEDS_RE.search(text):
        word = (s["n"] or s["one"]).lower()
        seeds = WORDS.get(word) or (int(word) if word.isdigit() else None)
    return n, n_sig, n_bkg, seeds


def _pair_of_counts(text: str) -> re.Match[str] | None:
    """The first pair of class counts the text states (in the order of the patterns), passing over a pair said to be
    for training ("10000 W and 20000 QCD jets for training and a test set of 1500 W jets and 3000 QCD jets")."""
    for pat in (CLASS_PAIR, SUM_PAIR, SLASH_PAIR, TEST_PAIR, BRACKET_PAIR, VS_PAIR, CLASS_LIST_PAIR, CLASS_COUNTS_VS,
                BRACKETED_SUM, CLASS_SUM_SET, TEST_SET_CLASS_LIST, BARE_SUM_ON):
        for m in pat.finditer(text):
            if not FOR_TRAINING.match(text, m.end()):
                return m
    return None


# "randomSplit([2/3, 1/3])", "train/valid/test 3/5, 1/5, 1/5": fractions listed together
FRACTION_LIST = re.compile(r"(?<![\w./])\d{1,3}\s*/\s*\d{1,3}(?:\s*,\s*\d{1,3}\s*/\s*\d{1,3})+(?![\w./])")


def _shares_of_a_split(text: str, pair: re.Match[str]) -> bool:
    """'[2/3, 1/3]': a list of fractions that sum to one, the shares a set is split into, not two classes' counts."""
    for m in FRACTION_LIST.finditer(text, max(0, pair.start() - 40), min(len(text), pair.end() + 40)):
        if m.start() <= pair.start() < m.end():
            parts = [(int(a), int(b)) for a, b in re.findall(r"(\d+)\s*/\s*(\d+)", m.group(0))]
            return all(0 < a < b for a, b in parts) and abs(sum(a / b for a, b in parts) - 1) < 1e-6
    return False


def _fraction_of_its_count(text: str, pair: re.Match[str]) -> bool:
    """'0.0040 (10/2500)', 'eff 0.62 [1240/2000]': a slash pair in brackets right after a number that is its ratio k/n:
    the count a rate was worked out from (k passing of n), not the signal and background sizes of a test set."""
    m = re.search(rf"(?<![\d.])(?P<r>{NUM})\s*(?P<pc>%)?\s*[(\[]\s*$", text[max(0, pair.start() - 30):pair.start()])
    try:
        a, b, r = to_float(pair["a"]), to_float(pair["b"]), to_float(m["r"]) if m else None
    except (ValueError, OverflowError):
        return False
    if r is None or b <= 0 or a > b or pair["ak"] or pair["bk"]:
        return False
    ratio = a / b * (100 if m["pc"] else 1)
    return abs(ratio - r) <= max(0.51 * last_step(m["r"]), 1e-3 * r)


def last_step(raw: str) -> float:
    """The step of a printed number's last digit ("0.0040" -> 0.0001)."""
    raw = raw.replace(",", "")
    return 10.0 ** -len(raw.split(".")[-1]) if "." in raw else 1.0


# a class of jets a count names as the background: "50,000 QCD jets", "200k light jets"
BACKGROUND_CLASS_OF_A_COUNT = re.compile(r"\b(?:qcd|background|bkg|light|fakes?)\b", re.I)


def _background_counted_first(pair: re.Match[str]) -> bool:
    """A pair of counts whose first is named as the background and whose second is not ("Test set: 50k QCD + 2k top")."""
    names = pair.groupdict()
    return bool(names.get("ca") and BACKGROUND_CLASS_OF_A_COUNT.search(names["ca"])
                and not BACKGROUND_CLASS_OF_A_COUNT.search(names.get("cb") or ""))


# "100k background jets for training", "20k jets used to train": the count is of a training set
FOR_TRAINING = re.compile(r"\s*(?:(?:are|were)\s+)?(?:used\s+)?(?:for|in|to)\s+(?:the\s+)?train", re.I)


def _training_before(pre: str) -> bool:
    """The words before a pair of counts say it is a training (or labelled) set: "trained on 25k + 25k jets"; not where a
    test set is named after them ("100k jets for training, test set of 50k QCD + 50k top")."""
    said = list(re.finditer(r"train|(?<!shuffled.)(?<!permuted.)(?<!random.)label", pre, re.I))  # ("a shuffled-label check
    # (10k + 10k)": labels scrambled for a null test, no labelled training set)
    return bool(said) and not re.search(r"\btest|held[- ]out|\beval", pre[said[-1].end():], re.I)


# " GeV for the transformer and ": the gap between the two numbers of 'X for A and Y for B'
EACH_FOR_ITS_SIDE = re.compile(r"\s*%?\s*(?:[GTMk]?eV\s+)?for\s+(?:the\s+|a\s+|our\s+|its\s+)?[\w-]+(?:\s+[\w-]+){0,3}?\s*,?\s+"
                               r"(?:and|but|vs\.?|versus|against|while|whereas|compared (?:to|with))\s+(?:only\s+|just\s+)?", re.I)


def adopt(v: Value, quantity: str) -> None:
    """Name the quantity of a number that did not say it ("0.84 vs 0.87": the second is an AUC too)."""
    v.quantity = quantity
    if v.unit == "%" and quantity in BOUNDED | {"resolution", "bias"} and v.uncertainty is None:
        v.value = round(float(v.shown.rstrip("% ").replace(",", "")) / 100, 12)


SENTENCE_END = re.compile(r"(?<!\bvs)(?<!\bcf)(?<!\be\.g)(?<!\bi\.e)(?<!\bapprox)[;.](?=\s)", re.I)  # "0.5" holds a point that ends
# nothing, nor does an abbreviation's ("AUC (SR vs. SB) = 0.566")


# "2 000 jets", "1\,000", "10 000": a number whose thousands are set apart by a space; "1.2 million jets"
GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:(?:[ \u2009\u202f\u00a0]|\\,|\{,\})\d{3}){1,3}(?![\d,.]\d)")  # LaTeX "100{,}000" too
SPELLED = re.compile(r"(?<![\w.])(?P<n>\d{1,6}(?:\.\d{1,4})?)[ \t]?(?P<m>million|mio\b\.?|thousand|billion)\b", re.I)
# "640 probe W jets", "25,000 b jets", "a 5,000-jet subsample", "signal (top) test jets ....... 20,000"
WORDS_THEN_JETS = re.compile(rf"(?<![\w.^/])(?P<n>{NUM})(?P<mult>\s?[kKM]\b|×10\^\d{{1,2}})?(?:-(?:jet|event)\b|\s+(?:(?!(?:GeV|TeV|MeV|fb|pb|ms|s)\b)"
                             r"[A-Za-z][\w'’/-]{0,15}\s+){1,2}(?:jets|events)\b)")
# "our 5,000 b-jet test sample", "the 40k light-jet set": a count, a class joined to 'jet', then the sample it sizes
COUNT_THEN_CLASS_JET_SAMPLE = re.compile(rf"(?<![\w.^/])(?P<n>{NUM})(?P<mult>\s?[kKM]\b)?\s+[A-Za-z][A-Za-z0-9]{{0,12}}-jets?\s+"
                                         r"(?:(?:test|validation|held-out|evaluation|training|probe|calibration)\s+)?"
                                         r"(?:sample|set|dataset|subsample)s?\b")
KEY_THEN_COUNT = re.compile(r"[ \t]*+(?P<key>[^:=\n\d]{0,80}?\b(?:jets|events)\b[^:=\n\d]{0,12}?)(?:[ \t]*+[:=]|[ \t]*+\.{2,}+|[ \t]{2,}+)[ \t.]*+"
                            r"(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{2,9})(?![\d.])")
PASSING = re.compile(r"\s*(?:\([^()]{0,30}\)\s*)?(?:(?:that |which )?(?:pass|survive|are (?:selected|kept|tagged)|were (?:selected|"
                     r"kept|tagged)|in the (?:signal|mass|search) (?:region|bin|window)|injected|over (?:a |the )?background)\b|of\s+\d)", re.I)
KEYED_SPLIT = re.compile(r"(?<![\w-])[\"']?(?P<key>(?:n|num|n_jets|n_events)?[_ ]?(?:train\w{0,8}|test\w{0,8}|val\w{0,8}|eval\w{0,10}|"
                         r"hold[_-]?out\w{0,6}|total\w{0,6}|jets|events))[\"']?\s*[:=]\s*(?P<n>\d{1,3}(?:,\d{3}){1,7}|\d{3,10}|\d{1,3}(?=[kKM]\b))"
                         r"(?P<mult>[kKM]\b)?(?![\d.,]?\d)", re.I)  # "test=200k": the multiplier too
# the words that say a set was tested on; a count standing anywhere in the report also by "probe", "audit", "benchmark"
TESTED_WORDS = r"\btest|held[- ]?out|\bevaluat|\bvalidation|\bscor(?:ed|ing)\b|\beval\b|\bmeasured on\b"
TESTED_ON = re.compile(rf"{TESTED_WORDS}|\bprobe|\baudit|\bbenchmark|\bhold-?outs?\b", re.I)  # "a 40000-jet holdout"
A_PART = re.compile(r"\bsub-?(?:set|sample|split)s?\b|\bslices?\b|\bportion\b|\bfraction of\b|\bpart of\b|\bhighest\b|"
                    r"\bleading\b|\bfirst \d|\breduced\b|\bsmaller\b|\bper (?:bin|fold|file|slice)\b", re.I)
EXPLICIT_CLASS = re.compile(r"\b(?P<sig>signal|sig)\b|\b(?:background|bkg|bkgd|qcd)\b", re.I)


LONG_DIGIT_RUN = re.compile(r"\d{401,}")


# "evaluated on a test set of ", "a test sample of": what follows is the set the numbers are measured on
TEST_SET_OF_BEFORE = re.compile(r"\btest(?:ing)?[- ](?:set|sample)\s+(?:of\s+)?$", re.I)


# "10^6 jets", "$10^{6}$ events": a power of ten standing alone, not the "× 10^4" of a factor written before it
BARE_POWER_OF_TEN = re.compile(r"(?<![\w.,×*^/])(?<![×*xX]\s)\$?10\^\{?(\d{1,2})\}?\$?(?![\d.^])")


def stated_counts(text: str) -> list[tuple[int, str, int, bool, bool]]:
    """Every count of jets or events the text states, wherever it stands: (count, class, line, tested, part), the class
    "signal" or "background" only where the words of the count say so ("20,000 QCD test jets", "n_sig = 5000"), else "";
    `tested` where its words say a set was tested, evaluated or measured on, `part` where it says the count is a part of a larger set
    ("a 1000-jet subset"). Yields, injections, cuts and the jets that pass one are not counted."""
    text = LONG_DIGIT_RUN.sub(lambda m: m.group(0)[-400:], text[:200_000])  # (a number of more than 400 digits is no count,
    # its float infinite either way; cut to its last 400 its patterns' backtracking is bounded, not quadratic in its length)
    text = GROUPED.sub(lambda m: re.sub(r"[ \u2009\u202f\u00a0]|\\,|\{,\}", "", m.group(0)), text)
    text = re.sub(r"\$?\\times\s*+10\^\{?(\d{1,2})\}?\$?", r"×10^\1", text)  # LaTeX "$5\times10^4$ jets"
    text = BARE_POWER_OF_TEN.sub(r"1×10^\1", text)  # "a sample of 10^6 jets": a million of them, no factor written
    text = SPELLED.sub(lambda m: str(int(float(m["n"]) * {"t": 1e3, "b": 1e9}.get(m["m"][0].lower(), 1e6))) + " ", text)
    out: list[tuple[int, str, int, bool, bool]] = []
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]

    def add(raw: str, mult: str, cls: str, at: int, end: int = -1, tested: bool = False) -> None:
        before, after = text[max(0, at - 40):at], text[end:end + 40] if end >= 0 else ""
        if TEST_SET_OF_BEFORE.search(before) and re.match(r"\s*in the (?:signal|mass|search) (?:region|bin|window)\b", after, re.I):
            after = ""  # "a test set of 300 signal and 100,000 background events in the signal region": a test set, where
            # it was taken, not a yield counted there
            end = -1
        if re.search(r"(?:[<>≤≥]=?|\bat least|\bat most|\bminimum of|\bmaximum of|±|\+/-|\+-)\s*$", before, re.I) \
                or COUNTED.search(before) or (end >= 0 and COUNTED_AFTER.match(text, end)) or PASSING.match(after) \
                or re.search(r"\b(?:inject\w*|let through|pass(?:ing|ed)?|surviv\w*|select\w*|kept|left)\s+(?:\w+\s+){0,2}$", before, re.I) \
                or ONE_IN_RATIO_BEFORE.search(before) or TRAINED_ON_BEFORE.search(before):
            return  # a yield, an injection, a cut or the jets that pass one: not a set a rate is measured on (nor the
            # events a model was trained on or overfitted)
        try:
            power = re.search(r"10\^?\{?(\d+)", mult or "")
            scale = 10 ** min(int(power.group(1)), 12) if power else {"k": 1e3, "m": 1e6}.get((mult or "").strip().lower(), 1)
            k = int(to_float(raw) * scale)
        except (ValueError, OverflowError):
            return
        lo, hi = max(0, at - 80), (end if end >= 0 else at) + 60  # the count's own sentence, wrapped or not
        lo = max([lo] + [text.rfind(sep, lo, at) + len(sep) for sep in (". ", "; ", "\n\n", ".\n")])
        hi = min([hi] + [i for sep in (". ", "; ", "\n\n", ".\n") if (i := text.find(sep, end if end >= 0 else at, hi)) >= 0])
        tested = tested or bool(TESTED_ON.search(text, lo, hi) or re.search(
            r"\b(?:on|over|with)\s+(?:the\s+|a\s+|an\s+|these\s+|its\s+|our\s+)?(?:\w+\s+){0,2}$", before, re.I))
        if re.match(r"[^.;\n]{0,20}?\b(?:per|for each|of each|in each)\s+(?:class|category|species)\b", text[end:end + 40] if end >= 0 else ""):
            k *= 2  # "200,000 jets per class": both classes together
        if k > 1:
            part = A_PART.search(text, lo, hi)  # "a 20,000-jet subset", wrapped too
            out.append((k, cls, bisect.bisect_right(breaks, at) + 1, tested, part is not None))

    for m in SIZE_RE.finditer(text):
        what = m["what"] or ""
        cls = "signal" if re.search(r"\bsignal\b", what, re.I) else "background" if re.search(r"\b(?:background|qcd)\b", what, re.I) else ""
        add(m["n"] or m["n2"] or m["n3"] or m["n4"], m["mult"] or m["mult3"] or m["mult4"] or "", cls, m.start(), m.end())
    for pat in (CLASS_PAIR, SUM_PAIR, BRACKET_PAIR, TEST_PAIR, VS_PAIR, CLASS_LIST_PAIR, BRACKETED_SUM, CLASS_SUM_SET):
        for m in pat.finditer(text):
            try:
                a = to_float(m["a"]) * (1e3 if (m.groupdict().get("ak") or "").strip() else 1)
                b = to_float(m["b"]) * (1e3 if (m.groupdict().get("bk") or "").strip() else 1)
            except (ValueError, OverflowError):
                continue
            c = EXPLICIT_CLASS.search(m.group(0))  # the two classes together: the test set, holding the class it names
            add(str(int(a + b)), "", "" if c is None else "signal" if c["sig"] else "background", m.start(), m.end())
    for m in KEYED_SPLIT.finditer(text):  # "split: {train: 1600000, test: 200000}": sizes under the names of their sets
        add(m["n"], m["mult"] or "", "", m.start("n"), m.end(), tested=bool(re.match(r"n?[_ ]?(?:test|val|eval|hold)", m["key"], re.I)))
    for m in KEYED_CLASS_SIZE.finditer(text):
        add(m["n"], "", "signal" if m["sig"] else "background", m.start())
    for m in WORDS_THEN_JETS.finditer(text):
        c = EXPLICIT_CLASS.search(m.group(0))
        add(m["n"], m["mult"] or "", "" if c is None else "signal" if c["sig"] else "background", m.start(), m.end())
    for m in COUNT_THEN_CLASS_JET_SAMPLE.finditer(text):  # "on our 5,000 b-jet test sample"
        add(m["n"], m["mult"] or "", "", m.start(), m.end())
    for m in ERROR_THEN_COUNT.finditer(text):  # "0.020 +- 0.0002 (5,000 light jets)": what the rate was counted on
        add(m["n"], m["mult"] or "", "", m.start("n"), m.end(), tested=True)
    at = 0
    for line in text.split("\n"):
        if (keyed := KEYED_COUNT_LINE.fullmatch(line[:300]) or KEY_THEN_COUNT.search(line[:300])) is not None:
            c = EXPLICIT_CLASS.search(keyed["key"])
            add(keyed["n"], "", "" if c is None else "signal" if c["sig"] else "background", at)
        at += len(line) + 1
    return out
