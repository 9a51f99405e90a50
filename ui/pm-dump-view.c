/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-dump-view.c — PmDumpView: everything in one minidump, in five pages.
 *
 * Runs in: the postmortem GUI process (GTK main thread).
 *
 * The lists share one mechanism: a PmIndexModel of row numbers, one
 * GtkSignalListItemFactory per column, and pm_dump_view_dup_cell_text(),
 * which reads that row from the mapped file when GTK binds it. Nothing is
 * read for rows that are never shown, which keeps a 1 GiB heap dump (tens
 * of thousands of ranges, millions of hex rows) as quick to open as a small one.
 */
#include "pm-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pm-dump-view.h"
#include "pm-hex-view.h"
#include "pm-info-row.h"
#include "pm-index-model.h"
#include "pm-report-text.h"

typedef enum
{
  LIST_THREADS,
  LIST_MODULES,
  LIST_MEMORY,
  LIST_REGIONS,
  LIST_STREAMS,
  N_LISTS
} ListKind;

static const char *list_names[N_LISTS] = { "threads", "modules", "memory", "regions", "streams" };

typedef struct
{
  const char *title;
  gboolean    monospace;
  gboolean    expand;
} ColumnSpec;

static const ColumnSpec thread_columns[] = {
  { N_("Thread ID"), TRUE, FALSE },
  { N_("Name"), FALSE, FALSE },
  { N_("Instruction"), TRUE, TRUE },
  { N_("Stack Pointer"), TRUE, FALSE },
  { N_("Stack Size"), FALSE, FALSE },
};
static const ColumnSpec module_columns[] = {
  { N_("Name"), FALSE, FALSE },
  { N_("Base"), TRUE, FALSE },
  { N_("Size"), FALSE, FALSE },
  { N_("Build ID"), TRUE, FALSE },
  { N_("Version"), FALSE, FALSE },
  { N_("Path"), FALSE, TRUE },
};
static const ColumnSpec memory_columns[] = {
  { N_("Start"), TRUE, FALSE },
  { N_("End"), TRUE, FALSE },
  { N_("Size"), FALSE, FALSE },
  { N_("Module"), FALSE, TRUE },
  { N_("List"), FALSE, FALSE },
};
static const ColumnSpec region_columns[] = {
  { N_("Base"), TRUE, FALSE },
  { N_("Size"), FALSE, FALSE },
  { N_("State"), FALSE, FALSE },
  { N_("Protection"), TRUE, FALSE },
  { N_("Type"), FALSE, FALSE },
  { N_("Captured"), FALSE, TRUE },
};
static const ColumnSpec stream_columns[] = {
  { N_("Index"), FALSE, FALSE },
  { N_("Type"), TRUE, FALSE },
  { N_("Name"), FALSE, TRUE },
  { N_("Offset"), TRUE, FALSE },
  { N_("Size"), FALSE, FALSE },
};

static const struct {
  const ColumnSpec *columns;
  guint             n_columns;
} list_specs[N_LISTS] = {
  { thread_columns, G_N_ELEMENTS (thread_columns) },
  { module_columns, G_N_ELEMENTS (module_columns) },
  { memory_columns, G_N_ELEMENTS (memory_columns) },
  { region_columns, G_N_ELEMENTS (region_columns) },
  { stream_columns, G_N_ELEMENTS (stream_columns) },
};

struct _PmDumpView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *switcher;  /* wide and narrow switchers in a squeezer */
  AdwViewStack       *stack;
  AdwPreferencesPage *overview_page;
  GtkColumnView      *threads_view;
  GtkGrid            *registers_grid;
  GtkLabel           *stack_label;
  PmHexView          *stack_hex;
  GtkColumnView      *modules_view;
  GtkEntry           *address_entry;
  GtkLabel           *memory_status;
  GtkStack           *memory_stack;
  GtkColumnView      *memory_view;
  GtkColumnView      *regions_view;
  PmHexView          *memory_hex;
  GtkColumnView      *streams_view;
  GtkStack           *stream_stack;
  AdwStatusPage      *stream_status;
  GtkTextView        *stream_text;
  GtkListBox         *stream_table;
  PmHexView          *stream_hex;

  /* Owned */
  PmDump             *dump;
  guint               damage_check_id;   /* idle: look again once the page is drawn */
  gboolean            damage_reported;
  PmIndexModel       *models[N_LISTS];
  GtkSingleSelection *selections[N_LISTS];
  GPtrArray          *overview_groups;
};

G_DEFINE_FINAL_TYPE (PmDumpView, pm_dump_view, GTK_TYPE_WIDGET)

