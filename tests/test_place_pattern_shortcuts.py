"""Shortcuts of the place patterns' readers (:mod:`mapper.place_expr`) find the same
expressions as the plain paths, on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

import mapper.place_expr as place_expr
from gazetteer import Gazetteer

#: Sentences where later patterns match over expressions earlier ones found ("near
#: Al-Bab" then "Al-Bab town"), with governorates, towns and names the gazetteer lacks.
TEXTS = [
    "Shelling near Al-Bab town and in Hama city; clashes around Homs area, in Idlib.",
    "Regime forces advanced on Kafr Nabl village near Maarat al-Numan city in Idlib.",
    "IS attacked in western Deir ez-Zor countryside, east of Raqqa area, in Raqqa.",
    "Airstrikes hit Saraqib town, the town of Ariha and the villages of Tleihat and "
    "Um Khan in southern Idlib countryside near Jisr al-Shughur district.",
    "Fighting in rural Hama near Rural Damascus; shelling in Hama area and Homs city, in "
    "Daraa province, near Qalaat Qasrah camp and in Jobar front.",
    "Clashes in the vicinity of Tall Rifat town in northern Aleppo, in Aleppo city.",
    "Protest in Latakia area. Gunmen attacked Quneitra town near Hama neighbourhood.",
]


class _CountingGazetteer:
    """A gazetteer that counts the questions :func:`is_governorate_name` asks it."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.asked = 0

    def confident_place(self, name: str, **kwargs: Any) -> Any:
        self.asked += 1
        return self.gaz.confident_place(name, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.gaz, name)


def _read(gaz: Any) -> list[list[tuple]]:
    out = []
    for text in TEXTS:
        for all_mentions in (False, True):
            mentions = gaz.find_mentions(text)
            out.append([(e.start, e.end, e.kind, e.names, e.qualifier, e.corridor)
                        for e in place_expr.find_place_expressions(
                            text, mentions=mentions, gazetteer=gaz,
                            all_mentions=all_mentions)])
    return out


def test_matches_over_taken_spans_skipped_find_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(place_expr, "_REMEMBER_GOVERNORATES", False)  # count every question
    gaz = Gazetteer.default()
    monkeypatch.setattr(place_expr, "_SKIP_TAKEN_MATCHES", False)
    plain_gaz = _CountingGazetteer(gaz)
    plain = _read(plain_gaz)
    monkeypatch.setattr(place_expr, "_SKIP_TAKEN_MATCHES", True)
    fast_gaz = _CountingGazetteer(gaz)
    assert _read(fast_gaz) == plain
    assert any(e[2] == "governorates" for found in plain for e in found)
    assert fast_gaz.asked < plain_gaz.asked  # the shortcut was taken
