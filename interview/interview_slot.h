/*
 * interview_slot.h - interview slots as people type them in French (and a
 * little English): "mardi 14 janvier 10h30", "14/01/2027 10:30-11:00",
 * "le 14 à 10h", "14 janv. 2027, 10 h 30 (45 min) Salle 3".  Times are
 * local time of the process time zone (mail.time_zone, Europe/Paris by
 * default): the summer and winter offsets come from the zone database.
 */
#ifndef ALTC_INTERVIEW_SLOT_H
#define ALTC_INTERVIEW_SLOT_H

#include <stddef.h>
#include <stdint.h>

#define SLOT_DEFAULT_MINUTES 30
#define SLOT_MAX 10

struct interview_slot {
	int64_t start, end;	/* epoch seconds */
	char *location;		/* place or video link as written, or NULL */
};

/*
 * interview_slot_parse - read one line.  now fills a missing year (the next
 * such date) or month ("le 14": the next 14th).  Returns 0 with *slot
 * filled (the caller releases it), -1 with *errstr_r (English, a
 * user_text format) when the line is unreadable, wrong (a weekday that does
 * not match the date, an hour that does not exist on the day clocks go
 * forward) or in the past.  *slot is untouched on failure.
 */
int interview_slot_parse(const char *line, int64_t now, struct interview_slot *slot,
    char **errstr_r);

/* interview_slot_release - free the contents */
void interview_slot_release(struct interview_slot *slot);

/*
 * interview_slot_label - "jeudi 14 janvier 2027, 10:30–11:00" (fr) or
 * "Thursday 14 January 2027, 10:30–11:00" (en), with " — place" when set;
 * malloc'ed
 */
char *interview_slot_label(const struct interview_slot *slot, const char *locale);

#endif