enum { FILE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* --- A file that changes while it is shown ------------------------------------ */

/* The reader turns a SIGBUS on a file that shrank into zeros and a flag
 * (pm_minidump_is_damaged()): once set, nothing the pages show can be trusted. Reported
 * once, through ::file-changed, for the window to say so instead of the pages. */
static void
pm_dump_view_check_damage (PmDumpView *self)
{
  g_autofree char *message = NULL;

  if (self->dump == NULL || self->damage_reported ||
      !pm_minidump_is_damaged (pm_dump_get_reader (self->dump)))
    return;
  self->damage_reported = TRUE;
  message = g_strdup_printf (_("“%s” changed while it was being read: it shrank or was rewritten. "
                               "Open it again to see it as it is now."),
                             pm_dump_get_name (self->dump));
  g_signal_emit (self, signals[FILE_CHANGED], 0, message);
}

static gboolean
pm_dump_view_check_damage_idle (gpointer data)
{
  PmDumpView *self = data;

  self->damage_check_id = 0;
  pm_dump_view_check_damage (self);
  return G_SOURCE_REMOVE;
}

/* Now (what was just read) and after the next frame (rows bound while drawing). */
static void
pm_dump_view_queue_damage_check (PmDumpView *self)
{
  pm_dump_view_check_damage (self);
  if (self->damage_check_id == 0 && !self->damage_reported)
    self->damage_check_id = g_idle_add_full (G_PRIORITY_LOW, pm_dump_view_check_damage_idle, self, NULL);
}

/* --- Words for values --------------------------------------------------------- */

static const char *
memory_state_name (guint32 state)
{
  switch (state)
    {
    case PM_MD_MEM_COMMIT: return _("Committed");
    case PM_MD_MEM_RESERVE: return _("Reserved");
    case PM_MD_MEM_FREE: return _("Free");
    default: return _("Unknown");
    }
}

static const char *
memory_type_name (guint32 type)
{
  switch (type)
    {
    case PM_MD_MEM_PRIVATE: return _("Private");
    case PM_MD_MEM_MAPPED: return _("Mapped");
    case PM_MD_MEM_IMAGE: return _("Image");
    case 0: return "—";
    default: return _("Unknown");
    }
}

static char *
memory_protection_text (guint32 protect)
{
  const char *rwx;

  switch (protect & 0xff)
    {
    case PM_MD_PAGE_NOACCESS: rwx = "---"; break;
    case PM_MD_PAGE_READONLY: rwx = "r--"; break;
    case PM_MD_PAGE_READWRITE: rwx = "rw-"; break;
    case PM_MD_PAGE_WRITECOPY: rwx = "rw- (cow)"; break;
    case PM_MD_PAGE_EXECUTE: rwx = "--x"; break;
    case PM_MD_PAGE_EXECUTE_READ: rwx = "r-x"; break;
    case PM_MD_PAGE_EXECUTE_READWRITE: rwx = "rwx"; break;
    case PM_MD_PAGE_EXECUTE_WRITECOPY: rwx = "rwx (cow)"; break;
    case 0: rwx = "—"; break;
    default: return g_strdup_printf ("0x%x", protect);
    }
  if (protect & PM_MD_PAGE_GUARD)
    return g_strdup_printf ("%s guard", rwx);
  return g_strdup (rwx);
}

static gboolean
stream_is_text (guint32 type)
{
  switch (type)
    {
    case PM_MD_STREAM_LINUX_CPU_INFO:
    case PM_MD_STREAM_LINUX_PROC_STATUS:
    case PM_MD_STREAM_LINUX_LSB_RELEASE:
    case PM_MD_STREAM_LINUX_CMD_LINE:
    case PM_MD_STREAM_LINUX_ENVIRON:
    case PM_MD_STREAM_LINUX_MAPS:
    case PM_MD_STREAM_LINUX_PROC_STAT:
    case PM_MD_STREAM_LINUX_PROC_UPTIME:
    case PM_MD_STREAM_LINUX_PROC_FD:
    case PM_MD_STREAM_COMMENT_A:
    case PM_MD_STREAM_MOZ_LINUX_LIMITS:
    case PM_MD_STREAM_FACEBOOK_APP_CUSTOM_DATA:
    case PM_MD_STREAM_FACEBOOK_BUILD_ID:
    case PM_MD_STREAM_FACEBOOK_APP_VERSION_NAME:
    case PM_MD_STREAM_FACEBOOK_JAVA_STACK:
    case PM_MD_STREAM_FACEBOOK_DALVIK_INFO:
    case PM_MD_STREAM_FACEBOOK_DUMP_ERROR_LOG:
    case PM_MD_STREAM_FACEBOOK_APP_STATE_LOG:
    case PM_MD_STREAM_FACEBOOK_ABORT_REASON:
    case PM_MD_STREAM_FACEBOOK_LOGCAT:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Text for display: NULs of cmdline/environ become separators, invalid UTF-8 is replaced. */
static char *
stream_text (guint32       type,
             const guint8 *data,
             gsize         size)
{
  g_autofree char *copy = g_malloc (size + 1);
  char sep = type == PM_MD_STREAM_LINUX_CMD_LINE ? ' ' : '\n';

  for (gsize i = 0; i < size; i++)
    copy[i] = data[i] == '\0' ? sep : (char) data[i];
  /* A trailing separator from the final NUL is noise. */
  while (size > 0 && data[size - 1] == '\0')
    size--;
  copy[size] = '\0';
  return g_utf8_make_valid (copy, (gssize) size);
}

/* --- Cells -------------------------------------------------------------------- */

static char *
thread_cell (PmDumpView *self,
             guint       column,
             guint       row)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  PmMdThreadRecord thread;
  PmMdContext context;

  if (pm_minidump_get_thread (md, row, &thread) != PM_MD_OK)
    return g_strdup (_("(unreadable)"));

  switch (column)
    {
    case 0:
      return g_strdup_printf ("%u", thread.thread_id);
    case 1:
      {
        char *name = pm_dump_dup_thread_name (self->dump, thread.thread_id);
        return name ? name : g_strdup ("—");
      }
    case 2:
    case 3:
      if (pm_minidump_read_thread_context (md, &thread, &context, NULL) != PM_MD_OK)
        return g_strdup (_("(no context)"));
      return column == 2 ? pm_dump_describe_address (self->dump, context.pc)
                         : pm_dump_format_address (self->dump, context.sp);
    case 4:
      return g_format_size (thread.stack_size);
    default:
      return NULL;
    }
}

static char *
module_cell (PmDumpView *self,
             guint       column,
             guint       row)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  PmMdModule module;

  if (pm_minidump_get_module (md, row, &module) != PM_MD_OK)
    return g_strdup (_("(unreadable)"));

  switch (column)
    {
    case 0:
    case 5:
      {
        g_autofree char *path = pm_dump_dup_module_path (self->dump, row);
        if (path == NULL)
          return g_strdup ("?");
        if (column == 5)
          return g_steal_pointer (&path);
        /* Windows paths use backslashes; take the last component of either. */
        {
          const char *slash = strrchr (path, '/');
          const char *backslash = strrchr (path, '\\');
          const char *base = MAX (slash, backslash);
          return g_strdup (base ? base + 1 : path);
        }
      }
    case 1:
      return pm_dump_format_address (self->dump, module.base_of_image);
    case 2:
      return g_format_size (module.size_of_image);
    case 3:
      {
        PmMdModuleIds ids;
        if (pm_minidump_get_module_ids (md, &module, &ids) != PM_MD_OK)
          return g_strdup (_("(unreadable)"));
        if (ids.code_id[0] != '\0')
          return g_strdup (ids.code_id);
        if (ids.debug_id[0] != '\0')
          return g_strdup (ids.debug_id);
        return g_strdup ("—");
      }
    case 4:
      if (module.version_info.signature == PM_MD_VS_FFI_SIGNATURE &&
          (module.version_info.file_version_hi | module.version_info.file_version_lo) != 0)
        return g_strdup_printf ("%u.%u.%u.%u",
                                module.version_info.file_version_hi >> 16,
                                module.version_info.file_version_hi & 0xffff,
                                module.version_info.file_version_lo >> 16,
                                module.version_info.file_version_lo & 0xffff);
      return g_strdup ("—");
    default:
      return NULL;
    }
}

static char *
memory_cell (PmDumpView *self,
             guint       column,
             guint       row)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  PmMdMemoryRange range;

