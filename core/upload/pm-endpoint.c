/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-endpoint.c — endpoint profiles: a submission URL from a plain URL, a
 * Socorro collector or a Sentry DSN.
 *
 * Runs in: postmortemctl and the application (GLib allowed).
 */
#include "pm-config.h"

#include <string.h>

#include "pm-endpoint.h"
#include "pm-error.h"

struct _PmEndpoint
{
  PmEndpointKind kind;
  char *submit_url;
  char *display_url;
};

G_DEFINE_BOXED_TYPE (PmEndpoint, pm_endpoint, pm_endpoint_copy, pm_endpoint_free)

static const char * const kind_names[] = {
  [PM_ENDPOINT_BREAKPAD] = "breakpad",
  [PM_ENDPOINT_SOCORRO] = "socorro",
  [PM_ENDPOINT_SENTRY] = "sentry",
};

const char *
pm_endpoint_kind_to_string (PmEndpointKind kind)
{
  g_return_val_if_fail (kind <= PM_ENDPOINT_SENTRY, NULL);
  return kind_names[kind];
}

gboolean
pm_endpoint_kind_from_string (const char      *string,
                              PmEndpointKind  *kind,
                              GError         **error)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (string != NULL && g_ascii_strcasecmp (string, kind_names[i]) == 0)
      {
        *kind = (PmEndpointKind) i;
        return TRUE;
      }
  g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
               "unknown server kind “%s” (expected breakpad, socorro or sentry)",
               string ? string : "");
  return FALSE;
}

/* Checks what every endpoint needs: http(s), a host, no credentials, no fragment. */
static GUri *
parse_http_uri (const char  *what,
                const char  *text,
                gboolean     allow_userinfo,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "%s is empty", what);
      return NULL;
    }
  uri = g_uri_parse (text, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_ENCODED_PATH, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "%s “%s” is not a valid URL: %s", what, text, local_error->message);
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "%s “%s” must start with http:// or https://", what, text);
      return NULL;
    }
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT, "%s “%s” has no host", what, text);
      return NULL;
    }
  if (!allow_userinfo && g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "%s must not contain a user name or password (for Sentry, use a DSN)", what);
      return NULL;
    }
  if (g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "%s “%s” must not contain a #fragment", what, text);
      return NULL;
    }
  return g_steal_pointer (&uri);
}

static PmEndpoint *
endpoint_new (PmEndpointKind  kind,
              GUri           *uri)
{
  PmEndpoint *self = g_new0 (PmEndpoint, 1);
  g_autoptr(GUri) display = NULL;

  self->kind = kind;
  self->submit_url = g_uri_to_string (uri);
  display = g_uri_build (G_URI_FLAGS_ENCODED_PATH, g_uri_get_scheme (uri), NULL,
                         g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri),
                         NULL, NULL);
  self->display_url = g_uri_to_string (display);
  return self;
}

PmEndpoint *
pm_endpoint_new_for_url (PmEndpointKind   kind,
                         const char      *url,
                         GError         **error)
{
  g_autoptr(GUri) uri = NULL;

  g_return_val_if_fail (kind <= PM_ENDPOINT_SENTRY, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kind == PM_ENDPOINT_SENTRY)
    {
      /* A Sentry URL without its DSN lacks the key: ask for the DSN. */
      if (url != NULL && strstr (url, "sentry_key=") == NULL)
        {
          g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                       "a Sentry server is configured with its DSN (https://KEY@HOST/PROJECT), not a URL");
          return NULL;
        }
    }

  uri = parse_http_uri ("the server URL", url, FALSE, error);
  if (uri == NULL)
    return NULL;

  if (kind == PM_ENDPOINT_SOCORRO)
    {
      const char *path = g_uri_get_path (uri);
      gsize len = strlen (path);
      g_autofree char *new_path = NULL;
      GUri *with_submit;

      /* The collector's URL is its root; the crash goes to /submit. */
      while (len > 0 && path[len - 1] == '/')
        len--;
      if (len >= 7 && strncmp (path + len - 7, "/submit", 7) == 0)
        new_path = g_strndup (path, len);
      else
        new_path = g_strdup_printf ("%.*s/submit", (int) len, path);
      with_submit = g_uri_build (G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY,
                                 g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                                 g_uri_get_port (uri), new_path, g_uri_get_query (uri), NULL);
      g_uri_unref (uri);
      uri = with_submit;
    }

  return endpoint_new (kind, uri);
}

