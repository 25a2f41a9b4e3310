"""Write incidents for GIS tools: GeoJSON (RFC 7946), GeoPackage and CSV.

Every writer writes to a temporary file beside the target and renames it into place, so a
failed run never leaves a half-written file or destroys an earlier one.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NamedTuple

from mapper.errors import OutputError
from mapper.schema import PROPERTY_NAMES, Incident

log = logging.getLogger(__name__)

#: Decimal places of coordinates in GeoJSON output (~0.1 m).
COORD_DECIMALS = 6
#: Output formats and their file names.
FORMAT_FILES: dict[str, str] = {
    "geojson": "incidents.geojson",
    "gpkg": "incidents.gpkg",
    "csv": "incidents.csv",
}


def geometry_to_geojson(geom: Any) -> dict[str, Any] | None:
    """A shapely geometry as an RFC 7946 geometry dict.

    Polygons are wound right-hand (exterior counter-clockwise) and coordinates rounded to
    :data:`COORD_DECIMALS` places.
    """
    if geom is None or geom.is_empty:
        return None
    cached = _GEOJSON_MEMO.get(id(geom))
    if cached is not None and cached[0] is geom:
        return cached[1]
    import shapely
    from shapely.geometry import mapping

    shape = geom
    if shape.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
        shape = shapely.orient_polygons(shape, exterior_cw=False)
    out = _round_coords(mapping(shape))
    if shape.geom_type != "Point":  # lines and areas are shared by many incidents
        if len(_GEOJSON_MEMO) >= _GEOJSON_MEMO_SIZE:
            _GEOJSON_MEMO.clear()
        _GEOJSON_MEMO[id(geom)] = (geom, out)
    return out


#: GeoJSON of recent line / area geometries by ``id`` (the geometry is kept, so the id
#: cannot be reused): incidents in one zone or on one road share one geometry object, and
#: then one GeoJSON dict (treat it as read-only).
_GEOJSON_MEMO: dict[int, tuple[Any, dict[str, Any]]] = {}
_GEOJSON_MEMO_SIZE = 4096


def _round_coords(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _round_coords(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], float | int) and not isinstance(obj[0], bool):
            return [round(float(c), COORD_DECIMALS) for c in obj]
        return [_round_coords(v) for v in obj]
    return obj


def incident_to_feature(incident: Incident) -> dict[str, Any]:
    """One incident as a GeoJSON Feature (geometry ``null`` when it is not located)."""
    geometry = None
    if incident.location is not None:
        geometry = geometry_to_geojson(incident.location.geometry)
    return {"type": "Feature", "id": incident.id, "geometry": geometry,
            "properties": incident.properties()}


#: Encoders made once (``json.dumps`` with options builds one per call); same output.
_FEATURE_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_CSV_JSON = json.JSONEncoder(ensure_ascii=False)


def encode_feature(feature: dict[str, Any]) -> str:
    """A feature as ``incidents.geojson`` holds it (compact JSON, UTF-8 as is)."""
    return _FEATURE_JSON.encode(feature)


_FEATURE_KEYS = ["type", "id", "geometry", "properties"]
#: Encoded line / area geometries by ``id`` of their GeoJSON dict (kept, so the id is not
#: reused): the dicts :func:`geometry_to_geojson` shares are encoded once.
_GEOMETRY_TEXT: dict[int, tuple[dict[str, Any], str]] = {}


def _encode_parts(feature: dict[str, Any]) -> tuple[str, str, str] | None:
    """``(head, geometry, tail)`` whose concatenation is :func:`encode_feature`'s text,
    for a feature (as :func:`incident_to_feature` makes) whose geometry is a line or an
    area; the geometry's text is shared by the features sharing the geometry. ``None``
    for any other feature."""
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") == "Point" or \
            list(feature) != _FEATURE_KEYS:
        return None
    cached = _GEOMETRY_TEXT.get(id(geometry))
    if cached is None or cached[0] is not geometry:
        if len(_GEOMETRY_TEXT) >= _GEOJSON_MEMO_SIZE:
            _GEOMETRY_TEXT.clear()
        cached = _GEOMETRY_TEXT[id(geometry)] = (geometry, _FEATURE_JSON.encode(geometry))
    enc = _FEATURE_JSON.encode
    head = f'{{"type":{enc(feature["type"])},"id":{enc(feature["id"])},"geometry":'
    return head, cached[1], f',"properties":{enc(feature["properties"])}}}'


class FeatureText(NamedTuple):
    """A feature encoded as ``incidents.geojson`` holds it, but for its id
    (:func:`feature_text`; :meth:`EncodedFeatures.append_text` adds the id)."""

    #: The encoded geometry (``null`` when there is none).
    geometry: str
    #: The encoded properties after ``"id"``: from the comma after it to the closing brace.
    properties: bytes
    #: The geometry is a line or an area, its text shared by the features sharing it.
    shared: bool


#: How the properties of a feature whose id is empty begin.
_EMPTY_ID_PROPERTIES = '{"id":"",'


def feature_text(feature: dict[str, Any]) -> FeatureText:
    """A feature as :func:`incident_to_feature` makes it for an incident whose ``id`` is
    empty, encoded but for that id.

    Raises
    ------
    ValueError
        The feature is not of that shape (another id, other keys, ``id`` not the first
        property).
    """
    props = _FEATURE_JSON.encode(feature.get("properties"))
    if list(feature) != _FEATURE_KEYS or feature["type"] != "Feature" or \
            feature["id"] != "" or not props.startswith(_EMPTY_ID_PROPERTIES):
        raise ValueError("feature_text needs a feature of an incident with an empty id")
    rest = props[len(_EMPTY_ID_PROPERTIES) - 1:].encode("utf-8")
    geometry = feature["geometry"]
    if not isinstance(geometry, dict) or geometry.get("type") == "Point":
        return FeatureText(_FEATURE_JSON.encode(geometry), rest, False)
    cached = _GEOMETRY_TEXT.get(id(geometry))
    if cached is None or cached[0] is not geometry:
        if len(_GEOMETRY_TEXT) >= _GEOJSON_MEMO_SIZE:
            _GEOMETRY_TEXT.clear()
        cached = _GEOMETRY_TEXT[id(geometry)] = (geometry, _FEATURE_JSON.encode(geometry))
    return FeatureText(cached[1], rest, True)


class EncodedFeatures(Sequence[dict[str, Any]]):
    """Features kept as their encoded GeoJSON (UTF-8 bytes), read back on access.

    A long report's features take about a third of the memory this way (a dict of 39
    properties per incident is ~2.5 kB); ``write_geojson`` writes the stored text as is
    (the same bytes), other writers get each feature decoded as they go (JSON arrays come
    back as lists: the properties hold no tuples).
    """

    def __init__(self, features: Iterable[dict[str, Any]] = ()) -> None:
        # A feature's text, or (head, geometry text, tail) when its line / area geometry
        # is shared with other features: one string for all of them.
        self._items: list[bytes | tuple[bytes, str, bytes]] = []
        self._geometries: dict[int, tuple[str, dict[str, Any]]] = {}
        #: Each feature's CSV row (UTF-8) while every feature came with one.
        self._rows: list[bytes] | None = []
        for f in features:
            self.append(f)

    def csv_rows(self) -> list[bytes] | None:
        """Each feature's CSV row as :func:`write_csv` writes it, when every feature was
        appended with one (:meth:`append_text`); else ``None``."""
        return self._rows

    def append(self, feature: dict[str, Any]) -> None:
        self._rows = None
        parts = _encode_parts(feature)
        if parts is None:
            self._items.append(encode_feature(feature).encode("utf-8"))
        else:
            head, geometry, tail = parts
            self._items.append((head.encode("utf-8"), geometry, tail.encode("utf-8")))

    def append_text(self, feature_id: str, text: FeatureText,
                    csv_row: bytes | None = None) -> None:
        """Append the feature ``text`` (:func:`feature_text`) holds, with id
        ``feature_id``: the same as appending the feature with that id. ``csv_row``: its
        CSV row but for the id (:func:`csv_row_text`), kept for :func:`write_csv`."""
        if csv_row is None:
            self._rows = None
        elif self._rows is not None:
            self._rows.append(_csv_cell(feature_id) + csv_row)
        enc = _FEATURE_JSON.encode(feature_id).encode("utf-8")
        head = b'{"type":"Feature","id":' + enc + b',"geometry":'
        tail = b',"properties":{"id":' + enc + text.properties + b"}"
        if text.shared:
            self._items.append((head, text.geometry, tail))
        else:
            self._items.append(head + text.geometry.encode("utf-8") + tail)

    def encoded(self) -> Iterator[str]:
        """Each feature's GeoJSON text, in order."""
        for item in self._items:
            if isinstance(item, bytes):
                yield item.decode("utf-8")
            else:
                yield item[0].decode("utf-8") + item[1] + item[2].decode("utf-8")

    def _decode(self, item: bytes | tuple[bytes, str, bytes]) -> dict[str, Any]:
        if isinstance(item, bytes):
            return json.loads(item)
        head, geometry, tail = item
        feature = json.loads(head + b"null" + tail)
        # features sharing a geometry get one dict (read-only, as geometry_to_geojson's)
        known = self._geometries.get(id(geometry))
        if known is None or known[0] is not geometry:
            known = self._geometries[id(geometry)] = (geometry, json.loads(geometry))
        feature["geometry"] = known[1]
        return feature

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self._decode(item) for item in self._items[k]]
        return self._decode(self._items[k])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for item in self._items:
            yield self._decode(item)


