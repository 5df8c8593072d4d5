"""Document -> figure claims (and statements): the extraction stage of the pipeline.

Only sentences that hold a figure are parsed (with ``nlp.pipe`` in small
batches); speakers named in the other sentences are still tracked with a cheap
pattern so that "He said" or "It estimated" can point back to them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..records import Claim, Document, Frame, Statement
from . import claims as rules
from .frames import (
    CALENDAR,
    EARLIER_INCREMENT,
    FURTHER,
    LISTED_NAME,
    SEXES,
    explains,
    own_states,
    presents_correction,
    read_frame,
    state_of,
    weekdays_named,
)
from .money import FRAMING, MONEY_WORDS, money_measure
from .numbers import NumberMention, find_numbers
from .speakers import (
    ORG_WORDS,
    TALLYING,
    SpeakerIndex,
    according_after,
    corefer,
    fuller_mention,
    gapped_subject,
    headline_speaker,
    indefinite,
    is_person,
    is_plural,
    is_report_noun,
    is_source_noun,
    main_clause_source,
    named_in_apposition,
    names_its_author,
    nearest_source_verb,
    org_like,
    parenthetical_saying,
    past_dateline,
    report_in_clause,
    source_in_report,
    speaker_key,
    trailing_saying,
    with_place,
)
from .text import Sentence, split_sentences

MAX_FIGURES = 60  # figures in one sentence beyond which it is a table, not a claim
MAX_PARSE_CHARS = 5000  # longer "sentences" are dumps or unpunctuated text
_QUICK_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|billion|dozen|dozens|hundreds|thousands|millions|half|score|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|several|few|handful)s?\b",
    re.I,
)
_SOURCE_NOUNS = "|".join(
    sorted(ORG_WORDS | {"officials?", "spokes(?:man|woman|person)", "ministers?", "chiefs?", "directors?", "analysts?",
                        "experts?", "authority", "sources?", "organi[sz]ers", "residents?", "witness(?:es)?"}, key=len, reverse=True)
)
_SOURCE_BEFORE = re.compile(
    r"((?:(?:[A-Z][\w’'.-]*|of|the|for|and|[a-z][\w’'-]*)\s+){0,5}?(?:[A-Z][\w’'.-]*|" + _SOURCE_NOUNS + r"))"
    r"\s*,?\s+(?:has |have |had )?"
    r"(?:said|says|told|estimated|estimates|claimed|claims|reported|reports|announced|warned|added|wrote|stated)\b"
)
_SOURCE_AFTER = re.compile(
    r"(?:said|says|told reporters|according to)\s+(?:the\s+)?(?:[\w’'-]+(?:\s+[\w’'-]+){0,4},\s+)?"
    r"((?:[A-Z][\w’'.-]*\s*){1,5})"
)
# Both patterns need one of these words; testing for them first skips most sentences cheaply.
_SPEECH_WORD = re.compile(
    r"\b(?:said|says|told|estimated|estimates|claimed|claims|reported|reports|announced|warned|added|wrote|stated"
    r"|according to)\b"
)
_KEEP_LEAD = {"the"}
_LEADING_NAME = re.compile(
    r"((?:(?:[A-Z][\w’'.-]*|chief|minister|spokes(?:man|woman|person)|director|head|secretary|president|leader|"
    r"mayor|governor|commander|officer|official)\s+){1,5}?[A-Z][\w’'-]+)(?=\s+[a-z(]|\s*,)"
)
_PRONOUN_ATTRIBUTION = re.compile(r"\s*,?\s*(he|she|they)\s+(?:said|says|told|added|explained|wrote)\b", re.I)
_CLOCK = {"o'clock", "o’clock", "a.m.", "p.m.", "am", "pm", "gmt", "utc", "hrs"}
_OPEN_QUOTES = ('"', "“")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_GLUED_CAPITAL = re.compile(r"^\d+[A-Z]$")
# Count nouns that point back to the figure before ("the police put the figure at 81,000"); not "the toll",
# which names a count of its own.
_BACK_COUNTS = frozenset({"figure", "number", "estimate", "count", "figures", "numbers", "estimates"})
_PLACE_COUNT = re.compile(r"\b(?:counties|provinces|states|districts|regions|municipalities|prefectures|countries|"
                          r"cities|towns|villages|communities|townships|governorates|hospitals|shelters|schools|"
                          r"camps|centres|centers|sites|days|weeks|months|years|hours)$", re.I)
_AGE_BEFORE = re.compile(r"\bages?\s+(?:of|to|at|from|between|is|was|will\s+be)\s+$|\b(?:younger|older)\s+than\s+$",
                         re.I)
_YEAR_DETS = {"the", "its", "their", "his", "her", "'s", "’s", "this", "last", "that"}
_PRONOUN_WORDS = {"he", "she", "it", "they", "we", "i", "this", "that", "there"}
_POSSESSIVE_PRONOUNS = {"its": "it", "their": "they", "his": "he", "her": "she", **{w: w for w in _PRONOUN_WORDS}}


@dataclass
class _Context:
    """Per-article state while walking its sentences in order."""

    index: SpeakerIndex
    sentences: list[Sentence] = field(default_factory=list)
    counted: tuple[int, str] | None = None  # (sentence no, counted noun) of the latest figure
    money: tuple[int, str] | None = None  # (sentence no, what it measures) of the latest amount of money
    recent: list[tuple[int, str]] = field(default_factory=list)  # (sentence no, speaker phrase)
    figures: set[int] = field(default_factory=set)  # token ids of the figures of the sentence being read
    orgs: set[str] = field(default_factory=set)  # speaker phrases written as organisations ("the White Helmets")
    states: tuple[str, ...] = ()  # the states of the latest figure that had one ("another 150 injured")
    # (sentence no, places, common-noun sites) of the latest figure that had a place
    places: tuple[int, tuple[str, ...], tuple[str, ...]] | None = None
    correction: str | None = None  # the words by which the title or lead presents the article as a correction
    lead_weekdays: tuple[str, ...] = ()  # in an undated article, the weekdays its title and lead name

    def note(self, sent_no: int, phrase: str | None, tok: Any = None) -> None:
        if phrase and phrase.split()[0].lower() not in _POSSESSIVE_PRONOUNS:
            self.recent.append((sent_no, phrase))
            if tok is not None and tok.pos_ == "PROPN" and any(c.lower_ == "the" for c in tok.children):
                self.orgs.add(phrase)  # a name that takes "the" is no person's

    def speaker_of(self, tok: Any, sent_no: int) -> tuple[str | None, str | None]:
        """Who asserts what ``tok`` stands for: ``(speaker as shown, speaker key)``."""
        who, how = self.reading(tok, sent_no)
        phrase = None
        if who is not None and how != "first_person" and who.lower_ in _POSSESSIVE_PRONOUNS:
            how = "pronoun"
        if how in ("subject", "cited", "according", "agent") and who is not None:
            phrase = with_place(who, indefinite(who, rules.speaker_phrase(who)))
        elif how == "pronoun" and who is not None:
            pronoun = _POSSESSIVE_PRONOUNS.get(who.lower_, who.lower_)
            above = main_clause_source(who)
            phrase = rules.speaker_phrase(above) if above is not None else None
            phrase = phrase or self.antecedent(sent_no - 1, pronoun) or self.antecedent(sent_no, pronoun)
        elif how == "passive":
            phrase = self.antecedent(sent_no - 1, None)
        elif how == "first_person":
            phrase = self.quote_speaker(sent_no) or self.antecedent(sent_no - 1, "he")
        if phrase is None and how == "none":
            phrase = self.quote_speaker(sent_no)
            if phrase is None and _also(tok):
                # "According to the agency, 18 died. It also caused 34 injuries": the same report, going on
                phrase = next((p for n, p in reversed(self.recent) if n == sent_no - 1), None)
        elif how == "report" and who is not None:
            # "the tally shows" is the tally named before; "Recent figures put the toll at" names nobody.
            report = rules.speaker_phrase(who)
            phrase = self.corefer(report, sent_no)
            phrase = None if phrase == report else phrase
            if phrase is None and _EARLIER_REPORT.search(report or ""):
                # "The previous count, released on Saturday, had put the toll at 3,354": the same source's count
                phrase = self.antecedent(sent_no - 1, None, window=2)
        if phrase is not None:
            self.note(sent_no, phrase, who)  # for a "he said" or "the group said" further on
        return self.index.resolve(self.corefer(phrase, sent_no))

    def reading(self, tok: Any, sent_no: int) -> tuple[Any | None, str]:
        """The speaker token for a figure and how it was found, as :func:`claims.governing_speaker` gives
        them, with the readings it misses tried first and a report noun taken back to its author."""
        who = according_after(tok, self.figures)
        how = "according"
        if who is None:
            who, tallies = gapped_subject(tok), False
        if who is None:
            who, tallies = nearest_source_verb(tok)
            how = "subject"
            # "Rivertown recorded 120 deaths, the director told reporters": the closing attribution says it.
            if who is None or tallies and who.pos_ == "PROPN" and not is_source_noun(who, strict=True):
                who = trailing_saying(tok) or parenthetical_saying(tok) or who
        if who is None:
            who, how = rules.governing_speaker(tok)
            how = "subject" if how == "none" and who is not None else how
        if who is None and how in ("none", "passive"):
            who = report_in_clause(tok)
            how = how if who is None else "subject"
        if who is not None and who.tag_ in ("WP", "WDT") and who.head.dep_ == "relcl":
            who = who.head.head  # "County officials, who had reported 72 deaths"
        if who is not None and how != "pronoun":
            who = named_in_apposition(past_dateline(who))
            if is_report_noun(who):
                author = source_in_report(who)
                if who.dep_ == "dobj" and (author is None or author.lower_ in _POSSESSIVE_PRONOUNS):
                    # "AccuWeather raised its estimate to ...": the owner is the subject that acts on it.
                    author = rules.subject_of(who.head) or author
                if author is not None and author.pos_ == "PROPN":
                    # remembered as a report, for a later "the tally shows"
                    self.note(sent_no, rules.speaker_phrase(who))
                if author is not None:
                    who = author
                elif not names_its_author(who):
                    how = "report"
        return who, how

    def quote_speaker(self, sent_no: int) -> str | None:
        """Who speaks a quotation that opens in this sentence and is attributed where it closes."""
        sents = self.sentences
        first = sents[sent_no]
        if not first.text.lstrip().startswith(_OPEN_QUOTES):
            return None
        for later in sents[sent_no : sent_no + 4]:
            if later.paragraph != first.paragraph:
                break
            straight = later.text.rfind('"') if later is not first or later.text.count('"') >= 2 else -1
            close = max(later.text.rfind("”"), straight)
            if close > 0:
                tail = later.text[close + 1 :]
                found = _regex_sources(tail)
                if found:
                    return found[0]
                pronoun = _PRONOUN_ATTRIBUTION.match(tail)
                if pronoun:
                    return self.antecedent(sent_no, pronoun.group(1).lower())
                break
        # A quote that goes on after its attribution: '"...," he said. "Dozens are missing."'
        if sent_no > 0 and sents[sent_no - 1].paragraph == first.paragraph:
            prev = sents[sent_no - 1].text
            close = max(prev.rfind("”"), prev.rfind('"'))
            if close > 0:
                found = _regex_sources(prev[close + 1 :])
                if found and found[0].split()[0].lower() not in ("he", "she"):
                    return found[0]
                if found:
                    return self.antecedent(sent_no - 1, found[0].split()[0].lower())
        return None

    def corefer(self, phrase: str | None, sent_no: int) -> str | None:
        """A bare common-noun source ("the ministry") as the fuller one this article named before."""
        named = corefer(phrase, [earlier for no, earlier in reversed(self.recent) if no <= sent_no], frozenset(self.orgs))
        elsewhere = _PLACED_CLAUSE.search(self.sentences[sent_no].text) if phrase and named != phrase else None
        if elsewhere and len(named.split()) == 2 and named.split()[0][:1].isupper() and \
                named.split()[0] != elsewhere.group(1) and named.split()[1].lower() == phrase.split()[-1].lower():
            # "Lindhaven police" named before; "the march in Marrowgate, where police counted": Marrowgate's
            return f"{elsewhere.group(1)} {phrase.split()[-1]}"
        if named != phrase or not phrase or " " in phrase or not phrase.islower():
            return named
        return fuller_mention(phrase, " ".join(s.text for s in self.sentences[:sent_no])) or phrase

    def antecedent(self, sent_no: int, pronoun: str | None, window: int = 4) -> str | None:
        want_person = pronoun in ("he", "she")
        want_org = pronoun == "it"
        for no, phrase in reversed(self.recent):
            if no > sent_no:
                continue
            if sent_no - no > window:
                break
            person = is_person(phrase)
            if want_person and not person:
                continue
            # "it" is no two-word personal name and no plural ("officials"); a lone name may be a firm
            if want_org and (person and len(phrase.split()) > 1 and not org_like(phrase, self.orgs) or is_plural(phrase)):
                continue
            return phrase
        return None


_EARLIER_REPORT = re.compile(r"\b(?:previous|earlier|prior|last|preceding)\s+(?:count|toll|tally|figures?|update|report)\b",
                             re.I)


def _also(tok: Any) -> bool:
    """Whether the figure's clause goes on from the sentence before: "It also caused 34 injuries", "Georgia
    followed with 671,367 customers without power"."""
    node = tok
    for _ in range(8):
        if any(c.dep_ == "advmod" and c.lower_ == "also" for c in node.children) or node.lemma_ == "follow":
            return True
        if node.head.i == node.i or node.pos_ in ("VERB", "AUX"):
            return False
        node = node.head
    return False


