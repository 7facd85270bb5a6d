"""Write a CSV directory of N generated actors in the standard open-data columns, with French, Arabic and
English texts, for the benchmarks (never for the demo: every row is synthetic).

Run: .venv/bin/python benchmarks/generate_actors.py 1000000 /tmp/actors-1m.csv [--seed 1] [--duplicates 0.01]

``--duplicates SHARE``: that share of the rows repeat the names, town and website of one of the 10,000 rows
before them (under their own identifier), for the importer's duplicate detection to find; none by default (the
file of the recorded benchmarks).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from essmed.directory.outlines import country_bounds  # noqa: E402 - after the path of the project

COUNTRIES = ["FR", "MA", "ES", "IT", "GR", "TN", "PT", "MT", "CY", "HR", "SI", "LB", "EG", "JO", "AL", "TR"]
# ISO 3166-1 numeric codes, the keys of the outlines' bounding boxes (essmed/territories data, from ISO 3166-1).
NUMERIC = {
    "FR": "250", "MA": "504", "ES": "724", "IT": "380", "GR": "300", "TN": "788", "PT": "620", "MT": "470",
    "CY": "196", "HR": "191", "SI": "705", "LB": "422", "EG": "818", "JO": "400", "AL": "008", "TR": "792",
}  # fmt: skip
MEDITERRANEAN = (30.0, -9.0, 45.0, 35.0)  # south, west, north, east: where the positions are drawn
STRUCTURES = ["Cooperative", "Association", "Mutual", "Foundation", "Social enterprise", "Network"]
ACTIVITIES_FR = [
    ("coopérative agricole", "تعاونية فلاحية", "agricultural cooperative"),
    ("huile d'olive", "زيت الزيتون", "olive oil"),
    ("dattes", "التمور", "dates"),
    ("plantes aromatiques et médicinales", "النباتات العطرية والطبية", "aromatic and medicinal plants"),
    ("artisanat", "الصناعة التقليدية", "handicrafts"),
    ("couture", "الخياطة", "sewing"),
    ("recyclage des déchets", "إعادة تدوير النفايات", "waste recycling"),
    ("tourisme solidaire", "السياحة التضامنية", "solidarity tourism"),
    ("miel", "العسل", "honey"),
    ("énergie renouvelable", "الطاقة المتجددة", "renewable energy"),
    ("commerce équitable", "التجارة العادلة", "fair trade"),
    ("insertion par l'emploi", "الإدماج المهني", "work integration"),
    ("éducation populaire", "التربية الشعبية", "popular education"),
    ("services à la personne", "خدمات القرب", "personal services"),
    ("numérique", "الرقمنة", "digital services"),
]
PLACES = [
    "Oujda",
    "Berkane",
    "Nador",
    "Figuig",
    "Taourirt",
    "Montpellier",
    "Toulouse",
    "Perpignan",
    "Sevilla",
    "Palermo",
    "Bari",
    "Patras",
    "Heraklion",
    "Sfax",
    "Tunis",
    "Lisboa",
    "Valletta",
    "Split",
    "Beirut",
    "Izmir",
]
KINDS = [
    ("Coopérative", "تعاونية", "Cooperative"),
    ("Association", "جمعية", "Association"),
    ("Mutuelle", "تعاضدية", "Mutual"),
    ("Collectif", "مجموعة", "Collective"),
]
COLUMNS = [
    "Identifier",
    "Name",
    "Name:fr",
    "Name:ar",
    "Name:en",
    "Description",
    "Description:fr",
    "Description:ar",
    "Description:en",
    "Organisational Structure",
    "Activities",
    "Street Address",
    "Locality",
    "Region",
    "Postcode",
    "Country",
    "Website",
    "Phone",
    "Email",
    "Latitude",
    "Longitude",
]


def _boxes() -> dict[str, tuple[float, float, float, float]]:
    """Where each country's actors are placed: its outline's bounding box within the Mediterranean window, so
    that every position is in its country's box (the importer refuses a position that only fits swapped)."""
    boxes = {}
    for code in COUNTRIES:
        south, west, north, east = country_bounds()[NUMERIC[code]]
        inside = (max(south, MEDITERRANEAN[0]), max(west, MEDITERRANEAN[1]), min(north, MEDITERRANEAN[2]))
        boxes[code] = (*inside, min(east, MEDITERRANEAN[3])) if inside[0] < inside[2] else (south, west, north, east)
    return boxes


def rows(count: int, seed: int, duplicates: float = 0.0):
    rng = random.Random(seed)  # noqa: S311 - not for security
    boxes = _boxes()
    recent: deque[tuple[str, str, str, str, str]] = deque(maxlen=10_000)
    for n in range(1, count + 1):
        kind = rng.choice(KINDS)
        activity = rng.choice(ACTIVITIES_FR)
        other = rng.choice(ACTIVITIES_FR)
        place = rng.choice(PLACES)
        name_fr = f"{kind[0]} {activity[0]} {place} {n}"
        name_ar = f"{kind[1]} {activity[1]} {n}"
        name_en = f"{activity[2].capitalize()} {kind[2].lower()} of {place} {n}"
        website = f"https://example-{n}.coop"
        if duplicates and recent and rng.random() < duplicates:
            name_fr, name_ar, name_en, place, website = rng.choice(recent)
        elif duplicates:
            recent.append((name_fr, name_ar, name_en, place, website))
        desc_fr = f"{kind[0]} de {place} active dans {activity[0]} et {other[0]}."
        desc_ar = f"{kind[1]} تنشط في مجال {activity[1]} و{other[1]} بمدينة {place}."
        desc_en = f"A {kind[2].lower()} in {place} working on {activity[2]} and {other[2]}."
        located = rng.random() < 0.8
        country = rng.choice(COUNTRIES)
        south, west, north, east = boxes[country]
        yield [
            f"gen-{n}",
            name_fr,
            name_fr,
            name_ar,
            name_en,
            desc_fr,
            desc_fr,
            desc_ar,
            desc_en,
            rng.choice(STRUCTURES),
            "",
            f"{rng.randint(1, 200)} rue {n}",
            place,
            "",
            f"{rng.randint(10000, 99999)}",
            country,
            website,
            "",
            "",
            f"{rng.uniform(south, north):.5f}" if located else "",
            f"{rng.uniform(west, east):.5f}" if located else "",
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("path")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duplicates", type=float, default=0.0, help="share of rows repeating an earlier actor")
    args = parser.parse_args()
    start = time.perf_counter()
    with open(args.path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows(rows(args.count, args.seed, args.duplicates))
    print(f"{args.count} actors written to {args.path} in {time.perf_counter() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
