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

#include "pm-backtrace.h"
#include "pm-debuginfod-bar.h"
#include "pm-dump-view.h"
#include "pm-exception-text.h"
#include "pm-hex-view.h"
#include "pm-info-row.h"
#include "pm-index-model.h"
#include "pm-report-text.h"
#include "pm-stackwalk.h"

typedef enum
{
  LIST_THREADS,
  LIST_MODULES,
  LIST_MEMORY,
  LIST_REGIONS,
  LIST_STREAMS,
  LIST_FRAMES,
  N_LISTS
} ListKind;

static const char *list_names[N_LISTS] = { "threads", "modules", "memory", "regions", "streams", "frames" };

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

/* The selected thread's backtrace (pm-backtrace.h). */
static const ColumnSpec frame_columns[] = {
  { N_("#"), FALSE, FALSE },
  { N_("Function"), FALSE, FALSE },
  { N_("Source"), FALSE, FALSE },
  { N_("Module"), TRUE, FALSE },
  { N_("Found By"), FALSE, TRUE },
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
  { frame_columns, G_N_ELEMENTS (frame_columns) },
};

struct _PmDumpView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *switcher;  /* wide and narrow switchers in a squeezer */
  AdwViewStack       *stack;
  AdwPreferencesPage *overview_page;
  GtkColumnView      *threads_view;
  GtkLabel           *frames_label;
  GtkLabel           *frames_status;
  GtkButton          *copy_backtrace_button;
  PmDebuginfodBar    *debuginfod_bar;
  GtkColumnView      *frames_view;
  GtkLabel           *registers_label;
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
  /* The crashing thread's index in the dump, or -1: the first row of the thread list. */
  gssize              crashing_index;
  /* The thread whose frames are listed, or -1. */
  gssize              shown_thread;
  /* Walked in a worker (pm_backtrace_walk_async); NULL until it is done. */
  PmBacktrace        *backtrace;
  GCancellable       *backtrace_cancellable;
  GtkLabel           *where_label;       /* the Overview's "Where", filled in when walked */
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

/* --- Thread rows ---------------------------------------------------------------- */

/* The thread list starts with the crashing thread; the others keep the dump's order. */
static gsize
thread_index_of_row (PmDumpView *self,
                     guint       row)
{
  if (self->crashing_index < 0)
    return row;
  if (row == 0)
    return (gsize) self->crashing_index;
  return row <= (gsize) self->crashing_index ? row - 1 : row;
}

static guint
row_of_thread_index (PmDumpView *self,
                     gsize       index)
{
  if (self->crashing_index < 0)
    return (guint) index;
  if (index == (gsize) self->crashing_index)
    return 0;
  return (guint) (index < (gsize) self->crashing_index ? index + 1 : index);
}

