/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-window.h — PmWindow: the main window, the reports of the store.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 */
#pragma once

#include <adwaita.h>

#include "pm-report-list.h"
#include "pm-store.h"

G_BEGIN_DECLS

#define PM_TYPE_WINDOW (pm_window_get_type ())

G_DECLARE_FINAL_TYPE (PmWindow, pm_window, PM, WINDOW, AdwApplicationWindow)

/* @store may be NULL: the window then shows why no store could be opened (@error). */
PmWindow      *pm_window_new                (GtkApplication *application,
                                             PmStore        *store,
                                             const GError   *error);
PmStore       *pm_window_get_store          (PmWindow       *self);
PmReportList  *pm_window_get_report_list    (PmWindow       *self);
/* Selects the report (its bucket's row) and shows it (a folded window opens it); FALSE
 * when it is not listed. While the first listing runs, a report not yet listed is
 * selected as soon as it is. */
gboolean       pm_window_select_report      (PmWindow       *self,
                                             const char     *key);
/* The report the right pane shows, or NULL. */
PmReport      *pm_window_get_shown_report   (PmWindow       *self);
/* Deletes the selected reports with an undo toast. */
void           pm_window_delete_selected    (PmWindow       *self);
/* Runs deletions waiting for their undo toast now (also done when the window closes).
 * They happen in a worker thread; the application is held until they are done. */
void           pm_window_flush_deletions    (PmWindow       *self);
/* Iterates the default main context until every deletion this window started is done
 * (for the application's shutdown, when no main loop runs any more). */
void           pm_window_wait_for_deletions (PmWindow       *self);
void           pm_window_add_toast          (PmWindow       *self,
                                             AdwToast       *toast);
/* For tests and for the application's hooks. */
GtkSelectionModel *pm_window_get_selection  (PmWindow       *self);
/* "list", "empty" or "no-match". */
const char    *pm_window_get_list_page      (PmWindow       *self);
GtkWidget     *pm_window_get_report_page    (PmWindow       *self);
GtkWidget     *pm_window_get_dump_view      (PmWindow       *self);
/* "dump" or "error" (the dump of the shown report). */
const char    *pm_window_get_dump_state     (PmWindow       *self);
void           pm_window_set_search_text    (PmWindow       *self,
                                             const char     *text);
/* "report" or "dump". */
void           pm_window_set_content_page   (PmWindow       *self,
                                             const char     *name);
/* What a folded window shows: "list" or "report"; "both" when unfolded. */
const char    *pm_window_get_pane           (PmWindow       *self);
/* The section of the main menu where application items go (Preferences, About…). */
GMenu         *pm_window_get_app_menu_section (PmWindow     *self);

G_END_DECLS
