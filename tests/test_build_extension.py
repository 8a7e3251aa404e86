"""scripts/build-extension: dist/rebound.ocmod.zip as OpenCart 4.1's installer reads it.

The zip's root is the extension folder: install.json, admin/, catalog/, system/ from opencart_extension/,
and the migrations from sidecar/sql/ in system/sql/ (where the extension's installer reads them).
Tests, PHPUnit's configuration and dotfiles stay out, and the same tree always gives the same bytes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from sidecar import __version__

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "opencart_extension"
MIGRATIONS = sorted(p for p in (ROOT / "sidecar" / "sql").glob("*.sql") if re.match(r"^\d{4}_[a-z0-9_]+\.sql$", p.name))
REQUIRED = [
    "install.json",
    "admin/controller/module/rebound.php",
    "admin/language/en-gb/module/rebound.php",
    "admin/view/template/module/rebound.twig",
    "catalog/controller/module/rebound.php",
    "system/library/signer.php",
    "system/library/bridge.php",
    "system/library/migrator.php",
]


def build(out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / "build-extension"), str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "rebound.ocmod.zip"
    result = build(out)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    return out


@pytest.fixture(scope="module")
def names(package: Path) -> list[str]:
    with zipfile.ZipFile(package) as archive:
        assert archive.testzip() is None
        return archive.namelist()


def test_entries_are_sorted_files_only(names: list[str]) -> None:
    assert names == sorted(names)
    assert len(names) == len(set(names))
    assert not [n for n in names if n.endswith("/")]


@pytest.mark.parametrize("name", REQUIRED)
def test_the_extension_layout_is_at_the_root(names: list[str], name: str) -> None:
    assert name in names


def test_no_tests_configs_or_dotfiles(names: list[str]) -> None:
    assert not [n for n in names if n.startswith("tests/") or "/tests/" in n]
    assert not [n for n in names if Path(n).name.startswith("phpunit")]
    assert not [n for n in names if any(part.startswith(".") for part in n.split("/"))]
    assert not [n for n in names if ".." in n.split("/") or n.startswith("/")]


def test_every_extension_file_is_packaged(names: list[str]) -> None:
    expected = {
        p.relative_to(SOURCE).as_posix()
        for top in ("admin", "catalog", "system")
        for p in (SOURCE / top).rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(SOURCE).parts)
    }
    assert expected <= set(names)
    assert set(names) - expected == {"install.json", *(f"system/sql/{m.name}" for m in MIGRATIONS)}


def test_install_json_is_what_the_installer_reads(package: Path) -> None:
    with zipfile.ZipFile(package) as archive:
        info = json.loads(archive.read("install.json"))
    assert info["name"] == "Rebound"
    assert info["version"] == __version__
    for key in ("description", "author"):
        assert isinstance(info[key], str) and info[key]
    # OpenCart 4.0.2.x's installer refuses a package without a link ("Link must be between 3 and 128 characters").
    assert isinstance(info["link"], str) and 3 <= len(info["link"]) <= 128


def test_migrations_are_included_byte_for_byte(package: Path, names: list[str]) -> None:
    assert MIGRATIONS, "sidecar/sql/ has no migrations"
    packaged = sorted(n for n in names if n.startswith("system/sql/"))
    assert packaged == [f"system/sql/{m.name}" for m in MIGRATIONS]
    with zipfile.ZipFile(package) as archive:
        for migration in MIGRATIONS:
            assert archive.read(f"system/sql/{migration.name}") == migration.read_bytes()


def test_entries_have_fixed_times_and_modes(package: Path) -> None:
    with zipfile.ZipFile(package) as archive:
        for info in archive.infolist():
            assert info.date_time == (2020, 1, 1, 0, 0, 0), info.filename
            assert info.external_attr >> 16 == 0o100644, info.filename
            assert info.compress_type == zipfile.ZIP_DEFLATED


def test_the_build_is_deterministic(package: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.ocmod.zip"
    assert build(again).returncode == 0
    assert again.read_bytes() == package.read_bytes()


def test_default_output_is_dist(tmp_path: Path) -> None:
    # A copy of the repository's inputs, so the real dist/ is not touched.
    for part in ("scripts", "opencart_extension", "sidecar/sql"):
        shutil.copytree(ROOT / part, tmp_path / part)
    result = subprocess.run(
        [str(tmp_path / "scripts" / "build-extension")], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "dist" / "rebound.ocmod.zip").is_file()


def test_a_missing_migration_folder_stops_the_build(tmp_path: Path) -> None:
    for part in ("scripts", "opencart_extension"):
        shutil.copytree(ROOT / part, tmp_path / part)
    (tmp_path / "sidecar" / "sql").mkdir(parents=True)
    result = subprocess.run(
        [str(tmp_path / "scripts" / "build-extension")], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "no migrations" in result.stderr
    assert not (tmp_path / "dist" / "rebound.ocmod.zip").exists()


@pytest.fixture(scope="module")
def unpacked(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    return folder


def test_every_php_file_passes_php_lint(unpacked: Path) -> None:
    php = shutil.which("php")
    if php is None:
        pytest.skip("php is not installed (scripts/test installs it)")
    files = sorted(unpacked.rglob("*.php"))
    assert files
    for file in files:
        result = subprocess.run([php, "-l", str(file)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"{file.relative_to(unpacked)}: {result.stdout}{result.stderr}"


def _declared(text: str) -> tuple[str, list[str]]:
    namespace = re.search(r"^namespace\s+([^;\s]+);", text, re.M)
    classes = re.findall(r"^(?:final\s+|abstract\s+)?(?:class|interface|trait)\s+(\w+)", text, re.M)
    return (namespace[1] if namespace else ""), classes


@pytest.mark.parametrize(
    ("folder", "namespace"),
    [
        ("admin/controller", r"Opencart\Admin\Controller\Extension\Rebound"),
        ("admin/model", r"Opencart\Admin\Model\Extension\Rebound"),
        ("catalog/controller", r"Opencart\Catalog\Controller\Extension\Rebound"),
        ("catalog/model", r"Opencart\Catalog\Model\Extension\Rebound"),
        ("system/library", r"Opencart\System\Library\Extension\Rebound"),
    ],
)
def test_classes_are_where_opencarts_autoloader_looks(unpacked: Path, folder: str, namespace: str) -> None:
    """Namespace from the path; file name = the class name with '_' before inner capitals, lower-cased."""
    files = sorted((unpacked / folder).rglob("*.php"))
    assert files
    for file in files:
        relative = file.relative_to(unpacked / folder).with_suffix("")
        declared_namespace, classes = _declared(file.read_text(encoding="utf-8"))
        sub = "".join("\\" + part.replace("_", " ").title().replace(" ", "") for part in relative.parent.parts)
        assert declared_namespace == namespace + sub, file
        assert len(classes) == 1, file
        assert re.sub(r"([a-z])([A-Z0-9])", r"\1_\2", classes[0]).lower() == relative.name, file
