"""Synthetic news corpora with known events, storylines and wire copies.

Run: ``python benchmarks/generate.py --articles N --out FILE.jsonl [--seed S]``, or
``from generate import generate`` and iterate ``generate(n, seed)``.

Each record has DESIGN.md's input fields (``id``, ``url``, ``title``, ``text``,
``published``, ``outlet``, ``language``) plus gold labels: ``gold_event``,
``gold_storyline`` and ``gold_duplicate_of`` (the wire original a copy repeats).

The world: about ``EVENTS_PER_DAY`` new events a day, each one step of a storyline of
1–6 events spread over weeks that share a topic vocabulary, a country and protagonists.
Several outlets write different articles on one event (different sentences built from
the event's facts with templates and synonym choices); about 15% of articles are wire
copies (another outlet's dateline, a new headline, a "Read more" line, a few words
changed). Outlets add their own boilerplate lines; about 2% of articles are undated.
Output is in time order and streamed: memory stays constant whatever ``n``.
"""

from __future__ import annotations

import argparse
import heapq
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path


def _split(text: str) -> list[str]:
    """The words of a space-separated list."""
    return text.split()


# Templates: "{a|b|c}" picks one option per rendering, "[key]" is an event fact. A
# compiled template is every combination of its options, each a format string over the
# facts, so rendering is one pick and one format_map.
Template = tuple[str, ...]
_CHOICE = re.compile(r"\{([^{}]*)\}")
_FACT = re.compile(r"\[(\w+)\]")


def template(source: str) -> Template:
    """Compile a template into all combinations of its options."""
    expansions = [""]
    for i, piece in enumerate(_CHOICE.split(source)):
        piece = _FACT.sub(r"{\1}", piece)
        options = piece.split("|") if i % 2 else [piece]
        expansions = [head + option for head in expansions for option in options]
    return tuple(expansions)


def render(compiled: Template, facts: dict[str, str], rng: random.Random) -> str:
    """Fill a template with random choices among its options and with ``facts``."""
    return compiled[int(rng.random() * len(compiled))].format_map(facts)


@dataclass(frozen=True, slots=True)
class Topic:
    """A kind of story: its vocabulary, actions, roles and quotable lines."""

    nouns: tuple[str, ...]
    actions: tuple[str, ...]  # past-tense predicates: "[leader] [action] in [city]"
    headline_actions: tuple[str, ...]
    roles: tuple[str, ...]
    orgs: tuple[str, ...]
    subjects: tuple[str, ...]
    quotes: tuple[Template, ...]


def _topic(
    nouns: str, actions: str, headlines: str, roles: str, orgs: str, subjects: str, quotes: str
) -> Topic:
    """A Topic from ';'-separated lists."""

    def split(text: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in text.split(";"))

    return Topic(
        split(nouns),
        split(actions),
        split(headlines),
        split(roles),
        split(orgs),
        split(subjects),
        tuple(template(q) for q in split(quotes)),
    )


