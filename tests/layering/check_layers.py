#!/usr/bin/env python3
"""Checks every `#include "folder/..."` between folders of cli/ against the
written layering (cli/layers.txt), so a lower layer never includes a higher
one, even through a header-only include that the link would not see.

Usage: check_layers.py [CLI_DIR [LAYERS_FILE]]   (defaults: cli/, CLI_DIR/layers.txt)
Exit 0: every edge allowed; 1: forbidden edges, each printed as
file:line: from -> to; 2: the list cannot be read or a folder is not in it.
"""

import os
import re
import sys

SOURCE_SUFFIXES = (".cpp", ".hpp", ".h", ".cc", ".c")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


class ListError(Exception):
    pass


def read_layers(path):
    """Returns (allowed: {layer: set of layers it may include}, standalone: set),
    with the same grammar cli/layers.cmake reads."""
    allowed, order, standalone = {}, [], set()
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path}:{number}"
            m = re.fullmatch(r"standalone +([a-z0-9_]+)", line)
            if m:
                standalone.add(m.group(1))
                continue
            m = re.fullmatch(r"([a-z0-9_]+):(.*)", line)
            if not m:
                raise ListError(f'{where}: cannot read "{line}": write "folder: lower folders...", '
                                '"folder: *" or "standalone folder"')
            layer, rest = m.group(1), m.group(2).split()
            if layer in allowed or layer in standalone:
                raise ListError(f"{where}: {layer} is listed twice")
            if rest == ["*"]:
                lower = set(order)
            else:
                for name in rest:
                    if name not in allowed:
                        raise ListError(f'{where}: {layer} may include only layers listed before it, '
                                        f'and "{name}" is not one')
                lower = set(rest)
            allowed[layer] = lower
            order.append(layer)
    return allowed, standalone


def source_files(cli_dir):
    for root, dirs, files in os.walk(cli_dir):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(SOURCE_SUFFIXES):
                yield os.path.join(root, name)


def check(cli_dir, layers_path):
    """Returns (problems, files, edges): problems as printable lines."""
    allowed, standalone = read_layers(layers_path)
    folders = sorted(e for e in os.listdir(cli_dir) if os.path.isdir(os.path.join(cli_dir, e)))
    unlisted = [f for f in folders if f not in allowed and f not in standalone]
    if unlisted:
        raise ListError(f"{layers_path}: cli/{unlisted[0]}/ is not in the list of layers: "
                        "add it with the layers it may include (or as standalone)")

    problems, files, edges = [], 0, 0
    for path in source_files(cli_dir):
        files += 1
        relative = os.path.relpath(path, cli_dir)
        parts = relative.split(os.sep)
        source = parts[0] if len(parts) > 1 else None  # None: cli/main.cpp, the executable
        with open(path, encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                included = m.group(1)
                where = f"{os.path.join(os.path.basename(os.path.normpath(cli_dir)), relative)}:{number}"
                if ".." in included.split("/"):
                    problems.append(f'{where}: #include "{included}": write the folder path '
                                    '("folder/file.hpp"), not a relative one, so the layering can be checked')
                    continue
                target = included.split("/")[0] if "/" in included else None
                if target is None or target == source or target not in folders:
                    continue  # same folder, or not a folder of cli/
                edges += 1
                if source is None:
                    if target in standalone:
                        problems.append(f"{where}: cli -> {target}: {target} is standalone, nothing includes it")
                    continue
                if source in standalone:
                    problems.append(f"{where}: {source} -> {target}: {source} is standalone and includes "
                                    "nothing of cli/")
                elif target in standalone:
                    problems.append(f"{where}: {source} -> {target}: {target} is standalone, nothing includes it")
                elif target not in allowed[source]:
                    may = ", ".join(sorted(allowed[source])) or "nothing but itself"
                    problems.append(f"{where}: {source} -> {target} is a forbidden edge "
                                    f"({source} may include: {may})")
    return problems, files, edges


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    cli_dir = argv[1] if len(argv) > 1 else os.path.join(here, "..", "..", "cli")
    cli_dir = os.path.normpath(cli_dir)
    layers_path = argv[2] if len(argv) > 2 else os.path.join(cli_dir, "layers.txt")
    try:
        problems, files, edges = check(cli_dir, layers_path)
    except (ListError, OSError) as e:
        print(f"layering: {e}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"layering: {len(problems)} forbidden include(s); the layers and what each may include: "
              f"{layers_path}", file=sys.stderr)
        return 1
    print(f"layering: {files} files, {edges} includes between folders of cli/, all allowed by {layers_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
