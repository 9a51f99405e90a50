/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dump-view.h — PmDumpView: everything in one minidump, in five pages.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * Overview (system, exception in plain words, where it crashed), Threads
 * (the crashing thread first; the selected thread's backtrace, walked in a
 * worker thread; the selected frame's registers and the stack memory from its
 * stack pointer), Modules, Memory (captured
 * ranges and regions, a hex view, jump to address) and Streams (every
 * stream; text streams as text, annotations as a table, others as hex).
 * Every list is a lazy GtkColumnView over a PmIndexModel: rows are read from
 * the mapped file only when they scroll into view.
 */
#pragma once

#include <adwaita.h>

#include "pm-backtrace.h"
#include "pm-dump.h"

G_BEGIN_DECLS

#define PM_TYPE_DUMP_VIEW (pm_dump_view_get_type ())

G_DECLARE_FINAL_TYPE (PmDumpView, pm_dump_view, PM, DUMP_VIEW, GtkWidget)

GtkWidget    *pm_dump_view_new             (void);
PmDump       *pm_dump_view_get_dump        (PmDumpView *self);
void          pm_dump_view_set_dump        (PmDumpView *self,
                                            PmDump     *dump);
/* The page stack, for a header bar's AdwViewSwitcherTitle. */
AdwViewStack *pm_dump_view_get_stack       (PmDumpView *self);
/* Shows or hides the view's own page switcher (hidden when a header bar has one). */
void          pm_dump_view_set_show_switcher (PmDumpView *self,
                                            gboolean    show);
/* "overview", "threads", "modules", "memory", "streams". */
void          pm_dump_view_set_page        (PmDumpView *self,
                                            const char *name);
/* Shows the memory at @address on the Memory page; FALSE (and a message on
 * that page) when the dump has no memory there. */
gboolean      pm_dump_view_jump_to_address (PmDumpView *self,
                                            guint64     address);
/* Selects thread @index (in the dump's order) on the Threads page. The list
 * shows the crashing thread first: the rows of "threads" are in that order. */
void          pm_dump_view_select_thread   (PmDumpView *self,
                                            guint       index);
/* Selects frame @frame of the shown thread's backtrace ("frames" rows). */
void          pm_dump_view_select_frame    (PmDumpView *self,
                                            guint       frame);
/* The walked stacks, or NULL while they are being walked. */
PmBacktrace  *pm_dump_view_get_backtrace   (PmDumpView *self);
/* What Copy Backtrace copies: `postmortemctl info`'s backtrace text; NULL
 * while walking or without a crashing thread. */
char         *pm_dump_view_dup_backtrace_text (PmDumpView *self);
/* Selects stream @index on the Streams page. */
void          pm_dump_view_select_stream   (PmDumpView *self,
                                            guint       index);
/* The text of a cell, as shown ("threads", "modules", "memory", "regions",
 * "streams", "frames" of the shown thread; column from 0). For tests and for copying a row. */
char         *pm_dump_view_dup_cell_text   (PmDumpView *self,
                                            const char *list,
                                            guint       column,
                                            guint       row);

G_END_DECLS
