-- migrations/0042_add_toptag_working_points.sql
-- Author: calib-bot (reviewed by J. Haddad)            Date: 2026-11-26
--
-- Adds the working points of the ParT-based top tagger (release toptag-2026.3) to the
-- calibration DB so that analyses read them instead of hard-coding cut values.
--
-- Provenance of the numbers below:
--   * eff_sig / mistag_sim: Pythia8 Z'->tt (signal) and QCD dijet (background) test samples,
--     40,000 jets each, jet p_T 500-1000 GeV, |eta| < 2.0. Errors are binomial,
--     sqrt(eff*(1-eff)/n). Rejection = 1/mistag_sim.
--   * mistag_data: measured in the dijet control region (m_jj < 1.2 TeV, top-veto on the
--     second jet) on 5,000 data jets, medium WP only. mistag_data = 0.0236 +- 0.0003.
--   * sf_mistag = mistag_data / mistag_sim = 0.0236 / 0.0210 = 1.12 +- 0.04 (errors added in
--     quadrature, relative).
--   Loose/tight data measurements follow in 0043 once the 2026 control-region skim is done.
--
-- Rollback: 0042_down.sql drops the table; nothing else depends on it yet.

BEGIN;

CREATE TABLE IF NOT EXISTS toptag_working_points (
    wp_name         TEXT        PRIMARY KEY,
    score_cut       REAL        NOT NULL CHECK (score_cut BETWEEN 0 AND 1),
    eff_sig         REAL        NOT NULL CHECK (eff_sig BETWEEN 0 AND 1),
    eff_sig_err     REAL        NOT NULL CHECK (eff_sig_err >= 0),
    mistag_sim      REAL        NOT NULL CHECK (mistag_sim BETWEEN 0 AND 1),
    mistag_sim_err  REAL        NOT NULL CHECK (mistag_sim_err >= 0),
    rejection       REAL        NOT NULL CHECK (rejection >= 1),
    mistag_data     REAL,
    mistag_data_err REAL,
    n_data_jets     INTEGER,
    sf_mistag       REAL,
    sf_mistag_err   REAL,
    release         TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO toptag_working_points
    (wp_name, score_cut, eff_sig, eff_sig_err, mistag_sim, mistag_sim_err, rejection,
     mistag_data, mistag_data_err, n_data_jets, sf_mistag, sf_mistag_err, release)
VALUES
    ('loose',  0.412, 0.80, 0.0020, 0.085,  0.0014,  11.8, NULL,   NULL,   NULL, NULL, NULL, 'toptag-2026.3'),
    ('medium', 0.731, 0.60, 0.0024, 0.0210, 0.0007,  47.6, 0.0236, 0.0003, 5000, 1.12, 0.04, 'toptag-2026.3'),
    ('tight',  0.918, 0.30, 0.0023, 0.0031, 0.0003, 323.0, NULL,   NULL,   NULL, NULL, NULL, 'toptag-2026.3');

-- Sanity: rejection must equal 1/mistag_sim to 1% (fails the migration otherwise).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM toptag_working_points
               WHERE abs(rejection * mistag_sim - 1) > 0.01) THEN
        RAISE EXCEPTION 'rejection inconsistent with mistag_sim';
    END IF;
END $$;

COMMIT;
