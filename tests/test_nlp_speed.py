"""The speed-ups of the spaCy pipeline change nothing in what it finds.

The fast attribute-ruler matcher gives exactly what spaCy's own Matcher gives,
and multiplying through numpy's BLAS gives the same parses as thinc's BLIS.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from monitor.extract.attribute_rules import FastRuleMatcher, Unsupported, speed_up
from monitor.extract.nlp import use_numpy_blas
from monitor.extract.text import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# Written for this test: contractions, slang, expletives, pronoun cases, spaces,
# "but" as an adverb, modal verbs, relative "that": the corners the ruler's patterns cover.
SENTENCES = [
    "We gotta go now, y'all ain't gonna believe what the mayor said.",
    "Let's see whether there are 3,000 of them; there is no sign of the rest.",
    "It was me, not him, who told you that she had gone.",
    "I did it because they asked me to, but it wasn't enough.",
    "Officials could not confirm reports that about 12,000 soldiers had been sent.",
    "C'mon, everybody knows nobody counted anything that day.",
    "The ministry, which had said nothing, put the toll at 41.\n\n  Another   line  follows.",
    "He has had  doubts;   she'd have done it, you'd think.",
    "Those who marched numbered but a few hundred, police said.",
    "  ",
    "What do you make of it?  It is what it is.",
]


def _signature(doc) -> list[tuple]:
    return [(t.text, t.pos_, t.tag_, t.dep_, t.head.i, str(t.morph), t.lemma_) for t in doc]


def _texts() -> list[str]:
    texts = list(SENTENCES)
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from corpus import make_corpus
    finally:
        sys.path.pop(0)
    texts += [s.text for _, body in make_corpus(40, seed=7) for s in split_sentences(body)]
    for path in sorted((SHARED / "seeds").glob("*.txt")):  # present in CI; extra coverage, not required
        texts += [s.text for s in split_sentences(path.read_text(encoding="utf-8", errors="replace"))]
    return texts


@pytest.fixture(scope="module")
def pipelines():
    spacy = pytest.importorskip("spacy")
    from monitor.extract.nlp import DEFAULT_PIPELINES

    for name in DEFAULT_PIPELINES:
        try:
            stock = spacy.load(name, exclude=["ner"])
            fast = spacy.load(name, exclude=["ner"])
            break
        except OSError:
            continue
    else:
        pytest.skip("no spaCy English pipeline installed")
    assert speed_up(fast) is True
    return stock, fast, name


def test_same_tags_morphology_and_lemmas_as_spacy(pipelines):
    stock, fast, _ = pipelines
    texts = _texts()
    assert len(texts) > 500
    for text, a, b in zip(texts, stock.pipe(texts), fast.pipe(texts), strict=True):
        assert _signature(a) == _signature(b), text


def test_same_matches_as_the_matcher(pipelines):
    stock, _, _ = pipelines
    ruler = stock.get_pipe("attribute_ruler")
    fast = FastRuleMatcher(ruler)
    # Match on parsed docs before the ruler has written anything, as the pipeline does.
    with stock.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        docs = list(stock.pipe(SENTENCES * 2))
    seen = 0
    for doc in docs:
        expected = ruler.match(doc)
        assert fast.match(doc) == expected, doc.text
        seen += len(expected)
    assert seen > 50


def test_a_pattern_it_cannot_read_leaves_the_ruler_as_spacy_built_it():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"LOWER": "big"}]], {"POS": "ADJ"}, index=-1)
    with pytest.raises(Unsupported):
        FastRuleMatcher(ruler)
    assert speed_up(nlp) is False
    assert "match" not in vars(ruler)
    doc = nlp("a very very big crowd")
    assert doc[3].pos_ == "ADJ"


def test_a_regex_on_the_lower_form_is_tested_on_every_word():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"REGEX": "^[^a-z]*$"}}]], {"POS": "NUM"})
    ruler.add([[{"LOWER": {"IN": ["crowd", "toll"]}}]], {"POS": "NOUN"})
    assert speed_up(nlp) is True
    doc = nlp("a crowd of 1,200 and a toll")
    assert [t.pos_ for t in doc] == ["", "NOUN", "", "NUM", "", "", "NOUN"]



def test_numpy_blas_parses_as_thinc_blis_does(pipelines):
    spacy = pytest.importorskip("spacy")
    stock, _, name = pipelines
    fast = spacy.load(name, exclude=["ner"])
    if not use_numpy_blas(fast):
        pytest.skip("numpy's BLAS is not OpenBLAS or MKL here: the pipeline keeps thinc's BLIS")
    ops = {type(node.ops).__name__ + str(getattr(node.ops, "use_blis", "")) for node in fast.get_pipe("tok2vec").model.walk()}
    assert ops == {"NumpyOpsFalse"}
    texts = _texts()
    for text, a, b in zip(texts, stock.pipe(texts), fast.pipe(texts), strict=True):
        assert _signature(a) == _signature(b), text
