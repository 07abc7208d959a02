"""Cue lexicons of the built-in coder: verbs, nouns and titles to PLOVER, CAMEO and sectors.

General English political vocabulary, one entry per sense the coder can tell apart from
the parse alone; CAMEO root codes follow the CAMEO 1.1b3 codebook.
"""

from __future__ import annotations

__all__ = [
    "CAMEO_ROOT_TO_PLOVER",
    "COMPLEMENT_GOVERNORS",
    "COMPOUND_CUES",
    "CONFLICT_TYPES",
    "INTENT_WORDS",
    "LANGUAGE_NOUNS",
    "LIGHT_VERBS",
    "NOUN_CUES",
    "OBJECT_VERBS",
    "PHRASAL_CUES",
    "PHRASAL_SYNONYMS",
    "PLOVER_ROOT",
    "REDUCING_VERBS",
    "REPORTING_VERBS",
    "SECTOR_WORDS",
    "TRUCES",
    "UNILATERAL_VERBS",
    "VERB_CUES",
    "plover_for_cameo",
]

# PLOVER type -> the CAMEO root code it mostly covers.
PLOVER_ROOT: dict[str, str] = {
    "AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07",
    "CONCEDE": "08", "RETREAT": "08", "INVESTIGATE": "09", "DEMAND": "10", "REQUEST": "02",
    "DISAPPROVE": "11", "ACCUSE": "11", "REJECT": "12", "THREATEN": "13", "PROTEST": "14",
    "MOBILIZE": "15", "SANCTION": "16", "COERCE": "17", "ASSAULT": "18", "FIGHT": "19",
}  # fmt: skip

# CAMEO root (two digits) -> PLOVER type; 01 (public statements) has no PLOVER event.
CAMEO_ROOT_TO_PLOVER: dict[str, str] = {
    "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE",
    "07": "AID", "08": "CONCEDE", "09": "INVESTIGATE", "10": "DEMAND", "11": "DISAPPROVE",
    "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION",
    "17": "COERCE", "18": "ASSAULT", "19": "FIGHT", "20": "ASSAULT",
}  # fmt: skip

# Finer CAMEO codes whose PLOVER type differs from their root's.
# PLOVER files allowing international involvement (CAMEO 086: observers, peacekeepers,
# humanitarian access) under RETREAT, like de-escalation (087).
_CAMEO_SPECIAL = {
    "112": "ACCUSE", "0874": "RETREAT", "0871": "RETREAT", "087": "RETREAT", "086": "RETREAT",
}  # fmt: skip


def plover_for_cameo(code: str) -> str | None:
    """The PLOVER type of a CAMEO event code (``"0431"`` -> ``CONSULT``), or None."""
    for length in (4, 3):
        if code[:length] in _CAMEO_SPECIAL:
            return _CAMEO_SPECIAL[code[:length]]
    return CAMEO_ROOT_TO_PLOVER.get(code[:2])


