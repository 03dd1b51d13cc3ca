"""The verdict between two tokenizers (agents/answers.py): it rests on bias and spread together,
and a tokenizer whose median jet-mass bias is past the reviewer's limit is a defect, not a winner
(issue 26: a tokenizer with -93% bias was once declared the better one for its smaller width)."""

import re

from agents.answers import Derived, _tokenizer_verdict
from agents.reviewer_checks import TOKEN_BIAS


def _rows(*specs):
    return [{"tokenizer": t, "class": c, "bias": b, "abs68": a} for t, c, b, a in specs]


def test_a_collapsed_tokenizer_is_named_a_defect_and_the_other_wins():
    rows = _rows(("binned 512 codes", "top", -0.93, 0.94), ("binned 512 codes", "qcd", -0.90, 0.92),
                 ("conditional 512 codes", "top", -0.03, 0.09), ("conditional 512 codes", "qcd", -0.02, 0.08))
    by_tok = {"binned 512 codes": [0, 1], "conditional 512 codes": [2, 3]}
    store: dict = {}
    text = _tokenizer_verdict(by_tok, rows, Derived("tokenizer", store))
    assert "binned 512 codes tokenizer reconstructs the mass with a median bias beyond" in text
    assert f"{TOKEN_BIAS['mass'][0]:.0%}: collapsed, a defect" in text
    assert text.endswith("the conditional 512 codes tokenizer is the better one for the mass at this training budget.")
    assert store["tokenizer"]["comparison"]["collapsed"] == ["binned 512 codes"]


def test_when_every_tokenizer_collapsed_none_is_called_better():
    rows = _rows(("a", "top", 0.5, 0.6), ("b", "top", -0.4, 0.5))
    text = _tokenizer_verdict({"a": [0], "b": [1]}, rows, Derived("tokenizer", {}))
    assert text.endswith("no tokenizer reconstructs the mass usably at this training budget.")
    assert "better one" not in text


def test_the_verdict_is_on_the_observable_asked():
    """'Tell me whether the tau32 reconstruction gets better with 1024 codes': the verdict is on
    tau32, under tau32's collapse limit (75%), not on the mass (found as a user, session 16)."""
    rows = _rows(("conditional 512 codes", "top", 0.32, 0.55), ("conditional 1024 codes", "top", 0.27, 0.47))
    store: dict = {}
    text = _tokenizer_verdict({"conditional 512 codes": [0], "conditional 1024 codes": [1]}, rows,
                              Derived("tokenizer", store), "tau32", "tau32")
    assert text.startswith("On the top jets, the 68% quantile of |reco − true| / true of the tau32 ")
    assert text.endswith("the conditional 1024 codes tokenizer is the better one for the tau32 at this training budget.")
    assert store["tokenizer"]["comparison"]["observable"] == "tau32" and "collapsed" not in text.split("is ", 1)[1]


def test_a_class_the_tokenizer_never_saw_is_held_against_those_it_was_trained_on():
    """'Does the tokenizer work on W jets it has never seen?' listed every class's figures and left the
    comparison to the reader: the unseen class's resolution is set against the trained classes' mean, with
    the ratio and its significance (independent jets)."""
    from agents.answers import _unseen_classes

    rows = [{"class": "QCD", "width": 0.075, "width_err": 0.004}, {"class": "Wqq", "width": 0.091, "width_err": 0.005},
            {"class": "Tbqq", "width": 0.072, "width_err": 0.004}]
    store: dict = {}
    wide, = _unseen_classes(rows, [0, 1, 2], {"QCD", "Tbqq"}, "jet mass", Derived("tokenizer", store), "unseen")
    plain = wide.replace("](", " (")
    assert "On the Wqq jets the tokenizer never saw, the jet mass resolution is" in plain and "QCD and Tbqq jets it was" in plain
    v = store["tokenizer"]["unseen Wqq"]
    assert v["trained_width"] == 0.0735 and abs(v["sigma"] - 0.0175 / (0.005**2 + 0.004**2 / 2) ** 0.5) < 1e-9
    assert "times as wide" in wide
    rows[1]["width"] = 0.077
    same, = _unseen_classes(rows, [0, 1, 2], {"QCD", "Tbqq"}, "jet mass", Derived("tokenizer", {}), "unseen")
    assert "within the errors" in same
    assert _unseen_classes(rows, [0, 2], {"QCD", "Tbqq"}, "jet mass", Derived("tokenizer", {}), "unseen") == []


