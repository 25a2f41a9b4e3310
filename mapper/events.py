"""ACLED event types and the actors of the Syrian war, read from a sentence.

Keyword rules, as an analyst codes SOHR reports in ACLED's vocabulary:

- airstrikes, warplanes, drones → Explosions/Remote violence / Air/drone strike;
- shelling, rockets, missiles → Explosions/Remote violence / Shelling/artillery/missile attack;
- IEDs, landmines, explosive devices → Explosions/Remote violence / Remote explosive/landmine/IED;
- an attack or ambush by ISIS on regime forces, clashes → Battles / Armed clash;
- an armed group killing civilians → Violence against civilians / Attack;
- abductions → Violence against civilians / Abduction/forced disappearance;
- arrests → Strategic developments / Arrests; security campaigns, combing → Strategic
  developments / Other; looting → Strategic developments / Looting/property destruction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gazetteer.model import init_by_slots, slot_setters
from mapper.guards import Guarded, GuardedRules, SpanWords

#: ACLED event types and their sub-event types.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory",
                "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Air/drone strike", "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Suicide bomb", "Grenade",
                                   "Chemical weapon"),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance",
                                   "Sexual violence"),
    "Strategic developments": ("Arrests", "Looting/property destruction", "Other",
                               "Agreement", "Change to group/activity",
                               "Disrupted weapons use", "Headquarters or base established",
                               "Non-violent transfer of territory"),
    "Protests": ("Peaceful protest", "Protest with intervention",
                 "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
}

_BATTLE = ("Battles", "Armed clash")
_AIR = ("Explosions/Remote violence", "Air/drone strike")
_SHELL = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
_IED = ("Explosions/Remote violence", "Remote explosive/landmine/IED")
_SUICIDE = ("Explosions/Remote violence", "Suicide bomb")
_VAC = ("Violence against civilians", "Attack")
_ABDUCT = ("Violence against civilians", "Abduction/forced disappearance")
_ARREST = ("Strategic developments", "Arrests")
_LOOT = ("Strategic developments", "Looting/property destruction")
_OTHER = ("Strategic developments", "Other")
_REGAIN = ("Battles", "Government regains territory")
_OVERTAKE = ("Battles", "Non-state actor overtakes territory")

#: (pattern, (event_type, sub_event_type)) — the most specific first.
EVENT_RULES: tuple[tuple[re.Pattern[str], tuple[str, str]], ...] = tuple(
    (re.compile(p, re.IGNORECASE), t)
    for p, t in (
        (r"\bsuicide\s+(?:bomb\w*|attack\w*|car|vest|belt)|\bself-detonat\w*|\bVBIED", _SUICIDE),
        (r"\bair\s*strikes?\b|\bairstrikes?\b|\bair\s*raids?\b|\bwarplanes?\b|\bfighter\s+jets?"
         r"|\bjets?\b|\bhelicopters?\b|\bdrones?\b|\bbombard\w*\s+from\s+the\s+air"
         r"|\baerial\s+(?:attack|bombard)\w*|\bbarrel\s+bombs?", _AIR),
        (r"\bshell(?:s|ed|ing)?\b|\bartillery\b|\brockets?\b|\bmissiles?\b|\bmortars?\b"
         r"|\bprojectiles?\b", _SHELL),
        (r"\bIEDs?\b|\blandmines?\b|\bland\s+mines?\b|\bmines?\s+(?:explo|blast|went)"
         r"|\bexplosive\s+devices?\b|\bcar\s+bomb\w*|\bbomb(?:s|ed|ing)?\b|\bexplosions?\b"
         r"|\bexploded\b|\bdetonat\w*|\bbooby[- ]trap\w*|\bsticky\s+bomb", _IED),
        (r"\babduct\w*|\bkidnap\w*|\bforcibly\s+disappear\w*", _ABDUCT),
        (r"\barrest\w*|\bdetain\w*|\bapprehend\w*|\bcaptured\s+(?:\w+\s+){0,3}suspect", _ARREST),
        (r"\bloot\w*|\bpillag\w*|\bset\s+fire\s+to|\bburn(?:ed|t)\s+(?:houses|homes|crops)",
         _LOOT),
        (r"\b(?:regime|government|army|syrian\s+army)\s+(?:forces\s+)?(?:regain|recaptur|retook"
         r"|retake)\w*", _REGAIN),
        (r"\b(?:took|seized|captured)\s+control\s+of\b|\boverran\b", _OVERTAKE),
        (r"\bambush\w*|\bclash\w*|\bfight(?:ing|s)?\b|\bbattles?\b|\bassault\w*|\battack\w*"
         r"|\boffensive\b|\braid(?:s|ed)?\b|\bgunfire\b|\bgunmen\b|\bexchange\s+of\s+fire"
         r"|\bshot\s+dead\b|\bopened\s+fire|\bassassinat\w*|\bkill\w*|\bstabb\w*|\bexecut\w*",
         _BATTLE),
        (r"\bsecurity\s+(?:campaign|operation|sweep)s?\b|\bcombing\b|\bsweeps?\b"
         r"|\bsearch\s+operations?\b|\bcampaigns?\b|\bairdrop\b|\breinforcements\b"
         r"|\bdeployed\b", _OTHER),
    )
)
#: For each of :data:`EVENT_RULES`, in order: lower-case words one of which every match
#: holds (:mod:`mapper.guards`; a rule is not run on ASCII text without one). Where a
#: match holds several, the rarest: not "fighter" ("fighter jets" holds "jet"; most texts
#: with "fighter" speak of fighters), "set" for "set fire to", "security" and "search"
#: for their operations.
EVENT_RULE_WORDS: tuple[tuple[str, ...], ...] = (
    ("suicide", "self-detonat", "vbied"),
    ("air", "warplane", "jet", "helicopter", "drone", "aerial", "barrel"),
    ("shell", "artillery", "rocket", "missile", "mortar", "projectile"),
    ("ied", "mine", "explosi", "explod", "bomb", "detonat", "booby"),
    ("abduct", "kidnap", "disappear"),
    ("arrest", "detain", "apprehend", "suspect"),
    ("loot", "pillag", "set", "burn"),
    ("regain", "recaptur", "retook", "retake"),
    ("control", "overran"),
    ("ambush", "clash", "fight", "battle", "assault", "attack", "offensive", "raid",
     "gunfire", "gunmen", "fire", "shot", "assassinat", "kill", "stabb", "execut"),
    ("security", "search", "campaign", "sweep", "combing", "airdrop", "reinforcements",
     "deployed"),
)
#: Words of :data:`EVENT_RULE_WORDS` that a match may hold inside a word ("landmine"); the
#: rules hold every other one at the start of a word (``\b`` before it).
_INSIDE_WORDS = frozenset({"mine"})
_GUARDED_RULES: tuple[tuple[Guarded, tuple[str, str]], ...] = tuple(
    (Guarded(pattern, words, frozenset(words) - _INSIDE_WORDS), t)
    for (pattern, t), words in zip(EVENT_RULES, EVENT_RULE_WORDS, strict=True))
#: The guarded patterns of :data:`_GUARDED_RULES` alone, in order.
_RULE_PATTERNS: tuple[Guarded, ...] = tuple(g for g, _ in _GUARDED_RULES)
#: Words that mark a victim as civilian ("shot dead a local council member").
CIVILIAN_WORDS = re.compile(
    r"\bcivilians?\b|\bcouncil\s+member|\bofficials?\b|\bdignitar\w*|\belders?\b|\bchild\w*"
    r"|\bwom[ae]n\b|\bjournalists?\b|\bteachers?\b|\bshepherds?\b|\btruffle\b|\bfarmers?\b"
    r"|\bresidents?\b|\bworkers?\b|\bpeople\b|\bmukhtar\b|\bdoctors?\b|\bmen\b",
    re.IGNORECASE,
)
#: The words one of which each match of :data:`CIVILIAN_WORDS` holds, at a word start.
_CIVILIAN_GUARD_WORDS = (
    "civilian", "council", "official", "dignitar", "elder", "child", "wom", "journalist",
    "teacher", "shepherd", "truffle", "farmer", "resident", "worker", "people", "mukhtar",
    "doctor", "men")
#: :data:`CIVILIAN_WORDS` behind the words one of which each of its matches holds.
_CIVILIAN_GUARDED = Guarded(CIVILIAN_WORDS, _CIVILIAN_GUARD_WORDS,
                            frozenset(_CIVILIAN_GUARD_WORDS))
#: :data:`_RULE_PATTERNS` tried with their words looked for in one pass, with the words of
#: :data:`_CIVILIAN_GUARDED` (its extra guard 0: an attack's victims may be civilians).
_RULES = GuardedRules(_RULE_PATTERNS, extra=(_CIVILIAN_GUARDED,))
#: The guards whose words :func:`classify_event` looks for, in the order of their bits in
#: :meth:`mapper.guards.GuardedRules.held` (:func:`classify_part`).
EVENT_WORD_GUARDS: tuple[Guarded, ...] = (*_RULES.rules, *_RULES.extra)
_MILITARY_TARGET = re.compile(
    r"\bregime\b|\bsoldiers?\b|\bforces\b|\bmilitia\w*|\bfighters?\b|\bcombatants?\b"
    r"|\bmilitary\b|\bconvoys?\b|\bcheckpoints?\b|\bpositions?\b|\bofficers?\b|\bpersonnel\b"
    r"|\btroops\b|\bSDF\b|\bNDF\b|\bmembers\b|\bpatrols?\b|\bbuses\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor and the spellings reports use for it.

    Parameters
    ----------
    name
        Canonical name ("ISIS", "Regime forces", "SDF", ...).
    victim_key
        Key of :attr:`mapper.schema.Incident.victims` for this group ("regime forces").
    pattern
        Regular expression of its spellings.
    """

    name: str
    victim_key: str
    pattern: re.Pattern[str]


