/*
 * compat.h - first include of every source file: autoconf.h, the headers every
 * module uses, and banned.h so unbounded string functions fail to compile.
 */
#ifndef ALTC_COMPAT_H
#define ALTC_COMPAT_H

#include "autoconf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "banned.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
