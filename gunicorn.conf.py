"""gunicorn's settings for the web service (read from the working directory, or `gunicorn -c`).

Every worker process counts its own requests; prometheus_client's multiprocess mode keeps those
counts in files in PROMETHEUS_MULTIPROC_DIR, and /metrics adds them all up, so a scrape tells the
same totals whichever worker answers it. The directory is emptied at start (an earlier run's
counts must not be added in); unset, a new temporary one is made and removed at exit.

gunicorn refuses a request line or headers over its limits (414, 431), and a request it cannot
parse (400), itself, before the application sees it; those answers leave in the API's error
format rather than as gunicorn's HTML page.
"""
import glob
import os
import shutil
import tempfile

# Set before any worker imports prometheus_client, which reads it at import.
metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
made_here = not metrics_dir
if made_here:
    metrics_dir = tempfile.mkdtemp(prefix="moderation-metrics-")
os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir

# gunicorn's defaults, stated because the README and the API document give them.
limit_request_line = 4094  # bytes of method, path, query and version
limit_request_fields = 100
limit_request_field_size = 8190  # bytes of one header line, name and value


def on_starting(server):
    os.makedirs(metrics_dir, exist_ok=True)
    for stale in glob.glob(os.path.join(metrics_dir, "*.db")):
        os.remove(stale)


def post_worker_init(worker):
    # Every worker class writes the answers to requests refused while parsing them through this one
    # function; replaced once the application is loaded, so the arbiter imports none of it.
    from gunicorn import util

    from moderation.api.errors import server_error_response

    def write_error(sock, status, reason, message):
        util.write_nonblock(sock, server_error_response(status, reason))

    util.write_error = write_error


def child_exit(server, worker):
    from prometheus_client import multiprocess

    # A dead worker's counters stay in the totals; only its live-gauge files go.
    multiprocess.mark_process_dead(worker.pid, metrics_dir)


def on_exit(server):
    if made_here:
        shutil.rmtree(metrics_dir, ignore_errors=True)
