"""docker-compose.yml and the Dockerfile: no engine runs them here, so their structure is checked."""
from __future__ import annotations

import importlib
import re
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from moderation.config import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
OURS = {name: spec for name, spec in SERVICES.items() if spec.get("build")}
SCRIPTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]


def test_the_whole_stack_is_there():
    assert {"postgres", "redis", "migrate", "web", "worker", "trainer", "beat"} <= set(SERVICES)
    assert set(OURS) == {"migrate", "web", "worker", "trainer", "beat"}


def test_retraining_has_a_worker_of_its_own_with_the_labelled_data():
    from workers.celery_app import TRAINING_QUEUE

    def queues(name):
        command = SERVICES[name]["command"]
        return command[command.index("--queues") + 1].split(",")

    assert queues("worker") == ["celery"] and queues("trainer") == [TRAINING_QUEUE]
    [mount] = SERVICES["trainer"]["volumes"]
    _, target, mode = mount.rsplit(":", 2)
    assert (target, mode) == (SERVICES["trainer"]["environment"]["MODERATION_TRAINING_DATA"], "ro")


@pytest.mark.parametrize("name", ["postgres", "redis", "web", "worker", "trainer"])
def test_long_running_services_have_health_checks(name):
    check = SERVICES[name]["healthcheck"]
    assert check["test"] and check["interval"] and check["retries"]


def test_data_lives_in_named_volumes():
    for name, mount in (("postgres", "/var/lib/postgresql/data"), ("redis", "/data")):
        [volume] = [v for v in SERVICES[name]["volumes"] if v.endswith(":" + mount)]
        assert volume.split(":")[0] in COMPOSE["volumes"]


def test_our_services_start_after_the_database_is_migrated():
    assert SERVICES["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("web", "worker", "trainer", "beat"):
        assert SERVICES[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_every_setting_given_is_one_the_service_reads():
    known = {f.metadata["env"] for f in fields(Settings)}
    for spec in OURS.values():
        assert set(spec["environment"]) <= known
        assert {"DATABASE_URL", "REDIS_URL", "MODERATION_SSO_SECRET", "MODERATION_SECRET_KEY"} <= set(spec["environment"])
        # Secrets are never written here: they must come from the environment.
        for key in ("MODERATION_SSO_SECRET", "MODERATION_SECRET_KEY"):
            assert re.fullmatch(r"\$\{" + key + r":\?.+\}", spec["environment"][key])


def _target(command: list[str]) -> None:
    """Fail unless the program and the Python object a command names exist."""
    program = command[0]
    if program == "moderation":
        assert SCRIPTS["moderation"] == "moderation.cli:main"
        from moderation.cli import main

        with pytest.raises(SystemExit) as help_exit:
            main([command[1], "--help"])
        assert help_exit.value.code == 0
    elif program == "gunicorn":
        module, _, call = command[-1].partition(":")
        factory = getattr(importlib.import_module(module), call.removesuffix("()"))
        assert callable(factory)
    elif program == "celery":
        assert command[1] == "-A" and command[3] in ("worker", "beat")
        module = importlib.import_module(command[2])
        assert hasattr(module, "celery")
    else:
        pytest.fail(f"unknown program {program!r}")


@pytest.mark.parametrize("name", sorted(OURS))
def test_every_command_points_at_something_that_exists(name, monkeypatch):
    # The worker's module builds the application on import, as it does in its container.
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("MODERATION_SSO_SECRET", "s" * 40)
    monkeypatch.setenv("MODERATION_SECRET_KEY", "k")
    _target(SERVICES[name]["command"])


def test_the_image_installs_the_project_and_runs_unprivileged():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for folder in ("moderation", "classifiers", "workers"):
        assert f"COPY {folder} ./{folder}" in dockerfile
    assert "pip install --no-cache-dir -r locks/service.txt" in dockerfile
    assert "pip install --no-cache-dir --no-deps ." in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.MULTILINE)


def test_the_web_runs_with_the_gunicorn_settings_that_add_up_every_workers_metrics():
    assert (ROOT / "gunicorn.conf.py").is_file()
    assert "COPY pyproject.toml README.md gunicorn.conf.py ./" in (ROOT / "Dockerfile").read_text()
    command = SERVICES["web"]["command"]
    assert command[command.index("--config") + 1] == "gunicorn.conf.py"
