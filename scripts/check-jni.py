#!/usr/bin/env python3
"""Checks every JNI call from Rust into the app's own Kotlin against the Kotlin sources.

There is no Android SDK or Gradle here, so a wrong method name or signature in a JNI call would only show on a
phone, as a NoSuchMethodError at the first cue. This script reads:
  - the Rust side (src/platform/android.rs): the class constants (`const X_CLASS: &str = "dev.dioxus.main.Y"`)
    and every call `app_call(X_CLASS, "method", "(sig)ret", ...)` or `cues_call("method", "(sig)ret", ...)`
    (cues_call is app_call on CUES_CLASS);
  - the Kotlin side (mobile/android/*.kt): each top-level `object`/`class`, its package, and its `@JvmStatic`
    functions with their parameter and return types, turned into JNI descriptors (imports resolve simple
    names; Kotlin's Int/Long/Boolean/Short/..., String, XArray, Array<T>; a nullable `T?` is the same T);
and fails unless each called class exists in that package, declares the method @JvmStatic (the calls are
static), with exactly that descriptor, and is kept by a -keep rule in mobile/android/unknot-jni.pro (release
builds are minified by R8, which cannot see JNI calls).
Usage: scripts/check-jni.py [rust-file ...]   (default: src/platform/android.rs). Exits 1 on any mismatch.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
RUST = [pathlib.Path(p) for p in sys.argv[1:]] or [ROOT / "src/platform/android.rs"]
KOTLIN = sorted((ROOT / "mobile/android").glob("*.kt"))
KEEP = ROOT / "mobile/android/unknot-jni.pro"

PRIMITIVES = {
    "Int": "I", "Long": "J", "Boolean": "Z", "Short": "S", "Byte": "B", "Char": "C", "Float": "F", "Double": "D",
    "Unit": "V",
    "IntArray": "[I", "LongArray": "[J", "BooleanArray": "[Z", "ShortArray": "[S", "ByteArray": "[B",
    "CharArray": "[C", "FloatArray": "[F", "DoubleArray": "[D",
}
# Kotlin names for Java classes that need no import.
IMPLICIT = {"String": "java.lang.String", "Any": "java.lang.Object", "CharSequence": "java.lang.CharSequence"}


def strip_comments(text):
    """Kotlin/ProGuard text without comments; string literals are kept but cannot open a comment ("*/*")."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("//", i) or (text[i] == "#" and KEEP_SYNTAX[0]):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif text[i] == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


# Whether '#' starts a comment (ProGuard files) while stripping.
KEEP_SYNTAX = [False]


def strip_keep_comments(text):
    KEEP_SYNTAX[0] = True
    try:
        return strip_comments(text)
    finally:
        KEEP_SYNTAX[0] = False


def descriptor(kotlin_type, imports, package):
    t = kotlin_type.strip().rstrip("?").strip()
    if t in PRIMITIVES:
        return PRIMITIVES[t]
    m = re.fullmatch(r"Array<\s*(?:out\s+)?(.+)>", t)
    if m:
        return "[" + descriptor(m.group(1), imports, package)
    if "<" in t:
        t = t[: t.index("<")]
    if t in imports:
        fqn = imports[t]
    elif t in IMPLICIT:
        fqn = IMPLICIT[t]
    elif "." in t:
        fqn = t
    else:
        fqn = f"{package}.{t}"
    return "L" + fqn.replace(".", "/") + ";"


def split_params(params):
    out, depth, cur = [], 0, ""
    for ch in params:
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    return out


def kotlin_statics():
    """{ 'pkg.Class': { 'method': [descriptor, ...] } } for every @JvmStatic fun, by top-level class."""
    found = {}
    for path in KOTLIN:
        text = strip_comments(path.read_text())
        package = re.search(r"^package\s+([\w.]+)", text, re.M).group(1)
        imports = {m.group(1).split(".")[-1]: m.group(1) for m in re.finditer(r"^import\s+([\w.]+)\s*$", text, re.M)}
        # Top-level declarations start at column 0.
        tops = [(m.start(), m.group(1)) for m in re.finditer(r"^(?:[a-z]+\s+)*(?:object|class)\s+(\w+)", text, re.M)]
        for m in re.finditer(r"@JvmStatic\s+(?:(?:internal|public)\s+)?fun\s+(\w+)\s*\(([^)]*)\)\s*(?::\s*([\w<>?,.\s]+?))?\s*[={]", text):
            owner = [name for start, name in tops if start < m.start()]
            if not owner:
                continue
            params = []
            for p in split_params(m.group(2)):
                if ":" not in p:
                    continue
                params.append(descriptor(p.split(":", 1)[1].split("=")[0], imports, package))
            ret = descriptor(m.group(3), imports, package) if m.group(3) else "V"
            sig = "(" + "".join(params) + ")" + ret
            found.setdefault(f"{package}.{owner[-1]}", {}).setdefault(m.group(1), []).append(sig)
    return found


def rust_calls(path):
    text = path.read_text()
    consts = dict(re.findall(r'const\s+(\w+)\s*:\s*&str\s*=\s*"([\w.$]+)"', text))
    calls = []
    for m in re.finditer(r'\bapp_call\(\s*(\w+)\s*,\s*"(\w+)"\s*,\s*"([^"]+)"', text):
        calls.append((consts.get(m.group(1), m.group(1)), m.group(2), m.group(3), text.count("\n", 0, m.start()) + 1))
    for m in re.finditer(r'\bcues_call\(\s*"(\w+)"\s*,\s*"([^"]+)"', text):
        calls.append((consts.get("CUES_CLASS", "?"), m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1))
    return calls


def main():
    statics = kotlin_statics()
    keep = strip_keep_comments(KEEP.read_text()) if KEEP.exists() else ""
    kept = set(re.findall(r"-keep\s+class\s+([\w.$]+)", keep))
    errors, checked = [], 0
    for path in RUST:
        calls = rust_calls(path)
        if not calls:
            errors.append(f"{path}: no app_call/cues_call found (has the calling convention changed?)")
        for cls, method, sig, line in calls:
            checked += 1
            shown = path.relative_to(ROOT) if path.is_absolute() and path.is_relative_to(ROOT) else path
            where = f"{shown}:{line}: {cls}.{method}{sig}"
            if cls not in statics:
                errors.append(f"{where}: no class {cls} with @JvmStatic functions in {', '.join(str(k.relative_to(ROOT)) for k in KOTLIN)}")
                continue
            sigs = statics[cls].get(method)
            if not sigs:
                errors.append(f"{where}: {cls} declares no @JvmStatic fun {method}")
            elif sig not in sigs:
                errors.append(f"{where}: the Kotlin declares {method}{' or '.join(sigs)}")
            if cls not in kept:
                errors.append(f"{where}: {cls} has no -keep rule in {KEEP.relative_to(ROOT)} (R8 would rename it)")
    for e in errors:
        print("FAIL:", e, file=sys.stderr)
    if errors:
        return 1
    print(f"   ok ({checked} JNI calls into {len({c for p in RUST for c, *_ in rust_calls(p)})} Kotlin classes match)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
