"""Dashboard logins, managed with the `moderation staff` command, on PostgreSQL."""
from __future__ import annotations

import io

import pytest

from moderation import create_app
from moderation.cli import main
from moderation.config import Settings
from moderation.domain.model import Role, Unauthenticated
from moderation.services import staff
from support.clock import WEEKDAY_MORNING
from support.tokens import SSO_SECRET

pytestmark = pytest.mark.integration
PASSWORD = "a long enough passphrase"


@pytest.fixture
def env(db_url, monkeypatch, clock):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("MODERATION_SSO_SECRET", SSO_SECRET)
    monkeypatch.setenv("MODERATION_SECRET_KEY", "k")
    monkeypatch.setenv("MODERATION_LOG_LEVEL", "WARNING")
    return create_app(Settings.from_env(), clock=clock).extensions["moderation"].context


def staff_command(monkeypatch, *args, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["staff", *args])


def test_an_account_made_with_the_command_signs_in_as_its_publisher_identity(env, monkeypatch, capsys):
    assert staff_command(monkeypatch, "add", "Jo", "--name", "Jo Bloggs", "--role", "moderator", "--user-id", "sso-42",
                         stdin=PASSWORD + "\n") == 0
    assert "created jo" in capsys.readouterr().out
    signed = staff.authenticate(env, "JO", PASSWORD, "192.0.2.1")
    reader = signed.member
    assert reader.id == "sso-42" and reader.name == "Jo Bloggs" and reader.roles == frozenset({Role.MODERATOR})
    # The stored hash is argon2, never the password.
    assert staff.list_accounts(env)[0].username == "jo"
    with env.transaction() as session:
        from moderation.adapters.orm import StaffAccount

        assert session.get(StaffAccount, signed.account_id).password_hash.startswith("$argon2")


def test_weak_passwords_duplicates_and_unknown_roles_are_refused(env, monkeypatch, capsys):
    assert staff_command(monkeypatch, "add", "kim", "--name", "Kim", "--role", "moderator", stdin="short\n") == 1
    assert "at least 12 characters" in capsys.readouterr().err
    assert staff_command(monkeypatch, "add", "kim", "--name", "Kim", "--role", "moderator", stdin=PASSWORD + "\n") == 0
    assert staff_command(monkeypatch, "add", "kim", "--name", "Kim 2", "--role", "moderator", stdin=PASSWORD + "\n") == 1
    assert "already a staff account" in capsys.readouterr().err
    assert [a.name for a in staff.list_accounts(env)] == ["Kim"]


def test_a_disabled_account_cannot_sign_in_and_its_sessions_end(env, monkeypatch):
    staff_command(monkeypatch, "add", "lee", "--name", "Lee", "--role", "admin", stdin=PASSWORD + "\n")
    staff_command(monkeypatch, "add", "pat", "--name", "Pat", "--role", "admin", stdin=PASSWORD + "\n")  # the last admin stays
    signed = staff.authenticate(env, "lee", PASSWORD, "192.0.2.1")
    assert staff.staff_member(env, signed.account_id, signed.session_version).is_admin
    assert staff_command(monkeypatch, "disable", "lee") == 0
    with pytest.raises(Unauthenticated):
        staff.authenticate(env, "lee", PASSWORD, "192.0.2.1")
    assert staff.staff_member(env, signed.account_id, signed.session_version) is None
    assert staff_command(monkeypatch, "enable", "lee") == 0
    # Re-enabling does not revive the old session: Lee signs in again.
    assert staff.staff_member(env, signed.account_id, signed.session_version) is None
    again = staff.authenticate(env, "lee", PASSWORD, "192.0.2.1")
    assert staff.staff_member(env, again.account_id, again.session_version).is_admin


def test_a_new_password_replaces_the_old_one_and_ends_its_sessions(env, monkeypatch):
    staff_command(monkeypatch, "add", "max", "--name", "Max", "--role", "moderator", stdin=PASSWORD + "\n")
    before = staff.authenticate(env, "max", PASSWORD, "192.0.2.1")
    assert staff_command(monkeypatch, "passwd", "max", stdin="another long passphrase\n") == 0
    assert staff.staff_member(env, before.account_id, before.session_version) is None
    with pytest.raises(Unauthenticated):
        staff.authenticate(env, "max", PASSWORD, "192.0.2.1")
    assert staff.authenticate(env, "max", "another long passphrase", "192.0.2.1").member.name == "Max"


