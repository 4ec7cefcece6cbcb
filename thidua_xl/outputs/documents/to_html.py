"""HTML rendering of documents through the Jinja templates shipped inside the package."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from thidua_xl.outputs.documents.model import (
    CC_TITLE,
    MARGIN_MM,
    MOTTO,
    NATIONAL_NAME,
    RECIPIENT_LABEL,
    Document,
    safe_text,
    text_width_mm,
)
from thidua_xl.outputs.stamp import stamp_html

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def _finalize(value: object) -> object:
    """Clean every printed value; markup built by the templates themselves passes unchanged."""
    return value if isinstance(value, Markup) else safe_text(value)


@lru_cache(maxsize=8)
def environment(directory: Path = TEMPLATES_DIR) -> Environment:
    """Autoescaping Jinja environment: every value is escaped and stripped of XML-illegal bytes."""
    env = Environment(loader=FileSystemLoader(str(directory)), autoescape=True,
                      undefined=StrictUndefined, finalize=_finalize, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(national_name=NATIONAL_NAME, motto=MOTTO, cc_title=CC_TITLE,
                       recipient_label=RECIPIENT_LABEL, margin=MARGIN_MM,
                       width_portrait=text_width_mm(False), width_landscape=text_width_mm(True))
    return env


def render_html(doc: Document, templates: Path | None = None) -> str:
    """The document's own template rendered with the document model, stamped as our output."""
    env = environment(Path(templates) if templates else TEMPLATES_DIR)
    return stamp_html(env.get_template(f"{doc.template}.html").render(doc=doc), "van_ban")
