#!/usr/bin/env python3
"""Copy the front-end files the app serves from node_modules/ into static/vendor/.

    python3 scripts/copy_vendor.py        (run by `make assets`, after `npm ci`)

No bundler: the browser loads these files as they are. Only files whose content changed are
written, and files in static/vendor/ that are no longer wanted are removed, so running it again
is quick and leaves the same tree. Standard library only.
"""
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

# (package, path in the package, path under static/vendor/). Only what the app serves: test tools
# (axe-core, a dev dependency) stay in node_modules/, where the browser tests read them.
FILES = [
    ("leaflet", "dist/leaflet.js", "leaflet/leaflet.js"),
    ("leaflet", "dist/leaflet.css", "leaflet/leaflet.css"),
    ("leaflet", "LICENSE", "leaflet/LICENSE"),
    ("leaflet.markercluster", "dist/leaflet.markercluster.js",
     "leaflet.markercluster/leaflet.markercluster.js"),
    ("leaflet.markercluster", "dist/leaflet.markercluster-src.js",
     "leaflet.markercluster/leaflet.markercluster-src.js"),
    ("leaflet.markercluster", "dist/MarkerCluster.css", "leaflet.markercluster/MarkerCluster.css"),
    ("leaflet.markercluster", "dist/MarkerCluster.Default.css",
     "leaflet.markercluster/MarkerCluster.Default.css"),
    ("leaflet.markercluster", "MIT-LICENCE.txt", "leaflet.markercluster/LICENSE"),
    ("idb", "LICENSE", "idb/LICENSE"),
]
# Every file of these folders (leaflet.css refers to images/ next to it).
FOLDERS = [("leaflet", "dist/images", "leaflet/images")]
# ES modules: the entry file and every module it imports by a relative path, same layout.
ES_MODULES = [("idb", "build/index.js", "idb/index.js")]

RELATIVE_IMPORT = re.compile(
    r"""(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}/[^"']+)["']""")


def es_module_files(src, dest):
    """Pairs (source, destination) for `src` and, recursively, the modules it imports."""
    seen, todo = {}, [(src, dest)]
    while todo:
        src, dest = todo.pop()
        if src in seen:
            continue
        seen[src] = dest
        for spec in RELATIVE_IMPORT.findall(src.read_text(encoding="utf-8")):
            todo.append(((src.parent / spec).resolve(), dest.parent / spec))
    return seen.items()


def wanted():
    pairs = []
    for package, path, dest in FILES:
        pairs.append((NODE_MODULES / package / path, VENDOR / dest))
    for package, path, dest in FOLDERS:
        for src in sorted((NODE_MODULES / package / path).iterdir()):
            if src.is_file():
                pairs.append((src, VENDOR / dest / src.name))
    for package, path, dest in ES_MODULES:
        pairs.extend(es_module_files(NODE_MODULES / package / path, VENDOR / dest))
    return pairs


def main():
    if not NODE_MODULES.is_dir():
        sys.exit("node_modules/ is missing: run `npm ci` first (or `make assets`).")
    try:
        pairs = wanted()
    except FileNotFoundError as exc:
        sys.exit(f"{exc.filename} is missing: run `npm ci` (package layout changed?)")
    copied = 0
    for src, dest in pairs:
        if dest.is_file() and dest.read_bytes() == src.read_bytes():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        copied += 1
    keep = {dest.resolve() for _, dest in pairs}
    removed = 0
    for path in sorted(VENDOR.rglob("*"), reverse=True):  # children before their folders
        if path.is_file() and path.resolve() not in keep:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    print(f"static/vendor: {len(pairs)} files, {copied} copied, {removed} removed")


if __name__ == "__main__":
    main()
