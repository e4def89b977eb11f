;; The k-means distance kernels in WebAssembly with 128-bit SIMD (two doubles a lane pair).
;; Every pointer is a byte offset into the engine's memory. The arithmetic is the JavaScript kernels'
;; (kernels.ts) operation for operation: lane 0 sums the even dimensions and lane 1 the odd ones,
;; a last odd dimension goes to lane 0, and the two lanes are added at the end; no fused multiply-add.
;; So either gives the same bits, and a fit is the same with or without WebAssembly.
;; `npm run wasm` compiles this file into kernels-wasm.ts (checked by a test).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Squared distance between the d doubles at byte offsets $a and $b.
  (func $sq (param $a i32) (param $b i32) (param $d i32) (result f64)
    (local $acc v128) (local $v v128) (local $t i32) (local $even i32) (local $s0 f64) (local $x f64)
    (local.set $even (i32.shl (i32.and (local.get $d) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $t) (local.get $even)))
        (local.set $v (f64x2.sub
          (v128.load (i32.add (local.get $a) (local.get $t)))
          (v128.load (i32.add (local.get $b) (local.get $t)))))
        (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $v) (local.get $v))))
        (local.set $t (i32.add (local.get $t) (i32.const 16)))
        (br $pairs)))
    (local.set $s0 (f64x2.extract_lane 0 (local.get $acc)))
    (if (i32.and (local.get $d) (i32.const 1))
      (then
        (local.set $x (f64.sub
          (f64.load (i32.add (local.get $a) (local.get $even)))
          (f64.load (i32.add (local.get $b) (local.get $even)))))
        (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $x) (local.get $x))))))
    (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $acc))))

  (global $best (mut f64) (f64.const 0))
  (global $second (mut f64) (f64.const 0))

  ;; The nearest of k centres to the row at $row (ties: the lowest index, or $tie when among them);
  ;; the two smallest squared distances are left in $best and $second.
  (func $nearestTwo (param $row i32) (param $c i32) (param $k i32) (param $d i32) (param $tie i32) (result i32)
    (local $j i32) (local $s f64) (local $best f64) (local $second f64) (local $bj i32) (local $stride i32)
    (local.set $best (f64.const inf))
    (local.set $second (f64.const inf))
    (local.set $bj (local.get $tie))
    (local.set $stride (i32.shl (local.get $d) (i32.const 3)))
    (block $done
      (loop $centres
        (br_if $done (i32.ge_u (local.get $j) (local.get $k)))
        (local.set $s (call $sq (local.get $row)
          (i32.add (local.get $c) (i32.mul (local.get $j) (local.get $stride))) (local.get $d)))
        (if (f64.lt (local.get $s) (local.get $best))
          (then
            (local.set $second (local.get $best))
            (local.set $best (local.get $s))
            (local.set $bj (local.get $j)))
          (else
            (if (f64.lt (local.get $s) (local.get $second))
              (then (local.set $second (local.get $s))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $centres)))
    (global.set $best (local.get $best))
    (global.set $second (local.get $second))
    (local.get $bj))

  ;; Puts row $i with its nearest centre and sets its bounds; 1 when its label changed.
  (func $moveToNearest (param $x i32) (param $i i32) (param $c i32) (param $k i32) (param $d i32)
      (param $tie i32) (param $labels i32) (param $upper i32) (param $lower i32) (result i32)
    (local $bj i32) (local $at i32) (local $moved i32)
    (local.set $bj (call $nearestTwo
      (i32.add (local.get $x) (i32.mul (local.get $i) (i32.shl (local.get $d) (i32.const 3))))
      (local.get $c) (local.get $k) (local.get $d) (local.get $tie)))
    (local.set $at (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2))))
    (local.set $moved (i32.ne (i32.load (local.get $at)) (local.get $bj)))
    (i32.store (local.get $at) (local.get $bj))
    (f64.store (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3))) (f64.sqrt (global.get $best)))
    (f64.store (i32.add (local.get $lower) (i32.shl (local.get $i) (i32.const 3))) (f64.sqrt (global.get $second)))
    (local.get $moved))

  ;; Every row of [start, end) to its nearest centre; returns how many changed.
  (func (export "assignFull") (param $x i32) (param $d i32) (param $k i32) (param $c i32) (param $labels i32)
      (param $upper i32) (param $lower i32) (param $start i32) (param $end i32) (result i32)
    (local $i i32) (local $changed i32)
    (local.set $i (local.get $start))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $changed (i32.add (local.get $changed)
          (call $moveToNearest (local.get $x) (local.get $i) (local.get $c) (local.get $k) (local.get $d)
            (i32.const 0) (local.get $labels) (local.get $upper) (local.get $lower))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.get $changed))

  ;; Hamerly's step over [start, end): widen the bounds by the centres' moves, recompute only rows whose
  ;; bounds no longer prove their centre the nearest; returns how many changed.
  (func (export "assignBounded") (param $x i32) (param $d i32) (param $k i32) (param $c i32) (param $labels i32)
      (param $upper i32) (param $lower i32) (param $half i32) (param $moves i32) (param $maxMove f64)
      (param $maxMove2 f64) (param $argMax i32) (param $start i32) (param $end i32) (result i32)
    (local $i i32) (local $changed i32) (local $li i32) (local $u i32) (local $l i32) (local $m f64) (local $ub f64)
    (local.set $i (local.get $start))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $li (i32.load (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $u (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $l (i32.add (local.get $lower) (i32.shl (local.get $i) (i32.const 3))))
        (f64.store (local.get $u) (f64.add (f64.load (local.get $u))
          (f64.load (i32.add (local.get $moves) (i32.shl (local.get $li) (i32.const 3))))))
        (f64.store (local.get $l) (f64.sub (f64.load (local.get $l))
          (select (local.get $maxMove2) (local.get $maxMove) (i32.eq (local.get $li) (local.get $argMax)))))
        (local.set $m (f64.max
          (f64.load (i32.add (local.get $half) (i32.shl (local.get $li) (i32.const 3))))
          (f64.load (local.get $l))))
        (block $next
          (br_if $next (f64.le (f64.load (local.get $u)) (local.get $m)))
          (local.set $ub (f64.sqrt (call $sq
            (i32.add (local.get $x) (i32.mul (local.get $i) (i32.shl (local.get $d) (i32.const 3))))
            (i32.add (local.get $c) (i32.mul (local.get $li) (i32.shl (local.get $d) (i32.const 3))))
            (local.get $d))))
          (f64.store (local.get $u) (local.get $ub))
          (br_if $next (f64.le (local.get $ub) (local.get $m)))
          (local.set $changed (i32.add (local.get $changed)
            (call $moveToNearest (local.get $x) (local.get $i) (local.get $c) (local.get $k) (local.get $d)
              (local.get $li) (local.get $labels) (local.get $upper) (local.get $lower)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.get $changed))

  ;; k-means++: for each of $trials candidate rows (copied to $cand), the potential of [start, end) were
  ;; it the next centre, into $pot: each row's weighted distance to the nearer of its centre and it.
  (func (export "seedTrials") (param $x i32) (param $d i32) (param $closest i32) (param $cand i32)
      (param $trials i32) (param $weights i32) (param $pot i32) (param $start i32) (param $end i32)
    (local $i i32) (local $t i32) (local $w f64) (local $cl f64) (local $dd f64) (local $row i32) (local $at i32)
    (local $stride i32)
    (local.set $stride (i32.shl (local.get $d) (i32.const 3)))
    (local.set $t (i32.const 0))
    (block $zeroed
      (loop $zero
        (br_if $zeroed (i32.ge_u (local.get $t) (local.get $trials)))
        (f64.store (i32.add (local.get $pot) (i32.shl (local.get $t) (i32.const 3))) (f64.const 0))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $zero)))
    (local.set $i (local.get $start))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $w (if (result f64) (local.get $weights)
          (then (f64.load (i32.add (local.get $weights) (i32.shl (local.get $i) (i32.const 3)))))
          (else (f64.const 1))))
        (local.set $cl (f64.load (i32.add (local.get $closest) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $row (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $stride))))
        (local.set $t (i32.const 0))
        (block $tried
          (loop $candidates
            (br_if $tried (i32.ge_u (local.get $t) (local.get $trials)))
            (local.set $dd (call $sq (local.get $row)
              (i32.add (local.get $cand) (i32.mul (local.get $t) (local.get $stride))) (local.get $d)))
            (local.set $at (i32.add (local.get $pot) (i32.shl (local.get $t) (i32.const 3))))
            (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
              (f64.mul (local.get $w)
                (select (local.get $dd) (local.get $cl) (f64.lt (local.get $dd) (local.get $cl))))))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $candidates)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; k-means++: the row at byte offset $centre becomes a centre; each row of [start, end) keeps the
  ;; nearer of the two in $closest; returns the block's potential.
  (func (export "seedApply") (param $x i32) (param $d i32) (param $closest i32) (param $centre i32)
      (param $weights i32) (param $start i32) (param $end i32) (result f64)
    (local $i i32) (local $pot f64) (local $dd f64) (local $at i32) (local $cl f64)
    (local.set $i (local.get $start))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $at (i32.add (local.get $closest) (i32.shl (local.get $i) (i32.const 3))))
        (local.set $dd (call $sq
          (i32.add (local.get $x) (i32.mul (local.get $i) (i32.shl (local.get $d) (i32.const 3))))
          (local.get $centre) (local.get $d)))
        (local.set $cl (f64.load (local.get $at)))
        (local.set $dd (select (local.get $dd) (local.get $cl) (f64.lt (local.get $dd) (local.get $cl))))
        (f64.store (local.get $at) (local.get $dd))
        (local.set $pot (f64.add (local.get $pot)
          (if (result f64) (local.get $weights)
            (then (f64.mul (f64.load (i32.add (local.get $weights) (i32.shl (local.get $i) (i32.const 3)))) (local.get $dd)))
            (else (local.get $dd)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    (local.get $pot))

  ;; Weighted per-cluster sums (k × d at $sums) and masses (k at $mass) of the rows [start, end); each
  ;; element is its own running sum, so two at a time changes nothing.
  (func (export "clusterSums") (param $x i32) (param $d i32) (param $labels i32) (param $weights i32)
      (param $sums i32) (param $mass i32) (param $start i32) (param $end i32)
    (local $i i32) (local $w f64) (local $wv v128) (local $l i32) (local $row i32) (local $into i32)
    (local $t i32) (local $even i32) (local $stride i32) (local $at i32)
    (local.set $stride (i32.shl (local.get $d) (i32.const 3)))
    (local.set $even (i32.shl (i32.and (local.get $d) (i32.const -2)) (i32.const 3)))
    (local.set $i (local.get $start))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $w (if (result f64) (local.get $weights)
          (then (f64.load (i32.add (local.get $weights) (i32.shl (local.get $i) (i32.const 3)))))
          (else (f64.const 1))))
        (local.set $wv (f64x2.splat (local.get $w)))
        (local.set $l (i32.load (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $at (i32.add (local.get $mass) (i32.shl (local.get $l) (i32.const 3))))
        (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $w)))
        (local.set $row (i32.add (local.get $x) (i32.mul (local.get $i) (local.get $stride))))
        (local.set $into (i32.add (local.get $sums) (i32.mul (local.get $l) (local.get $stride))))
        (local.set $t (i32.const 0))
        (block $summed
          (loop $pairs
            (br_if $summed (i32.ge_u (local.get $t) (local.get $even)))
            (v128.store (i32.add (local.get $into) (local.get $t))
              (f64x2.add (v128.load (i32.add (local.get $into) (local.get $t)))
                (f64x2.mul (local.get $wv) (v128.load (i32.add (local.get $row) (local.get $t))))))
            (local.set $t (i32.add (local.get $t) (i32.const 16)))
            (br $pairs)))
        (if (i32.and (local.get $d) (i32.const 1))
          (then
            (f64.store (i32.add (local.get $into) (local.get $even))
              (f64.add (f64.load (i32.add (local.get $into) (local.get $even)))
                (f64.mul (local.get $w) (f64.load (i32.add (local.get $row) (local.get $even))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; The silhouette's pair sums for rows [from, to) of a sample ordered by cluster ($starts: k + 1
  ;; offsets): each pair (a, b > a) once, its distance credited to both rows, a's run in one cluster
  ;; summed in a register (silhouette-kernel.ts does the same in JavaScript).
  (func (export "silhouettePairs") (param $xs i32) (param $ls i32) (param $starts i32) (param $d i32)
      (param $k i32) (param $from i32) (param $to i32) (param $sums i32)
    (local $a i32) (local $la i32) (local $c i32) (local $b i32) (local $end i32) (local $run f64)
    (local $dist f64) (local $stride i32) (local $at i32)
    (local.set $stride (i32.shl (local.get $d) (i32.const 3)))
    (local.set $a (local.get $from))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $a) (local.get $to)))
        (local.set $la (i32.load (i32.add (local.get $ls) (i32.shl (local.get $a) (i32.const 2)))))
        (local.set $c (local.get $la))
        (block $clustersDone
          (loop $clusters
            (br_if $clustersDone (i32.ge_u (local.get $c) (local.get $k)))
            (local.set $run (f64.const 0))
            (local.set $b (i32.load (i32.add (local.get $starts) (i32.shl (local.get $c) (i32.const 2)))))
            (if (i32.lt_u (local.get $b) (i32.add (local.get $a) (i32.const 1)))
              (then (local.set $b (i32.add (local.get $a) (i32.const 1)))))
            (local.set $end (i32.load (i32.add (local.get $starts)
              (i32.shl (i32.add (local.get $c) (i32.const 1)) (i32.const 2)))))
            (block $pairsDone
              (loop $pairs
                (br_if $pairsDone (i32.ge_u (local.get $b) (local.get $end)))
                (local.set $dist (f64.sqrt (call $sq
                  (i32.add (local.get $xs) (i32.mul (local.get $a) (local.get $stride)))
                  (i32.add (local.get $xs) (i32.mul (local.get $b) (local.get $stride)))
                  (local.get $d))))
                (local.set $run (f64.add (local.get $run) (local.get $dist)))
                (local.set $at (i32.add (local.get $sums)
                  (i32.shl (i32.add (i32.mul (local.get $b) (local.get $k)) (local.get $la)) (i32.const 3))))
                (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $dist)))
                (local.set $b (i32.add (local.get $b) (i32.const 1)))
                (br $pairs)))
            (local.set $at (i32.add (local.get $sums)
              (i32.shl (i32.add (i32.mul (local.get $a) (local.get $k)) (local.get $c)) (i32.const 3))))
            (f64.store (local.get $at) (f64.add (f64.load (local.get $at)) (local.get $run)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $clusters)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $rows))))
)
