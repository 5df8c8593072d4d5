"""Linking: which topic an article is about, and which metric each claim measures.

Pure functions over the config and claims. A claim is linked to at most one
metric; when two metrics fit equally well it stays unlinked rather than guess,
and its :class:`Decision`'s ``reasons`` say why (``monitor extract --explain``).
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .config import Metric, MonitorConfig, Topic
from .extract.frames import (
    AGENT_ENDINGS,
    FACILITY_NOUNS,
    GENERIC_COUNTS,
    GROUP_HEADS,
    config_states,
    find_time,
    state_of,
)
from .records import Claim, Frame


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex for a list of words/phrases, plural-tolerant, on word boundaries."""
    alts = []
    for w in sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True):
        # Plural-tolerant both ways: "insured losses" also reads "insured loss", "deaths" "death".
        if w.endswith("es") and w[:-2].endswith(("s", "x", "z", "ch", "sh")):
            w, end = w[:-2], r"(?:es)?"
        elif w.endswith("s") and not w.endswith("ss") and len(w.split()[-1]) > 3:
            w, end = w[:-1], r"(?:s|es)?"
        else:
            end = r"(?:s|es)?" if w[-1:].isalpha() else ""
        alts.append(re.escape(w).replace(r"\ ", r"\s+") + end)
    if not alts:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.I)


# The four non-ASCII letters a case-insensitive regex matches to ASCII ones (see the ``re`` docs).
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_SPECIAL = "\u0130\u0131\u017f\u212a"
_FIRST_WORD = re.compile(r"[a-z0-9]+")


def _fold(text: str) -> str:
    """Lower case, with the letters a case-insensitive regex treats as ASCII turned into them."""
    if not text.isascii() and any(c in text for c in _SPECIAL):  # translate() is slow: only when needed
        text = text.translate(_ASCII_FOLD)
    return text.lower()


def _anchors(words: Sequence[str]) -> frozenset[str] | None:
    """A lower-case piece that each word's every match contains, or None when some word has none.

    A substring test on the folded article rules out most off-topic articles
    before the regex, which tries its look-behind at every position, runs.
    """
    anchors = set()
    for w in words:
        first = _FIRST_WORD.match(w.strip().lower())
        if first is None:
            return None
        anchors.add(first.group(0))
    return frozenset(anchors) or None


# Nouns for people as such: a metric counting people takes any of them ("residents", "victims").
PERSON_NOUNS = frozenset({
    "people", "persons", "person", "residents", "resident", "civilians", "civilian", "individuals", "individual",
    "inhabitants", "citizens", "victims", "victim", "souls", "lives", "life", "others", "humans", "population",
    "men", "women", "children", "adults", "minors", "boys", "girls",
})
# Nouns that name a count, not what is counted ("the number rose to", "the tally stands at").
GENERIC_NOUNS = GENERIC_COUNTS | {"million", "billion", "thousand"}
_STATELESS_OK = frozenset({"present"})  # a metric declared without a state counts what is there
_CASUALTIES = {"killed", "injured"}
_FIGURE_KINDS = ("quantity", "increment", "hypothetical", "rate", "headline")


@dataclass(frozen=True, slots=True)
class _CompiledMetric:
    topic: str
    metric: Metric
    counts: re.Pattern[str] | None
    near: re.Pattern[str] | None
    not_near: re.Pattern[str] | None
    about: re.Pattern[str] | None
    states: frozenset[str] | None  # None: the metric names no state
    people: bool  # its counts include a noun for people
    where: tuple[str, ...]  # folded place names
    covers: frozenset[str]  # folded place words a general metric of a place-aware topic covers (empty: any)
    phrases: tuple[str, ...] = ()  # qualified states the sentence must say ("critical condition")
    parts: tuple[str, ...] = ()  # folded places of the topic's other metrics, which a general metric leaves to them
    whole: tuple[str, ...] = ()  # two or more of those parts its description names ("in Turkey and Syria together")
    short_names: tuple[tuple[str, str], ...] = ()  # (first word, full name) of names in counts said short ("Duke")
    days: tuple[date, ...] = ()  # the days of the topic's dated metrics, which an undated story's weekdays name


@dataclass(frozen=True, slots=True)
class Decision:
    """Why a claim was (not) linked: the metric picked, if any, and one line per metric considered."""

    topic: str | None
    metric: str | None
    reasons: tuple[str, ...]
    candidates: tuple[tuple[str, str], ...] = ()  # (topic, metric) of every fitting metric, best first
    tied: tuple[tuple[str, str], ...] = ()  # when unlinked for a tie: the metrics that fit equally well


class Linker:
    """Compiled topics and metrics of one config."""

    def __init__(self, config: MonitorConfig) -> None:
        self.config = config
        self._placed = frozenset(m.key for t in config.topics for m in t.metrics if m.where)
        self._ratios = any(_is_ratio(m) for t in config.topics for m in t.metrics)  # a topic that counts factors
        self._topics: list[tuple[Topic, re.Pattern[str] | None, frozenset[str] | None]] = [
            (t, _pattern(t.match), _anchors(t.match)) for t in config.topics
        ]
        self._metrics: dict[str, list[_CompiledMetric]] = {t.name: [_compile(t, m) for m in t.metrics] for t in config.topics}
        # The places a topic's metrics name, which "the country", "the county" or "there" may refer back to.
        self._known: dict[str, tuple[str, ...]] = {
            t.name: tuple(dict.fromkeys(w for m in t.metrics for w in m.where)) for t in config.topics
        }

    def topics_for(self, text: str) -> list[Topic]:
        """The topics an article is relevant to (any of a topic's ``match`` words occurs)."""
        folded = _fold(text)
        return [
            t
            for t, pat, anchors in self._topics
            if pat is not None and (anchors is None or any(a in folded for a in anchors)) and pat.search(text)
        ]

    def decide_all(self, claims: Sequence[Claim], text: str, topics: Sequence[Topic]) -> list[Decision]:
        """A :class:`Decision` for each claim of an article (parts never share their whole's metric)."""
        claims = _speakers_places(claims)
        by_sentence: dict[int, list[Claim]] = {}
        for c in claims:
            if c.kind == "quantity":
                by_sentence.setdefault(c.sentence_start, []).append(c)
        decisions = [self.decide(c, by_sentence.get(c.sentence_start, []), text, topics) for c in claims]
        decisions = _back_referred(claims, decisions)
        for i, c in enumerate(claims):
            d = decisions[i]
            whole = decisions[c.part_of] if c.part_of is not None and c.part_of < len(decisions) else None
            if d.metric and whole is not None and whole.metric == d.metric:
                # "412 injured, 58 of them seriously": the part is not another report of the whole; a part in a
                # place of its own ("5,775 buildings in southern Turkey, 1,500 of them in Hatay") is that place's.
                part_of = claims[c.part_of].text
                placed = next(((t, k) for t, k in d.candidates
                               if k in self._placed and (t, k) not in whole.candidates), None)
                if placed is None:
                    decisions[i] = Decision(None, None, (*d.reasons, f"unlinked: a part of {part_of!r}"))
                else:
                    why = f"a part of {part_of!r}: linked to {placed[1]}, its place's"
                    decisions[i] = Decision(placed[0], placed[1], (*d.reasons, why), d.candidates)
        return decisions

    def decide(self, claim: Claim, siblings: Sequence[Claim], text: str, topics: Sequence[Topic]) -> Decision:
        """Pick the metric of ``claim`` (``siblings`` are the article's claims, ``text`` its text)."""
        if claim.kind == "headline" and (claim.frame is None or claim.frame.restated):
            return Decision(None, None, ("a headline figure the body gives again: the body's is linked",))
        if claim.kind not in _FIGURE_KINDS and not (claim.kind == "ratio" and self._ratios):
            return Decision(None, None, (f"not a figure claim: {claim.kind}",))
        if not topics:
            return Decision(None, None, ("the article matches no topic",))
        if not claim.counted and not claim.frame.states:
            return Decision(None, None, ("nothing counted: the number has no noun or state to link by",))
        where = _Where(_segment(claim, siblings), _segment(claim, siblings, parts=False), *_window(claim, text))
        reasons: list[str] = []
        scored: list[tuple[int, int, _CompiledMetric]] = []
        unresolved = claim
        for topic in topics:
            claim = _located(unresolved, text, self._known[topic.name])
            if claim.frame.places != unresolved.frame.places:
                reasons.append(f"{topic.name}: places read as {', '.join(claim.frame.places)}")
            scored += self._scored(topic, claim, where, reasons)
        if not scored:
            # Nothing takes the figure as placed: a topic that counts it only place by place ("acres burned" in
            # Lahaina, in Kula) takes it in the one known place its sentence names ("the Lahaina fire's toll on
            # property at 2,719 structures, with 2,170 acres burned").
            for topic in topics:
                located = _located(unresolved, text, self._known[topic.name])
                placed = _sentence_place(located, siblings, self._known[topic.name])
                if placed is not located and (found := self._scored(topic, placed, where, [])):
                    scored += found
                    reasons.append(f"{topic.name}: placed in {', '.join(placed.frame.places)}, the one place its "
                                   "sentence names, as no metric takes it unplaced")
        if not scored:
            return Decision(None, None, tuple(reasons))
        # Most specific fit first; between equals, the one whose `about` word was named nearest.
        scored.sort(key=lambda sc: (-sc[0], sc[1]))
        candidates = tuple((cm.topic, cm.metric.key) for _, _, cm in scored)
        if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
            tied = [cm for s, d, cm in scored if (s, d) == scored[0][:2]]
            best_said = _described(tied, claim.sentence)
            if best_said is None:
                names = ", ".join(cm.metric.key for cm in tied)
                why = f"unlinked: equally good fits ({names}); add near/not_near words"
                return Decision(None, None, (*reasons, why), candidates, tuple((cm.topic, cm.metric.key) for cm in tied))
            reasons.append(f"of equal fits, {best_said.metric.key}'s description is said most in the sentence")
            scored[0] = (scored[0][0], scored[0][1], best_said)
        best = scored[0][2]
        return Decision(best.topic, best.metric.key, (*reasons, f"linked to {best.metric.key}"), candidates)


    def _scored(self, topic: Topic, claim: Claim, where: _Where,
                reasons: list[str]) -> list[tuple[int, int, _CompiledMetric]]:
        """The metrics of ``topic`` that fit ``claim``, with their specificity and distance; why each does or not
        goes to ``reasons``."""
        out = []
        for cm in self._metrics[topic.name]:
            ok, score, distance, why = _fits(cm, claim, where)
            reasons.append(f"{cm.metric.key}: {why}")
            if ok:
                out.append((score, distance, cm))
        return out


