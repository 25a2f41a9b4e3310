"""Errors: one line on stderr saying what is wrong and what to do; exit 2 for bad input or
usage, 1 for internal errors, 130 when interrupted; a traceback only with --debug;
--quiet and --verbose."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mapper.cli import main, one_line

REPO = Path(__file__).resolve().parents[1]
REPORT = ("Badia report, March 2021\n\n"
          "On March 4, ISIS fighters killed five soldiers near Al-Sukhnah in the Homs desert.\n")


@pytest.fixture(autouse=True)
def _empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCIDENT_MAPPER_HOME", str(tmp_path / "no-store"))


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    p = tmp_path / "report.txt"
    p.write_text(REPORT, encoding="utf-8")
    return p


def run(*args: object, code: str | None = None, env_home: Path | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m mapper ARGS`` (or ``python -c CODE ARGS``) in a fresh process."""
    env = dict(os.environ)
    if env_home is not None:
        env["INCIDENT_MAPPER_HOME"] = str(env_home)
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "mapper"]
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True, cwd=REPO,
                          env=env, timeout=timeout)


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


#: Runs the CLI with ``mapper.extract.extract_incidents`` (and ``iter_incidents``) replaced by
#: one that fails.
FAILING = """
import sys
import mapper.extract

def boom(*args, **kwargs):
    raise ZeroDivisionError("first line\\n  second line of the message")

mapper.extract.extract_incidents = boom
mapper.extract.iter_incidents = boom
from mapper.cli import main
sys.exit(main(sys.argv[1:]))
"""


# ---------------------------------------------------------------------------------------
# usage and input errors: exit 2


@pytest.mark.parametrize("args", [
    ["map"],                                           # no files, no -o
    ["map", "x.txt"],                                  # no -o
    ["map", "x.txt", "-o", "o", "--format", "pdf"],    # invalid choice
    ["map", "x.txt", "-o", "o", "--report-date", "yesterday"],
    ["frobnicate"],                                    # unknown command
    ["--no-such-option"],
])
def test_usage_errors_exit_2_without_traceback(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "error:" in result.stderr


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys)
    assert code == 2 and "usage:" in out


def test_bad_input_is_exit_2_one_line(tmp_path: Path) -> None:
    result = run("map", tmp_path / "missing.txt", "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "missing.txt: no such file" in result.stderr
    result = run("gazetteer", "build", "--home", tmp_path / "home")
    assert result.returncode == 2 and "--source" in result.stderr
    assert result.stderr.count("\n") == 1


def test_broken_store_is_exit_2_and_says_what_to_do(tmp_path: Path, report: Path) -> None:
    home = tmp_path / "home"
    (home / "store-x").mkdir(parents=True)
    (home / "CURRENT").write_text("store-x\n", encoding="utf-8")
    (home / "store-x" / "manifest.json").write_text('{"format_version": 1}', encoding="utf-8")
    (home / "store-x" / "places.json.gz").write_bytes(b"not gzip")
    result = run("map", report, "-o", tmp_path / "out", "--home", home)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "unreadable gazetteer store" in result.stderr
    assert "gazetteer build" in result.stderr


# ---------------------------------------------------------------------------------------
# internal errors: exit 1, one line, traceback only with --debug


def test_internal_error_is_exit_1_one_line(tmp_path: Path, report: Path) -> None:
    result = run("map", report, "-o", tmp_path / "out", code=FAILING)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()  # the message's own newline is folded
    assert line.startswith("incident-mapper: internal error: ZeroDivisionError: first line")
    assert "second line of the message" in line and "--debug" in line
    assert not (tmp_path / "out" / "incidents.geojson").exists()


def test_debug_shows_the_traceback(tmp_path: Path, report: Path) -> None:
    result = run("map", report, "-o", tmp_path / "out", "--debug", code=FAILING)
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr


def test_memory_error_says_so(report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    import mapper.extract

    def oom(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(mapper.extract, "extract_incidents", oom)
    monkeypatch.setattr(mapper.extract, "iter_incidents", oom)
    code, _, err = cli(capsys, "map", report, "-o", tmp_path / "out")
    assert code == 1
    assert err.count("\n") == 1 and "out of memory" in err


def test_one_line() -> None:
    assert one_line("a\n  b\tc\r\n") == "a b c"
    assert len(one_line("x" * 5000)) == 400


# ---------------------------------------------------------------------------------------
# interruption


def test_keyboard_interrupt_in_process(report: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import mapper.extract

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(mapper.extract, "extract_incidents", interrupt)
    monkeypatch.setattr(mapper.extract, "iter_incidents", interrupt)
    code, _, err = cli(capsys, "map", report, "-o", tmp_path / "out")
    assert code == 130
    assert err.count("\n") == 1 and "interrupted" in err


def test_ctrl_c_on_a_real_run(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Badia report, March 2021\n\n" + "".join(
        f"On March {1 + i % 28}, ISIS fighters killed {2 + i % 7} soldiers near Al-Sukhnah.\n\n"
        for i in range(20000)), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "map.html").write_text("earlier map", encoding="utf-8")
    env = {**os.environ, "INCIDENT_MAPPER_HOME": str(tmp_path / "no-store")}
    # Ctrl-C reaches the run even when this test runs with SIGINT ignored (a job started
    # in the background by a shell): the child starts with the default disposition.
    proc = subprocess.Popen([sys.executable, "-m", "mapper", "-v", "map", str(big), "-o",
                             str(out)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert proc.stderr is not None
        seen = []
        deadline = time.monotonic() + 60
        for line in proc.stderr:  # wait until the report was read: the run is working
            seen.append(line)
            if "read " in line or time.monotonic() > deadline:
                break
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        _, rest = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    err = "".join(seen) + rest
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("incident-mapper: interrupted")
    assert [p.name for p in out.iterdir()] == ["map.html"]
    assert (out / "map.html").read_text(encoding="utf-8") == "earlier map"


# ---------------------------------------------------------------------------------------
# --quiet and --verbose


def test_quiet_prints_nothing_on_success_but_still_errors(tmp_path: Path,
                                                          report: Path) -> None:
    result = run("map", report, "-o", tmp_path / "out", "--quiet")
    assert result.returncode == 0
    assert result.stdout == "" and result.stderr == ""
    assert (tmp_path / "out" / "map.html").exists()
    result = run("-q", "map", tmp_path / "missing.txt", "-o", tmp_path / "out")
    assert result.returncode == 2 and "missing.txt" in result.stderr


def test_default_prints_the_summary_without_log_lines(tmp_path: Path, report: Path) -> None:
    result = run("map", report, "-o", tmp_path / "out")
    assert result.returncode == 0
    assert "incidents found:" in result.stdout and "located:" in result.stdout
    assert "INFO" not in result.stderr and "DEBUG" not in result.stderr


def test_verbose_logs_what_is_done(tmp_path: Path, report: Path) -> None:
    result = run("map", report, "-o", tmp_path / "out", "-v")
    assert result.returncode == 0
    assert "incidents found:" in result.stdout
    assert "INFO mapper.reports: read" in result.stderr
    assert "DEBUG" not in result.stderr
    result = run("-vv", "map", report, "-o", tmp_path / "out")
    assert result.returncode == 0
    assert "DEBUG" in result.stderr


def test_broken_pipe_is_not_an_error(report: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import mapper.cli_map

    def closed_pipe(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(mapper.cli_map, "print_summary", closed_pipe)
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # main() swaps it for /dev/null
    code, _, err = cli(capsys, "map", report, "-o", tmp_path / "out")
    assert code == 0 and err == ""
