# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
# i18n-catalog: licensing
"""LIC: REUSE compliance (with lines) and the licence policy of the commons.

REUSE says whether licence and copyright information exists; the policy
(commons.yaml ``licensing``) says whether it is the right licence: the
outbound licence of every resource, and which licences may enter through
``is_based_on`` and attachments. SPDX expressions are parsed with
license-expression: an OR is fine when one branch is allowed, an AND needs
every part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from license_expression import AND, OR, ExpressionError, LicenseSymbol, LicenseWithExceptionSymbol, Licensing

from open_commons.i18n import N_
from open_commons.model import Commons, Config, Finding, Resource, Severity, msg
from open_commons.model.licensing import FileLicensing, LicensedCommons
from open_commons.rules.parsing import detail_of
from open_commons.rules.registry import check, rule

F = "licensing"

# Written in two parts so that REUSE tools do not read these constants as this file's own tags.
LICENCE_TAG = "SPDX-" "License-Identifier"
COPYRIGHT_TAG = "SPDX-" "FileCopyrightText"

NO_LICENCE = rule(
    "LIC001", "reuse-no-licence", Severity.ERROR, family=F, fixable=True,
    title=N_("No licence information"),
    message=N_("the file says under which licence it is shared nowhere (no valid licence tag)"),
    fix=N_("{how}"),
    why=N_("Without a licence, nobody may legally reuse the file, and the commons cannot show that "
           "it is shared alike (REUSE specification 3.3, CC BY-SA 4.0)."),
    example=N_("---\\nschema_version: 1\\nid: sourcing/grille\\n…  (no licence line at the top of the "
               "front-matter)"),
)
NO_COPYRIGHT = rule(
    "LIC002", "reuse-no-copyright", Severity.ERROR, family=F, fixable=True,
    title=N_("No copyright notice"),
    message=N_("the file names no copyright holder (no copyright tag)"),
    fix=N_("{how}"),
    why=N_("CC BY-SA 4.0 requires keeping the copyright notices of the authors; REUSE requires one "
           "per file."),
    example=N_("A spreadsheet budget.ods without a budget.ods.license file beside it."),
)
INVALID_EXPRESSION = rule(
    "LIC003", "reuse-invalid-expression", Severity.ERROR, family=F,
    title=N_("Licence expression cannot be read"),
    message=N_("'{expression}' is not a valid SPDX licence expression"),
    fix=N_("{how}"),
    why=N_("Tools (REUSE, GitHub, re-users' scanners) only understand SPDX identifiers written "
           "exactly, without quotes, joined with AND, OR or WITH in capitals."),
    example=N_("A licence line with the value \"CC-BY-SA-4.0\" in quotes, or CC BY-SA 4.0 with spaces."),
)
MISSING_TEXT = rule(
    "LIC004", "reuse-missing-licence-text", Severity.ERROR, family=F,
    title=N_("Licence text missing from LICENSES/"),
    message=N_("the licence {licence} is used but its text is not in LICENSES/"),
    fix=N_("{how}"),
    why=N_("A licence is only granted with its text: every licence used must have its text in "
           "LICENSES/ (REUSE specification 3.3)."),
    example=N_("A file under MIT while LICENSES/ holds no MIT.txt; or cc-by-sa-4.0 written in lower "
               "case (identifiers are case-sensitive)."),
)
UNUSED_TEXT = rule(
    "LIC005", "reuse-unused-licence-text", Severity.ERROR, family=F,
    title=N_("Licence text used by no file"),
    message=N_("LICENSES/ holds the text of {licence}, but no file is under that licence"),
    fix=N_("Delete {path}, unless a file should be under {licence}: then add the licence tag to it."),
    why=N_("A licence text nobody uses makes readers believe part of the commons is under it."),
    example=N_("LICENSES/MIT.txt left over after the only MIT file was removed."),
)
BAD_TEXT = rule(
    "LIC006", "reuse-bad-licence-file", Severity.ERROR, family=F,
    title=N_("File in LICENSES/ not recognised"),
    message=N_("{path}: {problem}"),
    fix=N_("Name licence texts LICENSES/<SPDX id>.txt (e.g. LICENSES/CC-BY-SA-4.0.txt), with ids from "
           "https://spdx.org/licenses/ or LicenseRef-<name> for others; replace deprecated ids."),
    why=N_("REUSE tools find licence texts by their file name: a wrong name is a missing licence."),
    example=N_("LICENSES/CC-BY-SA (no .txt), LICENSES/GPL-3.0.txt (deprecated id)."),
)
READ_ERROR = rule(
    "LIC007", "reuse-read-error", Severity.ERROR, family=F,
    title=N_("File cannot be read"),
    message=N_("the file could not be read to find its licence: {detail}"),
    fix=N_("Check the file's permissions, or remove it if it should not be in the commons."),
    why=N_("A file that cannot be read cannot be shown to be licensed."),
    example=N_("A file without read permission."),
)
REUSE_CONFIG = rule(
    "LIC008", "reuse-config-invalid", Severity.ERROR, family=F,
    title=N_("REUSE.toml cannot be read"),
    message=N_("REUSE.toml is invalid: {detail}"),
    fix=N_("Correct REUSE.toml: version = 1, then [[annotations]] tables with path, precedence, "
           "SPDX-FileCopyrightText and SPDX-License-Identifier (https://reuse.software/spec-3.3/)."),
    why=N_("REUSE.toml gives the licence of many files at once: if it cannot be read, none of them "
           "is licensed."),
    example=N_("precedence = \"nearest\" (the values are closest, aggregate, override)."),
)
OUTBOUND = rule(
    "LIC010", "resource-not-outbound-licence", Severity.ERROR, family=F,
    title=N_("Resource not under the commons' licence"),
    message=N_("the resource is under {expression}, but every resource of this commons is under {outbound}"),
    fix=N_("Write the licence line of the front-matter exactly as: {line}. To bring in material "
           "under another licence, keep {outbound} and name the material in is_based_on."),
    why=N_("A commons under CC BY-SA 4.0 shares everything alike (§3(b)(1)): a resource under another "
           "licence could not be adapted and shared back under the same terms."),
    example=N_("A licence line CC-BY-4.0 in a resource of a CC-BY-SA-4.0 commons."),
)
SOURCE_REFUSED = rule(
    "LIC011", "source-licence-refused", Severity.ERROR, family=F,
    title=N_("Source under a licence that cannot enter the commons"),
    message=N_("'{title}' is under {expression}, which cannot be brought into {outbound} material: {reason}"),
    fix=N_("Remove what comes from this source (and the is_based_on entry), or use a source under "
           "one of: {allowed}. If the licence line is wrong, write the source's real SPDX licence."),
    why=N_("Material under NC, ND, GPL/GFDL, proprietary or unknown terms cannot be shared under CC "
           "BY-SA 4.0; adapting it would infringe its authors' rights (Creative Commons "
           "compatibility chart)."),
    example=N_("is_based_on:\\n  - title: Fiche startup\\n    url: https://beta.gouv.fr/…\\n    "
               "license: CC-BY-NC-SA-4.0"),
)
ATTACHMENT_REFUSED = rule(
    "LIC012", "attachment-licence-refused", Severity.ERROR, family=F,
    title=N_("Attachment under a licence that cannot enter the commons"),
    message=N_("the attachment is under {expression}, which cannot be shared with {outbound} resources: {reason}"),
    fix=N_("Put the attachment under {outbound} if you may (its licence line, e.g. in {sidecar}), "
           "or replace it with material under one of: {allowed}."),
    why=N_("Attachments are shared with the resource: they must be under the commons' licence or a "
           "licence that can enter it."),
    example=N_("budget.ods with a budget.ods.license saying CC-BY-ND-4.0."),
)
TAG_IN_BODY = rule(
    "LIC013", "licence-tag-in-body", Severity.WARNING, family=F,
    title=N_("Licence or copyright tag in the text"),
    message=N_("line {line} of the text is read as a licence or copyright tag by REUSE tools"),
    fix=N_("Keep the licence and copyright lines only at the top of the front-matter; in the text, "
           "write the tag name differently (e.g. 'SPDX License Identifier' without dashes) or put "
           "the passage between REUSE-IgnoreStart and REUSE-IgnoreEnd lines."),
    why=N_("REUSE reads tags anywhere in a file: a tag quoted in the text changes the file's licence "
           "for every tool."),
    example=N_("A tutorial explaining the licence line by quoting it in its text."),
)
CASE = rule(
    "LIC014", "licence-id-case", Severity.ERROR, family=F, fixable=True,
    title=N_("Licence identifier in the wrong case"),
    message=N_("'{written}' should be written '{correct}' (licence identifiers are case-sensitive)"),
    fix=N_("Replace '{written}' with '{correct}' on this line."),
    why=N_("REUSE and GitHub look licence texts up by their exact identifier; another case is "
           "another, unknown, licence."),
    example=N_("cc-by-sa-4.0 instead of CC-BY-SA-4.0"),
)

SOURCE_UNLICENSED = rule(
    "LIC015", "source-without-licence", Severity.ERROR, family=F,
    title=N_("Source without a licence"),
    message=N_("the source '{title}' does not say under which licence it is published, so nothing from it "
               "can enter this {outbound} resource yet"),
    fix=N_("Under this source, add the line 'license: ' followed by its SPDX identifier, written exactly so, "
           "e.g. 'license: {example}' (accepted: {allowed}). If the source has no free licence, remove what "
           "comes from it and its is_based_on entry."),
    why=N_("Material is protected by default: without a licence that allows it, adapting it would "
           "infringe its authors' rights."),
    example=N_("is_based_on:\n  - title: Guide de l'entretien\n    url: https://example.org/guide"),
)


def _example_licence(policy: Policy) -> str:
    names = policy.allowed_names or (policy.outbound,)
    return next((n for n in names if n.upper().startswith("CC-BY-4")), names[0])


# --- the policy ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: Any = ""  # a Message (or "") saying why not
    refused: tuple[str, ...] = ()


_LICENSING = Licensing()


@lru_cache(maxsize=4096)
def _checked(policy: Policy, expression: str, inbound: bool) -> Verdict:
    return policy._check(expression, inbound)


_VERSIONED = re.compile(r"^(?P<family>.+?)-(?P<version>\d+(?:\.\d+)*)(?P<port>-[a-z]+)?$")


def _or_later(key: str, allowed: frozenset[str] | set[str]) -> str | None:
    """An allowed licence that ``key`` ("cc-by-sa-2.0+") lets its re-user choose: the same family at
    that version or a later one (an unported later version included)."""
    found = _VERSIONED.match(key.rstrip("+"))
    if found is None:
        return None
    family, version = found["family"], tuple(int(p) for p in found["version"].split("."))
    for candidate in sorted(allowed):
        other = _VERSIONED.match(candidate)
        if other and other["family"] == family and not other["port"] and \
                tuple(int(p) for p in other["version"].split(".")) >= version:
            return candidate
    return None


@dataclass(frozen=True)
class Policy:
    """commons.yaml ``licensing``: the outbound licence and what may come in."""

    outbound: str
    allowed: frozenset[str]  # lower-case ids
    refused_patterns: tuple[str, ...]  # lower-case substrings
    allowed_names: tuple[str, ...] = ()  # as commons.yaml writes them (SPDX case), for messages


    @classmethod
    def of(cls, config: Config) -> Policy:
        policy = config.settings.licensing
        allowed, patterns = policy.inbound_allowed, policy.inbound_refused_patterns
        return cls(
            policy.outbound,
            frozenset(str(a).lower() for a in allowed),
            tuple(str(p).lower() for p in patterns),
            tuple(sorted({str(a) for a in allowed}, key=str.lower)),
        )

    @property
    def allowed_text(self) -> str:
        """The licences that may come in, in their SPDX case (a fix that lowers them would be refused: LIC014)."""
        return ", ".join(self.allowed_names or sorted(self.allowed)) if self.allowed else self.outbound

    def _leaf(self, key: str, inbound: bool) -> Verdict:
        low = key.lower()
        if low.endswith("+"):  # "or any later version": acceptable when one of those versions is
            later = _or_later(low, self.allowed | {self.outbound.lower()})
            if later is not None and not any(p in low for p in self.refused_patterns):
                return Verdict(True)
            low = low[:-1]
        for pattern in self.refused_patterns:
            if pattern in low:
                return Verdict(False, msg(N_("{licence} is refused by the commons' policy ({pattern})"),
                                          licence=key, pattern=pattern.upper().strip("-") or pattern),
                               (key,))
        if low == self.outbound.lower() or (inbound and low in self.allowed):
            return Verdict(True)
        if inbound:
            return Verdict(False, msg(N_("{licence} is not among the licences the commons accepts"),
                                      licence=key), (key,))
        return Verdict(False, msg(N_("{licence} is not {outbound}"), licence=key, outbound=self.outbound),
                       (key,))

    def _eval(self, node: Any, inbound: bool) -> Verdict:
        if isinstance(node, LicenseWithExceptionSymbol):
            base = self._leaf(node.license_symbol.key, inbound)
            exc = self._leaf(node.exception_symbol.key, inbound) if base.ok else base
            if not base.ok:
                return base
            return exc if not exc.ok else Verdict(False, msg(
                N_("{licence} with the exception {exception} is not a licence the commons accepts"),
                licence=node.license_symbol.key, exception=node.exception_symbol.key), (str(node),))
        if isinstance(node, LicenseSymbol):
            return self._leaf(node.key, inbound)
        if isinstance(node, OR):
            results = [self._eval(arg, inbound) for arg in node.args]
            if any(r.ok for r in results):
                return Verdict(True)
            return Verdict(False, results[0].reason, tuple(k for r in results for k in r.refused))
        if isinstance(node, AND):
            results = [self._eval(arg, inbound) for arg in node.args]
            bad = [r for r in results if not r.ok]
            if not bad:
                return Verdict(True)
            return Verdict(False, bad[0].reason, tuple(k for r in bad for k in r.refused))
        return Verdict(False, msg(N_("the expression cannot be understood")))

    def check(self, expression: str, *, inbound: bool) -> Verdict:
        """May material under ``expression`` enter (inbound) or be a resource's licence (outbound)?

        Memoized: a commons repeats a handful of expressions over thousands of files.
        """
        return _checked(self, expression, inbound)

    def _check(self, expression: str, inbound: bool) -> Verdict:
        text = (expression or "").strip()
        if not text:
            return Verdict(False, msg(N_("no licence is given (unknown licence)")))
        try:
            parsed = _LICENSING.parse(text)
        except ExpressionError:
            return Verdict(False, msg(N_("'{expression}' is not a valid SPDX licence expression"),
                                      expression=text))
        if parsed is None:
            return Verdict(False, msg(N_("no licence is given (unknown licence)")))
        return self._eval(parsed, inbound)


# --- how to fix: the exact lines to add ------------------------------------------------------------


def _holder(commons: Commons, path: str) -> tuple[str, str]:
    """(year, holder) to suggest for a file: its resource's first author and creation year."""
    res = _resource_for(commons, path)
    year = commons.today[:4] or "YYYY"
    holder = "<copyright holder>"
    if res is not None:
        created = res.data.get("date_created")
        if isinstance(created, str) and len(created) >= 4:
            year = created[:4]
        authors = res.data.get("authors")
        if isinstance(authors, list) and authors and isinstance(authors[0], Mapping):
            holder = str(authors[0].get("name") or holder)
    return year, holder