# Verb lemma -> (PLOVER type, CAMEO code).
VERB_CUES: dict[str, tuple[str, str]] = {
    # AGREE: promises, offers, intent to cooperate
    "agree": ("AGREE", "030"), "pledge": ("AGREE", "030"), "promise": ("AGREE", "030"),
    "offer": ("AGREE", "030"), "commit": ("AGREE", "030"), "accept": ("AGREE", "030"),
    # CONSULT: meetings, visits, talks, mediation
    "meet": ("CONSULT", "040"), "visit": ("CONSULT", "042"), "host": ("CONSULT", "043"),
    "receive": ("CONSULT", "043"), "telephone": ("CONSULT", "040"), "phone": ("CONSULT", "040"),
    "negotiate": ("CONSULT", "046"), "discuss": ("CONSULT", "040"), "confer": ("CONSULT", "040"),
    "consult": ("CONSULT", "040"), "mediate": ("CONSULT", "045"), "arrive": ("CONSULT", "042"),
    # SUPPORT: praise, endorsement, diplomatic cooperation
    "praise": ("SUPPORT", "051"), "commend": ("SUPPORT", "051"), "hail": ("SUPPORT", "051"),
    "endorse": ("SUPPORT", "051"), "defend": ("SUPPORT", "051"), "support": ("SUPPORT", "051"),
    "back": ("SUPPORT", "051"), "apologize": ("SUPPORT", "055"), "apologise": ("SUPPORT", "055"),
    "forgive": ("SUPPORT", "056"), "congratulate": ("SUPPORT", "051"),
    "welcome": ("SUPPORT", "051"),
    "thank": ("SUPPORT", "051"), "recognize": ("SUPPORT", "054"), "recognise": ("SUPPORT", "054"),
    # COOPERATE: material cooperation
    "cooperate": ("COOPERATE", "060"), "collaborate": ("COOPERATE", "060"),
    "share": ("COOPERATE", "062"),
    # AID
    "donate": ("AID", "070"), "fund": ("AID", "070"), "finance": ("AID", "070"),
    "supply": ("AID", "070"), "provide": ("AID", "070"), "contribute": ("AID", "070"),
    # CONCEDE / RETREAT
    "ease": ("CONCEDE", "081"), "relax": ("CONCEDE", "081"), "allow": ("CONCEDE", "080"),
    "release": ("CONCEDE", "0841"), "free": ("CONCEDE", "0841"), "pardon": ("CONCEDE", "0841"),
    "shorten": ("CONCEDE", "081"), "concede": ("CONCEDE", "080"), "yield": ("CONCEDE", "080"),
    "withdraw": ("RETREAT", "0874"), "retreat": ("RETREAT", "0874"),
    "surrender": ("RETREAT", "0831"), "resign": ("RETREAT", "0831"),
    "evacuate": ("RETREAT", "0874"), "demobilize": ("RETREAT", "0872"),
    "disarm": ("RETREAT", "0872"),
    # INVESTIGATE
    "investigate": ("INVESTIGATE", "090"), "probe": ("INVESTIGATE", "090"),
    "inquire": ("INVESTIGATE", "090"), "examine": ("INVESTIGATE", "090"),
    # DEMAND / REQUEST
    "demand": ("DEMAND", "100"), "insist": ("DEMAND", "100"), "order": ("DEMAND", "100"),
    "urge": ("REQUEST", "020"), "ask": ("REQUEST", "020"), "request": ("REQUEST", "020"),
    "appeal": ("REQUEST", "020"), "seek": ("REQUEST", "020"), "beg": ("REQUEST", "020"),
    # DISAPPROVE / ACCUSE
    "criticize": ("DISAPPROVE", "111"), "criticise": ("DISAPPROVE", "111"),
    "condemn": ("DISAPPROVE", "111"), "denounce": ("DISAPPROVE", "111"),
    "deplore": ("DISAPPROVE", "111"), "rebuke": ("DISAPPROVE", "111"),
    "censure": ("DISAPPROVE", "111"), "complain": ("DISAPPROVE", "114"),
    "sue": ("DISAPPROVE", "115"), "summon": ("DISAPPROVE", "114"),
    "accuse": ("ACCUSE", "112"), "blame": ("ACCUSE", "112"), "charge": ("ACCUSE", "112"),
    # REJECT
    "reject": ("REJECT", "120"), "refuse": ("REJECT", "120"), "decline": ("REJECT", "120"),
    "dismiss": ("REJECT", "120"), "veto": ("REJECT", "120"), "renege": ("REJECT", "120"),
    "violate": ("REJECT", "120"), "rebuff": ("REJECT", "120"), "boycott": ("REJECT", "124"),
    "spurn": ("REJECT", "120"), "deny": ("REJECT", "120"),
    "oppose": ("REJECT", "120"),
    # THREATEN
    "threaten": ("THREATEN", "130"), "warn": ("THREATEN", "130"), "swear": ("THREATEN", "130"),
    "vow": ("THREATEN", "130"),
    # PROTEST
    "protest": ("PROTEST", "140"), "demonstrate": ("PROTEST", "141"), "rally": ("PROTEST", "141"),
    "march": ("PROTEST", "141"), "riot": ("PROTEST", "145"), "picket": ("PROTEST", "141"),
    "block": ("PROTEST", "144"), "blockade": ("PROTEST", "144"),
    # MOBILIZE
    "mobilize": ("MOBILIZE", "150"), "mobilise": ("MOBILIZE", "150"), "deploy": ("MOBILIZE", "154"),
    "patrol": ("MOBILIZE", "150"), "mass": ("MOBILIZE", "154"), "reinforce": ("MOBILIZE", "154"),
    # SANCTION
    "sanction": ("SANCTION", "163"), "expel": ("SANCTION", "1663"), "suspend": ("SANCTION", "160"),
    "sever": ("SANCTION", "161"), "recall": ("SANCTION", "161"), "embargo": ("SANCTION", "163"),
    "freeze": ("SANCTION", "160"), "halt": ("SANCTION", "160"),
    # COERCE
    "arrest": ("COERCE", "173"), "detain": ("COERCE", "173"), "seize": ("COERCE", "171"),
    "confiscate": ("COERCE", "171"), "demolish": ("COERCE", "171"), "deport": ("COERCE", "174"),
    "kidnap": ("COERCE", "181"), "abduct": ("COERCE", "181"), "jail": ("COERCE", "173"),
    "imprison": ("COERCE", "173"), "ban": ("COERCE", "172"), "censor": ("COERCE", "172"),
    "hack": ("COERCE", "176"), "raid": ("COERCE", "170"), "bulldoze": ("COERCE", "171"),
    # ASSAULT
    "kill": ("ASSAULT", "180"), "assassinate": ("ASSAULT", "186"), "torture": ("ASSAULT", "1823"),
    "wound": ("ASSAULT", "180"), "massacre": ("ASSAULT", "202"), "execute": ("ASSAULT", "180"),
    "stab": ("ASSAULT", "180"), "behead": ("ASSAULT", "180"), "abuse": ("ASSAULT", "182"),
    "attack": ("ASSAULT", "180"), "bomb": ("ASSAULT", "183"), "murder": ("ASSAULT", "180"),
    "explode": ("ASSAULT", "183"), "detonate": ("ASSAULT", "183"),
    # FIGHT
    "fight": ("FIGHT", "190"), "clash": ("FIGHT", "190"), "shell": ("FIGHT", "194"),
    "invade": ("FIGHT", "192"), "retake": ("FIGHT", "192"), "capture": ("FIGHT", "192"),
    "occupy": ("FIGHT", "192"), "bombard": ("FIGHT", "195"), "storm": ("FIGHT", "190"),
    "ambush": ("FIGHT", "190"), "shoot": ("FIGHT", "190"), "fire": ("FIGHT", "194"),
}  # fmt: skip

