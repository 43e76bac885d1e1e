/*
 * fuzz_mail.c - libFuzzer harness for everything an inbound mail goes
 * through before the database: MIME parsing, charset conversion, HTML text,
 * robot and bounce classification, routing and token discovery, the quote
 * stripper and the command parser.  Build and run with tests/fuzz/run.sh.
 */
#include "compat.h"

#include "command.h"
#include "dsn.h"
#include "mime.h"
#include "reply.h"
#include "robot.h"
#include "route.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* base64 parts from 64 bytes parsed aside, so that the inputs reach that path */
	struct mime_limits lim = { 200000, 16, 0, 0, 64 };
	struct mime_msg m;
	struct dsn_result d;
	struct route r;
	struct command c;
	char *err = NULL, *text;

	/* the stripper and the command parser on the raw bytes too */
	text = reply_new_text((const char *)data, size);
	command_parse(text, &c);
	command_release(&c);
	free(text);
	if (mime_parse(data, size, &lim, &m, &err) < 0) {
		free(err);
		return 0;
	}
	(void)robot_check(&m, "univ.example");
	(void)dsn_parse(&m, &d);
	route_find(&m, NULL, "univ.example", &r);
	{
		struct reply_text rt;

		reply_extract(m.text, strlen(m.text), m.subject, &rt);
		command_parse(rt.command, &c);
		command_release(&c);
		reply_text_release(&rt);
	}
	mime_msg_release(&m);
	return 0;
}
