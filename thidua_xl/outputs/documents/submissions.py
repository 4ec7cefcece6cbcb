"""Tờ trình: the Office's to the head, and the agency's to the superior for higher awards."""

from __future__ import annotations

from collections.abc import Sequence

from thidua_xl.campaign import Award, Campaign
from thidua_xl.outputs.documents import citing
from thidua_xl.outputs.documents.common import (
    Dates,
    Names,
    agency_header,
    cc_lines,
    council_sentence,
    count,
    counts,
    lower_first,
    number,
    office_header,
    ordered,
    polish,
    signer,
    who_phrase,
)
from thidua_xl.outputs.documents.fix_slip import is_late
from thidua_xl.outputs.documents.lists import PROPOSED_COLUMNS, attached_table
from thidua_xl.outputs.documents.model import (
    BLANK,
    AwardList,
    Document,
    FixRequest,
    ListPage,
    Minutes,
    Para,
    Review,
)
from thidua_xl.outputs.numbering import award_title, short_name

EXCLUDED_SHOWN = 30


def _plans_sentence(campaign: Campaign) -> str:
    """The superior's plan and the agency's own, as cited: the plans this campaign carries out."""
    p = campaign.papers
    cited = [plan.citation() for plan in (p.superior_plan, p.agency_plan) if plan]
    if not cited and campaign.plan:
        cited = [f"{campaign.plan} của {campaign.agency.name}"]
    return " và ".join(cited)


def _results(campaign: Campaign, lists: Sequence[AwardList], review: Review,
             fixes: Sequence[FixRequest]) -> list[Para]:
    """Who sent what, who is within and over the caps, who was left out and why, the slips
    attached: only what has been done."""
    lines: list[Para] = []
    if review.units_total:
        sent = f"- Số đơn vị gửi hồ sơ: {count(review.units_sent)}/{count(review.units_total)}"
        missing = "; ".join(review.missing_units)
        lines.append(Para(f"{sent}; đơn vị chưa gửi hồ sơ: {missing};" if missing else f"{sent};"))
    within = sum(len(x.within) for x in lists)
    beyond = sum(len(x.beyond) for x in lists)
    lines += [
        Para(f"- Tập thể, cá nhân đủ điều kiện, trong chỉ tiêu khen thưởng: {count(within)};"),
        Para(f"- Trường hợp vượt chỉ tiêu, trình {campaign.agency.council} xem xét: "
             f"{count(beyond)};")]
    if review.excluded_count:
        lines.append(Para(f"- Trường hợp chưa hợp lệ, chưa đưa vào danh sách: "
                          f"{count(review.excluded_count)}, gồm:"))
        lines += [Para(f"+ {x.unit_name}: {', '.join(x.names)} — {'; '.join(x.reasons)};")
                  for x in review.excluded[:EXCLUDED_SHOWN]]
        rest = sum(len(x.names) for x in review.excluded[EXCLUDED_SHOWN:])
        if rest:
            lines.append(Para(f"+ Và {count(rest)} trường hợp khác (chi tiết tại bảng tổng hợp);"))
    if fixes:
        late = sum(is_late(f) for f in fixes)
        papers = [f"{count(len(fixes) - late)} phiếu yêu cầu bổ sung"] if len(fixes) > late else []
        papers += [f"{count(late)} thông báo hồ sơ nộp quá hạn"] if late else []
        lines.append(Para(f"- Đơn vị có hồ sơ chưa hợp lệ: {count(len(fixes))} (kèm theo "
                          f"{' và '.join(papers)});"))
    last = lines[-1]
    lines[-1] = Para(last.text[:-1] + ".", last.label)
    return lines


