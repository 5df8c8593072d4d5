"""Deterministic synthetic news corpus for the benchmarks.

``make_corpus(n, seed, match_ratio)`` returns ``(filename, text)`` pairs of
news-style articles (250-700 words) built from the templates and vocabularies
in this file: troop deployments, floods and earthquakes, protests, the economy,
sports, tech products, local politics, and the benchmark's target topic,
"North Korean troops sent to Russia". Every place, person, outlet and quote in
the non-target topics is invented; the target topic names real countries but
its sources are generic roles or invented analysts. No third-party text.

Articles carry what makes figure extraction hard: digits, words, ranges,
hedges ("more than", "up to", "if confirmed"), dates, years, durations,
ordinals, percentages, money, quotes with attribution and pronouns, and page
furniture ("Related: ...", "Read more: ...").

``match_ratio``: when given, exactly ``round(n * match_ratio)`` articles are on
the target topic and the others never mention North Korea or Russia; when
``None``, topics follow a natural mix (about one article in ten on target).

    python bench/corpus.py OUTDIR --n 200 [--seed 0] [--match-ratio 0.05] [--labels]

Pure standard library; 10,000 articles take under two seconds.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

__all__ = ["TARGET_TOPIC", "TOPICS", "make_corpus", "make_labelled_corpus"]

TARGET_TOPIC = "nk_troops"

# Words that must never appear in an article off the target topic.
TARGET_WORDS = ("korea", "russia", "kursk", "moscow", "pyongyang", "kremlin", "seoul")

# --------------------------------------------------------------------------
# Vocabularies (all invented unless stated)
# --------------------------------------------------------------------------

FIRST_M = (
    "Aldo Anton Arne Bruno Casper Dario Elias Emil Felix Goran Hugo Ivan Jonas Kamal Lars Luca Marek "
    "Matteo Milan Nikolai Oskar Pavel Rafael Samir Stefan Tariq Teo Tomas Viktor Yusuf Daniel Kwame "
    "Ravi Mateus Idris Owen"
).split()
FIRST_F = (
    "Ada Alma Anika Beatrix Carla Dora Elena Freya Greta Hana Ines Irina Jana Katrin Lea Lina Maja "
    "Mira Nadia Nora Olga Petra Rosa Sara Selma Tereza Vera Yara Zofia Amara Leila Priya Chiara "
    "Ingrid Sofia"
).split()
LAST = (
    "Albrecht Andersen Baric Berglund Castell Dahl Demir Ekholm Falk Ferrant Halvorsen Horvat Ilic "
    "Jansen Kaspar Keller Kovac Lindqvist Lund Marsh Meyer Navarro Novak Okafor Ortega Petrov "
    "Quist Reinholt Rossi Sandberg Sodan Stanek Tamm Varga Vidal Weber Wolan Zeller Osei Mensah "
    "Haddad Brandt Nyberg Kaur Adeyemi Moreau Sato"
).split()

TOWNS = (
    "Veldmoor Caskin Dunsgate Lirren Tavon Sorbeck Kelmar Brannock Quillon Mereth Rosca Ebbridge "
    "Norvale Pellam Harlow Marovo Tessin Dobrin Varsk Aldmouth Orrin Castleby Fennick Wyeholm "
    "Belcrest Saltmarsh Corran Ostby Redwater Hollin"
).split()
REGIONS = (
    "Upper Teval", "Kessra province", "the Drennan valley", "Harth county", "Lowmarsh",
    "the Sarn delta", "North Calder", "Ostrel province", "the Vell highlands", "Amber coast",
    "West Brenmark", "the Lisk basin",
)
COUNTRIES = (
    ("Estravia", "Estravian"), ("Kordania", "Kordanian"), ("Valmora", "Valmoran"),
    ("Drusia", "Drusian"), ("Orlan", "Orlani"), ("Belmark", "Belmarkian"),
    ("Zarith", "Zarithi"), ("Nordhaven", "Nordhavener"), ("Caspara", "Casparan"),
    ("Tessalia", "Tessalian"), ("Morvania", "Morvanian"), ("Aldria", "Aldrian"),
)
OUTLETS = (
    "Meridian News", "Northline Wire", "The Harbour Post", "Valley Times", "Metro Ledger",
    "Coastline Radio", "The Evening Courier", "Daily Sentinel", "Capital Review", "Press Agency Nord",
)
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = ("January February March April May June July August September October "
          "November December").split()

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORD = ("first second third fourth fifth sixth seventh eighth ninth tenth").split()


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

def _words(n: int) -> str:
    """English words for 0-999,999 (round thousands only above 999)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        t, o = divmod(n, 10)
        return _TENS[t] + ("-" + _ONES[o] if o else "")
    if n < 1000:
        h, r = divmod(n, 100)
        return _ONES[h] + " hundred" + (" and " + _words(r) if r else "")
    th, r = divmod(n, 1000)
    return _words(th) + " thousand" + (" " + _words(r) if r else "")


def _nice(x: float) -> int:
    """Round to two significant figures, the way reporters round estimates."""
    x = max(1, int(round(x)))
    mag = 10 ** max(0, len(str(x)) - 2)
    return max(mag, int(round(x / mag)) * mag)


def _big(n: int) -> str:
    if n >= 1_000_000:
        s = f"{n / 1_000_000:.2f}".rstrip("0").rstrip(".")
        return f"{s} million"
    return f"{n:,}"


APPROX = ("about", "around", "some", "roughly", "an estimated", "approximately")
AT_LEAST = ("more than", "at least", "over", "upwards of")
AT_MOST = ("up to", "as many as", "nearly", "almost", "fewer than")


