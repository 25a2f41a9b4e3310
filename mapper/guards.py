"""Cheap word tests in front of case-insensitive regular expressions.

A case-insensitive pattern with many alternatives scans the whole text to say "no"; most
sentences hold none of its words. :class:`Guarded` first looks for the words one of which
every match holds, as substrings of the lower-cased text, and runs the pattern only when
one is there. That test is exact for ASCII text (where case-insensitive matching is
lower-casing); other text (Unicode case rules: "ſ" matches "s") always runs the pattern.
Keep the words in step with the pattern: they may admit more than it needs, never less
(``tests/test_speed_invariants.py`` checks the guards on sample text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Guarded", "may_hold"]


#: The text last lower-cased by :func:`may_hold` and its lower case (one tuple, replaced
#: whole): a sentence is tried against several guards in a row (one event rule after
#: another).
_last: tuple[str, str] = ("", "")


def may_hold(text: str, words: tuple[str, ...]) -> bool:
    """False only when ``text`` is ASCII and holds none of ``words`` (lower-case) in any
    case."""
    global _last
    if not text.isascii():
        return True
    seen, low = _last
    if text is not seen and text != seen:
        low = text.lower()
        _last = (text, low)
    for w in words:
        if w in low:
            return True
    return False


@dataclass(frozen=True, slots=True)
class Guarded:
    """A compiled pattern and the lower-case words one of which each of its matches holds.

    Parameters
    ----------
    pattern
        The pattern (case-insensitive, or matching only the words' spellings).
    words
        Lower-case substrings; every match of ``pattern`` contains one, in some case.
    """

    pattern: re.Pattern[str]
    words: tuple[str, ...]

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when no word is in ``text``."""
        if not may_hold(text, self.words):
            return None
        return self.pattern.search(text)
