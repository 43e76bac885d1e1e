/*
 * user_text.h - the engine's messages in the language of the person who
 * reads them.  The engine explains a refusal in English (the CLI, the logs,
 * the failed/ reasons); when the explanation goes back to a sender by mail,
 * it is translated here from a table of the engine's message formats.
 */
#ifndef ALTC_USER_TEXT_H
#define ALTC_USER_TEXT_H

/*
 * user_text - msg for a reader of locale ("fr" or "en"): a copy for English,
 * the French of its format for French, the message itself when the table
 * has no entry for it.  Caller frees.
 */
char *user_text(const char *locale, const char *msg);

/* user_text_formats - the English formats of the table, NULL-terminated (tests) */
const char *const *user_text_formats(void);

#endif
