"""Atomic outputs: written whole or not at all, with the mode an ordinary new file would get."""

from __future__ import annotations

from pathlib import Path

import pytest

from thidua_xl.outputs.files import atomic_path, atomic_write_text


def test_atomic_output_gets_the_same_mode_as_an_ordinary_new_file(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    out = atomic_write_text(tmp_path / "out.txt", "x")
    assert out.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = atomic_write_text(tmp_path / "bao_cao.json", "cũ")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("mới, dở dang", encoding="utf-8")
        raise RuntimeError("hỏng giữa chừng")
    assert target.read_text(encoding="utf-8") == "cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao_cao.json"]
