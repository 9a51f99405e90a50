/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-time-ticker.c — one process-wide timer for the relative times of many widgets.
 *
 * Runs in: the postmortem GUI process (GTK main thread only: no locking).
 */
#include "pm-config.h"

#include "pm-time-ticker.h"

#define PM_TIME_TICKER_DEFAULT_MS 30000

typedef struct
{
  guint            id;
  PmTimeTickerFunc func;
  gpointer         data;
} Subscriber;

static GArray *subscribers;   /* Subscriber */
static guint   next_id = 1;
static guint   source_id;
static guint   interval_ms = PM_TIME_TICKER_DEFAULT_MS;

static gboolean
tick_cb (gpointer unused)
{
  /* A subscriber may unsubscribe from its callback: walk a copy. */
  g_autoptr(GArray) now = g_array_copy (subscribers);

  for (guint i = 0; i < now->len; i++)
    {
      Subscriber *s = &g_array_index (now, Subscriber, i);
      gboolean still = FALSE;

      for (guint j = 0; j < subscribers->len && !still; j++)
        still = g_array_index (subscribers, Subscriber, j).id == s->id;
      if (still)
        s->func (s->data);
    }
  return G_SOURCE_CONTINUE;
}

static void
start_or_stop (void)
{
  gboolean wanted = subscribers != NULL && subscribers->len > 0;

  if (wanted && source_id == 0)
    {
      source_id = g_timeout_add (interval_ms, tick_cb, NULL);
      g_source_set_name_by_id (source_id, "[postmortem] relative times");
    }
  else if (!wanted)
    g_clear_handle_id (&source_id, g_source_remove);
}

guint
pm_time_ticker_add (PmTimeTickerFunc func,
                    gpointer         data)
{
  Subscriber s = { next_id++, func, data };

  g_return_val_if_fail (func != NULL, 0);

  if (subscribers == NULL)
    subscribers = g_array_new (FALSE, FALSE, sizeof (Subscriber));
  g_array_append_val (subscribers, s);
  start_or_stop ();
  return s.id;
}

void
pm_time_ticker_remove (guint id)
{
  if (id == 0 || subscribers == NULL)
    return;
  for (guint i = 0; i < subscribers->len; i++)
    if (g_array_index (subscribers, Subscriber, i).id == id)
      {
        g_array_remove_index_fast (subscribers, i);
        break;
      }
  start_or_stop ();
  if (subscribers->len == 0)
    g_clear_pointer (&subscribers, g_array_unref);
}

void
pm_time_ticker_set_interval (guint ms)
{
  g_return_if_fail (ms > 0);

  interval_ms = ms;
  if (source_id != 0)
    {
      g_clear_handle_id (&source_id, g_source_remove);
      start_or_stop ();
    }
}

gboolean
pm_time_ticker_is_running (void)
{
  return source_id != 0;
}
