/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-sanitize.c — `postmortemctl sanitize FILE.dmp -o OUT.dmp`: writes
 * the copy of a minidump that is sent below "all data" (no environment,
 * command line, heap or stack strings; pm-minidump-sanitize.h) and prints
 * what was removed.
 *
 * Runs in: postmortemctl, an ordinary process, built into the executable
 * with info. Calls libc only (GLib's headers for types and macros), as the
 * executable does (app/meson.build). The copy is written to a temporary file next
 * to OUT and renamed into place, so OUT is never left half-written.
 */
#include "pm-config.h"

/* libc only: pm-ctl.h then leaves out its GLib helpers (pm_ctl_json_string). */
#define PM_CTL_LIBC_ONLY

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-minidump-reader.h"
#include "pm-minidump-sanitize.h"
#include "pm-xalloc.h"

/* mkostemp() on path (ending in XXXXXX), with the mode OUT would get if
 * written directly: 0644 less the umask (mkostemp() gives 0600). */
static int
create_temp_file (char *path)
{
  mode_t mask = umask (0);
  int fd;

  umask (mask);
  fd = mkostemp (path, O_CLOEXEC);
  if (fd >= 0 && fchmod (fd, 0644 & ~mask) != 0)
    {
      int err = errno;
      close (fd);
      unlink (path);
      errno = err;
      return -1;
    }
  return fd;
}

static void
print_stats (const PmMinidumpSanitizeStats *s)
{
  printf (_("Stacks: %u threads, %llu bytes kept; %llu of %llu words replaced by 0x0defaced "
            "(not a small number or a pointer)\n"),
          s->n_threads, (unsigned long long) s->stack_bytes, (unsigned long long) s->stack_words_replaced,
          (unsigned long long) (s->stack_words_replaced + s->stack_words_kept));
  printf (_("Initial stack strings (arguments, environment, auxiliary vector) zeroed: %llu bytes\n"),
          (unsigned long long) s->initial_stack_bytes_zeroed);
  printf (_("Floating point and vector registers zeroed in %u contexts\n"), s->contexts_fp_cleared);
  printf (_("Other memory removed: %u ranges, %llu bytes\n"),
          s->memory_ranges_dropped, (unsigned long long) s->memory_bytes_dropped);
  printf (_("Streams: %u kept (%u of them with file and process names removed), %u removed"),
          s->streams_kept, s->streams_filtered, s->streams_dropped);
  for (uint32_t i = 0; i < s->n_listed; i++)
    {
      const char *name = pm_md_stream_type_name (s->dropped_types[i]);

      if (name != NULL)
        printf ("%s%s", i == 0 ? ": " : ", ", name);
      else
        printf ("%s0x%08x", i == 0 ? ": " : ", ", s->dropped_types[i]);
    }
  if (s->streams_dropped > s->n_listed)
    printf (_(" and %u more"), s->streams_dropped - s->n_listed);
  printf ("\n");
}

int
pm_ctl_sanitize (int argc, char **argv)
{
  const char *input = NULL, *output = NULL;
  char *tmp_path;
  PmMinidumpSanitizeStats stats;
  char error[512];
  int in_fd, out_fd, r;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--help") == 0 || strcmp (argv[i], "-h") == 0)
        {
          printf (_("Usage: postmortemctl sanitize FILE.dmp -o OUT.dmp\n"
                    "Write the copy of a minidump that is sent below “all data”: stacks with every\n"
                    "word that is not a pointer or a small number replaced, no other memory, no\n"
                    "environment, command line or file names. Prints what was removed.\n"));
          return 0;
        }
      if (strcmp (argv[i], "-o") == 0 || strcmp (argv[i], "--output") == 0)
        {
          if (i + 1 >= argc)
            return pm_ctl_usage ("sanitize", _("%s needs a file name"), argv[i]);
          output = argv[++i];
        }
      else if (argv[i][0] == '-' && argv[i][1] != '\0')
        return pm_ctl_usage ("sanitize", _("unknown option “%s”"), argv[i]);
      else if (input == NULL)
        input = argv[i];
      else
        return pm_ctl_usage ("sanitize", _("too many arguments"));
    }
  if (input == NULL || output == NULL)
    return pm_ctl_usage ("sanitize", _("a minidump FILE and -o OUT are needed"));

  in_fd = open (input, O_RDONLY | O_CLOEXEC);
  if (in_fd < 0)
    return pm_ctl_fail (_("cannot open %s: %s"), input, strerror (errno));
  tmp_path = pm_xasprintf ("%s.XXXXXX", output);
  out_fd = create_temp_file (tmp_path);
  if (out_fd < 0)
    {
      int err = errno;
      close (in_fd);
      free (tmp_path);
      return pm_ctl_fail (_("cannot create a file next to %s: %s"), output, strerror (err));
    }
  r = pm_minidump_sanitize (in_fd, out_fd, &stats, error, sizeof error);
  close (in_fd);
  if (r == 0 && fsync (out_fd) != 0)
    {
      r = -errno;
      snprintf (error, sizeof error, "%s", strerror (errno));
    }
  if (close (out_fd) != 0 && r == 0)
    {
      r = -errno;
      snprintf (error, sizeof error, "%s", strerror (errno));
    }
  if (r == 0 && rename (tmp_path, output) != 0)
    {
      r = -errno;
      snprintf (error, sizeof error, "%s", strerror (errno));
    }
  if (r < 0)
    {
      unlink (tmp_path);
      free (tmp_path);
      return pm_ctl_fail (_("cannot sanitize %s: %s"), input, error);
    }
  free (tmp_path);
  printf (_("Wrote %s\n"), output);
  print_stats (&stats);
  return fflush (stdout) == 0 ? 0 : pm_ctl_fail (_("cannot write the output: %s"), strerror (errno));
}
