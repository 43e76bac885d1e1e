/*
 * compose_ical.c - the text/calendar part of interview mail, written by
 * libical.  The "calendar" variable of the row is an object:
 *   {"uid": "interview-12@univ.example", "start": EPOCH, "end": EPOCH,
 *    "summary": "...", "location": "..." (optional), "attendee": "addr"
 *    (optional), "method": "REQUEST" | "CANCEL" (default REQUEST),
 *    "sequence": N (optional), "tzid": "Europe/Paris" (optional),
 *    "organizer": "addr" (optional, default the sender), "attendees": [addr]}
 * With a tzid, DTSTART and DTEND are local times of that zone and the
 * calendar carries its VTIMEZONE, cut to the years around the event (whole
 * histories with seconds in the offsets upset some calendar programs).
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

static void
add_attendee(icalcomponent *ev, const char *addr)
{
	char *mailto = xasprintf("mailto:%s", addr);
	icalproperty *p = icalproperty_new_attendee(mailto);

	icalproperty_add_parameter(p, icalparameter_new_rsvp(ICAL_RSVP_FALSE));
	icalproperty_add_parameter(p, icalparameter_new_partstat(ICAL_PARTSTAT_ACCEPTED));
	icalcomponent_add_property(ev, p);
	free(mailto);
}

/* local - t in zone as a floating time with an explicit TZID parameter */
static icalproperty *
local(icalproperty *(*make)(struct icaltimetype), int64_t t, icaltimezone *zone,
    const char *tzid)
{
	struct icaltimetype tt;
	icalproperty *p;

	if (zone == NULL)
		return make(utc(t));
	tt = icaltime_from_timet_with_zone((time_t)t, 0, zone);
	tt.zone = NULL;
	p = make(tt);
	icalproperty_add_parameter(p, icalparameter_new_tzid(tzid));
	return p;
}

/* vtimezone - the zone's definition from a year before start to a year after end */
static icalcomponent *
vtimezone(icaltimezone *zone, const char *tzid, int64_t start, int64_t end)
{
	icalcomponent *vtz = icalcomponent_new_clone(icaltimezone_get_component(zone));
	icalproperty *p = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
	struct icaltimetype a = utc(start - 366 * 86400), b = utc(end + 366 * 86400);

	icaltimezone_truncate_vtimezone(vtz, a, b, 1);
	if (p)
		icalproperty_set_tzid(p, tzid);
	while ((p = icalcomponent_get_first_property(vtz, ICAL_X_PROPERTY)) != NULL) {
		icalcomponent_remove_property(vtz, p);
		icalproperty_free(p);
	}
	return vtz;
}

int
compose_calendar(struct json_object *cal, int64_t stamp, const char *from,
    struct strbuf *out, char **errstr_r)
{
	const char *uid = jstr(cal, "uid"), *summary = jstr(cal, "summary");
	const char *location = jstr(cal, "location"), *attendee = jstr(cal, "attendee");
	const char *method = jstr(cal, "method"), *tzid = jstr(cal, "tzid");
	const char *organizer = jstr(cal, "organizer");
	icaltimezone *zone = tzid ? icaltimezone_get_builtin_timezone(tzid) : NULL;
	int cancel = method && strcasecmp(method, "CANCEL") == 0;
	int64_t start, end, seq = 0;
	icalcomponent *vcal, *ev;
	struct json_object *list;
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
	icalcomponent_add_property(ev, local(icalproperty_new_dtstart, start, zone, tzid));
	icalcomponent_add_property(ev, local(icalproperty_new_dtend, end, zone, tzid));
	icalcomponent_add_property(ev, icalproperty_new_sequence((int)seq));
	icalcomponent_add_property(ev, icalproperty_new_summary(summary));
	icalcomponent_add_property(ev, icalproperty_new_status(cancel ? ICAL_STATUS_CANCELLED :
	    ICAL_STATUS_CONFIRMED));
	if (location)
		icalcomponent_add_property(ev, icalproperty_new_location(location));
	mailto = xasprintf("mailto:%s", organizer ? organizer : from);
	icalcomponent_add_property(ev, icalproperty_new_organizer(mailto));
	free(mailto);
	if (attendee)
		add_attendee(ev, attendee);
	if (json_object_object_get_ex(cal, "attendees", &list) &&
	    json_object_is_type(list, json_type_array))
		for (size_t i = 0; i < json_object_array_length(list); i++) {
			const char *a = json_object_get_string(json_object_array_get_idx(list, i));

			if (a && (attendee == NULL || strcasecmp(a, attendee) != 0))
				add_attendee(ev, a);
		}
	vcal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	icalcomponent_add_property(vcal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(vcal, icalproperty_new_prodid("-//altconnect//altc//FR"));
	icalcomponent_add_property(vcal, icalproperty_new_method(cancel ? ICAL_METHOD_CANCEL :
	    ICAL_METHOD_REQUEST));
	if (zone)
		icalcomponent_add_component(vcal, vtimezone(zone, tzid, start, end));
	icalcomponent_add_component(vcal, ev);
	s = icalcomponent_as_ical_string_r(vcal);
	strbuf_addstr(out, s);
	free(s);
	icalcomponent_free(vcal);
	return 0;
}