TOPICS = (
    _topic(
        "wages; pensions; overtime pay; picket lines; working conditions; the collective agreement",
        "called a nationwide strike over pay; rejected the latest wage offer "
        "from employers; signed a provisional deal to end the walkout; threatened to extend "
        "the stoppage to the ports",
        "strike spreads; talks collapse; deal reached; walkout enters second week",
        "union leader; labour minister; employers' spokesperson",
        "Workers' Union; Transport Federation; Teachers' Association",
        "pay dispute; pension row; rail strike",
        "We {will not|are not going to} accept a deal that "
        "leaves [noun1] {behind|unresolved}; The [subject] has {gone on|lasted} long enough "
        "and families in [city] are paying the price; Nobody wants a strike, but [noun2] "
        "{cannot|must not} be sacrificed",
    ),
    _topic(
        "floodwaters; rainfall; levees; evacuation centres; rescue teams; relief supplies",
        "declared a state of emergency after record rainfall; ordered the evacuation of "
        "low-lying districts; released emergency funds for flood victims; inspected the "
        "damaged levees by helicopter",
        "floods worsen; thousands evacuated; river bursts its banks; relief effort stalls",
        "interior minister; regional governor; disaster agency chief",
        "Disaster Relief Agency; Red Crescent Society; Civil Protection Office",
        "flood crisis; monsoon floods; river flooding",
        "Our priority is "
        "{to reach|getting help to} everyone cut off by the [noun1]; We {are|remain} "
        "deeply worried about the state of the [noun2]; The damage in [city] is worse than "
        "anything we {have seen|have recorded} in [years] years",
    ),
    _topic(
        "ballots; turnout; polling stations; the coalition; the campaign; swing voters",
        "announced an early general election; conceded defeat in the runoff; formed a new "
        "coalition government; disputed the official vote count",
        "election called; coalition deal struck; results disputed; runoff looms",
        "opposition leader; prime minister; election commissioner",
        "Electoral Commission; Democratic Alliance; People's Front",
        "election campaign; coalition talks; vote count dispute",
        "The "
        "people of [country] {deserve|have earned} a government that listens; Every vote "
        "will be counted and {every|each} complaint examined; This [subject] is about "
        "[noun1], not about personalities",
    ),
    _topic(
        "tariffs; exports; inflation; interest rates; the currency; investors",
        "raised "
        "interest rates for the third time this year; imposed new tariffs on imported "
        "steel; unveiled a plan to curb inflation; announced a rescue package for "
        "exporters",
        "rates rise again; tariffs bite; currency slides; markets rattled",
        "finance minister; central bank governor; trade envoy",
        "Central Bank; Chamber of Commerce; Exporters' Council",
        "currency crisis; tariff dispute; inflation fight",
        "We {will do|are prepared to do} whatever it takes to protect [noun1]; "
        "{Markets|Investors} need clarity, and today they got it; The [subject] will "
        "{not be solved|not end} overnight",
    ),
    _topic(
        "the indictment; prosecutors; testimony; defence lawyers; bribery charges; the appeal",
        "was charged with bribery and abuse of office; testified for six hours "
        "before the anti-corruption court; was acquitted on all counts; lodged an appeal "
        "against the verdict",
        "charges filed; verdict delivered; star witness testifies; appeal lodged",
        "chief prosecutor; defence lawyer; justice minister",
        "Anti-Corruption Bureau; Bar Association; Supreme Court",
        "corruption trial; bribery scandal; procurement inquiry",
        "My client {is innocent|has done nothing "
        "wrong} and we will prove it; No one in [country] is above the law; The evidence "
        "on [noun1] {speaks for itself|is overwhelming}",
    ),
    _topic(
        "the blaze; firefighters; containment lines; evacuation orders; water bombers; the drought",
        "ordered thousands of residents to leave their homes; requested "
        "firefighting aircraft from neighbouring countries; declared the fire contained; "
        "visited the burned villages",
        "wildfire rages; fire jumps highway; blaze contained; villages evacuated",
        "fire chief; environment minister; regional governor",
        "Forest Service; Fire and Rescue Service; Environment Agency",
        "wildfire season; forest fires; bushfire emergency",
        "The wind is our biggest "
        "{enemy|problem} right now; We {owe|give} our thanks to every one of the "
        "[noun2]; Climate conditions made this fire {impossible|very hard} to predict",
    ),
    _topic(
        "infections; vaccination; hospitals; quarantine; case numbers; health workers",
        "confirmed a cluster of new infections; launched a mass vaccination drive; "
        "imposed quarantine on three districts; declared the outbreak over",
        "cases climb; vaccination drive begins; quarantine imposed; outbreak declared over",
        "health minister; chief medical officer; hospital director",
        "Health Ministry; Medical Association; Public Health Institute",
        "disease outbreak; cholera outbreak; measles epidemic",
        "The risk to the public {remains|is still} low, "
        "but we are not complacent; Our [noun2] are exhausted and need support; "
        "{Vaccination|Testing} is the fastest way out of this",
    ),
    _topic(
        "the summit; the delegation; the ceasefire; the border; sanctions; the treaty",
        "hosted a summit with neighbouring leaders; signed a border agreement; announced "
        "new sanctions; agreed to a temporary ceasefire",
        "summit opens; ceasefire agreed; sanctions announced; border deal signed",
        "foreign minister; special envoy; president",
        "Foreign Ministry; Regional Security Council; Peace Commission",
        "border dispute; peace talks; sanctions row",
        "Dialogue is the "
        "only {path|way} to lasting peace; We came to [city] to listen, not to lecture; "
        "[noun1] {must|should} be respected by all sides",
    ),
    _topic(
        "shareholders; the acquisition; regulators; layoffs; quarterly earnings; the share price",
        "agreed to buy its largest rival; announced plans to cut 2,000 "
        "jobs; reported a surprise quarterly loss; faced an antitrust investigation",
        "merger agreed; job cuts announced; profits slump; regulators step in",
        "chief executive; competition regulator; chief financial officer",
        "Holdings; Group; Industries",
        "takeover battle; restructuring plan; antitrust case",
        "This deal "
        "{creates|builds} a stronger company for [noun1] and customers; We {regret|deeply "
        "regret} the impact on our staff; The regulators {will|must} look at this "
        "carefully",
    ),
    _topic(
        "the bridge; the railway line; contractors; cost overruns; commuters; the tunnel",
        "opened the long-delayed railway line; halted construction over safety concerns; "
        "awarded the tunnel contract; announced a review of cost overruns",
        "line opens; construction halted; contract awarded; costs soar",
        "transport minister; city mayor; project director",
        "Rail Authority; Highways Agency; Infrastructure Fund",
        "rail project; bridge scandal; metro expansion",
        "This project will change how "
        "people in [city] {travel|get to work}; We {will not|cannot} cut corners on "
        "safety; The [noun3] {should have been|could have been} finished years ago",
    ),
    _topic(
        "demonstrators; the police; the rally; arrests; the curfew; barricades",
        "led a march of thousands through the capital; imposed a night-time curfew; "
        "ordered the release of detained protesters; called for a general strike",
        "protests grow; curfew imposed; hundreds arrested; march turns violent",
        "interior minister; protest organiser; police chief",
        "Civic Movement; Students' Union; Human Rights League",
        "protest movement; fuel price protests; student protests",
        "We {will stay|are staying} on the streets until we are heard; Peaceful "
        "protest is a right, but violence {will not be tolerated|is unacceptable}; "
        "{The anger|People's anger} over [noun2] is real",
    ),
)

