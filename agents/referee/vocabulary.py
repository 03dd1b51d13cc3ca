"""The referee's vocabulary of jet-physics results: quantity names, qualifiers, controls,
comparatives, and the shapes numbers come in (uncertainties, sizes, seeds, working points)."""

from __future__ import annotations

import re

from agents.referee.alternation import named_alternation

# canonical quantity -> pattern; the longest match nearest a number names it ("acc. prob", "acc rate": a sampler's
# acceptance probability, no accuracy)
QUANTITIES: dict[str, str] = {
    "classifier_auc": r"classifier[- ]test AUC|two[- ]sample (?:classifier )?AUC|\bC2ST(?:[ _-]?AUC)?\b",
    # ("p0_local=2.3e-03", "p0 global": the p-value of the background-only hypothesis; a bare "p0" may be a fit parameter)
    # ("...?p=412": a URL's query parameter, no p-value)
    "p_value": r"\bPr(?:ob)?\s*(?:>|\(\s*>)\s*(?:\|[tz]\||[tzF]\b|Chi-?Sq\b|Chi2\b|χ2)\)?|\bp[- ]?values?\b|\b(?:global|local)\s*:?\s+p_?0?\b(?=\s*(?:[=:]|of\b)?\s*[\d.])|(?<![?&])\bp\s*(?=[=<≤≈~]\s*[\d.])|\bp_(?:value|0|local|global)\b|\bp_?0[_ ](?:loc(?:al)?|glob(?:al)?|obs)\b|\bp[ _](?:loc(?:al)?|glob(?:al)?|obs)\b(?=\s*[=:]?\s*[\d.]|\s*[≈~]\s*[\d.]+(?:[eE][-+−]?\d+)?(?![\d.eE]|\s*[-+−*/×^(]))"
                 # ("p global ≈ 0.053", not "p global ≈ 1 - (1 - 1.6e-4)^60 ≈ 0.0095": the terms of a formula)
                 # "Pr(|Z| > |z|) = 0.2408", "Prob > chi2 = 0.0997": a test's tail probability as statistics packages print it
                 r"|\bPr(?:ob)?\s*(?:\([^()\n]{1,25}\)|>\s*\|?[\w.]{1,8}\|?)(?=\s*=)",
    "sic": r"\bSIC\b|significance improvement",
    "auc": r"\bROC[- ]?AUCs?\b|\bAUCs?\b|area under (?:the )?(?:ROC )?curve|\bROC[- ]integ(?:ral)?s?\b"  # TMVA's "ROC-integ"
           r"|\bAU[-_ ]?ROCs?\b|\bROC areas?\b|\barea under (?:the )?ROC\b"  # "auRoc", "AUROC" (a cloud service's key), "ROC area"
           r"|\bROC\b(?=[ \t]*[=:]?[ \t]*0?\.\d)",  # "ROC    0.88214" (perf -ROC), "hinge ROC 0.239": the ROC's area, a number below 1
    "significance": r"\bsignificances?\b|\bZ(?:[ _]?\{?(?:loc(?:al)?|glob(?:al)?|obs|exp|0|A)\}?)?\s*(?=[=≈~])|\blocal significance|\bglobal significance|"
                    # "raises S/√B from 1.1 to 3.6": the simple significance (not "injected at S/sqrt(B) = 2", the
                    # injection's strength, set to a value)
                    r"(?<![\w/])S\s*/\s*(?:√|sqrt)\s*(?:\(\s*B\s*\)|B\b)(?!\s*[=:≈~])",
    "accuracy": r"\baccurac(?:y|ies)\b|\bacc\.?(?=\W)(?![ \t._-]*(?:prob(?:ability)?|rate)\b)|\bcorrect(?:ly)? (?:classified|identified|tagged|on)\b|\bjets correctly\b",
    "fake_rate": r"\bmistag(?:ging)?(?: rate| efficienc(?:y|ies))?|\bfake[- ]rate|\bFPR\b|false[- ]positive rate|(?:background|bkg|bkgd|bg|QCD)\.?[- ]eff(?:icienc(?:y|ies)|\.|\b)"
                 # "the background acceptance was 0.040": the fraction of background jets let through, a mistag rate
                 r"|(?:background|bkg|bkgd|QCD)\.?[- ]acceptance\b"
                 r"|\b(?:ε|eps(?:ilon)?)[_ ]?\{?(?:[bB]|bkg|g|QCD|light)\}?(?![\w^])",  # (not "eps_B^-1": its inverse)
    # "R50", "R_{30}", "rej30": the background rejection at 50% or 30% signal efficiency
    "rejection": r"\b(?:background )?rejection|\bR[_ ]\{?(?:g|bkg|QCD|light|b)\}?(?=\s*[(=:])|\bR_?\{?[1-9]0\}?(?![\w.^])|\brej(?:[_ ]?\{?[1-9]0\}?)?\b|\brejects?\b|\b(?:rejected|rejecting)(?=\s+(?:more|fewer|less)\b)|1\s*/\s*(?:mistag\b|(?:ε|eps(?:ilon)?)(?:[_ ]?\{?(?:[bB]|bkg|g|QCD|light)\}?(?![\w]))?|e_?\{?(?:B|bkg|QCD)\}?(?![\w]))"
                 r"|\b(?:ε|eps(?:ilon)?)[_ ]?\{?(?:[bB]|bkg|g|QCD|light)\}?\s*\^\s*\{?\(?[-−]1\)?\}?",  # "eps_B^-1", "ε_B^{-1}"
    "efficiency": r"\befficienc(?:y|ies)\b|\bTPR\b|true[- ]positive rate|\brecall\b|\b(?:ε|eps(?:ilon)?)[_ ]?\{?(?:[sS]|sig|q|t|top|W|Z|H)\}?(?![\w])|\beff[_ ]?(?:sig|s)\b|(?-i:\be_?S\b)(?=\s*=)|\beff(?=[_ ](?:data|mc|sim|obs|meas)\b)|\b(?:A|acc(?:eptance)?)[ \t]?(?:x|×|\*|times)[ \t]?(?:ε|eps(?:ilon)?|eff(?:iciency)?)(?![\w])|\b(?:signal|sig|top|tagging|quark)[- ]eff(?:\.|\b)"
                  # ("quark eff. at 50% gluon rejection": the efficiency of the quark jets, a quark/gluon tagger's signal)
                  # "H->bb eff: 1224 / 2000 = 0.612": the short name as a record's key, the class named before it
                  r"|\beff\b(?=\.?[ \t]*[:=])"
                  # "the acceptance was 0.040": a fraction of jets let through (not an acceptance test, sample or gate)
                  # (nor an "acceptance rate": a sampler's share of proposals accepted, MCMC or nested sampling, or a
                  # trigger's rate)
                  r"|\bacceptance\b(?![- ](?:tests?|samples?|criteri\w+|gates?|checks?|runs?|window|region|rates?\b|×|x\b|times\b))",  # "eff_sig", "eff_S": a column's short name
    # ("mixed precision", "half-precision", "fp32 precision": how the numbers are stored in training, no purity)
    "purity": r"\bpurity\b|(?<!mixed )(?<!mixed-)(?<!half )(?<!half-)(?<!single )(?<!single-)(?<!double )(?<!double-)(?<!full )"
              r"(?<!numerical )(?<!floating-point )(?<!float )\b(?<!\bfp\d\d )(?<!\bbf16 )precision\b",
    "f1": r"\bF1\b",
    "perplexity": r"\bperplexit(?:y|ies)\b|(?-i:^[*_\s]*ppl[*_\s]*$)",  # a table column headed "ppl" (its usual short name)
    "codebook_usage": r"\bcodebook (?:usage|utili[sz]ation|occupancy)(?![\s_-]*perplexit)|\bcode(?:book)? usage(?![\s_-]*perplexit)|\bcodes? in use|"
                      r"\busage\b(?![\s_-]*perplexit)|\bcodes? used\b|\bused codes\b",
    # ("usage perplexity", "code-usage perplexity": the perplexity of the usage, a count of effectively used codes)
    "codebook_size": r"\bcodebook (?:entries|vectors|codes)\b|\bnumber of codes\b|\bcodebook size\b|\bcodebook of\b|\bcodebook with\b|\bK\s*=|(?-i:^[*_\s]*K[*_\s]*$)",  # a table column headed "K" (or "*K*") is the codebook size
    "resolution": r"\bresolutions?\b|σ[ _]?\{?m(?:ass)?\}?(?![\w(])|\bres\.(?=\s*(?:\[|\(|$))|\bwidths?\b|\bRMS\b|\bIQR\b|(?<=[\w ]_)res\b|^res\b|(?<= )res$",
    # "mean (m - m_true)", "median(pT - pT gen)": the average of a measured value less its true one is a bias
    "bias": r"\bbias(?:es)?\b|\b(?:mean |median )?offsets?\b|\bresponse\b|\b(?:scale |relative |median |mean )?shift\b|"
            r"\b(?:mean|average|avg|median)\s*\(\s*[A-Za-z][\w]{0,10}\s*[-−]\s*[A-Za-z][\w]{0,10}[_ ]?(?:true|truth|gen|ref)\s*\)",
    # "Brier 0.112 vs 0.0987", "brier_class": the Brier score, the mean squared error of predicted probabilities (a loss:
    # lower is better calibrated)
    "loss": r"\bbrier(?:[ _-]?(?:score|loss|class))?\b|\blosse?s?\b|\blog[- ]?loss\b|\breconstruction errors?\b|\bcross[- ]entropy\b|\bNLL\b|negative log[- ]likelihood|(?-i:\bMSE\b)|\bmean[- ]squared[- ]errors?\b",  # "Reconstruction MSE": the acronym in prose (a key
    # "recon_mse=0.0412" is a field's name, left to its key)
    "wasserstein": r"\bWasserstein\b|\bW_?1\b|\bEMD\b|\bW_?1(?:M|m|pT|PT|pt|P|EFP|efp)\b",  # JetNet's "W1M", "W1pT"
    "kl": r"\bKL\b|Kullback",
    # "FPD = 82 ± 6", "KPD x 1e3 = -0.01": JetNet's Fréchet and kernel physics distances between generated and real
    # feature sets, lower is closer; each of its own scale (never set side by side with W1 or each other), and
    # estimated without bias, so a value a little below zero is no error
    "fpd": r"\bFPD\b|\bFr[eé]chet (?:particle |physics )?distance",
    "kpd": r"\bKPD\b|\bkernel physics distance",
    "chi2": r"χ²|\bchi2\b|chi\^2|chi[- ]squared?",
    "signal_fraction": r"\bsignal fraction\b|\bsignal[- ]injection\b|\binjected signal\b|\bS\s*/\s*B\b",
    "multiplicity": r"\bmultiplicit(?:y|ies)\b|\bconstituents?\b(?![-‐][A-Za-z])",  # "a constituent-based tagger": a kind
    # "SF = 1.04 ± 0.03": a data/simulation ratio of efficiencies, near 1 and free to exceed it
    "scale_factor": r"\bSFs?\b(?=\s*(?:[=:(]|of\b|is\b|~|≈|\d))|\bscale[- ]factors?\b",
}
# "mean |Δm|/m = 1.9%": the mean absolute relative deviation of a reconstructed observable, a width of its residuals
ABS_RELATIVE_DEVIATION_RESOLUTION = r"\|\s*(?:Δ|d|delta)\s?(?:m|E|p_?T|pT)\s*\|\s*/\s*(?:m|E|p_?T|pT)\b"
QUANTITIES["resolution"] += "|" + ABS_RELATIVE_DEVIATION_RESOLUTION
# "a mean relative pT error of 2.1% after decoding": an observable's reconstruction error, the width of its residuals
QUANTITIES["resolution"] += r"|\brelative\s+(?:p_?T|mass|energy|momentum)\s+errors?\b"
# "sigma(pT_rec/pT_true - 1)", "std(m_reco - m_gen)": the spread of a reconstructed observable around its true value
QUANTITIES["resolution"] += (r"|(?:\bsigma|σ|\bstd|\bRMS)\s*\(\s*[^()]{0,30}?\b(?:rec|reco|reconstructed|decoded|pred)\b[^()]{0,30}?"
                             r"\b(?:true|truth|gen|orig|input)\b[^()]{0,12}\)")
