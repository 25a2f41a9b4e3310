"""The place-name helpers' shortcuts against the plain computations they replace: the
key of an ASCII name without Unicode decomposition, and a name's forms looked up once
with its plausibility."""

from __future__ import annotations

import re
import unicodedata

import pytest

import mapper.place_expr as place_expr

#: Names in the spellings reports use, written for these tests.
NAMES = ["Deir ez-Zor", "Al-Raqqah", "ar-Raqqa", "Hama city", "Idlib province",
         "Rif Dimashq governorate", "Dayr az-Zawr", "Dar'aa", "As-Suwayda", "Tall ibn Hani",
         "  el-Bab  ", "Al Hasakah", "Homs", "ISIS", "the", "Palmyra (Tadmor)",
         "Basimah Rural Damascus", "Idlib's", "Ḥamāh", "Ḥalab", "دير الزور", "Tartūs",
         "ﬁrst", "Ashrafiyah", "An Nabk", "Kafr Nabl town", "Abu Kamal", ""]


def _plain_key(name: str) -> str:
    t = unicodedata.normalize("NFKD", name)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"^(?:al|el|ar|as|ad|an|ash|at|az)[- ]", "", t.strip())
    t = re.sub(r"\s+(?:province|governorate|city)$", "", t)
    return re.sub(r"[^a-z\u0600-\u06ff]", "", t)


@pytest.mark.parametrize("name", NAMES)
def test_name_keys_equal_the_plain_key(name: str) -> None:
    assert place_expr._key(name) == _plain_key(name)


@pytest.mark.parametrize("name", NAMES)
def test_plausible_forms_equal_the_two_lookups(name: str) -> None:
    plain = place_expr._name_forms_of(name) if place_expr._plausible(name) else ()
    assert place_expr._plausible_forms(name) == plain


def test_keys_of_governorates_found() -> None:
    found = {n for n in NAMES if place_expr._key(n) in place_expr.GOVERNORATE_KEYS}
    assert {"Deir ez-Zor", "Al-Raqqah", "Hama city", "Idlib province", "Homs"} <= found
    assert "Kafr Nabl town" not in found
