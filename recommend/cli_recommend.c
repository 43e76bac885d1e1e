/*
 * cli_recommend.c - `altc recommend` for staff: run now (everything, one
 * student or one offer, with the reasons of each score), the admin's
 * impact weights, the lists as students and employers read them, a
 * student's criteria and favourites; and the module's descriptor.
 */
#include "compat.h"

#include "altc.h"
#include "cli.h"
#include "db.h"
#include "jobs.h"
#include "log.h"
#include "module.h"
#include "person.h"
#include "recommend.h"
#include "recommend_mail.h"
#include "text.h"
#include "status.h"
#include "table.h"
#include "util.h"

/* student_of - the id of a student's address; 0 (message printed) if none */
static int64_t
student_of(struct altc *ctx, const char *email)
{
	int64_t id = db_int_for(ctx->db, "SELECT id FROM users WHERE email = ?1"
	    " AND role = 'student'", email);

	if (id == 0)
		log_warnx("no student '%s'", email);
	return id;
}

static int
run(struct altc *ctx, int argc, char **argv)
{
	const char *email = cli_take_opt(&argc, argv, "student");
	const char *offer = cli_take_opt(&argc, argv, "offer");
	int explain = cli_take_flag(&argc, argv, "explain");
	struct rec_run_opts opts = { 0 };
	struct rec_run_stats st;
	char *err = NULL;

	opts.full = cli_take_flag(&argc, argv, "full");
	opts.notify = 1;
	if (argc != 2 || (email && offer))
		return cli_usage_error("recommend", "run takes --student EMAIL or --offer ID");
	if (email && (opts.student_id = student_of(ctx, email)) == 0)
		return EX_NOINPUT;
	if (offer && (opts.offer_id = strtoll(offer, NULL, 10)) <= 0)
		return cli_usage_error("recommend", "--offer takes an offer number");
	if (recommend_run(ctx, &opts, &st, &err) < 0) {
		log_warnx("recommend: %s", err);
		free(err);
		return EX_SOFTWARE;
	}
	printf("%zu students, %zu offers: %zu student lists and %zu offer lists rewritten,"
	    " %zu pairs scored, %zu lines written\n", st.students, st.offers, st.redo_students,
	    st.redo_offers, st.pairs, st.written);
	if (!explain || (!opts.student_id && !opts.offer_id))
		return EX_OK;
	{	/* the reasons of each line of the list, with one model */
		char *ex = recommend_explain(ctx, opts.student_id, opts.offer_id, &err);

		if (ex == NULL) {
			log_warnx("recommend: %s", err);
			free(err);
			return EX_SOFTWARE;
		}
		printf("\n%s", ex);
		free(ex);
	}
	return EX_OK;
}

static int
weights(struct altc *ctx, int argc, char **argv, enum table_format fmt)
{
	char *err = NULL;
	int rc = ACT_OK;

	if (argc == 2)
		return cli_print_table(recommend_weights(ctx, &err), fmt, err);
	if (strcmp(argv[2], "set") != 0 || argc < 4)
		return cli_usage_error("recommend", "weights set CRITERION=N ...");
	if (db_begin(ctx->db) < 0)
		return EX_TEMPFAIL;
	for (int i = 3; i < argc && rc == ACT_OK; i++) {
		char *eq = strchr(argv[i], '='), *end;
		long n;

		if (eq == NULL) {
			db_rollback(ctx->db);
			return cli_usage_error("recommend", "weights set CRITERION=N ...");
		}
		*eq = '\0';
		n = strtol(eq + 1, &end, 10);
		if (end == eq + 1 || *end) {
			err = xasprintf("the impact of a criterion goes from 0 to 5, not %s", eq + 1);
			rc = ACT_EINPUT;
		} else
			rc = recommend_weight_set(ctx, argv[i], (int)n, &err);
	}
	return cli_finish(ctx, rc, err);
}

