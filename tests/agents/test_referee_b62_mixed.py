"""The referee's readings of machine output and of documents people write (issue 23, session ref26c, blind round 23,
b62 mixed): each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import answer, referee
from tests.agents.referee_rules import found
from tests.agents.referee_rules import lines_of as _of


def test_a_control_many_errors_from_half_is_far_though_the_gap_is_small() -> None:
    # 0.5231 +- 0.0041 is 5.6 errors from 0.5: a control read as random there has found something, whatever tolerance
    # passed it; where the report says what the control learned, it reads it right
    text = ("[check] background-only control: AUC = 0.5231 +/- 0.0041\n"
            "[check] null test |AUC - 0.5| = 0.0231 < tol 0.025 -> PASS: consistent with random, no sculpting\n")
    assert _of("control_vs_null", text, "check.log") == [1, 2]
    q = "is the background-only control AUC compatible with 0.5 within its error?"
    assert answer(q, referee(text, name="check.log"), text).startswith("No")
    assert _of("control_vs_null", text.replace("0.0041", "0.0060"), "check.log") == [1, 2]  # 3.9 errors: found something
    wide = text.replace("0.0041", "0.0070")  # 3.3 errors, and a gap under 0.03: left to the reader
    assert not _of("control_vs_null", wide, "check.log")
    read = ("On background alone the old inputs gave a region-vs-region AUC of 0.5231 ± 0.0041, i.e. the classifier "
            "picked up the jet masses; the new inputs give 0.501 ± 0.004.\n")
    assert not _of("control_vs_null", read, "memo.txt")


def test_an_html_page_writes_powers_of_ten_and_subscripts_as_tags() -> None:
    # "2.3&times;10<sup>&minus;2</sup>" is 0.023 and "p<sub>local</sub>" is p_local: 0.023 is 2.0 sigma, not 3.1
    text = ("<p>The second bump is weaker: p<sub>local</sub> = 2.3&times;10<sup>&minus;2</sup>, or 3.1&sigma;, "
            "which we do not pursue.</p>\n")
    assert _of("inconsistent_numbers", text, "post.html") == [1]
    right = text.replace("3.1&sigma;", "2.0&sigma;")
    assert not _of("inconsistent_numbers", right, "post.html")


def test_a_discovery_said_again_in_the_next_sentence_is_one_claim() -> None:
    text = ("The sideband fit predicts 120 ± 6 events in the best window and we observe 181.\n"
            "Over all 12 windows of the scan the look-elsewhere correction leaves a global significance of 3.9σ.\n"
            "\n"
            "We think this is a discovery.\n"
            "We have found a new resonance at 2.2 TeV.\n")
    assert _of("discovery_without_evidence", text, "essay.txt") == [4]
    apart = text.replace("We have found", "\nIn the end we have discovered")  # another paragraph claims it anew
    assert _of("discovery_without_evidence", apart, "essay.txt") == [4, 6]


def test_a_superlative_written_into_a_record_takes_the_row_its_record_names() -> None:
    # the reason string of an INSERT names no side in its own clause; the VALUES before it name the row
    text = ("| model | eps_b | rejection |\n|---|---|---|\n| gnn_b2 | 0.0052 | 192.3 |\n| bdt_c1 | 0.0031 | 322.6 |\n\n"
            "INSERT INTO picks VALUES ('gnn_b2', 'lowest mistag of the candidates (eps_B = 5.2e-3)');\n")
    assert _of("comparison_direction", text, "picks.md") == [6]
    right = text.replace("'gnn_b2', 'lowest", "'bdt_c1', 'lowest").replace("5.2e-3", "3.1e-3")
    assert not _of("comparison_direction", right, "picks.md")
    metric = ("| metric | value |\n|---|---|\n| AUC | 0.655 |\n\n| score | AUC |\n|---|---|\n| flow | 0.702 |\n"
              "| recon_ae | 0.871 |\n\n- The autoencoder score reaches AUC 0.871, the strongest of the scores.\n")
    assert not _of("comparison_direction", metric, "trace.md")  # a row named by a quantity names no side


LATEX_TABLE = r"""The original study tested on 600000 jets; we could afford far fewer.
\begin{table}[t]
\centering
\begin{tabular}{lc}
\toprule
Variant & AUC \\
\midrule
baseline & 0.8840(9) \\
augmented & 0.8912(60) \\
\bottomrule
\end{tabular}
\caption{Both variants on 1500 + 1500 test jets; errors in the last digits.}
\end{table}
"""


def test_a_latex_caption_states_the_test_set_of_its_table_rows() -> None:
    # 0.8840(9) is +- 0.0009; Hanley-McNeil for 1500 + 1500 jets at AUC 0.884 is about 0.006
    assert _of("uncertainty_vs_sample_size", LATEX_TABLE, "paper.tex") == [8]
    bigger = LATEX_TABLE.replace("1500 + 1500", "500000 + 500000")
    assert not _of("uncertainty_vs_sample_size", bigger, "paper.tex")


def test_a_verdict_after_the_colon_judges_the_two_numbers_before_it() -> None:
    text = ("The original work quotes 0.742 ± 0.003 for this setting, while our rerun gives 0.735 ± 0.006:\n"
            "our number is significantly lower than theirs, which we trace to the shorter schedule.\n")
    assert _of("significance_unsupported", text, "rerun.txt")
    far = text.replace("0.735 ± 0.006", "0.705 ± 0.006")  # 5.5 sigma: significant indeed
    assert not _of("significance_unsupported", far, "rerun.txt")


def test_cant_tell_is_a_claim_that_the_jets_are_indistinguishable() -> None:
    text = ("- classifier test, real vs generated, 30k + 30k jets:\n"
            "  - v3: AUC 0.571 ± 0.003\n"
            "  - v4: AUC 0.558 ± 0.003\n"
            "  - v4 is close to 0.5 → the network can't tell v4 jets from real ones now\n")
    assert _of("classifier_test_vs_null", text, "log.md") == [3, 4]
    assert not _of("classifier_test_vs_null", text.replace("can't tell", "can tell"), "log.md")


def test_a_number_said_of_a_bracketed_expression_of_the_auc_is_not_an_auc() -> None:
    # "(AUC − 0.5)": the margin over chance; 0.131 and 0.052 are margins, no AUCs below one half
    text = "- the margin over chance (AUC − 0.5) shrank from 0.131 to 0.052, a lot less.\n"
    assert not _of("auc_below_half", text, "notes.md")
    assert _of("auc_below_half", "- the AUC went from 0.131 to 0.052, a lot less.\n", "notes.md")


JUNIT = """<testsuite name="tok" tests="1">
  <testcase classname="t.q" name="test_codebook_resolution" time="88.406">
    <properties>
      <property name="codebook_size" value="512"/>
    </properties>
    <system-out>codes hit: 480/512 on 4000000 tokens