def _resource_for(commons: Commons, path: str) -> Resource | None:
    """The resource itself, or the resource listing ``path`` as an attachment."""
    folder, _, name = path.rpartition("/")
    for res in commons.resources:
        if res.path == path:
            return res
        if res.path.rpartition("/")[0] == folder:
            atts = res.data.get("attachments")
            if isinstance(atts, list) and name in atts:
                return res
    return None


_COMMENT_STYLES = {".py": "# ", ".sh": "# ", ".toml": "# ", ".yaml": "# ", ".yml": "# ", ".js": "// ",
                   ".css": "/* ", ".html": "<!-- ", ".md": "<!-- "}


def how_to_add(commons: Commons, info: FileLicensing, *, licence: bool, copyright_: bool) -> Any:
    """A message naming the exact lines to add, and where."""
    year, holder = _holder(commons, info.path)
    outbound = Policy.of(commons.config).outbound
    lines = []
    if copyright_:
        lines.append(f"{COPYRIGHT_TAG}: {year} {holder}")
    if licence:
        lines.append(f"{LICENCE_TAG}: {outbound}")
    if info.front_matter:
        text = "\n".join("# " + line for line in lines)
        return msg(N_("Add these lines just below the first line '---' of the front-matter (line 1):\n{lines}"),
                   lines=text)
    if info.sidecar:
        return msg(N_("Add these lines to {sidecar}:\n{lines}"), sidecar=info.sidecar, lines="\n".join(lines))
    suffix = "." + info.path.rsplit(".", 1)[-1] if "." in info.path.rsplit("/", 1)[-1] else ""
    if info.is_text and suffix in _COMMENT_STYLES:
        prefix = _COMMENT_STYLES[suffix]
        return msg(N_("Add these lines at the top of the file, as comments:\n{lines}"),
                   lines="\n".join(prefix + line for line in lines))
    return msg(N_("Create the file {sidecar} (beside it) containing these lines:\n{lines}"),
               sidecar=info.path + ".license", lines="\n".join(lines))