/* "3060 (0xbf4)": Linux tools print thread ids in decimal, Windows debuggers in hex. */
static char *
thread_id_text (guint32 id)
{
  return g_strdup_printf ("%u (0x%x)", id, id);
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

  if (pm_minidump_get_thread (md, thread_index_of_row (self, row), &thread) != PM_MD_OK)
    return g_strdup (_("(unreadable)"));

  switch (column)
    {
    case 0:
      return thread_id_text (thread.thread_id);
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

/* How a frame was found, in words a developer knows from other debuggers. */
static const char *
frame_trust_text (PmFrameTrust trust)
{
  switch (trust)
    {
    case PM_FRAME_TRUST_CONTEXT: return _("Registers at the crash");
    case PM_FRAME_TRUST_CFI: return _("Call frame information");
    case PM_FRAME_TRUST_FRAME_POINTER: return _("Frame pointer");
    case PM_FRAME_TRUST_SCAN: return _("Stack scan (a guess)");
    /* TRANSLATORS: how a frame was found: a function the compiler inlined at the next frame's address */
    case PM_FRAME_TRUST_INLINE: return _("Inlined (debug information)");
    default: return "?";
    }
}

static const PmStackFrame *
pm_dump_view_get_frame (PmDumpView *self,
                        guint       row)
{
  const PmStackFrames *frames;

  if (self->backtrace == NULL || self->shown_thread < 0)
    return NULL;
  frames = pm_backtrace_get_frames (self->backtrace, (gsize) self->shown_thread, NULL);
  if (frames == NULL || row >= frames->len)
    return NULL;
  return &frames->data[row];
}

static char *
frame_cell (PmDumpView *self,
            guint       column,
            guint       row)
{
  const PmStackFrame *frame = pm_dump_view_get_frame (self, row);

  if (frame == NULL)
    return NULL;
  switch (column)
    {
    case 0:
      return g_strdup_printf ("%u", row);
    case 1:
      return g_strdup (frame->function != NULL ? frame->function : "—");
    case 2:
      if (frame->source_file != NULL)
        {
          g_autofree char *base = g_path_get_basename (frame->source_file);
          return g_strdup_printf ("%s:%d", base, frame->source_line);
        }
      return g_strdup ("—");
    case 3:
      if (frame->module != NULL)
        return g_strdup_printf ("%s+0x%" G_GINT64_MODIFIER "x", frame->module, frame->module_offset);
      return pm_dump_format_address (self->dump, frame->pc);
    case 4:
      return g_strdup (frame_trust_text (frame->trust));
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
        case LIST_FRAMES: return frame_cell (self, column, row);
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
  gboolean    expand;
} CellSpec;

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CellSpec                 *spec)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Addresses, ids, names and sizes are never cut: the list scrolls sideways instead. Only
   * the wide last columns (paths, descriptions) give up their middle to fit. */
  if (spec->monospace)
    gtk_widget_add_css_class (label, "monospace");
  if (spec->expand && !spec->monospace)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);

  /* The crashing thread (the first row) is marked in its id cell. */
  if (spec->kind == LIST_THREADS && spec->column == 0)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "error");
      gtk_widget_set_tooltip_text (icon, _("This thread crashed"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Crashed"), -1);
      gtk_widget_set_visible (icon, FALSE);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_item_set_child (item, box);
      return;
    }
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

  if (GTK_IS_BOX (label))
    {
      gboolean crashed = spec->view->crashing_index >= 0 && row == 0;

      gtk_widget_set_visible (gtk_widget_get_first_child (label), crashed);
      label = gtk_widget_get_last_child (label);
      if (crashed)
        gtk_widget_add_css_class (label, "heading");
      else
        gtk_widget_remove_css_class (label, "heading");
    }
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
      spec->expand = col->expand;
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
add_register_row (PmDumpView *self,
                  int         row,
                  const char *name,
                  guint64     value,
                  guint       width)
{
  g_autofree char *text = NULL;
  GtkWidget *name_label = gtk_label_new (name);

  if (width >= 8)
    text = g_strdup_printf ("0x%016" G_GINT64_MODIFIER "x", value);
  else
    text = g_strdup_printf ("0x%08" G_GINT64_MODIFIER "x", value);
  gtk_label_set_xalign (GTK_LABEL (name_label), 1);
  gtk_widget_add_css_class (name_label, "dim-label");
  gtk_widget_add_css_class (name_label, "monospace");
  gtk_grid_attach (self->registers_grid, name_label, 0, row, 1, 1);
  gtk_grid_attach (self->registers_grid, pm_value_label_new (text, TRUE), 1, row, 1, 1);
}

static void
add_register_note (PmDumpView *self,
                   int         row,
                   const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (self->registers_grid, label, 0, row, 2, 1);
}

/* The stack memory from @sp on, its first row marked: where this frame's stack starts. */
static void
pm_dump_view_show_stack_from (PmDumpView *self,
                              guint64     sp,
                              guint64     fallback_start)
{
  g_autoptr(GBytes) range = NULL;
  g_autoptr(GBytes) stack = NULL;
  guint64 range_start = 0, from;

  range = pm_dump_dup_memory_at (self->dump, sp, &range_start);
  if (range != NULL)
    {
      /* Rows of 16 bytes: start on the row that holds sp. */
      from = MAX (sp & ~(guint64) 15, range_start);
      stack = g_bytes_new_from_bytes (range, (gsize) (from - range_start),
                                      g_bytes_get_size (range) - (gsize) (from - range_start));
    }
  else if (fallback_start != 0)
    stack = pm_dump_dup_memory_at (self->dump, fallback_start, &from);

  if (stack == NULL)
    {
      pm_hex_view_set_bytes (self->stack_hex, NULL, 0, TRUE);
      gtk_label_set_text (self->stack_label, _("Stack Memory (not in the dump)"));
      return;
    }
  pm_hex_view_set_bytes (self->stack_hex, stack, from, pm_dump_is_64bit (self->dump));
  {
    g_autofree char *size = g_format_size (g_bytes_get_size (stack));
    g_autofree char *where = pm_dump_format_address (self->dump, sp);
    g_autofree char *title = NULL;

    if (range != NULL)
      {
        /* TRANSLATORS: "Stack Memory from SP 0x00007ffd… (8.2 kB)" */
        title = g_strdup_printf (_("Stack Memory from SP %s (%s)"), where, size);
        pm_hex_view_set_marker (self->stack_hex, sp, "sp");
        pm_hex_view_scroll_to_address (self->stack_hex, sp);
      }
    else
      title = g_strdup_printf (_("Stack Memory (%s; none captured at SP %s)"), size, where);
    gtk_label_set_text (self->stack_label, title);
  }
}

/* The registers and stack of thread @index at frame @frame_index: frame 0 has every
 * register of the thread's context; a caller has the instruction and stack pointers the
 * walker recovered. Without a backtrace, the thread's context. */
static void
pm_dump_view_show_frame (PmDumpView *self,
                         gsize       index,
                         guint       frame_index)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  PmMdThreadRecord thread;
  PmMdContext context;
  const PmStackFrame *frame = pm_dump_view_get_frame (self, frame_index);
  g_autofree char *heading = NULL;

  pm_dump_view_clear_registers (self);
  pm_hex_view_set_bytes (self->stack_hex, NULL, 0, TRUE);

  if (pm_minidump_get_thread (md, index, &thread) != PM_MD_OK)
    return;

  if (frame != NULL && frame_index > 0)
    {
      gboolean wide = pm_dump_is_64bit (self->dump);
      PmMdCpu cpu = pm_minidump_get_cpu (md);
      /* Each CPU's own names for the program counter and the stack pointer. */
      const char *pc_name = cpu == PM_MD_CPU_AMD64 ? "rip" : cpu == PM_MD_CPU_X86 ? "eip" : "pc";
      const char *sp_name = cpu == PM_MD_CPU_AMD64 ? "rsp" : cpu == PM_MD_CPU_X86 ? "esp" : "sp";

      heading = g_strdup_printf (_("Registers of Frame %u"), frame_index);
      gtk_label_set_text (self->registers_label, heading);
      add_register_row (self, 0, pc_name, frame->pc, wide ? 8 : 4);
      add_register_row (self, 1, sp_name, frame->sp, wide ? 8 : 4);
      add_register_note (self, 2, _("A caller’s other registers are not recovered."));
      pm_dump_view_show_stack_from (self, frame->sp, 0);
      return;
    }

  gtk_label_set_text (self->registers_label, _("Registers"));
  /* The crashing thread's registers are the exception's context (where it faulted), not
   * the thread list's (inside the crash handler), as postmortemctl info and the walker. */
  if (pm_minidump_read_thread_context (md, &thread, &context, NULL) == PM_MD_OK)
    {
      g_autoptr(GArray) regs = pm_dump_list_registers (self->dump, &context);

      for (guint i = 0; i < regs->len; i++)
        {
          const PmRegister *reg = &g_array_index (regs, PmRegister, i);
          add_register_row (self, (int) i, reg->name, reg->value, reg->width);
        }
      pm_dump_view_show_stack_from (self, context.sp, thread.stack_size > 0 ? thread.stack_start : 0);
    }
  else
    {
      add_register_note (self, 0, _("This thread has no readable register context."));
      /* The captured stack, from the thread record. */
      if (thread.stack_size > 0)
        pm_dump_view_show_stack_from (self, thread.stack_start, thread.stack_start);
      else
        gtk_label_set_text (self->stack_label, _("Stack Memory (not in the dump)"));
    }
}