def office_submission(campaign: Campaign, lists: Sequence[AwardList],
                      fixes: Sequence[FixRequest], dates: Dates, review: Review | None = None,
                      council: Minutes | None = None) -> Document:
    """Tờ trình of the Office asking the head to award and to propose upward."""
    ag, name = campaign.agency, lower_first(campaign.name)
    plans = _plans_sentence(campaign)
    body = [Para(f"Thực hiện {plans};")] if plans else []
    if council:
        body += [Para(citing.minutes_ground(council)), *citing.outcome(council, ag.office)]
    else:
        body += [
            Para(f"{ag.office} đã tiếp nhận, tổng hợp và thẩm định hồ sơ đề nghị khen thưởng tổng "
                 f"kết {name} của các đơn vị. Kết quả như sau:"),
            *_results(campaign, lists, review or Review(), fixes),
            Para(council_sentence(campaign, council)),
        ]
    proposals = [(x, f"Tặng {campaign.award(x.award_code).name}")
                 for x in ordered(campaign, lists, "agency")]
    proposals += [(x, award_title(campaign, campaign.award(x.award_code)))
                  for x in ordered(campaign, lists, "superior")]
    proposals = [(x, verb) for x, verb in proposals if x.within]
    if proposals:
        body.append(Para(f"Trên cơ sở kết quả thẩm định, {ag.office} đề xuất:"))
        body += [Para(f"{verb} cho {counts(campaign, x.within)} (có danh sách kèm theo).", f"{i}.")
                 for i, (x, verb) in enumerate(proposals, start=1)]
    else:
        body.append(Para("Không có tập thể, cá nhân nào đủ điều kiện trong chỉ tiêu để trình "
                         "khen thưởng."))
    return polish(Document(
        key="to_trinh_van_phong", template="to_trinh_van_phong", title="Tờ trình đề nghị khen thưởng",
        header=office_header(campaign, number("TTr", campaign), dates.issued()),
        kind="TỜ TRÌNH", summary=f"Đề nghị khen thưởng tổng kết {name}",
        recipients=(f"{ag.head_title} {ag.name}",), body=tuple(body),
        closing=(Para(f"{ag.office} kính trình {ag.head_title} xem xét, quyết định./."),),
        cc=cc_lines("Như trên;", campaign.papers.office_cc, campaign),
        signer=signer(campaign.papers.office)))


def _proposal(campaign: Campaign, x: AwardList, award: Award, name: str, last: bool) -> Para:
    """One award asked of the superior; a single one is also the closing ("kính trình … ./.")."""
    who = award.authority or campaign.agency.superior_head
    verb, end = ("kính trình", "./.") if last else ("kính đề nghị", ".")
    return Para(f"{campaign.agency.name} {verb} {who} xem xét, tặng {short_name(award)} cho "
                f"{counts(campaign, x.within)} đã có thành tích xuất sắc trong {name} (có danh sách "
                f"và tóm tắt thành tích kèm theo){end}")


def superior_submission(campaign: Campaign, lists: Sequence[AwardList], dates: Dates,
                        council: Minutes | None = None) -> Document:
    """Tờ trình of the agency asking the superior to grant the superior-level awards."""
    ag, p, name = campaign.agency, campaign.papers, lower_first(campaign.name)
    chosen = [x for x in ordered(campaign, lists, "superior") if x.within]
    awards = [campaign.award(x.award_code) for x in chosen]
    superior = ag.superior_head or awards[0].authority
    deciders = list(dict.fromkeys(a.authority or superior for a in awards))
    proposed = [e for x in chosen for e in x.within]
    plans = _plans_sentence(campaign)
    body = [Para(f"Căn cứ {b};") for b in p.legal_bases]
    if plans:
        body.append(Para(f"Thực hiện {plans}, các phòng, đơn vị thuộc {ag.name} đã tổ chức bình "
                         f"xét, đề nghị khen thưởng."))
    body.append(Para(council_sentence(campaign, council)))
    single = len(chosen) == 1
    body += [_proposal(campaign, x, a, name, False) for x, a in zip(chosen, awards, strict=True)
             if not single]
    closing = (_proposal(campaign, chosen[0], awards[0], name, True) if single else
               Para(f"{ag.name} kính trình {superior} xem xét, quyết định./."))
    names = Names(campaign, outward=True)
    annexes = tuple(ListPage(
        "DANH SÁCH",
        (f"Tập thể, cá nhân đề nghị {a.authority or superior} tặng {short_name(a)}",),
        f"(Kèm theo Tờ trình số{BLANK}/TTr-{ag.code_suffix} {dates.to_sign(place=False)} "
        f"của {ag.name})",
        attached_table(campaign, x.within, PROPOSED_COLUMNS, names))
        for x, a in zip(chosen, awards, strict=True))
    gifts = ", ".join(dict.fromkeys(short_name(a) for a in awards))
    what = f"tặng {gifts} cho {who_phrase(campaign, proposed)}"
    return polish(Document(
        key="to_trinh_cap_tren", template="to_trinh_cap_tren",
        title=f"Tờ trình đề nghị {', '.join(deciders)} {what}",
        header=agency_header(campaign, number("TTr", campaign), dates.to_sign(),
                             draft=council is None),
        kind="TỜ TRÌNH",
        summary=f"Về việc đề nghị {', '.join(deciders)} {what} có thành tích xuất sắc trong {name}",
        recipients=p.superior_to or (superior,), body=tuple(body),
        closing=(closing,), cc=cc_lines("Như trên;", p.superior_cc, campaign), signer=signer(p.head),
        annexes=annexes))
