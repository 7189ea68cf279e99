; specs/contracts.smt2: what the module promises, clause by clause.
;
; Read after machine.smt2, adversary.smt2 and invariants.smt2. Every
; define-fun here is one clause of explorer/ghost/clauses.c, with the same
; name, saying in logic what explorer/ghost/preconditions.c and
; contracts.c check in C. `svsmlab verify` (docs/verify.md) asks Z3
; whether some behaviour of the hypervisor makes one of them false along a
; run of the module, and points at the line of the clause it broke.
;
; A clause is true when the module keeps its promise. The preconditions
; of PVALIDATE and RMPADJUST speak of what the instruction does, so, like
; the C checks (hal_sim.c: settle), they are judged only when the
; instruction took effect (no fault, return code 0, CF clear): the verifier
; asks about them only for those outcomes.
;
; Some clauses need ghost state that State does not hold; it is passed in:
;   owner      GPA page -> the ghost owner (sim.ghost.owner): the OWNER-*
;              numbers below (enum ghost_owner in svsm/hal.h)
;   save-vmpl  SPA page -> the vmpl byte of the page read as a VMSA (0xCA)
;   save-svme  SPA page -> is EFER.SVME set in the page read as a VMSA
; and a few need the call's own record (the guest bytes it read, the
; request's entries): those are functions of numbers, not of the state.

; ---------------------------------------------------------------------------
; Ghost owners (svsm/hal.h, enum ghost_owner)
; ---------------------------------------------------------------------------

