#include "view-fold.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const char *const view_fold_roots[] = { "L", "City", "Site", NULL };

/* ClearSilver numbers its commands by their place in a table it keeps to
 * itself; a probe template, parsed once, says which number each has. */
enum probe_cmd { CMD_VAR, CMD_EACH, CMD_WITH, CMD_LOOP, CMD_SET, CMD_ESCAPE,
	         CMD_IF, CMD_COUNT, CMD_ELIF = CMD_COUNT, CMD_ELSEIF, CMD_ALL };

static const char probe_text[] =
    "x<?cs var:a ?><?cs each:a = b ?><?cs /each ?>"
    "<?cs with:a = b ?><?cs /with ?><?cs loop:a = 1, 2 ?><?cs /loop ?>"
    "<?cs set:a = b ?><?cs escape:\"html\" ?><?cs /escape ?>"
    "<?cs if:a ?><?cs elif:b ?><?cs elseif:c ?><?cs /if ?>";

struct commands {
	int literal;
	int cmd[CMD_ALL];
};

/* The first command in node's chain, past the text between commands. */
static const CSTREE *first_command(const CSTREE *node, int literal)
{
	while (node != NULL && node->cmd == literal)
		node = node->next;
	return node;
}

/* 0 with the numbers; -1 when the probe did not parse as expected, and
 * then nothing is folded. Its first node is the text x; the text between
 * two commands, even empty, is a node of the same kind. */
static int commands_probe(HDF *global, struct commands *out)
{
	CSPARSE *probe = NULL;
	char *text = strdup(probe_text);
	if (text == NULL || cs_init(&probe, global) != STATUS_OK) {
		free(text);
		return -1;
	}
	NEOERR *nerr = cs_parse_string(probe, text, sizeof probe_text - 1);
	int rc = -1;
	if (nerr == STATUS_OK) {
		CSTREE *node = probe->tree->next;
		size_t k = 0;
		if (node && node->arg1.s && strcmp(node->arg1.s, "x") == 0) {
			out->literal = node->cmd;
			const CSTREE *last = NULL;
			for (node = node->next; node != NULL; node = node->next)
				if (node->cmd != out->literal && k++ < CMD_COUNT)
					out->cmd[k - 1] = (last = node)->cmd;
			const CSTREE *elif = last ? first_command(last->case_1, out->literal) : NULL;
			const CSTREE *elseif = elif ? first_command(elif->case_1, out->literal) : NULL;
			if (elseif != NULL) {
				out->cmd[CMD_ELIF] = elif->cmd;
				out->cmd[CMD_ELSEIF] = elseif->cmd;
				k += 2;
			}
		}
		rc = k == CMD_ALL ? 0 : -1;
	}
	nerr_ignore(&nerr);
	cs_destroy(&probe);
	return rc;
}

static const struct commands *commands_of(HDF *global)
{
	static struct commands known;
	static int state; /* 0 not probed, 1 known, -1 unknown */
	if (state == 0)
		state = commands_probe(global, &known) == 0 ? 1 : -1;
	return state == 1 ? &known : NULL;
}

/* Whether name's first segment is one of the roots. */
static bool under_root(const char *name)
{
	if (name == NULL)
		return false;
	while (*name == ' ')
		name++;
	size_t len = strcspn(name, ". =");
	for (size_t k = 0; view_fold_roots[k]; k++)
		if (strlen(view_fold_roots[k]) == len &&
		    strncmp(name, view_fold_roots[k], len) == 0)
			return true;
	return false;
}

/* Whether a set:'s target is a plain name, not under a root. */
static bool set_elsewhere(const CSARG *target)
{
	return (target->op_type == CS_TYPE_VAR ||
	        target->op_type == CS_TYPE_STRING) &&
	       target->expr1 == NULL && target->expr2 == NULL &&
	       target->s != NULL && !under_root(target->s);
}

/* Whether anything in the tree would make a root's value depend on the
 * render: another escaping, a set: under a root, a local named as one. */
static bool tree_foldable(const CSTREE *node, const struct commands *c)
{
	for (; node != NULL; node = node->next) {
		if (node->cmd == c->cmd[CMD_ESCAPE])
			return false;
		if (node->cmd == c->cmd[CMD_SET] && !set_elsewhere(&node->arg1))
			return false;
		if ((node->cmd == c->cmd[CMD_EACH] || node->cmd == c->cmd[CMD_WITH] ||
		     node->cmd == c->cmd[CMD_LOOP]) &&
		    under_root(node->arg1.s))
			return false;
		if (!tree_foldable(node->case_0, c) || !tree_foldable(node->case_1, c))
			return false;
	}
	return true;
}

static bool macros_foldable(const CS_MACRO *m)
{
	for (; m != NULL; m = m->next)
		for (const CSARG *a = m->args; a != NULL; a = a->next)
			if (under_root(a->s))
				return false;
	return true;
}

