"""The bundled application's entry point: worker processes first, then Casefile's main."""

import multiprocessing
import sys

if __name__ == "__main__":
    # A spawned worker process of the frozen app re-runs this file: let it become the worker.
    multiprocessing.freeze_support()
    import main

    sys.exit(main.main())
