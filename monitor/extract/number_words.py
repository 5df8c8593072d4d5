"""Word tables for :mod:`monitor.extract.numbers`.

Only data lives here (lower-case keys); the grammar that combines the words is in
``number_lexer.py``. Every table is a plain dict or frozenset so look-ups stay O(1).
"""

from __future__ import annotations

UNITS = {
    "zero": 0, "nought": 0, "naught": 0, "nil": 0,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
# Word scales above a hundred. "lakh"/"crore" are the South Asian 1e5 / 1e7.
SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "crore": 1e7, "crores": 1e7,
}
HUNDRED = frozenset({"hundred"})
DOZEN = frozenset({"dozen", "dozens", "dz", "dzs", "doz", "dozs"})

# Ordinal words -> (value, plural). Plurals only make sense as fraction denominators.
_ORD_BASE = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1e3,
    "millionth": 1e6, "billionth": 1e9, "trillionth": 1e12,
}
ORDINALS: dict[str, tuple[float, bool]] = {}
for _w, _v in _ORD_BASE.items():
    ORDINALS[_w] = (_v, False)
    ORDINALS[_w + "s"] = (_v, True)
ORDINALS.update({"half": (2, False), "halves": (2, True),
                 "quarter": (4, False), "quarters": (4, True)})
# "first"/"second" are never denominators on their own ("one second" is a duration).
NOT_DENOMINATORS = frozenset({"first", "firsts", "second", "seconds"})
# Denominators that attach to the part after the last "and": "one hundred and three
# quarters" is 100.75, "two hundred and fifty-four hundredths" is 200.54.
AND_DENOMINATORS = frozenset({"half", "halves", "quarter", "quarters", "tenth", "tenths",
                              "hundredth", "hundredths", "thousandth", "thousandths"})

NUMBER_WORDS = frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS) | frozenset(SCALES) \
    | HUNDRED | DOZEN | frozenset(ORDINALS)

# Multipliers written after digits. Glued ("12k", "$3.5bn") or spaced ("2.33 k").
GLUED_MULT = {
    "k": 1e3, "K": 1e3, "thousand": 1e3,
    "M": 1e6, "MM": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "mio": 1e6,
    "G": 1e9, "bn": 1e9, "bln": 1e9, "B": 1e9, "T": 1e12, "tn": 1e12, "trn": 1e12, "tln": 1e12,
}
SPACED_MULT = {
    "k": 1e3, "K": 1e3, "M": 1e6, "MM": 1e6, "mn": 1e6, "mln": 1e6, "G": 1e9,
    "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12, "tln": 1e12,
}
# Ambiguous with units: "1.2m people" / "$3m" (million) vs "a 2m wall" (metres);
# "$3.5b" (billion) vs "1500b" (bits). Read as multipliers only with a currency or a decimal.
AMBIGUOUS_MULT = {"m": 1e6, "b": 1e9}

# Words after "<n>m" that make it metres, not millions ("a 100m sprint", "2m tall").
METRE_CONTEXT = frozenset({
    "tall", "long", "high", "wide", "deep", "thick", "away", "apart", "above", "below", "under",
    "from", "in", "of", "off", "up", "down", "along", "across", "sprint", "race", "run", "dash",
    "hurdles", "freestyle", "butterfly", "backstroke", "breaststroke", "relay", "wall", "fence",
    "drop", "fall", "waves", "wave", "is", "isn't", "was", "wasn't", "are", "were", "and", "or",
    "to", "by", "at", "x", "square", "cubic", "radius", "diameter", "depth", "height", "length",
    "mark", "line", "zone", "range", "higher", "lower", "deeper", "further", "farther",
})
CURRENCY_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₽": "RUB",
                    "₩": "KRW", "₴": "UAH", "₺": "TRY", "₪": "ILS"}
CURRENCY_CODES = {"usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "cny": "CNY",
                  "rmb": "CNY", "inr": "INR", "rub": "RUB", "chf": "CHF", "uah": "UAH",
                  "krw": "KRW", "sek": "SEK", "rs": "INR"}
CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
                  "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR",
                  "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
                  "hryvnia": "UAH", "hryvnias": "UAH", "sterling": "GBP", "won": "KRW"}
PERCENT_WORDS = frozenset({"percent", "pct"})

TIME_UNITS = frozenset({
    "year", "years", "yr", "yrs", "month", "months", "week", "weeks", "day", "days",
    "hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins", "second", "seconds",
    "sec", "secs", "decade", "decades", "century", "centuries", "fortnight", "fortnights",
    "night", "nights", "millennium", "millennia",
})
MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
})
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                      "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
                      "sat", "sun"})
