"""The ``incident-mapper`` command line.

Each sub-command lives in its own module (``mapper.cli_<name>``) exposing
``add_parser(subparsers)`` and ``run(args) -> int``. This module holds what they share:
global options, logging set-up, and turning errors into one clear line and an exit code
(2 for bad input or usage, 1 for internal errors; a traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")

#: Sub-command modules, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "mapper.cli_map",
    "mapper.cli_table",
    "mapper.cli_corridor",
    "mapper.cli_geocode",
    "mapper.cli_gazetteer",
)

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2
#: Exit code after Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130

DESCRIPTION = """\
Map conflict reports offline. Reads English reports (text, Markdown, HTML), extracts
incidents (date, event type, actors, killed and injured, the place as written), resolves
their places against a local gazetteer (towns, governorates, desert zones, highway
corridors, in every common spelling) and writes a layered HTML map and GIS files.
"""

EPILOG = """\
examples:
  incident-mapper map reports/*.txt -o outputs/run1 --report-date 2021-01-31
  incident-mapper map outputs/run1/incidents.geojson -o outputs/run1   (re-render the map)
  incident-mapper geocode "Deir Ezzor" "Kaba Jeb" Sokhneh --json
  incident-mapper gazetteer build --source whosonfirst-data-admin-sy.zip --source cod-ab/
run 'incident-mapper COMMAND --help' for the options of each command.
"""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser with every available sub-command.

    Parameters
    ----------
    argv
        The arguments it will parse, if known: when they name a sub-command (and ask for
        no top-level help), only that one is added, and the other modules are not
        imported.
    """
    parser = argparse.ArgumentParser(
        prog="incident-mapper",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from mapper import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_common_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _command_modules(argv):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.add_parser(subparsers)
    return parser


def _command_modules(argv: Sequence[str] | None) -> tuple[str, ...]:
    """The module of the sub-command ``argv`` names (``mapper.cli_<name>``), else all."""
    for arg in argv or ():
        if arg in ("-h", "--help", "--version"):
            break
        if not arg.startswith("-"):  # the global options take no values: the command
            module = f"mapper.cli_{arg}"
            return (module,) if module in COMMAND_MODULES else COMMAND_MODULES
    return COMMAND_MODULES


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Options every command takes (also accepted after the command name)."""
    group = parser.add_argument_group("output control")
    group.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                       help="print only errors")
    group.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                       help="print more about what is done (-vv for debug logging)")
    group.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                       help="show the full traceback when something fails")


def subcommand_parser(subparsers: argparse._SubParsersAction, name: str, **kwargs: object
                      ) -> argparse.ArgumentParser:
    """Create a sub-command parser with the common options and raw-text help."""
    kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
    parser = subparsers.add_parser(name, **kwargs)  # type: ignore[arg-type]
    add_common_options(parser)
    return parser


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.WARNING
    if getattr(args, "quiet", False):
        level = logging.ERROR
    elif getattr(args, "verbose", 0) >= 2 or getattr(args, "debug", False):
        level = logging.DEBUG
    elif getattr(args, "verbose", 0) == 1:
        level = logging.INFO
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)


def _is_input_error(exc: BaseException) -> bool:
    """True for errors caused by what the user gave or where they asked us to write.

    Those are answered with exit code 2 and their own message (which says what to do);
    anything else is an internal error.
    """
    from mapper.errors import InputError, OutputError

    if isinstance(exc, InputError | OutputError):
        return True
    try:
        from gazetteer.errors import PlaceNotFoundError, SourceFormatError, StoreError
    except ImportError:  # pragma: no cover - the gazetteer ships with the mapper
        return False
    return isinstance(exc, SourceFormatError | PlaceNotFoundError | StoreError)


def one_line(text: str, *, limit: int = 400) -> str:
    """``text`` on one line (whitespace runs collapsed), cut to ``limit`` characters."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _error_message(exc: BaseException) -> str:
    """The one stderr line for a failure that ends the run."""
    if _is_input_error(exc):
        message = one_line(str(exc)) or type(exc).__name__
        if type(exc).__name__ == "StoreError" and "gazetteer build" not in message:
            message += ("; rebuild it with 'incident-mapper gazetteer build --source ...' "
                        "(or give another --home)")
        return f"incident-mapper: error: {message}"
    if isinstance(exc, MemoryError):
        return ("incident-mapper: error: out of memory; give fewer or smaller files per run "
                "(or run again with --debug for the traceback)")
    detail = one_line(str(exc))
    return (f"incident-mapper: internal error: {type(exc).__name__}"
            f"{': ' + detail if detail else ''} "
            "(run again with --debug for the traceback, and report it)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    _configure_logging(args)
    try:
        return int(args.run(args) or EXIT_OK)
    except KeyboardInterrupt:
        print("incident-mapper: interrupted; outputs written earlier were left as they were",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader of our output went away (``... | head``): not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - swallow the final flush
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the CLI's last line of defence
        if getattr(args, "debug", False):
            raise
        print(_error_message(exc), file=sys.stderr)
        return EXIT_USAGE if _is_input_error(exc) else EXIT_INTERNAL


#: Allocations between young-generation collections of the garbage collector (Python's
#: default is 700). A long report keeps hundreds of thousands of objects alive (segments,
#: mentions, features); with the default, collections rescanning them took ~6 % of a
#: ``map`` run. Only the command line sets it (it is a setting of the process).
GC_THRESHOLD = 50_000


#: What the command line holds until the process ends (:func:`keep_until_exit`); ``None``
#: when :func:`main` runs inside a longer-lived process (tests, a notebook): nothing held.
_KEPT: list[Any] | None = None


def keep_until_exit(obj: T) -> T:
    """Hold ``obj`` until the process ends, when the command line is the process
    (:func:`entry_point`); return it.

    A loaded gazetteer and its memos are millions of objects: freeing them one by one when
    the sub-command returns took ~0.09 s of a ``table`` run, for memory the ending process
    gives back at once.
    """
    if _KEPT is not None:
        _KEPT.append(obj)
    return obj


def entry_point() -> None:
    """Console-script entry point."""
    import gc

    global _KEPT
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    _KEPT = []
    _KEPT.append(_KEPT)  # a cycle: emptying this module on exit does not free it
    try:
        code = main()
    finally:
        # What is left (the gazetteer, its memos: millions of objects) goes with the
        # process: the collection the interpreter makes on exit need not walk it
        # (0.03 s after 20 table rows, 0.09 s after 13,000).
        gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry_point()
