"""Helpers shared by the benchmarks: timing, medians, subprocesses with peak memory, the machine.

Nothing here asserts anything; the benchmarks print and record figures.
"""
from __future__ import annotations

import datetime
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
GLOSSARY = str(Path(PYTHON).with_name("glossary"))
TIME = "/usr/bin/time"


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def timed(function: Callable[[], object]) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of this process and the children it waited for) of one call."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return time.perf_counter() - wall, time.process_time() - cpu + children


def shell(argv: Sequence[str]) -> str:
    """A command line as one would type it (the venv's absolute paths shortened)."""
    text = " ".join(shlex.quote(str(a)) for a in argv)
    venv = str(Path(PYTHON).parent) + "/"
    return text.replace(venv, "").replace(str(ROOT) + "/", "")


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(p) for p in f.read().split()]
    except OSError:
        pass
    return out


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, now."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
        stack += _children(p)
    return total


@dataclass
class Run:
    """One measured subprocess."""

    argv: list[str]
    wall: float
    returncode: int
    stdout: str
    stderr: str
    #: Largest resident set of any one process of the run (GNU time %M), bytes.
    max_rss: int = 0
    #: Largest sampled sum over the process tree (workers included), bytes.
    tree_rss: int = 0
    #: User + system CPU seconds of the process and the children it waited for (GNU time %U + %S).
    cpu: float = 0.0
    extra: dict = field(default_factory=dict)


def run_measured(argv: Sequence[str], env: dict | None = None, sample: float = 0.02,
                 timeout: float = 900) -> Run:
    """Run ``argv`` under GNU time: wall time, peak RSS of the largest process, peak RSS of the
    whole process tree (sampled from /proc every ``sample`` seconds)."""
    argv = [str(a) for a in argv]
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        wrapped = [TIME, "-f", "%M %U %S", "-o", report.name, *argv] if os.path.exists(TIME) else argv
        started = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env)
        peak = [0]
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], tree_rss(proc.pid))
                done.wait(sample)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        finally:
            done.set()
            watcher.join()
        wall = time.perf_counter() - started
        try:
            rss, user, system = Path(report.name).read_text().strip().splitlines()[-1].split()
            max_rss, cpu = int(rss) * 1024, float(user) + float(system)
        except (ValueError, IndexError):
            max_rss, cpu = 0, 0.0
    return Run(argv, wall, proc.returncode, stdout, stderr, max_rss, peak[0], cpu)


def run_timed(argv: Sequence[str], env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    """Wall seconds of one subprocess (no wrapper: for short commands)."""
    started = time.perf_counter()
    done = subprocess.run([str(a) for a in argv], capture_output=True, text=True, env=env)
    return time.perf_counter() - started, done


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    versions = {}
    for module in ("rapidfuzz", "translate", "pymorphy3", "yaml"):
        try:
            from importlib.metadata import version

            versions[module] = version({"translate": "translate-toolkit", "yaml": "PyYAML"}.get(module, module))
        except Exception:
            versions[module] = "not installed"
    msgfmt = subprocess.run(["msgfmt", "--version"], capture_output=True, text=True).stdout.splitlines()
    return {"nproc": str(os.cpu_count()), "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()), "cpu": model, "ram": ram, "python": platform.python_version(),
            "os": platform.platform(), "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M %Z").strip(),
            "msgfmt": msgfmt[0] if msgfmt else "not found",
            **{f"{k} version": v for k, v in versions.items()}}


def mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"
