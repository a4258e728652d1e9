# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The shipped commons is a method a partner can run a training with: enough, complete, in every phase."""

from __future__ import annotations

import re
import statistics
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest

from open_commons.sources.tree import load_commons
from tests.conftest import REPO

PLACEHOLDERS = re.compile(r"\b(TODO|TBD|FIXME|lorem ipsum|à compléter|xxx)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def commons():
    return load_commons(REPO)


def words(markdown: str) -> int:
    text = re.sub(r"```.*?```", " ", markdown, flags=re.DOTALL)
    text = re.sub(r"[#|*_`>\-\[\]()]", " ", text)
    return len([w for w in text.split() if re.search(r"\w", w)])


def test_at_least_30_resources_with_5_per_phase(commons) -> None:
    resources = [r for r in commons.resources if r.data]
    assert len(resources) >= 30
    per_phase = Counter(r.expected_id.split("/")[0] for r in resources)
    for phase in commons.config.vocabulary("phases").labels:
        assert per_phase[phase] >= 5, (phase, per_phase)
    assert per_phase["communaute"] >= 3


def test_every_type_of_the_vocabulary_is_used(commons) -> None:
    used = {r.data.get("type") for r in commons.resources}
    assert set(commons.config.vocabulary("types").labels) <= used


def test_job_descriptions_and_learner_tutorials(commons) -> None:
    jobs = [r for r in commons.resources if r.data.get("type") == "job-description"]
    assert len(jobs) >= 4
    tutorials = [r for r in commons.resources
                 if r.data.get("type") == "tutorial" and "apprenant" in r.data.get("audience", [])]
    assert len(tutorials) >= 2


def test_guides_are_substantial_and_have_no_placeholder(commons) -> None:
    counts = []
    for res in commons.resources:
        body = res.doc.body
        assert not PLACEHOLDERS.search(body), res.path
        for key in ("title", "description"):
            assert not PLACEHOLDERS.search(str(res.data.get(key, ""))), (res.path, key)
        if res.data.get("type") in ("guide", "charter"):
            counts.append(words(body))
            assert words(body) >= 400, (res.path, words(body))
    assert statistics.median(counts) >= 500


def test_attachments_are_real_open_documents(commons) -> None:
    attachments = [(res, name) for res in commons.resources for name in res.data.get("attachments", [])]
    assert len(attachments) >= 6
    kinds = Counter(Path(name).suffix for _, name in attachments)
    assert kinds[".csv"] >= 3 and kinds[".ods"] >= 3 and kinds[".odt"] >= 4, kinds
    for res, name in attachments:
        path = REPO / res.path.rsplit("/", 1)[0] / name
        assert path.is_file(), path
        assert Path(f"{path}.license").is_file() or name.endswith(".md"), f"{path} needs REUSE info"
        if path.suffix in (".ods", ".odt"):
            with zipfile.ZipFile(path) as odf:
                first = odf.infolist()[0]
                assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
                assert odf.read("mimetype").decode().startswith("application/vnd.oasis.opendocument.")
                ElementTree.fromstring(odf.read("content.xml"))
        if path.suffix == ".csv":
            lines = path.read_text(encoding="utf-8").splitlines()
            assert len(lines) >= 5


def test_at_least_3_translations_linked_both_ways(commons) -> None:
    by_id = commons.by_id()
    translations = [r for r in commons.resources if r.data.get("translation_of")]
    assert len(translations) >= 3
    for res in translations:
        original = by_id[res.data["translation_of"]]
        assert original.data["translations"][res.data["language"]] == res.id


def test_community_documents(commons) -> None:
    ids = set(commons.by_id())
    assert "communaute/charte-de-reciprocite" in ids
    assert {"communaute/candidater-comme-partenaire", "communaute/contribuer"} <= ids


def test_history_and_sources_give_the_share_alike_rules_material(commons) -> None:
    with_changes = [r for r in commons.resources if len(r.data.get("changes", [])) >= 1]
    with_sources = [r for r in commons.resources if r.data.get("is_based_on")]
    assert len(with_changes) >= 5 and len(with_sources) >= 3
