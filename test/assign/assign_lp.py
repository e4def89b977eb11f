"""The assignment LP of a staff file and a customers CSV, built from the raw data and solved by scipy's
HiGHS (linprog): maximise sum weight x value (x (1 + keep) at the current manager, for a positive value) subject to each
customer placed once and each manager within span. Prints the optimum as JSON."""
import csv, json, sys
import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

staff = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2], newline='')))
value_col, current_col = sys.argv[3], (sys.argv[4] if len(sys.argv) > 4 else None)
match, keep = staff.get('match', []), staff.get('keep', 0)
managers = [(ti, m) for ti, t in enumerate(staff['tiers']) for m in t.get('managers', [])]
pooled = [t['weight'] for t in staff['tiers'] if not t.get('managers')]
c, ri, ci, ub_r, ub_c = [], [], [], [], []
x = 0
for i, r in enumerate(rows):
    v = float(r[value_col])
    for j, (ti, m) in enumerate(managers):
        if all(a not in m or str(m[a]) == r[a] for a in match):
            w = staff['tiers'][ti]['weight'] * (1 + (keep if current_col and v > 0 and r[current_col] == m['name'] else 0))
            c.append(-v * w); ri.append(i); ci.append(x); ub_r.append(j); ub_c.append(x); x += 1
    if pooled:
        c.append(-max(v * w for w in pooled)); ri.append(i); ci.append(x); x += 1
n = len(rows)
a_eq = coo_matrix((np.ones(len(ri)), (ri, ci)), shape=(n, x)).tocsr()
a_ub = coo_matrix((np.ones(len(ub_r)), (ub_r, ub_c)), shape=(len(managers), x)).tocsr()
spans = [m['span'] for _, m in managers]
res = linprog(c, A_ub=a_ub, b_ub=spans, A_eq=a_eq, b_eq=np.ones(n), bounds=(0, 1), method='highs')
print(json.dumps({'status': int(res.status), 'objective': -res.fun if res.status == 0 else None, 'variables': x}))
