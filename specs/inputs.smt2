; specs/inputs.smt2: the module's checks of guest-chosen values.
;
; One define-fun per pure predicate of svsm/core/input_checks.c, by the
; same name with dashes; tests/unit/test_conformance_inputs.c compares the
; two on every boundary. Stand-alone: it needs no other spec file.
; `svsmlab verify --inputs symbolic` (docs/verify.md) applies them to a
; symbolic guest register, to ask Z3 for an input that decides a check
; the other way than every input tried so far.
;
; The guest value is always the first argument; the others are the
; module's constants (its layout), concrete when Z3 is asked.

; A 4K boundary.
(define-fun input-page-aligned ((gpa (_ BitVec 64))) Bool
  (= ((_ extract 11 0) gpa) #x000))

; [gpa, gpa+len) lies in [base, base+size), with no sum that can wrap.
(define-fun input-within ((gpa (_ BitVec 64)) (len (_ BitVec 64))
                          (base (_ BitVec 64)) (size (_ BitVec 64))) Bool
  (and (bvuge gpa base)
       (bvult (bvsub gpa base) size)
       (bvule len (bvsub size (bvsub gpa base)))))

; QUERY_PROTOCOL's RCX = protocol << 32 | version: core protocol (0),
; version 1, the only one the module implements.
(define-fun input-protocol-supported ((rcx (_ BitVec 64))) Bool
  (and (= ((_ extract 63 32) rcx) #x00000000)
       (= ((_ extract 31 0) rcx) #x00000001)))

; CONFIGURE_VTOM's RCX bit 0: a query.
(define-fun input-vtom-query ((rcx (_ BitVec 64))) Bool
  (= ((_ extract 0 0) rcx) #b1))

; The same 4K page.
(define-fun input-same-page ((gpa (_ BitVec 64)) (other (_ BitVec 64))) Bool
  (= ((_ extract 63 12) gpa) ((_ extract 63 12) other)))

; A 2M boundary.
(define-fun input-2m-aligned ((gpa (_ BitVec 64))) Bool
  (= ((_ extract 20 0) gpa) #b000000000000000000000))

; CREATE_VCPU's R8[31:0] is the APIC ID id (the upper half ignored).
(define-fun input-apic-id-is ((r8 (_ BitVec 64)) (id (_ BitVec 64))) Bool
  (= ((_ extract 31 0) r8) ((_ extract 31 0) id)))

; An 8-byte boundary: where a page list's header may start.
(define-fun input-8-aligned ((gpa (_ BitVec 64))) Bool
  (= ((_ extract 2 0) gpa) #b000))

; A page list's header word (entries in bits 15:0, next in 31:16) fits a
; list at gpa: at least one entry, every entry in gpa's page (room, as the
; module computes it: 64-bit, cut to 32), next one of them.
(define-fun input-list-counts-ok ((header (_ BitVec 64)) (gpa (_ BitVec 64))) Bool
  (let ((entries ((_ zero_extend 16) ((_ extract 15 0) header)))
        (next ((_ zero_extend 16) ((_ extract 31 16) header)))
        (room ((_ extract 31 0)
               (bvudiv (bvsub (bvsub #x0000000000001000 ((_ zero_extend 52) ((_ extract 11 0) gpa)))
                              #x0000000000000008)
                       #x0000000000000008))))
    (and (not (= entries #x00000000))
         (bvule entries room)
         (bvult next entries))))

; Entry next + k is one of the list's (64-bit sum, as the module's).
(define-fun input-list-pending ((header (_ BitVec 64)) (k (_ BitVec 64))) Bool
  (bvult (bvadd ((_ zero_extend 48) ((_ extract 31 16) header)) k)
         ((_ zero_extend 48) ((_ extract 15 0) header))))

; A PVALIDATE entry's reserved bits 11:4 are clear.
(define-fun input-entry-reserved-clear ((entry (_ BitVec 64))) Bool
  (= ((_ extract 11 4) entry) #x00))

; Its page size, bits 1:0, is size.
(define-fun input-entry-size-is ((entry (_ BitVec 64)) (size (_ BitVec 64))) Bool
  (= ((_ zero_extend 62) ((_ extract 1 0) entry)) size))

; Its bit flag is set (bit 2: validate; bit 3: ignore_cf).
(define-fun input-entry-flag ((entry (_ BitVec 64)) (flag (_ BitVec 64))) Bool
  (not (= (bvand entry flag) #x0000000000000000)))

; A DEPOSIT_MEM entry: a 4K page, no flags, no reserved bits (bits 11:0 clear).
(define-fun input-entry-plain-4k ((entry (_ BitVec 64))) Bool
  (= ((_ extract 11 0) entry) #x000))