def speaker_of(ctx: _Context, tok: Any, sent_no: int) -> tuple[str | None, str | None]:
    """Who asserts what ``tok`` (in sentence ``sent_no``) stands for: ``(speaker as shown, speaker key)``.

    The one speaker resolution of the article being walked (``ctx``), shared by
    figure claims and statements (:mod:`monitor.extract.statements`).
    """
    return ctx.speaker_of(tok, sent_no)


_INCREMENT_AFTER = re.compile(r"\s+(?:more|additional|further|extra|new)\b(?!\s+than)", re.I)
_INCREMENT_BEFORE = re.compile(r"\b(?:another|an additional|a further|an extra)\s+$", re.I)
_HISTORY = re.compile(r"\b(?:in|since|during|of)\s+(?:the\s+)?((?:1[89]|20)\d\d)\b|\b((?:1[89]|20)\d\d),?\s+when\b"
                      r"|\bthe\s+((?:1[89]|20)\d\d)\s+(?:[\w-]+\s+){1,3}?(?:that|which|when|in\s+which)\b", re.I)


_RATIO = re.compile(r"\b(?:in|out of)\b", re.I)
_TIMES = re.compile(r"\s*(?:-\s*)?(?:times|fold)\b", re.I)  # "four times that estimate", "a tenfold rise"
_PER = re.compile(r"(?:\s+[\w’'-]+){0,2}?\s+(?:per|a|an|each)\s+(?:square|sq|capita|head|cent|100|1,000|hour|day|week|month|year|km|kilometre|kilometer|metre|meter|mile)\b", re.I)
_SUBSET = re.compile(r"\s+of\s+(?:the|these|those|its|their)\b(?!\s+(?:\d|total))", re.I)


