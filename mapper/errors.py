"""Exceptions raised by the mapper.

:class:`MapperError` is the root. Errors caused by what the user gave (a missing file, a
bad option, a malformed table) are :class:`InputError` and make the CLI exit with 2;
anything else is an internal error (exit 1).
"""

from __future__ import annotations


class MapperError(Exception):
    """Root of every error the mapper raises."""


class InputError(MapperError, ValueError):
    """The user's input (a file, an option, a column name) cannot be used."""


class ReportParseError(InputError):
    """A report file cannot be read as text."""


class OutputError(MapperError, OSError):
    """An output cannot be written where asked."""
