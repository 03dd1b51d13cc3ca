"""Readings fitted on blind batch b105 (documents written by people: a thesis chapter, a wiki page in Textile, a diary, a
talk transcript, a reporting form): each with a near variant where the finding must not (or must) appear."""

from agents.referee.referee import answer, referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def _of(rule: str, text: str, name: str = "report.md") -> list[int]:
    return [line for r, line in _rules(text, name) if r == rule]


# a question naming the jets at length between "tell" and "apart"
GEN_TEST = """We compare 20 000 generated with 20 000 real jets.
The generated-vs-real classifier gives AUC = 0.571 ± 0.003.
Since this is close to 0.5, the generated jets are indistinguishable from the real ones.
"""


def test_long_name_between_tell_and_apart_is_a_distinguish_question():
    q = "Going by the report's own numbers, can a classifier tell the score-based flow model's sampled W jets apart from the real ones?"
    assert answer(q, referee(GEN_TEST), GEN_TEST).startswith("Yes")


# "neither model reproduces the real jets perfectly": the subject denied, and what its verb says of it
NEITHER = """Both models give W1 distances above the truth-vs-truth floor of 0.3, so neither model reproduces the
real jets perfectly in these observables.
The mass resolution is 6% for both models.
"""


def test_neither_subject_denies_perfect():
    assert not _of("absolute_words", NEITHER)


def test_perfect_without_neither_still_found():
    assert _of("absolute_words", NEITHER.replace("so neither model reproduces", "so the new model reproduces"))


# a verdict for one model that sets the other model against it: "whereas Other-GAN clearly does not"
CONTRAST = """Classifier test for Snow-Flow: AUC = 0.562 ± 0.004 on 10k + 10k jets.
For Other-GAN the same classifier gives AUC = 0.693 ± 0.004.
Since the AUC is close to 0.5, the classifier cannot distinguish the generated jets from the real ones, and Snow-Flow
passes the test, whereas Other-GAN clearly does not.
"""


def test_model_denied_in_a_whereas_clause_is_not_called_indistinguishable():
    assert 2 not in _of("classifier_test_vs_null", CONTRAST)
    assert 1 in _of("classifier_test_vs_null", CONTRAST)


def test_model_not_set_apart_is_still_judged():
    text = CONTRAST.replace(", whereas Other-GAN clearly does not", " and so does Other-GAN")
    assert 2 in _of("classifier_test_vs_null", text)


# a Textile table (Redmine): header cells marked "|_."
TEXTILE = """h2. Results

|_. Model |_. W1M (×10^-3^) |_. Classifier AUC |_. Verdict |
| gen-a | 0.66 ± 0.05 | 0.609 ± 0.004 | separable |
| gen-b | 0.48 ± 0.05 | 0.547 ± 0.004 | indistinguishable |

bq. gen-b passes the classifier test: its AUC of 0.547 is close to 0.5, so the classifier cannot tell its jets from the real ones.

* gen-b reduces W1M by 45% with respect to gen-a (0.48 vs 0.66).
"""


def test_textile_header_names_the_columns():
    assert _of("classifier_test_vs_null", TEXTILE, "page.textile")
    assert _of("inconsistent_numbers", TEXTILE, "page.textile")


def test_textile_right_percentage_not_flagged():
    assert not _of("inconsistent_numbers", TEXTILE.replace("45%", "27%"), "page.textile")


# an outliner's notes: "name, seed 0: AUC ..." names its run before the seed
SEEDS = """- baseline, 3 seeds: AUC 0.8811, 0.8840, 0.8862
- pretrained, seed 0: AUC 0.8930
"""


def test_name_before_seed_index_is_the_runs_name():
    assert not _of("inconsistent_numbers", SEEDS)


# a gain called "real" in a conclusion, its ends given bare further up, on a small test set
REAL_GAIN = """- test set: fixed 1,500 top + 1,500 QCD jets
- labelled training set: 1,000 jets
- baseline from scratch, same 1,000 jets, same schedule
- scratch: AUC 0.8803
- fine-tuned: AUC 0.8851
- 10% labels: scratch 0.9101, fine-tuned 0.9122
- 100% labels: no difference
- plots: log scale on the x axis
- Conclusion: fine-tuning gives a real gain (+0.0048 AUC) at 1% labels.
"""


def test_real_gain_from_bare_ends_is_judged():
    assert 9 in _of("significance_unsupported", REAL_GAIN)


def test_real_gain_on_a_big_test_set_stands():
    text = REAL_GAIN.replace("1,500 top + 1,500 QCD", "400,000 top + 400,000 QCD").replace("+0.0048", "+0.0148").replace(
        "0.8851", "0.8951")
    assert 9 not in _of("significance_unsupported", text)


def test_job_ids_are_no_test_set():
    text = REAL_GAIN + "- run the other seeds (queued, job 51120/51121)\n"
    assert 9 in _of("significance_unsupported", text)


# a count of codes in use above the codebook's size
CODES = """Config: codebook size K = 256, code dim 8.
Code usage on the test jets: all 271 codes are used at least once.
"""


def test_more_codes_used_than_the_codebook_has():
    assert _of("impossible_value", CODES) == [2]


def test_codes_used_within_the_codebook():
    assert not _of("impossible_value", CODES.replace("271", "249"))


# a background rejection with an error far below the binomial error of the few background jets that pass
REJECTION = """The test set has 40,000 signal and 40,000 background jets. The background rejection 1/ε_B at ε_S = 30% is
1/ε_B = 2,000 ± 15 for the new tagger, measured on the 40,000 background test jets.
"""


def test_rejection_error_beside_no_count_is_left():
    text = REJECTION.replace(", measured on the 40,000 background test jets", "")
    assert not _of("uncertainty_vs_sample_size", text)


def test_rejection_error_below_passing_count():
    assert _of("uncertainty_vs_sample_size", REJECTION)


def test_rejection_error_at_passing_count():
    assert not _of("uncertainty_vs_sample_size", REJECTION.replace("± 15", "± 450"))


# a talk: "the AUCs are in the legend" then the list of numbers; a comparison of background cut, AUCs conceded
TALK = """We test on 5,000 W jets and 5,000 QCD jets. So here are the ROC curves, and the AUCs are in the legend. BDT 0.82, image CNN 0.86, and the transformer 0.21.
The working point we use is 50% W efficiency. There the BDT lets through 3.5% of QCD jets and the image CNN lets through 4.4%. So the image CNN cuts the QCD background harder than the BDT does, even though the AUCs are close.
"""


def test_numbers_listed_after_the_aucs_are_named_are_aucs():
    assert _of("auc_below_half", TALK) == [1]


CONCEDED = """We test on 5,000 W jets and 5,000 QCD jets. The BDT reaches AUC 0.82 and the CNN AUC 0.86.
At 50% W efficiency the BDT lets through 3.5% of QCD jets and the CNN lets through 4.4% of QCD jets. So the CNN cuts the QCD background harder than the BDT does, even though the AUCs are close.
"""


def test_background_cut_compared_on_mistag_not_on_conceded_aucs():
    f = [f for f in referee(CONCEDED).findings if f.rule == "comparison_direction"]
    assert f and "fake_rate" in f[0].message


def test_second_share_let_through_is_of_the_same_background():
    f = [f for f in referee(TALK).findings if f.rule == "comparison_direction"]
    assert f and "fake_rate" in f[0].message


def test_background_cut_that_holds_is_not_flagged():
    assert not _of("comparison_direction", TALK.replace("lets through 4.4%", "lets through 2.9%"))
