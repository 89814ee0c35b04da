;; Defines a memory but does not export it: ModuleValidationError (§2.1 step 5).
;; (wasm-ld always exports its memory, hence text format.)
(module
  (memory 1)
  (func (export "noop")))
