"""Shared fixtures: a small real term base, copied so tests may change it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture
def small_base(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/base (3 concepts, 7 languages, canonical, valid)."""
    target = tmp_path / "base"
    shutil.copytree(FIXTURES / "base", target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, to prove that nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
