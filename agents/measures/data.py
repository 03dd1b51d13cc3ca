"""Readers of the anomaly metrics (anomaly_scan's metrics.json) and of the data questions
(dataset_info's per-jet observables)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from agents.measures.base import (
    CLASS_NAMES,
    CLASS_WORDS,
    WORDS,
    Ctx,
    Measured,
    Unavailable,
    binomial,
    call_args,
    load_npz,
    of_generated_jets,
    seeds_estimate,
    with_stat_error,
)
from agents.reviewer_checks import read_inside
from agents.spec import Quantity
from agents.stats import (
    auc_stderr,
    compare_to_control,
    control_against_null,
    independent_difference,
)
from tools import metrics as M


# -- anomaly (anomaly_scan; h9's outputs) ----------------------------------------------------
def _anomaly(ctx: Ctx) -> list[tuple[dict[str, Any], str]]:
    scans = ctx.calls("anomaly_scan")
    if not scans:
        raise Unavailable("no anomaly scan ran")
    last = max(c.attempt for c in scans)
    docs = [(read_inside(ctx.workspace, f"{call_args(c).get('out', '')}/metrics.json"), f"{call_args(c).get('out', '')}/metrics.json")
            for c in scans if c.attempt == last]
    docs = [(d, p) for d, p in docs if d.get("headline")]
    if not docs:
        raise Unavailable("the anomaly scan wrote no metrics")
    return docs


def _method_blocks(ctx: Ctx, q: Quantity, doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """method -> its metrics at the main fraction (likelihood: event score in the SR)."""
    main = str(doc.get("signal_fraction"))
    out = {"likelihood": (doc.get("unsupervised") or {}).get("event_sr") or {},
           "cwola": (doc.get("cwola") or {}).get(main) or {}}
    want = [q.subject] if q.subject in ("likelihood", "cwola") else (ctx.spec.anomaly_methods or ["cwola", "likelihood"])
    return {k: v for k, v in out.items() if k in want and v}


def _anomaly_rows(ctx: Ctx, q: Quantity, key: str, what: str,
                  value: Callable[[dict[str, Any]], tuple[float, float] | None] | None = None) -> list[Measured]:
    """One row per method over the seeds; `value` (block -> (value, its test-set error) or None)
    reads what the metrics hold under no key of their own."""
    docs = _anomaly(ctx)
    rule = str(docs[0][0].get("sic_rule", ""))
    values: dict[str, list[float]] = {}
    stats: dict[str, list[float]] = {}
    for doc, _ in docs:
        for method, block in _method_blocks(ctx, q, doc).items():
            v = block.get(key)
            if value is not None and (read := value(block)) is not None:
                v, stat = read
                stats.setdefault(method, []).append(stat)
            if v is None and key == "tpr_at_max_sic" and block.get("sic_curve"):
                curve = block["sic_curve"]
                v = curve["tpr"][int(np.argmax(curve["sic"]))]  # on the stored (thinned) curve
            if isinstance(v, int | float):
                values.setdefault(method, []).append(float(v))
    if not values:
        raise Unavailable(f"the anomaly metrics hold no {key or what} for the method(s) asked"
                          + (" (no ROC curve, or fewer background events than the rejection needs)" if value else ""))
    rows = []
    for method, vals in values.items():
        blocks = [b for doc, _ in docs if isinstance((b := _method_blocks(ctx, q, doc).get(method)), dict) and "auc" in b]
        mean, err, note = auc_over_seeds(blocks) if key == "auc" else \
            with_stat_error(*seeds_estimate(vals), stats.get(method, []))
        rows.append(Measured(f"{what}, {method}" + (f" ({rule})" if "sic" in key and rule else ""), mean, err, note, "",
                             docs[0][1], {"n": len(vals)}))
    return rows


MIN_PASSING = 20  # background events a cut must keep to be read (the anomaly scan's max-SIC rule)


def _roc(block: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, int, int] | None:
    """(fpr, tpr, signal events, background events) of the stored ROC curve (about 200 points)."""
    roc = block.get("roc")
    try:
        fpr, tpr = np.asarray(roc["fpr"], dtype=float), np.asarray(roc["tpr"], dtype=float)  # type: ignore[index]
        n_sig, n_bkg = int(block["n_signal"]), int(block["n_background"])
    except (KeyError, TypeError, ValueError):
        return None
    ok = np.isfinite(fpr) & np.isfinite(tpr)
    if ok.sum() < 2 or n_sig < 1 or n_bkg < 1:
        return None
    return fpr[ok], tpr[ok], n_sig, n_bkg


def read_anomaly_efficiency(ctx: Ctx, q: Quantity) -> list[Measured]:
    """Signal efficiency of the anomaly score at a background rejection 1/eps_B, read off the
    stored ROC curve (linear between its points); binomial error on the signal events."""
    rej = q.rejection or 10.0
    too_few: list[int] = []

    def at(block: dict[str, Any]) -> tuple[float, float] | None:
        if (roc := _roc(block)) is None:
            return None
        if roc[3] / rej < MIN_PASSING:  # the max-SIC cutoff rule: a cut must keep enough background events
            too_few.append(roc[3])
            return None
        e = float(np.interp(1.0 / rej, roc[0], roc[1]))
        return e, binomial(e, roc[2])
    try:
        return _anomaly_rows(ctx, q, "", f"signal efficiency at a background rejection of {rej:g} (off the stored "
                             "ROC curve)", at)
    except Unavailable:
        if too_few:
            raise Unavailable(f"at a background rejection of {rej:g} only {max(too_few) / rej:.1f} of the "
                              f"{max(too_few)} test background events in the signal region would pass; reading an "
                              f"efficiency there needs at least {MIN_PASSING} (about {MIN_PASSING * rej:.0f} background "
                              "test events: more events)") from None
        raise


def read_anomaly_rejection(ctx: Ctx, q: Quantity) -> list[Measured]:
    """Background rejection 1/eps_B of the anomaly score at a signal efficiency, read off the
    stored ROC curve; the error propagates the binomial one of eps_B."""
    eff = q.efficiency or 0.5

    def at(block: dict[str, Any]) -> tuple[float, float] | None:
        if (roc := _roc(block)) is None:
            return None
        fpr = float(np.interp(eff, roc[1], roc[0]))
        if fpr <= 0:
            return None
        return 1.0 / fpr, binomial(fpr, roc[3]) / fpr ** 2
    return _anomaly_rows(ctx, q, "", f"background rejection at a signal efficiency of {eff:.0%} (off the stored ROC "
                         "curve)", at)


def read_anomaly_sic_at_efficiency(ctx: Ctx, q: Quantity) -> list[Measured]:
    """SIC eps_S / sqrt(eps_B) of the anomaly score at a signal efficiency, read off the stored ROC
    curve; its error is half the relative binomial one of eps_B."""
    eff = q.efficiency or 0.5
    too_few: list[tuple[float, int]] = []

    def at(block: dict[str, Any]) -> tuple[float, float] | None:
        if (roc := _roc(block)) is None:
            return None
        fpr = float(np.interp(eff, roc[1], roc[0]))
        if fpr * roc[3] < MIN_PASSING:  # the max-SIC rule: a cut must keep enough background events
            too_few.append((fpr * roc[3], roc[3]))
            return None
        sic = eff / np.sqrt(fpr)
        return float(sic), float(0.5 * sic * binomial(fpr, roc[3]) / fpr)
    try:
        return _anomaly_rows(ctx, q, "", f"SIC eps_S/sqrt(eps_B) at a signal efficiency of {eff:.0%} (off the stored "
                             "ROC curve)", at)
    except Unavailable:
        if too_few:
            kept, n = max(too_few)
            raise Unavailable(f"at {eff:.0%} signal efficiency only {kept:.1f} of the {n} test background events in "
                              f"the signal region pass; a SIC there needs at least {MIN_PASSING} passing (the max-SIC "
                              "rule): more events, or a higher signal efficiency") from None
        raise


def auc_over_seeds(blocks: list[dict[str, Any]]) -> tuple[float, float | None, str]:
    """Mean AUC of one method at one injected fraction over the seeds' metric blocks. Every seed is
    scored on the same test events, so their Hanley-McNeil error stays in the mean and adds in
    quadrature to the seeds' standard error (the one figure the answer and the readers quote)."""
    aucs = [float(b["auc"]) for b in blocks]
    hm = [auc_stderr(a, int(b.get("n_signal", 0)), int(b.get("n_background", 0))) for a, b in zip(aucs, blocks, strict=True)]
    return with_stat_error(*seeds_estimate(aucs), [h for h in hm if np.isfinite(h)])


