/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-debuginfod-bar.h — PmDebuginfodBar: in the dump window, above a
 * backtrace whose frames lack names, the offer to download the modules'
 * debug information from debuginfod servers, then each module's download.
 *
 * The person decides (pm-debuginfod-choice.h): at "ask" the bar names the
 * server and the modules, and nothing is sent until Download is pressed; at
 * "always" it downloads at once; at "never", or with no server set, it stays
 * hidden. Only the build-ids of the modules that hold unnamed frames are
 * sent. Each module shows its progress; Cancel stops the download (what was
 * whole stays in the cache); files larger than the size cap are refused.
 *
 * The downloads run in `postmortemctl debuginfod --progress` (elfutils'
 * client, into the shared debuginfod cache): a separate process, so the
 * client's environment is its own, Cancel is a signal, and no network
 * parsing runs in the application. When it ends with at least one file,
 * "downloaded" is emitted: the owner walks the stacks again.
 *
 * Runs in: the postmortem GUI process, GTK main thread.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PM_TYPE_DEBUGINFOD_BAR (pm_debuginfod_bar_get_type ())
G_DECLARE_FINAL_TYPE (PmDebuginfodBar, pm_debuginfod_bar, PM, DEBUGINFOD_BAR, GtkBox)

GtkWidget *pm_debuginfod_bar_new    (void);

/* The modules of a freshly walked backtrace whose frames have no names
 * (build-id hex -> module file name; borrowed). Modules already tried for
 * this dump are not offered again. */
void       pm_debuginfod_bar_offer  (PmDebuginfodBar *self,
                                     GHashTable      *missing);

/* Whether the bar is still reading the person's choice for an offer (in a
 * worker): until then it shows nothing new. */
gboolean   pm_debuginfod_bar_is_deciding (PmDebuginfodBar *self);

/* A new dump is shown: stops a download, forgets what was tried, hides. */
void       pm_debuginfod_bar_reset  (PmDebuginfodBar *self);

/* The postmortemctl the application runs: $PM_CTL_PATH when set (tests),
 * else beside its own executable (the build tree, an install, the Flatpak's
 * -sandboxed pair), else in bindir. */
char      *pm_debuginfod_bar_find_ctl (void);

G_END_DECLS
