"""The referee's readings of structured files and web pages (session ref32c, blind round 32, b98): an XWiki table's '|='
header, PROV-JSON typed literals under prefixed camelCase keys, a Jupytext data frame's quoted columns, a W1 distance
named in words, a gain restated from a table's gain column. Each test a general reading, in words no blind report used."""

from __future__ import annotations

from agents.referee.referee import referee


def _rules(text: str, name: str = "report.md") -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in referee(text, name).findings]


# ---- a scope word right after a number is that number's --------------------------------------------------------------
SCAN = """{
  "windows": [
    {"name": "w07", "note": "the 3.1 local excess is a 1.4 sigma effect once all 25 windows are counted"},
    {"name": "w08", "global_z": 2.2, "note": "best window after the trials correction"}
  ]
}
"""


def test_a_local_word_after_the_number_before_is_not_the_next_numbers_scope() -> None:
    assert ("inconsistent_numbers", 4) not in _rules(SCAN, "scan.json")
    said_local = SCAN.replace("is a 1.4 sigma effect once", "is a local 1.4 sigma effect once")
    assert ("inconsistent_numbers", 4) in _rules(said_local, "scan.json")


# ---- a quoted column of a data frame is named by its own key --------------------------------------------------------
FRAME = """# %% [markdown]
# Perplexity is exp(H) of the code usage.

# %%
tab = pd.DataFrame({
    "perplexity": [120,   230,   410],
    "rel_width":  [0.052, 0.031, 0.024],
})
"""


def test_a_quoted_column_under_a_perplexity_column_is_no_perplexity() -> None:
    assert ("impossible_value", 7) not in _rules(FRAME, "scan.py")
    unkeyed = FRAME.replace('"rel_width":  [0.052, 0.031, 0.024],', '"perplexity_b": [0.052, 0.031, 0.024],')
    assert ("impossible_value", 7) in _rules(unkeyed, "scan.py")


# ---- a factor per step of a scan --------------------------------------------------------------------------------------
def test_a_factor_per_doubling_is_a_rate_not_the_change_between_the_ends() -> None:
    text = "* The width shrinks steadily with the codebook (8.0% → 2.0%), about a factor 1.6 per doubling of K.\n"
    assert ("inconsistent_numbers", 1) not in _rules(text)
    total = text.replace(" per doubling of K", " overall")
    assert ("inconsistent_numbers", 1) in _rules(total)


# ---- how often one side ranks first -----------------------------------------------------------------------------------
def test_how_often_a_score_ranks_one_class_above_the_other_is_no_second_auc() -> None:
    text = "An AUC of 0.31 means the tagger puts QCD jets above W jets 69% of the time: it is reversed, not useless.\n"
    assert ("comparison_direction", 1) not in _rules(text)
    two_aucs = "An AUC of 0.31 means the tagger is above the baseline AUC of 69%.\n"
    assert ("comparison_direction", 1) in _rules(two_aucs)


# ---- an XWiki table's header --------------------------------------------------------------------------------------------
XWIKI = """== Working points ==

|=WP|=ε,,S,, (signal kept)|=ε,,B,, (fraction of QCD kept)|=R = 1/ε,,B,,
|Loose|0.80|0.0310|32
|Wide|0.95|1.08|0.93
"""


def test_an_xwiki_header_names_the_columns_of_the_rows_under_it() -> None:
    assert ("impossible_value", 5) in _rules(XWIKI, "page.txt")
    sane = XWIKI.replace("|Wide|0.95|1.08|0.93", "|Wide|0.95|0.108|9.3")
    assert ("impossible_value", 5) not in _rules(sane, "page.txt")


# ---- a W1 distance named in words, printed with its power of ten --------------------------------------------------------
CARD = """{
  "description": "The sample reaches W1M = 0.52 x 10^-3 and W1P = 0.71 x 10^-3 on the JetNet protocol.",
  "limitations": "The mass is modelled worst (jet-mass W1 of 0.83 x 10^-3 against the real jets)."
}
"""


