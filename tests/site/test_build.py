# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""The static site: pages, credit lines, languages, partners, partners-only content, incremental build."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from open_commons.cli import main
from open_commons.site import SiteError, build_site
from open_commons.site.render import relative, render_markdown
from open_commons.sources.tree import load_commons
from tests.site.conftest import REPO, SECRET, SECRET_ID, copy_commons, load_index, read
from tests.site.helpers import broken_links

PUBLIC = [r for r in load_commons(REPO).resources if r.data.get("access") == "public" and r.id]


def test_every_public_resource_has_a_page_and_an_index_entry(shipped_site: Path) -> None:
    assert len(PUBLIC) >= 30
    urls = {e["u"] for e in load_index(shipped_site)}
    for res in PUBLIC:
        page = shipped_site / "resources" / f"{res.expected_id}.html"
        assert page.is_file(), res.path
        assert f"resources/{res.expected_id}.html" in urls
        html = read(page)
        assert f"<h1>{_esc(res.data['title'])}</h1>" in html, res.path


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace(
        '"', "&#34;")


def test_home_phases_types_and_partners_pages(shipped_site: Path) -> None:
    home = read(shipped_site / "index.html")
    for phase in ("montage", "financement", "sourcing", "formation", "placement"):
        assert f'href="phases/{phase}.html"' in home
        assert (shipped_site / "phases" / f"{phase}.html").is_file()
        assert (shipped_site / "en" / "phases" / f"{phase}.html").is_file()
    assert '<html lang="fr">' in home
    assert "Les cinq phases" in home
    assert '<html lang="en">' in read(shipped_site / "en" / "index.html")
    assert "The five phases" in read(shipped_site / "en" / "index.html")
    guide = read(shipped_site / "types" / "guide.html")
    assert "Animer une information collective" in guide
    assert (shipped_site / "partners" / "index.html").is_file()
    assert (shipped_site / "partners" / "simplon.html").is_file()


def test_resource_page_has_card_credit_line_reuse_and_edit_link(shipped_site: Path) -> None:
    html = read(shipped_site / "resources" / "sourcing" / "information-collective.html")
    for label in ("Public", "Durée", "Version", "Dernière modification", "Auteur·ices", "Contributeur·ices"):
        assert f"<dt>{label}</dt>" in html, label
    assert "<dd>3 h</dd>" in html and "<dd>1.2.0</dd>" in html
    assert "15 septembre 2026" in html
    assert "Nadia Haddad" in html
    assert 'id="credit"' in html and "Animer une information collective" in html.split('id="credit"')[1]
    assert "CC BY-SA 4.0" in html.split('id="credit"')[1] or "CC-BY-SA-4.0" in html.split('id="credit"')[1]
    assert "Réutiliser cette ressource" in html
    assert ('href="https://github.com/simplon/open-commons/edit/main/content/sourcing/information-collective.md"'
            in html)
    assert "Historique des modifications" in html


def test_attachments_are_copied_and_linked(shipped_site: Path) -> None:
    html = read(shipped_site / "resources" / "sourcing" / "information-collective.html")
    assert 'href="information-collective-deroule.csv" download' in html
    copied = shipped_site / "resources" / "sourcing" / "information-collective-deroule.csv"
    assert copied.read_bytes() == (REPO / "content" / "sourcing" / "information-collective-deroule.csv").read_bytes()


def test_english_version_and_language_switch(shipped_site: Path) -> None:
    fr = read(shipped_site / "resources" / "sourcing" / "information-collective.html")
    en = read(shipped_site / "resources" / "sourcing" / "information-collective.en.html")
    assert '<html lang="en">' in en and "About this resource" in en and "How to reuse this resource" in en
    assert 'href="information-collective.en.html" hreflang="en"' in fr
    assert 'href="information-collective.html" hreflang="fr"' in en
    en_phase = read(shipped_site / "en" / "phases" / "sourcing.html")
    assert "../../resources/sourcing/information-collective.en.html" in en_phase
    assert "Running a group information session" in en_phase
    assert "information-collective.en.html" not in read(shipped_site / "phases" / "sourcing.html")


def test_charter_is_in_the_navigation(shipped_site: Path) -> None:
    home = read(shipped_site / "index.html")
    assert 'href="resources/communaute/charte-de-reciprocite.html">Charte de réciprocité' in home
    assert (shipped_site / "resources" / "communaute" / "charte-de-reciprocite.html").is_file()


def test_every_internal_link_and_asset_resolves(shipped_site: Path, fixture_site: Path) -> None:
    assert broken_links(shipped_site) == []
    assert broken_links(fixture_site) == []


def test_the_crawler_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<a href="b.html">b</a><a href="a.html#nope">x</a><img src="/x.png" alt="">')
    assert len(broken_links(tmp_path)) == 3


