"""benchmarks/photos.py, the runner of the PHP photo benchmark: the options it passes, and a clear refusal
without PHP (the benchmark itself is run by hand, never timed in a test)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RUNNER = Path(__file__).resolve().parent.parent / "benchmarks" / "photos.py"
spec = importlib.util.spec_from_file_location("photos_runner", RUNNER)
assert spec and spec.loader
runner = importlib.util.module_from_spec(spec)
spec.loader.exec_module(runner)


def test_the_options_given_and_only_those_reach_the_php_script() -> None:
    script = str(RUNNER.with_suffix(".php"))
    assert runner.command("/usr/bin/php", None, None, None) == ["/usr/bin/php", script]
    assert runner.command("php", 9, 40, 0) == ["php", script, "--runs=9", "--concurrent=40", "--edge=0"]


def test_without_php_it_says_so_and_exits_2() -> None:
    done = subprocess.run([sys.executable, str(RUNNER), "--php", "/nonexistent/php", "--runs", "1"],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert "no PHP found (/nonexistent/php is not on PATH)" in done.stderr
    assert done.stdout == ""


@pytest.mark.skipif(shutil.which("php") is None, reason="no php on this machine")
def test_the_php_found_has_gd() -> None:
    assert runner.find_php(None) == shutil.which("php")