/* The frames list and its heading for the thread shown (self->shown_thread). */
static void
pm_dump_view_update_frames (PmDumpView *self)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  PmMdThreadRecord thread;
  g_autofree char *id = NULL;
  g_autofree char *heading = NULL;
  const char *status = NULL;
  const PmStackFrames *frames = NULL;

  if (self->shown_thread < 0 || pm_minidump_get_thread (md, (gsize) self->shown_thread, &thread) != PM_MD_OK)
    {
      pm_index_model_set_n_items (self->models[LIST_FRAMES], 0);
      return;
    }
  id = thread_id_text (thread.thread_id);
  if (self->shown_thread == self->crashing_index)
    /* TRANSLATORS: the heading of the frames list; %s is "3060 (0xbf4)" */
    heading = g_strdup_printf (_("Backtrace of Thread %s, Which Crashed"), id);
  else
    heading = g_strdup_printf (_("Backtrace of Thread %s"), id);
  gtk_label_set_text (self->frames_label, heading);

  if (self->backtrace == NULL)
    status = _("Finding the backtrace…");
  else
    {
      frames = pm_backtrace_get_frames (self->backtrace, (gsize) self->shown_thread, &status);
      if (frames != NULL)
        status = NULL;
      else if (status == NULL)
        status = _("No backtrace for this thread.");
    }
  gtk_label_set_text (self->frames_status, status != NULL ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->frames_status), status != NULL);

  pm_index_model_set_n_items (self->models[LIST_FRAMES], 0);
  pm_index_model_set_n_items (self->models[LIST_FRAMES], frames != NULL ? frames->len : 0);
}

static void
pm_dump_view_show_thread (PmDumpView *self,
                          gsize       index)
{
  self->shown_thread = (gssize) index;
  pm_dump_view_update_frames (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->models[LIST_FRAMES])) > 0)
    {
      /* Selecting frame 0 shows its registers (frames_selected_cb). */
      gtk_single_selection_set_selected (self->selections[LIST_FRAMES], GTK_INVALID_LIST_POSITION);
      gtk_single_selection_set_selected (self->selections[LIST_FRAMES], 0);
    }
  else
    pm_dump_view_show_frame (self, index, 0);
}

static void
threads_selected_cb (PmDumpView         *self,
                     GParamSpec         *pspec,
                     GtkSingleSelection *selection)
{
  guint row = gtk_single_selection_get_selected (selection);

  if (self->dump != NULL && row != GTK_INVALID_LIST_POSITION)
    pm_dump_view_show_thread (self, thread_index_of_row (self, row));
}

