;; Imports a global from "env": only functions may be imported, so LinkError (§2.2).
(module
  (import "env" "some_global" (global i64))
  (memory (export "memory") 1)
  (func (export "noop")))