def test_a_bigger_codebook_is_judged_by_the_change_and_its_error():
    """'Does a bigger codebook make the reconstructed mass of QCD jets more accurate? numbers with errors': the answer
    gave both tokenizers' figures and called 2048 codes 'the better one' with no error on the difference (found as a
    user, session 31); now the change of the resolution and of the bias, each with its error and significance."""
    from agents.answers import _tokenizer_change

    rows = [{"class": "QCD", "width": 0.107, "width_err": 0.005, "bias": -0.051, "bias_err": 0.010},
            {"class": "QCD", "width": 0.079, "width_err": 0.004, "bias": -0.048, "bias_err": 0.007}]
    store: dict = {}
    text, = _tokenizer_change({"conditional 512 codes": [0], "conditional 2048 codes": [1]}, rows,
                              Derived("tokenizer", store), "mass", "jet mass")
    plain = re.sub(r" \[↗\]\([^)]*\)", "", text)
    assert plain.startswith("From the conditional 512 codes to the conditional 2048 codes tokenizer, on QCD jets the jet mass "
                            "resolution changes by -0.028 ± 0.006 (-4.4 sigma: narrower) and its bias changes by 0.003 ± "
                            "0.01 (0.25 sigma: within the errors)"), plain
    v = store["tokenizer"]["change QCD"]
    assert abs(v["width_sigma"] + 0.028 / (0.005**2 + 0.004**2) ** 0.5) < 1e-9
    rows[1]["width"] = 0.100
    text, = _tokenizer_change({"a": [0], "b": [1]}, rows, Derived("tokenizer", {}), "mass", "jet mass")
    assert "(-1.1 sigma: within the errors) and its bias" in re.sub(r" \[↗\]\([^)]*\)", "", text)


def test_a_question_on_the_codebook_is_answered_from_the_recorded_change():
    """'Does the bigger codebook help?' on that report: from the recorded change (direction, error, significance) and
    its line; 'bigger' names the codebook, not a wider resolution. Before, 'is the mass resolution ... significantly
    better?' answered 'No: .' (a test of two samples asked for, none recorded) and the bias question 'Not established'."""
    from agents.answers import _tokenizer_change
    from agents.review_claims import answer_question

    rows = [{"class": "QCD", "width": 0.107, "width_err": 0.005, "bias": -0.051, "bias_err": 0.010},
            {"class": "QCD", "width": 0.079, "width_err": 0.004, "bias": -0.048, "bias_err": 0.007}]
    store: dict = {}
    sentence, = _tokenizer_change({"conditional 512 codes": [0], "conditional 2048 codes": [1]}, rows,
                                  Derived("tokenizer", store), "mass", "jet mass")
    docs, text = {"runs/x/analysis.json": store}, f"# Token quality\n\n## Answer\n\n{sentence}\n"

    def ask(q: str) -> str:
        return answer_question(q, [], {}, [], [], docs, text)
    for q in ("does the bigger codebook help?", "is the mass resolution with 2048 codes significantly better than with 512?",
              "are the reconstructed masses more accurate with more tokens?"):
        assert ask(q).startswith("Yes: from the conditional 512 codes to the conditional 2048 codes tokenizer, on QCD jets the "
                                 "jet mass resolution goes from 0.107 to 0.079, down by 0.028 ± 0.0064 (4.4 sigma) (line 5)"), q
    assert ask("does the larger codebook make the mass resolution worse?").startswith("No:") and "the other way" in ask(
        "does the larger codebook make the mass resolution worse?")
    bias = ask("does the bigger codebook reduce the mass bias?")
    assert bias.startswith("No:") and "its size down by 0.003 ± 0.012 (0.2 sigma, within two errors)" in bias
    assert ask("does the bigger codebook change the tau32 resolution?") == "Cannot tell: the report makes no checkable claim."


