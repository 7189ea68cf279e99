-- labs/01-rmp-vmpl/solution/predictions.lua: the reference predictions, one per situation
-- of README.md. Write each before you run anything, then check them all
-- with experiments.lua; correct the ones the machine disagrees with, and
-- say in README's questions why you got them wrong.
--
-- The words to use: a guest access is "ok", "#VC" or "#NPF" (the fault,
-- without its error code); hv:write is true or false; an RMPUPDATE's
-- return code is a number (0 ok, 1 FAIL_INPUT, 2 FAIL_IMMUTABLE, 3
-- FAIL_INUSE, 4 FAIL_OVERLAP); a module call's result is its name spelled
-- as svsm.result_name gives it: "SUCCESS", the protocol's errors with
-- ERR_ ("ERR_INVALID_ADDRESS", ...), PVALIDATE's own without it
-- ("PVALIDATE_FAIL_INPUT", ...; docs/lua.md lists them all as svsm.NAME);
-- a VMPL's permissions are four letters as m:rmp shows them ("rwus" all,
-- "r---" read only, "----" none). The grader tells you when an answer is
-- none of these words. This file is plain data: the grader loads it with
-- no libraries and no svsm, so it can call no function (not even
-- string.format); write each answer as it is.
return {
	read_validated = "ok",   -- the worked example (README.md, situation 1)
	perms_guest_page = "rwus",
	perms_secrets_page = "----",
	hv_write_private = false,
	rmpupdate_same_rc = 0,
	rmpupdate_then_read = "#VC",
	rmpupdate_then_perms = "----",
	validate_twice = "PVALIDATE_FAIL_UNCHANGED",
	rescind_then_read = "#VC",
	secrets_mapped_at_a = "#NPF",
	validate_secrets_gpa = "ERR_INVALID_ADDRESS",
	write_new_vmsa = "#NPF",
}
