#!/usr/bin/env python3
"""Property tests of -f yaml: records written as they came (issue 11).

    python3 tests/cmd/verbatim.py BINDIR DATE TMPDIR FILE...

For each FILE (a YAML or JSON stream) and for the streams this script
generates into TMPDIR, and for each record tool (derma-screen, derma-plan,
derma-aftercare) run with -d DATE -f yaml:

 (a) the output parses (PyYAML, every document) to the input's records,
     in order (bad records skipped), each with the tool's block: the
     record less its block is the input record less its old block, key
     for key in the same order; the block is where the old one was, or
     last; and it is the block of the same tool's -f json output;
 (b) the tool run on its own output gives the same bytes;
 (c) -j 1 and -j 4 give the same bytes;
 (d) for each record that takes the splice, the output record with its
     block removed is the input record with its old block removed, byte
     for byte, but for exactly these changes:
       - a "---" line (in the record's line end) first, when the record
         had none;
       - a byte order mark at the start of the input dropped;
       - when the block is new and the record's last content line had
         no line end (the end of the file), one is added before the block;
       - when the record's last line had no line end, one is added.
     A block is removed as the span from the start of its key's line to
     the end of the line of its last content (scalar or flow collection).
 (e) a record that must go through the emitter (SPEC 4, derma(5)): a
     flow-style top-level mapping (JSON), a top-level key not a scalar at
     column 0, an alias into the old block or an anchored block, a lone CR,
     NEL, LS or PS, input that is not UTF-8) keeps none of the comments
     inside it.

A record is the text from the start of its document (its directives or
"---" line; the start of the input for the first) to the start of the
next one, as the tools cut a stream.  Prints "FAIL <input>: <tool>: (<p>)
<what>" for each failed property, then "verbatim: N checks, M failed".
"""

import json
import math
import os
import random
import subprocess
import sys
import datetime

import yaml

Loader = yaml.CSafeLoader
TOOLS = (("derma-screen", "screening"), ("derma-plan", "plan"),
         ("derma-aftercare", "aftercare"))
checks = 0
failures = 0


def fail(name, tool, prop, what):
    global failures
    failures += 1
    print("FAIL %s: %s: (%s) %s" % (name, tool, prop, what))


def check(ok, name, tool, prop, what):
    global checks
    checks += 1
    if not ok:
        fail(name, tool, prop, what)
    return ok


# --- reading a stream as PyYAML sees it ---------------------------------------

