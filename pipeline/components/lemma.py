"""Lemmas for every token from pymorphy3, chosen to agree with the slovnet tag.

Most tokens of a corpus repeat with the same tag, so the component keeps a
table from (word, POS, morphology) to lemma: a repeated token costs one dict
lookup on spaCy's integer ids, not a pymorphy3 parse.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from pipeline.lemmatizer import lemmatize

AGREEMENT_FEATS = ("Case", "Gender", "Number")
TABLE_LIMIT = 100_000  # entries before the table starts afresh (bounded memory)


class Lemmatizer:
    def __init__(self) -> None:
        self.table: dict[tuple[int, int, int], str] = {}

    def __call__(self, doc: Doc) -> Doc:
        table = self.table
        if len(table) > TABLE_LIMIT:
            table.clear()
        for token in doc:
            key = (token.orth, token.pos, token.morph.key)
            lemma = table.get(key)
            if lemma is None:
                lemma = table[key] = self.lemma_of(token)
            token.lemma_ = lemma
        return doc

    @staticmethod
    def lemma_of(token: Token) -> str:
        if token.is_space:
            return token.text
        morph = token.morph
        feats = tuple((key, value) for key in AGREEMENT_FEATS for value in morph.get(key)[:1])
        return lemmatize(token.text, token.pos_, feats)


@Language.factory(
    "pymorphy_lemmatizer", requires=["token.pos", "token.morph"], assigns=["token.lemma"]
)
def make_lemmatizer(nlp: Language, name: str) -> Lemmatizer:
    return Lemmatizer()
