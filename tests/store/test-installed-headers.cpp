/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
// test-installed-headers.cpp — a C++ program built from the installed headers of
// libpostmortem-store alone (pkg-config postmortem-store-1): the umbrella header and
// werapi.h compile as C++ with warnings as errors, the version macros work, and the
// functions link and run against the installed library.
//
// Runs in: test-installed-headers.sh (suite store). Usage: PROGRAM STORE_DIR
#include <postmortem-store.h>
#include <werapi.h>

#include <cstdio>
#include <cstring>

#if !PM_CHECK_VERSION (0, 0, 1) || PM_CHECK_VERSION (PM_MAJOR_VERSION, PM_MINOR_VERSION, PM_MICRO_VERSION + 1)
#error "PM_CHECK_VERSION does not compare versions"
#endif

static int
fail (const char *what, GError *error)
{
  std::fprintf (stderr, "%s: %s\n", what, error != NULL ? error->message : "failed");
  return 1;
}

int
main (int argc, char **argv)
{
  GError *error = NULL;
  char version[32];

  if (argc != 2)
    return 2;
  std::snprintf (version, sizeof version, "%d.%d.%d", PM_MAJOR_VERSION, PM_MINOR_VERSION, PM_MICRO_VERSION);
  if (std::strcmp (version, PM_VERSION_S) != 0)
    return fail ("PM_VERSION_S differs from PM_MAJOR/MINOR/MICRO_VERSION", NULL);

  PmStore *store = pm_store_open (argv[1], &error);
  if (store == NULL)
    return fail ("pm_store_open", error);
  PmReportDraft *draft = pm_store_begin_report (store, &error);
  if (draft == NULL)
    return fail ("pm_store_begin_report", error);
  pm_report_draft_set (draft, "EventType", "APPCRASH");
  pm_report_draft_set (draft, "AppName", "cxx-test");
  char *key = pm_store_publish_report (store, draft, &error);
  pm_report_draft_free (draft);
  if (key == NULL)
    return fail ("pm_store_publish_report", error);
  if (!pm_store_key_is_valid (key) || pm_store_count_reports (store, PM_REPORT_STATE_QUEUE) != 1)
    return fail ("the published report is not listed", NULL);
  PmReport *report = pm_store_load_report (store, key, &error);
  if (report == NULL)
    return fail ("pm_store_load_report", error);
  if (std::strcmp (pm_report_get_app_name (report), "cxx-test") != 0)
    return fail ("AppName was not kept", NULL);

  std::printf ("C++: postmortem-store %s headers OK, published %s\n", PM_VERSION_S, key);
  g_object_unref (report);
  g_free (key);
  g_object_unref (store);
  return 0;
}