# Synonyms of the cues above, by PLOVER type, from the wording of the CAMEO 1.1b3 category
# descriptions and everyday news English; the entries above win where both name a verb.
_SYNONYM_VERBS: dict[str, tuple[str, str]] = {
    # AGREE: intent to cooperate, consenting
    "consent": ("AGREE", "030"), "guarantee": ("AGREE", "030"),
    "undertake": ("AGREE", "030"), "accede": ("AGREE", "030"),
    "reconcile": ("AGREE", "030"),
    # CONSULT
    "parley": ("CONSULT", "040"), "convene": ("CONSULT", "040"),
    # SUPPORT: praise, endorsement, diplomatic cooperation
    "laud": ("SUPPORT", "051"), "applaud": ("SUPPORT", "051"), "acclaim": ("SUPPORT", "051"),
    "salute": ("SUPPORT", "051"), "compliment": ("SUPPORT", "051"), "extol": ("SUPPORT", "051"),
    "sympathize": ("SUPPORT", "051"), "sympathise": ("SUPPORT", "051"),
    "condole": ("SUPPORT", "051"), "uphold": ("SUPPORT", "051"), "ratify": ("SUPPORT", "057"),
    "normalize": ("SUPPORT", "050"), "normalise": ("SUPPORT", "050"),
    # COOPERATE: material cooperation
    "partner": ("COOPERATE", "060"),
    "extradite": ("COOPERATE", "0631"), "ally": ("COOPERATE", "060"),
    # AID
    "aid": ("AID", "070"), "assist": ("AID", "070"),
    "airlift": ("AID", "073"), "subsidize": ("AID", "071"), "subsidise": ("AID", "071"),
    "lend": ("AID", "071"), "shelter": ("AID", "075"),
    "equip": ("AID", "072"), "arm": ("AID", "072"),
    # CONCEDE: easing, freeing, giving back, yielding
    "loosen": ("CONCEDE", "081"), "unfreeze": ("CONCEDE", "081"),
    "repatriate": ("CONCEDE", "0843"), "amnesty": ("CONCEDE", "0841"),
    "liberate": ("CONCEDE", "0841"), "unblock": ("CONCEDE", "081"),
    "compromise": ("CONCEDE", "080"), "relent": ("CONCEDE", "080"),
    "acquiesce": ("CONCEDE", "080"), "capitulate": ("CONCEDE", "080"),
    "legalize": ("CONCEDE", "081"), "legalise": ("CONCEDE", "081"),
    # RETREAT: de-escalation, withdrawal, surrender
    "disband": ("RETREAT", "0872"), "dismantle": ("RETREAT", "0872"),
    "decommission": ("RETREAT", "0872"), "demobilise": ("RETREAT", "0872"),
    "abdicate": ("RETREAT", "0831"), "quit": ("RETREAT", "0831"),
    "relinquish": ("RETREAT", "0831"), "cede": ("RETREAT", "0874"),
    # INVESTIGATE
    "interrogate": ("INVESTIGATE", "090"), "audit": ("INVESTIGATE", "090"),
    "inspect": ("INVESTIGATE", "090"), "scrutinize": ("INVESTIGATE", "090"),
    "scrutinise": ("INVESTIGATE", "090"),
    # DEMAND / REQUEST
    "command": ("DEMAND", "100"), "pressure": ("DEMAND", "100"),
    "pressurize": ("DEMAND", "100"), "pressurise": ("DEMAND", "100"),
    "instruct": ("DEMAND", "100"), "exhort": ("REQUEST", "020"),
    "implore": ("REQUEST", "020"), "beseech": ("REQUEST", "020"), "entreat": ("REQUEST", "020"),
    "petition": ("REQUEST", "020"), "solicit": ("REQUEST", "020"),
    # DISAPPROVE / ACCUSE
    "chastise": ("DISAPPROVE", "111"), "castigate": ("DISAPPROVE", "111"),
    "reprimand": ("DISAPPROVE", "111"), "scold": ("DISAPPROVE", "111"),
    "lambaste": ("DISAPPROVE", "111"), "slam": ("DISAPPROVE", "111"),
    "decry": ("DISAPPROVE", "111"), "assail": ("DISAPPROVE", "111"),
    "berate": ("DISAPPROVE", "111"),
    "ridicule": ("DISAPPROVE", "111"), "mock": ("DISAPPROVE", "111"),
    "deride": ("DISAPPROVE", "111"), "disparage": ("DISAPPROVE", "111"),
    "vilify": ("DISAPPROVE", "111"), "admonish": ("DISAPPROVE", "111"),
    "reproach": ("DISAPPROVE", "111"), "fault": ("DISAPPROVE", "111"),
    "object": ("DISAPPROVE", "114"), "allege": ("ACCUSE", "112"), "indict": ("ACCUSE", "112"),
    "impeach": ("DISAPPROVE", "115"), "prosecute": ("DISAPPROVE", "115"),
    # REJECT
    "repudiate": ("REJECT", "120"), "disavow": ("REJECT", "120"), "snub": ("REJECT", "120"),
    "defy": ("REJECT", "120"), "obstruct": ("REJECT", "120"),
    "refute": ("REJECT", "120"), "disregard": ("REJECT", "120"),
    "shun": ("REJECT", "120"), "balk": ("REJECT", "120"), "scrap": ("REJECT", "120"),
    "abrogate": ("REJECT", "120"), "breach": ("REJECT", "120"), "flout": ("REJECT", "120"),
    # THREATEN
    "menace": ("THREATEN", "130"), "intimidate": ("THREATEN", "130"),
    # PROTEST
    "mutiny": ("PROTEST", "145"), "rampage": ("PROTEST", "145"),
    "boo": ("PROTEST", "140"), "heckle": ("PROTEST", "140"),
    # MOBILIZE
    "amass": ("MOBILIZE", "154"),
    "militarize": ("MOBILIZE", "154"), "militarise": ("MOBILIZE", "154"),
    "conscript": ("MOBILIZE", "154"), "rearm": ("MOBILIZE", "154"),
    # SANCTION: reduced relations, withheld help
    "downgrade": ("SANCTION", "161"), "withhold": ("SANCTION", "162"),
    "terminate": ("SANCTION", "160"), "revoke": ("SANCTION", "160"),
    "blacklist": ("SANCTION", "163"),
    # COERCE: repression, seizure, restrictions
    "apprehend": ("COERCE", "173"), "intern": ("COERCE", "173"), "incarcerate": ("COERCE", "173"),
    "convict": ("COERCE", "173"), "sentence": ("COERCE", "173"),
    "evict": ("COERCE", "174"), "exile": ("COERCE", "174"), "banish": ("COERCE", "174"),
    "expropriate": ("COERCE", "171"), "nationalize": ("COERCE", "171"),
    "nationalise": ("COERCE", "171"), "impound": ("COERCE", "171"), "raze": ("COERCE", "171"),
    "outlaw": ("COERCE", "172"), "prohibit": ("COERCE", "172"), "restrict": ("COERCE", "172"),
    "suppress": ("COERCE", "175"), "repress": ("COERCE", "175"), "disperse": ("COERCE", "175"),
    "teargas": ("COERCE", "175"), "hijack": ("COERCE", "181"),
    # ASSAULT
    "injure": ("ASSAULT", "180"), "assault": ("ASSAULT", "180"), "maim": ("ASSAULT", "180"),
    "slay": ("ASSAULT", "180"),
    "lynch": ("ASSAULT", "180"), "rape": ("ASSAULT", "1821"),
    "mutilate": ("ASSAULT", "180"),
    "poison": ("ASSAULT", "180"), "slaughter": ("ASSAULT", "202"),
    # FIGHT
    "battle": ("FIGHT", "190"), "skirmish": ("FIGHT", "190"),
    "strafe": ("FIGHT", "195"), "overrun": ("FIGHT", "192"), "annex": ("FIGHT", "192"),
    "recapture": ("FIGHT", "192"), "counterattack": ("FIGHT", "190"),
    "torpedo": ("FIGHT", "190"), "blitz": ("FIGHT", "195"), "besiege": ("FIGHT", "191"),
}  # fmt: skip
for _verb, _cue in _SYNONYM_VERBS.items():
    VERB_CUES.setdefault(_verb, _cue)

