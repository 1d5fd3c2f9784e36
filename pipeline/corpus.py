"""Reading articles from folders, .txt, .jsonl and .csv files.

Every input item becomes an `Article`, including the ones that cannot be
read: those carry an `error` so that the batch goes on and the tables still
list them. Offsets elsewhere in the pipeline refer to `Article.text` exactly
as decoded (no newline translation), so gold offsets stay valid.
"""

from __future__ import annotations

import codecs
import csv
import errno
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

import charset_normalizer

SUFFIXES = (".txt", ".jsonl", ".csv")

# " date 2025-09-29 " at the very start of a .txt file: metadata, not body.
DATE_PREFIX = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
# A dated byline or caption, used only as a fallback: "Новости Zakon.kz от
# 24.10.2025", "Опубликовано: 24.10.2025", or a date with a time of day
# ("05/08/2008 10:35"). A bare "от 12.03.2019" in the body is as often the
# date of a law as the article's, so it is not taken.
DAY_MONTH_YEAR = r"(\d{1,2})[./](\d{1,2})[./](\d{4})\b"
DATE_BYLINES = (
    re.compile(r"\bНовости\b[^\n]{0,40}?\bот\s+" + DAY_MONTH_YEAR),
    re.compile(r"\b(?:Опубликовано|Дата публикации):?\s+" + DAY_MONTH_YEAR, re.IGNORECASE),
    re.compile(r"(?<![\d./])" + DAY_MONTH_YEAR + r",?\s+(?:в\s+)?\d{1,2}:\d{2}\b"),
)


@dataclass(frozen=True)
class Article:
    doc_id: str
    source: str
    text: str = ""
    body_start: int = 0
    date: str = ""
    date_source: str = ""
    title: str = ""
    error: str = ""
    encoding: str = ""
    warning: str = ""  # processed, but something was dropped: an invalid date
    skipped: bool = False  # not an article by its type (`error` says why): not a failure

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


class InputError(ValueError):
    """A usage error: the input cannot be read at all (missing path, bad type)."""


def joined(*warnings: str) -> str:
    return "; ".join(filter(None, warnings))


def valid_iso_date(value: str) -> str:
    """The YYYY-MM-DD date of `value`, a date or an ISO date-time as news dumps
    often have ("2025-10-24T10:22:00+06:00"); ValueError if it is neither."""
    value = value.strip()
    if len(value) > 10 and value[10] in "T ":
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    return date.fromisoformat(value).isoformat()


def byline_date(text: str) -> str:
    """The first real date a byline pattern finds in the text, or ""."""
    matches = sorted(
        (match for pattern in DATE_BYLINES for match in pattern.finditer(text)),
        key=lambda match: match.start(),
    )
    for match in matches:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            continue
    return ""


def make_article(
    doc_id: str, source: str, text: str, pub_date: str = "", title: str = ""
) -> Article:
    """Split off the date prefix and find the publication date and where it came from."""
    body_start, date_source, warning = 0, "", ""
    prefix = DATE_PREFIX.match(text)
    if prefix:
        try:
            pub_date = pub_date or valid_iso_date(prefix.group(1))
            date_source = date_source or "prefix"
        except ValueError:
            warning = f"date prefix {prefix.group(1)!r} is no real day: date left empty"
        body_start = prefix.end()
    if pub_date and not date_source:
        date_source = "field"
    if not pub_date:
        pub_date = byline_date(text)
        date_source = "byline" if pub_date else ""
    return Article(doc_id, source, text, body_start, pub_date, date_source, title, warning=warning)


# Checked in this order: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings Russian text comes in; detection picks among these only.
LEGACY = ["cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5"]
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
LINE_END = re.compile(r"(?<=\n)")
RECORD_ID = re.compile(r"[\w.:/-]*\d[\w.:/-]*")
CHUNK_BYTES = 1 << 20  # how much of a records file is checked at a time
SURROGATE = re.compile(r"[\ud800-\udfff]")
CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
NAME_ENCODINGS = ("cp1251", "cp866")


def utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" if `data` reads as UTF-16 text without a byte-order
    mark (Windows tools write it): the zero bytes of Latin letters, digits, spaces and
    punctuation all on one side of the code units, and the decoded text has no
    more control characters than text has. Else None."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    codec = "utf-16-le" if odd > 20 * even else "utf-16-be" if even > 20 * odd else None
    if codec is None:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return codec if len(CONTROL.findall(text)) <= max(8, len(text) // 100) else None


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: a BOM, else UTF-8, else the best legacy fit.

    The BOM is not part of the text. Line breaks are kept as they are, so
    offsets count characters of the file as decoded.
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data.decode(codec), codec
    if b"\x00" in data and (codec := utf16_without_bom(data)):
        return data.decode(codec), codec
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        if b"\x00" in data:
            raise ValueError("binary content (NUL bytes), not text") from None
        best = charset_normalizer.from_bytes(data, cp_isolation=LEGACY).best()
        if best is None:
            raise ValueError("not text in UTF-8 or a Cyrillic encoding") from None
        text, encoding = str(best), best.encoding.replace("_", "-")
    if len(CONTROL.findall(text)) > max(8, len(text) // 100):
        raise ValueError("binary content (control characters), not text")
    return text, encoding


def kind_of(mode: int) -> str:
    """What a path that is neither a file nor a folder is, in a user's words."""
    kinds = (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def open_regular(path: Path) -> BinaryIO:
    """The file open for reading, or ValueError if it is not a regular file.

    Opened without blocking and checked on the open descriptor: a FIFO would
    block `open` until a writer came, and a path checked before opening can be
    swapped for one in between."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ValueError(f"{kind_of(mode)}, not a file: refused")
    return os.fdopen(fd, "rb")


def reason(error: Exception) -> str:
    """An OSError as its message alone (the path is in the row already)."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def path_name(path: Path) -> tuple[str, str]:
    """The path as text that can be written, and a warning if it had to be decoded.

    A file name is bytes; one from a Windows archive is often in cp1251 or (zip
    archives) cp866, which Python keeps as lone surrogates that no table can
    hold. Such a name is read in whichever of the two gives more Cyrillic letters."""
    text = str(path)
    if not SURROGATE.search(text):
        return text, ""
    raw = os.fsencode(text)
    best = max(
        NAME_ENCODINGS, key=lambda codec: len(CYRILLIC.findall(raw.decode(codec, "replace")))
    )
    shown = raw.decode(best, "replace")
    return shown, f"file name is not UTF-8: read as {best}"


def read_txt(path: Path) -> Article:
    shown, warning = path_name(path)
    doc_id, source = Path(shown).stem, shown
    try:
        with open_regular(path) as handle:
            text, encoding = decode(handle.read())
    except (OSError, ValueError) as error:
        return Article(doc_id, source, error=f"cannot read: {reason(error)}", warning=warning)
    article = make_article(doc_id, source, text)
    return replace(article, encoding=encoding, warning=joined(warning, article.warning))


def field_type(value: object) -> str:
    names = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }
    return names.get(type(value), type(value).__name__)


def record_id(value: object) -> tuple[str, str]:
    """A record's id as text, or "" and why it has none. A number is an id ("0" too)."""
    if isinstance(value, str) and value.strip():
        return value.strip(), ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value), ""
    if value is None or value == "" or isinstance(value, str):
        return "", "missing id"
    return "", f"id is {field_type(value)}, not a string or a number"


def record_article(record: object, source: str) -> Article:
    """Turn one .jsonl object or .csv row into an Article, or an Article with an error.

    JSON may hold lone surrogates ("\\ud800"), which no UTF-8 table can: in the
    text each becomes U+FFFD, one character for one so offsets hold; in an id,
    its escape, so the id stays distinct and readable. Either is a warning."""
    if not isinstance(record, dict):
        return Article("", source, error="not an object with fields id, text")
    doc_id, problem = record_id(record.get("id"))
    warnings = []
    if SURROGATE.search(doc_id):
        doc_id = SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", doc_id)
        warnings.append("id holds lone surrogates (invalid \\u escapes): written as escapes")
    if problem:
        return Article("", source, error=problem)
    text = record.get("text")
    if text is None:
        return Article(doc_id, source, error="missing text")
    if not isinstance(text, str):
        return Article(doc_id, source, error=f"text is {field_type(text)}, not a string")
    if SURROGATE.search(text):
        text = SURROGATE.sub("\ufffd", text)
        warnings.append("text holds lone surrogates (invalid \\u escapes): each replaced by U+FFFD")
    title = record.get("title")
    if title is not None and not isinstance(title, str):
        warnings.append(f"title is {field_type(title)}, not a string: left empty")
        title = ""
    title = SURROGATE.sub("\ufffd", title or "")
    given = record.get("date")
    given = "" if given is None else str(given).strip()
    try:
        pub_date = valid_iso_date(given) if given else ""
    except ValueError:
        # a bad date drops the date, never the text
        pub_date = ""
        warnings.append(f"invalid date {given!r} (want YYYY-MM-DD): date left empty")
    article = make_article(doc_id, source, text, pub_date, title)
    return replace(article, warning=joined(*warnings, article.warning))


def jsonl_records(path: Path, lines: Iterable[str]) -> Iterator[Article]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        source = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            reason = f"malformed JSON at column {error.colno}: {error.msg.removesuffix(' at')}"
            yield Article("", source, error=reason)
            continue
        except RecursionError:
            yield Article("", source, error="malformed JSON: nested too deeply to read")
            continue
        except ValueError as error:  # a number too long to convert, and the like
            yield Article("", source, error=f"malformed JSON: {error}")
            continue
        yield record_article(record, source)


def physical_lines(text: str) -> list[str]:
    """The lines of a file as written, each with its "\n": split on "\n" only, as
    csv joins those of a quoted field back exactly, and `str.splitlines` would
    also cut at U+2028, which JSON strings may hold."""
    return [line for line in LINE_END.split(text) if line]


def streamable(path: Path) -> str | None:
    """The encoding a records file can be read in line by line, after checking
    all of it as `decode` checks a whole text; None when only `decode` can read
    it (a UTF-16/32 mark, UTF-16 without one, a legacy encoding, binary content:
    `decode` tells which). ValueError if it is not a regular file.

    Holding a whole archive's text in the reading process grew it, and every
    worker forked from it, by the size of the file."""
    with open_regular(path) as handle:
        head = handle.read(4)
        if any(head.startswith(bom) for bom, codec in BOMS if codec != "utf-8-sig"):
            return None
        encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        characters = controls = 0
        try:
            for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""):
                text = decoder.decode(chunk)
                characters += len(text)
                controls += len(CONTROL.findall(text))
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            if encoding == "utf-8-sig":
                raise
            return None
    return None if controls > max(8, characters // 100) else encoding


def file_lines(path: Path) -> tuple[Iterator[str], str]:
    """The physical lines of a records file and its encoding: read as they are
    needed where the encoding allows, else decoded whole."""
    encoding = streamable(path)
    if encoding is None:
        with open_regular(path) as handle:
            text, encoding = decode(handle.read())
        return iter(physical_lines(text)), encoding

    def lines() -> Iterator[str]:
        with open_regular(path) as handle:
            # one incremental decoder: a byte-order mark is dropped at the start only
            yield from codecs.iterdecode(handle, encoding)

    return lines(), encoding


def looks_like_record(line: str, header: list[str], delimiter: str) -> bool:
    """Whether a line inside a quoted field reads as a record of its own: the
    header's number of fields, an id-like first field (no spaces, a digit in it)
    and a valid or empty `date`. Prose rarely does; a record boundary that an
    unclosed quote swallowed does."""
    try:
        fields = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return False
    if len(fields) != len(header):
        return False
    record = dict(zip(header, fields, strict=True))
    doc_id = record.get("id", "")
    if not RECORD_ID.fullmatch(doc_id):
        return False
    given = record.get("date", "").strip()
    try:
        return not given or bool(valid_iso_date(given))
    except ValueError:
        return False


# A field may be as long as an article (`--max-chars` refuses it later, with a
# reason); csv's own default of 131,072 characters cut articles into phantom records.
FIELD_LIMIT = 2**31 - 1
# Excel in a Russian locale saves CSV with ";"
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
REQUIRED = ("id", "text")


@contextmanager
def long_fields() -> Iterator[None]:
    """csv's field limit raised for one read: the limit is process-wide, so it is
    put back before control returns to the caller."""
    previous = csv.field_size_limit(FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def header_of(line: str) -> tuple[list[str], str, str]:
    """The column names, the delimiter they are separated by, and what is wrong
    with them ("" if nothing): the first delimiter that yields id and text."""
    for delimiter in DELIMITERS:
        names = [name.strip() for name in next(csv.reader([line], delimiter=delimiter), [])]
        if all(name in names for name in REQUIRED):
            return names, delimiter, ""
    names = [name.strip() for name in next(csv.reader([line]), [])]
    missing = " and ".join(repr(name) for name in REQUIRED if name not in names)
    shown = ", ".join(repr(name) for name in names[:8]) or "none"
    return (
        names,
        ",",
        (
            f"the header has no column {missing} (columns: {shown}); a .csv needs a header "
            "row naming the columns id and text, separated by commas, semicolons or tabs"
        ),
    )


class LineWindow:
    """Physical lines by number, read from a stream as far as they are asked for;
    `forget(n)` drops those before line n, so that only the record being read is
    held (a swallowed record boundary means reading again from a line already read)."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.stream = iter(lines)
        self.base = 0  # the number of the first line held
        self.held: list[str] = []

    def get(self, number: int) -> str | None:
        """Line `number` (from 0), or None past the end."""
        while number - self.base >= len(self.held):
            line = next(self.stream, None)
            if line is None:
                return None
            self.held.append(line)
        return self.held[number - self.base]

    def starting(self, number: int) -> Iterator[str]:
        while (line := self.get(number)) is not None:
            yield line
            number += 1

    def forget(self, number: int) -> None:
        del self.held[: number - self.base]
        self.base = number


def csv_records(path: Path, lines: Iterable[str]) -> Iterator[Article]:
    """Every record, or an error naming its first line: a quoted field may span
    lines, but one that runs over a line reading as a record of its own (an
    unclosed quote) is reported, and reading resumes at that line, so no record
    is merged into another or lost. A record with more fields than the header
    (an unquoted comma) is reported rather than cut. A file without id and text
    columns is one error: every row would fail alike."""
    window = LineWindow(lines)
    header: list[str] | None = None
    delimiter = ","
    start = 0
    while window.get(start) is not None:
        window.forget(start)
        if header is None and window.get(start).strip():
            header, delimiter, problem = header_of(window.get(start))
            if problem:
                yield Article("", f"{path}:{start + 1}", error=f"malformed CSV: {problem}")
                return
            start += 1
            continue
        reader = csv.reader(window.starting(start), delimiter=delimiter)
        source = f"{path}:{start + 1}"
        try:
            with long_fields():
                fields = next(reader)
        except csv.Error as error:
            yield Article("", source, error=f"malformed CSV: {error}")
            # on at the next line that reads as a record: the rest of a broken
            # field must not come out as records of its own
            start = next_record(window, start + 1, header, delimiter)
            continue
        except StopIteration:
            return
        consumed = max(reader.line_num, 1)
        if not fields:
            start += consumed
            continue
        swallowed = next(
            (
                number
                for number in range(start + 1, start + consumed)
                if looks_like_record(window.get(number), header, delimiter)
            ),
            None,
        )
        if swallowed is not None:
            reason = (
                f"malformed CSV: a quoted field runs on into line {swallowed + 1}, "
                "which reads as a record of its own (an unclosed quote?); record skipped"
            )
            yield Article(fields[0].strip(), source, error=reason)
            start = swallowed
            continue
        start += consumed
        if len(fields) > len(header):
            reason = f"malformed CSV: {len(fields)} fields, the header has {len(header)}"
            yield Article(
                fields[0].strip(), source, error=f"{reason} (an unquoted {DELIMITERS[delimiter]}?)"
            )
            continue
        missing = [None] * (len(header) - len(fields))
        yield record_article(dict(zip(header, [*fields, *missing], strict=True)), source)


def next_record(window: LineWindow, number: int, header: list[str], delimiter: str) -> int:
    """The first line from `number` on that reads as a record (or the end)."""
    while (line := window.get(number)) is not None:
        if looks_like_record(line, header, delimiter):
            return number
        number += 1
    return number


def read_records(
    path: Path, parse: Callable[[Path, Iterable[str]], Iterator[Article]]
) -> Iterator[Article]:
    """The records of a .jsonl/.csv file, read as they are needed; a file that
    cannot be read (or stops being readable) is reported as an Article."""
    shown, warning = path_name(path)
    try:
        lines, encoding = file_lines(path)
    except (OSError, ValueError) as error:
        yield Article("", shown, error=f"cannot read: {reason(error)}", warning=warning)
        return
    try:
        for article in parse(Path(shown), lines):
            yield replace(article, encoding=encoding, warning=joined(warning, article.warning))
    except (OSError, UnicodeDecodeError) as error:  # the file changed or failed mid-read
        yield Article("", shown, error=f"cannot read: {reason(error)}")
    except Exception as error:  # whatever else: the rest of the file, not the batch
        yield Article("", shown, error=f"cannot read the rest: {type(error).__name__}: {error}")


RECORD_PARSERS: dict[str, Callable[[Path, Iterable[str]], Iterator[Article]]] = {
    ".jsonl": jsonl_records,
    ".csv": csv_records,
}
UNSUPPORTED = "unsupported input (want a folder, .txt, .jsonl or .csv)"


def unreadable(path: Path, why: str, skipped: bool = False) -> Article:
    """A row for what a folder holds but cannot be read (or is not an article)."""
    shown, _ = path_name(path)
    doc_id = Path(shown).stem if path.suffix.lower() in SUFFIXES else ""
    return Article(doc_id, shown, error=why, skipped=skipped)


def link_problem(path: Path, error: OSError) -> str:
    """Why a folder entry cannot be followed: a link's own words where it is one."""
    if not path.is_symlink():
        return f"cannot read: {reason(error)}"
    if error.errno == errno.ELOOP:
        return "a symbolic link that loops: nothing to read"
    return f"a dangling symbolic link (to {os.readlink(path)}): nothing to read"


def folder_items(
    folder: Path, exclude: frozenset[Path], seen: set[tuple[int, int]]
) -> Iterator[Path | Article]:
    """What a folder holds, depth first in name order (the order of the tables):
    the files to read, and a row for everything that cannot be (an unlistable
    folder, a dangling or looping link, a FIFO, a file of another type). The
    output folder is never read back; hidden files of other types (.DS_Store,
    .gitkeep) are passed over."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        yield unreadable(
            folder, f"cannot list the folder ({reason(error)}): any articles in it are not read"
        )
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            info = path.stat()
        except OSError as error:
            yield unreadable(path, link_problem(path, error))
            continue
        suffix = path.suffix.lower()
        if stat.S_ISDIR(info.st_mode):
            if path.resolve() in exclude:
                continue
            if (info.st_dev, info.st_ino) in seen:
                yield unreadable(path, "a link to a folder already read (a loop?): not read again")
                continue
            seen.add((info.st_dev, info.st_ino))
            yield from folder_items(path, exclude, seen)
        elif suffix not in SUFFIXES:
            if not entry.name.startswith("."):
                kind = f"{suffix} files" if suffix else "files without a type"
                yield unreadable(path, f"not an article: {kind} are not read", skipped=True)
        elif not stat.S_ISREG(info.st_mode):
            yield unreadable(path, f"{kind_of(info.st_mode)}, not a file: refused")
        else:
            yield path


def input_items(paths: Iterable[Path], exclude: Iterable[Path] = ()) -> Iterator[Path | Article]:
    """Every file to read of the inputs, and a row for every entry that cannot be;
    nothing under an `exclude` folder (the output folder) is read."""
    excluded = frozenset(path.resolve() for path in exclude)
    seen: set[tuple[int, int]] = set()
    for path in paths:
        if path.is_dir():
            info = path.stat()
            seen.add((info.st_dev, info.st_ino))
            yield from folder_items(path, excluded, seen)
        else:
            yield path


def read_file(path: Path) -> Iterator[Article]:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        yield read_txt(path)
    elif suffix in RECORD_PARSERS:
        yield from read_records(path, RECORD_PARSERS[suffix])
    else:
        raise InputError(f"{path}: {UNSUPPORTED}")


def read_path(path: Path, exclude: Iterable[Path] = ()) -> Iterator[Article]:
    """The articles of a file or a folder, with rows for what cannot be read."""
    for item in input_items([path], exclude):
        if isinstance(item, Article):
            yield item
        else:
            yield from read_file(item)


def count_articles(paths: Iterable[Path], exclude: Iterable[Path] = ()) -> int:
    """How many rows the inputs give, without keeping any text (for the progress bar)."""
    total = 0
    for item in input_items(paths, exclude):
        if isinstance(item, Path) and item.suffix.lower() in RECORD_PARSERS:
            total += sum(1 for _ in read_records(item, RECORD_PARSERS[item.suffix.lower()]))
        else:
            total += 1
    return total


def check_inputs(paths: Iterable[Path], out: Path | None = None) -> list[Path]:
    """Fail early, before any model loads, on paths that cannot be inputs: missing,
    of a wrong type, a FIFO or device (which would block), or inside the output
    folder (the run would read its own tables)."""
    checked = []
    inside = out.resolve() if out is not None else None
    for path in paths:
        if path.is_symlink() and not path.exists():
            raise InputError(f"{path}: a dangling symbolic link (to {os.readlink(path)})")
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        mode = path.stat().st_mode
        if not stat.S_ISDIR(mode) and not stat.S_ISREG(mode):
            raise InputError(f"{path}: {kind_of(mode)}, not a file or folder: refused")
        if stat.S_ISREG(mode) and path.suffix.lower() not in SUFFIXES:
            raise InputError(f"{path}: {UNSUPPORTED}")
        if inside is not None and path.resolve().is_relative_to(inside):
            raise InputError(
                f"{path}: inside the output folder {out}; it would read its own tables"
            )
        checked.append(path)
    return checked


def read_articles(paths: Iterable[Path], exclude: Iterable[Path] = ()) -> Iterator[Article]:
    """All articles of all inputs, and a row for everything that cannot be read;
    a repeated doc_id is reported, not processed twice. Nothing under an
    `exclude` folder (the output folder) is read."""
    seen: set[str] = set()
    for path in paths:
        for article in read_path(path, exclude):
            if article.doc_id and article.doc_id in seen and not article.error:
                article = Article(
                    article.doc_id, article.source, error=f"duplicate id {article.doc_id!r}"
                )
            elif article.doc_id and not article.error:
                seen.add(article.doc_id)
            yield article