  if (pm_minidump_get_memory_range (md, row, &range) != PM_MD_OK)
    return g_strdup (_("(unreadable)"));

  switch (column)
    {
    case 0:
      return pm_dump_format_address (self->dump, range.start);
    case 1:
      return pm_dump_format_address (self->dump, range.start + range.size);
    case 2:
      return g_format_size (range.size);
    case 3:
      {
        size_t index;
        if (pm_minidump_find_module (md, range.start, &index) == PM_MD_OK)
          {
            g_autofree char *path = pm_dump_dup_module_path (self->dump, index);
            return path ? g_path_get_basename (path) : g_strdup ("?");
          }
        return g_strdup ("—");
      }
    case 4:
      return g_strdup (range.from_memory64 ? "Memory64List" : "MemoryList");
    default:
      return NULL;
    }
}

static char *
region_cell (PmDumpView *self,
             guint       column,
             guint       row)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  PmMdMemoryInfo info;

  if (pm_minidump_get_memory_info (md, row, &info) != PM_MD_OK)
    return g_strdup (_("(unreadable)"));

  switch (column)
    {
    case 0:
      return pm_dump_format_address (self->dump, info.base_address);
    case 1:
      return g_format_size (info.region_size);
    case 2:
      return g_strdup (memory_state_name (info.state));
    case 3:
      return memory_protection_text (info.protect);
    case 4:
      return g_strdup (memory_type_name (info.type));
    case 5:
      {
        const guint8 *data;
        uint64_t available;
        if (pm_minidump_get_memory (md, info.base_address, &data, &available) == PM_MD_OK)
          return g_format_size (MIN (available, info.region_size));
        return g_strdup ("—");
      }
    default:
      return NULL;
    }
}

static char *
stream_cell (PmDumpView *self,
             guint       column,
             guint       row)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  PmMdStreamInfo info;

  if (pm_minidump_get_stream_info (md, row, &info) != PM_MD_OK)
    return g_strdup (_("(unreadable)"));

  switch (column)
    {
    case 0:
      return g_strdup_printf ("%u", row);
    case 1:
      return g_strdup_printf ("0x%08x", info.type);
    case 2:
      if (info.state != PM_MD_STREAM_OK)
        return g_strdup_printf (_("%s (beyond the end of the file)"), info.name ? info.name : _("Unknown"));
      return g_strdup (info.name ? info.name : _("Unknown"));
    case 3:
      return g_strdup_printf ("0x%x", info.rva);
    case 4:
      return g_format_size (info.size);
    default:
      return NULL;
    }
}

char *
pm_dump_view_dup_cell_text (PmDumpView *self,
                            const char *list,
                            guint       column,
                            guint       row)
{
  g_return_val_if_fail (PM_IS_DUMP_VIEW (self), NULL);
  g_return_val_if_fail (list != NULL, NULL);

  if (self->dump == NULL)
    return NULL;

  for (guint kind = 0; kind < N_LISTS; kind++)
    {
      if (!g_str_equal (list, list_names[kind]))
        continue;
      if (row >= g_list_model_get_n_items (G_LIST_MODEL (self->models[kind])) ||
          column >= list_specs[kind].n_columns)
        return NULL;
      switch ((ListKind) kind)
        {
        case LIST_THREADS: return thread_cell (self, column, row);
        case LIST_MODULES: return module_cell (self, column, row);
        case LIST_MEMORY: return memory_cell (self, column, row);
        case LIST_REGIONS: return region_cell (self, column, row);
        case LIST_STREAMS: return stream_cell (self, column, row);
        case N_LISTS:
        default:
          return NULL;
        }
    }
  g_return_val_if_reached (NULL);
}

typedef struct
{
  PmDumpView *view;   /* weak: the factory dies with the view */
  ListKind    kind;
  guint       column;
  gboolean    monospace;
} CellSpec;

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CellSpec                 *spec)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  if (spec->monospace)
    gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CellSpec                 *spec)
{
  guint row = pm_index_item_get_index (gtk_list_item_get_item (item));
  g_autofree char *text = pm_dump_view_dup_cell_text (spec->view, list_names[spec->kind],
                                                      spec->column, row);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  gtk_widget_set_tooltip_text (label, text);
}

static void
pm_dump_view_setup_list (PmDumpView    *self,
                         ListKind       kind,
                         GtkColumnView *view)
{
  self->models[kind] = pm_index_model_new (0);
  self->selections[kind] = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->models[kind])));
  gtk_single_selection_set_autoselect (self->selections[kind], FALSE);
  gtk_single_selection_set_can_unselect (self->selections[kind], TRUE);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (self->selections[kind]));
  gtk_column_view_set_show_column_separators (view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (view), "data-table");

  for (guint c = 0; c < list_specs[kind].n_columns; c++)
    {
      const ColumnSpec *col = &list_specs[kind].columns[c];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      CellSpec *spec = g_new0 (CellSpec, 1);

      spec->view = self;
      spec->kind = kind;
      spec->column = c;
      spec->monospace = col->monospace;
      g_object_set_data_full (G_OBJECT (factory), "pm-cell-spec", spec, g_free);
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), spec);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), spec);

      column = gtk_column_view_column_new (_(col->title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, col->expand);
      gtk_column_view_append_column (view, column);
    }
}

