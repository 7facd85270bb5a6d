"""Form rendering shared by every app: Bootstrap classes, accessible errors, one field template."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates

SELECT_TEMPLATE = "core/forms/select.html"  # options written inline: see the template


class FormRenderer(DjangoTemplates):
    """Renders ``{{ form }}`` with essmed's field template (label, help, errors tied by aria-describedby)."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class StyledFormMixin:
    """Give widgets their Bootstrap class (Django adds aria-invalid and aria-describedby itself)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
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
