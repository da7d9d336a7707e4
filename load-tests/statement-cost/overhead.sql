WITH ids AS MATERIALIZED (SELECT array_agg(gen_random_uuid()) a1 FROM generate_series(1,100)) SELECT count(*) FROM unnest((SELECT a1 FROM ids), (SELECT a2 FROM arrs100)) AS x(e, r);
