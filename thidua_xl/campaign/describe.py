"""Readable Vietnamese wording of a campaign, shared by `thidua campaign show` and the guide sheet."""

from __future__ import annotations

from thidua_xl.campaign.model import Award, Campaign, Criterion, describe_quota, fmt_date
from thidua_xl.campaign.papers import Signatory
from thidua_xl.text.numbers import percent

TIE_BREAKER_LABELS = {
    "nu-truoc": "ưu tiên nữ",
    "phieu-nhieu": "nhiều phiếu đồng ý hơn",
    "nop-som": "hồ sơ nộp sớm hơn",
}


def period_text(campaign: Campaign) -> str:
    """The campaign period as the plan words it."""
    return (f"từ ngày {fmt_date(campaign.period_start)} "
            f"đến hết ngày {fmt_date(campaign.period_end)}")


def deadline_text(campaign: Campaign) -> str:
    """The deadline with its inclusive/exclusive rule and last valid day spelled out."""
    day, last = fmt_date(campaign.deadline), fmt_date(campaign.last_valid_day)
    if campaign.deadline_inclusive:
        return (f"chậm nhất hết ngày {day} (tính cả ngày {day}; "
                f"hồ sơ đề ngày {day} vẫn đúng hạn)")
    return (f"trước ngày {day} (không tính ngày {day}: ngày cuối cùng còn đúng hạn là {last}; "
            f"hồ sơ đề ngày {day} trở đi là trễ hạn)")


def award_line(award: Award, campaign: Campaign) -> str:
    """One award form: name, deciding authority and the subjects it is open to."""
    subjects = ", ".join(campaign.subject(s).label.lower() for s in award.subjects)
    how = "thủ trưởng cơ quan quyết định" if award.level == "agency" else "cơ quan đề nghị cấp trên"
    return f"{award.name} — thẩm quyền: {award.authority}; dành cho: {subjects} ({how})"


def criterion_line(criterion: Criterion) -> str:
    """One criterion: code, full wording, whether it is mandatory and whether it may not apply."""
    flag = "bắt buộc" if criterion.mandatory else "không bắt buộc"
    if criterion.conditional:
        flag += "; được ghi không áp dụng"
    return f"{criterion.code}. {criterion.text} ({flag})"


def criteria_groups(campaign: Campaign) -> list[tuple[str, str, tuple[Criterion, ...]]]:
    """Criteria grouped as the plan lists them: general first, then each subject's own."""
    general = tuple(c for c in campaign.criteria if c.general)
    groups = [("Tiêu chuẩn chung (áp dụng cho mọi đối tượng)", "", general)] if general else []
    for subject in campaign.subjects:
        own = tuple(c for c in campaign.criteria if not c.general and subject.code in c.subjects)
        if own:
            groups.append((f"Tiêu chuẩn cụ thể đối với {subject.label.lower()}",
                           campaign.criteria_intro.get(subject.code, ""), own))
    return groups


def vote_text(campaign: Campaign) -> str:
    """The approval threshold, or that none applies."""
    if campaign.vote_threshold is None:
        return "không quy định tỷ lệ phiếu tối thiểu"
    share = percent(campaign.vote_threshold, 2, trim=True)
    return f"số phiếu đồng ý tối thiểu {share} tổng số thành viên họp xét"


def council_text(campaign: Campaign) -> str:
    """The council's threshold and quorum as the agency's rules state them."""
    rules, council = campaign.council, campaign.agency.council
    base = ("tổng số thành viên Hội đồng" if rules.base == "total"
            else "số thành viên Hội đồng có mặt")
    need = ("không quy định tỷ lệ phiếu tối thiểu" if rules.threshold is None else
            f"được đề nghị khi có từ {percent(rules.threshold, 2, trim=True)} {base} đồng ý trở lên")
    quorum = ("không quy định số thành viên tối thiểu có mặt" if rules.quorum is None else
              f"cuộc họp hợp lệ khi có mặt từ {percent(rules.quorum, 2, trim=True)} tổng số "
              "thành viên trở lên")
    return (f"{council}: {need}; {quorum}; xếp hạng theo tỷ lệ phiếu đồng ý trên tổng số thành "
            "viên Hội đồng")


def tie_breaker_text(campaign: Campaign) -> str:
    """Ranking order among candidates with the same approval rate, each with its citation."""
    steps = []
    for t in campaign.tie_breakers:
        step = TIE_BREAKER_LABELS.get(t, t)
        if t == "nu-truoc" and campaign.ties.women_share is not None:
            step += (f" (cá nhân nữ; tập thể có tỷ lệ nữ từ "
                     f"{percent(campaign.ties.women_share, 2, trim=True)} trở lên)")
        if t in campaign.ties.citations:
            step += f" — căn cứ: {campaign.ties.citations[t]}"
        steps.append(step)
    steps.append("cuối cùng theo tên (thứ tự chữ cái tiếng Việt)")
    return "xếp theo tỷ lệ phiếu đồng ý; nếu bằng nhau: " + "; ".join(steps)


def proposer_text(campaign: Campaign) -> str:
    """Who may propose whom: each unit its own people, unless the campaign lets some units do more."""
    others = campaign.proposals.other_units
    if not others:
        return "Đơn vị đề nghị: mỗi đơn vị chỉ đề nghị người của đơn vị mình"
    if len(others) == len(campaign.units):
        return "Đơn vị đề nghị: mọi đơn vị được đề nghị cả người của đơn vị khác"
    names = ", ".join(campaign.unit(u).name for u in others)
    return f"Đơn vị đề nghị: mỗi đơn vị đề nghị người của đơn vị mình; {names} được đề nghị cả " \
           "người của đơn vị khác"