def _expression_fix(policy: Policy) -> Any:
    return msg(N_("Write a licence identifier from https://spdx.org/licenses/ exactly, without quotes "
                  "(here: {outbound}); join several with AND or OR in capitals."), outbound=policy.outbound)


# --- checks ----------------------------------------------------------------------------------------


@check(F)
def reuse_compliance(commons: Commons) -> Iterable[Finding]:
    report = commons.reuse if isinstance(commons, LicensedCommons) else None
    if report is None:
        return
    policy = Policy.of(commons.config)
    if report.error is not None:
        yield REUSE_CONFIG.at(report.error_path or "REUSE.toml", 1, detail=detail_of(report.error))
        return
    known = report.known_ids
    for info in report.files:
        if info.read_error is not None:
            yield READ_ERROR.at(info.path, None, detail=detail_of(info.read_error))
            continue
        if not info.has_licence and not info.invalid_expressions:
            yield NO_LICENCE.at(info.path, 1, how=how_to_add(commons, info, licence=True,
                                                             copyright_=not info.has_copyright))
        if not info.has_copyright:
            yield NO_COPYRIGHT.at(info.path, 1, how=how_to_add(commons, info, licence=False, copyright_=True))
        for tag in info.invalid_expressions:
            yield INVALID_EXPRESSION.at(tag.source, tag.line, expression=tag.value, how=_expression_fix(policy))
        for licence in info.missing_licenses:
            line = next((t.line for t in info.expressions if licence in t.licenses), None)
            source = next((t.source for t in info.expressions if licence in t.licenses), info.path)
            correct = known.get(licence.lower())
            if correct and correct != licence:
                yield CASE.at(source, line, written=licence, correct=correct)
            else:
                yield MISSING_TEXT.at(source, line, licence=licence, how=msg(
                    N_("Add the licence text as LICENSES/{licence}.txt (`reuse download {licence}` writes "
                       "it), or correct the identifier if it is misspelt."), licence=licence))
    paths = {t.id: t.path for t in report.licence_texts}
    for licence in report.unused_licenses:
        yield UNUSED_TEXT.at(paths.get(licence, f"LICENSES/{licence}.txt"), None, licence=licence,
                             path=paths.get(licence, f"LICENSES/{licence}.txt"))
    problems = {
        "bad": N_("not an SPDX licence identifier nor a LicenseRef-"),
        "deprecated": N_("a deprecated SPDX licence identifier"),
        "no-extension": N_("a licence text without file extension"),
    }
    for text in report.licence_texts:
        if text.problem:
            yield BAD_TEXT.at(text.path, None, path=text.path, problem=msg(problems[text.problem]))


