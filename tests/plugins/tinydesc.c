/* A symbol migrator_module of 4 bytes, the magic alone: the loader must
 * read no byte past it (what follows in memory is no descriptor). */
#include <stdint.h>

#include <migrator/module.h>

extern const uint32_t migrator_module;
const uint32_t migrator_module = MIGRATOR_MODULE_MAGIC;
