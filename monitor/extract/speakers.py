"""Who says it: speaker phrases, their normalised keys, and pronouns that point back.

A speaker is reported as written in its fullest form in the article ("Volodymyr
Zelenskyy"), and keyed so that spellings and titles of one source meet:
"Zelensky", "Zelenskyy", "Zelenskiy", "Volodymyr Zelensky" and "the Ukrainian
president" all key to ``zelensky``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

TITLES = {
    "president", "prime", "minister", "secretary", "general", "spokesman", "spokeswoman", "spokesperson",
    "chief", "director", "head", "deputy", "mr", "mrs", "ms", "dr", "sir", "gen", "lt", "col", "ambassador",
    "chancellor", "king", "queen", "governor", "mayor", "senator", "sen", "rep", "commander", "defense",
    "defence", "foreign", "national", "security", "adviser", "advisor", "leader", "vice", "state", "interior",
    "health", "finance", "spy", "army", "police", "fire", "officer", "official", "dutch", "german", "french",
    "british", "american", "ukrainian", "russian", "korean", "north", "south", "us", "u.s.", "white", "house",
    "nato", "eu", "un", "of", "the", "a", "an", "former", "acting", "senior", "top", "military", "intelligence",
    "emergency", "services", "provincial", "regional", "local", "mp", "lawmaker", "commissioner", "inspector",
    "sergeant", "captain", "major", "colonel", "admiral", "pope", "premier", "justice", "attorney",
}
TITLE_ABBREVIATIONS = {
    "gov": "governor", "sen": "senator", "rep": "representative", "gen": "general", "lt": "lieutenant",
    "col": "colonel", "capt": "captain", "sgt": "sergeant", "supt": "superintendent", "insp": "inspector",
    "pres": "president", "amb": "ambassador", "sec": "secretary", "cmdr": "commander", "adm": "admiral",
}
TITLES |= set(TITLE_ABBREVIATIONS)
COUNTRY_KEYS = {
    "u.s.": "united states", "us": "united states", "usa": "united states", "u.s.a.": "united states",
    "america": "united states", "the united states": "united states", "united states": "united states",
    "uk": "united kingdom", "u.k.": "united kingdom", "britain": "united kingdom",
    "eu": "european union", "e.u.": "european union", "un": "united nations", "u.n.": "united nations",
}
ORG_WORDS = {
    "agency", "ministry", "directorate", "department", "government", "office", "military", "intelligence",
    "army", "police", "service", "services", "committee", "council", "commission", "organisation",
    "organization", "association", "union", "institute", "bureau", "authority", "authorities", "paper",
    "report", "website", "news", "newspaper", "agency's", "command", "forces", "administration", "house",
    "pentagon", "kremlin", "nato", "group", "company", "bank", "court", "parliament", "party", "team",
    "states", "nations", "center", "centre", "university", "fund", "red", "cross", "observatory", "monitor",
    "federation", "foundation", "alliance", "coalition", "network", "charity", "trust", "programme", "program",
    "secretariat", "board", "station", "radio", "television", "tv", "times", "post", "herald", "press",
    "wire", "reuters", "staff", "desk", "zone", "site", "corps", "guard", "brigade", "battalion", "regiment",
}
PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "we", "i", "this", "that"}
_STOP = {"the", "a", "an", "one", "some", "its", "their", "his", "her", "our", "this", "that", "these", "those"}
_TRANSLIT = re.compile(r"(iy|yy|ij|ii|yi)$")


@lru_cache(maxsize=65536)  # called for every capitalised word of every article; words repeat
def fold(word: str) -> str:
    """Lower-case ASCII form of a word, with common transliteration endings unified."""
    s = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    s = s.replace("’", "'").strip(".,;:'\"")
    s = re.sub(r"'s$", "", s)
    return _TRANSLIT.sub("y", s) if len(s) > 4 else s


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _tokens(phrase: str) -> list[str]:
    return re.findall(r"[\w.'’-]+", phrase)


def is_person(phrase: str) -> bool:
    """True when the phrase ends in a personal name ("Mark Rutte", "Kirby"), not an organisation."""
    toks = _tokens(phrase)
    if not toks:
        return False
    last = toks[-1].split("-")[-1]  # "al-Ghaithi", "el-Sayed"
    if not last[:1].isupper() or last.isupper() or fold(last) in ORG_WORDS or fold(last) in TITLES:
        return False
    if fold(phrase) in COUNTRY_KEYS or fold(last) in COUNTRY_KEYS:
        return False
    return not any(fold(t) in ORG_WORDS for t in toks[-2:])


def speaker_key(phrase: str | None) -> str | None:
    """The normalised key of a speaker phrase (``None`` for none)."""
    if not phrase:
        return None
    raw = phrase.strip()
    low = fold(raw)
    if low in COUNTRY_KEYS:
        return COUNTRY_KEYS[low]
    toks = _tokens(raw)
    if is_person(raw):
        # "Tarek al-Kharraz" and "Kharraz" are one person: a surname's article is no part of the key
        return re.sub(r"^(?:al|el|ad|an|as|ash|at|az|ar)-(?=\w{3})", "", fold(toks[-1]))
    words = [fold(t) for t in toks]
    words = [w for w in words if w and w not in _STOP]
    if len(words) == 1 and words[0] in COUNTRY_KEYS:
        return COUNTRY_KEYS[words[0]]
    if len(toks) == 1 and toks[0].isupper() and len(toks[0]) > 1:
        return toks[0].lower()
    words = [COUNTRY_KEYS.get(w, w) for w in words]
    if words:
        words[-1] = _singular(words[-1])
    return " ".join(words) or None


@dataclass
class SpeakerIndex:
    """What one article says about its speakers: full names, titles, acronyms, recent sources.

    Built once per article from its whole text, then consulted for every claim.
    """

    full_names: dict[str, str] = field(default_factory=dict)  # key -> fullest name seen
    titles: dict[str, str] = field(default_factory=dict)  # "ukrainian president" -> key
    acronyms: dict[str, str] = field(default_factory=dict)  # folded expansion -> acronym

    _CAPS = re.compile(r"(?:[A-Z](?:[\w’'-]|\.(?=\w))*\.?[ \t]+){0,7}[A-Z][\w’'-]*")

    _ACRONYM = re.compile(
        r"((?:[A-Z][\w’'-]*\s+)(?:(?:of|for|and|the)\s+|[A-Z][\w’'-]*\s+){0,6}[A-Z][\w’'-]*)"
        r"(?:\s*\(([A-Z]{2,6})\)|,?\s+known (?:by its acronym|as) ([A-Z]{2,6}))"
    )

    @classmethod
    def build(cls, text: str) -> SpeakerIndex:
        """Scan an article's text once."""
        idx = cls()
        for m in cls._ACRONYM.finditer(text):
            acro = m.group(2) or m.group(3)
            exp = re.sub(r"^(?:the|The)\s+", "", m.group(1).strip())
            exp = re.sub(r"^(?:[A-Z][a-z]+’s|[A-Z][a-z]+'s)\s+", "", exp)
            idx.acronyms[fold(exp)] = acro
        for m in cls._CAPS.finditer(text):
            words = m.group(0).split()
            k = 0
            while k < len(words) and (fold(words[k]) in TITLES or fold(words[k]) in COUNTRY_KEYS):
                k += 1
            # "Hawaii Gov. Josh Green": a place before the title belongs to the title, not the name
            titled = [i for i in range(k, len(words) - 2) if fold(words[i]) in TITLES and fold(words[i]) not in _STOP]
            k = titled[-1] + 1 if titled else k
            name_words = words[k:]
            if len(name_words) < 2 or len(name_words) > 4:
                continue
            name = " ".join(name_words)
            if not is_person(name) or any(fold(w) in ORG_WORDS for w in name_words):
                continue
            key = fold(name_words[-1])
            if len(name) > len(idx.full_names.get(key, "")):
                idx.full_names[key] = name
            title_words = [TITLE_ABBREVIATIONS.get(fold(w), fold(w)) for w in words[:k] if fold(w) not in _STOP]
            if title_words:
                idx.titles[" ".join(title_words)] = key
        return idx

    def _by_title(self, bare: str) -> str | None:
        """The person a title-only phrase names ("the governor of Ostrel province" -> Sodan), if unique."""
        if bare in self.titles:
            return self.titles[bare]
        words = bare.split()
        if not words or not all(w in TITLES or w[:1].isalpha() for w in words):
            return None
        head_part = bare.split(" of ")[0].split()
        if not head_part or head_part[-1] not in TITLES or head_part[-1] in _STOP:
            return None
        head, mods = head_part[-1], set(head_part[:-1])
        found = {k for t, k in self.titles.items() if t.split()[-1] == head and mods <= set(t.split())}
        return found.pop() if len(found) == 1 else None

    def resolve(self, phrase: str | None) -> tuple[str | None, str | None]:
        """``(speaker as shown, speaker key)`` for a phrase found in this article."""
        if not phrase:
            return None, None
        phrase = re.sub(r"\s+", " ", phrase).strip(" ,")
        phrase = re.sub(r"^(?:the|The)\s+", "", phrase) if not phrase.lower().startswith("the us") else phrase
        folded = " ".join(fold(t) for t in _tokens(phrase))
        for exp, acro in self.acronyms.items():
            if folded.endswith(exp) or folded == acro.lower():
                return phrase, acro.lower()
        bare = " ".join(fold(t) for t in _tokens(phrase) if fold(t) not in _STOP)
        key = self._by_title(bare)
        if key is not None:
            return self.full_names.get(key, phrase), key
        key = speaker_key(phrase)
        if key and is_person(phrase):
            full = self.full_names.get(key)
            if full and len(full) > len(phrase) and phrase.split()[-1][:4].lower() == full.split()[-1][:4].lower():
                if len(_tokens(phrase)) <= 2:
                    return full, key
        return phrase, key


