/*
 * abi.h: numbers fixed by the SEV-SNP hardware and the SVSM specification
 * (AMD publication 58019). The module, the machine model, the guest model
 * and the tests all speak these numbers, so they live in one place.
 *
 * Freestanding: only <stdbool.h> and <stdint.h>.
 */
#ifndef SVSM_ABI_H
#define SVSM_ABI_H

#include <stdbool.h>
#include <stdint.h>

#define PAGE_SHIFT      12
#define PAGE_SIZE       4096u
#define PAGE_SIZE_2M    (512u * PAGE_SIZE)
#define PAGES_PER_2M    512u
#define PAGE_ALIGNED(a) (((a) & (PAGE_SIZE - 1)) == 0)

/* Page sizes as the instructions encode them (RCX/ECX). */
enum { PSIZE_4K = 0, PSIZE_2M = 1 };

/* PVALIDATE / RMPADJUST return codes (EAX). */
enum {
	HW_OK = 0,
	HW_FAIL_INPUT = 1,
	HW_FAIL_PERMISSION = 2,
	HW_FAIL_INUSE = 3,
	HW_FAIL_SIZEMISMATCH = 6,
};

/* RMPUPDATE / PSMASH return codes (hypervisor instructions). */
enum {
	RMPUPDATE_OK = 0,
	RMPUPDATE_FAIL_INPUT = 1,
	RMPUPDATE_FAIL_IMMUTABLE = 2,
	RMPUPDATE_FAIL_INUSE = 3,
	RMPUPDATE_FAIL_OVERLAP = 4,
};

/* Per-VMPL permission bits in the RMP and in RMPADJUST's RDX. */
#define PERM_R   0x1u
#define PERM_W   0x2u
#define PERM_XU  0x4u
#define PERM_XS  0x8u
#define PERM_ALL 0xfu

/* RMPADJUST attribute word (RDX). */
#define RMPADJUST_VMPL(v)     ((uint64_t)(v) & 0xff)
#define RMPADJUST_PERMS(p)    (((uint64_t)(p) & 0xf) << 8)
#define RMPADJUST_VMSA        (1ull << 16)
#define RMPADJUST_ATTRS(v, p) (RMPADJUST_VMPL(v) | RMPADJUST_PERMS(p))

/* #VC error code for an access to a page that is not validated. */
#define VC_PAGE_NOT_VALIDATED 0x404u
/* EXITINFO1 bit of an #NPF caused by a VMPL permission check. */
#define NPF_VMPL_VIOLATION    (1ull << 36)

/* GHCB MSR protocol (MSR 0xC0010130). */
#define GHCB_MSR               0xC0010130u
#define GHCB_MSR_PSC_REQ       0x014u
#define GHCB_MSR_PSC_RESP      0x015u
#define GHCB_MSR_VMPL_REQ      0x016u
#define GHCB_MSR_VMPL_RESP     0x017u
#define GHCB_MSR_TERM_REQ      0x100u
#define GHCB_PSC_PRIVATE       1u
#define GHCB_PSC_SHARED        2u
#define GHCB_MSR_INFO(v)       ((v) & 0xfffu)
#define GHCB_PSC_REQ(gfn, op)  (GHCB_MSR_PSC_REQ | ((uint64_t)(gfn) << 12) | ((uint64_t)(op) << 52))
#define GHCB_PSC_GFN(v)        (((v) >> 12) & 0xffffffffffull)
#define GHCB_PSC_OP(v)         (((v) >> 52) & 0xf)
#define GHCB_VMPL_REQ(vmpl)    (GHCB_MSR_VMPL_REQ | ((uint64_t)(vmpl) << 32))
#define GHCB_RESP_ERROR(v)     ((uint32_t)((v) >> 32))

/* VMSA layout: offsets of the fields the kit uses. */
#define VMSA_VMPL          0x0CA  /* u8 */
#define VMSA_CPL           0x0CB  /* u8 */
#define VMSA_EFER          0x0D0  /* u64 */
#define VMSA_CR4           0x148
#define VMSA_CR3           0x150
#define VMSA_CR0           0x158
#define VMSA_RFLAGS        0x170
#define VMSA_RIP           0x178
#define VMSA_RSP           0x1D8
#define VMSA_RAX           0x1F8
#define VMSA_RCX           0x308
#define VMSA_RDX           0x310
#define VMSA_R8            0x340
#define VMSA_R9            0x348
#define VMSA_SEV_FEATURES  0x3B0
#define VMSA_GUEST_EXIT    0x3C0
#define EFER_SVME          (1ull << 12)

/* Calling Area (CAA) layout. */
#define CAA_CALL_PENDING   0x000  /* u8 */
#define CAA_MEM_AVAILABLE  0x001  /* u8 */
#define CAA_BUFFER         0x008

