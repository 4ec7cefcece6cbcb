"""Demo submissions: six filled unit workbooks with a documented set of planted mistakes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from thidua_xl.campaign import BUILTIN_ID, Campaign, CampaignError, load_campaign
from thidua_xl.demo.data import CA_NHAN, SHARED_OWNER, SHARED_PERSON, UNITS, DemoNominee, DemoUnit
from thidua_xl.findings import CODES, Severity
from thidua_xl.outputs.template.workbook import Formula, write_unit_workbook
from thidua_xl.read import contract
from thidua_xl.text.legacy import TCVN3_TO_UNICODE
from thidua_xl.text.vietnamese import strip_marks

HEADER_ROW = 1
FIRST_DATA_ROW = HEADER_ROW + 1
INFO_VALUE_COLUMN = contract.column_letter(1)

_UNICODE_TO_TCVN3 = {uni: legacy for legacy, uni in TCVN3_TO_UNICODE.items()}


@dataclass(frozen=True)
class Planted:
    """A finding the demo set must produce: where it is and what was planted, in Vietnamese."""

    file: str
    code: str
    severity: Severity
    sheet: str
    row: int | None
    column: str
    description: str


@dataclass(frozen=True)
class Tolerated:
    """A planted oddity the checks must accept without any finding."""

    file: str
    sheet: str
    row: int
    column: str
    description: str


@dataclass(frozen=True)
class Mistake:
    """One change to the clean data: unit, nominee index (None = unit info), field, new value."""

    unit: str
    nominee: int | None
    key: str
    change: Callable[[object], object]
    code: str
    description: str


def to_tcvn3(text: str) -> str:
    """Unicode text as Excel shows a cell typed with a TCVN3 (.VnTime) font."""
    nfc = unicodedata.normalize("NFC", text)
    missing = sorted({ch for ch in nfc if ord(ch) > 0x7F and ch not in _UNICODE_TO_TCVN3})
    if missing:
        raise ValueError(f"not representable in TCVN3: {''.join(missing)!r}")
    return "".join(_UNICODE_TO_TCVN3.get(ch, ch) for ch in nfc)


def to_nfd(text: object) -> str:
    """The same name in decomposed Unicode, as some Mac and web forms type it."""
    return unicodedata.normalize("NFD", str(text))


def _const(value: object) -> Callable[[object], object]:
    """A change that replaces the clean value."""
    return lambda _old: value


MISTAKES: tuple[Mistake, ...] = (
    Mistake("TTRA", None, "letter_date", _const(date(2021, 5, 26)), "late-submission",
             "Ngày tờ trình 26/05/2021, sau hạn nộp (trước ngày 25/05/2021)."),
    Mistake("TTRA", 1, "birth_year", _const("1987"), "",
             "Năm sinh gõ dạng văn bản \"1987\": vẫn được chấp nhận."),
    Mistake("BCVT", 0, "votes", _const(6), "vote-inconsistent",
             "Số phiếu đồng ý 6 nhiều hơn số thành viên có mặt (5)."),
    Mistake("BCVT", 2, "unit", _const("Trung tâm CNTT&TT"), "other-unit-nominee",
             f"Phòng đề nghị cả ông {SHARED_PERSON}, người của Trung tâm CNTT&TT được cử hỗ trợ "
             "phòng: người của đơn vị nào do đơn vị đó đề nghị."),
    Mistake("TTBCXB", 0, "summary", lambda old: to_tcvn3(str(old)), "legacy-encoding",
             "Tóm tắt thành tích gõ bằng phông TCVN3 (.VnTime), đã chuyển sang Unicode."),
    Mistake("TTBCXB", 1, "crit:TCN2", _const(None), "criteria-not-met",
             "Để trống tiêu chuẩn TCN2 (Có giải pháp tích cực…) của cá nhân."),
    Mistake("CNTT", None, "dossier:bien-ban", _const(contract.NO), "dossier-incomplete",
             "Thành phần hồ sơ \"Biên bản họp xét\" ghi \"Không\"."),
    Mistake("TTCNTT", 0, "crit:TCT5", _const("Không áp dụng"), "",
             "Trung tâm CNTT&TT ghi \"Không áp dụng\" ở tiêu chuẩn TCT5 (hiệp thương giới thiệu "
             "người ứng cử, không thuộc nhiệm vụ của Trung tâm): vẫn được chấp nhận."),
    Mistake("TTCNTT", 2, "votes", _const(Formula("=20-1", 19)), "formula-cell",
             "Số phiếu đồng ý nhập bằng công thức =20-1 (dùng giá trị 19)."),
    Mistake("TTCNTT", 4, "name", to_nfd, "",
             f"Họ tên \"{SHARED_PERSON}\" gõ dạng Unicode tổ hợp (NFD): vẫn được chấp nhận."),
)


def file_name(unit: DemoUnit, campaign: Campaign) -> str:
    """"01_van_phong_so.xlsx": number, then the unit name without marks in snake case."""
    slug = re.sub(r"[^a-z0-9]+", "_", strip_marks(campaign.unit(unit.unit).name).lower())
    return f"{unit.number:02d}_{slug.strip('_')}.xlsx"


def _demo_unit(code: str) -> DemoUnit:
    """A demo unit by its campaign unit code."""
    return next(u for u in UNITS if u.unit == code)


def list_cell(campaign: Campaign, nominee: int, key: str) -> tuple[int, str]:
    """Sheet row and column letter of a nominee's field in the list sheet."""
    keys = [f.key for f in contract.list_columns(campaign)]
    return FIRST_DATA_ROW + nominee, contract.column_letter(keys.index(key))


