/*
 * user_text.h - the engine's messages in the language of the person who
 * reads them.  The engine explains a refusal in English (the CLI, the logs,
 * the failed/ reasons); when the explanation goes back to a sender by mail,
 * it is translated here from a table of the engine's message formats.
 */
#ifndef ALTC_USER_TEXT_H
#define ALTC_USER_TEXT_H

enum user_text_kind {
	UT_MESSAGE = 0,	/* en is a printf format of a refusal */
	UT_STATE,	/* en is a state name, read in {Ns} */
};

/*
 * One entry of a module's table (module.h, field texts): an engine format
 * (its %s, %lld and %zu match any text) with its French; in the French, {N}
 * is the Nth argument as written, {Ns} the Nth argument read as a state
 * name, {Nt} the Nth argument translated in turn.  en_out rewords the few
 * formats that read like code in English too.
 */
struct user_text {
	const char *en, *fr;
	const char *en_out;
	enum user_text_kind kind;
};

/*
 * user_text - msg for a reader of locale ("fr" or "en"): a copy for English,
 * the French of its format for French, the message itself when the table
 * has no entry for it.  Caller frees.
 */
char *user_text(const char *locale, const char *msg);

/* user_text_formats - the English formats of the table, NULL-terminated (tests) */
const char *const *user_text_formats(void);

#endif
