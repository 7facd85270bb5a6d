"""The directory's taxonomies: ESSGlobal legal forms (with national forms beneath them), ICA activities, themes.

``load_taxonomies()`` reads ``data/taxonomies.csv`` (source and licence in ``data/README.md``), checks every
line before writing anything, then creates or updates the terms by their natural key (vocabulary, code) in one
transaction: loading twice changes nothing. The file is the reference for the fields it holds.

The module also holds the mappings the importer uses, as plain data and pure functions: ESSGlobal's
organisational structures (OS10–OS240) and plain words ("Cooperative", "Association"…) to our types of actor,
and a legal form to the type of actor it implies.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import translation
from modeltranslation.settings import DEFAULT_LANGUAGE

from essmed.accounts.models import OrganisationKind
from essmed.core.text import fold_for_search
from essmed.directory.models import Term, Vocabulary
from essmed.territories.models import Country

DATA_DIR = Path(__file__).resolve().parent / "data"
TAXONOMY_FILE = DATA_DIR / "taxonomies.csv"
COLUMNS = ("vocabulary", "code", "broader_code", "country", "label_fr", "label_ar", "label_en", "uri")
LABELS = ("label_fr", "label_ar", "label_en")
CODE = re.compile(r"[A-Z][A-Z0-9-]{0,39}")


class TaxonomyDataError(CommandError):
    """The taxonomy file is missing or malformed; the message names the file and the line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        super().__init__(f"{path}, line {line}: {message}" if line else f"{path}: {message}")


@dataclass(frozen=True)
class TermRow:
    """One checked line of the taxonomy file."""

    line: int
    vocabulary: str
    code: str
    broader_code: str
    country: str
    labels: dict[str, str]
    uri: str


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def read_taxonomies(path: Path = TAXONOMY_FILE) -> list[TermRow]:
    """The rows of the taxonomy file, checked, broader concepts before narrower ones. No database access."""
    if not path.is_file():
        raise TaxonomyDataError(path, None, "file not found")
    vocabularies = set(Vocabulary.values)
    rows: list[TermRow] = []
    seen: dict[tuple[str, str], TermRow] = {}
    check_url = URLValidator(schemes=["http", "https"])
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in COLUMNS if column not in (reader.fieldnames or [])]
            if missing:
                raise TaxonomyDataError(path, 1, f"missing column(s) {', '.join(missing)}")
            for record in reader:
                line = reader.line_num
                if None in record or None in record.values():
                    raise TaxonomyDataError(path, line, f"expected {len(reader.fieldnames or [])} fields")
                values = {key: value.strip() for key, value in record.items()}
                if values["vocabulary"] not in vocabularies:
                    raise TaxonomyDataError(path, line, f"unknown vocabulary {values['vocabulary']!r}")
                if not CODE.fullmatch(values["code"]):
                    raise TaxonomyDataError(path, line, f"code {values['code']!r} is not a term code")
                key = (values["vocabulary"], values["code"])
                if key in seen:
                    raise TaxonomyDataError(path, line, f"{key[1]} already on line {seen[key].line}")
                for label in LABELS:
                    if not values[label]:
                        raise TaxonomyDataError(path, line, f"column {label!r} is empty")
                    if len(values[label]) > 200:
                        raise TaxonomyDataError(path, line, f"column {label!r} is longer than 200 characters")
                if values["uri"]:
                    try:
                        check_url(values["uri"])
                    except Exception as error:
                        raise TaxonomyDataError(path, line, f"uri {values['uri']!r} is not a web address") from error
                if values["country"] and not re.fullmatch(r"[A-Z]{2}", values["country"]):
                    raise TaxonomyDataError(path, line, f"country {values['country']!r} is not an ISO code")
                row = TermRow(
                    line=line,
                    vocabulary=values["vocabulary"],
                    code=values["code"],
                    broader_code=values["broader_code"],
                    country=values["country"],
                    labels={label: values[label] for label in LABELS},
                    uri=values["uri"],
                )
                seen[key] = row
                rows.append(row)
    except UnicodeDecodeError as error:
        raise TaxonomyDataError(path, None, f"not UTF-8 text ({error.reason})") from error
    except csv.Error as error:
        raise TaxonomyDataError(path, None, f"not a valid CSV file ({error})") from error
    for row in rows:
        if row.broader_code:
            broader = seen.get((row.vocabulary, row.broader_code))
            if broader is None:
                raise TaxonomyDataError(path, row.line, f"broader_code {row.broader_code!r} is not in the file")
            if broader.broader_code:
                raise TaxonomyDataError(path, row.line, f"broader_code {row.broader_code!r} has a broader concept")
    return sorted(rows, key=lambda row: bool(row.broader_code))