@dataclass(frozen=True, slots=True)
class _Where:
    """Where in the text a figure is read: its stretch of the sentence, the same without its parts, and the text
    before it with its sentence's offset in it."""

    segment: str
    tight: str
    window: str
    anchor: int


_PLAIN = frozenset({"the", "and", "of", "in", "on", "at", "by", "for", "to", "from", "with", "a", "an", "or", "not",
                    "but", "yet", "its", "their", "as", "than", "that", "who", "which", "people", "number", "was",
                    "were", "been", "had", "has", "have", "are", "is", "be", "this", "these", "those", "all"})


def _described(tied: Sequence[_CompiledMetric], sentence: str) -> _CompiledMetric | None:
    """Of metrics that fit a figure equally, the one whose description's own words (those the others' do not
    share) the sentence says most; ``None`` when none or several say as many."""
    words = [{_stem(w) for w in re.findall(r"[a-z]+", _fold(cm.metric.description)) if w not in _PLAIN and len(w) > 2}
             for cm in tied]
    said = {_stem(w) for w in re.findall(r"[a-z]+", _fold(sentence))}
    counts = []
    for k, own in enumerate(words):
        others = set().union(*(w for j, w in enumerate(words) if j != k))
        counts.append(len((own - others) & said))
    best = max(counts)
    return tied[counts.index(best)] if best > 0 and counts.count(best) == 1 else None


def _state_phrases(words: Sequence[str]) -> tuple[set[str], tuple[str, ...]]:
    """A metric's states, and the phrases among them that qualify one ("seriously injured", "critical condition"):
    those hold only where the sentence says them."""
    states: set[str] = set()
    phrases: list[str] = []
    for w in words:
        parts = w.split()
        if any(not state_of(x) for x in parts):
            # A state the table does not know ("receiving", "critical condition") must be said: by its stem.
            phrase = " ".join(_stem(x) for x in _fold(w).split())
            family = next((f for f in _PHRASE_FAMILIES if phrase in f), (phrase,))
            phrases.extend(p for p in family if p not in phrases)
        else:
            states.update(config_states([w]))
    return states, tuple(phrases)


_COMPASS = {"northern": "north", "southern": "south", "eastern": "east", "western": "west"}
_HELD = frozenset({"held", "controlled", "control", "run"})


def _stem(word: str) -> str:
    if word in _COMPASS:
        return _COMPASS[word]  # "north-western Syria" is "north-west Syria"
    if word in _HELD:
        return "held"  # "regime-controlled areas" are "regime-held areas"
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            if suffix in ("ing", "ed") and len(word) >= 5 and word[-1] == word[-2] and word[-1] not in "aeiousz":
                word = word[:-1]  # "controlled" -> "control", "planned" -> "plan"
            return word
    return word


# States said in many ways that no one word names: a metric naming one of them takes any.
_PHRASE_FAMILIES = tuple(
    tuple(dict.fromkeys(" ".join(_stem(x) for x in p.split()) for p in family)) for family in (
        ("without power", "without electricity", "no power", "no electricity", "in the dark", "lost power",
         "lose power", "power outage", "power outages", "outages", "cut power", "cut service", "knocked out power",
         "without service", "no service"),
        # "329 injured, 51 of them seriously": the degree said of a part is its condition
        ("serious condition", "seriously injured", "seriously hurt", "seriously wounded", "seriously"),
        ("critical condition", "critically injured", "critically hurt", "critically wounded", "critically"),
        ("severely damaged", "badly damaged", "heavily damaged", "seriously damaged", "severe damage",
         "heavy damage"),
        ("on strike", "striking", "stopped work", "walked out", "downed tools", "went on strike"),
        ("eligible", "qualify", "qualifies", "qualified", "entitled"),
    )
)


def _metric_states(m: Metric) -> tuple[set[str], tuple[str, ...]]:
    states, phrases = _state_phrases(m.state)
    if not m.state and not m.is_money:
        # "counts: [deaths]" says the state as well, and so do the near words of a config written before
        # metrics had states ("near: [killed, died]").
        for word in [*m.counts, *m.near]:
            words = word.split()
            if words[-1].lower().endswith(AGENT_ENDINGS) or words[-1].lower() in GROUP_HEADS:
                words = words[-1:]  # "rescue workers" are no one rescued, "relief officials" no one relieved
            for w in words:
                states.update(state_of(w))
    return states, phrases


def _shares_state(other: tuple[set[str], tuple[str, ...]], states: set[str], phrases: tuple[str, ...]) -> bool:
    return bool(other[0] & states or set(other[1]) & set(phrases))


