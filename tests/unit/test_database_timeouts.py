"""What the service asks of PostgreSQL so that a database that hangs or drops packets gives
quick errors: a bound on connecting, on each statement, and on waiting for any answer at all."""
from moderation.adapters.database import ANSWER_GRACE_SECONDS, Timeouts
from moderation.config import Settings


def test_timeouts_become_libpq_connection_parameters():
    timeouts = Timeouts(connect=3, statement=5.0, pool=5.0)
    assert timeouts.connect_args() == {"connect_timeout": 3, "options": "-c statement_timeout=5000"}


def test_an_answer_is_awaited_a_little_longer_than_the_server_may_take():
    # The server cancels a slow statement itself; only a lost network leaves no answer at all.
    assert Timeouts(connect=3, statement=1.5, pool=5.0).answer_within == 1.5 + ANSWER_GRACE_SECONDS


def test_the_defaults_answer_well_within_gunicorns_thirty_seconds():
    settings = Settings.from_env({})
    worst = settings.db_pool_timeout_seconds + settings.db_connect_timeout_seconds + settings.db_statement_timeout_seconds
    assert worst + ANSWER_GRACE_SECONDS < 20


def test_timeouts_are_read_from_the_environment():
    settings = Settings.from_env({"MODERATION_DB_STATEMENT_TIMEOUT_SECONDS": "2.5", "MODERATION_REDIS_TIMEOUT_SECONDS": "0.5"})
    assert (settings.db_statement_timeout_seconds, settings.redis_timeout_seconds) == (2.5, 0.5)
