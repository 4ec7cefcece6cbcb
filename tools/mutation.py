"""Mutation testing of the rules, quota and ranking code: do the tests fail when the code is wrong?

    python tools/mutation.py run                     # every mutant, one worker, label "latest"
    python tools/mutation.py run --jobs 2 --label after
    python tools/mutation.py run --sample 200        # a deterministic sample of 200 mutants
    python tools/mutation.py run --tests tests/test_rules.py tests/test_quota.py --label before
    python tools/mutation.py run --resume --label after   # finish an interrupted run
    python tools/mutation.py report --label after    # kill rate per module, survivors with diffs

Tool: cosmic-ray 8.x (`pip install cosmic-ray` into the venv; a developer tool, not a project
dependency, not run in CI). mutmut 3 was not used: it never mutates decorated functions, so every
`@rule` would go untested. cosmic-ray's operators include removing a decorator (a deleted rule),
replacing numbers, comparisons and boolean operators (an inverted severity order, an off-by-one
limit), `not` added to conditions and for-loops run zero times (a dropped branch).

Configuration: tools/mutation.toml (modules, out-of-scope functions, tests, timeout, and the
equivalent mutants excluded from the rate with their reasons).

Each worker mutates its own copy of the code under .mutation/<label>/shard<N>/src, so the working
tree is never touched and an interrupted run leaves nothing behind. Every mutant runs the
configured test files with `pytest -x -m "not libreoffice"`; a failing, crashing or timed-out run
kills it. Results stay in the shard's cosmic-ray session (session.sqlite) for `report`.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "tools" / "mutation.toml"
WORK = ROOT / ".mutation"
COPIED = ("thidua_xl", "tests", "workbooks", "pyproject.toml")
BIN = Path(sys.executable).parent
ANNOTATION = "never evaluated: the module has `from __future__ import annotations`"


@dataclass(frozen=True)
class Mutant:
    """One mutation as cosmic-ray stores it, placed in its function and source line."""

    job_id: str
    module: str
    operator: str
    occurrence: int
    line: int
    scope: str
    text: str
    in_annotation: bool

    @property
    def key(self) -> str:
        """Stable identity while the source file does not change."""
        return f"{self.module}|{self.operator}|{self.occurrence}"


def load_config() -> dict:
    """The tool's settings from tools/mutation.toml."""
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def cosmic_ray() -> SimpleNamespace:
    """cosmic-ray's session API, or a clear message when it is not installed."""
    try:
        from cosmic_ray import work_db, work_item
    except ImportError:
        sys.exit("cosmic-ray is not installed: run `pip install cosmic-ray` in this environment.")
    return SimpleNamespace(open=lambda path: work_db.use_db(str(path), work_db.WorkDB.Mode.open),
                           Result=work_item.WorkResult, Worker=work_item.WorkerOutcome,
                           Test=work_item.TestOutcome)


def scopes(tree: ast.Module) -> list[tuple[int, int, str]]:
    """(first line with decorators, last line, qualified name) of every def and class."""
    found: list[tuple[int, int, str]] = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                found.append((first, child.end_lineno or child.lineno, name))
                walk(child, f"{name}.")
            else:
                walk(child, prefix)

    walk(tree, "")
    return found


