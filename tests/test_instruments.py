"""Instrument engine: scoring worked by hand, every rule for missing answers, and files with
errors rejected with every error named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from peerdesk import instruments
from peerdesk.domain.instruments import InstrumentError, ScoringError, parse, score

BARC = instruments.load_builtin("barc10")

# A small made-up instrument exercising everything BARC-10 does not: reverse scoring,
# subscales, means and proration.
TOY = {
    "id": "toy", "title": "Toy scale", "version": "1", "citation": "Test only.",
    "licence": "Test only.", "languages": ["en", "es"],
    "scales": [{"id": "s4", "options": [{"value": v, "label": str(v)} for v in range(1, 5)]}],
    "items": [{"id": f"i{n}", "scale": "s4", "text": {"en": f"Item {n}", "es": f"Ítem {n}"},
               "reverse": n in (2, 4)} for n in range(1, 7)],
    "scoring": {"method": "sum", "missing": "prorate", "min_answered": 4},
    "subscales": [
        {"id": "a", "title": "A", "items": ["i1", "i2", "i3"], "method": "mean",
         "missing": "prorate", "min_answered": 2},
        {"id": "b", "title": "B", "items": ["i4", "i5", "i6"], "method": "sum",
         "missing": "refuse"},
    ],
    "bands": [{"applies_to": "total", "min": 18, "max": 24, "label": "High",
               "source": "Made up for the test."}],
}


def test_barc10_is_the_published_instrument() -> None:
    assert len(BARC.items) == 10
    assert {(o.value, o.label) for o in BARC.items[0].scale.options} >= {
        (1, "Strongly disagree"), (6, "Strongly agree")}
    assert BARC.items[0].text["en"] == (
        "There are more important things to me in life than using substances.")
    assert BARC.range_of(BARC.total) == (10, 60)
    assert "Vilsaint" in BARC.citation


@pytest.mark.parametrize("answers, total, at_cutoff", [
    ([1] * 10, 10, False),
    ([6] * 10, 60, True),
    ([5, 4, 6, 3, 5, 5, 4, 6, 5, 4], 47, True),   # 5+4+6+3+5+5+4+6+5+4 = 47: at the cut-off
    ([5, 4, 6, 3, 5, 5, 4, 6, 5, 3], 46, False),  # one point below
    ([2, 3, 1, 4, 2, 3, 2, 5, 3, 2], 27, False),
])
def test_barc10_hand_worked(answers: list[int], total: int, at_cutoff: bool) -> None:
    result = score(BARC, answers)
    assert result.total == total
    assert ("total" in result.bands) is at_cutoff
    if at_cutoff:
        assert result.bands["total"] == ("At or above the score associated with sustained "
                                          "remission")


def test_barc10_refuses_missing_answers() -> None:
    result = score(BARC, [5, 4, None, 3, 5, 5, 4, 6, 5, 4])
    assert result.total is None and result.answered == 9


@pytest.mark.parametrize("answers, message", [
    ([5] * 9, "10 items; 9 answers"),
    ([5] * 11, "10 items; 11 answers"),
    ([5, 4, 7, 3, 5, 5, 4, 6, 5, 4], "Item q3: 7 is not an answer"),
    ([0] * 10, "Item q1: 0 is not an answer"),
])
def test_out_of_range_and_wrong_count_are_rejected(answers, message) -> None:
    with pytest.raises(ScoringError, match=message):
        score(BARC, answers)


def test_reverse_scoring_subscales_and_proration_by_hand() -> None:
    toy = parse(TOY, "toy")
    # raw 4,1,3,1,2,4 -> reversed i2: 5-1=4, i4: 5-1=4 -> 4,4,3,4,2,4 = 21
    full = score(toy, [4, 1, 3, 1, 2, 4])
    assert full.total == 21 and not full.prorated and full.bands == {"total": "High"}
    assert full.subscales == {"a": pytest.approx(3.67, abs=0.01), "b": 10}
    # i3 missing: total prorated 18 * 6/5 = 21.6; subscale a is a mean of two -> 4.0;
    # b (refuse) still complete
    part = score(toy, [4, 1, None, 1, 2, 4])
    assert part.total == 21.6 and part.prorated
    assert part.subscales == {"a": 4.0, "b": 10}
    # i5 missing: b refuses; total prorated 19 * 6/5 = 22.8
    refuse = score(toy, [4, 1, 3, 1, None, 4])
    assert refuse.subscales["b"] is None and refuse.total == 22.8
    # only 3 answered: below the minimum of 4 for the total
    few = score(toy, [4, 1, 3, None, None, None])
    assert few.total is None and few.subscales["a"] == pytest.approx(3.67, abs=0.01)


def test_a_file_with_errors_names_every_error() -> None:
    broken = {
        "id": "bad", "title": "", "version": "1", "licence": "x",
        "scales": [{"id": "s", "options": [{"value": 1, "label": "One"},
                                           {"value": 1, "label": "Also one"}]}],
        "items": [{"id": "a", "scale": "s", "text": "A"}, {"id": "a", "scale": "s", "text": ""},
                  {"id": "c", "scale": "missing-scale", "text": "C"}],
        "scoring": {"method": "median", "missing": "guess", "min_answered": 9},
        "subscales": [{"id": "x", "items": ["a", "zzz"]}],
        "bands": [{"applies_to": "nothing", "min": 5, "max": 1, "label": "L"}],
    }
    with pytest.raises(InstrumentError) as err:
        parse(broken, "bad.toml")
    text = "\n".join(err.value.problems)
    for expected in ["'title' is missing", "'citation' is missing", "two options share a value",
                     "item id 'a' is used twice", "items[2]: text is missing",
                     "scale 'missing-scale' is not defined", "'method' must be one of",
                     "'missing' must be one of", "'min_answered' must be between",
                     "item 'zzz' does not exist", "'applies_to' names no score",
                     "'min' is above 'max'", "'source' is missing"]:
        assert expected in text, expected
    assert len(err.value.problems) >= 13


def test_syntax_errors_and_unknown_names(tmp_path: Path) -> None:
    bad = tmp_path / "broken.toml"
    bad.write_text("id = 'x'\ntitle = [unclosed\n")
    with pytest.raises(InstrumentError, match="not valid TOML"):
        instruments.load(str(bad))
    with pytest.raises(InstrumentError, match="no built-in instrument named 'nope'"):
        instruments.load("nope")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "peerdesk", "instrument", "check", *args],
                          capture_output=True, text=True, timeout=60)


def test_cli_instrument_check(tmp_path: Path) -> None:
    ok = _cli("barc10", "--score", "5,4,6,3,5,5,4,6,5,4")
    assert ok.returncode == 0 and "Total: 47" in ok.stdout
    assert "sustained remission" in ok.stdout
    missing = _cli("barc10", "--score", "5,4,,3,5,5,4,6,5,4")
    assert missing.returncode == 0 and "not scored" in missing.stdout
    for answers in ("5,4,7,3,5,5,4,6,5,4", "1,2,3", "a,b,c,d,e,f,g,h,i,j"):
        bad = _cli("barc10", "--score", answers)
        assert bad.returncode == 1 and bad.stderr.startswith("peerdesk: error: ")
        assert "Traceback" not in bad.stderr
    broken = tmp_path / "mine.toml"
    broken.write_text('id = "mine"\n[[items]]\nid = "a"\nscale = "none"\n')
    done = _cli(str(broken))
    assert done.returncode == 1 and "problem(s)" in done.stderr
    assert "scale 'none' is not defined" in done.stderr
