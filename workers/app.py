"""Entry point for `celery -A workers.app worker` and `celery -A workers.app beat`."""
from moderation.bootstrap import build
from moderation.config import Settings

from . import tasks  # noqa: F401  (registers the tasks)
from .celery_app import make_celery

celery = make_celery(build(Settings.from_env()))
