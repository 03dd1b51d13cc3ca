"""The measurement catalogue: every quantity a request can ask for, declared once.

One `Metric` per entry: its name (the spec's `Quantity.metric`), what it means, the task whose
operation produces it, the tool whose artifacts hold it, how its uncertainty is computed, its
unit, and the function that reads it from a finished session. Adding a metric is one
declaration plus one reader. The readers compute nothing physics-specific themselves: the
numbers come from the tools' outputs (metrics JSON, per-jet score files) through the functions
of `omnijet.evaluate.metrics`; the spread over seeds, paired differences and verdicts come
from `agents.stats`.

A reader returns `Measured` rows (one per subject / size / class) or raises `Unavailable` with
the reason, which the answer states in its first sentence ("not answered: X, because Y").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agents.measures.base import Ctx, Measured, Metric, Unavailable
from agents.measures.data import (
    cut_words,
    read_anomaly_auc,
    read_anomaly_efficiency,
    read_anomaly_excess,
    read_anomaly_rejection,
    read_anomaly_sic,
    read_anomaly_sic_at_efficiency,
    read_anomaly_tpr,
    read_central_width,
    read_class_ks,
    read_correlation,
    read_cut_value,
    read_fraction,
    read_mean,
    read_median,
    read_observable_auc,
    read_peak,
    read_peak_width,
    read_quantile,
    read_std,
)
from agents.measures.physics import (
    read_bias,
    read_dead,
    read_generated_mean,
    read_generated_std,
    read_generation_auc,
    read_ks,
    read_likelihood_auc,
    read_likelihood_nll,
    read_overfitting,
    read_perplexity,
    read_resolution,
    read_usage,
    read_w1,
)
from agents.measures.tagging import (
    read_accuracy,
    read_auc,
    read_calibration,
    read_efficiency,
    read_labels_to_accuracy,
    read_labels_to_auc,
    read_rejection,
    read_sic_at_efficiency,
    read_tagger_sic,
)
from agents.spec import AnalysisSpec, Quantity
from agents.state import AgentState
from omnijet.errors import DataError

__all__ = ["CATALOGUE", "COMPARISON", "DEFAULTS", "Ctx", "Measured", "Metric", "Unavailable", "asked",
           "catalogue_lines", "check_quantities", "describe", "measure"]

# -- the catalogue ------------------------------------------------------------------------------
_SEEDS = "mean over seeds with its standard error (sample std / sqrt(n)); one seed: none"
CATALOGUE: dict[str, Metric] = {m.name: m for m in [
    Metric("accuracy", "tagging", "fraction of test jets classified correctly", "finetune", "finetune_scan",
           _SEEDS + "; at chance when within 2 s.e. of 0.5", "", read_accuracy),
    Metric("auc", "tagging", "area under the ROC curve of the tagger on the test jets", "finetune", "finetune_scan",
           _SEEDS, "", read_auc),
    Metric("rejection_at_efficiency", "tagging", "background rejection 1/eps_B at a signal efficiency eps_S",
           "finetune", "finetune_scan", _SEEDS, "", read_rejection, ("efficiency",)),
    Metric("efficiency_at_rejection", "tagging", "signal efficiency eps_S at a background rejection 1/eps_B",
           "finetune", "finetune_scan", _SEEDS, "", read_efficiency, ("rejection",)),
    Metric("sic_at_efficiency", "tagging", "significance improvement eps_S/sqrt(eps_B) of the tagger at a signal "
           "efficiency eps_S", "finetune", "finetune_scan", _SEEDS, "", read_sic_at_efficiency, ("efficiency",)),
    Metric("max_sic", "tagging", "largest significance improvement eps_S/sqrt(eps_B) of a tagger cut",
           "finetune", "finetune_scan", _SEEDS, "", read_tagger_sic),
    Metric("calibration", "tagging", "expected calibration error of the tagger's signal probability on the test "
           "jets (10 bins), against what a perfectly calibrated probability gives on the same jets", "finetune",
           "finetune_scan", _SEEDS + "; the test set's: the spread of a calibrated probability's error", "",
           read_calibration),
    Metric("labels_to_accuracy", "tagging", "labelled jets a tagger needs to reach a test accuracy (the first scanned "
           "size that reaches it, log-linearly interpolated from the one below); two strategies: the ratio",
           "finetune", "finetune_scan", "the two sizes' errors (seeds ⊕ test set) propagated by Monte Carlo", "jets",
           read_labels_to_accuracy, ("target",)),
    Metric("labels_to_auc", "tagging", "labelled jets a tagger needs to reach a test AUC (as labels_to_accuracy)",
           "finetune", "finetune_scan", "the two sizes' errors (seeds ⊕ test set) propagated by Monte Carlo", "jets",
           read_labels_to_auc, ("target",)),
    Metric("codebook_usage", "tokenizer", "fraction of the codebook's codes used on the evaluation jets",
           "tokenizer", "token_quality", "one training: none over seeds", "", read_usage),
    Metric("dead_codes", "tokenizer", "codes never used on the evaluation jets", "tokenizer", "token_quality",
           "one training: none over seeds", "codes", read_dead),
    Metric("perplexity", "tokenizer", "exp(entropy) of the code usage: the effective number of codes",
           "tokenizer", "token_quality", "one training: none over seeds", "codes", read_perplexity),
    Metric("bias", "tokenizer", "median of reco - truth of an observable or constituent feature (relative for "
           "mass and pT)", "tokenizer", "token_quality", "statistical: 1.2533 std / sqrt(n)", "", read_bias),
    Metric("resolution", "tokenizer", "half the 16-84% width of reco - truth of an observable or constituent "
           "feature", "tokenizer", "token_quality", "statistical: width / sqrt(2 (n - 1))", "", read_resolution),
    Metric("w1", "generation", "Wasserstein-1 distance of a generated to the real observable distribution",
           "pretrain", "evaluate_generation", "against the floor: W1 between two halves of the real jets",
           "observable's", read_w1),
    Metric("ks_test", "generation", "two-sample Kolmogorov-Smirnov test of a generated against the real jet-level "
           "observable distribution: its p-value, with the distance D", "pretrain", "evaluate_generation",
           "none: a p-value (one per GPT seed)", "", read_ks),
    Metric("generation_auc", "generation", "AUC of a classifier telling generated from real jets (0.5: "
           "indistinguishable)", "pretrain", "evaluate_generation", "Hanley-McNeil", "", read_generation_auc),
    Metric("generated_mean", "generation", "mean of an observable over the generated (and real) jets", "pretrain",
           "evaluate_generation", "one sample: none over seeds", "observable's", read_generated_mean),
    Metric("generated_std", "generation", "standard deviation of an observable over the generated and the real jets, "
           "and their ratio (is the generated distribution too narrow or too wide?)", "pretrain", "evaluate_generation",
           "Gaussian std / sqrt(2 (n - 1)) for one sample; over seeds their standard error", "observable's",
           read_generated_std),
    Metric("overfitting", "generation", "the GPT's validation loss against its training loss: their gap at the best "
           "epoch, and how far the validation loss rose after it (overfitting: it rises while the training loss falls)",
           "pretrain", "pretrain", "one training run: none", "nats per token", read_overfitting),
    Metric("likelihood_nll", "likelihood", "mean per-jet negative log-likelihood of the test jets of a class "
           "under a GPT trained on one class", "pretrain", "jet_likelihood", "standard error of the mean",
           "nats", read_likelihood_nll),
    Metric("likelihood_auc", "likelihood", "AUC of the per-jet NLL of a GPT trained on one class as a "
           "classifier between two classes", "pretrain", "jet_likelihood", "Hanley-McNeil", "", read_likelihood_auc),
    Metric("anomaly_auc", "anomaly", "AUC of the anomaly score (CWoLa or GPT likelihood) in the signal region",
           "anomaly", "anomaly_scan", _SEEDS + "; Hanley-McNeil with one seed", "", read_anomaly_auc),
    Metric("anomaly_max_sic", "anomaly", "max SIC over cuts keeping enough background (the cutoff rule is "
           "quoted)", "anomaly", "anomaly_scan", _SEEDS, "", read_anomaly_sic),
    Metric("anomaly_tpr_at_max_sic", "anomaly", "signal efficiency of the cut at max SIC", "anomaly",
           "anomaly_scan", _SEEDS, "", read_anomaly_tpr),
    Metric("anomaly_efficiency_at_rejection", "anomaly", "signal efficiency of the anomaly score at a background "
           "rejection 1/eps_B (off the stored ROC curve)", "anomaly", "anomaly_scan", _SEEDS + " ⊕ binomial", "",
           read_anomaly_efficiency, ("rejection",)),
    Metric("anomaly_rejection_at_efficiency", "anomaly", "background rejection 1/eps_B of the anomaly score at a "
           "signal efficiency (off the stored ROC curve)", "anomaly", "anomaly_scan", _SEEDS + " ⊕ binomial", "",
           read_anomaly_rejection, ("efficiency",)),
    Metric("anomaly_sic_at_efficiency", "anomaly", "SIC eps_S/sqrt(eps_B) of the anomaly score at a signal "
           "efficiency (off the stored ROC curve)", "anomaly", "anomaly_scan", _SEEDS + " ⊕ binomial", "",
           read_anomaly_sic_at_efficiency, ("efficiency",)),
    Metric("anomaly_excess", "anomaly", "CWoLa AUC at the injected fraction minus the no-signal control's",
           "anomaly", "anomaly_scan", "Hanley-McNeil errors added in quadrature", "", read_anomaly_excess),
    Metric("mean", "data", "mean of an observable", "generate", "dataset_info", "std / sqrt(n)",
           "observable's", read_mean),
    Metric("std", "data", "standard deviation (the RMS spread about the mean) of an observable", "generate", "dataset_info",
           "delta method sqrt((m4 - s^4) / n) / (2 s), no Gaussian assumed", "observable's", read_std),
    Metric("median", "data", "median of an observable", "generate", "dataset_info",
           "order-statistic band (asymptotic)", "observable's", read_median),
    Metric("peak", "data", "where an observable's distribution peaks (its mode: the maximum of a kernel density); "
           "a resonance's jet mass peak against the generator's pole mass", "generate", "dataset_info",
           "bootstrap over the jets (200 resamples)", "observable's", read_peak),
    Metric("peak_width", "data", "how wide an observable's peak is: the full width at half maximum of its kernel "
           "density", "generate", "dataset_info", "bootstrap over the jets (200 resamples)", "observable's",
           read_peak_width),
    Metric("quantile", "data", "a quantile of an observable", "generate", "dataset_info",
           "order-statistic band (asymptotic)", "observable's", read_quantile, ("quantile",)),
    Metric("central_width", "data", "width of the central fraction of an observable's distribution (the middle "
           "80%: its 90% minus its 10% quantile)", "generate", "dataset_info",
           "order-statistic bands of both ends, with their asymptotic correlation", "observable's",
           read_central_width, ("quantile",)),
    Metric("fraction", "data", "fraction of jets inside a window or past a cut of an observable", "generate",
           "dataset_info", "binomial sqrt(p (1 - p) / n)", "", read_fraction, ("low|high",)),
    Metric("class_ks", "data", "two-sample Kolmogorov-Smirnov test between two classes' distributions of an "
           "observable: its p-value, with the distance D", "generate", "dataset_info", "none: a p-value", "",
           read_class_ks),
    Metric("observable_auc", "data", "AUC of one jet observable alone as a discriminant between two classes (the "
           "first the signal): its best selection, a cut on its binned likelihood ratio (a window for a peak), "
           "cross-fitted on two halves; with 1/eps_B at eps_S = 0.5 and a one-sided cut's AUC",
           "generate", "dataset_info", "Hanley-McNeil", "", read_observable_auc),
    Metric("cut_value", "data", "where to cut on one observable to select the first of two classes against the "
           "second: a one-sided cut on the side where it sits, at a signal efficiency eps_S when one is asked, else the "
           "one that maximises eps_S/sqrt(eps_B); with eps_S and eps_B at the cut", "generate", "dataset_info",
           "order-statistic band (at eps_S) or bootstrap (best cut); binomial for the efficiencies", "observable's",
           read_cut_value),
    Metric("correlation", "data", "Pearson correlation of two observables", "generate", "dataset_info",
           "Fisher: (1 - r^2) / sqrt(n - 3)", "", read_correlation),
]}
COMPARISON = ("paired difference over seeds (same seed: same training subset), its standard error and "
              "two-sided paired-t p-value; without seeds, the difference with errors in quadrature")

# the family's stock answer when the request names no quantity
DEFAULTS: dict[str, list[Quantity]] = {
    "finetune": [Quantity(metric="accuracy", default=True), Quantity(metric="auc", default=True)],
    "tokenizer": [Quantity(metric="bias", observable="mass", default=True),
                  Quantity(metric="resolution", observable="mass", default=True)],
    "pretrain": [Quantity(metric="generation_auc", default=True)],
    "anomaly": [Quantity(metric="anomaly_auc", default=True), Quantity(metric="anomaly_max_sic", default=True)],
    "generate": [Quantity(metric="mean", default=True)],
}
CLASS_COMPARISON_DEFAULTS = ("median", "central_width", "class_ks")


def asked(spec: AnalysisSpec) -> list[Quantity]:
    """The spec's quantities, or the family's default ones (flagged `default`) when it names none."""
    if spec.quantities:
        return list(spec.quantities)
    primary = spec.primary()
    obs = spec.observables or []
    if primary == "generate" and len(spec.classes or []) == 2:
        # two samples side by side: where each sits, how wide it is, and whether their shapes differ
        pair = list(spec.classes or [])
        return [Quantity(metric=m, observable=o, compare=pair, default=True, **({"quantile": 0.8} if m == "central_width" else {}))
                for o in obs or ["mass"] for m in CLASS_COMPARISON_DEFAULTS]
    if primary == "tokenizer" and obs:  # 'how faithful is the tokenized tau32?': the observables named, not the mass
        return [q.model_copy(update={"observable": o}) for o in obs for q in DEFAULTS["tokenizer"]]
    out = [q.model_copy(update={"observable": obs[0]}) if obs and q.observable is None and primary == "generate"
           else q for q in DEFAULTS.get(primary or "", [])]
    return out


def describe(q: Quantity) -> str:
    """The quantity in words: 'rejection_at_efficiency (efficiency 0.3, subject finetune)'."""
    skip = {"metric", "default", "evidence", "low_inclusive", "high_inclusive"}
    if q.low is not None or q.high is not None:  # the cut with its strictness: 'cut N > 60'
        skip |= {"low", "high", "observable"}
    cond = {k: " vs ".join(v) if isinstance(v, list) else v
            for k, v in q.model_dump(exclude=skip).items() if v not in (None, [])}
    if q.low is not None or q.high is not None:
        cond["cut"] = cut_words(q)
    return q.metric + (f" ({', '.join(f'{k} {v}' for k, v in cond.items())})" if cond else "")


def measure(q: Quantity, ctx: Ctx) -> list[Measured]:
    """The quantity's numbers (raises Unavailable with the reason)."""
    metric = CATALOGUE.get(q.metric)
    if metric is None:
        raise Unavailable(f"{q.metric} is not in the measurement catalogue")
    if q.unsupported:  # beyond the catalogue: the coder's own analysis, or why there is none
        from agents.measures import agent_written

        return agent_written.read(ctx, q)
    return metric.read(ctx, q)


