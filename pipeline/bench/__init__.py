"""Benchmarks on the public data in `../shared/bench` (read by path, never copied).

NER quality (`make bench-ner`, module `ner`): `factru` and `nerel` read the
two corpora into `mention` records, `systems` runs the pipeline and raw
slovnet over the same texts, `score` computes the metrics.
"""