def _is_increment(sentence: str, m: NumberMention) -> bool:
    return bool(_INCREMENT_AFTER.match(sentence, m.end) or _INCREMENT_BEFORE.search(sentence[: m.start]))


def _added(tok: Any) -> bool:
    """Whether the figure is what a verb "added" adds: "Georgia added eight deaths and North Carolina three"
    (not "the ministry added that 300 had died", where "added" says)."""
    node = tok
    for _ in range(4):
        if node.dep_ == "dobj" and node.head.lemma_ == "add":
            return True
        if node.dep_ not in ("nummod", "conj", "compound", "quantmod", "appos") or node.head.i == node.i:
            return False
        node = node.head
    return False


def _dated_elsewhere(sentence: str, m: NumberMention, mentions: list[NumberMention], year: int | None = None) -> bool:
    """A figure in a clause dated to a past year ("struck in 1994, when 61 people died", "the 1960 tsunami
    that killed 61"); the article's own ``year`` is no other time."""
    # Only the figure's own stretch of the sentence counts: between the previous and next figure.
    bounds = [x for x in mentions if x.kind == "quantity" and not _YEAR.fullmatch(x.text)]  # "the 1960 tsunami"
    lo = max((x.end for x in bounds if x.end <= m.start), default=0)
    hi = min((x.start for x in bounds if x.start >= m.end), default=len(sentence))
    stretch = sentence[lo:hi]
    return any((year is None or int(next(g for g in h.groups() if g)) != year)
               # "the biggest protest since the colony was handed back in 1997" compares, it does not date
               and not re.search(r"\bsince\b[^,;]*$", stretch[: h.start()])
               and (not h.group(0).lower().startswith("since") or re.match(r",?\s+when\b", stretch[h.end():]))
               # "the World Bank's estimate of 2022 GDP": the year of a noun, not a time
               and not (h.group(0).lower().startswith("of") and re.match(r"\s+[A-Za-z]", stretch[h.end():]))
               for h in _HISTORY.finditer(stretch))


_REACH = 200  # characters before a speech verb where its subject phrase (six words at most) can start


