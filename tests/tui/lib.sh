# tests/tui/lib.sh: drive `svsmlab explore` in a detached tmux and compare screens.
#
# Sourced by tests/cli/tui.sh, which sets $bin (the svsmlab under test, by
# its absolute path) and $ROOT (the repository). Every screen is the
# program's own: the tmux server is private (its own socket), has no
# status line and no config, and panes run with a fixed size, TERM and
# locale, so a screen depends only on the keys sent. Waiting is for a
# pattern on the screen that is then stable for two captures in a row,
# never a blind sleep.
#
# Golden screens are captured with -e, so colours and highlights are part
# of them. UPDATE_GOLDEN=1 rewrites them instead of comparing.

SOCKET=
STARTS=0
GOLDEN=$ROOT/tests/tui/golden
WAIT_SECONDS=${WAIT_SECONDS:-15}
export TERM=${TERM:-xterm-256color}   # for the tmux client itself; panes get their own

tm() { tmux -L "$SOCKET" -f /dev/null "$@"; }

# stop: end the private tmux server, if any (and with it the explorer it ran).
stop() {
	local path
	if [ -n "$SOCKET" ]; then
		path=$(tm display -p '#{socket_path}' 2>/dev/null)
		tm kill-server 2>/dev/null
		[ -n "$path" ] && rm -f "$path"   # tmux leaves its socket file behind
	fi
	[ -n "${STATUS:-}" ] && rm -f "$STATUS"
	SOCKET=
}

# The explorer's process id (the pane runs a shell around it).
explorer_pid() { ps -o pid= --ppid "$(tm display -p -t t '#{pane_pid}')" | tr -d ' '; }

# start COLS ROWS PANE_TERM [ARGS...]: the explorer in a fresh pane of that size.
start() {
	local cols=$1 rows=$2 term=$3
	shift 3
	stop
	# A fresh socket each time: a server that is still going away cannot race the new one.
	STARTS=$((STARTS + 1))
	SOCKET=svsmlab-tui-$$-$STARTS
	STATUS=$(mktemp -u)
	# The shell around the explorer writes its exit status (and survives a ^C to do so).
	local cmd="trap : INT; env TERM=$term LC_ALL=C $(printf '%q ' "$bin" explore "$@");"
	cmd+=" echo \$? >$(printf '%q' "$STATUS")"
	tm start-server \; set -g status off \; set -g remain-on-exit on \; \
		new-session -d -x "$cols" -y "$rows" -s t -c "${WORKDIR:-$ROOT}" "$cmd"
}

keys() { tm send-keys -t t "$@"; }

