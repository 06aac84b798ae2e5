"""The one safe writer: every file argmap writes goes through here.

- Atomic: the data goes to a temporary file beside the target, then a rename
  puts it in place, so a reader sees the old file or the new one, never half.
- Never onto an input: inside `run()` (each CLI command is one), a file the
  run read (`protect`, which `pipeline.read_bytes` calls) is not replaced.
- As `cp` does: a symlink is written through to its target; a device or a fifo
  (/dev/null, /dev/stdout) is written in place; an existing file keeps its mode
  (and owner, where allowed); a new one gets the umask's.
- Tidy: temporary files (`argmap.temporaries`) are removed on any error, on
  SIGINT/SIGTERM/SIGHUP and at exit, and those of dead processes by the next
  write into the same folder.
- Only what changes: a regular file that already holds the exact text or
  bytes given is left alone (as rsync does), so rebuilding a corpus does not
  replace every unchanged map.
- Together or one by one: `Outputs(together=True)` changes a group of files
  (a brat .txt/.ann pair) all or none; a batch of independent files syncs the
  disk once at commit instead of once per file.
- '-' is standard output; a full disk or a closed pipe there is one line.
- Streamed: data may be an iterable of str or bytes pieces (`mapfile.chunks`),
  so a big output never has to be held whole in memory.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from argmap import temporaries
from argmap.errors import ArgmapError, Diagnostic

_runs: list[dict[tuple[int, int], str]] = []  # per open run(): (st_dev, st_ino) -> path of each input


@contextmanager
def run():
    """The scope of one command: the files read inside it are its inputs, which its outputs may not replace.

    Runs nest (a corpus build runs one per document, to learn what each read);
    an inner run's inputs are the outer run's too. Outside any run nothing is protected.
    """
    _runs.append({})
    try:
        yield
    finally:
        _runs.pop()


def protect(*paths: str) -> None:
    """Mark files as inputs of the current run: no write may replace them (compared as os.path.samefile does)."""
    if not _runs:
        return
    for path in paths:
        if path == "-":
            continue
        try:
            protect_file(path, os.stat(path))
        except (OSError, ValueError):
            continue


def protect_file(path: str, info: os.stat_result) -> None:
    """`protect` for a file already looked at (`info`: its os.stat or os.fstat)."""
    if stat.S_ISREG(info.st_mode):
        for inputs in _runs:
            inputs.setdefault((info.st_dev, info.st_ino), path)


def is_input(path: str) -> bool:
    """Whether `path` names a file this run read (so no output may replace it)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False
    return _is_protected(info)


def inputs() -> list[str]:
    """The inputs of the innermost run, as `protect` was given them."""
    return list(_runs[-1].values()) if _runs else []


def _is_protected(info: os.stat_result) -> bool:
    return any((info.st_dev, info.st_ino) in inputs for inputs in _runs)


Data = str | bytes | Iterable[str | bytes]
"""What can be written: text (as UTF-8), bytes, or an iterable of either, written piece by piece."""


def write(path: str, data: Data) -> None:
    """Write one file ('-' for stdout) atomically; ArgmapError (one line) if it cannot be done."""
    with Outputs() as outputs:
        outputs.add(path, data)


def write_together(files: dict[str, Data]) -> None:
    """Write several files so that either all of them change or none does."""
    with Outputs(together=True) as outputs:
        for path, data in files.items():
            outputs.add(path, data)


@dataclass
class _Staged:
    path: str  # as the user named it, for messages
    target: str  # where the bytes go: the path with symlinks resolved, or '-'
    data: Data | None  # for stdout and devices, written at commit
    temporary: str | None = None  # for regular files, written now


