"""Statements without a figure: affirm, deny, hedge, or no stance at all (fresh sentences)."""

from __future__ import annotations

import pytest

from monitor.config import validate_config
from monitor.extract import Extractor
from monitor.extract.statements import StatementFinder
from monitor.pipeline import Pipeline
from monitor.records import Document
from monitor.store import Store

CONFIG = {
    "topics": [
        {
            "name": "kestria-mercenaries",
            "match": ["Kestria", "Kestrian", "mercenaries"],
            "metrics": [
                {"key": "mercs_sent", "counts": ["mercenaries", "fighters"], "kind": "estimate", "tolerance": 0.25,
                 "affirms": "mercs_sent_prop"},
            ],
            "propositions": [
                {"key": "mercs_fighting", "description": "Kestrian mercenaries take part in the fighting",
                 "subjects": ["Kestrian mercenaries", "Kestrian fighters", "mercenaries from Kestria"],
                 "predicates": ["fighting", "fight", "involved in the fighting", "engaged in combat", "on the front line"]},
                {"key": "mercs_sent_prop", "description": "Kestria has sent mercenaries",
                 "subjects": ["Kestria"], "predicates": ["sent mercenaries", "send mercenaries", "deployment"]},
            ],
        }
    ]
}


@pytest.fixture(scope="module")
def finder_extractor(nlp):
    config = validate_config(CONFIG)
    return Extractor(nlp, statement_finder=StatementFinder(config))


def statements(extractor, text):
    _, st = extractor.extract(Document(uri="s.txt", text=text))
    return st


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("The envoy said that Kestrian mercenaries were fighting near the dam.", "affirm"),
        ("Kestrian mercenaries are fighting on two fronts, a militia commander told reporters.", "affirm"),
        ("The defence minister said Kestrian mercenaries are not fighting in the region.", "deny"),
        ("The ministry said there was no evidence that Kestrian mercenaries are involved in the fighting.", "deny"),
        ("The general said he can't confirm reports that Kestrian mercenaries are engaged in combat.", "deny"),
        ("The government denied that Kestrian mercenaries were fighting in the valley.", "deny"),
        ("Kestria dismissed the reports of a mercenary deployment as fake news.", "deny"),
        ("The foreign office rejected claims that Kestrian fighters were on the front line.", "deny"),
        ("The monitor said there is no sign that Kestrian mercenaries are fighting.", "deny"),
        ("Not only are Kestrian mercenaries fighting, but they also run supply lines, the colonel said.", "affirm"),
        ("The mayor confirmed that Kestrian mercenaries were fighting in the suburbs.", "affirm"),
        ("A spokesman said there were no plans for Kestrian mercenaries to fight in the valley.", "deny"),
    ],
)
def test_stance(finder_extractor, text, stance):
    found = [s for s in statements(finder_extractor, text) if s.proposition in ("mercs_fighting", "mercs_sent_prop")]
    assert found, text
    assert found[0].stance == stance


@pytest.mark.parametrize(
    "text",
    [
        "Reports that Kestrian mercenaries were fighting near the dam were being evaluated by analysts.",
        "The envoy said he did not know where Kestrian mercenaries would be fighting next.",
    ],
)
def test_mentions_without_a_stance(finder_extractor, text):
    assert statements(finder_extractor, text) == []


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("The envoy said it is possible that Kestrian mercenaries are fighting near the dam.", True),
        ("Kestrian mercenaries may be fighting near the dam, the envoy said.", True),
        ("The envoy said Kestrian mercenaries were fighting near the dam.", False),
        ("The envoy said he could not confirm that Kestrian mercenaries were fighting near the dam.", False),
    ],
)
def test_hedges(finder_extractor, text, hedged):
    assert statements(finder_extractor, text)[0].hedged is hedged


def test_speaker_and_span(finder_extractor):
    text = "Rebel spokesman Ivo Marn said that Kestrian mercenaries were fighting near the dam."
    st = statements(finder_extractor, text)[0]
    assert st.speaker == "Rebel spokesman Ivo Marn" and st.speaker_key == "marn"
    assert text[st.start : st.end] == "Kestrian mercenaries were fighting"


def test_disputes_alert_once_and_figures_affirm(tmp_path, nlp):
    config = validate_config(CONFIG)
    pipe = Pipeline(config, Store(tmp_path / "m.db"), Extractor(nlp, statement_finder=StatementFinder(config)))

    def run(name, text):
        return [a for a in pipe.process(Document(uri=name, text=text)).alerts if a.get("proposition")]

    assert run("a.txt", "Rebel spokesman Ivo Marn said Kestrian mercenaries were fighting near the dam.") == []
    first = run("b.txt", "Kestria's defence minister Ana Vole said Kestrian mercenaries were not fighting anywhere.")
    assert [(a["kind"], a["proposition"]) for a in first] == [("contradiction", "mercs_fighting")]
    assert first[0]["consensus"]["lineages"][0]["quote"].startswith("Rebel spokesman Ivo Marn said")
    again = run("c.txt", "Defence minister Ana Vole repeated that Kestrian mercenaries are not fighting in the war.")
    assert again == []
    # A figure on a metric that affirms a proposition takes the affirm side for its speaker.
    run("d.txt", "Kestria has sent 2,000 mercenaries to the front, the rebel commander Piet Orm said.")
    denial = run("e.txt", "Ana Vole, Kestria's defence minister, denied that Kestria sent mercenaries.")
    assert [(a["kind"], a["proposition"]) for a in denial] == [("contradiction", "mercs_sent_prop")]
    changed = run("f.txt", "Ana Vole said on Friday that Kestrian mercenaries were fighting near the dam after all.")
    assert [a["kind"] for a in changed] == ["update"]
    pipe.close()