def catalogue_lines() -> list[str]:
    """One line per metric, for the spec prompt and the docs."""
    return [f"- {m.name} ({m.family}; {m.unit or 'no unit'}): {m.meaning}"
            + (f" [needs {', '.join(m.needs)}]" if m.needs else "") for m in CATALOGUE.values()]


# -- the reviewer's check: is every asked quantity computable from this step? ------------------
def check_quantities(state: AgentState, workspace: Path) -> list[Any]:
    """One check per asked quantity whose producing tool ran in the current step: a quantity
    that cannot be computed is a defect (with a remedy where more data would fix it)."""
    from agents.state import Check, Remedy

    spec = state.spec
    if spec is None or not spec.quantities:
        return []
    tools = {c.tool for c in state.latest_calls(state.step) if c.ok}
    ctx = Ctx(state, workspace, spec)
    checks = []
    for q in spec.quantities:
        metric = CATALOGUE.get(q.metric)
        producer = "run_python" if q.unsupported else (metric.tool if metric else None)
        if metric is None or producer not in tools:
            continue
        try:
            values = measure(q, ctx)
            checks.append(Check(name="asked_quantity", passed=True, kind="defect",
                                message=f"{describe(q)}: {len(values)} value(s) computed"))
        except (Unavailable, DataError, ValueError, KeyError, TypeError) as e:
            more = "too few" in str(e) or "need at least" in str(e) or "min_bkg" in str(e)
            remedy = (Remedy(events=2) if metric.family == "anomaly" else Remedy(jets=2)) if more else None
            checks.append(Check(name="asked_quantity", passed=False, kind="defect", remedy=remedy,
                                message=f"the asked {describe(q)} cannot be computed: {e}"))
    return checks