class Outputs:
    """Files written as one step: `add` stages each, `commit` puts them all in place.

    Used as a context manager it commits on success and removes every staged
    temporary file if anything fails. With `together=True`, a failure while
    putting files in place restores the ones already replaced.
    """

    def __init__(self, together: bool = False):
        self.together = together
        self.staged: list[_Staged] = []
        self.targets: set[str] = set()  # every regular file named so far, staged or already holding its data
        self._folders: dict[str, str] = {}  # a folder as named -> with its symlinks resolved

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()

    def add(self, path: str, data: Data) -> None:
        """Check `path` may be written and stage `data` for it (in a temporary file beside it)."""
        if path == "-":
            self.staged.append(_Staged(path, "-", data))
            return
        try:
            target, info, linked = self._look_up(path)
        except OSError as err:
            raise _error(path, err) from None
        if info is None and linked:
            raise ArgmapError(Diagnostic("is a symlink to a file that does not exist; not writing through it", path))
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise ArgmapError(Diagnostic("is a directory; name a file to write", path))
        if info is not None and not stat.S_ISREG(info.st_mode):
            self.staged.append(_Staged(path, target, data))  # a device or a fifo: written in place at commit
            return
        if info is not None and _is_protected(info):
            raise ArgmapError(_refusal(path))
        if target in self.targets:
            raise ArgmapError(Diagnostic("named twice among the outputs of this run", path))
        self.targets.add(target)
        if info is not None and _holds(target, info, data):
            return  # as rsync, not cp: a file that holds these bytes already is left as it is (a rename onto it costs 1-3 ms)
        temporary = _stage(path, target, data, info)
        self.staged.append(_Staged(path, target, None, temporary))

    def _look_up(self, path: str) -> tuple[str, os.stat_result | None, bool]:
        """(`path` with its symlinks resolved, that file's os.stat or None if there is none yet, whether `path` is a symlink).

        As os.path.realpath, but each folder is resolved once per batch: a
        corpus writes hundreds of maps into one folder.
        """
        folder, name = os.path.split(path)
        if name in ("", os.curdir, os.pardir):
            target = os.path.realpath(path)
            return target, _stat_or_none(target), os.path.islink(path)
        if folder not in self._folders:
            self._folders[folder] = os.path.realpath(folder or os.curdir)
        target = os.path.join(self._folders[folder], name)
        try:
            info = os.lstat(target)
        except FileNotFoundError:
            return target, None, False
        if stat.S_ISLNK(info.st_mode):
            target = os.path.realpath(target)
            return target, _stat_or_none(target), True
        return target, info, False

    def commit(self) -> None:
        """Put every staged file in place; raise ArgmapError naming the ones that failed."""
        staged, self.staged, self.targets = self.staged, [], set()
        # A corpus build stages maps while it still reads documents: a target that became an input since stays as it is.
        late = [s for s in staged if s.temporary and _replaces_input(s.target)]
        refused = [_refusal(s.path) for s in late]
        if late:
            _discard(staged if self.together else late)
            if self.together:
                raise ArgmapError(refused)
            staged = [s for s in staged if s not in late]
        files = [s for s in staged if s.temporary]
        try:
            _sync(files)
        except OSError as err:
            _discard(staged)
            raise ArgmapError([_error(s.path, err).diagnostics[0] for s in files]) from None
        with temporaries.signals_held():
            failures = (_replace_together if self.together else _replace_each)(files)
        if self.together and failures:
            _discard(staged)
            raise ArgmapError(failures)
        _sync_directories(files)
        for item in staged:
            if item.temporary is None:
                try:
                    _write_in_place(item)
                except ArgmapError as err:
                    failures += err.diagnostics
        if refused or failures:
            raise ArgmapError(refused + failures)

    def discard(self) -> None:
        """Remove every staged temporary file; the targets stay as they were."""
        staged, self.staged, self.targets = self.staged, [], set()
        _discard(staged)


def _holds(target: str, info: os.stat_result, data: Data) -> bool:
    """Whether the regular file `target` holds exactly `data` already (text or bytes; a stream is not compared)."""
    if not stat.S_ISREG(info.st_mode) or not isinstance(data, (str, bytes)):
        return False
    if isinstance(data, str):
        if not len(data) <= info.st_size <= 4 * len(data):  # UTF-8 takes 1 to 4 bytes a character
            return False
        data = data.encode("utf-8")
    if info.st_size != len(data):
        return False
    try:
        with open(target, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def _stage(path: str, target: str, data: Data, info: os.stat_result | None) -> str:
    """Write `data` into a new temporary file beside `target`, with the mode the target will have.

    A new file is created with the umask's mode, as `cp` creates one; one
    that replaces a file is created private and given that file's mode.
    """
    temporary = temporaries.new_name(os.path.dirname(target))
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666 if info is None else 0o600)
    except OSError as err:
        temporaries.forget(temporary)
        raise _error(path, err, "cannot create a file in its folder") from None
    try:
        try:
            _write_all(fd, data)
            if info is not None:
                os.fchmod(fd, stat.S_IMODE(info.st_mode))
                if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                    try:
                        os.fchown(fd, info.st_uid, info.st_gid)
                    except OSError:
                        pass  # only root may give a file away; the new file is ours
        finally:
            os.close(fd)
    except BaseException as err:
        temporaries.remove(temporary)
        if isinstance(err, OSError):
            raise _error(path, err) from None
        raise
    return temporary


