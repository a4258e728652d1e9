# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Access: partners-tier content never reaches a public check, export, site or PR comment; nobody
outside a partner gets credit under its name; the bot acts only for the repositories it serves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from open_commons import export
from open_commons.github import comment, router
from open_commons.github.context import Bot
from open_commons.github.events import parse
from open_commons.ledger import build_record
from open_commons.model.ledger import CoAuthor, FileChange, PullRequest
from open_commons.model.partners import parse_mailmap
from open_commons.pipeline import check
from open_commons.site import build_site
from open_commons.sources import licensed
from open_commons.sources.tree import load_commons
from tests.conftest import FIXTURES
from tests.fuzz.partners_data import registry
from tests.hostile.corpus import resource_text

SECRET = "SECRETPARTENAIRE"  # in every field and file of the partners-tier resource
LT, CT = "SPDX-" "License-Identifier", "SPDX-" "FileCopyrightText"


def _partners_resource() -> str:
    text = resource_text("sourcing/reserve", body=f"# {SECRET} corps\n\nLe déroulé {SECRET}.\n",
                         description=f"Une ressource réservée aux partenaires {SECRET}.")
    return (text.replace("access: public", "access: partners").replace("title: Un guide hostile", f"title: {SECRET} titre")
            .replace("date_modified: 2026-01-05\n", f"date_modified: 2026-01-05\nattachments: [{SECRET.lower()}.csv]\n"
                     f"keywords: [{SECRET.lower()}]\n"))


def _public_resource() -> str:
    # a public resource derived from the partners-only one must not reveal it either
    return resource_text("sourcing/ouverte", front="is_based_on:\n  - id: sourcing/reserve\n    modified: true\n")


@pytest.fixture
def tiered(make_commons) -> Path:  # type: ignore[no-untyped-def]
    return make_commons({
        "content/sourcing/reserve.md": _partners_resource(),
        f"content/sourcing/{SECRET.lower()}.csv": "a,b\n1,2\n",
        f"content/sourcing/{SECRET.lower()}.csv.license": f"{CT}: 2026 Simplon.co\n{LT}: CC-BY-SA-4.0\n",
        "content/sourcing/ouverte.md": _public_resource(),
    })


def _files_text(folder: Path) -> str:
    out = []
    for path in sorted(folder.rglob("*")):
        out.append(path.name)
        if path.is_file():
            out.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(out)


def test_the_public_repository_check_refuses_a_partners_resource(tiered: Path) -> None:
    report = check(licensed.full(tiered))
    found = [(f.code, f.path) for f in report.findings]
    assert ("ATT012", "content/sourcing/reserve.md") in found and report.exit_code == 1


def test_the_pr_comment_names_the_file_but_shows_none_of_its_content(tiered: Path) -> None:
    report = check(licensed.full(tiered))
    for lang in ("fr", "en"):
        body = comment.render(report, lang, partner=None, author="contributor", unregistered="inform")
        assert "reserve.md" in body
        assert SECRET not in body and SECRET.lower() not in body


def test_a_public_export_holds_nothing_of_the_partners_tier(tiered: Path, tmp_path: Path) -> None:
    commons = load_commons(tiered)
    chosen = export.select(commons, "public")
    assert [r.id for r in chosen] == ["sourcing/ouverte"]
    for out in (tmp_path / "kit", tmp_path / "kit.zip"):
        export.export(commons, tiered, out, chosen, "fr")
    text = _files_text(tmp_path / "kit")
    assert SECRET not in text and SECRET.lower() not in text and "reserve.md" not in text
    import zipfile

    with zipfile.ZipFile(tmp_path / "kit.zip") as z:
        blob = "\n".join(z.namelist()) + "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    assert SECRET not in blob and SECRET.lower() not in blob


def test_a_public_site_holds_nothing_of_the_partners_tier(tiered: Path, tmp_path: Path) -> None:
    build_site(tiered, tmp_path / "site", access="public", incremental=False)
    text = _files_text(tmp_path / "site")
    assert "ouverte" in text
    assert SECRET not in text and SECRET.lower() not in text and "sourcing/reserve" not in text


