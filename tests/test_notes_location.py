"""Event notes (table cells such as ACLED's ``notes``) → one located event.

Every sentence here is written for these tests. The embedded gazetteer is used, plus a few
made-up villages (homonyms in two governorates) added to it where ranking is tested.
"""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from gazetteer import Gazetteer
from gazetteer.embedded import load_embedded
from gazetteer.geo import haversine_km
from gazetteer.model import Place
from mapper.extract import extract_incidents
from mapper.notes import ANCHOR_KM, note_context
from mapper.place_expr import find_place_expressions, is_name_fragment
from mapper.tables import decide_incident, locate_text


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def _village(pid: str, name: str, gov: str, lat: float, lon: float) -> Place:
    return Place(place_id=pid, name=name, feature_type="village", lat=lat, lon=lon,
                 names=(name,), governorate_pcode=gov, source="wof", source_id=pid)


@pytest.fixture(scope="module")
def homonyms() -> Gazetteer:
    """The embedded places plus made-up homonyms: "Tell Zarzura" in Idlib (near Saraqib)
    and in Deir ez-Zor; "Khirbat Qunfudh" in Aleppo (near Manbij) and in Daraa."""
    extra = [
        _village("wof:9000001", "Tell Zarzura", "SY07", 35.90, 36.85),
        _village("wof:9000002", "Tell Zarzura", "SY09", 35.10, 40.30),
        _village("wof:9000003", "Khirbat Qunfudh", "SY02", 36.45, 37.90),
        _village("wof:9000004", "Khirbat Qunfudh", "SY12", 32.75, 36.20),
    ]
    return Gazetteer([*load_embedded(), *extra])


def _gov(gaz: Gazetteer, lon: float, lat: float) -> str | None:
    g = gaz.areas.admin_at(lon, lat)["governorate"]
    return g.governorate_pcode or g.place_id.split(":")[-1] if g is not None else None


# -- every note is an event ----------------------------------------------------------------
def test_note_without_event_words_is_located(gaz):
    inc, reason = decide_incident("Tension remains high in Saraqib.", gaz)
    assert reason is None
    assert inc.record_type == "event"
    assert inc.location.place_id == "place:saraqib"
    assert inc.location.geo_precision == 1


def test_extract_note_mode_gives_one_event(gaz):
    text = ("Fighters clashed in Kafr Nabl. Later, shelling hit Saraqib, and two fighters "
            "were killed in Al-Bab.")
    (inc,) = extract_incidents(text, gazetteer=gaz, note=True)
    assert inc.record_type == "event" and inc.location is not None
    assert extract_incidents("   ", gazetteer=gaz, note=True) == []


def test_place_between_two_towns_reads_a_place(gaz):
    values, reason = locate_text(
        "Rebels and regime forces fought in the area between Maarat al-Numan and "
        "Saraqib.", gaz)
    assert reason is None
    assert values["place_id"] in ("place:maarat-al-numan", "place:saraqib")


def test_seize_verbs_and_village_of(gaz):
    for text in ("Government troops captured the village of Kafr Nabl on Monday.",
                 "Opposition fighters regained control of Kafr Nabl.",
                 "Kafr Nabl village saw heavy fighting."):
        values, _ = locate_text(text, gaz)
        assert values["place_id"] == "place:kafr-nabl", text


# -- context: governorates named in the note -----------------------------------------------
@pytest.mark.parametrize("text,gov", [
    ("Clashes erupted in Tell Zarzura in southern Idleb province.", "SY07"),
    ("Clashes erupted in Tell Zarzura in the eastern countryside of Idleb.", "SY07"),
    ("Clashes erupted in Tell Zarzura, Deir-ez-Zor countryside.", "SY09"),
    ("Clashes erupted in Tell Zarzura in Deir ez-Zor.", "SY09"),
])
def test_named_governorate_ranks_homonyms(homonyms, text, gov):
    inc, _ = decide_incident(text, homonyms)
    assert inc.location.place_id.startswith("wof:")
    assert homonyms.get(inc.location.place_id).governorate_pcode == gov


def test_candidate_outside_named_governorate_loses(homonyms):
    # only the Idlib homonym exists near Saraqib; "in Daraa" rules both out: area answer
    inc, _ = decide_incident("Clashes erupted in Tell Zarzura in Daraa province.", homonyms)
    assert inc.location.geo_precision == 3
    assert _gov(homonyms, *inc.location.point) == "SY12"


