"""An encrypted archive from the command line: init, the passphrase for every command, change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PASSPHRASE = "jasmine ferry at dawn"


def cli(archive: Path, *args: str, passphrase: str | None = PASSPHRASE,
        new: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEFILE_")}
    if passphrase is not None:
        env["CASEFILE_PASSPHRASE"] = passphrase
    if new is not None:
        env["CASEFILE_NEW_PASSPHRASE"] = new
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--archive", str(archive), *args],
        cwd=REPO, capture_output=True, text=True, timeout=300, env=env,
        stdin=subprocess.DEVNULL,
    )


def test_init_encrypted_ingest_search_and_change_the_passphrase(
    tmp_path: Path, tesseract: str
) -> None:
    root = tmp_path / "sealed"
    evidence = tmp_path / "statement.txt"
    evidence.write_text("Ma Thida paid the broker 40,000 baht in Myawaddy.\n", "utf-8")
    r = cli(root, "init", "--encrypted")
    assert r.returncode == 0, r.stderr
    assert "Encrypted archive ready" in r.stdout
    assert (root / "keyfile.json").is_file()
    r = cli(root, "ingest", str(evidence), "--case", "Myawaddy")
    assert r.returncode == 0, r.stderr
    r = cli(root, "search", "broker", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["total"] == 1
    assert "missing or damaged" not in r.stderr  # building the index in memory is normal

    r = cli(root, "items", passphrase=None)  # no terminal and no passphrase given
    assert r.returncode == 2
    assert "needs the archive's passphrase" in r.stderr
    r = cli(root, "items", passphrase="jasmine ferry at dusk")
    assert r.returncode == 2
    assert "does not unlock this archive" in r.stderr and "Traceback" not in r.stderr

    r = cli(root, "passphrase", passphrase="jasmine ferry at dusk", new="monsoon lantern road")
    assert r.returncode == 2 and "does not unlock" in r.stderr
    r = cli(root, "passphrase", new="monsoon lantern road")
    assert r.returncode == 0, r.stderr
    assert cli(root, "items").returncode == 2
    r = cli(root, "search", "Myawaddy", "--json", passphrase="monsoon lantern road")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["total"] == 1


def test_init_encrypted_refuses_a_short_passphrase_and_creates_nothing(tmp_path: Path) -> None:
    root = tmp_path / "sealed"
    r = cli(root, "init", "--encrypted", passphrase="short")
    assert r.returncode == 2
    assert "at least 8 characters" in r.stderr
    assert not (root / "keyfile.json").exists()
