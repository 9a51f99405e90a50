/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-registration.c — the registration table and the native pm_register_*()
 * API: what an application wants in its crash reports.
 *
 * Runs in: the application, in ordinary (non-signal) context, any thread.
 * libc only, no allocation: the table is one static object in .bss (see
 * pm-registration-table.h for the layout and the seqlock the remote reader
 * relies on). Writers serialise on a spinlock; every change touches exactly
 * one entry, announced in dirty_index while the generation is odd.
 */
#include "pm-config.h"

#include <sched.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "postmortem.h"
#include "pm-registration-table.h"
#include "pm-client-private.h"

/* Exported by name so a collector can find it (see pm-registration-table.h);
 * declared in postmortem.h. */
PmRegistrationTable pm_registration_table;

static int table_lock;

_Static_assert (PM_REGISTRATION_MAX_ENTRIES == PM_MAX_REGISTERED_ENTRIES, "entries limit");
_Static_assert (PM_REGISTRATION_MAX_METADATA == PM_MAX_REGISTERED_METADATA, "metadata limit");
_Static_assert (PM_REGISTRATION_MAX_PROCESSES == PM_MAX_REGISTERED_PROCESSES, "process limit");
_Static_assert (PM_REGISTRATION_MAX_BLOCK_SIZE == PM_MAX_MEM_BLOCK_SIZE, "block limit");
_Static_assert (PM_FILE_PATH_MAX_LENGTH < PM_REGISTRATION_TEXT_SIZE, "path fits");
_Static_assert (PM_METADATA_VALUE_MAX_LENGTH < PM_REGISTRATION_TEXT_SIZE, "value fits");
_Static_assert (PM_METADATA_KEY_MAX_LENGTH < PM_REGISTRATION_KEY_SIZE, "key fits");

/* The header is written once at load time, before any thread can register,
 * so a reader can recognise the table even when nothing is registered. */
__attribute__ ((constructor)) static void
pm_registration_table_init (void)
{
  PmRegistrationTable *t = &pm_registration_table;

  if (t->version != 0)
    return;
  memcpy (t->magic, PM_REGISTRATION_TABLE_MAGIC, sizeof t->magic);
  t->header_size = PM_REGISTRATION_TABLE_HEADER_SIZE;
  t->entry_size = sizeof (PmRegistrationEntry);
  t->max_entries = PM_REGISTRATION_MAX_ENTRIES;
  t->dirty_index = PM_REGISTRATION_NO_ENTRY;
  __atomic_store_n (&t->version, PM_REGISTRATION_TABLE_VERSION, __ATOMIC_RELEASE);
}

static void
table_lock_acquire (void)
{
  unsigned int spins = 0;

  while (__atomic_exchange_n (&table_lock, 1, __ATOMIC_ACQUIRE) != 0)
    {
      /* Critical sections are a few hundred instructions; yield if the
       * holder was descheduled rather than burn the core. */
      if (++spins > 64)
        {
          sched_yield ();
          spins = 0;
        }
      else
        __builtin_ia32_pause ();
    }
}

static void
table_lock_release (void)
{
  __atomic_store_n (&table_lock, 0, __ATOMIC_RELEASE);
}

/* Opens a change of entry @index (or PM_REGISTRATION_NO_ENTRY): generation
 * becomes odd. Must hold the lock. */
static void
table_change_begin (uint32_t index)
{
  PmRegistrationTable *t = &pm_registration_table;

  pm_registration_table_init ();
  __atomic_store_n (&t->dirty_index, index, __ATOMIC_RELAXED);
  /* Release: dirty_index is visible before the odd generation; the fence
   * keeps the entry's stores after it. */
  __atomic_store_n (&t->generation, t->generation + 1, __ATOMIC_RELEASE);
  __atomic_thread_fence (__ATOMIC_SEQ_CST);
}