_SLOT_SOURCES = (
    "[leader], the [leader_role], [action] in [city] on [weekday], {officials said|according "
    "to officials|a move that drew immediate reaction across [country]}.|{Officials|"
    "Authorities} in [city] {said|confirmed} on [weekday] that [leader] had [action], "
    "{escalating|reshaping} the [subject] that has {dominated|gripped} [country] {for weeks|"
    "since [month]}.|The [subject] took a new turn on [weekday] when [leader] [action] in "
    "[city], {according to|citing} {statements from|people close to} the [org].",
    '"[quote1]," [leader_last] {said|told reporters|said in a statement} {on [weekday]|in '
    '[city]|after the meeting}.|"[quote1]," said [leader_last], {who has led|who has been at '
    "the centre of} the [subject] {since [month]|from the start}.|[leader_last] {was blunt|did "
    'not mince words}: "[quote1]."',
    '"[quote2]," said [rival], the [rival_role], {in a statement|speaking to reporters} '
    '{in [capital]|later that day}.|[rival], the [rival_role], {responded|replied} that "'
    '[quote2]."|{Asked about|Responding to} the decision, [rival_last] said: "[quote2]."',
    "{At least|More than|Nearly} [count] people {were affected|were directly affected}, "
    "{according to|said} [official], the [official_role].|[official], the [official_role], "
    "{put the number of people affected at|said the toll had reached} [count] by [weekday] "
    "evening.|{Figures|Numbers} released by the [org] {showed|suggested} [count] people had "
    "been affected.",
    "The {cost|bill} of the [subject] {has been estimated at|is put at} [amount], a figure "
    "{disputed by|questioned by} the [org].|{Economists|Analysts} in [capital] {estimate|"
    "believe} that the [subject] has already cost [amount].|[amount] {has been set aside|was "
    "earmarked} {to deal with|to respond to} [noun1], [official_last] said.",
    "A survey {published|released} this month {found|showed} that [pct] of people in "
    "[country] {support|back} the [leader_role].|Support for [leader_last] {has fallen|has "
    "risen} by [pct] since the start of the [subject], {polls suggest|according to polls}.",
    "{Earlier|Before that}, in a step {closely watched|followed} across [country], [previous]."
    "|The decision {follows|comes after} [previous], {a step that|which} {set the tone|raised "
    "the stakes} for the weeks that followed.",
    "The [org] {said it was|described itself as} {studying|reviewing} the decision and would "
    "{respond|comment} {in due course|once it had seen the details}.|{In a statement|In a "
    "written response}, the [org] {welcomed|criticised} the move and called for "
    "{clarity|more detail} on [noun2].",
    '"{I have never seen anything like it|Nobody here expected this}," said [witness], who '
    "{lives near|works close to} [place] in [city].|[witness], {a resident|a shopkeeper} "
    "{near|close to} [place], said {the mood|the atmosphere} in [city] was {tense|uneasy} "
    "{on [weekday]|that evening}.",
    "The [subject] is the {biggest|most serious} test for [country] in [years] years, "
    "{analysts say|according to observers}.|{Observers|Analysts} {describe|call} it the "
    "{worst|deepest} crisis of its kind in [country] for [years] years.",
    "{The next step|What happens next} {is expected|is likely} to be {decided|settled} at a "
    "meeting in [capital] {later this week|next week}, [official_last] said.|[leader_last] "
    "{is expected|is due} to {meet|hold talks with} the [org] {in the coming days|before the "
    "end of the month}.",
    "Questions about [noun1] have {dominated|shaped} {the debate|the discussion} in [country] "
    "{since [month]|for weeks}, and [leader_last] has {faced|come under} growing pressure.|"
    "{Much|Most} of the {argument|disagreement} {centres|turns} on [noun1] and who should "
    "{pay for|answer for} it.",
    "[rival_last] {accused|has accused} [leader_last] of {ignoring|neglecting} [noun2] and "
    "{mishandling|misreading} the [subject].|{Critics|Opponents}, including [rival_last], "
    "{argue|say} that [noun2] {were|was} {ignored|sidelined} for too long.",
    "{In [city]|Across the region}, [noun3] {remained|was still} the {main|chief} concern "
    "for {residents|many people} on [weekday].|{Local|Regional} officials said [noun3] "
    "{would|could} take {weeks|months} to {sort out|resolve}.",
    "[official], the [official_role], {told reporters|said at a news conference} that the "
    "government {was monitoring|was following} the situation {closely|around the clock}.|"
    "{Speaking|Talking} to journalists in [capital], [official] said {the authorities|the "
    "government} {had a plan|were ready} for {every|any} outcome.",
    "[rival_last] {said|argued} that the [leader_role] had {acted too late|moved too slowly} "
    "and {called for|demanded} {an inquiry|a full inquiry} into the handling of [thing].|"
    "The opposition {wants|is calling for} {an independent|a parliamentary} review of "
    "[thing], [rival_last] said.",
    "{Neighbouring governments|Foreign governments} {said they were watching|are watching} "
    "developments in [country] {closely|with concern}, {diplomats said|according to "
    "diplomats}.|{Several|A number of} embassies in [capital] {issued|updated} their advice "
    "to travellers on [weekday].",
    "{Crowds|People} gathered at [place] in [city] {on [weekday] evening|as news spread}, "
    "{some carrying|many holding} {placards|flags}.|[place] in [city] {was|remained} "
    "{busier than usual|unusually quiet} {on [weekday]|throughout the day}.",
    "The events of [date] {are likely to|will probably} {shape|define} the [subject] for "
    "{months|a long time} to come, [witness_last] said.|{By [date]|On [date]}, the [subject] "
    "had {entered|reached} {a new|a more difficult} phase, {officials|commentators} said.",
    "The [org] {has long|has repeatedly} {criticised|questioned} the [leader_role]'s approach "
    "to [noun1].|{Relations|Ties} between the [org] and [leader_last] {have been|were} "
    "{strained|tense} {for some time|since [month]}.",
    "{Businesses|Traders} in [city] {said|reported} sales {had fallen|were down} by [pct] "
    "{since the start of|during} the [subject].|The [subject] {has cost|is costing} the "
    "economy of [country] {dearly|billions}, with [amount] {lost|wiped off} so far.",
    "{Some|Around} [big] people {have signed|signed} a petition {about|on} [noun2], "
    "{organisers said|according to its organisers}.|{An estimated|Some} [big] people "
    "{followed|watched} the {announcement|decision} {live|online}, [official_last] said.",
    "It {was not clear|remained unclear} {on [weekday]|by late [weekday]} whether [leader_last] "
    "would {change course|back down}.|{It is|It remains} {uncertain|unclear} how the [org] "
    "will {respond|react} to [leader_last]'s {decision|move}.",
    "{Images|Videos} {shared|posted} online {showed|appeared to show} [noun3] in [city], "
    "{though|but} they could not be {independently verified|verified independently}.|"
    "{On social media|Online}, the hashtag about the [subject] {was trending|spread quickly} "
    "in [country] {on [weekday]|within hours}.",
    "[country] {last faced|last went through} {a comparable|a similar} {crisis|situation} "
    "[years] years ago, when [noun2] {was|were} also at the heart of the dispute.|The last "
    "time [country] {saw|experienced} {something similar|anything like this} was [years] "
    "years ago, {historians|older residents} recall.",
    "The [org] said it would {release|publish} {further details|a full statement} {later this "
    "week|in the coming days}.|{More|Further} {information|details} {is expected|will be "
    "released} {by the end of the week|after the next meeting}, the [org] said.",
    "[leader_last] {also said|added} that [noun1] {would|will} {remain|stay} {a priority|at "
    "the top of the agenda} {for the government|in [capital]}.|{Asked|Pressed} about [noun1], "
    "[leader_last] {said|insisted} that {work|progress} {was|had been} {under way|made}.",
    "The [leader_role] {spent|passed} much of [weekday] in meetings with {advisers|aides} and "
    "{did not|declined to} take questions from {reporters|journalists}.|{Aides|Advisers} to "
    "[leader_last] said the [leader_role] {had slept little|had been working late} {in recent "
    "days|all week}.",
    "{Residents|Families} in [city] {described|recalled} {long queues|hours of waiting} and "
    "{confusion|frustration} over [noun1] {on [weekday]|as the day went on}.|In [city], "
    "{queues|crowds} {formed|built up} {early|before dawn} as people {sought|looked for} "
    "{information|news} about [noun1].",
    "{Schools|Several schools} in [city] {stayed|remained} {closed|shut} on [weekday], and "
    "{some|several} {roads|streets} near [place] were {blocked|closed}.|{Traffic|Transport} in "
    "[city] was {disrupted|slowed} for {hours|much of the day} near [place].",
    "{Newspapers|Commentators} in [capital] {were divided|disagreed} over {whether|if} "
    "[leader_last] had {read the mood|judged the moment} {correctly|well}.|{Editorials|Columns} "
    "in the {national|local} press {praised|questioned} the [leader_role]'s {handling|"
    "management} of [noun3].",
    "The [org] {has|says it has} [big] members {across|throughout} [country], {many of them|"
    "most of them} in [city].|{Founded|Set up} [years] years ago, the [org] {has|claims} "
    "[big] {members|supporters} {nationwide|across the country}.",
    "{Legal experts|Lawyers} {said|noted} that {any|a} {challenge|court challenge} to the "
    "decision {could|might} take {months|a year} to {resolve|settle}.|{A|One} {legal "
    "expert|constitutional lawyer} in [capital] said the {rules|law} on [noun2] {were|"
    "remained} {unclear|ambiguous}.",
    "[official_last] {said|added} that {a|an independent} {review|assessment} of [thing] "
    "{would|will} be {completed|finished} by the end of [month].|A {report|review} on "
    "[thing] is {due|expected} before the end of [month], [official_last] said.",
    "{Volunteers|Community groups} in [city] {organised|set up} {food|aid} {collections|"
    "points} {over the weekend|during the week}, {local media reported|according to local "
    "media}.|{Churches|Local charities} in [city] {opened their doors|offered shelter} to "
    "{those affected|people affected} by [noun3].",
    "{Opinion|Public opinion} in [country] {appears|seems} {split|divided}, with {many|some} "
    "{blaming|faulting} the [org] and {others|some} {blaming|faulting} [leader_last].|"
    "{Younger|Older} voters in [country] {appear|seem} {most|more} {critical|supportive} "
    "of [leader_last]'s {stance|position} on [noun1].",
    "[witness_last] said {many|most} {neighbours|people she knew} {were|had been} "
    '{worried|anxious} about [noun2] {for months|long before [date]}.|"{We just want|All '
    'we want is} {answers|clarity}," [witness_last] said {outside [place]|in [city]}.',
    "The [subject] {has also|has} {drawn|attracted} {attention|interest} from "
    "{international|foreign} {media|observers}, {with|and} {reporters|crews} {arriving|"
    "gathering} in [city].|{Foreign|International} {reporters|camera crews} {were|had "
    "been} {waiting|gathered} {near|outside} [place] {since early|from the early hours of} "
    "[weekday].",
    "{Officials|Authorities} {declined|refused} to {say|confirm} {whether|if} [leader_last] "
    "{had consulted|had spoken to} the [org] {before|ahead of} the {announcement|"
    "decision}.|{It was not|It is not} {known|clear} {whether|if} the [org] had been "
    "{told|informed} {in advance|beforehand}, [official_last] said.",
    "{Shortly after|Soon after} [date], [official_last] {met|held talks with} "
    "{representatives|members} of the [org] in [capital].|The [official_role] {is due|is "
    "expected} to {brief|address} parliament on the [subject] {next week|on [weekday]}.",
)


