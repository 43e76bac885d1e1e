/*
 * testlib.h - helpers shared by the unit tests: a throw-away instance (a
 * temporary directory with a spool and a fresh database) and file helpers.
 */
#ifndef ALTC_TESTLIB_H
#define ALTC_TESTLIB_H

#include <stddef.h>

struct altc;

/* testlib_instance - ctx with defaults, spool and db under a new temp dir */
void testlib_instance(struct altc *ctx);
/* testlib_instance_free - close and remove the temp dir */
void testlib_instance_free(struct altc *ctx);
/* testlib_count_files - regular files directly in dir (not hidden) */
size_t testlib_count_files(const char *dir);
/* testlib_write - write a whole file */
void testlib_write(const char *path, const char *data);
/* testlib_tmpdir - a new temporary directory (caller frees the string) */
char *testlib_tmpdir(void);
/* testlib_rm_rf - remove a tree */
void testlib_rm_rf(const char *path);

#endif
