"""Lemmas for every token from pymorphy3, chosen to agree with the slovnet tag."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.lemmatizer import lemmatize

AGREEMENT_FEATS = ("Case", "Gender", "Number")


class Lemmatizer:
    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.is_space:
                token.lemma_ = token.text
                continue
            morph = token.morph
            feats = tuple((key, value) for key in AGREEMENT_FEATS for value in morph.get(key)[:1])
            token.lemma_ = lemmatize(token.text, token.pos_, feats)
        return doc


@Language.factory("pymorphy_lemmatizer")
def make_lemmatizer(nlp: Language, name: str) -> Lemmatizer:
    return Lemmatizer()
