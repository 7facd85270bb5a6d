from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from essmed.territories.models import Commune, Country, Division, Region


@admin.register(Country)
class CountryAdmin(TranslationAdmin[Country]):
    list_display = ["name", "code", "alpha3", "shore"]
    list_filter = ["shore"]
    search_fields = ["code", "alpha3", "name_fr", "name_ar", "name_en"]


class DivisionInline(TranslationTabularInline[Division, Region]):
    model = Division
    extra = 0
    fields = ["code", "kind", "name"]
    show_change_link = True


@admin.register(Region)
class RegionAdmin(TranslationAdmin[Region]):
    list_display = ["name", "country", "shore", "cim_membership", "cim_confidence"]
    list_filter = ["cim_membership", "shore", "country"]
    search_fields = ["slug", "code", "name_fr", "name_ar", "name_en"]
    prepopulated_fields = {"slug": ("name_fr",)}
    autocomplete_fields = ["country"]
    inlines = [DivisionInline]
    fieldsets = (
        (None, {"fields": ("name", "slug", "code", "country", "shore", "capital", "source")}),
        (
            _("Intermediterranean Commission"),
            {"fields": ("cim_membership", "cim_evidence", "cim_evidence_date", "cim_source_url", "cim_confidence")},
        ),
    )


class CommuneInline(TranslationTabularInline[Commune, Division]):
    model = Commune
    extra = 0
    fields = ["code", "kind", "name"]


@admin.register(Division)
class DivisionAdmin(TranslationAdmin[Division]):
    list_display = ["name", "kind", "region", "code"]
    list_filter = ["kind", "region"]
    search_fields = ["code", "name_fr", "name_ar", "name_en"]
    autocomplete_fields = ["region"]
    inlines = [CommuneInline]


@admin.register(Commune)
class CommuneAdmin(TranslationAdmin[Commune]):
    list_display = ["name", "kind", "division", "code"]
    list_filter = ["kind", "division__region", "division"]
    search_fields = ["code", "name_fr", "name_ar", "name_en"]
    autocomplete_fields = ["division"]
