"""gunicorn's settings for the web service (read from the working directory, or `gunicorn -c`).

Every worker process counts its own requests; prometheus_client's multiprocess mode keeps those
counts in files in PROMETHEUS_MULTIPROC_DIR, and /metrics adds them all up, so a scrape tells the
same totals whichever worker answers it. The directory is emptied at start (an earlier run's
counts must not be added in); unset, a new temporary one is made and removed at exit.
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


def on_starting(server):
    os.makedirs(metrics_dir, exist_ok=True)
    for stale in glob.glob(os.path.join(metrics_dir, "*.db")):
        os.remove(stale)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    # A dead worker's counters stay in the totals; only its live-gauge files go.
    multiprocess.mark_process_dead(worker.pid, metrics_dir)


def on_exit(server):
    if made_here:
        shutil.rmtree(metrics_dir, ignore_errors=True)