def read_anomaly_auc(ctx: Ctx, q: Quantity) -> list[Measured]:
    return _anomaly_rows(ctx, q, "auc", "anomaly AUC at the injected signal fraction")


def read_anomaly_sic(ctx: Ctx, q: Quantity) -> list[Measured]:
    return _anomaly_rows(ctx, q, "max_sic", "max SIC")


def read_anomaly_tpr(ctx: Ctx, q: Quantity) -> list[Measured]:
    return _anomaly_rows(ctx, q, "tpr_at_max_sic", "signal efficiency at max SIC")


def read_anomaly_excess(ctx: Ctx, q: Quantity) -> list[Measured]:
    """The CWoLa AUC at the injected fraction minus the no-signal control's, each over the seeds."""
    docs = _anomaly(ctx)
    mains, ctrls = [], []
    for doc, _ in docs:
        cw = doc.get("cwola") or {}
        mains.append(cw.get(str(doc.get("signal_fraction"))))
        ctrls.append(next((v for k, v in cw.items() if float(k) == 0.0), None))
    if not all(mains) or not all(ctrls):
        raise Unavailable("the scan has no no-signal control to compare with")
    (m, em, _), (c, ec, _) = auc_over_seeds(mains), auc_over_seeds(ctrls)
    how = f"over {len(docs)} seed(s); the AUC's error: the seeds' ⊕ Hanley-McNeil"
    if all(float(doc.get("signal_fraction") or 0) == 0 for doc, _ in docs):  # the control asked alone: against 0.5
        diff, err, verdict = control_against_null(c, ec if ec is not None else np.nan)
        return [Measured("CWoLa AUC with no signal injected, minus 0.5", diff, err, f"{verdict} ({how})", "",
                         docs[0][1], {"verdict": verdict, "auc": c})]
    excess, err, verdict = compare_to_control(m, em if em is not None else np.nan, c, ec if ec is not None else np.nan)
    return [Measured("CWoLa AUC excess over the no-signal control", excess, err,
                     f"{verdict} (over {len(docs)} seed(s); each AUC's error: the seeds' ⊕ Hanley-McNeil)", "",
                     docs[0][1], {"verdict": verdict})]


