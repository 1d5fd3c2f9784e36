"""Reading articles from folders, .txt, .jsonl and .csv files.

Every input item becomes an `Article`, including the ones that cannot be
read: those carry an `error` so that the batch goes on and the tables still
list them. Offsets elsewhere in the pipeline refer to `Article.text` exactly
as decoded (no newline translation), so gold offsets stay valid.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

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

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


class InputError(ValueError):
    """A usage error: the input cannot be read at all (missing path, bad type)."""


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


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: a BOM, else UTF-8, else the best legacy fit.

    The BOM is not part of the text. Line breaks are kept as they are, so
    offsets count characters of the file as decoded.
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
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


def read_txt(path: Path) -> Article:
    doc_id = path.stem
    try:
        text, encoding = decode(path.read_bytes())
    except (OSError, ValueError) as error:
        return Article(doc_id, str(path), error=f"cannot read: {error}")
    return replace(make_article(doc_id, str(path), text), encoding=encoding)


def record_article(record: object, source: str) -> Article:
    """Turn one .jsonl object or .csv row into an Article, or an Article with an error."""
    if not isinstance(record, dict):
        return Article("", source, error="not an object with fields id, text")
    doc_id = str(record.get("id") or "").strip()
    text = record.get("text")
    if not doc_id:
        return Article("", source, error="missing id")
    if not isinstance(text, str):
        return Article(doc_id, source, error="missing text")
    given = str(record.get("date") or "").strip()
    try:
        pub_date = valid_iso_date(given) if given else ""
    except ValueError:
        # a bad date drops the date, never the text
        article = make_article(doc_id, source, text, "", str(record.get("title") or ""))
        warning = f"invalid date {given!r} (want YYYY-MM-DD): date left empty"
        return replace(article, warning="; ".join(filter(None, [warning, article.warning])))
    return make_article(doc_id, source, text, pub_date, str(record.get("title") or ""))


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
        yield record_article(record, source)


def physical_lines(text: str) -> list[str]:
    """The lines of a file as written, each with its "\n": split on "\n" only, as
    csv joins those of a quoted field back exactly, and `str.splitlines` would
    also cut at U+2028, which JSON strings may hold."""
    return [line for line in LINE_END.split(text) if line]


def streamable(path: Path) -> str | None:
    """The encoding a records file can be read in line by line, after checking
    all of it as `decode` checks a whole text; None when only `decode` can read
    it (a UTF-16/32 mark, a legacy encoding). ValueError if it is binary.

    Holding a whole archive's text in the reading process grew it, and every
    worker forked from it, by the size of the file."""
    with path.open("rb") as handle:
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
    if controls > max(8, characters // 100):
        raise ValueError("binary content (control characters), not text")
    return encoding


def file_lines(path: Path) -> tuple[Iterator[str], str]:
    """The physical lines of a records file and its encoding: read as they are
    needed where the encoding allows, else decoded whole."""
    encoding = streamable(path)
    if encoding is None:
        text, encoding = decode(path.read_bytes())
        return iter(physical_lines(text)), encoding

    def lines() -> Iterator[str]:
        with path.open("rb") as handle:
            # one incremental decoder: a byte-order mark is dropped at the start only
            yield from codecs.iterdecode(handle, encoding)

    return lines(), encoding


def looks_like_record(line: str, header: list[str]) -> bool:
    """Whether a line inside a quoted field reads as a record of its own: the
    header's number of fields, an id-like first field (no spaces, a digit in it)
    and a valid or empty `date`. Prose rarely does; a record boundary that an
    unclosed quote swallowed does."""
    try:
        fields = next(csv.reader([line]), [])
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
    (an unquoted comma) is reported rather than cut."""
    window = LineWindow(lines)
    header: list[str] | None = None
    start = 0
    while window.get(start) is not None:
        window.forget(start)
        reader = csv.reader(window.starting(start))
        source = f"{path}:{start + 1}"
        try:
            fields = next(reader)
        except csv.Error as error:
            yield Article("", source, error=f"malformed CSV: {error}")
            start += max(reader.line_num, 1)
            continue
        except StopIteration:
            return
        consumed = max(reader.line_num, 1)
        if not fields:
            start += consumed
            continue
        if header is None:
            header, start = fields, start + consumed
            continue
        swallowed = next(
            (
                number
                for number in range(start + 1, start + consumed)
                if looks_like_record(window.get(number), header)
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
            yield Article(fields[0].strip(), source, error=f"{reason} (an unquoted comma?)")
            continue
        missing = [None] * (len(header) - len(fields))
        yield record_article(dict(zip(header, [*fields, *missing], strict=True)), source)


def read_records(
    path: Path, parse: Callable[[Path, Iterable[str]], Iterator[Article]]
) -> Iterator[Article]:
    """The records of a .jsonl/.csv file, read as they are needed; a file that
    cannot be read (or stops being readable) is reported as an Article."""
    try:
        lines, encoding = file_lines(path)
    except (OSError, ValueError) as error:
        yield Article("", str(path), error=f"cannot read: {error}")
        return
    try:
        for article in parse(path, lines):
            yield replace(article, encoding=encoding)
    except (OSError, UnicodeDecodeError) as error:  # the file changed or failed mid-read
        yield Article("", str(path), error=f"cannot read: {error}")


RECORD_PARSERS: dict[str, Callable[[Path, Iterable[str]], Iterator[Article]]] = {
    ".jsonl": jsonl_records,
    ".csv": csv_records,
}


def input_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def read_path(path: Path) -> Iterator[Article]:
    suffix = path.suffix.lower()
    if path.is_dir():
        for file in input_files(path):
            yield from read_path(file)
    elif suffix == ".txt":
        yield read_txt(path)
    elif suffix in RECORD_PARSERS:
        yield from read_records(path, RECORD_PARSERS[suffix])
    else:
        raise InputError(f"{path}: unsupported input (want a folder, .txt, .jsonl or .csv)")


def count_articles(paths: Iterable[Path]) -> int:
    """How many records the inputs hold, without keeping any text (for the progress bar)."""
    total = 0
    for path in paths:
        suffix = path.suffix.lower()
        if path.is_dir():
            total += count_articles(input_files(path))
        elif suffix == ".txt":
            total += 1
        elif suffix in RECORD_PARSERS:
            total += sum(1 for _ in read_records(path, RECORD_PARSERS[suffix]))
    return total


def check_inputs(paths: Iterable[Path]) -> list[Path]:
    """Fail early, before any model loads, on paths that do not exist or have a wrong type."""
    checked = []
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_file() and path.suffix.lower() not in SUFFIXES:
            raise InputError(f"{path}: unsupported input (want a folder, .txt, .jsonl or .csv)")
        checked.append(path)
    return checked


def read_articles(paths: Iterable[Path]) -> Iterator[Article]:
    """All articles of all inputs; a repeated doc_id is reported, not processed twice."""
    seen: set[str] = set()
    for path in paths:
        for article in read_path(path):
            if article.doc_id and article.doc_id in seen and not article.error:
                article = Article(
                    article.doc_id, article.source, error=f"duplicate id {article.doc_id!r}"
                )
            elif article.doc_id:
                seen.add(article.doc_id)
            yield article
