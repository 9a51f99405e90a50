/* SPDX-License-Identifier: LGPL-2.1-or-later
 * SPDX-FileCopyrightText: 2026 The Postmortem authors */
/* pm-manifest.h — PmManifest: exactly what sending a report would put on the wire.
 *
 * Runs in: any GLib process that reads the store (postmortemctl, the application's worker
 * threads, the uploader). pm_manifest_compute() reads the report's files (text files for
 * redaction, dumps for sanitization): never call it on the GTK thread.
 *
 * One function, pm_manifest_compute(), decides what leaves the machine; the crash dialog,
 * the report page, `postmortemctl show KEY --manifest` and the uploader all call it, and
 * the uploader sends the parts of the manifest and nothing else. Its inputs:
 *
 *   - the application's consent (PmSettings: ask, parameters, safe-data, all-data, never),
 *     the exclusions, and the report's own Consent= (3, WER's "denied", refuses);
 *   - the person's choices for this report (PmManifestChoices), stored in Report.wer:
 *       Postmortem.UserConsent        parameters|safe-data|all-data: the level chosen
 *       Postmortem.UserExcludedFiles  report file names left out, ';'-separated
 *       Postmortem.UserRemovedParts   part names left out (fields or files), ';'-separated
 *       Postmortem.Redact             "false" turns redaction off (absent: on)
 *       Postmortem.Comment            the comment, sent as the field "Comments" (stored on
 *                                     one line: "\n" for a line break, "\\" for a backslash)
 *   - PM_MANIFEST_APPROVED: the person approved sending just now (the dialog's Send,
 *     `postmortemctl submit --approve`).
 *
 * The level used: without approval, the application's level (nothing at "ask"), lowered
 * to the chosen level when one was chosen; with approval, the chosen level (default:
 * the application's, or safe-data when that is "ask"). "never", an excluded application
 * and Consent=3 refuse whatever was approved: the manifest then has no parts and
 * pm_manifest_get_refusal() says why (PM_ERROR_CONSENT or PM_ERROR_EXCLUDED).
 *
 * What each level sends: "parameters": the text fields only (product, version, event
 * type, the report's stable id, crash time, signature, metadata, the comment);
 * "safe-data": also each mini/micro/triage dump as its sanitized copy (no environment,
 * command line or file contents), never the original — a dump is left out when no
 * sanitized copy can be made; "all-data": also the original dumps, heap dumps and the
 * attached files. Files whose names start with "Upload." are the store's own (the record
 * of what was sent, sanitized copies) and are never sent.
 *
 * Redaction (on unless Postmortem.Redact=false): in every field and every text file part
 * the home directory becomes "~", e-mail addresses "<email>", the host name "<hostname>"
 * and the user name (as a whole word) "<user>", as Apport does. A redacted file is sent
 * from a copy; the report's file is never changed. Binary parts are never edited.
 *
 * A PmManifest is a GListModel of PmManifestPart: the parts in the order they are sent,
 * with their exact sizes. pm_manifest_get_left_out() lists what is not sent and why.
 * pm_manifest_to_json() is what `postmortemctl show --manifest --json` prints; after an
 * upload the manifest that was sent is kept in the report as PM_MANIFEST_SENT_FILE_NAME
 * (see pm_manifest_load_sent()).
 */
#pragma once

#include <gio/gio.h>

#include "pm-report.h"
#include "pm-settings.h"

G_BEGIN_DECLS

typedef struct _PmStore PmStore;

/* Report.wer keys holding the person's choices (see above). */
#define PM_MANIFEST_KEY_USER_CONSENT        "Postmortem.UserConsent"
#define PM_MANIFEST_KEY_USER_EXCLUDED_FILES "Postmortem.UserExcludedFiles"
#define PM_MANIFEST_KEY_USER_REMOVED_PARTS  "Postmortem.UserRemovedParts"
#define PM_MANIFEST_KEY_REDACT              "Postmortem.Redact"
#define PM_MANIFEST_KEY_COMMENT             "Postmortem.Comment"
/* The form field the comment is sent in (Socorro's and Crashpad's name). */
#define PM_MANIFEST_FIELD_COMMENTS          "Comments"
/* The file in the report that holds the manifest that was sent (pm_manifest_to_json()). */
#define PM_MANIFEST_SENT_FILE_NAME          "Upload.manifest.json"
/* Report files starting with this are the store's own and never sent. */
#define PM_MANIFEST_OWN_FILE_PREFIX         "Upload."

