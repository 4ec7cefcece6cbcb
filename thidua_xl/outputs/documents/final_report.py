"""bao_cao_tong_ket: the campaign's final report (ND30 "BÁO CÁO"), figures from the same statistics
as the "Thống kê" sheet, written as .docx to sign and .html to read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from thidua_xl.campaign import Award, Campaign, describe_quota
from thidua_xl.consolidate.entries import CANDIDATE_STATUSES, STATUS_OVER, STATUS_WITHIN, Consolidation
from thidua_xl.consolidate.stats import Decided, Statistics, Tally
from thidua_xl.consolidate.units import STATE_LATE, STATE_MISSING, STATE_ON_TIME, unit_rows
from thidua_xl.ledger.history import History, decided_items
from thidua_xl.ledger.model import AwardRecord, DecisionRef
from thidua_xl.outputs.documents.common import (
    Dates,
    agency_header,
    cc_lines,
    count,
    lower_first,
    number,
    polish,
    signer,
)
from thidua_xl.outputs.documents.model import Column, Document, ListPage, Para, Row, Table
from thidua_xl.outputs.documents.sources import fix_requests
from thidua_xl.outputs.documents.to_docx import write_docx
from thidua_xl.outputs.documents.to_html import render_html
from thidua_xl.outputs.files import atomic_write_text
from thidua_xl.outputs.numbering import short_name
from thidua_xl.text.dates import fmt_date
from thidua_xl.text.numbers import roman

KEY = "bao_cao_tong_ket"
NUMBER_WIDTH = 21.0


def counted(campaign: Campaign, by_subject: Counter[str]) -> str:
    """"02 tập thể và 03 cá nhân" from counts per subject code, in the campaign's subject order."""
    labels = {s.code: s.label.lower() for s in campaign.subjects}
    order = [s.code for s in campaign.subjects] + sorted(set(by_subject) - set(labels))
    parts = [f"{count(by_subject[c])} {labels.get(c, c.lower())}" for c in order if by_subject[c]]
    return " và ".join(parts) if parts else "00"


def launched(campaign: Campaign) -> list[Para]:
    """I. What was launched: plan, period, deadline, subjects, award forms and caps."""
    ag = campaign.agency
    until = "chậm nhất ngày" if campaign.deadline_inclusive else "trước ngày"
    plan = f"Thực hiện {campaign.plan} của {ag.name}, " if campaign.plan else ""
    paras = [Para("", "I. CÔNG TÁC TRIỂN KHAI"),
             Para(f"{plan}{ag.office} đã hướng dẫn các đơn vị tổ chức thi đua từ ngày "
                  f"{fmt_date(campaign.period_start)} đến ngày {fmt_date(campaign.period_end)}, "
                  f"bình xét và gửi hồ sơ đề nghị khen thưởng {until} "
                  f"{fmt_date(campaign.deadline)}."),
             Para("Đối tượng khen thưởng: " + ", ".join(s.label.lower() for s in campaign.subjects)
                  + ". Hình thức khen thưởng: " + "; ".join(a.name for a in campaign.awards) + ".")]
    if campaign.quotas:
        paras.append(Para("Số lượng khen thưởng: "
                          + "; ".join(describe_quota(q, campaign) for q in campaign.quotas) + "."))
    return paras


def participation(cons: Consolidation) -> list[Para]:
    """II.1 Who took part: units that sent files, on time, late, not at all."""
    rows = [u for u in unit_rows(cons) if u.code in {x.code for x in cons.campaign.units}]
    state = Counter(u.state for u in rows)
    sent = len(rows) - state[STATE_MISSING]
    text = (f"Có {count(sent)}/{count(len(rows))} đơn vị gửi hồ sơ đề nghị khen thưởng: "
            f"{count(state[STATE_ON_TIME])} đơn vị gửi đúng hạn, {count(state[STATE_LATE])} đơn vị "
            "gửi trễ hạn")
    unknown = sent - state[STATE_ON_TIME] - state[STATE_LATE]
    text += f", {count(unknown)} đơn vị chưa rõ ngày nhận." if unknown else "."
    paras = [Para("", "1. Đơn vị tham gia"), Para(text)]
    for label, wanted in (("Đơn vị gửi trễ hạn", STATE_LATE), ("Đơn vị chưa gửi hồ sơ", STATE_MISSING)):
        names = [u.name for u in rows if u.state == wanted]
        if names:
            paras.append(Para(f"- {label}: {', '.join(names)}."))
    if cons.changes:
        paras.append(Para(f"- Số lần đơn vị gửi lại hồ sơ thay hồ sơ trước: {count(len(cons.changes))}."))
    return paras


