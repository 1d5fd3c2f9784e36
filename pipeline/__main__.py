import os

# One BLAS thread per process: the slovnet models are small, and threads that
# compete for the same cores (or with --workers) make them several times slower.
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from pipeline.cli import run  # noqa: E402

run()
