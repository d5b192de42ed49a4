"""Reads a derma-report report back and prints its figures, one a line.

usage: /usr/bin/python3 figures.py FORMAT FILE

FORMAT is text, csv, json, markdown or html.  Each is read back the way
a user's program would (csv by the csv module, json by json, html by
html.parser), and the figures the formats share are printed in one
form, sorted, so that two formats of the same report can be compared
line by line:

    verdicts eligible patients 2
    by_area cheeks median_mm 1.00

Exits 1 with a message when the file cannot be read as FORMAT.
"""
import csv
import html.parser
import json
import re
import sys

# The tables compared, by their title in text, Markdown and HTML.
TITLES = {
    "Verdicts": "verdicts",
    "Most frequent findings": "findings",
    "Sessions by month": "by_month",
    "Sessions and needle depth by area": "by_area",
    "Reactions": "reactions",
    "Courses by status": "statuses",
}
# Column headings and the keys of the same columns in CSV and JSON.
HEADS = {
    "Patients": "patients", "Sessions": "sessions", "%": "percent",
    "% of sessions": "percent", "With depth": "with_depth",
    "Median mm": "median_mm", "Min mm": "min_mm", "Max mm": "max_mm",
    "Severity": "severity",
}
OVERVIEW = {
    "Patients": "patients", "Bad records skipped": "skipped",
    "Sessions in the period": "sessions", "Patients treated": "treated",
    "Sessions after the day": "after_day",
}


def out(lines, section, item, measure, value):
    lines.add("%s %s %s %s" % (section, item, measure, value))


def from_rows(lines, title, head, rows):
    """A table as text, Markdown or HTML give it: a heading row, then rows."""
    if title == "Overview":
        for r in rows:
            if len(r) >= 2 and r[0] in OVERVIEW:
                out(lines, "overview", OVERVIEW[r[0]], "value", r[1])
        return
    section = TITLES.get(title)
    if section is None:
        return
    for r in rows:
        for h, v in zip(head[1:], r[1:]):
            if h in HEADS and v != "":
                out(lines, section, r[0], HEADS[h], v)


def read_text(s):
    lines = set()
    for block in re.split(r"\n\s*\n", s):
        rows = [l for l in block.split("\n") if l.strip() != ""]
        if len(rows) < 2:
            continue
        title = rows[0].strip()
        split = [re.split(r"\s{2,}", l.strip()) for l in rows[1:]]
        if title == "Overview":
            from_rows(lines, title, None, split)
        else:
            from_rows(lines, title, split[0], split[1:])
    return lines


def unmd(cell):
    return re.sub(r"\\(.)", r"\1", cell.strip())


def read_markdown(s):
    lines = set()
    for part in s.split("\n## ")[1:]:
        rows = part.split("\n")
        title = unmd(rows[0])
        table = [r for r in rows[1:] if r.startswith("|")]
        cells = [[unmd(c) for c in r.strip()[1:-1].split(" | ")] for r in table]
        if len(cells) < 2:
            continue
        if title == "Overview":
            from_rows(lines, title, None, cells[2:])
        else:
            from_rows(lines, title, cells[0], cells[2:])
    return lines


class Tables(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = []     # (title, [rows])
        self.title = None
        self.in_h2 = self.in_cell = False
        self.row = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self.in_h2, self.text = True, ""
        elif tag == "table":
            self.tables.append((self.title, []))
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.in_cell, self.text = True, ""

    def handle_endtag(self, tag):
        if tag == "h2":
            self.in_h2, self.title = False, self.text.strip()
        elif tag in ("td", "th") and self.in_cell:
            self.in_cell = False
            self.row.append(self.text.strip())
        elif tag == "tr" and self.row is not None:
            self.tables[-1][1].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.in_h2 or self.in_cell:
            self.text += data


def read_html(s):
    p = Tables()
    p.feed(s)
    p.close()
    lines = set()
    for title, rows in p.tables:
        if rows:
            from_rows(lines, title, rows[0], rows[1:])
    return lines


def read_csv(s):
    lines = set()
    rows = list(csv.reader(s.splitlines(True)))
    if rows[0] != ["section", "row", "item", "measure", "value"]:
        sys.exit("figures.py: csv: the header is %r" % (rows[0],))
    for r in rows[1:]:
        if len(r) != 5:
            sys.exit("figures.py: csv: a row of %d fields: %r" % (len(r), r))
        section, _, item, measure, value = r
        if section == "overview":
            if item in OVERVIEW.values():
                out(lines, section, item, "value", value)
        elif section in TITLES.values() and measure in HEADS.values():
            out(lines, section, item, measure, value)
    return lines


def read_json(s):
    j = json.loads(s)
    lines = set()
    kind = j["report"]
    for k in ("patients", "skipped"):
        out(lines, "overview", k, "value", j[k])
    if kind in ("summary", "treatments"):
        out(lines, "overview", "sessions", "value", j["treatments"]["sessions"])
        out(lines, "overview", "treated", "value", j["treatments"]["patients"])
        out(lines, "overview", "after_day", "value",
            j["treatments"]["after_day"])
    tables = {}
    if kind == "summary":
        tables["verdicts"] = [{"verdict": v, "patients": n,
                               "percent": None} for v, n in j["verdicts"].items()]
        tables["findings"] = j["findings"]
    if kind == "course":
        tables["statuses"] = j["course"]["statuses"]
    if kind == "treatments":
        tables["by_month"] = j["treatments"]["by_month"]
        tables["by_area"] = j["treatments"]["by_area"]
        tables["reactions"] = j["treatments"]["reactions"]
    for section, rows in tables.items():
        for r in rows:
            keys = list(r.keys())
            for k in keys[1:]:
                if k in HEADS.values() and r[k] is not None:
                    v = r[k]
                    out(lines, section, r[keys[0]], k, v)
    return lines


def number(line):
    """The same figure whatever the format's way of writing it: 1.50, 1.5."""
    head, _, value = line.rpartition(" ")
    try:
        return "%s %g" % (head, float(value))
    except ValueError:
        return line


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: figures.py FORMAT FILE")
    fmt, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        s = f.read()
    readers = {"text": read_text, "csv": read_csv, "json": read_json,
               "markdown": read_markdown, "html": read_html}
    lines = readers[fmt](s)
    # JSON gives the verdicts without their share: leave it to the others.
    lines = {l for l in lines if not l.startswith("verdicts ") or
             " percent " not in l}
    for l in sorted(number(l) for l in lines):
        print(l)


main()
