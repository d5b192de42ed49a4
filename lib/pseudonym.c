#include "pseudonym.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

/* Hashed before the id: these pseudonyms are for nothing else. */
static const char context[] = "derma-report pseudonym 1";

/* Makes the directories above path that are missing, mode 0700. */
static int
make_parents(const char *path, struct diag *d)
{
	char dir[PATH_MAX];
	size_t n = strlen(path);

	if (n >= sizeof(dir)) {
		diag_set(d, DIAG_CONFIG, 0, 0, "%s: file name too long", path);
		return -1;
	}
	memcpy(dir, path, n + 1);
	for (char *p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		if (strchr(p + 1, '/') == NULL && p[1] == '\0')
			break;
		*p = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
			diag_set(d, DIAG_IO, 0, 0, "%s: cannot make the key's "
			    "directory: %s", dir, strerror(errno));
			return -1;
		}
		*p = '/';
	}
	return 0;
}

static int
read_key(int fd, const char *path, struct pseudonym_key *k, struct diag *d)
{
	unsigned char extra;
	struct stat st;
	size_t got = 0;
	ssize_t r;

	if (fstat(fd, &st) == -1) {
		diag_set(d, DIAG_IO, 0, 0, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_set(d, DIAG_CONFIG, 0, 0, "%s: the pseudonyms' key is not a "
		    "regular file", path);
		return -1;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		diag_set(d, DIAG_CONFIG, 0, 0, "%s: the pseudonyms' key may be read "
		    "by others (chmod 600 it)", path);
		return -1;
	}
	while (got < sizeof(k->k)) {
		r = read(fd, k->k + got, sizeof(k->k) - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			diag_set(d, DIAG_IO, 0, 0, "%s: %s", path, strerror(errno));
			return -1;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	while ((r = read(fd, &extra, 1)) == -1 && errno == EINTR)
		;
	if (got != sizeof(k->k) || r != 0) {
		sodium_memzero(k->k, sizeof(k->k));
		diag_set(d, DIAG_CONFIG, 0, 0, "%s: the pseudonyms' key must be %d "
		    "bytes", path, PSEUDONYM_KEY_BYTES);
		return -1;
	}
	return 0;
}

/* Writes a new key to a file of its own, then links it in at path. */
static int
make_key(const char *path, struct pseudonym_key *k, int *made, struct diag *d)
{
	char tmp[PATH_MAX];
	int fd, r = -1;

	if (snprintf(tmp, sizeof(tmp), "%s.%ld.new", path, (long)getpid()) >=
	    (int)sizeof(tmp)) {
		diag_set(d, DIAG_CONFIG, 0, 0, "%s: file name too long", path);
		return -1;
	}
	if (make_parents(path, d) == -1)
		return -1;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1) {
		diag_set(d, DIAG_IO, 0, 0, "%s: cannot make the pseudonyms' key: %s",
		    path, strerror(errno));
		return -1;
	}
	randombytes_buf(k->k, sizeof(k->k));
	if (write(fd, k->k, sizeof(k->k)) != (ssize_t)sizeof(k->k) ||
	    fsync(fd) == -1)
		diag_set(d, DIAG_IO, 0, 0, "%s: cannot write the pseudonyms' key: %s",
		    path, strerror(errno));
	else if (link(tmp, path) == 0)
		r = 0, *made = 1;
	else if (errno == EEXIST)
		r = 1;		/* another run made one first: that one */
	else
		diag_set(d, DIAG_IO, 0, 0, "%s: cannot make the pseudonyms' key: %s",
		    path, strerror(errno));
	close(fd);
	unlink(tmp);
	if (r != 0)
		sodium_memzero(k->k, sizeof(k->k));
	return r;
}

int
pseudonym_key_load(const char *path, struct pseudonym_key *k, int *made,
    struct diag *d)
{
	int fd, r;

	*made = 0;
	if (sodium_init() == -1) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "libsodium cannot start");
		return -1;
	}
	if (path == NULL || path[0] != '/') {
		diag_set(d, DIAG_CONFIG, 0, 0, "no file for the pseudonyms' key: "
		    "set report.key_file (see derma-config(5)), or HOME");
		return -1;
	}
	for (int tries = 0; tries < 2; tries++) {
		if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) != -1) {
			r = read_key(fd, path, k, d);
			close(fd);
			return r;
		}
		/* A link is not followed (another's file could be the key),
		 * whether it points to a file or to nothing: the configured
		 * name is wrong, as a key others may read is. */
		if (errno == ELOOP) {
			diag_set(d, DIAG_CONFIG, 0, 0, "%s: the pseudonyms' key is a "
			    "symbolic link: name the file itself", path);
			return -1;
		}
		if (errno != ENOENT) {
			diag_set(d, DIAG_IO, 0, 0, "%s: %s", path, strerror(errno));
			return -1;
		}
		if ((r = make_key(path, k, made, d)) <= 0)
			return r;
	}
	diag_set(d, DIAG_IO, 0, 0, "%s: cannot read the pseudonyms' key", path);
	return -1;
}

void
pseudonym(const struct pseudonym_key *k, const char *id, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char h[crypto_generichash_BYTES_MIN];
	crypto_generichash_state st;

	/* BLAKE2b of its shortest, the first 64 bits of it kept. */
	crypto_generichash_init(&st, k->k, sizeof(k->k), sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)context,
	    sizeof(context));
	crypto_generichash_update(&st, (const unsigned char *)id, n);
	crypto_generichash_final(&st, h, sizeof(h));
	for (size_t i = 0; i < PSEUDONYM_LEN / 2; i++) {
		out[2 * i] = hex[h[i] >> 4];
		out[2 * i + 1] = hex[h[i] & 15];
	}
	out[PSEUDONYM_LEN] = '\0';
}
