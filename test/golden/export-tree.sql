-- Strata X: decision tree, 47 leaves, 5 classes
SELECT "customer_id", CASE leaf WHEN 5 THEN 'C' WHEN 7 THEN 'C' WHEN 8 THEN 'B' WHEN 11 THEN 'C' WHEN 12 THEN 'D' WHEN 14 THEN 'C' WHEN 15 THEN 'B' WHEN 19 THEN 'B' WHEN 20 THEN 'B' WHEN 21 THEN 'C' WHEN 23 THEN 'B' WHEN 24 THEN 'B' WHEN 28 THEN 'D' WHEN 30 THEN 'B' WHEN 31 THEN 'B' WHEN 34 THEN 'C' WHEN 35 THEN 'B' WHEN 37 THEN 'B' WHEN 38 THEN 'A' WHEN 41 THEN 'A' WHEN 43 THEN 'B' WHEN 44 THEN 'A' WHEN 46 THEN 'A' WHEN 48 THEN 'A' WHEN 49 THEN 'A' WHEN 55 THEN 'D' WHEN 56 THEN 'C' WHEN 58 THEN 'D' WHEN 59 THEN 'D' WHEN 62 THEN 'C' WHEN 63 THEN 'D' WHEN 65 THEN 'C' WHEN 66 THEN 'C' WHEN 70 THEN 'D' WHEN 71 THEN 'D' WHEN 72 THEN 'C' WHEN 75 THEN 'C' WHEN 76 THEN 'C' WHEN 77 THEN 'B' WHEN 81 THEN 'B' WHEN 83 THEN 'B' WHEN 84 THEN 'B' WHEN 87 THEN 'B' WHEN 88 THEN 'B' WHEN 90 THEN 'B' WHEN 91 THEN 'A' WHEN 92 THEN 'C' END AS predicted,
  CASE leaf WHEN 5 THEN 8.125e-1 WHEN 7 THEN 6.5e-1 WHEN 8 THEN 7.714285714285715e-1 WHEN 11 THEN 7.678571428571429e-1 WHEN 12 THEN 7e-1 WHEN 14 THEN 5.217391304347826e-1 WHEN 15 THEN 9.130434782608695e-1 WHEN 19 THEN 4.230769230769231e-1 WHEN 20 THEN 7.857142857142857e-1 WHEN 21 THEN 8e-1 WHEN 23 THEN 7.419354838709677e-1 WHEN 24 THEN 1e+0 WHEN 28 THEN 6e-1 WHEN 30 THEN 6.598639455782312e-1 WHEN 31 THEN 8.754098360655738e-1 WHEN 34 THEN 6.190476190476191e-1 WHEN 35 THEN 8.333333333333334e-1 WHEN 37 THEN 6.884057971014492e-1 WHEN 38 THEN 5.957446808510638e-1 WHEN 41 THEN 9.545454545454546e-1 WHEN 43 THEN 5.454545454545454e-1 WHEN 44 THEN 7.6e-1 WHEN 46 THEN 7.142857142857143e-1 WHEN 48 THEN 7.931034482758621e-1 WHEN 49 THEN 9.623529411764706e-1 WHEN 55 THEN 8.224852071005917e-1 WHEN 56 THEN 5.076923076923077e-1 WHEN 58 THEN 7.377892030848329e-1 WHEN 59 THEN 8.474399164054337e-1 WHEN 62 THEN 5.151515151515151e-1 WHEN 63 THEN 7.575757575757576e-1 WHEN 65 THEN 5.263157894736842e-1 WHEN 66 THEN 9.25e-1 WHEN 70 THEN 7.5e-1 WHEN 71 THEN 9.230769230769231e-1 WHEN 72 THEN 5.769230769230769e-1 WHEN 75 THEN 5.384615384615384e-1 WHEN 76 THEN 8.285714285714286e-1 WHEN 77 THEN 5.833333333333334e-1 WHEN 81 THEN 5e-1 WHEN 83 THEN 7.358490566037735e-1 WHEN 84 THEN 9.722222222222222e-1 WHEN 87 THEN 8e-1 WHEN 88 THEN 9.545454545454546e-1 WHEN 90 THEN 6.666666666666666e-1 WHEN 91 THEN 7.619047619047619e-1 WHEN 92 THEN 4.230769230769231e-1 END AS probability
