; specs/machine.smt2: the SEV-SNP machine of svsmlab, in SMT-LIB2.
;
; This file says, as logic, what explorer/machine/ does in C: the state of
; one guest's machine, and for every instruction a transition relation
;
;     (instruction pre-state inputs... outcome post-state)
;
; that is true exactly when the C model, run on pre-state with those
; inputs, reports that outcome and leaves that post-state. Each relation is
; a chain of (ite check-failed (stop ...) next-check) in the order the C
; code makes its checks, so the file reads side by side with the C.
; tests/unit/test_conformance.c holds the two to each other with Z3;
; docs/specs.md explains the scope and how to read a clause.
;
; Conventions: numbers are bit-vectors of the C type's width, so that
; overflow and comparisons mean what they mean in C. Names in CAPITALS are
; constants from svsm/abi.h or machine.h. specs/adversary.smt2 and
; specs/invariants.smt2 are read after this file and use its names.

; ---------------------------------------------------------------------------
; Sorts: what the numbers are
; ---------------------------------------------------------------------------

(define-sort Addr () (_ BitVec 64))    ; a byte address, GPA or SPA (uint64_t)
(define-sort Page () (_ BitVec 10))    ; a page number, the index of the model's tables (below)
(define-sort Asid () (_ BitVec 32))    ; an address-space (guest) identifier
(define-sort Vmpl () (_ BitVec 32))    ; a VMPL as the C functions take it (unsigned)
(define-sort Perms () (_ BitVec 4))    ; R bit 0, W bit 1, execute-user bit 2, execute-supervisor bit 3
(define-sort Psize () (_ BitVec 8))    ; an RMP page size, PSIZE-4K or PSIZE-2M
(define-sort Label () (_ BitVec 8))    ; ghost: who may learn a page's bytes (bit v: VMPL v, bit 4: hypervisor)
(define-sort Rc () (_ BitVec 32))      ; an instruction's return code (EAX)

; ---------------------------------------------------------------------------
; Constants (svsm/abi.h, explorer/machine/machine.h)
; ---------------------------------------------------------------------------

