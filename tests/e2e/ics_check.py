#!/usr/bin/env python3
"""ics_check.py - the text/calendar part of a mail written to the outbox,
read by an independent parser (Python's icalendar, as Debian ships it).

  ics_check.py FILE   prints METHOD|UID|SEQUENCE|STATUS|DTSTART|DTEND|TZID|VTIMEZONE|ATTENDEES|LOCATION
DTSTART and DTEND are printed in UTC (ISO 8601), after applying the
VTIMEZONE's rules, so that a wrong offset shows.  Exits 1 when the mail has
no calendar part or the part does not parse.
"""
import sys
from datetime import timezone
from email import policy
from email.parser import BytesParser

import icalendar


def main():
    with open(sys.argv[1], "rb") as fh:
        msg = BytesParser(policy=policy.default).parse(fh)
    parts = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    if not parts:
        print("no text/calendar part", file=sys.stderr)
        return 1
    part = parts[0]
    method_param = part.get_param("method")
    cal = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    ev = next(c for c in cal.walk() if c.name == "VEVENT")
    tzs = [str(c.get("TZID")) for c in cal.walk() if c.name == "VTIMEZONE"]
    start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
    if start.tzinfo is None:
        print("floating DTSTART", file=sys.stderr)
        return 1
    method = str(cal.get("METHOD"))
    if method_param and method_param.upper() != method:
        print("Content-Type method %s but METHOD %s" % (method_param, method), file=sys.stderr)
        return 1
    att = ev.get("ATTENDEE")
    att = att if isinstance(att, list) else [att] if att else []
    print("|".join([
        method, str(ev.get("UID")), str(ev.get("SEQUENCE")), str(ev.get("STATUS")),
        start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
        end.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
        str(ev["DTSTART"].params.get("TZID")), ",".join(tzs),
        ",".join(sorted(str(a).replace("mailto:", "") for a in att)),
        str(ev.get("LOCATION", "")),
    ]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