# Cue verbs whose event sense takes an object ("returned the land", "lifted the ban",
# "armed the rebels"); without one they are other senses ("returned to Oslo", "prices lifted").
OBJECT_VERBS: frozenset[str] = frozenset(
    "loosen unblock arm equip aid assist shelter lend defy scrap terminate revoke withhold "
    "prohibit restrict sentence convict battle command instruct disperse liberate uphold "
    "breach flout obstruct disregard intern".split()
)

# (verb lemma, particle or preposition) -> cue: phrasal verbs mean something else.
PHRASAL_CUES: dict[tuple[str, str], tuple[str, str]] = {
    ("beat", "up"): ("ASSAULT", "180"), ("blow", "up"): ("COERCE", "171"),
    ("hand", "over"): ("AGREE", "030"), ("call", "for"): ("DEMAND", "100"),
    ("call", "on"): ("REQUEST", "020"), ("call", "upon"): ("REQUEST", "020"),
    ("pull", "out"): ("RETREAT", "0874"),
    ("step", "down"): ("RETREAT", "0831"), ("cut", "off"): ("SANCTION", "160"),
    ("break", "off"): ("SANCTION", "161"), ("lay", "down"): ("RETREAT", "0872"),
    ("force", "out"): ("FIGHT", "190"), ("open", "fire"): ("FIGHT", "190"),
    ("crack", "down"): ("COERCE", "175"), ("shoot", "down"): ("FIGHT", "190"),
    ("stop", "work"): ("PROTEST", "143"), ("shun", "work"): ("PROTEST", "143"),
    ("down", "tools"): ("PROTEST", "143"), ("send", "arms"): ("AID", "072"),
    ("send", "weapons"): ("AID", "072"), ("ship", "arms"): ("AID", "072"),
    ("fire", "gas"): ("COERCE", "175"), ("use", "gas"): ("COERCE", "175"),
    ("rule", "out"): ("REJECT", "120"), ("turn", "down"): ("REJECT", "120"),
    ("back", "down"): ("CONCEDE", "080"), ("pull", "back"): ("RETREAT", "0874"),
    ("stand", "down"): ("RETREAT", "0831"), ("lash", "out"): ("DISAPPROVE", "111"),
    ("hit", "out"): ("DISAPPROVE", "111"), ("round", "up"): ("COERCE", "173"),
    ("gun", "down"): ("ASSAULT", "180"), ("clamp", "down"): ("COERCE", "175"),
    ("hand", "back"): ("CONCEDE", "084"), ("give", "back"): ("CONCEDE", "084"),
    ("fire", "back"): ("DISAPPROVE", "111"),  # "fired back at": a retort, before "at"
    ("shoot", "back"): ("DISAPPROVE", "111"), ("hit", "back"): ("DISAPPROVE", "111"),
    ("look", "into"): ("INVESTIGATE", "090"), ("return", "fire"): ("FIGHT", "190"),
    ("press", "for"): ("DEMAND", "100"), ("push", "for"): ("DEMAND", "100"),
    ("fire", "on"): ("FIGHT", "190"), ("fire", "at"): ("FIGHT", "190"),
    # hostage-taking is coercion in PLOVER, like kidnapping above (CAMEO 181)
    ("take", "hostage"): ("COERCE", "181"), ("take", "hostages"): ("COERCE", "181"),
    ("hold", "hostage"): ("COERCE", "181"), ("hold", "hostages"): ("COERCE", "181"),
    # CAMEO 196: breaking a ceasefire is fighting, not a rejection
    ("violate", "ceasefire"): ("FIGHT", "196"), ("violate", "truce"): ("FIGHT", "196"),
    ("break", "ceasefire"): ("FIGHT", "196"), ("break", "truce"): ("FIGHT", "196"),
    # an embassy opened or closed: diplomatic relations begun or reduced (CAMEO 05, 161)
    ("open", "embassy"): ("SUPPORT", "050"), ("reopen", "embassy"): ("SUPPORT", "050"),
    ("close", "embassy"): ("SANCTION", "161"), ("open", "embassies"): ("SUPPORT", "050"),
    ("close", "embassies"): ("SANCTION", "161"),
    # arson is destruction of property (CAMEO 171); the target is what was set on fire
    ("set", "fire"): ("COERCE", "171"), ("set", "ablaze"): ("COERCE", "171"),
}  # fmt: skip

