"""Browsing the directory: the list with its search and filters, the map and its points, an actor's page, the
offers and requests. Objects are fetched through ``access.py``, lists filtered through ``search.py``; the number
of queries of a page does not grow with its rows (``select_related``, ``prefetch_related``, annotations)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, Max, Prefetch, Value, prefetch_related_objects
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from essmed.accounts.models import OrganisationKind
from essmed.core.forms import StyledForm
from essmed.core.text import fold_for_search
from essmed.directory.access import get_actor_for_user
from essmed.directory.exports import fallback_order, translations
from essmed.directory.models import Actor, ActorStatus, Offer, OfferKind, OfferTopic, Term, Vocabulary
from essmed.directory.search import (
    ActiveFilters,
    AppliedFilter,
    CappedPaginator,
    countries_on_map,
    countries_with_actors,
    fetch_values,
    filter_actors,
    filter_offers,
    page_of,
    parse_bbox,
    regions_with_actors,
    terms_of,
    visible_pages,
    with_offer_badges,
)

MAP_POINTS_CAP = 2_000
MAP_LIST_SIZE = 20
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


# ---------------------------------------------------------------------------------------------------------
# Texts in several languages
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A text with its language, so that a page says when it shows a text in another language than its own."""

    language: str
    text: str

    @property
    def direction(self) -> str:
        return "rtl" if self.language in settings.LANGUAGES_BIDI else "ltr"

    @property
    def language_name(self) -> str:
        return str(get_language_info(self.language)["name_translated"])


def localized_text(obj: Any, field: str, language: str) -> Text | None:
    """The text of ``field`` in ``language`` or, failing that, in the first language of the fallback order."""
    texts = translations(obj, field)
    for code in fallback_order(language):
        if texts.get(code):
            return Text(code, texts[code])
    return None


TEXT_FIELDS = {"name": _("Name"), "description": _("Description"), "mission": _("Mission")}


def texts_by_language(obj: Any, shown: dict[str, Text | None]) -> list[tuple[Text, list[tuple[str, str]]]]:
    """The texts of ``obj`` that the page does not show already (``shown``: field → the text shown, in the page's
    language or a fallback), grouped by language: (language, [(label, text)])."""
    texts = {field: translations(obj, field) for field in TEXT_FIELDS}
    grouped = []
    for code in LANGUAGE_CODES:
        fields = [
            (str(label), texts[field][code])
            for field, label in TEXT_FIELDS.items()
            if texts[field][code] and not ((text := shown.get(field)) and text.language == code)
        ]
        if fields:
            grouped.append((Text(code, ""), fields))
    return grouped


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


# ---------------------------------------------------------------------------------------------------------
# Filter forms (GET): rendered from the cleaned values of search.filter_actors, never validated themselves
# ---------------------------------------------------------------------------------------------------------


FILTER_OPTIONS_SECONDS = 300


def _set_choices(form: forms.Form, name: str, empty: str, options: Iterable[tuple[str, Any]]) -> None:
    """Choices of a select, after an empty one ("All countries"); an option may be a group: (label, options)."""
    select = cast(forms.ChoiceField, form.fields[name])
    select.choices = [("", empty), *options]


class ActorFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Words to search"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("In French, Arabic or English: names, descriptions, missions, places (town, region, country)."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    type = forms.ChoiceField(label=_("Type of actor"), required=False)
    legal_form = forms.ChoiceField(label=_("Legal form"), required=False)
    sector = forms.ChoiceField(label=_("Sector of activity"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    offers = forms.BooleanField(label=_("Has current offers"), required=False)
    requests = forms.BooleanField(label=_("Has current requests"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = filter_options()
        _set_choices(self, "country", gettext("All countries"), options["country"])
        _set_choices(self, "region", gettext("All regions"), options["region"])
        types = [(value, capfirst(label)) for value, label in OrganisationKind.choices]
        _set_choices(self, "type", gettext("All types"), types)
        _set_choices(self, "legal_form", gettext("All legal forms"), options["legal_form"])
        _set_choices(self, "sector", gettext("All sectors"), options["sector"])
        _set_choices(self, "theme", gettext("All themes"), options["theme"])


def filter_options() -> dict[str, list[tuple[str, Any]]]:
    """The options of the filters that come from the database, in the active language: the countries and regions
    that have published actors, the legal forms, sectors and themes. Five queries and the labels' translation cost
    12–15 ms of each list, map or offers page at a million actors (a fifth of a list page): the options are kept
    in the cache for ``FILTER_OPTIONS_SECONDS``, under a key that holds the time the last actor was written, so
    that an actor created, edited, published or imported shows in them at once as a rule (a deletion, a change of
    the territories or vocabularies, or an import that began before the last edit: within that time)."""
    latest = Actor.objects.aggregate(latest=Max("updated_at"))["latest"]
    key = f"directory:filter-options:{get_language()}:{latest.isoformat() if latest else ''}"
    options: dict[str, list[tuple[str, Any]]] | None = cache.get(key)
    if options is None:
        regions: dict[str, list[tuple[str, str]]] = {}
        for region in sorted(regions_with_actors(), key=lambda r: (alphabetical(r.country.name), alphabetical(r.name))):
            regions.setdefault(region.country.name, []).append((region.slug, region.name))
        options = {
            "country": sorted(((c.code, c.name) for c in countries_with_actors()), key=lambda o: alphabetical(o[1])),
            "region": list(regions.items()),
            "legal_form": _legal_form_options(),
            "sector": [
                (term.code, _term_label(term)) for term in sorted(terms_of(Vocabulary.ACTIVITY), key=_code_order)
            ],
            "theme": [(term.code, term.label) for term in sorted(terms_of(Vocabulary.THEME), key=_code_order)],
        }
        cache.set(key, options, FILTER_OPTIONS_SECONDS)
    return options


def alphabetical(label: str) -> str:
    """A sort key for names shown to people: «Égypte» among the E, whatever the case and accents."""
    return fold_for_search(label)


def _code_order(term: Term) -> tuple[str, int]:
    """The order of a vocabulary's codes as numbers (ICA10, ICA20 … ICA290; T1, T2 … T19): the taxonomy's own,
    which keeps related sectors together and the catch-alls ("Other services", "All sectors") last."""
    prefix = term.code.rstrip("0123456789")
    number = term.code[len(prefix) :]
    return prefix, int(number) if number.isascii() and number.isdigit() else 0


# ESSGlobal's activity for actors of every sector: labelled "All sectors" like the empty option of the filter.
ALL_SECTORS_CODE = "ICA290"


def _term_label(term: Term) -> str:
    if term.code == ALL_SECTORS_CODE:
        return gettext("%(label)s (multi-sector actors)") % {"label": term.label}
    return str(term.label)


def _legal_form_options() -> list[tuple[str, Any]]:
    """ESSGlobal's legal forms (each includes the national forms beneath it), then the national forms by group."""
    terms = list(terms_of(Vocabulary.LEGAL_FORM))
    general = [term for term in terms if term.broader_id is None]
    options: list[tuple[str, Any]] = [(gettext("ESSGlobal legal forms"), [(t.code, t.label) for t in general])]
    for parent in general:
        national = [(t.code, t.label) for t in terms if t.broader_id == parent.pk]
        if national:
            options.append((gettext("National forms: %(group)s") % {"group": parent.label}, national))
    return options


class OfferFilterForm(StyledForm):
    kind = forms.ChoiceField(label=_("Offer or request"), required=False)
    topic = forms.ChoiceField(label=_("What for"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "kind", gettext("Offers and requests"), OfferKind.choices)
        _set_choices(self, "topic", gettext("All topics"), OfferTopic.choices)
        _set_choices(self, "country", gettext("All countries"), filter_options()["country"])


def _query_string(active: ActiveFilters, *, without: str = "") -> str:
    """The filters applied (but ``without``), as a query string for links to the list, the map, the CSV export."""
    query = QueryDict(mutable=True)
    query.update({name: value for name, value in active.values.items() if name != without})
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


def _removals(active: ActiveFilters, url: str) -> list[tuple[AppliedFilter, str]]:
    """Each filter applied, with the link to the same list without it."""
    return [(item, url + _query_string(active, without=item.name)) for item in active.applied]


# ---------------------------------------------------------------------------------------------------------
# Cards of a list
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorCard:
    actor: Actor
    name: Text | None
    summary: Text | None


def _cards(actors: list[Actor], language: str) -> list[ActorCard]:
    return [
        ActorCard(actor, localized_text(actor, "name", language), localized_text(actor, "description", language))
        for actor in actors
    ]


def _card_data(actors: Any) -> Any:
    """What a card shows, fetched with the page: place, legal form, sectors, offer badges."""
    return with_offer_badges(
        actors.select_related("country", "region", "legal_form")
        .prefetch_related(Prefetch("sectors", queryset=Term.objects.order_by("code")))
        .defer("search_document")
    )


def _own_unpublished(request: HttpRequest) -> list[Actor]:
    """The entries of the user's organisations that the public list does not show (drafts, archives)."""
    user = request.user
    if not user.is_authenticated or user.is_programme_staff:
        return []
    own = user.organisation_ids()
    if not own:
        return []
    return list(Actor.objects.filter(organisation_id__in=own).exclude(status=ActorStatus.PUBLISHED).order_by("pk"))


# ---------------------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------------------


@require_GET
def actor_list(request: HttpRequest) -> HttpResponse:
    actors, active = filter_actors(Actor.objects.published(), request.GET)
    page = page_of(actors, request.GET.get("page"), prepare=_card_data)
    context = {
        "form": ActorFilterForm(initial=active.values),
        "active": active,
        "page_obj": page,
        "page_numbers": visible_pages(page),
        "cards": _cards(list(page.object_list), _language()),
        "filters_query": _query_string(active),
        "removals": _removals(active, reverse("actors:list")),
        "own_unpublished": _own_unpublished(request),
    }
    return render(request, "directory/actor_list.html", context)


@require_GET
def actor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = get_actor_for_user(request, pk)
    user = request.user
    editable = Actor.objects.editable_by(user).filter(pk=actor.pk).exists()
    networks = Actor.objects.visible_to(user).select_related("country").order_by("name_key", "pk")
    prefetch_related_objects(
        [actor],
        Prefetch("sectors", queryset=Term.objects.order_by("code")),
        Prefetch("themes", queryset=Term.objects.order_by("code")),
        Prefetch("networks", queryset=networks),
        "legal_form__broader",
        "division",
        "commune",
    )
    language = _language()
    texts = {field: localized_text(actor, field, language) for field in TEXT_FIELDS}
    context = {
        "actor": actor,
        "texts": texts,
        "other_languages": texts_by_language(actor, texts),
        "editable": editable,
        "offers": _offers_of(actor, editable=editable, language=language),
        "networks": [(network, localized_text(network, "name", language)) for network in actor.networks.all()],
        "languages": [_language_name(code) for code in actor.language_list()],
        "map": _single_map(actor),
    }
    return render(request, "directory/actor_detail.html", context)


@require_GET
def actor_map(request: HttpRequest) -> HttpResponse:
    located = Actor.objects.published().located()
    actors, active = filter_actors(located, request.GET)
    page = page_of(actors, "1", per_page=MAP_LIST_SIZE, prepare=_card_data, columns=["country_id"])
    query = _query_string(active)
    one_country = bool({"country", "region"} & active.values.keys())
    context = {
        "form": ActorFilterForm(initial=active.values),
        "active": active,
        "page_obj": page,
        "cards": _cards(list(page.object_list), _language()),
        "countries": countries_on_map(
            actors,
            searching=bool(active.query),
            paginator=cast(CappedPaginator, page.paginator),
            one_country=one_country,
        ),
        "one_country": one_country,
        "filters_query": query,
        "removals": _removals(active, reverse("actors:map")),
        "map": _map_settings(points_url=reverse("actors:map_points") + query),
    }
    return render(request, "directory/actor_map.html", context)


@require_GET
def map_points(request: HttpRequest) -> HttpResponse:
    """GeoJSON of the published, located actors matching the list's filters, within ``bbox`` when given, at
    most ``MAP_POINTS_CAP`` (``capped`` says when there were more: zoom in to see them all)."""
    try:
        bbox = parse_bbox(request.GET.get("bbox", ""))
    except ValueError as error:
        return JsonResponse({"error": str(error), "parameter": "bbox"}, status=400)
    actors, active = filter_actors(Actor.objects.published().located(), request.GET, ordered=False)
    if bbox is not None:
        actors = actors.filter(bbox.as_q())
    # One name per point, in the visitor's language or the first language that has one, chosen by the database.
    names = [NullIf(f"name_{code}", Value("")) for code in fallback_order(_language())]
    actors = actors.annotate(point_name=Coalesce(*names, Value(""), output_field=CharField()))
    rows = fetch_values(actors, ["id", "actor_type", "latitude", "longitude", "point_name"], limit=MAP_POINTS_CAP + 1)
    types = {value: _json_string(capfirst(str(label))) for value, label in OrganisationKind.choices}
    url = _json_string(reverse("actors:detail", args=[0])).replace("/0/", "/%d/")
    # The features are written as JSON text one by one rather than built as dicts: thousands of dicts and lists
    # made the garbage collector run a full collection every few requests (+70 ms on one request in fifteen).
    features = ",".join(
        _POINT
        % (
            pk,
            float(longitude),
            float(latitude),
            _json_string(name),
            _json_string(kind),
            types.get(kind) or _json_string(kind),
            url % pk,
        )
        for pk, kind, latitude, longitude, name in rows[:MAP_POINTS_CAP]
    )
    rest = json.dumps(
        {"capped": len(rows) > MAP_POINTS_CAP, "limit": MAP_POINTS_CAP, "ignored": active.ignored},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    body = f'{{"type":"FeatureCollection","features":[{features}],{rest[1:]}'
    return HttpResponse(body, content_type="application/json")


# A feature of map_points(): id, longitude and latitude (%r: the shortest text that reads back the same float, as
# the json module writes it), then JSON strings.
_POINT = (
    '{"type":"Feature","id":%d,"geometry":{"type":"Point","coordinates":[%r,%r]},'
    '"properties":{"name":%s,"type":%s,"type_label":%s,"url":%s}}'
)
_json_string = json.encoder.encode_basestring  # a str as JSON text, non-ASCII kept


def _offer_rows(offers: Any) -> Any:
    return offers.select_related("actor", "actor__country")


@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    offers, active = filter_offers(Offer.objects.current(), request.GET)
    page = page_of(offers, request.GET.get("page"), prepare=_offer_rows)
    language = _language()
    rows = [
        (offer, localized_text(offer, "title", language), localized_text(offer.actor, "name", language))
        for offer in page.object_list
    ]
    context = {
        "form": OfferFilterForm(initial=active.values),
        "active": active,
        "page_obj": page,
        "page_numbers": visible_pages(page),
        "rows": rows,
        "removals": _removals(active, reverse("actors:offers")),
    }
    return render(request, "directory/offer_list.html", context)


# ---------------------------------------------------------------------------------------------------------
# Map settings, passed to actor-map.js through data- attributes
# ---------------------------------------------------------------------------------------------------------


def _map_settings(**extra: str) -> dict[str, str]:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "outlines_url": static("directory/vendor/world-atlas-2.0.2/countries-50m.json"),
        **extra,
    }


def _single_map(actor: Actor) -> dict[str, str] | None:
    if actor.latitude is None or actor.longitude is None:
        return None
    return _map_settings(latitude=repr(actor.latitude), longitude=repr(actor.longitude))


def _offers_of(actor: Actor, *, editable: bool, language: str) -> list[tuple[Offer, Text | None, bool]]:
    """The actor's current offers and requests; its editors see the others too, marked as not public."""
    current = Offer.objects.current().filter(actor=actor)
    offers = Offer.objects.filter(actor=actor) if editable else current
    current_ids = set(current.values_list("pk", flat=True)) if editable else None
    return [
        (offer, localized_text(offer, "title", language), current_ids is None or offer.pk in current_ids)
        for offer in offers.order_by("-created_at", "-pk")
    ]


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
