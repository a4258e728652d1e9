# SPDX-FileCopyrightText: 2026 Open Commons contributors
# SPDX-License-Identifier: AGPL-3.0-or-later
"""Build the OpenDocument attachments of the commons from their sources.

Every .ods is built from the .csv beside it; every .odt is built from a
structured description kept in ``make_attachments.toml`` (next to this
script). Only the Python standard library is used, and the output is
deterministic: rebuilding gives byte-identical files.

    python scripts/make_attachments.py           # build every attachment
    python scripts/make_attachments.py --check   # fail if a file is stale
    python scripts/make_attachments.py --only content/sourcing/grille-de-selection.ods

After writing, each file is reopened with zipfile and its XML parts are
parsed with xml.etree, so a broken document is caught here, not by a user.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import tomllib
import zipfile
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().with_suffix(".toml")

# A fixed timestamp for every zip entry: the bytes do not depend on the
# day the script runs.
FIXED_DATE = (2026, 1, 1, 0, 0, 0)
GENERATOR = "Open Commons make_attachments.py"

MIME_ODS = "application/vnd.oasis.opendocument.spreadsheet"
MIME_ODT = "application/vnd.oasis.opendocument.text"

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "of": "urn:oasis:names:tc:opendocument:xmlns:of:1.2",
}
NS_DECL = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
NUMBER_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


# --------------------------------------------------------------------------
# Package writing (shared by ODS and ODT)
# --------------------------------------------------------------------------


def _manifest(mimetype: str) -> str:
    entries = [
        ("/", mimetype),
        ("content.xml", "text/xml"),
        ("styles.xml", "text/xml"),
        ("meta.xml", "text/xml"),
    ]
    lines = [
        XML_HEAD,
        (
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ' manifest:version="1.3">\n'
        ),
    ]
    for path, media in entries:
        version = ' manifest:version="1.3"' if path == "/" else ""
        lines.append(
            f' <manifest:file-entry manifest:full-path="{path}"{version}'
            f' manifest:media-type="{media}"/>\n'
        )
    lines.append("</manifest:manifest>\n")
    return "".join(lines)


def _meta(title: str) -> str:
    return (
        f'{XML_HEAD}<office:document-meta {NS_DECL} office:version="1.3">'
        f"<office:meta><meta:generator>{escape(GENERATOR)}</meta:generator>"
        f"<dc:title>{escape(title)}</dc:title><dc:language>fr-FR</dc:language>"
        "</office:meta></office:document-meta>\n"
    )


def _zip_entry(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.compress_type = compress
    info.create_system = 0
    info.external_attr = 0
    return info


def package(mimetype: str, parts: dict[str, str]) -> bytes:
    """Return the bytes of an OpenDocument package.

    The first entry is ``mimetype``, stored uncompressed, as ODF requires.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            _zip_entry("mimetype", zipfile.ZIP_STORED), mimetype.encode("ascii")
        )
        for name in ("content.xml", "styles.xml", "meta.xml"):
            archive.writestr(
                _zip_entry(name, zipfile.ZIP_DEFLATED), parts[name].encode("utf-8")
            )
        archive.writestr(
            _zip_entry("META-INF/manifest.xml", zipfile.ZIP_DEFLATED),
            _manifest(mimetype).encode("utf-8"),
        )
    return buffer.getvalue()


