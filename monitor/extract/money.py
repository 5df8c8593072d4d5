"""What an amount of money measures, read from the parse.

A figure of people counts its noun ("4,000 people"); an amount of money rarely has one: "$5.5 billion" is
a cost, a loss or a budget only by the clause around it. The reading climbs from the amount through the
prepositions and verbs that hold it to the noun it is the value of:

- "a net loss of $340 million": the noun the amount is "of";
- "put wind and storm surge losses at $6.7 billion", "raised its estimate of the damage to $5 billion":
  the verb's object, or what a framing noun ("estimate", "figure", "range") is of;
- "the damage could reach $12 billion", "losses were estimated at $3 billion": the verb's subject;
- "rebuilding the town will cost $2 billion": the cost of rebuilding;
- "$3 billion of that comes from property damage", "$1 billion reflects lost output": what it comes from
  or reflects.

A framing noun with nothing of its own ("lifted the figure to $4 billion") gives ``None``: the caller takes
the amount counted just before, since such a sentence goes on about it.
"""

from __future__ import annotations

from typing import Any

# Nouns that only frame an amount: "an estimate of $8 billion", "a range of $3.5 billion to $7 billion".
FRAMING = frozenset({
    "estimate", "range", "figure", "total", "sum", "amount", "tally", "level", "projection", "forecast",
    "calculation", "assessment", "number", "count", "it", "that", "this",
})
# Words that name the currency or the size of an amount, not what it measures.
MONEY_WORDS = frozenset({
    "million", "billion", "trillion", "thousand", "bn", "m", "euros", "euro", "dollars", "dollar", "pounds", "pound",
    "crowns", "crown", "yen", "yuan", "rubles", "roubles", "francs", "kronor", "krona", "rupees", "usd", "eur", "gbp",
})
# Verbs whose subject an amount is the size of: "losses could reach $12 billion".
_SIZE_VERBS = frozenset({
    "reach", "exceed", "top", "hit", "total", "surpass", "amount", "come", "climb", "rise", "run", "be",
    "stand", "near", "approach", "estimate", "put", "value", "peg", "expect", "project", "tally", "grow",
    "jump", "increase", "balloon", "soar",
})
# Verbs whose object or source an amount-subject is part of: "$3 billion ... comes from property damage".
_SOURCE_VERBS = frozenset({"come", "stem", "result", "reflect", "represent", "cover", "account", "go"})
_NOUNS = ("NOUN", "PROPN")
# Verbs whose object an amount is, by the noun for what they do: "lost $900 million" is a loss.
_VERB_NOUNS = {"lose": "loss", "spend": "spending", "earn": "earnings", "owe": "debt", "pay": "payment",
               "raise": "funds raised", "pledge": "pledge", "donate": "donation", "borrow": "borrowing"}


def _phrase(head: Any) -> str:
    """The noun with its left modifiers and its coordinated nouns: "wind and storm surge losses"."""
    last = head
    for child in head.children:
        if child.dep_ == "conj" and child.pos_ in _NOUNS and child.i > last.i:
            last = child
    start = head.left_edge.i
    words = [t for t in head.doc[start: last.i + 1] if t.pos_ != "NUM" and t.lower_ not in ("$", "€", "£")]
    while words and words[0].pos_ in ("DET", "ADP", "PUNCT", "CCONJ") and words[0].dep_ != "poss":
        words = words[1:]
    return "".join(t.text_with_ws for t in words).strip(" ,;:")


def _of(noun: Any, skip: Any = None) -> Any | None:
    """The noun a framing noun is "of" or "for": "its estimate of the total damage" -> damage."""
    for prep in noun.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for") and (skip is None or prep.i != skip.i):
            pobj = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ in _NOUNS), None)
            if pobj is not None and pobj.lower_ not in FRAMING:
                return pobj
    return None


def _named(noun: Any | None, skip: Any = None) -> Any | None:
    """The noun itself, or what it frames when it only frames an amount (``None`` when nothing)."""
    if noun is None:
        return None
    if noun.lemma_.lower() in FRAMING or noun.lower_ in FRAMING:
        return _of(noun, skip)
    return noun


def _subject(verb: Any, depth: int = 3) -> Any | None:
    """The verb's subject, also through "is likely to reach", "are expected to exceed"."""
    for tok in (verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))):
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubjpass", "csubj"):
                return c
    if depth and verb.dep_ in ("xcomp", "conj", "acomp") and verb.head.i != verb.i:
        return _subject(verb.head, depth - 1)
    return None