/* --- Threads page ------------------------------------------------------------- */

static void
pm_dump_view_clear_registers (PmDumpView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->registers_grid))) != NULL)
    gtk_grid_remove (self->registers_grid, child);
}

static void
pm_dump_view_show_thread (PmDumpView *self,
                          guint       index)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  PmMdThreadRecord thread;
  PmMdContext context;
  g_autoptr(GBytes) stack = NULL;
  guint64 stack_start = 0;

  pm_dump_view_clear_registers (self);
  pm_hex_view_set_bytes (self->stack_hex, NULL, 0, TRUE);

  if (pm_minidump_get_thread (md, index, &thread) != PM_MD_OK)
    return;

  /* The crashing thread's registers are the exception's context (where it faulted), not
   * the thread list's (inside the crash handler), as postmortemctl info and the walker. */
  if (pm_minidump_read_thread_context (md, &thread, &context, NULL) == PM_MD_OK)
    {
      g_autoptr(GArray) regs = pm_dump_list_registers (self->dump, &context);

      for (guint i = 0; i < regs->len; i++)
        {
          const PmRegister *reg = &g_array_index (regs, PmRegister, i);
          g_autofree char *value = NULL;
          GtkWidget *name_label = gtk_label_new (reg->name);

          if (reg->width >= 8)
            value = g_strdup_printf ("0x%016" G_GINT64_MODIFIER "x", reg->value);
          else
            value = g_strdup_printf ("0x%08" G_GINT64_MODIFIER "x", reg->value);
          gtk_label_set_xalign (GTK_LABEL (name_label), 1);
          gtk_widget_add_css_class (name_label, "dim-label");
          gtk_widget_add_css_class (name_label, "monospace");
          gtk_grid_attach (self->registers_grid, name_label, 0, (int) i, 1, 1);
          gtk_grid_attach (self->registers_grid, pm_value_label_new (value, TRUE), 1, (int) i, 1, 1);
        }
      stack = pm_dump_dup_memory_at (self->dump, context.sp, &stack_start);
    }
  else
    {
      GtkWidget *label = gtk_label_new (_("This thread has no readable register context."));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_grid_attach (self->registers_grid, label, 0, 0, 2, 1);
    }

  /* The captured stack: from the thread record, else the range around sp. */
  if (stack == NULL && thread.stack_size > 0)
    stack = pm_dump_dup_memory_at (self->dump, thread.stack_start, &stack_start);

  if (stack != NULL)
    {
      g_autofree char *size = g_format_size (g_bytes_get_size (stack));
      g_autofree char *title = g_strdup_printf (_("Stack Memory (%s)"), size);
      gtk_label_set_text (self->stack_label, title);
      pm_hex_view_set_bytes (self->stack_hex, stack, stack_start, pm_dump_is_64bit (self->dump));
    }
  else
    gtk_label_set_text (self->stack_label, _("Stack Memory (not in the dump)"));
}

static void
threads_selected_cb (PmDumpView         *self,
                     GParamSpec         *pspec,
                     GtkSingleSelection *selection)
{
  guint index = gtk_single_selection_get_selected (selection);

  if (self->dump != NULL && index != GTK_INVALID_LIST_POSITION)
    pm_dump_view_show_thread (self, index);
}

void
pm_dump_view_select_thread (PmDumpView *self,
                            guint       index)
{
  g_return_if_fail (PM_IS_DUMP_VIEW (self));
  gtk_single_selection_set_selected (self->selections[LIST_THREADS], index);
}

/* --- Memory page -------------------------------------------------------------- */

static void
memory_selected_cb (PmDumpView         *self,
                    GParamSpec         *pspec,
                    GtkSingleSelection *selection)
{
  guint index = gtk_single_selection_get_selected (selection);
  g_autoptr(GBytes) bytes = NULL;
  guint64 start = 0;

  if (self->dump == NULL || index == GTK_INVALID_LIST_POSITION)
    return;

  bytes = pm_dump_dup_memory_range (self->dump, index, &start);
  pm_hex_view_set_bytes (self->memory_hex, bytes, start, pm_dump_is_64bit (self->dump));
  gtk_label_set_text (self->memory_status, "");
}

static void
regions_selected_cb (PmDumpView         *self,
                     GParamSpec         *pspec,
                     GtkSingleSelection *selection)
{
  guint index = gtk_single_selection_get_selected (selection);
  PmMdMemoryInfo info;

  if (self->dump == NULL || index == GTK_INVALID_LIST_POSITION)
    return;
  if (pm_minidump_get_memory_info (pm_dump_get_reader (self->dump), index, &info) == PM_MD_OK)
    pm_dump_view_jump_to_address (self, info.base_address);
}

gboolean
pm_dump_view_jump_to_address (PmDumpView *self,
                              guint64     address)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  guint64 start = 0;

  g_return_val_if_fail (PM_IS_DUMP_VIEW (self), FALSE);

  if (self->dump == NULL)
    return FALSE;

  adw_view_stack_set_visible_child_name (self->stack, "memory");
  bytes = pm_dump_dup_memory_at (self->dump, address, &start);
  if (bytes == NULL)
    {
      g_autofree char *where = pm_dump_format_address (self->dump, address);
      text = g_strdup_printf (_("The dump holds no memory at %s."), where);
      gtk_label_set_text (self->memory_status, text);
      pm_dump_view_queue_damage_check (self);
      return FALSE;
    }

  pm_hex_view_set_bytes (self->memory_hex, bytes, start, pm_dump_is_64bit (self->dump));
  pm_hex_view_scroll_to_address (self->memory_hex, address);
  {
    g_autofree char *where = pm_dump_describe_address (self->dump, address);
    g_autofree char *from = pm_dump_format_address (self->dump, start);
    g_autofree char *size = g_format_size (g_bytes_get_size (bytes));
    text = g_strdup_printf (_("%s, in the range captured from %s (%s)"), where, from, size);
  }
  gtk_label_set_text (self->memory_status, text);
  pm_dump_view_queue_damage_check (self);
  return TRUE;
}

