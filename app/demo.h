/*
 * demo.h - the demo instance of DESIGN §4: the formations of
 * data/formations.csv, their rp, a ga delegated by both, an admin, and two
 * employers.  Every account is active so the demo works without clicking
 * activation links.
 */
#ifndef ALTC_DEMO_H
#define ALTC_DEMO_H

struct altc;

/* demo_load - inside the caller's transaction; -1 with errstr */
int demo_load(struct altc *ctx, char **errstr_r);

#endif
