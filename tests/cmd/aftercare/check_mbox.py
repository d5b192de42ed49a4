"""Reads derma-aftercare -f mail output back with Python's mailbox and
email packages, with policy.strict (a defect is an error).

    /usr/bin/python3 check_mbox.py MBOX EPOCH FROM-ADDRESS

MBOX may also be a directory of N.eml files, one message each (as
smtpd.py keeps them), read in the order of N.

Checks each message's headers as derma-aftercare(1) promises them, and
that it has no other header (none injected by a record), then prints one
line per message, "Message-ID|To|Subject|first line of the body", for the
shell to compare.  Prints "error: ..." and exits 1 at the first fault.
"""
import email.utils
import mailbox
import os
import re
import sys
from email import policy
from email.parser import BytesParser

HEADERS = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version",
           "Content-Type", "Content-Transfer-Encoding", "Auto-Submitted"]
MSGID = re.compile(r"^<derma\.[A-Za-z0-9=_-]+\.\d{8}(\.\d{8})?\.[0-9a-f]{8}"
                   r"@[A-Za-z0-9.-]+>$")


def fail(n, msg):
    print("error: message %d: %s" % (n, msg))
    sys.exit(1)


def check(n, raw, epoch, sender):
    msg = BytesParser(policy=policy.strict).parsebytes(raw)
    names = [k for k in msg.keys()]
    if names != HEADERS:
        fail(n, "headers %r, expected %r" % (names, HEADERS))
    if msg.defects:
        fail(n, "defects %r" % msg.defects)
    frm = msg["From"].addresses
    if len(frm) != 1 or frm[0].addr_spec != sender:
        fail(n, "From %r" % msg["From"])
    to = msg["To"].addresses
    if len(to) != 1:
        fail(n, "To %r: not one address" % msg["To"])
    date = email.utils.parsedate_to_datetime(msg["Date"])
    if int(date.timestamp()) != epoch:
        fail(n, "Date %s, expected %d" % (msg["Date"], epoch))
    if not MSGID.match(msg["Message-ID"]):
        fail(n, "Message-ID %r" % msg["Message-ID"])
    if msg["MIME-Version"] != "1.0":
        fail(n, "MIME-Version %r" % msg["MIME-Version"])
    if msg.get_content_type() != "text/plain" or \
            msg.get_content_charset() != "utf-8":
        fail(n, "Content-Type %r" % msg["Content-Type"])
    if msg["Content-Transfer-Encoding"] != "quoted-printable":
        fail(n, "Content-Transfer-Encoding %r"
             % msg["Content-Transfer-Encoding"])
    if msg["Auto-Submitted"] != "auto-generated":
        fail(n, "Auto-Submitted %r" % msg["Auto-Submitted"])
    body = msg.get_content()
    first = body.splitlines()[0]
    return "%s|%s|%s|%s" % (msg["Message-ID"], to[0], msg["Subject"], first)


def main():
    path, epoch, sender = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    out = []
    if os.path.isdir(path):
        names = sorted((f for f in os.listdir(path) if f.endswith(".eml")),
                       key=lambda f: int(f.split(".")[0]))
        for n, name in enumerate(names, 1):
            with open(os.path.join(path, name), "rb") as f:
                out.append(check(n, f.read(), epoch, sender))
    else:
        box = mailbox.mbox(path, create=False)
        for n, key in enumerate(box.keys(), 1):
            out.append(check(n, box.get_bytes(key), epoch, sender))
        box.close()
    for line in out:
        print(line)


main()
