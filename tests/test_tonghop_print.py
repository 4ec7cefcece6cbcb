"""tong_hop.xlsx on paper: page breaks worked out ahead so a heading never ends a page, the name
column on every page of wide sheets, TCVN3 values shown in Unicode — checked on LibreOffice's PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.unitfiles import BK, GK, clean_info, collective, person, write_unit
from thidua_xl.campaign import load_campaign
from thidua_xl.check.file import check_file
from thidua_xl.consolidate.merge import consolidate
from thidua_xl.demo import to_tcvn3
from thidua_xl.outputs.tonghop.paging import page_breaks, print_scale
from thidua_xl.outputs.tonghop.workbook import write_tonghop

CAMPAIGN = load_campaign()
UNITS = ("Văn phòng Sở", "Phòng Công nghệ thông tin", "Trung tâm CNTT&TT")
SUMMARY = ("Tham mưu, triển khai kế hoạch bảo đảm thông tin liên lạc phục vụ bầu cử; trực kỹ thuật "
           "24/7 trong thời gian cao điểm; hỗ trợ các tổ bầu cử vùng sâu, vùng xa.")
SIZES = (6, 17)  # Giấy khen persons per unit: lists of two pages and of seven
HEADING = re.compile(r"^\s*((I|II|III|IV|V)\. |\d+\. (Tập thể|Cá nhân)\s*$|CÁC TRƯỜNG HỢP VƯỢT)")


def test_a_heading_is_kept_with_the_row_after_it() -> None:
    heights = [10.0] * 10
    assert page_breaks(heights, 30) == [3, 6, 9]
    assert page_breaks(heights, 30, keep={2}) == [2, 5, 8]
    assert page_breaks(heights, 30, keep={1, 2}) == [1, 4, 7]


def test_forced_breaks_and_blocks_taller_than_a_page() -> None:
    assert page_breaks([10.0] * 6, 100, forced={4}) == [4]
    assert page_breaks([10.0] * 6, 25, keep={0, 1, 2, 3}) == [2, 4]
    assert page_breaks([40.0, 10.0], 30) == [1]
    assert page_breaks([], 30) == []


def test_the_print_scale_fits_the_columns_across_the_page() -> None:
    assert print_scale([10.0], 770) == 100
    assert print_scale([183.0], 770) == 66
    assert print_scale([], 770) == 100


def _units(folder: Path, people: int) -> list[Path]:
    """Three real unit files: `people` persons each for the Giấy khen (most over the cap), a
    collective, one person upward, and one summary typed in TCVN3."""
    paths = []
    for u, unit in enumerate(UNITS):
        rows = [collective(CAMPAIGN, stt=1, name=unit, unit=unit, summary=SUMMARY)]
        rows += [person(CAMPAIGN, stt=i + 2, name=f"Nguyễn Văn {chr(65 + u)}{i:02d}", gender="Nam",
                        unit=unit, votes=7 - i % 3, summary=SUMMARY) for i in range(people)]
        rows.append(person(CAMPAIGN, stt=people + 2, name=f"Lê Thị {chr(65 + u)}", unit=unit,
                           award=BK, summary=to_tcvn3(SUMMARY) if u == 0 else SUMMARY))
        assert all(r["award"] in (GK, BK) for r in rows)
        paths.append(write_unit(CAMPAIGN, folder / f"u{u}.xlsx",
                                clean_info(CAMPAIGN, unit=unit), rows))
    return paths


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[int, list[str]]]:
    """For lists of several lengths: tong_hop.xlsx printed to PDF by LibreOffice, page by page."""
    tmp = tmp_path_factory.mktemp("print")
    books = []
    for people in SIZES:
        folder = tmp / f"in{people}"
        folder.mkdir()
        cons = consolidate([check_file(p, CAMPAIGN) for p in _units(folder, people)], CAMPAIGN)
        books.append(write_tonghop(cons, tmp / f"tong_hop_{people}.xlsx"))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp), *map(str, books)],
                   check=True, capture_output=True, timeout=300)
    out = []
    for people, book in zip(SIZES, books, strict=True):
        text = subprocess.run(["pdftotext", "-layout", str(book.with_suffix(".pdf")), "-"],
                              capture_output=True, text=True, check=True).stdout
        out.append((people, text.split("\f")[:-1]))
    return out


def _director_pages(pages: list[str]) -> list[str]:
    """The pages of "Danh sách trình Giám đốc": from its title to the statistics."""
    first = next(i for i, p in enumerate(pages) if "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in p)
    last = next(i for i, p in enumerate(pages) if "THỐNG KÊ ĐỀ NGHỊ VÀ KHEN THƯỞNG" in p)
    return pages[first:last]


@pytest.mark.libreoffice
def test_no_page_of_the_list_ends_with_a_heading(printed) -> None:
    for people, pages in printed:
        director = _director_pages(pages)
        assert len(director) >= 2, people
        for n, page in enumerate(director, start=1):
            lines = [line for line in page.splitlines() if line.strip()]
            assert not HEADING.match(lines[-1]), f"{people} người, trang {n}: {lines[-1]!r}"
        beyond = next(p for p in director if "CÁC TRƯỜNG HỢP VƯỢT" in p)
        assert beyond.lstrip().startswith("CÁC TRƯỜNG HỢP VƯỢT"), "the council's part starts a page"


@pytest.mark.libreoffice
def test_wide_sheets_repeat_the_name_on_every_page(printed) -> None:
    for _people, pages in printed:
        first_quota = next(i for i, p in enumerate(pages) if "Nhóm chỉ tiêu" in p)
        everyone = pages[:first_quota]
        assert len(everyone) >= 2
        assert all("Họ và tên / Tên tập thể" in p for p in everyone)
        assert sum("Nguyễn Văn A00" in p for p in everyone) == 2, "a row is named on both halves"
        first_finding = next(i for i, p in enumerate(pages) if re.search(r"Mức độ\s+Mã", p))
        last_finding = next(i for i, p in enumerate(pages) if "Mã đơn vị" in p)
        findings = pages[first_finding:last_finding]
        assert len(findings) >= 2 and all("Nội dung" in p for p in findings)


@pytest.mark.libreoffice
def test_values_typed_in_tcvn3_print_in_unicode(printed) -> None:
    for _people, pages in printed:
        text = "\n".join(pages)
        assert to_tcvn3("triển") not in text and to_tcvn3("hoạch") not in text
        assert "legacy-encoding" in text
