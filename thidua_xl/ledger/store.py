"""The award ledger's storage: the only module that speaks SQL.

SQLite through the standard library, one file. The SQL is kept portable (plain types, `?`
parameters, ON CONFLICT … DO NOTHING, LIKE … ESCAPE); what is SQLite's own stays here: the PRAGMAs
(user_version, foreign_keys, journal_mode=WAL, integrity_check), BEGIN IMMEDIATE and the backup
API. A shared server database would replace this module and nothing else.

Every write runs in one transaction (BEGIN IMMEDIATE … COMMIT): a crash or a kill leaves the file
exactly as before or exactly after, and a second writer waits for the first instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from thidua_xl.ledger.model import (
    AwardLine,
    AwardRecord,
    CampaignRef,
    DecisionRef,
    LedgerError,
    Recorded,
    number_key,
    text_key,
)

BUSY_SECONDS = 60.0
WAL_RETRY_SECONDS = 0.01
CHUNK = 500
MIGRATIONS: Mapping[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            year INTEGER)""",
        "CREATE INDEX campaigns_name_key ON campaigns (name_key)",
        """CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL,
            number_key TEXT NOT NULL,
            signed_on TEXT NOT NULL,
            authority TEXT NOT NULL DEFAULT '',
            UNIQUE (number_key, signed_on))""",
        """CREATE TABLE awards (
            id INTEGER PRIMARY KEY,
            decision_id INTEGER NOT NULL REFERENCES decisions (id),
            campaign_id INTEGER REFERENCES campaigns (id),
            kind TEXT NOT NULL CHECK (kind IN ('individual', 'collective')),
            identity_key TEXT NOT NULL,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            birth_year INTEGER,
            gender TEXT NOT NULL DEFAULT '',
            unit TEXT NOT NULL DEFAULT '',
            award TEXT NOT NULL,
            award_key TEXT NOT NULL,
            year INTEGER NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            UNIQUE (decision_id, identity_key, award_key))""",
        "CREATE INDEX awards_identity ON awards (identity_key)",
        "CREATE INDEX awards_campaign ON awards (campaign_id)",
        "CREATE INDEX awards_name_key ON awards (name_key)",
    ),
}
SCHEMA_VERSION = max(MIGRATIONS)

_SELECT = """SELECT a.kind, a.identity_key, a.name, a.birth_year, a.gender, a.unit, a.award, a.year,
    c.code, c.name, c.year, d.number, d.signed_on, d.authority, a.source
    FROM awards a JOIN decisions d ON d.id = a.decision_id
    LEFT JOIN campaigns c ON c.id = a.campaign_id"""
_ORDER = " ORDER BY d.signed_on, a.name_key, a.id"


def _record(row: Sequence[object]) -> AwardRecord:
    """One joined row as an AwardRecord."""
    (kind, key, name, birth, gender, unit, award, year, c_code, c_name, c_year, number, signed,
     authority, source) = row
    campaign = CampaignRef(str(c_code), str(c_name), c_year) if c_code else None  # type: ignore[arg-type]
    return AwardRecord(str(kind), str(key), str(name), birth, str(gender),  # type: ignore[arg-type]
                       str(unit), str(award), int(year), campaign,  # type: ignore[call-overload]
                       DecisionRef(str(number), date.fromisoformat(str(signed)), str(authority)),
                       str(source))


def backup_path(path: Path, version: int) -> Path:
    """Where the copy taken before migrating from `version` goes, beside the ledger."""
    return path.with_name(f"{path.name}.v{version}.bak")


