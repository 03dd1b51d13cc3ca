"""The referee's readings fitted on blind batch b119 (outputs of AI agents and LLM tools): a share of the background let
through written in powers of ten, a percentage after 'rejection at' as its working point, the JetNet distances FPD and
KPD (lower is closer), a verdict after a 'from ... to' change, a list under a lead-in on the lead-in's own line (a JSON
string), a question that asks about the numbers just listed, a record's efficiency field beyond 100, a compound
'particle-...' modifier, a quote others are said to describe, and a sentence that opens 'At the N% working point'. Each
test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.numbers import read_numbers
from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


def test_a_share_of_the_background_in_powers_of_ten_is_a_mistag_rate() -> None:
    found = [(v.quantity, v.shown) for v in read_numbers("the cut passes 3.1×10^-4 of the multijet events")]
    assert found == [("fake_rate", "3.1×10^-4")]


def test_a_stronger_rejector_that_lets_more_background_through_is_contradicted() -> None:
    text = "At the tight point, DeepJet rejects background better: it lets through 2.7e-3 of the QCD jets against 2.2e-3 for GN2.\n"
    assert ("comparison_direction", 1) in _rules(text)


def test_a_percentage_after_rejection_at_is_its_working_point() -> None:
    found = [(v.quantity, v.role) for v in read_numbers("the mistag rates are 4.0e-3 and 5.1e-3, and the rejections at 70% are 88 and 71")]
    assert ("efficiency", "setting") in found and ("rejection", "setting") not in found


def test_a_rejection_at_another_point_than_the_mistag_beside_it_is_not_its_inverse() -> None:
    text = "At 50% signal efficiency the mistag rates are 4.0e-3 and 5.1e-3, and the rejections at 70% are 88 and 71.\n"
    assert not [f for f in _rules(text) if f[0] == "inconsistent_numbers"]


def test_an_fpd_that_grows_is_no_improvement() -> None:
    text = "The new sampler improves FPD from 1.2 to 1.9 (x10^-3) on the gluon jets.\n"
    assert ("comparison_direction", 1) in _rules(text)


def test_an_fpd_that_falls_is_an_improvement() -> None:
    text = "The new sampler lowers the FPD from 1.9 to 1.2 (x10^-3), so it is better on the gluon jets.\n"
    assert not [f for f in _rules(text) if f[0] == "comparison_direction"]


def test_a_verdict_after_a_from_to_change_is_of_the_new_end() -> None:
    text = "The pT distance W1 drops from 0.88 to 0.71, i.e. the retrained model describes the spectrum better.\n"
    assert not [f for f in _rules(text) if f[0] == "comparison_direction"]


def test_a_list_under_its_lead_in_within_one_json_string_takes_its_quantity() -> None:
    text = ('{"content": "Both classes have 50k jets, ROC AUC with gluons as signal:\\n\\n- DNN (3 layers): 0.842\\n'
            '- BDT on jet width only: 0.463"}\n')
    found = sorted(v.value for c in extract(text, "json") for v in c.results("auc"))
    assert found == [0.463, 0.842]


def test_numbers_a_user_lists_then_asks_about_are_the_case_posed() -> None:
    text = ('{"content": "Both classes have 50k jets, ROC AUC with gluons as signal:\\n\\n- DNN (3 layers): 0.842\\n'
            '- BDT on jet width only: 0.463\\n\\nWould you trust these numbers enough to show them at the group meeting?"}\n')
    assert not [f for f in _rules(text, "chat.json") if f[0] == "auc_below_half"]


def test_a_record_field_of_an_efficiency_beyond_one_hundred_is_impossible() -> None:
    text = '{"tagger": "DNN", "signal_efficiency": 0.5, "background_efficiency": 830.0}\n'
    assert [f for f in _rules(text, "out.json") if f[0] == "impossible_value"]


def test_a_record_field_of_an_efficiency_in_range_is_fine() -> None:
    text = '{"tagger": "DNN", "signal_efficiency": 0.5, "background_efficiency": 0.0012}\n'
    assert not [f for f in _rules(text, "out.json") if f[0] == "impossible_value"]


def test_a_new_particle_compound_modifier_claims_no_particle() -> None:
    text = "We compare the old generator with one built on a new particle-level attention block.\n"
    assert not [f for f in _rules(text) if f[0] == "discovery_without_evidence"]


def test_a_quote_others_describe_is_not_the_reports_claim() -> None:
    text = ('The original note finds a 2.1 sigma global excess at 2.9 TeV, which they describe as "evidence for new physics". '
            "We disagree.\n")
    assert not [f for f in _rules(text) if f[0] == "discovery_without_evidence"]


def test_a_share_that_opens_a_sentence_as_the_working_point_is_no_share_of_the_count() -> None:
    text = "At the 30% working point, 212 of 50,000 light jets pass the cut.\n"
    assert not [f for f in _rules(text) if f[0] == "inconsistent_numbers"]
