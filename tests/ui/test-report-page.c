/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* test-report-page.c — the report page over real reports: the plain sentence first,
 * each value once, copy buttons only for the stack signature and the report ID, no
 * fault address for an abort, a damaged dump said at the top, relative times that
 * follow the clock (one ticker for the page and the list rows, stopped when they are
 * hidden), and a page that fits 360 px. Screenshots of a crash, an abort and a damaged dump at 360 and 1100 px in
 * <build>/tests/screens/report-page-CASE-WIDTH-LANG.png.
 *
 * meson runs it twice: in English and in French (LANGUAGE=fr, the build tree's po/
 * bound as the translations' directory); the expected words go through gettext too.
 *
 * Runs in: a test program under Xvfb (GTK main thread), suite "ui". The reports are
 * published through the store's draft API with the values the dumper writes and a
 * minidump of a real process written by the build tree's postmortem-dumper.
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "pm-report-group.h"
#include "pm-report-page-private.h"
#include "pm-report-row.h"
#include "pm-report-text.h"
#include "pm-report-text-private.h"
#include "pm-test-ui.h"
#include "pm-time-ticker.h"

#define NARROW 360
#define WIDE   1100

static const char *test_dir;
static const char *lang;   /* "en" or "fr", in the PNG names */
static PmStore *store;
static char *live_dump;    /* a real minidump of a live process, NULL when the dumper is missing */

/* --- A clock the test moves ----------------------------------------------------- */

static gint64 fake_now;

/* Every report happened at noon today, local time: hours later is still today, so the
 * words do not depend on when the test runs. */
static gint64
noon_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                     g_date_time_get_day_of_month (now), 12, 0, 0);

  return g_date_time_to_unix (noon) * G_USEC_PER_SEC;
}

static gint64
fake_clock (void)
{
  return fake_now;
}

/* --- Reports as the dumper writes them ------------------------------------------ */

typedef struct
{
  const char *app;
  const char *signal;
  const char *si_code;
  const char *module;
  const char *offset;
  const char *stack_signature;
  const char *fault_address;
  const char *dump_path;        /* may be NULL */
  gsize       dump_length;      /* 0: the whole file */
} Crash;

static char *
publish_crash (const Crash *crash)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *app_path = g_strdup_printf ("/usr/bin/%s", crash->app);
  static const char *sig_names[] = {
    "Application Name", "Application Version", "Application Build-ID",
    "Fault Module Name", "Fault Module Version", "Fault Module Build-ID",
    "Signal", "Offset In Module", "Stack Signature",
  };
  const char *sig_values[G_N_ELEMENTS (sig_names)] = {
    crash->app, "4.5.6", "0123456789abcdef0123456789abcdef01234567",
    crash->module, "", "fedcba9876543210fedcba9876543210fedcba98",
    crash->signal, crash->offset, crash->stack_signature,
  };
  PmReportDraft *draft = pm_store_begin_report (store, &error);
  char *key;

  g_assert_no_error (error);
  {
    /* EventTime is a Windows FILETIME: 100 ns since 1601. */
    g_autofree char *filetime = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                 (guint64) noon_today () * 10 + G_GUINT64_CONSTANT (116444736000000000));
    pm_report_draft_set (draft, "EventTime", filetime);
  }
  pm_report_draft_set (draft, "EventType", "APPCRASH");
  pm_report_draft_set (draft, "AppName", crash->app);
  pm_report_draft_set (draft, "AppPath", app_path);
  for (guint i = 0; i < G_N_ELEMENTS (sig_names); i++)
    {
      g_autofree char *name_key = g_strdup_printf ("Sig[%u].Name", i);
      g_autofree char *value_key = g_strdup_printf ("Sig[%u].Value", i);

      pm_report_draft_set (draft, name_key, sig_names[i]);
      pm_report_draft_set (draft, value_key, sig_values[i] != NULL ? sig_values[i] : "");
    }
  pm_report_draft_set (draft, "Postmortem.FaultAddress", crash->fault_address);
  pm_report_draft_set (draft, "DynamicSig[1].Name", "OS Name");
  pm_report_draft_set (draft, "DynamicSig[1].Value", "Debian GNU/Linux 12 (bookworm)");
  pm_report_draft_set (draft, "DynamicSig[2].Name", "OS Version");
  pm_report_draft_set (draft, "DynamicSig[2].Value", "6.1.0-13-amd64");
  pm_report_draft_set (draft, "Postmortem.Signal", crash->signal);
  pm_report_draft_set (draft, "Postmortem.SignalCode", crash->si_code);
  pm_report_draft_set (draft, "Postmortem.Pid", "4242");

  if (crash->dump_path != NULL)
    {
      g_autofree char *contents = NULL;
      gsize length;
      int fd;

      g_assert_true (g_file_get_contents (crash->dump_path, &contents, &length, &error));
      g_assert_no_error (error);
      if (crash->dump_length != 0)
        {
          g_assert_cmpuint (crash->dump_length, <, length);
          length = crash->dump_length;
        }
      fd = pm_report_draft_create_file (draft, "minidump.mdmp", &error);
      g_assert_no_error (error);
      g_assert_cmpint (write (fd, contents, length), ==, (gssize) length);
      close (fd);
      pm_report_draft_add_file (draft, "minidump.mdmp", "MiniDump", 0);
    }

  key = pm_store_publish_report (store, draft, &error);
  g_assert_no_error (error);
  pm_report_draft_free (draft);
  return key;
}

