/*
 * cli.h - the command line of DESIGN.md ("Command line"): parse, run one
 * command, return its exit code (0 ok, 1 found failures, 2 bad usage or
 * input, 3 internal or environment error).
 */
#ifndef BAODAO_CLI_H
#define BAODAO_CLI_H

int   cli_main(int argc, char **argv);

#endif
