"""Outputs never become inputs and never overwrite a unit's file: recognised by their stamp, not name."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.packaging.custom import StringProperty

from tests.inputkit import CAMPAIGN, consolidate, read_files, report, run, unit_book
from thidua_xl.outputs.files import sha256
from thidua_xl.read.produced import STAMP_PROPERTY, output_kind


@pytest.fixture(scope="module")
def produced(tmp_path_factory) -> Path:
    """A real run's outputs: tong_hop.xlsx, bao_cao.json, van_ban/, a validate JSON, a marked copy."""
    root = tmp_path_factory.mktemp("produced")
    unit_book(root / "in" / "cntt.xlsx", "CNTT", ("Nguyễn Thị Hồng Nhung", "Lê Văn Ba"),
              letter_date="26/05/2021")
    unit_book(root / "in" / "vp.xlsx", "VP", ("Hà Thị Lan",))
    assert consolidate(root / "in", root / "out") == 1
    assert run("validate", root / "in", "--json", root / "out" / "kiem_tra.json",
               "--annotate", root / "out" / "danh_dau") == 1
    return root


@pytest.mark.parametrize(("name", "kind"), [
    ("out/tong_hop.xlsx", "tong_hop"), ("out/bao_cao.json", "bao_cao"),
    ("out/kiem_tra.json", "bao_cao"), ("out/danh_dau/cntt_danh_dau.xlsx", "danh_dau"),
    ("out/van_ban/danh_sach_de_nghi.docx", "van_ban"), ("out/van_ban/danh_sach_de_nghi.html", "van_ban"),
])
def test_every_output_carries_a_stamp_naming_its_kind(produced: Path, name: str, kind: str) -> None:
    assert output_kind(produced / name) == kind


def test_the_office_workbook_and_the_ledger_export_are_stamped(tmp_path: Path, capsys) -> None:
    from thidua_xl.outputs.ledger_book import write_ledger_book
    from thidua_xl.outputs.office.workbook import write_office_workbook

    office = write_office_workbook(CAMPAIGN, tmp_path)
    ledger = write_ledger_book([], tmp_path / "so_khen_thuong.xlsx")
    assert (output_kind(office), output_kind(ledger)) == ("so_dieu_khien", "so_khen_thuong")
    assert run("validate", tmp_path) == 2
    err = capsys.readouterr().err
    assert "Không có tệp Excel nào" in err and "Bỏ qua 2 tệp do thidua_xl tạo ra" in err


def test_unit_files_and_the_template_carry_no_output_stamp(produced: Path) -> None:
    from thidua_xl.outputs.template.workbook import write_template

    template = write_template(CAMPAIGN, produced / "mau")
    assert output_kind(template) is None
    assert output_kind(produced / "in" / "cntt.xlsx") is None


def _read_by_validate(inputs: Path, json_path: Path) -> list[str]:
    """File names `thidua validate` read (its JSON report lists exactly those)."""
    run("validate", inputs, "--json", json_path)
    return sorted(Path(f["path"]).name for f in report(json_path)["files"])


@pytest.mark.parametrize("where", ["same folder", "sub-folder", "renamed"])
def test_earlier_outputs_in_the_input_tree_are_never_read(produced: Path, tmp_path: Path,
                                                         where: str, capsys) -> None:
    folder = tmp_path / "ho_so"
    shutil.copytree(produced / "in", folder)
    place = {"same folder": folder, "sub-folder": folder / "ket_qua_cu",
             "renamed": folder / "phong_moi"}[where]
    shutil.copytree(produced / "out", place, dirs_exist_ok=True)
    if where == "renamed":
        for p in list(place.rglob("*.*")):
            p.rename(p.with_name(f"don_vi_{p.stem}{p.suffix}"))
    assert _read_by_validate(folder, tmp_path / "r.json") == ["cntt.xlsx", "vp.xlsx"]
    skipped = [line for line in capsys.readouterr().err.splitlines() if "do thidua_xl tạo ra" in line]
    assert len(skipped) == 1 and "tong_hop.xlsx" in skipped[0] and "danh_dau" in skipped[0]
    assert "bảng tổng hợp" in skipped[0] and "văn bản" in skipped[0]


