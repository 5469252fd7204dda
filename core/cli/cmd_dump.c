/*
 * cmd_dump.c - `dump [-o FILE]`: the database's schema and stamp as SQL,
 * on stdout or written to FILE (atomically); `dump --check [FILE]`: FILE
 * (default: the schema file, --schema-file or schema_file =) against the
 * dump of what the migrations build on a scratch database.  Equal: "FILE
 * is up to date", exit 0.  Different: a unified diff on stdout ("---
 * FILE", "+++ (migrations)": lines only in the file are "-", lines only in
 * what the migrations build are "+") and exit 1.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "udiff.h"

static int read_error(struct cli_err *d, const char *path, int err)
{
	if (err == ENOMEM)
		return cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
	cli_err_set(d, MIGRATOR_EIO, "cannot read %s", path);
	cli_err_detail(d, "%s.", strerror(err));
	return MIGRATOR_EIO;
}

static int differs(struct cli_err *d, const char *path)
{
	cli_err_set(d, MIGRATOR_EDRIFT,
		    "%s differs from the schema the migrations build", path);
	cli_err_hint(d, "Lines marked - are only in the file, lines marked + "
			"only in what the migrations build: add the migration "
			"that is missing, or commit the schema file that "
			"upgrade writes (migrator dump -o %s on a database at "
			"head).",
		     path);
	return MIGRATOR_EDRIFT;
}

static int check_file(struct cli *cli, struct cli_err *d)
{
	const char *path = cli->args.pos.n ? cli->args.pos.v[0]
					   : cli->set.schema_file;
	char *have = NULL, *want = NULL;
	size_t len = 0;
	int rc, err;

	if (!path) {
		cli_err_set(d, MIGRATOR_EUSAGE, "dump --check needs a file");
		cli_err_hint(d, "Name it (dump --check schema.sql), or set "
				"schema_file in migrator.ini or "
				"--schema-file.");
		return MIGRATOR_EUSAGE;
	}
	err = cli_read_file(path, &have, &len);
	if (err)
		return read_error(d, path, err);
	rc = cli_err_take(d, cli->ctx, migrator_dump_expected(cli->ctx, &want));
	if (!rc && len == strlen(want) && memcmp(have, want, len) == 0) {
		if (!cli->quiet) {
			cli_put_text(stdout, path);
			puts(" is up to date");
		}
	} else if (!rc) {
		if (cli_udiff(stdout, have, len, path, want, strlen(want),
			      "(migrations)") < 0)
			rc = cli_err_set(d, MIGRATOR_ENOMEM, "out of memory");
		else
			rc = differs(d, path);
	}
	free(have);
	migrator_free(want);
	return rc;
}

int cmd_dump(struct cli *cli, struct cli_err *d)
{
	char *text = NULL;
	int rc;

	if (cli->args.check) {
		if (cli->args.output)
			return cli_err_set(d, MIGRATOR_EUSAGE,
					   "dump --check writes nothing: it "
					   "does not take -o");
		return check_file(cli, d);
	}
	if (cli->args.pos.n) {
		cli_err_set(d, MIGRATOR_EUSAGE, "unexpected argument \"%s\"",
			    cli->args.pos.v[0]);
		cli_err_hint(d, "Write the dump to a file with -o FILE; "
				"compare a file with dump --check FILE.");
		return MIGRATOR_EUSAGE;
	}
	if (cli->args.output)
		return cli_err_take(d, cli->ctx,
				    migrator_dump_file(cli->ctx,
						       cli->args.output));
	rc = cli_err_take(d, cli->ctx, migrator_dump(cli->ctx, &text));
	if (!rc)
		fputs(text, stdout);
	migrator_free(text);
	return rc;
}
