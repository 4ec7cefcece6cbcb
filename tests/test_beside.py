"""Two outputs at once: a job forked beside the main one, rerun here when the fork fails."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from thidua_xl.outputs.beside import beside
from thidua_xl.outputs.files import OutputLocked, atomic_path
from thidua_xl.outputs.targets import together

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is Linux-only")


@linux_only
def test_the_job_runs_in_another_process_at_the_same_time(tmp_path: Path) -> None:
    flag = tmp_path / "started"

    def job() -> int:
        flag.write_text("x")
        time.sleep(0.3)
        return os.getpid()

    with beside(job) as side:
        deadline = time.monotonic() + 10
        while not flag.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert flag.exists()
    assert side.result() != os.getpid()
    assert side.failed == ""


@linux_only
def test_a_job_that_fails_only_in_the_fork_is_done_here() -> None:
    parent = os.getpid()

    def job() -> str:
        if os.getpid() != parent:
            raise RuntimeError("hỏng trong tiến trình phụ")
        return "xong"

    with beside(job) as side:
        pass
    assert side.result() == "xong"
    assert "hỏng trong tiến trình phụ" in side.failed


@linux_only
def test_a_fork_that_dies_without_a_word_is_redone_here() -> None:
    parent = os.getpid()

    def job() -> int:
        if os.getpid() != parent:
            os._exit(3)
        return 7

    with beside(job) as side:
        pass
    assert side.result() == 7
    assert "3" in side.failed


def test_a_job_that_always_fails_raises_its_own_error_here(tmp_path: Path) -> None:
    target = tmp_path / "tong_hop.docx"

    def job() -> None:
        raise OutputLocked(target)

    with beside(job) as side:
        pass
    with pytest.raises(OutputLocked, match="Word"):
        side.result()


@linux_only
def test_a_failing_main_job_stops_the_forked_one(tmp_path: Path) -> None:
    done = tmp_path / "done"

    def job() -> None:
        time.sleep(2)
        done.write_text("x")

    with pytest.raises(ValueError), beside(job):
        raise ValueError("bảng tổng hợp hỏng")
    time.sleep(2.5)
    assert not done.exists()


def test_without_fork_the_job_runs_here_at_result() -> None:
    ran: list[int] = []
    with beside(lambda: ran.append(os.getpid()) or len(ran), fork=False) as side:
        assert ran == []
    assert side.result() == 1 and ran == [os.getpid()]


@linux_only
def test_stopping_the_forked_job_leaves_no_temporary_file(tmp_path: Path) -> None:
    started = tmp_path / "started"

    def job() -> None:
        with atomic_path(tmp_path / "van_ban.docx") as tmp:
            tmp.write_bytes(b"half")
            started.write_text("x")
            time.sleep(30)

    with pytest.raises(OutputLocked), beside(job):
        deadline = time.monotonic() + 10
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        raise OutputLocked(tmp_path / "tong_hop.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["started"]


@linux_only
def test_the_forked_jobs_files_appear_with_the_runs_other_outputs(tmp_path: Path) -> None:
    paper, book = tmp_path / "van_ban.docx", tmp_path / "tong_hop.xlsx"

    def job() -> int:
        with atomic_path(paper) as tmp:
            tmp.write_bytes(b"van ban")
        return os.getpid()

    with together():
        with beside(job) as side, atomic_path(book) as tmp:
            tmp.write_bytes(b"tong hop")
        assert side.result() != os.getpid()
        assert not paper.exists() and not book.exists()
    assert (paper.read_bytes(), book.read_bytes()) == (b"van ban", b"tong hop")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tong_hop.xlsx", "van_ban.docx"]


@linux_only
def test_with_another_thread_alive_the_job_runs_here() -> None:
    """A host with threads (an Excel macro server) never forks: a lock held by another thread at
    the fork would hang the child."""
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        with beside(os.getpid) as side:
            pass
        assert side.result() == os.getpid()
    finally:
        stop.set()
        other.join()
    with beside(os.getpid) as side:
        pass
    assert side.result() != os.getpid()


@linux_only
@pytest.mark.parametrize("stream", [False, True])
def test_a_report_sent_to_a_stream_is_written_once_by_the_main_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stream: bool) -> None:
    """A regular report file is written by the side job; a pipe is written here, so a side job
    that fails and is redone can never write it twice."""
    import thidua_xl.outputs.documents.sources as sources
    import thidua_xl.outputs.tonghop.report as report_module
    from tests.council_data import consolidation
    from thidua_xl.jobs import write_outputs

    parent = os.getpid()
    writers = tmp_path / "writers"

    def spy(cons: object, target: Path) -> Path:
        with writers.open("a") as fh:
            fh.write(f"{os.getpid()}\n")
        return target

    real = sources.write_documents_for

    def fails_in_the_fork(cons: object, staging: Path) -> list[Path]:
        if os.getpid() != parent:
            raise RuntimeError("only in the fork")
        return real(cons, staging)  # type: ignore[arg-type]

    monkeypatch.setattr(report_module, "write_report", spy)
    monkeypatch.setattr(sources, "write_documents_for", fails_in_the_fork)
    report = tmp_path / "bao_cao.json"
    if stream:
        os.mkfifo(report)
    write_outputs(consolidation(), tmp_path / "tong_hop.xlsx", report, tmp_path / "van_ban")
    pids = writers.read_text().split()
    if stream:
        assert pids == [str(parent)]
    else:  # written in the fork, which then failed, and once more here
        assert len(pids) == 2 and pids[0] != str(parent) and pids[1] == str(parent)
