/*
 * fleet_run.c - fleets (issue 18): runs a command over many targets.
 *
 * One child process per running target, at most -j N at a time (default:
 * the number of CPUs, at most the number of targets).  Each child runs
 * the ordinary command (fleet_child.c), so every target has its own
 * connection, lock, stamp and history, exactly as a single run, and a
 * crash in one cannot take the others down; a rerun after a failure or a
 * kill -9 of the whole run finishes the rest (done targets are no-ops).
 * The parent holds no connection while children run: -j N needs N.
 *
 * --fail-fast starts no new target after the first failure (running ones
 * finish); --canary N runs the first N targets, and goes on to the others
 * only when all of them succeeded.  Targets not started are "skipped".
 * Exit 0 only when every target succeeded.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fleet.h"

static unsigned long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000ul +
	       (unsigned long)ts.tv_nsec / 1000000ul;
}

static void close_pipes(int (*p)[2], size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 2; k++)
			if (p[i][k] >= 0)
				close(p[i][k]);
}

static int start(struct fleet *f, struct fleet_job *j, struct cli_err *d)
{
	int p[FLEET_NFD][2];
	pid_t pid;

	for (int i = 0; i < FLEET_NFD; i++)
		p[i][0] = p[i][1] = -1;
	for (int i = 0; i < FLEET_NFD; i++)
		if (pipe(p[i]) < 0 || fcntl(p[i][0], F_SETFD, FD_CLOEXEC) < 0) {
			int e = errno;

			close_pipes(p, FLEET_NFD);
			cli_err_set(d, MIGRATOR_EIO, "cannot make a pipe");
			cli_err_detail(d, "%s.", strerror(e));
			return MIGRATOR_EIO;
		}
	fflush(NULL); /* nothing buffered is written twice */
	pid = fork();
	if (pid < 0) {
		int e = errno;

		close_pipes(p, FLEET_NFD);
		cli_err_set(d, MIGRATOR_EIO, "cannot start a process");
		cli_err_detail(d, "%s.", strerror(e));
		return MIGRATOR_EIO;
	}
	if (pid == 0) {
		/* the other children's read ends are close-on-exec only */
		for (size_t i = 0; i < f->n; i++)
			for (int k = 0; k < FLEET_NFD; k++)
				if (f->jobs[i].fd[k] >= 0)
					close(f->jobs[i].fd[k]);
		for (int i = 0; i < FLEET_NFD; i++)
			close(p[i][0]);
		cli_fleet_child(f->cli, f->cmd, j->t, p[FLEET_OUT][1],
				p[FLEET_ERR][1], p[FLEET_REP][1]);
	}
	for (int i = 0; i < FLEET_NFD; i++) {
		close(p[i][1]);
		j->fd[i] = p[i][0];
	}
	j->pid = pid;
	j->state = JOB_RUNNING;
	j->started_ms = now_ms();
	f->running++;
	return 0;
}

struct line_ctx {
	struct fleet *f;
	struct fleet_job *j;
	int which;
};

static int set_field(char **slot, const char *v)
{
	char *copy = strdup(v);

	if (!copy)
		return -1;
	free(*slot);
	*slot = copy;
	return 0;
}

/* A line of the child's report (fleet_child.c). */
static void report_line(struct fleet_job *j, const char *line)
{
	const char *tab = strchr(line, '\t');
	size_t k;
	int rc = 0;

	if (!tab)
		return;
	k = (size_t)(tab - line);
	tab++;
	if (k == 4 && strncmp(line, "from", 4) == 0)
		rc = set_field(&j->from, tab);
	else if (k == 2 && strncmp(line, "to", 2) == 0)
		rc = set_field(&j->to, tab);
	else if (k == 5 && strncmp(line, "heads", 5) == 0)
		rc = set_field(&j->heads, tab);
	else if (k == 5 && strncmp(line, "error", 5) == 0)
		rc = set_field(&j->error, tab);
	else if (k == 3 && strncmp(line, "ran", 3) == 0)
		j->ran = strtoul(tab, NULL, 10);
	else if (k == 4 && strncmp(line, "code", 4) == 0)
		j->code = (int)strtol(tab, NULL, 10);
	if (rc)
		cli_warn("out of memory: the report of %s is incomplete",
			 j->t->name);
}

static void on_line(void *arg, const char *line)
{
	struct line_ctx *x = arg;
	struct fleet *f = x->f;

	if (x->which == FLEET_REP)
		report_line(x->j, line);
	else if (x->which == FLEET_ERR || f->cli->args.json)
		cli_fleet_print(f, stderr, x->j->t->name, line);
	else
		cli_fleet_print(f, stdout, x->j->t->name, line);
}

/* All of j's pipes are done: its process ends now. */
static void reap(struct fleet *f, struct fleet_job *j)
{
	while (waitpid(j->pid, &j->status, 0) < 0 && errno == EINTR)
		;
	j->ms = now_ms() - j->started_ms;
	j->state = JOB_DONE;
	f->running--;
	f->done++;
	if (!cli_fleet_ok(j))
		f->failed++;
	cli_fleet_progress(f);
}

