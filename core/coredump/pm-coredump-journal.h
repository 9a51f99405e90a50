/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-coredump-journal.h — the crashes systemd-coredump recorded in the
 * journal, for this user, and their import as reports.
 *
 * Runs in: postmortemctl and the listener service (GLib, libsystemd's
 * sd-journal, the store library).
 *
 * Trust: any program may log a field called COREDUMP_EXE. Only entries whose
 * trusted fields (set by journald, not by the sender) say systemd-coredump
 * wrote them as root (_UID=0, _COMM=systemd-coredump) are read, and of those
 * only the crashes of this user's processes (COREDUMP_UID).
 *
 * Identity: a crash is its pid and its time (COREDUMP_PID,
 * COREDUMP_TIMESTAMP). Its report carries both (Postmortem.Pid and
 * Postmortem.CoredumpTimestamp) and its EventTime is the crash's time, so a
 * crash already in the store, imported before or caught by libpostmortem's
 * own handler, is found and not imported twice.
 */
#pragma once

#include <glib.h>
#include <systemd/sd-journal.h>

#include "pm-dumper.h"
#include "pm-store.h"

G_BEGIN_DECLS

#define PM_COREDUMP_MESSAGE_ID "fc2e22bc6ee647b6b90729ab34a250b1"

typedef enum
{
  PM_COREDUMP_CORE_MISSING,   /* not stored, or its file is gone */
  PM_COREDUMP_CORE_FILE,      /* COREDUMP_FILENAME, readable */
  PM_COREDUMP_CORE_JOURNAL,   /* in the entry itself (COREDUMP=) */
} PmCoredumpCore;

typedef struct
{
  char          *id;            /* "PID-SECONDS": what `coredumps --import ID` takes */
  gint64         pid;
  gint64         uid;
  int            signal;
  guint64        timestamp_us;  /* of the crash, µs since the epoch */
  char          *exe;           /* COREDUMP_EXE, or NULL */
  char          *comm;          /* COREDUMP_COMM, or NULL */
  char          *filename;      /* COREDUMP_FILENAME, or NULL */
  char          *flatpak_app;   /* the app id from an app-flatpak-ID-N.scope cgroup, or NULL */
  PmCoredumpCore core;
  char          *report_key;    /* the report of this crash already in the store, or NULL */
  char          *cursor;        /* the journal entry */
  GPtrArray     *fields;        /* "KEY", "value", … the COREDUMP_* values for Report.wer */
  char          *cmdline;       /* COREDUMP_CMDLINE, or NULL (sent only with all-data consent) */
  char          *environ;       /* COREDUMP_ENVIRON, TAB-separated, or NULL (idem) */
} PmCoredumpEntry;

void        pm_coredump_entry_free (PmCoredumpEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmCoredumpEntry, pm_coredump_entry_free)

/* The crashes of uid recorded in the journal in directory (NULL: the
 * system's journal), newest first, each with report_key set when store
 * already has it. Returns a GPtrArray of PmCoredumpEntry, or NULL with error. */
GPtrArray  *pm_coredump_journal_list   (const char  *directory,
                                        uid_t        uid,
                                        PmStore     *store,
                                        GError     **error);

/* The journal in directory (NULL: the system's), for a follower
 * (pm-listener.c). Returns NULL with error. */
sd_journal *pm_coredump_journal_open (const char  *directory,
                                      GError     **error);
/* The entry at j's current position if systemd-coredump wrote it about a
 * crash of uid (as pm_coredump_journal_list () checks), else NULL. */
PmCoredumpEntry *pm_coredump_journal_read_current (sd_journal *j,
                                                   uid_t       uid,
                                                   PmStore    *store);

/* Imports one entry of pm_coredump_journal_list () (already a report: returns
 * that key and sets *added FALSE). *counted is TRUE when the store counted
 * the crash into a queued report of the same problem instead of adding one.
 * The core comes from COREDUMP_FILENAME or the entry's COREDUMP field (read
 * again from directory). Errors:
 * PM_ERROR_NOT_FOUND when its core is gone, PM_ERROR_CORRUPT when the core
 * cannot be read, the store's errors. */
char       *pm_coredump_journal_import (const char      *directory,
                                        PmCoredumpEntry *entry,
                                        PmStore         *store,
                                        PmDumperType     type,
                                        gboolean        *added,
                                        gboolean        *counted,
                                        GError         **error);

G_END_DECLS
