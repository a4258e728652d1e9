# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Build the static site of a commons, incrementally.

Every output file is planned with a *key*: the hash of everything it is made from (the page's data,
its source text, the templates and code, the policy). A manifest in the output folder keeps the key
of every file written; a rebuild writes only the files whose key changed and removes the files that
are no longer planned. Pages are rendered lazily, so an unchanged page costs a hash, not a render.

Layout (every link is relative, so the site works from ``file://`` and under a sub-path):

    index.html, phases/<phase>.html, types/<type>.html, partners/index.html, partners/<id>.html
    rules/index.html, rules/<CODE>.html  the rules of the check, by family, and one page per rule
    en/…                           the same pages in the other language
    resources/<phase>/<slug>.html  one page per resource, in the resource's language
    resources/<phase>/<file>       its attachments
    kits/<phase>.zip               a kit per phase (open_commons.export)
    search-index.json, search-index.js, static/…
"""

# i18n-catalog: site

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import posixpath
import re
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from open_commons import jsonsafe
from open_commons import rules as rule_families
from open_commons.content_index import human_duration
from open_commons.errors import CommonsError
from open_commons.i18n import LANGUAGES, N_, _
from open_commons.model import Commons, Resource, Severity
from open_commons.reporters.rule_page import rule_sections
from open_commons.rules.registry import RULES, Rule
from open_commons.site import integrations
from open_commons.site.render import (
    STATIC,
    body_words,
    link_targets,
    relative,
    render_markdown,
    render_page,
    slug,
    templates_fingerprint,
)
from open_commons.sources.tree import load_config
from open_commons.urls import rule_path, rules_index_path, safe_url

MANIFEST = ".open-commons-site.json"
MANIFEST_VERSION = 1
CHARTER_ID = "communaute/charte-de-reciprocite"
LICENCE_URLS = {"CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/"}
SEVERITY_LABELS = {"error": N_("Error: the check fails until it is fixed"),
                   "warning": N_("Warning: a remark, the check passes"),
                   "info": N_("Information")}


class SiteError(CommonsError):
    """The site cannot be built into the folder given."""


@dataclass(frozen=True)
class Entry:
    """A resource of the site."""

    res: Resource
    key: str  # path-based id: sourcing/information-collective.en
    url: str  # resources/sourcing/information-collective.en.html
    lang: str
    section: str
    source_hash: str

    @cached_property
    def data(self) -> Mapping[str, Any]:
        return self.res.data

    @cached_property
    def id(self) -> str:
        return self.res.id or self.key

    @cached_property
    def title(self) -> str:
        return str(self.data.get("title") or self.key)

    @cached_property
    def description(self) -> str:
        return str(self.data.get("description") or "")

    @cached_property
    def type(self) -> str:
        return str(self.data.get("type") or "")

    @cached_property
    def phases(self) -> list[str]:
        value = self.data.get("phases")
        return [p for p in value if isinstance(p, str)] if isinstance(value, list) else []

    @cached_property
    def keywords(self) -> list[str]:
        value = self.data.get("keywords")
        return [k for k in value if isinstance(k, str) and k.strip()] if isinstance(value, list) else []

    @cached_property
    def translation_of(self) -> str | None:
        value = self.data.get("translation_of")
        return value if isinstance(value, str) else None


@dataclass
class Planned:
    """One output file: its key and how to make its bytes."""

    path: str
    key: str
    make: Callable[[], bytes | None] | None = None  # bytes to write
    copy_from: Path | None = None  # or a file to copy
    write_to: Callable[[Path], bool] | None = None  # or a writer (kits); False: nothing made


@dataclass
class BuildReport:
    out: Path
    planned: int = 0
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    resources: int = 0
    seconds: float = 0.0
    refused: dict[str, list[str]] = field(default_factory=dict)  # not published: source path -> error codes
    manifest_ignored: bool = False  # the previous build's manifest was malformed: everything was rewritten

    @property
    def unchanged(self) -> int:
        return self.planned - len(self.written)


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def _key(*parts: Any) -> str:
    return _sha(json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False))


def _file_sha(path: Path) -> str:
    return _sha(path.read_bytes())


# --- the site's data -------------------------------------------------------------


class Site:
    """What the pages are made of: the resources in the build, the partners, the ledger."""

    def __init__(self, root: Path, commons: Commons, access: str, main_lang: str, cache: Any = None) -> None:
        self.root = root
        self.cache = cache
        self._words: dict[str, tuple[str, str]] = dict(cache.section("words")) if cache is not None else {}
        self._words_used: dict[str, tuple[str, str]] = {}
        self.commons = commons
        self.config = commons.config
        self.access = access
        self.main_lang = main_lang if main_lang in LANGUAGES else "fr"
        self.langs = (self.main_lang, *[lang for lang in LANGUAGES if lang != self.main_lang])
        content = self.config.content_root
        self.content = content
        self.entries: list[Entry] = []
        self.left_out: set[str] = set()  # source paths of resources not in this build
        self.refused: dict[str, list[str]] = {}  # source path -> codes of the errors that keep it out
        for res in commons.resources:
            if not self._included(res):
                self.left_out.add(res.path)
                continue
            errors = check_errors(res, commons)
            if errors:
                self.refused[res.path] = errors
                self.left_out.add(res.path)
                continue
            key = res.expected_id
            lang = str(res.data.get("language") or self.main_lang)
            self.entries.append(Entry(
                res=res, key=key, url=f"resources/{key}.html",
                lang=lang if lang in LANGUAGES else self.main_lang,
                section=key.split("/")[0], source_hash=_key(res.data, res.doc.body, res.doc.comments),
            ))
        self.by_path = {e.res.path: e for e in self.entries}
        self.by_id: dict[str, Entry] = {}
        for e in self.entries:
            self.by_id.setdefault(e.id, e)
        # translations: original id -> {lang: entry}
        self.versions: dict[str, dict[str, Entry]] = {}
        for e in self.entries:
            original = e.translation_of if e.translation_of in self.by_id else e.id
            self.versions.setdefault(original, {}).setdefault(e.lang, e)
        self.originals = [e for e in self.entries if not (e.translation_of and e.translation_of in self.by_id)]
        self.assets: dict[str, Path] = {}  # site path -> source file
        self.attachments: dict[str, list[tuple[str, str, int]]] = {}  # entry key -> (name, site path, size)
        for e in self.entries:
            self._attachments(e)
        self.phases = self.config.vocabulary("phases")
        self.sections = self.config.sections
        self.types = self.config.vocabulary("types")
        self.languages = self.config.vocabulary("languages")
        self.partner_registry = integrations.load_partners(root, commons)
        self.records = integrations.ledger_records(root, commons)
        self._names: dict[str, str] | None = None
        self.kits: dict[str, str] = {}  # phase -> site path of its kit (filled by plan_kits)
        charter = self.by_id.get(CHARTER_ID) or next((e for e in self.originals if e.type == "charter"), None)
        self.charter = charter

    def _included(self, res: Resource) -> bool:
        if res.doc.data is None or not res.id or res.doc.problems:
            return False
        if self.access == "partners":
            return res.data.get("access") in ("public", "partners")
        return res.data.get("access") == "public"  # anything else stays out of a public build

    def _attachments(self, e: Entry) -> None:
        names = e.data.get("attachments")
        found = []
        folder = posixpath.dirname(e.res.path)
        for name in names if isinstance(names, list) else ():
            if not isinstance(name, str) or "/" in name or name.startswith("."):
                continue
            source = self.root / folder / name
            if not source.is_file() or source.is_symlink():
                continue
            site_path = f"resources/{posixpath.dirname(e.key)}/{name}"
            self.assets[site_path] = source
            found.append((name, site_path, source.stat().st_size))
        self.attachments[e.key] = found

    # --- helpers used by the pages

    def version_in(self, e: Entry, lang: str) -> Entry:
        original = e.translation_of if e.translation_of in self.by_id else e.id
        return self.versions.get(original, {}).get(lang, e)

    def counterparts(self, e: Entry) -> dict[str, Entry]:
        original = e.translation_of if e.translation_of in self.by_id else e.id
        return self.versions.get(original, {e.lang: e})

    def prefix(self, lang: str) -> str:
        return "" if lang == self.main_lang else f"{lang}/"

    def repo_url(self) -> str:
        repo = self.config.settings.repository
        url = f"https://github.com/{repo}" if repo else self.config.settings.url
        return safe_url(url) or ""

    def edit_url(self, e: Entry) -> str:
        return f"{self.repo_url()}/edit/{self.config.settings.default_branch}/{e.res.path}"

    def blob_url(self, path: str) -> str:
        return f"{self.repo_url()}/blob/{self.config.settings.default_branch}/{path}"

    def resolve(self, page: str, target: str) -> str:
        """URL (from ``page``) of a repository path linked from a body; "" to drop the link."""
        if target.startswith("..") or target in self.left_out:
            return ""
        entry = self.by_path.get(target)
        if entry is not None:
            return relative(page, entry.url)
        if target.startswith(self.content + "/"):
            inner = "resources/" + target[len(self.content) + 1:]
            if inner in self.assets:
                return relative(page, inner)
            if target.endswith(".md"):
                return ""  # a resource that is not in this build
        if (self.root / target).is_file() and self.access == "public" and not target.startswith(self.content + "/"):
            return self.blob_url(target)
        return ""

    def partner_name(self, pid: str) -> str:
        """The partner's name from the registry; an id missing from the registry is shown as it is."""
        info = self.partner_registry.get(pid)
        return info.name if info is not None and info.name else pid

    def known_partner(self, pid: str) -> bool:
        return pid in self.partner_registry

    def words(self, e: Entry) -> str:
        """The body's words of an entry (for the search index), kept between builds by source hash."""
        found = self._words.get(e.key)
        if found is None or found[0] != e.source_hash:
            found = (e.source_hash, body_words(e.res.doc.body))
        self._words_used[e.key] = found
        return found[1]

    def save_words(self) -> None:
        if self.cache is not None:
            self.cache.replace("words", self._words_used, changed=self._words_used != self._words)


# --- page contexts ---------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents: how the search compares words."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))




def check_errors(res: Resource, commons: Commons) -> list[str]:
    """The codes of the errors the per-resource checks (parsing, schema, safety) find in a resource:
    a resource that fails `commons check` is not published."""
    from open_commons.pipeline import resource_findings

    findings = commons.precomputed.get(res.path)
    if findings is None:
        findings = resource_findings(res, commons)
    return sorted({f.code for f in findings if f.severity is Severity.ERROR})


_CC_NAME = re.compile(r"^CC-(BY(?:-NC)?(?:-ND|-SA)?)-(\d\.\d)$")


def licence_name(licence: str) -> str:
    """How a licence is named to people: CC-BY-SA-4.0 is "CC BY-SA 4.0", CC0-1.0 "CC0 1.0"."""
    match = _CC_NAME.match(licence)
    if match:
        return f"CC {match.group(1)} {match.group(2)}"
    if licence == "CC0-1.0":
        return "CC0 1.0"
    return licence


def _date(value: Any, lang: str) -> str:
    if not isinstance(value, str):
        return ""
    return _date_text(value, lang)


@cache
def _date_text(value: str, lang: str) -> str:
    try:
        import datetime as dt

        from babel.dates import format_date

        return format_date(dt.date.fromisoformat(value), format="long", locale=lang)
    except (ValueError, ImportError):
        return value


def _size(size: int, lang: str) -> str:
    if size < 1024:
        return _(N_("{n} bytes"), lang, n=size)
    return _(N_("{n} kB"), lang, n=max(1, round(size / 1024)))


class Pages:
    """Plans every output file of the site."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.fingerprint = _key(templates_fingerprint(), dict(site.config.data), site.access, site.main_lang)
        self._nav: dict[str, list[dict[str, Any]]] = {}
        self._roles_of: dict[str, list[tuple[str, str]]] = {}

    # shared parts

    def nav(self, lang: str) -> list[dict[str, Any]]:
        if lang in self._nav:
            return self._nav[lang]
        s = self.site
        p = s.prefix(lang)
        items = [{"label": _(N_("Home"), lang), "path": f"{p}index.html"}]
        for phase in s.phases.labels:
            items.append({"label": s.phases.label(phase, lang), "path": f"{p}phases/{phase}.html"})
        items.append({"label": _(N_("Partners"), lang), "path": f"{p}partners/index.html"})
        if s.charter is not None:
            items.append({"label": _(N_("Reciprocity charter"), lang),
                          "path": s.version_in(s.charter, lang).url})
        self._nav[lang] = items
        return items

    def base(self, lang: str, page: str, title: str, switch: Mapping[str, str] | None) -> dict[str, Any]:
        s = self.site
        licence = s.config.settings.licensing.outbound
        return {
            "lang": lang,
            "page_path": page,
            "title": title,
            "site_name": s.config.settings.name,
            "home_path": f"{s.prefix(lang)}index.html",
            "partners_path": f"{s.prefix(lang)}partners/index.html",
            "rules_path": rules_index_path(lang, s.main_lang),
            "nav": self.nav(lang),
            "switch": switch,
            "licence": {"id": licence, "name": licence_name(licence),
                        "url": LICENCE_URLS.get(licence, f"https://spdx.org/licenses/{licence}.html")},
            "repository_url": s.repo_url(),
            "search": False,
        }

    def switch_to(self, lang: str, path: str) -> dict[str, str] | None:
        """The language switch: the same page in the other language(s)."""
        others = [other for other in self.site.langs if other != lang]
        if not others:
            return None
        other = others[0]
        return {"lang": other, "path": path, "label": self.site.config.vocabulary("languages").label(other, other)
                if other in self.site.config.vocabulary("languages") else other}

    def item(self, e: Entry, lang: str) -> dict[str, Any]:
        s = self.site
        return {
            "title": e.title, "description": e.description, "path": e.url, "lang": e.lang,
            "type": s.types.label(e.type, lang),
            "foreign": e.lang != lang,
            "language_label": s.languages.label(e.lang, lang),
        }

    def _sort(self, entries: Iterable[Entry]) -> list[Entry]:
        order = list(self.site.types.labels)
        return sorted(entries, key=lambda e: (order.index(e.type) if e.type in order else 99, e.title.lower()))

    # listing pages

    def home(self, lang: str) -> dict[str, Any]:
        s = self.site
        p = s.prefix(lang)
        page = f"{p}index.html"
        ctx = self.base(lang, page, s.config.settings.name, self.switch_to(lang, self._other_home(lang)))
        counts: dict[str, int] = {}
        for e in s.originals:
            for phase in set(e.phases) | {e.section}:
                counts[phase] = counts.get(phase, 0) + 1
        ctx["phases"] = [{"label": s.phases.label(ph, lang), "path": f"{p}phases/{ph}.html",
                          "count": counts.get(ph, 0), "kit": s.kits.get(ph)} for ph in s.phases.labels]
        type_counts: dict[str, int] = {}
        for e in s.originals:
            type_counts[e.type] = type_counts.get(e.type, 0) + 1
        ctx["types"] = [{"label": s.types.label(t, lang), "path": f"{p}types/{t}.html", "count": type_counts[t]}
                        for t in s.types.labels if type_counts.get(t)]
        extra = [sec for sec in s.sections.labels if sec not in s.phases.labels]
        ctx["sections"] = [{"label": s.sections.label(sec, lang), "path": f"{p}phases/{sec}.html",
                            "entries": [self.item(s.version_in(e, lang), lang)
                                      for e in self._sort(x for x in s.originals if x.section == sec)]}
                           for sec in extra if any(x.section == sec for x in s.originals)]
        ctx["resources_count"] = len(s.entries)  # as `commons check` counts them: translations included
        ctx["translations_count"] = len(s.entries) - len(s.originals)
        ctx["search"] = True
        ctx["search_index"] = "search-index.js"
        ctx["keywords_path"] = f"{p}keywords.html"
        return ctx

    def _other_home(self, lang: str) -> str:
        other = next((x for x in self.site.langs if x != lang), lang)
        return f"{self.site.prefix(other)}index.html"

    def listing(self, lang: str, kind: str, value: str) -> dict[str, Any]:
        s = self.site
        p = s.prefix(lang)
        page = f"{p}{kind}/{value}.html"
        other = next((x for x in s.langs if x != lang), lang)
        if kind == "phases":
            label = s.sections.label(value, lang)
            members = [e for e in s.originals if value in e.phases or e.section == value]
            groups: dict[str, list[Entry]] = {}
            for e in self._sort(members):
                groups.setdefault(e.type, []).append(e)
            sections = [{"label": s.types.label(t, lang), "entries": [self.item(s.version_in(e, lang), lang) for e in es]}
                        for t, es in groups.items()]
            heading = label
        else:
            heading = s.types.label(value, lang)
            members = [e for e in s.originals if e.type == value]
            groups = {}
            for e in sorted(members, key=lambda e: e.title.lower()):
                groups.setdefault(e.section, []).append(e)
            order = list(s.sections.labels)
            sections = [{"label": s.sections.label(sec, lang),
                         "entries": [self.item(s.version_in(e, lang), lang) for e in groups[sec]]}
                        for sec in sorted(groups, key=lambda x: order.index(x) if x in order else 99)]
        ctx = self.base(lang, page, heading, self.switch_to(lang, f"{s.prefix(other)}{kind}/{value}.html"))
        ctx.update({"heading": heading, "kind": kind, "groups": sections, "count": len(members),
                    "kit": s.kits.get(value) if kind == "phases" else None})
        return ctx

    # partners

    def partner_ids(self) -> list[str]:
        s = self.site
        ids = set(s.partner_registry)
        for e in s.entries:
            for pid, _role in self._roles(e):
                ids.add(pid)
        for record in s.records:
            for pid in record.get("partners") or ():
                if isinstance(pid, str):
                    ids.add(pid)
        return sorted(ids, key=lambda pid: s.partner_name(pid).lower())

    def _roles(self, e: Entry) -> list[tuple[str, str]]:
        found = self._roles_of.get(e.key)
        if found is None:
            found = self._roles_of[e.key] = list(self._find_roles(e))
        return found

    @staticmethod
    def _find_roles(e: Entry) -> Iterable[tuple[str, str]]:
        for role in ("authors", "contributors"):
            for person in e.data.get(role) or ():
                if isinstance(person, Mapping) and isinstance(person.get("partner"), str):
                    yield person["partner"], role
        for change in e.data.get("changes") or ():
            if isinstance(change, Mapping) and isinstance(change.get("by"), str):
                yield change["by"], "contributors"

    def partners_index(self, lang: str) -> dict[str, Any]:
        s = self.site
        p = s.prefix(lang)
        other = next((x for x in s.langs if x != lang), lang)
        ctx = self.base(lang, f"{p}partners/index.html", _(N_("Partners"), lang),
                        self.switch_to(lang, f"{s.prefix(other)}partners/index.html"))
        rows = []
        for pid in self.partner_ids():
            info = s.partner_registry.get(pid)
            rows.append({"name": s.partner_name(pid), "path": f"{p}partners/{pid}.html",
                         "registered": info is not None,
                         "territory": info.territory if info else "",
                         "contributions": sum(1 for r in s.records if pid in (r.get("partners") or ())),
                         "resources": sum(1 for e in s.originals if pid in {x for x, _r in self._roles(e)})})
        ctx["partners"] = rows
        ctx["apply_url"] = s.config.settings.partners.apply_url
        return ctx

    def partner(self, lang: str, pid: str) -> dict[str, Any]:
        s = self.site
        p = s.prefix(lang)
        other = next((x for x in s.langs if x != lang), lang)
        name = s.partner_name(pid)
        ctx = self.base(lang, f"{p}partners/{pid}.html", name,
                        self.switch_to(lang, f"{s.prefix(other)}partners/{pid}.html"))
        info = s.partner_registry.get(pid)
        statuses = {"applicant": N_("applicant"), "validated": N_("validated"), "suspended": N_("suspended"),
                    "left": N_("left")}
        ctx["partner"] = {
            "id": pid, "name": name, "registered": info is not None,
            "territory": info.territory if info else "",
            "website": info.website if info else None,
            "status": _(statuses[info.status], lang) if info and info.status in statuses else "",
        }
        authored, improved = [], []
        for e in self._sort(s.entries):
            roles = {r for x, r in self._roles(e) if x == pid}
            if "authors" in roles:
                authored.append(self.item(e, lang))
            elif roles:
                improved.append(self.item(e, lang))
        ctx["authored"], ctx["improved"] = authored, improved
        kinds = {"new-resource": N_("new resource"), "improvement": N_("improvement"),
                 "translation": N_("translation"), "fix": N_("fix"), "template": N_("template"),
                 "removal": N_("removal"), "other": N_("other")}
        contributions: list[dict[str, Any]] = []
        reviews: list[dict[str, Any]] = []
        for record in s.records:
            credited = pid in (record.get("partners") or ())
            reviewed = any(isinstance(r, Mapping) and r.get("partner") == pid for r in record.get("reviewers") or ())
            if not (credited or reviewed):
                continue
            touched, hidden = [], 0
            for item in record.get("resources") or ():
                if not isinstance(item, Mapping):
                    continue
                entry = s.by_path.get(str(item.get("path")))
                if entry is not None:
                    touched.append({"title": entry.title, "path": entry.url})
                elif item.get("change") == "removed" and str(item.get("path")) not in s.left_out and s.access == "public":
                    hidden += 1  # removed since: nothing to link to
                else:
                    hidden += 1
            row = {
                "pr": record.get("pr"),
                "pr_url": f"{s.repo_url()}/pull/{record.get('pr')}",
                "date": _date(str(record.get("merged_at", ""))[:10], lang),
                "kinds": ", ".join(_(kinds[k], lang) for k in record.get("kinds") or () if k in kinds),
                "resources": touched, "others": hidden,
            }
            (contributions if credited else reviews).append(row)
        ctx["contributions"] = list(reversed(contributions))
        ctx["reviews"] = list(reversed(reviews))
        return ctx

    # resources

    def resource_context(self, e: Entry) -> dict[str, Any]:
        """The data of a resource page, without its body."""
        s = self.site
        lang = e.lang
        data = e.data
        page = e.url
        versions = s.counterparts(e)
        other = next((x for x in s.langs if x != lang), lang)
        switch_path = versions[other].url if other in versions else self._other_home(lang)
        ctx = self.base(lang, page, e.title, self.switch_to(lang, switch_path))
        audiences = s.config.vocabulary("audiences")
        languages = s.config.vocabulary("languages")

        def people(role: str) -> list[dict[str, Any]]:
            out = []
            for person in data.get(role) or ():
                if isinstance(person, Mapping) and person.get("name"):
                    pid = person.get("partner") if isinstance(person.get("partner"), str) else None
                    out.append({"name": str(person["name"]),
                                "partner": s.partner_name(pid) if pid and s.known_partner(pid)
                                and s.partner_name(pid) != person["name"] else None,
                                "path": f"{s.prefix(lang)}partners/{pid}.html" if pid else None})
            return out

        sources = []
        for src in data.get("is_based_on") or ():
            if not isinstance(src, Mapping):
                continue
            if isinstance(src.get("id"), str):
                target = s.by_id.get(src["id"])
                # not in this build: a partners-only resource in a public build, whose id is not shown
                from open_commons.attribution import partners_only_title
                sources.append({"title": target.title if target else partners_only_title(lang),
                                "path": target.url if target else None, "url": None,
                                "license": None, "authors": "", "modified": bool(src.get("modified"))})
            else:
                authors = src.get("authors")
                sources.append({"title": str(src.get("title") or src.get("url") or ""), "path": None,
                                "url": src.get("url") if isinstance(src.get("url"), str) else None,
                                "license": src.get("license"),
                                "authors": ", ".join(map(str, authors)) if isinstance(authors, list) else "",
                                "modified": bool(src.get("modified"))})
        changes = [{"date": _date(c.get("date"), lang), "version": c.get("version"), "summary": c.get("summary"),
                    "by": s.partner_name(str(c.get("by"))) if c.get("by") else ""}
                   for c in data.get("changes") or () if isinstance(c, Mapping)]
        statuses = {"draft": N_("This resource is a draft: it may change a lot."),
                    "deprecated": N_("This resource is deprecated: prefer a more recent one.")}
        phases = [{"label": s.sections.label(ph, lang), "path": f"{s.prefix(lang)}phases/{ph}.html"}
                  for ph in (e.phases or [e.section]) if ph in s.sections]
        kit_phase = next((ph for ph in e.phases if ph in s.kits), None)
        ctx.update({
            "resource": {
                "title": e.title, "description": e.description,
                "type": s.types.label(e.type, lang), "type_path": f"{s.prefix(lang)}types/{e.type}.html"
                if e.type in s.types else None,
                "phases": phases,
                # the breadcrumb names the folder the resource lives in, once: the other phases are facts
                "section": {"label": s.sections.label(e.section, lang),
                            "path": f"{s.prefix(lang)}phases/{e.section}.html"} if e.section in s.sections else None,
                "audience": [audiences.label(a, lang) for a in data.get("audience") or () if isinstance(a, str)],
                "time_required": human_duration(data.get("time_required"), lang),
                "version": data.get("version"),
                "date_modified": _date(data.get("date_modified"), lang),
                "date_created": _date(data.get("date_created"), lang),
                "last_change": changes[-1] if changes else None,
                "authors": people("authors"), "contributors": people("contributors"),
                "sources": sources, "changes": changes,
                "status_notice": _(statuses[data["status"]], lang) if data.get("status") in statuses else "",
                "keywords": [k for k in data.get("keywords") or () if isinstance(k, str)],
                "attachments": [{"name": n, "path": path, "size": _size(size, lang)}
                                for n, path, size in s.attachments.get(e.key, [])],
                "versions": [{"label": languages.label(v.lang, lang), "path": v.url, "lang": v.lang,
                              "current": v is e} for _l, v in sorted(versions.items())] if len(versions) > 1 else [],
                "edit_url": s.edit_url(e),
                "source_url": s.blob_url(e.res.path),
                "kit": {"path": s.kits[kit_phase], "label": s.phases.label(kit_phase, lang)} if kit_phase else None,
            },
            "credit_inputs": self.credit_inputs(e),
            "links": [[t, s.resolve(page, posixpath.normpath(posixpath.join(posixpath.dirname(e.res.path), t.split("#")[0])))]
                      for t in link_targets(e.res.doc.body) if not t.startswith(("http:", "https:", "mailto:", "#"))],
        })
        return ctx

    def credit_inputs(self, e: Entry) -> list[str]:
        """What the credit line is made of besides the policy: this resource and what it is based on."""
        s = self.site
        out, todo, seen = [], [e], set()
        while todo:
            current = todo.pop()
            if current.key in seen:
                continue
            seen.add(current.key)
            out.append(current.source_hash)
            for src in current.data.get("is_based_on") or ():
                if isinstance(src, Mapping) and isinstance(src.get("id"), str) and src["id"] in s.by_id:
                    todo.append(s.by_id[src["id"]])
        return out

    def resource_page(self, e: Entry, ctx: dict[str, Any]) -> bytes:
        s = self.site
        body = render_markdown(e.res.doc.body, e.res.path, lambda target: s.resolve(e.url, target))
        credit = integrations.credit_line(s.commons, e.res, e.lang)
        return render_page("resource.html", {**ctx, "body": body,
                                             "credit": {"text": credit.text, "html": credit.html}}).encode("utf-8")

    # rules

    @staticmethod
    def rules() -> list[Rule]:
        rule_families.load_all()
        return sorted(RULES.values(), key=lambda r: r.code)

    def rules_index(self, lang: str) -> dict[str, Any]:
        """The rules of the check by family, each linked to its page."""
        s = self.site
        other = next((x for x in s.langs if x != lang), lang)
        ctx = self.base(lang, rules_index_path(lang, s.main_lang), _(N_("The rules of the check"), lang),
                        self.switch_to(lang, rules_index_path(other, s.main_lang)))
        by_family: dict[str, list[Rule]] = {}
        for r in self.rules():
            by_family.setdefault(r.family, []).append(r)
        order = list(rule_families.FAMILIES)
        ctx["families"] = [{
            "id": family,
            "label": _(rule_families.FAMILY_TITLES[family], lang) if family in rule_families.FAMILY_TITLES else family,
            "rules": [{"code": r.code, "title": _(r.title, lang), "path": rule_path(r.code, lang, s.main_lang),
                       "error": r.severity is Severity.ERROR, "retired": r.retired} for r in members],
        } for family, members in sorted(by_family.items(), key=lambda kv: (
            order.index(kv[0]) if kv[0] in order else len(order), kv[0]))]
        ctx["count"] = sum(len(f["rules"]) for f in ctx["families"])
        return ctx

    def rule_context(self, rule: Rule, lang: str) -> dict[str, Any]:
        """A rule's page: its sections as Markdown (rendered by ``rule_html``), from ``rule_sections`` as
        docs/rules/ and `commons rules CODE`."""
        s = self.site
        other = next((x for x in s.langs if x != lang), lang)
        title = _(rule.title, lang)
        ctx = self.base(lang, rule_path(rule.code, lang, s.main_lang), f"{rule.code} · {title}",
                        self.switch_to(lang, rule_path(rule.code, other, s.main_lang)))
        index = rules_index_path(lang, s.main_lang)
        ctx["rule"] = {
            "code": rule.code, "name": rule.name, "title": title, "retired": rule.retired,
            "severity": _(SEVERITY_LABELS[rule.severity.value], lang),
            "family": _(rule_families.FAMILY_TITLES[rule.family], lang)
            if rule.family in rule_families.FAMILY_TITLES else rule.family,
            "family_path": f"{index}#{rule.family}", "index_path": index,
        }
        ctx["sections"] = [{"heading": heading, "id": slug(heading) or f"section-{i}", "markdown": text}
                           for i, (heading, text) in enumerate(rule_sections(rule, lang), start=1)]
        return ctx

    @staticmethod
    def rule_html(ctx: dict[str, Any]) -> bytes:
        page = str(ctx["page_path"])
        sections = [{**section, "html": render_markdown(section["markdown"], page, lambda _target: None)}
                    for section in ctx["sections"]]
        return render_page("rule.html", {**ctx, "sections": sections}).encode("utf-8")

    # search

    def search_index(self) -> list[dict[str, Any]]:
        """Title, description, keywords and the body's words of every resource (the full text, each
        word once, lower case: enough to find a page, not to copy it)."""
        s = self.site
        return [{"t": e.title, "d": e.description, "u": e.url, "l": e.lang, "y": e.type,
                 "k": e.keywords, "b": s.words(e)}
                for e in sorted(s.entries, key=lambda e: e.key)]

    def keywords(self, lang: str) -> dict[str, Any]:
        """The keyword index: every keyword and its resources, a search that needs no JavaScript."""
        s = self.site
        p = s.prefix(lang)
        other = next((x for x in s.langs if x != lang), lang)
        ctx = self.base(lang, f"{p}keywords.html", _(N_("Keywords"), lang),
                        self.switch_to(lang, f"{s.prefix(other)}keywords.html"))
        by_word: dict[str, list[Entry]] = {}
        for e in s.entries:
            for word in e.keywords:
                by_word.setdefault(word.strip().lower(), []).append(e)
        ctx["keywords"] = [{"word": word, "anchor": "k-" + _sha(word)[:10],
                            "entries": [self.item(e, lang) for e in self._sort(entries)]}
                           for word, entries in sorted(by_word.items(), key=lambda kv: _fold(kv[0]))]
        return ctx

    # the plan

    def plan(self) -> list[Planned]:
        s = self.site
        out: list[Planned] = []

        def page(path: str, template: str, ctx: dict[str, Any]) -> None:
            out.append(Planned(path, _key(self.fingerprint, template, ctx),
                               make=lambda: render_page(template, ctx).encode("utf-8")))

        for name in sorted(os.listdir(STATIC)):
            source = STATIC / name
            out.append(Planned(f"static/{name}", _key(_file_sha(source)), copy_from=source))
        for site_path, source in sorted(s.assets.items()):
            out.append(Planned(site_path, _key(_file_sha(source)), copy_from=source))
        index = json.dumps(self.search_index(), ensure_ascii=False, separators=(",", ":"))
        out.append(Planned("search-index.json", _key(index), make=lambda: index.encode("utf-8")))
        script = f"window.OPEN_COMMONS_SEARCH = {index};\n"
        out.append(Planned("search-index.js", _key(script), make=lambda: script.encode("utf-8")))
        out.append(Planned(".nojekyll", _key(""), make=lambda: b""))
        for lang in s.langs:
            p = s.prefix(lang)
            page(f"{p}index.html", "home.html", self.home(lang))
            for section in s.sections.labels:
                page(f"{p}phases/{section}.html", "listing.html", self.listing(lang, "phases", section))
            for rtype in sorted({e.type for e in s.originals if e.type in s.types}):
                page(f"{p}types/{rtype}.html", "listing.html", self.listing(lang, "types", rtype))
            page(f"{p}partners/index.html", "partners.html", self.partners_index(lang))
            page(f"{p}keywords.html", "keywords.html", self.keywords(lang))
            for pid in self.partner_ids():
                page(f"{p}partners/{pid}.html", "partner.html", self.partner(lang, pid))
            page(rules_index_path(lang, s.main_lang), "rules.html", self.rules_index(lang))
            for r in self.rules():
                ctx = self.rule_context(r, lang)
                out.append(Planned(str(ctx["page_path"]), _key(self.fingerprint, "rule.html", ctx),
                                   make=lambda ctx=ctx: self.rule_html(ctx)))  # type: ignore[misc]
        for e in s.entries:
            ctx = self.resource_context(e)
            out.append(Planned(e.url, _key(self.fingerprint, "resource.html", ctx, e.source_hash),
                               make=lambda e=e, ctx=ctx: self.resource_page(e, ctx)))  # type: ignore[misc]
        return out


def plan_kits(site: Site, fingerprint: str) -> list[Planned]:
    """A kit per phase, keyed on the phase's resources and attachments."""
    out: list[Planned] = []
    writer = integrations.kit_writer()
    if writer is None:
        return out
    for phase in site.phases.labels:
        members = [e for e in site.entries if phase in e.phases]
        if not members:
            continue
        path = f"kits/{phase}.zip"
        key = _key(fingerprint, "kit", phase, site.access,
                   [(e.key, e.source_hash, [(n, _file_sha(site.assets[p])) for n, p, _s in site.attachments[e.key]])
                    for e in members])

        def write(target: Path, phase: str = phase) -> bool:
            writer(site.root, site.commons, phase, target, site.access, site.main_lang)
            return True

        out.append(Planned(path, key, write_to=write))
        site.kits[phase] = path
    return out


