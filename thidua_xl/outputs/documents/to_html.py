"""HTML rendering of documents through the Jinja templates shipped inside the package."""

from __future__ import annotations

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

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def _finalize(value: object) -> object:
    """Clean every printed value; markup built by the templates themselves passes unchanged."""
    return value if isinstance(value, Markup) else safe_text(value)


def table_rows(t: Table) -> Markup:
    """A list table's body rows, one line each: built here rather than by a template loop because
    a list of thousands of rows made the loop the slowest part of writing the documents."""
    cells = [f'<td class="{escape(c.align)}">' for c in t.columns]
    spread = f'"><td colspan="{len(t.columns)}">'
    out: list[str] = []
    for r in t.rows:
        if r.kind == "entry":
            tds = "".join(f"{cells[i]}{escape(safe_text(v))}</td>" for i, v in enumerate(r.cells))
            out.append(f"    <tr>{tds}</tr>\n")
        else:
            out.append(f'    <tr class="{escape(r.kind)}{spread}{escape(safe_text(r.cells[0]))}</td></tr>\n')
    return Markup("".join(out))


@lru_cache(maxsize=8)
def environment(directory: Path = TEMPLATES_DIR) -> Environment:
    """Autoescaping Jinja environment: every value is escaped and stripped of XML-illegal bytes."""
    env = Environment(loader=FileSystemLoader(str(directory)), autoescape=True,
                      undefined=StrictUndefined, finalize=_finalize, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(national_name=NATIONAL_NAME, motto=MOTTO, cc_title=CC_TITLE,
                       recipient_label=RECIPIENT_LABEL, margin=MARGIN_MM,
                       width_portrait=text_width_mm(False), width_landscape=text_width_mm(True),
                       table_rows=table_rows)
    return env


def render_html(doc: Document, templates: Path | None = None) -> str:
    """The document's own template rendered with the document model."""
    env = environment(Path(templates) if templates else TEMPLATES_DIR)
    return env.get_template(f"{doc.template}.html").render(doc=doc)