# mouse BUTTON LINE COLUMN: a press in the X10 encoding that TERM=screen's
# kmous names (ESC [ M, then button, column and line, each plus 32; the
# screen's lines and columns count from 1 there, from 0 here). BUTTON: 0
# the left button, 64 wheel up, 65 wheel down.
mouse() {
	local bytes
	bytes=$(printf '\\%03o\\%03o\\%03o' $(($1 + 32)) $(($3 + 33)) $(($2 + 33)))
	tm send-keys -t t -l "$(printf "\\033[M$bytes")"
}

screen() { tm capture-pane -p -t t; }
screen_attrs() { tm capture-pane -p -e -t t; }

# wait_for REGEX: until the screen matches REGEX (grep -E) and is stable.
wait_for() {
	local last= now i
	for ((i = 0; i < WAIT_SECONDS * 20; i++)); do
		now=$(screen_attrs)
		if [ "$now" = "$last" ] && grep -qE -- "$1" <<<"$(screen)"; then
			return 0
		fi
		last=$now
		sleep 0.05
	done
	echo "timed out waiting for /$1/; the screen:"
	screen
	return 1
}

# wait_dead: until the explorer has exited; prints its exit status.
wait_dead() {
	local i
	for ((i = 0; i < WAIT_SECONDS * 20; i++)); do
		if [ -s "$STATUS" ]; then
			cat "$STATUS"
			return 0
		fi
		sleep 0.05
	done
	echo "the explorer did not exit"
	return 1
}

plain() { sed 's/\x1b\[[0-9;]*m//g'; }

# golden NAME: the screen (with attributes) must equal tests/tui/golden/NAME.screen.
golden() {
	local file=$GOLDEN/$1.screen now
	now=$(screen_attrs)
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		printf '%s\n' "$now" >"$file"
		echo "    updated $file"
		return 0
	fi
	[ -f "$file" ] || { echo "no golden screen $file (UPDATE_GOLDEN=1 makes it)"; return 1; }
	if [ "$now" != "$(cat "$file")" ]; then
		echo "screen differs from $file:"
		if [ "$(plain <<<"$now")" = "$(plain <"$file")" ]; then
			echo "  (only in colours or highlights)"
			diff <(cat -v "$file") <(cat -v <<<"$now") | head -20
		else
			diff <(plain <"$file") <(plain <<<"$now") | head -40
		fi
		return 1
	fi
}

# Assertions on the plain screen (shows, lacks) and on one line with attributes.
shows() { grep -qE -- "$1" <<<"$(screen)" || { echo "screen lacks /$1/:"; screen; return 1; }; }
lacks() { ! grep -qE -- "$1" <<<"$(screen)" || { echo "screen has /$1/:"; screen; return 1; }; }
# line_has LINE_REGEX ATTR_REGEX: the line matching LINE_REGEX (plain) carries ATTR_REGEX (raw).
line_has() {
	local n
	n=$(screen | grep -nE -- "$1" | head -1 | cut -d: -f1)
	[ -n "$n" ] || { echo "no line /$1/"; screen; return 1; }
	screen_attrs | sed -n "${n}p" | grep -qE -- "$2" ||
		{ echo "line /$1/ lacks /$2/:"; screen_attrs | sed -n "${n}p" | cat -v; return 1; }
}

# Every pane shows, with its title.
all_panes() {
	shows 'Timeline  step [0-9]+ of [0-9]+' && shows '^ ?\*? ?Source' && shows 'RMP' &&
		shows 'NPT \+ owners' && shows '^ step [0-9]+/[0-9]+  branch' && shows '(^| )n/p step'
}

# wait_line N REGEX: until line N of the screen matches (after a resize: the new layout).
wait_line() {
	local i
	for ((i = 0; i < WAIT_SECONDS * 20; i++)); do
		if screen | sed -n "$1p" | grep -qE -- "$2"; then
			wait_for "$2"
			return
		fi
		sleep 0.05
	done
	echo "timed out waiting for line $1 to match /$2/; the screen:"
	screen
	return 1
}

# attrs_before LINE_REGEX WORD: the escape sequences just before WORD on that line.
attrs_before() {
	local n raw
	n=$(screen | grep -nE -- "$1" | head -1 | cut -d: -f1)
	[ -n "$n" ] || return 1
	raw=$(screen_attrs | sed -n "${n}p")
	raw=${raw%%"$2"*}
	grep -oE $'(\e\\[[0-9;]*m)+$' <<<"$raw" | cat -v
}

# highlighted LINE_REGEX WORD CODE: WORD on that line is drawn with SGR code CODE.
highlighted() {
	local a
	a=$(attrs_before "$1" "$2")
	grep -qE "\\[([0-9]+;)*$3(;[0-9]+)*m" <<<"$a" ||
		{ echo "'$2' on line /$1/ is not drawn with SGR $3 (it has '$a')"; screen; return 1; }
}

# select_item REGEX: move a list's selection (">") down to the item matching REGEX.
select_item() {
	local sel target
	sel=$(screen | grep -nE -- '\|> ' | head -1 | cut -d: -f1)
	target=$(screen | grep -nE -- "\\|[> ] $1" | head -1 | cut -d: -f1)
	[ -n "$sel" ] && [ -n "$target" ] && [ "$target" -ge "$sel" ] ||
		{ echo "no item /$1/ below the selection"; screen; return 1; }
	while [ "$sel" -lt "$target" ]; do
		keys j
		sel=$((sel + 1))
	done
	wait_for "\\|> $1"
}