def _sources_before(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_SOURCE_BEFORE``, searched only just before each speech verb.

    The pattern can start at any word, so scanning the whole sentence tries it at
    every position; every match ends at a speech verb, so only the stretch
    before each one needs trying.
    """
    last = 0
    for verb in _SPEECH_WORD.finditer(text):
        lo = verb.start() - _REACH
        lo = text.rfind(" ", 0, lo) + 1 if lo > 0 else 0  # start on a word, as a full scan would
        m = _SOURCE_BEFORE.search(text, max(lo, last), verb.end())
        if m is not None:
            last = m.end()
            yield m


def _regex_sources(text: str) -> list[str]:
    found: list[str] = []
    if _SPEECH_WORD.search(text) is None:
        return found
    for m in _sources_before(text):
        phrase = m.group(1)
        # Keep the noun phrase right before the verb: drop leading lower-case clause words.
        words = phrase.split()
        while len(words) > 1 and words[0][:1].islower() and words[0].lower() not in _KEEP_LEAD:
            words = words[1:]
        phrase = re.sub(r"^(?:(?:The|the|of|for|and)\s+)+", "", " ".join(words)).strip()
        if phrase and phrase.split()[0].lower() not in _PRONOUN_WORDS:
            found.append(phrase)
    for m in _SOURCE_AFTER.finditer(text):
        found.append(m.group(1).strip(" .,;:"))
    return found


class Extractor:
    """Turns documents into claims with one loaded spaCy pipeline.

    :param nlp: a loaded spaCy ``Language`` (see :func:`monitor.extract.nlp.load_pipeline`).
    :param batch_size: sentences per ``nlp.pipe`` batch; memory grows with it.
    :param statement_finder: optional :class:`~monitor.extract.statements.StatementFinder`
        (``wants(text)`` and ``find(...)`` per parsed sentence) for figure-less statements.
    """

    def __init__(self, nlp: Any, batch_size: int = 32, statement_finder: Any = None) -> None:
        self.nlp = nlp
        self.batch_size = batch_size
        self.statement_finder = statement_finder

    def extract(self, doc: Document) -> tuple[list[Claim], list[Statement]]:
        """All figure claims of a document (non-claims included, with their ``kind``), and its statements."""
        text = doc.text
        sentences = split_sentences(text)
        ctx = _Context(index=SpeakerIndex.build(text), sentences=sentences, correction=_opening_correction(sentences),
                       lead_weekdays=weekdays_named(_opening(sentences)) if doc.undated else ())
        mentions: list[list[NumberMention]] = []
        wanted: list[int] = []
        for no, s in enumerate(sentences):
            ms = find_numbers(s.text) if _QUICK_NUMBER.search(s.text) else []
            mentions.append(ms)
            needs_statement = (
                not s.furniture and self.statement_finder is not None and self.statement_finder.wants(s.text)
            )
            figures = sum(m.kind == "quantity" for m in ms)
            if len(s.text) > MAX_PARSE_CHARS or figures > MAX_FIGURES:
                continue  # a table or a dump, not prose: its figures are listed but not parsed
            if (figures and (not s.furniture or s.headline)) or needs_statement:
                wanted.append(no)
        parsed = dict(zip(wanted, self._parse([sentences[i].text for i in wanted]), strict=True))

        out: list[Claim] = []
        statements: list[Statement] = []
        for no, s in enumerate(sentences):
            span = parsed.get(no)
            if not s.furniture:
                lead = _LEADING_NAME.match(s.text)
                if lead and is_person(lead.group(1)):
                    ctx.note(no, lead.group(1))  # "Ines Haldor of the coalition was unmoved. She said ..."
            if span is None:
                for phrase in _regex_sources(s.text):
                    ctx.note(no, phrase)
            else:
                self._sentence_sources(span, no, ctx)
            headline = s.headline and span is not None
            for m in mentions[no]:
                if (s.furniture and not headline) or span is None or m.kind != "quantity":
                    kind = m.kind
                    if s.furniture and m.kind == "quantity":
                        kind = "headline" if s.headline else "furniture"
                    elif span is None and m.kind == "quantity":
                        kind = "table"
                    out.append(self._plain(doc, s, m, len(out), kind))
            if headline:
                out.extend(self._headline_claims(doc, s, span, mentions[no], no, ctx, len(out)))
            elif span is not None:
                out.extend(self._claims(doc, s, span, mentions[no], no, ctx, len(out)))
                if self.statement_finder is not None and self.statement_finder.wants(s.text):
                    statements.extend(self.statement_finder.find(doc, s, span, no, ctx, len(statements)))
        out.sort(key=lambda c: c.start)
        out = _mark_repeats(_headline_repeats(out))
        remap = {c.index: i for i, c in enumerate(out)}
        out = [
            dataclasses.replace(c, index=i, part_of=remap.get(c.part_of) if c.part_of is not None else None)
            for i, c in enumerate(out)
        ]
        return out, statements

    def _headline_claims(self, doc: Document, s: Sentence, span: Any, mentions: list[NumberMention], no: int,
                         ctx: _Context, base: int) -> list[Claim]:
        """A headline's figures, read like the body's but as ``headline`` claims: they are linked, so a reader
        sees what they are about, but they restate the body's figures without its sources and never vote. Read
        apart from the body, so nothing of the headline carries into the lead."""
        own = _Context(index=ctx.index, sentences=ctx.sentences)
        said_by = headline_speaker(s.text)  # "IOM: 43,000 displaced", "..., junta says"
        return [dataclasses.replace(c, kind="headline", speaker=said_by, speaker_key=speaker_key(said_by))
                if c.kind in ("quantity", "increment") else c
                for c in self._claims(doc, s, span, mentions, no, own, base)]

    def _parse(self, texts: Sequence[str]) -> Iterable[Any]:
        if not texts:
            return []
        return list(self.nlp.pipe(texts, batch_size=self.batch_size))

    def _sentence_sources(self, span: Any, no: int, ctx: _Context) -> None:
        for t in span:
            verb = t.head.head if t.head.dep_ in ("aux", "auxpass") else t.head
            if t.dep_ == "nsubj" and verb.lemma_ in rules.SPEECH_LEMMAS and verb.lemma_ not in ("know", "think", "show", "find"):
                if verb.lemma_ in TALLYING and not is_source_noun(t) or any(c.dep_ == "nummod" for c in t.children):
                    continue  # "2,100 families had registered": what is counted, not who counts
                if t.lower_ not in _PRONOUN_WORDS:
                    ctx.note(no, rules.speaker_phrase(t), t)
            if t.lower_ == "according":
                for to in t.children:
                    for p in to.children:
                        if p.dep_ == "pobj":
                            ctx.note(no, rules.speaker_phrase(p))

    def _plain(self, doc: Document, s: Sentence, m: NumberMention, index: int, kind: str) -> Claim:
        # A headline is not parsed, but "IOM: 43,000 displaced" or "..., junta says" still names who says it.
        said_by = headline_speaker(s.text) if kind == "headline" else None
        return Claim(
            speaker=said_by,
            speaker_key=speaker_key(said_by),
            article=doc.uri,
            start=s.start + m.start,
            end=s.start + m.end,
            text=m.text,
            sentence=s.text,
            low=m.low,
            high=m.high,
            qualifier=m.qualifier,
            kind=kind,
            unit=m.unit,
            vague=m.vague,
            index=index,
            sentence_start=s.start,
        )

    def _claims(
        self, doc: Document, s: Sentence, span: Any, mentions_all: list[NumberMention], no: int, ctx: _Context, base: int
    ) -> list[Claim]:
        ms = [m for m in mentions_all if m.kind == "quantity"]
        toks = [rules.mention_token(span, m, 0) for m in ms]
        num_ids = ctx.figures = {t.i for t in toks if t is not None}
        token_claim = {t.i: base + k for k, t in enumerate(toks) if t is not None}
        # Let the head noun of each figure also stand for it, for "12,000, including ..." parts.
        for k, t in enumerate(toks):
            if t is not None and t.dep_ == "nummod":
                token_claim.setdefault(t.head.i, base + k)
        hedge = rules.hedged(s.text)
        conditional = rules.CONDITIONAL_WORD.search(s.text) is not None
        out: list[Claim] = []
        # An elided noun ("more than 100,000 had marched") is the one counted just before, within two sentences.
        last_counted: str | None = ctx.counted[1] if ctx.counted and no - ctx.counted[0] <= 2 else None
        last_money: str | None = ctx.money[1] if ctx.money and no - ctx.money[0] <= 2 else None
        for k, (m, tok) in enumerate(zip(ms, toks, strict=True)):
            counted = speaker = key = None
            part = noun = None
            generic = False
            if tok is not None:
                if _is_money(m):
                    noun, counted = _money_counted(tok, num_ids, last_money)
                else:
                    noun, counted = _counted(tok, m, s.text, num_ids, last_counted)
                    generic = last_counted is not None and _bare_back_count(noun, tok, counted)
                speaker, key = speaker_of(ctx, tok, no)
                part = rules.part_whole(tok, token_claim, base + k)
            kind, counted = _kind_of(doc, s.text, m, mentions_all, tok, counted, conditional)
            borrowed = counted is not None and counted == last_counted and not _is_money(m)
            # "120 are children", "400 of the dead were foreigners": a group the predicate puts a part in
            grouped = noun is not None and getattr(_predicate_group(tok), "i", None) == noun.i
            if counted and _is_money(m):
                last_money = counted
                ctx.money = (no, counted)
            elif counted and not generic and not _PLACE_COUNT.search(counted) and not grouped:
                # (A count of places or times is not what a later bare figure counts: "the deaths occurred in 21
                # counties. Buncombe County had the most, with 42".)
                together = ctx.counted is not None and ctx.counted[0] == no and _subgroups(ctx.counted[1], counted)
                # "Sixteen men and six women were taken to hospital. Ten of them ...": them is all of them
                last_counted = "people" if together else counted
                ctx.counted = (no, last_counted)
            frame = _frame(doc, ctx, no, ms, k, tok, noun, kind=kind, part=part, hedged=hedge, counted=counted,
                           borrowed=borrowed, generic=generic)
            if generic:
                counted = last_counted  # "floating a figure of 1.5 million": a figure of what was counted before
            if tok is not None and counted:
                counted = _own_counted(tok, m, counted)
            if kind == "subset" and (grouped or m.unit == "%" or _a_count_of_its_own(s.text, m, frame, tok)):
                # "2,530 of the dead have been buried", "eight of those deaths were in Florida"; a share is a
                # figure of its own ("80 per cent of those searched were under 25")
                kind = "quantity"
            out.append(
                Claim(
                    article=doc.uri,
                    start=s.start + m.start,
                    end=s.start + m.end,
                    text=m.text,
                    sentence=s.text,
                    low=m.low,
                    high=m.high,
                    qualifier=m.qualifier,
                    kind="quantity" if kind == "increment" and frame.aggregation == "level" else kind,
                    unit=m.unit,
                    vague=m.vague,
                    counted=counted or None,
                    speaker=speaker,
                    speaker_key=key,
                    hedged=hedge,
                    part_of=part,
                    index=base + k,
                    sentence_start=s.start,
                    frame=frame,
                )
            )
        return _share_places(out, toks)


def _verb_of(tok: Any) -> Any | None:
    """The verb a figure (or the noun it counts) is the object or subject of."""
    node = tok.head if tok.dep_ in ("nummod", "compound") else tok
    return node.head if node.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") and node.head.pos_ == "VERB" else None


def _share_places(claims: list[Claim], toks: list[Any]) -> list[Claim]:
    """'The quake killed 4,300 people and injured 7,600 in north-western Syria': a place said once, after the
    second of two coordinated verbs, places both figures (the first has none of its own)."""
    out = list(claims)
    for k in range(len(out) - 1):
        first, second = out[k].frame, out[k + 1].frame
        if first is None or second is None or first.places or first.sites or not second.places:
            continue
        v1, v2 = (_verb_of(t) if t is not None else None for t in toks[k : k + 2])
        if v1 is None or v2 is None or not (v2.dep_ == "conj" and v2.head.i == v1.i):
            continue
        note = f"places {', '.join(second.places)}, said once for both coordinated verbs"
        out[k] = dataclasses.replace(out[k], frame=dataclasses.replace(
            first, places=second.places, notes=(*first.notes, note)))
    return out


def _counted(tok: Any, m: NumberMention, sentence: str, num_ids: set[int], last_counted: str | None
             ) -> tuple[Any, str | None]:
    """The noun token a figure counts and the phrase for it; an elided noun is the one counted just before."""
    noun = rules.counted_noun(tok, num_ids)
    if noun is not None and noun.i < tok.i and last_counted and (
            noun.pos_ == "PROPN" and LISTED_NAME.search(sentence[: m.start])
            or noun.i == tok.i - 1 and noun.pos_ in ("NOUN", "PROPN") and not m.unit and not state_of(noun.lower_)
            or noun.lower_ in CALENDAR):
        # "117 deaths, South Carolina 48, Georgia 33": the name is its place; "the organisers counted
        # 500,000, the police 87,000": the noun before is who counted ("and injuries 5,674" names its own
        # state); "1.27 million on January 31".
        return noun, last_counted
    if noun is None and last_counted and any(c.dep_ == "prep" and c.lower_ == "of" and any(
            g.lower_ in ("whom", "which", "them", "those") for g in c.children) for c in tok.children):
        return None, last_counted  # "1,204 injured, 721 of whom are in a critical condition"
    group = _predicate_group(tok)
    if group is not None and noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" \
            and noun.head.head.i == tok.i:
        return group, rules.noun_phrase(group, exclude=num_ids)  # "at least 400 of the dead were foreigners"
    if noun is not None:
        holder = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
        if holder is not None and holder.pos_ == "NOUN" and holder.lower_ in _REMAINS:
            # "the bodies of 1,793 Syrians killed in Turkey": what is counted is their bodies
            return holder, f"{holder.text} of {rules.noun_phrase(noun, exclude=num_ids)}"
        return noun, rules.noun_phrase(noun, exclude=num_ids)
    if group is not None:
        return group, rules.noun_phrase(group, exclude=num_ids)
    if any(c.dep_ == "relcl" and any(g.dep_ in ("nsubj", "nsubjpass") and g.lower_ == "who" for g in c.children)
           for c in tok.children):
        return None, "people"  # "the hundreds who were still missing": who they are is said by "who"
    if last_counted and tok.dep_ == "pobj" and tok.head.lower_ == "with":
        return None, last_counted  # "were in Al Haouz, with 542 deaths, followed by Chichaoua with 103"
    if last_counted and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("ADJ", "VERB") \
            and tok.head.dep_ == "conj":
        # "the toll had risen to 2,056, with 3,900 people injured and 270 still unaccounted for": the figure is
        # its own clause's subject, its noun the one before, not the subject of the clause it is joined to
        return None, last_counted
    subj, _ = rules.predicate_subject(tok)
    return None, rules.noun_phrase(subj, exclude=num_ids) if subj is not None else last_counted


_REMAINS = frozenset({"body", "bodies", "remains", "corpse", "corpses"})
_SUBGROUPS = frozenset({"men", "women", "children", "boys", "girls", "males", "females", "adults", "minors"})


def _subgroups(before: str, counted: str) -> bool:
    """Whether two counted phrases of one sentence are different groups of people ("men", "women")."""
    a, b = before.split()[-1].lower(), counted.split()[-1].lower()
    return a != b and a in _SUBGROUPS and b in _SUBGROUPS


def _predicate_group(tok: Any) -> Any | None:
    """For a figure with no noun that is the subject of "be", the group the predicate puts it in: "of the 72
    injured, 50 are male", "120 are children", "two were police officers"."""
    if tok.dep_ != "nsubj" or tok.head.lemma_ != "be":
        return None
    for c in tok.head.children:
        if c.dep_ == "acomp" and c.lower_ in SEXES or c.dep_ == "attr" and c.pos_ == "NOUN" and c.tag_ == "NNS":
            return c
    return None


def _bare_back_count(noun: Any, tok: Any, counted: str | None) -> bool:
    """Whether the figure counts a bare "figure", "number" or "estimate", with nothing of its own ("put the figure
    at 81,000", "a figure of 1.5 million"; not "the number of confirmed dead had risen to 33")."""
    if (counted or "").lower().removeprefix("the ") not in _BACK_COUNTS:
        return False
    if tok is not None and any(c.dep_ in ("relcl", "acl") for c in tok.children):
        return False  # "the figure comes close to the $10.78 billion that visitors spent": an amount of its own
    noun = noun if noun is not None else rules.predicate_subject(tok)[0]
    if noun is None:
        return False
    own = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod", "poss")
           or c.dep_ in ("prep", "acl", "relcl") and c.i > noun.i and tok.i not in {x.i for x in c.subtree}
           or c.dep_ == "acl" and state_of(c.lower_)]  # "put the number killed across the region at 5,329"
    return not own


