"""What admins change from the dashboard, on PostgreSQL: staff accounts (the last admin kept, roles,
password links, the audit trail) and the policy (a preview that writes nothing, saving on top of
the version seen, revert)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from moderation import create_app
from moderation.adapters.orm import AuditEvent, Comment, PolicyVersion, QueueItem
from moderation.config import Settings
from moderation.domain.coverage import Coverage
from moderation.domain.model import Conflict, InvalidInput, Reader, Reason, Unauthenticated
from moderation.domain.policy import PolicyConfig
from moderation.domain.policy_codec import config_to_dict
from moderation.services import articles, comments, complaints, policy_admin, policy_settings, staff
from support.api import give_scores
from support.clock import WEEKDAY_NIGHT
from support.tokens import SSO_SECRET

pytestmark = pytest.mark.integration
PASSWORD = "a long enough passphrase"
ADMIN = Reader(id="admin-alex", name="Alex", roles=frozenset({"admin"}))


@pytest.fixture
def ctx(db_url, clock):
    clock.set(WEEKDAY_NIGHT)
    app = create_app(Settings.from_env({}, database_url=db_url, sso_secret=SSO_SECRET, secret_key="k", log_level="CRITICAL"),
                     clock=clock)
    yield app.extensions["moderation"].context
    app.extensions["moderation_engine"].dispose()


def audit(ctx, action: str) -> list[AuditEvent]:
    with ctx.transaction() as session:
        return session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


# --- staff ---------------------------------------------------------------------------------------------

def test_the_last_active_admin_can_be_neither_disabled_nor_demoted_until_there_is_another(ctx):
    staff.create_account(ctx, "alex", "Alex", PASSWORD, ["admin"], actor="admin-root")
    staff.create_account(ctx, "mo", "Mo", PASSWORD, ["moderator"])
    for change in (lambda: staff.set_active(ctx, "alex", False, actor="admin-alex"),
                   lambda: staff.set_roles(ctx, "alex", ["editor"], actor="admin-alex")):
        with pytest.raises(Conflict) as refused:
            change()
        assert refused.value.code == "last_admin" and "only active admin" in refused.value.message
    assert staff.authenticate(ctx, "alex", PASSWORD, "192.0.2.1").member.is_admin
    # A disabled admin does not count: promoting Mo is what frees Alex.
    staff.set_roles(ctx, "mo", ["admin"], actor="admin-alex")
    staff.set_roles(ctx, "alex", ["moderator"], actor="admin-alex")
    assert [(a.username, a.roles) for a in staff.list_accounts(ctx)] == [("alex", ["moderator"]), ("mo", ["admin"])]
    changed = audit(ctx, "staff_roles_changed")
    assert [(e.actor, e.note, e.before, e.after) for e in changed] == [
        ("admin-alex", "Mo (mo)", {"roles": ["moderator"]}, {"roles": ["admin"]}),
        ("admin-alex", "Alex (alex)", {"roles": ["admin"]}, {"roles": ["moderator"]}),
    ]


def test_two_admins_demoting_each_other_at_once_leave_one_admin(ctx):
    staff.create_account(ctx, "ann", "Ann", PASSWORD, ["admin"])
    staff.create_account(ctx, "bob", "Bob", PASSWORD, ["admin"])

    def demote(username):
        try:
            staff.set_roles(ctx, username, ["moderator"], actor="someone")
            return "done"
        except Conflict:
            return "refused"

    for _ in range(3):
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = sorted(pool.map(demote, ["ann", "bob"]))
        assert outcomes == ["done", "refused"]
        admins = [a for a in staff.list_accounts(ctx) if "admin" in a.roles]
        assert len(admins) == 1
        staff.set_roles(ctx, "ann" if admins[0].username == "bob" else "bob", ["admin"])


def test_the_command_refuses_to_disable_the_only_admin(ctx, db_url, monkeypatch, capsys):
    from moderation.cli import main

    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("MODERATION_SSO_SECRET", SSO_SECRET)
    monkeypatch.setenv("MODERATION_SECRET_KEY", "k")
    staff.create_account(ctx, "lee", "Lee", PASSWORD, ["admin"])
    assert main(["staff", "disable", "lee"]) == 1
    assert "only active admin" in capsys.readouterr().err
    assert staff.list_accounts(ctx)[0].active is True


def test_an_invited_member_of_staff_chooses_a_password_once_through_the_link(ctx, clock):
    staff.create_account(ctx, "kim", "Kim", None, ["moderator"], actor="admin-alex")
    # Invited: nothing anyone could type signs in yet.
    with pytest.raises(Unauthenticated):
        staff.authenticate(ctx, "kim", "", "192.0.2.1")
    token, expires = staff.password_link(ctx, "kim", actor="admin-alex")
    assert expires == WEEKDAY_NIGHT + staff.PASSWORD_LINK_LIFETIME
    assert staff.account_for_link(ctx, token).username == "kim"
    with pytest.raises(InvalidInput):
        staff.use_password_link(ctx, token, "short")
    staff.use_password_link(ctx, token, PASSWORD)
    assert staff.authenticate(ctx, "kim", PASSWORD, "192.0.2.1").member.name == "Kim"
    with pytest.raises(InvalidInput) as used:
        staff.use_password_link(ctx, token, "another long passphrase")
    assert used.value.code == "password_link_unusable"
    assert [e.action for e in audit(ctx, "staff_added") + audit(ctx, "staff_password_link") + audit(ctx, "staff_password_chosen")] == [
        "staff_added", "staff_password_link", "staff_password_chosen"]


def test_a_password_link_stops_working_when_it_expires_when_tampered_with_or_when_the_account_is_disabled(ctx, clock):
    staff.create_account(ctx, "kim", "Kim", PASSWORD, ["moderator"])
    staff.create_account(ctx, "lou", "Lou", PASSWORD, ["moderator"])
    token, _ = staff.password_link(ctx, "kim")
    with pytest.raises(InvalidInput):
        staff.account_for_link(ctx, token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])
    clock.advance(days=8)
    with pytest.raises(InvalidInput):
        staff.account_for_link(ctx, token)
    fresh, _ = staff.password_link(ctx, "lou")
    staff.set_active(ctx, "lou", False)
    with pytest.raises(InvalidInput):
        staff.use_password_link(ctx, fresh, "another long passphrase")
    assert staff.authenticate(ctx, "kim", PASSWORD, "192.0.2.1")  # the old password still works


# --- the policy -----------------------------------------------------------------------------------------

def _queue_at_night(ctx) -> dict[str, str]:
    """Three open items under part-time cover: abuse 0.88 (visible), 0.93 (withheld), and a complaint."""
    editor = Reader(id="ed", name="Ed", roles=frozenset({"editor"}))
    articles.upsert_article(ctx, editor, "harbour", {"title": "Harbour bridge", "body": "The bridge reopened."})
    ids = {}
    for n, (name, abuse) in enumerate([("close", 0.88), ("over", 0.93), ("reported", 0.1)]):
        posted = comments.post_comment(ctx, Reader(id=f"r{n}", name=f"R{n}", subscriber=True), "harbour",
                                       f"Comment {name} about the bridge", None)
        give_scores(ctx, posted.id, abuse=abuse, off_topic=0.1)
        ids[name] = posted.id
    complaints.file_complaint(ctx, Reader(id="x", name="X", subscriber=True), "x", ids["reported"], Reason.UNTRUE, "")
    return ids


def test_the_preview_names_what_a_lower_part_time_bar_would_hide_writes_nothing_and_saving_does_it(ctx):
    policy_settings.save_policy(ctx, ADMIN, config_to_dict(PolicyConfig()), "pinned")
    ids = _queue_at_night(ctx)
    with ctx.transaction() as session:
        assert session.scalar(select(func.count()).select_from(QueueItem).where(QueueItem.state == "open")) == 3
        before = {c.id: c.withheld for c in session.scalars(select(Comment))}
        events = session.scalar(select(func.count()).select_from(AuditEvent))
    assert before == {ids["close"]: False, ids["over"]: True, ids["reported"]: False}

    lower = PolicyConfig(withhold={**PolicyConfig().withhold,
                                   Coverage.PART: replace(PolicyConfig().withhold[Coverage.PART], abuse=0.85)})
    seen = policy_admin.preview(ctx, lower)
    assert seen["impact"].examined == 3
    assert seen["impact"].newly_withheld == [ids["close"]]
    assert seen["impact"].kept_hidden == 1
    assert seen["changes"] == ["Part-time withholding bar, abuse score: 0.9 → 0.85."]
    assert seen["texts"][ids["close"]] == "Comment close about the bridge"
    with ctx.transaction() as session:
        assert {c.id: c.withheld for c in session.scalars(select(Comment))} == before
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == events

    # Saved, it does at once what the preview said: the 0.88 comment is hidden, and only it.
    policy_admin.save(ctx, ADMIN, config_to_dict(lower), "Stricter at night")
    with ctx.transaction() as session:
        assert {c.id: c.withheld for c in session.scalars(select(Comment))} == {**before, ids["close"]: True}
    (hidden,) = [e for e in audit(ctx, "withheld") if e.actor == "policy change"]
    assert hidden.comment_id == ids["close"] and "0.88 reaches the part-time bar 0.85" in hidden.note
    assert policy_admin.preview(ctx, lower)["impact"].unchanged


def test_saving_on_top_of_an_older_version_is_refused_and_revert_restores_an_earlier_one(ctx):
    policy_settings.save_policy(ctx, ADMIN, config_to_dict(PolicyConfig()), "pinned")
    first = policy_admin.policy_in_force(ctx).version
    tighter = config_to_dict(PolicyConfig())
    tighter["withhold"]["part"]["abuse"] = 0.85
    second = policy_admin.save_on_top_of(ctx, ADMIN, tighter, first, "Tighter at night")
    with pytest.raises(Conflict) as stale:
        policy_admin.save_on_top_of(ctx, ADMIN, config_to_dict(PolicyConfig()), first)
    assert "after you opened this page" in stale.value.message

    third = policy_admin.revert(ctx, ADMIN, first, "Too many hidden")
    in_force = policy_admin.policy_in_force(ctx)
    assert in_force.version == third and in_force.config["withhold"]["part"]["abuse"] == 0.9
    history = policy_admin.versions(ctx)
    assert [v.version for v in history] == [third, second, first]
    assert history[0].note == f"Reverted to version {first}. Too many hidden"
    assert history[0].changes == ["Part-time withholding bar, abuse score: 0.85 → 0.9."]
    assert history[1].changes == ["Part-time withholding bar, abuse score: 0.9 → 0.85."]
    with pytest.raises(InvalidInput):
        policy_admin.revert(ctx, ADMIN, third)  # already in force
    changed = audit(ctx, "policy_changed")
    assert changed[-1].actor == "admin-alex" and changed[-1].note.startswith("Reverted to version")
    with ctx.transaction() as session:
        assert session.scalar(select(func.count()).select_from(PolicyVersion)) == 3
