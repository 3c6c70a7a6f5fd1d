"""A command line mounts only the group it names; ``app`` and the help still have every group."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from eqsurvey.cli import COMMANDS, GROUPS, build_app, command_named, hoist_global_options

ROOT = Path(__file__).resolve().parents[3]


def _names(app: object) -> set[str]:
    groups = {g.name for g in app.registered_groups}  # type: ignore[attr-defined]
    commands = {c.name or c.callback.__name__ for c in app.registered_commands}  # type: ignore[attr-defined]
    return groups | commands


def test_the_group_named_is_found_after_the_global_options() -> None:
    def named(*argv: str) -> str | None:
        return command_named(hoist_global_options(list(argv)))

    assert named("responses", "simulate", "--n", "5") == "responses"
    assert named("responses", "simulate", "--project", "p", "-q") == "responses"
    assert named("-p", "p", "--quiet", "release", "audit") == "release"
    assert named("--project=p", "demo") == "demo"
    assert named("init", "folder") == "init"
    # No group, or none of ours: the whole command, so that help lists all and errors suggest the right one.
    assert named() is None
    assert named("--help") is None
    assert named("respones", "simulate") is None
    assert named("--project", "responses") is None  # the folder's name, not a group


def test_a_group_alone_or_all_of_them() -> None:
    assert _names(build_app("responses")) == {"responses", "init"}
    assert _names(build_app("serve")) == {"serve", "init"}
    assert _names(build_app()) == {*GROUPS, *COMMANDS, "init"}
    from eqsurvey.cli import app

    assert _names(app) == {*GROUPS, *COMMANDS, "init"}
    # The commands lent to a group by other modules are there, once, however often the group is mounted.
    plan = next(g.typer_instance for g in build_app("plan").registered_groups)
    build_app("plan")
    lent = [c.name for c in plan.registered_commands if c.name in ("preview", "target")]  # type: ignore[union-attr]
    assert sorted(lent) == ["preview", "target"]


def test_running_a_command_imports_no_other_group(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from eqsurvey.cli import main\n"
        "sys.argv = ['eqsurvey', 'init', 'proj', '--example', 'musterstadt', '-q']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "others = [m for m in ('release', 'report', 'dataset', 'keys', 'serve', 'console') "
        "if 'eqsurvey.commands.' + m in sys.modules]\n"
        "print(','.join(others))\n"
    )
    env = os.environ | {"PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    done = subprocess.run(
        [sys.executable, "-c", code], check=False, env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
    assert (tmp_path / "proj" / "instrument.yaml").exists()
