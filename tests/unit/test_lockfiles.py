"""The lockfiles pin every package the service and its tests install, at versions pyproject.toml
allows, so that a new checkout, CI and the Docker image all run the same code."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def pins(name: str) -> dict[str, Version]:
    pinned = {}
    for line in (ROOT / "locks" / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{line!r} in locks/{name} is not pinned to one version"
        pinned[canonicalize_name(requirement.name)] = Version(specifier.version)
    return pinned


@pytest.mark.parametrize(("lockfile", "extras"), [("service.txt", []), ("test.txt", ["test"])])
def test_every_dependency_is_pinned_at_a_version_the_project_accepts(lockfile, extras):
    pinned = pins(lockfile)
    wanted = [Requirement(r) for r in PROJECT["dependencies"]]
    for extra in extras:
        wanted += [Requirement(r) for r in PROJECT["optional-dependencies"][extra]]
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is not in locks/{lockfile}: run scripts/lock.sh"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"locks/{lockfile} pins {requirement.name} {pinned[name]}, outside {requirement.specifier}: run scripts/lock.sh")


def test_the_tests_run_on_the_versions_the_service_runs_on():
    service, test = pins("service.txt"), pins("test.txt")
    assert {name: test.get(name) for name in service} == service
