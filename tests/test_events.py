"""ACLED event types and canonical actors from sentences."""

from __future__ import annotations

import pytest

from mapper.events import EVENT_TYPES, actors_in, classify_event, event_of_count_noun


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [("Cells ambushed an army patrol near Arak.", ("Battles", "Armed clash")),
     ("An attack by ISIS on regime positions killed four soldiers.", ("Battles", "Armed clash")),
     ("Russian warplanes carried out 12 airstrikes on caves.",
      ("Explosions/Remote violence", "Air/drone strike")),
     ("A landmine exploded under a truck.",
      ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
     ("An IED went off near a checkpoint.",
      ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
     ("Artillery shelling hit the village.",
      ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
     ("Gunmen shot dead a shepherd in the village.", ("Violence against civilians", "Attack")),
     ("Unknown men abducted a teacher.",
      ("Violence against civilians", "Abduction/forced disappearance")),
     ("Patrols arrested three suspects.", ("Strategic developments", "Arrests")),
     ("Regime forces launched a security campaign, combing the desert.",
      ("Strategic developments", "Other"))],
)
def test_classify(sentence: str, expected: tuple[str, str]) -> None:
    ev = classify_event(sentence)
    assert ev is not None and (ev.event_type, ev.sub_event_type) == expected
    assert ev.sub_event_type in EVENT_TYPES[ev.event_type]


def test_no_event() -> None:
    assert classify_event("The weather was fine and markets opened.") is None


def test_actors_canonical() -> None:
    text = ("Daesh cells fought the Syrian army, the National Defence Forces, Liwaa Al-Quds "
            "and the Fifth Corps, while Hezbollah and Iranian-backed militias watched.")
    assert actors_in(text) == ["ISIS", "Regime forces", "NDF", "Liwaa al-Quds", "5th Corps",
                               "Hezbollah", "Iranian-backed militias"]


def test_actors_north_east() -> None:
    text = ("The Syrian Democratic Forces, the Internal Security Forces (Asayish), "
            "Self-Defence Forces and the International Coalition hunted IS members; "
            "Turkish-backed factions and HTS were elsewhere.")
    assert actors_in(text) == ["SDF", "Asayish", "Self-Defense Forces",
                               "International Coalition", "ISIS", "Turkish-backed factions",
                               "HTS"]


def test_is_only_as_an_acronym() -> None:
    assert actors_in("It is what it is.") == []


def test_russian_and_regime_forces_are_two_actors() -> None:
    assert actors_in("Russian and regime forces stormed caves.") == ["Russian forces",
                                                                     "Regime forces"]


def test_count_nouns() -> None:
    assert event_of_count_noun("airstrikes") == ("Explosions/Remote violence",
                                                 "Air/drone strike")
    assert event_of_count_noun("operations") == ("Battles", "Armed clash")
    assert event_of_count_noun("explosions")[1] == "Remote explosive/landmine/IED"
