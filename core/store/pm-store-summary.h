/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-store-summary.h — private: a few values of every report (when, which application,
 * which version, crash or hang, how many times) listed from the store's summary index,
 * without reading each Report.wer.
 *
 * Runs in: any GLib process using the store; the application calls it in a worker
 * thread with its own PmStore. Not installed, not exported (our executables link the
 * static store library).
 *
 * <store>/.summaries is a hint, like .usage: one line per report with the values below
 * and the report folder's mtime and inode when they were read. A line is used only while
 * the folder still has that mtime and inode (every change of a report replaces its
 * Report.wer by a rename inside the folder, which changes the folder's mtime); any other
 * report is loaded and the index rewritten. A missing, unreadable or malformed index only
 * costs loading every report once.
 */
#pragma once

#include <gio/gio.h>

#include "pm-report.h"
#include "pm-store.h"

G_BEGIN_DECLS

typedef struct
{
  char          *key;
  PmReportState  state;
  gint64         event_time_us;  /* EventTime (Unix µs, UTC), else the folder's mtime */
  guint          count;          /* Postmortem.Count: the crashes this report stands for */
  char          *event_type;     /* EventType ("APPCRASH", "AppHangB1"…) */
  char          *app_name;       /* AppName, else the key's application part */
  char          *app_version;    /* the "Application Version" signature, "" when unknown */
} PmReportSummary;

void          pm_report_summary_free         (PmReportSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmReportSummary, pm_report_summary_free)

typedef enum
{
  PM_SUMMARIES_DEFAULT      = 0,
  /* Takes the index as it is: no fstatat() of each report, nothing loaded, the index not
   * rewritten; reports the index does not know are left out, and values changed since it
   * was written are not seen. A quick first answer, to be followed by a default listing.
   * Returns NULL without an error when there is no index. */
  PM_SUMMARIES_TRUST_INDEX  = 1 << 0,
} PmSummariesFlags;

/* The summaries of every report in @states, oldest event first (ties by key). Reports the
 * index does not know (or knew with another folder mtime or inode) are loaded and the
 * index is rewritten. @n_loaded (optional) says how many reports had to be loaded: 0 means
 * the index was exact (so a TRUST_INDEX answer given before was too).
 * Returns: (element-type PmReportSummary): the summaries, or NULL with @error set when the
 * store itself cannot be listed. */
GPtrArray    *pm_store_list_summaries        (PmStore         *store,
                                              PmReportState    states,
                                              PmSummariesFlags flags,
                                              guint           *n_loaded,
                                              GError         **error);

G_END_DECLS
