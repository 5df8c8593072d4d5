"""Articles in another language are skipped with the reason; English ones, foreign names and all, are parsed.

Every sentence here was written for this test (the fictional Ravna floods of the demo).
"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

from monitor.config import load_config
from monitor.extract import Extractor
from monitor.language import MIN_LETTERS, SAMPLE_CHARS, foreign_language
from monitor.pipeline import Pipeline
from monitor.records import Document
from monitor.sinks.jsonl import JsonlSink
from monitor.store import Store

GERMAN = (
    "Hochwasser an der Ravna: Die Zahl der Toten ist auf 74 gestiegen\n\n"
    "Ostrel. Der nationale Katastrophenschutz hat am Mittwoch mitgeteilt, dass beim Hochwasser an der Ravna "
    "inzwischen 74 Menschen ums Leben gekommen sind. Rund 40.000 Bewohner mussten ihre Häuser verlassen und "
    "schlafen in Turnhallen und Schulen. Die Sozialministerin sprach dagegen von etwa 8.000 Vertriebenen, "
    "eine Zahl, die Hilfsorganisationen als viel zu niedrig bezeichneten. Mehr als 1.200 Helfer sind im "
    "Einsatz, und der Pegel soll erst am Wochenende sinken."
)
FRENCH = (
    "Crue de la Ravna : le bilan s'alourdit à 74 morts\n\n"
    "Ostrel. Selon le service national des urgences, la crue de la Ravna a désormais fait 74 morts. Près de "
    "40 000 habitants ont dû quitter leur logement et dorment dans des gymnases et des écoles. La ministre des "
    "Affaires sociales a toutefois parlé d'environ 8 000 déplacés, un chiffre que les organisations "
    "humanitaires jugent bien trop faible. Plus de 1 200 sauveteurs sont mobilisés et le niveau de l'eau ne "
    "devrait baisser qu'en fin de semaine."
)
SPANISH = (
    "Inundaciones del Ravna: el número de muertos asciende a 74\n\n"
    "Ostrel. El servicio nacional de emergencias informó el miércoles de que las inundaciones del río Ravna "
    "han causado ya 74 muertos. Cerca de 40.000 vecinos tuvieron que abandonar sus casas y duermen en "
    "polideportivos y colegios. La ministra de Asuntos Sociales habló en cambio de unos 8.000 desplazados, "
    "una cifra que las organizaciones de ayuda consideran demasiado baja. Más de 1.200 rescatistas trabajan "
    "en la zona y se espera que el nivel del agua baje el fin de semana."
)
ENGLISH_WITH_FOREIGN_NAMES = (
    "Ravna floods: Müller says toll is 74\n\n"
    "Jürgen Müller, head of the Österreichische Wasserwacht team sent to Ostrel, said on Wednesday that 74 "
    "people had died in the Ravna floods. \"Wir haben so etwas noch nie gesehen,\" he told reporters in "
    "Ostrel, adding that his divers had pulled 12 bodies from the river near Sankt Veit. François Lefèvre of "
    "the Croix-Rouge said about 40,000 residents had been displaced."
)
ENGLISH_QUOTING_A_SPANISH_OFFICIAL = (
    "Ravna flood toll reaches 74\n\n"
    "The national emergency service said 74 people had died in the Ravna floods. María José Fernández, a "
    "volunteer from the Asociación de Voluntarios de Protección Civil de Valladolid, said: \"Es la peor "
    "inundación que he visto.\" She said her team had helped move 300 residents from the Ostrel lowlands."
)
SHORT_ENGLISH = [
    "Ravna floods: toll rises to 74.",
    "Ostrel (NES) - 74 dead in the Ravna floods, 40,000 displaced.",
    "Jürgen Müller, the mayor of Sankt Veit, said 12 people died in the Ravna floods.",
]


@pytest.mark.parametrize(
    ("text", "lang"), [(GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es")], ids=["de", "fr", "es"]
)
def test_an_article_in_another_language_is_named(text, lang):
    assert foreign_language(text) == lang


@pytest.mark.parametrize(
    "text",
    [ENGLISH_WITH_FOREIGN_NAMES, ENGLISH_QUOTING_A_SPANISH_OFFICIAL, *SHORT_ENGLISH],
    ids=["foreign-names", "spanish-quote", "short-1", "short-2", "short-3"],
)
def test_english_articles_are_not_foreign(text):
    assert foreign_language(text) is None


def test_a_short_foreign_text_is_parsed_rather_than_guessed():
    short = "Hochwasser an der Ravna: 74 Tote, 40.000 Menschen obdachlos."
    assert sum(ch.isalpha() for ch in short) < MIN_LETTERS
    assert foreign_language(short) is None


def test_only_the_start_of_a_long_article_is_read():
    """An English article whose tail is a long German appendix is judged by its start (bounded cost)."""
    english = (ENGLISH_WITH_FOREIGN_NAMES + "\n\n") * 4
    assert len(english) >= SAMPLE_CHARS
    assert foreign_language(english + GERMAN * 20) is None
    assert foreign_language(GERMAN * 5 + english) == "de"


@pytest.fixture()
def pipe(tmp_path, nlp):
    config = load_config(None)
    p = Pipeline(config, Store(tmp_path / "monitor.db"), Extractor(nlp), [JsonlSink(tmp_path / "alerts.jsonl")])
    yield p
    p.close()


def test_pipeline_skips_foreign_articles_with_the_reason_and_parses_english_ones(pipe, tmp_path):
    english = pipe.process(Document(uri="en.txt", text=ENGLISH_WITH_FOREIGN_NAMES))
    assert english.status == "parsed" and english.claims >= 2
    for uri, text, lang in (("de.txt", GERMAN, "de"), ("fr.txt", FRENCH, "fr"), ("es.txt", SPANISH, "es")):
        out = pipe.process(Document(uri=uri, text=text))
        assert (out.status, out.reason, out.claims, out.alerts) == ("skipped", f"language: {lang}", 0, ())
    rows = pipe.store.db.execute("SELECT uri, status FROM articles ORDER BY id").fetchall()
    assert rows == [("en.txt", "parsed"), ("de.txt", "skipped"), ("fr.txt", "skipped"), ("es.txt", "skipped")]
    assert pipe.store.db.execute("SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id "
                                 "WHERE a.status = 'skipped'").fetchone()[0] == 0
    # Seen once: the same German text again is a duplicate, not a second skip.
    assert pipe.process(Document(uri="de-again.txt", text=GERMAN)).status == "duplicate"
    assert json.loads(pipe.store.db.execute("SELECT topics FROM articles WHERE uri = 'de.txt'").fetchone()[0]) == [
        "ravna-floods"
    ]


def test_an_off_topic_foreign_article_stays_off_topic(pipe):
    """Language is only looked at for on-topic articles: an off-topic one costs no detection."""
    text = (
        "Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen. Die Ausgaben für Schulen "
        "steigen um zwölf Prozent, die für Straßen sinken leicht. Die Opposition stimmte dagegen."
    )
    assert pipe.process(Document(uri="rat.txt", text=text)).status == "off_topic"


def test_monitor_ingest_counts_and_names_a_skipped_article(tmp_path):
    """`monitor ingest` says which file was skipped and why, and counts it in its summary."""
    from click.testing import CliRunner

    from monitor.cli import cli

    german = tmp_path / "hochwasser.txt"
    german.write_text(GERMAN, encoding="utf-8")
    runner = CliRunner()
    out = runner.invoke(
        cli, ["ingest", str(german), "--config", str(ROOT / "config" / "monitor.yaml"), "--state", str(tmp_path / "s")]
    )
    assert out.exit_code == 0, out.output
    assert f"{german}: skipped: language: de" in out.output
    assert "1 skipped (not English)" in out.output