def sanity_check(data: bytes, mimetype: str) -> None:
    """Reopen a package and parse its XML parts; raise ValueError if broken."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        first = infos[0]
        if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
            raise ValueError("the first entry must be an uncompressed 'mimetype'")
        if archive.read("mimetype").decode("ascii") != mimetype:
            raise ValueError("wrong mimetype")
        if archive.testzip() is not None:
            raise ValueError("corrupt zip entry")
        for name in ("content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"):
            ElementTree.fromstring(archive.read(name))
        body = ElementTree.fromstring(archive.read("content.xml"))
        office = "{{{}}}".format(NS["office"])
        kind = "spreadsheet" if mimetype == MIME_ODS else "text"
        if body.find(f"{office}body/{office}{kind}") is None:
            raise ValueError(f"content.xml has no office:{kind} body")


# --------------------------------------------------------------------------
# Spreadsheets (.ods from .csv)
# --------------------------------------------------------------------------


def _col_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _format_number(text: str) -> str:
    value = float(text)
    return str(int(value)) if value.is_integer() else repr(value)


ODS_STYLES = (
    f'{XML_HEAD}<office:document-styles {NS_DECL} office:version="1.3">'
    "<office:font-face-decls/>"
    "<office:styles>"
    '<style:default-style style:family="table-cell">'
    '<style:paragraph-properties style:tab-stop-distance="1.25cm"/>'
    '<style:text-properties fo:language="fr" fo:country="FR" style:font-name="Liberation Sans" fo:font-size="10pt"/>'
    "</style:default-style>"
    '<style:style style:name="Default" style:family="table-cell"/>'
    "</office:styles>"
    "<office:automatic-styles>"
    '<style:page-layout style:name="pmL"><style:page-layout-properties fo:page-width="29.7cm"'
    ' fo:page-height="21cm" style:print-orientation="landscape" fo:margin-top="1.2cm"'
    ' fo:margin-bottom="1.2cm" fo:margin-left="1.2cm" fo:margin-right="1.2cm"'
    ' style:scale-to-X="1" style:scale-to-Y="0"/></style:page-layout>'
    "</office:automatic-styles>"
    '<office:master-styles><style:master-page style:name="Default" style:page-layout-name="pmL"/>'
    "</office:master-styles>"
    "</office:document-styles>\n"
)


def build_ods(spec: dict) -> tuple[Path, bytes]:
    source = ROOT / spec["csv"]
    target = source.with_suffix(".ods")
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    width = max(len(row) for row in rows)
    widths = spec.get("widths", [])
    formats = spec.get("formats", {})  # column letter -> int | dec
    formulas = spec.get("formulas", {})  # column letter -> expression with {r}
    first, last = spec.get("formula_rows", [0, -1])
    cells = spec.get("cells", {})  # "F23" -> expression
    bold_rows = {1} | set(spec.get("bold_rows", []))

    auto = [
        (
            '<number:number-style style:name="N0"><number:number number:decimal-places="0"'
            ' number:min-decimal-places="0" number:min-integer-digits="1" number:grouping="true"/>'
            "</number:number-style>"
        ),
        (
            '<number:number-style style:name="N1"><number:number number:decimal-places="1"'
            ' number:min-decimal-places="1" number:min-integer-digits="1" number:grouping="true"/>'
            "</number:number-style>"
        ),
        (
            '<style:style style:name="ta1" style:family="table" style:master-page-name="Default">'
            '<style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style>'
        ),
        (
            '<style:style style:name="ro1" style:family="table-row">'
            '<style:table-row-properties style:use-optimal-row-height="true"/></style:style>'
        ),
    ]
    for index in range(width):
        size = widths[index] if index < len(widths) else "3cm"
        auto.append(
            f'<style:style style:name="co{index + 1}" style:family="table-column">'
            f'<style:table-column-properties fo:break-before="auto" style:column-width="{size}"/>'
            "</style:style>"
        )
    cell_props = (
        '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"'
        ' fo:border="0.5pt solid #b0b0b0" fo:padding="0.05cm"/>'
    )
    for bold in (False, True):
        weight = (
            '<style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"'
            ' style:font-weight-complex="bold"/>'
            if bold
            else ""
        )
        background = (
            cell_props.replace("/>", ' fo:background-color="#e8eef7"/>')
            if bold
            else cell_props
        )
        suffix = "b" if bold else ""
        auto.append(
            f'<style:style style:name="ce{suffix}" style:family="table-cell"'
            f' style:parent-style-name="Default">{background}{weight}</style:style>'
        )
        for fmt in ("N0", "N1"):
            auto.append(
                f'<style:style style:name="ce{suffix}{fmt}" style:family="table-cell"'
                f' style:parent-style-name="Default" style:data-style-name="{fmt}">'
                f"{background}{weight}</style:style>"
            )

    body = [
        f'<table:table table:name={quoteattr(spec["sheet"])} table:style-name="ta1">'
    ]
    for index in range(width):
        body.append(
            f'<table:table-column table:style-name="co{index + 1}"'
            ' table:default-cell-style-name="ce"/>'
        )
    last_row = len(rows) + last + 1 if last < 0 else last
    for row_number, row in enumerate(rows, start=1):
        bold = row_number in bold_rows
        body.append('<table:table-row table:style-name="ro1">')
        for index in range(width):
            value = row[index] if index < len(row) else ""
            letter = _col_letter(index)
            ref = f"{letter}{row_number}"
            formula = cells.get(ref)
            if (
                formula is None
                and letter in formulas
                and row_number > 1
                and first <= row_number <= last_row
            ):
                formula = formulas[letter]
            style = "ceb" if bold else "ce"
            if formula is not None:
                # No cached result: LibreOffice computes the cell on opening,
                # so a total can never disagree with the lines it adds up.
                expression = formula.format(r=row_number)
                number_style = {"dec": "N1", "int": "N0"}.get(formats.get(letter), "")
                body.append(
                    f'<table:table-cell table:style-name="{style}{number_style}"'
                    f" table:formula={quoteattr('of:=' + expression)}/>"
                )
            elif row_number > 1 and NUMBER_RE.match(value):
                number = _format_number(value)
                style += {"dec": "N1", "int": "N0"}.get(formats.get(letter), "")
                body.append(
                    f'<table:table-cell table:style-name="{style}"'
                    f' office:value-type="float" office:value="{number}">'
                    f"<text:p>{escape(value)}</text:p></table:table-cell>"
                )
            elif value:
                body.append(
                    f'<table:table-cell table:style-name="{style}" office:value-type="string">'
                    f"<text:p>{escape(value)}</text:p></table:table-cell>"
                )
            else:
                body.append(f'<table:table-cell table:style-name="{style}"/>')
        body.append("</table:table-row>")
    body.append("</table:table>")

    content = (
        f'{XML_HEAD}<office:document-content {NS_DECL} office:version="1.3">'
        "<office:scripts/><office:font-face-decls/>"
        f"<office:automatic-styles>{''.join(auto)}</office:automatic-styles>"
        f"<office:body><office:spreadsheet>{''.join(body)}</office:spreadsheet></office:body>"
        "</office:document-content>\n"
    )
    parts = {
        "content.xml": content,
        "styles.xml": ODS_STYLES,
        "meta.xml": _meta(spec["title"]),
    }
    return target, package(MIME_ODS, parts)


# --------------------------------------------------------------------------
# Text documents (.odt from a structured description)
# --------------------------------------------------------------------------

ODT_STYLES = (
    f'{XML_HEAD}<office:document-styles {NS_DECL} office:version="1.3">'
    '<office:font-face-decls><style:font-face style:name="Liberation Sans"'
    ' svg:font-family="\'Liberation Sans\'" style:font-family-generic="swiss"/>'
    "</office:font-face-decls>"
    "<office:styles>"
    '<style:default-style style:family="paragraph">'
    '<style:text-properties style:font-name="Liberation Sans" fo:font-size="10.5pt"'
    ' fo:language="fr" fo:country="FR"/></style:default-style>'
    '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
    '<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph"'
    ' style:parent-style-name="Standard" style:class="text">'
    '<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm" fo:line-height="115%"/>'
    "</style:style>"
    '<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard"'
    ' style:next-style-name="Text_20_body" style:class="chapter">'
    '<style:paragraph-properties fo:margin-bottom="0.3cm"/>'
    '<style:text-properties fo:font-size="20pt" fo:font-weight="bold" fo:color="#1f3a68"/></style:style>'
    '<style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Standard"'
    ' style:class="chapter"><style:paragraph-properties fo:margin-bottom="0.4cm"/>'
    '<style:text-properties fo:font-size="11pt" fo:font-style="italic" fo:color="#555555"/></style:style>'
    '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"'
    ' style:parent-style-name="Standard" style:next-style-name="Text_20_body"'
    ' style:default-outline-level="1" style:class="text">'
    '<style:paragraph-properties fo:margin-top="0.5cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>'
    '<style:text-properties fo:font-size="14pt" fo:font-weight="bold" fo:color="#1f3a68"/></style:style>'
    '<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"'
    ' style:parent-style-name="Standard" style:next-style-name="Text_20_body"'
    ' style:default-outline-level="2" style:class="text">'
    '<style:paragraph-properties fo:margin-top="0.35cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always"/>'
    '<style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>'
    '<style:style style:name="Guidance" style:family="paragraph" style:parent-style-name="Text_20_body">'
    '<style:paragraph-properties fo:margin-left="0.3cm" fo:padding="0.1cm"'
    ' fo:border-left="1.5pt solid #7a9cc6" fo:background-color="#f2f5fa"/>'
    '<style:text-properties fo:font-style="italic" fo:color="#444444" fo:font-size="9.5pt"/></style:style>'
    '<style:style style:name="List_20_Item" style:display-name="List Item" style:family="paragraph"'
    ' style:parent-style-name="Text_20_body"/>'
    '<style:style style:name="Table_20_Contents" style:display-name="Table Contents"'
    ' style:family="paragraph" style:parent-style-name="Standard" style:class="extra"/>'
    '<style:style style:name="Table_20_Heading" style:display-name="Table Heading"'
    ' style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
    '<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard"'
    ' style:class="extra"><style:text-properties fo:font-size="8pt" fo:color="#666666"/></style:style>'
    '<text:list-style style:name="Bullets">'
    '<text:list-level-style-bullet text:level="1" text:bullet-char="•">'
    '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
    '<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.8cm"'
    ' fo:text-indent="-0.5cm" fo:margin-left="0.8cm"/></style:list-level-properties>'
    "</text:list-level-style-bullet></text:list-style>"
    "</office:styles>"
    "<office:automatic-styles>"
    '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm"'
    ' fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="1.8cm"'
    ' fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/>'
    '<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/>'
    "</style:footer-style></style:page-layout>"
    "</office:automatic-styles>"
    '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">'
    "<style:footer>FOOTER</style:footer></style:master-page></office:master-styles>"
    "</office:document-styles>\n"
)

ODT_AUTO = (
    '<style:style style:name="Tbl" style:family="table">'
    '<style:table-properties style:width="17cm" table:align="margins" fo:margin-top="0.1cm"'
    ' fo:margin-bottom="0.3cm"/></style:style>'
    '<style:style style:name="Cell" style:family="table-cell">'
    '<style:table-cell-properties fo:padding="0.12cm" fo:border="0.5pt solid #9aa5b5"/></style:style>'
    '<style:style style:name="HeadCell" style:family="table-cell">'
    '<style:table-cell-properties fo:padding="0.12cm" fo:border="0.5pt solid #9aa5b5"'
    ' fo:background-color="#e8eef7"/></style:style>'
    '<style:style style:name="Blank" style:family="paragraph" style:parent-style-name="Table_20_Contents">'
    '<style:paragraph-properties fo:margin-bottom="0.6cm"/></style:style>'
)


def _paragraph(style: str, text: str) -> str:
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'


def _table(
    rows: list[list[str]], header: bool, widths: list[float] | None, blank_height: int
) -> str:
    columns = max(len(row) for row in rows)
    widths = widths or [1.0] * columns
    total = sum(widths)
    parts = ['<table:table table:style-name="Tbl">']
    for index in range(columns):
        rel = round(widths[index] / total * 65535)
        parts.append(f'<table:table-column table:style-name="Col{rel}"/>')
    for number, row in enumerate(rows):
        is_head = header and number == 0
        parts.append("<table:table-row>")
        for index in range(columns):
            text = row[index] if index < len(row) else ""
            cell_style = "HeadCell" if is_head else "Cell"
            parts.append(
                f'<table:table-cell table:style-name="{cell_style}" office:value-type="string">'
            )
            if text:
                style = "Table_20_Heading" if is_head else "Table_20_Contents"
                for line in text.split("\n"):
                    parts.append(_paragraph(style, line))
            else:
                parts.extend(['<text:p text:style-name="Blank"/>'] * blank_height)
            parts.append("</table:table-cell>")
        parts.append("</table:table-row>")
    parts.append("</table:table>")
    return "".join(parts)


def build_odt(spec: dict) -> tuple[Path, bytes]:
    target = ROOT / spec["output"]
    column_styles: set[int] = set()
    body = [_paragraph("Title", spec["title"])]
    if spec.get("subtitle"):
        body.append(_paragraph("Subtitle", spec["subtitle"]))
    for block in spec["blocks"]:
        kind = block["kind"]
        if kind in ("h1", "h2"):
            level = kind[1]
            body.append(
                f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">'
                f"{escape(block['text'])}</text:h>"
            )
        elif kind == "p":
            body.append(_paragraph("Text_20_body", block["text"]))
        elif kind == "guide":
            body.append(_paragraph("Guidance", block["text"]))
        elif kind == "ul":
            items = "".join(
                f"<text:list-item>{_paragraph('List_20_Item', item)}</text:list-item>"
                for item in block["items"]
            )
            body.append(f'<text:list text:style-name="Bullets">{items}</text:list>')
        elif kind in ("table", "form"):
            rows = block["rows"]
            if kind == "form":  # label | blank answer
                rows = [[label, ""] for label in rows]
            widths = block.get("widths", [1.0, 2.0] if kind == "form" else None)
            columns = max(len(row) for row in rows)
            widths = widths or [1.0] * columns
            for width in widths:
                column_styles.add(round(width / sum(widths) * 65535))
            body.append(
                _table(
                    rows,
                    header=kind == "table",
                    widths=widths,
                    blank_height=block.get("blank_lines", 1),
                )
            )
        else:
            raise ValueError(f"{spec['output']}: unknown block kind {kind!r}")
    auto = ODT_AUTO + "".join(
        f'<style:style style:name="Col{rel}" style:family="table-column">'
        f'<style:table-column-properties style:rel-column-width="{rel}*"/></style:style>'
        for rel in sorted(column_styles)
    )
    content = (
        f'{XML_HEAD}<office:document-content {NS_DECL} office:version="1.3">'
        "<office:scripts/><office:font-face-decls/>"
        f"<office:automatic-styles>{auto}</office:automatic-styles>"
        f"<office:body><office:text>{''.join(body)}</office:text></office:body>"
        "</office:document-content>\n"
    )
    footer = _paragraph("Footer", spec.get("footer", ""))
    styles = ODT_STYLES.replace("FOOTER", footer)
    parts = {
        "content.xml": content,
        "styles.xml": styles,
        "meta.xml": _meta(spec["title"]),
    }
    return target, package(MIME_ODT, parts)


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


def build_all(data: dict) -> list[tuple[Path, bytes, str]]:
    built = []
    for spec in data.get("ods", []):
        target, payload = build_ods(spec)
        built.append((target, payload, MIME_ODS))
    footer = data.get("footer", "")
    for spec in data.get("odt", []):
        spec = {"footer": footer, **spec}
        target, payload = build_odt(spec)
        built.append((target, payload, MIME_ODT))
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if a file on disk differs from its rebuild",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="path (relative to the repository) of one attachment to build",
    )
    parser.add_argument(
        "--data", type=Path, default=DATA, help="the TOML description file"
    )
    args = parser.parse_args(argv)

    with args.data.open("rb") as handle:
        data = tomllib.load(handle)
    stale = 0
    for target, payload, mimetype in build_all(data):
        relative = target.relative_to(ROOT).as_posix()
        if args.only and relative not in args.only:
            continue
        sanity_check(payload, mimetype)
        if args.check:
            if not target.exists() or target.read_bytes() != payload:
                print(f"stale: {relative}")
                stale += 1
            continue
        target.write_bytes(payload)
        sanity_check(target.read_bytes(), mimetype)
        print(f"built: {relative} ({len(payload)} bytes)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