(define-sort Owner () (_ BitVec 8))
(define-fun OWNER-NONE () Owner #x00)
(define-fun OWNER-MODULE () Owner #x01)
(define-fun OWNER-GUEST () Owner #x02)
(define-fun OWNER-SHARED () Owner #x03)
(define-fun OWNER-VMSA () Owner #x04)
(define-fun OWNER-CAA () Owner #x05)

; The owner of the page of gpa; pages past the tables belong to nobody.
(define-fun owner-of ((owner (Array Page Owner)) (gpa Addr)) Owner
  (ite (bvult gpa TABLES-END) (select owner (page-of gpa)) OWNER-NONE))

; Does the module hold the page (its memory, a VMSA, a CAA)?
(define-fun module-holds ((o Owner)) Bool
  (or (= o OWNER-MODULE) (= o OWNER-VMSA) (= o OWNER-CAA)))

; ---------------------------------------------------------------------------
; What a precondition looks at
; ---------------------------------------------------------------------------

; The SPA the page of gpa reaches now, or UNMAPPED when the NPT has no
; entry or points past memory (preconditions.c: spa_of). The hypervisor
; may have changed it a moment ago: that is the point of asking now.
(define-fun spa-of ((s State) (gpa Addr)) Addr
  (let ((spa (npt-lookup s (page-base gpa))))
    (ite (or (= spa UNMAPPED) (not (spa-valid s spa))) UNMAPPED spa)))

; The pages an instruction of size 0 (4K) or 1 (2M) covers, from the page of gpa.
(define-fun covers ((gpa Addr) (size (_ BitVec 32)) (g Addr)) Bool
  (let ((len (ite (= size #x00000001) PAGE-SIZE-2M PAGE-SIZE)))
    (and (bvuge g (page-base gpa)) (bvult (bvsub g (page-base gpa)) len))))

; RMPADJUST's target VMPL is one the hardware accepts (otherwise it
; refuses, and nothing is granted or installed).
(define-fun lower-vmpl ((attrs (_ BitVec 64))) Bool
  (let ((v (adjust-target attrs)))
    (and (bvuge v #x00000001) (bvult v VMPL-COUNT))))

; ---------------------------------------------------------------------------
; Preconditions of PVALIDATE and RMPADJUST
; ---------------------------------------------------------------------------

; page-operands-checked: the module hands PVALIDATE and RMPADJUST only a
; page size of 4K (0) or 2M (1) and a GPA aligned to it: the operands the
; hardware accepts (instr-input-ok of machine.smt2). The module checks a
; guest's entry first and answers a malformed one itself (INVALID_PARAMETER
; for the size, INVALID_ADDRESS for the GPA: docs/module.md, PVALIDATE);
; one that passes the guest's operands on unchecked lets the hardware's
; FAIL_INPUT stand for its own checks, which is then all that keeps a 4K
; operation off a 2M page. One instruction: its GPA and page size.
(define-fun page-operands-checked ((gpa Addr) (size (_ BitVec 32))) Bool
  (instr-input-ok gpa size))

; ---------------------------------------------------------------------------
; Preconditions of PVALIDATE
; ---------------------------------------------------------------------------

; pvalidate-no-double: validating gpa must not give a GPA a second
; validated system page. Every validated page of the guest bound to a GPA
; the instruction covers must be the very page that GPA maps to now.
; Otherwise the hypervisor holds two valid pages for one GPA and can swap
; them under the guest, replaying old contents.
(define-fun pvalidate-no-double ((s State) (gpa Addr) (size (_ BitVec 32)) (validate Bool))
  Bool
  (=> validate
      (forall ((q Page))
        (let ((e (select (rmp s) q)))
          (=> (and (in-memory s q) (guest-validated s e) (covers gpa size (bound-gpa e)))
              (= (spa-of s (bound-gpa e)) (page-addr q)))))))

; rescind-only-guest-pages: PVALIDATE never rescinds a page the module
; holds. A rescinded VMSA or CAA or module page would fault the module the
; next time it touches it, or be handed to the guest by the next validate.
(define-fun rescind-only-guest-pages ((owner (Array Page Owner)) (gpa Addr)
                                      (size (_ BitVec 32)) (validate Bool)) Bool
  (=> (not validate)
      (forall ((g Page))
        (=> (covers gpa size (page-addr g)) (not (module-holds (select owner g)))))))

; ---------------------------------------------------------------------------
; Preconditions of RMPADJUST
; ---------------------------------------------------------------------------

; Does RMPADJUST with attrs give the target VMPL any permission?
(define-fun grants ((attrs (_ BitVec 64))) Bool
  (and (lower-vmpl attrs) (not (= (adjust-perms attrs) PERM-NONE))))

; page-public-to-vmpl: a grant shows the page's contents to the target
; VMPL, so they must be contents that VMPL may read: zeroed, or the
; guest's own. This is the clause VeriSMo's proof found missing in the
; first SVSMs (bug 1: the hypervisor binds the module's secrets page to the
; GPA, the module validates and grants it, the guest reads VMPCK0).
(define-fun page-public-to-vmpl ((s State) (gpa Addr) (size (_ BitVec 32))
                                 (attrs (_ BitVec 64))) Bool
  (=> (grants attrs)
      (forall ((g Page))
        (let ((spa (spa-of s (page-addr g))))
          (=> (and (covers gpa size (page-addr g)) (not (= spa UNMAPPED)))
              (label-allows (select (label s) (page-of spa)) (adjust-target attrs)))))))

; grant-only-guest-pages: RMPADJUST never gives a lower VMPL access to a
; page of the module's own memory.
(define-fun grant-only-guest-pages ((owner (Array Page Owner)) (gpa Addr)
                                    (size (_ BitVec 32)) (attrs (_ BitVec 64))) Bool
  (=> (grants attrs)
      (forall ((g Page))
        (=> (covers gpa size (page-addr g)) (not (= (select owner g) OWNER-MODULE))))))

; Does RMPADJUST with attrs set the VMSA bit (from the module, at VMPL0)?
(define-fun installs-vmsa ((attrs (_ BitVec 64))) Bool
  (and (lower-vmpl attrs) (adjust-vmsa attrs)))

; vmsa-revoked-first: when the VMSA bit is set, no lower VMPL may still
; write the page. Otherwise the guest edits the save area after the module
; checked it (bug 2 sets the bit while the guest still holds the page).
(define-fun vmsa-revoked-first ((s State) (gpa Addr) (size (_ BitVec 32))
                                (attrs (_ BitVec 64))) Bool
  (=> (installs-vmsa attrs)
      (forall ((g Page))
        (let ((spa (spa-of s (page-addr g))))
          (=> (and (covers gpa size (page-addr g)) (not (= spa UNMAPPED)))
              (let ((e (entry-at s spa)))
                (and (= (bvand (perms1 e) PERM-W) PERM-NONE)
                     (= (bvand (perms2 e) PERM-W) PERM-NONE)
                     (= (bvand (perms3 e) PERM-W) PERM-NONE))))))))

; vmsa-contents-checked: the VMSA bit goes only on a save area that runs
; at the guest's VMPL with EFER.SVME set. A VMSA that says vmpl 0 would
; make the guest the module at its next VMRUN (bug 11).
(define-fun vmsa-contents-checked ((s State) (gpa Addr) (size (_ BitVec 32))
                                   (attrs (_ BitVec 64)) (save-vmpl (Array Page (_ BitVec 8)))
                                   (save-svme (Array Page Bool))) Bool
  (=> (installs-vmsa attrs)
      (forall ((g Page))
        (let ((spa (spa-of s (page-addr g))))
          (=> (and (covers gpa size (page-addr g)) (not (= spa UNMAPPED)))
              (and (= (select save-vmpl (page-of spa)) (guest-vmpl s))
                   (select save-svme (page-of spa))))))))

; ---------------------------------------------------------------------------
; Preconditions of the module's memory accesses and of its ghost transfers
; ---------------------------------------------------------------------------

; guest-input-read-once: a read of guest memory in a call must not overlap
; a read made earlier in the same call (at earlier, of earlier-len bytes).
; A second read may see other bytes, written meanwhile by another vCPU, so
; checks made on the first mean nothing (bug 6).
(define-fun guest-input-read-once ((gpa Addr) (len (_ BitVec 64))
                                   (earlier Addr) (earlier-len (_ BitVec 64))) Bool
  (or (= len #x0000000000000000) (= earlier-len #x0000000000000000)
      (not (and (bvult gpa (bvadd earlier earlier-len)) (bvult earlier (bvadd gpa len))))))

; write-only-guest-pages: the module writes guest-directed data only to
; pages that are not its own memory or a VMSA.
(define-fun write-only-guest-pages ((owner (Array Page Owner)) (gpa Addr)) Bool
  (let ((o (owner-of owner gpa)))
    (not (or (= o OWNER-MODULE) (= o OWNER-VMSA)))))

; caa-is-registered: call_pending is read and cleared only in a
; page-aligned Calling Area that is registered, or is the one the current
; call came through (it stays valid until the call returns).
(define-fun caa-is-registered ((owner (Array Page Owner)) (caa Addr) (calling-caa Addr)
                               (in-call Bool)) Bool
  (and (page-aligned caa)
       (or (= (owner-of owner caa) OWNER-CAA) (and in-call (= caa calling-caa)))))

; The ghost transfers the design allows (docs/checks.md). Each refused one
; has its own clause, so that a report says which rule was broken.
; caa-from-guest-page: a Calling Area is made only from a guest page: the
; module writes call_pending into it, so it must not be the module's
; memory or a VMSA (bugs 3 and 12).
(define-fun caa-from-guest-page ((from Owner) (to Owner)) Bool
  (=> (= to OWNER-CAA) (= from OWNER-GUEST)))

; vmsa-from-guest-page: a VMSA is made from a guest page or a module page,
; never from a CAA or another VMSA.
(define-fun vmsa-from-guest-page ((from Owner) (to Owner)) Bool
  (=> (= to OWNER-VMSA) (or (= from OWNER-GUEST) (= from OWNER-MODULE))))

; module-takes-guest-page: the module adds to its memory only validated
; guest pages.
(define-fun module-takes-guest-page ((from Owner) (to Owner)) Bool
  (=> (= to OWNER-MODULE) (= from OWNER-GUEST)))

; owner-transfer: a page goes back to the guest only from the module, a
; VMSA or a CAA; nothing becomes shared or nobody's by a transfer; the page
; must be an aligned page of the tables.
(define-fun owner-transfer ((gpa Addr) (from Owner) (to Owner)) Bool
  (and (page-aligned gpa) (bvult gpa TABLES-END)
       (=> (= to OWNER-GUEST)
           (or (= from OWNER-GUEST) (= from OWNER-VMSA) (= from OWNER-CAA)
               (= from OWNER-MODULE)))
       (or (= to OWNER-CAA) (= to OWNER-VMSA) (= to OWNER-MODULE) (= to OWNER-GUEST))))

; lock-not-held: a vCPU takes the lock only when it does not hold it
; already (holder is the lock word: 0 free, else the holder's CPU + 1).
(define-fun lock-not-held ((holder (_ BitVec 32)) (cpu (_ BitVec 32))) Bool
  (not (= holder (bvadd cpu #x00000001))))

; unlock-own-lock: a vCPU releases only a lock it holds.
(define-fun unlock-own-lock ((holder (_ BitVec 32)) (cpu (_ BitVec 32))) Bool
  (= holder (bvadd cpu #x00000001)))

; no-data-race: of two accesses to one word of struct svsm or of guest
; memory, an earlier one by earlier-cpu and a later one by cpu, not both
; reads, the earlier happens before the later: its clock (earlier-cpu's
; count of releases when it was made) is within what cpu has seen of
; earlier-cpu (seen, its vector clock's entry), through the lock, an
; atomic or a call that ended before its own began. Only the run-time
; check judges it, at every access (explorer/ghost/race.c, docs/races.md):
; which accesses meet on a word is the C program's, not the model's.
(define-fun no-data-race ((earlier-cpu (_ BitVec 32)) (earlier-clock (_ BitVec 32))
                          (cpu (_ BitVec 32)) (seen (_ BitVec 32)) (both-read Bool)) Bool
  (or (= earlier-cpu cpu) both-read (bvule earlier-clock seen)))

; ---------------------------------------------------------------------------
; The module's bookkeeping (bookkeeping.c), judged at rest: after every
; call and at the end of boot, when no vCPU holds the module's lock
; ---------------------------------------------------------------------------
;
; What struct svsm (svsm/svsm.h) says about pages, by GPA page, passed in
; as the run has it (explorer/ghost/bookkeeping.c: bookkeeping_of):
;   ram     guest RAM (p.guest_base, p.guest_size)
;   bitmap  the validated bitmap (sv->validated)
;   pool    the pool (sv->pool)
;   vmsas   registered VMSAs: the current one of a used slot, or a retired one
;   caas    the Calling Area of a used slot
; and, one bit per vCPU slot i: busy (its activity word is not VCPU_IDLE)
; and in-call (a call of that vCPU is under way).

; bitmap-covers-validated: the bitmap rule of docs/module.md: while a
; guest GPA's bit is clear, no validated page of the guest is bound to it.
; The module refuses to validate a GPA whose bit is set; a bit left clear
; over a validated page lets the GPA be validated a second time, and the
; hypervisor swap the two pages to replay old contents.
(define-fun bitmap-covers-validated ((s State) (ram (Array Page Bool))
                                     (bitmap (Array Page Bool))) Bool
  (forall ((p Page))
    (let ((e (select (rmp s) p)))
      (=> (and (in-memory s p) (guest-validated s e) (bvult (bound-gpa e) TABLES-END)
               (select ram (page-of (bound-gpa e))))
          (select bitmap (page-of (bound-gpa e)))))))

; bookkeeping-matches-owners: the module's tables say of each page what
; the ghost owners say: a registered VMSA exactly where the owner is VMSA,
; a vCPU's Calling Area exactly where it is CAA, a pool page exactly where
; a guest RAM page is the module's, and a bit of the bitmap exactly where
; a guest RAM page is not SHARED (the owners follow PVALIDATE: validated
; guest RAM is the guest's or held by the module); and past system
; memory, where no page is anyone's, they list nothing. The module decides
; by its tables alone: a page held but not listed could be validated, made
; a VMSA or handed out again; a listed page no longer held is refused to
; the guest, or worse, treated as the module's.
(define-fun bookkeeping-matches-owners ((s State) (owner (Array Page Owner))
                                        (ram (Array Page Bool)) (bitmap (Array Page Bool))
                                        (pool (Array Page Bool)) (vmsas (Array Page Bool))
                                        (caas (Array Page Bool))) Bool
  (forall ((g Page))
    (let ((o (select owner g)) (r (select ram g)) (m (in-memory s g)))
      (and (= (select vmsas g) (and m (= o OWNER-VMSA)))
           (= (select caas g) (and m (= o OWNER-CAA)))
           (= (select pool g) (and m r (= o OWNER-MODULE)))
           (= (select bitmap g) (and m r (not (= o OWNER-SHARED))))))))

; guest-pages-hold-no-secrets: a validated page of the guest bound to a
; GPA the owners call the guest's holds only what the guest's VMPL may
; read. PVALIDATE makes a page the guest's before the module zeroes and
; grants it; a page the module could not zero or grant goes to the pool
; (quarantine). One left the guest's unzeroed is handed over by any later
; grant of a guest page (CREATE_VCPU's error path gives its page back).
(define-fun guest-pages-hold-no-secrets ((s State) (owner (Array Page Owner))) Bool
  (forall ((p Page))
    (let ((e (select (rmp s) p)))
      (=> (and (in-memory s p) (guest-validated s e) (bvult (bound-gpa e) TABLES-END)
               (= (select owner (page-of (bound-gpa e))) OWNER-GUEST))
          (label-allows (select (label s) p) ((_ zero_extend 24) (guest-vmpl s)))))))

; vcpus-idle-between-calls: a vCPU's activity word is VCPU_IDLE unless a
; call of that vCPU is under way: a word left at serving, deleting or
; replacing keeps every later call of the vCPU from being served.
(define-fun vcpus-idle-between-calls ((busy (_ BitVec 8)) (in-call (_ BitVec 8))) Bool
  (= (bvand busy (bvnot in-call)) #x00))

; module-memory-never-guests: a page of system memory that is not guest
; RAM is module memory (the module's image and tables, the secrets page,
; the boot VMSA), and its owner is never the guest's: not GUEST, not
; SHARED. The module hands the guest only guest RAM it was given; a call
; that "gives back" a module page (DELETE_VCPU of the boot VMSA, once a
; re-online has retired it) hands over a page the guest never had.
(define-fun module-memory-never-guests ((s State) (owner (Array Page Owner))
                                        (ram (Array Page Bool))) Bool
  (forall ((g Page))
    (let ((o (select owner g)))
      (=> (and (in-memory s g) (not (select ram g)))
          (not (or (= o OWNER-GUEST) (= o OWNER-SHARED)))))))

; ---------------------------------------------------------------------------
; Contracts of the guest-visible calls (contracts.c)
; ---------------------------------------------------------------------------

(define-sort Result () (_ BitVec 32))
(define-fun SVSM-SUCCESS () Result #x00000000)

; result-code-defined: every call returns a result code of the SVSM
; specification: SUCCESS, the core errors INCOMPLETE..BUSY, or one of
; PVALIDATE's own FAIL_INPUT, FAIL_SIZEMISMATCH, FAIL_UNCHANGED.
(define-fun result-code-defined ((r Result)) Bool
  (or (= r SVSM-SUCCESS)
      (and (bvuge r #x80000000) (bvule r #x80000007))
      (= r #x80001001) (= r #x80001006) (= r #x80001010)))

; A PVALIDATE request as the guest wrote it when the call began: entry i
; of the list, for next <= i < end (end is entries, or what fits in the page).
(define-sort Entries () (Array (_ BitVec 16) (_ BitVec 64)))
(define-fun PVENTRY-RESERVED () (_ BitVec 64) #x0000000000000ff0)
(define-fun PVENTRY-IGNORE-CF () (_ BitVec 64) #x0000000000000008)
(define-fun PVENTRY-VALIDATE () (_ BitVec 64) #x0000000000000004)
(define-fun in-request ((i (_ BitVec 16)) (next (_ BitVec 16)) (end (_ BitVec 16))) Bool
  (and (bvuge i next) (bvult i end)))

; pvalidate-rejects-reserved: a PVALIDATE call that returns SUCCESS had no
; entry with reserved bits (11:4) set (bug 8).
(define-fun pvalidate-rejects-reserved ((r Result) (entries Entries)
                                        (next (_ BitVec 16)) (end (_ BitVec 16))) Bool
  (=> (= r SVSM-SUCCESS)
      (forall ((i (_ BitVec 16)))
        (=> (in-request i next end)
            (= (bvand (select entries i) PVENTRY-RESERVED) #x0000000000000000)))))

; A PVALIDATE list header that cannot be right: no entries, more entries
; than its page has room for (fit), next not below entries (count).
(define-fun pvalidate-bad-header ((count (_ BitVec 16)) (next (_ BitVec 16))
                                  (fit (_ BitVec 16))) Bool
  (or (= count #x0000) (bvugt count fit) (bvuge next count)))

; pvalidate-refuses-bad-list: a PVALIDATE request whose header cannot be
; right is refused whole: the call does not return SUCCESS and makes no
; PVALIDATE. A module that takes such a list reads entries past the page
; the guest gave it. count and next are the header, fit the room in the
; page, validated whether the call made a PVALIDATE.
(define-fun pvalidate-refuses-bad-list ((r Result) (count (_ BitVec 16)) (next (_ BitVec 16))
                                        (fit (_ BitVec 16)) (validated Bool)) Bool
  (=> (pvalidate-bad-header count next fit)
      (and (not (= r SVSM-SUCCESS)) (not validated))))

; pvalidate-reports-progress: a PVALIDATE call on a list whose header is
; right tells the guest in next how far it got (the SVSM specification,
; 58019, core PVALIDATE): SUCCESS leaves next = entries, every entry done;
; an error leaves next at the entry that failed, at or past where the
; call began and below entries, so the guest knows which entries were
; done and can go on from there. count, next and fit are the header when
; the call began; after is next in the guest's list when it returns.
(define-fun list-reports-progress ((r Result) (count (_ BitVec 16)) (next (_ BitVec 16))
                                   (fit (_ BitVec 16)) (after (_ BitVec 16))) Bool
  (=> (not (pvalidate-bad-header count next fit))
      (ite (= r SVSM-SUCCESS)
           (= after count)
           (and (bvuge after next) (bvult after count)))))
(define-fun pvalidate-reports-progress ((r Result) (count (_ BitVec 16)) (next (_ BitVec 16))
                                        (fit (_ BitVec 16)) (after (_ BitVec 16))) Bool
  (list-reports-progress r count next fit after))

; pvalidate-leaves-the-rest: a PVALIDATE call that returns an error and
; leaves next at an entry of the list (at or past where it began, below
; count: the entry that failed) made no PVALIDATE for the entries after
; it. The guest takes them as not done and does them again, or gives up
; on them; a page validated or rescinded behind its back is then in a
; state it does not know (issue 12). A GPA that an entry from where the
; call began up to next also names may have been done for that entry. A
; next that names no entry is pvalidate-reports-progress's to judge. One
; instruction of the call: its GPA; end bounds the entries in the page.
(define-fun list-names-gpa ((entries Entries) (from (_ BitVec 16)) (last (_ BitVec 16))
                            (end (_ BitVec 16)) (gpa Addr)) Bool
  (exists ((i (_ BitVec 16)))
    (and (in-request i from end) (bvule i last) (= (page-base (select entries i)) gpa))))
(define-fun list-leaves-the-rest ((r Result) (entries Entries) (count (_ BitVec 16))
                                  (next (_ BitVec 16)) (fit (_ BitVec 16))
                                  (end (_ BitVec 16)) (after (_ BitVec 16)) (gpa Addr)) Bool
  (=> (and (not (pvalidate-bad-header count next fit)) (not (= r SVSM-SUCCESS))
           (bvuge after next) (bvult after count)
           (list-names-gpa entries (bvadd after #x0001) #xffff end gpa))
      (list-names-gpa entries next after end gpa)))
(define-fun pvalidate-leaves-the-rest ((r Result) (entries Entries) (count (_ BitVec 16))
                                       (next (_ BitVec 16)) (fit (_ BitVec 16))
                                       (end (_ BitVec 16)) (after (_ BitVec 16))
                                       (gpa Addr)) Bool
  (list-leaves-the-rest r entries count next fit end after gpa))

; pvalidate-failure-holds-pages: a PVALIDATE call that returns an error
; leaves each page of the entry it stopped at (next when it returns) with
; the owner it had when the call began, or the module's. A page the call
; validated for that entry and could not zero or grant goes to the
; module's pool (its quarantine, svsm/core/validate.c): left the
; guest's, the module's tables call it a
; validated page the guest holds, though the guest was told the entry was
; not done and was given no access to it, and the pool's one way out
; (WITHDRAW_MEM, which zeroes and grants) is closed to it. For a 2M entry
; that is all 512 pages. One page of the entry that no entry done before
; it covers and no other vCPU changed while the call ran: its owner when
; the call began and when it returned.
(define-fun pvalidate-failure-holds-pages ((r Result) (owner-before Owner)
                                           (owner-after Owner)) Bool
  (=> (not (= r SVSM-SUCCESS))
      (or (= owner-after owner-before) (= owner-after OWNER-MODULE))))

; pvalidate-reports-unchanged: a PVALIDATE call that returns SUCCESS made
; no PVALIDATE that set CF (nothing changed) for the GPA of an entry that
; did not allow it with ignore_cf. The guest relies on FAIL_UNCHANGED to
; notice a hypervisor that replaced its page (bug 5). One instruction of
; the call: its GPA and its CF. When two entries name the GPA and one of
; them allows it, the instruction may have been that entry's: one
; instruction does not say which entry it was for.
(define-fun pvalidate-reports-unchanged ((r Result) (entries Entries)
                                         (next (_ BitVec 16)) (end (_ BitVec 16))
                                         (gpa Addr) (cf Bool)) Bool
  (=> (and (= r SVSM-SUCCESS) cf
           (exists ((i (_ BitVec 16)))
             (and (in-request i next end) (= (page-base (select entries i)) gpa))))
      (exists ((i (_ BitVec 16)))
        (and (in-request i next end)
             (= (page-base (select entries i)) gpa)
             (not (= (bvand (select entries i) PVENTRY-IGNORE-CF) #x0000000000000000))))))

; pvalidate-reports-refusal: a PVALIDATE call passes the instruction's
; refusals on in its own codes (the protocol-specific base 0x80001000 plus
; the instruction's code): FAIL_INPUT as PVALIDATE_FAIL_INPUT,
; FAIL_SIZEMISMATCH as PVALIDATE_FAIL_SIZEMISMATCH, by which the guest
; learns to PSMASH a 2M page or to validate its 4K pages one by one. One
; instruction of the call: its return code, and whether it faulted (then
; it refused nothing: the address is no good).
(define-fun pvalidate-reports-refusal ((r Result) (rc Rc) (faulted Bool)) Bool
  (=> (not faulted)
      (and (=> (= rc HW-FAIL-INPUT) (= r #x80001001))
           (=> (= rc HW-FAIL-SIZEMISMATCH) (= r #x80001006)))))

; pvalidate-acts-on-entries: a precondition of each PVALIDATE and
; RMPADJUST instruction of a PVALIDATE call (here, beside the list's other
; clauses, for its sort Entries): it is on the GPA of an entry from next
; on and has that entry's page size (bits 1:0); a PVALIDATE also has its
; action (bit 2). A module that works on the first 4K of a 2M page, or on
; a page no entry names, does not do what the guest asked, whatever the
; result says. One instruction: its GPA, page size, whether it is a
; PVALIDATE, and its validate flag.
(define-fun pvalidate-acts-on-entries ((entries Entries) (next (_ BitVec 16))
                                       (end (_ BitVec 16)) (gpa Addr)
                                       (size (_ BitVec 32)) (is-pvalidate Bool)
                                       (validate Bool)) Bool
  (exists ((i (_ BitVec 16)))
    (let ((e (select entries i)))
      (and (in-request i next end)
           (= (page-base e) gpa)
           (= ((_ zero_extend 30) ((_ extract 1 0) e)) size)
           (=> is-pvalidate
               (= validate (not (= (bvand e PVENTRY-VALIDATE) #x0000000000000000))))))))

;; DEPOSIT_MEM and WITHDRAW_MEM use the same list format (docs/module.md).

; deposit-mem-takes-4k-pages: a DEPOSIT_MEM call that returns SUCCESS had
; no entry with any of the low 12 bits set: the module takes 4K pages only,
; so an entry that says 2M (bit 0), validate or ignore_cf, or sets reserved
; bits, asks for something it did not do. SUCCESS would tell the guest the
; module holds a 2M page of which it holds only the first 4K.
(define-fun deposit-mem-takes-4k-pages ((r Result) (entries Entries)
                                        (next (_ BitVec 16)) (end (_ BitVec 16))) Bool
  (=> (= r SVSM-SUCCESS)
      (forall ((i (_ BitVec 16)))
        (=> (in-request i next end)
            (= (bvand (select entries i) #x0000000000000fff) #x0000000000000000)))))

; deposit-mem-reports-progress: DEPOSIT_MEM tells the guest in next how
; far it got, as PVALIDATE does: SUCCESS leaves next = entries; an error
; leaves it at the entry that failed, so the guest knows which of its
; pages the module took and which are still its own.
(define-fun deposit-mem-reports-progress ((r Result) (count (_ BitVec 16)) (next (_ BitVec 16))
                                          (fit (_ BitVec 16)) (after (_ BitVec 16))) Bool
  (list-reports-progress r count next fit after))

; deposit-mem-leaves-the-rest: a DEPOSIT_MEM call that stops on an error
; with next at an entry changed nothing of the pages of the entries after
; it (no RMPADJUST, no change of owner), unless an entry from where the
; call began up to next names the page too: the guest, told those pages
; are still its own, goes on using them, and a page whose access the
; module revoked or which it put into its pool would fault the guest or
; hold the guest's data where the module keeps its own. One change of
; the call: its GPA page; the rest as pvalidate-leaves-the-rest.
(define-fun deposit-mem-leaves-the-rest ((r Result) (entries Entries) (count (_ BitVec 16))
                                         (next (_ BitVec 16)) (fit (_ BitVec 16))
                                         (end (_ BitVec 16)) (after (_ BitVec 16))
                                         (gpa Addr)) Bool
  (list-leaves-the-rest r entries count next fit end after gpa))

; withdraw-mem-reports-count: WITHDRAW_MEM on a list whose header is right
; fills in entries from next on, at most up to entries, and tells the
; guest in next exactly how many pages it handed back: next when the call
; returns lies between where it began and entries, and is where it began
; plus handed, the pages the call made the guest's. A module that hands
; back more than the guest asked for writes past the count; one that
; reports fewer leaves the guest pages it does not know it has.
(define-fun withdraw-mem-reports-count ((count (_ BitVec 16)) (next (_ BitVec 16))
                                        (fit (_ BitVec 16)) (after (_ BitVec 16))
                                        (handed (_ BitVec 16))) Bool
  (=> (not (pvalidate-bad-header count next fit))
      (and (bvuge after next) (bvule after count) (= (bvsub after next) handed))))

; withdraw-mem-returns-pages: every page WITHDRAW_MEM hands back (the
; entries from next up to the next it reports) is the guest's again, holds
; only zeros (a pool page may hold module data, or be a quarantined page
; whose contents were never the guest's), and is the guest's to use: the
; guest's VMPL may read, write and execute it, and it is validated and
; not a VMSA. One page when the call returns: its owner, whether it holds
; only zeros, and the guest's access (bits 3:0 its VMPL's permissions,
; bit 4 the VMSA bit, bit 5 validated).
(define-fun withdraw-mem-returns-pages ((owner Owner) (zeroed Bool) (access (_ BitVec 8)))
  Bool
  (and (= owner OWNER-GUEST) zeroed (= access #x2f)))

; ---------------------------------------------------------------------------
; What each core call's result promises (explorer/ghost/call_contracts.c,
; answers.c). The verifier asks those over the state and the ghost owners
; after the call; those over one register write are compared with their C
; check in test_conformance_clauses.c.
; ---------------------------------------------------------------------------

(define-fun SVSM-BUSY () Result #x80000007)

; The validated system page of the guest that the GPA of addr reaches when
; the call returns: mapped there and bound to it. Another page the
; hypervisor maps at the GPA faults every access through it, and a page it
; took back with RMPUPDATE is no longer validated: neither says anything
; of what the module did.
(define-fun page-at ((s State) (gpa Addr)) Addr
  (let ((spa (npt-lookup s gpa)))
    (ite (and (not (= spa UNMAPPED)) (spa-valid s spa)
              (guest-validated s (entry-at s spa))
              (= (bound-gpa (entry-at s spa)) (page-base gpa)))
         spa UNMAPPED)))

; create-vcpu-installs-vmsa: CREATE_VCPU returns SUCCESS only when the
; vCPU is registered (the VMSA page at rcx and the CAA at rdx are the
; module's: a VMSA and a CAA), the page at rcx has the VMSA bit, and no
; lower VMPL can write it (SVSM specification 58019, core CREATE_VCPU).
; A guest told SUCCESS starts the vCPU (AP_CREATE) and hands the CAA to it.
(define-fun create-vcpu-installs-vmsa ((s State) (owner (Array Page Owner)) (rcx Addr)
                                       (rdx Addr) (r Result)) Bool
  (=> (= r SVSM-SUCCESS)
      (and (= (owner-of owner rcx) OWNER-VMSA) (= (owner-of owner rdx) OWNER-CAA)
           (let ((spa (page-at s rcx)))
             (=> (not (= spa UNMAPPED))
                 (let ((e (entry-at s spa)))
                   (and (vmsa e)
                        (= (bvand (perms1 e) PERM-W) PERM-NONE)
                        (= (bvand (perms2 e) PERM-W) PERM-NONE)
                        (= (bvand (perms3 e) PERM-W) PERM-NONE))))))))

; create-vcpu-same-features: CREATE_VCPU returns SUCCESS only for a VMSA
; whose SEV features equal its creator's (58019: the new VMSA must match
; the calling vCPU's features). A vCPU with other features (no
; restricted injection, no alternate injection) is a weaker guest the
; hypervisor can attack in ways the creator ruled out. new and creator are
; the sev_features fields of the two save areas when the call returns.
(define-fun create-vcpu-same-features ((r Result) (new (_ BitVec 64))
                                       (creator (_ BitVec 64))) Bool
  (=> (= r SVSM-SUCCESS) (= new creator)))

; delete-vcpu-returns-page: DELETE_VCPU returns SUCCESS only when the
; page at rcx is the guest's again (58019: the page may be used by the
; guest once the call succeeds): not a VMSA the module still counts as
; its own, which it would refuse the guest to validate, deposit or reuse.
(define-fun delete-vcpu-returns-page ((owner (Array Page Owner)) (rcx Addr) (r Result)) Bool
  (=> (= r SVSM-SUCCESS) (= (owner-of owner rcx) OWNER-GUEST)))

; delete-vcpu-busy-keeps-vcpu: DELETE_VCPU that returns BUSY leaves the
; vCPU able to run: if the page at rcx is still a VMSA, its EFER.SVME is
; set. The hardware refuses to clear the VMSA bit of a running vCPU
; (FAIL_INUSE); the module must then restore the EFER it cleared, or the
; vCPU that "lives on" can never be entered again (availability). Judged
; only when the hypervisor left the page alone during the call: one that
; remaps the GPA can make the restoring write fault, and can refuse to run
; the vCPU anyway (a run-time check, as that condition is on the call's
; events). still-vmsa and svme are the page's VMSA bit and EFER.SVME.
(define-fun delete-vcpu-busy-keeps-vcpu ((r Result) (still-vmsa Bool) (svme Bool)) Bool
  (=> (and (= r SVSM-BUSY) still-vmsa) svme))

; The errors the refusals below answer with (svsm/abi.h).
(define-fun SVSM-INVALID-ADDRESS () Result #x80000003)
(define-fun SVSM-INVALID-PARAMETER () Result #x80000005)

; create-vcpu-refuses-own-cpu: CREATE_VCPU for the APIC ID of the caller's
; own CPU (R8[31:0]) is refused as a bad request: INVALID_PARAMETER, or
; INVALID_ADDRESS when one of its addresses is no good, which is checked
; first (docs/module.md, CREATE_VCPU). Never SUCCESS: the answer would go
; into the save area the call replaced. Never BUSY: the caller's own CPU
; is busy with this very call each time it asks, and a guest told BUSY
; retries (Linux's svsm_perform_call_protocol()) a call that can never
; succeed. apic is the low half of R8, caller-apic the caller's APIC ID.
(define-fun create-vcpu-refuses-own-cpu ((apic (_ BitVec 32)) (caller-apic (_ BitVec 32))
                                         (r Result)) Bool
  (=> (= apic caller-apic) (or (= r SVSM-INVALID-PARAMETER) (= r SVSM-INVALID-ADDRESS))))

; delete-vcpu-refuses-own-vmsa: DELETE_VCPU of the page of the caller's own
; VMSA (the one it runs, own) returns INVALID_PARAMETER (docs/module.md,
; DELETE_VCPU: the only check before it refuses the same way). Not
; SUCCESS: the answer would go into a deleted vCPU. Not BUSY: the caller
; is inside this very call each time it asks, so a guest that retries on
; BUSY would retry for ever.
(define-fun delete-vcpu-refuses-own-vmsa ((rcx Addr) (own Addr) (r Result)) Bool
  (=> (= (page-base rcx) own) (= r SVSM-INVALID-PARAMETER)))

; remap-ca-installs-caa: REMAP_CA returns SUCCESS only when the page at
; rcx is a Calling Area the module holds: the guest switches to it on
; SUCCESS and its next call goes through it.
(define-fun remap-ca-installs-caa ((owner (Array Page Owner)) (rcx Addr) (r Result)) Bool
  (=> (= r SVSM-SUCCESS) (= (owner-of owner rcx) OWNER-CAA)))

; query-protocol-answers: QUERY_PROTOCOL always succeeds (58019), and
; answers in RCX, for RCX = protocol << 32 | version, the highest and
; lowest version of that protocol the module implements (max << 32 | min)
; when it implements that version, else 0. The module implements core
; protocol (0) version 1 only.
(define-fun query-protocol-answers ((rcx (_ BitVec 64)) (r Result) (rcx-out (_ BitVec 64)))
  Bool
  (and (= r SVSM-SUCCESS)
       (= rcx-out (ite (= rcx #x0000000000000001) #x0000000100000001 #x0000000000000000))))

; configure-vtom-answers: CONFIGURE_VTOM with RCX bit 0 set is a query:
; SUCCESS with the supported vTOM settings in RCX, none for this module
; (0). Without bit 0 it asks to configure a vTOM the module does not
; support: it must not claim SUCCESS.
(define-fun configure-vtom-answers ((rcx (_ BitVec 64)) (r Result) (rcx-out (_ BitVec 64)))
  Bool
  (ite (= ((_ extract 0 0) rcx) #b1)
       (and (= r SVSM-SUCCESS) (= rcx-out #x0000000000000000))
       (not (= r SVSM-SUCCESS))))

; result-registers: a call's results (RAX, RCX, RDX, R8: 58019's calling
; convention) are written into the save area of the vCPU that made it, and
; before its call_pending is cleared. A result written into another vCPU's
; registers corrupts that vCPU; one written after call_pending is cleared
; may be missed by a guest that reads its registers the moment it sees the
; call answered. One register write of the call: the save area written
; (target), the caller's, the offset in it, and whether call_pending was
; already cleared.
(define-fun result-register ((off (_ BitVec 64))) Bool
  (or (= off #x00000000000001f8) (= off #x0000000000000308)
      (= off #x0000000000000310) (= off #x0000000000000340)))
(define-fun result-registers ((target Addr) (caller Addr) (off (_ BitVec 64))
                              (answered Bool)) Bool
  (=> (result-register off) (and (= target caller) (not answered))))

; error-changes-nothing: REMAP_CA, CREATE_VCPU and DELETE_VCPU have no
; partial effects (58019): a call of theirs that returns an error leaves
; each page it touched with the owner and the guest's access it had when
; the call began. The module touches pages on the way to some errors
; (CREATE_VCPU revokes the page to check it, DELETE_VCPU tries to clear
; the VMSA bit); an error path that undoes too little leaves the guest
; without its page, or with a page the module still counts as its own.
; One page: its owner before and after, and the guest's access before and
; after (its VMPL's permissions, bit 4 the VMSA bit, bit 5 validated).
(define-fun error-changes-nothing ((r Result) (owner-before Owner) (owner-after Owner)
                                   (access-before (_ BitVec 8)) (access-after (_ BitVec 8)))
  Bool
  (=> (not (= r SVSM-SUCCESS))
      (and (= owner-before owner-after) (= access-before access-after))))

; delete-vcpu-removes-vmsa: DELETE_VCPU returns SUCCESS only when the page
; at the GPA it was given (rcx) is no longer a VMSA, judged on the state
; when the call returns. The page at the GPA is the one the NPT maps it to
; and the RMP binds to it: a system page the hypervisor maps there while
; the RMP binds it to another GPA (another vCPU's VMSA, say) is not, since
; every access through rcx faults on it.
(define-fun delete-vcpu-removes-vmsa ((s State) (rcx Addr) (r Result)) Bool
  (let ((spa (npt-lookup s rcx)))
    (=> (and (= r SVSM-SUCCESS) (not (= spa UNMAPPED)) (spa-valid s spa)
             (= (bound-gpa (entry-at s spa)) (page-base rcx)))
        (not (vmsa (entry-at s spa))))))