def decode(raw):
    """The text of raw (str, no BOM), whether it was UTF-16, whether it
    had a BOM; None when it is neither UTF-8 nor UTF-16 with a BOM."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16").lstrip("\ufeff"), True, True
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.startswith("\ufeff"):
        return text[1:], False, True
    return text, False, False


BREAKS = "\n\r\x85\u2028\u2029"     # the line breaks libyaml counts


def line_start(text, i):
    return max(text.rfind(c, 0, i) for c in BREAKS) + 1


def line_end(text, i, limit):
    """Just past the line that holds the character before i."""
    if i > 0 and text[i - 1] == "\n":
        return i
    j = text.find("\n", i, limit)
    return j + 1 if j >= 0 else limit


def last_content(node):
    """The index just past the last content of a node: its last scalar or
    flow collection."""
    if isinstance(node, yaml.ScalarNode) or node.flow_style:
        return node.end_mark.index
    end = node.start_mark.index
    for item in node.value:
        for n in (item if isinstance(item, tuple) else (item,)):
            end = max(end, last_content(n))
    return end


class Doc:
    """One document of a stream: its region, its tree and its data."""

    def __init__(self):
        self.start = self.end = 0
        self.explicit = False
        self.node = None
        self.data = None
        self.anchors = {}       # name: index of the anchored node
        self.aliases = []       # (name, index)


def documents(text):
    """The documents of text; raises yaml.YAMLError."""
    docs = []
    cur = None
    for ev in yaml.parse(text, Loader=Loader):
        if isinstance(ev, yaml.DocumentStartEvent):
            cur = Doc()
            cur.explicit = ev.explicit
            cur.start = 0 if not docs else line_start(text, ev.start_mark.index)
            docs.append(cur)
        elif isinstance(ev, yaml.AliasEvent):
            cur.aliases.append((ev.anchor, ev.start_mark.index))
        elif isinstance(ev, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            if ev.anchor is not None:
                cur.anchors[ev.anchor] = ev.start_mark.index
    if any(len(d.aliases) > 100 for d in docs):
        # An alias bomb: canon() would write it out in full.
        raise yaml.YAMLError("too many aliases")
    for a, b in zip(docs, docs[1:]):
        a.end = b.start
    if docs:
        docs[-1].end = len(text)
    nodes = list(yaml.compose_all(text, Loader=Loader))
    sizes = {}
    if any(expanded(n, sizes) > 20000 for n in nodes):
        raise yaml.YAMLError("aliases that expand too far")
    try:
        datas = list(yaml.load_all(text, Loader=Loader))
    except ValueError as e:     # a date that does not exist
        raise yaml.YAMLError(str(e))
    for d, n, v in zip(docs, nodes, datas):
        d.node, d.data = n, v
    return docs


def expanded(node, sizes):
    """The nodes of a tree with its aliases written out."""
    if node is None or isinstance(node, yaml.ScalarNode):
        return 1
    if id(node) not in sizes:
        sizes[id(node)] = 1 + sum(
            expanded(n, sizes) for item in node.value
            for n in (item if isinstance(item, tuple) else (item,)))
    return sizes[id(node)]


def block_span(text, doc, key):
    """(start, end) of the top-level pair of key in doc, or None."""
    n = doc.node
    if not isinstance(n, yaml.MappingNode):
        return None
    for k, v in n.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            end = max(k.end_mark.index, last_content(v))
            return (k.start_mark.index, line_end(text, end, doc.end), k, v)
    return None


def comments_inside(text, doc):
    """The comment lines between a record's first key and its last content."""
    n = doc.node
    if not isinstance(n, yaml.MappingNode) or not n.value:
        return []
    a = n.value[0][0].start_mark.index
    b = last_content(n)
    scalars = []
    todo = [n]
    while todo:
        x = todo.pop()
        if isinstance(x, yaml.ScalarNode):
            scalars.append((x.start_mark.index, x.end_mark.index))
        else:
            for item in x.value:
                todo += item if isinstance(item, tuple) else (item,)
    found = []
    i = a
    for ln in text[a:b].splitlines(True):
        at = i + len(ln) - len(ln.lstrip())
        i += len(ln)
        if ln.strip().startswith("#") and not any(
                s <= at < e for s, e in scalars):
            found.append(ln.strip())
    return found


def must_fall_back(text, doc, key, utf16):
    """Why the record must go through the emitter, or None."""
    n = doc.node
    if utf16:
        return "UTF-16 input"
    if not isinstance(n, yaml.MappingNode) or n.flow_style or not n.value:
        return "not a block mapping"
    for k, _ in n.value:
        if not isinstance(k, yaml.ScalarNode) or k.start_mark.column != 0:
            return "a key not a scalar at column 0"
    span = block_span(text, doc, key)
    if span is not None:
        a, b, k, v = span
        for name, at in doc.anchors.items():
            if at in (k.start_mark.index, v.start_mark.index):
                return "an anchored block"
            if a <= at < b and any(al == name and not a <= i < b
                                   for al, i in doc.aliases):
                return "an alias into the old block"
    lk = n.value[-1][0]
    if not (isinstance(lk, yaml.ScalarNode) and lk.value == key):
        # The block is not the last pair (it is new, or elsewhere).
        last = n.value[-1][1]
        cut = line_end(text, last_content(n), doc.end)
        if (text[cut - 1] != "\n" and isinstance(last, yaml.ScalarNode) and
                last.style in ("|", ">")):
            return "a block scalar last, with no line end"
    r = text[doc.start:doc.end]
    if ("\x85" in r or "\u2028" in r or "\u2029" in r or
            r.replace("\r\n", "").find("\r") >= 0):
        return "a line break other than LF and CR LF"
    return None


def canon(v):
    """A value as the same thing in YAML and JSON: dates as their text."""
    if isinstance(v, dict):
        return ("map", tuple((canon(k), canon(x)) for k, x in v.items()))
    if isinstance(v, list):
        return ("seq", tuple(canon(x) for x in v))
    if isinstance(v, (datetime.date, datetime.datetime)):
        return ("str", v.isoformat())
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, float) and math.isnan(v):
        return ("nan",)
    return (type(v).__name__, v)


def without(data, key):
    return [(k, canon(v)) for k, v in data.items() if k != key]


# --- running the tools -------------------------------------------------------

