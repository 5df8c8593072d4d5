"""Claim frames: how a figure is framed in its sentence, read from the dependency parse.

A number is not a claim about "troops" or "people" alone: "300 of the soldiers
were killed", "they could bring another 30,000", "about 900 wounded in the past
week alone" and "the toll in Derna had reached 5,300 by Tuesday" count the same
nouns in different states, modalities, windows, places and times. This module
reads those slots into a :class:`~monitor.records.Frame`:

* **states** come from the words that govern or modify the figure and its noun
  (the verb it is the subject or object of, the adjectives and relative clauses
  of its noun, the noun of "the death toll rose to N"), each looked up by lemma
  in :data:`STATE_WORDS`;
* **places** from location phrases ("in X", "outside X", "across X") in the
  figure's stretch of the sentence;
* **time** from dates, weekdays and relative phrases ("by mid-January",
  "on Tuesday", "last week") against the article's publication date;
* **modality** from modal auxiliaries and verbs of expectation on the figure's
  clause; **aggregation** from windows ("in the past week"), increments
  ("another", "more") and rates ("per day");
* **restated**, **correction** and **retracted** from past-perfect reporting
  ("had put the toll at"), "up from", "previously", and withdrawal verbs.

Pure: tokens and strings in, a frozen record out. Each slot adds a line to
``notes`` saying how it was read (``monitor extract --explain``).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from ..records import Frame
from .claims import asks_what_it_includes, predicate_subject

# Lemma (or lower-case form) -> state name. Config `state:` words go through the same table,
# so "died", "deaths" and "killed" are one state and a config may name any of them.
_STATE_GROUPS: dict[str, tuple[str, ...]] = {
    "killed": ("kill", "killed", "die", "died", "dead", "death", "deaths", "fatality", "fatalities", "fatal",
               "perish", "perished", "drown", "drowned", "life", "lives", "toll", "deceased", "slain", "victim"),
    "injured": ("injure", "injured", "injury", "injuries", "wound", "wounded", "hurt", "hospitalize",
                "hospitalized", "hospitalise", "hospitalised"),
    "missing": ("missing", "unaccounted", "disappear", "disappeared"),
    "displaced": ("displace", "displaced", "displacement", "homeless", "flee", "fled", "uproot", "uprooted",
                  "refugee", "refugees", "housed", "rehoused", "sheltered", "sheltering"),
    "evacuated": ("evacuate", "evacuated", "evacuee", "evacuees", "evacuation"),
    "rescued": ("rescue", "rescued", "alive", "survivor", "survivors", "save", "saved"),
    "arrested": ("arrest", "arrested", "detain", "detained", "detention", "custody", "detainee", "detainees"),
    "captured": ("capture", "captured", "prisoner", "prisoners", "captive", "captives", "pow"),
    "recovered": ("body", "bodies", "corpse", "corpses", "recover", "recovered", "retrieve", "retrieved"),
    "buried": ("bury", "buried", "burial", "burials", "grave", "graves"),
    "identified": ("identify", "identified", "identification", "identifications"),
    "unidentified": ("unidentified",),
    "present": ("march", "marched", "marcher", "marchers", "protest", "protested", "protester", "protesters",
                "protestor", "protestors", "rally", "rallied", "demonstrate", "demonstrated", "demonstrator",
                "demonstrators", "gather", "gathered", "attend", "attended", "turnout", "participate",
                "participated", "participant", "participants", "deploy", "deployed", "deployment", "station",
                "stationed", "striker", "strikers", "walkout", "crowd", "crowds", "participation",
                "attendance", "attendees"),
    "destroyed": ("destroy", "destroyed", "collapse", "collapsed", "raze", "razed", "flatten", "flattened",
                  "burn", "burned", "burnt", "scorch", "scorched", "level", "levelled", "leveled", "demolish"),
    "damaged": ("damage", "damaged"),
    "affected": ("affect", "affected"),
    "trapped": ("trap", "trapped", "strand", "stranded"),
}
STATE_WORDS: dict[str, str] = {w: state for state, words in _STATE_GROUPS.items() for w in (state, *words)}
"""Word (lemma or lower-case form) -> the state it names."""

# "casualties" are the killed and the wounded together.
_COMPOUND_STATES = {"casualty": ("killed", "injured"), "casualties": ("killed", "injured")}
# Verbs like these carry no state: the figure's noun (or the verb's subject) does ("the toll rose to").
_LINKING = {"be", "rise", "reach", "stand", "climb", "hit", "top", "exceed", "pass", "remain", "number", "total",
            "increase", "jump", "grow", "surpass", "put", "estimate", "count", "say", "report", "give", "record",
            "show", "bring", "raise", "revise", "lower", "update", "include", "confirm", "tally", "soar", "mount"}
_SPEECH = {"say", "tell", "report", "announce", "state", "add", "claim", "confirm", "estimate", "warn", "write"}
_REPORTING = _SPEECH | {"put", "give", "place", "record", "count", "tally", "publish", "release", "cite", "issue"}
# Nouns a named place is put before ("Al Haouz province"); "the Mediterranean city" only describes one.
_REGION_NOUNS = {"province", "region", "state", "county", "district", "prefecture", "governorate", "municipality",
                 "area", "town", "village", "valley", "island", "department", "commune", "township"}
_HOSPITALS = {"hospital", "hospitals", "clinic", "clinics"}
# Places that own what is counted in them ("the town's mosques", "the city's hospitals"); administrative
# units ("the state's toll") are read as a scope instead.
_OWNING_PLACES = {"town", "city", "village", "country", "nation", "region", "capital", "island", "valley", "area"}
# Heads of nouns for who does something: their modifiers say their role, not what befell them.
AGENT_ENDINGS = ("ers", "ors", "ists", "ants", "ents")
GROUP_HEADS = frozenset({"team", "teams", "crew", "crews", "staff", "personnel", "units", "squads", "forces"})
_VERB_ONLY = {"level", "burn", "raze", "flatten"}  # state words that are no state as nouns
_HOMES = {"home", "house", "dwelling", "homes", "houses"}
_REFUGES = {"shelter", "shelters", "camp", "camps", "tent", "tents", "evacuation"}
def _refuge(tok: Any) -> bool:
    """A place named a refuge by the noun before it: "evacuation centres", "relief camps"."""
    return any(c.dep_ == "compound" and c.lemma_.lower() in _REFUGES | {"relief"} for c in tok.children)


_MOVING = {"move", "relocate", "transfer", "airlift", "ferry", "bus"}  # people moved out of a place are evacuated
_LEAVING = {"lose", "leave", "flee", "abandon", "evacuate", "quit"}
_WILL = {"will", "would", "'ll", "shall", "wo"}
_MODAL_FORECAST = {"could", "might", "may", "will", "would", "'ll", "shall"}
# Verbs that put a figure in the future. Preparing, planning or readying troops is a present fact about them.
_EXPECT = {"expect", "project", "forecast", "predict", "anticipate", "likely", "expected", "projected"}
_RESTATE_ADV = {"previously", "earlier", "initially", "originally", "formerly", "first", "once"}
# Why a level moved, said with it: "245 people had been located and taken off the list", "more troops arrived".
_EXPLAINED = re.compile(
    r"\b(?:(?:had|have|has|were|was)\s+been\s+(?:located|found|reunited|accounted\s+for|taken\s+off)|found\s+(?:safe|alive)"
    r"|taken\s+off\s+(?:the|it)|removed\s+from\s+the\s+list|(?:more|additional|fresh)\s+(?:troops|soldiers|forces)\s+"
    r"(?:had\s+|have\s+)?arrived|(?:were|have\s+been|had\s+been)\s+(?:withdrawn|pulled\s+out|sent\s+home))\b",
    re.I,
)
_CORRECTION = re.compile(
    r"\b(?:correct(?:ed|ion|s)?|revis(?:ed|ion|es)|revised\s+down|lower(?:ed|s|ing)\s+(?:its|the|their)|"
    r"(?:over|under)-?count(?:ed|ing|s)?|"
    r"adjust(?:ed|ment)|downgrad(?:ed|e)|recount(?:ed)?|double[- ]count(?:ed|ing)?|mistaken(?:ly)?|in error)\b",
    re.I,
)
# "six were killed. The figure was cut from the 10 announced on Friday": the next sentence presents it as revised.
_CUT_AFTER = re.compile(r"^\s*(?:the|that|this)\s+(?:figure|toll|count|number|tally|total)\b[^.;]{0,40}?\b"
                        r"(?:cut|lowered|reduced|revised|corrected)\b", re.I)
_RETRACT = re.compile(
    r"\b(?:withdr[ae]w[n]?|withdrawing|retract(?:ed|s|ing)?|never\s+(?:issued|given|gave|released|published|"
    r"provided|put\s+out)|denied\s+(?:issuing|giving|releasing|publishing)|disowned|rescinded)\b",
    re.I,
)
_DEBUNKED = re.compile(r"\b(?:false|unfounded|baseless|debunked|fabricated|hoax|rumou?rs?|misinformation)\b", re.I)
_UP_FROM = re.compile(r"\b(?:up|down|rising|falling|risen|fallen)\s+from\s+(?:an?\s+)?(?:earlier\s+|previous\s+)?"
                      r"(?:(?:figure|toll|estimate|count|total)\s+of\s+)?$", re.I)
_FROM_TO = re.compile(r"\bfrom\s+(?:an?\s+)?(?:earlier\s+|previous\s+)?$|\b(?:cut|reduced|lowered|revised|raised|"
                      r"increased|corrected|dropped|fell|rose|climbed|jumped)\b[^.;]{0,60}\bfrom\s+the\s+$", re.I)
_WINDOW = re.compile(
    r"\b(?:in|over|during|within)\s+the\s+(?:past|last|previous|preceding)\s+(?:\w+\s+)?"
    r"(?:hours?|days?|weeks?|months?|24\s+hours)\b(?!\s+of\b)|\bthat\s+day\b|\bin\s+a\s+single\s+day\b"
    r"|\b(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today)\s+alone\b"
    r"|\bsince\s+(?:the\s+)?(?:previous|last)\s+(?:update|report|count|briefing)\b|\bnew(?:ly)?\s+(?:confirmed\s+)?"
    r"(?:deaths|cases|arrivals|bodies)\b",
    re.I,
)
_GIVEN_THAT_DAY = re.compile(r"\b(?:given|said|reported|announced|released|issued|cited|put\s+out)\s+that\s+day$",
                            re.I)
_RATE = re.compile(r"^\s*(?:[\w’'-]+\s+){0,3}?(?:a|per|each|every)\s+(?:day|week|hour|month|year)\b|\bdaily\b", re.I)
# Nouns that name a count, not what is counted ("the figure", "the tally", "estimates").
GENERIC_COUNTS = frozenset({"number", "numbers", "figure", "figures", "total", "totals", "tally", "count", "estimate",
                            "estimates", "range", "toll", "tolls", "level", "sum", "amount", "overall", "list"})
SEXES = frozenset({"male", "female"})  # "50 are male and 22 are female": a part by sex, in the whole's state
CALENDAR = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"})
_COMPARED = re.compile(r"\b(?:since|than|compared\s+(?:with|to)|unlike)\s+(?:on\s+|the\s+)?(?:\n|(?=[\w\s]*\n))", re.I)
_CHANGE_BY = re.compile(r"\b(?:(?:rose|risen|rising|increased|grew|jumped|climbed|fell|dropped|declined|"
                        r"(?:over|under)(?:counted|stated|estimated|reported)|revised\s+\w+)"
                        r"(?:\s+[\w’'-]+){0,4}?\s+by|,\s+(?:up|down)"  # ", up three from the count"
                        r"|\b(?:a|an)\s+(?:drop|fall|decline|decrease|rise|increase|jump|gain)\s+of)\s+$", re.I)

_LOCATION_PREPS = {"in", "at", "across", "outside", "near", "around", "throughout", "within", "inside", "beyond"}
_EXCLUDING = re.compile(r"\b(?:outside(?:\s+of)?|beyond|excluding|except|not\s+counting|apart\s+from|besides)\s+"
                        r"((?:the\s+)?(?:[A-Z][\w’'-]*(?:\s+|-)?){1,4})")
_ELSEWHERE = re.compile(r"\belsewhere\b|\bother\s+(?:areas|towns|cities|regions|parts|provinces|places|districts)\b",
                        re.I)
_MIXED = re.compile(r"\b([A-Z][a-z]+|[a-z]+)\s+(?:and|or)\s+(?:allied|other|[A-Z][a-z]+)\b")
_HEDGE_WORDS = re.compile(r"\b(?:possible|possibly|unconfirmed|unverified|if\s+(?:verified|confirmed|true)|feared|"
                          r"reportedly|allegedly|purported(?:ly)?|rumou?red)\b", re.I)


_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:while|but|whereas|although|though|and|as|with|after|before|which)\b|\s+while\b")


def _clause_start(sentence: str, lo: int, start: int) -> int:
    """Where the figure's clause starts, after ``lo``: past the last "; " or ", while ..." before the figure
    ("250 bodies were recovered on Wednesday alone, while 2,400 were still missing")."""
    breaks = list(_CLAUSE_BREAK.finditer(sentence, lo, start))
    return breaks[-1].end() if breaks else lo


def _clause_end(sentence: str, end: int, hi: int) -> int:
    """Where the figure's clause ends, before ``hi``: the next "; " or ", while ..."."""
    m = _CLAUSE_BREAK.search(sentence, end, hi)
    return m.start() if m else hi


