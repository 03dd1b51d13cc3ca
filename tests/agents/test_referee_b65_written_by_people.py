"""The referee's readings of documents people write (issue 23, session ref27b, blind round 24, b65): a transcribed lab
book, a committee's meeting record, a fellowship proposal, a student's LaTeX report, a video page, a development plan,
a wiki page. Each test a general reading, in words and numbers no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found
from tests.agents.referee_rules import lines_of as _of


def test_rows_of_a_listing_each_led_by_its_name_are_statements_of_their_own() -> None:
    # two indented rows "name   fields" one under the other: no sentence wraps from one into the next (the second
    # row's name is no word of the first row's last field)
    text = ("Thu: codebook check after 30 epochs\n"
            "    vq256-a   codes used 240 / 256   perplexity 301\n"
            "    vq512-b   codes used 470 / 512   perplexity 405\n")
    assert _of("impossible_value", text, "logbook.txt") == [2]
    assert not _of("impossible_value", text.replace("perplexity 301", "perplexity 199"), "logbook.txt")


def test_an_aligned_table_whose_cells_carry_a_unit_after_a_space_is_read() -> None:
    # "tokA   256   301   6.1 %   2.2 %": a percent set apart from its number splits no cell two spaces apart
    text = ("Final numbers for the group page:\n"
            "  tokeniser   K     perplexity   sigma_m/m   sigma_pT/pT\n"
            "  tokA        256   301          6.1 %       2.2 %\n"
            "  tokB        512   405          4.0 %       1.5 %\n")
    assert _of("impossible_value", text, "page.txt") == [3]


def test_a_width_subscripted_by_its_observable_over_that_observable_is_a_resolution() -> None:
    # a column "sigma_m/m" (or "σ_pT/pT"): the relative width of the residuals, so a 'lossless' beside it is wrong
    claims = referee("  model   sigma_m/m   sigma_pT/pT\n  tokB    4.0 %       1.5 %\n", name="t.txt").claims
    assert {v.quantity for c in claims for v in c.values if v.shown.endswith("%")} == {"resolution"}


def test_a_gain_said_to_be_smaller_is_set_against_another_gain_not_against_its_own_two_ends() -> None:
    # "the gain is smaller (0.9402 vs 0.9391)": the bracket gives the two results the gain lies between
    text = "With 5 % of the labels the gain is smaller (0.9402 vs 0.9391) than with 1 %, as one would expect.\n"
    assert not _of("comparison_direction", text, "minutes.md")


def test_a_significant_in_a_clause_before_another_clauses_wrong_comparison_is_judged_on_its_own_pair() -> None:
    # the comparison of the sentence (mistag 0.0061 vs 0.0054 called an improvement) is wrong on its own; the 'significant'
    # of the clause before it, given with no error, is still unsupported
    text = ("With 5 % of the labels the gain is smaller but significant (0.9402 vs 0.9391), and there fine-tuning also "
            "improves the mistag rate (0.0061 vs 0.0054 for scratch).\n")
    rules = {r for r, _ in found(text, "minutes.md")}
    assert rules == {"comparison_direction", "significance_unsupported"}


def test_a_comparison_in_a_clause_that_opens_a_later_line_is_named_on_that_line_alone() -> None:
    # "... significant (0.9402 vs 0.9391)," / "and there fine-tuning also improves the mistag rate (0.0061 vs 0.0054)": the
    # first line holds the other clause only; the wrong comparison, its word and its numbers stand on the second
    text = ("With 5 % of the labels the gain is smaller but significant (0.9402 vs 0.9391),\n"
            "and there fine-tuning also improves the mistag rate (0.0061 vs 0.0054 for scratch).\n")
    assert _of("comparison_direction", text, "minutes.md") == [2]
    assert _of("significance_unsupported", text, "minutes.md") == [1]


def test_a_verdict_drawn_from_the_sentences_own_number_is_set_against_the_value_just_before() -> None:
    # "... a resolution of 2.4 %. Ours reaches 3.0 %, so the new encoder improves the pT resolution": 3.0 % vs 2.4 %
    text = ("The baseline autoencoder reconstructs the jet pT with a resolution of 2.4 % on the test jets.\n"
            "Our new encoder reaches 3.0 %, so the new encoder improves the pT resolution at no extra cost.\n")
    assert _of("comparison_direction", text, "proposal.md") == [2]
    assert not _of("comparison_direction", text.replace("3.0 %", "2.0 %"), "proposal.md")


def test_latex_quotes_around_a_comparative_mention_the_word_without_claiming_it() -> None:
    # "not simply ``worse''": the word is quoted to be refused, as '"worse"' would be
    text = ("\\begin{tabular}{lccc}\n"
            "Selection & $\\varepsilon_S$ & $\\varepsilon_B$ & $1/\\varepsilon_B$ \\\\\n"
            "Cuts on mass & $0.60 \\pm 0.01$ & $0.050 \\pm 0.004$ & 20 \\\\\n"
            "BDT, cut 0.5 & $0.70 \\pm 0.01$ & $0.100 \\pm 0.005$ & 10 \\\\\n"
            "\\end{tabular}\n\n"
            "The BDT keeps more signal but lets through twice as much background. The two selections\n"
            "therefore sit at different points, and the cuts are not simply ``worse''.\n")
    assert not _of("comparison_direction", text, "report.tex")


def test_a_pair_of_class_counts_said_to_be_for_training_is_not_the_test_set() -> None:
    # "20000 top and 40000 QCD jets for training and a test set of 2000 top and 4000 QCD jets": the efficiency's binomial
    # error is that of the 2000 top test jets (0.010), not of the training jets
    text = ("We used 20000 top and 40000 QCD jets for training and kept a test set of 2000 top and 4000 QCD jets.\n"
            "The signal efficiency of the cut is 0.70 ± 0.002.\n")
    assert _of("uncertainty_vs_sample_size", text, "report.txt") == [2]


def test_what_a_new_particle_would_look_like_claims_no_new_particle() -> None:
    text = ("A model-agnostic search does not start from a guess of what the new particle looks like.\n"
            "It compares a window of the dijet mass with its sidebands.\n")
    assert not _of("discovery_without_evidence", text, "video.txt")


def test_a_sentence_opening_after_an_item_title_in_bold_is_named_where_its_word_stands() -> None:
    # "2. **Codebook rework -- finished.** Once I moved to" / "... practically lossless:": the title's sentence ends in
    # the bold, so the next sentence opens late on the line and is named on the line of its word alone
    text = ("2. **Codebook rework -- finished.** Once I moved to\n"
            "   a two-stage residual codebook, the tokeniser became practically lossless:\n"
            "   on the 50k test jets the jet-mass resolution is 1.8 % and the pT resolution 0.9 %.\n")
    assert _of("absolute_words", text, "plan.md") == [2]


def test_significant_at_a_sigma_level_after_the_trials_correction_is_read_against_the_global_p_value() -> None:
    # "p global ≈ 0.04, i.e. 1.75σ": a global p-value written with '≈'; "significant at the 2-sigma level" asks for >= 2σ
    text = ("Scan over 30 mass windows. Largest excess in window 12: local significance 3.2σ.\n"
            "Global, trials factor 30: p global ≈ 0.04, i.e. 1.75σ. Nothing to report.\n")
    q = "after the trials correction for the 30 windows, is the excess in window 12 significant at the 2-sigma level?"
    assert answer(q, referee(text, name="page.html"), text).startswith("No:")
