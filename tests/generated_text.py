"""Generated text for the tests that compare a shortcut with its plain form: words joined
by separators at random, spans of it that start and end anywhere, and random strings."""

from __future__ import annotations

import random
from collections.abc import Sequence


def generated_texts(words: Sequence[str], separators: Sequence[str], n: int, *, seed: int,
                    most_words: int) -> list[str]:
    """``n`` texts of 3 to ``most_words`` of ``words``, each followed by one of
    ``separators`` (the same texts for the same arguments)."""
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(3, most_words)):
            parts += [rng.choice(words), rng.choice(separators)]
        texts.append("".join(parts))
    return texts


def spans_of(texts: Sequence[str], *, seed: int) -> list[tuple[str, int, int]]:
    """Each text whole, and two parts of it starting and ending anywhere (inside words
    too), as ``(text, start, end)``."""
    rng = random.Random(seed)
    spans = []
    for text in texts:
        spans.append((text, 0, len(text)))
        for _ in range(2):
            a = rng.randint(0, len(text))
            spans.append((text, a, rng.randint(a, len(text))))
    return spans


def random_strings(rnd: random.Random, alphabet: str, n: int, shortest: int, longest: int
                   ) -> list[str]:
    """``n`` strings of ``shortest`` to ``longest`` characters of ``alphabet``, drawn with
    ``rnd`` (the same strings for the same generator state)."""
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(shortest, longest)))
            for _ in range(n)]