static void
table_change_end (void)
{
  PmRegistrationTable *t = &pm_registration_table;

  __atomic_thread_fence (__ATOMIC_RELEASE);
  __atomic_store_n (&t->generation, t->generation + 1, __ATOMIC_RELEASE);
  __atomic_store_n (&t->dirty_index, PM_REGISTRATION_NO_ENTRY, __ATOMIC_RELAXED);
}

const char *
pm_result_to_string (PmResult result)
{
  switch (result)
    {
    case PM_RESULT_OK:
      return "success";
    case PM_RESULT_INVALID_ARGUMENT:
      return "invalid argument (NULL, a size of 0 or over 64 KiB, a key that is not a valid XML name "
             "of at most 64 characters, a value over 128 characters or not printable ASCII, a bad "
             "path, type or flags, or a process id of 0)";
    case PM_RESULT_LIMIT_REACHED:
      return "limit reached (512 registered entries, 8 metadata pairs or 4 additional processes)";
    case PM_RESULT_NOT_FOUND:
      return "not registered";
    case PM_RESULT_INVALID_STATE:
      return "invalid state (this memory block is already registered, or the crash handler is "
             "already installed or not installed)";
    case PM_RESULT_FAILED:
      return "a system call failed";
    default:
      return "unknown result";
    }
}

/* Finds a live entry of @kind matching the given identity. Must hold the lock. */
static int
find_entry (uint32_t kind, uint64_t address, const char *key, const char *text)
{
  const PmRegistrationTable *t = &pm_registration_table;

  for (uint32_t i = 0; i < t->high_water; i++)
    {
      const PmRegistrationEntry *e = &t->entries[i];

      if (e->kind != kind)
        continue;
      if (key != NULL && strcmp (e->key, key) != 0)
        continue;
      if (text != NULL && strcmp (e->text, text) != 0)
        continue;
      if (key == NULL && text == NULL && e->address != address)
        continue;
      return (int) i;
    }
  return -1;
}

/* Finds a free slot, growing high_water if needed. Must hold the lock.
 * Returns -1 when all 512 are in use. */
static int
find_free_slot (void)
{
  const PmRegistrationTable *t = &pm_registration_table;

  if (t->n_entries >= PM_REGISTRATION_MAX_ENTRIES)
    return -1;
  for (uint32_t i = 0; i < t->high_water; i++)
    if (t->entries[i].kind == PM_REGISTRATION_KIND_NONE)
      return (int) i;
  if (t->high_water < PM_REGISTRATION_MAX_ENTRIES)
    return (int) t->high_water;
  return -1;
}

static void
count_kind (uint32_t kind, int delta)
{
  PmRegistrationTable *t = &pm_registration_table;

  t->n_entries += delta;
  if (kind == PM_REGISTRATION_KIND_METADATA)
    t->n_metadata += delta;
  else if (kind == PM_REGISTRATION_KIND_PROCESS)
    t->n_processes += delta;
}

/* Fills a new entry at @index, inside one change. Must hold the lock. */
static void
add_entry (int index, const PmRegistrationEntry *src)
{
  PmRegistrationTable *t = &pm_registration_table;
  PmRegistrationEntry *e = &t->entries[index];

  table_change_begin ((uint32_t) index);
  memcpy (e, src, sizeof *e);
  if ((uint32_t) index >= t->high_water)
    t->high_water = (uint32_t) index + 1;
  count_kind (src->kind, +1);
  table_change_end ();
}

static void
remove_entry (int index)
{
  PmRegistrationTable *t = &pm_registration_table;
  PmRegistrationEntry *e = &t->entries[index];
  uint32_t kind = e->kind;

  table_change_begin ((uint32_t) index);
  memset (e, 0, sizeof *e);
  count_kind (kind, -1);
  while (t->high_water > 0 && t->entries[t->high_water - 1].kind == PM_REGISTRATION_KIND_NONE)
    t->high_water--;
  table_change_end ();
}

