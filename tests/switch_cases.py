"""Reading notes with a shortcut switched off and on: the shared check of the tests of
the note locator's and the table path's shortcuts (memos, shared points, skipped clips)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

import mapper.tables as tables
from gazetteer import Gazetteer
from gazetteer.embedded import load_embedded


def read_notes(notes: Sequence[str], gaz: Gazetteer) -> list[tuple[dict[str, Any], str | None]]:
    """Each note's table columns and reason, every note read twice (the second reading
    is answered from whatever the first one left remembered)."""
    return [tables.locate_text(text, gaz) for text in [*notes, *notes]]


def same_with_and_without(monkeypatch: pytest.MonkeyPatch, notes: Sequence[str],
                          switch: Callable[[bool], None]
                          ) -> list[tuple[dict[str, Any], str | None]]:
    """Read ``notes`` with ``switch(False)`` on one gazetteer and ``switch(True)`` on
    another (nothing remembered crosses over); assert the same answers, some located.

    Returns
    -------
    list
        The answers with the shortcut on.
    """
    monkeypatch.setattr(tables, "_REMEMBER_NOTES", False)  # every note read
    switch(False)
    plain = read_notes(notes, Gazetteer(load_embedded()))
    switch(True)
    fast = read_notes(notes, Gazetteer(load_embedded()))
    assert fast == plain
    assert any(v.get("latitude") is not None for v, _ in plain)
    return fast