def test_a_partners_site_does_hold_it(tiered: Path, tmp_path: Path) -> None:  # the filter is not blind
    build_site(tiered, tmp_path / "site", access="partners", incremental=False)
    assert SECRET in _files_text(tmp_path / "site")


# --- credit ---------------------------------------------------------------------------------------

REG = registry()
DAY = "2026-03-02T10:00:00Z"


def _record(reg: Any = REG, **kw: Any) -> dict[str, Any]:
    pr = PullRequest(number=kw.pop("number", 1), merge_sha="a" * 40, merged_at=DAY,
                     author=kw.pop("author", "mallory"), files=(FileChange("content/sourcing/a.md", "modified", 3, 1),),
                     **kw)
    return build_record(pr, reg)


@pytest.mark.parametrize("trick", [
    {"author_email": "ines@simplon.co"},  # a partner member's email as commit email
    {"author_email": "mallory@simplon.co"},  # an address at a partner's domain
    {"co_authors": (CoAuthor("Mallory", "mallory@simplon.co"),)},  # a trailer at a partner's domain
    {"co_authors": (CoAuthor("Mallory", "mallory@fabrique-roubaix.fr"),)},
    {"co_authors": (CoAuthor("Inès", "INES@SIMPLON.CO"),), "author_email": "ines@simplon.co"},
    {"reviewers": ("mallory", "ines")},  # a reviewer's partner is not the author's
], ids=["member-email", "domain-email", "domain-trailer", "other-domain-trailer", "member-trailer-as-self", "reviewers"])
def test_an_outsider_gets_no_partner_credit_whatever_emails_and_trailers_say(trick: dict[str, Any]) -> None:
    record = _record(**trick)
    assert record["author"] == {"login": "mallory", "partner": None}
    assert all(c["email"] != "mallory@simplon.co" for c in record["co_authors"])
    # a partner can only enter through a registered identity: an exact email of a member
    for c in record["co_authors"]:
        assert REG.by_email(c["email"], DAY[:10], domains=False).exact
    assert record["partners"] == sorted({c["partner"] for c in record["co_authors"]})


def test_a_login_that_only_looks_like_a_member_gets_nothing() -> None:
    for login in ("awadiall0", "awadiallo-", "awad1allo", "awadiаllo"):  # the last one with a Cyrillic а
        assert _record(author=login)["partners"] == []


def test_a_member_outside_their_dates_gets_no_credit_for_the_old_partner() -> None:
    record = _record(author="awadiallo")  # 2026: Awa is at e2c-lille since 2023-07-01
    assert record["partners"] == ["e2c-lille"]


def test_a_mailmap_cannot_turn_an_outsider_into_a_member_author() -> None:
    # .mailmap rewrites emails, never logins: the author's login stays authoritative
    reg = registry(parse_mailmap("Inès <ines@simplon.co> <mallory@example.net>\n"))
    record = _record(reg, author="mallory", author_email="mallory@example.net")
    assert record["author"]["partner"] is None


# --- only the configured repositories ------------------------------------------------------------

class _NoGitHub:
    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the bot called GitHub ({name}) for a repository it does not serve")