def _keep_question(tmp_path, tau21: float, tau32: float):
    """'Does the tokenizer keep the n-subjettiness of top jets?' on a token-quality run with the given median biases."""
    import json

    from agents.answers import answer
    from agents.llm.offline_parse import parse_spec
    from agents.state import AgentState, Plan, PlanStep, ToolCallRecord

    jet = {k: {"median": b, "width": 0.2, "std": 0.25, "n": 200} for k, b in (("tau21", tau21), ("tau32", tau32))}
    (tmp_path / "tq").mkdir(exist_ok=True)
    (tmp_path / "tq/metrics.json").write_text(json.dumps({"per_class": {"Tbqq": {"n_jets": 200, "jet": jet}}}))
    calls = [ToolCallRecord(id=f"s0-{t}", step=0, attempt=0, tool=t, args=a, ok=True, output={}) for t, a in (
        ("train_tokenizer", {"out": "tok", "kind": "conditional", "codebook_size": 512}),
        ("token_quality", {"tokenizer": "tok/best.pt", "out": "tq"}))]
    spec = parse_spec("does the tokenizer keep the n-subjettiness of top jets?")
    plan = Plan(title="t", steps=[PlanStep(goal="g", tools=["token_quality"], acceptance=[])],
                params={"observables": spec.observables})
    return answer(AgentState(request=spec.question, spec=spec, plan=plan, calls=calls), tmp_path)


def test_whether_the_tokens_keep_an_observable_is_answered_yes_or_no_first(tmp_path):
    """Found as a user: 'does the tokenizer keep the n-subjettiness of top jets?' got four numbers and no answer.
    The answer now opens with the reviewer's own grades of the median bias (kept within 5%, blurred, lost past the
    observable's limit), and `review --question` on the report answers the same from the recorded biases."""
    import re

    from agents.review_claims import answer_question

    blurred = _keep_question(tmp_path, 0.134, 0.262)
    first = re.sub(r" \[↗\]\([^)]*\)", "", blurred.sentences[0])
    assert first.startswith("Not fully: median relative bias of tau21 0.13 ± 0.02 (resolution 0.2) on Tbqq jets"), first
    assert "more than 5% off, blurred, though short of the limits past which the tokens misdescribe the jets (33% for tau21, 75% for tau32)" in first
    docs, text = {"runs/x/analysis.json": blurred.derived}, f"# T\n\n## Answer\n\n{blurred.sentences[0]}\n"
    said = answer_question("does the tokenizer keep tau32?", [], {}, [], [], docs, text)
    assert said.startswith("Not fully: tau32 median relative bias 0.26 ± 0.022 on Tbqq jets (line 5)") and "tau21" not in said
    assert _keep_question(tmp_path, 0.02, -0.04).sentences[0].startswith("Yes:")
    lost = _keep_question(tmp_path, 0.02, 0.9).sentences[0]
    assert lost.startswith("No:") and "past the 75% limit for tau32: a shift as large as" in lost


def test_a_tokenizer_ahead_within_the_errors_is_not_called_the_better_one():
    """'Is a 512-code tokenizer enough for top jets or do I need 2048?' was told '2048 is the better one' for a 68%
    quantile of 0.084 against 0.094 on 200 jets, while the resolution change beside it was 1.5 sigma: ahead by less
    than twice the errors combined is no significant difference; 300 times the jets make the same gap one."""
    def rows(n):
        return [{**r, "n": n} for r in _rows(("conditional 512 codes", "top", -0.04, 0.094),
                                             ("conditional 2048 codes", "top", -0.05, 0.084))]
    by_tok = {"conditional 512 codes": [0], "conditional 2048 codes": [1]}
    store: dict = {}
    text = _tokenizer_verdict(by_tok, rows(200), Derived("tokenizer", store))
    assert "the conditional 2048 codes tokenizer is ahead for the mass, but by less than twice the errors" in text
    assert text.endswith("no significant difference at this training budget.") and "better one" not in text
    assert store["tokenizer"]["comparison"]["significant"] is False
    assert _tokenizer_verdict(by_tok, rows(180_000), Derived("tokenizer", {})).endswith(
        "the conditional 2048 codes tokenizer is the better one for the mass at this training budget.")
