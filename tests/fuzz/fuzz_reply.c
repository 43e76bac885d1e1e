/*
 * fuzz_reply.c - libFuzzer harness of the reply extractor: the quote and
 * signature stripper on the bytes as a text body, and the HTML reader
 * (libxml2, quote markup dropped) followed by the stripper, as for an
 * HTML-only mail.  The new text must never be longer than what it came from.
 */
#include "compat.h"

#include "html_text.h"
#include "reply.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf html = STRBUF_INIT;
	struct reply_text r;
	const char *cut = NULL;
	char *text;

	text = reply_new_text((const char *)data, size);
	if (text && strlen(text) > size)
		abort();
	free(text);
	/* the whole extraction, as a subject telling a forward would ask it */
	reply_extract((const char *)data, size, "Fwd: test", &r);
	if (r.command && strlen(r.command) > size)
		abort();
	reply_text_release(&r);
	(void)html_to_text((const char *)data, size, &html, &cut);
	text = reply_new_text(html.buf ? html.buf : "", html.len);
	free(text);
	strbuf_release(&html);
	return 0;
}
