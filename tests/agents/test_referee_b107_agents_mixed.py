"""Readings fitted on blind batch b107 (AI tools' outputs: chat exports, an eval harness's log, a coding agent's table;
notes written by people): each with a near variant where the finding must not (or must) appear."""

from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def _of(rule: str, text: str, name: str = "report.md") -> list[int]:
    return [line for r, line in _rules(text, name) if r == rule]


# a column headed "new − old": the difference of two other columns, which may be negative
DIFF_COLUMN = """Distances between generated and reference jets (lower is better):

| metric | new | old | new − old |
|---|---|---|---|
| W1 mass | 0.74 ± 0.05 | 0.79 ± 0.06 | −0.05 ± 0.08 |
| W1 pT | 0.52 ± 0.04 | 0.50 ± 0.04 | +0.02 ± 0.06 |
"""


def test_column_of_one_minus_another_is_a_difference():
    assert not _of("impossible_value", DIFF_COLUMN)


def test_negative_distance_in_a_value_column_still_found():
    assert _of("impossible_value", DIFF_COLUMN.replace("| 0.74 ± 0.05 |", "| −0.74 ± 0.05 |"))


# "the error ... is sqrt(...) = 0.0046": an error worked out by its formula, not a control's AUC
CONTROL_ERROR = """Shuffled-label control on 8000 + 8000 test jets:
AUC : 0.5043 +- 0.0046
- With shuffled labels the network learns nothing, so the expected test AUC is 0.5 up to fluctuations. For 8k + 8k jets the Hanley-McNeil error near 0.5 is sqrt((n1 + n2 + 1) / (12 n1 n2)) = 0.0046, matching the log.
"""


def test_error_worked_out_by_its_formula_is_no_control_score():
    assert not _of("control_vs_null", CONTROL_ERROR)


def test_control_far_from_half_still_found():
    assert _of("control_vs_null", CONTROL_ERROR.replace("AUC : 0.5043", "AUC : 0.5843"))


# "1 - 0.87 = 0.13": the operand of a complement worked out is not a value compared
COMPLEMENT = """Shuffled-label control on 8000 + 8000 test jets:
AUC : 0.4957 +- 0.0046
- 0.4957 is 0.0043 below 0.5, i.e. 0.9 sigma. That is a fluctuation, not an inverted score: an inverted tagger would sit near 1 - 0.87 = 0.13, far below this.
"""


def test_operand_of_a_complement_is_not_compared():
    assert not _of("comparison_direction", COMPLEMENT)


# two chat answers quoting two files: each file's "AUC (true labels)" is its own run's
TWO_FILES = """{"messages": [
  {"text": "From `logs/control_run.txt`:\\n\\nAUC (true labels)  : 0.5042 +- 0.0050\\n\\nThe control passes."},
  {"text": "From `logs/main_run.txt`:\\n\\nAUC (true labels)  : 0.8711 +- 0.0030\\n\\nThe tagger separates the classes."}
]}
"""


def test_same_label_read_from_two_files_is_two_runs():
    assert not _of("inconsistent_numbers", TWO_FILES, "chat.json")


def test_same_label_from_one_file_still_compared():
    text = TWO_FILES.replace("logs/main_run.txt", "logs/control_run.txt")
    assert _of("inconsistent_numbers", text, "chat.json")


# "3.4 -> 2.1 %": the unit written once after the arrow is the start's too
ARROW_PERCENT = """Notes:
* jet mass resolution 4.4 -> 2.2 %, a factor 2.0 better with the new calibration.
"""


def test_percent_after_an_arrow_applies_to_both_ends():
    assert not _of("inconsistent_numbers", ARROW_PERCENT)


def test_wrong_factor_after_an_arrow_still_found():
    assert _of("inconsistent_numbers", ARROW_PERCENT.replace("a factor 2.0", "a factor 3.0"))


# "bigger codebook helps: ...": an attributive comparative opening a note's sentence names a thing, no comparison
BIGGER_THING = """Notes:
* bigger codebook helps: mass resolution 3.0 -> 2.5 %, a clear gain.
"""


def test_comparative_of_a_thing_opening_a_sentence_is_no_comparison():
    assert not _of("comparison_direction", BIGGER_THING)


def test_comparison_of_values_still_checked():
    assert _of("comparison_direction", "Notes:\n* mass resolution is larger: 3.0 % -> 2.5 %.\n")


# "on the same 1200 questions": the items a language model's accuracy is counted on; "a real gain": a significance said
LLM_EVAL = """| model | acc |
|---|---|
| base | 52.0 % |
| tuned | 53.0 ± 0.1 % |

- tuned beats base by +1.0 pts on the same 1500 questions -- a real gain.
"""


def test_accuracy_error_below_what_its_questions_allow():
    assert _of("uncertainty_vs_sample_size", LLM_EVAL)


def test_accuracy_error_of_its_questions_is_fine():
    assert not _of("uncertainty_vs_sample_size", LLM_EVAL.replace("53.0 ± 0.1 %", "53.0 ± 1.3 %"))


def test_real_gain_in_points_within_the_errors():
    assert _of("significance_unsupported", LLM_EVAL)


def test_real_gain_in_points_well_beyond_the_errors():
    text = LLM_EVAL.replace("53.0 ± 0.1 %", "62.0 ± 1.3 %").replace("+1.0 pts", "+10.0 pts")
    assert not _of("significance_unsupported", text)


# a rejection with an error beside the count of background jets that pass: its error is at least 1/sqrt(n_pass) of it
REJECTION_ROWS = """| eps_S | QCD jets passing | eps_B | 1/eps_B |
|-------|------------------|-------|---------|
| 0.40  | 16               | 0.0020 | 500 ± 5 |
"""


def test_rejection_error_below_its_passing_count():
    assert _of("uncertainty_vs_sample_size", REJECTION_ROWS)


def test_rejection_error_of_its_passing_count_is_fine():
    assert not _of("uncertainty_vs_sample_size", REJECTION_ROWS.replace("500 ± 5", "500 ± 125"))
