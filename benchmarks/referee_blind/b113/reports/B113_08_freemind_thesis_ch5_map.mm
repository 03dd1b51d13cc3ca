<map version="1.0.1">
<!-- To view this file, download free mind mapping software FreeMind from http://freemind.sourceforge.net -->
<node CREATED="1738159200000" ID="ID_1029384756" MODIFIED="1741355820000" TEXT="Ch. 5 &#x2013; Do tokens cost us tagging performance?">
<node CREATED="1738159260000" ID="ID_771203948" MODIFIED="1741352110000" POSITION="right" TEXT="Setup">
<node CREATED="1738159300000" ID="ID_506118732" MODIFIED="1738159300000" TEXT="Top vs QCD, standard test set: 404k jets (~202k top + ~202k QCD)"/>
<node CREATED="1738159340000" ID="ID_118273645" MODIFIED="1739872210000" TEXT="VQ tokenizer K = 512, code dim 8"/>
<node CREATED="1738159380000" ID="ID_992837461" MODIFIED="1739872230000" TEXT="same backbone (ParT-small) on tokens vs on continuous constituents"/>
</node>
<node CREATED="1738159420000" ID="ID_334455667" MODIFIED="1741352140000" POSITION="right" TEXT="Codebook health">
<node CREATED="1738159460000" ID="ID_445566778" MODIFIED="1739872250000" TEXT="perplexity 497 (of max 512) &#x2192; almost uniform use"/>
<node CREATED="1738159500000" ID="ID_556677889" MODIFIED="1739872270000" TEXT="dead codes: 2 of 512 after re-init">
<icon BUILTIN="button_ok"/>
</node>
</node>
<node CREATED="1738159540000" ID="ID_667788990" MODIFIED="1741353010000" POSITION="right" TEXT="Main result">
<node CREATED="1738159580000" ID="ID_778899001" MODIFIED="1741353020000" TEXT="AUC continuous 0.9841 &#xb1; 0.0002"/>
<node CREATED="1738159620000" ID="ID_889900112" MODIFIED="1741353030000" TEXT="AUC tokens 0.9815 &#xb1; 0.0002"/>
<node CREATED="1738159660000" ID="ID_990011223" MODIFIED="1741353040000" TEXT="&#x394; = &#x2212;0.0026 (&#x2212;0.26 %), errors are Hanley-McNeil on 202k+202k &#x2192; small but real cost">
<icon BUILTIN="idea"/>
</node>
<node CREATED="1738159700000" ID="ID_101112131" MODIFIED="1741353050000" TEXT="mistag at &#x3b5;_S = 30 %">
<node CREATED="1738159740000" ID="ID_121314151" MODIFIED="1741353060000" TEXT="continuous: 0.16 % &#xb1; 0.009 % &#x2192; R30 = 625"/>
<node CREATED="1738159780000" ID="ID_131415161" MODIFIED="1741353070000" TEXT="tokens: 0.19 % &#xb1; 0.010 % &#x2192; R30 = 526"/>
<node CREATED="1738159820000" ID="ID_141516171" MODIFIED="1741353080000" TEXT="lower mistag = better &#x2192; continuous wins here too, consistent with AUC"/>
<node CREATED="1738159860000" ID="ID_151617181" MODIFIED="1741353090000" TEXT="errors = binomial sqrt(p(1-p)/n), n = 202k QCD &#x2192; tiny because n is huge"/>
</node>
</node>
<node CREATED="1738159900000" ID="ID_161718191" MODIFIED="1741354000000" POSITION="left" TEXT="Sanity checks">
<node CREATED="1738159940000" ID="ID_171819202" MODIFIED="1741354010000" TEXT="shuffled labels (4k+4k subset): AUC 0.4921 &#xb1; 0.0065">
<node CREATED="1738159980000" ID="ID_181920212" MODIFIED="1741354020000" TEXT="1.2&#x3c3; below 0.5 &#x2192; fine, nothing learned, NOT an inverted score"/>
</node>
<node CREATED="1738160020000" ID="ID_192021222" MODIFIED="1741354030000" TEXT="5 seeds tokens: spread 0.0003 in AUC, same size as HM error"/>
</node>
<node CREATED="1738160060000" ID="ID_202122232" MODIFIED="1741354500000" POSITION="left" TEXT="Generation side (sec. 5.4)">
<node CREATED="1738160100000" ID="ID_212223242" MODIFIED="1741354510000" TEXT="FPD tokens-GPT 0.08 vs EPiC-FM 0.11 (x10^-3) &#x2192; lower is better &#x2192; tokens-GPT closer to data"/>
<node CREATED="1738160140000" ID="ID_222324252" MODIFIED="1741354520000" TEXT="still need KPD + W1 of mass"/>
</node>
<node CREATED="1738160180000" ID="ID_232425262" MODIFIED="1741355820000" POSITION="left" TEXT="TODO before meeting with Marta">
<node CREATED="1738160220000" ID="ID_242526272" MODIFIED="1741355800000" TEXT="plot: AUC vs K (128, 256, 512, 1024)"/>
<node CREATED="1738160260000" ID="ID_252627282" MODIFIED="1741355810000" TEXT="write 5.3 text, keep &quot;small but real&quot; wording"/>
<node CREATED="1738160300000" ID="ID_262728292" MODIFIED="1741355820000" TEXT="ask: report R30 or R50 in main table?"/>
</node>
</node>
</map>
