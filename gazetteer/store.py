"""The built gazetteer store: the embedded default merged with imported sources.

Layout of a store home (``$INCIDENT_MAPPER_HOME`` or the user data folder)::

    <home>/
      CURRENT                      name of the live store folder (replaced atomically)
      store-<stamp>/
        manifest.json              sources (path, format, sha256, counts, skipped records and
                                   why), counts by type and source, build time, versions
        places.json.gz             every place, one JSON object per line; areas and lines
                                   refer to their geometry by [offset, length] in:
        geometries.wkb             the geometries, WKB (lon/lat) back to back
        names.index                the saved NameIndex (``NameIndex.save``), if available
        places.rows.pickle         ``places.json.gz`` parsed (the arguments of each place),
                                   with the sha256 of the file it was read from; loaded
                                   instead of parsing the JSON while that sha256 matches
        areas.answers              the governorate, district, sub-district and zone of
                                   every point place (``AreaIndex.point_answers``)

Everything is readable without the package (``zcat places.json.gz | head``), loads in well
under half a second, and is deterministic: building the same sources twice gives a
byte-identical ``places.json.gz`` and ``geometries.wkb`` (their joint sha256 is
the manifest's ``content_sha256``).

A build writes into a temporary folder and only then points ``CURRENT`` at it (an atomic
rename), so a build that fails or is interrupted leaves the previous store untouched.

Merging (:func:`merge_places`): the embedded default comes first and wins; then OCHA, OpenSyria,
Who's On First and GeoNames records, in that order. A record is merged into an earlier one —
its names added as aliases, missing fields filled — when it has the same place id, the same
GeoNames id, or (points only) a normalized name in common within 2 km; a WOF county is merged
into the OCHA district of the same name that contains it. OCHA governorates stay places of
their own (:class:`~gazetteer.spatial.AreaIndex` prefers their boundaries) and lend their names
to the embedded governorate of the same P-code. Imported points inside OCHA sub-districts get
their district and sub-district P-codes from the polygons.
"""

from __future__ import annotations

import dataclasses
import gc
import gzip
import hashlib
import json
import logging
import os
import pickle
import platform
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gazetteer.errors import StoreError
from gazetteer.geo import haversine_km
from gazetteer.model import Place

__all__ = [
    "STORE_FORMAT_VERSION",
    "BuildReport",
    "LoadedStore",
    "build_store",
    "default_home",
    "load_store",
    "merge_places",
    "read_manifest",
    "store_exists",
]

logger = logging.getLogger(__name__)

#: Version of the on-disk layout; a store of another version must be rebuilt.
STORE_FORMAT_VERSION = 1
#: Points with a normalized name in common closer than this are one place.
DEDUPE_KM = 2.0
#: Order in which sources are merged (earlier wins).
SOURCE_PRIORITY: dict[str, int] = {"embedded": 0, "ocha": 1, "opensyria": 2, "wof": 3,
                                   "geonames": 4}
_CURRENT = "CURRENT"
_PLACES = "places.json.gz"
_GEOMS = "geometries.wkb"
_MANIFEST = "manifest.json"
_INDEX = "names.index"
_ROWS = "places.rows.pickle"
_AREAS = "areas.answers"
#: Layout of ``places.rows.pickle`` (another one is not read: the JSON is parsed instead).
_ROWS_VERSION = 1
#: A build saves ``places.json.gz`` parsed as well, and a load reads that instead of
#: parsing the JSON when it was made from the very same file (off: neither).
_PARSED_PLACES = True
#: The fields of :class:`Place` in order: the rows of places are their arguments.
_PLACE_FIELDS = ("place_id", "name", "feature_type", "lat", "lon", "names",
                 "governorate_pcode", "district_pcode", "subdistrict_pcode", "population",
                 "source", "source_id", "geometry", "attributes")
_GEOMETRY_AT = _PLACE_FIELDS.index("geometry")
#: :func:`load_store` puts the objects it made in the oldest generation of the cyclic
#: garbage collector (off: they age through the younger ones, walked by each on the way).
_LOADED_TO_OLDEST = True

#: ``progress(stage, done, total)``: stage is ``"read <format>"``, ``"merge"``, ``"index"``...
BuildProgress = Callable[[str, int, int | None], None]


