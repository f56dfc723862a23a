# Concurrency Lens: loaded by Python at start-up because the runner puts this folder first on PYTHONPATH.
# Python imports only the first sitecustomize on sys.path, so the user's own (a virtualenv's, a
# distribution's) would be shadowed: it is found further along sys.path and run first, then the probe
# starts. Nothing happens unless the runner set CONCURRENCY_LENS_PROBE_DIR.
import os
import sys


def _chain_existing_sitecustomize():
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # the user's start-up code failing must not look like ours
        sys.stderr.write("Error in sitecustomize (%s); set PYTHONVERBOSE for traceback:\n%r\n" % (spec.origin, error))


_chain_existing_sitecustomize()

if os.environ.get("CONCURRENCY_LENS_PROBE_DIR"):
    try:
        import concurrency_lens_probe

        concurrency_lens_probe.start()
    except Exception as error:  # a broken probe must never break the user's program
        sys.stderr.write("concurrency-lens: the Python probe could not start: %r\n" % (error,))
