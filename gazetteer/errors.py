"""Exceptions raised by the gazetteer.

All derive from :class:`GazetteerError`; each also derives from the built-in exception a
caller would expect, so ``except LookupError`` keeps working.
"""

from __future__ import annotations


class GazetteerError(Exception):
    """Root of every error the gazetteer raises."""


class PlaceNotFoundError(GazetteerError, LookupError):
    """A place id or name is not in the gazetteer."""


class SourceFormatError(GazetteerError, ValueError):
    """A gazetteer source file is missing, corrupt or of an unknown format."""


class StoreError(GazetteerError, OSError):
    """The built gazetteer store cannot be written or read."""
