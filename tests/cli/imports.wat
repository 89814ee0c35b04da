;; A module with an import, which `ward invoke` cannot provide.
(module
  (import "env" "log" (func $log (param i32)))
  (func (export "run") (call $log (i32.const 1)))
)