/* A hang that went on, as pm-hang-report.c writes it: no signal, the hung thread's
 * values instead. */
static char *
publish_hang (const char *app)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *app_path = g_strdup_printf ("/usr/bin/%s", app);
  g_autofree char *stack = g_strdup_printf ("%s+0x1a2b libgtk-4.so.1+0x3c4d", app);
  g_autofree char *filetime = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                               (guint64) noon_today () * 10 + G_GUINT64_CONSTANT (116444736000000000));
  PmReportDraft *draft = pm_store_begin_report (store, &error);
  char *key;

  g_assert_no_error (error);
  pm_report_draft_set (draft, "EventTime", filetime);
  pm_report_draft_set (draft, "EventType", "AppHangB1");
  pm_report_draft_set (draft, "AppName", app);
  pm_report_draft_set (draft, "AppPath", app_path);
  pm_report_draft_set (draft, "Sig[0].Name", "Application Name");
  pm_report_draft_set (draft, "Sig[0].Value", app);
  pm_report_draft_set (draft, "Sig[3].Name", "Hang Signature");
  pm_report_draft_set (draft, "Sig[3].Value", "b00c");
  pm_report_draft_set (draft, "Sig[4].Name", "Hang Type");
  pm_report_draft_set (draft, "Sig[4].Value", "0");
  pm_report_draft_set (draft, "Sig[5].Name", "Hung Thread Stack");
  pm_report_draft_set (draft, "Sig[5].Value", stack);
  pm_report_draft_set (draft, "Postmortem.Pid", "4242");
  pm_report_draft_set (draft, "Postmortem.HungTid", "4243");
  pm_report_draft_set (draft, "Postmortem.HangRecovered", "true");
  key = pm_store_publish_report (store, draft, &error);
  g_assert_no_error (error);
  pm_report_draft_free (draft);
  return key;
}

/* --- Looking at the page -------------------------------------------------------- */

typedef struct
{
  GtkWindow    *window;
  PmReportPage *page;
} Shown;

static gboolean
dump_checked (gpointer data)
{
  return pm_report_page_is_dump_checked (data);
}

static gboolean
clock_running (gpointer data)
{
  return pm_report_page_is_clock_running (data);
}

