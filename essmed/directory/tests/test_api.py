"""The read-only REST API at /api/actors: answers, filters, access, bad parameters, OpenAPI and its docs page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from essmed.accounts.models import OrganisationKind
from essmed.directory import api as directory_api
from essmed.directory.models import OfferKind, OfferTopic, Vocabulary
from essmed.directory.tests.factories import ActorFactory, OfferFactory, TermFactory
from essmed.territories.tests.factories import CountryFactory, RegionFactory

pytestmark = pytest.mark.django_db


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def names(answer):
    return [item["name"] for item in answer["items"]]


# ---------------------------------------------------------------------------------------------------------
# GET /api/actors
# ---------------------------------------------------------------------------------------------------------


def test_list_answers_count_page_and_items_with_their_links(client):
    region = RegionFactory(slug="oriental", name_fr="L'Oriental", name_ar="جهة الشرق", name_en="Oriental")
    actor = ActorFactory(
        name_fr="Coopérative Zaytoun", name_ar="تعاونية الزيتون", locality="Berkane", region=region, located=True
    )
    answer = get(client, "/api/actors")
    assert (answer["count"], answer["count_exact"], answer["page"], answer["page_size"]) == (1, True, 1, 20)
    (item,) = answer["items"]
    assert item == {
        "id": actor.pk,
        "name": "Coopérative Zaytoun",
        "country": "MA",
        "type": "cooperative",
        "url": f"http://testserver/fr/actors/{actor.pk}/",
        "jsonld_url": f"http://testserver/fr/actors/{actor.pk}.jsonld",
        "murmurations_url": f"http://testserver/fr/actors/{actor.pk}/murmurations.json",
        "locality": "Berkane",
        "region": "oriental",
        "region_name": "L'Oriental",
        "latitude": 34.68,
        "longitude": -1.91,
        "updated": item["updated"],
    }
    updated = dt.datetime.fromisoformat(item["updated"].replace("Z", "+00:00"))
    assert abs(updated - actor.updated_at) < dt.timedelta(milliseconds=1)


def test_list_in_arabic_gives_arabic_texts_and_arabic_links(client):
    region = RegionFactory(slug="oriental", name_fr="L'Oriental", name_ar="جهة الشرق")
    actor = ActorFactory(name_fr="Coopérative Zaytoun", name_ar="تعاونية الزيتون", region=region)
    ActorFactory(name_fr="Association sans nom arabe")
    answer = get(client, "/api/actors", lang="ar")
    assert sorted(names(answer)) == sorted(["تعاونية الزيتون", "Association sans nom arabe"])
    (item,) = [item for item in answer["items"] if item["id"] == actor.pk]
    assert item["region_name"] == "جهة الشرق"
    assert item["url"] == f"http://testserver/ar/actors/{actor.pk}/"


def test_list_holds_published_actors_only_even_for_staff(client, sophie):
    ActorFactory(name_fr="Publiée")
    ActorFactory(name_fr="Brouillon", draft=True)
    ActorFactory(name_fr="Archivée", archived=True)
    client.force_login(sophie)
    assert names(get(client, "/api/actors")) == ["Publiée"]


def test_list_filters_by_country_type_region_sector_and_theme(client):
    sector = TermFactory(vocabulary=Vocabulary.ACTIVITY, code="ICA20")
    theme = TermFactory(vocabulary=Vocabulary.THEME, code="T11")
    oriental = RegionFactory(slug="oriental", country=CountryFactory(code="MA"))
    zaytoun = ActorFactory(name_fr="Zaytoun", region=oriental)
    zaytoun.sectors.add(sector)
    zaytoun.themes.add(theme)
    ActorFactory(name_fr="Oasis", actor_type=OrganisationKind.ASSOCIATION)
    ActorFactory(name_fr="Scop Occitane", country=CountryFactory(code="FR"))
    assert names(get(client, "/api/actors", country="FR")) == ["Scop Occitane"]
    assert names(get(client, "/api/actors", country="fr")) == ["Scop Occitane"]
    assert names(get(client, "/api/actors", type="association")) == ["Oasis"]
    assert names(get(client, "/api/actors", region="oriental")) == ["Zaytoun"]
    assert names(get(client, "/api/actors", sector="ICA20")) == ["Zaytoun"]
    assert names(get(client, "/api/actors", theme="T11")) == ["Zaytoun"]
    assert names(get(client, "/api/actors", country="MA", type="cooperative")) == ["Zaytoun"]


def test_list_searches_with_q(client):
    ActorFactory(name_fr="Coopérative agricole Zaytoun", name_ar="تعاونية الزيتون")
    ActorFactory(name_fr="Association des femmes d'Oujda")
    assert names(get(client, "/api/actors", q="agricole")) == ["Coopérative agricole Zaytoun"]
    assert names(get(client, "/api/actors", q="تعاونية")) == ["Coopérative agricole Zaytoun"]
    assert get(client, "/api/actors", q="introuvable")["count"] == 0


@pytest.mark.parametrize("q", ['"', "*", "AND", "a OR", "(", "'; DROP TABLE directory_actor; --", "ال"])
def test_search_syntax_in_q_is_never_an_error(client, q):
    ActorFactory(name_fr="Coopérative agricole")
    answer = get(client, "/api/actors", q=q)
    assert answer["count"] >= 0


def test_list_pages_and_a_page_past_the_last_is_empty(client):
    for n in range(5):
        ActorFactory(name_fr=f"Coopérative {n}")
    first = get(client, "/api/actors", page_size=2)
    third = get(client, "/api/actors", page_size=2, page=3)
    beyond = get(client, "/api/actors", page_size=2, page=4)
    assert (first["count"], len(first["items"]), len(third["items"]), beyond["items"]) == (5, 2, 1, [])
    ids = [item["id"] for page in (1, 2, 3) for item in get(client, "/api/actors", page_size=2, page=page)["items"]]
    assert len(set(ids)) == 5
    assert beyond["page"] == 4


def test_count_is_capped_and_says_so(client, monkeypatch):
    monkeypatch.setattr(directory_api, "COUNT_CAP", 3)
    ActorFactory.create_batch(5)
    answer = get(client, "/api/actors", page_size=2)
    assert (answer["count"], answer["count_exact"]) == (3, False)
    assert len(get(client, "/api/actors", page_size=2, page=2)["items"]) == 1  # starts within the cap, stops at it
    refused = get(client, "/api/actors", status=400, page_size=2, page=3)  # would skip past the cap
    assert [error["parameter"] for error in refused["errors"]] == ["page"]


def test_a_page_far_past_the_last_is_empty_when_the_count_is_exact(client, monkeypatch):
    monkeypatch.setattr(directory_api, "COUNT_CAP", 3)
    ActorFactory.create_batch(2)
    assert get(client, "/api/actors", page=50)["items"] == []


def test_list_runs_the_same_queries_for_one_item_or_a_full_page(client, django_assert_max_num_queries):
    region = RegionFactory()
    ActorFactory(region=region)
    with django_assert_max_num_queries(3) as one:
        get(client, "/api/actors")
    ActorFactory.create_batch(19, region=region)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(get(client, "/api/actors")["items"]) == 20


# ---------------------------------------------------------------------------------------------------------
# Bad parameters: 400 with a reason naming the parameter, never 500
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"page": "-1"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "1e999"}, "page"),
        ({"page": "99999999999999999999999"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"country": "ZZZ"}, "country"),
        ({"country": "QQ"}, "country"),
        ({"country": "é1"}, "country"),
        ({"type": "spaceship"}, "type"),
        ({"region": "atlantis"}, "region"),
        ({"region": "../../etc"}, "region"),
        ({"sector": "ICA9999"}, "sector"),
        ({"theme": "T99"}, "theme"),
        ({"lang": "de"}, "lang"),
        ({"q": "coopérative " * 1000}, "q"),
    ],
)
def test_bad_parameters_are_answered_400_with_a_reason(client, params, parameter):
    ActorFactory()
    answer = get(client, "/api/actors", status=400, **params)
    assert answer["detail"] == "Invalid parameters."
    assert [error["parameter"] for error in answer["errors"]] == [parameter]
    assert all(error["reason"] for error in answer["errors"])


def test_unknown_country_reason_names_the_code(client):
    answer = get(client, "/api/actors", status=400, country="QQ")
    assert answer["errors"] == [{"parameter": "country", "reason": "unknown country code 'QQ'"}]


def test_unknown_parameters_are_ignored(client):
    ActorFactory()
    assert get(client, "/api/actors", colour="blue")["count"] == 1


def test_the_api_is_read_only(client):
    actor = ActorFactory()
    assert client.post("/api/actors", {}).status_code == 405
    assert client.delete(f"/api/actors/{actor.pk}").status_code == 405


# ---------------------------------------------------------------------------------------------------------
# GET /api/actors/{id}
# ---------------------------------------------------------------------------------------------------------


def test_detail_gives_the_full_record(client):
    sector = TermFactory(vocabulary=Vocabulary.ACTIVITY, code="ICA20", label_fr="Agriculture", uri="http://x/ICA20")
    legal_form = TermFactory(vocabulary=Vocabulary.LEGAL_FORM, code="MA-COOP-112-12", label_fr="Coopérative (112-12)")
    network = ActorFactory(name_fr="Réseau ESS", actor_type=OrganisationKind.NETWORK)
    actor = ActorFactory(
        name_fr="Coopérative Zaytoun",
        name_ar="تعاونية الزيتون",
        description_fr="Huile d'olive.",
        legal_form=legal_form,
        public_email="contact@zaytoun.example.org",
        public_phone="+212 536 00 00 00",
        languages="ar, fr",
        founded=dt.date(2012, 3, 1),
        members_total=40,
        members_women=25,
        source="essmed-demo",
        source_key="zaytoun",
    )
    actor.sectors.add(sector)
    actor.networks.add(network)
    current = OfferFactory(actor=actor, title_fr="Cherche distributeurs", kind=OfferKind.REQUEST)
    OfferFactory(actor=actor, expires_on=timezone.localdate() - dt.timedelta(days=1))
    OfferFactory(actor=actor, is_published=False)
    record = get(client, f"/api/actors/{actor.pk}")
    assert record["id"] == actor.pk
    assert record["name"] == "Coopérative Zaytoun"
    assert record["translations"]["name"] == {"fr": "Coopérative Zaytoun", "ar": "تعاونية الزيتون", "en": ""}
    assert record["description"] == "Huile d'olive."
    assert record["legal_form"] == {"code": "MA-COOP-112-12", "label": "Coopérative (112-12)", "uri": ""}
    assert record["sectors"] == [{"code": "ICA20", "label": "Agriculture", "uri": "http://x/ICA20"}]
    assert (record["email"], record["phone"], record["languages"]) == (
        "contact@zaytoun.example.org",
        "+212 536 00 00 00",
        ["ar", "fr"],
    )
    assert record["founded"] == "2012-03-01"
    assert record["members"] == {"total": 40, "women": 25, "men": None}
    assert record["networks"] == [
        {"id": network.pk, "name": "Réseau ESS", "url": f"http://testserver/fr/actors/{network.pk}/"}
    ]
    assert [offer["id"] for offer in record["offers"]] == [current.pk]
    assert record["offers"][0]["kind"] == "request"
    assert (record["status"], record["source"], record["source_key"]) == ("published", "essmed-demo", "zaytoun")


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 404), ("pauline", 404), ("omar", 404), ("youssef", 404), ("karim", 200), ("fatima", 200), ("sophie", 200)],
)
def test_a_draft_is_found_only_by_staff_and_its_members(client, cast, coop, who, status):
    actor = ActorFactory(draft=True, organisation=coop)
    if who:
        client.force_login(cast[who])
    answer = get(client, f"/api/actors/{actor.pk}", status=status)
    if status == 404:
        assert answer == {"detail": "Not Found"}


def test_an_unknown_actor_is_404(client):
    assert get(client, "/api/actors/999999", status=404) == {"detail": "Not Found"}


def test_detail_refuses_an_unknown_language(client):
    actor = ActorFactory()
    answer = get(client, f"/api/actors/{actor.pk}", status=400, lang="xx")
    assert [error["parameter"] for error in answer["errors"]] == ["lang"]


# ---------------------------------------------------------------------------------------------------------
# GET /api/actors/offers
# ---------------------------------------------------------------------------------------------------------


def test_offers_lists_current_offers_and_requests_with_filters(client):
    moroccan = ActorFactory(name_fr="Zaytoun")
    french = ActorFactory(name_fr="Scop Occitane", country=CountryFactory(code="FR"))
    offer = OfferFactory(actor=moroccan, title_fr="Huile d'olive à vendre", title_ar="زيت زيتون للبيع")
    request = OfferFactory(actor=french, kind=OfferKind.REQUEST, topic=OfferTopic.FUNDING, title_fr="Cherche fonds")
    OfferFactory(actor=moroccan, expires_on=timezone.localdate() - dt.timedelta(days=1))
    OfferFactory(actor=ActorFactory(draft=True))
    answer = get(client, "/api/actors/offers")
    assert answer["count"] == 2
    assert {item["id"] for item in answer["items"]} == {offer.pk, request.pk}
    (item,) = get(client, "/api/actors/offers", kind="offer", lang="ar")["items"]
    assert item == {
        "id": offer.pk,
        "kind": "offer",
        "topic": "partners",
        "title": "زيت زيتون للبيع",
        "expires_on": None,
        "url": f"http://testserver/ar/actors/offers/{offer.pk}/",
        "actor": moroccan.pk,
        "actor_name": "Zaytoun",
        "country": "MA",
    }
    assert [i["id"] for i in get(client, "/api/actors/offers", topic="funding")["items"]] == [request.pk]
    assert [i["id"] for i in get(client, "/api/actors/offers", country="FR")["items"]] == [request.pk]
    assert get(client, "/api/actors/offers", status=400, kind="gift")["errors"][0]["parameter"] == "kind"


# ---------------------------------------------------------------------------------------------------------
# OpenAPI and its documentation page
# ---------------------------------------------------------------------------------------------------------


def test_openapi_document_is_version_3_1_and_describes_the_endpoints(client):
    document = get(client, "/api/openapi.json")
    assert document["openapi"].startswith("3.1")
    assert {"/api/actors", "/api/actors/offers", "/api/actors/{actor_id}"} <= set(document["paths"])
    parameters = {p["name"] for p in document["paths"]["/api/actors"]["get"]["parameters"]}
    assert {"q", "country", "type", "region", "sector", "theme", "page", "page_size", "lang"} <= parameters
    assert set(document["paths"]["/api/actors"]["get"]["responses"]) == {"200", "400"}
    assert set(document["paths"]["/api/actors/{actor_id}"]["get"]["responses"]) == {"200", "400", "404"}
    kinds = document["components"]["schemas"]["OrganisationKind"]["enum"]
    assert kinds == [kind.value for kind in OrganisationKind]


def test_docs_page_loads_swagger_from_our_own_static_files(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert "/static/ninja/swagger-ui.css" in sources
    assert all(source.startswith("/static/") for source in sources), sources
    assert '"validatorUrl": null' in html  # no badge fetched from validator.swagger.io
    # The only inline script is a JSON data block, which a 'self' script-src does not run.
    assert re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html) == [' type="application/json" id="swagger-settings"']
    assert "script-src 'self'" in response["Content-Security-Policy"]
    for source in sources:
        asset = client.get(source)
        assert asset.status_code == 200, source
        b"".join(asset.streaming_content) if asset.streaming else asset.content


# ---------------------------------------------------------------------------------------------------------
# Order, pages, repeated and empty parameters
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["", "!!!", "de", "*", "😀"])
def test_a_query_with_no_word_to_search_lists_actors_by_id_as_without_one(client, q):
    zeta = ActorFactory(name_fr="Zeta coopérative")
    alpha = ActorFactory(name_fr="Alpha association")
    middle = ActorFactory(name_fr="Mu mutuelle")
    answer = get(client, "/api/actors", q=q)
    assert [item["id"] for item in answer["items"]] == [zeta.pk, alpha.pk, middle.pk]


def test_the_page_that_reaches_the_cap_stops_at_it(client, monkeypatch):
    monkeypatch.setattr(directory_api, "COUNT_CAP", 3)
    actors = ActorFactory.create_batch(5)
    first = get(client, "/api/actors", page_size=2)["items"]
    second = get(client, "/api/actors", page_size=2, page=2)["items"]
    assert [item["id"] for item in first + second] == [actor.pk for actor in actors[:3]]
    assert get(client, "/api/actors/offers", page_size=2, page=2)["items"] == []


@pytest.mark.parametrize(
    ("parameter", "values"),
    [("country", ["MA", "FR"]), ("type", ["cooperative", "association"]), ("lang", ["fr", "ar"])],
)
def test_a_parameter_given_twice_is_refused_rather_than_the_last_value_taken(client, parameter, values):
    CountryFactory(code="FR")
    ActorFactory()
    answer = get(client, "/api/actors", status=400, **{parameter: values})
    assert answer["errors"] == [{"parameter": parameter, "reason": "give one value only"}]


def test_a_parameter_given_twice_is_refused_on_every_endpoint(client):
    actor = ActorFactory()
    assert get(client, f"/api/actors/{actor.pk}", status=400, lang=["fr", "en"])["errors"][0]["parameter"] == "lang"
    assert get(client, "/api/actors/offers", status=400, kind=["offer", "request"])["errors"][0]["parameter"] == "kind"


def test_an_empty_filter_is_no_filter_as_on_the_list_page(client):
    ActorFactory(name_fr="Zaytoun")
    ActorFactory(name_fr="Scop Occitane", country=CountryFactory(code="FR"))
    answer = get(client, "/api/actors", country="", type="", region="", sector="", theme=" ", q="", page="", lang="")
    assert (answer["count"], answer["page"]) == (2, 1)
    assert get(client, "/api/actors/offers", kind="", topic="", country="")["count"] == 0


# ---------------------------------------------------------------------------------------------------------
# Error reasons in the language asked
# ---------------------------------------------------------------------------------------------------------


def test_error_reasons_are_in_the_language_of_lang(client):
    answer = get(client, "/api/actors", status=400, country="QQ", lang="ar")
    assert answer["detail"] == "معاملات غير صالحة."
    assert answer["errors"] == [{"parameter": "country", "reason": "رمز بلد غير معروف «QQ»"}]
    answer = get(client, "/api/actors", status=400, page="abc", lang="fr")
    assert answer["errors"] == [{"parameter": "page", "reason": "doit être un nombre entier"}]


def test_error_reasons_follow_accept_language_without_lang(client):
    response = client.get("/api/actors", {"region": "atlantis", "page_size": "0"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    reasons = {error["parameter"]: error["reason"] for error in response.json()["errors"]}
    assert reasons == {"page_size": "doit valoir au moins 1"}
    response = client.get("/api/actors", {"region": "atlantis"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.json()["errors"] == [{"parameter": "region", "reason": "جهة غير معروفة «atlantis»"}]
    response = client.get("/api/actors", {"lang": "xx"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["errors"][0]["reason"] == "langue inconnue, utilisez l’une de celles-ci: fr, ar, en"


# ---------------------------------------------------------------------------------------------------------
# NUL characters, HEAD, unknown addresses and methods: JSON answers everywhere under /api/
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/actors?q=x%00", "q"),
        ("/api/actors?region=x%00", "region"),
        ("/api/actors?country=M%00", "country"),
        ("/api/actors/offers?country=%00", "country"),
        ("/api/events?when=%00", "when"),
        ("/api/funding/calls?programme=x%00", "programme"),
        ("/api/funding/calls?q=olive%00", "q"),
    ],
)
def test_a_nul_character_in_a_parameter_is_a_400_naming_it(client, url, parameter):
    ActorFactory()
    response = client.get(url)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"] == [{"parameter": parameter, "reason": "must not contain a NUL character"}]


@pytest.mark.parametrize("url", ["/api/actors", "/api/actors/offers", "/api/events", "/api/funding/calls"])
def test_head_is_answered_wherever_get_is(client, url):
    ActorFactory()
    response = client.head(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.content == b""


def test_head_of_an_actor_has_the_headers_of_its_get(client):
    actor = ActorFactory()
    response = client.head(f"/api/actors/{actor.pk}")
    assert (response.status_code, response.content) == (200, b"")
    assert client.head(f"/api/actors/{ActorFactory(draft=True).pk}").status_code == 404


@pytest.mark.parametrize("url", ["/api/actors/abc", "/api/actors/", "/api/", "/api/nothing/here", "/api/actors/1%00"])
def test_an_address_the_api_does_not_serve_is_a_404_in_json_with_a_reason(client, url):
    answer = get(client, url, status=404)
    assert answer["detail"] == "Not Found"
    assert "/api/docs" in answer["reason"]


def test_a_method_an_endpoint_does_not_take_is_a_405_in_json_saying_which_it_takes(client):
    actor = ActorFactory()
    for response in (
        client.post("/api/actors", {}),
        client.put(f"/api/actors/{actor.pk}"),
        client.delete("/api/events"),
    ):
        assert response.status_code == 405
        assert response["Content-Type"].startswith("application/json")
        assert response["Allow"] == "GET, HEAD"
        assert response.json()["reason"] == "This address answers only GET, HEAD."


@pytest.mark.parametrize("url", ["/api/openapi.json", "/api/docs"])
def test_the_openapi_document_and_its_page_are_read_only(client, url):
    assert client.head(url).status_code == 200
    for method in (client.post, client.put, client.delete, client.patch):
        response = method(url)
        assert response.status_code == 405, method
        assert response.json()["detail"] == "Method Not Allowed"


def test_an_unsafe_method_without_a_csrf_token_still_gets_a_json_answer():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/api/openapi.json").json()["detail"] == "Method Not Allowed"
    assert client.post("/api/nothing").json()["detail"] == "Not Found"
    assert client.post("/api/actors").json()["detail"] == "Method Not Allowed"


def test_the_website_of_an_actor_comes_out_with_its_scheme_and_host_in_lower_case(client):
    actor = ActorFactory(website="HTTP://UPPER.Example.ORG/Notre-Page?Lang=FR")
    assert get(client, f"/api/actors/{actor.pk}")["website"] == "http://upper.example.org/Notre-Page?Lang=FR"
    other = ActorFactory(website="zaytoun.example.org")
    assert get(client, f"/api/actors/{other.pk}")["website"] == "zaytoun.example.org"