def state_of(word: str) -> tuple[str, ...]:
    """The state(s) a word names: ``("killed",)`` for "died", ``()`` for "people"."""
    w = word.lower().strip()
    if w in _COMPOUND_STATES:
        return _COMPOUND_STATES[w]
    if w in STATE_WORDS:
        return (STATE_WORDS[w],)
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""),
                         ("ing", "e")):
        if w.endswith(suffix) and w[: -len(suffix)] + repl in STATE_WORDS:
            return (STATE_WORDS[w[: -len(suffix)] + repl],)
    return ()


def config_states(words: Iterable[str]) -> frozenset[str]:
    """The states a metric's ``state:`` words name (a word not in the table names itself)."""
    out: set[str] = set()
    for w in words:
        found = ()
        for part in w.split():
            found = found or state_of(part)
        out.update(found or (w.lower().strip(),))
    return frozenset(out)


def _top(tok: Any) -> Any:
    """The outermost token of a compound number ("12" in "12,000" / "hundreds of thousands")."""
    seen = 0
    while tok.dep_ in ("compound", "quantmod", "nummod") and tok.head.pos_ == "NUM" and tok.head.i != tok.i and seen < 6:
        tok = tok.head
        seen += 1
    return tok


def _chain(tok: Any, limit: int = 12) -> list[Any]:
    """The figure, then its heads up to (and including) the first content verb of its clause."""
    out = []
    node = tok
    for _ in range(limit):
        out.append(node)
        if node.head.i == node.i:
            break
        if node.pos_ in ("VERB", "AUX") and node.lemma_ not in _LINKING and node.i != tok.i:
            break
        if node.dep_ == "conj" and node.pos_ in ("VERB", "AUX", "NUM"):
            break  # "killed 1,591 in A and 809 in B": the figure before is another figure, with its own place
        if node.pos_ in ("VERB", "AUX") and node.lemma_ in _SPEECH and node.i != tok.i:
            break
        if node.dep_ == "advcl" and node.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
            break  # "two are in serious condition, while 14 are in stable condition": a clause of its own
        lo, hi = sorted((node.i, node.head.i))
        if any(t.text == ";" for t in node.doc[lo:hi]):
            break  # "put the toll at 3,354; by then 653 had been rescued": a semicolon ends the figure's clause
        node = node.head
    return out


def _part_subject(tok: Any) -> bool:
    """Whether ``tok`` is the subject "N of whom" / "N of them" of a clause about a part of a figure."""
    return tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "NUM" and _of_them(tok)


def _of_them(tok: Any) -> bool:
    """Whether ``tok`` is taken "of them" / "of whom": a part of the figure before ("many of them")."""
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(g.lower_ in ("whom", "which", "them", "those")
                                                            for g in c.children) for c in tok.children)


def _as_cues(verb: Any) -> list[Any]:
    """The state said with "as" on ``verb``: "described as missing", "listed as dead"."""
    return [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
            for g in c.children if g.dep_ in ("pobj", "amod", "acomp", "pcomp")]


def _earlier_state(clause: Any, noun: Any) -> bool:
    """Whether a relative clause on the counted noun says what they had been before ("who had been reported
    missing") while the clause the noun stands in says what befell them now ("found", "located")."""
    if not any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in clause.children):
        return False
    verb = noun.head
    return verb.pos_ == "VERB" and verb.lemma_ not in _LINKING | _HOLDING and noun.dep_ in ("dobj", "nsubjpass", "nsubj")


_HOLDING = frozenset({"have", "hold", "contain", "list", "name", "carry"})  # "the list has 388 people who had ..."