# -- data (dataset_info: per-jet observables) ------------------------------------------------
def _data_files(ctx: Ctx, q: Quantity) -> list[tuple[str, dict[str, np.ndarray], str]]:
    # the GPT's generated jets are summarised by their own call (agents.steps.generation_calls)
    info = [c for c in ctx.calls("dataset_info")
            if (q.subject == "generated") == of_generated_jets(c)]
    if not info:
        raise Unavailable("no summary of the generated jets ran" if q.subject == "generated" else "no data summary ran")
    want = [c for c in ([q.subject] if q.subject in CLASS_NAMES else []) + [c for c in q.compare if c in CLASS_NAMES]]
    out = []
    for i, f in enumerate(info[-1].output.get("files", []) if isinstance(info[-1].output, dict) else []):
        names = list(f.get("classes") or {})
        cls = next((k for k, v in CLASS_NAMES.items() if v in names), names[0] if names else "?")
        if q.subject == "generated":
            cls = "generated" + (f" (GPT {i + 1})" if len(info[-1].output.get("files", [])) > 1 else "")
        if want and cls not in want:
            continue
        rel = f.get("observables_file")
        if not isinstance(rel, str):
            raise Unavailable("the data summary wrote no per-jet observables")
        out.append((cls, load_npz(ctx, rel), rel))
    if not out:
        raise Unavailable(f"no data file of class {', '.join(want)} was summarised")
    return out


def _per_file(ctx: Ctx, q: Quantity, what: str,
              fn: Callable[[dict[str, np.ndarray]], tuple[float, float]], dimensionless: bool = False) -> list[Measured]:
    """One row per data file (class); the observable's unit unless the quantity has none."""
    obs = q.observable or "mass"
    rows = []
    for cls, arrays, path in _data_files(ctx, q):
        if obs not in arrays:
            raise Unavailable(f"the per-jet observables hold no {obs}")
        value, err = fn(arrays)
        rows.append(Measured(f"{what}, {cls} jets", value, err, f"statistical, {arrays[obs].size} jets",
                             "" if dimensionless else WORDS.get(obs, (obs, ""))[1], path, {"n": int(arrays[obs].size)}))
    return rows + _class_difference(q, what, rows)


def _class_of(row: Measured) -> str | None:
    """The class of a `_per_file` row ('median tau21, wqq jets' -> 'wqq'); None for a difference of two."""
    return None if "−" in row.label else row.label.rsplit(", ", 1)[-1].removesuffix(" jets")


