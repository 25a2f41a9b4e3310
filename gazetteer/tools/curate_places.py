"""Build and check the embedded curated places file ``gazetteer/data/places.csv``.

This is a maintainer tool, not part of the installed package's runtime. It reads the shared
reference data at run time (never copies it into the repository):

* OCHA COD-AB Syria admin1–3 shapefiles (P-codes, English and Arabic names, polygons),
* the Who's On First ``whosonfirst-data-admin-sy`` flattened locality table
  (``wof_sy_places_flat.tsv``: WOF id, GeoNames id, coordinates, Arabic and Latin names).

and combines them with the hand-curated rows in ``places_curated.csv`` (next to this script):
conflict-relevant towns, airbases, oil and gas fields, border crossings and dams, with the
spellings reporters use. Its columns are ``place_id, name, feature_type, governorate_pcode,
ref, lat, lon, aliases``: ``ref`` is ``wof:<id>`` (coordinates, extra names, population and seat
P-codes are taken from that WOF locality when ``lat``/``lon`` are empty), or
``geonames:<id>`` / ``hiu:<record>`` / ``wikipedia:<title>`` with explicit ``lat``/``lon``.

Sub-commands
------------
``propose``
    Print the proposed seat town of every OCHA governorate, district and sub-district with
    the match method and distance, so a maintainer can review it.
``build``
    Write ``gazetteer/data/places.csv`` (seats + curated rows, admin P-codes assigned by
    point-in-polygon against the OCHA sub-districts), then run ``check``.
``check``
    Validate ``places.csv``: header, unique ids, valid feature types, ``source_id`` present,
    coordinates inside Syria and inside the stated governorate (OCHA polygon, 3 km tolerance),
    rows sourced from WOF within 5 km of the WOF record; and ``corridors.json`` waypoints.
``find PATTERN``
    Search WOF localities by regular expression over Latin and Arabic names.

Example
-------
``python gazetteer/tools/curate_places.py build --shared ../shared/data``
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import math
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gazetteer.embedded import PLACES_COLUMNS
from gazetteer.model import POINT_TYPES

log = logging.getLogger("curate_places")

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DATA_DIR = REPO / "gazetteer" / "data"
PLACES_CSV = DATA_DIR / "places.csv"
CORRIDORS_JSON = DATA_DIR / "corridors.json"
CURATED_CSV = HERE / "places_curated.csv"
DEFAULT_SHARED = REPO.parent / "shared" / "data"

HEADER: tuple[str, ...] = PLACES_COLUMNS
#: Accepted citations: GeoNames / Who's On First ids; ``hiu:`` US DoS Humanitarian Information
#: Unit border-crossing record ids (public domain); ``wikipedia:`` an article title, only where no
#: gazetteer id could be found (see ATTRIBUTION_places.md).
SOURCE_PREFIXES: tuple[str, ...] = ("geonames:", "wof:", "hiu:", "wikipedia:")
SLUG_RE = re.compile(r"^place:[a-z0-9]+(?:-[a-z0-9]+)*$")
#: Syria's bounding box (lon_min, lat_min, lon_max, lat_max), generous by a few km.
SYRIA_BBOX = (35.55, 32.25, 42.45, 37.40)
#: Governorates' OCHA P-codes and the curated slug of their capital.
CAPITALS: dict[str, str] = {
    "SY01": "place:damascus",
    "SY02": "place:aleppo",
    "SY03": "place:damascus",
    "SY04": "place:homs",
    "SY05": "place:hama",
    "SY06": "place:latakia",
    "SY07": "place:idlib",
    "SY08": "place:al-hasakah",
    "SY09": "place:deir-ez-zor",
    "SY10": "place:tartus",
    "SY11": "place:al-raqqah",
    "SY12": "place:daraa",
    "SY13": "place:as-suwayda",
    "SY14": "place:quneitra",
}


# --------------------------------------------------------------------------------------------
# normalisation


_AR_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")
_AR_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
        "ۃ": "ه",
        "ہ": "ه",
        "ؤ": "و",
        "ئ": "ي",
    }
)
_PERSIAN_ONLY = re.compile("[پچژگیکۃہےۀ]")


def norm_ar(text: str) -> str:
    """Normalise Arabic script for matching: hamza forms, ta marbuta, alef maqsura, harakat.

    The article ``ال`` at the start of each word and the words ``مركز``/``ناحية`` are dropped,
    and spaces removed, so that ``مركز السخنة`` and ``السخنة`` compare equal.
    """
    t = _AR_DIACRITICS.sub("", text).translate(_AR_MAP)
    words = [w for w in re.split(r"\s+", t) if w and w not in {"مركز", "ناحيه", "منطقه"}]
    words = [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words]
    return "".join(words)


def norm_latin(text: str) -> str:
    """Normalise a Latin transliteration for matching.

    Strips diacritics, apostrophes, ayn/hamza marks, hyphens and articles (al-, el-, as- …),
    folds common transliteration variants (ou→u, ee→i, e→a, q→k, kh→h, sh→s, dh/th/z) and
    double letters.
    """
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"[`'’‘ʿʾ´]", "", t)
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    words = [w for w in t.split() if w]
    arts = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh", "ed", "es", "et"}
    words = [w for w in words if w not in arts and w not in {"markaz", "nahiyat", "nahiya"}]
    t = "".join(words)
    for a, b in (("ou", "u"), ("ee", "i"), ("oo", "u"), ("kh", "h"), ("sh", "s"), ("ch", "s"),
                 ("dh", "z"), ("th", "t"), ("gh", "g"), ("q", "k"), ("e", "a"), ("o", "u"),
                 ("y", "i"), ("w", "u")):
        t = t.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", t)


def slugify(name: str) -> str:
    """Lowercase ASCII slug with hyphens, from a Latin name (diacritics and ayn dropped)."""
    t = unicodedata.normalize("NFKD", name)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"[`'’‘ʿʾ´]", "", t)
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


#: Latin letters used by Arabic transliterations (GeoNames/BGN, French, English); names with
#: other diacritics are exonyms in other languages (Aleppó, Alepas …) and are skipped.
def _has_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


_LATIN_OK = re.compile(r"^[A-Za-z0-9 '`’‘ʿʾ\-\.āīūĀĪŪḩḨḑḐşŞţŢẕẔẓẒḥḤṣṢṭṬḍḌḏṯġĠz̧Z̧̧éèêëôâûîïçÉÈÂÎÔ]+$")


def split_names(value: str | None) -> list[str]:
    """Split a ``|``-joined name list, dropping empties."""
    if not value or value != value:  # NaN guard
        return []
    return [v.strip() for v in str(value).split("|") if v.strip()]


def arabic_names(value: str | None) -> list[str]:
    """Arabic-script names from a WOF ``names_ar`` cell, without Persian/Urdu/Kurdish forms."""
    out = []
    for n in split_names(value):
        if _PERSIAN_ONLY.search(n) or re.search("[ەێۆڕڵ]", n):
            continue
        if re.search("[a-zA-Z]", n):
            continue
        out.append(n)
    return out


def latin_names(value: str | None, *, limit: int = 12) -> list[str]:
    """Plausible Latin transliterations from a WOF ``names_latin`` cell (no other languages)."""
    out = []
    for n in split_names(value):
        if not _LATIN_OK.match(n) or len(n) > 40:
            continue
        if re.search(r"\b(District|Subdistrict|Nahiyat|Mintaqat|Airport|Aeroport)\b", n):
            continue
        out.append(n)
    return out[:limit]


#: Aliases never written: generic words or names of other things that would match wrongly
#: ("al-Sham" is also Syria / the Levant and part of group names; "Sijn" means prison).
STOP_ALIASES: frozenset[str] = frozenset(
    n.casefold()
    for n in (
        "Khan", "Tal", "Tall", "Tell", "Sham", "Al-Sham", "Ash-Sham", "الشام", "Sijn", "Bab",
        "Hole", "Sin", "Oj", "Mare", "Kom", "Reka", "Navo", "Neva", "Hamo", "Hema", "Raka",
        "Fick", "Fig", "Teft", "Qal'a", "Jisr", "Ayn", "Ain", "Deir", "Dayr", "Kafr", "Bir",
    )
)


def dedupe(names: Iterable[str], *, exclude: str = "") -> list[str]:
    """Keep the first of names that compare equal case-insensitively; drop ``exclude``.

    Names in :data:`STOP_ALIASES` and Latin names shorter than 3 letters are dropped too.
    """
    seen = {exclude.casefold()} if exclude else set()
    out = []
    for n in names:
        n = " ".join(n.split())
        k = n.casefold()
        if k in STOP_ALIASES or (len(n) < 3 and n.isalpha() and not _has_arabic(n)):
            continue
        if n and k not in seen:
            seen.add(k)
            out.append(n)
    return out


# --------------------------------------------------------------------------------------------
# shared data (read at run time)


@dataclass
class Locality:
    """One WOF locality row."""

    wof_id: str
    name: str
    geonameid: str
    gn_name: str
    feature_code: str
    lat: float
    lon: float
    population: int | None
    names_ar: list[str]
    names_latin: list[str]
    keys_ar: set[str] = field(default_factory=set)
    keys_latin: set[str] = field(default_factory=set)

    @property
    def source_id(self) -> str:
        """Citation of this record."""
        return f"wof:{self.wof_id}"


def load_wof(shared: Path) -> dict[str, Locality]:
    """Read the WOF localities (id → :class:`Locality`)."""
    path = shared / "whosonfirst_admin_sy" / "wof_sy_places_flat.tsv"
    out: dict[str, Locality] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["placetype"] != "locality" or row["superseded"] == "True":
                continue
            if row["name"].startswith(("Nahiyat ", "Mintaqat ")):
                continue  # GeoNames admin-area points, not towns
            pop = row["gn_population"]
            loc = Locality(
                wof_id=row["wof_id"],
                name=row["name"],
                geonameid=row["geonameid"],
                gn_name=row["gn_name"],
                feature_code=row["feature_code"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                population=int(float(pop)) if pop and float(pop) > 0 else None,
                names_ar=arabic_names(row["names_ar"]),
                names_latin=latin_names(row["names_latin"], limit=40),
            )
            loc.keys_ar = {norm_ar(n) for n in loc.names_ar} | {
                norm_ar(n) for n in split_names(row["names_ar"])
            }
            latin = [loc.name, loc.gn_name, row["gn_asciiname"], *loc.names_latin]
            loc.keys_latin = {norm_latin(n) for n in latin if n}
            out[loc.wof_id] = loc
    return out


def load_admin(shared: Path, level: int) -> Any:
    """OCHA COD-AB admin ``level`` polygons as a GeoDataFrame (EPSG:4326)."""
    import geopandas as gpd

    return gpd.read_file(shared / "ocha_cod_ab_syr_2016" / f"syr_admin{level}.shp")


# --------------------------------------------------------------------------------------------
# seats


@dataclass
class Seat:
    """A proposed seat for one sub-district."""

    pcode: str
    admin_name: str
    admin_name_ar: str
    locality: Locality
    method: str
    dist_km: float


def _sub_name_ar(row: Any) -> str:
    name = str(row["NAME_AR"])
    if name.startswith("مركز "):
        # the centre sub-district: its seat is the district's town
        return str(row["ADM2_AR"])
    return name


#: Manual seat overrides, sub-district P-code → WOF id, for names that do not match or match a
#: homonym. Reviewed by hand against the sub-district polygons.
SEAT_OVERRIDES: dict[str, str] = {
    "SY020000": "421202163",  # Jebel Saman (centre) -> Aleppo
    "SY040600": "421200361",  # Al Makhrim -> Mukharram al Fawqani
    "SY070005": "890449843",  # Maaret Tamsrin -> Ma'arrat Misrin
    "SY090106": "1209812331",  # Sur -> As Suwar (on the Khabur)
    "SY030202": "1209901679",  # Sabe Byar -> As Sab` Biyar (the town, not the nahiya point)
}


#: Districts whose seat is not given by a ``..00`` centre sub-district: district P-code → the
#: seat's sub-district P-code, or a curated place id. Markaz Rif Dimashq (SY0301) and the Rural
#: Damascus governorate (SY03) are administered from Damascus.
EXTRA_DISTRICT_SEATS: dict[str, str] = {
    "SY1006": "SY100602",  # Qadmous district -> Al-Qadmus
    "SY0301": "place:damascus",
}


def propose_seats(shared: Path, wof: dict[str, Locality]) -> dict[str, Seat]:
    """Propose the seat locality of each OCHA sub-district (P-code → :class:`Seat`).

    Matching, in order: Arabic name (normalised) of a locality inside the polygon (buffered
    3 km); Latin name; then the same within 25 km of the polygon; PPLA* localities are
    preferred among equal matches, then proximity to the polygon's representative point.
    """
    import shapely

    adm3 = load_admin(shared, 3)
    locs = list(wof.values())
    pts = shapely.points([lo.lon for lo in locs], [lo.lat for lo in locs])
    tree = shapely.STRtree(pts)
    seats: dict[str, Seat] = {}
    for _, row in adm3.iterrows():
        pcode = str(row["PCODE"])
        geom = row["geometry"]
        rep = geom.representative_point()
        name_ar = _sub_name_ar(row)
        if pcode.endswith("0000") or pcode.endswith("00"):
            name_en = str(row["ADM2_EN"])
        else:
            name_en = str(row["NAME_EN"])
        key_ar = norm_ar(name_ar)
        key_en = {norm_latin(name_en), norm_latin(str(row["NAM_EN_REF"]))}
        if pcode in SEAT_OVERRIDES:
            lo = wof[SEAT_OVERRIDES[pcode]]
            d = _dist_to_geom_km(geom, lo)
            seats[pcode] = Seat(pcode, name_en, name_ar, lo, "override", d)
            continue
        found: Seat | None = None
        for buf_km, label in ((3.0, "in"), (25.0, "near")):
            idx = tree.query(geom.buffer(buf_km / 100.0))
            cands = [locs[i] for i in idx]
            for method in ("ar", "latin"):
                if method == "ar":
                    hits = [lo for lo in cands if key_ar in lo.keys_ar]
                else:
                    hits = [lo for lo in cands if key_en & lo.keys_latin]
                if not hits:
                    continue
                hits.sort(
                    key=lambda lo: (
                        not lo.feature_code.startswith("PPLA") and lo.feature_code != "",
                        haversine_km(rep.y, rep.x, lo.lat, lo.lon),
                    )
                )
                lo = hits[0]
                found = Seat(
                    pcode, name_en, name_ar, lo, f"{method}-{label}", _dist_to_geom_km(geom, lo)
                )
                break
            if found:
                break
        if found is None:
            # PPLA3 inside the polygon, else the nearest one
            idx = tree.query(geom.buffer(0.03))
            cands = [locs[i] for i in idx if locs[i].feature_code.startswith("PPLA")]
            if cands:
                cands.sort(key=lambda lo: haversine_km(rep.y, rep.x, lo.lat, lo.lon))
                found = Seat(
                    pcode, name_en, name_ar, cands[0], "ppla-in", _dist_to_geom_km(geom, cands[0])
                )
        if found is None:
            log.warning("no seat for %s %s / %s", pcode, name_en, name_ar)
            continue
        seats[pcode] = found
    return seats


def _dist_to_geom_km(geom: Any, lo: Locality) -> float:
    import shapely

    p = shapely.Point(lo.lon, lo.lat)
    if geom.covers(p):
        return 0.0
    q = shapely.ops.nearest_points(geom, p)[0]
    return haversine_km(lo.lat, lo.lon, q.y, q.x)


# --------------------------------------------------------------------------------------------
# build


#: Feature types that are settlements (they take the names of the WOF locality they cite).
SETTLEMENT_TYPES: frozenset[str] = frozenset({"city", "town", "village", "neighbourhood"})
#: A seat locality within this distance (km) of a curated settlement sharing a name is merged
#: into it (WOF often has two records for one town, e.g. GeoNames and Quattroshapes points).
MERGE_KM = 4.0

_ARTICLE = re.compile(r"^(Al|Ad|As|Ash|At|Az|Ar|An|Ath|Adh|El|Ed|Es|Et) (?=\S)")


def reporter_style(name: str) -> str:
    """``Ad Dana`` → ``Al-Dana``: the article form conflict reporting uses."""
    return _ARTICLE.sub("Al-", name)


def _keys(names: Iterable[str]) -> set[str]:
    return {norm_ar(n) if _has_arabic(n) else norm_latin(n) for n in names if n}


#: Maximum distance (km) between a row and the record its ``source_id`` cites, when the row
#: gives its own coordinates (a facility anchored to the locality it is named after / next to).
ANCHOR_MAX_KM = 8.0
#: Tolerance (km) for "inside the stated governorate" (border towns, coarse polygons).
GOV_TOLERANCE_KM = 3.0


def _ascii_name(name: str) -> str:
    t = unicodedata.normalize("NFKD", name)
    t = "".join(c for c in t if not unicodedata.combining(c))
    return t.replace("`", "'").replace("‘", "'").replace("’", "'").replace("ʿ", "'")


def read_curated(path: Path = CURATED_CSV) -> list[dict[str, str]]:
    """Read the hand-curated rows (``places_curated.csv``)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _nearest(wof: dict[str, Locality], lat: float, lon: float) -> tuple[Locality, float]:
    best = min(wof.values(), key=lambda lo: haversine_km(lat, lon, lo.lat, lo.lon))
    return best, haversine_km(lat, lon, best.lat, best.lon)