# "σ(m)/m", "σ(p_T)/p_T": the width of an observable's residuals relative to it, as a column is headed
QUANTITIES["resolution"] += "|" + "|".join(rf"(?:σ|\bsigma)\s*\(\s*{x}\s*\)\s*/\s*{x}(?![\w])" for x in ("m", r"p[ _]?T", "E", "mass"))
# "σ_m/m", "sigma_pT/pT" (a column "sigma m/m"): the width of an observable's residuals as a fraction of it, subscripted
QUANTITIES["resolution"] += "|" + "|".join(rf"(?:σ|\bsigma)[ _]?\{{?{x}\}}?\s*/\s*{x}(?![\w])" for x in ("m", r"p[ _]?T", "E"))
# "sigma(pT_rel)", "sigma(eta)", "std(phi)", "σ(m_jet)": the spread of an observable itself (a column of reconstructed
# constituents or jets), its resolution, not the error of the number beside it
OBSERVABLE_SPREAD = (r"(?:\bsigma|σ|\bstd)\s*\(\s*(?:p_?T|η|eta|φ|phi|mass|m(?:_?(?:jet|j|sd|SD))?|E|energy)"
                     r"(?:[ _](?:rel|relative|abs|absolute))?\s*\)")
QUANTITIES["resolution"] += "|" + OBSERVABLE_SPREAD
QUANTITY_RE = named_alternation(QUANTITIES, re.I)
BOUNDED = {"auc", "classifier_auc", "accuracy", "efficiency", "fake_rate", "purity", "f1", "p_value", "codebook_usage",
           "signal_fraction"}
HIGHER_BETTER = {"auc": True, "accuracy": True, "efficiency": True, "purity": True, "f1": True, "rejection": True,
                 "sic": True, "significance": True, "codebook_usage": True, "fake_rate": False, "resolution": False,
                 "loss": False, "wasserstein": False, "kl": False, "chi2": False, "p_value": False,
                 "fpd": False, "kpd": False}

CONTROL = re.compile(r"no[- ]signal(?:\s+(?:events?\s+)?injected)?|\bnothing (?:is |was |being )?injected\b|\bno[- _]?sig\b|\bctrl\b|no[- ]injection|without injection|random(?:ly assigned|i[sz]ed)? labels|permuted labels|zero signal|null[- ](?:test|sample|hypothesis|run|check|experiment|study)|(?<!herwig )(?<!sherpa )(?<!pythia )(?<!pythia8 )(?<!herwig7 )\bcontrol\b|(?:on |trained on )?background alone|(?:background|bkg|QCD|SM)[- ]only|zero (?:BSM |signal )?(?:events? )?injected|no (?:BSM|new[- ]physics) (?:events? )?injected|zero[- ]injection|"
                     r"without (?:any )?(?:injected )?signal|shuffled(?:[- ]label)?|label[- ]shuffl|\bsignal[- ]free|"
                     r"signal fraction (?:of |= ?)?0(?:\.0+)?%?(?![.\d])|\b0\s*% signal|no injected|sanity check|sculpting (?:check|test)|closure test|null test|"
                     r"\b(?:S\s*/\s*B|injection|signal fraction|contamination|f_?sig)\s*(?:=|:|of)?\s*0(?:\.0+)?\s*%?(?![.\d%])|"
                     r"(?<![\d.])0(?:\.0+)?\s*% (?:injection|injected)|(?<![\d.,])0 (?:BSM |signal )?events? injected|"
                     r"\b(?P<same_sample>[A-Za-z][\w-]{1,20})[- ](?:vs\.?|versus|against)[- ](?P=same_sample)\b", re.I)
# ("background-vs-background", "QCD vs QCD": one sample against itself, a null control; "the Herwig control": a control of
# the generator, the same task on another shower, no sample without signal)
# a table column (or a field: "s_over_b") that gives the injected signal (a row with 0 there is the no-signal control)
# ("injected s/b", "injected signal fraction": the injection column named by what is injected)
INJECTION_COLUMN = re.compile(r"^(?:inject(?:ed|ion)\s+)?(?:S\s*/\s*B|S[ _]over[ _]B|inject\w*(?:\s+(?:S\s*/\s*B|signal|sig\.?)(?:\s+(?:fraction|frac\.?|%))?)?|inj\.?|signal(?: fraction| frac\.?| %| percentage)?|sig\.? frac\w*|"
                              r"f_?sig|contamination|signal (?:injection|contamination))(?:\s+(?:in|at|of) (?:the )?\w+)?"
                              r"(?:\s*[(\[].*[)\]])?$", re.I)
CLASSIFIER_TEST = re.compile(r"\b(?:generated|synthetic|sampled)\b[\w ]{0,30}\b(?:vs\.?|versus|against)\b|classifier[- _]test|two[- _]sample|\bC2ST\b|generated[- ](?:vs\.?|versus|against)[- ]real|"
                             r"real[- ](?:vs\.?|versus|against)[- ]generated|(?:separat|distinguish|discriminat|tell)\w*"
                             r" (?:the )?generated (?:jets )?from (?:the )?real|(?:separat|distinguish|discriminat|tell)\w* (?:the )?[\w-]+(?: [\w-]+)? "
                             r"(?:jets|samples|events|showers|clouds) from (?:the )?(?:real|true|reference|simulated|Geant)\b|(?:generated|synthetic) (?:and|from) real"
                             r" (?:jets )?(?:apart|classifier)|fidelity classifier|real/generated", re.I)
# "for tagging the round trip costs us nothing": a step said to lose no performance (not its price in time, memory or
# money: "costs nothing to run", "costs nothing extra in GPU hours")
COSTS_NOTHING = (r"\bcosts?\s+(?:us\s+|you\s+|me\s+|them\s+)?nothing\b(?![ \t]+(?:to\b|extra\b|more\b|in\s+(?:time|compute|"
                 r"memory|disk|storage|money|runtime|latency|(?:cpu|gpu)\b|wall)))")