; Page sizes: 4 KiB, 2 MiB, and the 4K pages in a 2M one.
(define-fun PAGE-SIZE () Addr #x0000000000001000)
(define-fun PAGE-SIZE-2M () Addr #x0000000000200000)
(define-fun PAGES-PER-2M () Page #b1000000000)
; The C model's tables (RMP, NPT, labels) have MACHINE_MAX_PAGES = 1024
; entries: pages 0..1023, the addresses below 4 MiB. So has this spec:
; Page is a 10-bit number, and every table is an array over all of them.
(define-fun TABLES-END () Addr #x0000000000400000)
; What the NPT holds for a GPA page that maps nowhere (NPT_UNMAPPED).
(define-fun UNMAPPED () Addr #xffffffffffffffff)

; An RMP entry's page size as the C model stores it (enum PSIZE_*).
(define-fun PSIZE-4K () Psize #x00)
(define-fun PSIZE-2M () Psize #x01)
; VMPLs 0..3 exist; VMPL-COUNT is the first that does not.
(define-fun VMPL-COUNT () Vmpl #x00000004)

; The permission bits of an RMP entry and of RMPADJUST (PERM_*).
(define-fun PERM-R () Perms #x1)
(define-fun PERM-W () Perms #x2)
(define-fun PERM-XU () Perms #x4)
(define-fun PERM-XS () Perms #x8)
(define-fun PERM-ALL () Perms #xf)
(define-fun PERM-NONE () Perms #x0)

; The kinds of a guest access are the permission bit each one needs.
(define-fun ACCESS-READ () Perms PERM-R)
(define-fun ACCESS-WRITE () Perms PERM-W)
(define-fun ACCESS-EXEC () Perms PERM-XS)

; Content labels: the hypervisor's bit, and everyone (LABEL_HV, LABEL_PUBLIC).
(define-fun LABEL-HV () Label #x10)
(define-fun LABEL-PUBLIC () Label #x1f)   ; every VMPL and the hypervisor

; PVALIDATE and RMPADJUST return codes (EAX).
(define-fun HW-OK () Rc #x00000000)
(define-fun HW-FAIL-INPUT () Rc #x00000001)
(define-fun HW-FAIL-PERMISSION () Rc #x00000002)
(define-fun HW-FAIL-INUSE () Rc #x00000003)
(define-fun HW-FAIL-SIZEMISMATCH () Rc #x00000006)
; RMPUPDATE and PSMASH return codes.
(define-fun RMPUPDATE-OK () Rc #x00000000)
(define-fun RMPUPDATE-FAIL-INPUT () Rc #x00000001)
(define-fun RMPUPDATE-FAIL-IMMUTABLE () Rc #x00000002)
(define-fun RMPUPDATE-FAIL-INUSE () Rc #x00000003)
(define-fun RMPUPDATE-FAIL-OVERLAP () Rc #x00000004)

; The #VC error code of an access to a page that is not validated.
(define-fun VC-PAGE-NOT-VALIDATED () (_ BitVec 64) #x0000000000000404)
; The bits the model sets in an #NPF code (EXITINFO1).
(define-fun NPF-CODE-PRESENT () (_ BitVec 64) #x0000000000000001)
(define-fun NPF-CODE-WRITE () (_ BitVec 64) #x0000000000000002)
(define-fun NPF-CODE-RMP () (_ BitVec 64) #x0000000080000000)
(define-fun NPF-CODE-SIZEM () (_ BitVec 64) #x0000000800000000)
(define-fun NPF-VMPL-VIOLATION () (_ BitVec 64) #x0000001000000000)

; RMPADJUST's attribute word: target VMPL in bits 7:0, permissions in 11:8, VMSA bit 16.
(define-fun RMPADJUST-VMSA () (_ BitVec 64) #x0000000000010000)
(define-fun RMPADJUST-DEFINED () (_ BitVec 64) #x0000000000010fff)

; ---------------------------------------------------------------------------
; The state
; ---------------------------------------------------------------------------

; One RMP entry: what the hardware knows about one 4 KiB system page.
; A 2M entry is kept, as in the C model, as its 512 4K entries, all with
; page-size PSIZE-2M and alike except for their bound-gpa (head gpa + i pages).
; VMPL0 holds every permission; perms1..perms3 are those of VMPL1..VMPL3.
(declare-datatype Entry
  ((entry (assigned Bool) (immutable Bool) (validated Bool) (vmsa Bool)
          (page-size Psize) (asid Asid) (bound-gpa Addr)
          (perms1 Perms) (perms2 Perms) (perms3 Perms))))

; The machine one guest runs on.
;   npages      system memory, in 4 KiB pages (SPAs below npages * 4 KiB
;               exist); at most 1024, so system memory lies inside the tables
;   guest-asid  the guest's ASID: its private accesses use this key
;   guest-vmpl  the VMPL the guest OS runs at (the module runs at VMPL0)
;   rmp         SPA page -> its RMP entry
;   npt         GPA page -> the SPA it maps to (page-aligned), or UNMAPPED
;   label       SPA page -> ghost content label: who may learn its bytes
;   running     SPA page -> is it the VMSA of a vCPU running its guest now
; Memory contents are not part of this state (see docs/specs.md).
(declare-datatype State
  ((state (npages (_ BitVec 64)) (guest-asid Asid) (guest-vmpl (_ BitVec 8))
          (rmp (Array Page Entry)) (npt (Array Page Addr))
          (label (Array Page Label)) (running (Array Page Bool)))))

; ---------------------------------------------------------------------------
; Outcomes: what an instruction reports (struct hw_result)
; ---------------------------------------------------------------------------

; Which fault an instruction raised, if any (enum hw_fault): #VC, #NPF, #GP.
(declare-datatype Fault ((fault-none) (fault-vc) (fault-npf) (fault-gp)))

; rc and cf when fault is fault-none; otherwise the fault and its code
; (#VC error code or #NPF EXITINFO1), with rc 0 and cf false.
(declare-datatype Outcome
  ((outcome (rc Rc) (cf Bool) (fault Fault) (code (_ BitVec 64)))))

; Why an access raised #NPF, in the model's own words (enum npf_reason).
(declare-datatype Reason
  ((npf-none) (npf-unmapped) (npf-out-of-range) (npf-gpa-mismatch)
   (npf-not-assigned) (npf-wrong-asid) (npf-immutable) (npf-vmpl)
   (npf-shared-assigned) (npf-size)))

; What the hypervisor asks RMPUPDATE to write (struct rmp_update).
(declare-datatype Update
  ((update (new-assigned Bool) (new-immutable Bool) (new-page-size Psize)
           (new-asid Asid) (new-gpa Addr))))

; ---------------------------------------------------------------------------
; Building outcomes (fault.c)
; ---------------------------------------------------------------------------

; An instruction that ran to its end and returned rc, with carry flag cf.
(define-fun returns ((r Rc) (c Bool)) Outcome (outcome r c fault-none #x0000000000000000))

; Success: rc 0, no fault. CF may still say "unchanged" (see pvalidate).
(define-fun succeeded ((o Outcome)) Bool
  (and (= (fault o) fault-none) (= (rc o) HW-OK)))

; Success with CF=0.
(define-fun OK () Outcome (returns HW-OK false))

; #GP: the instruction does not exist at this VMPL.
(define-fun GP () Outcome (outcome HW-OK false fault-gp #x0000000000000000))

; #VC 0x404: the page is not validated. This is what stops a guest from
; using a page the hypervisor has just (re)assigned to it: the guest must
; PVALIDATE it first, and PVALIDATE tells it when the page was already
; valid, so a silently swapped page cannot be used unnoticed.
(define-fun VC-NOT-VALIDATED () Outcome
  (outcome HW-OK false fault-vc VC-PAGE-NOT-VALIDATED))

; The #NPF code for reason why on an access of kind kind: the present and
; RMP bits unless the NPT walk itself failed, the write bit for a write,
; and the VMPL or size-mismatch bit when that was the reason.
(define-fun npf-code ((why Reason) (kind Perms)) (_ BitVec 64)
  (bvor (ite (or (= why npf-unmapped) (= why npf-out-of-range))
             #x0000000000000000
             (bvor NPF-CODE-PRESENT NPF-CODE-RMP))
        (ite (= kind ACCESS-WRITE) NPF-CODE-WRITE #x0000000000000000)
        (ite (= why npf-vmpl) NPF-VMPL-VIOLATION #x0000000000000000)
        (ite (= why npf-size) NPF-CODE-SIZEM #x0000000000000000)))

; #NPF for reason why on an access of kind kind.
(define-fun NPF ((why Reason) (kind Perms)) Outcome
  (outcome HW-OK false fault-npf (npf-code why kind)))

; ---------------------------------------------------------------------------
; Reading the state
; ---------------------------------------------------------------------------

; The page of address a, for a below TABLES-END (callers check that first).
(define-fun page-of ((a Addr)) Page ((_ extract 21 12) a))
; The address of page p.
(define-fun page-addr ((p Page)) Addr (bvshl ((_ zero_extend 54) p) #x000000000000000c))
; Where in its page a lies, the page's first address, and alignment.
(define-fun page-offset ((a Addr)) Addr (bvand a #x0000000000000fff))
(define-fun page-base ((a Addr)) Addr (bvand a #xfffffffffffff000))
(define-fun page-aligned ((a Addr)) Bool (= (page-offset a) #x0000000000000000))
(define-fun aligned-2m ((a Addr)) Bool (= (bvurem a PAGE-SIZE-2M) #x0000000000000000))

; Is spa inside system memory? (machine_spa_valid)
(define-fun spa-valid ((s State) (spa Addr)) Bool
  (bvult spa (bvmul (npages s) PAGE-SIZE)))

; The RMP entry of the page that holds spa.
(define-fun entry-at ((s State) (spa Addr)) Entry (select (rmp s) (page-of spa)))

; Is e (one 4K page of) a 2M entry?
(define-fun is-2m ((e Entry)) Bool (= (page-size e) PSIZE-2M))

; The permissions of VMPL v (1..3) in entry e.
(define-fun perms-of ((e Entry) (v Vmpl)) Perms
  (ite (= v #x00000001) (perms1 e) (ite (= v #x00000002) (perms2 e) (perms3 e))))

; e with the permissions of VMPL v (1..3) replaced by p.
(define-fun with-perms ((e Entry) (v Vmpl) (p Perms)) Entry
  (entry (assigned e) (immutable e) (validated e) (vmsa e) (page-size e) (asid e) (bound-gpa e)
         (ite (= v #x00000001) p (perms1 e))
         (ite (= v #x00000002) p (perms2 e))
         (ite (= v #x00000003) p (perms3 e))))

; e with validated, the VMSA bit or the page size replaced.
(define-fun with-validated ((e Entry) (v Bool)) Entry
  (entry (assigned e) (immutable e) v (vmsa e) (page-size e) (asid e) (bound-gpa e)
         (perms1 e) (perms2 e) (perms3 e)))

(define-fun with-vmsa ((e Entry) (v Bool)) Entry
  (entry (assigned e) (immutable e) (validated e) v (page-size e) (asid e) (bound-gpa e)
         (perms1 e) (perms2 e) (perms3 e)))

(define-fun with-page-size ((e Entry) (z Psize)) Entry
  (entry (assigned e) (immutable e) (validated e) (vmsa e) z (asid e) (bound-gpa e)
         (perms1 e) (perms2 e) (perms3 e)))

; s with its RMP or its labels replaced.
(define-fun with-rmp ((s State) (r (Array Page Entry))) State
  (state (npages s) (guest-asid s) (guest-vmpl s) r (npt s) (label s) (running s)))

(define-fun with-label ((s State) (l (Array Page Label))) State
  (state (npages s) (guest-asid s) (guest-vmpl s) (rmp s) (npt s) l (running s)))

; The instruction ends with outcome r and changes nothing.
(define-fun stop ((o Outcome) (t State) (s State) (r Outcome)) Bool
  (and (= o r) (= t s)))

; ---------------------------------------------------------------------------
; Spans: the 4K entries one RMP entry is made of (rmp_span)
; ---------------------------------------------------------------------------

; Is q one of the pages [first, first + count)? (Written as q - first <
; count because first + count is 1024 for the last 2M region, which a
; 10-bit page number cannot hold.)
(define-fun in-range ((q Page) (first Page) (count Page)) Bool
  (bvult (bvsub q first) count))

; The first page of the RMP entry that holds spa: the page itself for a
; 4K entry, the 2M-aligned head of its region for a 2M entry.
(define-fun span-first ((s State) (spa Addr)) Page
  (ite (is-2m (entry-at s spa))
       (bvand (page-of spa) (bvnot (bvsub PAGES-PER-2M #b0000000001)))
       (page-of spa)))

; How many 4K entries that RMP entry has: 1 or 512.
(define-fun span-count ((s State) (spa Addr)) Page
  (ite (is-2m (entry-at s spa)) PAGES-PER-2M #b0000000001))

; Does some page in [first, first + count) belong to set? A 4K span is one
; page and is read directly; a 2M span is every page of the region.
(define-fun some-page ((set (Array Page Bool)) (first Page) (count Page)) Bool
  (ite (= count #b0000000001)
       (select set first)
       (exists ((q Page)) (and (in-range q first count) (select set q)))))

; r with the pages [first, first + count) replaced by those of new, the
; others kept: how every instruction writes a whole RMP entry at once,
; which keeps the 512 4K entries of a 2M entry alike.
(define-fun write-span ((r (Array Page Entry)) (first Page) (count Page)
                        (new (Array Page Entry))) (Array Page Entry)
  (ite (= count #b0000000001)
       (store r first (select new first))
       (lambda ((q Page)) (ite (in-range q first count) (select new q) (select r q)))))

; ---------------------------------------------------------------------------
; The nested page table (npt.c)
; ---------------------------------------------------------------------------

; What the NPT holds for gpa's page: past the tables it has no entry.
(define-fun npt-lookup ((s State) (gpa Addr)) Addr
  (ite (bvult gpa TABLES-END) (select (npt s) (page-of gpa)) UNMAPPED))

; Why the walk of gpa fails, or npf-none: the hypervisor may map a GPA
; anywhere, even past memory; the walk, not the mapping, refuses that.
(define-fun npt-walk ((s State) (gpa Addr)) Reason
  (ite (= (npt-lookup s gpa) UNMAPPED) npf-unmapped
  (ite (not (spa-valid s (npt-lookup s gpa))) npf-out-of-range
       npf-none)))

; ---------------------------------------------------------------------------
; The ownership checks of a private access (rmp_check_owner)
; ---------------------------------------------------------------------------

; Why the RMP entry e of the page gpa maps to refuses a private access by
; this guest, or npf-none. In VeriSMo's order:
;   gpa-mismatch  the page is bound to another GPA: protects against the
;                 hypervisor remapping a guest page elsewhere (replay, swap)
;   not-assigned  the page is the hypervisor's: protects against the guest
;                 treating hypervisor memory as private
;   wrong-asid    another guest's page: protects guests from each other
;   immutable     firmware's page (e.g. the secrets page before launch)
(define-fun owner-check ((s State) (gpa Addr) (e Entry)) Reason
  (ite (not (= (bound-gpa e) (page-base gpa))) npf-gpa-mismatch
  (ite (not (assigned e)) npf-not-assigned
  (ite (not (= (asid e) (guest-asid s))) npf-wrong-asid
  (ite (immutable e) npf-immutable
       npf-none)))))

; ---------------------------------------------------------------------------
; Guest access: read, write, execute at a VMPL, C-bit 0 or 1 (access.c)
; ---------------------------------------------------------------------------

; What the access check concludes: go on, #GP, #VC, or #NPF and why.
(declare-datatype Check ((check-ok) (check-gp) (check-vc) (check-npf (reason Reason))))

; The access check of a guest (or module) access to gpa at VMPL vmpl,
; private when cbit, of kind kind, in the C code's order:
;   no such VMPL                      -> #GP
;   NPT walk fails                    -> #NPF unmapped / out-of-range
;   shared access (C-bit 0): the page must not be a guest's, which keeps
;     private pages out of the hypervisor-visible (unencrypted) path
;   private access (C-bit 1): the ownership checks (owner-check), then
;     not validated                   -> #VC 0x404
;     VMPL >= 1 without the kind's permission -> #NPF vmpl, which is what
;     keeps a guest OS out of the module's pages and out of VMSAs.
(define-fun access-check ((s State) (vmpl Vmpl) (gpa Addr) (cbit Bool) (kind Perms)) Check
  (let ((e (entry-at s (npt-lookup s gpa))))
  (ite (bvuge vmpl VMPL-COUNT) check-gp
  (ite (not (= (npt-walk s gpa) npf-none)) (check-npf (npt-walk s gpa))
  (ite (not cbit)
       (ite (assigned e) (check-npf npf-shared-assigned) check-ok)
  (ite (not (= (owner-check s gpa e) npf-none)) (check-npf (owner-check s gpa e))
  (ite (not (validated e)) check-vc
  (ite (and (not (= vmpl #x00000000))
            (= (bvand (perms-of e vmpl) kind) PERM-NONE)) (check-npf npf-vmpl)
       check-ok))))))))

; What the access reports for conclusion c.
(define-fun check-outcome ((c Check) (kind Perms)) Outcome
  (ite (= c check-ok) OK
  (ite (= c check-gp) GP
  (ite (= c check-vc) VC-NOT-VALIDATED
       (NPF (reason c) kind)))))

; The #NPF reason of conclusion c, npf-none if it is not an #NPF.
(define-fun check-reason ((c Check)) Reason
  (ite ((_ is check-npf) c) (reason c) npf-none))

; The SPA of the byte at gpa (on success).
(define-fun access-spa ((s State) (gpa Addr)) Addr
  (bvadd (npt-lookup s gpa) (page-offset gpa)))

; machine_translate: the outcome o, the reason why (npf-none unless #NPF)
; and, on success, the SPA spa of the byte at gpa (0 otherwise: the C
; model leaves its out-parameter alone, and the checker starts it at 0).
(define-fun translate ((s State) (vmpl Vmpl) (gpa Addr) (cbit Bool) (kind Perms)
                       (o Outcome) (why Reason) (spa Addr)) Bool
  (let ((c (access-check s vmpl gpa cbit kind)))
  (and (= o (check-outcome c kind))
       (= why (check-reason c))
       (= spa (ite (= c check-ok) (access-spa s gpa) #x0000000000000000)))))

; Does [gpa, gpa + len) lie inside one page? A longer access is bad input.
(define-fun within-page ((gpa Addr) (len (_ BitVec 64))) Bool
  (bvule len (bvsub PAGE-SIZE (page-offset gpa))))

; machine_read of len bytes: nothing in the state changes (the bytes read
; are not part of this state).
(define-fun guest-read ((s State) (vmpl Vmpl) (gpa Addr) (cbit Bool) (len (_ BitVec 64))
                        (o Outcome)) Bool
  (ite (not (within-page gpa len))
       (= o (returns HW-FAIL-INPUT false))
       (= o (check-outcome (access-check s vmpl gpa cbit ACCESS-READ) ACCESS-READ))))

; A page's label after a write of len bytes labelled l: a whole-page write
; replaces the contents, so the label; a partial one mixes old and new
; bytes, so only parties allowed both may learn the page; an empty write
; changes nothing. This is what makes the confidentiality invariant track
; secrets through memory.
(define-fun written-label ((old Label) (len (_ BitVec 64)) (l Label)) Label
  (ite (= len PAGE-SIZE) l
  (ite (= len #x0000000000000000) old
       (bvand old l))))

; machine_write of len bytes labelled l: on success only the label of the
; page written changes (the bytes themselves are not part of this state).
(define-fun guest-write ((s State) (vmpl Vmpl) (gpa Addr) (cbit Bool) (len (_ BitVec 64))
                         (l Label) (o Outcome) (t State)) Bool
  (let ((c (access-check s vmpl gpa cbit ACCESS-WRITE))
        (p (page-of (access-spa s gpa))))
  (ite (not (within-page gpa len)) (stop o t s (returns HW-FAIL-INPUT false))
  (ite (not (= c check-ok)) (stop o t s (check-outcome c ACCESS-WRITE))
       (and (= o OK)
            (= t (with-label s (store (label s) p
                                      (written-label (select (label s) p) len l)))))))))

; ---------------------------------------------------------------------------
; What PVALIDATE and RMPADJUST share (rmp.c)
; ---------------------------------------------------------------------------

; Is gpa a valid operand for an instruction of page size size (0 = 4K, 1 = 2M)?
(define-fun instr-input-ok ((gpa Addr) (size (_ BitVec 32))) Bool
  (ite (= size #x00000000) (page-aligned gpa)
       (and (= size #x00000001) (aligned-2m gpa))))

; The checks PVALIDATE and RMPADJUST make on the page gpa maps to, once
; their own inputs are checked; OK means "go on". In order:
;   NPT walk fails                       -> #NPF
;   2M operand on an SPA not 2M-aligned  -> FAIL_INPUT (an operand check)
;   ownership (owner-check)              -> #NPF: a guest cannot validate or
;                                           grant a page it does not own
;   2M operand on a 4K entry             -> FAIL_SIZEMISMATCH
;   4K operand on a 2M entry             -> #NPF size: one 4K page of a 2M
;                                           entry cannot change alone
(define-fun instr-target ((s State) (gpa Addr) (size (_ BitVec 32))) Outcome
  (let ((spa (npt-lookup s gpa)))
  (let ((e (entry-at s spa)))
  (ite (not (= (npt-walk s gpa) npf-none)) (NPF (npt-walk s gpa) ACCESS-READ)
  (ite (and (= size #x00000001) (not (aligned-2m spa))) (returns HW-FAIL-INPUT false)
  (ite (not (= (owner-check s gpa e) npf-none)) (NPF (owner-check s gpa e) ACCESS-READ)
  (ite (and (= size #x00000001) (= (page-size e) PSIZE-4K))
       (returns HW-FAIL-SIZEMISMATCH false)
  (ite (and (= size #x00000000) (= (page-size e) PSIZE-2M)) (NPF npf-size ACCESS-READ)
       OK))))))))

; ---------------------------------------------------------------------------
; PVALIDATE (pvalidate.c)
; ---------------------------------------------------------------------------

; PVALIDATE at VMPL vmpl of gpa, size 0 (4K) or 1 (2M), validate or
; rescind. Only VMPL0 (the module) may validate: otherwise the guest OS
; could validate pages the module has not checked (#GP). When the entry
; already has the requested value, nothing changes and CF=1 says so: the
; guest's only way to notice that the hypervisor swapped in a page that
; was validated before. Otherwise validated changes on the whole entry,
; and nothing else does (permissions stay).
(define-fun pvalidate ((s State) (vmpl Vmpl) (gpa Addr) (size (_ BitVec 32)) (validate Bool)
                       (o Outcome) (t State)) Bool
  (let ((spa (npt-lookup s gpa)))
  (let ((first (span-first s spa)) (count (span-count s spa)))
  (ite (not (= vmpl #x00000000)) (stop o t s GP)
  (ite (not (instr-input-ok gpa size)) (stop o t s (returns HW-FAIL-INPUT false))
  (ite (not (succeeded (instr-target s gpa size))) (stop o t s (instr-target s gpa size))
  (ite (= (validated (entry-at s spa)) validate) (stop o t s (returns HW-OK true))
       (and (= o OK)
            (= t (with-rmp s (write-span (rmp s) first count
                    (lambda ((q Page)) (with-validated (select (rmp s) q) validate)))))))))))))

; ---------------------------------------------------------------------------
; RMPADJUST (rmpadjust.c)
; ---------------------------------------------------------------------------

; The fields of RMPADJUST's attribute word: target VMPL, permissions, VMSA bit.
(define-fun adjust-target ((attrs (_ BitVec 64))) Vmpl
  ((_ zero_extend 24) ((_ extract 7 0) attrs)))
(define-fun adjust-perms ((attrs (_ BitVec 64))) Perms ((_ extract 11 8) attrs))
(define-fun adjust-vmsa ((attrs (_ BitVec 64))) Bool
  (not (= (bvand attrs RMPADJUST-VMSA) #x0000000000000000)))

; The permissions VMPL vmpl holds in e: all for VMPL0.
(define-fun own-perms ((e Entry) (vmpl Vmpl)) Perms
  (ite (= vmpl #x00000000) PERM-ALL (perms-of e vmpl)))

; RMPADJUST at VMPL vmpl of gpa, size 0 or 1, attribute word attrs. In order:
;   undefined attribute bits, no such target VMPL, bad operand -> FAIL_INPUT
;   target not numerically greater than the caller -> FAIL_PERMISSION:
;     a VMPL can only hand out rights downwards, never to itself or above
;   the shared checks (instr-target)
;   page not validated -> #VC: rights are granted only on a page the
;     module has accepted
;   permissions not a subset of the caller's own -> FAIL_PERMISSION: no
;     VMPL can grant more than it has
;   VMSA bit from a VMPL other than 0 -> FAIL_PERMISSION: only the module
;     may create save areas (a guest-made VMSA could run at VMPL0)
;   some page of the entry is a running vCPU's VMSA -> FAIL_INUSE: a save
;     area cannot change under a running vCPU
; Then, on every page of the entry: the target's permissions become the
; requested ones and, from VMPL0 only, the VMSA bit becomes the requested one.
(define-fun rmpadjust ((s State) (vmpl Vmpl) (gpa Addr) (size (_ BitVec 32))
                       (attrs (_ BitVec 64)) (o Outcome) (t State)) Bool
  (let ((spa (npt-lookup s gpa))
        (target (adjust-target attrs)) (perms (adjust-perms attrs)) (vmsa-bit (adjust-vmsa attrs)))
  (let ((e (entry-at s spa)) (first (span-first s spa)) (count (span-count s spa)))
  (ite (or (not (= (bvand attrs (bvnot RMPADJUST-DEFINED)) #x0000000000000000))
           (bvuge target VMPL-COUNT)
           (not (instr-input-ok gpa size)))
       (stop o t s (returns HW-FAIL-INPUT false))
  (ite (bvule target vmpl) (stop o t s (returns HW-FAIL-PERMISSION false))
  (ite (not (succeeded (instr-target s gpa size))) (stop o t s (instr-target s gpa size))
  (ite (not (validated e)) (stop o t s VC-NOT-VALIDATED)
  (ite (not (= (bvand perms (bvnot (own-perms e vmpl))) PERM-NONE))
       (stop o t s (returns HW-FAIL-PERMISSION false))
  (ite (and vmsa-bit (not (= vmpl #x00000000))) (stop o t s (returns HW-FAIL-PERMISSION false))
  (ite (some-page (running s) first count) (stop o t s (returns HW-FAIL-INUSE false))
       (and (= o OK)
            (= t (with-rmp s (write-span (rmp s) first count
                    (lambda ((q Page))
                      (let ((granted (with-perms (select (rmp s) q) target perms)))
                        (ite (= vmpl #x00000000) (with-vmsa granted vmsa-bit) granted)))))))))))))))))

; ---------------------------------------------------------------------------
; RMPUPDATE and PSMASH, the hypervisor's instructions (rmpupdate.c)
; ---------------------------------------------------------------------------

; Do [spa, spa + len) lie inside system memory?
(define-fun range-valid ((s State) (spa Addr) (len Addr)) Bool
  (and (spa-valid s spa) (spa-valid s (bvsub (bvadd spa len) #x0000000000000001))))

; Is the page an assigned 4K entry? (A 2M update over one overlaps.)
(define-fun small-assigned ((e Entry)) Bool
  (and (assigned e) (= (page-size e) PSIZE-4K)))

; The entry RMPUPDATE writes at page i of the update u: validated, VMSA
; and every lower-VMPL permission are always dropped, which is why the
; hypervisor cannot forge them; an unassigned page keeps no size, owner or
; binding, only the immutable bit.
(define-fun updated-entry ((u Update) (i Page)) Entry
  (ite (new-assigned u)
       (entry true (new-immutable u) false false (new-page-size u) (new-asid u)
              (bvadd (new-gpa u) (page-addr i))
              PERM-NONE PERM-NONE PERM-NONE)
       (entry false (new-immutable u) false false PSIZE-4K #x00000000 #x0000000000000000
              PERM-NONE PERM-NONE PERM-NONE)))

; RMPUPDATE of the 4K or 2M page at spa with u. In order:
;   page size not 4K or 2M, spa or gpa not aligned to it, range outside
;     memory                                   -> FAIL_INPUT
;   some page of the range immutable           -> FAIL_IMMUTABLE: firmware
;                                                 pages are out of reach
;   some page the VMSA of a running vCPU       -> FAIL_INUSE
;   a 2M update over an assigned 4K page, or a 4K update of a page of an
;     assigned 2M entry                        -> FAIL_OVERLAP: entries never
;                                                 half-overlap
; Then every page of the range gets updated-entry.
(define-fun rmpupdate ((s State) (spa Addr) (u Update) (r Rc) (t State)) Bool
  (let ((len (ite (= (new-page-size u) PSIZE-2M) PAGE-SIZE-2M PAGE-SIZE))
        (count (ite (= (new-page-size u) PSIZE-2M) PAGES-PER-2M #b0000000001))
        (first (page-of spa)))
  (ite (or (bvugt (new-page-size u) PSIZE-2M)
           (not (= (bvurem spa len) #x0000000000000000))
           (not (= (bvurem (new-gpa u) len) #x0000000000000000))
           (not (range-valid s spa len)))
       (and (= r RMPUPDATE-FAIL-INPUT) (= t s))
  (ite (some-page (lambda ((q Page)) (immutable (select (rmp s) q))) first count)
       (and (= r RMPUPDATE-FAIL-IMMUTABLE) (= t s))
  (ite (some-page (running s) first count)
       (and (= r RMPUPDATE-FAIL-INUSE) (= t s))
  (ite (ite (= (new-page-size u) PSIZE-2M)
            (some-page (lambda ((q Page)) (small-assigned (select (rmp s) q))) first count)
            (and (assigned (select (rmp s) first)) (is-2m (select (rmp s) first))))
       (and (= r RMPUPDATE-FAIL-OVERLAP) (= t s))
       (and (= r RMPUPDATE-OK)
            (= t (with-rmp s (write-span (rmp s) first count
                    (lambda ((q Page)) (updated-entry u (bvsub q first)))))))))))))

; PSMASH of the 2M entry at spa: its 512 pages become 4K entries, each
; keeping everything else (validated, permissions, VMSA), so splitting a
; page never takes from the guest what it was granted. Bad address ->
; FAIL_INPUT; an entry that is not 2M -> 6 (size mismatch).
(define-fun psmash ((s State) (spa Addr) (r Rc) (t State)) Bool
  (let ((first (page-of spa)))
  (ite (or (not (aligned-2m spa)) (not (range-valid s spa PAGE-SIZE-2M)))
       (and (= r RMPUPDATE-FAIL-INPUT) (= t s))
  (ite (not (is-2m (select (rmp s) first)))
       (and (= r HW-FAIL-SIZEMISMATCH) (= t s))
       (and (= r RMPUPDATE-OK)
            (= t (with-rmp s (write-span (rmp s) first PAGES-PER-2M
                    (lambda ((q Page)) (with-page-size (select (rmp s) q) PSIZE-4K))))))))))
