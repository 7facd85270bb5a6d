"""The funding watch's read-only API, mounted at /api/funding (see essmed/api.py and docs/funding.md).

- ``GET /api/funding/calls``: published calls, searched and filtered as on the calls page, a page at a time;
- ``GET /api/funding/calls/{id}``: one call with its deadlines, terms and eligibility rules;
- ``POST /api/funding/calls/{id}/check``: the verdict of the call's rules on a consortium (the JSON of
  ``check_eligibility``); it computes and stores nothing.

A bad parameter is answered 400 with a reason naming it, in the language of the error reasons (see
essmed/api.py); a call one may not see, 404. As in the directory's API (``Parameters``, ``one_value_each``), an
empty parameter is the same as none, and one given twice is refused rather than the last value taken. The body
of the check is read by ``consortium_from_json``, as the command's file is: what is wrong with it (not JSON, not
a consortium) is a 400 naming the parameter ``consortium``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import TypeAdapter, ValidationInfo, field_validator
from pydantic import ValidationError as PydanticValidationError

from essmed.directory.api import Parameters, one_value_each, unknown_language
from essmed.funding.access import get_call_for_user
from essmed.funding.actions import ConsortiumError, check_consortium, consortium_from_json
from essmed.funding.eligibility.facts import Consortium
from essmed.funding.forms import CallSearchForm
from essmed.funding.models import Call

router = Router(tags=["funding"])

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
_LANGUAGE_ENUM: dict[str, Any] = {"enum": LANGUAGE_CODES}
MAX_PAGE_SIZE = 100
# The parameters read by ``CallParams.worded_refusal``: how pydantic reads them, and the refusal in words.
_TYPED: dict[str, tuple[TypeAdapter[Any], Callable[[], str]]] = {
    "deadline_before": (TypeAdapter(date), lambda: gettext("must be a date written YYYY-MM-DD")),
    "open_only": (TypeAdapter(bool), lambda: gettext("must be true or false")),
}


class CallParams(Parameters):
    q: str = Field("", max_length=200, description="Words to find in the call's title, summary or reference.")
    programme: str = Field("", description="A programme's identifier (slug), e.g. interreg-next-med.")
    funder: str = Field("", description="A funder's identifier (slug), e.g. european-commission.")
    country: str = Field("", description="ISO 3166-1 alpha-2 code: calls that list it or list no country.")
    organisation_type: str = Field("", description="A partner type of docs/funding.md, e.g. cooperative.")
    theme: str = Field("", description="A theme's identifier, e.g. social-economy.")
    deadline_before: date | None = Field(None, description="Next deadline on or before this date (YYYY-MM-DD).")
    open_only: bool = Field(False, description="Only calls open, closing soon or recurring today.")
    lang: str = Field(settings.LANGUAGE_CODE, description="Language of the texts.", json_schema_extra=_LANGUAGE_ENUM)
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)

    # pydantic words its refusal of a date or a yes-or-no in English: this validator reads the value as pydantic
    # does and words the refusal in the language of the answer (essmed/api.py words those of the other types).
    @field_validator("deadline_before", "open_only", mode="before")
    @classmethod
    def worded_refusal(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and value.strip():
            adapter, refusal = _TYPED[str(info.field_name)]
            try:
                return adapter.validate_python(value.strip())
            except PydanticValidationError:
                raise ValueError(refusal()) from None
        return value


class LanguageParams(Parameters):
    lang: str = Field(settings.LANGUAGE_CODE, json_schema_extra=_LANGUAGE_ENUM)


class DeadlineOut(Schema):
    date: date
    stage: str


class CallItem(Schema):
    id: int
    reference: str
    title: str
    programme: str
    funder: str
    status: str = Field(description="forthcoming, open, closing_soon, recurring or closed, from the dates.")
    opening_date: date | None
    next_deadline: date | None
    deadlines: list[DeadlineOut]
    source_url: str
    url: str


class RuleOut(Schema):
    id: str
    label: str
    severity: str
    kind: str
    source: str
    to_verify: bool
    expression: Any = None


class CallDetail(CallItem):
    summary: str
    total_budget: float | None
    grant_min: float | None
    grant_max: float | None
    max_cofinancing_rate: float | None
    max_duration_months: int | None
    countries: list[str]
    organisation_types: list[str]
    themes: list[str]
    rules: list[RuleOut]


class CallPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CallItem]


class ParameterError(Schema):
    parameter: str
    reason: str


class BadParameters(Schema):
    detail: str
    errors: list[ParameterError]


class NotFound(Schema):
    detail: str


# The body of the check, as documented (read by ``consortium_from_json``, not by these schemas: see the docstring).
class PartnerIn(Schema):
    name: str = ""
    country: str | None = None
    region: str | None = None
    type: str | None = None
    role: str = "partner"


class ConsortiumIn(Schema):
    partners: list[PartnerIn]
    total_budget_eur: float | None = None
    grant_requested_eur: float | None = None
    duration_months: int | None = None


def _body_schema() -> dict[str, Any]:
    """The JSON schema of ``ConsortiumIn``, with the partners' schema inline (the document has no component for it)."""
    schema = ConsortiumIn.model_json_schema()
    schema["properties"]["partners"]["items"] = schema.pop("$defs")["PartnerIn"]
    return schema


CONSORTIUM_BODY = {"required": True, "content": {"application/json": {"schema": _body_schema()}}}


