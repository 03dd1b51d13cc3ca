"""Readings fitted on blind batch b99 (AI agents' outputs: a coding agent's PR comment and description, chat-API
dumps, an LLM-flow log, meeting notes, a research assistant's HTML answer): each with a near variant where the
finding must not (or must) appear."""

from agents.referee.referee import answer, referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


# a chat API's "usage" record (tokens, seconds) is no codebook usage
USAGE_RECORD = """$ curl -s https://api.example.com/v1/chat/completions -d @req.json | jq '{model, usage}'
{
  "model": "some-70b-model",
  "usage": {
    "prompt_tokens": 388,
    "completion_time": 1.2731,
    "total_time": 1.3012
  }
}
"""


def test_api_usage_record_times_are_no_codebook_usage():
    assert not [r for r in _rules(USAGE_RECORD, "dump.txt") if r[0] == "impossible_value"]


def test_codebook_usage_above_one_still_impossible():
    text = USAGE_RECORD.replace('"completion_time": 1.2731', '"fraction": 1.2731')
    assert [r for r in _rules(text, "dump.txt") if r[0] == "impossible_value"]


# the local p inside "1 − (1 − p)^N" is a term of the trials-factor formula, not the global p-value
TRIALS = """### Scan

- Biggest deviation: window 9 (3.1-3.3 TeV), 3.0σ local (p local ≈ 1.3 × 10⁻³)
- With 30 windows the global p-value is about 1 − (1 − 0.0013)^30 ≈ 0.038, i.e. roughly 1.8σ global
"""


def test_local_p_inside_trials_formula_is_not_the_global_p():
    assert not [r for r in _rules(TRIALS) if r[0] == "inconsistent_numbers"]


def test_global_p_stated_alone_still_checked_against_its_sigma():
    text = TRIALS.replace("about 1 − (1 − 0.0013)^30 ≈ 0.038", "about 0.0013")
    assert ("inconsistent_numbers", 4) in _rules(text)


# two papers' numbers, each sentence closed by its own numbered citation
CITED = """<html><body>
<p>Ito et al. (2024) train a tokenizer with a 512-entry codebook and report a perplexity of 301.
Their relative pT resolution after the round trip is 5.0% and the jet-mass resolution 7.1% <sup>[1]</sup>.
Berg and Chen (2025) scale the codebook to 4,096 entries and obtain a narrower jet-mass resolution of 3.3% <sup>[2]</sup>.</p>
</body></html>
"""


def test_numbers_of_two_cited_sources_are_not_one_number():
    assert not [r for r in _rules(CITED, "answer.html") if r[0] == "inconsistent_numbers"]


def test_same_numbers_without_citations_still_compared():
    text = CITED.replace(" <sup>[1]</sup>", "").replace(" <sup>[2]</sup>", "")
    assert [r for r in _rules(text, "answer.html") if r[0] == "inconsistent_numbers"]


# a pipe table typed without outer pipes or a rule under its names
BARE_PIPES = """Test set: 10,000 quark + 10,000 gluon jets per generator. Labels: quark = 1.
tagger | AUC (Pythia) | AUC (Herwig)
net_a | 0.8110 ± 0.0030 | 0.371 ± 0.004
net_b | 0.8090 ± 0.0030 | 0.7850 ± 0.0032
The net_a Herwig column stores p_gluon, so as stored it ranks gluon jets first.
"""
BARE_PIPES_Q = "As stored, does net_a's Herwig score rank quark jets above gluon jets more often than random guessing would?"


def test_bare_pipe_table_reads_its_auc_below_half():
    assert answer(BARE_PIPES_Q, referee(BARE_PIPES, "chat.txt"), BARE_PIPES).startswith("No")


def test_bare_pipe_table_needs_rows_of_numbers():
    text = "tagger | AUC (Pythia) | AUC (Herwig)\nsee the notebook | for | the values\n"
    assert not [c for c in referee(text, "chat.txt").claims if c.kind == "row"]


# a change stated from its start to its end, then a verdict drawn from it
CHANGE = """| checkpoint | 1/ε_B @ ε_S = 0.5 |
|---|---|
| main | 530 |
| PR #77 | 470 |

- At ε_S = 0.5 the rejection goes from 530 to 470, so the PR also wins at this working point.
"""


def test_verdict_drawn_from_a_change_judges_its_end():
    assert ("comparison_direction", 6) in _rules(CHANGE)


def test_verdict_drawn_from_a_rise_is_right():
    text = CHANGE.replace("| 470 |", "| 590 |").replace("to 470", "to 590")
    assert ("comparison_direction", 6) not in _rules(text)


# "per batch of 512 jets": a timing's batch, not a test set
BATCH = """Both checkpoints were evaluated on 15,000 top + 15,000 QCD jets.

| checkpoint | AUC |
|---|---|
| main | 0.9790 ± 0.0001 |
| PR | 0.9801 ± 0.0001 |

- Inference time per batch of 256 jets: 12.0 ms (main) vs 13.1 ms (PR).
- The split is the first 30k jets of the public test set, not the full 404k.
"""


def test_batch_size_is_no_second_test_set():
    assert ("uncertainty_vs_sample_size", 5) in _rules(BATCH)


def test_error_allowed_by_the_test_set_not_flagged():
    assert ("uncertainty_vs_sample_size", 5) not in _rules(BATCH.replace("± 0.0001", "± 0.0009"))


# "usage perplexity": the perplexity of the code usage, a count of codes, bounded by the codebook size
PERPLEXITY = """# Tokenizer: codebook K = 256 → 512

| config | active codes | usage perplexity | jet-mass resolution |
|---|---|---|---|
| `tok_k256` | 240 / 256 | 171 | 9.0% |
| `tok_k512` | 497 / 512 | 655 | 6.1% |
"""


def test_usage_perplexity_above_codebook_size_is_impossible():
    assert ("impossible_value", 6) in _rules(PERPLEXITY)


def test_usage_perplexity_below_codebook_size_is_fine():
    assert ("impossible_value", 6) not in _rules(PERPLEXITY.replace("| 655 |", "| 201 |"))


# a judge's verdict cell ("indistinguishable") beside an AUC: that AUC is a generated-vs-real classifier test's
JUDGED = """| model | W1M | cls_auc | verdict |
|---|---|---|---|
| gen_a | 0.50 ± 0.05 | 0.571 ± 0.004 | indistinguishable |
| gen_b | 0.66 ± 0.06 | 0.648 ± 0.004 | distinguishable |
"""


def test_auc_beside_indistinguishable_verdict_is_a_classifier_test():
    assert ("classifier_test_vs_null", 3) in _rules(JUDGED)


def test_auc_near_half_beside_indistinguishable_verdict_is_fine():
    assert ("classifier_test_vs_null", 3) not in _rules(JUDGED.replace("0.571 ± 0.004", "0.503 ± 0.004"))