/* --- PmManifestChoices: what the person decided for one report --------------------- */

#define PM_TYPE_MANIFEST_CHOICES (pm_manifest_choices_get_type ())
typedef struct _PmManifestChoices PmManifestChoices;

GType               pm_manifest_choices_get_type          (void) G_GNUC_CONST;
/* No level chosen, nothing removed, redaction on, no comment. */
PmManifestChoices  *pm_manifest_choices_new               (void);
/* The choices stored in @report's Report.wer (the keys above; bad values are ignored). */
PmManifestChoices  *pm_manifest_choices_new_from_report   (PmReport                *report);
PmManifestChoices  *pm_manifest_choices_copy              (const PmManifestChoices *self);
void                pm_manifest_choices_free              (PmManifestChoices       *self);

/* 0: none chosen (the application's level applies). PM_CONSENT_ALWAYS_ASK and
 * PM_CONSENT_NEVER_SEND are not levels one can choose for a report. */
PmConsentLevel      pm_manifest_choices_get_level         (const PmManifestChoices *self);
gboolean            pm_manifest_choices_set_level         (PmManifestChoices       *self,
                                                           PmConsentLevel           level,
                                                           GError                 **error);
/* Part names (PmManifestPart:name) the person switched off. */
gboolean            pm_manifest_choices_get_part_removed  (const PmManifestChoices *self,
                                                           const char              *part_name);
void                pm_manifest_choices_set_part_removed  (PmManifestChoices       *self,
                                                           const char              *part_name,
                                                           gboolean                 removed);
/* NULL-terminated, borrowed. */
const char * const *pm_manifest_choices_get_removed_parts (const PmManifestChoices *self);
/* Report file names (PmManifestPart:source-name) the person switched off. */
gboolean            pm_manifest_choices_get_file_excluded (const PmManifestChoices *self,
                                                           const char              *file_name);
void                pm_manifest_choices_set_file_excluded (PmManifestChoices       *self,
                                                           const char              *file_name,
                                                           gboolean                 excluded);
const char * const *pm_manifest_choices_get_excluded_files (const PmManifestChoices *self);
gboolean            pm_manifest_choices_get_redact        (const PmManifestChoices *self);
void                pm_manifest_choices_set_redact        (PmManifestChoices       *self,
                                                           gboolean                 redact);
/* NULL or "" for none. */
const char         *pm_manifest_choices_get_comment       (const PmManifestChoices *self);
void                pm_manifest_choices_set_comment       (PmManifestChoices       *self,
                                                           const char              *comment);
/* Writes the choices into the report's Report.wer (pm_store_set_report_values()). */
gboolean            pm_manifest_choices_save              (const PmManifestChoices *self,
                                                           PmStore                 *store,
                                                           const char              *key,
                                                           GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PmManifestChoices, pm_manifest_choices_free)

/* --- PmManifestPart: one form field or file part -------------------------------------- */

typedef enum
{
  PM_MANIFEST_PART_FIELD,  /* a text form field: name, value */
  PM_MANIFEST_PART_FILE,   /* a file part: name, file name, content type, bytes */
} PmManifestPartKind;

/* Why a part is (not) sent. */
typedef enum
{
  PM_MANIFEST_PART_SENT,          /* in the manifest */
  PM_MANIFEST_PART_REMOVED,       /* the person switched it off */
  PM_MANIFEST_PART_ABOVE_LEVEL,   /* needs a wider consent level (pm_manifest_part_get_needed_level()) */
  PM_MANIFEST_PART_UNAVAILABLE,   /* cannot be sent safely (no sanitized copy, unreadable) */
  PM_MANIFEST_PART_REFUSED,       /* nothing is sent: see pm_manifest_get_refusal() */
} PmManifestPartStatus;

