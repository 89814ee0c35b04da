;; Exports its memory under another name only: ModuleValidationError (§2.1 step 5).
(module
  (memory (export "mem") 1)
  (func (export "noop")))