/* A var: of a plain name under a root, escaped as HTML: the page's own
 * (Config.VarEscapeMode) or, in a macro, its call's, which is the same
 * when no escape: exists (tree_foldable). */
static bool node_foldable(const CSTREE *node, const struct commands *c)
{
	return node->cmd == c->cmd[CMD_VAR] && node->arg1.op_type == CS_TYPE_VAR &&
	       node->arg1.expr1 == NULL && node->arg1.expr2 == NULL &&
	       node->arg1.next == NULL && node->vargs == NULL &&
	       (node->escape == NEOS_ESCAPE_HTML ||
	        node->escape == NEOS_ESCAPE_UNDEF) &&
	       under_root(node->arg1.s);
}

static int texts_add(struct fold_texts *texts, char *text)
{
	char **grown = realloc(texts->text, (texts->n + 1) * sizeof *grown);
	if (grown == NULL)
		return -1;
	texts->text = grown;
	texts->text[texts->n++] = text;
	return 0;
}

/* The node printed as var_eval would print it, as a literal. */
static int node_fold(CSTREE *node, HDF *global, const struct commands *c,
                     struct fold_texts *texts)
{
	const char *value = hdf_get_value(global, node->arg1.s, NULL);
	if (value == NULL)
		return 0; /* printed as nothing, or by a request's own data */
	char *escaped = NULL;
	NEOERR *nerr = neos_var_escape(NEOS_ESCAPE_HTML, value, &escaped);
	if (nerr != STATUS_OK || escaped == NULL || texts_add(texts, escaped)) {
		nerr_ignore(&nerr);
		free(escaped);
		return -1;
	}
	node->cmd = c->literal;
	node->arg1.op_type = CS_TYPE_STRING;
	node->arg1.s = escaped;
	node->arg1.alloc = 0;
	return 0;
}

/* ClearSilver's own evaluation (exported by libneo_cs, not declared in
 * its headers): what if: does with a value. */
long int arg_eval_bool(CSPARSE *parse, CSARG *arg);
char *arg_eval(CSPARSE *parse, CSARG *arg);

static bool plain_root(const CSARG *a)
{
	return a != NULL && a->op_type == CS_TYPE_VAR && a->expr1 == NULL &&
	       a->expr2 == NULL && a->next == NULL && under_root(a->s);
}

/* A comparison of a root's value with a string, evaluated as
 * eval_expr_string would: 1 or 0, or -1 when it has another shape. */
static int comparison_value(CSPARSE *parse, CSARG *a)
{
	if ((a->op_type != CS_OP_EQUAL && a->op_type != CS_OP_NEQUAL) ||
	    a->expr1 == NULL || a->expr2 == NULL)
		return -1;
	CSARG *var = plain_root(a->expr1) ? a->expr1 : a->expr2;
	CSARG *text = var == a->expr1 ? a->expr2 : a->expr1;
	if (!plain_root(var) || text->op_type != CS_TYPE_STRING ||
	    text->expr1 || text->expr2 || text->next || text->s == NULL)
		return -1;
	const char *value = arg_eval(parse, var);
	bool equal = value != NULL && strcmp(value, text->s) == 0;
	return a->op_type == CS_OP_EQUAL ? equal : !equal;
}

/* An operand of && or || whose value is known becomes that number (its
 * parts stay, for ClearSilver to free): eval_expr copies a number as it
 * is, and the other operand is evaluated as before. */
static void operand_fold(CSARG *a, int value)
{
	if (value < 0 || a->alloc || a->op_type == CS_TYPE_NUM)
		return;
	a->op_type = CS_TYPE_NUM;
	a->n = value;
}

static int condition_value(CSPARSE *parse, CSARG *a);

/* && and ||, which ClearSilver evaluates on both sides without side
 * effects (eval_expr_bool): the value when one side decides it or both
 * are known, else -1 with the known side folded. */
static int logic_value(CSPARSE *parse, CSARG *a)
{
	bool and = a->op_type == CS_OP_AND;
	if (a->expr1 == NULL || a->expr2 == NULL || a->next != NULL)
		return -1;
	int l = condition_value(parse, a->expr1), r = condition_value(parse, a->expr2);
	if (l >= 0 && r >= 0)
		return and ? (l && r) : (l || r);
	if (l == !and || r == !and) /* false for &&, true for || */
		return !and;
	operand_fold(a->expr1, l);
	operand_fold(a->expr2, r);
	return -1;
}

/* A condition of only the roots' values, strings, !, && and ||,
 * evaluated as if_eval would (parse reads the roots' data): 1 or 0, or
 * -1 when it has another part. */
static int condition_value(CSPARSE *parse, CSARG *a)
{
	if (a == NULL)
		return -1;
	if (plain_root(a))
		return arg_eval_bool(parse, a) != 0;
	if (a->op_type == CS_OP_NOT && a->expr2 == NULL && a->next == NULL) {
		int v = condition_value(parse, a->expr1);
		return v < 0 ? -1 : !v;
	}
	if (a->op_type == CS_OP_LPAREN && a->expr2 == NULL && a->next == NULL)
		return condition_value(parse, a->expr1); /* eval_expr's no-op */
	if (a->op_type == CS_OP_AND || a->op_type == CS_OP_OR)
		return logic_value(parse, a);
	return comparison_value(parse, a);
}