def test_links_are_relative_everywhere(shipped_site: Path) -> None:
    for page in shipped_site.rglob("*.html"):
        assert not re.search(r'(?:href|src)="/', read(page)), page


def _all_files(site: Path) -> dict[str, str]:
    """Every file of the built tree, zip members included: name -> text."""
    out = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        out[rel] = path.read_bytes().decode("utf-8", "replace")
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    out[f"{rel}!{name}"] = archive.read(name).decode("utf-8", "replace")
    return out


def test_partners_tier_never_enters_a_public_build(fixture_site: Path) -> None:
    files = _all_files(fixture_site)
    assert any(name.startswith("kits/formation.zip!") for name in files)
    for name, text in files.items():
        assert SECRET not in name and "secret-partenaires" not in name, name
        assert SECRET not in text, name
        if not name.endswith(".md"):  # a public resource's own Markdown may name the file it links to
            assert "secret-partenaires" not in text and SECRET_ID not in text, name
    assert all("secret" not in e["u"] for e in load_index(fixture_site))
    linking = read(fixture_site / "resources" / "formation" / "liens-utiles.html")
    assert "la grille réservée" in linking  # the text stays, the link goes
    assert not re.search(r"<a [^>]*>la grille réservée", linking)


def test_a_partners_build_includes_them(fixture_commons: Path, tmp_path: Path) -> None:
    build_site(fixture_commons, tmp_path / "private", access="partners")
    assert SECRET in read(tmp_path / "private" / "resources" / f"{SECRET_ID}.html")


def test_partner_page_shows_its_contributions_from_the_ledger(fixture_site: Path) -> None:
    html = read(fixture_site / "partners" / "fabrique-roubaix.html")
    assert "<h1>Fabrique numérique de Roubaix</h1>" in html
    assert 'href="https://github.com/simplon/open-commons/pull/12">#12</a>' in html
    assert 'href="../resources/sourcing/information-collective.html">Animer une information collective</a>' in html
    assert 'pull/15">#15</a>' in html and "1 autres fichiers" in html
    assert "amélioration" in html and "nouvelle ressource" in html
    assert "Liens utiles" in html  # improved (contributor in the front-matter)
    simplon = read(fixture_site / "partners" / "simplon.html")
    assert "Relectures" in simplon and "#12" in simplon


def test_markdown_body_is_safe_and_headings_are_in_order(fixture_site: Path) -> None:
    html = read(fixture_site / "resources" / "formation" / "liens-utiles.html")
    body = html.split('<div class="body">')[1].split("</div>")[0]
    assert "<script>" not in body and "&lt;script&gt;" in body
    levels = [int(n) for n in re.findall(r"<h([1-6])", body)]
    assert levels and min(levels) >= 2
    assert all(b <= a + 1 for a, b in zip([1, *levels], levels, strict=False))
    assert 'href="evaluation-par-competences.html#du-r%C3%A9f%C3%A9rentiel-aux-crit%C3%A8res-observables"' in body
    assert 'href="../sourcing/information-collective.html"' in body


def test_render_markdown_rewrites_links() -> None:
    seen = []

    def resolve(target: str) -> str:
        seen.append(target)
        return {"content/a/b.md": "b.html", "content/a/f.csv": "f.csv"}.get(target, "")

    html = render_markdown("# T\n\n[b](b.md) [f](f.csv) [g](gone.md) [w](https://example.org)\n", "content/a/x.md",
                           resolve)
    assert '<a href="b.html">b</a>' in html and '<a href="f.csv">f</a>' in html
    assert "g" in html and 'href="gone.md"' not in html
    assert 'href="https://example.org"' in html and "<h1>" not in html
    assert seen == ["content/a/b.md", "content/a/f.csv", "content/a/gone.md"]


def test_relative_urls() -> None:
    assert relative("index.html", "phases/a.html") == "phases/a.html"
    assert relative("resources/x/y.html", "index.html") == "../../index.html"
    assert relative("en/phases/a.html", "resources/x/y.html") == "../../resources/x/y.html"


