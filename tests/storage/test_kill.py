"""A writer killed with SIGKILL at random moments loses nothing it acknowledged.

Each iteration forks a writer (see kill_writer.py) that stores values one by one
and acknowledges each after set_value() returned. The test kills it after k
acknowledgements (k from a seeded Random, so possibly mid-open or mid-commit),
reopens the data directory and checks: integrity_check passes, every acknowledged
edit is there, nothing beyond the one in flight is, and each stored edit has
exactly one audit row (value and audit row are committed together).

Checked to fail without its mechanism: with SIWU_TEST_ACK_EARLY=1 the writer
acknowledges before the commit returns, and the loop fails within a few
iterations (an acknowledged value is missing); with set_values() committing
the value before writing its audit row (two transactions), the loop fails at
iteration 4 (value present, audit row lost). SIGKILL does not test power loss:
synchronous=FULL (fsync of the WAL on commit) is what covers that, untested here.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from siwu_desktop.storage import Profile, ReturnKey, open_storage
from siwu_desktop.storage.database import integrity_problems

HERE = Path(__file__).parent
ITERATIONS = 200
sys.path.insert(0, str(HERE))
from kill_writer import operation  # noqa: E402


class ForkServer:
    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "kill_writer.py"), str(data_dir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.stdin, self.stdout = self.proc.stdin, self.proc.stdout

    def send(self, line: str) -> None:
        self.stdin.write(line.encode() + b"\n")
        self.stdin.flush()

    def line(self) -> list[str]:
        raw = self.stdout.readline()
        assert raw, "fork server ended unexpectedly"
        words = raw.decode().split()
        assert words[0] != "error", raw.decode()
        return words

    def close(self) -> None:
        try:
            self.send("quit")
        finally:
            self.stdin.close()
            self.proc.wait()
            self.stdout.close()


def run_kill_loop(data_dir: Path, iterations: int, env: dict[str, str]) -> None:
    rng = random.Random(20250401)
    with open_storage(data_dir) as s:
        s.profile.save(Profile(mode="county", city="长治市", county="潞州区"))
        return_id = s.returns.get_or_create(ReturnKey("潞州区", "table1", 2025)).id
    expected: dict[str, str] = {}
    stored_edits = 0
    server = ForkServer(data_dir, env)
    try:
        for iteration in range(iterations):
            k = 0 if rng.random() < 0.1 else rng.randint(1, 30)
            server.send(f"go {iteration} {return_id}")
            words = server.line()
            assert words[0] == "pid", words
            pid = int(words[1])
            acked = -1
            while acked + 1 < k:
                words = server.line()
                assert words[:2] == ["ack", str(iteration)], words
                acked = int(words[2])
            os.kill(pid, signal.SIGKILL)
            server.send(f"reap {pid}")
            while (words := server.line())[0] != "reaped":  # acks written before it died
                assert words[:2] == ["ack", str(iteration)], words
                acked = int(words[2])

            for i in range(acked + 1):
                field, text = operation(iteration, i)
                expected[field] = text
            stored_edits += acked + 1
            in_flight = operation(iteration, acked + 1)

            with open_storage(data_dir) as s:
                assert integrity_problems(s.session.db) == []
                found = {f: v.text for f, v in s.returns.values(return_id).items()}
                if found != expected:
                    field, text = in_flight
                    assert found == {**expected, field: text}, f"iteration {iteration}"
                    expected[field] = text
                    stored_edits += 1
                for field, value in s.returns.values(return_id).items():
                    assert value.value == Decimal(value.text), field
                audit_rows = [a for a in s.returns.audit_trail(return_id) if a.kind == "value"]
                assert len(audit_rows) == stored_edits, f"iteration {iteration}"
    finally:
        server.close()


@pytest.mark.slow
def test_sigkill_loses_no_acknowledged_value(data_dir: Path) -> None:
    run_kill_loop(data_dir, ITERATIONS, dict(os.environ))


def test_kill_loop_catches_an_acknowledgement_before_commit(data_dir: Path) -> None:
    """The loop is not vacuous: a writer that acknowledges too early is caught."""
    env = {**os.environ, "SIWU_TEST_ACK_EARLY": "1"}
    with pytest.raises(AssertionError, match="iteration"):
        run_kill_loop(data_dir, ITERATIONS, env)
