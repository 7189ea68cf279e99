; specs/adversary.smt2: everything the hypervisor can do at one yield point,
; as ONE relation between the state before and the state after.
;
; Read after specs/machine.smt2. The verifier (svsmlab verify) puts this
; relation between every two steps of the module: whatever the hypervisor
; does while a vCPU is between two HAL calls, the state after is some t
; with (adversary s t). It is a relation, not a list of moves, so no
; attack is left out by forgetting to list it; VeriSMo calls it
; hvupdate_rel. specs/theorems.smt2 proves that it contains every
; RMPUPDATE, PSMASH and NPT change of machine.smt2, that it is reflexive
; and transitive (any number of moves is one move), and that it can never
; set validated, grant a permission or create a VMSA.
;
; What the hypervisor can do, and what bounds it:
;   RMPUPDATE, any number: an entry stays as it was, or (unless immutable)
;     loses validated, VMSA and every lower-VMPL permission, with owner,
;     GPA, size and immutable bit whatever the hypervisor likes
;   PSMASH: an entry's page size becomes 4K, everything else kept
;   the NPT: anything (a GPA maps to any SPA, or nowhere)
;   memory: it writes pages that are not the guest's (its bytes are public)
;   vCPUs: it runs a VMSA VMRUN accepts, or stops a running one
; It cannot change the machine's size, the guest's ASID or VMPL, and it
; cannot touch memory the RMP assigns to the guest.

; Is b an RMP entry the hypervisor can turn a into?
(define-fun hv-entry ((a Entry) (b Entry)) Bool
  (or (= b a)
      ; RMPUPDATE: refused on firmware (immutable) pages; it always drops
      ; what only the guest can grant, which is what keeps the guest's
      ; validations and permissions unforgeable.
      (and (not (immutable a))
           (not (validated b)) (not (vmsa b))
           (= (perms1 b) PERM-NONE) (= (perms2 b) PERM-NONE) (= (perms3 b) PERM-NONE))
      ; PSMASH: splitting takes nothing from the guest.
      (= b (with-page-size a PSIZE-4K))))

; Did the hypervisor possibly write page p between s and t? Only while the
; page was not the guest's: unassigned in s, or taken back (an RMPUPDATE,
; so it is not validated, not a VMSA and grants nothing in t).
(define-fun hv-may-write ((a Entry) (b Entry)) Bool
  (or (not (assigned a))
      (and (not (immutable a))
           (not (validated b)) (not (vmsa b))
           (= (perms1 b) PERM-NONE) (= (perms2 b) PERM-NONE) (= (perms3 b) PERM-NONE))))

; The label of page p in t: as in s, or public if the hypervisor wrote the
; whole page (its bytes are public; a partial write leaves the label).
(define-fun hv-label ((s State) (t State) (p Page)) Bool
  (or (= (select (label t) p) (select (label s) p))
      (and (= (select (label t) p) LABEL-PUBLIC)
           (hv-may-write (select (rmp s) p) (select (rmp t) p)))))

; A save area VMRUN accepts: the guest's, assigned, with the VMSA bit
; (vmsa.c also wants EFER.SVME in its contents, which this state does not
; hold: allowing more runs only makes the adversary stronger).
(define-fun runnable ((s State) (e Entry)) Bool
  (and (assigned e) (= (asid e) (guest-asid s)) (vmsa e)))

; A vCPU runs on page p in t only if it ran there in s or VMRUN accepted
; the page in s. (That a running VMSA also keeps its entry, because
; RMPUPDATE refuses it, is left out: a stronger adversary, and a simpler
; relation.)
(define-fun hv-runs ((s State) (t State) (p Page)) Bool
  (=> (select (running t) p)
      (or (select (running s) p) (runnable s (select (rmp s) p)))))

; Everything the hypervisor can do between s and t.
(define-fun adversary ((s State) (t State)) Bool
  (and (= (npages t) (npages s))
       (= (guest-asid t) (guest-asid s))
       (= (guest-vmpl t) (guest-vmpl s))
       (forall ((p Page))
         (and (hv-entry (select (rmp s) p) (select (rmp t) p))
              (hv-label s t p)
              (hv-runs s t p)))))
