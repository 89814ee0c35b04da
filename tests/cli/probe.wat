;; A small Calimero application for the `ward run` tests: deterministic time and randomness,
;; a storage write that is rolled back, a private write, and a method that spins until its gas
;; runs out (to hold the database open).
(module
  (import "env" "value_return" (func $value_return (param i64)))
  (import "env" "random_bytes" (func $random_bytes (param i64)))
  (import "env" "time_now" (func $time_now (param i64)))
  (import "env" "storage_write" (func $storage_write (param i64 i64 i64) (result i32)))
  (import "env" "private_storage_write" (func $private_storage_write (param i64 i64) (result i32)))
  (import "env" "log_utf8" (func $log_utf8 (param i64)))
  (memory (export "memory") 1)

  ;; Descriptors (§3.2: Buffer = u64 ptr, u64 len; ValueReturn = u64 tag, Buffer).
  ;; 0: random destination {256, 16}; 16: time destination {272, 8};
  ;; 32: ValueReturn Ok {256, 24} (the random bytes followed by the time).
  (data (i32.const 0) "\00\01\00\00\00\00\00\00\10\00\00\00\00\00\00\00")
  (data (i32.const 16) "\10\01\00\00\00\00\00\00\08\00\00\00\00\00\00\00")
  (data (i32.const 32) "\00\00\00\00\00\00\00\00\00\01\00\00\00\00\00\00\18\00\00\00\00\00\00\00")
  ;; 64: key {512, 4} = "seen"; 80: value {520, 3} = "yes"; 96: log {528, 9} = "probe ran".
  (data (i32.const 64) "\00\02\00\00\00\00\00\00\04\00\00\00\00\00\00\00")
  (data (i32.const 80) "\08\02\00\00\00\00\00\00\03\00\00\00\00\00\00\00")
  (data (i32.const 96) "\10\02\00\00\00\00\00\00\09\00\00\00\00\00\00\00")
  (data (i32.const 512) "seen")
  (data (i32.const 520) "yes")
  (data (i32.const 528) "probe ran")

  ;; Returns 16 random bytes followed by the u64 LE time.
  (func (export "random_and_time")
    (call $random_bytes (i64.const 0))
    (call $time_now (i64.const 16))
    (call $value_return (i64.const 32)))

  ;; Writes "seen" = "yes" to the main keyspace.
  (func (export "write")
    (call $log_utf8 (i64.const 96))
    (drop (call $storage_write (i64.const 64) (i64.const 80) (i64.const 1))))

  ;; Writes, then traps: the write must not reach the database.
  (func (export "write_then_fail")
    (drop (call $storage_write (i64.const 64) (i64.const 80) (i64.const 1)))
    (unreachable))

  ;; Writes "seen" = "yes" to the private keyspace.
  (func (export "private_write")
    (drop (call $private_storage_write (i64.const 64) (i64.const 80))))

  ;; Runs until the gas budget is exhausted.
  (func (export "spin")
    (loop $forever (br $forever))))