/* Laid out: the X server gave the window its size. */
static gboolean
page_allocated (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static Shown
show_report (const char *key,
             int         width)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PmReport) report = pm_store_load_report (store, key, &error);
  Shown shown;

  g_assert_no_error (error);
  shown.window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_default_size (shown.window, width, 800);
  shown.page = PM_REPORT_PAGE (pm_report_page_new ());
  adw_window_set_content (ADW_WINDOW (shown.window), GTK_WIDGET (shown.page));
  pm_report_page_set_report (shown.page, report, NULL);
  gtk_window_present (shown.window);
  g_assert_true (pm_test_wait_for (page_allocated, shown.page, 10000));
  g_assert_true (pm_test_wait_for (clock_running, shown.page, 10000));
  g_assert_true (pm_test_wait_for (dump_checked, shown.page, 10000));
  return shown;
}

static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

/* The page's labels with text, in reading order. */
static GPtrArray *
page_labels (PmReportPage *page)
{
  GPtrArray *labels = g_ptr_array_new ();

  collect_labels (GTK_WIDGET (page), labels);
  return labels;
}

static guint
count_labels_with (PmReportPage *page,
                   const char   *text)
{
  g_autoptr(GPtrArray) labels = page_labels (page);
  guint n = 0;

  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (labels->pdata[i]), text) != NULL)
      n++;
  return n;
}

static guint
index_of_label (GPtrArray  *labels,
                const char *text)
{
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (labels->pdata[i]), text) != NULL)
      return i;
  return G_MAXUINT;
}

static void
collect_buttons (GtkWidget  *widget,
                 const char *icon_name,
                 guint      *n)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon_name) == 0)
    (*n)++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_buttons (child, icon_name, n);
}

