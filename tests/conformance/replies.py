#!/usr/bin/env python3
"""replies.py ALTC DIR... [--min PCT] [-v] - the project's own corpora through
`altc inspect --format json`: every NAME.eml of a reply folder against
NAME.expected (the exact text the sender wrote), every NAME.eml of a bounce
folder against NAME.expected ("hard" or "soft").  The class is the part of
the name before "__".  Prints the accuracy per class and in all; exits 1
when a total is under --min percent, 2 when altc crashed."""
import collections, json, os, subprocess, sys, tempfile

args = [a for a in sys.argv[1:]]
verbose = "-v" in args
if verbose:
    args.remove("-v")
minimum = 0.0
if "--min" in args:
    i = args.index("--min")
    minimum = float(args[i + 1])
    del args[i:i + 2]
altc, dirs = args[0], args[1:]
work = tempfile.mkdtemp(prefix="altc-replies.")
conf = os.path.join(work, "altconnect.conf")
with open(conf, "w") as f:
    f.write("[paths]\ndb = %s/none.db\n" % work)
env = dict(os.environ, ALTC_CONFIG=conf)
crashed = 0


def inspect(path):
    global crashed
    p = subprocess.run([altc, "-q", "inspect", path, "--format", "json"], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if p.returncode not in (0, 65):
        crashed += 1
        return None
    return json.loads(p.stdout.decode()) if p.returncode == 0 else None


def norm(s):
    return "\n".join(l.rstrip() for l in s.replace("\r\n", "\n").strip().split("\n"))


status = 0
for d in dirs:
    per = collections.defaultdict(lambda: [0, 0])
    misses = []
    names = sorted(f[:-4] for f in os.listdir(d) if f.endswith(".eml"))
    kind = "replies"
    for name in names:
        with open(os.path.join(d, name + ".expected"), encoding="utf-8") as f:
            want = f.read()
        j = inspect(os.path.join(d, name + ".eml"))
        cls = name.split("__")[0]
        if want.strip() in ("hard", "soft", "none"):
            kind = "bounces"
            b = j and j["bounce"]
            got = "none" if not b else ("hard" if b["hard"] else "soft")
            ok = got == want.strip()
            detail = "%s, want %s (%s)" % (got, want.strip(), b and b["status"])
        else:
            got = norm(j["reply_text"]) if j and j["reply_text"] is not None else None
            ok = got == norm(want)
            detail = "rule %s" % (j and j.get("reply_rule"))
            if not ok and verbose:
                detail += "\n--- want\n%s\n--- got\n%s" % (norm(want), got)
        per[cls][1] += 1
        per[cls][0] += ok
        if not ok:
            misses.append("%s: %s" % (name, detail))
    good = sum(v[0] for v in per.values())
    total = sum(v[1] for v in per.values())
    pct = 100.0 * good / total if total else 0.0
    print("%s (%s): %d/%d exact (%.1f%%)" % (os.path.join(*os.path.normpath(d).split(os.sep)[-3:]), kind, good, total, pct))
    for cls in sorted(per):
        g, t = per[cls]
        print("  %-14s %3d/%-3d %5.1f%%" % (cls, g, t, 100.0 * g / t))
    for m in misses:
        print("  miss " + m)
    if pct < minimum:
        status = 1
print("crashes: %d" % crashed)
sys.exit(2 if crashed else status)
