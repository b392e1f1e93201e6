"""The shape of the code: entry points do not import one another, and the parts every process
shares are built in one place and not changed afterwards."""
from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from moderation.adapters.broker import ScoringDispatcher
from moderation.bootstrap import Scoring, build
from moderation.config import Settings
from support.tokens import SSO_SECRET

ROOT = Path(__file__).resolve().parents[2]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, absolute, wherever in the file the import is."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            found.add(stem)
            found.update(f"{stem}.{alias.name}" for alias in node.names)
    return found


def _sources(*where: str) -> list[Path]:
    paths: list[Path] = []
    for place in where:
        target = ROOT / place
        paths.extend(sorted(target.rglob("*.py")) if target.is_dir() else [target])
    return paths


def _reaching(paths: list[Path], forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        bad = sorted(m for m in _imports(path) if m.startswith(forbidden))
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


def test_the_import_walk_sees_relative_and_nested_imports():
    imports = _imports(ROOT / "moderation" / "cli.py")
    assert "moderation.app.create_app" in imports  # `from .app import create_app`, inside a function
    assert "moderation.bootstrap" in imports
    assert "moderation.web.ctx" in _imports(ROOT / "moderation" / "dashboard" / "views.py")  # `from ..web import ctx`


def test_the_dashboard_does_not_import_the_api():
    assert _reaching(_sources("moderation/dashboard"), ("moderation.api",)) == {}


def test_the_api_does_not_import_the_dashboard():
    assert _reaching(_sources("moderation/api"), ("moderation.dashboard",)) == {}


def test_the_command_line_and_the_workers_reach_the_web_only_through_the_app_factory():
    web = ("moderation.api", "moderation.dashboard", "moderation.widget", "moderation.web")
    assert _reaching(_sources("moderation/cli.py", "workers"), web) == {}


def test_the_shared_parts_import_no_entry_point():
    entry_points = ("moderation.api", "moderation.dashboard", "moderation.widget", "moderation.cli", "moderation.app",
                    "workers.app", "workers.tasks", "workers.celery_app")
    shared = _sources("moderation/bootstrap.py", "moderation/web.py", "moderation/services", "moderation/adapters",
                      "moderation/domain")
    assert _reaching(shared, entry_points) == {}


def _settings(**more) -> Settings:
    return Settings.from_env({}, database_url="sqlite://", sso_secret=SSO_SECRET, secret_key="k", log_level="CRITICAL",
                             **more)


def test_the_context_cannot_be_changed_once_built():
    runtime = build(_settings())
    with pytest.raises(dataclasses.FrozenInstanceError):
        runtime.context.request_scoring = print  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        runtime.scorer = None  # type: ignore[misc]


def test_where_scoring_jobs_go_is_decided_when_the_parts_are_built():
    broker = build(_settings(redis_url="redis://127.0.0.1:1/0"))
    local = build(_settings(redis_url="redis://127.0.0.1:1/0"), scoring=Scoring.IN_PROCESS)
    assert broker.local_worker is None
    assert local.local_worker is not None
    assert local.context.request_scoring == local.local_worker.request
    assert isinstance(broker.context.request_scoring.__self__, ScoringDispatcher)