FROM (
  SELECT "customer_id" AS "customer_id", CASE
    WHEN CAST("days_since_last_order" AS DOUBLE PRECISION) IS NULL THEN CASE
      WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
        WHEN CAST("total_assets" AS DOUBLE PRECISION) IS NULL THEN CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.00325e+3 THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.835e+2 THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 37
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.985e+1 THEN 37
              ELSE 38 END END END
        WHEN CAST("total_assets" AS DOUBLE PRECISION) <= 8.5225e+2 THEN CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.00325e+3 THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.835e+2 THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 37
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.985e+1 THEN 37
              ELSE 38 END END END
        ELSE CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 46
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.715e+2 THEN 46
            ELSE CASE
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) IS NULL THEN 49
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) <= 4.25e+1 THEN 48
              ELSE 49 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 7.8918e+3 THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 43
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 2.4049999999999997e+1 THEN 43
              ELSE 44 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 2.5e+0 THEN 41
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 43
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 2.4049999999999997e+1 THEN 43
              ELSE 44 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 46
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.715e+2 THEN 46
            ELSE CASE
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) IS NULL THEN 49
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) <= 4.25e+1 THEN 48
              ELSE 49 END END END END
      WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.375e+1 THEN CASE
        WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
          WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.44e+1 THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 14
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.865e+2 THEN 14
              ELSE 15 END END
          WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 6.5e+0 THEN CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 5
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.345e+2 THEN 5
            ELSE CASE
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN 8
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.1618500000000004e+3 THEN 7
              ELSE 8 END END
          ELSE CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.44e+1 THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 14
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.865e+2 THEN 14
              ELSE 15 END END END
        WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 8.0326e+3 THEN CASE
          WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.44e+1 THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 14
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.865e+2 THEN 14
              ELSE 15 END END
          WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 6.5e+0 THEN CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 5
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.345e+2 THEN 5
            ELSE CASE
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN 8
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.1618500000000004e+3 THEN 7
              ELSE 8 END END
          ELSE CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.44e+1 THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 14
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.865e+2 THEN 14
              ELSE 15 END END END
        ELSE CASE
          WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 20
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 7.35e+0 THEN 19
              ELSE 20 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.6e+1 THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 20
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 7.35e+0 THEN 19
              ELSE 20 END
            ELSE 21 END
          WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.795e+2 THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 20
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 7.35e+0 THEN 19
              ELSE 20 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.6e+1 THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 20
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 7.35e+0 THEN 19
              ELSE 20 END
            ELSE 21 END
          ELSE CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 23
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.25e+1 THEN 23
            ELSE 24 END END END
      ELSE CASE
        WHEN CAST("total_assets" AS DOUBLE PRECISION) IS NULL THEN CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.00325e+3 THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.835e+2 THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 37
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.985e+1 THEN 37
              ELSE 38 END END END
        WHEN CAST("total_assets" AS DOUBLE PRECISION) <= 8.5225e+2 THEN CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.00325e+3 THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.835e+2 THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 37
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.985e+1 THEN 37
              ELSE 38 END END END
        ELSE CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 46
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.715e+2 THEN 46
            ELSE CASE
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) IS NULL THEN 49
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) <= 4.25e+1 THEN 48
              ELSE 49 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 7.8918e+3 THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 43
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 2.4049999999999997e+1 THEN 43
              ELSE 44 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 2.5e+0 THEN 41
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 43
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 2.4049999999999997e+1 THEN 43
              ELSE 44 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 46
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.715e+2 THEN 46
            ELSE CASE
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) IS NULL THEN 49
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) <= 4.25e+1 THEN 48
              ELSE 49 END END END END END
    WHEN CAST("days_since_last_order" AS DOUBLE PRECISION) <= 2.35e+1 THEN CASE
      WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
        WHEN CAST("total_assets" AS DOUBLE PRECISION) IS NULL THEN CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.00325e+3 THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.835e+2 THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 37
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.985e+1 THEN 37
              ELSE 38 END END END
        WHEN CAST("total_assets" AS DOUBLE PRECISION) <= 8.5225e+2 THEN CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.00325e+3 THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.835e+2 THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 37
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.985e+1 THEN 37
              ELSE 38 END END END
        ELSE CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 46
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.715e+2 THEN 46
            ELSE CASE
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) IS NULL THEN 49
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) <= 4.25e+1 THEN 48
              ELSE 49 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 7.8918e+3 THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 43
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 2.4049999999999997e+1 THEN 43
              ELSE 44 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 2.5e+0 THEN 41
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 43
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 2.4049999999999997e+1 THEN 43
              ELSE 44 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 46
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.715e+2 THEN 46
            ELSE CASE
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) IS NULL THEN 49
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) <= 4.25e+1 THEN 48
              ELSE 49 END END END END
      WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.375e+1 THEN CASE
        WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
          WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.44e+1 THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 14
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.865e+2 THEN 14
              ELSE 15 END END
          WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 6.5e+0 THEN CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 5
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.345e+2 THEN 5
            ELSE CASE
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN 8
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.1618500000000004e+3 THEN 7
              ELSE 8 END END
          ELSE CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.44e+1 THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 14
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.865e+2 THEN 14
              ELSE 15 END END END
        WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 8.0326e+3 THEN CASE
          WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.44e+1 THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 14
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.865e+2 THEN 14
              ELSE 15 END END
          WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 6.5e+0 THEN CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 5
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.345e+2 THEN 5
            ELSE CASE
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN 8
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.1618500000000004e+3 THEN 7
              ELSE 8 END END
          ELSE CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.44e+1 THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 11
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 3.4e+1 THEN 11
              ELSE 12 END
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 14
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.865e+2 THEN 14
              ELSE 15 END END END
        ELSE CASE
          WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 20
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 7.35e+0 THEN 19
              ELSE 20 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.6e+1 THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 20
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 7.35e+0 THEN 19
              ELSE 20 END
            ELSE 21 END
          WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.795e+2 THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 20
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 7.35e+0 THEN 19
              ELSE 20 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.6e+1 THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 20
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 7.35e+0 THEN 19
              ELSE 20 END
            ELSE 21 END
          ELSE CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 23
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.25e+1 THEN 23
            ELSE 24 END END END
      ELSE CASE
        WHEN CAST("total_assets" AS DOUBLE PRECISION) IS NULL THEN CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.00325e+3 THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.835e+2 THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 37
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.985e+1 THEN 37
              ELSE 38 END END END
        WHEN CAST("total_assets" AS DOUBLE PRECISION) <= 8.5225e+2 THEN CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.00325e+3 THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.08e+1 THEN 28
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 30
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.815e+2 THEN 30
              ELSE 31 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.835e+2 THEN CASE
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN 35
              WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.245e+1 THEN 34
              ELSE 35 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 37
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.985e+1 THEN 37
              ELSE 38 END END END
        ELSE CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 46
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.715e+2 THEN 46
            ELSE CASE
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) IS NULL THEN 49
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) <= 4.25e+1 THEN 48
              ELSE 49 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 7.8918e+3 THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 43
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 2.4049999999999997e+1 THEN 43
              ELSE 44 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 2.5e+0 THEN 41
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 43
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 2.4049999999999997e+1 THEN 43
              ELSE 44 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 46
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.715e+2 THEN 46
            ELSE CASE
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) IS NULL THEN 49
              WHEN CAST("order_count_12m" AS DOUBLE PRECISION) <= 4.25e+1 THEN 48
              ELSE 49 END END END END END
    ELSE CASE
      WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
        WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
          WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.45e+1 THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 55
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.215e+2 THEN 55
              ELSE 56 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END END
          WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 2.015e+1 THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.45e+1 THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 55
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.215e+2 THEN 55
              ELSE 56 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 63
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.55e+1 THEN 62
              ELSE 63 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.195e+2 THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 63
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.55e+1 THEN 62
              ELSE 63 END
            ELSE CASE
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) IS NULL THEN 66
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) <= 5.1e+0 THEN 65
              ELSE 66 END END END
        WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 1.99665e+3 THEN CASE
          WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.45e+1 THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 55
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.215e+2 THEN 55
              ELSE 56 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END END
          WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 2.015e+1 THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.45e+1 THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 55
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.215e+2 THEN 55
              ELSE 56 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 63
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.55e+1 THEN 62
              ELSE 63 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.195e+2 THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 63
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.55e+1 THEN 62
              ELSE 63 END
            ELSE CASE
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) IS NULL THEN 66
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) <= 5.1e+0 THEN 65
              ELSE 66 END END END
        ELSE CASE
          WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 75
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1e+1 THEN 75
              ELSE 76 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.655e+2 THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 75
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1e+1 THEN 75
              ELSE 76 END
            ELSE 77 END
          WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 5.415e+2 THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN 71
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.5401e+3 THEN 70
              ELSE 71 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= (-1.65e+0) THEN CASE
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN 71
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.5401e+3 THEN 70
              ELSE 71 END
            ELSE 72 END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 75
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1e+1 THEN 75
              ELSE 76 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.655e+2 THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 75
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1e+1 THEN 75
              ELSE 76 END
            ELSE 77 END END END
      WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= 1.225e+1 THEN CASE
        WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
          WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.45e+1 THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 55
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.215e+2 THEN 55
              ELSE 56 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END END
          WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 2.015e+1 THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.45e+1 THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 55
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.215e+2 THEN 55
              ELSE 56 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 63
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.55e+1 THEN 62
              ELSE 63 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.195e+2 THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 63
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.55e+1 THEN 62
              ELSE 63 END
            ELSE CASE
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) IS NULL THEN 66
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) <= 5.1e+0 THEN 65
              ELSE 66 END END END
        WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 1.99665e+3 THEN CASE
          WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.45e+1 THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 55
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.215e+2 THEN 55
              ELSE 56 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END END
          WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 2.015e+1 THEN CASE
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END
            WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.45e+1 THEN CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 55
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.215e+2 THEN 55
              ELSE 56 END
            ELSE CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 58
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.0850000000000001e+1 THEN 58
              ELSE 59 END END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 63
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.55e+1 THEN 62
              ELSE 63 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.195e+2 THEN CASE
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) IS NULL THEN 63
              WHEN CAST("payment_delay_days" AS DOUBLE PRECISION) <= 1.55e+1 THEN 62
              ELSE 63 END
            ELSE CASE
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) IS NULL THEN 66
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) <= 5.1e+0 THEN 65
              ELSE 66 END END END
        ELSE CASE
          WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 75
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1e+1 THEN 75
              ELSE 76 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.655e+2 THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 75
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1e+1 THEN 75
              ELSE 76 END
            ELSE 77 END
          WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 5.415e+2 THEN CASE
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN 71
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.5401e+3 THEN 70
              ELSE 71 END
            WHEN CAST("sales_growth_pct" AS DOUBLE PRECISION) <= (-1.65e+0) THEN CASE
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN 71
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.5401e+3 THEN 70
              ELSE 71 END
            ELSE 72 END
          ELSE CASE
            WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 75
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1e+1 THEN 75
              ELSE 76 END
            WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 6.655e+2 THEN CASE
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 75
              WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1e+1 THEN 75
              ELSE 76 END
            ELSE 77 END END END
      ELSE CASE
        WHEN CAST("days_since_last_order" AS DOUBLE PRECISION) IS NULL THEN CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 81
            WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.7299999999999997e+1 THEN 81
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 83
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 7.04e+2 THEN 83
              ELSE 84 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.04445e+3 THEN CASE
            WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 81
            WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.7299999999999997e+1 THEN 81
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 83
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 7.04e+2 THEN 83
              ELSE 84 END END
          ELSE CASE
            WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) IS NULL THEN 90
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) <= 4.45e+0 THEN 90
              ELSE 91 END
            WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.955e+1 THEN CASE
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN 88
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 3.17035e+3 THEN 87
              ELSE 88 END
            ELSE CASE
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) IS NULL THEN 90
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) <= 4.45e+0 THEN 90
              ELSE 91 END END END
        WHEN CAST("days_since_last_order" AS DOUBLE PRECISION) <= 4.75e+1 THEN CASE
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN CASE
            WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 81
            WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.7299999999999997e+1 THEN 81
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 83
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 7.04e+2 THEN 83
              ELSE 84 END END
          WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 2.04445e+3 THEN CASE
            WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN 81
            WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.7299999999999997e+1 THEN 81
            ELSE CASE
              WHEN CAST("credit_score" AS DOUBLE PRECISION) IS NULL THEN 83
              WHEN CAST("credit_score" AS DOUBLE PRECISION) <= 7.04e+2 THEN 83
              ELSE 84 END END
          ELSE CASE
            WHEN CAST("margin_pct" AS DOUBLE PRECISION) IS NULL THEN CASE
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) IS NULL THEN 90
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) <= 4.45e+0 THEN 90
              ELSE 91 END
            WHEN CAST("margin_pct" AS DOUBLE PRECISION) <= 1.955e+1 THEN CASE
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) IS NULL THEN 88
              WHEN CAST("sales_12m" AS DOUBLE PRECISION) <= 3.17035e+3 THEN 87
              ELSE 88 END
            ELSE CASE
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) IS NULL THEN 90
              WHEN CAST("tenure_years" AS DOUBLE PRECISION) <= 4.45e+0 THEN 90
              ELSE 91 END END END
        ELSE 92 END END END AS leaf
  FROM customers
) AS scored;
