"""The "Hướng dẫn" sheet: how to fill the workbook, the criteria in full, quotas, deadline, colours."""

from __future__ import annotations

from typing import NamedTuple

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from thidua_xl.campaign import Campaign, describe_quota, fmt_date
from thidua_xl.campaign.describe import (
    award_line,
    criteria_groups,
    deadline_text,
    period_text,
    vote_text,
)
from thidua_xl.outputs.template.style import Styles, header_footer_text, text_lines
from thidua_xl.read import contract
from thidua_xl.rules import legend

_CODE_WIDTH, _TEXT_WIDTH = 8, 92
_LINE_PT = 15.75


class Entry(NamedTuple):
    """One guide line: its kind (title, subtitle, heading, group, text, item, legend), mark, text."""

    kind: str
    mark: str
    text: str


def _how_to(campaign: Campaign) -> list[Entry]:
    """Step-by-step filling instructions, naming the sheets and the campaign's own codes."""
    codes = [c.code for c in campaign.criteria]
    shown = ", ".join(codes[:3]) + (", …" if len(codes) > 3 else "")
    mark = campaign.met_marks[0]
    na = campaign.proposals.not_applicable[0]
    conditional = [c.code for c in campaign.criteria if c.conditional]
    others = campaign.proposals.other_units
    steps = [
        f"Sheet \"{contract.SHEET_INFO}\": chọn Đơn vị đề nghị trong danh sách; ghi số và ngày tờ "
        "trình, ngày họp xét, tổng số thành viên họp xét và số có mặt, người lập biểu, điện "
        f"thoại; chọn {contract.YES}/{contract.NO} cho từng thành phần hồ sơ.",
        f"Sheet \"{contract.SHEET_LIST}\": mỗi tập thể hoặc cá nhân một dòng, bắt đầu từ dòng 2 "
        f"(tối đa {contract.DATA_ROWS} dòng). Chọn Đối tượng, Giới tính, Hình thức khen thưởng "
        "trong danh sách thả xuống; Năm sinh gõ đủ 4 chữ số; với tập thể để trống Giới tính "
        "và Năm sinh.",
        f"Các cột tiêu chuẩn ({shown}): chọn \"{mark}\" nếu đạt tiêu chuẩn đó, để trống nếu "
        "chưa đạt hoặc không áp dụng cho đối tượng. Di chuột lên ô tiêu đề để xem nội dung "
        "đầy đủ; toàn văn có ở mục 4 dưới đây." + (
            f" Tiêu chuẩn {', '.join(conditional)} được ghi \"{na}\" khi đơn vị không có "
            "nhiệm vụ đó (không bị coi là chưa đạt)." if conditional else ""),
        "Số phiếu đồng ý: số thành viên họp xét đồng ý, không lớn hơn Số thành viên có mặt.",
        f"Tập thể: chọn tên trong danh sách thả xuống ở cột Họ và tên / Tên tập thể; "
        f"{campaign.agency.name} chỉ được đề nghị hình thức khen thưởng của cấp trên, không đề "
        f"nghị hình thức do chính {campaign.agency.head_title} quyết định. Số người và Số nữ "
        "của tập thể không bắt buộc (dùng khi xét ưu tiên tập thể có nhiều nữ).",
        "Đơn vị công tác: chọn trong danh sách; nếu ghi tên tổ, bộ phận cụ thể hơn, Excel sẽ "
        "hỏi lại — bấm Yes để giữ. Mỗi đơn vị chỉ đề nghị người của đơn vị mình"
        + (" (trừ đơn vị được phép: " + ", ".join(campaign.unit(u).name for u in others) + ")"
           if others else "") + ".",
        f"Ngày gõ theo thứ tự ngày/tháng/năm (dd/mm/yyyy), ví dụ "
        f"{fmt_date(campaign.last_valid_day)}.",
        "Không đổi tên sheet, không chèn hoặc xóa cột, không sửa dòng tiêu đề (đã khóa, không "
        "đặt mật khẩu, chỉ để tránh sửa nhầm). Vẫn xóa dòng, lọc, sắp xếp, đổi độ rộng cột được.",
        "Lưu tệp dạng .xlsx (Excel Workbook) và gửi kèm hồ sơ giấy.",
    ]
    return [Entry("item", f"{chr(97 + i)})", s) for i, s in enumerate(steps)]


def _colours(campaign: Campaign) -> list[Entry]:
    """What each self-check colour means, listed from the rule declarations that colour cells."""
    shown = legend(campaign)
    return [
        Entry("text", "", "Mẫu biểu tự tô màu khi có vấn đề, không cần cài thêm phần mềm; màu "
              "không chặn việc lưu tệp. Sửa hết các ô màu đỏ trước khi gửi. Một dòng được coi "
              "là đã bắt đầu khi có ít nhất một ô ngoài cột STT đã điền."),
        Entry("legend", "error", "Lỗi: " + "; ".join([*shown["error"], "số đề nghị vượt chỉ "
                                                     "tiêu trong bảng đếm"]) + "."),
        Entry("legend", "unmet", "Chưa đạt: " + "; ".join(shown["unmet"]) + "."),
        Entry("legend", "todo", "Cần điền: " + "; ".join(shown["todo"]) + "."),
        Entry("text", "", f"{campaign.agency.office} kiểm tra lại toàn bộ khi tổng hợp (trùng "
              "người giữa các đơn vị, chỉ tiêu chung toàn cơ quan, tỷ lệ phiếu)."),
    ]


