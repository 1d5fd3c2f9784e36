"""Text set aside before analysis: markup and site chrome.

Scraped articles carry more than the article: HTML tags and scripts, comment
forms, rating widgets, emoji pickers, photo captions, rubric words and lists
of other stories' headlines. Names in them are not facts of the article
("Иран" in a headline of another story), so they must not become entities or
events. Nothing is deleted, since offsets must stay those of the raw text:
this module only finds character ranges, each with a reason, and the
pipeline keeps the models, the gazetteer, the date grammar and the patterns
off the tokens in them. `sentences.csv` marks such sentences (`chrome`), and
`documents.csv` says how many characters were set aside.

The rules work on lines, the unit of scraped layout:

- markup: `<script>`/`<style>` blocks, comments, tags and character entities;
- invisible: byte-order marks, zero-width spaces and joiners;
- comments: from the first comment-form or rating-widget line to the end,
  when no paragraph of prose follows it;
- caption: a line carrying a photo credit ("Фото:", "Фото из архива ...");
- rubric: a single-word first line ("Общество") before the title;
- headlines: six or more consecutive lines without final punctuation (a list
  of other stories); titles and headings stand alone and are kept;
- foreign: a line with many Latin letters and no Cyrillic (emoji pickers,
  widget code);
- furniture: a short line of page furniture common news sites print around
  the story: an error-report hint ("Нашли опечатку? ... Ctrl + Enter"), a
  credit line ("• AP", "© РИА Новости", "Источник: ТАСС"), a row of share
  and subscribe buttons ("Поделиться ВКонтакте Telegram WhatsApp").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MARKUP = re.compile(
    r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->"
    r"|</?[a-zA-Z][^<>]{0,1000}>|&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});",
    re.IGNORECASE | re.DOTALL,
)
COMMENT_MARKERS = re.compile(
    r"Оцените (?:новость|статью|материал)|Оставить комментарий|Ваш e-mail не будет"
    r"|Проголосовало|Ваша оценка|Кликните на изображение|Комментарии \(\d+\)"
    r"|Добавить комментарий|Войдите, чтобы",
    re.IGNORECASE,
)
CAPTION = re.compile(r"(?:^|\s)(?:Фото|Фотография|Иллюстрация)(?::|\s+из архива|\s+-|\s+–)")
# a credit or hint line: "• AP", "© РИА Новости", "Источник: ТАСС", "Ctrl + Enter";
# a bulleted list item ("• Марк Шилд (Австралия)", "• 9 апреля") is no credit
FURNITURE = re.compile(
    r"^(?:[•©]\s*[^\s•()\d]+(?:\s+[^\s•()\d]+){0,2}"
    r"|(?:Источник|Автор фото|Фото|Видео)\s*:\s*\S.{0,60}"
    r"|.{0,80}\bCtrl\s*\+\s*Enter\b.{0,40})$",
    re.IGNORECASE,
)
# words of share-button rows; a short line made only of them is furniture
SHARE_WORDS = frozenset(
    [
        "поделиться",
        "поделитесь",
        "подписаться",
        "подписывайтесь",
        "читайте",
        "читать",
        "также",
        "нас",
        "в",
        "на",
        "вконтакте",
        "вк",
        "одноклассники",
        "ок",
        "telegram",
        "телеграм",
        "телеграм-канал",
        "whatsapp",
        "viber",
        "twitter",
        "x",
        "facebook",
        "фейсбук",
        "дзен",
        "яндекс.дзен",
        "яндекс.новости",
        "rutube",
        "youtube",
        "копировать",
        "ссылку",
        "скопировать",
        "ссылка",
        "отправить",
        "email",
        "e-mail",
        "комментарии",
        "печать",
        "распечатать",
    ]
)
SHARE_MAX_WORDS = 12
# Characters that take no room: a byte-order mark left in a .jsonl field or a
# pasted text, zero-width spaces and joiners.
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
INVISIBLE_RUN = re.compile(f"[{INVISIBLE}]+")
FINAL_PUNCTUATION = ".!?…»\"”)'"
HEADLINE_RUN = 6
HEADLINE_MAX_CHARS = 160
PROSE_CHARS = 200


def visible(line: str) -> str:
    """The line as a reader sees it, without markup, invisible characters and
    surrounding whitespace: "<p>… году.</p>" and "… году.\ufeff" end with their
    full stop."""
    return MARKUP.sub("", line).strip().strip(INVISIBLE).strip()


def lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, line) for every line, end excluding the line break."""
    position = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        yield position, position + len(line), line
        position += len(raw)


def is_prose(line: str) -> bool:
    stripped = visible(line)
    return len(stripped) >= PROSE_CHARS and stripped[-1] in FINAL_PUNCTUATION


def comment_tail(text_lines: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    for index, (start, _, line) in enumerate(text_lines):
        if COMMENT_MARKERS.search(line):
            rest = text_lines[index + 1 :]
            if not any(is_prose(other) for _, _, other in rest):
                yield start, text_lines[-1][1], "comments"
            return


def headline_runs(text_lines: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    run: list[tuple[int, int, str]] = []
    for item in [*text_lines, (0, 0, ".")]:  # a punctuated sentinel closes the last run
        stripped = visible(item[2])
        if not stripped:
            continue
        bare = stripped[-1] not in FINAL_PUNCTUATION and len(stripped) <= HEADLINE_MAX_CHARS
        if bare:
            run.append(item)
            continue
        if len(run) >= HEADLINE_RUN:
            yield run[0][0], run[-1][1], "headlines"
        run = []


def line_rules(text_lines: list[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    body = [item for item in text_lines if visible(item[2])]
    for number, (start, end, line) in enumerate(body):
        stripped = visible(line)
        if CAPTION.search(stripped):
            yield start, end, "caption"
        elif number == 0 and len(body) > 2 and re.fullmatch(r"[А-ЯЁA-Z][а-яёa-z-]+", stripped):
            yield start, end, "rubric"
        elif not re.search("[а-яёА-ЯЁ]", stripped) and len(re.findall("[A-Za-z]", stripped)) >= 20:
            yield start, end, "foreign"
        elif FURNITURE.match(stripped) or share_row(stripped):
            yield start, end, "furniture"


def share_row(line: str) -> bool:
    """ "Поделиться: ВКонтакте Telegram WhatsApp": only share-button words, two or more."""
    words = re.findall(r"[\w.+-]+", line.lower())
    return 2 <= len(words) <= SHARE_MAX_WORDS and all(word in SHARE_WORDS for word in words)


def merge(ranges: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, reason in sorted(ranges):
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            if end > last[1]:
                merged[-1] = (last[0], end, last[2])
            continue
        merged.append((start, end, reason))
    return merged


def set_aside(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, reason) ranges of `text` that are not article body."""
    ranges = [(m.start(), m.end(), "markup") for m in MARKUP.finditer(text)]
    ranges += [(m.start(), m.end(), "invisible") for m in INVISIBLE_RUN.finditer(text)]
    text_lines = list(lines(text))
    if text_lines:
        tail = list(comment_tail(text_lines))
        ranges += tail
        # the other rules look only above a comment block, so the byline that
        # ends the article is not counted into a "list" with the widget lines
        before = [item for item in text_lines if not tail or item[1] <= tail[0][0]]
        ranges += headline_runs(before)
        ranges += line_rules(before)
    return merge([r for r in ranges if r[1] > r[0]])
