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
    last = toks[-1]
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
        return fold(toks[-1])
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

    _CAPS = re.compile(r"(?:[A-Z](?:[\w’'-]|\.(?=\w))*[ \t]+){0,7}[A-Z][\w’'-]*")

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
            name_words = words[k:]
            if len(name_words) < 2 or len(name_words) > 4:
                continue
            name = " ".join(name_words)
            if not is_person(name) or any(fold(w) in ORG_WORDS for w in name_words):
                continue
            key = fold(name_words[-1])
            if len(name) > len(idx.full_names.get(key, "")):
                idx.full_names[key] = name
            title_words = [fold(w) for w in words[:k] if fold(w) not in _STOP]
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
        phrase = re.sub(r"^(?:the|The|a|an)\s+", "", phrase) if not phrase.lower().startswith("the us") else phrase
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
