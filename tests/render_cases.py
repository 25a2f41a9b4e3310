"""Small hand-written incident features and basemap for the map tests (no shared data)."""

from __future__ import annotations

from typing import Any

from shapely.geometry import LineString, Polygon, box

from mapper.basemap import Basemap, BasemapItem

#: Text that would run code if the page failed to escape it anywhere.
XSS = ('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
       " it's \"quoted\" \\ back\\slash\nnew line \u2028 sep {{ 7*7 }} {% raw %}")

HOMS = box(36.0, 33.6, 39.5, 35.2)
DEIR = box(39.5, 33.8, 41.4, 36.0)
RAQQA = box(38.0, 35.2, 39.5, 36.6)
HOMS_DESERT = Polygon([(37.6, 34.2), (39.0, 34.2), (39.0, 35.0), (37.6, 35.0)])


def basemap() -> Basemap:
    """Three governorates (rectangles), a desert zone, a river, a corridor and towns."""
    def gov(pid: str, name: str, geom: Any) -> BasemapItem:
        rp = geom.representative_point()
        return BasemapItem(place_id=f"gov:{pid}", name=name, lat=rp.y, lon=rp.x, geometry=geom,
                           pcode=pid)

    corridor = LineString([(36.72, 34.73), (38.28, 34.56), (38.87, 34.85), (40.14, 35.33)])
    return Basemap(
        governorates=[gov("SY04", "Homs", HOMS), gov("SY09", "Deir ez-Zor", DEIR),
                      gov("SY11", "Ar-Raqqa", RAQQA)],
        zones=[BasemapItem(place_id="zone:homs-desert", name="Homs desert", lat=34.6, lon=38.3,
                           geometry=HOMS_DESERT)],
        rivers=[BasemapItem(place_id="river:euphrates", name="Euphrates", lat=35.3, lon=40.1,
                            geometry=LineString([(38.5, 36.0), (39.0, 35.9), (40.1, 35.3),
                                                 (40.9, 34.45)]))],
        corridors=[BasemapItem(place_id="corridor:homs-deir-ez-zor",
                               name="Homs–Deir ez-Zor highway", lat=34.6, lon=38.3,
                               geometry=corridor)],
        towns=[BasemapItem(place_id="place:homs", name="Homs", lat=34.73, lon=36.72,
                           capital=True),
               BasemapItem(place_id="place:palmyra", name="Palmyra", lat=34.56, lon=38.28)],
    )


def _props(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "record_type": "event", "source": "report.txt", "date_precision": "day",
        "actors": [], "fatalities": None, "injured": None, "captured": None, "count": None,
        "warnings": [], "candidates": [], "confidence": 0.9,
    }
    base.update(kw)
    return base


def _feature(fid: str, geometry: Any, **props: Any) -> dict[str, Any]:
    from shapely.geometry import mapping

    geo = None
    if geometry is not None:
        m = mapping(geometry)
        geo = {"type": m["type"], "coordinates": m["coordinates"]}
        rp = geometry.representative_point() if geometry.geom_type != "Point" else geometry
        props.setdefault("latitude", round(rp.y, 6))
        props.setdefault("longitude", round(rp.x, 6))
    return {"type": "Feature", "id": fid, "geometry": geo, "properties": _props(id=fid, **props)}


def features() -> list[dict[str, Any]]:
    """A town point, a near-point (carrying :data:`XSS`), a corridor segment, a zone polygon,
    a governorate-level record, a tally, an undated point and an unlocated record."""
    from shapely.geometry import Point

    return [
        _feature("town", Point(38.2684, 34.5596), date="2024-03-02", event_type="Battles",
                 sub_event_type="Armed clash", actors=["ISIS", "Syrian army"], fatalities=4,
                 injured=2, place="Palmyra", location="Palmyra", place_id="place:palmyra",
                 feature_type="town", governorate="Homs", governorate_pcode="SY04",
                 geo_precision=1, where_prec=1, uncertainty_km=1.0,
                 text="Four soldiers were killed in clashes in Palmyra on March 2."),
        _feature("near", Point(38.8767, 34.8856), date="2024-03-05",
                 event_type="Explosions/Remote violence", sub_event_type="Remote explosive",
                 fatalities=1, place="near Al-Sukhnah", location="As-Sukhnah",
                 place_id="place:as-sukhnah", feature_type="town", governorate="Homs",
                 governorate_pcode="SY04", geo_precision=2, where_prec=2, uncertainty_km=15.0,
                 text=XSS),
        _feature("road", LineString([(38.87, 34.85), (39.6, 35.05), (40.14, 35.33)]),
                 date="2024-04-10", event_type="Violence against civilians",
                 place="on the Homs–Deir Ezzor highway between Al-Sukhnah and Kabajeb",
                 location="Homs–Deir ez-Zor highway (As-Sukhnah – Kabajeb)",
                 place_id="corridor:homs-deir-ez-zor", feature_type="corridor",
                 governorate="Deir ez-Zor", governorate_pcode="SY09", geo_precision=2,
                 where_prec=5, uncertainty_km=55.0, fatalities=3,
                 text="Three shepherds were killed on the road between Al-Sukhnah and Kabajeb."),
        _feature("zone", HOMS_DESERT, date="2024-04-20", event_type="Battles",
                 place="the Homs desert", location="Homs desert", place_id="zone:homs-desert",
                 feature_type="zone", governorate="Homs", governorate_pcode="SY04",
                 desert_zone="Homs desert", geo_precision=3, where_prec=5, uncertainty_km=80.0,
                 fatalities=2, text="Two fighters died in the Homs desert."),
        _feature("gov", RAQQA, date="2024-05", date_precision="month",
                 event_type="Strategic developments", place="Raqqa countryside",
                 location="Ar-Raqqa", place_id="gov:SY11", feature_type="governorate",
                 governorate="Ar-Raqqa", governorate_pcode="SY11", geo_precision=3,
                 where_prec=4, uncertainty_km=90.0, text="Patrols were seen in Raqqa."),
        _feature("tally", DEIR, record_type="tally", date="2024-03", date_end="2024-03-31",
                 date_precision="month", event_type="Battles", count=12, fatalities=12,
                 place="Deir ez-Zor", location="Deir ez-Zor", place_id="gov:SY09",
                 feature_type="governorate", governorate="Deir ez-Zor",
                 governorate_pcode="SY09", geo_precision=3, where_prec=4, uncertainty_km=120.0,
                 text="In March, 12 people were killed in Deir ez-Zor."),
        _feature("undated", Point(40.14, 35.33), event_type="Battles", date_precision="unknown",
                 place="Deir ez-Zor city", location="Deir ez-Zor", place_id="place:deir-ez-zor",
                 feature_type="city", governorate="Deir ez-Zor", governorate_pcode="SY09",
                 geo_precision=1, where_prec=1, uncertainty_km=2.0,
                 text="Clashes were reported in Deir ez-Zor city."),
        _feature("unlocated", None, date="2024-03-09", event_type="Battles", place="Wadi X",
                 unlocated_reason="no gazetteer match", text="Clashes in Wadi X."),
    ]