def info_row(campaign: Campaign, key: str) -> int:
    """Sheet row of a unit-info field: one field per row from the top, in layout order."""
    return 1 + [f.key for f in contract.info_fields(campaign)].index(key)


def _where(campaign: Campaign, m: Mistake) -> tuple[str, int, str]:
    """Sheet, row and column a mistake sits in."""
    if m.nominee is None:
        return contract.SHEET_INFO, info_row(campaign, m.key), INFO_VALUE_COLUMN
    return (contract.SHEET_LIST, *list_cell(campaign, m.nominee, m.key))


def planted(campaign: Campaign) -> tuple[Planted, ...]:
    """Single-file findings the planted mistakes must produce, exactly."""
    out = []
    for m in MISTAKES:
        if m.code:
            sheet, row, column = _where(campaign, m)
            out.append(Planted(file_name(_demo_unit(m.unit), campaign), m.code, CODES[m.code][0],
                               sheet, row, column, m.description))
    return tuple(out)


def tolerated(campaign: Campaign) -> tuple[Tolerated, ...]:
    """Planted oddities that must give no finding at all."""
    out = []
    for m in MISTAKES:
        if not m.code:
            sheet, row, column = _where(campaign, m)
            out.append(Tolerated(file_name(_demo_unit(m.unit), campaign), sheet, row, column,
                                 m.description))
    return tuple(out)


def shared_person_cells(campaign: Campaign) -> list[tuple[str, int, str]]:
    """File, row and name column of every row proposing the person two units both put forward."""
    cells = []
    for unit in UNITS:
        for i, n in enumerate(unit.nominees):
            if n.name == SHARED_PERSON:
                row, column = list_cell(campaign, i, "name")
                cells.append((file_name(unit, campaign), row, column))
    return cells


