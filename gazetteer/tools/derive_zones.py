"""Derive ``gazetteer/data/zones.geojson``: the Syrian Badia and the desert zones reporters name.

Definition of the Badia
-----------------------
The Syrian Badia (البادية السورية, the steppe of Badiyat al-Sham) is defined here, for the
purpose of placing reports, as the steppe **south and west of the Euphrates** (the Shamiyah):
the land on the dry side of roughly the 200 mm isohyet, where rain-fed farming gives way to
grazing. It is bounded

* in the west by the edge of cultivated land: east of the Jabal al-Arab (Hauran) basalt and
  the Lajat, east of the Ghouta and of the Damascus-Homs plateau towns of the Qalamoun, east
  of the Homs plain and of Salamiyah, and east of the Khanasser valley;
* in the north and east by the southern edge of the irrigated Euphrates valley (Lake Assad,
  Al-Raqqah, Deir ez-Zor, Al-Mayadin, Albu Kamal), kept 6-12 km from the river so that the
  valley towns are outside;
* in the south and east by the Jordanian and Iraqi borders (the polygon is clipped to the
  outline of Syria made from ``governorates.geojson``).

The north-east Jazira steppe (north of the Euphrates: Al-Hol, the southern Hasakah desert) is
**not** part of this Badia; reporters call it by other names. The vertices below are the
project's own, written from the published positions of the towns they skirt (GeoNames /
Who's On First ids in the comments); they are not taken from any boundary dataset. The
coarse Natural Earth "SYRIAN DESERT" region and the OCHA sub-districts were used only to
check the result by eye.

Desert zones
------------
``<Governorate> desert`` = governorate ∩ Badia (Homs, Deir ez-Zor, Al-Raqqah, Hama, Aleppo,
Rural Damascus, As-Suwayda). The Palmyra desert = a 60 km disc around Palmyra ∩ Badia.
The Aleppo-Hama-Al-Raqqah triangle is an explicit polygon (:data:`TRIANGLE`).

Run from the repository root, after ``derive_governorates.py``::

    .venv/bin/python gazetteer/tools/derive_zones.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pyogrio
import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

sys.path.insert(0, str(Path(__file__).resolve().parent))
from geojson_writer import write_features  # noqa: E402  (sibling tool module)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "gazetteer" / "data"
DEFAULT_OUT = DATA / "zones.geojson"
PRECISION = 5
#: UTM zone 37N, for the metric buffer around Palmyra.
METRIC_CRS = "EPSG:32637"

#: The Badia, as (lon, lat) vertices, clockwise from the south-west. Vertices outside Syria
#: (marked "outside") only close the ring; the national border does the clipping.
BADIA_VERTICES: tuple[tuple[float, float], ...] = (
    (36.95, 32.15),  # outside: Jordan, south of the border east of Jabal al-Arab
    # --- west: the eastern edge of the Jabal al-Arab basalt and of the Hauran ---
    (36.93, 32.45),  # east foot of Jabal al-Arab, ~20 km E of Salkhad (gn:164917)
    (36.90, 32.75),  # east of the eastern Sweida villages (Harrat al-Sham begins)
    (36.85, 32.95),  # ~14 km E of Shaqqa (gn:164479): Lajat/Jabal al-Arab edge
    (36.80, 33.10),  # NE of the Lajat, W of the Safa lava field (Tulul al-Safa)
    # --- west: east of the Ghouta and the Damascus airport plain ---
    (36.72, 33.30),  # E of Damascus International Airport and the Hijanah lakes
    (36.75, 33.50),  # E of the Al-Utaybah marshes, end of the Eastern Ghouta
    (36.74, 33.64),  # just E of Ad-Dumayr town (gn:170589); Dumayr airbase inside
    (36.80, 33.78),  # ~6 km E of Jayrud (gn:169113), foot of the Qalamoun
    # --- west: east of the Qalamoun plateau towns (eastern Qalamoun desert inside) ---
    (36.90, 33.93),  # E of An-Nasiriyah / Jabal al-Rawaq, W end of the Dumayr-Qaryatayn plain
    (37.00, 34.05),  # E of Deir Atiyah and An-Nabk
    (37.12, 34.20),  # between Mahin (gn:167488, outside) and Al-Qaryatayn (gn:173361, inside)
    (37.10, 34.35),  # E of Sadad (gn:165109) and Hawarin
    # --- west: east of the Homs plain and of Salamiyah ---
    (37.01, 34.50),  # E of Shayrat airbase; the Furqlus steppe inside
    (37.00, 34.70),  # E of the Homs plain: Al-Furqlus (gn:170340) inside
    (37.10, 34.88),  # SE of the Salamiyah plain, E of Buwaydat al-Salamiyah (gn:171085)
    (37.22, 35.00),  # ~15 km E of Salamiyah (gn:164947), which stays outside
    (37.35, 35.12),  # W of Uqayribat (gn:162803): the eastern Hama desert inside
    (37.42, 35.35),  # E of the Salamiyah-Ithriyah road farmland; Ithriyah (gn:172378) inside
    (37.45, 35.55),  # S of the Khanasser valley
    (37.53, 35.72),  # SE of Khanasser (gn:168351), which stays outside
    # --- north: south of Lake Assad and its irrigation schemes ---
    (37.75, 35.80),  # S of the Jabbul - Maskanah farmland
    (37.95, 35.86),  # ~12 km S of Maskanah (gn:167080)
    (38.25, 35.84),  # ~9 km S of Dibsi Faraj (gn:170679)
    (38.45, 35.78),  # SW of Al-Thawrah / Tabqa (gn:172374)
    (38.58, 35.72),  # S of Tabqa airbase (outside)
    # --- north-east: the southern edge of the Euphrates valley ---
    (38.80, 35.76),  # S of Hunaydah (gn:6852) and Al-Mansurah
    (39.00, 35.86),  # ~10 km S of Al-Raqqah (gn:172955), across the river
    (39.28, 35.76),  # S of As-Sabkhah (gn:172511)
    (39.60, 35.68),  # ~8 km S of Ma'dan (gn:167538)
    (39.78, 35.56),  # SW of At-Tibni (gn:172327) and Halabiyah
    (39.95, 35.43),  # SW of Shumaytiyah (gn:164206)
    (40.07, 35.30),  # ~7 km SW of Deir ez-Zor city (gn:170794)
    (40.20, 35.21),  # S of Deir ez-Zor airport, W of Muhassan (gn:162284)
    (40.33, 35.10),  # W of the Muhassan - Al-Mayadin farmland
    (40.38, 35.00),  # ~7 km W of Al-Mayadin (gn:173480)
    (40.48, 34.88),  # ~8 km W of Al-Asharah (gn:174036)
    (40.62, 34.71),  # ~11 km SW of As-Salihiyah (Dura Europos)
    (40.80, 34.48),  # ~11 km W of Albu Kamal (gn:174448)
    (40.90, 34.37),  # S of Albu Kamal, at the Iraqi border
    (41.30, 34.20),  # outside: Iraq
    (39.50, 32.60),  # outside: Jordan / Iraq, beyond the tripoint
)

#: The Aleppo-Hama-Al-Raqqah triangle: the desert where the three governorates meet, between
#: Khanasser, Ithriyah, the western Raqqa desert and the eastern Hama desert. (lon, lat).
TRIANGLE: tuple[tuple[float, float], ...] = (
    (37.45, 35.82),  # NW: Khanasser (gn:168351) and the Khanasser-Ithriyah road
    (37.95, 35.86),  # N: south of Maskanah (gn:167080), the Aleppo desert
    (38.45, 35.78),  # NE: south-west of Tabqa (gn:172374), the western Raqqa desert
    (38.62, 35.50),  # E: western Raqqa desert, ~13 km west of Al-Resafa (Ar Rasafah)
    (38.28, 35.33),  # SE: south of the point where Aleppo, Hama and Al-Raqqah meet
    (37.65, 35.12),  # S: eastern Hama desert, east of Uqayribat (gn:162803)
    (37.38, 35.30),  # W: west of Ithriyah (gn:172378), Sheikh Hilal side
)

#: Palmyra (Tadmur, تدمر), gn:163808 / wof:421197935 as published by WOF; 60 km radius.
PALMYRA = (38.28055, 34.56077)
PALMYRA_RADIUS_KM = 60.0

#: Desert zones made as governorate ∩ Badia: (slug, pcode, name, name_ar, aliases).
GOVERNORATE_DESERTS: tuple[tuple[str, str, str, str, list[str]], ...] = (
    ("homs-desert", "SY04", "Homs desert", "بادية حمص", [
        "Homs desert", "desert of Homs", "Homs Badia", "Badia of Homs", "Homs eastern desert",
        "eastern Homs desert", "eastern Homs countryside", "eastern countryside of Homs",
        "Homs east desert", "بادية حمص", "بادية حمص الشرقية", "ريف حمص الشرقي",
    ]),
    ("deir-ez-zor-desert", "SY09", "Deir ez-Zor desert", "بادية دير الزور", [
        "Deir ez-Zor desert", "Deir Ezzor desert", "Deir Ez-Zor desert", "Deir al-Zour desert",
        "Deir el-Zor desert", "Dayr az Zawr desert", "desert of Deir Ezzor",
        "Deir Ezzor Badia", "Deir Ez-Zor Badia", "Badia of Deir Ezzor", "Badia of Deir ez-Zor",
        "western Deir Ezzor desert", "western Deir ez-Zor desert",
        "southern Deir Ezzor desert",
        "بادية دير الزور", "بادية ديرالزور", "صحراء دير الزور",
    ]),
    ("al-raqqah-desert", "SY11", "Al-Raqqah desert", "بادية الرقة", [
        "Al-Raqqah desert", "Raqqa desert", "Raqqah desert", "Al-Raqqa desert",
        "Ar-Raqqa desert", "desert of Al-Raqqah", "Badia of Al-Raqqah", "Badia of Raqqa",
        "Raqqa Badia", "southern Raqqa desert", "western Raqqa desert", "Resafa desert",
        "Al-Resafa desert", "بادية الرقة", "بادية الرصافة",
    ]),
    ("hama-desert", "SY05", "Hama desert", "بادية حماة", [
        "Hama desert", "Hamah desert", "eastern Hama desert", "east Hama desert",
        "desert of Hama", "Badia of Hama", "Hama Badia", "eastern Hama countryside",
        "eastern countryside of Hama", "Salamiyah desert", "eastern Salamiyah desert",
        "بادية حماة", "بادية حماة الشرقية", "بادية سلمية", "ريف حماة الشرقي",
    ]),
    ("aleppo-desert", "SY02", "Aleppo desert", "بادية حلب", [
        "Aleppo desert", "eastern Aleppo desert", "southeastern Aleppo desert",
        "south-eastern Aleppo desert", "desert of Aleppo", "Badia of Aleppo", "Aleppo Badia",
        "Khanasser desert", "بادية حلب", "بادية حلب الجنوبية الشرقية", "بادية خناصر",
    ]),
    ("rural-damascus-desert", "SY03", "Rural Damascus desert", "بادية ريف دمشق", [
        "Rural Damascus desert", "Damascus desert", "Damascus Badia", "Badia of Damascus",
        "desert of Rural Damascus", "Rif Dimashq desert", "Damascus countryside desert",
        "eastern Qalamoun desert", "Qalamoun desert", "eastern Damascus desert",
        "بادية دمشق", "بادية ريف دمشق", "بادية القلمون الشرقي",
    ]),
    ("as-suwayda-desert", "SY13", "As-Suwayda desert", "بادية السويداء", [
        "As-Suwayda desert", "Sweida desert", "Suwayda desert", "As-Sweida desert",
        "eastern Sweida desert", "eastern Suwayda desert", "Sweida Badia", "Suwayda Badia",
        "Badia of Sweida", "Badia of As-Suwayda", "بادية السويداء", "بادية السويداء الشرقية",
    ]),
)

BADIA_ALIASES = [
    "Syrian Badia", "Syrian desert", "the Syrian desert", "the Badia", "Badia", "Badiya",
    "Badiyah", "Badiya al-Sham", "Badiyat al-Sham", "Badia al-Sham", "Syrian steppe",
    "the desert", "central Syrian desert", "البادية السورية", "بادية الشام", "البادية",
    "الصحراء السورية",
]
PALMYRA_ALIASES = [
    "Palmyra desert", "Tadmur desert", "Tadmor desert", "desert of Palmyra", "Badia of Palmyra",
    "Palmyra Badia", "Palmyra's desert", "بادية تدمر", "صحراء تدمر",
]
TRIANGLE_ALIASES = [
    "Aleppo-Hama-Al-Raqqah triangle", "Aleppo-Hama-Raqqa triangle",
    "Aleppo-Hama-Raqqah triangle", "Hama-Aleppo-Raqqa triangle", "Raqqa-Hama-Aleppo triangle",
    "Aleppo, Hama and Raqqa triangle", "Aleppo, Hama and Al-Raqqah triangle",
    "the triangle of Aleppo, Hama and Raqqa", "the triangle",
    "Athriya-Khanasser triangle", "Ithriyah-Khanasser triangle",
    "مثلث حلب حماة الرقة", "مثلث حلب - حماة - الرقة", "مثلث حماة حلب الرقة",
]


def read_governorates(path: Path) -> dict[str, BaseGeometry]:
    """Return ``{pcode: geometry}`` from ``governorates.geojson``."""
    frame = pyogrio.read_dataframe(path)
    return dict(zip(frame["pcode"], frame.geometry, strict=True))


def badia_polygon(syria: BaseGeometry) -> BaseGeometry:
    """The Badia: :data:`BADIA_VERTICES` clipped to the outline of Syria."""
    ring = Polygon(BADIA_VERTICES)
    if not ring.is_valid:
        reason = shapely.is_valid_reason(ring)
        raise ValueError(f"Badia vertices do not form a simple ring: {reason}")
    return polygonal(ring.intersection(syria))


def disc(lon: float, lat: float, radius_km: float) -> BaseGeometry:
    """A geodesically sensible disc (buffer in UTM 37N) around a lon/lat point."""
    to_m = Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
    to_deg = Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    centre = Point(to_m.transform(lon, lat))
    circle = centre.buffer(radius_km * 1000.0, quad_segs=32)
    return shapely.transform(circle, lambda x, y: to_deg.transform(x, y), interleaved=False)


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the polygonal parts of a geometry, dropping slivers under ~0.1 km²."""
    parts: list[Polygon] = []
    for g in getattr(geom, "geoms", [geom]):
        if g.geom_type == "Polygon":
            parts.append(g)
        elif g.geom_type == "MultiPolygon":
            parts.extend(g.geoms)
    parts = [p for p in parts if p.area > 1e-5]
    merged = unary_union(parts)
    if merged.geom_type == "MultiPolygon" and len(merged.geoms) == 1:
        return merged.geoms[0]
    return merged


