"""The demo directory, loaded by ``manage.py load_demo`` after the territories and the demo accounts.

- the taxonomies (``data/taxonomies.csv``);
- real actors from open data, published: the Mediterranean subset of the SUSY map (public domain) and about
  300 French ESS organisations of the digital sector (SIRENE and ESS France, Licence Ouverte), without any
  personal email or phone;
- fictional cooperatives and associations of the Oriental's eight provinces and prefecture, and of Occitanie,
  each marked "(fictive)", "(خيالية)", "(fictional)" in its name, with the two regions and two real support
  structures of Occitanie (public information only), all in ``data/actors_essmed_demo.csv``;
- a few offers and requests of the fictional actors, in French, Arabic and English.

Everything goes through the importer and is matched on natural keys: loading twice changes nothing.
``data/README.md`` gives the source, licence and changes of each file.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone, translation
from modeltranslation.settings import DEFAULT_LANGUAGE

from essmed.accounts.models import Organisation
from essmed.directory.importing import import_actors
from essmed.directory.models import Actor, Offer, OfferKind, OfferTopic
from essmed.directory.taxonomies import DATA_DIR, load_taxonomies

DEMO_SOURCE = "essmed-demo"
FILES = [
    ("actors_susy.csv", "susy-transformap"),
    ("actors_ess_france_numerique.csv", "ess-france-numerique"),
    ("actors_essmed_demo.csv", DEMO_SOURCE),
]
# Demo organisations of the accounts app (accounts/demo.py) → their actor in actors_essmed_demo.csv.
ORGANISATION_ACTORS = {
    "cooperative-zaytoun-berkane": "oriental-zaytoun-berkane",
    "urscop-occitanie": "occitanie-urscop",
    "region-occitanie": "occitanie-region",
    "region-oriental": "oriental-region",
}
OFFERS: list[dict[str, Any]] = [
    {
        "actor": "oriental-zaytoun-berkane",
        "kind": OfferKind.OFFER,
        "topic": OfferTopic.SUPPLIERS,
        "title_fr": "Huile d'olive vierge extra pour épiceries solidaires",
        "title_ar": "زيت الزيتون البكر الممتاز لمحلات البقالة التضامنية",
        "title_en": "Extra virgin olive oil for solidarity grocers",
        "description_fr": "Nous cherchons des épiceries et des coopératives de consommateurs pour vendre notre huile "
        "d'olive de la récolte d'hiver, en bidons de 5 litres ou en bouteilles.",
        "description_ar": "نبحث عن محلات بقالة وتعاونيات للمستهلكين لبيع زيت الزيتون من جني الشتاء، في صفائح "
        "من 5 لترات أو في قنينات.",
        "description_en": "We are looking for grocers and consumer cooperatives to sell our winter-harvest olive "
        "oil, in 5-litre cans or in bottles.",
        "days": 180,
    },
    {
        "actor": "oriental-dattes-figuig",
        "kind": OfferKind.REQUEST,
        "topic": OfferTopic.PARTNERS,
        "title_fr": "Partenaires pour vendre les dattes Aziza en Europe",
        "title_ar": "شركاء لتسويق تمور عزيزة في أوروبا",
        "title_en": "Partners to sell Aziza dates in Europe",
        "description_fr": "La coopérative cherche une coopérative ou une entreprise du commerce équitable pour "
        "importer et distribuer ses dattes.",
        "description_ar": "تبحث التعاونية عن تعاونية أو مقاولة للتجارة العادلة لاستيراد تمورها وتوزيعها.",
        "description_en": "The cooperative is looking for a fair-trade cooperative or company to import and "
        "distribute its dates.",
        "days": 240,
    },
    {
        "actor": "oriental-couscous-oujda",
        "kind": OfferKind.REQUEST,
        "topic": OfferTopic.EXPERTISE,
        "title_fr": "Conseil pour l'emballage et l'étiquetage",
        "title_ar": "استشارة في التعبئة والتلفيف ووضع البطاقات",
        "title_en": "Advice on packaging and labelling",
        "description_fr": "Nous voulons vendre notre couscous hors de la région : qui peut nous aider à concevoir "
        "un emballage et une étiquette conformes ?",
        "description_ar": "نريد بيع الكسكس خارج الجهة: من يستطيع مساعدتنا في تصميم تلفيف وبطاقة مطابقين للمعايير؟",
        "description_en": "We want to sell our couscous outside the region: who can help us design compliant "
        "packaging and labels?",
        "days": None,
    },
    {
        "actor": "oriental-couture-nador",
        "kind": OfferKind.REQUEST,
        "topic": OfferTopic.FUNDING,
        "title_fr": "Financement d'un second atelier de couture",
        "title_ar": "تمويل ورشة خياطة ثانية",
        "title_en": "Funding for a second sewing workshop",
        "description_fr": "L'association cherche un cofinancement pour équiper un atelier de dix machines.",
        "description_ar": "تبحث الجمعية عن تمويل مشترك لتجهيز ورشة بعشر آلات.",
        "description_en": "The association is looking for co-funding to equip a workshop with ten machines.",
        "days": 120,
    },
    {
        "actor": "occitanie-olive-clermont",
        "kind": OfferKind.OFFER,
        "topic": OfferTopic.PRACTICES,
        "title_fr": "Échange de pratiques entre coopératives oléicoles des deux rives",
        "title_ar": "تبادل الممارسات بين تعاونيات الزيتون في الضفتين",
        "title_en": "Exchange of practices between olive cooperatives of both shores",
        "description_fr": "Nous accueillons une délégation de coopératives oléicoles pendant la récolte pour "
        "partager nos méthodes de trituration et de certification biologique.",
        "description_ar": "نستقبل وفدا من تعاونيات الزيتون خلال موسم الجني لتقاسم طرقنا في العصر والإشهاد البيولوجي.",
        "description_en": "We host a delegation of olive cooperatives during the harvest to share our pressing "
        "and organic certification methods.",
        "days": 300,
    },
    {
        "actor": "oriental-tourisme-saidia",
        "kind": OfferKind.OFFER,
        "topic": OfferTopic.PRACTICES,
        "title_fr": "Accueil de groupes en tourisme solidaire",
        "title_ar": "استقبال مجموعات في إطار السياحة التضامنية",
        "title_en": "Hosting solidarity tourism groups",
        "description_fr": "Séjours de trois à cinq jours chez l'habitant, avec visites des coopératives de la "
        "province de Berkane.",
        "description_ar": "إقامات من ثلاثة إلى خمسة أيام لدى السكان، مع زيارات لتعاونيات إقليم بركان.",
        "description_en": "Three- to five-day homestays, with visits to cooperatives of Berkane province.",
        "days": 365,
    },
]


def load(stdout: Any) -> None:
    stdout.write(f"Taxonomy terms: {load_taxonomies()}")
    for filename, source in FILES:
        with (DATA_DIR / filename).open("rb") as stream:
            summary = import_actors(stream, source=source, publish=True)
        if summary.rejected:
            raise CommandError(f"{filename}: {summary.rejected} row(s) rejected; the demo files must be clean.")
        with translation.override("en"):  # the demo's output is in English, as the other loaders'
            stdout.write(f"Actors of {filename} (source {source}): {summary}")
    link_organisations()
    with translation.override(DEFAULT_LANGUAGE):  # the untranslated column (title) in the default language
        created = load_offers()
    stdout.write(f"Demo offers and requests: {created} created")


def link_organisations() -> None:
    """Give the demo organisations of the accounts app their actor, so that their members may edit it."""
    organisations = dict(Organisation.objects.filter(slug__in=ORGANISATION_ACTORS).values_list("slug", "pk"))
    for slug, key in ORGANISATION_ACTORS.items():
        if slug in organisations and not Actor.objects.filter(organisation_id=organisations[slug]).exists():
            Actor.objects.filter(source=DEMO_SOURCE, source_key=key, organisation=None).update(
                organisation_id=organisations[slug]
            )


def load_offers() -> int:
    """Create the demo offers that do not exist yet (matched on their actor and French title)."""
    actors = dict(
        Actor.objects.filter(source=DEMO_SOURCE, source_key__in={offer["actor"] for offer in OFFERS}).values_list(
            "source_key", "pk"
        )
    )
    today = timezone.localdate()
    created = 0
    for spec in OFFERS:
        values = {key: value for key, value in spec.items() if key not in ("actor", "days")}
        if Offer.objects.filter(actor_id=actors[spec["actor"]], title_fr=values["title_fr"]).exists():
            continue
        expires = today + timedelta(days=spec["days"]) if spec["days"] else None
        Offer.objects.create(actor_id=actors[spec["actor"]], expires_on=expires, **values)
        created += 1
    return created
