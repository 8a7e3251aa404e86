"""Issue 7's photo benchmark, started like the others: the photo pipeline is PHP, so this runs
benchmarks/photos.php (its docstring has the method and the figures) and prints what it prints.

    python benchmarks/photos.py [--runs 5] [--concurrent 20] [--edge PX] [--php PATH]

It checks first that PHP is there with GD, which the pipeline needs; the exit status is the PHP script's.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_suffix(".php")


def command(php: str, runs: int | None, concurrent: int | None, edge: int | None) -> list[str]:
    """The PHP benchmark's command line; options left out keep the PHP script's own defaults."""
    options = {"runs": runs, "concurrent": concurrent, "edge": edge}
    return [php, str(SCRIPT), *[f"--{name}={value}" for name, value in options.items() if value is not None]]


def find_php(given: str | None) -> str | None:
    """The PHP binary to use, or None (with the reason printed) when there is none with GD."""
    php = shutil.which(given or "php")
    if php is None:
        print(f"photos: no PHP found ({given or 'php'} is not on PATH); the benchmark is benchmarks/photos.php",
              file=sys.stderr)
        return None
    gd = subprocess.run([php, "-r", "exit(extension_loaded('gd') ? 0 : 1);"], capture_output=True, timeout=30)
    if gd.returncode != 0:
        print(f"photos: {php} has no GD extension (apt-get install php-gd)", file=sys.stderr)
        return None
    return php


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, help="runs of each measurement (PHP's default: 5)")
    parser.add_argument("--concurrent", type=int, help="uploads at once (PHP's default: 20)")
    parser.add_argument("--edge", type=int, help="the stored photo's longest edge in px; 0 keeps it full size")
    parser.add_argument("--php", help="the PHP binary (default: php on PATH)")
    args = parser.parse_args(argv)
    php = find_php(args.php)
    if php is None:
        return 2
    return subprocess.run(command(php, args.runs, args.concurrent, args.edge)).returncode


if __name__ == "__main__":
    sys.exit(main())
