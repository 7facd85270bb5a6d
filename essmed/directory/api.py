"""The directory's read-only API, mounted at /api/actors (see essmed/api.py and docs/directory.md).

- ``GET /api/actors``: published actors, filtered and searched, a page at a time;
- ``GET /api/actors/offers``: current offers and requests for cooperation;
- ``GET /api/actors/{id}``: one actor, in full (a draft only to whoever may see it, as on its page).

Every parameter is validated: a bad or unknown value is answered 400 with a reason naming the parameter (in the
language asked, see essmed/api.py), and so is a parameter given twice; an empty value is the same as none, as on
the list page. Without a word to search (no ``q``, or only punctuation or particles) actors come by id.
Counts stop at ``COUNT_CAP`` so that they stay cheap on a directory of a million actors (``count_exact`` says
whether the count was capped), and pages reach that many results, no further (the CSV export has them all).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import field_validator
from pydantic_core import PydanticUseDefault

from essmed.accounts.models import OrganisationKind
from essmed.directory.access import get_actor_for_user
from essmed.directory.exports import LANGUAGE_CODES, text_in, translations, web_address
from essmed.directory.models import Actor, Offer, OfferKind, OfferTopic, Term, Vocabulary
from essmed.directory.search import COUNT_CAP, apply_search, capped_count, parse_query
from essmed.territories.models import Country, Region

router = Router(tags=["actors"])

MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000
MAX_QUERY_LENGTH = 200
SLUG = r"^[-a-zA-Z0-9_]+$"
TERM_CODE = r"^[-a-zA-Z0-9_.]+$"
_LANGUAGE_ENUM: dict[str, Any] = {"enum": LANGUAGE_CODES}


# ---------------------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------------------


class Parameters(Schema):
    """Parameters of a query string, where an empty value (``?country=``) is the same as none, as on the list
    page."""

    @field_validator("*", mode="before")
    @classmethod
    def empty_is_absent(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            if not value:
                raise PydanticUseDefault
        return value


class LanguageParams(Parameters):
    lang: str = Field(
        settings.LANGUAGE_CODE,
        description="Language of the texts and links; a text missing in it falls back to French, then English.",
        json_schema_extra=_LANGUAGE_ENUM,
    )

    @field_validator("lang")
    @classmethod
    def known_language(cls, value: str) -> str:
        if value not in LANGUAGE_CODES:
            raise ValueError(unknown_language())
        return value


def unknown_language() -> str:
    return gettext("unknown language, use one of %(languages)s") % {"languages": ", ".join(LANGUAGE_CODES)}


class PageParams(LanguageParams):
    page: int = Field(
        1,
        ge=1,
        le=MAX_PAGE,
        description=f"Page number, from 1. A page past the last is empty; pages reach the first {COUNT_CAP} results.",
    )
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page, at most {MAX_PAGE_SIZE}.")


class ActorParams(PageParams):
    q: str = Field(
        "",
        max_length=MAX_QUERY_LENGTH,
        description="Words to search in every language (French, Arabic with or without diacritics, English).",
    )
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. MA.")
    type: OrganisationKind | None = Field(None, description="Type of actor.")
    region: str | None = Field(None, max_length=80, pattern=SLUG, description="Region identifier, e.g. oriental.")
    sector: str | None = Field(None, max_length=40, pattern=TERM_CODE, description="ICA activity code, e.g. ICA20.")
    theme: str | None = Field(None, max_length=40, pattern=TERM_CODE, description="ESSGlobal theme code, e.g. T11.")


class OfferParams(PageParams):
    kind: OfferKind | None = Field(None, description="Offer or request.")
    topic: OfferTopic | None = Field(None, description="What the offer or request is about.")
    country: str | None = Field(None, pattern=r"^[A-Za-z]{2}$", description="Country of the actor (ISO alpha-2).")


# ---------------------------------------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------------------------------------


class ActorItem(Schema):
    id: int
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    type: str
    url: str = Field(description="The actor's page.")
    jsonld_url: str = Field(description="schema.org + ESSGlobal JSON-LD.")
    murmurations_url: str = Field(description="Murmurations profile (organizations_schema-v1.0.0).")
    locality: str
    region: str | None = Field(description="Region identifier (the `region` filter).")
    region_name: str
    latitude: float | None
    longitude: float | None
    updated: datetime


class ActorPage(Schema):
    count: int = Field(description=f"Number of matching actors, counted up to {COUNT_CAP}.")
    count_exact: bool = Field(description=f"False when there are more than {COUNT_CAP} (count is then the cap).")
    page: int
    page_size: int
    items: list[ActorItem]


class TermOut(Schema):
    code: str
    label: str
    uri: str


class NetworkOut(Schema):
    id: int
    name: str
    url: str


class OfferOut(Schema):
    id: int
    kind: str
    topic: str
    title: str
    expires_on: date | None
    url: str


class Members(Schema):
    total: int | None
    women: int | None
    men: int | None


class ActorDetail(ActorItem):
    translations: dict[str, dict[str, str]] = Field(description="name, description, mission in each language.")
    description: str
    mission: str
    legal_name: str
    acronym: str
    type_label: str
    legal_form: TermOut | None
    sectors: list[TermOut]
    themes: list[TermOut]
    street_address: str
    postcode: str
    country_name: str
    division: str = Field(description="Province, prefecture or department.")
    commune: str
    geo_precision: str
    website: str
    email: str = Field(description="The organisation's public address, never a person's.")
    phone: str
    languages: list[str]
    founded: date | None
    members: Members
    networks: list[NetworkOut]
    offers: list[OfferOut] = Field(description="Current offers and requests.")
    status: str
    source: str
    source_key: str
    created: datetime


class ParameterError(Schema):
    parameter: str
    reason: str


class BadParameters(Schema):
    detail: str = Field(examples=["Invalid parameters."])
    errors: list[ParameterError]


class NotFound(Schema):
    detail: str = Field(examples=["Not Found"])


class OfferItem(OfferOut):
    actor: int
    actor_name: str
    country: str


class OfferPage(Schema):
    count: int
    count_exact: bool
    page: int
    page_size: int
    items: list[OfferItem]


# ---------------------------------------------------------------------------------------------------------
# Endpoints
# ---------------------------------------------------------------------------------------------------------


@router.get("", response={200: ActorPage, 400: BadParameters}, summary="Search and list actors")
def list_actors(request: HttpRequest, params: Query[ActorParams]) -> dict[str, Any]:
    one_value_each(request, params)
    actors = Actor.objects.visible_to(request.user).published()
    if params.country:
        actors = actors.filter(country=_country(params.country, "country"))
    if params.type:
        actors = actors.filter(actor_type=params.type)
    if params.region:
        region = Region.objects.filter(slug=params.region).first()
        if region is None:
            raise _bad("region", gettext("unknown region '%(region)s'") % {"region": params.region})
        actors = actors.filter(region=region)
    if params.sector:
        actors = actors.filter(sectors=_term(Vocabulary.ACTIVITY, params.sector, "sector"))
    if params.theme:
        actors = actors.filter(themes=_term(Vocabulary.THEME, params.theme, "theme"))
    query = parse_query(params.q)
    if query:
        narrowed = any((params.country, params.type, params.region, params.sector, params.theme))
        actors, _order = apply_search(actors, query, narrowed=narrowed)
    else:  # no word to search (none given, or only punctuation or particles): by id, stable for harvesting
        actors = actors.order_by("pk")
    count = _capped_count(actors)
    start, stop = _bounds(params, count)
    rows = list(actors.select_related("country", "region").defer("search_document")[start:stop])
    with translation.override(params.lang):
        link = _linker(request)
        items = [_item(actor, params.lang, link) for actor in rows]
    return {**count, "page": params.page, "page_size": params.page_size, "items": items}


@router.get(
    "/offers", response={200: OfferPage, 400: BadParameters}, summary="Current offers and requests for cooperation"
)
def list_offers(request: HttpRequest, params: Query[OfferParams]) -> dict[str, Any]:
    one_value_each(request, params)
    offers = Offer.objects.current().order_by("-pk")  # newest first, along the primary key
    if params.kind:
        offers = offers.filter(kind=params.kind)
    if params.topic:
        offers = offers.filter(topic=params.topic)
    if params.country:
        offers = offers.filter(actor__country=_country(params.country, "country"))
    count = _capped_count(offers)
    start, stop = _bounds(params, count)
    rows = list(offers.select_related("actor__country")[start:stop])
    with translation.override(params.lang):
        link = _linker(request)
        items = [
            {
                **_offer(offer, params.lang, link),
                "actor": offer.actor_id,
                "actor_name": text_in(offer.actor, "name", params.lang),
                "country": offer.actor.country.code,
            }
            for offer in rows
        ]
    return {**count, "page": params.page, "page_size": params.page_size, "items": items}


@router.get(
    "/{int:actor_id}", response={200: ActorDetail, 400: BadParameters, 404: NotFound}, summary="One actor, in full"
)
def get_actor(request: HttpRequest, actor_id: int, params: Query[LanguageParams]) -> dict[str, Any]:
    one_value_each(request, params)
    lang = params.lang
    actor = get_actor_for_user(request, actor_id)
    prefetch_related_objects(
        [actor],
        Prefetch("sectors", queryset=Term.objects.order_by("code")),
        Prefetch("themes", queryset=Term.objects.order_by("code")),
        Prefetch("networks", queryset=Actor.objects.visible_to(request.user).order_by("name_fr")),
        Prefetch("offers", queryset=Offer.objects.current().order_by("-created_at", "-pk"), to_attr="current_offers"),
        "division",
        "commune",
    )
    with translation.override(lang):
        link = _linker(request)
        return _detail(actor, lang, link)


# ---------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------


def _bad(parameter: str, reason: str) -> ValidationError:
    """A 400 answer naming the parameter (see the handler in essmed/api.py); ``reason`` in the active language,
    which is that of the error reasons while an endpoint runs."""
    return ValidationError([{"loc": ("query", parameter), "msg": reason}])


def one_value_each(request: HttpRequest, params: Schema) -> None:
    """Refuse a parameter given more than once (``?country=ma&country=fr``): each takes one value, and taking
    the last one silently would answer another question than the one asked."""
    for name in type(params).model_fields:
        if len(request.GET.getlist(name)) > 1:
            raise _bad(name, gettext("give one value only"))


def _country(code: str, parameter: str) -> Country:
    country = Country.objects.filter(code=code.upper()).first()
    if country is None:
        raise _bad(parameter, gettext("unknown country code '%(code)s'") % {"code": code})
    return country


def _term(vocabulary: str, code: str, parameter: str) -> Term:
    term: Term | None = Term.objects.of(vocabulary).filter(code__iexact=code).first()
    if term is None:
        reason = (
            gettext("unknown sector code '%(code)s'")
            if parameter == "sector"
            else gettext("unknown theme code '%(code)s'")
        )
        raise _bad(parameter, reason % {"code": code})
    return term


def _capped_count(queryset: QuerySet[Any]) -> dict[str, Any]:
    """The number of rows, counted up to ``COUNT_CAP`` only (a LIMITed subquery: cheap at any size)."""
    count = capped_count(queryset, COUNT_CAP)
    return {"count": min(count, COUNT_CAP), "count_exact": count <= COUNT_CAP}


def _bounds(params: PageParams, count: dict[str, Any]) -> tuple[int, int]:
    """The offsets of the first row of the page asked for and of the row after its last. Pages reach the first
    ``COUNT_CAP`` results only, so that no request makes the database skip more rows than that: a page that
    starts past them is empty when the count is known to end there, and refused otherwise; the last page stops
    at the cap."""
    start = (params.page - 1) * params.page_size
    if start >= COUNT_CAP and not count["count_exact"]:
        raise _bad(
            "page",
            gettext("pages reach the first %(cap)s results only: narrow the search") % {"cap": COUNT_CAP},
        )
    return start, max(start, min(start + params.page_size, COUNT_CAP))


Linker = Callable[[str, int], str]


def _linker(request: HttpRequest) -> Linker:
    """Absolute URL of a named page for an object, in the language active when called."""

    def link(name: str, pk: int) -> str:
        return request.build_absolute_uri(reverse(name, args=[pk]))

    return link


def _item(actor: Actor, lang: str, link: Linker) -> dict[str, Any]:
    region = actor.region
    return {
        "id": actor.pk,
        "name": text_in(actor, "name", lang) or actor.name,
        "country": actor.country.code,
        "type": actor.actor_type,
        "url": link("actors:detail", actor.pk),
        "jsonld_url": link("actors:jsonld", actor.pk),
        "murmurations_url": link("actors:murmurations", actor.pk),
        "locality": actor.locality,
        "region": region.slug if region else None,
        "region_name": text_in(region, "name", lang) if region else "",
        "latitude": actor.latitude,
        "longitude": actor.longitude,
        "updated": actor.updated_at,
    }


def _term_out(term: Term, lang: str) -> dict[str, str]:
    return {"code": term.code, "label": text_in(term, "label", lang), "uri": term.uri}


def _offer(offer: Offer, lang: str, link: Linker) -> dict[str, Any]:
    return {
        "id": offer.pk,
        "kind": offer.kind,
        "topic": offer.topic,
        "title": text_in(offer, "title", lang),
        "expires_on": offer.expires_on,
        "url": link("actors:offer", offer.pk),
    }


def _detail(actor: Actor, lang: str, link: Linker) -> dict[str, Any]:
    texts = {field: translations(actor, field) for field in ("name", "description", "mission")}
    return {
        **_item(actor, lang, link),
        "translations": texts,
        "description": text_in(actor, "description", lang),
        "mission": text_in(actor, "mission", lang),
        "legal_name": actor.legal_name,
        "acronym": actor.acronym,
        "type_label": str(actor.get_actor_type_display()),
        "legal_form": _term_out(actor.legal_form, lang) if actor.legal_form else None,
        "sectors": [_term_out(term, lang) for term in actor.sectors.all()],
        "themes": [_term_out(term, lang) for term in actor.themes.all()],
        "street_address": actor.street_address,
        "postcode": actor.postcode,
        "country_name": text_in(actor.country, "name", lang),
        "division": text_in(actor.division, "name", lang) if actor.division else "",
        "commune": text_in(actor.commune, "name", lang) if actor.commune else "",
        "geo_precision": actor.geo_precision,
        "website": web_address(actor.website) or actor.website,
        "email": actor.public_email,
        "phone": actor.public_phone,
        "languages": actor.language_list(),
        "founded": actor.founded,
        "members": {"total": actor.members_total, "women": actor.members_women, "men": actor.members_men},
        "networks": [
            {"id": network.pk, "name": text_in(network, "name", lang), "url": link("actors:detail", network.pk)}
            for network in actor.networks.all()
        ],
        "offers": [_offer(offer, lang, link) for offer in getattr(actor, "current_offers", [])],
        "status": actor.status,
        "source": actor.source,
        "source_key": actor.source_key,
        "created": actor.created_at,
    }
