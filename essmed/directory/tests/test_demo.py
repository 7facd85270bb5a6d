import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max

from essmed.accounts.models import Organisation
from essmed.accounts.tests.factories import OrganisationFactory
from essmed.directory import demo
from essmed.directory.models import Actor, ActorStatus, DuplicateCandidate, Offer, Term
from essmed.directory.taxonomies import DATA_DIR
from essmed.territories.models import Country

pytestmark = pytest.mark.django_db

REAL_DEMO_ACTORS = {"occitanie-urscop", "occitanie-realis", "occitanie-region", "oriental-region"}
ORIENTAL_PROVINCES = {"Oujda-Angad", "Berkane", "Nador", "Driouch", "Taourirt", "Jerada", "Guercif", "Figuig"}


@pytest.fixture
def loaded():
    call_command("load_territories", stdout=StringIO())
    for slug in ("cooperative-zaytoun-berkane", "region-oriental"):  # as accounts/demo.py creates them
        OrganisationFactory(slug=slug, country=Country.objects.get(code="MA"))
    out = StringIO()
    demo.load(out)
    return out.getvalue()


def test_the_demo_shows_real_actors_of_at_least_eight_countries_on_the_map(loaded):
    real = Actor.objects.published().exclude(source=demo.DEMO_SOURCE)
    assert real.located().values("country").distinct().count() >= 8
    assert Actor.objects.published().values("country__code").distinct().count() >= 10
    assert Actor.objects.filter(source="susy-transformap").count() == 508
    assert Actor.objects.filter(source="ess-france-numerique").count() == 300
    assert "Actors of actors_susy.csv (source susy-transformap): created 508" in loaded


def test_loading_the_demo_again_changes_nothing(loaded):
    state = (
        Actor.objects.count(),
        Actor.objects.aggregate(last=Max("updated_at"))["last"],
        Term.objects.count(),
        Offer.objects.count(),
        DuplicateCandidate.objects.count(),
    )
    out = StringIO()
    demo.load(out)
    assert "created 0, updated 0, unchanged 508, rejected 0" in out.getvalue()
    assert "Demo offers and requests: 0 created" in out.getvalue()
    assert (
        Actor.objects.count(),
        Actor.objects.aggregate(last=Max("updated_at"))["last"],
        Term.objects.count(),
        Offer.objects.count(),
        DuplicateCandidate.objects.count(),
    ) == state


def test_fictional_actors_say_so_in_every_language(loaded):
    fictional = Actor.objects.filter(source=demo.DEMO_SOURCE).exclude(source_key__in=REAL_DEMO_ACTORS)
    assert fictional.count() == 29
    for actor in fictional:
        assert actor.name_fr.endswith("(fictive)"), actor.name_fr
        assert actor.name_ar.endswith("(خيالية)"), actor.name_ar
        assert actor.name_en.endswith("(fictional)"), actor.name_en


def test_the_oriental_demo_covers_its_eight_provinces_with_arabic_and_french_texts(loaded):
    oriental = Actor.objects.filter(source=demo.DEMO_SOURCE, region__slug="oriental").select_related("division")
    assert {actor.division.name_fr for actor in oriental} == ORIENTAL_PROVINCES
    for actor in oriental:
        assert actor.commune_id and actor.latitude and actor.geo_precision == "locality", actor.source_key
        assert actor.description_ar and actor.description_fr and actor.description_en, actor.source_key
    assert Actor.objects.filter(source=demo.DEMO_SOURCE, region__slug="occitanie").count() == 7


def test_the_demo_has_no_personal_contacts(loaded):
    assert not Actor.objects.exclude(public_email="").exists()
    assert not Actor.objects.exclude(public_phone="").exists()


@pytest.mark.parametrize("filename", [filename for filename, _source in demo.FILES])
def test_the_shipped_actor_files_hold_no_email_or_phone(filename):
    with (DATA_DIR / filename).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert not (row.get("Email") or row.get("Phone")), row["Identifier"]


def test_the_demo_organisations_edit_their_actor(loaded):
    zaytoun = Organisation.objects.get(slug="cooperative-zaytoun-berkane")
    assert zaytoun.actor.source_key == "oriental-zaytoun-berkane"
    assert zaytoun.actor.status == ActorStatus.PUBLISHED
    assert Organisation.objects.get(slug="region-oriental").actor.name_ar == "جهة الشرق"


def test_the_demo_offers_and_requests_are_in_three_languages(loaded):
    offers = Offer.objects.current()
    assert offers.count() == 6
    assert {offer.kind for offer in offers} == {"offer", "request"}
    for offer in offers:
        assert offer.title_fr and offer.title_ar and offer.title_en
        assert offer.description_fr and offer.description_ar and offer.description_en


def test_load_demo_loads_the_directory(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "Taxonomy terms: 67 created" in out.getvalue()
    assert Actor.objects.filter(source=demo.DEMO_SOURCE).count() == 33