def _write_all(fd: int, data: Data) -> None:
    """Write `data` to a descriptor: text or bytes straight through, an iterable of pieces buffered."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        return
    with open(fd, "wb", buffering=1 << 20, closefd=False) as handle:
        for piece in _pieces(data):
            handle.write(piece)


def _sync(files: list[_Staged]) -> None:
    """Make the staged data durable before any rename: one fsync for one file, one sync for a batch."""
    if len(files) == 1:
        fd = os.open(files[0].temporary, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    elif files:
        os.sync()


def _sync_directories(files: list[_Staged]) -> None:
    """Make the renames durable: fsync each folder written into, once."""
    for directory in sorted({os.path.dirname(s.target) for s in files}):
        try:
            fd = os.open(directory, os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass  # some file systems cannot sync a folder; the rename itself is done
        finally:
            os.close(fd)


def _replace_each(files: list[_Staged]) -> list[Diagnostic]:
    failures = []
    for item in files:
        try:
            os.replace(item.temporary, item.target)
            temporaries.forget(item.temporary)
        except OSError as err:
            temporaries.remove(item.temporary)
            failures += _error(item.path, err).diagnostics
    return failures


def _replace_together(files: list[_Staged]) -> list[Diagnostic]:
    """Rename every file in place, or, if one rename fails, put back the ones already done."""
    done: list[tuple[_Staged, str | None]] = []  # (file, backup of the file it replaced)
    try:
        for item in files:
            backup = _backup(item.target)
            try:
                os.replace(item.temporary, item.target)
            except BaseException:
                if backup:
                    temporaries.remove(backup)
                raise
            temporaries.forget(item.temporary)
            done.append((item, backup))
    except OSError as err:
        for item, backup in reversed(done):
            try:
                if backup:
                    os.replace(backup, item.target)
                    temporaries.forget(backup)
                else:
                    os.unlink(item.target)
            except OSError:
                pass  # cannot undo: nothing more we can do than report the failure
        failing = files[len(done)]
        return _error(failing.path, err).diagnostics + [
            Diagnostic("left unchanged, as the files written with it could not all be replaced", item.path)
            for item in files if item is not failing
        ]
    for _, backup in done:
        if backup:
            temporaries.remove(backup)
    return []


def _backup(target: str) -> str | None:
    """A second name for the file at `target` (a hard link, else a copy), to restore it; None if there is none."""
    if not os.path.exists(target):
        return None
    backup = temporaries.new_name(os.path.dirname(target))
    try:
        os.link(target, backup)
    except OSError:
        import shutil  # only for a file system without hard links: not worth its import at every start

        shutil.copy2(target, backup)
    return backup


def _write_in_place(item: _Staged) -> None:
    """Standard output, a device or a fifo: written as they are, like `cp` or a shell redirection."""
    if item.target == "-":
        try:
            sys.stdout.flush()
            for piece in _pieces(item.data):
                sys.stdout.buffer.write(piece)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            silence_stdout()
            raise
        except OSError as err:
            raise stdout_failed(err) from None
        return
    try:
        with open(item.target, "wb") as handle:
            for piece in _pieces(item.data):
                handle.write(piece)
    except OSError as err:
        raise _error(item.path, err) from None


def _pieces(data: Data) -> Iterable[bytes]:
    if isinstance(data, (str, bytes, bytearray, memoryview)):
        data = (data,)
    for piece in data:
        yield piece.encode("utf-8") if isinstance(piece, str) else piece


def stdout_failed(err: OSError) -> ArgmapError:
    """The one-line error for output that standard output refused (a full disk, an I/O error)."""
    silence_stdout()
    return ArgmapError(f"cannot write to standard output: {err.strerror or err}")


def silence_stdout() -> None:
    """Point standard output at /dev/null, so Python's last flush at exit finds nothing to complain about."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def _refusal(path: str) -> Diagnostic:
    return Diagnostic("refusing to overwrite an input of this run; choose another output name", path)


def _replaces_input(target: str) -> bool:
    try:
        return _is_protected(os.stat(target))
    except OSError:
        return False  # nothing there yet


def _discard(staged: list[_Staged]) -> None:
    for item in staged:
        if item.temporary:
            temporaries.remove(item.temporary)



def _error(path: str, err: OSError, what: str = "cannot write") -> ArgmapError:
    reason = err.strerror or str(err)
    if err.errno == errno.ENOENT and what == "cannot create a file in its folder":
        return ArgmapError(Diagnostic("cannot write: its folder does not exist", path))
    return ArgmapError(Diagnostic(f"{what}: {reason}", path))


def _stat_or_none(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
