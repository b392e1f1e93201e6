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


def test_service_refuses_to_start_without_secrets():
    with pytest.raises(RuntimeError, match="MODERATION_SSO_SECRET.*MODERATION_SECRET_KEY"):
        Settings.from_env({}).check()
    Settings.from_env({"MODERATION_SSO_SECRET": "s", "MODERATION_SECRET_KEY": "k"}).check()


def test_readme_documents_every_setting():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert settings_table() in readme