static void
frames_selected_cb (PmDumpView         *self,
                    GParamSpec         *pspec,
                    GtkSingleSelection *selection)
{
  guint row = gtk_single_selection_get_selected (selection);

  if (self->dump != NULL && self->shown_thread >= 0 && row != GTK_INVALID_LIST_POSITION)
    pm_dump_view_show_frame (self, (gsize) self->shown_thread, row);
}

void
pm_dump_view_select_thread (PmDumpView *self,
                            guint       index)
{
  g_return_if_fail (PM_IS_DUMP_VIEW (self));
  gtk_single_selection_set_selected (self->selections[LIST_THREADS], row_of_thread_index (self, index));
}

void
pm_dump_view_select_frame (PmDumpView *self,
                           guint       frame)
{
  g_return_if_fail (PM_IS_DUMP_VIEW (self));
  gtk_single_selection_set_selected (self->selections[LIST_FRAMES], frame);
}

PmBacktrace *
pm_dump_view_get_backtrace (PmDumpView *self)
{
  g_return_val_if_fail (PM_IS_DUMP_VIEW (self), NULL);
  return self->backtrace;
}

char *
pm_dump_view_dup_backtrace_text (PmDumpView *self)
{
  g_return_val_if_fail (PM_IS_DUMP_VIEW (self), NULL);
  return self->backtrace != NULL ? pm_backtrace_dup_crash_text (self->backtrace) : NULL;
}

static void
pm_dump_view_copy_backtrace_cb (PmDumpView *self,
                                GtkButton  *button)
{
  g_autofree char *text = pm_dump_view_dup_backtrace_text (self);

  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

/* "in count_words, pm-demo-crasher.c line 58, called from main" on the Overview. */
static void
pm_dump_view_update_where (PmDumpView *self)
{
  g_autofree char *where = NULL;

  if (self->where_label == NULL)
    return;
  if (self->backtrace == NULL)
    where = g_strdup (_("Finding the backtrace…"));
  else if (pm_backtrace_get_error (self->backtrace) != NULL)
    where = g_strdup (pm_backtrace_get_error (self->backtrace));
  else
    {
      where = pm_backtrace_dup_crash_summary (self->backtrace);
      if (where == NULL && self->crashing_index >= 0)
        {
          const PmStackFrames *frames = pm_backtrace_get_frames (self->backtrace, (gsize) self->crashing_index, NULL);

          if (frames != NULL && frames->len > 0)
            {
              g_autofree char *address = pm_dump_describe_address (self->dump, frames->data[0].pc);
              /* TRANSLATORS: where a program crashed, without symbols: "in libfoo.so+0x1234" */
              where = g_strdup_printf (_("in %s"), address);
            }
        }
      if (where == NULL)
        where = g_strdup (_("Not known: the crashing thread’s stack could not be walked."));
    }
  gtk_label_set_text (self->where_label, where);
}

static void
backtrace_walked_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PmDumpView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PmBacktrace) backtrace = pm_backtrace_walk_finish (result, &error);

  /* A later dump (or none) is shown now: this walk is not for it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->dump == NULL)
    return;
  g_clear_object (&self->backtrace_cancellable);
  if (backtrace == NULL)
    /* The file could not be opened a second time: say why where the frames would be. */
    backtrace = pm_backtrace_new_failed (error->message);
  /* A walk again after symbols were downloaded replaces the first one. */
  g_clear_pointer (&self->backtrace, pm_backtrace_unref);
  self->backtrace = g_steal_pointer (&backtrace);
  pm_debuginfod_bar_offer (self->debuginfod_bar, pm_backtrace_get_missing_debuginfo (self->backtrace));
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_backtrace_button),
                            self->crashing_index >= 0 && pm_backtrace_get_error (self->backtrace) == NULL);
  pm_dump_view_update_where (self);
  if (self->shown_thread >= 0)
    pm_dump_view_show_thread (self, (gsize) self->shown_thread);
  pm_dump_view_queue_damage_check (self);
}

/* Debug files arrived in the cache: the same dump is walked again, and the
 * frames they name replace the old ones when the walk is done. */
static void
pm_dump_view_debuginfod_downloaded_cb (PmDumpView *self)
{
  if (self->dump == NULL)
    return;
  g_cancellable_cancel (self->backtrace_cancellable);
  g_clear_object (&self->backtrace_cancellable);
  self->backtrace_cancellable = g_cancellable_new ();
  pm_backtrace_walk_async (self->dump, self->backtrace_cancellable, backtrace_walked_cb, g_object_ref (self));
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
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  /* The value takes the row's free width before it wraps. */
  gtk_widget_set_hexpand (label, TRUE);
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
add_field (PmDumpView *self,
           const char *title,
           char       *value)   /* taken */
{
  add_table_row (self->stream_table, title, strlen (title), value, strlen (value));
  g_free (value);
}

static char *
hex32 (guint32 value)
{
  return g_strdup_printf ("0x%08x", value);
}

static char *
decimal (guint64 value)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, value);
}

static void
show_stream_bytes_cb (GtkButton  *button,
                      PmDumpView *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "pm-stream-index"));
  g_autoptr(GBytes) bytes = self->dump != NULL ? pm_dump_dup_stream (self->dump, index) : NULL;

  if (bytes == NULL)
    return;
  pm_hex_view_set_bytes (self->stream_hex, bytes, 0, FALSE);
  gtk_stack_set_visible_child_name (self->stream_stack, "hex");
}

/* The Exception stream as labelled fields. */
static gboolean
add_exception_fields (PmDumpView *self)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  PmMdExceptionStream ex;
  PmMdCrashReason reason;
  const char *meaning = NULL;

  if (pm_minidump_get_exception (md, &ex) != PM_MD_OK)
    return FALSE;
  if (pm_minidump_get_crash_reason (md, &reason) != PM_MD_OK)
    memset (&reason, 0, sizeof reason);
  meaning = pm_exception_describe (reason.code_name);

  add_field (self, _("Thread"), thread_id_text (ex.thread_id));
  if (reason.code_name != NULL)
    add_field (self, _("Exception Code"), g_strdup_printf ("%s (0x%08x)", reason.code_name, ex.exception_record.exception_code));
  else
    add_field (self, _("Exception Code"), hex32 (ex.exception_record.exception_code));
  if (meaning != NULL)
    add_field (self, _("Meaning"), g_strdup (meaning));
  if (reason.detail_name != NULL)
    add_field (self, _("Detail"), g_strdup_printf ("%s (0x%08x)", reason.detail_name, ex.exception_record.exception_flags));
  else
    add_field (self, _("Exception Flags"), hex32 (ex.exception_record.exception_flags));
  add_field (self, _("Exception Address"), pm_dump_format_address (self->dump, ex.exception_record.exception_address));
  if (reason.crash_address != reason.address)
    add_field (self, _("Crash Address"), pm_dump_format_address (self->dump, reason.crash_address));
  if (ex.exception_record.exception_record != 0)
    add_field (self, _("Chained Record"), pm_dump_format_address (self->dump, ex.exception_record.exception_record));
  add_field (self, _("Parameters"), decimal (ex.exception_record.number_parameters));
  for (guint i = 0; i < MIN (ex.exception_record.number_parameters, PM_MD_EXCEPTION_MAXIMUM_PARAMETERS); i++)
    {
      g_autofree char *title = g_strdup_printf (_("Parameter %u"), i);
      add_field (self, title, g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", ex.exception_record.exception_information[i]));
    }
  {
    g_autofree char *where = g_strdup_printf (_("%u bytes at offset 0x%x"), ex.thread_context.data_size, ex.thread_context.rva);
    add_field (self, _("Context"), g_steal_pointer (&where));
  }
  return TRUE;
}

/* The SystemInfo stream as labelled fields. */
static gboolean
add_system_info_fields (PmDumpView *self)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  PmMdSystemInfo sys;
  const char *os, *arch;
  char buf[1024];

  if (pm_minidump_get_system_info (md, &sys) != PM_MD_OK)
    return FALSE;
  os = pm_md_os_name (sys.platform_id);
  arch = pm_md_cpu_arch_name (sys.processor_architecture);
  add_field (self, _("Operating System"), g_strdup_printf ("%s (0x%x)", os != NULL ? os : _("Unknown"), sys.platform_id));
  add_field (self, _("Version"), g_strdup_printf ("%u.%u.%u", sys.major_version, sys.minor_version, sys.build_number));
  if (pm_minidump_read_string (md, sys.csd_version_rva, buf, sizeof buf, NULL) == PM_MD_OK && buf[0] != '\0')
    add_field (self, _("Version Details"), g_strdup (buf));
  add_field (self, _("Product Type"), decimal (sys.product_type));
  add_field (self, _("Suite Mask"), g_strdup_printf ("0x%04x", sys.suite_mask));
  add_field (self, _("Architecture"), g_strdup_printf ("%s (%u)", arch != NULL ? arch : _("Unknown"), sys.processor_architecture));
  add_field (self, _("Processor Level"), decimal (sys.processor_level));
  add_field (self, _("Processor Revision"), g_strdup_printf ("0x%04x", sys.processor_revision));
  add_field (self, _("Processors"), decimal (sys.number_of_processors));
  if (pm_minidump_format_cpu_info (md, buf, sizeof buf) == PM_MD_OK)
    add_field (self, _("Processor"), g_strdup (buf));
  if (sys.processor_architecture == PM_MD_CPU_ARCH_X86 || sys.processor_architecture == PM_MD_CPU_ARCH_AMD64)
    {
      add_field (self, _("CPUID Version"), hex32 (sys.cpu.x86.version_information));
      add_field (self, _("CPUID Features"), hex32 (sys.cpu.x86.feature_information));
      add_field (self, _("AMD Extended Features"), hex32 (sys.cpu.x86.amd_extended_cpu_features));
    }
  else
    add_field (self, _("Processor Features"),
               g_strdup_printf ("0x%016" G_GINT64_MODIFIER "x 0x%016" G_GINT64_MODIFIER "x",
                                sys.cpu.other.processor_features[0], sys.cpu.other.processor_features[1]));
  return TRUE;
}

