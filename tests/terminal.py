"""Run a command in a real pseudo-terminal and read all it wrote there."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import termios
from collections.abc import Mapping, Sequence
from pathlib import Path


def run_in_terminal(argv: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None,
                    columns: int | None = None, timeout: float = 120) -> tuple[int, bytes]:
    """The command's exit code and everything it wrote to its terminal (stdin, stdout and
    stderr are all the terminal; `columns` sets the terminal's width)."""
    primary, secondary = pty.openpty()
    if columns is not None:
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    try:
        done = subprocess.run(list(argv), stdin=secondary, stdout=secondary, stderr=secondary,
                              timeout=timeout, cwd=cwd, env=None if env is None else dict(env))
        os.close(secondary)
        said = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal is closed once the command has ended
                break
            if not chunk:
                break
            said += chunk
    finally:
        os.close(primary)
    return done.returncode, said
