"""The command-line frame: help, version, exit codes, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import snapshot


def glossary(*args: str, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    import os

    full_env = {**os.environ, **(env or {})}
    full_env.pop("GLOSSARY_TERMBASE", None) if env is None or "GLOSSARY_TERMBASE" not in env else None
    return subprocess.run([sys.executable, "-m", "glossary", *args], capture_output=True, text=True,
                          env=full_env, input=stdin, timeout=120)


def test_help_lists_every_command():
    result = glossary("--help")
    assert result.returncode == 0
    for command in ("validate", "fmt", "stats"):
        assert command in result.stdout


def test_version():
    from glossary import __version__

    result = glossary("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_validate_exit_codes(small_base):
    assert glossary("--termbase", str(small_base), "validate").returncode == 0
    path = small_base / "weapons.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("гиперзвуковая ракета\n", "гипeрзвуковая ракета\n", 1))
    result = glossary("--termbase", str(small_base), "validate")
    assert result.returncode == 1
    assert f"{path}:" in result.stdout and ": homoglyph: " in result.stdout
    path.write_text("domain: weapons\nconcepts: [\n", encoding="utf-8")
    result = glossary("--termbase", str(small_base), "validate")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "weapons.yaml:" in result.stderr and "Traceback" not in result.stderr


def test_validate_json(small_base):
    result = glossary("-t", str(small_base), "validate", "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout) == {"findings": []}


def test_environment_variable_selects_the_base(small_base):
    result = glossary("stats", "--format", "json", env={"GLOSSARY_TERMBASE": str(small_base)})
    assert json.loads(result.stdout)["concepts"] == 3


def test_fmt_check(small_base):
    path = small_base / "organization.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    before = snapshot(small_base)
    result = glossary("-t", str(small_base), "fmt", "--check")
    assert result.returncode == 1 and "organization.yaml: not canonical" in result.stdout
    assert snapshot(small_base) == before
    assert glossary("-t", str(small_base), "fmt").returncode == 0
    assert glossary("-t", str(small_base), "fmt", "--check").returncode == 0


def test_stats_text_and_json(small_base):
    text = glossary("-t", str(small_base), "stats")
    assert text.returncode == 0 and "3 concepts" in text.stdout and "organization 1" in text.stdout
    data = json.loads(glossary("-t", str(small_base), "stats", "--format", "json").stdout)
    assert data["languages"]["hy"]["preferred"] == 3


@pytest.mark.parametrize("args", [["--no-such-option"], ["no-such-command"], ["stats", "--format", "xml"]])
def test_bad_usage_exits_2(args):
    result = glossary(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_termbase_that_is_a_file(tmp_path):
    path = tmp_path / "base.yaml"
    path.write_text("x")
    result = glossary("-t", str(path), "stats")
    assert result.returncode == 2
    assert result.stderr.strip() == f"glossary: error: {path}: term base is not a folder"


def test_console_script_is_installed():
    import shutil

    exe = shutil.which("glossary") or str(__import__("pathlib").Path(sys.executable).parent / "glossary")
    result = subprocess.run([exe, "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "Usage: glossary" in result.stdout


def test_fmt_single_file(small_base):
    for name in ("organization.yaml", "weapons.yaml"):
        path = small_base / name
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = glossary("-t", str(small_base), "fmt", str(small_base / "weapons.yaml"))
    assert result.returncode == 0 and "weapons.yaml: reformatted" in result.stdout
    assert "organization.yaml" not in result.stdout
    assert glossary("-t", str(small_base), "fmt", "--check").stdout.strip().endswith("organization.yaml: not canonical")