# --- building --------------------------------------------------------------------


_DRIVE = re.compile(r"^[A-Za-z]:")


def safe_site_path(path: object) -> bool:
    """A path the manifest may name: relative, POSIX, inside the output folder (no ``..``, no absolute)."""
    if not isinstance(path, str) or not path or len(path) > 1024:
        return False
    if path.startswith("/") or "\\" in path or "\x00" in path or _DRIVE.match(path):
        return False
    return all(part not in ("", ".", "..") for part in path.split("/"))


def _inside(out: Path, target: Path) -> bool:
    """``target`` (symlinks followed) is inside ``out`` (already resolved)."""
    real = os.path.realpath(target)
    return real.startswith(str(out) + os.sep)


@dataclass(frozen=True)
class Manifest:
    """What a previous build wrote: data we made, read as untrusted (it lives in the output folder)."""

    access: str
    files: dict[str, str]


def read_manifest(out: Path) -> Manifest | bool | None:
    """The manifest of the build in ``out``: a Manifest, None when there is none, False when it is
    malformed (not JSON, another version, a path outside the folder…): then the build starts afresh."""
    path = out / MANIFEST
    if not path.exists() and not path.is_symlink():
        return None
    try:
        if path.is_symlink() or not path.is_file():
            return False
        data = jsonsafe.loads(path.read_bytes())  # bounded: the output folder is not ours alone
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return False
    files, access = data.get("files"), data.get("access")
    if not isinstance(files, dict) or access not in ("public", "partners"):
        return False
    if not all(safe_site_path(k) and isinstance(v, str) for k, v in files.items()):
        return False
    return Manifest(access=str(access), files=dict(files))


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    if tmp.is_symlink():
        tmp.unlink()  # never write through a link left in the output folder
    tmp.write_bytes(data)
    os.replace(tmp, target)