def _kind_of(doc: Document, sentence: str, m: NumberMention, mentions: list[NumberMention], tok: Any,
             counted: str | None, conditional: bool) -> tuple[str, str | None]:
    """What kind of figure a quantity is in its sentence (a level, an increment, a ratio, a year, ...), and
    its counted phrase (none for a time, a year or a name)."""
    kind = m.kind
    if counted and counted.split()[-1].lower() in _CLOCK:
        kind, counted = "time", None  # "two o'clock"
    elif kind == "quantity" and _AGE_BEFORE.search(sentence[: m.start]):
        kind, counted = "age", None  # "raise the retirement age to 64", "an age of 15"
    elif kind == "quantity" and (_is_increment(sentence, m) or tok is not None and _added(tok)):
        kind = "increment"  # "13 more bodies", "another 200 troops": a change, not a level
    elif kind == "quantity" and _dated_elsewhere(sentence, m, mentions, doc.published.year if doc.published else None):
        kind = "historical"  # "in 1994, when 61 people died"
    elif kind == "quantity" and (_RATIO.search(m.text) or _TIMES.match(sentence, m.end)):
        kind = "ratio"  # "one in five", "four times that estimate"
    elif kind == "quantity" and _PER.match(sentence, m.end):
        kind = "rate"  # "two people per square metre"
    elif kind == "quantity" and _SUBSET.match(sentence, m.end):
        kind = "subset"  # "four of the people arrested"
    elif kind == "quantity" and tok is not None and conditional and rules.hypothetical(tok):
        kind = "hypothetical"  # "whether it was 20,000 or 80,000"
    if tok is not None and _YEAR.match(m.text) and tok.i > 0 and tok.doc[tok.i - 1].lower_ in _YEAR_DETS:
        kind, counted = "year", None  # "the 2019 floods", "its 2022 invasion"
    elif tok is not None and _named_number(m, tok):
        kind, counted = "name", None  # "the broadcaster 2M carried the figures"
    return kind, counted


