"""Readings fitted on blind batch b97 (reports written by people): each test gives a few lines in the layout of such a
report, in words of its own, and a near variant where the finding must not be made."""

from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def test_pronoun_subject_beats_the_named_other_with_the_lower_rejection() -> None:
    text = ("NOTES FROM THE TAGGING SESSION\n"
            "- GraphTop: on the common benchmark they report a background rejection at 50% signal efficiency of 410,\n"
            "  against 520 for ParticleNet on the same jets.\n"
            "  So it beats ParticleNet on rejection, and it is much smaller.\n")
    assert ("comparison_direction", 4) in _rules(text, "notes.txt")


def test_pronoun_subject_beats_the_named_other_with_the_higher_rejection() -> None:
    text = ("NOTES FROM THE TAGGING SESSION\n"
            "- GraphTop: on the common benchmark they report a background rejection at 50% signal efficiency of 610,\n"
            "  against 520 for ParticleNet on the same jets.\n"
            "  So it beats ParticleNet on rejection, and it is much smaller.\n")
    assert ("comparison_direction", 4) not in _rules(text, "notes.txt")


def test_fraction_kept_of_the_count_the_sentence_opens_on() -> None:
    text = ("# Chapter 6\n\n"
            "Of the 900 simulated signal events in the window, the cut keeps a fraction 0.412 +/- 0.003;\n"
            "the background kept is small by design.\n")
    assert ("uncertainty_vs_sample_size", 3) in _rules(text)


def test_fraction_kept_of_the_count_with_its_binomial_error() -> None:
    text = ("# Chapter 6\n\n"
            "Of the 900 simulated signal events in the window, the cut keeps a fraction 0.412 +/- 0.017;\n"
            "the background kept is small by design.\n")
    assert ("uncertainty_vs_sample_size", 3) not in _rules(text)


def test_a_real_discovery_at_three_sigma() -> None:
    text = ("<p>The scan picks out a bump at 2.9 TeV. Its local significance is 3.2 sigma, the largest of the 30 mass windows "
            "searched. This is a genuine discovery, and the film knows it.</p>\n")
    assert ("discovery_without_evidence", 1) in _rules(text, "review.html")


def test_not_a_real_discovery_at_three_sigma() -> None:
    text = ("<p>The scan picks out a bump at 2.9 TeV. Its local significance is 3.2 sigma, the largest of the 30 mass windows "
            "searched. This is not a genuine discovery, and the film knows it.</p>\n")
    assert not [f for f in _rules(text, "review.html") if f[0] == "discovery_without_evidence"]


def test_classifier_result_called_consistent_with_half_far_from_it() -> None:
    text = ("## Release go / no-go\n\n"
            "- Real-vs-generated classifier AUC on 80k real + 80k generated jets: 0.552 +/- 0.003\n"
            "- Generation speed: 30k jets/s.\n\n"
            "The classifier result is consistent with 0.5, so the generator passes the gate.\n")
    assert ("classifier_test_vs_null", 6) in _rules(text)


def test_classifier_result_called_consistent_with_half_near_it() -> None:
    text = ("## Release go / no-go\n\n"
            "- Real-vs-generated classifier AUC on 80k real + 80k generated jets: 0.503 +/- 0.003\n"
            "- Generation speed: 30k jets/s.\n\n"
            "The classifier result is consistent with 0.5, so the generator passes the gate.\n")
    assert not [f for f in _rules(text) if f[0] == "classifier_test_vs_null"]


def test_perfect_defined_after_a_list_item_label() -> None:
    text = ("Door 5   A perfect tagger has AUC 1. A coin has AUC 0.5. Our first b tagger\n"
            "         had 0.33 until the labels were swapped back.\n")
    assert not [f for f in _rules(text, "doors.txt") if f[0] == "absolute_words"]


def test_perfect_said_of_a_tagger_after_a_list_item_label() -> None:
    text = ("Door 5   Our b tagger is a perfect tagger, with AUC 0.83.\n")
    assert ("absolute_words", 1) in _rules(text, "doors.txt")


def test_perfect_glossed_in_a_where_clause() -> None:
    text = ("The new version is better again, lifting the accuracy (the usual score, where 1 is perfect)\n"
            "from 0.912 to 0.934 on 20,000 test jets.\n")
    assert not [f for f in _rules(text, "pitch.txt") if f[0] == "absolute_words"]


def test_perfect_said_of_the_version_beside_a_gloss_elsewhere() -> None:
    text = ("The new version is perfect, lifting the accuracy (the usual score) from 0.912 to 0.934 on 20,000 test jets.\n")
    assert [f for f in _rules(text, "pitch.txt") if f[0] == "absolute_words"]


def test_significant_named_on_the_line_of_the_word_past_a_latex_thin_space() -> None:
    text = ("\\section*{Foreword}\n"
            "Groups fine-tuned large models on a small\n"
            "labelled sample. With 2\\,\\% of the labels, the study of Lind and Berg\n"
            "(p.~12) finds a significant improvement from pre-training, the AUC\n"
            "rising from 0.8811 to 0.8843.\n")
    found = [f for f in _rules(text, "foreword.tex") if f[0] == "significance_unsupported"]
    assert ("significance_unsupported", 4) in found and ("significance_unsupported", 3) not in found


def test_significant_named_on_its_first_line_when_the_sentence_opens_it() -> None:
    text = ("\\section*{Foreword}\n"
            "Groups fine-tuned large models on a small labelled sample.\n"
            "With 2\\,\\% of the labels, the study of Lind and Berg\n"
            "(p.~12) finds a significant improvement from pre-training, the AUC\n"
            "rising from 0.8811 to 0.8843.\n")
    found = [f for f in _rules(text, "foreword.tex") if f[0] == "significance_unsupported"]
    assert ("significance_unsupported", 3) in found