# Readings of a parsed sentence. Tokens are spaCy's, used by their attributes only (no import).

# Nouns that name a report rather than its author: "the ministry's count", "figures released by police".
REPORT_NOUNS = {
    "count", "tally", "figure", "estimate", "statement", "analysis", "compilation", "report", "data", "toll",
    "record", "list", "document", "survey", "assessment", "calculation", "census", "update", "bulletin",
    "breakdown", "projection", "reckoning", "spreadsheet", "database", "modelling", "modeling",
}
# Verbs of saying whose subject is the speaker however the parse hangs them; weak verbs
# ("showed", "counted") only when their subject is a source.
SAYING = {
    "say", "tell", "report", "announce", "add", "state", "estimate", "warn", "claim", "confirm", "write", "note",
    "explain", "tweet", "post", "declare", "insist", "acknowledge", "reveal", "disclose", "predict", "project",
    "expect", "forecast", "fear", "suggest", "cite", "speak", "float",
}
TALLYING = {"count", "record", "register", "put", "give", "show", "list", "tally", "log", "find", "place", "release"}
_SOURCE_LEMMAS = {
    "official", "police", "authority", "organiser", "organizer", "union", "prefecture", "spokesman", "spokeswoman",
    "spokesperson", "minister", "ministry", "agency", "government", "source", "volunteer", "rescuer", "medium",
    "observatory", "monitor", "modeler", "modeller", "firm", "group", "junta", "officer", "commission", "council",
    "administration", "governor", "mayor", "hospital", "worker", "team", "organisation", "organization",
    "representative", "newspaper", "outlet", "broadcaster", "department", "office", "service", "headquarters",
}
# Bare common nouns that stand for whichever organisation the article last named ("the group", "the firm").
_ANY_ORG = {
    "group", "organisation", "organization", "agency", "body", "firm", "company", "modeler", "modeller",
    "monitor", "charity", "forecaster", "observatory", "organisers", "organizers", "network", "watchdog",
}


