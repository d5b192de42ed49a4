/*
 * floor-json: the floor of a tool that reads records and writes them as
 * JSON Lines: libyaml's event parser over standard input, each document
 * written as one JSON object as its events come, with no tree, no typing
 * beyond the plain-scalar words, and nothing else done.  "The parse-only
 * floor plus the write" that -f json is measured against.
 */
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#define DEPTH 256

static void
put_string(const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	putchar('"');
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		fwrite(s + run, 1, i - run, stdout);
		run = i + 1;
		if (c == '"' || c == '\\') {
			putchar('\\');
			putchar(c);
		} else if (c == '\n') {
			fputs("\\n", stdout);
		} else {
			printf("\\u00%c%c", hex[c >> 4], hex[c & 15]);
		}
	}
	fwrite(s + run, 1, n - run, stdout);
	putchar('"');
}

/* A plain scalar JSON has a word for; anything else is a string. */
static int
json_word(const char *s)
{
	return strcmp(s, "true") == 0 || strcmp(s, "false") == 0 ||
	    strcmp(s, "null") == 0 || (s[0] >= '0' && s[0] <= '9' &&
	    strspn(s, "0123456789.") == strlen(s));
}

int
main(void)
{
	static char obuf[1 << 16];
	yaml_parser_t parser;
	yaml_event_t ev;
	int mapping[DEPTH], count[DEPTH];	/* per open collection */
	int depth = 0, done = 0;
	unsigned long docs = 0;

	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, stdin);
	while (!done) {
		int open = 0;

		if (!yaml_parser_parse(&parser, &ev)) {
			fprintf(stderr, "floor-json: %s\n", parser.problem);
			return 65;
		}
		switch (ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT:
			if (depth > 0) {
				int i = count[depth - 1]++;

				if (i > 0)
					putchar(mapping[depth - 1] && i % 2 ? ':' : ',');
			}
			break;
		default:
			break;
		}
		switch (ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			open = ev.type == YAML_MAPPING_START_EVENT;
			if (depth == DEPTH) {
				fputs("floor-json: too deep\n", stderr);
				return 65;
			}
			mapping[depth] = open;
			count[depth++] = 0;
			putchar(open ? '{' : '[');
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			putchar(mapping[--depth] ? '}' : ']');
			break;
		case YAML_SCALAR_EVENT:
			if (ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			    json_word((char *)ev.data.scalar.value))
				fwrite(ev.data.scalar.value, 1,
				    ev.data.scalar.length, stdout);
			else
				put_string(ev.data.scalar.value,
				    ev.data.scalar.length);
			break;
		case YAML_ALIAS_EVENT:
			fputs("null", stdout);
			break;
		case YAML_DOCUMENT_END_EVENT:
			putchar('\n');
			docs++;
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (fflush(stdout) == EOF) {
		perror("floor-json");
		return 74;
	}
	fprintf(stderr, "floor-json: %lu documents\n", docs);
	return 0;
}
