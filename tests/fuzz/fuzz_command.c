/*
 * fuzz_command.c - libFuzzer harness of the command and form parser: the
 * command line and "key: value" form lines of a reply's new text, the key
 * normalisation of every label, and the offer form read from the same text
 * (its fields, what is missing, the form filled back in).
 */
#include "compat.h"

#include "command.h"
#include "offer.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct offer_fields f;
	struct command c;
	char *text = xmalloc(size + 1), *s;
	size_t i;

	memcpy(text, data, size);
	text[size] = '\0';
	command_parse(text, &c);
	for (i = 0; i < c.nform; i++) {
		s = command_form_key(c.form[i].key);
		free(s);
	}
	if (c.verb)
		(void)command_verb(c.verb);
	command_release(&c);

	offer_fields_init(&f);
	(void)offer_fields_parse(&f, text);
	s = offer_fields_missing(&f, size & 1, "fr");
	free(s);
	s = offer_form_filled(&f, "en");
	free(s);
	offer_fields_release(&f);
	s = offer_form_key(text);
	free(s);
	free(text);
	return 0;
}
