/*
 * compose_ical.c - the text/calendar part of interview mail, written by
 * libical.  The "calendar" variable of the row is an object:
 *   {"uid": "interview-12@univ.example", "start": EPOCH, "end": EPOCH,
 *    "summary": "...", "location": "..." (optional), "attendee": "addr"
 *    (optional), "method": "REQUEST" | "CANCEL" (default REQUEST),
 *    "sequence": N (optional)}
 * DTSTAMP is the row's creation time, so the part is deterministic.
 */
#include "compat.h"

#include <json-c/json.h>
#include <libical/ical.h>

#include "compose.h"
#include "strbuf.h"
#include "util.h"

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static int
jint(struct json_object *o, const char *key, int64_t *out)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_int))
		return -1;
	*out = json_object_get_int64(v);
	return 0;
}

static struct icaltimetype
utc(int64_t t)
{
	return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

int
compose_calendar(struct json_object *cal, int64_t stamp, const char *from,
    struct strbuf *out, char **errstr_r)
{
	const char *uid = jstr(cal, "uid"), *summary = jstr(cal, "summary");
	const char *location = jstr(cal, "location"), *attendee = jstr(cal, "attendee");
	const char *method = jstr(cal, "method");
	int cancel = method && strcasecmp(method, "CANCEL") == 0;
	int64_t start, end, seq = 0;
	icalcomponent *vcal, *ev;
	char *s, *mailto;

	if (uid == NULL || summary == NULL || jint(cal, "start", &start) < 0 ||
	    jint(cal, "end", &end) < 0 || end < start) {
		*errstr_r = xstrdup("calendar: uid, summary, start and end (epoch, end >= start) are required");
		return -1;
	}
	(void)jint(cal, "sequence", &seq);
	ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc(stamp)));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(utc(start)));
	icalcomponent_add_property(ev, icalproperty_new_dtend(utc(end)));
	icalcomponent_add_property(ev, icalproperty_new_sequence((int)seq));
	icalcomponent_add_property(ev, icalproperty_new_summary(summary));
	icalcomponent_add_property(ev, icalproperty_new_status(cancel ? ICAL_STATUS_CANCELLED :
	    ICAL_STATUS_CONFIRMED));
	if (location)
		icalcomponent_add_property(ev, icalproperty_new_location(location));
	mailto = xasprintf("mailto:%s", from);
	icalcomponent_add_property(ev, icalproperty_new_organizer(mailto));
	free(mailto);
	if (attendee) {
		icalproperty *p;

		mailto = xasprintf("mailto:%s", attendee);
		p = icalproperty_new_attendee(mailto);
		icalproperty_add_parameter(p, icalparameter_new_rsvp(ICAL_RSVP_FALSE));
		icalcomponent_add_property(ev, p);
		free(mailto);
	}
	vcal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	icalcomponent_add_property(vcal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(vcal, icalproperty_new_prodid("-//altconnect//altc//FR"));
	icalcomponent_add_property(vcal, icalproperty_new_method(cancel ? ICAL_METHOD_CANCEL :
	    ICAL_METHOD_REQUEST));
	icalcomponent_add_component(vcal, ev);
	s = icalcomponent_as_ical_string_r(vcal);
	strbuf_addstr(out, s);
	free(s);
	icalcomponent_free(vcal);
	return 0;
}
