"""The table contract: the columns of each output table, in order (docs/tables.md).

A module of its own, with no imports, so that tools outside the pipeline (the
plain natasha baseline of `make bench`) write the same tables without loading
spaCy.
"""

# what events.csv and relations.csv end with: the time, the pattern and its evidence
FOUND_TAIL = ["date", "year_start", "year_end", "trigger", "pattern", "evidence"]
COLUMNS = {
    "documents": [
        "doc_id",
        "source",
        "date",
        "focus_country",
        "n_sentences",
        "n_tokens",
        "n_entities",
        "n_events",
        "status",
        "error",
        "date_source",
        "encoding",
        "set_aside_chars",
        "warning",
    ],
    "sentences": ["doc_id", "sent_id", "start", "end", "text", "chrome"],
    "tokens": ["doc_id", "sent_id", "token_id", "start", "end", "text", "lemma", "pos"],
    "entities": [
        "doc_id",
        "sent_id",
        "start",
        "end",
        "text",
        "lemma",
        "type",
        "canonical",
        "entity_id",
        "source",
        "kind",
        "parent_id",
    ],
    "events": [
        "doc_id",
        "sent_id",
        "event_type",
        "country",
        "country_id",
        "organization",
        "organization_id",
        "organization_kind",
        "organization_parent_id",
        *FOUND_TAIL,
    ],
    # relations whose roles are not a country and an organization (their pack
    # declares them); a derived argument (the country of a city) has no text
    # and no offsets
    "relations": [
        "doc_id",
        "sent_id",
        "relation",
        *(
            f"arg{n}_{field}"
            for n in (1, 2)
            for field in ("role", "type", "text", "start", "end", "canonical", "id")
        ),
        *FOUND_TAIL,
    ],
}


# The gold set's files (corpus/gold, docs/annotation.md).
GOLD_COLUMNS = {
    "entities": ["doc_id", "start", "end", "text", "type", "canonical", "entity_id"],
    "events": [
        "doc_id",
        "event_type",
        "country_id",
        "organization_id",
        "country",
        "organization",
        "year_start",
        "year_end",
        "evidence",
    ],
}

# integer columns: offsets and ids (always filled in the big tables)
NUMERIC = {
    "sent_id",
    "token_id",
    "start",
    "end",
    "arg1_start",
    "arg1_end",
    "arg2_start",
    "arg2_end",
}
# integer columns that may be empty (an error row has no counts)
INTEGER_COLUMNS = {
    "year_start",
    "year_end",
    "n_sentences",
    "n_tokens",
    "n_entities",
    "n_events",
    "set_aside_chars",
}
