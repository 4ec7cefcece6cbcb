"""HTML rendering of documents through the Jinja templates shipped inside the package."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from thidua_xl.outputs.documents.model import (
    CC_TITLE,
    MARGIN_MM,
    MOTTO,
    NATIONAL_NAME,
    RECIPIENT_LABEL,
    Document,
    Table,
    safe_text,
    text_width_mm,
)
from thidua_xl.outputs.documents.streaming import in_chunks, remembered
from thidua_xl.outputs.stamp import stamp_html

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def _finalize(value: object) -> object:
    """Clean every printed value; markup built by the templates themselves passes unchanged."""
    return value if isinstance(value, Markup) else safe_text(value)




def table_chunks(t: Table) -> Iterator[Markup]:
    """A list table's body rows, one line each, a few hundred rows per chunk: built here rather than
    by a template loop (the slowest part of writing a list of thousands), and yielded at the top
    level of a template so a list of any length streams to disk. Recurring cells (positions, units,
    rates) are escaped once."""
    cells = [f'<td class="{escape(c.align)}">' for c in t.columns]
    spread = f'"><td colspan="{len(t.columns)}">'

    @remembered
    def text(v: str) -> str:
        return str(escape(safe_text(v)))

    def rows() -> Iterator[str]:
        for r in t.rows:
            if r.kind == "entry":
                tds = "".join(f"{cells[i]}{text(v)}</td>" for i, v in enumerate(r.cells))
                yield f"    <tr>{tds}</tr>\n"
            else:
                yield f'    <tr class="{escape(r.kind)}{spread}{text(r.cells[0])}</td></tr>\n'

    return in_chunks(rows())


def table_rows(t: Table) -> Markup:
    """All of a table's body rows as one piece of markup (for short tables)."""
    return Markup("".join(table_chunks(t)))


@lru_cache(maxsize=8)
def environment(directory: Path = TEMPLATES_DIR) -> Environment:
    """Autoescaping Jinja environment: every value is escaped and stripped of XML-illegal bytes."""
    env = Environment(loader=FileSystemLoader(str(directory)), autoescape=True,
                      undefined=StrictUndefined, finalize=_finalize, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(national_name=NATIONAL_NAME, motto=MOTTO, cc_title=CC_TITLE,
                       recipient_label=RECIPIENT_LABEL, margin=MARGIN_MM,
                       width_portrait=text_width_mm(False), width_landscape=text_width_mm(True),
                       table_chunks=table_chunks, table_rows=table_rows)
    return env


def html_chunks(doc: Document, templates: Path | None = None) -> Iterator[str]:
    """The document's own template rendered with the document model, piece by piece, stamped as
    our output (a generator <meta> after <head>) so no later run reads it as a unit's file."""
    env = environment(Path(templates) if templates else TEMPLATES_DIR)
    meta = stamp_html("<head>", "van_ban").removeprefix("<head>")
    for chunk in env.get_template(f"{doc.template}.html").generate(doc=doc):
        if meta and "<head" in chunk:
            chunk, meta = stamp_html(chunk, "van_ban"), ""
        yield chunk


def render_html(doc: Document, templates: Path | None = None) -> str:
    """The whole page as one string."""
    return "".join(html_chunks(doc, templates))