def _named_number(m: NumberMention, tok: Any) -> bool:
    """A number glued to a capital that names what the noun before it is ("the broadcaster 2M carried",
    "the channel 4K aired"), not an amount ("2M customers", "rose to 2M")."""
    if m.unit or not _GLUED_CAPITAL.match(m.text):
        return False
    doc = tok.doc
    first = tok if tok.text.isdigit() else doc[tok.i - 1]  # the digits, whichever token the letter became
    if first.i == 0 or doc[first.i - 1].pos_ != "NOUN":
        return False
    after = doc[first.i + 2] if first.i + 2 < len(doc) else None
    return after is None or after.pos_ not in ("NOUN", "PROPN", "NUM")


def _is_money(m: NumberMention) -> bool:
    return bool(m.unit) and m.unit != "%"


def _money_counted(tok: Any, num_ids: set[int], last_money: str | None) -> tuple[Any, str | None]:
    """What an amount of money measures ("put insured losses at $3 billion": insured losses); a clause
    that names nothing of its own ("lifted the figure to $4 billion") goes on about the amount before."""
    noun, phrase = money_measure(tok)
    if phrase:
        return noun, phrase
    noun = rules.counted_noun(tok, num_ids)
    if noun is not None and noun.lower_ not in MONEY_WORDS and noun.lemma_.lower() not in FRAMING:
        return noun, rules.noun_phrase(noun, exclude=num_ids)
    after = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if any(c.dep_ == "relcl" for c in tok.children) or after is not None and after.lower_ in ("that", "which"):
        return None, None  # "close to the $10.78 billion that visitors spent": an amount of another kind
    return None, last_money


