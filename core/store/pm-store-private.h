/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-private.h — private: the PmStore instance and what the store's own files
 * (pm-store*.c) share with each other. PmReport's and PmReportDraft's private parts are in
 * pm-report-private.h and pm-report-draft-private.h, FILETIME in pm-filetime.h.
 *
 * Runs in: any GLib process using the store. Not installed.
 */
#pragma once

#include <gio/gio.h>

#include "pm-report.h"
#include "pm-store.h"
#include "pm-wer-file.h"

G_BEGIN_DECLS

struct _PmStore
{
  GObject       parent_instance;

  char         *path;
  int           root_fd;
  int           lock_fd;
  int           tmp_fd;
  int           queue_fd;
  int           archive_fd;
  PmSettings   *settings;
  PmSettings   *system_settings;
  GFileMonitor *monitors[2];
};

/* One report of a listing (pm-store-list.c), as quotas and eviction use it. */
typedef struct
{
  char          *key;
  PmReportState  state;
  gint64         time_us;   /* EventTime, else the directory's mtime */
  guint64        size;
  PmReport      *report;    /* when loaded */
} PmStoreEntry;

/* The fds of a state directory (queue/ or archive/), borrowed. */
int           pm_store_get_state_fd          (PmStore        *store,
                                              PmReportState   state);
const char   *pm_report_state_dir_name       (PmReportState   state);

/* flock() of <store>/.lock (LOCK_EX or LOCK_SH), retried on EINTR. pm-store.c. */
gboolean      pm_store_lock                  (PmStore        *self,
                                              int             operation,
                                              GError        **error);
void          pm_store_unlock                (PmStore        *self);

/* Names and keys, pm-store-names.c. */
/* The bucket id (16 lowercase hex digits) of a report's values, rule 2: a SHA-256 over
 * EventType and Sig[0..9].Value, leaving out signatures that are absolute addresses
 * ("Fault Address"). Newly allocated. */
char         *pm_bucket_id_compute           (const PmWerFile *wer);
/* The <app> part of a key for @app_name (see pm-store.h). Newly allocated. */
char         *pm_store_key_app_part          (const char     *app_name);
/* Splits a valid key; every out argument may be NULL. Returns FALSE for an invalid key. */
gboolean      pm_store_key_split             (const char     *key,
                                              char          **event_type,
                                              char          **app,
                                              char          **bucket,
                                              char          **uuid);
/* 1–64 ASCII letters and digits. */
gboolean      pm_store_event_type_is_valid   (const char     *event_type);

/* Listing, pm-store-list.c. */
/* Appends the keys of one state directory (unsorted) to @keys; entries that are not
 * reports are skipped with a warning. */
gboolean      pm_store_read_keys             (PmStore        *self,
                                              PmReportState   state,
                                              GPtrArray      *keys,
                                              GError        **error);
/* Every report of @states as an array of PmStoreEntry, sorted oldest first; with @load,
 * each report loaded. */
GArray       *pm_store_collect               (PmStore        *self,
                                              PmReportState   states,
                                              gboolean        load,
                                              GError        **error);
/* The apparent size of the regular files in the report directory @key. */
guint64       pm_store_report_dir_size       (int             state_fd,
                                              const char     *key);

/* Quotas and eviction, pm-store-quota.c; all with the store lock held. */
void          pm_store_usage_write           (PmStore        *self,
                                              guint64         total);
void          pm_store_usage_forget          (PmStore        *self);
void          pm_store_usage_subtract        (PmStore        *self,
                                              guint64         size);
void          pm_store_enforce_archive_count (PmStore        *self,
                                              const char     *keep);
gboolean      pm_store_make_room             (PmStore        *self,
                                              guint64         new_size,
                                              guint64        *total_after,
                                              GError        **error);

/* Changing, pm-store-change.c. */
/* Moves the report out of sight, then removes it (store lock held). */
gboolean      pm_store_delete_in             (PmStore        *self,
                                              PmReportState   state,
                                              const char     *key,
                                              GError        **error);
/* Sets Report.wer values (key, value, …, NULL) of the report open as @report_fd. */
gboolean      pm_store_set_values_in         (PmStore        *self,
                                              int             report_fd,
                                              const char     *key,
                                              const char * const *pairs,
                                              GError        **error);

/* Moves a declined report (archive/, Postmortem.Declined=true) back to queue/, so the
 * person can send it after all: "declined" is not "sent". A report a server accepted
 * (Response.ReportId) is never moved back (PM_ERROR_INVALID_ARGUMENT), nor one that
 * was not declined. For the application; not in the library's ABI. */
gboolean pm_store_requeue_declined_report (PmStore    *store,
                                           const char *key,
                                           GError    **error);

G_END_DECLS