def _alternatives(source: str) -> list[str]:
    """Split a slot's source on the "|" that separate whole templates (outside braces)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(source):
        depth += (char == "{") - (char == "}")
        if char == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
    return [*parts, source[start:]]


SLOTS = tuple(tuple(template(t) for t in _alternatives(source)) for source in _SLOT_SOURCES)
TITLES = tuple(
    template(t)
    for t in (
        "[leader_last] {vows|pledges} {action|to act} as [subject] {deepens|escalates}",
        "[subject]: [headline_action] in [city]",
        "[country]'s [subject] {enters|reaches} {a new phase|a critical stage} after [weekday]'s "
        "{move|decision}",
        "{At least|More than} [count] {affected|involved} as [subject] {hits|grips} [city]",
        "[org] {responds to|criticises} [leader_last] over [noun1]",
        "What we know about the [subject] in [country] {so far|after [weekday]}",
        "[rival_last] {hits back at|challenges} [leader_last] as [headline_action]",
        "[city]: [headline_action] as {concern over|anger over} [noun2] grows",
    )
)
RECAPS = tuple(
    template(t)
    for t in (
        "[leader_last] [action] in [city] on [date]",
        "the [org] {reacted|responded} to events in [city] on [date], when [leader_last] [action]",
    )
)
# Wire copies: a few words changed by the outlet that republished the story.
COPY_SWAPS = (
    (" said ", " stated "),
    (" people ", " residents "),
    (" officials ", " authorities "),
    (" percent", "%"),
    (" told ", " informed "),
    (" expected ", " anticipated "),
    (" also ", " further "),
    (" about ", " regarding "),
    (" nearly ", " almost "),
    (" biggest ", " largest "),
    (" more ", " additional "),
    (" but ", " however, "),
)

__all__ = ["EVENTS_PER_DAY", "generate", "main"]

EVENTS_PER_DAY = 30  # new events a day: keeps the number of live stories constant
START = datetime(2023, 1, 2, tzinfo=UTC)
COPY_SHARE = 0.15  # share of articles that are wire copies
UNDATED_SHARE = 0.02
VARIANTS = 3  # renderings of each sentence slot per event; articles pick among them
STORYLINE_SIZES = (1, 2, 3, 4, 5, 6)
STORYLINE_WEIGHTS = (30, 25, 20, 12, 8, 5)
MEAN_STORYLINE = sum(s * w for s, w in zip(STORYLINE_SIZES, STORYLINE_WEIGHTS, strict=True)) / sum(
    STORYLINE_WEIGHTS
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = _split(
    "January February March April May June July August September October November December"
)

_ONSETS = _split("b c d f g h j k l m n p r s t v w z br dr gr kr st tr th sh ch v l")
_VOWELS = _split("a e i o u a e o ai ei ou ia")
_CODAS = ["", "", "", "n", "r", "l", "s", "th", "m", "k", "nd", "rt"]
_GIVEN_ENDS = ["a", "o", "in", "el", "an", "ia", "or", "is", "e", "ah"]
_FAMILY_ENDS = ["ov", "ez", "ski", "son", "ani", "ura", "ten", "ic", "wood", "ard", "ay", "enko"]
_COUNTRY_ENDS = ["ia", "land", "stan", "ova", "ar", "esh", "ania", "ay"]
_CITY_ENDS = ["grad", "port", "ville", "holm", "burg", "a", "ora", "ton", "abad", "ene"]
_PAPERS = [
    "Courier",
    "Herald",
    "Gazette",
    "Tribune",
    "Chronicle",
    "Post",
    "Observer",
    "Times",
    "Ledger",
    "Dispatch",
    "Journal",
    "Sentinel",
    "Monitor",
    "Record",
]
_WIRES = ["Press Agency", "News Agency", "Wire", "Press Service"]


@dataclass(frozen=True, slots=True)
class Outlet:
    """A made-up news outlet: name, domain, boilerplate, wire or not."""

    name: str
    domain: str
    footer: tuple[str, ...]
    wire: bool
    separator: str  # a line some outlets put between paragraphs


@dataclass(slots=True)
class Storyline:
    """One storyline: a topic, a country, protagonists and a coined subject."""

    key: str
    topic: Topic
    facts: dict[str, str]
    events_left: int
    cities: tuple[str, ...]
    previous: str = ""  # what its last event did, for background sentences


@dataclass(slots=True)
class Event:
    """One event and the sentences its articles are assembled from."""

    key: str
    storyline: Storyline
    when: datetime
    facts: dict[str, str]
    pool: dict[int, str] = field(default_factory=dict)  # slot * VARIANTS + variant -> text
    # slot -> (article id, outlet index, paragraphs) of originals that copies may repeat
    originals: dict[int, tuple[str, int, list[str]]] = field(default_factory=dict)


class _Names:
    """Pronounceable made-up names from syllable tables."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def stem(self, syllables: int) -> str:
        """A few syllables glued together."""
        rng = self.rng
        parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)]
        return "".join(parts) + rng.choice(_CODAS)

    def person(self) -> tuple[str, str]:
        """A full name and the family name alone."""
        given = (self.stem(1) + self.rng.choice(_GIVEN_ENDS)).capitalize()
        family = (self.stem(self.rng.randint(1, 2)) + self.rng.choice(_FAMILY_ENDS)).capitalize()
        return f"{given} {family}", family

    def place(self, ends: list[str]) -> str:
        """A country or city name."""
        return (self.stem(self.rng.randint(1, 2)) + self.rng.choice(ends)).capitalize()

    def word(self) -> str:
        """A capitalised coined word (a project, a company, a party)."""
        return self.stem(self.rng.randint(1, 2)).capitalize()