def _actor(name: str, key: str, pattern: str, flags: int = re.IGNORECASE) -> Actor:
    return Actor(name, key, re.compile(pattern, flags))


#: Actors, the longest spellings first where they overlap.
ACTORS: tuple[Actor, ...] = (
    _actor("Asayish", "Asayish",
           r"\bAsayish\b|\bAsayesh\b|\bInternal\s+Security\s+Forces\b|\bKurdish\s+police\b"),
    _actor("Self-Defense Forces", "Self-Defense Forces", r"\bSelf[- ]Defen[cs]e\s+Forces\b"),
    _actor("NDF", "NDF", r"\bNational\s+Defen[cs]e\s+Forces?\b|\bNDF\b"),
    _actor("SDF", "SDF",
           r"\bSyrian?\s+Democratic\s+Forces\b|\bSDF\b|\bQSD\b|\bYPG\b|\bYPJ\b"),
    _actor("Liwaa al-Quds", "Liwaa al-Quds", r"\bLiwaa?\s*(?:Al|al|el)?[- ]?Quds\b"
           r"|\bQuds\s+Brigade\b"),
    _actor("5th Corps", "5th Corps", r"\b(?:5th|Fifth)\s+(?:Assault\s+)?Corps\b"),
    _actor("Hezbollah", "Hezbollah", r"\bHezbollah\b|\bHizbullah\b|\bHizballah\b"),
    _actor("Iranian-backed militias", "Iranian-backed militias",
           r"\bIran(?:ian)?[- ](?:backed|affiliated|loyal)\s+(?:militia\w*|forces|groups?)"
           r"|\bIRGC\b|\bIranian\s+(?:militia\w*|forces|Revolutionary\s+Guards?)"
           r"|\bFatemiyoun\b|\bFatemiyun\b|\bZainabiyoun\b"),
    _actor("Turkish-backed factions", "Turkish-backed factions",
           r"\bTurkish[- ](?:backed|affiliated|loyal)\s+(?:factions|forces|groups|militias?)"
           r"|\bSyrian\s+National\s+Army\b|\bSNA\b|\bTurkish\s+(?:forces\s+and\s+their\s+)?"
           r"prox(?:y|ies)\b|\bNational\s+Army\b"),
    _actor("Turkish forces", "Turkish forces",
           r"\bTurkish\s+(?:forces|army|troops|soldiers|drones?|warplanes)\b|\bTurkey\b"),
    _actor("HTS", "HTS", r"\bHTS\b|\bHay'?[’]?at\s+Tahrir\s+al[- ]Sham\b|\bTahrir\s+al-Sham\b"
           r"|\bJabhat\s+al[- ]Nusra\b|\bal-Nusra\b"),
    _actor("International Coalition", "International Coalition",
           r"\b(?:Counter-ISIS\s+)?International\s+Coalition\b|\b(?:US|U\.S\.)[- ]led\s+"
           r"coalition\b|\bCoalition\s+forces\b|\bthe\s+Coalition\b|\bAmerican\s+forces\b"
           r"|\bUS\s+forces\b"),
    _actor("Russian forces", "Russian forces",
           r"\bRussian\s+(?:forces|troops|army|military|soldiers|police|fighter\s+jets|jets"
           r"|warplanes|helicopters|airstrikes|air\s+strikes|aircraft|drones?)\b"
           r"|\bRussian[- ]led\b|\bRussia\b|\bRussians\b|\bRussian\s+and\s+regime\s+forces\b"),
    _actor("ISIS", "ISIS",
           r"\bISIS\b|\bISIL\b|\bIS\b|\bDaesh\b|\bDaish\b|\bIslamic\s+State\b(?!\s+of\s+Iraq)"
           r"|\bIslamic\s+State\s+of\s+Iraq\s+and\s+(?:the\s+)?(?:Levant|Syria)\b",
           0),
    _actor("Regime forces", "regime forces",
           r"\bregime\s+(?:forces|soldiers|troops|army|members|personnel|officers|loyalists"
           r"|militias?|fighters)\b|\bregime\s+(?:soldiers\s+)?and\s+(?:loyalists|allies)\b"
           r"|\bSyrian\s+(?:Arab\s+)?army\b|\bgovernment\s+(?:forces|troops|soldiers|army)\b"
           r"|\bSAA\b|\bloyalists\b|\bRussian\s+and\s+regime\s+forces\b|\bregime\b"),
    _actor("Civilians", "civilians", r"\bcivilians?\b"),
)
_ACTOR_BY_NAME = {a.name: a for a in ACTORS}
#: A cheap guard per actor: words one of which every spelling holds (case-insensitive, a
#: superset of the pattern's own case rule). Without one, the actor's pattern is not run.
_ACTOR_GUARD_WORDS = {
    "Asayish": r"asay|internal|kurdish",
    "Self-Defense Forces": r"self",
    "NDF": r"national|ndf",
    "SDF": r"democratic|sdf|qsd|ypg|ypj",
    "Liwaa al-Quds": r"quds",
    "5th Corps": r"corps",
    "Hezbollah": r"hezb|hizb",
    "Iranian-backed militias": r"iran|irgc|fatemiy|zainab",
    "Turkish-backed factions": r"turkish|national|sna",
    "Turkish forces": r"turk",
    "HTS": r"hts|tahrir|nusra",
    "International Coalition": r"coalition|american|us",
    "Russian forces": r"russia",
    "ISIS": r"is|daesh",
    "Regime forces": r"regime|syrian|government|saa|loyalist",
    "Civilians": r"civilian",
}
_ACTOR_GUARDS: dict[str, re.Pattern[str]] = {
    name: re.compile(words, re.IGNORECASE) for name, words in _ACTOR_GUARD_WORDS.items()}
