# Patches a module right after its first import, so the probe never imports asyncio or multiprocessing
# itself: importing them eagerly would add tens of milliseconds to every Python process of the run,
# pool workers included, and change what the program loads.
import importlib.abc
import importlib.util
import sys

_patchers = {}


class _PatchingLoader(importlib.abc.Loader):
    def __init__(self, loader, patch):
        self._loader = loader
        self._patch = patch

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        try:
            self._patch(module)
        except Exception as error:  # measuring less is better than breaking the import
            sys.stderr.write("concurrency-lens: could not instrument %s: %r\n" % (module.__name__, error))


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        patch = _patchers.pop(name, None)
        if patch is None:
            return None
        # Ask the rest of sys.meta_path, without this finder, who loads it.
        others = [f for f in sys.meta_path if f is not self]
        for finder in others:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find else None
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _PatchingLoader(spec.loader, patch)
                return spec
        return None


_finder = _Finder()


def when_imported(name, patch):
    """Runs patch(module) now if `name` is imported already, else right after its import."""
    module = sys.modules.get(name)
    if module is not None:
        patch(module)
        return
    _patchers[name] = patch
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
