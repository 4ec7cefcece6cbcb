"""Form rules: legacy-encoded text converted, formulas where values were expected."""

from __future__ import annotations

from collections.abc import Iterator

from thidua_xl.findings import Finding, display_value, finding
from thidua_xl.read import contract
from thidua_xl.read.normalise import who
from thidua_xl.rules.base import Context, rule


@rule("legacy-encoding", excel=None,
      why="a formula cannot tell TCVN3/VNI bytes from Unicode text; Python converts and says so")
def legacy_text(ctx: Context) -> Iterator[Finding]:
    """Text typed in TCVN3 (ABC) or VNI fonts, converted to Unicode; say which and what it became."""
    labels = {f.key: f.label for f in contract.list_columns(ctx.campaign)}
    for row in ctx.rows:
        for key, encoding in row.legacy.items():
            converted = {"name": row.name, "position": row.position, "unit": row.work_unit,
                         "summary": row.summary, "note": row.note}[key]
            yield finding("legacy-encoding", f"{who(row)}: \"{labels[key]}\" gõ bằng bảng mã "
                          f"{encoding}, đã chuyển sang Unicode: \"{display_value(converted, 60)}\".",
                          **ctx.at(row, key))


@rule("formula-cell", excel=None,
      why="in the live workbook a formula is recalculated; the risk is only the stale cached "
          "value the Office reads without recalculating")
def formula_cells(ctx: Context) -> Iterator[Finding]:
    """A data cell holds a formula: its last computed value was used, which may be stale."""
    for row in ctx.rows:
        list_formulas = ctx.sub.formula_cells.get(row.raw.sheet or ctx.sub.list_sheet, ())
        for key, letter in row.raw.columns.items():
            if f"{letter}{row.raw.row}" in list_formulas:
                where = ctx.at(row, key)
                yield finding("formula-cell", f"{who(row)}: ô {where['cell']} chứa công thức; đã "
                              f"dùng giá trị \"{display_value(row.raw.get(key))}\" tính sẵn trong "
                              "tệp. Nên nhập giá trị trực tiếp.", **where)
    for key, ref in ctx.sub.info_cells.items():
        if ref.cell in ctx.sub.formula_cells.get(ref.sheet, set()):
            yield finding("formula-cell", f"Thông tin đơn vị: ô {ref.cell} chứa công thức; đã dùng "
                          f"giá trị \"{display_value(ctx.sub.info.get(key))}\" tính sẵn trong tệp.",
                          **ctx.at_info(key))
