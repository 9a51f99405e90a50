/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-endpoint.h — where reports are sent: a crash server's submission URL,
 * built from a plain Breakpad/Crashpad URL, a Socorro collector or a Sentry DSN.
 *
 * Runs in: postmortemctl and the application (GLib allowed).
 *
 * A profile only turns what the user configured into the URL that receives
 * the multipart POST; the body is the same for every kind (Breakpad/Crashpad
 * multipart as the Socorro collector specifies it). Nothing identifying the
 * user ever goes into the URL: the Sentry key names the project, not the user.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  PM_ENDPOINT_BREAKPAD,  /* any Breakpad/Crashpad receiver: the URL is used as given */
  PM_ENDPOINT_SOCORRO,   /* a Socorro collector: "/submit" is appended unless present */
  PM_ENDPOINT_SENTRY,    /* Sentry: https://KEY@HOST/PROJECT -> https://HOST/api/PROJECT/minidump/?sentry_key=KEY */
} PmEndpointKind;

#define PM_TYPE_ENDPOINT (pm_endpoint_get_type ())

typedef struct _PmEndpoint PmEndpoint;

GType           pm_endpoint_get_type            (void) G_GNUC_CONST;

/* Accepts only http:// and https:// URLs with a host and without user
 * information (credentials do not belong in a URL that ends up in logs).
 * PM_ERROR_INVALID_ARGUMENT names what was wrong with @url. */
PmEndpoint     *pm_endpoint_new_for_url         (PmEndpointKind    kind,
                                                 const char       *url,
                                                 GError          **error);
/* Sentry DSN: scheme://PUBLIC_KEY[:SECRET]@HOST[:PORT][/PATH]/PROJECT_ID.
 * The secret, if any, is ignored (Sentry no longer uses it). */
PmEndpoint     *pm_endpoint_new_for_dsn         (const char       *dsn,
                                                 GError          **error);
PmEndpoint     *pm_endpoint_copy                (const PmEndpoint *self);
void            pm_endpoint_free                (PmEndpoint       *self);

PmEndpointKind  pm_endpoint_get_kind            (const PmEndpoint *self);
/* The URL the POST goes to (for Sentry it carries sentry_key=). */
const char     *pm_endpoint_get_submit_url      (const PmEndpoint *self);
/* The same URL with the query removed: safe to print in messages and logs. */
const char     *pm_endpoint_get_display_url     (const PmEndpoint *self);

/* For Sentry: the envelope URL of the same project and key (the minidump URL with
 * /envelope/ for /minidump/), where user feedback on an event is sent. NULL for other
 * kinds. Newly allocated. */
char           *pm_endpoint_dup_sentry_envelope_url (const PmEndpoint *self);

/* "breakpad", "socorro", "sentry" (the [Server] Kind= values of the settings file). */
const char     *pm_endpoint_kind_to_string      (PmEndpointKind    kind);
gboolean        pm_endpoint_kind_from_string    (const char       *string,
                                                 PmEndpointKind   *kind,
                                                 GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmEndpoint, pm_endpoint_free)

G_END_DECLS