# Phrasal verbs that mean a single verb of the lexicon: "called off the strike" cancels it.
PHRASAL_SYNONYMS: dict[tuple[str, str], str] = {
    ("call", "off"): "cancel", ("speed", "up"): "speed",
}  # fmt: skip

# Truces declared by one side de-escalate (CAMEO 0871); agreed by both, they are AGREE.
TRUCES: frozenset[str] = frozenset({"ceasefire", "cease-fire", "truce", "armistice"})
UNILATERAL_VERBS: frozenset[str] = frozenset({"declare", "announce", "proclaim", "observe"})

# Nouns that carry the event after a light verb ("held talks", "imposed sanctions").
NOUN_CUES: dict[str, tuple[str, str]] = {
    "meeting": ("CONSULT", "040"), "talk": ("CONSULT", "040"), "negotiation": ("CONSULT", "046"),
    "visit": ("CONSULT", "042"), "consultation": ("CONSULT", "040"), "summit": ("CONSULT", "040"),
    "mediation": ("CONSULT", "045"), "welcome": ("CONSULT", "043"),
    "agreement": ("AGREE", "030"), "deal": ("AGREE", "030"), "accord": ("AGREE", "030"),
    "pact": ("AGREE", "030"), "consensus": ("AGREE", "030"), "ceasefire": ("AGREE", "030"),
    "truce": ("AGREE", "030"), "treaty": ("AGREE", "030"), "memorandum": ("AGREE", "030"),
    "tie": ("SUPPORT", "050"), "relation": ("SUPPORT", "050"),
    "game": ("COOPERATE", "062"), "exercise": ("COOPERATE", "062"),
    "aid": ("AID", "070"), "assistance": ("AID", "070"), "supply": ("AID", "070"),
    "grant": ("AID", "071"),
    "loan": ("AID", "071"), "asylum": ("AID", "075"), "dollar": ("AID", "071"),
    "investigation": ("INVESTIGATE", "090"), "probe": ("INVESTIGATE", "090"),
    "inquiry": ("INVESTIGATE", "090"), "hearing": ("INVESTIGATE", "090"),
    "demand": ("DEMAND", "100"), "call": ("REQUEST", "020"), "appeal": ("REQUEST", "020"),
    "complaint": ("DISAPPROVE", "114"), "accusation": ("ACCUSE", "112"),
    "threat": ("THREATEN", "130"), "ultimatum": ("THREATEN", "130"),
    "demonstration": ("PROTEST", "141"), "protest": ("PROTEST", "140"), "rally": ("PROTEST", "141"),
    "strike": ("PROTEST", "143"), "riot": ("PROTEST", "145"), "sit-in": ("PROTEST", "144"),
    "march": ("PROTEST", "141"),
    "patrol": ("MOBILIZE", "150"), "deployment": ("MOBILIZE", "154"),
    "withdrawal": ("RETREAT", "0874"), "pullout": ("RETREAT", "0874"),
    "sanction": ("SANCTION", "163"), "embargo": ("SANCTION", "163"),
    "suspension": ("SANCTION", "160"),
    "arrest": ("COERCE", "173"), "detention": ("COERCE", "173"),
    "curfew": ("COERCE", "172"), "ban": ("COERCE", "172"), "emergency": ("COERCE", "172"),
    "offensive": ("FIGHT", "190"), "invasion": ("FIGHT", "192"), "fire": ("FIGHT", "190"),
    "blockade": ("FIGHT", "191"), "attack": ("ASSAULT", "180"),
    "clash": ("FIGHT", "190"), "fighting": ("FIGHT", "190"),
    "support": ("SUPPORT", "051"), "criticism": ("DISAPPROVE", "111"),
    "condemnation": ("DISAPPROVE", "111"), "solidarity": ("SUPPORT", "051"),
    "alert": ("MOBILIZE", "152"), "hostage": ("COERCE", "181"),
    "lawsuit": ("DISAPPROVE", "115"), "apology": ("SUPPORT", "055"),
    "buildup": ("MOBILIZE", "154"), "build-up": ("MOBILIZE", "154"),
    "amnesty": ("CONCEDE", "0841"), "inquest": ("INVESTIGATE", "090"),
    "crackdown": ("COERCE", "175"),
}  # fmt: skip


