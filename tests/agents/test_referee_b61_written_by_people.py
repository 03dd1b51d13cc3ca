"""The referee's readings of documents people write (issue 23, session ref26b, blind round 23, b61): a blog's table
and prose, a comment export, a quiz file, a grant's LaTeX table, an allocation form, a forum thread, subtitles, a cover
letter, a CV, an analysis note. Each test a general reading, in words and numbers no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found
from tests.agents.referee_rules import lines_of as _of


def test_a_change_said_of_the_sentence_subject_has_its_ends_in_the_table_row_of_that_name() -> None:
    # "the energy-flow distance ... it fell by 55% compared with FlowNet": the row named so above holds its two ends
    table = ("| metric            | FlowNet | JetDiff |\n"
             "|-------------------|---------|---------|\n"
             "| W1 energy flow    | 0.64    | 0.40    |\n"
             "| W1 mass           | 0.91    | 0.87    |\n"
             "\n")
    text = table + "The energy-flow distance is what we tuned for, and it fell by 55% compared with FlowNet.\n"
    assert _of("inconsistent_numbers", text, "post.md") == [6]
    right = text.replace("55%", "38%")  # (0.64 - 0.40) / 0.64 = 37.5%
    assert not _of("inconsistent_numbers", right, "post.md")


def test_a_test_said_with_a_pronoun_is_of_the_model_its_setup_sentence_names() -> None:
    # "I trained a net to tell real jets from GlowJet jets. It gets 0.69 ... BaseGAN gets 0.75": the verdict naming
    # GlowJet speaks of the first test, and is named on the line its word stands on
    text = ("The honest check is a classifier test: I trained a small network to tell real jets from GlowJet jets.\n"
            "It gets an AUC of 0.69 ± 0.01. BaseGAN gets 0.75 ± 0.01 on the same test.\n"
            "\n"
            "That is close enough to a coin flip for me to say that, by any classifier I could train, the\n"
            "GlowJet jets are indistinguishable from the real ones.\n")
    assert _of("classifier_test_vs_null", text, "post.md") == [2, 5]


def test_the_quoted_text_of_a_review_comment_export_is_the_draft_read() -> None:
    # Word's "List of Markup": each comment quotes the draft's words after "Text:", the draft under review
    text = ("Document: thesis_ch3.docx            Reviewer: A. Reviewer\n\n"
            "Page 2: Commented [AB1]     A. Reviewer     02/02/2025 10:00:00\n"
            '    Text: "The tokeniser uses a codebook of K = 512 entries."\n'
            "    Fine.\n"
            "Page 3: Commented [AB2]     A. Reviewer     02/02/2025 10:05:00\n"
            '    Text: "On the test jets the codebook perplexity is 640, so the codes are well used."\n'
            "    Nice result.\n")
    assert _of("impossible_value", text, "markup.txt") == [7]


def test_a_quiz_wrong_answer_and_a_statement_keyed_false_are_no_claims() -> None:
    # GIFT: '~' marks a wrong answer, {FALSE} a statement the key rejects; '=' and the feedback after '#' are the author's
    text = ("::Q1 tokens::A tokeniser has K \\= 256 codes and a pT resolution of 9% after decoding. Which is right? {\n"
            "\t=It loses information: 9% resolution is no exact copy.#Right.\n"
            "\t~The tokenisation is lossless because each particle is decoded.#No: 9% is lost.\n"
            "}\n"
            "\n"
            "::Q2 gain::Model B has a significantly higher AUC than A: 0.918 ± 0.004 vs 0.912 ± 0.004. {FALSE#Check"
            " the errors.#Right.}\n")
    assert not found(text, "quiz.txt")
    kept = text.replace("\t~The tokenisation", "\t=The tokenisation").replace("{FALSE#", "{TRUE#")
    assert {r for r, _ in found(kept, "quiz.txt")} == {"absolute_words", "significance_unsupported"}
    # the premise before the statement keyed false is the question's given fact, read as such
    premise = text + ("\n::Q3 cut::The signal efficiency is 0.300 ± 0.0005 on a 1,000-jet test sample. True or false: a looser"
                      " cut lowers it. {FALSE#A looser cut keeps more.}\n")
    assert _of("uncertainty_vs_sample_size", premise, "quiz.txt") == [8]


def test_a_latex_table_caption_names_the_quantity_of_its_unnamed_columns() -> None:
    # "\caption{Test accuracy ...}" over columns "baseline & augmented & gain": the cells are accuracies; a 'significant
    # gain' of one row's difference is judged by that row's errors
    text = ("\\begin{table}\n"
            "\\caption{Test accuracy for each amount of pile-up.}\n"
            "\\begin{tabular}{lccc}\n"
            "pile-up & baseline & augmented & gain \\\\\n"
            "40 & $0.871 \\pm 0.006$ & $0.879 \\pm 0.005$ & $+0.008$ \\\\\n"
            "80 & $0.842 \\pm 0.006$ & $0.866 \\pm 0.005$ & $+0.024$ \\\\\n"
            "\\end{tabular}\n"
            "\\end{table}\n"
            "\n"
            "At the lower pile-up the augmentation still brings a statistically significant gain of 0.008.\n")
    assert _of("significance_unsupported", text, "note.tex") == [10]
    assert not _of("significance_unsupported", text.replace("0.008.", "0.024.").replace("lower pile-up", "higher pile-up"),
                   "note.tex")


def test_the_number_set_against_the_one_before_an_aside_bracket_is_of_its_quantity() -> None:
    # "a mistag of 1.6e-3 (a rejection of about 620), against 1.2e-3 for B (about 830)"; then "than the reference"
    text = ("At 40% signal efficiency the mistag rate of NewTag is 1.6 x 10^-3 (a background rejection of about 620),\n"
            "against 1.2 x 10^-3 for OldTag (about 830). NewTag therefore keeps fewer QCD jets than the reference.\n")
    assert _of("comparison_direction", text, "form.txt")
    q = "At 40% signal efficiency, does NewTag have a lower mistag rate than OldTag?"
    assert answer(q, referee(text, name="form.txt"), text).startswith("No")


def test_a_local_p_of_is_a_p_value() -> None:
    # "a local p of 1.0e-3 is about 4.2 sigma": p = 1.0e-3 is 3.1 sigma one-sided
    text = "The best window has a local p of 1.0e-3, which is roughly 4.2 sigma.\n"
    assert _of("inconsistent_numbers", text, "thread.txt") == [1]
    assert not _of("inconsistent_numbers", text.replace("4.2", "3.1"), "thread.txt")
    # a local p beside a global significance: two scopes, two numbers
    scoped = "With a local p of 2.0e-5 over 40 windows the global p is about 8e-4, i.e. 3.2 sigma global.\n"
    assert not _of("inconsistent_numbers", scoped, "thread.txt")


def test_a_finding_on_a_wrapped_sentence_is_named_on_the_line_of_its_word() -> None:
    # the sentence starts at the end of one line; its "new particle" stands on the next
    text = ("The scan covered 20 mass windows; the best has 3.1 sigma local and 2.2 sigma global after the trials correction.\n"
            "Where I work a p of 0.01 gets you a talk and 3 sigma gets you a press release. A 3.1 sigma\n"
            "excess is a new particle by any fair standard.\n")
    assert _of("discovery_without_evidence", text, "thread.txt") == [3]


def test_subtitle_cues_and_a_side_named_again_after_a_change() -> None:
    # an .srt: the cue numbers and times are no numbers of the talk; "A drops to 0.81" and "And C? 0.43" are the same
    # taggers' AUCs on the other sample, not conflicts with the first ones
    text = ("1\n00:00:01,000 --> 00:00:05,000\nOn the nominal sample, TagA 0.912,\nTagB 0.905, and the cut-based C 0.861 in AUC.\n\n"
            "2\n00:00:05,500 --> 00:00:09,000\nNow the shifted sample. TagA drops to 0.812,\nand TagB goes to 0.797.\n\n"
            "3\n00:00:09,500 --> 00:00:13,000\nAnd the cut-based C?\n0.43 on the shifted sample.\n\n")
    assert found(text, "talk.srt") == [("auc_below_half", 14)]


def test_a_share_of_the_background_let_through_is_a_mistag_rate() -> None:
    # "my tagger let through 3.1% of the background jets, compared with 2.6% for the old one: a clear reduction in the
    # background"
    text = ("At 50% signal efficiency my tagger let through 3.1% of the background jets, compared with 2.6% for the old\n"
            "tagger: a clear reduction in the background for the analysis.\n")
    assert _of("comparison_direction", text, "letter.txt")
    assert not _of("comparison_direction", text.replace("3.1%", "2.1%"), "letter.txt")


def test_not_significantly_better_denies_the_size_not_the_direction() -> None:
    text = "Pre-training does not significantly outperform random initialisation (AUC 0.933 ± 0.004 vs 0.930 ± 0.005).\n"
    assert not _of("comparison_direction", text, "cv.md")
    assert _of("comparison_direction", text.replace("does not significantly outperform", "does not outperform"), "cv.md")


def test_a_significant_excess_of_counts_is_judged_by_the_row_that_gives_them() -> None:
    # "an excess of 40 events" and the table row "expected 510 ± 15, observed 550": 40 / sqrt(510 + 15^2) = 1.5 sigma
    text = ("window & expected & observed \\\\\n"
            "1.8--2.2 & $930 \\pm 25$ & 921 \\\\\n"
            "2.2--2.6 & $510 \\pm 15$ & 550 \\\\\n"
            "\n"
            "The 2.2--2.6 TeV window shows a significant excess of 40 events over the background estimate.\n")
    assert _of("significance_unsupported", text, "an.tex") == [5]
    big = text.replace("550", "650").replace("excess of 40", "excess of 140")
    assert not _of("significance_unsupported", big, "an.tex")