def _compile(topic: Topic, m: Metric) -> _CompiledMetric:
    states, phrases = _metric_states(m)
    people = any(w.lower() in PERSON_NOUNS for word in m.counts for w in word.split())
    place_aware = any(other.where for other in topic.metrics)
    covers: frozenset[str] = frozenset()
    if place_aware and not m.where:
        named = [*topic.match, *re.findall(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*", m.description)]
        covers = frozenset(_fold(w) for phrase in named for w in phrase.split())
    # The sub-areas other metrics count the same state in ("Derna" for deaths in Derna, not "hospital" for
    # arrests at a hospital).
    # (states said as phrases too: "without power" in North Carolina is a part of "without power" in all states)
    parts = tuple(dict.fromkeys(_fold(w) for other in topic.metrics
                                if _shares_state(_metric_states(other), states, phrases)
                                for w in other.where)) if covers else ()
    whole = tuple(p for p in parts if re.search(_place_pattern(p), _fold(m.description)))
    return _CompiledMetric(
        topic.name, m, _pattern(m.counts), _pattern(m.near), _pattern(m.not_near), _pattern(m.about),
        frozenset(states) if states or phrases else None, people, tuple(_fold(w) for w in m.where), covers, phrases,
        parts, whole if len(whole) > 1 else (), _short_names(topic, m),
        tuple(sorted({d for o in topic.metrics for d in o.date})),
    )


def _short_names(topic: Topic, m: Metric) -> tuple[tuple[str, str], ...]:
    """The names of many words in ``counts`` ("Duke Energy customers": "Duke Energy") a report may give by their
    first word once it has named them in full ("Duke still had the most outages"); not one that starts with a
    place of the topic ("Georgia Power": "Georgia" is the state)."""
    places = {_fold(w) for phrase in [*topic.match, *(w for o in topic.metrics for w in o.where)]
              for w in phrase.split()}
    out = []
    for phrase in m.counts:
        name = [w for w in phrase.split()[:-1] if w[:1].isupper()]
        if len(name) > 1 and _fold(name[0]) not in places:
            out.append((name[0], " ".join(name)))
    return tuple(out)


# What an amount of money lost is called: "economic losses", "the economic toll", "the economic impact", "the
# economic cost" are one measure, told apart only by the words before the head.
_LOSS_HEADS = frozenset({"loss", "toll", "impact", "cost"})


def _same_head(a: str, b: str, money: bool) -> bool:
    return a == b or money and a in _LOSS_HEADS and b in _LOSS_HEADS or a in _STAFF_HEADS and b in _STAFF_HEADS


_STAFF_HEADS = frozenset(_stem(w) for w in ("staff", "employees", "workers", "personnel"))  # "SNCF staff", "employees"


def _modified_head(counts: Sequence[str], words: list[str], segment: str, money: bool = False) -> bool:
    """Whether a many-word ``counts`` phrase shares the counted noun's head and one of its other words
    (by stem) occurs in the counted phrase or the figure's stretch; for money, the heads of a loss are one."""
    head = _stem(words[-1]) if words else ""
    if not head:
        return False
    for phrase in counts:
        parts = _fold(phrase).split()
        if len(parts) < 2 or not _same_head(_stem(parts[-1]), head, money):
            continue
        short = {_fold(w) for w in phrase.split() if w.isupper() and len(w) > 1}  # "HFP" is a name, not a filler
        mods = [p for p in parts[:-1] if (len(p) > 3 or p in short) and p not in ("and", "the", "of", "with", "from")]
        name = [w for w in phrase.split()[:-1] if w[:1].isupper()]
        if len(name) > 1 and _fold(" ".join(name)) not in segment:
            continue  # a name of many words is said as one ("Georgia Power customers"; not "Georgia" and "power")
        if mods and all(_stem(p)[:5] in segment for p in mods):
            return True  # every word that qualifies the head is said ("private ... insurance losses")
    return False


_PHRASE_PREPS = {"from", "in", "at", "on", "for", "across", "since", "after", "by", "with", "among", "inside",
                 "during", "over", "under", "to"}


def _head_words(counted: str) -> list[str]:
    """The counted phrase's words up to its head: "death toll from Monday's quake in Turkey" -> [death, toll]."""
    words = [w.lower() for w in re.findall(r"[\w’'-]+", counted)]
    for i, w in enumerate(words):
        if i and w in _PHRASE_PREPS:
            return words[:i]
    return words


def _demonym(counted: str, head: str) -> bool:
    """Whether the counted head is a people named by nation, faith or place ("Syrians", "Moroccans",
    "Burmese", "Israelis", "Muslims"): capitalised in the text and with a people-noun ending."""
    return any(w.lower() == head and w[:1].isupper() for w in re.findall(r"[\w’'-]+", counted)) and \
        head.endswith(("ans", "ese", "is", "ims", "ists", "ers"))


def _named_by(cm: _CompiledMetric, counted: str, segment: str) -> float:
    """How closely the metric's own words name what the claim counts: the words of its longest phrase said
    as the counted phrase ("total insured losses": 3), one less when its qualifiers are said around the
    head instead ("losses to the National Flood Insurance Program"); a phrase said as it is written outranks
    one pieced together from the sentence; 0 for none."""
    best = 0.0
    head = _head_words(counted)
    folded = _fold(segment + " " + counted)
    # A name in what is counted ("NFIP flood loss") is the surest word: the phrase that says it wins.
    names = {_fold(w) for k, w in enumerate(re.findall(r"[\w’'-]+", counted))
             if len(w) > 1 and (w.isupper() or k and w[:1].isupper())}
    for phrase in cm.metric.counts:
        words = _fold(phrase).split()
        named = 1 if names & set(words) else 0
        if _pattern([phrase]).search(counted):  # type: ignore[union-attr]
            # (a half over a phrase of as many words pieced together from around the figure: "65% of secondary
            # teachers ... the primary union" is the secondary teachers')
            best = max(best, min(len(words), 3) + named + (0.5 if len(words) > 1 else 0))
        elif len(words) > 1 and _modified_head([phrase], head, folded, cm.metric.is_money):
            best = max(best, min(len(words), 3) - 1 + 2 * named)
    return best


_BOTH_SIDES = re.compile(r"\b(\w{3,}) and (?:un|non-?)\1\b")  # "insured and uninsured", "fatal and non-fatal"


def _spelled_out(acronym: str, text: str) -> bool:
    """Whether ``text`` spells out the all-capitals ``acronym`` word by word ("GDP": "gross domestic product")."""
    if not (acronym.isupper() and acronym.isalpha() and 2 <= len(acronym) <= 6):
        return False
    words = r"\s+".join(rf"{c}[\w-]*" for c in acronym.lower())
    return re.search(rf"(?<![\w]){words}(?![\w])", _fold(text)) is not None


def _before_figure(claim: Claim) -> str:
    """The figure's sentence up to the figure."""
    return claim.sentence[: claim.start - claim.sentence_start]


def _after_figure(claim: Claim, segment: str) -> str:
    """What ``segment`` says after the figure (all of it when the figure is not found in it)."""
    at = segment.find(claim.text)
    return segment[at + len(claim.text) :] if at >= 0 else segment


_CLAUSE_JOIN = re.compile(r",\s*(?:and|while|but|whereas)\s+|;\s*")


def _own_share_words(claim: Claim, segment: str) -> str:
    """The words of a share's stretch that are its own: after it, when a share before it in a list has its
    own group ("42.35% among primary school teachers and 34.66% in secondary schools"), or from the clause it
    opens ("65% of secondary teachers were on strike, and the primary union spoke of 70%")."""
    if _SHARE_BEFORE.search(_before_figure(claim)):
        return _after_figure(claim, segment)
    at = segment.find(claim.text)
    joins = list(_CLAUSE_JOIN.finditer(segment, 0, at)) if at >= 0 else []
    return segment[joins[-1].end() :] if joins else segment


def _share_of_gapped(counts: Sequence[str], claim: Claim, segment: str) -> bool:
    """Whether a share said after another names its own group by a qualifier and leaves the head to the
    share before it: "42.35% among primary school teachers and 34.66% in secondary schools" (the secondary
    school teachers). The head must be said before the figure, and the qualifiers after it, not the head."""
    before = _fold(_before_figure(claim))
    own = _fold(_after_figure(claim, segment))  # its own words, said after it ...
    if not re.search(r"[a-z]", own):
        own = _fold(_own_share_words(claim, segment).replace(claim.text, " "))  # ... or in the clause it ends
    for phrase in counts:
        words = [_stem(w) for w in re.findall(r"[a-z]+", _fold(phrase))]
        if len(words) < 2 or not re.search(rf"(?<![\w]){re.escape(words[-1])}", before):
            continue
        if all(re.search(rf"(?<![\w]){re.escape(w[:5])}", own) for w in words[:-1]) and not re.search(
                rf"(?<![\w]){re.escape(words[-1])}", own):
            return True
    return False


def _counts_fit(cm: _CompiledMetric, claim: Claim, segment: str = "") -> tuple[bool, str]:
    """Whether the claim counts what the metric counts: its noun, a noun for people, or a noun naming the state."""
    counted = claim.counted or ""
    if not cm.metric.counts:
        return True, "the metric counts anything in its state"
    both = _BOTH_SIDES.search(_fold(counted))
    if both:
        # "insured and uninsured losses" are all of them: the metric that says so, never one side's
        side = both.group(1)
        if both.group(0) in _fold(cm.metric.description or "").replace(",", ""):
            return True, ""
        if any(re.search(rf"(?<![\w]){side}", _fold(w)) for w in cm.metric.counts):
            return False, f"counted {counted!r} is both sides, not the {side} only"
    if cm.counts is not None and counted and cm.counts.search(counted):
        return True, ""
    if counted and any(_spelled_out(w, counted) for w in cm.metric.counts):
        return True, ""  # "% of Morocco's gross domestic product" for "GDP"
    if claim.unit == "%" and cm.counts is not None and cm.counts.search(_own_share_words(claim, segment)):
        return True, ""  # "a strike rate of 42.35% among primary school teachers": a share of whom the text says
    if claim.unit == "%" and _share_of_gapped(cm.metric.counts, claim, segment):
        return True, ""  # "42.35% among primary school teachers and 34.66% in secondary schools"
    words = _head_words(counted)
    if _modified_head(cm.metric.counts, words, _fold(segment + " " + counted), cm.metric.is_money):
        return True, ""  # "private market insurance losses" for "insured losses"
    if cm.people and words and (words[-1] in PERSON_NOUNS or _demonym(counted, words[-1])):
        return True, ""  # "people", "residents"; "14,500 Syrians", "500 Muslims"
    if cm.people and cm.states and words and set(state_of(words[-1])) & cm.states:
        return True, ""  # "4,000 deaths", "the toll" for a metric of people killed (not "the turnout" for officers)
    if cm.people and cm.states and words and state_of(words[-1]) and set(claim.frame.states) & cm.states:
        return True, ""  # "2,530 of the dead had been buried": the dead are people, in the state said of them
    generic = not words or words[-1] in GENERIC_NOUNS
    if generic and claim.frame.states and cm.states and _claimed_states(cm, claim) & cm.states:
        return True, ""  # "were killed or wounded", "the number rose to": the noun says nothing, the state does
    return False, f"counted {counted!r} is none of {cm.metric.counts}"


_VAGUE_PART = re.compile(r"\b(?:many|most|some|several|few|all|none|half|dozens|hundreds|thousands)\s+of\s+"
                         r"(?:them|whom|those)\s+\w+ly\b")
_PREP_LEAD = re.compile(r"^(?:at|in|on|under)\s+(?=\S)")


_SHARE_BEFORE = re.compile(r"\d[\d.,]*\s*(?:%|per ?cent)\s+(?:among|in|of|for|at)\b[^,;%]*\band\s*$", re.I)


_OF_THE_DEAD = frozenset({"buried", "identified", "recovered"})  # states only the dead are in


def _claimed_states(cm: _CompiledMetric, claim: Claim) -> set[str]:
    """The figure's states as ``cm`` reads them: a bare count ("the final count could climb to 20,000") of
    bodies buried or recovered just before is a count of the dead."""
    claimed = set(claim.frame.states)
    words = _head_words(claim.counted or "")
    if claimed and claimed <= _OF_THE_DEAD and words and words[-1] in GENERIC_COUNTS and "killed" in (cm.states or ()):
        return {"killed"}
    return claimed


def _frame_fits(cm: _CompiledMetric, frame: Frame, claim: Claim, segment: str) -> str | None:
    """Why the claim's frame does not fit the metric (``None``: it fits)."""
    m = cm.metric
    claimed = _claimed_states(cm, claim)
    # "2,500 were injured, many of them seriously": a part without a figure says nothing of the figure's state
    said = _VAGUE_PART.sub(" ", _fold(segment))
    before = _before_figure(claim)
    if claim.unit == "%" and _SHARE_BEFORE.search(before):
        said += " " + _fold(before)  # "put the strike rate at 42.35% among X and 34.66% in Y": said once for both
    own = _fold(" | ".join(frame.sites))  # "while 14 are in stable condition": the figure's own phrase
    if m.is_money and not m.state:
        pass  # an amount of money has no state: "the economic toll" names no deaths, "$2bn of damage" no building
    elif cm.phrases and _said([_PREP_LEAD.sub("", p) for p in cm.phrases], own):
        pass  # ("at risk" said as the site "risk")
    elif cm.phrases and any(len(p.split()) > 1 and _said(p.split()[-1:], own) for p in cm.phrases):
        return f"the figure's own {frame.sites[0]!r} is none of {', '.join(cm.phrases)}"
    elif cm.phrases and _said_either_way(cm.phrases, said) and not (claimed and cm.states and not claimed & cm.states):
        # "12 in critical condition": the qualified state is said in so many words (and not of the figure
        # before: "550 completely destroyed and 1,578 severely damaged")
        pass
    elif cm.phrases and not cm.states:
        return f"the sentence says none of {', '.join(cm.phrases)}"
    elif cm.states is None:
        if claimed - _STATELESS_OK:
            return f"the figure counts the {', '.join(sorted(claimed))}; the metric names no such state"
    elif claimed and not claimed <= cm.states and not (claimed == _CASUALTIES and cm.states & claimed):
        # ("79 casualties" are the injured of a topic that counts only the injured; in one that counts both, the
        # two metrics tie and the figure stays unlinked)
        return f"the figure counts the {', '.join(sorted(claimed))}, the metric the {', '.join(sorted(cm.states))}"
    elif not claimed and not cm.states & _STATELESS_OK:
        return f"the sentence says nothing of the {', '.join(sorted(cm.states))}"
    forward = frame.modality in ("forecast", "hypothetical") or claim.kind == "hypothetical"
    # A loss or cost estimate is a model's figure for what the damage "will come to": its future tense is
    # how such estimates are said, not a forecast of another quantity.
    if forward and m.takes_forecasts and m.kind != "forecast" and frame.modality == "forecast":
        forward = False
    if forward and m.kind != "forecast":
        return f"a {frame.modality} figure, the metric counts what happened"
    if m.kind == "forecast" and not forward:
        return "the metric is a forecast; the figure is not"
    agg = frame.aggregation
    if m.kind == "rate" and claim.unit == "%":
        pass  # a share ("28% of civil servants were on strike") is the rate a percent metric counts
    elif m.kind in ("increment", "rate") and agg != m.kind:
        return f"the metric is {m.kind}; the figure is a {agg}"
    if m.kind not in ("increment", "rate") and agg in ("increment", "rate"):
        return f"the figure is {'an' if agg == 'increment' else 'a'} {agg}; the metric is a {m.kind}"
    if frame.mixed and not any(" and " in w or "allied" in w for w in m.counts):
        return "the figure counts a mixed group"
    return _date_fits(m, frame, cm.days) or _place_fits(cm, frame, claim)


REPORTED_WITHIN = 1  # days after a one-day event in which a report with no date of its own is about that day
REPORTED_RECENT = 7  # days after it in which such a report may still be about it, if about no later day


def _same_day_in(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def _date_fits(m: Metric, frame: Frame, days: Sequence[date] = ()) -> str | None:
    """Why a figure is not about the metric's day(s) (``None``: it is, or the metric has none); ``days``: the
    days of the topic's dated metrics."""
    lag = _date_lag(m, frame, days)
    return lag if isinstance(lag, str) else None


def _weekend_before(frame: Frame, days: Sequence[date]) -> set[date]:
    """The Saturdays and Sundays before the topic's days that fall on the weekdays an undated story names
    ("at the weekend", in a story of Wednesday's clashes: the weekend before the Wednesday)."""
    anchors = [d for d in days if calendar.day_name[d.weekday()] in frame.weekdays]
    return {a - timedelta(days=k) for a in anchors for k in range(1, 7) if (a - timedelta(days=k)).weekday() >= 5}


def _date_lag(m: Metric, frame: Frame, days: Sequence[date] = ()) -> int | str:
    """Days from the metric's day to the report of an undated figure (0 for a figure dated that day, or a
    metric with no day); a reason when the figure is about no day of the metric."""
    if not m.date:
        return 0
    if frame.undated and frame.published and frame.weekdays and all(
            abs((date.fromisoformat(frame.published) - d).days) > 366 for d in m.date):
        if frame.weekend:
            if set(m.date) & _weekend_before(frame, days):
                return 0
            return f"the article is undated; the figure is of the weekend before its {', '.join(frame.weekdays)}"
        # The file's time is when it was copied, a year or more away: the days it names by weekday decide.
        if any(calendar.day_name[d.weekday()] in frame.weekdays for d in m.date):
            return 0
        return f"the article is undated and names {', '.join(frame.weekdays)}, not the metric's day"
    if frame.time is not None:
        day = date.fromisoformat(frame.time)
        if all(abs((day - d).days) > 366 for d in m.date):
            day = _same_day_in(day, m.date[0].year)
            if frame.published and frame.time_words:
                # "on Thursday" read against a publication day of the wrong year: read it again in the right one.
                pub = _same_day_in(date.fromisoformat(frame.published), m.date[0].year)
                again = find_time(frame.time_words, pub)
                day = again[0] if again else day
        if day in m.date:
            return 0
        # A count that only grows about an event is told days later ("11 have been arrested over Wednesday's
        # protests, the commissioner said on Thursday"); a level is of its own day.
        lags = [(day - d).days for d in m.date if 0 < (day - d).days <= REPORTED_RECENT]
        if m.kind == "cumulative" and lags:
            return min(lags)
        return f"the figure is dated {day}, the metric {', '.join(map(str, m.date))}"
    if frame.published is None:
        return "the figure has no date and the metric is about one day"
    pub = date.fromisoformat(frame.published)
    if all(abs((pub - d).days) > 366 for d in m.date):
        # A dateline without its year, read against a file time of another year: its month and day still hold.
        pub = _same_day_in(pub, m.date[0].year)
    if frame.earlier:
        # "the previous time": a day before the one reported (the publication's, or the day before it); the
        # latest such day is nearest.
        before = [(pub - d).days for d in m.date if (pub - d).days > REPORTED_WITHIN]
        return min(before) if before else f"the figure is of an occasion before {pub}, the metric of a later day"
    lags = [(pub - d).days for d in m.date if 0 <= (pub - d).days <= REPORTED_RECENT]
    if lags:
        return min(lags)
    return f"published {pub}, not within {REPORTED_RECENT} days after {', '.join(map(str, m.date))}"


def _said(phrases: Sequence[str], text: str, alone: bool = False) -> bool:
    """Whether one of the stemmed ``phrases`` occurs in ``text``, each word as the start of a word; with
    ``alone``, not as the last of alternatives ("partly or completely collapsed" does not say "completely
    collapsed" alone)."""
    lead = r"(?<![\w])(?<!\bor )(?<!\band )" if alone else r"(?<![\w])"
    return any(re.search(lead + r"\w*\s+".join(re.escape(w) for w in p.split()), text) for p in phrases)


def _said_either_way(phrases: Sequence[str], text: str) -> bool:
    """Whether one of the stemmed ``phrases`` is said in ``text``, or its two words the other way round close
    together ("the condition of 10 people is unknown" says "unknown condition")."""
    if _said(phrases, text):
        return True
    for p in phrases:
        words = p.split()
        if len(words) == 2 and re.search(rf"(?<![\w]){re.escape(words[1])}\w*\b.{{0,40}}?(?<![\w]){re.escape(words[0])}",
                                         text):
            return True
    return False


_NAME_LIST = re.compile(r"[A-Z][\w’'-]*(?:,| and)\s+[A-Z]")
_BOTH = re.compile(r"\bboth\b", re.I)  # "across both government and rebel-held areas": the two together
_NEGATED = ("outside", "beyond", "excluding", "except", "not counting", "apart from", "besides")


def _place_pattern(word: str) -> str:
    """A place name, or the adjective made from it ("Syria": "Syrian"; "Turkey": "Turkish"; "Morocco": "Moroccan")."""
    forms = {word, word + "n", word + "ns", word + "ese"}
    for base in {re.sub(r"[aeiou]+$", "", word), re.sub(r"[aeiouy]+$", "", word)}:
        if len(base) >= 3 and base != word:
            forms |= {base + end for end in ("an", "ian", "ish", "ans", "ians")}
    alts = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return r"(?<![\w])(?:" + alts + r")(?![\w])"


_COMPASS_WORD = re.compile(r"(?:north|south|east|west|mid)(?:-?(?:east|west))?(?:ern)?")


def _across_region(place: str, sentence: str) -> bool:
    """Whether ``place`` is a compass region named as a sweep ("across the Southeast", "throughout the South"):
    the whole the storm or quake crossed, which a general metric counts, not one area of it."""
    words = place.replace("-", " ").split()
    if not words or not all(_COMPASS_WORD.fullmatch(w) for w in words):
        return False
    return bool(re.search(rf"\b(?:across|throughout)\s+(?:the\s+)?{re.escape(place)}\b", _fold(sentence)))


_SAYING = re.compile(r"\b(?:said|says|told|announced|reported|stated|added|warned)\b")


def _said_at(place: str, sentence: str) -> bool:
    """Whether ``place`` opens the sentence as where a source spoke ("In Geneva, the federation's envoy said
    ...", "In Tripoli, the prime minister said ..."): the place of the saying, not of the figure. Read only
    for places the topic does not know; "In Derna, officials said 300 died" is Derna's toll."""
    opening = re.match(rf"\s*(?:in|from) {re.escape(place)},", _fold(sentence))
    return bool(opening and _SAYING.search(_fold(sentence), opening.end()))


def _place_fits(cm: _CompiledMetric, frame: Frame, claim: Claim) -> str | None:
    # A list of places ("in A, B and C") is a whole that no one place's metric counts.
    places = [_fold(p) for p in frame.places if " and " not in p]
    lists = [_fold(p) for p in frame.places if " and " in p]
    if cm.where and lists:
        # "the toll at 201 across North and South Carolina, Georgia, ..., more than half of them in North
        # Carolina": a figure for a list of places is the whole, even if one place is named beside it.
        return f"the figure is placed in {frame.places[0]!r}, a list no one place's metric counts"
    if cm.where and any(_fold(w) in re.sub(r"\bthe two\b", "both", _fold(x)) for w in cm.where if _BOTH.search(w)
                        for x in frame.sites):
        return None  # "across the two countries" for a metric of "both countries"
    if cm.where:
        # A speaker of the place ("North Carolina officials", "the Syrian government") gives its toll; a site
        # in common nouns may say the place too ("in areas under government control", "at the tower").
        # A named place is the places' business: sites then add only what is said in common nouns.
        sites = [x for x in frame.sites
                 if not (_NAME_LIST.search(x) or _BOTH.search(x) or any(p in _fold(x) for p in places))
                 and not (places and x.lower() != x)]  # a name in a site is another place when one is said
        # Names around the figure (its verb's subject, possessives) stand in for a place only when none is said.
        scene = () if places else frame.scene
        # A source of several places ("officials in Georgia and North Carolina") speaks for no one of them.
        speaker = claim.speaker if claim.speaker and not _NAME_LIST.search(claim.speaker) else ""
        text = _fold(f"{' | '.join([*places, *sites, *scene])} | {claim.counted or ''} | {speaker}")
        words = {_stem(x) for x in re.findall(r"[a-z0-9]+", text)}
        for w in cm.where:
            parts = [_stem(x) for x in re.findall(r"[a-z0-9]+", w)]
            if len(parts) > 1 and all(x in words for x in parts) and not any(n in text for n in _NEGATED):
                return None  # "Syria's north-west" for "north-west Syria"; "areas under government control"
            for mt in re.finditer(_place_pattern(w), text):
                before = text[max(0, mt.start() - 16) : mt.start()]
                if w.split()[0] in _NEGATED or not any(before.rstrip().endswith(n) for n in _NEGATED):
                    return None
        return f"the figure is not placed in {', '.join(cm.metric.where)}"
    if cm.whole:
        # "people killed in Turkey and Syria together": a figure said of one of them alone is that one's
        # ("the Syrian government has confirmed 812 dead", "Syria's death toll").
        said = _fold(" | ".join([*frame.places, *frame.sites, *frame.scene, claim.speaker or "", claim.counted or ""]))
        named = [p for p in cm.whole if re.search(_place_pattern(p), said)]
        if named and len(named) < len(cm.whole):
            return f"the figure is said of {', '.join(named)} alone; the metric counts {' and '.join(cm.whole)}"
    if cm.covers:
        for p in lists:
            items = p.split(" and ")
            # A list of two or more of the topic's sub-areas is the whole of them, which the general metric takes.
            # ("the Carolinas" are its North and South Carolina)
            parts_named = sum(any(re.search(_place_pattern(part), item) or item.strip() == part.split()[-1] + "s"
                                  for part in cm.parts) for item in items) >= 2
            if not set(p.replace("-", " ").split()) & cm.covers and not parts_named:
                return f"the figure is placed in {p!r}, none of which the metric covers"
        for p in places:
            words = set(p.replace("-", " ").split()) | {p}
            if _across_region(p, claim.sentence) or _said_at(p, claim.sentence):
                continue
            if p == "elsewhere" or p.split()[0] in _NEGATED or not words & cm.covers:
                return f"the figure is placed in {p!r}, which the metric does not cover"
        # A named place is judged as a place, above; "both government and rebel-held areas" is the whole.
        for site in (x for x in frame.sites if x.lower() == x and not _BOTH.search(x)):
            words = set(re.findall(r"[a-z0-9]+", _fold(site)))
            for part in cm.parts:
                pw = re.findall(r"[a-z0-9]+", part)
                if len(pw) > 1 and all(x in words for x in pw) or re.search(_place_pattern(part), _fold(site)):
                    return f"the figure is placed in {site!r}, which another metric of the topic covers"
    return None


# Common nouns for a place named before: "in the country", "the state's toll", "in the city alone".
PLACE_NOUNS = frozenset({"country", "nation", "region", "area", "city", "town", "village", "capital", "enclave",
                         "territory", "island", "state", "county", "province", "district", "prefecture",
                         "governorate", "municipality", "commune", "parish", "borough"})
_UNIT_NOUNS = PLACE_NOUNS - {"country", "nation", "region", "area", "city", "town", "village", "capital", "enclave",
                             "territory", "island"}


BACK_REACH = 400  # characters before a figure's sentence in which "the state" / "there" finds its place


_UNIT_SPEAKER = re.compile(r"^(?:the )?(" + "|".join(sorted(_UNIT_NOUNS)) + r")(?:'s)? (?:officials|authorities|"
                           r"government|administration|emergency managers|spokesperson|spokesman|spokeswoman)$")


def _anaphor(phrase: str) -> str | None:
    """The place noun of "the country", "the Thai capital", "the city alone", "there" ("" for "there");
    ``None`` when the phrase is no such back-reference (a name, "five states", "the rubble")."""
    words = _fold(phrase).replace("-", " ").split()
    if words == ["there"]:
        return ""
    if len(words) < 2 or words[0] != "the" or len(words) > 4:
        return None
    # The place noun heads the phrase: "the state civil service" is no state.
    at = next((k for k, w in enumerate(words) if k and w in PLACE_NOUNS), None)
    if at is None or not set(words[at + 1 :]) <= {"alone", "itself", "as", "a", "whole", "overall"}:
        return None
    return words[at]


_THE_COLLAPSE = re.compile(r"\bthe (?:building's |tower's )?collapse\b(?! of)", re.I)
_COLLAPSED = re.compile(r"\b(?:the )?collapsed ((?:[\w’'-]+ ){0,5}?(?:tower|building|block|bridge|dam|mall|school|"
                        r"hospital|factory|hotel|mosque|church|temple|monastery|high-rise|skyscraper|apartment|"
                        r"complex)s?)\b|\bcollapse of (?:the |a |an )?((?:[\w’'-]+ ){0,5}?(?:tower|building|"
                        r"block|bridge|dam|mall|school|hospital|factory|hotel|high-rise|skyscraper)s?)\b", re.I)


def _what_collapsed(claim: Claim, text: str) -> str | None:
    """For a figure of "the collapse" ("the confirmed death toll from the collapse now stands at 47"), or one
    placed nowhere after it in its paragraph, the building the article said collapsed before it ("the collapsed
    State Audit Office tower"): its site."""
    # (in its own sentence, or earlier in its paragraph: "... from the collapse now stands at 47. Another nine
    # people were injured")
    paragraph = text.rfind("\n\n", 0, claim.sentence_start) + 1
    if not _THE_COLLAPSE.search(f"{claim.counted or ''} | {claim.sentence} | {text[paragraph : claim.start]}"):
        return None
    found = list(_COLLAPSED.finditer(text, 0, claim.sentence_start))
    return (found[-1].group(1) or found[-1].group(2)) if found else None


def _speaker_home(speaker: str, text: str, known: Sequence[str]) -> str | None:
    """The topic's place a speaker is the agency of, as the article introduces it: "Thailand's Department of
    Disaster Prevention and Mitigation (DDPM)", "Turkey's disaster agency AFAD", "AFAD, Turkey's disaster
    agency", "In Turkey, the disaster management agency AFAD". A national agency's figures are its country's."""
    name = re.escape(speaker.removeprefix("the ").strip())
    if not name:
        return None
    owner = r"([A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*)['’]s"
    for mt in re.finditer(rf"(?<![\w]){name}(?![\w])", text):
        lead = text[max(0, mt.start() - 90) : mt.start()]
        before = re.search(owner + r"\s+(?:[\w-]+\s+){0,7}\(?$", lead) or re.search(
            r"\bIn ([A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*), the (?:[\w-]+\s+){0,6}$", lead)  # "In Turkey, the agency AFAD"
        after = re.match(r"\)?,\s+" + owner + r"\s", text[mt.end() : mt.end() + 60])
        for found in (before, after):
            if found and (home := next((k for k in known if _fold(k) == _fold(found.group(1))), None)):
                return home
    return None


def _located(claim: Claim, text: str, known: Sequence[str]) -> Claim:
    """The claim with "the country", "the county", "there" read as the place of the topic named last before
    it (same sentence included): a county noun takes a name said with that noun ("Buncombe County"), any
    other takes the latest name not said with another unit noun. Back-references to no known place are
    dropped, so they neither place the figure nor keep it off a general metric."""
    frame = claim.frame
    if not frame.places and not frame.sites and frame.setting:
        claim = _set_in(claim, known)
        frame = claim.frame
    if not frame.places and not frame.sites and (what := _what_collapsed(claim, text)):
        frame = dataclasses.replace(frame, sites=(what,))  # "the death toll from the collapse": of the tower
        claim = dataclasses.replace(claim, frame=frame)
    home = _speaker_home(claim.speaker, text, known) if claim.speaker else None
    if home is not None and home not in frame.scene:
        frame = dataclasses.replace(frame, scene=(*frame.scene, home))
        claim = dataclasses.replace(claim, frame=frame)
    refs = [(p, _anaphor(p)) for p in (*frame.places, *frame.sites)]
    unit = _UNIT_SPEAKER.match(_fold(claim.speaker or ""))
    if not refs and unit:
        # "County officials, who had reported 72 deaths, ...": a speaker of "the county" speaks for the one
        # named before
        frame = dataclasses.replace(frame, sites=(f"the {unit.group(1)}",))
        claim = dataclasses.replace(claim, frame=frame)
        refs = [(frame.sites[0], unit.group(1))]
    if not any(noun is not None for _, noun in refs):
        return claim
    # The same sentence and the two before it; "the country" only in its own sentence ("Turkey's agency
    # said 44,218 died in the country"), since a city named before is no country.
    reach = max(0, claim.sentence_start - BACK_REACH)
    before_all = _fold(text[reach : claim.start])
    in_sentence = _fold(text[claim.sentence_start : claim.start])
    places = [p for p, noun in refs if noun is None and p in frame.places]
    sites = [p for p, noun in refs if noun is None and p in frame.sites and p not in frame.places]
    for p, noun in refs:
        if noun is None or any(_fold(k) in _fold(p) for k in known):
            if noun is not None:
                sites.append(p)  # "the collapsed tower" for a metric placed at the tower: said in so many words
            continue
        if noun in ("country", "nation"):
            best = _latest_known(in_sentence, noun, known)
        elif noun == "capital" and (capital := _capital(text, known)) is not None:
            best = capital
        else:
            # "the enclave", "the region": named within the last sentences, else in the article's lead before it.
            best = _latest_known(before_all, noun, known, text[reach : claim.start]) or _latest_known(
                _fold(text[: claim.start]), noun, known, text[: claim.start])
        if best is not None and best not in places:
            places.append(best)
    new = dataclasses.replace(frame, places=tuple(places), sites=tuple(dict.fromkeys(sites)))
    return dataclasses.replace(claim, frame=new)


_COMPASS_ADJ = re.compile(r"\b(north|south)(-?)(east|west)ern\b", re.I)


_COMPASS_END = re.compile(r"\b(?:north|south|east|west)(?:-?(?:east|west))?$")  # "the opposition-held north-west"
_COMPASS_PART = re.compile(r"^((?:north|south)(?:-?(?:east|west))?|east|west) (\S.*)$")


def _known_forms(k: str, text: str) -> list[str]:
    """Patterns by which ``text`` names the known place ``k``: its name, and for "north-west Syria" the bare
    compass part ("the opposition-held north-west") once the text has named Syria."""
    forms = [_place_pattern(_fold(k))]
    compass = _COMPASS_PART.match(_fold(k))
    if compass and re.search(_place_pattern(compass.group(2)), text):
        forms.append(r"(?<![\w-])" + re.escape(compass.group(1)) + r"(?![\w-])")
    return forms


def _capital(text: str, known: Sequence[str]) -> str | None:
    """The topic's place the article calls the capital ("Bangkok, the Thai capital", "the capital, Tripoli"),
    else the one its dateline names ("PARIS, Jan 19 -"): a city named last before "the capital" may be any."""
    folded = _fold(text)
    for k in known:
        name = re.escape(_fold(k))
        if re.search(rf"(?<![\w]){name},? the (?:[\w-]+ )?capital\b|\bthe (?:[\w-]+ )?capital,? {name}(?![\w])", folded):
            return k
    head = text[:_DATELINE_REACH]
    return next((k for k in known if re.search(rf"(?m)^{re.escape(k.upper())}\b", head)), None)


_DATELINE_REACH = 300  # characters from the top of an article in which its dateline stands


def _latest_known(before: str, noun: str, known: Sequence[str], raw: str | None = None) -> str | None:
    """The topic's place named last in ``before`` (folded; ``raw``: the same text as written) that a
    back-reference by ``noun`` can mean."""
    before = _COMPASS_ADJ.sub(r"\1\2\3", before)  # "north-western Syria" names "north-west Syria"
    if raw is not None:
        raw = _COMPASS_ADJ.sub(r"\1\2\3", raw)
        raw = raw if len(raw) == len(before) else None
    best, at = None, (-1, 0)
    for k in known:
        for mt in (mt for form in _known_forms(k, before) for mt in re.finditer(form, before)):
            after = before[mt.end() : mt.end() + 16].split()
            if after and after[0].strip(".,;:") in FACILITY_NOUNS:
                continue
            if raw is not None and mt.group(0) != _fold(k) and re.match(r" [A-Z]", raw[mt.end() : mt.end() + 2]):
                continue  # "the Syrian Civil Defence": an adjective in an organisation's name is no place said
            unit = next((w for w in [*_fold(k).split()[-1:], *after[:1]] if w in _UNIT_NOUNS), None)
            if noun in _UNIT_NOUNS and unit not in (noun, None) or noun not in _UNIT_NOUNS and unit:
                continue
            if noun in _UNIT_NOUNS and unit is None and any(noun in _fold(x).split() for x in known):
                continue  # "the county" when the topic names counties: only a county name will do
            # The latest; of names ending together, the longest ("north-west Syria", not "Syria").
            if (mt.end(), mt.end() - mt.start()) > at:
                best, at = k, (mt.end(), mt.end() - mt.start())
    return best


def _sentence_place(claim: Claim, siblings: Sequence[Claim], known: Sequence[str]) -> Claim:
    """The claim placed in the one known place its sentence names, when it has no place, site or setting of its
    own; a place that is a source's ("the Orlo police counted 87,000") or another figure's does not count."""
    frame = claim.frame
    if frame.places or frame.sites or frame.setting or not known:
        return claim
    if any(not any(re.search(_place_pattern(_fold(k)), _fold(name)) for k in known) for name in frame.scene):
        return claim  # "the 2007 Olowalu Fire burned 2,500 acres": its own subject names another
    said = _fold(claim.sentence)
    for other in (claim, *siblings):
        if other.sentence_start == claim.sentence_start:
            for phrase in (other.speaker, *(other.frame.places if other is not claim else ())):
                if phrase:
                    said = said.replace(_fold(phrase), " ")
    named = {k for k in known if re.search(_place_pattern(_fold(k)), said)}
    named = {k for k in named if not any(k != o and _fold(k) in _fold(o) for o in named)}
    if len(named) != 1:
        return claim
    return dataclasses.replace(claim, frame=dataclasses.replace(frame, places=tuple(named)))


# "The figure was cut on Saturday from the 10 deaths announced on Friday": the figure of the sentence before.
_THE_FIGURE = re.compile(r"^\W*(?:The|This|That) (?:figure|toll|count|tally|number)\b(?! of)")


def _back_referred(claims: Sequence[Claim], decisions: list[Decision]) -> list[Decision]:
    """Decisions with a tie broken for a sentence that opens on "the figure" (the one reported just before):
    of the metrics that fit alike, the one the sentence before gave a figure of the same state to."""
    out = list(decisions)
    for i, c in enumerate(claims):
        d = out[i]
        if d.metric is not None or not d.tied or not _THE_FIGURE.match(c.sentence):
            continue
        before = [j for j in range(i) if claims[j].sentence_start < c.sentence_start and out[j].metric]
        previous = [j for j in before if claims[j].sentence_start == claims[before[-1]].sentence_start] if before else []
        for j in previous:
            if (out[j].topic, out[j].metric) in d.tied and claims[j].frame.states == c.frame.states:
                why = f"of equal fits, {out[j].metric}: 'the figure' is the one the sentence before gave"
                out[i] = Decision(out[j].topic, out[j].metric, (*d.reasons, why), d.candidates)
                break
    return out


SPEAKER_REACH = 3  # sentences within which a source's unplaced figure keeps the place of its placed one


def _speakers_places(claims: Sequence[Claim]) -> list[Claim]:
    """Each claim placed nowhere, with no setting, given as its setting the places of the same source's
    placed figure just before (across a paragraph break): "Kharraz said 3,840 deaths had been registered in
    the Mediterranean city. [...] According to Kharraz, more than 2,400 people were still missing" is the
    city's. Read as any setting is, so a sentence that names a place of its own keeps to it."""
    out: list[Claim] = []
    last: dict[str, tuple[int, tuple[str, ...]]] = {}
    sentence_no: dict[int, int] = {}
    for c in claims:
        no = sentence_no.setdefault(c.sentence_start, len(sentence_no))
        frame = c.frame
        if frame is None or c.kind not in _FIGURE_KINDS or not c.speaker_key:
            out.append(c)
            continue
        # (named places and back-references to one: "the Mediterranean city"; not a site such as "hospitals")
        where = (*frame.places, *(x for x in frame.sites if _anaphor(x) is not None))
        if frame.places or frame.sites:
            last[c.speaker_key] = (no, where)  # (a figure placed at a site ends its source's place)
        elif not frame.setting and last.get(c.speaker_key, (0, ()))[1] and no - last[c.speaker_key][0] <= SPEAKER_REACH:
            c = dataclasses.replace(c, frame=dataclasses.replace(frame, setting=last[c.speaker_key][1]))
        out.append(c)
    return out


def _set_in(claim: Claim, known: Sequence[str]) -> Claim:
    """The claim placed in its paragraph's setting ("11,300 died in Derna alone. [...] 10,100 people were still
    missing"), when the setting is a place of the topic and the claim's own sentence names none: a sentence
    that names one ("Marrakesh prefecture counted 13 dead", "34 injuries, 33 of them in Bangkok", "14,500
    Syrians") places its figures itself."""
    said = _fold(claim.sentence)
    if any(re.search(_place_pattern(_fold(k)), said) for k in known):
        return dataclasses.replace(claim, frame=dataclasses.replace(claim.frame, setting=()))
    places = tuple(p for p in claim.frame.setting if any(re.search(_place_pattern(_fold(k)), _fold(p)) for k in known))
    if not places:
        # A setting in common nouns that points to a place ("the region", "there", "the opposition-held
        # north-west") is read as the figure's own; a site ("the construction site") is its figure's.
        sites = tuple(p for p in claim.frame.setting
                      if _anaphor(p) is not None or p.lower() == p and _COMPASS_END.search(_fold(p)))
        # (with no setting that points to a place, the figure is placed nowhere: its sentence may still say where)
        return dataclasses.replace(claim, frame=dataclasses.replace(claim.frame, sites=sites, setting=()))
    return dataclasses.replace(claim, frame=dataclasses.replace(claim.frame, places=places))


# In the power family: words of losing it (an event, counted once) and of being without it (a state, now).
_LOSING = tuple(" ".join(_stem(x) for x in p.split()) for p in ("lost power", "lose power", "cut power",
                                                                 "cut service", "knocked out", "lost service"))
_WITHOUT = tuple(" ".join(_stem(x) for x in p.split()) for p in ("without power", "without electricity",
                                                                  "no power", "in the dark", "without service"))
_SAME_STAGE = re.compile(r"\bat (?:the )?same (?:stage|point|time|hour)\b", re.I)
_STILL = re.compile(r"\b(?:still|remain(?:s|ed|ing)?)\b", re.I)


def _said_short(cm: _CompiledMetric, claim: Claim, window: str) -> str:
    """The full names of ``cm``'s counts that the figure's sentence gives by their first word alone, after the
    text before it named them in full (" Duke Energy" for "Duke still had ..."), to read as said."""
    out = ""
    for first, full in cm.short_names:
        second = full.split()[1]
        if re.search(rf"\b{re.escape(first)}\b(?!\s+{re.escape(second)})", claim.sentence) and full in window:
            out += " " + full
    return out


def _is_ratio(m: Metric) -> bool:
    """Whether the metric counts a factor ("eight times the toll so far"), by its ``unit``."""
    return (m.unit or "").lower() in ("ratio", "times", "factor", "fold")


def _fits(cm: _CompiledMetric, claim: Claim, where: _Where) -> tuple[bool, int, float, str]:
    """(fits, specificity, distance of the nearest `about` word, reason). A qualified state must be said in the
    stretch without the figure's parts ("26 hospitalized, three of them in critical condition")."""
    segment, tight, window, anchor = where.segment, where.tight, where.window, where.anchor
    m = cm.metric
    counted = claim.counted or ""
    short = _said_short(cm, claim, window)
    ok, why = _counts_fit(cm, claim, segment + " " + counted + short)
    if not ok:
        return False, 0, 0, why
    if m.unit in ("%", "percent") and claim.unit != "%":
        return False, 0, 0, "the metric is a percentage; the figure is not"
    if (claim.kind == "ratio") != _is_ratio(m):
        # "could end up eight times higher than the count so far": a factor, only for a metric of factors
        return False, 0, 0, "the figure is a ratio; the metric is not" if claim.kind == "ratio" else \
            "the metric is a ratio; the figure is not"
    if claim.unit and not _same_unit(claim.unit, m.unit):
        return False, 0, 0, f"unit {claim.unit} does not match the metric's {m.unit or 'count'}"
    if m.is_money and not claim.unit:
        return False, 0, 0, "the metric is an amount of money; the figure is not"
    frame_why = _frame_fits(cm, claim.frame, claim, tight)
    if frame_why is not None:
        return False, 0, 0, frame_why
    scope = segment + " " + counted
    if cm.not_near is not None:
        hit = cm.not_near.search(scope)
        if hit:
            return False, 0, 0, f"excluded by {hit.group(0)!r} near the figure"
    score, distance = 1, 0
    if m.counts and counted:
        score += _named_by(cm, counted, segment + short)  # by its own noun, not just as people; the longer, the closer
    if cm.states is not None and claim.frame.states:
        # A metric that counts only some of what the figure counts ("homes that partly or completely collapsed"
        # for the collapsed homes) fits worse than one that counts all of it.
        score += 1 if set(claim.frame.states) <= cm.states else 0
        # Between equals, the metric whose states are the figure's own, no wider: "4,230 dwellings collapsed"
        # is the collapsed homes', not the damaged-or-destroyed homes'.
        distance += len(cm.states - set(claim.frame.states))
        # Then the metric whose own state word is said: "5,775 buildings destroyed" is the destroyed buildings',
        # not the "collapsed, demolished or severely damaged" ones', though "collapsed" is destroyed too.
        literal = {_stem(w) for w in m.state if " " not in w.strip()}
        said = {_stem(w) for w in re.findall(r"[a-z]+", _fold(segment))}
        distance += 5 if literal and not literal & said else 0  # (above any width difference)
    if cm.phrases and _said(cm.phrases, _fold(tight), alone=True):
        score += 2
    if m.kind == "cumulative" and _STILL.search(tight):
        distance += 1  # "1 million customers were still without electricity": who are out now, a level
    if cm.phrases and _said(_LOSING, _fold(tight)) != _said(_LOSING, _fold(" ".join(m.state))):
        # "Helene cut service to 5.2 million customers" tells the loss, "were without power" the state: the
        # metric whose own words say the same kind of thing fits better
        distance += 0.5 if _said(_LOSING + _WITHOUT, _fold(" ".join(m.state))) else 0
    if cm.where:
        # "Syria's north-west" fits "north-west Syria" better than "Syria": the longer place said wins.
        score += 2 + _where_words(cm, claim) - 1
        distance += _nearest(cm.where, claim)  # "12 in Lyon and 30 in Nantes": the place named nearest
    if m.date:
        # A report days after the event is about it only if about no later day of the topic. The day is no
        # evidence beside what is counted ("Sixteen men" is the men's metric, dated or not): it only breaks
        # ties between days, below any other difference.
        lag = _date_lag(m, claim.frame, cm.days)
        distance += (lag if isinstance(lag, int) else 0) / 10
    if cm.near is not None:
        if _SAME_STAGE.search(segment):
            scope += " " + claim.sentence  # "735,000 by midday, against 650,000 at the same stage": midday's too
        hit = cm.near.search(scope)
        if not hit:
            return False, 0, 0, f"none of {m.near} near the figure"
        score += 2
        if not cm.near.search(tight):
            distance += 0.5  # "of 15 arrested for violent offences, five were held for riot": its own words first
    if cm.about is not None:
        hits = [mt.end() for mt in cm.about.finditer(window)]
        if not hits:
            return False, 0, 0, f"none of {m.about} in the text before the figure"
        # Words in the figure's own sentence count as nearest; otherwise the closest one before it.
        distance = 0 if any(h > anchor for h in hits) else anchor - max(hits)
        score += 1
    return True, score, distance, "fits"


def _where_words(cm: _CompiledMetric, claim: Claim) -> int:
    """How many words the longest of the metric's places said around the figure has; 0 when the place is
    only its speaker's ("Syrian state media, reporting on areas under government control, gave ...")."""
    frame = claim.frame
    sites = [x for x in frame.sites if not any(_fold(p) in _fold(x) for p in frame.places)]
    said = {_stem(x) for x in re.findall(r"[a-z0-9]+", _fold(" ".join([*frame.places, *sites, *frame.scene])))}
    return max([len(ws) for w in cm.where if (ws := [_stem(x) for x in re.findall(r"[a-z0-9]+", w)])
                and all(x in said for x in ws)] or [0])


def _nearest(words: Sequence[str], claim: Claim) -> int:
    """Characters between the figure and the nearest of ``words`` in its sentence (a large number: none)."""
    sentence = _fold(claim.sentence)
    at = claim.start - claim.sentence_start
    best = 10_000
    for w in words:
        for mt in re.finditer(r"(?<![\w])" + re.escape(w) + r"(?![\w])", sentence):
            best = min(best, abs(mt.start() - at), abs(mt.end() - at))
    return best


def _same_unit(claim_unit: str, metric_unit: str | None) -> bool:
    if metric_unit is None:
        return False
    return claim_unit.lower() == metric_unit.lower() or (claim_unit == "%" and metric_unit.lower() == "percent")


def _segment(claim: Claim, siblings: Sequence[Claim], parts: bool = True) -> str:
    """The part of the sentence that belongs to this figure: between its neighbouring figures (its own parts
    included unless ``parts`` is false)."""
    sent = claim.sentence
    base = claim.start - claim.sentence_start
    lo, hi = 0, len(sent)
    for c in siblings:
        if c is claim or c.sentence_start != claim.sentence_start or c.kind != "quantity":
            continue
        # Parts of a whole ("including 500 officers") do not cut their whole's segment short.
        if parts and c.part_of is not None and c.part_of == claim.index:
            continue
        s, e = c.start - c.sentence_start, c.end - c.sentence_start
        if e <= base:
            lo = max(lo, e)
        elif s >= base + (claim.end - claim.start):
            hi = min(hi, s)
    if not parts and lo > 0 and claim.frame is not None and claim.frame.states:
        # What follows the figure before up to "and" or a comma is that figure's when this one says its own
        # state: "2,719 structures exposed and 2,207 damaged" says "exposed" of the 2,719 only (but "671,367
        # customers without power and North Carolina with 547,630" says it once for both).
        cut = max(sent.rfind(" and ", lo, base), sent.rfind(", ", lo, base))
        lo = cut + 1 if cut >= 0 else lo
    return sent[lo:hi]


ABOUT_REACH = 1500  # characters before the figure's sentence that may name what it is about


def _window(claim: Claim, text: str) -> tuple[str, int]:
    """The text before the figure (a few paragraphs) and its sentence; and where the sentence starts in it."""
    lo = max(0, claim.sentence_start - ABOUT_REACH)
    return text[lo : claim.sentence_start + len(claim.sentence)], claim.sentence_start - lo