def _noun_cues(node: Any) -> list[Any]:
    """The tokens around the figure's noun that say what befell the counted: its modifiers and clauses, and
    the whole it is "of"."""
    cues: list[Any] = [node]
    for child in node.children:
        if child.dep_ == "conj" and any(g.dep_ == "nummod" for g in child.children):
            continue  # "2,946 deaths and 6,125 injuries": the other noun is another figure's
        if child.dep_ == "appos" and (child.pos_ == "NUM" or _of_them(child)):
            # "nine deaths, eight of them at the construction site": the part is a figure of its own; "18
            # people, many of them at a Bangkok site" is a part too, whose site is not the whole's
            continue
        if child.dep_ == "relcl" and _earlier_state(child, node):
            continue  # "found 300 people who had been reported missing": what they were, not what befell them
        if child.dep_ in ("amod", "relcl", "acl", "compound", "appos", "conj", "acomp"):
            cues.append(child)
            cues.extend(c for c in child.children if c.dep_ in ("acomp", "oprd", "conj", "amod", "dobj", "xcomp"))
            cues.extend(_as_cues(child))  # "66 people described as missing", "names listed as dead"
        if child.dep_ == "prep" and child.lower_ == "from" and (state_of(node.lower_) or any(
                state_of(c.lower_) for c in node.children if c.dep_ == "compound")):
            continue  # "the death toll from the collapse": the cause, not what befell the counted
        if child.dep_ == "prep" and child.lower_ in ("of", "among", "from"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    cues.append(pobj)
                    cues.extend(c for c in pobj.children if c.dep_ in ("amod", "compound", "relcl", "acl"))
                    # "the number of people listed as unaccounted for"
                    cues.extend(g for c in pobj.children if c.dep_ == "acl" for g in _as_cues(c))
    return cues


_COUNT_NOUNS = frozenset({"number", "toll", "count", "tally", "total"})


def _stray_clause(noun: Any) -> list[Any]:
    """For a noun the parse made the object of a verb of saying though it is the subject of the clause after
    it ("said more than 200 residents of his county, which includes Asheville, were either still missing or
    stranded"): that clause, which has no subject of its own, and the states joined to it."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_ not in _SPEECH:
        return []
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > noun.i
                   and not any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)), None)
    if clause is None:
        return []
    return [clause, *(g for g in clause.children if g.dep_ in ("acomp", "conj", "oprd", "xcomp"))]


def _near(tok: Any, noun: Any | None) -> list[Any]:
    """The tokens that frame a figure: its chain of heads, its noun's modifiers, and "the toll" of "the toll rose to N"."""
    chain = _chain(tok)
    # "47 remain missing out of the 103 people caught up in it": the whole, not the missing
    whole = next((k for k, n in enumerate(chain) if k and n.dep_ == "pobj" and n.head.lower_ == "of"
                  and n.head.head.lower_ == "out"), None)
    if whole is not None:
        chain = chain[: whole + 1]
    cues: list[Any] = list(chain)
    if noun is None:  # "the hundreds who were still missing": the clause on the figure itself
        cues.extend(c for c in tok.children if c.dep_ == "relcl")
        # "the number of people listed as missing stands at 388": what the count subject counts
        subject, _ = predicate_subject(tok)
        noun = subject if subject is not None and subject.dep_ == "pobj" else None
    elif noun.dep_ in ("attr", "acomp") and noun.head.i == tok.head.i:
        # "at least 400 of the dead were foreigners": the whole they are taken from says what befell them
        cues.extend(g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                    if g.dep_ == "pobj")
    if noun is not None:
        cues.extend(_noun_cues(noun))
        cues.extend(_stray_clause(noun))
    # "Deaths have reached 2,946 and injuries 5,674": the verb is said once; its subject is the other figure's.
    gapped = noun is not None and noun.dep_ == "conj" and noun.head.pos_ in ("VERB", "AUX", "NUM")
    for node in chain:
        if node.pos_ not in ("VERB", "AUX") and node.dep_ not in ("ROOT",):
            continue
        for child in node.children:
            if child in cues:
                continue
            own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
            if child.dep_ == "prep" and child.lower_ in ("of", "among") and tok is not None and child.i < tok.i:
                # "Of the dead, 1,797 were in government areas": the whole the figure is taken from
                for g in (g for g in child.children if g.dep_ == "pobj"):
                    cues.append(g)
                    cues.extend(c for c in g.children if c.dep_ in ("acl", "amod"))  # "Of the 72 injured, 50 ..."
            if child.dep_ == "prep" and child.lower_ == "as":  # "listed as missing", "counted as dead"
                cues.extend(g for g in child.children if g.dep_ in ("pobj", "amod", "acomp", "pcomp"))
            if child.dep_ == "prep" and child.lower_ in ("in", "into", "from", "out", "to", "at"):
                # "forced out of their homes", "living in shelters", "taken to hospital": where the counted
                # went says what befell them
                for g in child.subtree:
                    if g.dep_ == "pobj" and (g.lemma_.lower() in _HOMES | _REFUGES | _HOSPITALS or _refuge(g)):
                        cues.append(g)
            if child.dep_ in ("advcl", "relcl") and any(_part_subject(c) for c in child.children):
                continue  # "1,204 injured, 721 of whom are in a critical condition": the part's own clause
            if (child.pos_ == "NUM" or _of_them(child)) and child.dep_ in ("npadvmod", "appos") and child.i != tok.i:
                continue  # "nine deaths were confirmed in the city, eight of them at the mall": another figure's
            if child.dep_ == "advcl" and child.i > tok.i and any(c.dep_ == "dobj" for c in child.children):
                continue  # "three mosques collapsed, killing almost everyone inside": what befell others
            if child.dep_ == "advcl" and any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "NUM"
                                              for c in child.children):
                # "killed 6,760 people, as more bodies were recovered": another clause, of other things (not
                # "six were killed, 22 injured and 101 missing at three sites", a list the parse split)
                continue
            if child.dep_ == "dobj" and child.lemma_.lower() in _COUNT_NOUNS and child.i > tok.i:
                # "raises to 8,553 the number of Syrians killed and buried": what the count counts
                cues.extend(_noun_cues(child))
                continue
            if child.dep_ in ("acomp", "oprd", "xcomp", "npadvmod", "attr", "prt", "advcl", "dobj") and child.i != tok.i \
                    or child.dep_ == "conj" and child.pos_ in ("VERB", "ADJ") and not own_subject \
                    and not any(g.dep_ == "dobj" for g in child.children):  # "killed 20 and injured 75 people"
                cues.append(child)  # "took two of them prisoner", "were killed or wounded"
                cues.extend(c for c in child.children if c.dep_ in ("acomp", "oprd", "conj", "amod", "dobj"))
            elif child.dep_ in ("nsubj", "nsubjpass") and child.i not in {c.i for c in chain} and not gapped:
                # "the death toll rose to 3,000", "the number of people killed jumped to 11,300": the subject
                # says what the figure counts (its states rank as the noun's, below the clause's own).
                cues.append(child)
                cues.extend(c for c in child.children if c.dep_ in ("compound", "amod", "prep", "poss", "acl", "relcl"))
                caused = state_of(child.lower_) or any(state_of(c.lower_) for c in child.children
                                                       if c.dep_ == "compound")
                for pobj in (g for c in child.children if c.dep_ == "prep" and not (caused and c.lower_ == "from")
                             for g in c.children if g.dep_ in ("pobj", "pcomp")):  # (not the cause: "toll from the collapse")
                    cues.append(pobj)
                    cues.extend(g for g in pobj.children if g.dep_ in ("amod", "compound", "acl", "relcl"))
        break
    return cues


def _shared(tok: Any) -> list[Any]:
    """For "killed 1,591 in A and 809 in B", the frame the second figure shares with the first (its place aside)."""
    if tok is None:
        return []
    # The parse hangs the second figure on the first, on its noun, or on the first's place ("in Orlo and 30").
    if tok.dep_ == "conj" and tok.pos_ == "NUM" and tok.head.i != tok.i:
        return _near(tok.head, None)
    return []


def _gapped(chain: list[Any]) -> list[Any]:
    """For "3,381 people had been killed and 20,426 injured in the country": the words of the figure gapped after
    the first figure's verb (the place they carry at the end of the sentence is said once for both)."""
    verb = chain[-1] if chain else None
    if verb is None or verb.pos_ != "VERB":
        return []
    return [g for c in verb.children if c.dep_ == "conj" and c.pos_ == "NUM"
            for g in c.children if g.dep_ in ("acl", "amod") and g.pos_ in ("VERB", "ADJ")]


_OWN_SKIP = {"more", "additional", "other", "new", "further", "confirmed", "reported", "known", "people", "persons"}


def own_states(tok: Any, end: int) -> tuple[tuple[str, ...], list[str]]:
    """The state written right after the figure ("3,432 dead and 21,000 injured", "left 3,000 people dead",
    "220 missing"): each figure of such a list is what its own word says, whatever its neighbours are.
    A second state joined by "or" / "and" belongs to it too ("12 killed or injured"), unless a figure follows."""
    doc = tok.doc
    sent_end = tok.sent.end
    i = next((t.i for t in doc[tok.i : sent_end] if t.idx >= end), sent_end)
    skipped = 0
    # "12 more dead", "3,400 were injured", "300 had been missing": past words that say nothing of the state
    while i < sent_end and skipped < 3 and (doc[i].lower_ in _OWN_SKIP or doc[i].pos_ == "AUX" or doc[i].pos_ == "ADV"
                                            and i + 1 < sent_end and state_of(doc[i + 1].lower_)) \
            and not state_of(doc[i].lower_):  # (and "1,310 severely damaged": the manner, then the state)
        i, skipped = i + 1, skipped + 1
    while i < sent_end and doc[i].dep_ == "compound" and i < doc[i].head.i < sent_end:
        i = doc[i].head.i  # "2,500 rescue workers": the head noun, not its modifier
    if i < sent_end and doc[i].pos_ == "NOUN":
        # The counted noun: a word after it says what befell them ("19 protesters already arrested"); the
        # noun itself only when it names the event ("160 deaths"), not who ("protesters") or what ("bodies").
        after = i + 1
        while after < sent_end and after - i <= 3 and (doc[after].pos_ in ("ADV", "AUX") or doc[after].lower_ == "not"):
            after += 1  # "19 protesters already arrested", "61 victims had been identified"
        if after < sent_end and doc[after].pos_ in ("ADJ", "VERB") and state_of(doc[after].lower_):
            i = after
        elif set(state_of(doc[i].lower_)) & {"present", "recovered"} or doc[i].lower_ in _HOMES:
            return (), []
    if i >= sent_end or doc[i].pos_ not in ("ADJ", "VERB", "NOUN") or not state_of(doc[i].lower_):
        return (), []
    found, words = list(_partly(doc[i]) or state_of(doc[i].lower_)), [doc[i].lower_]
    j = i + 1
    while j + 1 < sent_end and doc[j].lower_ in ("or", "and", "/") and state_of(doc[j + 1].lower_) \
            and not (j + 2 < sent_end and doc[j + 2].like_num):
        found.extend(state_of(doc[j + 1].lower_))
        words.append(doc[j + 1].lower_)
        j += 2
    return tuple(dict.fromkeys(found)), words


_TAKING_LIFE = frozenset({"claim", "take", "lose", "cost", "end", "perish"})


def _lives_lost(t: Any) -> bool | None:
    """For "lives": whether its verb takes them ("claimed 300 lives", "lives were lost"); ``None`` when it has none."""
    verb = t.head if t.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj") else None
    if verb is not None and verb.dep_ == "prep":
        verb = verb.head.head if verb.head.pos_ == "NOUN" else verb.head  # "the lives of 20 million people"
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    return verb.lemma_.lower() in _TAKING_LIFE


_PARTLY = frozenset({"partly", "partially"})
_WHOLLY = frozenset({"completely", "fully", "totally", "entirely", "wholly"})


def _partly(t: Any) -> tuple[str, ...]:
    """For a word of destruction said "partly" ("partially collapsed"): the damage it is, with the destruction
    when "or completely" joins it; () when it is not said partly."""
    manner = [c for c in t.children if c.dep_ == "advmod"]
    words = {c.lower_ for c in manner} | {g.lower_ for c in manner for g in c.children if g.dep_ == "conj"}
    if not words & _PARTLY:
        return ()
    return ("damaged", "destroyed") if words & _WHOLLY else ("damaged",)


_DISASTERS = frozenset({"flame", "fire", "blaze", "wildfire", "quake", "earthquake", "tremor", "storm", "hurricane",
                        "flood", "floodwater", "typhoon", "cyclone", "tornado", "landslide", "mudslide", "tsunami"})
_BUILT = frozenset({"structure", "building", "home", "house", "dwelling", "property", "business", "school"})


