"""The referee's readings of structured files and human genres (issue 23, session ref28g, blind round 27, b78): each
test a general reading, in words no blind report used."""

from __future__ import annotations

from tests.agents.referee_rules import found
from tests.agents.referee_rules import lines_of as _of


def test_a_claim_that_nobody_is_making_in_the_progressive_is_denied() -> None:
    # "nobody here is claiming ...": the -ing form of the verb denies the claim as "nobody claims" does
    text = "\n".join([
        "Minutes of the group meeting.",
        "Chair: to be plain, no one in this group is",
        "claiming a discovery. The bump search over 30 windows gives a local",
        "significance of 2.9 sigma, a global one of 1.4 sigma.",
    ])
    assert _of("discovery_without_evidence", text) == []
    said = text.replace("no one in this group is\nclaiming a discovery", "we are\nclaiming a discovery")
    assert _of("discovery_without_evidence", said) == [3]


def test_the_same_key_under_two_ini_sections_is_two_objects() -> None:
    # a config card: [model.old] and [model.new] each give "fake_rate_at_eff70"; the section names whose number it is
    text = "\n".join([
        "; summary card",
        "[model.old]",
        "auc = 0.874",
        "fake_rate_at_eff70 = 0.0615",
        "",
        "[model.new]",
        "auc = 0.881",
        "fake_rate_at_eff70 = 0.0588",
    ])
    assert [f for f in found(text, "card.ini") if f[0] == "inconsistent_numbers"] == []
    # with no section between them, the key given twice is still one quantity with two values
    flat = "\n".join(["; summary card", "fake_rate_at_eff70 = 0.0615", "auc = 0.874", "fake_rate_at_eff70 = 0.0588"])
    assert _of("inconsistent_numbers", flat, "card.ini")


def test_rejected_more_in_the_past_tense_is_read_as_a_rejection_comparison() -> None:
    # "rejected more background than ..., 910 against 1020": the past tense of "rejects more", its numbers rejections
    text = "\n".join([
        "Report of the tagging challenge.",
        "At 50 per cent signal efficiency the BDT rejected more background than",
        "the GNN did, 910 against 1020.",
    ])
    assert _of("comparison_direction", text) == [2]
    right = text.replace("910 against 1020", "1130 against 1020")
    assert _of("comparison_direction", right) == []


def test_a_sentence_of_a_folded_yaml_block_stands_on_the_line_it_begins_on() -> None:
    # "summary: >": YAML folds the block's lines into one string; a sentence is found where it is written
    text = "\n".join([
        "name: bump-hunt-v2",
        "summary: >",
        "  Scan of 12 windows in the dijet mass with a fitted background from the",
        "  sidebands. The largest local excess is 3.0 sigma at 2.2 TeV.",
        "  We announce the discovery of a new particle there.",
        "n_windows: 12",
    ])
    assert _of("discovery_without_evidence", text, "card.yaml") == [5]


def test_inline_rows_under_their_own_header_row_are_read_as_a_table() -> None:
    # a data resource: "data:" lists a header row, then rows; each row's p-value and significance are its own pair
    text = "\n".join([
        "name: scan-results",
        "resources:",
        "  - name: windows",
        "    data:",
        "      - [bin, n_obs, p_local, z_local]",
        "      - [b1, 120, 2.3e-4, 3.50]",
        "      - [b2, 95, 4.0e-3, 3.35]",
        "      - [b3, 80, 0.0228, 2.00]",
    ])
    assert _of("inconsistent_numbers", text, "package.yaml") == [7]


def test_a_clock_reading_beside_a_metric_is_no_value_of_it() -> None:
    # a metrics export: each point carries the nanosecond time it was written; that number is no perplexity
    text = "\n".join([
        "{",
        '  "codebook_size": 512,',
        '  "points": [',
        '    {"name": "perplexity", "timestamp_ns": "1699000000000000000", "value": 401.7}',
        "  ]",
        "}",
    ])
    assert _of("impossible_value", text, "export.json") == []


def test_key_value_attribute_pairs_name_what_a_data_point_is_of() -> None:
    # [{"key": "run", "value": {"stringValue": "baseline"}}]: the attribute pairs tell two runs' points apart
    point = ('    {{"attributes": [{{"key": "run", "value": {{"stringValue": "{run}"}}}}], "metric": "auc", '
             '"value": {auc}}}')
    text = "\n".join([
        "{",
        '  "points": [',
        point.format(run="baseline", auc=0.861) + ",",
        point.format(run="finetuned", auc=0.874),
        "  ]",
        "}",
    ])
    assert _of("inconsistent_numbers", text, "export.json") == []
