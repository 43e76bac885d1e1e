#!/usr/bin/env python3
"""mutants_sample.py - draw a fresh, reproducible sample of mutants of the
core for tests/mutate.sh.

Every mutation site of the core files is listed (a flipped comparison, a
negated or dropped condition, an integer constant off by one, a deleted call
statement, && and || swapped, another return value), the sites whose line is
already mutated in tests/mutants.txt are left out, and COUNT of them are drawn
with Python's random.Random(SEED): the same seed on the same source gives the
same sample.  Comments, string and character literals, log_*() and assertion
lines, preprocessor lines and code under #if/#ifdef are never mutated; only
function bodies are.  Each mutant names the unit test of its module (and one
more unit test that calls the enclosing function, if any) and the end-to-end
scenarios most related to it: those of the module that mention the most words
of the enclosing function (its name, its string literals).

usage: tests/mutants_sample.py [--seed N] [--count K] [-o FILE] [--list-sites]
  --seed N      random seed (record it: it is the sample's name)
  --count K     number of mutants (default 60)
  -o FILE       output (default tests/mutants-fresh.txt, "-" for stdout)
  --exclude F   a mutant list whose mutated lines are not drawn again
                (default tests/mutants.txt; may be repeated)
  --list-sites  print the number of sites per file and operator, draw nothing
"""
import argparse
import collections
import os
import random
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# core file -> (unit tests, candidate end-to-end scenarios, most related first)
CORE = {
    "engine/spool.c": (["test_spool"], ["spool_faults", "mailin_spool"]),
    "engine/spool_claim.c": (["test_spool"], ["mailin_spool", "import_spool"]),
    "engine/token.c": (["test_token"], ["reply_keys", "links_action"]),
    "engine/fsm.c": (["test_fsm"], ["offers_life", "signup_reply"]),
    "engine/http_links.c": (["test_http"], ["links_action", "signup_browser"]),
    "engine/http_pages.c": (["test_http"], ["links_action", "http_multipart"]),
    "engine/bounce.c": (["test_inbound"], ["mailin_spool"]),
    "mailers/reply_lines.c": (["test_reply"], ["mailin_spool", "signup_reply"]),
    "mailers/reply_quote.c": (["test_reply"], ["mailin_spool", "signup_reply"]),
    "mailers/reply_rules.c": (["test_reply_rules"], ["mailin_spool", "reply_keys"]),
    "mailers/command.c": (["test_command"], ["reply_keys", "mailin_spool"]),
    "mailers/robot.c": (["test_robot"], ["mailin_spool", "mailin_hostile"]),
    "mailers/dsn.c": (["test_dsn"], ["mailin_spool", "smtp_delivery"]),
    "mailers/route.c": (["test_route"], ["mailin_spool", "reply_keys"]),
    "mailers/inbound.c": (["test_inbound"], ["mailin_spool", "mailin_hostile", "signup_reply", "reply_keys",
                                            "notify_settings"]),
    "mailers/inbound_reply.c": (["test_inbound"], ["mailin_spool", "mailin_hostile"]),
    "batch/import.c": (["test_import"], ["import_manual", "import_hostile"]),
    "batch/import_header.c": (["test_import"], ["import_manual", "import_hostile"]),
    "batch/import_input.c": (["test_import"], ["import_spool"]),
    "batch/import_report.c": (["test_import"], ["import_manual", "import_hostile"]),
    "student/import_db.c": (["test_import"], ["import_manual", "import_identity"]),
    "student/account_fsm.c": (["test_fsm", "test_signup"], ["signup_reply", "signup_browser"]),
    "offer/offer.c": (["test_offer", "test_offer_faults"], ["offers_submit", "offers_life"]),
    "offer/offer_fsm.c": (["test_fsm", "test_offer", "test_offer_faults"],
                          ["offers_life", "offers_review"]),
    "offer/offer_life.c": (["test_offer", "test_offer_faults"], ["offers_life", "offers_expiry"]),
    "offer/offer_review.c": (["test_offer", "test_offer_faults"], ["offers_review", "review_delegation"]),
    "offer/offer_form.c": (["test_offer_form"], ["offers_submit", "offers_life"]),
    "offer/offer_csv.c": (["test_offer_form"], ["offers_submit"]),
    "offer/offer_mail.c": (["test_offer_mail", "test_structure", "test_offer_faults"],
                           ["offers_submit", "offers_search", "reply_keys"]),
    "offer/offer_notify.c": (["test_offer_mail", "test_structure", "test_offer_faults"],
                             ["offers_submit", "offers_review"]),
    "offer/offer_search.c": (["test_offer_search"], ["offers_search"]),
    "offer/offer_recommend.c": (["test_offer_mail", "test_offer_faults"], ["recommend_student"]),
    "offer/offer_text.c": (["test_user_text"], ["offers_submit"]),
}

