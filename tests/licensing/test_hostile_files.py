# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Hostile files around licensing and kits: a link out of the tree in a change that also touches
REUSE.toml, a translation sharing its original's attachment in a zip kit, FIFOs and links never
copied into a kit."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from click.testing import CliRunner

from open_commons.cli import main

from .licensing_helpers import CT, LT, git, resource, write

ORIGINAL = resource("sourcing/guide", title="Guide").replace("date_created", "attachments: [grille.csv]\ndate_created")
TRANSLATION = resource("sourcing/guide.en", title="Guide (English)").replace(
    "date_created", "attachments: [grille.csv]\ndate_created").replace("language: fr", "language: en")
REUSE_TOML = ('version = 1\n[[annotations]]\npath = ["content/**/*.csv"]\n'
              f'{CT} = "2024 Simplon.co"\n{LT} = "CC-BY-SA-4.0"\n')


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_a_link_out_of_the_tree_and_a_reuse_toml_change_check_without_traceback(make_commons) -> None:
    root = make_commons({"content/sourcing/guide.md": ORIGINAL, "content/sourcing/grille.csv": "a;b\n",
                         "REUSE.toml": REUSE_TOML})
    git(root, "checkout", "-q", "-b", "pr")
    os.symlink("/etc", root / "content/sourcing/dossier")
    os.symlink("../../../../../etc/passwd", root / "content/sourcing/lien.md")
    write(root, {"REUSE.toml": REUSE_TOML.replace("2024", "2025")})
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "links and a policy change")
    code, out = run("check", "--root", str(root), "--base", "main", "--head", "pr", "--format", "json")
    assert code in (0, 1), out
    assert "LinkOutsideDestinationError" not in out and "Traceback" not in out


def test_a_shared_attachment_enters_the_zip_kit_once(make_commons, tmp_path: Path) -> None:
    root = make_commons({"content/sourcing/guide.md": ORIGINAL, "content/sourcing/guide.en.md": TRANSLATION,
                         "content/sourcing/grille.csv": "a;b\n", "REUSE.toml": REUSE_TOML})
    out = tmp_path / "kit.zip"
    code, text = run("export", "--root", str(root), "--out", str(out))
    assert code == 0, text
    names = zipfile.ZipFile(out).namelist()
    assert names.count("content/sourcing/grille.csv") == 1 and len(names) == len(set(names)), names


def test_fifos_and_links_never_enter_a_kit(make_commons, tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("mot de passe\n", encoding="utf-8")
    root = make_commons({"content/sourcing/guide.md": ORIGINAL.replace("[grille.csv]", "[tube.csv, lien.csv]"),
                         "REUSE.toml": REUSE_TOML})
    os.mkfifo(root / "content/sourcing/tube.csv")
    os.symlink(secret, root / "content/sourcing/lien.csv")
    kit = tmp_path / "kit"
    code, text = run("export", "--root", str(root), "--out", str(kit), "--lang", "en")
    assert code == 1
    assert "left out of the kit, not regular files" in text and "content/sourcing/tube.csv" in text
    assert not (kit / "content/sourcing/tube.csv").exists() and not (kit / "content/sourcing/lien.csv").exists()
    assert (kit / "content/sourcing/guide.md").is_file()


def test_a_licence_text_that_is_not_utf8_does_not_break_the_kit(make_commons, tmp_path: Path) -> None:
    root = make_commons({"content/sourcing/guide.md": ORIGINAL.replace("attachments: [grille.csv]\n", "")})
    (root / "LICENSES" / "CC-BY-SA-4.0.txt").write_bytes(b"\xff\xfeTous droits r\xe9serv\xe9s\n")
    kit = tmp_path / "kit"
    code, text = run("export", "--root", str(root), "--out", str(kit))
    assert code == 0, text
    shipped = (kit / "LICENSES" / "CC-BY-SA-4.0.txt").read_text(encoding="utf-8")
    assert "Attribution-ShareAlike 4.0" in shipped  # the SPDX text, not the corrupted one