class _AdminIndex:
    """Point → (governorate, district, sub-district) P-codes, by OCHA sub-district polygons."""

    def __init__(self, shared: Path) -> None:
        import shapely

        self.adm3 = load_admin(shared, 3)
        self.adm1 = {str(r.PCODE): r.geometry for r in load_admin(shared, 1).itertuples()}
        self.geoms = list(self.adm3.geometry)
        self.tree = shapely.STRtree(self.geoms)

    def lookup(self, lat: float, lon: float) -> tuple[str, str, str]:
        import shapely

        p = shapely.Point(lon, lat)
        idx = [i for i in self.tree.query(p) if self.geoms[i].covers(p)]
        if not idx:
            i = int(self.tree.nearest(p))
            if self.geoms[i].distance(p) > 0.05:  # ~5 km: outside Syria
                return "", "", ""
            idx = [i]
        r = self.adm3.iloc[idx[0]]
        return str(r["ADM1_PCODE"]), str(r["ADM2_PCODE"]), str(r["PCODE"])

    def gov_distance_km(self, pcode: str, lat: float, lon: float) -> float:
        """Distance in km from the point to the governorate polygon (0 inside)."""
        import shapely

        geom = self.adm1.get(pcode)
        if geom is None:
            return math.inf
        p = shapely.Point(lon, lat)
        if geom.covers(p):
            return 0.0
        q = shapely.ops.nearest_points(geom, p)[0]
        return haversine_km(lat, lon, q.y, q.x)


