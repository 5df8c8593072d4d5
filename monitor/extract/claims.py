"""Figure claims from a parsed sentence: what the number counts, who asserts it, how hedged.

Rules over spaCy's dependency parse, not over named-entity labels: the counted
noun is the head the number modifies (or the noun of "the number of X"), and the
speaker is the subject of the speech verb that governs the figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .numbers import NumberMention

SPEECH_LEMMAS = {
    "say", "tell", "claim", "estimate", "state", "report", "announce", "add", "warn", "believe", "assert",
    "insist", "confirm", "put", "suggest", "indicate", "write", "note", "reveal", "disclose", "allege",
    "argue", "predict", "assess", "brief", "testify", "post", "tweet", "explain", "acknowledge", "admit",
    "count", "calculate", "record", "register", "show", "find", "conclude", "deny", "dismiss", "accuse",
    "cite", "quote", "know", "think", "expect", "describe", "mention", "declare", "tally", "give",
    "repeat", "reiterate", "maintain", "stress", "emphasise", "emphasize", "reaffirm", "recount",
    "revise", "update", "adjust", "correct",
}
# Verbs that attribute only when their subject is a source, not when it is the counted thing.
_WEAK_SPEECH = {"show", "find", "know", "think", "expect", "give", "record", "register", "count", "put"}
# Nouns that only frame a count: "the number of migrants" counts migrants.
_GENERIC_COUNT = {"number", "size", "total", "tally", "count", "figure", "estimate", "amount", "sum", "level", "scale", "strength", "headcount",
                  "list"}
_COUNT_NOUNS = {
    "number", "size", "total", "toll", "tally", "count", "figure", "estimate", "strength", "amount", "sum",
    "level", "scale", "headcount", "turnout", "death", "casualty", "loss", "losses", "casualties", "deaths", "crowd",
    "crowds", "attendance", "list",
}
_PART_PRONOUNS = {"them", "those", "whom", "these", "which"}
_PART_WORDS = {"including", "among", "include", "includes", "included", "of"}
HEDGES = re.compile(
    r"\b(?:if (?:verified|confirmed|true|accurate)|(?:it(?:'|’)?s|it is|is it) (?:possible|likely|unclear)|possibl[ey]|"
    r"unconfirmed|unverified|alleged(?:ly)?|could(?!\s+not|n[’']t)|might|may|reportedly|rumou?red|purported(?:ly)?|"
    r"not (?:been )?(?:independently )?(?:verified|confirmed)|cannot be verified|probably|perhaps)\b",
    re.I,
)
_NP_RIGHT_KEEP = {"prep", "compound", "pobj", "poss", "case"}
_KEEP_PREPS = {"of", "from", "for", "at", "in"}
# Verbs whose object is itself the report ("estimated the number at", "put the toll at", "reported 58 deaths").
_OBJECT_REPORTING = {
    "estimate", "put", "report", "claim", "count", "record", "register", "tally", "calculate", "give", "cite",
    "confirm", "announce", "reveal", "disclose", "quote", "say", "tell", "state", "allege", "assess", "predict",
    "deny", "dismiss", "reject", "refute", "revise", "update", "raise", "lower", "adjust", "correct",
}
_NOMINAL_ADJ = {
    "displaced", "dead", "injured", "wounded", "killed", "missing", "homeless", "evacuated", "unemployed",
    "infected", "hospitalised", "hospitalized", "arrested", "detained", "affected", "stranded", "sick",
}
_TOLL_VERBS = {"claim", "cost", "take"}
_TOLL_NOUNS = {"life", "lives", "death", "victim", "casualty"}
_MAKE_VERBS = {"make", "issue", "give", "offer", "repeat", "publish", "release"}
_SPEECH_NOUNS = {"claim", "statement", "estimate", "assessment", "remark", "comment", "allegation", "prediction", "forecast"}
_FIRST_PERSON = {"we", "i"}
_ESTIMATE_NOUNS = {"estimate", "figure", "count", "tally", "number", "assessment", "calculation", "forecast", "projection"}
_PRONOUN_SPEAKERS = {"he", "she", "it", "they", "we", "i"}


def hedged(sentence: str) -> bool:
    """True when the sentence hedges its assertion ("if verified", "it's possible", "could")."""
    return HEDGES.search(sentence) is not None


def _text_length(span: Any) -> int:
    """``len(span.text)`` without building the text (``Doc.text`` joins every token on each call)."""
    if hasattr(span, "start_char"):  # a Span
        return span.end_char - span.start_char
    if len(span) == 0:
        return 0
    last = span[-1]
    return last.idx + len(last.text_with_ws)


def _tokens_for(span: Any, start: int, end: int) -> list[Any]:
    # char_span finds the tokens by binary search; a scan would make long lists of figures quadratic.
    found = span.char_span(start, end, alignment_mode="expand") if 0 <= start < end <= _text_length(span) else None
    return list(found) if found is not None else []


MAX_CLIMB = 40  # dependency steps walked up from a figure; real clauses nest far less deep


def _chain(tok: Any) -> Iterator[Any]:
    """The token and its ancestors, nearest first, at most :data:`MAX_CLIMB` of them."""
    yield tok
    for _ in range(MAX_CLIMB - 1):
        if tok.head.i == tok.i:
            return
        tok = tok.head
        yield tok


def _top_number(tok: Any) -> Any:
    # "1.28 million": climb from "1.28" to "million" and on to a bigger number word.
    # "between 300 and 500 soldiers": the second number is a conjunct of the first. The climb is
    # bounded: a list of thousands of figures parses as one long chain of conjuncts.
    for _ in range(4):
        if tok.head.i == tok.i or tok.dep_ not in ("compound", "quantmod", "nummod", "nmod", "amod", "conj") or tok.head.pos_ != "NUM":
            break
        tok = tok.head
    return tok


def _glued_to_number(tok: Any) -> bool:
    """The "M" of "3M subscribers": a letter the tokenizer split from its number."""
    return tok.i > 0 and not tok.doc[tok.i - 1].whitespace_ and tok.doc[tok.i - 1].like_num and len(tok.text) == 1


def noun_phrase(head: Any, exclude: set[int] | None = None, keep_of: bool = True) -> str:
    """The noun with its modifiers, without determiners, numbers or clauses ("North Korean infantry troops")."""
    exclude = exclude or set()
    keep: set[int] = {head.i}
    for child in head.lefts:
        if child.dep_ in ("det", "nummod", "quantmod", "predet", "punct", "cc", "advmod") or child.pos_ == "NUM":
            continue
        if child.i in exclude or _glued_to_number(child):
            continue
        keep.update(t.i for t in child.subtree if t.pos_ != "NUM" and t.i not in exclude)
    if keep_of:
        for child in head.rights:
            # "the toll of 58": the object is the figure itself, nothing of it to keep.
            if child.dep_ == "prep" and child.lower_ in ("of", "from") and any(
                c.dep_ == "pobj" and c.i not in exclude for c in child.children
            ):
                sub = [t for t in child.subtree if t.i not in exclude]
                if any(t.pos_ in ("VERB",) or t.dep_ in ("relcl", "acl") for t in sub):
                    sub = [t for t in sub if t.i <= max(c.i for c in child.children if c.dep_ == "pobj")]
                keep.update(t.i for t in sub if t.pos_ != "NUM")
                break
    doc = head.doc
    lo, hi = min(keep), max(keep)
    words = [doc[i] for i in range(lo, hi + 1) if i in keep or (lo < i < hi and doc[i].dep_ in ("case", "hyph"))]
    while words and words[0].pos_ in ("DET", "ADP", "PUNCT", "CCONJ", "PRON") and words[0].dep_ != "poss":
        words = words[1:]
    while len(words) > 1 and words[-1].pos_ in ("DET", "ADP", "CCONJ", "PUNCT"):
        words = words[:-1]  # "people from the list of [missing]": a preposition left without its object
    text = "".join(t.text_with_ws for t in words).strip(" ,;:")
    return text


def speaker_phrase(noun: Any) -> str:
    """A speaker's noun phrase, without relative clauses and appositions ("European government officials").

    A common noun with a named apposition ("the organisers, the Fair Fares Alliance") gives the name.
    """
    if noun.pos_ == "NOUN":
        named = next((c for c in noun.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if named is not None:
            noun = named
    keep = {noun.i}
    for child in noun.lefts:
        if child.dep_ in ("det", "punct", "predet"):
            continue
        keep.update(t.i for t in child.subtree)
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ in _KEEP_PREPS:
            keep.update(t.i for t in child.subtree if t.dep_ not in ("relcl", "acl", "appos"))
        elif child.dep_ in ("compound", "flat"):
            keep.update(t.i for t in child.subtree)
    doc = noun.doc
    lo, hi = min(keep), max(keep)
    # Stop at a clause opener inside the span ("officials familiar with ... who declined").
    words = []
    for i in range(lo, hi + 1):
        t = doc[i]
        if t.dep_ in ("relcl", "acl") or t.lower_ in ("who", "which", "that") and i > noun.i:
            break
        words.append(t)
    return "".join(t.text_with_ws for t in words).strip(" ,;:\"“”")


def _is_count_word(tok: Any) -> bool:
    return tok.lemma_.lower() in _GENERIC_COUNT or tok.lower_ in ("thousands", "hundreds", "millions", "dozens", "tens")


def counted_noun(num: Any, exclude: set[int]) -> Any | None:
    """The token of the noun a number counts, or ``None`` when the noun is elided."""
    top = _top_number(num)
    doc = top.doc
    nxt = doc[top.i + 1] if top.i + 1 < len(doc) else None
    after = doc[top.i + 2] if top.i + 2 < len(doc) else None
    if nxt is not None and nxt.lower_ in _NOMINAL_ADJ and (after is None or after.pos_ not in ("NOUN", "PROPN")):
        return nxt  # "40,000 displaced need shelter": the adjective stands for the elided noun
    if top.dep_ in ("nummod", "amod", "quantmod", "compound") and top.head.pos_ in ("NOUN", "PROPN") and top.head.i != top.i:
        if any(c.dep_ == "det" and top.i < c.i < top.head.i for c in top.head.children):
            return None  # "the 20,000 another spokesperson had given": a determiner starts another noun phrase
        return top.head
    if top.dep_ == "appos" and top.head.pos_ == "NOUN" and _is_count_word(top.head):
        of = next((c for c in top.head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None) if of is not None else None
        if pobj is not None:
            return pobj  # "the largest number of deaths, 1,293"
    if top.dep_ == "npadvmod" and top.head.lower_ in _NOMINAL_ADJ and top.head.i > top.i:
        return top.head  # "45 more dead and 144 more injured"
    if top.dep_ == "appos" and top.head.pos_ == "NOUN" and top.head.i == top.i - 1 and top.head.dep_ == "conj":
        return top.head  # "deaths have reached 2,946 and injuries 5,674": the verb said once, its noun before
    # "a crowd of 5,000", "a city of 180,000": the noun the number measures.
    if top.dep_ == "pobj" and top.head.lower_ == "of" and top.head.head.pos_ == "NOUN" and not _is_count_word(top.head.head):
        return top.head.head  # also "a net loss of €340 million"
    # "thousands of containers", "tens of thousands of lives"
    node = top
    for _ in range(3):
        of = next((c for c in node.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None:
            break
        pobj = next((c for c in of.children if c.dep_ == "pobj" or (c.dep_ == "pcomp" and c.lower_ in _NOMINAL_ADJ)), None)
        if pobj is None:
            break
        if pobj.pos_ == "NUM" or pobj.lower_ in ("thousands", "hundreds", "millions", "dozens", "tens", "billions"):
            node = pobj
            continue
        if (pobj.pos_ in ("NOUN", "PROPN") or pobj.lower_ in _NOMINAL_ADJ) and pobj.i not in exclude:
            return pobj  # "hundreds of injured"
        break
    # "40,000 displaced", "12 dead": the adjective stands for the elided noun.
    for child in top.children:
        if child.dep_ in ("amod", "acl") and child.i == top.i + 1 and child.lower_ in _NOMINAL_ADJ:
            return child
    if top.i + 1 < len(top.doc) and top.doc[top.i + 1].lower_ in _NOMINAL_ADJ and top.dep_ not in ("nummod",):
        return top.doc[top.i + 1]
    if top.pos_ in ("NOUN",) and top.lower_ not in ("thousands", "hundreds", "millions", "dozens", "tens", "billions", "scores"):
        return top
    return None


def predicate_subject(num: Any) -> tuple[Any | None, bool]:
    """For "the number of X is estimated to be around N" / "estimated the number of X at N": the X.

    Returns the noun and whether it came through a count noun ("number", "size", "toll").
    """
    tok = _top_number(num)
    # "estimated the crowd at around 24,000", "put the toll at 58": the verb's object is what is counted.
    if tok.dep_ == "pobj" and tok.head.lower_ == "at" and tok.head.head.pos_ == "VERB":
        verb = tok.head.head
        if verb.dep_ == "acl" and verb.head.dep_ == "dobj":
            return verb.head, True  # "put the number killed across the region at 5,329"
        if verb.dep_ == "acl" and verb.head.dep_ == "pobj" and verb.head.head.lower_ == "of" \
                and verb.head.head.head.dep_ == "dobj":
            return verb.head, True  # "put the number of people affected in the valley at 300,000"
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None)
        if obj is not None:
            if obj.lemma_.lower() in _GENERIC_COUNT:
                prep = next((c for c in obj.rights if c.dep_ == "prep" and c.lower_ in ("of", "for")), None)
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
                if pobj is not None:
                    return pobj, True
            return obj, True
    for anc in [tok, *tok.ancestors]:
        if anc.pos_ not in ("VERB", "AUX"):
            continue
        for child in anc.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.pos_ in ("NOUN", "PROPN"):
                if child.lemma_.lower() in _COUNT_NOUNS:
                    if child.lemma_.lower() not in _GENERIC_COUNT:
                        return child, True  # "the group's real loss for the year was ...": the loss
                    prep = next((c for c in child.rights if c.dep_ == "prep" and c.lower_ in ("of", "for")), None)
                    pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
                    if pobj is not None and pobj.dep_ == "pcomp":  # "the number of missing"; "of confirmed dead"
                        pobj = next((c for c in pobj.children if c.dep_ in ("oprd", "acomp", "dobj")), pobj)
                    # "a figure of 1.5 million": nothing of its own; "the count for Syria": a scope, not what
                    if pobj is not None and pobj.pos_ != "NUM" and not (prep.lower_ == "for" and pobj.pos_ == "PROPN"):
                        return pobj, True
                    return child, True
        if anc.dep_ in ("ROOT", "ccomp") and anc.lemma_ not in ("be", "estimate", "put", "rise", "reach", "stand", "climb"):
            break
    return None, False


def subject_of(verb: Any) -> Any | None:
    """The nominal subject of a verb, also when the parse hangs it on an auxiliary or a coordinated verb."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        # "A reporter who watched the route, Ivo Lind, estimated": the name, when the parse gives both.
        return next((c for c in subjects if c.pos_ == "PROPN"), subjects[0])
    for c in verb.children:
        if c.dep_ in ("aux", "auxpass"):
            for g in c.children:
                if g.dep_ == "nsubj":
                    return g
    if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        return subject_of(verb.head)
    return None