def proposals(cons: Consolidation) -> list[Para]:
    """II.2 Proposals received: how many, valid, within the caps, over the caps for the council."""
    camp = cons.campaign
    entries = cons.entries
    subjects = Counter(e.nominee.subject for e in entries)
    valid = [e for e in entries if e.status in CANDIDATE_STATUSES]
    within = sum(e.status == STATUS_WITHIN for e in entries)
    over = sum(e.status == STATUS_OVER for e in entries)
    fix_units = len(fix_requests(cons))
    return [Para("", "2. Hồ sơ đề nghị khen thưởng"),
            Para(f"Tổng số đề nghị: {count(len(entries))} ({counted(camp, subjects)}); hợp lệ: "
                 f"{count(len(valid))}; chưa hợp lệ (còn lỗi, đã gửi phiếu yêu cầu bổ sung cho "
                 f"{count(fix_units)} đơn vị): {count(len(entries) - len(valid))}."),
            Para(f"Trong chỉ tiêu khen thưởng: {count(within)}; vượt chỉ tiêu, trình "
                 f"{camp.agency.council} xem xét: {count(over)}.")]


def _decisions(records: Sequence[AwardRecord]) -> str:
    """"Quyết định số 12/QĐ-STTTT ngày 05/06/2021" for each distinct decision."""
    seen: dict[DecisionRef, None] = dict.fromkeys(r.decision for r in records)
    return ", ".join(f"Quyết định số {d.number} ngày {fmt_date(d.signed_on)}" for d in seen)


def _award_result(campaign: Campaign, award: Award, within: Counter[str], decided: Counter[str],
                  records: Sequence[AwardRecord], ledger: bool) -> str:
    """One award form's outcome: decided (by the ledger) or still a proposal."""
    ag = campaign.agency
    who = award.authority or ag.superior_head or ag.head_title
    if records:
        return (f"{award.name}: {who} đã tặng cho {counted(campaign, decided)} "
                f"({_decisions(records)}).")
    if award.level == "superior":
        return (f"{award.name}: {ag.name} đề nghị {who} tặng {short_name(award)} cho "
                f"{counted(campaign, within)}.")
    pending = "; chưa có quyết định ghi trong sổ khen thưởng" if ledger and within else ""
    return f"{award.name}: trình {ag.head_title} tặng cho {counted(campaign, within)}{pending}."


def results(cons: Consolidation, decided: Sequence[Decided], history: History | None) -> list[Para]:
    """II.3 Awards decided (from the ledger) and proposed upward."""
    camp = cons.campaign
    paras = [Para("", "3. Kết quả khen thưởng")]
    records = list(history.this_campaign) if history else []
    for a in camp.awards:
        within = Counter(e.nominee.subject for e in cons.entries
                         if e.nominee.award == a.code and e.status == STATUS_WITHIN)
        mine = [(d, r) for d, r in zip(decided, records, strict=True) if d.award == a.code]
        got = Counter(d.subject for d, _ in mine)
        text = _award_result(camp, a, within, got, [r for _, r in mine], history is not None)
        paras.append(Para(f"- {text}"))
    return paras