QUALIFIERS: dict[str, str] = {
    "significant": r"\bstatistically significant(?:ly)?\b|\bstatistically (?:solid|robust|sound|meaningful|firm)\b|"
                   r"\b(?:real|genuine),?\s+(?:and\s+)?reproducible\s+(?:gain|improvement|effect|difference)\b|\bsignificant(?:ly)?\b(?! (?:figures?|digits?))|"
                   # ("a clear, statistically solid gain", "a real, reproducible gain": the same said in other words)
                   # "sig. better": shortened before a comparative ("sig. eff." is a signal's efficiency)
                   r"\bsig(?:nif)?\.?\s+(?:better|worse|higher|lower|larger|smaller|different|improve[ds]?|outperforms?)\b|"
                   # "a gain of +0.009, many times the statistical uncertainty", "well beyond its error": a significance said
                   r"\b(?:many|several|multiple) times (?:the|its|their) (?:statistical |stat\.? )?(?:uncertainty|uncertainties|errors?)\b|"
                   r"\bwell (?:beyond|above|outside) (?:the|its|their) (?:statistical |stat\.? )?(?:uncertainty|uncertainties|errors?)\b|"
                   # "pretraining gives a clear, real gain at 1% labels": a gain called real, i.e. no fluctuation ("a
                   # reliable gain": one that a retraining would give again; "a genuine step up from A alone": an
                   # improvement in other words)
                   r"\b(?:real|genuine|reliable)\s+(?:gain|improvement|step[- ](?:up|forward))s?\b|"
                   # "a clear, real gain", "the improvement is real": a change said to be no fluctuation (not "a real
                   # effect": of physics, a phenomenon, as often as of a change measured)
                   r"\b(?:a|an)\s+(?:[\w-]+,?\s+)?real\s+(?:gain|improvement|difference|increase|advantage)\b|"
                   # "a clear gain from the last 100 steps", "a clear improvement over the state of the art": a change
                   # called established, beyond the noise, in a noun phrase ("clearly better" is absolute_words')
                   r"\b(?:a|an)\s+(?:[\w-]+,?\s+)?clear\s+(?:gain|improvement|increase|advantage)\b|"
                   r"\b(?:gain|improvement|difference|increase|advantage)\s+is\s+real\b",
    "clearly": r"\bclear(?:ly)?\b|\bsubstantial(?:ly)?\b|\bdramatic(?:ally)?\b|\bvast(?:ly)?\b|\bdecisive(?:ly)?\b|"
               r"\bby a (?:wide|large) margin\b|\bmarked(?:ly)?\b|\bstrong(?:ly)? (?:better|outperform)|\bfar (?:better|superior)",
    "consistent_with": r"\bconsistent with\b|\bcompatible with\b|\bin (?:good )?agreement with\b|\bagrees? (?:well )?with\b|"
                       r"\bindistinguishable from\b|\bin line with\b|\bmatch(?:es|ing)?\b|\bon par with\b|\bequivalent to\b",
    "random": r"\bdo(?:es)?(?:n't| not) sculpt|\bno (?:sign of )?sculpting\b|\b(?:is|are|was|were) not sculpted\b|"
              r"\b(?:learns?|learned|learnt) nothing\b|\b(?:finds?|found) nothing to learn\b|(?<![\w.])(?:basically|essentially|effectively|practically|pretty much)\s+(?:at\s+)?0?\.50?(?![\d.]|\s*±|\s*\+-)|\b(?:is|are|was|were) not (?:inventing|making up) (?:any )?(?:structure|features|signals?|a signal)\b|(?<!worse.than.)(?<!below )\brandom(?: guessing| chance| classifier)?\b|\bchance(?: level)?\b|\bcoin[- ]?(?:flip|toss)\b",
    # ("the classifier is not inventing structure": what a no-signal control is read as, finding nothing; as "learns nothing"
    # and "it finds nothing to learn without signal")
    "lossless": COSTS_NOTHING + r"|\bloss[- ]?(?:less|free)(?:ly)?\b(?!\s+(?:cop(?:y|ies)|compression|archiv\w*|backups?|storage|seriali[sz]ation)\b)|\bpreserves? all (?:the )?information\b|"
                r"\bwithout (?:any )?(?:degradation|information loss)\b|\bno information loss\b|\bwithout (?:any )?(?:information )?loss\b|\bno (?:information )?(?:is )?lost\b|"
                r"\bloses? (?:no|nothing)\b|\bno loss of (?:information|resolution)\b|(?<!non-)(?<!non )\bzero (?:information )?loss\b|"
                r"\bwithout losing (?:any )?information\b|"
                # "comes at no cost in tagging performance": the performance said to be kept whole (a speed-up's price)
                r"\b(?:at|with)\s+no\s+(?:cost|penalty|price)\s+(?:in|to|of)\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,2}?"
                r"(?:performance|AUC|accuracy|rejection)\b|"
                # "the C++ scores are bit-identical to the reference" (not "12.9% of the scores are bit-identical": a part)
                r"(?<!\bof the )(?<!\bof )\b(?:scores?|outputs?|tokens?|token streams?|predictions?|logits?)\s+(?:are|were|is|was)\s+"
                r"(?:all\s+)?bit[- ]?(?:wise[- ])?(?:identical|exact)\b",
    # ("a lossless copy of the token ids", "lossless compression": bytes stored and read back, no reconstruction of jets)
    # ("so that the 1 - AUC shortcut is exact": a formula or identity that holds exactly is no result called perfect)
    "perfect": r"\bperfect(?:ly)?\b|(?<!shortcut )(?<!formula )(?<!identity )(?<!relation )(?<!conversion )\b(?:is|are|was|were|be) exact\b|\bexact (?:reconstruction|recovery|reproduction)\b|\b100\s*% (?:accura|correct|efficien|pur)\w*|\bwithout (?:any )?error\b|\bflawless(?:ly)?\b|(?<!would )(?<!could )(?<!should )(?<!might )(?<!must )(?<!to )\b(?:preserv|reproduc|recover|retain)\w*\s+(?:[\w-]+\s+){0,5}?exactly\b|\bexact(?:ly)? (?:reproduc|recover|reconstruct)\w*|\bidentical (?:to|with) (?:the )?(?:real|truth|true|input|original|data)\b",
    "realistic": r"\b(?:are|is|look|looks|appear|appears|seem|seems|be|being)\s+(?:\w+\s+){0,2}?(?:realistic|faithful)\b|"
                 r"\bfaithfully reproduc\w*|\bstatistically (?:compatible|consistent|equivalent)\b|"
                 r"\b(?:look|looks|looked|appear|appears|seem|seems)\s+(?:\w+\s+){0,2}?like (?:the )?real\b",  # not "realistic generation"
    "indistinguishable": r"\bindistinguishable\b|\bcannot be (?:told apart|distinguished)\b|\bas realistic as\b|"
                         # "the network cannot separate the generated jets from real jets"
                         r"\b(?:cannot|can['’]t|can not)\s+(?:separate|distinguish|tell apart)\s+(?:[\w-]+\s+){0,4}?from\s+(?:the\s+)?real\b",
    "discovery": r"\bdiscovery\s*[:!]+\s*(?!no\b|none\b|not\b|n/a\b|-)(?=\S)|(?:->|=>|→|⇒)\s*(?:an?\s+|the\s+)?discovery\b|\bestablish(?:es|ed)? the existence\b|\bdiscover(?:ed|s)\b|\b(?:the|a) discovery of\b|\bclaim(?:s|ed|ing)? (?:the |a )?discovery\b|"
                 r"\b(?:call|calls|called|label|labels|present|presents|count|counts|regard|regards|treat|treats) "
                 r"(?:this|it|that|the (?:excess|bump|signal|result)) (?:as )?(?:a |the )?discovery\b|\bmade (?:a |the )?discovery\b|"
                 r"\b(?:is|was|constitutes|amounts to|represents|report|reports|have|has|had|got|'s) (?:a |the )?(?:(?:real|genuine|true|bona[- ]fide)\s+)?discovery\b|"
                 r"\bdiscovery[- ]level\b|"
                 # "an evidence-level excess at 3.6 TeV": the 3σ verdict said as an adjective of the thing found, as
                 # "discovery-level" says the 5σ one (not "evidence-level after the trials correction" of an injected signal)
                 r"\bevidence-level\s+(?:excess|signal|bump|deviation|resonance|anomaly|effect|observation|peak)e?s?\b|"
                 # "In effect a discovery made with open data", "effectively a discovery": a discovery said, hedged in form only
                 r"\b(?:in effect|effectively|essentially|practically|virtually|de facto|basically),?\s+(?:a |the )?discovery\b|\bnew (?:[a-z]+ )?(?:resonance|particle|boson|state) (?:is |was |has been )?"
                 r"(?:observed|discovered|found|seen|detected)\b|(?<!\bhint of )(?<!\bhints of )(?<!\bhint of a )(?<!\bhints of a )(?<!\bpossible )(?<!\bpotential )(?<!\bwhat the )(?<!\bwhat a )(?<!\bif there's a )(?<!\bif there is a )(?<!\bif there were a )(?<!\bif there’s a )(?<!\btheory of the )(?<!\bmodel of the )(?<!\btheory of a )(?<!\bmodel of a )\bnew particle\b(?![\"”’']?\s+(?:events?|samples?|jets?|injections?|templates?|can|could|would|might|may)\b)(?![-‐][A-Za-z])|\bconfirm(?:s|ed)? the existence\b|"
                 r"\bunambiguous(?:ly)? (?:detect|observ|see)\w*|\bobservation of (?:(?:a|an|the|this|that|new|first)\b|[^.;:!?\n]{0,40}?\b(?:resonances?|signals?|excess|particles?|bosons?|decays?|production|process|states?|bumps?|physics|quarks?|leptons?)\b)|\bwe observe (?:a|the) (?:new|signal|resonance|excess)\b|"
                 r"\bnew physics (?:signal )?(?:is )?(?:found|seen|observed)\b|\bevidence (?:for|of) (?:an? |new )\b|"
                 r"(?:\bwe (?:find|see|observe|detect)|\b(?:finds|sees|observes|detects|found|detected|identified|identifies|uncovered|"
                 r"observed)) (?:a |an |the )?(?:new|anomalous|unknown) "
                 r"(?:signal|resonance|particle|excess|physics)\b|\b(?:signs?|signal) of new physics\b",
    # (not "a guess of what the new particle looks like", "no theory of the new particle is needed": a particle supposed,
    # or one a model would describe, not one found; nor "a new particle-attention backbone": 'particle' in a compound
    # modifier, no particle claimed)
    "better_than_real": r"\bbetter than (?:the )?real\b|\bmore realistic than\b|\bsuperior to (?:the )?real\b|"
                        r"\boutperforms? (?:the )?real\b|\bmore real than\b",
    "inverted": r"\binvert(?:ed|s)?\b|(?<!matrix )\binversion\b|(?<!coin )(?<!coin-)\bflipp?(?:ed)?\b|\b1\s*[-−]\s*AUC\b|\bworse[- ]than[- ]random\b|\bbelow random\b|"
                r"\banti[- ]?correlat|\breversed?\b|\bwrong sign\b|\bopposite\b|\binverse (?:score|ranking|of the score)\b|"
                r"\branks? (?:the )?background (?:above|over|before|higher than) (?:the )?signal\b|"
                r"\branks? (?:the )?signal (?:below|under|lower than|as (?:more|less) [\w-]+ than) (?:the )?background\b|\b(?:its|the) inverse\b|\bsign[- ]flipped\b|\bwrong class first\b|"
                r"\b1\s*[-−]\s*0?\.\d+\s*=|\bminus the (?:score|\w+) as\b|"
                # "the same ranking read backwards": the score's order turned round
                r"\b(?:read|ranked|ordered|sorted)\s+(?:in\s+)?(?:reverse|backwards?)\b|"
                # "flipping them gave 0.54", "a label swap", "the labels were swapped": the classes exchanged, so the score runs backwards
                r"\bflipping\b|\blabels?[- ](?:swap|switch|mix-?up)\w*|\blabels?\s+(?:\w+\s+){0,2}?(?:swapped|switched|exchanged)\b|"
                r"\b(?:swapped|switched)\s+(?:the\s+)?(?:labels?|classes)\b|"
                # "they plugged the labels in backwards", "the classes the wrong way round": the classes turned round
                r"\b(?:labels?|classes)\s+(?:\w+\s+){0,2}?(?:backwards?|the\s+wrong\s+way\s+a?round)\b",
    "identical": r"\bidentical (?:tagging |classification )?(?:performance|results?|AUCs?|accurac\w+)\b|"
                 r"\b(?:the )?same (?:tagging )?performance\b|\bperform (?:identically|equally(?: well)?)\b|"
                 r"\bequally good\b|\bno difference\b",
    "unbiased": r"\bunbiased\b|\bno (?:visible |measurable )?bias\b|(?<!closer to )(?<!nearer to )(?<!towards )(?<!toward )\bzero bias\b|\bfree of bias\b|\bwithout (?:any )?bias\b",
    # ("closer to zero bias": a comparison with the old bias, no claim that the new one is zero; "would reproduce every
    # constituent exactly": what a lossless one would do, no claim)
    "universal": r"\b(?:at|for|in|across) (?:every|each|all)\b|\bconsistently\b|\balways\b",
}
# ("It is a real discovery": a verdict whose adjective only insists on it ("real", "genuine") claims the discovery all the same)
# ("hid 500 fake \"new particle\" events", "new particle samples"): a new particle naming simulated events or a sample is no claim
# "Conclusion: discovery of a new dijet resonance near 3.6 TeV": a verdict written as a headline noun, no article before it
QUALIFIERS["discovery"] += r"|\bdiscovery of (?:an? |the )?(?:new|bsm|anomalous|unknown)\b"
# "discovery of a diphoton resonance at 750 GeV -> publish": a note's verdict, the kind of object found named after it
QUALIFIERS["discovery"] += r"|\bdiscovery of (?:an? |the )?(?:[\w-]+ ){0,2}?(?:resonances?|particles?|bosons?|excess|bump)\b"
# "the excess is established as a new resonance", "has now been established as a new particle": a verdict stated as
# settled (a finite verb; "could be established as" says what it would take)
QUALIFIERS["discovery"] += (r"|\b(?:is|was|are|were|has|have)\s+(?:(?:now|thus|hereby|therefore|been)\s+){0,2}established\s+as\s+"
                            r"(?:an?\s+|the\s+)?(?:new|genuine|real|bsm)\s+(?:[a-z-]+\s+)?(?:resonances?|particles?|bosons?|states?|physics)\b")
