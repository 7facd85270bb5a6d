"""The shared form rendering (core/forms.py): selects written by the ``select_options`` tag."""

from __future__ import annotations

from django import forms
from django.utils import translation

from essmed.core.forms import StyledForm
from essmed.territories.models import Country


class PlaceForm(StyledForm):
    country = forms.ChoiceField(
        choices=[("", "All countries"), ("MA", "Maroc"), ("FR", 'France <métropole> & "outre-mer"')], required=False
    )
    region = forms.ChoiceField(
        choices=[("", "All regions"), ("Maroc", [("oriental", "L'Oriental"), ("souss", "Souss-Massa")])],
        required=False,
    )
    sectors = forms.MultipleChoiceField(choices=[("agri", "Agriculture"), ("craft", "Artisanat")], required=False)


def test_a_select_keeps_its_groups_its_chosen_option_and_escapes_labels():
    html = str(PlaceForm(initial={"country": "FR", "region": "oriental"}))
    assert '<option value="">All countries</option><option value="MA">Maroc</option>' in html
    assert '<option value="FR" selected>France &lt;métropole&gt; &amp; &quot;outre-mer&quot;</option>' in html
    assert (
        '<optgroup label="Maroc"><option value="oriental" selected>L&#x27;Oriental</option>'
        '<option value="souss">Souss-Massa</option></optgroup>'
    ) in html
    assert 'class="form-select"' in html


def test_a_multiple_select_marks_every_chosen_option():
    html = str(PlaceForm(data={"sectors": ["agri", "craft"]}))
    assert '<option value="agri" selected>Agriculture</option><option value="craft" selected>Artisanat</option>' in html
    assert "multiple" in html.split('name="sectors"')[1].split(">")[0]


def test_only_one_option_of_a_single_select_is_chosen_even_when_values_repeat():
    class Repeated(StyledForm):
        choice = forms.ChoiceField(choices=[("a", "First"), ("a", "Again")])

    html = str(Repeated(initial={"choice": "a"}))
    assert html.count(" selected") == 1


def test_an_empty_option_is_said_in_words_in_the_page_s_language():
    class Filters(StyledForm):
        country = forms.ModelChoiceField(queryset=Country.objects.none(), required=False)
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])
        chosen = forms.ModelChoiceField(queryset=Country.objects.none(), empty_label="All countries", required=False)

    with translation.override("fr"):
        form = Filters()
        assert str(form.fields["country"].empty_label) == "(non renseigné)"
        assert next(iter(form.fields["kind"].choices)) == ("", "Choisir…")
        assert form.fields["chosen"].empty_label == "All countries"  # a label the form gives stays
    with translation.override("ar"):
        assert "(غير محدد)" in str(Filters()["country"])