def _seat_pcodes(seats: dict[str, Seat]) -> dict[str, list[str]]:
    """WOF id → P-codes it is the seat of (sub-district, district via ``..00``, governorate)."""
    out: dict[str, list[str]] = {}
    for pcode, s in sorted(seats.items()):
        codes = [pcode]
        if pcode.endswith("00"):
            codes.insert(0, pcode[:6])  # district seat: the centre sub-district's seat
        out.setdefault(s.locality.wof_id, [])
        for c in codes:
            if c not in out[s.locality.wof_id]:
                out[s.locality.wof_id].append(c)
    return out


def _auto_aliases(lo: Locality) -> list[str]:
    latin = [n for n in [lo.name, lo.gn_name, *lo.names_latin] if n and not _has_arabic(n)]
    latin += [_ascii_name(n) for n in latin]
    return latin[:14] + lo.names_ar[:6]


def build_rows(shared: Path) -> list[dict[str, str]]:
    """Combine seats and curated rows into the rows of ``places.csv``."""
    import shapely

    wof = load_wof(shared)
    seats = propose_seats(shared, wof)
    seat_of = _seat_pcodes(seats)
    admin = _AdminIndex(shared)
    adm3_names = {
        str(r.PCODE): [
            " ".join(str(v).split()).removeprefix("مركز ")
            for v in (r.NAME_EN, r.NAM_EN_REF, r.NAME_AR)
        ]
        for r in admin.adm3.itertuples()
    }
    rows: dict[str, dict[str, str]] = {}
    used_wof: dict[str, str] = {}

    for cur in read_curated():
        ref = cur["ref"].strip()
        lat_s, lon_s = cur["lat"].strip(), cur["lon"].strip()
        lo: Locality | None = None
        if ref.startswith("wof:"):
            lo = wof[ref[4:]]
            source = ref
        elif ref == "auto":
            lo, d = _nearest(wof, float(lat_s), float(lon_s))
            if d > ANCHOR_MAX_KM:
                log.warning("%s: nearest locality %s is %.1f km away", cur["place_id"], lo.name, d)
            source = lo.source_id
        else:
            source = ref
        if lat_s and lon_s:
            lat, lon = float(lat_s), float(lon_s)
        elif lo is not None:
            lat, lon = lo.lat, lo.lon
        else:
            raise ValueError(f"{cur['place_id']}: no coordinates")
        aliases = split_names(cur["aliases"])
        pop = ""
        seats_here: list[str] = []
        settlement = cur["feature_type"] in SETTLEMENT_TYPES
        if lo is not None and ref.startswith("wof:") and not (lat_s and lon_s) and settlement:
            aliases += _auto_aliases(lo)
            pop = str(lo.population or "")
            seats_here = seat_of.get(lo.wof_id, [])
            for pc in seats_here:
                aliases += adm3_names.get(pc, [])
            used_wof[lo.wof_id] = cur["place_id"]
        if ref == "geonames:169577":  # Homs: GeoNames coordinates, WOF record 421168647
            used_wof["421168647"] = cur["place_id"]
            seats_here = seat_of.get("421168647", [])
            aliases += _auto_aliases(wof["421168647"])
        rows[cur["place_id"]] = {
            "place_id": cur["place_id"],
            "name": cur["name"],
            "feature_type": cur["feature_type"],
            "lat": f"{lat:.5f}",
            "lon": f"{lon:.5f}",
            "governorate_pcode": cur["governorate_pcode"],
            "district_pcode": "",
            "subdistrict_pcode": "",
            "aliases": "|".join(dedupe(aliases, exclude=cur["name"])),
            "source_id": source,
            "population": pop,
            "seat_of": "|".join(seats_here),
        }

    # seats not curated by hand: merge into a curated settlement that is the same town (another
    # WOF record for it), else add a row of their own
    taken = {pid.removeprefix("place:") for pid in rows}
    for wof_id, codes in seat_of.items():
        if wof_id in used_wof:
            continue
        lo = wof[wof_id]
        lo_keys = _keys([lo.name, lo.gn_name, *lo.names_ar])
        twin = next(
            (
                r
                for r in rows.values()
                if r["feature_type"] in SETTLEMENT_TYPES
                and haversine_km(lo.lat, lo.lon, float(r["lat"]), float(r["lon"])) <= MERGE_KM
                and lo_keys & _keys([r["name"], *split_names(r["aliases"])])
            ),
            None,
        )
        if twin is not None:
            log.info("seat %s %s merged into %s", wof_id, lo.name, twin["place_id"])
            have = split_names(twin["seat_of"])
            twin["seat_of"] = "|".join(have + [c for c in codes if c not in have])
            extra_names = _auto_aliases(lo) + [n for pc in codes for n in adm3_names.get(pc, [])]
            twin["aliases"] = "|".join(
                dedupe(split_names(twin["aliases"]) + extra_names, exclude=twin["name"])
            )
            continue
        if _has_arabic(lo.name) or not lo.name:
            name = _ascii_name(lo.gn_name or adm3_names[codes[-1]][0])
        else:
            name = _ascii_name(lo.name)
        if name != reporter_style(name):
            aliases_first = [name]
            name = reporter_style(name)
        else:
            aliases_first = []
        slug = slugify(name)
        if slug in taken:
            slug = f"{slug}-{slugify(adm3_names[codes[-1]][0])}"
        if slug in taken:
            slug = f"{slug}-{codes[-1].lower()}"
        taken.add(slug)
        aliases = aliases_first + _auto_aliases(lo)
        for pc in codes:
            aliases += adm3_names.get(pc, [])
        pop = lo.population or 0
        ftype = "city" if pop >= 50000 else "town"
        rows[f"place:{slug}"] = {
            "place_id": f"place:{slug}",
            "name": name,
            "feature_type": ftype,
            "lat": f"{lo.lat:.5f}",
            "lon": f"{lo.lon:.5f}",
            "governorate_pcode": "",
            "district_pcode": "",
            "subdistrict_pcode": "",
            "aliases": "|".join(dedupe(aliases, exclude=name)),
            "source_id": lo.source_id,
            "population": str(pop or ""),
            "seat_of": "|".join(codes),
        }

    # governorate seats, and districts without a ``..00`` centre sub-district
    extra: dict[str, list[str]] = {}
    for gov, slug in CAPITALS.items():
        extra.setdefault(slug, []).append(gov)
    for district, seat in EXTRA_DISTRICT_SEATS.items():
        if seat.startswith("place:"):
            extra.setdefault(seat, []).append(district)
        else:
            slug = next(pid for pid, r in rows.items() if seat in r["seat_of"].split("|"))
            extra.setdefault(slug, []).append(district)
    for slug, codes in extra.items():
        r = rows[slug]
        have = split_names(r["seat_of"])
        r["seat_of"] = "|".join(sorted(set(have) | set(codes), key=lambda c: (len(c), c)))

    # admin P-codes from the polygons
    for r in rows.values():
        g, d, sd = admin.lookup(float(r["lat"]), float(r["lon"]))
        if r["governorate_pcode"] and g and r["governorate_pcode"] != g:
            dist = admin.gov_distance_km(r["governorate_pcode"], float(r["lat"]), float(r["lon"]))
            log.warning("%s: stated %s, polygon says %s (%.1f km from stated)",
                        r["place_id"], r["governorate_pcode"], g, dist)
            if dist <= GOV_TOLERANCE_KM:
                g = r["governorate_pcode"]
                d = sd = ""
        r["governorate_pcode"] = g or r["governorate_pcode"]
        r["district_pcode"] = d
        r["subdistrict_pcode"] = sd
    del shapely
    return sorted(rows.values(), key=lambda r: r["place_id"])


