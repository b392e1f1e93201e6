"""On-call alerts end to end: the service over HTTP, a real SMTP server and a real webhook receiver,
on the newsroom's clock set by the test (a Wednesday night, part-time coverage)."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from celery import Celery

from moderation.adapters.alert_channels import make_channels
from moderation.services import alerts, staff, sweep
from moderation.services.results import AlertRun
from support.api import appealed, complain, create_article, give_scores, new_comment
from support.clock import WEEKDAY_NIGHT, MutableClock, london
from support.concurrency import at_once
from support.contract import checked_answers
from support.dashboard import STAFF_PASSWORD, sign_in
from support.live import close_app, make_app, pin_policy, start_service
from support.receivers import Mailbox, WebhookReceiver, body_of
from support.tokens import SSO_SECRET
from support.workers import PrivateRedis, WorkerProcess, wait_for

pytestmark = pytest.mark.e2e

PUBLIC_URL = "https://comments.paper.example"
JO, SAM, DESK = "jo@paper.example", "sam@paper.example", "desk@paper.example"
WEEKNIGHTS = [0, 1, 2, 3, 4]


class Alerting:
    def __init__(self, base_url, app, http, mail, hooks, tokens, clock):
        self.base_url, self.app, self.http = base_url, app, http
        self.mail, self.hooks, self.tokens, self.clock = mail, hooks, tokens, clock

    @property
    def ctx(self):
        return self.app.extensions["moderation"].context

    def deliver(self, ctx=None) -> AlertRun:
        """One run of what beat (or `moderation send-alerts`) does."""
        ctx = ctx or self.ctx
        return alerts.run(ctx, make_channels(ctx.settings))

    def set_rota(self, exceptions: list | None = None, **changes) -> None:
        """Through the API, as an admin: the policy in force with this rota (and schedule exceptions)."""
        policy = self.http.get("/api/v1/moderation/policy", headers=self.tokens.moderator()).json()
        policy["rota"] = rota(self.hooks, **changes)
        if exceptions is not None:
            policy["schedule"]["exceptions"] = exceptions
        response = self.http.put("/api/v1/moderation/policy", json={"config": policy, "note": "night rota"},
                                 headers=self.tokens.admin())
        assert response.status_code == 200, response.text

    def threat(self, body: str = "I know where you live and I am coming for you.") -> dict:
        """A comment the classifiers score as a threat, over the part-time bar (0.90): withheld."""
        comment = new_comment(self, self.tokens, body=body, sub="troll")
        give_scores(self.ctx, comment["id"], abuse=0.95, labels={"threat": 0.91})
        assert self.http.get(f"/api/v1/comments/{comment['id']}").json()["status"] == "awaiting_review"
        return comment


def rota(hooks: WebhookReceiver, **changes) -> dict:
    return {
        "people": [
            {"username": "jo", "email": JO, "webhook": {"url": hooks.url("/jo"), "format": "slack"}},
            {"username": "sam", "email": SAM, "webhook": None},
        ],
        "shifts": [
            {"username": "jo", "weekdays": WEEKNIGHTS, "start": "18:00", "end": "23:00"},
            {"username": "sam", "weekdays": WEEKNIGHTS, "start": "23:00", "end": "09:00"},
        ],
        "fallback": {"name": "Night editor", "email": DESK, "webhook": None},
        "newsroom_webhook": {"url": hooks.url("/newsroom"), "format": "json"},
        "batch_minutes": 5,
        "acknowledge_minutes": 20,
        "queue_size_alert": None,
        **changes,
    }


@pytest.fixture
def alerting(database, clock, tokens):
    clock.set(WEEKDAY_NIGHT)  # Wednesday 25 November 2026, 22:00 in London: part-time coverage
    with Mailbox() as mail, WebhookReceiver() as hooks:
        server, app, base = start_service(database, clock, secure_cookies=False, smtp_host="127.0.0.1",
                                          smtp_port=mail.port, smtp_sender="alerts@paper.example", public_url=PUBLIC_URL)
        pin_policy(app)
        ctx = app.extensions["moderation"].context
        staff.create_account(ctx, "jo", "Jo Night", STAFF_PASSWORD, ["moderator"], "mod-jo")
        staff.create_account(ctx, "sam", "Sam Small-Hours", STAFF_PASSWORD, ["moderator"], "mod-sam")
        with httpx.Client(base_url=base, timeout=10, event_hooks=checked_answers(app)) as http:
            a = Alerting(base, app, http, mail, hooks, tokens, clock)
            a.set_rota()
            create_article(a, tokens, title="Harbour bridge reopens")
            yield a
        server.shutdown()
        close_app(app)


def test_a_threat_withheld_at_22_00_reaches_the_person_on_call_once(alerting, database, clock):
    comment = alerting.threat()
    alerting.deliver()
    alerting.deliver()  # delivery running twice
    restarted = make_app(database, clock, smtp_host="127.0.0.1", smtp_port=alerting.mail.port, public_url=PUBLIC_URL)
    alerting.deliver(restarted.extensions["moderation"].context)  # and again after a restart, in a new process' state
    close_app(restarted)

    [message] = alerting.mail.to(JO)
    assert "comment withheld" in message["Subject"]
    body = body_of(message)
    assert "To Jo Night, on call for comment moderation." in body
    assert "Withheld for a threat (abuse score 0.95): a comment under “Harbour bridge reopens”." in body
    assert "25 November 2026 at 22:00" in body
    assert f"{PUBLIC_URL}/dashboard/comments/{comment['id']}" in body
    assert re.search(rf"{PUBLIC_URL}/dashboard/alerts/ack/\S+", body)
    [slack] = alerting.hooks.to("/jo")
    assert list(slack) == ["text"] and "Withheld for a threat" in slack["text"]
    [desk_channel] = alerting.hooks.to("/newsroom")
    assert desk_channel["alerts"][0]["kind"] == "withheld" and desk_channel["alerts"][0]["reason"] == "threat"
    assert desk_channel["alerts"][0]["url"] == f"{PUBLIC_URL}/dashboard/comments/{comment['id']}"
    assert "(on call: Jo Night)" in desk_channel["text"]
    assert alerting.mail.to(SAM) == [] and alerting.mail.to(DESK) == []  # not on call; nothing to escalate yet


def test_a_comment_withheld_for_a_banned_phrase_reaches_the_person_on_call(alerting):
    response = alerting.http.put("/api/v1/moderation/word-lists", json={"banned": ["scumbag"], "suspect": ["idiot"]},
                                 headers=alerting.tokens.admin())
    assert response.status_code == 200, response.text
    withheld = new_comment(alerting, alerting.tokens, body="The councillor is a scum-bag.", sub="troll")
    new_comment(alerting, alerting.tokens, body="What an idiot.", sub="grump")  # suspect: queued, nobody woken
    alerting.deliver()
    [message] = alerting.mail.to(JO)
    assert "Withheld for a banned phrase: a comment under “Harbour bridge reopens”." in body_of(message)
    assert f"{PUBLIC_URL}/dashboard/comments/{withheld['id']}" in body_of(message)
    [desk_channel] = alerting.hooks.to("/newsroom")
    assert [(a["kind"], a["reason"]) for a in desk_channel["alerts"]] == [("withheld", "banned_phrase")]


def test_delivery_runs_at_the_same_moment_send_each_message_once(alerting):
    alerting.threat()
    outcomes = at_once(lambda _: alerting.deliver(), range(4))
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert sum(o.messages for o in outcomes) == 2 and sum(o.sent for o in outcomes) == 3
    assert len(alerting.mail.to(JO)) == 1 and len(alerting.hooks.to("/jo")) == 1
    assert len(alerting.hooks.to("/newsroom")) == 1


def test_alerts_within_the_batch_window_go_together_in_the_next_message(alerting, clock):
    alerting.threat()
    alerting.deliver()
    clock.advance(minutes=1)
    alerting.threat("You will regret writing this, I promise you that.")
    clock.advance(minutes=2)
    alerting.threat("Watch your back on the way home tonight.")
    alerting.deliver()
    assert len(alerting.mail.to(JO)) == 1  # 3 minutes after the first message: the new ones wait
    clock.advance(minutes=2)  # 22:05, five minutes after the first message
    alerting.deliver()
    _first, second = alerting.mail.to(JO)
    assert "2 alerts" in second["Subject"]
    body = body_of(second)
    assert "1. 25 November 2026 at 22:01" in body and "2. 25 November 2026 at 22:03" in body


def test_a_night_of_alerts_at_once_lists_25_and_links_to_the_rest(alerting, tokens):
    for n in range(26):
        comment = new_comment(alerting, tokens, body=f"Threat number {n}.", sub=f"troll{n}")
        give_scores(alerting.ctx, comment["id"], abuse=0.95, labels={"threat": 0.91})
    alerting.deliver()
    [message] = alerting.mail.to(JO)
    body = body_of(message)
    assert "26 alerts" in message["Subject"]
    assert "25. 25 November 2026 at 22:00" in body and "26. " not in body
    assert f"... and 1 more alert: {PUBLIC_URL}/dashboard/alerts" in body


def test_an_unacknowledged_alert_escalates_to_the_fallback_once(alerting, clock):
    comment = alerting.threat()
    alerting.deliver()
    clock.advance(minutes=19)
    alerting.deliver()
    assert alerting.mail.to(DESK) == []
    clock.advance(minutes=1)  # 20 minutes without an acknowledgement
    alerting.deliver()
    clock.advance(minutes=30)
    alerting.deliver()
    [escalation] = alerting.mail.to(DESK)
    body = body_of(escalation)
    assert "To Night editor: not acknowledged by Jo Night within 20 minutes." in body
    assert f"{PUBLIC_URL}/dashboard/comments/{comment['id']}" in body
    assert len(alerting.mail.to(JO)) == 1
    [for_jo] = [a for a in alerts.history(alerting.ctx) if a.recipient == "Jo Night"]
    assert for_jo.escalated_at is not None and for_jo.acknowledged_at is None


def test_acknowledging_from_the_link_is_recorded_in_the_audit_trail_and_stops_escalation(alerting, clock, tokens):
    comment = alerting.threat()
    alerting.deliver()
    link = re.search(r"https://comments\.paper\.example(/dashboard/alerts/ack/\S+)", body_of(alerting.mail.to(JO)[0])).group(1)
    with httpx.Client(base_url=alerting.base_url, timeout=10) as browser:
        assert browser.get(link).status_code == 302  # to the sign-in page first: the trail must name a person
        assert sign_in(browser, "jo", STAFF_PASSWORD).status_code == 302
        page = browser.get(link)
        assert page.status_code == 200 and "I'm on it: acknowledge" in page.text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        clock.advance(minutes=7)
        assert browser.post(link, data={"csrf_token": csrf}).status_code == 302
        assert "Acknowledged by <strong>Jo Night</strong>" in browser.get(link).text
        forged = browser.get(link[:-4] + "AAAA")
        assert forged.status_code == 400 and "This acknowledgement link is not valid" in forged.text
        history = browser.get("/dashboard/alerts").text
        assert "by Jo Night, Wed 25 Nov, 22:07" in history and "email sent" in history

    trail = alerting.http.get(f"/api/v1/moderation/comments/{comment['id']}/history", headers=tokens.moderator()).json()
    [acknowledged] = [e for e in trail["events"] if e["action"] == "alert_acknowledged"]
    assert acknowledged["actor"] == "mod-jo"
    assert acknowledged["note"] == "Acknowledged the on-call alert (withheld) sent to Jo Night on 25 November 2026 at 22:00."
    clock.advance(minutes=60)
    alerting.deliver()
    assert alerting.mail.to(DESK) == []


def test_an_item_going_overdue_alerts_whoever_is_on_call_then(alerting, clock, tokens):
    comment = new_comment(alerting, tokens, body="This article is paid for by the council.")
    assert complain(alerting, tokens, comment["id"], reason="untrue", sub="rowan").status_code == 201
    alerting.deliver()
    assert alerting.mail.messages == []  # queued, not withheld: nobody needs waking
    clock.set(london(2026, 11, 26, 2, 0))  # the 4-hour part-time complaint deadline has come
    sweep.sweep(alerting.ctx)
    alerting.deliver()
    [message] = alerting.mail.to(SAM)
    assert "item overdue" in message["Subject"]
    assert "Overdue (untrue): an item under “Harbour bridge reopens”, due 26 November 2026 at 02:00." in body_of(message)
    assert alerting.mail.to(JO) == []  # off shift since 23:00


def test_an_appeal_going_overdue_alerts_whoever_is_on_call_then(alerting, clock, tokens):
    appealed(alerting, tokens, body="The ferry figures in this story are wrong.", moderator="mod-jo")
    [item] = alerting.http.get("/api/v1/moderation/queue", headers=tokens.moderator()).json()["items"]
    clock.set(datetime.fromisoformat(item["due_at"]) + timedelta(minutes=1))
    sweep.sweep(alerting.ctx)
    alerting.deliver()
    [message] = alerting.mail.to(SAM)
    assert "item overdue" in message["Subject"]
    assert "Overdue (untrue): an item under “Harbour bridge reopens”" in body_of(message)
    sweep.sweep(alerting.ctx)  # the next sweep finds it overdue already: nobody is told twice
    clock.advance(minutes=10)
    alerting.deliver()
    assert len(alerting.mail.to(SAM)) == 1


def test_the_queue_reaching_its_alert_size_alerts_once_until_it_falls_back(alerting, clock, tokens):
    alerting.set_rota(queue_size_alert=2)
    for n, reader in enumerate(("rowan", "kit")):
        comment = new_comment(alerting, tokens, body=f"Comment number {n} on the bridge.", sub=f"writer{n}")
        complain(alerting, tokens, comment["id"], reason="spam", sub=reader)
    sweep.sweep(alerting.ctx)
    clock.advance(minutes=1)
    sweep.sweep(alerting.ctx)
    alerting.deliver()
    [message] = alerting.mail.to(JO)
    assert "The queue has 2 open items, at or past the alert size of 2." in body_of(message)


def test_the_send_alerts_command_delivers_what_is_waiting_once(alerting, database, monkeypatch, capsys):
    from moderation.cli import main

    for name, value in {"DATABASE_URL": database, "MODERATION_SSO_SECRET": SSO_SECRET,
                        "MODERATION_SECRET_KEY": "test-secret-key", "MODERATION_SMTP_HOST": "127.0.0.1",
                        "MODERATION_SMTP_PORT": str(alerting.mail.port), "MODERATION_PUBLIC_URL": PUBLIC_URL,
                        "MODERATION_LOG_LEVEL": "WARNING"}.items():
        monkeypatch.setenv(name, value)
    alerting.threat()
    assert main(["send-alerts"]) == 0
    assert main(["send-alerts"]) == 0  # from cron, a minute later: nothing goes twice
    assert len(alerting.mail.to(JO)) == 1 and len(alerting.hooks.to("/jo")) == 1
    out = capsys.readouterr().out
    assert "composed 2 messages; sent 3" in out and "composed 0 messages; sent 0" in out


def test_a_webhook_briefly_down_gets_the_message_later_and_once(alerting, clock):
    alerting.hooks.fail_next("/jo", 503)
    alerting.threat()
    alerting.deliver()
    assert alerting.hooks.to("/jo") == [] and len(alerting.mail.to(JO)) == 1
    clock.advance(seconds=29)
    alerting.deliver()
    assert alerting.hooks.to("/jo") == []  # the first retry waits 30 s
    clock.advance(seconds=1)
    alerting.deliver()
    alerting.deliver()
    assert len(alerting.hooks.to("/jo")) == 1
    [alert] = [a for a in alerts.history(alerting.ctx) if a.recipient == "Jo Night"]
    assert {(d.channel, d.state, d.attempts) for d in alert.deliveries} == {("email", "sent", 1),
                                                                                       ("webhook", "sent", 2)}


def test_a_message_whose_sender_died_mid_send_is_never_sent_again_and_escalation_covers_it(alerting, clock):
    alerting.threat()
    alerting.clock.advance(seconds=1)
    assert alerts.compose(alerting.ctx) == 2  # Jo's message and the newsroom's
    # A process claims Jo's e-mail and dies before recording the outcome (whether it went out is unknown).
    assert alerts._claim_next(alerting.ctx, alerting.ctx.now()) is not None
    clock.advance(minutes=10)
    alerting.deliver()
    alerting.deliver()
    assert alerting.mail.to(JO) == []  # never sent twice: an unknown outcome is not retried
    [alert] = [a for a in alerts.history(alerting.ctx) if a.recipient == "Jo Night"]
    assert ("email", "unconfirmed") in {(d.channel, d.state) for d in alert.deliveries}
    assert len(alerting.hooks.to("/jo")) == 1
    clock.advance(minutes=10)  # 20 minutes: nobody acknowledged, so the fallback is told
    alerting.deliver()
    assert len(alerting.mail.to(DESK)) == 1


# --- delivered by a real Celery worker --------------------------------------------------------------------

@pytest.fixture
def broker():
    """A Redis server of this test's own: no other worker can take its jobs or empty its queue."""
    private = PrivateRedis().start()
    yield private.url
    private.stop()


