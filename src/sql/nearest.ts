/**
 * The number of the nearest of k distance columns (prefix0 … prefix{k−1}); the first of equals wins,
 * as in Strata's own assignment.
 */
export function nearestSql(k: number, prefix: string): string {
  if (k === 1) return '0';
  const pick = Array.from({ length: k }, (_, j) => {
    const tests = Array.from({ length: k }, (_v, i) => i)
      .filter((i) => i !== j)
      .map((i) => `${prefix}${j} ${i < j ? '<' : '<='} ${prefix}${i}`);
    return j === k - 1 ? `ELSE ${j}` : `WHEN ${tests.join(' AND ')} THEN ${j}`;
  }).join(' ');
  return `CASE ${pick} END`;
}