static void
pm_dump_view_jump_cb (PmDumpView *self,
                      GtkWidget  *widget)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->address_entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  guint64 address;
  char *end = NULL;

  if (self->dump == NULL)
    return;

  /* Addresses are hex, with or without 0x. */
  if (g_str_has_prefix (trimmed, "0x") || g_str_has_prefix (trimmed, "0X"))
    address = g_ascii_strtoull (trimmed + 2, &end, 16);
  else
    address = g_ascii_strtoull (trimmed, &end, 16);

  if (*trimmed == '\0' || end == NULL || *end != '\0')
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not an address: write it in hexadecimal, like 0x7ffd12345678."), trimmed);
      gtk_label_set_text (self->memory_status, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->address_entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_entry), "error");
  pm_dump_view_jump_to_address (self, address);
}

/* --- Streams page ------------------------------------------------------------- */

static void
add_table_row (GtkListBox *table,
               const char *key,
               gsize       key_len,
               const char *value,
               gsize       value_len)
{
  g_autofree char *k = g_utf8_make_valid (key, (gssize) key_len);
  g_autofree char *v = g_utf8_make_valid (value, (gssize) value_len);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = pm_value_label_new (v, FALSE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), k);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (table, row);
}

static void
pm_dump_view_clear_table (PmDumpView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stream_table))) != NULL)
    gtk_list_box_remove (self->stream_table, child);
}

static guint
add_dictionary_rows (PmDumpView   *self,
                     PmMdLocation  loc)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  gsize n = pm_minidump_dictionary_size (md, loc);
  guint added = 0;

  for (gsize i = 0; i < n; i++)
    {
      const char *key, *value;
      size_t key_len, value_len;

      if (pm_minidump_dictionary_get (md, loc, i, &key, &key_len, &value, &value_len) == PM_MD_OK)
        {
          add_table_row (self->stream_table, key, key_len, value, value_len);
          added++;
        }
    }
  return added;
}

static gboolean
pm_dump_view_show_annotations (PmDumpView *self,
                               guint32     type)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  guint added = 0;

  pm_dump_view_clear_table (self);

  if (type == PM_MD_STREAM_CRASHPAD_INFO)
    {
      PmMdCrashpadInfo info;
      gsize n_modules;

      if (pm_minidump_get_crashpad_info (md, &info) != PM_MD_OK)
        return FALSE;
      added += add_dictionary_rows (self, info.simple_annotations);

      n_modules = pm_minidump_get_n_crashpad_modules (md);
      for (gsize m = 0; m < n_modules; m++)
        {
          PmMdModuleCrashpadInfo module_info;
          uint32_t module_index;
          g_autofree char *path = NULL;
          g_autofree char *base = NULL;

          if (pm_minidump_get_crashpad_module (md, m, &module_index, &module_info) != PM_MD_OK)
            continue;
          path = pm_dump_dup_module_path (self->dump, module_index);
          base = path ? g_path_get_basename (path) : g_strdup_printf ("#%u", module_index);

          for (gsize s = 0; s < pm_minidump_string_list_size (md, module_info.list_annotations); s++)
            {
              const char *str;
              size_t len;
              if (pm_minidump_string_list_get (md, module_info.list_annotations, s, &str, &len) == PM_MD_OK)
                {
                  add_table_row (self->stream_table, base, strlen (base), str, len);
                  added++;
                }
            }
          added += add_dictionary_rows (self, module_info.simple_annotations);
          for (gsize a = 0; a < pm_minidump_annotation_list_size (md, module_info.annotation_objects); a++)
            {
              const char *name;
              size_t name_len, value_len;
              uint16_t atype;
              const uint8_t *value;

              if (pm_minidump_annotation_list_get (md, module_info.annotation_objects, a,
                                                   &name, &name_len, &atype, &value, &value_len) != PM_MD_OK)
                continue;
              /* Type 1 is a string annotation; others are shown as their size. */
              if (atype == 1)
                add_table_row (self->stream_table, name, name_len, (const char *) value, value_len);
              else
                {
                  g_autofree char *desc = g_strdup_printf (_("(%zu bytes of type %u)"), value_len, atype);
                  add_table_row (self->stream_table, name, name_len, desc, strlen (desc));
                }
              added++;
            }
        }
    }
  else if (type == PM_MD_STREAM_POSTMORTEM_INFO)
    {
      PmMdPostmortemInfo info;

      if (pm_minidump_get_postmortem_info (md, &info) != PM_MD_OK)
        return FALSE;
      {
        g_autofree char *pid = g_strdup_printf ("%u", info.process_id);
        g_autofree char *tid = g_strdup_printf ("%u", info.crashing_thread_id);
        g_autofree char *sig = g_strdup_printf ("%d", info.signal_number);
        add_table_row (self->stream_table, "process_id", 10, pid, strlen (pid));
        add_table_row (self->stream_table, "crashing_thread_id", 18, tid, strlen (tid));
        add_table_row (self->stream_table, "signal_number", 13, sig, strlen (sig));
      }
      added += 3 + add_dictionary_rows (self, info.metadata);
    }

  if (added == 0)
    {
      const char *none = _("(no entries)");
      add_table_row (self->stream_table, "", 0, none, strlen (none));
    }
  gtk_stack_set_visible_child_name (self->stream_stack, "table");
  return TRUE;
}