def _hit_by_disaster(verb: Any) -> tuple[str, ...]:
    """What "hit by the flames" says of what it hit: buildings are damaged, people affected; () when the
    verb is no passive "hit by" a disaster ("the ball hit 40 fans", "prices hit 300")."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return ()
    agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
    if agent is None or agent.lemma_.lower() not in _DISASTERS:
        return ()
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    return ("damaged",) if subject is not None and subject.lemma_.lower() in _BUILT else ("affected",)


_TOUCHING = frozenset({"touch", "affect", "upend", "upturn", "disrupt", "overturn", "shatter"})


def _lives_touched(t: Any) -> bool:
    """Whether "lives" are what a verb of touching takes ("the quake has touched the lives of 20 million")."""
    verb = t.head if t.dep_ in ("dobj", "nsubjpass") else None
    return verb is not None and verb.lemma_.lower() in _TOUCHING


def _states(cues: Iterable[Any]) -> tuple[tuple[str, ...], list[str]]:
    """The states the cues name. What the clause says happened ("arrested 212 demonstrators", "300 marchers
    were injured") outranks what the counted noun is ("demonstrators", "marchers")."""
    by_clause: list[tuple[str, str]] = []
    by_noun: list[tuple[str, str]] = []
    for t in cues:
        if t.pos_ in ("NUM", "PUNCT", "DET", "PRON", "ADP", "CCONJ"):
            continue
        got = state_of(t.lower_) or state_of(t.lemma_.lower())
        if t.dep_ == "compound" and (t.head.lower_.endswith(AGENT_ENDINGS) or t.head.lower_ in GROUP_HEADS):
            got = ()  # "rescue workers", "relief teams": who they are, not what befell them
        if t.pos_ == "NOUN" and t.lemma_.lower() in _VERB_ONLY:
            got = ()  # "a level not seen in years" is no levelling
        if t.lower_ in ("lives", "life") and _lives_lost(t) is False:
            # "saved 300 lives": no one died; "touched the lives of 20 million people": they were affected
            got = ("affected",) if _lives_touched(t) else ()
        if "destroyed" in got and (degree := _partly(t)):
            got = degree  # "homes that partly or completely collapsed": damaged, or damaged and destroyed
        if t.lemma_ == "treat" and any(c.dep_ == "auxpass" for c in t.children):
            got = ("injured",)  # "24 women were treated" (not "crews treated 40 trees")
        if t.lemma_ in _MOVING and any(c.dep_ == "prep" and c.lower_ in ("out", "from") for c in t.children):
            got = ("evacuated",)  # "moved more than 500,000 people out of the disaster area"
        if t.lemma_ == "hit" and (struck := _hit_by_disaster(t)):
            got = struck  # "271 structures had been hit by the flames", "80,000 people were hit by the floods"
        if t.lemma_ == "catch" and any(c.dep_ == "prt" and c.lower_ == "up" for c in t.children):
            got = ("affected",)  # "the 103 people caught up in it"
        if t.lemma_ == "take" and any(c.lower_ == "part" and c.dep_ == "dobj" for c in t.children):
            got = ("present",)  # "took part in the march"
        if t.lemma_ == "account" and any(c.dep_ == "neg" for c in t.children):
            got = ("missing",)  # "150 have not been accounted for"
        if t.lemma_ in _LEAVING and any(c.dep_ == "dobj" and c.lemma_ in _HOMES for c in t.children):
            got = ("displaced",)  # "had lost their homes", "had left their homes"
        elif t.lemma_.lower() in _HOMES and t.dep_ == "pobj" and t.head.lower_ in ("from", "of"):
            got = ("displaced",)  # "forced out of their homes", "driven from their houses"
        elif (t.lemma_.lower() in _REFUGES or _refuge(t)) and t.dep_ == "pobj" and t.head.lower_ in ("in", "into"):
            got = ("displaced",)  # "living in shelters", "moved into camps", "staying in evacuation centres"
        elif t.lemma_.lower() in _HOSPITALS and t.dep_ == "pobj" and t.head.lower_ in ("to", "in", "at"):
            got = ("injured",)  # "were taken to hospital", "treated at hospitals"
        clause = t.pos_ in ("VERB", "AUX") or t.pos_ == "ADJ" and t.dep_ in ("acomp", "oprd", "conj", "xcomp")
        (by_clause if clause else by_noun).extend((s, t.lower_) for s in got)
    pairs = by_clause or by_noun
    found = list(dict.fromkeys(s for s, _ in pairs))
    words = [w for _, w in pairs]
    # "bodies recovered" are the dead, found: a count of bodies, not of the dead as such.
    if "recovered" in found and "killed" in found and any(w in ("toll", "death", "deaths", "dead") for w in words):
        found.remove("recovered")
    return tuple(found), words


# "Before landfall, it had estimated insured losses at $3 billion": a figure for an event said before it came.
_BEFORE_THE_EVENT = re.compile(r"\b(?:before|ahead of|prior to)\s+(?:(?:the\s+)?(?:storm|hurricane|typhoon|cyclone)"
                               r"(?:'s|’s)?\s+)?landfall\b|\b(?:before|ahead of)\s+(?:the\s+)?(?:storm|hurricane|"
                               r"typhoon|cyclone)\s+(?:made\s+landfall|hit|struck|arrived)\b", re.I)


def _modality(tok: Any, chain: list[Any], sentence: str, hedged: bool) -> tuple[str, str | None]:
    if _BEFORE_THE_EVENT.search(sentence):
        return "forecast", "said before the event it is about ('before landfall')"
    for node in chain:
        if node.dep_ == "prep" and any(c.dep_ == "advmod" and c.lower_ == "already" for c in node.children):
            # "the number of missing, already in the thousands, might reach 100,000": what it is already
            return ("hedged", "a hedge word in the sentence") if hedged else ("asserted", None)
        if node.dep_ == "prep" and node.lower_ == "from" and node.head.pos_ in ("VERB", "AUX", "ADJ"):
            # "could double from its current total of 99": the figure is where the change starts, as it is now
            return ("hedged", "a hedge word in the sentence") if hedged else ("asserted", None)
        for child in node.children:
            if child.text == "May" and child.i > 0:
                continue  # "by mid-May": the month, not the modal
            if child.tag_ == "MD" or child.lower_ in _MODAL_FORECAST and child.dep_ == "aux":
                # "will/would cut 3,500 jobs" states a decision; "will/would reach 500" and "could" anything
                # foresee a figure.
                if child.lower_ in _WILL and node.lemma_ not in _LINKING and node.pos_ == "VERB" and not any(
                        c.dep_ == "nsubj" and c.lower_ in GENERIC_COUNTS for c in node.children):
                    continue  # (but "the final count would land around 200" foresees what a count will be)
                if _possible_now(node):
                    return "hedged", f"modal {child.text!r} of what may be so now"
                return "forecast", f"modal {child.text!r} on {node.text!r}"
        if node.lemma_ in _EXPECT or node.lower_ in _EXPECT:
            return "forecast", f"{node.text!r} governs the figure"
        if node.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless")
                                                for c in node.children) and not asks_what_it_includes(tok, node):
            return "hypothetical", "the figure sits in an if/whether clause"
    node = chain[-1] if chain else tok
    # "expected to come from Lahaina, where the fire burned 2,100 acres": a relative or coordinated clause with a
    # subject of its own says what is.
    while node.head.i != node.i and node.dep_ != "relcl" and not (
            node.dep_ in ("conj", "advcl") and any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children)):
        anc = node = node.head
        if anc.lemma_ in _EXPECT and anc.pos_ in ("VERB", "ADJ"):
            return "forecast", f"{anc.text!r} governs the figure's clause"
        if anc.lemma_ in _SPEECH:
            break
    if hedged or _HEDGE_WORDS.search(sentence):
        return "hedged", "a hedge word in the sentence"
    return "asserted", None


def _possible_now(verb: Any) -> bool:
    """Whether a modal on ``verb`` says what may be so now, not what is to come: "600 people could be missing",
    "there could be nearly 100,000 people" (but "358 could be arrested", "the toll could reach 300" foresee)."""
    if verb.lemma_ == "be" and any(c.dep_ == "expl" for c in verb.children):
        return True
    return bool(set(state_of(verb.lower_)) & _CONDITIONS) and any(
        c.lemma_ == "be" for c in verb.children if c.dep_ in ("aux", "cop"))


_CONDITIONS = {"missing", "trapped", "displaced"}  # states one is in, not events that befall one


BACKSHIFT = "past perfect after a past 'said'"


def _restated(tok: Any, chain: list[Any], before: str) -> str | None:
    """Why the figure restates an earlier one, or ``None``."""
    if _UP_FROM.search(before) or _FROM_TO.search(before):
        return "an earlier figure ('up from' / 'from X to')"
    if re.search(r"\bthe\s+first\s+$", before, re.I):
        return "'the first N': the part of a count found first"
    nodes = list(chain)
    for anc in chain[-1].ancestors if chain else ():
        nodes.append(anc)
        if anc.lemma_ in _SPEECH:
            break
    for node in nodes:
        if node.pos_ not in ("VERB", "AUX"):
            continue
        # "was speaking of", "referring to": what a statement was about, said again (not "officials spoke of 40").
        if (node.lemma_ == "refer" or node.lemma_ == "speak" and node.tag_ == "VBG") and any(
                c.dep_ == "prep" and c.lower_ in ("of", "to", "about") and c.i < chain[0].i for c in node.children):
            return f"the figure is what {node.text!r} refers to"  # "She was speaking of a preliminary toll of 2,600"
        kids = list(node.children)
        # "had put the toll at", "had said": an earlier report. "had been killed by then" is a figure dated
        # by its time phrase, not a restatement.
        if node.tag_ == "VBN" and node.lemma_ in _REPORTING and any(c.lower_ == "had" and c.dep_ == "aux" for c in kids):
            if node.dep_ == "ccomp" and node.head.lemma_ in _SPEECH and node.head.tag_ == "VBD":
                return BACKSHIFT  # "the ministry said it had counted": earlier only if "said" is dated earlier
            return f"past perfect 'had {node.text}'"
        adv = next((c for c in kids if c.dep_ == "advmod" and c.lower_ in _RESTATE_ADV), None)
        # "Hours earlier" is the same day's news, not an earlier report re-told.
        if adv is not None and not any(g.lemma_ in ("hour", "minute", "moment") for g in adv.children):
            return f"{adv.text!r} on {node.text!r}"
    return None


_COMPASS_WORD = re.compile(r"^(?:north|south|east|west)")


