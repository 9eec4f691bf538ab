#!/usr/bin/env python3
"""What the wasm bytes are spent on: function body sizes from the code section, named from the
name section and grouped by crate and module (`kubestep::core::stage`, `leptos`, `std`, ...).

Usage: python3 scripts/wasm_sizes.py FILE.wasm [--depth N] [--top N] [--grep TEXT] [--summary]

`--summary` sorts every function into a few groups (our core, our UI, Leptos, YAML reading,
browser bindings, the standard library) as a Markdown table, for ARCHITECTURE.md. Shares are of
the code that ships: wasm-bindgen drops its descriptor functions from the module it writes.

Run it on the module *before* wasm-opt (target/wasm32-unknown-unknown/release/kubestep-web.wasm),
which still has its name section; the shipped file is smaller, roughly in proportion.
"""
import argparse
import re
import sys
from collections import defaultdict


def leb(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def sections(data):
    if data[:4] != b"\0asm":
        sys.exit("not a wasm module")
    pos = 8
    while pos < len(data):
        kind = data[pos]
        size, pos = leb(data, pos + 1)
        yield kind, data[pos : pos + size]
        pos += size


def imported_functions(body):
    count, pos = leb(body, 0)
    functions = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            length, pos = leb(body, pos)
            pos += length
        kind = body[pos]
        pos += 1
        if kind == 0:  # function: type index
            _, pos = leb(body, pos)
            functions += 1
        elif kind == 1:  # table: elem type, limits
            pos += 1
            flags, pos = leb(body, pos)
            _, pos = leb(body, pos)
            if flags & 1:
                _, pos = leb(body, pos)
        elif kind == 2:  # memory: limits
            flags, pos = leb(body, pos)
            _, pos = leb(body, pos)
            if flags & 1:
                _, pos = leb(body, pos)
        elif kind == 3:  # global: type, mutability
            pos += 2
        else:
            _, pos = leb(body, pos)
    return functions


def function_names(body):
    name_length, pos = leb(body, 0)
    if body[pos : pos + name_length] != b"name":
        return None
    pos += name_length
    names = {}
    while pos < len(body):
        sub, pos = body[pos], pos + 1
        size, pos = leb(body, pos)
        end = pos + size
        if sub == 1:
            count, pos = leb(body, pos)
            for _ in range(count):
                index, pos = leb(body, pos)
                length, pos = leb(body, pos)
                names[index] = body[pos : pos + length].decode("utf-8", "replace")
                pos += length
        pos = end
    return names


def demangle(name):
    """Enough of Rust's legacy mangling to group by path: _ZN4core3fmt5write17h..E."""
    match = re.match(r"_ZN(.*)E(?:\.\d+)?$", name)
    if not match:
        return name
    parts, rest = [], match.group(1)
    while rest and rest[0].isdigit():
        digits = re.match(r"\d+", rest).group(0)
        length = int(digits)
        parts.append(rest[len(digits) : len(digits) + length])
        rest = rest[len(digits) + length :]
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    path = "::".join(parts)
    return path.replace("$LT$", "<").replace("$GT$", ">").replace("$u20$", " ").replace("..", "::")


def group_of(path, depth):
    # A generic instantiation belongs to the module that names the type it is for when that is
    # ours (`<kubestep::core::stage::Stage as ...>::fmt` is the stage's cost).
    ours = re.search(r"kubestep::[A-Za-z0-9_:]+", path)
    if ours:
        path = ours.group(0)
    path = path.lstrip("<")
    segments = [s for s in re.split(r"::", path) if s]
    return "::".join(segments[:depth]) if segments else "(unnamed)"


# The summary's groups, by the crate a function belongs to (the first crate its name names;
# like `group_of`, a generic instantiated for one of our types counts as ours).
SUMMARY = [
    ("wasm-bindgen descriptors (read at build time, not shipped)", None),
    ("The core (`src/core`)", None),
    ("The UI shell (`src/ui`, `src/main.rs`)", None),
    ("Leptos (tachys, reactive_graph, leptos, server_fn, ...)",
     "tachys reactive_graph leptos leptos_dom leptos_server server_fn any_spawner slotmap "
     "send_wrapper throw_error or_poisoned oco_ref guardian hydration_context either_of next_tuple"),
    ("YAML reading (serde_yaml, unsafe_libyaml, indexmap, serde)",
     "unsafe_libyaml serde_yaml indexmap serde serde_core ryu itoa equivalent"),
    ("Browser bindings (wasm-bindgen, js-sys, web-sys, futures)",
     "wasm_bindgen js_sys web_sys wasm_bindgen_futures wasm_streams futures_util futures_core "
     "futures_channel futures_task gloo_timers console_error_panic_hook"),
    ("Rust standard library (core, alloc, std: sort, B-tree, fmt, malloc)",
     "core alloc std hashbrown dlmalloc compiler_builtins __rustc"),
]


def summary_group(raw, path):
    if "describe" in path and ("__wbindgen_describe" in raw or "wasm_bindgen::describe" in path):
        return SUMMARY[0][0]
    if "kubestep::core" in path or "8kubestep4core" in raw:
        return SUMMARY[1][0]
    if "kubestep" in path or raw == "main":
        return SUMMARY[2][0]
    if raw.startswith("_R"):
        # Rust v0 mangling: the first crate root is `C`, an optional disambiguator, then the
        # name's length (and `_` when the name starts with `_` or a digit) and the name.
        match = re.search(r"C(?:s[0-9A-Za-z]*_)?(\d+)(_?)", raw)
        crate = raw[match.end() : match.end() + int(match.group(1))] if match else ""
    else:
        match = re.search(r"([A-Za-z_][A-Za-z0-9_]*)::", path)
        crate = match.group(1) if match else ""
    if not crate:
        if raw.startswith(("__wbg", "__wbindgen", "__externref", "intounderlying")):
            crate = "wasm_bindgen"
        else:  # memcmp, strlen, __multi3, ...
            crate = "compiler_builtins"
    for name, crates in SUMMARY[3:]:
        if crate in crates.split():
            return name
    return "Other"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("wasm")
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--grep", default=None)
    parser.add_argument("--summary", action="store_true")
    args = parser.parse_args()
    data = open(args.wasm, "rb").read()
    imports = 0
    bodies = []
    names = {}
    for kind, body in sections(data):
        if kind == 2:
            imports = imported_functions(body)
        elif kind == 10:
            count, pos = leb(body, 0)
            for _ in range(count):
                size, pos = leb(body, pos)
                bodies.append(size)
                pos += size
        elif kind == 0:
            found = function_names(body)
            if found:
                names = found
    if not names:
        sys.exit("no name section: run this on the module before wasm-opt")
    totals = defaultdict(int)
    counts = defaultdict(int)
    all_bytes = sum(bodies)
    for offset, size in enumerate(bodies):
        raw = names.get(imports + offset, "(unnamed)")
        path = demangle(raw)
        if args.grep and args.grep not in path:
            continue
        group = summary_group(raw, path) if args.summary else group_of(path, args.depth)
        totals[group] += size
        counts[group] += 1
    if args.summary:
        # Shares are of the code that ships: wasm-bindgen drops the descriptors.
        descriptors = SUMMARY[0][0]
        shipped = all_bytes - totals[descriptors]
        print("| group | raw code bytes | share |")
        print("| --- | ---: | ---: |")
        for name in [name for name, _ in SUMMARY[1:]] + ["Other"]:
            if totals[name]:
                print(f"| {name} | {totals[name]:,} | {100 * totals[name] / shipped:.1f}% |")
        print(f"| total | {shipped:,} | 100% |")
        print(f"| {descriptors} | {totals[descriptors]:,} | |")
        return
    print(f"{'bytes':>9} {'share':>6} {'fns':>5}  group (code section {all_bytes} bytes, {len(bodies)} functions)")
    for group, size in sorted(totals.items(), key=lambda item: -item[1])[: args.top]:
        print(f"{size:>9} {100 * size / all_bytes:5.1f}% {counts[group]:>5}  {group}")


if __name__ == "__main__":
    main()