def fig(rng: random.Random, v: int, *, vague: bool = True, words: bool = True) -> str:
    """Render count ``v`` as it could appear before a noun ("about 3,000" troops)."""
    r = rng.random()
    if r < 0.30:
        return _big(v)
    if r < 0.52:
        return f"{rng.choice(APPROX)} {_big(v)}"
    if r < 0.66:
        return f"{rng.choice(AT_LEAST)} {_big(v)}"
    if r < 0.76:
        return f"{rng.choice(AT_MOST)} {_big(v)}"
    if r < 0.88 and v >= 10:
        lo, hi = _nice(v * rng.uniform(0.55, 0.9)), _nice(v * rng.uniform(1.1, 1.6))
        if lo >= hi:
            hi = lo + max(1, lo // 5)
        shape = rng.randrange(3)
        if shape == 0:
            return f"between {_big(lo)} and {_big(hi)}"
        if shape == 1:
            return f"{_big(lo)} to {_big(hi)}"
        return f"{lo:,}-{hi:,}"
    if words and (v < 100 or (v % 1000 == 0 and v <= 20000) or (v % 100 == 0 and v < 1000)):
        w = _words(v)
        return w if rng.random() < 0.5 else f"{rng.choice(APPROX[:2])} {w}"
    if vague and v >= 2000:
        if v < 4000:
            return rng.choice(("a few thousand", "several thousand", "thousands of"))
        if v < 10000:
            return rng.choice(("several thousand", "thousands of"))
        if v < 100000:
            return "tens of thousands of"
        return "hundreds of thousands of"
    return f"{rng.choice(APPROX)} {_big(v)}"


def fig_n(rng: random.Random, v: int) -> str:
    """Like ``fig`` but usable without a following noun ("put the figure at ...")."""
    return fig(rng, v, vague=False)


def _th(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _pct(rng: random.Random, lo: float, hi: float) -> str:
    x = round(rng.uniform(lo, hi), 1)
    return rng.choice((f"{x}%", f"{x} percent", f"{x} per cent"))


def _money(rng: random.Random, lo: float, hi: float, unit: str = "million") -> str:
    x = rng.uniform(lo, hi)
    s = f"{x:.1f}".rstrip("0").rstrip(".") if x < 10 else str(int(round(x)))
    cur = rng.randrange(4)
    if cur == 0:
        return f"${s} {unit}"
    if cur == 1:
        return f"{s} {unit} euros"
    if cur == 2:
        return f"\u20ac{s}{'m' if unit == 'million' else 'bn'}"
    return f"{s} {unit} crowns"


class _Slots(dict):
    """Format mapping: fixed entities, plus fresh random fillers for generic keys."""

    def __init__(self, rng: random.Random, **kw: str) -> None:
        super().__init__(**kw)
        self.rng = rng
        self.used: set[str] = set()

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key == "weekday":
            return rng.choice(WEEKDAYS)
        if key == "on_day":
            # Stays close to the article's own date (set by _article).
            wd, day, month = self.get("_wd", "Monday"), self.get("_day", "1"), self.get("_month", "May")
            return rng.choice((f"on {wd}", f"on {wd}", f"on {day} {month}", f"on {month} {day}",
                               "earlier this week", f"late on {wd}", "on Friday" if wd != "Friday" else "today"))
        if key == "oldage":
            return str(rng.randint(34, 88))
        if key == "month":
            return rng.choice(MONTHS)
        if key == "year":
            return str(rng.randint(1978, 2017))
        if key == "recent":
            return str(rng.randint(2018, 2024))
        if key == "few":
            return rng.choice(("two", "three", "four", "five", "six"))
        if key == "ordinal":
            return rng.choice(_ORD[1:6])
        if key == "hours":
            return rng.choice(("48 hours", "two hours", "six hours", "24 hours", "three hours"))
        if key == "weeks":
            return rng.choice(("two weeks", "three weeks", "six weeks", "several weeks", "10 days", "four months"))
        if key == "town":
            return rng.choice(TOWNS)
        if key == "pct":
            return _pct(rng, 0.5, 30.0)
        if key == "money":
            return _money(rng, 2, 900)
        if key == "n10":
            return str(rng.randint(2, 40))
        if key == "wn":
            return _words(rng.randint(2, 12))
        raise KeyError(key)


def _fill(rng: random.Random, options, s: _Slots) -> str:
    text = rng.choice(options).format_map(s)
    return text[0].upper() + text[1:]


def _person(rng: random.Random, title: str = "", used: set[str] | None = None,
            female: bool | None = None) -> dict[str, str]:
    if female is None:
        female = rng.random() < 0.5
    first = rng.choice(FIRST_F if female else FIRST_M)
    last = rng.choice(LAST)
    if used is not None:
        while last in used:
            last = rng.choice(LAST)
        used.add(last)
    name = f"{first} {last}"
    return {
        "name": name, "full": f"{title} {name}".strip() if title else name, "last": last,
        "he": "She" if female else "He", "he_l": "she" if female else "he", "his": "her" if female else "his",
        "title": title,
    }


def _bind(s: _Slots, prefix: str, p: dict[str, str]) -> None:
    for k, v in p.items():
        s[f"{prefix}_{k}"] = v


# --------------------------------------------------------------------------
# Page furniture (topic-neutral; never mentions the target words)
# --------------------------------------------------------------------------

FURNITURE = (
    "Advertisement",
    "Sign up for our daily newsletter",
    "Share this article",
    "Read more: The {n10} best walking routes in {town}",
    "Related: {town} council publishes {recent} accounts",
    "Watch: Drone footage shows {town} from above",
    "Read more: {n10} things to know before you travel this summer",
    "Most read: The {n10} restaurants everyone is talking about",
    "Photo: {town} Press Service",
    "Listen to our podcast - new episodes every {weekday}",
)


# --------------------------------------------------------------------------
# Generic paragraphs for hard-news topics. They read s["subject"] (e.g. "the
# deployment") and s["place"], and never mention the target words.
# --------------------------------------------------------------------------

VOX = (
    "I have never seen anything like it, and I have lived here all my life",
    "People here are tired of promises. We want to see something actually change",
    "We will see what happens, but I am not optimistic",
    "Everybody is talking about it, at work, at home, in the cafe",
    "Nobody asked us what we thought, and now we have to live with it",
    "It is hard to know who to believe any more",
)
JOBS = ("teacher", "nurse", "taxi driver", "shop owner", "retired engineer", "student", "farmer",
        "bus driver", "pharmacist", "baker")


def _generic_news(rng: random.Random, s: _Slots) -> list[str]:
    vp = _person(rng, "", s.used)
    cr = _person(rng, rng.choice(("analyst", "political scientist", "economist", "researcher")), s.used)
    ed = _person(rng, "", s.used)
    _bind(s, "vp", vp)
    _bind(s, "cr", cr)
    s.setdefault("authority", "the prime minister's office")
    s.update(vox=rng.choice(VOX), job=rng.choice(JOBS), age=str(rng.randint(19, 81)),
             uni=rng.choice(("the University of Veldmoor", "Caskin Polytechnic", "the Institute for Public Policy",
                             "the Norvale School of Government")),
             pollster=rng.choice(("Opinia", "Civic Pulse", "the Tally Institute", "Norvale Polling")),
             resp=f"{rng.randint(8, 30) * 100:,}")
    return [
        _fill(rng, (
            "\"{vox},\" said {vp_name}, {age}, a {job} from {place}. {vp_he} said most of {vp_his} "
            "neighbours felt the same way.",
            "In {place}, opinions were divided. \"{vox},\" said {vp_name}, a {job}, who asked that {vp_his} "
            "workplace not be named.",
        ), s),
        _fill(rng, (
            "{cr_full} of {uni} said {subject} would be remembered as a turning point. "
            "\"The decisions taken in the next {weeks} will matter more than anything said so far,\" "
            "{cr_he_l} said.",
            "\"There is a lot of noise and very little hard information,\" said {cr_name} of "
            "{uni}. {cr_he} cautioned against reading too much into early figures.",
        ), s),
        _fill(rng, (
            "In a statement released {on_day}, {authority} said it was following {subject} "
            "closely and would comment further \"when the facts are clear\".",
            "The government has not yet commented on {subject}. A spokesperson said a statement would be "
            "issued \"in due course\".",
        ), s),
        _fill(rng, (
            "Videos shared on social media {on_day} appeared to show the scene in {place}. {outlet} could "
            "not independently verify the footage or the figures given by either side.",
            "Figures from different sources could not be independently verified, and officials warned that "
            "early numbers are often revised.",
        ) if s.get("scene", True) else (
            "Not everyone was convinced. Several local business owners said they would wait for the "
            "details before deciding what {subject} meant for them.",
        ), s),
        _fill(rng, (
            "A survey of {resp} people by {pollster}, published {on_day}, found that {pct} were worried about "
            "{subject}, while {pct} said they had not followed it closely.",
            "According to a poll of {resp} adults by {pollster}, {pct} of respondents believe the authorities "
            "have told the public the full story about {subject}.",
        ), s),
        _fill(rng, (
            "Officials are due to meet again on {weekday}. A final decision is not expected before {month}.",
            "The next update is expected {on_day}, officials said, after a meeting of the relevant committee.",
        ), s),
        _fill(rng, (
            "(Reporting by {ed_name}; additional reporting from {town}; editing by the {outlet} desk)",
            "This article has been updated with additional comment.",
            "Additional reporting by {ed_name} in {town}.",
        ), _Slots(rng, ed_name=ed["name"], outlet=s["outlet"])),
    ]


# --------------------------------------------------------------------------
# Topics. Each returns (headline, lede, early paragraphs, late paragraphs, related).
# --------------------------------------------------------------------------

def _nk_troops(rng: random.Random, s: _Slots):
    base = rng.choice((1500, 3000, 8000, 10000, 11000, 12000, 15000))
    sources = [
        ("South Korea's National Intelligence Service", "the spy agency", "It", "Seoul"),
        ("Ukraine's military intelligence agency", "the agency", "It", "Kyiv"),
        ("a senior Pentagon official", "the official", "He", "Pentagon"),
        ("a Western official who spoke on condition of anonymity", "the official", "She", "official"),
        ("NATO officials", "the officials", "They", "NATO"),
        ("South Korea's defence ministry", "the ministry", "It", "Seoul"),
        ("Japan's defence ministry", "the ministry", "It", "Tokyo"),
        ("a European diplomat briefed on intelligence reports", "the diplomat", "He", "diplomat"),
    ]
    rng.shuffle(sources)
    (s1, s1s, s1p, s1h), (s2, s2s, s2p, _), (s3, s3s, s3p, _) = sources[:3]
    an = _person(rng, "", s.used)
    inst = rng.choice(("the Hanbit Institute for Security Studies", "the East Sea Policy Forum",
                       "the Centre for Northeast Asian Affairs", "the Marlow Defence Institute"))
    s.update(s1h=s1h, s1=s1, s1s=s1s, s1p=s1p, s2=s2, s2s=s2s, s2p=s2p, s3=s3, s3s=s3s, s3p=s3p, inst=inst)
    _bind(s, "an", an)
    v2 = _nice(base * rng.choice((0.25, 0.8, 1.0, 1.2, 1.5)))
    s.update(
        f1=fig(rng, base), f1n=fig_n(rng, base), f2=fig(rng, v2), f2n=fig_n(rng, v2),
        fk=fig(rng, fkv := _nice(base * rng.uniform(0.15, 0.5))), fkn=fig_n(rng, fkv),
        fmore=fig(rng, fmv := _nice(base * rng.uniform(1.5, 3))), fmoren=fig_n(rng, fmv),
        army=rng.choice(("1.2 million", "about 1.28 million", "more than a million", "nearly 1.3 million")),
        fo=fig(rng, _nice(rng.uniform(300, 900)), vague=False),
        gen=rng.choice(("three", "several", "a handful of", "five")),
        shells=rng.choice(("millions of", "thousands of containers of", "several million")),
        since=rng.choice(("last year", "the second year of the war", "the summer of 2023")),
        bonus=f"{rng.randint(4, 40) * 100_000:,}",
    )
    head = _fill(rng, (
        "North Korea sends {f1} troops to Russia, says {s1h}",
        "{f1n} North Korean soldiers now in Russia: intelligence",
        "Estimates diverge on size of North Korean force in Russia",
        "North Korean troops head for Kursk front, officials say",
        "How many North Korean soldiers are fighting for Russia?",
    ), s)
    lede = _fill(rng, (
        "{s1} said {on_day} that North Korea had sent {f1} troops to Russia, where they are being "
        "trained for combat and some are expected to be moved to the Kursk region.",
        "North Korea has sent {f1} soldiers to Russia, {s1} said {on_day}, in the latest estimate of a "
        "deployment that neither Pyongyang nor Moscow has acknowledged.",
        "{f1} North Korean troops have arrived in Russia for training, according to {s1}, raising "
        "concern in Kyiv and Washington that they could soon be sent into battle around Kursk.",
    ), s)
    early = [
        _fill(rng, (
            "{s2} said the number was {f2n}, and that the soldiers had been moved in several groups by ship "
            "and by military transport aircraft since {month}.",
            "{s2}, however, gave a figure of {f2n}. {s2p} said the troops had been issued Russian "
            "uniforms and were being taught basic Russian commands.",
            "A different estimate came from {s2}, which said {f2} North Korean soldiers were at training "
            "grounds in the Russian far east.",
        ), s),
        _fill(rng, (
            "\"We see {f1} soldiers in training camps, and we expect them at the front within {weeks},\" "
            "{s1s} said. {s1p} said the numbers were likely to grow.",
            "\"The North Korean troops are being prepared for the Kursk direction,\" said {s3}. "
            "{s3p} said {fkn} of them were already close to the border area.",
            "According to {s3}, {fk} North Korean soldiers have already been moved to the Kursk region, "
            "where Ukrainian forces have held ground since last summer.",
        ), s),
        _fill(rng, (
            "The force includes {fo} officers and {gen} generals, {s1s} told lawmakers in a closed "
            "briefing, according to two people who attended.",
            "Among the troops are {fo} officers, {s2} said, adding that they had been seen at a base "
            "about {n10} kilometres from the front line.",
        ), s),
        _fill(rng, (
            "If confirmed, the deployment would be the first time North Korea has sent ground forces to "
            "a war abroad on this scale. Some analysts said the total could reach {fmoren} by the end of "
            "the year.",
            "Officials cautioned that the figures were estimates. The deployment could grow to {fmore} "
            "troops, {s3} said, if Russia keeps paying for them.",
        ), s),
        _fill(rng, (
            "\"Pyongyang gets hard currency and combat experience, and Moscow gets bodies for the front,\" "
            "said {an_name}, a researcher at {inst}. {an_he} said the soldiers were unlikely to speak "
            "any Russian.",
            "{an_name}, who studies the North Korean military at {inst}, said the troops sent so far were "
            "mostly from special forces units. \"These are not conscripts picked at random,\" {an_he_l} said.",
        ), s),
    ]
    late = [
        _fill(rng, (
            "North Korea has one of the world's largest armed forces, with {army} active troops, "
            "according to South Korean estimates.",
            "The deployment is small compared with North Korea's standing army of {army}, but it would "
            "add a new front to the partnership between the two countries.",
        ), s),
        _fill(rng, (
            "Moscow has dismissed reports of the deployment as propaganda, and North Korean state media "
            "has not mentioned it. The two countries signed a mutual defence pact in June 2024.",
            "The Kremlin declined to comment on the figures {on_day}. Pyongyang has called the reports "
            "groundless.",
        ), s),
        _fill(rng, (
            "Seoul and Washington have accused North Korea of supplying Russia with {shells} artillery "
            "shells and with ballistic missiles since {since}.",
            "Western governments say North Korea has also sent {shells} shells, a claim Pyongyang denies.",
        ), s),
        _fill(rng, (
            "South Korea summoned the Russian ambassador {on_day} and said it would consider all options "
            "in response, including sending weapons to Ukraine.",
            "Ukraine's foreign minister said the presence of North Korean soldiers on Russian soil made "
            "the war \"a matter for the whole of Asia\". He called on partners to respond.",
        ), s),
        _fill(rng, (
            "The reports come {hours} after satellite images showed unusual activity at a port on North "
            "Korea's east coast, the {ordinal} such sighting this autumn.",
            "Officials said the soldiers were flown out in {few} waves over {weeks}, starting in {month}.",
        ), s),
    ]
    s.update(subject="the deployment", place=rng.choice(("Seoul", "Kyiv", "the border region")))
    early += [
        _fill(rng, (
            "{s3} said the North Korean units had been given {weeks} of training in drone warfare and "
            "trench clearing. \"They are learning fast, but they have never fought a modern war,\" "
            "the assessment said.",
            "Photographs released by {s3} appeared to show North Korean soldiers receiving equipment at a "
            "Russian base. {s3p} said at least {few} groups had already passed through the camp.",
        ), s),
        _fill(rng, (
            "Ukrainian officials said their troops near Kursk had intercepted radio traffic in Korean "
            "{on_day}, and that the {ordinal} unit to arrive had been attached to a Russian marine "
            "brigade.",
            "A Ukrainian commander in the Kursk region told {outlet} that his soldiers had not yet fought "
            "North Korean units directly. \"We hear about them every day, but we have not seen them,\" "
            "he said.",
        ), s),
    ]
    late += [
        _fill(rng, (
            "Analysts say Russia has been losing {pct} more soldiers a month than it can recruit, which "
            "may explain why Moscow turned to Pyongyang.",
            "Russia has offered sign-up bonuses of up to {bonus} roubles to its own recruits, according to "
            "regional government announcements, as it tries to avoid a new round of mobilisation.",
        ), s),
    ]
    related = ("Related: What we know about North Korea's role in the war",
               "Read more: Russia and North Korea - a timeline of the partnership")
    return head, lede, early, late, related


def _troops(rng: random.Random, s: _Slots):
    (c1, a1), (c2, a2) = rng.sample(COUNTRIES, 2)
    base = rng.choice((400, 800, 1200, 2000, 3500, 5000, 8000))
    mn = _person(rng, "Defence Minister", s.used)
    op = _person(rng, "opposition leader", s.used)
    gen = _person(rng, "General", s.used)
    s.update(c1=c1, a1=a1, c2=c2, a2=a2, f1=fig(rng, base), f1n=fig_n(rng, base),
             f2=fig(rng, v2 := _nice(base * rng.choice((0.5, 1.0, 1.3, 2.5)))), f2n=fig_n(rng, v2), f1x=_big(base),
             veh=str(rng.randint(12, 140)), army=_big(_nice(rng.uniform(max(15000, base * 6), 250000))),
             months=rng.choice(("six months", "a year", "18 months", "nine months")),
             f3=fig(rng, _nice(base * rng.uniform(0.1, 0.3))), army2=_big(_nice(rng.uniform(8000, 90000))),
             cap=_big(_nice(base * rng.uniform(1.5, 3))))
    _bind(s, "mn", mn)
    _bind(s, "op", op)
    _bind(s, "gen", gen)
    head = _fill(rng, (
        "{c1} to send {f1} troops to {c2} border mission",
        "{a1} deployment to {c2} draws criticism at home",
        "{c1} approves peacekeeping force for {c2}",
        "{a1} soldiers begin arriving in {c2}",
    ), s)
    lede = _fill(rng, (
        "{c1} will send {f1} troops to {c2} as part of a regional peacekeeping mission, {mn_full} said "
        "{on_day}, the country's largest deployment abroad in more than a decade.",
        "The first {a1} soldiers of a {f1x}-strong contingent arrived in {c2} {on_day}, {mn_full} told "
        "reporters, as part of a mission to secure the disputed border region.",
        "{a1} lawmakers voted {on_day} to send {f1} soldiers to neighbouring {c2} for {months}, after a "
        "debate that split the governing coalition. {mn_full} welcomed the result.",
    ), s)
    early = [
        _fill(rng, (
            "\"Our soldiers are going to keep the peace, not to fight,\" {mn_last} said. {mn_he} said "
            "the force would be supported by {veh} armoured vehicles and a field hospital.",
            "{mn_full} said the mission would last {months}. \"We have trained for this for {weeks},\" "
            "{mn_he_l} said, adding that no combat role was planned.",
        ), s),
        _fill(rng, (
            "{op_full} said the real number would be {f2n}, once support staff and "
            "rotations were counted. \"The government is hiding the true size of this mission,\" "
            "{op_he_l} said.",
            "According to {op_name}, the {op_title}, the contingent could grow to {f2} troops within "
            "a year. {op_he} called for a new vote in parliament.",
        ), s),
        _fill(rng, (
            "{gen_full}, who will command the force, told {outlet} that the {ordinal} battalion would "
            "leave {town} by train at the end of {month}.",
            "The troops will be led by {gen_full}. {gen_he} said the {ordinal} rotation would replace the "
            "first group after {months}.",
        ), s),
    ]
    late = [
        _fill(rng, (
            "{c1} has a standing army of about {army}, and has not sent a force this size abroad since "
            "{year}.",
            "The {a1} armed forces number {army} active personnel, according to the defence ministry's "
            "annual report.",
        ), s),
        _fill(rng, (
            "The mission will cost {money} in its first year, the finance ministry said.",
            "Parliament's budget office estimated the cost at {money}, about {pct} of the annual defence "
            "budget.",
        ), s),
        _fill(rng, (
            "{c2} has been in dispute with its northern neighbour over the border area since {year}, and "
            "{few} rounds of talks have failed to settle it.",
            "A ceasefire between the two sides has largely held since {month}, though monitors recorded "
            "{n10} violations last week.",
        ), s),
        _fill(rng, (
            "A poll published {on_day} found that {pct} of {a1} voters supported the deployment.",
            "Support for the mission stood at {pct} in a survey for {outlet}, down from last year.",
        ), s),
    ]
    s.update(subject="the deployment", place=rng.choice(TOWNS))
    early += [
        _fill(rng, (
            "The contingent will include {f3} engineers and medical staff, the defence ministry said, as "
            "well as a company of military police and {n10} helicopters.",
            "Of the soldiers going, {f3} will come from the {ordinal} mechanised brigade, based in "
            "{town}, the ministry said.",
        ), s),
        _fill(rng, (
            "Families gathered at the barracks in {town} to say goodbye. \"He promised to call every "
            "{weekday},\" said the mother of one young corporal.",
            "At the barracks in {town}, soldiers loaded trucks through the night. Many had taken part in "
            "exercises in {c2} in {recent}.",
        ), s),
        _fill(rng, (
            "{c2}'s government welcomed the decision. Its foreign minister said {a1} troops would be "
            "\"guests, not occupiers\", and that {c2}'s own army of {army2} would stay in charge of "
            "the border.",
            "In {c2}, reaction was mixed. Several hundred people protested outside the {a1} embassy, "
            "according to local media.",
        ), s),
    ]
    late += [
        _fill(rng, (
            "The mandate approved by parliament allows no more than {cap} soldiers in {c2} at any time, "
            "and must be renewed after {months}.",
            "Under the law, any increase above {cap} troops requires a new vote.",
        ), s),
    ]
    related = ("Related: Inside the {a1} army's training camp in {town}",
               "Read more: Why the {c2} border dispute matters")
    return head, lede, early, late, related


def _disaster(rng: random.Random, s: _Slots):
    kind = rng.choice(("flood", "earthquake", "storm"))
    toll = rng.choice((6, 9, 14, 23, 31, 47, 58, 85, 120, 240))
    agency = rng.choice(("the national disaster agency", "the civil protection service",
                         "the emergency services ministry", "the regional crisis centre"))
    sp = _person(rng, "spokesperson", s.used)
    gov = _person(rng, "Governor", s.used)
    ngo = _person(rng, "", s.used)
    river = rng.choice(("Ravna", "Teval", "Sarn", "Lisk", "Vell", "Drenna"))
    region = rng.choice(REGIONS)
    s.update(region=region, region_bare=region.removeprefix("the "), agency=agency, river=river, kind=kind,
             toll=str(toll), toll_f=fig(rng, toll, vague=False, words=False),
             disp=fig(rng, _nice(toll * rng.uniform(300, 1200))),
             homes=fig(rng, _nice(toll * rng.uniform(40, 200))),
             resc=fig(rng, _nice(rng.uniform(400, 4000))),
             inj=fig(rng, _nice(toll * rng.uniform(2, 8))),
             missing=str(rng.randint(5, 90)), low=str(max(3, toll // 3)),
             past=str(rng.randint(10, 300)), pop=_big(_nice(rng.uniform(200000, 3500000))),
             ngo_org=rng.choice(("the Red Cross", "Shelter Now", "the Relief Coalition", "Helping Hands")))
    _bind(s, "sp", sp)
    _bind(s, "gov", gov)
    _bind(s, "ngo", ngo)
    if kind == "flood":
        head_opts = ("{river} floods: death toll rises to {toll}", "Floods in {region} kill {toll_f}",
                     "Thousands flee as {river} river bursts its banks")
        lede_opts = ("Flooding along the {river} river has killed {toll_f} people in {region}, {agency} "
                     "said {on_day}, after {few} days of heavy rain sent water through towns and villages.",
                     "The death toll from floods in {region} rose to {toll} {on_day}, according to {agency}, "
                     "as rescuers reached villages cut off since the weekend.")
        cause = ("Forecasters said {n10} centimetres of rain fell in {hours}, more than the region usually "
                 "gets in a month. The {ordinal} dam on the {river} was being watched closely.")
        past = "The last comparable disaster, the {year} floods, killed {past} people."
    elif kind == "earthquake":
        head_opts = ("Earthquake in {region} kills {toll_f}", "Quake toll climbs to {toll} in {region}",
                     "Rescuers search rubble after {region} earthquake")
        lede_opts = ("A magnitude {mag} earthquake struck {region} {on_day}, killing {toll_f} people and "
                     "flattening buildings in the town of {town}, {agency} said.",
                     "The number of people killed by the earthquake in {region} has risen to {toll}, "
                     "{agency} said {on_day}, as rescue teams dug through collapsed homes.")
        s["mag"] = f"{rng.uniform(5.2, 7.6):.1f}"
        cause = ("The quake struck at {clock} at a depth of {n10} kilometres, and {n10} aftershocks "
                 "followed within {hours}.")
        s["clock"] = f"{rng.randint(1, 11)}:{rng.randint(0, 59):02d} a.m."
        past = "It was the strongest quake in the region since {year}, when {past} people died."
    else:
        head_opts = ("Storm leaves {toll_f} dead in {region}", "Storm toll reaches {toll} as clean-up begins",
                     "Winds of 150 km/h batter {region}")
        lede_opts = ("A storm that swept across {region} {on_day} killed {toll_f} people and cut power to "
                     "much of the coast, {agency} said.",
                     "The death toll from the storm that hit {region} rose to {toll} {on_day}, according "
                     "to {agency}.")
        s["gust"] = str(rng.randrange(90, 190, 10))
        cause = "Gusts reached {gust} km/h on the coast, the weather service said, and {n10} ships stayed in port."
        past = "The last storm of this strength, in {year}, killed {past} people."
    head = _fill(rng, head_opts, s)
    lede = _fill(rng, lede_opts, s)
    early = [
        _fill(rng, (
            "\"We expect the number to rise. There are still {missing} people we cannot account for,\" "
            "{sp_name}, a {sp_title} for the agency, told reporters. {sp_he} said {inj} people had "
            "been injured.",
            "{sp_name}, speaking for the agency, said {missing} people were still missing. \"Our teams "
            "are working day and night,\" {sp_he_l} said.",
        ), s),
        _fill(rng, (
            "Some {disp} people have been forced from their homes, according to {ngo_org}, and "
            "{homes} houses were damaged or destroyed.",
            "{ngo_name} of {ngo_org} estimated that {disp} people had been displaced. \"People left with "
            "nothing,\" {ngo_he_l} said.",
        ), s),
        _fill(rng, (
            "{resc} rescue workers, soldiers and volunteers have been deployed, the interior ministry said.",
            "The government said it had sent {resc} rescue workers to the area, along with helicopters "
            "and boats.",
        ), s),
        _fill(rng, (
            "{gov_full} said fewer than {low} people had died in the worst-hit district, a figure "
            "residents disputed. {gov_he} said the authorities were doing \"everything possible\".",
            "\"If the missing are confirmed dead, the toll could double,\" {gov_full} said on local radio.",
            "{gov_full} declared {few} days of mourning and said schools would stay closed until "
            "{weekday}.",
        ), s),
        _fill(rng, (cause,), s),
    ]
    late = [
        _fill(rng, (past,), s),
        _fill(rng, (
            "{region} is home to {pop} people, many of them in small farming villages.",
            "The region, with a population of {pop}, relies heavily on farming and tourism.",
        ), s),
        _fill(rng, (
            "The government has promised {money} in emergency aid. Insurers put the cost of the damage "
            "at {money}.",
            "The finance ministry said it would release {money} from its reserve fund, about {pct} of "
            "what local officials say is needed.",
        ), s),
        _fill(rng, (
            "In {town}, residents shovelled mud from their doorways. \"I have lived here {n10} years and "
            "never seen anything like it,\" said one shopkeeper, aged {oldage}.",
            "\"We lost everything in {hours},\" said {ngo_name}'s neighbour, a retired teacher who spent "
            "the night on her roof.",
        ), s),
    ]
    s.update(subject="the disaster", place=rng.choice(TOWNS))
    early += [
        _fill(rng, (
            "Roads into {town} remained closed {on_day}, and {n10} bridges were reported damaged. Power "
            "was cut to {homes} households at the height of the {kind}.",
            "Helicopters dropped food and water to villages that could only be reached by air. The army "
            "said it had flown {n10} missions in {hours}.",
        ), s),
        _fill(rng, (
            "Doctors at the main hospital in {town} said they had treated {inj} people, most for cuts and "
            "broken bones. \"We have enough beds for now,\" a senior nurse said.",
            "The health ministry warned of the risk of disease and said it had sent {n10} tonnes of "
            "medicine to the region.",
        ), s),
    ]
    late += [
        _fill(rng, (
            "Scientists have warned that events like this are becoming more frequent. Records show {few} "
            "similar disasters in the region since {year}.",
            "An independent review of the region's warning systems, ordered after the {year} disaster, "
            "has not yet been published.",
        ), s),
    ]
    related = ("Related: How to help the victims of the {region_bare} {kind}",
               "Read more: The {n10} deadliest disasters of the past decade")
    return head, lede, early, late, related


def _protest(rng: random.Random, s: _Slots):
    police = rng.choice((3000, 8000, 12000, 15000, 20000, 40000))
    org = _nice(police * rng.choice((1.1, 1.5, 3, 6, 8)))
    cause = rng.choice(("a planned rise in fuel taxes", "changes to the pension age", "cuts to hospital funding",
                        "a new mining project", "rising rents", "a proposed motorway through the park"))
    pc = _person(rng, "police spokesperson", s.used)
    oc = _person(rng, "organiser", s.used)
    mayor = _person(rng, "Mayor", s.used)
    s.update(city=rng.choice(TOWNS), cause=cause, pf=fig(rng, police), pfn=fig_n(rng, police),
             of=fig(rng, org), ofn=fig_n(rng, org), arrests=str(rng.randint(2, 60)),
             officers=_big(_nice(rng.uniform(200, 3000))), group=rng.choice((
                 "the Citizens' Forum", "the Fair Deal Alliance", "the Green Valley Coalition",
                 "the United Workers' Front")),
             clock=f"{rng.randint(9, 12)}{rng.choice(('', ':30'))} a.m.",
             counter=fig(rng, _nice(police * rng.uniform(0.02, 0.1)), vague=False),
             members=_big(_nice(rng.uniform(3000, 400000))), hh=f"{rng.randint(12, 90) * 10} euros")
    _bind(s, "pc", pc)
    _bind(s, "oc", oc)
    _bind(s, "mayor", mayor)
    head = _fill(rng, (
        "Thousands march in {city} against {cause}",
        "Police and organisers disagree on size of {city} protest",
        "{city} protest: {ofn}, say organisers",
        "Protesters fill {city} streets for {ordinal} weekend",
    ), s)
    lede = _fill(rng, (
        "Protesters marched through {city} {on_day} against {cause}, in one of the largest "
        "demonstrations the city has seen in years.",
        "Police said {pf} people joined a march in {city} {on_day} against {cause}, while organisers said "
        "the crowd was far larger.",
    ), s)
    early = [
        _fill(rng, (
            "Police estimated that {pf} people were in the crowd. \"The march was peaceful for most of the day,\" "
            "{pc_name}, a {pc_title}, said.",
            "According to police, {pf} people took part. {pc_name} said the figure was based on aerial "
            "photographs taken at the peak of the march.",
        ), s),
        _fill(rng, (
            "The organisers, {group}, said {of} people had marched. \"The police always count only the "
            "main square,\" said {oc_name}, one of the organisers. {oc_he} said another march was "
            "planned for {weekday}.",
            "{oc_name} of {group} said the turnout was {ofn}. \"Every street in the centre was full for "
            "{hours},\" {oc_he_l} told {outlet}.",
        ), s),
        _fill(rng, (
            "Police said {arrests} people were arrested, most of them for damaging shop windows, and "
            "that {officers} officers had been on duty.",
            "{arrests} people were detained, police said, and {n10} officers suffered minor injuries.",
        ), s),
        _fill(rng, (
            "{mayor_full} said the city would \"listen to every voice\" but that the plans would not "
            "be dropped. {mayor_he} said a public consultation would open in {month}.",
            "\"I understand the anger, but the numbers do not add up any other way,\" {mayor_full} said.",
        ), s),
    ]
    late = [
        _fill(rng, (
            "The proposal would cost the average household {hh} a year, according to a study by "
            "the consumer association, or about {pct} of disposable income.",
            "Supporters of the plan say it would save {money} over {few} years.",
        ), s),
        _fill(rng, (
            "It was the {ordinal} weekend of protests in {city} since {month}. The largest, in {year}, "
            "brought the government down.",
            "Similar protests were held in {town} and {town}, local media reported.",
        ), s),
        _fill(rng, (
            "A poll published {on_day} found that {pct} of voters opposed the plan.",
            "Parliament is due to vote on the measure on {weekday}, {few} weeks before the summer recess.",
        ), s),
    ]
    s.update(subject="the protests", place=s["city"])
    early += [
        _fill(rng, (
            "The march set off from the railway station shortly after {clock} and ended {hours} later "
            "outside parliament. Protesters carried banners reading \"Not in our name\" and \"Enough\".",
            "Crowds gathered in the main square from mid-morning. Many had travelled from {town} and "
            "{town} on buses organised by trade unions.",
        ), s),
        _fill(rng, (
            "A smaller counter-demonstration of {counter} people, according to police, was held on "
            "the other side of the river. There were no reports of clashes.",
            "Trams and buses in the city centre were suspended for most of the afternoon, the transport "
            "company said, affecting {n10} routes.",
        ), s),
        _fill(rng, (
            "{oc_name}, one of the organisers, said they had used mobile phone data and volunteers at every junction "
            "to count the crowd. {oc_he} accused the police of \"counting with one eye closed\".",
            "Police defended their estimate. \"We count the same way every time, whoever is marching,\" "
            "said {pc_name}, a {pc_title}.",
        ), s),
    ]
    late += [
        _fill(rng, (
            "{group} was formed in {recent} and says it has {members} members. It has organised {few} "
            "marches this year.",
            "Unions representing {members} workers have backed the protests and threatened a general "
            "strike in {month}.",
        ), s),
    ]
    related = ("Related: Timeline - a year of protests in {city}",
               "Read more: Who are {group}?")
    return head, lede, early, late, related


def _economy(rng: random.Random, s: _Slots):
    c, a = rng.choice(COUNTRIES)
    fm = _person(rng, "Finance Minister", s.used)
    cb = _person(rng, "central bank governor", s.used)
    ec = _person(rng, "", s.used)
    s.update(c=c, a=a, growth=_pct(rng, -1.5, 4.5), infl=_pct(rng, 1.0, 9.5), unemp=_pct(rng, 3.0, 14.0),
             deficit=_pct(rng, 0.5, 6.0), rate=_pct(rng, 1.0, 8.0),
             budget=_money(rng, 12, 480, "billion"), jobs=fig(rng, _nice(rng.uniform(5000, 120000))),
             bank=rng.choice(("Northbridge Capital", "Harlow & Quist", "Meridian Bank", "Castell Securities")),
             jobs2=fig(rng, _nice(rng.uniform(800, 30000))), homes=fig(rng, _nice(rng.uniform(5000, 150000))),
             year2=str(rng.randint(2027, 2032)))
    _bind(s, "fm", fm)
    _bind(s, "cb", cb)
    _bind(s, "ec", ec)
    k = rng.randrange(4)
    head = _fill(rng, ((
        "{c} unveils {budget} budget as growth slows",
        "{a} inflation eases to {infl}",
        "{c}'s economy grew {growth} last year, statistics office says",
        "{a} central bank holds rates at {rate}",
    )[k],), s)
    lede = _fill(rng, ((
        "{fm_full} presented a budget of {budget} to parliament {on_day}, promising to cut the deficit "
        "to {deficit} of economic output next year.",
        "{a} consumer prices rose {infl} in {month} from a year earlier, the statistics office said "
        "{on_day}, the slowest pace in {few} months.",
        "The {a} economy grew by {growth} last year, official data showed {on_day}, as exports recovered "
        "in the second half.",
        "{c}'s central bank kept its main interest rate at {rate} {on_day}, saying it wanted more evidence "
        "that inflation was under control before cutting.",
    )[k],), s)
    early = [
        _fill(rng, (
            "\"This is a budget for stability,\" {fm_full} told lawmakers. {fm_he} said spending on health "
            "would rise by {pct} and that {money} would go to rail projects.",
            "{fm_full} said the budget would create {jobs} jobs over {few} years, a figure the opposition "
            "called wishful thinking.",
        ), s),
        _fill(rng, (
            "{cb_full} said the bank would keep its main rate at {rate} \"for as long as "
            "needed\". {cb_he} said inflation would return to target by {month}.",
            "The central bank expects inflation of {infl} next year, {cb_name}, its governor, said.",
        ), s),
        _fill(rng, (
            "\"The numbers look better than they are,\" said {ec_name}, chief economist at {bank}. "
            "{ec_he} said household spending had fallen for the {ordinal} quarter in a row.",
            "{ec_name}, an economist at {bank}, estimated that growth would slow to {growth} this year.",
        ), s),
        _fill(rng, (
            "Unemployment stood at {unemp} in {month}, down from {pct} a year earlier.",
            "The jobless rate rose to {unemp}, the highest since {year}.",
        ), s),
    ]
    late = [
        _fill(rng, (
            "Government debt is forecast at {pct} of output by the end of the year.",
            "The country's bonds rallied after the announcement, with the 10-year yield falling to {pct}.",
        ), s),
        _fill(rng, (
            "Parliament will vote on the budget in {month}. The governing coalition holds {n10} more seats "
            "than the opposition.",
            "Trade unions have called a strike for {weekday}, demanding wage rises of at least {pct}.",
        ), s),
        _fill(rng, (
            "Exports, which account for about {pct} of the economy, rose {pct} in the last quarter.",
            "Tourism revenue reached {money} in the first half of the year.",
        ), s),
    ]
    s.update(subject="the budget", place=rng.choice(TOWNS), scene=False)
    early += [
        _fill(rng, (
            "Industrial output fell {pct} in {month}, dragged down by car makers and chemicals, while "
            "retail sales rose {pct}.",
            "Manufacturing, which employs about {pct} of the workforce, shrank for the {ordinal} month "
            "in a row, according to a survey of purchasing managers.",
        ), s),
        _fill(rng, (
            "The {a} currency weakened {pct} against the dollar after the figures were published.",
            "Average wages rose {pct} last year, slightly faster than prices, the statistics office said.",
        ), s),
        _fill(rng, (
            "The business federation welcomed the plan but said taxes on small firms were still too high. "
            "Its president said {jobs2} companies had closed in the past {few} years.",
            "Employers' groups said the budget did too little for exporters, who face higher energy costs "
            "than competitors abroad.",
        ), s),
        _fill(rng, (
            "House prices in the capital rose {pct} over the year, and mortgage lending reached {money} "
            "in the last quarter.",
            "Rents have climbed by {pct} in {few} years, and the government has promised {homes} new "
            "affordable homes by {year2}.",
        ), s),
    ]
    related = ("Related: {c}'s housing market in {wn} charts", "Read more: What the budget means for you")
    return head, lede, early, late, related


def _sports(rng: random.Random, s: _Slots):
    t1, t2 = rng.sample(TOWNS, 2)
    sfx = ("Rovers", "United", "Athletic", "City", "Wanderers", "FC")
    g2 = rng.randint(0, 3)
    g1 = g2 + rng.randint(1, 3)
    coach = _person(rng, "coach", s.used)
    women = rng.random() < 0.3
    p1, p2 = _person(rng, "", s.used, women), _person(rng, "", s.used, women)
    s.update(h=f"{t1} {rng.choice(sfx)}", a=f"{t2} {rng.choice(sfx)}", score=f"{g1}-{g2}",
             att=f"{rng.randint(4, 60) * 1000 + rng.randint(0, 999):,}", m1=str(m1 := rng.randint(3, 44)),
             m1th=_th(m1), m2th=_th(rng.randint(46, 90)), pts=str(rng.randint(10, 70)), games=str(rng.randint(8, 34)),
             pos=rng.choice(("second", "third", "fourth", "fifth", "sixth")),
             fee=_money(rng, 2, 80), cup=rng.choice(("the national cup", "the league cup", "the regional shield")),
             poss=_pct(rng, 38, 71), shots=str(rng.randint(6, 24)), m3th=_th(rng.randint(50, 89)),
             att2=f"{rng.randint(8, 40) * 1000 + rng.randint(0, 999):,}", city=t1,
             left=str(rng.randint(3, 20)), eve=str(rng.randint(7, 10)), tix=str(rng.randint(8, 45)),
             fanq=rng.choice(("We deserved that, we were the better side for an hour",
                              "I have seen worse, but not this season",
                              "If we play like that every week we will go up",
                              "The referee had a shocker, but we move on")))
    s["p1_he_l"] = p1["he"].lower()
    _bind(s, "fan", _person(rng, "", s.used))
    _bind(s, "gk", _person(rng, "", s.used, women))
    _bind(s, "ac", _person(rng, "", s.used))
    _bind(s, "d", _person(rng, "", s.used, women))
    _bind(s, "coach", coach)
    _bind(s, "p1", p1)
    _bind(s, "p2", p2)
    head = _fill(rng, (
        "{h} beat {a} {score} to climb to {pos}", "{p1_last} double sinks {a}",
        "{h} win {score} in front of {att}",
    ), s)
    lede = _fill(rng, (
        "{h} beat {a} {score} {on_day}, with {p1_name} scoring twice in front of a crowd of {att}.",
        "{p1_name} scored in the {m2th} minute as {h} came from behind to beat {a} {score} {on_day}.",
    ), s)
    early = [
        _fill(rng, (
            "{a} had taken the lead in the {m1th} minute through {p2_name}, who ran onto a long ball and "
            "shot low past the goalkeeper.",
            "The first half was goalless until the {m1th} minute, when {p2_name} headed in from a corner.",
        ), s),
        _fill(rng, (
            "\"We were poor for {m1} minutes and then we played like a team,\" {coach_name} said. "
            "{coach_he} said {p1_last} had trained alone for {weeks} after an injury.",
            "\"Three points is three points,\" said {coach_name}, the {h} coach. \"We will enjoy it "
            "until {weekday}.\"",
        ), s),
        _fill(rng, (
            "The win leaves {h} {pos} in the table with {pts} points from {games} games.",
            "{h} are now {pos}, {few} points behind the leaders, with {left} matches left.",
        ), s),
    ]
    late = [
        _fill(rng, (
            "{p1_last}, who joined from {town} in the summer for a reported {fee}, has scored {n10} goals "
            "this season.",
            "The club paid {fee} for {p1_last} in {month}, a record for a player from the {ordinal} division.",
        ), s),
        _fill(rng, (
            "{h} play in {cup} next {weekday}, the {ordinal} round, against {town}.",
            "Both sides return to action in {few} days. {a} have won only {wn} of their last 15 away games.",
        ), s),
        _fill(rng, (
            "The attendance of {att} was the highest at the ground since {year}.",
            "Ticket prices were cut by {pct} for the match, the club said.",
        ), s),
    ]
    early += [
        _fill(rng, (
            "{h} had {poss} of possession and {shots} shots, {few} of them on target. {a} goalkeeper "
            "{gk_name} made a string of saves before half-time.",
            "The visitors defended deep after the break. {gk_name} tipped a {p1_last} free kick onto the "
            "bar in the {m3th} minute.",
        ), s),
        _fill(rng, (
            "\"We gave away two cheap goals and you cannot do that here,\" said {ac_name}, the {a} coach. "
            "{ac_he} said the referee should have awarded a penalty in the first half.",
            "{ac_name}, coach of {a}, refused to blame the referee. \"We lost because we stopped playing,\" "
            "{ac_he_l} said.",
        ), s),
        _fill(rng, (
            "{p2_name} was booked for a late challenge and will miss the next game through suspension. "
            "Defender {d_name} limped off with a hamstring injury on the hour.",
            "Both teams made {few} substitutions. {d_name}, on loan from {town}, made {d_his} debut for {h} "
            "in the last {few} minutes.",
        ), s),
        _fill(rng, (
            "The home fans had chanted against the club's owners before kick-off, angry at ticket prices "
            "and a run of {few} games without a win.",
            "Before the match, a minute's applause was held for a former captain, who died last week "
            "aged {oldage}.",
        ), s),
    ]
    late += [
        _fill(rng, (
            "{h} have now won {few} of their last {n10} league games against {a}, whose last win at this "
            "ground came in {year}.",
            "The two clubs first met in {year}. {a} lead the head-to-head record by {few} wins.",
        ), s),
        _fill(rng, (
            "{coach_name} said {p1_last} would have a scan on {weekday} after feeling a knock late in the "
            "game.",
            "The club said season-ticket sales had reached {att2}, a record.",
        ), s),
    ]
    early += [
        _fill(rng, (
            "{p1_last} has now scored in {few} games in a row. \"I just try to be in the right place. "
            "The team kept giving me the ball,\" {p1_he_l} said afterwards.",
            "Asked about {p1_last}, {coach_name}, the {h} coach, smiled. \"{p1_he} works harder than anyone in training. "
            "Today {p1_he_l} got the reward,\" the coach said.",
        ), s),
        _fill(rng, (
            "Outside the ground, {a} supporters were already talking about the next game. \"{fanq},\" said "
            "{fan_name}, who has had a season ticket for {n10} years.",
            "\"{fanq},\" said {fan_name}, a {h} fan who travelled {n10}0 kilometres for the match.",
        ), s),
        _fill(rng, (
            "The rain that fell for most of the second half made the pitch heavy, and {h} switched to a "
            "back five for the last {few} minutes to protect the lead.",
            "Play was stopped for {few} minutes in the first half after a floodlight failed at one end of "
            "the stadium.",
        ), s),
    ]
    late += [
        _fill(rng, (
            "{h} face {town} away on {weekday} before the international break, then host the league "
            "leaders at the end of {month}.",
            "The league table is tight: only {few} points separate the teams from {pos} to tenth.",
        ), s),
        _fill(rng, (
            "Highlights will be shown on {outlet} at {eve} p.m. on {weekday}.",
            "Tickets for the return fixture in {month} go on sale on {weekday}, with prices starting at "
            "{tix} crowns.",
        ), s),
    ]
    related = ("Read more: Player ratings - who impressed in {h}'s win",
               "Related: The {n10} greatest comebacks in league history")
    return head, lede, early, late, related


def _tech(rng: random.Random, s: _Slots):
    co = rng.choice(("Lumora", "Quanta Devices", "Nexel", "Brightloop", "Corvid Systems", "Halcyon Labs"))
    prod = rng.choice(("Aura 5 phone", "Slate X tablet", "Pulse smartwatch", "Nimbus laptop",
                       "Orbit earbuds", "Vista headset"))
    ceo = _person(rng, "chief executive", s.used)
    an = _person(rng, "", s.used)
    s.update(co=co, prod=prod, price=f"${rng.choice((199, 249, 299, 349, 499, 799, 999, 1299))}",
             batt=str(rng.randint(8, 40)), units=fig(rng, _nice(rng.uniform(200000, 9000000))),
             share=_pct(rng, 4, 35), gb=str(rng.choice((64, 128, 256, 512))),
             firm=rng.choice(("Northgate Research", "Tally Analytics", "Pixel & Quist", "Signalwise")),
             price2=f"\u20ac{rng.choice((149, 229, 279, 329, 449, 749, 949, 1199))}",
             price3=f"\u20ac{rng.choice((399, 529, 649, 899, 1099, 1499))}", gb2=str(rng.choice((256, 512, 1024))),
             sub=f"${rng.choice((4, 6, 9, 12))}.99", rival=rng.choice([r for r in ("Brightloop", "Nexel", "Vantor", "Kestrel") if r != co]),
             units2=fig(rng, _nice(rng.uniform(100000, 5000000))),
             viewers=fig_n(rng, _nice(rng.uniform(200000, 12000000))), city=rng.choice(TOWNS),
             cujob=rng.choice(JOBS), mp=str(rng.choice((12, 24, 48, 50, 64))))
    _bind(s, "cu", _person(rng, "", s.used))
    _bind(s, "ceo", ceo)
    _bind(s, "an", an)
    head = _fill(rng, ("{co} launches {prod} at {price}", "{co}'s new {prod}: first impressions",
                       "{co} bets on {prod} as sales slow"), s)
    lede = _fill(rng, (
        "{co} unveiled its new {prod} {on_day}, priced at {price}, as the company tries to win back "
        "customers after {few} quarters of falling sales.",
        "The {prod}, announced by {co} {on_day}, promises {batt} hours of battery life and will go on sale "
        "in {month} for {price}.",
    ), s)
    early = [
        _fill(rng, (
            "\"This is the product we have been working towards for {weeks},\" {ceo_full} "
            "said at the launch in {town}. {ceo_he} said the device would ship in {n10} countries.",
            "{ceo_name}, {co}'s {ceo_title}, said the company expected to sell {units} units in the first "
            "year.",
        ), s),
        _fill(rng, (
            "{an_name}, an analyst at {firm}, said {co} held {share} of the market, down from {pct} "
            "two years ago. {an_he} said the price was \"ambitious\".",
            "According to {firm}, {co} shipped {units} devices last year.",
        ), s),
        _fill(rng, (
            "The base model comes with {gb} GB of storage and a {mp}-megapixel camera.",
            "It charges to {pct} in {n10} minutes, the company said, and weighs {n10}0 grams.",
        ), s),
    ]
    late = [
        _fill(rng, (
            "{co} shares rose {pct} after the announcement.",
            "{co} reported revenue of {money} for the last quarter, and cut {n10}0 jobs in {month}.",
        ), s),
        _fill(rng, (
            "The company was founded in {town} in {year} and now employs about {n10},000 people.",
            "It is the {ordinal} generation of the device since its debut in {year}.",
        ), s),
    ]
    s["city"] = s.get("city", rng.choice(TOWNS))
    early += [
        _fill(rng, (
            "In our first hands-on test, the {prod} felt light and well made. The screen is bright enough "
            "to read outdoors, and the {mp}-megapixel camera handled low light better than last year's "
            "model.",
            "Early reviews were mostly positive, praising the design and battery life, though several "
            "criticised the price and the lack of a headphone jack.",
        ), s),
        _fill(rng, (
            "In Europe the device will cost {price2}, and a model with {gb2} GB of storage will sell for "
            "{price3}.",
            "{co} will offer a trade-in scheme worth up to {price2} for older devices, and a subscription "
            "plan from {sub} a month.",
        ), s),
        _fill(rng, (
            "Rivals have moved faster. {rival}'s latest model, launched in {month}, sold {units2} units in "
            "its first {weeks}, according to {firm}.",
            "The market for such devices grew {pct} last year, {firm} said, with cheaper brands taking most "
            "of the new customers.",
        ), s),
        _fill(rng, (
            "The company said the {prod} would receive software updates for {few} years, and that "
            "{pct} of its casing was made from recycled aluminium.",
            "Privacy groups questioned a new feature that records voice notes by default. {co} said "
            "recordings never leave the device.",
        ), s),
        _fill(rng, (
            "\"The hardware is excellent, but people are keeping their phones longer,\" said {an_name}, an analyst at {firm}. "
            "\"A launch like this used to mean a sales jump of {pct}. Not any more.\"",
            "{an_name} of {firm} said supply problems with chips could delay shipments to some markets until "
            "{month}.",
        ), s),
    ]
    late += [
        _fill(rng, (
            "The launch event in {city} drew about {n10}0 guests, and was streamed online to what the "
            "company said were {viewers} viewers.",
            "{co} plans to open {few} new stores this year, including one in {town}.",
        ), s),
    ]
    early += [
        _fill(rng, (
            "\"We listened to our customers. They told us they wanted a battery that lasts {batt} hours, "
            "so that is what we built,\" {ceo_full} told the audience. {ceo_he} did not take questions.",
            "{ceo_full} said {co} had spent {money} developing the {prod} over {few} years, and that "
            "{n10}0 engineers had worked on it.",
        ), s),
        _fill(rng, (
            "Pre-orders open on {weekday}. The company said the first shipments would reach stores in "
            "{n10} countries by the end of {month}.",
            "The {prod} comes in {few} colours. A cheaper version, without the {gb} GB option, will follow "
            "in {month}.",
        ), s),
        _fill(rng, (
            "Shoppers at a {co} store in {town} were unconvinced. \"My old one works fine. I am not paying "
            "{price} for a slightly better camera,\" said {cu_name}, a {cujob}.",
            "\"I have bought every model since the {ordinal} one,\" said {cu_name}, who queued for "
            "{hours} at the launch. \"This is the best so far.\"",
        ), s),
    ]
    late += [
        _fill(rng, (
            "{co} faces an investigation by consumer regulators over repair costs, which it says it is "
            "cooperating with. A decision is expected in {month}.",
            "The company's previous model was recalled in {recent} after {n10} reports of overheating "
            "batteries.",
        ), s),
        _fill(rng, (
            "Disclosure: {outlet} received a review unit from {co}. The company had no say in this article.",
            "Prices include sales tax. {co} said prices in other markets would be announced later.",
        ), s),
    ]
    related = ("Read more: The {n10} best gadgets of the year so far", "Related: {co} through the years")
    return head, lede, early, late, related


def _local(rng: random.Random, s: _Slots):
    town = rng.choice(TOWNS)
    mayor = _person(rng, "Mayor", s.used)
    cl = _person(rng, "councillor", s.used)
    res = _person(rng, "", s.used)
    yes = rng.randint(14, 40)
    s.update(city=town, homes=fig(rng, _nice(rng.uniform(80, 3000))), yes=str(yes),
             no=str(rng.randint(3, yes - 1)), turnout=_pct(rng, 22, 71),
             votes=f"{rng.randint(1200, 48000):,}", cost=_money(rng, 3, 140),
             project=rng.choice(("a new tram line", "the harbour redevelopment", "a school building plan",
                                 "a new swimming pool", "the old mill housing scheme")),
             homes2=str(rng.randint(4, 60) * 10), cost2=_money(rng, 2, 90), attend=str(rng.randint(2, 9) * 100),
             jobs=fig(rng, _nice(rng.uniform(50, 1500)), vague=False),
             old=rng.choice(("ring road", "new town hall", "sports centre", "river footbridge")))
    _bind(s, "mayor", mayor)
    _bind(s, "cl", cl)
    _bind(s, "res", res)
    k = rng.randrange(3)
    head = _fill(rng, (("{city} council approves {project}", "{city} votes to build {homes} homes",
                        "Row over cost of {project} in {city}")[k],), s)
    lede = _fill(rng, ((
        "{city} council voted {yes} to {no} {on_day} to approve {project}, which will cost {cost} and "
        "include {homes} new homes.",
        "Councillors in {city} backed {project} {on_day} after a debate that lasted {hours}.",
    )[0 if k == 1 else rng.randrange(2)],), s)
    early = [
        _fill(rng, (
            "\"This is the biggest decision this council will take in a generation,\" {mayor_full} said. "
            "{mayor_he} said work would start in {month}.",
            "{mayor_full} said the scheme would be finished within {few} years, and that {pct} of the "
            "homes would be offered at below-market rents.",
        ), s),
        _fill(rng, (
            "{cl_full}, who voted against, said the true cost was closer to {money}. "
            "\"Nobody has checked these numbers,\" {cl_he_l} said.",
            "Opponents, led by {cl_title} {cl_name}, collected {votes} signatures against the plan.",
        ), s),
        _fill(rng, (
            "\"We have waited {n10} years for this,\" said {res_name}, who has lived in {city} since {year}.",
            "Residents of {town} street said they feared {hours} of traffic every day during construction.",
        ), s),
    ]
    late = [
        _fill(rng, (
            "Turnout at the last local election, in {recent}, was {turnout}, and {mayor_full} won by "
            "{votes} votes.",
            "The council has {n10} members. Elections are due in {month} next year.",
        ), s),
        _fill(rng, (
            "{city} has a population of about {n10},000, and house prices have risen {pct} in {few} years.",
            "The council's annual budget is {money}, of which {pct} goes on social care.",
        ), s),
    ]
    s.update(subject="the plan", place=town, authority="the regional government", scene=False)
    early += [
        _fill(rng, (
            "The plan includes {homes2} affordable flats, a health centre and {n10} hectares of parkland. "
            "Building work is expected to take {few} years.",
            "Under the scheme, the council will borrow {cost2} over {n10} years. The rest of the money "
            "will come from a national grant and private developers.",
        ), s),
        _fill(rng, (
            "More than {attend} residents attended a public meeting on the plan in {month}, many of them "
            "worried about traffic and noise.",
            "The local business association backed the plan, saying it would bring {jobs} jobs to the "
            "town. Shopkeepers on the high street were less sure.",
        ), s),
        _fill(rng, (
            "{cl_full} said the council had made the same promises about the {old} in {year}. \"That "
            "project came in {few} years late and {pct} over budget,\" {cl_he_l} said.",
            "Opposition councillors asked for an independent audit of the costs. The request was rejected "
            "by {yes} votes.",
        ), s),
        _fill(rng, (
            "Environmental groups said the site was home to rare birds and asked for a new survey. "
            "{mayor_full} said a survey had been carried out in {recent}.",
            "A contractor has not yet been chosen. The council said {few} companies had expressed interest.",
        ), s),
    ]
    late += [
        _fill(rng, (
            "{city} last approved a project on this scale in {year}, when it built the {old}.",
            "The council meets again on {weekday}, when it will discuss parking charges and school "
            "transport.",
        ), s),
    ]
    related = ("Related: Have your say on {project}", "Read more: {city} in {wn} numbers")
    return head, lede, early, late, related


TOPICS = {
    TARGET_TOPIC: _nk_troops,
    "troop_deployment": _troops,
    "disaster": _disaster,
    "protest": _protest,
    "economy": _economy,
    "sports": _sports,
    "tech": _tech,
    "local_politics": _local,
}
_OTHER = [t for t in TOPICS if t != TARGET_TOPIC]
_NEWS = {TARGET_TOPIC, "troop_deployment", "disaster", "protest", "economy", "local_politics"}
_NATURAL_TARGET_SHARE = 0.1

DATELINE_NK = ("SEOUL", "KYIV", "WASHINGTON", "BRUSSELS", "TOKYO", "LONDON")


# --------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------

def _nwords(text: str) -> int:
    return len(text.split())


def _article(rng: random.Random, topic: str) -> str:
    outlet = rng.choice(OUTLETS)
    day, month = rng.randint(1, 28), rng.choice(MONTHS)
    s = _Slots(rng, outlet=outlet, _day=str(day), _month=month, _wd=rng.choice(WEEKDAYS))
    head, lede, early, late, related = TOPICS[topic](rng, s)
    rng.shuffle(early)
    rng.shuffle(late)
    closing: list[str] = []
    if topic in _NEWS:
        generic = _generic_news(rng, s)
        credits = generic.pop()
        rng.shuffle(generic)
        # A couple of generic paragraphs among the specific ones, the rest after.
        early = early[:2] + generic[:2] + early[2:]
        late = late + generic[2:]
        if rng.random() < 0.4:
            closing.append(credits)
    city = rng.choice(DATELINE_NK) if topic == TARGET_TOPIC else s.get("city", rng.choice(TOWNS)).upper()
    style = rng.randrange(3)
    if style == 0:
        lede = f"{city}, {day} {month} ({outlet}) - {lede}"
    elif style == 1:
        lede = f"{city.title()} \u2014 {lede}"
    blocks = [head]
    if style == 2:
        blocks.append(f"By {_person(rng, '', s.used)['name']}, {outlet}\n{day} {month}")
    target = rng.randint(250, 700)
    paras = [lede]
    words = _nwords(head) + _nwords(lede)
    for p in early + late:
        if words >= target:
            break
        if words + _nwords(p) > 680:
            continue
        paras.append(p)
        words += _nwords(p)
    paras += closing
    words += sum(_nwords(p) for p in closing)
    # Furniture: 0-3 lines, some inside the body, never the first paragraph.
    n_furn = rng.choice((0, 1, 1, 2, 3))
    pool = list(FURNITURE) + [r for r in related]
    for _ in range(n_furn):
        line = rng.choice(pool).format_map(s)
        if words + _nwords(line) > 700:
            break
        paras.insert(rng.randint(2, len(paras)) if len(paras) > 2 else len(paras), line)
        words += _nwords(line)
    return "\n\n".join(blocks + paras) + "\n"


def _topics_for(n: int, seed: int, match_ratio: float | None) -> list[str]:
    rng = random.Random(f"corpus-topics-{seed}")
    if match_ratio is None:
        return [TARGET_TOPIC if rng.random() < _NATURAL_TARGET_SHARE else rng.choice(_OTHER)
                for _ in range(n)]
    if not 0.0 <= match_ratio <= 1.0:
        raise ValueError("match_ratio must be between 0 and 1")
    k = round(n * match_ratio)
    topics = [TARGET_TOPIC] * k + [_OTHER[i % len(_OTHER)] for i in range(n - k)]
    rng.shuffle(topics)
    return topics


def make_labelled_corpus(n: int, seed: int = 0, match_ratio: float | None = None
                         ) -> list[tuple[str, str, str]]:
    """Like ``make_corpus`` but each item is ``(filename, text, topic)``."""
    out = []
    for i, topic in enumerate(_topics_for(n, seed, match_ratio)):
        rng = random.Random(f"corpus-{seed}-{i}-{topic}")
        out.append((f"article-{i:05d}.txt", _article(rng, topic), topic))
    return out


def make_corpus(n: int, seed: int = 0, match_ratio: float | None = None) -> list[tuple[str, str]]:
    """``n`` deterministic news articles as ``(filename, text)`` pairs.

    With ``match_ratio`` set, exactly ``round(n * match_ratio)`` of them are about
    North Korean troops sent to Russia and none of the others mentions North Korea
    or Russia; with ``None`` the topics follow a natural mix.
    """
    return [(name, text) for name, text, _ in make_labelled_corpus(n, seed, match_ratio)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a synthetic news corpus for the benchmarks.")
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--match-ratio", type=float, default=None)
    ap.add_argument("--labels", action="store_true",
                    help="also write labels.tsv (filename, topic) next to the articles")
    args = ap.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    items = make_labelled_corpus(args.n, args.seed, args.match_ratio)
    for name, text, _ in items:
        (args.outdir / name).write_text(text, encoding="utf-8")
    if args.labels:
        (args.outdir / "labels.tsv").write_text(
            "".join(f"{name}\t{topic}\n" for name, _, topic in items), encoding="utf-8")
    print(f"wrote {len(items)} articles to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