def _in_clause_of(at: int, anchors: list[Any]) -> bool:
    """Whether the word at character ``at`` of the sentence belongs to the figure's clause, not to a clause or
    phrase inside it ("left homeless, including people who went to stay elsewhere")."""
    if not anchors:
        return True
    sent = anchors[0].sent
    word = next((t for t in sent if t.idx - sent.start_char >= at), None)
    ids = {a.i for a in anchors}
    node = word
    for _ in range(12):
        if node is None or node.i in ids:
            return True
        if node.dep_ in ("relcl", "acl", "advcl") or node.lemma_ == "include":
            return False
        if node.head.i == node.i:
            return True
        node = node.head
    return True


# Participles the parse reads as verbs though they describe the place: "in neighbouring Thailand".
_PLACE_PARTICIPLES = frozenset({"neighbouring", "neighboring", "surrounding"})


def _objects(prep: Any) -> list[Any]:
    """The objects of a preposition, with "Thailand" in "in neighbouring Thailand", which the parse hangs
    as the object of "neighbouring" read as a verb."""
    out = [c for c in prep.children if c.dep_ == "pobj"]
    for c in prep.children:
        if c.dep_ == "pcomp" and c.lower_ in _PLACE_PARTICIPLES:
            out += [g for g in c.children if g.dep_ == "dobj"]
    return out


def _places(sentence: str, lo: int, hi: int, anchors: list[Any]) -> tuple[str, ...]:
    """Location phrases attached to the figure's clause (``anchors``), and "outside X"/"elsewhere" in its stretch."""
    out: list[str] = []
    for m in _EXCLUDING.finditer(sentence, lo, hi):
        if m.group(1).split()[-1].lower() not in FACILITY_NOUNS:  # "outside the Legislative Council" is at it
            out.append(m.group(0).strip())
    elsewhere = _ELSEWHERE.search(sentence, lo, hi)
    if elsewhere and _in_clause_of(elsewhere.start(), anchors):
        out.append("elsewhere")
    seen: set[int] = set()
    own = anchors[0] if anchors else None
    # The figure's own place: on it, or on its verb after it ("the police counted 48,000 in Kesh").
    holders = [own, *([own.head] if own is not None and own.head.pos_ == "VERB" else [])] if own is not None else []
    own_place = any(t.dep_ == "prep" and t.lower_ in _LOCATION_PREPS and t.i > own.i and any(
        g.dep_ == "pobj" and g.pos_ == "PROPN" for g in t.children) for h in holders for t in h.children)
    for node in anchors:
        if own is not None and node.pos_ == "NUM" and node.i < own.i and node.head.i != own.i:
            continue  # "764 in Taroudant, 202 in Chichaoua": the figure before keeps its own place
        for t in node.children:
            if t.i in seen or t.dep_ != "prep" or t.lower_ not in _LOCATION_PREPS:
                continue
            rel = t.idx - t.sent.start_char
            if own_place and node.i != own.i and node.i < t.i < own.i:
                continue  # "40,000 marched in Lyon, 30,000 in Toulouse": the place before is the figure before's
            if rel >= hi or rel < lo and t.i > node.i:
                # "killed 1,591 in Kell and 809 in Dunmore": a place past the next figure is that one's; a
                # place set before its verb ("In Paris, the unions counted ...") frames every figure after it.
                continue
            seen.add(t.i)
            for pobj in _objects(t):
                # "in Varna", "in the town of Orlo"; not "in the coastal city", which describes a place named before.
                named = pobj if pobj.pos_ == "PROPN" else next(
                    (g for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                     if g.dep_ == "pobj" and g.pos_ == "PROPN"), None)
                owner = next((c for c in pobj.children if c.dep_ == "poss" and c.pos_ == "PROPN"
                              and c.lower_ not in CALENDAR), None)  # not "in Tuesday's strike"
                if named is None and owner is not None:
                    out.append(pobj.doc[owner.left_edge.i : pobj.i + 1].text)  # "in Syria's north-west"
                    continue
                if named is None and pobj.lemma_.lower() in _REGION_NOUNS and any(
                        c.dep_ == "compound" and c.pos_ == "PROPN" for c in pobj.children):
                    first = min(c.left_edge.i for c in pobj.children if c.dep_ == "compound")
                    out.append(pobj.doc[first : pobj.i].text)  # "in the Jabal al-Akhdar region"
                    continue
                if named is None:
                    continue
                listed = _shared_head(named) or _list_of(named)
                if listed:  # "in Al Haouz, Taroudant and Chichaoua": the whole the list makes, not one place
                    out.append(listed)
                    continue
                # A name is capitalised and no day ("Tuesday's march in Orlo", with "march" misread as a name);
                # a name set beside it is another thing ("in Syria, the UN Office for ... said").
                beside = {w.i for c in named.children if c.dep_ == "appos" for w in c.subtree}
                words = sorted((w for w in named.subtree if w.pos_ == "PROPN" and w.text[:1].isupper()
                                and w.i not in beside
                                and w.lower_ not in CALENDAR and (rel < lo or w.idx - w.sent.start_char >= lo)
                                and w.idx - w.sent.start_char < hi and not _under_a_figure(w, named)),
                               key=lambda w: w.i)  # not the next figure's place the parse hangs below it
                if not words:
                    continue
                phrase = " ".join(w.text for w in words)
                compass = next((c for c in named.children if c.dep_ in ("amod", "compound")
                                and _COMPASS_WORD.search(c.left_edge.text) and c.left_edge.text.islower()), None)
                if compass is not None:  # "in north-western Syria"
                    phrase = f"{named.doc[compass.left_edge.i : compass.i + 1].text} {phrase}"
                if t.lower_ in ("outside", "beyond") and phrase.split()[-1].lower() not in FACILITY_NOUNS:
                    phrase = f"{t.lower_} {phrase}"
                if not any(phrase in o for o in out):
                    out.append(phrase)
    return tuple(out)


def _under_a_figure(word: Any, top: Any) -> bool:
    """Whether ``word`` hangs below ``top`` through a number: "in Lyon, 30,000 in Toulouse" puts Toulouse
    under Lyon, as the place of another figure."""
    node = word
    for _ in range(8):
        if node.i == top.i or node.head.i == node.i:
            return False
        node = node.head
        if node.pos_ == "NUM" and node.i != top.i:
            return True
    return False


# A name closing a list item before its figure: ", Georgia 33", "and Chichaoua with 89", "followed by
# Taroudant province with 190", "ahead of Taroudant with 492".
LISTED_NAME = re.compile(
    r"(?:[,;]\s+|\band\s+|\bfollowed\s+by\s+|\bahead\s+of\s+|\bthen\s+|\bbefore\s+)"
    r"((?:[A-Z][\w’'.-]*\s+){1,4}?)(?:(?:province|county|region|state|district|prefecture|governorate|city)\s+)?"
    r"(?:with\s+)?(?:about\s+|some\s+|around\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+|at\s+least\s+)?$"
)


def speaker_scope(verb: Any) -> list[Any]:
    """The nouns of the speaker's own scope, on the subject of a verb of reporting: "the ministry, whose count
    covers only government-held areas, said", "state media, reporting on areas under government control, gave"."""
    out = []
    for subj in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
        for clause in (c for c in subj.children if c.dep_ in ("relcl", "acl")):
            out.extend(g for g in clause.subtree if g.dep_ in ("dobj", "pobj") and g.pos_ == "NOUN" and g.head.dep_ != "pobj")
    return out


def _scope_above(chain: list[Any]) -> tuple[str, ...]:
    """The speaker's scope of the verb of reporting above the figure's clause ("state media, reporting on areas
    under government control, gave a toll of 1,347 dead and 2,295 injured": both figures)."""
    for anc in chain[-1].ancestors if chain else ():
        if anc.lemma_ in _REPORTING:
            return tuple(g.doc[g.left_edge.i : min(g.right_edge.i + 1, g.left_edge.i + 10)].text.strip(" ,;:")
                         for g in speaker_scope(anc))
    return ()


def _sites(anchors: list[Any]) -> tuple[str, ...]:
    """Location phrases in common nouns attached to the figure's clause: "at the collapsed tower", "in the
    country", "in areas under government control", and "there". Linking matches them against a metric's
    ``where`` words and reads "the country" / "there" as the place named before."""
    out: list[str] = []

    def add(noun: Any) -> None:
        phrase = noun.doc[noun.left_edge.i : min(noun.right_edge.i + 1, noun.left_edge.i + 10)].text.strip(" ,;:")
        if phrase and not any(phrase in o for o in out):
            out.append(phrase)

    ids = {a.i for a in anchors}
    # "injured 40 people, most of them at the mall": what follows a part is the part's
    part = min((c.i for a in anchors for c in a.children if c.dep_ in ("npadvmod", "appos") and c.i not in ids
                and _of_them(c)), default=None)
    for node in anchors:
        if node.lemma_ in _REPORTING:
            for g in speaker_scope(node):
                add(g)
        # "injured 40 people, most of them at the mall": what follows a part is the part's
        for t in node.children:
            if t.dep_ == "advmod" and t.lower_ == "there":
                out.append("there")
            if t.dep_ == "poss" and t.lemma_.lower() in _OWNING_PLACES and any(
                    c.dep_ == "det" and c.lower_ == "the" for c in t.children):
                out.append(t.doc[t.left_edge.i : t.i + 1].text)  # "the town's five mosques": the town named before
                continue
            reported_from = t.dep_ == "prep" and t.lower_ == "from" and node.lemma_ in _REPORTING | {"register"}
            if t.dep_ != "prep" or t.lower_ not in _LOCATION_PREPS and not reported_from \
                    or part is not None and t.i > part:
                continue  # (where a count is "reported from" is where it was counted)
            for pobj in t.children:
                # (not "put the toll at 2,719 structures exposed": the figure put, not where)
                if pobj.dep_ == "pobj" and pobj.pos_ == "NOUN" and not (
                        t.lower_ == "at" and node.lemma_ in ("put", "estimate", "place", "set")):
                    add(pobj)
    return tuple(out)


_IN_AFTER = re.compile(r"^[^,;:]{0,40}?\b(?:in|at)\s+((?:the\s+)?(?:[A-Z][\w’'-]+)(?:[\s-]+[A-Z][\w’'-]+)*)")