def test_a_jet_mass_w1_in_words_restates_the_w1m_given_before() -> None:
    assert ("inconsistent_numbers", 3) in _rules(CARD, "card.json")
    agrees = CARD.replace("jet-mass W1 of 0.83 x 10^-3", "jet-mass W1 of 0.52 x 10^-3")
    assert ("inconsistent_numbers", 3) not in _rules(agrees, "card.json")


# ---- PROV-JSON typed literals under prefixed camelCase keys ------------------------------------------------------------
PROV = """{
  "entity": {
    "ex:bump_fit": {
      "ex:nWindows": {"$": "25", "type": "xsd:int"},
      "ex:localP0": {"$": "2.9e-04", "type": "xsd:double"},
      "ex:localZ": {"$": "4.1", "type": "xsd:double"}
    }
  }
}
"""


def test_a_typed_literal_is_the_number_of_its_prefixed_key() -> None:
    assert ("inconsistent_numbers", 6) in _rules(PROV, "prov.json")
    matching = PROV.replace('"$": "4.1"', '"$": "3.4"')
    assert ("inconsistent_numbers", 6) not in _rules(matching, "prov.json")


# ---- a gain restated from a table's gain column, its test set beside training counts ------------------------------------
BUDGET = """<p>The pre-training pool has 2.0M unlabelled jets. Label budgets are 1% (20,000 jets) and 100%.
   Each model is scored on the same test set of 1,500 top and 1,500 QCD jets.</p>
<table>
  <thead><tr><th>Labels</th><th>Scratch (AUC)</th><th>Pre-trained (AUC)</th><th>Gain</th></tr></thead>
  <tbody>
    <tr><td>1%</td><td>0.9012</td><td>0.9071</td><td>+0.0059</td></tr>
    <tr><td>100%</td><td>0.9790</td><td>0.9796</td><td>+0.0006</td></tr>
  </tbody>
</table>
<p>With the full label set the gain is only 0.0006.
   With 1% of the labels, pre-training gives a significant improvement of 0.0059 in AUC.</p>
"""


def test_a_significant_gain_printed_in_a_table_row_above_is_judged_by_its_test_set() -> None:
    assert ("significance_unsupported", 11) in _rules(BUDGET, "page.html")
    large = BUDGET.replace("1,500 top and 1,500 QCD", "150,000 top and 150,000 QCD")
    assert ("significance_unsupported", 11) not in _rules(large, "page.html")


# ---- ahead of another model -----------------------------------------------------------------------------------------------
def test_ahead_of_another_model_in_a_lower_is_better_distance() -> None:
    text = "Lower is better for every W1.\n\nOn the pT we are now ahead of MP-GAN (W1P 0.81 vs 0.66), our best result.\n"
    assert ("comparison_direction", 3) in _rules(text)
    right = text.replace("(W1P 0.81 vs 0.66)", "(W1P 0.61 vs 0.66)")
    assert ("comparison_direction", 3) not in _rules(right)
    timing = "We finished the W1P study (0.81 vs 0.66) well ahead of the workshop.\n"
    assert ("comparison_direction", 1) not in _rules(timing)


# ---- rejections at a working point, a row per model, against several rivals -------------------------------------------
LEADERBOARD = """| model | R50 (1/eps_B at eps_S = 0.5) | R30 (1/eps_B at eps_S = 0.3) |
|---|---|---|
| NetA | 410 | 1700 |
| NetB | 480 | 2050 |
| ours-v2 | 450 | 1900 |

Some text in between.

At 30% signal efficiency ours-v2 rejects more QCD jets than both NetA and NetB.
"""


def test_a_rejection_claim_at_a_signal_efficiency_takes_each_sides_row_at_that_point() -> None:
    assert ("comparison_direction", 9) in _rules(LEADERBOARD)
    true = LEADERBOARD.replace("| ours-v2 | 450 | 1900 |", "| ours-v2 | 450 | 2300 |")
    assert ("comparison_direction", 9) not in _rules(true)