def default_home() -> Path:
    """Folder of the built store: ``$INCIDENT_MAPPER_HOME``, else the user data folder.

    Returns
    -------
    Path
        ``%LOCALAPPDATA%\\incident-mapper`` on Windows, ``~/Library/Application
        Support/incident-mapper`` on macOS, ``$XDG_DATA_HOME/incident-mapper`` (default
        ``~/.local/share/incident-mapper``) elsewhere. Read at call time.
    """
    env = os.environ.get("INCIDENT_MAPPER_HOME")
    if env:
        return Path(env).expanduser()
    system = platform.system()
    if system == "Windows":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif system == "Darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "incident-mapper"


# ---------------------------------------------------------------------------------------
# Reports and loaded stores


@dataclass
class BuildReport:
    """What :func:`build_store` did.

    Attributes
    ----------
    home, path
        The store home and the live store folder written.
    sources
        Per source: path, format, sha256, read/kept/skipped counts and skip reasons.
    counts_by_type, counts_by_source
        Places in the store by feature type and by source.
    merged
        Imported records merged into an earlier record (duplicates).
    total
        Places in the store.
    seconds
        Build time.
    """

    home: Path
    path: Path
    sources: list[dict[str, Any]] = field(default_factory=list)
    counts_by_type: dict[str, int] = field(default_factory=dict)
    counts_by_source: dict[str, int] = field(default_factory=dict)
    merged: int = 0
    total: int = 0
    seconds: float = 0.0
    index_saved: bool = False

    @property
    def skipped(self) -> int:
        """Source records skipped (all sources)."""
        return sum(sum(s["log"]["skipped"].values()) for s in self.sources)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        d = dataclasses.asdict(self)
        d["home"], d["path"] = str(self.home), str(self.path)
        d["skipped"] = self.skipped
        return d


@dataclass
class LoadedStore:
    """A store read back by :func:`load_store`.

    Iterating it yields its places, so it can be passed where a list of places is expected.

    Attributes
    ----------
    places
        Every place, in store order (the order the saved index refers to).
    index
        The saved :class:`~gazetteer.index.NameIndex`, or ``None`` (build it from ``places``).
    manifest
        The parsed ``manifest.json``.
    path
        The store folder.
    area_answers
        The saved areas of the point places
        (:meth:`~gazetteer.spatial.AreaIndex.point_answers`), or ``None``.
    """

    places: list[Place]
    index: Any
    manifest: dict[str, Any]
    path: Path
    area_answers: dict[str, Any] | None = None

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places)

    def __len__(self) -> int:
        return len(self.places)


# ---------------------------------------------------------------------------------------
# Serialisation


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def place_to_record(place: Place) -> dict[str, Any]:
    """A JSON-ready dict of a place, without its geometry."""
    rec: dict[str, Any] = {"id": place.place_id, "name": place.name,
                           "type": place.feature_type, "lat": place.lat, "lon": place.lon,
                           "names": list(place.names)}
    for key, value in (("gov", place.governorate_pcode), ("dist", place.district_pcode),
                       ("sub", place.subdistrict_pcode), ("pop", place.population),
                       ("src", place.source), ("src_id", place.source_id)):
        if value is not None:
            rec[key] = value
    if place.attributes:
        rec["attrs"] = _jsonable(place.attributes)
    return rec


