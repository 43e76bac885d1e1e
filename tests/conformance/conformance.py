#!/usr/bin/env python3
"""conformance.py CORPORA ALTC - see run.sh.  Every message goes through
`altc inspect --format json` in a throw-away instance without a database,
exactly as an operator would look at it."""
import json, os, re, subprocess, sys, tempfile

corpora, altc = sys.argv[1], sys.argv[2]
work = tempfile.mkdtemp(prefix="altc-conf.")
conf = os.path.join(work, "altconnect.conf")
with open(conf, "w") as f:
    f.write("[paths]\ndb = %s/none.db\n" % work)
env = dict(os.environ, ALTC_CONFIG=conf)
crashes = []


def inspect(path=None, data=None):
    """the JSON of altc inspect, or None when altc refused the input (not a mail)"""
    if data is not None:
        path = os.path.join(work, "msg.eml")
        with open(path, "wb") as f:
            f.write(data)
    p = subprocess.run([altc, "-q", "inspect", path, "--format", "json"], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    if p.returncode < 0 or p.returncode not in (0, 65):
        crashes.append("%s: exit %d %s" % (path, p.returncode, p.stderr.decode(errors="replace")[-200:]))
        return None
    if p.returncode != 0:
        return None
    return json.loads(p.stdout.decode())


def unescape(s):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}.get(m.group(1), m.group(1)), s)


def norm(s):
    return "\n".join(l.rstrip() for l in s.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n"))


def tsv(path):
    with open(path, encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f]
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:] if r and r[0]]


def pct(a, b):
    return "%d/%d (%.0f%%)" % (a, b, 100.0 * a / b if b else 0)


# --- github/email_reply_parser: the visible reply text
d = os.path.join(corpora, "github-email_reply_parser")
if os.path.isdir(d):
    good = total = 0
    misses = []
    for row in tsv(os.path.join(d, "expected.tsv")):
        with open(os.path.join(d, "emails", row["fixture"]), "rb") as f:
            body = f.read()
        mail = b"From: someone@example.org\nTo: offres@univ.example\nSubject: Re: x\n" \
               b"Content-Type: text/plain; charset=utf-8\n\n" + body
        j = inspect(data=mail)
        total += 1
        want = norm(unescape(row["visible_text"]))
        got = norm(j["reply_text"]) if j else None
        if got == want:
            good += 1
        else:
            misses.append(row["fixture"])
    print("email_reply_parser  reply text exact: %s" % pct(good, total))
    if misses:
        print("  differing: %s" % " ".join(misses))

# --- sisimai: bounces, statuses, auto-replies, non-bounces
d = os.path.join(corpora, "sisimai-set-of-emails")
if os.path.isdir(d):
    seen = {}
    detect = detect_n = status = status_n = hard = hard_n = vac = vac_n = neg = neg_n = 0
    for row in tsv(os.path.join(d, "expected.tsv")):
        f = row["file"]
        if f not in seen:
            seen[f] = inspect(os.path.join(d, f))
        j = seen[f]
        reason = row["reason"]
        if reason in ("vacation",):
            vac_n += 1
            vac += bool(j and j["automatic"] and j["bounce"] is None)
        elif reason in ("NOT_A_BOUNCE", "delivered", "feedback"):
            neg_n += 1
            neg += bool(j and j["bounce"] is None)
        else:
            if row["recipient_index"] != "1":
                continue
            detect_n += 1
            b = j and j["bounce"]
            detect += bool(b)
            st = row["delivery_status"]
            if re.match(r"^[45]\.\d+\.\d+$", st) and not re.match(r"^[45]\.0\.9\d\d$", st):
                status_n += 1
                status += bool(b and b["status"] == st)
            hard_n += 1
            # altconnect's rule: 5.x.x is hard; sisimai's hard_bounce follows its reason table
            hard += bool(b and b["hard"] == (row["hard_bounce"] == "true"))
    print("sisimai  bounce detected: %s" % pct(detect, detect_n))
    print("sisimai  status code equal (RFC 3463 codes only): %s" % pct(status, status_n))
    print("sisimai  hard/soft agrees with sisimai's reason-based flag: %s" % pct(hard, hard_n))
    print("sisimai  auto-replies seen as automatic, not bounces: %s" % pct(vac, vac_n))
    print("sisimai  delivered/feedback/non-bounces not taken for bounces: %s" % pct(neg, neg_n))
    # the other layouts (CRLF and CR-only copies, split mbox errors) must at least parse
    other = 0
    for sub in ("maildir/dos", "maildir/mac", "maildir/err", "maildir/not"):
        p = os.path.join(d, sub)
        if os.path.isdir(p):
            for name in sorted(os.listdir(p)):
                inspect(os.path.join(p, name))
                other += 1
    print("sisimai  other layouts parsed without crash: %d files" % other)

# --- flanker: odd MIME (no crash) and its few stated expectations
d = os.path.join(corpora, "flanker-messages")
if os.path.isdir(d):
    files = []
    for root, _, names in os.walk(d):
        for n in names:
            if n.endswith(".eml"):
                files.append(os.path.join(root, n))
    res = {os.path.relpath(f, d): inspect(f) for f in sorted(files)}
    print("flanker  messages parsed: %d (crashes counted below)" % len(files))
    good = total = 0
    for row in tsv(os.path.join(d, "expected.tsv")):
        j = res.get(row["file"])
        prop, want = row["property"], row["expected"]
        got = None
        if prop == "is_bounce":
            got = "true" if j and j["bounce"] else "false"
        elif prop == "bounce.status":
            got = j and j["bounce"] and j["bounce"]["status"]
        elif prop == "subject":
            got = j and j["subject"]
        else:
            continue
        total += 1
        good += got == want
    print("flanker  stated expectations met: %s" % pct(good, total))

# --- mime4j / MIME-tools: no crash; first text body equals a decoded leaf
d = os.path.join(corpora, "mime4j-testmsgs")
if os.path.isdir(d):
    n = good = total = 0
    for root, _, names in os.walk(d):
        for name in sorted(names):
            if not name.endswith(".msg"):
                continue
            path = os.path.join(root, name)
            j = inspect(path)
            n += 1
            base = name[:-4]
            leaves = [x for x in names if x.startswith(base + "_decoded_") and x.endswith(".txt")]
            if not leaves or not j or not j["body"].strip():
                continue
            total += 1
            body = norm(j["body"])
            for leaf in leaves:
                raw = open(os.path.join(root, leaf), "rb").read()
                for enc in ("utf-8", "latin-1"):
                    try:
                        if norm(raw.decode(enc)) == body:
                            good += 1
                            raise StopIteration
                    except (UnicodeDecodeError,):
                        continue
                    except StopIteration:
                        break
                else:
                    continue
                break
    print("mime4j  messages parsed: %d; chosen text body equals a decoded leaf: %s" % (n, pct(good, total)))

print("crashes: %d" % len(crashes))
for c in crashes[:20]:
    print("  " + c)
sys.exit(1 if crashes else 0)