static PmResult
register_block (uint32_t kind, const void *address, size_t size)
{
  PmRegistrationEntry entry;
  PmResult result = PM_RESULT_OK;
  int slot;

  if (address == NULL || size == 0)
    return PM_RESULT_INVALID_ARGUMENT;
  if (kind == PM_REGISTRATION_KIND_MEMORY_BLOCK && size > PM_MAX_MEM_BLOCK_SIZE)
    return PM_RESULT_INVALID_ARGUMENT;
  if ((uintptr_t) address + size < (uintptr_t) address)
    return PM_RESULT_INVALID_ARGUMENT;   /* wraps around the address space */

  memset (&entry, 0, sizeof entry);
  entry.kind = kind;
  entry.address = (uint64_t) (uintptr_t) address;
  entry.size = size;

  table_lock_acquire ();
  /* The same start address, included or excluded, is one block: registering
   * it again is a caller error that we report instead of silently
   * duplicating or replacing it. */
  if (find_entry (PM_REGISTRATION_KIND_MEMORY_BLOCK, entry.address, NULL, NULL) >= 0 ||
      find_entry (PM_REGISTRATION_KIND_EXCLUDED_BLOCK, entry.address, NULL, NULL) >= 0)
    result = PM_RESULT_INVALID_STATE;
  else if ((slot = find_free_slot ()) < 0)
    result = PM_RESULT_LIMIT_REACHED;
  else
    add_entry (slot, &entry);
  table_lock_release ();
  return result;
}

static PmResult
unregister_by_address (uint32_t kind, const void *address)
{
  PmResult result = PM_RESULT_OK;
  int index;

  if (address == NULL)
    return PM_RESULT_INVALID_ARGUMENT;
  table_lock_acquire ();
  index = find_entry (kind, (uint64_t) (uintptr_t) address, NULL, NULL);
  if (index < 0)
    result = PM_RESULT_NOT_FOUND;
  else
    remove_entry (index);
  table_lock_release ();
  return result;
}

PmResult
pm_register_memory_block (const void *address, size_t size)
{
  return register_block (PM_REGISTRATION_KIND_MEMORY_BLOCK, address, size);
}

PmResult
pm_unregister_memory_block (const void *address)
{
  return unregister_by_address (PM_REGISTRATION_KIND_MEMORY_BLOCK, address);
}

PmResult
pm_register_excluded_memory_block (const void *address, size_t size)
{
  return register_block (PM_REGISTRATION_KIND_EXCLUDED_BLOCK, address, size);
}

PmResult
pm_unregister_excluded_memory_block (const void *address)
{
  return unregister_by_address (PM_REGISTRATION_KIND_EXCLUDED_BLOCK, address);
}

bool
pm_metadata_key_is_valid (const char *key)
{
  size_t len;

  if (key == NULL)
    return false;
  len = strlen (key);
  if (len == 0 || len > PM_METADATA_KEY_MAX_LENGTH)
    return false;
  /* An XML element name, restricted to ASCII: a letter or '_' first, then
   * letters, digits, '_', '-', '.'. ':' is left out (it means a namespace
   * prefix), and names starting with "xml" are reserved by XML. */
  if (!((key[0] >= 'A' && key[0] <= 'Z') || (key[0] >= 'a' && key[0] <= 'z') || key[0] == '_'))
    return false;
  for (size_t i = 1; i < len; i++)
    {
      char c = key[i];
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '-' || c == '.'))
        return false;
    }
  if (len >= 3 && (key[0] | 0x20) == 'x' && (key[1] | 0x20) == 'm' && (key[2] | 0x20) == 'l')
    return false;
  return true;
}

bool
pm_metadata_value_is_valid (const char *value)
{
  size_t len;

  if (value == NULL)
    return false;
  len = strlen (value);
  if (len > PM_METADATA_VALUE_MAX_LENGTH)
    return false;
  for (size_t i = 0; i < len; i++)
    if ((unsigned char) value[i] < 0x20 || (unsigned char) value[i] > 0x7e)
      return false;
  return true;
}

