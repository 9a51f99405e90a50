/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* postmortem-glib.h — the hang watchdog (postmortem.h) for a GLib main loop:
 * a timeout source that sends the heartbeats. Header only: libpostmortem
 * itself links libc alone; the application that includes this already links
 * GLib.
 *
 * Runs in: the application; attach and detach from any thread, the
 * heartbeats come from the thread that runs @context.
 *
 *   guint id = pm_hang_watchdog_attach (NULL, 0);   (default context, 5 s)
 *   ...
 *   pm_hang_watchdog_detach (NULL, id);
 *
 * The source runs at G_PRIORITY_DEFAULT every timeout / 4: a handler that
 * keeps the loop from coming back for the whole timeout is a hang. A loop
 * blocked in a modal native dialog or a long synchronous call is one too,
 * which is the point.
 */
#pragma once

#include <glib.h>

#include "postmortem.h"

G_BEGIN_DECLS

static inline gboolean
pm_hang_watchdog_beat_cb (gpointer data)
{
  (void) data;
  pm_hang_heartbeat ();
  return G_SOURCE_CONTINUE;
}

/* Starts the watchdog with @timeout_ms (0: PM_HANG_DEFAULT_TIMEOUT_MS) and
 * attaches the heartbeat source to @context (NULL: the default context).
 * Returns the source's id in @context, or 0 when the watchdog could not
 * start (see pm_hang_watchdog_start). */
static inline guint
pm_hang_watchdog_attach (GMainContext *context,
                         unsigned int  timeout_ms)
{
  GSource *source;
  guint id;

  if (timeout_ms == 0)
    timeout_ms = PM_HANG_DEFAULT_TIMEOUT_MS;
  if (pm_hang_watchdog_start (timeout_ms) != PM_RESULT_OK)
    return 0;
  source = g_timeout_source_new (timeout_ms / 4 > 0 ? timeout_ms / 4 : 1);
  g_source_set_callback (source, pm_hang_watchdog_beat_cb, NULL, NULL);
  g_source_set_name (source, "[postmortem] hang watchdog heartbeat");
  id = g_source_attach (source, context);
  g_source_unref (source);
  return id;
}

/* Removes the source @id from @context (NULL: the default context) and
 * stops the watchdog. */
static inline void
pm_hang_watchdog_detach (GMainContext *context,
                         guint         id)
{
  GSource *source = id != 0 ? g_main_context_find_source_by_id (context, id) : NULL;

  if (source != NULL)
    g_source_destroy (source);
  pm_hang_watchdog_stop ();
}

G_END_DECLS
