"""The bundle's PyInstaller spec names what the app loads by name at run time."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "packaging" / "casefile.spec"
ENTRY = REPO / "packaging" / "casefile_entry.py"
# Packages imported inside functions or loading data files: PyInstaller's scan misses them.
NEEDED = ("phonenumbers", "trafilatura", "hanziconv", "icu4py", "hyperscan", "ahocorasick",
          "whoosh", "pymupdf", "extract_msg", "bagit", "py7zr", "Cryptodome")


def test_the_spec_collects_casefile_and_the_packages_it_loads_by_name() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    for package in NEEDED:
        assert f'"{package}"' in spec, f"{package} is missing from {SPEC.name}"
    assert re.search(r'for pkg in \("archive", "ocr", "index", "ui"\)', spec)
    assert "translations" in spec


def test_every_third_party_import_of_the_app_is_installed_or_collected() -> None:
    """A top-level import in archive/ ocr/ index/ ui/ that the spec does not name must at least
    be one PyInstaller finds by itself (imported at module level somewhere)."""
    spec = SPEC.read_text(encoding="utf-8")
    own = {"archive", "ocr", "index", "ui", "main"}
    found: set[str] = set()
    for layer in own - {"main"}:
        for path in (REPO / layer).glob("*.py"):
            for line in path.read_text(encoding="utf-8").splitlines():
                m = re.match(r"\s+(?:from ([A-Za-z_]\w*)[\w.]* import \w|import ([A-Za-z_]\w*)$)",
                             line)
                if m:  # an import inside a function: invisible until it runs
                    found.add(m.group(1) or m.group(2))
    import sys

    stdlib = set(sys.stdlib_module_names) | own | {"PySide6", "shiboken6", "__future__"}
    hidden = sorted(found - stdlib)
    missing = [name for name in hidden if f'"{name}"' not in spec
               and not _imported_at_top(name)]
    assert not missing, f"imported only inside functions and not in the spec: {missing}"


def _imported_at_top(name: str) -> bool:
    for layer in ("archive", "ocr", "index", "ui"):
        for path in (REPO / layer).glob("*.py"):
            text = path.read_text(encoding="utf-8")
            if re.search(rf"^(?:from|import) {name}\b", text, re.MULTILINE):
                return True
    return False


def test_the_entry_point_lets_spawned_workers_start_in_the_frozen_app() -> None:
    assert "multiprocessing.freeze_support()" in ENTRY.read_text(encoding="utf-8")
