/*
 * robot.h - is this mail automatic?  RFC 3834 Auto-Submitted (other than
 * "no"), X-Autoreply/X-Autorespond, Precedence bulk/junk/list/auto_reply,
 * List-Id, an empty Return-Path, MAILER-DAEMON/postmaster/noreply senders,
 * multipart/report, out-of-office subjects (French and English) and our own
 * X-Loop marker.  X-Auto-Response-Suppress alone is not a sign: Outlook
 * adds it to ordinary mail.  Automatic mail is never answered nor executed.
 */
#ifndef ALTC_ROBOT_H
#define ALTC_ROBOT_H

struct mime_msg;

/* robot_check - NULL for a human mail, else a static phrase naming the sign */
const char *robot_check(const struct mime_msg *m, const char *domain);

/* robot_is_bounce_like - a report, a robot sender, an empty Return-Path or a failure subject */
int robot_is_bounce_like(const struct mime_msg *m);

/* robot_failure_notice - sent by a mailer daemon or titled as a delivery failure */
int robot_failure_notice(const struct mime_msg *m);

#endif
