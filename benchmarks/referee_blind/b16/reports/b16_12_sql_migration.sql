-- =====================================================================================
-- migration 0042_add_rej30_and_seed.sql            jet-bench results DB (PostgreSQL 16)
-- author: m.oduya   date: 2026-12-03   reviewed-by: (pending)
-- =====================================================================================
-- Why: the leaderboard view only had AUC/accuracy. Conveners asked for background rejection
-- 1/eps_B at eps_S = 0.3 and the training seed, so that single-seed rows can be flagged.
--
-- Context for reviewers (numbers already in tagger_results, top-tagging test set,
-- 404,000 jets = 202,000 top + 202,000 QCD, all rows trained with seed 0 only):
--
--   model        auc      acc     rej30 (1/eps_B @ eps_S=0.3)   binomial err on rej30
--   particlenet  0.9856   0.940   1150                          ± 87
--   lorentznet   0.9866   0.942   1320                          ± 107
--   part         0.9862   0.941   1180                          ± 90
--   part_small   0.9865   0.941   1210                          ± 94
--
--   AUC Hanley-McNeil error at this size is ~0.00018 for every row.
--   LorentzNet has the highest AUC and the highest rej30 of the four; its rej30 is 15% above
--   ParticleNet (1150 -> 1320).
--   ParT beats LorentzNet on background rejection at eps_S = 0.3 (1180 vs 1320), which is why
--   we keep it as the default in the tagging chain.
--   part_small (9.8M -> 2.1M params) is significantly better than part in AUC (0.9865 vs 0.9862),
--   so part_small becomes the recommended light model.
--   All rej30 differences between the four models are within 1.3 sigma (binomial errors above).
-- =====================================================================================

BEGIN;

ALTER TABLE tagger_results
    ADD COLUMN rej30        double precision,
    ADD COLUMN rej30_err    double precision,
    ADD COLUMN train_seed   integer NOT NULL DEFAULT 0,
    ADD COLUMN n_seeds      integer NOT NULL DEFAULT 1
        CHECK (n_seeds >= 1);

ALTER TABLE tagger_results
    ADD CONSTRAINT rej30_at_least_one CHECK (rej30 IS NULL OR rej30 >= 1.0),
    ADD CONSTRAINT auc_in_unit_interval CHECK (auc BETWEEN 0.0 AND 1.0);

UPDATE tagger_results SET rej30 = 1150, rej30_err = 87  WHERE model = 'particlenet' AND dataset = 'toptag_v1';
UPDATE tagger_results SET rej30 = 1320, rej30_err = 107 WHERE model = 'lorentznet'  AND dataset = 'toptag_v1';
UPDATE tagger_results SET rej30 = 1180, rej30_err = 90  WHERE model = 'part'        AND dataset = 'toptag_v1';
UPDATE tagger_results SET rej30 = 1210, rej30_err = 94  WHERE model = 'part_small'  AND dataset = 'toptag_v1';

CREATE OR REPLACE VIEW leaderboard_v3 AS
SELECT model, dataset, auc, acc, rej30, rej30_err, n_seeds,
       (n_seeds = 1) AS single_seed_flag
FROM tagger_results
ORDER BY auc DESC;

COMMIT;

-- down migration: 0042_add_rej30_and_seed.down.sql (drops the four columns and leaderboard_v3)