def _reports_through(verb: Any, child: Any) -> bool:
    """Does ``verb`` report what lies under ``child``? ("said [that ...]" yes; "adds [a dimension]" no)."""
    if child.dep_ in ("ccomp", "parataxis", "xcomp", "advcl", "dep", "conj", "npadvmod", "advmod", "pcomp"):
        return True
    return verb.lemma_ in _OBJECT_REPORTING and child.dep_ in ("dobj", "prep", "attr", "oprd", "nsubjpass", "dative")


def _outer_speaker(verb: Any) -> Any | None:
    """The named subject of a speech verb that governs ``verb`` in the same sentence, if any."""
    for anc in verb.ancestors:
        if anc.pos_ in ("VERB", "AUX") and anc.lemma_ in SPEECH_LEMMAS:
            subj = subject_of(anc)
            if subj is not None and subj.lower_ not in _PRONOUN_SPEAKERS and subj.lower_ not in _FIRST_PERSON:
                return subj
    return None


def governing_speaker(num: Any) -> tuple[Any | None, str]:
    """The speaker token for the figure and how it was found.

    ``how`` is ``subject`` (of a speech verb), ``cited``, ``according``, ``agent``,
    ``pronoun`` (a pronoun subject to resolve against earlier sentences),
    ``passive`` (an estimate with no agent) or ``none``.
    """
    tok = num
    prev = None
    first_person = None
    for anc in _chain(tok):
        via, prev = prev, anc
        if anc.lemma_ in _MAKE_VERBS and any(c.dep_ == "dobj" and c.lemma_.lower() in _SPEECH_NOUNS for c in anc.children):
            subj = subject_of(anc)
            if subj is not None:
                return subj, "pronoun" if subj.lower_ in _PRONOUN_SPEAKERS else "subject"
        if via is not None and anc.lemma_ in SPEECH_LEMMAS and not _reports_through(anc, via):
            continue
        if anc.lemma_ == "say" and anc.head.lower_ == "as" and anc.head.head.lemma_ in ("cite", "quote"):
            obj = next((c for c in anc.head.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj, "cited"
        if anc.lemma_ == "accord":
            continue
        if anc.pos_ == "NOUN" and anc.lemma_.lower() in _ESTIMATE_NOUNS:
            poss = next((c for c in anc.children if c.dep_ == "poss"), None)
            if poss is not None:
                if poss.lower_ in ("our", "my"):
                    return poss, "first_person"
                if poss.lower_ in ("its", "their", "his", "her"):
                    holder = subject_of(anc.head) if anc.head.pos_ in ("VERB", "AUX") else None
                    if holder is None and anc.head.head.pos_ in ("VERB", "AUX"):
                        holder = subject_of(anc.head.head)
                    if holder is not None and holder.lower_ not in _PRONOUN_SPEAKERS:
                        return holder, "subject"
                    return poss, "pronoun"
                return poss, "subject"
        if anc.lemma_ in _TOLL_VERBS and any(
            c.dep_ == "dobj" and (c.lemma_.lower() in _TOLL_NOUNS or any(g.lemma_.lower() in _TOLL_NOUNS for g in c.subtree))
            for c in anc.children
        ):
            continue  # "the war has claimed tens of thousands of lives": a toll, not a speech act
        if anc.pos_ in ("VERB", "AUX") and anc.lemma_ in SPEECH_LEMMAS:
            subj = subject_of(anc)
            agent = next((c for c in anc.children if c.dep_ == "agent"), None)
            if subj is not None:
                if subj.lower_ in _FIRST_PERSON:
                    # '"We have confirmed 42 deaths," the agency's head said': the quote's speaker.
                    first_person = first_person or subj
                    continue
                if subj.lower_ in _PRONOUN_SPEAKERS:
                    # "The envoy said he could not confirm ...": the pronoun's antecedent speaks above it.
                    outer = _outer_speaker(anc)
                    return (outer, "subject") if outer is not None else (subj, "pronoun")
                if anc.lemma_ in _WEAK_SPEECH and subj.pos_ not in ("PROPN",) and subj.lemma_ not in (
                    "official", "government", "ministry", "agency", "report", "estimate", "data", "police"
                ):
                    continue
                return subj, "subject"
            if agent is not None:
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj, "agent"
            if any(c.dep_ == "nsubjpass" for c in anc.children) and anc.lemma_ in ("estimate", "report", "believe", "put", "say", "think"):
                return None, "passive"
    sent = num.sent
    for t in sent:
        if t.lower_ == "according":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is not None:
                return pobj, "according"
    # Quote attribution with the speech verb outside the figure's own clause ('"...," Kirby said').
    root = sent.root
    # "The toll rose to 58, the service said": the speech verb hangs off the main clause.
    for anc in [num, *num.ancestors]:
        for c in anc.children:
            if c.dep_ in ("parataxis", "advcl") and c.lemma_ in SPEECH_LEMMAS and c.lemma_ not in _WEAK_SPEECH and c.i > num.i:
                subj = subject_of(c)
                if subj is not None:
                    return subj, "pronoun" if subj.lower_ in _PRONOUN_SPEAKERS else "subject"
    reports = any(c.dep_ in ("ccomp", "parataxis") for c in root.children)
    if reports and root.lemma_ in SPEECH_LEMMAS and root.lemma_ not in _WEAK_SPEECH:
        subj = subject_of(root)
        if subj is not None and any(t.i == num.i for t in subj.subtree):
            subj = None  # "The company, which employs 11,000 people, said ...": the figure is the narrator's
        if subj is not None and subj.lower_ not in _FIRST_PERSON:
            return subj, "pronoun" if subj.lower_ in _PRONOUN_SPEAKERS else "subject"
    if first_person is not None:
        return first_person, "first_person"
    return None, "none"


def part_whole(num: Any, figures: dict[int, int], own: int) -> int | None:
    """The index of the claim this figure is a part of ("12,000, including 500 officers"), if any.

    ``figures`` maps token index -> claim index for the sentence's figures; ``own`` is this one's.
    """

    def nearest_before(i: int) -> int | None:
        cands = [t for t, c in figures.items() if t < i and c != own]
        return figures[max(cands)] if cands else None

    tok = _top_number(num)
    # "412 people had been injured, 58 of them seriously": a part of the figure before it.
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None and any(g.lower_ in _PART_PRONOUNS for g in of.children):
        return nearest_before(tok.i)
    node = tok.head if tok.dep_ == "nummod" else tok
    for _ in range(6):
        if node.dep_ == "conj":
            node = node.head
            continue
        if node.dep_ == "pobj" and node.head.lower_ in _PART_WORDS and node.head.lower_ != "of":
            prep = node.head
            whole = figures.get(prep.head.i)
            if whole is not None and whole != own:
                return whole
            return nearest_before(prep.i)  # otherwise the nearest figure before "including"
        if node.i == node.head.i:
            break
        node = node.head if node.dep_ in ("nummod", "compound") else node
        if node.dep_ not in ("conj", "pobj"):
            break
    return None


def mention_token(span: Any, m: NumberMention, base: int) -> Any | None:
    """The token that stands for a mention's number (its last number word)."""
    s = getattr(m, "value_start", m.start) - base
    e = getattr(m, "value_end", m.end) - base
    toks = _tokens_for(span, s, e) or _tokens_for(span, m.start - base, m.end - base)
    if not toks:
        return None
    nums = [t for t in toks if t.pos_ == "NUM" or t.like_num or t.lower_ in ("thousands", "hundreds", "millions", "dozens", "dozen", "tens")]
    return (nums or toks)[-1]


CONDITIONAL_WORD = re.compile(r"\b(?:whether|if)\b", re.IGNORECASE)


def hypothetical(num: Any) -> bool:
    """True when the figure sits in a "whether ..." or "if ..." clause ("whether it was 20,000 or 80,000").

    Callers may skip sentences without :data:`CONDITIONAL_WORD`: the climb finds nothing there.
    """
    tok = _top_number(num)
    for anc in _chain(tok):
        if anc.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in anc.children):
            return not asks_what_it_includes(tok, anc)
        if anc.dep_ in ("ROOT", "ccomp") and anc.lemma_ in SPEECH_LEMMAS:
            break
    return False


_INCLUDE = frozenset({"include", "cover", "count", "contain"})


def asks_what_it_includes(tok: Any, verb: Any) -> bool:
    """Whether a whether-clause asks only what a figure it names as known includes ("it is not clear whether
    the 79 injured includes the police"): the figure itself is said, not supposed."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if verb.lemma_ not in _INCLUDE or subject is None:
        return False
    return (subject.i == tok.i or subject.i == tok.head.i) and any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in (*subject.children, *tok.children))

