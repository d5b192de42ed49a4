/*
 * pseudonym: what derma-report writes instead of a patient's id with
 * --anonymize.  A keyed hash (libsodium's crypto_generichash, BLAKE2b,
 * with the clinic's 32-byte secret), so that the same id gives the same
 * pseudonym from one report to the next, and no one without the key can
 * find an id by trying them all.  The key lives in a file of its own,
 * made on first use (mode 0600) from the system's random bytes.
 */
#ifndef DERMA_PSEUDONYM_H
#define DERMA_PSEUDONYM_H

#include <stddef.h>

#include "diag.h"

#define PSEUDONYM_KEY_BYTES 32
/* A pseudonym: 16 lower-case hex digits (64 bits), and its NUL. */
#define PSEUDONYM_LEN 16

struct pseudonym_key {
	unsigned char k[PSEUDONYM_KEY_BYTES];
};

/*
 * Reads the key from path, or makes it there when there is none (and the
 * directory for it, mode 0700): 32 random bytes in a file of mode 0600,
 * put in place whole, so that two runs at once agree on one key.  *made
 * says whether it was made now.  Returns 0, or -1 with d filled
 * (DIAG_CONFIG: a key file that is not 32 bytes, or that others may read;
 * DIAG_IO: it cannot be read or made).
 */
int pseudonym_key_load(const char *path, struct pseudonym_key *k, int *made,
    struct diag *d);
/* The pseudonym of the n bytes of id, into out[PSEUDONYM_LEN + 1]. */
void pseudonym(const struct pseudonym_key *k, const char *id, size_t n,
    char *out);

#endif
