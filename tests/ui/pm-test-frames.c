/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-test-frames.c — waiting for frames (pm-test-frames.h).
 *
 * Runs in: the widget and dialog test programs (GTK main thread), under Xvfb.
 *
 * Why frames: the screenshots used to sleep (300 ms, then 40 ms until something was
 * drawn) on the guess that layout had settled by then; a frame painted after the
 * request is what a screenshot needs, and comes within ~20 ms here. Animations stay
 * on (as people have them): a screenshot waits for the transitions themselves to end.
 * (Turned off, GTK 4.8's GtkRevealer allocates an AdwViewSwitcherBar's box a height
 * of -1 at 360 px, a warning the tests would make fatal.)
 */
#include "pm-config.h"

#include <adwaita.h>

#include "pm-test-frames.h"

static void
frame_painted_cb (GdkFrameClock *clock,
                  guint         *painted)
{
  (*painted)++;
}

gboolean
pm_test_wait_frames (GtkWidget *widget,
                     guint      n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint painted = 0;
  gulong id;

  if (clock == NULL)
    return FALSE;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted_cb), &painted);
  while (painted < n && g_get_monotonic_time () < deadline)
    {
      /* Each frame draws only when asked: ask for the next one too. */
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_signal_handler_disconnect (clock, id);
  return painted >= n;
}

/* TRUE when no transition runs in widget or below it. */
static gboolean
transitions_done (GtkWidget *widget)
{
  if (GTK_IS_REVEALER (widget)
      && gtk_revealer_get_reveal_child (GTK_REVEALER (widget)) != gtk_revealer_get_child_revealed (GTK_REVEALER (widget)))
    return FALSE;
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return FALSE;
  if (ADW_IS_LEAFLET (widget) && adw_leaflet_get_child_transition_running (ADW_LEAFLET (widget)))
    return FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!transitions_done (child))
      return FALSE;
  return TRUE;
}

gboolean
pm_test_wait_settled (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gboolean done;

  while (!(done = transitions_done (widget)) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  pm_test_wait_frames (widget, 2);
  return done;
}
