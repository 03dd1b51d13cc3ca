"""The referee's readings of tool outputs and documents people write (issue 23, session ref23ah, blind round 20, b50):
each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found as _rules
from tests.agents.referee_rules import lines_of as _of


def test_a_step_printed_on_the_line_above_is_the_condition_of_the_record_below() -> None:
    # a console prints "Epoch 3/20" alone and the epoch's losses on the next line: two epochs, two accuracies, no clash
    text = ("Epoch 3/20\n"
            "400/400 - 9s - loss: 0.412 - acc: 0.811 - val_loss: 0.398 - val_acc: 0.820\n"
            "Epoch 4/20\n"
            "400/400 - 9s - loss: 0.377 - acc: 0.834 - val_loss: 0.371 - val_acc: 0.838\n")
    assert not _of("inconsistent_numbers", text, "train.log")
    steps = text.replace("Epoch 3/20", "Step 300:").replace("Epoch 4/20", "Step 400:")
    assert not _of("inconsistent_numbers", steps, "train.log")


def test_a_superlative_right_after_versus_names_the_other_side() -> None:
    # "GNN vs best single variable (tau32, 0.801)": the best of the single variables is what the GNN is set against; the
    # GNN claims to be best of nothing, so the training AUC printed above is no rival of its test AUC
    text = ("[gnn_tag] test AUC = 0.8790 +- 0.0020   (20000 s / 20000 b)\n"
            "[40]\ttrain-logloss:0.3\ttrain-auc:0.90100\teval-logloss:0.31\teval-auc:0.87850\n"
            "[gnn_tag] GNN vs best single variable (tau32, 0.801): +0.078 AUC\n")
    assert not _rules(text, "eval.log")
    against = text.replace("vs best", "against the best")
    assert not _rules(against, "eval.log")


def test_a_summary_line_opened_by_a_quantity_key_is_a_record_of_its_own() -> None:
    # "val loss: ..." and "test AUC: ..." each open their own line; the AUC line's 'significant' is judged by the errors of
    # the table above, not lost in a sentence joined to the loss line
    text = ("== summary ==\n"
            "model          test_acc          test_AUC\n"
            "pretrained     0.771 +- 0.019    0.861 +- 0.016\n"
            "random init    0.764 +- 0.019    0.858 +- 0.016\n"
            "codebook usage 611 of 1024 entries, fine\n"
            "val loss: pretrained 0.411 < random init 0.452 (lower is better) -> the backbone helps the fit\n"
            "test AUC: pretrained exceeds random init by 0.003 on the 400-jet test set -> a significant gain\n"
            "wall time: 95.0 s\n")
    assert _of("significance_unsupported", text, "run.log") == [7]
    # a sentence that stops on "not" goes on at a key of words: "is not" over "fully lossless: ..." is one sentence
    prose = ("The tokenizer in this release is not\n"
             "fully lossless: decoded jets keep the jet mass to a 3.9% resolution and the pT to 1.1%.\n")
    assert not _of("absolute_words", prose, "notes.txt")


def test_a_row_name_as_wide_as_its_column_still_heads_its_row() -> None:
    # "student (distilled) 0.884 +- 0.011": the name fills its column, one space from the first value: still a row
    text = ("summary of 2 runs\n"
            "variant              val_acc           val_AUC\n"
            "student (distilled) 0.884 +- 0.011    0.941 +- 0.009\n"
            "teacher              0.880 +- 0.011    0.937 +- 0.010\n"
            "val AUC: the student beats the teacher by 0.004, a significant improvement\n")
    assert _of("significance_unsupported", text, "run.log") == [5]
    wide = text.replace("student (distilled) 0.884", "student (distilled)  0.884")
    assert _of("significance_unsupported", wide, "run.log") == [5]


def test_the_mean_of_a_few_runs_and_its_error_are_over_the_runs() -> None:
    # a statistics window's "N  Mean  StDev  SE Mean": N = 4 trainings on one test set; their spread leaves out the test
    # set's own error by construction, so it may be far smaller than Hanley-McNeil for the test set
    text = ("test set: 5000 signal and 5000 background jets\n"
            "Descriptive Statistics\n"
            "Sample    N      Mean     StDev   SE Mean\n"
            "AUC_A     4  0.951200  0.000410  0.000205\n"
            "AUC_B     4  0.949800  0.000380  0.000190\n")
    assert not _of("uncertainty_vs_sample_size", text, "session.txt")
    spelled = text.replace("StDev   SE Mean", "Std. Deviation   Std. Error Mean")
    assert not _of("uncertainty_vs_sample_size", spelled, "session.txt")
    # one evaluation with a quoted error of its own is still held to its test set
    one = "test set: 5000 signal and 5000 background jets\nAUC_A = 0.9512 +- 0.0002 (one training)\n"
    assert _of("uncertainty_vs_sample_size", one, "session.txt") == [2]


def test_a_line_that_counts_both_classes_is_not_bounded_by_a_smaller_count_elsewhere() -> None:
    # "(40000 / 40000)" on the line: its AUC's set holds 80000 jets, more than the 40000 stated as one sample above
    text = ("[gen] real test 40000 jets; generated 40000 jets per model\n"
            "[gen] real vs model-B   AUC = 0.812 +- 0.0009   (40000 / 40000)\n")
    assert not _of("uncertainty_vs_sample_size", text, "job.txt")
    small = text.replace("0.0009", "0.0004")  # half of Hanley-McNeil for 40000 + 40000 is 0.00076
    assert _of("uncertainty_vs_sample_size", small, "job.txt") == [2]


def test_lossless_backed_by_its_own_count_of_no_differences() -> None:
    # the id round trip is checked on its own line (no mismatch); the pT width printed by another check is of another thing
    text = ("test_ids: ids -> text -> ids is lossless ... [ids] 50000 ids re-read, 0 mismatches\n"
            "ok\n"
            "test_recon: constituents -> ids -> constituents\n"
            "ok\n"
            "test_mass: (printed at the end)\n"
            "ok\n"
            "test_width: [recon] mean |d_pt|/pt = 0.027\n")
    assert not _of("absolute_words", text, "tests.txt")
    some = text.replace("0 mismatches", "3 mismatches")
    assert _of("absolute_words", some, "tests.txt") == [1]


def test_a_significance_a_condition_asks_to_reach_is_a_bar() -> None:
    # "only if the global significance reaches 5σ": the rule's bar, no global result above the local one of an example
    text = ("The trials factor is 9, so a local 3.5σ (p = 2.3 × 10⁻⁴) becomes p = 2.1 × 10⁻³, i.e. 2.9σ global.\n"
            "We will announce a discovery only if the global significance reaches 5σ.\n")
    assert not _of("inconsistent_numbers", text, "plan.md")
    once = text.replace("only if the global significance reaches", "once the global significance reached")
    assert not _of("inconsistent_numbers", once, "plan.md")


def test_an_error_worked_out_from_a_formula_is_no_change() -> None:
    # "its error is √(p(1-p)/n) = 0.05 percentage points": an error, not a change between the numbers of the formula
    text = ("- Cut: keep the top 2% of events. The 2% efficiency is fixed on 8.0 × 10⁴ SB events,\n"
            "  so its binomial error is √(0.02 × 0.98 / 8×10⁴) = 0.05 percentage points.\n")
    assert not _of("inconsistent_numbers", text, "plan.md")
    change = "The mistag moves from 2.0% to 2.3%, a change of 0.5 percentage points.\n"
    assert _of("inconsistent_numbers", change, "plan.md") == [1]


def test_columns_at_two_working_points_are_not_one_point_stated_twice() -> None:
    # "1/ε_B at ε_S = 0.3" beside "mistag at ε_S = 0.5": 1/800 is no contradiction of 1.1%
    text = ("| team | 1/ε_B at ε_S = 0.3 | mistag at ε_S = 0.5 |\n"
            "|---|---|---|\n"
            "| A | 800 ± 90 | 1.1% |\n"
            "| B | 650 ± 70 | 1.5% |\n")
    assert not _of("inconsistent_numbers", text, "board.md")
    one = text.replace("ε_S = 0.3", "ε_S = 0.5")
    assert _of("inconsistent_numbers", one, "board.md") == [3, 4]


def test_perfect_while_its_own_sentence_gives_a_share_that_misses() -> None:
    # "perfect" with 95.1% of the jets inside the tolerance: one jet in twenty is not
    text = "The decoder round trip is perfect, with 95.1% of jets reconstructed within 2% of their pT.\n"
    assert _of("absolute_words", text, "adr.md") == [1]
    off = "The decoder round trip is perfect, with 4.9% of the jets off by more than 2% in pT.\n"
    assert _of("absolute_words", off, "adr.md") == [1]
    every = "The decoder round trip is perfect, with 100% of jets reconstructed within 2% of their pT.\n"
    assert not _of("absolute_words", every, "adr.md")


def test_a_word_quoted_from_another_paper_and_then_denied_is_not_the_reports() -> None:
    # the paper "calls" its matching "perfect"; two sentences on, the report says it is "fair, not perfect"
    text = ("Ref. [2] calls the jet matching \"perfect\", citing 93.0% of jets matched within ΔR < 0.1.\n"
            "The other 7.0% sit in the tail that matters for the tagger.\n"
            "The matching is fair, not perfect.\n")
    assert not _of("absolute_words", text, "comment.txt")
    kept = text.replace("The matching is fair, not perfect.", "We agree with that wording.")
    assert _of("absolute_words", kept, "comment.txt") == [1]


def test_a_numbered_item_with_a_title_is_headed_by_it() -> None:
    # "2. Null control. ...": the item's AUC is the control the title names; the next item is no longer under it
    text = ("Comment on the search\n\n"
            "1. The benchmark. The paper reports AUC = 0.71 +- 0.005 for the signal.\n\n"
            "2. Null control. We scored two independent background samples of 4000 jets each.\n"
            "The comparison gives AUC = 0.504 +- 0.007, within 1σ of 0.5.\n\n"
            "3. Other points. The excess of 2.1σ local is not evidence.\n")
    ref = referee(text, name="comment.txt")
    assert [v.role for c in ref.claims if c.line == 6 for v in c.results("auc")] == ["control"]
    assert [v.role for c in ref.claims if c.line == 3 for v in c.results("auc")] == ["result"]
    assert answer("is the null control consistent with random guessing?", ref, text).startswith("Yes")
    # items with no blank lines between: a title heads its own item only
    listed = ("Notes\n"
              "1. Control: QCD-A vs QCD-B gives 0.502 +- 0.003, as it should.\n"
              "2. dark jets are barely above random (AUC - 0.5 = 0.031).\n")
    assert not _of("control_vs_null", listed, "notes.txt")
    # an item that opens with a statement (a verb in it) or a field ("Size: 2048") has no title: it is read as it stands
    stated = "## Decoder check\n\n1. Vocabulary size: 2048 entries.\n2. The decoding is exact. Jet pT comes back with a 5% resolution.\n"
    assert _of("absolute_words", stated, "check.md") == [4]


def test_a_significance_question_is_answered_by_the_verdict_on_its_quantity() -> None:
    # the question asks of the mistag; the report finds that change not significant and calls an AUC change significant
    text = ("NOTE mistag 1.06% vs 0.89% on 20000 jets each: p = 0.08 > 0.05, the mistag difference is NOT significant.\n"
            "NOTE the AUC loss of 0.0006 over five seeds is small\n"
            "NOTE but significant (t = 6.4, p = 0.003).\n")
    ref = referee(text, name="session.txt")
    assert answer("is the mistag rate difference significant at the 5% level?", ref, text).startswith("No")