def _class_difference(q: Quantity, what: str, rows: list[Measured]) -> list[Measured]:
    """'Is the median tau21 of W jets lower than QCD's, and by how much?': the difference of the
    two classes' values (independent jets: errors in quadrature) with its z-test verdict."""
    by_class = {_class_of(r): r for r in rows}
    if len(q.compare) != 2 or not all(c in by_class for c in q.compare):
        return []
    (a, b), (ra, rb) = q.compare, (by_class[c] for c in q.compare)
    d = independent_difference(ra.value, ra.err, rb.value, rb.err)
    return [Measured(f"{what} difference {a} − {b}", d.mean, d.stderr,
                     f"independent samples, errors in quadrature: {d.verdict}", ra.unit, ra.source,
                     {"p_value": d.p_value, "verdict": d.verdict, "test": "independent samples", "at": ""})]


def read_mean(ctx: Ctx, q: Quantity) -> list[Measured]:
    obs = q.observable or "mass"
    return _per_file(ctx, q, f"mean {WORDS[obs][0]}", lambda a: M.mean_with_error(a[obs]))


def read_std(ctx: Ctx, q: Quantity) -> list[Measured]:
    obs = q.observable or "mass"
    return _per_file(ctx, q, f"{WORDS[obs][0]} standard deviation", lambda a: M.std_with_error(a[obs]))


def read_median(ctx: Ctx, q: Quantity) -> list[Measured]:
    obs = q.observable or "mass"
    return _per_file(ctx, q, f"median {WORDS[obs][0]}", lambda a: M.quantile_with_error(a[obs], 0.5))


def read_central_width(ctx: Ctx, q: Quantity) -> list[Measured]:
    """q_hi - q_lo of the central fraction c = q.quantile (lo = (1 - c) / 2, hi = 1 - lo). The two
    order statistics are correlated: asymptotically cov = lo (1 - hi) / (n f_lo f_hi), i.e. the
    correlation lo (1 - hi) / sqrt(lo (1 - lo) hi (1 - hi)) of their errors (1/9 for the middle 80%)."""
    obs, c = q.observable or "mass", q.quantile or 0.8
    lo, hi = (1 - c) / 2, (1 + c) / 2
    rho = lo * (1 - hi) / np.sqrt(lo * (1 - lo) * hi * (1 - hi))

    def width(a: dict[str, np.ndarray]) -> tuple[float, float]:
        (x_lo, e_lo), (x_hi, e_hi) = M.quantile_with_error(a[obs], lo), M.quantile_with_error(a[obs], hi)
        return x_hi - x_lo, float(np.sqrt(max(e_lo**2 + e_hi**2 - 2 * rho * e_lo * e_hi, 0.0)))

    return _per_file(ctx, q, f"width of the central {c:.0%} of the {WORDS[obs][0]} ({lo:.0%} to {hi:.0%} quantile)",
                     width)


_RESONANCE = {"top": "top", "wqq": "W", "zqq": "Z"}


def read_peak(ctx: Ctx, q: Quantity) -> list[Measured]:
    """'Where does the top jet mass peak?': the kernel-density maximum with its bootstrap error; a jet
    mass peak of a resonance's jets is set against the generator's pole mass (a jet collects more than
    the decay products: underlying event, radiation into the cone)."""
    obs = q.observable or "mass"
    rows = _per_file(ctx, q, f"peak of the {WORDS[obs][0]}", lambda a: M.peak_with_error(a[obs]))
    for r in rows:
        cls = _class_of(r)
        if cls is not None:
            r.note += "; kernel-density maximum, bootstrap error"
        if obs == "mass" and cls in M.POLE_MASS and r.err:
            pole = M.POLE_MASS[cls]
            r.note += (f"; the generator's {_RESONANCE[cls]} pole mass is {pole:g} GeV: the peak sits "
                       f"{r.value - pole:+.3g} GeV from it ({abs(r.value - pole) / r.err:.1f} sigma)")
            r.extra |= {"pole_mass": pole}
    return rows


def read_peak_width(ctx: Ctx, q: Quantity) -> list[Measured]:
    """'How wide is the W mass peak?': the full width at half maximum of the kernel density around its
    maximum, with its bootstrap error (a Gaussian's FWHM is 2.355 sigma)."""
    obs = q.observable or "mass"
    rows = _per_file(ctx, q, f"FWHM of the {WORDS[obs][0]} peak", lambda a: M.peak_fwhm_with_error(a[obs]))
    for r in rows:
        if _class_of(r) is not None:
            r.note += (f"; of the kernel density, bootstrap error; a Gaussian of this FWHM has sigma {r.value / 2.3548:.3g} "
                       "(the kernel widens it slightly)")
    return rows


