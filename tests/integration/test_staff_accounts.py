"""Dashboard logins, managed with the `moderation staff` command, on PostgreSQL."""
from __future__ import annotations

import io

import pytest

from moderation import create_app
from moderation.cli import main
from moderation.config import Settings
from moderation.domain.model import Role, Unauthenticated
from moderation.services import staff
from support.tokens import SSO_SECRET

pytestmark = pytest.mark.integration
PASSWORD = "a long enough passphrase"


@pytest.fixture
def env(db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("MODERATION_SSO_SECRET", SSO_SECRET)
    monkeypatch.setenv("MODERATION_SECRET_KEY", "k")
    monkeypatch.setenv("MODERATION_LOG_LEVEL", "WARNING")
    return create_app(Settings.from_env()).extensions["moderation"].context


def staff_command(monkeypatch, *args, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["staff", *args])


def test_an_account_made_with_the_command_signs_in_as_its_publisher_identity(env, monkeypatch, capsys):
    assert staff_command(monkeypatch, "add", "Jo", "--name", "Jo Bloggs", "--role", "moderator", "--user-id", "sso-42",
                         stdin=PASSWORD + "\n") == 0
    assert "created jo" in capsys.readouterr().out
    account_id, reader = staff.authenticate(env, "JO", PASSWORD)
    assert reader.id == "sso-42" and reader.name == "Jo Bloggs" and reader.roles == frozenset({Role.MODERATOR})
    # The stored hash is argon2, never the password.
    assert staff.list_accounts(env)[0]["username"] == "jo"
    with env.transaction() as session:
        from moderation.adapters.orm import StaffAccount

        assert session.get(StaffAccount, account_id).password_hash.startswith("$argon2")


def test_weak_passwords_duplicates_and_unknown_roles_are_refused(env, monkeypatch, capsys):
    assert staff_command(monkeypatch, "add", "kim", "--name", "Kim", "--role", "moderator", stdin="short\n") == 1
    assert "at least 12 characters" in capsys.readouterr().err
    assert staff_command(monkeypatch, "add", "kim", "--name", "Kim", "--role", "moderator", stdin=PASSWORD + "\n") == 0
    assert staff_command(monkeypatch, "add", "kim", "--name", "Kim 2", "--role", "moderator", stdin=PASSWORD + "\n") == 1
    assert "already a staff account" in capsys.readouterr().err
    assert [a["name"] for a in staff.list_accounts(env)] == ["Kim"]


def test_a_disabled_account_cannot_sign_in_and_its_session_ends(env, monkeypatch):
    staff_command(monkeypatch, "add", "lee", "--name", "Lee", "--role", "admin", stdin=PASSWORD + "\n")
    account_id, _ = staff.authenticate(env, "lee", PASSWORD)
    assert staff_command(monkeypatch, "disable", "lee") == 0
    with pytest.raises(Unauthenticated):
        staff.authenticate(env, "lee", PASSWORD)
    assert staff.staff_member(env, account_id) is None
    assert staff_command(monkeypatch, "enable", "lee") == 0
    assert staff.staff_member(env, account_id).is_admin


def test_a_new_password_replaces_the_old_one(env, monkeypatch):
    staff_command(monkeypatch, "add", "max", "--name", "Max", "--role", "moderator", stdin=PASSWORD + "\n")
    assert staff_command(monkeypatch, "passwd", "max", stdin="another long passphrase\n") == 0
    with pytest.raises(Unauthenticated):
        staff.authenticate(env, "max", PASSWORD)
    assert staff.authenticate(env, "max", "another long passphrase")[1].name == "Max"
