# labs/07-gdb/find-secret.gdb: your gdb commands (README.md). The grader
# runs them as
#   gdb -batch -nx -ex 'target remote 127.0.0.1:PORT' -x find-secret.gdb
# against `svsmlab gdb labs/07-gdb/leak.lua`, then asks `monitor step`
# where you left the trace. Only the debugger's own commands are taken
# (README.md lists them): no shell, python, source or logging.

# Where is the module's secret, VMPCK0, in the guest's view at the start?
x/s 0x20020
