/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-bug-report.h — "Report a Bug…" for a crash no server takes: where the
 * program's bugs are reported, and the words of a new bug, prefilled and free of
 * private data.
 *
 * Runs in: the postmortem GUI process. pm_bug_report_find() reads files (AppStream
 * metainfo, /etc/os-release): call it in a worker thread. The rest is pure text
 * work, any thread.
 *
 * Where, in this order:
 *  1. the program's AppStream metainfo, <url type="bugtracker">: the component
 *     whose id or desktop-id launchable is the program's desktop id or Flatpak app
 *     id, or that provides the program's binary; found in metainfo/ and appdata/ of
 *     the XDG data dirs and of the Flatpak installations (system and per user);
 *  2. the distribution's bug tracker for the report's package (Postmortem.Package,
 *     found by dpkg): Debian's https://bugs.debian.org/PACKAGE, Ubuntu's Launchpad;
 *  3. /etc/os-release's BUG_REPORT_URL (the distribution's, for any program).
 * The title and body hold what happened in plain words, the program's version and
 * package, the signal, where it crashed and the stack signature, the system; never
 * the report's paths, the user, host or home (the manifest's redaction runs over the
 * body, and AppPath is never used).
 */
#pragma once

#include <gio/gio.h>

#include "pm-report.h"

G_BEGIN_DECLS

typedef enum
{
  PM_BUG_TRACKER_NONE,
  PM_BUG_TRACKER_APPSTREAM,     /* the program's own (its metainfo) */
  PM_BUG_TRACKER_PACKAGE,       /* the distribution's, for the report's package */
  PM_BUG_TRACKER_DISTRIBUTION,  /* os-release BUG_REPORT_URL */
} PmBugTrackerOrigin;

/* The tracker's address (newly allocated) or NULL. @desktop_id: the program's
 * desktop file id ("org.example.App.desktop") or NULL. Reads files. */
char     *pm_bug_report_find       (PmReport            *report,
                                    const char          *desktop_id,
                                    PmBugTrackerOrigin  *origin);
/* "Notes crashed: segmentation fault in libfoo.so" */
char     *pm_bug_report_dup_title  (PmReport            *report,
                                    const char          *display_name);
/* The body: plain words, then the technical lines; redacted. */
char     *pm_bug_report_dup_body   (PmReport            *report,
                                    const char          *display_name);
/* The address to open: a new-issue form with title and body for GitHub and GitLab
 * (*@prefilled TRUE), else @tracker itself (*@prefilled FALSE: the person pastes). */
char     *pm_bug_report_build_uri  (const char          *tracker,
                                    const char          *title,
                                    const char          *body,
                                    gboolean            *prefilled);

G_END_DECLS