# Words before a 4-digit number that make it a year ("in 2022", "of 2024").
YEAR_PREPS = frozenset({
    "in", "of", "since", "by", "until", "till", "from", "before", "after", "during",
    "through", "early", "late", "mid", "year", "summer", "winter", "spring", "autumn", "fall",
    "circa", "c", "ca", "fiscal", "fy", "election", "end", "start", "beginning", "around",
})
AGE_WORDS = frozenset({"aged", "age", "ages"})

# Hedges before a number, as lower-case token tuples -> qualifier.
PREFIX_HEDGES: dict[tuple[str, ...], str] = {}


def _add(qualifier: str, *phrases: str) -> None:
    for p in phrases:
        PREFIX_HEDGES[tuple(p.split())] = qualifier


_add("approx", "around", "about", "some", "roughly", "approximately", "approx", "circa", "ca",
     "an estimated", "estimated", "close to", "more or less", "in the region of",
     "on the order of", "of the order of", "somewhere around", "somewhere near",
     "give or take", "an approximate", "~", "≈", "c .", "ca .", "approx .", "around about")
_add("at_least", "more than", "more then", "over", "at least", "upwards of", "passed", "pass", "passes", "passing",
     "in excess of", "north of", "greater than", "larger than", "bigger than", "higher than",
     "above", "exceeding", "exceeds", "exceeded", "exceed", "surpassing", "surpass",
     "surpassed", "surpasses", "topped", "topping", "tops", "no less than", "no fewer than",
     "not less than", "not fewer than", "a minimum of", "at minimum", "well over",
     "just over", "well above", "just above", "some more than", ">", "> =", ">=", "≥",
     "bigger or equal than", "higher or equal than", "greater or equal than",
     "larger or equal than", "more or equal than", "greater than or equal to",
     "more than or equal to", "larger than or equal to", "bigger than or equal to",
     "higher than or equal to", "at least or equal to", "equal to or more than",
     "equal to or greater than", "equal to or higher than", "equal to or larger than",
     "over and above", "at the very least")
_add("at_most", "up to", "as many as", "as much as", "almost", "nearly", "fewer than",
     "less than", "under", "no more than", "below", "at most", "not more than", "just under",
     "just shy of", "shy of", "short of", "just short of", "smaller than", "lower than",
     "a maximum of", "at the most", "no greater than", "not exceeding", "barely",
     "well under", "well below", "just below", "<", "< =", "<=", "≤",
     "smaller or equal than", "less or equal than", "lower or equal than",
     "fewer or equal than", "less than or equal to", "smaller than or equal to",
     "fewer than or equal to", "lower than or equal to", "equal to or less than",
     "equal to or smaller than", "equal to or fewer than", "equal to or lower than",
     "no higher than", "no larger than", "no bigger than", "not above", "up to a maximum of")
_add("exact", "equal to", "equals", "equals to", "equaling to", "equalling", "equaling",
     "equal", "exactly", "precisely", "=")
HEDGE_MAX_LEN = max(len(k) for k in PREFIX_HEDGES)

# After a number: "500 or more", "20-odd", "a thousand or so".
SUFFIX_HEDGES: dict[tuple[str, ...], str] = {
    ("or", "more"): "at_least", ("and", "more"): "at_least", ("or", "greater"): "at_least",
    ("or", "higher"): "at_least", ("or", "above"): "at_least", ("or", "over"): "at_least",
    ("plus",): "at_least", ("-", "plus"): "at_least", ("+",): "at_least",
    ("or", "less"): "at_most", ("or", "fewer"): "at_most", ("or", "below"): "at_most",
    ("or", "lower"): "at_most", ("or", "under"): "at_most", ("and", "less"): "at_most",
    ("or", "so"): "approx", ("-", "odd"): "approx", ("odd",): "approx",
    ("or", "thereabouts"): "approx", ("-", "ish"): "approx", ("ish",): "approx",
}

