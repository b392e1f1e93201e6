"""The newsroom's banned and suspect phrases: what a listed phrase is found in, however it is
disguised, what it is never found in, and which lists may be saved."""
import pytest

from moderation.domain.model import InvalidInput
from moderation.domain.word_lists import MAX_PHRASE_CHARS, MAX_PHRASES, WordLists, word_lists_from

LISTS = WordLists(banned=("kill", "ass", "kill yourself", "hell"), suspect=("god", "idiot"))


def banned_in(text: str) -> list[str]:
    return [hit.phrase for hit in LISTS.find(text).banned]


@pytest.mark.parametrize("text", [
    "kill", "KILL", "Kill them all", "I will kill", "k i l l", "k.i.l.l", "k-i-l-l", "k_i_l_l", "k1ll", "k!ll", "K|LL",
    "kíll", "kiiiiill", "killlll", "(kill)", "\"kill\"", "kill.", "k 1 l l", "ki-ll", "k*ill",
])
def test_a_banned_word_is_found_however_it_is_spelt_or_spaced(text):
    assert "kill" in banned_in(text)


@pytest.mark.parametrize("text", [
    "skill", "skills", "killer", "kilt", "kil", "kiill", "ki ll", "ki'll", "ok ill", "Bank ill-health", "k.i.l", "milk ill",
])
def test_a_banned_word_is_not_found_inside_other_words_or_broken_mid_word(text):
    assert "kill" not in banned_in(text)


@pytest.mark.parametrize("text", ["class", "assess", "classic", "grass", "assume", "bass", "passage", "as such",
                                  "it was a sad story", "has seen", "as soon as"])
def test_a_short_banned_word_does_not_fire_inside_ordinary_words(text):
    assert banned_in(text) == []


@pytest.mark.parametrize("text", ["ass", "ASS", "a.s.s", "a s s", "@$$", "4ss", "a$$hole is not, but a$$ is"])
def test_a_short_banned_word_is_found_on_its_own(text):
    assert "ass" in banned_in(text)


def test_a_contraction_is_not_taken_for_a_word_that_differs_by_an_apostrophe():
    assert banned_in("He'll be fine, she'll see.") == []


def test_a_letter_doubled_in_ordinary_spelling_is_not_a_stretched_listed_word():
    assert LISTS.find("good grief").suspect == ()
    assert [h.phrase for h in LISTS.find("oh my goooood").suspect] == ["god"]


def test_the_words_of_a_phrase_may_be_run_together_or_parted_by_punctuation():
    for text in ("kill yourself", "KILL YOURSELF", "killyourself", "kill, yourself", "kill...yourself", "k1ll y0urself"):
        assert "kill yourself" in banned_in(text), text
    assert "kill yourself" not in banned_in("kill your selfish habits")


def test_each_hit_names_the_listed_phrase_and_how_the_comment_wrote_it():
    hits = LISTS.find("You absolute 1d1ot, go k.1.l.l something")
    assert [(h.phrase, h.written) for h in hits.banned] == [("kill", "k.1.l.l")]
    assert [(h.phrase, h.written) for h in hits.suspect] == [("idiot", "1d1ot")]


def test_a_phrase_found_twice_is_reported_once_and_in_the_lists_order():
    hits = LISTS.find("hell, kill, hell again, kill")
    assert [h.phrase for h in hits.banned] == ["kill", "hell"]


def test_no_lists_find_nothing():
    assert not WordLists().find("kill everyone")


@pytest.mark.slow  # builds the patterns of two full lists (bench/word_lists.py times the search)
def test_full_lists_find_only_the_phrase_a_long_comment_holds():
    lists = WordLists(banned=tuple(f"banned{n}word" for n in range(MAX_PHRASES)),
                      suspect=tuple(f"suspect{n}word" for n in range(MAX_PHRASES)))
    text = ("The council approved the harbour road cycle lanes after a long debate. " * 70)[:5000]
    assert not lists.find(text)
    hits = lists.find(text[:2500] + " suspect499word " + text[2500:])
    assert [hit.phrase for hit in hits.suspect] == ["suspect499word"] and not hits.banned


# --- saving lists --------------------------------------------------------------------------------

def problems(banned=(), suspect=()):
    return WordLists(tuple(banned), tuple(suspect)).validate()


def test_sensible_lists_have_no_problems():
    assert problems(["kill yourself", "k1ll"], ["idiot", "moron"]) == []


def test_an_empty_phrase_is_refused():
    assert problems(["kill", ""]) == ["The banned list has an empty phrase."]


def test_a_phrase_of_fewer_than_two_letters_is_refused():
    assert problems([], ["a"]) == ["The suspect phrase “a” needs at least 2 letters or digits."]
    assert problems(["!!!"]) == ["The banned phrase “!!!” needs at least 2 letters or digits."]


def test_a_phrase_over_the_length_limit_is_refused_with_its_length():
    [problem] = problems(["x" * (MAX_PHRASE_CHARS + 1)])
    assert f"{MAX_PHRASE_CHARS + 1} characters long; the limit is {MAX_PHRASE_CHARS}" in problem


def test_a_list_over_the_limit_is_refused():
    [problem] = problems([f"word{n}" for n in range(MAX_PHRASES + 1)])
    assert problem == f"The banned list has {MAX_PHRASES + 1} phrases; the most it may have is {MAX_PHRASES}."


def test_a_phrase_listed_twice_in_any_spelling_is_refused():
    [problem] = problems(["Kill", "kíll"])
    assert "The banned list has “kíll” twice (as “Kill” too" in problem


def test_a_phrase_on_both_lists_is_refused():
    assert problems(["idiot"], ["IDIOT"]) == ["“IDIOT” is on both lists: a phrase is either banned or suspect."]


def test_parsing_tidies_spaces_and_names_every_problem_at_once():
    assert word_lists_from({"banned": ["  kill   yourself "], "suspect": []}).banned == ("kill yourself",)
    with pytest.raises(InvalidInput) as refused:
        word_lists_from({"banned": ["  ", "idiot"], "suspect": ["idiot"]})
    assert refused.value.code == "invalid_word_lists"
    assert "empty phrase" in refused.value.message and "on both lists" in refused.value.message
    with pytest.raises(InvalidInput):
        word_lists_from({"banned": [3], "suspect": []})
    with pytest.raises(InvalidInput):
        word_lists_from({"banned": []})