def _calendar(word: str) -> bool:
    """Whether ``word`` names a day or month, in full or abbreviated ("Aug", "Sept")."""
    w = word.lower().rstrip(".")
    return w in CALENDAR or len(w) >= 3 and any(c.startswith(w) for c in CALENDAR)


def _places_around(tok: Any, chain: list[Any], sentence: str, end: int, hi: int) -> tuple[str, ...]:
    """Places the parse did not attach: "Al Haouz, where the toll stands at 1,684", "Taroudant, with 980 dead",
    and "... and 809 in Taroudant province" (the figure's own words up to the next comma)."""
    # (up through the clauses the figure's hangs from: "Orlo, where officials feared 1,000 could gather")
    for node in [*chain, *(chain[-1].ancestors if chain else ())]:
        head = node.head
        if node.dep_ == "relcl" and head.pos_ == "PROPN" and any(c.lower_ == "where" for c in node.children):
            return (_propn_phrase(head),)
        if node.dep_ == "pobj" and head.lower_ == "with" and head.head.pos_ == "PROPN":
            return (_propn_phrase(head.head),)
    m = _IN_AFTER.match(sentence[end:hi])
    if m and not _calendar(re.sub(r"^the\s+", "", m.group(1)).split()[0]):  # not "in the Aug. 8 fire"
        following = re.match(r"\s+([a-z]+)", sentence[end + m.end() : hi])
        if following is None or following.group(1) in _REGION_NOUNS:  # not "in the Mediterranean city"
            return (re.sub(r"^the\s+", "", m.group(1)),)
    return ()


# Units of a country's administration: "the state's toll", "in the county" scope a figure to one of them.
ADMIN_UNITS = frozenset({"state", "county", "province", "district", "prefecture", "governorate", "municipality",
                         "commune", "parish", "borough"})


def _admin_scope(cues: list[Any]) -> str | None:
    """"the state's confirmed toll", "in the county": the unit a figure is scoped to, by its common noun."""
    for node in cues:
        for child in node.children:
            target = child
            if child.dep_ == "prep" and child.lower_ in ("in", "for", "across", "within", "throughout"):
                target = next((g for g in child.children if g.dep_ == "pobj"), None)
            elif child.dep_ != "poss":
                continue
            if target is not None and target.pos_ == "NOUN" and target.lemma_.lower() in ADMIN_UNITS:
                if target.tag_ == "NNS" or any(g.dep_ == "nummod" for g in target.children):
                    continue  # "in five states": many units, no one of them
                return f"the {target.lemma_.lower()}"
    return None


def _scene(chain: list[Any], cues: list[Any]) -> tuple[str, ...]:
    """Proper names around the figure that may be its place: the subject of its verb, possessives and
    name compounds of its nouns, the name a "with N" hangs from ("Taroudant province with 190")."""
    out: list[str] = []
    for node in [*chain, *cues]:
        if node.dep_ == "advcl" and any(c.dep_ == "mark" for c in node.children):
            continue  # "... killed 200, after Georgia and North Carolina added victims": another clause's names
        for child in node.children:
            named = child.dep_ in ("nsubj", "poss", "compound") and (
                child.pos_ == "PROPN" or any(g.dep_ == "compound" and g.pos_ == "PROPN" for g in child.children))
            if named and (child.dep_ != "nsubj" or node.pos_ in ("VERB", "AUX")):
                out.append(_propn_phrase(child) if child.pos_ == "PROPN" else _compound_names(child))
        if node is chain[-1] and (subject := _borrowed_subject(node)) is not None:
            out.append(_propn_phrase(subject) if subject.pos_ == "PROPN" else _compound_names(subject))
        if node.dep_ == "pobj" and node.head.lower_ == "with":
            owner = node.head.head
            if owner.pos_ == "PROPN":
                out.append(_propn_phrase(owner))
            elif owner.pos_ == "NOUN" and any(g.dep_ == "compound" and g.pos_ == "PROPN" for g in owner.children):
                out.append(_compound_names(owner))
    return tuple(dict.fromkeys(p for p in out if p))