static GtkWidget *
first_of_type (GtkWidget *widget,
               GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = first_of_type (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
shoot (Shown      *shown,
       const char *name,
       int         width)
{
  g_autofree char *png = g_strdup_printf ("report-page-%s-%d-%s", name, width, lang);
  int minimum = 0;

  /* No label focused: the first selectable label takes the focus with all its text
   * selected, which is not what the page looks like in the window. */
  gtk_window_set_focus (shown->window, NULL);
  {
    g_autoptr(GPtrArray) labels = page_labels (shown->page);

    for (guint i = 0; i < labels->len; i++)
      if (gtk_label_get_selectable (labels->pdata[i]))
        gtk_label_select_region (labels->pdata[i], 0, 0);
  }
  pm_test_save_png (GTK_WIDGET (shown->window), png);
  /* Nothing needs more than the window's width: readable on a phone-sized screen. */
  gtk_widget_measure (GTK_WIDGET (shown->window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, NARROW);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (shown->window)), <=, width);
}

static gboolean
sentence_changed (gpointer data)
{
  const char **before = data;
  return g_strcmp0 (pm_report_page_get_sentence (PM_REPORT_PAGE ((gpointer) before[0])), before[1]) != 0;
}

/* --- The cases ------------------------------------------------------------------ */

static gboolean
need_dump (void)
{
  if (live_dump == NULL)
    {
      g_test_skip ("postmortem-dumper not built (PM_DUMPER_PATH): no real minidump to attach");
      return FALSE;
    }
  return TRUE;
}

static void
test_crash (void)
{
  Crash crash = { "pm-page-notes", "SIGSEGV", "1", "pm-page-notes", "0x11b9",
                  "pm-page-notes+0x11b9 libfoo.so.1+0x2a0", "0x7f00dead", NULL, 0 };
  g_autofree char *key = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(PmReport) report = NULL;
  g_autofree char *own_code = NULL;
  g_autofree char *before_text = NULL;
  const char *before[2];
  GtkWidget *first_group;
  guint n_copy = 0;
  Shown shown;

  if (!need_dump ())
    return;
  crash.dump_path = live_dump;
  key = publish_crash (&crash);
  report = pm_store_load_report (store, key, NULL);
  fake_now = noon_today () + G_USEC_PER_SEC;
  shown = show_report (key, WIDE);

  /* What happened, in words, first: the headline, then the sentence. */
  labels = page_labels (shown.page);
  g_assert_cmpuint (labels->len, >, 3);
  g_assert_cmpstr (gtk_label_get_text (labels->pdata[0]), ==, pm_report_page_get_headline (shown.page));
  g_assert_cmpstr (gtk_label_get_text (labels->pdata[1]), ==, pm_report_page_get_sentence (shown.page));
  g_assert_nonnull (strstr (pm_report_page_get_sentence (shown.page), "pm-page-notes"));
  g_assert_nonnull (strstr (pm_report_page_get_sentence (shown.page), _("just now")));
  g_assert_nonnull (strstr (pm_report_page_get_sentence (shown.page), _("It tried to use memory it does not own.")));
  own_code = g_strdup_printf (_("The problem is in the program’s own code (%s)."), "pm-page-notes");
  g_assert_nonnull (strstr (pm_report_page_get_sentence (shown.page), own_code));
  /* The technical line after the plain words, with the fault address a SIGSEGV has. */
  g_assert_cmpuint (index_of_label (labels, "pm-page-notes+0x11b9,"), >, 1);
  g_assert_cmpuint (count_labels_with (shown.page, "0x7f00dead"), ==, 1);
  g_assert_null (pm_report_page_get_dump_damage (shown.page));
  /* The summary is the first group. */
  first_group = first_of_type (GTK_WIDGET (shown.page), ADW_TYPE_PREFERENCES_GROUP);
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (first_group)), ==, _("Summary"));

  /* One place for each value (the raw lines wait folded in All Values). */
  g_assert_cmpuint (count_labels_with (shown.page, pm_report_get_report_id (report)), ==, 1);
  g_assert_cmpuint (count_labels_with (shown.page, "Debian GNU/Linux 12"), ==, 1);
  g_assert_cmpuint (count_labels_with (shown.page, "4.5.6"), ==, 1);
  g_assert_cmpuint (count_labels_with (shown.page, "/usr/bin/pm-page-notes"), ==, 1);
  g_assert_cmpuint (count_labels_with (shown.page, "libfoo.so.1+0x2a0"), ==, 1);
  g_assert_cmpuint (count_labels_with (shown.page, "0123456789abcdef"), ==, 0);
  /* Copy buttons where copying makes sense: the stack signature and the report ID. */
  collect_buttons (GTK_WIDGET (shown.page), "edit-copy-symbolic", &n_copy);
  g_assert_cmpuint (n_copy, ==, 2);
  /* Unfolded, All Values holds the raw lines. */
  {
    GtkWidget *all = first_of_type (first_group, ADW_TYPE_EXPANDER_ROW);

    g_assert_nonnull (all);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (all), TRUE);
    g_assert_cmpuint (count_labels_with (shown.page, "0123456789abcdef"), ==, 1);
    g_assert_cmpuint (count_labels_with (shown.page, "Postmortem.SignalCode"), ==, 1);
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (all), FALSE);
  }
  shoot (&shown, "crash", WIDE);

  /* The clock moves five minutes: the page's one timer says so. */
  pm_time_ticker_set_interval (20);
  before_text = g_strdup (pm_report_page_get_sentence (shown.page));
  before[0] = (const char *) shown.page;
  before[1] = before_text;
  fake_now += 5 * G_TIME_SPAN_MINUTE;
  g_assert_true (pm_test_wait_for (sentence_changed, before, 10000));
  {
    g_autofree char *five = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", 5), 5);
    g_test_message ("after 5 min: %s", pm_report_page_get_sentence (shown.page));
    g_assert_nonnull (strstr (pm_report_page_get_sentence (shown.page), five));
  }
  /* The absolute date is on hover, never "%x". */
  {
    g_autoptr(GDateTime) when = pm_report_dup_latest_time (report);
    g_autofree char *absolute = pm_format_date_time (when);
    GtkWidget *sentence = labels->pdata[1];

    g_autofree char *year = g_date_time_format (when, "%Y");

    g_assert_cmpstr (gtk_widget_get_tooltip_text (sentence), ==, absolute);
    g_assert_nonnull (strstr (absolute, year));
  }

  /* Hidden: no timer. Shown again: the time is right at once. */
  gtk_widget_set_visible (GTK_WIDGET (shown.page), FALSE);
  g_assert_false (pm_report_page_is_clock_running (shown.page));
  g_assert_false (pm_time_ticker_is_running ());
  fake_now += 2 * G_TIME_SPAN_HOUR;
  gtk_widget_set_visible (GTK_WIDGET (shown.page), TRUE);
  g_assert_true (pm_test_wait_for (clock_running, shown.page, 10000));
  {
    g_autofree char *two = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", 2), 2);
    g_assert_nonnull (strstr (pm_report_page_get_sentence (shown.page), two));
  }
  gtk_window_destroy (shown.window);
  pm_time_ticker_set_interval (30000);

  fake_now = noon_today () + G_USEC_PER_SEC;
  shown = show_report (key, NARROW);
  shoot (&shown, "crash", NARROW);
  gtk_window_destroy (shown.window);
}

