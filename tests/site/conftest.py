# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Sites built once per session: from the shipped commons, and from a copy with partners-only content,
a partner file and a ledger."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from open_commons.model.ledger import GENESIS, canonical, record_hash
from open_commons.site import build_site

REPO = Path(__file__).resolve().parents[2]
SECRET = "MARQUEUR-RESERVE-AUX-PARTENAIRES"
SECRET_ID = "formation/secret-partenaires"

SECRET_RESOURCE = f"""---
# SPDX-FileCopyrightText: 2026 Simplon.co
# SPDX-License-Identifier: CC-BY-SA-4.0
schema_version: 1
id: {SECRET_ID}
title: Grille tarifaire {SECRET}
description: Réservé aux partenaires validés {SECRET}.
type: budget
phases: [formation]
language: fr
version: 1.0.0
status: published
access: partners
authors:
  - name: Simplon.co
    partner: simplon
date_created: 2026-01-10
date_modified: 2026-01-10
attachments: [secret-partenaires.csv]
---

# Grille tarifaire

{SECRET} : ne doit jamais sortir du dépôt privé.
"""

LINKING_RESOURCE = """---
# SPDX-FileCopyrightText: 2026 Simplon.co
# SPDX-License-Identifier: CC-BY-SA-4.0
schema_version: 1
id: formation/liens-utiles
title: Liens utiles
description: Une ressource publique qui renvoie vers d'autres ressources.
type: guide
phases: [formation]
language: fr
version: 1.0.0
status: published
access: public
authors:
  - name: Simplon.co
    partner: simplon
contributors:
  - name: Awa Diallo
    partner: fabrique-roubaix
date_created: 2026-01-10
date_modified: 2026-01-10
---

# Liens utiles

Voir [la grille réservée](secret-partenaires.md), [l'évaluation](evaluation-par-competences.md#du-référentiel-aux-critères-observables)
et [l'information collective](../sourcing/information-collective.md).

<script>alert("x")</script>

### Un titre qui saute un niveau

# Un second titre de niveau 1
"""

PARTNER = """schema_version: 1
id: fabrique-roubaix
name: Fabrique numérique de Roubaix
kind: association
territory: Roubaix (Nord)
status: validated
history:
  - status: validated
    since: 2025-06-01
commitment:
  charter: communaute/charte-de-reciprocite
  version: 1.0.0
  signed_on: 2025-06-01
identities:
  - github: awadiallo
"""


def ledger_text() -> str:
    records = []
    prev = GENESIS
    items = [
        (12, "2026-03-02T10:15:00Z", ["improvement"],
         [{"id": "sourcing/information-collective", "path": "content/sourcing/information-collective.md",
           "change": "modified"}]),
        (15, "2026-04-10T08:00:00Z", ["new-resource"],
         [{"id": SECRET_ID, "path": f"content/{SECRET_ID}.md", "change": "added"}]),
    ]
    for seq, (pr, merged_at, kinds, resources) in enumerate(items, start=1):
        record = {"v": 1, "seq": seq, "pr": pr, "merge_sha": f"{seq:040x}", "merged_at": merged_at,
                  "author": {"login": "awadiallo", "partner": "fabrique-roubaix"}, "co_authors": [],
                  "partners": ["fabrique-roubaix"], "reviewers": [{"login": "simplon", "partner": "simplon"}],
                  "resources": resources, "kinds": kinds, "lines_added": 10, "lines_removed": 1, "prev": prev}
        record["hash"] = record_hash(record)
        prev = record["hash"]
        records.append(canonical(record))
    return "\n".join(records) + "\n"


def copy_commons(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "commons.yaml", target / "commons.yaml")
    shutil.copytree(REPO / "content", target / "content")
    if (REPO / "partners").is_dir():
        shutil.copytree(REPO / "partners", target / "partners")
    return target


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped") / "_site"
    build_site(REPO, out)
    return out


@pytest.fixture(scope="session")
def fixture_commons(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_commons(tmp_path_factory.mktemp("fixture") / "commons")
    (root / "content" / f"{SECRET_ID}.md").write_text(SECRET_RESOURCE, encoding="utf-8")
    (root / "content" / "formation" / "secret-partenaires.csv").write_text(f"poste,{SECRET}\n", encoding="utf-8")
    (root / "content" / "formation" / "liens-utiles.md").write_text(LINKING_RESOURCE, encoding="utf-8")
    (root / "partners").mkdir(exist_ok=True)
    (root / "partners" / "fabrique-roubaix.yaml").write_text(PARTNER, encoding="utf-8")
    (root / "ledger").mkdir(exist_ok=True)
    (root / "ledger" / "contributions.jsonl").write_text(ledger_text(), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def fixture_site(fixture_commons: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixture-site") / "_site"
    build_site(fixture_commons, out, access="public")
    return out


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load_index(site: Path) -> list[dict[str, str]]:
    return json.loads(read(site / "search-index.json"))
