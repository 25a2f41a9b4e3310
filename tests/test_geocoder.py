"""GazetteerGeocoder: the geopy Geocoder contract, tested by signature, offline."""

from __future__ import annotations

import inspect

import pytest
from geopy.exc import GeocoderServiceError
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point
from shapely.geometry import box

from gazetteer import Gazetteer, GazetteerGeocoder, Place, ResolveContext


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer([
        Place("gov:SY04", "Homs", "governorate", 34.4, 38.0, names=("Homs", "حمص"),
              governorate_pcode="SY04", geometry=box(36.5, 33.5, 39.5, 35.2),
              attributes={"pcode": "SY04", "name_ar": "حمص"}),
        Place("place:homs", "Homs", "city", 34.7324, 36.7137, names=("Homs", "Hims", "حمص"),
              governorate_pcode="SY04", population=775404),
        Place("place:as-sukhnah", "As-Sukhnah", "town", 34.8869, 38.8728,
              names=("As-Sukhnah", "Sokhneh", "السخنة"), governorate_pcode="SY04"),
        Place("place:palmyra", "Palmyra", "city", 34.5604, 38.2673,
              names=("Palmyra", "Tadmur", "تدمر"), governorate_pcode="SY04"),
        Place("gn:1", "Al-Taybah", "village", 35.0, 40.5, names=("Al-Taybah",),
              governorate_pcode="SY09", source="geonames"),
        Place("gn:2", "Al-Taybah", "village", 34.6, 37.0, names=("Al-Taybah",),
              governorate_pcode="SY04", source="geonames"),
    ])


@pytest.fixture(scope="module")
def geocoder(gaz: Gazetteer) -> GazetteerGeocoder:
    return GazetteerGeocoder(gaz)


def _kwonly(func: object) -> dict[str, inspect.Parameter]:
    params = inspect.signature(func).parameters  # type: ignore[arg-type]
    return {n: p for n, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}


@pytest.mark.parametrize("method", ["geocode", "reverse"])
def test_signature_matches_nominatim(method: str) -> None:
    ours = inspect.signature(getattr(GazetteerGeocoder, method)).parameters
    theirs = inspect.signature(getattr(Nominatim, method)).parameters
    # positional part: (self, query)
    pos = [n for n, p in ours.items() if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert pos == [n for n, p in theirs.items()
                   if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD] == ["self", "query"]
    common = {"exactly_one", "timeout", "language"} | (
        {"limit", "country_codes"} if method == "geocode" else set())
    ours_kw, theirs_kw = _kwonly(getattr(GazetteerGeocoder, method)), _kwonly(
        getattr(Nominatim, method))
    for name in common:
        assert name in ours_kw and name in theirs_kw, name
    assert ours_kw["exactly_one"].default is theirs_kw["exactly_one"].default is True
    assert ours_kw["timeout"].default is theirs_kw["timeout"].default
    # Extra geopy options of other geocoders are accepted (and ignored).
    assert any(p.kind is inspect.Parameter.VAR_KEYWORD for p in ours.values())


def test_is_a_geopy_geocoder(geocoder: GazetteerGeocoder) -> None:
    assert isinstance(geocoder, Geocoder)
    with pytest.raises(GeocoderServiceError):  # the adapter never goes online
        geocoder.adapter.get_json("https://nominatim.openstreetmap.org/", timeout=1,
                                  headers={})


def test_geocode_returns_location(geocoder: GazetteerGeocoder) -> None:
    loc = geocoder.geocode("Sokhneh")
    assert isinstance(loc, Location)
    assert loc.latitude == pytest.approx(34.8869) and loc.longitude == pytest.approx(38.8728)
    assert loc.address == "As-Sukhnah, Homs, Syria"
    raw = loc.raw
    assert raw["place_id"] == "place:as-sukhnah" and raw["feature_type"] == "town"
    assert 0 < raw["confidence"] <= 1 and raw["candidates"][0]["place_id"] == raw["place_id"]
    assert tuple(loc.point)[:2] == (loc.latitude, loc.longitude)


def test_geocode_city_over_governorate(geocoder: GazetteerGeocoder) -> None:
    assert geocoder.geocode("Homs").raw["place_id"] == "place:homs"
    assert geocoder.geocode("Homs province").raw["place_id"] == "gov:SY04"
    gov = geocoder.geocode("Homs", feature_types={"governorate"})
    assert gov.raw["place_id"] == "gov:SY04" and gov.address == "Homs, Syria"


def test_geocode_list_and_limit(geocoder: GazetteerGeocoder) -> None:
    locs = geocoder.geocode("Homs", exactly_one=False)
    assert isinstance(locs, list) and all(isinstance(x, Location) for x in locs)
    assert [x.raw["place_id"] for x in locs] == ["place:homs", "gov:SY04"]
    assert len(geocoder.geocode("Homs", exactly_one=False, limit=1)) == 1


def test_geocode_not_found_and_country(geocoder: GazetteerGeocoder) -> None:
    assert geocoder.geocode("Springfield") is None
    assert geocoder.geocode("Springfield", exactly_one=False) is None
    assert geocoder.geocode("") is None
    assert geocoder.geocode("Palmyra", country_codes=["us"]) is None
    assert geocoder.geocode("Palmyra", country_codes="SY").raw["place_id"] == "place:palmyra"
    assert geocoder.geocode({"city": "Tadmur"}).raw["place_id"] == "place:palmyra"
    assert geocoder.geocode("Palmyra", addressdetails=True, viewbox=None) is not None


def test_geocode_arabic(geocoder: GazetteerGeocoder) -> None:
    loc = geocoder.geocode("تدمر", language="ar")
    assert loc.raw["place_id"] == "place:palmyra"
    assert loc.address.endswith("حمص, سوريا")


def test_geocode_context_and_min_confidence(gaz: Gazetteer) -> None:
    geocoder = GazetteerGeocoder(gaz)
    ctx = ResolveContext(governorate_pcodes=frozenset({"SY09"}))
    assert geocoder.geocode("Al-Taybah", context=ctx).raw["place_id"] == "gn:1"
    strict = GazetteerGeocoder(gaz, min_confidence=0.99)
    assert strict.geocode("Al-Taybah") is None


def test_reverse(geocoder: GazetteerGeocoder) -> None:
    loc = geocoder.reverse((34.88, 38.87))
    assert isinstance(loc, Location) and loc.raw["place_id"] == "place:as-sukhnah"
    assert loc.raw["distance_km"] < 2
    assert geocoder.reverse("34.88, 38.87").raw["place_id"] == "place:as-sukhnah"
    assert geocoder.reverse(Point(34.73, 36.71)).raw["place_id"] == "place:homs"
    near = geocoder.reverse((34.7, 37.0), exactly_one=False, limit=3)
    assert [x.raw["place_id"] for x in near][:2] == ["gn:2", "place:homs"]
    dists = [x.raw["distance_km"] for x in near]
    assert dists == sorted(dists)


def test_reverse_far_from_places(gaz: Gazetteer) -> None:
    geocoder = GazetteerGeocoder(gaz, reverse_max_km=5)
    # Inside the Homs governorate but far from every place: the governorate.
    assert geocoder.reverse((33.7, 39.3)).raw["place_id"] == "gov:SY04"
    # Outside everything (the Mediterranean): nothing.
    assert geocoder.reverse((34.0, 30.0)) is None
