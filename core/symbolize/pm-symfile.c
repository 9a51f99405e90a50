/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-symfile.c — reading and looking up Breakpad symbol files (pm-symfile.h).
 *
 * Runs in: postmortemctl and the application's backtrace worker. Calls libc
 * only (GLib's types and macros, none of its functions): `postmortemctl info
 * --symbols` reads symbol files without loading GLib (pm-xalloc.h says why).
 * Running out of memory aborts, as in GLib.
 *
 * One pass over the lines fills sorted arrays (functions with their inline
 * records, public symbols, CFI ranges with their deltas, WIN records);
 * lookups are binary searches. The file is mapped, never copied or written:
 * records point into it, and a name is copied out (once, NUL-terminated) only
 * when a lookup returns it. Line records, most of a file, are only counted in
 * that pass: a function's lines are read when an address in it is looked up.
 * A file that shrinks while mapped reads as zeros (pm-minidump-guard.h), never
 * a SIGBUS.
 */
#include "pm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pm-minidump-guard.h"
#include "pm-symfile.h"
#include "pm-xalloc.h"

/* A growable array of records of one size: len of them at data, room for
 * allocated. Appending doubles the room when full (realloc moves a large
 * block by remapping its pages, without touching them). */
typedef struct
{
  char  *data;
  guint  len;
  guint  allocated;
  guint  size;                   /* of a record */
} Array;

#define ARRAY_INDEX(a, type, i) (((type *) (void *) (a)->data)[i])
#define ARRAY_APPEND(a, type, value) (*(type *) array_append (a) = (value))

static void
array_grow (Array *a)
{
  guint allocated = a->allocated != 0 ? a->allocated * 2 : 16;
  gsize bytes;

  /* Never with a file under 2 GiB: treated as running out of memory. */
  if (allocated <= a->allocated || __builtin_mul_overflow ((gsize) allocated, (gsize) a->size, &bytes))
    abort ();
  a->data = pm_xrealloc (a->data, bytes);
  a->allocated = allocated;
}

/* Room for one more record at the end of a: where to write it. */
static inline void *
array_append (Array *a)
{
  if (G_UNLIKELY (a->len == a->allocated))
    array_grow (a);
  return a->data + (gsize) a->len++ * a->size;
}

typedef struct
{
  uint64_t    address, size;
  const char *name;
  const char *lines;             /* its first line record's text, or NULL */
  guint       n_lines;
  guint       first_inline, n_inlines;
} Func;

typedef struct
{
  uint64_t    address;
  const char *name;
} Public;

typedef struct
{
  guint depth;
  int   call_line;
  guint call_file;
  guint origin;
  guint first_range, n_ranges;
} Inline;

typedef struct
{
  uint64_t address, size;
} Range;

typedef struct
{
  uint64_t    address, size;
  const char *rules;
  guint       first_delta, n_deltas;
} CfiInit;

typedef struct
{
  uint64_t    address;
  const char *rules;
} CfiDelta;

/* A FILE or INLINE_ORIGIN record: its number and where its name starts in
 * the text (files are under 2 GiB). Eight bytes, in an array sorted by
 * number: a hash table of a few thousand names touched four times the
 * memory, and each fresh page is a page fault. */
typedef struct
{
  guint32 number;
  guint32 name;                  /* offset of the name in the text */
} Named;

/* A STACK WIN record: where it applies; its other fields stay in the text.
 * Sixteen bytes: Windows files hold thousands. */
typedef struct
{
  uint64_t rva;
  guint32  code_size;            /* a PE image is under 4 GiB */
  guint32  fields : 31;          /* offset in the text, from the rva on */
  guint32  frame_data : 1;       /* type 4, else FPO (type 0) */
} Win;

/* A name a lookup returned: where it starts in the text and its
 * NUL-terminated copy. */
typedef struct
{
  const char *text;              /* NULL: a free slot */
  char       *copy;
} NameCopy;

struct _PmSymfile
{
  const char *text;              /* every line ends with '\n', the last too */
  gsize       length;
  gboolean    mapped;            /* text is a mapping (else a copy to free) */
  int         guard;             /* its pm_md_guard slot, or -1 */
  char       *os, *arch, *debug_id, *debug_file;
  Array       files;             /* Named, sorted by number */
  Array       origins;           /* Named, sorted by number */
  /* The names lookups returned, by where they start in the text, so each
   * is copied once: a hash table with open addressing (a power of two of
   * slots, at most half of them used), as names come in lookup order. */
  NameCopy   *names;
  gsize       n_names, names_size;
  Array       funcs;             /* Func, sorted by address */
  Array       inlines;           /* Inline */
  Array       ranges;            /* Range of the inlines */
  Array       publics;           /* Public, sorted */
  Array       cfi;               /* CfiInit, sorted */
  Array       deltas;            /* CfiDelta */
  Array       wins;              /* Win, sorted by rva */
  guint       n_bad;
};

/* ---- parsing ------------------------------------------------------------- */

/* Where a record's text ends: its newline (or a CR before it). */
static inline gboolean
is_line_end (char c)
{
  return c == '\n' || c == '\r' || c == '\0';
}

/* The slot of sym->names that holds the name starting at p, or the free
 * slot where it goes. */
static gsize
find_name_slot (PmSymfile  *sym,
                const char *p)
{
  gsize mask = sym->names_size - 1;
  /* Fibonacci hashing of the offset, folded so the low bits mix the high. */
  uint64_t hash = (uint64_t) (p - sym->text) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  gsize i = (gsize) (hash ^ (hash >> 32)) & mask;

  while (sym->names[i].text != NULL && sym->names[i].text != p)
    i = (i + 1) & mask;
  return i;
}

/* The text at p up to the end of its line, as a NUL-terminated string kept
 * until the file is freed. */
static const char *
line_string (PmSymfile  *sym,
             const char *p)
{
  const char *end = p;
  gsize i;

  if (p == NULL)
    return NULL;
  i = find_name_slot (sym, p);
  if (sym->names[i].text != NULL)
    return sym->names[i].copy;
  if ((sym->n_names + 1) * 2 > sym->names_size)
    {
      /* Twice the slots, every name moved to its place in them. */
      NameCopy *old = sym->names;
      gsize old_size = sym->names_size;

      sym->names_size = old_size * 2;
      sym->names = pm_xcalloc (sym->names_size, sizeof (NameCopy));
      for (gsize k = 0; k < old_size; k++)
        if (old[k].text != NULL)
          sym->names[find_name_slot (sym, old[k].text)] = old[k];
      free (old);
      i = find_name_slot (sym, p);
    }
  while (!is_line_end (*end))
    end++;
  sym->names[i].text = p;
  sym->names[i].copy = pm_xstrndup (p, (gsize) (end - p));
  sym->n_names++;
  return sym->names[i].copy;
}

static const char *
skip_spaces (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

static int
digit_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return 99;
}

/* A number in base (10 or 16) at *p, then the spaces after it; FALSE when *p
 * has none, when it runs into another word or overflows. Written out rather
 * than strtoull: it is most of the time spent reading a symbol file. */
static gboolean
take_number (const char **p,
             guint        base,
             uint64_t    *out)
{
  const char *s = skip_spaces (*p);
  gboolean negative = base == 10 && *s == '-';
  uint64_t value = 0;
  const char *start;
  int d;

  if (negative)
    s++;
  start = s;
  while ((d = digit_value (*s)) < (int) base)
    {
      /* Checked without a division: one per digit was most of this function. */
      if (__builtin_mul_overflow (value, (uint64_t) base, &value)
          || __builtin_add_overflow (value, (uint64_t) d, &value))
        return FALSE;
      s++;
    }
  if (s == start || (*s != ' ' && *s != '\t' && !is_line_end (*s)))
    return FALSE;
  *out = negative ? (uint64_t) 0 - value : value;
  *p = skip_spaces (s);
  return TRUE;
}

static gboolean
has_prefix_word (const char **p,
                 const char  *word)
{
  size_t n = strlen (word);

  if (strncmp (*p, word, n) != 0 || ((*p)[n] != ' ' && !is_line_end ((*p)[n])))
    return FALSE;
  *p = skip_spaces (*p + n);
  return TRUE;
}

/* MODULE os arch id name */
static gboolean
parse_module (PmSymfile  *sym,
              const char *p)
{
  char **fields[] = { &sym->os, &sym->arch, &sym->debug_id };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *end = p;
      while (*end != ' ' && !is_line_end (*end))
        end++;
      if (*end != ' ' || end == p)
        return FALSE;
      *fields[i] = pm_xstrndup (p, (gsize) (end - p));
      p = skip_spaces (end);
    }
  sym->debug_file = pm_xstrdup (line_string (sym, p));
  return TRUE;
}

static gboolean
parse_func (PmSymfile  *sym,
            const char *p)
{
  Func func = { 0 };
  uint64_t params;

  has_prefix_word (&p, "m");
  if (!take_number (&p, 16, &func.address) || !take_number (&p, 16, &func.size)
      || !take_number (&p, 16, &params))
    return FALSE;
  func.name = p;
  func.first_inline = sym->inlines.len;
  ARRAY_APPEND (&sym->funcs, Func, func);
  return TRUE;
}

/* A line record: counted for the function above it, read at lookup
 * (pm_symfile_lookup). */
static gboolean
count_line (PmSymfile  *sym,
            const char *line)
{
  Func *func;

  if (sym->funcs.len == 0)
    return FALSE;
  func = &ARRAY_INDEX (&sym->funcs, Func, sym->funcs.len - 1);
  if (func->n_lines == 0)
    func->lines = line;
  func->n_lines++;
  return TRUE;
}

/* address size line file */
static gboolean
parse_line_record (const char *p,
                   uint64_t   *address,
                   uint64_t   *size,
                   int        *line,
                   guint      *file)
{
  uint64_t number, file_number;

  if (!take_number (&p, 16, address) || !take_number (&p, 16, size)
      || !take_number (&p, 10, &number) || !take_number (&p, 10, &file_number) || !is_line_end (*p))
    return FALSE;
  *line = (int) MIN (number, (uint64_t) G_MAXINT);
  *file = (guint) MIN (file_number, (uint64_t) G_MAXUINT - 1);
  return TRUE;
}

static gboolean
parse_public (PmSymfile  *sym,
              const char *p)
{
  Public pub;
  uint64_t params;

  has_prefix_word (&p, "m");
  if (!take_number (&p, 16, &pub.address) || !take_number (&p, 16, &params))
    return FALSE;
  pub.name = p;
  ARRAY_APPEND (&sym->publics, Public, pub);
  return TRUE;
}

/* FILE n name, INLINE_ORIGIN n name */
static gboolean
parse_named (PmSymfile  *sym,
             Array      *names,
             const char *p)
{
  uint64_t n;
  Named named;

  if (!take_number (&p, 10, &n) || n >= G_MAXUINT32 - 1 || is_line_end (*p))
    return FALSE;
  named.number = (guint32) n;
  named.name = (guint32) (p - sym->text);
  ARRAY_APPEND (names, Named, named);
  return TRUE;
}

/* INLINE depth call_line [call_file] origin (address size)+: the call
 * file is absent in the older form, which has an odd number of fields. */
static gboolean
parse_inline (PmSymfile  *sym,
              const char *p)
{
  const char *tokens[4 + 2 * 64];
  guint n = 0, first;
  uint64_t value[4];
  Inline in = { 0 };
  Func *func;

  if (sym->funcs.len == 0)
    return FALSE;
  for (p = skip_spaces (p); !is_line_end (*p); p = skip_spaces (p))
    {
      if (n == G_N_ELEMENTS (tokens))
        return FALSE;
      tokens[n++] = p;
      while (*p != ' ' && *p != '\t' && !is_line_end (*p))
        p++;
    }
  first = n % 2 == 0 ? 4 : 3;      /* decimal fields before the ranges */
  if (n < first + 2)
    return FALSE;
  for (guint i = 0; i < first; i++)
    {
      const char *t = tokens[i];
      if (!take_number (&t, 10, &value[i]))
        return FALSE;
    }
  in.depth = (guint) MIN (value[0], 1024);
  in.call_line = (int) MIN (value[1], (uint64_t) G_MAXINT);
  in.call_file = first == 4 ? (guint) MIN (value[2], (uint64_t) G_MAXUINT - 1) : G_MAXUINT - 1;
  in.origin = (guint) MIN (value[first - 1], (uint64_t) G_MAXUINT - 1);
  in.first_range = sym->ranges.len;
  for (guint i = first; i + 1 < n; i += 2)
    {
      Range r;
      const char *a = tokens[i], *b = tokens[i + 1];
      if (!take_number (&a, 16, &r.address) || !take_number (&b, 16, &r.size))
        {
          sym->ranges.len = in.first_range;
          return FALSE;
        }
      ARRAY_APPEND (&sym->ranges, Range, r);
      in.n_ranges++;
    }
  ARRAY_APPEND (&sym->inlines, Inline, in);
  func = &ARRAY_INDEX (&sym->funcs, Func, sym->funcs.len - 1);
  func->n_inlines++;
  return TRUE;
}

/* STACK CFI INIT address size rules / STACK CFI address rules */
static gboolean
parse_cfi (PmSymfile  *sym,
           const char *p)
{
  if (has_prefix_word (&p, "INIT"))
    {
      CfiInit init = { 0 };
      if (!take_number (&p, 16, &init.address) || !take_number (&p, 16, &init.size) || is_line_end (*p))
        return FALSE;
      init.rules = p;
      init.first_delta = sym->deltas.len;
      ARRAY_APPEND (&sym->cfi, CfiInit, init);
      return TRUE;
    }
  else
    {
      CfiDelta delta;
      CfiInit *init;
      if (sym->cfi.len == 0 || !take_number (&p, 16, &delta.address) || is_line_end (*p))
        return FALSE;
      delta.rules = p;
      ARRAY_APPEND (&sym->deltas, CfiDelta, delta);
      init = &ARRAY_INDEX (&sym->cfi, CfiInit, sym->cfi.len - 1);
      init->n_deltas++;
      return TRUE;
    }
}

/* STACK WIN type rva code_size prolog epilog params saved locals max_stack
 * has_program program-or-allocates-base-pointer */
/* STACK WIN type rva code_size prolog epilog params saved locals max_stack
 * has_program program-or-allocates-base-pointer: where it applies is read
 * now, the rest when a lookup finds it (read_win). */
static gboolean
parse_win (PmSymfile  *sym,
           const char *p)
{
  Win win;
  uint64_t type, code_size;
  const char *fields;

  if (!take_number (&p, 16, &type))
    return FALSE;
  if (type != PM_SYM_WIN_FPO && type != PM_SYM_WIN_FRAME_DATA)
    return TRUE;   /* other types (trap, TSS, standard) Breakpad ignores too */
  fields = p;
  if (!take_number (&p, 16, &win.rva) || !take_number (&p, 16, &code_size) || code_size > G_MAXUINT32)
    return FALSE;
  win.code_size = (guint32) code_size;
  win.frame_data = type == PM_SYM_WIN_FRAME_DATA;
  win.fields = (guint32) (fields - sym->text);
  ARRAY_APPEND (&sym->wins, Win, win);
  return TRUE;
}

/* All of a record's fields, from its text. */
static gboolean
read_win (PmSymfile  *sym,
          const Win  *win,
          PmSymWin   *out)
{
  const char *p = sym->text + win->fields;
  uint64_t f[9];

  memset (out, 0, sizeof *out);
  for (guint i = 0; i < G_N_ELEMENTS (f); i++)
    if (!take_number (&p, 16, &f[i]))
      return FALSE;
  out->type = win->frame_data ? PM_SYM_WIN_FRAME_DATA : PM_SYM_WIN_FPO;
  out->rva = f[0];
  out->code_size = f[1];
  out->prolog_size = (uint32_t) f[2];
  out->epilog_size = (uint32_t) f[3];
  out->parameter_size = (uint32_t) f[4];
  out->saved_register_size = (uint32_t) f[5];
  out->local_size = (uint32_t) f[6];
  out->max_stack_size = (uint32_t) f[7];
  if (f[8] != 0)
    {
      if (is_line_end (*p))
        return FALSE;
      out->program = line_string (sym, p);
    }
  else
    {
      uint64_t allocates = 0;
      if (!take_number (&p, 16, &allocates))
        return FALSE;
      out->allocates_base_pointer = allocates != 0;
    }
  return TRUE;
}

static gboolean
parse_record (PmSymfile  *sym,
              const char *line)
{
  const char *p = line;

  switch (line[0])
    {
    case 'M':
      if (has_prefix_word (&p, "MODULE"))
        return sym->os == NULL && parse_module (sym, p);
      break;
    case 'I':
      if (has_prefix_word (&p, "INFO"))
        return TRUE;
      if (has_prefix_word (&p, "INLINE_ORIGIN"))
        return parse_named (sym, &sym->origins, p);
      if (has_prefix_word (&p, "INLINE"))
        return parse_inline (sym, p);
      break;
    case 'F':
      if (has_prefix_word (&p, "FILE"))
        return parse_named (sym, &sym->files, p);
      if (has_prefix_word (&p, "FUNC"))
        return parse_func (sym, p);
      break;
    case 'P':
      if (has_prefix_word (&p, "PUBLIC"))
        return parse_public (sym, p);
      break;
    case 'S':
      if (has_prefix_word (&p, "STACK"))
        {
          if (has_prefix_word (&p, "CFI"))
            return parse_cfi (sym, p);
          if (has_prefix_word (&p, "WIN"))
            return parse_win (sym, p);
        }
      break;
    case '\n':
    case '\r':
      return TRUE;
    default:
      if (digit_value (line[0]) < 16)
        return count_line (sym, line);
      break;
    }
  return FALSE;
}

/* ---- sorting ------------------------------------------------------------- */

/* Func, Public, CfiInit and Win start with their address. */
static inline uint64_t
record_address (const char *record)
{
  uint64_t address;

  memcpy (&address, record, sizeof address);
  return address;
}

/* Sorts records by their leading address, stably. dump_syms writes most
 * records sorted (checking costs one pass); Windows files interleave their
 * STACK WIN kinds and PUBLIC symbols. A radix sort, a byte of the address a
 * pass, skipping the bytes all addresses share: a comparison sort through
 * qsort was a fifth of loading kernel32.sym. Inlined at each call, so the
 * record size is a constant and each move a few instructions, not a call.
 * scratch is allocated at the first array that needs it, scratch_size bytes
 * (enough for every array: one buffer, as each fresh page is a fault). */
static G_ALWAYS_INLINE inline void
sort_by_address (Array  *records,
                 gsize   size,
                 char  **scratch,
                 gsize   scratch_size)
{
  char *base = records->data;
  gsize n = records->len;
  uint64_t all_or = 0, all_and = G_MAXUINT64;
  gboolean sorted = TRUE;
  char *from = base, *to;

  for (gsize i = 0; i < n; i++)
    {
      uint64_t address = record_address (base + i * size);
      all_or |= address;
      all_and &= address;
      if (i > 0 && address < record_address (base + (i - 1) * size))
        sorted = FALSE;
    }
  if (sorted)
    return;
  if (*scratch == NULL)
    *scratch = pm_xmalloc (scratch_size);
  to = *scratch;
  for (guint shift = 0; shift < 64; shift += 8)
    {
      gsize count[257] = { 0 };

      /* Every address has the same byte here: this pass would change nothing. */
      if ((((all_or ^ all_and) >> shift) & 0xff) == 0)
        continue;
      for (gsize i = 0; i < n; i++)
        count[((record_address (from + i * size) >> shift) & 0xff) + 1]++;
      for (guint d = 1; d < 257; d++)
        count[d] += count[d - 1];
      for (gsize i = 0; i < n; i++)
        memcpy (to + count[(record_address (from + i * size) >> shift) & 0xff]++ * size, from + i * size, size);
      {
        char *swap = from;
        from = to;
        to = swap;
      }
    }
  if (from != base)
    memcpy (base, from, n * size);
}

static int
compare_named (const void *a,
               const void *b)
{
  const Named *x = a, *y = b;

  if (x->number != y->number)
    return x->number < y->number ? -1 : 1;
  /* Then in file order, so the first of two equal numbers comes first. */
  return x->name < y->name ? -1 : x->name > y->name;
}

/* dump_syms writes FILE and INLINE_ORIGIN records in order (checking costs
 * one pass); any other file gets a comparison sort. */
static void
sort_by_number (Array *names)
{
  const Named *n = (const Named *) (void *) names->data;

  for (guint i = 1; i < names->len; i++)
    if (n[i].number < n[i - 1].number)
      {
        qsort (names->data, names->len, sizeof (Named), compare_named);
        return;
      }
}

/* The records' arrays sorted by address, the names' by number. */
static void
sort_records (PmSymfile *sym)
{
  const Array *by_address[] = { &sym->funcs, &sym->publics, &sym->cfi, &sym->wins };
  char *scratch = NULL;
  gsize most = 0;

  for (guint i = 0; i < G_N_ELEMENTS (by_address); i++)
    most = MAX (most, (gsize) by_address[i]->len * by_address[i]->size);
  /* Functions keep their inline runs by index and their lines by text:
   * they sort as a whole. */
  sort_by_address (&sym->funcs, sizeof (Func), &scratch, most);
  sort_by_address (&sym->publics, sizeof (Public), &scratch, most);
  sort_by_address (&sym->cfi, sizeof (CfiInit), &scratch, most);
  sort_by_address (&sym->wins, sizeof (Win), &scratch, most);
  sort_by_number (&sym->files);
  sort_by_number (&sym->origins);
  free (scratch);
}

/* Reads the whole file at fd, which fstat found to be expected bytes long,
 * into one malloc'd copy with a '\n' added when the last line has none, and
 * a NUL. The file may have grown or shrunk since: it is read to its end (a
 * short read is not the end), and refused once over PM_SYMFILE_MAX_SIZE.
 * Sets sym->text and length. */
static gboolean
read_text (PmSymfile  *sym,
           int         fd,
           const char *path,
           gsize       expected,
           PmMdError  *error)
{
  /* Room for one byte more than expected, so that finding the end takes no
   * second buffer, and for the '\n' and the NUL. */
  gsize room = expected + 1, length = 0;
  char *copy = pm_xmalloc (room + 2);

  for (;;)
    {
      ssize_t n;

      if (length == room)
        {
          /* It grew since fstat; records keep 31-bit offsets. */
          if (room > PM_SYMFILE_MAX_SIZE)
            {
              pm_md_set_error (error, PM_MD_ERROR_BAD_SIZE, 0, "symbol file %s is over 2 GiB", path);
              free (copy);
              return FALSE;
            }
          room = (guint64) room * 2 > PM_SYMFILE_MAX_SIZE ? (gsize) PM_SYMFILE_MAX_SIZE + 1 : room * 2;
          copy = pm_xrealloc (copy, room + 2);
        }
      /* At most 1 GiB a call: a count over SSIZE_MAX is not portable. */
      n = read (fd, copy + length, MIN (room - length, (gsize) 1 << 30));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int e = errno;
          pm_md_set_error (error, PM_MD_ERROR_IO, 0, "symbol file %s: %s", path, strerror (e));
          free (copy);
          return FALSE;
        }
      if (n == 0)
        break;
      length += (gsize) n;
    }
  if (length == 0 || copy[length - 1] != '\n')
    copy[length++] = '\n';
  copy[length] = '\0';
  sym->text = copy;
  sym->length = length;
  return TRUE;
}

/* The file's text, every line ending with '\n': mapped when it ends so
 * (nothing is read or written past a newline), else copied with one added.
 * Sets sym->text, length, mapped and guard. */
static gboolean
open_text (PmSymfile  *sym,
           const char *path,
           PmMdError  *error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  struct stat st;
  void *map = MAP_FAILED;
  char last = '\0';
  gboolean ok;

  if (fd < 0)
    {
      int e = errno;
      pm_md_set_error (error, PM_MD_ERROR_IO, 0, "symbol file %s: %s", path, strerror (e));
      return FALSE;
    }
  /* A FIFO or device planted under the name is never read. */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      pm_md_set_error (error, PM_MD_ERROR_IO, 0, "symbol file %s is not a regular file", path);
      close (fd);
      return FALSE;
    }
  if ((guint64) st.st_size > PM_SYMFILE_MAX_SIZE)
    {
      pm_md_set_error (error, PM_MD_ERROR_BAD_SIZE, 0, "symbol file %s is over 2 GiB", path);
      close (fd);
      return FALSE;
    }
  if (st.st_size > 0 && pread (fd, &last, 1, st.st_size - 1) == 1 && last == '\n')
    /* Every byte is read by the first pass: mapped in one go, not a page
     * fault at a time. */
    map = mmap (NULL, (size_t) st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (map != MAP_FAILED)
    {
      close (fd);
      sym->text = map;
      sym->length = (gsize) st.st_size;
      sym->mapped = TRUE;
      sym->guard = pm_md_guard_register (map, sym->length);
      return TRUE;
    }
  /* From the same file (pread left the offset at 0), not the name again. */
  ok = read_text (sym, fd, path, (gsize) st.st_size, error);
  close (fd);
  return ok;
}

PmSymfile *
pm_symfile_load (const char *path,
                 PmMdError  *error)
{
  PmSymfile *sym;
  const char *line, *end;

  if (path == NULL)
    {
      pm_md_set_error (error, PM_MD_ERROR_INVALID_ARGUMENT, 0, "no symbol file name");
      return NULL;
    }

  sym = pm_xcalloc (1, sizeof *sym);
  sym->guard = -1;
  sym->names_size = 16;
  sym->names = pm_xcalloc (sym->names_size, sizeof (NameCopy));
  sym->files.size = sizeof (Named);
  sym->origins.size = sizeof (Named);
  sym->funcs.size = sizeof (Func);
  sym->inlines.size = sizeof (Inline);
  sym->ranges.size = sizeof (Range);
  sym->publics.size = sizeof (Public);
  sym->cfi.size = sizeof (CfiInit);
  sym->deltas.size = sizeof (CfiDelta);
  sym->wins.size = sizeof (Win);
  if (!open_text (sym, path, error))
    {
      pm_symfile_free (sym);
      return NULL;
    }

  for (line = sym->text; line < sym->text + sym->length; line = end + 1)
    {
      end = memchr (line, '\n', (size_t) (sym->text + sym->length - line));
      if (end == NULL)
        break;    /* only when the file shrank to zeros under us */
      if (!parse_record (sym, line))
        sym->n_bad++;
    }
  if (sym->guard >= 0 && *pm_md_guard_damaged_flag (sym->guard))
    {
      pm_md_set_error (error, PM_MD_ERROR_CHANGED, 0, "symbol file %s changed while it was read", path);
      pm_symfile_free (sym);
      return NULL;
    }
  if (sym->os == NULL)
    {
      pm_md_set_error (error, PM_MD_ERROR_INVALID_ARGUMENT, 0,
                       "%s is not a Breakpad symbol file: no MODULE line", path);
      pm_symfile_free (sym);
      return NULL;
    }

  sort_records (sym);
  return sym;
}

void
pm_symfile_free (PmSymfile *sym)
{
  if (sym == NULL)
    return;
  free (sym->files.data);
  free (sym->origins.data);
  free (sym->funcs.data);
  free (sym->inlines.data);
  free (sym->ranges.data);
  free (sym->publics.data);
  free (sym->cfi.data);
  free (sym->deltas.data);
  free (sym->wins.data);
  for (gsize i = 0; i < sym->names_size; i++)
    free (sym->names[i].copy);
  free (sym->names);
  if (sym->guard >= 0)
    pm_md_guard_unregister (sym->guard);
  if (sym->mapped)
    munmap ((void *) sym->text, sym->length);
  else
    free ((char *) sym->text);
  free (sym->os);
  free (sym->arch);
  free (sym->debug_id);
  free (sym->debug_file);
  free (sym);
}

const char *pm_symfile_get_os (PmSymfile *sym) { return sym->os; }
const char *pm_symfile_get_arch (PmSymfile *sym) { return sym->arch; }
const char *pm_symfile_get_debug_id (PmSymfile *sym) { return sym->debug_id; }
const char *pm_symfile_get_debug_file (PmSymfile *sym) { return sym->debug_file; }
guint pm_symfile_get_n_bad_lines (PmSymfile *sym) { return sym->n_bad; }

/* ---- lookups ------------------------------------------------------------- */

/* Index of the last element of a (sorted by the uint64_t address at byte
 * field of each element) whose address is <= offset, or -1. */
static gssize
last_at_or_below_field (const Array *a,
                        gsize        field,
                        uint64_t     offset)
{
  gssize lo = 0, hi = (gssize) a->len - 1, found = -1;
  gsize size = a->size;

  while (lo <= hi)
    {
      gssize mid = lo + (hi - lo) / 2;
      uint64_t address;
      memcpy (&address, a->data + (gsize) mid * size + field, sizeof address);
      if (address <= offset)
        {
          found = mid;
          lo = mid + 1;
        }
      else
        hi = mid - 1;
    }
  return found;
}

/* The name of FILE or INLINE_ORIGIN number n, or NULL. Two records with one
 * number: the first in the file, as Breakpad keeps it. */
static const char *
find_named (PmSymfile   *sym,
            const Array *names,
            guint        n)
{
  const Named *named = (const Named *) (void *) names->data;
  guint lo = 0, hi = names->len;

  /* The first element whose number is >= n. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (named[mid].number < n)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == names->len || named[lo].number != n)
    return NULL;
  return line_string (sym, sym->text + named[lo].name);
}

/* For the arrays whose elements start with their address (all of them). */
#define last_at_or_below(a, offset) last_at_or_below_field (&(a), 0, (offset))

static const Func *
find_func (PmSymfile *sym,
           uint64_t   offset)
{
  gssize i = last_at_or_below (sym->funcs, offset);
  const Func *f;

  if (i < 0)
    return NULL;
  f = &ARRAY_INDEX (&sym->funcs, Func, i);
  return offset - f->address < f->size ? f : NULL;
}

gboolean
pm_symfile_lookup (PmSymfile     *sym,
                   uint64_t       offset,
                   PmSymLocation *out)
{
  const Func *f;
  gssize i;

  if (sym == NULL || out == NULL)
    return FALSE;
  memset (out, 0, sizeof *out);
  f = find_func (sym, offset);
  if (f != NULL)
    {
      out->function = line_string (sym, f->name);
      out->function_offset = offset - f->address;
      /* The function's line records follow one another in the text. */
      const char *text = f->lines, *end = sym->text + sym->length;
      for (guint k = 0; k < f->n_lines && text != NULL && text < end; k++)
        {
          uint64_t address, size;
          int line;
          guint file;

          if (parse_line_record (text, &address, &size, &line, &file)
              && offset >= address && offset - address < size)
            {
              out->source_file = find_named (sym, &sym->files, file);
              out->source_line = line;
              break;
            }
          text = memchr (text, '\n', (size_t) (end - text));
          if (text != NULL)
            text++;
        }
      return TRUE;
    }
  i = last_at_or_below (sym->publics, offset);
  if (i >= 0)
    {
      const Public *pub = &ARRAY_INDEX (&sym->publics, Public, i);
      out->function = line_string (sym, pub->name);
      out->function_offset = offset - pub->address;
      out->from_public = TRUE;
      return TRUE;
    }
  return FALSE;
}

guint
pm_symfile_lookup_inlines (PmSymfile   *sym,
                           uint64_t     offset,
                           PmSymInline *out,
                           guint        max)
{
  const Func *f = find_func (sym, offset);
  guint n = 0;

  if (f == NULL)
    return 0;
  /* Depth 0 is inlined into the function itself; deeper records into the
   * one above. The innermost (deepest) covering record comes first. */
  for (guint depth = 0; n < max; depth++)
    {
      const Inline *hit = NULL;
      for (guint k = 0; k < f->n_inlines && hit == NULL; k++)
        {
          const Inline *in = &ARRAY_INDEX (&sym->inlines, Inline, f->first_inline + k);
          if (in->depth != depth)
            continue;
          for (guint r = 0; r < in->n_ranges; r++)
            {
              const Range *range = &ARRAY_INDEX (&sym->ranges, Range, in->first_range + r);
              if (offset >= range->address && offset - range->address < range->size)
                {
                  hit = in;
                  break;
                }
            }
        }
      if (hit == NULL)
        break;
      /* Shift: the new record is the innermost. */
      memmove (out + 1, out, n * sizeof *out);
      out[0].function = find_named (sym, &sym->origins, hit->origin);
      out[0].call_file = find_named (sym, &sym->files, hit->call_file);
      out[0].call_line = hit->call_line;
      n++;
    }
  return n;
}

char *
pm_symfile_find_cfi_rules (PmSymfile *sym,
                           uint64_t   offset)
{
  gssize i = last_at_or_below (sym->cfi, offset);
  const CfiInit *init;
  guint n = 0;
  gsize length;
  char *rules, *p;

  if (i < 0)
    return NULL;
  init = &ARRAY_INDEX (&sym->cfi, CfiInit, i);
  if (offset - init->address >= init->size)
    return NULL;
  /* The deltas up to offset, measured, then copied into one allocation. The
   * lengths add up to less than the file's: each is a part of the text. */
  length = strlen (line_string (sym, init->rules));
  for (; n < init->n_deltas; n++)
    {
      const CfiDelta *delta = &ARRAY_INDEX (&sym->deltas, CfiDelta, init->first_delta + n);
      if (delta->address > offset)
        break;
      length += 1 + strlen (line_string (sym, delta->rules));
    }
  rules = pm_xmalloc (length + 1);
  p = stpcpy (rules, line_string (sym, init->rules));
  for (guint k = 0; k < n; k++)
    {
      *p++ = ' ';
      p = stpcpy (p, line_string (sym, ARRAY_INDEX (&sym->deltas, CfiDelta, init->first_delta + k).rules));
    }
  return rules;
}

gboolean
pm_symfile_find_win (PmSymfile *sym,
                     uint64_t   offset,
                     PmSymWin  *out)
{
  const Win *best = NULL;

  /* Records may overlap (FPO and frame data for one function): look back
   * from the last one starting at or below offset, past records that end
   * before offset but no further than 16 MiB (no function is that long). */
  for (gssize i = last_at_or_below (sym->wins, offset); i >= 0; i--)
    {
      const Win *win = &ARRAY_INDEX (&sym->wins, Win, i);
      if (offset - win->rva >= win->code_size)
        {
          if (best != NULL || offset - win->rva > (G_GUINT64_CONSTANT (1) << 24))
            break;
          continue;
        }
      /* Scanning back over a stable sort, a record of the same kind at the
       * same rva came earlier in the file: the first one wins, as Breakpad
       * keeps the first of two equal ranges. */
      if (best == NULL || (win->frame_data && !best->frame_data)
          || (win->frame_data == best->frame_data && win->rva == best->rva))
        best = win;
    }
  return best != NULL && read_win (sym, best, out);
}