# "sklearn decision_function (higher = more normal)", "a higher score means more background-like": a score whose convention
# puts the background on top, so its AUC below one half is that convention, said, not an inversion overlooked
SCORE_HIGH_FOR_BACKGROUND = (r"\bhigher\s*(?:=|means|is|->|→)\s*(?:more\s+)?(?:normal|typical|inlier|background[- ]like|"
                             r"QCD[- ]like|SM[- ]like)\b")
QUALIFIERS["inverted"] += "|" + SCORE_HIGH_FOR_BACKGROUND
# "5.2 sigma excess, above the 5 sigma discovery threshold": an excess said to pass the threshold set for a discovery is
# claimed as one (what it is judged by, the significance after the look-elsewhere correction, is the rule's)
QUALIFIERS["discovery"] += (r"|\b(?:above|over|beyond|past|exceeds?|exceeding|exceeded|cross(?:es|ed|ing)?|pass(?:es|ed|ing)?|"
                            r"clears?|cleared)\s+(?:the\s+)?(?:(?:5|five)\s*(?:σ|sigma|standard deviations?)\s+)?discovery\s+"
                            r"(?:threshold|level|bar|criterion|mark)\b")
QUALIFIER_RE = {k: re.compile(p, re.I) for k, p in QUALIFIERS.items()}
# ("far too weak to count as evidence of a new particle": what the excess is too weak to be is denied, not claimed)
NEGATION = re.compile(r"(?:\b(?:not|no|none|nothing|nobody|never|neither|nor|without|cannot|isn't|aren't|wasn't|weren't)\b|n't|"
                      r"\bfar from\b|\btoo (?:weak|small|faint|marginal|modest|low|feeble) to (?:count|be|qualify|pass|serve|claim)\b"
                      r"(?:\s+(?:as|for|a|an|the|any|of|it|evidence|proof|sign|signs|hint)\b){0,4})"
                      r"(?:\s+[\"“‘'*_]?\w+){0,3}\s*[\"“‘'*_]?$|"  # ('not a “better than' perfect: a quote opened among the words)
                      r"\b(?:nor|neither)\s+that\b[^.;:!?]{0,80}$|\b(?:not|never|(?:refus|declin|reluctan|hesita|unwilling)\w*\s+to|in no (?:hurry|rush) to|stop(?:s|ped|ping)? short of)\s+(?:claim|say|state|write|assert|call|describ|label)\w*\b"
                      r"(?:[^.;:!?]|\.(?=\d)){0,120}$|"  # ("in no hurry to call it a new particle": a name withheld) ("did not describe the gap (AUC 0.842 vs 0.838) as significant")  # "we would not claim the rejection gain, nor that the generated jets are realistic"
                      r"\b(?:not|never|avoid|no)\s+(?:\w+\s+){0,2}the (?:word|term|claim)\s*$|"
                      r"\b(?:none|neither|nothing|no one)\s+of\s+(?:\w+\s+){1,6}$|"
                      # "Neither npv (p = 0.31) nor jet pT (p = 0.29) has a significant effect": the pair's verb, denied by both
                      # "so neither model reproduces the real jets perfectly": the subject denied, and with it what its
                      # verb says of it (in the same clause)
                      r"\bneither\s+(?:of\s+(?:the\s+|its\s+|our\s+)?)?[\w-]+\s+(?:[\w'’-]+\s+){0,6}$|"
                      r"\bneither\b(?:[^.;:!?]|\.(?=\d)){1,80}?\bnor\b(?:(?!,\s*(?:and|but|while|whereas|so)\b)(?:[^.;:!?]|\.(?=\d))){0,60}$|"
                      # "nobody in either paper claims a discovery": a claim no one makes is denied, not made
                      r"\b(?:nobody|no[- ]one)\b[^.;:!?]{0,40}?\b(?:claim|say|state|write|assert|call|report)(?:s|ed|ing)?\b[^.;:!?]{0,40}$|"  # "nobody here is claiming"
                      r"(?:不是|并非|并不|不|没有|\bnicht|\bkeine?)\s*(?:[A-Za-z-]+\s*)?$", re.I)  # "Tokenization 不是 lossless"  # "None of the models is close to perfect"; 'is not "better"': a quote mark is no word

