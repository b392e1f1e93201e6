"""What a subscriber's comment text must be before it is stored (SPEC §5: plain text, line breaks
kept, 1-5,000 characters after trimming, valid UTF-8; anything else refused with a clear code)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moderation.domain.model import MAX_BODY_CHARS, InvalidInput, normalize_body


def refusal(raw) -> str:
    with pytest.raises(InvalidInput) as refused:
        normalize_body(raw)
    assert refused.value.message  # shown to the commenter, so never blank
    return refused.value.code


@pytest.mark.parametrize("raw", ["", " ", "\n\n", "\r\n\t  \r\n", "\u00a0\u2003"])
def test_empty_or_whitespace_only_is_refused(raw):
    assert refusal(raw) == "body_empty"


def test_exactly_the_limit_is_accepted():
    assert normalize_body("a" * MAX_BODY_CHARS) == "a" * MAX_BODY_CHARS
    assert MAX_BODY_CHARS == 5000


def test_one_over_the_limit_is_refused():
    assert refusal("a" * (MAX_BODY_CHARS + 1)) == "body_too_long"


def test_the_limit_is_counted_after_trimming():
    assert normalize_body("  \n" + "a" * MAX_BODY_CHARS + "\n\n  ") == "a" * MAX_BODY_CHARS


def test_the_limit_counts_characters_not_bytes():
    # Five thousand characters of Gaelic or emoji are as welcome as five thousand of ASCII.
    assert normalize_body("à" * MAX_BODY_CHARS) == "à" * MAX_BODY_CHARS
    assert normalize_body("🙂" * MAX_BODY_CHARS) == "🙂" * MAX_BODY_CHARS


def test_windows_line_breaks_count_once_towards_the_limit():
    # A comment typed on Windows must not hit the limit sooner than the same one typed on a Mac.
    lines = ["a" * 9] * 500  # 500 x 9 characters + 499 breaks = 4,999
    assert normalize_body("\r\n".join(lines)) == "\n".join(lines)


@pytest.mark.parametrize("raw", [None, 42, b"bytes are not text", ["a list"], {"body": "x"}])
def test_anything_but_a_string_is_refused(raw):
    assert refusal(raw) == "body_not_text"


@pytest.mark.parametrize("raw", ["\ud800", "fine until here \udfff", "a\udc00b"])
def test_lone_surrogates_are_refused(raw):
    # What JSON "\ud800" decodes to: not text, and unstorable in PostgreSQL.
    assert refusal(raw) == "body_invalid_utf8"


def test_a_nul_character_is_refused():
    assert refusal("hello\x00world") == "body_invalid_characters"


def test_line_endings_are_unified_and_line_breaks_kept():
    assert normalize_body("first\r\nsecond\rthird\n\nfourth") == "first\nsecond\nthird\n\nfourth"


def test_surrounding_whitespace_is_trimmed_but_inner_spacing_kept():
    assert normalize_body("  \n  indented   text\n\n") == "indented   text"


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert('x')</script>",
        "Robert'); DROP TABLE comments;--",
        "&lt;b&gt; &amp; <b>bold</b>",
        "{{ 7 * 7 }} ${jndi:ldap://x}",
    ],
)
def test_markup_and_sql_are_kept_verbatim(raw):
    # Stored as written and escaped when rendered: stripping would alter what the author said.
    assert normalize_body(raw) == raw


@settings(deadline=None)  # timing varies on a busy CI machine; correctness does not
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1))
def test_normalising_twice_changes_nothing(raw):
    # An edit round trip (load, save unchanged) must not alter the text or fail.
    try:
        once = normalize_body(raw)
    except InvalidInput as refused:
        assert refused.code in {"body_empty", "body_too_long"}
        return
    assert normalize_body(once) == once
    assert 1 <= len(once) <= MAX_BODY_CHARS
    assert "\r" not in once


def test_a_body_of_invisible_characters_is_empty():
    from moderation.domain.model import InvalidInput, normalize_body

    with pytest.raises(InvalidInput) as err:
        normalize_body("\u200b \u200d\ufeff")
    assert err.value.code == "body_empty"
    assert normalize_body("ok\u200b") == "ok\u200b"  # kept as written when there is text
