# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A realistic commons history built in a folder, with its ledger, to see the audit in one command.

``CommonsBuilder`` makes real git commits with dates in the past: pull requests merged either
with a merge commit ("Merge pull request #N from login/branch") or squashed ("Title (#N)"),
``Co-authored-by`` trailers, partners whose people move from one to another. The tests use it
too. The demo's partners and people are fictional.
"""

# i18n-catalog: ledger

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from open_commons.model.ledger import PullRequest
from open_commons.sources import yamlio

MAINTAINER = ("Équipe Simplon Open Commons", "open-commons@simplon.co")


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


@dataclass
class CommonsBuilder:
    """Real commits in a real repository; ``pr`` returns what GitHub would tell the bot."""

    root: Path
    repository: str = "simplon/open-commons"
    branch: str = "main"
    _repo: Any = field(default=None, init=False, repr=False)

    def init(self, config: Mapping[str, Any] | None = None) -> CommonsBuilder:

        self.root.mkdir(parents=True, exist_ok=True)
        from open_commons.sources.gitrun import Git, gitpython

        Git(self.root).run("init", "-q", "-b", self.branch)
        self._repo = gitpython(self.root)
        with self._repo.config_writer() as cw:
            cw.set_value("user", "name", MAINTAINER[0])
            cw.set_value("user", "email", MAINTAINER[1])
            cw.set_value("commit", "gpgsign", "false")
        (self.root / "commons.yaml").write_text(yamlio.dump(dict(config or default_config(self.repository))),
                                               encoding="utf-8")
        return self

    @property
    def repo(self) -> Any:
        return self._repo

    def _git(self, *args: str, author: tuple[str, str] = MAINTAINER, when: datetime | None = None) -> str:
        env = {}
        if when is not None:
            env = {"GIT_AUTHOR_DATE": _stamp(when), "GIT_COMMITTER_DATE": _stamp(when)}
        env.update({"GIT_AUTHOR_NAME": author[0], "GIT_AUTHOR_EMAIL": author[1],
                    "GIT_COMMITTER_NAME": MAINTAINER[0], "GIT_COMMITTER_EMAIL": MAINTAINER[1]})
        from open_commons.sources.gitrun import Git

        return Git(self.root).out(*args, env=env).rstrip("\n")

    def write(self, files: Mapping[str, str | None]) -> None:
        for rel, text in files.items():
            path = self.root / rel
            if text is None:
                self._git("rm", "-q", "--", rel)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self._git("add", "--", rel)

    def commit(self, message: str, files: Mapping[str, str | None], *, when: datetime,
               author: tuple[str, str] = MAINTAINER) -> str:
        """A commit on the current branch (a direct push)."""
        self.write(files)
        self._git("add", "-A", "--", ".")
        self._git("commit", "-q", "--allow-empty", "-m", message, author=author, when=when)
        return self._repo.head.commit.hexsha

    def rename(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self._git("mv", old, new)

    def pr(self, number: int, *, login: str, author: tuple[str, str], when: datetime, files: Mapping[str, str | None],
           title: str = "", squash: bool = False, co_authors: Sequence[tuple[str, str]] = (),
           reviewers: Sequence[str] = (), renames: Mapping[str, str] | None = None, fork_owner: str | None = None,
           commits: int = 1) -> PullRequest:
        """Open, work on and merge a PR; returns the facts GitHub gives the bot on merge."""
        from open_commons.sources.history import FORMAT, iso_utc, parse_log

        branch = f"pr-{number}"
        title = title or f"Contribution {number}"
        self._git("checkout", "-q", "-b", branch, self.branch)
        trailers = "".join(f"\nCo-authored-by: {n} <{e}>" for n, e in co_authors)
        for renamed_from, renamed_to in (renames or {}).items():
            self.rename(renamed_from, renamed_to)
        items = list(files.items())
        chunks = [dict(items[i::commits]) for i in range(commits)] if items else [{}]
        for i, chunk in enumerate(chunks):
            self.write(chunk)
            body = f"{title} ({i + 1}/{len(chunks)})" + ("\n" + trailers if trailers and i == len(chunks) - 1 else "")
            self._git("commit", "-q", "--allow-empty", "-m", body, author=author,
                      when=when - timedelta(days=1, minutes=len(chunks) - i))
        self._git("checkout", "-q", self.branch)
        if squash:
            self._git("merge", "-q", "--squash", branch)
            message = f"{title} (#{number})\n" + (trailers and "\n" + trailers.lstrip("\n"))
            self._git("commit", "-q", "--allow-empty", "-m", message, author=author, when=when)
        else:
            owner = fork_owner or login
            self._git("merge", "-q", "--no-ff", branch, "-m", f"Merge pull request #{number} from {owner}/{branch}\n\n{title}",
                      when=when)
        self._git("branch", "-q", "-D", branch)
        sha = self._repo.head.commit.hexsha
        out = self._repo.git.log("-1", sha, f"--format={FORMAT}", "--raw", "--numstat", "--diff-merges=first-parent",
                                 "--no-abbrev")
        commit = next(parse_log(iter(out.split("\n"))))
        from open_commons.model.ledger import CoAuthor

        return PullRequest(number, sha, iso_utc(commit.committed), login, commit.files,
                           tuple(CoAuthor(n, e.lower()) for n, e in co_authors), tuple(reviewers))


def default_config(repository: str = "simplon/open-commons") -> dict[str, Any]:
    return {
        "config_version": 1,
        "name": "Demo Open Commons",
        "repository": repository,
        "default_branch": "main",
        "language": "fr",
        "access": "public",
        "content": {"root": "content"},
        "licensing": {"outbound": "CC-BY-SA-4.0", "inbound_allowed": ["CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0"]},
        "vocabularies": {
            "phases": {p: {"fr": p.capitalize(), "en": p.capitalize()}
                       for p in ("montage", "financement", "sourcing", "formation", "placement")},
            "types": {"guide": {"fr": "Guide", "en": "Guide"},
                      "document-template": {"fr": "Modèle de document", "en": "Document template"}},
            "audiences": {"partenaire": {"fr": "Structure partenaire", "en": "Partner organisation"}},
            "access": {"public": {"fr": "Public", "en": "Public"}},
            "languages": {"fr": {"fr": "Français", "en": "French"}, "en": {"fr": "Anglais", "en": "English"}},
            "statuses": {"published": {"fr": "Publié", "en": "Published"}},
        },
        "partners": {"root": "partners", "unregistered_author": "inform"},
        "reciprocity": {"active_within_months": 6, "dormant_after_months": 12, "grace_months": 6},
        "ledger": {"path": "ledger/contributions.jsonl", "branch": "ledger"},
    }


def partner_yaml(pid: str, name: str, kind: str, territory: str, *, validated: str | None,
                 identities: Sequence[Mapping[str, Any]], status: str | None = None,
                 history: Sequence[Mapping[str, str]] | None = None) -> str:
    status = status or ("validated" if validated else "applicant")
    data: dict[str, Any] = {
        "schema_version": 1, "id": pid, "name": name, "kind": kind, "territory": territory, "status": status,
        "history": list(history) if history else [{"status": status, "since": validated or "2023-01-01"}],
        "identities": [dict(i) for i in identities],
    }
    if status in ("validated", "suspended"):
        data["commitment"] = {"charter": "communaute/charte-de-reciprocite", "version": "1.0.0",
                              "signed_on": validated or "2023-01-01"}
    return yamlio.dump(data)


def resource(rid: str, title: str, body: str, lang: str = "fr") -> str:
    return (f"---\nschema_version: 1\nid: {rid}\ntitle: {title}\nlanguage: {lang}\n---\n\n# {title}\n\n{body}\n")


# --- the demo commons -------------------------------------------------------------------


PEOPLE = {
    "awa": ("Awa Diallo", "awa.diallo@e2c-lille.example", "awadiallo"),
    "awa2": ("Awa Diallo", "a.diallo@ml-marseille.example", "awadiallo"),
    "karim": ("Karim Benali", "karim.benali@ml-marseille.example", "kbenali"),
    "lea": ("Léa Martin", "lea.martin@greta-lyon.example", "leamartin"),
    "tom": ("Tom Le Gall", "tom@asso-kerlab.example", "tomlegall"),
    "ines": ("Inès Moreau", "ines.moreau@simplon.co", "inesmoreau"),
    "sam": ("Sam Petit", "41234567+sampetit@users.noreply.github.com", "sampetit"),
}


def demo_partners(start: date) -> dict[str, str]:
    def d(months: int) -> str:
        y, m = divmod(start.month - 1 + months, 12)
        return date(start.year + y, m + 1, 1).isoformat()

    move = d(20)
    before_move = (date.fromisoformat(move) - timedelta(days=1)).isoformat()
    return {
        "partners/simplon.yaml": partner_yaml(
            "simplon", "Simplon.co", "ess-company", "Montreuil", validated=d(0),
            identities=[{"domain": "simplon.co"}, {"github": "simplon"}, {"github": "inesmoreau", "emails": ["ines.moreau@simplon.co"]}]),
        "partners/e2c-lille.yaml": partner_yaml(
            "e2c-lille", "École de la 2e chance de Lille (fictive)", "ecole-2e-chance", "Lille", validated=d(1),
            identities=[{"domain": "e2c-lille.example"},
                        {"github": "awadiallo", "emails": ["awa.diallo@e2c-lille.example"], "until": before_move}]),
        "partners/ml-marseille.yaml": partner_yaml(
            "ml-marseille", "Mission locale de Marseille (fictive)", "mission-locale", "Marseille", validated=d(4),
            identities=[{"domain": "ml-marseille.example"}, {"github": "kbenali", "emails": ["karim.benali@ml-marseille.example"]},
                        {"github": "awadiallo", "emails": ["a.diallo@ml-marseille.example"], "since": move}]),
        "partners/greta-lyon.yaml": partner_yaml(
            "greta-lyon", "Greta de Lyon (fictif)", "greta", "Lyon", validated=d(6),
            identities=[{"domain": "greta-lyon.example"}, {"github": "leamartin", "emails": ["lea.martin@greta-lyon.example"]}]),
        "partners/asso-kerlab.yaml": partner_yaml(
            "asso-kerlab", "Association Kerlab (fictive)", "association", "Rennes", validated=d(30),
            identities=[{"domain": "asso-kerlab.example"}, {"github": "tomlegall", "emails": ["tom@asso-kerlab.example"]}]),
        "partners/atelier-sud.yaml": partner_yaml(
            "atelier-sud", "Atelier Sud, entreprise d'insertion (fictive)", "inclusion-employer", "Nîmes",
            validated=None, identities=[{"domain": "atelier-sud.example"}]),
    }


@dataclass(frozen=True)
class DemoResult:
    root: Path
    prs: int
    records: int


def build_demo(root: Path, *, today: date | None = None, months: int = 36) -> DemoResult:
    """A commons over ``months`` months up to ``today``: partners, PRs, people moving, a ledger."""
    from open_commons.identity import Registry
    from open_commons.ledger import record_file
    from open_commons.model.partners import parse_mailmap
    from open_commons.sources.partners import load_partners
    from open_commons.sources.tree import load_config

    today = today or date.today()
    y, m = divmod(today.month - 1 - months, 12)
    start = date(today.year + y, m + 1, 1)
    b = CommonsBuilder(root).init()
    t0 = datetime(start.year, start.month, start.day, 9, 30, tzinfo=UTC)

    def at(day: float) -> datetime:
        return t0 + timedelta(days=day)

    phases = ["montage", "financement", "sourcing", "formation", "placement"]
    seed = {f"content/{p}/guide-{p}.md": resource(f"{p}/guide-{p}", f"Guide {p}", "Première version.")
            for p in phases}
    seed.update(demo_partners(start))
    seed["ledger/contributions.jsonl"] = ""
    seed[".mailmap"] = "Awa Diallo <awa.diallo@e2c-lille.example> <awa@perso.example>\n"
    b.commit("Initial commons", seed, when=at(0))
    config = load_config(root)
    registry = Registry(load_partners(root, config), parse_mailmap((root / ".mailmap").read_text(encoding="utf-8")))
    ledger = root / "ledger/contributions.jsonl"
    plan = _plan(months)
    number = 1
    prs = 0
    for day, who, action, squash in plan:
        name, email, login = PEOPLE[who]
        number += 1
        files, renames, co = _change(b.root, action, number, who)
        reviewers = ["inesmoreau"] if who != "ines" else ["kbenali"]
        pr = b.pr(number, login=login, author=(name, email), when=at(day), files=files, squash=squash,
                  title=f"{action.capitalize()} ({name})", co_authors=co, reviewers=reviewers, renames=renames,
                  commits=1 if squash else 2)
        record_file(ledger, pr, registry, content_root="content")
        prs += 1
    b.commit("Ledger: records of the merged PRs", {"ledger/contributions.jsonl": ledger.read_text(encoding="utf-8")},
             when=at(plan[-1][0] + 1) if plan else at(1))
    return DemoResult(root, prs, ledger.read_text(encoding="utf-8").count("\n"))


def _plan(months: int) -> list[tuple[float, str, str, bool]]:
    """(day, person, action, squash) in date order: a few years of a commons' life."""
    total = months * 30.4
    plan: list[tuple[float, str, str, bool]] = []
    rhythm = {  # person: (first month, last month, every n days)
        "ines": (0, months, 45), "awa": (1, 19.5, 40), "awa2": (20, months, 35), "karim": (5, 22, 50),
        "lea": (7, 14, 30), "tom": (31, months, 20), "sam": (3, months, 120),
    }
    actions = ["improve", "new", "improve", "translate", "template", "fix"]
    for who, (first, last, every) in rhythm.items():
        day = first * 30.4 + 3
        i = len(who)
        while day < min(last * 30.4, total - 2):
            plan.append((round(day, 2), who, actions[i % len(actions)], i % 3 == 0))
            day += every
            i += 1
    plan.sort()
    return plan