/* Waits for output of the running children and handles it. */
static int pump(struct fleet *f, struct cli_err *d)
{
	struct pollfd *pf = calloc(f->running * FLEET_NFD, sizeof(*pf));
	struct fleet_job **who = calloc(f->running * FLEET_NFD, sizeof(*who));
	size_t n = 0;

	if (!pf || !who) {
		free(pf);
		free(who);
		return cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < f->n; i++)
		for (int k = 0; f->jobs[i].state == JOB_RUNNING &&
				k < FLEET_NFD; k++)
			if (f->jobs[i].fd[k] >= 0) {
				pf[n].fd = f->jobs[i].fd[k];
				pf[n].events = POLLIN;
				who[n++] = &f->jobs[i];
			}
	if (poll(pf, n, -1) < 0 && errno != EINTR) {
		free(pf);
		free(who);
		return cli_err_set(d, MIGRATOR_EIO, "poll failed");
	}
	for (size_t i = 0; i < n; i++) {
		struct fleet_job *j = who[i];
		int k = 0, open = 0;

		if (!pf[i].revents)
			continue;
		while (j->fd[k] != pf[i].fd)
			k++;
		{
			struct line_ctx x = {f, j, k};

			if (cli_fleet_read(j->fd[k], &j->buf[k], on_line, &x)) {
				close(j->fd[k]);
				j->fd[k] = -1;
			}
		}
		for (k = 0; k < FLEET_NFD; k++)
			open += j->fd[k] >= 0;
		if (!open)
			reap(f, j);
	}
	free(pf);
	free(who);
	return 0;
}

static unsigned cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}

/* Starts targets while there is room; canary: the first N, then the
 * rest only when they all succeeded. */
static int schedule(struct fleet *f, struct cli_err *d)
{
	size_t next = 0, limit = f->n;
	unsigned canary = f->cli->args.canary;
	int rc = 0;

	if (canary && canary < f->n)
		limit = canary;
	for (;;) {
		/* a failed canary, or --fail-fast */
		int stop = f->failed &&
			   (f->cli->args.fail_fast || limit < f->n);

		while (!rc && !stop && f->running < f->jobs_max &&
		       next < limit) {
			rc = start(f, &f->jobs[next++], d);
			cli_fleet_progress(f);
		}
		if (f->running) {
			int prc = pump(f, d);

			rc = rc ? rc : prc;
			continue;
		}
		if (!rc && !stop && next == limit && limit < f->n) {
			limit = f->n; /* the canaries all succeeded */
			continue;
		}
		break;
	}
	for (; next < f->n; next++)
		f->jobs[next].state = JOB_SKIPPED;
	return rc;
}

static void jobs_free(struct fleet *f)
{
	for (size_t i = 0; f->jobs && i < f->n; i++) {
		struct fleet_job *j = &f->jobs[i];

		for (int k = 0; k < FLEET_NFD; k++) {
			cli_fleet_buf_free(&j->buf[k]);
			if (j->fd[k] >= 0)
				close(j->fd[k]);
		}
		free(j->from);
		free(j->to);
		free(j->heads);
		free(j->error);
	}
	free(f->jobs);
}

/* The run's error: how many targets failed; check's drift alone is
 * drift. */
static int outcome(const struct fleet *f, struct cli_err *d)
{
	size_t bad = 0, drift = 0;

	for (size_t i = 0; i < f->n; i++) {
		const struct fleet_job *j = &f->jobs[i];

		if (!cli_fleet_ok(j)) {
			bad++;
			drift += j->state == JOB_DONE &&
				 j->code == MIGRATOR_EDRIFT;
		}
	}
	if (!bad)
		return 0;
	cli_err_set(d, drift == bad ? MIGRATOR_EDRIFT : MIGRATOR_EDB,
		    "%zu of %zu targets %s", bad, f->n,
		    drift == bad ? "have drift" : "did not succeed");
	return d->code;
}

int cli_fleet_run(struct cli *cli, const struct cli_cmd *cmd,
		  struct cli_err *d)
{
	struct fleet f;
	int rc;

	memset(&f, 0, sizeof(f));
	f.cli = cli;
	f.cmd = cmd;
	rc = cli_fleet_targets(&f.targets, cli, d);
	if (!rc && !f.targets.n)
		rc = cli_err_set(d, MIGRATOR_ECONFIG, "no targets");
	if (!rc && !(f.jobs = calloc(f.targets.n, sizeof(*f.jobs))))
		rc = cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
	if (rc)
		goto out;
	f.n = f.targets.n;
	for (size_t i = 0; i < f.n; i++) {
		f.jobs[i].t = &f.targets.v[i];
		for (int k = 0; k < FLEET_NFD; k++)
			f.jobs[i].fd[k] = -1;
	}
	f.jobs_max = cli->args.jobs ? cli->args.jobs : cpus();
	if (f.jobs_max > f.n)
		f.jobs_max = (unsigned)f.n;
	f.progress = !cli->quiet && !cli->args.json && cli_is_tty(stderr);
	cli_fleet_preload(&f);
	rc = schedule(&f, d);
	cli_fleet_unload(&f);
	cli_fleet_progress_clear(&f);
	cli_fleet_report(&f);
	if (!rc)
		rc = outcome(&f, d);
out:
	jobs_free(&f);
	cli_targets_free(&f.targets);
	return rc;
}
