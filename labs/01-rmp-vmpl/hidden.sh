# labs/01-rmp-vmpl/hidden.sh: the instructor's tests, kept out of the
# handout: each prediction against the machine itself (hidden/situations.lua).
# A wrong prediction is told what to look at again, not the answer.

# predict NAME HINT: the test of one prediction.
predict() {
	local verdict detail
	needs_build
	cp "$LAB/hidden/situations.lua" "$LAB/words.lua" "$WORK/"
	cp "$LAB/predictions.lua" "$WORK/" 2>/dev/null || no "there is no predictions.lua"
	lua_grader "$(sed "s/@NAME@/$1/g" "$LAB/hidden/check.lua")"
	read -r verdict detail <<<"$lua_out"
	case $verdict in
	right) pass ;;
	missing) no "no prediction for $1 in predictions.lua" ;;
	misworded) no "$detail" ;;
	wrong) no "you predicted $detail; $2" ;;
	broken) no "predictions.lua does not load: $(lua_error)" ;;
	*) no "the grader could not run the situation: $(lua_error)" ;;
	esac
}

section "Predictions (checked against the machine)"
for s in \
	"read_validated|what does RMPADJUST leave a page the module validated?" \
	"perms_guest_page|see how guest_validate grants the page (docs/module.md, PVALIDATE)" \
	"perms_secrets_page|which VMPL is the module, and who was granted its pages at boot? (docs/module.md, Boot)" \
	"hv_write_private|the RMP checks the host's writes too (docs/lua.md, hv:write)" \
	"rmpupdate_same_rc|does RMPUPDATE check who owned the page before? (docs/design.md)" \
	"rmpupdate_then_read|what does RMPUPDATE do to the entry's validated bit?" \
	"rmpupdate_then_perms|what does RMPUPDATE do to the lower VMPLs' permissions?" \
	"validate_twice|PVALIDATE of a page already validated changes nothing; what does the module report then?" \
	"rescind_then_read|which fault does an access to a page that is not validated raise?" \
	"secrets_mapped_at_a|the RMP entry says which GPA its page belongs to" \
	"validate_secrets_gpa|which addresses may a PVALIDATE entry name? (docs/module.md, PVALIDATE)" \
	"write_new_vmsa|what permissions does CREATE_VCPU leave the guest on its new VMSA?"; do
	name=${s%%|*}
	eval "predict_$name() { predict $name \"${s#*|}\"; }"
	graded "$name" 5 "predict_$name" 20
done