def signer_text(who: Signatory) -> str:
    """"KT. Giám đốc — Phó Giám đốc Trần Văn B", or the title and a reminder the name is missing."""
    name = who.name or "(chưa khai báo họ tên)"
    return (f"{who.on_behalf} — " if who.on_behalf else "") + f"{who.title} {name}"


def papers_lines(campaign: Campaign) -> list[str]:
    """What the documents cite and who signs and receives them."""
    p, ag = campaign.papers, campaign.agency
    lines = [f"Căn cứ: {b}" for b in p.legal_bases] or [
        "Chưa khai báo căn cứ pháp lý ([legal] bases): văn bản sẽ không có dòng “Căn cứ”"]
    if p.mandate:
        lines.append(f"Căn cứ thẩm quyền: {p.mandate}")
    for label, plan in (("Kế hoạch cấp trên", p.superior_plan), ("Kế hoạch của cơ quan",
                                                                   p.agency_plan)):
        if plan:
            lines.append(f"{label}: {plan.citation()}")
    lines += [f"Người ký văn bản của cơ quan: {signer_text(p.head)}",
              f"Người ký văn bản của {ag.office}: {signer_text(p.office)}",
              "Tờ trình gửi cấp trên — kính gửi: " + ("; ".join(p.superior_to) or "(chưa khai báo)")
              + (f"; nơi nhận: {'; '.join(p.superior_cc)}" if p.superior_cc else ""),
              f"Lưu: {p.filed}"]
    return lines


def fix_deadline_text(campaign: Campaign) -> str:
    """The deadline fix slips give units, as the campaign sets it."""
    p = campaign.papers
    if p.fix_date:
        return f"trước ngày {fmt_date(p.fix_date)}"
    if p.fix_days:
        return (f"{p.fix_days:02d} ngày kể từ ngày lập phiếu (phiếu chưa ghi ngày: kể từ hạn nộp "
                f"{fmt_date(campaign.deadline)})")
    return "không quy định (phiếu không ghi hạn)"


def _section(title: str, lines: list[str]) -> list[str]:
    """A titled block of bullet lines."""
    return ["", title, *(f"  - {line}" for line in lines)]


def describe_campaign(campaign: Campaign) -> str:
    """The whole campaign as plain Vietnamese text for the terminal."""
    ag = campaign.agency
    out = [f"ĐỢT THI ĐUA: {campaign.name}", f"Mã đợt: {campaign.id} · mẫu biểu phiên bản "
           f"{campaign.template_version}" + (f" · nguồn: {campaign.source}" if campaign.source else "")]
    if campaign.plan:
        out.append(f"Căn cứ: {campaign.plan}")
    out += _section("Cơ quan", [
        f"{ag.name} (thuộc {ag.parent}); địa danh: {ag.place}; ký hiệu văn bản: …/{ag.code_suffix}",
        f"Người ký: {ag.head_title}" + (f" {ag.head_name}" if ag.head_name else ""),
        f"Tổng hợp hồ sơ: {ag.office} ({ag.office_head_title}); xét: {ag.council}",
    ])
    out += _section("Thời gian", [
        f"Đợt thi đua: {period_text(campaign)}",
        f"Hạn nộp hồ sơ về {ag.office}: {deadline_text(campaign)}",
        f"Hạn sửa, bổ sung hồ sơ theo phiếu yêu cầu: {fix_deadline_text(campaign)}",
    ])
    out += _section("Căn cứ, người ký, nơi nhận", papers_lines(campaign))
    out += _section("Đối tượng", [f"{s.label} ({s.code})" + (f": {s.description}" if s.description
                                                             else "") for s in campaign.subjects])
    units = [f"{u.code} — {u.name}" + (f" ({u.full_name})" if u.full_name else "")
             + (f" (quân số {u.headcount})" if u.headcount else "") for u in campaign.units]
    if campaign.units_example:
        units.append("Lưu ý: danh sách đơn vị là DỮ LIỆU MẪU — sửa theo cơ cấu thực tế "
                     "trong tệp định nghĩa trước khi phát mẫu biểu.")
    out += _section(f"Đơn vị đề nghị ({len(campaign.units)})", units)
    out += _section("Hình thức khen thưởng", [award_line(a, campaign) for a in campaign.awards])
    out += _section("Chỉ tiêu", [describe_quota(q, campaign) for q in campaign.quotas]
                    or ["không giới hạn số lượng"])
    for title, intro, criteria in criteria_groups(campaign):
        out += _section(title + (f" — {intro}" if intro else ""),
                        [criterion_line(c) for c in criteria])
    out += _section("Hồ sơ đề nghị", [d.text + ("" if d.required else " (không bắt buộc)")
                                      for d in campaign.dossier] or ["không quy định"])
    out += _section("Xét chọn", [f"Tỷ lệ phiếu: {vote_text(campaign)}",
                                 f"Hội đồng: {council_text(campaign)}",
                                 f"Thứ tự ưu tiên: {tie_breaker_text(campaign)}",
                                 "Đánh dấu được coi là “Đạt”: "
                                 + ", ".join(f"“{m}”" for m in campaign.met_marks),
                                 "Ghi khi tiêu chuẩn không áp dụng: "
                                 + ", ".join(f"“{m}”" for m in campaign.proposals.not_applicable),
                                 proposer_text(campaign)])
    return "\n".join(out)
