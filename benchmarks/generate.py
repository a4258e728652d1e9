# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Generate a synthetic commons of N resources (valid, REUSE-compliant) for benchmarks.

    python benchmarks/generate.py 10000 /tmp/commons-10k

The tree has this repository's commons.yaml, LICENSES/ and N resources spread over the
phases, each with realistic front-matter (authors, contributors, a source, changes) and
a body of a few hundred words.
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PHASES = ["montage", "financement", "sourcing", "formation", "placement"]
TYPES = ["guide", "document-template", "budget", "schedule", "tutorial", "course-content", "checklist"]
AUDIENCES = ["porteur-de-projet", "direction", "charge-de-sourcing", "formateur", "charge-insertion", "apprenant"]
WORDS = ["atelier", "apprenant", "formation", "entreprise", "parcours", "compétence", "projet", "financement", "sourcing", "accompagnement", "évaluation", "placement", "partenaire", "territoire", "inclusion", "numérique", "promotion", "candidat", "motivation", "stage", "alternance", "emploi", "région", "budget", "planning", "équipe"]


def resource(i: int, rng: random.Random) -> tuple[str, str]:
    phase = PHASES[i % len(PHASES)]
    slug = f"ressource-{i:06d}"
    rid = f"{phase}/{slug}"
    rtype = TYPES[i % len(TYPES)]
    body_words = " ".join(rng.choice(WORDS) for _ in range(300))
    paragraphs = "\n\n".join(body_words[j : j + 400] for j in range(0, len(body_words), 400))
    text = f"""---
# SPDX-FileCopyrightText: 2018 Simplon.co
# SPDX-FileCopyrightText: 2025 Fabrique numérique de Roubaix
# SPDX-License-Identifier: CC-BY-SA-4.0
schema_version: 1
id: {rid}
title: Ressource de test numéro {i}
description: Une ressource synthétique pour mesurer la vitesse des vérifications.
type: {rtype}
phases: [{phase}]
language: fr
version: 1.1.0
status: published
access: public
authors:
  - name: Simplon.co
    partner: simplon
contributors:
  - name: Awa Diallo
    github: awadiallo
    partner: fabrique-roubaix
is_based_on:
  - title: Guide du recrutement inclusif
    url: https://example.org/guide/{i}
    authors: [Jane Doe]
    license: CC-BY-4.0
    modified: true
changes:
  - date: 2025-03-02
    by: fabrique-roubaix
    summary: Variante à distance ajoutée
    version: 1.1.0
date_created: 2018-05-14
date_modified: 2025-03-02
audience: [{AUDIENCES[i % len(AUDIENCES)]}, {AUDIENCES[(i + 1) % len(AUDIENCES)]}]
time_required: PT3H
keywords: [test, benchmark]
---

# Ressource de test numéro {i}

{paragraphs}
"""
    return f"content/{phase}/{slug}.md", text


def generate(n: int, target: Path, seed: int = 1) -> Path:
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "content").mkdir(parents=True)
    shutil.copyfile(REPO / "commons.yaml", target / "commons.yaml")
    shutil.copytree(REPO / "LICENSES", target / "LICENSES")
    for lic in (target / "LICENSES").iterdir():  # keep the texts the tree uses (REUSE: none unused)
        if lic.stem not in {"CC-BY-SA-4.0"}:
            lic.unlink()
    for i in range(n):
        rel, text = resource(i, rng)
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/generate.py N DIR")
    out = generate(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{sys.argv[1]} resources in {out}")
