"""The award ledger's store and recording API: schema, migrations, idempotent decisions, search."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.consolidation_data import CAMPAIGN, nominee
from thidua_xl.campaign import load_campaign
from thidua_xl.ledger import AwardLine, CampaignRef, DecisionRef, LedgerError, record_decision
from thidua_xl.ledger.location import DEFAULT_NAME, resolve_ledger
from thidua_xl.ledger.model import COLLECTIVE, INDIVIDUAL
from thidua_xl.ledger.recording import lines_from_nominees
from thidua_xl.ledger.store import MIGRATIONS, SCHEMA_VERSION, Ledger, backup_path

DECISION = DecisionRef("12/QĐ-STTTT", date(2021, 6, 5), "Giám đốc Sở Thông tin và Truyền thông")
LINES = [
    AwardLine(INDIVIDUAL, "Nguyễn Thị Hồng Nhung", "Giấy khen của Giám đốc Sở", 1987, "Nữ",
              "Phòng Công nghệ thông tin"),
    AwardLine(COLLECTIVE, "Trung tâm CNTT&TT", "Giấy khen của Giám đốc Sở", unit="Trung tâm CNTT&TT"),
]


def _ledger(tmp_path: Path) -> Path:
    path = tmp_path / "so.sqlite"
    record_decision(path, CAMPAIGN, DECISION, LINES)
    return path


def test_new_ledger_has_the_current_schema_foreign_keys_and_wal(tmp_path):
    with Ledger.open(tmp_path / "so.sqlite") as ledger:
        assert ledger.version == SCHEMA_VERSION
        assert ledger.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert ledger.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with pytest.raises(sqlite3.IntegrityError), ledger.transaction():
            ledger.conn.execute("INSERT INTO awards (decision_id, kind, identity_key, name, name_key, "
                                "award, award_key, year) VALUES (999, 'individual', 'k', 'n', 'n', "
                                "'a', 'a', 2021)")
        assert ledger.counts() == (0, 0, 0)


def test_recording_the_same_decision_twice_changes_nothing(tmp_path):
    path = _ledger(tmp_path)
    with Ledger.open(path) as ledger:
        before = list(ledger.conn.iterdump())
    again = record_decision(path, CAMPAIGN, DECISION, LINES)
    assert (again.added, again.existing) == (0, 2)
    with Ledger.open(path) as ledger:
        assert list(ledger.conn.iterdump()) == before
        assert ledger.counts() == (1, 1, 2)


def test_recorded_awards_carry_identity_key_campaign_and_decision(tmp_path):
    with Ledger.open(_ledger(tmp_path)) as ledger:
        person, group = sorted(ledger.all_awards(), key=lambda r: r.kind, reverse=True)
    assert person.key == "p|nguyen thi hong nhung|1987" and person.name == "Nguyễn Thị Hồng Nhung"
    assert group.key == "t|trung tam cntt&tt" and group.birth_year is None
    assert person.campaign == CampaignRef("bau-cu-2021", CAMPAIGN.name, 2021)
    assert person.decision == DECISION and person.year == 2021


def test_decision_number_spelling_and_spacing_do_not_make_a_second_decision(tmp_path):
    path = _ledger(tmp_path)
    other = DecisionRef("12 /qđ-STTTT", DECISION.signed_on)
    assert record_decision(path, CAMPAIGN, other, LINES[:1]).added == 0
    with Ledger.open(path) as ledger:
        assert ledger.counts() == (1, 1, 2)


def test_nominees_become_award_lines_with_the_same_identity_key(tmp_path):
    people = [nominee("Lê Thị Mai", gender="Nữ", birth_year=1990),
              nominee("Văn phòng Sở", subject="tap-the")]
    lines = lines_from_nominees(people, CAMPAIGN)
    assert [line.key for line in lines] == [n.key for n in people]
    assert lines[0].award == "Giấy khen của Giám đốc Sở" and lines[1].kind == COLLECTIVE


def test_a_decision_without_number_or_with_an_unnamed_award_is_refused_whole(tmp_path):
    path = tmp_path / "so.sqlite"
    bad = [*LINES, AwardLine(INDIVIDUAL, " ", "Giấy khen", 1990)]
    with pytest.raises(LedgerError, match="thiếu họ tên"):
        record_decision(path, CAMPAIGN, DECISION, bad)
    with pytest.raises(LedgerError, match="chưa có số"):
        record_decision(path, CAMPAIGN, DecisionRef("", date(2021, 6, 5)), LINES)
    with Ledger.open(path) as ledger:
        assert ledger.counts() == (0, 0, 0)


@pytest.mark.parametrize("query", ["nguyen thi hong nhung", "NGUYỄN THỊ HỒNG NHUNG", "hồng  nhung",
                                   "Nguyễn Thị Hồng Nhung"])
def test_search_finds_a_name_with_or_without_marks(tmp_path, query):
    from thidua_xl.ledger.model import text_key

    with Ledger.open(_ledger(tmp_path)) as ledger:
        found = ledger.search(text_key(" ".join(query.split())))
    assert [r.name for r in found] == ["Nguyễn Thị Hồng Nhung"]


def test_search_treats_percent_and_underscore_as_letters(tmp_path):
    with Ledger.open(_ledger(tmp_path)) as ledger:
        assert ledger.search("%") == [] and ledger.search("_") == []
        assert [r.name for r in ledger.search("cntt&tt")] == ["Trung tâm CNTT&TT"]


def test_migrating_an_older_ledger_keeps_a_backup_and_the_data(tmp_path):
    path = _ledger(tmp_path)
    newer = {**MIGRATIONS, SCHEMA_VERSION + 1: (
        "ALTER TABLE decisions ADD COLUMN note TEXT NOT NULL DEFAULT ''",)}
    with Ledger.open(path, migrations=newer) as ledger:
        assert ledger.version == SCHEMA_VERSION + 1
        assert ledger.counts() == (1, 1, 2)
        assert ledger.conn.execute("SELECT note FROM decisions").fetchone() == ("",)
    copy = backup_path(path, SCHEMA_VERSION)
    with sqlite3.connect(copy) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert old.execute("SELECT COUNT(*) FROM awards").fetchone()[0] == 2


def test_a_failing_migration_leaves_the_ledger_as_it_was(tmp_path):
    path = _ledger(tmp_path)
    broken = {**MIGRATIONS, SCHEMA_VERSION + 1: (
        "ALTER TABLE decisions ADD COLUMN note TEXT", "ALTER TABLE no_such_table ADD COLUMN x")}
    with pytest.raises(LedgerError):
        Ledger.open(path, migrations=broken)
    with Ledger.open(path) as ledger:
        assert ledger.version == SCHEMA_VERSION
        assert "note" not in {r[1] for r in ledger.conn.execute("PRAGMA table_info(decisions)")}
        assert ledger.integrity() == "ok"


def test_a_ledger_from_a_newer_version_is_refused_with_a_clear_message(tmp_path):
    path = _ledger(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(LedgerError, match="phiên bản thidua_xl mới hơn"):
        Ledger.open(path)


def test_a_file_that_is_not_a_ledger_gives_a_vietnamese_error(tmp_path):
    path = tmp_path / "so.sqlite"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 100)
    with pytest.raises(LedgerError, match="không phải sổ khen thưởng"):
        Ledger.open(path)


def test_reading_a_missing_ledger_does_not_create_it(tmp_path):
    with pytest.raises(LedgerError, match="Chưa có sổ khen thưởng"):
        Ledger.open(tmp_path / "khong_co.sqlite", create=False)
    assert not (tmp_path / "khong_co.sqlite").exists()


def test_ledger_location_prefers_option_then_campaign_then_beside_outputs(tmp_path):
    toml = tmp_path / "dot" / "dot.toml"
    toml.parent.mkdir()
    text = Path(CAMPAIGN.source).read_text(encoding="utf-8")
    toml.write_text(text.replace('# file = "../so_khen_thuong.sqlite"',
                                 'file = "../chung/so.sqlite"'), encoding="utf-8")
    configured = load_campaign(toml)
    out = tmp_path / "ket_qua"
    assert resolve_ledger("x.sqlite", configured, out).path == Path("x.sqlite")
    assert resolve_ledger(None, configured, out).path == tmp_path / "chung" / "so.sqlite"
    assert resolve_ledger(None, CAMPAIGN, out).path == tmp_path / DEFAULT_NAME
    assert not resolve_ledger(None, CAMPAIGN, out).explicit


def test_a_refused_switch_to_wal_is_tried_again(tmp_path, monkeypatch) -> None:
    """Two processes opening a new ledger at once: SQLite may refuse one the WAL switch at once
    ("database is locked") without waiting; opening waits and tries again instead of failing."""
    from thidua_xl.ledger import store

    real_connect = sqlite3.connect
    refusals = []

    class Refusing:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self._conn = conn

        def execute(self, sql: str, *args: object):
            if sql.startswith("PRAGMA journal_mode") and len(refusals) < 2:
                refusals.append(sql)
                raise sqlite3.OperationalError("database is locked")
            return self._conn.execute(sql, *args)

        def __getattr__(self, name: str):
            return getattr(self._conn, name)

    monkeypatch.setattr(store.sqlite3, "connect",
                        lambda *a, **k: Refusing(real_connect(*a, **k)))
    with store.Ledger.open(tmp_path / "so.sqlite") as ledger:
        mode = ledger.conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert len(refusals) == 2 and mode == "wal"
