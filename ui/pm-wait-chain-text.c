/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-wait-chain-text.c — wait chains in plain words and the labels of the graph's boxes.
 *
 * Runs in: the postmortem GUI process (any thread; pure functions). Names come from a
 * report (a process's thread names), so they are escaped before they are shown.
 *
 * A sentence is built clause by clause, each a whole translatable phrase: the first names
 * its subject ("%s waits for a lock held by %s"), the next ones are relative (", which
 * waits for a lock held by %s"), and the end says what the last thread does or that the
 * chain is a deadlock.
 */
#include "pm-config.h"

#include <glib/gi18n.h>

#include "pm-text.h"
#include "pm-wait-chain-text.h"

/* The name of the process's main thread, to tell whether another thread has a name of its
 * own (threads inherit their process's name). */
static const char *
main_thread_name (GPtrArray *chains,
                  int        pid)
{
  for (guint i = 0; chains != NULL && i < chains->len; i++)
    {
      const PmWaitChain *chain = g_ptr_array_index (chains, i);

      for (guint j = 0; j < pm_wait_chain_get_n_nodes (chain); j++)
        {
          const PmWaitNode *node = pm_wait_chain_get_node (chain, j);

          if (pm_wait_node_get_kind (node) == PM_WAIT_NODE_THREAD && pm_wait_node_get_tid (node) == pid)
            return pm_wait_node_get_name (node);
        }
    }
  return NULL;
}

/* "the main thread", "thread “worker”", "thread 1235", "process “helper” (1240)", "thread
 * “io” of process “helper” (1240)". */
static char *
who (const PmWaitNode *node,
     int               pid,
     GPtrArray        *all_chains)
{
  g_autofree char *name = pm_text_make_safe (pm_wait_node_get_name (node), -1);
  const char *main_name = main_thread_name (all_chains, pid);

  if (pm_wait_node_get_kind (node) == PM_WAIT_NODE_PROCESS)
    return g_strdup_printf (_("process “%s” (%d)"), name, pm_wait_node_get_pid (node));
  if (pm_wait_node_get_pid (node) == pid)
    {
      if (pm_wait_node_get_tid (node) == pid)
        return g_strdup (_("the main thread"));
      if (name[0] != '\0' && g_strcmp0 (pm_wait_node_get_name (node), main_name) != 0)
        return g_strdup_printf (_("thread “%s”"), name);
      return g_strdup_printf (_("thread %d"), pm_wait_node_get_tid (node));
    }
  if (pm_wait_node_get_tid (node) == pm_wait_node_get_pid (node))
    return g_strdup_printf (_("process “%s” (%d)"), name, pm_wait_node_get_pid (node));
  return g_strdup_printf (_("thread %d of process %d"), pm_wait_node_get_tid (node), pm_wait_node_get_pid (node));
}

/* A clause for waiting on @object whose holder is @holder (NULL: none known). @first:
 * the clause that names its subject (@subject), else a relative clause. */
static char *
wait_clause (const PmWaitNode *object,
             const char       *subject,
             const char       *holder)
{
  gboolean first = subject != NULL;

  if (holder == NULL)
    {
      switch (pm_wait_node_get_kind (object))
        {
        case PM_WAIT_NODE_MUTEX:
        case PM_WAIT_NODE_PI_MUTEX:
          if (pm_wait_node_get_status (object) == PM_WAIT_STATUS_ABANDONED)
            return first ? g_strdup_printf (_("%s waits for a lock whose owner has exited"), subject)
                         : g_strdup (_(", which waits for a lock whose owner has exited"));
          return first ? g_strdup_printf (_("%s waits for a lock held by no one it can see"), subject)
                       : g_strdup (_(", which waits for a lock held by no one it can see"));
        case PM_WAIT_NODE_PIPE:
          return first ? g_strdup_printf (_("%s waits on a pipe nobody else holds"), subject)
                       : g_strdup (_(", which waits on a pipe nobody else holds"));
        case PM_WAIT_NODE_UNIX_SOCKET:
          return first ? g_strdup_printf (_("%s waits on a socket"), subject)
                       : g_strdup (_(", which waits on a socket"));
        case PM_WAIT_NODE_CHILD_WAIT:
          return first ? g_strdup_printf (_("%s waits for a child process"), subject)
                       : g_strdup (_(", which waits for a child process"));
        case PM_WAIT_NODE_FUTEX:
        default:
          return first ? g_strdup_printf (_("%s waits for a signal or a lock of unknown owner"), subject)
                       : g_strdup (_(", which waits for a signal or a lock of unknown owner"));
        }
    }
  switch (pm_wait_node_get_kind (object))
    {
    case PM_WAIT_NODE_PIPE:
      return first ? g_strdup_printf (_("%s waits on a pipe to %s"), subject, holder)
                   : g_strdup_printf (_(", which waits on a pipe to %s"), holder);
    case PM_WAIT_NODE_UNIX_SOCKET:
      return first ? g_strdup_printf (_("%s waits on a socket connected to %s"), subject, holder)
                   : g_strdup_printf (_(", which waits on a socket connected to %s"), holder);
    case PM_WAIT_NODE_CHILD_WAIT:
    case PM_WAIT_NODE_THREAD_EXIT:
      return first ? g_strdup_printf (_("%s waits for %s to exit"), subject, holder)
                   : g_strdup_printf (_(", which waits for %s to exit"), holder);
    case PM_WAIT_NODE_PTRACE:
      return first ? g_strdup_printf (_("%s is stopped by the debugger %s"), subject, holder)
                   : g_strdup_printf (_(", which is stopped by the debugger %s"), holder);
    case PM_WAIT_NODE_MUTEX:
    case PM_WAIT_NODE_PI_MUTEX:
    case PM_WAIT_NODE_FUTEX:
    default:
      return first ? g_strdup_printf (_("%s waits for a lock held by %s"), subject, holder)
                   : g_strdup_printf (_(", which waits for a lock held by %s"), holder);
    }
}

/* What the last thread of a chain does, when it waits on nothing we followed. */
static const char *
end_clause (const PmWaitNode *node)
{
  switch (pm_wait_node_get_status (node))
    {
    case PM_WAIT_STATUS_RUNNING:   return _(", which is running");
    case PM_WAIT_STATUS_SLEEPING:  return _(", which is waiting for something else");
    case PM_WAIT_STATUS_STOPPED:   return _(", which is stopped");
    case PM_WAIT_STATUS_NO_ACCESS: return _(", which cannot be inspected");
    case PM_WAIT_STATUS_EXITED:    return _(", which has exited");
    default:                       return "";
    }
}

static char *
alone_clause (const PmWaitNode *node,
              const char       *subject)
{
  switch (pm_wait_node_get_status (node))
    {
    case PM_WAIT_STATUS_RUNNING:   return g_strdup_printf (_("%s is running"), subject);
    case PM_WAIT_STATUS_STOPPED:   return g_strdup_printf (_("%s is stopped"), subject);
    case PM_WAIT_STATUS_NO_ACCESS: return g_strdup_printf (_("%s cannot be inspected"), subject);
    case PM_WAIT_STATUS_EXITED:    return g_strdup_printf (_("%s has exited"), subject);
    default:                       return g_strdup_printf (_("%s is waiting for something other than a lock"), subject);
    }
}

static char *
capitalize (GString *text)
{
  gunichar first = g_utf8_get_char (text->str);
  char upper[8];
  int len = g_unichar_to_utf8 (g_unichar_toupper (first), upper);

  g_string_erase (text, 0, g_utf8_next_char (text->str) - text->str);
  g_string_prepend_len (text, upper, len);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
pm_wait_chain_describe (const PmWaitChain *chain,
                        int                pid,
                        GPtrArray         *all_chains)
{
  GString *text = g_string_new (NULL);
  const PmWaitNode *last = pm_wait_chain_get_node (chain, pm_wait_chain_get_n_nodes (chain) - 1);
  g_autofree char *subject = who (pm_wait_chain_get_node (chain, 0), pid, all_chains);

  if (pm_wait_chain_get_n_nodes (chain) == 1)
    {
      g_autofree char *clause = alone_clause (last, subject);

      g_string_append (text, clause);
      g_string_append_c (text, '.');
      return capitalize (text);
    }
  for (guint i = 1; i < pm_wait_chain_get_n_nodes (chain); i += 2)
    {
      const PmWaitNode *object = pm_wait_chain_get_node (chain, i);
      const PmWaitNode *holder = i + 1 < pm_wait_chain_get_n_nodes (chain) ? pm_wait_chain_get_node (chain, i + 1) : NULL;
      g_autofree char *holder_text = holder != NULL ? who (holder, pid, all_chains) : NULL;
      g_autofree char *clause = wait_clause (object, i == 1 ? subject : NULL, holder_text);

      g_string_append (text, clause);
    }
  if (pm_wait_chain_is_cycle (chain))
    g_string_append (text, _(": a deadlock"));
  else if (pm_wait_node_get_kind (last) == PM_WAIT_NODE_THREAD)
    g_string_append (text, end_clause (last));
  else if (pm_wait_node_get_kind (last) == PM_WAIT_NODE_PROCESS)
    g_string_append (text, _(", which cannot be inspected"));
  g_string_append_c (text, '.');
  return capitalize (text);
}

static gboolean
chain_covered (const PmWaitChain *chain,
               GPtrArray         *shown)
{
  for (guint i = 0; i < shown->len; i++)
    {
      const PmWaitChain *other = g_ptr_array_index (shown, i);

      for (guint j = 0; j < pm_wait_chain_get_n_nodes (other); j++)
        {
          const PmWaitNode *node = pm_wait_chain_get_node (other, j);

          if (pm_wait_node_get_kind (node) == PM_WAIT_NODE_THREAD && pm_wait_node_get_tid (node) == pm_wait_chain_get_tid (chain))
            return TRUE;
        }
    }
  return FALSE;
}

GPtrArray *
pm_wait_chains_pick (GPtrArray *chains,
                     int        pid,
                     guint      max)
{
  GPtrArray *shown = g_ptr_array_new ();

  /* Cycles first, then every other thread that waits on something. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < chains->len && shown->len < max; i++)
      {
        PmWaitChain *chain = g_ptr_array_index (chains, i);

        if (pm_wait_chain_get_n_nodes (chain) < 2 || pm_wait_chain_is_cycle (chain) != (pass == 0) || chain_covered (chain, shown))
          continue;
        g_ptr_array_add (shown, chain);
      }
  return shown;
}

static guint
count_waiting (GPtrArray *chains)
{
  guint n = 0;

  for (guint i = 0; i < chains->len; i++)
    n += pm_wait_chain_get_n_nodes (g_ptr_array_index (chains, i)) > 1;
  return n;
}

char *
pm_wait_chains_describe (GPtrArray *chains,
                         int        pid)
{
  g_autoptr(GPtrArray) shown = pm_wait_chains_pick (chains, pid, 3);
  GString *text;
  guint waiting = count_waiting (chains), described = 0;

  if (shown->len == 0)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < shown->len; i++)
    {
      const PmWaitChain *chain = g_ptr_array_index (shown, i);
      g_autofree char *sentence = pm_wait_chain_describe (chain, pid, chains);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, sentence);
      /* Threads of this process that the sentence already speaks of. */
      for (guint j = 0; j < pm_wait_chain_get_n_nodes (chain); j++)
        {
          const PmWaitNode *node = pm_wait_chain_get_node (chain, j);
          gboolean again = FALSE;

          for (guint k = 0; k < j; k++)
            again |= pm_wait_node_get_tid (pm_wait_chain_get_node (chain, k)) == pm_wait_node_get_tid (node);
          if (pm_wait_node_get_kind (node) == PM_WAIT_NODE_THREAD && pm_wait_node_get_pid (node) == pid && !again && j + 1 < pm_wait_chain_get_n_nodes (chain))
            described++;
        }
    }
  if (waiting > described)
    {
      guint others = waiting - described;

      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u more thread is waiting.",
                                                 "%u more threads are waiting.", others), others);
    }
  return g_string_free (text, FALSE);
}