def save_taxonomies(rows: list[TermRow], path: Path = TAXONOMY_FILE) -> Counts:
    """Create or update the terms of ``rows`` (broader concepts first); returns the counts."""
    counts = Counts()
    countries = dict(Country.objects.values_list("code", "pk"))
    missing = sorted({row.country for row in rows if row.country and row.country not in countries})
    if missing:
        raise TaxonomyDataError(
            path, None, f"countries {', '.join(missing)} are not in the database: run 'manage.py load_territories'"
        )
    existing = {(term.vocabulary, term.code): term for term in Term.objects.all()}
    for row in rows:
        broader = existing[(row.vocabulary, row.broader_code)] if row.broader_code else None
        values: dict[str, object] = {
            **row.labels,
            "broader_id": broader.pk if broader else None,
            "country_id": countries[row.country] if row.country else None,
            "uri": row.uri,
        }
        term = existing.get((row.vocabulary, row.code))
        if term is None:
            term = Term(vocabulary=row.vocabulary, code=row.code, **values)
            term.save()
            existing[(row.vocabulary, row.code)] = term
            counts.created += 1
            continue
        changed = [name for name, value in values.items() if getattr(term, name) != value]
        if changed:
            for name in changed:
                setattr(term, name, values[name])
            term.save()
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts


def load_taxonomies(path: Path = TAXONOMY_FILE) -> Counts:
    """Read and check ``path``, then save its terms in one transaction (the untranslated ``label`` column in
    the default language). Raises TaxonomyDataError before writing anything if the file is malformed."""
    rows = read_taxonomies(path)
    with translation.override(DEFAULT_LANGUAGE), transaction.atomic():
        return save_taxonomies(rows, path)


# Mappings for the importer: pure data.