static gboolean
is_sentry_key (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum (*s))
      return FALSE;
  return TRUE;
}

PmEndpoint *
pm_endpoint_new_for_dsn (const char  *dsn,
                         GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) submit = NULL;
  g_autofree char *key = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *api_path = NULL;
  g_autofree char *query = NULL;
  const char *userinfo;
  const char *path;
  const char *slash;
  const char *project;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = parse_http_uri ("the Sentry DSN", dsn, TRUE, error);
  if (uri == NULL)
    return NULL;

  userinfo = g_uri_get_userinfo (uri);
  if (userinfo == NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "the Sentry DSN “%s” has no public key (expected https://KEY@HOST/PROJECT)", dsn);
      return NULL;
    }
  /* KEY or KEY:SECRET; the secret is deprecated and never sent. */
  key = g_strndup (userinfo, strcspn (userinfo, ":"));
  if (!is_sentry_key (key))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "the Sentry DSN's public key must be letters and digits only");
      return NULL;
    }
  if (g_uri_get_query (uri) != NULL)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "the Sentry DSN “%s” must not have a ?query", dsn);
      return NULL;
    }

  path = g_uri_get_path (uri);
  slash = strrchr (path, '/');
  project = slash ? slash + 1 : path;
  if (*project == '\0')
    {
      g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                   "the Sentry DSN “%s” has no project id after the host", dsn);
      return NULL;
    }
  for (const char *p = project; *p; p++)
    if (!g_ascii_isdigit (*p))
      {
        g_set_error (error, PM_ERROR, PM_ERROR_INVALID_ARGUMENT,
                     "the Sentry DSN's project id “%s” must be a number", project);
        return NULL;
      }

  /* A DSN may carry a path prefix (Sentry behind a sub-path). */
  prefix = g_strndup (path, slash ? (gsize) (slash - path) : 0);
  api_path = g_strdup_printf ("%s/api/%s/minidump/", prefix, project);
  query = g_strdup_printf ("sentry_key=%s", key);
  submit = g_uri_build (G_URI_FLAGS_ENCODED_PATH | G_URI_FLAGS_ENCODED_QUERY,
                        g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                        g_uri_get_port (uri), api_path, query, NULL);
  return endpoint_new (PM_ENDPOINT_SENTRY, submit);
}

PmEndpoint *
pm_endpoint_copy (const PmEndpoint *self)
{
  PmEndpoint *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (PmEndpoint, 1);
  copy->kind = self->kind;
  copy->submit_url = g_strdup (self->submit_url);
  copy->display_url = g_strdup (self->display_url);
  return copy;
}

void
pm_endpoint_free (PmEndpoint *self)
{
  if (self == NULL)
    return;
  g_free (self->submit_url);
  g_free (self->display_url);
  g_free (self);
}

PmEndpointKind
pm_endpoint_get_kind (const PmEndpoint *self)
{
  g_return_val_if_fail (self != NULL, PM_ENDPOINT_BREAKPAD);
  return self->kind;
}

const char *
pm_endpoint_get_submit_url (const PmEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->submit_url;
}

const char *
pm_endpoint_get_display_url (const PmEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->display_url;
}

char *
pm_endpoint_dup_sentry_envelope_url (const PmEndpoint *self)
{
  const char *at;
  GString *url;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind != PM_ENDPOINT_SENTRY)
    return NULL;
  at = g_strrstr (self->submit_url, "/minidump/");
  if (at == NULL)
    return NULL;
  url = g_string_new_len (self->submit_url, at - self->submit_url);
  g_string_append (url, "/envelope/");
  g_string_append (url, at + strlen ("/minidump/"));
  return g_string_free (url, FALSE);
}