void
pm_wait_node_describe_short (const PmWaitNode  *node,
                             int                pid,
                             GPtrArray         *all_chains,
                             char             **title,
                             char             **detail)
{
  g_autofree char *object = pm_text_make_safe (pm_wait_node_get_object (node), -1);
  g_autofree char *name = pm_text_make_safe (pm_wait_node_get_name (node), -1);
  const char *state;

  switch (pm_wait_node_get_kind (node))
    {
    case PM_WAIT_NODE_THREAD:
      {
        g_autofree char *whom = who (node, pid, all_chains);

        *title = pm_wait_node_get_pid (node) == pid && pm_wait_node_get_tid (node) == pid
                 ? g_strdup (_("Main thread")) : g_strdup (whom);
        switch (pm_wait_node_get_status (node))
          {
          case PM_WAIT_STATUS_RUNNING:   state = _("running"); break;
          case PM_WAIT_STATUS_BLOCKED:   state = _("blocked"); break;
          case PM_WAIT_STATUS_SLEEPING:  state = _("waiting"); break;
          case PM_WAIT_STATUS_STOPPED:   state = _("stopped"); break;
          case PM_WAIT_STATUS_NO_ACCESS: state = _("no access"); break;
          case PM_WAIT_STATUS_EXITED:    state = _("exited"); break;
          default:                       state = _("unknown"); break;
          }
        *detail = g_strdup_printf (_("%s · %d"), state, pm_wait_node_get_tid (node));
        {
          /* A capital letter in a box, as a title. */
          GString *t = g_string_new (*title);
          g_free (*title);
          *title = capitalize (t);
        }
        return;
      }
    case PM_WAIT_NODE_PROCESS:
      *title = g_strdup_printf (_("Process “%s”"), name);
      *detail = g_strdup_printf (_("%d · no access"), pm_wait_node_get_pid (node));
      return;
    case PM_WAIT_NODE_MUTEX:
    case PM_WAIT_NODE_PI_MUTEX:
      *title = g_strdup (_("Lock"));
      break;
    case PM_WAIT_NODE_FUTEX:
      *title = g_strdup (_("Futex"));
      break;
    case PM_WAIT_NODE_PIPE:
      *title = g_strdup (_("Pipe"));
      break;
    case PM_WAIT_NODE_UNIX_SOCKET:
      *title = g_strdup (_("Socket"));
      break;
    case PM_WAIT_NODE_CHILD_WAIT:
      *title = g_strdup (_("Child process"));
      break;
    case PM_WAIT_NODE_THREAD_EXIT:
      *title = g_strdup (_("End of thread"));
      break;
    case PM_WAIT_NODE_PTRACE:
    default:
      *title = g_strdup (_("Debugger"));
      break;
    }
  *detail = g_strdup (object);
}
