"""A geopy-compatible geocoder over the local gazetteer (offline).

:class:`GazetteerGeocoder` subclasses :class:`geopy.geocoders.base.Geocoder`, so code
written for ``Nominatim`` runs against the gazetteer and the other way round::

    from gazetteer import GazetteerGeocoder
    geocoder = GazetteerGeocoder()
    location = geocoder.geocode("Deir Ezzor")
    location.latitude, location.longitude, location.raw["place_id"]

It never touches the network: its geopy adapter refuses every request.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from gazetteer.geo import haversine_km
from gazetteer.model import Candidate, Place, ResolveContext

if TYPE_CHECKING:  # pragma: no cover
    from gazetteer.gazetteer import Gazetteer

logger = logging.getLogger(__name__)

__all__ = ["GazetteerGeocoder"]

_COUNTRY = "Syria"


class _OfflineAdapter(BaseSyncAdapter):
    """A geopy adapter that refuses to make requests: the gazetteer is local."""

    def get_json(self, url: str, *, timeout: Any, headers: Any) -> Any:
        raise GeocoderServiceError("GazetteerGeocoder is offline; it makes no requests")

    def get_text(self, url: str, *, timeout: Any, headers: Any) -> str:
        raise GeocoderServiceError("GazetteerGeocoder is offline; it makes no requests")


def _arabic_name(place: Place) -> str | None:
    from gazetteer.normalize import is_arabic

    name_ar = place.attributes.get("name_ar")
    if name_ar:
        return str(name_ar)
    return next((n for n in place.names if is_arabic(n)), None)


class GazetteerGeocoder(Geocoder):
    """Geocode place names of Syria against the local gazetteer, the geopy way.

    Parameters
    ----------
    gazetteer
        The :class:`~gazetteer.Gazetteer` to use; default ``Gazetteer.load(home)`` (the
        built store if there is one, else the embedded data), loaded on first use.
    home
        Store folder for the default gazetteer.
    min_confidence
        Results with a lower confidence are treated as not found.
    reverse_max_km
        :meth:`reverse` returns places within this distance only (beyond it, the area that
        holds the point, if any).
    timeout, user_agent
        Accepted for geopy compatibility; unused.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, home: str | Path | None = None,
                 min_confidence: float = 0.0, reverse_max_km: float = 50.0,
                 timeout: Any = DEFAULT_SENTINEL, user_agent: str | None = None) -> None:
        super().__init__(timeout=timeout, user_agent=user_agent or "incident-mapper",
                         adapter_factory=_OfflineAdapter)
        self._gazetteer = gazetteer
        self._home = home
        self.min_confidence = float(min_confidence)
        self.reverse_max_km = float(reverse_max_km)
        self._points: tuple[Any, Any, list[Place]] | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer (loaded on first use)."""
        if self._gazetteer is None:
            from gazetteer.gazetteer import Gazetteer

            self._gazetteer = Gazetteer.load(self._home)
        return self._gazetteer

    # -- helpers --------------------------------------------------------------------------
    def _address(self, place: Place, language: str | bool) -> str:
        arabic = isinstance(language, str) and language.lower().startswith("ar")
        name = (_arabic_name(place) if arabic else None) or place.name
        parts = [name]
        if place.feature_type != "governorate" and place.governorate_pcode:
            gov = self.gazetteer.by_pcode(place.governorate_pcode)
            if gov is not None and gov.place_id != place.place_id:
                parts.append((_arabic_name(gov) if arabic else None) or gov.name)
        parts.append("سوريا" if arabic else _COUNTRY)
        return ", ".join(parts)

    def _location(self, cand: Candidate, language: str | bool, *, confidence: float,
                  candidates: Iterable[Candidate], extra: Mapping[str, Any] | None = None
                  ) -> Location:
        place = cand.place
        raw: dict[str, Any] = {
            "place_id": place.place_id,
            "name": place.name,
            "feature_type": place.feature_type,
            "governorate_pcode": place.governorate_pcode,
            "source": place.source,
            "source_id": place.source_id,
            "matched_name": cand.matched_name,
            "match": cand.match,
            "confidence": confidence,
            "candidates": [
                {"place_id": c.place.place_id, "name": c.place.name,
                 "feature_type": c.place.feature_type, "latitude": c.place.lat,
                 "longitude": c.place.lon, "score": c.score, "match": c.match}
                for c in candidates
            ],
        }
        if extra:
            raw.update(extra)
        return Location(self._address(place, language), Point(place.lat, place.lon), raw)

    @staticmethod
    def _wants_syria(country_codes: Any) -> bool:
        if not country_codes:
            return True
        codes = [country_codes] if isinstance(country_codes, str) else list(country_codes)
        return any(str(c).strip().lower() in ("sy", "syr") for c in codes)

    # -- geopy API --------------------------------------------------------------------------
    def geocode(self, query: str | Mapping[str, Any], *, exactly_one: bool = True,
                timeout: Any = DEFAULT_SENTINEL, limit: int | None = None,
                language: str | bool = False, country_codes: str | list[str] | None = None,
                feature_types: Iterable[str] | None = None,
                context: ResolveContext | None = None,
                **kwargs: Any) -> Location | list[Location] | None:
        """Return a location point for a place name.

        Parameters
        ----------
        query
            The place name ("Deir Ezzor", "دير الزور", "Homs province"), or a geopy
            structured query (a dict; its values are joined).
        exactly_one
            Return one :class:`~geopy.location.Location` (the best) or a list of up to
            ``limit`` (default 5) ranked candidates.
        timeout
            Unused (offline); accepted for geopy compatibility.
        limit
            Most results when ``exactly_one`` is false.
        language
            ``"ar"`` writes the address in Arabic; otherwise English.
        country_codes
            Results lie in Syria: a list without ``"sy"`` finds nothing.
        feature_types
            Keep only these feature types (``{"governorate"}``, ``{"city", "town"}``, …).
        context
            A :class:`~gazetteer.model.ResolveContext` (places/governorates named nearby).
        **kwargs
            Other geopy options (``addressdetails``, ``viewbox``, …) are ignored.

        Returns
        -------
        geopy.location.Location, list of Location, or None
            ``None`` when nothing matched. ``raw`` holds ``place_id``, ``feature_type``,
            ``confidence``, ``match`` and the ranked ``candidates``.
        """
        if kwargs:
            logger.debug("geocode: ignored options %s", sorted(kwargs))
        if isinstance(query, Mapping):
            query = ", ".join(str(v) for v in query.values() if v)
        name = " ".join(str(query).split())
        if not name or not self._wants_syria(country_codes):
            return None
        if exactly_one:
            resolution = self.gazetteer.resolve(name, context=context,
                                                feature_types=feature_types)
            if resolution.best is None or resolution.confidence < self.min_confidence:
                return None
            return self._location(resolution.best, language, confidence=resolution.confidence,
                                  candidates=resolution.candidates)
        cands = self.gazetteer.candidates(name, limit=limit or 5, context=context,
                                          feature_types=feature_types)
        cands = [c for c in cands if c.score >= self.min_confidence]
        if not cands:
            return None
        return [self._location(c, language, confidence=c.score, candidates=cands)
                for c in cands]

    def _point_table(self) -> tuple[Any, Any, list[Place]]:
        if self._points is None:
            import numpy as np

            points = [p for p in self.gazetteer.places if not p.is_area and not p.is_line]
            lats = np.radians(np.array([p.lat for p in points], dtype=float))
            lons = np.radians(np.array([p.lon for p in points], dtype=float))
            self._points = (lats, lons, points)
        return self._points

    def reverse(self, query: Any, *, exactly_one: bool = True,
                timeout: Any = DEFAULT_SENTINEL, language: str | bool = False,
                limit: int | None = None, feature_types: Iterable[str] | None = None,
                **kwargs: Any) -> Location | list[Location] | None:
        """Return the nearest gazetteer place(s) to a point.

        Parameters
        ----------
        query
            ``(lat, lon)``, ``"lat, lon"`` or a :class:`geopy.point.Point`.
        exactly_one
            One :class:`~geopy.location.Location` or a list of up to ``limit`` (default 5)
            nearest places.
        timeout
            Unused (offline).
        language
            ``"ar"`` writes the address in Arabic.
        limit
            Most results when ``exactly_one`` is false.
        feature_types
            Consider only these feature types.
        **kwargs
            Other geopy options are ignored.

        Returns
        -------
        geopy.location.Location, list of Location, or None
            Points within ``reverse_max_km``, nearest first (``raw["distance_km"]``); when
            none is that close, the governorate holding the point; ``None`` outside Syria.
        """
        import numpy as np

        point = Point(query)
        lat, lon = point.latitude, point.longitude
        lats, lons, points = self._point_table()
        found: list[tuple[float, Place]] = []
        if points:
            p1, l1 = math.radians(lat), math.radians(lon)
            a = (np.sin((lats - p1) / 2) ** 2
                 + math.cos(p1) * np.cos(lats) * np.sin((lons - l1) / 2) ** 2)
            dist = 2 * 6371.0088 * np.arcsin(np.sqrt(np.minimum(1.0, a)))
            types = frozenset(feature_types) if feature_types else None
            for i in np.argsort(dist):
                d = float(dist[i])
                if d > self.reverse_max_km or len(found) >= (1 if exactly_one else limit or 5):
                    break
                place = points[int(i)]
                if types is None or place.feature_type in types:
                    found.append((d, place))
        extra_admin: dict[str, Any] = {}
        try:
            admin = self.gazetteer.areas.admin_at(lon, lat)
            zone = self.gazetteer.areas.zone_at(lon, lat)
        except Exception as exc:  # noqa: BLE001 - areas are an extra, never required
            logger.debug("reverse: no area index (%s)", exc)
            admin, zone = {}, None
        for level, area in admin.items():
            extra_admin[level] = area.place_id if area is not None else None
        extra_admin["zone"] = zone.place_id if zone is not None else None
        if not found:
            gov = admin.get("governorate")
            if gov is None:
                return None
            d = haversine_km(lat, lon, gov.lat, gov.lon)
            found = [(d, gov)]
        locations = [
            self._location(Candidate(place, place.name, "reverse", 1.0), language,
                           confidence=1.0, candidates=(),
                           extra={"distance_km": round(d, 3), **extra_admin})
            for d, place in found
        ]
        return locations[0] if exactly_one else locations
