"""The `thidua` command's argument parser: Vietnamese help, section titles and errors.

Done through argparse's own hooks (a HelpFormatter subclass, ArgumentParser.error and argument
groups), never by patching argparse's translations.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from thidua_xl.findings import Exit

_ERRORS_VI = (
    (re.compile(r"the following arguments are required: (.*)"), r"thiếu tham số bắt buộc: \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"tham số không nhận ra: \1"),
    (re.compile(r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)"),
     r"tham số \1: lựa chọn không hợp lệ: \2 (chọn một trong \3)"),
    (re.compile(r"argument (\S+): expected one argument"), r"tham số \1: cần một giá trị"),
    (re.compile(r"argument (\S+): (.*)"), r"tham số \1: \2"),
)


def vietnamese_error(message: str) -> str:
    """argparse's English error in Vietnamese, so a clerk reads one language."""
    for pattern, replacement in _ERRORS_VI:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message


class VietnameseHelp(argparse.HelpFormatter):
    """Help text whose usage line is introduced in Vietnamese."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        """Usage line headed "Cách dùng: "."""
        super().add_usage(usage, actions, groups, prefix="Cách dùng: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser with Vietnamese help, section titles and errors (via argparse's own hooks)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", VietnameseHelp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.params = self.add_argument_group("tham số")
        self.opts = self.add_argument_group("tùy chọn")
        self.opts.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                               help="hiện trợ giúp này rồi thoát")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """Positional arguments under "tham số", options under "tùy chọn"."""
        positional = bool(args) and not str(args[0]).startswith("-")
        return (self.params if positional else self.opts).add_argument(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Usage and the Vietnamese reason on stderr, exit code 2 (as argparse does)."""
        self.print_usage(sys.stderr)
        self.exit(Exit.USAGE, f"{self.prog}: lỗi: {vietnamese_error(message)}\n")