def stats_table(stats: Statistics) -> Table:
    """The statistics as one table: a section per breakdown, its groups, then its total."""
    cols = [Column("STT", 15, "center"), Column("Nội dung", None),
            Column("Số đề nghị", NUMBER_WIDTH, "center"), Column("Hợp lệ", NUMBER_WIDTH, "center"),
            Column("Trong chỉ tiêu", NUMBER_WIDTH, "center")]
    if stats.decided:
        cols.append(Column("Đã khen thưởng", NUMBER_WIDTH, "center"))
    rows: list[Row] = []

    def cells(n: str, t: Tally) -> tuple[str, ...]:
        values = [t.proposed, t.valid, t.within] + ([t.decided] if stats.decided else [])
        return (n, t.label, *map(str, values))

    for i, b in enumerate(stats.breakdowns, start=1):
        rows.append(Row("section", (f"{roman(i)}. {b.title}",)))
        rows += [Row("entry", cells(str(j), t)) for j, t in enumerate(b.rows, start=1)]
        rows.append(Row("entry", cells("", b.total)))
    return Table(tuple(cols), tuple(rows))


def ledger_annex(history: History) -> ListPage:
    """Annex: awards per campaign and per year, from the whole ledger."""
    rows: list[Row] = [Row("section", ("I. Theo đợt thi đua",))]
    rows += [Row("entry", (str(i), f"{c.name}" + (f" ({c.year})" if c.year else ""), str(p), str(t),
                           str(p + t)))
             for i, (c, p, t) in enumerate(history.by_campaign, start=1)] or [Row("none", ("Không có.",))]
    rows.append(Row("section", ("II. Theo năm",)))
    rows += [Row("entry", (str(i), f"Năm {y}", str(p), str(t), str(p + t)))
             for i, (y, p, t) in enumerate(history.by_year, start=1)] or [Row("none", ("Không có.",))]
    cols = (Column("STT", 15, "center"), Column("Đợt thi đua / năm", None),
            Column("Cá nhân", NUMBER_WIDTH, "center"), Column("Tập thể", NUMBER_WIDTH, "center"),
            Column("Tổng số", NUMBER_WIDTH, "center"))
    return ListPage("PHỤ LỤC", ("Khen thưởng qua các đợt thi đua và theo năm",),
                    "(Theo sổ khen thưởng của cơ quan)", Table(cols, tuple(rows)), landscape=False)


def final_report(cons: Consolidation, stats: Statistics, history: History | None,
                 dates: Dates) -> Document:
    """The ND30 BÁO CÁO closing the campaign."""
    camp = cons.campaign
    ag, name = camp.agency, lower_first(camp.name)
    decided = decided_items(history, cons) if history else []
    body = [*launched(camp), Para("", "II. KẾT QUẢ"), *participation(cons), *proposals(cons),
            *results(cons, decided, history),
            Para("", "4. Số liệu thống kê"),
            Para("Số liệu theo đơn vị, đối tượng, giới tính và hình thức khen thưởng (khớp với "
                 "sheet \"Thống kê\" của tệp tong_hop.xlsx):")]
    closing = []
    if history is not None:
        total = sum(p + t for _, p, t in history.by_year)
        closing.append(Para(f"Sổ khen thưởng của cơ quan hiện ghi {count(total)} lượt khen thưởng, "
                            f"trong đó {count(len(history.by_campaign))} đợt thi đua (chi tiết tại "
                            "phụ lục)."))
    closing.append(Para(f"Trên đây là báo cáo tổng kết {name} của {ag.name}./."))
    return polish(Document(
        key=KEY, template=KEY, title=f"Báo cáo tổng kết {name}",
        header=agency_header(camp, number("BC", camp), dates.to_sign(), draft=False),
        kind="BÁO CÁO", summary=f"Tổng kết {name}", body=tuple(body), table=stats_table(stats),
        closing=tuple(closing), cc=cc_lines(f"{ag.council};", (), camp),
        signer=signer(camp.papers.head),
        annexes=(ledger_annex(history),) if history else ()))


def write_final_report(cons: Consolidation, stats: Statistics, history: History | None,
                       out_dir: Path, today: date | None = None) -> list[Path]:
    """bao_cao_tong_ket.html and .docx in the documents folder."""
    doc = final_report(cons, stats, history, Dates(cons.campaign, today))
    out_dir = Path(out_dir)
    return [atomic_write_text(out_dir / f"{KEY}.html", render_html(doc)),
            write_docx(doc, out_dir / f"{KEY}.docx", cons.campaign, today)]
