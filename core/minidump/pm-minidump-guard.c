/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-minidump-guard.c — the registry of guarded mappings and the SIGBUS handler
 * (see pm-minidump-guard.h).
 *
 * Runs in: ordinary context for register/unregister (lock-free on the table; a mutex only
 * around sigaction), signal context for the handler: it reads the table with atomic loads,
 * calls mmap(2) and sigaction(2), and chains to the previous handler. No locks, no
 * allocation, no stdio there.
 *
 * A slot is FREE, BUSY (being filled or emptied by its owner) or LIVE. The handler only
 * looks at LIVE slots, whose start and length were written before the release store that
 * made them LIVE. A mapping is unregistered before it is unmapped, so the handler never
 * maps zeros over an address range that is no longer the reader's.
 */
#include "pm-config.h"

#include "pm-minidump-guard.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { SLOT_FREE = 0, SLOT_BUSY = 1, SLOT_LIVE = 2 };

typedef struct
{
  int       state;       /* atomic: SLOT_* */
  uintptr_t start;
  size_t    length;
  int       damaged;     /* atomic: set by the handler */
} PmMdGuardSlot;

static PmMdGuardSlot slots[PM_MD_GUARD_MAX];
static struct sigaction previous;          /* written before our handler is installed */
static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;

static bool
replace_with_zeros (uintptr_t addr)
{
  for (int i = 0; i < PM_MD_GUARD_MAX; i++)
    {
      PmMdGuardSlot *slot = &slots[i];
      uintptr_t start;
      size_t length;

      if (__atomic_load_n (&slot->state, __ATOMIC_ACQUIRE) != SLOT_LIVE)
        continue;
      start = slot->start;
      length = slot->length;
      if (addr < start || addr - start >= length)
        continue;
      /* Same size, read-only, zero-filled, at the same address: pointers the reader handed
       * out stay valid, every later read sees zeros. */
      if (mmap ((void *) start, length, PROT_READ, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
          == MAP_FAILED)
        return false;
      __atomic_store_n (&slot->damaged, 1, __ATOMIC_RELEASE);
      return true;
    }
  return false;
}

static void
guard_sigbus (int        sig,
              siginfo_t *info,
              void      *context)
{
  struct sigaction dfl;

  if (info != NULL && replace_with_zeros ((uintptr_t) info->si_addr))
    return;                     /* the faulting read runs again, on zeros */

  if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction != NULL)
    {
      previous.sa_sigaction (sig, info, context);
      return;
    }
  if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN)
    {
      previous.sa_handler (sig);
      return;
    }
  /* Nobody else wanted it: the default action, as if we had never been here. The access
   * faults again on return and the process dies of SIGBUS. */
  memset (&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset (&dfl.sa_mask);
  sigaction (SIGBUS, &dfl, NULL);
}

/* Installs guard_sigbus unless it is already the SIGBUS handler; whatever was there
 * becomes the one we chain to. Re-checked at each registration, so a handler installed
 * after ours (a crash reporter) is chained rather than lost. */
static bool
ensure_handler (void)
{
  struct sigaction current, ours;
  bool ok = true;

  pthread_mutex_lock (&install_lock);
  if (sigaction (SIGBUS, NULL, &current) == 0 &&
      !((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == guard_sigbus))
    {
      memset (&ours, 0, sizeof ours);
      ours.sa_sigaction = guard_sigbus;
      ours.sa_flags = SA_SIGINFO | SA_ONSTACK;
      sigemptyset (&ours.sa_mask);
      previous = current;
      ok = sigaction (SIGBUS, &ours, NULL) == 0;
    }
  pthread_mutex_unlock (&install_lock);
  return ok;
}

int
pm_md_guard_register (const void *start,
                      size_t      length)
{
  if (start == NULL || length == 0 || !ensure_handler ())
    return -1;
  for (int i = 0; i < PM_MD_GUARD_MAX; i++)
    {
      int expected = SLOT_FREE;

      if (!__atomic_compare_exchange_n (&slots[i].state, &expected, SLOT_BUSY, false,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        continue;
      slots[i].start = (uintptr_t) start;
      slots[i].length = length;
      __atomic_store_n (&slots[i].damaged, 0, __ATOMIC_RELAXED);
      __atomic_store_n (&slots[i].state, SLOT_LIVE, __ATOMIC_RELEASE);
      return i;
    }
  return -1;
}

void
pm_md_guard_unregister (int slot)
{
  if (slot < 0 || slot >= PM_MD_GUARD_MAX)
    return;
  __atomic_store_n (&slots[slot].state, SLOT_BUSY, __ATOMIC_RELEASE);
  slots[slot].start = 0;
  slots[slot].length = 0;
  __atomic_store_n (&slots[slot].state, SLOT_FREE, __ATOMIC_RELEASE);
}

const volatile int *
pm_md_guard_damaged_flag (int slot)
{
  return slot >= 0 && slot < PM_MD_GUARD_MAX ? &slots[slot].damaged : NULL;
}
