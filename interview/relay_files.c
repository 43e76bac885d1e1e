/*
 * relay_files.c - the files of a relayed message.  Any kind of file passes
 * (a planning in PNG, a contract in DOCX, a PDF), each within the
 * pipeline's limits.attachment_bytes, at most relay.max_files of them and
 * relay.max_bytes together, so that one message stays a mail every
 * provider accepts.  Programs and scripts never pass: the platform would
 * hand them on from its own address, which the other side trusts.  A
 * refusal names the file and relays nothing (the input stays in failed/).
 *
 * The bytes go to the file store under RELAY_FILE_EXT, apart from the
 * documents' PDFs, so that the erasure of a person (person.c, through the
 * module's personal_files) removes them when no other application names
 * them; the outbox reads them back at delivery.
 */
#include "compat.h"

#include <ctype.h>
#include <json-c/json.h>

#define JSON_PLAIN (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

#include "altc.h"
#include "config.h"
#include "db.h"
#include "document.h"
#include "mail_action.h"
#include "relay_files.h"
#include "util.h"

/* what Windows, macOS and Linux run or install when opened */
static const char *const program_ext[] = {
	"exe", "com", "bat", "cmd", "scr", "pif", "msi", "msp", "dll", "cpl", "vbs", "vbe",
	"js", "jse", "wsf", "wsh", "ps1", "psm1", "hta", "jar", "lnk", "reg", "sh", "apk", "app",
};

static const char *const program_types[] = {
	"application/x-msdownload", "application/x-msdos-program", "application/x-dosexec",
	"application/x-executable", "application/x-sharedlib", "application/x-elf",
	"application/vnd.microsoft.portable-executable", "application/java-archive",
	"application/x-sh", "application/x-shellscript", "application/x-bat", "application/x-msi",
	"application/hta", "application/vnd.android.package-archive", "application/javascript",
	"application/x-javascript", "text/javascript", "application/x-powershell",
};

/* the first bytes of executables: PE/DOS, ELF, Mach-O (both orders, fat), a script */
static const struct { const char *magic; size_t len; } program_magic[] = {
	{ "MZ", 2 }, { "\x7f" "ELF", 4 }, { "\xfe\xed\xfa\xce", 4 }, { "\xfe\xed\xfa\xcf", 4 },
	{ "\xce\xfa\xed\xfe", 4 }, { "\xcf\xfa\xed\xfe", 4 }, { "\xca\xfe\xba\xbe", 4 },
	{ "#!", 2 },
};

/* is_program - by the name's last extension (Windows drops trailing dots), type or content */
static int
is_program(const struct mail_attachment *a)
{
	const char *name = a->filename ? a->filename : "", *dot;
	size_t n = strlen(name);
	char ext[8];
	size_t i, el;

	while (n > 0 && (name[n - 1] == '.' || name[n - 1] == ' '))
		n--;
	for (dot = name + n; dot > name && dot[-1] != '.'; dot--)
		;
	el = (size_t)(name + n - dot);
	if (dot > name && el > 0 && el < sizeof(ext)) {
		for (i = 0; i < el; i++)
			ext[i] = (char)tolower((unsigned char)dot[i]);
		ext[el] = '\0';
		for (i = 0; i < ARRAY_SIZE(program_ext); i++)
			if (strcmp(ext, program_ext[i]) == 0)
				return 1;
	}
	for (i = 0; i < ARRAY_SIZE(program_types); i++)
		if (a->content_type && strcmp(a->content_type, program_types[i]) == 0)
			return 1;
	for (i = 0; i < ARRAY_SIZE(program_magic); i++)
		if (a->len >= program_magic[i].len &&
		    memcmp(a->data, program_magic[i].magic, program_magic[i].len) == 0)
			return 1;
	return 0;
}

void
relay_files_megabytes(int64_t bytes, char out[32])
{
	if (bytes % 1000000 == 0)
		(void)xsnprintf(out, 32, "%lld", (long long)(bytes / 1000000));
	else
		(void)xsnprintf(out, 32, "%.1f", (double)bytes / 1e6);
}

int
relay_files_check(struct altc *ctx, const struct mail_request *req, char **errstr_r)
{
	int64_t max_files = config_int(ctx->cfg, "relay.max_files");
	int64_t max_bytes = config_int(ctx->cfg, "relay.max_bytes");
	uint64_t total = 0;
	char mb[32];

	for (size_t i = 0; i < req->nattachments; i++) {
		const struct mail_attachment *a = &req->attachments[i];
		const char *name = a->filename ? a->filename : "";

		if (is_program(a)) {
			*errstr_r = xasprintf("'%s' is a program or a script, which the platform does"
			    " not relay: nothing was sent", name);
			return -1;
		}
		if ((int64_t)i >= max_files) {
			*errstr_r = xasprintf("'%s' is one file too many (at most %lld files a"
			    " message): nothing was sent", name, (long long)max_files);
			return -1;
		}
		total += a->len;
		if (total > (uint64_t)max_bytes) {
			relay_files_megabytes(max_bytes, mb);
			*errstr_r = xasprintf("with '%s' the files of the message exceed %s MB:"
			    " nothing was sent", name, mb);
			return -1;
		}
	}
	return 0;
}

int
relay_files_keep(struct altc *ctx, const struct mail_request *req, int64_t app_id,
    int64_t sender_id, char **json_r, char **errstr_r)
{
	json_object *list;
	sqlite3_stmt *st;

	*json_r = NULL;
	if (req->nattachments == 0)
		return 0;
	list = json_object_new_array();
	for (size_t i = 0; i < req->nattachments; i++) {
		const struct mail_attachment *a = &req->attachments[i];
		char hex[SHA256_HEXSZ], *path;
		json_object *e;

		if (document_keep(ctx, a->data, a->len, RELAY_FILE_EXT, hex, errstr_r) < 0) {
			json_object_put(list);
			return -1;
		}
		st = db_prepare(ctx->db, "INSERT INTO relay_files (application_id, sender_id,"
		    " filename, content_type, sha256, size, created_at)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
		db_bind_int(st, 1, app_id);
		if (sender_id > 0)
			db_bind_int(st, 2, sender_id);
		db_bind_text(st, 3, a->filename ? a->filename : "");
		db_bind_text(st, 4, a->content_type ? a->content_type : "application/octet-stream");
		db_bind_text(st, 5, hex);
		db_bind_int(st, 6, (int64_t)a->len);
		db_bind_int(st, 7, now_epoch());
		if (db_done(ctx->db, st, errstr_r) < 0) {
			json_object_put(list);
			return -1;
		}
		path = document_file(ctx, hex, RELAY_FILE_EXT);
		e = json_object_new_object();
		json_object_object_add(e, "path", json_object_new_string(path));
		json_object_object_add(e, "filename", json_object_new_string(a->filename ?
		    a->filename : ""));
		json_object_object_add(e, "type", json_object_new_string(a->content_type ?
		    a->content_type : "application/octet-stream"));
		json_object_array_add(list, e);
		free(path);
	}
	*json_r = xstrdup(json_object_to_json_string_ext(list, JSON_PLAIN));
	json_object_put(list);
	return 0;
}
