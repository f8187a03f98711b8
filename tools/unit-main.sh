#!/bin/sh
# Generate the unit-test runner: one call per tests/unit/t_NAME.c.
echo '#include "test.h"'
echo 'int test_report(void);'
for f in "$@"; do
	n=$(basename "$f" .c); n=${n#t_}
	echo "void test_$n(void);"
done
echo 'int main(void) {'
for f in "$@"; do
	n=$(basename "$f" .c); n=${n#t_}
	echo "	test_$n();"
done
echo '	return test_report();'
echo '}'
