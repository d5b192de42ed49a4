"""Reads derma-aftercare -f ics output back with python3-icalendar.

    /usr/bin/python3 check_ics.py CALENDAR.ics CLINIC STAMP [HOUR]

Checks the calendar as RFC 5545 has it (CRLF, lines of at most 75
octets, no UTF-8 character split by a fold) and as derma-aftercare(1)
promises it (VERSION, PRODID, METHOD:PUBLISH, X-WR-CALNAME, all-day
events with an exclusive DTEND, DTSTAMP from --date, unique UIDs, a
display alarm at HOUR (default 9, mail.hour) of each event's first day), then
prints one line per event, "UID DTSTART DTEND SUMMARY", sorted, for the
shell to compare.  Prints "error: ..." and exits 1 at the first fault.
"""
import datetime
import sys

import icalendar


def fail(msg):
    print("error: " + msg)
    sys.exit(1)


def main():
    path, clinic, stamp = sys.argv[1:4]
    hour = int(sys.argv[4]) if len(sys.argv) > 4 else 9
    raw = open(path, "rb").read()
    if not raw.endswith(b"\r\n"):
        fail("the calendar does not end in CR LF")
    lines = raw[:-2].split(b"\r\n")
    for n, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            fail("line %d: a bare CR or LF" % n)
        if len(line) > 75:
            fail("line %d: %d octets" % (n, len(line)))
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            fail("line %d: not whole UTF-8 (a fold split a character)" % n)
    cal = icalendar.Calendar.from_ical(raw)
    if cal.errors:
        fail("parse errors: %r" % cal.errors)
    if str(cal.get("VERSION")) != "2.0":
        fail("VERSION %r" % cal.get("VERSION"))
    if not str(cal.get("PRODID", "")).startswith("-//derma//"):
        fail("PRODID %r" % cal.get("PRODID"))
    if str(cal.get("METHOD")) != "PUBLISH":
        fail("METHOD %r" % cal.get("METHOD"))
    if str(cal.get("X-WR-CALNAME")) != clinic:
        fail("X-WR-CALNAME %r, expected %r" % (cal.get("X-WR-CALNAME"), clinic))
    want_stamp = datetime.datetime.strptime(stamp, "%Y-%m-%d").replace(
        tzinfo=datetime.timezone.utc)
    uids, out = set(), []
    for ev in cal.walk("VEVENT"):
        if ev.errors:
            fail("event errors: %r" % ev.errors)
        uid = str(ev["UID"])
        if uid in uids:
            fail("UID %s twice" % uid)
        uids.add(uid)
        start, end = ev["DTSTART"], ev["DTEND"]
        for p in (start, end):
            if p.params.get("VALUE") != "DATE" or isinstance(
                    p.dt, datetime.datetime):
                fail("%s: not an all-day date: %r" % (uid, p.to_ical()))
        if not end.dt > start.dt:
            fail("%s: DTEND %s not after DTSTART %s (it is exclusive)"
                 % (uid, end.dt, start.dt))
        if ev["DTSTAMP"].dt != want_stamp:
            fail("%s: DTSTAMP %s, expected %s" % (uid, ev["DTSTAMP"].dt,
                                                  want_stamp))
        for key in ("SUMMARY", "DESCRIPTION"):
            if not str(ev.get(key, "")):
                fail("%s: no %s" % (uid, key))
        alarms = ev.walk("VALARM")
        if len(alarms) != 1:
            fail("%s: %d alarms, expected 1" % (uid, len(alarms)))
        alarm = alarms[0]
        if str(alarm.get("ACTION")) != "DISPLAY" or not str(
                alarm.get("DESCRIPTION", "")):
            fail("%s: the alarm is not a display with a text" % uid)
        if alarm["TRIGGER"].dt != datetime.timedelta(hours=hour):
            fail("%s: the alarm at %s, expected %d h after the start"
                 % (uid, alarm["TRIGGER"].dt, hour))
        out.append("%s %s %s %s" % (uid, start.dt.isoformat(),
                                    end.dt.isoformat(), ev["SUMMARY"]))
    for line in sorted(out):
        print(line)


main()