def _place_rows(records: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """The records of ``places.json.gz`` as the arguments of :class:`Place`, in the order
    of :data:`_PLACE_FIELDS`; a geometry as the record gives it, ``[offset, length]`` in
    ``geometries.wkb`` (else ``None``)."""
    return [(r["id"], r["name"], r["type"], r["lat"], r["lon"], tuple(r.get("names") or ()),
             r.get("gov"), r.get("dist"), r.get("sub"), r.get("pop"), r.get("src", "embedded"),
             r.get("src_id"), r.get("geom"), r.get("attrs") or {}) for r in records]


def _places_from_rows(rows: list[tuple[Any, ...]], blob: bytes) -> list[Place]:
    """The places of :func:`_place_rows`' rows, their geometries read from ``blob``."""
    import numpy as np
    import shapely

    at = [i for i, row in enumerate(rows) if row[_GEOMETRY_AT] is not None]
    chunks = np.empty(len(at), dtype=object)
    for k, i in enumerate(at):
        offset, length = rows[i][_GEOMETRY_AT]
        chunks[k] = blob[offset:offset + length]
    rows = list(rows)
    for i, geometry in zip(at, shapely.from_wkb(chunks) if at else (), strict=True):
        rows[i] = (*rows[i][:_GEOMETRY_AT], geometry, *rows[i][_GEOMETRY_AT + 1:])
    if tuple(f.name for f in dataclasses.fields(Place)) != _PLACE_FIELDS:
        return [Place(**dict(zip(_PLACE_FIELDS, row, strict=True))) for row in rows]
    return [Place(*row) for row in rows]  # positional: twice as fast as by keyword


def _write_rows(folder: Path) -> bool:
    """Write ``places.rows.pickle``: ``places.json.gz`` as written, parsed into rows.

    Returns
    -------
    bool
        Whether it was written (it is an optimisation: a store loads without it).
    """
    try:
        packed = (folder / _PLACES).read_bytes()
        state = {"version": _ROWS_VERSION, "fields": _PLACE_FIELDS,
                 "places_sha256": hashlib.sha256(packed).hexdigest(),
                 "rows": _place_rows(json.loads(gzip.decompress(packed)))}
        with (folder / _ROWS).open("wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, ValueError) as exc:
        logger.warning("parsed places not saved (%s); the JSON is parsed on each load", exc)
        (folder / _ROWS).unlink(missing_ok=True)
        return False
    return True


def _saved_rows(live: Path, manifest: dict[str, Any], packed: bytes
                ) -> list[tuple[Any, ...]] | None:
    """The rows saved in ``places.rows.pickle`` when they were parsed from ``packed`` (the
    bytes of ``places.json.gz``) by this layout; else ``None`` (parse the JSON)."""
    if not _PARSED_PLACES or manifest.get("places_rows") != _ROWS:
        return None
    try:
        with (live / _ROWS).open("rb") as fh:
            state = pickle.load(fh)
    except Exception as exc:  # noqa: BLE001 - a broken cache: parse the JSON instead
        logger.warning("%s not read (%s); parsing the places instead", live / _ROWS, exc)
        return None
    if not (isinstance(state, dict) and state.get("version") == _ROWS_VERSION
            and state.get("fields") == _PLACE_FIELDS
            and state.get("places_sha256") == hashlib.sha256(packed).hexdigest()):
        logger.info("%s is not of %s; parsing the places", live / _ROWS, live / _PLACES)
        return None
    return state["rows"]


def _sha256_path(path: Path) -> str:
    digest = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for file in files:
        if path.is_dir():
            digest.update(str(file.relative_to(path)).encode() + b"\0")
        with file.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------
# Merging


def _norm(name: str) -> str:
    try:
        from gazetteer.normalize import normalize_name
    except ImportError:  # pragma: no cover - normalize ships with the package
        return " ".join(name.casefold().split())
    return normalize_name(name)


def _geonames_id(place: Place) -> int | None:
    gid = place.attributes.get("geonames_id") if place.attributes else None
    if gid is None:
        for ref in (place.source_id or "", place.place_id):
            prefix, _, rest = ref.partition(":")
            if prefix in ("geonames", "gn") and rest.isdigit():
                gid = rest
                break
    try:
        return int(gid) if gid is not None else None
    except (TypeError, ValueError):
        return None


def _combine(keep: Place, other: Place, *, take_geometry: bool = False) -> Place:
    """``keep`` with ``other``'s names added and its own empty fields filled from ``other``."""
    names = list(keep.names) or [keep.name]
    seen = set(names)
    for n in (other.name, *other.names):
        if n and n not in seen:
            seen.add(n)
            names.append(n)
    attrs = dict(other.attributes or {})
    attrs.update(keep.attributes or {})
    merged_ids = list(attrs.get("merged_ids") or [])
    for pid in (other.place_id, *(other.attributes or {}).get("merged_ids", [])):
        if pid != keep.place_id and pid not in merged_ids:
            merged_ids.append(pid)
    if merged_ids:
        attrs["merged_ids"] = merged_ids
    geometry = keep.geometry
    lat, lon = keep.lat, keep.lon
    approximate = bool((keep.attributes or {}).get("geometry_approximate"))
    if other.geometry is not None and (keep.geometry is None or take_geometry):
        geometry, lat, lon = other.geometry, other.lat, other.lon
        approximate = bool((other.attributes or {}).get("geometry_approximate"))
    attrs.pop("geometry_approximate", None)
    if approximate and geometry is not None:
        attrs["geometry_approximate"] = True
    return dataclasses.replace(
        keep, names=tuple(names), lat=lat, lon=lon, geometry=geometry,
        governorate_pcode=keep.governorate_pcode or other.governorate_pcode,
        district_pcode=keep.district_pcode or other.district_pcode,
        subdistrict_pcode=keep.subdistrict_pcode or other.subdistrict_pcode,
        population=keep.population or other.population, attributes=attrs)


class _Merger:
    """Incremental de-duplication of places (see :func:`merge_places`)."""

    def __init__(self) -> None:
        self.places: list[Place] = []
        self.by_id: dict[str, int] = {}
        self.by_gnid: dict[int, int] = {}
        self.point_keys: dict[str, list[int]] = {}
        self.area_keys: dict[tuple[str, str], list[int]] = {}
        self.gov_by_pcode: dict[str, int] = {}
        self.merged = 0

    def _index(self, i: int) -> None:
        p = self.places[i]
        self.by_id.setdefault(p.place_id, i)
        gid = _geonames_id(p)
        if gid is not None and not p.is_area:
            self.by_gnid.setdefault(gid, i)
        keys = {_norm(n) for n in (p.name, *p.names)} - {""}
        if p.is_area:
            for k in keys:
                bucket = self.area_keys.setdefault((p.feature_type, k), [])
                if i not in bucket:
                    bucket.append(i)
            if (p.feature_type == "governorate" and p.governorate_pcode
                    and not p.place_id.startswith("ocha:")):
                self.gov_by_pcode.setdefault(p.governorate_pcode, i)
        elif not p.is_line:
            for k in keys:
                bucket = self.point_keys.setdefault(k, [])
                if i not in bucket:
                    bucket.append(i)

    def _replace(self, i: int, place: Place) -> None:
        self.places[i] = place
        self._index(i)
        self.merged += 1

    def _match_point(self, p: Place) -> int | None:
        gid = _geonames_id(p)
        if gid is not None and gid in self.by_gnid:
            return self.by_gnid[gid]
        best: tuple[float, int] | None = None
        for k in {_norm(n) for n in (p.name, *p.names)} - {""}:
            for i in self.point_keys.get(k, ()):
                q = self.places[i]
                d = haversine_km(p.lat, p.lon, q.lat, q.lon)
                if d <= DEDUPE_KM and (best is None or (d, i) < best):
                    best = (d, i)
        return best[1] if best else None

    def _match_area(self, p: Place) -> int | None:
        from shapely.geometry import Point

        for k in {_norm(n) for n in (p.name, *p.names)} - {""}:
            for i in self.area_keys.get((p.feature_type, k), ()):
                q = self.places[i]
                if q.place_id.startswith("gov:") or q.source == "embedded":
                    continue
                if q.geometry is not None and q.geometry.contains(Point(p.lon, p.lat)):
                    return i
                if p.geometry is not None and p.geometry.contains(Point(q.lon, q.lat)):
                    return i
        return None

    def add(self, p: Place) -> None:
        i = self.by_id.get(p.place_id)
        if i is not None:
            q = self.places[i]
            self._replace(i, _combine(q, p, take_geometry=bool(
                q.attributes.get("geometry_approximate")) and p.geometry is not None
                and not p.attributes.get("geometry_approximate")))
            return
        if p.is_area and p.feature_type == "governorate" and p.governorate_pcode:
            gi = self.gov_by_pcode.get(p.governorate_pcode)
            if gi is not None:
                # The embedded governorate learns the imported names; the imported record
                # stays a place of its own for its boundary (AreaIndex prefers ocha:).
                gov = self.places[gi]
                extra = [n for n in (p.name, *p.names) if n not in gov.names]
                self.places[gi] = dataclasses.replace(gov, names=gov.names + tuple(extra))
                self._index(gi)
                p = dataclasses.replace(p, attributes={**p.attributes,
                                                       "same_as": gov.place_id})
        elif p.is_area:
            j = self._match_area(p)
            if j is not None:
                self._replace(j, _combine(self.places[j], p))
                return
        elif not p.is_line:
            j = self._match_point(p)
            if j is not None:
                self._replace(j, _combine(self.places[j], p))
                return
        self.places.append(p)
        self._index(len(self.places) - 1)


def merge_places(groups: Iterable[Sequence[Place]]) -> tuple[list[Place], int]:
    """Merge groups of places (earlier groups win) into one de-duplicated list.

    Parameters
    ----------
    groups
        Lists of places in priority order: the embedded default first, then sources.

    Returns
    -------
    (places, merged)
        The merged places in first-seen order, and how many records were merged away.
    """
    merger = _Merger()
    for group in groups:
        for p in group:
            merger.add(p)
    return merger.places, merger.merged


#: How far (degrees, ~5 km) outside every OCHA sub-district a point still takes the nearest.
ADMIN_SNAP_DEGREES = 0.05


def _assign_admin_codes(places: list[Place]) -> list[Place]:
    """Give imported points the district / sub-district P-codes of the OCHA polygon they are in."""
    import numpy as np
    import shapely

    subs = [p for p in places if p.feature_type == "subdistrict" and p.geometry is not None
            and p.place_id.startswith("ocha:")
            and not p.attributes.get("geometry_approximate")]
    if not subs:
        return places
    tree = shapely.STRtree([p.geometry for p in subs])
    todo = [i for i, p in enumerate(places) if p.geometry is None and not p.is_area]
    if not todo:
        return places
    pts = shapely.points(np.array([[places[i].lon, places[i].lat] for i in todo]))
    pairs = tree.query(pts, predicate="within")
    hit: dict[int, int] = {}
    for k, s in zip(pairs[0].tolist(), pairs[1].tolist(), strict=True):
        hit.setdefault(k, s)
    # Points just outside every polygon (borders drawn differently by the sources, the
    # frontier with Turkey): the nearest sub-district within ADMIN_SNAP_DEGREES.
    missed = np.array([k for k in range(len(todo)) if k not in hit], dtype=int)
    if missed.size:
        near = tree.query_nearest(pts[missed], max_distance=ADMIN_SNAP_DEGREES,
                                  all_matches=False)
        for k, s in zip(near[0].tolist(), near[1].tolist(), strict=True):
            hit.setdefault(int(missed[k]), s)
    out = list(places)
    for k, s in hit.items():
        i = todo[k]
        p, sub = places[i], subs[s]
        pcode = sub.subdistrict_pcode or sub.place_id.split(":", 1)[1]
        if p.source == "embedded":
            out[i] = dataclasses.replace(
                p, governorate_pcode=p.governorate_pcode or pcode[:4],
                district_pcode=p.district_pcode or pcode[:6],
                subdistrict_pcode=p.subdistrict_pcode or pcode)
        else:
            out[i] = dataclasses.replace(p, governorate_pcode=pcode[:4],
                                         district_pcode=pcode[:6], subdistrict_pcode=pcode)
    return out


_AR_ADMIN_WORDS = ("مركز", "ناحيه", "ناحية", "منطقه", "منطقة", "محافظه", "محافظة")


def _seat_keys(place: Place) -> tuple[set[str], set[str]]:
    """(Arabic keys, Latin phonetic keys) of a place's names, admin words removed."""
    from gazetteer.normalize import is_arabic, normalize_name, phonetic_key

    arabic: set[str] = set()
    latin: set[str] = set()
    for name in (place.name, *place.names):
        key = normalize_name(name)
        if not key:
            continue
        if is_arabic(name):
            words = [w for w in key.split() if normalize_name(w) not in
                     {normalize_name(a) for a in _AR_ADMIN_WORDS}]
            if words:
                arabic.add(" ".join(words))
        else:
            words = [w for w in key.split() if w not in ("nahiyat", "markaz", "district",
                                                          "subdistrict", "center", "centre")]
            if words:
                latin.add(phonetic_key(" ".join(words), normalized=True))
    return arabic, latin


def _link_seats(places: list[Place]) -> list[Place]:
    """Give the town an imported district / sub-district is named after that area's names.

    OCHA names sub-districts after their seat, in its own romanisation ("Sokhneh" for
    As Sukhnah, "Menbij" for Manbij, "As-Sweida" for As Suwayda). The seat is the populated
    place inside the polygon with the same Arabic name (after dropping "مركز" / "ناحية"), or
    failing that with a near-identical Latin phonetic key; it learns the area's spellings
    as aliases, so a name that means the town finds the town.
    """
    import numpy as np
    import shapely
    from rapidfuzz import fuzz

    areas = [p for p in places if p.feature_type in ("subdistrict", "district")
             and p.geometry is not None and not p.attributes.get("geometry_approximate")]
    pts = [i for i, p in enumerate(places) if p.feature_type in ("city", "town", "village")]
    if not areas or not pts:
        return places
    tree = shapely.STRtree(shapely.points(np.array([[places[i].lon, places[i].lat]
                                                    for i in pts])))
    rank = {"city": 0, "town": 1, "village": 2}
    out = list(places)
    keys_cache: dict[int, tuple[set[str], set[str]]] = {}
    for area in areas:
        a_ar, a_lat = _seat_keys(area)
        best: tuple[tuple[float, int, int], int] | None = None
        for k in tree.query(area.geometry, predicate="contains").tolist():
            i = pts[k]
            p = places[i]
            if i not in keys_cache:
                keys_cache[i] = _seat_keys(p)
            p_ar, p_lat = keys_cache[i]
            sim = 100.0 if a_ar & p_ar else max(
                (fuzz.ratio(a, b) for a in a_lat for b in p_lat), default=0.0)
            if sim < 85:
                continue
            key = (-sim, rank.get(p.feature_type, 3), -(p.population or 0))
            if best is None or key < best[0]:
                best = (key, i)
        if best is None:
            continue
        i = best[1]
        p = out[i]
        extra = tuple(n for n in (area.name, *area.names) if n not in p.names
                      and _norm(n) not in {_norm(m) for m in p.names})
        if not extra:
            continue
        seats = [*p.attributes.get("seat_of_areas", []), area.place_id]
        out[i] = dataclasses.replace(p, names=p.names + extra,
                                     attributes={**p.attributes, "seat_of_areas": seats})
    return out


# ---------------------------------------------------------------------------------------
# Build


def _package_version() -> str:
    try:
        from importlib.metadata import version

        return version("incident-mapper")
    except Exception:  # noqa: BLE001 - metadata may be missing in a source checkout
        return "0+unknown"


def _embedded_places() -> list[Place]:
    try:
        from gazetteer.embedded import load_embedded
    except ImportError:  # pragma: no cover - embedded ships with the package
        logger.warning("embedded gazetteer not available; the store holds imported places only")
        return []
    return load_embedded()


def _write_places(folder: Path, places: list[Place]) -> str:
    """Write ``places.json.gz`` and ``geometries.wkb``; return their joint sha256."""
    import shapely

    digest = hashlib.sha256()
    lines: list[str] = []
    offset = 0
    with (folder / _GEOMS).open("wb") as geoms:
        for p in places:
            rec = place_to_record(p)
            if p.geometry is not None:
                wkb = shapely.to_wkb(p.geometry, output_dimension=2)
                geoms.write(wkb)
                digest.update(wkb)
                rec["geom"] = [offset, len(wkb)]
                offset += len(wkb)
            lines.append(json.dumps(rec, ensure_ascii=False, sort_keys=True,
                                    separators=(",", ":")))
    body = ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")
    digest.update(body)
    with (folder / _PLACES).open("wb") as raw, gzip.GzipFile(
            filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz:
        gz.write(body)
    return digest.hexdigest()


def _save_index(places: list[Place], path: Path) -> bool:
    try:
        from gazetteer.index import NameIndex
    except ImportError:
        logger.info("no NameIndex available; the index is built when the store is loaded")
        return False
    try:
        NameIndex.build(places).save(path)
    except Exception as exc:  # noqa: BLE001 - an index is an optimisation, not required
        logger.warning("name index not saved (%s); it is built when the store is loaded", exc)
        path.unlink(missing_ok=True)
        return False
    return True


def _save_area_answers(places: list[Place], path: Path) -> bool:
    """Write the areas of every point place (an optimisation: a store loads without)."""
    try:
        from gazetteer.spatial import AreaIndex

        answers = AreaIndex(places).point_answers()
        with path.open("wb") as fh:
            pickle.dump(answers, fh, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - worked out on first use instead
        logger.warning("areas of the places not saved (%s); worked out when needed", exc)
        path.unlink(missing_ok=True)
        return False
    return True


def _load_area_answers(live: Path, manifest: dict[str, Any]) -> dict[str, Any] | None:
    """The saved areas of the point places (:func:`_save_area_answers`), or ``None``."""
    if manifest.get("area_answers") != _AREAS:
        return None
    try:
        with (live / _AREAS).open("rb") as fh:
            answers = pickle.load(fh)
    except Exception as exc:  # noqa: BLE001 - worked out on first use instead
        logger.warning("%s not read (%s); the areas are worked out", live / _AREAS, exc)
        return None
    return answers if isinstance(answers, dict) else None


def build_store(sources: Iterable[str | Path], home: str | Path | None = None, *,
                progress: BuildProgress | None = None,
                include_embedded: bool = True) -> BuildReport:
    """Build the gazetteer store from the embedded default and source files.

    Parameters
    ----------
    sources
        Source files or folders (formats detected with
        :func:`gazetteer.importers.detect_source`).
    home
        Store home; :func:`default_home` when ``None``.
    progress
        ``progress(stage, done, total)`` callback (the CLI draws progress bars from it).
    include_embedded
        Merge the embedded default (on by default; off only for tests of the merge).

    Returns
    -------
    BuildReport

    Raises
    ------
    SourceFormatError
        When a source is missing or of an unknown or broken format (nothing is written).
    StoreError
        When the store cannot be written (the previous store, if any, stays in use).
    """
    from gazetteer.importers import ImportLog, detect_source, places_from_source

    started = time.perf_counter()
    home = Path(home) if home is not None else default_home()
    paths = [Path(s) for s in sources]
    kinds = [(detect_source(p), p) for p in paths]  # fail early, before reading anything
    report_sources: list[dict[str, Any]] = []
    groups: list[tuple[int, int, list[Place]]] = []
    for order, (kind, path) in enumerate(kinds):
        log = ImportLog()

        def step(done: int, total: int | None, _kind: str = kind) -> None:
            if progress:
                progress(f"read {_kind}", done, total)

        places = places_from_source(path, kind=kind, log=log, progress=step)
        groups.append((SOURCE_PRIORITY.get(kind, 9), order, places))
        report_sources.append({"path": str(path.resolve()), "format": kind,
                               "sha256": _sha256_path(path), "log": log.as_dict()})
        logger.info("%s (%s): %d places, %d skipped", path, kind, len(places),
                    sum(log.skipped.values()))
    if progress:
        progress("merge", 0, None)
    embedded = _embedded_places() if include_embedded else []
    ordered = [embedded] + [g for _, _, g in sorted(groups, key=lambda t: (t[0], t[1]))]
    places, merged = merge_places(ordered)
    places = _link_seats(_assign_admin_codes(places))
    if progress:
        progress("merge", len(places), len(places))
    try:
        home.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=home))
        tmp.chmod(0o755)
    except OSError as exc:
        raise StoreError(f"{home}: cannot create the gazetteer store folder ({exc})") from exc
    try:
        content_sha = _write_places(tmp, places)
        rows_saved = _PARSED_PLACES and _write_rows(tmp)
        if progress:
            progress("index", 0, None)
        index_saved = _save_index(places, tmp / _INDEX)
        areas_saved = _save_area_answers(places, tmp / _AREAS)
        counts_by_type = dict(sorted(Counter(p.feature_type for p in places).items()))
        counts_by_source = dict(sorted(Counter(p.source for p in places).items()))
        seconds = time.perf_counter() - started
        manifest = {
            "format_version": STORE_FORMAT_VERSION,
            "package_version": _package_version(),
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "build_seconds": round(seconds, 3),
            "content_sha256": content_sha,
            "total": len(places),
            "merged_duplicates": merged,
            "counts_by_type": counts_by_type,
            "counts_by_source": counts_by_source,
            "embedded_places": len(embedded),
            "sources": report_sources,
            "index": _INDEX if index_saved else None,
            "places_rows": _ROWS if rows_saved else None,
            "area_answers": _AREAS if areas_saved else None,
        }
        (tmp / _MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                     encoding="utf-8")
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        final = home / f"store-{stamp}-{content_sha[:8]}"
        n = 1
        while final.exists():
            n += 1
            final = home / f"store-{stamp}-{content_sha[:8]}-{n}"
        os.replace(tmp, final)
        pointer = home / f".{_CURRENT}.tmp"
        pointer.write_text(final.name + "\n", encoding="utf-8")
        os.replace(pointer, home / _CURRENT)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise StoreError(f"{home}: cannot write the gazetteer store ({exc})") from exc
        raise
    for old in home.glob("store-*"):
        if old != final and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    report = BuildReport(home=home, path=final, sources=report_sources,
                         counts_by_type=counts_by_type, counts_by_source=counts_by_source,
                         merged=merged, total=len(places), seconds=time.perf_counter() - started,
                         index_saved=index_saved)
    logger.info("gazetteer store %s: %d places (%d duplicates merged) in %.1f s", final,
                len(places), merged, report.seconds)
    return report


# ---------------------------------------------------------------------------------------
# Load


def _live_dir(home: Path) -> Path | None:
    pointer = home / _CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"{pointer}: cannot read ({exc})") from exc
    path = home / name
    return path if name and path.is_dir() else None


def store_exists(home: str | Path | None = None) -> bool:
    """True when ``home`` (default: :func:`default_home`) holds a built store."""
    home = Path(home) if home is not None else default_home()
    try:
        live = _live_dir(home)
    except StoreError:
        return False
    return live is not None and (live / _PLACES).is_file()


def read_manifest(home: str | Path | None = None) -> dict[str, Any]:
    """The manifest of the store under ``home`` (raises :class:`StoreError` if none)."""
    home = Path(home) if home is not None else default_home()
    live = _live_dir(home)
    if live is None:
        raise StoreError(f"{home}: no gazetteer store built here (run 'incident-mapper "
                         "gazetteer build --source ...')")
    try:
        return json.loads((live / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{live / _MANIFEST}: unreadable manifest ({exc})") from exc


def load_store(home: str | Path | None = None, *, with_index: bool = True) -> LoadedStore:
    """Read the built store.

    Parameters
    ----------
    home
        Store home; :func:`default_home` when ``None``.
    with_index
        Also load the saved name index (when there is one).

    Returns
    -------
    LoadedStore
        Places (iterating the result yields them), the saved index or ``None``, the manifest.

    Raises
    ------
    StoreError
        When there is no store under ``home``, it is unreadable, or of another format version.
    """
    home = Path(home) if home is not None else default_home()
    manifest = read_manifest(home)
    live = _live_dir(home)
    assert live is not None
    if manifest.get("format_version") != STORE_FORMAT_VERSION:
        raise StoreError(f"{live}: store format {manifest.get('format_version')} is not "
                         f"{STORE_FORMAT_VERSION}; rebuild it with 'incident-mapper gazetteer "
                         "build'")
    # Tens of thousands of small objects: the cyclic GC would walk them again and again.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            packed = (live / _PLACES).read_bytes()
            rows = _saved_rows(live, manifest, packed)
            if rows is None:
                rows = _place_rows(json.loads(gzip.decompress(packed)))
            blob = (live / _GEOMS).read_bytes() if (live / _GEOMS).is_file() else b""
            places = _places_from_rows(rows, blob)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{live / _PLACES}: unreadable gazetteer store ({exc})") from exc
        area_answers = _load_area_answers(live, manifest)
        index = None
        if with_index and manifest.get("index") and (live / _INDEX).is_file():
            try:
                from gazetteer.index import NameIndex

                index = NameIndex.load(live / _INDEX)
            except Exception as exc:  # noqa: BLE001 - fall back to building the index
                logger.warning("saved name index not loaded (%s); it will be rebuilt", exc)
                index = None
    finally:
        if _LOADED_TO_OLDEST:
            # Everything tracked now (the store's places, names and index: about a million
            # objects, as long-lived as the gazetteer) goes to the oldest generation at
            # once, instead of being walked by the next young collections on the way there.
            gc.freeze()
            gc.unfreeze()
        if gc_was_enabled:
            gc.enable()
    return LoadedStore(places=places, index=index, manifest=manifest, path=live,
                       area_answers=area_answers)
