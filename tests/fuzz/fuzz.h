/*
 * fuzz.h - what the fuzz targets share: a scratch folder of their own
 * and writing an input into a file in it.
 *
 * Every target defines LLVMFuzzerTestOneInput(); `make fuzz` links it
 * with libFuzzer (clang), `make check` with replay.c, which feeds it the
 * seed corpus and the regression inputs (gcc and ASan, no clang needed).
 */
#ifndef BAODAO_FUZZ_H
#define BAODAO_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int   LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The process's scratch folder (made on first use, removed at exit). */
const char *fuzz_dir(void);
/* Make the folder fuzz_dir()/NAME (removed at exit, after its files). */
void  fuzz_mkdir(const char *name);
/* Write N bytes of DATA to fuzz_dir()/NAME; N == (size_t)-1 removes it. */
void  fuzz_write(const char *name, const void *data, size_t n);
/* DATA as a NUL-terminated string the caller frees. */
char *fuzz_str(const uint8_t *data, size_t n);

#endif