def make_outlets(rng: random.Random, count: int = 40) -> list[Outlet]:
    """``count`` outlets, the first few of them wire services."""
    names = _Names(rng)
    outlets: list[Outlet] = []
    seen: set[str] = set()
    while len(outlets) < count:
        wire = len(outlets) < 5
        place = names.place(_CITY_ENDS)
        if wire:
            name = f"{place} {rng.choice(_WIRES)}"
        elif rng.random() < 0.6:
            name = f"The {place} {rng.choice(_PAPERS)}"
        else:
            name = f"{place} {rng.choice(['Daily', 'News', 'Today', 'Online', 'Radio'])}"
        slug = re.sub(r"[^a-z]", "", name.lower().removeprefix("the "))
        if slug in seen:
            continue
        seen.add(slug)
        short = name.removeprefix("The ")
        footer_options = [
            f"© {name}. All rights reserved.",
            f"Follow {short} for the latest updates.",
            f"Sign up for the {short} newsletter to get the day's top stories.",
            f"This article may not be republished without permission from {short}.",
            "Share this article",
            f"Got a tip? Contact the {short} newsroom.",
        ]
        footer = tuple(rng.sample(footer_options, rng.randint(1, 2)))
        separator = rng.choice(["", "", "", "Advertisement", "ADVERTISEMENT", "Story continues"])
        outlets.append(Outlet(name, f"www.{slug}.com", footer, wire, separator))
    return outlets


