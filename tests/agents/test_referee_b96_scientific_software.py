"""Readings fitted on blind batch b96 (output and logs of scientific, statistics and HEP software)."""

from agents.referee.referee import answer, referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def test_change_in_a_bracket_on_its_own_indented_line_is_read_with_the_sentence_above() -> None:
    wrong = ("- the new backbone raises the held-out test AUC from 0.8420 to 0.8790\n"
             "  (+0.0370, i.e. +6.9% relative)\n")
    right = ("- the new backbone raises the held-out test AUC from 0.8420 to 0.8790\n"
             "  (+0.0370, i.e. +4.4% relative)\n")
    assert ("inconsistent_numbers", 2) in _rules(wrong)
    assert not [r for r in _rules(right) if r[0] == "inconsistent_numbers"]


def test_neither_can_be_called_unbiased_denies_the_word() -> None:
    text = ("Calibration notes\n\n"
            "* Neither fit can be called unbiased: fit A is 2.9 sigma below unit\n"
            "  slope, fit B 1.8 sigma below.\n"
            "* Offsets: A +2.40 +- 0.61 GeV, B +0.30 +- 0.55 GeV.\n")
    said = text.replace("Neither fit can be called unbiased", "Each fit can be called unbiased")
    assert not [r for r in _rules(text) if r[0] == "absolute_words"]
    assert [r for r in _rules(said) if r[0] == "absolute_words"]


def test_injected_fraction_is_not_the_no_signal_control() -> None:
    text = ("[train] ctrl_s0: AUC = 0.5024 +- 0.0030 (mean +- fold std)\n"
            "\n"
            "[train] inj_a (W' -> XY, s/b = 0.5% in SR): AUC = 0.5810 +- 0.0030 (mean +- fold std)\n")
    q = "in the background-only control (s/b = 0), is the classifier's AUC within twice its quoted fold spread of 0.5?"
    ref = referee(text, "report.txt")
    assert answer(q, ref, text).startswith("Yes")
    moved = text.replace("0.5024", "0.5124")
    assert answer(q, referee(moved, "report.txt"), moved).startswith("No")


_CAFFE = """I0503 10:00:01.100000 4242 solver.cpp:330] Iteration 0, Testing net (#0)
I0503 10:00:02.100000 4242 solver.cpp:397]     Test net output #0: accuracy = 0.5
I0503 10:00:02.100100 4242 solver.cpp:397]     Test net output #1: loss = 0.693147 (* 1 = 0.693147 loss)
I0503 10:05:01.100000 4242 solver.cpp:330] Iteration 2000, Testing net (#0)
I0503 10:05:02.100000 4242 solver.cpp:397]     Test net output #0: accuracy = 0.871250
I0503 10:05:02.100100 4242 solver.cpp:397]     Test net output #1: loss = 0.301122 (* 1 = 0.301122 loss)
"""


def test_each_caffe_test_pass_is_its_own_iteration() -> None:
    assert not [r for r in _rules(_CAFFE, "solver.log") if r[0] == "inconsistent_numbers"]
    # the same pass printed twice with two accuracies is still a conflict
    twice = _CAFFE.replace("Iteration 2000, Testing net (#0)", "Iteration 0, Testing net (#0)")
    assert [r for r in _rules(twice, "solver.log") if r[0] == "inconsistent_numbers"]


_MXNET = """INFO:root:Epoch[0] Train-accuracy=0.761200
INFO:root:Epoch[0] Time cost=48.100
INFO:root:Epoch[0] Validation-accuracy=0.781900
INFO:root:Epoch[1] Train-accuracy=0.790400
INFO:root:Epoch[1] Time cost=47.900
INFO:root:Epoch[1] Validation-accuracy=0.798800
"""


def test_mxnet_epochs_and_splits_are_conditions_of_their_accuracy() -> None:
    assert not [r for r in _rules(_MXNET, "train.log") if r[0] == "inconsistent_numbers"]
    again = _MXNET + "INFO:root:Epoch[1] Validation-accuracy=0.701100\n"
    assert [r for r in _rules(again, "train.log") if r[0] == "inconsistent_numbers"]


def test_best_validation_loss_is_not_set_against_training_losses() -> None:
    text = ("epoch  1/3  train_loss 0.4102  val_loss 0.3655\n"
            "epoch  2/3  train_loss 0.3321  val_loss 0.3312\n"
            "epoch  3/3  train_loss 0.2954  val_loss 0.3391\n"
            "[fit] best val_loss 0.3312 at epoch 2 -> best.pt\n")
    assert not [r for r in _rules(text, "fit.txt") if r[0] == "comparison_direction"]
    wrong = text.replace("best val_loss 0.3312 at epoch 2", "best val_loss 0.3391 at epoch 3")
    assert [r for r in _rules(wrong, "fit.txt") if r[0] == "comparison_direction"]


def test_plot_widget_position_is_no_auc() -> None:
    text = ("Set('label', 'epoch 50: AUC = 0.512 \\\\pm 0.004, close to random')\n"
            "Set('xPos', [0.08])\n"
            "Set('yPos', [0.31])\n")
    assert not [r for r in _rules(text, "plot.vsz") if r[0] == "auc_below_half"]
    said = text.replace("Set('yPos', [0.31])", "Set('auc', [0.31])")  # a key that names the AUC
    assert [r for r in _rules(said, "plot.vsz") if r[0] == "auc_below_half"]
