"""Build data/events.geojson, the curated default dataset, from the records below.

Each record is a fact curated by hand from the five seed articles (see
docs/DATASET.md for the method and every judgement call). Notes are our own
words. Geometry comes from the gazetteer/geocoder by the ``place`` name so
that areas and border stretches are derived from the basemap, not drawn by
hand. Run: ``.venv/bin/python scripts/build_dataset.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from geo.geocode import area_geometry, geocode
from geo.paths import DEFAULT_EVENTS

SD, BAT, EXP, RIOT = (
    "Strategic developments",
    "Battles",
    "Explosions/Remote violence",
    "Riots",
)
S000, S001, S002, S003, S004 = (
    "src-000-antonov",
    "src-001-southfront",
    "src-002-goble",
    "src-003-ezz",
    "src-004-khaama",
)

# (event_id, kind, event_type, sub_event_type, date_start, date_end, time_precision,
#  place (geocoder query), location as reported, geo_precision, figures, actors, sources, notes)
RECORDS: list[dict[str, Any]] = [
    # --- seed 000: Antonov / TASS, early 2015 -------------------------------------------
    dict(id="BM-2015-001", kind="context", type=SD, sub="Other",
         dates=("2015-03-05", "2015-04-30", 3), place="Moscow", location="TASS press centre, Moscow",
         geo=2, claimed_by="Russian Defence Ministry (Deputy Defence Minister Anatoly Antonov)",
         actor1="Russian Defence Ministry", src=[(S000, 2)],
         notes="At a TASS news conference in Moscow the Russian deputy defence minister said the "
               "ministry saw the first Islamic State groups forming in Afghanistan and named "
               "Tajikistan as the CSTO ally most exposed. The page is undated: it followed the "
               "4 March 2015 Zabul reports, and the 'Thursday' cannot be pinned to a day, so the "
               "date is a range from 5 March to end of April 2015."),
    dict(id="BM-2015-002", kind="concentration", type=SD, sub="Other",
         dates=("2015-03-05", "2015-04-30", 3), place="Afghan provinces along the Tajik border",
         location="Afghanistan, near the southern borders of the CSTO", geo=3,
         strength_text="first groups (no figure given)",
         claimed_by="Russian Defence Ministry (Deputy Defence Minister Anatoly Antonov)",
         actor1="Islamic State militants", src=[(S000, 3)],
         notes="Russian defence officials reported the first Islamic State groups appearing in "
               "Afghanistan and pressing on the borders of Tajikistan. No strength was given; the "
               "area is the Afghan side of the Tajik border as the statement implies."),
    dict(id="BM-2015-003", kind="posture", type=SD, sub="Other",
         dates=("2015-03-05", "2015-04-30", 3), place="201st Military Base (Dushanbe)",
         location="Russian military bases in Tajikistan", geo=2,
         claimed_by="Russian Defence Ministry (Deputy Defence Minister Anatoly Antonov)",
         actor1="Russian Armed Forces", src=[(S000, 2)],
         notes="Russia said it was taking steps to reinforce its military bases in Tajikistan. "
               "The article names no site; mapped at the 201st base headquarters in Dushanbe."),
    dict(id="BM-2015-004", kind="posture", type=SD, sub="Other",
         dates=("2015-03-05", "2015-04-30", 3), place="Kant Air Base",
         location="Russian military base in Kyrgyzstan", geo=2,
         claimed_by="Russian Defence Ministry (Deputy Defence Minister Anatoly Antonov)",
         actor1="Russian Armed Forces", src=[(S000, 2)],
         notes="The same statement covered reinforcement of Russia's base in Kyrgyzstan; mapped "
               "at Kant air base, Russia's documented installation there."),
    dict(id="BM-2015-005", kind="incident", type=BAT, sub="Armed clash",
         dates=("2015-03-04", "2015-03-04", 1), place="Zabul", location="southern Afghanistan (Zabul Province)",
         geo=3, fat=(12, 12, None), fat_text="dozens of militants",
         claimed_by="Afghan officials; Zabul Province police", actor1="Afghan security forces",
         actor2="Militants including Central Asian fighters", src=[(S000, 3)],
         notes="Afghan officials reported dozens of militants killed in the south on 4 March, "
               "many of them Russian-speaking Central Asians (Kyrgyz per some officials, Kazakh "
               "per Zabul police, one woman among them). Year 2015 inferred from the article's "
               "context. 'Dozens' coded as 12 under ACLED's conservative rule."),
    dict(id="BM-2015-006", kind="context", type=SD, sub="Other",
         dates=("2015-02-10", "2015-02-10", 1), place="Kabul", location="Kabul (Afghan Interior Ministry)",
         geo=2, claimed_by="Afghan Interior Ministry (spokesman Siddiq Siddiqi)",
         actor1="Afghan Interior Ministry", src=[(S000, 2)],
         notes="The Afghan interior ministry spokesman told Radio Free Afghanistan that "
               "intelligence confirmed groups calling themselves Islamic State were active in "
               "parts of the country. Year inferred as 2015."),
    dict(id="BM-1992-001", kind="incident", type=BAT, sub="Armed clash",
         dates=("1992-05-01", "1992-12-31", 3), place="southern Tajikistan",
         location="Tajikistan, rural south", geo=3, fat=(20000, 50000, 60000),
         fat_text="between 20,000 and 60,000 in the first year; about 50,000 from May to December 1992",
         actor1="Tajik civil war belligerents", src=[(S000, 2)],
         notes="Peak year of the Tajik civil war. Estimates of the dead in the first year run "
               "from 20,000 to 60,000, with the common judgement near 50,000 for May-December "
               "1992. UNHCR counted some 600,000 internally displaced and at least 80,000 "
               "refugees abroad, most of them in Afghanistan. Civilians in the rural south were "
               "deliberately targeted to drive them out."),
    dict(id="BM-1997-001", kind="context", type=SD, sub="Agreement",
         dates=("1997-06-01", "1997-06-30", 2), place="Moscow", location="Moscow", geo=2,
         actor1="Government of Tajikistan", actor2="United Tajik Opposition", src=[(S000, 2)],
         notes="A UN-led peace process ended with a power-sharing settlement, the General "
               "Agreement on the Establishment of Peace and National Accord, signed in June 1997. The "
               "article gives only the month; the signing in Moscow is documented elsewhere, so "
               "the place is given with geo precision 2."),
    # --- seed 001: SouthFront, April 2019 ------------------------------------------------
    dict(id="BM-2019-001", kind="concentration", type=SD, sub="Other",
         dates=("2019-04-18", "2019-04-18", 1),
         place="around the Afghan-Tajik and Afghan-Turkmen borders",
         location="northern Afghan provinces near the Tajik and Turkmen borders", geo=3,
         strength=(10000, 10000, None), strength_text="approximately 10,000 militants",
         claimed_by="CIS Border Troops Coordinating Service (Col.-Gen. Alexander Manilov), via "
                    "military journalist Simeon Pegov",
         actor1="Militants of various terrorist groups", src=[(S001, 3)],
         notes="A CIS border-troops commander put militants massed on the former Soviet states' "
               "borders with Afghanistan at about 10,000, nearly 6,000 of them arriving in 2019, "
               "mostly in the northern provinces by the Tajik and Turkmen borders."),
    dict(id="BM-2019-002", kind="incident", type=BAT, sub="Armed clash",
         dates=("2019-01-01", "2019-04-18", 3),
         place="around the Afghan-Tajik and Afghan-Turkmen borders",
         location="Central Asian borders with Afghanistan", geo=3,
         fat_text="not reported",
         claimed_by="CIS Border Troops Coordinating Service (Col.-Gen. Alexander Manilov)",
         actor1="Central Asian border troops", actor2="Drug-trafficking militant groups",
         src=[(S001, 4)],
         notes="The same commander said Central Asian border troops clash almost daily with "
               "militants who run drug trafficking. A recurring pattern, not a single dated "
               "clash; range is early 2019 up to the statement."),
    dict(id="BM-2019-003", kind="context", type=SD, sub="Agreement",
         dates=("2019-02-20", "2019-02-28", 2), place="Dushanbe", location="Dushanbe", geo=1,
         actor1="Border agencies of Central Asian states", src=[(S001, 3)],
         notes="Heads of Central Asian border agencies met in Dushanbe at the end of February "
               "and agreed extra measures for the Afghan border ('end of February' coded as "
               "20-28 February 2019)."),
    dict(id="BM-2019-004", kind="concentration", type=SD, sub="Other",
         dates=("2019-03-01", "2019-03-31", 2), place="Afghanistan", location="Afghanistan", geo=3,
         strength_text="large forces (no figure given)",
         claimed_by="CSTO (Acting Secretary General Valery Semerikov)",
         actor1="Islamic State militants", src=[(S001, 3)],
         notes="In March the acting CSTO secretary general said large IS forces concentrated in "
               "Afghanistan were the main source of threats to Tajikistan, while calling the "
               "situation inside Tajikistan normal."),
    dict(id="BM-2019-005", kind="context", type=SD, sub="Other",
         dates=("2019-04-18", "2019-04-18", 1), place="Saint Petersburg",
         location="counter-terrorism conference, St. Petersburg", geo=2,
         claimed_by="Official representative of Tajikistan",
         actor1="Government of Tajikistan", src=[(S001, 3)],
         notes="Tajikistan announced an amnesty for 175 citizens who had fought in armed "
               "conflicts abroad and came home voluntarily and disarmed. Announced at an "
               "international counter-terrorism conference in St. Petersburg."),
    dict(id="BM-2019-006", kind="context", type=SD, sub="Other",
         dates=("2019-03-20", "2019-03-31", 2), place="Moscow", location="Moscow", geo=2,
         claimed_by="Russian Interior Ministry (Oleg Ilinykh, counter-extremism directorate)",
         actor1="Russian Interior Ministry", src=[(S001, 3)],
         notes="In late March a Russian interior ministry official said Islamic State was "
               "shifting to former Soviet states including Tajikistan and building sleeper cells "
               "('late March' coded as 20-31 March 2019)."),
    dict(id="BM-2019-007", kind="context", type=SD, sub="Agreement",
         dates=("2019-01-01", "2019-04-18", 3), place="Tajikistan", location="Tajikistan", geo=3,
         actor1="Government of Tajikistan", actor2="Russia; Uzbekistan", src=[(S001, 4)],
         notes="Tajikistan, Russia and Uzbekistan were reported to deepen security cooperation "
               "and open airspace to military aircraft. Undated in the article; range ends at "
               "the April statement."),
    dict(id="BM-2019-008", kind="context", type=SD, sub="Other",
         dates=("2019-01-01", "2019-04-18", 3), place="Dushanbe", location="Dushanbe", geo=2,
         actor1="United States government", src=[(S001, 5)],
         notes="The outlet linked a new US ambassador to Tajikistan, John Mark Pommersheim, to "
               "expected instability. Undated in the article; its speculative reading is rated "
               "improbable (credibility 5)."),
    # --- seed 002: Window on Eurasia / Fergana, November 2018 ----------------------------
    dict(id="BM-1992-002", kind="context", type=SD, sub="Agreement",
         dates=("1992-08-01", "1992-08-31", 2), place="Afghan–Tajik border",
         location="Tajik-Afghan border", geo=3,
         actor1="Russia", actor2="Government of Tajikistan", src=[(S002, 2)],
         notes="After the Soviet collapse left the border undefended, Moscow and Dushanbe agreed "
               "in August 1992 that Russia would take over its protection. Signing place not "
               "given; mapped on the border it concerns."),
    dict(id="BM-1993-001", kind="context", type=SD, sub="Agreement",
         dates=("1993-05-01", "1993-05-31", 2), place="Afghan–Tajik border",
         location="Tajik-Afghan border", geo=3,
         actor1="Russia", actor2="Government of Tajikistan", src=[(S002, 2)],
         notes="A May 1993 accord handed responsibility for the border almost entirely to "
               "Russian forces."),
    dict(id="BM-1993-002", kind="posture", type=SD, sub="Other",
         dates=("1993-05-01", "2005-12-31", 3), place="Afghan–Tajik border",
         location="Tajik-Afghan border", geo=3,
         strength=(10001, 10001, None), strength_text="more than 10,000 troops",
         claimed_by="Fergana news agency (Nurullo Kurbonov)", actor1="Russian Border Troops",
         src=[(S002, 2)],
         notes="Russian border troops guarded the line with more than 10,000 men, 99 percent "
               "conscripts; about 70 percent of contract soldiers were Tajik citizens."),
    dict(id="BM-1993-003", kind="posture", type=SD, sub="Other",
         dates=("1993-01-01", "2023-10-13", 3), place="201st Military Base (Dushanbe)",
         location="201st Russian motorized rifle division / military base, Tajikistan", geo=2,
         actor1="Russian Armed Forces (201st division, later 201st military base)",
         src=[(S002, 2), (S000, 2), (S004, 2)],
         notes="Russia's 201st motor rifle division, stationed in Tajikistan, backed the border "
               "troops and remains Russia's base there. Three seeds refer to this presence; "
               "mapped at the Dushanbe headquarters (other sites: Kulob, Bokhtar)."),
    dict(id="BM-1998-001", kind="context", type=SD, sub="Non-violent transfer of territory",
         dates=("1998-01-01", "2005-12-31", 3), place="Afghan–Tajik border",
         location="Tajik-Afghan border", geo=3,
         actor1="Russian Border Troops", actor2="Tajik Border Troops", src=[(S002, 2)],
         notes="Russia handed sections of the border to Tajik control step by step from 1998 "
               "until the handover was complete in 2005."),
    dict(id="BM-1992-003", kind="incident", type=BAT, sub="Armed clash",
         dates=("1992-01-01", "2005-12-31", 3), place="Afghan–Tajik border",
         location="Tajik-Afghan border", geo=3,
         fat=(161, 3161, None), wounded=362,
         fat_text="161 Russian border guards killed; about 3,000 militants and drug dealers "
                  "claimed 'destroyed'",
         claimed_by="Russian border forces, via Fergana news agency (Nurullo Kurbonov)",
         actor1="Russian Border Troops", actor2="Militants and drug traffickers",
         src=[(S002, 3)],
         notes="Aggregate record for 1992-2005: 530 armed clashes and 1,600 attempted illegal "
               "crossings; 161 Russian guards killed and 362 wounded. The Russian side claimed "
               "about 3,000 militants and traffickers killed and as many detained, and more than "
               "30 tonnes of drugs seized (11.4 t of it heroin). Low = guards only; best adds "
               "the self-reported militant toll."),
    dict(id="BM-2018-001", kind="posture", type=SD, sub="Other",
         dates=("2012-11-28", "2018-11-28", 3), place="Afghan–Tajik border",
         location="Tajik-Afghan border", geo=3,
         claimed_by="Tajik security service sources, via Fergana news agency",
         actor1="Tajik Border Troops", src=[(S002, 3)],
         notes="Tajik sources said border defence had been much strengthened over the previous "
               "five to six years but still lacked all-terrain vehicles and aircraft, leaving "
               "reliance on Russian and CSTO forces."),
    dict(id="BM-2018-002", kind="context", type=SD, sub="Other",
         dates=("2018-11-28", "2018-11-28", 1), place="Afghan–Tajik border",
         location="Tajikistan's 1,344 km external border", geo=3,
         claimed_by="Security officials in Dushanbe, via Fergana news agency",
         actor1="Government of Tajikistan", src=[(S002, 3)],
         notes="Officials said foreign aid was insufficient and that more than US$1.3 billion "
               "was needed to bring the 1,344 km border up to international standards."),
    dict(id="BM-2018-003", kind="concentration", type=SD, sub="Other",
         dates=("2018-11-28", "2018-11-28", 1), place="Afghan provinces along the Tajik border",
         location="Afghan side of the Tajik-Afghan border", geo=3,
         strength_text="smaller groups (no figure given)",
         claimed_by="Tajik security service sources, via Fergana news agency",
         actor1="Islamic State groups and drug traffickers", src=[(S002, 3)],
         notes="Tajik security sources judged that Russian forces could stop a large IS force "
               "but that small groups mixing terrorism and drug smuggling could still cross."),
    # --- seed 003: Ayat Ezz, June 2019 -----------------------------------------------------
    dict(id="BM-2019-009", kind="incident", type=EXP, sub="Remote explosive/landmine/IED",
         dates=("2019-06-01", "2019-06-30", 2), place="Afghan–Tajik border",
         location="near an Afghan military base on the Afghan-Tajik border", geo=3,
         fat=(3, 3, 3), wounded=5, fat_text="three soldiers killed, five others wounded",
         claimed_by="Afghan army statement", actor1="Islamic State (attributed)",
         actor2="Afghan National Army", src=[(S003, 3)],
         notes="A bomb went off near an Afghan army base on the border, killing three soldiers "
               "and wounding five. The article says 'two days ago' but is undated; it was "
               "written in June 2019, so the date is a June 2019 range. Base not named."),
    dict(id="BM-2019-010", kind="incident", type=RIOT, sub="Mob violence",
         dates=("2019-05-19", "2019-05-19", 1), place="Vahdat",
         location="prison in Tajikistan (Vahdat high-security prison)", geo=2,
         fat=(31, 31, None), fat_text="more than 30 people",
         claimed_by="IS media outlet (claim of responsibility)",
         actor1="Prisoners (IS-affiliated)", actor2="Tajik prison guards", src=[(S003, 2)],
         notes="A prison riot killed more than 30 people; IS claimed the attackers as its own. "
               "One organiser was Bekhruz Gulmurod, son of a former Tajik special forces "
               "commander who joined IS. The article says only 'in Tajikistan ... in May'; the "
               "documented Vahdat riot of 19 May 2019 is used for place and day."),
    dict(id="BM-2019-011", kind="concentration", type=SD, sub="Other",
         dates=("2019-05-01", "2019-06-30", 3), place="northern Afghanistan bordering Tajikistan",
         location="northern Afghanistan bordering Tajik territory", geo=3,
         strength=(1000, 1000, None), strength_text="thousands of ISIS members",
         claimed_by="FSB director Alexander Bortnikov", actor1="Islamic State militants",
         src=[(S003, 3)],
         notes="Russia's FSB chief warned that thousands of IS members in northern Afghanistan "
               "next to Tajikistan were a prelude to infiltration. 'Thousands' coded as 1,000. "
               "Said at a Dushanbe conference undated in the article (May-June 2019)."),
    dict(id="BM-2019-012", kind="context", type=SD, sub="Other",
         dates=("2019-05-01", "2019-06-30", 3), place="Dushanbe", location="Dushanbe", geo=1,
         actor1="Security services of former Soviet republics", src=[(S003, 3)],
         notes="Tajikistan's capital hosted a conference of security chiefs from former Soviet "
               "republics, where the FSB director spoke. Undated; May-June 2019 range."),
    dict(id="BM-2019-013", kind="concentration", type=SD, sub="Other",
         dates=("2019-01-01", "2019-06-30", 3), place="border areas between Afghanistan and Tajikistan",
         location="Afghanistan near the border with Tajikistan", geo=3,
         strength_text="several cells (no figure given)", actor1="Islamic State militants",
         src=[(S003, 4)],
         notes="IS was said to have set up several cells near the Tajik border and to be "
               "deployed in the border areas, with a growing share of Tajiks among its Khorasan "
               "branch; foreign estimates put Tajik recruits at 1,000-1,400."),
    # --- seed 004: Khaama Press, 13 October 2023 ------------------------------------------
    dict(id="BM-2023-001", kind="context", type=SD, sub="Other",
         dates=("2023-10-13", "2023-10-13", 1), place="Bishkek", location="CIS summit, Bishkek",
         geo=1, claimed_by="Vladimir Putin, President of Russia", actor1="Russia",
         src=[(S004, 2)],
         notes="At the CIS summit in Bishkek the Russian president warned of threats coming from "
               "Afghanistan and backed Tajikistan's concerns. 'Friday' resolved to the "
               "publication day, 13 October 2023."),
    dict(id="BM-2023-002", kind="context", type=SD, sub="Other",
         dates=("2023-10-13", "2023-10-13", 1), place="Bishkek", location="Bishkek", geo=1,
         actor1="Russia", actor2="Tajikistan", src=[(S004, 2)],
         notes="The presidents of Russia and Tajikistan held separate talks on the summit's "
               "sidelines on Friday morning, focused on Afghanistan."),
    dict(id="BM-2023-003", kind="incident", type=BAT, sub="Armed clash",
         dates=("2023-09-01", "2023-09-30", 2), place="near the border with Afghanistan",
         location="near the border with Afghanistan (Tajikistan)", geo=3,
         fat=(3, 3, 3), fat_text="three terrorists killed",
         claimed_by="Tajik State Committee for National Security",
         actor1="Tajik security forces", actor2="Jamaat Ansarullah", src=[(S004, 2)],
         notes="Tajikistan's security committee said three members of Jamaat Ansarullah "
               "(spelled Jamiat in the article) planning attacks were killed near the Afghan "
               "border. 'September of this year' resolved to September 2023."),
    dict(id="BM-2023-004", kind="incident", type=EXP, sub="Shelling/artillery/missile attack",
         dates=("2021-10-13", "2023-10-13", 3), place="Afghan–Tajik border",
         location="from Afghan territory into Tajikistan", geo=3,
         fat_text="not reported", actor1="Islamic State Khorasan Province",
         claimed_by="Khaama Press summary", src=[(S004, 3)],
         notes="IS fired several rockets from Afghanistan into Tajikistan. 'Over the past two "
               "years' resolved to the two years before 13 October 2023; no count of attacks or "
               "victims given."),
    dict(id="BM-2022-001", kind="incident", type=EXP, sub="Suicide bomb",
         dates=("2022-09-05", "2022-09-05", 1), place="Russian Embassy in Kabul",
         location="in front of the Russian Embassy, Kabul", geo=1,
         fat=(2, 2, None), fat_text="two Russian diplomats",
         actor1="Islamic State Khorasan Province", actor2="Russian diplomats",
         claimed_by="Khaama Press summary", src=[(S004, 2)],
         notes="An IS suicide attack outside Russia's embassy in Kabul killed two Russian "
               "diplomats. The article places it within the past two years; the day (5 Sept "
               "2022) is documented elsewhere. Other reporting gives a higher total toll; only "
               "the article's figure is coded."),
    dict(id="BM-2021-001", kind="posture", type=SD, sub="Other",
         dates=("2021-08-15", "2023-10-13", 3), place="201st Military Base (Dushanbe)",
         location="Russian military base in Tajikistan", geo=2,
         actor1="Russian Armed Forces", src=[(S004, 2)],
         notes="After the Taliban took power in August 2021, Russia modernised its base in "
               "Tajikistan to strengthen border security; mapped at the Dushanbe headquarters."),
    dict(id="BM-2021-002", kind="context", type=SD, sub="Non-violent transfer of territory",
         dates=("2021-08-01", "2021-08-31", 2), place="Kabul", location="Kabul", geo=2,
         actor1="Taliban", src=[(S004, 1)],
         notes="The Taliban takeover of Afghanistan in August 2021, mentioned as the trigger "
               "for Russia's base upgrades."),
]


def to_feature(rec: dict[str, Any]) -> dict[str, Any]:
    """One curated record as a GeoJSON feature with the schema's property names."""
    place = geocode(rec["place"])
    start, end, precision = rec["dates"]
    fat = rec.get("fat", (None, None, None))
    strength = rec.get("strength", (None, None, None))
    props = {
        "event_id": rec["id"], "kind": rec["kind"], "event_type": rec["type"],
        "sub_event_type": rec["sub"], "date_start": start, "date_end": end,
        "time_precision": precision, "location": rec["location"],
        "admin1": place.admin1, "country": place.country, "geo_precision": rec["geo"],
        "fatalities_low": fat[0], "fatalities_best": fat[1], "fatalities_high": fat[2],
        "fatalities_text": rec.get("fat_text"), "wounded": rec.get("wounded"),
        "strength_low": strength[0], "strength_best": strength[1], "strength_high": strength[2],
        "strength_text": rec.get("strength_text"), "actor1": rec.get("actor1"),
        "actor2": rec.get("actor2"), "claimed_by": rec.get("claimed_by"),
        "notes": rec["notes"],
        "sources": [{"source_id": s, "credibility": c} for s, c in rec["src"]],
    }
    geom = area_geometry(place) if rec["geo"] == 3 else place.geometry
    if rec["geo"] == 3:  # areas: ~1 km detail is plenty for a precision-3 location
        geom = shapely.set_precision(geom.simplify(0.01), 0.001)
    geometry = mapping(geom)
    return {"type": "Feature", "id": rec["id"], "geometry": geometry, "properties": props}


def main() -> None:
    features = [to_feature(rec) for rec in RECORDS]
    # One feature per block, properties one per line, geometry on one line: easy to review.
    blocks = []
    for feat in features:
        props = json.dumps(feat["properties"], indent=2, ensure_ascii=False)
        geom = json.dumps(feat["geometry"], separators=(",", ":"))
        blocks.append(
            f'{{"type": "Feature", "id": "{feat["id"]}",\n "properties": {props},\n'
            f' "geometry": {geom}}}'
        )
    text = '{"type": "FeatureCollection", "name": "border_monitor_default", "features": [\n'
    text += ",\n".join(blocks) + "\n]}\n"
    json.loads(text)  # fail loudly rather than write broken JSON
    DEFAULT_EVENTS.write_text(text, encoding="utf-8")
    print(f"wrote {len(features)} events to {DEFAULT_EVENTS}")


if __name__ == "__main__":
    main()