def _storyline(key: str, rng: random.Random, names: _Names) -> Storyline:
    """A new storyline with its own country, protagonists and subject."""
    topic = rng.choice(TOPICS)
    country = names.place(_COUNTRY_ENDS)
    cities = tuple(names.place(_CITY_ENDS) for _ in range(3))
    leader, leader_last = names.person()
    rival, rival_last = names.person()
    facts = {
        "country": country,
        "capital": cities[0],
        "leader": leader,
        "leader_last": leader_last,
        "leader_role": rng.choice(topic.roles),
        "rival": rival,
        "rival_last": rival_last,
        "rival_role": rng.choice(topic.roles),
        "org": f"{names.word()} {rng.choice(topic.orgs)}",
        "subject": f"{names.word()} {rng.choice(topic.subjects)}",
        "noun1": rng.choice(topic.nouns),
        "noun2": rng.choice(topic.nouns),
        "noun3": rng.choice(topic.nouns),
    }
    size = rng.choices(STORYLINE_SIZES, STORYLINE_WEIGHTS)[0]
    return Storyline(key, topic, facts, size, cities)


def _event(key: str, line: Storyline, when: datetime, rng: random.Random, names: _Names) -> Event:
    """A new event of ``line`` with its own actors, place and numbers."""
    topic = line.topic
    witness, witness_last = names.person()
    official, official_last = names.person()
    facts = dict(line.facts)
    facts.update(
        city=rng.choice(line.cities),
        weekday=WEEKDAYS[when.weekday()],
        date=f"{MONTHS[when.month - 1]} {when.day}",
        month=MONTHS[when.month - 1],
        action=rng.choice(topic.actions),
        headline_action=rng.choice(topic.headline_actions),
        thing=rng.choice(topic.nouns),
        witness=witness,
        witness_last=witness_last,
        official=official,
        official_last=official_last,
        official_role=rng.choice(topic.roles),
        count=f"{rng.randint(12, 980):,}",
        big=f"{rng.randint(2, 95)},{rng.randint(0, 999):03d}",
        amount=f"{rng.randint(2, 900)} million {rng.choice(['dollars', 'euros'])}",
        pct=f"{rng.randint(2, 48)} percent",
        years=str(rng.randint(3, 40)),
        place=f"{names.word()} {rng.choice(['Square', 'Street', 'district', 'bridge', 'hall'])}",
        previous=line.previous or f"{line.facts['leader']} first raised the issue",
    )
    facts["quote1"] = render(rng.choice(topic.quotes), facts, rng)
    facts["quote2"] = render(rng.choice(topic.quotes), facts, rng)
    line.previous = render(rng.choice(RECAPS), facts, rng)
    return Event(key, line, when, facts)


