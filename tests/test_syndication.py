"""Syndication is the same report: the lead and its figures, not shared background paragraphs."""

from __future__ import annotations

from monitor.config import validate_config
from monitor.extract import Extractor
from monitor.pipeline import Pipeline
from monitor.records import Document
from monitor.store import Store
from monitor.syndication import is_copy, lead, shingles

BACKGROUND = (
    "The Tarn valley has flooded four times since the weir was rebuilt. Engineers warned last year that the "
    "embankment north of Holm was too low for a spring melt. The regional council approved a new levee in "
    "March but work has not started. Farmers downstream have asked for compensation for lost fields. "
    "The river crested at a record level on Sunday night before falling slowly."
)
CONFIG = {
    "topics": [{"name": "tarn-flood", "match": ["Tarn", "Holm"], "metrics": [
        {"key": "evacuated", "counts": ["people", "residents"], "near": ["evacuated", "left their homes"],
         "kind": "level", "tolerance": 0.05},
    ]}],
}


def article(headline: str, body: str) -> str:
    return f"{headline}\n\n{body}\n\n{BACKGROUND}\n"


def test_the_lead_skips_the_headline_and_takes_a_short_first_paragraph_with_the_next():
    text = "Holm evacuates as river rises\n\nHOLM - Short first line.\n\nSecond paragraph here.\n\nThird one."
    assert lead(text) == "HOLM - Short first line.\nSecond paragraph here."


def test_shared_background_with_a_different_figure_is_no_copy():
    assert not is_copy(0.9, 20, 0.5, {("evacuated", 900.0, 900.0)}, lambda: {("evacuated", 4000.0, 4000.0)})
    assert is_copy(0.9, 20, 0.5, {("evacuated", 900.0, 900.0)}, lambda: {(None, 900.0, 900.0)})


def test_a_rewrite_may_add_a_background_figure_an_earlier_report_gave():
    mine = {("dead", 31.0, 31.0), ("rescuers", 2500.0, 2500.0)}
    theirs = lambda: {("dead", 31.0, 31.0)}  # noqa: E731
    assert not is_copy(0.9, 20, 0.5, mine, theirs)  # a figure the other lacks
    assert is_copy(0.9, 20, 0.5, mine, theirs, known=lambda figs: figs & {("rescuers", 2500.0, 2500.0)})
    assert not is_copy(0.9, 20, 0.5, mine, theirs, known=lambda figs: set())  # nobody gave it before: news


def test_two_reports_sharing_background_are_both_parsed_and_a_wire_rewrite_is_a_copy(tmp_path, nlp):
    pipe = Pipeline(validate_config(CONFIG), Store(tmp_path / "m.db"), Extractor(nlp), [])
    first = article("Holm empties as Tarn rises",
                    "HOLM, April 2 - About 900 residents were evacuated from Holm on Monday as the Tarn burst its "
                    "banks, the district mayor, Ruth Kessel, said. Police closed the two bridges into town.")
    other = article("Army moves families out of flooded valley",
                    "HOLM, April 3 - Soldiers moved 4,000 people out of villages along the Tarn overnight, the "
                    "defence ministry said on Tuesday, as water reached the church square.")
    rewrite = article("Tarn floods force hundreds from Holm",
                      "About 900 residents were evacuated from Holm on Monday as the Tarn burst its banks, the "
                      "district mayor, Ruth Kessel, told reporters. Police closed the two bridges into town.")
    assert len(set(shingles(BACKGROUND)) & set(shingles(other))) >= 10  # the background alone is a lot of text
    outcomes = [pipe.process(Document(uri=f"{n}.txt", text=t)) for n, t in (("a", first), ("b", other), ("c", rewrite))]
    assert [o.status for o in outcomes] == ["parsed", "parsed", "syndicated"]
    pipe.close()