def _borrowed_subject(verb: Any) -> Any | None:
    """The named subject a verb without one takes from the clause it hangs from: "The Orlo fire was
    contained after burning 2,170 acres" (the Orlo fire burned them), "... leaving 40 dead"."""
    if verb.pos_ != "VERB" or verb.dep_ not in ("pcomp", "advcl", "xcomp") or any(
            c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children):
        return None
    ruler = verb.head.head if verb.dep_ == "pcomp" and verb.head.pos_ == "ADP" else verb.head
    if ruler.pos_ not in ("VERB", "AUX"):
        return None
    subject = next((c for c in ruler.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or not (subject.pos_ == "PROPN" or any(
            g.dep_ == "compound" and g.pos_ == "PROPN" for g in subject.children)):
        return None
    return subject


def _compound_names(noun: Any) -> str:
    return " ".join(g.text for g in noun.children if g.dep_ == "compound" and g.pos_ == "PROPN")


def _propn_phrase(tok: Any) -> str:
    return " ".join(w.text for w in sorted((w for w in tok.subtree if w.pos_ == "PROPN" and w.i <= tok.i),
                                           key=lambda w: w.i)) or tok.text


_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_PART = {"early": 5, "mid": 15, "late": 25, "end": 28}
# Month names only when capitalised: "in the march", "may rise" are no dates.
_MONTH_NAMES = "(?-i:" + "|".join(m.capitalize() for m in sorted(_MONTHS, key=len, reverse=True)) + ")"
_DATE = re.compile(
    r"\b(?:(?P<prep>by|as\s+of|on|until|through|since|in|at)\s+(?:the\s+)?)?"
    r"(?:(?P<part>early|mid|late|end\s+of)[- ]?)?"
    r"(?:(?P<month>" + _MONTH_NAMES + r")\.?"
    r"(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b)?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>" + _MONTH_NAMES + r")\.?"
    r"|(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
    r"|the\s+(?P<nth>[1-3]?\d)(?:st|nd|rd|th)(?=\s*(?:[.,;:)]|$))"  # "against 23,000 on the 19th."
    r"|(?P<rel>yesterday|last\s+week|last\s+month|earlier\s+this\s+week|the\s+previous\s+day|a\s+day\s+earlier"
    r"|the\s+day\s+before|last\s+night|(?:two|three|four|five|six|\d)\s+days\s+(?:earlier|before|ago)))\b",
    re.I,
)



def _listed_place(tok: Any) -> bool:
    """Whether ``tok`` is a further place of a list: a name joined by "and" ("Hama and Idlib"), a noun named by a
    name ("and the Kesh hills"), or a name set beside the first that goes on into the list ("in Florida,
    Georgia, the Carolinas and Virginia")."""
    if tok.dep_ == "conj":
        return tok.pos_ == "PROPN" or any(g.dep_ == "compound" and g.pos_ == "PROPN" for g in tok.children)
    return tok.dep_ == "appos" and tok.pos_ == "PROPN" and any(c.dep_ == "conj" and c.pos_ == "PROPN"
                                                                for c in tok.subtree)


def _list_of(named: Any) -> str | None:
    """The list of places ``named`` starts ("Aleppo, Latakia, Hama and Idlib": each name hangs on the one
    before), joined by "and"; ``None`` when it starts none."""
    listed, todo = [], [named]
    while todo:
        more = [c for c in todo.pop().children if _listed_place(c)]
        listed.extend(more)
        todo.extend(more)
    if not listed:
        return None
    names = [_name_of(w) for w in [named, *listed]]
    if _COMPASS_NAME.match(names[0]) and len(names[1].split()) > 1:
        names[0] = f"{names[0]} {names[1].split()[-1]}"  # "South and North Carolina"
    return " and ".join(names)


def _shared_head(named: Any) -> str | None:
    """For "South and North Carolina": "South Carolina and North Carolina", the places two words make with one
    name; ``None`` for any other name."""
    first = next((c for c in named.children if c.dep_ in ("nmod", "compound", "amod") and c.pos_ == "PROPN"
                  and any(g.dep_ == "conj" and g.pos_ == "PROPN" for g in c.children)), None)
    if first is None:
        return None
    others = [g for g in first.children if g.dep_ == "conj" and g.pos_ == "PROPN"]
    return " and ".join(f"{w.text} {named.text}" for w in [first, *others])


# What a name before them makes a building, a site or an institution's seat, not a territory: "near Chatuchak
# Market" is no capital, and "outside the Legislative Council" is at it, not beyond it.
FACILITY_NOUNS = frozenset({
    "market", "office", "tower", "hospital", "airport", "station", "mosque", "temple", "pagoda", "monastery",
    "church", "school", "university", "stadium", "bridge", "dam", "building", "hotel", "mall", "square", "street",
    "road", "avenue", "park", "port", "council", "complex", "parliament", "legislature", "assembly",
    "headquarters", "embassy", "consulate", "court", "palace", "hall", "house", "ministry",
})
_COMPASS_NAME = re.compile(r"^(?:North|South|East|West)(?:-?(?:east|west))?$")


def _name_of(tok: Any) -> str:
    """A place name said by a name, or by a noun with a name before it ("the High Atlas mountains")."""
    compounds = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
    if not compounds:
        return str(tok.text)
    first = min(c.left_edge.i for c in compounds)
    return str(tok.doc[first : tok.i + 1].text)


def weekdays_named(text: str) -> tuple[str, ...]:
    """The days of the week ``text`` names ("after Sunday's march", "on Monday"), capitalised, in order."""
    found = re.findall(r"\b(" + "|".join(d.capitalize() for d in _WEEKDAYS) + r")\b", text)
    return tuple(dict.fromkeys(found))

# The occasion before the one reported: "down from 25,000 the previous time", "against 57,000 during the
# previous mobilisation".
_PREVIOUS = re.compile(
    r"\b(?:the\s+(?:previous|last|preceding|prior)\s+(?:time|occasion|one|round|mobili[sz]ation|march|protest"
    r"|demonstration|rally|strike|walkout|day\s+of\s+(?:action|protest|strikes?|mobili[sz]ation))|last\s+time"
    r"|the\s+time\s+before)\b", re.I)


# A day phrase opening a figure's stretch, right after the figure before ("on Tuesday, February 7,").
_TRAILING_DAY = re.compile(r"[\s,]*(?:on|as\s+of|by)\s+(?:(?:" + "|".join(d.capitalize() for d in _WEEKDAYS) + "|"
                           + _MONTH_NAMES + r"\.?(?:\s+\d{1,2})?|\d{1,2}\s+[A-Z][a-z]+)[\s,]*)+")
_REPORT_NOUNS = GENERIC_COUNTS | {"report", "reports", "statement", "update", "bulletin", "data", "census", "survey",
                                  "assessment", "briefing", "release"}


def _figure_time(dated: str, lo: int, hi: int, lead: int | None, pub: date | None) -> tuple[date, str] | None:
    """The day a figure is about: said in its stretch ``[lo, hi)`` of the sentence, else before the sentence's
    first figure (``lead``): "On Tuesday, it said 300 died and 200 were injured" dates both."""
    own = dated[lo:hi]
    if lo > 0:
        # "against 400,000 on Tuesday, February 7, while the police counted 93,000": a day said right after the
        # figure before is that figure's.
        trailing = _TRAILING_DAY.match(own)
        own = " " * trailing.end() + own[trailing.end():] if trailing else own
    return find_time(own, pub) or find_time(dated[:min(lo, lead if lead is not None else lo)], pub)


def _without_other_clauses(sentence: str, tok: Any) -> str:
    """The sentence with the relative clauses about something else blanked out: "the quake that hit on Sept. 7
    damaged 26,900 homes" dates the quake, not the count; "the 1.27 million it counted on January 31" and "the
    count released on Saturday stood at 2,059" date the figure."""
    if tok is None or tok.doc.text != sentence:
        return sentence
    out = sentence
    for t in tok.doc:
        if t.dep_ not in ("relcl", "acl") or t.left_edge.i <= tok.i <= t.right_edge.i:
            continue
        if t.head.i == tok.i or t.head.lower_ in _REPORT_NOUNS or t.head.pos_ == "NUM":
            continue
        a, b = t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)
        out = out[:a] + " " * (b - a) + out[b:]
    return out


def find_time(text: str, published: date | None) -> tuple[date, str] | None:
    """The date a stretch of text refers a figure to, against the article's publication date."""
    if published is None:
        return None
    found: list[tuple[date, str, bool]] = []
    for m in _DATE.finditer(text):
        pointed = re.search(r"(?i)\b(?:last|previous)\s+$", text[max(0, m.start() - 10) : m.start()])
        if text[m.end() : m.end() + 2] in ("'s", "’s") and not pointed:
            continue  # "Friday's earthquake" names the event, not the figure's day ("last Saturday's march" does)
        if re.search(r"\bthe\s+$", text[max(0, m.start() - 5) : m.start()]) and re.match(r"\s+[A-Za-z]", text[m.end():]) \
                and (m.group("day") or m.group("day2")):
            continue  # "after the Aug. 8 wildfire": the date names the event
        when = re.match(r",?\s+when\b", text[m.end():])  # "higher than on Tuesday, when it had put it at 757,000"
        if not when and (_COMPARED.search(text[max(0, m.start() - 24) : m.start()] + "\n")
                         or _COMPARED.match(m.group(0) + "\n")):
            continue  # "the lowest turnout since January 19": the day compared with, not the figure's
        day = _resolve(m, published)
        if day is not None and pointed and day == published:
            day -= timedelta(days=7)  # "last Saturday's march", said on a Saturday, was a week ago
        if day is not None:
            found.append((day, m.group(0).strip(), bool(m.group("day") or m.group("day2"))))
    # "on Tuesday, February 7": the calendar date says more than the weekday.
    best = next((f for f in found if f[2]), found[0] if found else None)
    return (best[0], best[1]) if best else None


def _resolve(m: re.Match[str], published: date) -> date | None:
    g = m.groupdict()
    if g["rel"]:
        rel = g["rel"].lower()
        back = 1 if rel in ("yesterday", "the previous day", "a day earlier", "the day before", "last night") else 7
        back = 3 if rel.startswith("earlier") else back
        days = re.match(r"(two|three|four|five|six|\d)\s+days", rel)
        if days:  # "two days before the list came out"
            back = _SMALL.get(days.group(1)) or int(days.group(1))
        return published - timedelta(days=back)
    if g["weekday"]:
        back = (published.weekday() - _WEEKDAYS[g["weekday"].lower()]) % 7
        return published - timedelta(days=back)
    if g["nth"]:  # the latest such day of a month, on or before the publication
        when = published
        for _ in range(62):
            if when.day == int(g["nth"]):
                return when
            when -= timedelta(days=1)
        return None
    month_word = g["month"] or g["month2"]
    if not month_word:
        return None
    prep = (g["prep"] or "").lower()
    if g["month"] and not g["day"] and not g["part"] and prep not in ("by", "in", "since", "until", "through"):
        return None  # "May" alone is as often a verb as a month; "on" wants a day
    month = _MONTHS[month_word.lower().rstrip(".")]
    day_text = g["day"] or g["day2"]
    part = (g["part"] or "").split()[0].lower() if g["part"] else ""
    day = int(day_text) if day_text else _PART.get(part, 15)
    year = published.year
    try:
        when = date(year, month, min(day, calendar.monthrange(year, month)[1]))
    except ValueError:
        return None
    if when > published + timedelta(days=31) and not prep.startswith("by"):
        when = when.replace(year=year - 1)
    return when


# "another" or "a further" right before a figure: more of what was counted.
FURTHER = re.compile(r"\b(?:another|a\s+further)\s+$", re.I)
# An increment said before in the sentence: "around 100 more deaths and some 400 more injuries" are both changes.
EARLIER_INCREMENT = re.compile(r"(?i)\b(?:another|a\s+further)\s+\S|\d\s+(?:more|additional|further)\b(?!\s+than)")


# States counted once for an event of one day (a march, a clash): "that day" names the event, not a window.
_EVENT_STATES = frozenset({"arrested", "present"})


def _aggregation(sentence: str, start: int, end: int, segment: tuple[int, int], kind: str, part: bool,
                 states: tuple[str, ...], previous_states: tuple[str, ...], own_noun: bool = False
                 ) -> tuple[str, str | None]:
    """``level``, ``increment``, ``rate`` or ``part``, and how it was read."""
    lo, hi = segment
    before, after = sentence[lo:start], sentence[end:hi]
    another = FURTHER.search(before) is not None
    if kind == "increment" and states and previous_states and not set(states) & set(previous_states) \
            and (another or lo > 0 and not own_noun) and not EARLIER_INCREMENT.search(sentence[:start]):
        # "killed 296 people ... Another 153 were injured", "2,274 died, and thousands more were hurt": another
        # group, not more of the same (but "45 more dead than on Tuesday" is a change, and so is each of "100
        # more deaths and 400 more injuries", and "the toll rose to 40 after divers found 13 more bodies").
        return "level", f"level: 'another' adds the {', '.join(states)} to the {', '.join(previous_states)} before"
    if kind == "increment" or _CHANGE_BY.search(before):
        return "increment", "increment: 'another', 'more' or 'rose by'"
    if kind == "rate" or _RATE.match(after):
        return "rate", "rate: per day/week"
    window = _WINDOW.search(sentence, _clause_start(sentence, lo, start), _clause_end(sentence, end, hi))
    if window and _GIVEN_THAT_DAY.search(sentence[: window.end()]):
        window = None  # "the 20,000 another spokesperson had given that day": the day of the saying, no window
    elif window and window.group(0).lower() == "that day" and set(states) & _EVENT_STATES:
        window = None  # "arrested 17 people in the area that day": the day of the protest, all of its arrests
    if window:
        return "increment", f"increment: a window ({window.group(0)!r})"
    if part or kind == "subset":
        return "part", "part of a whole named beside it"
    return "level", None


def _where(tok: Any, chain: list[Any], cues: list[Any], anchors: list[Any], sentence: str, span: tuple[int, int],
           segment: tuple[int, int]) -> tuple[str, ...]:
    """The places of the figure ``tok`` at ``span`` of ``sentence``: attached to its clause, set before the
    clause it is joined to, the name before it in a list of named counts, around it, or its unit's scope."""
    start, end = span
    lo, hi = segment
    listed = LISTED_NAME.search(sentence[:start])
    if listed:  # the name just before the figure in a list of named counts is its own place
        name = sentence[listed.start(1) : start].replace(" with ", " ").strip().rstrip(",")
        return (re.sub(r"\s+(?:with|about|some|around|nearly|almost|over|more than|at least)\b.*$", "", name),)
    places = _places(sentence, lo, hi, anchors)
    heads = [*_shared(tok), *([chain[-1].head] if chain and chain[-1].dep_ == "conj" else [])]
    if not places and heads:
        # "In Syria's north-west, the rescuers counted 2,166 dead and 2,950 injured": a place set before the
        # clause frames every figure joined to it (not "12 died in Orlo and 30 in Kesh", said after the verb).
        cut = min(h.idx for h in heads) - tok.sent.start_char
        places = tuple(p for p in _places(sentence, 0, len(sentence), heads) if 0 <= sentence.find(p) < cut)
    if not places:
        places = _places_around(tok, chain, sentence, end, hi)
    scope = _admin_scope(cues) if not places else None
    return (scope,) if scope else places


def _figure_states(tok: Any, end: int, cues: list[Any], counted: str | None, previous_states: tuple[str, ...],
                   notes: list[str]) -> tuple[str, ...]:
    """The figure's states: its own word, else its clause and noun, else its counted phrase, else (for a
    count noun) the figure before's; the note says which."""
    states, words = _states(cues + _shared(tok))
    own, own_words = own_states(tok, end) if tok is not None else ((), [])
    if own and set(own) != set(states):
        states, words = own, own_words
    if not states and counted:
        words = counted.split()
        if words[-1].lower().endswith(AGENT_ENDINGS) or words[-1].lower() in GROUP_HEADS:
            words = words[-1:]  # "rescue workers"
        for w in words:
            states = states or state_of(w)
    if states and states != ("affected",) and {w.lower() for w in words} <= {"lives", "life"} and any(
            t.lower_ in ("lives", "life") and _lives_lost(t) is False for t in cues):
        notes.append("no state: the lives are not taken ('saved', 'touched')")
        return ()
    if not states and previous_states and (not counted or counted.split()[-1].lower() in GENERIC_COUNTS | SEXES):
        # "The police put the figure at 81,000", after "1.28 million people marched": the figure before's state;
        # "Buncombe County had the most, with 42" after "the deaths occurred in 21 counties" too.
        notes.append(f"state {', '.join(previous_states)} from the figure before ({counted!r} says none)")
        return previous_states
    if states:
        notes.append(f"state {', '.join(states)} from {', '.join(dict.fromkeys(words)) or counted!r}")
    return states


def explains(text: str) -> str | None:
    """The words of ``text`` that say why a level moved ("had been located"), or ``None``."""
    m = _EXPLAINED.search(text)
    return m.group(0) if m else None


def presents_correction(text: str) -> str | None:
    """The words by which ``text`` presents a figure as a correction ("revised", "overcounted"), or ``None``."""
    m = _CORRECTION.search(text)
    return m.group(0) if m else None


def _flags(sentence: str, next_sentence: str, segment: tuple[int, int], notes: list[str]) -> tuple[bool, bool, bool]:
    """Whether the figure is presented as a correction, withdrawn, or comes with the reason its level moved."""
    lo, hi = segment
    correction = _CORRECTION.search(sentence) is not None or _CUT_AFTER.search(next_sentence) is not None
    if correction:
        notes.append("presented as a correction or revision")
    retracted = bool(_RETRACT.search(sentence) or _RETRACT.search(next_sentence) or
                     _DEBUNKED.search(sentence[lo:hi]))
    if retracted:
        notes.append("withdrawn, denied or called false")
    because = _EXPLAINED.search(sentence)  # (the sentence after it: see the extractor's _frame)
    if because:
        notes.append(f"its change explained: {because.group(0)!r}")
    return correction, retracted, because is not None


# The scope a sentence gives the figures before it: "figures it said covered only the Mandalay region".
_COVERS_ONLY = re.compile(r"\b(?:figures?|counts?|toll|tally|numbers?|data)\b[^.;]{0,30}?\bcover(?:s|ed|ing)?\s+only\s+"
                          r"((?:the\s+)?(?:[A-Z][\w'-]*\s+)+(?:region|province|state|area|district|county|city))\b")


def _figure_places(tok: Any, chain: list[Any], cues: list[Any], anchors: list[Any], sentence: str,
                   span: tuple[int, int], segment: tuple[int, int], notes: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The figure's places (names) and sites (common-noun location phrases), noted in ``notes``."""
    if tok is None:
        return (), ()
    places = _where(tok, chain, cues, anchors, sentence, span, segment)
    if places:
        notes.append(f"places {', '.join(places)}")
    # The figure joined to another shares its common-noun sites, never the other's named ones, and none when it
    # has its own ("7,415 are staying in hotel rooms and 1,100 in Airbnb rentals").
    own = _sites(anchors)
    shared = tuple(x for x in _sites(_shared(tok)) if x.lower() == x) if not places and not own else ()
    found = list(dict.fromkeys([*own, *shared, *_scope_above(chain)]))
    sites = tuple(x for x in found if x not in places and not any(x != y and x in y for y in found))
    covered = _COVERS_ONLY.search(sentence, span[1])
    if not places and not sites and covered:
        # "694 people had been killed and 1,670 injured, figures it said covered only the Mandalay region"
        sites = (covered.group(1),)
        notes.append(f"sites {covered.group(1)}, the scope the sentence gives its figures")
        return places, sites
    if not places and not sites and (gapped := _gapped(chain)):
        # "3,381 people had been killed and 20,426 injured in the country": said once, at the end, for both
        places = _places(sentence, 0, len(sentence), gapped)
        sites = tuple(x for x in _sites(gapped) if x not in places)
        if places or sites:
            notes.append(f"places {', '.join([*places, *sites])}, said once for the figure gapped after it")
    if sites:
        notes.append(f"sites {', '.join(sites)}")
    return places, sites


_SPAN_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7}


def _before_by(tok: Any, published: date | None) -> tuple[date, str] | None:
    """For "the march came a week after a rally that had drawn 1.03 million people": the figure's day, that
    long before the publication (the day of what came after it)."""
    if tok is None or published is None:
        return None
    for anc in tok.ancestors:
        if anc.dep_ == "prep" and anc.lower_ == "after" and anc.i < tok.i:
            span = next((c for c in anc.children if c.dep_ == "npadvmod" and c.lower_ in _SPAN_DAYS), None)
            if span is None:
                return None
            n = next((_SMALL.get(c.lower_) or (int(c.text) if c.text.isdigit() else None)
                      for c in span.children if c.dep_ == "nummod"), 1) or 1
            words = tok.doc[span.left_edge.i : anc.i + 1].text
            return published - timedelta(days=n * _SPAN_DAYS[span.lower_]), words
    return None


_WEEKEND = re.compile(r"\b(?:at|over|during|on)\s+the\s+weekend\b|\b(?:last|this)\s+weekend\b", re.I)


def _undated_weekdays(found: tuple[date, str] | None, lead_weekdays: tuple[str, ...]) -> tuple[str, ...]:
    """With no date of its own, a story's day shows only in the weekdays it names: the figure's own, with
    those of its title and lead ("after Sunday's march"); none when the figure's day is a calendar date."""
    if found is not None and re.search(_MONTH_NAMES, found[1]) is not None:
        return ()
    own = weekdays_named(found[1]) if found else ()
    return tuple(dict.fromkeys([*own, *lead_weekdays]))


def read_frame(
    tok: Any,
    noun: Any | None,
    sentence: str,
    start: int,
    end: int,
    segment: tuple[int, int],
    *,
    kind: str = "quantity",
    part: bool = False,
    hedged: bool = False,
    counted: str | None = None,
    published: datetime | None = None,
    next_sentence: str = "",
    previous_states: tuple[str, ...] = (),
    lead: int | None = None,
    undated: bool = False,
    lead_weekdays: tuple[str, ...] = (),
) -> Frame:
    """The :class:`Frame` of the figure at ``[start, end)`` of ``sentence`` (its number token ``tok``,
    the noun it counts ``noun``); ``segment`` is its stretch of the sentence between neighbouring figures."""
    notes: list[str] = []
    lo, hi = segment
    chain = _chain(tok) if tok is not None else []
    cues = _near(tok, noun) if tok is not None else []
    states = _figure_states(tok, end, cues, counted, previous_states, notes)
    modality, why = _modality(tok, chain, sentence[lo:hi], hedged) if tok is not None else ("asserted", None)
    if kind == "hypothetical":
        modality, why = "hypothetical", "an if/whether clause"
    if why:
        notes.append(f"modality {modality}: {why}")
    before = sentence[lo:start]
    aggregation, why = _aggregation(sentence, start, end, segment, kind, part, states, previous_states,
                                    own_noun=noun is not None)
    if why:
        notes.append(why)
    # The verb of saying the figure hangs from may carry the scene ("In Derna, officials said ..."); other
    # clauses above it ("12 died in Kelso, while 170 died elsewhere") belong to other figures.
    # (the whole chain: a whole "out of" which a part is counted takes no state from the verb, but its place)
    # (not above a contrasting clause of its own: "X confirmed 812 dead, while 790 more deaths have been reported
    # from Y")
    own_clause = bool(chain) and chain[-1].dep_ == "advcl" and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in chain[-1].children) and any(
        c.dep_ == "mark" and c.lower_ in ("while", "whereas") for c in chain[-1].children)
    anchors = [*cues, *(n for n in chain if n not in cues),
               *(a for a in (chain[-1].ancestors if chain and not own_clause else ()) if a.lemma_ in _SPEECH)]
    places, sites = _figure_places(tok, chain, cues, anchors, sentence, (start, end), (lo, hi), notes)
    scene = _scene(chain, cues) if tok is not None else ()
    restated = _restated(tok, chain, before) if tok is not None else None
    pub = published.date() if published is not None else None
    # A time phrase before the figure's stretch ("On Tuesday, it said 300 died and 200 ...") dates it too.
    dated = _without_other_clauses(sentence, tok)
    found = _figure_time(dated, lo, hi, lead, pub) or _before_by(tok, pub)
    when = found[0].isoformat() if found else None
    earlier = found is None and _PREVIOUS.search(dated[lo:hi]) is not None
    if earlier:
        notes.append("time: the occasion before the one reported")
    if found:
        # An earlier day is not a restatement by itself ("rose to 23 on Sunday" is news of Sunday): judging
        # compares the figure with what was known at its time.
        notes.append(f"time {when} from {found[1]!r}")
    weekdays = _undated_weekdays(found, lead_weekdays) if undated else ()
    # "Over a million marched at the weekend", in an undated story of Wednesday: the weekend before that day
    weekend = bool(undated and found is None and weekdays and _WEEKEND.search(sentence, lo, hi))
    if weekend:
        notes.append(f"time: the weekend before the {', '.join(weekdays)} the story names")
    if restated == BACKSHIFT and (found is None or pub is None or found[0] >= pub):
        restated = None  # "said it had counted 1.12 million", with no earlier day: today's count, reported
    if restated:
        notes.append(f"restated: {restated}")
    correction, retracted, explained = _flags(sentence, next_sentence, (lo, hi), notes)
    mixed = bool(counted and _MIXED.search(counted) and len(counted.split()) >= 3)
    if mixed:
        notes.append(f"mixed group {counted!r}")
    return Frame(states=states, places=places, sites=sites, scene=scene, time=when, time_words=found[1] if found else None, published=pub.isoformat() if pub else None,
                 undated=undated, weekdays=weekdays, weekend=weekend, earlier=earlier, modality=modality, aggregation=aggregation, mixed=mixed,
                 restated=restated is not None, correction=correction, retracted=retracted, explained=explained,
                 notes=tuple(notes))
