"""Derive ``gazetteer/data/regions.geojson``: the named regions reporters use, as polygons.

Conflict reports name regions that are neither towns, governorates nor desert zones: the
Eastern Ghouta, the Qalamoun, Wadi Barada, the Yarmouk Basin, the Lajat, Jabal al-Zawiya, the
Ghab plain … Each region here is defined **explicitly and reproducibly by its member towns**:

* a list of member towns (:data:`REGIONS`), each with the Who's On First id, the GeoNames id
  and the coordinates WOF publishes for it (``whosonfirst-data-admin-sy``, looked up by the
  project in the WOF export and written here; a town WOF does not have is left out);
* polygon = the **convex hull** of the member towns, buffered by a per-region margin
  (``buffer_km``, 3-5 km) in UTM zone 37N (EPSG:32637), clipped to the outline of Syria (the
  union of ``governorates.geojson``);
* the Euphrates valley is the exception: the Euphrates line of ``rivers.geojson`` (waypoint
  towns from ``derive_rivers.py``) from Al-Thawrah (Tabqa) down to the Iraqi border, buffered
  by :data:`EUPHRATES_VALLEY_KM`.

Towns are members because reports and the region's usual descriptions put them in it; a
town that sits *inside* a region polygon without being listed is still inside it. The
membership is the project's own judgement, not copied from any boundary or region dataset.
Where a town's membership was doubtful it was left out (see the comments).

Run from the repository root, after ``derive_governorates.py`` and ``derive_rivers.py``::

    .venv/bin/python gazetteer/tools/derive_regions.py
    .venv/bin/python gazetteer/tools/derive_regions.py --check-wof PATH/wof_sy_places_flat.tsv

``--check-wof`` compares every member's id and coordinates with a WOF flat export (read at
run time, nothing from it is written) and fails on a mismatch.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any, NamedTuple

import shapely
from pyproj import Transformer
from shapely.geometry import LineString, MultiPoint
from shapely.geometry.base import BaseGeometry

sys.path.insert(0, str(Path(__file__).resolve().parent))

import derive_rivers  # noqa: E402  (sibling tool module)
import derive_zones  # noqa: E402  (sibling tool module: shared geometry helpers)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "gazetteer" / "data"
DEFAULT_OUT = DATA / "regions.geojson"
#: UTM zone 37N, the metric CRS of the buffers.
METRIC_CRS = "EPSG:32637"
#: Half-width of the Euphrates valley strip around the river line, in km.
EUPHRATES_VALLEY_KM = 8.0
#: The Euphrates valley starts at this waypoint of ``derive_rivers.EUPHRATES`` (the dam).
EUPHRATES_VALLEY_FROM = "Al-Thawrah (Tabqa)"


class Member(NamedTuple):
    """A member town: a usual English name, WOF id, GeoNames id, WOF latitude and longitude."""

    name: str
    wof_id: int
    geonames_id: int | None
    lat: float
    lon: float


class Region(NamedTuple):
    """A region: slug, names, buffer margin in km and member towns."""

    slug: str
    name: str
    name_ar: str
    aliases: tuple[str, ...]
    buffer_km: float
    members: tuple[Member, ...]


M = Member

# --- Damascus countryside -------------------------------------------------------------------

#: The Eastern Ghouta: the farmland and towns east of Damascus, from Douma and Harasta to the
#: Marj (Nashabiyah, Utaybah) and south to Deir al-Asafir. Jobar (a Damascus neighbourhood,
#: not in WOF) is left out.
EASTERN_GHOUTA = (
    M("Douma", 890442375, 170592, 33.57175, 36.40270),
    M("Harasta", 1125968475, 169897, 33.55869, 36.36515),
    M("Arbin", 1125967573, 169372, 33.53719, 36.36635),
    M("Zamalka", 1344252549, 162547, 33.52610, 36.35385),
    M("Ein Tarma", 1326926237, 172105, 33.51474, 36.35107),
    M("Kafr Batna", 1293086675, 168713, 33.51168, 36.37273),
    M("Saqba", 1242774685, 164828, 33.51893, 36.38310),
    M("Hammouriyeh", 1259402551, 169958, 33.52777, 36.38582),
    M("Jisreen", 1259674379, 169020, 33.51049, 36.38865),
    M("Misraba", 1293769411, 173460, 33.55027, 36.39659),
    M("Mudayra", 1293375559, 12851, 33.54539, 36.38615),
    M("Aftris", 1326827047, 174179, 33.51782, 36.40237),
    M("Al-Muhammadiyah", 1343284265, 173440, 33.51098, 36.42466),
    M("Al-Rayhan", 1292896731, 172942, 33.57429, 36.44305),
    M("Otaya", 1277096297, 162767, 33.52405, 36.45619),
    M("Al-Nashabiyah", 1343747555, 173178, 33.51051, 36.48569),
    M("Hazrama", 1210036339, 169626, 33.51718, 36.48874),
    M("Mayda'a", 1310521519, 167022, 33.56177, 36.52501),
    M("Deir al-Asafir", 1209535859, 170817, 33.46585, 36.42044),
    M("Bala", 1193003817, 171912, 33.48940, 36.42129),  # GeoNames "Bala al Qadimah"
    M("Marj al-Sultan", 1243064841, 167233, 33.49326, 36.46932),
    M("Deir Salman", 1327353643, 170770, 33.48024, 36.49997),
    M("Harran al-Awamid", 1209091825, 169843, 33.44885, 36.56001),
    M("Al-Utaybah", 1260001925, 162764, 33.48506, 36.60860),  # eastern edge, the marshes
)

#: The Western Ghouta: the towns south-west of Damascus, Darayya and Moadamiyeh to Qatana,
#: Khan al-Shih and Kanaker (the 2016 "Western Ghouta" pocket). Beit Jinn is Mount Hermon.
WESTERN_GHOUTA = (
    M("Darayya", 890449861, 170892, 33.45834, 36.23256),
    M("Moadamiyeh", 1326527149, 166833, 33.46466, 36.20175),
    M("Sahnaya", 1226065015, 164994, 33.42531, 36.22552),
    M("Ashrafiyat Sahnaya", 1309825771, 172840, 33.43335, 36.24284),
    M("Jdeidat Artouz", 1360307761, 168890, 33.43998, 36.15956),
    M("Artouz", 1209810961, 172894, 33.41896, 36.14634),
    M("Qatana", 1125964903, 165929, 33.43646, 36.07757),
    M("Kawkab", 1209600731, 11262042, 33.40266, 36.16418),
    M("Khan al-Shih", 1310586815, 168353, 33.36940, 36.10857),
    M("Deir Khabiyah", 1326921053, 170778, 33.36403, 36.15975),
    M("Zakiyah", 1226643033, 162560, 33.33406, 36.15880),
    M("Al-Muqaylibah", 1343380907, 173424, 33.35231, 36.20549),
    M("Kanaker", 1293409783, 168579, 33.26664, 36.09625),
)

#: Wadi Barada: the villages of the Barada valley north-west of Damascus, from the Ain
#: al-Fijah spring down to Souq Wadi Barada. Burhaliya is not in WOF.
WADI_BARADA = (
    M("Ain al-Fijah", 1343747329, 172232, 33.61529, 36.18285),
    M("Deir Moqren", 1343546791, 12861, 33.61672, 36.15572),
    M("Kafr al-Zayt", 1310002837, 168716, 33.61151, 36.14056),  # WOF "Kufayr az Zayt"
    M("Deir Qanun", 1209701269, 170773, 33.60401, 36.13583),
    M("Souq Wadi Barada", 1259774133, 163917, 33.62504, 36.10816),
    M("Basimah", 1326650147, 171707, 33.60401, 36.19786),
    M("Ain al-Khadra", 1276977025, 168436, 33.60618, 36.19197),
    M("Husseiniyeh", 1310002691, 173761, 33.60982, 36.12188),
    M("Kafr al-Awamid", 1310290525, 168736, 33.61936, 36.11838),
)

#: Western Qalamoun: the mountain towns along the Lebanese border (the "Jroud" lie between
#: them and the border), from Rankous and Assal al-Ward north to Qara and Jarajir.
WESTERN_QALAMOUN = (
    M("Qara", 421167017, 166111, 34.15270, 36.74152),
    M("Jarajir", 1343446427, 169175, 34.08575, 36.66230),
    M("Flita", 1276426569, 170476, 34.03050, 36.58409),  # WOF "Al Mashrafah" / فليطة
    M("Ras al-Maarra", 1360070853, 167614, 33.99962, 36.55815),
    M("Al-Sahel", 1276571249, 172492, 34.03047, 36.64439),
    M("Yabroud", 1125962359, 162627, 33.96736, 36.65741),
    M("Al-Jubbah", 1293779603, 168996, 33.90824, 36.47913),
    M("Assal al-Ward", 1343581233, 172487, 33.86453, 36.41390),
    M("Bakhaa", 1243360393, 171924, 33.88495, 36.56445),  # WOF "As Sarkhah" / بخعة
    M("Maaloula", 890442551, 167375, 33.84420, 36.54689),
    M("Ain al-Tineh", 1226265071, 172160, 33.81656, 36.55884),
    M("Hosh Arab", 1209611947, 169706, 33.81464, 36.44606),
    M("Rankous", 1226262779, 165533, 33.75623, 36.38830),
)

#: Eastern Qalamoun: the desert-edge towns under the eastern Qalamoun range (the 2018
#: evacuation deal: Al-Ruhaybah, Jayrud, Al-Nasiriyah, Al-Atnah), with Al-Dumayr, Al-Qutayfah
#: and Mu'addamiyat al-Qalamoun. An-Nasiriyah is GeoNames 173176 (the other WOF record of the
#: name, GeoNames 8308752, is a farm 4 km east).
EASTERN_QALAMOUN = (
    M("Al-Ruhaybah", 1243064809, 172922, 33.74424, 36.70394),
    M("Jayrud", 1125967165, 169113, 33.80740, 36.74036),
    M("Al-Nasiriyah", 1360170397, 173176, 33.87142, 36.81350),
    M("Al-Atnah", 1276867513, 174031, 33.84759, 36.76635),
    M("Al-Dumayr", 1309991387, 170589, 33.64389, 36.69376),
    M("Al-Qutayfah", 1125978395, 173312, 33.73848, 36.60071),
    M("Mu'addamiyat al-Qalamoun", 1276964807, 173452, 33.74154, 36.64220),
)

#: The plateau towns between the two ranges (part of "the Qalamoun", not of either side).
CENTRAL_QALAMOUN = (
    M("An-Nabk", 1125978283, 173193, 34.02547, 36.72837),
    M("Deir Atiyah", 1344142507, 170797, 34.09541, 36.76791),
    M("Al-Qastal", 1259468513, 173353, 33.92522, 36.69664),
    M("Saydnaya", 1343681951, 164717, 33.69473, 36.37146),
)

#: Mount Hermon (Jabal al-Sheikh): the villages on its Syrian slopes (the Beit Jinn pocket)
#: and Hadar on the Quneitra side.
MOUNT_HERMON = (
    M("Beit Jinn", 1209434837, 171564, 33.31376, 35.87972),
    M("Mazraat Beit Jinn", 1242597755, 166946, 33.32836, 35.92144),
    M("Arneh", 1209200243, 172983, 33.36569, 35.87761),
    M("Hineh", 1293679851, 169573, 33.35187, 35.94196),
    M("Kafr Hawar", 1209096871, 168691, 33.36316, 35.98138),
    M("Rimah", 1226233065, 165308, 33.38578, 35.90093),
    M("Darbul", 1209938783, 170876, 33.35486, 35.91034),
    M("Bqaasim", 1292996125, 171309, 33.40574, 35.93907),
    M("Ain al-Shaara", 1243474393, 172176, 33.37540, 35.93269),
    M("Qalaat Jandal", 1243439947, 166196, 33.42242, 35.96167),
    M("Beit Tima", 1259503505, 171571, 33.36752, 35.99700),
    M("Beit Saber", 1343943431, 171537, 33.32676, 35.99957),
    M("Mughr al-Mir", 1209412327, 166772, 33.30947, 35.96664),
    M("Harfa", 1360005775, 169876, 33.26770, 35.91158),
    M("Hadar", 1293495113, 170150, 33.28098, 35.83043),
)

# --- Hauran ---------------------------------------------------------------------------------

#: The Yarmouk Basin (Yarmouk Valley) in south-western Daraa: the villages between the
#: Yarmouk gorge, the Golan line and Tasil / Sheikh Saad (the 2016-2018 Jaish Khalid pocket).
#: "Ain Dhakar" is GeoNames' "Ayn Dhakrah" (عين دكرة), just north of Nafia.
YARMOUK_BASIN = (
    M("Jamla", 1259872141, 173718, 32.80591, 35.85137),
    M("Saham al-Golan", 1293485169, 165020, 32.78258, 35.93544),
    M("Al-Shajara", 1259505573, 172829, 32.77411, 35.88202),
    M("Abdin", 1310103309, 174633, 32.77992, 35.82461),
    M("Nafia", 1310497215, 166464, 32.80954, 35.89491),
    M("Beit Ara", 1343553931, 171597, 32.75866, 35.84364),
    M("Tasil", 1293684473, 163330, 32.83395, 35.96973),
    M("Adwan", 1326852499, 174197, 32.82119, 35.99506),
    M("Ain Dhakar", 1310494109, 172143, 32.85778, 35.91056),
    M("Kuya", 1242775343, 173579, 32.74616, 35.81119),
    M("Maarriyah", 1310699387, 1730, 32.76883, 35.79176),
    M("Jillin", 1209312103, 169225, 32.75419, 35.98964),
    M("Heet", 1344149411, 169653, 32.75120, 35.91070),
    M("Al-Qusayr", 1226537677, 173323, 32.74225, 35.88219),
    M("Sheikh Saad", 1343684051, 172591, 32.83641, 36.03591),
)

#: The Lajat (Leja) basalt plateau between Daraa and As-Suwayda: villages on it and on its
#: edges. Left out as unsure: Al-Shiyah, Aqraba (not found in WOF), Hazm, Shahba, Izra.
LAJAT = (
    M("Al-Mismiyah", 1243164647, 173462, 33.12902, 36.39402),  # northern edge, M5
    M("Khalkhalah", 1344261597, 168391, 33.06733, 36.53191),  # north-eastern edge
    M("Dhakir", 1326552797, 170720, 33.04539, 36.54980),  # eastern edge (Sweida)
    M("Dama", 1343963063, 170930, 32.95391, 36.42896),  # on the plateau (Sweida)
    M("Jadal", 1242965913, 169294, 32.97174, 36.36207),  # on the plateau (Daraa)
    M("Sur al-Laja", 1292927957, 163916, 32.95678, 36.30044),  # western edge
    M("Al-Najih", 1193013409, 173189, 32.93133, 36.24920),  # western edge
    M("Shaqra", 1344078919, 164474, 32.90691, 36.23750),  # south-western edge
    M("Busr al-Harir", 1193129627, 171127, 32.84456, 36.34077),  # southern gateway
    M("Harran", 1226142077, 169847, 32.88798, 36.38265),  # southern edge (Sweida)
)

# --- Idlib, Latakia, Hama, Homs -------------------------------------------------------------

#: Jabal al-Zawiya (Jabal Riha) in southern Idlib, Kafr Nabl to Ihsim and Al-Ruwayha.
#: Al-Hamamiyat (northern Hama, not on the massif) is left out.
JABAL_AL_ZAWIYA = (
    M("Kafr Nabl", 890449847, 168661, 35.61376, 36.56449),
    M("Ihsim", 1360272443, 174144, 35.72078, 36.55631),
    M("Al-Bara", 1343945057, 173999, 35.68599, 36.54239),
    M("Kansafra", 1226826293, 168572, 35.65935, 36.48547),
    M("Marayan", 1209592771, 167025, 35.74032, 36.56406),
    M("Balyun", 1209301579, 171857, 35.69568, 36.50841),
    M("Al-Ruwayha", 1276206591, 165178, 35.74062, 36.69412),
    M("Sirjah", 1226736869, 164796, 35.75675, 36.62734),
    M("Ibdita", 1293469979, 169403, 35.71941, 36.54163),
    M("Mozra", 1242664547, 4557, 35.65809, 36.43811),
    M("Al-Fattira", 1192998391, 173896, 35.61000, 36.48560),
    M("Ablin", 1259459989, 174626, 35.71345, 36.52933),
    M("Kafr Uwayd", 1260158073, 168624, 35.63106, 36.45987),
    M("Shinan", 1226730009, 164259, 35.73622, 36.61326),
    M("Deir Sunbul", 1326507377, 170760, 35.69787, 36.60343),
    M("Mashun", 1293477049, 171865, 35.72637, 36.53686),
    M("Fulayfil", 1343835271, 170361, 35.58897, 36.45548),
)

#: Jabal al-Akrad (the Kurds' mountain) in north-eastern Latakia, Salma to Kabani.
JABAL_AL_AKRAD = (
    M("Salma", 1209327423, 164907, 35.68900, 36.13695),
    M("Kinsabba", 1225952837, 167863, 35.74410, 36.16400),
    M("Kabani", 1360187957, 168467, 35.71743, 36.23272),
    M("Duwirka", 1309914695, 170520, 35.70616, 36.15901),
    M("Marj Khawkha", 1242887011, 167229, 35.69406, 36.14957),
    M("Kafr Dulbah", 1293490715, 168699, 35.67017, 36.15911),
    M("Durin", 1327147549, 170566, 35.67276, 36.13729),
    M("Tartiyah", 1293107507, 163346, 35.68402, 36.16331),
    M("Ikko", 1210025111, 169383, 35.71098, 36.21786),
    M("Jubb al-Ahmar", 1360097807, 168991, 35.67473, 36.23531),
)

#: Jabal al-Turkman (Bayırbucak) in northern Latakia. Left out: Ghamam (reported both in
#: Jabal al-Turkman and Jabal al-Akrad), Kessab (Armenian), and Al-Yamadiyah (wof:1293013403),
#: whose WOF point lies on the Turkish border, outside the Natural Earth outline of Syria.
JABAL_AL_TURKMAN = (
    M("Rabia", 1209618543, 167880, 35.78656, 36.03825),
    M("Beit Awan", 1259586391, 171583, 35.76433, 35.98045),
    M("Qastal Maaf", 1259792557, 165940, 35.82439, 35.95193),
    M("Zinzuf", 1309909233, 162422, 35.80690, 35.94155),
    M("Toubaqli", 1310108865, 163176, 35.87139, 35.91540),  # Turkmen "Tobaklı"
)

#: The Ghab plain (Sahl al-Ghab) of the Orontes, Qalaat al-Madiq to Qarqur. Jurin, Mirdash
#: (on the western slopes) and Al-Suqaylabiyah (a city at the southern end) are left out.
GHAB = (
    M("Qalaat al-Madiq", 1276435799, 166227, 35.41465, 36.39085),
    M("Bab al-Taqah", 1210005839, 11556246, 35.44831, 36.38255),
    M("Al-Shariah", 1259477051, 172813, 35.44492, 36.35100),
    M("Qabr Fiddah", 1259371943, 11556296, 35.48716, 36.32118),
    M("Al-Huwayz", 1293877311, 173752, 35.49974, 36.35772),
    M("Al-Huwayjah", 1327023659, 173757, 35.51887, 36.36666),
    M("Al-Huwash", 1327023859, 173800, 35.54949, 36.37953),
    M("Al-Amqiyah", 1226426255, 174065, 35.57299, 36.38226),
    M("Al-Ankawi", 1293281411, 174059, 35.59539, 36.38626),
    M("Al-Mansurah", 1225840371, 11556242, 35.65009, 36.35101),
    M("Tal Wasit", 1309989817, 11556256, 35.66316, 36.34349),
    M("Qastun", 1276968261, 165934, 35.68426, 36.38391),
    M("Al-Ziyarah", 1209198155, 172027, 35.68482, 36.33867),
    M("Al-Bahsah", 1242867925, 11556221, 35.68024, 36.27589),
    M("Al-Sirmaniyah", 1259572119, 164077, 35.72247, 36.27806),
    M("Qarqur", 1259874917, 166028, 35.74313, 36.32109),
)

#: The Houla plain north-west of Homs: Kafr Laha (the town the gazetteer calls Al-Houla),
#: Taldou, Tal Dahab, Al-Taybah al-Gharbiyah, Burj Qai.
HOULA = (
    M("Kafr Laha", 890435593, 168668, 34.89469, 36.49582),
    M("Taldou", 1226120725, 163596, 34.87632, 36.52400),
    M("Tal Dahab", 1293677227, 163594, 34.91136, 36.49280),
    M("Al-Taybah al-Gharbiyah", 1259664901, 172328, 34.87625, 36.46634),
    M("Burj Qai", 1360063419, 11432488, 34.88229, 36.57674),
)

#: The northern Homs countryside pocket (2012-2018): Al-Rastan, Talbiseh and the villages
#: south to Dar al-Kabirah, plus the Houla.
RASTAN_POCKET = (
    M("Al-Rastan", 421178433, 172946, 34.92653, 36.73238),
    M("Talbiseh", 421178429, 163779, 34.84063, 36.73093),
    M("Al-Ghantu", 1259860739, 173311, 34.82202, 36.69613),
    M("Tir Maalah", 1242756089, 163285, 34.80246, 36.70760),
    M("Dar al-Kabirah", 1310579387, 174253, 34.78775, 36.68100),
    M("Umm Sharshuh", 1327221953, 162840, 34.87573, 36.68765),
    *HOULA,
)

REGIONS: tuple[Region, ...] = (
    Region("eastern-ghouta", "Eastern Ghouta", "الغوطة الشرقية", (
        "East Ghouta", "Eastern Ghota", "East Ghota", "Eastern Guta", "Eastern Ghuta",
        "Eastern Al-Ghouta", "Ghouta", "the Ghouta", "Ghota", "Ghuta", "Damascus Ghouta",
        "Eastern Ghouta of Damascus", "Ghouta al-Sharqiya", "Ghouta al-Sharqiyah",
        "Al-Ghouta al-Sharqiya", "Al-Ghouta al-Sharqiyah", "al-Ghuta al-Sharqiya",
        "الغوطة", "غوطة دمشق", "غوطة دمشق الشرقية",
    ), 3.0, EASTERN_GHOUTA),
    Region("western-ghouta", "Western Ghouta", "الغوطة الغربية", (
        "West Ghouta", "Western Ghota", "West Ghota", "Western Ghuta", "Western Al-Ghouta",
        "Ghouta al-Gharbiya", "Al-Ghouta al-Gharbiya", "Al-Ghouta al-Gharbiyah",
        "غوطة دمشق الغربية",
    ), 3.0, WESTERN_GHOUTA),
    Region("wadi-barada", "Wadi Barada", "وادي بردى", (
        "Wadi Barada valley", "Barada valley", "Barada Valley", "Wadi Barada region",
        "Wadi Baradah", "Wadi Barda", "Wadi Bardah", "وادي بردا", "منطقة وادي بردى",
    ), 3.0, WADI_BARADA),
    Region("qalamoun", "Qalamoun", "القلمون", (
        "Qalamoun mountains", "Qalamoun region", "Qalamoon", "Qalamon", "Qalamun",
        "Al-Qalamoun", "al-Qalamun", "Kalamoun", "Kalamun", "Qalamoun area",
        "جبال القلمون", "منطقة القلمون",
    ), 5.0, WESTERN_QALAMOUN + CENTRAL_QALAMOUN + EASTERN_QALAMOUN),
    Region("eastern-qalamoun", "Eastern Qalamoun", "القلمون الشرقي", (
        "East Qalamoun", "Eastern Qalamoon", "East Qalamoon", "Eastern Qalamon",
        "Eastern Qalamun", "Eastern Kalamoun", "eastern Qalamoun mountains",
        "Qalamoun al-Sharqi", "القلمون الشرقية", "جبال القلمون الشرقي",
    ), 5.0, EASTERN_QALAMOUN),
    Region("western-qalamoun", "Western Qalamoun", "القلمون الغربي", (
        "West Qalamoun", "Western Qalamoon", "West Qalamoon", "Western Qalamun",
        "Western Kalamoun", "western Qalamoun mountains", "Jroud al-Qalamoun",
        "Jurud al-Qalamoun", "Jaroud al-Qalamoun", "Qalamoun barrens", "Qalamoun highlands",
        "جرود القلمون", "جرود القلمون الغربي", "القلمون الغربية",
    ), 5.0, WESTERN_QALAMOUN),
    Region("mount-hermon", "Mount Hermon", "جبل الشيخ", (
        "Hermon", "Mt Hermon", "Mt. Hermon", "Jabal al-Sheikh", "Jabal al-Shaykh",
        "Jabal ash-Shaykh", "Jabal ash Shaykh", "Jebel el-Sheikh", "Jabal el-Sheikh",
        "Jabal Sheikh", "Beit Jinn pocket", "Hermon mountain", "Mount Hermon area",
        "حرمون", "جبل حرمون", "منطقة جبل الشيخ",
    ), 4.0, MOUNT_HERMON),
    Region("yarmouk-basin", "Yarmouk Basin", "حوض اليرموك", (
        "Yarmouk Valley", "Yarmouk valley", "Yarmuk Basin", "Yarmuk Valley", "Yarmouk basin",
        "Yarmouk River valley", "Yarmouk River basin", "Hawd al-Yarmouk", "Wadi al-Yarmouk",
        "Yarmouk Basin area", "وادي اليرموك", "منطقة حوض اليرموك",
    ), 4.0, YARMOUK_BASIN),
    Region("lajat", "Lajat", "اللجاة", (
        "Leja", "Lejah", "Laja", "Lajah", "Al-Lajat", "al-Laja", "El-Leja", "Lija",
        "Lajat plateau", "Lajat area", "Lajat region", "اللجا", "منطقة اللجاة", "لجاة",
    ), 4.0, LAJAT),
    Region("jabal-al-zawiya", "Jabal al-Zawiya", "جبل الزاوية", (
        "Jabal Zawiya", "Jabal al-Zawiyah", "Jabal az-Zawiya", "Jabal Al Zawiya",
        "Jebel Zawiya", "Jebel al-Zawiya", "Jabal el-Zawiya", "Zawiya mountain",
        "Jabal Zawiyeh", "Jabal Riha", "Jebel Riha", "جبل الزاوية الجنوبي", "جبل اريحا",
    ), 4.0, JABAL_AL_ZAWIYA),
    Region("jabal-al-akrad", "Jabal al-Akrad", "جبل الأكراد", (
        "Jabal Akrad", "Jebel Akrad", "Jebel al-Akrad", "Jabal al-Akrad mountains",
        "Kurd Mountain", "Kurds Mountain", "Kurds' Mountain", "Kurdish Mountain",
        "Jabal al Akrad", "جبل الاكراد", "جبل الكرد",
    ), 5.0, JABAL_AL_AKRAD),
    Region("jabal-al-turkman", "Jabal al-Turkman", "جبل التركمان", (
        "Jabal Turkman", "Jabal al-Turkmen", "Jebel Turkman", "Jebel al-Turkman",
        "Turkmen Mountain", "Turkman Mountain", "Turkmen Mountains", "Bayirbucak",
        "Bayırbucak", "Jabal al Turkman", "جبل التركمان السوري",
    ), 5.0, JABAL_AL_TURKMAN),
    Region("ghab", "Ghab plain", "سهل الغاب", (
        "Ghab", "Al-Ghab", "the Ghab", "Sahl al-Ghab", "Sahl al Ghab", "Ghab Plain",
        "Ghab valley", "al-Ghab plain", "Ghab region", "الغاب", "منطقة سهل الغاب",
    ), 4.0, GHAB),
    Region("houla", "Houla plain", "سهل الحولة", (
        "Houla region", "Houla area", "Al-Houla region", "Al-Houla area", "Al-Houla plain",
        "Hula plain", "Hula region", "منطقة الحولة",
    ), 3.0, HOULA),
    Region("northern-homs-countryside", "Northern Homs countryside", "ريف حمص الشمالي", (
        "northern countryside of Homs", "north Homs countryside", "Homs northern countryside",
        "northern rural Homs", "northern Homs pocket", "Rastan pocket", "Al-Rastan pocket",
        "Rastan-Talbiseh pocket", "Talbiseh-Rastan pocket", "Homs northern pocket",
        "ريف حمص الشمالي المحاصر", "جيب الرستن",
    ), 4.0, RASTAN_POCKET),
)

EUPHRATES_VALLEY_NAMES = (
    "Euphrates valley", "وادي الفرات", (
        "Euphrates River valley", "Euphrates River Valley", "Middle Euphrates River Valley",
        "Middle Euphrates valley", "MERV", "Euphrates basin", "Furat valley",
        "Wadi al-Furat", "the Euphrates valley", "حوض الفرات", "وادي الفرات الأوسط",
    ),
)


def _transformers() -> tuple[Transformer, Transformer]:
    return (Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True),
            Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True))


def buffered_km(geom: BaseGeometry, km: float) -> BaseGeometry:
    """``geom`` (lon/lat) buffered by ``km`` kilometres in UTM 37N, back in lon/lat."""
    to_m, to_deg = _transformers()
    metric = shapely.transform(geom, lambda x, y: to_m.transform(x, y), interleaved=False)
    grown = metric.buffer(km * 1000.0, quad_segs=16)
    return shapely.transform(grown, lambda x, y: to_deg.transform(x, y), interleaved=False)


def area_km2(geom: BaseGeometry) -> float:
    """Area of a lon/lat geometry in km² (measured in UTM 37N)."""
    to_m, _ = _transformers()
    metric = shapely.transform(geom, lambda x, y: to_m.transform(x, y), interleaved=False)
    return metric.area / 1e6


def hull_polygon(members: tuple[Member, ...], km: float) -> BaseGeometry:
    """Convex hull of the members' positions, buffered by ``km``."""
    hull = MultiPoint([(m.lon, m.lat) for m in members]).convex_hull
    return buffered_km(hull, km)


