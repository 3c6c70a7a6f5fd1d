"""Run a command under an address-space cap and report its own peak memory: ``python capped_child.py FD CAP ARGV…``.

Why a middle process: Linux keeps a process's peak-memory mark across ``exec``, and a child forked from the
test process starts with the test process's memory. A test process that has loaded large things (the
language models of the report tests) would make every command it starts look as large as itself. Forked
from this small process instead, the command's ``ru_maxrss`` is its own. The outcome goes to file
descriptor FD as JSON: the command's exit code (negative: killed by that signal) and its peak in KiB.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys


def main() -> None:
    fd, cap, argv = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    process = subprocess.Popen(argv, preexec_fn=limit)  # noqa: PLW1509 - the cap must be set in the child before it runs
    _, status, usage = os.wait4(process.pid, 0)
    with os.fdopen(fd, "w", encoding="utf-8") as report:
        json.dump({"returncode": os.waitstatus_to_exitcode(status), "maxrss_kib": usage.ru_maxrss}, report)


if __name__ == "__main__":
    main()