#: The same words as substrings, for ASCII text (there, case-insensitive matching is just
#: lower-casing; other text keeps the regex guards, with Unicode case rules).
_ACTOR_GUARD_SUBSTRINGS: dict[str, tuple[str, ...]] = {
    name: tuple(words.split("|")) for name, words in _ACTOR_GUARD_WORDS.items()}
_RUSSIAN_AND_REGIME = re.compile(r"Russian\s+and\s+regime", re.IGNORECASE)
_SOLDIER_WORDS = re.compile(r"\bsoldiers\b|\bofficers\b|\btroops\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in text, with its span."""

    start: int
    end: int
    text: str
    actor: str


def find_actors(text: str) -> list[ActorMention]:
    """Actors named in ``text``, in order, without overlaps (the longest spelling wins).

    Parameters
    ----------
    text
        A sentence or clause.

    Returns
    -------
    list of ActorMention
    """
    return list(_find_actors(text))


@lru_cache(maxsize=4096)
def _find_actors(text: str) -> tuple[ActorMention, ...]:
    """:func:`find_actors`, memoized (a pure function of the text, asked for twice per
    record); a tuple, so no caller can change a cached answer."""
    hits: list[ActorMention] = []
    low = text.lower() if text.isascii() else None
    for actor in ACTORS:
        if low is not None:
            words = _ACTOR_GUARD_SUBSTRINGS.get(actor.name)
            if words is not None:
                for w in words:
                    if w in low:
                        break
                else:
                    continue  # no word of its spellings: the pattern cannot match
        else:
            guard = _ACTOR_GUARDS.get(actor.name)
            if guard is not None and guard.search(text) is None:
                continue
        for m in actor.pattern.finditer(text):
            hits.append(ActorMention(m.start(), m.end(), m.group(0), actor.name))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[ActorMention] = []
    last_end = -1
    for h in hits:
        if h.start >= last_end:
            out.append(h)
            last_end = h.end
    return tuple(out)


def actors_in(text: str) -> list[str]:
    """Canonical names of the actors in ``text``, each once, in order of first mention.

    "Russian and regime forces" names both Russian forces and regime forces.
    """
    names: list[str] = []
    for h in find_actors(text):
        parts = (["Russian forces", "Regime forces"] if _RUSSIAN_AND_REGIME.match(h.text)
                 else [h.actor])
        for name in parts:
            if name not in names:
                names.append(name)
    return names


def victim_key(actor: str) -> str:
    """Key of an actor in :attr:`mapper.schema.Incident.victims` ("Regime forces" → "regime
    forces", "SDF" → "SDF")."""
    a = _ACTOR_BY_NAME.get(actor)
    return a.victim_key if a else actor


def actor_of_phrase(phrase: str) -> str | None:
    """The actor a victim phrase names ("members of regime forces", "civilians",
    "regime soldiers and loyalists", "Iranian-backed militias"), or ``None``."""
    found = find_actors(phrase)
    if found:
        h = found[0]
        if _RUSSIAN_AND_REGIME.match(h.text):
            return "Regime forces"
        return h.actor
    if _SOLDIER_WORDS.search(phrase):
        return "Regime forces"
    return None


@dataclass(frozen=True, slots=True)
class EventType:
    """An ACLED event type with the words that decided it."""

    event_type: str
    sub_event_type: str
    trigger: str
    start: int


def _init_event_type_by_slots() -> None:
    """Make :class:`EventType` (one per sentence classified) by its slots
    (:func:`gazetteer.model.init_by_slots`)."""
    e0, e1, e2, e3 = slot_setters(EventType)

    def event_type_init(self: EventType, event_type: str, sub_event_type: str, trigger: str,
                        start: int) -> None:
        e0(self, event_type)
        e1(self, sub_event_type)
        e2(self, trigger)
        e3(self, start)

    init_by_slots(EventType, event_type_init)


_init_event_type_by_slots()


@lru_cache(maxsize=8192)
def classify_event(text: str) -> EventType | None:
    """The ACLED event type and sub-event type a sentence describes.

    The most specific rule that matches wins (an airstrike over an attack, an IED over a
    clash). An attack whose victims are only civilians is violence against civilians; an
    attack by ISIS on regime forces is a battle (armed clash), as ACLED codes it.

    Parameters
    ----------
    text
        A sentence or clause.

    Returns
    -------
    EventType or None
        ``None`` when nothing in the text is an event.

    Notes
    -----
    Memoized (a pure function of the text; the answer is frozen): a record asks for its
    clause's and its sentence's type, and notes repeat sentences.
    """
    given = _given
    if given is not None and given[0] is text:
        held = given[1].held(given[2], given[3]) >> given[4]
    else:
        held = _RULES.held(text)
    found = _RULES.span_in(text, held)
    if found is None:
        return None
    i, start, end = found
    etype, sub = _GUARDED_RULES[i][1]
    if (etype, sub) == _BATTLE and _RULES.extra_holds(0, text, held) \
            and not _MILITARY_TARGET.search(text):
        etype, sub = _VAC
    return EventType(etype, sub, text[start:end], start)


#: The part :func:`classify_part` is classifying, with the words found in its whole text:
#: ``(part, words, start, end, shift)``.
_given: tuple[str, SpanWords, int, int, int] | None = None


def classify_part(text: str, start: int, end: int, words: SpanWords, shift: int
                  ) -> EventType | None:
    """``classify_event(text[start:end])``, with the words of the rules looked for once in
    the whole ``text``.

    Parameters
    ----------
    text
        A text (``words`` were found in its lower case).
    start, end
        The part classified.
    words
        The words of a :class:`mapper.guards.WordSets` found in ``text``, whose lists from
        ``shift`` on are the words of :data:`EVENT_WORD_GUARDS`, in order.
    shift
        Where those lists start.

    Returns
    -------
    EventType or None
    """
    global _given
    part = text[start:end]
    _given = (part, words, start, end, shift)
    try:
        return classify_event(part)
    finally:
        _given = None


def event_of_count_noun(noun: str) -> tuple[str, str] | None:
    """The event type a tally's counted noun implies ("airstrikes" → Air/drone strike,
    "attacks"/"operations"/"ambushes" → Armed clash, "explosions" → Remote explosive)."""
    n = noun.lower()
    if re.search(r"air\s*strike|airstrike|raid|sortie", n):
        return _AIR
    if re.search(r"shell|rocket|missile|mortar", n):
        return _SHELL
    if re.search(r"explosion|bombing|ied|mine", n):
        return _IED
    if re.search(r"arrest", n):
        return _ARREST
    if re.search(r"abduct|kidnap", n):
        return _ABDUCT
    if re.search(r"attack|operation|ambush|clash|assault|assassination", n):
        return _BATTLE
    return None
