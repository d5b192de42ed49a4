/*
 * send: hands one mail message to the clinic's mail command (sendmail's
 * interface: the message on its standard input, the recipients in its
 * headers), run without a shell, with a time limit.
 */
#ifndef DERMA_SEND_H
#define DERMA_SEND_H

#include <stddef.h>

#include "diag.h"

/*
 * Runs argv (argv[0] looked up in PATH as posix_spawnp(3) does) with the
 * n bytes of msg on its standard input and its standard output and error
 * on /dev/null (they may name the recipient), and waits at most timeout
 * seconds for it to exit.
 * Returns 0 when it exits with status 0; -1 with d filled otherwise
 * (DIAG_UNAVAILABLE: it could not run, failed, or took too long and was
 * killed).  *ran is 0 when the command could not be started at all.
 */
int send_message(const char *const *argv, const char *msg, size_t n,
    int timeout, int *ran, struct diag *d);

#endif