def _write_ahead(conn: sqlite3.Connection) -> None:
    """Turn WAL on. Two processes opening a new ledger at once can have the switch refused at once
    ("database is locked": SQLite's busy timeout does not cover it), so it is tried again for up
    to BUSY_SECONDS, as any other write waits its turn."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(WAL_RETRY_SECONDS)


class Ledger:
    """An open ledger file: typed reads and writes, each write inside `transaction()`."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    # --- opening, migrating, closing --------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, create: bool = True,
             migrations: Mapping[int, tuple[str, ...]] = MIGRATIONS) -> Ledger:
        """Open (or create) the ledger, migrate it to the newest schema, foreign keys and WAL on."""
        path = Path(path)
        if not path.exists():
            if not create:
                raise LedgerError(f"Chưa có sổ khen thưởng tại {path}. Nhập khen thưởng đã có bằng "
                                  "lệnh: thidua ledger import TỆP --ledger " + str(path))
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(str(path), timeout=BUSY_SECONDS, isolation_level=None)
        except sqlite3.Error as exc:
            raise LedgerError(f"Không mở được sổ khen thưởng {path}: {exc}") from exc
        ledger = cls(path, conn)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            _write_ahead(conn)
            conn.execute("PRAGMA synchronous = FULL")
            ledger._migrate(migrations)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise LedgerError(f"Tệp {path} không phải sổ khen thưởng dùng được: {exc}") from exc
        except BaseException:
            conn.close()
            raise
        return ledger

    @property
    def version(self) -> int:
        """The schema version stored in the file."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, migrations: Mapping[int, tuple[str, ...]]) -> None:
        """Bring the schema up to date in one transaction, after copying an older ledger aside."""
        newest = max(migrations)
        found = self.version
        if found > newest:
            raise LedgerError(f"Sổ khen thưởng {self.path} được tạo bởi phiên bản thidua_xl mới hơn "
                              f"(lược đồ {found}, bản này biết đến {newest}); hãy cập nhật thidua_xl.")
        if found == newest:
            return
        if found > 0:
            self.backup(backup_path(self.path, found))
        with self.transaction():
            for version in range(self.version + 1, newest + 1):
                for statement in migrations[version]:
                    self.conn.execute(statement)
            self.conn.execute(f"PRAGMA user_version = {int(newest)}")

    def backup(self, target: Path) -> Path:
        """A consistent copy of the whole ledger (SQLite's online backup), written atomically."""
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.unlink(missing_ok=True)
        copy = sqlite3.connect(str(tmp))
        try:
            self.conn.backup(copy)
        finally:
            copy.close()
        os.replace(tmp, target)
        return target

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite when the last one closes)."""
        self.conn.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions -----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write: BEGIN IMMEDIATE takes the write lock first, so writers queue."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Several reads that see one state of the ledger, while writers may go on."""
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def integrity(self) -> str:
        """SQLite's own check of the file: "ok" when sound."""
        return "\n".join(str(r[0]) for r in self.conn.execute("PRAGMA integrity_check"))

    # --- writes (inside a transaction) ------------------------------------------------------

    def campaign_id(self, ref: CampaignRef) -> int:
        """The campaign's row, found by code or by name, created when new."""
        row = self.conn.execute("SELECT id FROM campaigns WHERE code = ?", (ref.code,)).fetchone()
        if row is None:
            row = self.conn.execute("SELECT id FROM campaigns WHERE name_key = ? ORDER BY id",
                                    (text_key(ref.name),)).fetchone()
        if row is not None:
            if ref.year is not None:
                self.conn.execute("UPDATE campaigns SET year = ? WHERE id = ? AND year IS NULL",
                                  (ref.year, row[0]))
            if ref.name != ref.code:
                self.conn.execute("UPDATE campaigns SET name = ?, name_key = ? "
                                  "WHERE id = ? AND name = code", (ref.name, text_key(ref.name), row[0]))
            return int(row[0])
        cur = self.conn.execute(
            "INSERT INTO campaigns (code, name, name_key, year) VALUES (?, ?, ?, ?)",
            (ref.code, ref.name, text_key(ref.name), ref.year))
        return int(cur.lastrowid or 0)

    def decision_id(self, ref: DecisionRef) -> int:
        """The decision's row (same number and day: the same decision), created when new."""
        key = number_key(ref.number)
        self.conn.execute(
            "INSERT INTO decisions (number, number_key, signed_on, authority) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (number_key, signed_on) DO NOTHING",
            (ref.number, key, ref.signed_on.isoformat(), ref.authority))
        if ref.authority:
            self.conn.execute("UPDATE decisions SET authority = ? WHERE number_key = ? AND "
                              "signed_on = ? AND authority = ''",
                              (ref.authority, key, ref.signed_on.isoformat()))
        row = self.conn.execute("SELECT id FROM decisions WHERE number_key = ? AND signed_on = ?",
                                (key, ref.signed_on.isoformat())).fetchone()
        return int(row[0])

    def add_awards(self, decision: int, campaign: int | None, year: int,
                   lines: Iterable[AwardLine],
                   progress: Callable[[int], None] | None = None) -> Recorded:
        """Insert awards of one decision; an award already recorded is left as it is."""
        added = existing = 0
        sql = ("INSERT INTO awards (decision_id, campaign_id, kind, identity_key, name, name_key, "
               "birth_year, gender, unit, award, award_key, year, source) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (decision_id, identity_key, award_key) DO NOTHING")
        batch: list[tuple[object, ...]] = []

        def flush() -> None:
            nonlocal added, existing
            before = self.conn.total_changes
            self.conn.executemany(sql, batch)
            done = self.conn.total_changes - before
            added, existing = added + done, existing + len(batch) - done
            batch.clear()
            if progress:
                progress(added + existing)

        for a in lines:
            batch.append((decision, campaign, a.kind, a.key, a.name, text_key(a.name),
                          a.birth_year, a.gender, a.unit, a.award, text_key(a.award),
                          a.year or year, a.source))
            if len(batch) >= CHUNK:
                flush()
        if batch:
            flush()
        return Recorded(added, existing)

    # --- reads ------------------------------------------------------------------------------

    def awards_for(self, keys: Iterable[str]) -> dict[str, list[AwardRecord]]:
        """Every recorded award of the given identity keys, oldest decision first."""
        wanted = sorted(set(keys))
        found: dict[str, list[AwardRecord]] = {}
        for i in range(0, len(wanted), CHUNK):
            part = wanted[i:i + CHUNK]
            marks = ", ".join("?" * len(part))
            for row in self.conn.execute(f"{_SELECT} WHERE a.identity_key IN ({marks}){_ORDER}",
                                         part):
                record = _record(row)
                found.setdefault(record.key, []).append(record)
        return found

    def search(self, folded: str, limit: int = 500) -> list[AwardRecord]:
        """Awards whose name contains the folded text (marks and case already removed)."""
        escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.conn.execute(f"{_SELECT} WHERE a.name_key LIKE ? ESCAPE '\\'"
                                 f" ORDER BY a.name_key, a.identity_key, d.signed_on, a.id LIMIT ?",
                                 (f"%{escaped}%", limit))
        return [_record(r) for r in rows]

    def all_awards(self) -> list[AwardRecord]:
        """The whole ledger, oldest decision first."""
        return [_record(r) for r in self.conn.execute(_SELECT + _ORDER)]

    def campaign_awards(self, ref: CampaignRef) -> list[AwardRecord]:
        """Awards recorded for one campaign, matched by its code or its name."""
        rows = self.conn.execute(f"{_SELECT} WHERE c.code = ? OR c.name_key = ?{_ORDER}",
                                 (ref.code, text_key(ref.name)))
        return [_record(r) for r in rows]

    def counts(self) -> tuple[int, int, int]:
        """How many campaigns, decisions and awards the ledger holds."""
        return tuple(int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                     for table in ("campaigns", "decisions", "awards"))  # type: ignore[return-value]

    def tally_by_campaign(self) -> list[tuple[CampaignRef, int, int]]:
        """Per campaign: individuals and collectives awarded, in year then name order."""
        rows = self.conn.execute(
            "SELECT c.code, c.name, c.year, "
            "SUM(CASE WHEN a.kind = 'individual' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN a.kind = 'collective' THEN 1 ELSE 0 END) "
            "FROM awards a JOIN campaigns c ON c.id = a.campaign_id "
            "GROUP BY c.id, c.code, c.name, c.year ORDER BY c.year, c.name_key, c.id")
        return [(CampaignRef(code, name, year), int(p), int(t)) for code, name, year, p, t in rows]

    def tally_by_year(self) -> list[tuple[int, int, int]]:
        """Per year: individuals and collectives awarded (campaign and yearly awards alike)."""
        rows = self.conn.execute(
            "SELECT a.year, SUM(CASE WHEN a.kind = 'individual' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN a.kind = 'collective' THEN 1 ELSE 0 END) "
            "FROM awards a GROUP BY a.year ORDER BY a.year")
        return [(int(y), int(p), int(t)) for y, p, t in rows]