# ("lets through 12.6% more QCD jets": the amount between the verb and its comparative; "..., so the new method improved
# the rejection": a conclusion drawn after 'so' in the past tense, of a named quantity)
_RELATIONS = [
    ("better", r"\b(?:rejects?|rejecting|rejected|suppress(?:es|ed)?) (?:more|a larger fraction)\b|{cut} more\b|\b(?:lets?|letting) (?:through|in|pass) (?:\d+(?:\.\d+)?\s?% )?(?:fewer|less)\b|\b(?:pass(?:es)?|accepts?|admits?) (?:fewer|less) "
               r"(?:of the )?(?:background|QCD|gluon|light|fake)|"
               r"\b(?:keeps?|keeping|retains?|retaining|preserves?|preserving)\s+(?:\w+\s+)?more of\b|"  # "keeps noticeably more of the detail"
               r"\b(?:reduction|decrease|drop) (?:in|of) (?:the )?(?:QCD |light[- ]jet |gluon |fake |multijet )?(?:background|mistag(?: rate)?|fake rate)\b|"  # "a real reduction in the background"
               r"\bmore (?:accurate(?:ly)?|precise(?:ly)?|sensitive|efficient(?:ly)?|powerful|performant|faithful(?:ly)?|realistic(?:ally)?|closely)\b|\bstronger\b|\bsurpass(?:es|ed|ing)?\b(?!\s+[~≈]?[-+−]?\.?\d)|\bimproves\b(?! (?:as|when|for|at)\b| with\b(?! (?:the |our )?(?-i:[A-Z][\w-]*[A-Z0-9])))|\bso\b(?: [\w'’-]+){0,4}? improved\b(?= (?:the|its|their) (?:[\w-]+ ){0,2}(?:rejection|AUC|accuracy|resolution)\b)|\bbetter\b|\boutperform\w*|\bbeats?\b|\bbeating\b|\bedges? out\b|\bedging out\b|\bedged out\b|\bsuperior\b|\b(?:closer|nearer)\b(?=\s+(?:of the two\s+)?to (?:the )?real\b[^.;]{0,80}?\b(?:W1\w*|W_1\w*|Wasserstein|EMD|KL|JSD|FPD|KPD|distances?)\b)|\bimprov\w* (?:on|over|upon)\b|\bwins?\b|\b(?:has|have|had|holds?|held|keeps?|kept)\s+(?:(?:the|an?)\s+)?(?:slight\s+|clear\s+|small\s+|narrow\s+|decisive\s+)?edge\b(?!\s+(?:of\b|in\s+the\s+(?:spectrum|distribution)|(?:at|near|around)\s+[~≈]?\d[\d.]*\s*(?:GeV|TeV|MeV)))|\bimprovements? in\b|\bgains? (?:in|over)\b|"
               r"\b(?:is|are|was|were|now|still|clearly|slightly|comfortably|already|stays?|remains?)\s+ahead of\b"
               r"(?!\s+(?:the\s+|our\s+|its\s+)?(?:schedule|time|deadline|workshop|talk|meeting|conference|review|release|"
               r"freeze|unblinding|collaboration meeting|run)\b)|"
               # "W1: EPiC-GAN ahead of EPiC-FM (0.61 vs 0.48)": a summary's note drops the verb; one name ahead of another
               # whose numbers follow in a bracket is a ranking all the same (not "ahead of Friday (3 March)", a date)
               r"(?<=[\w)] )(?<!\bwell )(?<!\bway )(?<!\bfar )ahead of(?=\s+(?-i:[A-Z])[\w.+-]*\s*\(\s*[-+−]?\.?\d[\d.]*\s*%?\s*(?:vs\.?|versus|against|[,;:)]))"),
    # ("we are now ahead of EPiC-FM (0.61 vs 0.48)": in front of the other in a ranking; not "ahead of the talk", a time;
    # not "the best AUC, 0.28, well ahead of ...", a ranking by an AUC below 0.5 that auc_below_half names)
    ("worse", r"\b(?:rejects?|rejecting|rejected|suppress(?:es|ed)?) (?:fewer|less|a smaller fraction)\b|{cut} less\b|\b(?:lets?|letting) (?:through|in|pass) (?:\d+(?:\.\d+)?\s?% )?more\b|\b(?:pass(?:es)?|accepts?|admits?) more "
              r"(?:of the )?(?:background|QCD|gluon|light|fake)|"
              r"\bless (?:accurate(?:ly)?|precise(?:ly)?|sensitive|efficient(?:ly)?|powerful|faithful(?:ly)?|realistic(?:ally)?)\b|\bweaker\b|\bworse\b|\bunderperform\w*|\binferior\b|\bloses to\b|\btrails?\b|\bfalls? short\b"),
    ("higher", r"\bwider\b|\bbroader\b|\bless sharply\b|\braises\b|\bincreases\b|\bboosts\b|\bhigher\b|\blarger\b|\bgreater\b|\bexceeds?\b|\bexceeding\b|\bsurpass(?:es|ed|ing)?\b(?=\s+[~≈]?[-+−]?\.?\d)|\bbigger\b|\bmore than\b|\babove\b(?!\s*[:.,;]|$)"),
    ("lower", r"\bnarrower\b|\bsharper\b|\bmore sharply\b|\blowers\b|\breduces\b|\bdecreases\b|\bcuts (?=(?:the|its|their) )|\blower\b(?![\s-]+thirds?\b)|\bsmaller\b|\bless than\b|\bfewer\b|\bbelow\b(?!\s*[:.,;]|$)"),
    ("similar", r"\bconsistent with\b|\bcompatible with\b|\bagrees? (?:well )?with\b|\bin agreement with\b|\bon par with\b|"
                r"\bsame as\b|\bcomparable (?:to|with)\b|\bindistinguishable from\b|\bclose to\b|\bmatch(?:es)?\b"),
]
# ("GFX LOWER THIRD: ...": a broadcast caption's name, "the lower third of the range": a part, neither a comparison)
# "reduce(s) the QCD background more (strongly) than": the background a tagger cuts, more or less of it than another's
CUTS_BACKGROUND = (r"\b(?:reduc|suppress|reject|remov|cut)\w* (?:the |its )?(?:QCD |light[- ]jet |gluon |fake |multijet )?"
                    r"(?:background|QCD|mistags?|fakes?)(?: jets| rate)?")
_RELATIONS = [(k, p.replace("{cut}", CUTS_BACKGROUND)) for k, p in _RELATIONS]
# "mistags 0.45% fewer QCD jets", "lets through fewer background jets": how many background jets pass, its mistag rate
BACKGROUND_PASSED_COMPARED = re.compile(r"\b(?:mistag(?:s|ged)?|keeps?|kept|lets?(?: through)?|pass(?:es)?|accepts?|admits?|fakes?)\s+"
                                        r"(?:(?:about|only|roughly|~)\s*)?(?:[\d.]+\s*%\s*)?(?:fewer|more|less)\s+(?:QCD|background|bkg|"
                                        r"light|gluon)\b", re.I)
RELATION_RE = named_alternation(_RELATIONS, re.I)

NUM = r"[-+−]?(?:(?<![\[(])0,\d+(?![\d,\])])|\d{1,3}(?:,\d{3}){1,7}(?!\d)|\d+(?:\.\d+)?|\.\d+)(?:[eE][-+−]?\d+)?"  # "0,91": a decimal comma
NUMBER_RE = re.compile(rf"(?<![\w.^/'’])(?P<num>{NUM})(?:\s*(?:×|x|\*)\s*10\^?\{{?(?P<exp>[-+−]?\d+)\}}?)?"
                       r"(?P<pct>\s*%)?(?!(?!σ)[\w'’]|\.\d)(?:\s*(?P<unit>σ|sigma\b|standard deviations?|standard errors?|s\.d\.|TeV\b|GeV\b|MeV\b))?",
                       re.I)
