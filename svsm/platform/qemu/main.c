/*
 * main.c: the module's start on x86 (entry.S calls qemu_main in long mode).
 *
 *   1. console, the command line, the CPU's tables;
 *   2. the launch: the software RMP as SNP firmware leaves it;
 *   3. svsm_boot(): the same code as on the simulator validates the
 *      module's pages, builds vCPU 0's VMSA and hands the guest its RAM;
 *   4. the guest kernel is copied into guest RAM (as a loader in the
 *      guest's firmware would), its page tables are derived from the
 *      RMP, and it starts in ring 3 from its VMSA's RIP.
 */
#include "../../svsm.h"
#include "cmdline.h"
#include "console.h"
#include "cpu.h"
#include "frame.h"
#include "guest_map.h"
#include "hal_qemu.h"
#include "hardware.h"
#include "layout.h"
#include "run.h"
#include "serial.h"

#define MB_BOOT_MAGIC    0x2BADB002
#define MB_INFO_CMDLINE  (1u << 2)

extern const uint8_t qemu_guest_image[], qemu_guest_image_end[];   /* guest_image.S */
extern uint8_t qemu_stack_top[];                                      /* entry.S */

static const char *command_line(uint32_t magic, uint32_t info)
{
	if (magic != MB_BOOT_MAGIC)
		qemu_panic("not started by a Multiboot loader");
	const uint32_t *mb = (const uint32_t *)(uintptr_t)info;
	return (mb[0] & MB_INFO_CMDLINE) ? (const char *)(uintptr_t)mb[4] : "";
}

static void launch_params(struct svsm_params *p)
{
	*p = (struct svsm_params){
		.svsm_base = 0,
		.svsm_size = QEMU_MODULE_PAGES * PAGE_SIZE,
		.secrets_gpa = QEMU_SECRETS_GPA,
		.boot_vmsa_gpa = QEMU_BOOT_VMSA_GPA,
		.guest_base = QEMU_GUEST_BASE,
		.guest_size = (uint64_t)QEMU_WINDOW_PAGES * PAGE_SIZE - QEMU_GUEST_BASE,
		.boot_caa_gpa = QEMU_GUEST_BASE,
		.guest_rip = QEMU_GUEST_VA + QEMU_GUEST_LOAD,
		.sev_features = QEMU_SEV_FEATURES,
		.guest_secrets_gpa = QEMU_GUEST_SECRETS_GPA,
		.guest_vmpl = QEMU_GUEST_VMPL,
		.ncpus = QEMU_CPUS,
	};
	for (uint32_t i = 0; i < QEMU_CPUS; i++)
		p->apic_ids[i] = i;
}

/* Step 4's copy, page by page through the RMP check: guest RAM the module granted. */
static void load_guest(void)
{
	uint64_t size = (uint64_t)(qemu_guest_image_end - qemu_guest_image);
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		uint64_t n = size - off < PAGE_SIZE ? size - off : PAGE_SIZE;
		struct hw_result r = machine_write(&qemu_machine, 0, QEMU_GUEST_LOAD + off, true,
		                                   qemu_guest_image + off, n, LABEL_PUBLIC);
		if (!hw_succeeded(r))
			qemu_panic("the guest image does not fit in guest RAM");
	}
}

_Noreturn void qemu_main(uint32_t magic, uint32_t info);

_Noreturn void qemu_main(uint32_t magic, uint32_t info)
{
	qemu_serial_init(QEMU_COM1);
	qemu_puts("svsm: x86-64 under QEMU, software RMP\n");
	struct qemu_options opt;
	if (!qemu_cmdline_parse(command_line(magic, info), &opt))
		qemu_panic("bad kernel command line (takes: bugs=0xN gdb bench fault spin)");
	qemu_cpu_init((uint64_t)(uintptr_t)qemu_stack_top);
	qemu_hardware_launch();

	struct svsm_params p;
	launch_params(&p);
	svsm_init(&qemu_svsm, &p, opt.bugs);
	struct hal_cpu cpu = { 0 };
	if (svsm_boot(&qemu_svsm, &cpu) != 0)
		qemu_panic("svsm_boot failed");
	qemu_put_hex("svsm: booted; bugs ", opt.bugs);
	qemu_puts("\n");

	load_guest();
	qemu_guest_map();
	qemu_run_guest(&opt);
}
