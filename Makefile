# Every target that runs code depends on `install`, so each works as the first
# command on a fresh clone. The stamp file makes `install` a no-op until
# pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.install-stamp

TABLES := $(addprefix outputs/,documents.csv sentences.csv tokens.csv entities.csv events.csv relations.csv)
# the tables are stale when any code, gazetteer entry or article is newer
SOURCES := $(shell find pipeline corpus/articles -type f ! -name '*.pyc' 2>/dev/null)

.PHONY: install extract eval test lint format clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

extract: install
	$(PY) -m pipeline extract corpus/articles --out outputs

# `make eval` re-extracts only when the tables are missing or older than the code.
$(TABLES) &: $(STAMP) $(SOURCES)
	$(PY) -m pipeline extract corpus/articles --out outputs

eval: $(TABLES)
	$(PY) -m pipeline evaluate --gold corpus/gold --pred outputs

# outputs/report.html: articles with highlighted entities, events, timeline (and scores if eval ran)
.PHONY: report
# after eval, so the page's scores are those of the tables it shows
report: eval
	$(PY) -m pipeline report outputs

# outputs/bench/speed.csv and stages.csv: this pipeline (cold, 2 workers, cache, a pattern
# edit) against plain natasha on the NEREL 1.1 texts in ../shared/bench; every run made
# twice, the faster kept; about 11 minutes on 2 cores
.PHONY: bench
bench: install
	$(PY) -m pipeline.bench.speed

# outputs/bench/soak.csv: peak memory of the main process and the workers on 2,000 and
# 20,000 records (the NEREL 1.1 texts over and over, fresh ids, one .jsonl, no cache, default
# workers); the larger within 10 % of the smaller; then `report` on each output, timed (target:
# under 120 s on 20,000 articles) with its peak memory; about 20 minutes on 2 cores
.PHONY: bench-soak
bench-soak: install
	$(PY) -m pipeline.bench.soak

# outputs/bench/ner.csv: the pipeline and raw slovnet side by side on factRuEval-2016 dev and
# NEREL 1.1 dev (../shared/bench); a few minutes on 2 cores
.PHONY: bench-ner
bench-ner: install
	$(PY) -m pipeline bench-ner

# outputs/bench/linking.csv: per NEREL 1.1 split (train, dev) and type (ORGANIZATION, COUNTRY), the
# gold mentions with a Wikidata id that the entities table links right, to another id, to none, or
# does not find, over all, named and specific mentions; `$(PY) -m pipeline.bench.linking --misses
# FILE` also lists train's misses (dev is held out: never read its misses); about two minutes on 2 cores
.PHONY: bench-linking
bench-linking: install
	$(PY) -m pipeline.bench.linking

# the example NEREL pack against NEREL 1.1 dev's relations (precision target 0.70)
.PHONY: bench-relations
bench-relations: install
	$(PY) -m pipeline bench-relations

# outputs/bench/gold_events.csv: the default pack's events against the gold event sets of
# corpus/gold/bench (RuSentRel 1.1 and NEREL 1.1 texts in ../shared/bench), strict and undated;
# `$(PY) -m pipeline.bench.gold_events --misses` also lists every miss; one process,
# about half a minute per 100 documents
.PHONY: bench-events
bench-events: install
	$(PY) -m pipeline.bench.gold_events

# held-out rewordings (corpus/gold/rewordings/heldout.jsonl): texts exactly right and event
# P/R/F1 on statements written apart from the rules; report it, never tune on it
.PHONY: bench-rewordings
bench-rewordings: install
	$(PY) -m pipeline.bench.rewordings

# the generated invariance suite (tests/invariance.py): per rewording kind, the share of
# texts whose events come out exactly right, and event-level P/R/F1; under a minute on 1 core
# (`--failures 3` also shows failing texts; `--raise-floors` ratchets tests/data/invariance/floors.csv)
.PHONY: invariance
invariance: install
	$(PY) -m tests.invariance

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/ruff format --check pipeline tests

format: install
	$(VENV)/bin/ruff format pipeline tests
	$(VENV)/bin/ruff check --fix pipeline tests

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
	find outputs -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