# (whitespace quantifiers possessive: adjacent optional parts over a long run of spaces would backtrack polynomially)
# "(bootstrap 68% interval 0.5696 - 0.5767)", "(Wilson 95% CI 0.61-0.64)": the method that gave an interval, named before it
INTERVAL_METHOD = r"(?:(?:bootstrap(?:ped)?|Wilson|Clopper[- ]Pearson|Jeffreys|Feldman[- ]Cousins|profile(?:[- ]likelihood)?|DeLong|toys?)\s++)"
UNC_AFTER = re.compile(rf"^\((?P<pd>\d{{1,4}})\)|"  # "0.566(8)": the error in the last digits
                       rf"^\s*+,?\s*+(?:\(\s*+)?(?:±|\+/-|\+-|\\pm)\s*+(?P<u>{NUM})(?P<pct>\s*+%)?|"  # "0.58, ± 0.004"
                       rf"^\s*+\(\s*+(?:std|stderr|sem|s\.e\.(?:m\.)?|s\.d\.|σ|sigma|standard (?:error|deviation)|unc\.?|"
                       rf"uncertainty|error)\s*+[:=]?\s*+(?P<u2>{NUM})(?P<pct2>\s*+%)?|"
                       rf"^\s*+,?\s*+\(?\s*+(?P<cl>\d\d(?:\.\d)?\s*+%\s*+)?(?:CI|C\.L\.|CL|interval|confidence interval)?\s*+[:=]?\s*+"
                       rf"\[\s*+(?P<lo>{NUM})\s*+[,–-]\s*+(?P<hi>{NUM})\s*+\]|"
                       rf"^\s*+,?\s*+\(?\s*+{INTERVAL_METHOD}?(?P<cl2>\d\d(?:\.\d)?\s*+%)\s*+(?:CI|C\.L\.|CL|confidence interval|interval)\s*+[:=]?\s*+"
                       rf"(?P<lo2>{NUM})\s*+(?:–|—|-|to|,)\s*+(?P<hi2>{NUM})|"  # ", 95% CI 0.9833–0.9849"
                       rf"^\s*+,?\s*+(?:with |and )?(?:an? |its )?(?:statistical |[\w]+-to-[\w]+ )?(?:standard error|standard deviation|"
                       rf"uncertainty|error|std|spread)(?: over (?:\w+ )?seeds)?\s*+(?:of|=|:)?\s*+±?\s*+(?P<u3>{NUM})"
                       rf"(?P<pct3>\s*+%)?", re.I)
SIZE_RE = re.compile(rf"(?<![\^\w.])(?<![A-Za-z]-)(?P<n>{NUM})(?P<mult>\s*[kKM]\b|\s*(?:×|x|\*)\s*10\^?\{{?\d+\}}?)?[\s-]*(?P<what>(?:(?:test|held[- ]out|validation|evaluation|"
                     r"independent|labell?ed|training|signal|background|generated|real|QCD|top|data|probe|control[- ]region|simulated|MC|jets?|events?|"
                     r"W|Z|H|Higgs|gluon|quark)[\s-]+){0,3}"
                     r"(?:jets|(?:b|c|bb|cc|light|udsg)-jets|events|samples|examples|questions|labels|split|(?:test|evaluation|validation) (?:set|sample)|(?<=jet[- ])set|(?<=event[- ])set|(?:test|training) "
                     r"(?:jets|events))\b)|\b(?:N|n|n[_ ]test|n[_ ]jets|n[_ ]events|n[_ ]test[_ ]jets)\s*=\s*(?P<n2>\d[\d,]*)|"
                     r"\btest(?:ing)? (?:set|sample) of (?P<n3>\d[\d,]*)(?P<mult3>\s*[kKM]\b)?|"
                     rf"(?P<n4>{NUM})(?P<mult4>\s*[kKM]\b)?(?:\s+(?:test|held[- ]out)(?=\s*(?:[.,;)/]|$))|(?=\s+per\s+class\b))", re.I)
# ("2,400 probe b-jets": a flavour's jets are jets; "250k per class": a count of each class, the jets unsaid; "on the
# same 1200 questions": the items a language model's benchmark accuracy is counted on)
# "25k + 25k jets", "5000 + 5000 test jets": signal and background of a test set
# "shuffled-label check (10k + 10k): AUC ...": a bracket holding only two counts, each in the hundreds or more, is the test set
BRACKETED_SUM = re.compile(r"\(\s*(?P<a>\d{3,}(?:,\d{3})*|\d+(?=\s*k\b))(?P<ak>\s*k\b)?\s*\+\s*(?P<b>\d{3,}(?:,\d{3})*|\d+(?=\s*k\b))"
                           r"(?P<bk>\s*k\b)?\s*\)", re.I)
# "judge classifier on 50k+50k:", "tested over 2000 + 2000.": two counts, each in the thousands or more, summed after the
# word that says what a score was measured on, ending the clause: the test set's two classes, the jets unsaid
BARE_SUM_ON = re.compile(r"\b(?:on|over|using)\s+(?P<a>\d{1,3}(?:,\d{3}){1,7}|\d{4,}|\d+(?=\s*k\b))(?P<ak>\s*k\b)?\s*\+\s*"
                         r"(?P<b>\d{1,3}(?:,\d{3}){1,7}|\d{4,}|\d+(?=\s*k\b))(?P<bk>\s*k\b)?(?=\s*(?:[:;,)]|\.(?!\d)|$))", re.I)
SUM_PAIR = re.compile(rf"(?<![\d.])(?P<a>{NUM})(?P<ak>\s*k\b)?\s*\+\s*(?P<b>{NUM})(?P<bk>\s*k\b)?\s+(?:test\s+|held[- ]out\s+)?(?:jets|events)\b", re.I)
# "test AUC (2500 q + 2500 g)", "(50k sig + 50k bkg)": two classes' counts in brackets, each named by a short word
BRACKET_PAIR = re.compile(r"\(\s*(?P<a>\d[\d,]*)(?P<ak>\s*k\b)?\s+(?P<ca>[A-Za-z][\w-]{0,12})\s*\+\s*(?P<b>\d[\d,]*)(?P<bk>\s*k\b)?\s+"
                          r"(?P<cb>[A-Za-z][\w-]{0,12})\s*\)")
# "(100 tops, 100 QCD)", "(3k quarks and 3k gluons)": the two classes' counts listed in brackets, each named by a class of jet
JET_CLASS = r"(?:tops?|QCD|quarks?|gluons?|[WZHqgb]|Higgs|signal|sig|background|bkg|light|dijets?)(?:[ -]jets?)?"
CLASS_LIST_PAIR = re.compile(rf"\(\s*(?P<a>\d[\d,]*)(?P<ak>\s*k\b)?\s+(?P<ca>{JET_CLASS})\s*(?:,|&|\band\b|/)\s*(?P<b>\d[\d,]*)"
                             rf"(?P<bk>\s*k\b)?\s+(?P<cb>{JET_CLASS})\s*\)", re.I)
# "the 2000 q + 2000 g subset", "a 5k top + 5k QCD test set": two classes' counts, each by its class, then the set they make
CLASS_SUM_SET = re.compile(rf"(?<![\d.])(?P<a>\d[\d,]*)(?P<ak>\s*k\b)?\s+(?P<ca>{JET_CLASS})\s*(?:\+|&)\s*(?P<b>\d[\d,]*)(?P<bk>\s*k\b)?\s+"
                           rf"(?P<cb>{JET_CLASS})\s+(?:(?:test|evaluation|eval|held[- ]out|validation)\s+)?(?:sub)?(?:set|sample|split)s?\b",
                           re.I)
# "Test set: 100,000 W + 200,000 QCD", "a test set of 50k QCD + 50k top": a test set's two classes, named after the label
# (or after a log's "test jets: 2000 quark + 2000 gluon", or "val 40000, test 2000 top + 2000 QCD": the split's bare name)
TEST_PAIR = re.compile(rf"\btest(?:[ _-]?(?:set|sample|split|jets|events)\s*(?:[:=]|\bof\b)|(?=\s+\d[\d,]*\s+[A-Za-z][\w-]*\s*\+\s*\d))\s*(?P<a>{NUM})(?P<ak>\s*k\b)?\s+(?P<ca>[\w()>'’-]+(?:\s+[\w()>'’-]+)?)\s*"
                       rf"(?:\+|and|&)\s*(?P<b>{NUM})(?P<bk>\s*k\b)?\s+(?P<cb>[\w-]+)", re.I)
# "the test set is still the small one, 500 top, 500 QCD": a test set named, then its two classes' counts listed with a
# comma, each named by a class of jet (the jets unsaid)
TEST_SET_CLASS_LIST = re.compile(rf"\btest(?:ing)?[ _-]?(?:set|sample|split)\b[^.;:!?\d]{{0,60}}?(?<![\d.])(?P<a>\d[\d,]*)(?P<ak>\s*k\b)?\s+"
                                 rf"(?P<ca>{JET_CLASS})\s*,\s*(?P<b>\d[\d,]*)(?P<bk>\s*k\b)?\s+(?P<cb>{JET_CLASS})\b", re.I)
# a count spelled in words before the jets or the class of jet it counts: "five hundred top", "twenty thousand jets"
SPELLED_COUNT = re.compile(rf"\b(?P<u>one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty)\s+(?P<s>hundred|thousand)"
                           rf"(?:\s+(?P<s2>thousand))?(?=\s+(?:{JET_CLASS}|jets|events)\b)", re.I)
# "100k/100k": signal and background of a test set; never a date's tail ("[05/12/2026, 22:42]": day/month/year)
# ("queued, job 48213/48214)": two batch jobs' ids, no counts)
SLASH_PAIR = re.compile(rf"(?<![\w./])(?<!job )(?<!jobs )(?<!pid )(?<!job ids )(?P<a>{NUM})(?P<ak>\s*k\b)?\s*/\s*(?P<b>{NUM})(?![,.]?\d)(?P<bk>\s*k\b)?(?=\s*[),;]|\s+(?:jets|events))", re.I)
# "500 quark and 500 gluon jets": the two classes of a test set ("200 H->bb / 200 QCD jets": a class named by its decay,
# the two counts set side by side with a slash)
CLASS_PAIR = re.compile(rf"(?<![\d.])(?P<a>{NUM})\s+(?P<ca>[\w-]+(?:(?:->|→)\w+)?)\s+(?:jets\s+|events\s+)?(?:and|\+|&|/)\s+(?P<b>{NUM})\s+"
                        r"(?P<cb>[\w-]+(?:(?:->|→)\w+)?)\s+(?:test\s+|held[- ]out\s+)?(?:jets|events)\b", re.I)
