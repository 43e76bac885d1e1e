/*
 * recommend_int.h - what the files of recommend/ share and nobody else
 * needs: a string dictionary (open addressing, strings owned), used for
 * the synonyms, the places and the model's vocabulary.
 */
#ifndef ALTC_RECOMMEND_INT_H
#define ALTC_RECOMMEND_INT_H

#include <stddef.h>
#include <stdint.h>

struct rec_dict {
	char **keys;		/* NULL: empty slot */
	int32_t *vals;
	size_t cap, n;		/* cap a power of two */
};

void rec_dict_init(struct rec_dict *d);
void rec_dict_release(struct rec_dict *d);
/* rec_dict_get - the value of key, or -1 */
int32_t rec_dict_get(const struct rec_dict *d, const char *key);
/* rec_dict_put - set key (copied) to val; an existing key keeps its first value */
int32_t rec_dict_put(struct rec_dict *d, const char *key, int32_t val);

/* rec_fold - lower case, no accents, runs of other characters as one space, trimmed */
void rec_fold(struct strbuf *out, const char *s, size_t len);

#endif
