"""Remembered locations: :func:`mapper.locate.locate_with_reason` once per distinct
expression and context.

Reports and tables name the same places over and over ("the Homs desert", "near
Al-Sukhnah", "the western countryside of Idlib"); locating one costs resolutions,
projections and polygon cuts. :func:`locate_with_reason` is a pure function of the
expression's ``text``, ``kind``, ``names``, ``mentions`` (their ``text`` and
``place_ids``), ``qualifier`` and ``corridor``, of the resolve context and of the
gazetteer, so its answer is kept under those (all forgotten at once when
:data:`MEMO_SIZE` are kept: a hit is one look-up, and no answer depends on which are
kept) and handed out as a copy the caller may change. Keep :func:`_key` (and :func:`_text_key`)
in step with what :mod:`mapper.locate` reads of an expression.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from mapper import locate as locate_mod
from mapper.schema import Location, PlaceExpression

__all__ = ["locate_with_reason", "locate_shared", "own_copy", "MEMO_SIZE", "PerGazetteer"]

#: Distinct (expression, context) answers kept per gazetteer.
MEMO_SIZE = 16384

M = TypeVar("M")


class PerGazetteer(Generic[M]):
    """A memo per gazetteer, forgotten with its gazetteer (a weak-keyed dictionary), the
    last one asked for kept at hand: a table's rows all ask for the same one, and a look-up
    in a weak-keyed dictionary makes a weak reference each time (``setdefault`` a new memo
    too).

    Parameters
    ----------
    factory
        Makes a gazetteer's memo the first time it is asked for.
    """

    __slots__ = ("_memos", "_factory", "_last")

    def __init__(self, factory: Callable[[], M]) -> None:
        self._memos: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self._factory = factory
        self._last: tuple[weakref.ref, M] | None = None

    def of(self, gazetteer: Any) -> M | None:
        """The memo of ``gazetteer``; ``None`` when it cannot be weakly referenced (then
        nothing is kept for it)."""
        last = self._last
        if last is not None and gazetteer is not None and last[0]() is gazetteer:
            return last[1]
        try:
            memo = self._memos.get(gazetteer)
            if memo is None:
                memo = self._memos[gazetteer] = self._factory()
            self._last = (weakref.ref(gazetteer), memo)
        except TypeError:
            return None
        return memo


_MEMOS: PerGazetteer[dict] = PerGazetteer(dict)


#: :func:`_key` keeps of an expression's text only what :mod:`mapper.locate` reads of it
#: (off: the whole text, always).
_TEXT_AS_READ = True


def _text_key(expr: PlaceExpression) -> Any:
    """What :mod:`mapper.locate` reads of ``expr.text``.

    A ``place`` expression with names reads its names, never its text (a failure's reason
    names the names); a ``near`` one with names and no road reads only whether the text
    says "countryside", "desert" ... (:data:`mapper.locate._WIDE_RE`). Every other
    expression may read its text anywhere.
    """
    if not _TEXT_AS_READ or not expr.names:
        return expr.text
    kind = expr.kind
    if kind == "place" or kind not in locate_mod.KINDS:  # an unknown kind is a place
        return None
    if kind == "near" and not expr.corridor:
        return _says_wide(expr.text or "")
    return expr.text


#: :func:`_says_wide` remembers its answer for each text (off: searched each time).
_REMEMBER_WIDE = True
#: Most texts :func:`_says_wide` remembers (then all forgotten).
_WIDE_SIZE = 4096
_WIDE: dict[str, bool] = {}


def _says_wide(text: str) -> bool:
    """Whether ``text`` says "countryside", "desert" ... (:data:`mapper.locate._WIDE_RE`);
    the same "near X" texts come back note after note."""
    if not _REMEMBER_WIDE:
        return bool(locate_mod._WIDE_RE.search(text))
    found = _WIDE.get(text)
    if found is None:
        if len(_WIDE) >= _WIDE_SIZE:
            _WIDE.clear()
        found = _WIDE[text] = bool(locate_mod._WIDE_RE.search(text))
    return found


def _key(expr: PlaceExpression, context: Any) -> tuple:
    """What the answer depends on (unhashable when a part of it is); each part of the
    expression read once."""
    names = expr.names
    mentions = expr.mentions
    corridor = expr.corridor
    return (_text_key(expr) if names else expr.text, expr.kind,
            tuple(names) if names else (),
            tuple([(getattr(m, "text", None), tuple(getattr(m, "place_ids", ()) or ()))
                   for m in mentions]) if mentions else (),
            expr.qualifier, tuple(corridor) if corridor else (), context)


def _copy(loc: Location | None) -> Location | None:
    if loc is None:
        return None
    return Location(loc.geometry, loc.point, loc.name, loc.place_id, loc.feature_type,
                    loc.geo_precision, loc.where_prec, loc.uncertainty_km, loc.confidence,
                    list(map(dict, loc.candidates)))


def locate_with_reason(expr: PlaceExpression, gazetteer: Any, *, context: Any = None
                       ) -> tuple[Location | None, str | None]:
    """:func:`mapper.locate.locate_with_reason`, remembered.

    Parameters
    ----------
    expr
        The place expression.
    gazetteer
        The gazetteer (answers are kept per gazetteer).
    context
        A :class:`gazetteer.model.ResolveContext` or ``None``.

    Returns
    -------
    (location, reason)
        As :func:`mapper.locate.locate_with_reason`; the location is the caller's own
        copy.
    """
    loc, reason = locate_shared(expr, gazetteer, context=context)
    return _copy(loc), reason


def locate_shared(expr: PlaceExpression, gazetteer: Any, *, context: Any = None
                  ) -> tuple[Location | None, str | None]:
    """:func:`locate_with_reason` without the copy: the location may be the one
    remembered, which the caller reads and never changes (:func:`own_copy` gives one to
    change or hand on).
    """
    key = _key(expr, context)
    memo = _MEMOS.of(gazetteer)
    try:
        if memo is None:
            raise TypeError("not weak-referenceable")
        found = memo.get(key)
    except TypeError:  # not weak-referenceable, or the key is unhashable: nothing to keep
        return locate_mod.locate_with_reason(expr, gazetteer, context=context)
    if found is not None:
        return found
    found = locate_mod.locate_with_reason(expr, gazetteer, context=context)
    loc, reason = found
    if loc is None and reason is not None and reason.startswith("cannot locate "):
        return found  # a failure logged as a warning: logged again next time
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = found
    return found


def own_copy(loc: Location | None) -> Location | None:
    """A copy of a location :func:`locate_shared` gave, the caller's to change (its
    candidates copied too)."""
    return _copy(loc)