# ("10,000 top + 10,000 QCD test jets": the set named between the second class and its jets)
# "(400 signal vs 400 QCD jets)", "20k top versus 20k QCD events": two classes counted against each other, then 'jets'
CLASS_COUNTS_VS = re.compile(r"(?<![\d.])(?P<a>\d[\d,]*)(?P<ak>\s*k\b)?\s+(?P<ca>[A-Za-z][\w-]{0,12})\s+(?:vs\.?|versus)\s+"
                             r"(?P<b>\d[\d,]*)(?P<bk>\s*k\b)?\s+(?P<cb>[A-Za-z][\w-]{0,12})\s+(?:jets|events)\b", re.I)
# "tested on 4000 SR vs 4000 SB jets", "evaluated on 2k top vs 2k QCD": the two classes of the set a score was tested on
VS_PAIR = re.compile(rf"\b(?:test(?:ed)?|evaluated|scored|measured)\s+on\s+(?:the\s+|a\s+)?(?P<a>{NUM})(?P<ak>\s*k\b)?\s+(?P<ca>[A-Za-z][\w-]{{0,12}})"
                     rf"\s+(?:vs\.?|versus|against)\s+(?P<b>{NUM})(?P<bk>\s*k\b)?\s+(?P<cb>[A-Za-z][\w-]{{0,12}})", re.I)
SEEDS_RE = re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|single|a single)\s+(?:random |independent |"
                      r"training |different )?(?P<w>seeds?|runs|trainings|initiali[sz]ations|repetitions)\b|"
                      r"\b(?P<one>single|one|a single) (?:run|training|seed)\b", re.I)