def test_acled_governorate_spellings_make_context(gaz):
    for spelling, code in (("Idleb", "SY07"), ("Dar'a", "SY12"), ("Ar-Raqqa", "SY11"),
                           ("As-Sweida", "SY13"), ("Lattakia", "SY06"),
                           ("Al Hasakeh", "SY08"), ("Rural Damascus", "SY03"),
                           ("Quneitra", "SY14"), ("Hama", "SY05")):
        text = f"Fighting was reported in the northern countryside of {spelling}."
        mentions = gaz.find_mentions(text)
        exprs = find_place_expressions(text, mentions=mentions, gazetteer=gaz,
                                       all_mentions=True)
        assert code in note_context(exprs, mentions, gaz).governorates, spelling


def test_damascus_and_rural_damascus_count_together(gaz):
    text = "Shelling hit the outskirts of Damascus."
    mentions = gaz.find_mentions(text)
    exprs = find_place_expressions(text, mentions=mentions, gazetteer=gaz, all_mentions=True)
    assert {"SY01", "SY03"} <= note_context(exprs, mentions, gaz).governorates


# -- anchors: other places named in the note -----------------------------------------------
def test_place_named_next_to_an_anchor(homonyms):
    inc, _ = decide_incident("SDF fighters took Khirbat Qunfudh village southwest of Manbij.",
                             homonyms)
    assert inc.location.place_id == "wof:9000003"
    manbij = homonyms.get("place:manbij")
    lon, lat = inc.location.point
    assert haversine_km(lat, lon, manbij.lat, manbij.lon) < ANCHOR_KM


# -- areas when the note names nothing finer ---------------------------------------------
def test_direction_of_governorate_is_an_area_inside_it(gaz):
    inc, reason = decide_incident(
        "Battles raged between two factions in the northeastern countryside of Aleppo.", gaz)
    assert reason is None
    loc = inc.location
    assert loc.geo_precision == 3 and loc.geometry.geom_type.endswith("Polygon")
    assert _gov(gaz, *loc.point) == "SY02"
    assert loc.geometry.buffer(1e-6).contains(Point(loc.point)) or _gov(gaz, *loc.point)


def test_governorate_only_note_is_its_seat_area(gaz):
    inc, _ = decide_incident("An armed group attacked a checkpoint in Hama province.", gaz)
    loc = inc.location
    assert loc.geo_precision == 3
    assert _gov(gaz, *loc.point) == "SY05"


def test_syrian_desert_in_named_governorate(gaz):
    inc, _ = decide_incident("IS cells ambushed a patrol in the Syrian desert in Rural "
                             "Damascus.", gaz)
    loc = inc.location
    assert loc.geo_precision == 3
    assert _gov(gaz, *loc.point) == "SY03"
    badia = gaz.get("zone:badia").geometry
    assert badia.buffer(0.01).contains(Point(loc.point))


def test_road_in_named_governorate(gaz):
    inc, _ = decide_incident("Gunmen fired on a car on the Aleppo-Damascus highway in Idleb.",
                             gaz)
    loc = inc.location
    assert loc.feature_type == "corridor"
    assert _gov(gaz, *loc.point) == "SY07"


# -- near, sites and composites -----------------------------------------------------------
def test_near_is_the_place_at_precision_2(gaz):
    for text in ("Clashes took place near Saraqib.", "Clashes on the outskirts of Saraqib."):
        inc, _ = decide_incident(text, gaz)
        assert inc.location.place_id == "place:saraqib", text
        assert inc.location.geo_precision == 2, text


def test_site_words_fall_back_to_the_place(gaz):
    for text in ("Rebels attacked the Saraqib checkpoint.",
                 "Clashes at Kafr Nabl front left two dead.",
                 "Fighting in Palmyra (Tadmor) continued."):
        inc, _ = decide_incident(text, gaz)
        assert inc.location is not None, text
        assert inc.location.place_id in ("place:saraqib", "place:kafr-nabl",
                                         "place:palmyra"), text


def test_name_run_on_into_governorate(gaz):
    inc, _ = decide_incident("Government forces fought rebels in Saraqib Idleb.", gaz)
    assert inc.location.place_id == "place:saraqib"


