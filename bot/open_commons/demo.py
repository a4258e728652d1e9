# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""A realistic commons history built in a folder, with its ledger, to see the audit in one command.

``CommonsBuilder`` makes real git commits with dates in the past: pull requests merged either
with a merge commit ("Merge pull request #N from login/branch") or squashed ("Title (#N)"),
``Co-authored-by`` trailers, partners whose people move from one to another. The tests use it
too. The demo's partners and people are fictional.

The demo commons is one a partner could have made: every resource complete under the schema, every
file REUSE-covered (front-matter headers, ``.license`` files, REUSE.toml, the licence text from the
``spdx`` package), every pull request recording its changes as the share-alike rules ask. So
``commons check`` and ``reuse lint`` pass in it, on every merge too, and ``commons site`` publishes it all.
"""

# i18n-catalog: ledger

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from open_commons import demo_content as texts
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
        "content": {"root": "content", "sections": {"communaute": {"fr": "Communauté", "en": "Community"}}},
        "licensing": {"outbound": "CC-BY-SA-4.0", "inbound_allowed": ["CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0"]},
        "vocabularies": {
            "phases": {p: {"fr": p.capitalize(), "en": p.capitalize()}
                       for p in ("montage", "financement", "sourcing", "formation", "placement")},
            "types": {"guide": {"fr": "Guide", "en": "Guide"},
                      "document-template": {"fr": "Modèle de document", "en": "Document template"},
                      "checklist": {"fr": "Liste de contrôle", "en": "Checklist"},
                      "charter": {"fr": "Charte", "en": "Charter"}},
            "audiences": {"partenaire": {"fr": "Structure partenaire", "en": "Partner organisation"},
                          "porteur-de-projet": {"fr": "Porteur·se de projet", "en": "Project lead"},
                          "direction": {"fr": "Direction", "en": "Management"},
                          "financeur": {"fr": "Financeur", "en": "Funder"},
                          "charge-de-sourcing": {"fr": "Chargé·e de sourcing", "en": "Recruitment officer"},
                          "formateur": {"fr": "Formateur·rice", "en": "Trainer"},
                          "charge-insertion": {"fr": "Chargé·e d'insertion professionnelle",
                                               "en": "Employment adviser"},
                          "charge-relations-entreprises": {"fr": "Chargé·e de relations entreprises",
                                                           "en": "Employer relations officer"}},
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
    """A bare resource (id, title, language) for tests about history and the ledger; the demo's own
    resources are complete (``full_resource``)."""
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
# the partner each person works for when contributing (awa moves from Lille to Marseille; sam has none)
AFFILIATION: dict[str, str | None] = {
    "awa": "e2c-lille", "awa2": "ml-marseille", "karim": "ml-marseille", "lea": "greta-lyon", "tom": "asso-kerlab",
    "ines": "simplon", "sam": None,
}
UNAFFILIATED_CITY = "Bordeaux"
FRIEND = ("Camille Roux", "camille.roux@perso.example")  # co-author of sam's PRs, in no partner
STEWARD = "simplon"
LICENCE = "CC-BY-SA-4.0"
COPYRIGHT_TAG = "SPDX-" "FileCopyrightText"
LICENCE_TAG = "SPDX-" "License-Identifier"
_ORDER = ("schema_version", "id", "title", "description", "type", "phases", "language", "version", "status", "access",
          "authors", "contributors", "is_based_on", "changes", "date_created", "date_modified", "audience",
          "time_required", "attachments", "keywords", "translation_of", "translations")


def demo_partners(start: date) -> dict[str, str]:
    def d(months: int) -> str:
        y, m = divmod(start.month - 1 + months, 12)
        return date(start.year + y, m + 1, 1).isoformat()

    def named(pid: str, validated: str | None, identities: Sequence[Mapping[str, Any]]) -> str:
        name, kind, territory, _city = texts.PARTNERS[pid]
        return partner_yaml(pid, name, kind, territory, validated=validated, identities=identities)

    move = d(20)
    before_move = (date.fromisoformat(move) - timedelta(days=1)).isoformat()
    return {
        "partners/simplon.yaml": named(
            "simplon", d(0),
            [{"domain": "simplon.co"}, {"github": "simplon"}, {"github": "inesmoreau", "emails": ["ines.moreau@simplon.co"]}]),
        "partners/e2c-lille.yaml": named(
            "e2c-lille", d(1),
            [{"domain": "e2c-lille.example"},
             {"github": "awadiallo", "emails": ["awa.diallo@e2c-lille.example"], "until": before_move}]),
        "partners/ml-marseille.yaml": named(
            "ml-marseille", d(4),
            [{"domain": "ml-marseille.example"}, {"github": "kbenali", "emails": ["karim.benali@ml-marseille.example"]},
             {"github": "awadiallo", "emails": ["a.diallo@ml-marseille.example"], "since": move}]),
        "partners/greta-lyon.yaml": named(
            "greta-lyon", d(6),
            [{"domain": "greta-lyon.example"}, {"github": "leamartin", "emails": ["lea.martin@greta-lyon.example"]}]),
        "partners/asso-kerlab.yaml": named(
            "asso-kerlab", d(30),
            [{"domain": "asso-kerlab.example"}, {"github": "tomlegall", "emails": ["tom@asso-kerlab.example"]}]),
        "partners/atelier-sud.yaml": named("atelier-sud", None, [{"domain": "atelier-sud.example"}]),
    }


@dataclass
class DemoResource:
    """A complete resource of the demo: its copyright notices, its front-matter and its body."""

    path: str
    notices: list[str]
    data: dict[str, Any]
    body: str

    def text(self) -> str:
        head = "".join(f"# {COPYRIGHT_TAG}: {n}\n" for n in self.notices) + f"# {LICENCE_TAG}: {LICENCE}\n"
        data = {k: _dates(self.data[k]) for k in sorted(self.data, key=lambda k: _ORDER.index(k) if k in _ORDER else 99)}
        return f"---\n{head}{yamlio.dump(data)}---\n\n{self.body}"


_ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")


def _dates(value: Any) -> Any:
    """Days kept as text while the demo compares them, written as YAML dates (unquoted, as in the
    shipped resources)."""
    if isinstance(value, str) and _ISO_DAY.match(value):
        return date.fromisoformat(value)
    if isinstance(value, list):
        return [_dates(v) for v in value]
    if isinstance(value, dict):
        return {k: _dates(v) for k, v in value.items()}
    return value


def full_resource(rid: str, title: str, description: str, rtype: str, *, lang: str, notices: Sequence[str],
                  authors: Sequence[Mapping[str, str]], by: str, day: date, body: Sequence[str],
                  summary: str = "Première version", **extra: Any) -> DemoResource:
    """A new resource at version 1.0.0 with every field the schema asks for, and its first change."""
    data: dict[str, Any] = {
        "schema_version": 1, "id": rid, "title": title, "description": description, "type": rtype,
        "phases": [rid.split("/")[0] if rid.split("/")[0] in texts.PHASES else "montage"], "language": lang,
        "version": "1.0.0", "status": "published", "access": "public", "authors": [dict(a) for a in authors],
        "changes": [{"date": day.isoformat(), "by": by, "summary": summary, "version": "1.0.0"}],
        "date_created": day.isoformat(), "date_modified": day.isoformat(),
    }
    data.update(extra)
    return DemoResource(f"content/{rid}.md", list(notices), data, "\n".join([f"# {title}", "", *body]) + "\n")


def _next_version(version: str, part: str) -> str:
    major, minor, patch = (int(x) for x in version.split("."))
    return f"{major}.{minor + 1}.0" if part == "minor" else f"{major}.{minor}.{patch + 1}"


def _month(day: date) -> str:
    return f"{texts.MONTHS[day.month - 1]} {day.year}"


def _holder(notice: str) -> str:
    return notice.split(" ", 1)[1]


class _Demo:
    """The demo commons as it grows: each PR changes resources the way the commons asks (a 'changes'
    entry, date_modified, a version bump, the contributor credited, its copyright notice kept beside the
    others), so that the share-alike rules pass on every merge."""

    def __init__(self, start: date) -> None:
        self.start = start
        self.resources: dict[str, DemoResource] = {}
        self.typos = {phase: list(texts.GUIDES[phase]["typos"]) for phase in texts.PHASES}
        self.topics = dict.fromkeys(texts.PHASES, 0)

    # who

    @staticmethod
    def person(who: str) -> dict[str, str]:
        name, _email, login = PEOPLE[who]
        pid = AFFILIATION[who]
        return {"name": name, "partner": pid} if pid else {"name": name, "github": login}

    @staticmethod
    def by(who: str) -> str:
        return AFFILIATION[who] or PEOPLE[who][0]

    @staticmethod
    def owner(who: str) -> str:
        """The partner id, or the login of a person in no partner: what names their templates."""
        return AFFILIATION[who] or PEOPLE[who][2]

    @staticmethod
    def holder(who: str) -> str:
        pid = AFFILIATION[who]
        return texts.PARTNERS[pid][0] if pid else PEOPLE[who][0]

    @staticmethod
    def place(who: str) -> dict[str, str]:
        pid = AFFILIATION[who]
        return {"org": _Demo.holder(who), "city": texts.PARTNERS[pid][3] if pid else UNAFFILIATED_CITY}

    # the first commit

    def seed(self) -> dict[str, str]:
        steward = {"name": texts.PARTNERS[STEWARD][0], "partner": STEWARD}
        notice = f"{self.start.year} {texts.PARTNERS[STEWARD][0]}"
        for phase, guide in texts.GUIDES.items():
            self._add(full_resource(
                f"{phase}/guide-{phase}", guide["title"], guide["description"], "guide", lang="fr", notices=[notice],
                authors=[steward], by=STEWARD, day=self.start, body=guide["body"], audience=guide["audience"],
                time_required=guide["time_required"], keywords=guide["keywords"]))
        charter = texts.CHARTER
        self._add(full_resource(
            charter["id"], charter["title"], charter["description"], "charter", lang="fr", notices=[notice],
            authors=[steward], by=STEWARD, day=self.start, body=charter["body"], audience=charter["audience"],
            keywords=charter["keywords"]))
        return {path: res.text() for path, res in self.resources.items()}

    def _add(self, res: DemoResource) -> DemoResource:
        self.resources[res.path] = res
        return res

    # the changes of a PR

    def _free(self, path: str, day: date) -> bool:
        """A resource changes at most once a day: date_modified goes up with each change."""
        res = self.resources.get(path)
        return res is None or str(res.data["date_modified"]) < day.isoformat()

    def _credit(self, res: DemoResource, who: str, day: date, co: Sequence[tuple[str, str]]) -> None:
        people = [self.person(who)]
        for name, email in co:
            pid = next((p for p in texts.PARTNERS if email.endswith(f"@{p}.example")), None)
            people.append({"name": name, "partner": pid} if pid else {"name": name})
        for person in people:
            listed = [*res.data["authors"], *res.data.get("contributors", [])]
            if person in listed:
                continue
            partner = person.get("partner")
            if any(p["name"] == person["name"] for p in listed) and (
                    partner is None or any(p.get("partner") == partner for p in listed)):
                continue  # named already, and so is the partner (someone who moved): once is enough
            res.data.setdefault("contributors", []).append(person)
        holders = {_holder(n) for n in res.notices}
        if self.holder(who) not in holders:
            res.notices.append(f"{day.year} {self.holder(who)}")

    def _record(self, res: DemoResource, who: str, day: date, summary: str, part: str,
                co: Sequence[tuple[str, str]] = ()) -> None:
        version = _next_version(str(res.data["version"]), part)
        res.data["changes"].append({"date": day.isoformat(), "by": self.by(who), "summary": summary,
                                    "version": version})
        res.data["version"] = version
        res.data["date_modified"] = day.isoformat()
        self._credit(res, who, day, co)

    def change(self, action: str, number: int, who: str, when: datetime) -> tuple[str, dict[str, str | None],
                                                                                  list[tuple[str, str]]]:
        """(title, files, co-authors) of PR ``number``: ``action`` on a resource of one phase."""
        day = (when - timedelta(days=1)).date()  # the day the contributor writes it (merged a day later)
        phase = texts.PHASES[number % len(texts.PHASES)]
        guide = f"content/{phase}/guide-{phase}.md"
        english = f"content/{phase}/guide-{phase}.en.md"
        co: list[tuple[str, str]] = []
        if who == "karim" and number % 2 == 0:
            co = [("Awa Diallo", "a.diallo@ml-marseille.example")]
        if who == "sam":
            co = [FRIEND]
        if action == "translate" and english in self.resources:
            action = "improve"
        if action == "fix" and not self.typos[phase]:
            action = "improve"
        if action in ("improve", "fix", "translate") and not self._free(guide, day):
            action = "new"
        template = texts.TEMPLATES[phase][0]
        if action == "template" and f"content/{phase}/modele-{template}-{self.owner(who)}.md" in self.resources:
            action = "new"  # one template of a kind per partner: a second one would copy the first
        if action == "new":
            return self._new(phase, number, who, day, co)
        if action == "template":
            return self._template(phase, number, who, day, co)
        res = self.resources[guide]
        if action == "translate":
            return self._translate(phase, res, who, day, co)
        if action == "fix":
            wrong, right = self.typos[phase].pop(0)
            res.body = res.body.replace(wrong, right, 1)
            self._record(res, who, day, f"Coquille corrigée : « {wrong} » devient « {right} »", "patch", co)
            return f"Corrige « {wrong} » dans {res.data['id']}", {res.path: res.text()}, co
        lines = texts.FEEDBACK[phase]
        values = {**self.place(who), "month": _month(day), "n": str(12 + number % 37), "n2": str(2 + number % 5)}
        section = [lines[(number + i) % len(lines)].format(**values) for i in range(3)]
        res.body += f"\n## Retour d'expérience : {values['org']}, {values['month']}\n\n" + "\n".join(section) + "\n"
        self._record(res, who, day, f"Retour d'expérience : {values['city']}, {values['month']}", "minor", co)
        return f"Retour d'expérience sur {res.data['id']}", {res.path: res.text()}, co

    def _new(self, phase: str, number: int, who: str, day: date, co: list[tuple[str, str]]
             ) -> tuple[str, dict[str, str | None], list[tuple[str, str]]]:
        topics = texts.TOPICS[phase]
        slug, topic, rtype = topics[self.topics[phase] % len(topics)]
        title = topic
        place = self.place(who)
        if self.topics[phase] >= len(topics):  # every topic taken: the same one, as this partner does it
            slug, title = f"{slug}-{self.owner(who)}-{number}", f"{title} ({place['city']}, {_month(day)})"
        self.topics[phase] += 1
        values = {**place, "month": _month(day), "title": title, "n": str(8 + number % 23), "n2": str(1 + number % 4)}
        res = self._add(full_resource(
            f"{phase}/{slug}", title, f"{title} : la démarche de {place['org']} à {place['city']}, étape par étape.",
            rtype, lang="fr", notices=[f"{day.year} {self.holder(who)}"], authors=[self.person(who)], by=self.by(who),
            day=day, body=[line.format(**values) for line in texts.TOPIC_BODY], keywords=[phase, topic.lower()]))
        self._credit(res, who, day, co)
        return f"Nouvelle fiche : {title}", {res.path: res.text()}, co

    def _template(self, phase: str, number: int, who: str, day: date, co: list[tuple[str, str]]
                  ) -> tuple[str, dict[str, str | None], list[tuple[str, str]]]:
        tslug, ttitle, header, row = texts.TEMPLATES[phase]
        slug = f"modele-{tslug}-{self.owner(who)}"
        place = self.place(who)
        rows = number % 4 + 3
        roles = ("Direction", "Formateur·rice", "Chargé·e d'insertion", "Chargé·e de sourcing")
        statuses = ("Accordé", "En instruction", "À déposer")
        levels = ("Imiter", "Adapter", "Transposer")
        csv = header + "\n" + "".join(
            row.format(i=i + 1, role=roles[(number + i) % 4], weeks=36 - 4 * i, amount=5000 * (i + number % 3 + 1),
                       status=statuses[(number + i) % 3], level=levels[i % 3]) + "\n" for i in range(rows))
        attachment = f"{slug}.csv"
        title = f"{ttitle} ({place['city']})"
        values = {**place, "month": _month(day), "title": title, "file": attachment, "n": str(rows)}
        notice = f"{day.year} {self.holder(who)}"
        res = self._add(full_resource(
            f"{phase}/{slug}", title, f"Modèle à remplir : {ttitle.lower()}, tel que {place['org']} l'utilise.",
            "document-template", lang="fr", notices=[notice], authors=[self.person(who)], by=self.by(who), day=day,
            body=[line.format(**values) for line in texts.TEMPLATE_BODY], attachments=[attachment],
            keywords=[phase, "modèle", "tableur"]))
        self._credit(res, who, day, co)
        folder = f"content/{phase}/"
        return f"Modèle : {title}", {
            res.path: res.text(), folder + attachment: csv,
            folder + attachment + ".license": f"{COPYRIGHT_TAG}: {notice}\n{LICENCE_TAG}: {LICENCE}\n",
        }, co

    def _translate(self, phase: str, original: DemoResource, who: str, day: date, co: list[tuple[str, str]]
                   ) -> tuple[str, dict[str, str | None], list[tuple[str, str]]]:
        en = texts.GUIDES[phase]["en"]
        rid = f"{original.data['id']}.en"
        res = self._add(full_resource(
            rid, en["title"], en["description"], "guide", lang="en",
            notices=[*original.notices, f"{day.year} {self.holder(who)}"], authors=[self.person(who)],
            by=self.by(who), day=day, body=en["body"], summary="English translation",
            is_based_on=[{"id": original.data["id"], "modified": True}], audience=original.data["audience"],
            translation_of=original.data["id"]))
        res.notices = list(dict.fromkeys(res.notices))
        self._credit(res, who, day, co)
        original.data["translations"] = {"en": rid}
        self._record(original, who, day, "Lien vers la traduction anglaise", "minor", co)
        return f"Traduction anglaise de {original.data['id']}", {res.path: res.text(),
                                                                original.path: original.text()}, co


def reuse_toml(year: int) -> str:
    """REUSE.toml of the demo: the files that cannot hold a comment (the ledger) and the commons' own files."""
    return (f'version = 1\n\n[[annotations]]\npath = ["commons.yaml", ".gitignore", ".mailmap", "partners/**", '
            f'"ledger/**"]\nprecedence = "closest"\n{COPYRIGHT_TAG} = "{year} {texts.PARTNERS[STEWARD][0]}"\n'
            f'{LICENCE_TAG} = "{LICENCE}"\n')


