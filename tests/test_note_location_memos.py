"""Per-gazetteer memos of the note locator and the table path change no answer.

Each test reads the same notes with a memo switched off (on one gazetteer) and on (on
another, so that nothing remembered crosses over), every note twice so that the second
reading is answered from the memo. Every note is written for these tests.
"""

from __future__ import annotations

import pytest
from switch_cases import same_with_and_without

import mapper.notes as notes
import mapper.tables as tables
from gazetteer import Gazetteer
from gazetteer.embedded import load_embedded

#: Roads and areas in the governorates a note names, and the same road or area again
#: with other governorates, other directions, or none.
NOTES = [
    "Gunmen fired on a car on the Aleppo-Damascus highway in Idleb.",
    "A checkpoint on the Aleppo-Damascus highway in Hama was shelled.",
    "A bus was stopped on the Aleppo-Damascus highway in Idleb and Hama.",
    "A bus was stopped on the Aleppo-Damascus highway in Hama and Idleb.",
    "Regime forces shelled the Homs-Palmyra road near the T4 airbase in Homs.",
    "An IED hit a patrol on the Homs-Deir Ezzor highway in Deir ez-Zor province.",
    "IS cells ambushed a patrol in the Syrian desert in Rural Damascus.",
    "IS cells ambushed a patrol in the Syrian desert in Homs and Hama.",
    "IS cells ambushed a patrol in the Syrian desert.",
    "Shelling hit villages in the northern countryside of Hama.",
    "Shelling hit villages in the southern countryside of Hama.",
    "Clashes in the eastern countryside of Aleppo and in Ar-Raqqa.",
    "Clashes were reported across Rural Damascus.",
    "Airstrikes hit the Eastern Ghouta in Rural Damascus.",
    "A landmine exploded in the Homs desert in Homs governorate.",
    "Tension remains high in Saraqib in Idleb.",
    "Snipers exchanged fire in the Jabal al-Akrad area.",
    "Shelling hit a village of Menbij district and the Eastern Ghouta.",
    "Clashes took place near the road to Menbij, north of the Syrian capital.",
    "A car bomb exploded in the Capital; Shadadah sub-district was shelled.",
    "Protesters gathered in capitals of the region, near Menbij (Menbij District).",
    "Regime forces shelled Saraqib in Hama province.",
    "Regime forces shelled Saraqib and Kafr Nabl in Hama and Aleppo.",
    "Airstrikes hit the Homs desert in Rural Damascus and Deir ez-Zor.",
    "Clashes were reported in Khan Shaykhun in Hama.",
    "Clashes were reported in Khan Shaykhun in Homs.",
    "A landmine exploded in the Homs desert in Idleb.",
    "IS cells ambushed a patrol in the Syrian desert in Lattakia.",
    "IS cells ambushed a patrol in the Syrian desert in Homs.",
    "Gunmen fired on a car on the Aleppo-Damascus highway in Lattakia.",
]


def test_governorate_geometry_answers_remembered(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    same_with_and_without(
        monkeypatch, NOTES, lambda on: monkeypatch.setattr(notes, "_REMEMBER_GEOMETRY", on))


def test_property_values_are_the_properties() -> None:
    """A table's columns read property by property are those of the whole properties."""
    from mapper.extract import extract_incidents
    from mapper.schema import PROPERTY_NAMES, Incident

    gaz = Gazetteer.default()
    incidents = [i for text in NOTES for i in extract_incidents(text, gazetteer=gaz,
                                                                 note=True)]
    incidents.append(Incident(id="bare", source="<row>", source_span=(0, 0), text=""))
    assert any(i.location is None for i in incidents)
    assert any(i.location is not None for i in incidents)
    for inc in incidents:
        props = inc.properties()
        assert tuple(props) == PROPERTY_NAMES
        assert inc.property_values(PROPERTY_NAMES) == props
        assert tables._attributes(inc) == {k: props[k] for k in tables.LOCATION_COLUMNS}
        assert props["place"] == (inc.place.text if inc.place else None)
        assert props["latitude"] == (round(inc.location.point[1], 6) if inc.location
                                     else None)


def _with_districts() -> Gazetteer:
    """The embedded places and a made-up district and sub-district (named as such)."""
    from shapely.geometry import box

    from gazetteer.model import Place

    def area(pid: str, name: str, kind: str, gov: str, bounds: tuple) -> Place:
        return Place(place_id=pid, name=name, feature_type=kind, lat=bounds[1], lon=bounds[0],
                     names=(name,), governorate_pcode=gov, source="ocha", source_id=pid,
                     geometry=box(*bounds))

    return Gazetteer([*load_embedded(),
                      area("ocha:SY0205", "Menbij", "district", "SY02", (37.7, 36.3, 38.3, 36.8)),
                      area("ocha:SY080300", "Shadadah", "subdistrict", "SY08",
                           (40.6, 35.8, 41.0, 36.2))])


def test_what_a_mentions_places_say_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The governorates of the regions, districts and sub-districts a note names."""
    def contexts(on: bool) -> list[tuple]:
        monkeypatch.setattr(notes, "_REMEMBER_IDS", on)
        gaz = _with_districts()
        return [notes.note_context([], gaz.find_mentions(t), gaz, t) for t in NOTES + NOTES]

    plain, remembered = contexts(False), contexts(True)
    assert remembered == plain
    assert {"SY01", "SY02", "SY08"} <= {c for ctx in plain for c in ctx.named}
    same_with_and_without(
        monkeypatch, NOTES, lambda on: monkeypatch.setattr(notes, "_REMEMBER_IDS", on))


def test_the_capital_is_looked_for_where_the_word_is() -> None:
    """"the capital", searched only where the word is, is found where the plain pattern
    finds it."""
    texts = [*NOTES, "THE SYRIAN CAPITAL", "the capitaL", "the\ncapital", "thecapital",
             "the Syrian  capital", "the capitals", "the capİtal", "the capıtal"]
    found = 0
    for text in texts:
        plain = notes._CAPITAL_RE.pattern.search(text)
        guarded = notes._CAPITAL_RE.search(text)
        assert (guarded and guarded.span()) == (plain and plain.span()), text
        found += plain is not None
    assert found >= 3


def test_per_gazetteer_memos() -> None:
    """Each gazetteer its own memo, whichever was asked for last; forgotten with it;
    none for what cannot be weakly referenced."""
    import gc
    import weakref

    from mapper.locate_memo import PerGazetteer

    class Gaz:
        pass

    memos: PerGazetteer[dict] = PerGazetteer(dict)
    a, b = Gaz(), Gaz()
    memo_a = memos.of(a)
    assert memo_a is not None and memos.of(a) is memo_a
    memo_b = memos.of(b)
    assert memo_b is not None and memo_b is not memo_a
    assert memos.of(a) is memo_a and memos.of(b) is memo_b and memos.of(a) is memo_a
    memo_a["x"] = 1
    gone = weakref.ref(a)
    del a
    gc.collect()
    assert gone() is None and len(memos._memos) == 1
    assert memos.of(None) is None and memos.of(3) is None
    assert memos.of(Gaz()) == {}