def _change(root: Path, action: str, number: int, who: str) -> tuple[dict[str, str | None], dict[str, str], list]:  # type: ignore[type-arg]
    phases = ["montage", "financement", "sourcing", "formation", "placement"]
    phase = phases[number % len(phases)]
    guide = f"content/{phase}/guide-{phase}.md"
    co: list[tuple[str, str]] = []
    if action == "new":
        rid = f"{phase}/fiche-{number}"
        return {f"content/{rid}.md": resource(rid, f"Fiche {number}", "Contenu.\n" * (3 + number % 7))}, {}, co
    if action == "translate":
        rid = f"{phase}/guide-{phase}.en"
        path = f"content/{rid}.md"
        if (root / path).exists():
            action = "improve"
        else:
            return {path: resource(rid, f"Guide {phase} (English)", "First version.", "en")}, {}, co
    if action == "template":
        return {f"content/{phase}/modele-{number}.csv": "poste;montant\n" + "ligne;100\n" * (number % 5 + 1)}, {}, co
    text = (root / guide).read_text(encoding="utf-8")
    if action == "fix":
        return {guide: text.replace("version", "version ", 1) if "version " not in text else text + "\n"}, {}, co
    if who == "karim" and number % 2 == 0:
        co = [("Awa Diallo", "a.diallo@ml-marseille.example")]
    if who == "sam":
        co = [("Sam's friend", "friend@unknown.example")]
    return {guide: text + f"\n## Retour d'expérience {number}\n\n" + "Une ligne de plus.\n" * (2 + number % 9)}, {}, co


def run_demo(target: Path, *, fmt: str = "html", lang: str = "fr", today: date | None = None) -> tuple[DemoResult, str]:
    """Build the demo commons in ``target`` and return its audit in ``fmt``."""
    from open_commons import audit as audit_lib
    from open_commons.ledger import collect
    from open_commons.reporters.audit_report import AUDIT_REPORTERS
    from open_commons.sources.tree import load_config

    result = build_demo(target, today=today)
    config = load_config(target)
    records, partners, sources = collect(target, config)
    day = (today or date.today()).isoformat()
    audit = audit_lib.build(records, partners, audit_lib.Policy.from_config(config), today=day, sources=sources)
    return result, AUDIT_REPORTERS[fmt](audit, lang, config.settings.name)