def euphrates_valley_line() -> tuple[LineString, list[derive_rivers.Waypoint]]:
    """The Euphrates line from :data:`EUPHRATES_VALLEY_FROM` to the Iraqi border."""
    names = [w.name for w in derive_rivers.EUPHRATES]
    points = list(derive_rivers.EUPHRATES[names.index(EUPHRATES_VALLEY_FROM):])
    return LineString([(w.lon, w.lat) for w in points]), points


def _unique_members(members: tuple[Member, ...]) -> tuple[Member, ...]:
    seen: set[int] = set()
    out = []
    for m in members:
        if m.wof_id not in seen:
            seen.add(m.wof_id)
            out.append(m)
    return tuple(out)


def build_features(governorates: dict[str, BaseGeometry]) -> list[dict[str, Any]]:
    """Build the region features (properties and finished geometry)."""
    syria = shapely.union_all(list(governorates.values()))
    features: list[dict[str, Any]] = []

    def add(slug: str, name: str, name_ar: str, aliases: tuple[str, ...], geom: BaseGeometry,
            definition: str, members: list[str], lonlat: list[list[float]]) -> None:
        geom = derive_zones.finish(geom.intersection(syria))
        if geom.is_empty or not geom.is_valid:
            raise ValueError(f"region {slug}: empty or invalid geometry")
        props = {
            "place_id": f"region:{slug}",
            "name": name,
            "name_ar": name_ar,
            "aliases": list(dict.fromkeys([name, *aliases, name_ar])),
            "governorate_pcodes": derive_zones.covered_pcodes(geom, governorates),
            "kind": "region",
            "definition": definition,
            "area_km2": round(area_km2(geom), 1),
            "members": members,
            "members_lonlat": lonlat,
        }
        features.append({"properties": props, "geometry": geom})

    for region in REGIONS:
        members = _unique_members(region.members)
        add(region.slug, region.name, region.name_ar, region.aliases,
            hull_polygon(members, region.buffer_km),
            f"Convex hull of {len(members)} member towns (listed in "
            f"gazetteer/tools/derive_regions.py) buffered by {region.buffer_km:g} km, "
            "clipped to Syria.",
            [f"wof:{m.wof_id}" for m in members],
            [[m.lon, m.lat] for m in members])

    line, points = euphrates_valley_line()
    name, name_ar, aliases = EUPHRATES_VALLEY_NAMES
    add("euphrates-valley", name, name_ar, aliases, buffered_km(line, EUPHRATES_VALLEY_KM),
        f"The Euphrates line through {len(points)} riverside towns from Al-Thawrah (Tabqa) "
        f"to the Iraqi border (gazetteer/tools/derive_rivers.py) buffered by "
        f"{EUPHRATES_VALLEY_KM:g} km, clipped to Syria.",
        [w.source_id.split()[-1] for w in points],
        [[w.lon, w.lat] for w in points])
    return features