static void
pm_dump_view_show_stream (PmDumpView *self,
                          guint       index)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  PmMdStreamInfo info;
  g_autoptr(GBytes) bytes = NULL;

  if (pm_minidump_get_stream_info (md, index, &info) != PM_MD_OK)
    return;

  if (info.state != PM_MD_STREAM_OK)
    {
      adw_status_page_set_title (self->stream_status, _("Stream Beyond the End of the File"));
      adw_status_page_set_description (self->stream_status,
                                       _("The directory says this stream lies past the end of the file, so it cannot be shown. The file was probably cut short."));
      gtk_stack_set_visible_child_name (self->stream_stack, "none");
      return;
    }

  if ((info.type == PM_MD_STREAM_CRASHPAD_INFO || info.type == PM_MD_STREAM_POSTMORTEM_INFO) &&
      pm_dump_view_show_annotations (self, info.type))
    return;

  bytes = pm_dump_dup_stream (self->dump, index);
  if (bytes == NULL)
    {
      adw_status_page_set_title (self->stream_status, _("Stream Not Shown"));
      adw_status_page_set_description (self->stream_status,
                                       _("Another stream of the same type comes first in the file; only the first one is read."));
      gtk_stack_set_visible_child_name (self->stream_stack, "none");
      return;
    }

  if (stream_is_text (info.type))
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (bytes, &size);
      g_autofree char *text = stream_text (info.type, data, size);

      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->stream_text), text, -1);
      gtk_stack_set_visible_child_name (self->stream_stack, "text");
      return;
    }

  /* Everything else as bytes, offsets from the start of the stream. */
  pm_hex_view_set_bytes (self->stream_hex, bytes, 0, FALSE);
  gtk_stack_set_visible_child_name (self->stream_stack, "hex");
}

static void
streams_selected_cb (PmDumpView         *self,
                     GParamSpec         *pspec,
                     GtkSingleSelection *selection)
{
  guint index = gtk_single_selection_get_selected (selection);

  if (self->dump != NULL && index != GTK_INVALID_LIST_POSITION)
    pm_dump_view_show_stream (self, index);
}

void
pm_dump_view_select_stream (PmDumpView *self,
                            guint       index)
{
  g_return_if_fail (PM_IS_DUMP_VIEW (self));
  gtk_single_selection_set_selected (self->selections[LIST_STREAMS], index);
}

/* --- Overview page ------------------------------------------------------------ */

static AdwPreferencesGroup *
pm_dump_view_add_group (PmDumpView *self,
                        const char *title,
                        const char *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  if (description != NULL)
    adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (self->overview_page, group);
  g_ptr_array_add (self->overview_groups, group);
  return group;
}

static void
pm_dump_view_clear_overview (PmDumpView *self)
{
  for (guint i = 0; i < self->overview_groups->len; i++)
    adw_preferences_page_remove (self->overview_page, g_ptr_array_index (self->overview_groups, i));
  g_ptr_array_set_size (self->overview_groups, 0);
}

static void
show_crashing_thread_cb (GtkButton  *button,
                         PmDumpView *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "pm-thread-index"));

  pm_dump_view_select_thread (self, index);
  adw_view_stack_set_visible_child_name (self->stack, "threads");
}

