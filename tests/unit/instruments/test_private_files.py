"""Private files on a real file system: modes from the first byte, whatever the umask, and the check that reads them."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kernel.errors import EqSurveyError
from kernel.private_files import create_private_file, private_folder, refuse_loose, write_atomically

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """umask 0: whatever is private here is private by its own doing, not by the user's umask."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.usefixtures("open_umask")
def test_private_writes_are_0600_in_new_0700_folders_and_replace_a_0644_file(tmp_path: Path) -> None:
    target = tmp_path / "letters" / "inner" / "codes.csv"
    write_atomically(target, b"access_code\n", private=True)
    assert mode(target) == 0o600
    assert mode(tmp_path / "letters") == mode(tmp_path / "letters" / "inner") == 0o700
    loose = tmp_path / "old.csv"
    loose.write_bytes(b"old")
    loose.chmod(0o644)
    write_atomically(loose, b"new", private=True)
    assert mode(loose) == 0o600 and loose.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["letters", "old.csv"], "no temporary file is left"


@pytest.mark.usefixtures("open_umask")
def test_public_writes_keep_the_usual_rights(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.csv"
    write_atomically(target, b"x", private=False)
    assert mode(target) == 0o666 and mode(tmp_path / "out") == 0o777  # umask 0: the usual rights, unchanged


def test_existing_folders_and_files_keep_their_modes(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    private_folder(shared / "data")
    assert mode(shared) == 0o755 and mode(shared / "data") == 0o700
    store = shared / "data" / "responses.sqlite"
    create_private_file(store)
    assert mode(store) == 0o600 and store.read_bytes() == b""
    store.write_bytes(b"kept")
    create_private_file(store)
    assert store.read_bytes() == b"kept", "an existing store is never truncated"


def test_a_file_where_a_folder_should_be_is_an_os_error(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(OSError):
        create_private_file(tmp_path / "data" / "responses.sqlite")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file_mode=st.integers(0o400, 0o777), folder_mode=st.integers(0o700, 0o777))
def test_a_secret_is_refused_exactly_when_others_can_read_or_replace_it(
    tmp_path_factory: pytest.TempPathFactory, file_mode: int, folder_mode: int
) -> None:
    folder = tmp_path_factory.mktemp("keys") / "private"
    folder.mkdir()
    secret = folder / "KEY.json"
    secret.write_text("{}")
    secret.chmod(file_mode)
    folder.chmod(folder_mode)
    loose = bool(file_mode & 0o077) or bool(folder_mode & 0o022)
    if not loose:
        refuse_loose(secret, "the private key file")
        return
    with pytest.raises(EqSurveyError) as info:
        refuse_loose(secret, "the private key file")
    problem = info.value.problems[0]
    assert problem.code == "loose-permissions" and str(secret) in problem.problem
    assert problem.fix.endswith(f"chmod 600 {secret} && chmod 700 {folder}")


def test_the_fix_it_names_is_a_command_that_works(tmp_path: Path) -> None:
    folder = tmp_path / "keys dir" / "private"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    secret = folder / "KEY.json"
    secret.write_text("{}")
    secret.chmod(0o644)
    with pytest.raises(EqSurveyError) as info:
        refuse_loose(secret, "the private key file")
    command = info.value.problems[0].fix.split(": ", 1)[1]
    subprocess.run(["/bin/sh", "-c", command], check=True)  # the path has a space: the fix quotes it
    refuse_loose(secret, "the private key file")
    assert (mode(secret), mode(folder)) == (0o600, 0o700)