def _write_kits(out: Path, items: list[Planned]) -> None:
    for item in items:
        target = out / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        assert item.write_to is not None
        item.write_to(target)


def _start_kits(out: Path, items: list[Planned]) -> Any:
    """Write the kits in a forked process while this one renders the pages (None: write them here)."""
    if not items or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    process = multiprocessing.get_context("fork").Process(target=_write_kits, args=(out, items), daemon=True)
    process.start()
    return process


def build_site(root: Path, out: Path, *, access: str = "public", lang: str | None = None,
               incremental: bool = True, kits: bool = True, commons: Commons | None = None) -> BuildReport:
    """Build (or bring up to date) the site of the commons at ``root`` in ``out``."""
    started = time.perf_counter()
    if access not in ("public", "partners"):
        raise SiteError(f"access must be public or partners, not {access!r}")
    out = out.resolve()
    root = root.resolve()
    if out == root or (root in out.parents and out.relative_to(root).parts[0] in (
            "content", "partners", "ledger", "bot", "docs", ".git")):
        raise SiteError(f"{out}: choose a folder outside the commons' sources")
    found = read_manifest(out)
    if found is None and out.is_dir() and any(out.iterdir()):
        raise SiteError(f"{out} is not empty and holds no site built by `commons site`; choose an empty folder")
    manifest = found if isinstance(found, Manifest) else None
    config = commons.config if commons is not None else load_config(root)
    cache = None
    if commons is None:
        commons, cache = load_cached(root, config)
    site = Site(root, commons, access, lang or config.language, cache)
    pages = Pages(site)
    planned = plan_kits(site, pages.fingerprint) if kits else []
    planned += pages.plan()
    old: dict[str, str] = dict(manifest.files) if manifest and incremental else {}
    if manifest and manifest.access != access:
        old = {}
    report = BuildReport(out=out, planned=len(planned), resources=len(site.entries),
                         refused=dict(sorted(site.refused.items())), manifest_ignored=found is False)
    new: dict[str, str] = {}
    pending: list[Planned] = []
    for item in planned:
        if not safe_site_path(item.path):
            raise SiteError(f"{item.path!r}: not a path inside the site")
        if old.get(item.path) == item.key and (out / item.path).exists():
            new[item.path] = item.key
        else:
            pending.append(item)
    kits_pending = [item for item in pending if item.write_to is not None]
    helper = _start_kits(out, kits_pending)  # kits (slow: REUSE scan, zip) in a second process if we can
    for item in pending:
        if item.write_to is not None and helper is not None:
            continue
        target = out / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not _inside(out, target.parent / "x"):
            raise SiteError(f"{item.path}: its folder leads outside {out} (a symbolic link?)")
        if target.is_symlink():
            target.unlink()
        if item.copy_from is not None:
            shutil.copyfile(item.copy_from, target)
        elif item.write_to is not None:
            if not item.write_to(target):
                continue
        elif item.make is not None:
            _write(target, item.make() or b"")
        new[item.path] = item.key
        report.written.append(item.path)
    if helper is not None:
        helper.join()
        if helper.exitcode != 0:
            raise SiteError(f"writing the kits failed (exit code {helper.exitcode})")
        for item in kits_pending:
            new[item.path] = item.key
            report.written.append(item.path)
    previous = set(manifest.files) if manifest else set()
    for stale in sorted(previous - set(new)):
        target = out / stale
        if target.is_symlink():
            target.unlink()  # the link itself, never what it points to
            report.removed.append(stale)
        elif _inside(out, target) and target.is_file():
            target.unlink()
            report.removed.append(stale)
    out.mkdir(parents=True, exist_ok=True)
    _write(out / MANIFEST, json.dumps({"version": MANIFEST_VERSION, "access": access, "files": new},
                                      sort_keys=True, indent=0).encode("utf-8"))
    if cache is not None:
        site.save_words()
        cache.save()
    report.seconds = time.perf_counter() - started
    return report


def _site_scope(root: Path) -> str:
    """What a cached resource and its findings depend on besides its bytes: the tool, the schemas, the policy."""
    from open_commons.cache import code_digest, digest
    from open_commons.sources import schemas

    parts = [b"site", code_digest().encode()]
    parts += [path.read_bytes() for path in sorted(schemas.schema_dir().glob("*.json"))]
    config_file = root / "commons.yaml"
    parts.append(config_file.read_bytes() if config_file.is_file() and not config_file.is_symlink() else b"")
    return digest(*parts)


def load_cached(root: Path, config: Any) -> tuple[Commons, Any]:
    """The commons with the per-resource checks done, reading and parsing only the files whose bytes changed
    since the last build (a cache in the checkout's .git, beside the check's, never in the output folder)."""
    from open_commons.cache import CheckCache
    from open_commons.pipeline import load

    cache = CheckCache.open(root, _site_scope(root), name="site-cache.pickle")
    return load(root, config, cache=cache), cache
