# Writes one process's data as a JSON file, atomically (a temporary file renamed over the old one), so a
# reader never sees half a file and a process killed mid-run keeps its last periodic write.
import json
import os


def write_json(path, data):
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, separators=(",", ":"))
    os.replace(tmp, path)
