"""Custom attributes the pipeline adds to spaCy objects, registered once.

- `doc._.meta`: the article's metadata (doc_id, source, date, offset of the
  body in the raw text, ...); `doc._.relations`: every relation the patterns
  found, `doc._.events`: those between a country and an organization;
  `doc._.focus_country`: the country the article is about (entity id).
- `span._.canonical`, `span._.value`: the standard name of an entity, the
  EDTF value of a date; `span._.source`: what produced the mention;
  `span._.lemma`: the mention in its dictionary form. Wikidata ids are kept in
  spaCy's own `span.kb_id_`.
- `token._.set_aside`: the token is markup or site chrome (`pipeline.chrome`):
  models, gazetteer, date grammar and patterns leave it alone.

Span attributes are stored by spaCy per character range, whatever the label:
two spans over the same characters share them. Components therefore never
create a second span over a mention's characters to carry other values.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

DOC_EXTENSIONS = {"meta": None, "events": None, "relations": None, "focus_country": ""}
SPAN_EXTENSIONS = {
    "canonical": "",
    "value": "",
    "source": "",
    "lemma": "",
    "year_start": None,
    "year_end": None,
}


TOKEN_EXTENSIONS = {"set_aside": False}


def register() -> None:
    for name, default in TOKEN_EXTENSIONS.items():
        if not Token.has_extension(name):
            Token.set_extension(name, default=default)
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def has_set_aside(doc: Doc) -> bool:
    """Whether any token may be flagged `set_aside`: only `make_doc` flags them,
    from the ranges in `doc._.meta`. Most articles have none, and asking every
    token for its flag is one of the costlier per-token operations in spaCy."""
    return bool((doc._.meta or {}).get("set_aside"))


register()
