/*
 * fuzz.h - what the fuzz targets share.
 *
 * Each fuzz_*.c defines LLVMFuzzerTestOneInput().  Built with
 * --enable-fuzzing it links libFuzzer; always, it also links replay.c, a
 * main() that feeds it every file of its seed corpus, so make check replays
 * the corpora (crash reproducers included) in every build.
 *
 * FUZZ_CHECK states an invariant of the code under test: a broken one
 * aborts, which libFuzzer reports as a crash and replay as a failed test.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                   \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",   \
				__FILE__, __LINE__, #cond);                \
			abort();                                           \
		}                                                          \
	} while (0)

/* A diag's message is one lower-case line without a final period. */
#define FUZZ_CHECK_MESSAGE(msg)                                            \
	do {                                                               \
		const char *m_ = (msg);                                    \
		size_t l_;                                                 \
		FUZZ_CHECK(m_ != NULL && m_[0] != '\0');                   \
		l_ = strlen(m_);                                           \
		FUZZ_CHECK(strchr(m_, '\n') == NULL);                      \
		FUZZ_CHECK(m_[l_ - 1] != '.');                             \
	} while (0)

#endif