def is_report_noun(tok: Any) -> bool:
    """A noun naming a count or report ("the tally", "figures", "an estimate") rather than who made it."""
    return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in REPORT_NOUNS


def is_source_noun(tok: Any, strict: bool = False) -> bool:
    """A token that can name who asserts a figure: a name (unless ``strict``: a place is a name too), a
    source noun, or a report that names its author."""
    if tok.pos_ == "PROPN" and not strict:
        return True
    lemma = tok.lemma_.lower()
    if lemma in _SOURCE_LEMMAS or fold(tok.text) in ORG_WORDS:
        return True
    return is_report_noun(tok) and (source_in_report(tok) is not None or names_its_author(tok))


def source_in_report(noun: Any) -> Any | None:
    """The author a report noun names: its possessor ("the ministry's count"), the agent of "released by",
    or a "by"/"from" phrase ("a compilation by AFP")."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    for t in noun.subtree:
        if t.dep_ == "agent" and t.head.dep_ in ("acl", "relcl") and t.head.head.i >= noun.i:
            pobj = next((p for p in t.children if p.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    # "an updated count up to 3 p.m. released by the ministry": the parse may hang "released" elsewhere
    for t in noun.doc[noun.i + 1 : min(noun.i + 10, noun.sent.end)]:
        if t.dep_ == "agent" and t.head.tag_ == "VBN" and t.head.i > noun.i:
            return _pobj(t)
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of" and _pobj(c) is not None and is_report_noun(_pobj(c)):
            inner = source_in_report(_pobj(c))  # "a compilation of official figures by AFP"
            if inner is not None:
                return inner
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None and is_report_noun(pobj):
                return source_in_report(pobj)
            # "an estimate from AccuWeather", not "the toll from the wildfire"
            if pobj is not None and (c.lower_ == "by" or is_source_noun(pobj)):
                return pobj
    return None


def names_its_author(noun: Any) -> bool:
    """A report whose own words name who made it ("a Reuters tally", "the KCC analysis", "media reports")."""
    return noun.pos_ == "PROPN" or any(
        c.dep_ in ("compound", "nmod", "amod") and (c.pos_ == "PROPN" or c.lemma_.lower() in _SOURCE_LEMMAS)
        for c in noun.children
    )


def _pobj(prep: Any) -> Any | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _reported_by(num: Any) -> Any | None:
    """The named subject of a verb of saying whose reported clause holds the figure ("X estimates that ...")."""
    child = num
    for anc in num.ancestors:
        if anc.lemma_ in SAYING and child.dep_ == "ccomp":
            subj = _subject(anc)
            if subj is not None and subj.pos_ != "PRON":
                return subj
        child = anc
    return None


def according_after(num: Any, figures: set[int]) -> Any | None:
    """The source of an "according to X" that follows the figure before any other figure does
    ("2 million according to the union, 400,000 according to police")."""
    for t in num.doc[num.i + 1 : num.sent.end]:
        if t.i in figures and (t.dep_ != "nummod" or t.head.lemma_ == num.head.lemma_):
            return None  # a parallel count ("and 31,000 according to police") has its own source
        if t.lower_ == "according":
            if _reported_by(num) is not None:
                return None  # "X estimates that 2,400 died, according to a report by Y": X's figure, relayed
            to = next((c for c in t.children if c.lower_ == "to"), None)
            return _pobj(to) if to is not None else None
    return None


def _noun_before(verb: Any) -> Any | None:
    """The noun that ends just before ``verb``, when the parse gave the verb no subject ("..., Ana Ruiz, said")."""
    i = verb.i - 1
    while i >= verb.sent.start and verb.doc[i].pos_ in ("PUNCT", "ADV", "AUX"):
        i -= 1
    if i < verb.sent.start:
        return None
    t = verb.doc[i]
    while t.dep_ in ("compound", "flat", "pobj", "prep") and t.head.i < verb.i and t.head.pos_ in ("NOUN", "PROPN", "ADP"):
        t = t.head  # up to the whole noun phrase: "the ministry of the eastern administration"
    if t.dep_ == "appos" and t.pos_ == "NOUN" and t.head.pos_ == "PROPN" and not (
            t.head.dep_ == "pobj" and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children)):
        # "KRA, the region's disaster agency, said": the name (not "the holy month of Ramadan, a Muslim
        # organisation said", where the name closes another phrase)
        t = t.head
    return t if t.pos_ in ("NOUN", "PROPN", "PRON") else None


def _subject(verb: Any) -> Any | None:
    """The verb's nominal subject nearest to it (a stray figure the parse also made a subject is passed over)."""
    holders = [verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))]
    subjects = [c for h in holders for c in h.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN", "PRON")]
    return min(subjects, key=lambda c: abs(verb.i - c.i), default=None)


def trailing_saying(num: Any) -> Any | None:
    """Who says it in an attribution that closes the sentence after the figure
    ("More than 300 died, the head of the agency, Ana Ruiz, said on Monday"; "..., the envoy told reporters")."""
    for v in num.doc[num.i + 1 : num.sent.end]:
        if v.pos_ != "VERB" or v.lemma_ not in SAYING | TALLYING:
            continue
        doer = _subject(v)
        if v.lemma_ not in SAYING and not (doer is not None and (is_source_noun(doer) or is_report_noun(doer))):
            continue  # "..., the tally shows" closes a sentence as "said" does; "..., the river rose" does not
        if v.dep_ in ("relcl", "acl", "amod", "pcomp") or any(
            c.dep_ == "mark" or c.dep_ in ("ccomp", "xcomp") and num.i not in {t.i for t in c.subtree}
            or c.dep_ == "dobj" and any(t.pos_ == "NUM" for t in c.subtree)
            for c in v.children
        ):
            continue  # a clause of its own ("the mayor warned it would climb", "KTV reports 33"): no attribution
        subj = _subject(v)
        if subj is None and v.dep_ in ("ROOT", "conj", "parataxis", "ccomp", "advcl"):
            subj = _noun_before(v)
        if subj is None or any(t.i == num.i for t in subj.subtree):
            continue
        return subj
    return None


def _leading_clause(verb: Any, num: Any) -> Any | None:
    """The source of a clause that introduces the figure's: across a colon ("Police figures showed: 40,000
    ..."), or a "said that" the parse hung below a later count ("X said that 90 died, 400 were hurt")."""
    for c in verb.children:
        if c.dep_ in ("ccomp", "parataxis") and c.i < num.i and c.lemma_ in SAYING | TALLYING:
            subj = _subject(c)
            colon = any(t.text == ":" for t in num.doc[c.i : num.i])
            reports = c.lemma_ in SAYING and any(g.dep_ == "ccomp" and g.i > c.i for g in c.children)
            if (colon or reports) and subj is not None and is_source_noun(subj):
                return subj
    return None


def gapped_subject(num: Any) -> Any | None:
    """The source of a figure whose verb is left out: "the union counted 20,000 and the prefecture 8,500"."""
    before = num.doc[num.i - 1] if num.i > num.sent.start else None
    if before is None or before.pos_ not in ("NOUN", "PROPN") or before.head.i == num.i or not is_source_noun(before):
        return None
    verbs = [t for t in num.doc[num.sent.start : before.i] if t.pos_ == "VERB"]
    return before if verbs and verbs[0].lemma_ in SAYING | TALLYING else None


def nearest_source_verb(num: Any) -> tuple[Any | None, bool]:
    """The subject of the nearest verb above the figure that reports it, and whether that verb only tallies:
    "the prefecture counted 37,000" (also below a further "said"), "Police ..., saying 22,800 took part",
    or a parenthetical "where, the insurer said, the storm flattened 300 homes"."""
    for c in [*num.children, *num.head.children]:
        if c.dep_ == "relcl" and c.lemma_ in SAYING | TALLYING and _subject(c) is not None:
            return _subject(c), True  # "fewer than the 20,000 a spokesperson had given"
    for anc in num.ancestors:
        if anc.pos_ not in ("VERB", "AUX"):
            continue
        aside = next((c for c in anc.children if c.dep_ == "parataxis" and c.lemma_ in SAYING), None)
        if aside is not None and _subject(aside) is not None:
            return _subject(aside), False
        lead = _leading_clause(anc, num)
        if lead is not None:
            return lead, False
        subj = _subject(anc)
        reported = anc.dep_ == "ccomp" and anc.head.lemma_ in SAYING and anc.head.i < anc.i
        reported = reported and _subject(anc.head) is not None
        if anc.lemma_ in TALLYING and subj is not None and is_source_noun(subj) and not reported:
            return subj, True  # (what "X said rescuers had found" reports is X's)
        if anc.lemma_ in SAYING:
            if anc.head.lower_ == "as" and anc.head.head.lemma_ in ("cite", "quote"):
                cited = next((c for c in anc.head.head.children if c.dep_ == "dobj"), None)
                if cited is not None:
                    return cited, False  # "cited the envoy as saying that ..."
            if subj is None and anc.dep_ in ("advcl", "xcomp") and anc.tag_ == "VBG":
                subj = _subject(anc.head)
            elif subj is None and anc.tag_ in ("VBD", "VBZ", "VBP") and anc.dep_ == "ROOT":
                # "On Friday KRA, the disaster agency, said 44,218 died"; "The report from X, updated on
                # Sunday, says ...": the subject the parse gave to the inserted participle
                lead = [_subject(c) for c in anc.children if c.dep_ == "ccomp" and c.i < anc.i]
                found = [t for t in [_noun_before(anc), *lead] if t is not None and is_source_noun(t)]
                subj = found[0] if found else None
            outer = _subject(anc.head) if anc.dep_ == "ccomp" and anc.head.lemma_ in SAYING else None
            if subj is not None and subj.pos_ == "PRON" and outer is not None and outer.pos_ != "PRON":
                return outer, False  # "Weatherline said it expects $9 billion": the "it" is Weatherline
            return subj, False
    return None, False


def report_in_clause(num: Any) -> Any | None:
    """A report noun that frames the figure's clause: its subject ("The ministry's latest count lists 1,037
    dead") or a "by"/"according to"/"in" phrase ("By the group's tally, 2,274 died")."""
    for anc in [num, *num.ancestors]:
        for c in anc.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj") and is_report_noun(c) and num.i not in {t.i for t in c.subtree}:
                return c
            if c.dep_ == "prep" and c.lower_ in ("by", "in"):
                pobj = _pobj(c)
                if pobj is not None and is_report_noun(pobj):
                    return pobj
    return None


def past_dateline(tok: Any) -> Any:
    """The subject behind a dateline the parse took for it ("Oct 3 — The governor, Mara Vint, warned")."""
    dash = any(c.text in ("—", "–", "-") and c.doc[c.i - 1].whitespace_ for c in tok.subtree if c.i > tok.i)
    if tok.i == tok.sent.start and dash:
        appos = next((c for c in tok.children if c.dep_ == "appos"), None)
        if appos is not None:
            return appos
    return tok


def is_named(phrase: str) -> bool:
    """Does the phrase hold a name ("the Lowland Relief Network", "AccuWeather", "KCC"), not only the
    capital that opens a sentence ("More than 2,100 families")?"""
    words = _tokens(phrase)
    if any(w[:1].isupper() for w in words[1:]):
        return True
    return len(words) == 1 and words[0][:1].isupper() and (words[0].isupper() or not words[0][1:].islower())


def named_in_apposition(tok: Any) -> Any:
    """The name a common-noun speaker is given in apposition ("the governor of Ostrel, Mara Vint"), else itself."""
    if tok.pos_ != "NOUN":
        return tok
    after = tok.doc[tok.i + 1] if tok.i + 1 < tok.sent.end else None
    if after is not None and after.is_alpha and after.is_upper and len(after) > 1:
        return after  # "the state news agency XNA": an acronym after the noun names it, however it is tagged
    for c in tok.children:
        if c.dep_ == "prep":
            for t in (g for p in c.children if p.dep_ == "pobj" for g in p.children):
                if t.dep_ == "appos" and t.pos_ == "PROPN":
                    return t
        elif c.dep_ == "appos" and c.pos_ == "PROPN":
            return c
    return tok


_INDEFINITE = re.compile(r"(?:a|an|some|another)\s", re.I)


def corefer(phrase: str | None, earlier: list[str], orgs: frozenset[str] = frozenset()) -> str | None:
    """A bare common-noun source ("the ministry", "the group") as the fuller one named before it
    (``earlier``, latest first): the latest with the same head noun ("Libya's health ministry"), else,
    for a word that stands for any organisation, the latest named organisation (``orgs``: phrases the
    article wrote as organisations, "the White Helmets")."""
    words = [w for w in _tokens(phrase or "") if fold(w) not in _STOP]
    if not words or len(words) > 2 or any(w[:1].isupper() for w in words) or _INDEFINITE.match(phrase or ""):
        return phrase
    head = _singular(fold(words[-1]))
    plural = head != fold(words[-1])
    any_org = None
    for named in earlier:
        theirs = [_singular(fold(w)) for w in _tokens(named)]
        if plural and fold(words[-1]) not in {fold(w) for w in _tokens(named)}:
            continue  # "the unions" are not the one union named before
        if head in theirs and len(theirs) > len(words) and (not is_person(named) or head in TITLES):
            return named
        if any_org is None and head in _ANY_ORG and is_named(named) and org_like(named, orgs):
            any_org = named
    return any_org or phrase


def org_like(phrase: str, orgs: frozenset[str] | set[str]) -> bool:
    """Could the phrase name an organisation (``orgs``: phrases the article wrote with "the")?"""
    # "Moody's RMS", "Observatory for Human Rights": a possessive or a linking word is no personal name
    return phrase in orgs or not is_person(phrase) or re.search(r"\w['’]s\b| (?:of|for|and) [A-Z]", phrase) is not None


def is_plural(phrase: str) -> bool:
    """Does a common-noun phrase end in a plural ("regional officials", "the unions")?"""
    words = _tokens(phrase)
    if not words or words[-1][:1].isupper():
        return False
    last = fold(words[-1])
    return _singular(last) != last


_HEADLINE_SAYS = re.compile(
    r"(?:,|\s[-–—])\s+((?:[\w’'.&-]+\s+){0,4}?[\w’'.&-]+)\s+(?:says|say|said|reports|finds|estimates|claims|warns)\s*$"
)
_HEADLINE_TITLED = re.compile(r"^((?:[A-Z][\w’'.&-]*\s+){1,4}?)(?:Says|Estimates|Puts|Reports|Counts|Finds|Warns)\s")
_HEADLINE_LABEL = re.compile(r"^\s*([A-Z][\w’'.&-]*(?:\s+[\w’'.&-]+){0,3}?)\s*:\s+\S")


def headline_speaker(headline: str) -> str | None:
    """Who a headline says says its figures: "..., agency says", "Stormline Puts Losses at ...", or a label
    that is a source ("IOM: ...", "Reuters tally: ...") rather than a topic ("Floods: ...")."""
    m = _HEADLINE_SAYS.search(headline) or _HEADLINE_TITLED.match(headline)
    if m:
        return m.group(1).strip()
    m = _HEADLINE_LABEL.match(headline)
    if m:
        words = _tokens(m.group(1))
        last = _singular(fold(words[-1]))
        if words[0].isupper() and len(words[0]) > 1 or last in ORG_WORDS or last in REPORT_NOUNS:
            return m.group(1).strip()
    return None


def indefinite(noun: Any, phrase: str) -> str:
    """A speaker phrase that keeps its indefinite article ("a local newspaper", "some media reports"): an
    unnamed source stays marked as one, and is not read as the one named before ("the newspaper")."""
    det = next((c for c in noun.children if c.dep_ == "det" and c.lower_ in ("a", "an", "some", "another")), None)
    if det is None or phrase.lower().startswith(det.lower_ + " ") or noun.pos_ == "PROPN" or is_named(phrase):
        return phrase
    return f"{det.text} {phrase}"


def with_place(noun: Any, phrase: str) -> str:
    """A bare plural source with the place its clause opens on: "In Velmar, officials reported ..." gives
    "officials in Velmar", as the article means them."""
    if noun.pos_ != "NOUN" or not is_plural(phrase) or len(_tokens(phrase)) > 1 or noun.dep_ != "nsubj":
        return phrase
    opener = next((c for c in noun.head.children if c.dep_ == "prep" and c.lower_ == "in" and c.i < noun.i), None)
    place = _pobj(opener) if opener is not None and opener.i == noun.sent.start else None
    if place is None or place.pos_ != "PROPN":
        return phrase
    name = " ".join(t.text for t in place.subtree if t.dep_ in ("compound", "flat") or t.i == place.i)
    return f"{phrase} in {name}"


def main_clause_source(pronoun: Any) -> Any | None:
    """What an "it" or "they" below the main clause stands for, when the main clause's subject is a source or a
    report with a named author ("The ministry's figure was higher than on Tuesday, when it had put ...")."""
    verb = pronoun.head
    if pronoun.lower_ not in ("it", "they") or pronoun.dep_ != "nsubj" or verb.dep_ not in ("advcl", "relcl"):
        return None
    top = verb.sent.root
    subj = _subject(top)
    if subj is None or subj.pos_ == "PRON" or subj.i > pronoun.i:
        return None
    if is_report_noun(subj):
        author = source_in_report(subj)
        return author if author is not None and author.pos_ != "PRON" else None
    return subj if is_source_noun(subj) else None


def parenthetical_saying(num: Any) -> Any | None:
    """The subject of an aside set off by commas before the figure, however the parse hangs it
    ("... in Eastfield, where, the insurer said, the storm flattened 300 homes")."""
    doc = num.doc
    for v in doc[num.sent.start : num.i]:
        if v.pos_ != "VERB" or v.lemma_ not in SAYING or v.i + 1 >= len(doc) or doc[v.i + 1].text != ",":
            continue
        subj = _subject(v)
        if subj is None or any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in v.children):
            continue
        start = min(t.i for t in subj.subtree)
        if start > num.sent.start and doc[start - 1].text == ",":
            return subj
    return None


def fuller_mention(phrase: str | None, before: str) -> str | None:
    """A bare one-word source ("commission") as the article wrote it in full earlier, in text no speaker
    was found in ("after a meeting of the interministerial commission"): the latest "the <word> <head>"."""
    words = _tokens(phrase or "")
    if len(words) != 1 or not words[0].islower() or _INDEFINITE.match(phrase or ""):
        return None
    found = re.findall(rf"\bthe ((?:[a-z][a-z’'-]{{3,}}\s+){{1,2}}{re.escape(words[0])})\b", before)
    return found[-1] if found else None
