"""The standard unit workbook: guide, unit info with live tally, nominee list, hidden stamp."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

import xlsxwriter

from thidua_xl.campaign import Campaign
from thidua_xl.outputs.files import write_ooxml
from thidua_xl.outputs.office.workbook import add_check_button, macro_enable
from thidua_xl.outputs.template.button import premake_results
from thidua_xl.outputs.template.guide import write_guide_sheet
from thidua_xl.outputs.template.info import write_info_sheet
from thidua_xl.outputs.template.nominees import write_list_sheet
from thidua_xl.outputs.template.stamp import write_stamp_sheet
from thidua_xl.outputs.template.style import Formula, make_styles, workbook_options
from thidua_xl.read import contract

__all__ = ["Formula", "template_filename", "write_template", "write_unit_workbook"]


def template_filename(campaign: Campaign) -> str:
    """File name of the empty workbook, carrying the campaign id so units cannot mix campaigns."""
    return f"mau_bieu_{campaign.id}.xlsx"


def _properties(campaign: Campaign) -> dict[str, object]:
    """Document properties with a creation time fixed by the campaign, so output is reproducible."""
    start = campaign.period_start
    return {"title": f"Mẫu biểu đề nghị khen thưởng — {campaign.name}",
            "subject": campaign.id, "author": campaign.agency.name,
            "company": campaign.agency.name, "comments": "Tạo bằng thidua_xl",
            "created": datetime(start.year, start.month, start.day)}


def write_unit_workbook(campaign: Campaign, path: Path, *, info: Mapping[str, object] | None = None,
                        rows: Sequence[Mapping[str, object]] = (), with_button: bool = False
                        ) -> Path:
    """Write the standard workbook, optionally pre-filled (demo submissions, tests), atomically;
    with_button adds the xlwings "Kiểm tra" button (save as .xlsm)."""
    info = info or {}

    def build(tmp: Path) -> None:
        """Lay the sheets out in reading order: guide, unit info, list, (fixes,) hidden stamp."""
        wb = xlsxwriter.Workbook(str(tmp), workbook_options())
        try:
            wb.set_properties(_properties(campaign))
            styles = make_styles(wb)
            guide = write_guide_sheet(wb, campaign, styles)
            info_ws = write_info_sheet(wb, campaign, styles, info, rows)
            list_ws = write_list_sheet(wb, campaign, styles, rows)
            if with_button:
                premake_results(wb, campaign, styles, info_ws, list_ws)
            write_stamp_sheet(wb, campaign, results_ready=with_button)
            if with_button:
                add_check_button(wb, info_ws, len(contract.info_fields(campaign)) + 1,
                                 (info_ws, list_ws))
            guide.activate()
        finally:
            wb.close()
        if with_button:
            macro_enable(tmp)

    return write_ooxml(Path(path), build)


def write_template(campaign: Campaign, out_dir: Path, with_button: bool = False) -> Path:
    """Write the empty workbook that units fill into `out_dir` (.xlsm when it has the button)."""
    name = template_filename(campaign)
    if with_button:
        name = str(Path(name).with_suffix(".xlsm"))
    return write_unit_workbook(campaign, Path(out_dir) / name, with_button=with_button)