def _by_verb(verb: Any, amount: Any) -> tuple[Any | None, str | None]:
    """What an amount held by a verb measures: its object, else its subject; a cost is the cost of its subject."""
    if verb.lemma_.lower() == "cost":
        subj = _subject(verb)  # "rebuilding the town will cost": the rebuilding cost
        return verb, f"{subj.lower_} cost" if subj is not None and subj.pos_ in ("VERB", *_NOUNS) else "cost"
    if verb.lemma_.lower() in _VERB_NOUNS and amount.dep_ == "dobj" and amount.head.i == verb.i:
        return verb, _VERB_NOUNS[verb.lemma_.lower()]  # "the company had lost about 900 million euros": a loss
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i != amount.i and c.pos_ in _NOUNS), None)
    if obj is not None:
        named = _named(obj)
        return (named, _phrase(named)) if named is not None else (None, None)
    if verb.lemma_.lower() in _SIZE_VERBS:
        subj = _named(_subject(verb))
        if subj is not None and subj.pos_ in _NOUNS:
            return subj, _phrase(subj)
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _by_verb(verb.head, amount)  # "put losses from the fires ... at": a noun the parse took for a verb
    return None, None


def money_measure(num: Any) -> tuple[Any | None, str | None]:
    """The noun token an amount of money is the value of and its phrase; ``(None, None)`` when the clause
    names nothing but a framing noun, or the parse holds the amount in no way read here."""
    node = num
    while node.dep_ in ("compound", "quantmod", "nummod", "conj") and node.head.pos_ == "NUM" and node.head.i != node.i:
        node = node.head  # "$5.5" -> "billion"; "between $8 billion and $14 billion": on to the first
    for prep in node.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "of", "for"):
            pobj = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
            if pobj is not None and pobj.lower_ not in FRAMING:
                return pobj, _phrase(pobj)  # "$5 billion in damage", "$2 million of aid"
    for _ in range(4):
        if node.head.i == node.i:
            return None, None
        if node.dep_ in ("compound", "quantmod", "nummod") and node.head.pos_ == "NUM":
            node = node.head  # "$5.5" -> "billion"
            continue
        holder = node.head
        if holder.lower_ == "worth" and holder.head.pos_ in _NOUNS:
            return holder.head, _phrase(holder.head)  # "insured property worth $2.5 billion"
        if node.dep_ in ("pobj", "amod", "advmod") and holder.dep_ == "prep" or node.dep_ == "pobj":
            prep = holder if holder.dep_ == "prep" else node.head
            owner = prep.head
            if owner.pos_ in _NOUNS:
                if owner.lemma_.lower() in FRAMING:
                    framed = _of(owner, skip=prep)
                    if framed is not None:
                        return framed, _phrase(framed)
                    node = owner  # "in a range of $3.5 billion": on to what holds the range
                    continue
                return owner, _phrase(owner)  # "a net loss of $340 million"
            if owner.pos_ in ("ADJ", "ADV"):
                node = owner  # "at close to $6.4 billion", "up to $8 billion"
                continue
            if owner.pos_ in ("VERB", "AUX"):
                return _by_verb(owner, node)
            return None, None
        if node.dep_ in ("nummod", "compound", "amod", "quantmod") and holder.lower_ in MONEY_WORDS:
            node = holder  # "5 million euros": on from the currency
            continue
        if node.dep_ in ("nummod", "compound", "amod", "quantmod") and holder.pos_ in _NOUNS:
            named = _named(holder)  # "a $300 million loan"
            return (named, _phrase(named)) if named is not None else (None, None)
        if node.dep_ in ("dobj", "attr", "oprd") and holder.pos_ in ("VERB", "AUX"):
            return _by_verb(holder, node)
        if node.dep_ in ("nsubj", "nsubjpass") and holder.lemma_.lower() in _SOURCE_VERBS:
            for c in holder.children:
                if c.dep_ == "dobj" and c.pos_ in _NOUNS:
                    return c, _phrase(c)  # "$1 billion reflects lost output"
                if c.dep_ == "prep" and c.lower_ in ("from", "for", "to"):
                    pobj = next((g for g in c.children if g.dep_ == "pobj" and g.pos_ in _NOUNS), None)
                    if pobj is not None:
                        return pobj, _phrase(pobj)  # "$3 billion of that comes from property damage"
        return None, None
    return None, None