# "about" after these is a preposition ("we know about 10,000 soldiers"), not a hedge.
ABOUT_VERBS = frozenset({
    "know", "knew", "known", "knows", "knowing", "talk", "talks", "talked", "talking",
    "care", "cares", "cared", "caring", "worried", "worry", "worries", "worrying", "asked",
    "ask", "asks", "asking", "report", "reports", "reported", "reporting", "think",
    "thinking", "thinks", "thought", "speak", "speaks", "spoke", "speaking", "spoken",
    "learn", "learned", "learnt", "hear", "heard", "hearing", "tell", "told", "telling",
    "tells", "read", "write", "wrote", "writing", "written", "question", "questions",
    "questioned", "concern", "concerns", "concerned", "information", "news", "story",
    "stories", "claim", "claims", "details", "nothing", "something", "anything", "lie",
    "lied", "lying", "joke", "joked", "complain", "complained", "argue", "argued",
    "debate", "debated", "warn", "warned", "warning", "warnings", "briefed", "brief",
    "intelligence", "data", "figures", "rumours", "rumors", "aware", "unaware", "sure",
    "unsure", "wondered", "wonder", "doubts",
    "doubt", "remarks", "comments", "commented", "inquired", "enquired", "chat", "chatted",
    "confused", "clear", "informed", "inform", "upset", "angry", "happy", "excited",
})
# Before "from X to Y": a change between two figures, not a range.
CHANGE_VERBS = frozenset({
    "rose", "rise", "rises", "rising", "risen", "fell", "fall", "falls", "falling", "fallen",
    "increased", "increase", "increases", "increasing", "decreased", "decrease", "decreases",
    "decreasing", "grew", "grow", "grows", "growing", "grown", "climbed", "climb", "climbs",
    "climbing", "dropped", "drop", "drops", "dropping", "jumped", "jump", "jumps", "jumping",
    "reduced", "reduce", "reduces", "reducing", "cut", "cuts", "cutting", "raised", "raise",
    "raises", "raising", "lowered", "lower", "lowers", "lowering", "revised", "revise",
    "changed", "change", "changes", "went", "go", "goes", "going", "gone", "moved", "move",
    "soared", "soar", "plunged", "plunge", "slipped", "slip", "surged", "surge", "doubled",
    "tripled", "swelled", "shrank", "shrunk", "slashed", "boosted", "expanded", "upped",
    "declined", "decline", "declines", "up", "down",
})
# Words before a number that make it part of a name ("Boeing 737", "Article 5").
NAME_PREFIXES = frozenset({
    "s&p", "ftse", "nikkei", "dax", "cac", "boeing", "airbus", "windows", "iphone", "galaxy",
    "apollo", "voyager", "formula", "article", "section", "chapter", "resolution", "route",
    "highway", "flight", "model", "type", "level", "category", "grade", "stage", "phase",
    "version", "vol", "volume", "no", "channel", "room", "gate", "terminal", "platform",
    "track", "episode", "season", "series", "covid", "g", "f", "su", "mig", "tu", "t", "kh",
    "mi", "ka", "an", "il", "bmp", "btr", "m", "ah", "sa", "s", "a", "b", "c", "scp",
    "agenda", "vision", "industry", "web", "pixel", "playstation", "xbox", "mark", "mk",
})
# Words that end a phrase in which "one" is a pronoun ("that one", "the one you").
ONE_PRONOUN_BEFORE = frozenset({
    "that", "this", "which", "the", "each", "any", "every", "no", "another", "a", "an",
    "only", "other", "little", "big", "new", "old", "right", "wrong", "last", "first",
    "next", "same", "such", "some", "someone", "whichever", "what", "good", "bad",
})
ONE_PRONOUN_AFTER = frozenset({"another", "anothers", "'s", "’s"})

# Vague amounts -> (low, high). Table documented in numbers.py.
VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999),
    "millions": (2e6, 9.99e6), "billions": (2e9, 9.99e9), "trillions": (2e12, 9.99e12),
    "tens of thousands": (1e4, 99999), "hundreds of thousands": (1e5, 999999),
    "tens of millions": (1e7, 9.99e7), "hundreds of millions": (1e8, 9.99e8),
    "tens of billions": (1e10, 9.99e10), "hundreds of billions": (1e11, 9.99e11),
    "a few hundred": (200, 500), "several hundred": (200, 999), "many hundreds": (200, 999),
    "a few thousand": (2000, 5000), "several thousand": (2000, 9999),
    "many thousands": (2000, 9999), "a few million": (2e6, 5e6), "several million": (2e6, 9.99e6),
    "a few billion": (2e9, 5e9), "several billion": (2e9, 9.99e9),
    "a few dozen": (24, 60), "several dozen": (24, 99), "a couple of dozen": (24, 24),
    "a couple of hundred": (200, 200), "a couple hundred": (200, 200),
    "a couple of thousand": (2000, 2000), "a couple thousand": (2000, 2000),
    "a handful": (3, 5), "a few": (2, 5), "several": (3, 9), "a couple of": (2, 2),
    "low hundreds": (100, 399), "mid hundreds": (400, 699), "high hundreds": (700, 999),
    "low thousands": (1000, 3999), "mid thousands": (4000, 6999), "high thousands": (7000, 9999),
    "low tens of thousands": (1e4, 39999), "high tens of thousands": (70000, 99999),
    "low millions": (1e6, 3.99e6), "high millions": (7e6, 9.99e6),
}
