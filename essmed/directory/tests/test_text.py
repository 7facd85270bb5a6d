"""The remembered computation of terms and keys gives what the direct computation gives."""

from urllib.parse import urlsplit

from hypothesis import example, given
from hypothesis import strategies as st

from essmed.core.text import fold_for_search
from essmed.directory import text
from essmed.directory.text import name_key, search_document, stem, terms, website_key

# Text with what could trip the split on spaces: combining marks after a space, Arabic marks, odd spaces.
pieces = st.sampled_from(
    [
        *(" ", "\u00a0", "\u2003", "\t", "\n", "\u0301", "\u064e", "\u0640", "e", "É", "ß", "ال", "تعاونية", "coop"),
        *("s", "\u00a8", "\ufdfa", "\ufb01", "œ", "ب", "و", "بركان", "ies", "aux"),
    ]
)
texts = st.one_of(st.text(), st.lists(pieces).map("".join))


def direct_terms(value: str) -> list[str]:
    return [stem(word) for word in text._WORD.findall(fold_for_search(value)) if word not in text._STOP]


def direct_indexed_terms(value: str) -> list[str]:
    found = []
    for word in text._WORD.findall(fold_for_search(value)):
        if word not in text._STOP:
            found.append(stem(word))
            if word[0] in "وفبلك" and len(word) >= 5:
                found.append(stem(word[1:]))
    return found


def direct_website_key(url: str) -> str:
    if not url:
        return ""
    parts = urlsplit(url if "://" in url else f"https://{url}")
    return (parts.netloc.lower().removeprefix("www.") + parts.path.rstrip("/")).lower()


@given(texts)
@example("Coopérative  de l'Oriental \u0301bis")
@example("التَّعَاوُنِيَّاتُ   ـ  جمعية")
def test_terms_are_those_of_the_whole_text(value):
    assert terms(value) == direct_terms(value)
    assert terms(value) == direct_terms(value)  # the second time from the remembered pieces
    assert name_key(value) == " ".join(direct_terms(value))


@given(st.lists(st.one_of(st.none(), texts), max_size=5))
def test_the_search_document_has_each_term_once_in_order(values):
    expected = dict.fromkeys(term for value in values if value for term in direct_indexed_terms(value))
    assert search_document(values) == " ".join(expected)


def test_the_remembered_pieces_are_bounded(monkeypatch):
    monkeypatch.setattr(text, "PIECES_KEPT", 10)
    text._INDEXED_PIECES.clear()
    assert search_document([" ".join(f"word{n}" for n in range(25))]).split()[-1] == "word24"
    assert len(text._INDEXED_PIECES) <= 10


@given(
    st.one_of(
        st.text(),
        st.builds(
            "".join,
            st.lists(st.sampled_from(["http", "https", "://", "www.", "Ex", "ample.org", "/", "?", "#", ":80", " "])),
        ),
    )
)
@example("https://www.example.org/coop/")
@example("https://example.org:8080/x")
@example("https://user@example.org/")
@example("https://example.org/a b")
@example("https://example.org?q=1")
@example("HTTPS://WWW.Example.org/Coop")
def test_the_website_key_is_the_host_and_path(url):
    try:
        expected = direct_website_key(url)
    except ValueError:  # urlsplit refuses it (a bad IPv6 host): so does website_key
        return
    assert website_key(url) == expected
