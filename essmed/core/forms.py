"""Form rendering shared by every app: Bootstrap classes, accessible errors, one field template."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

SELECT_TEMPLATE = "core/forms/select.html"  # options written inline: see the template
DJANGO_EMPTY_LABEL = "---------"
# Django's empty option, "---------", said in words in the page's language: what a list left empty means.
CHOOSE = _("Choose…")
NOT_GIVEN = _("(not given)")


class FormRenderer(DjangoTemplates):
    """Renders ``{{ form }}`` with essmed's field template (label, help, errors tied by aria-describedby)."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def name_empty_option(field: forms.Field) -> None:
    """Replace Django's "---------" option of a list by words: "Choose…" when a choice is required, "(not given)"
    when the list may stay empty."""
    label = CHOOSE if field.required else NOT_GIVEN
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_EMPTY_LABEL:
            field.empty_label = label
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = field.choices  # a list, or a callable's iterator (not called here: it may query the database)
        if isinstance(choices, list) and choices and choices[0] == ("", DJANGO_EMPTY_LABEL):
            field.choices = [("", label), *choices[1:]]


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