/* The MiscInfo stream as labelled fields: only those its flags say are valid. */
static gboolean
add_misc_info_fields (PmDumpView *self)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  PmMdMiscInfo misc;
  uint32_t size;

  if (pm_minidump_get_misc_info (md, &misc, &size) != PM_MD_OK)
    return FALSE;
  add_field (self, _("Size"), g_strdup_printf (_("%u bytes"), size));
  add_field (self, _("Flags"), hex32 (misc.flags1));
  if (misc.flags1 & PM_MD_MISC1_PROCESS_ID)
    add_field (self, _("Process ID"), decimal (misc.process_id));
  if (misc.flags1 & PM_MD_MISC1_PROCESS_TIMES)
    {
      g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (misc.process_create_time);

      add_field (self, _("Process Started"),
                 created != NULL ? g_date_time_format (created, "%Y-%m-%d %H:%M:%S UTC") : decimal (misc.process_create_time));
      add_field (self, _("User Time"), g_strdup_printf (_("%u s"), misc.process_user_time));
      add_field (self, _("Kernel Time"), g_strdup_printf (_("%u s"), misc.process_kernel_time));
    }
  if (misc.flags1 & PM_MD_MISC1_PROCESSOR_POWER_INFO)
    {
      add_field (self, _("Processor Maximum"), g_strdup_printf (_("%u MHz"), misc.processor_max_mhz));
      add_field (self, _("Processor Current"), g_strdup_printf (_("%u MHz"), misc.processor_current_mhz));
      add_field (self, _("Processor Limit"), g_strdup_printf (_("%u MHz"), misc.processor_mhz_limit));
    }
  if (misc.flags1 & PM_MD_MISC3_PROCESS_INTEGRITY)
    add_field (self, _("Integrity Level"), hex32 (misc.process_integrity_level));
  if (misc.flags1 & PM_MD_MISC3_PROCESS_EXECUTE_FLAGS)
    add_field (self, _("Execute Flags"), hex32 (misc.process_execute_flags));
  if (misc.flags1 & PM_MD_MISC3_PROTECTED_PROCESS)
    add_field (self, _("Protected Process"), decimal (misc.protected_process));
  if (misc.flags1 & PM_MD_MISC3_TIMEZONE)
    add_field (self, _("Time Zone ID"), decimal (misc.time_zone_id));
  if (misc.flags1 & PM_MD_MISC4_BUILDSTRING)
    {
      char build[1024];

      pm_md_utf16_to_utf8 (misc.build_string, G_N_ELEMENTS (misc.build_string), build, sizeof build);
      add_field (self, _("System Build"), g_strdup (build));
      pm_md_utf16_to_utf8 (misc.dbg_bld_str, G_N_ELEMENTS (misc.dbg_bld_str), build, sizeof build);
      add_field (self, _("Debugger Build"), g_strdup (build));
    }
  if (misc.flags1 & PM_MD_MISC5_PROCESS_COOKIE)
    add_field (self, _("Process Cookie"), hex32 (misc.process_cookie));
  return TRUE;
}

/* Exception, SystemInfo and MiscInfo as labelled fields, the bytes one click away. */
static gboolean
pm_dump_view_show_decoded (PmDumpView *self,
                           guint       index,
                           guint32     type)
{
  gboolean shown;

  pm_dump_view_clear_table (self);
  switch (type)
    {
    case PM_MD_STREAM_EXCEPTION: shown = add_exception_fields (self); break;
    case PM_MD_STREAM_SYSTEM_INFO: shown = add_system_info_fields (self); break;
    case PM_MD_STREAM_MISC_INFO: shown = add_misc_info_fields (self); break;
    default: shown = FALSE;
    }
  if (!shown)
    return FALSE;
  {
    GtkWidget *row = adw_action_row_new ();
    GtkWidget *button = gtk_button_new_with_mnemonic (_("Show _Bytes"));

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Raw Bytes"));
    gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
    g_object_set_data (G_OBJECT (button), "pm-stream-index", GUINT_TO_POINTER (index));
    g_signal_connect_object (button, "clicked", G_CALLBACK (show_stream_bytes_cb), self, 0);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
    gtk_list_box_append (self->stream_table, row);
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
  /* The first stream of its type is the one the reader decodes; a duplicate is bytes. */
  if ((info.type == PM_MD_STREAM_EXCEPTION || info.type == PM_MD_STREAM_SYSTEM_INFO ||
       info.type == PM_MD_STREAM_MISC_INFO) && (bytes = pm_dump_dup_stream (self->dump, index)) != NULL &&
      pm_dump_view_show_decoded (self, index, info.type))
    return;
  g_clear_pointer (&bytes, g_bytes_unref);

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
  self->where_label = NULL;
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

/* A damaged file explains everything missing below it: said first, in plain words; the
 * reader's list of problems (offsets, sizes) is at the end of the page. */
static void
pm_dump_view_add_damage_summary (PmDumpView *self)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  gsize n_streams = pm_minidump_get_n_streams (md);
  gsize beyond = 0;
  g_autofree char *text = NULL;

  if (pm_minidump_get_n_warnings (md) == 0)
    return;
  for (gsize i = 0; i < n_streams; i++)
    {
      PmMdStreamInfo info;

      if (pm_minidump_get_stream_info (md, i, &info) == PM_MD_OK && info.state != PM_MD_STREAM_OK)
        beyond++;
    }
  if (beyond > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The file is cut short: it ends before %zu of its %zu parts, "
                                         "so what they held is missing from the pages. It was probably not "
                                         "completely written or copied.",
                                         "The file is cut short: it ends before %zu of its %zu parts, "
                                         "so what they held is missing from the pages. It was probably not "
                                         "completely written or copied.",
                                         beyond), beyond, n_streams);
  else
    text = g_strdup (_("Parts of the file are damaged and were skipped, so what they held is missing "
                       "from the pages. The problems are listed at the end of this page."));
  pm_dump_view_add_group (self, _("Damaged File"), text);
}

