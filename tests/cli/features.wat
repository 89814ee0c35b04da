;; Uses each post-MVP feature `ward inspect` reports (calimero-abi.md §2.3), a known number of
;; times, and imports nothing.
(module
  (memory (export "memory") 1 2)
  (table $funcs 2 funcref)
  (table $externs 1 externref)
  (global $stack_pointer (export "stack_pointer") (mut i32) (i32.const 1024))
  (global $heap_base (export "__heap_base") i32 (i32.const 2048))
  (data $passive "passive")
  (elem $passive_elems func $pair)

  ;; multi-value: two results.
  (func $pair (result i32 i64) (i32.const 1) (i64.const 2))

  (func (export "bulk")
    (memory.copy (i32.const 0) (i32.const 8) (i32.const 4))
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 4))
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 4))
    (memory.init $passive (i32.const 0) (i32.const 0) (i32.const 1))
    (data.drop $passive)
    (table.init $funcs $passive_elems (i32.const 0) (i32.const 0) (i32.const 1)))

  (func (export "numeric") (param f32) (result i32)
    (i32.extend8_s (i32.trunc_sat_f32_s (local.get 0))))

  (func (export "references") (result i32)
    (table.set $externs (i32.const 0) (ref.null extern))
    (ref.is_null (table.get $externs (i32.const 0))))

  (func (export "blocks") (result i32)
    (block (result i32 i32) (i32.const 1) (i32.const 2))
    (i32.add)))
