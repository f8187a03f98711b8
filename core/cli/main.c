/*
 * main.c - baodao: records of in-service party members who report to
 * their communities, and each jurisdiction's policy applied to them.
 */
#include "cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