# A modifier that changes what a cue noun means: an air strike is no labour strike.
COMPOUND_CUES: dict[tuple[str, str], tuple[str, str]] = {
    ("air", "strike"): ("FIGHT", "195"), ("missile", "strike"): ("FIGHT", "195"),
    ("drone", "strike"): ("FIGHT", "195"), ("military", "strike"): ("FIGHT", "190"),
    ("air", "raid"): ("FIGHT", "195"), ("hunger", "strike"): ("PROTEST", "1422"),
    ("peace", "talk"): ("CONSULT", "046"), ("news", "conference"): ("", ""),
    ("martial", "law"): ("COERCE", "1724"), ("ethnic", "cleansing"): ("ASSAULT", "203"),
    ("mass", "expulsion"): ("ASSAULT", "201"), ("phone", "call"): ("CONSULT", "041"),
    ("telephone", "call"): ("CONSULT", "041"), ("press", "release"): ("", ""),
    ("news", "release"): ("", ""),
}  # fmt: skip

# Verbs whose own meaning is carried by their object noun.
LIGHT_VERBS: frozenset[str] = frozenset(
    "hold have stage launch mount conduct begin start continue resume renew undertake make pay "
    "open issue lodge file reach sign conclude establish upgrade impose institute declare "
    "announce complete give grant send take place organize organise reiterate carry go put "
    "tighten restore lift end extend deliver express voice cancel speed accelerate hasten "
    "expedite remain stay".split()
)

