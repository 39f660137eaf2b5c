"""The TUI's own flags are parsed without the subcommands' modules (they would delay the
first frame), with the same result as the whole command line; anything else goes to the
whole parser."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from asc_tui.cli import MODULE_OF, SUBCOMMANDS, build_parser, parse_arguments

CASES = [
    [],
    ["--demo"],
    ["--demo", "--offline", "--fresh"],
    ["--profile", "auth"],  # a flag's value that is also a command's name
    ["--base-url", "http://127.0.0.1:9", "--source-root", "/src"],
    ["--fre"],  # an abbreviation
    ["--demo", "apps", "--json"],  # a subcommand
    ["--demo", "check", "--app", "1", "--version", "4.5"],  # a subcommand's --version
    ["builds", "1", "--csv", "--profile", "work"],
    ["--profile", "work", "signatures", "B1", "--offline"],
    ["metrics-compare", "A", "B", "--json"],
    ["auth", "list"],
]


@pytest.mark.parametrize("argv", CASES)
def test_the_tuis_flags_parse_as_the_whole_command_line_does(argv: list[str]) -> None:
    assert vars(parse_arguments(argv)) == vars(build_parser().parse_args(argv))


def test_help_and_version_are_the_whole_command_lines(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--version"], ["--demo", "-h"]):
        with pytest.raises(SystemExit) as exited:
            parse_arguments(argv)
        assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("asc-tui ")
    assert "regressions" in out  # --help lists the subcommands


@pytest.mark.parametrize("argv", [["--bogus"], ["--base-url"], ["nonsense"]])
def test_a_wrong_argument_is_reported_by_the_whole_parser(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        parse_arguments(argv)
    assert exited.value.code == 2
    assert "COMMAND ..." in capsys.readouterr().err  # the whole usage, commands included


@pytest.mark.parametrize(
    ("argv", "imported"),
    [(["--demo", "--fresh"], []), (["builds", "1", "--json"], ["listing"])],
)
def test_parsing_imports_only_the_subcommand_given(argv: list[str], imported: list[str]) -> None:
    """The TUI's flags import no subcommand's module; a subcommand, its own module only."""
    code = (
        "import sys\n"
        "from asc_tui.cli import SUBCOMMANDS, parse_arguments\n"
        f"parse_arguments({argv!r})\n"
        "print([m for m in SUBCOMMANDS if f'asc_tui.commands.{m}' in sys.modules])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == repr(imported)


def test_each_command_is_in_the_module_said() -> None:
    """A subcommand is parsed by a parser holding only its module's commands: the table
    that says which module that is matches what each module adds."""
    for module, commands in SUBCOMMANDS.items():
        parser = build_parser(only=module)
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        assert tuple(actions[0].choices) == commands
    assert sorted(MODULE_OF) == sorted(c for cs in SUBCOMMANDS.values() for c in cs)
