"""Form rendering shared by every app: Bootstrap classes, accessible errors, one field template."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import Widget
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

SELECT_TEMPLATE = "core/forms/select.html"  # options written inline: see the template
DJANGO_EMPTY_LABEL = "---------"
# Django's empty option, "---------", said in words in the page's language: what a list left empty means.
CHOOSE = _("Choose…")
NOT_GIVEN = _("(not given)")


def empty_label(field: forms.Field) -> _StrPromise:
    """The words of ``field``'s empty option, chosen when the list is shown: a form may make a field optional
    after building it."""
    return CHOOSE if field.required else NOT_GIVEN


class NamedEmptyOption(BaseChoiceIterator):
    """A list's choices with Django's "---------" said in words (``empty_label``), as they are read: the choices
    may come from a callable (or the database) and are not read before the list is shown."""

    def __init__(self, choices: Any, field: forms.Field) -> None:
        self.choices = choices
        self.field = field

    def __iter__(self) -> Iterator[Any]:
        for value, label in self.choices:
            yield (value, empty_label(self.field)) if value == "" and label == DJANGO_EMPTY_LABEL else (value, label)

    @classmethod
    def names(cls, choices: Any, field: forms.Field) -> bool:
        return isinstance(choices, cls) and choices.field is field


def name_empty_option(field: forms.Field) -> None:
    """Replace Django's "---------" option of a list by words: "Choose…" when a choice is required, "(not given)"
    when the list may stay empty. Called again each time a field is shown (``BoundField``): what a form or the
    admin sets after building the field (choices, ``required``) is named too."""
    if isinstance(field, forms.ModelChoiceField):
        label = field.empty_label
        if label == DJANGO_EMPTY_LABEL or label is CHOOSE or label is NOT_GIVEN:
            field.empty_label = empty_label(field)
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        if not NamedEmptyOption.names(field.choices, field):
            field.choices = NamedEmptyOption(field.choices, field)  # the field's and its widget's
        if not NamedEmptyOption.names(field.widget.choices, field):  # a form may set the widget's alone
            field.widget.choices = NamedEmptyOption(field.widget.choices, field)


class BoundField(forms.BoundField):
    """Every form's fields, the admin's included (``FormRenderer.bound_field_class``): lists shown with their
    empty option in words."""

    def as_widget(
        self, widget: Widget | None = None, attrs: dict[str, Any] | None = None, only_initial: bool = False
    ) -> SafeString:
        name_empty_option(self.field)
        return super().as_widget(widget, attrs, only_initial)


class FormRenderer(DjangoTemplates):
    """Renders ``{{ form }}`` with essmed's field template (label, help, errors tied by aria-describedby), and every
    form's fields with ``BoundField`` (settings.FORM_RENDERER: the admin's forms too)."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = BoundField


class StyledFormMixin:
    """Give widgets their Bootstrap class (Django adds aria-invalid and aria-describedby itself)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name_empty_option(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue  # Django puts a widget's class on the group's wrapper too: leave groups plain
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
                if type(widget) in (forms.Select, forms.SelectMultiple):  # subclasses may give options attributes
                    widget.template_name = SELECT_TEMPLATE
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass
