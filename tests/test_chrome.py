"""Page furniture of news sites is set aside line by line, the story's lines are not."""

from __future__ import annotations

import re

import pytest

from pipeline.chrome import set_aside

STORY = "Казахстан вступил в ВТО в 2015 году."


@pytest.mark.parametrize(
    "line",
    [
        "• AP",
        "© РИА Новости",
        "Источник: ТАСС",
        "Автор фото: Иван Петров",
        "Нашли опечатку? Выделите фрагмент и нажмите Ctrl + Enter",
        "Поделиться ВКонтакте Telegram WhatsApp",
        "Читайте нас в Telegram",
        "Копировать ссылку",
    ],
)
def test_furniture_line(line):
    text = f"{STORY}\n{line}\n{STORY}\n"
    start = len(STORY) + 1
    assert set_aside(text) == [(start, start + len(line), "furniture")]


@pytest.mark.parametrize(
    "line",
    [
        "Источник в правительстве сообщил, что Россия вступит в союз в будущем году.",
        "Telegram-канал ведомства сообщил о выходе страны из ОДКБ.",
        "В Telegram министр написал, что Армения покинет ОДКБ.",
        "Представитель ТАСС подтвердил информацию.",
        "• Марк Шилд (Австралия)",
        "• 9 апреля, 4-я партия",
    ],
)
def test_story_line_is_kept(line):
    assert set_aside(f"{STORY}\n{line}\n{STORY}\n") == []


def test_paragraphs_in_markup_are_story_not_a_headline_list():
    """Six <p>-wrapped paragraphs end with a tag, not without punctuation: only
    the tags are set aside."""
    text = "".join(f"<p>{STORY}</p>\n" for _ in range(6))
    tags = [(m.start(), m.end(), "markup") for m in re.finditer(r"</?p>", text)]
    assert set_aside(text) == tags