# -- names inside longer names are not places -------------------------------------------
@pytest.mark.parametrize("text,word", [
    ("clashes with Jaysh Khalid ibn al-Walid fighters", "Khalid"),
    ("the al-Rahman Corps attacked", "Rahman"),
    ("the Hamza Brigade advanced", "Hamza"),
    ("fighters of Qalat Jabir", "Jabir"),
    ("JaT fighters repelled it", "JaT"),
])
def test_name_fragments(text, word):
    start = text.index(word)
    assert is_name_fragment(text, start, start + len(word))


@pytest.mark.parametrize("text,word", [
    ("clashes in Saraqib in Idleb province", "Saraqib"),
    ("Saraqib Northern countryside", "Saraqib"),
    ("In Saraqib, clashes", "Saraqib"),
])
def test_not_name_fragments(text, word):
    start = text.index(word)
    assert not is_name_fragment(text, start, start + len(word))


def test_unplaced_note_says_why(gaz):
    values, reason = locate_text("Clashes were reported; no further details.", gaz)
    assert values.get("latitude") is None
    assert reason


# -- regions, districts and "the capital" as the note's context -------------------------------
@pytest.fixture(scope="module")
def region_homonyms() -> Gazetteer:
    """Embedded places plus a made-up "Kafr Zaytuna" in Rural Damascus (in the Eastern
    Ghouta) and in Al-Hasakah, the Hasakah one more populous."""
    far = _village("wof:9000011", "Kafr Zaytuna", "SY08", 36.60, 40.90)
    far = Place(**{**{f: getattr(far, f) for f in far.__dataclass_fields__},
                   "population": 20000})
    return Gazetteer([*load_embedded(), far,
                      _village("wof:9000012", "Kafr Zaytuna", "SY03", 33.55, 36.42)])


def test_region_named_in_note_is_context(region_homonyms):
    note = "Regime artillery shelled Kafr Zaytuna in the Eastern Ghouta, wounding two."
    ctx = note_context(find_place_expressions(note, gazetteer=region_homonyms),
                       region_homonyms.find_mentions(note), region_homonyms, note)
    assert "SY03" in ctx.governorates
    inc, _ = decide_incident(note, region_homonyms)
    assert inc.location.place_id == "wof:9000012"


def test_without_the_region_the_populous_homonym_wins(region_homonyms):
    inc, _ = decide_incident("Regime artillery shelled Kafr Zaytuna, wounding two.",
                             region_homonyms)
    assert inc.location.place_id == "wof:9000011"


def test_the_capital_is_damascus(region_homonyms):
    note = "Shells fell on Kafr Zaytuna on the edge of the capital, wounding two."
    ctx = note_context([], region_homonyms.find_mentions(note), region_homonyms, note)
    assert "SY01" in ctx.named


def test_district_named_as_such_is_context():
    from shapely.geometry import box

    district = Place(place_id="ocha:SY0205", name="Menbij", feature_type="district",
                     lat=36.5, lon=38.0, names=("Menbij", "Manbij"), governorate_pcode="SY02",
                     district_pcode="SY0205", source="ocha", source_id="ocha:SY0205",
                     geometry=box(37.7, 36.3, 38.3, 36.8))
    gaz = Gazetteer([*load_embedded(), district])
    note = "Clashes took place in a village of Menbij district."
    ctx = note_context([], gaz.find_mentions(note), gaz, note)
    assert ctx.named == ("SY02",)
    plain = "Clashes took place near the road to Menbij."
    assert note_context([], gaz.find_mentions(plain), gaz, plain).named == ()


def test_region_name_beats_loose_village_match(gaz):
    inc, _ = decide_incident("Snipers exchanged fire in the Jabal al-Akrad area.", gaz)
    assert inc.location.place_id == "region:jabal-al-akrad"
    assert inc.location.geo_precision == 3


def test_lowercase_direction_region_name(gaz):
    inc, _ = decide_incident("Helicopters dropped barrel bombs on farms in the western "
                             "Ghouta.", gaz)
    assert inc.location.place_id == "region:western-ghouta"


# -- last resorts: a town's desert, lower-case governorates, names of sites ------------------
def test_town_desert_is_near_the_town(gaz):
    inc, _ = decide_incident("IS cells ambushed a patrol in Sokhneh desert, killing 4.", gaz)
    assert inc.location.place_id == "place:as-sukhnah"
    assert inc.location.geo_precision == 2 and inc.location.uncertainty_km >= 10


