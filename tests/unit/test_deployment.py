"""docker-compose.yml and the Dockerfile: no engine runs them here, so their structure is checked."""
from __future__ import annotations

import importlib
import json
import re
import shlex
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


def _instructions(dockerfile: str) -> list[tuple[str, str]]:
    """The Dockerfile's instructions in order, as (INSTRUCTION, arguments), continued lines joined."""
    joined = re.sub(r"\\\n", " ", "\n".join(line for line in dockerfile.splitlines() if not line.lstrip().startswith("#")))
    out = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            out.append((word.upper(), " ".join(rest.split())))
    return out


INSTRUCTIONS = _instructions((ROOT / "Dockerfile").read_text())


def _copied() -> dict[str, str]:
    """What the image copies from the repository, source to destination (relative to WORKDIR)."""
    copied = {}
    for word, args in INSTRUCTIONS:
        if word == "COPY":
            *sources, target = shlex.split(args)
            for source in sources:
                copied[source] = target
    return copied


def _commands() -> list[list[str]]:
    """Each command the image's RUN instructions run, split into words, in order."""
    return [shlex.split(command) for word, args in INSTRUCTIONS if word == "RUN" for command in args.split("&&")]


def test_the_image_copies_the_code_and_the_lockfiles_it_installs():
    copied = _copied()
    for source in ("moderation", "classifiers", "workers", "locks", "pyproject.toml", "README.md", "gunicorn.conf.py"):
        assert source in copied, source
        assert (ROOT / source).exists(), source
    # The widget's script is in the image as the service sends it: built and committed, no Node needed.
    assert (ROOT / "moderation" / "widget" / "static" / "widget.js").is_file()


def test_the_image_installs_every_package_from_the_lockfile_then_the_project_alone():
    pip = [c for c in _commands() if c[:2] == ["pip", "install"]]
    from_lock = [i for i, c in enumerate(pip) if "-r" in c and c[c.index("-r") + 1] == "locks/service.txt"]
    project = [i for i, c in enumerate(pip) if c[-1] == "."]
    assert from_lock and project and from_lock[0] < project[0]
    # The project itself brings in nothing the lockfile did not pin.
    assert "--no-deps" in pip[project[0]]
    assert (ROOT / "locks" / "service.txt").is_file()


def test_the_image_runs_unprivileged_with_the_gunicorn_settings_that_add_up_every_workers_metrics():
    users = [args for word, args in INSTRUCTIONS if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    [cmd] = [json.loads(args) for word, args in INSTRUCTIONS if word == "CMD"]
    assert cmd[cmd.index("--config") + 1] == "gunicorn.conf.py" and "gunicorn.conf.py" in _copied()
    command = SERVICES["web"]["command"]
    assert command[command.index("--config") + 1] == "gunicorn.conf.py"
    _target(cmd)


def test_services_depend_only_on_services_and_volumes_that_are_declared():
    for name, spec in SERVICES.items():
        assert set(spec.get("depends_on", {})) <= set(SERVICES) - {name}, name
        for mount in spec.get("volumes", []):
            source = mount.split(":")[0]
            if re.fullmatch(r"[A-Za-z0-9][\w.-]*", source):  # a named volume, not a path on the host
                assert source in COMPOSE["volumes"], (name, mount)
        if spec.get("build"):
            assert (ROOT / spec["build"] if isinstance(spec["build"], str) else ROOT / spec["build"]["context"]).is_dir()


def test_an_installed_package_carries_the_widget_and_the_dashboards_files():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["moderation"]
    package = ROOT / "moderation"
    shipped = {path for pattern in data for path in package.glob(pattern)}
    for needed in ("widget/static/widget.js", "widget/static/widget.css", "dashboard/static/dashboard.js"):
        assert package / needed in shipped, needed
