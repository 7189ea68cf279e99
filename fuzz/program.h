/*
 * program.h: the protocol harness's input format (docs/fuzz.md).
 *
 * The fuzzer's bytes are read as a program of moves, each of them one step
 * of a trace (explorer/trace/trace.h), so whatever the harness runs can be
 * saved and replayed as a trace:
 *
 *   header  1 byte: the machine has 1 + (byte & 1) guest vCPUs
 *   moves   until the input ends: an opcode byte (taken modulo the number
 *           of kinds) and the move's operands
 *
 * Numbers are read so that every byte string is a program and small
 * mutations stay meaningful: a vCPU is a byte modulo the vCPUs, a
 * protocol 2 bits, a call 4 bits, and an address or register a value:
 *
 *   0x00-0x7f  the page of that number (byte << 12): guest, module or past memory
 *   0x80-0xbf  a small number (byte & 0x3f)
 *   0xc0-0xff  the 8 bytes that follow, as they are
 *
 * The harness drops a move that cannot happen now (a step of a vCPU whose
 * module is not stopped, a finish without an answer): the fuzzer decides
 * the interleaving, the harness only keeps it possible.
 */
#ifndef FUZZ_PROGRAM_H
#define FUZZ_PROGRAM_H

#include <stdio.h>

#include "bytes.h"
#include "../explorer/trace/trace.h"

/* Longest guest or hypervisor write one move carries. */
#define PROGRAM_MAX_WRITE 255

struct move {
	struct trace_step st;      /* a write's bytes point into the input */
	bool to_end;               /* a module step, repeated while the vCPU can step */
};

/* The header: how many guest vCPUs the program's machine has. */
unsigned program_vcpus(struct bytes *b);
/* The next move; false when the input is used up. */
bool program_next(struct bytes *b, unsigned vcpus, struct move *mv);

/*
 * The other way, for seeds: the header, and a trace step as a move. A
 * step the format cannot say exactly (a protocol above 3, say) is left
 * out: 1 when written, 0 when left out, -1 on a write error.
 */
int program_write_header(FILE *out, unsigned vcpus);
int program_write_step(FILE *out, const struct trace_step *st);

#endif