def cross_unit(campaign: Campaign) -> tuple[Planted, ...]:
    """Findings only consolidation can make: the shared person's duplicate on the row of the unit
    that is not his own (his own unit's proposal stands), and the Giấy khen cap."""
    owner = file_name(next(u for u in UNITS if u.unit == SHARED_OWNER), campaign)
    dup = tuple(
        Planted(name, "duplicate-nominee", CODES["duplicate-nominee"][0], contract.SHEET_LIST,
                row, column, f"{SHARED_PERSON} (sinh năm 1990) được hai đơn vị cùng đề nghị (một "
                "tệp gõ tên dạng NFD); đề nghị của Trung tâm CNTT&TT, đơn vị công tác của ông, "
                "được giữ, Phòng Bưu chính - Viễn thông được yêu cầu rút đề nghị.")
        for name, row, column in shared_person_cells(campaign) if name != owner)
    individuals = sum(1 for u in UNITS for n in u.nominees
                      if n.subject == CA_NHAN and n.award == "GKGD")
    quota = Planted("", "quota-exceeded", CODES["quota-exceeded"][0], "", None, "",
                    f"Giấy khen của Giám đốc Sở – cá nhân: {individuals} người được đề nghị, "
                    "chỉ tiêu toàn Sở không quá 03; Nông Thị Thu Hằng và Nông Văn Toàn cùng "
                    "tỷ lệ phiếu 90%, nữ xếp trước nên bà Hằng ở vị trí thứ 3, trong chỉ tiêu.")
    return (*dup, quota)


_BUILTIN = load_campaign()
PLANTED: tuple[Planted, ...] = planted(_BUILTIN)
TOLERATED: tuple[Tolerated, ...] = tolerated(_BUILTIN)
CROSS_UNIT: tuple[Planted, ...] = cross_unit(_BUILTIN)
CLEAN_FILE: str = file_name(UNITS[0], _BUILTIN)


def _row(campaign: Campaign, unit: DemoUnit, i: int, n: DemoNominee) -> dict[str, object]:
    """One nominee as the template's list row, criteria of its subject marked met."""
    own = {c.code for c in campaign.criteria_for(n.subject)}
    row: dict[str, object] = {
        "stt": i + 1,
        "subject": campaign.subject(n.subject).label,
        "name": n.name,
        "gender": n.gender or None,
        "birth_year": n.birth_year,
        "position": n.position or None,
        "unit": campaign.unit(n.work_unit or unit.unit).name,
        "award": campaign.award(n.award).name,
        "votes": n.votes,
        "summary": n.summary,
        "note": n.note or None,
    }
    for c in campaign.criteria:
        row[contract.criterion_key(c.code)] = campaign.met_marks[0] if c.code in own else None
    return row


def _info(campaign: Campaign, unit: DemoUnit) -> dict[str, object]:
    """The unit-info sheet values, every dossier component present."""
    info: dict[str, object] = {
        "unit": campaign.unit(unit.unit).name, "letter_no": unit.letter_no,
        "letter_date": unit.letter_date, "meeting_date": unit.meeting_date,
        "members_total": unit.members_total, "members_present": unit.members_present,
        "preparer": unit.preparer, "phone": unit.phone,
    }
    for d in campaign.dossier:
        info[contract.dossier_key(d.code)] = contract.YES
    return info


def _apply(unit: DemoUnit, info: dict[str, object], rows: list[dict[str, object]]) -> None:
    """Plant this unit's mistakes into its clean values."""
    for m in MISTAKES:
        if m.unit == unit.unit:
            target: dict[str, object] = info if m.nominee is None else rows[m.nominee]
            target[m.key] = m.change(target.get(m.key))


def demo_content(campaign: Campaign, unit: DemoUnit) -> tuple[Mapping[str, object],
                                                              list[dict[str, object]]]:
    """Unit info and nominee rows of one demo file, mistakes planted."""
    info = _info(campaign, unit)
    rows = [_row(campaign, unit, i, n) for i, n in enumerate(unit.nominees)]
    _apply(unit, info, rows)
    return info, rows


def write_demo(campaign: Campaign, out_dir: Path) -> list[Path]:
    """Write the six demo workbooks; only the built-in campaign has the units they name."""
    if campaign.id != BUILTIN_ID:
        raise CampaignError(campaign.source or campaign.id, [
            f"bộ hồ sơ mẫu chỉ dành cho đợt thi đua mẫu \"{BUILTIN_ID}\" "
            f"(đợt đang chọn: \"{campaign.id}\")"])
    paths = []
    for unit in UNITS:
        info, rows = demo_content(campaign, unit)
        paths.append(write_unit_workbook(campaign, Path(out_dir) / file_name(unit, campaign),
                                         info=info, rows=rows))
    return paths
