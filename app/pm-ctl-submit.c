/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-ctl-submit.c — postmortemctl submit: send queued reports to a crash server.
 *
 * Runs in: postmortemctl, an ordinary process (GLib allowed; libsoup 3 on the
 * default main context).
 *
 *   postmortemctl submit KEY…|--all [--url URL [--kind breakpad|socorro] | --dsn DSN]
 *                        [--no-gzip] [--approve] [--retries N] [--max-wait SECONDS]
 *                        [--level parameters|safe-data|all-data] [--without NAME]…
 *                        [--comment TEXT] [--no-redact]
 *
 * Without --url/--dsn each report goes to the settings file's [Server] if one is
 * set, else to its program's own server (pm_register_crash_server(), or
 * X-Postmortem-CrashServer in its desktop file; pm-endpoint-choice.h), the same
 * rule as the application's.
 * --all sends every queued report that is due (oldest first; rejected reports
 * and reports whose next attempt has not come are left alone). --approve is the
 * user's approval for the named reports when consent is "ask"; it is refused
 * with --all. A transient failure is retried --retries times within this run
 * when the wait is at most --max-wait seconds; otherwise the next attempt is
 * recorded in the report for a later run. Ctrl-C cancels.
 * What is sent is the report's manifest (see pm-manifest.h, `show KEY --manifest`):
 * --level, --without (a part name as `show --manifest` prints it), --comment and
 * --no-redact are the person's choices for the named reports; they are written into each
 * report's Report.wer first, so the application shows the same. A --level wider than the
 * application's consent needs --approve.
 * Exit status: 0 when every report was accepted (or nothing was due), 1 when
 * any was not, 2 for a bad command line.
 *
 * --deadline SECONDS bounds one request (the body going out, and the answer
 * after it) however slowly a server trickles. Ctrl-C (SIGINT) and SIGTERM
 * cancel at once: the report stays queued and whole, nothing about the
 * cancelled attempt is recorded (unless the server had already given its id:
 * then it is sent, and said so). Everything that came from the server is
 * printed escaped (pm-text.h): no escape sequence of a hostile server reaches
 * the terminal.
 */
#include "pm-config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "pm-ctl.h"
#include "pm-ctl-store.h"
#include "pm-ctl-safe-output.h"
#include "pm-error.h"
#include "pm-store.h"
#include "pm-text.h"
#include "pm-uploader.h"

typedef struct
{
  GMainLoop *loop;
  PmUploadResult *result;
  GError *error;
  gboolean progress_shown;
} SubmitRun;