class RuleResultOut(Schema):
    id: str
    label: str
    severity: str
    result: str
    reason: str
    missing: list[str] = Field(
        default_factory=list, description="The facts missing to decide, by name (docs/funding.md), when unknown."
    )
    source: str
    to_verify: bool


class ChecklistOut(Schema):
    id: str
    label: str
    source: str
    to_verify: bool


class VerdictOut(Schema):
    eligible: str
    rules: list[RuleResultOut]
    checklist: list[ChecklistOut]


def _bad(parameter: str, reason: str) -> ValidationError:
    """A 400 answer naming the parameter; ``reason`` in the active language, that of the error reasons."""
    return ValidationError([{"loc": ("query", parameter), "msg": reason}])


def _consortium(request: HttpRequest) -> Consortium:
    """The consortium of the request's body, or a 400 naming ``consortium`` with what is wrong (in the active
    language, that of the error reasons)."""
    try:
        data = json.loads(request.body) if request.body else None
        return consortium_from_json(data)
    except RequestDataTooBig:
        reason = gettext("must be at most %(limit)s bytes long") % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    except json.JSONDecodeError as error:
        reason = gettext("not valid JSON: error at line %(line)s, column %(column)s") % {
            "line": error.lineno,
            "column": error.colno,
        }
    except ConsortiumError as error:
        reason = str(error)
    except (ValueError, RecursionError):  # not a Unicode text, or nested too deep for the parser
        reason = gettext("not valid JSON")
    raise ValidationError([{"loc": ("body", "consortium"), "msg": reason}])


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _item(call: Call, request: HttpRequest, today: date) -> dict[str, Any]:
    deadlines = list(call.deadlines.all())
    upcoming = [deadline.date for deadline in deadlines if deadline.date >= today]
    return {
        "id": call.pk,
        "reference": call.reference,
        "title": call.title,
        "programme": call.programme.slug,
        "funder": call.programme.funder.slug,
        "status": call.status_on(today).value,
        "opening_date": call.opening_date,
        "next_deadline": min(upcoming) if upcoming else None,
        "deadlines": [{"date": deadline.date, "stage": deadline.stage} for deadline in deadlines],
        "source_url": call.source_url,
        "url": request.build_absolute_uri(call.get_absolute_url()),
    }


def _language(lang: str) -> str:
    if lang not in LANGUAGE_CODES:
        raise _bad("lang", unknown_language())
    return lang


@router.get("/calls", response={200: CallPage, 400: BadParameters}, summary="Search and list calls for funding")
def list_calls(request: HttpRequest, params: Query[CallParams]) -> dict[str, Any]:
    one_value_each(request, params)
    lang = _language(params.lang)
    data = {key: value for key, value in params.dict().items() if key not in ("lang", "page", "page_size") and value}
    form = CallSearchForm(data)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        reason = gettext("unknown value '%(value)s': %(errors)s") % {
            "value": data.get(name),
            "errors": " ".join(str(error) for error in errors),
        }
        raise _bad(name, reason)
    today = timezone.localdate()
    calls = form.apply(Call.objects.published(), today).with_dates(today)
    calls = (
        calls.select_related("programme__funder")
        .prefetch_related("deadlines")
        .order_by(F("next_deadline").asc(nulls_last=True), "pk")
    )
    page = Paginator(calls, params.page_size).get_page(params.page)
    with translation.override(lang):
        items = (
            [_item(call, request, today) for call in page.object_list]
            if params.page <= page.paginator.num_pages
            else []
        )
    return {"count": page.paginator.count, "page": params.page, "page_size": params.page_size, "items": items}


@router.get(
    "/calls/{int:call_id}",
    response={200: CallDetail, 400: BadParameters, 404: NotFound},
    summary="One call: dates, terms, eligibility rules",
)
def get_call(request: HttpRequest, call_id: int, params: Query[LanguageParams]) -> dict[str, Any]:
    one_value_each(request, params)
    lang = _language(params.lang)
    call = get_call_for_user(request, call_id)
    today = timezone.localdate()
    with translation.override(lang):
        return {
            **_item(call, request, today),
            "summary": call.summary,
            "total_budget": _number(call.total_budget),
            "grant_min": _number(call.effective("grant_min")),
            "grant_max": _number(call.effective("grant_max")),
            "max_cofinancing_rate": _number(call.effective("max_cofinancing_rate")),
            "max_duration_months": call.effective("max_duration_months"),
            "countries": [country.code for country in call.effective_countries()],
            "organisation_types": call.effective_types(),
            "themes": [theme.slug for theme in call.themes.all()],
            "rules": [
                {
                    "id": rule.rule_id,
                    "label": rule.label,
                    "severity": rule.severity,
                    "kind": rule.kind,
                    "source": rule.source,
                    "to_verify": rule.to_verify,
                    "expression": rule.expression,
                }
                for rule in call.rule_specs()
            ],
        }


@router.post(
    "/calls/{int:call_id}/check",
    response={200: VerdictOut, 400: BadParameters, 404: NotFound},
    summary="Check a consortium against a call's eligibility rules (computes, stores nothing)",
    openapi_extra={"requestBody": CONSORTIUM_BODY},
)
def check_call(request: HttpRequest, call_id: int, params: Query[LanguageParams]) -> dict[str, Any]:
    one_value_each(request, params)
    lang = _language(params.lang)
    call = get_call_for_user(request, call_id)
    consortium = _consortium(request)
    with translation.override(lang):
        return check_consortium(call, consortium).as_json()