# Light verbs that reverse or specify the noun: lifting a ban concedes, ending a meeting is
# no meeting; signing an agreement is CAMEO's "sign formal agreement" (057, diplomatic).
REVERSING_VERBS: dict[str, dict[str, tuple[str, str]]] = {
    "sign": {"AGREE": ("SUPPORT", "057")},
    "lift": {"COERCE": ("CONCEDE", "081"), "SANCTION": ("CONCEDE", "081"),
             "FIGHT": ("RETREAT", "0873"), "PROTEST": ("CONCEDE", "081")},
    "end": {"CONSULT": ("SANCTION", "161"), "FIGHT": ("RETREAT", "0871"),
            "PROTEST": ("RETREAT", "0873"), "SANCTION": ("CONCEDE", "081")},
    # cancelling a visit reduces relations; cancelling restrictions or a strike concedes
    "cancel": {"CONSULT": ("SANCTION", "160"), "COERCE": ("CONCEDE", "081"),
               "SANCTION": ("CONCEDE", "081"), "PROTEST": ("CONCEDE", "080"),
               "AGREE": ("REJECT", "120"), "AID": ("SANCTION", "162")},
}  # fmt: skip
# Verbs that cut back what their object noun names: cutting ties or aid reduces relations
# (CAMEO 16); a noun of another type codes nothing ("cut costs", "stopped the car").
REDUCING_VERBS: dict[str, dict[str, tuple[str, str]]] = {
    "cut": {"SUPPORT": ("SANCTION", "161"), "AID": ("SANCTION", "162"),
            "COOPERATE": ("SANCTION", "160"), "CONSULT": ("SANCTION", "164")},
    "reduce": {"SUPPORT": ("SANCTION", "161"), "AID": ("SANCTION", "162"),
               "COOPERATE": ("SANCTION", "160")},
    "stop": {"AID": ("SANCTION", "162"), "CONSULT": ("SANCTION", "164"),
             "COOPERATE": ("SANCTION", "160"), "FIGHT": ("RETREAT", "0871")},
}  # fmt: skip