rarest live code carries 3.0e-07
perplexity check (perplexity &gt; 0.4 * live_codes): 402.1 &gt; 192.0 -&gt; ok
</system-out>
  </testcase>
</testsuite>
"""


def test_a_test_reports_captured_output_is_read_line_by_line() -> None:
    # "carries 3.0e-07" ends its printed line; "perplexity" opens the next: no perplexity of 3e-7
    assert not _of("impossible_value", JUNIT, "report.xml")
    assert not found(JUNIT.replace("402.1", "420.5"), "report.xml")


def test_a_duration_attribute_and_a_factor_are_no_values_of_the_names_near_them() -> None:
    # time="88.406" of a test named for a resolution is how long it ran; "0.4 * live_codes" is a factor
    text = JUNIT.replace("3.0e-07", "0.002 of tokens")
    assert not _of("impossible_value", text, "report.xml")
    said = ('<testcase name="test_mass_resolution" time="61.2"/>\n'
            "<system-out>relative mass resolution: 0.031; round trip is perfect</system-out>\n")
    assert all("61.2" not in f.message for f in referee(said, name="r.xml").findings)


def test_a_test_log_line_led_by_its_source_position_names_its_version() -> None:
    # go test's t.Logf prefix "width_test.go:88:" says where it printed from; "v1:" and "v2:" name two versions
    text = ("=== RUN   TestWidth/v1\n"
            "    width_test.go:88: v1: 68% half-width = 7.1 GeV (5.7% of the peak)\n"
            "=== RUN   TestWidth/v2\n"
            "    width_test.go:88: v2: 68% half-width = 8.3 GeV (6.6% of the peak)\n"
            "    width_test.go:97: v1: bias = 0.4 GeV\n"
            "    width_test.go:97: v2: bias = 0.2 GeV\n")
    assert not _of("inconsistent_numbers", text, "go_test.txt")


def test_significant_where_the_report_never_gives_the_quantity_an_error() -> None:
    text = ("Scorecard, W1 distances to the real jets (x 1e-3):\n"
            "FlowA: W1 of mass 0.44, W1 of width 0.63, W1 of angle 0.51.\n"
            "GAN-B on the same jets: 0.52, 0.70, 0.58.\n"
            "\n"
            "So FlowA is significantly closer to the real jets than GAN-B on all W1 metrics.\n")
    assert _of("significance_unsupported", text, "thread.txt") == [5]
    with_err = text.replace("0.44,", "0.44 ± 0.02,").replace("0.63,", "0.63 ± 0.03,")
    assert not _of("significance_unsupported", with_err, "thread.txt")
