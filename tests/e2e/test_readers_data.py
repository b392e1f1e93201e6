"""Readers' data over HTTP: export, erasure, legal holds, appeals and reporters' pseudonyms."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from moderation.adapters.orm import AuditEvent, Base, Complaint
from moderation.services import review
from support.api import complain, create_article, new_comment, post_comment, queue
from support.clock import WEEKDAY_MORNING, WEEKDAY_NIGHT

pytestmark = pytest.mark.e2e


def _decide(service, tokens, comment_id, action, reason="abuse", moderator="mod-morgan", **extra):
    response = service.http.post(f"/api/v1/moderation/comments/{comment_id}/decision",
                                 json={"action": action, "reason": reason, **extra},
                                 headers=tokens.moderator(moderator))
    assert response.status_code == 200, response.text
    return response.json()


# --- export --------------------------------------------------------------------------------------

def test_export_holds_every_version_the_reader_saw_their_reports_notifications_and_sanctions(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens, title="Harbour bridge")
    mine = new_comment(service, tokens, body="The bridge is a waste of money", sub="sam")
    clock.advance(minutes=2)
    edited = service.http.patch(f"/api/v1/comments/{mine['id']}", json={"body": "The bridge is a waste, you idiots"},
                                headers=tokens.subscriber("sam"))
    assert edited.status_code == 200
    _decide(service, tokens, mine["id"], "amend", body="The bridge is a waste", note="Insult taken out")
    theirs = new_comment(service, tokens, body="Buy cheap watches here", sub="rita")
    assert complain(service, tokens, theirs["id"], "spam", sub="sam", note="An advert").status_code == 201
    warned = service.http.post("/api/v1/moderation/users/sam/sanctions", json={"kind": "warn", "reason": "Keep it civil"},
                               headers=tokens.moderator())
    assert warned.status_code == 201

    response = service.http.get("/api/v1/me/export", headers=tokens.subscriber("sam"))
    assert response.status_code == 200
    data = response.json()
    assert data["reader"]["id"] == "sam" and data["reader"]["warnings"] == 1
    [comment] = data["comments"]
    assert comment["article_title"] == "Harbour bridge"
    assert comment["body"] == "The bridge is a waste" and comment["moderation_reason"] == "abuse"
    assert [(v["kind"], v["body"]) for v in comment["versions"]] == [
        ("posted", "The bridge is a waste of money"),
        ("edited", "The bridge is a waste, you idiots"),
        ("amended_by_a_moderator", "The bridge is a waste"),
    ]
    assert [(c["comment_id"], c["reason"], c["note"]) for c in data["complaints"]] == [(theirs["id"], "spam", "An advert")]
    assert {n["kind"] for n in data["notifications"]} == {"comment_amend", "sanction_warn"}
    assert [(s["kind"], s["reason"]) for s in data["sanctions"]] == [("warn", "Keep it civil")]
    # Moderators' notes and identities are the newsroom's, not the reader's.
    assert "mod-morgan" not in response.text and "Insult taken out" not in response.text
    assert "Buy cheap watches" not in response.text

    by_admin = service.http.get("/api/v1/moderation/users/sam/export", headers=tokens.admin())
    assert by_admin.status_code == 200
    assert by_admin.json()["comments"] == data["comments"] and by_admin.json()["complaints"] == data["complaints"]
    assert service.http.get("/api/v1/moderation/users/sam/export", headers=tokens.moderator()).status_code == 403
    assert service.http.get("/api/v1/moderation/users/nobody-at-all/export", headers=tokens.admin()).status_code == 404
    assert service.http.get("/api/v1/me/export").status_code == 401


# --- erasure -------------------------------------------------------------------------------------

def test_erasure_keeps_threads_intact_and_the_old_token_edits_nothing(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    root = new_comment(service, tokens, body="Sam's opening remark", sub="sam")
    reply = post_comment(service, tokens, body="Rita answers Sam", sub="rita", parent_id=root["id"]).json()
    answer = post_comment(service, tokens, body="Sam answers back", sub="sam", parent_id=reply["id"]).json()
    assert service.http.patch(f"/api/v1/comments/{root['id']}", json={"body": "Sam's opening remark, edited"},
                              headers=tokens.subscriber("sam")).status_code == 200

    response = service.http.delete("/api/v1/me", headers=tokens.subscriber("sam"))
    assert response.status_code == 200
    assert response.json() == {"erased": True, "comments": 2, "comments_held": 0, "complaints": 0}

    [thread] = service.http.get("/api/v1/articles/a1/comments").json()["comments"]
    assert thread["id"] == root["id"] and thread["status"] == "erased" and thread["body"] is None
    assert thread["placeholder"] == "This comment was removed at its author's request."
    assert thread["author"] == {"name": ""}
    [rita] = thread["replies"]
    assert rita["id"] == reply["id"] and rita["body"] == "Rita answers Sam"
    # Sam's answer has no replies to hold up: like any comment readers cannot read, it leaves no note
    # for them. Moderators still see its tombstone in the thread.
    assert rita["replies"] == []
    [staff_thread] = service.http.get("/api/v1/articles/a1/comments", headers=tokens.moderator()).json()["comments"]
    [staff_answer] = staff_thread["replies"][0]["replies"]
    assert staff_answer["id"] == answer["id"] and staff_answer["status"] == "erased"
    staff_view = service.http.get(f"/api/v1/comments/{root['id']}", headers=tokens.moderator()).json()
    assert staff_view["original_body"] == "" and staff_view["author"]["id"].startswith("erased-")
    trail = service.http.get(f"/api/v1/moderation/comments/{root['id']}/history", headers=tokens.moderator())
    assert trail.status_code == 200 and trail.json()["original_body"] == ""
    assert [(e["action"], e["actor"].startswith("erased-")) for e in trail.json()["events"]] == [
        ("posted", True), ("edited", True)]
    assert "Sam's opening remark" not in trail.text

    edit = service.http.patch(f"/api/v1/comments/{answer['id']}", json={"body": "Back again"},
                              headers=tokens.subscriber("sam"))
    assert edit.status_code == 403 and edit.json()["error"]["code"] == "not_author"
    withdraw = service.http.delete(f"/api/v1/comments/{root['id']}", headers=tokens.subscriber("sam"))
    assert withdraw.status_code == 403
    refused = post_comment(service, tokens, body="A reply to nothing", sub="rita", parent_id=root["id"])
    assert refused.status_code == 409
    assert service.http.get("/api/v1/me/export", headers=tokens.subscriber("sam")).json()["comments"] == []
    again = service.http.delete("/api/v1/me", headers=tokens.subscriber("sam"))
    assert again.json()["comments"] == 0


def test_admin_erasure_deidentifies_reports_and_keeps_their_weight(service, tokens, clock):
    clock.set(WEEKDAY_NIGHT)
    create_article(service, tokens)
    # Rita's earlier report was upheld: her reports weigh 4/3 of a newcomer's (abuse weighs 1.5).
    earlier = new_comment(service, tokens, body="An earlier insult", sub="olly")
    assert complain(service, tokens, earlier["id"], "abuse", sub="rita").status_code == 201
    _decide(service, tokens, earlier["id"], "delete")
    comment = new_comment(service, tokens, body="Posted at night", sub="nico")
    for reader in ("rita", "raj"):
        assert complain(service, tokens, comment["id"], "abuse", sub=reader, note=f"{reader} objects").status_code == 201
    assert service.http.get(f"/api/v1/comments/{comment['id']}").json()["status"] == "awaiting_review"
    assert "2 distinct complainants, weight 3.5." in queue(service, tokens)[0]["why"]

    response = service.http.post("/api/v1/moderation/users/rita/erasure", headers=tokens.admin())
    assert response.status_code == 200 and response.json()["complaints"] == 2
    assert service.http.post("/api/v1/moderation/users/rita/erasure", headers=tokens.moderator()).status_code == 403

    # Another report makes the policy weigh them all again: rita's still counts, at her weight.
    assert complain(service, tokens, comment["id"], "abuse").status_code == 201
    [item] = queue(service, tokens)
    assert item["complaints"]["count"] == 3
    assert "3 distinct complainants, weight 4.2." in item["why"]  # 2 + 1.5 + 0.75 (anonymous)
    assert [n["note"] for n in item["complaints"]["notes"]] == ["raj objects"]
    assert service.http.get(f"/api/v1/comments/{comment['id']}").json()["status"] == "awaiting_review"
    with service.ctx.transaction() as session:
        erasures = session.scalars(select(AuditEvent).where(AuditEvent.action == "erasure")).all()
        trail = [(e.actor, e.user_id, e.note, str(e.before), str(e.after)) for e in session.scalars(select(AuditEvent))]
        reporters = session.scalars(select(Complaint.reporter_id)).all()
    assert [(e.actor, e.user_id.startswith("erased-")) for e in erasures] == [("admin-ash", True)]
    assert not any("rita" in str(field) for event in trail for field in event)
    assert "rita" not in reporters


def _tables_holding(ctx, *markers) -> set[str]:
    """The columns of any table where one of `markers` is found."""
    found = set()
    with ctx.transaction() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)).mappings():
                found |= {f"{table.name}.{column}" for column, value in row.items() if any(m in str(value) for m in markers)}
    return found


def test_after_erasure_no_table_holds_the_readers_id_name_email_or_words(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    zed = tokens.subscriber("zed-4471", name="Zebedee Quill", email="zq@example.org")
    mine = service.http.post("/api/v1/articles/a1/comments", json={"body": "quillmarker on the bridge"},
                             headers={**zed, "Idempotency-Key": "k-1"}).json()
    other = new_comment(service, tokens, body="Buy watches", sub="olly")
    assert service.http.post(f"/api/v1/comments/{other['id']}/complaints", json={"reason": "spam", "note": "quillmarker"},
                             headers=zed).status_code == 201
    _decide(service, tokens, mine["id"], "amend", body="quillmarker, amended", note="Zebedee Quill was rude")
    assert service.http.post(f"/api/v1/comments/{mine['id']}/appeal", json={"note": "quillmarker appeal"},
                             headers=zed).status_code == 201
    assert service.http.post("/api/v1/moderation/users/zed-4471/sanctions", json={"kind": "warn", "reason": "Zebedee Quill"},
                             headers=tokens.moderator()).status_code == 201
    markers = ("zed-4471", "Zebedee Quill", "zq@example.org", "quillmarker")
    assert len(_tables_holding(service.ctx, *markers)) >= 15

    assert service.http.delete("/api/v1/me", headers=zed).status_code == 200
    assert _tables_holding(service.ctx, *markers) == set()


# --- legal holds ---------------------------------------------------------------------------------

def test_a_legal_hold_keeps_an_erased_comments_text_until_it_is_released(service, tokens):
    create_article(service, tokens)
    held = new_comment(service, tokens, body="The councillor took bribes", sub="sam")
    other = new_comment(service, tokens, body="Nice weather today", sub="sam")
    url = f"/api/v1/moderation/comments/{held['id']}/legal-hold"
    assert service.http.put(url, json={"reason": "Case 2026/114"}, headers=tokens.moderator()).status_code == 403
    placed = service.http.put(url, json={"reason": "Case 2026/114"}, headers=tokens.admin())
    assert placed.status_code == 200 and placed.json()["reason"] == "Case 2026/114"
    assert service.http.put(url, json={"reason": ""}, headers=tokens.admin()).status_code == 422
    holds = service.http.get("/api/v1/moderation/legal-holds", headers=tokens.admin()).json()["holds"]
    assert [h["comment_id"] for h in holds] == [held["id"]]

    erased = service.http.delete("/api/v1/me", headers=tokens.subscriber("sam")).json()
    assert (erased["comments"], erased["comments_held"]) == (2, 1)

    def staff_text(comment_id):
        return service.http.get(f"/api/v1/comments/{comment_id}", headers=tokens.moderator()).json()["original_body"]

    assert staff_text(held["id"]) == "The councillor took bribes"
    assert staff_text(other["id"]) == ""
    assert service.http.get(f"/api/v1/comments/{held['id']}").json()["body"] is None  # readers see a tombstone

    released = service.http.delete(url, headers=tokens.admin())
    assert released.status_code == 200 and released.json() == {"comment_id": held["id"], "released": True, "text_purged": True}
    assert staff_text(held["id"]) == ""
    assert service.http.delete(url, headers=tokens.admin()).json()["error"]["code"] == "not_held"
    refused = service.http.put(url, json={"reason": "Too late"}, headers=tokens.admin())
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "text_purged"


# --- appeals -------------------------------------------------------------------------------------

def test_an_author_appeals_once_and_another_moderator_overturns(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    comment = new_comment(service, tokens, body="The figures in this story are wrong", sub="sam")
    _decide(service, tokens, comment["id"], "delete", reason="untrue", moderator="mod-morgan")
    mine = service.http.get(f"/api/v1/comments/{comment['id']}", headers=tokens.subscriber("sam")).json()
    assert mine["appealable"] is True and mine["appeal"] is None
    url = f"/api/v1/comments/{comment['id']}/appeal"
    assert service.http.post(url, json={"note": "It was me"}, headers=tokens.subscriber("rita")).status_code == 403
    assert service.http.post(url, json={"note": "   "}, headers=tokens.subscriber("sam")).json()["error"]["code"] == "note_required"

    clock.advance(hours=3)
    appealed = service.http.post(url, json={"note": "The council's own report gives these figures."},
                                 headers=tokens.subscriber("sam"))
    assert appealed.status_code == 201
    assert appealed.json()["state"] == "pending" and "decided_by" not in appealed.json()
    second = service.http.post(url, json={"note": "Please"}, headers=tokens.subscriber("sam"))
    assert second.status_code == 409 and second.json()["error"]["code"] == "already_appealed"

    [item] = queue(service, tokens)
    assert item["comment_id"] == comment["id"] and item["triggers"][0]["kind"] == "appeal"
    # "Next item" in the dashboard passes over an appeal against one's own decision.
    assert review.next_in_queue(service.ctx, moderator_id="mod-morgan") is None
    assert review.next_in_queue(service.ctx, moderator_id="mod-casey") == comment["id"]
    assert "A moderator other than the one who decided must judge the appeal." in item["why"]
    mod_url = f"/api/v1/moderation/comments/{comment['id']}"
    own = service.http.post(mod_url + "/claim", headers=tokens.moderator("mod-morgan"))
    assert own.status_code == 403 and own.json()["error"]["code"] == "own_decision"
    judged_by_self = service.http.post(mod_url + "/appeal", json={"outcome": "overturned", "note": "Fair"},
                                      headers=tokens.moderator("mod-morgan"))
    assert judged_by_self.status_code == 403
    sidestep = service.http.post(mod_url + "/decision", json={"action": "approve", "reason": "untrue"},
                                 headers=tokens.moderator("mod-casey"))
    assert sidestep.status_code == 409 and sidestep.json()["error"]["code"] == "appeal_pending"

    judged = service.http.post(mod_url + "/appeal", json={"outcome": "overturned", "note": "The figures check out."},
                               headers=tokens.moderator("mod-casey"))
    assert judged.status_code == 200 and judged.json()["state"] == "overturned"
    assert judged.json()["decided_by"] == "mod-morgan" and judged.json()["judged_by"] == "mod-casey"
    public = service.http.get(f"/api/v1/comments/{comment['id']}").json()
    assert public["status"] == "published" and public["body"] == "The figures in this story are wrong"
    assert queue(service, tokens) == []
    [latest, *_] = service.http.get("/api/v1/me/notifications", headers=tokens.subscriber("sam")).json()["notifications"]
    assert latest["kind"] == "appeal_overturned" and "The figures check out." in latest["message"]
    mine = service.http.get(f"/api/v1/comments/{comment['id']}", headers=tokens.subscriber("sam")).json()
    assert mine["appeal"] == "overturned" and mine["appealable"] is False
    again = service.http.post(mod_url + "/appeal", json={"outcome": "upheld", "note": "x"}, headers=tokens.moderator("mod-casey"))
    assert again.status_code == 409 and again.json()["error"]["code"] == "no_open_appeal"


def test_appeals_close_after_the_window_and_need_a_decision_to_appeal(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    untouched = new_comment(service, tokens, body="Nothing wrong here", sub="sam")
    nothing = service.http.post(f"/api/v1/comments/{untouched['id']}/appeal", json={"note": "Why?"},
                                headers=tokens.subscriber("sam"))
    assert nothing.status_code == 409 and nothing.json()["error"]["code"] == "nothing_to_appeal"
    amended = new_comment(service, tokens, body="You fools, the bridge is late", sub="sam")
    _decide(service, tokens, amended["id"], "amend", body="The bridge is late")
    clock.advance(days=14, minutes=1)
    late = service.http.post(f"/api/v1/comments/{amended['id']}/appeal", json={"note": "Unfair"},
                             headers=tokens.subscriber("sam"))
    assert late.status_code == 409 and late.json()["error"]["code"] == "appeal_window_closed"
    assert service.http.get(f"/api/v1/comments/{amended['id']}", headers=tokens.subscriber("sam")).json()["appealable"] is False


def test_an_upheld_appeal_leaves_the_amendment_and_tells_the_author_why(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    comment = new_comment(service, tokens, body="You fools, the bridge is late", sub="sam")
    _decide(service, tokens, comment["id"], "amend", body="The bridge is late")
    assert service.http.post(f"/api/v1/comments/{comment['id']}/appeal", json={"note": "Fools is not abuse"},
                             headers=tokens.subscriber("sam")).status_code == 201
    judged = service.http.post(f"/api/v1/moderation/comments/{comment['id']}/appeal",
                               json={"outcome": "upheld", "note": "Name-calling breaks rule 2."},
                               headers=tokens.moderator("mod-casey"))
    assert judged.json()["state"] == "upheld"
    assert service.http.get(f"/api/v1/comments/{comment['id']}").json()["body"] == "The bridge is late"
    [latest, *_] = service.http.get("/api/v1/me/notifications", headers=tokens.subscriber("sam")).json()["notifications"]
    assert latest["kind"] == "appeal_upheld" and "decision stands" in latest["message"]
    assert "Name-calling breaks rule 2." in latest["message"]


# --- reporters' pseudonyms -----------------------------------------------------------------------

def test_moderators_see_reporters_by_pseudonym_and_admins_may_reveal_them(service, tokens):
    create_article(service, tokens)
    comment = new_comment(service, tokens, body="You lot are all clueless", sub="sam")
    assert complain(service, tokens, comment["id"], "abuse", sub="rita", note="Name-calling").status_code == 201
    assert complain(service, tokens, comment["id"], "untrue", note="Not true either").status_code == 201
    assert complain(service, tokens, comment["id"], "abuse", sub="rita").status_code == 200  # counts once

    detail = service.http.get(f"/api/v1/comments/{comment['id']}", headers=tokens.moderator()).json()
    notes = detail["moderation"]["complaints"]["notes"]
    assert [(n["reporter"], n["anonymous"]) for n in notes] == [("Reporter A", False), ("Reporter B", True)]
    history = service.http.get(f"/api/v1/moderation/comments/{comment['id']}/history", headers=tokens.moderator())
    assert [e["actor"] for e in history.json()["events"] if e["action"] == "complaint"] == ["Reporter A", "Reporter B"]
    assert "rita" not in history.text

    url = f"/api/v1/moderation/comments/{comment['id']}/reporters"
    assert service.http.get(url, headers=tokens.moderator()).status_code == 403
    revealed = service.http.get(url, headers=tokens.admin()).json()["reporters"]
    assert [(r["reporter"], r["reader_id"], r["anonymous"]) for r in revealed] == [
        ("Reporter A", "rita", False), ("Reporter B", None, True)]
    trail = service.http.get(f"/api/v1/moderation/comments/{comment['id']}/history", headers=tokens.moderator()).json()
    assert ("reporters_revealed", "admin-ash") in [(e["action"], e["actor"]) for e in trail["events"]]
    nobody = new_comment(service, tokens, body="Unreported", sub="sam")
    assert service.http.get(f"/api/v1/moderation/comments/{nobody['id']}/reporters", headers=tokens.admin()).status_code == 404


def test_withdrawing_or_erasing_an_appealed_comment_closes_the_appeal(service, tokens, clock):
    clock.set(WEEKDAY_MORNING)
    create_article(service, tokens)
    withdrawn = new_comment(service, tokens, body="You fools, the bridge is late", sub="sam")
    erased = new_comment(service, tokens, body="Idiots, all of you", sub="pat")
    for comment in (withdrawn, erased):
        _decide(service, tokens, comment["id"], "amend", body="The bridge is late")
    for comment, author in ((withdrawn, "sam"), (erased, "pat")):
        assert service.http.post(f"/api/v1/comments/{comment['id']}/appeal", json={"note": "Unfair"},
                                 headers=tokens.subscriber(author)).status_code == 201
    assert len(queue(service, tokens)) == 2
    assert service.http.delete(f"/api/v1/comments/{withdrawn['id']}", headers=tokens.subscriber("sam")).status_code == 200
    assert service.http.delete("/api/v1/me", headers=tokens.subscriber("pat")).status_code == 200
    assert queue(service, tokens) == []
    for comment in (withdrawn, erased):
        detail = service.http.get(f"/api/v1/comments/{comment['id']}", headers=tokens.moderator()).json()
        assert detail["moderation"]["appeal"]["state"] == "withdrawn"
        judged = service.http.post(f"/api/v1/moderation/comments/{comment['id']}/appeal",
                                   json={"outcome": "overturned", "note": "Too late"}, headers=tokens.moderator("mod-casey"))
        assert judged.status_code == 409
