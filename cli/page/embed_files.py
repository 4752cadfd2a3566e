#!/usr/bin/env python3
"""Writes a C++ file that holds the given files' bytes, for cli/embedded_files.hpp:
the page of `coop run --html` carries its template, style, script and the
pictures of docs/pictures inside the coop program, so that it needs no file
beside it, from whatever directory it runs and wherever it is installed.

usage: embed_files.py OUTPUT.cpp FILE...   (each file is found by its base name)
Run by the build (cli/meson.build); it needs nothing but Python's standard library."""
import sys
from pathlib import Path

output, inputs = Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]]
names = [p.name for p in inputs]
if len(set(names)) != len(names):
    sys.exit(f"embed_files.py: two files with one name among {names}")

lines = ["// Written by cli/page/embed_files.py at build time: do not edit.",
         '#include "cli/embedded_files.hpp"', "", "namespace coop::cli {", "", "namespace {", ""]
for i, path in enumerate(inputs):
    data = path.read_bytes()
    lines.append(f"// {path.name}: {len(data)} bytes")
    # Numbers, not a string literal: a literal of more than 64 KiB draws a
    # warning from clang -pedantic, and bytes need no escaping.
    lines.append(f"const unsigned char file_{i}[] = {{")
    for start in range(0, len(data), 24):
        lines.append("    " + ", ".join(str(b) for b in data[start:start + 24]) + ",")
    lines.append("    0};")
    lines.append("")
lines += ["}  // namespace", "", "std::span<const EmbeddedFile> embedded_files() {",
          "    static const EmbeddedFile files[] = {"]
for i, path in enumerate(inputs):
    size = path.stat().st_size
    lines.append(f'        {{"{path.name}", std::string_view(reinterpret_cast<const char*>(file_{i}), {size})}},')
lines += ["    };", "    return files;", "}", "", "}  // namespace coop::cli", ""]
output.write_text("\n".join(lines))