static void
on_progress (goffset  sent,
             goffset  total,
             gpointer data)
{
  SubmitRun *run = data;
  g_autofree char *a = g_format_size (sent);
  g_autofree char *b = g_format_size (total);

  fprintf (stderr, "\r  %s of %s (%d%%)   ", a, b, total > 0 ? (int) (sent * 100 / total) : 100);
  run->progress_shown = TRUE;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  SubmitRun *run = data;

  run->result = pm_uploader_submit_finish (PM_UPLOADER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* SIGINT and SIGTERM: the upload in flight ends at once, no other is started. */
static gboolean
on_stop_signal (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

/* Sends one report and prints one line about it; TRUE when accepted. */
static gboolean
submit_one (PmUploader   *uploader,
            const char   *key,
            GCancellable *cancellable,
            gboolean      show_progress)
{
  SubmitRun run = { 0 };
  gboolean ok = FALSE;

  run.loop = g_main_loop_new (NULL, FALSE);
  pm_uploader_submit_async (uploader, key, show_progress ? on_progress : NULL, &run, NULL,
                            cancellable, on_done, &run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);
  if (run.progress_shown)
    pm_ctl_output_clear_line ();

  if (run.error != NULL)
    {
      g_autofree char *message = pm_text_make_safe (run.error->message, -1);

      fprintf (stderr, "postmortemctl: %s: not sent: %s\n", key, message);
      g_error_free (run.error);
      return FALSE;
    }

  /* The uploader already escapes what the server said; printed through
   * pm_text_make_safe() all the same, as everything from outside is. */
  switch (pm_upload_result_get_outcome (run.result))
    {
    case PM_UPLOAD_OUTCOME_ACCEPTED:
      {
        /* The id and the address are the server's words: escaped. */
        g_autofree char *id = pm_text_make_safe (pm_upload_result_get_report_id (run.result), -1);
        const char *url = pm_upload_result_get_view_url (run.result);
        g_autofree char *url_shown = url != NULL ? pm_text_make_safe (url, -1) : NULL;

        printf ("%s: sent as %s", key, id);
        if (url_shown != NULL)
          printf (" — %s", url_shown);
        printf ("\n");
        ok = TRUE;
      }
      break;
    case PM_UPLOAD_OUTCOME_RETRY_LATER:
      {
        g_autoptr(GDateTime) next = g_date_time_new_from_unix_local (pm_upload_result_get_next_attempt (run.result));
        g_autofree char *when = next ? g_date_time_format (next, "%Y-%m-%d %H:%M:%S") : g_strdup ("later");
        g_autofree char *reason = pm_text_make_safe (pm_upload_result_get_reason (run.result), -1);

        fprintf (stderr, "postmortemctl: %s: not sent (%s); next attempt after %s\n", key, reason, when);
      }
      break;
    case PM_UPLOAD_OUTCOME_REJECTED:
    default:
      {
        g_autofree char *reason = pm_text_make_safe (pm_upload_result_get_reason (run.result), -1);

        fprintf (stderr, "postmortemctl: %s: rejected by the server, not resent automatically: %s\n",
                 key, reason);
      }
      break;
    }
  pm_upload_result_unref (run.result);
  return ok;
}

typedef struct
{
  gboolean no_gzip;
  gint     retries;
  gdouble  max_wait;
  gdouble  deadline;
  gboolean approve;
} SubmitOptions;

/* The command line's options, the same for every report's uploader. */
static void
configure_uploader (PmUploader          *uploader,
                    const SubmitOptions *options)
{
  if (options->no_gzip)
    pm_uploader_set_gzip (uploader, FALSE);
  pm_uploader_set_retries (uploader, options->retries, options->max_wait);
  if (options->deadline > 0)
    pm_uploader_set_deadlines (uploader, options->deadline, options->deadline, 0);
  pm_uploader_set_approved (uploader, options->approve);
}

int
pm_ctl_submit (int argc, char **argv)
{
  gboolean all = FALSE;
  gboolean no_gzip = FALSE;
  gboolean approve = FALSE;
  gdouble deadline = 0;
  g_autofree char *url = NULL;
  g_autofree char *dsn = NULL;
  g_autofree char *kind_text = NULL;
  gint retries = 2;
  gdouble max_wait = 60;
  g_autofree char *level = NULL;
  g_auto(GStrv) without = NULL;
  g_autofree char *comment = NULL;
  gboolean no_redact = FALSE;
  PmCtlChoiceArgs choice_args = { 0 };
  g_auto(GStrv) keys = NULL;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Send every queued report that is due"), NULL },
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("Send to this Breakpad/Crashpad or Socorro URL"), "URL" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("What --url is: breakpad (default) or socorro"), "KIND" },
    { "dsn", 0, 0, G_OPTION_ARG_STRING, &dsn, N_("Send to Sentry, given the project's DSN"), "DSN" },
    { "no-gzip", 0, 0, G_OPTION_ARG_NONE, &no_gzip, N_("Do not compress the request body"), NULL },
    { "deadline", 0, 0, G_OPTION_ARG_DOUBLE, &deadline, N_("Give up on a request, and on its answer, after SECONDS (default 300 and 60)"), "SECONDS" },
    { "approve", 0, 0, G_OPTION_ARG_NONE, &approve, N_("Approve sending the named reports when consent is “ask”"), NULL },
    { "retries", 0, 0, G_OPTION_ARG_INT, &retries, N_("Retry a transient failure N times in this run (default 2)"), "N" },
    { "max-wait", 0, 0, G_OPTION_ARG_DOUBLE, &max_wait, N_("Wait at most SECONDS before a retry in this run (default 60)"), "SECONDS" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, N_("Send at this level: parameters, safe-data or all-data"), "LEVEL" },
    { "without", 0, 0, G_OPTION_ARG_STRING_ARRAY, &without, N_("Leave out the part NAME (as show --manifest prints it)"), "NAME" },
    { "comment", 0, 0, G_OPTION_ARG_STRING, &comment, N_("Send this comment with the report"), "TEXT" },
    { "no-redact", 0, 0, G_OPTION_ARG_NONE, &no_redact, N_("Send the user name, home folder, host name and e-mail addresses as they are"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &keys, NULL, "KEY…" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("KEY…|--all");
  g_autoptr(GError) error = NULL;
  g_autoptr(PmStore) store = NULL;
  g_autoptr(PmUploader) uploader = NULL;
  g_autoptr(GPtrArray) todo = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SubmitOptions options = { 0 };
  guint sigint_id;
  guint sigterm_id;
  guint failed = 0;

  g_option_context_set_help_enabled (context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pm_ctl_usage ("submit", "%s", error->message);
  if (all == (keys != NULL))
    return pm_ctl_usage ("submit", "give report keys or --all (not both)");
  if (url != NULL && dsn != NULL)
    return pm_ctl_usage ("submit", "give --url or --dsn, not both");
  if (kind_text != NULL && url == NULL)
    return pm_ctl_usage ("submit", "--kind goes with --url");
  if (deadline < 0 || deadline > 7 * 24 * 3600)
    return pm_ctl_usage ("submit", "--deadline takes a number of seconds > 0 (at most a week)");
  if (approve && all)
    return pm_ctl_usage ("submit", "--approve applies to the reports you name, not to --all");
  if (retries < 0 || retries > 100 || max_wait < 0)
    return pm_ctl_usage ("submit", "--retries takes 0 to 100 and --max-wait a number of seconds ≥ 0");
  choice_args.level = level;
  choice_args.without = without;
  choice_args.comment = comment;
  choice_args.no_redact = no_redact;
  choice_args.approve = approve;
  if (all && pm_ctl_choice_args_given (&choice_args))
    return pm_ctl_usage ("submit", "--level, --without, --comment and --no-redact apply to the reports you name, not to --all");

  store = pm_store_open_default (&error);
  if (store == NULL)
    return pm_ctl_fail ("%s", error->message);

  if (url != NULL || dsn != NULL)
    {
      g_autoptr(PmEndpoint) endpoint = NULL;
      PmEndpointKind kind = PM_ENDPOINT_BREAKPAD;

      if (kind_text != NULL && !pm_endpoint_kind_from_string (kind_text, &kind, &error))
        return pm_ctl_usage ("submit", "--kind: %s", error->message);
      endpoint = dsn ? pm_endpoint_new_for_dsn (dsn, &error) : pm_endpoint_new_for_url (kind, url, &error);
      if (endpoint == NULL)
        return pm_ctl_usage ("submit", "%s", error->message);
      uploader = pm_uploader_new (store, endpoint);
      /* The settings still say whether to compress and how to back off. */
      pm_uploader_set_gzip (uploader, pm_settings_get_boolean (pm_store_get_settings (store),
                                                               "Server", "Gzip", TRUE));
      {
        g_autofree char *base = pm_settings_get_value (pm_store_get_settings (store), "Server", "RetryBaseSeconds");
        double seconds = base ? g_ascii_strtod (base, NULL) : 0;
        if (seconds > 0)
          pm_uploader_set_backoff_base (uploader, seconds);
      }
    }
  else
    {
      /* A broken [Server] group stops here, before anything is sent anywhere. A
       * missing one is not an error yet: each report may name its own server. */
      g_autoptr(PmEndpoint) person = pm_endpoint_new_from_settings (pm_store_get_settings (store), &error);

      if (person == NULL && !g_error_matches (error, PM_ERROR, PM_ERROR_NOT_FOUND))
        return pm_ctl_fail ("%s", error->message);
      g_clear_error (&error);
      if (person != NULL)
        {
          uploader = pm_uploader_new_from_settings (store, &error);
          if (uploader == NULL)
            return pm_ctl_fail ("%s", error->message);
        }
    }
  options.no_gzip = no_gzip;
  options.retries = retries;
  options.max_wait = max_wait;
  options.deadline = deadline;
  options.approve = approve;
  if (uploader != NULL)
    configure_uploader (uploader, &options);

  if (all)
    {
      todo = pm_uploader_list_due_in_store (store, &error);
      if (todo == NULL)
        return pm_ctl_fail ("%s", error->message);
      if (todo->len == 0)
        {
          printf (_("No report is due for sending.\n"));
          return 0;
        }
    }
  else
    {
      todo = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; keys[i] != NULL; i++)
        {
          if (!pm_store_key_is_valid (keys[i]))
            return pm_ctl_usage ("submit", "“%s” is not a report key (see postmortemctl list)", keys[i]);
          g_ptr_array_add (todo, g_strdup (keys[i]));
        }
      /* Every choice is checked on every report before anything is sent. */
      for (guint i = 0; keys[i] != NULL && pm_ctl_choice_args_given (&choice_args); i++)
        {
          g_autoptr(PmReport) report = pm_store_load_report (store, keys[i], &error);
          g_autoptr(PmManifestChoices) choices = NULL;

          if (report == NULL)
            return pm_ctl_fail ("%s", error->message);
          choices = pm_manifest_choices_new_from_report (report);
          if (!pm_ctl_choices_apply (choices, store, report, &choice_args, &error) ||
              !pm_manifest_choices_save (choices, store, keys[i], &error))
            return pm_ctl_fail ("%s: %s", keys[i], error->message);
        }
    }

  sigint_id = g_unix_signal_add (SIGINT, on_stop_signal, cancellable);
  sigterm_id = g_unix_signal_add (SIGTERM, on_stop_signal, cancellable);
  for (guint i = 0; i < todo->len; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          fprintf (stderr, "postmortemctl: cancelled; %u report(s) not tried\n", todo->len - i);
          failed += todo->len - i;
          break;
        }
      const char *key = g_ptr_array_index (todo, i);
      g_autoptr(PmUploader) own = NULL;

      if (uploader == NULL)
        {
          /* The person's server, else the program's own: chosen per report. */
          own = pm_uploader_new_for_report (store, key, NULL, &error);
          if (own == NULL)
            {
              g_autofree char *message = pm_text_make_safe (error->message, -1);

              fprintf (stderr, "postmortemctl: %s: not sent: %s\n", key, message);
              g_clear_error (&error);
              failed++;
              continue;
            }
          configure_uploader (own, &options);
        }
      if (!submit_one (uploader != NULL ? uploader : own, key, cancellable, isatty (STDERR_FILENO)))
        failed++;
    }
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  return failed == 0 ? 0 : PM_CTL_EXIT_FAILURE;
}
