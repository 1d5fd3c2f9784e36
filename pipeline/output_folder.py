"""The output folder: one writer at a time, and a run's tables put in place as one set.

A run writes its tables into a folder of its own, `OUT/.runs/<run>/`. Each
table's name in `OUT` is a symbolic link through one more link,
`OUT/<table>.csv -> .current/<table>.csv` and `OUT/.current -> .runs/<run>`,
so replacing `.current` (one `rename`, atomic) switches every table at once:
killed at any instant, a reader — pandas, a spreadsheet, `report` — opens
either all the old tables or all the new ones, never a mix. A manifest would
have guarded only the readers that check it. On a file system that cannot
hold symbolic links (FAT, some network shares) the tables are replaced one
by one, as before, and `Published.one_by_one` says so.

Two runs into one folder would delete each other's work: `OUT/.lock` (an
advisory `flock`, released by the kernel whatever way the process ends) lets
the second refuse at once with the first one's process id.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CURRENT = ".current"
RUNS = ".runs"
LOCK = ".lock"
# what runs before run folders left behind: chunk folders, half-written files
DEBRIS = (".chunks-*", ".*.tmp")


class OutputBusy(RuntimeError):
    """Another run is writing into the same output folder."""


@dataclass(frozen=True)
class Published:
    names: tuple[str, ...]
    one_by_one: bool  # the file system took no links: replaced file by file


class OutputFolder:
    """The lock on `out` and the run folders in it, for one run."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.lock_handle = (out / LOCK).open("a+", encoding="utf-8")
        try:
            fcntl.flock(self.lock_handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.lock_handle.seek(0)
            holder = self.lock_handle.read().strip() or "another process"
            self.lock_handle.close()
            raise OutputBusy(
                f"{out}: another extract ({holder}) is writing its tables here; "
                "wait for it to finish, or choose another --out"
            ) from None
        self.lock_handle.truncate(0)
        self.lock_handle.write(f"pid {os.getpid()}")
        self.lock_handle.flush()
        self.sweep()
        self.run = new_run(out)

    def current(self) -> Path | None:
        """The run folder the tables now link to, if they link to one."""
        link = self.out / CURRENT
        return (self.out / os.readlink(link)).resolve() if link.is_symlink() else None

    def sweep(self) -> None:
        """Remove what killed runs left: runs never switched to, chunks, temporaries.
        Only the lock holder calls this, so nothing here is another run's."""
        current = self.current()
        runs = self.out / RUNS
        leftovers = [*runs.iterdir()] if runs.is_dir() else []
        leftovers += [path for pattern in DEBRIS for path in self.out.glob(pattern)]
        for path in leftovers:
            if path.resolve() == current:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)

    def publish(self, names: Iterable[str]) -> Published:
        """Put this run's files `names` (written into `self.run`) in place, all at once."""
        names = tuple(sorted(names))
        try:
            self.adopt_plain_files(names)
            for name in names:
                self.link(self.out / name, f"{CURRENT}/{name}")
            self.link(self.out / CURRENT, f"{RUNS}/{self.run.name}")
        except (OSError, NotImplementedError) as error:
            if not links_refused(error):
                raise
            for name in names:
                os.replace(self.run / name, self.out / name)
            return Published(names, one_by_one=True)
        self.forget_others(names)
        return Published(names, one_by_one=False)

    def adopt_plain_files(self, names: tuple[str, ...]) -> None:
        """Tables of a run from before run folders are plain files: they become a run
        of their own first, so that the switch goes from all old to all new too."""
        ours = set(names) | managed(names)
        plain = [
            path
            for path in self.out.iterdir()
            if path.name in ours and path.is_file() and not path.is_symlink()
        ]
        if not plain:
            return
        adopted = new_run(self.out)
        current = self.current()
        sources = {path.name: path for path in (current.iterdir() if current else ())}
        for name, path in (sources | {path.name: path for path in plain}).items():
            hard_link_or_copy(path, adopted / name)
        self.link(self.out / CURRENT, f"{RUNS}/{adopted.name}")
        for path in plain:
            self.link(path, f"{CURRENT}/{path.name}")

    def forget_others(self, names: tuple[str, ...]) -> None:
        """After the switch: links to tables this run did not write (a Parquet run
        after a CSV one) and the runs before it go."""
        for path in self.out.iterdir():
            ours = path.is_symlink() and os.readlink(path) == f"{CURRENT}/{path.name}"
            if ours and path.name not in names:
                path.unlink(missing_ok=True)
        for run in (self.out / RUNS).iterdir():
            if run != self.run:
                shutil.rmtree(run, ignore_errors=True)

    @staticmethod
    def link(path: Path, target: str) -> None:
        """`path` made a link to `target` in one rename (kept if it already is)."""
        if path.is_symlink() and os.readlink(path) == target:
            return
        temporary = path.with_name(f".{path.name}.link.tmp")
        temporary.unlink(missing_ok=True)
        os.symlink(target, temporary)
        os.replace(temporary, path)

    def close(self) -> None:
        """Drop this run's folder if it was not published (and `.runs` if that
        leaves it empty: a failed first run leaves no debris), and the lock."""
        if self.current() != self.run.resolve():
            shutil.rmtree(self.run, ignore_errors=True)
            with contextlib.suppress(OSError):
                (self.out / RUNS).rmdir()
        self.lock_handle.close()


def new_run(out: Path) -> Path:
    """A fresh run folder, made as any folder is (the umask applies: the tables
    are as readable as the user's other files)."""
    (out / RUNS).mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    run = out / RUNS / f"run-{stamp}-{os.getpid()}-{secrets.token_hex(3)}"
    run.mkdir()
    return run


def managed(names: Iterable[str]) -> set[str]:
    """The names a run may own: its files in either table format."""
    stems = {Path(name).stem for name in names}
    return {f"{stem}{suffix}" for stem in stems for suffix in (".csv", ".parquet")}


def links_refused(error: BaseException) -> bool:
    """Whether the file system (not a full disk or a permission) refused a link."""
    return isinstance(error, NotImplementedError) or getattr(error, "errno", None) in {
        errno.EPERM,  # FAT, exFAT
        errno.EOPNOTSUPP,
        errno.ENOSYS,
    }


def hard_link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
