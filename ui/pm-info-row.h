/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-info-row.h — rows that show one value, selectable and copyable.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * libadwaita 1.2's AdwActionRow has no selectable subtitle (1.3), so the
 * value is a selectable label in the row's suffix, with a copy button for
 * the values people paste elsewhere (addresses, ids, build-ids).
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A selectable label, monospace for addresses and hex. */
GtkWidget *pm_value_label_new (const char *text,
                               gboolean    monospace);
/* A flat icon-only button for a row's suffix. Icon-only buttons must say
 * what they do, so @tooltip is also the button's accessible name. */
GtkWidget *pm_icon_button_new (const char *icon_name,
                               const char *tooltip);
/* An AdwActionRow "title … value"; @value NULL shows "—". */
GtkWidget *pm_info_row_new    (const char *title,
                               const char *value,
                               gboolean    monospace,
                               gboolean    copy);

G_END_DECLS