def features_from_incidents(incidents: Iterable[Incident]) -> list[dict[str, Any]]:
    """GeoJSON Features for the incidents, in order."""
    return [incident_to_feature(i) for i in incidents]


def _default_file_mode() -> int:
    """The mode a new file gets under the current umask (mkstemp would give 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_write(path: str | Path, *, mode: str = "w", encoding: str | None = "utf-8",
                 newline: str | None = None) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; rename it onto ``path`` only on success."""
    target = Path(path)
    directory = target.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{directory}: cannot write here ({exc.strerror or exc})") from exc
    try:
        kwargs: dict[str, Any] = {} if "b" in mode else {"encoding": encoding, "newline": newline}
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
        os.chmod(tmp, _default_file_mode())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_geojson(features: Sequence[dict[str, Any]], path: str | Path) -> Path:
    """Write a FeatureCollection (RFC 7946: lon/lat, no ``crs`` member)."""
    # The same bytes as json.dump of the whole collection, written feature by feature
    # with the C encoder (json.dump runs the pure-Python one: 10x slower on big outputs).
    texts = (features.encoded() if isinstance(features, EncodedFeatures)
             else map(encode_feature, features))
    with atomic_write(path) as fh:
        fh.write('{"type":"FeatureCollection","features":[')
        for k, text in enumerate(texts):
            if k:
                fh.write(",")
            fh.write(text)
        fh.write("]}")
    return Path(path)


