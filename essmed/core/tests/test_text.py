from hypothesis import given
from hypothesis import strategies as st

from essmed.core.text import fold_for_search, normalize_arabic


def test_diacritics_and_tatweel_are_removed():
    assert normalize_arabic("مُحَمَّد") == "محمد"
    assert normalize_arabic("تـــعاونية") == normalize_arabic("تعاونية")


def test_alef_forms_are_unified():
    assert normalize_arabic("أحمد") == "احمد"
    assert normalize_arabic("إسلام") == "اسلام"
    assert normalize_arabic("آمال") == "امال"
    assert normalize_arabic("ٱلله") == "الله"


def test_ta_marbuta_and_alef_maqsura_are_folded():
    assert normalize_arabic("تعاونية") == "تعاونيه"
    assert normalize_arabic("مستشفى") == "مستشفي"


def test_hamza_carriers_and_arabic_digits_are_folded():
    assert normalize_arabic("مؤسسة") == "موسسه"
    assert normalize_arabic("جمعية ٢٠٢٤") == "جمعيه 2024"


def test_a_vocalised_and_a_plain_spelling_meet():
    assert normalize_arabic("التَّعَاوُنِيَّةُ") == normalize_arabic("التعاونية")


def test_latin_text_passes_through_unchanged():
    assert normalize_arabic("Coopérative d'Oujda") == "Coopérative d'Oujda"


def test_search_key_folds_case_accents_and_spaces():
    assert fold_for_search("  Économie   SOCIALE ") == "economie sociale"
    assert fold_for_search("الإقتصاد  الاجتماعي") == "الاقتصاد الاجتماعي"


@given(st.text())
def test_normalising_twice_changes_nothing(text):
    once = normalize_arabic(text)
    assert normalize_arabic(once) == once


@given(st.text())
def test_search_key_is_stable(text):
    once = fold_for_search(text)
    assert fold_for_search(once) == once


@given(st.text(alphabet=st.characters(min_codepoint=0x0621, max_codepoint=0x0670)))
def test_normalised_arabic_keeps_no_mark_nor_variant(text):
    result = normalize_arabic(text)
    forbidden = set("أإآةىؤئـ") | {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670"}
    assert not forbidden & set(result)