def read_quantile(ctx: Ctx, q: Quantity) -> list[Measured]:
    obs, p = q.observable or "mass", q.quantile or 0.9
    return _per_file(ctx, q, f"{p:.0%} quantile of the {WORDS[obs][0]}", lambda a: M.quantile_with_error(a[obs], p))


def read_fraction(ctx: Ctx, q: Quantity) -> list[Measured]:
    obs = q.observable or "mass"
    if q.low is None and q.high is None:
        raise Unavailable("the request gives no cut value for the fraction")
    name = WORDS[obs][0]  # "jet mass m > 60 GeV", but "tau21 < 0.4", not "tau21 tau21 < 0.4"
    label = cut_words(q) if name == _SYMBOL.get(obs, obs) else f"{name} {cut_words(q)}"
    rows = _per_file(ctx, q, f"fraction of jets with {label}",
                     lambda a: M.fraction_in(a[obs], q.low, q.high, q.low_inclusive, q.high_inclusive)[:2],
                     dimensionless=True)
    for r in rows:  # 'how many top jets survive the cut?': the count beside the fraction
        if _class_of(r) is None or not isinstance(n := r.extra.get("n"), int) or n <= 0:
            continue
        k = round(r.value * n)
        r.note = f"statistical, {k} of {n} jets pass"
        if k in (0, n):  # none (all) pass: a limit says more than a binomial error of a rate at its edge
            r.note += f"; {'none' if k == 0 else 'all'} of {n}: the 95% {'upper' if k == 0 else 'lower'} limit is " \
                      f"{3 / n if k == 0 else 1 - 3 / n:.2g} (rule of three)"
    if sum(_class_of(r) is not None for r in rows) >= 2:  # a cut between classes: QCD's pass rate is its mistag rate
        for r in rows:
            if _class_of(r) == "qcd" and r.value > 0:
                r.note += f"; QCD as the background: mistag rate {r.value:.3g}, rejection 1/eps_B = {1 / r.value:.3g}"
    return rows


_SYMBOL = {"mass": "m", "pt": "pT", "n": "N", "part_pt": "pT(constituent)"}


def cut_words(q: Quantity) -> str:
    """The cut as computed, its strictness written out: 'N > 60', '60 ≤ m < 100 GeV' (the
    request's 'more than' is strict, 'at least' is not)."""
    obs = q.observable or "mass"
    sym, unit = _SYMBOL.get(obs, obs), WORDS.get(obs, (obs, ""))[1]
    unit = f" {unit}" if unit else ""
    lo_op, hi_op = ("≤" if q.low_inclusive else "<"), ("≤" if q.high_inclusive else "<")
    if q.low is not None and q.high is not None:
        return f"{q.low:g} {lo_op} {sym} {hi_op} {q.high:g}{unit}"
    if q.low is not None:
        return f"{sym} {'≥' if q.low_inclusive else '>'} {q.low:g}{unit}"
    return f"{sym} {hi_op} {q.high:g}{unit}"


def read_class_ks(ctx: Ctx, q: Quantity) -> list[Measured]:
    """'Are the tau21 distributions of W and QCD jets different?': the two-sample KS test of the two
    classes' per-jet values of the observable (the two compared, or the only two summarised)."""
    obs = q.observable or "mass"
    files = _data_files(ctx, q)
    if len(files) != 2:
        raise Unavailable(f"a two-sample test needs two classes, the summary holds {len(files)}")
    (a, xa, path), (b, xb, _) = files
    if obs not in xa or obs not in xb:
        raise Unavailable(f"the per-jet observables hold no {obs}")
    d, p, na, nb = M.two_sample_ks(xa[obs], xb[obs])
    verdict = "p < 0.05: the two distributions differ" if p < 0.05 else "no difference detected at the 5% level"
    return [Measured(f"KS test p-value, {a} vs {b} jets' {WORDS[obs][0]}", p, None,
                     f"D = {d:.3g} between the empirical distributions of {na} and {nb} jets; {verdict}; "
                     "one sample each, so no error bar" + ("; conservative for the integer multiplicity" if obs == "n" else ""),
                     "", path, {"statistic": d, "n": na + nb, "verdict": verdict})]


