"""``symderiv check-file``: every line checked on its own, with its number in every
message; a per-line CPU limit; Ctrl-C; ``-j`` validated."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from symderiv.checks.batch import (
    LINES_PER_WORKER,
    BatchSummary,
    LineResult,
    check_file,
    check_line,
    read_lines,
    worker_count,
)
from symderiv.cli import main

pytest.importorskip("sympy")

PROJECT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
#: Seconds after which a run is taken to hang (a guard, not a measure of speed).
HANG = 240


def _command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "symderiv", *argv]


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT), "COLUMNS": "200"}


# -- one line at a time --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("[1, 2]", "not a JSON object but an array"),
        ("42", "not a JSON object but a number"),
        ('"x^2"', "not a JSON object but a string"),
        ("null", "not a JSON object but null"),
        ('{"f": 5}', '"f" must be a string, not a number'),
        ('{"f": ["x"]}', '"f" must be a string, not an array'),
        ('{"f": "x", "df": {"a": 1}}', '"df" must be a string, not an object'),
        ('{"f": "x", "var": true}', '"var" must be a string, not true or false'),
        ('{"df": "1"}', 'no "f" field'),
        ("{", "not JSON: Expecting property name enclosed in double quotes"),
        ("[" * 100_000, "not JSON: nested too deeply"),
        ('{"f": ' + "9" * 5000 + "}", "not JSON: Exceeds the limit (4300 digits)"),
    ],
)
def test_a_line_that_is_not_a_record_is_bad_input(text, detail):
    result = check_line((7, text))
    assert (result.number, result.ident, result.outcome) == (7, "7", "bad-input")
    assert result.detail.startswith(detail), result.detail


def test_a_line_keeps_its_id_and_a_formula_error_is_a_parse_error():
    result = check_line((3, '{"f": "2*x + )", "df": "2", "id": {"n": 1}}'))
    assert (result.ident, result.outcome) == ('{"n": 1}', "parse-error")
    assert result.detail.startswith("expected a number, a name or '('")
    wrong_df = check_line((4, '{"f": "x^2", "df": "2*x +", "id": "sq"}'))
    assert (wrong_df.ident, wrong_df.outcome) == ("sq", "parse-error")
    assert wrong_df.detail.startswith("df: ")


def test_a_line_may_write_its_formulas_in_latex():
    line = json.dumps({"f": r"\frac{1}{1 + e^{-x}}", "df": r"\frac{e^{-x}}{(1 + e^{-x})^2}"})
    assert check_line((1, line)).outcome == "verified"
    wrong = json.dumps({"f": r"\sqrt{x^3}", "df": r"\frac{3}{2}x"})
    assert check_line((2, wrong)).outcome == "mismatch"


def test_bad_bytes_spoil_only_their_line(tmp_path):
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"f": "x"}\r\n\n{"f": "x\xff^2"}\n  \n{"f": "x^2"}')
    items, bad = read_lines(path)
    assert items == [(1, '{"f": "x"}'), (5, '{"f": "x^2"}')]
    assert bad == [
        LineResult(
            3, "3", "bad-input", 'not UTF-8: byte 0xff at column 9 in \'{"f": "x\ufffd^2"}\''
        )
    ]


def test_workers_are_few_for_few_lines():
    assert worker_count(1000, 160) == 160 // LINES_PER_WORKER
    assert worker_count(4, 3) == 1
    assert worker_count(2, 0) == 1
    with pytest.raises(ValueError, match="at least 1"):
        worker_count(0, 10)


def test_the_exit_code_counts_every_failing_outcome():
    def summary(*outcomes: str) -> BatchSummary:
        return BatchSummary("f", [LineResult(n, str(n), o) for n, o in enumerate(outcomes, 1)])

    assert summary("verified", "undecided", "no-rule").exit_code == 0
    for failing in ("mismatch", "parse-error", "bad-input", "error"):
        assert summary("verified", failing).exit_code == 1


# -- the command ----------------------------------------------------------------------------
MALFORMED = [
    b"[1, 2]",
    b"42",
    b'"x^2"',
    b'{"f": 5}',
    b"",
    b'{"f": "x^2", "df": "2*x", "id": "right"}',
    b'{"f": "x^3", "df": "2*x", "id": "wrong"}',
    b'{"f": "x\xff^2"}',
    b'{"f": "9^9^9^9", "df": "0"}',
    b'{"f": "x", "var": 1}',
    b'{"f": "x^2", "dF": "2*x", "id": "misspelt"}',
]


def test_a_file_of_malformed_lines_finishes_with_every_problem_named(tmp_path):
    path = tmp_path / "malformed.jsonl"
    path.write_bytes(b"\n".join(MALFORMED) + b"\n")
    started = time.monotonic()
    done = subprocess.run(
        _command("check-file", str(path), "-j", "2", "--quiet", "--line-limit", "10"),
        capture_output=True,
        text=True,
        timeout=HANG,
        env=_environment(),
    )
    print(f"malformed file checked in {time.monotonic() - started:.1f} s")
    out = done.stdout
    assert done.returncode == 1, (out, done.stderr)
    assert "Traceback" not in done.stderr
    assert "malformed.jsonl: 10 lines" in out
    expected = [
        "line 1 (1): bad-input not a JSON object but an array",
        "line 2 (2): bad-input not a JSON object but a number",
        "line 3 (3): bad-input not a JSON object but a string",
        'line 4 (4): bad-input "f" must be a string, not a number',
        "line 7 (wrong): mismatch differs from df at",
        "line 8 (8): bad-input not UTF-8: byte 0xff at column 9",
        "line 9 (9): undecided ",
        'line 10 (10): bad-input "var" must be a string, not a number',
        'line 11 (misspelt): bad-input no "df" field',
    ]
    for line in expected:
        assert line in out, line
    assert "line 6 " not in out and "line 5 " not in out
    assert "│ verified    │     1 │" in out


def test_ids_are_printed_as_text_never_as_markup(tmp_path):
    ids = ["[/bold]", "[link=https://example.com]click[/link]", "\x1b]8;;https://e\x07x", ":smile:"]
    path = tmp_path / "ids.jsonl"
    lines = [json.dumps({"f": "x^3", "df": "2*x", "id": ident}) for ident in ids]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        _command("check-file", str(path), "-j", "1", "--quiet"),
        capture_output=True,
        text=True,
        timeout=HANG,
        env=_environment(),
    )
    assert done.returncode == 1, done.stderr
    assert "line 1 ([/bold]): mismatch" in done.stdout
    assert "line 2 ([link=https://example.com]click[/link]): mismatch" in done.stdout
    assert "line 3 (␛]8;;https://e␇x): mismatch" in done.stdout
    assert "line 4 (:smile:): mismatch" in done.stdout
    assert "\x1b" not in done.stdout


@pytest.mark.parametrize(
    ("jobs", "message"),
    [
        ("0", "needs at least 1 process, not 0"),
        ("-1", "needs at least 1 process, not -1"),
        ("two", "not a whole number: 'two'"),
    ],
)
def test_jobs_must_be_a_positive_whole_number(capsys, tmp_path, jobs, message):
    path = tmp_path / "one.jsonl"
    path.write_text('{"f": "x"}\n')
    with pytest.raises(SystemExit) as stopped:
        main(["check-file", str(path), "-j", jobs])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_more_jobs_than_cores_are_lowered_unless_forced(capsys, tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text('{"f": "x^2", "df": "2x"}\n')
    assert main(["check-file", str(path), "-j", "1000", "--quiet"]) == 0
    captured = capsys.readouterr()
    cores = os.cpu_count()
    assert f"-j 1000 lowered to {cores}, the number of cores" in captured.err
    assert "one.jsonl: 1 line\n" in captured.out
    assert main(["check-file", str(path), "-j", "1000", "--quiet", "--force-jobs"]) == 0
    assert "lowered" not in capsys.readouterr().err


def test_other_options_are_validated(capsys, tmp_path):
    path = tmp_path / "one.jsonl"
    path.write_text('{"f": "x"}\n')
    for option, value in (("--line-limit", "0"), ("--budget", "nan"), ("--line-limit", "inf")):
        with pytest.raises(SystemExit):
            main(["check-file", str(path), option, value])
        assert "must be a positive number of seconds" in capsys.readouterr().err
    with pytest.raises(ValueError, match="at least 1"):
        check_file(path, jobs=0, progress=False)


# -- limits ---------------------------------------------------------------------------------
def spend(item: tuple[int, str], budget: float) -> LineResult:
    """A line checker for the tests: spends CPU in Python, in C, memory, or time asleep,
    on request."""
    number, text = item
    if "sleep" in text:
        time.sleep(2.5)  # wall time, no CPU time
    if "python" in text:
        while True:
            pass
    if "in C" in text:
        _ = 7 ** (10**10)  # one call into C, deaf to signals
    if "memory" in text:
        _ = bytearray(8 * 1024**3)
    return LineResult(number, str(number), "verified")


@pytest.mark.slow
def test_a_line_over_its_cpu_limit_is_stopped_and_the_rest_go_on(tmp_path, monkeypatch):
    path = tmp_path / "spend.jsonl"
    path.write_text(
        'ok\n{"id": "runaway", "f": "spend python"}\nok\nspend in C\nspend memory\nsleep\n'
    )
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(TESTS), str(PROJECT)]))
    started = time.monotonic()
    summary = check_file(path, jobs=1, progress=False, line_limit=1.0, task="test_batch:spend")
    elapsed = time.monotonic() - started
    print(f"three runaway lines stopped in {elapsed:.1f} s")
    assert elapsed < HANG
    outcomes = [(r.number, r.ident, r.outcome, r.detail) for r in summary.results]
    assert outcomes == [
        (1, "1", "verified", ""),
        (2, "runaway", "undecided", "over the time limit"),
        (3, "3", "verified", ""),
        (4, "4", "undecided", "over the time limit"),
        (5, "5", "undecided", "over the memory limit"),
        (6, "6", "verified", ""),  # the limit counts CPU time, not waiting
    ]


# -- processes ------------------------------------------------------------------------------
needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _process_table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, start time) of every process."""
    table: dict[int, tuple[int, str]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if fields[0] != "Z":
                table[int(entry)] = (int(fields[1]), fields[19])
    return table


def _descendants(pid: int) -> set[tuple[int, str]]:
    """Every process below ``pid``, as (pid, start time)."""
    table = _process_table()
    found: set[tuple[int, str]] = set()
    parents = [pid]
    while parents:
        parent = parents.pop()
        for child, (ppid, start) in table.items():
            if ppid == parent and (child, start) not in found:
                found.add((child, start))
                parents.append(child)
    return found


def _still_running(processes: set[tuple[int, str]], within: float) -> set[tuple[int, str]]:
    """Those of ``processes`` still alive after waiting up to ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        table = _process_table()
        alive = {(pid, start) for pid, start in processes if table.get(pid, (0, ""))[1] == start}
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def _slow_file(path: Path, lines: int = 600) -> None:
    records = [
        {"f": f"sin(x)^{k} * exp({k}*x) / (1 + x^2)", "df": "0", "id": f"slow-{k}"}
        for k in range(lines)
    ]
    path.write_text("".join(json.dumps(record) + "\n" for record in records))


def _start(path: Path) -> tuple[subprocess.Popen[str], set[tuple[int, str]]]:
    """``check-file`` on ``path`` in a session of its own, once two workers run.

    The run starts with Ctrl-C not ignored, as from a terminal, even where these tests
    were started with it ignored (a job a shell without job control puts in the
    background): a handled signal is reset to its default in a new program."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(
            _command("check-file", str(path), "-j", "2", "--force-jobs", "--quiet"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_environment(),
            start_new_session=True,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    deadline = time.monotonic() + HANG
    while len(_descendants(process.pid)) < 2 and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.1)
    time.sleep(5)  # a few lines finish
    return process, _descendants(process.pid)


@pytest.mark.slow
@needs_proc
def test_ctrl_c_prints_the_lines_checked_and_leaves_no_process_behind(tmp_path):
    path = tmp_path / "slow.jsonl"
    _slow_file(path)
    process, children = _start(path)
    assert children
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: the whole process group
    out, err = process.communicate(timeout=HANG)
    assert process.returncode == 130, (out, err)
    assert "Traceback" not in err
    assert "of 600 lines (interrupted)" in out
    checked = int(out.split("slow.jsonl: ")[1].split(" of 600")[0])
    assert checked < 600
    assert f"symderiv: interrupted; {path}: {checked} of 600 lines (interrupted)" in err
    assert not _still_running(children, within=20)


@pytest.mark.slow
@needs_proc
def test_workers_end_when_their_parent_is_killed(tmp_path):
    path = tmp_path / "slow.jsonl"
    _slow_file(path)
    process, children = _start(path)
    assert children
    process.kill()
    process.communicate(timeout=HANG)
    assert not _still_running(children, within=30)


def test_the_details_of_lines_are_said_in_japanese(tmp_path, capsys):
    """With ``--lang ja`` a line's detail, which the checker writes in English, is said in
    Japanese: the mismatch, the unreadable record, the reader's refusal."""
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"f": "x^2", "df": "3*x"}\nnope\n[1]\n{"f": 3}\n{"f": "x^^2", "df": "1"}\n',
        encoding="utf-8",
    )
    code = main(["check-file", str(path), "--lang", "ja", "--quiet", "-j", "1"])
    out = capsys.readouterr().out
    assert code == 1
    assert "1 行目 (1): 不一致 x = " in out and "で df と値が異なります" in out
    assert "2 行目 (2): 不正な入力 JSON として読めません: " in out
    assert "3 行目 (3): 不正な入力 JSON のオブジェクトではありません（配列）" in out
    assert "4 行目 (4): 不正な入力 「f」は文字列でなければなりません（数）" in out
    assert "5 行目 (5): 読み取りエラー " in out and "（3 文字目）" in out
    assert "differs from" not in out and "must be a string" not in out
    assert "at column" not in out


@pytest.mark.parametrize(
    "text",
    ['{"f": "x^2"}', '{"f": "x^2", "dF": "2*x"}', '{"f": "x^2", "derivative": "2*x"}'],
)
def test_a_line_without_df_is_bad_input_not_verified(text):
    """A line with no ``df`` has no answer to check: it is ``bad-input`` (which fails the
    run), never ``verified``; a misspelt key is such a line."""
    result = check_line((1, text))
    assert (result.ident, result.outcome, result.detail) == ("1", "bad-input", 'no "df" field')
    named = check_line((2, '{"f": "x^2", "id": "sq"}'))  # the line keeps its id
    assert (named.ident, named.outcome) == ("sq", "bad-input")


def test_a_file_without_df_is_not_reported_verified(tmp_path, capsys):
    path = tmp_path / "nodf.jsonl"
    path.write_text('{"f": "x^2"}\n', encoding="utf-8")
    assert main(["check-file", str(path), "--quiet", "-j", "1"]) == 1
    out = capsys.readouterr().out
    assert "│ verified    │     0 │   0.0% │" in out and "│ bad-input   │     1 │ 100.0% │" in out
    assert 'line 1 (1): bad-input no "df" field' in out