class _NoWorkspace:
    def lease(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the bot fetched a repository it does not serve")


WEBHOOKS = FIXTURES / "github-webhooks"


@pytest.mark.parametrize("file", sorted(p.name for p in WEBHOOKS.glob("*.json")))
def test_the_bot_ignores_events_of_repositories_it_does_not_serve(file: str) -> None:
    payload = json.loads((WEBHOOKS / file).read_text(encoding="utf-8"))
    payload["repository"]["full_name"] = "mallory/open-commons-copy"
    name = file.removeprefix("octokit-webhooks__").split(".")[0]
    bot = Bot(_NoGitHub(), _NoWorkspace(), details={"repositories": ("simplon/open-commons",)})  # type: ignore[arg-type]
    outcomes = router.dispatch(bot, parse(name, payload, "d"))
    assert [(o.handler, o.status) for o in outcomes] == [("router", "ignored")], outcomes


def test_the_cli_bot_serves_the_configured_repositories(make_commons, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from open_commons.github.compose import repositories

    root = make_commons()
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    monkeypatch.delenv("OPEN_COMMONS_REPOSITORIES", raising=False)
    assert repositories(root) == ("simplon/open-commons",)  # commons.yaml: repository
    monkeypatch.setenv("OPEN_COMMONS_REPOSITORIES", "Simplon/Open-Commons-Partenaires, other/one")
    assert repositories(root) == ("other/one", "simplon/open-commons", "simplon/open-commons-partenaires")
    monkeypatch.delenv("OPEN_COMMONS_REPOSITORIES")
    (root / "commons.yaml").write_text((root / "commons.yaml").read_text().replace("repository:", "# repository:"))
    assert repositories(root) == ()  # nothing configured: every event is ignored


def test_the_served_repository_is_still_served() -> None:
    payload = json.loads((WEBHOOKS / "issue_comment.created.on_pr.json").read_text(encoding="utf-8"))
    payload["repository"]["full_name"] = "Simplon/Open-Commons"
    payload["comment"]["body"] = "just a comment"
    bot = Bot(_NoGitHub(), _NoWorkspace(), details={"repositories": ("simplon/open-commons",)})  # type: ignore[arg-type]
    outcomes = router.dispatch(bot, parse("issue_comment", payload, "d"))
    assert outcomes and outcomes[0].handler == "recheck"


def test_a_pull_request_registering_its_author_gets_no_credit_from_it(world) -> None:  # type: ignore[no-untyped-def]
    from tests.bot.conftest import FORK, RESOURCE, UPSTREAM, adapt_pull, base_files, load_payload, resource
    from tests.github_fake import Ident
    from tests.reliability.test_faults import bot_of

    partners = base_files()["partners/fabrique-roubaix.yaml"]
    assert isinstance(partners, str)
    at = Ident("Mallory", "mallory@example.net", "2026-09-30T10:00:00+00:00")
    world.fork.commit_files("inflate", {
        RESOURCE: resource(author_e2c=True, changed=True),
        "partners/fabrique-roubaix.yaml": partners + "  - github: mallory\n    since: 2020-01-01\n",
    }, "Variante à distance", author=at, parent=world.fork.branch_sha("main"))
    world.fake.add_pull(UPSTREAM, 9, head_ref="inflate", head_repo=FORK, user="mallory", title="Variante",
                        extra={"author_association": "CONTRIBUTOR"})
    world.merge(9)
    payload = adapt_pull(load_payload("pull_request.closed.merged.json"), world.fake, 9)
    outcomes = router.dispatch(bot_of(world), parse("pull_request", payload, "d"))
    assert [o.status for o in outcomes] == ["ignored", "done"], outcomes
    ledger = world.upstream.read_file("ledger", "ledger/contributions.jsonl")
    record = json.loads(ledger.decode().splitlines()[0])
    assert record["author"] == {"login": "mallory", "partner": None} and record["partners"] == []


def test_a_failing_fetch_never_shows_the_token(tmp_path: Path) -> None:
    from open_commons.errors import GitError
    from open_commons.github.clone import CachedClone
    from open_commons.model.github import Repository

    token = "ghs_SECRETTOKEN0123456789"
    clone = CachedClone(tmp_path / "clones", token)
    repo = Repository("simplon/open-commons", clone_url=f"https://{token}@127.0.0.1:9/simplon/open-commons.git")
    with pytest.raises(GitError) as err:
        clone.fetch(repo, "a" * 40)
    assert token not in str(err.value)
    assert token not in "".join(f"{k}={v}" for k, v in clone._env("file:///x").items())  # only sent over https