PmResult
pm_register_custom_metadata (const char *key, const char *value)
{
  PmRegistrationEntry entry;
  PmResult result = PM_RESULT_OK;
  int index;

  if (!pm_metadata_key_is_valid (key) || !pm_metadata_value_is_valid (value))
    return PM_RESULT_INVALID_ARGUMENT;

  memset (&entry, 0, sizeof entry);
  entry.kind = PM_REGISTRATION_KIND_METADATA;
  memcpy (entry.key, key, strlen (key) + 1);
  memcpy (entry.text, value, strlen (value) + 1);

  table_lock_acquire ();
  index = find_entry (PM_REGISTRATION_KIND_METADATA, 0, key, NULL);
  if (index >= 0)
    {
      /* Same key: replace the value in place, in one change. */
      PmRegistrationEntry *e = &pm_registration_table.entries[index];
      table_change_begin ((uint32_t) index);
      memcpy (e->text, entry.text, sizeof e->text);
      table_change_end ();
    }
  else if (pm_registration_table.n_metadata >= PM_REGISTRATION_MAX_METADATA)
    result = PM_RESULT_LIMIT_REACHED;
  else if ((index = find_free_slot ()) < 0)
    result = PM_RESULT_LIMIT_REACHED;
  else
    add_entry (index, &entry);
  table_lock_release ();
  return result;
}

PmResult
pm_unregister_custom_metadata (const char *key)
{
  PmResult result = PM_RESULT_OK;
  int index;

  if (key == NULL || key[0] == '\0' || strlen (key) > PM_METADATA_KEY_MAX_LENGTH)
    return PM_RESULT_INVALID_ARGUMENT;
  table_lock_acquire ();
  index = find_entry (PM_REGISTRATION_KIND_METADATA, 0, key, NULL);
  if (index < 0)
    result = PM_RESULT_NOT_FOUND;
  else
    remove_entry (index);
  table_lock_release ();
  return result;
}

static bool
path_is_valid (const char *path)
{
  size_t len;

  if (path == NULL)
    return false;
  len = strlen (path);
  if (len == 0 || len > PM_FILE_PATH_MAX_LENGTH)
    return false;
  /* Control characters in a path are almost certainly a bug, and would make
   * the report's File[N].Name lines ambiguous. */
  for (size_t i = 0; i < len; i++)
    if ((unsigned char) path[i] < 0x20 || path[i] == 0x7f)
      return false;
  return true;
}

PmResult
pm_register_file (const char *path, PmFileType type, unsigned int flags)
{
  PmRegistrationEntry entry;
  PmResult result = PM_RESULT_OK;
  int index;

  if (!path_is_valid (path))
    return PM_RESULT_INVALID_ARGUMENT;
  if (type != PM_FILE_TYPE_USER_DOCUMENT && type != PM_FILE_TYPE_OTHER)
    return PM_RESULT_INVALID_ARGUMENT;
  if ((flags & ~(PM_FILE_FLAG_DELETE_WHEN_DONE | PM_FILE_FLAG_ANONYMOUS_DATA)) != 0)
    return PM_RESULT_INVALID_ARGUMENT;

  memset (&entry, 0, sizeof entry);
  entry.kind = PM_REGISTRATION_KIND_FILE;
  entry.file_type = (uint32_t) type;
  entry.flags = flags;
  memcpy (entry.text, path, strlen (path) + 1);

  table_lock_acquire ();
  index = find_entry (PM_REGISTRATION_KIND_FILE, 0, NULL, path);
  if (index >= 0)
    {
      PmRegistrationEntry *e = &pm_registration_table.entries[index];
      table_change_begin ((uint32_t) index);
      e->file_type = entry.file_type;
      e->flags = entry.flags;
      table_change_end ();
    }
  else if ((index = find_free_slot ()) < 0)
    result = PM_RESULT_LIMIT_REACHED;
  else
    add_entry (index, &entry);
  table_lock_release ();
  return result;
}