def annotation_spans(tree: ast.Module, lines: list[str]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Spans (line, character column) of type annotations, when the module never evaluates them."""
    lazy = any(isinstance(n, ast.ImportFrom) and n.module == "__future__"
               and any(a.name == "annotations" for a in n.names) for n in tree.body)
    if not lazy:
        return []
    nodes = [a for n in ast.walk(tree) for a in (
        [n.returns] if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) else
        [n.annotation] if isinstance(n, ast.arg | ast.AnnAssign) else []) if a is not None]

    def char(line: int, byte: int) -> int:
        return len(lines[line - 1].encode()[:byte].decode(errors="ignore"))

    return [((a.lineno, char(a.lineno, a.col_offset)),
             (a.end_lineno or a.lineno, char(a.end_lineno or a.lineno, a.end_col_offset or 0)))
            for a in nodes]


def scope_at(table: list[tuple[int, int, str]], line: int) -> str:
    """The innermost def or class around a line, "<module>" outside any."""
    inside = [(last - first, name) for first, last, name in table if first <= line <= last]
    return min(inside)[1] if inside else "<module>"


def mutants_of(session: Path, src: Path) -> list[Mutant]:
    """Every work item of a session, placed in its function and line of the copied source."""
    cr = cosmic_ray()
    tables: dict[str, tuple[list, list, list[str]]] = {}
    out = []
    with cr.open(session) as db:
        for item in db.work_items:
            (spec,) = item.mutations
            module = Path(spec.module_path).as_posix()
            if module not in tables:
                lines = (src / module).read_text(encoding="utf-8").splitlines()
                tree = ast.parse("\n".join(lines))
                tables[module] = (scopes(tree), annotation_spans(tree, lines), lines)
            table, spans, lines = tables[module]
            line, start = spec.start_pos[0], tuple(spec.start_pos)
            out.append(Mutant(item.job_id, module, spec.operator_name, spec.occurrence, line,
                              scope_at(table, line), lines[line - 1].strip(),
                              any(a <= start < b for a, b in spans)))
    return out


def in_scope(m: Mutant, skip: dict[str, list[str]]) -> bool:
    """Whether a mutant's function is one the tool measures."""
    return not any(m.scope == s or m.scope.startswith(f"{s}.") for s in skip.get(m.module, ()))


def changed_line(diff: str) -> str:
    """The mutated source line of a cosmic-ray diff, stripped."""
    return next((d[1:].strip() for d in diff.splitlines()
                 if d.startswith("+") and not d.startswith("+++")), "")


def equivalent_reason(m: Mutant, diff: str, equivalents: list[dict]) -> str | None:
    """The configured reason a mutant cannot change behaviour, if it is listed.

    An entry matches its module, scope and original line exactly, its operator as a glob, and,
    when it gives one, the mutated line exactly (without one: every mutant of that line)."""
    for e in equivalents:
        if (e["module"] == m.module and e["scope"] == m.scope and e["line"] == m.text
                and fnmatch.fnmatchcase(m.operator, e.get("operator", "*"))
                and e.get("mutated", changed_line(diff)) == changed_line(diff)):
            return e["reason"]
    return None


def sampled(mutants: list[Mutant], size: int) -> list[Mutant]:
    """A deterministic sample: the mutants whose key hashes lowest."""
    if not size or size >= len(mutants):
        return mutants
    ranked = sorted(mutants, key=lambda m: hashlib.sha1(m.key.encode()).hexdigest())
    return ranked[:size]


def test_command(tests: list[str]) -> str:
    """The pytest run each mutant must survive; -x stops at the first failing test."""
    return shlex.join([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                       "-p", "no:hypothesispytest",
                       "-m", "not libreoffice", *tests])


def shard_config(cfg: dict, tests: list[str]) -> str:
    """cosmic-ray's own configuration for one shard (local distributor, in the shard's copy)."""
    modules = ", ".join(json.dumps(m) for m in cfg["modules"])
    return (f"[cosmic-ray]\nmodule-path = [{modules}]\ntimeout = {float(cfg['timeout'])}\n"
            f"excluded-modules = []\ntest-command = {json.dumps(test_command(tests))}\n\n"
            "[cosmic-ray.distributor]\nname = \"local\"\n")


def env_for(src: Path) -> dict[str, str]:
    """Environment that makes the shard's copy the imported package, workers included."""
    return {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}


def prepare(label_dir: Path, jobs: int, cfg: dict, tests: list[str], sample: int) -> None:
    """Copy the code once per shard, create each shard's session and keep only its own mutants."""
    cr = cosmic_ray()
    shutil.rmtree(label_dir, ignore_errors=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for n in range(jobs):
        shard = label_dir / f"shard{n}"
        src = shard / "src"
        src.mkdir(parents=True)
        for name in COPIED:
            path = ROOT / name
            (shutil.copytree(path, src / name, ignore=ignore) if path.is_dir()
             else shutil.copy2(path, src / name))
        (shard / "cosmic-ray.toml").write_text(shard_config(cfg, tests), encoding="utf-8")
        subprocess.run([str(BIN / "cosmic-ray"), "init", str(shard / "cosmic-ray.toml"),
                        str(shard / "session.sqlite")], cwd=src, check=True)
        mutants = mutants_of(shard / "session.sqlite", src)
        chosen = sampled(sorted((m for m in mutants if in_scope(m, cfg.get("skip", {}))
                                 and not m.in_annotation), key=lambda m: m.key), sample)
        mine = {m.job_id for i, m in enumerate(sorted(chosen, key=lambda m: m.key)) if i % jobs == n}
        with cr.open(shard / "session.sqlite") as db:
            db.set_multiple_results([m.job_id for m in mutants if m.job_id not in mine],
                                    cr.Result(worker_outcome=cr.Worker.SKIPPED))
        print(f"shard{n}: {len(mine)} of {len(mutants)} mutants ({len(chosen)} chosen in all)")
    (label_dir / "run.json").write_text(json.dumps({"jobs": jobs, "tests": tests, "sample": sample},
                                                   indent=1), encoding="utf-8")


def baseline(src: Path, tests: list[str]) -> None:
    """The unmutated copy must pass, or every mutant would look killed."""
    done = subprocess.run(shlex.split(test_command(tests)), cwd=src, env=env_for(src),
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"The tests fail without any mutation:\n{done.stdout[-3000:]}{done.stderr[-2000:]}")


def progress(label_dir: Path) -> str:
    """Completed mutants over all shards, for a line of progress."""
    cr = cosmic_ray()
    done = total = 0
    for session in sorted(label_dir.glob("shard*/session.sqlite")):
        with cr.open(session) as db:
            skipped = sum(r.worker_outcome == "skipped" for _, r in db.results)
            done += db.num_results - skipped
            total += db.num_work_items - skipped
    return f"{done}/{total}"


def run(args: argparse.Namespace) -> None:
    """Prepare (unless resuming), check the baseline, run every shard in parallel, then report."""
    cfg = load_config()["mutation"]
    label_dir = WORK / args.label
    if args.resume:
        settings = json.loads((label_dir / "run.json").read_text(encoding="utf-8"))
        tests = settings["tests"]
    else:
        tests = args.tests or cfg["tests"]
        missing = [t for t in tests if not (ROOT / t).exists()]
        if missing:
            sys.exit(f"Test files not found: {', '.join(missing)}")
        prepare(label_dir, args.jobs, cfg, tests, args.sample)
    shards = sorted(label_dir.glob("shard*"))
    baseline(shards[0] / "src", tests)
    start = time.monotonic()
    procs = []
    for shard in shards:
        log = (shard / "exec.log").open("a", encoding="utf-8")
        procs.append(subprocess.Popen(
            [str(BIN / "cosmic-ray"), "exec", str(shard / "cosmic-ray.toml"),
             str(shard / "session.sqlite")], cwd=shard / "src", env=env_for(shard / "src"),
            stdout=log, stderr=subprocess.STDOUT))
    while any(p.poll() is None for p in procs):
        time.sleep(30)
        print(f"{time.monotonic() - start:6.0f}s  {progress(label_dir)} mutants done", flush=True)
    if any(p.returncode for p in procs):
        sys.exit(f"cosmic-ray exec failed; see {label_dir}/shard*/exec.log")
    print(f"Finished in {time.monotonic() - start:.0f}s")
    report(argparse.Namespace(label=args.label, diffs=False))


def outcomes(label_dir: Path, skip: dict[str, list[str]]) -> list[tuple[Mutant, str, str]]:
    """(mutant, status, diff) for every mutant a shard ran, plus the in-scope annotation mutants.

    Status is killed, survived, incompetent (cosmic-ray could not run it), pending (an
    interrupted run) or annotation (never run: the module does not evaluate its annotations)."""
    cr = cosmic_ray()
    found = []
    for n, shard in enumerate(sorted(label_dir.glob("shard*"))):
        session = shard / "session.sqlite"
        with cr.open(session) as db:
            results = dict(db.results)
        for m in mutants_of(session, shard / "src"):
            r = results.get(m.job_id)
            if m.in_annotation:
                if n == 0 and in_scope(m, skip):
                    found.append((m, "annotation", ""))
            elif r is None:
                found.append((m, "pending", ""))
            elif r.worker_outcome in (cr.Worker.SKIPPED, cr.Worker.NO_TEST):
                continue
            elif r.worker_outcome != cr.Worker.NORMAL or r.test_outcome == cr.Test.INCOMPETENT:
                found.append((m, "incompetent", r.output or ""))
            elif r.test_outcome == cr.Test.SURVIVED:
                found.append((m, "survived", r.diff or ""))
            else:
                found.append((m, "killed", r.diff or ""))
    return found


def report(args: argparse.Namespace) -> None:
    """Kill rate per module (equivalent mutants excluded), then every survivor and equivalent."""
    label_dir = WORK / args.label
    if not label_dir.exists():
        sys.exit(f"No run labelled {args.label!r} under {WORK}")
    cfg = load_config()
    equivalents = cfg.get("equivalent", [])
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    survivors, excluded = [], []
    for m, status, diff in outcomes(label_dir, cfg["mutation"].get("skip", {})):
        reason = ANNOTATION if status == "annotation" else equivalent_reason(m, diff, equivalents)
        if reason and status in ("survived", "annotation"):
            excluded.append((m, reason))
            rows[m.module]["equivalent"] += 1
            continue
        rows[m.module][status] += 1
        if status == "survived":
            survivors.append((m, diff))
    lines = [f"{'module':40} {'killed':>7} {'total':>6} {'rate':>7}  survived  equivalent  other"]
    total: Counter[str] = Counter()
    for module in sorted(rows):
        c = rows[module]
        total.update(c)
        lines.append(_row(module, c))
    lines.append(_row("all", total))
    lines.append("total = killed + survived; equivalent mutants are left out of the rate; other = "
                 "cosmic-ray could not run the mutant, or the run was interrupted.")
    lines.append("")
    lines.append(f"Survivors ({len(survivors)}):")
    for m, diff in sorted(survivors, key=lambda p: (p[0].module, p[0].line, p[0].operator)):
        lines.append(f"  {m.module}:{m.line} [{m.scope}] {m.operator} (#{m.occurrence})  {m.text}")
        if args.diffs:
            lines += [f"      {d}" for d in diff.splitlines()
                      if d.startswith(("+", "-")) and not d.startswith(("+++", "---"))]
    lines.append(f"Equivalent, excluded ({len(excluded)}):")
    typed = Counter(m.module for m, r in excluded if r == ANNOTATION)
    lines += [f"  {module}: {n} mutants of type annotations ({ANNOTATION})"
              for module, n in sorted(typed.items())]
    for m, r in sorted(excluded, key=lambda p: (p[0].module, p[0].line, p[0].operator)):
        if r != ANNOTATION:
            lines.append(f"  {m.module}:{m.line} [{m.scope}] {m.operator}  {m.text}\n      {r}")
    text = "\n".join(lines)
    print(text)
    (label_dir / "report.txt").write_text(text + "\n", encoding="utf-8")


def _row(name: str, c: Counter[str]) -> str:
    """One line of the kill-rate table; the rate counts killed over killed plus survived."""
    counted = c["killed"] + c["survived"]
    rate = f"{100 * c['killed'] / counted:.1f}%" if counted else "-"
    other = c["incompetent"] + c["pending"]
    return (f"{name:40} {c['killed']:7} {counted:6} {rate:>7}  {c['survived']:8}  "
            f"{c['equivalent']:10}  {other:5}")


def main(argv: list[str] | None = None) -> None:
    """Command line: run or report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="mutate, test, report")
    r.add_argument("--label", default="latest", help="name of this run under .mutation/")
    r.add_argument("--jobs", type=int, default=1, help="parallel workers, one code copy each")
    r.add_argument("--sample", type=int, default=0, help="run only this many mutants (0: all)")
    r.add_argument("--tests", nargs="+", help="test files instead of the configured ones")
    r.add_argument("--resume", action="store_true", help="run the pending mutants of a label")
    p = sub.add_parser("report", help="kill rate of a finished or interrupted run")
    p.add_argument("--label", default="latest")
    p.add_argument("--diffs", action="store_true", help="print each survivor's change")
    args = parser.parse_args(argv)
    (run if args.command == "run" else report)(args)


if __name__ == "__main__":
    main()
