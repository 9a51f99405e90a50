/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-xalloc.h — malloc and friends that never return NULL, for the parts of
 * the walker and of `postmortemctl info` that call libc only.
 *
 * Runs in: postmortemctl and the application. Why libc: `postmortemctl info`
 * runs once per file in scripts, and loading GLib (with libpcre2 and libm)
 * would be a third of its time (app/meson.build). Running out of memory
 * aborts, as g_malloc() does, so callers keep GLib's simple contract; the
 * memory is malloc's, which g_free() also frees (GLib >= 2.46).
 */
#pragma once

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void *
pm_xmalloc (size_t size)
{
  void *p = malloc (size != 0 ? size : 1);

  if (p == NULL)
    abort ();
  return p;
}

/* n * size bytes of zeros; n * size must not overflow (aborts if it does). */
static inline void *
pm_xcalloc (size_t n,
            size_t size)
{
  void *p = calloc (n != 0 ? n : 1, size != 0 ? size : 1);

  if (p == NULL)
    abort ();
  return p;
}

static inline void *
pm_xrealloc (void   *p,
             size_t  size)
{
  p = realloc (p, size != 0 ? size : 1);
  if (p == NULL)
    abort ();
  return p;
}

/* NULL for NULL, as g_strdup(). */
static inline char *
pm_xstrdup (const char *s)
{
  char *copy;

  if (s == NULL)
    return NULL;
  copy = strdup (s);
  if (copy == NULL)
    abort ();
  return copy;
}

/* The first n bytes of s (fewer if s ends before), NUL-terminated. */
static inline char *
pm_xstrndup (const char *s,
             size_t      n)
{
  char *copy = strndup (s, n);

  if (copy == NULL)
    abort ();
  return copy;
}

static inline char *pm_xasprintf (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

static inline char *
pm_xasprintf (const char *format,
              ...)
{
  va_list args;
  char *s;
  int n;

  va_start (args, format);
  n = vasprintf (&s, format, args);
  va_end (args);
  if (n < 0)
    abort ();
  return s;
}
