"""Demo organisations and one account per role, all with the password ``essmed-demo``.

The two regions and the support structures are real organisations named for the demo; the
cooperative is fictional and says so.
"""

from __future__ import annotations

from typing import Any

from essmed.accounts.actions import grant_role
from essmed.accounts.models import Organisation, OrganisationKind, Role, User
from essmed.territories.models import Country, Region

DEMO_PASSWORD = "essmed-demo"  # noqa: S105 - published on purpose, refused when DEBUG is off

ORGANISATIONS: list[dict[str, Any]] = [
    {
        "slug": "region-occitanie",
        "kind": OrganisationKind.LOCAL_AUTHORITY,
        "country": "FR",
        "region": "occitanie",
        "name_fr": "Région Occitanie",
        "name_en": "Occitanie Region",
        "name_ar": "جهة أوكسيتانيا",
        "website": "https://www.laregion.fr/",
    },
    {
        "slug": "region-oriental",
        "kind": OrganisationKind.LOCAL_AUTHORITY,
        "country": "MA",
        "region": "oriental",
        "name_fr": "Région de l'Oriental",
        "name_en": "Oriental Region",
        "name_ar": "جهة الشرق",
        "website": "https://conseilregionoriental.ma/",
    },
    {
        "slug": "maison-ess-oriental",
        "kind": OrganisationKind.SUPPORT_STRUCTURE,
        "country": "MA",
        "region": "oriental",
        "name_fr": "Maison de l'ESS de l'Oriental",
        "name_en": "Oriental House of the Social and Solidarity Economy",
        "name_ar": "دار الاقتصاد الاجتماعي والتضامني بجهة الشرق",
    },
    {
        "slug": "urscop-occitanie",
        "kind": OrganisationKind.SUPPORT_STRUCTURE,
        "country": "FR",
        "region": "occitanie",
        "name_fr": "URSCOP Occitanie",
        "name_en": "URSCOP Occitanie (regional union of worker cooperatives)",
        "name_ar": "الاتحاد الجهوي للتعاونيات العمالية بأوكسيتانيا",
        "website": "https://www.scop.org/",
    },
    {
        "slug": "cooperative-zaytoun-berkane",
        "kind": OrganisationKind.COOPERATIVE,
        "country": "MA",
        "region": "oriental",
        "name_fr": "Coopérative Zaytoun de Berkane (fictive)",
        "name_en": "Zaytoun Cooperative of Berkane (fictional)",
        "name_ar": "تعاونية الزيتون ببركان (خيالية)",
        "description_fr": "Coopérative fictive de transformation d'olives, créée pour la démonstration.",
        "description_en": "A fictional olive-processing cooperative, made up for the demo.",
        "description_ar": "تعاونية خيالية لتحويل الزيتون، أنشئت لأغراض العرض.",
    },
]

# email, full name, language, role, organisation slug, region slug, manages the organisation
ACCOUNTS: list[tuple[str, str, str, str, str | None, str | None, bool]] = [
    ("admin@example.org", "Amina Admin", "fr", Role.ADMIN, None, None, False),
    ("staff@example.org", "Sophie Staff", "fr", Role.STAFF, None, None, False),
    ("advisor@example.org", "Youssef Advisor", "ar", Role.ADVISOR, "maison-ess-oriental", None, False),
    ("member@example.org", "Fatima Member", "ar", Role.MEMBER, "cooperative-zaytoun-berkane", None, True),
    ("delegate@example.org", "Dimitris Delegate", "en", Role.DELEGATE, None, "occitanie", False),
    ("trainer@example.org", "Thomas Trainer", "fr", Role.TRAINER, "urscop-occitanie", None, False),
    ("participant@example.org", "Pauline Participant", "fr", Role.PARTICIPANT, None, None, False),
]


def load(stdout: Any) -> None:
    organisations = {}
    for spec in ORGANISATIONS:
        data = dict(spec)
        slug = data.pop("slug")
        data["country"] = Country.objects.get(code=data["country"])
        data["region"] = Region.objects.get(slug=data["region"])
        organisations[slug], _created = Organisation.objects.update_or_create(slug=slug, defaults=data)

    stdout.write("Demo accounts (password: essmed-demo):")
    for email, full_name, language, role, org_slug, region_slug, manager in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, preferred_language=language)
        grant_role(
            user,
            role,
            organisation=organisations[org_slug] if org_slug else None,
            region=Region.objects.get(slug=region_slug) if region_slug else None,
            is_manager=manager,
        )
        stdout.write(f"  {email:<26} {Role(role).label}")