def test_guessing_is_throttled_per_network_even_in_parallel_and_says_nothing_about_usernames(env, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    staff_command(monkeypatch, "add", "kim", "--name", "Kim", "--role", "moderator", stdin=PASSWORD + "\n")
    checked = []
    real_verify = staff._verify
    monkeypatch.setattr(staff, "_verify", lambda hashed, password: checked.append(password) or real_verify(hashed, password))

    def guess(n):
        try:
            staff.authenticate(env, "kim", f"wrong guess {n}", "198.51.100.7")
        except Unauthenticated as exc:
            return exc.message

    with ThreadPoolExecutor(max_workers=8) as pool:
        messages = list(pool.map(guess, range(20)))
    # However the 20 guesses interleave, no more than five reach the password check.
    assert len(checked) <= staff.MAX_FAILURES_PER_PLACE
    assert len(set(messages)) == 1
    with pytest.raises(Unauthenticated) as refused:
        staff.authenticate(env, "kim", PASSWORD, "198.51.100.7")
    assert refused.value.message == messages[0]
    # The same refusal for a username that does not exist.
    for n in range(7):
        with pytest.raises(Unauthenticated) as unknown:
            staff.authenticate(env, "nobody-here", f"guess {n}", "198.51.100.7")
        assert unknown.value.message == messages[0]
    # Kim, on her own network, still gets in: a guesser elsewhere cannot lock her out.
    assert staff.authenticate(env, "kim", PASSWORD, "203.0.113.9").member.name == "Kim"


def refused(env, username: str, password: str, network: str, device: str | None = None) -> bool:
    try:
        staff.authenticate(env, username, password, network, device)
    except Unauthenticated:
        return True
    return False


def test_wrong_passwords_from_one_network_do_not_lock_the_account_out_from_another(env, monkeypatch, clock):
    clock.set(WEEKDAY_MORNING)
    staff_command(monkeypatch, "add", "kim", "--name", "Kim", "--role", "moderator", stdin=PASSWORD + "\n")
    # More guesses from one network than the account-wide bound: one network counts only up to its own.
    for n in range(staff.MAX_FAILURES_PER_ACCOUNT + 10):
        assert refused(env, "kim", f"wrong guess {n}", "198.51.100.7")
    assert refused(env, "kim", PASSWORD, "198.51.100.7")  # that network's tries are paused...
    assert not refused(env, "kim", PASSWORD, "203.0.113.9")  # ...Kim's are not
    clock.advance(minutes=16)
    assert not refused(env, "kim", PASSWORD, "198.51.100.7")  # and the pause ends


def test_guessing_spread_over_many_networks_is_bounded_but_a_browser_kim_used_before_still_gets_in(env, monkeypatch, clock):
    clock.set(WEEKDAY_MORNING)
    staff_command(monkeypatch, "add", "kim", "--name", "Kim", "--role", "moderator", stdin=PASSWORD + "\n")
    networks = staff.MAX_FAILURES_PER_ACCOUNT // staff.MAX_FAILURES_PER_PLACE + 1
    for network in range(networks):
        for n in range(staff.MAX_FAILURES_PER_PLACE):
            assert refused(env, "kim", f"wrong guess {n}", f"10.0.0.{network}")
    assert refused(env, "kim", PASSWORD, "203.0.113.9")  # a network new to the account waits
    assert not refused(env, "kim", PASSWORD, "203.0.113.9", device="kims-laptop")
    # A known browser's own failures are counted apart, and paused like a network's.
    for n in range(staff.MAX_FAILURES_PER_PLACE):
        assert refused(env, "kim", f"typo {n}", "203.0.113.9", device="kims-laptop")
    assert refused(env, "kim", PASSWORD, "203.0.113.9", device="kims-laptop")
    assert not refused(env, "kim", PASSWORD, "203.0.113.9", device="kims-phone")


def test_the_command_explains_an_unmigrated_database_without_leaking_the_hash(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.delenv("MODERATION_SSO_SECRET", raising=False)
    assert staff_command(monkeypatch, "add", "kim", "--name", "Kim", "--role", "moderator", stdin=PASSWORD + "\n") == 1
    err = capsys.readouterr().err
    assert "moderation migrate" in err and "$argon2" not in err