def write_places(rows: list[dict[str, str]], path: Path = PLACES_CSV) -> None:
    """Write ``places.csv`` (UTF-8, header :data:`HEADER`, ``\\n`` line ends)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(HEADER), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


# --------------------------------------------------------------------------------------------
# check


def check(shared: Path | None, path: Path = PLACES_CSV) -> list[str]:
    """Validate ``places.csv`` (and ``corridors.json``); return a list of problems."""
    problems: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != HEADER:
            problems.append(f"header is {reader.fieldnames}")
        rows = list(reader)
    ids: set[str] = set()
    sources: dict[str, str] = {}
    for r in rows:
        pid = r["place_id"]
        if pid in ids:
            problems.append(f"{pid}: duplicate id")
        ids.add(pid)
        # the gazetteer treats two records with one source_id as the same place
        if r["source_id"] in sources:
            problems.append(f"{pid}: same source_id as {sources[r['source_id']]}")
        sources[r["source_id"]] = pid
        if not SLUG_RE.match(pid):
            problems.append(f"{pid}: bad slug")
        if r["feature_type"] not in POINT_TYPES:
            problems.append(f"{pid}: bad feature_type {r['feature_type']!r}")
        if not r["source_id"].startswith(SOURCE_PREFIXES):
            problems.append(f"{pid}: bad source_id {r['source_id']!r}")
        lat, lon = float(r["lat"]), float(r["lon"])
        if not (SYRIA_BBOX[1] <= lat <= SYRIA_BBOX[3] and SYRIA_BBOX[0] <= lon <= SYRIA_BBOX[2]):
            problems.append(f"{pid}: outside Syria's bbox")
        if not re.match(r"^SY(0[1-9]|1[0-4])$", r["governorate_pcode"]):
            problems.append(f"{pid}: bad governorate {r['governorate_pcode']!r}")
        if "" in r["aliases"].split("|") and r["aliases"]:
            problems.append(f"{pid}: empty alias")
    for slug in set(CAPITALS.values()):
        if slug not in ids:
            problems.append(f"{slug}: missing")
    if shared is not None:
        admin = _AdminIndex(shared)
        wof = load_wof(shared)
        for r in rows:
            lat, lon = float(r["lat"]), float(r["lon"])
            dist = admin.gov_distance_km(r["governorate_pcode"], lat, lon)
            if dist > GOV_TOLERANCE_KM:
                problems.append(f"{r['place_id']}: {dist:.1f} km outside {r['governorate_pcode']}")
            if r["source_id"].startswith("wikipedia:"):
                lo, d = _nearest(wof, lat, lon)
                log.info("%s (%s): nearest WOF locality %s at %.1f km",
                         r["place_id"], r["source_id"], lo.name, d)
            if r["source_id"].startswith("wof:"):
                lo = wof.get(r["source_id"][4:])
                if lo is None:
                    problems.append(f"{r['place_id']}: unknown {r['source_id']}")
                elif haversine_km(lat, lon, lo.lat, lo.lon) > ANCHOR_MAX_KM:
                    problems.append(f"{r['place_id']}: far from {r['source_id']}")
    if CORRIDORS_JSON.exists():
        for c in json.loads(CORRIDORS_JSON.read_text(encoding="utf-8")):
            for w in c["waypoints"]:
                if w not in ids:
                    problems.append(f"{c['place_id']}: unknown waypoint {w}")
    return problems


# --------------------------------------------------------------------------------------------
# main


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["propose", "build", "check", "find"])
    ap.add_argument("pattern", nargs="?")
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    wof = load_wof(args.shared)
    if args.command == "find":
        rx = re.compile(args.pattern or ".", re.I)
        for lo in wof.values():
            if rx.search(lo.name) or any(rx.search(n) for n in lo.names_ar + lo.names_latin):
                print(lo.wof_id, lo.geonameid, lo.feature_code, lo.name, lo.lat, lo.lon,
                      "|".join(lo.names_ar), sep="\t")
        return 0
    if args.command == "propose":
        seats = propose_seats(args.shared, wof)
        for pcode, s in sorted(seats.items()):
            print(pcode, s.admin_name, s.admin_name_ar, s.locality.wof_id, s.locality.name,
                  s.locality.feature_code, s.method, f"{s.dist_km:.1f}", sep="\t")
        return 0
    if args.command == "build":
        rows = build_rows(args.shared)
        write_places(rows)
        log.info("wrote %d rows to %s", len(rows), PLACES_CSV)
    problems = check(args.shared)
    for p in problems:
        print("PROBLEM", p)
    log.info("%d problems", len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
