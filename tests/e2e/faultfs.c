/*
 * faultfs.c - an LD_PRELOAD shim that makes fsync() or write() fail on the
 * files whose path contains $FAULTFS_PATH ($FAULTFS_OP = fsync or write),
 * so a test can show that a failed write or sync leaves nothing
 * half-written where a consumer would pick it up.  Other descriptors
 * (the terminal, logs, the database) are left alone.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int fsync(int fd);
ssize_t write(int fd, const void *buf, size_t count);

/* targeted - fd is a file whose path contains FAULTFS_PATH, for this op */
static int
targeted(int fd, const char *op)
{
	const char *want = getenv("FAULTFS_OP"), *sub = getenv("FAULTFS_PATH");
	char link[64], path[PATH_MAX];
	ssize_t n;

	if (want == NULL || sub == NULL || strcmp(want, op) != 0)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return 0;
	path[n] = '\0';
	return strstr(path, sub) != NULL;
}

int
fsync(int fd)
{
	static int (*real)(int);

	if (targeted(fd, "fsync")) {
		errno = EIO;
		return -1;
	}
	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	return real(fd);
}

ssize_t
write(int fd, const void *buf, size_t count)
{
	static ssize_t (*real)(int, const void *, size_t);

	if (count > 0 && targeted(fd, "write")) {
		errno = ENOSPC;
		return -1;
	}
	if (real == NULL)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	return real(fd, buf, count);
}
