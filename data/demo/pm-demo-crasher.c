/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-demo-crasher.c — small programs that crash for real, to fill the demo store.
 *
 * Runs in: its own process, started by data/demo/make-demo-store.sh. Built once
 * per demo application (PM_DEMO_APP selects which), linked with the shared
 * libpostmortem exactly as a real application would be: it registers custom
 * metadata (and a file, memory, an additional process where the demo needs
 * them), installs the crash handler, then fails in its own way. Nothing here is
 * faked: the report comes from the real handler, dumper and store.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "postmortem.h"

#define PM_DEMO_NOTES   1  /* SIGSEGV: a NULL document pointer */
#define PM_DEMO_PLAYER  2  /* SIGABRT: a failed consistency check */
#define PM_DEMO_CALC    3  /* SIGFPE: integer division by zero */
#define PM_DEMO_VIEWER  4  /* SIGBUS: a mapped file that was truncated */
#define PM_DEMO_SYNC    5  /* SIGSEGV in a heap dump, with a helper process (triage dump) */
#define PM_DEMO_SHELL   6  /* SIGILL: a trap instruction */

#ifndef PM_DEMO_APP
# error "PM_DEMO_APP must name the demo application"
#endif

static void
check (PmResult result, const char *what)
{
  if (result != PM_RESULT_OK)
    {
      fprintf (stderr, "pm-demo: %s: %s\n", what, pm_result_to_string (result));
      exit (2);
    }
}

struct document
{
  char  title[64];
  int   n_lines;
  char **lines;
};

/* noinline: each failure has its own frame, as in a real program; unused:
 * each build uses one of them. */
__attribute__ ((noinline, unused)) static int
count_words (const struct document *doc)
{
  int words = 0;
  for (int i = 0; i < doc->n_lines; i++)
    words += doc->lines[i][0] != '\0';
  return words;
}

__attribute__ ((noinline, unused)) static void
check_playlist (int position, int length)
{
  if (position >= length)
    {
      fprintf (stderr, "pm-demo-player: playlist position %d out of range (%d tracks)\n", position, length);
      abort ();
    }
}

__attribute__ ((noinline, unused)) static int
average (int total, volatile int count)
{
  return total / count;
}

__attribute__ ((noinline, unused)) static int
read_page (const char *path)
{
  int fd = open (path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  volatile const char *map;

  if (fd < 0 || ftruncate (fd, 1 << 16) != 0)
    return -1;
  map = mmap (NULL, 1 << 16, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED)
    return -1;
  /* Someone else shortens the file under us: the next read has nothing behind it. */
  if (ftruncate (fd, 0) != 0)
    return -1;
  unlink (path);
  return map[4096 * 4];
}

int
main (int argc, char **argv)
{
  PmCrashHandlerOptions options;

  pm_crash_handler_options_init (&options);
  options.store_path = getenv ("PM_STORE_DIR");
#if PM_DEMO_APP == PM_DEMO_SYNC
  options.dump_type = PM_DUMP_TYPE_HEAP;
#endif
  check (pm_crash_handler_install (&options), "installing the crash handler");

#if PM_DEMO_APP == PM_DEMO_NOTES
  {
    struct document *doc = NULL;
    check (pm_register_custom_metadata ("DocumentCount", "3"), "metadata");
    check (pm_register_custom_metadata ("SpellCheck", "en_GB"), "metadata");
    if (argc > 1)
      check (pm_register_file (argv[1], PM_FILE_TYPE_USER_DOCUMENT, 0), "file");
    printf ("%d words\n", count_words (doc));
  }
#elif PM_DEMO_APP == PM_DEMO_PLAYER
  check (pm_register_custom_metadata ("AudioBackend", "pipewire"), "metadata");
  check (pm_register_custom_metadata ("PlaylistLength", "12"), "metadata");
  check_playlist (12, 12);
#elif PM_DEMO_APP == PM_DEMO_CALC
  check (pm_register_custom_metadata ("Mode", "statistics"), "metadata");
  printf ("%d\n", average (42, argc - 1));
#elif PM_DEMO_APP == PM_DEMO_VIEWER
  {
    char path[] = "/tmp/pm-demo-viewer-XXXXXX";
    int fd = mkstemp (path);
    if (fd >= 0)
      close (fd);
    check (pm_register_custom_metadata ("ZoomLevel", "150"), "metadata");
    printf ("%d\n", read_page (path));
  }
#elif PM_DEMO_APP == PM_DEMO_SYNC
  {
    /* A helper process, reported alongside (its own triage dump). */
    pid_t helper = fork ();
    static char journal[4096];
    size_t size = 8u << 20;
    unsigned char *cache = malloc (size);

    if (helper == 0)
      {
        /* Dies with its parent: nothing is left behind after the crash. */
        prctl (PR_SET_PDEATHSIG, SIGKILL);
        if (getppid () == 1)
          _exit (0);
        for (;;)
          pause ();
      }
    if (helper < 0 || cache == NULL)
      return 2;
    for (size_t i = 0; i < size; i++)
      cache[i] = (unsigned char) (i * 131u);
    snprintf (journal, sizeof journal, "sync journal: 12 files queued, last error: none");
    check (pm_register_custom_metadata ("Account", "demo@example.org"), "metadata");
    check (pm_register_custom_metadata ("QueuedFiles", "12"), "metadata");
    check (pm_register_memory_block (journal, sizeof journal), "memory block");
    check (pm_register_additional_process (helper, helper), "additional process");
    {
      /* A stale pointer kept in the cache: it was cleared, then used. */
      unsigned char *volatile *slot = (unsigned char *volatile *) (cache + size - 64);
      *slot = (unsigned char *) ((uintptr_t) (argc - 1) * 16);
      volatile unsigned char *entry = *slot;
      cache[0] = *entry;  /* SIGSEGV */
    }
    kill (helper, SIGKILL);
    waitpid (helper, NULL, 0);
  }
#elif PM_DEMO_APP == PM_DEMO_SHELL
  check (pm_register_custom_metadata ("Profile", "default"), "metadata");
  __builtin_trap ();
#endif

  return 0;
}