/* Every getter below is also a read-only property of the same name ("name", "size",
 * "file-name", "is-text", "redacted", "sanitized", "description", "reason", …; "kind",
 * "status" and "needed-level" as int), for list views that bind columns to them. A part
 * never changes: compute the manifest again after a choice changes. */
#define PM_TYPE_MANIFEST_PART (pm_manifest_part_get_type ())
G_DECLARE_FINAL_TYPE (PmManifestPart, pm_manifest_part, PM, MANIFEST_PART, GObject)

PmManifestPartKind   pm_manifest_part_get_kind           (PmManifestPart *part);
PmManifestPartStatus pm_manifest_part_get_status         (PmManifestPart *part);
/* The multipart name ("ProductName", "upload_file_minidump", "attachment_file0-notes.txt"):
 * what `--without NAME` and Postmortem.UserRemovedParts name. */
const char          *pm_manifest_part_get_name           (PmManifestPart *part);
/* Fields: the value sent (after redaction). Files: NULL. */
const char          *pm_manifest_part_get_value          (PmManifestPart *part);
/* Fields: the value before redaction when redaction changed it, else NULL. */
const char          *pm_manifest_part_get_original_value (PmManifestPart *part);
/* Files: the filename= of the part; the report file it comes from (for a sanitized dump,
 * the original dump's name); the content type. NULL for fields. */
const char          *pm_manifest_part_get_file_name      (PmManifestPart *part);
const char          *pm_manifest_part_get_source_name    (PmManifestPart *part);
const char          *pm_manifest_part_get_content_type   (PmManifestPart *part);
/* Bytes sent: a field's value length, a file's exact size as sent (redacted or sanitized). */
guint64              pm_manifest_part_get_size           (PmManifestPart *part);
/* TRUE for fields and text files (shown and redacted as text). */
gboolean             pm_manifest_part_get_is_text        (PmManifestPart *part);
/* TRUE when redaction changed this part. */
gboolean             pm_manifest_part_get_redacted       (PmManifestPart *part);
/* TRUE for a dump sent as its sanitized copy. */
gboolean             pm_manifest_part_get_sanitized      (PmManifestPart *part);
/* What it is in plain words ("minidump with stacks only, environment removed",
 * "attached file, text", "signature parameter"). Translated. */
const char          *pm_manifest_part_get_description    (PmManifestPart *part);
/* For a part not sent: why, in plain words (translated); NULL when sent. */
const char          *pm_manifest_part_get_reason         (PmManifestPart *part);
/* For PM_MANIFEST_PART_ABOVE_LEVEL: the level that would send it; else 0. */
PmConsentLevel       pm_manifest_part_get_needed_level   (PmManifestPart *part);
/* The exact bytes sent for a field or a text file (redacted), for viewing; NULL for a
 * binary file or a part from a manifest loaded back with pm_manifest_load_sent(). */
GBytes              *pm_manifest_part_get_text           (PmManifestPart *part);
/* Opens the bytes this file part sends, from offset 0: the report's file, its sanitized
 * copy, or an unnamed file with the redacted text. Caller closes. -1 with @error when
 * the file changed size since the manifest was computed (compute it again), or is gone. */
int                  pm_manifest_part_open               (PmManifestPart *part,
                                                          GError        **error);

/* --- PmManifest --------------------------------------------------------------------- */

typedef enum /*< flags >*/
{
  PM_MANIFEST_FLAGS_NONE = 0,
  PM_MANIFEST_APPROVED   = 1 << 0,  /* the person approved sending this report just now */
} PmManifestFlags;

#define PM_TYPE_MANIFEST (pm_manifest_get_type ())
/* Implements GListModel of PmManifestPart (the parts sent, in order). */
G_DECLARE_FINAL_TYPE (PmManifest, pm_manifest, PM, MANIFEST, GObject)