# ESSGlobal organisational structures (organisational-structure.skos) → our types of actor.
ORGANISATIONAL_STRUCTURES: dict[str, str] = {
    "OS10": OrganisationKind.ASSOCIATION,  # Community group (formal or informal)
    "OS20": OrganisationKind.ASSOCIATION,  # Not-for-profit organisation
    "OS30": OrganisationKind.SOCIAL_ENTERPRISE,  # Social enterprise
    "OS40": OrganisationKind.ASSOCIATION,  # Charity
    "OS50": OrganisationKind.SOCIAL_ENTERPRISE,  # Company (Other)
    "OS60": OrganisationKind.COOPERATIVE,  # Workers co-operative
    "OS70": OrganisationKind.COOPERATIVE,  # Housing co-operative
    "OS80": OrganisationKind.COOPERATIVE,  # Consumer/User coop
    "OS90": OrganisationKind.COOPERATIVE,  # Producer co-operative
    "OS100": OrganisationKind.COOPERATIVE,  # Multi-stakeholder co-operative
    "OS110": OrganisationKind.COOPERATIVE,  # Secondary co-operative
    "OS115": OrganisationKind.COOPERATIVE,  # Co-operative
    "OS120": OrganisationKind.SOCIAL_ENTERPRISE,  # Community Interest Company (CIC)
    "OS130": OrganisationKind.COOPERATIVE,  # Community Benefit Society / IPS
    "OS140": OrganisationKind.SOCIAL_ENTERPRISE,  # Employee trust
    "OS150": OrganisationKind.SOCIAL_ENTERPRISE,  # Self-employed
    "OS160": OrganisationKind.ASSOCIATION,  # Unincorporated
    "OS170": OrganisationKind.MUTUAL,  # Mutual
    "OS180": OrganisationKind.NETWORK,  # National apex
    "OS190": OrganisationKind.NETWORK,  # National sectoral federation or union
    "OS200": OrganisationKind.NETWORK,  # Regional, state or provincial level federation or union
    "OS210": OrganisationKind.NETWORK,  # Cooperative group
    "OS220": OrganisationKind.LOCAL_AUTHORITY,  # Government agency/body
    "OS230": OrganisationKind.NETWORK,  # Supranational
    "OS240": OrganisationKind.NETWORK,  # Cooperative of cooperatives / mutuals
}
# The English labels of those codes, so that a file may give the label instead of the code.
ORGANISATIONAL_STRUCTURE_LABELS: dict[str, str] = {
    "Community group (formal or informal)": "OS10",
    "Not-for-profit organisation": "OS20",
    "Social enterprise": "OS30",
    "Charity": "OS40",
    "Company (Other)": "OS50",
    "Workers co-operative": "OS60",
    "Housing co-operative": "OS70",
    "Consumer/User coop": "OS80",
    "Producer co-operative": "OS90",
    "Multi-stakeholder co-operative": "OS100",
    "Secondary co-operative": "OS110",
    "Co-operative": "OS115",
    "Community Interest Company (CIC)": "OS120",
    "Community Benefit Society / Industrial and Provident Society (IPS)": "OS130",
    "Employee trust": "OS140",
    "Self-employed": "OS150",
    "Unincorporated": "OS160",
    "Mutual": "OS170",
    "National apex": "OS180",
    "National sectoral federation or union": "OS190",
    "Regional, state or provincial level federation or union": "OS200",
    "Cooperative group": "OS210",
    "Government agency/body": "OS220",
    "Supranational": "OS230",
    "Cooperative of cooperatives / mutuals": "OS240",
}
# Plain words for a type of actor, in French, English, Spanish, Italian, Portuguese and Arabic.
STRUCTURE_WORDS: dict[str, str] = {
    **dict.fromkeys(
        [
            "cooperative",
            "co-operative",
            "coop",
            "co-op",
            "cooperativa",
            "cooperativo",
            "cooperative society",
            "تعاونية",
        ],
        OrganisationKind.COOPERATIVE,
    ),
    **dict.fromkeys(
        ["association", "associazione", "asociacion", "associacao", "ngo", "ong", "non-profit", "جمعية"],
        OrganisationKind.ASSOCIATION,
    ),
    **dict.fromkeys(["mutual", "mutuelle", "mutua", "mutualidad", "تعاضدية"], OrganisationKind.MUTUAL),
    **dict.fromkeys(["foundation", "fondation", "fondazione", "fundacion", "fundacao"], OrganisationKind.FOUNDATION),
    **dict.fromkeys(
        ["social enterprise", "entreprise sociale", "impresa sociale", "empresa social", "مقاولة اجتماعية"],
        OrganisationKind.SOCIAL_ENTERPRISE,
    ),
    **dict.fromkeys(
        ["support structure", "structure d'accompagnement", "incubator", "incubateur"],
        OrganisationKind.SUPPORT_STRUCTURE,
    ),
    **dict.fromkeys(
        ["local authority", "collectivite territoriale", "collectivite", "public body"],
        OrganisationKind.LOCAL_AUTHORITY,
    ),
    **dict.fromkeys(["funder", "financeur"], OrganisationKind.FUNDER),
    **dict.fromkeys(["training body", "organisme de formation"], OrganisationKind.TRAINING_BODY),
    **dict.fromkeys(["network", "reseau", "rete", "red", "federation", "شبكة"], OrganisationKind.NETWORK),
}
# Legal forms → the type of actor they imply, when a file gives no organisational structure.
LEGAL_FORM_KINDS: dict[str, str] = {
    **dict.fromkeys(["L1", "L4", "FR-ASSO-1901", "MA-ASSO", "TN-GDA"], OrganisationKind.ASSOCIATION),
    **dict.fromkeys(
        ["L2", "FR-SCOP", "FR-SCIC", "MA-COOP-112-12", "IT-COOP-SOCIALE", "ES-COOP", "GR-KOINSEP", "TN-SMSA"],
        OrganisationKind.COOPERATIVE,
    ),
    **dict.fromkeys(["L3", "L5", "FR-ESUS", "ES-SLL"], OrganisationKind.SOCIAL_ENTERPRISE),
    "FR-MUTUELLE": OrganisationKind.MUTUAL,
    "FR-FONDATION": OrganisationKind.FOUNDATION,
}
# Words of a name that give the type of actor when nothing else does, matched on the folded name (core.text).
NAME_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bco-?op|coopera|cooperativ|تعاوني|συνεταιρ|\bscop\b|\bscic\b"), OrganisationKind.COOPERATIVE),
    (re.compile(r"\bmutuel|\bmutua"), OrganisationKind.MUTUAL),
    (re.compile(r"fondation|foundation|fondazione|fundacion|fundacao|fonds de dotation"), OrganisationKind.FOUNDATION),
    (re.compile(r"associa|asociacion|جمعيه|\bngo\b|\bong\b|σωματειο|συλλογος"), OrganisationKind.ASSOCIATION),
    (re.compile(r"\breseau|\bnetwork|\brete\b|\bfederation|شبكه"), OrganisationKind.NETWORK),
]


def structure_table() -> dict[str, str]:
    """Folded name → type of actor, for every way a file may give it: an ESSGlobal code (``OS115``) or its label,
    one of our types (``social_enterprise``) or its label in each language, a plain word (``Cooperativa``)."""
    table = {fold_for_search(word): kind for word, kind in STRUCTURE_WORDS.items()}
    for label, code in ORGANISATIONAL_STRUCTURE_LABELS.items():
        table[fold_for_search(label)] = ORGANISATIONAL_STRUCTURES[code]
    for code, kind in ORGANISATIONAL_STRUCTURES.items():
        table[fold_for_search(code)] = kind
    for kind in OrganisationKind:
        table[kind.value] = kind.value
        table[kind.value.replace("_", " ")] = kind.value
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                table[fold_for_search(str(kind.label))] = kind.value
    return table


def infer_actor_type(name: str, legal_form_code: str = "") -> str:
    """The type of actor implied by a legal form, else by the words of a name; a social enterprise otherwise."""
    if legal_form_code in LEGAL_FORM_KINDS:
        return LEGAL_FORM_KINDS[legal_form_code]
    folded = fold_for_search(name)
    for pattern, kind in NAME_PATTERNS:
        if pattern.search(folded):
            return kind
    return OrganisationKind.SOCIAL_ENTERPRISE
