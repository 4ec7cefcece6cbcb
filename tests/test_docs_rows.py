"""List-table entry rows copied from a prototype match rows built cell by cell with python-docx."""

from __future__ import annotations

import pytest
from docx import Document as new_document
from lxml import etree

from thidua_xl.outputs.documents.model import Column
from thidua_xl.outputs.documents.to_docx import _EntryRows, _para

COLUMNS = (Column("STT", 10, "center"), Column("Họ và tên", 40), Column("Tóm tắt", None, "right"))


def _reference(texts: tuple[str, ...]) -> list[bytes]:
    """Each cell as the slow path writes it: one _para per line."""
    table = new_document().add_table(rows=1, cols=len(COLUMNS))
    for cell, col, text in zip(table.rows[0].cells, COLUMNS, texts, strict=True):
        for line in text.split("\n"):
            _para(cell, line, 12, align=col.align)
    return [etree.tostring(tc) for tc in table.rows[0]._tr.tc_lst]


@pytest.mark.parametrize("texts", [
    ("1", "Nguyễn Văn An", "Hoàn thành xuất sắc nhiệm vụ."),
    ("2", "", "Dòng một\nDòng hai\n\nDòng bốn"),
    ("3", "  có khoảng trắng ", "Có\ttab và\rxuống dòng"),
    ("4", "\x07", "=SUM(A1)"),
])
def test_copied_entry_row_equals_the_cell_by_cell_row(texts):
    table = new_document().add_table(rows=1, cols=len(COLUMNS))
    rows = _EntryRows(table, COLUMNS, 12)
    rows.append(table, texts)
    trs = table._tbl.tr_lst
    assert len(trs) == 2
    assert [etree.tostring(tc) for tc in trs[1].tc_lst] == _reference(texts)
