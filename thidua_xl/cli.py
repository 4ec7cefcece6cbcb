"""The `thidua` command: parses options and calls one core function per subcommand."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from enum import IntEnum
from pathlib import Path

from thidua_xl.campaign import Campaign, CampaignError, load_campaign


class Exit(IntEnum):
    """Exit codes: 0 clean, 1 findings with errors, 2 usage or unreadable input."""

    OK = 0
    FINDINGS = 1
    USAGE = 2


_ARGPARSE_VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện trợ giúp này rồi thoát",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "expected one argument": "cần một giá trị",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
}


def _vi(message: str) -> str:
    """Vietnamese for argparse's own words, so help and errors read in one language."""
    return _ARGPARSE_VI.get(message, message)


argparse._ = _vi  # type: ignore[attr-defined]


def _campaign(args: argparse.Namespace) -> Campaign:
    """The campaign named by --campaign, or the built-in example."""
    return load_campaign(getattr(args, "campaign", None))


def cmd_campaign_show(args: argparse.Namespace) -> int:
    """Print a campaign readably."""
    from thidua_xl.describe import describe_campaign

    print(describe_campaign(_campaign(args)))
    return Exit.OK


def cmd_campaign_new(args: argparse.Namespace) -> int:
    """Write a commented copy of the built-in campaign to start a new one from."""
    from thidua_xl.campaign import builtin_path
    from thidua_xl.fileio import atomic_write_bytes

    target = Path(args.file)
    if target.exists() and not args.force:
        print(f"Tệp đã tồn tại: {target} (dùng --force để ghi đè)", file=sys.stderr)
        return Exit.USAGE
    atomic_write_bytes(target, builtin_path().read_bytes())
    print(f"Đã tạo {target} — sửa tệp này cho đợt thi đua mới, rồi kiểm tra bằng: "
          f"thidua campaign show --campaign {target}")
    return Exit.OK


def cmd_template(args: argparse.Namespace) -> int:
    """Write the standard unit workbook for a campaign."""
    from thidua_xl.writers.template import write_template

    path = write_template(_campaign(args), Path(args.output), with_button=args.with_button)
    print(f"Đã ghi mẫu biểu: {path}")
    return Exit.OK


def cmd_demo(args: argparse.Namespace) -> int:
    """Regenerate the demo submissions of the built-in campaign."""
    from thidua_xl.demo import write_demo

    for path in write_demo(_campaign(args), Path(args.output)):
        print(f"Đã ghi: {path}")
    return Exit.OK


def cmd_validate(args: argparse.Namespace) -> int:
    """Check unit workbooks and report findings."""
    from thidua_xl.validate import run_validate

    return run_validate(_campaign(args), [Path(p) for p in args.inputs],
                        json_path=Path(args.json) if args.json else None,
                        annotate_dir=Path(args.annotate) if args.annotate else None)


def cmd_consolidate(args: argparse.Namespace) -> int:
    """Consolidate all units, check quotas, rank, write the workbook and documents."""
    from thidua_xl.consolidate_cli import run_consolidate

    return run_consolidate(_campaign(args), [Path(p) for p in args.inputs], Path(args.output),
                           received=Path(args.received) if args.received else None,
                           json_path=Path(args.json) if args.json else None,
                           progress=not args.no_progress)


def cmd_office(args: argparse.Namespace) -> int:
    """Write the Office workbook (.xlsm) with its macro buttons."""
    from thidua_xl.writers.office import write_office_workbook

    path = write_office_workbook(_campaign(args), Path(args.output))
    print(f"Đã ghi sổ điều khiển của Văn phòng: {path}")
    return Exit.OK


def _add_campaign_opt(p: argparse.ArgumentParser) -> None:
    """The --campaign option shared by every subcommand."""
    p.add_argument("--campaign", metavar="TỆP",
                   help="tệp định nghĩa đợt thi đua (.toml); bỏ trống: đợt mẫu bau-cu-2021")


