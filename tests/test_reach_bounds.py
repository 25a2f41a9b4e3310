"""A name need not be resolved when no candidate could be sure enough
(:meth:`gazetteer.Gazetteer.may_reach`, :data:`gazetteer.gazetteer._BOUND_REACH`): when it
answers ``False``, :meth:`~gazetteer.Gazetteer.resolve` is less sure than asked, and the
locator skipping such areas (:data:`mapper.locate._SKIP_UNREACHABLE`) reads notes as
before."""

from __future__ import annotations

import random

import pytest
from switch_cases import same_with_and_without

import gazetteer.gazetteer as gazetteer_mod
import mapper.locate as locate_mod
from gazetteer import Gazetteer
from gazetteer.model import ResolveContext

#: Feature types asked for: the locator's areas, points, governorates, zones, any.
TYPES = [locate_mod.AREA_NAME_TYPES, locate_mod.POINT_TYPES, frozenset({"governorate"}),
         frozenset({"zone"}), None]
#: Contexts from none to one that can add the most.
CONTEXTS = [None, ResolveContext(),
            ResolveContext(governorate_pcodes=frozenset({"SY04", "SY09"})),
            ResolveContext(governorate_pcodes=frozenset({"SY07"}),
                           district_pcodes=frozenset({"SY0700"})),
            ResolveContext(near=((38.9, 34.5),)),
            ResolveContext(place_ids=frozenset({"place:palmyra"}))]
#: Confidences asked for.
LEAST = [round(0.5 + 0.01 * k, 2) for k in range(51)]


def _names(gaz: Gazetteer, n: int, seed: int) -> list[str]:
    """Names of the embedded places as written, with a letter dropped, doubled or
    changed, with a type word, and a few unknown ones."""
    rnd = random.Random(seed)
    names = sorted({p.name for p in gaz.places if p.name.isascii()})
    out = ["Nowhereville", "Qqqzz", "Homs province", "Hama city", "Badia", "Qalamoun",
           "Damascuss", "Alepppo", "Lattakiaa", "Palmyraa", "Deir ez Zorr", "Qamishlii",
           "Homs governoratee", "Qalamounn", "Eastern Ghoutaa"]
    for types in TYPES[:4]:  # the places of each types with the highest prior
        top = max((p for p in gaz.places if p.feature_type in types), key=gaz._prior)
        out += _misspelt(top.name)
    for name in rnd.sample(names, n):
        k = rnd.randrange(len(name))
        out += [name, name[:k] + name[k + 1:], name[:k] + name[k] + name[k:],
                name[:k] + rnd.choice("aeiouxz") + name[k + 1:]]
    return out


def _top_contexts(gaz: Gazetteer) -> list[ResolveContext]:
    """Contexts naming the governorate and the district of the place of each types with
    the highest prior."""
    out = []
    for types in TYPES[:4]:
        top = max((p for p in gaz.places if p.feature_type in types), key=gaz._prior)
        if top.governorate_pcode:
            out.append(ResolveContext(governorate_pcodes=frozenset({top.governorate_pcode})))
        if top.district_pcode:
            out.append(ResolveContext(district_pcodes=frozenset({top.district_pcode})))
    return out


def test_unreachable_means_less_sure(monkeypatch: pytest.MonkeyPatch) -> None:
    gaz = Gazetteer(Gazetteer.default().places)
    plain = Gazetteer(gaz.places)
    skipped = 0
    contexts = CONTEXTS + _top_contexts(gaz)
    for name in _names(gaz, 30, seed=11):
        for types in TYPES:
            for context in contexts:
                res = plain.resolve(name, context=context, feature_types=types)
                for least in LEAST:
                    if not gaz.may_reach(name, least, context=context, feature_types=types):
                        skipped += 1
                        assert res.confidence < least, (name, types, context, least)
                        assert all(c.score < least for c in res.candidates)
    assert skipped > 500  # the bounds decide often
    monkeypatch.setattr(gazetteer_mod, "_BOUND_REACH", False)
    assert Gazetteer(gaz.places).may_reach("Nowhereville", 1.0)


def _misspelt(name: str) -> list[str]:
    """``name`` with one letter dropped, doubled or changed, at each place."""
    out = []
    for k in range(1, len(name)):
        out += [name[:k] + name[k + 1:], name[:k] + name[k] + name[k:],
                name[:k] + "x" + name[k + 1:]]
    return out


