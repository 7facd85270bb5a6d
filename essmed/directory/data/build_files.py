"""Write the directory's data files from the shared third-party files (run by hand, never by the platform).

    .venv/bin/python essmed/directory/data/build_files.py [SHARED_DATA_DIR]

SHARED_DATA_DIR defaults to ``../shared/data`` beside the repository. The script writes, in this folder:

- ``taxonomies.csv``: the ESSGlobal SKOS concepts (legal forms L1–L5, ICA activities, themes T1–T19) with our
  French and Arabic labels, plus the national legal forms as narrower concepts of the ESSGlobal legal forms;
- ``actors_susy.csv``: the Mediterranean subset of the SUSY / TransforMap map, in the standard CSV;
- ``actors_ess_france_numerique.csv``: about 300 French ESS organisations of the digital sector, in the
  standard CSV.

Every choice made here (labels we wrote, mappings we inferred, values we cleaned) is listed in ``README.md``.
``actors_essmed_demo.csv`` (fictional cooperatives, real support structures) is written by hand, not by this
script. The platform reads only the CSV files; this script is kept to show how they were made.
"""

from __future__ import annotations

import csv
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parents[3] / "shared" / "data"

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
SKOS = "{http://www.w3.org/2004/02/skos/core#}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

TAXONOMY_COLUMNS = ["vocabulary", "code", "broader_code", "country", "label_fr", "label_ar", "label_en", "uri"]
ACTOR_COLUMNS = [
    "Identifier",
    "Name",
    "Description",
    "Description:en",
    "Description:fr",
    "Organisational Structure",
    "Activities",
    "Themes",
    "Legal Form",
    "Acronym",
    "Founded",
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

# ESSGlobal SKOS files: (file, vocabulary of our Term model).
SCHEMES = [("legal-form.skos", "legal_form"), ("activities-ica.skos", "activity"), ("themes.skos", "theme")]

# Our French and Arabic labels (the team's translations), and the English label where we corrected upstream's.
LABELS: dict[str, tuple[str, str, str | None]] = {
    # code: (French, Arabic, English correction or None to keep upstream's)
    "L1": ("Groupe informel", "مجموعة غير رسمية", None),
    "L2": ("Coopérative", "تعاونية", None),
    "L3": ("Entreprise", "شركة", "Company"),
    "L4": ("Organisation à but non lucratif", "منظمة غير ربحية", "Non-profit organisation"),
    "L5": ("Entreprise sociale", "مقاولة اجتماعية", "Social enterprise"),
    "ICA10": ("Agriculture", "الفلاحة", None),
    "ICA20": ("Produits laitiers", "منتجات الألبان", None),
    "ICA30": ("Sylviculture", "الغابات", None),
    "ICA40": ("Irrigation", "الري", None),
    "ICA50": ("Pêche", "الصيد البحري", None),
    "ICA60": ("Artisanat", "الصناعة التقليدية", None),
    "ICA70": ("Construction", "البناء", None),
    "ICA80": ("Industrie", "الصناعة", None),
    "ICA90": ("Fabrication", "التصنيع", None),
    "ICA100": ("Mines", "المناجم", None),
    "ICA110": ("Services professionnels", "الخدمات المهنية", None),
    "ICA120": ("Services", "الخدمات", None),
    "ICA130": ("Tourisme", "السياحة", None),
    "ICA140": ("Services financiers", "الخدمات المالية", "Financial services"),
    "ICA150": ("Assurance", "التأمين", None),
    "ICA160": ("Éducation", "التعليم", None),
    "ICA170": ("Santé", "الصحة", None),
    "ICA180": ("Vie communautaire", "العمل المجتمعي", None),
    "ICA190": ("Action sociale", "العمل الاجتماعي", None),
    "ICA200": ("Services sociaux", "الخدمات الاجتماعية", "Social services"),
    "ICA210": ("Logement", "السكن", None),
    "ICA220": ("Transport", "النقل", None),
    "ICA230": ("Services aux collectivités (eau, énergie)", "المرافق العامة (الماء والطاقة)", None),
    "ICA240": ("Commerce de détail", "تجارة التجزئة", None),
    "ICA250": ("Production", "الإنتاج", None),
    "ICA260": ("Commerce de gros et de détail", "تجارة الجملة والتجزئة", None),
    "ICA270": ("Éducation, santé et action sociale", "التعليم والصحة والعمل الاجتماعي", None),
    "ICA280": ("Autres services", "خدمات أخرى", "Other services"),
    "ICA290": ("Tous secteurs", "جميع القطاعات", "All sectors"),
    # Themes: upstream has French labels; we keep them, correcting spelling where noted in the README.
    "T1": ("Villes en transition et droit à l'habitat", "المدن الانتقالية والحق في السكن", None),
    "T2": (
        "Souveraineté alimentaire et agriculture paysanne",
        "السيادة الغذائية والفلاحة الأسرية",
        "Food sovereignty and peasant farming",
    ),
    "T3": ("Finances solidaires", "المالية الاجتماعية والتضامنية", None),
    "T4": ("Concepts et valeurs de l'économie solidaire", "مفاهيم الاقتصاد التضامني وقيمه", None),
    "T5": ("Environnement et biens communs", "البيئة والخيرات المشتركة", None),
    "T6": ("Politiques publiques", "السياسات العمومية", None),
    "T7": ("Culture et connaissances libres", "الثقافة والمعرفة الحرة", None),
    "T8": ("Éducation populaire et apprentissage", "التربية الشعبية والتكوين", None),
    "T9": (
        "Production, commerce et consommation solidaires et responsables",
        "الإنتاج والتجارة والاستهلاك التضامني والمسؤول",
        None,
    ),
    "T10": ("Développement territorial et « bien vivre »", "التنمية الترابية والعيش الكريم", None),
    "T11": ("Coopération internationale", "التعاون الدولي", "International cooperation"),
    "T12": (
        "Justice et insertion sociales, lutte contre la pauvreté",
        "العدالة الاجتماعية والإدماج ومحاربة الفقر",
        "Social justice and inclusion, fight against poverty",
    ),
    "T13": ("Travail décent et autogestion", "العمل اللائق والتسيير الذاتي", "Decent work and self-management"),
    "T14": ("Femmes", "النساء", None),
    "T15": (
        "Organisation et mise en réseau du mouvement de l'ESS (national et international)",
        "تنظيم حركة الاقتصاد الاجتماعي والتضامني والتشبيك (وطنيا ودوليا)",
        None,
    ),
    "T16": ("Recherche et technologie", "البحث والتكنولوجيا", None),
    "T17": ("Peuples et communautés autochtones", "الشعوب والمجتمعات الأصلية", None),
    "T18": ("Communication et information alternatives", "التواصل والإعلام البديل", None),
    "T19": ("Autres thèmes", "مواضيع أخرى", None),
}

# National legal forms, narrower concepts of an ESSGlobal legal form (written by the team; see the README).
NATIONAL_FORMS: list[tuple[str, str, str, str, str, str]] = [
    # code, broader, country, French, Arabic, English
    (
        "FR-SCOP",
        "L2",
        "FR",
        "Société coopérative et participative (SCOP)",
        "شركة تعاونية وتشاركية (SCOP)",
        "Worker cooperative (SCOP)",
    ),
    (
        "FR-SCIC",
        "L2",
        "FR",
        "Société coopérative d'intérêt collectif (SCIC)",
        "شركة تعاونية ذات منفعة جماعية (SCIC)",
        "Collective-interest cooperative (SCIC)",
    ),
    ("FR-ASSO-1901", "L4", "FR", "Association loi 1901", "جمعية (قانون 1901)", "Association (law of 1901)"),
    ("FR-MUTUELLE", "L4", "FR", "Mutuelle (code de la mutualité)", "تعاضدية (مدونة التعاضد)", "Mutual (Mutual Code)"),
    (
        "FR-FONDATION",
        "L4",
        "FR",
        "Fondation ou fonds de dotation",
        "مؤسسة أو صندوق وقفي",
        "Foundation or endowment fund",
    ),
    (
        "FR-ESUS",
        "L5",
        "FR",
        "Entreprise solidaire d'utilité sociale (agrément ESUS)",
        "مقاولة تضامنية ذات منفعة اجتماعية (اعتماد ESUS)",
        "Solidarity enterprise of social utility (ESUS approval)",
    ),
    ("MA-COOP-112-12", "L2", "MA", "Coopérative (loi 112-12)", "تعاونية (القانون 112.12)", "Cooperative (Law 112-12)"),
    ("MA-ASSO", "L4", "MA", "Association (dahir de 1958)", "جمعية (ظهير 1958)", "Association (1958 dahir)"),
    (
        "IT-COOP-SOCIALE",
        "L2",
        "IT",
        "Coopérative sociale (loi 381/1991)",
        "تعاونية اجتماعية (القانون 381/1991)",
        "Social cooperative (Law 381/1991)",
    ),
    ("ES-COOP", "L2", "ES", "Société coopérative (Espagne)", "شركة تعاونية (إسبانيا)", "Cooperative society (Spain)"),
    (
        "ES-SLL",
        "L3",
        "ES",
        "Société de travailleurs (sociedad laboral, loi 44/2015)",
        "شركة عمالية (القانون 44/2015)",
        "Worker-owned company (sociedad laboral, Law 44/2015)",
    ),
    (
        "GR-KOINSEP",
        "L2",
        "GR",
        "Entreprise coopérative sociale (Κοιν.Σ.Επ., loi 4430/2016)",
        "مقاولة تعاونية اجتماعية (القانون 4430/2016)",
        "Social cooperative enterprise (Koin.S.Ep., Law 4430/2016)",
    ),
    (
        "TN-SMSA",
        "L2",
        "TN",
        "Société mutuelle de services agricoles (SMSA)",
        "شركة تعاونية للخدمات الفلاحية",
        "Agricultural services mutual company (SMSA)",
    ),
    (
        "TN-GDA",
        "L4",
        "TN",
        "Groupement de développement agricole (GDA)",
        "مجمع التنمية الفلاحية",
        "Agricultural development group (GDA)",
    ),
]


def read_scheme(path: Path) -> Iterable[tuple[str, dict[str, str], str]]:
    """(code, labels by upper-case language, concept URI) of each concept of a SKOS file."""
    root = ET.parse(path).getroot()  # noqa: S314 - trusted files of the shared folder, read by hand
    base = root.get("{http://www.w3.org/XML/1998/namespace}base", "")
    for concept in root.findall(f"{SKOS}Concept"):
        code = concept.get(f"{RDF}about", "")
        labels = {}
        for label in concept.findall(f"{SKOS}prefLabel"):
            text = " ".join((label.text or "").split())
            if text and label.get(XML_LANG, "") not in labels:
                labels[label.get(XML_LANG, "")] = text
        yield code, labels, base + code


def build_taxonomies(shared: Path) -> list[dict[str, str]]:
    rows = []
    for filename, vocabulary in SCHEMES:
        for code, labels, uri in read_scheme(shared / "interop" / "essglobal" / "standard" / filename):
            french, arabic, english = LABELS[code]
            rows.append(
                {
                    "vocabulary": vocabulary,
                    "code": code,
                    "broader_code": "",
                    "country": "",
                    "label_fr": french,
                    "label_ar": arabic,
                    "label_en": english or labels["EN"],
                    "uri": uri,
                }
            )
    for code, broader, country, french, arabic, english in NATIONAL_FORMS:
        rows.append(
            {
                "vocabulary": "legal_form",
                "code": code,
                "broader_code": broader,
                "country": country,
                "label_fr": french,
                "label_ar": arabic,
                "label_en": english,
                "uri": "",
            }
        )
    return rows


# SUSY: type_of_initiative tags → ICA activities, themes, and organisational structure (inferred by us).
SUSY_ACTIVITIES = {
    "ICA10": (
        "agro",
        "permaculture",
        "community_garden",
        "communitysupported_agriculture",
        "food_souvereignity",
        "seed_saving",
        "self_harvest",
        "vegetable_box",
        "farm_shop",
        "local_farmersmarket",
        "guerilla_garden",
        "other_growyourself",
        "community_forestry",
    ),
    "ICA160": ("_education", "fairtrade_school"),
    "ICA240": (
        "fairtrade_shop",
        "lowincome_supermarket",
        "swap_market",
        "used_goods",
        "nopacking_shop",
        "giveaway_shop",
        "directtrade",
        "other_buylocal",
        "virtual_directpurchase",
        "foodpurchasing_combine",
        "food_cooperative",
    ),
    "ICA260": ("fairtrade_wholesaler",),
    "ICA90": ("upcycling",),
    "ICA280": ("recycling", "repair", "bicycle_selfrepair", "other_wastereduction"),
    "ICA140": ("ethicalfinance", "microfinance", "solidarity_lending", "communitycurrency", "timebanking", "_finance"),
    "ICA150": ("mutual_insurance",),
    "ICA200": ("socialinclusion", "foodrescue", "mutualsociety_aid"),
    "ICA210": ("ecovillage", "commune", "squatted_place"),
    "ICA220": ("sustainable_mobility", "bicycle_awareness"),
    "ICA230": ("collective_energy",),
    "ICA110": ("coworking", "social_incubators", "business_incubators"),
    "ICA180": ("networking_initiative", "community_group", "other_communities", "freespace", "localcollective"),
}
SUSY_THEMES = {
    "T2": ("agro", "permaculture", "food_souvereignity", "seed_saving", "communitysupported_agriculture", "slowfood"),
    "T9": ("fairtrade", "consumerism", "directtrade", "buylocal", "directpurchase", "swap_market", "used_goods"),
    "T3": ("ethicalfinance", "microfinance", "solidarity_lending", "communitycurrency", "timebanking", "_finance"),
    "T12": ("socialinclusion", "foodrescue", "lowincome_supermarket"),
    "T8": ("_education",),
    "T5": ("recycling", "upcycling", "waste", "repair", "collective_energy", "community_forestry", "other_habitat"),
    "T15": ("networking_initiative", "ssedas_partner"),
    "T11": ("development_cooperation",),
    "T16": ("sse_research",),
    "T1": ("ecovillage", "commune"),
    "T6": ("directdemocracy", "citizen_council", "other_political"),
    "T7": ("eco_art", "mutualsociety_art"),
}
# Words of the name, then of the description, that give the organisational structure (the first match wins),
# then the tags.
NAME_STRUCTURES = [
    ("Co-operative", r"\bco-?op|cooperat|coopérat|cooperativ|cooperaç|συνεταιρ|κοιν\.?\s?σ\.?\s?επ|\bscop\b|\bscic\b"),
    ("Foundation", r"fondazione|fundaci|fundaç|foundation|fondation|zaklada|ίδρυμα"),
    ("Mutual", r"mutuelle|mutua\b|mutual"),
    (
        "Not-for-profit organisation",
        r"associa|asociaci|udruga|društvo|σύλλογος|σωματείο|\bngo\b|\bonlus\b|\baps\b|non-?profit|sans but lucratif",
    ),
]
TAG_STRUCTURES = [
    ("Co-operative", ("food_cooperative",)),
    ("Not-for-profit organisation", ("ngo",)),
    ("Regional, state or provincial level federation or union", ("networking_initiative",)),
    ("Mutual", ("mutualsociety", "mutual_insurance")),
]


def susy_codes(tags: list[str], table: dict[str, tuple[str, ...]]) -> str:
    codes = [code for code, needles in table.items() if any(needle in tag for tag in tags for needle in needles)]
    return ";".join(codes)


def susy_structure(name: str, description: str, tags: list[str]) -> str:
    for text in (name, description):
        for structure, pattern in NAME_STRUCTURES:
            if re.search(pattern, text, re.IGNORECASE):
                return structure
    for structure, needles in TAG_STRUCTURES:
        if any(needle in tag for tag in tags for needle in needles):
            return structure
    if any(tag in ("social_incubators", "business_incubators") for tag in tags):
        return "Support structure"
    return "Social enterprise"


ENGLISH = re.compile(r"\b(the|and|of|is|with|for|are|which)\b", re.IGNORECASE)
FRENCH = re.compile(r"\b(le|la|les|des|et|est|une|pour|dans|du)\b", re.IGNORECASE)


def description_column(text: str) -> str:
    """``Description:en`` or ``Description:fr`` when the text is clearly in that language, else ``Description``."""
    english, french = len(ENGLISH.findall(text)), len(FRENCH.findall(text))
    if english >= 3 and english > 2 * french:
        return "Description:en"
    if french >= 3 and french > 2 * english:
        return "Description:fr"
    return "Description"


def first_url(text: str) -> str:
    """The first word of ``text`` that looks like a web address (some cells hold several, or a handle)."""
    for word in text.split():
        word = word.strip(",;")
        if re.match(r"(https?://)?[\w-]+(\.[\w-]+)+", word) and "@" not in word:
            return word
    return ""


def build_susy(shared: Path) -> list[dict[str, str]]:
    rows = []
    path = shared / "actors" / "susy_transformap" / "susy_mediterranean_subset.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for source in csv.DictReader(handle):
            tags = [tag.strip().lower() for tag in re.split(r"[;,]", source["type_of_initiative"]) if tag.strip()]
            name = " ".join(source["name"].split())
            street = " ".join(source["street"].split())
            number = source["housenumber"].strip()
            if number and number not in street:
                street = f"{street} {number}".strip()
            description = source["description"].strip()
            row = dict.fromkeys(ACTOR_COLUMNS, "")
            row.update(
                {
                    "Identifier": source["source_id"],
                    "Name": name,
                    "Organisational Structure": susy_structure(name, description, tags),
                    "Activities": susy_codes(tags, SUSY_ACTIVITIES),
                    "Themes": susy_codes(tags, SUSY_THEMES),
                    "Street Address": street,
                    "Locality": " ".join(source["city"].split()),
                    "Postcode": source["postcode"].strip(),
                    "Country": source["country_iso2"],
                    "Website": first_url(source["website"]),
                    "Latitude": source["lat"],
                    "Longitude": source["lon"],
                }
            )
            if description:
                row[description_column(description)] = description
            rows.append(row)
    return rows


# ESS France numérique: SIRENE legal categories → our legal forms (see the README).
SCOP_CATEGORIES = {"5458", "5558", "5658"}
NAF_ACTIVITIES = {"58": "ICA110", "62": "ICA110", "63": "ICA110", "85": "ICA160", "88": "ICA200", "94": "ICA180"}
FAMILY_STRUCTURES = {"association": "Association", "cooperative": "Co-operative", "fondation": "Foundation"}
TARGET_ROWS = 300


def legal_form(category: str, family: str) -> str:
    if category in SCOP_CATEGORIES:
        return "FR-SCOP"
    if category == "9300" or family == "fondation":
        return "FR-FONDATION"
    if category.startswith("92") and category != "9260":  # 9260: local law of Alsace-Moselle, not the 1901 law
        return "FR-ASSO-1901"
    if category.startswith("92"):
        return "L4"
    if family == "cooperative":
        return "L2"
    return ""


def build_ess_france(shared: Path) -> list[dict[str, str]]:
    path = shared / "actors" / "fr_ess_numerique" / "x_label_studio.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        active = [
            row
            for row in csv.DictReader(handle)
            if row["est_active"] == "True" and row["famille_ess"] in FAMILY_STRUCTURES
        ]
    others = sorted((row for row in active if row["famille_ess"] != "association"), key=lambda row: row["siren"])
    associations = sorted(
        (row for row in active if row["famille_ess"] == "association" and "ess_france" in row["sources"]),
        key=lambda row: row["siren"],
    )
    wanted = TARGET_ROWS - len(others)
    step = len(associations) / wanted
    chosen = others + [associations[int(index * step)] for index in range(wanted)]
    rows = []
    for source in sorted(chosen, key=lambda row: row["siren"]):
        category = source["categorie_juridique"].split(".")[0]
        postcode = source["code_postal"].split(".")[0]
        row = dict.fromkeys(ACTOR_COLUMNS, "")
        row.update(
            {
                "Identifier": source["siren"],
                "Name": " ".join(source["denomination"].replace("&amp;", "&").split()),
                "Organisational Structure": FAMILY_STRUCTURES[source["famille_ess"]],
                "Activities": NAF_ACTIVITIES.get(source["naf"][:2], ""),
                "Legal Form": legal_form(category, source["famille_ess"]),
                "Acronym": source["sigle"].strip()[:40],
                "Founded": source["date_creation"],
                "Locality": source["commune"].strip(),
                "Postcode": postcode.zfill(5) if postcode else "",
                "Country": "FR",
                "Website": first_url(source["site_web"]),
            }
        )
        rows.append(row)
    return rows


def write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    sys.stdout.write(f"{path.name}: {len(rows)} rows\n")


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SHARED
    write(HERE / "taxonomies.csv", TAXONOMY_COLUMNS, build_taxonomies(shared))
    write(HERE / "actors_susy.csv", ACTOR_COLUMNS, build_susy(shared))
    write(HERE / "actors_ess_france_numerique.csv", ACTOR_COLUMNS, build_ess_france(shared))


if __name__ == "__main__":
    main()
