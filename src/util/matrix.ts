/** A dense row-major matrix: `rows` × `cols` numbers in `data` (NaN marks a missing value). */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}
