"""Judging rules of issue 15 on judge.judge_figure: exclusions, time, cumulative falls, disputes, wording."""

from __future__ import annotations

from monitor import consensus as cons
from monitor.config import validate_config
from monitor.judge import dispute_key, figure_interval, judge_figure
from monitor.records import Claim, Frame, StoredVote

CONFIG = validate_config({"topics": [{"name": "vell-flood", "match": ["Vell"], "metrics": [
    {"key": "dead", "counts": ["people"], "state": "killed", "kind": "cumulative", "tolerance": 0.05},
    {"key": "stranded", "counts": ["people"], "state": "stranded", "kind": "level", "tolerance": 0.05},
    {"key": "peak", "counts": ["people"], "kind": "forecast", "tolerance": 0.05},
]}]})
TOPIC = CONFIG.topics[0]
METRIC = {m.key: m for m in TOPIC.metrics}


def claim(value, speaker="Relief agency", qualifier="exact", idx=0, **frame) -> Claim:
    return Claim(article="x.txt", start=0, end=3, text=f"{value:,}", sentence=f"The agency counts {value:,} people.",
                 low=value, high=value, qualifier=qualifier, counted="people", speaker=speaker, index=idx,
                 vague=frame.pop("vague", False), frame=Frame(**frame))


def stored(lineage, value, when, claim_id=1, metric="dead"):
    iv = figure_interval(claim(value), METRIC[metric])
    return StoredVote(vote=cons.Vote(lineage=lineage, interval=iv, value=value, claim_id=claim_id, seq=claim_id, time=when))


def run(c, lineage, metric, votes, when="2024-04-10"):
    m = METRIC[metric]
    return judge_figure(claim=c, claim_id=99, lineage=lineage, interval=figure_interval(c, m), topic=TOPIC, metric=m,
                        votes={v.lineage: v for v in votes}, article_hash="h", now="2024-04-10T00:00:00", time=when)


def test_a_cumulative_fall_of_the_same_lineage_contradicts_unless_a_correction():
    votes = [stored("agency", 500, "2024-04-08")]
    v = run(claim(300), "agency", "dead", votes)
    assert v.verdict is cons.Verdict.CONTRADICTION and v.alert is not None
    assert "at least 500" in v.alert.message
    v = run(claim(300, correction=True), "agency", "dead", votes)
    assert v.verdict is cons.Verdict.UPDATE
    assert run(claim(520), "agency", "dead", votes).verdict is not cons.Verdict.CONTRADICTION  # within tolerance
    assert run(claim(900), "agency", "dead", votes).verdict is cons.Verdict.UPDATE


def test_an_earlier_time_lower_count_published_later_is_no_fall():
    votes = [stored("agency", 500, "2024-04-08"), stored("ministry", 520, "2024-04-09", 2)]
    v = run(claim(120, speaker="Mayor"), "mayor", "dead", votes, when="2024-04-05")
    assert v.verdict is cons.Verdict.FIRST and v.alert is None


def test_unattributed_figures_do_not_fall_below_themselves():
    votes = [stored("unattributed", 500, "2024-04-08")]
    v = run(claim(300, speaker=None), "unattributed", "dead", votes)
    assert v.verdict is not cons.Verdict.CONTRADICTION and (v.alert is None or v.alert.kind != "contradiction")


def test_stale_level_votes_no_longer_make_the_consensus():
    votes = [stored("port", 100, "2024-04-01", metric="stranded")]
    assert run(claim(400), "agency", "stranded", votes, when="2024-04-10").verdict is cons.Verdict.FIRST
    assert run(claim(400), "agency", "stranded", votes, when="2024-04-05").verdict is cons.Verdict.CONTRADICTION


def test_vague_and_hypothetical_figures_never_vote_or_alert():
    votes = [stored("port", 100, "2024-04-09", metric="stranded")]
    for c in (claim(900, vague=True), claim(900, modality="hypothetical"), claim(900, modality="forecast")):
        v = run(c, "agency", "stranded", votes)
        assert (v.verdict, v.vote, v.alert) == (cons.Verdict.EXCLUDED, None, None)
    assert run(claim(900, modality="forecast"), "agency", "peak", []).vote is not None  # a forecast metric takes it