def test_incremental_rebuild_rewrites_only_what_depends_on_the_change(tmp_path: Path) -> None:
    root = copy_commons(tmp_path / "commons")
    out = tmp_path / "site"
    first = build_site(root, out)
    assert len(first.written) == first.planned
    again = build_site(root, out)
    assert again.written == []
    # a change in the body only: that page and the kit of its phase
    path = root / "content" / "placement" / "job-dating.md"
    path.write_text(read(path) + "\nUne ligne ajoutée.\n", encoding="utf-8")
    body_only = build_site(root, out)
    # (the search index holds the body's words)
    assert set(body_only.written) == {"resources/placement/job-dating.html", "kits/placement.zip",
                                      "search-index.json", "search-index.js"}
    assert "Une ligne ajoutée." in read(out / "resources" / "placement" / "job-dating.html")
    # a new title: the page, the lists that show it, the search index; no other resource page
    path.write_text(read(path).replace("\ntitle: ", "\ntitle: Nouveau titre — ", 1), encoding="utf-8")
    retitled = build_site(root, out)
    written = set(retitled.written)
    assert "resources/placement/job-dating.html" in written
    assert {"phases/placement.html", "en/phases/placement.html", "search-index.json"} <= written
    other_resources = {w for w in written if w.startswith("resources/")} - {"resources/placement/job-dating.html"}
    assert other_resources == set()
    assert "phases/montage.html" not in written and "kits/montage.zip" not in written
    assert len(written) < retitled.planned / 3
    # a removed resource: its page goes
    path.unlink()
    removed = build_site(root, out)
    assert "resources/placement/job-dating.html" in removed.removed
    assert not (out / "resources" / "placement" / "job-dating.html").exists()


def test_refuses_to_write_into_a_folder_it_did_not_build(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "precious.txt").write_text("x")
    with pytest.raises(SiteError):
        build_site(REPO, tmp_path / "out")
    assert (tmp_path / "out" / "precious.txt").exists()


def test_cli(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["site", "--out", str(tmp_path / "s"), "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    assert "ressources" in result.output and "fichiers écrits" in result.output  # the commons speaks French
    assert (tmp_path / "s" / "index.html").is_file()
    result = CliRunner().invoke(main, ["site", "--out", str(tmp_path / "s"), "--root", str(REPO), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "resources" in result.output and "unchanged" in result.output
    assert '<html lang="en">' in read(tmp_path / "s" / "index.html")
    assert (tmp_path / "s" / "fr" / "index.html").is_file()
    shutil.rmtree(tmp_path / "s")


def test_task_lists_are_checkboxes_with_labels(shipped_site: Path) -> None:
    html = read(shipped_site / "resources" / "communaute" / "contribuer.html")
    assert "[ ]" not in html
    assert html.count('type="checkbox"') >= 3
    assert '<label for="task-1"><input id="task-1" class="task-list-item-checkbox"' in html


def test_licence_is_named_cc_by_sa_4_0(shipped_site: Path) -> None:
    for page in ("index.html", "resources/sourcing/information-collective.html", "en/index.html"):
        html = read(shipped_site / page)
        assert "CC BY-SA 4.0" in html and "CC BY SA 4.0" not in html, page


def test_home_counts_resources_as_check_does(shipped_site: Path) -> None:
    from open_commons.pipeline import check

    commons = load_commons(REPO)
    report = check(commons)
    counted = sum(1 for r in commons.resources if r.data.get("access") == "public" and r.id)
    # counted from the files, never a fixed number: a partner's pull request adding a resource passes
    files = [p for p in (REPO / "content").rglob("*.md") if p.name != "README.md"]
    assert report.errors == 0 and counted == len(commons.resources) == len(files) >= 40
    assert f": {counted} ressources" in read(shipped_site / "index.html")
    assert f": {counted} resources" in read(shipped_site / "en" / "index.html")
    assert len(load_index(shipped_site)) == counted


def test_unregistered_partner_ids_are_named_as_such(fixture_site: Path, tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[2]
    root = tmp_path / "commons"
    root.mkdir()
    shutil.copyfile(repo / "commons.yaml", root / "commons.yaml")
    shutil.copytree(repo / "content", root / "content")
    shutil.copytree(repo / "partners", root / "partners")
    (root / "partners" / "e2c-marseille.yaml").unlink()  # the content still credits it: an unregistered id
    out = tmp_path / "_site"
    build_site(root, out, access="public")
    index = read(out / "partners" / "index.html")
    assert "Simplon.co" in index and "Montreuil" in index
    assert "e2c-marseille</a> <span class=\"meta\">(absent du registre des partenaires)</span>" in index
    page = read(out / "partners" / "e2c-marseille.html")
    assert "n&#39;est pas dans le registre des partenaires" in page
    assert "Aucune contribution inscrite" not in page  # it improved resources: not "nothing recorded"
    registered = read(fixture_site / "partners" / "fabrique-roubaix.html")
    assert "Fabrique numérique de Roubaix" in registered and "Roubaix (Nord)" in registered
    assert "registre des partenaires :" not in registered


def test_breadcrumb_names_the_folder_once_for_a_multi_phase_resource(shipped_site: Path) -> None:
    html = read(shipped_site / "resources" / "financement" / "budget-previsionnel.html")
    crumb = html.split('class="breadcrumb">', 1)[1].split("</nav>", 1)[0]
    assert crumb.count("<a ") == 2 and "Financement" in crumb and "Montage" not in crumb
    facts = html.split('class="facts">', 1)[1].split("</dl>", 1)[0]
    assert "Montage" in facts and "Financement" in facts