# Objects that turn a protest noun into a diplomatic complaint ("lodged a protest with").
COMPLAINT_VERBS = frozenset({"lodge", "file", "issue", "deliver"})

# Verbs that report or frame; the event is in their complement clause.
REPORTING_VERBS: frozenset[str] = frozenset(
    "say tell announce state declare report add confirm claim indicate conclude quote insist "
    "decide try attempt plan intend want expect hope believe think reiterate stress emphasize "
    "emphasise underline repeat".split()
)

# Cue verbs whose own type wins over a cue in their complement ("threatened to ban").
COMPLEMENT_GOVERNORS: frozenset[str] = frozenset(
    "agree pledge promise offer commit threaten warn swear vow refuse decline demand urge ask "
    "request appeal order call insist reject pressure pressurize pressurise".split()
)

# Adjectives and modals of intent: "is ready to", "will".
INTENT_WORDS: frozenset[str] = frozenset({"ready", "willing", "prepared", "will", "would", "shall"})

# Types that, stated as intent, are threats (CAMEO 13) rather than promises (CAMEO 03).
CONFLICT_TYPES: frozenset[str] = frozenset(
    {"SANCTION", "COERCE", "ASSAULT", "FIGHT", "PROTEST", "MOBILIZE", "REJECT"}
)

# Nouns a nationality word names a language of, not an actor: "the Russian language".
LANGUAGE_NOUNS: frozenset[str] = frozenset({"language", "tongue", "dialect", "alphabet", "script"})

# Head nouns and titles -> sector codes (CAMEO agent codes).
SECTOR_WORDS: dict[str, str] = {
    **dict.fromkeys(
        "government president minister premier chancellor king queen emir sultan leader "
        "official authority administration cabinet ministry diplomat ambassador envoy "
        "spokesman spokeswoman spokesperson secretary governor mayor regime negotiator "
        "delegation prince sheikh ayatollah state".split(), "GOV"),
    **dict.fromkeys("parliament congress senate assembly lawmaker legislator deputy senator "
                    "mp".split(), "LEG"),
    **dict.fromkeys("court judge prosecutor tribunal".split(), "JUD"),
    **dict.fromkeys("army troop soldier force military navy warship tank helicopter "
                    "jet officer commander marine aircraft gunship "
                    "peacekeeper bulldozer artillery".split(), "MIL"),
    **dict.fromkeys("police policeman gendarme".split(), "COP"),
    **dict.fromkeys("rebel guerrilla guerilla insurgent militant separatist fighter "
                    "gunman fundamentalist extremist islamist".split(), "REB"),
    **dict.fromkeys("militia militiaman".split(), "UAF"),
    **dict.fromkeys("opposition dissident".split(), "OPP"),
    **dict.fromkeys("protester protestor demonstrator student worker farmer landowner "
                    "activist civilian prisoner resident villager people "
                    "crowd".split(), "CVL"),
    **dict.fromkeys("party".split(), "PTY"),
    **dict.fromkeys("refugee".split(), "REF"),
    **dict.fromkeys("businessman company firm".split(), "BUS"),
    **dict.fromkeys("newspaper media journalist".split(), "MED"),
}  # fmt: skip
