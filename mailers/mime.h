/*
 * mime.h - one inbound mail, parsed (libetpan) into what the pipeline needs:
 * every header (raw, unfolded), the decoded subject and sender, the text
 * body in UTF-8 (text/plain preferred, HTML converted when it is the only
 * body), the attachments, and the parts of a delivery report.  Malformed
 * input never fails the parse: what could not be read is listed in errors.
 *
 * Life cycle: mime_parse fills a zeroed struct; mime_msg_release frees it.
 */
#ifndef ALTC_MIME_H
#define ALTC_MIME_H

#include <stddef.h>

#include "mail_action.h"

struct mime_header {
	char *name;	/* as written */
	char *value;	/* unfolded, not decoded */
};

struct mime_limits {
	size_t attachment_bytes;	/* larger attachments are refused (listed in refused) */
	int depth;			/* deepest multipart nesting read */
	int max_nesting;		/* more nested multiparts: refused before parsing (0: 100) */
	int max_parts;			/* more body parts: refused before parsing (0: 1000) */
	size_t skeleton_min;		/* base64 parts from this size parsed aside (0: 16 KB,
					 * SIZE_MAX: never) */
};

struct mime_msg {
	struct mime_header *headers;
	size_t nheaders;
	char *subject;		/* RFC 2047 decoded UTF-8, "" when absent */
	char *from;		/* lower-case address of From, "" when absent */
	char *from_name;	/* decoded display name, may be "" */
	char *message_id;	/* without <>, NULL when absent */
	char *text;		/* chosen body, UTF-8, LF line ends */
	int text_is_html;	/* text came from an HTML-only body */
	int html_quotes;	/* quote blocks dropped from that HTML */
	const char *html_cut;	/* the quote markup that cut it ("gmail_quote"), or NULL */
	char *charset_read;	/* how text was decoded: "iso-8859-1", "utf-8 (declared big5)" */
	char *content_type;	/* top-level "type/subtype", lower case */
	struct mail_attachment *attachments;	/* data owned by the message */
	size_t nattachments;
	char **refused;		/* file names of the attachments over the size limit */
	size_t nrefused;
	int is_report;		/* multipart/report */
	char *report_type;	/* its report-type parameter, lower case, or NULL */
	char *dsn;		/* body of message/delivery-status, or NULL */
	char *returned;		/* header block of the returned message, or NULL */
	char **errors;		/* what could not be read, as short phrases */
	size_t nerrors;
	size_t parsed_aside;	/* large base64 bodies libetpan did not have to scan */
};

/*
 * mime_parse - parse len bytes.  Returns 0; -1 with *errstr_r when the data
 * is not a mail at all (no header could be read) or when a linear scan
 * finds more nested multiparts or parts than the limits allow (libetpan's
 * parse is quadratic in the nesting: such a mail is refused before it).
 */
int mime_parse(const void *data, size_t len, const struct mime_limits *lim,
    struct mime_msg *m, char **errstr_r);
void mime_msg_release(struct mime_msg *m);

/* mime_header_get - nth (0 first) header of that name (any case), or NULL */
const char *mime_header_get(const struct mime_msg *m, const char *name, int nth);

/* mime_decode_words - RFC 2047 decoding of a header value into UTF-8 (caller frees) */
char *mime_decode_words(const char *value, int *unknown_charset_r);

/*
 * mime_addresses - the addresses (lower case) of an address-list header
 * value, display names ignored; returns how many were stored in out
 * (caller frees each).
 */
size_t mime_addresses(const char *value, char **out, size_t max);

/* mime_is_pdf - %PDF- within the first 1024 bytes and %%EOF near the end */
int mime_is_pdf(const unsigned char *data, size_t len);

/* mime_safe_filename - the last path component, control characters removed (caller frees) */
char *mime_safe_filename(const char *name);

/* helpers shared by mime_parse.c and mime_part.c (libetpan types) */
struct clist_s;
struct mailmime;
struct mailmime_content;
struct mailmime_single_fields;
struct strbuf;

/*
 * mime_structure_check - a linear scan of the raw mail: -1 with *errstr_r
 * when it declares more nested multiparts or parts than lim allows
 */
int mime_structure_check(const char *data, size_t len, const struct mime_limits *lim,
    char **errstr_r);
/*
 * mime_skeleton - out: data with the bodies of base64 leaf parts of at least
 * min bytes replaced by markers (left empty when there is none); sk: where
 * each body was.  mime_skeleton_body maps a marker back (1) or says 0.
 */
#define MIME_SKELETON_MAX 64
struct mime_skeleton {
	char nonce[9];
	size_t n;
	struct mime_cut {
		size_t from, len;
	} cut[MIME_SKELETON_MAX];
};
void mime_skeleton(const char *data, size_t len, size_t min, struct mime_skeleton *sk,
    struct strbuf *out);
int mime_skeleton_body(const struct mime_skeleton *sk, const char *p, size_t len,
    size_t *from_r, size_t *len_r);
/* mime_prepare - the bytes to parse into out: CR-only line ends made LF, NUL in headers U+FFFD */
void mime_prepare(const char *data, size_t len, struct strbuf *out);

/* mime_ct_string - "type/subtype" in lower case (caller frees) */
char *mime_ct_string(struct mailmime_content *ct);
/* mime_param_get - a parameter of a list of struct mailmime_parameter, or NULL */
const char *mime_param_get(struct clist_s *params, const char *name);
/* mime_part_filename - decoded, path-stripped file name of a part, or NULL (caller frees) */
char *mime_part_filename(struct mailmime *mm, const struct mailmime_single_fields *sf);
/* mime_unflow - append RFC 3676 text with soft breaks joined and stuffing undone */
void mime_unflow(const char *s, size_t len, int delsp, struct strbuf *out);

#endif