def build_parser() -> argparse.ArgumentParser:
    """The whole command tree, with Vietnamese help on every command."""
    parser = argparse.ArgumentParser(
        prog="thidua", description="thidua_xl — quản lý đợt thi đua khen thưởng trên Excel.")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", required=True)

    camp = sub.add_parser("campaign", help="xem hoặc tạo tệp định nghĩa đợt thi đua")
    camp_sub = camp.add_subparsers(dest="action", metavar="VIỆC", required=True)
    show = camp_sub.add_parser("show", help="in nội dung đợt thi đua: tiêu chuẩn, chỉ tiêu, thời hạn")
    _add_campaign_opt(show)
    show.set_defaults(func=cmd_campaign_show)
    new = camp_sub.add_parser("new", help="tạo tệp định nghĩa mới (bản sao có chú thích của đợt mẫu)")
    new.add_argument("file", metavar="TỆP", help="đường dẫn tệp .toml sẽ tạo")
    new.add_argument("--force", action="store_true", help="ghi đè nếu tệp đã có")
    new.set_defaults(func=cmd_campaign_new)

    tpl = sub.add_parser("template", help="tạo mẫu biểu Excel cho các đơn vị điền")
    _add_campaign_opt(tpl)
    tpl.add_argument("-o", "--output", required=True, metavar="THƯ_MỤC", help="thư mục ghi mẫu biểu")
    tpl.add_argument("--with-button", action="store_true",
                     help="thêm nút \"Kiểm tra\" (tệp .xlsm, cho đơn vị đã cài Python và xlwings); "
                          "bản tự kiểm tra không cần Python vẫn giữ nguyên")
    tpl.set_defaults(func=cmd_template)

    demo = sub.add_parser("demo", help="tạo bộ hồ sơ mẫu của các đơn vị (có lỗi cài sẵn)")
    _add_campaign_opt(demo)
    demo.add_argument("-o", "--output", default="workbooks/demo", metavar="THƯ_MỤC",
                      help="thư mục ghi (mặc định: workbooks/demo)")
    demo.set_defaults(func=cmd_demo)

    val = sub.add_parser("validate", help="kiểm tra tệp Excel của các đơn vị")
    val.add_argument("inputs", nargs="+", metavar="TỆP_HOẶC_THƯ_MỤC", help="tệp .xlsx/.xlsm hoặc thư mục")
    _add_campaign_opt(val)
    val.add_argument("--json", metavar="TỆP", help="ghi báo cáo JSON")
    val.add_argument("--annotate", metavar="THƯ_MỤC",
                     help="ghi bản sao có đánh dấu lỗi (tệp gốc không bị sửa)")
    val.set_defaults(func=cmd_validate)

    con = sub.add_parser("consolidate", help="tổng hợp, kiểm tra chỉ tiêu, lập danh sách và văn bản")
    con.add_argument("inputs", nargs="+", metavar="TỆP_HOẶC_THƯ_MỤC", help="tệp hoặc thư mục hồ sơ")
    _add_campaign_opt(con)
    con.add_argument("--received", metavar="TỆP",
                     help="sổ nhận hồ sơ (.xlsx/.csv, cột Đơn vị, Ngày nhận)")
    con.add_argument("-o", "--output", required=True, metavar="THƯ_MỤC", help="thư mục kết quả")
    con.add_argument("--json", metavar="TỆP", help="báo cáo JSON (mặc định: THƯ_MỤC/bao_cao.json)")
    con.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")
    con.set_defaults(func=cmd_consolidate)

    off = sub.add_parser("office", help="tạo sổ điều khiển Excel (.xlsm) có nút bấm cho Văn phòng")
    _add_campaign_opt(off)
    off.add_argument("-o", "--output", required=True, metavar="THƯ_MỤC", help="thư mục ghi")
    off.set_defaults(func=cmd_office)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: never shows a traceback, always a Vietnamese message and an exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return int(func(args))
    except CampaignError as exc:
        print(str(exc), file=sys.stderr)
        return Exit.USAGE
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return Exit.USAGE
    except OSError as exc:
        print(f"Lỗi đọc/ghi tệp: {exc.filename or ''} — {exc.strerror or exc}", file=sys.stderr)
        return Exit.USAGE
    except Exception as exc:  # the last guard before a clerk's screen
        if os.environ.get("THIDUA_DEBUG"):
            raise
        print(f"Lỗi không mong muốn: {type(exc).__name__}: {exc}. "
              "Đặt biến môi trường THIDUA_DEBUG=1 để xem chi tiết.", file=sys.stderr)
        return Exit.USAGE


if __name__ == "__main__":
    sys.exit(main())
