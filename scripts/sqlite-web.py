#!/usr/bin/env python3
"""SQLite for the web build, with its grammar cut down to what the journal uses (issue #16: a smaller wasm).

The SQLITE_OMIT_* options that remove SQL syntax (views, CTEs, window functions, ATTACH, ...) only work when
SQLite's generated files are made with them: the parser (lemon on parse.y), its token numbers (parse.h), the
opcode numbers that share them (opcodes.h, opcodes.c) and the keyword hash (mkkeywordhash). This script makes
those five files from third_party/sqlite/ with the options in .cargo/config.toml (SQLITE_WASM_RS_FLAGS) and puts
them in place of the same files in a copy of sqlite-wasm-rs's own amalgamation, third_party/sqlite/out/sqlite3.c,
which .cargo/config.toml hands to sqlite-wasm-rs's build (SQLITE_WASM_RS_SOURCE_DIR). Everything else in
sqlite3.c stays byte for byte the crate's.

Before that it makes the five files again without any option and checks that they are exactly the crate's: the
tool sources match the amalgamation's SQLite version, or the build stops here (say, after sqlite-wasm-rs moved to
a newer SQLite: update third_party/sqlite/, see its README).

Needs cc, tclsh and cargo. Takes a few seconds; does nothing when its inputs have not changed, and rewrites an
output only when its content changes (sqlite-wasm-rs rebuilds SQLite whenever a file there is newer).
Run by scripts/build-web.sh and scripts/test.sh before any wasm32 build.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "third_party" / "sqlite"
OUT = TOOLS / "out"
# Beside out/, not in it: sqlite-wasm-rs rebuilds SQLite when any file in out/ is newer than its last build.
STAMP = TOOLS / "out.stamp"
# The amalgamation's generated files, in the order mksqlite3c.tcl put them in.
SECTIONS = ["parse.h", "opcodes.h", "opcodes.c", "parse.c", "keywordhash.h"]


def flags():
    """The -D/-U options sqlite-wasm-rs compiles SQLite with (the environment wins, as in cargo's [env])."""
    value = os.environ.get("SQLITE_WASM_RS_FLAGS")
    if value is None:
        value = tomllib.loads((ROOT / ".cargo" / "config.toml").read_text())["env"]["SQLITE_WASM_RS_FLAGS"]
        if isinstance(value, dict):
            value = value["value"]
    return [f if f.startswith(("-D", "-U")) else "-D" + f for f in value.split()]


def crate_amalgamation():
    """sqlite-wasm-rs's sqlite3.c, at the version Cargo.lock names (cargo fetches it if needed)."""
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--filter-platform", "wasm32-unknown-unknown"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    for package in meta["packages"]:
        if package["name"] == "sqlite-wasm-rs":
            return Path(package["manifest_path"]).parent / "sqlite3"
    sys.exit("sqlite-web: sqlite-wasm-rs is not in the wasm32 dependency tree")


def split(text):
    """{name: (start, end)} of each generated file's text between the amalgamation's Begin/End markers."""
    spans = {}
    for name in SECTIONS:
        begin = re.search(r"^/\*+ Begin file %s \*+/\n" % re.escape(name), text, re.M)
        end = re.search(r"^/\*+ End of %s \*+/\n" % re.escape(name), text, re.M)
        if not begin or not end or text.count("Begin file %s " % name) != 1:
            sys.exit(f"sqlite-web: {name} is not once in the amalgamation")
        spans[name] = (begin.end(), end.start())
    return spans


def as_in_amalgamation(generated, original):
    """A generated file written the way mksqlite3c.tcl writes it into sqlite3.c: no #line, no trailing blanks,
    #include lines commented out, SQLITE_PRIVATE/SQLITE_API before the same declarations, the same blank lines
    at the end."""
    prefixes = {}
    for line in original.split("\n"):
        for prefix in ("SQLITE_PRIVATE ", "SQLITE_API "):
            if line.startswith(prefix):
                prefixes[line[len(prefix):]] = prefix
    lines = []
    for line in generated.split("\n"):
        if line.startswith("#line "):
            continue
        line = line.rstrip()
        line = re.sub(r'^#include ([<"].*[>"])$', r"/* #include \1 */", line)
        lines.append(prefixes.get(line, "") + line)
    body = "\n".join(lines).rstrip("\n")
    return body + original[len(original.rstrip("\n")):]


def generate(work, defines, vdbe):
    """The five files for these -D options: lemon on parse.y, mkkeywordhash, mkopcodeh.tcl and mkopcodec.tcl."""
    work.mkdir()
    shutil.copy(TOOLS / "parse.y", work)
    subprocess.run([str(work.parent / "lemon"), *defines, "-q", "-T" + str(TOOLS / "lempar.c"), "parse.y"],
                   cwd=work, check=True)
    subprocess.run(["cc", "-o", str(work / "mkkeywordhash"), *defines, str(TOOLS / "mkkeywordhash.c")], check=True)
    files = {
        "parse.c": (work / "parse.c").read_text(),
        "parse.h": (work / "parse.h").read_text(),
        "keywordhash.h": subprocess.run([str(work / "mkkeywordhash")], check=True, capture_output=True,
                                        text=True).stdout,
    }
    files["opcodes.h"] = subprocess.run(["tclsh", str(TOOLS / "mkopcodeh.tcl")], input=files["parse.h"] + vdbe,
                                        check=True, capture_output=True, text=True).stdout
    (work / "opcodes.h").write_text(files["opcodes.h"])
    files["opcodes.c"] = subprocess.run(["tclsh", str(TOOLS / "mkopcodec.tcl"), "opcodes.h"], cwd=work,
                                        check=True, capture_output=True, text=True).stdout
    return files


def write_if_changed(path, data):
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def main():
    source = crate_amalgamation()
    options = flags()
    stamp = hashlib.sha256()
    for part in [Path(__file__), *sorted(p for p in TOOLS.iterdir() if p.suffix in (".c", ".y", ".tcl"))]:
        stamp.update(part.read_bytes())
    stamp.update(" ".join(options).encode() + str(source).encode())
    stamp = stamp.hexdigest()
    if STAMP.exists() and STAMP.read_text() == stamp and (OUT / "sqlite3.c").exists():
        return

    text = (source / "sqlite3.c").read_text()
    spans = split(text)
    original = {name: text[a:b] for name, (a, b) in spans.items()}
    begin, end = re.search(r"^/\*+ Begin file vdbe\.c \*+/\n(.*?)^/\*+ End of vdbe\.c \*+/\n", text, re.M | re.S).span(1)
    vdbe = text[begin:end]
    # lemon's %ifdef/%if need the names only; SQLite's makefile gives it and mkkeywordhash the same OPTS.
    defines = [f for f in options if f.startswith("-D")]

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run(["cc", "-O1", "-o", str(tmp / "lemon"), str(TOOLS / "lemon.c")], check=True)
        plain = generate(tmp / "plain", [], vdbe)
        wrong = [n for n in SECTIONS if as_in_amalgamation(plain[n], original[n]) != original[n]]
        if wrong:
            sys.exit(f"sqlite-web: third_party/sqlite/ does not make the {', '.join(wrong)} of {source / 'sqlite3.c'} "
                     "(another SQLite version?): update third_party/sqlite/ (its README says how)")
        ours = generate(tmp / "ours", defines, vdbe)

    pieces, at = [], 0
    for name, (a, b) in sorted(spans.items(), key=lambda item: item[1]):
        pieces += [text[at:a], as_in_amalgamation(ours[name], original[name])]
        at = b
    pieces.append(text[at:])
    OUT.mkdir(exist_ok=True)
    write_if_changed(OUT / "sqlite3.c", "".join(pieces).encode())
    write_if_changed(OUT / "sqlite3.h", (source / "sqlite3.h").read_bytes())
    STAMP.write_text(stamp)
    print(f"sqlite-web: {OUT / 'sqlite3.c'} (SQLite's grammar with {' '.join(defines)})")


if __name__ == "__main__":
    main()