def finish(geom: BaseGeometry) -> BaseGeometry:
    """Round to :data:`PRECISION` decimals keeping validity; wind right-hand (RFC 7946)."""
    geom = polygonal(shapely.make_valid(shapely.set_precision(geom, 10.0**-PRECISION)))
    if geom.geom_type == "Polygon":
        return orient(geom, 1.0)
    return MultiPolygon([orient(p, 1.0) for p in geom.geoms])


def covered_pcodes(geom: BaseGeometry, governorates: dict[str, BaseGeometry]) -> list[str]:
    """P-codes of the governorates holding at least 1 % of ``geom``'s area."""
    return sorted(
        pcode for pcode, gov in governorates.items()
        if gov.intersection(geom).area > 0.01 * geom.area
    )


def build_features(governorates: dict[str, BaseGeometry]) -> list[dict[str, Any]]:
    """Build the zone features (properties and finished geometry)."""
    syria = unary_union(list(governorates.values()))
    badia = badia_polygon(syria)

    def feature(slug: str, name: str, name_ar: str, aliases: list[str], kind: str,
                geom: BaseGeometry, definition: str) -> dict[str, Any]:
        geom = finish(geom)
        if geom.is_empty or not geom.is_valid:
            raise ValueError(f"zone {slug}: empty or invalid geometry")
        props = {
            "place_id": f"zone:{slug}",
            "name": name,
            "name_ar": name_ar,
            "aliases": list(dict.fromkeys([name, *aliases, name_ar])),
            "governorate_pcodes": covered_pcodes(geom, governorates),
            "kind": kind,
            "definition": definition,
        }
        return {"properties": props, "geometry": geom}

    features = [
        feature(
            "badia", "Syrian Badia", "البادية السورية", BADIA_ALIASES, "badia", badia,
            "The steppe south and west of the Euphrates: an explicit vertex list (east of the "
            "cultivated land of the Hauran, Ghouta, Qalamoun, Homs, Salamiyah and Khanasser; "
            "south of the irrigated Euphrates valley) clipped to Syria "
            "(gazetteer/tools/derive_zones.py).",
        )
    ]
    for slug, pcode, name, name_ar, aliases in GOVERNORATE_DESERTS:
        gov_name = name.removesuffix(" desert")
        features.append(feature(
            slug, name, name_ar, aliases, "desert_zone",
            governorates[pcode].intersection(badia),
            f"The part of the Syrian Badia inside {gov_name} governorate ({pcode}, Natural "
            "Earth boundary): governorate ∩ Badia.",
        ))
    features.append(feature(
        "palmyra-desert", "Palmyra desert", "بادية تدمر", PALMYRA_ALIASES, "desert_zone",
        disc(*PALMYRA, PALMYRA_RADIUS_KM).intersection(badia),
        f"The Syrian Badia within {PALMYRA_RADIUS_KM:.0f} km of Palmyra (34.5608N 38.2806E, "
        "GeoNames 163808).",
    ))
    features.append(feature(
        "aleppo-hama-raqqah-triangle", "Aleppo-Hama-Al-Raqqah triangle",
        "مثلث حلب حماة الرقة", TRIANGLE_ALIASES, "triangle",
        Polygon(TRIANGLE).intersection(syria),
        "The desert where Aleppo, Hama and Al-Raqqah governorates meet, between Khanasser, "
        "Ithriyah, the western Raqqa desert and the eastern Hama desert: an explicit vertex "
        "list (gazetteer/tools/derive_zones.py).",
    ))
    return features


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--governorates", type=Path, default=DATA / "governorates.geojson")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    features = build_features(read_governorates(args.governorates))
    write_features(features, args.output)
    print(f"wrote {len(features)} zones to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