def _article_body(event: Event, rng: random.Random, orders: list[list[int]]) -> list[str]:
    """Paragraphs of a fresh article: a lead, then a random choice of the other slots.

    Each slot has ``VARIANTS`` renderings per event, made on first use and shared by the
    event's articles, so two articles on one event share some sentences, as real ones do.
    """
    rnd = rng.random
    pool, facts = event.pool, event.facts
    count = 17 + int(rnd() * (len(SLOTS) - 16))
    sentences: list[str] = []
    for slot in orders[int(rnd() * len(orders))][:count]:
        variant = int(rnd() * VARIANTS)
        key = slot * VARIANTS + variant
        text = pool.get(key)
        if text is None:
            templates = SLOTS[slot]
            text = pool[key] = render(templates[(variant + slot) % len(templates)], facts, rng)
        sentences.append(text)
    paragraphs = [sentences[0]]
    i = 1
    while i < len(sentences):
        take = 1 + int(rnd() * 4)
        paragraphs.append(" ".join(sentences[i : i + take]))
        i += take
    return paragraphs


def _dateline(city: str, outlet: Outlet) -> str:
    """A dateline such as ``VELMORA (Kestra Wire) — ``."""
    return f"{city.upper()} ({outlet.name.removeprefix('The ')}) — "


