"""List-table rows assembled in Python equal the same cells written through the template macros."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document as open_docx

from thidua_xl.campaign import load_campaign
from thidua_xl.outputs.documents.model import Column, Document, Header, Row, Table
from thidua_xl.outputs.documents.streaming import CHUNK_ROWS
from thidua_xl.outputs.documents.to_docx import (
    macros,
    table_chunks,
    table_grid,
    write_docx,
)
from thidua_xl.outputs.documents.to_html import render_html
from thidua_xl.outputs.documents.write import write_html

COLUMNS = (Column("STT", 10, "center"), Column("Họ và tên", 40), Column("Tóm tắt", None, "right"))
TEXTS = [
    ("1", "Nguyễn Văn An", "Hoàn thành xuất sắc nhiệm vụ."),
    ("2", "", "Dòng một\nDòng hai\n\nDòng bốn"),
    ("3", "  có khoảng trắng ", "Có\ttab và\rxuống dòng"),
    ("4", "\x07", "=SUM(A1) & <b>"),
]


def _through_macros(texts: tuple[str, ...], table: Table) -> str:
    """One entry row as the slow path writes it: a tc_open and one p macro call per line."""
    g, m = table_grid(table, landscape=True), macros()
    cells = []
    for i, text in enumerate(texts):
        paras = "".join(str(m.p(line, g.size, jc=g.aligns[i])) for line in text.split("\n"))
        cells.append(f"{m.tc_open(g.grid[i])}{paras}</w:tc>")
    return f"<w:tr>{''.join(cells)}</w:tr>"


@pytest.mark.parametrize("texts", TEXTS)
def test_assembled_entry_row_equals_the_macro_row(texts):
    table = Table(COLUMNS, (Row("entry", texts),))
    rows = "".join(table_chunks(table, table_grid(table, landscape=True)))
    assert rows == _through_macros(texts, table)


def test_cells_read_back_with_lines_tabs_spaces_and_no_control_characters(tmp_path):
    table = Table(COLUMNS, (Row("group", ("1. Cá nhân",)), *(Row("entry", t) for t in TEXTS)))
    doc = Document(key="thu", template="danh_sach_de_nghi", title="Thử", kind="DANH SÁCH",
                   header=Header("CẤP TRÊN", "ĐƠN VỊ", "Số: 1", "Hà Nội, ngày 01 tháng 01 năm 2021"),
                   landscape=True, table=table)
    path = write_docx(doc, tmp_path / "thu.docx", load_campaign(), None)
    rows = open_docx(str(path)).tables[1].rows
    assert rows[1].cells[0].text == "1. Cá nhân"
    assert [[p.text for p in c.paragraphs] for c in rows[3].cells] == [
        ["2"], [""], ["Dòng một", "Dòng hai", "", "Dòng bốn"]]
    assert rows[4].cells[1].text == "  có khoảng trắng "
    assert rows[4].cells[2].text == "Có\ttab và\nxuống dòng"
    assert [c.text for c in rows[5].cells] == ["4", "", "=SUM(A1) & <b>"]
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert "\x07" not in xml and "&lt;b&gt;" in xml


def test_a_list_longer_than_a_chunk_streams_whole_into_docx_and_html(tmp_path):
    n = 3 * CHUNK_ROWS + 17
    table = Table(COLUMNS, tuple(Row("entry", (str(i), f"Người {i}", "Đạt")) for i in range(n)))
    doc = Document(key="dai", template="phieu_bo_sung", title="Dài", kind="DANH SÁCH",
                   header=Header("CẤP TRÊN", "ĐƠN VỊ", "Số: 1", "Hà Nội"), table=table)
    campaign = load_campaign()
    rows = open_docx(str(write_docx(doc, tmp_path / "dai.docx", campaign, None))).tables[1].rows
    assert len(rows) == n + 1 and rows[-1].cells[1].text == f"Người {n - 1}"
    html = write_html(doc, tmp_path / "dai.html").read_text(encoding="utf-8")
    assert html.count("<tr><td") == n and f"<td class=\"left\">Người {n - 1}</td>" in html
    assert html == render_html(doc)
