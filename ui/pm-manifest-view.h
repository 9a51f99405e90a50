/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-manifest-view.h — PmManifestView: the list of exactly what a report sends
 * (or sent), part for part, from its PmManifest.
 *
 * Runs in: the postmortem GUI process (GTK main thread). The manifest is computed
 * on a worker thread (pm_manifest_compute() reads the report's files).
 *
 * Two uses:
 *   pm_manifest_view_set_report()   what sending would send, editable: the level
 *       ("What to Send"), a switch per field and file (off = the person's choice
 *       to remove it), a viewer for each text part, the replacements redaction
 *       made with a switch to turn it off. Each change computes the manifest
 *       again; with @save_choices the choices are also written into the report
 *       at once (the report page), else the owner saves them (the crash dialog,
 *       on Send), reading pm_manifest_view_get_choices().
 *   pm_manifest_view_set_sent()     a manifest that was sent ("What Was Sent"),
 *       read-only.
 *
 * Rows: the files first (title: what it is in plain words; subtitle: its file
 * name; its exact size), then "Form Fields" folded (each field's name and value),
 * then "Not Sent" folded (what the level or safety leaves out, and why), then
 * "Hide Personal Details" (its replacements inside), then the total.
 */
#pragma once

#include <adwaita.h>

#include "pm-manifest.h"
#include "pm-store.h"

G_BEGIN_DECLS

#define PM_TYPE_MANIFEST_VIEW (pm_manifest_view_get_type ())
G_DECLARE_FINAL_TYPE (PmManifestView, pm_manifest_view, PM, MANIFEST_VIEW, GtkWidget)

GtkWidget               *pm_manifest_view_new            (void);
/* @choices NULL: those stored in the report. */
void                     pm_manifest_view_set_report     (PmManifestView          *self,
                                                          PmStore                 *store,
                                                          PmReport                *report,
                                                          const PmManifestChoices *choices,
                                                          gboolean                 save_choices);
void                     pm_manifest_view_set_sent       (PmManifestView          *self,
                                                          PmManifest              *sent);
/* The choices shown now (borrowed; NULL before set_report). */
const PmManifestChoices *pm_manifest_view_get_choices    (PmManifestView          *self);
/* The comment is typed elsewhere (the dialog's entry); it is a field like any other. */
void                     pm_manifest_view_set_comment    (PmManifestView          *self,
                                                          const char              *comment);
/* The manifest on screen (borrowed), NULL while the first one is computed. */
PmManifest              *pm_manifest_view_get_manifest   (PmManifestView          *self);
/* TRUE while a manifest is being computed for the latest choices. */
gboolean                 pm_manifest_view_is_busy        (PmManifestView          *self);

G_END_DECLS