/* Secrets page: the per-VMPL message keys (32 bytes each). */
#define SECRETS_VMPCK(n)   (0x20 + 0x20 * (n))
#define VMPCK_SIZE         32
/*
 * The secrets page's SVSM fields, by which a guest finds its SVSM (the
 * SNP firmware ABI's secrets page layout; Linux: struct snp_secrets_page).
 */
#define SECRETS_SVSM_BASE        0x140  /* u64: first byte of the SVSM's memory */
#define SECRETS_SVSM_SIZE        0x148  /* u64: its size; 0 = no SVSM */
#define SECRETS_SVSM_CAA         0x150  /* u64: the boot vCPU's Calling Area */
#define SECRETS_SVSM_MAX_VERSION 0x158  /* u32: highest core protocol version */
#define SECRETS_SVSM_GUEST_VMPL  0x15C  /* u8: the VMPL the guest runs at */
#define SECRETS_SVSM_END         0x160

/* SVSM protocols and core calls. */
enum { SVSM_PROTO_CORE = 0, SVSM_PROTO_ATTEST = 1, SVSM_PROTO_VTPM = 2 };
enum {
	SVSM_CORE_REMAP_CA = 0,
	SVSM_CORE_PVALIDATE = 1,
	SVSM_CORE_CREATE_VCPU = 2,
	SVSM_CORE_DELETE_VCPU = 3,
	SVSM_CORE_DEPOSIT_MEM = 4,
	SVSM_CORE_WITHDRAW_MEM = 5,
	SVSM_CORE_QUERY_PROTOCOL = 6,
	SVSM_CORE_CONFIGURE_VTOM = 7,
	SVSM_CORE_NCALLS
};
#define SVSM_RAX(proto, call) (((uint64_t)(proto) << 32) | (uint32_t)(call))

/* SVSM result codes (RAX on return). */
#define SVSM_SUCCESS                 0x00000000u
#define SVSM_ERR_INCOMPLETE          0x80000000u
#define SVSM_ERR_UNSUPPORTED_PROTOCOL 0x80000001u
#define SVSM_ERR_UNSUPPORTED_CALL    0x80000002u
#define SVSM_ERR_INVALID_ADDRESS     0x80000003u
#define SVSM_ERR_INVALID_FORMAT      0x80000004u
#define SVSM_ERR_INVALID_PARAMETER   0x80000005u
#define SVSM_ERR_INVALID_REQUEST     0x80000006u
#define SVSM_ERR_BUSY                0x80000007u
#define SVSM_PVALIDATE_FAIL_INPUT        0x80001001u
#define SVSM_PVALIDATE_FAIL_SIZEMISMATCH 0x80001006u
#define SVSM_PVALIDATE_FAIL_UNCHANGED    0x80001010u

/*
 * PVALIDATE request (core call 1), also the page-list format of
 * DEPOSIT_MEM and WITHDRAW_MEM: a header, then 8-byte entries.
 */
#define PVREQ_ENTRIES        0x0   /* u16 */
#define PVREQ_NEXT           0x2   /* u16 */
#define PVREQ_RESERVED       0x4   /* u32 */
#define PVREQ_HEADER_SIZE    8
#define PVREQ_ENTRY_SIZE     8
#define PVENTRY_SIZE(e)      ((unsigned)((e) & 0x3))
#define PVENTRY_VALIDATE     (1ull << 2)
#define PVENTRY_IGNORE_CF    (1ull << 3)
#define PVENTRY_RESERVED     0xff0ull          /* bits 11:4 */
#define PVENTRY_GFN(e)       ((e) >> 12)
#define PVENTRY(gpa, size, validate, ignore_cf) \
	(((uint64_t)(gpa) & ~0xfffull) | ((uint64_t)(size) & 3) | \
	 ((validate) ? PVENTRY_VALIDATE : 0) | ((ignore_cf) ? PVENTRY_IGNORE_CF : 0))

/*
 * What an instruction or a memory access returned: the values the module
 * can observe. Exactly one of "rc/cf" or "fault" carries the news.
 */
enum hw_fault { FAULT_NONE = 0, FAULT_VC, FAULT_NPF, FAULT_GP };
struct hw_result {
	uint32_t rc;     /* EAX of PVALIDATE / RMPADJUST */
	uint8_t cf;      /* rFLAGS.CF after PVALIDATE: 1 = nothing changed */
	uint8_t fault;   /* enum hw_fault */
	uint64_t code;   /* #VC error code or #NPF EXITINFO1 */
};
/* No fault and rc 0 (CF may still say "unchanged"). */
static inline bool hw_succeeded(struct hw_result r)
{
	return r.fault == FAULT_NONE && r.rc == HW_OK;
}

/* The only version of the core protocol the module implements. */
#define SVSM_CORE_VERSION 1u

#endif
