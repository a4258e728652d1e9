# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Hostile JSON reaching the bot: a signed webhook body of 100,000 nested arrays, the same JSON as
the event of `bot handle|report` or as the report artifact of `bot publish`, and file names that
are not UTF-8 in a report. Each is a clear refusal (``EventError``, ``ValueError``, a 400, one
line and exit 2), never a RecursionError or a UnicodeEncodeError."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from open_commons.cli import main
from open_commons.github import comment, events, pr_check
from open_commons.github.webhook import signature
from open_commons.model import Finding, Message, Severity
from tests.bot.conftest import FIXTURES
from tests.bot.test_webhook import SECRET, Running

DEEP = ("[" * 100_000 + "]" * 100_000).encode()
DEEP_OBJECT = ('{"a":' * 50_000 + "1" + "}" * 50_000).encode()

BODIES = {
    "deep array": (DEEP, "nested deeper than"),
    "deep object": (DEEP_OBJECT, "nested deeper than"),
    "a list": (b"[1, 2, 3]", "not an object"),
    "not UTF-8": (b'{"action": "opened", "x": "\xff"}', "not UTF-8"),
    "not JSON": (b"{action", "not JSON"),
    "deep inside a real payload": (None, "nested deeper than"),
}


def _body(name: str) -> bytes:
    body, _expected = BODIES[name]
    if body is not None:
        return body
    real = json.loads((FIXTURES / "octokit-webhooks__pull_request.opened.payload.json").read_bytes())
    text = json.dumps(real)
    return (text[:-1] + ', "extra": ' + "[" * 5000 + "]" * 5000 + "}").encode()


@pytest.mark.parametrize("name", list(BODIES))
def test_the_event_parser_refuses_hostile_json_with_event_error(name: str) -> None:
    with pytest.raises(events.EventError, match=BODIES[name][1]):
        events.parse_bytes("pull_request", _body(name))


def test_a_signed_deep_body_gets_a_400_naming_it_and_a_log_line(tmp_path: Path) -> None:
    server = Running(tmp_path)
    try:
        status, answer = server.post(DEEP, "pull_request", "d-deep", signature(SECRET, DEEP))
        assert status == 400 and "nested deeper than" in answer["error"]
        assert server.events == []
        assert json.loads(server.log.getvalue().splitlines()[-1])["status"] == 400
    finally:
        server.stop()


@pytest.mark.parametrize("name", ["deep array", "a list", "not UTF-8"])
def test_bot_report_refuses_a_hostile_event_in_one_line(name: str, tmp_path: Path) -> None:
    payload = tmp_path / "event.json"
    payload.write_bytes(_body(name))
    result = CliRunner().invoke(main, ["bot", "report", str(payload), "-o", str(tmp_path / "r.json"),
                                       "--root", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert BODIES[name][1] in result.output and not isinstance(result.exception, RecursionError)
    assert not (tmp_path / "r.json").exists()


ARTIFACTS = {
    "deep": DEEP.decode(),
    "deep findings": '{"v": 1, "findings": ' + "[" * 3000 + "]" * 3000 + "}",
    "a list": "[]",
    "not JSON": "{v: 1",
    "a string": '"v"',
}


@pytest.mark.parametrize("name", list(ARTIFACTS))
def test_a_hostile_report_artifact_is_a_value_error(name: str) -> None:
    with pytest.raises(ValueError):
        pr_check.PullReport.from_json(ARTIFACTS[name])


def test_bot_publish_sets_a_deep_artifact_aside_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`bot publish` computes the verdict itself; an artifact it cannot read is said and ignored
    (end to end, with the verdict still posted: tests/bot/test_one_verdict.py)."""
    from open_commons.cli.bot import _compare_artifact
    from open_commons.i18n import set_language

    set_language("en")  # the line is in the language the command runs in (the commons', or COMMONS_LANG)
    report = tmp_path / "report.json"
    report.write_bytes(DEEP)
    verdict = pr_check.PullReport(7, "a" * 40, "b" * 40, "awadiallo", ())
    _compare_artifact(report, verdict)
    err = capsys.readouterr().err
    assert "not a valid report" in err and "nested deeper than" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


NOT_UTF8_NAME = b"content/sourcing/caf\xe9.md".decode("utf-8", "surrogateescape")


def test_a_file_name_that_is_not_utf8_travels_through_the_artifact_and_the_comment() -> None:
    from open_commons.rules.parsing import SYMLINK

    finding = SYMLINK.at(NOT_UTF8_NAME, None, None, detail=NOT_UTF8_NAME)
    assert finding.path == "content/sourcing/caf\\xe9.md"
    report = pr_check.PullReport(7, "a" * 40, "b" * 40, "awadiallo", (finding,))
    text = report.to_json()
    text.encode("utf-8")  # no lone surrogate left
    again = pr_check.PullReport.from_json(text)
    assert again.findings == (finding,)
    for lang in ("fr", "en"):
        body = comment.render(again.report, lang, partner=None, author="awadiallo", unregistered="none")
        assert "caf\\xe9.md" in body
        body.encode("utf-8")


def test_a_finding_made_elsewhere_is_escaped_by_every_reporter() -> None:
    from open_commons.pipeline import Report
    from open_commons.reporters import REPORTER_BY_NAME

    raw = Finding("FM016", Severity.ERROR, NOT_UTF8_NAME,
                  Message("this is a symbolic link (to {detail}); links are not followed",
                          {"detail": Message("{x}", {"x": NOT_UTF8_NAME})}))
    for name, reporter in REPORTER_BY_NAME.items():
        for lang in ("fr", "en"):
            out = reporter(Report((raw,), 1), lang)
            out.encode("utf-8")
            assert "caf\\xe9" in out or "caf\\\\xe9" in out, (name, out)
