;; A module whose start function traps during instantiation.
(module
  (func $boom (unreachable))
  (start $boom)
  (func (export "run"))
)