/* An if:/elif: of a constant condition keeps its branches and takes one
 * at once: its condition becomes that number (its parts stay, for
 * ClearSilver to free). */
static void condition_fold(CSPARSE *parse, CSTREE *node, const struct commands *c)
{
	if (node->cmd != c->cmd[CMD_IF] && node->cmd != c->cmd[CMD_ELIF] &&
	    node->cmd != c->cmd[CMD_ELSEIF])
		return;
	int value = condition_value(parse, &node->arg1);
	if (value < 0)
		return;
	node->arg1.op_type = CS_TYPE_NUM;
	node->arg1.n = value;
}

static int tree_fold(CSPARSE *parse, CSTREE *node, HDF *global,
                     const struct commands *c, struct fold_texts *texts)
{
	for (; node != NULL; node = node->next) {
		condition_fold(parse, node, c);
		if (node_foldable(node, c) && node_fold(node, global, c, texts))
			return -1;
		if (tree_fold(parse, node->case_0, global, c, texts) ||
		    tree_fold(parse, node->case_1, global, c, texts))
			return -1;
	}
	return 0;
}

/* A literal that ClearSilver made and nothing else points to: one that
 * is not last (the parser keeps the last node's place) and holds nothing
 * but its text. */
static bool literal_detachable(const CSTREE *node, const struct commands *c)
{
	return node->cmd == c->literal && node->next != NULL &&
	       node->case_0 == NULL && node->case_1 == NULL &&
	       node->vargs == NULL && node->arg1.expr1 == NULL &&
	       node->arg1.expr2 == NULL && node->arg1.next == NULL &&
	       node->arg1.argexpr == NULL && node->arg2.expr1 == NULL &&
	       node->arg2.expr2 == NULL && node->arg2.next == NULL &&
	       node->arg2.argexpr == NULL && node->fname == NULL;
}

/* The text of node and of the literals after it that can go, joined;
 * NULL when there are none or out of memory (*oom then set). */
static char *run_text(const CSTREE *node, const struct commands *c, bool *oom)
{
	size_t len = node->arg1.s ? strlen(node->arg1.s) : 0, more = 0;
	for (const CSTREE *n = node->next; n && literal_detachable(n, c); n = n->next) {
		len += n->arg1.s ? strlen(n->arg1.s) : 0;
		more++;
	}
	if (more == 0)
		return NULL;
	char *out = malloc(len + 1), *o = out;
	*oom = out == NULL;
	for (const CSTREE *n = node; out && n != NULL; n = n->next) {
		if (n != node && !literal_detachable(n, c))
			break;
		if (n->arg1.s) {
			size_t k = strlen(n->arg1.s);
			memcpy(o, n->arg1.s, k);
			o += k;
		}
	}
	if (out)
		*o = '\0';
	return out;
}

/* Runs of literals, as folding leaves them (text, a folded string, text),
 * made one: one output call instead of several. The nodes taken out are
 * ClearSilver's own calloc'd ones, holding no memory of their own. */
static int tree_join(CSTREE *node, const struct commands *c,
                     struct fold_texts *texts)
{
	for (; node != NULL; node = node->next) {
		bool oom = false;
		char *joined = node->cmd == c->literal ? run_text(node, c, &oom) : NULL;
		if (oom || (joined && texts_add(texts, joined))) {
			free(joined);
			return -1;
		}
		while (joined && node->next && literal_detachable(node->next, c)) {
			CSTREE *gone = node->next;
			node->next = gone->next;
			free(gone);
		}
		if (joined)
			node->arg1.s = joined;
		if (tree_join(node->case_0, c, texts) ||
		    tree_join(node->case_1, c, texts))
			return -1;
	}
	return 0;
}

int view_fold(CSPARSE *parse, HDF *global, struct fold_texts *texts)
{
	const struct commands *c = commands_of(global);
	if (c == NULL || parse->escaping.global_ctx != NEOS_ESCAPE_HTML ||
	    !tree_foldable(parse->tree, c) || !macros_foldable(parse->macros))
		return 0;
	/* The conditions read the roots from global alone. */
	HDF *hdf = parse->hdf, *also = parse->global_hdf;
	parse->hdf = global;
	parse->global_hdf = NULL;
	int rc = tree_fold(parse, parse->tree, global, c, texts);
	parse->hdf = hdf;
	parse->global_hdf = also;
	return rc ? rc : tree_join(parse->tree, c, texts);
}

void view_fold_free(struct fold_texts *texts)
{
	for (size_t k = 0; k < texts->n; k++)
		free(texts->text[k]);
	free(texts->text);
	texts->text = NULL;
	texts->n = 0;
}
