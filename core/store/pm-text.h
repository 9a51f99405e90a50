/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-text.h — private: turning untrusted bytes (file names, program paths, Report.wer values,
 * archive entry names, a server's answers) into text that is safe to store and to print.
 *
 * Runs in: any process (libc only: GLib's types, none of its functions; no store state).
 * Not installed.
 *
 * The escaped form is valid UTF-8 with no control character: every byte that is not part of
 * valid UTF-8, every C0 control, DEL and every C1 control (U+0080–U+009F, whose UTF-8 bytes
 * are escaped one by one) becomes `\xNN` (lowercase hex), and a backslash becomes `\\`.
 * Every other character is kept as it is, so ordinary names read unchanged. Unescaping
 * gives back the original bytes exactly.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The escaped form of @length bytes at @bytes (-1: up to the first NUL; embedded NULs of an
 * explicit length become `\x00`). Never NULL: free with g_free(). */
char     *pm_text_escape_untrusted  (const char *bytes,
                                     gssize      length);

/* The same, cut at a whole character or escape so that it is at most @max_bytes long (at
 * least 8) including a final "…" that marks the cut; not cut when it fits. */
char     *pm_text_escape_untrusted_max (const char *bytes,
                                        gssize      length,
                                        gsize       max_bytes);

/* TRUE if @bytes is valid UTF-8 without any NUL or control character (C0, DEL, C1), i.e.
 * safe to store in Report.wer or print as it is. Backslashes are allowed. */
gboolean  pm_text_is_safe           (const char *bytes,
                                     gssize      length);

/* @bytes itself (a copy) when it is safe, else its escaped form: the rule for storing and
 * printing a value that is usually clean. A safe value is never altered, an unsafe one is
 * always escaped, so the result is always safe. Free with g_free(). */
char     *pm_text_make_safe         (const char *bytes,
                                     gssize      length);

/* Lossy: @length bytes at @bytes (-1: up to the first NUL) with every byte that is not part
 * of valid UTF-8 (and every NUL) replaced by U+FFFD, as g_utf8_make_valid() does. Never NULL:
 * free with g_free(). */
char     *pm_text_make_valid        (const char *bytes,
                                     gssize      length);

/* For display only, and lossy: @length bytes at @bytes (-1: up to the first NUL) with every
 * byte that is not part of valid UTF-8 (and every NUL) replaced by U+FFFD and every C0, DEL and C1 control
 * character written `\xNN` (its code point): how `postmortemctl info` and backtraces show
 * names read from a dump. Never NULL: free with g_free(). */
char     *pm_text_printable         (const char *bytes,
                                     gssize      length);

/* The UTF-8 character at @bytes, at most @left (> 0) bytes: its length, with its code point in
 * @c; 0 if the bytes start no valid character (RFC 3629: no overlong form, surrogate or code
 * point above U+10FFFF); -1 if they start one that @left cuts short (its lead byte and the
 * continuation bytes there are), for a stream whose next bytes may complete it. */
gssize    pm_text_decode_utf8       (const char *bytes,
                                     gsize       left,
                                     gunichar   *c);

/* The inverse of pm_text_escape_untrusted(): `\xNN` and `\\` decoded, anything else copied.
 * Returns NULL (and no bytes) if @text holds a backslash that starts no valid escape.
 * @length receives the number of bytes (the result is also NUL-terminated). */
char     *pm_text_unescape          (const char *text,
                                     gsize      *length);

G_END_DECLS
