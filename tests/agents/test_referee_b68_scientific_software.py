"""The referee's readings of scientific-software output (issue 23, session ref27e, blind round 25, b68): each test a
general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.claims import extract
from agents.referee.referee import answer, referee
from tests.agents.referee_rules import lines_of as _of


def test_two_class_counts_with_their_names_are_no_auc() -> None:
    # "AUC on 40000 A + 80000 B jets": the first class's count, with its name after it, is a test size, not an AUC
    text = ("Background-only check: region-A-vs-region-B AUC on 40000 A + 80000 B jets\n"
            "The check gives AUC = 0.5012 +- 0.0025, 0.5 sigma from 0.5, so nothing is sculpted.\n")
    assert not referee(text, "check.txt").findings
    aucs = [v.value for c in extract(text) for v in c.values if v.quantity == "auc" and v.role != "size"]
    assert 40000 not in aucs


def test_a_classifier_verdict_takes_its_error_from_the_same_number_printed_with_more_digits() -> None:
    # the AUC with its error as "0.5630 +/- 0.0040" in a script's output, quoted as "0.563" in a note: one number, one error
    text = ("[gen_check] held-out ROC AUC (real vs generated) from scores_a / scores_b:\n"
            "             AUC = 0.5630 +/- 0.0040   (Hanley-McNeil, n_a = n_b = 15000)\n"
            "\n"
            "$ cat note.txt\n"
            "What counts is the held-out AUC, 0.563, close to a coin flip, so the generated jets are indistinguishable\n"
            "from the real ones.\n")
    got = answer("can the generated jets be told apart from the real ones by the held-out classifier?", referee(text, "c.txt"), text)
    assert got.startswith("Yes") and "line 2" in got, got


def test_a_ratio_of_a_quantity_is_not_a_value_of_it() -> None:
    # "eff ratio = 1.12, time ratio = 3.40" after "dACC = +0.0021": ratios of two runs, not the ends of the change
    text = ("[cmp] gnn : ACC 0.8811   R30 12.2\n"
            "[cmp] bdt : ACC 0.8790   R30 10.9\n"
            "[cmp] gnn - bdt : dACC = +0.0021, R30 ratio = 1.12, time ratio = 3.40\n")
    assert not _of("inconsistent_numbers", text, "cmp.txt")
    rej = [v.value for c in extract(text) for v in c.values if v.quantity == "rejection"]
    assert 1.12 not in rej


def test_sibling_attribute_lines_of_a_printed_object_are_records_of_their_own() -> None:
    # an object's attributes printed one per line at one indentation: no line wraps into the next
    text = ("Attributes:\n"
            "    title:      tokenizer scan\n"
            "    sample:     test split, 100k jets\n"
            "    width:      half-width of the central 68% of (reco - true)/true\n"
            "    verdict:    the tokenizer is lossless for the jet mass\n"
            "    author:     scan.py\n")
    lines = {c.line: c.text for c in extract(text)}
    assert "lossless" in lines.get(5, "") and "68%" not in lines.get(5, "")


def test_a_central_share_is_a_coverage_not_a_width() -> None:
    # "the half-width of the central 68% of the response": the share the width is taken over, not a resolution of 68%
    text = "Resolution: the half-width of the central 68% of the response, taken per jet.\n"
    assert not [v for c in extract(text) for v in c.values if v.value == 0.68 and v.role == "result"]


def test_an_array_listing_names_each_variable_by_its_own_name() -> None:
    # an xarray listing: "name (dims) dtype bytes values ...": the dims, dtype and size are storage, the name is what it is
    text = ("Data variables:\n"
            "    rel_pt_res    (k, seed) float64 48B 0.0210 0.0208 ... 0.0150 0.0151\n"
            "    rel_mass_res  (k, seed) float64 48B 0.0305 0.0301 ... 0.0222 0.0220\n")
    first = {c.line: c.values[0].label for c in extract(text) if c.values and c.values[0].value in (0.021, 0.0305)}
    assert first == {2: "rel pt", 3: "rel mass"}


def test_a_verdict_without_numbers_is_weighed_against_the_change_with_an_arrow_before_it() -> None:
    # "mistag: 0.0031 -> 0.0036" then "the new kernel rejects more background": the new value against the old one
    text = ("## PR notes\n"
            "\n"
            "- light mistag at 70 % b efficiency: 0.0031 -> 0.0036. The tracker marks this as a regression,\n"
            "  but that is a quirk of the tool; with this change the new kernel\n"
            "  rejects more light jets at the same b efficiency.\n")
    assert _of("comparison_direction", text, "pr.md") == [5]
    right = text.replace("0.0031 -> 0.0036", "0.0036 -> 0.0031")
    assert not _of("comparison_direction", right, "pr.md")


def test_class_count_columns_give_a_row_its_test_set() -> None:
    # a printed frame with "n_sig" and "n_bkg" columns: each row's AUC error is weighed against its own two counts
    text = ("        tagger  n_sig  n_bkg     auc  auc_err\n"
            "    gnn_nightly  40000  40000  0.9712   0.0007\n"
            "    bdt_nightly   1500   1500  0.9655   0.0004\n")
    assert _of("uncertainty_vs_sample_size", text, "frame.txt") == [3]
    right = text.replace("0.0004", "0.0035")
    assert not _of("uncertainty_vs_sample_size", right, "frame.txt")
