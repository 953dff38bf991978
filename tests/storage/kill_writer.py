"""Fork server for test_faults.py's kill loop (run as a script, not collected by pytest).

Imports the storage layer once, then for every "go ITERATION RETURN_ID" line on
stdin forks a writer that opens the data directory and stores values one by one,
writing "ack ITERATION I" to stdout after each set_value() has returned. The test
SIGKILLs the writer at a random moment and sends "reap PID"; the server answers
"reaped" once the writer is dead, so every ack it wrote comes before that line.
Forking keeps the loop fast: a fresh interpreter per iteration would cost more
than all the writing.
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal

from siwu_desktop.storage import open_storage


def operation(iteration: int, i: int) -> tuple[str, str]:
    """The i-th edit of an iteration: overwrites earlier fields as well as adding new ones."""
    return f"f{(iteration * 31 + i) % 40}", f"{iteration}.{i:04d}"


def writer(data_dir: str, iteration: int, return_id: int) -> None:
    os.write(1, f"pid {os.getpid()}\n".encode())
    ack_early = os.environ.get("SIWU_TEST_ACK_EARLY") == "1"  # a deliberately broken writer
    with open_storage(data_dir) as storage:
        for i in range(1_000_000):
            field, text = operation(iteration, i)
            if ack_early:
                os.write(1, f"ack {iteration} {i}\n".encode())
            storage.returns.set_value(return_id, field, text, Decimal(text))
            if not ack_early:
                os.write(1, f"ack {iteration} {i}\n".encode())


def main() -> None:
    data_dir = sys.argv[1]
    for line in sys.stdin:
        command = line.split()
        if command[0] == "go":
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    writer(data_dir, int(command[1]), int(command[2]))
                except BaseException as exc:
                    os.write(1, f"error {type(exc).__name__}: {exc}\n".encode())
                    code = 1
                os._exit(code)
        elif command[0] == "reap":
            _, status = os.waitpid(int(command[1]), 0)
            sys.stdout.write(f"reaped {status}\n")
            sys.stdout.flush()
        elif command[0] == "quit":
            return


if __name__ == "__main__":
    main()
