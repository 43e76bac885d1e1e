/*
 * sweep.h - the nightly clean-up of the engine: expired tokens, the error
 * budget and attempt counters of past days, spool retention.  Capabilities
 * with their own expiry (offers) add their steps to the sweep job.
 */
#ifndef ALTC_SWEEP_H
#define ALTC_SWEEP_H

#include <stddef.h>

struct altc;

int sweep_run(struct altc *ctx, size_t *did_r, char **errstr_r);

#endif
