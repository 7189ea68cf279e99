; specs/theorems.smt2: facts about the specs that Z3 proves, so that we can
; trust the specs before we trust anything proved with them.
;
; Read after machine.smt2, adversary.smt2 and invariants.smt2. Each
; theorem is a closed formula (define-fun NAME () Bool ...);
; tests/unit/test_conformance_specs.c proves every one of them (its
; negation is unsatisfiable) and fails if a theorem is added here and
; not there. The quantified variables range over every state, not only
; those the C model reaches, except where a theorem says otherwise.

; ---------------------------------------------------------------------------
; The machine's relations are functions: one outcome, one post-state.
; (The conformance test checks each C transition against them; these say
; that a transition the relation accepts is the only one it accepts.)
; ---------------------------------------------------------------------------

; PVALIDATE: one outcome and one post-state for each state and inputs.
(define-fun pvalidate-is-deterministic () Bool
  (forall ((s State) (vmpl Vmpl) (gpa Addr) (size (_ BitVec 32)) (validate Bool)
           (o1 Outcome) (t1 State) (o2 Outcome) (t2 State))
    (=> (and (pvalidate s vmpl gpa size validate o1 t1)
             (pvalidate s vmpl gpa size validate o2 t2))
        (and (= o1 o2) (= t1 t2)))))

; RMPADJUST, likewise.
(define-fun rmpadjust-is-deterministic () Bool
  (forall ((s State) (vmpl Vmpl) (gpa Addr) (size (_ BitVec 32)) (attrs (_ BitVec 64))
           (o1 Outcome) (t1 State) (o2 Outcome) (t2 State))
    (=> (and (rmpadjust s vmpl gpa size attrs o1 t1)
             (rmpadjust s vmpl gpa size attrs o2 t2))
        (and (= o1 o2) (= t1 t2)))))

; RMPUPDATE: one return code and one post-state.
(define-fun rmpupdate-is-deterministic () Bool
  (forall ((s State) (spa Addr) (u Update) (r1 Rc) (t1 State) (r2 Rc) (t2 State))
    (=> (and (rmpupdate s spa u r1 t1) (rmpupdate s spa u r2 t2))
        (and (= r1 r2) (= t1 t2)))))

; PSMASH, likewise.
(define-fun psmash-is-deterministic () Bool
  (forall ((s State) (spa Addr) (r1 Rc) (t1 State) (r2 Rc) (t2 State))
    (=> (and (psmash s spa r1 t1) (psmash s spa r2 t2))
        (and (= r1 r2) (= t1 t2)))))

; The access check: one outcome, one #NPF reason, one SPA.
(define-fun translate-is-deterministic () Bool
  (forall ((s State) (vmpl Vmpl) (gpa Addr) (cbit Bool) (kind Perms)
           (o1 Outcome) (w1 Reason) (a1 Addr) (o2 Outcome) (w2 Reason) (a2 Addr))
    (=> (and (translate s vmpl gpa cbit kind o1 w1 a1) (translate s vmpl gpa cbit kind o2 w2 a2))
        (and (= o1 o2) (= w1 w2) (= a1 a2)))))

; A read: one outcome.
(define-fun guest-read-is-deterministic () Bool
  (forall ((s State) (vmpl Vmpl) (gpa Addr) (cbit Bool) (len (_ BitVec 64))
           (o1 Outcome) (o2 Outcome))
    (=> (and (guest-read s vmpl gpa cbit len o1) (guest-read s vmpl gpa cbit len o2))
        (= o1 o2))))

; A write: one outcome and one post-state.
(define-fun guest-write-is-deterministic () Bool
  (forall ((s State) (vmpl Vmpl) (gpa Addr) (cbit Bool) (len (_ BitVec 64)) (l Label)
           (o1 Outcome) (t1 State) (o2 Outcome) (t2 State))
    (=> (and (guest-write s vmpl gpa cbit len l o1 t1) (guest-write s vmpl gpa cbit len l o2 t2))
        (and (= o1 o2) (= t1 t2)))))

; ---------------------------------------------------------------------------
; What the guest's instructions protect
; ---------------------------------------------------------------------------