def _assemble(paragraphs: list[str], outlet: Outlet, extra: tuple[str, ...] = ()) -> str:
    """Article text: paragraphs, the outlet's separator line, extra lines, its footer."""
    lines = list(paragraphs)
    if outlet.separator and len(lines) > 3:
        lines.insert(len(lines) // 2, outlet.separator)
    lines.extend(extra)
    lines.extend(outlet.footer)
    return "\n\n".join(lines)


def _copy_body(
    paragraphs: list[str], city: str, source: Outlet, outlet: Outlet, rng: random.Random
) -> list[str]:
    """A wire copy's paragraphs: the copier's dateline and a few words changed."""
    first = paragraphs[0].removeprefix(_dateline(city, source))
    body = [_dateline(city, outlet) + first, *paragraphs[1:]]
    for _ in range(rng.randint(0, 4)):
        old, new = rng.choice(COPY_SWAPS)
        i = rng.randrange(len(body))
        body[i] = body[i].replace(old, new, 1)
    return body


@dataclass(order=True, slots=True)
class _Plan:
    """One article to write: when, by whom, and what it copies (if anything)."""

    when: datetime
    order: int
    event: Event = field(compare=False)
    outlet: int = field(compare=False)
    slot: int = field(compare=False)  # index of this article within its event
    copies: int = field(compare=False, default=-1)  # slot of the original, -1 for none


def _plan_event(
    event: Event, rng: random.Random, outlets: list[Outlet], counter: list[int]
) -> list[_Plan]:
    """The articles an event gets: several outlets' own, maybe wire copies of one."""
    originals = rng.randint(2, 13)
    chosen = rng.sample(range(len(outlets)), originals + 8)
    plans: list[_Plan] = []
    for slot in range(originals):
        delay = timedelta(hours=min(rng.expovariate(1 / 8), 60), minutes=rng.randint(0, 59))
        counter[0] += 1
        plans.append(_Plan(event.when + delay, counter[0], event, chosen[slot], slot))
    # ~1.33 copies per event on top of 7.5 originals makes ~15% copies.
    copy_mean = COPY_SHARE / (1 - COPY_SHARE) * 7.5
    if rng.random() < copy_mean / 3.5:
        writing = {plan.outlet for plan in plans}
        wires = [i for i, outlet in enumerate(outlets) if outlet.wire and i not in writing]
        if not wires:
            return plans
        source = plans[0]
        source.outlet = rng.choice(wires)
        copiers = [i for i in chosen[originals:] if not outlets[i].wire]
        for n, outlet in enumerate(copiers[: rng.randint(1, 6)]):
            delay = timedelta(minutes=rng.randint(10, 720))
            counter[0] += 1
            plans.append(
                _Plan(source.when + delay, counter[0], event, outlet, originals + n, copies=0)
            )
    return plans


@dataclass(slots=True)
class _World:
    """What every article draws on: the random stream, outlets, sentence orders."""

    seed: int
    rng: random.Random
    outlets: list[Outlet]
    orders: list[list[int]]  # random orders of the non-lead slots, lead first


def _record(plan: _Plan, number: int, world: _World) -> dict[str, object]:
    """Write one planned article."""
    rng, outlets = world.rng, world.outlets
    event, outlet = plan.event, outlets[plan.outlet]
    facts = event.facts
    article_id = f"syn{world.seed}-{number:07d}"
    title = render(rng.choice(TITLES), facts, rng)
    duplicate_of: str | None = None
    if plan.copies < 0:
        paragraphs = _article_body(event, rng, world.orders)
        if outlet.wire or rng.random() < 0.4:
            paragraphs[0] = _dateline(facts["city"], outlet) + paragraphs[0]
        text = _assemble(paragraphs, outlet)
        event.originals[plan.slot] = (article_id, plan.outlet, paragraphs)
    else:
        duplicate_of, source, source_body = event.originals[plan.copies]
        paragraphs = _copy_body(source_body, facts["city"], outlets[source], outlet, rng)
        more = f"Read more: {render(rng.choice(TITLES), facts, rng)}"
        text = _assemble(paragraphs, outlet, (more,))
    slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:8])
    when = plan.when
    record: dict[str, object] = {
        "id": article_id,
        "url": f"https://{outlet.domain}/{when:%Y/%m/%d}/{slug}-{number}",
        "title": title,
        "text": text,
        "outlet": outlet.name,
        "language": "en",
    }
    if rng.random() >= UNDATED_SHARE:
        record["published"] = when.isoformat(timespec="seconds")
    record["gold_event"] = event.key
    record["gold_storyline"] = event.storyline.key
    record["gold_duplicate_of"] = duplicate_of
    return record


def generate(n: int, seed: int = 0) -> Iterator[dict[str, object]]:
    """Yield ``n`` synthetic articles in publication order, deterministically for ``seed``."""
    if n < 0:
        raise ValueError(f"number of articles must be >= 0, got {n}")
    rng = random.Random(seed)
    names = _Names(random.Random(seed * 7919 + 1))
    outlets = make_outlets(random.Random(seed * 7919 + 2))
    order_rng = random.Random(seed * 7919 + 3)
    # A fixed stock of sentence orders: drawing one is far cheaper than shuffling.
    orders = [[0, *order_rng.sample(range(1, len(SLOTS)), len(SLOTS) - 1)] for _ in range(512)]
    world = _World(seed, rng, outlets, orders)
    counter = [0]
    # Heaps: planned articles by time, storylines by the day of their next event.
    plans: list[_Plan] = []
    due: list[tuple[int, int, Storyline]] = []
    storylines = events = emitted = 0
    day = 0
    while emitted < n:
        # Everything planned before the start of the next day is final: events and
        # copies only ever plan articles after themselves.
        horizon = START + timedelta(days=day)
        while plans and plans[0].when < horizon and emitted < n:
            plan = heapq.heappop(plans)
            emitted += 1
            yield _record(plan, emitted, world)
        if emitted >= n:
            return
        new_lines = rng.randint(
            int(EVENTS_PER_DAY / MEAN_STORYLINE * 0.7), int(EVENTS_PER_DAY / MEAN_STORYLINE * 1.3)
        )
        for _ in range(new_lines):
            storylines += 1
            line = _storyline(f"sl{seed}-{storylines:06d}", rng, names)
            heapq.heappush(due, (day, storylines, line))
        while due and due[0][0] == day:
            _, order, line = heapq.heappop(due)
            events += 1
            when = START + timedelta(days=day, minutes=rng.randint(6 * 60, 22 * 60))
            event = _event(f"ev{seed}-{events:07d}", line, when, rng, names)
            for plan in _plan_event(event, rng, outlets, counter):
                heapq.heappush(plans, plan)
            line.events_left -= 1
            if line.events_left > 0:
                heapq.heappush(due, (day + rng.randint(2, 12), order, line))
        day += 1


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: write a corpus as JSONL and report the rate."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True, help="number of articles")
    parser.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with args.out.open("w", encoding="utf-8") as out:
        for record in generate(args.articles, args.seed):
            out.write(json.dumps(record))  # ASCII escapes: faster to write than raw UTF-8
            out.write("\n")
    elapsed = time.perf_counter() - start
    rate = args.articles / elapsed if elapsed else 0.0
    print(
        f"{args.articles} articles -> {args.out} in {elapsed:.1f} s ({rate:,.0f}/s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