def read_geojson_features(path: str | Path) -> list[dict[str, Any]]:
    """Read the features of an ``incidents.geojson`` written earlier."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        from mapper.errors import InputError

        raise InputError(f"{path}: not a readable GeoJSON file ({exc})") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        from mapper.errors import InputError

        raise InputError(f"{path}: not a GeoJSON FeatureCollection")
    return [f for f in data.get("features", []) if isinstance(f, dict)]


#: CSV columns: ACLED-like names first, then the rest of the schema.
CSV_COLUMNS: tuple[str, ...] = tuple(
    dict.fromkeys(
        ["id", "date", "event_type", "sub_event_type", "actors", "governorate", "district",
         "desert_zone", "location", "latitude", "longitude", "geo_precision", "where_prec",
         "uncertainty_km", "fatalities", "injured", "text", *PROPERTY_NAMES]
    )
)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return "; ".join(value)
        return _CSV_JSON.encode(value)
    return value


class _Line:
    """The line a ``csv.writer`` writes for a row (it writes each row in one call)."""

    def __init__(self) -> None:
        self.text = ""
        self.writer = csv.writer(self)

    def write(self, text: str) -> None:
        self.text = text

    def line(self, row: list[Any]) -> str:
        self.writer.writerow(row)
        return self.text


_LINE = _Line()


def _csv_cell(value: str) -> bytes:
    """``value`` as :func:`write_csv` writes it in a row's first cell, with the comma
    after it left out (a cell is quoted on its own content only)."""
    return _LINE.line([value, ""])[:-3].encode("utf-8")


def csv_row_text(feature: dict[str, Any]) -> bytes:
    """The row :func:`write_csv` writes for ``feature`` (UTF-8), but for the ``id`` cell:
    from the comma after it to the line end. The properties are read as ``write_csv``
    reads them back from the stored GeoJSON: a value other than a plain string or number
    (or a list of strings) goes through JSON and back first.
    """
    props = feature.get("properties") or {}
    plain = _CSV_PLAIN
    cells: list[Any] = [""]
    for v in map(props.get, CSV_COLUMNS[1:]):
        cls = v.__class__
        if cls in plain:
            cells.append(v)
        elif v is None:
            cells.append("")
        elif cls is list and all(x.__class__ is str for x in v):
            cells.append("; ".join(v))
        else:
            cells.append(_csv_value(json.loads(_FEATURE_JSON.encode(v))))
    return _LINE.line(cells).encode("utf-8")


def write_csv(features: list[dict[str, Any]], path: str | Path) -> Path:
    """Write one row per feature with ACLED-like columns and lat/lon of its point."""
    rows = features.csv_rows() if isinstance(features, EncodedFeatures) else None
    if rows is not None:  # rows made as the features came (csv_row_text)
        with atomic_write(path, mode="wb") as fh:
            fh.write(_LINE.line(list(CSV_COLUMNS)).encode("utf-8"))
            fh.writelines(rows)
        return Path(path)
    # csv.writer with each row as a list: what DictWriter writes, without a dict per row
    with atomic_write(path, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        plain = _CSV_PLAIN
        for f in features:
            props = f.get("properties") or {}
            # most cells are plain strings and numbers: written as they are, no call
            writer.writerow([v if v.__class__ in plain else "" if v is None else _csv_value(v)
                             for v in map(props.get, CSV_COLUMNS)])
    return Path(path)


#: Cell types the csv module writes as they are.
_CSV_PLAIN = frozenset({str, int, float, bool})


def summary_rows(features: list[dict[str, Any]], key: str) -> dict[str, dict[str, int]]:
    """Incidents, fatalities and injured per value of property ``key`` (e.g. governorate)."""
    out: dict[str, dict[str, int]] = {}
    for f in features:
        props = f.get("properties") or {}
        names = props.get(key)
        if not names:
            continue
        for name in str(names).split(", ") if key == "desert_zone" else [str(names)]:
            row = out.setdefault(name, {"incidents": 0, "fatalities": 0, "injured": 0})
            row["incidents"] += 1
            row["fatalities"] += int(props.get("fatalities") or 0)
            row["injured"] += int(props.get("injured") or 0)
    return out


def write_geopackage(features: list[dict[str, Any]], path: str | Path, *,
                     gazetteer: Any = None) -> Path:
    """Write a GeoPackage (EPSG:4326) for GIS tools.

    Layers: ``incidents`` (each incident's own geometry: points, lines, polygons),
    ``incident_points`` (representative points), and with a gazetteer
    ``governorate_summary`` and ``desert_zone_summary`` (polygons with incident, fatality
    and injured counts) and ``corridors`` (the highway lines).
    """
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import Point, shape

    rows = []
    geoms = []
    points = []
    for f in features:
        props = {k: _csv_value(v) for k, v in (f.get("properties") or {}).items()}
        rows.append(props)
        geoms.append(shape(f["geometry"]) if f.get("geometry") else None)
        lat, lon = props.get("latitude"), props.get("longitude")
        points.append(Point(lon, lat) if lat not in ("", None) else None)
    frame = pd.DataFrame(rows)
    layers: list[tuple[str, Any]] = [
        ("incidents", gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:4326")),
        ("incident_points", gpd.GeoDataFrame(frame.copy(), geometry=points, crs="EPSG:4326")),
    ]
    if gazetteer is not None:
        for layer, key, places in (
            ("governorate_summary", "governorate", gazetteer.governorates()),
            ("desert_zone_summary", "desert_zone", gazetteer.zones()),
        ):
            counts = summary_rows(features, key)
            recs = [{"place_id": p.place_id, "name": p.name,
                     **counts.get(p.name, {"incidents": 0, "fatalities": 0, "injured": 0})}
                    for p in places]
            layers.append((layer, gpd.GeoDataFrame(
                recs, geometry=[p.geometry for p in places], crs="EPSG:4326")))
        corridors = gazetteer.corridors()
        layers.append(("corridors", gpd.GeoDataFrame(
            [{"place_id": c.place_id, "name": c.name, "ref": c.attributes.get("ref")}
             for c in corridors], geometry=[c.geometry for c in corridors], crs="EPSG:4326")))
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp.gpkg")
    tmp.unlink(missing_ok=True)
    try:
        for n, (layer, gdf) in enumerate(layers):
            kwargs = {"geometry_type": "Unknown"} if layer == "incidents" else {}
            gdf.to_file(tmp, layer=layer, driver="GPKG", engine="pyogrio",
                        mode="w" if n == 0 else "a", **kwargs)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target
