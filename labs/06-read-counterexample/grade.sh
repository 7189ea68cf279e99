# labs/06-read-counterexample/grade.sh: answers.txt against what cex.lua
# shows. The key is read off the replay itself (`svsmlab run cex.lua
# --trace`), not written down, so it follows the module: a line number
# that moves does not make a right answer wrong.

# What a student hands in (labs/grade-all takes only these from a submission).
SUBMIT="labs/06-read-counterexample/answers.txt"

STARTER_CREDIT=1
setup grade_build 600

# key NAME: the right answer to question NAME, from the replay.
key() {
	local log=$WORK/replay.log
	[ -s "$log" ] || svsmlab run "$LAB/cex.lua" --trace >"$log" 2>&1
	local step vcpu where file line
	step=$(sed -n 's/.*(step \([0-9]*\), vCPU \([0-9]*\))$/\1/p' "$log" | head -n 1)
	vcpu=$(sed -n 's/.*(step \([0-9]*\), vCPU \([0-9]*\))$/\2/p' "$log" | head -n 1)
	case $1 in
	clause) sed -n 's/^  ::: clause //p' "$log" | head -n 1 ;;
	step) echo "$step" ;;
	vcpu) echo "$vcpu" ;;
	function)
		where=$(sed -n 's/^  --> //p' "$log" | head -n 1)
		file=${where%:*} line=${where##*:}
		# The enclosing function: the last definition that starts above the line.
		head -n "$line" "$file" | grep -E '^[a-z].*[a-z_0-9]+\(' | grep -v ';$' | tail -n 1 |
			sed -E 's/^.*[^a-z_0-9]([a-z_0-9]+)\(.*/\1/' ;;
	call) awk -v s="$step" -v v="vcpu$vcpu" '$1 < s && $2 == "guest" && $3 == v && $4 == "call" { c = $5 }
		END { sub(/^core\./, "", c); print c }' "$log" ;;
	hv_step) awk -v s="$step" '$1 < s && $2 == "hv" && $3 == "rmpupdate" { n = $1 } END { print n }' "$log" ;;
	validate_step) awk -v s="$step" '$1 < s && $4 == "pvalidate" && / validate=1 / { n = $1 } END { print n }' "$log" ;;
	esac
}

# answer NAME: the student's answer to question NAME, as written (trimmed,
# lower case, without a trailing "()"). A call may be written as --trace
# prints it (core.create_vcpu) or as the module names its handler
# (core_create_vcpu): the question is which call, not how it is spelled.
answer() {
	local spelling='s/^$//'
	[ "$1" = call ] && spelling='s/^core[._]//'
	sed -n "s/^[[:space:]]*$1[[:space:]]*:[[:space:]]*//p" "$LAB/answers.txt" 2>/dev/null | head -n 1 |
		tr 'A-Z' 'a-z' | sed -e 's/[[:space:]]*$//' -e 's/()$//' -e "$spelling"
}

# question NAME HINT: one question's test.
question() {
	needs_build
	[ -f "$LAB/answers.txt" ] || no "there is no answers.txt"
	local want got
	want=$(key "$1")
	[ -n "$want" ] || no "the grader could not replay cex.lua: $(first_error "$WORK/replay.log")"
	got=$(answer "$1")
	[ -n "$got" ] || no "no answer to '$1' in answers.txt"
	[ "$got" = "$want" ] && pass
	no "'$1: $got' is not what cex.lua shows; $2"
}

section "Answers"
for q in \
	"clause|the first clause in the report of 'svsmlab run cex.lua'" \
	"step|the report names the step of each failed check" \
	"function|the report's --> line is the call site; which function is that line in?" \
	"vcpu|the report names the vCPU; the --trace column says whose module made the step" \
	"call|look back along that vCPU's column to its last 'guest call' (svsmlab explore shows one column per vCPU)" \
	"hv_step|the hypervisor's moves are the steps whose actor is hv; which one changes the RMP, giving the secrets page's SPA to a guest GPA (a map only changes the NPT)?" \
	"validate_step|which vCPU's PVALIDATE with validate=1 touches that page, and where?"; do
	name=${q%%|*}
	eval "question_$name() { question $name \"${q#*|}\"; }"
	graded "$name" 5 "question_$name" 30
done