def run(bindir, tool, args, path):
    p = subprocess.run([os.path.join(bindir, tool)] + args + [path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    return p.returncode, p.stdout, p.stderr


def check_file(bindir, date, tmpdir, path, name):
    raw = open(path, "rb").read()
    dec = decode(raw)
    if dec is None:
        return 0
    text, utf16, _ = dec
    try:
        docs = documents(text)
    except yaml.YAMLError as e:
        if os.environ.get("VERBATIM_VERBOSE"):
            print("skip %s: %s" % (name, str(e).replace("\n", " ")[:200]))
        return 0        # not a stream PyYAML reads whole: no property
    records = [d for d in docs if d.data is not None]
    if not any(isinstance(d.data, dict) for d in records):
        return 0
    for tool, key in TOOLS:
        base = ["-d", date, "-f", "yaml"]
        rc, out, err = run(bindir, tool, base + ["-j", "1"], path)
        if not check(rc in (0, 1, 65), name, tool, "a",
                     "exit status %d: %s" % (rc, err[:200])):
            continue
        rc4, out4, _ = run(bindir, tool, base + ["-j", "4"], path)
        check(out4 == out, name, tool, "c",
              "-j 4 gives other bytes than -j 1: %s" % bdiff(out, out4))
        again = os.path.join(tmpdir, "again.yaml")
        with open(again, "wb") as f:
            f.write(out)
        _, out2, err2 = run(bindir, tool, base, again)
        check(out2 == out, name, tool, "b",
              "run on its own output, other bytes: %s%s" % (
                  bdiff(out, out2), "" if not err2 else "; stderr: " +
                  err2[:200].decode("utf-8", "replace")))
        _, js, _ = run(bindir, tool, ["-d", date, "-f", "json"], path)
        jrec = [json.loads(ln) for ln in js.splitlines() if ln.strip()]
        try:
            otext = out.decode("utf-8")
            odocs = documents(otext)
        except (UnicodeDecodeError, yaml.YAMLError) as e:
            check(False, name, tool, "a", "the output does not parse: %s" %
                  str(e).replace("\n", " ")[:200])
            continue
        check(not otext.startswith("\ufeff"), name, tool, "d",
              "the output starts with a byte order mark")
        odocs = [d for d in odocs if d.data is not None]
        check_records(name, tool, key, text, records, otext, odocs, jrec,
                      utf16, rc)
    return 1


def check_records(name, tool, key, text, records, otext, odocs, jrec,
                  utf16, rc):
    j = 0
    if len(jrec) != len(odocs):
        jrec = None     # a record JSON cannot hold: no block to compare
    for i, od in enumerate(odocs):
        what = "output record %d" % (i + 1)
        if not check(isinstance(od.data, dict) and key in od.data,
                     name, tool, "a", "%s: no %s block" % (what, key)):
            return
        what += " (id %s)" % od.data.get("id")
        # The input record it is: the next one equal but for the block.
        want = without(od.data, key)
        while j < len(records) and not (
                isinstance(records[j].data, dict) and
                without(records[j].data, key) == want):
            j += 1
        if not check(j < len(records), name, tool, "a",
                     "%s is no input record plus the block" % what):
            return
        d = records[j]
        j += 1
        okeys = list(od.data)
        ikeys = list(d.data)
        pos = ikeys.index(key) if key in ikeys else len(okeys) - 1
        check(okeys.index(key) == pos, name, tool, "a",
              "%s: the block at key %d, expected %d" %
              (what, okeys.index(key) + 1, pos + 1))
        if jrec is not None:
            check(canon(od.data[key]) == canon(jrec[i].get(key)), name, tool,
                  "a", "%s: the block is not that of -f json" % what)
        why = must_fall_back(text, d, key, utf16)
        if why is not None:
            kept = set(comments_inside(text, d)) & set(
                comments_inside(otext, od))
            check(not kept, name, tool, "e",
                  "%s (%s): a comment kept, so not through the emitter: %r"
                  % (what, why, sorted(kept)[:1]))
            continue
        check_bytes(name, tool, key, what, text, d, otext, od)
    if rc in (0, 1):
        left = [r for r in records[j:] if isinstance(r.data, dict)]
        check(not left, name, tool, "a",
              "exit status %d, yet %d input records not written" %
              (rc, len(left)))


def check_bytes(name, tool, key, what, text, d, otext, od):
    """(d): the output record less its block is the input record less its
    old block, but for the changes the docstring lists."""
    ir = text[d.start:d.end]
    nl = ir.find("\n")
    eol = "\r\n" if nl > 0 and ir[nl - 1] == "\r" else "\n"
    old = block_span(text, d, key)
    if old is not None:
        ins = text[d.start:old[0]] + text[old[1]:d.end]
    else:
        ins = ir
        cut = line_end(text, last_content(d.node), d.end)
        if text[cut - 1] != "\n":
            # The new block after the last line, which had no line end.
            ins = ir + eol
    if not ins.endswith("\n"):
        # Each record ends its last line, so that the next one's "---"
        # starts a line of its own.
        ins += eol
    if not d.explicit:
        ins = "---" + eol + ins
    new = block_span(otext, od, key)
    outs = otext[od.start:new[0]] + otext[new[1]:od.end]
    if not check(outs == ins, name, tool, "d", "%s: less the block, not the "
                 "input less its old block: %s" % (what, diff(ins, outs))):
        return


def bdiff(a, b):
    """Where two outputs first differ, by line."""
    la, lb = a.split(b"\n"), b.split(b"\n")
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return "line %d: expected %r, got %r" % (i + 1, x[:100], y[:100])
    return "%d lines, expected %d" % (len(lb), len(la))


def diff(a, b):
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    ln = a.count("\n", 0, i) + 1
    return "at line %d of the record: expected %r, got %r" % (
        ln, a[max(0, i - 20):i + 40], b[max(0, i - 20):i + 40])


# --- generated streams -------------------------------------------------------

CONCERNS = ["wrinkles", "fine-lines", "acne-scars", "large-pores",
            "pigmentation", "laxity", "scars"]
MEDS = ["tretinoin", "warfarin", "ibuprofen", "omeprazole", "Roaccutane 20 mg"]
NAMES = ["Ana Souza", "Zoë Ng", "Chloé Bernard", "Dev Patel 😀", "O'Brien",
         "Grace \"G\" Lee", "Jürgen\tTab", "José #1"]


def gen_record(rnd, n, opts):
    """One record as lines (no line ends), and whether it must splice."""
    lines = []
    ind = " " * rnd.choice((2, 2, 4))
    if rnd.random() < 0.5:
        lines.append("# record %d: leading comment" % n)
    pairs = []
    pairs.append(["id: P-%04d" % n])
    if rnd.random() < 0.3:
        pairs[-1][0] += "   # the id"
    pairs.append(["name: %s" % yq(rnd.choice(NAMES), rnd)])
    pairs.append(["birth_date: 19%02d-0%d-1%d" % (rnd.randrange(50, 99),
                                                  rnd.randrange(1, 9),
                                                  rnd.randrange(0, 9))])
    skin = ["skin:", ind + "fitzpatrick: %d" % rnd.randrange(1, 7)]
    if rnd.random() < 0.3:
        skin.append(ind + "# the concerns, as the patient said them")
    c = rnd.sample(CONCERNS, rnd.randrange(1, 3))
    if rnd.random() < 0.5:
        skin.append(ind + "concerns: [%s]" % ", ".join(c))
    else:
        skin.append(ind + "concerns:")
        dash = ind + ("  " if rnd.random() < 0.5 else "") + "- "
        skin += [dash + x for x in c]
    if rnd.random() < 0.2:
        skin = ["skin: {fitzpatrick: %d, concerns: [%s]}" %
                (rnd.randrange(1, 7), ", ".join(c))]
    pairs.append(skin)
    if rnd.random() < 0.5:
        m = rnd.sample(MEDS, rnd.randrange(1, 3))
        pairs.append(["medications:"] + ["  - " + yq(x, rnd) for x in m])
    if rnd.random() < 0.4:
        pairs.append(["remark: tabs\tinside\tthe value"])
    if rnd.random() < 0.3:
        pairs.append(["note: |", ind + "a literal", ind + "of two lines"])
    if rnd.random() < 0.2:
        pairs.append(["keep: |+", ind + "kept", ""])
    if rnd.random() < 0.2:
        pairs.append(["folded: >-", ind + "folded", ind + "text"])
    if rnd.random() < 0.3:
        pairs.append(["base: &b {clinic: Lyon}", "ref: *b"])
    if rnd.random() < 0.2:
        pairs.append(['"quoted key": yes'])
    if rnd.random() < 0.2:
        pairs.append(["multi: a plain scalar", "  on two lines"])
    # An old block: of this tool, of another, block or flow style.
    if rnd.random() < 0.5:
        k = rnd.choice(("screening", "plan", "aftercare"))
        style = rnd.random()
        if style < 0.4:
            blk = ["%s: {date: 2026-01-01, verdict: review}" % k]
        elif style < 0.8:
            blk = ["%s:" % k, ind + "date: 2026-01-01   # stale",
                   ind + "# inside the old block", ind + "findings:",
                   ind + "- {rule: x, severity: caution}",
                   ind + "- rule: y"]
        else:
            blk = ["%s: old text" % k]
        pairs.insert(rnd.randrange(1, len(pairs) + 1), blk)
    for p in pairs:
        lines += p
        if rnd.random() < 0.2:
            lines.append("# between keys")
        if rnd.random() < 0.1:
            lines.append(ind + "# indented, after a value")
        if rnd.random() < 0.05:
            lines.append("")
    if rnd.random() < 0.3:
        lines.append("# trailing comment of record %d" % n)
    return lines


def yq(s, rnd):
    if any(c in s for c in "#'\"\t:") or rnd.random() < 0.3:
        return json.dumps(s, ensure_ascii=False)
    return s


def fallback_record(rnd, n):
    """A record that can only go through the emitter."""
    k = rnd.randrange(6)
    if k == 0:
        return ['{id: P-%04d, name: Flow,  # a comment' % n,
                ' skin: {fitzpatrick: 2}}']
    if k == 1:
        return ["# lost", " id: P-%04d" % n, " # lost too",
                " skin: {fitzpatrick: 2}"]
    if k == 2:
        # (? [a, b] is a command test: PyYAML cannot make a list a key.)
        return ["id: P-%04d" % n, "# lost", "? a complex key", ": its value",
                "skin: {fitzpatrick: 2}"]
    if k == 3:
        return ["id: P-%04d" % n, "# lost", "screening:",
                "  date: &d 2026-01-01", "skin: {fitzpatrick: 2}",
                "seen: *d"]
    if k == 4:
        return ["id: P-%04d" % n, "# lost", "screening: &s {verdict: review}",
                "skin: {fitzpatrick: 2}"]
    # A comment ended by the break, so that the YAML stays valid.
    brk = rnd.choice(("\r", "\x85", "\u2028", "\u2029"))
    return ["id: P-%04d" % n, "# lost", "# a line break" + brk + "name: Br",
            "skin: {fitzpatrick: 2}"]


def gen_stream(seed, nrec, fallbacks):
    rnd = random.Random(seed)
    crlf = rnd.random() < 0.3
    out = []
    implicit_first = rnd.random() < 0.4
    if rnd.random() < 0.3:
        out.append("# the file's own first comment")
    for n in range(nrec):
        if n > 0 or not implicit_first:
            if (n == 0 or out[-1] == "...") and rnd.random() < 0.3:
                out.append("%YAML 1.1")
            out.append(rnd.choice(("---", "---", "---", "--- # next")))
        if fallbacks and rnd.random() < 0.25:
            lines = fallback_record(rnd, n)
        else:
            lines = gen_record(rnd, n, None)
        out += lines
        if rnd.random() < 0.15:
            out.append("...")
    eol = "\r\n" if crlf else "\n"
    text = eol.join(out)
    if rnd.random() < 0.7:
        text += eol
    if rnd.random() < 0.2:
        text = "\ufeff" + text
    return text


def main():
    bindir, date, tmpdir = sys.argv[1:4]
    files = sys.argv[4:]
    seen = 0
    for f in files:
        seen += check_file(bindir, date, tmpdir, f, os.path.relpath(f))
    for seed in range(int(os.environ.get("VERBATIM_SEEDS", "40"))):
        path = os.path.join(tmpdir, "gen-%d.yaml" % seed)
        text = gen_stream(seed, 12, fallbacks=seed % 2 == 1)
        with open(path, "wb") as f:
            f.write(text.encode("utf-8"))
        seen += check_file(bindir, date, tmpdir, path,
                           "generated stream, seed %d" % seed)
        if seed % 10 == 9:
            path16 = os.path.join(tmpdir, "gen-%d-utf16.yaml" % seed)
            with open(path16, "wb") as f:
                f.write(text.lstrip("\ufeff").encode("utf-16"))
            seen += check_file(bindir, date, tmpdir, path16,
                               "generated stream, seed %d, UTF-16" % seed)
    print("verbatim: %d streams, %d checks, %d failed" %
          (seen, checks, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