def test_a_celery_worker_delivers_each_alert_once_across_runs_and_a_restart(db_url, broker, tokens):
    """The worker keeps the real clock: part-time cover for a day either side of now, and Jo on
    call all day every day, so the test holds whenever it runs."""
    clock = MutableClock()
    now = datetime.now(UTC)
    night = {"name": "test night", "start": (now - timedelta(days=1)).isoformat(),
             "end": (now + timedelta(days=1)).isoformat(), "coverage": "part"}
    all_week = list(range(7))
    with Mailbox() as mail, WebhookReceiver() as hooks:
        server, app, base = start_service(db_url, clock, public_url=PUBLIC_URL)
        pin_policy(app)
        ctx = app.extensions["moderation"].context
        staff.create_account(ctx, "jo", "Jo Night", STAFF_PASSWORD, ["moderator"], "mod-jo")
        worker_env = {"MODERATION_SMTP_HOST": "127.0.0.1", "MODERATION_SMTP_PORT": str(mail.port),
                      "MODERATION_PUBLIC_URL": PUBLIC_URL}
        worker = WorkerProcess(db_url, broker, env=worker_env).start()
        try:
            with httpx.Client(base_url=base, timeout=10) as http:
                live = Alerting(base, app, http, mail, hooks, tokens, clock)
                live.set_rota(people=[{"username": "jo", "email": JO, "webhook": {"url": hooks.url("/jo")}}],
                              shifts=[{"username": "jo", "weekdays": all_week, "start": "00:00", "end": "00:00"}],
                              newsroom_webhook=None, acknowledge_minutes=600, exceptions=[night])
                create_article(live, tokens, title="Harbour bridge reopens")
                comment = live.threat()
            sender = Celery(broker=broker)

            def runs_done(process):
                return sum("workers.tasks.deliver_alerts" in line and "succeeded" in line for line in process.output)

            sender.send_task("workers.tasks.deliver_alerts")
            sender.send_task("workers.tasks.deliver_alerts")
            wait_for(lambda: runs_done(worker) >= 2, timeout=60, what="two delivery runs")
            worker.kill()  # as the out-of-memory killer would
            worker = WorkerProcess(db_url, broker, env=worker_env).start()
            sender.send_task("workers.tasks.deliver_alerts")
            wait_for(lambda: runs_done(worker) >= 1, timeout=60, what="a delivery run after the restart")
        finally:
            worker.stop()
            server.shutdown()
            close_app(app)
    [message] = mail.to(JO)
    assert f"{PUBLIC_URL}/dashboard/comments/{comment['id']}" in body_of(message)
    assert len(hooks.to("/jo")) == 1
