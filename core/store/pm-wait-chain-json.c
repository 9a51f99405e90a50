/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wait-chain-json.c — wait chains as JSON and back: the one-line text that
 * `postmortemctl wait-chain --json` prints, Report.wer stores as Postmortem.WaitChains and a
 * dump carries as its stream 0x504d0003 (the format is in pm-wait-chain.h).
 *
 * Runs in: any GLib process. The text may come from a report, so the reader is strict and
 * bounded (size, depth, counts) and refuses anything it does not know with PM_ERROR_CORRUPT.
 */
#include "pm-config.h"

#include <string.h>

#include "pm-error.h"
#include "pm-manifest-private.h"   /* pm_json_parse_object() */
#include "pm-wait-chain-private.h"

#define MAX_JSON_SIZE (16 * 1024 * 1024)
#define MAX_THREADS   65536

/* A JSON string in which every control character (C0, DEL and C1, which terminals act on)
 * is a \u escape, so the line can be printed, and stored in Report.wer, as it is. */
static void
append_string (GString    *out,
               const char *s)
{
  g_autofree char *valid = g_utf8_make_valid (s, -1);

  g_string_append_c (out, '"');
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  g_string_append_c (out, '"');
}

static void
append_node (GString          *out,
             const PmWaitNode *node)
{
  g_string_append (out, "{\"type\":");
  append_string (out, pm_wait_node_kind_to_string (node->kind));
  g_string_append (out, ",\"status\":");
  append_string (out, pm_wait_node_status_to_string (node->status));
  g_string_append_printf (out, ",\"pid\":%d,\"tid\":%d,\"name\":", node->pid, node->tid);
  append_string (out, node->name);
  g_string_append (out, ",\"object\":");
  append_string (out, node->object);
  g_string_append_c (out, '}');
}

static char *
thread_json (const PmWaitChain *chain)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "{\"tid\":%d,\"chain\":[", chain->tid);
  for (guint j = 0; j < chain->nodes->len; j++)
    {
      if (j > 0)
        g_string_append_c (out, ',');
      append_node (out, g_ptr_array_index (chain->nodes, j));
    }
  g_string_append_printf (out, "],\"cycle\":%s}", chain->cycle ? "true" : "false");
  return g_string_free (out, FALSE);
}

/* 0: a deadlock, 1: waits on something, 2: waits on nothing followed. */
static int
chain_rank (const PmWaitChain *chain)
{
  return chain->cycle ? 0 : chain->nodes->len > 1 ? 1 : 2;
}

char *
pm_wait_chains_to_json_max (int        pid,
                            GPtrArray *chains,
                            gsize      max_bytes,
                            guint     *n_omitted)
{
  g_autofree char **parts = NULL;
  GString *out = g_string_new (NULL);
  gsize length;
  guint omitted = 0;
  gboolean first = TRUE;

  g_return_val_if_fail (chains != NULL, NULL);

  g_string_append_printf (out, "{\"pid\":%d,\"threads\":[", MAX (pid, 0));
  length = out->len + 2;
  /* Which threads fit: deadlocks first, then waiting threads, then the others, each in
   * order; written in their own order. */
  parts = g_new0 (char *, chains->len + 1);
  for (int rank = 0; rank <= 2; rank++)
    for (guint i = 0; i < chains->len; i++)
      {
        const PmWaitChain *chain = g_ptr_array_index (chains, i);
        char *part;
        gsize part_length;

        if (chain_rank (chain) != rank)
          continue;
        part = thread_json (chain);
        part_length = strlen (part) + (length > out->len + 2 ? 1 : 0);
        if (length + part_length > max_bytes)
          {
            g_free (part);
            omitted++;
            continue;
          }
        length += part_length;
        parts[i] = part;
      }
  for (guint i = 0; i < chains->len; i++)
    {
      if (parts[i] == NULL)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      g_string_append (out, parts[i]);
      g_free (parts[i]);
      first = FALSE;
    }
  g_string_append (out, "]}");
  if (n_omitted != NULL)
    *n_omitted = omitted;
  return g_string_free (out, FALSE);
}

char *
pm_wait_chains_to_json (int        pid,
                        GPtrArray *chains)
{
  return pm_wait_chains_to_json_max (pid, chains, G_MAXSIZE, NULL);
}

static gboolean
lookup_id (GVariant    *object,
           const char  *member,
           const char  *where,
           int         *value,
           GError     **error)
{
  guint64 n;

  if (!g_variant_lookup (object, member, "t", &n) || n > G_MAXINT)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                   "%s: “%s” is missing or is not a number below 2^31", where, member);
      return FALSE;
    }
  *value = (int) n;
  return TRUE;
}

