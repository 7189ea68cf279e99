/*
 * guest_image.S: the guest kernel's flat image (guest.elf's loadable
 * bytes, from objcopy), carried inside the module image as firmware
 * carries the kernel it boots. The Makefile names the file.
 */
	.section .rodata
	.balign 16
	.globl qemu_guest_image, qemu_guest_image_end
qemu_guest_image:
	.incbin QEMU_GUEST_BIN
qemu_guest_image_end:
