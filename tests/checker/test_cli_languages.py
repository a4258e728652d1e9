# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Every command of the CLI speaks the commons' language: its help, its usage errors, its summaries.

The commands are found by walking the click tree, so a new command or subcommand is covered the day
it is added: its help and its options' help must be marked with ``N_()`` and translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from open_commons.cli import main
from open_commons.i18n import _, current_language, set_language
from tests.checker.test_check_cli import MINIMAL

PENDING: set[tuple[str, ...]] = set()  # commands left out of these tests (none: every command speaks both)


def _commands() -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command and subcommand as the English source has it, ``()`` being ``commons`` itself."""
    previous = current_language()
    set_language("en")
    try:
        def walk(cmd: click.Command, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], click.Command]]:
            yield path, cmd
            if isinstance(cmd, click.Group):
                ctx = click.Context(cmd, info_name="commons")
                for name in cmd.list_commands(ctx):
                    sub = cmd.get_command(ctx, name)
                    if sub is not None and not sub.hidden:
                        yield from walk(sub, (*path, name))

        yield from list(walk(main, ()))
    finally:
        set_language(previous)


COMMANDS = [(path, cmd) for path, cmd in _commands() if path not in PENDING]


def _bare(text: str) -> str:
    """Text without whitespace: help is wrapped and indented to the terminal's width."""
    return re.sub(r"\s+", "", text)


def _texts(cmd: click.Command) -> list[str]:
    """The English help of a command: its description and the help of each visible option."""
    texts = [cmd.help or ""]
    texts += [p.help for p in cmd.params if isinstance(p, click.Option) and p.help and not p.hidden]
    return texts


def _has_lang(cmd: click.Command) -> bool:
    return any(isinstance(p, click.Option) and "--lang" in p.opts for p in cmd.params)


def _help(path: tuple[str, ...], *extra: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, [*path, "--help", *extra], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def french(make_commons, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Inside a French commons (commons.yaml says ``language: fr``), without COMMONS_LANG."""
    root = make_commons({"content/sourcing/minimal.md": MINIMAL})
    monkeypatch.chdir(root)
    monkeypatch.delenv("COMMONS_LANG", raising=False)
    return root


def test_the_walk_finds_the_groups_subcommands() -> None:
    paths = {path for path, _cmd in COMMANDS}
    assert {(), ("check",), ("ledger", "verify"), ("bot", "publish"), ("bot", "serve"), ("partners", "who"),
            ("access", "apply")} <= paths


@pytest.mark.parametrize("path", [path for path, _cmd in COMMANDS], ids=lambda p: " ".join(("commons", *p)))
def test_every_help_is_french_in_a_french_commons_and_english_on_request(french: Path, path: tuple[str, ...]) -> None:
    cmd = dict(COMMANDS)[path]
    texts = _texts(cmd)
    assert texts[0], f"`commons {' '.join(path)}` has no help"
    outputs = {"fr": [_help(path), _help(path, env={"COMMONS_LANG": "fr"})],
               "en": [_help(path, env={"COMMONS_LANG": "en"})]}
    if _has_lang(cmd):  # --lang wins over the environment
        outputs["fr"].append(_help(path, "--lang", "fr", env={"COMMONS_LANG": "en"}))
        outputs["en"].append(_help(path, "--lang", "en", env={"COMMONS_LANG": "fr"}))
    for out in outputs["fr"]:
        assert out.startswith("Utilisation :"), out
        for text in texts:
            french_text = _(text, "fr")
            assert french_text != text, f"not translated (mark it with N_() and run i18n update): {text!r}"
            assert _bare(french_text) in _bare(out) and _bare(text) not in _bare(out), (text, out)
    for out in outputs["en"]:
        assert out.startswith("Usage:"), out
        for text in texts:
            assert _bare(text) in _bare(out), (text, out)


def test_a_group_lists_its_subcommands_in_the_commons_language(french: Path) -> None:
    out = _help(("ledger",))
    assert "Commandes:" in out and "Reconstruit le registre" in out and "Rebuild the ledger" not in out
    out = _help(("bot",), env={"COMMONS_LANG": "en"})
    assert "Commands:" in out and "Post the verdict" in out


def test_one_process_shows_french_then_english_help_without_changing_the_commands(french: Path) -> None:
    from open_commons.cli import ledger

    verify = ledger.command.commands["verify"]
    before = (verify.help, [getattr(p, "help", None) for p in verify.params])
    for lang, expected, other in (("fr", "Vérifie le registre", "Check the ledger"),
                                  ("en", "Check the ledger", "Vérifie le registre"),
                                  ("fr", "Vérifie le registre", "Check the ledger")):
        out = _help(("ledger", "verify"), "--lang", lang)
        assert expected in out and other not in out, out
        assert ("Afficher cette aide et quitter." in out) == (lang == "fr"), out
        out = _help((), env={"COMMONS_LANG": lang})
        assert ("Le registre des contributions" in out) == (lang == "fr"), out
    assert (verify.help, [getattr(p, "help", None) for p in verify.params]) == before
    assert verify.help is not None and verify.help.startswith("Check the ledger")


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.output


def test_usage_errors_of_maintainer_commands_are_french_in_a_french_commons(french: Path, tmp_path: Path) -> None:
    code, out = _run("bot", "publish", "--repo", "simplon/commons")
    assert code == 2 and "Utilisation :" in out, out
    assert "Erreur : indiquez --event (l'événement workflow_run) ou --head-sha" in out, out
    code, out = _run("bot", "publish", "--repo", "simplon/commons", env={"COMMONS_LANG": "en"})
    assert code == 2 and "Error: give --event (the workflow_run event) or --head-sha" in out, out
    code, out = _run("ledger", "record")
    assert code == 2 and "donnez --event FICHIER, ou --pr N avec --merge-sha SHA" in out, out
    code, out = _run("ledger", "record", "--pr", "douze")
    assert code == 2 and "Valeur invalide pour '--pr' : 'douze' n'est pas une valeur valide" in out, out
    code, out = _run("export", "--phase", "nope", "--out", str(tmp_path / "kit"))
    assert code == 2 and "phase(s) inconnue(s) : nope" in out, out
    code, out = _run("check", "--no-base", "--base", "main")
    assert code == 2 and "--no-base exclut --base et --head" in out, out
    code, out = _run("audit", "--partnr", "x")
    assert code == 2 and "Option '--partnr' inconnue. Vouliez-vous dire '--partner' ?" in out, out
    code, out = _run("audit", "--sincee", "2026-01-01")
    assert code == 2 and "(Vouliez-vous dire : '--since', '--source' ?)" in out, out
    code, out = _run("bot", "jobs", "--prune", "1")
    assert code == 2 and "1.0 n'est pas dans l'intervalle x>=3." in out, out
    code, out = _run("bot", "jobs", "--retry", "d-1", "--queue", f"sqlite:///{tmp_path / 'q.sqlite'}")
    assert code == 1 and "Erreur : aucun job à relancer pour la livraison 'd-1' (inconnue ou terminée)" in out, out
    code, out = _run("rules", "SCH001", "SCH002")
    assert code == 2 and "Argument en trop (SCH002)" in out, out


def test_summaries_speak_the_commons_language(french: Path, tmp_path: Path) -> None:
    code, out = _run("export", "--out", str(tmp_path / "kit"))
    assert code == 0 and "1 ressource(s), " in out and "licences : CC-BY-SA-4.0" in out, out
    code, out = _run("export", "--out", str(tmp_path / "kit-en"), "--lang", "en")
    assert code == 0 and "1 resource(s), " in out and "licences: CC-BY-SA-4.0" in out, out
    code, out = _run("index", "--check")
    assert code == 1 and "content/README.md : pas à jour ; lancez `commons index`" in out, out
    code, out = _run("index")
    assert code == 0 and "README.md écrit" in out, out
    code, out = _run("bot", "jobs", "--queue", f"sqlite:///{tmp_path / 'q.sqlite'}")
    assert code == 0 and out.startswith("file : 0 en attente, 0 programmé(s)"), out


@pytest.mark.parametrize("args", [("ledger", "verify", "--ref", "nope"), ("ledger", "verify", "--ledger-ref", "nope"),
                                  ("ledger", "rebuild", "--from-git", "--ref", "nope"), ("audit", "--ref", "nope")])
def test_an_unknown_revision_is_a_usage_error_not_an_empty_result(args: tuple[str, ...]) -> None:
    import subprocess
    import sys

    from tests.conftest import REPO

    done = subprocess.run([sys.executable, "-m", "open_commons", *args], cwd=REPO, capture_output=True, text=True,
                          env={**__import__("os").environ, "COMMONS_LANG": "fr"}, timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "révision « nope » inconnue" in done.stderr and "0 enregistrement" not in done.stdout