static void
pm_dump_view_build_overview (PmDumpView *self)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  AdwPreferencesGroup *group;
  PmMdCrashReason reason;
  PmMdSystemInfo sys;
  PmMdHeader header;
  PmMdPostmortemInfo pm_info;
  PmMdMiscInfo misc;
  uint32_t misc_size;
  char buf[1024];
  gsize n_warnings;

  pm_dump_view_clear_overview (self);
  pm_minidump_get_header (md, &header);

  /* What happened, first. */
  if (pm_minidump_get_crash_reason (md, &reason) == PM_MD_OK)
    {
      g_autofree char *code = NULL;
      g_autofree char *address = pm_dump_format_address (self->dump, reason.crash_address);
      g_autofree char *where = NULL;
      g_autofree char *thread = NULL;
      g_autofree char *thread_name = pm_dump_dup_thread_name (self->dump, reason.thread_id);
      const char *meaning = pm_signal_describe (reason.code_name);
      gsize n_threads = pm_minidump_get_n_threads (md);

      if (reason.code_name != NULL && reason.detail_name != NULL)
        code = g_strdup_printf ("%s / %s", reason.code_name, reason.detail_name);
      else if (reason.code_name != NULL)
        code = g_strdup (reason.code_name);
      else
        code = g_strdup_printf ("0x%08x", reason.code);

      /* The instruction is the crashing context's pc: on Linux the exception
       * address is the faulting data address, not where the code was. */
      {
        PmMdExceptionStream exception;
        PmMdContext context;

        if (pm_minidump_get_exception (md, &exception) == PM_MD_OK &&
            pm_minidump_read_context (md, exception.thread_context, &context) == PM_MD_OK)
          where = pm_dump_describe_address (self->dump, context.pc);
      }

      if (thread_name != NULL)
        thread = g_strdup_printf ("%u (%s)", reason.thread_id, thread_name);
      else
        thread = g_strdup_printf ("%u", reason.thread_id);

      group = pm_dump_view_add_group (self, _("Crash"), meaning);
      adw_preferences_group_add (group, pm_info_row_new (_("Reason"), code, TRUE, TRUE));
      adw_preferences_group_add (group, pm_info_row_new (_("Crash Address"), address, TRUE, TRUE));
      adw_preferences_group_add (group, pm_info_row_new (_("Instruction"), where, TRUE, TRUE));
      adw_preferences_group_add (group, pm_info_row_new (_("Crashing Thread"), thread, TRUE, FALSE));

      for (gsize i = 0; i < n_threads; i++)
        {
          PmMdThreadRecord record;

          if (pm_minidump_get_thread (md, i, &record) == PM_MD_OK && record.thread_id == reason.thread_id)
            {
              GtkWidget *row = adw_action_row_new ();
              GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Show Crashing Thread’s Registers and Stack"));
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
              gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
              g_object_set_data (G_OBJECT (row), "pm-thread-index", GUINT_TO_POINTER ((guint) i));
              g_signal_connect_object (row, "activated", G_CALLBACK (show_crashing_thread_cb), self, 0);
              adw_preferences_group_add (group, row);
              break;
            }
        }
    }
  else
    {
      group = pm_dump_view_add_group (self, _("Crash"), NULL);
      adw_preferences_group_add (group, pm_info_row_new (_("Reason"), _("No exception: this dump was taken from a running process."), FALSE, FALSE));
    }

  /* The system. */
  group = pm_dump_view_add_group (self, _("System"), NULL);
  if (pm_minidump_get_system_info (md, &sys) == PM_MD_OK)
    {
      const char *os = pm_md_os_name (sys.platform_id);
      const char *arch = pm_md_cpu_arch_name (sys.processor_architecture);
      g_autofree char *os_text = NULL;
      g_autofree char *cpus = g_strdup_printf ("%u", sys.number_of_processors);

      if (pm_minidump_format_os_version (md, buf, sizeof buf) == PM_MD_OK)
        os_text = g_strdup_printf ("%s %s", os ? os : _("Unknown system"), buf);
      else
        os_text = g_strdup (os ? os : _("Unknown system"));
      adw_preferences_group_add (group, pm_info_row_new (_("Operating System"), os_text, FALSE, TRUE));
      adw_preferences_group_add (group, pm_info_row_new (_("Architecture"), arch ? arch : _("Unknown"), FALSE, FALSE));
      if (pm_minidump_format_cpu_info (md, buf, sizeof buf) == PM_MD_OK)
        adw_preferences_group_add (group, pm_info_row_new (_("Processor"), buf, FALSE, FALSE));
      adw_preferences_group_add (group, pm_info_row_new (_("Processors"), cpus, FALSE, FALSE));
    }
  else
    adw_preferences_group_add (group, pm_info_row_new (_("Operating System"), _("Not recorded in this dump"), FALSE, FALSE));

  /* The process. */
  group = pm_dump_view_add_group (self, _("Process"), NULL);
  if (pm_minidump_get_postmortem_info (md, &pm_info) == PM_MD_OK)
    {
      static const char *types[] = { "?", N_("Micro"), N_("Mini"), N_("Heap"), N_("Triage") };
      g_autofree char *pid = g_strdup_printf ("%u", pm_info.process_id);
      const char *type = pm_info.dump_type < G_N_ELEMENTS (types) ? _(types[pm_info.dump_type]) : "?";
      const char *writer;
      size_t writer_len;

      adw_preferences_group_add (group, pm_info_row_new (_("Process ID"), pid, TRUE, FALSE));
      adw_preferences_group_add (group, pm_info_row_new (_("Dump Type"), type, FALSE, FALSE));
      if (pm_info.writer_rva != 0 &&
          pm_minidump_get_utf8_string (md, pm_info.writer_rva, &writer, &writer_len) == PM_MD_OK)
        {
          g_autofree char *w = g_utf8_make_valid (writer, (gssize) writer_len);
          adw_preferences_group_add (group, pm_info_row_new (_("Written By"), w, FALSE, FALSE));
        }
    }
  else if (pm_minidump_get_misc_info (md, &misc, &misc_size) == PM_MD_OK && misc.process_id != 0)
    {
      g_autofree char *pid = g_strdup_printf ("%u", misc.process_id);
      adw_preferences_group_add (group, pm_info_row_new (_("Process ID"), pid, TRUE, FALSE));
    }
  {
    const guint8 *data;
    size_t size;

    if (pm_minidump_get_stream_data (md, PM_MD_STREAM_LINUX_CMD_LINE, &data, &size) == PM_MD_OK && size > 0)
      {
        g_autofree char *cmdline = stream_text (PM_MD_STREAM_LINUX_CMD_LINE, data, MIN (size, 4096));
        adw_preferences_group_add (group, pm_info_row_new (_("Command Line"), cmdline, TRUE, TRUE));
      }
  }

  /* The file. */
  {
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (header.time_date_stamp);
    g_autofree char *when_text = when ? g_date_time_format (when, "%x %X") : NULL;
    g_autofree char *size = g_format_size (pm_minidump_get_file_size (md));
    g_autofree char *counts = g_strdup_printf (_("%zu threads, %zu modules, %zu memory ranges, %zu streams"),
                                               pm_minidump_get_n_threads (md),
                                               pm_minidump_get_n_modules (md),
                                               pm_minidump_get_n_memory_ranges (md),
                                               pm_minidump_get_n_streams (md));

    group = pm_dump_view_add_group (self, _("Minidump"), NULL);
    adw_preferences_group_add (group, pm_info_row_new (_("File"), pm_dump_get_name (self->dump), FALSE, FALSE));
    adw_preferences_group_add (group, pm_info_row_new (_("Size"), size, FALSE, FALSE));
    adw_preferences_group_add (group, pm_info_row_new (_("Written"), when_text, FALSE, FALSE));
    adw_preferences_group_add (group, pm_info_row_new (_("Contents"), counts, FALSE, FALSE));
  }

  /* What the reader could not read: said, never hidden. */
  n_warnings = pm_minidump_get_n_warnings (md);
  if (n_warnings > 0)
    {
      g_autofree char *description =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%zu part of this file is damaged and was skipped.",
                                      "%zu parts of this file are damaged and were skipped.",
                                      n_warnings), n_warnings);

      group = pm_dump_view_add_group (self, _("Problems Reading the File"), description);
      for (gsize i = 0; i < n_warnings && i < PM_MD_MAX_WARNINGS; i++)
        {
          const char *warning = pm_minidump_get_warning (md, i);
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), warning ? warning : "?");
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
          adw_preferences_group_add (group, row);
        }
    }
}

/* --- Public ------------------------------------------------------------------- */

PmDump *
pm_dump_view_get_dump (PmDumpView *self)
{
  g_return_val_if_fail (PM_IS_DUMP_VIEW (self), NULL);
  return self->dump;
}

