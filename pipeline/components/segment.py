"""razdel sentences and tokens become the spaCy `Doc`.

This replaces spaCy's own tokenizer, so there is exactly one tokenization.
Whitespace between razdel tokens is kept the spaCy way (a trailing space flag,
longer runs as whitespace tokens), so `doc.text` is the input text unchanged
and every character offset is exact. Whitespace tokens belong to the sentence
before them.
"""

from __future__ import annotations

from collections.abc import Iterator

from razdel import sentenize, tokenize
from spacy.tokens import Doc
from spacy.vocab import Vocab

# Models see at most this many tokens at once: a 500 KB text without
# punctuation is one razdel "sentence" and must not become one model input.
MAX_CHUNK = 200


class RazdelTokenizer:
    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        starts: list[bool] = []
        position = 0

        def gap(until: int) -> None:
            run = text[position:until]
            if not run:
                return
            if words and not spaces[-1] and run[0] == " ":
                spaces[-1] = True
                run = run[1:]
            if run:
                words.append(run)
                spaces.append(False)
                starts.append(not words[:-1])

        for number, (offset, sent) in enumerate(sentences(text)):
            for index, token in enumerate(tokenize(sent)):
                start = offset + token.start
                gap(start)
                words.append(token.text)
                spaces.append(False)
                # a leading whitespace token already opened the first sentence
                starts.append(len(words) == 1 or (index == 0 and number > 0))
                position = start + len(token.text)
        gap(len(text))
        return Doc(self.vocab, words=words, spaces=spaces, sent_starts=starts)

    # spaCy calls these when saving or loading a pipeline; the tokenizer has no state.
    def to_bytes(self, **_: object) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: object) -> RazdelTokenizer:
        return self

    def to_disk(self, _path: object, **_: object) -> None:
        return None

    def from_disk(self, _path: object, **_: object) -> RazdelTokenizer:
        return self


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """razdel sentences within lines: a line break always ends a sentence.

    Headlines, bylines and lists in scraped news have no final punctuation;
    razdel would glue them to the next line ("Республики Казахстан\n\nКазахстан").
    """
    line_start = 0
    for line in text.splitlines(keepends=True):
        for sent in sentenize(line):
            yield line_start + sent.start, sent.text
        line_start += len(line)


def model_chunks(doc: Doc) -> Iterator[list[int]]:
    """Token indices per sentence, without whitespace, cut to at most MAX_CHUNK tokens."""
    for sent in doc.sents:
        indices = [token.i for token in sent if not token.is_space]
        for start in range(0, len(indices), MAX_CHUNK):
            yield indices[start : start + MAX_CHUNK]
