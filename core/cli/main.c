#include "config.h"

#include <stdio.h>

int main(void)
{
	puts("migrator " PACKAGE_VERSION);
	return 0;
}
