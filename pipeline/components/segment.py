"""razdel sentences and tokens become the spaCy `Doc`.

This replaces spaCy's own tokenizer, so there is exactly one tokenization.
Whitespace between razdel tokens is kept the spaCy way (a trailing space flag,
longer runs as whitespace tokens), so `doc.text` is the input text unchanged
and every character offset is exact. Whitespace tokens belong to the sentence
before them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from weakref import WeakKeyDictionary

from razdel import sentenize, tokenize
from razdel.substring import Substring
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from pipeline.chrome import INVISIBLE
from pipeline.extensions import has_set_aside

# Models see at most this many tokens at once, and no sentence is longer
# than MAX_SENTENCE characters: a 500 KB text without punctuation is one razdel
# "sentence" and must not become one model input.
MAX_CHUNK = 200
MAX_SENTENCE = 2000
# A source credited before a colon ("Reuters:", "Глава МИД Лавров:") has at most
# this many words.
MAX_ATTRIBUTION = 3


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
            for index, token in enumerate(visible(tokenize(sent))):
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


def visible(tokens: Iterator[Substring]) -> Iterator[Substring]:
    """razdel's tokens without invisible characters at their ends (razdel glues
    a byte-order mark to the word after it: "\ufeffАрмения", which no model or
    gazetteer then knows); those become gaps, which the chrome rules set aside."""
    for token in tokens:
        if token.text[0] not in INVISIBLE and token.text[-1] not in INVISIBLE:
            yield token
            continue
        core = token.text.strip(INVISIBLE)
        if not core:
            continue
        lead = len(token.text) - len(token.text.lstrip(INVISIBLE))
        start = token.start + lead
        yield Substring(start, start + len(core), core)


@registry.tokenizers("razdel_tokenizer")
def make_razdel_tokenizer() -> Callable[[Language], RazdelTokenizer]:
    """For `spacy.blank(..., config=...)`: spaCy then never builds its own Russian
    tokenizer (compiling its rules was a quarter of a second of every start)."""

    def create(nlp: Language) -> RazdelTokenizer:
        return RazdelTokenizer(nlp.vocab)

    return create


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """razdel sentences within lines: a line break always ends a sentence.

    Headlines, bylines and lists in scraped news have no final punctuation;
    razdel would glue them to the next line ("Республики Казахстан\n\nКазахстан").
    """
    line_start = 0
    for line in text.splitlines(keepends=True):
        for sent in sentenize(line):
            for offset, piece in pieces(sent.text):
                yield line_start + sent.start + offset, piece
        line_start += len(line)


def pieces(sentence: str) -> Iterator[tuple[int, str]]:
    """A sentence cut at spaces into parts of at most MAX_SENTENCE characters.

    A text without punctuation is one razdel sentence however long it is;
    cutting it keeps every later stage (models, date grammar, patterns) on
    inputs of bounded size.
    """
    start = 0
    while len(sentence) - start > MAX_SENTENCE:
        cut = sentence.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        yield start, sentence[start:cut]
        start = cut
        while start < len(sentence) and sentence[start] == " ":
            start += 1
    if start < len(sentence):
        yield start, sentence[start:]


Chunk = tuple[list[int], list[str]]
# The three slovnet components see the same chunks: computed once per Doc.
CHUNKS: WeakKeyDictionary[Doc, list[Chunk]] = WeakKeyDictionary()


def model_chunks(doc: Doc) -> list[Chunk]:
    """What the models see: per sentence, token indices and words without
    whitespace and set-aside text, at most MAX_CHUNK tokens at a time."""
    chunks = CHUNKS.get(doc)
    if chunks is None:
        chunks = CHUNKS[doc] = list(sentence_chunks(doc))
    return chunks


def sentence_chunks(doc: Doc) -> Iterator[Chunk]:
    check = has_set_aside(doc)
    for sent in doc.sents:
        tokens = [
            (token.i, token.text)
            for token in sent
            if not token.is_space and not (check and token._.set_aside)
        ]
        cut = attribution_end(tokens)
        for part in (tokens[:cut], tokens[cut:]):
            for start in range(0, len(part), MAX_CHUNK):
                indices, words = zip(*part[start : start + MAX_CHUNK])
                yield list(indices), list(words)


def attribution_end(tokens: list[tuple[int, str]]) -> int:
    """Where a leading "Reuters:" or "Песков:" ends, else 0.

    A source named before a colon is no part of the clause after it, but the
    parser makes it the root and the clause's subject a loose dependent
    ("Reuters: Власти Мали ... заявили"); parsed apart, the clause keeps its
    subject.
    """
    for end, (_, word) in enumerate(tokens[: MAX_ATTRIBUTION + 1]):
        if word == ":":
            following = tokens[end + 1][1] if end + 1 < len(tokens) else ""
            return end + 1 if end and following[:1].isupper() else 0
        if not word[:1].isupper() and word not in {"-", "«", "»", '"'}:
            return 0
    return 0