/* A sentence's start: its text up to the \001 given as its time. */
static char *
cut_at_time (char *text)
{
  *strchr (text, '\001') = '\0';
  return text;
}

static void
test_hang (void)
{
  g_autofree char *key = publish_hang ("pm-page-hang");
  g_autofree char *headline = g_strdup_printf (_("%s Stopped Responding"), "pm-page-hang");
  g_autofree char *responding = cut_at_time (g_strdup_printf (_("%s stopped responding %s."), "pm-page-hang", "\001"));
  g_autofree char *working = cut_at_time (g_strdup_printf (_("%s stopped working %s."), "pm-page-hang", "\001"));
  g_autofree char *technical = g_strdup_printf (_("%s in %s"), _("Not responding"), "pm-page-hang+0x1a2b");
  Shown shown;

  fake_now = noon_today () + G_USEC_PER_SEC;
  for (int width = WIDE; width >= NARROW; width = width == WIDE ? NARROW : 0)
    {
      g_autoptr(GPtrArray) labels = NULL;

      shown = show_report (key, width);
      labels = page_labels (shown.page);
      g_assert_cmpstr (pm_report_page_get_headline (shown.page), ==, headline);
      /* It stopped responding, went on, and never "stopped working". */
      g_assert_true (g_str_has_prefix (pm_report_page_get_sentence (shown.page), responding));
      g_assert_null (strstr (pm_report_page_get_sentence (shown.page), working));
      g_assert_nonnull (strstr (pm_report_page_get_sentence (shown.page),
                                _("It stopped responding for a while, then went on.")));
      g_assert_cmpuint (count_labels_with (shown.page, technical), ==, 1);
      /* The hang's rows in the summary, each value once, in place of a stack signature. */
      g_assert_cmpuint (index_of_label (labels, _("Hung Thread")), <, index_of_label (labels, "4243"));
      g_assert_cmpuint (index_of_label (labels, "4243"), !=, G_MAXUINT);
      g_assert_cmpuint (index_of_label (labels, _("Hung Thread Stack")), !=, G_MAXUINT);
      g_assert_cmpuint (count_labels_with (shown.page, "pm-page-hang+0x1a2b libgtk-4.so.1+0x3c4d"), ==, 1);
      g_assert_cmpuint (index_of_label (labels, _("Hang Signature")), <, index_of_label (labels, "b00c"));
      g_assert_cmpuint (index_of_label (labels, "b00c"), !=, G_MAXUINT);
      g_assert_cmpuint (index_of_label (labels, _("Recovered")), !=, G_MAXUINT);
      g_assert_cmpuint (index_of_label (labels, _("Stack Signature")), ==, G_MAXUINT);
      shoot (&shown, "hang", width);
      gtk_window_destroy (shown.window);
    }
}