PmResult
pm_unregister_file (const char *path)
{
  PmResult result = PM_RESULT_OK;
  int index;

  if (!path_is_valid (path))
    return PM_RESULT_INVALID_ARGUMENT;
  table_lock_acquire ();
  index = find_entry (PM_REGISTRATION_KIND_FILE, 0, NULL, path);
  if (index < 0)
    result = PM_RESULT_NOT_FOUND;
  else
    remove_entry (index);
  table_lock_release ();
  return result;
}

PmResult
pm_register_additional_process (pid_t pid, pid_t tid)
{
  PmRegistrationEntry entry;
  PmResult result = PM_RESULT_OK;
  int index;

  if (pid <= 0 || tid < 0)
    return PM_RESULT_INVALID_ARGUMENT;

  memset (&entry, 0, sizeof entry);
  entry.kind = PM_REGISTRATION_KIND_PROCESS;
  entry.address = (uint64_t) pid;
  entry.size = (uint64_t) tid;

  table_lock_acquire ();
  index = find_entry (PM_REGISTRATION_KIND_PROCESS, entry.address, NULL, NULL);
  if (index >= 0)
    {
      PmRegistrationEntry *e = &pm_registration_table.entries[index];
      table_change_begin ((uint32_t) index);
      e->size = entry.size;
      table_change_end ();
    }
  else if (pm_registration_table.n_processes >= PM_REGISTRATION_MAX_PROCESSES)
    result = PM_RESULT_LIMIT_REACHED;
  else if ((index = find_free_slot ()) < 0)
    result = PM_RESULT_LIMIT_REACHED;
  else
    add_entry (index, &entry);
  table_lock_release ();
  return result;
}

PmResult
pm_unregister_additional_process (pid_t pid)
{
  PmResult result = PM_RESULT_OK;
  int index;

  if (pid <= 0)
    return PM_RESULT_INVALID_ARGUMENT;
  table_lock_acquire ();
  index = find_entry (PM_REGISTRATION_KIND_PROCESS, (uint64_t) pid, NULL, NULL);
  if (index < 0)
    result = PM_RESULT_NOT_FOUND;
  else
    remove_entry (index);
  table_lock_release ();
  return result;
}

void
pm_set_flags (unsigned int flags)
{
  table_lock_acquire ();
  table_change_begin (PM_REGISTRATION_NO_ENTRY);
  pm_registration_table.wer_flags = flags;
  table_change_end ();
  table_lock_release ();
}

pid_t
pm_get_thread_id (void)
{
  return (pid_t) syscall (SYS_gettid);
}

unsigned int
pm_get_flags (void)
{
  unsigned int flags;

  table_lock_acquire ();
  flags = pm_registration_table.wer_flags;
  table_lock_release ();
  return flags;
}

PmResult
pm_registration_set_singleton (uint32_t kind, const PmRegistrationEntry *entry)
{
  PmResult result = PM_RESULT_OK;
  int index;

  table_lock_acquire ();
  index = -1;
  for (uint32_t i = 0; i < pm_registration_table.high_water && index < 0; i++)
    if (pm_registration_table.entries[i].kind == kind)
      index = (int) i;
  if (entry == NULL)
    {
      if (index < 0)
        result = PM_RESULT_NOT_FOUND;
      else
        remove_entry (index);
    }
  else if (index >= 0)
    {
      /* Replaced in one change: a reader never sees two or none. */
      table_change_begin ((uint32_t) index);
      memcpy (&pm_registration_table.entries[index], entry, sizeof *entry);
      table_change_end ();
    }
  else if ((index = find_free_slot ()) < 0)
    result = PM_RESULT_LIMIT_REACHED;
  else
    add_entry (index, entry);
  table_lock_release ();
  return result;
}

bool
pm_registration_get_singleton (uint32_t kind, PmRegistrationEntry *out)
{
  bool found = false;

  table_lock_acquire ();
  for (uint32_t i = 0; i < pm_registration_table.high_water && !found; i++)
    if (pm_registration_table.entries[i].kind == kind)
      {
        memcpy (out, &pm_registration_table.entries[i], sizeof *out);
        found = true;
      }
  table_lock_release ();
  return found;
}
