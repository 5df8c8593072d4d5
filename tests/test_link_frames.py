"""Linking by frame: which metric a figure is about, decided by its state, place, day, modality and
aggregation. Every sentence and the story are invented for the test (a flood in the fictional Varna
province), in the shapes real reports take."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.config import MonitorConfig

CONFIG = {
    "topics": [{
        "name": "varna-floods",
        "match": ["Varna", "flood", "floods"],
        "metrics": [
            {"key": "deaths", "description": "people killed by the Varna floods", "counts": ["people", "deaths"],
             "state": "killed", "kind": "cumulative"},
            {"key": "deaths_orlo", "counts": ["people", "deaths"], "state": "killed", "where": ["Orlo"],
             "kind": "cumulative"},
            {"key": "deaths_kesh", "counts": ["people", "deaths"], "state": "killed", "where": ["Kesh"],
             "kind": "cumulative"},
            {"key": "deaths_forecast", "counts": ["people", "deaths", "toll"], "state": "killed", "kind": "forecast"},
            {"key": "injured", "counts": ["people"], "state": "injured", "kind": "cumulative"},
            {"key": "buried", "counts": ["victims", "bodies"], "state": "buried", "kind": "cumulative"},
            {"key": "missing", "counts": ["people"], "state": "missing", "kind": "level"},
            {"key": "displaced", "counts": ["people", "residents"], "state": "displaced", "kind": "level"},
            {"key": "deaths_week", "counts": ["people", "deaths"], "state": "killed", "kind": "increment"},
            {"key": "rescuers", "counts": ["rescuers", "rescue workers"], "state": "present", "kind": "level"},
            {"key": "losses", "counts": ["insured losses", "losses"], "unit": "USD", "kind": "estimate"},
            {"key": "march_may3", "counts": ["people", "marchers"], "state": "present", "date": "2031-05-03",
             "kind": "level"},
            {"key": "march_may10", "counts": ["people", "marchers"], "state": "present", "date": "2031-05-10",
             "kind": "level"},
        ],
    }],
}
PUBLISHED = datetime(2031, 5, 11, 12, tzinfo=UTC)  # a Sunday


@pytest.fixture(scope="module")
def link(linked):
    config = MonitorConfig.model_validate(CONFIG)

    def metric_of(text: str, figure: str, published: datetime = PUBLISHED) -> str | None:
        got = linked(config, "Varna floods. " + text, published)
        if figure not in got:
            raise AssertionError(f"{figure!r} not in {list(got)}")
        return got[figure]

    return metric_of


@pytest.mark.parametrize(
    ("text", "figure", "metric"),
    [
        # state: the same noun, killed, injured, missing, displaced
        ("Officials said 41 people died when the river burst its banks.", "41", "deaths"),
        ("Officials said 130 people were injured and taken to hospital.", "130", "injured"),
        ("More than 60 people remain missing, the agency said.", "More than 60", "missing"),
        ("Some 9,000 residents were forced out of their homes.", "Some 9,000", "displaced"),
        ("The death toll rose to 57, the interior ministry said.", "57", "deaths"),
        # "the dead" are people: a part of them in another state is counted in that state
        ("The ministry said 812 of the dead had already been buried.", "812", "buried"),
        # a verb said once for two figures: the second noun ("and injuries 410") is its own, with its own state
        ("Deaths have reached 95 and injuries 410, the ministry said on Sunday.", "410", "injured"),
        ("Deaths have reached 95 and injuries 410, the ministry said on Sunday.", "95", "deaths"),
        # a figure whose state no metric tracks stays unlinked
        ("Police arrested 14 people for looting.", "14", None),
        # modality: a forecast never joins the count
        ("The mayor warned the toll could climb to 300.", "300", "deaths_forecast"),
        # windows: the past week's deaths are not the toll
        ("About 20 people died in the past week alone, officials said.", "About 20", "deaths_week"),
        # places: a town's toll, the place named nearest, and "elsewhere" off the general metric
        ("In Orlo, officials said 12 people died.", "12", "deaths_orlo"),
        ("Officials said 12 people died in Orlo and 30 in Kesh.", "30", "deaths_kesh"),
        ("Officials said 12 people died in Orlo and 30 in Kesh.", "12", "deaths_orlo"),
        ("Another 15 people died elsewhere in the province, police said.", "15", None),
        # a count of officers is no count of marchers, though both are present
        ("The ministry said 800 rescuers were working in the area.", "800", "rescuers"),
        # money estimates are said in the future tense
        ("A modelling firm said insured losses will come to about $2.1 billion.", "about $2.1 billion", "losses"),
    ],
)
def test_frames_decide_the_metric(link, text, figure, metric):
    assert link(text, figure) == metric


def test_one_day_quantities_go_by_the_day_the_figure_is_about(link):
    # Published on Sunday 11 May: "Saturday" is 10 May, "on May 3" the week before.
    assert link("Police said 40,000 people marched on Saturday.", "40,000") == "march_may10"
    assert link("Organisers said 90,000 people marched on May 3.", "90,000") == "march_may3"
    # No day stated: the day the report came out, or the day before.
    assert link("Police said 35,000 people marched through the city.", "35,000") == "march_may10"


def test_an_undated_figure_reported_days_later_is_about_the_latest_day_before_it(link):
    text = "Organisers said the crowd at the march had reached 52,000."
    # Four days after the second march: that march, not the one eleven days before.
    assert link(text, "52,000", datetime(2031, 5, 14, 9, tzinfo=UTC)) == "march_may10"
    # Four days after the first, before the second: the first.
    assert link(text, "52,000", datetime(2031, 5, 7, 9, tzinfo=UTC)) == "march_may3"
    # Three weeks later, with no day said: no day of the topic's can be told.
    assert link(text, "52,000", datetime(2031, 5, 31, 9, tzinfo=UTC)) is None


def test_a_config_without_states_still_links_by_its_near_words(linked):
    config = MonitorConfig.model_validate({"topics": [{"name": "t", "match": ["quake"], "metrics": [
        {"key": "dead", "counts": ["people"], "near": ["killed", "died"], "kind": "cumulative"},
        {"key": "hurt", "counts": ["people"], "near": ["injured"], "kind": "cumulative"},
    ]}]})
    text = "The quake killed 20 people and injured 75 people, officials said."
    got = linked(config, text)
    assert got["20"] == "dead" and got["75"] == "hurt"


def test_between_equal_fits_the_metric_with_the_figures_own_states_wins(linked):
    config = MonitorConfig.model_validate({"topics": [{"name": "quake", "match": ["quake"], "metrics": [
        {"key": "homes_hit", "counts": ["homes", "houses"], "state": ["damaged", "destroyed"], "kind": "cumulative"},
        {"key": "homes_down", "counts": ["homes", "houses"], "state": "destroyed", "kind": "cumulative"},
        {"key": "missing", "counts": ["people", "residents"], "state": "missing", "kind": "level"},
        {"key": "missing_cases", "counts": ["cases", "open cases"], "state": "missing", "kind": "level"},
    ]}]})
    text = ("After the quake, more than 4,100 homes collapsed, officials said. "
            "The official list of people missing after the quake stood at 212 on Friday.")
    got = linked(config, text)
    assert got["more than 4,100"] == "homes_down"  # collapsed: destroyed, no wider
    assert got["212"] == "missing"  # "the list of people": people, not cases


def test_each_figure_keeps_its_own_condition(linked):
    config = MonitorConfig.model_validate({"topics": [{"name": "clashes", "match": ["clashes"], "metrics": [
        {"key": "serious", "counts": ["people", "injured"], "state": ["serious condition"], "kind": "level"},
        {"key": "stable", "counts": ["people", "injured"], "state": ["stable condition"], "kind": "level"},
    ]}]})
    # Men and women are people; the clause after "while" is the second figure's own, with its own condition.
    text = ("After the clashes, three women are in serious condition, while 11 men are in stable condition, "
            "the hospital said.")
    got = linked(config, text)
    assert got["three"] == "serious"
    assert got["11"] == "stable"
    # A state said with its preposition ("at risk") is the figure's own when its site is the bare noun.
    config = MonitorConfig.model_validate({"topics": [{"name": "fires", "match": ["fires"], "metrics": [
        {"key": "at_risk", "counts": ["people"], "state": ["at risk"], "kind": "level"},
    ]}]})
    text = "The fires put homes at risk, along with more than 9,000 people on the island, the agency said."
    assert linked(config, text)["more than 9,000"] == "at_risk"


def test_between_states_the_one_said_of_the_figure_wins(linked):
    config = MonitorConfig.model_validate({"topics": [{"name": "quake", "match": ["quake"], "metrics": [
        {"key": "destroyed", "counts": ["buildings"], "state": ["destroyed", "completely destroyed"],
         "kind": "cumulative"},
        {"key": "severe", "counts": ["buildings"], "state": ["severely damaged"], "kind": "cumulative"},
        {"key": "lost", "counts": ["houses"], "state": ["destroyed", "collapsed"], "kind": "cumulative"},
        {"key": "condemned", "counts": ["houses"], "state": ["collapsed", "demolished", "severely damaged"],
         "kind": "cumulative"},
    ]}]})
    # The phrase of the figure before ("completely destroyed") does not qualify the next one.
    text = "After the quake, over 420 buildings had been completely destroyed and 1,310 severely damaged."
    got = linked(config, text)
    assert got["over 420"] == "destroyed"
    assert got["1,310"] == "severe"
    # "collapsed" is a kind of destroyed for both; the metric whose own word is said wins.
    got = linked(config, "After the quake, 3,900 houses were destroyed, the agency said.")
    assert got["3,900"] == "lost"
    got = linked(config, "After the quake, 2,100 houses have been demolished, the agency said.")
    assert got["2,100"] == "condemned"


def test_between_equal_fits_the_description_said_in_the_sentence_decides(linked):
    config = MonitorConfig.model_validate({"topics": [{"name": "fires", "match": ["fires"], "metrics": [
        {"key": "identified", "description": "victims officially identified by the coroner",
         "counts": ["victims", "people"], "state": "identified", "kind": "cumulative"},
        {"key": "unnamed", "description": "victims identified but not yet named because relatives were not reached",
         "counts": ["victims", "people"], "state": "identified", "kind": "level"},
    ]}]})
    text = ("After the fires, the coroner said 61 victims had been identified. Four others were identified but "
            "could not be named because their relatives had not been reached.")
    got = linked(config, text)
    assert got["61"] == "identified"
    assert got["Four"] == "unnamed"
    # Words of neither description: still two equal fits, left unlinked for the user to tell apart.
    assert linked(config, "After the fires, 12 victims were identified on Monday.")["12"] is None


def test_a_part_in_a_qualified_state_does_not_qualify_its_whole(linked):
    config = MonitorConfig.model_validate({"topics": [{"name": "fires", "match": ["fires"], "metrics": [
        {"key": "hospitalized", "counts": ["people"], "state": ["hospitalized"], "kind": "cumulative"},
        {"key": "critical", "counts": ["people"], "state": ["critical", "critical burns"],
         "kind": "cumulative"},
    ]}]})
    text = "After the fires, at least 31 people have been hospitalized, four of them with critical burns."
    got = linked(config, text)
    assert got["at least 31"] == "hospitalized"
    assert got["four"] == "critical"


DAYS = {"topics": [{"name": "assembly-protests", "match": ["assembly", "protest", "clashes"], "metrics": [
    {"key": "rally_sun", "counts": ["people", "marchers"], "state": "present", "date": "2031-05-04", "kind": "level"},
    {"key": "rally_sun_next", "counts": ["people", "marchers"], "state": "present", "date": "2031-05-11",
     "kind": "level"},
    {"key": "arrests_wed", "counts": ["people", "protesters"], "state": "arrested", "date": "2031-05-07",
     "kind": "cumulative"},
    {"key": "injured_wed", "counts": ["people", "protesters"], "state": "injured", "date": "2031-05-07",
     "kind": "cumulative"},
    {"key": "injured_wed_men", "description": "men among the injured of Wednesday's clashes", "counts": ["men"],
     "state": "injured", "kind": "cumulative"},
]}]}
COPIED = datetime(2036, 2, 1, 12, tzinfo=UTC)  # a checkout, years after the events


def test_an_undated_story_copied_years_later_goes_by_the_weekdays_it_names(linked):
    clash = ("Police defend tear gas after clashes\n\nPolice on Thursday defended their use of tear gas after "
             "Wednesday's clashes outside the assembly. Officers arrested 23 people, a spokesman said.")
    assert linked(DAYS, clash, COPIED, undated=True)["23"] == "arrests_wed"
    rally = ("Crowds fill the centre\n\nTens of thousands marched to the assembly on Sunday against the bill. "
             "Organisers said 80,000 people took part.")
    # Two Sundays in the topic: the weekday alone cannot tell them apart.
    assert linked(DAYS, rally, COPIED, undated=True)["80,000"] is None
    friday = ("Crowds fill the centre\n\nThousands marched to the assembly on Friday against the bill. "
              "Organisers said 80,000 people took part.")
    assert linked(DAYS, friday, COPIED, undated=True)["80,000"] is None
    # A dated story is read by its date, not by the weekdays it names.
    assert linked(DAYS, rally, datetime(2031, 5, 11, 18, tzinfo=UTC))["80,000"] == "rally_sun_next"


def test_the_weekend_of_an_undated_story_is_the_one_before_the_day_it_names(linked):
    clash = ("Police fire tear gas at the assembly\n\nPolice fired tear gas on Wednesday at protesters outside the "
             "assembly. More than 70,000 people marched against the bill at the weekend.")
    assert linked(DAYS, clash, COPIED, undated=True)["More than 70,000"] == "rally_sun"
    # a story that names no weekday gives the weekend no day
    plain = ("Police fire tear gas at the assembly\n\nPolice fired tear gas at protesters outside the assembly. "
             "More than 70,000 people marched against the bill at the weekend.")
    assert linked(DAYS, plain, COPIED, undated=True)["More than 70,000"] is None


def test_a_growing_count_about_an_event_is_told_days_after_it(linked):
    friday = datetime(2031, 5, 9, 12, tzinfo=UTC)
    text = "Police said on Thursday that 31 people had been arrested over Wednesday's clashes at the assembly."
    assert linked(DAYS, text, friday)["31"] == "arrests_wed"
    # A level is of its own day: Monday's march is not Sunday's.
    assert linked(DAYS, "Police said 5,000 people marched to the assembly on Monday.", friday)["5,000"] is None


def test_the_metric_naming_the_figures_own_noun_beats_a_dated_one_for_people(linked):
    text = "Doctors said 12 men and four women were treated for injuries after Wednesday's clashes at the assembly."
    assert linked(DAYS, text, datetime(2031, 5, 8, 12, tzinfo=UTC))["12"] == "injured_wed_men"


def test_the_previous_occasion_and_a_bare_day_of_the_month_date_a_figure(linked):
    sunday = datetime(2031, 5, 11, 18, tzinfo=UTC)
    text = "Police counted 60,000 marchers at the assembly, up from 45,000 the previous time."
    got = linked(DAYS, text, sunday)
    assert got["60,000"] == "rally_sun_next" and got["45,000"] == "rally_sun"
    text = "Police counted 60,000 marchers at the assembly, against 41,000 during the last protest."
    assert linked(DAYS, text, sunday)["41,000"] == "rally_sun"
    text = "Police counted 60,000 marchers at the assembly, against 39,000 on the 4th."
    assert linked(DAYS, text, sunday)["39,000"] == "rally_sun"
    # Nothing before the first march: no metric is the occasion before it.
    first = datetime(2031, 5, 4, 18, tzinfo=UTC)
    assert linked(DAYS, "Police counted 45,000 marchers, up from 30,000 the previous time.", first)["30,000"] is None


def test_the_degree_said_of_a_part_is_its_condition(linked):
    config = {"topics": [{"name": "varna-floods", "match": ["Varna", "flood"], "metrics": [
        {"key": "injured", "counts": ["people", "injured"], "state": "injured", "kind": "cumulative"},
        {"key": "injured_serious", "counts": ["people", "injured"], "state": ["serious condition", "critical condition"],
         "kind": "level"},
    ]}]}
    got = linked(config, "Varna flood. Officials said 410 people were injured, 62 of them seriously.")
    assert got["62"] == "injured_serious" and got["410"] == "injured"
    got = linked(config, "Varna flood. At least 380 people were injured, 75 of them critically, the ministry said.")
    assert got["75"] == "injured_serious"
    # A part without a figure of its own qualifies no figure.
    got = linked(config, "Varna flood. More than 900 people had been injured, many of them seriously.")
    assert got["More than 900"] == "injured"


def test_a_qualified_state_said_the_other_way_round(linked):
    config = {"topics": [{"name": "varna-floods", "match": ["Varna", "flood"], "metrics": [
        {"key": "stable", "counts": ["people", "patients"], "state": ["stable condition"], "kind": "level"},
        {"key": "unknown", "counts": ["people", "patients"], "state": ["unknown condition"], "kind": "level"},
    ]}]}
    text = "Varna flood. Nine patients are in stable condition. The condition of 12 people is unknown, doctors said."
    got = linked(config, text)
    assert got["Nine"] == "stable" and got["12"] == "unknown"


def test_casualties_are_the_injured_of_a_topic_that_counts_no_dead(linked):
    injured = {"key": "injured", "counts": ["people", "protesters"], "state": "injured", "kind": "cumulative"}
    deaths = {"key": "deaths", "counts": ["people", "protesters"], "state": "killed", "kind": "cumulative"}
    text = "Clashes at the assembly. Doctors had confirmed 79 casualties from the clashes by Thursday."
    only = {"topics": [{"name": "clashes", "match": ["clashes"], "metrics": [injured]}]}
    assert linked(only, text)["79"] == "injured"
    both = {"topics": [{"name": "clashes", "match": ["clashes"], "metrics": [injured, deaths]}]}
    assert linked(both, text)["79"] is None


def test_a_qualified_state_said_after_the_figure_before_is_that_figures(linked):
    config = {"topics": [{"name": "fire", "match": ["fire"], "metrics": [
        {"key": "exposed", "counts": ["structures", "buildings"], "state": ["exposed"], "kind": "cumulative"},
        {"key": "lost", "counts": ["structures", "buildings"], "state": ["damaged", "destroyed"], "kind": "cumulative"},
        {"key": "outages", "counts": ["customers"], "state": ["without power"], "kind": "level"},
    ]}]}
    text = ("After the fire, assessors put the toll on property at 1,900 structures exposed and 1,460 structures "
            "damaged or destroyed.")
    got = linked(config, text)
    assert got["1,900"] == "exposed" and got["1,460"] == "lost"
    # a state said once for a gapped figure is still its own
    text = "After the fire, Kesh had 41,000 customers without power and Orlo with 23,000."
    assert linked(config, text)["23,000"] == "outages"


def test_severe_damage_said_any_way(linked):
    config = {"topics": [{"name": "quake", "match": ["quake"], "metrics": [
        {"key": "destroyed", "counts": ["buildings"], "state": "destroyed", "kind": "cumulative"},
        {"key": "severe", "counts": ["buildings"], "state": ["severely damaged"], "kind": "cumulative"},
    ]}]}
    text = "After the quake, more than 400 buildings were flattened and another 1,200 were badly damaged."
    got = linked(config, text)
    assert got["more than 400"] == "destroyed" and got["1,200"] == "severe"


def test_who_are_still_without_power_are_a_level(linked):
    config = {"topics": [{"name": "storm", "match": ["storm"], "metrics": [
        {"key": "out_now", "counts": ["customers"], "state": ["without power"], "kind": "level"},
        {"key": "out_ever", "counts": ["customers"], "state": ["lost power"], "kind": "cumulative"},
    ]}]}
    got = linked(config, "After the storm, 640,000 customers were still without electricity on Monday.")
    assert got["640,000"] == "out_now"
    got = linked(config, "The storm left about 80,000 homes and businesses in Kesh in the dark, and 31,000 "
                         "customers remain without service.")
    assert got["31,000"] == "out_now"
    # being without power is the state, losing it the event
    assert linked(config, "After the storm, 640,000 customers were without electricity.")["640,000"] == "out_now"
    assert linked(config, "In all, the storm cut service to 1.4 million customers.")["1.4 million"] == "out_ever"
    assert linked(config, "The storm knocked out power to 900,000 customers.")["900,000"] == "out_ever"


def test_the_escape_words_in_the_figures_own_clause_come_first(linked):
    arrested = {"counts": ["people"], "state": "arrested", "kind": "cumulative"}
    config = {"topics": [{"name": "unrest", "match": ["unrest"], "metrics": [
        {"key": "looting", "near": ["looting"], **arrested},
        {"key": "arson", "near": ["arson"], **arrested},
    ]}]}
    text = ("After the unrest, of 40 people arrested for looting or arson, only nine were held for arson, the "
            "police said.")
    assert linked(config, text)["nine"] == "arson"
    text = ("After the unrest, of 40 people arrested for arson or looting, 12 were held for looting, the "
            "police said.")
    assert linked(config, text)["12"] == "looting"


def test_a_metric_that_counts_all_the_figure_counts_fits_best(linked):
    homes = ["homes", "houses"]
    config = {"topics": [{"name": "quake", "match": ["quake"], "metrics": [
        {"key": "hit", "counts": homes, "state": ["damaged", "collapsed"], "kind": "cumulative"},
        {"key": "flattened", "counts": homes, "state": ["collapsed", "completely collapsed"], "kind": "cumulative"},
        {"key": "partly", "counts": homes, "state": ["partially collapsed", "partly damaged"], "kind": "cumulative"},
    ]}]}
    text = "After the quake, aid will go to the owners of 18,000 homes that partly or completely collapsed."
    assert linked(config, text)["18,000"] == "hit"
    assert linked(config, "After the quake, about 700 houses completely collapsed.")["about 700"] == "flattened"
    assert linked(config, "After the quake, some 2,300 houses partially collapsed.")["some 2,300"] == "partly"


def test_at_the_same_stage_reads_the_stage_of_the_figure_before(linked):
    present = {"counts": ["marchers"], "state": "present", "kind": "level"}
    config = {"topics": [{"name": "march", "match": ["march"], "metrics": [
        {"key": "noon_count", "near": ["midday", "noon"], **present},
        {"key": "day_count", "not_near": ["midday", "noon"], **present},
    ]}]}
    text = "At the march, by midday police had counted 81,000 marchers, against 64,000 at the same stage last week."
    assert linked(config, text)["64,000"] == "noon_count"
    text = "At the march, by midday police had counted 81,000 marchers, against 64,000 last week."
    assert linked(config, text)["64,000"] == "day_count"


def test_a_loss_share_foreseen_is_the_estimate_of_its_acronym(linked):
    config = {"topics": [{"name": "quake", "match": ["quake"], "metrics": [
        {"key": "gdp_share", "counts": ["percent", "GDP"], "state": ["losses"], "kind": "estimate",
         "unit": "percent"},
        {"key": "deaths", "counts": ["people"], "state": "killed", "kind": "cumulative"},
    ]}]}
    text = "After the quake, analysts estimate that losses could reach up to 6% of Velmar's gross domestic product."
    assert linked(config, text)["up to 6%"] == "gdp_share"
    # a share of something else is not the share of GDP
    text = "After the quake, analysts estimate that losses could reach up to 6% of Velmar's grain harvest."
    assert linked(config, text)["up to 6%"] is None


def test_shares_in_a_list_each_take_their_own_group(linked):
    rate = {"state": ["on strike", "striking"], "kind": "rate", "unit": "percent"}
    config = {"topics": [{"name": "strike", "match": ["strike"], "metrics": [
        {"key": "primary", "counts": ["primary school teachers", "primary teachers"], **rate},
        {"key": "secondary", "counts": ["secondary school teachers", "secondary teachers"], **rate},
    ]}]}
    text = ("On the strike day, the ministry put the strike rate at 38% among primary school teachers and 29% in "
            "secondary schools.")
    got = linked(config, text)
    assert got["38%"] == "primary" and got["29%"] == "secondary"
    # a share that opens a clause of its own takes the group that clause names
    text = ("On the strike day, the secondary union said 61% of secondary teachers were on strike, and the primary "
            "union spoke of 66%.")
    got = linked(config, text)
    assert got["61%"] == "secondary" and got["66%"] == "primary"


def test_both_sides_of_a_kind_are_not_one_side(linked):
    money = {"unit": "USD", "kind": "estimate"}
    config = {"topics": [{"name": "storm", "match": ["storm"], "metrics": [
        {"key": "all_losses", "description": "economic loss, insured and uninsured", "counts": ["economic loss"],
         **money},
        {"key": "insured", "counts": ["insured losses"], **money},
    ]}]}
    got = linked(config, "After the storm, analysts put insured and uninsured losses at $40 billion.")
    assert got["$40 billion"] == "all_losses"
    assert linked(config, "After the storm, analysts put insured losses at $12 billion.")["$12 billion"] == "insured"
    # with no metric that counts both sides, neither side takes it
    only = {"topics": [{"name": "storm", "match": ["storm"], "metrics": [config["topics"][0]["metrics"][1]]}]}
    assert linked(only, "After the storm, analysts put insured and uninsured losses at $40 billion.")["$40 billion"] \
        is None


def test_a_factor_links_only_to_a_metric_of_factors(linked):
    config = {"topics": [{"name": "quake", "match": ["quake"], "metrics": [
        {"key": "factor", "counts": ["times", "fold"], "state": "killed", "kind": "forecast", "unit": "ratio"},
        {"key": "deaths", "counts": ["people"], "state": "killed", "kind": "cumulative"},
    ]}]}
    text = "After the quake, the number of people killed could end up eight times higher than the count so far."
    assert linked(config, text)["eight"] == "factor"
    assert linked(config, "After the quake, officials said 240 people were killed.")["240"] == "deaths"
    # without a metric of factors, a factor is no figure claim
    only = {"topics": [{"name": "quake", "match": ["quake"], "metrics": [config["topics"][0]["metrics"][1]]}]}
    assert linked(only, text)["eight"] is None


def test_staff_are_employees_and_stopping_work_is_striking(linked):
    rate = {"state": ["on strike", "striking"], "kind": "rate", "unit": "percent"}
    config = {"topics": [{"name": "strike", "match": ["strike"], "metrics": [
        {"key": "rail", "counts": ["Railco staff", "rail workers"], **rate},
        {"key": "teachers", "counts": ["teachers"], **rate},
    ]}]}
    text = "On the strike day, at national rail operator Railco, 38.2% of employees stopped work."
    assert linked(config, text)["38.2%"] == "rail"
    # employees of no one the metric names are not its staff
    text = "On the strike day, 38.2% of employees stopped work."
    assert linked(config, text)["38.2%"] is None


def test_homes_whose_owners_qualify_are_eligible(linked):
    homes = {"counts": ["homes", "houses"], "kind": "level"}
    config = {"topics": [{"name": "quake", "match": ["quake"], "metrics": [
        {"key": "eligible", "state": ["eligible"], **homes},
        {"key": "damaged", "state": ["damaged"], **homes},
    ]}]}
    text = "After the quake, commissions found 12,400 homes whose owners qualify for compensation."
    assert linked(config, text)["12,400"] == "eligible"


def test_a_bare_count_after_bodies_buried_counts_the_dead(linked):
    config = {"topics": [{"name": "floods", "match": ["floods"], "metrics": [
        {"key": "deaths_projection", "counts": ["people", "deaths", "toll"], "state": "killed", "kind": "forecast"},
        {"key": "buried", "counts": ["bodies"], "state": "buried", "kind": "cumulative"},
    ]}]}
    text = ("After the floods, more than 3,000 bodies had been buried by Thursday, the minister said. The mayor has "
            "said the final count could climb to 20,000.")
    got = linked(config, text)
    assert got["more than 3,000"] == "buried" and got["20,000"] == "deaths_projection"