static void
test_abort (void)
{
  /* As the dumper writes an abort(): si_code SI_TKILL, fault address 0x0, the stack
   * signature past libc's raise(). */
  Crash crash = { "pm-page-player", "SIGABRT", "-6", "libc.so.6", "0x8a2b",
                  "pm-page-player+0x1200 libgtk-4.so.1+0x3c41", "0x0", NULL, 0 };
  g_autofree char *key = NULL;
  g_autofree char *library = NULL;
  Shown shown;

  if (!need_dump ())
    return;
  crash.dump_path = live_dump;
  key = publish_crash (&crash);
  fake_now = noon_today () + G_USEC_PER_SEC;

  for (int width = WIDE; width >= NARROW; width = width == WIDE ? NARROW : 0)
    {
      shown = show_report (key, width);
      g_assert_nonnull (strstr (pm_report_page_get_sentence (shown.page),
                                _("It stopped itself after finding a problem it could not recover from.")));
      library = g_strdup_printf (_("The problem is in the program’s own code (%s)."), "pm-page-player");
      g_assert_nonnull (strstr (pm_report_page_get_sentence (shown.page), library));
      g_clear_pointer (&library, g_free);
      /* No fault address for a signal that has none. */
      g_assert_cmpuint (count_labels_with (shown.page, "0x0"), ==, 0);
      {
        g_autofree char *fault = g_strdup_printf (_(", fault address %s"), "");
        g_assert_cmpuint (count_labels_with (shown.page, g_strstrip (fault + 1)), ==, 0);
      }
      g_assert_cmpuint (count_labels_with (shown.page, "libc.so.6+0x8a2b"), ==, 1);
      shoot (&shown, "abort", width);
      gtk_window_destroy (shown.window);
    }
}

static void
test_damaged_dump (void)
{
  Crash crash = { "pm-page-shell", "SIGILL", "2", "pm-page-shell", "0x1a3",
                  "pm-page-shell+0x1a3", "0x55d0c0de01a3", NULL, 300 };
  g_autofree char *key = NULL;
  /* "The memory dump is damaged:", the start every such sentence shares. */
  const char *sample = _("The memory dump is damaged: the file is not a minidump.");
  g_autofree char *damaged = g_strndup (sample, (gsize) (strchr (sample, ':') + 1 - sample));
  Shown shown;

  if (!need_dump ())
    return;
  crash.dump_path = live_dump;
  key = publish_crash (&crash);
  fake_now = noon_today () + G_USEC_PER_SEC;

  for (int width = WIDE; width >= NARROW; width = width == WIDE ? NARROW : 0)
    {
      g_autoptr(GPtrArray) labels = NULL;
      guint damage_at, technical_at;

      shown = show_report (key, width);
      g_assert_nonnull (pm_report_page_get_dump_damage (shown.page));
      g_assert_true (g_str_has_prefix (pm_report_page_get_dump_damage (shown.page), damaged));
      /* At the top: right after the sentence, before the technical line and every group. */
      labels = page_labels (shown.page);
      damage_at = index_of_label (labels, damaged);
      technical_at = index_of_label (labels, "pm-page-shell+0x1a3,");
      g_assert_cmpuint (damage_at, ==, 2);
      g_assert_cmpuint (technical_at, ==, 3);
      shoot (&shown, "damaged", width);
      gtk_window_destroy (shown.window);
    }

  /* Cut inside its header: nothing can be read, and the page says so, at the top. */
  {
    Crash header_only = crash;
    g_autofree char *cut_key = NULL;
    g_autofree char *nothing = NULL;

    header_only.dump_length = 16;
    cut_key = publish_crash (&header_only);
    shown = show_report (cut_key, WIDE);
    nothing = g_strdup (_("The memory dump is damaged: the file is cut short, and nothing in it can be read."));
    g_assert_cmpstr (pm_report_page_get_dump_damage (shown.page), ==, nothing);
    gtk_window_destroy (shown.window);
  }
}

static gboolean
label_says (gpointer data)
{
  gpointer *args = data;
  return pm_test_find_label (args[0], args[1]) != NULL;
}

/* List rows: their times follow the clock too, all of them on the one ticker, and
 * only while on screen. */
