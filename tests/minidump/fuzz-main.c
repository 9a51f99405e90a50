/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* fuzz-main.c — runs the fuzz target on files, as a plain program: the
 * corpus becomes a regression test in every build, sanitized or not.
 *
 * Runs in: a test process. Usage: fuzz-minidump-reader-corpus FILE|DIR...
 * (directories are read one level deep). Prints how many inputs ran; exits
 * 77 (skip) when given no existing input, 1 if an input cannot be read.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
run_file (const char *path)
{
  FILE *f = fopen (path, "rb");
  uint8_t *data;
  long size;

  if (f == NULL)
    {
      fprintf (stderr, "cannot open %s: %s\n", path, strerror (errno));
      return -1;
    }
  if (fseek (f, 0, SEEK_END) != 0 || (size = ftell (f)) < 0 || fseek (f, 0, SEEK_SET) != 0)
    {
      fprintf (stderr, "cannot size %s\n", path);
      fclose (f);
      return -1;
    }
  /* An exact-size heap copy: ASan flags any read past the end. */
  data = malloc (size > 0 ? (size_t) size : 1);
  if (data == NULL || fread (data, 1, (size_t) size, f) != (size_t) size)
    {
      fprintf (stderr, "cannot read %s\n", path);
      free (data);
      fclose (f);
      return -1;
    }
  fclose (f);
  LLVMFuzzerTestOneInput (data, (size_t) size);
  free (data);
  return 0;
}

int
main (int argc, char **argv)
{
  int ran = 0;

  for (int i = 1; i < argc; i++)
    {
      struct stat st;

      if (stat (argv[i], &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        {
          DIR *dir = opendir (argv[i]);
          struct dirent *e;

          if (dir == NULL)
            return 1;
          while ((e = readdir (dir)) != NULL)
            {
              char path[4096];
              struct stat est;

              if (e->d_name[0] == '.')
                continue;
              snprintf (path, sizeof path, "%s/%s", argv[i], e->d_name);
              if (stat (path, &est) != 0 || !S_ISREG (est.st_mode))
                continue;
              if (run_file (path) != 0)
                {
                  closedir (dir);
                  return 1;
                }
              ran++;
            }
          closedir (dir);
        }
      else
        {
          if (run_file (argv[i]) != 0)
            return 1;
          ran++;
        }
    }
  if (ran == 0)
    {
      printf ("no inputs found (corpus absent?); skipping\n");
      return 77;
    }
  printf ("ran %d inputs through the reader without a fault\n", ran);
  return 0;
}