def _a_count_of_its_own(sentence: str, m: NumberMention, frame: Frame, tok: Any = None) -> bool:
    """Whether a subset ("N of the X") counts something of its own: a state its whole does not have
    ("2,530 of the dead have been buried", "three of the mosques collapsed") or a place ("eight of those
    deaths were in Florida")."""
    of = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
               if g.dep_ == "pobj"), None) if tok is not None else None
    if of is not None:  # the whole as parsed: its noun phrase, not the verb after it
        words = [w.lower_ for w in of.subtree]
    else:
        whole = re.match(r"\s+of\s+(?:the|these|those|its|their)((?:\s+[\w’'-]+){1,3})", sentence[m.end:])
        words = whole.group(1).split() if whole else []
    whole_states = {st for w in words for st in state_of(w)}
    return bool(frame.places) or bool(set(frame.states) - whole_states)


def _own_counted(tok: Any, m: NumberMention, counted: str) -> str:
    """"3,432 dead and 21,000 injured": the second figure counts its own word, not its neighbour's."""
    if len(counted.split()) == 1 and state_of(counted) and any(
            t.lower_ == counted.lower() and t.pos_ in ("ADJ", "VERB") for t in tok.sent):
        own = own_states(tok, m.end)
        if own[0] and not set(state_of(counted)) & set(own[0]):
            return own[1][0]
    return counted


# A clause set in a named place: "the march in Marrowgate, where police counted".
_PLACED_CLAUSE = re.compile(r"\bin ([A-Z][\w’'-]+),? (?:where|when)\b")


def _headline_repeats(claims: list[Claim]) -> list[Claim]:
    """Headline figures that the body gives again marked as restated: the body's figure, with its source, is
    the claim (linking leaves the headline's alone)."""
    body = {_value(c) for c in claims if c.kind in ("quantity", "increment")}
    # (a rounded "deaths top 4,000" over the body's 4,037 is the headline's own floor, and linked as one)
    return [dataclasses.replace(c, frame=dataclasses.replace(c.frame, restated=True, notes=(
                *c.frame.notes, "restated: the body gives this figure")))
            if c.kind == "headline" and c.frame is not None and _value(c) in body else c
            for c in claims]


def _value(c: Claim) -> float | None:
    return c.low if c.low is not None else c.high