# calls whose deletion only leaks or only changes the log: not drawn
NO_DELETE = re.compile(r"^(free|\w+_free|\w+_release|sqlite3_finalize|json_object_put|"
                       r"log_\w+|fatalx?|BUG|assert|\w+_clear|memset|explicit_bzero)\(")
SKIP_LINE = re.compile(r"\b(log_\w+|fatalx?|BUG|assert|static_assert)\s*\(")

CMP_FLIP = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}


def mask(code):
    """code with comments, strings and character literals blanked (same
    length), and whether a block comment is still open at its end."""
    out, i, n, state = [], 0, len(code), None
    while i < n:
        c = code[i]
        if state == "block":
            if code.startswith("*/", i):
                out.append("  "); i += 2; state = None
            else:
                out.append("\n" if c == "\n" else " "); i += 1
        elif code.startswith("/*", i):
            out.append("  "); i += 2; state = "block"
        elif code.startswith("//", i):
            while i < n and code[i] != "\n":
                out.append(" "); i += 1
        elif c in "\"'":
            q = c
            out.append(q); i += 1
            while i < n and code[i] != q and code[i] != "\n":
                if code[i] == "\\" and i + 1 < n:
                    out.append("  "); i += 2
                else:
                    out.append(" "); i += 1
            if i < n and code[i] == q:
                out.append(q); i += 1
        else:
            out.append(c); i += 1
    return "".join(out)