def test_projections_vote_but_never_contradict_one_another():
    votes = [stored("agency", 900, "2024-04-09", metric="peak")]
    v = run(claim(20_000, modality="forecast"), "mayor", "peak", votes)
    assert v.vote is not None and v.alert is None


def test_a_restatement_never_alerts_and_does_not_replace_a_newer_vote():
    votes = [stored("port", 100, "2024-04-09", metric="stranded"), stored("agency", 120, "2024-04-09", 2, "stranded")]
    v = run(claim(900, restated=True, time="2024-04-02"), "agency", "stranded", votes)
    assert v.alert is None and v.vote is None and v.verdict is cons.Verdict.RESTATEMENT


def test_a_retracted_figure_drops_the_matching_vote_of_any_lineage():
    votes = [stored("agency", 500, "2024-04-08"), stored("relay", 900, "2024-04-09", 2)]
    v = run(claim(900, retracted=True), "un", "dead", votes)
    assert v.drop == ("relay",) and v.vote is None and v.alert is None


def test_a_dispute_is_keyed_by_who_stands_above_whom():
    low = cons.Judgement(verdict=cons.Verdict.CONTRADICTION, direction="below",
                         against=cons.Consensus(band=None, supporters=("organisers",)))
    high = cons.Judgement(verdict=cons.Verdict.CONTRADICTION, direction="above",
                          against=cons.Consensus(band=None, supporters=("police",)))
    # Police below the organisers, then the organisers above the police: one dispute, the same way.
    assert dispute_key("crowd", "police", low) == dispute_key("crowd", "organisers", high) == "crowd|organisers>police"


def test_an_even_split_shows_both_sides():
    votes = [stored("police", 100, "2024-04-09", metric="stranded"),
             stored("organisers", 300, "2024-04-09", 2, "stranded")]
    v = run(claim(1000, speaker="Ferry union"), "ferry union", "stranded", votes)
    assert v.alert is not None and "split:" in v.alert.message
    assert "(police)" in v.alert.message and "(organisers)" in v.alert.message
    assert v.alert.message.startswith("Ferry union (ferry union)") is False  # a speaker is not named twice


def test_an_unattributed_cumulative_count_below_what_was_counted_contradicts():
    votes = [stored("ministry", 5_600, "2024-04-08")]
    v = run(claim(2_562, speaker=None), "unattributed", "dead", votes)
    assert v.alert is not None and v.alert.kind == "contradiction" and v.vote is None
    # above the count, it accuses nobody
    above = run(claim(9_000, speaker=None), "unattributed", "dead", votes)
    assert above.verdict is not cons.Verdict.CONTRADICTION and (above.alert is None or above.alert.kind != "contradiction")


def test_a_higher_count_in_the_same_report_from_another_source_contradicts():
    from monitor.records import Quote
    junta = stored("junta", 2_056, "2024-04-10")
    junta = StoredVote(vote=junta.vote, quote=Quote(speaker="Junta", sentence="", article="x.txt", text="2,056",
                                                    low=2056, high=2056))
    v = run(claim(2_400, speaker="Opposition"), "opposition", "dead", [junta])
    assert v.alert is not None and v.alert.kind == "contradiction"
    # the same count a day later, in another report, is a rise
    later = StoredVote(vote=junta.vote, quote=Quote(speaker="Junta", sentence="", article="y.txt", text="2,056",
                                                    low=2056, high=2056))
    assert run(claim(2_400, speaker="Opposition"), "opposition", "dead", [later]).verdict is cons.Verdict.UPDATE


def test_a_level_that_moves_for_a_reason_given_with_it_is_an_update():
    votes = [stored("port", 1_000, "2024-04-09", metric="stranded")]
    v = run(claim(400, speaker="Police"), "police", "stranded", votes)
    assert v.verdict is cons.Verdict.CONTRADICTION  # no reason given: the figures disagree
    v = run(claim(400, speaker="Police", explained=True), "police", "stranded", votes)
    assert v.verdict is cons.Verdict.UPDATE and (v.alert is None or v.alert.kind != "contradiction")
    # A cumulative count gives no reason to fall.
    votes = [stored("agency", 500, "2024-04-08")]
    assert run(claim(300, speaker="Mayor", explained=True), "mayor", "dead", votes).verdict is cons.Verdict.CONTRADICTION
