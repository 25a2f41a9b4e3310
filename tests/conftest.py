"""Shared test set-up.

Tests marked ``shared`` read the real data, samples and evaluation set in ``../shared``;
tests marked ``browser`` drive headless Chromium. Where those are missing the tests are
skipped, except under CI (``CI=true``), where they fail: CI must run everything.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("INCIDENT_MAPPER_SHARED", REPO.parent / "shared"))
CHROMIUM = os.environ.get("INCIDENT_MAPPER_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: required)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _requirements(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("shared") and not (SHARED / "samples").is_dir():
        _missing(f"needs {SHARED} (real data, samples, evaluation set)")
    if request.node.get_closest_marker("browser") and not (
        Path(CHROMIUM).exists() or shutil.which("chromium")
    ):
        _missing(f"needs headless Chromium at {CHROMIUM}")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ``../shared`` folder (only for tests marked ``shared``)."""
    return SHARED


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of the Chromium binary (only for tests marked ``browser``)."""
    return CHROMIUM if Path(CHROMIUM).exists() else (shutil.which("chromium") or CHROMIUM)


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    """The repository's root folder."""
    return REPO