/* What the reader could not read: said, never hidden. */
static void
pm_dump_view_add_problems (PmDumpView *self)
{
  PmMinidump *md = pm_dump_get_reader (self->dump);
  gsize n_warnings = pm_minidump_get_n_warnings (md);
  AdwPreferencesGroup *group;

  if (n_warnings == 0)
    return;
  {
    g_autofree char *description =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "%zu part of this file is damaged and was skipped.",
                                    "%zu parts of this file are damaged and were skipped.",
                                    n_warnings), n_warnings);

    group = pm_dump_view_add_group (self, _("Problems Reading the File"), description);
  }
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

/* Whether the stream directory names an Exception stream, readable or not. */
static gboolean
directory_lists_exception (PmMinidump *md)
{
  for (gsize i = 0, n = pm_minidump_get_n_streams (md); i < n; i++)
    {
      PmMdStreamInfo info;

      if (pm_minidump_get_stream_info (md, i, &info) == PM_MD_OK && info.type == PM_MD_STREAM_EXCEPTION)
        return TRUE;
    }
  return FALSE;
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

  pm_dump_view_clear_overview (self);
  pm_minidump_get_header (md, &header);
  pm_dump_view_add_damage_summary (self);

  /* What happened, first. */
  if (pm_minidump_get_crash_reason (md, &reason) == PM_MD_OK)
    {
      g_autofree char *code = NULL;
      g_autofree char *address = pm_dump_format_address (self->dump, reason.crash_address);
      g_autofree char *where = NULL;
      g_autofree char *thread = NULL;
      g_autofree char *thread_name = pm_dump_dup_thread_name (self->dump, reason.thread_id);
      /* Plain words for Linux signals, Windows exception codes and Mach exceptions. */
      const char *meaning = pm_exception_describe (reason.code_name);
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

      {
        g_autofree char *id = thread_id_text (reason.thread_id);

        if (thread_name != NULL)
          thread = g_strdup_printf ("%s, %s", id, thread_name);
        else
          thread = g_steal_pointer (&id);
      }

      group = pm_dump_view_add_group (self, _("Crash"), meaning);
      /* Where, in words, from the backtrace: filled in when the worker is done. */
      {
        GtkWidget *row = adw_action_row_new ();
        GtkWidget *label = gtk_label_new (NULL);

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Where"));
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
        gtk_label_set_selectable (GTK_LABEL (label), TRUE);
        gtk_label_set_xalign (GTK_LABEL (label), 1);
        gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
        gtk_widget_set_hexpand (label, TRUE);
        gtk_widget_set_margin_top (label, 6);
        gtk_widget_set_margin_bottom (label, 6);
        gtk_widget_set_name (label, "pm-crash-where");
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        gtk_accessible_update_relation (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
        adw_preferences_group_add (group, row);
        self->where_label = GTK_LABEL (label);
        pm_dump_view_update_where (self);
      }
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
      const char *reason_text;

      /* "Taken from a running process" only when the file is whole: a damaged or cut
       * file may simply have lost its crash details. */
      if (directory_lists_exception (md))
        reason_text = _("The crash details are in a damaged part of the file and cannot be read.");
      else if (pm_minidump_get_n_warnings (md) > 0)
        reason_text = _("No crash details: the file is damaged, and they may have been lost with the damaged part.");
      else
        reason_text = _("No exception: this dump was taken from a running process.");
      group = pm_dump_view_add_group (self, _("Crash"), NULL);
      adw_preferences_group_add (group, pm_info_row_new (_("Reason"), reason_text, FALSE, FALSE));
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
  {
    gboolean have_pid = TRUE;
    const guint8 *data;
    size_t size;

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
    else
      have_pid = FALSE;

    if (pm_minidump_get_stream_data (md, PM_MD_STREAM_LINUX_CMD_LINE, &data, &size) == PM_MD_OK && size > 0)
      {
        g_autofree char *cmdline = stream_text (PM_MD_STREAM_LINUX_CMD_LINE, data, MIN (size, 4096));
        adw_preferences_group_add (group, pm_info_row_new (_("Command Line"), cmdline, TRUE, TRUE));
      }
    /* An empty group reads as a rendering fault: say there is nothing. */
    else if (!have_pid)
      adw_preferences_group_add (group, pm_info_row_new (_("Process ID"), _("Not recorded in this dump"), FALSE, FALSE));
  }

  /* The file. */
  {
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (header.time_date_stamp);
    g_autofree char *when_text = pm_format_date_time (when);
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


  pm_dump_view_add_problems (self);
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
  g_cancellable_cancel (self->backtrace_cancellable);
  g_clear_object (&self->backtrace_cancellable);
  g_clear_pointer (&self->backtrace, pm_backtrace_unref);
  pm_debuginfod_bar_reset (self->debuginfod_bar);
  self->crashing_index = -1;
  self->shown_thread = -1;
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_backtrace_button), FALSE);
  gtk_label_set_text (self->frames_label, _("Backtrace"));
  gtk_widget_set_visible (GTK_WIDGET (self->frames_status), FALSE);
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
  {
    PmMdCrashReason reason;
    gsize n = pm_minidump_get_n_threads (md);

    if (pm_minidump_get_crash_reason (md, &reason) == PM_MD_OK)
      for (gsize i = 0; i < n; i++)
        {
          PmMdThreadRecord record;
          if (pm_minidump_get_thread (md, i, &record) == PM_MD_OK && record.thread_id == reason.thread_id)
            {
              self->crashing_index = (gssize) i;
              break;
            }
        }
  }
  /* The backtraces are walked in a worker: the pages show at once and fill in. */
  self->backtrace_cancellable = g_cancellable_new ();
  pm_backtrace_walk_async (dump, self->backtrace_cancellable, backtrace_walked_cb, g_object_ref (self));

  pm_index_model_set_n_items (self->models[LIST_THREADS], (guint) MIN (pm_minidump_get_n_threads (md), G_MAXUINT));
  pm_index_model_set_n_items (self->models[LIST_MODULES], (guint) MIN (pm_minidump_get_n_modules (md), G_MAXUINT));
  pm_index_model_set_n_items (self->models[LIST_MEMORY], (guint) MIN (pm_minidump_get_n_memory_ranges (md), G_MAXUINT));
  pm_index_model_set_n_items (self->models[LIST_REGIONS], (guint) MIN (pm_minidump_get_n_memory_infos (md), G_MAXUINT));
  pm_index_model_set_n_items (self->models[LIST_STREAMS], (guint) MIN (pm_minidump_get_n_streams (md), G_MAXUINT));
  gtk_stack_set_visible_child_name (self->memory_stack,
                                    pm_minidump_get_n_memory_ranges (md) > 0 || pm_minidump_get_n_memory_infos (md) == 0
                                    ? "captured" : "regions");

  pm_dump_view_build_overview (self);

  /* Start where a developer looks first: the crashing thread, the first row. */
  if (pm_minidump_get_n_threads (md) > 0)
    gtk_single_selection_set_selected (self->selections[LIST_THREADS], 0);

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
  g_cancellable_cancel (self->backtrace_cancellable);
  g_clear_object (&self->backtrace_cancellable);
  g_clear_pointer (&self->backtrace, pm_backtrace_unref);
  self->where_label = NULL;
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
  g_type_ensure (PM_TYPE_DEBUGINFOD_BAR);

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
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, frames_label);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, frames_status);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, copy_backtrace_button);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, debuginfod_bar);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, frames_view);
  gtk_widget_class_bind_template_child (widget_class, PmDumpView, registers_label);
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
  gtk_widget_class_bind_template_callback (widget_class, pm_dump_view_copy_backtrace_cb);
  gtk_widget_class_bind_template_callback (widget_class, pm_dump_view_debuginfod_downloaded_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
pm_dump_view_init (PmDumpView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->overview_groups = g_ptr_array_new ();
  self->crashing_index = -1;
  self->shown_thread = -1;

  pm_dump_view_setup_list (self, LIST_THREADS, self->threads_view);
  pm_dump_view_setup_list (self, LIST_MODULES, self->modules_view);
  pm_dump_view_setup_list (self, LIST_MEMORY, self->memory_view);
  pm_dump_view_setup_list (self, LIST_REGIONS, self->regions_view);
  pm_dump_view_setup_list (self, LIST_STREAMS, self->streams_view);
  pm_dump_view_setup_list (self, LIST_FRAMES, self->frames_view);

  g_signal_connect_object (self->selections[LIST_THREADS], "notify::selected",
                           G_CALLBACK (threads_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selections[LIST_FRAMES], "notify::selected",
                           G_CALLBACK (frames_selected_cb), self, G_CONNECT_SWAPPED);
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
