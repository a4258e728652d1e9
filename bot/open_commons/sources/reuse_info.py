# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""REUSE information of a tree, through the ``reuse`` library: the only module importing it.

``reuse``'s Python API is declared unstable: the version is pinned in
pyproject.toml (reuse==6.2.0) and every use of it stays here.

The verdict per file is the one ``reuse lint`` gives (tested file by file),
with two additions ``reuse`` does not make: the line of each tag, and speed.
``reuse`` detects the encoding of every file (about half of its time); we read
the bytes once, and when they are NUL-free UTF-8 we hand the text straight to
``reuse``'s own extractor. Anything else (binary, other encodings) goes
through ``reuse``'s reader unchanged, so the verdict cannot differ.
``reuse``'s extractor matches one line at a time (its pattern is anchored at
both ends of a line, and ``.`` never crosses one): it is run on the lines that
can hold a tag only, once, which gives both the tags and their lines
(``_tags_and_lines``, tested against ``extract_tags`` and ``_line_index``).
The bytes of files already read by the caller (``raws``: the resources, read
once by the check's workers) are not read again (``licensing_of``).
"""

from __future__ import annotations

import logging
import os
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from reuse._util import _add_plus_to_identifier, _determine_license_path, _strip_plus_from_identifier
from reuse.copyright import ReuseInfo, SourceType
from reuse.covered_files import is_path_ignored
from reuse.exceptions import GlobalLicensingConflictError, GlobalLicensingParseError
from reuse.extract import (
    _LICENSEREF_PATTERN,
    REUSE_IGNORE_END,
    REUSE_IGNORE_START,
    extract_reuse_info,
    filter_ignore_block,
    reuse_info_of_file,
)
from reuse.global_licensing import PrecedenceType, ReuseDep5, ReuseTOML
from reuse.project import GlobalLicensingFound, Project

from open_commons.model.licensing import FileLicensing, LicenceText, ReuseReport, Tag
from open_commons.sources.files import NotRegular, is_special, open_regular, special_kind
from open_commons.sources.gitrun import hardened_process

__all__ = ["extract_tags", "licence_ids_in_texts", "scan"]

logging.getLogger("reuse").setLevel(logging.ERROR)

_SNIFF = 8192
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TAG_HINT = re.compile(r"SPDX-|Copyright|©|\(C\)|\(c\)")


def _decode(raw: bytes) -> str | None:
    """The text of a file when it is plainly UTF-8 (what ``reuse`` would detect too), else None."""
    if b"\x00" in raw[:_SNIFF]:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text):  # control bytes: text or binary as reuse decides it (its own heuristics)
        from reuse.extract import HEURISTICS_CHUNK_SIZE, detect_encoding

        if detect_encoding(raw[:HEURISTICS_CHUNK_SIZE]) is None:
            return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _open(path: Path) -> BinaryIO:
    """A regular file opened for reading (a FIFO, a socket or a device raises OSError, never blocks)."""
    return os.fdopen(open_regular(path), "rb")


def _read(path: Path) -> tuple[bytes | None, str | None]:
    try:
        with _open(path) as fh:
            return fh.read(), None
    except OSError as err:
        return None, err.strerror or str(err)


def _ignored_lines(lines: list[str]) -> set[int]:
    """Indexes of lines inside REUSE-IgnoreStart/End blocks."""
    out: set[int] = set()
    inside = False
    for i, line in enumerate(lines):
        start = REUSE_IGNORE_START in line
        end = REUSE_IGNORE_END in line
        if inside or start:
            out.add(i)
        if start and not end:
            inside = True
        elif end:
            inside = start and line.rindex(REUSE_IGNORE_START) > line.rindex(REUSE_IGNORE_END)
    return out


def _line_index(text: str) -> dict[tuple[str, str], int]:
    """(kind, value) -> first 1-based line where a tag with that value is written."""
    lines = text.split("\n")
    ignored = _ignored_lines(lines) if REUSE_IGNORE_START in text else set()
    found: dict[tuple[str, str], int] = {}
    for i, line in enumerate(lines):
        if i in ignored or not _TAG_HINT.search(line):
            continue
        info = extract_reuse_info(line)
        for expr in info.spdx_expressions:
            found.setdefault(("licence", str(expr)), i + 1)
        for notice in info.copyright_notices:
            found.setdefault(("copyright", str(notice)), i + 1)
    return found


_HINT = re.compile(r"SPDX-|Copyright|©")  # what every line reuse's extractor matches contains
_LineTags = tuple[ReuseInfo, tuple[tuple[str, str], ...]]
_LINES: dict[str, _LineTags] = {}  # the same tag lines head most files of a commons
_LINES_MAX, _LINE_MAX = 4096, 400


def _line_tags(line: str) -> _LineTags:
    """``extract_reuse_info(line)`` (a pure function of the line; its values are immutable) and the
    (kind, value) of each tag, remembered for the lines seen most."""
    found = _LINES.get(line)
    if found is None:
        info = extract_reuse_info(line)
        found = (info, (*(("licence", str(e)) for e in info.spdx_expressions),
                        *(("copyright", str(n)) for n in info.copyright_notices)))
        if len(line) <= _LINE_MAX:
            if len(_LINES) >= _LINES_MAX:
                _LINES.clear()
            _LINES[line] = found
    return found


def _tags_and_lines(text: str) -> tuple[ReuseInfo, dict[tuple[str, str], int]]:
    """``extract_tags(text)`` and ``_line_index(text)`` in one pass over the lines that can hold a tag.

    ``reuse``'s pattern (``_ALL_MATCH_PATTERN``, MULTILINE) matches whole lines holding
    ``SPDX-…:``, ``Copyright`` or ``©``, so its result on a text is the union of its results on
    those lines. A text with an ignore block goes the long way (``reuse``'s own filter).
    """
    if REUSE_IGNORE_START in text:
        info = extract_tags(text)
        return info, (_line_index(text) if info.contains_info() else {})
    expressions: set[Any] = set()
    notices: set[Any] = set()
    contributors: set[str] = set()
    found: dict[tuple[str, str], int] = {}
    line_no, counted, end = 1, 0, -1
    for hint in _HINT.finditer(text):
        at = hint.start()
        if at <= end:  # a line already read
            continue
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        if end < 0:
            end = len(text)
        line_no += text.count("\n", counted, start)
        counted = start
        info, tags = _line_tags(text[start:end])
        expressions |= info.spdx_expressions
        notices |= info.copyright_notices
        contributors |= info.contributor_lines
        for tag in tags:
            found.setdefault(tag, line_no)
    info = ReuseInfo(spdx_expressions=expressions, copyright_notices=notices, contributor_lines=contributors)
    return info, (found if info.contains_info() else {})


def extract_tags(text: str) -> ReuseInfo:
    """REUSE information of a text, the way ``reuse`` reads a file (ignore blocks removed)."""
    filtered, _open = filter_ignore_block(text, False)
    return extract_reuse_info(filtered)


def licence_ids_in_texts(texts: Iterable[str]) -> set[str]:
    """Licence ids used by SPDX-License-Identifier tags in these texts (valid expressions only)."""
    out: set[str] = set()
    for text in texts:
        for expr in extract_tags(text).spdx_expressions:
            if expr.is_valid:
                out.update(expr.licenses)
    return out


def _expr_text(expr: object) -> str:
    """An expression's text; reuse 6.2 cannot str() an invalid expression read from REUSE.toml."""
    raw = getattr(expr, "_text", None)
    return "".join([raw]) if isinstance(raw, str) else str(expr)


class _Scanner:
    def __init__(self, root: Path, project: Project, raws: Mapping[str, bytes] | None = None) -> None:
        self.root = root
        self.project = project
        self.raws = raws or {}  # bytes of files already read (relative path -> every byte of the file)
        self.toml_lines: dict[str, dict[tuple[str, str], int]] = {}

    # -- reading ---------------------------------------------------------------

    def _text_of(self, rel: str, path: Path) -> tuple[str | None, str | None, bool]:
        """(text, read error, readable-as-text)."""
        raw = self.raws.get(rel)
        if raw is None:
            raw, err = _read(path)
            if raw is None:
                return None, err, False
        text = _decode(raw)
        return text, None, text is not None

    def _file_info(self, path: Path, source_rel: str) -> tuple[ReuseInfo, dict[tuple[str, str], int], bool, str | None]:
        text, err, _is_text = self._text_of(source_rel, path)
        if err is not None:
            return ReuseInfo(), {}, False, err
        if text is None:  # binary or another encoding: let reuse read it, exactly as `reuse lint` does
            with _open(path) as fp:
                return reuse_info_of_file(fp), {}, False, None
        info, lines = _tags_and_lines(text)
        return info, lines, True, None

    def _toml_line(self, source: str, kind: str, value: str) -> int | None:
        if source not in self.toml_lines:
            index: dict[tuple[str, str], int] = {}
            raw, _err = _read(self.root / source)
            text = _decode(raw) if raw else None
            for i, line in enumerate((text or "").split("\n")):
                for key in ("SPDX-License-Identifier", "SPDX-FileCopyrightText"):
                    if key in line:
                        kind_of = "licence" if key == "SPDX-License-Identifier" else "copyright"
                        for v in re.findall(r'"((?:[^"\\]|\\.)*)"', line.split("=", 1)[-1]):
                            index.setdefault((kind_of, v), i + 1)
            self.toml_lines[source] = index
        index = self.toml_lines[source]
        if (kind, value) in index:
            return index[(kind, value)]
        return next((line for (k, v), line in index.items() if k == kind and value.endswith(v)), None)

    # -- the precedence of REUSE 3.3, as Project.reuse_info_of applies it -------------------

    def infos_of(self, path: Path) -> tuple[list[ReuseInfo], dict[str, dict[tuple[str, str], int]], bool, str | None]:
        project = self.project
        licence_path = _determine_license_path(path)
        global_results: defaultdict[PrecedenceType, list[ReuseInfo]] = defaultdict(list)
        if project.global_licensing:
            relpath = project.relative_from_root(path)
            global_results = defaultdict(list, project.global_licensing.reuse_info_of(relpath))
        file_result = ReuseInfo()
        lines: dict[str, dict[tuple[str, str], int]] = {}
        is_text, error = True, None
        if PrecedenceType.OVERRIDE not in global_results:
            source_rel = licence_path.relative_to(self.root).as_posix()
            file_result, file_lines, is_text, error = self._file_info(licence_path, source_rel)
            if licence_path != path:
                is_text = self._is_text(path)
            if file_result.contains_info():
                source_type = SourceType.DOT_LICENSE if licence_path.suffix == ".license" and licence_path != path \
                    else SourceType.FILE_HEADER
                file_result = file_result.copy(
                    path=path.relative_to(self.root).as_posix(), source_path=source_rel, source_type=source_type
                )
                lines[source_rel] = file_lines
        result: list[ReuseInfo] = []
        result.extend(global_results[PrecedenceType.OVERRIDE])
        result.extend(global_results[PrecedenceType.AGGREGATE])
        if file_result.contains_info():
            result.append(file_result)
        if not file_result.contains_copyright_or_licensing():
            result.extend(global_results[PrecedenceType.CLOSEST])
        elif file_result.contains_copyright_xor_licensing() and global_results[PrecedenceType.CLOSEST]:
            closest = global_results[PrecedenceType.CLOSEST][0]
            if file_result.copyright_notices:
                result.append(closest.copy(copyright_notices=set()))
            elif file_result.spdx_expressions:
                result.append(closest.copy(spdx_expressions=set()))
        return result, lines, is_text, error

    def _is_text(self, path: Path) -> bool:
        raw = self.raws.get(path.relative_to(self.root).as_posix())
        if raw is not None:
            return _decode(raw[:_SNIFF]) is not None
        try:
            with _open(path) as fh:
                return _decode(fh.read(_SNIFF)) is not None
        except OSError:
            return False

    def file(self, path: Path) -> FileLicensing:
        rel = path.relative_to(self.root).as_posix()
        try:
            infos, lines, is_text, error = self.infos_of(path)
        except (OSError, UnicodeError) as err:
            return FileLicensing(rel, read_error=str(err), is_text=False)
        if error is not None:
            return FileLicensing(rel, read_error=error, is_text=False)
        expressions: list[Tag] = []
        copyrights: list[Tag] = []
        missing: list[str] = []
        for info in infos:
            source = info.source_path or rel
            stype = info.source_type.value if info.source_type else "file-header"
            from_toml = info.source_type in (SourceType.REUSE_TOML, SourceType.DEP5)
            for expr in sorted(info.spdx_expressions, key=_expr_text):
                value = _expr_text(expr)
                line = self._toml_line(source, "licence", value) if from_toml \
                    else lines.get(source, {}).get(("licence", value))
                ids = tuple(expr.licenses) if expr.is_valid else ()
                expressions.append(Tag(value, source, stype, line, expr.is_valid, ids))
                for identifier in ids:
                    candidates = {identifier, _strip_plus_from_identifier(identifier)}
                    if not candidates.intersection(self.project.licenses) and identifier not in missing:
                        missing.append(identifier)
            for notice in sorted(info.copyright_notices, key=str):
                value = str(notice)
                line = self._toml_line(source, "copyright", value) if from_toml \
                    else lines.get(source, {}).get(("copyright", value))
                copyrights.append(Tag(value, source, stype, line))
        sidecar = f"{rel}.license" if (self.root / f"{rel}.license").is_file() else None
        front_matter = False
        if is_text and sidecar is None:
            front_matter = rel.endswith(".md") and self._starts_with_fence(rel, path)
        return FileLicensing(rel, tuple(expressions), tuple(copyrights), tuple(missing), None, sidecar,
                             is_text, front_matter)

    def _starts_with_fence(self, rel: str, path: Path) -> bool:
        raw = self.raws.get(rel)
        if raw is not None:
            return raw[:3] == b"---"
        try:
            with _open(path) as fh:
                return fh.read(3) == b"---"
        except OSError:
            return False


def _subset_files(root: Path, project: Project, subset: Collection[str]) -> list[Path]:
    """The covered files among ``subset``: what ``Project.subset_files`` yields, without walking the tree."""
    out = []
    for rel in sorted(set(subset)):
        path = root / rel
        if not path.is_file() or path.is_symlink():
            continue
        parents = [root / Path(rel).parents[i] for i in range(len(Path(rel).parents) - 1)]
        if any(is_path_ignored(d, vcs_strategy=project.vcs_strategy) for d in parents):
            continue
        if is_path_ignored(path, vcs_strategy=project.vcs_strategy):
            continue
        out.append(path)
    return out


def _licence_texts(root: Path, project: Project) -> tuple[LicenceText, ...]:
    out = []
    without_ext = set(project.licenses_without_extension)
    for lic, path in sorted(project.licenses.items()):
        rel = Path(path).resolve().relative_to(root.resolve()).as_posix() if Path(path).is_absolute() \
            else Path(path).as_posix()
        problem = None
        if lic in without_ext:
            problem = "no-extension"
        elif lic not in project.license_map:
            problem = "bad"
        elif project.license_map[lic].get("isDeprecatedLicenseId"):
            problem = "deprecated"
        out.append(LicenceText(lic, rel, problem))
    return tuple(out)


PARALLEL_FROM = 400  # below this many files, one process is faster


def _scan_chunk(root: Path, rels: list[str]) -> list[FileLicensing]:
    """Worker: the files of one chunk (each worker reads the project itself: about 2 ms)."""
    scanner = _Scanner(root, Project.from_directory(root))
    return [scanner.file(root / rel) for rel in rels]


Known = Mapping[str, tuple[str | None, FileLicensing]]  # path -> (cache key of the bytes read, result)


def licensing_of(root: Path | str, raws: Mapping[str, bytes], keys: bool = True
                 ) -> dict[str, tuple[str | None, FileLicensing]]:
    """The REUSE information of files whose bytes were already read (relative path -> all their bytes),
    as ``scan`` finds it, with the cache key of those bytes (None without ``keys``: not cached), for
    ``scan(known=...)``: a worker that read resources hands this on instead of ``scan`` reading them
    again. Whether a file is covered is ``scan``'s business (entries of files it does not cover are
    unused); {} when the project cannot be read (``scan`` reports it)."""
    root = Path(root).resolve()
    with hardened_process(root):
        try:
            project = _project(root, None)
        except (GlobalLicensingParseError, GlobalLicensingConflictError, UnicodeDecodeError, OSError,
                RuntimeError):
            return {}
        scanner = _Scanner(root, project, raws)
        return {rel: (_file_key(root / rel, raw) if keys else None, scanner.file(root / rel))
                for rel, raw in raws.items()}


def _file_key(path: Path, raw: bytes | None = None) -> str | None:
    """What a file's REUSE verdict depends on, besides the project: its bytes (``raw`` when already
    read) and its sidecar's."""
    from open_commons.cache import digest

    try:
        if path.is_symlink():
            return None
        sidecar = Path(f"{path}.license")
        side = b"\x00none"
        if sidecar.is_file() or is_special(sidecar):
            with _open(sidecar) as fh:
                side = fh.read()
        if raw is not None:
            return digest(raw, side)
        with _open(path) as fh:
            return digest(fh.read(), side)
    except OSError:
        return None


def project_digest(root: Path | str) -> str:
    """What every file's verdict depends on: every REUSE.toml (at any level), .reuse/dep5 and the whole
    LICENSES/ tree (names and bytes)."""
    import os

    from open_commons.cache import digest

    root = Path(root)
    parts: list[bytes] = []
    dep5 = root / ".reuse" / "dep5"
    parts.append(dep5.read_bytes() if dep5.is_file() else b"\x00none")
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        rel = Path(folder).relative_to(root).as_posix()
        in_licences = rel == "LICENSES" or rel.startswith("LICENSES/")
        for name in sorted(files):
            if name == "REUSE.toml" or in_licences:
                path = Path(folder) / name
                parts.append(f"{rel}/{name}".encode("utf-8", "surrogateescape"))
                try:
                    parts.append(path.read_bytes() if path.is_file() and not path.is_symlink() else b"\x00link")
                except OSError:
                    parts.append(b"\x00unreadable")
    return digest(*parts)


def _scan_files(root: Path, scanner: _Scanner, paths: list[Path], known: Known,
                jobs: int, cache: dict[str, tuple[str, object]] | None = None) -> list[FileLicensing]:
    if cache is None:
        return _scan_uncached(root, scanner, paths, {rel: found for rel, (_key, found) in known.items()}, jobs)
    done: dict[str, FileLicensing] = {}
    keys: dict[str, str | None] = {}
    todo: list[Path] = []
    for path in paths:
        rel = path.relative_to(root).as_posix()
        if rel in known:  # found from the bytes the key was made of: consistent, whatever happened since
            keys[rel], done[rel] = known[rel]
            continue
        key = keys[rel] = _file_key(path)
        entry = cache.get(rel)
        if key is not None and entry is not None and entry[0] == key and isinstance(entry[1], FileLicensing):
            done[rel] = entry[1]
        else:
            todo.append(path)
    for found in _scan_uncached(root, scanner, todo, {}, jobs):
        done[found.path] = found
    cache.clear()
    cache.update((rel, (key, done[rel])) for rel, key in keys.items() if key is not None and rel in done)
    return [done[p.relative_to(root).as_posix()] for p in paths]


def _scan_uncached(root: Path, scanner: _Scanner, paths: list[Path], known: Mapping[str, FileLicensing],
                   jobs: int) -> list[FileLicensing]:
    rels = [p.relative_to(root).as_posix() for p in paths]
    todo = [rel for rel in rels if rel not in known]
    if jobs <= 1 or len(todo) < PARALLEL_FROM:
        done = {rel: scanner.file(root / rel) for rel in todo}
    else:
        from concurrent.futures import ProcessPoolExecutor

        size = max(50, len(todo) // (jobs * 4))
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            done = {f.path: f for part in pool.map(_scan_chunk, [root] * len(chunks), chunks) for f in part}
    return [known[rel] if rel in known else done[rel] for rel in rels]


def _refuse_special(path: Path) -> None:
    """A REUSE.toml or dep5 that is a FIFO, a socket or a device: refused (reuse would open it and
    wait for ever); the report's error names it (LIC010)."""
    if is_special(path):
        raise NotRegular(path, special_kind(os.lstat(path).st_mode) or "other")


class _RegularProject(Project):
    """``reuse``'s Project, refusing a REUSE.toml or dep5 that is not a regular file."""

    @classmethod
    def find_global_licensing(cls, root: Path, *args: Any, **kwargs: Any) -> list[GlobalLicensingFound]:
        found: list[GlobalLicensingFound] = super().find_global_licensing(root, *args, **kwargs)
        for item in found:
            _refuse_special(Path(item.path))
        return found


def _project(root: Path, reuse_tomls: Collection[str] | None) -> Project:
    """``Project.from_directory``; with ``reuse_tomls`` (the REUSE.toml files of ``root``, known to the
    caller, e.g. from git's index) the tree is not walked to find them."""
    if reuse_tomls is None:
        return _RegularProject.from_directory(root)
    known = sorted(set(reuse_tomls))

    def find_global_licensing(cls: type[Project], root: Path, include_submodules: bool = False,
                              include_meson_subprojects: bool = False,
                              vcs_strategy: object = None) -> list[GlobalLicensingFound]:
        """Project.find_global_licensing of reuse 6.2, the REUSE.toml files given instead of searched."""
        candidates: list[GlobalLicensingFound] = []
        dep5_path = root / ".reuse/dep5"
        _refuse_special(dep5_path)
        if dep5_path.exists():
            candidates = [GlobalLicensingFound(dep5_path, ReuseDep5)]
        options = {"include_submodules": include_submodules,
                   "include_meson_subprojects": include_meson_subprojects, "vcs_strategy": vcs_strategy}
        found = []
        for rel in known:
            item = root / rel
            _refuse_special(item)
            if not item.is_file():
                continue
            if is_path_ignored(item, include_reuse_tomls=True, **options):  # type: ignore[arg-type]
                continue
            parts = Path(rel).parts
            if any(is_path_ignored(root.joinpath(*parts[:i]), **options)  # type: ignore[arg-type]
                   for i in range(1, len(parts))):
                continue
            found.append(GlobalLicensingFound(item, ReuseTOML))
        if found:
            if candidates:
                raise GlobalLicensingConflictError(
                    f"Found both '{found[0].path}' and '{dep5_path}'. You cannot keep both files "
                    "simultaneously; they are not intercompatible.")
            candidates = found
        return candidates

    known_project: type[Project] = type("_KnownTomlsProject", (Project,),
                         {"find_global_licensing": classmethod(find_global_licensing)})
    return known_project.from_directory(root)


def _relative(root: Path, path: str | None) -> str:
    try:
        return Path(path or "REUSE.toml").relative_to(root).as_posix()
    except ValueError:
        return "REUSE.toml"


def scan(root: Path | str, subset: Collection[str] | None = None, known: Known | None = None,
         jobs: int = 1, cache: dict[str, tuple[str, object]] | None = None,
         reuse_tomls: Collection[str] | None = None) -> ReuseReport:
    """REUSE information of every covered file of ``root`` (or only of ``subset``, paths relative to root).

    ``known`` may give the information of files already found (``licensing_of``, POSIX relative
    path -> (key, result)): those files are not read again.
    With ``jobs`` > 1 and many files, files are scanned in that many processes. ``cache``
    (path -> (key, result), updated in place) skips files whose bytes and sidecar did not
    change; its owner must drop it when ``project_digest`` changes. ``reuse_tomls``: every
    REUSE.toml of ``root`` (relative paths), when the caller knows them: the tree is not walked.
    Never raises on bad input: a broken REUSE.toml is the report's ``error``.
    The git processes ``reuse`` starts (``git ls-files``) run hardened (``gitrun``).
    """
    root = Path(root).resolve()
    with hardened_process(root):
        return _scan(root, subset, known or {}, jobs, cache, reuse_tomls)


def _scan(root: Path, subset: Collection[str] | None, known: Known, jobs: int,
          cache: dict[str, tuple[str, object]] | None, reuse_tomls: Collection[str] | None) -> ReuseReport:
    try:
        project = _project(root, reuse_tomls)
    except (GlobalLicensingParseError, GlobalLicensingConflictError, UnicodeDecodeError) as err:
        source = getattr(err, "source", None)
        return ReuseReport((), error=str(err) or type(err).__name__,
                           error_path=_relative_to(root, str(source)) if source else "REUSE.toml")
    except NotRegular as err:
        return ReuseReport((), error=str(err), error_path=_relative(root, err.filename))
    except (OSError, RuntimeError) as err:
        return ReuseReport((), error=str(err) or type(err).__name__)
    scanner = _Scanner(root, project)
    if subset is None:
        paths: Iterable[Path] = project.all_files()
    else:
        paths = _subset_files(root, project, subset)
    files = _scan_files(root, scanner, list(paths), known, jobs, cache)
    files.sort(key=lambda f: f.path)
    licence_texts = _licence_texts(root, project)
    unused: tuple[str, ...] = ()
    if subset is None:
        used = {lic for f in files for t in f.expressions for lic in t.licenses}
        unused = tuple(sorted(
            lic for lic in project.licenses
            if not any(ident in used for ident in (lic, _add_plus_to_identifier(lic)))
        ))
    missing = any(f.missing_licenses for f in files)
    return ReuseReport(tuple(files), licence_texts, unused, subset is not None,
                       known_ids=known_licence_ids() if missing else {})


def _relative_to(root: Path, source: str) -> str:
    """A path REUSE reports, relative to the scanned folder (a private folder's path means nothing to a user)."""
    try:
        return Path(source).resolve().relative_to(root).as_posix()
    except (ValueError, OSError):
        return source


def toml_matches(texts: Iterable[str], source: str, paths: Iterable[str]) -> set[str] | None:
    """Which of ``paths`` (relative to the REUSE.toml's folder) an annotation of one of these versions
    of a REUSE.toml matches; None when a version cannot be read (then every path may be affected)."""
    tomls = []
    for text in texts:
        try:
            tomls.append(ReuseTOML.from_toml(text, source))
        except (GlobalLicensingParseError, ValueError, TypeError):
            return None
    return {p for p in paths if any(t.find_annotations_item(p) is not None for t in tomls)}


def is_licence_ref(identifier: str) -> bool:
    return bool(_LICENSEREF_PATTERN.match(identifier))


def known_licence_ids() -> dict[str, str]:
    """Lower-case id -> SPDX id, for every licence and exception on the SPDX list."""
    from reuse._licenses import EXCEPTION_MAP, LICENSE_MAP

    return {k.lower(): k for k in (*LICENSE_MAP, *EXCEPTION_MAP)}


def walk_files(root: Path | str) -> list[str]:
    """Covered files of a tree (what ``reuse lint`` looks at), relative POSIX paths."""
    root = Path(root).resolve()
    project = Project.from_directory(root)
    return sorted(p.relative_to(root).as_posix() for p in project.all_files())