def _mark_repeats(claims: list[Claim]) -> list[Claim]:
    """Mark as restated a figure that repeats one given earlier in the same article ("at least 115 deaths
    ... The 115 deaths were confirmed by state officials"): the same number of the same thing is the same
    figure, told again, not a second report of it."""
    seen: dict[float, list[Claim]] = {}
    out = []
    for c in claims:
        value = c.low if c.low is not None else c.high
        if c.kind in ("quantity", "increment") and value is not None and value >= 10 and c.frame is not None:
            key = value
            same = [e for e in seen.get(key, []) if e.sentence_start != c.sentence_start and (
                set(e.frame.states) & set(c.frame.states) or (e.counted or "").split()[-1:] == (c.counted or "").split()[-1:])]
            seen.setdefault(key, []).append(c)
            if same and not c.frame.restated:
                note = f"restated: repeats the {c.text!r} given earlier in the article"
                c = dataclasses.replace(c, frame=dataclasses.replace(c.frame, restated=True, notes=(*c.frame.notes, note)))
        out.append(c)
    return out


def _frame(doc: Document, ctx: _Context, no: int, ms: list[NumberMention], k: int, tok: Any, noun: Any, *,
           kind: str, part: int | None, hedged: bool, counted: str | None, borrowed: bool = False,
           generic: bool = False) -> Frame:
    """The frame of figure ``k`` of sentence ``no`` (see :mod:`monitor.extract.frames`)."""
    text = ctx.sentences[no].text
    m = ms[k]
    frame = read_frame(tok, noun, text, m.start, m.end, _stretch(ms, k, len(text)), kind=kind, part=part is not None,
                       hedged=hedged, counted=counted, published=doc.published,
                       next_sentence=_next_text(ctx.sentences, no), previous_states=ctx.states, lead=ms[0].start,
                       undated=doc.undated, lead_weekdays=ctx.lead_weekdays)
    ctx.states = frame.states or ctx.states
    after = ctx.sentences[no + 1].text if no + 1 < len(ctx.sentences) else ""
    because = explains(after) if not frame.explained else None
    if because:  # "The list stood at 385. [...] 245 people had been located and taken off it."
        frame = dataclasses.replace(frame, explained=True, notes=(*frame.notes, f"its change explained: {because!r}"))
    if ctx.correction and not frame.correction:
        # "County overcounted deaths by as many as 30, substantially lowering the toll": every figure of a story
        # told as a correction is part of it, "now defer to the state's tally of 42" included.
        frame = dataclasses.replace(frame, correction=True, notes=(
            *frame.notes, f"presented as a correction by the article's lead ({ctx.correction!r})"))
    generic = generic or (counted or "").lower() in _BACK_COUNTS
    if not frame.places and not frame.sites and ctx.places and (
            borrowed and ctx.places[0] == no or generic and no - ctx.places[0] <= 1):
        # "The unions counted 500,000 in the capital, while the police counted 93,000"; "In Paris, the unions said
        # 700,000 marched. The police put the figure at 81,000": the same count, of the same place.
        _, places, sites = ctx.places
        frame = dataclasses.replace(frame, places=places, sites=sites, notes=(
            *frame.notes, f"places {', '.join([*places, *sites])}, as the figure before"))
    elif (not frame.places and not frame.sites and ctx.places and (ctx.places[1] or ctx.places[2])
          and ctx.sentences[ctx.places[0]].paragraph == ctx.sentences[no].paragraph):
        setting = (*ctx.places[1], *ctx.places[2])
        frame = dataclasses.replace(frame, setting=setting, notes=(
            *frame.notes, f"setting {', '.join(setting)}: the place of the paragraph's figure before"))
    # ("a further", not a list of changes: "11 additional deaths in A, two more in B")
    if kind == "increment" and frame.aggregation == "increment" and (
            FURTHER.search(text[: m.start]) or _more_after_levels(text, m)) and _elsewhere_than_before(frame, ctx, no):
        # "at least 30,000 displaced in Derna ... It counted a further 6,085 in other storm-hit areas": more of
        # the same, but counted somewhere else, a level of its own
        frame = dataclasses.replace(frame, aggregation="level", notes=(
            *frame.notes, "level: 'a further' figure placed elsewhere than the figure before"))
    if frame.places or frame.sites:
        ctx.places = (no, frame.places, tuple(x for x in frame.sites if x.lower() == x))
    return frame




def _more_after_levels(sentence: str, m: NumberMention) -> bool:
    """Whether the figure is "N more" after figures of its sentence that are no changes ("confirmed 812 dead,
    while 790 more deaths have been reported from rebel-held areas"), not one of a list of changes ("11
    additional deaths in A, two more in B")."""
    return bool(_INCREMENT_AFTER.match(sentence, m.end)) and re.search(r"\d", sentence[: m.start]) is not None \
        and not EARLIER_INCREMENT.search(sentence[: m.start])


def _elsewhere_than_before(frame: Frame, ctx: _Context, no: int) -> bool:
    """Whether the figure is placed, and elsewhere than the placed figure of its sentence or the one before."""
    if not (frame.places or frame.sites) or ctx.places is None or no - ctx.places[0] > 1:
        return False
    _, places, sites = ctx.places
    return set(frame.places) != set(places) and not set(frame.sites) & set(sites)


def _opening(sentences: list[Sentence]) -> str:
    """The article's title and lead sentence."""
    lead = next((k for k, s in enumerate(sentences) if not s.headline and not s.furniture), None)
    return "" if lead is None else " ".join(s.text for s in sentences[: lead + 1] if not s.furniture)


def _opening_correction(sentences: list[Sentence]) -> str | None:
    """The words by which the article's title or lead sentence presents it as a correction, or ``None``."""
    opening = _opening(sentences)
    return presents_correction(opening) if opening else None


def _stretch(ms: list[NumberMention], k: int, length: int) -> tuple[int, int]:
    """The figure's stretch of its sentence: from the end of the figure before it to the start of the next."""
    lo = ms[k - 1].end if k > 0 else 0
    hi = ms[k + 1].start if k + 1 < len(ms) else length
    return lo, hi


def _next_text(sentences: list[Sentence], no: int) -> str:
    """The next sentence of the same paragraph ("... We have never given that figure."), or empty."""
    if no + 1 < len(sentences) and sentences[no + 1].paragraph == sentences[no].paragraph:
        return sentences[no + 1].text
    return ""

