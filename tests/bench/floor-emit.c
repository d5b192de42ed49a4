/*
 * floor-emit: the speed floor of any filter: libyaml's event parser over
 * standard input, each event handed straight to libyaml's emitter on
 * standard output (unicode, no line folding, as derma writes).
 */
#include <stdio.h>
#include <yaml.h>

int
main(void)
{
	yaml_parser_t parser;
	yaml_emitter_t emitter;
	yaml_event_t ev;
	int done = 0;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, stdin);
	yaml_emitter_initialize(&emitter);
	yaml_emitter_set_output_file(&emitter, stdout);
	yaml_emitter_set_unicode(&emitter, 1);
	yaml_emitter_set_width(&emitter, -1);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			fprintf(stderr, "floor-emit: %s\n", parser.problem);
			return 65;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		if (!yaml_emitter_emit(&emitter, &ev)) {
			fprintf(stderr, "floor-emit: %s\n", emitter.problem);
			return 74;
		}
	}
	yaml_emitter_delete(&emitter);
	yaml_parser_delete(&parser);
	return fflush(stdout) == 0 ? 0 : 74;
}
