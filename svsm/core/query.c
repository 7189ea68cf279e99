/*
 * query.c: core calls 6 and 7, QUERY_PROTOCOL and CONFIGURE_VTOM.
 *
 * Neither touches memory or the registry, so neither takes the lock.
 */
#include "core.h"
#include "input_checks.h"

/*
 * RCX in = protocol << 32 | version. If the module implements that
 * version, RCX out = highest << 32 | lowest version it implements of the
 * protocol; otherwise 0. The module implements core protocol version 1 only.
 */
uint32_t core_query_protocol(struct svsm *sv, struct hal_cpu *cpu, struct call *c)
{
	(void)sv;
	(void)cpu;
	if (input_protocol_supported(c->rcx))
		c->out_rcx = ((uint64_t)SVSM_CORE_VERSION << 32) | SVSM_CORE_VERSION;
	else
		c->out_rcx = 0;
	return SVSM_SUCCESS;
}

/*
 * RCX bit 0 set = query: which vTOM settings are supported (RCX out, a
 * bitmap). The module runs without vTOM and supports none, so the answer
 * is 0, and any request to configure one is refused.
 */
uint32_t core_configure_vtom(struct svsm *sv, struct hal_cpu *cpu, struct call *c)
{
	(void)sv;
	(void)cpu;
	if (!input_vtom_query(c->rcx))
		return SVSM_ERR_INVALID_PARAMETER;
	c->out_rcx = 0;
	return SVSM_SUCCESS;
}
