; specs/invariants.smt2: the global invariants, as explorer/ghost/invariants.c
; checks them after every step of a run, and with the same names.
;
; Read after specs/machine.smt2. Two of them need ghost state the machine
; state does not hold, passed as arguments:
;   module     GPA page -> does the module own it (sim.ghost.owner == module)
;   save-vmpl  SPA page -> the vmpl byte of the page read as a VMSA (offset
;              0xCA, the guest's plaintext): memory is not part of State
; Like the C checks, they look at pages inside system memory only.

; Is page p inside system memory?
(define-fun in-memory ((s State) (p Page)) Bool
  (bvult ((_ zero_extend 54) p) (npages s)))

; An entry this guest has validated: the only pages the guest can use.
(define-fun guest-validated ((s State) (e Entry)) Bool
  (and (assigned e) (= (asid e) (guest-asid s)) (validated e)))

; Can VMPL v (1..3) learn what e's page holds (read or execute it)?
(define-fun can-learn ((e Entry) (v Vmpl)) Bool
  (not (= (bvand (perms-of e v) (bvor PERM-R (bvor PERM-XU PERM-XS))) PERM-NONE)))

; Does label l let VMPL v learn the page?
(define-fun label-allows ((l Label) (v Vmpl)) Bool
  (not (= (bvand l (bvshl #x01 ((_ extract 7 0) v))) #x00)))

; confidentiality: no VMPL can read a validated page whose contents are
; secret to it. Protects the module's secrets (VMPCK0, the vTPM's keys)
; from the guest OS: a page is granted to a lower VMPL only once what it
; holds may be shown to that VMPL (zeroed, or the guest's own data).
(define-fun confidentiality ((s State)) Bool
  (forall ((p Page))
    (let ((e (select (rmp s) p)) (l (select (label s) p)))
      (=> (and (in-memory s p) (guest-validated s e))
          (and (=> (can-learn e #x00000001) (label-allows l #x00000001))
               (=> (can-learn e #x00000002) (label-allows l #x00000002))
               (=> (can-learn e #x00000003) (label-allows l #x00000003)))))))

; module-integrity: no lower VMPL has any access to a page the module
; owns, at the SPA the module really reaches through the NPT. Protects
; the module's code and data from the guest OS it serves.
(define-fun module-integrity ((s State) (module (Array Page Bool))) Bool
  (forall ((g Page))
    (let ((spa (npt-lookup s (page-addr g))))
    (let ((e (entry-at s spa)))
      (=> (and (in-memory s g) (select module g)
               (not (= spa UNMAPPED)) (spa-valid s spa)
               (guest-validated s e) (= (bound-gpa e) (page-addr g)))
          (and (= (perms1 e) PERM-NONE) (= (perms2 e) PERM-NONE) (= (perms3 e) PERM-NONE)))))))

; The permission half of VMSA safety: no VMPL >= 1 can write a VMSA.
; Protects against a guest editing its own save area (vmpl = 0 would make
; it the module at its next VMRUN).
(define-fun vmsa-not-writable ((s State)) Bool
  (forall ((p Page))
    (let ((e (select (rmp s) p)))
      (=> (and (in-memory s p) (vmsa e))
          (and (= (bvand (perms1 e) PERM-W) PERM-NONE)
               (= (bvand (perms2 e) PERM-W) PERM-NONE)
               (= (bvand (perms3 e) PERM-W) PERM-NONE))))))

; vmsa-safety: every VMSA is unwritable by lower VMPLs and runs at the
; guest's VMPL: a VMSA that runs at VMPL0 would be a second module.
(define-fun vmsa-safety ((s State) (save-vmpl (Array Page (_ BitVec 8)))) Bool
  (and (vmsa-not-writable s)
       (forall ((p Page))
         (=> (and (in-memory s p) (vmsa (select (rmp s) p)))
             (= (select save-vmpl p) (guest-vmpl s))))))

; no-double-validation: no two validated pages of the guest are bound to
; the same GPA: every validated page q bound to the GPA of a validated page
; p is p itself. Two would let the hypervisor swap one for the other under
; the guest and replay old contents. (Like the C check, GPAs past the
; tables are not compared: nothing can map them.)
(define-fun no-double-validation ((s State)) Bool
  (forall ((p Page))
    (let ((a (select (rmp s) p)))
      (=> (and (in-memory s p) (guest-validated s a) (bvult (bound-gpa a) TABLES-END))
          (forall ((q Page))
            (let ((b (select (rmp s) q)))
              (=> (and (in-memory s q) (guest-validated s b)
                       (= (page-base (bound-gpa b)) (page-base (bound-gpa a))))
                  (= q p))))))))

; All of them.
(define-fun invariants ((s State) (module (Array Page Bool))
                        (save-vmpl (Array Page (_ BitVec 8)))) Bool
  (and (confidentiality s) (module-integrity s module) (vmsa-safety s save-vmpl)
       (no-double-validation s)))
