#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer for the integration tests, starting this machine's own
# servers if they are installed but stopped. Fails loudly otherwise: those tests are never skipped.
set -uo pipefail
pg_url="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
redis_url="${TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"
py=".venv/bin/python"

# Each check leaves the client's own error message in a file, to show if it still fails at the end.
pg_ok() { "$py" - "$pg_url" <<'PY' >/tmp/moderation-pg-check.log 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1], connect_timeout=3).close()
PY
}
redis_ok() { "$py" - "$redis_url" <<'PY' >/tmp/moderation-redis-check.log 2>&1
import sys, redis
redis.Redis.from_url(sys.argv[1], socket_connect_timeout=3).ping()
PY
}

if ! pg_ok && command -v pg_ctlcluster >/dev/null 2>&1 && grep -q "Connection refused\|No such file" /tmp/moderation-pg-check.log; then
  echo "Starting the local PostgreSQL ..." >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_ok && break; sleep 1; done
fi
if ! redis_ok && command -v redis-server >/dev/null 2>&1; then
  echo "Starting the local Redis ..." >&2
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  for _ in $(seq 1 30); do redis_ok && break; sleep 1; done
fi

status=0
if ! pg_ok; then
  echo "ERROR: cannot use PostgreSQL at $pg_url (set TEST_DATABASE_URL to a server and user that may create databases):" >&2
  tail -3 /tmp/moderation-pg-check.log >&2
  status=1
fi
if ! redis_ok; then
  echo "ERROR: cannot use Redis at $redis_url (set TEST_REDIS_URL):" >&2
  tail -3 /tmp/moderation-redis-check.log >&2
  status=1
fi
exit $status
