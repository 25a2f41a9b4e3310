"""Speed-ups must not change results: caches, guards and pre-filters against the slow path.

No timings here (those live in ``benchmarks/``); each test compares the fast path with the
plain computation it replaces.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

import mapper.place_expr as place_expr
from gazetteer import Gazetteer
from gazetteer.model import ResolveContext

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

#: Sentences in the style of reports and ACLED notes, written for these tests.
SENTENCES = [
    "Clashes took place on the Homs-Deir Ezzor highway between Kabajeb and Al-Shawla.",
    "Regime forces shelled the road between Palmyra and Arak in the eastern Homs desert.",
    "IS fighters attacked positions in the Aleppo-Hama-Al-Raqqah triangle and the Badia.",
    "Airstrikes hit Deir Ezzor, Al-Hasakah, Aleppo and Al-Raqqah provinces on Monday.",
    "Fighting near Al-Sukhnah and on the outskirts of Palmyra left 4 soldiers dead.",
    "A soldier was killed in the western countryside of Hama near the M5 highway.",
    "The villages of Tleihat, Um Khan and al-Amiriya were captured after clashes.",
    "Militants attacked the Jellin front and Murak town in northern Hama.",
    "An IED exploded in the town of Al-Busayrah in eastern Deir ez-Zor province.",
    "Clashes in the Syrian desert between regime forces and IS, south of Al-Mayadin.",
    "Shelling targeted Jobar and Ein Tarma in Eastern Ghouta, Rural Damascus.",
    "Clashes in the desert of Al-Sukhnah and in Homs governorate.",
    "The road from Ithriya to Khanasir was cut; fighting around the Tabqa dam.",
    "quiet day; nothing reported in lower case text near anything",
    "A car bomb went off on the M4 near Ariha; Mortars fell on the M 5 at Khan Shaykhun.",
    "Mr Mansour met M. Hadi in Maarat; the M5's traffic and the M45 road were cut.",
]


def _texts() -> list[str]:
    texts = list(SENTENCES)
    for path in sorted(EXAMPLES.glob("*")):
        texts.extend(p for p in path.read_text(encoding="utf-8").split("\n") if p.strip())
    return texts


def _exprs(text: str, gaz: Gazetteer | None) -> list[tuple]:
    return [(e.start, e.end, e.kind, tuple(e.names), e.qualifier, tuple(e.corridor))
            for e in place_expr.find_place_expressions(text, gazetteer=gaz)]


@pytest.mark.parametrize("use_gazetteer", [False, True])
def test_pattern_guards_change_nothing(monkeypatch: pytest.MonkeyPatch,
                                       use_gazetteer: bool) -> None:
    gaz = Gazetteer.default() if use_gazetteer else None
    texts = _texts()
    monkeypatch.setattr(place_expr, "_USE_GUARDS", False)
    plain = [_exprs(t, gaz) for t in texts]
    monkeypatch.setattr(place_expr, "_USE_GUARDS", True)
    guarded = [_exprs(t, gaz) for t in texts]
    assert guarded == plain


def test_every_guard_finds_a_word_of_each_match() -> None:
    patterns = {id(v): v for v in vars(place_expr).values() if isinstance(v, re.Pattern)}
    texts = _texts()
    for key, guard in place_expr._GUARDS.items():
        pattern = patterns[key]
        for text in texts:
            for m in pattern.finditer(text):
                found = m.group(0).lower() if guard.fold else m.group(0)
                assert any(w in found for w in guard.words), (pattern.pattern[:60], found)
                if guard.within is not None:
                    assert guard.within.search(m.group(0)), (pattern.pattern[:60], found)


def _brute_fuzzy(gaz: Gazetteer, name: str, limit: int = 10, cutoff: float = 88.0
                 ) -> list[tuple[str, float]]:
    index = gaz.index
    out: dict[int, float] = {}
    for kind, query in index._fuzzy_queries(name):
        if len(query) < 4:
            continue
        keys = index._fuzzy_table(kind).keys
        for key, score, _ in process.extract(query, keys, scorer=fuzz.ratio,
                                             score_cutoff=cutoff, limit=limit):
            for ni in ((v,) if isinstance(v := index._fuzzy_table(kind).mapping[key], int)
                       else v):
                pi = index.name_place[ni]
                out[pi] = max(out.get(pi, 0.0), round(score / 100, 4))
    return sorted((index.place_ids[pi], s) for pi, s in out.items())


@pytest.mark.parametrize("name", ["Deir Ezzor", "Dayr az Zor", "Palmyraa", "Al-Sokhna",
                                  "Kabajeeb", "Raqqqa", "Homs desertt", "Qamishlo",
                                  "Abu Kamaal", "Xyzzyqwerty"])
def test_fuzzy_prefilter_matches_a_full_scan(name: str) -> None:
    gaz = Gazetteer(Gazetteer.default().places)  # a fresh index: nothing remembered
    fast = sorted((gaz.index.place_ids[h.place_index], h.similarity)
                  for h in gaz.index.fuzzy(name))
    assert fast == _brute_fuzzy(gaz, name)
    again = sorted((gaz.index.place_ids[h.place_index], h.similarity)
                   for h in gaz.index.fuzzy(name))
    assert again == fast


@pytest.mark.parametrize("types", [None, {"governorate"}, {"zone"}, {"corridor"}])
@pytest.mark.parametrize("name", ["Deir Ezzor", "Deir Ezzorr", "Homs", "Hommss", "Badia",
                                  "Homs desertt", "M5", "Damascuss", "Nowhereville"])
def test_remembered_resolution_equals_a_fresh_one(name: str, types: set | None) -> None:
    places = Gazetteer.default().places
    context = ResolveContext(governorate_pcodes=frozenset({"SY04"}), near=((38.9, 34.5),))
    warm = Gazetteer(places)
    for _ in range(2):
        first = warm.resolve(name, feature_types=types, context=context)
    fresh = Gazetteer(places)
    fresh.index._subset_keys = {}  # no type pre-check: the plain filtered lookup
    fresh._fuzzy_hits = lambda query, limit, t: fresh._filter(  # type: ignore[method-assign]
        fresh.index._fuzzy_uncached(query, limit=limit, cutoff=88.0), t)
    plain = fresh.resolve(name, feature_types=types, context=context)
    assert first == plain


def test_area_lookups_remembered_per_point() -> None:
    gaz = Gazetteer(Gazetteer.default().places)
    areas = gaz.areas
    lons = [36.72, 38.27, 40.14, 36.72, 999.0, float("nan"), 38.27]
    lats = [34.73, 34.55, 35.33, 34.73, 0.0, 1.0, 34.55]
    once = areas.admin_many(lons, lats)
    twice = areas.admin_many(lons, lats)
    singles = [areas.admin_at(x, y) for x, y in zip(lons, lats, strict=True)]
    assert once == twice
    for k, single in enumerate(singles):
        assert {lvl: once[lvl][k] for lvl in once} == single
    assert areas.zones_at(lons, lats) == [areas.zone_at(x, y)
                                          for x, y in zip(lons, lats, strict=True)]


def test_mentions_of_a_long_text_read_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    import gazetteer.index as index_mod

    gaz = Gazetteer.default()
    text = "\n\n".join(_texts()) * 3
    whole = gaz.find_mentions(text)
    monkeypatch.setattr(index_mod, "MENTION_CHUNK", 500)
    pieces = gaz.find_mentions(text)
    assert pieces == whole
    assert all(text[m.start:m.end] == m.text for m in pieces)


def test_shared_match_memo_changes_nothing() -> None:
    gaz = Gazetteer.default()
    for text in _texts():
        mentions = gaz.find_mentions(text)
        spans = [(0, len(text)), (0, len(text) // 2), (len(text) // 3, len(text))]
        memo: dict = {}
        for s, e in spans * 2:
            for kwargs in ({}, {"mentions": mentions}, {"mentions": mentions,
                                                        "all_mentions": True}):
                plain = place_expr.find_place_expressions(text, s, e, gazetteer=gaz, **kwargs)
                shared = place_expr.find_place_expressions(text, s, e, gazetteer=gaz,
                                                           memo=memo, **kwargs)
                assert shared == plain


def test_zone_words_in_every_zone_expression_without_mentions() -> None:
    for text in _texts():
        for e in place_expr.find_place_expressions(text):
            if e.kind == "zone":
                assert any(w in text for w in place_expr.ZONE_WORDS), e.text


def test_remembered_location_equals_a_fresh_one() -> None:
    from mapper import locate as locate_mod
    from mapper import locate_memo

    gaz = Gazetteer.default()
    contexts = [None, ResolveContext(governorate_pcodes=frozenset({"SY04"}))]
    for text in _texts()[:40]:
        for expr in place_expr.find_place_expressions(text, gazetteer=gaz,
                                                      mentions=gaz.find_mentions(text)):
            for ctx in contexts:
                fresh = locate_mod.locate_with_reason(expr, gaz, context=ctx)
                first = locate_memo.locate_with_reason(expr, gaz, context=ctx)
                again = locate_memo.locate_with_reason(expr, gaz, context=ctx)
                assert first == fresh and again == fresh
                if again[0] is not None:
                    again[0].confidence = -1.0  # a caller's change stays the caller's
                    again[0].candidates.append({})
                    assert locate_memo.locate_with_reason(expr, gaz, context=ctx) == fresh


def test_encoded_features_with_shared_geometries_are_the_same_text() -> None:
    import json

    from shapely.geometry import Point, Polygon

    from mapper.export import EncodedFeatures, encode_feature, geometry_to_geojson

    area = geometry_to_geojson(Polygon([(38, 34), (39, 34), (39, 35), (38, 35)]))
    point = geometry_to_geojson(Point(38.5, 34.5))
    features = [
        {"type": "Feature", "id": f"r#{k}", "geometry": g,
         "properties": {"text": "Homs — حمص", "fatalities": k, "uncertainty_km": 1.5}}
        for k, g in enumerate([area, point, None, area])
    ] + [{"type": "Feature", "geometry": area, "properties": {}, "id": "other order"}]
    encoded = EncodedFeatures(features)
    assert list(encoded.encoded()) == [encode_feature(f) for f in features]
    assert list(encoded) == [json.loads(encode_feature(f)) for f in features]
    assert encoded[1:3] == [json.loads(encode_feature(f)) for f in features[1:3]]


_GUARDED_TEXTS = [
    "A suicide bomber self-detonated; a VBIED hit Homs.",
    "Warplanes and fighter jets, helicopters and drones bombarded it from the air.",
    "Aerial bombardment and barrel bombs; AIR STRIKES and an airstrike and air raids.",
    "Shelling, artillery, rockets, missiles, mortars and projectiles.",
    "IEDs, a landmine, land mines, mines exploded, an explosive device, a car bombing.",
    "Explosions; it exploded; detonated; booby-trapped; sticky bomb; bombed.",
    "Abducted, kidnapped, forcibly disappeared; arrested, detained, apprehended.",
    "They captured three young suspects; looting, pillaging, set fire to houses.",
    "Burned crops. Regime forces regained and recaptured; the army retook it.",
    "IS took control of Arak and overran Kabajeb; an ambush and clashes, fighting.",
    "Battles, an assault, attacks, an offensive, raids, gunfire, gunmen.",
    "An exchange of fire; shot dead; opened fire; assassinated; killed; stabbed; executed.",
    "A security campaign, combing, sweeps, search operations, campaigns, an airdrop.",
    "Reinforcements were deployed. It is worth noting that during this attack two died.",
    "In total, a total of 12; statistics; the death toll; monthly; since the start.",
    "SOHR renews its call on the Security Council and the International Criminal Court.",
    "SOHR points out that it had already warned of the cubs of the caliphate.",
    "All rights reserved. Subscribe now, click here.",
    "On December 30 and in March 2019; yesterday, last night, the past two days.",
    "This month, the current year, during the week, the same period, three days ago.",
    "On Monday; last Friday; from January 5 to date; since mid-February.",
    "Published on 31 March 2021; report date: 2021-03-31; Updated March 3, 2021.",
]


def test_every_word_guard_finds_a_word_of_each_match() -> None:
    import mapper.dates as dates
    import mapper.events as events
    import mapper.extract as extract

    guards = [g for g, _ in events._GUARDED_RULES] + [
        extract._BOILERPLATE_GUARDED, extract._FOLLOW_UP_GUARDED,
        extract._TALLY_WORDS_GUARDED]
    from mapper.guards import Guarded

    guards += [Guarded(dates._ABSOLUTE_HINT, dates._ABSOLUTE_WORDS),
               Guarded(dates._RELATIVE_HINT, dates._RELATIVE_WORDS),
               Guarded(dates._SINGLE, dates._ABSOLUTE_WORDS),
               Guarded(dates._RELATIVE, dates._RELATIVE_WORDS),
               Guarded(dates._RANGE, dates._RANGE_WORDS),
               Guarded(dates._SINCE, dates._SINCE_WORDS),
               Guarded(dates._LABELLED, dates._LABELLED_WORDS)]
    texts = _GUARDED_TEXTS + _texts()
    hit = set()
    for guard in guards:
        for text in texts:
            for m in guard.pattern.finditer(text):
                hit.add(id(guard))
                assert any(w in m.group(0).lower() for w in guard.words), (
                    guard.pattern.pattern[:50], m.group(0))
            assert (guard.search(text) is None) == (guard.pattern.search(text) is None)
    assert len(hit) == len(guards)  # every guard was tried on a match


def test_copied_expression_equals_the_original_in_every_field() -> None:
    import dataclasses

    from mapper.extract import _copy_expression
    from mapper.schema import PlaceExpression

    e = PlaceExpression("near Arak on the M20", 3, 23, "near", ["Arak"], ["m"], "north",
                        ["M20"], "mention")
    assert {f.name for f in dataclasses.fields(e)} == {
        "text", "start", "end", "kind", "names", "mentions", "qualifier", "corridor",
        "origin"}, "a new field: copy it in _copy_expression"
    c = _copy_expression(e)
    assert c == e and c is not e
    assert c.names is not e.names and c.mentions is not e.mentions
    assert c.corridor is not e.corridor


def test_copied_location_equals_the_original_in_every_field() -> None:
    import dataclasses

    from shapely.geometry import Point

    from mapper.locate_memo import _copy
    from mapper.schema import Location

    loc = Location(Point(38, 34), (38.0, 34.0), "Arak", "place:arak", "town", 1, 1, 1.0,
                   0.9, [{"name": "Arak", "place_id": "place:arak", "score": 0.9}])
    assert [f.name for f in dataclasses.fields(loc)] == [
        "geometry", "point", "name", "place_id", "feature_type", "geo_precision",
        "where_prec", "uncertainty_km", "confidence", "candidates"], \
        "a new field: copy it in mapper.locate_memo._copy"
    c = _copy(loc)
    assert c == loc and c is not loc and c.candidates[0] is not loc.candidates[0]


def test_first_letter_lookaheads_change_no_match() -> None:
    import mapper.dates as dates
    import mapper.numbers as numbers

    lookahead = re.compile(r"\(\?=\[[^\]]*\]\)")
    checked = 0
    texts = _GUARDED_TEXTS + _texts() + [
        "Nearly 155 soldiers, dozens of fighters and two civilians; 1,100 in total.",
        "The road between Palmyra and Arak; the M20; the desert of Homs; Syrian Badia.",
        "the governorates of Homs and Hama; they captured Tleihat and shelled Jobar.",
    ]
    for module in (place_expr, dates, numbers):
        for name, pattern in vars(module).items():
            if not isinstance(pattern, re.Pattern) or not lookahead.search(pattern.pattern):
                continue
            plain = re.compile(lookahead.sub("", pattern.pattern, count=1), pattern.flags)
            for text in texts:
                assert [(m.span(), m.groupdict()) for m in pattern.finditer(text)] == \
                    [(m.span(), m.groupdict()) for m in plain.finditer(text)], name
            checked += 1
    assert checked >= 10


def test_first_alternative_alone_where_the_second_cannot_match() -> None:
    texts = _texts() + _GUARDED_TEXTS
    tried = 0
    for key, (words, first) in place_expr._ALTERNATIVE_WORDS.items():
        pattern = next(v for v in vars(place_expr).values() if id(v) == key)
        for text in texts:
            if any(w in text for w in words):
                continue
            tried += 1
            assert [(m.span(), m.groupdict()) for m in first.finditer(text)] == \
                [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
    assert tried > 20


def _grouped(incidents: list) -> list[tuple]:
    return [(i.governorate, i.governorate_pcode, i.district, i.district_pcode, i.desert_zone)
            for i in incidents]


def test_remembered_groups_equal_fresh_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    import mapper.group as group
    from mapper.extract import extract_incidents

    gaz = Gazetteer(Gazetteer.default().places)  # nothing remembered yet
    texts = _texts()
    monkeypatch.setattr(group, "_USE_MEMO", False)
    plain = [_grouped(extract_incidents(t, gazetteer=gaz, note=True)) for t in texts]
    report = _grouped(extract_incidents("\n\n".join(texts), gazetteer=gaz))
    monkeypatch.setattr(group, "_USE_MEMO", True)
    for _ in range(2):  # first worked out and remembered, then remembered
        assert [_grouped(extract_incidents(t, gazetteer=gaz, note=True))
                for t in texts] == plain
        assert _grouped(extract_incidents("\n\n".join(texts), gazetteer=gaz)) == report
    assert any(g != (None,) * 5 for rows in plain for g in rows)
    monkeypatch.setattr(group, "MEMO_SIZE", 3)  # forgotten within one call
    gaz2 = Gazetteer(Gazetteer.default().places)
    assert _grouped(extract_incidents("\n\n".join(texts), gazetteer=gaz2)) == report


def _plain_close_keys(table: object, query: str, cutoff: float) -> list[str]:
    """The bound of ``NameIndex._close_keys`` in plain integers, key by key."""
    from collections import Counter

    def buckets(text: str) -> Counter:
        return Counter(ord(c) % 64 for c in text)

    q = buckets(query)
    out = []
    for key in table.keys:  # type: ignore[attr-defined]
        k = buckets(key)
        shared = sum(min(n, k[b]) for b, n in q.items())
        if 200 * shared >= (cutoff - 1e-6) * (len(query) + len(key)):
            out.append(key)
    return out


@pytest.mark.parametrize("cutoff", [88.0, 80.0, 87.3])
def test_close_keys_keep_every_key_that_may_reach_the_cutoff(cutoff: float) -> None:
    from gazetteer.index import NameIndex, _fuzzy_table_of

    gaz = Gazetteer(Gazetteer.default().places)
    for kind in ("phonetic", "normalized"):
        table = gaz.index._fuzzy_table(kind)
        for name in ["Deir Ezzor", "Palmyraa", "Kabajeeb", "Qamishlo", "Xyzzyqwerty",
                     "Abu Kamaal", "Homs desertt", "دير الزور"]:
            query = dict(gaz.index._fuzzy_queries(name))[kind]
            assert NameIndex._close_keys(table, query, 0, len(table.keys), cutoff) == \
                _plain_close_keys(table, query, cutoff)
        keys = [k * 40 for k in table.keys[-30:]]  # keys and a query past 255 characters
        long = _fuzzy_table_of(dict.fromkeys(keys, 0))
        query = keys[3][:-2] + "xy"
        assert NameIndex._close_keys(long, query, 0, len(keys), cutoff) == \
            _plain_close_keys(long, query, cutoff)


@pytest.mark.parametrize("by_lengths", [False, True])
@pytest.mark.parametrize("prefilter_keys", [0, 10**9])
@pytest.mark.parametrize("types", [{"governorate"}, {"zone", "region", "district"}])
@pytest.mark.parametrize("name", ["Deir Ezzor", "Deir Ezzorr", "Homs", "Hommss", "Badia",
                                  "Homs desertt", "Damascuss", "Nowhereville", "Ghoutaa",
                                  "Idlib Governorate", "Hamaa", "Dara"])
def test_fuzzy_may_match_equals_a_full_scan(monkeypatch: pytest.MonkeyPatch, name: str,
                                            types: set, prefilter_keys: int,
                                            by_lengths: bool) -> None:
    import gazetteer.index as index_mod

    monkeypatch.setattr(index_mod, "_PREFILTER_KEYS", prefilter_keys)
    monkeypatch.setattr(index_mod, "_MAY_MATCH_LENGTHS", by_lengths)
    gaz = Gazetteer(Gazetteer.default().places)
    index, places = gaz.index, gaz.places
    fast = index.fuzzy_may_match(name, ("types", frozenset(types)),
                                 lambda pi: places[pi].feature_type in types)
    kept = {ni for ni, pi in enumerate(index.name_place) if places[pi].feature_type in types}
    plain = False
    for kind, query in index._fuzzy_queries(name):
        mapping = index._fuzzy_table(kind).mapping
        keys = [k for k, v in mapping.items()
                if not kept.isdisjoint((v,) if isinstance(v, int) else v)]
        if len(query) >= 4 and process.extractOne(query, keys, scorer=fuzz.ratio,
                                                  score_cutoff=88.0) is not None:
            plain = True
    assert fast == plain


@pytest.mark.parametrize("types", [None, {"governorate"}, {"town", "city", "village"}])
def test_remembered_hits_rank_as_fresh_ones(monkeypatch: pytest.MonkeyPatch,
                                            types: set | None) -> None:
    import gazetteer.gazetteer as gazetteer_mod

    places = Gazetteer.default().places
    names = ["Deir Ezzor", "Deir Ezzorr", "Homs", "Hommss", "Homs city", "Badia",
             "Homs governorate", "Palmyraa", "Kabajeeb", "Nowhereville", "gov:SY04"]
    contexts = [None, ResolveContext(governorate_pcodes=frozenset({"SY04"})),
                ResolveContext(near=((38.9, 34.5),))]
    warm = Gazetteer(places)
    monkeypatch.setattr(gazetteer_mod, "_REMEMBER_HITS", False)
    plain = Gazetteer(places)
    expected = [plain.candidates(n, context=c, feature_types=types, limit=lim, fuzzy=fz)
                for n in names for c in contexts for lim in (3, 10) for fz in (True, False)]
    monkeypatch.setattr(gazetteer_mod, "_REMEMBER_HITS", True)
    for _ in range(2):  # looked up and remembered, then remembered
        assert [warm.candidates(n, context=c, feature_types=types, limit=lim, fuzzy=fz)
                for n in names for c in contexts for lim in (3, 10)
                for fz in (True, False)] == expected
    assert warm._hits_memo


def test_singular_figures_searched_only_with_a_verb_stem() -> None:
    import mapper.figures as figures

    texts = _GUARDED_TEXTS + _texts() + [
        "Regime forces killed a young shepherd near Arak; an IS member was arrested.",
        "One soldier was wounded and a civilian has been abducted in Homs.",
        "A child was KILLED; they SHOT DEAD a man; a woman had been kidnapped.",
        "A woman was injured; forces were executing a prisoner; a man was stabbed to death.",
    ]
    tried = 0
    for text in texts:
        for s in range(0, len(text), 7):
            for e in (len(text), min(len(text), s + 40)):
                matches = list(figures._SINGULAR.finditer(text, s, e))
                if matches:
                    tried += 1
                    assert figures.may_hold(text[s:e], figures._SINGULAR_WORDS), text[s:e]
    assert tried > 20


def test_ascii_words_are_the_words_of_the_unicode_pattern() -> None:
    from gazetteer.index import _ASCII_WORD_RE
    from gazetteer.normalize import _WORD_RE

    texts = _texts() + _GUARDED_TEXTS + [
        "Ma'arrat al-Nu'man, Jisr ash-Shughur's `edge`, al''Bab, 'quoted' words' end",
        "snake_case_words __init__ x_1 2_b M5 T4 1,100 2.5 a-b-c d--e f'' ''g h`'i",
        "O'Neil's d'etat-free ASCII: tabs\tand\nnew lines; 100's of km; rock'n'roll",
    ]
    tried = 0
    for text in texts:
        if not text.isascii():  # read with the Unicode pattern itself
            continue
        tried += 1
        assert [m.span() for m in _ASCII_WORD_RE.finditer(text)] == \
            [m.span() for m in _WORD_RE.finditer(text)], text
    assert tried > 30


def test_remembered_token_words_find_the_same_mentions(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    import gazetteer.index as index_mod
    from gazetteer.normalize import ARTICLES, normalize_token

    gaz = Gazetteer.default()
    texts = _texts() + ["قصف على دير الزور والرقة وبالرقة ومدينة حمص",
                        "Shelling on Ma'arrat al-Nu'man and Kafr Nabl, Idlib; Dayr az Zawr"]
    for text in texts:
        for m in index_mod._WORD_RE.finditer(text):
            raw = m.group()
            token, word, article, phon = index_mod._token_words(raw)
            assert token == normalize_token(raw) and article == (token in ARTICLES)
            if word:
                assert phon == index_mod._text_phonetic([word])[0]
    warm = [gaz.find_mentions(t) for t in texts]
    monkeypatch.setattr(index_mod, "_TOKEN_WORDS_SIZE", 2)  # forgotten all the time
    assert [Gazetteer(gaz.places).find_mentions(t) for t in texts] == warm
    assert any(warm)


@pytest.mark.parametrize("embedded", [True, False])
def test_words_in_no_key_read_as_one_word_find_the_same_mentions(
        monkeypatch: pytest.MonkeyPatch, embedded: bool) -> None:
    import gazetteer.index as index_mod

    places = Gazetteer.default().places if embedded else Gazetteer.default().places[::3]
    texts = _texts() + [
        "قصف على دير الزور والرقة وبالرقة ومدينة حمص",
        "Shelling of al-Bab, Al Tal, as-Sukhnah, as Sukhnah and at Tall; at-Tanf at Tanf.",
        "The al al-Bab and Al- Bab, AL-TAL, el-Mayadin, El\u00a0Mayadin; # and ## words",
        "Hay'at Tahrir al-Sham in Idlib; Jabal al-Akrad; Rural Damascus; the Euphrates",
        " ".join(_texts()) * 2,  # past the counted words: the table of offsets
    ]
    texts += [t.lower() for t in texts]
    monkeypatch.setattr(index_mod, "_SHORT_STREAM", False)
    fresh = Gazetteer(places)
    plain = [fresh.find_mentions(t) for t in texts]
    monkeypatch.setattr(index_mod, "_SHORT_STREAM", True)
    gaz = Gazetteer(places)
    assert [gaz.find_mentions(t) for t in texts] == plain
    assert sum(map(len, plain)) > 50
    key_words = gaz.index._words_for_scan().key_words
    assert index_mod._NO_KEY_WORD not in key_words[1] | key_words[2]
    read = gaz.index._words_for_scan()
    assert any(info[1] == index_mod._NO_KEY_WORD for info in read.values())


def test_csv_rows_written_as_a_dict_writer_writes_them(tmp_path: Path) -> None:
    import csv
    import io

    from mapper.tables import _Writer

    fields = ["event_id", "notes", "latitude", "longitude", "location", "fatalities"]
    rows = [
        {"event_id": "SYR1", "notes": 'Clashes near "Arak",\nHoms', "latitude": 34.5,
         "longitude": 38.9, "location": "Arak", "fatalities": 0},
        {"event_id": "SYR2", "notes": "", "latitude": None, "longitude": None,
         "location": None, "fatalities": None, "extra": "not a column"},
        {"notes": "no id; ' and ; and \r\n", "fatalities": 3.25, "location": "Tadmur"},
    ]
    writer = _Writer(tmp_path / "out.csv", fields)
    for row in rows:
        writer.write(row)
    writer.close(True)
    plain = io.StringIO(newline="")
    dict_writer = csv.DictWriter(plain, fieldnames=fields, extrasaction="ignore")
    dict_writer.writeheader()
    for row in rows:
        dict_writer.writerow({k: "" if v is None else v for k, v in row.items()})
    assert (tmp_path / "out.csv").read_bytes() == plain.getvalue().encode("utf-8")


def test_counted_word_numbers_equal_the_offset_table(monkeypatch: pytest.MonkeyPatch) -> None:
    import gazetteer.index as index_mod

    gaz = Gazetteer.default()
    texts = _texts() + ["\n\n".join(_texts()), "قصف على دير الزور والرقة ومدينة حمص"]
    counted = [gaz.find_mentions(t) for t in texts]
    monkeypatch.setattr(index_mod, "_COUNTED_WORDS", -1)  # always the table of offsets
    assert [gaz.find_mentions(t) for t in texts] == counted
    assert sum(map(len, counted)) > 50


def test_may_hold_with_the_last_lower_case_kept_equals_the_plain_test() -> None:
    from mapper.guards import may_hold

    words = [("kill",), ("attack", "clash"), ("homs", "kill"), ("zzz",), ()]
    texts = _GUARDED_TEXTS + ["Clashes near HOMS", "clashes near homs", "", "Şehir kill"]
    texts += [t + "" for t in texts[:3]] + ["".join(list(texts[0]))]  # equal, not identical
    for text in texts + texts[::-1]:
        for ws in words + words[::-1]:
            plain = not text.isascii() or any(w in text.lower() for w in ws)
            assert may_hold(text, ws) == plain, (text, ws)


def test_shared_place_points_equal_fresh_ones() -> None:
    import math

    from shapely.geometry import Point

    from mapper.locate import _point_at

    for lon, lat in [(38.27, 34.55), (38.27, 34.55), (-0.0, 34.0), (0.0, 34.0),
                     (36.0, -0.0), (float("nan"), 1.0)]:
        p = _point_at(lon, lat)
        fresh = Point(lon, lat)
        assert p.wkb == fresh.wkb
        assert [math.copysign(1.0, c) for c in p.coords[0]] == \
            [math.copysign(1.0, c) for c in fresh.coords[0]]
    assert _point_at(38.27, 34.55) is _point_at(38.27, 34.55)


#: Notes of several sentences, written for this test: a follow-up that adds figures to the
#: note's event ("The attack killed ..."), a follow-up after another record, boilerplate.
NOTES = [
    "On 3 May 2018, regime forces shelled Kafr Nabudah in northern Hama. "
    "The attack killed 4 civilians. No further details.",
    "On 3 May 2018, an IED exploded near Al-Sukhnah. No fatalities reported.",
    "On 3 May 2018, ISIS attacked regime positions near Palmyra. Fighting continued "
    "near Arak on 4 May, killing 2 soldiers. The attack left 7 dead.",
    "Unknown fatalities coded as 10. On 5 May 2018, clashes took place near Maskanah. "
    "The clashes killed 3 SDF fighters.",
    "Airstrikes hit Saraqib on 6 May 2018. Also, the airstrikes wounded 5 civilians. "
    "Given heavy fighting, fatalities are assumed.",
]


@pytest.mark.parametrize("note", NOTES + SENTENCES)
def test_note_reading_stops_without_changing_the_incident(
        monkeypatch: pytest.MonkeyPatch, note: str) -> None:
    """A note's reading stops once its event is read and no follow-up can change it: the
    incident equals the one read from every sentence."""
    import mapper.extract as extract

    gaz = Gazetteer.default()
    early = extract.extract_incidents(note, gazetteer=gaz, note=True)
    monkeypatch.setattr(extract, "_last_anaphora", lambda text, segs: len(segs))
    full = extract.extract_incidents(note, gazetteer=gaz, note=True)
    assert [i.properties() for i in early] == [i.properties() for i in full]
    assert [i.location.point if i.location else None for i in early] == \
        [i.location.point if i.location else None for i in full]


def test_note_follow_up_still_merges() -> None:
    from mapper.extract import extract_incidents

    gaz = Gazetteer.default()
    assert extract_incidents(NOTES[0], gazetteer=gaz, note=True)[0].fatalities == 4
    assert extract_incidents(NOTES[4], gazetteer=gaz, note=True)[0].injured == 5


#: A lookahead on first characters: a set, and for names "area" or a lower-case article.
_LOOKAHEAD = re.compile(r"\(\?=\[[^\]]*\](?:\|area)?(?:\|" + re.escape(place_expr._LOWER_ARTICLE)
                        + r")?\)")


def test_first_character_lookaheads_change_nothing() -> None:
    """The place patterns' lookaheads on first characters (``(?=[tM])``, a name's possible
    first letters) only spare the regex engine work: without them, the same matches."""
    texts = _texts() + NOTES + [
        "xAleppo town", "the Homs desert", "Abu Kamal town", "um Batna village",
        "دير الزور town", "bAni Zeid town", "near Al-Bab and east of Marea",
        "Al-Raqqah, Aleppo and Hama provinces", "the M5 highway near Saraqib",
        "in the eastern countryside of Homs", "Idlib's southern countryside",
        "al-Bab town", "xal-Bab town", "abu-Kamal city", "ash-Shaddadi town near el-Bab",
        "bani-Zeid village", "um-Batna's countryside", "eastern al-Bab countryside",
        "areas of the Homs desert", "the areas of Homs and Hama deserts", "ed-Dana area",
        "al-Raqqah and ad-Dana provinces", "al-Ghab road", "al-Rashid village",
    ]
    patterns = {k: v for k, v in vars(place_expr).items()
                if isinstance(v, re.Pattern) and (_LOOKAHEAD.search(v.pattern)
                                                  or place_expr._NAME_START in v.pattern)}
    assert len(patterns) >= 13
    assert sum(place_expr._NAME_START in p.pattern for p in patterns.values()) >= 3
    for name, pattern in patterns.items():
        plain = re.compile(_LOOKAHEAD.sub("", pattern.pattern.replace(place_expr._NAME_START, "")),
                           pattern.flags)
        for t in texts:
            got = [m.span() + m.groups() for m in pattern.finditer(t)]
            assert got == [m.span() + m.groups() for m in plain.finditer(t)], (name, t)


@pytest.mark.parametrize("prefill_after", [1, 5, 10**9])
def test_prefilled_area_memo_equals_points_worked_out_alone(
        monkeypatch: pytest.MonkeyPatch, prefill_after: int) -> None:
    import gazetteer.spatial as spatial

    places = Gazetteer.default().places
    points = [(p.lon, p.lat) for p in places if not (p.is_area or p.is_line)]
    points += [(36.72, 34.73), (999.0, 0.0), (float("nan"), 1.0), (35.7, 35.2), (42.3, 37.3),
               (38.27, 34.55), (36.0, 33.0)]
    monkeypatch.setattr(spatial, "_PREFILL", False)
    plain = spatial.AreaIndex(places)
    expected = [(plain.admin_at(x, y), plain.zone_at(x, y)) for x, y in points]
    monkeypatch.setattr(spatial, "_PREFILL", True)
    monkeypatch.setattr(spatial, "_PREFILL_AFTER", prefill_after)
    areas = spatial.AreaIndex(places)
    got = [(areas.admin_at(x, y), areas.zone_at(x, y)) for x, y in points[::-1]][::-1]
    assert got == expected
    if prefill_after < len(points):  # every place's point remembered, worked out at once
        assert set(areas._place_points) <= set(areas._memo["governorate"])
    assert any(g["governorate"] is not None for g, _ in expected)
    assert any(z is not None for _, z in expected)
    many = areas.admin_many([x for x, _ in points], [y for _, y in points])
    assert [{lvl: many[lvl][k] for lvl in many} for k in range(len(points))] == \
        [g for g, _ in expected]


def _plain_fuzzy_table(mapping: dict) -> tuple:
    """Keys, offsets, lengths and bucket counts of a fuzzy table, computed key by key."""
    import numpy as np

    keys = sorted(mapping, key=lambda k: (len(k), k))
    offsets = [sum(1 for k in keys if len(k) < n)
               for n in range(max((len(k) for k in keys), default=0) + 2)]
    counts = np.zeros((64, len(keys)), dtype=np.int64)
    for i, key in enumerate(keys):
        for c in key:
            counts[ord(c) % 64, i] += 1
    return keys, offsets, [len(k) for k in keys], (counts % 256).astype(np.uint8)


def test_fuzzy_tables_equal_a_plain_construction() -> None:
    from gazetteer.index import _fuzzy_table_of

    gaz = Gazetteer(Gazetteer.default().places)
    mappings = [gaz.index._fuzzy_table(kind).mapping for kind in ("phonetic", "normalized")]
    mappings += [{}, {"a": 1}, {"ba": 1, "ab": (2, 3), "b": 4}, {"x" * 300: 0, "xy" * 200: 1},
                 {"دير الزور": 0, "حمص": 1, "hims": 2}]
    for mapping in mappings:
        table = _fuzzy_table_of(mapping)
        keys, offsets, lengths, counts = _plain_fuzzy_table(mapping)
        assert table.keys == keys and table.offsets == offsets
        assert table.lengths.tolist() == lengths
        assert table.counts.dtype == counts.dtype and (table.counts == counts).all()


def test_subset_tables_equal_a_pass_over_every_key() -> None:
    gaz = Gazetteer(Gazetteer.default().places)
    index, places = gaz.index, gaz.places
    keeps = [lambda pi: places[pi].feature_type == "governorate",
             lambda pi: places[pi].feature_type in ("zone", "region"),
             lambda pi: places[pi].feature_type == "corridor",
             lambda pi: pi % 13 == 0, lambda pi: False, lambda pi: pi < 50,
             lambda pi: pi < 51, lambda pi: True]
    for keep in keeps:
        kept_places = {pi for pi in range(len(places)) if keep(pi)}
        tables = index._subset_tables(keep)
        if len(kept_places) > max(50, len(places) // 20):
            assert tables is None
            continue
        assert tables is not None
        kept_names = {ni for ni, pi in enumerate(index.name_place) if pi in kept_places}
        for kind in ("phonetic", "normalized"):
            mapping = index._fuzzy_table(kind).mapping
            plain = {k: v for k, v in mapping.items()
                     if not kept_names.isdisjoint((v,) if isinstance(v, int) else v)}
            assert tables[kind].mapping == plain
            assert tables[kind].keys == _plain_fuzzy_table(plain)[0]


def test_remembered_lookups_equal_fresh_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    import gazetteer.index as index_mod

    names = ["Deir Ezzor", "Dayr az Zor", "deir  ezzor", "Homs", "HOMS", "Kabajeeb",
             "Khuwayn al-Kabir", "دير الزور", "al", "", "Nowhereville", "Palmyra", "Tadmur"]
    monkeypatch.setattr(index_mod, "_REMEMBER_LOOKUPS", False)
    plain = Gazetteer(Gazetteer.default().places).index
    expected = [plain.lookup(n, skeleton=sk) for n in names for sk in (True, False)]
    monkeypatch.setattr(index_mod, "_REMEMBER_LOOKUPS", True)
    for size in (2, 10**6):
        monkeypatch.setattr(index_mod, "_LOOKUP_MEMO_SIZE", size)
        warm = Gazetteer(Gazetteer.default().places).index
        for _ in range(2):  # looked up and remembered, then remembered
            got = [warm.lookup(n, skeleton=sk) for n in names for sk in (True, False)]
            assert got == expected
        got[0].clear()  # a caller's list is the caller's
        assert warm.lookup(names[0]) == expected[0]
    assert any(expected) and warm._lookup_memo



@pytest.mark.parametrize("size", [1, 4096])
def test_remembered_wkb_gives_the_same_group_keys(monkeypatch: pytest.MonkeyPatch,
                                                  size: int) -> None:
    import mapper.group as group
    from mapper.extract import extract_incidents

    gaz = Gazetteer.default()
    texts = _texts()
    locations = [i.location for t in texts
                 for i in extract_incidents(t, gazetteer=gaz, note=True) if i.location]
    monkeypatch.setattr(group, "_REMEMBER_WKB", False)
    plain = [group._memo_key(loc) for loc in locations]
    monkeypatch.setattr(group, "_REMEMBER_WKB", True)
    monkeypatch.setattr(group, "_WKB_SIZE", size)
    monkeypatch.setattr(group, "_WKB_OF", {})
    for _ in range(2):  # written out and remembered, then remembered
        assert [group._memo_key(loc) for loc in locations] == plain
    assert any(k is not None and isinstance(k[3], bytes) for k in plain)
    assert all(held[1] == held[0].wkb for held in group._WKB_OF.values())


def _places_with_copies() -> list:
    """The embedded places, and copies from another source: near (the same place) and far
    (another place of the same name), some sharing a source id or a GeoNames id."""
    import dataclasses

    places = list(Gazetteer.default().places)
    copies = []
    for k, p in enumerate(places[:300]):
        shift = 0.004 if k % 3 else 0.6
        attrs = dict(p.attributes)
        if k % 7 == 0:
            attrs["geonames_id"] = 1000 + k
        copies.append(dataclasses.replace(
            p, place_id=f"wof:{k}", source="wof", lat=p.lat + shift,
            source_id=p.source_id if k % 5 == 0 else f"wof:{k}", attributes=attrs,
            population=None if k % 2 else p.population))
    return places + copies


@pytest.mark.parametrize("types", [None, {"governorate"}, {"town", "city", "village"}])
def test_rank_by_first_keys_equals_the_full_order(monkeypatch: pytest.MonkeyPatch,
                                                  types: set | None) -> None:
    import gazetteer.gazetteer as gazetteer_mod

    places = _places_with_copies()
    names = ["Deir Ezzor", "Dayr az Zawr", "Deir Ezzorr", "Homs", "Hims", "Hommss",
             "Homs city", "Badia", "Homs governorate", "Palmyra", "Tadmur", "Kabajeeb",
             "Aleppo", "Raqqa", "Hama", "Idlib", "Tal", "Ain", "Nowhereville", "gov:SY04"]
    contexts = [None, ResolveContext(governorate_pcodes=frozenset({"SY04"})),
                ResolveContext(near=((38.9, 34.5),)),
                ResolveContext(governorate_pcodes=frozenset({"SY09"}), near=((40.1, 35.3),))]
    limits = (-1, 0, 1, 3, 10, 100)

    def every(gaz: Gazetteer) -> list:
        return [gaz.candidates(n, context=c, feature_types=types, limit=lim)
                for n in names for c in contexts for lim in limits] + [
            gaz._rank(list(gaz._matching(n, 10, True, None)[0]), c, n)
            for n in names for c in contexts]

    monkeypatch.setattr(gazetteer_mod, "_RANK_BY_FIRST_KEYS", False)
    plain = every(Gazetteer(places))
    monkeypatch.setattr(gazetteer_mod, "_RANK_BY_FIRST_KEYS", True)
    fast = Gazetteer(places)
    for _ in range(2):  # facts worked out, then remembered
        assert every(fast) == plain
    assert fast._place_facts and fast._priors
    if types is None:  # several candidates; near copies collapsed after their names
        assert any(len(c) > 2 for c in plain) and fast._place_names


@pytest.mark.parametrize("size", [1, 4096])
def test_remembered_metric_projections_equal_fresh_ones(monkeypatch: pytest.MonkeyPatch,
                                                        size: int) -> None:
    import numpy as np
    from shapely.geometry import LineString, Point, Polygon

    import gazetteer.geo as geo

    places = Gazetteer.default().places
    geoms = [p.geometry for p in places if p.geometry is not None][:60]
    geoms += [Point(p.lon, p.lat) for p in places[:40]]
    geoms += [Point(38.27, 34.55), Point(38.27, 34.55), Point(0.0, 34.0), Point(-0.0, 34.0),
              Point(36.0, 33.0, 100.0), Point(36.0, 33.0), Point(),
              LineString([(36, 33), (37, 34)]), Polygon([(38, 34), (39, 34), (39, 35)]),
              Point(float("nan"), 1.0)]
    geoms = geoms + geoms[::-1]
    monkeypatch.setattr(geo, "_REMEMBER_METRIC", False)
    plain = [geo.to_metric(g).wkb for g in geoms]
    plain_array = [g.wkb for g in geo.to_metric(np.array(geoms[:10], dtype=object))]
    plain_zeros = [geo.to_metric(Point(x, 34.0)).wkb for x in (0.0, -0.0, 0.0)]
    monkeypatch.setattr(geo, "_REMEMBER_METRIC", True)
    monkeypatch.setattr(geo, "_METRIC_MEMO_SIZE", size)
    monkeypatch.setattr(geo, "_METRIC_OF_OBJECT", {})
    monkeypatch.setattr(geo, "_METRIC_OF_POINT", {})
    for _ in range(2):  # projected and remembered, then remembered
        assert [geo.to_metric(g).wkb for g in geoms] == plain
    assert [g.wkb for g in geo.to_metric(np.array(geoms[:10], dtype=object))] == plain_array
    assert [geo.to_metric(Point(x, 34.0)).wkb for x in (0.0, -0.0, 0.0)] == plain_zeros
    if size > 1:
        assert geo._METRIC_OF_OBJECT and geo._METRIC_OF_POINT


@pytest.mark.parametrize("cutoff", [88.0, 80.0, 95.5, 60.0])
def test_fuzzy_over_exact_lengths_equals_the_wider_range(monkeypatch: pytest.MonkeyPatch,
                                                         cutoff: float) -> None:
    import gazetteer.index as index_mod

    names = ["Deir Ezzor", "Dayr az Zor", "Palmyraa", "Al-Sokhna", "Kabajeeb", "Raqqqa",
             "Homs desertt", "Qamishlo", "Abu Kamaal", "Xyzzyqwerty", "Hama", "Idlibb",
             "Maarat al-Numan", "Khan Shaykhun", "Tell Abyad", "دير الزور", "Jisr al-Shughur",
             "Al-Qaryatain", "Deir Hafer", "Ain al-Arab"]
    places = Gazetteer.default().places
    monkeypatch.setattr(index_mod, "_EXACT_LENGTHS", False)
    wide = Gazetteer(places).index
    plain = [wide._fuzzy_uncached(n, limit=10, cutoff=cutoff) for n in names]
    monkeypatch.setattr(index_mod, "_EXACT_LENGTHS", True)
    exact = Gazetteer(places).index
    assert [exact._fuzzy_uncached(n, limit=10, cutoff=cutoff) for n in names] == plain
    assert sum(map(len, plain)) > 5


def test_reading_notes_leaves_no_reference_cycles() -> None:
    """A note's reader is freed as soon as the note is read (a table reads thousands):
    nothing it made waits for the cycle collector."""
    import gc

    from mapper.extract import extract_incidents

    gaz = Gazetteer.default()
    for note in NOTES:  # caches filled first: they are meant to stay
        extract_incidents(note, gazetteer=gaz, note=True)
    gc.collect()
    gc.disable()
    try:
        for note in NOTES:
            assert extract_incidents(note, gazetteer=gaz, note=True)
        assert gc.collect() == 0
    finally:
        gc.enable()


def _name_queries(gaz: Gazetteer) -> list[str]:
    """Names as written and misspelt: every governorate's and zone's names, a sample of
    the others, each also with letters dropped and swapped, and the capitalised words of
    the example texts."""
    names: list[str] = []
    for i, place in enumerate(gaz):
        if place.feature_type in ("governorate", "zone") or i % 15 == 0:
            names.extend(n for n in place.names if n)
    out = set(names)
    for n in names:
        if len(n) > 4:
            out.update({n[1:], n[:-1], n[:2] + n[3:], n[:1] + n[2] + n[1] + n[3:],
                        n + " governorate", n.lower()})
    for t in _texts():
        out.update(re.findall(r"[A-Z][\w'-]+(?: [A-Z][\w'-]+)?", t))
    return sorted(out)


@pytest.mark.parametrize("types,least", [({"governorate"}, 0.9), ({"zone"}, 0.8),
                                         (None, 0.95)])
def test_confident_place_answers_as_resolve(monkeypatch: pytest.MonkeyPatch, types,
                                            least: float) -> None:
    import gazetteer.gazetteer as gazetteer_mod

    gaz = Gazetteer.default()
    queries = _name_queries(gaz)
    fast = [gaz.confident_place(q, feature_types=types, min_confidence=least)
            for q in queries]
    monkeypatch.setattr(gazetteer_mod, "_SKIP_HOPELESS_FUZZY", False)
    plain = [gaz.confident_place(q, feature_types=types, min_confidence=least)
             for q in queries]
    assert fast == plain
    assert sum(p is not None for p in plain) >= 10
    res = [gaz.resolve(q, feature_types=types) for q in queries]
    assert plain == [r.place if r.place is not None and r.confidence >= least else None
                     for r in res]


def test_loose_matches_stay_under_their_bound() -> None:
    """Skeleton and fuzzy matches never score above the bound the shortcut relies on."""
    gaz = Gazetteer.default()
    for types in ({"governorate"}, {"zone"}, {"village", "town"}, None):
        bound = gaz._loose_score_bound(frozenset(types) if types else None)
        loose = [c.score for q in _name_queries(gaz)
                 for c in gaz.candidates(q, feature_types=types)
                 if c.match in ("skeleton", "fuzzy")]
        assert loose and max(loose) <= bound, types


@pytest.mark.parametrize("bound", [False, True])
def test_latitude_bound_keeps_the_duplicate_test(monkeypatch: pytest.MonkeyPatch,
                                                 bound: bool) -> None:
    """Copies of places a little less and a little more than 2 km away (north, south,
    north-east) are the same place exactly when the plain test says so."""
    import dataclasses

    import gazetteer.gazetteer as gazetteer_mod

    monkeypatch.setattr(gazetteer_mod, "_LATITUDE_BOUND", bound)
    base = [p for p in Gazetteer.default().places if not (p.is_area or p.is_line)][:40]
    places = list(base)
    for k, p in enumerate(base):
        for dlat, dlon in ((0.0179, 0.0), (-0.01798, 0.0), (0.01799, 0.0), (0.0181, 0.0),
                           (0.0125, 0.0152), (0.013, 0.0165), (0.6, 0.0)):
            places.append(dataclasses.replace(p, place_id=f"wof:{k}:{dlat}:{dlon}",
                                              source="wof", source_id=None,
                                              lat=p.lat + dlat, lon=p.lon + dlon))
    gaz = Gazetteer(places)
    same = [[gaz._same_place_at(i, j) for j in range(len(places))]
            for i in range(len(base))]
    assert same == [[Gazetteer._same_place(places[i], places[j]) for j in range(len(places))]
                    for i in range(len(base))]
    assert sum(map(sum, same)) > 2 * len(base)  # near copies found, far ones not


@pytest.mark.parametrize("by_key", [False, True])
def test_fuzzy_hits_remembered_by_key_equal_fresh_ones(monkeypatch: pytest.MonkeyPatch,
                                                       by_key: bool) -> None:
    """Spellings that fold to the same key share one fuzzy lookup, with the hits each
    would have had on its own."""
    import gazetteer.index as index_mod

    names = ["Tal Abyadd", "Tal-Abyadd", "tal  abyadd", "TAL ABYADD", "al-Tal Abyadd",
             "Deir Ezzorr", "Deir-Ezzorr", "deir ezzorr", "Palmyraa", "palmyraa", "Hommss",
             "Kabajeeb", "Ragqa", "Xyzzyqwerty"]
    places = Gazetteer.default().places
    plain = [Gazetteer(places).index._fuzzy_uncached(n, limit=10, cutoff=88.0)
             for n in names]
    monkeypatch.setattr(index_mod, "_FUZZY_BY_KEY", by_key)
    index = Gazetteer(places).index
    for _ in range(2):  # worked out, then remembered
        assert [index.fuzzy(n) for n in names] == plain
    assert sum(map(len, plain)) > 5
    assert len(index._fuzzy_memo) == (7 if by_key else len(names))


@pytest.mark.parametrize("repl", [r"\1", None])
def test_doubled_letters_fold_as_with_the_template(monkeypatch: pytest.MonkeyPatch,
                                                   repl: str | None) -> None:
    """Runs of a letter fold to one letter with the C-level replacement as with ``\\1``."""
    import gazetteer.normalize as normalize_mod

    names = ["Ma'arrat an-Nu'man", "Jisr al-Shughour", "Kabajjeb", "Raqqa", "Assukhnah",
             "Tell Abyadd", "Deir Ezzor", "Hasakeh", "Aaaaleppo", "Tadmur", "Sabkha",
             "Qalaat al-Madiq", "Ezzzzor", "Khan Sheikhoun", "Mhambal", "Abu Kamal", "zz",
             "Taftanaz", "Ayyash", "Al-Mayadeen", "دير الزور", "Saraqeb", "Kafr Nabboudeh"]
    caches = (normalize_mod._phonetic_word, normalize_mod.phonetic_key,
              normalize_mod.skeleton_key)

    def folds() -> list[tuple[str, str]]:
        for fn in caches:
            fn.cache_clear()
        keys = [normalize_mod.phonetic_key(n) for n in names]
        return [(k, normalize_mod.skeleton_key(k)) for k in keys]

    fast = folds()
    if repl is not None:
        monkeypatch.setattr(normalize_mod, "_DOUBLE_REPL", repl)
        assert folds() == fast
    assert all(a != b for _, s in fast for a, b in zip(s, s[1:], strict=False))
    monkeypatch.undo()
    for fn in caches:
        fn.cache_clear()


def test_type_words_stripped_as_without_the_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names are stripped of a type word ("Homs governorate", "city of Aleppo") as when
    every pattern is tried on every name."""
    import gazetteer.gazetteer as gazetteer_mod

    queries = ["Homs governorate", "Homs Governorate", "HAMA PROVINCE", "the province of Idlib",
               "Governorate of Raqqa", "Daraa gov.", "Daraa Gov", "Muhafazat Hama",
               "Mohafazat Homs", "Tartus governate", "city of Aleppo", "Aleppo City",
               "The City of Homs", "محافظة حمص", "محافظه حماة", "ريف دمشق", "مدينة حلب",
               "Kafr Nabl", "al-Mayadin", "Deir ez-Zor countryside", "Provincial road",
               "Government forces", "Citybank", "Homs", "", "governorate", "city",
               "Lower Govine Hill", "eastern Hama countryside"]
    monkeypatch.setattr(gazetteer_mod, "_TYPE_WORD_HINT", False)
    plain = [Gazetteer._strip_type_words(q) for q in queries]
    monkeypatch.setattr(gazetteer_mod, "_TYPE_WORD_HINT", True)
    assert [Gazetteer._strip_type_words(q) for q in queries] == plain
    assert sum(s is not None for s, _ in plain) >= 15
