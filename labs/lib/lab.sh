# labs/lib/lab.sh: which lab a name on the command line means, for the
# labs' scripts. Sourced from the tree's top directory.
#
#   lab_name WANT   prints the lab's directory name (01-rmp-vmpl) for WANT,
#                   which may be 1, 01 or 01-rmp-vmpl; returns 1, printing
#                   nothing, when WANT is not a number or no such lab exists

lab_name() {
	local num=${1%%-*} d
	[[ $num =~ ^[0-9]+$ ]] || return 1
	d=(labs/"$(printf '%02d' "$((10#$num))")"-*/)
	[ -d "${d[0]}" ] || return 1
	basename "${d[0]}"
}
