#!/usr/bin/env python3
"""check_layers.py - the folders of the source tree and the arrows between them.

An arrow A -> B means a file of folder A includes a header of folder B or
names a function that only folder B defines.  The check fails when the
folders' arrows form a cycle, or when a folder depends on one it must not
(the core depends on no other folder; the mail library only on the core).

usage: check_layers.py [SRCDIR] [--graph]
"""
import os
import re
import sys

# The source folders, and the folders each may never depend on.
FORBIDDEN = {
    "engine": None,          # None: no other folder at all
    "mailers": {"*"} ,       # filled below: everything except engine
}
NOT_SOURCE = {"tests", "bench", "templates", "data", "doc", "contrib", "m4",
              "build", "build-asan", "build-aux", "autom4te.cache", ".git",
              ".ci", "demo"}

DEF_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\(", re.M)
# a global object defined at column 0: "const struct cli_cmd cli_cmds_x[] = {"
DATA_RE = re.compile(r"^(?!static\b)(?:const\s+)?(?:struct\s+|enum\s+)?[A-Za-z_]\w*"
                     r"(?:\s+const)?[\s*]+([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*=", re.M)
IDENT_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
COMMENT_RE = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
STRING_RE = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')


def source_folders(top):
    out = []
    for name in sorted(os.listdir(top)):
        path = os.path.join(top, name)
        if name in NOT_SOURCE or name.startswith(".") or not os.path.isdir(path):
            continue
        if any(f.endswith((".c", ".h")) for f in os.listdir(path)):
            out.append(name)
    return out


def strip(text):
    text = COMMENT_RE.sub(" ", text)
    return STRING_RE.sub('""', text)


def read_tree(top, folders):
    files = {}
    for d in folders:
        for f in sorted(os.listdir(os.path.join(top, d))):
            if f.endswith((".c", ".h")):
                with open(os.path.join(top, d, f), encoding="utf-8", errors="replace") as fh:
                    files[(d, f)] = fh.read()
    return files


def global_definitions(files):
    """function name -> set of folders defining it (non-static, at column 0)"""
    defs = {}
    for (d, f), text in files.items():
        if not f.endswith(".c"):
            continue
        body = strip(text)
        lines = body.split("\n")
        for i, line in enumerate(lines):
            m = DEF_RE.match(line)
            if not m or m.group(1) in ("if", "while", "for", "switch", "return", "sizeof"):
                continue
            # the return type stands on the line(s) above; static ones are local
            j, head = i - 1, ""
            while j >= 0 and lines[j].strip() and not lines[j].rstrip().endswith((";", "}", "{")):
                head = lines[j] + " " + head
                j -= 1
            if re.search(r"\bstatic\b", head) or not head.strip():
                continue
            defs.setdefault(m.group(1), set()).add(d)
        for m in DATA_RE.finditer(body):
            defs.setdefault(m.group(1), set()).add(d)
    return defs


def arrows(files, folders):
    headers = {}
    for (d, f) in files:
        if f.endswith(".h"):
            headers.setdefault(f, set()).add(d)
    defs = global_definitions(files)
    edges = {}

    def add(a, b, why):
        if a != b:
            edges.setdefault((a, b), []).append(why)

    for (d, f), text in files.items():
        for inc in INCLUDE_RE.findall(text):
            for owner in headers.get(os.path.basename(inc), ()):
                if owner != d and len(headers[os.path.basename(inc)]) == 1:
                    add(d, owner, "%s/%s includes %s" % (d, f, inc))
        if not f.endswith(".c"):
            continue
        body = strip(text)
        seen = set()
        for ident in IDENT_RE.findall(body):
            if ident in seen:
                continue
            seen.add(ident)
            owners = defs.get(ident)
            if owners and d not in owners and len(owners) == 1:
                add(d, next(iter(owners)), "%s/%s names %s()" % (d, f, ident))
    return edges


def find_cycle(folders, edges):
    graph = {d: sorted(b for (a, b) in edges if a == d) for d in folders}
    colour, stack = {}, []

    def visit(n):
        colour[n] = 1
        stack.append(n)
        for m in graph.get(n, ()):
            if colour.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if not colour.get(m):
                c = visit(m)
                if c:
                    return c
        stack.pop()
        colour[n] = 2
        return None

    for n in folders:
        if not colour.get(n):
            c = visit(n)
            if c:
                return c
    return None


def main(argv):
    top = argv[1] if len(argv) > 1 and not argv[1].startswith("-") else "."
    folders = source_folders(top)
    files = read_tree(top, folders)
    edges = arrows(files, folders)
    if "--graph" in argv:
        for (a, b), why in sorted(edges.items()):
            print("%s -> %s (%d: %s)" % (a, b, len(why), why[0]))
    bad = 0
    for (a, b), why in sorted(edges.items()):
        if a == "engine" or (a == "mailers" and b != "engine"):
            print("not ok: %s must not depend on %s: %s" % (a, b, "; ".join(why[:5])))
            bad += 1
    cycle = find_cycle(folders, edges)
    if cycle:
        print("not ok: folders in a cycle: %s" % " -> ".join(cycle))
        for a, b in zip(cycle, cycle[1:]):
            print("  %s -> %s: %s" % (a, b, "; ".join(edges[(a, b)][:5])))
        bad += 1
    print("%d folders, %d files, %d arrows, %s" % (len(folders), len(files), len(edges),
          "no cycle" if not cycle else "a cycle"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