def _signal_and_background(ctx: Ctx, q: Quantity) -> tuple[str, list[str], np.ndarray, np.ndarray, str]:
    """(observable, [signal, background], the signal's values, the background's, the signal's file) of a quantity
    between two classes: the two it compares, else the spec's signal and background."""
    obs = q.observable or "mass"
    pair = q.compare if len(q.compare) == 2 else [ctx.spec.signal, ctx.spec.background]
    files = {cls: (arrays, path) for cls, arrays, path in _data_files(ctx, q)}
    if not all(c in files for c in pair) or obs not in files[pair[0]][0] or obs not in files[pair[1]][0]:
        raise Unavailable(f"the data summary holds no {obs} of both {pair[0]} and {pair[1]} jets")
    (arrays, path), (background, _) = files[pair[0]], files[pair[1]]
    return obs, pair, arrays[obs], background[obs], path


def read_observable_auc(ctx: Ctx, q: Quantity) -> list[Measured]:
    """'How well does tau32 alone separate top from QCD jets?': the AUC of the best selection on the
    observable alone between the two classes (the first is the signal), with the rejection at half the
    signal kept and a plain one-sided cut's AUC: the baseline a trained tagger has to beat."""
    obs, pair, xs, xb, path = _signal_and_background(ctx, q)
    r = M.observable_separation(xs, xb, q.efficiency or 0.5)
    name = WORDS[obs][0]
    return [Measured(f"AUC of the {name} alone, {pair[0]} (signal) vs {pair[1]} jets", float(r["auc"]), float(r["auc_err"]),
                     f"Hanley-McNeil, {r['n_sig']} + {r['n_bkg']} jets; its binned likelihood ratio, fitted on one half of "
                     f"the jets and applied to the other; 1/eps_B = {float(r['rejection']):.3g} at eps_S = {r['efficiency']:g}; "
                     f"a one-sided cut ({pair[0]} at {'low' if r['signal_low'] else 'high'} {name}) gives AUC {float(r['cut_auc']):.3f}",
                     "", path, {"rejection": float(r["rejection"]), "cut_auc": float(r["cut_auc"])})]


def read_cut_value(ctx: Ctx, q: Quantity) -> list[Measured]:
    """'What tau32 cut keeps 60% of top jets, and how much QCD survives it?', 'where should I cut on tau21?': a
    one-sided cut on one observable selecting the first class against the second, on the side where it sits; at
    the signal efficiency asked, else the cut that maximises eps_S/sqrt(eps_B); with eps_S and eps_B at it."""
    obs, pair, xs, xb, path = _signal_and_background(ctx, q)
    r = M.one_sided_cut(xs, xb, q.efficiency)
    name, unit = WORDS[obs]
    keep = f"{name} {'<' if r['signal_low'] else '>'} cut"
    sig, bkg = (CLASS_WORDS.get(c, c) for c in pair)
    how = (f"the {sig} jets' {q.efficiency:.0%} quantile; error: its order-statistic band" if q.efficiency else
           f"the cut that maximises eps_S/sqrt(eps_B) over cuts keeping at least {r['min_bkg']} {bkg} jets; "
           f"error: its spread over 200 bootstrap resamples")
    if not q.efficiency and r["n_bkg_pass"] <= r["min_bkg"]:
        how += "; at that limit: with more background jets a tighter cut would score higher"
    return [Measured(f"cut on the {name} selecting {sig} against {bkg} jets (keep {keep})", float(r["cut"]),
                     float(r["cut_err"]) or None, how, unit, path, {"signal_low": int(bool(r["signal_low"]))}),
            Measured(f"signal efficiency eps_S of {sig} jets at that cut", float(r["eps_s"]), float(r["eps_s_err"]),
                     f"binomial, {r['n_sig']} jets", "", path, {"n": int(r["n_sig"])}),
            Measured(f"background efficiency eps_B of {bkg} jets at that cut", float(r["eps_b"]), float(r["eps_b_err"]),
                     f"binomial; {r['n_bkg_pass']} of {r['n_bkg']} jets pass" +
                     (f", 1/eps_B = {1 / r['eps_b']:.3g}" if r["eps_b"] > 0 else ""), "", path, {"n": int(r["n_bkg"])})]


def read_correlation(ctx: Ctx, q: Quantity) -> list[Measured]:
    a_obs, b_obs = q.observable or "mass", q.observable2 or "tau32"
    return _per_file(ctx, q, f"Pearson correlation of {WORDS[a_obs][0]} and {WORDS[b_obs][0]}",
                     lambda a: M.correlation_with_error(a[a_obs], a[b_obs])[:2], dimensionless=True)
