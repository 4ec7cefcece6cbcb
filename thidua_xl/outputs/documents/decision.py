"""Dự thảo Quyết định of the head awarding an agency-level award, with its attached list."""

from __future__ import annotations

from thidua_xl.campaign import Campaign
from thidua_xl.outputs.documents import citing
from thidua_xl.outputs.documents.common import (
    Dates,
    Names,
    agency_header,
    cc_lines,
    counts,
    grouped,
    lower_first,
    number,
    polish,
    signer,
    who_phrase,
)
from thidua_xl.outputs.documents.lists import AWARDED_COLUMNS, attached_table
from thidua_xl.outputs.documents.model import (
    BLANK,
    AwardList,
    Document,
    ListPage,
    Minutes,
    Para,
)
from thidua_xl.outputs.numbering import short_name


def grounds(campaign: Campaign, council: Minutes | None) -> tuple[str, ...]:
    """Căn cứ lines, all from the campaign: legal bases, mandate, the plans; then whose proposal."""
    p, ag = campaign.papers, campaign.agency
    lines = [f"Căn cứ {b};" for b in p.legal_bases]
    if p.mandate:
        lines.append(f"Căn cứ {p.mandate};")
    lines += [f"Căn cứ {plan.citation()};" for plan in (p.superior_plan, p.agency_plan) if plan]
    if not (p.superior_plan or p.agency_plan) and campaign.plan:
        lines.append(f"Căn cứ {campaign.plan} của {ag.name};")
    if council:
        lines.append(citing.minutes_ground(council))
    lines.append(f"Xét đề nghị của {ag.office_head_title}.")
    return tuple(lines)


def decision(campaign: Campaign, award_list: AwardList, dates: Dates, key: str,
             council: Minutes | None = None) -> Document:
    """Dự thảo Quyết định of the head awarding an agency-level award, with its attached list."""
    ag, name = campaign.agency, lower_first(campaign.name)
    award = campaign.award(award_list.award_code)
    entries = award_list.within
    money = "; ".join(f"{label.lower()} …………… đồng" for _, label, _ in grouped(campaign, entries))
    attached = ListPage(
        "DANH SÁCH", (f"Tập thể, cá nhân được tặng {award.name}",),
        f"(Kèm theo Quyết định số{BLANK}/QĐ-{ag.code_suffix} {dates.to_sign(place=False)} "
        f"của {ag.head_title} {ag.name})",
        attached_table(campaign, entries, AWARDED_COLUMNS, Names(campaign, outward=True)),
        landscape=False)
    return polish(Document(
        key=key, template="du_thao_quyet_dinh", title=f"Dự thảo Quyết định tặng {award.name}",
        header=agency_header(campaign, number("QĐ", campaign), dates.to_sign(), draft=True),
        kind="QUYẾT ĐỊNH",
        summary=f"Về việc tặng {award.name} cho {who_phrase(campaign, entries)} có thành tích "
                f"xuất sắc trong {name}",
        authority=f"{ag.head_title} {ag.name}".upper(), grounds=grounds(campaign, council),
        decides="QUYẾT ĐỊNH:",
        body=(
            Para(f"Tặng {award.name} cho {counts(campaign, entries)} đã có thành tích xuất sắc "
                 f"trong {name} (có danh sách kèm theo).", "Điều 1."),
            Para(f"Tập thể, cá nhân có tên tại Điều 1 được tặng {short_name(award)} kèm theo tiền "
                 f"thưởng theo quy định: {money}. Kinh phí khen thưởng chi từ quỹ thi đua, khen "
                 f"thưởng của {ag.name}.", "Điều 2."),
            Para(f"Quyết định này có hiệu lực kể từ ngày ký. {ag.office_head_title}, Thủ trưởng các "
                 f"đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm "
                 f"thi hành Quyết định này./.", "Điều 3."),
        ),
        cc=cc_lines("Như Điều 3;", campaign.papers.decision_cc, campaign),
        signer=signer(campaign.papers.head), annexes=(attached,)))