static gboolean
lookup_text (GVariant    *object,
             const char  *member,
             const char  *where,
             char       **value,
             GError     **error)
{
  if (!g_variant_lookup (object, member, "s", value))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s: “%s” is missing or is not a string",
                   where, member);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_node (PmWaitChain  *chain,
           GVariant     *value,
           const char   *where,
           GError      **error)
{
  g_autofree char *type = NULL;
  g_autofree char *status = NULL;
  g_autofree char *name = NULL;
  g_autofree char *object = NULL;
  PmWaitNodeKind kind;
  PmWaitNodeStatus node_status;
  int pid, tid;

  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s is not an object", where);
      return FALSE;
    }
  if (!lookup_text (value, "type", where, &type, error) ||
      !lookup_text (value, "status", where, &status, error) ||
      !lookup_id (value, "pid", where, &pid, error) ||
      !lookup_id (value, "tid", where, &tid, error) ||
      !lookup_text (value, "name", where, &name, error) ||
      !lookup_text (value, "object", where, &object, error))
    return FALSE;
  if (!pm_wait_node_kind_from_string (type, &kind))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s: unknown type “%s”", where, type);
      return FALSE;
    }
  if (!pm_wait_node_status_from_string (status, &node_status))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s: unknown status “%s”", where, status);
      return FALSE;
    }
  pm_wait_chain_add_node (chain, kind, node_status, pid, tid, name, object);
  return TRUE;
}

static PmWaitChain *
read_thread (GVariant  *value,
             guint      index,
             GError   **error)
{
  g_autofree char *where = g_strdup_printf ("thread %u", index);
  g_autoptr(PmWaitChain) chain = NULL;
  g_autoptr(GVariant) nodes = NULL;
  gboolean cycle;
  int tid;
  gsize n;

  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s is not an object", where);
      return NULL;
    }
  if (!lookup_id (value, "tid", where, &tid, error))
    return NULL;
  if (!g_variant_lookup (value, "cycle", "b", &cycle))
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "%s: “cycle” is missing or is not true or false",
                   where);
      return NULL;
    }
  nodes = g_variant_lookup_value (value, "chain", G_VARIANT_TYPE ("av"));
  n = nodes != NULL ? g_variant_n_children (nodes) : 0;
  if (n == 0 || n > PM_WAIT_CHAIN_MAX_NODES)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT,
                   "%s: “chain” is missing or does not hold 1 to %d nodes", where,
                   PM_WAIT_CHAIN_MAX_NODES);
      return NULL;
    }
  chain = pm_wait_chain_new (tid);
  chain->cycle = cycle;
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (nodes, i);
      g_autoptr(GVariant) node = g_variant_get_variant (boxed);
      g_autofree char *node_where = g_strdup_printf ("%s, node %" G_GSIZE_FORMAT, where, i);

      if (!read_node (chain, node, node_where, error))
        return NULL;
    }
  return g_steal_pointer (&chain);
}

GPtrArray *
pm_wait_chains_from_json (const char  *json,
                          gssize       length,
                          int         *pid,
                          GError     **error)
{
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) threads = NULL;
  g_autoptr(GPtrArray) chains = NULL;
  int root_pid;
  gsize n;

  g_return_val_if_fail (json != NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (json);
  if (length > MAX_JSON_SIZE)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "the wait chains are larger than %d bytes",
                   MAX_JSON_SIZE);
      return NULL;
    }
  root = pm_json_parse_object (json, (gsize) length, error);
  if (root == NULL)
    return NULL;
  if (!lookup_id (root, "pid", "the wait chains", &root_pid, error))
    return NULL;
  threads = g_variant_lookup_value (root, "threads", G_VARIANT_TYPE ("av"));
  if (threads == NULL)
    {
      g_set_error_literal (error, PM_ERROR, PM_ERROR_CORRUPT,
                           "the wait chains: “threads” is missing or is not an array");
      return NULL;
    }
  n = g_variant_n_children (threads);
  if (n > MAX_THREADS)
    {
      g_set_error (error, PM_ERROR, PM_ERROR_CORRUPT, "the wait chains hold more than %d threads",
                   MAX_THREADS);
      return NULL;
    }
  chains = g_ptr_array_new_with_free_func ((GDestroyNotify) pm_wait_chain_unref);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (threads, i);
      g_autoptr(GVariant) thread = g_variant_get_variant (boxed);
      PmWaitChain *chain = read_thread (thread, (guint) i, error);

      if (chain == NULL)
        return NULL;
      g_ptr_array_add (chains, chain);
    }
  if (pid != NULL)
    *pid = root_pid;
  return g_steal_pointer (&chains);
}
