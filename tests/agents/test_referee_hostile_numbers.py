"""Numbers written to stall the referee: a line of thousands of comma groups ("999,999,...") or a run of thousands of
digits once made every number pattern try each start to the line's end (quadratic: 32000 groups took 52 s; a 2 MiB
review hours). Grouped numbers are read up to seven groups (10^24; no report states more) and digit runs past 400 are
no count; their times are measured in benchmarks/referee_flood.py, not asserted here."""
from __future__ import annotations

import re

from agents.referee.numbers import stated_counts
from agents.referee.referee import referee
from agents.referee.vocabulary import NUM


def test_a_grouped_number_is_read_whole_up_to_seven_groups() -> None:
    assert re.fullmatch(NUM, "1,000,000,000,000,000,000,000")  # seven groups: read whole, as before
    assert re.match(NUM, "999," * 20 + "999").group(0) == "999" + ",999" * 7  # past seven, a new number starts


def test_a_test_set_is_still_counted_beside_a_hostile_digit_run() -> None:
    text = "Evaluated on 20,000 test jets.\nAlso tested on " + "9" * 5000 + " jets.\n"
    assert {(k, line) for k, _, line, _, _ in stated_counts(text)} == {(20000, 1)}


def test_a_line_of_comma_groups_and_a_long_digit_run_are_read_without_a_finding() -> None:
    for text in ("AUC 0.91 on " + ",".join(["999"] * 3000) + " jets.\n",
                 "The tagger reaches AUC 0.91 on " + "9" * 20000 + " test jets.\n"):
        assert referee(text, "x.md").findings == []


def test_the_cache_of_repeated_lines_keeps_no_long_text() -> None:
    """read_numbers reads a repeated line once; a line longer than CACHED_TEXT is never kept by the cache (thousands of
    distinct megabyte lines, review after review, would otherwise stay in memory), and both paths read alike."""
    from agents.referee.numbers import CACHED_TEXT, _read_numbers, read_numbers

    short = "AUC 0.912 ± 0.004 on 20k jets"
    long = short + " " + "x" * CACHED_TEXT
    _read_numbers.cache_clear()
    assert [v.value for v in read_numbers(short)] == [v.value for v in read_numbers(short)] == [0.912]
    assert _read_numbers.cache_info().hits == 1
    read_numbers(long)
    assert _read_numbers.cache_info().currsize == 1
    assert [v.value for v in read_numbers(long)] == [0.912]
    first = read_numbers(short)
    first[0].value = -1.0  # a caller changing its copy changes no one else's
    assert read_numbers(short)[0].value == 0.912