static void
test_list_row_times (void)
{
  Crash crash = { "pm-page-viewer", "SIGBUS", "2", "pm-page-viewer", "0x77",
                  "pm-page-viewer+0x77", "0x7f0000001000", NULL, 0 };
  g_autofree char *key = publish_crash (&crash);
  g_autoptr(PmReport) report = pm_store_load_report (store, key, NULL);
  g_autoptr(PmReportGroup) group = pm_report_group_new (key);
  g_autofree char *ten = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", 10), 10);
  GtkWindow *window = GTK_WINDOW (adw_window_new ());
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *rows[2];
  gpointer args[2];

  pm_report_group_add_report (group, report);
  pm_report_group_sort (group);
  fake_now = noon_today () + G_USEC_PER_SEC;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      rows[i] = pm_report_row_new ();
      pm_report_row_set_group (PM_REPORT_ROW (rows[i]), group);
      gtk_box_append (GTK_BOX (box), rows[i]);
    }
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_default_size (window, NARROW, 200);
  gtk_window_present (window);
  g_assert_true (pm_test_wait_for (page_allocated, rows[1], 10000));
  g_assert_nonnull (pm_test_find_label (rows[0], _("Just now")));
  g_assert_true (pm_time_ticker_is_running ());

  pm_time_ticker_set_interval (20);
  fake_now += 10 * G_TIME_SPAN_MINUTE;
  args[0] = box;
  args[1] = ten;
  g_assert_true (pm_test_wait_for (label_says, args, 10000));
  g_assert_nonnull (pm_test_find_label (rows[0], ten));
  g_assert_nonnull (pm_test_find_label (rows[1], ten));

  /* Off screen: no timer left. */
  gtk_widget_set_visible (box, FALSE);
  g_assert_false (pm_time_ticker_is_running ());
  pm_time_ticker_set_interval (30000);
  gtk_window_destroy (window);
}

/* Counts read with the locale's digit grouping. */
static void
test_numbers (void)
{
  g_autofree char *here = pm_format_count (10000);
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));

  g_assert_cmpstr (here, ==, g_strcmp0 (lang, "fr") == 0 ? "10\u202f000" : "10000");
  if (setlocale (LC_NUMERIC, "en_US.UTF-8") != NULL)
    {
      g_autofree char *american = pm_format_count (1234567);
      g_assert_cmpstr (american, ==, "1,234,567");
    }
  setlocale (LC_NUMERIC, saved);
}

int
main (int   argc,
      char *argv[])
{
  const char *build_dir = g_getenv ("PM_BUILD_DIR");
  const char *language = g_getenv ("LANGUAGE");
  g_autoptr(GError) error = NULL;
  int status;

  /* The build tree's translations: po/LANG/LC_MESSAGES/postmortem.mo. */
  if (build_dir != NULL)
    {
      g_autofree char *localedir = g_build_filename (build_dir, "po", NULL);
      bindtextdomain (GETTEXT_PACKAGE, localedir);
    }
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  lang = language != NULL && g_str_has_prefix (language, "fr") ? "fr" : "en";

  test_dir = pm_test_ui_init (&argc, &argv);
  pm_report_text_set_clock (fake_clock);
  fake_now = noon_today () + G_USEC_PER_SEC;
  store = pm_store_open_default (&error);
  g_assert_no_error (error);
  live_dump = g_build_filename (test_dir, "live.dmp", NULL);
  if (!pm_test_write_live_dump (live_dump, "mini"))
    g_clear_pointer (&live_dump, g_free);

  g_test_add_func ("/ui/report-page/numbers", test_numbers);
  g_test_add_func ("/ui/report-page/crash", test_crash);
  g_test_add_func ("/ui/report-page/abort", test_abort);
  g_test_add_func ("/ui/report-page/hang", test_hang);
  g_test_add_func ("/ui/report-page/damaged-dump", test_damaged_dump);
  g_test_add_func ("/ui/report-page/list-row-times", test_list_row_times);
  status = g_test_run ();

  pm_report_text_set_clock (NULL);
  g_free (live_dump);
  g_object_unref (store);
  return status;
}
