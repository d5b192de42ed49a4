/*
 * floor-parse: the speed floor of any tool that reads records: libyaml's
 * event parser over standard input, doing nothing with the events.
 */
#include <stdio.h>
#include <yaml.h>

int
main(void)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	unsigned long docs = 0;
	int done = 0;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, stdin);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			fprintf(stderr, "floor-parse: %s\n", parser.problem);
			return 65;
		}
		docs += ev.type == YAML_DOCUMENT_END_EVENT;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	fprintf(stderr, "floor-parse: %lu documents\n", docs);
	return 0;
}
