/* Unit tests: the pseudonyms' key file and the pseudonyms (pseudonym.h). */
#include <sys/stat.h>
#include <fcntl.h>
#include <sodium.h>

#include "pseudonym.h"
#include "unit.h"

/* A scratch directory for a test's files; its name into dir[64]. */
static void
scratch_dir(char *dir)
{
	snprintf(dir, 64, "/tmp/derma-unit-XXXXXX");
	if (mkdtemp(dir) == NULL)
		fail_msg("mkdtemp: %s", strerror(errno));
}

/* Writes n bytes of s to path, mode mode. */
static void
write_file(const char *path, const void *s, size_t n, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd == -1 || write(fd, s, n) != (ssize_t)n)
		fail_msg("write %s: %s", path, strerror(errno));
	close(fd);
	if (chmod(path, mode) == -1)
		fail_msg("chmod %s: %s", path, strerror(errno));
}

/* The mode bits of path (-1 when there is none). */
static int
mode_of(const char *path)
{
	struct stat st;

	return lstat(path, &st) == -1 ? -1 : (int)(st.st_mode & 07777);
}

/* A key made in directories that are not there yet, then read back. */
static void
test_made_then_read(void **state)
{
	struct pseudonym_key k1, k2;
	struct diag d;
	char dir[64], path[128], sub[96];
	int made;

	(void)state;
	scratch_dir(dir);
	snprintf(sub, sizeof(sub), "%s/a/b", dir);
	snprintf(path, sizeof(path), "%s/key", sub);
	assert_int_equal(pseudonym_key_load(path, &k1, &made, &d), 0);
	assert_int_equal(made, 1);
	assert_int_equal(mode_of(path), 0600);
	assert_int_equal(mode_of(sub), 0700);
	/* The second run reads the same key and makes none. */
	assert_int_equal(pseudonym_key_load(path, &k2, &made, &d), 0);
	assert_int_equal(made, 0);
	assert_memory_equal(k1.k, k2.k, sizeof(k1.k));
	unlink(path);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/a", dir);
	rmdir(sub);
	rmdir(dir);
}

/* Keys that must not be used: each refused with what is wrong. */
static void
test_refused(void **state)
{
	unsigned char bytes[PSEUDONYM_KEY_BYTES + 1] = {0};
	struct pseudonym_key k;
	struct diag d;
	char dir[64], path[128], link_to[128];
	int made;

	(void)state;
	scratch_dir(dir);
	snprintf(path, sizeof(path), "%s/key", dir);

	/* Not a whole path: the key would depend on the directory run in. */
	assert_int_equal(pseudonym_key_load("key", &k, &made, &d), -1);
	assert_int_equal(d.kind, DIAG_CONFIG);
	assert_non_null(strstr(d.msg, "report.key_file"));
	assert_int_equal(pseudonym_key_load(NULL, &k, &made, &d), -1);
	assert_int_equal(d.kind, DIAG_CONFIG);

	/* Too short, too long: never a key of its own bytes. */
	write_file(path, bytes, PSEUDONYM_KEY_BYTES - 1, 0600);
	assert_int_equal(pseudonym_key_load(path, &k, &made, &d), -1);
	assert_int_equal(d.kind, DIAG_CONFIG);
	assert_non_null(strstr(d.msg, "must be 32 bytes"));
	write_file(path, bytes, PSEUDONYM_KEY_BYTES + 1, 0600);
	assert_int_equal(pseudonym_key_load(path, &k, &made, &d), -1);
	assert_non_null(strstr(d.msg, "must be 32 bytes"));
	assert_int_equal(made, 0);
	unlink(path);

	/* A directory where the key should be. */
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(pseudonym_key_load(path, &k, &made, &d), -1);
	assert_int_equal(d.kind, DIAG_CONFIG);
	assert_non_null(strstr(d.msg, "not a regular file"));
	rmdir(path);

	/* A symbolic link is not followed, not even to a good key: the
	 * configured name is wrong, as a directory's is. */
	snprintf(link_to, sizeof(link_to), "%s/real", dir);
	write_file(link_to, bytes, PSEUDONYM_KEY_BYTES, 0600);
	assert_int_equal(symlink(link_to, path), 0);
	assert_int_equal(pseudonym_key_load(path, &k, &made, &d), -1);
	assert_int_equal(d.kind, DIAG_CONFIG);
	assert_non_null(strstr(d.msg, "symbolic link"));
	assert_int_equal(made, 0);
	unlink(path);
	unlink(link_to);

	/* Its directory cannot be made: a file is in the way. */
	snprintf(link_to, sizeof(link_to), "%s/file", dir);
	write_file(link_to, "x", 1, 0600);
	snprintf(path, sizeof(path), "%s/file/key", dir);
	assert_int_equal(pseudonym_key_load(path, &k, &made, &d), -1);
	assert_int_equal(d.kind, DIAG_IO);
	assert_int_equal(made, 0);
	unlink(link_to);
	rmdir(dir);
}

static int
is_hex16(const char *s)
{
	if (strlen(s) != PSEUDONYM_LEN)
		return 0;
	for (; *s != '\0'; s++)
		if (strchr("0123456789abcdef", *s) == NULL)
			return 0;
	return 1;
}

/* The same id and key, the same pseudonym; another id or key, another. */
static void
test_pseudonyms(void **state)
{
	struct pseudonym_key k1, k2;
	char a[PSEUDONYM_LEN + 1], b[PSEUDONYM_LEN + 1], c[PSEUDONYM_LEN + 1];

	(void)state;
	assert_true(sodium_init() >= 0);
	memset(k1.k, 1, sizeof(k1.k));
	memcpy(&k2, &k1, sizeof(k2));
	k2.k[PSEUDONYM_KEY_BYTES - 1] ^= 1;
	pseudonym(&k1, "P-0001", 6, a);
	assert_true(is_hex16(a));
	pseudonym(&k1, "P-0001", 6, b);
	assert_string_equal(a, b);
	/* The n bytes count, not the string: "P-0001" cut to "P-000". */
	pseudonym(&k1, "P-0001", 5, c);
	assert_string_not_equal(a, c);
	pseudonym(&k1, "P-0002", 6, c);
	assert_string_not_equal(a, c);
	pseudonym(&k2, "P-0001", 6, c);
	assert_true(is_hex16(c));
	assert_string_not_equal(a, c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_made_then_read),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_pseudonyms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
