"""The temporary files the writer stages outputs in: named, tracked, and never left behind.

Each is `.argmap-PID-TOKEN.tmp` beside its target. Those of this process are
removed on SIGTERM or SIGHUP (then the process dies of the signal as it would
have) and at exit; SIGINT reaches the writer as KeyboardInterrupt, which
removes them too. Those of a process that no longer runs (SIGKILL, a power
cut) are removed by the next write into the same folder: the PID says whose.
"""

from __future__ import annotations

import atexit
import os
import re
import signal
import stat
import threading
import time

TEMPORARY = re.compile(r"\.argmap-(\d+)-[0-9a-f]+\.tmp")
UNOWNED = re.compile(r"\.argmap-[a-z0-9_]{8}")
"""What earlier argmap versions named their temporary files (tempfile.mkstemp): no PID says whose,
so only those over UNOWNED_AGE seconds old, with mkstemp's mode 0600, go."""
UNOWNED_AGE = 3600
_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
_live: set[str] = set()
_cleared: set[str] = set()
_handlers_installed = False


def new_name(directory: str) -> str:
    """A fresh temporary file name in `directory`, tracked until `forget` or `remove`."""
    _clear_stale(directory)
    _install_signal_handlers()
    name = os.path.join(directory, f".argmap-{os.getpid()}-{os.urandom(6).hex()}.tmp")  # not secrets.token_hex: the same bytes, without its imports
    _live.add(name)
    return name


def forget(name: str) -> None:
    """Stop tracking `name`: it has been renamed into place."""
    _live.discard(name)


def remove(temporary: str) -> None:
    """Delete a temporary file (if it is still there) and stop tracking it."""
    forget(temporary)
    try:
        os.unlink(temporary)
    except OSError:
        pass


def _clear_stale(directory: str) -> None:
    """Remove the temporary files that writers which died (SIGKILL, power cut) left in `directory`, once per run."""
    if directory in _cleared:
        return
    _cleared.add(directory)
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        path = os.path.join(directory, name)
        try:
            if _abandoned(name, path):
                os.unlink(path)
        except OSError:
            pass


def _abandoned(name: str, path: str) -> bool:
    """Whether `name` is a temporary file of a process that no longer runs (or, unowned, an old one)."""
    if match := TEMPORARY.fullmatch(name):
        return not _alive(int(match.group(1)))
    if not UNOWNED.fullmatch(name):
        return False
    info = os.lstat(path)  # mkstemp made them 0600, and they were chmod-ed only once complete
    return stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600 and time.time() - info.st_mtime > UNOWNED_AGE


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _remove_live() -> None:
    for temporary in list(_live):
        remove(temporary)


def _install_signal_handlers() -> None:
    """On SIGTERM and SIGHUP, remove our temporary files, then die of the signal as we would have."""
    global _handlers_installed
    if _handlers_installed or threading.current_thread() is not threading.main_thread():
        return
    _handlers_installed = True
    atexit.register(_remove_live)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _die_tidily)


def _die_tidily(signum, frame) -> None:
    _remove_live()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


class signals_held:
    """Hold SIGINT/SIGTERM/SIGHUP while files are renamed into place, so a group is never left half-renamed."""

    def __enter__(self):
        self.main = threading.current_thread() is threading.main_thread()
        if self.main:
            self.previous = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)

    def __exit__(self, *exc):
        if self.main:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.previous)
