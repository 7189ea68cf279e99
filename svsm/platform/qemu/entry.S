/*
 * entry.S: from the boot loader to C, in three modes.
 *
 * QEMU's -kernel loads a Multiboot (v1) image and jumps to it in 32-bit
 * protected mode, paging off, EAX = the Multiboot magic, EBX = the
 * physical address of the Multiboot information. Long mode needs paging,
 * so this builds the smallest page tables that cover the module: the
 * first 1 GiB identity-mapped with 2 MiB pages, supervisor only (the
 * guest's mappings are added later, in C, at QEMU_GUEST_VA). Then PAE,
 * EFER.LME and NXE, paging, a 64-bit code segment, and qemu_main().
 */
#include "layout.h"

#define MB_MAGIC  0x1BADB002
#define MB_FLAGS  0x00000003          /* modules page-aligned; memory information */
#define EFER_MSR  0xC0000080
#define EFER_LME  (1 << 8)
#define EFER_NXE  (1 << 11)
#define PTE_P     0x1
#define PTE_W     0x2
#define PTE_U     0x4
#define PTE_PS    0x80

	.section .multiboot, "a"
	.balign 4
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.section .bss
	.balign 4096
	.globl qemu_pml4, qemu_pdpt
qemu_pml4:	.skip 4096
qemu_pdpt:	.skip 4096
boot_pd:	.skip 4096
	.balign 16
	.globl qemu_stack_top
boot_stack:	.skip 16384
qemu_stack_top:

	.section .rodata
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00AF9A000000FFFF        /* 0x08: 64-bit code, ring 0 */
	.quad 0x00CF92000000FFFF        /* 0x10: data, ring 0 */
boot_gdt_end:
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.section .text.entry, "ax"
	.code32
	.globl _start
_start:
	cli
	mov $qemu_stack_top, %esp
	mov %eax, %edi                  /* kept for qemu_main: magic, info */
	mov %ebx, %esi

	/*
	 * pml4[0] -> pdpt; pdpt[0] -> boot_pd; boot_pd[i] -> i * 2 MiB.
	 * pml4[0] allows ring 3 because the guest's map (pdpt[1]) hangs
	 * under it too; pdpt[0] does not, so the identity map stays the
	 * module's.
	 */
	mov $qemu_pdpt, %eax
	or $(PTE_P | PTE_W | PTE_U), %eax
	mov %eax, qemu_pml4
	mov $boot_pd, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, qemu_pdpt
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $(PTE_P | PTE_W | PTE_PS), %eax
	mov %eax, boot_pd(, %ecx, 8)
	inc %ecx
	cmp $512, %ecx
	jne 1b

	mov %cr4, %eax
	or $(1 << 5), %eax              /* PAE */
	mov %eax, %cr4
	mov $qemu_pml4, %eax
	mov %eax, %cr3
	mov $EFER_MSR, %ecx
	rdmsr
	or $(EFER_LME | EFER_NXE), %eax
	wrmsr
	mov %cr0, %eax
	or $((1 << 31) | (1 << 16) | 1), %eax   /* PG, WP, PE */
	mov %eax, %cr0

	lgdt boot_gdt_ptr
	ljmp $0x08, $long_mode

	.code64
long_mode:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ax, %ax
	mov %ax, %fs
	mov %ax, %gs
	mov $qemu_stack_top, %rsp
	call qemu_main                  /* never returns: it enters the guest */
2:	hlt
	jmp 2b