; Only VMPL0 validates: the guest OS cannot accept a page for the module.
(define-fun only-vmpl0-validates () Bool
  (forall ((s State) (vmpl Vmpl) (gpa Addr) (size (_ BitVec 32)) (validate Bool)
           (o Outcome) (t State))
    (=> (and (pvalidate s vmpl gpa size validate o t) (not (= vmpl #x00000000)))
        (= t s))))

; RMPADJUST from a VMPL other than 0 never gives the target VMPL more than
; the caller holds on the page, and never touches the VMSA bit. (Stated
; for the page the operand maps to: the C model reads the caller's rights
; there and writes the whole entry, whose 4K pages it keeps alike.)
(define-fun rmpadjust-grants-a-subset () Bool
  (forall ((s State) (vmpl Vmpl) (gpa Addr) (size (_ BitVec 32)) (attrs (_ BitVec 64))
           (o Outcome) (t State))
    (=> (and (rmpadjust s vmpl gpa size attrs o t) (not (= vmpl #x00000000)))
        (let ((before (entry-at s (npt-lookup s gpa))) (after (entry-at t (npt-lookup s gpa))))
          (and (= (vmsa after) (vmsa before))
               (=> (not (= after before))
                   (= (bvand (perms-of after (adjust-target attrs))
                             (bvnot (perms-of before vmpl)))
                      PERM-NONE)))))))

; The guest's instructions never change a page's owner, GPA, size or
; immutable bit: only the hypervisor does that, and always at the price of
; the guest's validation.
(define-fun guest-instructions-keep-ownership () Bool
  (forall ((s State) (vmpl Vmpl) (gpa Addr) (size (_ BitVec 32)) (validate Bool)
           (attrs (_ BitVec 64)) (o1 Outcome) (t1 State) (o2 Outcome) (t2 State) (p Page))
    (=> (and (pvalidate s vmpl gpa size validate o1 t1) (rmpadjust s vmpl gpa size attrs o2 t2))
        (let ((e (select (rmp s) p)) (e1 (select (rmp t1) p)) (e2 (select (rmp t2) p)))
          (and (= (assigned e1) (assigned e)) (= (asid e1) (asid e))
               (= (bound-gpa e1) (bound-gpa e)) (= (page-size e1) (page-size e))
               (= (immutable e1) (immutable e))
               (= (assigned e2) (assigned e)) (= (asid e2) (asid e))
               (= (bound-gpa e2) (bound-gpa e)) (= (page-size e2) (page-size e))
               (= (immutable e2) (immutable e)))))))

; ---------------------------------------------------------------------------
; The adversary
; ---------------------------------------------------------------------------

; Doing nothing is one of the hypervisor's moves.
(define-fun adversary-is-reflexive () Bool
  (forall ((s State)) (adversary s s)))

; Two moves are one move: so one relation per yield point covers any
; number of hypervisor actions there.
(define-fun adversary-is-transitive () Bool
  (forall ((s State) (t State) (u State))
    (=> (and (adversary s t) (adversary t u)) (adversary s u))))

; VeriSMo's hvupdate_rel: validated only goes true -> false, a VMSA bit
; only goes away, a lower VMPL's permissions stay or become empty.
(define-fun adversary-cannot-validate-or-grant () Bool
  (forall ((s State) (t State) (p Page))
    (=> (adversary s t)
        (let ((a (select (rmp s) p)) (b (select (rmp t) p)))
          (and (=> (validated b) (validated a))
               (=> (vmsa b) (vmsa a))
               (or (= (perms1 b) (perms1 a)) (= (perms1 b) PERM-NONE))
               (or (= (perms2 b) (perms2 a)) (= (perms2 b) PERM-NONE))
               (or (= (perms3 b) (perms3 a)) (= (perms3 b) PERM-NONE)))))))

; The machine's own hypervisor instructions are moves of the adversary:
; every RMPUPDATE, whatever it returns ... (With the conformance test,
; which holds the C model's RMPUPDATE and PSMASH to their relations, the
; C model's hypervisor instructions are inside the adversary.)
(define-fun rmpupdate-is-adversary () Bool
  (forall ((s State) (spa Addr) (u Update) (r Rc) (t State))
    (=> (rmpupdate s spa u r t) (adversary s t))))

; ... and so is every PSMASH.
(define-fun psmash-is-adversary () Bool
  (forall ((s State) (spa Addr) (r Rc) (t State))
    (=> (psmash s spa r t) (adversary s t))))

; Remapping the NPT in any way is a move ...
(define-fun npt-change-is-adversary () Bool
  (forall ((s State) (n (Array Page Addr)))
    (adversary s (state (npages s) (guest-asid s) (guest-vmpl s) (rmp s) n (label s) (running s)))))

; ... and a whole-page write to a page that is not the guest's.
(define-fun hv-write-is-adversary () Bool
  (forall ((s State) (p Page))
    (=> (not (assigned (select (rmp s) p)))
        (adversary s (with-label s (store (label s) p LABEL-PUBLIC))))))

; ---------------------------------------------------------------------------
; The adversary and the invariants
; ---------------------------------------------------------------------------

; Whatever the hypervisor does, it cannot break these three by itself
; (they can only be broken by the module, which is what verify looks
; for): no VMPL learns a secret it could not learn before ...
(define-fun adversary-keeps-confidentiality () Bool
  (forall ((s State) (t State))
    (=> (and (adversary s t) (confidentiality s)) (confidentiality t))))

; ... no VMPL >= 1 gets write access to a VMSA ...
(define-fun adversary-keeps-vmsa-unwritable () Bool
  (forall ((s State) (t State))
    (=> (and (adversary s t) (vmsa-not-writable s)) (vmsa-not-writable t))))

; ... and no GPA gets a second validated page.
(define-fun adversary-keeps-no-double-validation () Bool
  (forall ((s State) (t State))
    (=> (and (adversary s t) (no-double-validation s)) (no-double-validation t))))

; A machine where the hypervisor owns every page (no page assigned, none
; a VMSA) satisfies the invariants: they hold where every run starts.
(define-fun fresh-machine-satisfies-invariants () Bool
  (forall ((s State) (module (Array Page Bool)) (save-vmpl (Array Page (_ BitVec 8))))
    (=> (forall ((p Page)) (and (not (assigned (select (rmp s) p))) (not (vmsa (select (rmp s) p)))))
        (invariants s module save-vmpl))))