@check(F)
def tags_in_body(commons: Commons) -> Iterable[Finding]:
    report = commons.reuse if isinstance(commons, LicensedCommons) else None
    if report is None:
        return
    by_path = report.by_path()
    for res in commons.resources:
        info = by_path.get(res.path)
        if info is None or res.doc.data is None:
            continue
        for tag in (*info.expressions, *info.copyrights):
            if tag.source == res.path and tag.line and tag.line >= res.doc.body_line:
                yield TAG_IN_BODY.at(res.path, tag.line, line=tag.line)
                break


@check(F)
def licence_policy(commons: Commons) -> Iterable[Finding]:
    policy = Policy.of(commons.config)
    report = commons.reuse if isinstance(commons, LicensedCommons) else None
    by_path = report.by_path() if report is not None else {}
    for res in commons.resources:
        if res.doc.data is None:
            continue
        info = by_path.get(res.path)
        if info is not None:
            for tag in info.expressions:
                if not tag.valid:
                    continue
                verdict = policy.check(tag.value, inbound=False)
                if not verdict.ok:
                    yield OUTBOUND.at(tag.source, tag.line, expression=tag.value, outbound=policy.outbound,
                                      line=f"# {LICENCE_TAG}: {policy.outbound}")
        sources = res.data.get("is_based_on")
        if isinstance(sources, list):
            for i, src in enumerate(sources):
                if not isinstance(src, Mapping) or "id" in src:
                    continue  # resources of this commons are under the outbound licence
                expression = src.get("license")
                verdict = policy.check(expression if isinstance(expression, str) else "", inbound=True)
                if not isinstance(expression, str) or not expression.strip():
                    yield SOURCE_UNLICENSED.at(
                        res.path, res.doc.line_of("is_based_on", i, "title"),
                        title=str(src.get("title") or src.get("url") or i + 1), outbound=policy.outbound,
                        allowed=policy.allowed_text, example=_example_licence(policy))
                    continue
                if not verdict.ok:
                    has_licence = isinstance(expression, str)
                    yield SOURCE_REFUSED.at(
                        res.path, res.doc.line_of("is_based_on", i, "license" if has_licence else "title"),
                        title=str(src.get("title") or src.get("url") or i), expression=expression or "?",
                        outbound=policy.outbound, reason=verdict.reason, allowed=policy.allowed_text)
    if report is None:
        return
    content = commons.config.content_root + "/"
    for info in report.files:
        if not info.path.startswith(content) or info.path.endswith(".md"):
            continue
        for tag in info.expressions:
            if not tag.valid:
                continue
            verdict = policy.check(tag.value, inbound=True)
            if not verdict.ok:
                yield ATTACHMENT_REFUSED.at(tag.source, tag.line, expression=tag.value, outbound=policy.outbound,
                                            reason=verdict.reason, allowed=policy.allowed_text,
                                            sidecar=info.sidecar or info.path + ".license")