WORDS = {"one": 1, "single": 1, "a single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10}
# "seq 7", "trial 12", "candidate #3": a name that is a word and an index, one name ("seq_7") so that seq 7 and seq 3 are
# told apart wherever names are compared
INDEXED_NAME = re.compile(r"\b(seq|trial|candidate|replica|shard)[ \t]*+#?[ \t]*+(\d{1,4})\b(?![.,]\d)", re.I)


def index_joined_to_name(text: str) -> str:
    return INDEXED_NAME.sub(r"\1_\2", text)


ORDINAL_BEFORE = re.compile(r"(?:\b(?:step|steps|attempt|figure|fig\.?|table|tab\.?|section|sec\.?|eq\.?|equation|line|issue|"
                            r"round|stage|item|seed|run|epoch|seq|trial|fold|replica|candidate|shard|layer|version|v|chapter|appendix|"
                            r"(?<!\bvs )(?<!\bvs\. )(?<!\bversus )(?<!\bagainst )ref\.?|page|pp\.?|event|turn|#)\s*|"
                            r"\b(?:tau|τ)_?|(?<![^\s(\[,;:])#)$", re.I)  # "#412" right after a space: an issue's or item's number
# ("385 vs ref 417": the number set against is the reference's value, where "as in ref 12" cites one)
THRESHOLD_BEFORE = re.compile(r"(?:[<>≤≥]=?|\b(?:above|below|over|under|exceeds?|at least|at most|cut(?: at| of)?|"
                              r"window|threshold(?: of)?|requir\w+|p_?T|pT|\|η\||η|eta|mjj|m_jj|R\s*=)\s*)$", re.I)
DIFF_BEFORE = re.compile(r"(?:\bby\b|\bcost(?:s|ing)?\b|\blos(?:es|ing)\b|\bgains\b|\badds\b|\b(?:by )?a factor(?: of)?\b|\bgain of\b|\bimprovement of\b|\bdifference of\b|\bdrop of\b|\bincrease of\b|"
                         r"\bdecrease of\b|\breduction of\b|\bsavings? of\b|\bdelta\b|Δ\s*(?:\w+\s*)?=?|\bmargin of\b|\bexcess of\b)\s*(?:about |roughly |~|≈|only |just |merely |"
                         r"less than |under |up to |at most )?$",
                         re.I)  # ("from 5,400 to 3,100 GPU-hours, a saving of 43%": the change, as "a drop of")
# "at 50% signal efficiency": a working point (a setting), and the name after it names that number
WORKING_POINT = re.compile(r"^\s*%?\s*(?:signal |background |tagging |sig\. |bkg\. |[\w-]{1,12} |[\w-]{1,5}(?:->|→)[\w-]{1,5} )?(?:efficiency|eff\b|mistag|"
                           r"TPR|FPR|ε|eps|false[- ]positive|true[- ]positive|working point|WP\b)", re.I)
WORKING_POINT_NAME = re.compile(rf"(?:\b(?:at|@|for)\s*(?:(?:the\s+)?same\s+|(?:a\s+)?fixed\s+)?{NUM}\s*%?\s*(?:signal |background |tagging |[\w-]{{1,12}} |"
                                rf"[\w-]{{1,5}}(?:->|→)[\w-]{{1,5}} )?)$|"
                                rf"\bat\s+(?:(?:the\s+)?same|(?:a\s+)?fixed|equal|matched)\s+(?:signal |background |tagging |[\w-]{{1,12}} )?$", re.I)
# "has 0.41 at the same rejection": the rejection is where both are taken, not what is compared
CHANGE_AFTER = re.compile(r"^\s*%?\s*(?:relative |absolute )?(?:reduction|increase|improvement|gain|drop|decrease|"
                          r"rise|loss in|degradation|better|worse|higher|lower|smaller|larger|narrower|wider|broader|sharper)\b|"
                          r"^\s*%?\s*(?:AUC|accuracy|rejection|efficiency|resolution|perplexity)\s+(?:gain|improvement|drop|increase|"
                          r"decrease|difference|change|shift|deficit)\b|"
                          # "AUC 0.27 under the sheet's convention", "0.31 under the old labelling": the reading it is taken
                          # under, no rival it is below
                          r"^\s*%?\s*(?:above|below|ahead of|behind|over|under)\s+(?!(?:the |a |an |this |that |its |their |our )?"
                          r"(?:[\w'’-]+\s+){0,2}(?:convention|conventions|definition|assumptions?|labell?ing|label convention)\b)"
                          r"(?!(?:the |a |an |all |its )?(?:[\d,.]+[- ]?[kKM]?"
                          r"[- ]?\w*\s+|(?:two|three|four|five|six|seven|eight|nine|ten|last|first) |full |whole |entire |same |"
                          r"\w+-entry |\w+-code )?(?:codebook|vocabulary|test|sample|data|"
                          r"range|bins?|jets|events|seeds|folds|runs|windows|epochs|batches|trials|toys|codes|entries|checkpoints|"
                          # "fell from 0.084 to 0.061 over training", "over the run": the span of time the change took
                          r"training|(?:the )?(?:run|course|period|years?|months?|weeks?|days?|steps?|iterations?))\b)"
                          r"(?:the |that of |those of )?[A-Za-z]", re.I)
# "AUC std: 0.003", "the accuracy varies by 0.002", "an uncertainty of 0.01": the spread of a result, not a result
UNC_BEFORE = re.compile(r"(?:\b(?:std|s\.?d\.?|stdev|stddev|sem|standard (?:deviation|error)|uncertaint(?:y|ies)|spread|scatter|"
                        r"variation|varies|vary|varied|fluctuat\w*|swings?|jitter|(?<!relative )(?<!reconstruction )(?<!median )(?<!mean )"
                        r"(?<!squared )(?<!pT )(?:statistical |systematic )?err(?:or)?s?(?! rate)|"
                        r"error bars?)\b)(?P<tail>(?:(?!\b(?:below|above|than|beyond|under|over|exceeds?|short of)\b)(?:[^.;:\d]|"
                        r"\d+(?=\s+(?:re-?samples?|resamplings?|bootstraps?|replicas?|seeds?|runs|trainings|toys|folds)\b))){0,25})[:=]?\s*"
                        r"(?:about |roughly |~|≈|only |just |±)?$", re.I)
# (a comparison word between: "a 1.9σ fluctuation, well below the 3σ": the number after it is the other side, no spread;
# "errors from 10 resamples ~0.1": the count of what the spread was taken over may stand between)
PAIRED = re.compile(r"\s*(?:[,)]\s*|[,)]?\s*(?:vs\.?|versus|against|compared (?:to|with)|and|or|to|→|->|/)\s*)"
                    r"(?:[(\w-]+\s+){0,4}(?:of|at|is|was|reaches|gives|with|:|=)?\s*", re.I)
PRECISION_BEFORE = re.compile(r"(?:\bknown to|\bto within|\bprecision of|\bresolved to|\bdetermined to)\s*(?:about |roughly |~|±)?$",
                              re.I)
OWNER_AFTER = re.compile(r".*?\b(?:for|of|by) (?:the |our |a )?(?P<who>[\w-]+)(?= (?:model|tagger|network|classifier|"
                         r"backbone|training|run|method|approach)\b)|"
                         r"^\s*(?:\)\s*)?(?:for|with) (?:the |our )?(?P<who2>[A-Za-z][\w-]+(?:['’]s)?(?: (?!and\b|but\b|of\b|on\b|in\b)"
                         r"[A-Za-z][\w-]+){0,2}?)(?=\s*(?:[,;)]|\s\((?!\d)|\.(?:\s|$)|$|\b(?:and|but|while|whereas|vs|of|on|in)\b))", re.I)
FACTOR_AFTER = re.compile(r"^\s*(?:×|x\b|times\b|-fold\b|fold\b)", re.I)
STOP = set("the a an and with for from than that this are was were has have had its their reaches reach gives give at in on "
            "of to is be by as vs versus against we while which whereas whilst it achieves achieved obtains obtained "
            "reached gets got yields yielded shows showed about around roughly only".split())

SIDE_GENERIC = {"therefore", "thus", "hence", "every", "all", "each", "metric", "metrics", "terms", "respect", "here", "too", "well", "again", "still", "overall", "now", "there", "both", "even", "than", "better", "worse", "model", "tagger", "classifier", "network", "result", "method", "approach",
                 "one", "jet", "sample", "score", "version", "variant", "run", "also", "clearly", "significantly"}


def stem(word: str) -> str:
    """"Fine-tuning", "finetuned", "fine-tuned" -> "finetun"; "ours", "our method" -> "ours"."""
    w = word.lower().replace("-", "").replace("_", "")
    if w in ("our", "ours", "proposed"):
        return "ours"
    return re.sub(r"(?:ing|ed|es|e|s)$", "", w) if len(w) > 4 else w


_UNIT = r"(?:%|GeV\b|TeV\b|MeV\b)?"
# "improves with K: pT resolution goes from about 4.8% at K=128 to 1.7% at K=2048": a rough number, and the setting it
# was taken at (as in brackets); a colon between the verb and what it says of the change
_ABOUT = r"(?:(?:about|approximately|roughly|around|~|≈)\s*)?(?:[A-Za-z][\w]{0,15}\s*(?:>=|≥|=)\s*)?"
# ("from AUC >= 0.983 to AUC >= 0.984", "from R30 = 1170 to R30 = 1205": each end written with its key)
FROM_TO = re.compile(rf"\b(?P<verb>increas|rise|rose|risen|grow|grew|climb|improv|decreas|drop|fall|fell|reduc|declin|(?:went|goes|go|gone|came|come)[ \t]+(?:down|up)\b|"
                     rf"degrad|worsen|rais|lower|cut|shrink|trim|boost|lift)\w*\s+(?:[\w%.,()$\\^{{}}=:-]+\s+){{0,12}}?[(\[]?from\s+{_ABOUT}(?P<a>{NUM})\s*{_UNIT}"
                     rf"(?:\s*(?:±|\+/-|\+-)\s*{NUM}\s*{_UNIT})?(?:\s*\((?:\d+\s+)?(?:[^()\d]{{1,30}}|v?\d+\.\d+\.\d+[\w.+-]{{0,10}}|v\d+(?:\.\d+)?|[A-Za-z][\w.+-]{{0,20}}|[A-Za-z][\w.]{{0,15}}\s*=\s*[\w.]{{1,12}})\)|"
                     rf"\s+at\s+[A-Za-z][\w.]{{0,15}}\s*=\s*[\w.]{{1,12}}|\s+(?:on|for|with)\s+`?[A-Za-z][\w.-]{{0,20}}`?)?\s+to\s+{_ABOUT}(?P<b>{NUM})", re.I)
# ("from 0.9841 on main to 0.9846": the first end with the branch or model it was measured on; "from 2.62% (3.1.4) to
# 2.10%", "from 0.91 (v2) to": with the release it was measured in)
# "rejection at 50% efficiency improved (397 -> 352, -11.3%)", "the mistag rate dropped: 0.021 → 0.017": the verb, then at
# once (in a bracket or after a colon) its two ends joined by an arrow, the old one first
VERB_THEN_ARROW = re.compile(rf"\b(?P<verb>increas|rise|rose|risen|grow|grew|climb|improv|decreas|drop|fall|fell|reduc|declin|degrad|worsen|"
                             rf"rais|lower|shrink|boost)\w*\s*[(:\[]\s*(?P<a>{NUM})\s*{_UNIT}\s*(?:->|→|=>|⟶)\s*(?P<b>{NUM})(?!\s*[-→>])", re.I)
# "from 0.712 (scratch) to", "from 2.1 +- 0.1 GeV (8 layers) to 1.2", "from 4.7% (L1) to 0.9% (L4)", "from 4.6% (K=256) to"
UP, DOWN, GOOD, BAD = ("increas", "rise", "rose", "risen", "grow", "grew", "climb", "rais", "boost", "lift"), \
    ("decreas", "drop", "fall", "fell", "reduc", "declin", "lower", "cut", "shrink", "trim"), ("improv",), \
    ("degrad", "worsen")

SUPERLATIVE = re.compile(r"\b(?:the )?(?P<w>best|highest|lowest|worst|largest|smallest|strongest|weakest)\b"
                         r"(?! (?:case|practice|fit|possible|known|of luck)\b)(?![ _](?:epoch|ckpt|checkpoint|step|iteration|iter|trial)s?\b)", re.I)
# "best_epoch 38", "best ckpt": the step a run kept (its own selection), no comparison with another thing
SUPER_RELATION: dict[str, str] = {"best": "better", "strongest": "better", "worst": "worse", "weakest": "worse",
                                       "highest": "higher", "largest": "higher", "lowest": "lower", "smallest": "lower"}

# how an error key names the way its error was estimated: "auc_err_hanley", "eff_unc_binomial", "auc_std_bootstrap"
# ("auc_err_hm": Hanley-McNeil's initials, the usual short name of the AUC's error)
ERROR_METHOD_SUFFIX = (r"[ _-](?:hanley(?:[ _-]?mc[ _-]?neil)?|hm|delong|bootstrap(?:ped)?|boot|binomial|poisson|wilson|clopper[ _-]?pearson|jackknife|"
                       r"stat|statistical|syst|systematic|total|tot)")
UNC_KEY = re.compile(rf"^(?!{OBSERVABLE_SPREAD}$)" r"(?!.*signif)(?!(?:local|global|obs|observed|expected|exp)[ _-]?sigma$)(?P<base>.*?)(?:[ _-]*(?:fold|seed|run|split|trial|replica)s?)?(?:[ _-]*(?:stat\.?|statistical|syst\.?|systematic|bootstrap|boot|total|tot))?[ _-]*(?:s\.e\.m\.?|s\.e\.|s\.d\.|std|sd|stdev|stddev|stderr|sem|se|err|error|unc|uncertainty|sigma)(?:[ _-]*(?:of[ _]mean)?)?"
                     r"(?:" + ERROR_METHOD_SUFFIX + r")?(?:\s*(?:\(|over[ _]|across[ _]|of[ _]|from[ _]|between[ _])[\w ().,-]*)?$", re.I)  # "std over folds", "std (5 runs)"
# ("auc_fold_std": the AUC's spread over its folds, its base the AUC)
# "(0.5 = indistinguishable)", "(one half means random)": a definition of the scale, not a claim about the result
# ("0.5 = cannot tell real from generated": a schema's description of the field, the whole text a definition)
DEFINITION = re.compile(r"\([^()]*?(?:\b0?\.5|\bone half|\b1/2|\bhalf)\s*(?:=|means|:|is|would be)\s*[^()]*\)|"
                        r"^\s*(?:0?\.50?|one half|1/2)\s*(?:=|means)\s+[^\n]*", re.I)


# "Train-accuracy", "train_acc", "Validation-accuracy", "val loss", "test accuracy": the split of the data a label names
DATA_SPLIT = re.compile(r"(?<![^\W_])(?:(?P<train>train(?:ing)?)|(?P<val>val(?:id(?:ation)?)?|dev)|(?P<test>test))(?![^\W_])", re.I)


def data_splits(label: str) -> frozenset[str]:
    """The splits of the data (train, val, test) a label names: a metric on the training jets and the same metric on
    held-out jets are two numbers (the network fits the jets it was trained on better)."""
    return frozenset(k for m in DATA_SPLIT.finditer(label[:300]) for k, x in m.groupdict().items() if x)


# "a clear gain", "a clear improvement over v1": a change called beyond the noise in a noun phrase, the mildest of the
# ways the 'significant' qualifier is said
CLEAR_GAIN = re.compile(r"\b(?:a|an)\s+(?:[\w-]+,?\s+)?clear\s+(?:gain|improvement|increase|advantage)\b", re.I)


def only_called_clear(text: str) -> bool:
    """The text's 'significant' is only 'a clear gain' (no 'significant', 'real', 'statistically ...' beside it): judged
    where an error shows its gap inside the noise, never borrowed onto another sentence's pair nor flagged for lack of one."""
    return bool(CLEAR_GAIN.search(text)) and not QUALIFIER_RE["significant"].search(CLEAR_GAIN.sub(" ", text))