def balanced_end(s, start):
    """index of the ')' closing the '(' at start, or -1"""
    depth = 0
    for i in range(start, len(s)):
        if s[i] == "(":
            depth += 1
        elif s[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def top_level_split(s, ops=("&&", "||")):
    """split s at the && / || that are outside any parentheses"""
    parts, depth, last, i = [], 0, 0, 0
    while i < len(s):
        if s[i] == "(":
            depth += 1
        elif s[i] == ")":
            depth -= 1
        elif depth == 0 and s[i:i + 2] in ops:
            parts.append((last, i))
            last = i + 2
            i += 2
            continue
        i += 1
    parts.append((last, len(s)))
    return parts


def sites_of(path):
    """yield (line number, function, operator, new line) for one file"""
    with open(os.path.join(TOP, path), encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    masked = mask(text).split("\n")
    depth, func, in_body, cond, skip = 0, None, False, [], 0
    for no, (raw, m) in enumerate(zip(lines, masked)):
        s = m.strip()
        if s.startswith("#"):
            if re.match(r"#\s*if", s):
                cond.append(no)
            elif re.match(r"#\s*endif", s) and cond:
                cond.pop()
            continue
        before = depth
        if depth == 0:
            h = re.match(r"^(?:[A-Za-z_][\w \*]*[\s\*])?(\w+)\(", m)
            if h and not m.rstrip().endswith(";"):
                func = h.group(1)
            if s == "{":
                in_body = True
        depth = max(0, depth + m.count("{") - m.count("}"))
        if depth == 0:
            in_body = False
        if not in_body or before == 0 or cond or not s:
            continue
        # a logging or assertion call, with its continuation lines
        if skip > 0:
            skip += m.count("(") - m.count(")")
            continue
        lc = SKIP_LINE.search(m)
        if lc:
            skip = max(0, m[lc.start():].count("(") - m[lc.start():].count(")"))
            continue
        # a condition that only guards a log line changes nothing but the log
        if re.match(r"\s*(?:else )?if \(", m) and not m.rstrip().endswith("{") \
                and no + 1 < len(masked) and SKIP_LINE.match(masked[no + 1].strip()):
            continue
        yield from line_sites(no, func, raw, m)


def line_sites(no, func, raw, m):
    def repl(a, b, new):
        return raw[:a] + new + raw[b:]

    # comparisons
    for mt in re.finditer(r"(?<![<>=!\-])(<=|>=|==|!=|<|>)(?![<>=])", m):
        op = mt.group(1)
        if op == ">" and mt.start() > 0 and m[mt.start() - 1] == "-":
            continue
        yield no, func, "%s -> %s" % (op, CMP_FLIP[op]), repl(mt.start(), mt.end(), CMP_FLIP[op])
    # && <-> ||, where the operator joins two operands in its parentheses
    # (a mixed chain would change the grouping, and -Wparentheses refuses it)
    for mt in re.finditer(r"&&|\|\|", m):
        a, depth = mt.start(), 0
        while a > 0:
            a -= 1
            if m[a] == ")":
                depth += 1
            elif m[a] == "(":
                if depth == 0:
                    break
                depth -= 1
        b = balanced_end(m, a) if m[a] == "(" else -1
        group = m[a + 1:b] if b > 0 else m
        ops = set(group[x:y] for x, y in
                  [(e, e + 2) for (_, e) in top_level_split(group)[:-1]])
        if len(ops) != 1 or len(top_level_split(group)) != 2:
            continue
        new = "||" if mt.group(0) == "&&" else "&&"
        yield no, func, "%s -> %s" % (mt.group(0), new), repl(mt.start(), mt.end(), new)
    # conditions of an if on one line: negated, or one operand dropped
    for mt in re.finditer(r"\bif \(", m):
        a = mt.end() - 1
        b = balanced_end(m, a)
        if b < 0:
            continue
        inner = raw[a + 1:b]
        yield no, func, "if negated", repl(a + 1, b, "!(" + inner + ")")
        parts = top_level_split(m[a + 1:b])
        if len(parts) > 1:
            for k, (pa, pb) in enumerate(parts):
                keep = [raw[a + 1 + x:a + 1 + y].strip() for j, (x, y) in enumerate(parts) if j != k]
                ops = [m[a + 1 + y:a + 3 + y] for (x, y) in parts[:-1]]
                if len(set(ops)) != 1:
                    break
                new = (" %s " % ops[0]).join(keep)
                yield no, func, "if drops '%s'" % raw[a + 1 + pa:a + 1 + pb].strip(), \
                    repl(a + 1, b, new)
    # integer constants off by one (not array sizes)
    for mt in re.finditer(r"(?<![\w.])(\d+)(?![\w.])", m):
        if m[:mt.start()].rstrip().endswith("[") and re.match(r"\s*(char|unsigned|int|size_t|const|struct|static)\b", m):
            continue
        # one site per constant: up, or down for every other positive one
        v = int(mt.group(1))
        nv = v - 1 if v > 0 and (no + mt.start()) % 2 else v + 1
        yield no, func, "%d -> %d" % (v, nv), repl(mt.start(), mt.end(), str(nv))
    # a call statement with a side effect deleted
    s = m.strip()
    call = re.match(r"^(\(void\))?\s*([A-Za-z_]\w*)\s*\(", s)
    if call and s.endswith(");") and balanced_end(s, s.index("(", call.start(2))) == len(s) - 2 \
            and not NO_DELETE.match(s.replace("(void)", "").strip()) and call.group(2) not in ("if", "while", "for", "switch", "return"):
        # an empty block, not ";": the body of an if or else stays a valid one
        lead = raw[:len(raw) - len(raw.lstrip())]
        yield no, func, "call deleted", lead + "{ }"
    # another return value
    r = re.match(r"^(\s*)return (-?\d+|true|false|NULL);", m)
    if r:
        other = {"0": "-1", "-1": "0", "1": "0", "true": "false", "false": "true"}.get(r.group(2))
        if other is None and r.group(2) != "NULL":
            other = "0"
        if other:
            a = m.index(r.group(2), len(r.group(1)))
            yield no, func, "return %s -> %s" % (r.group(2), other), repl(a, a + len(r.group(2)), other)


def unique_text(text, lines, no, new):
    """the smallest snippet around line no that occurs once in text, and its
    mutated form (new replaces line no; None deletes it)"""
    line = lines[no]
    lead = len(line) - len(line.lstrip())
    cand = [(line[lead:], (new[lead:] if new is not None else None))]
    if no + 1 < len(lines):
        cand.append((line + "\n" + lines[no + 1],
                     (new + "\n" if new is not None else "") + lines[no + 1]))
    if no > 0 and no + 1 < len(lines):
        cand.append((lines[no - 1] + "\n" + line + "\n" + lines[no + 1],
                     lines[no - 1] + "\n" + (new + "\n" if new is not None else "") + lines[no + 1]))
    for old, mut in cand:
        if text.count(old) == 1:
            if mut is None:
                # a whole line deleted: keep it a valid statement
                mut = ";" if line[lead:].endswith(";") else ""
            return old, mut
    return None


def excluded_lines(paths, texts):
    """(path, line number) of the core lines the given lists already mutate:
    each mutant's original text (active or commented) found in its file; a
    text no longer found (stale) excludes nothing"""
    by_base = {}
    for path in texts:
        by_base.setdefault(os.path.basename(path), []).append(path)
    seen = set()
    for p in paths:
        try:
            with open(p, encoding="utf-8") as f:
                lines = f.read().split("\n")
        except OSError:
            continue
        entries, cur = [], None
        for l in lines:
            l = l[2:] if l.startswith("# ") else l
            if l.startswith("@ "):
                cur = [l[2:].split("|")[0].strip(), []]
                entries.append(cur)
            elif cur is not None and l.startswith("- "):
                cur[1].append(l[2:])
        for base, old in entries:
            t = "\n".join(old)
            for path in by_base.get(base, []) if t.strip() else []:
                text = texts[path][0]
                at = text.find(t)
                if at < 0 or text.find(t, at + 1) >= 0:
                    continue
                first = text.count("\n", 0, at)
                for no in range(first, first + t.count("\n") + 1):
                    seen.add((path, no))
    return seen


def words_of_function(text_lines, masked_lines, func):
    """the words that name the function: its name's parts and its string literals"""
    words = set(w for w in func.split("_") if len(w) > 3)
    start = None
    for i, m in enumerate(masked_lines):
        if re.match(r"^(?:[A-Za-z_][\w \*]*[\s\*])?%s\(" % re.escape(func), m):
            start = i
            break
    if start is None:
        return words
    depth, seen = 0, False
    for i in range(start, len(text_lines)):
        for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', text_lines[i]):
            for w in re.findall(r"[A-Za-z][A-Za-z_]{3,}", lit):
                words.add(w)
        depth += masked_lines[i].count("{") - masked_lines[i].count("}")
        if "{" in masked_lines[i]:
            seen = True
        if seen and depth <= 0:
            break
    return words


def is_static(masked_lines, func):
    """whether func is defined static (its header or the line before)"""
    for i, m in enumerate(masked_lines):
        if re.match(r"^(?:[A-Za-z_][\w \*]*[\s\*])?%s\(" % re.escape(func), m) \
                and not m.rstrip().endswith(";"):
            return m.startswith("static") or (i > 0 and masked_lines[i - 1].startswith("static"))
    return True


def tests_for(path, func, text_lines, masked_lines, cache):
    units, e2es = CORE[path]
    units = ["tests/unit/" + u for u in units]
    # one more unit test that calls the enclosing function
    if func and not is_static(masked_lines, func):
        for t in sorted(os.listdir(os.path.join(TOP, "tests/unit"))):
            if t.startswith("test_") and t.endswith(".c"):
                prog = "tests/unit/" + t[:-2]
                if prog in units:
                    continue
                src = cache.setdefault(t, open(os.path.join(TOP, "tests/unit", t), encoding="utf-8").read())
                if re.search(r"\b%s\(" % re.escape(func), src):
                    units.append(prog)
                    break
    words = words_of_function(text_lines, masked_lines, func) if func else set()
    ranked = []
    for k, e in enumerate(e2es):
        src = cache.setdefault(e, open(os.path.join(TOP, "tests/e2e", e + ".sh"), encoding="utf-8").read())
        ranked.append((-sum(1 for w in words if w in src), k, e))
    ranked.sort()
    pick = [ranked[0][2]] + [e for (sc, k, e) in ranked[1:2] if sc < 0]
    return units + ["tests/e2e/%s.sh" % e for e in pick]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=60)
    ap.add_argument("-o", dest="out", default=os.path.join(TOP, "tests/mutants-fresh.txt"))
    ap.add_argument("--exclude", action="append")
    ap.add_argument("--list-sites", action="store_true")
    a = ap.parse_args()

    sites = []
    texts = {}
    for path in sorted(CORE):
        if not os.path.exists(os.path.join(TOP, path)):
            continue
        with open(os.path.join(TOP, path), encoding="utf-8") as f:
            text = f.read()
        texts[path] = (text, text.split("\n"), mask(text).split("\n"))
    excl = excluded_lines(a.exclude or [os.path.join(TOP, "tests/mutants.txt")], texts)
    for path in sorted(texts):
        for no, func, op, new in sites_of(path):
            if (path, no) in excl:
                continue
            sites.append((path, no, func, op, new))
    if a.list_sites:
        per = collections.Counter(s[0] for s in sites)
        ops = collections.Counter(re.sub(r"-?\d+", "N", s[3]) if "'" not in s[3] else "if drops" for s in sites)
        for k, v in sorted(per.items()):
            print("%5d %s" % (v, k))
        for k, v in sorted(ops.items()):
            print("%5d %s" % (v, k))
        print("%5d sites" % len(sites))
        return 0

    rng = random.Random(a.seed)
    order = list(range(len(sites)))
    rng.shuffle(order)
    chosen, used_lines, cache = [], set(), {}
    for i in order:
        path, no, func, op, new = sites[i]
        if (path, no) in used_lines:
            continue
        text, lines, masked = texts[path]
        snip = unique_text(text, lines, no, new)
        if snip is None:
            continue
        used_lines.add((path, no))
        chosen.append((path, no, func, op, snip))
        if len(chosen) == a.count:
            break

    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8")
    name = "mutants-fresh.txt" if a.out == "-" else os.path.basename(a.out)
    listed = os.path.relpath(os.path.abspath(a.out), TOP) if a.out != "-" else "tests/" + name
    out.write("# %s - a fresh random sample of mutants of the core, drawn by\n"
              "#   tests/mutants_sample.py --seed %d --count %d\n"
              "# from %d mutation sites (lines already in tests/mutants.txt left out).\n"
              "# Score it with: tests/mutate.sh -f %s\n\n"
              % (name, a.seed, a.count, len(sites), listed))
    for path, no, func, op, (old, mut) in chosen:
        tests = tests_for(path, func, texts[path][1], texts[path][2], cache)
        out.write("@ %s | %s | %s:%d %s(): %s\n" % (os.path.basename(path), " ".join(tests),
                                                     os.path.basename(path), no + 1, func, op))
        for l in old.split("\n"):
            out.write("- %s\n" % l)
        for l in mut.split("\n"):
            out.write(("+ %s\n" % l) if l else "+\n")
    if out is not sys.stdout:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
