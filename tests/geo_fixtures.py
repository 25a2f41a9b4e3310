"""Small hand-made gazetteer for the geometry tests (corridors, spatial, locate, group).

Town coordinates are the real ones (rounded); the governorate and zone polygons are boxes
drawn for the tests, not real boundaries: Homs west of 39.4°E, Deir ez-Zor east of it, the
Badia over the eastern desert, the Homs and Deir ez-Zor deserts inside the Badia, Damascus a
small box far west of every desert.
"""

from __future__ import annotations

from shapely.geometry import LineString, Point, box

from gazetteer.model import Place


def town(pid: str, name: str, lat: float, lon: float, gov: str, *aliases: str,
         feature_type: str = "town", population: int | None = None) -> Place:
    """A point place."""
    return Place(pid, name, feature_type, lat, lon, names=(name, *aliases),
                 governorate_pcode=gov, population=population)


def area(pid: str, name: str, feature_type: str, geom, *aliases: str, gov: str | None = None,
         district: str | None = None, **attributes) -> Place:
    """An area place with a polygon."""
    rp = geom.representative_point()
    return Place(pid, name, feature_type, rp.y, rp.x, names=(name, *aliases),
                 governorate_pcode=gov, district_pcode=district, geometry=geom,
                 attributes=dict(attributes))


HOMS = town("place:homs", "Homs", 34.7308, 36.7094, "SY04", "Hims", feature_type="city",
            population=775000)
PALMYRA = town("place:palmyra", "Palmyra", 34.5560, 38.2840, "SY04", "Tadmur", "Tadmor")
ARAK = town("place:arak", "Arak", 34.6640, 38.5580, "SY04", "Araq")
SUKHNAH = town("place:as-sukhnah", "As-Sukhnah", 34.8877, 38.8727, "SY04", "Al-Sukhnah",
               "Sukhnah", "Al-Sukhna")
KABAJEB = town("place:kabajeb", "Kabajeb", 35.1086, 39.4575, "SY09", "Kabajib", "Kaba Jeb")
SHULA = town("place:al-shula", "Al-Shula", 35.1859, 39.8488, "SY09", "Al-Shawla", "Ash Shula")
DEIR = town("place:deir-ez-zor", "Deir ez-Zor", 35.3359, 40.1408, "SY09", "Deir Ezzor",
            "Deir al-Zour", feature_type="city", population=211000)
DAMASCUS = town("place:damascus", "Damascus", 33.5138, 36.2765, "SY01", "Dimashq",
                feature_type="city", population=1700000)
NABK = town("place:an-nabk", "An-Nabk", 34.0237, 36.7297, "SY03", "Al-Nabk", "Nabk")
# Same name as the village, 12 km off the road: a road expression must pick the village.
ARAK_FIELD = town("place:arak-gas-field", "Arak gas field", 34.7720, 38.5580, "SY04", "Arak",
                  feature_type="gas_field")
TANF = town("place:al-tanf", "Al-Tanf", 33.5070, 38.6210, "SY04", "Tanf")

ROAD_WAYPOINTS = [HOMS, PALMYRA, ARAK, SUKHNAH, KABAJEB, SHULA, DEIR]
ROAD = Place("corridor:homs-deir-ez-zor", "Homs–Deir ez-Zor highway", "corridor", 34.6, 38.3,
             names=("Homs–Deir ez-Zor highway", "Homs-Deir Ezzor highway",
                    "Homs-Deir ez-Zor road", "Palmyra-Deir ez-Zor highway"),
             geometry=LineString([(p.lon, p.lat) for p in ROAD_WAYPOINTS]),
             attributes={"waypoints": [p.place_id for p in ROAD_WAYPOINTS]})
M5_WAYPOINTS = [DAMASCUS, NABK, HOMS]
M5 = Place("corridor:damascus-homs", "Damascus–Homs highway", "corridor", 34.0, 36.7,
           names=("Damascus–Homs highway", "M5 highway"),
           geometry=LineString([(p.lon, p.lat) for p in M5_WAYPOINTS]),
           attributes={"waypoints": [p.place_id for p in M5_WAYPOINTS]})

GOV_DAMASCUS = area("gov:SY01", "Damascus", "governorate", box(36.22, 33.45, 36.36, 33.57),
                    gov="SY01")
GOV_RURAL_DAMASCUS = area("gov:SY03", "Rural Damascus", "governorate",
                          box(35.8, 32.6, 38.5, 34.3).difference(GOV_DAMASCUS.geometry),
                          "Damascus countryside", gov="SY03")
GOV_HOMS = area("gov:SY04", "Homs", "governorate",
                box(36.2, 34.3, 39.4, 35.3).union(box(38.5, 32.6, 39.4, 34.3)), "Hims",
                gov="SY04")
GOV_DEIR = area("gov:SY09", "Deir ez-Zor", "governorate", box(39.4, 34.3, 41.4, 36.0),
                "Deir Ezzor", "Deir al-Zour", gov="SY09")

BADIA = area("zone:badia", "Badia", "zone", box(37.0, 32.8, 41.2, 35.6), "Syrian Desert",
             "Syrian desert", "Badia al-Sham", governorate_pcodes=["SY03", "SY04", "SY09"])
HOMS_DESERT = area("zone:homs-desert", "Homs desert", "zone", box(37.6, 34.0, 39.4, 35.2),
                   "Homs Badia", governorate_pcodes=["SY04"])
DEIR_DESERT = area("zone:deir-ez-zor-desert", "Deir ez-Zor desert", "zone",
                   box(39.4, 34.4, 40.8, 35.2), "Deir Ezzor desert", "Deir ez-Zor Badia",
                   governorate_pcodes=["SY09"])

POINTS = [HOMS, PALMYRA, ARAK, ARAK_FIELD, SUKHNAH, KABAJEB, SHULA, DEIR, DAMASCUS, NABK, TANF]
GOVERNORATES = [GOV_DAMASCUS, GOV_RURAL_DAMASCUS, GOV_HOMS, GOV_DEIR]
ZONES = [BADIA, HOMS_DESERT, DEIR_DESERT]
CORRIDORS = [ROAD, M5]


def all_places() -> list[Place]:
    """Every fixture place."""
    return POINTS + GOVERNORATES + ZONES + CORRIDORS


def gazetteer():
    """A :class:`gazetteer.gazetteer.Gazetteer` over the fixture places."""
    from gazetteer.gazetteer import Gazetteer

    return Gazetteer(all_places())


def offset_km(p: Place, north_km: float = 0.0, east_km: float = 0.0) -> tuple[float, float]:
    """``(lon, lat)`` of a point ``north_km`` / ``east_km`` from place ``p``."""
    from gazetteer.geo import km_per_degree

    kx, ky = km_per_degree(p.lat)
    return (p.lon + east_km / kx, p.lat + north_km / ky)


def lonlat(p: Place) -> Point:
    """The place as a shapely point."""
    return Point(p.lon, p.lat)
