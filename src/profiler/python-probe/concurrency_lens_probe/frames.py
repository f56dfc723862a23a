# Which frames are the user's own code: not the standard library, not installed packages, not the probe.
# Hotspots and call sites are charged to the nearest such frame.
import os
import sysconfig


def _library_prefixes():
    paths = {os.path.realpath(os.path.dirname(os.__file__)) + os.sep}
    for name in ("stdlib", "platstdlib", "purelib", "platlib"):
        try:
            p = sysconfig.get_paths().get(name)
        except Exception:
            p = None
        if p:
            paths.add(os.path.realpath(p) + os.sep)
    return tuple(paths)


class UserCode:
    def __init__(self):
        self._library = _library_prefixes()
        self._probe_dir = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
        self._known = {}

    def is_user(self, filename):
        known = self._known.get(filename)
        if known is not None:
            return known
        if filename.startswith("<"):
            mine = False
        else:
            real = os.path.realpath(filename)
            mine = not real.startswith(self._library) and not real.startswith(self._probe_dir) and "site-packages" not in real and "dist-packages" not in real
        self._known[filename] = mine
        return mine

    def nearest(self, frame):
        while frame is not None and not self.is_user(frame.f_code.co_filename):
            frame = frame.f_back
        return frame


USER_CODE = UserCode()
