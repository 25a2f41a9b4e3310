"""Matching and ranking: the name index, Gazetteer.resolve/candidates/find_mentions.

Unit tests use small fixtures written here; the spelling-list test uses the real embedded
data in ``gazetteer/data`` (skipped only while that data is not there yet).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shapely.geometry import LineString, box

from gazetteer import Gazetteer, NameIndex, Place, ResolveContext
from gazetteer.embedded import DATA_DIR, load_embedded, places_from_dir
from gazetteer.errors import PlaceNotFoundError, StoreError
from gazetteer.geo import haversine_km


def _p(pid: str, name: str, ftype: str, lat: float, lon: float, *aliases: str,
       gov: str | None = None, source: str = "embedded", source_id: str | None = None,
       population: int | None = None, **attrs: object) -> Place:
    return Place(pid, name, ftype, lat, lon, names=(name, *aliases), governorate_pcode=gov,
                 source=source, source_id=source_id, population=population,
                 attributes=dict(attrs))


@pytest.fixture(scope="module")
def places() -> list[Place]:
    homs_gov = box(36.5, 33.5, 39.5, 35.2)
    dez_gov = box(39.0, 34.4, 41.3, 36.0)
    return [
        Place("gov:SY04", "Homs", "governorate", 34.4, 38.0,
              names=("Homs", "حمص", "Homs Governorate"), governorate_pcode="SY04",
              geometry=homs_gov, attributes={"pcode": "SY04"}),
        Place("gov:SY09", "Deir ez-Zor", "governorate", 35.2, 40.2,
              names=("Deir ez-Zor", "Deir Ezzor", "دير الزور"), governorate_pcode="SY09",
              geometry=dez_gov, attributes={"pcode": "SY09"}),
        _p("place:homs", "Homs", "city", 34.7324, 36.7137, "Hims", "حمص", gov="SY04",
           population=775404, source_id="geonames:169577"),
        _p("place:deir-ez-zor", "Deir ez-Zor", "city", 35.3359, 40.1408, "Deir Ezzor",
           "Dayr az Zawr", "دير الزور", gov="SY09", population=242565,
           source_id="geonames:170794"),
        _p("place:deir-hafer", "Deir Hafer", "town", 36.1569, 37.7078, "Dayr Hafir",
           gov="SY02"),
        _p("place:as-sukhnah", "As-Sukhnah", "town", 34.8869, 38.8728, "Al-Sukhnah",
           "Sokhneh", "السخنة", gov="SY04"),
        _p("place:kabajeb", "Kabajeb", "village", 35.0790, 39.6804, "Kabajib", gov="SY09"),
        _p("place:al-shula", "Al-Shula", "village", 35.2217, 39.9153, "Ash Shula", gov="SY09"),
        _p("place:al-bab", "Al-Bab", "city", 36.3705, 37.5157, "الباب", gov="SY02"),
        _p("place:bab-al-hawa", "Bab al-Hawa", "border_crossing", 36.2300, 36.6700, gov="SY07"),
        _p("place:tal-abyad", "Tal Abyad", "town", 36.6975, 38.9567, "Tell Abyad", gov="SY11",
           population=14825),
        _p("place:tal-tamr", "Tal Tamr", "town", 36.6500, 40.3700, gov="SY08"),
        # Two villages with one name in different governorates (context decides).
        _p("gn:1001", "Al-Taybah", "village", 35.0, 40.5, source="geonames", gov="SY09"),
        _p("gn:1002", "Al-Taybah", "village", 34.5, 36.9, source="geonames", gov="SY04"),
        # The same town from two sources: collapsed, the curated one kept.
        _p("wof:555", "Dayr Hafir", "town", 36.1575, 37.7085, source="wof",
           source_id="wof:555"),
        _p("place:mayadin", "Al-Mayadin", "city", 35.0208, 40.4514, "Mayadeen", gov="SY09",
           population=44028),
        _p("place:hama", "Hama", "city", 35.1318, 36.7578, "Hamah", "حماة", gov="SY05",
           population=696863),
        Place("corridor:homs-deir-ez-zor", "Homs–Deir ez-Zor highway", "corridor", 34.9, 38.8,
              names=("Homs–Deir ez-Zor highway", "M20", "Homs-Deir Ezzor highway"),
              geometry=LineString([(36.71, 34.73), (38.87, 34.89), (40.14, 35.34)]),
              attributes={"waypoints": ["place:homs", "place:as-sukhnah",
                                        "place:deir-ez-zor"]}),
    ]


@pytest.fixture(scope="module")
def gaz(places: list[Place]) -> Gazetteer:
    return Gazetteer(places)


# ---------------------------------------------------------------------------------------
# NameIndex


def test_index_levels(places: list[Place]) -> None:
    index = NameIndex(places)
    assert [h.match for h in index.lookup("Kabajeb")] == ["exact"]
    assert index.lookup("KABAJEB")[0].match == "exact"  # case-folded
    assert index.lookup("Kabājeb")[0].match == "normalized"
    assert index.lookup("Kaba Jeb")[0].match == "phonetic"
    hit = index.lookup("Al-Shawla")[0]
    assert hit.match == "skeleton" and places[hit.place_index].place_id == "place:al-shula"
    assert index.lookup("Kabajweb") == []
    fuzzy = index.fuzzy("Kabajweb")
    assert fuzzy and places[fuzzy[0].place_index].place_id == "place:kabajeb"
    assert 0.88 <= fuzzy[0].similarity <= 1


def test_index_save_load(places: list[Place], tmp_path: Path) -> None:
    index = NameIndex.build(places)
    path = index.save(tmp_path / "names.index")
    loaded = NameIndex.load(path)
    assert loaded.place_ids == index.place_ids
    assert loaded.lookup("Sokhneh") == index.lookup("Sokhneh")
    assert loaded.find_mentions("Clashes in Kabajeb.") == index.find_mentions(
        "Clashes in Kabajeb.")
    g = Gazetteer(places, index=loaded)
    assert g.resolve("Sokhneh").place.place_id == "place:as-sukhnah"
    with pytest.raises(StoreError):
        Gazetteer(places[:-1], index=loaded)
    (tmp_path / "bad").write_bytes(b"not a pickle")
    with pytest.raises(StoreError):
        NameIndex.load(tmp_path / "bad")
    with pytest.raises(StoreError):
        NameIndex.load(tmp_path / "missing")


def test_automaton_values_share_keys_and_place_ids(places: list[Place]) -> None:
    """The automaton's values hold the normalized keys' own strings and one tuple per
    distinct set of place ids (a saved index stores each once)."""
    index = NameIndex.build(places)
    keys = {key: key for key in index.normalized}
    values = [value for _, value in index.automaton.items()]
    tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
    for _level, _nwords, _keylen, norm, place_ids in values:
        if norm in keys:
            assert norm is keys[norm]
        assert tuples.setdefault(place_ids, place_ids) is place_ids
    assert len(tuples) < len(values)


# ---------------------------------------------------------------------------------------
# resolve / ranking


def test_exact_over_fuzzy_and_levels(gaz: Gazetteer) -> None:
    assert gaz.resolve("Kabajeb").best.match == "exact"
    assert gaz.resolve("Kaba Jeb").best.match == "phonetic"
    assert gaz.resolve("Kabajebb").best.match in ("normalized", "phonetic")
    r = gaz.resolve("Kabajweb")
    assert r.best.match == "fuzzy" and r.place.place_id == "place:kabajeb"
    assert r.confidence < gaz.resolve("Kabajeb").confidence


def test_city_over_governorate(gaz: Gazetteer) -> None:
    assert gaz.resolve("Homs").place.place_id == "place:homs"
    assert gaz.resolve("حمص").place.place_id == "place:homs"
    assert gaz.resolve("Homs", feature_types={"governorate"}).place.place_id == "gov:SY04"
    assert gaz.resolve("Homs province").place.place_id == "gov:SY04"
    assert gaz.resolve("Homs Governorate").place.place_id == "gov:SY04"
    assert gaz.resolve("محافظة حمص").place.place_id == "gov:SY04"
    assert gaz.resolve("Deir Ezzor province").place.place_id == "gov:SY09"
    assert gaz.resolve("Deir Ezzor city").place.place_id == "place:deir-ez-zor"


def test_resolution_candidates_and_confidence(gaz: Gazetteer) -> None:
    r = gaz.resolve("Homs")
    ids = [c.place.place_id for c in r.candidates]
    assert ids[0] == "place:homs" and "gov:SY04" in ids
    assert len(r.candidates) <= 5
    assert all(0.0 <= c.score <= 1.0 for c in r.candidates)
    assert 0.0 < r.confidence <= 1.0
    scores = [c.score for c in r.candidates[1:]]
    assert scores == sorted(scores, reverse=True)


def test_not_found(gaz: Gazetteer) -> None:
    r = gaz.resolve("Springfield")
    assert r.best is None and r.place is None and r.confidence == 0.0 and r.candidates == ()
    assert gaz.resolve("").best is None
    assert gaz.candidates("Springfield") == []


def test_deir_hafer_is_not_deir_ez_zor(gaz: Gazetteer) -> None:
    assert gaz.resolve("Deir Hafer").place.place_id == "place:deir-hafer"
    assert gaz.resolve("Deir Hafir").place.place_id == "place:deir-hafer"
    ids = {c.place.place_id for c in gaz.candidates("Deir Hafer")}
    assert not ids & {"place:deir-ez-zor", "gov:SY09"}


def test_similar_names_not_merged(gaz: Gazetteer) -> None:
    assert gaz.resolve("Tal Abyad").place.place_id == "place:tal-abyad"
    assert gaz.resolve("Tal Tamr").place.place_id == "place:tal-tamr"
    assert gaz.resolve("Al-Bab").place.place_id == "place:al-bab"
    assert gaz.resolve("Bab al-Hawa").place.place_id == "place:bab-al-hawa"
    assert gaz.resolve("Hama").place.place_id == "place:hama"


def test_duplicates_across_sources_collapsed(gaz: Gazetteer) -> None:
    ids = [c.place.place_id for c in gaz.candidates("Dayr Hafir")]
    assert ids == ["place:deir-hafer"]  # wof:555 (same name, < 2 km) collapsed into it


def test_context_decides_between_homonyms(gaz: Gazetteer) -> None:
    in_dez = ResolveContext(governorate_pcodes=frozenset({"SY09"}))
    in_homs = ResolveContext(governorate_pcodes=frozenset({"SY04"}))
    assert gaz.resolve("Al-Taybah", context=in_dez).place.place_id == "gn:1001"
    assert gaz.resolve("Al-Taybah", context=in_homs).place.place_id == "gn:1002"
    near_homs = ResolveContext(near=((36.71, 34.73),))
    assert gaz.resolve("Taybah", context=near_homs).place.place_id == "gn:1002"
    known = ResolveContext(place_ids=frozenset({"gn:1001"}))
    assert gaz.resolve("At-Taybah", context=known).place.place_id == "gn:1001"
    # Without context: two far-apart homonyms make a low confidence.
    assert gaz.resolve("Al-Taybah").confidence < gaz.resolve("Al-Taybah",
                                                             context=in_dez).confidence


def test_feature_types_filter(gaz: Gazetteer) -> None:
    r = gaz.resolve("M20", feature_types={"corridor"})
    assert r.place.place_id == "corridor:homs-deir-ez-zor"
    assert gaz.resolve("Homs", feature_types={"corridor"}).best is None


def test_place_id_resolves(gaz: Gazetteer) -> None:
    r = gaz.resolve("place:kabajeb")
    assert r.place.place_id == "place:kabajeb" and r.confidence == 1.0


def test_records(gaz: Gazetteer) -> None:
    assert gaz.get("place:homs").name == "Homs"
    with pytest.raises(PlaceNotFoundError):
        gaz.get("place:nowhere")
    with pytest.raises(LookupError):
        gaz.get("place:nowhere")
    assert [p.place_id for p in gaz.governorates()] == ["gov:SY04", "gov:SY09"]
    assert [p.place_id for p in gaz.corridors()] == ["corridor:homs-deir-ez-zor"]
    assert gaz.zones() == [] and gaz.rivers() == []
    assert gaz.by_pcode("SY09").place_id == "gov:SY09"
    assert gaz.by_pcode("sy04").place_id == "gov:SY04"
    assert gaz.by_pcode("SY99") is None
    assert "place:homs" in gaz and len(gaz) == len(gaz.places)
    with pytest.raises(PlaceNotFoundError):
        gaz.corridor("place:homs")


# ---------------------------------------------------------------------------------------
# find_mentions


def test_find_mentions_spans(gaz: Gazetteer) -> None:
    text = ("Clashes erupted in Kabajeb and al-Shula in western Deir ez-Zor, then ISIS "
            "attacked As-Sukhnah; the army said. Shelling on دير الزور and Homs.")
    mentions = gaz.find_mentions(text)
    assert [m.text for m in mentions] == ["Kabajeb", "al-Shula", "Deir ez-Zor",
                                          "As-Sukhnah", "دير الزور", "Homs"]
    for m in mentions:
        assert text[m.start:m.end] == m.text
    by_text = {m.text: m for m in mentions}
    assert set(by_text["Deir ez-Zor"].place_ids) == {"gov:SY09", "place:deir-ez-zor"}
    assert by_text["al-Shula"].place_ids == ("place:al-shula",)


def test_find_mentions_longest_and_boundaries(gaz: Gazetteer) -> None:
    text = "Fighting near Bab al-Hawa; Al-Bab quiet; Babylon and Homsi are not places."
    got = [(m.text, m.place_ids) for m in gaz.find_mentions(text)]
    assert got == [("Bab al-Hawa", ("place:bab-al-hawa",)), ("Al-Bab", ("place:al-bab",))]


def test_find_mentions_phonetic_and_case(gaz: Gazetteer) -> None:
    text = "Militants reached Sokhneh and Kabajib from Mayadeen."
    assert [m.text for m in gaz.find_mentions(text)] == ["Sokhneh", "Kabajib", "Mayadeen"]
    # Normal prose: lower-case words are not names; all-lower text is matched anyway.
    assert gaz.find_mentions("The hama was loud.") == []
    assert [m.text for m in gaz.find_mentions("clashes in hama")] == ["hama"]


def test_find_mentions_stopwords() -> None:
    places = [_p("place:tal", "Tal", "village", 35.0, 38.0),
              _p("place:may", "May", "village", 35.1, 38.1),
              _p("place:the", "The", "village", 35.2, 38.2)]
    g = Gazetteer(places)
    assert g.find_mentions("In May, The army shelled Tal.") == []
    assert [m.text for m in g.find_mentions("Shelling of Al-Tal.")] == ["Al-Tal"]
    assert g.resolve("Tal").place.place_id == "place:tal"  # single lookups unaffected


# ---------------------------------------------------------------------------------------
# embedded data


def test_embedded_reader_fixture(tmp_path: Path) -> None:
    (tmp_path / "places.csv").write_text(
        "place_id,name,feature_type,lat,lon,governorate_pcode,district_pcode,"
        "subdistrict_pcode,aliases,source_id,population,seat_of\n"
        "place:a,Alpha,town,34.5,38.5,SY04,,,Alfa|ألفا,geonames:1,1200,\n"
        "place:b,Beta,village,35.0,39.0,SY09,SY0901,,,,,\n"
        "place:c,Gamma,village,x,39.0,SY09,,,,,,\n",
        encoding="utf-8")
    (tmp_path / "corridors.json").write_text(
        '[{"place_id": "corridor:ab", "name": "Alpha-Beta road", "ref": "M99",'
        ' "aliases": ["A-B road"], "waypoints": ["place:a", "place:b"]}]', encoding="utf-8")
    (tmp_path / "zones.geojson").write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties":'
        ' {"place_id": "zone:z", "name": "Zed desert", "aliases": ["Zed"],'
        ' "governorate_pcodes": ["SY04"], "kind": "desert", "definition": "test"},'
        ' "geometry": {"type": "Polygon", "coordinates": [[[38,34],[39,34],[39,35],[38,34]]]}}]}',
        encoding="utf-8")
    places = places_from_dir(tmp_path)
    by_id = {p.place_id: p for p in places}
    assert set(by_id) == {"place:a", "place:b", "zone:z", "corridor:ab"}
    a = by_id["place:a"]
    assert a.names == ("Alpha", "Alfa", "ألفا") and a.population == 1200
    assert a.governorate_pcode == "SY04" and a.source_id == "geonames:1"
    assert by_id["place:b"].district_pcode == "SY0901"
    c = by_id["corridor:ab"]
    assert c.feature_type == "corridor" and c.attributes["waypoints"] == ["place:a", "place:b"]
    assert c.geometry.geom_type == "LineString" and "M99" in c.names
    z = by_id["zone:z"]
    assert z.is_area and z.geometry.contains(z.geometry.representative_point())
    assert z.governorate_pcode == "SY04"


REQUIRED_DATA = ("places.csv", "governorates.geojson")


def _embedded_or_skip() -> Gazetteer:
    missing = [f for f in REQUIRED_DATA if not (DATA_DIR / f).is_file()]
    if missing:
        pytest.skip(f"embedded data not written yet: {missing}")
    return Gazetteer.default()


def test_embedded_load_is_cached() -> None:
    _embedded_or_skip()
    from gazetteer.embedded import _load_embedded_cached

    _load_embedded_cached.cache_clear()
    places = load_embedded()
    assert places and load_embedded() == places
    ids = [p.place_id for p in places]
    assert len(ids) == len(set(ids))


# (query, true lat, true lon): reporters' spellings, Latin and Arabic.
SPELLINGS: list[tuple[str, float, float]] = [
    *[(q, 35.336, 40.141) for q in (
        "Deir Ezzor", "Deir ez-Zor", "Deir-ez-Zor", "Dayr az Zawr", "Deir al-Zour",
        "Deir el-Zor", "Deir Ez Zor", "Deir al-Zor", "Dair al-Zour", "دير الزور")],
    *[(q, 34.887, 38.873) for q in (
        "Al-Sukhnah", "As Sukhnah", "Sokhneh", "Sukhna", "al-Sukhna", "As-Sukhnah", "السخنة")],
    *[(q, 35.079, 39.680) for q in ("Kabajeb", "Kabajib", "Kaba Jeb", "Kbajeb", "كباجب")],
    *[(q, 35.222, 39.915) for q in ("Al-Shula", "Ash Shula", "Al-Shawla", "Shoula")],
    *[(q, 34.560, 38.267) for q in ("Palmyra", "Tadmur", "Tadmor", "تدمر")],
    *[(q, 34.452, 40.918) for q in ("Albu Kamal", "Abu Kamal", "Al-Bukamal", "Bukamal",
                                    "البوكمال")],
    *[(q, 35.021, 40.451) for q in ("Al-Mayadin", "Mayadin", "Mayadeen", "Al Mayadeen",
                                    "الميادين")],
    *[(q, 35.950, 39.010) for q in ("Raqqa", "Al-Raqqah", "Ar-Raqqa", "Raqqah", "الرقة")],
    *[(q, 36.502, 40.748) for q in ("Hasakah", "Hasakeh", "Al-Hassakeh", "Al-Hasakah",
                                    "الحسكة")],
    *[(q, 35.930, 36.634) for q in ("Idlib", "Idleb", "إدلب")],
    *[(q, 34.522, 37.630) for q in ("T4", "T-4", "Tiyas", "Tiyas airbase", "T4 airbase")],
    *[(q, 33.500, 38.630) for q in ("Al-Tanf", "At-Tanf", "Tanf")],
    *[(q, 34.229, 37.240) for q in ("Al-Qaryatayn", "Qaryatayn", "Qaryatain", "Al-Qaryatein",
                                    "Karyatein")],
    *[(q, 35.814, 36.318) for q in ("Jisr al-Shughur", "Jisr ash-Shughur", "Jisr al-Shugur",
                                    "جسر الشغور")],
    *[(q, 35.648, 36.674) for q in ("Maarat al-Numan", "Ma'arrat an-Nu'man",
                                    "Maarat al-Nouman", "معرة النعمان")],
    *[(q, 34.732, 36.714) for q in ("Homs", "Hims", "حمص")],
    *[(q, 35.132, 36.758) for q in ("Hama", "Hamah", "حماة")],
    *[(q, 36.202, 37.159) for q in ("Aleppo", "Halab", "حلب")],
    *[(q, 33.513, 36.292) for q in ("Damascus", "Dimashq", "دمشق")],
    *[(q, 33.126, 35.824) for q in ("Quneitra", "Al-Qunaytirah", "القنيطرة")],
]


@pytest.mark.parametrize(("query", "lat", "lon"), SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_reporters_spellings_resolve_within_10_km(query: str, lat: float, lon: float) -> None:
    gaz = _embedded_or_skip()
    r = gaz.resolve(query)
    assert r.place is not None, f"{query!r} not found"
    d = haversine_km(lat, lon, r.place.lat, r.place.lon)
    assert d <= 10, f"{query!r} → {r.place.place_id} ({r.place.name}) is {d:.0f} km off"
    assert not r.place.is_area, f"{query!r} → {r.place.place_id} is an area, not the place"


@pytest.mark.parametrize("word", ["the", "Army", "said", "killed", "Monday", "province",
                                  "village", "near", "attack", "forces"])
def test_embedded_english_words_are_not_places(word: str) -> None:
    gaz = _embedded_or_skip()
    assert gaz.find_mentions(f"{word} {word}. {word.title()} and {word}.") == []


def test_embedded_negatives() -> None:
    gaz = _embedded_or_skip()
    dez = gaz.resolve("Deir ez-Zor").place
    r = gaz.resolve("Deir Hafer")
    assert r.place is None or haversine_km(r.place.lat, r.place.lon, dez.lat, dez.lon) > 100
    assert gaz.resolve("Homs").place.feature_type == "city"
    assert gaz.resolve("Homs", feature_types={"governorate"}).place.place_id == "gov:SY04"
    assert gaz.resolve("Hama").place.place_id != gaz.resolve("Homs").place.place_id
    assert gaz.resolve("Xylophone Street").place is None


def test_embedded_mentions_in_a_report() -> None:
    gaz = _embedded_or_skip()
    text = ("ISIS cells attacked regime positions between Kabajeb and Al-Shawla in western "
            "Deir Ezzor, and on the road to Al-Sukhnah in the Homs desert.")
    found = {m.text for m in gaz.find_mentions(text)}
    assert {"Kabajeb", "Al-Sukhnah"} <= found
    assert any(t.startswith("Deir Ezzor") for t in found)


@pytest.mark.parametrize(("a", "b"), [
    ("Tal Abyad", "Tal Tamr"), ("Khan Shaykhun", "Khan al-Asal"),
    ("Maarat al-Numan", "Maarat Misrin"), ("Al-Bab", "Bab al-Hawa"), ("Hama", "Homs"),
    ("Deir Hafer", "Deir ez-Zor"), ("Raqqa", "Ar-Rastan"),
])
def test_embedded_similar_towns_apart(a: str, b: str) -> None:
    gaz = _embedded_or_skip()
    pa, pb = gaz.resolve(a).place, gaz.resolve(b).place
    assert pa is not None and pb is not None
    assert pa.place_id != pb.place_id
    assert haversine_km(pa.lat, pa.lon, pb.lat, pb.lon) > 10


def test_load_without_store_is_default(tmp_path: Path) -> None:
    _embedded_or_skip()
    assert Gazetteer.load(tmp_path / "no-store-here") is Gazetteer.default()


def test_group_names_are_not_places() -> None:
    places = [_p("place:damascus", "Damascus", "city", 33.51, 36.29, "Al-Sham", "Dimashq"),
              _p("place:idlib", "Idlib", "city", 35.93, 36.63)]
    g = Gazetteer(places)
    text = "Hay'at Tahrir al-Sham and Ahrar al-Sham shelled Idlib; Damascus (al-Sham) was calm."
    assert [m.text for m in g.find_mentions(text)] == ["Idlib", "Damascus", "al-Sham"]


# -- ranking ties, area-restricted loose matching, table names -------------------------
def _table_gazetteer() -> Gazetteer:
    """Fictional villages: homonyms in two governorates, spelling variants, twins."""
    return Gazetteer([
        _p("wof:1", "Hit", "village", 34.58, 36.42, source="wof", gov="SY04"),
        Place("wof:2", "Hayt", "village", 32.80, 35.95, names=("Hayt",),
              governorate_pcode="SY12", district_pcode="SY1201",
              subdistrict_pcode="SY120100", source="wof"),
        _p("wof:3", "Suran", "town", 35.29, 36.75, source="wof", gov="SY05",
           population=30000),
        _p("wof:4", "Suran", "village", 36.57, 37.21, source="wof", gov="SY02"),
        _p("wof:5", "Khuwayn al Kabir", "village", 35.52, 36.70, source="wof", gov="SY07"),
        _p("wof:6", "Khuwayn as Saghir", "village", 35.50, 36.72, source="wof", gov="SY07"),
        _p("wof:7", "Taybat al-Imam", "town", 35.27, 36.71, source="wof", gov="SY05"),
        Place("wof:8", "Umm Halahil", "village", 35.60, 36.60, names=("Umm Halahil",),
              governorate_pcode="SY07", source="wof"),
        Place("wof:9", "Umm al Khalakhil", "village", 35.55, 36.65,
              names=("Umm al Khalakhil",), governorate_pcode="SY07", source="wof"),
        Place("wof:10", "Ablin", "village", 35.71, 36.53, names=("Ablin",),
              governorate_pcode="SY07", source="wof"),
    ])


def test_context_beats_population_when_scores_saturate() -> None:
    g = _table_gazetteer()
    aleppo = ResolveContext(governorate_pcodes=frozenset({"SY02"}))
    assert g.resolve("Suran", context=aleppo).place.place_id == "wof:4"
    assert g.resolve("Suran").place.place_id == "wof:3"  # no context: the larger town


def test_equal_scores_broken_by_spelling_not_id() -> None:
    g = _table_gazetteer()
    assert g.resolve("Um al-Khalakhil").place.place_id == "wof:9"


def test_table_name_prefers_a_same_sounding_place_in_the_rows_governorate() -> None:
    from gazetteer.lookup import resolve_place_name

    g = _table_gazetteer()
    assert resolve_place_name(g, "Hit").place.place_id == "wof:1"
    assert resolve_place_name(g, "Hit", governorate_pcode="SY12").place.place_id == "wof:2"
    # English qualifiers of twin villages are their Arabic words.
    big = resolve_place_name(g, "Big Khwein", governorate_pcode="SY07")
    assert big.place.place_id == "wof:5"
    small = resolve_place_name(g, "Small Khwein", governorate_pcode="SY07")
    assert small.place.place_id == "wof:6"
    # Glued article and Tiba/Tayba/Taybat fold in the keys themselves.
    assert resolve_place_name(g, "Tiba Elemam").place.place_id == "wof:7"


def test_loose_match_needs_close_consonants() -> None:
    g = _table_gazetteer()
    assert g.candidates_within("Abdin", governorate_pcodes=["SY07"]) == []
    found = g.candidates_within("Hit", governorate_pcodes=["SY12"])
    assert [c.place.place_id for c in found] == ["wof:2"]
    assert found[0].match == "fuzzy"
    assert g.candidates_within("Hit") == []  # no area, no loose search


def test_subdistrict_context_ranks_first() -> None:
    g = _table_gazetteer()
    ctx = ResolveContext(governorate_pcodes=frozenset({"SY12"}),
                         subdistrict_pcodes=frozenset({"SY120100"}))
    assert g._context_score(g.get("wof:2"), ctx) == 1.0
