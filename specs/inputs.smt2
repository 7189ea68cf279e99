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
