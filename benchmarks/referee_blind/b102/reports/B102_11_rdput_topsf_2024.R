# Top-tagger (ParT, WP 50%) data/MC efficiency scale factors, 2024 data, 61.3 fb^-1
# tag-and-probe in semileptonic ttbar; probe = leading large-R jet, pT bins in GeV
# written with dput() from calib_top.Rmd (chunk "export-sf") on 2025-02-19; reload with
#   sf <- dget("sf_top_2024.R")
# columns:
#   n_probe_data  probe jets in data after bkg subtraction (rounded)
#   eff_data_err  binomial stat. only
#   eff_mc_err    MC stat. only
#   sf            eff_data / eff_mc
#   sf_err        stat. (+) syst., see $syst_650_1000 for the breakdown of the last bin
# please do not edit by hand -- rerun the Rmd
structure(list(meta = list(tagger = "ParT_top_WP50", era = "2024", 
    method = "tag-and-probe, semileptonic ttbar", analyst = "S. Ferreira", 
    rmd_commit = "c7d21e0"), table = structure(list(pt_bin = c("300-400", 
"400-500", "500-650", "650-1000"), n_probe_data = c(41250L, 28630L, 
12870L, 1940L), eff_data = c(0.412, 0.447, 0.468, 0.455), eff_data_err = c(0.0026, 
0.0031, 0.0012, 0.012), eff_mc = c(0.431, 0.462, 0.479, 0.489), 
    eff_mc_err = c(0.001, 0.001, 0.0012, 0.0021), sf = c(0.956, 
    0.968, 0.977, 0.93), sf_err = c(0.021, 0.024, 0.03, 0.048)), class = "data.frame", row.names = c(NA, 
-4L)), syst_650_1000 = c(stat = 0.025, JES = 0.02, JMS = 0.022, 
PS = 0.025, bkg_subtraction = 0.012, total = 0.048), conclusions = c("SFs are below unity in all four bins, as in 2023.", 
"The 650-1000 GeV bin (SF = 0.930) is significantly below unity and below the other three bins; we propose a separate high-pT SF rather than a single inclusive one.", 
"The 500-650 GeV bin has the most precise data efficiency of all bins (0.468 +- 0.0012) and anchors the inclusive fit.", 
"Inclusive SF (weighted mean of the four bins): 0.962 +- 0.013."
)), class = "sfresult")