static int
cmd_recommend(struct altc *ctx, int argc, char **argv)
{
	enum table_format fmt;
	const char *email, *offer;
	char *err = NULL;
	int64_t id = 0;

	if (cli_take_format(&argc, argv, &fmt) < 0)
		return EX_USAGE;
	if (argc < 2)
		return cli_usage_error("recommend", "a subcommand is needed");
	if (strcmp(argv[1], "run") == 0)
		return run(ctx, argc, argv);
	if (strcmp(argv[1], "weights") == 0)
		return weights(ctx, argc, argv, fmt);
	email = cli_take_opt(&argc, argv, "student");
	offer = cli_take_opt(&argc, argv, "offer");
	if (email && (id = student_of(ctx, email)) == 0)
		return EX_NOINPUT;
	if (strcmp(argv[1], "list") == 0 && argc == 2 && (email || offer) && !(email && offer))
		return cli_print_table(recommend_list(ctx, id, offer ? strtoll(offer, NULL, 10) : 0,
		    &err), fmt, err);
	if (strcmp(argv[1], "profile") == 0 && email) {
		int rc = ACT_OK;

		if (argc == 2)
			return cli_print_table(recommend_profile(ctx, id, &err), fmt, err);
		if (db_begin(ctx->db) < 0)
			return EX_TEMPFAIL;
		for (int i = 2; i < argc && rc == ACT_OK; i++) {
			char *eq = strchr(argv[i], '='), *k;
			int show;

			if (eq) {
				*eq = '\0';
				k = text_key(argv[i]);
				show = recommend_show_key(k);
				if (rec_disability_key(k)) {	/* RQTH=oui */
					const char *status;

					if (rec_disability_parse(k, eq + 1, &status) < 0) {
						err = xasprintf("RQTH or OETH: '%s' is not understood",
						    eq + 1);
						rc = ACT_EINPUT;
					} else if (rec_disability_set(ctx, id, status, &err) < 0)
						rc = ACT_EDB;
					free(k);
					continue;
				}
				free(k);
				if (show) {	/* Montrer=prénom, formation: what employers see */
					unsigned mask;
					char *bad;

					if (rec_show_parse(eq + 1, &mask, &bad) < 0) {
						err = xasprintf("what employers may see: '%s' is not"
						    " understood", bad);
						free(bad);
						rc = ACT_EINPUT;
					} else if (rec_show_set(ctx, id, mask, &err) < 0)
						rc = ACT_EDB;
					continue;
				}
			}
			if (eq == NULL || recommend_profile_set(ctx, id, argv[i], eq + 1, &err) == 0) {
				err = xasprintf("unknown criterion '%s'", argv[i]);
				rc = ACT_EINPUT;
			} else if (err)
				rc = ACT_EDB;
		}
		return cli_finish(ctx, rc, err);
	}
	if (strcmp(argv[1], "favorites") == 0 && argc == 3) {
		int64_t uid = db_int_for(ctx->db, "SELECT id FROM users WHERE email = ?1", argv[2]);

		if (uid == 0) {
			log_warnx("no user '%s'", argv[2]);
			return EX_NOINPUT;
		}
		return cli_print_table(recommend_favorites(ctx, uid, &err), fmt, err);
	}
	return cli_usage_error("recommend", "unknown subcommand or arguments");
}

static const struct cli_cmd commands[] = {
	{ "recommend", cmd_recommend, CLI_DB,
	  "  altc recommend run [--student EMAIL | --offer ID] [--explain] [--full]\n"
	  "  altc recommend weights [--format F]\n"
	  "  altc recommend weights set CRITERION=N ...   (impact 0-5)\n"
	  "  altc recommend list --student EMAIL | --offer ID [--format text|csv|json]\n"
	  "  altc recommend profile --student EMAIL [CRITERION=VALUE ...] [--format F]\n"
	  "  altc recommend favorites EMAIL [--format F]\n",
	  "recommendations: run, impact weights, lists, criteria, favourites" },
	{ NULL, NULL, CLI_NONE, NULL, NULL }
};

static const struct job jobs[] = {
	{ "recommend", JOB_DAILY, "schedule.recommend", NULL, recommend_job },
	{ NULL, JOB_DAILY, NULL, NULL, NULL }
};

/* the columns that name a person (person.h) */
static const struct person_column personal[] = {
	{ "favorites", "user_id", "user_id = ?1", PERSON_DELETE, NULL,
	  "the offers or profiles the person keeps" },
	{ "favorites", "student_id", "student_id = ?1", PERSON_DELETE, NULL,
	  "the person's profile kept by an employer" },
	{ NULL, NULL, NULL, 0, NULL, NULL }
};

const struct module recommend_module = {
	.name = "recommend",
	.commands = commands,
	.jobs = jobs,
	.mail_actions = recommend_mail_actions,
	.verbs = recommend_mail_verbs,
	.texts = recommend_texts,
	.templates = recommend_templates,
	.digest = recommend_digest,
	.personal = personal,
	.signup = recommend_signup_fields,
};