def guide_entries(campaign: Campaign) -> list[Entry]:
    """Every line of the guide, in order."""
    ag = campaign.agency
    out = [Entry("title", "", "HƯỚNG DẪN ĐIỀN MẪU BIỂU ĐỀ NGHỊ KHEN THƯỞNG"),
           Entry("subtitle", "", campaign.name),
           Entry("subtitle", "", f"{ag.name} — {ag.parent}"),
           Entry("heading", "1.", "Thời gian và hạn nộp"),
           Entry("item", "•", f"Đợt thi đua: {period_text(campaign)}."),
           Entry("item", "•", f"Hạn nộp hồ sơ về {ag.office}: {deadline_text(campaign)}."),
           Entry("heading", "2.", "Cách điền"), *_how_to(campaign),
           Entry("heading", "3.", "Đối tượng, hình thức và chỉ tiêu khen thưởng")]
    out += [Entry("item", "•", f"{s.label}: {s.description}" if s.description else s.label)
            for s in campaign.subjects]
    out += [Entry("item", "•", award_line(a, campaign)) for a in campaign.awards]
    out += [Entry("item", "•", "Chỉ tiêu: " + describe_quota(q, campaign) + ".")
            for q in campaign.quotas]
    if any(q.scope == "agency" for q in campaign.quotas):
        out.append(Entry("text", "", "Chỉ tiêu toàn cơ quan tính chung cho mọi đơn vị. Bảng đếm "
                         f"ở sheet \"{contract.SHEET_INFO}\" cho biết số đề nghị trong tệp này."))
    out.append(Entry("heading", "4.", "Tiêu chuẩn khen thưởng"))
    for title, intro, criteria in criteria_groups(campaign):
        out.append(Entry("group", "", title))
        if intro:
            out.append(Entry("text", "", intro))
        out += [Entry("item", c.code, c.text + ("" if c.mandatory else " (không bắt buộc)")
                      + (f" (được ghi \"{campaign.proposals.not_applicable[0]}\" nếu đơn vị "
                         "không có nhiệm vụ này)" if c.conditional else ""))
                for c in criteria]
    out.append(Entry("heading", "5.", "Thành phần hồ sơ"))
    out += [Entry("item", "•", d.text + ("" if d.required else " (không bắt buộc)"))
            for d in campaign.dossier]
    out.append(Entry("item", "•", f"Xét chọn: {vote_text(campaign)}."))
    out += [Entry("heading", "6.", "Tự kiểm tra bằng màu"), *_colours(campaign),
            Entry("heading", "7.", "Thông tin mẫu biểu"),
            Entry("text", "", f"Mã đợt thi đua: {campaign.id}; phiên bản mẫu biểu: "
                  f"{campaign.template_version}. Văn phòng dùng thông tin này để nhận đúng mẫu.")]
    return out


def write_guide_sheet(wb: Workbook, campaign: Campaign, styles: Styles) -> Worksheet:
    """Render the guide entries: codes in A, wrapped text in B, row heights sized to the text."""
    ws = wb.add_worksheet(contract.SHEET_GUIDE)
    ws.set_column(0, 0, _CODE_WIDTH)
    ws.set_column(1, 1, _TEXT_WIDTH)
    swatches = {"error": styles.legend_error, "unmet": styles.legend_unmet,
                "todo": styles.legend_todo}
    body = {"heading": styles.heading, "group": styles.group, "text": styles.text,
            "item": styles.text, "legend": styles.text}
    for r, e in enumerate(guide_entries(campaign)):
        if e.kind in ("title", "subtitle"):
            fmt = styles.title if e.kind == "title" else styles.subtitle
            ws.merge_range(r, 0, r, 1, e.text, fmt)
            lines = text_lines(e.text, (_CODE_WIDTH + _TEXT_WIDTH) * 0.9)
            ws.set_row(r, lines * (_LINE_PT + 2) + 6)
            continue
        if e.kind == "legend":
            ws.write_blank(r, 0, None, swatches[e.mark])
        elif e.mark:
            ws.write_string(r, 0, e.mark, styles.heading if e.kind == "heading" else styles.code)
        ws.write_string(r, 1, e.text, body[e.kind])
        lines = text_lines(e.text, _TEXT_WIDTH)
        extra = {"heading": 10, "group": 5}.get(e.kind, 2)
        ws.set_row(r, lines * _LINE_PT + extra)
    ws.set_paper(9)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.7, right=0.5, top=0.75, bottom=0.6)
    ws.set_footer('&C&"Times New Roman,Regular"&10Trang &P/&N'
                  f'&R&"Times New Roman,Regular"&9{header_footer_text(campaign.id)}')
    ws.freeze_panes(1, 0)
    ws.protect("", {"format_columns": True, "format_rows": True})
    return ws
