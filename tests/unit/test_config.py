"""Settings come from the environment, typed, with the README documenting every one of them."""
from __future__ import annotations

from pathlib import Path

import pytest

from moderation.config import Settings, settings_table


def test_values_are_parsed_and_typed():
    s = Settings.from_env({"MODERATION_EDIT_WINDOW_SECONDS": "600", "MODERATION_ALLOWED_ORIGINS": "https://a.example, https://b.example"})
    assert s.edit_window_seconds == 600
    assert s.allowed_origins == ("https://a.example", "https://b.example")
    assert s.database_url == "sqlite:///moderation.db"


def test_bad_value_names_the_variable():
    with pytest.raises(ValueError, match="MODERATION_CLAIM_SECONDS"):
        Settings.from_env({"MODERATION_CLAIM_SECONDS": "five minutes"})


STRONG = "x" * 32


def test_service_refuses_to_start_without_a_way_to_check_tokens():
    with pytest.raises(RuntimeError, match="MODERATION_SSO_SECRET or MODERATION_SSO_PUBLIC_KEY.*MODERATION_SECRET_KEY"):
        Settings.from_env({}).check()
    Settings.from_env({"MODERATION_SSO_SECRET": STRONG, "MODERATION_SECRET_KEY": "k"}).check()
    # A publisher signing with RS256 needs no shared secret at all.
    Settings.from_env({"MODERATION_SSO_PUBLIC_KEY": "-----BEGIN PUBLIC KEY-----", "MODERATION_SECRET_KEY": "k"}).check()


def test_a_guessable_shared_secret_is_refused():
    with pytest.raises(RuntimeError, match="at least 32 bytes"):
        Settings.from_env({"MODERATION_SSO_SECRET": "secret", "MODERATION_SECRET_KEY": "k"}).check()


@pytest.mark.parametrize("env, value", [("MODERATION_COMPLAINT_RATE_PER_MINUTE", "0"), ("MODERATION_EDIT_WINDOW_SECONDS", "-5")])
def test_out_of_range_numbers_are_refused(env, value):
    with pytest.raises(RuntimeError, match=env):
        Settings.from_env({"MODERATION_SSO_SECRET": STRONG, "MODERATION_SECRET_KEY": "k", env: value}).check()


def test_readme_documents_every_setting():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert settings_table() in readme
