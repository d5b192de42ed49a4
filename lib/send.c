#include "send.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Milliseconds from now to the deadline, at least 0. */
static int
left_ms(const struct timespec *deadline)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : ms > 1000000 ? 1000000 : (int)ms;
}

/* Writes the message to the pipe by the deadline: 0, or -1. */
static int
feed(int fd, const char *msg, size_t n, const struct timespec *deadline)
{
	while (n > 0) {
		struct pollfd p = {fd, POLLOUT, 0};
		ssize_t w;
		int ms = left_ms(deadline);

		if (ms == 0)
			return -1;
		if (poll(&p, 1, ms) == -1 && errno != EINTR)
			return -1;
		if (!(p.revents & (POLLOUT | POLLERR | POLLHUP)))
			continue;
		if ((w = write(fd, msg, n)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;	/* EPIPE: it stopped reading */
		}
		msg += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * feed(), with SIGPIPE held back: a command that stops reading must not
 * kill the tool, whose own output keeps the signal's usual meaning.
 */
static int
feed_quietly(int fd, const char *msg, size_t n, const struct timespec *deadline)
{
	struct timespec none = {0, 0};
	sigset_t pipe_set, old;
	int r;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	r = feed(fd, msg, n, deadline);
	/* The signal our write raised, if it did, is taken here. */
	while (sigtimedwait(&pipe_set, NULL, &none) > 0)
		;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return r;
}

/* Waits for pid by the deadline; kills it past it.  Its wait status, or -1. */
static int
reap(pid_t pid, const struct timespec *deadline, int *late)
{
	struct timespec pause = {0, 10 * 1000 * 1000};
	int status;

	*late = 0;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r == -1 && errno != EINTR)
			return -1;
		if (left_ms(deadline) == 0) {
			*late = 1;
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
				;
			return status;
		}
		nanosleep(&pause, NULL);
	}
}

/*
 * fd made close-on-exec and above the standard three: with one of them
 * closed (cron, CI), pipe(2) may give 0, which the child would lose.
 */
static int
high_fd(int fd)
{
	int moved;

	if (fd > STDERR_FILENO)
		return fcntl(fd, F_SETFD, FD_CLOEXEC) == -1 ? -1 : fd;
	moved = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	close(fd);
	return moved;
}

int
send_message(const char *const *argv, const char *msg, size_t n, int timeout,
    int *ran, struct diag *d)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	struct timespec deadline;
	int pipefd[2] = {-1, -1}, status, late, err, fed;
	sigset_t none;
	pid_t pid;

	*ran = 0;
	if (pipe(pipefd) == -1 || (pipefd[0] = high_fd(pipefd[0])) == -1 ||
	    (pipefd[1] = high_fd(pipefd[1])) == -1) {
		diag_set(d, DIAG_UNAVAILABLE, 0, 0, "cannot run %s: %s", argv[0],
		    strerror(errno));
		for (int i = 0; i < 2; i++)
			if (pipefd[i] != -1)
				close(pipefd[i]);
		return -1;
	}
	fcntl(pipefd[1], F_SETFL, O_NONBLOCK);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pipefd[0], STDIN_FILENO);
	/*
	 * Its output and its messages go nowhere: msmtp and sendmail name the
	 * recipient in theirs, and no patient's address may reach ours.  A
	 * failure is said by the caller, with the record's id and the exit
	 * status.
	 */
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
	    O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
	/*
	 * In a process group of its own, with no signal held back: a ^C at
	 * the terminal stops the run after this message, not the message
	 * half-way.
	 */
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
	    POSIX_SPAWN_SETSIGMASK);
	err = posix_spawnp(&pid, argv[0], &fa, &attr, (char *const *)argv,
	    environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[0]);
	if (err != 0) {
		close(pipefd[1]);
		diag_set(d, DIAG_UNAVAILABLE, 0, 0, "cannot run %s: %s", argv[0],
		    strerror(err));
		return -1;
	}
	*ran = 1;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout;
	fed = feed_quietly(pipefd[1], msg, n, &deadline);
	close(pipefd[1]);
	status = reap(pid, &deadline, &late);
	if (late) {
		diag_set(d, DIAG_UNAVAILABLE, 0, 0, "%s took more than %d seconds "
		    "and was stopped", argv[0], timeout);
		return -1;
	}
	/*
	 * POSIX lets posix_spawn() succeed and the child exit 127 when the
	 * command cannot be executed (so do some libcs, and valgrind): the
	 * command cannot run, as when posix_spawn() says so, and is not
	 * tried again.
	 */
	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		*ran = 0;
		diag_set(d, DIAG_UNAVAILABLE, 0, 0, "cannot run %s: exit status "
		    "127 (not found, or not executable)", argv[0]);
		return -1;
	}
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (status != -1 && WIFEXITED(status))
			diag_set(d, DIAG_UNAVAILABLE, 0, 0, "%s failed (exit "
			    "status %d)", argv[0], WEXITSTATUS(status));
		else
			diag_set(d, DIAG_UNAVAILABLE, 0, 0, "%s failed (killed by "
			    "signal %d)", argv[0], status != -1 && WIFSIGNALED(status) ?
			    WTERMSIG(status) : 0);
		return -1;
	}
	if (fed == -1) {
		diag_set(d, DIAG_UNAVAILABLE, 0, 0, "%s did not read the whole "
		    "message", argv[0]);
		return -1;
	}
	return 0;
}