def test_rerun_into_the_input_folder_reads_the_same_files(produced: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ho_so"
    shutil.copytree(produced / "in", folder)
    for _ in range(2):
        assert consolidate(folder, folder) == 1
        assert read_files(folder / "bao_cao.json") == ["cntt.xlsx", "vp.xlsx"]
        assert run("validate", folder, "--annotate", folder / "danh_dau") == 1
    assert _read_by_validate(folder, tmp_path / "r.json") == ["cntt.xlsx", "vp.xlsx"]


NAMED_LIKE_OUTPUTS = {"tong_hop.xlsx": "VP", "bao_cao.xlsx": "TTRA", "cntt_danh_dau.xlsx": "KHTC",
                      "kiem_tra.xlsx": "BCVT"}


def test_unit_files_named_like_outputs_are_read_and_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "ho_so"
    unit_book(folder / "cntt.xlsx", "CNTT", ("Lê Văn Ba",))
    units = [unit_book(folder / name, code, (f"Người {code}",))
             for name, code in NAMED_LIKE_OUTPUTS.items()]
    before = [sha256(u) for u in units]
    everyone = sorted([*NAMED_LIKE_OUTPUTS, "cntt.xlsx"])
    assert consolidate(folder, tmp_path / "out", "--json", tmp_path / "out" / "kiem_tra.xlsx") == 0
    assert read_files(tmp_path / "out" / "kiem_tra.xlsx") == everyone
    assert run("validate", folder, "--annotate", tmp_path / "dd", "--json",
               tmp_path / "dd" / "bao_cao.xlsx") == 0
    assert sorted(Path(f["path"]).name for f in report(tmp_path / "dd" / "bao_cao.xlsx")["files"]) \
        == everyone
    assert [sha256(u) for u in units] == before


@pytest.mark.parametrize("case", ["workbook", "json", "register", "marked copy", "docs folder",
                                  "linked into docs folder"])
def test_an_output_that_would_replace_an_input_is_refused(tmp_path: Path, case: str, capsys) -> None:
    folder = tmp_path / "ho_so"
    cntt = unit_book(folder / "cntt.xlsx", "CNTT", ("Lê Văn Ba",))
    register = tmp_path / "so_nhan.csv"
    register.write_text("Đơn vị,Ngày nhận\nPhòng Công nghệ thông tin,20/05/2021\n", encoding="utf-8")
    if case == "workbook":
        victim = unit_book(folder / "tong_hop.xlsx", "VP", ("Hà Thị Lan",))
        code = consolidate(folder, folder)
    elif case == "json":
        victim = cntt
        code = consolidate(folder, tmp_path / "out", "--json", cntt)
    elif case == "register":
        victim = register
        code = consolidate(folder, tmp_path / "out", "--received", register, "--json", register)
    elif case == "marked copy":
        victim = unit_book(folder / "cntt_danh_dau.xlsx", "VP", ("Hà Thị Lan", "Hà Thị Lan"))
        code = run("validate", folder, "--annotate", folder)
    elif case == "docs folder":
        victim = unit_book(tmp_path / "out" / "van_ban" / "vp.xlsx", "VP", ("Hà Thị Lan",))
        code = consolidate([folder, tmp_path / "out" / "van_ban"], tmp_path / "out")
    else:  # the unit's file lives in the documents folder; the input folder links to it
        victim = unit_book(tmp_path / "out" / "van_ban" / "vp.xlsx", "VP", ("Hà Thị Lan",))
        (folder / "vp.xlsx").symlink_to(victim)
        code = consolidate(folder, tmp_path / "out")
    named = folder / "vp.xlsx" if case.startswith("linked") else victim  # as the input was given
    before = sha256(victim)
    err = capsys.readouterr().err
    assert code == 2
    assert sha256(victim) == before
    assert "Không ghi" in err and str(named) in err and "Traceback" not in err


def test_a_marked_copy_keeps_the_units_own_document_properties(tmp_path: Path) -> None:
    from thidua_xl.check.file import check_file
    from thidua_xl.outputs.annotate import annotate_copy

    source = unit_book(tmp_path / "u.xlsx", "CNTT", ("Lê Văn Ba", "Lê Văn Ba"))
    wb = openpyxl.load_workbook(source)
    wb.custom_doc_props.append(StringProperty(name="Phân loại", value="Nội bộ"))
    wb.save(source)
    marked = annotate_copy(source, check_file(source, CAMPAIGN).findings, tmp_path / "d.xlsx")
    props = {p.name: p.value for p in openpyxl.load_workbook(marked).custom_doc_props.props}
    assert props == {"Phân loại": "Nội bộ", STAMP_PROPERTY: "danh_dau"}
    with zipfile.ZipFile(marked) as zf:
        assert zf.testzip() is None


def _fifo_reader(path: Path, got: list[bytes]) -> threading.Thread:
    """Read everything written into a named pipe, in the background."""
    def read() -> None:
        with open(path, "rb") as fh:
            got.append(fh.read())
    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("target", ["symlink", "dangling symlink", "fifo", "/dev/null"])
def test_json_is_written_through_links_and_devices_never_replacing_them(tmp_path: Path,
                                                                        target: str) -> None:
    folder = tmp_path / "ho_so"
    unit_book(folder / "vp.xlsx", "VP", ("Hà Thị Lan",))
    real = tmp_path / "that" / "bao_cao.json"
    real.parent.mkdir()
    got: list[bytes] = []
    if target == "/dev/null":
        path = Path(os.devnull)
    elif target == "fifo":
        path = tmp_path / "pipe.json"
        os.mkfifo(path)
        reader = _fifo_reader(path, got)
    else:
        path = tmp_path / "link.json"
        if target == "symlink":
            real.write_text("{}", encoding="utf-8")
        path.symlink_to(real)
    if target == "fifo":
        assert consolidate(folder, tmp_path / "out", "--json", path) == 0
    else:
        assert run("validate", folder, "--json", path) == 0
    if target == "/dev/null":
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    elif target == "fifo":
        reader.join(10)
        assert stat.S_ISFIFO(os.stat(path).st_mode)
        assert b'"generator": "thidua_xl:bao_cao"' in got[0]
    else:
        assert path.is_symlink() and os.readlink(path) == str(real)
        assert report(real)["summary"]["rows"] == 1
    assert not [p for p in tmp_path.rglob(".*")], "no temporary file may be left behind"


@pytest.mark.parametrize("target", ["folder", "socket"])
def test_json_to_a_folder_or_socket_is_refused_with_a_message(tmp_path: Path, target: str,
                                                              capsys) -> None:
    folder = tmp_path / "ho_so"
    unit_book(folder / "vp.xlsx", "VP", ("Hà Thị Lan",))
    path = tmp_path / "dich"
    sock = None
    if target == "folder":
        path.mkdir()
    else:
        path = Path("/tmp") / f"thidua_{os.getpid()}.sock"
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
    try:
        assert run("validate", folder, "--json", path) == 2
        assert "Không ghi được" in capsys.readouterr().err
        assert path.is_dir() if target == "folder" else stat.S_ISSOCK(os.stat(path).st_mode)
    finally:
        if sock is not None:
            sock.close()
            path.unlink()



def _stamped_zip(path: Path, kind: str, *, parts: int = 0, comment: bytes = b"") -> Path:
    """A zip with our custom-properties stamp, optionally with many parts or a long comment."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("docProps/custom.xml",
                    f'<Properties><property name="{STAMP_PROPERTY}"><vt:lpwstr>{kind}</vt:lpwstr>'
                    "</property></Properties>")
        for i in range(parts):  # after the stamp, so its directory entry is far from the end
            zf.writestr(f"xl/media/image_with_a_long_name_{i:05d}.png", b"")
        zf.comment = comment
    return path


@pytest.mark.parametrize(("case", "parts", "comment"), [
    ("plain", 0, b""),
    ("directory larger than the tail read", 400, b""),
    ("comment longer than the tail read", 0, b"x" * 20_000),
])
def test_the_stamp_is_found_however_the_zip_is_laid_out(tmp_path: Path, case: str, parts: int,
                                                        comment: bytes) -> None:
    """The quick look at the zip's directory answers only "no stamp part"; any doubt reads it."""
    path = _stamped_zip(tmp_path / "x.xlsx", "tong_hop", parts=parts, comment=comment)
    assert output_kind(path) == "tong_hop", case