void
pm_dump_view_set_dump (PmDumpView *self,
                       PmDump     *dump)
{
  PmMinidump *md;

  g_return_if_fail (PM_IS_DUMP_VIEW (self));
  g_return_if_fail (dump == NULL || PM_IS_DUMP (dump));

  if (self->dump == dump)
    return;

  /* Empty every list before the old reader goes. */
  for (guint i = 0; i < N_LISTS; i++)
    pm_index_model_set_n_items (self->models[i], 0);
  pm_dump_view_clear_overview (self);
  pm_dump_view_clear_registers (self);
  pm_dump_view_clear_table (self);
  pm_hex_view_set_bytes (self->stack_hex, NULL, 0, TRUE);
  pm_hex_view_set_bytes (self->memory_hex, NULL, 0, TRUE);
  pm_hex_view_set_bytes (self->stream_hex, NULL, 0, TRUE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->stream_text), "", 0);
  gtk_label_set_text (self->memory_status, "");
  gtk_stack_set_visible_child_name (self->stream_stack, "none");
  adw_status_page_set_title (self->stream_status, _("Select a Stream"));
  adw_status_page_set_description (self->stream_status, NULL);

  g_set_object (&self->dump, dump);
  if (dump == NULL)
    return;

  md = pm_dump_get_reader (dump);
  pm_index_model_set_n_items (self->models[LIST_THREADS], (guint) MIN (pm_minidump_get_n_threads (md), G_MAXUINT));
  pm_index_model_set_n_items (self->models[LIST_MODULES], (guint) MIN (pm_minidump_get_n_modules (md), G_MAXUINT));
  pm_index_model_set_n_items (self->models[LIST_MEMORY], (guint) MIN (pm_minidump_get_n_memory_ranges (md), G_MAXUINT));
  pm_index_model_set_n_items (self->models[LIST_REGIONS], (guint) MIN (pm_minidump_get_n_memory_infos (md), G_MAXUINT));
  pm_index_model_set_n_items (self->models[LIST_STREAMS], (guint) MIN (pm_minidump_get_n_streams (md), G_MAXUINT));
  gtk_stack_set_visible_child_name (self->memory_stack,
                                    pm_minidump_get_n_memory_ranges (md) > 0 || pm_minidump_get_n_memory_infos (md) == 0
                                    ? "captured" : "regions");

  pm_dump_view_build_overview (self);

  /* Start where a developer looks first: the crashing thread. */
  {
    PmMdCrashReason reason;
    gsize n = pm_minidump_get_n_threads (md);
    guint select = 0;

    if (pm_minidump_get_crash_reason (md, &reason) == PM_MD_OK)
      for (gsize i = 0; i < n; i++)
        {
          PmMdThreadRecord record;
          if (pm_minidump_get_thread (md, i, &record) == PM_MD_OK && record.thread_id == reason.thread_id)
            {
              select = (guint) i;
              break;
            }
        }
    if (n > 0)
      pm_dump_view_select_thread (self, select);
  }

  /* And the first captured memory in the hex view, so the Memory page is never blank. */
  if (pm_minidump_get_n_memory_ranges (md) > 0)
    gtk_single_selection_set_selected (self->selections[LIST_MEMORY], 0);
}

AdwViewStack *
pm_dump_view_get_stack (PmDumpView *self)
{
  g_return_val_if_fail (PM_IS_DUMP_VIEW (self), NULL);
  return self->stack;
}

void
pm_dump_view_set_show_switcher (PmDumpView *self,
                                gboolean    show)
{
  g_return_if_fail (PM_IS_DUMP_VIEW (self));
  gtk_widget_set_visible (GTK_WIDGET (self->switcher), show);
}

void
pm_dump_view_set_page (PmDumpView *self,
                       const char *name)
{
  g_return_if_fail (PM_IS_DUMP_VIEW (self));
  adw_view_stack_set_visible_child_name (self->stack, name);
  pm_dump_view_queue_damage_check (self);
}

static void
pm_dump_view_dispose (GObject *object)
{
  PmDumpView *self = PM_DUMP_VIEW (object);

  g_clear_handle_id (&self->damage_check_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), PM_TYPE_DUMP_VIEW);
  /* Children without an id are not cleared by the template: unparent them. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);
  for (guint i = 0; i < N_LISTS; i++)
    {
      g_clear_object (&self->selections[i]);
      g_clear_object (&self->models[i]);
    }
  g_clear_object (&self->dump);
  g_clear_pointer (&self->overview_groups, g_ptr_array_unref);

  G_OBJECT_CLASS (pm_dump_view_parent_class)->dispose (object);
}

static void
pm_dump_view_class_init (PmDumpViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pm_dump_view_dispose;

  g_type_ensure (PM_TYPE_HEX_VIEW);

  /**
   * PmDumpView::file-changed:
   * @message: what to tell the person, naming the file
   *
   * The file shrank or was rewritten while it was shown: what the pages show is no longer
   * the file. Emitted once.
   */
  signals[FILE_CHANGED] = g_signal_new ("file-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/postmortem/Postmortem/pm-dump-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, switcher);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, stack);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, overview_page);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, threads_view);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, registers_grid);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, stack_label);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, stack_hex);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, modules_view);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, address_entry);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, memory_status);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, memory_stack);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, memory_view);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, regions_view);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, memory_hex);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, streams_view);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, stream_stack);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, stream_status);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, stream_text);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, stream_table);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, stream_hex);
  gtk_widget_class_bind_template_callback (widget_class, pm_dump_view_jump_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pm_dump_view_init (PmDumpView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->overview_groups = g_ptr_array_new ();

  pm_dump_view_setup_list (self, LIST_THREADS, self->threads_view);
  pm_dump_view_setup_list (self, LIST_MODULES, self->modules_view);
  pm_dump_view_setup_list (self, LIST_MEMORY, self->memory_view);
  pm_dump_view_setup_list (self, LIST_REGIONS, self->regions_view);
  pm_dump_view_setup_list (self, LIST_STREAMS, self->streams_view);

  g_signal_connect_object (self->selections[LIST_THREADS], "notify::selected",
                           G_CALLBACK (threads_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selections[LIST_MEMORY], "notify::selected",
                           G_CALLBACK (memory_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selections[LIST_REGIONS], "notify::selected",
                           G_CALLBACK (regions_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selections[LIST_STREAMS], "notify::selected",
                           G_CALLBACK (streams_selected_cb), self, G_CONNECT_SWAPPED);

  /* Whatever the person does next reads the file: look at it then. */
  for (guint i = 0; i < N_LISTS; i++)
    g_signal_connect_object (self->selections[i], "notify::selected",
                             G_CALLBACK (pm_dump_view_queue_damage_check), self,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->stack, "notify::visible-child",
                           G_CALLBACK (pm_dump_view_queue_damage_check), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

GtkWidget *
pm_dump_view_new (void)
{
  return g_object_new (PM_TYPE_DUMP_VIEW, NULL);
}
