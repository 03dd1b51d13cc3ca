PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE samples(
  sample_id TEXT PRIMARY KEY,
  description TEXT,
  n_sr INTEGER,   -- events in the signal region 3.3-3.7 TeV
  n_sb INTEGER    -- events in the two sidebands combined
);
INSERT INTO samples VALUES('lhco_rnd_bkg','LHC Olympics R&D background, QCD dijets only',121843,243912);
INSERT INTO samples VALUES('lhco_rnd_sig','W''->XY (m=3.5 TeV, X->qq, Y->qq) signal pool',NULL,NULL);
CREATE TABLE cwola_runs(
  run_id TEXT PRIMARY KEY,
  s_over_b REAL,          -- injected signal fraction in the SR
  n_sig_injected INTEGER,
  folds INTEGER,
  auc_mean REAL,          -- SR-vs-SB classifier AUC, mean over the 5 folds
  auc_sd REAL,            -- standard deviation over the 5 folds
  sig_eff_at_1pct REAL,   -- signal efficiency at 1% SR-data efficiency
  status TEXT,
  note TEXT
);
INSERT INTO cwola_runs VALUES('cw-s000',0.0,0,5,0.53800000000000003375,0.0070000000000000001457,NULL,'null-ok','background-only control: classifier finds no SR/SB difference, consistent with no signal');
INSERT INTO cwola_runs VALUES('cw-s001',0.0010000000000000000208,122,5,0.54100000000000003641,0.0080000000000000001665,0.030999999999999999777,'done',NULL);
INSERT INTO cwola_runs VALUES('cw-s003',0.0030000000000000000624,366,5,0.56899999999999995026,0.0070000000000000001457,0.11799999999999999378,'done',NULL);
INSERT INTO cwola_runs VALUES('cw-s006',0.0060000000000000001249,731,5,0.61199999999999998845,0.0089999999999999993199,0.26400000000000001243,'done','first point where the SR-vs-SB AUC clearly separates from the s/b=0.001 run');
INSERT INTO cwola_runs VALUES('cw-s010',0.010000000000000000208,1218,5,0.66300000000000003375,0.0060000000000000001249,0.40200000000000002398,'done',NULL);
CREATE TABLE bump_fit(
  run_id TEXT REFERENCES cwola_runs(run_id),
  cut_eff REAL,        -- fraction of SR data kept by the classifier cut
  n_obs INTEGER,
  n_bkg_fit REAL,      -- background prediction from the sideband fit
  n_bkg_err REAL,
  local_p0 REAL,
  local_z REAL
);
INSERT INTO bump_fit VALUES('cw-s006',0.010000000000000000208,1402,1218.0,24.0,6.9899999999999999902e-06,4.3399999999999998578);
INSERT INTO bump_fit VALUES('cw-s006',0.10000000000000000555,12754,12466.0,81.0,0.018399999999999999689,2.0899999999999998578);
INSERT INTO bump_fit VALUES('cw-s010',0.010000000000000000208,1536,1220.0,24.0,4.4399999999999998877e-14,7.4599999999999999644);
CREATE VIEW v_summary AS
  SELECT r.run_id, r.s_over_b, r.auc_mean, r.auc_sd, b.cut_eff, b.local_z
  FROM cwola_runs r LEFT JOIN bump_fit b USING(run_id);
COMMIT;
