# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""``Settings``: the policy of a commons (commons.yaml) as one typed, frozen value.

Every default lives here, once. Reading never fails: a value of the wrong type falls back to
its default (the CFG rules report it against the schema, with its line). Standard library
only, so that rules can receive it as data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_LEDGER_PATH = "ledger/contributions.jsonl"


def _node(data: Any, dotted: str) -> Any:
    node = data
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _str(data: Any, dotted: str, default: str) -> str:
    value = _node(data, dotted)
    return value if isinstance(value, str) and value.strip() else default


def _int(data: Any, dotted: str, default: int) -> int:
    value = _node(data, dotted)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def _float(data: Any, dotted: str, default: float) -> float:
    value = _node(data, dotted)
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1
    return float(value) if ok else default


def _strings(data: Any, dotted: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    value = _node(data, dotted)
    if not isinstance(value, list):
        return default
    return tuple(str(v) for v in value if isinstance(v, (str, int, float)) and not isinstance(v, bool))


def _labels(data: Any, dotted: str) -> Mapping[str, Mapping[str, str]]:
    value = _node(data, dotted)
    if not isinstance(value, Mapping):
        return {}
    return {str(k): ({str(a): str(b) for a, b in v.items()} if isinstance(v, Mapping) else {})
            for k, v in value.items()}


def _logins(data: Any, dotted: str) -> tuple[str, ...]:
    return tuple(sorted({v.lower().lstrip("@") for v in _strings(data, dotted) if v.strip()}))


def _access(data: Any) -> AccessSettings:
    teams = _node(data, "partners.access.teams")
    share = _node(data, "partners.access.max_removal_share")
    if share is None:
        share = AccessSettings.max_removal_share
    elif isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        share = None
    repository = _str(data, "repository", "")
    return AccessSettings(
        organization=_str(data, "partners.access.organization", repository.split("/", 1)[0]),
        teams=(teams,) if isinstance(teams, str) else _strings(data, "partners.access.teams"),
        maintainers=_logins(data, "partners.access.maintainers"),
        protected=_logins(data, "partners.access.protected"),
        max_removal_share=float(share) if share is not None else None,
        log=_str(data, "partners.access.log", AccessSettings.log))


@dataclass(frozen=True)
class ContentSettings:
    root: str = "content"
    max_file_bytes: int = 1_048_576
    max_front_matter_lines: int = 400
    sections: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class LicensingSettings:
    outbound: str = "CC-BY-SA-4.0"
    inbound_allowed: tuple[str, ...] = ()
    inbound_refused_patterns: tuple[str, ...] = ()
    copy_similarity: float = 0.6  # a new text this much from one resource is a copy of it ...
    copy_coverage: float = 0.5  # ... and so is one holding this much of an existing resource


@dataclass(frozen=True)
class AccessSettings:
    """``partners.access``: who reads the partners-only repository (``commons access``)."""

    organization: str = ""  # "" : the owner of ``repository``
    teams: tuple[str, ...] = ()
    maintainers: tuple[str, ...] = ()
    protected: tuple[str, ...] = ()
    max_removal_share: float | None = 0.5  # None: the configured value is not a share (refused by `access`)
    log: str = "ledger/access.jsonl"


@dataclass(frozen=True)
class PartnerSettings:
    root: str = "partners"
    unregistered_author: str = "inform"  # inform or block
    apply_url: str = ""
    access: AccessSettings = field(default_factory=AccessSettings)


@dataclass(frozen=True)
class ReciprocitySettings:
    active_within_months: int = 6
    dormant_after_months: int = 12
    grace_months: int = 6
    steward: str = ""  # the partner id of the commons' steward (shares are also given without it)


@dataclass(frozen=True)
class LedgerSettings:
    path: str = DEFAULT_LEDGER_PATH
    branch: str = ""  # "" : the repository's default branch
    reviews_from: str = "writers"  # whose approvals are credited: writers, or writers-and-partners


@dataclass(frozen=True)
class BotSettings:
    check_name: str = "Open Commons"
    labels: Mapping[str, str] = field(default_factory=dict)  # key (licence, attribution…) -> label name
    suggestions: bool = True  # post what `commons fix` would change as suggested changes on the PR


@dataclass(frozen=True)
class CheckSettings:
    """How plain ``commons check`` finds the base of a branch: the default branch on the first of
    these remotes that has it (a fork's clone: ``upstream`` first, then ``origin``)."""

    upstream_remotes: tuple[str, ...] = ("upstream", "origin")


@dataclass(frozen=True)
class Settings:
    name: str = "Open Commons"
    url: str = ""  # the commons' home on the web (its repository's page): credit lines, kits
    site_url: str = ""  # its public site (`commons site`, e.g. GitHub Pages): the bot links each rule's page there
    repository: str = ""  # owner/name on GitHub
    default_branch: str = "main"
    language: str = "fr"
    access: str = "public"  # this repository's tier: public or partners
    content: ContentSettings = field(default_factory=ContentSettings)
    licensing: LicensingSettings = field(default_factory=LicensingSettings)
    partners: PartnerSettings = field(default_factory=PartnerSettings)
    reciprocity: ReciprocitySettings = field(default_factory=ReciprocitySettings)
    ledger: LedgerSettings = field(default_factory=LedgerSettings)
    bot: BotSettings = field(default_factory=BotSettings)
    check: CheckSettings = field(default_factory=CheckSettings)
    vocabularies: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> Settings:
        d: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
        base = cls()
        vocabularies = _node(d, "vocabularies")
        labels = _node(d, "bot.labels")
        return cls(
            name=_str(d, "name", base.name),
            url=_str(d, "url", base.url),
            site_url=_str(d, "site_url", base.site_url),
            repository=_str(d, "repository", base.repository),
            default_branch=_str(d, "default_branch", base.default_branch),
            language=_str(d, "language", base.language),
            access=_str(d, "access", base.access),
            content=ContentSettings(
                _str(d, "content.root", ContentSettings.root),
                _int(d, "content.max_file_bytes", ContentSettings.max_file_bytes),
                _int(d, "content.max_front_matter_lines", ContentSettings.max_front_matter_lines),
                _labels(d, "content.sections")),
            licensing=LicensingSettings(
                _str(d, "licensing.outbound", LicensingSettings.outbound),
                _strings(d, "licensing.inbound_allowed"),
                _strings(d, "licensing.inbound_refused_patterns"),
                _float(d, "licensing.copy_similarity", LicensingSettings.copy_similarity),
                _float(d, "licensing.copy_coverage", LicensingSettings.copy_coverage)),
            partners=PartnerSettings(
                _str(d, "partners.root", PartnerSettings.root),
                _str(d, "partners.unregistered_author", PartnerSettings.unregistered_author),
                _str(d, "partners.apply_url", PartnerSettings.apply_url),
                _access(d)),
            reciprocity=ReciprocitySettings(
                _int(d, "reciprocity.active_within_months", ReciprocitySettings.active_within_months),
                _int(d, "reciprocity.dormant_after_months", ReciprocitySettings.dormant_after_months),
                _int(d, "reciprocity.grace_months", ReciprocitySettings.grace_months),
                _str(d, "reciprocity.steward", ReciprocitySettings.steward)),
            ledger=LedgerSettings(_str(d, "ledger.path", LedgerSettings.path),
                                  _str(d, "ledger.branch", LedgerSettings.branch),
                                  _str(d, "ledger.reviews_from", LedgerSettings.reviews_from)),
            bot=BotSettings(_str(d, "bot.check_name", BotSettings.check_name),
                            {str(k): str(v) for k, v in labels.items() if isinstance(v, (str, int))}
                            if isinstance(labels, Mapping) else {},
                            _node(d, "bot.suggestions") is not False),
            check=CheckSettings(_strings(d, "check.upstream_remotes", CheckSettings.upstream_remotes)
                                or CheckSettings.upstream_remotes),
            vocabularies={str(k): _labels(vocabularies, str(k)) for k in vocabularies}
            if isinstance(vocabularies, Mapping) else {},
        )
