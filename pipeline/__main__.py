"""`python -m pipeline` and the `newsfacts` command: one program, one start-up."""

import os
import sys

# One BLAS thread per process: the slovnet models are small, and threads that
# compete for the same cores (or with --workers) make them several times slower.
# Set before anything imports numpy, which reads them once.
BLAS_THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def main() -> None:
    """The entry point of both: thread settings first, then the CLI."""
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")
    from pipeline.cli import run

    command = os.path.basename(sys.argv[0])
    run(prog_name="python -m pipeline" if command == "__main__.py" else command)


if __name__ == "__main__":
    main()
