"""The analyst's reading of the two real SOHR sample reports (../shared/samples/README.md).

The samples are read at run time from ../shared and never copied into the project.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from mapper.extract import extract_incidents

pytestmark = pytest.mark.shared

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
R000 = "000_e7e41c1a3d56418d.txt"
R003 = "003_1ba82f4fc9f3d22e.txt"


def _read(name: str) -> str:
    path = SAMPLES / name
    if not path.is_file():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"sample report missing: {path}")
        pytest.skip(f"sample report missing: {path}")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def r000() -> list:
    return extract_incidents(_read(R000), source=R000)


@pytest.fixture(scope="module")
def r003() -> list:
    return extract_incidents(_read(R003), source=R003)


def test_30_december_attack_on_the_highway(r000: list) -> None:
    (inc,) = [i for i in r000 if i.date == "2020-12-30"]
    assert inc.record_type == "event" and inc.fatalities == 39
    assert inc.victims == {"regime forces": 39}
    assert inc.place.kind == "corridor"
    assert inc.place.names == ["Homs", "Deir Ezzor"]


def test_16_january_campaign_is_a_segment(r000: list) -> None:
    (inc,) = [i for i in r000 if i.date == "2021-01-16"]
    assert inc.place.kind == "segment"
    assert inc.place.names == ["Kabajeb", "Al-Shawla", "Al-Sukhnah"]
    assert inc.event_type == "Strategic developments"
    assert "Russian forces" in inc.actors


def test_month_totals(r000: list) -> None:
    tallies = [i for i in r000 if i.record_type == "tally"]
    (regime,) = [t for t in tallies if t.fatalities == 153]
    assert regime.date == "2020-12-29" and regime.place.kind == "zone"
    # the README's reading: the triangle and the Homs and Deir Ezzor deserts
    assert regime.place.names == ["Aleppo-Hama-Al-Raqqah triangle", "Homs desert",
                                  "Deir Ezzor desert"]
    assert any(t.fatalities == 70 and t.count == 5 for t in tallies)
    (isis,) = [t for t in tallies if t.fatalities == 81]
    assert isis.victims == {"ISIS": 81}
    (air,) = [t for t in tallies if t.count == 1100]
    assert air.sub_event_type == "Air/drone strike"


def test_sdf_areas_total(r000: list) -> None:
    (t,) = [i for i in r000 if i.count == 51]
    assert t.record_type == "tally" and t.place.kind == "governorates"
    assert t.place.names == ["Deir Ezzor", "Al-Hasakah", "Aleppo", "Al-Raqqah"]
    assert t.fatalities == 34 and t.victims == {"civilians": 16, "SDF": 18}
    assert t.injured == 23
    assert t.date == "2021-01"


def test_no_incident_from_background_mentions(r000: list) -> None:
    for words in ("Kobane", "Afrin", "Euphrates", "Security Council", "abductees"):
        assert not [i for i in r000 if words in i.text], words
    assert len(r000) == 7


def test_august_airstrikes_and_attacks(r003: list) -> None:
    (air,) = [i for i in r003 if i.count == 30]
    assert air.sub_event_type == "Air/drone strike" and air.fatalities == 0
    (total,) = [i for i in r003 if i.count == 9]
    assert total.fatalities == 21 and total.record_type == "tally"
    assert total.date == "--08"


def test_august_zone_breakdown_and_warning(r003: list) -> None:
    zones = [i for i in r003 if i.place and i.place.text.endswith("desert")
             and i.place.text != "the Syrian desert"]
    got = {i.place.names[0]: (i.count, i.fatalities) for i in zones}
    assert got == {"Deir Ezzor desert": (4, 7), "Homs desert": (4, 14),
                   "Al-Raqqah desert": (4, 0)}
    (total,) = [i for i in r003 if i.count == 9]
    msg = "zone breakdown counts 12 operations but the total says 9"
    assert msg in total.warnings and all(msg in z.warnings for z in zones)
    assert [z.victims for z in zones if z.fatalities == 7] == [{"Iranian-backed militias": 2}]


def test_august_with_a_report_date() -> None:
    incs = extract_incidents(_read(R003), report_date=date(2021, 8, 31))
    assert {i.date for i in incs} == {"2021-08"}
    assert not any("year unknown" in w for i in incs for w in i.warnings)