GITIGNORE = ("# what the tools write in the demo folder: its audit, a site built here, the ledger's lock\n"
             "/audit.*\n/site/\n/ledger/.*.lock\n")


@dataclass(frozen=True)
class DemoResult:
    root: Path
    prs: int
    records: int
    resources: int = 0


def build_demo(root: Path, *, today: date | None = None, months: int = 36) -> DemoResult:
    """A commons over ``months`` months up to ``today``: partners, PRs, people moving, a ledger; every
    resource complete and REUSE-compliant, every PR recording its changes as the share-alike rules ask."""
    from open_commons import content_index
    from open_commons.identity import Registry
    from open_commons.ledger import record_file
    from open_commons.model.partners import parse_mailmap
    from open_commons.sources import licence_texts
    from open_commons.sources.partners import load_partners
    from open_commons.sources.tree import load_commons, load_config

    today = today or date.today()
    y, m = divmod(today.month - 1 - months, 12)
    start = date(today.year + y, m + 1, 1)
    b = CommonsBuilder(root).init()
    t0 = datetime(start.year, start.month, start.day, 9, 30, tzinfo=UTC)

    def at(day: float) -> datetime:
        return t0 + timedelta(days=day)

    licence_text = licence_texts.from_spdx(LICENCE)
    if licence_text is None:  # pragma: no cover - the spdx package ships CC BY-SA 4.0
        raise RuntimeError(f"no SPDX text for {LICENCE}")
    demo = _Demo(start)
    seed: dict[str, str | None] = dict(demo.seed())
    seed.update(demo_partners(start))
    seed["ledger/contributions.jsonl"] = ""
    seed[".mailmap"] = "Awa Diallo <awa.diallo@e2c-lille.example> <awa@perso.example>\n"
    seed[f"LICENSES/{LICENCE}.txt"] = licence_text
    seed["REUSE.toml"] = reuse_toml(start.year)
    seed[".gitignore"] = GITIGNORE
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
        title, files, co = demo.change(action, number, who, at(day))
        reviewers = ["inesmoreau"] if who != "ines" else ["kbenali"]
        pr = b.pr(number, login=login, author=(name, email), when=at(day), files=files, squash=squash,
                  title=title, co_authors=co, reviewers=reviewers, commits=1 if squash else 2)
        record_file(ledger, pr, registry, content_root="content")
        prs += 1
    last = at(plan[-1][0] + 1) if plan else at(1)
    b.commit("Ledger: records of the merged PRs", {"ledger/contributions.jsonl": ledger.read_text(encoding="utf-8")},
             when=last)
    index = content_index.render(load_commons(root, config), config.language)
    b.commit("Content index: content/README.md, as `commons index` writes it", {"content/README.md": index},
             when=last + timedelta(minutes=5))
    return DemoResult(root, prs, ledger.read_text(encoding="utf-8").count("\n"), len(demo.resources))


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
