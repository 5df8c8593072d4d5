"""Claim frames read from the parse: state, place, time, modality, aggregation, restatement.

Every sentence here is invented for the test, in the shapes news reports take.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from monitor.extract import Extractor
from monitor.extract.frames import config_states, find_time, state_of
from monitor.records import Document

PUBLISHED = datetime(2031, 3, 13, 12, tzinfo=UTC)  # a Thursday


@pytest.fixture(scope="module")
def extractor(nlp):
    return Extractor(nlp)


def frame(extractor, text: str, figure: str):
    claims, _ = extractor.extract(Document(uri="t.txt", text=text, published=PUBLISHED))
    hits = [c for c in claims if c.text == figure]
    assert hits, f"{figure!r} not found in {[c.text for c in claims]}"
    return hits[0].frame


@pytest.mark.parametrize(
    ("text", "figure", "states"),
    [
        ("At least 140 of the marines have been killed, the ministry said.", "At least 140", ("killed",)),
        ("Rebels took three of them prisoner near the bridge.", "three", ("captured",)),
        ("Around 610 were killed or wounded, officials said.", "Around 610", ("killed", "injured")),
        ("The death toll in Varna rose to 2,310, the health minister said.", "2,310", ("killed",)),
        ("More than 8,000 people remain missing, according to the aid group.", "More than 8,000", ("missing",)),
        ("The number of missing stood at 7,020, the relief agency said.", "7,020", ("missing",)),
        ("Some 52,000 residents have been displaced by the water.", "Some 52,000", ("displaced",)),
        # what befell the counted, past its auxiliaries, outranks what their noun is
        ("The coroner said 61 victims had been identified.", "61", ("identified",)),
        # "described as missing", "listed as dead": the state the counted are put in
        ("The list fell to 31, down from 66 people described as missing last week.", "66", ("missing",)),
        # the cause of a toll is not what befell the counted
        ("The confirmed death toll from the collapse rose to 47, officials said.", "47", ("killed",)),
        ("The blaze destroyed 1,400 homes overnight.", "1,400", ("destroyed",)),
        ("Organisers said 640,000 people marched through the capital.", "640,000", ("present",)),
        ("Police arrested 212 demonstrators after the rally.", "212", ("arrested",)),
        ("Rescuers pulled 31 survivors from the rubble.", "31", ("rescued",)),
        # the subject the parse took for the object of "said" still takes the clause after it
        ("The sheriff said more than 90 residents of the county, which includes Orlo, were either still missing "
         "or stranded as of last Friday.", "more than 90", ("missing", "trapped")),
        # "hit by" a disaster: buildings damaged, people affected; "hit" of anything else says nothing
        ("More than 300 structures in Orlo had been hit by the flames, the county said.", "More than 300",
         ("damaged",)),
        ("Some 80,000 people were hit by the floods.", "Some 80,000", ("affected",)),
        ("A stray ball hit 40 spectators.", "40", ()),
        # the whole "out of" which a part is counted is not in the part's state; "caught up in" is affected
        ("Some 20 remain missing out of the 85 workers caught up in the blast.", "85", ("affected",)),
        ("Some 20 remain missing out of the 85 workers caught up in the blast.", "Some 20", ("missing",)),
        ("There were 96 casualties in the collapse.", "96", ("killed", "injured")),
        ("The storm has claimed 77 lives across the coast.", "77", ("killed",)),
        ("The regiment has 9,000 soldiers.", "9,000", ()),
        # each figure of a list is what its own word says, whatever its neighbours are
        ("Flooding left 14 people dead and 230 injured in Kessel.", "14", ("killed",)),
        ("Flooding left 14 people dead and 230 injured in Kessel.", "230", ("injured",)),
        ("Kessel has so far counted 3,432 dead and more than 21,000 injured.", "3,432", ("killed",)),
        ("The storm left 12 dead or missing, the mayor said.", "12", ("killed", "missing")),
        ("He said 1,700 people had died, 3,400 were injured and 300 were missing.", "3,400", ("injured",)),
        # where they were taken says what befell them; "treated" only of people, in the passive
        ("The agency said 72 people were taken to hospital by 10pm.", "72", ("injured",)),
        ("Fifty-seven men and 24 women were treated, the agency said.", "24", ("injured",)),
        ("Crews treated 40 trees with fungicide.", "40", ()),
        # who they are is not what befell them
        ("The minister said 2,500 rescue workers had been sent to the valley.", "2,500", ()),
        ("Any arrests would add to the 19 protesters already arrested on Sunday.", "19", ("arrested",)),
        # a semicolon ends the figure's clause; a noun that only looks like a state is none
        ("The count had put the toll at 812; by then 90 people had been rescued.", "812", ("killed",)),
        ("Police said 40,000 people marched, a level not seen in the city for years.", "40,000", ("present",)),
    ],
)
def test_the_state_of_what_is_counted(extractor, text, figure, states):
    assert frame(extractor, text, figure).states == states


@pytest.mark.parametrize(
    ("text", "figure", "places"),
    [
        ("In Varna, officials said 300 people died.", "300", ("Varna",)),
        ("Police said 14 people died in the village of Orlo, while 160 died elsewhere in the province.", "14", ("Orlo",)),
        ("Police said 14 people died in the village of Orlo, while 160 died elsewhere in the province.", "160",
         ("elsewhere",)),
        ("The province recorded 120 deaths outside Varna, the ministry said.", "120", ("outside Varna",)),
        # outside a building is at it, not beyond it
        ("Police arrested 31 people outside the Varna Assembly on Monday.", "31", ("Varna Assembly",)),
        ("The regiment has 9,000 soldiers.", "9,000", ()),
        # each figure of a list keeps its own place, whatever the parse hangs where
        ("The toll is 2 862, including 1 452 in Kell, 764 in Dunmore, 202 in Lisk and 18 in Orsk.", "202", ("Lisk",)),
        ("The toll is 2 862, including 1 452 in Kell, 764 in Dunmore, 202 in Lisk and 18 in Orsk.", "764",
         ("Dunmore",)),
        ("The quake killed 1,591 people in Kell province and 809 in Dunmore County.", "1,591", ("Kell",)),
        # a place set before the clause frames every figure joined to it
        ("In Kessel's north, rescuers counted 2,166 dead and 2,950 injured.", "2,950", ("Kessel's north",)),
        # a day or month written like a name is no place
        ("Officials said at least 64 people died in the Aug. 8 fire.", "at least 64", ()),
        ("Officials said 12 people died in the Sept. 3 floods.", "12", ()),
        # a participle before the name is no verb of its own
        ("In neighbouring Tarvania the storm killed at least 22 people.", "at least 22", ("Tarvania",)),
    ],
)
def test_the_place_attached_to_the_figure(extractor, text, figure, places):
    assert frame(extractor, text, figure).places == places


@pytest.mark.parametrize(
    ("text", "figure", "places"),
    [
        # a list of named counts after a first figure: each name is its figure's place
        ("Kell had 117 deaths, Dunmore 48, Ostrava 33 and Lisk 2, the tally shows.", "48", ("Dunmore",)),
        ("Kell had 117 deaths, Dunmore 48, Ostrava 33 and Lisk 2, the tally shows.", "2", ("Lisk",)),
        ("Kell province recorded 290 deaths, followed by Dunmore County with 190, the ministry said.", "190",
         ("Dunmore County",)),
        ("Kell remains the hardest-hit province with 1,351 deaths, ahead of Lisk with 492.", "492", ("Lisk",)),
    ],
)
def test_a_list_of_named_counts_places_each_figure(extractor, text, figure, places):
    f = frame(extractor, text, figure)
    assert f.places == places
    assert f.states == ("killed",)


@pytest.mark.parametrize(
    ("text", "figure", "site"),
    [
        ("At the collapsed mall, 13 deaths have been confirmed.", "13", "the collapsed mall"),
        ("Officials said 3,381 people had died and 20,426 were hurt in the country.", "20,426", "the country"),
        ("The White Helmets, who work in the rebel-held north, said deaths there had reached 2,166.", "2,166",
         "there"),
        # the speaker's own scope, said in a clause on the speaker
        ("The Velish ministry, whose count covers only rebel-held areas, said 1,400 people had died.", "1,400",
         "only rebel-held areas"),
        ("State media, reporting on areas under government control, gave a toll of 1,347 dead.", "1,347",
         "areas under government control"),
        # ... for every figure the speaker gives, however the parse joins the second
        ("Rebel radio, reporting on areas under rebel control, gave a toll of 610 dead and 1,940 injured.", "1,940",
         "areas under rebel control"),
    ],
)
def test_sites_in_common_nouns(extractor, text, figure, site):
    assert site in frame(extractor, text, figure).sites


@pytest.mark.parametrize(
    ("text", "figure", "sites"),
    [
        # where a part of the figure is, said after the part, is the part's: the whole is not all there
        ("The blast injured 40 people, most of them at the bus depot.", "40", ()),
        ("The storm killed at least 18 people, many of them at a flooded quarry.", "at least 18", ()),
        ("The blast injured 40 people, 30 of them at the bus depot.", "40", ()),
        ("The blast injured 40 people, 30 of them at the bus depot.", "30", ("the bus depot",)),
        ("The blast injured 40 people at the bus depot.", "40", ("the bus depot",)),
    ],
)
def test_a_parts_site_is_not_the_wholes(extractor, text, figure, sites):
    assert frame(extractor, text, figure).sites == sites


@pytest.mark.parametrize(
    ("text", "figure", "modality"),
    [
        ("The toll could climb to 9,000, the mayor warned.", "9,000", "forecast"),
        ("They may send another 20,000 troops, an analyst said.", "20,000", "forecast"),
        ("Organisers expect 50,000 people at Sunday's march.", "50,000", "forecast"),
        # a modal of a condition, or of "there is", says what may be so now; of an event it foresees
        ("As many as 400 people could be missing across the valley, officials said.", "As many as 400", "hedged"),
        ("In Orlo, there could be nearly 60,000 people, according to police estimates.", "nearly 60,000", "hedged"),
        ("At least 120 protesters could be arrested for their part in the clashes.", "At least 120", "forecast"),
        # a clause of its own under "expects" says what is
        ("The modeller expects far more homes to have burned, since its survey puts about 900 buildings inside the "
         "fire zone.", "about 900", "asserted"),
        # "already" says what is, whatever the clause foresees (hedged by the sentence's "could", not foreseen)
        ("The mayor said the number of missing, already in the hundreds, could reach about 9,000.", "hundreds",
         "hedged"),
        ("The mayor said the number of missing, already in the hundreds, could reach about 9,000.", "about 9,000",
         "forecast"),
        # "would" with a count for subject foresees the count; with a decision it states it
        ("At that pace, the final count would land somewhere around 150 to 250.", "150 to 250", "forecast"),
        ("The carrier will cut 3,500 jobs, it said.", "3,500", "asserted"),
        ("If verified, the report of 400 dead would be the worst in years.", "400", "forecast"),
        ("The ministry said 400 people died.", "400", "asserted"),
        ("There were possible reports of 40 more victims.", "40", "hedged"),
        # where a change starts is what is now; a clause of its own inside a forecast says what is
        ("The mayor said the toll may rise sharply from its current total of 64.", "64", "hedged"),
        ("Most claims are expected to come from Orlo, where, the firm said, the flood covered more than 900 acres.",
         "more than 900", "asserted"),
    ],
)
def test_modality(extractor, text, figure, modality):
    assert frame(extractor, text, figure).modality == modality


@pytest.mark.parametrize(
    ("text", "figure", "aggregation"),
    [
        ("About 700 soldiers were killed or wounded in the past week alone.", "About 700", "increment"),
        ("The army sent another 2,000 troops.", "2,000", "increment"),
        ("The toll rose by 85 overnight.", "85", "increment"),
        ("The toll stood at 99 on Monday, up three from the count released on Sunday.", "three", "increment"),
        ("Some 31% of nurses were on strike, a drop of six points on the last walkout.", "six", "increment"),
        # "the previous day of mobilisation" is an occasion, not a window
        ("During the previous day of action, on March 2, some 90,000 people had marched.", "some 90,000", "level"),
        ("About 400 people were injured during the previous day, officials said.", "About 400", "increment"),
        # "that day" of the saying is no window; of the counting it is
        ("She said 8,000 were missing, fewer than the 12,000 a colleague had given that day.", "12,000", "level"),
        ("Divers recovered 140 bodies that day, the coast guard said.", "140", "increment"),
        # ... but the day of a protest's arrests is the protest's: all of them
        ("After the march, officers also arrested 17 people in the square that day for other offences.", "17",
         "level"),
        # "a further N" counted elsewhere than the figure before is a level of its own; a list of changes by place
        # stays changes
        ("At least 20,000 people were displaced in Orlo. The agency counted a further 4,100 displaced people in "
         "other flooded areas.", "4,100", "level"),
        ("Officials reported 11 additional deaths in Orlo, two more in Kesh and one more in Tervo.", "two",
         "increment"),
        ("The toll stood at 99 on Monday, up from 96 on Sunday.", "96", "level"),
        ("The county overcounted its deaths by as many as 30, the sheriff said.", "as many as 30", "increment"),
        ("Crews cleared 40 roads a day.", "40", "rate"),
        # "more" of another state in the same sentence is another group; two changes said together are changes
        ("By the latest tally, 1,310 people died in the valley, and hundreds more were hurt.", "hundreds", "level"),
        ("That means around 90 more deaths and some 300 more injuries were recorded overnight.", "some 300",
         "increment"),
        ("The toll rose to 1,400 dead and 2,900 injured. That is 45 more dead and 130 more injured than on Monday.",
         "45", "increment"),
        ("The army has 2,000 troops in the area.", "2,000", "level"),
        # one day's count; the window of the clause before is not the next figure's
        ("Officials said about 180 bodies were recovered on Tuesday alone, while more than 1,900 people were still "
         "missing.", "about 180", "increment"),
        ("Officials said about 180 bodies were recovered on Tuesday alone, while more than 1,900 people were still "
         "missing.", "more than 1,900", "level"),
    ],
)
def test_aggregation(extractor, text, figure, aggregation):
    assert frame(extractor, text, figure).aggregation == aggregation


@pytest.mark.parametrize(
    ("text", "figure", "restated"),
    [
        ("The ministry had earlier put the toll at 4,100.", "4,100", True),
        ("Nearly 52,000 people have been displaced, up from 38,000 last week.", "38,000", True),
        ("Nearly 52,000 people have been displaced, up from 38,000 last week.", "Nearly 52,000", False),
        ("The agency previously reported 610 deaths.", "610", True),
        ("By mid-February, about 1,100 sailors had been killed, the navy said.", "about 1,100", False),
        ("The agency said 610 people died.", "610", False),
        # the same figure told again later in the article is the same figure
        ("At least 115 people have died in Kessel. The 115 deaths were confirmed by the governor.", "115", True),
        ("Police said 40 people died in Kessel. Hospital staff later said 41 people died.", "41", False),
        ("Most of the first 80 confirmed victims were found near the harbour.", "80", True),
        # "said it had counted": the tense follows "said"; an earlier report only when "said" is dated earlier
        ("The ministry said it had counted 960,000 marchers across the country.", "960,000", False),
        ("The agency had said 72 people were taken to hospital.", "72", True),
        ("On Monday, the ministry said it had counted 960,000 marchers.", "960,000", True),
        # what a statement was about, named again, is not a new report; a figure spoken of as news is one
        ("The envoy warned of far higher numbers. He was speaking of an early toll of 1,700.", "1,700", True),
        ("The mayor was referring to the 230 homes lost in the first night.", "230", True),
        ("Aid workers spoke of 65 children missing, the agency said.", "65", False),
        # the figure a change starts from
        ("The figure was cut on Saturday from the 10 deaths announced on Friday.", "10", True),
        ("Crews rescued 300 people from the 40 flooded homes.", "40", False),
    ],
)
def test_restated_figures(extractor, text, figure, restated):
    assert frame(extractor, text, figure).restated is restated


def test_time_references_are_dated_against_the_publication_day(extractor):
    assert frame(extractor, "By mid-February, about 1,100 sailors had been killed.", "about 1,100").time == "2031-02-15"
    assert frame(extractor, "On Tuesday the ministry said 610 people died.", "610").time == "2031-03-11"
    assert frame(extractor, "The ministry said 610 people died.", "610").time is None
    assert find_time("as of March 2", date(2031, 3, 13)) == (date(2031, 3, 2), "as of March 2")
    assert find_time("Officials may revise it", date(2031, 3, 13)) is None  # "may" is no month
    # the day compared with is not the figure's day
    text = "Some 44,000 people marched on Tuesday, the lowest turnout since January 19."
    assert frame(extractor, text, "Some 44,000").time == "2031-03-11"
    # "Friday's quake" names the event; "last Thursday's march", said on a Thursday, dates a figure a week back
    text = "It was below last Thursday's march, where police counted about 12,000 people."
    assert frame(extractor, text, "about 12,000").time == "2031-03-06"
    # "a week after a rally that drew N": the rally's day, a week before the report's
    text = "The march came a week after a rally that organisers said had drawn 900,000 people."
    assert frame(extractor, text, "900,000").time == "2031-03-06"
    text = "After the rally, police said 300 people were arrested."
    assert frame(extractor, text, "300").time is None
    # a bare day of the month is the latest such day; an ordinal naming something else is no day
    assert find_time("against 23,000 on the 9th.", date(2031, 3, 13)) == (date(2031, 3, 9), "on the 9th")
    assert find_time("against 23,000 on the 19th.", date(2031, 3, 13)) == (date(2031, 2, 19), "on the 19th")
    assert find_time("the worst flood since the 19th century", date(2031, 3, 13)) is None
    assert find_time("rescuers reached the 4th floor", date(2031, 3, 13)) is None


def test_each_figure_of_a_list_keeps_its_own_place(extractor):
    text = "At least 52,000 people marched in Varna, 31,000 in Orlo, 26,000 in Kesh and 9,000 in Tervo."
    assert frame(extractor, text, "At least 52,000").places == ("Varna",)
    assert frame(extractor, text, "31,000").places == ("Orlo",)  # not "Varna Orlo", nor Varna
    assert frame(extractor, text, "26,000").places == ("Kesh",)
    # A two-word name keeps both words.
    text = "The toll stood at 2 862, including 1 452 in Al Haouz and 764 in Taroudant."
    assert frame(extractor, text, "1 452").places == ("Al Haouz",)
    # A place said once after a gapped second figure places the first too; a first figure's own place stays.
    text = "An official said that 3,381 people had been killed and 20,426 injured in Kesh province."
    assert frame(extractor, text, "3,381").places == ("Kesh",)
    text = "An official said that 3,381 people had been killed and 20,426 injured in the country."
    assert frame(extractor, text, "3,381").sites == ("the country",)
    text = "An official said that 212 people had been killed in Orlo and 96 injured in Kesh."
    assert frame(extractor, text, "212").places == ("Orlo",)
    # A list whose second name the parse sets beside the first is still a list; "South and North Kesh" two places.
    text = "More than 9,000 homes in Orlo, Kesh, the Tarvas and Velmar were still without power on Monday."
    assert frame(extractor, text, "More than 9,000").places == ("Orlo and Kesh and Tarvas and Velmar",)
    text = "The utility said it had restored service to 41,000 customers in South and North Carolina."
    assert frame(extractor, text, "41,000").places == ("South Carolina and North Carolina",)
    # The scope a sentence gives the figures before it.
    text = "The agency said 310 people had been killed and 900 injured, figures it said covered only the Orlo region."
    assert frame(extractor, text, "310").sites == ("the Orlo region",)
    assert frame(extractor, text, "900").sites == ("the Orlo region",)
    # A name and a noun named by a name make one list, not one name of their words.
    text = "Officials said 300 people died in Orlo and the Kesh hills."
    assert frame(extractor, text, "300").places == ("Orlo and Kesh hills",)


def test_a_figure_that_borrows_the_count_before_takes_its_place(extractor):
    # An elided noun in the same sentence: the same count, of the same place.
    text = "The unions counted 210,000 people in Varna, while the police counted 48,000."
    assert frame(extractor, text, "48,000").places == ("Varna",)
    # "put the figure at" in the next sentence points back to the figure before.
    text = "In Orlo, the unions said 90,000 people marched. The police put the figure at 22,000."
    assert frame(extractor, text, "22,000").places == ("Orlo",)
    # A count noun of its own ("the toll") names its own count, and a figure with a place keeps it.
    text = "Officials said 40 people died in Orlo. The national toll rose to 310."
    assert frame(extractor, text, "310").places == ()
    text = "The unions counted 210,000 people in Varna, while the police counted 48,000 in Kesh."
    assert frame(extractor, text, "48,000").places == ("Kesh",)


def test_a_figure_after_a_count_of_places_takes_the_state_not_the_places(extractor):
    text = "The deaths occurred in 14 districts. Orlo District had the most, with 37, followed by Kesh with 9."
    claims, _ = extractor.extract(Document(uri="t.txt", text=text, published=PUBLISHED))
    got = {c.text: c for c in claims}
    assert got["37"].counted is None and got["37"].frame.states == ("killed",)
    assert got["9"].frame.states == ("killed",)


def test_names_in_a_clause_set_after_the_figure_are_not_its_scene(extractor):
    text = "The storm has killed 210 people, after Varna and Kesh reported more victims on Monday."
    assert frame(extractor, text, "210").scene == ()


def test_a_day_said_right_after_the_figure_before_is_that_figures(extractor):
    text = ("The unions announced 500,000 people in Varna, against 400,000 on Tuesday, March 4, while the police "
            "counted 93,000.")
    assert frame(extractor, text, "400,000").time == "2031-03-04"
    assert frame(extractor, text, "93,000").time is None
    # A day before the sentence's first figure still dates every figure.
    text = "On Tuesday, officials said 300 people died and 200 were injured."
    assert frame(extractor, text, "200").time == "2031-03-11"


def test_a_day_in_a_clause_about_something_else_does_not_date_the_figure(extractor):
    # The day the storm struck is the storm's; the count has no day of its own.
    text = "The storm that struck the coast on March 2 destroyed about 4,100 homes, the agency said."
    assert frame(extractor, text, "about 4,100").time is None
    # A clause on the figure itself, or on the count that gives it, dates the figure.
    text = "Turnout was 61,000, above the 58,000 it counted on March 2."
    assert frame(extractor, text, "58,000").time == "2031-03-02"
    text = "The previous count, released on Monday, stood at 812 dead."
    assert frame(extractor, text, "812").time == "2031-03-10"


def test_days_counted_back_events_named_by_their_day_and_when_clauses(extractor):
    # "two days before ...": counted back from the publication day (Thursday 13 March).
    text = "Two days before the final list came out, roughly 900 people were said to be unaccounted for."
    assert frame(extractor, text, "roughly 900").time == "2031-03-11"
    # "after the March 8 fire": the day names the event, not the count.
    text = "The number of people unaccounted for after the March 8 fire now stands at 212, officials said."
    assert frame(extractor, text, "212").time is None
    # A day compared with is the figure's own when the figure is in its "when" clause.
    text = "The turnout was higher than on Tuesday, when the ministry had put participation at 640,000."
    assert frame(extractor, text, "640,000").time == "2031-03-11"


def test_the_reason_a_level_moved_is_read_with_the_figure(extractor):
    text = "The list of the missing stood at 212 on Friday. Police said 190 people had been located since Monday."
    assert frame(extractor, text, "212").explained
    assert not frame(extractor, "The list of the missing stood at 212 on Friday.", "212").explained


def test_a_count_noun_takes_the_state_of_the_figure_before(extractor):
    text = "About 90,000 people took part in Tuesday's march in Orlo. The police put the figure at 31,000."
    assert frame(extractor, text, "About 90,000").states == ("present",)
    assert frame(extractor, text, "About 90,000").places == ("Orlo",)  # "Tuesday's march" is no place
    assert frame(extractor, text, "31,000").states == ("present",)


def test_the_counter_before_a_gapped_figure_is_no_counted_noun(extractor):
    text = "In Orlo, the unions counted 20,000 marchers, the police 8,500 and the firm Tallyco 6,000."
    claims, _ = extractor.extract(Document(uri="t.txt", text=text, published=PUBLISHED))
    assert {c.text: c.counted for c in claims} == {"20,000": "marchers", "8,500": "marchers", "6,000": "marchers"}
    text = "The ministry counted 1.12 million on January 19 and 1.27 million on January 31."
    claims, _ = extractor.extract(Document(uri="t.txt", text=text, published=PUBLISHED))
    assert all(c.counted != "January" for c in claims)
    text = "The organisers' figure is more than four times that estimate, after the Aug. 8 march."
    claims, _ = extractor.extract(Document(uri="t.txt", text=text, published=PUBLISHED))
    assert {c.text: c.kind for c in claims} == {"more than four": "ratio", "Aug. 8": "date"}


def test_withdrawn_corrected_and_mixed(extractor):
    assert frame(extractor, "The aid group later withdrew its figure of 9,100 deaths.", "9,100").retracted
    text = "The agency cited 9,100 deaths. It has since said it never issued that number."
    assert frame(extractor, text, "9,100").retracted
    assert frame(extractor, "The ministry revised the toll down to 3,700.", "3,700").correction
    text = "Officials said four people were killed. The figure was cut from the seven deaths announced on Friday."
    assert frame(extractor, text, "four").correction
    assert not frame(extractor, "Officials said four people were killed. The figure may rise.", "four").correction
    assert frame(extractor, "Some 45,000 Russian and allied soldiers are massed there.", "Some 45,000").mixed
    assert not frame(extractor, "Some 45,000 Russian soldiers are massed there.", "Some 45,000").mixed


def test_a_story_told_as_a_correction_presents_its_figures_as_corrections(extractor):
    # Invented: a district recounts its flood deaths; the later sentences carry no correction word of their own.
    text = ("Kelso district overcounted flood deaths by as many as 20\n\n"
            "Kelso district overcounted its flood deaths, lowering the toll for the valley, officials said on Monday.\n\n"
            "District officials, who had reported 51 deaths, now accept the provincial tally of 31 for the district.")
    assert frame(extractor, text, "31").correction
    # A lead with no such word leaves the figures as they are, and a correction word deep in the story marks
    # its own sentence only.
    plain = ("Kelso district counts its flood deaths\n\nKelso district gave its flood toll on Monday.\n\n"
             "Officials now put the tally at 31. Last year the county revised its records of 12 floods.")
    assert not frame(extractor, plain, "31").correction
    assert frame(extractor, plain, "12").correction


def test_a_clause_of_its_own_lends_no_state(extractor):
    # Invented. "as more bodies were recovered" is another clause, with a subject of its own.
    text = "The agency said the floods have now killed 812 people, as more bodies were recovered from the mud."
    assert frame(extractor, text, "812").states == ("killed",)


@pytest.mark.parametrize(
    ("text", "figure", "states"),
    [
        # lives touched are lives affected, not lost
        ("The storm has touched the lives of some 4 million people in Kessel.", "some 4 million", ("affected",)),
        ("The floods upended the lives of 80,000 people.", "80,000", ("affected",)),
        ("Lifeguards saved 40 lives on Monday.", "40", ()),
        ("The floods claimed 300 lives.", "300", ("killed",)),
        ("At least 75 lives were lost.", "At least 75", ("killed",)),
    ],
)
def test_lives_are_lost_only_when_a_verb_takes_them(extractor, text, figure, states):
    assert frame(extractor, text, figure).states == states


def test_elsewhere_in_a_clause_inside_the_figures_is_not_its_place(extractor):
    text = ("The agency said 90,000 people were left homeless, including people who went to stay elsewhere in "
            "the country.")
    assert frame(extractor, text, "90,000").places == ()
    assert frame(extractor, "Another 15 people died elsewhere in the province.", "15").places == ("elsewhere",)


def test_state_words_by_lemma():
    assert state_of("died") == state_of("deaths") == state_of("killed") == ("killed",)
    assert state_of("evacuees") == ("evacuated",)
    assert state_of("people") == ()
    assert config_states(["killed", "wounded"]) == {"killed", "injured"}
    assert config_states(["identified"]) == {"identified"}
    assert config_states(["autopsied"]) == {"autopsied"}  # a word the table lacks names itself


@pytest.mark.parametrize(
    ("text", "figure", "scene"),
    [
        # a verb with no subject of its own takes the named subject of the clause it hangs from
        ("The Brisk fire was fully contained after burning 3,400 acres.", "3,400", ("Brisk",)),
        ("The Orlo blaze reached full containment after scorching 880 acres.", "880", ("Orlo",)),
        ("Kesh firefighters worked through the night, saving 140 homes.", "140", ("Kesh",)),
        # ... but not a subject in common nouns, nor across a clause with its own subject
        ("The fire was contained after burning 3,400 acres.", "3,400", ()),
        ("The Brisk fire was contained after crews said it had burned 3,400 acres.", "3,400", ()),
    ],
)
def test_a_verb_without_a_subject_borrows_its_rulers(extractor, text, figure, scene):
    assert frame(extractor, text, figure).scene == scene


@pytest.mark.parametrize(
    ("text", "figure", "kind"),
    [
        # a whether-clause supposes its figures ...
        ("Officials could not say whether 300 people had died in the blast.", "300", "hypothetical"),
        ("It is unclear if 40 people were hurt.", "40", "hypothetical"),
        # ... but asking what a figure it names as known includes says the figure
        ("It was not clear whether the 64 injured included the firefighters hurt at the depot.", "64", "quantity"),
        ("It is unclear if the 41 dead include two firefighters.", "41", "quantity"),
        ("It is unclear if the 41 dead include two firefighters.", "two", "hypothetical"),
    ],
)
def test_asking_what_a_figure_includes_says_the_figure(extractor, text, figure, kind):
    claims, _ = extractor.extract(Document(uri="t.txt", text=text, published=PUBLISHED))
    hit = next(c for c in claims if c.text == figure)
    assert hit.kind == kind
    assert (hit.frame.modality == "hypothetical") == (kind == "hypothetical")


@pytest.mark.parametrize(
    ("text", "figure", "states"),
    [
        # destruction said "partly" is damage; "partly or completely" is both
        ("Some 2,300 houses partially collapsed in the tremor.", "Some 2,300", ("damaged",)),
        ("Aid will go to the owners of 18,000 homes that partly or completely collapsed.", "18,000",
         ("damaged", "destroyed")),
        ("About 700 homes collapsed completely.", "About 700", ("destroyed",)),
    ],
)
def test_destruction_said_partly_is_damage(extractor, text, figure, states):
    assert frame(extractor, text, figure).states == states


@pytest.mark.parametrize(
    ("text", "figure", "places"),
    [
        # "X, where ..." places the figures of the clause, however deep the figure's own clause sits in it
        ("Crews were sent to Orlo, where the toll stands at 140.", "140", ("Orlo",)),
        ("Troops were sent to Orlo, where officials feared that up to 2,000 people could gather at the bridge.",
         "up to 2,000", ("Orlo",)),
        ("Troops were sent to Orlo, where officials said 75 people had died.", "75", ("Orlo",)),
    ],
)
def test_a_where_clause_on_a_name_places_its_figures(extractor, text, figure, places):
    assert frame(extractor, text, figure).places == places


def test_what_a_consequence_clause_does_to_others_is_not_the_figures_state(extractor):
    text = "Three of the chapels collapsed, killing almost everyone inside."
    assert frame(extractor, text, "Three").states == ("destroyed",)
    # ... while a figure inside the consequence clause takes its verb
    text = "The dam burst overnight, killing 30 people."
    assert frame(extractor, text, "30").states == ("killed",)


def test_a_place_that_owns_what_is_counted_is_a_site(extractor):
    text = "Worshippers hurried to the town's five chapels when the quake struck."
    assert frame(extractor, text, "five").sites == ("the town",)
    text = "The state's 14 shelters were full."  # an administrative unit is a scope, read elsewhere
    assert "the state" not in frame(extractor, text, "14").sites


def test_a_count_set_after_its_figure_says_what_it_counts(extractor):
    text = "That raises to 912 the number of Velmarians killed by the storm in either country and buried at home."
    assert frame(extractor, text, "912").states == ("killed", "buried")


def test_what_the_counted_had_been_is_not_what_befell_them(extractor):
    text = "Rescue teams had found more than 300 people who had been reported missing."
    assert frame(extractor, text, "more than 300").states == ()
    # ... unless the clause only holds them
    text = "The list has 388 people who had been reported missing."
    assert frame(extractor, text, "388").states == ("missing",)


def test_a_whole_out_of_which_a_part_is_counted_keeps_the_clauses_place(extractor):
    text = "In Kesh, 20 workers were trapped, out of the 85 workers caught up in the blast."
    got = frame(extractor, text, "85")
    assert got.places == ("Kesh",) and got.states == ("affected",)


@pytest.mark.parametrize(
    ("text", "figure", "modality"),
    [
        # a figure for an event, said before the event came, foresees it
        ("Before landfall, the modeller had estimated insured losses at $2 billion.", "$2 billion", "forecast"),
        ("Ahead of the storm's landfall, forecasters put likely losses at $5 billion.", "$5 billion", "forecast"),
        ("After landfall, the modeller estimated insured losses at $2 billion.", "$2 billion", "asserted"),
    ],
)
def test_a_figure_said_before_the_event_foresees_it(extractor, text, figure, modality):
    assert frame(extractor, text, figure).modality == modality


def test_a_contrasting_clause_counts_where_its_own_reports_come_from(extractor):
    text = ("In the provinces of Kell and Orlo, the ministry has confirmed 300 dead, while 120 more deaths have been "
            "reported from rebel-held areas.")
    got = frame(extractor, text, "120")
    assert got.places == () and "rebel-held areas" in got.sites and got.aggregation == "level"
    assert frame(extractor, text, "300").places == ("Kell and Orlo",)
    # "reported from" says where a count comes from
    assert "the northern villages" in frame(extractor, "Some 40 deaths were reported from the northern villages.",
                                            "Some 40").sites
