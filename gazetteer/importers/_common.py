"""What the importers share: the import log, code tables, name and coordinate checks.

The mapping tables are written out explicitly: GeoNames numbers Syria's governorates
(``SY.01`` … ``SY.14``) alphabetically by a different spelling than OCHA does (``SY01`` …
``SY14``), so ``SY.07`` (Deir ez-Zor) is OCHA ``SY09`` and ``SY.11`` (Homs) is OCHA ``SY04``.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

#: GeoNames admin1 code (``SY.<code>``) → OCHA governorate P-code.
GEONAMES_ADMIN1_TO_PCODE: dict[str, str] = {
    "01": "SY08",  # Al-Hasakah
    "02": "SY06",  # Latakia
    "03": "SY14",  # Quneitra
    "04": "SY11",  # Ar-Raqqah
    "05": "SY13",  # As-Suwayda
    "06": "SY12",  # Daraa
    "07": "SY09",  # Deir ez-Zor
    "08": "SY03",  # Rif-dimashq (Rural Damascus)
    "09": "SY02",  # Aleppo
    "10": "SY05",  # Hama
    "11": "SY04",  # Homs
    "12": "SY07",  # Idlib
    "13": "SY01",  # Dimashq (Damascus)
    "14": "SY10",  # Tartus
}

#: GeoNames id of each governorate (admin1 record) → OCHA P-code.
GEONAMES_ADMIN1_ID_TO_PCODE: dict[int, str] = {
    173813: "SY08", 173578: "SY06", 173336: "SY14", 172957: "SY11", 172410: "SY13",
    170903: "SY12", 170792: "SY09", 170652: "SY03", 170062: "SY02", 170015: "SY05",
    169575: "SY04", 169387: "SY07", 167541: "SY01", 163342: "SY10",
}

#: ISO 3166-2 subdivision code → OCHA P-code.
ISO_3166_2_TO_PCODE: dict[str, str] = {
    "SY-DI": "SY01", "SY-HL": "SY02", "SY-RD": "SY03", "SY-HI": "SY04", "SY-HM": "SY05",
    "SY-LA": "SY06", "SY-ID": "SY07", "SY-HA": "SY08", "SY-DY": "SY09", "SY-TA": "SY10",
    "SY-RA": "SY11", "SY-DR": "SY12", "SY-SU": "SY13", "SY-QU": "SY14",
}

#: A generous box around Syria (lon/lat): records outside it are not Syrian places.
SYRIA_BBOX: tuple[float, float, float, float] = (34.5, 31.5, 43.5, 38.0)


def gn_admin1_pcode(code: Any) -> str | None:
    """OCHA P-code for a GeoNames admin1 code given as ``7``, ``"07"``, ``"7.0"`` or ``"SY.07"``.

    Parameters
    ----------
    code
        The admin1 code as found in a source (WOF stores it as float text).

    Returns
    -------
    str or None
        ``SY01`` … ``SY14``, or ``None`` when the code is empty or unknown.
    """
    if code is None:
        return None
    text = str(code).strip()
    if text.upper().startswith("SY."):
        text = text[3:]
    if not text:
        return None
    try:
        number = int(float(text))
    except ValueError:
        return None
    return GEONAMES_ADMIN1_TO_PCODE.get(f"{number:02d}")


@dataclass
class ImportLog:
    """What an importer read, kept and skipped (and why).

    Parameters
    ----------
    source
        The source format (``wof``, ``ocha``, ``geonames``, ``opensyria``).
    path
        The file or folder read.
    """

    source: str = ""
    path: str = ""
    read: int = 0
    kept: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def skip(self, reason: str, what: str = "") -> None:
        """Count one skipped record under ``reason`` (the first few ``what`` are kept)."""
        self.skipped[reason] += 1
        if what:
            bucket = self.examples.setdefault(reason, [])
            if len(bucket) < 5:
                bucket.append(what)

    def keep(self, feature_type: str) -> None:
        """Count one imported record of ``feature_type``."""
        self.kept[feature_type] += 1

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (for the store manifest)."""
        return {
            "source": self.source,
            "path": self.path,
            "read": self.read,
            "kept": dict(sorted(self.kept.items())),
            "skipped": dict(sorted(self.skipped.items())),
            "skipped_examples": {k: list(v) for k, v in sorted(self.examples.items())},
        }


#: Progress callback: ``progress(done, total)``; ``total`` may be ``None``.
ProgressFn = Callable[[int, int | None], None]


def script_of(text: str) -> str:
    """``arabic``, ``latin`` or ``other``: the script of the letters in ``text``."""
    arabic = latin = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        code = ord(ch)
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
            arabic += 1
        elif code < 0x250 or 0x1E00 <= code <= 0x1EFF:
            latin += 1
        elif unicodedata.category(ch).startswith("L") and code in (0x02BF, 0x02BE, 0x02BB):
            latin += 1
        else:
            other += 1
    if arabic and arabic >= latin and arabic >= other:
        return "arabic"
    if latin and latin >= other:
        return "latin"
    return "other"


def clean_names(values: Iterable[Any], *, scripts: frozenset[str] = frozenset(
        {"latin", "arabic"})) -> list[str]:
    """Unique, stripped names in first-seen order, only in the given scripts.

    Parameters
    ----------
    values
        Strings (or lists of strings, or ``None``) in order of preference.
    scripts
        Scripts to keep (``latin``, ``arabic``, ``other``).

    Returns
    -------
    list of str
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(value: Any) -> None:
        if value is None:
            return
        if isinstance(value, list | tuple):
            for v in value:
                add(v)
            return
        if isinstance(value, float) and math.isnan(value):
            return
        text = " ".join(str(value).split())
        if not text or text in seen or script_of(text) not in scripts:
            return
        seen.add(text)
        out.append(text)

    for value in values:
        add(value)
    return out


def valid_lonlat(lon: Any, lat: Any) -> str | None:
    """Why (lon, lat) cannot be a Syrian place, or ``None`` when it can.

    Returns
    -------
    str or None
        ``"impossible coordinates"`` (missing, not finite, out of range, 0/0) or
        ``"outside Syria"``; ``None`` when the point is plausible.
    """
    try:
        x, y = float(lon), float(lat)
    except (TypeError, ValueError):
        return "impossible coordinates"
    if not (math.isfinite(x) and math.isfinite(y)) or abs(y) > 90 or abs(x) > 180:
        return "impossible coordinates"
    if x == 0 and y == 0:
        return "impossible coordinates"
    west, south, east, north = SYRIA_BBOX
    if not (west <= x <= east and south <= y <= north):
        return "outside Syria"
    return None


def populated_place_type(feature_code: str | None, population: int | None) -> str:
    """Feature type of a populated place from its GeoNames feature code and population.

    Parameters
    ----------
    feature_code
        GeoNames feature code (``PPL``, ``PPLA2``, ``PPLC``, ``PPLX`` ...), may be empty.
    population
        Population if known.

    Returns
    -------
    str
        ``city``, ``town``, ``village`` or ``neighbourhood``.
    """
    code = (feature_code or "").upper()
    pop = population or 0
    if code == "PPLX":
        return "neighbourhood"
    if code == "PPLC" or pop >= 100_000:
        return "city"
    if code in ("PPLA", "PPLA2") or pop >= 50_000:
        return "city" if code == "PPLA" else "town"
    if code in ("PPLA3", "PPLA4") or pop >= 5_000:
        return "town"
    return "village"


def to_int(value: Any) -> int | None:
    """``int(value)`` for numbers and numeric text; ``None`` for empty, zero or junk."""
    if value is None or value == "":
        return None
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None
