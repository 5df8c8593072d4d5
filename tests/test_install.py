"""The README's install, from scratch: a fresh `python3 -m venv`, the installer from its lock, then the locks.

A venv made by `python3 -m venv` carries the pip its Python release bundled (23.2 on 3.11), which
once refused the hash-locked `lxml[html_clean]` as soon as PyPI published a newer lxml than the lock's.
This test makes such a venv, exactly as the Makefile does, and installs into it from the locks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=900, **kw)  # type: ignore[call-overload]


def test_a_fresh_venv_installs_from_the_locks_and_runs(tmp_path: Path) -> None:
    python3 = shutil.which("python3") or sys.executable
    venv = tmp_path / "venv"
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    made = _run(["make", "-C", str(ROOT), "install", f"VENV={venv}", f"PY={python3}"], env=env)
    assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]

    pip = _run([str(venv / "bin" / "python"), "-m", "pip", "--version"])
    lock = (ROOT / "requirements-bootstrap.lock").read_text(encoding="utf-8")
    pinned = next(line.split("==")[1].split()[0] for line in lock.splitlines() if line.startswith("pip=="))
    assert pip.stdout.startswith(f"pip {pinned} "), pip.stdout

    # The installed command works end to end on a demo article.
    article = ROOT / "monitor" / "data" / "demo" / "05-minister-disputes-displaced.txt"
    out = _run([str(venv / "bin" / "monitor"), "extract", str(article), "--json"], cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert '"text": "about 8,000"' in out.stdout