def check_wof(path: Path) -> list[str]:
    """Compare every member with a WOF flat export; return the mismatches."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = {r["wof_id"]: r for r in csv.DictReader(fh, delimiter="\t")}
    problems = []
    for region in REGIONS:
        for m in region.members:
            row = rows.get(str(m.wof_id))
            if row is None:
                problems.append(f"{region.slug}: {m.name}: wof:{m.wof_id} not in {path.name}")
                continue
            if abs(float(row["lat"]) - m.lat) > 1e-4 or abs(float(row["lon"]) - m.lon) > 1e-4:
                problems.append(f"{region.slug}: {m.name}: coordinates differ from WOF "
                                f"({row['lat']}, {row['lon']})")
            gid = row.get("geonameid") or None
            if m.geonames_id is not None and gid and int(gid) != m.geonames_id:
                problems.append(f"{region.slug}: {m.name}: GeoNames id {gid} in WOF")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--governorates", type=Path, default=DATA / "governorates.geojson")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check-wof", type=Path, default=None, metavar="TSV",
                        help="check member ids and coordinates against a WOF flat export")
    args = parser.parse_args(argv)
    if args.check_wof is not None:
        problems = check_wof(args.check_wof)
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            return 1
        print(f"all members match {args.check_wof}")
    features = build_features(derive_zones.read_governorates(args.governorates))
    derive_zones.write_features(features, args.output)
    for f in features:
        p = f["properties"]
        print(f"{p['place_id']:40s} {len(p['members']):3d} members {p['area_km2']:8.1f} km² "
              f"{','.join(p['governorate_pcodes'])}")
    print(f"wrote {len(features)} regions to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