def test_lowercase_governorate_when_nothing_else(gaz):
    inc, reason = decide_incident("Warplanes struck positions in the eastern countryside of "
                                  "homs; no losses reported.", gaz)
    assert reason is None and inc.location.place_id == "gov:SY04"
    inc, reason = decide_incident("Warplanes struck positions; no losses reported.", gaz)
    assert inc.location is None and reason == "no place named in the note"


def test_site_named_after_a_town_is_near_it(gaz):
    inc, _ = decide_incident("Guards repelled an assault on the Saraqib Central Prison.", gaz)
    assert inc.location.place_id == "place:saraqib" and inc.location.geo_precision == 2
    inc, _ = decide_incident("Fighting flared in the Saraqib-Sarmin triangle overnight.", gaz)
    assert inc.location.place_id == "place:saraqib" and inc.location.geo_precision == 2


def test_reduced_names_never_a_generic_word():
    from mapper.locate import reduced_names

    assert reduced_names("Idlib Central Prison") == ["Idlib Central", "Idlib"]
    assert reduced_names("Tal Dakweh") == []
    assert reduced_names("Damascus-Tanf") == ["Damascus", "Tanf"]


# -- "X near Y": a place far from where the note puts the event is not the note's place ----
@pytest.fixture(scope="module")
def far_villages() -> Gazetteer:
    """The embedded places plus made-up villages, each with one location: "Tell Qunbur"
    in Idlib (about 300 km from Al-Mayadin), "Umm Ghurab" 40 km east of Maskanah and
    "Rasm Zuhur" 70 km east of Homs city."""
    extra = [
        _village("wof:9000021", "Tell Qunbur", "SY07", 35.80, 36.70),
        _village("wof:9000022", "Umm Ghurab", "SY02", 35.97, 38.48),
        _village("wof:9000023", "Rasm Zuhur", "SY04", 34.75, 37.50),
    ]
    return Gazetteer([*load_embedded(), *extra])


def test_place_far_from_near_anchor_gives_way(far_villages):
    inc, _ = decide_incident("Gunmen attacked a checkpoint in Tell Qunbur near Al-Mayadin, "
                             "killing two guards.", far_villages)
    assert inc.location.place_id == "place:al-mayadin"
    assert inc.location.geo_precision == 2


def test_place_far_in_a_compass_direction_gives_way(far_villages):
    inc, _ = decide_incident("Gunmen attacked a checkpoint in Tell Qunbur east of "
                             "Al-Mayadin, killing two guards.", far_villages)
    assert inc.location.place_id == "place:al-mayadin"
    assert inc.location.geo_precision == 2


def test_place_within_compass_reach_is_kept(far_villages):
    inc, _ = decide_incident("Regime forces captured Umm Ghurab east of Maskanah.",
                             far_villages)
    assert inc.location.place_id == "wof:9000022"
    assert inc.location.geo_precision == 1


def test_east_of_a_governorate_name_is_not_a_reach(far_villages):
    # "east of Homs" names the governorate's east, not a few kilometres from the city
    inc, _ = decide_incident("Regime forces captured Rasm Zuhur village east of Homs.",
                             far_villages)
    assert inc.location.place_id == "wof:9000023"


def test_rural_damascus_is_represented_around_its_seat(gaz):
    # the governorate's seat, Damascus, lies outside it (Rural Damascus surrounds the city):
    # the point is in the governorate, close to the city, not in the desert by Iraq
    inc, _ = decide_incident("Rebels clashed with regime forces in Rural Damascus; no losses "
                             "were reported.", gaz)
    lon, lat = inc.location.point
    assert inc.location.geo_precision == 3
    assert _gov(gaz, lon, lat) == "SY03"
    assert haversine_km(33.5138, 36.2765, lat, lon) < 20


@pytest.mark.parametrize(("text", "gov"), [
    ("Clashes took place in Hosh Qarqur, in rural Damascus.", "SY03"),
    ("Clashes took place in Hosh Qarqur, in Rural Hama.", "SY05"),
    ("Clashes took place in Hosh Qarqur, in rural Idleb.", "SY07"),
])
def test_rural_governorate_is_the_governorate(gaz, text, gov):
    exprs = find_place_expressions(text, gazetteer=gaz)
    assert [e.kind for e in exprs] == ["place", "governorates"]
    inc, _ = decide_incident(text, gaz)
    assert inc.location.geo_precision == 3
    assert _gov(gaz, *inc.location.point) == gov
