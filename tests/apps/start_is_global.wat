;; An export named _start that is a global, not a function: §2.1 step 4 only rejects
;; functions, so this module compiles. Calling "_start" resolves to a non-function export.
(module
  (memory (export "memory") 1)
  (global (export "_start") i32 (i32.const 0))
  (func (export "noop")))
