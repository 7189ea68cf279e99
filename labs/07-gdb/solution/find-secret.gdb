# labs/07-gdb/solution/find-secret.gdb: the reference commands.

# At the start, 0x20020 is an ordinary guest page: no secret there.
x/s 0x20020
# Stop at every change of what the guest sees at 0x20020.
watch *(char (*)[6])0x20020
# The guest rescinds the page: it becomes unreadable ...
continue
# ... and the failed check of the RMPADJUST stops here, where the guest
# first sees "VMPCK0" (the watchpoint reports it too).
continue
x/s 0x20020
monitor step
# One step back: the page is validated, but not yet the guest's to read.
delete
reverse-stepi
monitor rmp 0x20000