@pytest.mark.parametrize("types", TYPES[:4])
def test_fuzzy_matches_come_close_to_the_bound(types: frozenset[str]) -> None:
    """Misspellings of the place of ``types`` with the highest prior score within 0.05
    of the bound: a bound that much lower would be wrong."""
    gaz = Gazetteer(Gazetteer.default().places)
    top = max((p for p in gaz.places if p.feature_type in types), key=gaz._prior)
    context = ResolveContext(place_ids=frozenset({top.place_id}))
    bound = gaz._fuzzy_score_bound(types) + 0.25 * gazetteer_mod._context_bound(context)
    scores = [c.score for name in _misspelt(top.name)
              for c in gaz.candidates(name, feature_types=types, context=context)
              if c.match == "fuzzy" and c.place is top]
    assert bound - 0.05 < max(scores) <= bound + gazetteer_mod._REACH_SLACK


def _notes(n: int, seed: int) -> list[str]:
    """Notes naming embedded villages and towns as written and with a vowel changed, in
    their governorate (no nearby point in the context: the bounds can decide)."""
    gaz = Gazetteer.default()
    rnd = random.Random(seed)
    places = [p for p in gaz.places if p.feature_type in ("village", "town")
              and p.name.isascii() and p.governorate_pcode
              and gaz.by_pcode(p.governorate_pcode) is not None]
    notes = []
    for p in rnd.sample(places, n):
        governorate = gaz.by_pcode(p.governorate_pcode).name  # type: ignore[union-attr]
        for name in (p.name, p.name.replace("a", "e", 1)):
            notes.append(f"Shelling hit {name} in {governorate} governorate; two were "
                         "killed.")
    return notes


def test_notes_read_the_same_with_areas_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []
    real = Gazetteer.may_reach

    def counted(self: Gazetteer, *args: object, **kwargs: object) -> bool:
        asked.append(real(self, *args, **kwargs))  # type: ignore[arg-type]
        return asked[-1]

    monkeypatch.setattr(Gazetteer, "may_reach", counted)
    same_with_and_without(
        monkeypatch, _notes(40, seed=3),
        lambda on: monkeypatch.setattr(locate_mod, "_SKIP_UNREACHABLE", on))
    assert False in asked  # some area not resolved


@pytest.mark.parametrize("on", [False, True])
def test_a_mention_sure_enough_is_still_taken(monkeypatch: pytest.MonkeyPatch,
                                              on: bool) -> None:
    """An unknown name whose mention carries an area's id: the mention's confidence may be
    enough where no resolved area could be."""
    from mapper.locate import _Hit, _Locator

    monkeypatch.setattr(locate_mod, "_SKIP_UNREACHABLE", on)
    gaz = Gazetteer(Gazetteer.default().places)
    zone = next(p for p in gaz.places if p.feature_type == "zone")
    town = next(p for p in gaz.places if p.feature_type == "town")
    mention = type("Mention", (), {"place_ids": (zone.place_id,), "text": "Qqqzz"})()
    locator = _Locator(gaz, None)
    for confidence, taken in ((0.59, True), (0.61, False), (0.8, False)):
        point = _Hit("Qqqzz", town, confidence)
        area = locator.better_area("Qqqzz", point, mention)
        assert (area is not None and area.place is zone) is taken, confidence


def test_context_bound_is_the_most_a_context_gives() -> None:
    gaz = Gazetteer(Gazetteer.default().places)
    contexts = CONTEXTS + _top_contexts(gaz) + [
        ResolveContext(subdistrict_pcodes=frozenset({p.subdistrict_pcode}))
        for p in gaz.places[:50:7] if p.subdistrict_pcode] + [
        ResolveContext(near=((p.lon, p.lat),)) for p in gaz.places[:50:7]]
    for context in contexts:
        scores = [gaz._context_score(p, context) for p in gaz.places]
        assert max(scores) <= gazetteer_mod._context_bound(context)
        if context not in CONTEXTS[4:5]:  # a point by no place: less than the bound
            assert max(scores) >= gazetteer_mod._context_bound(context) - 0.02  # tight
