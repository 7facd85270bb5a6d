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

COUNTRIES = ["FR", "MA", "ES", "IT", "GR", "TN", "PT", "MT", "CY", "HR", "SI", "LB", "EG", "JO", "AL", "TR"]
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


def rows(count: int, seed: int, duplicates: float = 0.0):
    rng = random.Random(seed)  # noqa: S311 - not for security
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
            rng.choice(COUNTRIES),
            website,
            "",
            "",
            f"{rng.uniform(30, 45):.5f}" if located else "",
            f"{rng.uniform(-9, 35):.5f}" if located else "",
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