/* Computes the manifest of @report (a report of @store, normally queued). @choices NULL:
 * the choices stored in the report. Errors only when the report cannot be read
 * (PM_ERROR_CORRUPT, PM_ERROR_UNSAFE, PM_ERROR_NOT_FOUND…); a refusal is not an error. */
PmManifest         *pm_manifest_compute                 (PmStore                 *store,
                                                         PmReport                *report,
                                                         const PmManifestChoices *choices,
                                                         PmManifestFlags          flags,
                                                         GError                 **error);
const char         *pm_manifest_get_report_key          (PmManifest     *self);
/* The application's consent from the settings (PM_CONSENT_NEVER_SEND included). */
PmConsentLevel      pm_manifest_get_app_level           (PmManifest     *self);
/* The level the parts were chosen for; 0 when refused. */
PmConsentLevel      pm_manifest_get_level               (PmManifest     *self);
/* The choices used (borrowed). */
const PmManifestChoices *pm_manifest_get_choices        (PmManifest     *self);
/* Why nothing may be sent (PM_ERROR_CONSENT, PM_ERROR_EXCLUDED), or NULL. Borrowed. */
const GError       *pm_manifest_get_refusal             (PmManifest     *self);
/* The parts sent (the manifest itself as a list) and the parts left out, each a
 * GListModel of PmManifestPart. Borrowed. */
GListModel         *pm_manifest_get_parts               (PmManifest     *self);
GListModel         *pm_manifest_get_left_out            (PmManifest     *self);
/* The part named @name among the parts sent or left out, or NULL. Borrowed. */
PmManifestPart     *pm_manifest_find_part               (PmManifest     *self,
                                                         const char     *name);
/* Sum of the sizes of the parts sent. */
guint64             pm_manifest_get_total_size          (PmManifest     *self);

/* The replacements redaction made, each: what it is ("home directory", "user name",
 * "host name", "e-mail address"; translated), the original text, the placeholder and how
 * many times it was replaced. */
guint               pm_manifest_get_n_replacements      (PmManifest     *self);
gboolean            pm_manifest_get_replacement         (PmManifest     *self,
                                                         guint           index,
                                                         const char    **what,
                                                         const char    **original,
                                                         const char    **placeholder,
                                                         guint          *count);

/* The manifest as JSON (UTF-8, one object, newline-terminated):
 *   {"report":KEY,"app_level":"safe-data","level":"safe-data","refusal":null|"message",
 *    "redact":true,"comment":"…"|null,"total_size":N,
 *    "parts":[{"kind":"field","name":…,"value":…,"original_value":…|null,"size":N,…},
 *             {"kind":"file","name":…,"file_name":…,"source_name":…,"content_type":…,
 *              "size":N,"text":bool,"redacted":bool,"sanitized":bool,"description":…,
 *              "status":"sent"}],
 *    "left_out":[{…the same…,"status":"removed"|"above-level"|"unavailable"|"refused",
 *                 "reason":…,"needed_level":"all-data"|…|null}],
 *    "replacements":[{"what":…,"original":…,"placeholder":…,"count":N}]}
 * Newly allocated. */
char               *pm_manifest_to_json                 (PmManifest     *self,
                                                         gsize          *length);

/* Keeps the manifest as what was sent: its JSON in the queued report's file
 * PM_MANIFEST_SENT_FILE_NAME, replaced atomically (the uploader calls this with the
 * manifest of the body it sends). */
gboolean            pm_manifest_save_sent               (PmManifest     *self,
                                                         PmStore        *store,
                                                         GError        **error);
/* The manifest last sent for @report (queued or archived), read back from
 * PM_MANIFEST_SENT_FILE_NAME: the same parts, sizes, values, left-out parts and
 * replacements, for "What Was Sent". Its file parts cannot be opened and have no text.
 * PM_ERROR_NOT_FOUND when nothing was sent; PM_ERROR_CORRUPT for a malformed file. */
PmManifest         *pm_manifest_load_sent               (PmReport       *report,
                                                         GError        **error);

G_END_DECLS
