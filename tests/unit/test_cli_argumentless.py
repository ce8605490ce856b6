"""Commands that take nothing but ``--json`` are read without argparse
(``aegis.cli.ARGUMENTLESS``): the arguments must be exactly argparse's, and every
other command line must still go through argparse."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from aegis import cli


def subcommands() -> dict:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return {name: sub.build() for name, sub in action.choices.items()}


@pytest.mark.parametrize("command", sorted(cli.ARGUMENTLESS))
@pytest.mark.parametrize("json_flag", [False, True])
def test_the_fast_path_gives_argparses_arguments(command, json_flag):
    argv = [command, "--json"] if json_flag else [command]
    assert vars(cli.argumentless(argv)) == vars(cli.parse(argv))


def test_every_command_without_arguments_of_its_own_is_on_the_fast_path():
    """A command whose parser has only -h and --json is ARGUMENTLESS; one that gains an
    option leaves it (else the fast path would drop the option's default). Every command
    takes -C after its name too, with no default: not an argument of its own."""
    for name, parser in subcommands().items():
        own = {a.dest for a in parser._actions} - {"help", "json", "project"}
        flags = {a.dest for a in parser._actions} >= {"json"}
        if name in cli.ARGUMENTLESS:
            assert not own and flags, name
        elif not own and flags:
            pytest.fail(f"{name} takes no arguments: add it to aegis.cli.ARGUMENTLESS")


@pytest.mark.parametrize("argv", [[], ["version", "--js"], ["version", "extra"],
                                  ["-C", ".", "version"], ["version", "--json", "--json"],
                                  ["search", "version"], ["--version"], ["versions"],
                                  ["stats", "-h"], ["demo"], ["serve"]])
def test_anything_else_goes_through_argparse(argv):
    assert cli.argumentless(argv) is None


def test_a_bad_argument_to_a_fast_command_is_the_usual_usage_error():
    err = io.StringIO()
    code = cli.main(["version", "extra"], env={}, stdout=io.StringIO(), stderr=err,
                    stdin=io.StringIO())
    assert code == 2
    assert err.getvalue() == ("aegis: error: unrecognized arguments: extra "
                              "(see `aegis version --help`)\n")


def test_version_does_not_import_argparse(tmp_path):
    probe = ("import sys; sys.argv[1:] = ['version']; from aegis.cli import main; code = main(); "
             "print('argparse' in sys.modules, 're' in sys.modules, code)")
    done = subprocess.run([sys.executable, "-S", "-E", "-c",
                           f"import sys; sys.path.insert(0, {str(cli.__file__).rsplit('/aegis/', 1)[0]!r}); "
                           + probe], capture_output=True, text=True, timeout=60,
                          env={"HOME": str(tmp_path), "AEGIS_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "False False 0"
