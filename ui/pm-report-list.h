/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-report-list.h — PmReportList: the store's reports as a list model of buckets.
 *
 * Runs in: the postmortem GUI process (GTK main thread; loads in a worker thread).
 *
 * A GListModel of PmReportGroup, newest first, holding the reports in the
 * chosen states (pending, sent, all). It loads the store in a worker thread so
 * the window shows at once, and reloads whenever the store says it changed
 * (PmStore::changed, from a file monitor on queue/ and archive/).
 */
#pragma once

#include <gio/gio.h>

#include "pm-report-group.h"
#include "pm-store.h"

G_BEGIN_DECLS

#define PM_TYPE_REPORT_LIST (pm_report_list_get_type ())

/* Which reports the list shows: a declined report is archived like a sent one,
 * but the server never got it. */
typedef enum
{
  PM_REPORT_LIST_SHOW_ALL,
  PM_REPORT_LIST_SHOW_PENDING,
  PM_REPORT_LIST_SHOW_SENT,
  PM_REPORT_LIST_SHOW_DECLINED,
} PmReportListShow;

G_DECLARE_FINAL_TYPE (PmReportList, pm_report_list, PM, REPORT_LIST, GObject)

/* Lists the reports of @store (which must stay alive while the list does). */
PmReportList  *pm_report_list_new             (PmStore       *store);
PmStore       *pm_report_list_get_store       (PmReportList  *self);
PmReportState  pm_report_list_get_states      (PmReportList  *self);
void           pm_report_list_set_states      (PmReportList  *self,
                                               PmReportState  states);
/* Shows only pending, sent or declined reports, or all (also sets the states). */
PmReportListShow pm_report_list_get_show      (PmReportList  *self);
void           pm_report_list_set_show        (PmReportList  *self,
                                               PmReportListShow show);
/* Starts a reload (coalesced with one already running). */
void           pm_report_list_reload          (PmReportList  *self);
/* TRUE until the first load finished. */
gboolean       pm_report_list_get_loading     (PmReportList  *self);
/* Hides these report keys (deleted, waiting for the undo toast to go) / shows them again. */
void           pm_report_list_hide_keys       (PmReportList  *self,
                                               const char * const *keys);
void           pm_report_list_unhide_keys     (PmReportList  *self,
                                               const char * const *keys);
/* The position of the group holding @key, or G_MAXUINT. */
guint          pm_report_list_find_key        (PmReportList  *self,
                                               const char    *key);
/* The error of the last load, or NULL. */
const GError  *pm_report_list_get_error       (PmReportList  *self);

G_END_DECLS
